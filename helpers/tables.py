"""The tables of one data source, as every lesson receives them: :class:`CourseTables`."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.cleaning import CleaningReport
from helpers.schema import OPTIONAL_TABLES, Problem, has_cost


@dataclass
class CourseTables:
    """The tables of one data source; absent optional tables are None.

    >>> t = CourseTables("tiny", pd.DataFrame({"customer_id": ["C1"], "order_id": ["O1"],
    ...     "order_date": pd.to_datetime(["2025-03-01"]), "product_id": ["P1"],
    ...     "quantity": [1], "revenue": [9.5]}))
    >>> t.default_as_of, t.has_cost, t.missing()[:2]
    (Timestamp('2025-03-02 00:00:00'), False, ['customers', 'products'])
    >>> t
    CourseTables('tiny': orders=1; default_as_of=2025-03-02)
    """

    name: str
    orders: pd.DataFrame
    customers: pd.DataFrame | None = None
    products: pd.DataFrame | None = None
    complaints: pd.DataFrame | None = None
    survey: pd.DataFrame | None = None
    campaigns: pd.DataFrame | None = None
    leads: pd.DataFrame | None = None
    cleaning: CleaningReport | None = field(default=None, repr=False)
    default_as_of: pd.Timestamp | None = None
    #: warnings found while loading (a rule that removed many lines, ids that do not join...)
    problems: list[Problem] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if self.cleaning is None:
            self.cleaning = CleaningReport.unchanged(len(self.orders))
        if self.default_as_of is None:
            last = pd.Timestamp(self.orders["order_date"].max())
            self.default_as_of = last.normalize() + pd.Timedelta(days=1)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}={len(df):,}" for n, df in self.tables().items())
        as_of = self.default_as_of.date() if self.default_as_of is not None else None
        return f"CourseTables({self.name!r}: {sizes}; default_as_of={as_of})"

    def missing(self) -> list[str]:
        """Names of the optional tables this source does not have."""
        return [name for name in OPTIONAL_TABLES if getattr(self, name) is None]

    @property
    def has_cost(self) -> bool:
        """True when order lines carry cost (profit analyses need it)."""
        return has_cost(self.orders)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables that are present, by name."""
        names = ["orders", *OPTIONAL_TABLES]
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}
