"""Shared machinery for fast, exact, order-independent group-bys (private).

The analytics modules all reduce order lines to one row per customer. They do it the
same way, here:

1. encode the ids once into integer codes 0..n-1 whose order is the sorted order of
   the ids (:func:`encode_keys`);
2. sum money as whole cents with :func:`numpy.bincount` (integers held exactly in
   float64, so the totals do not depend on row order or summation order);
3. rank customers on cents, larger first, ties broken by customer id
   (:func:`rank_order`).

Short, fixed-width ids such as ``"C00042"`` are encoded straight from their bytes
(no string hashing), which is what makes ten million lines fast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.schema import DataError

_BLOCK = 1 << 16  # rows per block: keeps the byte work inside the CPU caches


def _dense_codes(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes 0..u-1 for integer ``keys`` in sorted key order, and the sorted unique keys."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.int64)
    kmin, kmax = int(keys.min()), int(keys.max())
    span = kmax - kmin + 1
    if span <= 4 * len(keys) + 1024:  # small range: a lookup table, no hashing, no sorting
        shifted = keys - kmin if kmin else keys
        present = np.zeros(span, dtype=bool)
        present[shifted] = True
        position = np.cumsum(present, dtype=np.intp)
        position -= 1
        codes = position[shifted]
        uniques = np.flatnonzero(present) + kmin
        return codes, uniques
    codes, uniques = pd.factorize(keys)
    order = np.argsort(uniques, kind="stable")
    rank = np.empty(len(uniques), dtype=np.intp)
    rank[order] = np.arange(len(uniques))
    return rank[codes], uniques[order]


def sums_by_key(keys: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sorted distinct integer ``keys`` and the sum of ``weights`` for each.

    Narrow keys use a lookup table; wide ones (pairs of codes, say) one stable sort.

    >>> keys, sums = sums_by_key(np.array([5, 2, 5, 9]), np.array([1.0, 2.0, 3.0, 4.0]))
    >>> keys.tolist(), sums.tolist()
    ([2, 5, 9], [2.0, 4.0, 4.0])
    """
    keys = np.asarray(keys, dtype=np.int64)
    weights = np.asarray(weights, dtype=np.float64)
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    if int(keys.max()) - int(keys.min()) + 1 <= 4 * len(keys) + 1024:
        codes, uniques = _dense_codes(keys)
        return uniques, np.bincount(codes, weights=weights, minlength=len(uniques))
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[starts], np.add.reduceat(weights[order], starts)


def _column_extremes(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column minima and maxima of a tall uint8 matrix, block by block, by pairwise halving.

    (numpy's ``min(axis=0)`` walks a tall, narrow matrix row by row, which is slow.)
    """
    width = matrix.shape[1]
    low_all = np.full(width, 255, dtype=np.uint8)
    high_all = np.zeros(width, dtype=np.uint8)
    for begin in range(0, len(matrix), _BLOCK):  # blocks of rows, not single rows
        low = high = matrix[begin : begin + _BLOCK]
        while len(low) > 1:
            half = len(low) // 2
            new_low = np.minimum(low[:half], low[half : 2 * half])
            new_high = np.maximum(high[:half], high[half : 2 * half])
            if len(low) % 2:
                new_low[0] = np.minimum(new_low[0], low[-1])
                new_high[0] = np.maximum(new_high[0], high[-1])
            low, high = new_low, new_high
        np.minimum(low_all, low[0], out=low_all)
        np.maximum(high_all, high[0], out=high_all)
    return low_all, high_all


def _digit_keys(matrix: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """The decimal number written in ``columns`` of each row (all bytes are digits)."""
    n = len(matrix)
    keys = np.empty(n, dtype=np.int64)
    offset = sum(48 * 10**i for i in range(len(columns)))
    for begin in range(0, n, _BLOCK):  # blocks of rows, not single rows
        block = matrix[begin : begin + _BLOCK].T
        acc = block[columns[0]].astype(np.int64)
        for j in columns[1:]:  # one pass per digit position (at most 18)
            acc *= 10
            acc += block[j]
        acc -= offset
        keys[begin : begin + _BLOCK] = acc
    return keys


def _strings_from_rows(rows: np.ndarray) -> pa.Array:
    """An Arrow string array from a matrix of fixed-width UTF-8 rows."""
    count, width = rows.shape
    offsets = np.arange(count + 1, dtype=np.int64) * width
    return pa.Array.from_buffers(
        pa.large_string(),
        count,
        [None, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(rows).tobytes())],
    )


def _byte_keys(values: pd.Series):
    """For Arrow-backed fixed-width ids: integer keys in string order and a decoder; else None.

    The decoder turns unique keys back into the id strings (without touching every row).
    """
    try:
        chunked = pa.array(values.array)
    except (TypeError, pa.ArrowException):
        return None
    if isinstance(chunked, pa.ChunkedArray):
        chunked = chunked.combine_chunks() if chunked.num_chunks != 1 else chunked.chunk(0)
    if chunked.null_count or chunked.type not in (pa.string(), pa.large_string()):
        return None
    n = len(chunked)
    off_type = np.int64 if chunked.type == pa.large_string() else np.int32
    buffers = chunked.buffers()
    offsets = np.frombuffer(buffers[1], dtype=off_type)[chunked.offset : chunked.offset + n + 1]
    lengths = pc.min_max(pc.binary_length(chunked)).as_py()
    width = lengths["min"]
    if not width or lengths["max"] != width or int(offsets[-1] - offsets[0]) != n * width:
        return None
    data = np.frombuffer(buffers[2], dtype=np.uint8)
    matrix = data[int(offsets[0]) : int(offsets[0]) + n * width].reshape(n, width)
    low, high = _column_extremes(matrix)
    varying = np.flatnonzero(low != high)  # constant columns do not change the order
    template = matrix[0].copy()
    m = len(varying)

    def rows_for(uniques: np.ndarray) -> np.ndarray:
        return np.tile(template, (len(uniques), 1))

    if m == 0:
        return np.zeros(n, dtype=np.int64), lambda u: _strings_from_rows(rows_for(u))
    if m <= 18 and low[varying].min() >= 48 and high[varying].max() <= 57:  # digits

        def decode_digits(uniques: np.ndarray) -> pa.Array:
            rows, rest = rows_for(uniques), uniques.copy()
            for j in varying[::-1]:  # digit positions, last first
                rows[:, j] = rest % 10 + 48
                rest //= 10
            return _strings_from_rows(rows)

        return _digit_keys(matrix, varying), decode_digits
    if m <= 7:

        def decode_bytes(uniques: np.ndarray) -> pa.Array:
            rows = rows_for(uniques)
            rows[:, varying] = uniques.astype(">u8").view(np.uint8).reshape(-1, 8)[:, 8 - m :]
            return _strings_from_rows(rows)

        padded = np.zeros((n, 8), dtype=np.uint8)
        padded[:, 8 - m :] = matrix[:, varying]
        return padded.view(">u8").ravel().astype(np.int64), decode_bytes
    return None


def encode_keys(
    values: pd.Series | pd.Index, *, column: str = "customer_id", want_keys: bool = True
):
    """Integer codes for ``values`` (sorted order of the ids) and the sorted unique ids.

    With ``want_keys=False`` the unique ids are not built (the second item is None).

    >>> codes, keys = encode_keys(pd.Series(["C3", "C1", "C3", "C2"]))
    >>> codes.tolist(), keys.tolist()
    ([2, 0, 2, 1], ['C1', 'C2', 'C3'])
    """
    values = pd.Series(values) if isinstance(values, pd.Index) else values
    if values.isna().any():
        rows = values.index[values.isna()][:5].tolist()
        raise DataError(
            f"column {column!r} has missing values (first rows: {rows}); drop or fill those "
            "rows first, for example with helpers.cleaning.clean_orders (load_tables does it)."
        )
    if pd.api.types.is_integer_dtype(values.dtype) and not isinstance(
        values.dtype, pd.CategoricalDtype
    ):
        codes, uniques = _dense_codes(values.to_numpy(dtype=np.int64))
        keys = pd.Index(uniques.astype(values.dtype), name=column) if want_keys else None
        return codes, keys
    if pd.api.types.is_string_dtype(values.dtype):
        found = _byte_keys(values)
        if found is not None:
            codes, uniques = _dense_codes(found[0])
            if not want_keys:
                return codes, None
            decoded = pd.array(found[1](uniques), dtype=values.dtype)
            return codes, pd.Index(decoded, name=column)
    codes, uniques = pd.factorize(values, sort=True)
    return codes.astype(np.intp, copy=False), pd.Index(uniques, name=column)


def to_cents(values) -> np.ndarray:
    """Money as whole cents in float64 (exact for sums below 2**53 cents); NaN kept.

    >>> to_cents(pd.Series([0.1, 0.2, 1.005])).tolist()
    [10.0, 20.0, 100.0]
    """
    cents = np.asarray(values, dtype=np.float64) * 100.0
    return np.rint(cents, out=cents)


def from_cents(cents: np.ndarray) -> np.ndarray:
    """Cents back to currency units (the nearest float to the 2-decimal amount)."""
    return np.asarray(cents, dtype=np.float64) / 100.0


@dataclass
class Groups:
    """Integer group codes of order lines and the sorted ids they stand for."""

    codes: np.ndarray
    keys: pd.Index | None

    size: int

    @classmethod
    def of(cls, values: pd.Series, *, column: str = "customer_id", want_keys=True) -> Groups:
        codes, keys = encode_keys(values, column=column, want_keys=want_keys)
        size = len(keys) if keys is not None else (int(codes.max()) + 1 if len(codes) else 0)
        return cls(codes, keys, size)

    def count(self) -> np.ndarray:
        return np.bincount(self.codes, minlength=self.size)

    def sum(self, weights: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        """Sum of ``weights`` per group (rows where ``mask`` is False left out)."""
        if mask is None:
            return np.bincount(self.codes, weights=weights, minlength=self.size)
        return np.bincount(self.codes[mask], weights=weights[mask], minlength=self.size)

    def max(self, values: np.ndarray) -> np.ndarray:
        out = np.full(self.size, np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(out, self.codes, values)
        return out

    def min(self, values: np.ndarray) -> np.ndarray:
        out = np.full(self.size, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(out, self.codes, values)
        return out


def by_customer(table: pd.DataFrame) -> pd.DataFrame:
    """The customer table indexed by customer_id and sorted by it (a new frame)."""
    if "customer_id" in table.columns:
        table = table.set_index("customer_id")
    elif table.index.name != "customer_id":
        table = table.rename_axis("customer_id")
    if table.index.has_duplicates:
        dup = table.index[table.index.duplicated()][:5].tolist()
        raise DataError(
            f"customer table: customer_id values repeat (for example {dup}); pass one row "
            "per customer, such as the output of profiling.customer_summary."
        )
    if not table.index.is_monotonic_increasing:
        table = table.sort_index(kind="stable")
    return table


def numeric_column(table: pd.DataFrame, column: str, *, table_name: str = "customer") -> np.ndarray:
    """A numeric column as float64, with a clear error when it is absent or not numeric."""
    if column not in table.columns:
        raise DataError(
            f"{table_name} table: column {column!r} not found; the columns are "
            f"{list(table.columns)}. Name the column to use with the function's keyword "
            "(such as column=...), or compute it first with profiling.customer_summary."
        )
    series = table[column]
    if not (pd.api.types.is_numeric_dtype(series.dtype) or series.isna().all()):
        raise DataError(
            f"{table_name} table: column {column!r} is not numeric (dtype {series.dtype}); "
            "convert it, e.g. pd.to_numeric(table[column], errors='coerce')."
        )
    return series.to_numpy(dtype=np.float64, na_value=np.nan)


def rank_order(values: np.ndarray, *, descending: bool = True, money: bool = True) -> np.ndarray:
    """Positions that sort customers (already in customer_id order) by value.

    Values are compared in whole cents when ``money`` (so float noise cannot reorder
    customers); equal values keep customer_id order; NaN goes last.

    >>> rank_order(np.array([5.0, 7.0, 5.0, np.nan])).tolist()
    [1, 0, 2, 3]
    """
    key = to_cents(values) if money else np.asarray(values, dtype=np.float64)
    key = -key if descending else key.copy()
    key[np.isnan(key)] = np.inf
    return np.argsort(key, kind="stable")


def ranks_from_order(order: np.ndarray) -> np.ndarray:
    """Rank 1..n of each position given the sorting positions ``order``."""
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(1, len(order) + 1)
    return ranks


def equal_groups(n: int, groups: int) -> np.ndarray:
    """Group 1..groups for ranks 0..n-1 so sizes differ by at most one.

    >>> equal_groups(7, 3).tolist()
    [1, 1, 1, 2, 2, 3, 3]
    """
    if groups < 1:
        raise DataError(f"the number of groups must be at least 1, not {groups}")
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    return np.arange(n, dtype=np.int64) * groups // n + 1


def ceil_count(share: float, n: int) -> int:
    """ceil(share * n), robust to float noise such as 0.2 * 100 = 20.000000000000004."""
    return int(np.ceil(round(share * n, 9)))


def safe_divide(num, den):
    """num / den with NaN where den is 0 (no warnings)."""
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def as_timestamp(as_of, *, name: str = "as_of") -> pd.Timestamp:
    """``as_of`` as a Timestamp, with a clear error when it is missing."""
    if as_of is None:
        raise DataError(
            f"{name} is required: pass the date recency is measured from, e.g. "
            f"{name}='2024-01-01' or {name}=tables.default_as_of (never today's date)."
        )
    try:
        return pd.Timestamp(as_of)
    except (TypeError, ValueError) as exc:
        raise DataError(f"{name}={as_of!r} is not a date; use the form 'YYYY-MM-DD'.") from exc


def date_ints(series: pd.Series, *, column: str = "order_date") -> tuple[np.ndarray, str, int]:
    """A datetime column as int64 in its own unit, the unit, and the units in one day.

    >>> date_ints(pd.Series(pd.to_datetime(["1970-01-02"])).astype("datetime64[s]"))
    (array([86400]), 's', 86400)
    """
    if not pd.api.types.is_datetime64_any_dtype(series.dtype):
        raise DataError(
            f"column {column!r} must hold dates (dtype {series.dtype}); convert it with "
            f"pd.to_datetime(orders[{column!r}])."
        )
    if getattr(series.dt, "tz", None) is not None:
        series = series.dt.tz_localize(None)
    if series.isna().any():
        raise DataError(f"column {column!r} has missing dates; drop or fix those rows first.")
    values = series.to_numpy()
    unit = np.datetime_data(values.dtype)[0]
    per_day = int(np.timedelta64(1, "D") // np.timedelta64(1, unit))
    return values.view(np.int64), unit, per_day


def timestamp_int(when: pd.Timestamp, unit: str) -> int:
    """A Timestamp as an integer count of ``unit`` since the epoch."""
    return int(np.datetime64(when.to_datetime64(), unit).view(np.int64))
