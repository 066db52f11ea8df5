"""Customer tables straight from order-line files with DuckDB, for data larger than memory.

When a company's order lines do not fit in memory, the lessons work from customer-level
tables (one row per customer, product or period), which are small. The functions here
compute them with DuckDB SQL directly from Parquet or CSV files, and give the same
results as their pandas twins in :mod:`helpers.profiling`, to the cent:

==================================  ==================================================
here                                pandas twin (on the same order lines)
==================================  ==================================================
:func:`customer_summary`            :func:`helpers.profiling.customer_summary`
:func:`lifetimes_summary`           the same with ``convention="lifetimes"``
:func:`customer_sales_by_period`    :func:`helpers.profiling.customer_sales_by_period`
:func:`margin_by_product`           :func:`helpers.profiling.margin_by_product`
:func:`cross_sell_prospects`        :func:`helpers.profiling.cross_sell_prospects`
:func:`order_facts`                 counts, dates and revenue of the order lines
:func:`order_days`                  one row per customer, order and day (counting orders)
:func:`sample_customer_lines`       all order lines of a stated sample of customers
==================================  ==================================================

The rankings, grades and deciles (RFM, ABC, deciles, loyalty classes) then run on the
customer table with the usual helpers.

The files hold order lines that are already clean (as :func:`helpers.cleaning.clean_orders`
returns them): canonical or mapped headers, ids as text, ISO dates (2023-01-05), plain
numbers. Money is summed in whole cents (each line rounded half to even, as
:func:`helpers._aggregate.to_cents`), so totals are exact and do not depend on the order
of the rows; ids sort by their characters' code points, as in pandas.

>>> lines = pd.DataFrame({
...     "customer_id": ["C1", "C1", "C2"], "order_id": ["O1", "O2", "O3"],
...     "order_date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01"]),
...     "product_id": ["P1", "P1", "P2"], "quantity": [1, 2, 5],
...     "revenue": [10.0, 20.0, 50.0], "cost": [4.0, 8.0, 55.0]})
>>> customer_summary(lines, as_of="2024-04-01")[["recency_days", "frequency", "profit"]]
             recency_days  frequency  profit
customer_id
C1                     31          2    18.0
C2                     60          1    -5.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from helpers._aggregate import as_timestamp
from helpers.schema import TABLES, DataError

__all__ = [
    "OrderLineFiles",
    "customer_summary",
    "lifetimes_summary",
    "customer_sales_by_period",
    "margin_by_product",
    "cross_sell_prospects",
    "order_days",
    "order_facts",
    "sample_customer_lines",
    "SUMMARY_SQL",
    "summary_query",
]

_REQUIRED = ("customer_id", "order_id", "order_date", "revenue")
_IDS = ("customer_id", "order_id", "product_id")
_PARQUET = (".parquet", ".pq")
_CSV = (".csv", ".csv.gz", ".txt", ".tsv")
_DAY_US = 86_400_000_000
#: text dates this reader takes: year first (2023-01-05, 2023/1/5), an optional time, no zone
_YEAR_FIRST = r"\d{4}[-/]\d{1,2}[-/]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?"
_WHOLE_NUMBERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                  "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT")  # fmt: skip


def _file_kind(path: Path) -> str:
    name = path.name.lower()
    return "parquet" if name.endswith(_PARQUET) else "csv" if name.endswith(_CSV) else "other"


def _quote(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


class OrderLineFiles:
    """Order lines DuckDB reads in place: Parquet or CSV files, a folder of them, or a frame.

    Headers are matched to the course's columns by :func:`helpers.loading.map_columns` (the
    built-in English and Chinese aliases, then ``column_mapping``). The lines are checked
    once, in one pass: required columns, no missing values in them, ids as text, dates
    and amounts that read as such. ``memory_limit`` (such as "4GB") caps DuckDB's memory;
    beyond it DuckDB spills to ``temp_directory``.

    >>> source = OrderLineFiles(pd.DataFrame({"客户编号": ["C1"], "订单号": ["O1"],
    ...     "订单日期": pd.to_datetime(["2024-01-05"]), "金额": [9.5]}))
    >>> source.columns, source.rows, source.has_cost
    (['customer_id', 'order_date', 'revenue', 'order_id'], 1, False)
    """

    def __init__(
        self,
        data: str | Path | Sequence[str | Path] | pd.DataFrame,
        column_mapping: Mapping[str, str] | str | Path | None = None,
        *,
        memory_limit: str | None = None,
        temp_directory: str | Path | None = None,
        threads: int | None = None,
    ) -> None:
        import duckdb

        self.con = duckdb.connect()
        if memory_limit is not None:
            self.con.execute(f"SET memory_limit = {_literal(memory_limit)}")
        if temp_directory is not None:
            self.con.execute(f"SET temp_directory = {_literal(str(temp_directory))}")
        if threads is not None:
            self.con.execute(f"SET threads = {int(threads)}")
        self.name, self._scan_sql = self._scan(data)
        self.columns, select = self._mapped(self._scan_sql, column_mapping)
        self.rows = self._check()
        if "quantity" in self._text and self._whole_quantities:
            # quantities read from text are whole numbers: int64, as the cleaning makes them
            select[self.columns.index("quantity")] = (
                f"CAST({self._expressions['quantity']} AS BIGINT) AS quantity"
            )
        self.con.execute(
            f"CREATE OR REPLACE TEMP VIEW lines AS SELECT {', '.join(select)} FROM {self._scan_sql}"
        )
        self.types = {
            str(name): str(kind)
            for name, kind, *_ in self.con.execute("DESCRIBE SELECT * FROM lines").fetchall()
        }

    def __repr__(self) -> str:
        return f"OrderLineFiles({self.name!r}: {self.rows:,} order lines)"

    @property
    def has_cost(self) -> bool:
        """True when the lines carry a cost column with at least one value."""
        return "cost" in self.columns and self._cost_values > 0

    def query(self, sql: str, params: Mapping[str, object] | None = None) -> pd.DataFrame:
        """Run ``sql`` (which reads the view ``lines``) and return a DataFrame."""
        return self.con.execute(sql, dict(params or {})).df()

    def _scan(self, data) -> tuple[str, str]:
        if isinstance(data, pd.DataFrame):
            import pyarrow as pa

            self.con.register("frame", pa.Table.from_pandas(data, preserve_index=False))
            return "a table in memory", "frame"
        paths = [Path(p).expanduser() for p in ([data] if isinstance(data, str | Path) else data)]
        files: list[Path] = []
        for p in paths:
            if p.is_dir():
                files += sorted(f for f in p.iterdir() if f.name.lower().endswith(_PARQUET))
            elif p.is_file():
                files.append(p)
            else:
                raise DataError(f"order-line file {str(p)!r} not found. Check the path.")
        if not files:
            raise DataError(
                f"no Parquet files in {[str(p) for p in paths]}; pass Parquet or CSV files."
            )
        kinds = {_file_kind(f) for f in files}
        if kinds == {"parquet"}:
            listing = ", ".join(_literal(str(f)) for f in files)
            scan = f"read_parquet([{listing}], union_by_name = true)"
        elif kinds == {"csv"}:
            listing = ", ".join(_literal(str(f)) for f in files)
            scan = f"read_csv([{listing}], header = true, all_varchar = true, union_by_name = true)"
        else:
            raise DataError(
                f"order-line files must be all Parquet or all CSV, not {[f.name for f in files]}; "
                "convert them to one of the two (Excel files go through the course loader)."
            )
        name = files[0].name if len(files) == 1 else f"{len(files)} files"
        return name, scan

    def _mapped(self, scan: str, column_mapping) -> tuple[list[str], list[str]]:
        from helpers.loading import map_columns

        try:
            described = self.con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()
        except Exception as exc:  # DuckDB raises its own error types
            raise DataError(
                f"cannot read the order lines ({exc}). CSV files must be UTF-8 text with a "
                "header line; save them as 'CSV UTF-8', or convert them to Parquet."
            ) from exc
        types = {str(name): str(kind) for name, kind, *_ in described}
        headers = list(types)
        canonical = map_columns(pd.DataFrame(columns=headers), column_mapping).columns
        found = dict(zip(canonical, headers, strict=True))
        wanted = TABLES["orders"]["required"] + TABLES["orders"]["optional"]
        missing = [c for c in _REQUIRED if c not in found]
        if missing:
            raise DataError(
                f"order lines: column {missing[0]!r} not found; the columns are {headers}. "
                f"Map your header with column_mapping={{'<your header>': {missing[0]!r}}}."
            )
        self._text = {}  # canonical column -> (raw column, conversion) for values read from text
        self._expressions = {}  # canonical column -> its expression on the scanned files
        select, columns = [], []
        for column in wanted:
            if column not in found:
                continue
            source, kind = _quote(found[column]), types[found[column]]
            if column in _IDS:
                if kind in ("DOUBLE", "FLOAT") or kind.startswith("DECIMAL"):
                    raise DataError(
                        f"order lines: column {column!r} holds numbers with decimals ({kind}); "
                        "ids are text. Clean the file with the course loader first, which "
                        "turns whole-number ids into text."
                    )
                expression = f"CAST({source} AS VARCHAR)"
            elif column == "order_date":
                expression = self._date(column, source, kind)
            else:
                expression = self._number(column, source, kind)
            select.append(f"{expression} AS {column}")
            columns.append(column)
            self._expressions[column] = expression
        return columns, select

    def _date(self, column: str, source: str, kind: str) -> str:
        if kind == "DATE" or kind.startswith("TIMESTAMP") and "TIME ZONE" not in kind:
            return f"CAST({source} AS TIMESTAMP)"
        if kind == "VARCHAR":
            converted = (
                f"CASE WHEN regexp_full_match(trim({source}), '{_YEAR_FIRST}') "
                f"THEN TRY_CAST(trim({source}) AS TIMESTAMP) END"
            )
            self._text[column] = (source, converted)
            return converted
        raise DataError(
            f"order lines: column {column!r} is {kind}; it must hold dates without a time "
            "zone (or text dates written YYYY-MM-DD). Convert the column first."
        )

    def _number(self, column: str, source: str, kind: str) -> str:
        if kind == "VARCHAR":
            converted = f"TRY_CAST(trim({source}) AS DOUBLE)"
            self._text[column] = (source, converted)
            return converted
        if kind in _WHOLE_NUMBERS and column == "quantity":
            return f"CAST({source} AS BIGINT)"
        if kind in _WHOLE_NUMBERS or kind in ("FLOAT", "DOUBLE") or kind.startswith("DECIMAL"):
            return f"CAST({source} AS DOUBLE)"
        raise DataError(
            f"order lines: column {column!r} is {kind}, not a number; convert it first."
        )

    def _check(self) -> int:
        """Count the rows and every problem in one pass; raise DataError naming the first."""
        checks = ["count(*) AS rows"]
        for column, expression in self._expressions.items():
            if column in _REQUIRED:
                checks.append(f"count(*) - count({expression}) AS {column}__missing")
            if column in self._text:
                raw, _ = self._text[column]
                checks.append(
                    f"count(*) FILTER (WHERE {expression} IS NULL AND trim({raw}) <> '') "
                    f"AS {column}__unreadable"
                )
        if "cost" in self.columns:
            checks.append(f"count({self._expressions['cost']}) AS cost__values")
        if "quantity" in self._text:
            quantity = self._expressions["quantity"]
            checks.append(f"count(*) FILTER (WHERE {quantity} <> floor({quantity})) AS fractional")
        found = self.con.execute(f"SELECT {', '.join(checks)} FROM {self._scan_sql}").df().iloc[0]
        self._cost_values = int(found.get("cost__values", 0))
        self._whole_quantities = int(found.get("fractional", 0)) == 0
        rows = int(found["rows"])
        if rows == 0:
            raise DataError(f"order lines in {self.name!r}: no rows. Export the data again.")
        for column in self.columns:
            bad = int(found.get(f"{column}__unreadable", 0))
            if bad:
                raw, converted = self._text[column]
                examples = [
                    value
                    for (value,) in self.con.execute(
                        f"SELECT DISTINCT {raw} FROM {self._scan_sql} "
                        f"WHERE {converted} IS NULL AND trim({raw}) <> '' LIMIT 3"
                    ).fetchall()
                ]
                what = (
                    "dates written year first (2023-01-05 or 2023/1/5, a time may follow)"
                    if column == "order_date"
                    else "plain numbers"
                )
                raise DataError(
                    f"order lines: {bad:,} of {rows:,} values of column {column!r} are not "
                    f"{what}, e.g. {examples}. This reader takes clean order lines only; load "
                    "the file with the course loader (helpers.datasets.load_tables), which "
                    "reads other formats and reports what it cleaned."
                )
            missing = int(found.get(f"{column}__missing", 0))
            if missing:
                raise DataError(
                    f"order lines: {missing:,} of {rows:,} rows have no {column!r}. This reader "
                    "takes clean order lines only; clean the file first (the course's cleaning "
                    "drops and reports such rows)."
                )
        return rows


def _source(lines, column_mapping=None) -> OrderLineFiles:
    if isinstance(lines, OrderLineFiles):
        if column_mapping is not None:
            raise DataError("pass column_mapping when making the OrderLineFiles, not here.")
        return lines
    return OrderLineFiles(lines, column_mapping)


def _window(as_of, start) -> tuple[pd.Timestamp, str, dict]:
    """The as-of date, a WHERE clause for [start, as_of) and its parameters."""
    as_of = as_timestamp(as_of)
    where = "order_date < $as_of"
    params: dict[str, object] = {"as_of": as_of.to_pydatetime()}
    if start is not None:
        where += " AND order_date >= $start"
        params["start"] = as_timestamp(start, name="start").to_pydatetime()
    return as_of, where, params


def _no_lines(as_of: pd.Timestamp) -> DataError:
    return DataError(
        f"orders table: no order lines dated before as_of={as_of.date()}; pass a later "
        "as_of (the default in the notebooks is the day after the last order)."
    )


def _day_start(as_of: pd.Timestamp, days_back: int) -> pd.Timestamp:
    """Midnight ``days_back`` days before as_of's day (as the pandas summary counts)."""
    day = int(as_of.value // 1000 // _DAY_US)
    return pd.Timestamp((day - days_back) * _DAY_US, unit="us")


#: the per-customer aggregate of the order lines in ``lines`` WHERE {where}; money in cents
SUMMARY_SQL = """
WITH l AS (
    SELECT customer_id, order_id, order_date, {quantity} AS quantity,
           round_even(revenue * 100, 0)::BIGINT AS rev_c, {cost} AS cost_c
    FROM lines WHERE {where}
),
orders AS (
    SELECT order_id, min(customer_id) AS customer_id, max(customer_id) AS other
    FROM l GROUP BY order_id
),
frequency AS (
    SELECT customer_id, count(*) AS frequency FROM orders GROUP BY customer_id
),
per_customer AS (
    SELECT customer_id,
           min(order_date) AS first_purchase,
           max(order_date) AS last_purchase,
           coalesce(sum(quantity), 0) AS quantity,
           sum(rev_c) AS monetary_c,
           sum(cost_c) AS cost_c,
           count(cost_c) = count(*) AS cost_known,
           sum(CASE WHEN order_date >= $start_last THEN rev_c ELSE 0 END) AS last_c,
           sum(CASE WHEN order_date >= $start_prior AND order_date < $start_last
                    THEN rev_c ELSE 0 END) AS prior_c
    FROM l GROUP BY customer_id
)
SELECT p.*, f.frequency,
       date_diff('day', p.first_purchase::DATE, $as_of_day) AS tenure_days,
       date_diff('day', p.last_purchase::DATE, $as_of_day) AS recency_days,
       (SELECT count(*) FROM orders WHERE customer_id <> other) AS shared_orders
FROM per_customer p JOIN frequency f USING (customer_id)
"""


def summary_query(
    columns: Sequence[str], *, as_of, start=None, period_days: int = 365
) -> tuple[str, dict[str, object]]:
    """:data:`SUMMARY_SQL` for order lines with ``columns`` in the view ``lines``, and its
    parameters: lines dated in [start, as_of); the last and prior periods of
    ``period_days`` days end at as_of's day.

    >>> sql, params = summary_query(["customer_id", "order_id", "order_date", "revenue"],
    ...                             as_of="2024-04-01")
    >>> params["start_last"], "NULL::BIGINT AS cost_c" in sql
    (datetime.datetime(2023, 4, 2, 0, 0), True)
    """
    as_of, where, params = _window(as_of, start)
    params.update(
        start_last=_day_start(as_of, period_days).to_pydatetime(),
        start_prior=_day_start(as_of, 2 * period_days).to_pydatetime(),
        as_of_day=as_of.floor("D").date(),
    )
    sql = SUMMARY_SQL.format(
        where=where,
        quantity="quantity" if "quantity" in columns else "NULL::BIGINT",
        cost="round_even(cost * 100, 0)::BIGINT" if "cost" in columns else "NULL::BIGINT",
    )
    return sql, params


def customer_summary(
    lines,
    *,
    as_of,
    start=None,
    period_days: int = 365,
    dormant_after_days: int = 180,
    column_mapping=None,
) -> pd.DataFrame:
    """The course's customer summary (``profiling.customer_summary``) computed by DuckDB.

    Counts the lines dated in [``start``, ``as_of``) (``start=None``: all before as_of),
    so ``customer_summary(files, as_of=d, start=s)`` equals
    ``profiling.customer_summary(orders[orders["order_date"] >= s], as_of=d)``. Same
    columns, dtypes, index (customer_id, sorted) and values, to the cent.

    >>> lines = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "order_id": ["O1", "O2", "O3"],
    ...     "order_date": pd.to_datetime(["2023-01-01", "2024-03-01", "2024-02-01"]),
    ...     "revenue": [10.0, 20.0, 50.0]})
    >>> customer_summary(lines, as_of="2024-04-01", start="2024-01-01")["monetary"].tolist()
    [20.0, 50.0]
    """
    source = _source(lines, column_mapping)
    as_of = as_timestamp(as_of)
    sql, params = summary_query(source.columns, as_of=as_of, start=start, period_days=period_days)
    found = source.query(sql + " ORDER BY customer_id", params)
    if found.empty:
        raise _no_lines(as_of)
    if found["shared_orders"].iloc[0] > 0:
        raise DataError(
            "orders table: some order_id values belong to more than one customer_id; "
            "order ids must identify one customer's order. Check the id columns."
        )
    return _summary_frame(found, source.types.get("quantity"), dormant_after_days)


def _summary_frame(found: pd.DataFrame, quantity: str | None, dormant_after_days: int):
    """The SQL aggregate as the pandas summary lays it out (same arithmetic on cents)."""
    monetary = found["monetary_c"].to_numpy(np.float64)
    frequency = found["frequency"].to_numpy(np.int64)
    known = found["cost_known"].to_numpy(bool)
    cost = np.where(known, found["cost_c"].to_numpy(np.float64, na_value=np.nan), np.nan)
    profit = np.where(known, monetary - cost, np.nan)
    last = found["last_c"].to_numpy(np.float64)
    prior = found["prior_c"].to_numpy(np.float64)
    recency = found["recency_days"].to_numpy(np.int64)
    index = pd.Index(found["customer_id"].astype("str"), name="customer_id")
    result = pd.DataFrame(
        {
            "first_purchase": found["first_purchase"].to_numpy("datetime64[us]"),
            "last_purchase": found["last_purchase"].to_numpy("datetime64[us]"),
            "tenure_days": found["tenure_days"].to_numpy(np.int64),
            "recency_days": recency,
            "frequency": frequency,
        },
        index=index,
    )
    if quantity is not None:  # whole numbers stay whole, as in pandas
        result["quantity"] = found["quantity"].to_numpy(
            np.int64 if quantity == "BIGINT" else np.float64
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        result["monetary"] = monetary / 100.0
        result["avg_order_value"] = np.round(monetary / frequency) / 100.0
        result["cost"] = cost / 100.0
        result["profit"] = profit / 100.0
        result["margin"] = np.where(monetary != 0, profit / monetary, np.nan)
        result["revenue_last_period"] = last / 100.0
        result["revenue_prior_period"] = prior / 100.0
        result["trend"] = np.where(prior != 0, (last - prior) / prior, np.nan)
    result["status"] = pd.array(
        np.where(recency > dormant_after_days, "dormant", "active"), dtype="str"
    )
    return result


#: period numbers of each line for the lifetimes convention (days, weeks from Monday, months)
_PERIOD_NUMBER = {
    "D": "date_diff('day', DATE '1970-01-01', order_date::DATE)",
    "W": "floor((date_diff('day', DATE '1970-01-01', order_date::DATE) + 3) / 7)::BIGINT",
    "M": "(year(order_date) - 1970) * 12 + month(order_date) - 1",
}


def lifetimes_summary(lines, *, as_of, freq: str = "D", column_mapping=None) -> pd.DataFrame:
    """``frequency, recency, T, monetary_value`` as the lifetimes and pymc-marketing packages
    define them (``profiling.customer_summary(..., convention="lifetimes")``), by DuckDB.

    >>> lines = pd.DataFrame({"customer_id": ["C1", "C1", "C1", "C2"],
    ...     "order_id": ["O1", "O1", "O2", "O3"],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-03-01",
    ...                                   "2024-02-01"]),
    ...     "revenue": [10.0, 20.0, 30.0, 50.0]})
    >>> lifetimes_summary(lines, as_of="2024-04-01")
                 frequency  recency     T  monetary_value
    customer_id
    C1                   1     60.0  90.0            30.0
    C2                   0      0.0  59.0             0.0
    """
    if freq not in _PERIOD_NUMBER:
        raise DataError(f"freq must be 'D', 'W' or 'M', not {freq!r}")
    source = _source(lines, column_mapping)
    as_of, where, params = _window(as_of, None)
    last_day = pd.Timestamp(as_of.floor("D") - pd.Timedelta(days=1))
    end_period = source.con.execute(
        f"SELECT {_PERIOD_NUMBER[freq]} FROM (SELECT $day::TIMESTAMP AS order_date)",
        {"day": last_day.to_pydatetime()},
    ).fetchone()[0]
    found = source.query(
        f"""WITH per_period AS (
                SELECT customer_id, {_PERIOD_NUMBER[freq]} AS period,
                       sum(round_even(revenue * 100, 0)::BIGINT) AS cents
                FROM lines WHERE {where} GROUP BY 1, 2
            )
            SELECT customer_id, count(*) - 1 AS frequency, min(period) AS first,
                   max(period) AS last, sum(cents) AS cents,
                   arg_min(cents, period) AS first_cents
            FROM per_period GROUP BY customer_id ORDER BY customer_id""",
        params,
    )
    if found.empty:
        raise _no_lines(as_of)
    frequency = found["frequency"].to_numpy(np.int64)
    repeat = found["cents"].to_numpy(np.float64) - found["first_cents"].to_numpy(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        monetary = np.where(frequency > 0, np.round(repeat / frequency), 0.0)
    first = found["first"].to_numpy(np.int64)
    return pd.DataFrame(
        {
            "frequency": frequency,
            "recency": (found["last"].to_numpy(np.int64) - first).astype(np.float64),
            "T": (int(end_period) - first).astype(np.float64),
            "monetary_value": monetary / 100.0,
        },
        index=pd.Index(found["customer_id"].astype("str"), name="customer_id"),
    )


_PERIOD_TRUNC = {"YS": "year", "QS": "quarter", "MS": "month"}


def customer_sales_by_period(
    lines, *, as_of, freq: str = "YS", column_mapping=None
) -> pd.DataFrame:
    """Revenue per customer and period (``profiling.customer_sales_by_period``) by DuckDB.

    ``freq``: "YS" years, "QS" quarters or "MS" months. A customers x periods table, 0.0
    where a customer bought nothing in a period.

    >>> lines = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "order_id": ["O1", "O2", "O3"],
    ...     "order_date": pd.to_datetime(["2023-05-01", "2024-02-01", "2024-03-01"]),
    ...     "revenue": [10.0, 20.0, 5.0]})
    >>> customer_sales_by_period(lines, as_of="2025-01-01")
    order_date   2023-01-01  2024-01-01
    customer_id
    C1                 10.0        20.0
    C2                  0.0         5.0
    """
    if freq not in _PERIOD_TRUNC:
        raise DataError(f"freq must be one of {list(_PERIOD_TRUNC)}, not {freq!r}")
    source = _source(lines, column_mapping)
    as_of, where, params = _window(as_of, None)
    long = source.query(
        f"""SELECT customer_id, date_trunc('{_PERIOD_TRUNC[freq]}', order_date) AS period,
                   sum(round_even(revenue * 100, 0)::BIGINT) AS cents
            FROM lines WHERE {where} GROUP BY 1, 2""",
        params,
    )
    if long.empty:
        raise _no_lines(as_of)
    customers, rows = np.unique(long["customer_id"].to_numpy(str), return_inverse=True)
    periods, columns = np.unique(long["period"].to_numpy("datetime64[us]"), return_inverse=True)
    cents = np.zeros((len(customers), len(periods)))
    cents[rows, columns] = long["cents"].to_numpy(np.float64)
    return pd.DataFrame(
        cents / 100.0,
        index=pd.Index(pd.array(customers, dtype="str"), name="customer_id"),
        columns=pd.DatetimeIndex(periods, name="order_date"),
    )


def _pandas_error(func, columns: Sequence[str], *args, **options) -> None:
    """Raise the error the pandas twin gives for order lines with these columns, if any."""
    func(pd.DataFrame({c: pd.Series(dtype="float64") for c in columns}), *args, **options)


def margin_by_product(
    lines,
    *,
    customer_id: str | Sequence[str] | None = None,
    products: pd.DataFrame | None = None,
    as_of=None,
    column_mapping=None,
) -> pd.DataFrame:
    """Gross margin by product (``profiling.margin_by_product``), summed by DuckDB.

    DuckDB sums the lines per product (or per customer and product) in cents; the pandas
    helper then computes margins, shares and the order from those sums, which are far
    fewer rows than the lines and give the same table. With ``as_of``, only the lines
    dated before it count.

    >>> lines = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "order_id": ["O1", "O1", "O2"],
    ...     "order_date": pd.to_datetime(["2024-01-01"] * 3), "product_id": ["P1", "P2", "P1"],
    ...     "quantity": [1, 1, 2], "revenue": [10.0, 20.0, 20.0], "cost": [5.0, 18.0, 10.0]})
    >>> margin_by_product(lines)[["revenue", "profit", "margin"]]
                revenue  profit  margin
    product_id
    P1             30.0    15.0     0.5
    P2             20.0     2.0     0.1
    """
    from helpers import profiling

    source = _source(lines, column_mapping)
    if "product_id" not in source.columns or "cost" not in source.columns:
        _pandas_error(profiling.margin_by_product, source.columns)
    if customer_id is None:
        keys, where = "product_id", "TRUE"
        select = "'' AS customer_id, product_id"
    else:
        wanted = [customer_id] if isinstance(customer_id, str) else list(customer_id)
        source.con.register("wanted", pd.DataFrame({"customer_id": wanted}, dtype="str"))
        keys = select = "customer_id, product_id"
        where = "customer_id IN (SELECT customer_id FROM wanted)"
    quantity = {"BIGINT": "coalesce(sum(quantity), 0)::BIGINT", None: "0"}.get(
        source.types.get("quantity"), "coalesce(sum(quantity), 0)"
    )
    params: dict[str, object] = {}
    if as_of is not None:
        _, window, params = _window(as_of, None)
        where = f"({where}) AND {window}"
    sums = source.query(
        f"""SELECT {select}, {quantity} AS quantity,
                   sum(round_even(revenue * 100, 0)::BIGINT)::DOUBLE / 100 AS revenue,
                   CASE WHEN count(cost) = count(*)
                        THEN sum(round_even(cost * 100, 0)::BIGINT)::DOUBLE / 100 END AS cost
            FROM lines WHERE {where} GROUP BY {keys}""",
        params,
    )
    sums = sums.astype({"customer_id": "str", "product_id": "str"})
    return profiling.margin_by_product(sums, customer_id=customer_id, products=products)


def cross_sell_prospects(
    lines,
    products: pd.DataFrame | None = None,
    *,
    by: str = "category",
    max_items: int = 2,
    min_monetary: float = 0.0,
    as_of=None,
    column_mapping=None,
) -> pd.DataFrame:
    """Cross-sell prospects (``profiling.cross_sell_prospects``) computed by DuckDB.

    With ``as_of``, only the lines dated before it count.

    Customers who buy at most ``max_items`` distinct categories (``by="category"``, from
    ``products``) or products (``by="product_id"``), with monetary >= ``min_monetary``,
    biggest spenders first (ties by customer_id); ``top_item`` is the line they spend
    most on (ties by name).

    >>> lines = pd.DataFrame({"customer_id": ["C1", "C1", "C2", "C2", "C2"],
    ...     "order_id": ["O1", "O1", "O2", "O2", "O2"],
    ...     "order_date": pd.to_datetime(["2024-01-01"] * 5),
    ...     "product_id": ["P1", "P1", "P1", "P2", "P3"],
    ...     "revenue": [50.0, 30.0, 10.0, 10.0, 10.0]})
    >>> cross_sell_prospects(lines, by="product_id", max_items=1)
                 monetary  items_bought  items_not_bought top_item
    customer_id
    C1               80.0             1                 2       P1
    """
    from helpers import profiling

    source = _source(lines, column_mapping)
    usable = by == "product_id" or (
        by == "category" and products is not None and "category" in products.columns
    )
    if "product_id" not in source.columns or not usable:
        _pandas_error(profiling.cross_sell_prospects, source.columns, products, by=by)
    item, join = "product_id", ""
    if by == "category":
        info = products.drop_duplicates("product_id")
        category = info["category"]
        names = pd.DataFrame(
            {
                "product_id": info["product_id"].astype("str").to_numpy(),
                "category": category.astype("str").where(category.notna()).to_numpy(),
            }
        )
        source.con.register("categories", names)
        item = "coalesce(c.category, '(unknown)')"
        join = "LEFT JOIN categories c ON c.product_id = l.product_id"
    where, params = "TRUE", {"max_items": int(max_items), "least": float(min_monetary)}
    if as_of is not None:
        _, window, dates = _window(as_of, None)
        where = window.replace("order_date", "l.order_date")
        params |= dates
    found = source.query(
        f"""WITH per_item AS (
                SELECT l.customer_id, {item} AS item,
                       sum(round_even(coalesce(l.revenue, 0) * 100, 0)::BIGINT) AS cents
                FROM lines l {join} WHERE {where} GROUP BY 1, 2
            ),
            per_customer AS (
                SELECT customer_id, sum(cents) AS cents, count(*) AS items_bought,
                       first(item ORDER BY cents DESC, item) AS top_item
                FROM per_item GROUP BY customer_id
            )
            SELECT customer_id, cents, items_bought,
                   (SELECT count(DISTINCT item) FROM per_item) - items_bought
                       AS items_not_bought,
                   top_item
            FROM per_customer
            WHERE items_bought <= $max_items AND cents::DOUBLE / 100 >= $least
            ORDER BY cents DESC, customer_id""",
        params,
    )
    return pd.DataFrame(
        {
            "monetary": found["cents"].to_numpy(np.float64) / 100.0,
            "items_bought": found["items_bought"].to_numpy(np.int64),
            "items_not_bought": found["items_not_bought"].to_numpy(np.int64),
            "top_item": pd.array(found["top_item"].to_numpy(str), dtype="str"),
        },
        index=pd.Index(found["customer_id"].astype("str"), name="customer_id"),
    )


def order_facts(lines, *, as_of=None, column_mapping=None) -> dict[str, object]:
    """What the order lines hold: line, order and customer counts, dates, revenue, cost.

    Revenue is summed in whole cents. With ``as_of``, only lines dated before it count.

    >>> lines = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "order_id": ["O1", "O1", "O2"],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-02-03"]),
    ...     "revenue": [0.1, 0.2, 5.0]})
    >>> facts = order_facts(lines)
    >>> facts["order_lines"], facts["orders"], facts["customers"], facts["revenue"]
    (3, 2, 2, 5.3)
    """
    source = _source(lines, column_mapping)
    where, params = "TRUE", {}
    if as_of is not None:
        _, where, params = _window(as_of, None)
    cost = "sum(round_even(cost * 100, 0)::BIGINT)" if source.has_cost else "NULL::BIGINT"
    row = source.query(
        f"""SELECT count(*) AS order_lines, count(DISTINCT order_id) AS orders,
                   count(DISTINCT customer_id) AS customers,
                   min(order_date) AS first_order, max(order_date) AS last_order,
                   sum(round_even(revenue * 100, 0)::BIGINT) AS cents, {cost} AS cost_cents
            FROM lines WHERE {where}""",
        params,
    ).iloc[0]
    return {
        "source": source.name,
        "order_lines": int(row["order_lines"]),
        "orders": int(row["orders"]),
        "customers": int(row["customers"]),
        "first_order": pd.Timestamp(row["first_order"]),
        "last_order": pd.Timestamp(row["last_order"]),
        "revenue": float(row["cents"]) / 100.0 if pd.notna(row["cents"]) else 0.0,
        "cost": float(row["cost_cents"]) / 100.0 if pd.notna(row["cost_cents"]) else None,
        "has_cost": source.has_cost,
    }


def order_days(
    lines, *, as_of, start=None, first: bool = False, column_mapping=None
) -> pd.DataFrame:
    """One row per customer, order and day with a line dated in [``start``, ``as_of``):
    every order (not a sample), far fewer rows than the lines, enough to count orders and
    buyers per period (``profiling.gold_and_drag_summary``, ``planning.retention_kpi``).
    ``first`` adds the first order line of all, whatever its date, so that the start of
    the history is known.

    >>> lines = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "order_id": ["O1", "O1", "O2"],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-02-03"]),
    ...     "revenue": [1.0, 2.0, 3.0]})
    >>> order_days(lines, as_of="2024-03-01")["order_id"].tolist()
    ['O1', 'O2']
    """
    source = _source(lines, column_mapping)
    _, where, params = _window(as_of, start)
    if first:
        where = f"({where}) OR order_date = (SELECT min(order_date) FROM lines)"
    found = source.query(
        f"""SELECT DISTINCT customer_id, order_id, order_date FROM lines WHERE {where}
            ORDER BY order_date, customer_id, order_id""",
        params,
    )
    return found.astype({"customer_id": "str", "order_id": "str"}).astype(
        {"order_date": "datetime64[us]"}
    )


def sample_customer_lines(
    lines, *, customers: int, seed: int = 0, column_mapping=None
) -> pd.DataFrame:
    """Every order line of ``customers`` customers drawn at random (fixed ``seed``).

    For the lesson steps that need order lines themselves (cleaning examples, basket
    views): a stated number of whole customers, so each sampled customer's history is
    complete. Sorted by customer_id, order_date and order_id.

    >>> lines = pd.DataFrame({"customer_id": ["C1", "C2", "C2", "C3"],
    ...     "order_id": ["O1", "O2", "O2", "O3"],
    ...     "order_date": pd.to_datetime(["2024-01-01"] * 4), "revenue": [1.0, 2.0, 3.0, 4.0]})
    >>> sample = sample_customer_lines(lines, customers=2, seed=1)
    >>> sample["customer_id"].nunique(), sample.equals(
    ...     sample_customer_lines(lines, customers=2, seed=1))
    (2, True)
    """
    if int(customers) < 1:
        raise DataError(f"customers must be at least 1, not {customers!r}")
    source = _source(lines, column_mapping)
    ids = source.query("SELECT DISTINCT customer_id FROM lines ORDER BY 1")["customer_id"]
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.choice(len(ids), size=min(int(customers), len(ids)), replace=False))
    source.con.register("chosen", pd.DataFrame({"customer_id": ids.to_numpy(str)[chosen]}))
    sample = source.query(
        "SELECT * FROM lines WHERE customer_id IN (SELECT customer_id FROM chosen) "
        "ORDER BY customer_id, order_date, order_id"
    )
    text = [c for c in _IDS if c in sample.columns]
    return sample.astype(dict.fromkeys(text, "str")).astype({"order_date": "datetime64[us]"})
