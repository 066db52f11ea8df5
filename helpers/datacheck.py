"""Check a data source before anything runs on it: a list of problems, each with a fix (数据检查).

:func:`check_data` loads a data source the way every lesson will and returns a
:class:`DataCheck`: the tables (when they could be loaded), a list of
:class:`~helpers.schema.Problem` entries, and what each lesson will not be able to
show with this data (:data:`LESSON_NEEDS`). An *error* stops a re-run before any
notebook runs; a *warning* is shown loudly in the reports (a cleaning rule that removed
many lines, ids that do not join, a rescaled survey). Every problem says what is wrong,
where, and how to fix it, so no traceback ever reaches a trainer.

>>> check = check_data("course:seed=3,customers=40")
>>> check.ok, check.tables.name, check.gaps
(True, 'course:seed=3,customers=40', {})
>>> bad = check_data("nowhere/at/all.csv")
>>> bad.ok, bad.errors[0].code
(False, 'data_source')
>>> check_data("course:shape=orders_only").gaps["05_loyalty"][0]
'the satisfaction x loyalty matrix and the six loyalty types (needs the survey table)'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.datasets import load_tables_checked
from helpers.i18n import language, tr
from helpers.params import PARAMETERS
from helpers.schema import DataError, Problem, quote
from helpers.tables import CourseTables


@dataclass(frozen=True)
class Need:
    """What a lesson needs to show one thing: a table and, optionally, columns of it."""

    table: str
    columns: tuple[str, ...]
    shows: str

    def missing(self, tables: CourseTables) -> str | None:
        """Why this cannot be shown with ``tables`` (None when it can)."""
        df = getattr(tables, self.table, None)
        if df is None:
            return tr("needs the {table} table", None, domain="datacheck", table=self.table)
        absent = [c for c in self.columns if not tables.has_column(self.table, c)]
        if absent:
            return tr(
                "needs the {table} table's {cols}",
                None,
                domain="datacheck",
                table=self.table,
                cols=" and ".join(f"{c} column" for c in absent),
            )
        return None


#: what each lesson needs from the data, beyond order lines with customer, date, quantity
#: and revenue, and what it shows with it; one place for the whole course
LESSON_NEEDS: dict[str, tuple[Need, ...]] = {
    "01_data_collection": (
        Need("customers", (), "the customer profile in the inventory of customer data"),
        Need("orders", ("cost",), "profit in the first look at the customers"),
        Need("complaints", ("reason",), "complaints in the behavioural data"),
        Need("campaigns", ("responded",), "responses to offers in the behavioural data"),
        Need("leads", ("source",), "where prospects come from (collection channels)"),
        Need("leads", ("converted_customer_id",), "which prospects became customers"),
    ),
    "02_customer_profiling": (
        Need("customers", ("customer_type",), "the customer composition by type"),
        Need("customers", ("business_type", "industry"),
             "the composition of corporate customers by business type and industry"),
        Need("customers", ("region", "channel"), "the composition by region and channel"),
        Need("orders", ("cost",), "gross margin per customer"),
        Need("orders", ("product_id",), "what each customer buys (products, categories)"),
        Need("products", ("category",), "gross margin by product category"),
        Need("products", ("product_name",), "the products with the highest and lowest margins"),
        Need("complaints", (), "big customers who complain"),
        Need("customers", ("wallet_estimate",), "the share of wallet of cross-selling prospects"),
    ),
    "03_abc_grading": (
        Need("orders", ("cost",), "grades and the pyramids by profit"),
        Need("customers", ("potential",), "regrading by development potential"),
    ),
    "04_purchase_deciles": (
        Need("orders", ("cost",), "profit by decile group"),
        Need("customers", ("customer_type", "region"), "who the customers of each decile are"),
    ),
    "05_loyalty": (
        Need("survey", ("satisfaction", "loyalty"),
             "the satisfaction x loyalty matrix and the six loyalty types"),
        Need("survey", ("survey_date",), "when the survey answers were given (survey waves)"),
        Need("complaints", ("complaint_date",), "complaints and the priority list"),
        Need("complaints", ("reason",), "the reasons of complaints"),
        Need("complaints", ("resolved",), "whether complaints were resolved"),
        Need("leads", (), "prospects that may still convert"),
    ),
    "06_case_study": (
        Need("orders", ("cost",), "the profit side of the case"),
        Need("customers", ("potential",), "regrading by development potential"),
        Need("survey", ("satisfaction", "loyalty"), "the loyalty part of the case"),
        Need("survey", ("survey_date",), "when the survey answers were given"),
        Need("complaints", ("complaint_date",), "the complaint priority list"),
        Need("leads", (), "prospects that may still convert"),
    ),
}  # fmt: skip


def lesson_gaps(tables: CourseTables) -> dict[str, list[str]]:
    """For each lesson, what it will not be able to show with ``tables``, and why.

    Lessons that can show everything are left out.

    >>> from helpers.datasets import load_tables
    >>> gaps = lesson_gaps(load_tables("course:shape=no_cost,customers=30"))
    >>> print(gaps["03_abc_grading"][0])
    grades and the pyramids by profit (needs the orders table's cost column)
    """
    gaps: dict[str, list[str]] = {}
    for stem, needs in LESSON_NEEDS.items():
        found = [f"{n.shows} ({why})" for n in needs if (why := n.missing(tables)) is not None]
        if found:
            gaps[stem] = found
    return gaps


@dataclass
class DataCheck:
    """The outcome of :func:`check_data`: the tables (None when they cannot be loaded),
    the problems, and what each lesson will not be able to show (``gaps``)."""

    tables: CourseTables | None
    problems: list[Problem] = field(default_factory=list)
    gaps: dict[str, list[str]] = field(default_factory=dict)

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
        """Every problem, errors first, one per line; then how the tables join and what
        each lesson cannot show."""
        ordered = self.errors + self.warnings
        lines = [f"- {p.line}" for p in ordered] or [
            tr("No problems found.", None, domain="datacheck")
        ]
        joins = self.tables.joins if self.tables is not None else None
        if joins is not None and len(joins):
            lines.append(tr("How the other tables join the order lines:", None, domain="datacheck"))
            for r in joins.itertuples():
                lines.append(
                    tr(
                        "- {table}: {found:,} of {rows:,} {unit} ({share:.1%})",
                        None,
                        domain="datacheck",
                        table=r.table,
                        found=r.found,
                        rows=r.rows,
                        unit=tr("buyers have a customer row", None, domain="datacheck")
                        if r.table == "customers"
                        else r.unit,
                        share=r.share,
                    )
                )
        if self.gaps:
            lines.append(
                tr("What the lessons cannot show with this data:", None, domain="datacheck")
            )
            for stem, items in self.gaps.items():
                lines.append(f"- {stem}: " + "; ".join(items))
        return "\n".join(lines)


def check_data(
    data_source: str | Path,
    column_mapping: Mapping[str, str] | str | Path | None = None,
    options: Mapping[str, object] | None = None,
    as_of: str | pd.Timestamp | None = None,
    *,
    lang: str = "en",
) -> DataCheck:
    """Load ``data_source`` as the lessons will and list every problem found.

    Every problem is written in ``lang`` ("en" or "zh").

    ``as_of`` (the notebooks' parameter: the first day not analysed) is checked too:
    a date that is no date is an error, order lines on or after it are a warning (the
    lessons leave them out), and no order line before it is an error.

    >>> check_data("course", as_of="2023-13-45").errors[0].code
    'as_of'
    >>> [p.code for p in check_data("course", as_of="2025-07-01").warnings]
    ['dates_after_as_of']
    """
    with language(lang):
        return _check_data(data_source, column_mapping, options, as_of)


def _check_data(data_source, column_mapping, options, as_of) -> DataCheck:
    try:
        tables, problems = load_tables_checked(data_source, column_mapping, options=options)
    except Exception as exc:  # the promise is a problem list, never a traceback
        what = tr(
            "the data could not be loaded: {error}",
            None,
            domain="datacheck",
            error=quote(f"{type(exc).__name__}: {exc}", 200),
        )
        problem = Problem(
            "error",
            "unreadable",
            what,
            quote(str(data_source), 120),
            tr(
                "check that the file is a CSV, Excel or Parquet export of the data",
                None,
                domain="datacheck",
            ),
        )
        return DataCheck(None, [problem])
    problems = list(problems)
    if as_of is not None and not (isinstance(as_of, str) and not as_of.strip()):
        try:
            day = as_of_day(as_of)
        except DataError as exc:
            problems += exc.problems
        else:
            if tables is not None:
                problems += _as_of_problems(tables, day)
    gaps = lesson_gaps(tables) if tables is not None else {}
    order = {"error": 0, "warning": 1}
    problems.sort(key=lambda p: order[p.level])
    return DataCheck(tables, problems, gaps)


def as_of_day(as_of) -> pd.Timestamp:
    """The as-of date given as a parameter, checked by its declared kind (YYYY-MM-DD, a day).

    >>> as_of_day("2024-01-01")
    Timestamp('2024-01-01 00:00:00')
    """
    value = as_of.date().isoformat() if isinstance(as_of, pd.Timestamp) else as_of
    why = PARAMETERS["as_of"].problem(value)
    if why is not None:
        raise DataError(
            tr("as_of {value} is not a date", None, domain="datacheck", value=quote(value)),
            code="as_of",
            where=tr("the parameter as_of", None, domain="datacheck"),
            fix=tr(
                "write as_of as {why}, the first day not analysed (for example 2024-01-01)",
                None,
                domain="datacheck",
                why=why,
            ),
        )
    return pd.Timestamp(str(value))


def _as_of_problems(tables: CourseTables, day: pd.Timestamp) -> list[Problem]:
    dates = tables.orders["order_date"]
    after = (dates >= day).to_numpy()
    if after.all():
        return [
            Problem(
                "error",
                "nothing_before_as_of",
                tr(
                    "no order line is dated before as_of {day:%Y-%m-%d}; the orders run from "
                    "{first:%Y-%m-%d} to {last:%Y-%m-%d}",
                    None,
                    domain="datacheck",
                    day=day,
                    first=dates.min(),
                    last=dates.max(),
                ),
                tr("the parameter as_of", None, domain="datacheck"),
                tr(
                    "set as_of to a day after the orders to analyse (it is the first day left out)",
                    None,
                    domain="datacheck",
                ),
            )
        ]
    if not after.any():
        return []
    return [
        Problem(
            "warning",
            "dates_after_as_of",
            tr(
                "{n:,} of {total:,} order lines are dated on or after as_of {day:%Y-%m-%d} "
                "(up to {last:%Y-%m-%d}); the lessons leave them out",
                None,
                domain="datacheck",
                n=int(after.sum()),
                total=len(dates),
                day=day,
                last=dates.max(),
            ),
            tr("orders table", None, domain="datacheck"),
            tr(
                "nothing to do if the analysis should stop at {day:%Y-%m-%d}; otherwise set "
                "as_of to a later day, or to null for the day after the last order",
                None,
                domain="datacheck",
                day=day,
            ),
        )
    ]
