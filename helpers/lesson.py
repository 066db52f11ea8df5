"""The set-up every lesson and exercise starts with, in one call: :func:`start` (开始).

It sets the chart theme for the language, loads the data source with its mapping and
data options (:func:`helpers.datasets.load_tables`), fixes the as-of date (given, or the
day after the last order; never "today") and keeps the order lines before it.

>>> run = start("course:seed=3,customers=50", as_of="2025-07-01", show=False)
>>> run.as_of, bool((run.orders["order_date"] < run.as_of).all())
(Timestamp('2025-07-01 00:00:00'), True)
>>> run.period(days=30).start
Timestamp('2025-06-01 00:00:00')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import theme
from helpers.datacheck import as_of_day
from helpers.datasets import load_tables
from helpers.i18n import check_lang, language, tr
from helpers.schema import DataError
from helpers.tables import CourseTables


@dataclass(frozen=True)
class Period:
    """The order lines of the ``days`` days before the as-of date (``start`` <= date < end)."""

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

    def period(self, days: int) -> Period:
        """The last ``days`` days before the as-of date, cut at the first order in the data.

        The start is never earlier than the first order's day, so a period longer than
        the history says how long it really is (``Period.days``).
        """
        if int(days) < 1:
            raise DataError(f"a period needs at least 1 day, not {days!r}")
        first = self.orders["order_date"].min()
        start = self.as_of - pd.Timedelta(days=int(days))
        if pd.notna(first):
            start = max(start, pd.Timestamp(first).normalize())
        lines = self.orders[self.orders["order_date"] >= start]
        return Period(start, self.as_of, lines)

    def describe(self) -> str:
        """One line in the run's language: the data, the as-of date and how many order
        lines come before it.

        >>> run = start("course:seed=3,customers=50", as_of="2025-07-01", show=False)
        >>> print(run.describe())  # doctest: +NORMALIZE_WHITESPACE
        data: course:seed=3,customers=50; as-of date 2025-07-01 (orders before this day count);
        812 order lines
        >>> from dataclasses import replace
        >>> print(replace(run, lang="zh").describe())
        数据：course:seed=3,customers=50；分析基准日 2025-07-01（只计此日之前的订单）；812 行订单
        """
        day = self.as_of.strftime("%Y-%m-%d")
        return tr(
            "data: {name}; as-of date {day} (orders before this day count); {lines:,} order lines",
            self.lang,
            domain="lessons",
            name=self.tables.name,
            day=day,
            lines=len(self.orders),
        )

    def facts(self) -> pd.Series:
        """The data of the run in a few lines, in the run's language: its source, order
        lines, orders, customers, period, whether costs are known, the tables present
        and absent.

        >>> run = start("course:seed=3,customers=50", as_of="2025-07-01", show=False)
        >>> run.facts()[["customers", "period", "tables absent"]].tolist()
        ['46', '2024-01-17 to 2025-06-29', 'none']
        >>> from dataclasses import replace
        >>> replace(run, lang="zh").facts()[["客户数", "期间", "缺少的表"]].tolist()
        ['46', '2024-01-17 至 2025-06-29', '无']
        """
        lang, orders = self.lang, self.orders
        dates = orders["order_date"]
        first, last = f"{dates.min():%Y-%m-%d}", f"{dates.max():%Y-%m-%d}"
        yes, no = tr("yes", lang, domain="lessons"), tr("no", lang, domain="lessons")
        facts = {
            tr("source", lang, domain="lessons"): self.tables.name,
            tr("order lines (after cleaning)", lang, domain="lessons"): f"{len(orders):,}",
            tr("orders", lang, domain="lessons"): f"{orders['order_id'].nunique():,}",
            tr("customers", lang, domain="lessons"): f"{orders['customer_id'].nunique():,}",
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
    orders = tables.orders[tables.orders["order_date"] < day]
    run = LessonData(tables, day, orders, lang)
    if show:
        print(run.describe())
    return run
