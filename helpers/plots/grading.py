"""Grade charts: the two pyramids, the ABC summary, resources, grade migration (lesson 03).

Every chart draws a table :mod:`helpers.grading` computed (named in its docstring):
whether the grades form the textbook's pyramids is :func:`helpers.grading.pyramid_shape`'s
question, so no chart title here claims a pyramid.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from helpers import grading, theme
from helpers.glossary import label
from helpers.i18n import check_lang
from helpers.plots._base import (
    _axes,
    _check_measure,
    _finish,
    _group_label,
    _value_label,
)
from helpers.schema import DataError


def _needs(table: pd.DataFrame, columns: Sequence[str], *, chart: str, made_by: str) -> None:
    """A clear error when a chart's table lacks columns: which, and what computes them."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise DataError(
            f"{chart}: columns {missing} not found; the columns are {list(table.columns)}. "
            f"Draw the table {made_by} computes."
        )


def _grade_colors(grades: Sequence[object], palette: str) -> dict[str, str]:
    return theme.colors(palette, [str(g) for g in grades])


def pyramid_figure(
    pyramid: pd.DataFrame,
    *,
    measure: str = "profit",
    palette: str = "grade",
    ax: Sequence[Axes] | None = None,
    lang: str = "en",
) -> Figure:
    """Each grade's share of customers (left) beside its share of profit or revenue (right).

    ``pyramid`` is ``grading.pyramid_table(grades, value="profit")``: index grade, top
    grade first, with ``customers``, ``customer_share`` and ``value_share``. Each panel
    draws one centred bar per grade, top grade at the top, so the textbook's count
    pyramid and inverted profit pyramid show when the data has them (and their absence
    when it has not). ``ax`` may be a pair of Axes; returns the Figure.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"customers": [2, 8, 10], "customer_share": [0.1, 0.4, 0.5],
    ...                       "value": [70.0, 25.0, 5.0], "value_share": [0.7, 0.25, 0.05]},
    ...                      index=pd.Index(["A", "B", "C"], name="grade"))
    >>> fig = pyramid_figure(table)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['A', 'B', 'C']
    >>> plt.close("all")
    """
    check_lang(lang)
    _check_measure(measure)
    _needs(
        pyramid,
        ["customers", "customer_share", "value_share"],
        chart="pyramid figure",
        made_by="grading.pyramid_table(grades)",
    )
    grades = [str(g) for g in pyramid.index]
    colors = _grade_colors(grades, palette)
    y = np.arange(len(grades))[::-1]  # top grade at the top
    panels = [
        ("customer_share", "customer_share", pyramid["customers"].to_numpy()),
        ("value_share", f"{measure}_share", None),
    ]
    with theme.theme_context(lang):
        if ax is None:
            fig, axes = plt.subplots(1, 2, figsize=(theme.FIG_WIDTH, 0.7 * len(grades) + 2.2))
            fig.subplots_adjust(wspace=0.3)
        else:
            axes = list(ax)
            if len(axes) != 2:
                raise ValueError("pyramid_figure draws two panels: pass ax as a pair of Axes")
            fig = axes[0].figure
        widest = float(np.nanmax(np.abs(pyramid[["customer_share", "value_share"]].to_numpy())))
        for panel, (column, title, counts) in zip(axes, panels, strict=True):
            shares = pyramid[column].to_numpy(dtype=float)
            widths = np.nan_to_num(np.abs(shares))
            bar_colors = [
                theme.NEGATIVE_COLOR if s < 0 else colors[g]
                for g, s in zip(grades, shares, strict=True)
            ]
            panel.barh(y, widths, left=-widths / 2, height=0.8, color=bar_colors, linewidth=0)
            texts = [
                theme.percent(s) if counts is None else f"{theme.percent(s)} ({theme.thousands(c)})"
                for s, c in zip(shares, counts if counts is not None else shares, strict=True)
            ]
            for yy, w, text in zip(y, widths, texts, strict=True):
                panel.text(w / 2 + widest * 0.03, yy, text, va="center", ha="left", fontsize=9)
            panel.set_yticks(y, [_group_label(g, palette, lang) for g in grades])
            panel.set_xlim(-widest * 0.55, widest * 0.95)
            panel.set_xticks([])
            panel.grid(False)
            panel.spines[["left", "bottom"]].set_visible(False)
            panel.set_title(label(title, lang))
        axes[0].set_ylabel(label("tier" if palette == "tier" else "grade", lang))
        _finish(lang, *axes)
    return fig


#: chart title and legend title (glossary keys) of a share chart, by palette
_PALETTE_TITLES = {
    "grade": ("abc", "grade"),
    "tier": ("tiers", "tier"),
    "loyalty": ("loyalty_matrix", "loyalty_type"),
    "decile_group": ("deciles", "customer_group"),
}


def abc_summary_chart(
    table: pd.DataFrame,
    *,
    grade: str = "grade",
    revenue: str = "value",
    profit: str = "profit",
    palette: str = "grade",
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Share of customers vs share of revenue and of profit, one stacked column each.

    ``table`` is either a per-grade summary with ``customer_share`` and
    ``revenue_share`` and/or ``profit_share`` (``grading.grade_summary``,
    ``grading.resource_allocation_table``, ``loyalty.loyalty_type_table``,
    ``deciles.transactional_vs_relationship``...), or a per-customer table with a
    ``grade`` column, which ``grading.grade_summary`` sums first (``revenue`` names its
    revenue column, ``profit`` its profit column).
    Segments are coloured by grade (``palette``: "grade", "tier", "loyalty" or
    "decile_group"); losses stack below zero.

    >>> import pandas as pd
    >>> grades = pd.DataFrame({"value": [60.0, 25.0, 10.0, 5.0],
    ...                        "grade": ["A", "B", "C", "C"]})
    >>> ax = abc_summary_chart(grades)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['share of customers', 'share of revenue']
    >>> plt.close("all")
    """
    check_lang(lang)
    if "customer_share" in table.columns:
        summary = table
    else:
        _needs(
            table,
            [grade],
            chart="ABC summary chart",
            made_by="grading.grade_summary (or a grading function, with grade=...)",
        )
        summary = grading.grade_summary(table, grade=grade, revenue=revenue, profit=profit)
        if not isinstance(table[grade].dtype, pd.CategoricalDtype):
            # plain text labels: the palette's order (blue before green...), then the rest
            known = [k for k in theme.PALETTES.get(palette, {}) if k in summary.index]
            summary = summary.loc[known + sorted(set(summary.index) - set(known))]
    measures = [
        m
        for m in ("customer_share", "revenue_share", "profit_share")
        if m in summary.columns and summary[m].notna().any()
    ]
    groups = [str(g) for g in summary.index]
    colors = _grade_colors(groups, palette)
    values = summary[measures].to_numpy(dtype=float)
    x = np.arange(len(measures))
    with theme.theme_context(lang):
        ax = _axes(ax, (7.0, 4.8))
        up = np.zeros(len(measures))
        down = np.zeros(len(measures))
        for row, group in enumerate(groups):
            heights = np.nan_to_num(values[row])
            bottoms = np.where(heights >= 0, up, down)
            bars = ax.bar(
                x,
                heights,
                bottom=bottoms,
                width=0.6,
                color=colors[group],
                edgecolor="white",
                linewidth=1,
                label=_group_label(group, palette, lang),
            )
            texts = [
                f"{_group_label(group, palette, lang)} {theme.percent(h)}" if abs(h) >= 0.04 else ""
                for h in heights
            ]
            ax.bar_label(
                bars,
                labels=texts,
                label_type="center",
                fontsize=8.5,
                color=theme.text_color_on(colors[group]),
            )
            up = up + np.where(heights >= 0, heights, 0)
            down = down + np.where(heights < 0, heights, 0)
        ax.set_xticks(x, [label(m, lang) for m in measures])
        ax.yaxis.set_major_formatter(theme.percent_formatter())
        ax.set_ylim(min(0.0, float(down.min()) * 1.1), max(1.0, float(up.max())) * 1.02)
        ax.axhline(0, color="#555555", linewidth=0.8)
        ax.set_ylabel(label("share", lang))
        title, legend_title = _PALETTE_TITLES.get(palette, ("share", "share"))
        ax.set_title(label(title, lang))
        ax.grid(axis="x", visible=False)
        # reversed, so the legend reads top to bottom like the stacked segments
        ax.legend(
            title=label(legend_title, lang),
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            reverse=True,
        )
        _finish(lang, ax)
    return ax


def migration_heatmap(
    migration: pd.DataFrame,
    *,
    before: str | None = None,
    after: str | None = None,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Grade migration between two periods as an annotated heatmap.

    ``migration`` is ``grading.grade_migration(before, after)`` (counts, or row shares
    with ``normalize=True``): rows = grade in the earlier period (with "new"),
    columns = grade in the later period (with "lost"). Cells where the grade stayed
    the same are outlined. ``before``/``after`` name the periods in the axis labels.

    >>> import pandas as pd
    >>> moves = pd.DataFrame([[3, 1, 0], [1, 4, 2]],
    ...                      index=pd.Index(["A", "B"], name="grade_before"),
    ...                      columns=pd.Index(["A", "B", "lost"], name="grade_after"))
    >>> ax = migration_heatmap(moves, before="2024", after="2025")
    >>> [t.get_text() for t in ax.texts][:3]
    ['3', '1', '0']
    >>> plt.close("all")
    """
    check_lang(lang)
    data = migration.astype(float)
    values = data.to_numpy()
    finite = values[np.isfinite(values)]
    integer_columns = all(pd.api.types.is_integer_dtype(t) for t in migration.dtypes)
    as_counts = integer_columns or (
        bool(np.all(np.mod(finite, 1) == 0)) and (finite.size == 0 or finite.max() > 1)
    )
    annot = np.where(
        np.isfinite(values),
        np.vectorize(
            lambda v: theme.thousands(v) if as_counts else theme.percent(v), otypes=[object]
        )(np.nan_to_num(values)),
        "",
    )
    rows = [_value_label(g, lang) for g in data.index]
    cols = [_value_label(g, lang) for g in data.columns]
    with theme.theme_context(lang):
        ax = _axes(ax, (6.5, 5.0))
        sns.heatmap(
            data.set_axis(rows, axis=0).set_axis(cols, axis=1),
            annot=annot,
            fmt="",
            cmap="Blues",
            cbar=False,
            linewidths=1,
            linecolor="white",
            ax=ax,
            annot_kws={"fontsize": 10},
        )
        for i, row in enumerate(map(str, data.index)):
            if row in set(map(str, data.columns)):
                j = list(map(str, data.columns)).index(row)
                ax.add_patch(
                    Rectangle((j, i), 1, 1, fill=False, edgecolor="#333333", linewidth=1.8)
                )
        xlabel, ylabel = label("grade_after", lang), label("grade_before", lang)
        ax.set_xlabel(f"{xlabel} ({after})" if after else xlabel)
        ax.set_ylabel(f"{ylabel} ({before})" if before else ylabel)
        ax.set_title(label("grade_migration", lang))
        ax.tick_params(axis="y", rotation=0)
        _finish(lang, ax)
    return ax
