"""Loyalty charts (lesson 05): the loyalty map, the behavioural classes and the cut-offs.

Every chart draws a table of :mod:`helpers.loyalty`; none applies a loyalty rule of its
own (the types, classes and regions arrive computed). The continuum and complaint
charts are in :mod:`helpers.plots.relationship`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from helpers import theme
from helpers.glossary import label
from helpers.i18n import check_lang
from helpers.plots._base import _axes, _finish
from helpers.schema import require_columns

#: the loyalty map draws at most this many customers; beyond it, a seeded random sample
MAP_MAX_POINTS = 2000

_NOTES: dict[str, tuple[str, str]] = {
    "sample": (
        "a random sample of {shown:,} of the {total:,} surveyed customers is drawn "
        "(seed {seed}); the counts are of all of them",
        "随机抽取{total:,}位受访客户中的{shown:,}位绘制（种子{seed}）；人数为全部客户",
    ),
    "customers_of": ("share of customers (of {n:,})", "客户占比（共{n:,}位）"),
    "leads_of": ("share of open leads (of {n:,})", "线索占比（共{n:,}条）"),
    "revenue_of": ("share of the customers' revenue", "客户销售额占比"),
    "behavioural_title": ("Behavioural loyalty classes", "行为忠诚度类别"),
}


def _note(key: str, lang: str, notes=_NOTES, **values: object) -> str:
    english, chinese = notes[key]
    return (english if lang == "en" else chinese).format(**values)


def _footnote(ax: Axes, text: str, y: float) -> None:
    """A small note under the axes (what was sampled, left out or drawn as noise)."""
    ax.annotate(text, (0, y), xycoords="axes fraction", fontsize=8, color="#555555", va="top")


def _edges(bound: np.ndarray, low: float, high: float, shift: float) -> np.ndarray:
    """Region bounds in answer units to drawing edges (open ends at the scale's ends)."""
    edges = np.asarray(bound, dtype=float) - shift
    edges = np.where(np.isneginf(edges), low - shift, edges)
    return np.clip(np.where(np.isposinf(edges), high + shift, edges), low - shift, high + shift)


def loyalty_map(
    types: pd.DataFrame,
    *,
    regions: pd.DataFrame | None = None,
    scale: tuple[float, float] = (1, 10),
    max_points: int = MAP_MAX_POINTS,
    jitter: float = 0.3,
    seed: int = 0,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Satisfaction x loyalty map: one dot per surveyed customer, coloured by its type.

    ``types`` is ``loyalty.loyalty_matrix_types(...)`` (``satisfaction``, ``loyalty``,
    ``loyalty_type``); ``regions`` is ``loyalty.matrix_regions(...)`` with the **same
    cut-offs**: each type's region is shaded and labelled with its number of customers
    (without ``regions`` a legend names the types). Integer answers are spread by a
    small seeded jitter so that equal answers stay visible; beyond ``max_points``
    customers a seeded random sample is drawn and a note under the chart says so (the
    counts stay those of every customer).

    >>> from helpers import loyalty
    >>> answers = pd.DataFrame({"customer_id": ["C1", "C2", "C3"],
    ...     "satisfaction": [10, 2, 5], "loyalty": [9, 8, 3]})
    >>> ax = loyalty_map(loyalty.loyalty_matrix_types(answers),
    ...                  regions=loyalty.matrix_regions())
    >>> len(ax.collections[0].get_offsets())  # one point per customer
    3
    >>> plt.close("all")
    """
    check_lang(lang)
    require_columns(
        types,
        ["satisfaction", "loyalty", "loyalty_type"],
        table="loyalty types",
        purpose="the map; compute them with loyalty.loyalty_matrix_types",
    )
    low, high = scale
    sat = types["satisfaction"].to_numpy(dtype=float)
    loy = types["loyalty"].to_numpy(dtype=float)
    kind = types["loyalty_type"].astype(str).to_numpy()
    integer = bool(np.all(np.mod(sat, 1) == 0) and np.all(np.mod(loy, 1) == 0))
    shift = 0.5 if integer else 0.0
    counts = pd.Series(kind).value_counts()
    rng = np.random.default_rng(seed)
    shown = np.arange(len(kind))
    if len(kind) > max_points:
        shown = np.sort(rng.choice(len(kind), size=max_points, replace=False))
    spread = min(jitter, 0.45) if integer else 0.0
    px = sat[shown] + rng.uniform(-spread, spread, len(shown))
    py = loy[shown] + rng.uniform(-spread, spread, len(shown))
    colors = theme.colors("loyalty", kind[shown])
    x0, x1, y0, y1 = low - shift, high + shift, low - shift, high + shift
    band = 0.09 * (y1 - y0)
    with theme.theme_context(lang):
        ax = _axes(ax, (8.0, 6.4))
        if regions is not None:
            _draw_regions(ax, regions, counts, (low, high), shift, band, lang)
        ax.scatter(
            px,
            py,
            c=[colors[k] for k in kind[shown]],
            s=18,
            alpha=0.8,
            linewidths=0.3,
            edgecolors="white",
            zorder=2,
        )
        if regions is None:
            present = [t for t in theme.LOYALTY_COLORS if t in counts.index]
            handles = theme.legend_handles(
                {t: theme.LOYALTY_COLORS[t] for t in present},
                {t: f"{label(t, lang)} (n={int(counts[t])})" for t in present},
            )
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0 - (band if regions is not None else 0), y1 + band)
        if integer:
            ax.set_xticks(np.arange(low, high + 1))
            ax.set_yticks(np.arange(low, high + 1))
        ax.grid(False)
        ax.set_xlabel(label("satisfaction", lang))
        ax.set_ylabel(label("loyalty_score", lang))
        ax.set_title(label("loyalty_matrix", lang))
        if len(shown) < len(kind):
            note = _note("sample", lang, shown=len(shown), total=len(kind), seed=seed)
            _footnote(ax, note, -0.11)
        _finish(lang, ax)
    return ax


def _draw_regions(ax, regions, counts, scale, shift, band, lang) -> None:
    """Shade and label each type's region; labels sit in a strip outside the answers."""
    low, high = scale
    left = _edges(regions["satisfaction_from"], low, high, shift)
    right = _edges(regions["satisfaction_to"], low, high, shift)
    bottom = _edges(regions["loyalty_from"], low, high, shift)
    top = _edges(regions["loyalty_to"], low, high, shift)
    # the apostles' corner is drawn inside the loyalists' region: the loyalists' label
    # keeps to the part left of it
    label_right = right.copy()
    names = list(regions.index)
    if "apostle" in names and "loyalist" in names:
        a, b = names.index("apostle"), names.index("loyalist")
        if right[a] > left[a] and top[a] > bottom[a]:
            label_right[b] = left[a]
    for i, name in enumerate(names):
        if right[i] <= left[i] or top[i] <= bottom[i]:
            continue  # a region the cut-offs leave empty on this scale
        upper = regions["band"].iloc[i] == "high"
        y_from, y_to = (bottom[i], top[i] + band) if upper else (bottom[i] - band, top[i])
        label_y = top[i] + band / 2 if upper else bottom[i] - band / 2
        color = theme.LOYALTY_COLORS[name]
        ax.add_patch(
            Rectangle(
                (left[i], y_from),
                right[i] - left[i],
                y_to - y_from,
                facecolor=color,
                alpha=0.3 if name == "apostle" else 0.13,
                edgecolor="white",
                linewidth=2,
                zorder=0,
            )
        )
        ax.text(
            (left[i] + label_right[i]) / 2,
            label_y,
            f"{label(name, lang)} (n={int(counts.get(name, 0))})",
            ha="center",
            va="center",
            fontsize=9.5,
            fontweight=theme.bold(lang),
            color=theme.darker(color),
            zorder=3,
        )


def behavioural_class_chart(
    table: pd.DataFrame, *, ax: Axes | None = None, lang: str = "en"
) -> Axes:
    """The six behavioural classes: each class's share of its party, and of revenue.

    ``table`` is ``loyalty.behavioural_class_table(...)``. A customer class has two
    bars, its share of the customers and its share of their revenue; a non-user class
    one bar, its share of the open leads. The legend names each denominator.

    >>> from helpers import loyalty
    >>> c = pd.DataFrame({"customer_id": ["C1", "C2"], "tenure_days": [700, 30],
    ...     "frequency": [12, 1], "status": ["active", "active"], "trend": [0.1, 0.0],
    ...     "monetary": [80.0, 20.0]})
    >>> table = loyalty.behavioural_class_table(
    ...     loyalty.behavioural_loyalty_classes(c, as_of="2025-01-01"), c)
    >>> ax = behavioural_class_chart(table)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['share of customers (of 2)', "share of the customers' revenue"]
    >>> plt.close("all")
    """
    check_lang(lang)
    require_columns(
        table,
        ["party", "count", "share", "revenue_share"],
        table="behavioural class table",
        purpose="the chart; compute it with loyalty.behavioural_class_table",
    )
    customers = (table["party"] == "customer").to_numpy()
    totals = table.groupby("party")["count"].sum()
    has_leads = bool((~customers).any() and totals.get("lead", 0) > 0)
    rows = table if has_leads else table[customers]
    customers = (rows["party"] == "customer").to_numpy()
    y = np.arange(len(rows))[::-1].astype(float)
    height = 0.38
    share = rows["share"].to_numpy(dtype=float)
    revenue = rows["revenue_share"].to_numpy(dtype=float)
    with theme.theme_context(lang):
        ax = _axes(ax, (8.5, 0.55 * len(rows) + 1.6))
        party_bars = ax.barh(
            np.where(customers, y + height / 2, y),
            np.nan_to_num(share),
            height=height,
            color=np.where(customers, theme.METRIC_COLORS["customers"], "#b39ddb").tolist(),
        )
        revenue_bars = ax.barh(
            y[customers] - height / 2,
            np.nan_to_num(revenue[customers]),
            height=height,
            color=theme.METRIC_COLORS["revenue"],
        )
        for bars, values in ((party_bars, share), (revenue_bars, revenue[customers])):
            ax.bar_label(bars, labels=[theme.percent(v) for v in np.nan_to_num(values)],
                         padding=2, fontsize=8)  # fmt: skip
        ax.set_yticks(y)
        ax.set_yticklabels([label(str(c), lang) for c in rows.index])
        ax.xaxis.set_major_formatter(theme.percent_formatter())
        ax.set_xlim(0, max(1e-9, np.nanmax(np.concatenate([share, revenue, [0.0]]))) * 1.18)
        ax.set_xlabel(label("share", lang))
        legend = {
            _note("customers_of", lang, n=int(totals.get("customer", 0))): theme.METRIC_COLORS[
                "customers"
            ],
        }
        if has_leads:
            legend[_note("leads_of", lang, n=int(totals["lead"]))] = "#b39ddb"
        legend[_note("revenue_of", lang)] = theme.METRIC_COLORS["revenue"]
        ax.legend(handles=theme.legend_handles(legend), loc="lower right", fontsize=8.5)
        ax.set_title(_note("behavioural_title", lang))
        _finish(lang, ax)
    return ax


def sensitivity_figure(
    sensitivity: pd.DataFrame, *, chosen: dict[str, float] | None = None, lang: str = "en"
) -> Figure:
    """Type counts as each cut-off moves: one panel per cut-off, one line per type.

    ``sensitivity`` is ``loyalty.cutoff_sensitivity(...)``; ``chosen`` marks the value
    the lesson uses on each panel (``{"loyalty_cut": 7, "high_from": 7}``) with a dashed
    line. Returns the Figure (it has one Axes per cut-off).

    >>> from helpers import loyalty
    >>> s = pd.DataFrame({"customer_id": ["C1", "C2"], "satisfaction": [8, 3],
    ...                   "loyalty": [6, 8]})
    >>> fig = sensitivity_figure(loyalty.cutoff_sensitivity(s), chosen={"loyalty_cut": 7})
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['loyalty cut', 'high satisfaction from']
    >>> plt.close("all")
    """
    check_lang(lang)
    cuts = list(dict.fromkeys(sensitivity.index.get_level_values("cut")))
    chosen = chosen or {}
    with theme.theme_context(lang):
        fig, axes = plt.subplots(
            1, max(len(cuts), 1), figsize=(theme.FIG_WIDTH, 3.8), sharey=True, squeeze=False
        )
        axes = axes[0]
        for panel, cut in zip(axes, cuts, strict=False):
            counts = sensitivity.xs(cut, level="cut")
            for name in counts.columns:
                panel.plot(
                    counts.index,
                    counts[name],
                    marker="o",
                    color=theme.LOYALTY_COLORS.get(name, theme.OTHER_COLOR),
                    label=label(name, lang),
                )
            if cut in chosen:
                panel.axvline(chosen[cut], color="#555555", linestyle="--", linewidth=1)
            panel.set_xlabel(label(cut, lang))
        axes[0].set_ylabel(label("customers", lang))
        if cuts:
            axes[-1].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        fig.suptitle(label("cutoff_sensitivity", lang).capitalize())
        theme.apply_fonts(fig, lang)
    return fig
