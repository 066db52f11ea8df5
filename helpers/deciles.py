"""Purchase decile analysis (购买十分位分析): customer deciles and value deciles.

Two different tables go by the name "decile analysis"; the course teaches both:

- **customer deciles**: customers ranked by revenue and cut into ten groups of (nearly)
  equal size (sizes differ by at most one); the table shows each group's share of revenue
  and profit. "The top 10% of customers bring 45% of revenue."
- **value deciles**: the company's total revenue (or profit) cut into ten equal parts;
  the table shows how many customers make each 10%. "Three customers make the first 10% of
  revenue." A customer belongs to the tenth in which its revenue STARTS (the cumulative
  share of the customers ranked before it), so a very large customer can leave the next
  tenths empty; they are shown with 0 customers.

Rankings compare amounts in whole cents, largest first, ties broken by customer_id.
Profit columns are NaN when the table has no profit; customers with unknown profit are
left out of the profit sums, and profit shares are of the known total.

From the value deciles come the three profitable groups (:func:`profitable_groups`), and
without cost data the same positions by sales alone (:func:`sales_only_groups`); lesson
04 also checks the 80/20 rule overall and per group of customers (:func:`pareto_check`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers._aggregate import (
    by_customer,
    equal_groups,
    from_cents,
    numeric_column,
    rank_order,
    safe_divide,
    to_cents,
)
from helpers.grading import pareto_verdict, top_share_by_group
from helpers.i18n import tr
from helpers.params import PARAMETERS
from helpers.schema import DataError

__all__ = [
    "assign_customer_deciles",
    "assign_value_deciles",
    "customer_deciles",
    "value_deciles",
    "profitable_groups",
    "sales_only_groups",
    "transactional_vs_relationship",
    "pareto_check",
    "PROFITABLE_GROUPS",
]

_RETAIN = PARAMETERS["retain_share"].default
_GROW = PARAMETERS["grow_share"].default
_DECLINING = PARAMETERS["declining_below"].default

#: The groups of :func:`profitable_groups`, in order.
PROFITABLE_GROUPS = ("retain", "grow_share_of_wallet", "losing_value", "transactional")


def _values(table: pd.DataFrame, column: str) -> np.ndarray:
    cents = to_cents(numeric_column(table, column))
    if np.isnan(cents).any():
        if column == "profit":
            raise DataError(
                "profit is unknown for some customers; value deciles of profit need a cost "
                "column for every order line (profit analyses need cost)."
            )
        raise DataError(f"column {column!r} has missing values; fill or drop them first.")
    return cents


def _customer_codes(cents: np.ndarray, groups: int) -> np.ndarray:
    order = rank_order(cents, money=False)
    codes = np.empty(len(cents), dtype=np.int64)
    codes[order] = equal_groups(len(cents), groups)
    return codes


def _value_codes(cents: np.ndarray, groups: int, column: str) -> np.ndarray:
    if groups < 1:
        raise DataError(f"the number of groups must be at least 1, not {groups}")
    order = rank_order(cents, money=False)
    ordered = cents[order].astype(np.int64)
    total = int(ordered.sum())
    if len(ordered) and total <= 0:
        raise DataError(
            f"column {column!r} sums to {total / 100}; value deciles need a positive total."
        )
    before = np.cumsum(ordered) - ordered
    codes = np.empty(len(cents), dtype=np.int64)
    codes[order] = np.clip(before * groups // max(total, 1) + 1, 1, groups)
    return codes


def assign_customer_deciles(
    customers: pd.DataFrame, *, column: str = "monetary", groups: int = 10
) -> pd.Series:
    """Customer decile 1..groups of every customer (1 = largest spenders), equal sizes.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4", "C5"],
    ...                   "monetary": [5.0, 50.0, 5.0, 1.0, 20.0]})
    >>> assign_customer_deciles(t, groups=2).tolist()
    [1, 1, 2, 2, 1]
    """
    table = by_customer(customers)
    codes = _customer_codes(_values(table, column), groups)
    return pd.Series(codes, index=table.index, name="decile")


def assign_value_deciles(
    customers: pd.DataFrame, *, column: str = "monetary", groups: int = 10
) -> pd.Series:
    """Value decile 1..groups: the tenth of the total in which each customer's value starts.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
    ...                   "monetary": [50.0, 30.0, 15.0, 5.0]})
    >>> assign_value_deciles(t).tolist()
    [1, 6, 9, 10]
    """
    table = by_customer(customers)
    codes = _value_codes(_values(table, column), groups, column)
    return pd.Series(codes, index=table.index, name="decile")


def _decile_table(
    table: pd.DataFrame, codes: np.ndarray, revenue: str, profit: str, groups: int
) -> pd.DataFrame:
    rev = _values(table, revenue)
    count = np.bincount(codes, minlength=groups + 1)[1:]
    rev_sum = np.bincount(codes, weights=rev, minlength=groups + 1)[1:]
    n = len(table)
    result = pd.DataFrame(
        {
            "customers": count,
            "customer_share": safe_divide(count, n),
            "cumulative_customer_share": safe_divide(np.cumsum(count), n),
            "revenue": from_cents(rev_sum),
            "revenue_share": safe_divide(rev_sum, rev.sum()),
            "cumulative_revenue_share": safe_divide(np.cumsum(rev_sum), rev.sum()),
        },
        index=pd.RangeIndex(1, groups + 1, name="decile"),
    )
    if profit in table.columns:
        prof = to_cents(numeric_column(table, profit))
        known = ~np.isnan(prof)
        prof_sum = np.bincount(codes[known], weights=prof[known], minlength=groups + 1)[1:]
        has_known = np.bincount(codes[known], minlength=groups + 1)[1:] > 0
        total = prof[known].sum() if known.any() else np.nan
        result["profit"] = np.where(has_known | (count == 0), from_cents(prof_sum), np.nan)
        result["profit_share"] = safe_divide(prof_sum, total)
        result["cumulative_profit_share"] = safe_divide(np.cumsum(prof_sum), total)
    else:
        result["profit"] = np.nan
        result["profit_share"] = np.nan
        result["cumulative_profit_share"] = np.nan
    return result


def customer_deciles(
    customers: pd.DataFrame,
    *,
    column: str = "monetary",
    profit: str = "profit",
    groups: int = 10,
) -> pd.DataFrame:
    """Customer deciles: ten equal-size groups by revenue, with their revenue and profit.

    Columns: ``customers, customer_share, cumulative_customer_share, revenue,
    revenue_share, cumulative_revenue_share, profit, profit_share,
    cumulative_profit_share``; index decile 1..groups (1 = top).

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
    ...     "monetary": [50.0, 30.0, 15.0, 5.0], "profit": [10.0, 9.0, 2.0, -1.0]})
    >>> customer_deciles(t, groups=2)[["customers", "revenue_share", "profit_share"]]
            customers  revenue_share  profit_share
    decile
    1               2            0.8          0.95
    2               2            0.2          0.05
    """
    table = by_customer(customers)
    codes = _customer_codes(_values(table, column), groups)
    return _decile_table(table, codes, column, profit, groups)


def value_deciles(
    customers: pd.DataFrame,
    *,
    by: str = "monetary",
    revenue: str = "monetary",
    profit: str = "profit",
    groups: int = 10,
) -> pd.DataFrame:
    """Value deciles: how many customers make each tenth of the total of ``by``.

    ``by="monetary"`` cuts revenue into tenths, ``by="profit"`` cuts profit (needs
    cost; customers with zero or negative profit fall in the last tenth). Same columns
    as :func:`customer_deciles`; all tenths present (empty ones with 0 customers).

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
    ...                   "monetary": [50.0, 30.0, 15.0, 5.0]})
    >>> value_deciles(t, groups=4)[["customers", "revenue_share"]]
            customers  revenue_share
    decile
    1               1            0.5
    2               0            0.0
    3               1            0.3
    4               2            0.2
    """
    table = by_customer(customers)
    if by == profit and (profit not in table.columns or table[profit].isna().all()):
        raise DataError(
            f"value deciles of profit need a {profit!r} column; profit analyses need a cost "
            "column in the orders (then profiling.customer_summary computes profit)."
        )
    codes = _value_codes(_values(table, by), groups, by)
    return _decile_table(table, codes, revenue, profit, groups)


def _positions(
    table: pd.DataFrame, revenue: str, trend: str
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """The table in revenue rank order, its revenue in cents, trend and share before."""
    if trend not in table.columns:
        raise DataError(
            f"column {trend!r} not found; it comes from profiling.customer_summary (revenue "
            "last period vs the period before), or pass trend='<your column>'."
        )
    rev = _values(table, revenue)
    order = rank_order(rev, money=False)
    ranked = table.iloc[order]
    rev = rev[order]
    change = numeric_column(ranked, trend)
    before = safe_divide(np.cumsum(rev) - rev, rev.sum())
    return ranked, rev, change, before


def _group_codes(
    before: np.ndarray,
    change: np.ndarray,
    eligible: np.ndarray,
    retain_share: float,
    grow_share: float,
    declining_below: float,
) -> np.ndarray:
    """The one rule of the groups: 0 retain, 1 grow, 2 losing value, 3 transactional."""
    if not 0 < retain_share <= grow_share <= 1:
        raise DataError(
            "the shares must satisfy 0 < retain_share <= grow_share <= 1, not "
            f"retain_share={retain_share}, grow_share={grow_share}"
        )
    codes = np.full(len(before), 3)
    codes = np.where(eligible & (change < declining_below), 2, codes)
    codes = np.where(eligible & (before < grow_share), 1, codes)
    return np.where(eligible & (before < retain_share), 0, codes)


def profitable_groups(
    customers: pd.DataFrame,
    *,
    revenue: str = "monetary",
    profit: str = "profit",
    trend: str = "trend",
    retain_share: float = _RETAIN,
    grow_share: float = _GROW,
    declining_below: float = _DECLINING,
) -> pd.DataFrame:
    """The three profitable groups of decile analysis (三类可盈利客户), and the rest.

    Customers are ranked by revenue; ``cumulative_share_before`` is the revenue share of
    the customers ranked before each one. Rules, in order:

    1. ``retain``: profitable and starting within the first ``retain_share`` of revenue
       (the customers who make the first 10% of sales, with the most profit);
    2. ``grow_share_of_wallet``: profitable, starting within the first ``grow_share``
       (the customers who make up sales to 50%: they may also buy from competitors);
    3. ``losing_value``: other profitable customers whose ``trend`` (revenue last period
       vs the one before) is below ``declining_below`` (default -0.30: a fall of more
       than 30%; an unknown trend is no fall);
    4. ``transactional``: everyone else (交易客户; the first three are relationship
       customers, 关系客户). Customers with unknown profit get no group (NaN).

    Columns: ``revenue, profit, trend, cumulative_share_before, group``; sorted by rank.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4", "C5"],
    ...     "monetary": [40.0, 30.0, 15.0, 10.0, 5.0], "profit": [8.0, 5.0, 2.0, 1.0, -1.0],
    ...     "trend": [0.1, 0.0, -0.35, 0.2, -0.5]})
    >>> profitable_groups(t, retain_share=0.3, grow_share=0.6)["group"].tolist()
    ['retain', 'grow_share_of_wallet', 'losing_value', 'transactional', 'transactional']
    """
    table = by_customer(customers)
    if profit not in table.columns or table[profit].isna().all():
        raise DataError(
            f"the profitable groups need profit (column {profit!r}); profit comes from a cost "
            "column in the orders (then profiling.customer_summary computes it). Without "
            "cost, deciles.sales_only_groups gives the positions by sales alone."
        )
    ranked, rev, change, before = _positions(table, revenue, trend)
    prof = to_cents(numeric_column(ranked, profit))
    codes = _group_codes(before, change, prof > 0, retain_share, grow_share, declining_below)
    codes = np.where(np.isnan(prof), -1, codes)
    return pd.DataFrame(
        {
            "revenue": from_cents(rev),
            "profit": from_cents(prof),
            "trend": change,
            "cumulative_share_before": before,
            "group": pd.Categorical.from_codes(codes, categories=list(PROFITABLE_GROUPS)),
        },
        index=ranked.index,
    )


def sales_only_groups(
    customers: pd.DataFrame,
    *,
    revenue: str = "monetary",
    trend: str = "trend",
    retain_share: float = _RETAIN,
    grow_share: float = _GROW,
    declining_below: float = _DECLINING,
) -> pd.DataFrame:
    """Candidates for the profitable groups when profit is unknown: the positions by sales.

    The rules of :func:`profitable_groups` without the profit test: every customer is
    treated as if profitable, so these are candidates to confirm once costs are known.
    Same columns (``profit`` is NaN).

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
    ...     "monetary": [40.0, 30.0, 20.0, 10.0], "trend": [0.1, -0.5, -0.5, 0.0]})
    >>> sales_only_groups(t, retain_share=0.3, grow_share=0.6)["group"].tolist()
    ['retain', 'grow_share_of_wallet', 'losing_value', 'transactional']
    """
    table = by_customer(customers)
    ranked, rev, change, before = _positions(table, revenue, trend)
    everyone = np.ones(len(rev), dtype=bool)
    codes = _group_codes(before, change, everyone, retain_share, grow_share, declining_below)
    return pd.DataFrame(
        {
            "revenue": from_cents(rev),
            "profit": np.nan,
            "trend": change,
            "cumulative_share_before": before,
            "group": pd.Categorical.from_codes(codes, categories=list(PROFITABLE_GROUPS)),
        },
        index=ranked.index,
    )


def transactional_vs_relationship(
    groups: pd.DataFrame,
    *,
    group: str = "group",
    revenue: str = "revenue",
    profit: str = "profit",
) -> pd.DataFrame:
    """Relationship customers (the three profitable groups) vs transactional customers.

    Takes the output of :func:`profitable_groups`. Columns: ``customers, customer_share,
    revenue, revenue_share, profit, profit_share, margin`` (profit / revenue) and
    ``profit_per_customer``; index kind.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3"],
    ...     "revenue": [60.0, 30.0, 10.0], "profit": [12.0, 6.0, 3.0],
    ...     "group": ["retain", "losing_value", "transactional"]})
    >>> transactional_vs_relationship(t)[["customers", "profit_share", "margin"]].round(3)
                   customers  profit_share  margin
    kind
    relationship           2         0.857     0.2
    transactional          1         0.143     0.3
    """
    table = by_customer(groups)
    if group not in table.columns:
        raise DataError(
            f"column {group!r} not found; put the customers in groups first with "
            "deciles.profitable_groups(customers)."
        )
    labels = table[group].astype(object)
    known = labels.notna().to_numpy()
    kind = np.where(labels.to_numpy() == "transactional", 1, 0)
    rev = to_cents(numeric_column(table, revenue))[known]
    prof = to_cents(numeric_column(table, profit))[known]
    kind = kind[known]
    count = np.bincount(kind, minlength=2)
    rev_sum = np.bincount(kind, weights=rev, minlength=2)
    prof_sum = np.bincount(kind, weights=prof, minlength=2)
    return pd.DataFrame(
        {
            "customers": count,
            "customer_share": safe_divide(count, count.sum()),
            "revenue": from_cents(rev_sum),
            "revenue_share": safe_divide(rev_sum, rev_sum.sum()),
            "profit": from_cents(prof_sum),
            "profit_share": safe_divide(prof_sum, prof_sum.sum()),
            "margin": safe_divide(prof_sum, rev_sum),
            "profit_per_customer": from_cents(safe_divide(prof_sum, count)),
        },
        index=pd.Index(["relationship", "transactional"], name="kind"),
    )


def pareto_check(
    customers: pd.DataFrame,
    profile: pd.DataFrame | None = None,
    *,
    revenue: str = "monetary",
    profit: str = "profit",
    by: tuple[str, ...] = ("customer_type", "business_type", "region"),
    top: float = PARAMETERS["pareto_top"].default,
    band: tuple[float, float] = tuple(PARAMETERS["pareto_band"].default),
    min_customers: int = 30,
) -> pd.DataFrame:
    """Where does the 80/20 rule hold? Sales and profit overall, sales per group.

    For sales (and profit, when the table has it), and for sales inside each group of
    each ``by`` column of ``profile`` (the customers table; columns it lacks are left
    out): the share the top ``top`` of customers bring (:func:`helpers.grading.top_share_by_group`)
    and the verdict (:func:`helpers.grading.pareto_verdict`). Groups with fewer than
    ``min_customers`` customers are left out: a rule about shares of customers says little
    about a handful. Columns: ``measure, column, group, customers, top_share, verdict``.

    >>> t = pd.DataFrame({"customer_id": [f"C{i:02d}" for i in range(10)],
    ...                   "monetary": [80.0, 5, 5, 2, 2, 2, 1, 1, 1, 1]})
    >>> pareto_check(t)[["measure", "customers", "top_share", "verdict"]]
      measure  customers  top_share       verdict
    0   sales         10       0.85  holds roughly
    """
    table = by_customer(customers)
    sales = tr("sales", domain="tables")  # English; extracted for the displayed table
    parts = [top_share_by_group(table, column=revenue, top=top).assign(measure=sales, column="")]
    if profit in table.columns and table[profit].notna().all():
        overall = top_share_by_group(table, column=profit, top=top)
        parts.append(overall.assign(measure="profit", column=""))
    if profile is not None:
        profile = by_customer(profile)
        for column in by:
            if column in profile.columns:
                labels = profile[column].reindex(table.index)
                found = top_share_by_group(table, column=revenue, by=labels, top=top)
                parts.append(found.assign(measure=sales, column=column))
    result = pd.concat(parts).rename_axis("group").reset_index()
    result["group"] = result["group"].astype(str)
    result = result[(result["customers"] >= min_customers) | (result["column"] == "")]
    result["verdict"] = pareto_verdict(result["top_share"].to_numpy(), band=band)
    columns = ["measure", "column", "group", "customers", "top_share", "verdict"]
    return result[columns].reset_index(drop=True)
