"""Every failure of a command as a list of problems: what, where, how to fix (问题清单).

A trainer or instructor never sees a traceback: :func:`problems_from` turns any
exception a command raises into :class:`~helpers.schema.Problem` entries and
:func:`format_problems` prints them the way the data check prints its findings.
``CUSTOMER_COURSE_DEBUG=1`` shows the traceback as well, for whoever fixes the course.

>>> print(format_problems(problems_from(FileNotFoundError(2, "No such file", "sales.csv"))))
The command stopped:
- error: No such file (sales.csv). Fix: check the path and that you may read and write there
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from helpers.schema import DataError, Problem

#: set this environment variable to 1 to see the traceback of an unexpected failure
DEBUG_VARIABLE = "CUSTOMER_COURSE_DEBUG"
#: longest line printed for one problem (a data value can be megabytes long)
LINE_CHARS = 800


def debugging() -> bool:
    """True when the person running the command asked for tracebacks."""
    return os.environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0")


def problems_from(exc: BaseException, *, command: str = "") -> list[Problem]:
    """The problems an exception stands for (one, unless it carries a list).

    >>> problems_from(DataError("orders table: column 'revenue' not found"))[0].code
    'data'
    >>> problems_from(RuntimeError("boom"), command="rerun")[0].line
    'error: unexpected RuntimeError: boom (python3 tasks.py rerun). Fix: this is a fault in the
    course, not in your data; run the command again with CUSTOMER_COURSE_DEBUG=1 to see where it
    happened'
    """
    carried = getattr(exc, "problems", None)
    if isinstance(carried, list) and all(isinstance(p, Problem) for p in carried) and carried:
        return list(carried)
    single = getattr(exc, "problem", None)
    if isinstance(single, Problem):
        return [single]
    if isinstance(exc, DataError):
        return [Problem("error", "data", str(exc).rstrip("."))]
    if isinstance(exc, PermissionError):
        return [
            Problem(
                "error",
                "permission",
                f"permission denied: {exc.strerror or exc}",
                str(exc.filename or ""),
                "choose a folder you may write to (for --out), or a file you may read",
            )
        ]
    if isinstance(exc, OSError):
        return [
            Problem(
                "error",
                "file",
                str(exc.strerror or exc),
                str(exc.filename or ""),
                "check the path and that you may read and write there",
            )
        ]
    what = f"unexpected {type(exc).__name__}: {exc}".rstrip(": ")
    where = f"python3 tasks.py {command}".strip() if command else ""
    return [
        Problem(
            "error",
            "unexpected",
            what,
            where,
            "this is a fault in the course, not in your data; run the command again with "
            f"{DEBUG_VARIABLE}=1 to see where it happened",
        )
    ]


def shorten(text: str, limit: int = LINE_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out.

    >>> shorten("x" * 2000, 20)
    'xxxxxxxxxxxxxxxxxxxx... (1,980 more characters)'
    """
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit:,} more characters)"


def format_problems(problems: Iterable[Problem], heading: str = "The command stopped:") -> str:
    """A heading and one ``- level: what (where). Fix: ...`` line per problem, errors first."""
    problems = list(problems)
    ordered = [p for p in problems if p.level == "error"] + [
        p for p in problems if p.level != "error"
    ]
    lines = [f"- {_short_line(p)}".replace("\n", "\n  ") for p in ordered]
    return "\n".join([heading, *lines])


def _short_line(problem: Problem) -> str:
    """The problem's line with each part cut on its own, so the fix is always shown."""
    return Problem(
        problem.level,
        problem.code,
        shorten(problem.what),
        shorten(problem.where, LINE_CHARS // 2),
        shorten(problem.fix, LINE_CHARS // 2),
    ).line
