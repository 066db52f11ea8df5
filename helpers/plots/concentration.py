"""Concentration charts: the Pareto chart and the Lorenz curve (lessons 01, 03, 04)."""

from __future__ import annotations

import matplotlib.pyplot as plt  # noqa: F401 (examples close their figures)
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers import theme
from helpers.glossary import label
from helpers.i18n import check_lang
from helpers.plots._base import (
    _axes,
    _check_measure,
    _finish,
    _pick_column,
    _ranked_values,
    _say,
)
from helpers.schema import DataError, require_columns


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
    check_lang(lang)
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
    check_lang(lang)
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
