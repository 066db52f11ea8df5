"""Profiling charts: composition, margin and the RFM heatmap (lesson 02)."""

from __future__ import annotations

import matplotlib.pyplot as plt  # noqa: F401 (examples close their figures)
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from helpers import profiling, rfm, theme
from helpers.glossary import label
from helpers.i18n import check_lang
from helpers.plots._base import (
    _axes,
    _bar_labels,
    _finish,
    _join,
    _say,
    _value_label,
)
from helpers.schema import DataError, require_columns


def rfm_heatmap(
    scores: pd.DataFrame,
    *,
    value: str = "monetary",
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Recency score x frequency score, each cell the mean monetary value and the count.

    ``scores`` is ``rfm.rfm_grid(scores)`` (one row per cell: ``r_score, f_score,
    customers, mean_value``) or the per-customer ``rfm.rfm_scores(...)``, which is first
    summarised by ``rfm.rfm_grid`` (mean of ``value``). Rows run from the best recency
    score (top) down; empty cells stay blank. One cell per score pair, whatever the
    number of customers.

    >>> import pandas as pd
    >>> scores = pd.DataFrame({"r_score": [1, 2, 2], "f_score": [1, 2, 2],
    ...                        "monetary": [10.0, 30.0, 50.0]})
    >>> ax = rfm_heatmap(scores)
    >>> [t.get_text() for t in ax.texts]
    ['40\\nn=2', '10\\nn=1']
    >>> plt.close("all")
    """
    check_lang(lang)
    grid = scores if {"customers", "mean_value"} <= set(scores.columns) else None
    if grid is None:
        require_columns(
            scores, ["r_score", "f_score", value], table="RFM scores", purpose="the RFM heatmap"
        )
        grid = rfm.rfm_grid(scores, value=value)
    require_columns(grid, ["r_score", "f_score"], table="RFM grid", purpose="the RFM heatmap")
    k = int(max(grid["r_score"].max(), grid["f_score"].max()))
    r_levels, f_levels = list(range(k, 0, -1)), list(range(1, k + 1))
    cells = grid.set_index(["r_score", "f_score"])
    means = cells["mean_value"].unstack("f_score").reindex(index=r_levels, columns=f_levels)
    counts = cells["customers"].unstack("f_score").reindex(index=r_levels, columns=f_levels)
    means = means.where(counts.fillna(0) > 0)
    mean_text = np.vectorize(lambda v: theme.compact(v, lang), otypes=[object])(
        np.nan_to_num(means.to_numpy())
    )  # one label per cell (at most k x k)
    count_text = counts.fillna(0).astype(int).astype(str).to_numpy(dtype=object)
    annot = np.where(means.notna().to_numpy(), mean_text + "\nn=" + count_text, "")
    means.index.name, means.columns.name = "r_score", "f_score"
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
    check_lang(lang)
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
    used for the labels; product ids otherwise) or ``profiling.margin_by_category(...)``.
    ``by="category"`` draws ``profiling.margin_by_category(margins)`` instead.
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
    check_lang(lang)
    require_columns(
        margins, ["revenue", "profit", "margin"], table="margin table", purpose="the margin chart"
    )
    if isinstance(margins.index, pd.MultiIndex):
        raise DataError(
            "margin chart: the table has one row per (customer, product); draw one customer's "
            "products: margin_by_product(orders, customer_id='C00042')"
        )
    if by is not None:  # the analytics add the products up per category
        margins = profiling.margin_by_category(margins, by=by)
        name = None
    per_category = margins.index.name == "category"
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
        ax.set_title(label("margin_by_category" if per_category else "margin_by_product", lang))
        ax.grid(axis="y", visible=False)
        low = min(0.0, float(np.nanmin(values)))
        high = max(float(np.nanmax(values)), overall, 0.0)
        room = 0.35 * (high - low) or 0.1  # for the bar labels
        ax.set_xlim(low - (1.3 * room if low < 0 else 0.0), high + room)
        ax.legend(loc="lower right")
        _finish(lang, ax)
    return ax
