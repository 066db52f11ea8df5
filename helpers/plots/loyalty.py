"""The loyalty map: satisfaction x loyalty answers and the six types (lesson 05)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt  # noqa: F401 (examples close their figures)
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from helpers import theme
from helpers.glossary import label
from helpers.i18n import check_lang
from helpers.plots._base import (
    _axes,
    _finish,
)
from helpers.schema import require_columns


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
    check_lang(lang)
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
