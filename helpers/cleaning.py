"""Clean order lines and report every row that was dropped or changed (数据清洗).

:func:`clean_orders` takes order lines with canonical headers (see
:func:`helpers.loading.map_columns`), parses text amounts and dates, removes the
rows that are not sales (missing customer, cancellations, returns, non-product
lines, zero prices, exact duplicates) and returns ``(clean, report)``. The
:class:`CleaningReport` counts rows by reason, keeps the dropped rows (retrievable
with :meth:`CleaningReport.rows`) and lists changed values. Nothing disappears
silently, and the input frame is never modified.

>>> raw = pd.DataFrame({
...     "customer_id": ["C1", None, "C2", "C2"],
...     "order_id": ["O1", "O2", "C3", "O4"],
...     "order_date": ["2024-01-05", "2024/1/6", "2024-01-07", "20240108"],
...     "product_id": ["P1", "P1", "P2", "P2"],
...     "quantity": [2, 1, -1, 3],
...     "revenue": ["1,200.00", "5", "-9", "¥30"],
... })
>>> clean, report = clean_orders(raw)
>>> clean["revenue"].tolist()
[1200.0, 30.0]
>>> report.counts("dropped")
{'missing customer id': 1, 'cancellation': 1}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.parsing import parse_amount, parse_dates
from helpers.schema import TABLES, DataError, normalise_ids, require_columns

#: stock codes that are not products: postage, fees, manual adjustments, freight...
NON_PRODUCT_CODES = (
    "POST", "DOT", "M", "C2", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS",
    "ADJUST", "ADJUST2", "TEST001", "TEST002", "FREIGHT", "SHIPPING", "运费", "邮费",
)  # fmt: skip
#: code patterns that are not products either: gift vouchers (gift_0001_20), DCGS... lines
NON_PRODUCT_PATTERN = r"(?i)^(?:gift_\d{4}_\d+|DCGS\w*)$"
ORDER_COLUMNS = TABLES["orders"]["required"] + TABLES["orders"]["optional"]
_AMOUNTS = ("quantity", "revenue", "cost", "unit_price")


@dataclass
class CleaningReport:
    """What :func:`clean_orders` did: rows in/out, counts by reason, dropped and changed rows.

    ``summary`` has one row per check (reason, action "dropped"/"changed"/"flagged",
    rows, revenue of those rows); ``dropped`` holds the dropped input rows unchanged,
    with their input position ``row`` and ``reason``; ``changed`` lists changed values
    (row, column, reason, before, after).

    >>> report = CleaningReport.unchanged(3)
    >>> report.rows_in, report.rows_out, report.counts()
    (3, 3, {})
    """

    rows_in: int
    rows_out: int
    summary: pd.DataFrame
    dropped: pd.DataFrame = field(repr=False)
    changed: pd.DataFrame = field(repr=False)

    @classmethod
    def unchanged(cls, n_rows: int) -> CleaningReport:
        """A report for data that needed no cleaning."""
        return cls(
            rows_in=n_rows,
            rows_out=n_rows,
            summary=pd.DataFrame(
                {
                    "reason": pd.Series(dtype="str"),
                    "action": pd.Series(dtype="str"),
                    "rows": pd.Series(dtype="int64"),
                    "revenue": pd.Series(dtype="float64"),
                }
            ),  # fmt: skip
            dropped=pd.DataFrame(
                {"row": pd.Series(dtype="int64"), "reason": pd.Series(dtype="str")}
            ),
            changed=pd.DataFrame(columns=["row", "column", "reason", "before", "after"]),
        )

    def counts(self, action: str | None = None) -> dict[str, int]:
        """Rows per reason (only reasons that touched at least one row)."""
        s = self.summary
        if action is not None:
            s = s[s["action"] == action]
        s = s[s["rows"] > 0]
        return dict(zip(s["reason"], s["rows"].astype(int).tolist(), strict=True))

    @property
    def rows_dropped(self) -> int:
        """Number of input rows not in the clean table."""
        return self.rows_in - self.rows_out

    def rows(self, reason: str) -> pd.DataFrame:
        """The dropped input rows for one reason (as they were in the input)."""
        known = set(self.summary["reason"])
        if reason not in known:
            raise KeyError(f"no cleaning reason {reason!r}; reasons are {sorted(known)}")
        return self.dropped[self.dropped["reason"] == reason]

    def __str__(self) -> str:
        lines = [f"rows in: {self.rows_in:,}  rows out: {self.rows_out:,}  "
                 f"dropped: {self.rows_dropped:,}"]  # fmt: skip
        for r in self.summary.itertuples():
            lines.append(f"  {r.action:8s} {r.rows:>9,}  {r.reason}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = (f"<p>rows in: {self.rows_in:,}; rows out: {self.rows_out:,}; "
                f"dropped: {self.rows_dropped:,}</p>")  # fmt: skip
        return head + self.summary.to_html(index=False)


def _is_text(s: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(s) or s.dtype == object


def _parse(orders: pd.DataFrame, dayfirst: bool | None, bad_values: str):
    """Parse the canonical columns; return (work, changes, bad) without dropping anything."""
    if not isinstance(orders, pd.DataFrame):
        raise DataError(f"orders: expected a pandas DataFrame, got {type(orders).__name__}")
    required = list(TABLES["orders"]["required"])
    if "revenue" not in orders.columns and {"quantity", "unit_price"} <= set(orders.columns):
        required.remove("revenue")
    require_columns(orders, required, table="orders")
    if len(orders) == 0:
        raise DataError("orders table is empty (0 rows). Load a file that has order lines.")
    work = orders.reset_index(drop=True).copy()
    changes: list[tuple[str, str, pd.Series, pd.Series]] = []
    bad = pd.Series(False, index=work.index)

    none = pd.Series(False, index=work.index)
    for col in ("customer_id", "order_id", "product_id"):
        before = work[col]
        after = normalise_ids(before)
        if col == "customer_id":
            after = after.str.upper()
        diff = (after.notna() & (before != after)) if _is_text(before) else none
        changes.append((f"{col.replace('_', ' ')} trimmed or upper-cased", col, diff, before))
        work[col] = after

    for col in [c for c in _AMOUNTS if c in work.columns]:
        before = work[col]
        parsed = parse_amount(before, column=col, errors=bad_values_mode(bad_values))
        if _is_text(before):
            text = before.astype("str")
            fancy = text.str.contains(r"[,¥￥$£€(]|RMB|CNY|元", regex=True).fillna(False)
            col_bad = before.notna() & text.str.strip().ne("") & parsed.isna()
        else:
            fancy = col_bad = none
        changes.append(("amount text with separators or currency sign", col, fancy, before))
        if col_bad.all():
            raise DataError(
                f"column {col!r} does not hold numbers (e.g. {before.head(3).tolist()}). "
                f"Map the right column to {col!r}, e.g. column_mapping={{'<header>': {col!r}}}."
            )
        bad |= col_bad
        work[col] = parsed

    if "revenue" not in work.columns:
        work["revenue"] = (work["quantity"] * work["unit_price"]).round(2)
        changes.append(("revenue computed as quantity x unit_price", "revenue",
                        work["revenue"].notna(), pd.Series(np.nan, index=work.index)))  # fmt: skip

    before = work["order_date"]
    dates = parse_dates(before, column="order_date", dayfirst=dayfirst, errors="coerce")
    if _is_text(before):
        text = before.astype("str").str.strip()
        given = before.notna() & text.ne("")
        iso = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?").fillna(False)
        reformatted = given & ~iso & dates.notna()
    else:
        given = before.notna()
        reformatted = none
    date_bad = given & dates.isna()
    if given.any() and date_bad[given].all():
        raise DataError(
            f"column 'order_date' does not parse as dates: none of its {int(given.sum()):,} "
            f"values is a date in a known format (e.g. {before[given].head(3).tolist()}). "
            "Map the right column to 'order_date', or convert the column to YYYY-MM-DD."
        )
    if date_bad.any() and bad_values == "raise":
        parse_dates(before, column="order_date", dayfirst=dayfirst, errors="raise")
    changes.append(("date written in another format", "order_date", reformatted, before))
    bad |= date_bad
    work["order_date"] = dates
    return work, changes, bad


def bad_values_mode(bad_values: str) -> str:
    if bad_values not in ("raise", "drop"):
        raise DataError(f"bad_values must be 'raise' or 'drop', not {bad_values!r}")
    return "raise" if bad_values == "raise" else "coerce"


def clean_orders(
    orders: pd.DataFrame,
    *,
    cancellations: str = "drop",
    returns: str = "drop",
    allow_negative_quantity: bool = True,
    non_product: Iterable[str] | None = NON_PRODUCT_CODES,
    non_product_pattern: str | None = NON_PRODUCT_PATTERN,
    zero_price: str = "drop",
    duplicates: str = "drop",
    unique_key: Sequence[str] | str | None = None,
    bad_values: str = "raise",
    dayfirst: bool | None = None,
) -> tuple[pd.DataFrame, CleaningReport]:
    """Clean order lines; return the clean table and a :class:`CleaningReport`.

    Values are parsed first (ids trimmed, customer ids upper-cased, amounts from text,
    dates from mixed formats; each change is reported). Then rows are dropped, each
    for the first reason that applies, in this order: missing customer id; missing
    date, quantity or amount; unparseable value (``bad_values="drop"``);
    cancellation (order id starting with "C"); return (negative quantity); zero
    quantity; non-product line (``non_product`` codes, case-insensitive, or codes
    matching ``non_product_pattern``: gift vouchers and the like); zero or
    negative price (unit price, or revenue when there is no unit price); exact
    duplicate (all columns equal, first kept).

    Options: ``cancellations``/``returns``/``zero_price``/``duplicates`` = "drop" or
    "keep" (kept duplicates are reported as "flagged"); ``allow_negative_quantity=False``
    raises on negative quantities instead of treating them as returns;
    ``unique_key`` (e.g. ``"order_id"`` or ``["order_id", "product_id"]``) raises when
    rows share the key with different quantity or revenue; ``bad_values="drop"``
    drops unparseable dates/amounts instead of raising; ``dayfirst`` for dates like
    05/01/2023.

    >>> raw = pd.DataFrame({"customer_id": ["C1", "C1"], "order_id": ["O1", "O1"],
    ...     "order_date": ["2024-01-05"] * 2, "product_id": ["P1", "P1"],
    ...     "quantity": [1, 1], "revenue": [5.0, 5.0]})
    >>> clean, report = clean_orders(raw)
    >>> len(clean), report.counts(), len(report.rows("exact duplicate"))
    (1, {'exact duplicate': 1}, 1)
    """
    for name, value in (("cancellations", cancellations), ("returns", returns),
                        ("zero_price", zero_price), ("duplicates", duplicates)):  # fmt: skip
        if value not in ("drop", "keep"):
            raise DataError(f"{name} must be 'drop' or 'keep', not {value!r}")
    work, changes, bad = _parse(orders, dayfirst, bad_values)
    n = len(work)
    steps: list[tuple[str, str, pd.Series]] = []
    steps.append(("missing customer id", "dropped", work["customer_id"].isna()))
    missing = (
        work["order_id"].isna() | work["product_id"].isna() | work["order_date"].isna()
        | work["quantity"].isna() | work["revenue"].isna()
    ) & ~bad  # fmt: skip
    steps.append(("missing date, quantity or amount", "dropped", missing))
    if bad_values == "drop":
        steps.append(("unparseable date or amount", "dropped", bad))
    cancel = work["order_id"].str.upper().str.startswith("C").fillna(False).astype(bool)
    if cancellations == "drop":
        steps.append(("cancellation", "dropped", cancel))
    negative = (work["quantity"] < 0).fillna(False) & ~cancel
    if not allow_negative_quantity and negative.any():
        pos = np.flatnonzero(negative.to_numpy())
        raise DataError(
            f"column 'quantity': {len(pos):,} rows have a negative quantity (row positions "
            f"{pos[:5].tolist()}), but allow_negative_quantity=False says that cannot happen. "
            "They are usually returns: pass allow_negative_quantity=True to drop them as "
            "returns (the report lists them), or correct the quantities in the source."
        )
    if returns == "drop":
        steps.append(("return", "dropped", negative))
    steps.append(("zero quantity", "dropped", (work["quantity"] == 0).fillna(False)))
    if non_product:
        is_np = _non_product(work["product_id"], non_product, non_product_pattern)
        steps.append(("non-product line", "dropped", is_np))
    price = work["unit_price"] if "unit_price" in work.columns else work["revenue"]
    nonpos = (price <= 0).fillna(False) & (work["quantity"] > 0).fillna(False)
    if zero_price == "drop":
        steps.append(("zero or negative price", "dropped", nonpos))

    keep = pd.Series(True, index=work.index)
    dropped_reason = pd.Series(pd.NA, index=work.index, dtype="object")
    summary_rows = []
    revenue = work["revenue"]
    for reason, action, mask in steps:
        hit = mask.fillna(False).astype(bool) & keep
        dropped_reason[hit] = reason
        keep &= ~hit
        summary_rows.append((reason, action, int(hit.sum()), float(revenue[hit].sum())))
    dup = work.duplicated(keep="first") & keep
    if duplicates == "drop":
        dropped_reason[dup] = "exact duplicate"
        keep &= ~dup
        summary_rows.append(
            ("exact duplicate", "dropped", int(dup.sum()), float(revenue[dup].sum()))
        )
    else:
        summary_rows.append(
            ("exact duplicate (kept)", "flagged", int(dup.sum()), float(revenue[dup].sum()))
        )

    clean = work.loc[keep]
    if unique_key is not None:
        _check_unique_key(clean, unique_key)

    change_rows = []
    for reason, col, mask, before in changes:
        hit = mask.fillna(False).astype(bool)
        summary_rows.append((reason, "changed", int(hit.sum()), float(revenue[hit].sum())))
        if hit.any():
            change_rows.append(
                pd.DataFrame(
                    {
                        "row": np.flatnonzero(hit.to_numpy()),
                        "column": col,
                        "reason": reason,
                        "before": before[hit].astype("str").to_numpy(),
                        "after": work.loc[hit, col].astype("str").to_numpy(),
                    }
                )
            )
    summary = pd.DataFrame(summary_rows, columns=["reason", "action", "rows", "revenue"])
    summary = summary.groupby(["reason", "action"], sort=False, as_index=False)[
        ["rows", "revenue"]
    ].sum()
    drop_pos = np.flatnonzero((~keep).to_numpy())
    dropped = orders.iloc[drop_pos].copy()
    dropped.insert(0, "reason", dropped_reason.iloc[drop_pos].astype("str").to_numpy())
    dropped.insert(0, "row", drop_pos)
    dropped = dropped.reset_index(drop=True)
    changed = (
        pd.concat(change_rows, ignore_index=True)
        if change_rows
        else CleaningReport.unchanged(0).changed
    )

    clean = _order_columns(clean)
    report = CleaningReport(n, len(clean), summary, dropped, changed)
    return clean, report


def _non_product(codes: pd.Series, non_product: Iterable[str], pattern: str | None) -> pd.Series:
    upper = codes.str.upper()
    hit = upper.isin({str(c).upper() for c in non_product})
    if pattern:
        hit |= codes.str.contains(pattern, regex=True)
    return hit.fillna(False).astype(bool)


def _order_columns(clean: pd.DataFrame) -> pd.DataFrame:
    q = clean["quantity"]
    if (q == q.round()).all():
        clean = clean.assign(quantity=q.astype("int64"))
    first = [c for c in ORDER_COLUMNS if c in clean.columns]
    rest = [c for c in clean.columns if c not in first]
    return clean[first + rest].reset_index(drop=True)


def _check_unique_key(clean: pd.DataFrame, unique_key: Sequence[str] | str) -> None:
    key = [unique_key] if isinstance(unique_key, str) else list(unique_key)
    require_columns(clean, key, table="orders", purpose="the unique_key check")
    values = [c for c in ("quantity", "revenue") if c in clean.columns]
    distinct = clean.drop_duplicates(key + values)
    conflict = distinct.duplicated(key, keep=False)
    if conflict.any():
        examples = distinct.loc[conflict, key + values].head(4)
        n_keys = len(distinct.loc[conflict, key].drop_duplicates())
        raise DataError(
            f"{n_keys:,} {'/'.join(key)} values appear more than once with different "
            f"{' or '.join(values)} ({int(conflict.sum()):,} rows), e.g.\n"
            f"{examples.to_string(index=False)}\n"
            "Decide which row is right and fix the source, or, if the same key may "
            "legitimately repeat (several lines per order), pass unique_key=None or a "
            "longer key such as ['order_id', 'product_id']."
        )


def audit_orders(
    orders: pd.DataFrame,
    *,
    non_product: Iterable[str] = NON_PRODUCT_CODES,
    non_product_pattern: str | None = NON_PRODUCT_PATTERN,
) -> pd.Series:
    """Count each data problem on its own (a row may have several), before any cleaning.

    Unlike the cleaning report, whose reasons are exclusive and applied in order, this
    is a checklist of the raw data.

    >>> raw = pd.DataFrame({"customer_id": [None, "C1", "C1"], "order_id": ["O1", "C2", "C2"],
    ...     "order_date": ["2024-01-05"] * 3, "product_id": ["P1", "P2", "P2"],
    ...     "quantity": [1, -2, -2], "revenue": [5.0, -4.0, -4.0]})
    >>> audit_orders(raw)[["rows", "missing customer id", "cancellation rows",
    ...     "exact duplicate rows"]].tolist()
    [3, 1, 2, 1]
    """
    work, _, _ = _parse(orders, None, "drop")
    cancel = work["order_id"].str.upper().str.startswith("C").fillna(False).astype(bool)
    price = work["unit_price"] if "unit_price" in work.columns else work["revenue"]
    out = {
        "rows": len(work),
        "customers": int(work["customer_id"].nunique()),
        "missing customer id": int(work["customer_id"].isna().sum()),
        "cancellation orders": int(work.loc[cancel, "order_id"].nunique()),
        "cancellation rows": int(cancel.sum()),
        "negative quantity": int((work["quantity"] < 0).sum()),
        "negative quantity, not cancellation": int(((work["quantity"] < 0) & ~cancel).sum()),
        "zero price": int((price == 0).sum()),
        "negative price": int((price < 0).sum()),
        "exact duplicate rows": int(work.duplicated().sum()),
        "non-product rows": int(
            _non_product(work["product_id"], non_product, non_product_pattern).sum()
        ),
    }
    if "product_name" in work.columns:
        out["missing product name"] = int(work["product_name"].isna().sum())
    return pd.Series(out, name="rows")
