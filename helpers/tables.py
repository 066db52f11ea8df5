"""The tables of one data source, as every lesson receives them: :class:`CourseTables`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers._aggregate import from_cents, to_cents
from helpers.cleaning import CleaningReport
from helpers.schema import OPTIONAL_TABLES, Problem, has_cost


@dataclass(frozen=True)
class LineStore:
    """All the order lines of a source too large to analyse in memory: clean Parquet files
    that DuckDB reads (see :mod:`helpers.bigdata`), with their figures counted once.

    ``facts`` holds what :func:`helpers.bigdata.order_facts` counts (lines, orders,
    customers, first and last order, revenue, has_cost); the tables' ``orders`` then hold
    every line of ``sample_customers`` customers drawn at random with ``sample_seed``.

    >>> store = LineStore(Path("orders"), {"order_lines": 10, "customers": 4,
    ...     "has_cost": True}, sample_customers=2, sample_seed=0)
    >>> LineStore.from_record(store.record(), Path("orders")) == store
    True
    """

    folder: Path
    facts: dict[str, Any]
    sample_customers: int
    sample_seed: int

    def record(self) -> dict[str, Any]:
        """What a prepared folder's manifest keeps (the folder is the manifest's own)."""
        facts = {
            k: (v.isoformat() if isinstance(v, pd.Timestamp) else v) for k, v in self.facts.items()
        }
        return {
            "facts": facts,
            "sample_customers": self.sample_customers,
            "sample_seed": self.sample_seed,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any], folder: Path) -> LineStore:
        facts = dict(record["facts"])
        for k in ("first_order", "last_order"):
            if isinstance(facts.get(k), str):
                facts[k] = pd.Timestamp(facts[k])
        return cls(Path(folder), facts, int(record["sample_customers"]),
                   int(record["sample_seed"]))  # fmt: skip

    @property
    def files(self) -> list[Path]:
        """The Parquet files of the order lines."""
        return sorted(Path(self.folder).glob("*.parquet"))


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
    #: how the other tables' ids join the order lines: one row per table and id column,
    #: with the rows, the rows whose id is found, and the share (see helpers.validation)
    joins: pd.DataFrame | None = field(default=None, repr=False)
    #: all the order lines, when they are analysed customer by customer (``orders`` then
    #: holds a stated sample of whole customers); None when ``orders`` holds every line
    lines: LineStore | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.cleaning is None:
            self.cleaning = CleaningReport.unchanged(len(self.orders))
        if self.default_as_of is None and len(self.orders):
            last = pd.Timestamp(self.orders["order_date"].max())
            if pd.notna(last):
                self.default_as_of = last.normalize() + pd.Timedelta(days=1)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}={len(df):,}" for n, df in self.tables().items())
        as_of = self.default_as_of.date() if self.default_as_of is not None else None
        return f"CourseTables({self.name!r}: {sizes}; default_as_of={as_of})"

    def missing(self) -> list[str]:
        """Names of the optional tables this source does not have."""
        return [name for name in OPTIONAL_TABLES if getattr(self, name) is None]

    @property
    def sampled(self) -> bool:
        """True when ``orders`` holds a sample of the customers' lines (see ``lines``)."""
        return self.lines is not None

    @property
    def has_cost(self) -> bool:
        """True when order lines carry cost (profit analyses need it)."""
        if self.lines is not None:
            return bool(self.lines.facts.get("has_cost"))
        return has_cost(self.orders)

    @property
    def has_products(self) -> bool:
        """True when order lines carry product ids (a purchase log may not).

        >>> CourseTables("log", pd.DataFrame({"customer_id": ["A"], "order_id": ["A@1"],
        ...     "order_date": pd.to_datetime(["2025-03-01"]), "quantity": [1],
        ...     "revenue": [2.0]})).has_products
        False
        """
        return "product_id" in self.orders.columns and bool(self.orders["product_id"].notna().any())

    def has_column(self, table: str, column: str) -> bool:
        """True when ``table`` is present and has ``column`` with at least one value.

        >>> t = CourseTables("x", pd.DataFrame({"customer_id": ["A"], "order_id": ["O1"],
        ...     "order_date": pd.to_datetime(["2025-03-01"]), "quantity": [1],
        ...     "revenue": [2.0]}))
        >>> t.has_column("orders", "revenue"), t.has_column("survey", "survey_date")
        (True, False)
        """
        df = getattr(self, table, None)
        return (
            isinstance(df, pd.DataFrame) and column in df.columns and bool(df[column].notna().any())
        )

    def totals(self) -> dict[str, object]:
        """The figures every page quotes, computed once: money summed in whole cents.

        >>> t = CourseTables("x", pd.DataFrame({"customer_id": ["A", "B", "A"],
        ...     "order_id": ["O1", "O2", "O3"], "order_date": pd.to_datetime(["2025-03-01"] * 3),
        ...     "quantity": [1, 1, 1], "revenue": [0.1, 0.2, 731.9399999999999]}))
        >>> t.totals()["revenue"], t.totals()["customers"]
        (732.24, 2)
        """
        if self.lines is not None:
            f = self.lines.facts
            keys = ("order_lines", "orders", "customers", "revenue", "cost", "first_order",
                    "last_order")  # fmt: skip
            return {k: f.get(k) for k in keys}
        o = self.orders
        out: dict[str, object] = {
            "order_lines": int(len(o)),
            "orders": int(o["order_id"].nunique()) if "order_id" in o.columns else None,
            "customers": int(o["customer_id"].nunique()),
            "revenue": float(from_cents(np.nansum(to_cents(o["revenue"])))),
            "cost": float(from_cents(np.nansum(to_cents(o["cost"])))) if self.has_cost else None,
            "first_order": o["order_date"].min() if len(o) else None,
            "last_order": o["order_date"].max() if len(o) else None,
        }
        return out

    def rows(self, name: str) -> int:
        """The rows of a table; for the order lines every line, also when ``orders`` holds
        a sample of them (0 for an absent table).

        >>> CourseTables("x", pd.DataFrame({"customer_id": ["A"], "order_id": ["O1"],
        ...     "order_date": pd.to_datetime(["2025-03-01"]), "revenue": [2.0]})).rows("orders")
        1
        """
        if name == "orders" and self.lines is not None:
            return int(self.lines.facts["order_lines"])
        df = getattr(self, name, None)
        return 0 if df is None else len(df)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables that are present, by name."""
        names = ["orders", *OPTIONAL_TABLES]
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}
