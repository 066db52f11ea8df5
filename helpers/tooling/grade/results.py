"""What grading found: one :class:`QuestionGrade` per check, one :class:`NotebookGrade` per
submitted notebook, read from the notebook as it was executed (批改结果).

Every self-check line of an executed exercise carries a machine-readable record in its
output metadata (``course_check``, see :mod:`helpers.checks.core`); the latest record of
each check is the student's result. A check without a record is an **error** when a cell
before it (since the previous check) raised, when the run stopped before it (time limit,
kernel died) or when the notebook no longer has the check; the failing cell is named by
its number (counted from 0, as in the submitted notebook) and its first line.

>>> nb = nbformat.v4.new_notebook(cells=[
...     nbformat.v4.new_code_cell("x = 1"),
...     nbformat.v4.new_code_cell('check.q("Q1", x)', outputs=[record_output("00_warm_up", "Q1",
...                               "not yet", mistake="order_lines")]),
...     nbformat.v4.new_code_cell("y = 1/0", outputs=[nbformat.v4.new_output(
...         "error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]),
...     nbformat.v4.new_code_cell('check.q("Q2", y)'),
... ])
>>> [(g.check, g.status, g.mistake, g.cell) for g in read_results(nb, "00_warm_up", ["Q1", "Q2"])]
[('Q1', 'wrong', 'order_lines', None), ('Q2', 'error', None, 2)]
>>> read_results(nb, "00_warm_up", ["Q2"])[0].error
'ZeroDivisionError: division by zero'
"""

from __future__ import annotations

import ast
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import nbformat

from helpers.checks.core import RECORD_KEY

# --- the result of one question ---------------------------------------------------------------

CORRECT = "correct"
WRONG = "wrong"
NOT_ANSWERED = "not answered"
ERROR = "error"
SKIPPED = "skipped"
NOT_SUBMITTED = "not submitted"
QUESTION_STATUSES = (CORRECT, WRONG, NOT_ANSWERED, ERROR, SKIPPED, NOT_SUBMITTED)
#: a check record's status -> the grade's status
FROM_RECORD = {"correct": CORRECT, "not yet": WRONG, "not answered": NOT_ANSWERED,
               "skipped": SKIPPED}  # fmt: skip

# --- what happened to a notebook ---------------------------------------------------------------

RAN = "ran"  # ran to the end, no cell raised
RAISED = "raised"  # ran to the end; some cells raised
TIME_LIMIT = "time limit"
KERNEL_DIED = "kernel died"
UNREADABLE = "unreadable"
MISSING = "not submitted"
AMBIGUOUS = "several files"
NOT_RUN = "could not run"
NOTEBOOK_STATUSES = (RAN, RAISED, TIME_LIMIT, KERNEL_DIED, UNREADABLE, MISSING, AMBIGUOUS, NOT_RUN)

#: why a question is an error: a cell raised, the run stopped, the check is gone or did
#: not run, the notebook cannot be read or run
RAISED_IN = "raised"
NO_CHECK = "no check"
CHECK_NOT_RUN = "check not run"
ERROR_REASONS = (RAISED_IN, TIME_LIMIT, KERNEL_DIED, NO_CHECK, CHECK_NOT_RUN, UNREADABLE, NOT_RUN)

#: cells papermill adds to an executed notebook (not the student's)
ADDED_TAGS = frozenset({"injected-parameters", "papermill-error-cell-tag"})
#: longest error text kept for one cell
ERROR_CHARS = 300


@dataclass(frozen=True)
class QuestionGrade:
    """The grade of one check ("Q3" or "Q3 first day") of one student's notebook.

    ``mistake`` is the stable id of what the check found wrong; ``hint`` its English text
    as the student saw it. For an error, ``reason`` says what kind (:data:`ERROR_REASONS`),
    ``cell`` is the failing cell (from 0), ``line`` its first line and ``error`` the
    detail (the exception, the time limit in seconds).
    """

    check: str
    status: str
    rounded: bool = False
    mistake: str | None = None
    hint: str = ""
    reason: str = ""
    cell: int | None = None
    line: str = ""
    error: str = ""


@dataclass(frozen=True)
class NotebookGrade:
    """The grade of one student's notebook of one exercise.

    ``declared`` is the data source the submission's parameters cell names, ``data_source``
    the one it was graded on; ``declared_owner`` the student whose data ``declared`` is
    (when it is not this student's), ``handed_to`` the student the copy was handed out to
    (when not this one). ``cell``, ``line`` and ``error`` say where the run stopped.
    """

    student_id: str
    exercise: str
    status: str
    file: str = ""
    data_source: str = ""
    declared: str | None = None
    declared_owner: str | None = None
    handed_to: str | None = None
    cell: int | None = None
    line: str = ""
    error: str = ""
    questions: tuple[QuestionGrade, ...] = field(default_factory=tuple)

    @property
    def other_data(self) -> bool:
        """True when the submission named other data than the student's own."""
        return self.declared is not None and self.declared != self.data_source

    def record(self) -> dict[str, Any]:
        """The grade as JSON-ready data (``grades.json``)."""
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> NotebookGrade:
        """The grade back from :meth:`record`.

        >>> g = NotebookGrade("S1", "00_warm_up", RAN, questions=(QuestionGrade("Q1", CORRECT),))
        >>> NotebookGrade.from_record(g.record()) == g
        True
        """
        values = dict(record)
        values["questions"] = tuple(QuestionGrade(**q) for q in values.get("questions", ()))
        return cls(**values)


def short(text: str, limit: int = ERROR_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters.

    >>> short("NameError:   name 'x'\\n is not defined")
    "NameError: name 'x' is not defined"
    """
    one_line = " ".join(str(text).split())
    return one_line if len(one_line) <= limit else one_line[: limit - 3] + "..."


def first_line(source: str) -> str:
    """The first line of a cell that is not blank (cut to 70 characters)."""
    return next((line.strip()[:70] for line in source.splitlines() if line.strip()), "")


def everything(checks: list[str], status: str, **fields: Any) -> tuple[QuestionGrade, ...]:
    """The same grade for every check (a notebook that could not run, or was not submitted)."""
    return tuple(QuestionGrade(check, status, **fields) for check in checks)


# --- reading an executed notebook ---------------------------------------------------------------


def student_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The notebook's cells without those papermill added: numbered as the student's."""
    return [c for c in nb.cells if not ADDED_TAGS & set(c.get("metadata", {}).get("tags", []))]


_CHECK_CALL = re.compile(r"""\.q\(\s*(["'])(.+?)\1""")


def checks_called(source: str) -> list[str]:
    """The check labels a cell passes to ``check.q`` (comments do not count).

    >>> checks_called('check.q("Q7", top, top_n=top_n)  # check.q("Q8", x)')
    ['Q7']
    >>> checks_called('check.q("Q2", broken(')  # not Python: read as text
    ['Q2']
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return [m.group(2) for m in _CHECK_CALL.finditer(source)]
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "q"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(node.args[0].value)
    return found


def record_output(exercise: str, check: str, status: str, **fields: Any) -> nbformat.NotebookNode:
    """A display output carrying a check record, as :func:`helpers.checks.core.report` shows it."""
    question, _, part = check.partition(" ")
    record = {"version": 1, "exercise": exercise, "question": question, "part": part or None,
              "check": check, "status": status, "rounded": False, "mistake": None,
              "code": None, "hint": None} | fields  # fmt: skip
    return nbformat.v4.new_output(
        "display_data", data={"text/plain": check}, metadata={RECORD_KEY: record}
    )


def read_results(
    nb: nbformat.NotebookNode,
    exercise: str,
    checks: list[str],
    *,
    stopped_at: int | None = None,
    stopped_by: str = TIME_LIMIT,
    detail: str = "",
) -> tuple[QuestionGrade, ...]:
    """The grade of every check of ``exercise`` in an executed notebook.

    ``stopped_at`` is the student cell the run stopped in and ``stopped_by`` why
    (:data:`TIME_LIMIT` or :data:`KERNEL_DIED`, with ``detail``); checks after it that
    have no record are errors for that reason.
    """
    cells = student_cells(nb)
    records: dict[str, dict[str, Any]] = {}
    errors: dict[int, str] = {}
    check_cell: dict[str, int] = {}
    for i, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        for label in checks_called(cell.source):
            check_cell.setdefault(label, i)
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get(RECORD_KEY)
            if isinstance(record, dict) and record.get("exercise") == exercise:
                records[str(record.get("check"))] = record
            if output.get("output_type") == "error" and i not in errors:
                errors[i] = short(f"{output.get('ename', '')}: {output.get('evalue', '')}")
    if stopped_at is not None:  # what the stopped cell shows is the stop itself
        errors.pop(stopped_at, None)
    positions = sorted(set(check_cell.values()))

    def error(label: str, reason: str, cell: int | None, detail: str = "") -> QuestionGrade:
        line = first_line(cells[cell].source) if cell is not None else ""
        return QuestionGrade(label, ERROR, reason=reason, cell=cell, line=line, error=detail)

    grades = []
    for label in checks:
        if label in records:
            grades.append(_from_record(label, records[label]))
            continue
        at = check_cell.get(label)
        if at is None:  # the student removed the check (or the run stopped before it)
            stop = stopped_at is not None
            grades.append(error(label, stopped_by, stopped_at, detail) if stop
                          else error(label, NO_CHECK, None))  # fmt: skip
            continue
        start = max((p for p in positions if p < at), default=-1) + 1
        failing = [i for i in sorted(errors) if start <= i <= at]
        if failing:
            grades.append(error(label, RAISED_IN, failing[0], errors[failing[0]]))
        elif stopped_at is not None and at >= stopped_at:
            grades.append(error(label, stopped_by, stopped_at, detail))
        else:
            grades.append(error(label, CHECK_NOT_RUN, at))
    return tuple(grades)


def _from_record(label: str, record: dict[str, Any]) -> QuestionGrade:
    status = FROM_RECORD.get(str(record.get("status")), ERROR)
    mistake = record.get("mistake") or record.get("code") if status == WRONG else None
    return QuestionGrade(
        label,
        status,
        rounded=bool(record.get("rounded")) and status == CORRECT,
        mistake=str(mistake) if mistake else None,
        hint=short(record.get("hint") or "", 500) if status in (WRONG, SKIPPED) else "",
    )
