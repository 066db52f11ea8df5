"""The resource-allocation chart (资源分配表): where the value is and where the effort goes
(lesson 03). It draws :func:`helpers.grading.resource_allocation_table` outputs."""

from __future__ import annotations

import matplotlib.pyplot as plt  # noqa: F401 (examples close their figures)
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers import theme
from helpers.glossary import label
from helpers.i18n import check_lang
from helpers.plots._base import _axes, _bar_labels, _check_measure, _finish, _group_label
from helpers.plots.grading import _needs


def allocation_chart(
    allocation: pd.DataFrame,
    *,
    adjusted: pd.DataFrame | None = None,
    value: str = "revenue",
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Where the value is and where the effort goes: per grade, its share of ``value``
    beside its share of resources (and of an adjusted plan's resources).

    ``allocation`` and ``adjusted`` are ``grading.resource_allocation_table`` outputs
    (``value``: "revenue" or "profit").

    >>> import pandas as pd
    >>> a = pd.DataFrame({"revenue_share": [0.7, 0.2, 0.1], "resource_share": [0.25, 0.35, 0.4]},
    ...                  index=pd.Index(["A", "B", "C"], name="grade"))
    >>> ax = allocation_chart(a)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['share of revenue', 'share of resources']
    >>> plt.close("all")
    """
    check_lang(lang)
    _check_measure(value)
    columns = [(allocation, f"{value}_share", f"{value}_share", theme.METRIC_COLORS[value])]
    columns.append((allocation, "resource_share", "resource_share", theme.METRIC_COLORS["cost"]))
    if adjusted is not None:
        columns.append((adjusted, "resource_share", "adjusted_resource_share", "#6b8e23"))
    for table, column, _, _ in columns:
        _needs(
            table,
            [column],
            chart="allocation chart",
            made_by="grading.resource_allocation_table",
        )
    x = np.arange(len(allocation))
    width = 0.8 / len(columns)
    with theme.theme_context(lang):
        ax = _axes(ax, (7.5, 4.5))
        for k, (table, column, key, color) in enumerate(columns):
            heights = table[column].reindex(allocation.index).to_numpy(dtype=float)
            bars = ax.bar(
                x + (k - (len(columns) - 1) / 2) * width,
                heights,
                width=width,
                color=color,
                label=label(key, lang),
                linewidth=0,
            )
            _bar_labels(ax, bars, [theme.percent(h) for h in heights])
        ax.axhline(0, color="#555555", linewidth=0.8)
        ax.set_xticks(x, [_group_label(g, "grade", lang) for g in allocation.index])
        ax.yaxis.set_major_formatter(theme.percent_formatter())
        ax.set_xlabel(label("grade", lang))
        ax.set_ylabel(label("share", lang))
        ax.set_title(label("value_and_effort", lang))
        ax.grid(axis="x", visible=False)
        ax.margins(y=0.12)
        ax.legend(loc="upper right")
        _finish(lang, ax)
    return ax
