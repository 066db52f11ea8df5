"""Service-plan charts (lesson 06): the split of the hours and the hours per customer.

Both draw :func:`helpers.planning.service_allocation`; neither applies a rule of its own.
"""

from __future__ import annotations

import matplotlib.pyplot as plt  # noqa: F401 (examples close their figures)
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers import theme
from helpers.glossary import label
from helpers.i18n import check_lang
from helpers.plots._base import _axes, _finish
from helpers.schema import require_columns

_NOTES: dict[str, tuple[str, str]] = {
    "need": ("a personal account needs {h:,.0f} h", "专属客户经理每户需{h:,.0f}小时"),
    "personal": ("{k:,} personal accounts", "{k:,}位专属客户"),
    "personal_one": ("1 personal account", "1位专属客户"),
    "hours": ("{h} h", "{h}小时"),
}


def _note(key: str, lang: str, **values: object) -> str:
    english, chinese = _NOTES[key]
    return (english if lang == "en" else chinese).format(**values)


def service_hours_chart(
    allocation: pd.DataFrame,
    *,
    value: str = "profit",
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Per grade, three bars: an equal split by head count, the share of the value, the plan.

    ``allocation`` is ``planning.service_allocation(...)``; ``value`` names what the
    value share measures ("profit" or "revenue").

    >>> allocation = pd.DataFrame({"customer_share": [0.2, 0.3, 0.5],
    ...     "value_share": [0.7, 0.2, 0.1], "resource_share": [0.6, 0.22, 0.18]},
    ...     index=pd.Index(["A", "B", "C"], name="grade"))
    >>> ax = service_hours_chart(allocation)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['same for everyone', 'share of profit', 'recommended share of hours']
    >>> plt.close("all")
    """
    check_lang(lang)
    if value not in ("profit", "revenue"):
        raise ValueError(f"value must be 'profit' or 'revenue', not {value!r}")
    columns = ["customer_share", "value_share", "resource_share"]
    require_columns(
        allocation,
        columns,
        table="service allocation",
        purpose="the chart; compute it with planning.service_allocation",
    )
    names = [
        label("equal_service", lang),
        label(f"{value}_share", lang),
        label("recommended_hours", lang),
    ]
    colors = [theme.OTHER_COLOR, theme.METRIC_COLORS[value], "#1f5f9e"]
    x = np.arange(len(allocation))
    width = 0.26
    with theme.theme_context(lang):
        ax = _axes(ax, (8.0, 4.0))
        for i, (column, name, color) in enumerate(zip(columns, names, colors, strict=True)):
            values = allocation[column].to_numpy(dtype=float)
            bars = ax.bar(x + (i - 1) * width, values, width=width, color=color, label=name)
            ax.bar_label(bars, labels=[theme.percent(v) for v in values], fontsize=8, padding=2)
        ax.set_xticks(x)
        ax.set_xticklabels([str(g) for g in allocation.index])
        ax.yaxis.set_major_formatter(theme.percent_formatter())
        ax.set_xlabel(label("grade", lang))
        ax.set_ylabel(label("share", lang))
        ax.set_title(label("service_by_grade", lang).capitalize())
        ax.legend(loc="upper right", fontsize=8.5)
        ax.margins(y=0.15)
        _finish(lang, ax)
    return ax


def hours_per_customer_chart(
    allocation: pd.DataFrame,
    *,
    account_hours: float,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Hours per customer and year in each grade, against what a personal account needs.

    ``allocation`` is ``planning.service_allocation(...)``; the dashed line is
    ``account_hours``; the first grade's label also names its ``personal_accounts``.
    The scale is logarithmic, because grades differ by orders of magnitude.

    >>> allocation = pd.DataFrame({"hours_per_customer": [60.0, 4.0, 0.5],
    ...     "personal_accounts": [3, 0, 0]}, index=pd.Index(["A", "B", "C"], name="grade"))
    >>> ax = hours_per_customer_chart(allocation, account_hours=40)
    >>> [t.get_text() for t in ax.texts]
    ['60 h', '4.0 h', '0.5 h', 'a personal account needs 40 h']
    >>> ax.get_xticklabels()[0].get_text()
    'A\\n3 personal accounts'

    >>> plt.close("all")
    """
    check_lang(lang)
    require_columns(
        allocation,
        ["hours_per_customer", "personal_accounts"],
        table="service allocation",
        purpose="the chart",
    )
    hours = allocation["hours_per_customer"].to_numpy(dtype=float)
    shown = np.where(np.isfinite(hours) & (hours > 0), hours, np.nan)
    x = np.arange(len(allocation))
    with theme.theme_context(lang):
        ax = _axes(ax, (7.0, 3.8))
        colors = theme.palette_for("grade", [str(g) for g in allocation.index])
        bars = ax.bar(x, np.nan_to_num(shown, nan=0.0), color=colors, width=0.6)
        ax.bar_label(
            bars,
            labels=[
                ""
                if np.isnan(h)
                else _note("hours", lang, h=f"{h:,.1f}" if h < 10 else f"{h:,.0f}")
                for h in shown
            ],
            fontsize=8,
            padding=2,
        )
        ax.axhline(account_hours, color="#555555", linestyle="--", linewidth=1)
        ax.text(
            x[-1] + 0.4,
            account_hours,
            _note("need", lang, h=account_hours),
            ha="right",
            va="bottom",
            fontsize=8,
            color="#555555",
        )
        positive = shown[np.isfinite(shown)]
        if len(positive):
            ax.set_yscale("log")
            ax.set_ylim(
                min(positive.min(), account_hours) / 3, max(positive.max(), account_hours) * 4
            )
        ticks = [str(g) for g in allocation.index]
        top = int(allocation["personal_accounts"].iloc[0]) if len(allocation) else 0
        if top:
            ticks[0] += "\n" + _note("personal_one" if top == 1 else "personal", lang, k=top)
        ax.set_xticks(x)
        ax.set_xticklabels(ticks)
        ax.set_xlabel(label("grade", lang))
        ax.set_ylabel(label("hours_per_customer", lang))
        ax.set_title(label("hours_per_customer", lang).capitalize())
        _finish(lang, ax)
    return ax
