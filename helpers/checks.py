"""Self-checks for the workbook: "correct", "not yet" with a hint, or "not answered yet".

Every computing question in a workbook ends with a check such as::

    check.number(n_orders, orders["order_id"].nunique(), question="Q2",
                 alternatives={"you counted order lines, not orders: use nunique()": len(orders)})

The expected answer is computed in the notebook from the data and parameters of the
run, so the checks stay valid when a trainer re-runs the workbook on other data.
Each check prints one line and returns a :class:`CheckResult`:

- ``✅ Q2 correct``
- ``❌ Q2 not yet: <what differs>``, the hint names the typical mistake it recognised
  (a wrong column, ascending instead of descending, off by a factor of 100, counting
  order lines instead of orders, or one of the ``alternatives`` the notebook computed,
  such as keeping the cancelled orders or using the wrong as-of date);
- ``⏳ Q2 not answered yet`` while the answer is still ``None`` (or ``...``).

The checks: :func:`number` (a count, a total, a share), :func:`value` (an id, a date,
a label), :func:`table` (a DataFrame or Series), :func:`choice` (a parameter the
student chose), :func:`chart` (a matplotlib Axes); :func:`summary` lists the latest
result of every question.

Run mode (:func:`configure`): in ``"exercise"`` mode a check that is not correct only
prints, so a student can run the whole notebook; in ``"solution"`` mode it raises
:class:`CheckFailed`, so a solution whose answers drift from its checks cannot pass.
The default mode comes from the environment variable ``COURSE_CHECK_MODE``
(``"exercise"`` when it is unset).

>>> import pandas as pd
>>> from helpers import checks as check
>>> check.configure(mode="exercise")
>>> result = check.number(42, 42, question="Q1")
✅ Q1 correct
>>> result = check.number(4200, 42, question="Q1")
❌ Q1 not yet: off by a factor of 100 (a percentage instead of a share, or cents?)
>>> result.correct
False
>>> result = check.number(None, 42, question="Q1")
⏳ Q1 not answered yet
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

MODES = ("exercise", "solution")
ENV_MODE = "COURSE_CHECK_MODE"

CORRECT = "correct"
NOT_YET = "not yet"
NOT_ANSWERED = "not answered"
_ICONS = {CORRECT: "✅", NOT_YET: "❌", NOT_ANSWERED: "⏳"}

_mode: str | None = None
_results: dict[str, CheckResult] = {}


class CheckFailed(AssertionError):
    """A self-check that did not pass while running in ``"solution"`` mode."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one self-check.

    >>> r = CheckResult("Q1", NOT_YET, "too high by 5.0%")
    >>> r.line
    '❌ Q1 not yet: too high by 5.0%'
    >>> bool(r), r.answered
    (False, True)
    """

    question: str
    status: str  # "correct", "not yet" or "not answered"
    hint: str = ""

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    @property
    def answered(self) -> bool:
        return self.status != NOT_ANSWERED

    @property
    def line(self) -> str:
        """The one line a student sees."""
        icon = _ICONS[self.status]
        if self.status == CORRECT:
            return f"{icon} {self.question} correct"
        if self.status == NOT_ANSWERED:
            return f"{icon} {self.question} not answered yet"
        return f"{icon} {self.question} not yet: {self.hint}"

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return self.line

    def _ipython_display_(self) -> None:
        """The check already printed its line; showing it again would repeat it."""


# --- run mode ---------------------------------------------------------------------------


def configure(mode: str) -> None:
    """Set the run mode: ``"exercise"`` (print and go on) or ``"solution"`` (raise).

    Configuring also forgets the results of earlier checks (see :func:`summary`).

    >>> configure(mode="solution"); current_mode()
    'solution'
    >>> configure(mode="exam")
    Traceback (most recent call last):
    ...
    ValueError: mode must be one of ('exercise', 'solution'), not 'exam'
    >>> configure(mode="exercise")
    """
    global _mode
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    _mode = mode
    _results.clear()


def current_mode() -> str:
    """The run mode in force: the configured one, else ``$COURSE_CHECK_MODE``, else exercise."""
    if _mode is not None:
        return _mode
    env = os.environ.get(ENV_MODE, "exercise")
    if env not in MODES:
        raise ValueError(f"${ENV_MODE} must be one of {MODES}, not {env!r}")
    return env


@contextmanager
def mode(name: str):
    """Run a block in another mode, then restore the previous one.

    >>> with mode("solution"):
    ...     number(1, 2, question="Q9")
    Traceback (most recent call last):
    ...
    helpers.checks.CheckFailed: ❌ Q9 not yet: too low by 50.0%
    """
    global _mode
    previous = _mode
    if name not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {name!r}")
    _mode = name
    try:
        yield
    finally:
        _mode = previous


def summary() -> pd.DataFrame:
    """The latest result of every question checked since :func:`configure`, in order.

    >>> configure(mode="exercise")
    >>> _ = number(3, 3, question="Q1"); _ = number(None, 3, question="Q2")
    ✅ Q1 correct
    ⏳ Q2 not answered yet
    >>> summary()
             status hint
    question
    Q1       correct
    Q2  not answered
    """
    rows = [{"question": r.question, "status": r.status, "hint": r.hint} for r in _results.values()]
    table = pd.DataFrame(rows, columns=["question", "status", "hint"])
    return table.set_index("question")


def _report(result: CheckResult) -> CheckResult:
    _results[result.question] = result
    print(result.line)
    if current_mode() == "solution" and not result.correct:
        raise CheckFailed(result.line)
    return result


def _unanswered(answer: Any) -> bool:
    return answer is None or answer is Ellipsis


# --- numbers ----------------------------------------------------------------------------


def _as_number(answer: Any) -> float | str:
    """The answer as a float, or a hint saying why it is not a number."""
    if isinstance(answer, bool | np.bool_):
        return f"expected a number, got {answer!r}"
    if isinstance(answer, pd.Series | pd.DataFrame | pd.Index | np.ndarray | list | tuple):
        size = np.size(answer)
        kind = type(answer).__name__
        if size == 1:
            return f"expected a single number, got a {kind} holding one value: take .item()"
        return f"expected a single number, got a {kind} of {size} values"
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return f"expected a number, got {type(answer).__name__} {answer!r}"
    return value


def _close(a: float, b: float, tol: float | None, rel: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= max(tol if tol is not None else 1e-9, rel * abs(b))


_FACTOR_HINTS = {
    100.0: "off by a factor of 100 (a percentage instead of a share, or cents?)",
    0.01: "off by a factor of 100 (a share instead of a percentage?)",
}


def _factor_hint(value: float, expected: float) -> str:
    """Describe how a wrong number differs: a power of ten, the sign, or how far off."""
    if expected == 0 or math.isnan(value) or math.isnan(expected):
        return f"expected {expected:g}" if expected == 0 else "the value is not a number (NaN)"
    ratio = value / expected
    if math.isclose(ratio, -1, rel_tol=1e-6):
        return "right size but the wrong sign"
    for factor in (10.0, 100.0, 1000.0, 1e6, 0.1, 0.01, 0.001, 1e-6):
        if math.isclose(ratio, factor, rel_tol=1e-6):
            return _FACTOR_HINTS.get(factor, f"off by a factor of {factor:g}")
    direction = "high" if value > expected else "low"
    return f"too {direction} by {abs(ratio - 1):.1%}"


def number(
    answer: Any,
    expected: float,
    *,
    question: str,
    tol: float | None = None,
    rel: float = 1e-6,
    alternatives: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Check a single number (a count, a total, a share).

    Correct when within ``tol`` (absolute) or ``rel`` (relative) of ``expected``.
    ``alternatives`` maps a hint to the value a typical mistake produces (or a list of
    values, when the mistake can be made in several ways); an answer equal to one of
    them gets that hint.

    >>> configure(mode="exercise")
    >>> r = number(12, 10, question="Q2", alternatives={"you counted order lines": 12})
    ❌ Q2 not yet: you counted order lines
    >>> r = number(7, 10, question="Q2", alternatives={"measured from today": [6, 7]})
    ❌ Q2 not yet: measured from today
    >>> r = number(10.004, 10, question="Q2", tol=0.01)
    ✅ Q2 correct
    >>> r = number(11, 10, question="Q2")
    ❌ Q2 not yet: too high by 10.0%
    """
    if _unanswered(answer):
        return _report(CheckResult(question, NOT_ANSWERED))
    value = _as_number(answer)
    if isinstance(value, str):
        return _report(CheckResult(question, NOT_YET, value))
    expected = float(expected)
    if _close(value, expected, tol, rel):
        return _report(CheckResult(question, CORRECT))
    for hint, alternative in (alternatives or {}).items():
        if any(_close(value, float(a), tol, rel) for a in np.atleast_1d(alternative)):
            return _report(CheckResult(question, NOT_YET, hint))
    return _report(CheckResult(question, NOT_YET, _factor_hint(value, expected)))


# --- single values: ids, dates, labels -----------------------------------------------------


def _same_value(answer: Any, expected: Any) -> bool:
    if isinstance(expected, pd.Timestamp):
        try:
            stamp = pd.Timestamp(answer)
        except (TypeError, ValueError):
            return False
        if expected == expected.normalize():  # a day: the time of day does not matter
            stamp = stamp.normalize()
        return stamp == expected
    if isinstance(expected, float | np.floating):
        value = _as_number(answer)
        return not isinstance(value, str) and _close(value, float(expected), None, 1e-6)
    try:
        return bool(answer == expected)
    except (TypeError, ValueError):
        return False


def value(
    answer: Any,
    expected: Any,
    *,
    question: str,
    alternatives: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Check one value that is not a plain number: a customer id, a date, a label.

    Dates may be given as text ("2024-03-01"), dates or timestamps; when ``expected`` is
    a day (midnight), the time of day of the answer does not count. A date a few days
    off says how many days and in which direction.

    >>> configure(mode="exercise")
    >>> r = value("2024-03-01", pd.Timestamp("2024-03-02"), question="Q3")
    ❌ Q3 not yet: 1 day earlier than expected
    >>> r = value(pd.Timestamp("2024-03-02 14:30"), pd.Timestamp("2024-03-02"), question="Q3")
    ✅ Q3 correct
    >>> r = value(42, "C00042", question="Q4")
    ❌ Q4 not yet: expected text (str) like 'C00042', got int 42
    >>> r = value("C00042", "C00042", question="Q4")
    ✅ Q4 correct
    """
    if _unanswered(answer):
        return _report(CheckResult(question, NOT_ANSWERED))
    if _same_value(answer, expected):
        return _report(CheckResult(question, CORRECT))
    for hint, alternative in (alternatives or {}).items():
        if _same_value(answer, alternative):
            return _report(CheckResult(question, NOT_YET, hint))
    return _report(CheckResult(question, NOT_YET, _value_hint(answer, expected)))


def _value_hint(answer: Any, expected: Any) -> str:
    if isinstance(answer, pd.Series | pd.DataFrame | pd.Index | np.ndarray | list | tuple):
        return f"expected a single value, got a {type(answer).__name__} of {np.size(answer)}"
    if isinstance(expected, pd.Timestamp):
        try:
            stamp = pd.Timestamp(answer)
            if expected == expected.normalize():
                stamp = stamp.normalize()
            days = (stamp - expected) / pd.Timedelta(days=1)
        except (TypeError, ValueError):
            return f"expected a date, got {type(answer).__name__} {answer!r}"
        way = "later" if days > 0 else "earlier"
        unit = "day" if abs(days) == 1 else "days"
        return f"{abs(days):g} {unit} {way} than expected"
    if type(answer) is not type(expected) and not isinstance(expected, np.generic):
        kind = "text (str)" if isinstance(expected, str) else type(expected).__name__
        return f"expected {kind} like {expected!r}, got {type(answer).__name__} {answer!r}"
    return f"{answer!r} is not the expected value"


# --- tables -------------------------------------------------------------------------------


def _as_frame(obj: pd.Series | pd.DataFrame) -> pd.DataFrame:
    if isinstance(obj, pd.Series):
        return obj.to_frame(name=obj.name if obj.name is not None else "value")
    return obj


def _is_default_index(index: pd.Index) -> bool:
    return isinstance(index, pd.RangeIndex) and index.name is None


def _align_index(answer: pd.DataFrame, expected: pd.DataFrame) -> pd.DataFrame:
    """Forgive where the key sits: in the index or in a column, as long as it is there."""
    names = [n for n in expected.index.names if n is not None]
    if _is_default_index(expected.index):
        if not _is_default_index(answer.index) and all(
            n in expected.columns for n in answer.index.names
        ):
            return answer.reset_index()
        return answer.reset_index(drop=True)
    if (
        names
        and _is_default_index(answer.index)
        and len(names) == expected.index.nlevels
        and all(n in answer.columns for n in names)
    ):
        return answer.set_index(names)
    return answer


def _column_equal(a: pd.Series, e: pd.Series, rel: float, tol: float | None) -> np.ndarray:
    """Element-wise equality: numbers within tolerance, dates as dates, the rest exactly."""
    if pd.api.types.is_numeric_dtype(e) and not pd.api.types.is_bool_dtype(e):
        av = pd.to_numeric(a, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        ev = e.to_numpy(dtype=float, na_value=np.nan)
        atol = tol if tol is not None else 1e-9
        return np.isclose(av, ev, rtol=rel, atol=atol, equal_nan=True)
    if pd.api.types.is_datetime64_any_dtype(e):
        a = pd.to_datetime(a, errors="coerce")
    both_na = a.isna().to_numpy() & e.isna().to_numpy()
    same = (a.astype(object).to_numpy() == e.astype(object).to_numpy()).astype(bool)
    return same | both_na


def _compare(
    answer: pd.Series | pd.DataFrame,
    expected: pd.Series | pd.DataFrame,
    *,
    check_order: bool,
    sort_by: str | None,
    rel: float,
    tol: float | None,
) -> str | None:
    """None when ``answer`` matches ``expected``, else a hint saying what differs."""
    if not isinstance(answer, pd.Series | pd.DataFrame):
        want = "table (DataFrame)" if isinstance(expected, pd.DataFrame) else "Series"
        return f"expected a {want}, got {type(answer).__name__}"
    exp = _as_frame(expected)
    ans = _as_frame(answer)
    if isinstance(expected, pd.Series) and isinstance(answer, pd.Series):
        ans = ans.set_axis(exp.columns, axis=1)  # a Series' name is not part of the answer
    elif isinstance(expected, pd.Series) and ans.shape[1] == 1:
        ans = ans.set_axis(exp.columns, axis=1)
    ans = _align_index(ans, exp)

    missing = [c for c in exp.columns if c not in ans.columns]
    extra = [c for c in ans.columns if c not in exp.columns]
    if missing:
        hint = f"column {_names(missing)} {'is' if len(missing) == 1 else 'are'} missing"
        if extra:
            hint += f"; found {_names(extra)} instead: rename or choose the right column"
        return hint
    if extra and isinstance(expected, pd.DataFrame):
        return (
            f"unexpected column {_names(extra)}: the table should only have {_names(exp.columns)}"
        )
    ans = ans[list(exp.columns)]

    if len(ans) != len(exp):
        more = "more" if len(ans) > len(exp) else "fewer"
        return f"{len(ans)} rows, expected {len(exp)} ({more} rows than expected)"

    keyed = not _is_default_index(exp.index)
    as_given = ans
    if keyed:
        unknown = ans.index.difference(exp.index)
        if len(unknown):
            return (
                f"{len(unknown)} of {len(ans)} rows are not the expected ones "
                f"(for example {unknown[0]!r})"
            )
        ans = ans.loc[exp.index]  # compare the values row by row first, then the order
    elif not check_order:
        exp = exp.sort_values(list(exp.columns), ignore_index=True)
        ans = ans.sort_values(list(ans.columns), ignore_index=True)

    for column in exp.columns:
        same = _column_equal(ans[column], exp[column], rel, tol)
        if not same.all():
            return _column_hint(ans, exp, column, same, keyed, check_order, sort_by, rel, tol)
    if keyed and check_order and not as_given.index.equals(exp.index):
        if not _sorted_alike(as_given, exp, sort_by):
            return _order_hint(as_given, exp, sort_by)
    return None


def _column_hint(ans, exp, column, same, keyed, check_order, sort_by, rel, tol) -> str:
    if not keyed and check_order:
        # the right values in another order? (a table without row labels)
        resorted = ans.sort_values(list(ans.columns), ignore_index=True)
        wanted = exp.sort_values(list(exp.columns), ignore_index=True)
        if all(_column_equal(resorted[c], wanted[c], rel, tol).all() for c in exp.columns):
            return _order_hint(ans, exp, sort_by)
    bad = int((~same).sum())
    hint = f"column {column!r} differs in {bad} of {len(same)} rows"
    if keyed:
        hint += f" (for example row {exp.index[int(np.argmin(same))]!r})"
    e = exp[column]
    if pd.api.types.is_numeric_dtype(e) and not pd.api.types.is_bool_dtype(e):
        a = pd.to_numeric(ans[column], errors="coerce")
        ratio = (a / e).replace([np.inf, -np.inf], np.nan).dropna()
        if len(ratio) and np.allclose(ratio, ratio.iloc[0], rtol=1e-6):
            factor = _factor_hint(float(ratio.iloc[0]), 1.0)
            if not factor.startswith("too"):
                hint += f": {factor}"
    return hint


def _order_hint(ans: pd.DataFrame, exp: pd.DataFrame, sort_by: str | None) -> str:
    if sort_by is not None and sort_by in exp.columns:
        if exp[sort_by].is_monotonic_decreasing and ans[sort_by].is_monotonic_increasing:
            return f"sorted ascending by {sort_by!r}; expected descending (largest first)"
        if exp[sort_by].is_monotonic_increasing and ans[sort_by].is_monotonic_decreasing:
            return f"sorted descending by {sort_by!r}; expected ascending (smallest first)"
    if list(ans.index) == list(exp.index[::-1]):
        return "the right rows in reverse order: ascending instead of descending?"
    return "the right rows in the wrong order: check the sort"


def _names(columns) -> str:
    return ", ".join(repr(c) for c in columns)


def _sorted_alike(ans: pd.DataFrame, exp: pd.DataFrame, sort_by: str | None) -> bool:
    """Both sorted the same way by ``sort_by`` (rows that tie may then come in any order)."""
    if sort_by is None or sort_by not in exp.columns:
        return False
    want, got = exp[sort_by], pd.to_numeric(ans[sort_by], errors="coerce")
    if want.is_monotonic_decreasing:
        return got.is_monotonic_decreasing
    return want.is_monotonic_increasing and got.is_monotonic_increasing


def table(
    answer: Any,
    expected: pd.Series | pd.DataFrame,
    *,
    question: str,
    check_order: bool = True,
    sort_by: str | None = None,
    rel: float = 1e-6,
    tol: float | None = None,
    alternatives: Mapping[str, pd.Series | pd.DataFrame] | None = None,
) -> CheckResult:
    """Check a table (DataFrame) or Series against the expected one.

    The key may be in the index or in a column; column order does not matter and a
    Series' name is not checked. Row order matters when ``check_order`` (rows that
    tie on ``sort_by`` may come in any order). Hints name a missing or extra column,
    the wrong number of rows, rows that should not be there, a column that differs
    (and by what factor), or ascending instead of descending order. An answer that
    equals one of ``alternatives`` gets that alternative's hint.

    >>> configure(mode="exercise")
    >>> want = pd.Series([30.0, 20.0, 10.0], index=pd.Index(["b", "a", "c"], name="customer_id"))
    >>> r = table(want.sort_values(), want, question="Q5", sort_by="revenue")
    ❌ Q5 not yet: the right rows in reverse order: ascending instead of descending?
    >>> r = table(want.rename("revenue").reset_index(), want.rename("revenue"), question="Q5")
    ✅ Q5 correct
    >>> r = table(want * 100, want, question="Q5")
    ❌ Q5 not yet: column 'value' differs in 3 of 3 rows (...): off by a factor of 100 ...
    """
    if _unanswered(answer):
        return _report(CheckResult(question, NOT_ANSWERED))
    options = {"check_order": check_order, "sort_by": sort_by, "rel": rel, "tol": tol}
    hint = _safe_compare(answer, expected, options)
    if hint is None:
        return _report(CheckResult(question, CORRECT))
    for alt_hint, alternative in (alternatives or {}).items():
        if _safe_compare(answer, alternative, options) is None:
            return _report(CheckResult(question, NOT_YET, alt_hint))
    return _report(CheckResult(question, NOT_YET, hint))


def _safe_compare(answer, expected, options) -> str | None:
    """:func:`_compare`, but a table that cannot be compared is a hint, not a crash."""
    try:
        return _compare(answer, expected, **options)
    except (TypeError, ValueError, KeyError, IndexError) as exc:
        if isinstance(answer, pd.Series | pd.DataFrame) and not answer.index.is_unique:
            return "some row labels appear more than once: group the rows first"
        return f"cannot compare it with the expected table ({type(exc).__name__}: {exc})"


# --- choices and charts ---------------------------------------------------------------------


def choice(
    answer: Any,
    *,
    question: str,
    allowed: Any = None,
    low: float | None = None,
    high: float | None = None,
) -> CheckResult:
    """Check a parameter the student chose: one of ``allowed``, or within ``[low, high]``.

    Any sensible choice is correct here; the defence is written in words below it.

    >>> configure(mode="exercise")
    >>> r = choice(5, question="Q6", low=3, high=20)
    ✅ Q6 correct
    >>> r = choice(100, question="Q6", low=3, high=20)
    ❌ Q6 not yet: 100 is outside the sensible range 3 to 20
    >>> r = choice("weekly", question="Q6", allowed=["M", "W"])
    ❌ Q6 not yet: 'weekly' is not one of 'M', 'W'
    """
    if _unanswered(answer):
        return _report(CheckResult(question, NOT_ANSWERED))
    if allowed is not None and answer not in list(allowed):
        return _report(
            CheckResult(question, NOT_YET, f"{answer!r} is not one of {_names(allowed)}")
        )
    if low is not None or high is not None:
        number_ = _as_number(answer)
        if isinstance(number_, str):
            return _report(CheckResult(question, NOT_YET, number_))
        lo = -math.inf if low is None else low
        hi = math.inf if high is None else high
        if not lo <= number_ <= hi:
            hint = f"{answer!r} is outside the sensible range {low:g} to {high:g}"
            return _report(CheckResult(question, NOT_YET, hint))
    return _report(CheckResult(question, CORRECT))


def _axes(chart: Any):
    """The first matplotlib Axes of an Axes, a Figure, a seaborn grid or an array of Axes."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(chart, Axes):
        return chart
    if isinstance(chart, Figure):
        return chart.axes[0] if chart.axes else None
    if hasattr(chart, "ax") and isinstance(chart.ax, Axes):
        return chart.ax
    if isinstance(chart, np.ndarray) and chart.size and isinstance(chart.flat[0], Axes):
        return chart.flat[0]
    return None


def _drawn_values(ax) -> np.ndarray:
    """Bar heights (or widths of horizontal bars), else the y values of the lines drawn."""
    from matplotlib.patches import Rectangle

    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    if bars:
        heights = np.array([b.get_height() for b in bars])
        widths = np.array([b.get_width() for b in bars])
        xs = np.array([b.get_x() for b in bars])
        horizontal = np.allclose(xs, xs[0]) and not np.allclose(widths, widths[0])
        return widths if horizontal else heights
    lines = [np.asarray(line.get_ydata(), dtype=float) for line in ax.lines]
    lines += [np.asarray(c.get_offsets())[:, 1] for c in ax.collections if len(c.get_offsets())]
    return np.concatenate(lines) if lines else np.array([])


def chart(
    answer: Any,
    *,
    question: str,
    values: pd.Series | np.ndarray | None = None,
    rel: float = 1e-6,
    labels: bool = True,
) -> CheckResult:
    """Check a chart: something is drawn, the axes are labelled, and (if given) the bars
    or line show ``values`` (in any order).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> configure(mode="exercise")
    >>> ax = pd.Series([3.0, 1.0], index=pd.Index(["a", "b"], name="customer")).plot.bar()
    >>> r = chart(ax, question="Q7", values=[1.0, 3.0])
    ❌ Q7 not yet: label the axes: the y axis has no label
    >>> _ = ax.set_ylabel("revenue")
    >>> r = chart(ax, question="Q7", values=[1.0, 3.0])
    ✅ Q7 correct
    >>> r = chart(ax, question="Q7", values=[1.0, 2.0])
    ❌ Q7 not yet: the chart shows other values (2 drawn, 2 expected)
    >>> plt.close("all")
    """
    if _unanswered(answer):
        return _report(CheckResult(question, NOT_ANSWERED))
    ax = _axes(answer)
    if ax is None:
        hint = f"expected a chart (matplotlib Axes or Figure), got {type(answer).__name__}"
        return _report(CheckResult(question, NOT_YET, hint))
    drawn = _drawn_values(ax)
    if drawn.size == 0:
        return _report(CheckResult(question, NOT_YET, "nothing is drawn on the chart yet"))
    if labels:
        unlabelled = [name for name in ("x", "y") if not getattr(ax, f"get_{name}label")()]
        if unlabelled:
            axes = " and ".join(f"the {n} axis" for n in unlabelled)
            verb = "has" if len(unlabelled) == 1 else "have"
            hint = f"label the axes: {axes} {verb} no label"
            return _report(CheckResult(question, NOT_YET, hint))
    if values is not None:
        want = np.sort(np.asarray(values, dtype=float))
        got = np.sort(drawn[np.isfinite(drawn)])
        if len(got) != len(want) or not np.allclose(got, want, rtol=rel, atol=1e-9):
            hint = f"the chart shows other values ({len(got)} drawn, {len(want)} expected)"
            return _report(CheckResult(question, NOT_YET, hint))
    return _report(CheckResult(question, CORRECT))
