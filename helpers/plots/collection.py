"""Data-collection charts: why raw order lines were dropped (lesson 01)."""

from __future__ import annotations

import matplotlib.pyplot as plt  # noqa: F401 (examples close their figures)
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers import theme
from helpers.glossary import label
from helpers.i18n import check_lang
from helpers.plots._base import _axes, _bar_labels, _finish, _value_label
from helpers.schema import DataError

#: colours of the sources, in the order of the table's columns
SOURCE_COLORS = ("#1f5f9e", "#e08a2c", "#38a169", "#8c8c8c")


def cleaning_chart(
    dropped: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Lines each cleaning rule dropped, one bar per rule and source, longest at the top.

    ``dropped`` is ``quality.dropped_by_reason(reports)`` (index = reason, one column
    per source, line counts). Reasons the glossary knows are translated; each bar is
    labelled with its count. One bar per rule and source, whatever the data size.

    >>> table = pd.DataFrame({"csv": [130, 35], "excel": [76, 24]},
    ...                      index=pd.Index(["missing customer id", "cancellation"], name="reason"))
    >>> ax = cleaning_chart(table, lang="zh")
    >>> [t.get_text() for t in ax.get_yticklabels()]  # from the bottom up
    ['取消单', '缺少客户编号']
    >>> [int(b.get_width()) for b in ax.containers[0]]
    [35, 130]
    >>> plt.close("all")
    """
    check_lang(lang)
    if dropped.shape[1] == 0:
        raise DataError("cleaning chart: the table has no source column; pass dropped_by_reason()")
    data = dropped.astype(float)
    order = np.lexsort((np.arange(len(data))[::-1], data.sum(axis=1).to_numpy()))
    data = data.iloc[order]  # smallest first: barh draws the first row at the bottom
    y = np.arange(len(data), dtype=float)
    height = 0.8 / data.shape[1]
    with theme.theme_context(lang):
        height_in = round(0.45 * len(data) * data.shape[1] ** 0.5 + 1.6, 1)
        ax = _axes(ax, (theme.FIG_WIDTH, height_in))
        for k, source in enumerate(data.columns):
            bars = ax.barh(
                y + ((data.shape[1] - 1) / 2 - k) * height,
                data[source].to_numpy(),
                height=height,
                color=SOURCE_COLORS[k % len(SOURCE_COLORS)],
                label=str(source),
                linewidth=0,
            )
            _bar_labels(ax, bars, [f"{int(v):,}" for v in data[source]])
        ax.set_yticks(y, [_value_label(r, lang) for r in data.index])
        ax.set_xlabel(label("lines_dropped", lang))
        ax.set_ylabel(label("cleaning_reason", lang))
        ax.set_title(label("why_dropped", lang))
        ax.grid(axis="y", visible=False)
        ax.margins(x=0.12)
        if data.shape[1] > 1:
            ax.legend(loc="lower right")
        _finish(lang, ax)
    return ax
