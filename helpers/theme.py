"""The course's chart look: one seaborn style, fixed colours, number formats, Chinese font.

Every chart in :mod:`helpers.plots` draws inside :func:`theme_context`, so the charts
look the same in every lesson whatever else a notebook has changed. The colours of
grades, tiers, loyalty types, decile groups and measures are fixed here: grade A is the
same blue in the ABC summary and in the pyramids, revenue the same blue and profit the
same orange in every chart that compares them.

Chinese labels (``lang="zh"``) use Noto Sans CJK SC, the font shipped by the
``mplfonts`` package that ``requirements.txt`` installs, so they render on any machine
without system fonts. When the font is missing, charts still draw, with a warning
that says how to install it.

>>> percent(0.8), thousands(1234567.8)
('80%', '1,234,568')
"""

from __future__ import annotations

import importlib.util
import logging
import warnings
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib import font_manager
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, PercentFormatter

from helpers.i18n import check_lang

#: the CJK font file bundled with mplfonts and its family name once registered
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FAMILY = "Noto Sans CJK SC"
#: the Latin font shipped with matplotlib itself (same on every machine)
LATIN_FAMILY = "DejaVu Sans"

#: widest figure that stays readable at notebook width, in inches
FIG_WIDTH = 9.0

#: ABC grades (and the VIP top 1%); unknown grades are drawn grey
GRADE_COLORS: dict[str, str] = {
    "VIP": "#6a3d9a",
    "A": "#1f5f9e",
    "B": "#5fa2d6",
    "C": "#b9c7d3",
    "D": "#dcdcdc",
}
#: the five-tier (Chase) scheme: the tier names are the colours themselves
TIER_COLORS: dict[str, str] = {
    "blue": "#2b6cb0",
    "green": "#38a169",
    "red": "#c53030",
    "transfer": "#d69e2e",
    "exit": "#718096",
}
#: the six types of the satisfaction x loyalty matrix
LOYALTY_COLORS: dict[str, str] = {
    "apostle": "#1a9850",
    "loyalist": "#91cf60",
    "hostage": "#fdae61",
    "mercenary": "#74add1",
    "defector": "#f46d43",
    "terrorist": "#a50026",
}
#: the groups read from a purchase decile analysis
DECILE_GROUP_COLORS: dict[str, str] = {
    "retain": "#1f5f9e",
    "grow_share_of_wallet": "#38a169",
    "losing_value": "#d69e2e",
    "transactional": "#a0a0a0",
    "relationship": "#5fa2d6",
}
#: measures shown side by side (share of customers vs share of revenue vs profit)
METRIC_COLORS: dict[str, str] = {
    "customers": "#8c8c8c",
    "revenue": "#3a78b5",
    "profit": "#e08a2c",
    "cost": "#b55d5d",
    "margin": "#2e8b57",
}
#: colour for anything not in a palette, and for loss-making bars
OTHER_COLOR = "#bdbdbd"
NEGATIVE_COLOR = "#c53030"

PALETTES: dict[str, dict[str, str]] = {
    "grade": GRADE_COLORS,
    "tier": TIER_COLORS,
    "loyalty": LOYALTY_COLORS,
    "decile_group": DECILE_GROUP_COLORS,
    "metric": METRIC_COLORS,
}


def colors(kind: str, keys: Iterable[Any] | None = None) -> dict[str, str]:
    """The fixed colours of ``kind`` ("grade", "tier", "loyalty", "decile_group", "metric").

    With ``keys``, one colour per key in that order; keys not in the palette get
    :data:`OTHER_COLOR`. Matching ignores case, so "a" and "A" share a colour.

    >>> colors("grade", ["A", "C"])
    {'A': '#1f5f9e', 'C': '#b9c7d3'}
    >>> colors("loyalty", ["apostle", "unknown"])["unknown"]
    '#bdbdbd'
    """
    if kind not in PALETTES:
        raise ValueError(f"kind must be one of {sorted(PALETTES)}, not {kind!r}")
    palette = PALETTES[kind]
    if keys is None:
        return dict(palette)
    folded = {str(k).casefold(): v for k, v in palette.items()}
    return {str(k): folded.get(str(k).casefold(), OTHER_COLOR) for k in keys}


# ---------------------------------------------------------------- fonts


def cjk_font_path() -> Path | None:
    """Where mplfonts' Noto Sans CJK SC file is, or None when mplfonts is not installed.

    The package is located without importing it (importing mplfonts changes
    matplotlib settings).

    >>> path = cjk_font_path()
    >>> path is None or path.name == "NotoSansCJKsc-Regular.otf"
    True
    """
    try:
        spec = importlib.util.find_spec("mplfonts")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "fonts" / CJK_FONT_FILE
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=1)
def cjk_font_family() -> str | None:
    """Register the bundled CJK font with matplotlib and return its family name.

    Returns None, with a warning that says how to fix it, when the font is missing:
    Chinese labels would then show as empty boxes.

    >>> cjk_font_family() in {"Noto Sans CJK SC", None}
    True
    """
    path = cjk_font_path()
    if path is None:
        warnings.warn(
            "Chinese font not found: the mplfonts package (which ships "
            f"{CJK_FONT_FILE}) is not installed, so Chinese chart labels will show as "
            "boxes. Install it with `pip install mplfonts~=0.0.11` (it is in "
            "requirements.txt), or draw the charts with lang='en'.",
            UserWarning,
            stacklevel=2,
        )
        return None
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    logging.getLogger("matplotlib.font_manager").addFilter(_NoBoldCJKNotice(family))
    return family


class _NoBoldCJKNotice(logging.Filter):
    """Drop matplotlib's notice that the CJK font has no bold face (it is used as regular)."""

    def __init__(self, family: str) -> None:
        super().__init__()
        self.family = family

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (
            message.startswith("findfont: Failed to find font weight") and self.family in message
        )


def font_families(lang: str = "en") -> list[str]:
    """Font families for ``lang``, first choice first; the other one is a fallback.

    English text uses DejaVu Sans (shipped with matplotlib) and falls back to the CJK
    font for any Chinese name in the data; Chinese text uses the CJK font first.

    >>> font_families("en")[0], font_families("zh")[0]
    ('DejaVu Sans', 'Noto Sans CJK SC')
    """
    check_lang(lang)
    cjk = cjk_font_family()
    if cjk is None:
        return [LATIN_FAMILY]
    return [LATIN_FAMILY, cjk] if lang == "en" else [cjk, LATIN_FAMILY]


def bold(lang: str = "en") -> str:
    """The font weight for emphasis: "bold", or "normal" for Chinese (no bold face ships).

    >>> bold("en"), bold("zh")
    ('bold', 'normal')
    """
    check_lang(lang)
    return "bold" if lang == "en" or cjk_font_family() is None else "normal"


def darker(color: str, factor: float = 0.65) -> tuple[float, float, float]:
    """``color`` darkened (for text drawn in a light palette colour).

    >>> darker("#ffffff", 0.5)
    (0.5, 0.5, 0.5)
    """
    red, green, blue = mpl.colors.to_rgb(color)
    return (red * factor, green * factor, blue * factor)


def text_color_on(color: str) -> str:
    """White or near-black, whichever reads better on a ``color`` background.

    >>> text_color_on("#1f5f9e"), text_color_on("#b9c7d3")
    ('white', '#222222')
    """
    red, green, blue = mpl.colors.to_rgb(color)
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "white" if luminance < 0.5 else "#222222"


# ---------------------------------------------------------------- style


def rc(lang: str = "en") -> dict[str, Any]:
    """The matplotlib settings of the course look for ``lang`` (seaborn "whitegrid").

    >>> settings = rc("zh")
    >>> settings["font.family"][0], settings["axes.unicode_minus"]
    ('Noto Sans CJK SC', False)
    """
    settings: dict[str, Any] = {}
    settings.update(sns.axes_style("whitegrid"))
    settings.update(sns.plotting_context("notebook", font_scale=0.9))
    families = font_families(lang)
    settings.update(
        {
            "font.family": families,
            "font.sans-serif": families,
            # the CJK font has no Unicode minus sign; the hyphen renders everywhere
            "axes.unicode_minus": False,
            # the bundled CJK font has no bold face: Chinese titles stay regular
            "axes.titleweight": bold(lang),
            "axes.titlelocation": "left",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "figure.figsize": (FIG_WIDTH, 4.5),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "savefig.bbox": "tight",
            "figure.constrained_layout.use": False,
            "image.cmap": "Blues",
            "axes.prop_cycle": mpl.cycler(color=list(METRIC_COLORS.values())[1:3]),
            "svg.hashsalt": "customer-course",
        }
    )
    return settings


def set_theme(lang: str = "en") -> None:
    """Apply the course look to every chart a notebook draws from now on.

    >>> import matplotlib as mpl
    >>> with mpl.rc_context():  # a notebook calls set_theme() once, at the top
    ...     set_theme("zh")
    ...     mpl.rcParams["font.family"][0]
    'Noto Sans CJK SC'
    """
    mpl.rcParams.update(rc(lang))


@contextmanager
def theme_context(lang: str = "en") -> Iterator[None]:
    """Draw inside the course look for ``lang`` and restore the settings afterwards.

    >>> import matplotlib.pyplot as plt
    >>> with theme_context("zh"):
    ...     fig, ax = plt.subplots()
    ...     title = ax.set_title("客户分级")
    >>> title.get_fontfamily()[0]
    'Noto Sans CJK SC'
    >>> plt.close(fig)
    """
    with plt.rc_context(rc(lang)):
        yield


def apply_fonts(artist: Artist | Figure, lang: str = "en") -> None:
    """Give every text in ``artist`` (an Axes or a Figure) the fonts for ``lang``.

    Charts call this on the Axes they drew, so an Axes made before the theme was
    applied still gets Chinese-capable fonts on its titles, labels and ticks.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax.set_xticks([0, 1], ["甲", "乙"])  # doctest: +ELLIPSIS
    [...]
    >>> apply_fonts(ax, "zh")
    >>> ax.get_xticklabels()[0].get_fontfamily()[0]
    'Noto Sans CJK SC'
    >>> plt.close(fig)
    """
    families = font_families(lang)
    axes_list = artist.axes if isinstance(artist, Figure) else [artist]
    texts: list[Text] = []
    for axes in axes_list:
        # materialise the tick labels: ticks drawn later copy the first one's font
        texts += axes.get_xticklabels(which="both") + axes.get_yticklabels(which="both")
        for axis in (axes.xaxis, axes.yaxis):
            texts += [tick.label1 for tick in axis.get_major_ticks()[:1]]
        texts += list(axes.findobj(Text))
    if isinstance(artist, Figure):
        texts += list(artist.findobj(Text))
    for text in texts:
        text.set_fontfamily(families)


# ---------------------------------------------------------------- numbers


def thousands(x: float, decimals: int = 0) -> str:
    """A number with thousands separators: ``thousands(1234.5, 1) == '1,234.5'``.

    >>> thousands(-9876543), thousands(1234.5, 1)
    ('-9,876,543', '1,234.5')
    """
    return f"{x:,.{decimals}f}"


def percent(x: float, decimals: int = 0) -> str:
    """A share (0.25 is a quarter) as a percentage.

    >>> percent(0.25), percent(0.1234, 1), percent(-0.05), percent(-0.001)
    ('25%', '12.3%', '-5%', '0%')
    """
    text = f"{x * 100:.{decimals}f}"
    return ("0" if float(text) == 0 else text) + "%"  # never "-0%"


def compact(x: float, lang: str = "en") -> str:
    """A large amount in short form: 1.2M / 3.4K in English, 120万 / 3.4亿 in Chinese.

    >>> compact(1_234_567), compact(1_234_567, "zh"), compact(950), compact(2_000_000)
    ('1.2M', '123.5万', '950', '2M')
    """
    check_lang(lang)
    size = abs(x)
    if lang == "zh":
        steps = [(1e8, "亿"), (1e4, "万")]
    else:
        steps = [(1e9, "B"), (1e6, "M"), (1e3, "K")]
    for step, suffix in steps:
        if size >= step:
            return f"{x / step:,.1f}".removesuffix(".0") + suffix
    return f"{x:,.0f}"


def thousands_formatter(decimals: int = 0) -> FuncFormatter:
    """A tick formatter with thousands separators (for ``ax.yaxis.set_major_formatter``).

    >>> thousands_formatter()(25000, 0)
    '25,000'
    """
    return FuncFormatter(lambda x, _pos: thousands(x, decimals))


def compact_formatter(lang: str = "en") -> FuncFormatter:
    """A tick formatter for large amounts (:func:`compact`).

    >>> compact_formatter("zh")(2_500_000, 0)
    '250万'
    """
    return FuncFormatter(lambda x, _pos: compact(x, lang))


def percent_formatter(decimals: int = 0) -> PercentFormatter:
    """A tick formatter for shares between 0 and 1.

    >>> percent_formatter().format_pct(0.8, display_range=1.0)
    '80%'
    """
    return PercentFormatter(xmax=1.0, decimals=decimals)


def palette_for(kind: str, keys: Iterable[Any]) -> list[str]:
    """Colours for ``keys`` as a list (what seaborn's ``palette=`` accepts).

    >>> palette_for("tier", ["red", "exit"])
    ['#c53030', '#718096']
    """
    return list(colors(kind, keys).values())


def legend_handles(mapping: Mapping[str, str], labels: Mapping[str, str] | None = None) -> list:
    """Square legend handles for a {key: colour} mapping, labelled by ``labels[key]``.

    >>> [h.get_label() for h in legend_handles({"A": "#000"}, {"A": "grade A"})]
    ['grade A']
    """
    from matplotlib.patches import Patch

    labels = labels or {}
    return [
        Patch(facecolor=c, edgecolor="none", label=labels.get(k, k)) for k, c in mapping.items()
    ]
