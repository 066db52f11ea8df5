"""The course's charts: one function per chart, drawn from the analytics tables.

Each function takes the output of a :mod:`helpers` analytics function (named in its
docstring), keyword options, ``ax=None`` (draw on this Axes, or make a new figure)
and ``lang="en"`` or ``"zh"`` (labels from :mod:`helpers.glossary`). It returns the
Axes it drew on (a Figure for the two-panel pyramid). Every chart uses the course
look and colours of :mod:`helpers.theme`, and the same data always gives the same
image.

>>> import pandas as pd
>>> ranked = pd.DataFrame({"value": [50.0, 30.0, 15.0, 5.0]},
...                       index=pd.Index(["C1", "C2", "C3", "C4"], name="customer_id"))
>>> ax = pareto_chart(ranked)
>>> len(ax.containers[0])  # one bar per customer
4
>>> plt.close("all")
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

from helpers import theme
from helpers.glossary import TERMS, label
from helpers.schema import DataError, require_columns

#: the chart functions, in the order of the course
CHARTS = (
    "pareto_chart",
    "lorenz_chart",
    "pyramid_chart",
    "abc_summary_chart",
    "migration_heatmap",
    "customer_decile_chart",
    "value_decile_chart",
    "rfm_heatmap",
    "loyalty_map",
    "composition_chart",
    "margin_chart",
)
__all__ = [*CHARTS, "gini_from_curve"]

MEASURES = ("revenue", "profit")

#: short sentences drawn on charts; the terms inside come from the glossary
_TEMPLATES: dict[str, tuple[str, str]] = {
    "pareto_note": ("{c} of customers make {v} of {m}", "{c}的客户贡献了{v}的{m}"),
    "lorenz_note": ("top {c} of customers: {v} of {m}", "前{c}的客户：{m}的{v}"),
    "each_group": ("each group = {v} of {m}", "每组 = {m}的{v}"),
    "no_profit": ("profit unknown (no cost data)", "无成本数据，利润未知"),
    "more": ("... {n} more ...", "…… 其余{n}项 ……"),
}


def _say(key: str, lang: str, **values: object) -> str:
    english, chinese = _TEMPLATES[key]
    return (english if lang == "en" else chinese).format(**values)


def _check_lang(lang: str) -> None:
    if lang not in {"en", "zh"}:
        raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")


def _value_label(value: object, lang: str) -> str:
    """A data value (a grade, a type, a category) in ``lang`` when the glossary knows it."""
    text = str(value)
    key = text.strip("()").replace(" ", "_").replace("-", "_").casefold()
    return label(key, lang) if key in TERMS else text


def _group_label(value: object, palette: str, lang: str) -> str:
    """Grades stay as they are (A, B, VIP); tiers, types and groups are translated."""
    return str(value) if palette == "grade" else _value_label(value, lang)


def _join(lang: str, *parts: str) -> str:
    return (": " if lang == "en" else "：").join(parts)


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    _, new_ax = plt.subplots(figsize=figsize)
    return new_ax


def _finish(lang: str, *axes: Axes) -> None:
    """Fonts for ``lang`` on every text of ``axes``.

    No tight layout here (it costs a full text layout): notebooks show and the
    course theme saves figures with ``bbox_inches="tight"``, which keeps every label.
    """
    for each in axes:
        theme.apply_fonts(each, lang)


def _pick_column(df: pd.DataFrame, column: str | None, candidates: Sequence[str]) -> str:
    if column is not None:
        require_columns(df, [column], table="chart input")
        return column
    for name in candidates:
        if name in df.columns:
            return name
    raise DataError(
        f"chart input: none of the columns {list(candidates)} found; the columns are "
        f"{list(df.columns)}. Pass column='<the value column>'."
    )


def _ranked_values(df: pd.DataFrame, column: str) -> pd.Series:
    """``df[column]`` largest first, ties by index (so row order never changes the chart)."""
    frame = pd.DataFrame({"value": df[column].to_numpy(dtype=float), "key": df.index.astype(str)})
    frame = frame.sort_values(["value", "key"], ascending=[False, True], kind="stable")
    return frame["value"].reset_index(drop=True)


def _bar_labels(ax: Axes, bars, texts: Sequence[str], **kwargs) -> None:
    ax.bar_label(bars, labels=list(texts), padding=2, fontsize=8, **kwargs)


# ---------------------------------------------------------------- Pareto and Lorenz


def pareto_chart(
    customers: pd.DataFrame,
    *,
    column: str | None = None,
    measure: str = "revenue",
    mark: float = 0.80,
    max_bars: int = 200,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Pareto chart: customers' values as bars, largest first, with the cumulative share.

    ``customers`` is one row per customer, e.g. ``profiling.rank_customers(...)``
    (``column`` defaults to its ``value``, else ``monetary``, else ``revenue``). The
    bars use the left axis; the cumulative share line, the ``mark`` line (80%) and
    the share of customers that reaches it use the right axis, ``ax.right_ax``.
    Up to ``max_bars`` customers are drawn as separate bars (``ax.containers[0]``);
    more are drawn as one filled step line (``ax.patches[0]``, one step per customer),
    which looks the same and draws in a fraction of the time.

    >>> import pandas as pd
    >>> customers = pd.DataFrame({"monetary": [5.0, 80.0, 10.0, 5.0]})
    >>> ax = pareto_chart(customers, mark=0.8)
    >>> [round(float(y), 2) for y in ax.right_ax.lines[0].get_ydata()]
    [0.8, 0.9, 0.95, 1.0]
    >>> plt.close("all")
    """
    _check_lang(lang)
    _check_measure(measure)
    if not 0 < mark <= 1:
        raise ValueError(f"mark must be a share between 0 and 1, not {mark!r}")
    col = _pick_column(customers, column, ("value", "monetary", "revenue"))
    values = _ranked_values(customers, col)
    n = len(values)
    if n == 0:
        raise DataError("pareto chart: the customer table is empty; there is nothing to draw")
    total = values.sum()
    if total <= 0:
        raise DataError(
            f"pareto chart: column {col!r} sums to {total}; shares need a positive total"
        )
    cumulative = values.cumsum() / total
    x = (np.arange(n) + 0.5) / n
    reached = int(np.argmax(cumulative.to_numpy() >= mark - 1e-12)) + 1
    customer_share = reached / n

    with theme.theme_context(lang):
        ax = _axes(ax, (theme.FIG_WIDTH, 4.5))
        color = theme.METRIC_COLORS[measure]
        if n <= max_bars:
            bar_colors = np.where(values.to_numpy() < 0, theme.NEGATIVE_COLOR, color)
            bars = ax.bar(
                x,
                values,
                width=1 / n,
                color=bar_colors,
                edgecolor="white",
                linewidth=0.5 if n <= 60 else 0,
                label=label(measure, lang),
            )
        else:  # one filled step line per sign: thousands of bars, drawn fast
            edges = np.linspace(0.0, 1.0, n + 1)
            bars = ax.stairs(
                values.clip(lower=0), edges, fill=True, color=color, label=label(measure, lang)
            )
            if (values < 0).any():
                ax.stairs(values.clip(upper=0), edges, fill=True, color=theme.NEGATIVE_COLOR)
        ax.set_xlim(0, 1)
        ax.grid(axis="y", visible=False)
        ax.xaxis.set_major_formatter(theme.percent_formatter())
        ax.yaxis.set_major_formatter(theme.compact_formatter(lang))
        ax.set_xlabel(label("ranked_customers", lang))
        ax.set_ylabel(label(measure, lang))
        ax.set_title(label("pareto", lang))

        right = ax.twinx()
        ax.right_ax = right  # the pandas convention for a secondary axis
        share_line = right.plot(
            x,
            cumulative,
            color="#333333",
            linewidth=2,
            label=label(f"cumulative_{measure}_share", lang),
        )[0]
        mark_line = right.axhline(
            mark,
            color=theme.NEGATIVE_COLOR,
            linestyle="--",
            linewidth=1.2,
            label=f"{theme.percent(mark)} {label('mark', lang)}"
            if lang == "en"
            else f"{theme.percent(mark)}{label('mark', lang)}",
        )
        right.vlines(
            customer_share, 0, mark, color=theme.NEGATIVE_COLOR, linestyle=":", linewidth=1.2
        )
        top = max(1.05, float(cumulative.max()) * 1.03)
        right.set_ylim(min(0.0, float(cumulative.min())), top)
        right.yaxis.set_major_formatter(theme.percent_formatter())
        right.set_ylabel(label("cumulative_share", lang))
        right.grid(axis="y", color="#e3e3e3")
        right.spines["right"].set_visible(True)
        note = _say(
            "pareto_note",
            lang,
            c=theme.percent(customer_share),
            v=theme.percent(mark),
            m=label(measure, lang),
        )
        right.annotate(
            note,
            xy=(customer_share, mark),
            xytext=(12, -28),
            textcoords="offset points",
            fontsize=9,
            color=theme.NEGATIVE_COLOR,
            arrowprops={"arrowstyle": "-", "color": theme.NEGATIVE_COLOR, "linewidth": 0.8},
        )
        right.legend(handles=[bars, share_line, mark_line], loc="center right")
        _finish(lang, ax, right)
    return ax


def gini_from_curve(curve: pd.DataFrame) -> float:
    """The Gini coefficient of a Lorenz curve: 1 - 2 x the area under it (trapezoids).

    >>> import pandas as pd
    >>> curve = pd.DataFrame({"customer_share": [0, 0.5, 1.0], "value_share": [0, 0.0, 1.0]})
    >>> gini_from_curve(curve)
    0.5
    """
    require_columns(curve, ["customer_share", "value_share"], table="Lorenz curve")
    x = curve["customer_share"].to_numpy(dtype=float)
    y = curve["value_share"].to_numpy(dtype=float)
    return float(1.0 - np.sum(np.diff(x) * (y[1:] + y[:-1])))


def lorenz_chart(
    curve: pd.DataFrame,
    *,
    measure: str = "revenue",
    top: float = 0.20,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Lorenz curve with the line of equality and the Gini coefficient in a box.

    ``curve`` is ``grading.lorenz_curve(...)`` (columns ``customer_share``,
    ``value_share``, from (0, 0) to (1, 1)). A marker shows what the ``top`` share
    of customers brings. The Gini coefficient is computed from the curve
    (:func:`gini_from_curve`).

    >>> import pandas as pd
    >>> curve = pd.DataFrame({"customer_share": [0, 0.25, 0.5, 0.75, 1.0],
    ...                       "value_share": [0, 0.05, 0.15, 0.4, 1.0]})
    >>> ax = lorenz_chart(curve)
    >>> ax.texts[0].get_text()
    'Gini coefficient = 0.45'
    >>> plt.close("all")
    """
    _check_lang(lang)
    _check_measure(measure)
    gini = gini_from_curve(curve)
    ordered = curve.sort_values(["customer_share", "value_share"], kind="stable")
    x = ordered["customer_share"].to_numpy(dtype=float)
    y = ordered["value_share"].to_numpy(dtype=float)
    top_share = 1.0 - float(np.interp(1.0 - top, x, y))

    with theme.theme_context(lang):
        ax = _axes(ax, (6.0, 5.2))
        color = theme.METRIC_COLORS[measure]
        ax.plot(
            [0, 1],
            [0, 1],
            color="#888888",
            linestyle="--",
            linewidth=1.2,
            label=label("equality_line", lang),
        )
        ax.plot(x, y, color=color, linewidth=2.2, label=label("lorenz", lang))
        ax.fill_between(x, y, x, color=color, alpha=0.15, linewidth=0)
        ax.text(
            0.04,
            0.94,
            f"{label('gini', lang)} = {gini:.2f}",
            transform=ax.transAxes,
            fontsize=11,
            fontweight=theme.bold(lang),
            va="top",
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "#cccccc"},
        )
        ax.plot(
            [1 - top], [1 - top_share], marker="o", color=theme.NEGATIVE_COLOR, linestyle="none"
        )
        # the gap from the point up to 100% is what the top customers bring
        ax.vlines(
            1 - top, 1 - top_share, 1, color=theme.NEGATIVE_COLOR, linestyle=":", linewidth=1.4
        )
        ax.annotate(
            _say(
                "lorenz_note",
                lang,
                c=theme.percent(top),
                v=theme.percent(top_share),
                m=label(measure, lang),
            ),
            xy=(1 - top, 1 - top_share / 2),
            xytext=(-12, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=9,
            color=theme.NEGATIVE_COLOR,
        )
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_aspect("equal")
        ax.xaxis.set_major_formatter(theme.percent_formatter())
        ax.yaxis.set_major_formatter(theme.percent_formatter())
        ax.set_xlabel(label("customers_smallest_first", lang))
        ax.set_ylabel(label(f"cumulative_{measure}_share", lang))
        ax.set_title(label("lorenz", lang))
        ax.legend(loc="center left", bbox_to_anchor=(0.0, 0.72))
        _finish(lang, ax)
    return ax


# ---------------------------------------------------------------- grades


def _grade_colors(grades: Sequence[object], palette: str) -> dict[str, str]:
    return theme.colors(palette, [str(g) for g in grades])


def pyramid_chart(
    pyramid: pd.DataFrame,
    *,
    measure: str = "profit",
    palette: str = "grade",
    ax: Sequence[Axes] | None = None,
    lang: str = "en",
) -> Figure:
    """Customer-count pyramid beside the profit (or revenue) inverted pyramid.

    ``pyramid`` is ``grading.pyramid_table(grades, value="profit")``: index grade,
    top grade first, with ``customer_share`` and ``value_share``. Each panel draws one
    centred bar per grade, top grade at the top: few customers there (left), most of
    the profit there (right). ``ax`` may be a pair of Axes; returns the Figure.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"customers": [2, 8, 10], "customer_share": [0.1, 0.4, 0.5],
    ...                       "value": [70.0, 25.0, 5.0], "value_share": [0.7, 0.25, 0.05]},
    ...                      index=pd.Index(["A", "B", "C"], name="grade"))
    >>> fig = pyramid_chart(table)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['A', 'B', 'C']
    >>> plt.close("all")
    """
    _check_lang(lang)
    _check_measure(measure)
    require_columns(pyramid, ["customers", "customer_share", "value_share"], table="pyramid table")
    grades = [str(g) for g in pyramid.index]
    colors = _grade_colors(grades, palette)
    y = np.arange(len(grades))[::-1]  # top grade at the top
    panels = [
        ("customer_share", "count_pyramid", pyramid["customers"].to_numpy()),
        ("value_share", f"{measure}_pyramid", None),
    ]
    with theme.theme_context(lang):
        if ax is None:
            fig, axes = plt.subplots(1, 2, figsize=(theme.FIG_WIDTH, 0.7 * len(grades) + 2.2))
            fig.subplots_adjust(wspace=0.3)
        else:
            axes = list(ax)
            if len(axes) != 2:
                raise ValueError("pyramid_chart draws two panels: pass ax as a pair of Axes")
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
            label_key = "customer_share" if column == "customer_share" else f"{measure}_share"
            panel.set_xlabel(label(label_key, lang))
            panel.set_title(label(title, lang))
        _finish(lang, *axes)
    return fig


def _grade_shares(
    grades: pd.DataFrame, grade: str, revenue: str | None, profit: str | None
) -> pd.DataFrame:
    """Per-grade shares of customers, revenue and profit from a per-customer table."""
    columns = {"customers": grades[grade].notna().astype(int)}
    if revenue and revenue in grades.columns:
        columns["revenue"] = grades[revenue]
    if profit and profit in grades.columns and grades[profit].notna().any():
        columns["profit"] = grades[profit]
    frame = pd.DataFrame(columns).assign(group=grades[grade])
    totals = frame.groupby("group", observed=False, sort=True).sum(min_count=1)
    out = pd.DataFrame(index=totals.index)
    out["customer_share"] = totals["customers"] / totals["customers"].sum()
    for name in ("revenue", "profit"):
        if name in totals.columns:
            out[f"{name}_share"] = totals[name] / totals[name].sum()
    return out


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
    ``revenue_share`` and/or ``profit_share`` (``grading.resource_allocation_table``,
    ``loyalty.loyalty_type_table``, ``deciles.transactional_vs_relationship``...), or a
    per-customer table with a ``grade`` column (``grading.abc_grade_by_share`` output,
    with ``revenue`` = its ``value`` column and, when joined, a ``profit`` column).
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
    _check_lang(lang)
    if "customer_share" in table.columns:
        summary = table
    else:
        require_columns(table, [grade], table="grade table", purpose="the ABC summary chart")
        summary = _grade_shares(table, grade, revenue, profit)
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
    _check_lang(lang)
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


# ---------------------------------------------------------------- deciles

_DECILE_COLUMNS = ["customers", "customer_share", "revenue_share", "profit_share"]


def _decile_chart(
    deciles: pd.DataFrame,
    *,
    basis: str,
    bars: Sequence[str],
    axis_key: str,
    title_key: str,
    ax: Axes | None,
    lang: str,
) -> Axes:
    require_columns(deciles, _DECILE_COLUMNS, table="deciles table", purpose="the decile chart")
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
        ax.set_title(label(title_key, lang))
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
    _check_lang(lang)
    return _decile_chart(
        deciles,
        basis="customers",
        bars=("revenue_share", "profit_share"),
        axis_key="customer_decile",
        title_key="customer_deciles",
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
    ("revenue" for ``by="monetary"``, or "profit").

    >>> import pandas as pd
    >>> table = pd.DataFrame({"customers": [1, 3], "customer_share": [0.25, 0.75],
    ...                       "revenue_share": [0.5, 0.5], "profit_share": [0.7, 0.3]},
    ...                      index=pd.Index([1, 2], name="decile"))
    >>> ax = value_decile_chart(table)
    >>> [t.get_text() for t in ax.texts][:2]  # customers in each half of revenue
    ['n=1', 'n=3']
    >>> plt.close("all")
    """
    _check_lang(lang)
    _check_measure(by)
    other = "profit_share" if by == "revenue" else "revenue_share"
    return _decile_chart(
        deciles,
        basis=by,
        bars=("customer_share", other),
        axis_key="value_decile",
        title_key="value_deciles",
        ax=ax,
        lang=lang,
    )


# ---------------------------------------------------------------- RFM and loyalty


def rfm_heatmap(
    scores: pd.DataFrame,
    *,
    value: str = "monetary",
    r: str = "r_score",
    f: str = "f_score",
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Recency score x frequency score, each cell the mean monetary value and the count.

    ``scores`` is ``rfm.rfm_scores(...)`` (one row per customer with ``r_score``,
    ``f_score`` and ``monetary``). Rows run from the best recency score (top) down;
    empty cells stay blank.

    >>> import pandas as pd
    >>> scores = pd.DataFrame({"r_score": [1, 2, 2], "f_score": [1, 2, 2],
    ...                        "monetary": [10.0, 30.0, 50.0]})
    >>> ax = rfm_heatmap(scores)
    >>> [t.get_text() for t in ax.texts]
    ['40\\nn=2', '10\\nn=1']
    >>> plt.close("all")
    """
    _check_lang(lang)
    require_columns(scores, [r, f, value], table="RFM scores", purpose="the RFM heatmap")
    grouped = scores.groupby([r, f], observed=True)[value].agg(["mean", "size"])
    k = int(max(scores[r].max(), scores[f].max()))
    r_levels, f_levels = list(range(k, 0, -1)), list(range(1, k + 1))
    means = grouped["mean"].unstack(f).reindex(index=r_levels, columns=f_levels)
    counts = grouped["size"].unstack(f).reindex(index=r_levels, columns=f_levels)
    mean_text = np.vectorize(lambda v: theme.compact(v, lang), otypes=[object])(
        np.nan_to_num(means.to_numpy())
    )
    count_text = counts.fillna(0).astype(int).astype(str).to_numpy(dtype=object)
    annot = np.where(means.notna().to_numpy(), mean_text + "\nn=" + count_text, "")
    with theme.theme_context(lang):
        ax = _axes(ax, (7.0, 5.6))
        sns.heatmap(
            means,
            annot=annot,
            fmt="",
            cmap="Blues",
            linewidths=1,
            linecolor="white",
            ax=ax,
            annot_kws={"fontsize": 8.5},
            cbar_kws={
                "label": label("mean_monetary", lang),
                "format": theme.compact_formatter(lang),
            },
        )
        ax.set_xlabel(label("f_score", lang))
        ax.set_ylabel(label("r_score", lang))
        ax.set_title(label("rfm_heatmap", lang))
        ax.tick_params(axis="y", rotation=0)
        _finish(lang, ax, ax.collections[0].colorbar.ax)
    return ax


def _loyalty_types(
    sat: np.ndarray, loy: np.ndarray, cuts: Sequence[float], loyalty_cut: float, apostle_min: float
) -> np.ndarray:
    """The type of each answer, by the rules of ``loyalty.loyalty_matrix_types``."""
    low_below, high_from = cuts
    high_loyalty = loy >= loyalty_cut
    apostle = high_loyalty & (sat >= max(apostle_min, high_from)) & (loy >= apostle_min)
    return np.select(
        [
            apostle,
            high_loyalty & (sat >= high_from),
            high_loyalty,
            sat >= high_from,
            sat >= low_below,
        ],
        ["apostle", "loyalist", "hostage", "mercenary", "defector"],
        "terrorist",
    )


def loyalty_map(
    types: pd.DataFrame,
    *,
    satisfaction_cuts: Sequence[float] = (4, 7),
    loyalty_cut: float = 7,
    apostle_min: float = 9,
    scale: tuple[float, float] = (1, 10),
    jitter: float = 0.3,
    seed: int = 0,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Satisfaction x loyalty map: the six type regions, labelled, and every customer.

    ``types`` is ``loyalty.loyalty_matrix_types(survey, ...)`` (``satisfaction``,
    ``loyalty``, ``loyalty_type``); pass the same cut-offs here so that the regions
    match the types: satisfaction below the first cut is low, from the second cut
    high; loyalty from ``loyalty_cut`` is high; apostles have both scores from
    ``apostle_min`` (a corner of the loyalists' region). High loyalty: hostage
    (satisfaction low or medium), loyalist, apostle; low loyalty: terrorist, defector,
    mercenary. Integer answers are spread by a small seeded jitter so that customers
    with the same answers stay visible; the same ``seed`` gives the same image.

    >>> import pandas as pd
    >>> answers = pd.DataFrame({"satisfaction": [10, 2, 5], "loyalty": [9, 8, 3],
    ...                         "loyalty_type": ["apostle", "hostage", "defector"]})
    >>> ax = loyalty_map(answers)
    >>> len(ax.collections[0].get_offsets())  # one point per customer
    3
    >>> plt.close("all")
    """
    _check_lang(lang)
    require_columns(types, ["satisfaction", "loyalty"], table="loyalty types", purpose="the map")
    low, high = scale
    low_below, high_from = satisfaction_cuts
    sat = types["satisfaction"].to_numpy(dtype=float)
    loy = types["loyalty"].to_numpy(dtype=float)
    integer = bool(np.all(np.mod(sat[np.isfinite(sat)], 1) == 0)) and bool(
        np.all(np.mod(loy[np.isfinite(loy)], 1) == 0)
    )
    shift = 0.5 if integer else 0.0
    if "loyalty_type" in types.columns:
        kind = types["loyalty_type"].astype(str).to_numpy()
    else:
        kind = _loyalty_types(sat, loy, satisfaction_cuts, loyalty_cut, apostle_min)
    counts = pd.Series(kind).value_counts()
    # region edges: x = satisfaction, y = loyalty (answers sit in the middle of cells)
    x0, x1, x2, x3 = low - shift, low_below - shift, high_from - shift, high + shift
    y0, y1, y2 = low - shift, loyalty_cut - shift, high + shift
    ax_, ay_ = max(apostle_min, high_from) - shift, max(apostle_min, loyalty_cut) - shift
    with_apostle = ax_ < x3 and ay_ < y2
    # each region's label sits in a strip outside the answers (above the top row,
    # below the bottom row), so it never hides a customer
    band = 0.09 * (y2 - y0)
    regions = [  # name, x from, x to, y from, y to, label from, label to, row
        ("hostage", x0, x2, y1, y2, x0, x2, "top"),
        ("loyalist", x2, x3, y1, y2, x2, ax_ if with_apostle else x3, "top"),
        ("terrorist", x0, x1, y0, y1, x0, x1, "bottom"),
        ("defector", x1, x2, y0, y1, x1, x2, "bottom"),
        ("mercenary", x2, x3, y0, y1, x2, x3, "bottom"),
    ]
    if with_apostle:
        regions.append(("apostle", ax_, x3, ay_, y2, ax_, x3, "top"))
    rng = np.random.default_rng(seed)
    spread = min(jitter, 0.45) if integer else 0.0
    px = sat + rng.uniform(-spread, spread, len(sat))
    py = loy + rng.uniform(-spread, spread, len(loy))
    colors = theme.colors("loyalty", kind)
    with theme.theme_context(lang):
        ax = _axes(ax, (8.0, 6.4))
        for name, left, right, bottom, top, label_from, label_to, row in regions:
            if row == "top":
                top, label_y = top + band, top + band / 2
            else:
                bottom, label_y = bottom - band, bottom - band / 2
            ax.add_patch(
                Rectangle(
                    (left, bottom),
                    right - left,
                    top - bottom,
                    facecolor=theme.LOYALTY_COLORS[name],
                    alpha=0.3 if name == "apostle" else 0.13,
                    edgecolor="white",
                    linewidth=2,
                    zorder=0,
                )
            )
            n = int(counts.get(name, 0))
            ax.text(
                (label_from + label_to) / 2,
                label_y,
                f"{label(name, lang)} (n={n})",
                ha="center",
                va="center",
                fontsize=9.5,
                fontweight=theme.bold(lang),
                color=theme.darker(theme.LOYALTY_COLORS[name]),
                zorder=3,
            )
        ax.scatter(
            px,
            py,
            c=[colors[k] for k in kind],
            s=18,
            alpha=0.8,
            linewidths=0.3,
            edgecolors="white",
            zorder=2,
        )
        ax.set_xlim(x0, x3)
        ax.set_ylim(y0 - band, y2 + band)
        if integer:
            ax.set_xticks(np.arange(low, high + 1))
            ax.set_yticks(np.arange(low, high + 1))
        ax.grid(False)
        ax.set_xlabel(label("satisfaction", lang))
        ax.set_ylabel(label("loyalty_score", lang))
        ax.set_title(label("loyalty_matrix", lang))
        _finish(lang, ax)
    return ax


# ---------------------------------------------------------------- profiling


def composition_chart(
    table: pd.DataFrame,
    *,
    top: int | None = None,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Composition bars: each group's share of customers (and of revenue, when known).

    ``table`` is ``profiling.composition_table(customers, by, summary=...)`` (index =
    the groups, ``customer_share`` and optionally ``revenue_share``). With ``top``,
    the smaller groups are added up as "other". Group names the glossary knows
    (wholesale, retail, personal...) are translated.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"customers": [6, 3, 1], "customer_share": [0.6, 0.3, 0.1]},
    ...                      index=pd.Index(["retail", "wholesale", "agent"], name="business_type"))
    >>> ax = composition_chart(table, lang="zh")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['零售商', '批发商', '代理商']
    >>> plt.close("all")
    """
    _check_lang(lang)
    require_columns(table, ["customers", "customer_share"], table="composition table")
    shares = [c for c in ("customer_share", "revenue_share") if c in table.columns]
    data = table[["customers", *shares]]
    names = [" / ".join(map(str, i)) if isinstance(i, tuple) else str(i) for i in data.index]
    data = data.set_axis(names, axis=0)
    if top is not None and len(data) > top:
        rest = data.iloc[top:].sum().rename(label("other", lang))
        data = pd.concat([data.iloc[:top], rest.to_frame().T])
    dimension = data.index.name or (
        " / ".join(map(str, table.index.names)) if table.index.names[0] else ""
    )
    dimension = " / ".join(_value_label(part, lang) for part in str(dimension).split(" / ") if part)
    y = np.arange(len(data))[::-1]
    height = 0.8 / len(shares)
    color_of = {"customer_share": "customers", "revenue_share": "revenue"}
    with theme.theme_context(lang):
        ax = _axes(ax, (8.0, 0.32 * len(data) * len(shares) + 1.6))
        for k, column in enumerate(shares):
            bars = ax.barh(
                y + ((len(shares) - 1) / 2 - k) * height,
                data[column],
                height=height,
                color=theme.METRIC_COLORS[color_of[column]],
                label=label(column, lang),
                linewidth=0,
            )
            _bar_labels(ax, bars, [theme.percent(v) for v in data[column]])
        ax.set_yticks(y, [_value_label(n, lang) for n in data.index])
        ax.xaxis.set_major_formatter(theme.percent_formatter())
        ax.set_xlabel(label("share", lang))
        ax.set_title(
            _join(lang, label("composition", lang), dimension)
            if dimension
            else label("composition", lang)
        )
        ax.grid(axis="y", visible=False)
        ax.margins(x=0.12)
        if len(shares) > 1:
            ax.legend(loc="lower right")
        _finish(lang, ax)
    return ax


def margin_chart(
    margins: pd.DataFrame,
    *,
    name: str | None = "product_name",
    by: str | None = None,
    limit: int | None = 20,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Gross margin by product: one bar per product, highest margin at the top.

    ``margins`` is ``profiling.margin_by_product(orders, ...)`` (index product_id,
    ``margin``, ``revenue``, ``profit``; ``product_name`` when products were given,
    used for the labels). ``by="category"`` adds the products up per category first.
    Each bar is labelled with its margin and revenue; the dashed line is the overall
    margin (total profit / total revenue); loss-making products are red. With more
    rows than ``limit``, the highest and the lowest margins are drawn and the middle
    is left out (the chart says how many).

    >>> import pandas as pd
    >>> margins = pd.DataFrame({"revenue": [100.0, 300.0], "profit": [50.0, 30.0],
    ...                         "margin": [0.5, 0.1]},
    ...                        index=pd.Index(["P1", "P2"], name="product_id"))
    >>> ax = margin_chart(margins)
    >>> round(ax.lines[0].get_xdata()[0], 2)  # overall margin: 80 / 400
    0.2
    >>> plt.close("all")
    """
    _check_lang(lang)
    require_columns(
        margins, ["revenue", "profit", "margin"], table="margin table", purpose="the margin chart"
    )
    if isinstance(margins.index, pd.MultiIndex):
        raise DataError(
            "margin chart: the table has one row per (customer, product); draw one customer's "
            "products: margin_by_product(orders, customer_id='C00042')"
        )
    if by is not None:
        require_columns(margins, [by], table="margin table", purpose=f"margins by {by}")
        margins = margins.groupby(by, sort=True)[["revenue", "profit"]].sum()
        margins["margin"] = margins["profit"] / margins["revenue"]
        name = None
    overall = float(margins["profit"].sum() / margins["revenue"].sum())
    data = margins.sort_values("margin", ascending=False, kind="stable")
    names = data[name].astype(str) if name and name in data.columns else data.index.astype(str)
    names = [_value_label(n, lang) for n in names]
    values = data["margin"].to_numpy(dtype=float)
    revenue = data["revenue"].to_numpy(dtype=float)
    left_out = 0
    if limit is not None and len(data) > limit:
        head = limit - limit // 2
        keep = np.r_[np.arange(head), np.arange(len(data) - limit // 2, len(data))]
        left_out = len(data) - limit
        names = [names[i] for i in keep]
        values, revenue = values[keep], revenue[keep]
    # one row per bar from the top; a gap row where the middle is left out
    y = np.arange(len(values))[::-1].astype(float)
    if left_out:
        y[: limit - limit // 2] += 1
    colors = np.where(values < 0, theme.NEGATIVE_COLOR, theme.METRIC_COLORS["margin"])
    with theme.theme_context(lang):
        ax = _axes(ax, (theme.FIG_WIDTH, 0.3 * (len(values) + bool(left_out)) + 1.6))
        bars = ax.barh(y, values, height=0.75, color=colors, linewidth=0)
        revenue_word = label("revenue", lang)
        texts = [
            f"{theme.percent(m)}  ({revenue_word} {theme.compact(r, lang)})"
            for m, r in zip(values, revenue, strict=True)
        ]
        _bar_labels(ax, bars, texts)
        ax.axvline(
            overall,
            color="#333333",
            linestyle="--",
            linewidth=1.2,
            label=f"{label('overall_margin', lang)} {theme.percent(overall)}",
        )
        ax.axvline(0, color="#555555", linewidth=0.8)
        if left_out:
            ax.text(
                0.5,
                float(limit // 2),
                _say("more", lang, n=left_out),
                transform=ax.get_yaxis_transform(),
                ha="center",
                va="center",
                fontsize=9,
                color="#555555",
                bbox={"facecolor": "white", "edgecolor": "none"},
            )
        ax.set_yticks(y, names)
        ax.set_ylim(-0.7, float(y.max()) + 0.7)
        ax.xaxis.set_major_formatter(theme.percent_formatter())
        ax.set_xlabel(label("gross_margin", lang))
        ax.set_title(label("margin_by_category" if by else "margin_by_product", lang))
        ax.grid(axis="y", visible=False)
        low = min(0.0, float(np.nanmin(values)))
        high = max(float(np.nanmax(values)), overall, 0.0)
        room = 0.35 * (high - low) or 0.1  # for the bar labels
        ax.set_xlim(low - (1.3 * room if low < 0 else 0.0), high + room)
        ax.legend(loc="lower right")
        _finish(lang, ax)
    return ax
