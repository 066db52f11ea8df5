"""The set-up every lesson and exercise starts with, in one call: :func:`start` (开始).

It sets the chart theme for the language, loads the data source with its mapping and
data options (:func:`helpers.datasets.load_tables`), fixes the as-of date (given, or the
day after the last order; never "today") and keeps the order lines before it.

The per-customer tables come from :class:`LessonData`'s methods
(:meth:`LessonData.customer_summary`, :meth:`LessonData.sales_by_period`,
:meth:`LessonData.margin_by_product`, :meth:`LessonData.cross_sell`): from the order
lines in memory, or, when the order lines are beyond the memory budget (see
:mod:`helpers.batches`), from every line by DuckDB (:mod:`helpers.bigdata`), with the
same results to the cent. ``run.orders`` then holds every line of a stated sample of
customers, for the steps that show order lines themselves, and :meth:`LessonData.describe`
says so.

>>> run = start("course:seed=3,customers=50", as_of="2025-07-01", show=False)
>>> run.as_of, bool((run.orders["order_date"] < run.as_of).all())
(Timestamp('2025-07-01 00:00:00'), True)
>>> run.period(days=30).start
Timestamp('2025-06-01 00:00:00')
>>> run.customer_summary().equals(profiling.customer_summary(run.orders, as_of=run.as_of))
True
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import memory, profiling, theme
from helpers.datacheck import as_of_day
from helpers.datasets import load_tables
from helpers.i18n import check_lang, language, tr
from helpers.schema import DataError
from helpers.tables import CourseTables


@dataclass(frozen=True)
class Period:
    """The order lines of the ``days`` days before the as-of date (``start`` <= date < end).

    When the order lines are a sample (see :attr:`LessonData.sampled`), ``orders`` holds the
    sample's lines of the period; :meth:`LessonData.customer_summary` with ``start`` counts
    every line.
    """

    start: pd.Timestamp
    end: pd.Timestamp
    orders: pd.DataFrame

    @property
    def days(self) -> int:
        return int((self.end - self.start) / pd.Timedelta(days=1))


@dataclass(frozen=True)
class LessonData:
    """What a lesson works on: the tables, the as-of date and the order lines before it."""

    tables: CourseTables
    as_of: pd.Timestamp
    orders: pd.DataFrame
    lang: str
    #: the memory this notebook may use (the data option memory_budget)
    budget: int | None = field(default=None, compare=False)
    _made: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def sampled(self) -> bool:
        """True when ``orders`` holds every line of a sample of the customers, not every
        line (the order lines are beyond the memory budget)."""
        return self.tables.sampled

    @cached_property
    def first_order(self) -> pd.Timestamp:
        """The date and time of the first order line (NaT when there is none)."""
        if self.sampled:
            return pd.Timestamp(self.tables.lines.facts["first_order"])
        return self.orders["order_date"].min()

    @property
    def line_count(self) -> int:
        """How many order lines are dated before the as-of date (all, not the sample)."""
        return int(self.order_facts["order_lines"]) if self.sampled else len(self.orders)

    @cached_property
    def order_facts(self) -> dict[str, Any]:
        """Counts, dates and revenue of every order line before the as-of date.

        >>> run = start("course:seed=3,customers=20", show=False)
        >>> run.order_facts["customers"], run.order_facts["order_lines"] == len(run.orders)
        (20, True)
        """
        if self.sampled:
            from helpers import bigdata

            return bigdata.order_facts(self.line_files, as_of=self.as_of)
        o = self.orders
        return {
            "source": self.tables.name,
            "order_lines": int(len(o)),
            "orders": int(o["order_id"].nunique()),
            "customers": int(o["customer_id"].nunique()),
            "first_order": o["order_date"].min(),
            "last_order": o["order_date"].max(),
            "revenue": profiling_total(o["revenue"]),
            "cost": profiling_total(o["cost"]) if self.tables.has_cost else None,
            "has_cost": self.tables.has_cost,
        }

    @cached_property
    def line_files(self):
        """Every order line as DuckDB reads it (:class:`helpers.bigdata.OrderLineFiles`),
        with half of this notebook's memory budget; None when they are all in memory."""
        if not self.sampled:
            return None
        from helpers import bigdata

        budget = self.budget or memory.memory_budget(None)
        limit = f"{max(int(budget * memory.DUCKDB_SHARE) // 2**20, 256)}MB"
        spill = tempfile.mkdtemp(prefix="course-duckdb-")
        files = bigdata.OrderLineFiles(
            self.tables.lines.folder, memory_limit=limit, temp_directory=spill
        )
        # the spill folder is this notebook's own: removed with the connection that uses it
        weakref.finalize(files, shutil.rmtree, spill, ignore_errors=True)
        return files

    def period(self, days: int) -> Period:
        """The last ``days`` days before the as-of date, cut at the first order in the data.

        The start is never earlier than the first order's day, so a period longer than
        the history says how long it really is (``Period.days``).
        """
        if int(days) < 1:
            raise DataError(f"a period needs at least 1 day, not {days!r}")
        first = self.first_order
        start = self.as_of - pd.Timedelta(days=int(days))
        if pd.notna(first):
            start = max(start, pd.Timestamp(first).normalize())
        lines = self.orders[self.orders["order_date"] >= start]
        return Period(start, self.as_of, lines)

    # ---- per-customer tables: from the lines in memory, or from every line by DuckDB --------

    def customer_summary(
        self,
        *,
        start: pd.Timestamp | str | None = None,
        end: pd.Timestamp | str | None = None,
        period_days: int = 365,
        dormant_after_days: int = 180,
        convention: str = "course",
        freq: str = "D",
    ) -> pd.DataFrame:
        """:func:`helpers.profiling.customer_summary` of the order lines before the as-of
        date (from ``start`` on, when given: ``start=run.period(365).start``; before ``end``
        and as of ``end``, when given, for an earlier period).

        >>> run = start("course:seed=3,customers=30", show=False)
        >>> period = run.period(90)
        >>> run.customer_summary(start=period.start).equals(
        ...     profiling.customer_summary(period.orders, as_of=run.as_of))
        True
        """
        end = self.as_of if end is None else pd.Timestamp(end)
        key = ("summary", start, end, period_days, dormant_after_days, convention, freq)
        if key not in self._made:  # each table is computed once (callers get a copy)
            self._made[key] = self._customer_summary(
                start, end, period_days, dormant_after_days, convention, freq
            )
        return self._made[key].copy(deep=False)

    def _customer_summary(self, start, end, period_days, dormant_after_days, convention, freq):
        if self.sampled:
            from helpers import bigdata

            if convention == "lifetimes":
                if start is not None:
                    raise DataError("the lifetimes convention counts the whole history")
                return bigdata.lifetimes_summary(self.line_files, as_of=end, freq=freq)
            return bigdata.customer_summary(
                self.line_files, as_of=end, start=start, period_days=period_days,
                dormant_after_days=dormant_after_days,
            )  # fmt: skip
        lines = self.orders if start is None else self._from(start)
        return profiling.customer_summary(
            lines, as_of=end, period_days=period_days,
            dormant_after_days=dormant_after_days, convention=convention, freq=freq,
        )  # fmt: skip

    def lines_summary(self, **options) -> pd.DataFrame:
        """:func:`helpers.profiling.customer_summary` of the order lines in memory: every
        line (then it is :meth:`customer_summary`), or the stated sample's lines, for the
        plain-pandas checks that work on order lines.

        >>> run = start("course:seed=3,customers=20", show=False)
        >>> run.lines_summary().equals(run.customer_summary())
        True
        """
        if not self.sampled:
            return self.customer_summary(**options)
        key = ("lines", tuple(sorted(options.items())))
        if key not in self._made:
            self._made[key] = profiling.customer_summary(self.orders, as_of=self.as_of, **options)
        return self._made[key].copy(deep=False)

    def orders_since(self, start) -> pd.DataFrame:
        """Order lines for counting the orders and buyers of every customer from ``start``
        on (``profiling.gold_and_drag_summary``, ``planning.retention_kpi``, which count
        only their own period): every line in memory, or, beyond the memory budget, one row
        per customer, order and day from ``start`` on, and the first order of all
        (:func:`helpers.bigdata.order_days`).
        """
        if self.sampled:
            from helpers import bigdata

            return bigdata.order_days(self.line_files, as_of=self.as_of, start=start, first=True)
        return self.orders

    def sales_by_period(self, freq: str = "YS") -> pd.DataFrame:
        """:func:`helpers.profiling.customer_sales_by_period` of the order lines."""
        if self.sampled:
            from helpers import bigdata

            return bigdata.customer_sales_by_period(self.line_files, as_of=self.as_of, freq=freq)
        return profiling.customer_sales_by_period(self.orders, as_of=self.as_of, freq=freq)

    def margin_by_product(
        self,
        *,
        customer_id: str | Sequence[str] | None = None,
        products: pd.DataFrame | None = None,
    ) -> pd.DataFrame:
        """:func:`helpers.profiling.margin_by_product` of the order lines."""
        if self.sampled:
            from helpers import bigdata

            return bigdata.margin_by_product(
                self.line_files, customer_id=customer_id, products=products, as_of=self.as_of
            )
        return profiling.margin_by_product(self.orders, customer_id=customer_id, products=products)

    def cross_sell(
        self,
        products: pd.DataFrame | None = None,
        *,
        by: str = "category",
        max_items: int = 2,
        min_monetary: float = 0.0,
    ) -> pd.DataFrame:
        """:func:`helpers.profiling.cross_sell_prospects` of the order lines."""
        options = {"by": by, "max_items": max_items, "min_monetary": min_monetary}
        if self.sampled:
            from helpers import bigdata

            return bigdata.cross_sell_prospects(
                self.line_files, products, as_of=self.as_of, **options
            )
        return profiling.cross_sell_prospects(self.orders, products, **options)

    def _from(self, start) -> pd.DataFrame:
        start = pd.Timestamp(start)
        dates = self.orders["order_date"]
        return self.orders if dates.min() >= start else self.orders[dates >= start]

    def describe(self) -> str:
        """One line in the run's language: the data, the as-of date and how many order
        lines come before it (and, beyond the memory budget, how the lines are analysed).

        >>> run = start("course:seed=3,customers=50", as_of="2025-07-01", show=False)
        >>> print(run.describe())  # doctest: +NORMALIZE_WHITESPACE
        data: course:seed=3,customers=50; as-of date 2025-07-01 (orders before this day count);
        812 order lines
        >>> from dataclasses import replace
        >>> print(replace(run, lang="zh").describe())
        数据：course:seed=3,customers=50；分析基准日 2025-07-01（只计此日之前的订单）；812 行订单
        """
        facts = self.order_facts
        head = tr(
            "data: {name}; as-of date {day} (orders before this day count); {lines:,} order lines",
            self.lang,
            domain="lessons",
            name=self.tables.name,
            day=self.as_of.strftime("%Y-%m-%d"),
            lines=facts["order_lines"],
        )
        if not self.sampled:
            return head
        return head + tr(
            ", analysed customer by customer: the customer tables count every line (DuckDB "
            "reads them from Parquet files); steps that show order lines use the {lines:,} "
            "lines of {sample:,} of the {customers:,} customers, drawn at random (seed {seed})",
            self.lang,
            domain="lessons",
            lines=len(self.orders),
            sample=self.orders["customer_id"].nunique(),
            customers=facts["customers"],
            seed=self.tables.lines.sample_seed,
        )

    def facts(self) -> pd.Series:
        """The data of the run in a few lines, in the run's language: its source, order
        lines, orders, customers, period, whether costs are known, the tables present
        and absent (every order line, also beyond the memory budget).

        >>> run = start("course:seed=3,customers=50", as_of="2025-07-01", show=False)
        >>> run.facts()[["customers", "period", "tables absent"]].tolist()
        ['46', '2024-01-17 to 2025-06-29', 'none']
        >>> from dataclasses import replace
        >>> replace(run, lang="zh").facts()[["客户数", "期间", "缺少的表"]].tolist()
        ['46', '2024-01-17 至 2025-06-29', '无']
        """
        lang, found = self.lang, self.order_facts
        first, last = f"{found['first_order']:%Y-%m-%d}", f"{found['last_order']:%Y-%m-%d}"
        yes, no = tr("yes", lang, domain="lessons"), tr("no", lang, domain="lessons")
        facts = {
            tr("source", lang, domain="lessons"): self.tables.name,
            tr("order lines (after cleaning)", lang, domain="lessons"): (
                f"{found['order_lines']:,}"
            ),
            tr("orders", lang, domain="lessons"): f"{found['orders']:,}",
            tr("customers", lang, domain="lessons"): f"{found['customers']:,}",
            tr("period", lang, domain="lessons"): tr(
                "{first} to {last}", lang, domain="lessons", first=first, last=last
            ),
            tr("cost known (profit analyses possible)", lang, domain="lessons"): (
                yes if self.tables.has_cost else no
            ),
            tr("tables present", lang, domain="lessons"): ", ".join(self.tables.tables()),
            tr("tables absent", lang, domain="lessons"): ", ".join(self.tables.missing())
            or tr("none", lang, domain="lessons"),
        }
        return pd.Series(facts, name=tr("value", lang, domain="lessons"))


def profiling_total(amounts: pd.Series) -> float:
    """A sum of money in whole cents (the course's one rule for totals)."""
    from helpers._aggregate import from_cents, to_cents

    cents = to_cents(amounts.to_numpy(dtype="float64", na_value=0.0))
    return float(from_cents(cents.sum()))


def as_of_date(as_of: str | pd.Timestamp | None, tables: CourseTables) -> pd.Timestamp:
    """The as-of date: the given day, or the day after the last order (never today).

    >>> from helpers.tables import CourseTables
    >>> t = CourseTables("x", pd.DataFrame({"customer_id": ["C1"], "order_id": ["O1"],
    ...     "order_date": pd.to_datetime(["2025-03-01 14:00"]), "product_id": ["P1"],
    ...     "quantity": [1], "revenue": [9.5]}))
    >>> as_of_date(None, t), as_of_date("2025-02-01", t)
    (Timestamp('2025-03-02 00:00:00'), Timestamp('2025-02-01 00:00:00'))
    """
    if as_of is None or (isinstance(as_of, str) and not as_of.strip()):
        return pd.Timestamp(tables.default_as_of)
    return as_of_day(as_of)


def start(
    data_source: str | Path = "course",
    column_mapping: Mapping[str, str] | str | Path | None = None,
    data_options: Mapping[str, object] | None = None,
    *,
    as_of: str | pd.Timestamp | None = None,
    lang: str = "en",
    show: bool = True,
) -> LessonData:
    """Set the theme, load the data and fix the as-of date; print one line about the data.

    The arguments are the notebook parameters of the same names.
    """
    check_lang(lang)
    theme.set_theme(lang)
    with language(lang):  # a problem with the data is told in the lesson's language
        tables = load_tables(data_source, column_mapping, options=data_options)
        day = as_of_date(as_of, tables)
    dates = tables.orders["order_date"]
    # the lines are kept as they are (no copy) when none is dated on or after the as-of date
    orders = tables.orders if not (dates >= day).any() else tables.orders[dates < day]
    run = LessonData(tables, day, orders, lang, memory.memory_budget(data_options))
    if show:
        print(run.describe())
    return run
