"""Standardise and check the tables beside clean order lines: the last step of loading
any source (:func:`helpers.datasets.load_tables`), also when the order lines are cleaned
in batches (:mod:`helpers.batches`) and the tables hold a sample of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from helpers.cleaning import large_removals
from helpers.i18n import tr
from helpers.loading import standardise
from helpers.params import check_data_options
from helpers.schema import OPTIONAL_TABLES, DataError, Problem
from helpers.tables import CourseTables, LineStore
from helpers.validation import check_survey_scale, id_spellings, join_report, shared_orders


@dataclass(frozen=True)
class WholeLines:
    """What the checks of :func:`assemble` need from order lines too large for memory,
    when the tables hold a sample of them (see :mod:`helpers.batches`): the distinct raw
    ids, the lines of orders shared by several customers, the customer and product of
    every line (as categories), and where the lines are stored."""

    raw_ids: pd.DataFrame
    shared: pd.DataFrame
    ids: pd.DataFrame
    lines: LineStore
    default_as_of: pd.Timestamp | None


def assemble(
    name: str,
    orders: pd.DataFrame,
    report,
    mapped: Mapping[str, pd.DataFrame | None],
    given: dict,
    problems: list[Problem],
    *,
    whole: WholeLines | None = None,
) -> tuple[CourseTables, list[Problem]]:
    """Standardise and check the tables beside clean order lines; collect the problems.

    ``whole`` stands in for the order lines when ``orders`` is a sample of them.
    """
    opts = check_data_options(given)
    problems = list(problems)
    errors: list[Problem] = []
    others: dict[str, pd.DataFrame | None] = {}
    for table in OPTIONAL_TABLES:
        df = mapped.get(table)
        if df is None:
            others[table] = None
            continue
        try:
            others[table] = standardise(df, table=table, options=given)
        except DataError as exc:
            errors += exc.problems
            others[table] = None
    if others.get("survey") is not None:
        others["survey"], found = check_survey_scale(others["survey"], opts["survey_scale"])
        problems += found
    if report.rows_out == 0:
        dropped = report.counts("dropped")
        errors.append(
            Problem(
                "error",
                "no_lines_left",
                tr(
                    "no order lines are left after cleaning: of {n:,} lines, {why}",
                    None,
                    domain="datacheck",
                    n=report.rows_in,
                    why="; ".join(f"{k}: {v:,}" for k, v in dropped.items()) or "none was kept",
                ),
                tr("orders table", None, domain="datacheck"),
                tr(
                    "check the column mapping and the cleaning rules (the data option cleaning "
                    "can keep returns, duplicates ...); the cleaning report lists every line",
                    None,
                    domain="datacheck",
                ),
            )
        )
    problems += large_removals(report)
    raw = {k: v for k, v in mapped.items() if v is not None}
    if whole is not None:
        raw["orders"] = whole.raw_ids
    problems += id_spellings(raw, case=opts["id_case"], leading_zeros=opts["id_leading_zeros"])
    joins = None
    if report.rows_out:
        errors += shared_orders(orders if whole is None else whole.shared)
        joins, found = join_report({"orders": orders if whole is None else whole.ids, **others})
        problems += found
    warnings = [p for p in problems if p.level == "warning"]
    errors += [p for p in problems if p.level == "error"]
    tables = CourseTables(
        name=name,
        orders=orders,
        cleaning=report,
        problems=warnings,
        joins=joins,
        lines=None if whole is None else whole.lines,
        default_as_of=None if whole is None else whole.default_as_of,
        **others,
    )
    return tables, errors + warnings
