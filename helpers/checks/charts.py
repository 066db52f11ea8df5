"""Comparing a chart answer with what it should show (图表自检).

A chart passes when it is of a kind the question allows (bars, vertical or horizontal,
lines, a pie...), shows the expected values in any order (a pie by its proportions),
and has the axis labels and the title the question asks for. Values drawn scaled by
100 (percent), 1,000 or a million are recognised and accepted, and the check says so.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> ax = pd.Series([0.25, 0.75], index=["A", "B"]).mul(100).plot.bar()
>>> spec = ChartSpec([np.array([0.25, 0.75])], what=Hint("x", "one bar per grade"))
>>> compare_chart(ax, spec).reason.text()
'label the axes: neither axis has a label'
>>> _ = ax.set(xlabel="grade", ylabel="share (%)")
>>> compare_chart(ax, spec).reason.text()
'give the chart a title'
>>> _ = ax.set_title("Revenue share by grade")
>>> compare_chart(ax, spec).note.text()
'drawn as percentages (x 100)'
>>> plt.close("all")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from helpers.checks.core import CORRECT
from helpers.checks.messages import N_, Hint
from helpers.checks.values import RIGHT, Outcome, type_name, wrong

KIND_WORDS = {
    "bar": N_("a bar chart"),
    "line": N_("a line chart"),
    "pie": N_("a pie chart"),
    "scatter": N_("a scatter plot"),
}

SCALES = (
    (100.0, N_("drawn as percentages (x 100)")),
    (1000.0, N_("drawn 1,000 times larger")),
    (1e-3, N_("drawn in thousands")),
    (1e-6, N_("drawn in millions")),
    (1e-2, N_("drawn in hundreds")),
)


@dataclass(frozen=True)
class ChartSpec:
    """What a chart answer must show.

    ``values``: the acceptable sets of values (the chart shows one of them, in any
    order); ``kinds``: the chart kinds the question allows; ``title`` / ``labels``:
    whether the question asks for a title / axis labels.
    """

    values: list[np.ndarray]
    what: Hint
    kinds: tuple[str, ...] = ("bar",)
    title: bool = True
    labels: bool = True


def find_axes(chart: Any):
    """The matplotlib Axes of an Axes, a Figure, a seaborn grid or an array of Axes (the
    one with the most marks when there are several)."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(chart, Axes):
        return chart
    axes: list = []
    if isinstance(chart, Figure):
        axes = list(chart.axes)
    elif hasattr(chart, "ax") and isinstance(chart.ax, Axes):
        return chart.ax
    elif hasattr(chart, "figure") and hasattr(chart.figure, "axes") and not isinstance(chart, Axes):
        axes = list(chart.figure.axes)
    elif isinstance(chart, np.ndarray | list | tuple) and len(chart):
        axes = [a for a in np.ravel(np.asarray(chart, dtype=object)) if isinstance(a, Axes)]
    if not axes:
        return None
    return max(axes, key=lambda a: len(drawn(a)[1]))


def drawn(ax) -> tuple[str | None, np.ndarray]:
    """(kind, values) of what is drawn: bar lengths, pie proportions, line or point y."""
    from matplotlib.container import BarContainer
    from matplotlib.patches import Wedge

    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    if bars:
        values = []
        for container in bars:
            horizontal = getattr(container, "orientation", "vertical") == "horizontal"
            values += [p.get_width() if horizontal else p.get_height() for p in container]
        return "bar", np.asarray(values, dtype=float)
    wedges = [p for p in ax.patches if isinstance(p, Wedge)]
    if wedges:
        angles = np.array([(w.theta2 - w.theta1) % 360 or 360 for w in wedges], dtype=float)
        return "pie", angles / angles.sum()
    lines = [
        np.asarray(line.get_ydata(), dtype=float)
        for line in ax.lines
        if line.get_transform() is ax.transData
    ]
    if lines:
        return "line", np.concatenate(lines)
    points = [np.asarray(c.get_offsets())[:, 1] for c in ax.collections if len(c.get_offsets())]
    if points:
        return "scatter", np.concatenate(points).astype(float)
    return None, np.array([])


def _same(got: np.ndarray, want: np.ndarray, rel: float = 1e-6) -> bool:
    got = np.sort(got[np.isfinite(got)])
    want = np.sort(want[np.isfinite(want)])
    return len(got) == len(want) and bool(np.allclose(got, want, rtol=rel, atol=1e-9))


def _shows(kind: str, values: np.ndarray, want: np.ndarray) -> tuple[bool, Hint | None]:
    """Whether ``values`` drawn as ``kind`` show ``want``, and the note on their scale."""
    want = np.asarray(want, dtype=float)
    if kind == "pie":
        total = np.nansum(want)
        return bool(total > 0) and _same(values, want / total, rel=1e-4), None
    if _same(values, want):
        return True, None
    for factor, note in SCALES:
        if _same(values, want * factor):
            return True, Hint(f"scaled_{factor:g}", note)
    return False, None


def compare_chart(answer: Any, spec: ChartSpec, *, check_form: bool = True) -> Outcome:
    """Is ``answer`` a chart that shows one of ``spec.values``? With ``check_form``, the
    kind, the axis labels and the title are checked too."""
    ax = find_axes(answer)
    if ax is None:
        return wrong("not_a_chart", N_("expected a chart (the Axes that plot() returns, or a "
                                       "Figure), got {kind}"), kind=type_name(answer))  # fmt: skip
    kind, values = drawn(ax)
    if kind is None:
        return wrong("empty", N_("nothing is drawn on the chart yet"))
    if check_form and kind not in spec.kinds:
        allowed = [Hint("kind", KIND_WORDS[k]) for k in spec.kinds]
        return wrong("kind_not_allowed", N_("this question asks for {allowed}; yours is {kind}"),
                     allowed=allowed[0] if len(allowed) == 1 else _either(allowed),
                     kind=Hint("kind", KIND_WORDS[kind]))  # fmt: skip
    note = None
    for want in spec.values:
        ok, note = _shows(kind, values, want)
        if ok:
            break
    else:
        counts = {len(np.asarray(w)[np.isfinite(np.asarray(w, dtype=float))]) for w in spec.values}
        shown = int(np.isfinite(values).sum())
        if shown not in counts:
            return wrong("value_count", N_("the chart shows {shown} values, expected {what}"),
                         shown=shown, what=spec.what)  # fmt: skip
        return wrong("other_values", N_("the chart shows other values than expected: {what}"),
                     what=spec.what)  # fmt: skip
    if not check_form:
        return RIGHT
    if spec.labels and kind != "pie":
        missing = [name for name in ("x", "y") if not getattr(ax, f"get_{name}label")().strip()]
        if len(missing) == 2:
            return wrong("no_axis_label", N_("label the axes: neither axis has a label"))
        if missing == ["x"]:
            return wrong("no_axis_label", N_("label the axes: the x axis has no label"))
        if missing == ["y"]:
            return wrong("no_axis_label", N_("label the axes: the y axis has no label"))
    if spec.title:
        suptitle = getattr(ax.figure, "_suptitle", None)
        titles = [ax.get_title(loc=where).strip() for where in ("left", "center", "right")]
        has_title = any(titles) or bool(suptitle and suptitle.get_text().strip())
        if not has_title:
            return wrong("no_title", N_("give the chart a title"))
    return Outcome(CORRECT, note=note)


def _either(words: list[Hint]) -> Hint:
    """ "a bar chart or a pie chart" (two) / "a bar chart, a line chart or a pie chart"."""
    values = {f"w{i}": w for i, w in enumerate(words)}
    if len(words) == 2:
        return Hint("kinds", N_("{w0} or {w1}"), values)
    return Hint("kinds", N_("{w0}, {w1} or {w2}"), dict(list(values.items())[:3]))


def as_values(values: Any) -> np.ndarray:
    """Expected chart values as a float array (a Series, a list, an array)."""
    if isinstance(values, pd.DataFrame):
        values = values.to_numpy().ravel()
    return np.asarray(values, dtype=float).ravel()
