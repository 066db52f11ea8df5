"""Results of the self-checks, the run mode, and how a result is shown and recorded.

A check ends in a :class:`CheckResult`: ``correct`` (perhaps "rounded"), ``not yet``
with a :class:`~helpers.checks.messages.Hint`, ``not answered`` or ``skipped`` (the
question does not apply to the data of the run). :func:`report` shows its one line, keeps
it for :func:`summary` and, inside a notebook, stores a machine-readable record in the
output's metadata under :data:`RECORD_KEY` (students see only the line).

>>> r = CheckResult("Q1", NOT_YET, reason=Hint("too_high", "too high"))
>>> r.line
'❌ [not yet] Q1: too high'
>>> r.record()["mistake"], bool(r), r.answered
('too_high', False, True)
"""

from __future__ import annotations

import html
import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd

from helpers.checks.messages import ICONS, LINES, N_, Hint, question_label, say
from helpers.i18n import check_lang

MODES = ("exercise", "solution")
ENV_MODE = "COURSE_CHECK_MODE"

CORRECT = "correct"
NOT_YET = "not yet"
NOT_ANSWERED = "not answered"
SKIPPED = "skipped"
STATUSES = (CORRECT, NOT_YET, NOT_ANSWERED, SKIPPED)

#: the key of the machine-readable record in a check output's metadata
RECORD_KEY = "course_check"
#: the key of the list of records in the metadata of :func:`summary`'s output
SUMMARY_KEY = "course_check_summary"
RECORD_VERSION = 1


class CheckFailed(AssertionError):
    """A self-check that did not pass while running in ``"solution"`` mode."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one self-check.

    ``reason`` says why an answer is not yet right (or why a question is skipped);
    ``note`` adds something to a correct answer ("drawn in thousands"). ``rounded``
    marks an answer accepted as a rounded value.
    """

    question: str
    status: str
    reason: Hint | None = None
    rounded: bool = False
    note: Hint | None = None
    exercise: str | None = None
    lang: str = "en"

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    @property
    def answered(self) -> bool:
        return self.status not in (NOT_ANSWERED, SKIPPED)

    @property
    def hint(self) -> str:
        """The hint in English ("" when there is none)."""
        return self.reason.text("en") if self.reason else ""

    @property
    def mistake(self) -> str | None:
        """The stable id of what was found wrong (None unless the status is "not yet")."""
        return self.reason.code if self.reason and self.status == NOT_YET else None

    def text(self, lang: str | None = None) -> str:
        """The line in ``lang`` (the result's own language by default)."""
        lang = lang or self.lang
        label = question_label(self.question, lang)
        icon, marker = ICONS[self.status]
        if self.status == CORRECT:
            if self.note is not None:
                body = say(LINES["correct_note"], lang, question=label, note=self.note.text(lang))
            else:
                body = say(LINES["rounded" if self.rounded else "correct"], lang, question=label)
        elif self.status in (NOT_YET, SKIPPED):
            reason = self.reason.text(lang) if self.reason else ""
            body = say(LINES[self.status], lang, question=label, hint=reason)
        else:
            body = say(LINES[self.status], lang, question=label)
        return f"{icon} {say(marker, lang)} {body}"

    def verdict(self, lang: str | None = None) -> str:
        """What the line says after the question: "correct", the hint, "not answered yet"."""
        lang = lang or self.lang
        if self.status in (NOT_YET, SKIPPED):
            return self.reason.text(lang) if self.reason else ""
        label = question_label(self.question, lang)
        return self.text(lang).split(label, 1)[-1].strip()

    @property
    def line(self) -> str:
        """The one line a student sees."""
        return self.text()

    def record(self) -> dict[str, Any]:
        """The result as plain data (for a grading script): never changes with ``lang``."""
        question, _, part = self.question.partition(" ")
        return {
            "version": RECORD_VERSION,
            "exercise": self.exercise,
            "question": question,
            "part": part or None,
            "check": self.question,
            "status": self.status,
            "rounded": self.rounded,
            "mistake": self.mistake,
            "code": self.reason.code if self.reason else None,
            "hint": self.hint or None,
        }

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return self.line

    def _ipython_display_(self) -> None:
        """The check already showed its line; showing it again would repeat it."""


# --- run mode, language and the results so far -------------------------------------------------


@dataclass
class _State:
    mode: str | None = None
    lang: str = "en"
    exercise: str | None = None
    key: Any = None  # the answer key of the exercise (see helpers.checks.keys)


STATE = _State()
RESULTS: dict[str, CheckResult] = {}


def configure(mode: str, *, lang: str | None = None) -> None:
    """Set the run mode: ``"exercise"`` (print and go on) or ``"solution"`` (raise).

    Configuring also forgets the results of earlier checks (see :func:`summary`) and the
    exercise started before (:func:`helpers.checks.start` starts one).

    >>> configure(mode="solution"); current_mode()
    'solution'
    >>> configure(mode="exam")
    Traceback (most recent call last):
    ...
    ValueError: mode must be one of ('exercise', 'solution'), not 'exam'
    >>> configure(mode="exercise")
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    STATE.mode = mode
    if lang is not None:
        STATE.lang = check_lang(lang)
    STATE.exercise = STATE.key = None
    RESULTS.clear()


def current_mode() -> str:
    """The run mode in force: the configured one, else ``$COURSE_CHECK_MODE``, else exercise."""
    if STATE.mode is not None:
        return STATE.mode
    env = os.environ.get(ENV_MODE, "exercise")
    if env not in MODES:
        raise ValueError(f"${ENV_MODE} must be one of {MODES}, not {env!r}")
    return env


@contextmanager
def mode(name: str):
    """Run a block in another mode, then restore the previous one."""
    if name not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {name!r}")
    previous = STATE.mode
    STATE.mode = name
    try:
        yield
    finally:
        STATE.mode = previous


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is installed with the course
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def show_line(line: str, metadata: dict[str, Any]) -> None:
    """Print ``line``; in a notebook, as a text output carrying ``metadata`` for machines."""
    if _in_kernel():
        from IPython.display import display

        display({"text/plain": line}, raw=True, metadata=metadata)
    else:
        print(line)


def report(result: CheckResult) -> CheckResult:
    """Show, keep and (in solution mode) enforce one result."""
    RESULTS[result.question] = result
    show_line(result.line, {RECORD_KEY: result.record()})
    if current_mode() == "solution" and result.status in (NOT_YET, NOT_ANSWERED):
        raise CheckFailed(result.line)
    return result


def result(question: str, status: str, **fields: Any) -> CheckResult:
    """A result in the language and exercise in force."""
    return CheckResult(question, status, lang=STATE.lang, exercise=STATE.exercise, **fields)


# --- the summary table -------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """The latest result of every question: shown whole (no column is cut), in the
    language of the run, with the records for machines in the output's metadata."""

    results: tuple[CheckResult, ...]
    lang: str = "en"

    @property
    def table(self) -> pd.DataFrame:
        """question, status, hint (in the run's language) and the mistake's id."""
        rows = [
            {
                "question": question_label(r.question, self.lang),
                "status": r.status,
                "hint": r.reason.text(self.lang) if r.reason else "",
                "mistake": r.mistake or "",
            }
            for r in self.results
        ]
        table = pd.DataFrame(rows, columns=["question", "status", "hint", "mistake"])
        return table.set_index("question")

    def lines(self) -> list[str]:
        return [r.text(self.lang) for r in self.results]

    def counts(self) -> dict[str, int]:
        """How many questions have each status."""
        return {s: sum(r.status == s for r in self.results) for s in STATUSES}

    def __repr__(self) -> str:
        if not self.results:
            return say(N_("No self-check has run yet."), self.lang)
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        """A table with one row per question; every cell whole (nothing is cut)."""
        if not self.results:
            return f"<p>{html.escape(repr(self))}</p>"
        rows = []
        for r in self.results:
            icon, marker = ICONS[r.status]
            cells = (
                f"{icon} {say(marker, self.lang)}",
                question_label(r.question, self.lang),
                r.verdict(self.lang),
            )
            rows.append("<tr>" + "".join(
                f'<td style="text-align:left;white-space:normal">{html.escape(c)}</td>'
                for c in cells) + "</tr>")  # fmt: skip
        return f'<table class="course-check-summary">{"".join(rows)}</table>'

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/plain": repr(self), "text/html": self._repr_html_()}
        return data, {SUMMARY_KEY: [r.record() for r in self.results]}


def summary(questions: list[str] | None = None) -> Summary:
    """The latest result of every question checked since :func:`configure` (and, with an
    answer key, every question of the exercise: those not checked yet are "not answered").

    >>> configure(mode="exercise")
    >>> from helpers.checks.messages import Hint
    >>> _ = report(result("Q1", CORRECT)); _ = report(result("Q2", NOT_ANSWERED))
    ✅ [ok] Q1 correct
    ⏳ [to do] Q2 not answered yet
    >>> summary()
    ✅ [ok] Q1 correct
    ⏳ [to do] Q2 not answered yet
    >>> summary().counts()["correct"]
    1
    """
    found = dict(RESULTS)
    order = list(questions or []) + [q for q in found if q not in (questions or [])]
    results = tuple(found[q] if q in found else result(q, NOT_ANSWERED) for q in order)
    return Summary(results, STATE.lang)
