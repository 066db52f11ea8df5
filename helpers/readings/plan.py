"""Readings of lesson 06 (the case study and its service plan): sentences computed from the
tables of :mod:`helpers.planning` and the lessons before it.

Each function returns Markdown (:class:`helpers.text.Safe`) with every branch written
out; values from the data are escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from helpers.i18n import check_lang, tr
from helpers.schema import Problem
from helpers.text import Safe, esc, md


def _t(msgid: str, lang: str, **values: object) -> Safe:
    """``msgid`` in ``lang`` with its data values escaped."""
    return md(tr(msgid, lang, domain="readings"), **values)


def _join(*parts: str) -> Safe:
    return Safe(" ".join(p for p in parts if p))


def data_warnings(problems: Sequence[Problem], *, lang: str = "en") -> Safe:
    """The warnings found while loading the data, in a box; one line when there are none.

    ``problems`` is ``tables.problems`` (or ``check_data(...).problems``); errors stop a
    run before any lesson, so only warnings reach a lesson, but both are shown.

    >>> print(data_warnings([]))
    No warning was found while loading the data.
    >>> print(data_warnings([Problem("warning", "survey_match", "only 18% of survey rows "
    ...     "match a buyer", "survey.csv", "check the customer ids")]))
    > **Warnings found while loading the data.** The lesson runs, but read its numbers with them in mind:
    >
    > - only 18% of survey rows match a buyer (survey.csv). Fix: check the customer ids
    """  # noqa: E501
    check_lang(lang)
    if not problems:
        return _t("No warning was found while loading the data.", lang)
    lines = [
        _t(
            "> **Warnings found while loading the data.** The lesson runs, but read its numbers "
            "with them in mind:",
            lang,
        ),
        ">",
    ]
    for problem in problems:
        line = esc(problem.what)
        if problem.where:
            line += f" ({esc(problem.where)})"
        if problem.fix:
            line += _t(". Fix: {fix}", lang, fix=problem.fix)
        lines.append(f"> - {line}")
    return Safe("\n".join(lines))
