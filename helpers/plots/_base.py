"""What every course chart shares: measures, drawn sentences, axes, fonts, value labels."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from helpers import theme
from helpers.glossary import TERMS, label
from helpers.schema import DataError, require_columns

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
