"""Concentration charts: the Pareto chart and the Lorenz curve (lessons 01, 03, 04).

Both draw what :mod:`helpers.grading` computed: the ranked customers with their
cumulative share, how many customers reach the mark (:func:`helpers.grading.customers_to_reach`),
the Lorenz curve with its Gini coefficient (:func:`helpers.grading.gini_from_curve`) and
the share of the top customers (:func:`helpers.grading.top_share_from_curve`). Neither
draws one mark per customer beyond a stated size: the Pareto chart groups the customers
into ``max_bars`` bars, the Lorenz curve is drawn through ``max_points`` of its points,
and a note on the chart says so.
"""

from __future__ import annotations

import matplotlib.pyplot as plt  # noqa: F401 (examples close their figures)
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers import grading, theme
from helpers._aggregate import equal_groups
from helpers.glossary import label
from helpers.i18n import check_lang
from helpers.plots._base import _axes, _check_measure, _finish, _say
from helpers.schema import DataError

#: notes drawn on these charts (English, Chinese)
_NOTES = {
    "bars": (
        "{n} customers in {k} bars: each bar is the mean of about {m} customers",
        "{n}位客户分为{k}组：每根柱为约{m}位客户的平均值",
    ),
    "points": (
        "curve drawn through {k} of its {n} points",
        "曲线由其{n}个点中的{k}个点绘出",
    ),
}


def _note(key: str, lang: str, **values: object) -> str:
    english, chinese = _NOTES[key]
    return (english if lang == "en" else chinese).format(**values)


def _in_rank_order(ranked: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("value", "cumulative_share") if c not in ranked.columns]
    if missing:
        raise DataError(
            f"pareto chart: columns {missing} not found; the columns are {list(ranked.columns)}. "
            "Draw the ranked customers: profiling.rank_customers(customers) or "
            "grading.abc_grade_by_share(customers)."
        )
    if "rank" in ranked.columns:
        ranked = ranked.sort_values("rank", kind="stable")
    if len(ranked) == 0:
        raise DataError("pareto chart: the customer table is empty; there is nothing to draw")
    return ranked


def pareto_chart(
    ranked: pd.DataFrame,
    *,
    measure: str = "revenue",
    mark: float = 0.80,
    max_bars: int = 200,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Pareto chart: customers' values as bars, largest first, with the cumulative share.

    ``ranked`` is ``profiling.rank_customers(...)`` or ``grading.abc_grade_by_share(...)``
    (columns ``value``, ``cumulative_share`` and ``rank``). The bars use the left axis;
    the cumulative share line, the ``mark`` line (80%) and the share of customers that
    reaches it (``grading.customers_to_reach``) use a twin axis on the right. Up to
    ``max_bars`` customers are drawn one bar each (``ax.containers[0]``); more are
    grouped into ``max_bars`` bars of (nearly) equal numbers of customers, each as high as
    its customers' mean value, with the cumulative line through the groups' ends, and a
    note says so.

    >>> import pandas as pd
    >>> ranked = pd.DataFrame({"value": [80.0, 10.0, 5.0, 5.0], "rank": [1, 2, 3, 4],
    ...                        "cumulative_share": [0.8, 0.9, 0.95, 1.0]})
    >>> ax = pareto_chart(ranked, mark=0.8)
    >>> right = [a for a in ax.get_shared_x_axes().get_siblings(ax) if a is not ax][0]
    >>> [round(float(y), 2) for y in right.lines[0].get_ydata()]
    [0.8, 0.9, 0.95, 1.0]
    >>> plt.close("all")
    """
    check_lang(lang)
    _check_measure(measure)
    if not 0 < mark <= 1:
        raise ValueError(f"mark must be a share between 0 and 1, not {mark!r}")
    if max_bars < 1:
        raise ValueError(f"max_bars must be at least 1, not {max_bars!r}")
    ranked = _in_rank_order(ranked)
    values = ranked["value"].to_numpy(dtype=float)
    cumulative = ranked["cumulative_share"].to_numpy(dtype=float)
    n = len(values)
    customer_share = grading.customers_to_reach(ranked, mark=mark) / n
    if n <= max_bars:
        heights, edges, line_x, line_y = values, np.arange(n + 1) / n, None, cumulative
    else:  # groups of customers: the chart does not grow with the data
        group = equal_groups(n, max_bars) - 1
        size = np.bincount(group, minlength=max_bars)
        heights = np.bincount(group, weights=values, minlength=max_bars) / size
        ends = np.cumsum(size)
        edges = np.concatenate([[0], ends]) / n
        line_x, line_y = ends / n, cumulative[ends - 1]
    centres = (edges[:-1] + edges[1:]) / 2
    line_x = centres if line_x is None else line_x

    with theme.theme_context(lang):
        ax = _axes(ax, (theme.FIG_WIDTH, 4.5))
        color = theme.METRIC_COLORS[measure]
        bars = ax.bar(
            centres,
            heights,
            width=np.diff(edges),
            color=np.where(heights < 0, theme.NEGATIVE_COLOR, color),
            edgecolor="white",
            linewidth=0.5 if len(heights) <= 60 else 0,
            label=label(measure, lang),
        )
        if n > max_bars:
            ax.text(  # lower right: the bars there are low and the line is high
                0.99,
                0.04,
                _note("bars", lang, n=theme.thousands(n), k=max_bars, m=round(n / max_bars)),
                transform=ax.transAxes,
                ha="right",
                va="bottom",
                fontsize=8,
                color="#555555",
            )
        ax.set_xlim(0, 1)
        ax.grid(axis="y", visible=False)
        ax.xaxis.set_major_formatter(theme.percent_formatter())
        ax.yaxis.set_major_formatter(theme.compact_formatter(lang))
        ax.set_xlabel(label("ranked_customers", lang))
        ax.set_ylabel(label(measure, lang))
        ax.set_title(label("pareto", lang))

        right = ax.twinx()
        share_line = right.plot(
            line_x,
            line_y,
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
        top = max(1.05, float(np.nanmax(cumulative)) * 1.03)
        right.set_ylim(min(0.0, float(np.nanmin(cumulative))), top)
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


def lorenz_chart(
    curve: pd.DataFrame,
    *,
    measure: str = "revenue",
    top: float = 0.20,
    max_points: int = 2000,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Lorenz curve with the line of equality and the Gini coefficient in a box.

    ``curve`` is ``grading.lorenz_curve(...)`` (columns ``customer_share``,
    ``value_share``, from (0, 0) to (1, 1)). The Gini coefficient is
    ``grading.gini_from_curve(curve)``; a marker shows what the ``top`` share of customers
    brings (``grading.top_share_from_curve``, the first ceil(top x n) customers). A curve
    of more than ``max_points`` points is drawn through ``max_points`` of them, evenly
    spaced (the curve is straight between its points, so the eye cannot tell), and a
    note says so.

    >>> import pandas as pd
    >>> curve = pd.DataFrame({"customer_share": [0, 0.25, 0.5, 0.75, 1.0],
    ...                       "value_share": [0, 0.05, 0.15, 0.4, 1.0]})
    >>> ax = lorenz_chart(curve)
    >>> ax.texts[0].get_text()
    'Gini coefficient = 0.45'
    >>> plt.close("all")
    """
    check_lang(lang)
    _check_measure(measure)
    if max_points < 2:
        raise ValueError(f"max_points must be at least 2, not {max_points!r}")
    gini = grading.gini_from_curve(curve)
    below, top_share = grading.top_share_from_curve(curve, top=top)
    x = curve["customer_share"].to_numpy(dtype=float)
    y = curve["value_share"].to_numpy(dtype=float)
    points = len(x)
    if points > max_points:
        keep = np.unique(np.rint(np.linspace(0, points - 1, max_points)).astype(np.int64))
        x, y = x[keep], y[keep]

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
        ax.plot([below], [1 - top_share], marker="o", color=theme.NEGATIVE_COLOR, linestyle="none")
        # the gap from the point up to 100% is what the top customers bring
        ax.vlines(below, 1 - top_share, 1, color=theme.NEGATIVE_COLOR, linestyle=":", linewidth=1.4)
        ax.annotate(
            _say(
                "lorenz_note",
                lang,
                c=theme.percent(top),
                v=theme.percent(top_share),
                m=label(measure, lang),
            ),
            xy=(below, 1 - top_share / 2),
            xytext=(-12, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=9,
            color=theme.NEGATIVE_COLOR,
        )
        if points > max_points:
            ax.text(
                0.98,
                0.02,
                _note("points", lang, k=theme.thousands(len(x)), n=theme.thousands(points)),
                transform=ax.transAxes,
                ha="right",
                va="bottom",
                fontsize=8,
                color="#555555",
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
