"""The answer keys: each exercise's expected answers, computed from the data of the run.

An answer key is a class with one method per question. The method computes the
expected answer from the run's tables (and the student's own earlier choices, passed as
keywords) and returns what to compare with: a :class:`Number`, :class:`Value`,
:class:`Names`, :class:`Table`, :class:`Chart` or :class:`Choice`, with the **wrong
answers** a student's code typically produces (``wrong={mistake id: wrong answer}``),
or :class:`Skip` when the question does not apply to this data (no cost, no survey).

The hint of each prepared mistake is declared with the question, so every hint and its
stable id can be listed without data (for the tests, the translations and a grading
script)::

    class WarmUp(AnswerKey):
        exercise = "00_warm_up"

        @question("Q1", order_lines=N_("you counted order lines: count each customer once"))
        def q1(self):
            return Number(self.orders["customer_id"].nunique(), COUNT,
                          wrong={"order_lines": len(self.orders)})

The notebook only calls ``check.q("Q1", n_customers)``: it never shows the expected
value nor the code that computes it.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

import pandas as pd

from helpers.checks.charts import ChartSpec, as_values, compare_chart
from helpers.checks.core import NOT_YET, SKIPPED
from helpers.checks.messages import N_, Hint
from helpers.checks.policy import Kind
from helpers.checks.tables import TableSpec, compare_table
from helpers.checks.values import (
    Outcome,
    compare_choice,
    compare_number,
    compare_set,
    compare_value,
)
from helpers.params import PARAMETERS
from helpers.profiling import customer_summary


class AnyOf(tuple):
    """Several wrong answers that are the same mistake (one per way of making it)."""

    def __new__(cls, *answers: Any):
        return super().__new__(cls, answers)


# --- what a question expects ---------------------------------------------------------------------


@dataclass
class Expected:
    """Base of what a question expects; ``wrong`` maps a mistake id to its wrong answer
    (None: the mistake cannot happen on this data)."""

    wrong: Mapping[str, Any] = field(default_factory=dict, kw_only=True)

    def compare(self, answer: Any, *, strict: bool = True) -> Outcome:  # pragma: no cover
        raise NotImplementedError

    def like(self, wrong_answer: Any) -> Expected:  # pragma: no cover
        raise NotImplementedError


@dataclass
class Number(Expected):
    expected: float
    kind: Kind

    def compare(self, answer, *, strict=True):
        return compare_number(answer, self.expected, kind=self.kind)

    def like(self, wrong_answer):
        return Number(float(wrong_answer), self.kind)


@dataclass
class Value(Expected):
    """An id, a label or a date."""

    expected: Any
    what: Hint | None = None

    def compare(self, answer, *, strict=True):
        return compare_value(answer, self.expected, what=self.what)

    def like(self, wrong_answer):
        return Value(wrong_answer, self.what)


@dataclass
class Names(Expected):
    """A collection of names in any order (a list, a set, an Index...)."""

    expected: list

    def compare(self, answer, *, strict=True):
        return compare_set(answer, self.expected)

    def like(self, wrong_answer):
        return Names(list(wrong_answer))


@dataclass
class Table(Expected):
    expected: pd.Series | pd.DataFrame
    what: Hint
    ordered: bool = False
    named: bool = False
    kinds: Mapping[str, Kind] = field(default_factory=dict)
    sort_by: str | None = None
    running: tuple[str, ...] = ()

    @property
    def spec(self) -> TableSpec:
        return TableSpec(self.expected, self.what, self.ordered, self.named, self.kinds,
                         self.sort_by, running=self.running)  # fmt: skip

    def compare(self, answer, *, strict=True):
        return compare_table(answer, self.spec, ordered=None if strict else False)

    def like(self, wrong_answer):
        return Table(wrong_answer, self.what, self.ordered, self.named, self.kinds, self.sort_by,
                     running=self.running)  # fmt: skip


@dataclass
class Chart(Expected):
    """One or more acceptable sets of values (``values`` or ``either``)."""

    values: Any
    what: Hint
    kinds: tuple[str, ...] = ("bar",)
    title: bool = True
    labels: bool = True
    either: list = field(default_factory=list)

    @property
    def spec(self) -> ChartSpec:
        sets = [as_values(self.values)] + [as_values(v) for v in self.either]
        return ChartSpec(sets, self.what, self.kinds, self.title, self.labels)

    def compare(self, answer, *, strict=True):
        return compare_chart(answer, self.spec, check_form=strict)

    def like(self, wrong_answer):
        return Chart(wrong_answer, self.what, self.kinds, self.title, self.labels)


@dataclass
class Choice(Expected):
    low: float | None = None
    high: float | None = None
    allowed: list | None = None
    whole: bool = False

    def compare(self, answer, *, strict=True):
        return compare_choice(answer, low=self.low, high=self.high, allowed=self.allowed,
                              whole=self.whole)  # fmt: skip


@dataclass
class Skip(Expected):
    """The question does not apply to the data of the run; ``reason`` says why."""

    reason: str


def judge(answer: Any, expected: Expected, hints: Mapping[str, str]) -> Outcome:
    """The verdict on ``answer``: correct, a prepared mistake, or what the comparison found.

    An answer that is exactly a prepared mistake gets its hint even when it would also
    pass as a rounding of the expected value (a half-way case); rounded answers are
    accepted next, then rounded mistakes are recognised.
    """
    if isinstance(expected, Skip):
        return Outcome(SKIPPED, Hint("skipped", expected.reason))
    outcome = _safely(lambda: expected.compare(answer))
    if outcome.correct and not outcome.rounded:
        return outcome
    found = []
    for mistake, wrong_answer in expected.wrong.items():
        if wrong_answer is None:
            continue
        ways = wrong_answer if isinstance(wrong_answer, AnyOf) else (wrong_answer,)
        for way in ways:
            verdict = _safely(lambda w=way: expected.like(w).compare(answer, strict=False))
            if verdict.correct:
                found.append((verdict.rounded, mistake))
    exact = [mistake for rounded, mistake in found if not rounded]
    if exact:
        return Outcome(NOT_YET, Hint(exact[0], hints[exact[0]]))
    if outcome.correct or not found:
        return outcome
    return Outcome(NOT_YET, Hint(found[0][1], hints[found[0][1]]))


def _safely(compare: Callable[[], Outcome]) -> Outcome:
    """A comparison that meets an answer it cannot handle says so instead of crashing."""
    try:
        return compare()
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError) as exc:
        error = f"{type(exc).__name__}: {exc}"[:120]
        return Outcome(
            NOT_YET,
            Hint(
                "cannot_compare",
                N_("cannot compare it with the expected answer ({error})"),
                {"error": error},
            ),
        )


# --- the key of one exercise ----------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionDef:
    """One check of an exercise: its label ("Q3" or "Q3 first day"), the method that
    computes what it expects, and the hints of its prepared mistakes by id."""

    label: str
    method: Callable[..., Expected]
    hints: Mapping[str, str]

    @property
    def context(self) -> list[str]:
        """The names of the student's earlier choices the check takes as keywords."""
        names = list(inspect.signature(self.method).parameters)
        return names[1:]


def question(label: str, **hints: str):
    """Declare an answer-key method as the check ``label`` with the hints of its mistakes."""

    def mark(method):
        method._question = (label, hints)
        return method

    return mark


class AnswerKey:
    """The expected answers of one exercise on the data of one run.

    ``parameters`` names the notebook parameters the key needs (declared in
    :mod:`helpers.params`; the notebook passes them to ``check.start``).
    """

    exercise: ClassVar[str] = ""
    parameters: ClassVar[tuple[str, ...]] = ()
    questions: ClassVar[dict[str, QuestionDef]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        found = {}
        for member in cls.__dict__.values():
            if hasattr(member, "_question"):
                label, hints = member._question
                found[label] = QuestionDef(label, member, dict(hints))
        cls.questions = found

    def __init__(self, run, **parameters: Any):
        unknown = sorted(set(parameters) - set(self.parameters))
        if unknown:
            raise TypeError(
                f"exercise {self.exercise} takes the parameters {list(self.parameters)}, "
                f"not {unknown}"
            )
        self.run = run
        self.tables = run.tables
        self.orders = run.orders
        self.as_of = run.as_of
        self.lang = run.lang
        for name in self.parameters:
            value = parameters.get(name, PARAMETERS[name].default)
            setattr(self, name, tuple(value) if isinstance(value, list) else value)

    def expected(self, label: str, **context: Any) -> Expected:
        """What the check ``label`` expects (the student's choices as keywords)."""
        definition = self.questions[label]
        expected = definition.method(self, **context)
        undeclared = sorted(set(expected.wrong) - set(definition.hints))
        if undeclared:
            raise KeyError(f"{self.exercise} {label}: mistakes {undeclared} have no hint")
        return expected

    def judge(self, label: str, answer: Any, **context: Any) -> Outcome:
        return judge(answer, self.expected(label, **context), self.questions[label].hints)

    # --- shared tables and helpers for the keys ---

    @cached_property
    def summary(self) -> pd.DataFrame:
        """One row per customer over the whole history (lesson 02)."""
        return customer_summary(self.orders, as_of=self.as_of)

    @staticmethod
    def chosen(value: Any, default: Any, low: float | None = None, high: float | None = None):
        """A student's choice, or ``default`` while it is missing or not a sensible number."""
        if value is None or isinstance(value, bool | str):
            return default
        try:
            number = float(value)
        except (TypeError, ValueError):
            return default
        if math.isnan(number) or (low is not None and number < low):
            return default
        if high is not None and number > high:
            return default
        return value
