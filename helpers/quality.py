"""Data quality in one page per source (数据质量汇总), from cleaning reports.

- :func:`quality_summary`: one row per source (lines in and kept, the rule that removed
  the most, customers, dates covered, revenue, cost or not), the page to send to the
  people who own the data;
- :func:`dropped_by_reason`: lines each cleaning rule dropped, one column per source
  (what :func:`helpers.plots.cleaning_chart` draws);
- :func:`compare_lines`: how many order lines two tables share, line for line, money
  compared in cents (do two exports overlap? does a cleaned export give the company's
  lines?).

Each takes the clean order lines and the :class:`helpers.cleaning.CleaningReport` that
:func:`helpers.loading.load_orders` or :func:`helpers.datasets.load_tables` returned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from helpers._aggregate import from_cents, to_cents
from helpers.schema import DataError, require_columns

__all__ = ["compare_lines", "dropped_by_reason", "quality_summary"]

#: money columns, compared and summed in whole cents
MONEY_COLUMNS = ("revenue", "cost", "unit_price", "profit")


def _check_report(name: str, report: object) -> None:
    if not all(hasattr(report, a) for a in ("rows_in", "rows_out", "counts")):
        raise DataError(
            f"source {name!r}: expected a cleaning report (the second item that "
            f"load_orders returns, or tables.cleaning), not {type(report).__name__}"
        )


def dropped_by_reason(reports: Mapping[str, object]) -> pd.DataFrame:
    """Order lines each cleaning rule dropped: one row per reason, one column per source.

    Only reasons that dropped at least one line in some source are listed, in the order
    the cleaning applies them; 0 where a rule dropped nothing in a source.

    >>> from helpers.cleaning import clean_orders
    >>> raw = pd.DataFrame({"customer_id": ["C1", None, "C1"], "order_id": ["O1", "O2", "O1"],
    ...     "order_date": ["2024-01-05"] * 3, "product_id": ["P1"] * 3,
    ...     "quantity": [1, 1, 1], "revenue": [5.0, 5.0, 5.0]})
    >>> dropped_by_reason({"file": clean_orders(raw)[1]})
                         file
    reason
    missing customer id     1
    exact duplicate         1
    """
    columns = {}
    for name, report in reports.items():
        _check_report(name, report)
        columns[str(name)] = pd.Series(report.counts("dropped"), dtype="int64")
    table = pd.DataFrame(columns).fillna(0).astype("int64")
    table.index.name = "reason"
    if table.empty:
        return pd.DataFrame(
            {name: pd.Series(dtype="int64") for name in columns},
            index=pd.Index([], dtype="str", name="reason"),
        )
    return table


def quality_summary(sources: Mapping[str, tuple[pd.DataFrame, object]]) -> pd.DataFrame:
    """One row per source: how much came in, how much could be used, and what it covers.

    ``sources`` maps a name to ``(clean order lines, cleaning report)``. Columns:
    ``lines_in, lines_kept, kept_share, dropped, no_customer_share`` (lines dropped for a
    missing customer id / lines in), ``largest_rule, largest_rule_lines`` (the rule that
    dropped the most; empty when none dropped anything), ``flagged`` (lines kept but
    flagged, such as duplicates that are kept), ``values_rewritten``, ``customers``,
    ``first_day, last_day``, ``revenue`` (summed in cents) and ``has_cost``.

    >>> from helpers.cleaning import clean_orders
    >>> raw = pd.DataFrame({"customer_id": ["C1", None, "c2 "], "order_id": ["O1", "O2", "O3"],
    ...     "order_date": ["2024-01-05", "2024-01-06", "2024-02-01"],
    ...     "product_id": ["P1"] * 3, "quantity": [1, 1, 2], "revenue": [5.0, 5.0, 7.5]})
    >>> q = quality_summary({"file": clean_orders(raw)})
    >>> q[["lines_in", "lines_kept", "largest_rule", "customers", "revenue"]]
            lines_in  lines_kept         largest_rule  customers  revenue
    source
    file           3           2  missing customer id          2     12.5
    """
    rows = []
    for name, pair in sources.items():
        clean, report = pair
        _check_report(name, report)
        require_columns(clean, ["customer_id", "order_date", "revenue"], table=f"{name} orders")
        dropped = report.counts("dropped")
        changed = report.counts("changed")
        flagged = report.counts("flagged")
        largest = max(dropped.items(), key=lambda kv: kv[1], default=("", 0))
        lines_in = int(report.rows_in)
        cents = to_cents(clean["revenue"].to_numpy(dtype=np.float64, na_value=0.0)).sum()
        has_cost = "cost" in clean.columns and bool(clean["cost"].notna().any())
        dates = clean["order_date"]
        rows.append(
            {
                "source": str(name),
                "lines_in": lines_in,
                "lines_kept": int(report.rows_out),
                "kept_share": report.rows_out / lines_in if lines_in else np.nan,
                "dropped": int(sum(dropped.values())),
                "no_customer_share": (
                    dropped.get("missing customer id", 0) / lines_in if lines_in else np.nan
                ),
                "largest_rule": largest[0],
                "largest_rule_lines": int(largest[1]),
                "flagged": int(sum(flagged.values())),
                "values_rewritten": int(sum(changed.values())),
                "customers": int(clean["customer_id"].nunique()),
                "first_day": dates.min().normalize() if len(dates) else pd.NaT,
                "last_day": dates.max().normalize() if len(dates) else pd.NaT,
                "revenue": float(from_cents(cents)),
                "has_cost": has_cost,
            }
        )
    return pd.DataFrame(rows).set_index("source")


def _line_counts(frame: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """How often each distinct line occurs (money as whole cents)."""
    key = pd.DataFrame(
        {
            c: (
                pd.array(to_cents(frame[c].to_numpy(dtype=np.float64, na_value=np.nan)))
                if c in MONEY_COLUMNS
                else frame[c]
            )
            for c in columns
        }
    )
    return key.groupby(list(columns), dropna=False, sort=False).size()


def compare_lines(
    left: pd.DataFrame, right: pd.DataFrame, *, columns: Sequence[str] | None = None
) -> pd.Series:
    """Lines two tables have in common and lines only one has (duplicates counted).

    Lines are equal when every one of ``columns`` is equal (default: the columns both
    tables have), money compared in whole cents. Values: ``both``, ``only_left``,
    ``only_right``.

    >>> a = pd.DataFrame({"order_id": ["O1", "O2", "O2"], "revenue": [1.0, 2.0, 2.0]})
    >>> b = pd.DataFrame({"order_id": ["O2", "O3"], "revenue": [2.000000001, 3.0]})
    >>> compare_lines(a, b).to_dict()
    {'both': 1, 'only_left': 2, 'only_right': 1}
    """
    if columns is None:
        columns = [c for c in left.columns if c in right.columns]
    columns = list(columns)
    if not columns:
        raise DataError("compare_lines: the two tables have no column in common; pass columns=")
    require_columns(left, columns, table="left table", purpose="comparing lines")
    require_columns(right, columns, table="right table", purpose="comparing lines")
    counts = pd.concat(
        {"left": _line_counts(left, columns), "right": _line_counts(right, columns)}, axis=1
    ).fillna(0)
    both = np.minimum(counts["left"], counts["right"])
    return pd.Series(
        {
            "both": int(both.sum()),
            "only_left": int((counts["left"] - both).sum()),
            "only_right": int((counts["right"] - both).sum()),
        }
    )
