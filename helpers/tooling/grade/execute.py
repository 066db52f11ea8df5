"""Re-executing one submitted notebook on its student's data, within a time limit (重新运行作业).

The submission is never touched: it is read, and a working copy is executed with
papermill in a fresh empty folder (the notebook's working directory), the executed copy
going into the report. The working copy differs from the submission in three ways only:

- every self-check runs in ``"exercise"`` mode (a wrong answer prints and the notebook
  goes on), whatever mode the student set (:func:`helpers.tooling.workbook.to_exercise_mode`);
- papermill gives it the student's ``data_source`` (the parameter injected after the
  parameters cell, so an edited default does not count);
- every cell runs even when one raises, so that one broken answer costs that question,
  not the rest of the notebook (as nbgrader grades).

The time limit is per notebook: it starts with the first cell (starting the kernel does
not count) and each cell gets the time that is left; a cell still running at the limit is
stopped and the notebook is recorded as ``time limit`` in that cell.
"""

from __future__ import annotations

import logging
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill as pm
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from helpers.paths import KERNEL_NAME
from helpers.tooling.grade.results import (
    ERROR,
    KERNEL_DIED,
    NOT_RUN,
    RAISED,
    RAN,
    TIME_LIMIT,
    UNREADABLE,
    QuestionGrade,
    everything,
    first_line,
    read_results,
    short,
    student_cells,
)
from helpers.tooling.jupyter_setup import jupyter_config
from helpers.tooling.runner import LocalKernelManager, _kernel_log_tail
from helpers.tooling.workbook import PARAMETERS_TAG, parameters_cell, to_exercise_mode

#: seconds a kernel may take to start (not part of the time limit)
KERNEL_START_SECONDS = 120


class _Clock:
    """nbclient's ``timeout_func``: each cell gets the time left until the notebook's limit."""

    def __init__(self, limit: float) -> None:
        self.limit = float(limit)
        self.deadline: float | None = None
        self.cell_id: str | None = None

    def __call__(self, cell) -> float:
        now = time.monotonic()
        if self.deadline is None:
            self.deadline = now + self.limit
        self.cell_id = cell.get("id")
        return max(self.deadline - now, 0.01)


def read_submission(path: Path) -> nbformat.NotebookNode:
    """A submitted notebook, read and validated (a ``ValueError`` says why it cannot be used).

    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "00_warm_up.ipynb"
    >>> _ = bad.write_text('{"cells": [')
    >>> read_submission(bad)
    Traceback (most recent call last):
    ...
    ValueError: not a notebook: the file is not valid JSON...
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError("not a notebook: the file is not UTF-8 text") from None
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except nbformat.reader.NotJSONError:
        raise ValueError("not a notebook: the file is not valid JSON (cut short?)") from None
    except Exception as exc:  # nbformat raises several kinds for a damaged notebook
        raise ValueError(f"not a notebook: {short(exc, 200)}") from None
    return nb


def working_copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The copy that runs: checks in exercise mode, a parameters cell, a known id per cell."""
    nb = nbformat.from_dict(nb)
    nb.nbformat, nb.nbformat_minor = 4, max(5, nb.get("nbformat_minor", 0))
    for i, cell in enumerate(nb.cells):
        cell.id = f"graded-{i:04d}"
        if cell.cell_type == "code":
            cell.source = to_exercise_mode(cell.source)
    if parameters_cell(nb) is None:  # the tag was lost: the cell that sets data_source
        for cell in nb.cells:
            if cell.cell_type == "code" and re.search(r"^data_source\s*=", cell.source, re.M):
                cell.metadata.setdefault("tags", []).append(PARAMETERS_TAG)
                break
    return nb


@contextmanager
def _quiet_papermill() -> Iterator[None]:
    """Papermill's own log (a cell timed out, a line it cannot parse) is said in the grade."""
    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


@dataclass(frozen=True)
class Run:
    """How a notebook ran: its status, the grade of each check and, when the run stopped or
    a cell raised, that cell (its number, first line) and the error (for a time limit, the
    limit in seconds)."""

    status: str
    questions: tuple[QuestionGrade, ...]
    cell: int | None = None
    line: str = ""
    error: str = ""


def run_submission(
    nb: nbformat.NotebookNode,
    output: Path,
    data_source: str,
    *,
    exercise: str,
    checks: list[str],
    time_limit: float,
) -> Run:
    """Execute a working copy of ``nb`` into ``output`` on ``data_source`` and grade it."""
    output.parent.mkdir(parents=True, exist_ok=True)
    clock = _Clock(time_limit)
    status, stopped, detail = RAN, None, ""
    with tempfile.TemporaryDirectory(prefix="course-grade-") as work, _quiet_papermill():
        source = Path(work) / output.name
        nbformat.write(working_copy(nb), source)
        try:
            pm.execute_notebook(
                str(source),
                str(output),
                parameters={"data_source": data_source},
                kernel_name=KERNEL_NAME,
                language="python",
                kernel_manager_class=LocalKernelManager,
                cwd=work,
                progress_bar=False,
                log_output=False,
                start_timeout=KERNEL_START_SECONDS,
                config=jupyter_config(),
                allow_errors=True,
                timeout_func=clock,
            )
        except pm.PapermillExecutionError:
            status = RAISED
        except CellTimeoutError:
            status, detail = TIME_LIMIT, f"{time_limit:g}"
        except DeadKernelError:
            status = KERNEL_DIED
        except Exception as exc:  # a kernel that cannot start, a notebook papermill refuses
            said = _kernel_log_tail()
            error = short(f"{type(exc).__name__}: {exc}" + (f" ({said})" if said else ""))
            return Run(NOT_RUN, everything(checks, ERROR, reason=NOT_RUN, error=error), error=error)
        finally:
            _kernel_log_tail()
    try:
        executed = nbformat.read(output, as_version=4)
    except (OSError, ValueError) as exc:
        error = short(f"the executed notebook cannot be read: {exc}")
        return Run(NOT_RUN, everything(checks, ERROR, reason=NOT_RUN, error=error), error=error)
    cells = student_cells(executed)
    if status in (TIME_LIMIT, KERNEL_DIED):
        stopped = next((i for i, c in enumerate(cells) if c.get("id") == clock.cell_id), None)
    grades = read_results(
        executed, exercise, checks, stopped_at=stopped, stopped_by=status, detail=detail
    )
    if stopped is not None:
        return Run(status, grades, stopped, first_line(cells[stopped].source), detail)
    first = next(
        (i for i, c in enumerate(cells)
         if any(o.get("output_type") == "error" for o in c.get("outputs", []))),
        None,
    )  # fmt: skip
    if first is None:
        return Run(status, grades)
    error = next(o for o in cells[first].outputs if o.get("output_type") == "error")
    text = short(f"{error.get('ename', '')}: {error.get('evalue', '')}")
    return Run(status, grades, first, first_line(cells[first].source), text)


def unreadable(checks: list[str], reason: str) -> Run:
    """How a notebook that cannot be read "ran": every question an error."""
    return Run(UNREADABLE, everything(checks, ERROR, reason=UNREADABLE, error=reason), error=reason)
