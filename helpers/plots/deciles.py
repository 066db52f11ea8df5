"""Decile charts: customer deciles and value deciles (lesson 04)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt  # noqa: F401 (examples close their figures)
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers import theme
from helpers.glossary import label
from helpers.i18n import check_lang
from helpers.plots._base import (
    _axes,
    _bar_labels,
    _check_measure,
    _finish,
    _join,
    _say,
)
from helpers.plots.grading import _needs

_DECILE_COLUMNS = ["customers", "customer_share", "revenue_share", "profit_share"]


def _decile_chart(
    deciles: pd.DataFrame,
    *,
    basis: str,
    bars: Sequence[str],
    axis_key: str,
    title: str,
    ax: Axes | None,
    lang: str,
) -> Axes:
    _needs(
        deciles,
        _DECILE_COLUMNS,
        chart="decile chart",
        made_by="deciles.customer_deciles or deciles.value_deciles",
    )
    shown = [b for b in bars if deciles[b].notna().any()]
    missing_profit = "profit_share" in bars and "profit_share" not in shown
    groups = len(deciles)
    x = np.arange(groups)
    width = 0.8 / max(len(shown), 1)
    color_of = {"customer_share": "customers", "revenue_share": "revenue", "profit_share": "profit"}
    with theme.theme_context(lang):
        ax = _axes(ax, (theme.FIG_WIDTH, 4.6))
        handles = []
        for k, column in enumerate(shown):
            heights = deciles[column].to_numpy(dtype=float)
            drawn = ax.bar(
                x + (k - (len(shown) - 1) / 2) * width,
                heights,
                width=width,
                color=theme.METRIC_COLORS[color_of[column]],
                label=label(column, lang),
                linewidth=0,
            )
            if column == "customer_share" and basis != "customers":
                texts = [f"n={theme.thousands(c)}" for c in deciles["customers"]]
            else:
                texts = [theme.percent(h) for h in heights]
            _bar_labels(ax, drawn, texts)
            handles.append(drawn)
        reference = 1.0 / groups
        basis_term = label(
            {"customers": "customers", "revenue": "revenue", "profit": "profit"}[basis], lang
        )
        reference_line = ax.axhline(
            reference,
            color="#555555",
            linestyle="--",
            linewidth=1,
            label=_say("each_group", lang, v=theme.percent(reference), m=basis_term),
        )
        ax.axhline(0, color="#555555", linewidth=0.8)
        ax.set_xticks(x, [str(d) for d in deciles.index])
        ax.yaxis.set_major_formatter(theme.percent_formatter())
        ax.set_xlabel(label(axis_key, lang))
        ax.set_ylabel(label("share", lang))
        ax.set_title(title)
        ax.grid(axis="x", visible=False)
        ax.margins(y=0.12)
        if missing_profit:
            ax.text(
                0.5,
                0.97,
                _say("no_profit", lang),
                transform=ax.transAxes,
                ha="center",
                va="top",
                fontsize=9,
                color=theme.NEGATIVE_COLOR,
            )
        # below the axis label: never covers a bar or the title
        ax.legend(
            handles=[*handles, reference_line],
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncol=3,
        )
        _finish(lang, ax)
    return ax


def customer_decile_chart(
    deciles: pd.DataFrame, *, ax: Axes | None = None, lang: str = "en"
) -> Axes:
    """Customer deciles: ten equal-size groups of customers, each group's share of revenue
    and of profit side by side (the dashed line is the 10% of customers each group holds).

    ``deciles`` is ``deciles.customer_deciles(...)`` (index decile 1..10, 1 = top).
    Without cost data the profit bars are left out and the chart says so.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"customers": [1, 1], "customer_share": [0.5, 0.5],
    ...                       "revenue_share": [0.8, 0.2], "profit_share": [0.9, 0.1]},
    ...                      index=pd.Index([1, 2], name="decile"))
    >>> ax = customer_decile_chart(table)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['share of revenue', 'share of profit', 'each group = 50% of customers']
    >>> plt.close("all")
    """
    check_lang(lang)
    return _decile_chart(
        deciles,
        basis="customers",
        bars=("revenue_share", "profit_share"),
        axis_key="customer_decile",
        title=label("customer_deciles", lang),
        ax=ax,
        lang=lang,
    )


def value_decile_chart(
    deciles: pd.DataFrame, *, by: str = "revenue", ax: Axes | None = None, lang: str = "en"
) -> Axes:
    """Value deciles: total revenue (or profit) cut into ten equal parts; how many customers
    make each part (grey bars, labelled with the count) and what share of the profit
    (or revenue) they bring.

    ``deciles`` is ``deciles.value_deciles(...)``; ``by`` says which total was cut
    ("revenue" for ``by="monetary"``, or "profit"), and the title names it.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"customers": [1, 3], "customer_share": [0.25, 0.75],
    ...                       "revenue_share": [0.5, 0.5], "profit_share": [0.7, 0.3]},
    ...                      index=pd.Index([1, 2], name="decile"))
    >>> ax = value_decile_chart(table)
    >>> [t.get_text() for t in ax.texts][:2]  # customers in each half of revenue
    ['n=1', 'n=3']
    >>> plt.close("all")
    """
    check_lang(lang)
    _check_measure(by)
    other = "profit_share" if by == "revenue" else "revenue_share"
    return _decile_chart(
        deciles,
        basis=by,
        bars=("customer_share", other),
        axis_key="value_decile",
        title=_join(lang, label("value_deciles", lang), label(by, lang)),
        ax=ax,
        lang=lang,
    )
