"""Self-checks for the workbook: "correct", "not yet" with a hint, or "not answered yet".

Every exercise starts its checks with the data of the run and then checks each answer
by question; the expected answers are computed inside the course's answer keys
(:mod:`helpers.checks.keys`), from the data and parameters of the run, so the notebook
never shows them and the checks stay valid on a trainer's data::

    run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
    check.start("00_warm_up", run, mode="solution")
    ...
    check.q("Q2", n_orders)
    check.q("Q7", top_customers, top_n=top_n)   # a check may use an earlier choice

Each check prints one line, in the notebook's language, with a text marker beside the
symbol so it reads without an emoji font:

- ``✅ [ok] Q2 correct`` (or ``correct (rounded)``: see :mod:`helpers.checks.policy`);
- ``❌ [not yet] Q2: <what differs>``: the hint names the mistake it recognised
  (order lines instead of orders, ascending instead of descending, a percentage
  instead of a share, the wrong as-of date...), in the student's own units;
- ``⏳ [to do] Q2 not answered yet`` while the answer is still ``None``;
- ``➖ [skipped] Q6: <why>`` when the question needs data the run does not have.

In a notebook, each line also carries a machine-readable record in its output metadata
(``course_check``: exercise, question, status, the id of the mistake...), which a grading
script can count; :func:`summary` lists every question of the exercise.

Run mode: in ``"exercise"`` mode a check that is not correct only prints, so a student can
run the whole notebook; in ``"solution"`` mode it raises :class:`CheckFailed`. The
default comes from ``$COURSE_CHECK_MODE`` (``"exercise"`` when unset).

The generic checks :func:`number`, :func:`value`, :func:`table`, :func:`choice` and
:func:`chart` compare with an expected answer given directly:

>>> import pandas as pd
>>> from helpers import checks as check
>>> check.configure(mode="exercise")
>>> r = check.number(0.614, 0.61437, question="Q1", kind="share")
✅ [ok] Q1 correct (rounded)
>>> r = check.number(61.4, 0.61437, question="Q1", kind="share")
❌ [not yet] Q1: that is a percentage: the question asks for a share between 0 and 1 (0.25 for 25%)
>>> r.mistake
'percent_not_share'
>>> r = check.number(None, 42, question="Q2")
⏳ [to do] Q2 not answered yet
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from helpers.checks.core import (
    CORRECT,
    ENV_MODE,
    MODES,
    NOT_ANSWERED,
    NOT_YET,
    RECORD_KEY,
    SKIPPED,
    STATE,
    SUMMARY_KEY,
    CheckFailed,
    CheckResult,
    Summary,
    configure,
    current_mode,
    mode,
    report,
    result,
)
from helpers.checks.core import RESULTS as _RESULTS
from helpers.checks.core import summary as _summary
from helpers.checks.keys import KEYS
from helpers.checks.keys.base import (
    AnswerKey,
    AnyOf,
    Chart,
    Choice,
    Expected,
    Number,
    Skip,
    Table,
    Value,
    judge,
)
from helpers.checks.messages import Hint
from helpers.checks.policy import KINDS, NUMBER, Kind
from helpers.checks.values import Outcome

__all__ = [
    "CORRECT",
    "NOT_YET",
    "NOT_ANSWERED",
    "SKIPPED",
    "MODES",
    "ENV_MODE",
    "RECORD_KEY",
    "SUMMARY_KEY",
    "CheckFailed",
    "CheckResult",
    "Summary",
    "configure",
    "current_mode",
    "mode",
    "start",
    "q",
    "key",
    "summary",
    "last",
    "number",
    "value",
    "table",
    "choice",
    "chart",
]


def start(exercise: str, run, *, mode: str | None = None, **parameters: Any) -> AnswerKey:
    """Start the checks of ``exercise`` on the data of ``run`` (what ``lesson.start``
    returned); ``parameters`` are the notebook parameters the exercise uses. Earlier
    results are forgotten; the checks speak the run's language.
    """
    if exercise not in KEYS:
        raise ValueError(f"no answer key for {exercise!r}; the exercises are {sorted(KEYS)}")
    configure(mode or current_mode(), lang=run.lang)
    STATE.exercise = exercise
    STATE.key = KEYS[exercise](run, **parameters)
    return STATE.key


def key() -> AnswerKey:
    """The answer key in use (started by :func:`start`)."""
    if STATE.key is None:
        raise RuntimeError('no exercise started: call check.start("NN_topic", run) first')
    return STATE.key


def _unanswered(answer: Any) -> bool:
    return answer is None or answer is Ellipsis


def _to_result(question: str, outcome: Outcome) -> CheckResult:
    return result(question, outcome.status, reason=outcome.reason, rounded=outcome.rounded,
                  note=outcome.note)  # fmt: skip


def q(question: str, answer: Any, **context: Any) -> CheckResult:
    """Check the answer to ``question`` ("Q3", or "Q3 first day" for a part) against the
    answer key; ``context`` passes the student's earlier choices the question builds on."""
    answer_key = key()
    if question not in answer_key.questions:
        raise KeyError(
            f"{answer_key.exercise} has no question {question!r}; its questions are "
            f"{list(answer_key.questions)}"
        )
    expected = answer_key.expected(question, **context)
    if _unanswered(answer) and not isinstance(expected, Skip):
        return report(result(question, NOT_ANSWERED))
    outcome = judge(answer, expected, answer_key.questions[question].hints)
    return report(_to_result(question, outcome))


def summary() -> Summary:
    """Every question's latest result (all the questions of the exercise once started)."""
    questions = list(STATE.key.questions) if STATE.key is not None else None
    return _summary(questions)


def last(question: str) -> CheckResult | None:
    """The latest result of ``question`` (None when it has not been checked)."""
    return _RESULTS.get(question)


# --- generic checks with the expected answer given ------------------------------------------------


def _kind(kind: str | Kind | None, tol: float | None, rel: float | None) -> Kind:
    found = KINDS[kind] if isinstance(kind, str) else (kind or NUMBER)
    if tol is not None or rel is not None:
        found = replace(found, exact_abs=tol if tol is not None else found.exact_abs,
                        exact_rel=rel if rel is not None else found.exact_rel)  # fmt: skip
    return found


def _mistakes(alternatives: Mapping[str, Any] | None) -> tuple[dict, dict]:
    """{hint: wrong answer} -> (wrong answers by id, hints by id)."""
    wrong, hints = {}, {}
    for i, (text, answer) in enumerate((alternatives or {}).items()):
        wrong[f"alternative_{i + 1}"] = answer
        hints[f"alternative_{i + 1}"] = text
    return wrong, hints


def _check(question: str, answer: Any, expected: Expected, hints: dict) -> CheckResult:
    if _unanswered(answer):
        return report(result(question, NOT_ANSWERED))
    return report(_to_result(question, judge(answer, expected, hints)))


def _any_of(value: Any) -> Any:
    if isinstance(value, list | np.ndarray) and not isinstance(value, AnyOf):
        return AnyOf(*value)
    return value


def number(
    answer: Any,
    expected: float,
    *,
    question: str,
    kind: str | Kind | None = None,
    tol: float | None = None,
    rel: float | None = None,
    alternatives: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Check a number; ``kind`` ("count", "share", "money", "ratio", "days") sets the
    precision (see :mod:`helpers.checks.policy`); ``alternatives`` maps a hint to the
    value (or list of values) a typical mistake gives.

    >>> configure(mode="exercise")
    >>> r = number(7, 10, question="Q2", kind="count", alternatives={"measured from today": [6, 7]})
    ❌ [not yet] Q2: measured from today
    >>> r = number(11, 10, question="Q2", kind="count")
    ❌ [not yet] Q2: too high by 1 (10%)
    """
    wrong, hints = _mistakes(alternatives)
    wrong = {k: _any_of(v) for k, v in wrong.items()}
    return _check(
        question, answer, Number(float(expected), _kind(kind, tol, rel), wrong=wrong), hints
    )


def value(answer: Any, expected: Any, *, question: str,
          alternatives: Mapping[str, Any] | None = None) -> CheckResult:  # fmt: skip
    """Check an id, a label or a date (text, date or timestamp; a day ignores the time).

    >>> configure(mode="exercise")
    >>> r = value("2024-03-01", pd.Timestamp("2024-03-02"), question="Q3")
    ❌ [not yet] Q3: 1 day earlier than expected
    >>> r = value(12346, "12346", question="Q4")
    ✅ [ok] Q4 correct
    """
    wrong, hints = _mistakes(alternatives)
    return _check(question, answer, Value(expected, wrong=wrong), hints)


def table(
    answer: Any,
    expected: pd.Series | pd.DataFrame,
    *,
    question: str,
    what: str = "the expected table",
    ordered: bool = False,
    named: bool = False,
    kinds: Mapping[str, str | Kind] | None = None,
    alternatives: Mapping[str, Any] | None = None,
) -> CheckResult:
    """Check a table (DataFrame or Series) in any reasonable form (see
    :mod:`helpers.checks.tables`); ``ordered`` for rankings."""
    wrong, hints = _mistakes(alternatives)
    kinds = {c: (KINDS[k] if isinstance(k, str) else k) for c, k in (kinds or {}).items()}
    spec = Table(expected, Hint("what", what), ordered, named, kinds, wrong=wrong)
    return _check(question, answer, spec, hints)


def choice(answer: Any, *, question: str, allowed: Any = None, low: float | None = None,
           high: float | None = None, whole: bool = False) -> CheckResult:  # fmt: skip
    """Check a parameter the student chose: one of ``allowed``, or within [low, high].

    >>> configure(mode="exercise")
    >>> r = choice(5, question="Q6", low=3, high=20)
    ✅ [ok] Q6 correct
    >>> r = choice("-0.3", question="Q6", low=-0.9, high=0)
    ❌ [not yet] Q6: '-0.3' is text: write the number itself, without quotes
    """
    allowed = list(allowed) if allowed is not None else None
    spec = Choice(low=low, high=high, allowed=allowed, whole=whole)
    return _check(question, answer, spec, {})


def chart(answer: Any, *, question: str, values: Any, what: str = "the expected values",
          kinds: tuple[str, ...] = ("bar", "line"), title: bool = False,
          labels: bool = True) -> CheckResult:  # fmt: skip
    """Check a chart: a kind in ``kinds``, the ``values`` drawn (in any order, scaled by
    100 or 1,000 accepted), axis labels and, if asked, a title."""
    spec = Chart(values, Hint("what", what), tuple(kinds), title, labels)
    return _check(question, answer, spec, {})
