"""Relationship charts (lesson 05): the relationship continuum and the complaints.

Each draws a table of :mod:`helpers.loyalty` (``continuum_table``,
``complaints_by_reason``) and applies no rule of its own.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt  # noqa: F401 (examples close their figures)
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers import theme
from helpers.glossary import label
from helpers.i18n import check_lang
from helpers.plots._base import _axes, _finish
from helpers.plots.loyalty import _footnote, _note
from helpers.schema import require_columns

_NOTES: dict[str, tuple[str, str]] = {
    "more": ("{n:,} more reasons not shown", "另有{n:,}个原因未显示"),
    "continuum_loyalty": ("Loyalty along the relationship continuum", "关系连续体上的忠诚度"),
    "continuum_revenue": ("Revenue along the relationship continuum", "关系连续体上的销售额"),
    "noise": ("error bars: ± 2 standard errors of the mean", "误差线：均值 ± 2个标准误"),
}


def _data_text(value: object, limit: int = 40) -> str:
    """A data value as chart text: never read as mathtext, cut when very long."""
    text = str(value).replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("$", r"\$")


def continuum_chart(
    continuum: pd.DataFrame,
    *,
    measure: str = "mean_loyalty",
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """One bar per stage of the relationship continuum: mean loyalty, or share of revenue.

    ``continuum`` is ``loyalty.continuum_table(...)``. With ``measure="mean_loyalty"``
    each bar carries its number of respondents and an error bar of two standard errors
    (``sem_loyalty``), the noise a sample survey leaves; ``measure="revenue_share"``
    needs no survey. The title names what is drawn, not whether it rises.

    >>> from helpers import loyalty
    >>> table = pd.DataFrame({"customers": [5, 3, 2], "revenue_share": [0.2, 0.3, 0.5]},
    ...     index=pd.Index(list(loyalty.RELATIONSHIP_STAGES), name="relationship"))
    >>> ax = continuum_chart(table, measure="revenue_share")
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['distant', 'pure transaction', 'close working\\nrelationship']
    >>> plt.close("all")
    """
    check_lang(lang)
    if measure not in ("mean_loyalty", "revenue_share"):
        raise ValueError(f"measure must be 'mean_loyalty' or 'revenue_share', not {measure!r}")
    require_columns(continuum, [measure], table="continuum table", purpose="the chart")
    values = continuum[measure].to_numpy(dtype=float)
    x = np.arange(len(continuum))
    with theme.theme_context(lang):
        ax = _axes(ax, (7.0, 3.8))
        bars = ax.bar(x, np.nan_to_num(values), color=theme.METRIC_COLORS["revenue"], width=0.6)
        if measure == "mean_loyalty":
            if "sem_loyalty" in continuum.columns:
                errors = 2 * continuum["sem_loyalty"].to_numpy(dtype=float)
                ax.errorbar(x, values, yerr=errors, fmt="none", ecolor="#333333", capsize=4)
                ax.annotate(
                    _note("noise", lang, _NOTES),
                    (1, 1.01),
                    xycoords="axes fraction",
                    ha="right",
                    va="bottom",
                    fontsize=8,
                    color="#555555",
                )
            n = continuum.get("respondents", pd.Series(np.nan, index=continuum.index))
            texts = [
                "" if np.isnan(v) else f"{v:.2f}\nn={int(k)}"
                for v, k in zip(values, n.fillna(0), strict=True)
            ]
            ax.bar_label(bars, labels=texts, label_type="center", fontsize=8, color="white")
            ax.set_ylabel(label("mean_loyalty", lang))
            ax.set_title(_note("continuum_loyalty", lang, _NOTES))
        else:
            texts = [theme.percent(v) for v in np.nan_to_num(values)]
            ax.bar_label(bars, labels=texts, padding=2, fontsize=8)
            ax.yaxis.set_major_formatter(theme.percent_formatter())
            ax.set_ylabel(label("revenue_share", lang))
            ax.set_title(_note("continuum_revenue", lang, _NOTES))
        ax.set_xticks(x)
        names = [label(str(s), lang) for s in continuum.index]
        ax.set_xticklabels([textwrap.fill(n, 16) if lang == "en" else n for n in names])
        ax.set_xlabel(label("relationship_continuum", lang))
        ax.margins(y=0.2)
        _finish(lang, ax)
    return ax


def complaint_reason_chart(
    by_reason: pd.DataFrame, *, limit: int = 12, ax: Axes | None = None, lang: str = "en"
) -> Axes:
    """Complaints per reason, most frequent at the top, split into resolved and still open.

    ``by_reason`` is ``loyalty.complaints_by_reason(...)``; without a resolved flag
    (NaN) each bar is the number of complaints. Beyond ``limit`` reasons the rest are
    left out and a note says how many.

    >>> from helpers import loyalty
    >>> complaints = pd.DataFrame({"reason": ["late", "late", "price"],
    ...                            "resolved": [True, False, True]})
    >>> ax = complaint_reason_chart(loyalty.complaints_by_reason(complaints))
    >>> [t.get_text() for t in ax.get_yticklabels()]  # the most frequent on top
    ['late', 'price']
    >>> plt.close("all")
    """
    check_lang(lang)
    require_columns(
        by_reason,
        ["complaints", "resolved", "unresolved"],
        table="complaints by reason",
        purpose="the chart; compute it with loyalty.complaints_by_reason",
    )
    shown = by_reason.iloc[:limit]
    y = np.arange(len(shown))[::-1]
    flagged = bool(shown["resolved"].notna().all()) and len(shown) > 0
    with theme.theme_context(lang):
        ax = _axes(ax, (8.0, 0.42 * len(shown) + 1.6))
        if flagged:
            done = shown["resolved"].to_numpy(dtype=float)
            still = shown["unresolved"].to_numpy(dtype=float)
            ax.barh(y, done, color=theme.METRIC_COLORS["margin"], label=label("resolved", lang))
            ax.barh(y, still, left=done, color=theme.NEGATIVE_COLOR,
                    label=label("unresolved", lang))  # fmt: skip
            ax.legend(loc="lower right")
        else:
            ax.barh(y, shown["complaints"].to_numpy(dtype=float), color=theme.OTHER_COLOR)
        ax.set_yticks(y)
        ax.set_yticklabels([_data_text(r) for r in shown.index])
        ax.xaxis.set_major_formatter(theme.thousands_formatter())
        ax.set_xlabel(label("complaints", lang))
        ax.set_ylabel(label("reason", lang))
        ax.set_title(label("complaints_by_reason", lang).capitalize())
        if len(by_reason) > limit:
            _footnote(ax, _note("more", lang, _NOTES, n=len(by_reason) - limit), -0.14)
        _finish(lang, ax)
    return ax
