"""Every failure of a command as a list of problems: what, where, how to fix (问题清单).

A trainer or instructor never sees a traceback: :func:`problems_from` turns any
exception a command raises into :class:`~helpers.schema.Problem` entries and
:func:`format_problems` prints them the way the data check prints its findings, in the
language of the command (``lang``: English, or Chinese with ``--lang zh``).
``CUSTOMER_COURSE_DEBUG=1`` shows the traceback as well, for whoever fixes the course.

>>> print(format_problems(problems_from(FileNotFoundError(2, "No such file", "sales.csv"))))
The command stopped:
- error: No such file (sales.csv). Fix: check the path and that you may read and write there
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from helpers.i18n import tr
from helpers.schema import DataError, Problem

#: set this environment variable to 1 to see the traceback of an unexpected failure
DEBUG_VARIABLE = "CUSTOMER_COURSE_DEBUG"
#: longest line printed for one problem (a data value can be megabytes long)
LINE_CHARS = 800


def debugging() -> bool:
    """True when the person running the command asked for tracebacks."""
    return os.environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0")


def problems_from(exc: BaseException, *, command: str = "", lang: str = "en") -> list[Problem]:
    """The problems an exception stands for (one, unless it carries a list).

    The problems made here (a file, a permission, an unexpected fault) are written in
    ``lang``; problems the exception carries keep the words they were made with.

    >>> problems_from(DataError("orders table: column 'revenue' not found"))[0].code
    'data'
    >>> problems_from(RuntimeError("boom"), command="rerun")[0].line
    'error: unexpected RuntimeError: boom (python3 tasks.py rerun). Fix: this is a fault in the
    course, not in your data; run the command again with CUSTOMER_COURSE_DEBUG=1 to see where it
    happened'
    >>> problems_from(PermissionError(13, "Permission denied", "/srv"), lang="zh")[0].fix
    '选择一个你有写入权限的文件夹（用于 --out），或一个你有读取权限的文件'
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
                tr(
                    "permission denied: {reason}",
                    lang,
                    domain="reports",
                    reason=exc.strerror or exc,
                ),
                str(exc.filename or ""),
                tr(
                    "choose a folder you may write to (for --out), or a file you may read",
                    lang,
                    domain="reports",
                ),
            )  # fmt: skip
        ]
    if isinstance(exc, OSError):
        return [
            Problem(
                "error",
                "file",
                str(exc.strerror or exc),
                str(exc.filename or ""),
                tr("check the path and that you may read and write there", lang, domain="reports"),
            )
        ]
    what = tr("unexpected {kind}: {error}", lang, domain="reports", kind=type(exc).__name__,
              error=exc).rstrip(": ：")  # fmt: skip
    where = f"python3 tasks.py {command}".strip() if command else ""
    return [
        Problem(
            "error",
            "unexpected",
            what,
            where,
            tr(
                "this is a fault in the course, not in your data; run the command again with "
                "{variable}=1 to see where it happened",
                lang,
                domain="reports",
                variable=DEBUG_VARIABLE,
            ),
        )
    ]


def shorten(text: str, limit: int = LINE_CHARS, lang: str = "en") -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out.

    >>> shorten("x" * 2000, 20)
    'xxxxxxxxxxxxxxxxxxxx... (1,980 more characters)'
    >>> shorten("x" * 2000, 20, "zh")
    'xxxxxxxxxxxxxxxxxxxx……（另有 1,980 个字符）'
    """
    text = str(text)
    if len(text) <= limit:
        return text
    return tr("{start}... ({n:,} more characters)", lang, domain="reports", start=text[:limit],
              n=len(text) - limit)  # fmt: skip


def level_word(level: str, lang: str = "en") -> str:
    """The word for a problem's level: error / warning, 错误 / 警告.

    >>> level_word("error"), level_word("warning", "zh")
    ('error', '警告')
    """
    if level == "error":
        return tr("error", lang, domain="reports", context="problem level")
    return tr("warning", lang, domain="reports", context="problem level")


def problem_line(problem: Problem, lang: str = "en") -> str:
    """A problem as one line of text in ``lang``; in English exactly ``problem.line``.

    >>> p = Problem("error", "x", "no rows", "orders.csv", "export it again")
    >>> problem_line(p) == p.line
    True
    >>> problem_line(p, "zh")
    '错误：no rows（orders.csv）。解决办法：export it again'
    """
    values = {"level": level_word(problem.level, lang), "what": problem.what,
              "where": problem.where, "fix": problem.fix}  # fmt: skip
    if problem.where and problem.fix:
        return tr("{level}: {what} ({where}). Fix: {fix}", lang, domain="reports", **values)
    if problem.where:
        return tr("{level}: {what} ({where}).", lang, domain="reports", **values)
    if problem.fix:
        return tr("{level}: {what}. Fix: {fix}", lang, domain="reports", **values)
    return tr("{level}: {what}.", lang, domain="reports", **values)


def format_problems(
    problems: Iterable[Problem], heading: str | None = None, *, lang: str = "en"
) -> str:
    """A heading and one ``- level: what (where). Fix: ...`` line per problem, errors first.

    ``heading`` defaults to "The command stopped:" in ``lang``.

    >>> print(format_problems([Problem("warning", "x", "few rows")], lang="zh"))
    命令已停止：
    - 警告：few rows。
    """
    if heading is None:
        heading = tr("The command stopped:", lang, domain="reports")
    problems = list(problems)
    ordered = [p for p in problems if p.level == "error"] + [
        p for p in problems if p.level != "error"
    ]
    lines = [f"- {_short_line(p, lang)}".replace("\n", "\n  ") for p in ordered]
    return "\n".join([heading, *lines])


def _short_line(problem: Problem, lang: str = "en") -> str:
    """The problem's line with each part cut on its own, so the fix is always shown."""
    short = Problem(
        problem.level,
        problem.code,
        shorten(problem.what, lang=lang),
        shorten(problem.where, LINE_CHARS // 2, lang),
        shorten(problem.fix, LINE_CHARS // 2, lang),
    )
    return problem_line(short, lang)
