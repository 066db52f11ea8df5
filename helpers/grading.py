"""ABC grading (ABC分类法), tiers, migration, resource allocation and concentration.

Grading ranks customers by their value to the company so that resources (visits,
service hours, discounts) can follow value. Every function takes a customer table (one
row per customer, indexed by or holding ``customer_id``, e.g. the output of
:func:`helpers.profiling.customer_summary`) and returns a new DataFrame.

Rankings compare amounts rounded to cents, larger first, and break ties by
customer_id, so a grade never depends on row order. Grades are ordered Categoricals,
best first, so tables keep grades that happen to be empty. Grading outputs carry the
input's ``profit`` column when it has one (for :func:`resource_allocation_table` and
:func:`pyramid_table`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from helpers._aggregate import (
    by_customer,
    ceil_count,
    from_cents,
    numeric_column,
    rank_order,
    ranks_from_order,
    safe_divide,
    to_cents,
)
from helpers.schema import DataError

__all__ = [
    "DEFAULT_POTENTIAL_RULES",
    "FIVE_TIERS",
    "abc_grade_by_threshold",
    "abc_grade_by_share",
    "grade_by_rank",
    "regrade_by_potential",
    "five_tier_grades",
    "grade_migration",
    "resource_allocation_table",
    "pyramid_table",
    "lorenz_curve",
    "gini_coefficient",
]

#: Potential-based regrading: (grade, potential) -> new grade. A C customer with high
#: potential moves up to A; a B about to fail (low potential) moves down to C; an A with
#: low potential moves down to B (A means the largest amount AND the largest potential).
DEFAULT_POTENTIAL_RULES = pd.DataFrame(
    [("C", "high", "A"), ("B", "low", "C"), ("A", "low", "B")],
    columns=["grade", "potential", "new_grade"],
)

#: The five tiers of the bank example, best first.
FIVE_TIERS = ("blue", "green", "red", "transfer", "exit")


def _ranked(table: pd.DataFrame, column: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The table in rank order (largest value first), its values in cents, ranks 1..n."""
    values = to_cents(numeric_column(table, column))
    if np.isnan(values).any():
        raise DataError(
            f"customer table: column {column!r} has missing values for "
            f"{table.index[np.isnan(values)][:5].tolist()}; grading needs a value for everyone."
        )
    order = rank_order(values, money=False)
    keep = [c for c in ("profit",) if c in table.columns]  # only what the results carry
    return table[keep].iloc[order], values[order], np.arange(1, len(order) + 1)


def _result(ranked: pd.DataFrame, columns: dict) -> pd.DataFrame:
    result = pd.DataFrame(columns, index=ranked.index)
    if "profit" in ranked.columns and "profit" not in result.columns:
        result["profit"] = ranked["profit"].to_numpy()
    return result


def _grades(codes: np.ndarray, labels: Sequence[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=list(labels), ordered=True)


def abc_grade_by_threshold(
    customers: pd.DataFrame,
    *,
    column: str = "monetary",
    thresholds: Sequence[float] = (5_000_000, 1_000_000),
    labels: Sequence[str] = ("A", "B", "C"),
) -> pd.DataFrame:
    """ABC grades by fixed amounts: A if value >= thresholds[0], B if >= thresholds[1], ...

    Thresholds depend on the market; pass them from largest to smallest, one fewer than
    the labels. Columns: ``value, rank, grade``; sorted by rank.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3"],
    ...                   "monetary": [6_000_000.0, 1_000_000.0, 999_999.99]})
    >>> abc_grade_by_threshold(t)["grade"].tolist()
    ['A', 'B', 'C']
    """
    thresholds = list(thresholds)
    if len(labels) != len(thresholds) + 1:
        raise DataError(
            f"give one more label than thresholds: {len(thresholds)} thresholds need "
            f"{len(thresholds) + 1} labels, got {list(labels)}"
        )
    if any(a < b for a, b in zip(thresholds, thresholds[1:], strict=False)):
        raise DataError(f"thresholds must go from largest to smallest, got {thresholds}")
    ranked, cents, ranks = _ranked(by_customer(customers), column)
    codes = np.zeros(len(cents), dtype=np.int64)
    for limit in thresholds:  # a few thresholds, not customers
        codes += cents < np.rint(limit * 100.0)
    return _result(
        ranked, {"value": from_cents(cents), "rank": ranks, "grade": _grades(codes, labels)}
    )


def abc_grade_by_share(
    customers: pd.DataFrame,
    *,
    column: str = "monetary",
    cutoffs: Sequence[float] = (0.80, 0.95),
    labels: Sequence[str] = ("A", "B", "C"),
) -> pd.DataFrame:
    """Pareto ABC grades by cumulative share of revenue (二八法则).

    Customers are ranked largest first; each is graded by the cumulative share of the
    customers BEFORE it: below cutoffs[0] -> A (so the customer that crosses 80% is still
    A), below cutoffs[1] -> B, else C. Customers with zero or negative values fall in the
    last grade. Columns: ``value, rank, share, cumulative_share, grade``.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
    ...                   "monetary": [70.0, 20.0, 6.0, 4.0]})
    >>> abc_grade_by_share(t)[["cumulative_share", "grade"]]
                 cumulative_share grade
    customer_id
    C1                       0.70     A
    C2                       0.90     A
    C3                       0.96     B
    C4                       1.00     C
    """
    cutoffs = list(cutoffs)
    if len(labels) != len(cutoffs) + 1:
        raise DataError(f"give one more label than cutoffs, got {list(labels)} for {cutoffs}")
    if sorted(cutoffs) != cutoffs or not all(0 < c <= 1 for c in cutoffs):
        raise DataError(f"cutoffs must rise and lie in (0, 1], got {cutoffs}")
    ranked, cents, ranks = _ranked(by_customer(customers), column)
    total = cents.sum()
    if len(cents) and total <= 0:
        raise DataError(f"column {column!r} sums to {total / 100}; shares need a positive total.")
    running = np.cumsum(cents)
    before = safe_divide(running - cents, total)
    codes = np.searchsorted(np.asarray(cutoffs), before, side="right")
    return _result(
        ranked,
        {
            "value": from_cents(cents),
            "rank": ranks,
            "share": safe_divide(cents, total),
            "cumulative_share": safe_divide(running, total),
            "grade": _grades(codes, labels),
        },
    )


def grade_by_rank(
    customers: pd.DataFrame,
    *,
    column: str = "monetary",
    top: Sequence[float] = (0.01, 0.20, 0.50),
    labels: Sequence[str] = ("VIP", "A", "B", "C"),
) -> pd.DataFrame:
    """Grades by rank percentage: the first ceil(top[0] * n) customers are VIP, and so on.

    ``top`` holds cumulative shares of customers (VIP = top 1%). At least one customer
    gets the first grade whenever top[0] > 0. Columns: ``value, rank, rank_share, grade``.

    >>> t = pd.DataFrame({"customer_id": [f"C{i:02d}" for i in range(10)],
    ...                   "monetary": [float(v) for v in range(10, 0, -1)]})
    >>> grade_by_rank(t, top=(0.1, 0.3), labels=("VIP", "A", "B"))["grade"].tolist()
    ['VIP', 'A', 'A', 'B', 'B', 'B', 'B', 'B', 'B', 'B']
    """
    top = list(top)
    if len(labels) != len(top) + 1:
        raise DataError(f"give one more label than shares in top, got {list(labels)} for {top}")
    if sorted(top) != top or not all(0 <= t <= 1 for t in top):
        raise DataError(f"top must hold rising shares of customers in [0, 1], got {top}")
    ranked, cents, ranks = _ranked(by_customer(customers), column)
    n = len(ranks)
    counts = np.array([ceil_count(t, n) for t in top])
    codes = np.searchsorted(counts, ranks, side="left")
    return _result(
        ranked,
        {
            "value": from_cents(cents),
            "rank": ranks,
            "rank_share": ranks / max(n, 1),
            "grade": _grades(codes, labels),
        },
    )


def regrade_by_potential(
    grades: pd.DataFrame,
    potential: pd.Series | pd.DataFrame,
    *,
    rules: pd.DataFrame | None = None,
    grade: str = "grade",
) -> pd.DataFrame:
    """Move customers between grades by their development potential (发展潜力).

    ``potential``: a Series indexed by customer_id, or a customers table with a
    ``potential`` column ("high"/"medium"/"low"). ``rules``: rows of (grade, potential,
    new_grade), default :data:`DEFAULT_POTENTIAL_RULES`. Adds ``potential, base_grade``,
    replaces ``grade`` and adds ``change`` ("up"/"down"/"same"). Customers without a
    potential rating keep their grade.

    >>> g = pd.DataFrame({"customer_id": ["C1", "C2", "C3"],
    ...                   "grade": pd.Categorical(["A", "B", "C"], ordered=True)})
    >>> p = pd.Series(["high", "low", "high"], index=["C1", "C2", "C3"])
    >>> regrade_by_potential(g, p)[["base_grade", "grade", "change"]]
                base_grade grade change
    customer_id
    C1                   A     A   same
    C2                   B     C   down
    C3                   C     A     up
    """
    table = by_customer(grades)
    if grade not in table.columns:
        raise DataError(f"column {grade!r} not found; grade the customers first (grading.*).")
    if isinstance(potential, pd.DataFrame):
        potential = by_customer(potential)
        if "potential" not in potential.columns:
            raise DataError("customers table: column 'potential' not found; map your rating.")
        potential = potential["potential"]
    rules = DEFAULT_POTENTIAL_RULES if rules is None else rules
    missing = [c for c in ("grade", "potential", "new_grade") if c not in rules.columns]
    if missing:
        raise DataError(f"potential rules: columns {missing} not found (see DEFAULT_...).")
    base = table[grade]
    labels = (
        list(base.cat.categories)
        if isinstance(base.dtype, pd.CategoricalDtype)
        else sorted(base.dropna().astype(str).unique())
    )
    pot = pd.Series(potential).reindex(table.index)
    lookup = {
        (str(r.grade), str(r.potential)): str(r.new_grade) for r in rules.itertuples(index=False)
    }
    keys = pd.Series(list(zip(base.astype(str), pot.astype(str), strict=True)), index=table.index)
    new = keys.map(lookup).fillna(base.astype(str))
    unknown = sorted(set(new) - set(labels))
    if unknown:
        raise DataError(f"potential rules name grades {unknown} that are not among {labels}.")
    position = {label: i for i, label in enumerate(labels)}
    before = base.astype(str).map(position).to_numpy()
    after = new.map(position).to_numpy()
    result = table.copy()
    result["potential"] = pot
    result["base_grade"] = pd.Categorical(base.astype(str), categories=labels, ordered=True)
    result[grade] = pd.Categorical(new, categories=labels, ordered=True)
    result["change"] = np.where(after < before, "up", np.where(after > before, "down", "same"))
    return result


def five_tier_grades(
    customers: pd.DataFrame,
    *,
    revenue: str = "monetary",
    profit: str = "profit",
    loyalty: str = "frequency",
    blue: float = 0.05,
    green: float = 0.20,
    loyal_min: float | None = None,
) -> pd.DataFrame:
    """Five tiers (the bank example): blue, green, red, transfer, exit.

    Rules, in order: ``exit`` = no profit or a loss (profit <= 0); ``blue`` = among the
    first ceil(blue * n) customers by profit or by revenue (very high benefit or fee
    income); ``green`` = among the first ceil(green * n) by profit or revenue; the other
    profitable customers are ``red`` when loyal (``loyalty`` >= ``loyal_min``, default the
    median) - simple needs, low profit, loyal - else ``transfer``. Customers with unknown
    profit get no tier (NaN). Needs profit. Columns: ``revenue, profit, loyalty, tier``,
    sorted by profit rank.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4", "C5"],
    ...     "monetary": [900.0, 300.0, 100.0, 80.0, 50.0],
    ...     "profit": [200.0, 60.0, 10.0, 5.0, -3.0], "frequency": [9, 6, 8, 1, 2]})
    >>> five_tier_grades(t, blue=0.2, green=0.4)["tier"].tolist()
    ['blue', 'green', 'red', 'transfer', 'exit']
    """
    table = by_customer(customers)
    if profit not in table.columns or table[profit].isna().all():
        raise DataError(
            f"five-tier grading needs profit (column {profit!r}); profit analyses need a "
            "cost column in the orders: load orders with cost, then customer_summary."
        )
    n = len(table)
    rev = to_cents(numeric_column(table, revenue))
    prof = to_cents(numeric_column(table, profit))
    loyal_values = numeric_column(table, loyalty)
    threshold = float(np.nanmedian(loyal_values)) if loyal_min is None else loyal_min
    by_profit = ranks_from_order(rank_order(prof, money=False))
    by_revenue = ranks_from_order(rank_order(rev, money=False))
    n_blue, n_green = ceil_count(blue, n), ceil_count(green, n)
    codes = np.where(loyal_values >= threshold, 2, 3)
    codes = np.where((by_profit <= n_green) | (by_revenue <= n_green), 1, codes)
    codes = np.where((by_profit <= n_blue) | (by_revenue <= n_blue), 0, codes)
    codes = np.where(prof <= 0, 4, codes)
    codes = np.where(np.isnan(prof), -1, codes)
    result = pd.DataFrame(
        {
            "revenue": from_cents(rev),
            "profit": from_cents(prof),
            "loyalty": loyal_values,
            "tier": _grades(codes, FIVE_TIERS),
        },
        index=table.index,
    )
    return result.iloc[np.argsort(by_profit, kind="stable")]


def grade_migration(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    grade: str = "grade",
    normalize: bool = False,
) -> pd.DataFrame:
    """Transition table of grades between two periods (动态细分): rows before, columns after.

    Customers only in ``after`` appear in the row "new"; customers only in ``before`` in
    the column "lost". ``normalize=True`` gives each row's shares.

    >>> b = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "grade": ["A", "B", "B"]})
    >>> a = pd.DataFrame({"customer_id": ["C1", "C2", "C4"], "grade": ["B", "B", "A"]})
    >>> grade_migration(b, a)
    grade_after   A  B  lost
    grade_before
    A             0  1     0
    B             0  1     1
    new           1  0     0
    """
    old, new = by_customer(before), by_customer(after)
    for name, t in (("before", old), ("after", new)):
        if grade not in t.columns:
            raise DataError(f"{name} table: column {grade!r} not found; grade both periods.")
    labels: list[str] = []
    for series in (old[grade], new[grade]):
        if isinstance(series.dtype, pd.CategoricalDtype):
            cats = [str(c) for c in series.cat.categories]
        else:
            cats = sorted(series.dropna().astype(str).unique())
        labels += [c for c in cats if c not in labels]
    joined = pd.concat(
        [
            old[grade].astype(str).rename("grade_before"),
            new[grade].astype(str).rename("grade_after"),
        ],
        axis=1,
    )
    rows = pd.Categorical(joined["grade_before"].fillna("new"), categories=labels + ["new"])
    cols = pd.Categorical(joined["grade_after"].fillna("lost"), categories=labels + ["lost"])
    table = pd.crosstab(
        pd.Series(rows, name="grade_before"),
        pd.Series(cols, name="grade_after"),
        dropna=False,
    )
    if normalize:
        table = table.div(table.sum(axis=1).replace(0, np.nan), axis=0).fillna(0.0)
    return table


def _grade_groups(table: pd.DataFrame, grade: str):
    if grade not in table.columns:
        raise DataError(f"column {grade!r} not found; grade the customers first (grading.*).")
    series = table[grade]
    if not isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype("category")
    return series


def resource_allocation_table(
    grades: pd.DataFrame,
    resources: str | pd.Series | Mapping[str, float],
    *,
    grade: str = "grade",
    revenue: str = "value",
    profit: str = "profit",
) -> pd.DataFrame:
    """Each grade's share of customers, revenue, profit and of a resource (service hours...).

    ``resources``: a column of ``grades``, a Series per customer_id, or a mapping
    grade -> amount. ``resource_per_revenue`` = resource_share / revenue_share: above 1
    the grade gets more of the resource than its revenue share (over-served), below 1
    less. Profit columns are NaN when ``grades`` has no profit.

    >>> g = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "value": [80.0, 15.0, 5.0],
    ...                   "grade": pd.Categorical(["A", "B", "C"], ordered=True)})
    >>> resource_allocation_table(g, {"A": 10, "B": 30, "C": 60})[
    ...     ["revenue_share", "resource_share", "resource_per_revenue"]]
           revenue_share  resource_share  resource_per_revenue
    grade
    A               0.80             0.1                 0.125
    B               0.15             0.3                 2.000
    C               0.05             0.6                12.000
    """
    table = by_customer(grades)
    groups = _grade_groups(table, grade)
    cents = pd.Series(to_cents(numeric_column(table, revenue)), index=table.index)
    result = pd.DataFrame(
        {
            "customers": cents.groupby(groups, observed=False).size(),
            "revenue": cents.groupby(groups, observed=False).sum(),
        }
    )
    if profit in table.columns:
        prof = pd.Series(to_cents(numeric_column(table, profit)), index=table.index)
        result["profit"] = prof.groupby(groups, observed=False).sum(min_count=1)
    else:
        result["profit"] = np.nan
    if isinstance(resources, str):
        amount = pd.Series(numeric_column(table, resources), index=table.index)
        result["resource"] = amount.groupby(groups, observed=False).sum()
    elif isinstance(resources, pd.Series):
        amount = resources.reindex(table.index).fillna(0.0).astype(float)
        result["resource"] = amount.groupby(groups, observed=False).sum()
    else:
        unknown = sorted(set(map(str, resources)) - set(map(str, result.index)))
        if unknown:
            raise DataError(f"resources name grades {unknown} not among {list(result.index)}")
        result["resource"] = [float(resources.get(g, 0.0)) for g in result.index]
    result["customer_share"] = safe_divide(result["customers"], result["customers"].sum())
    result["revenue_share"] = safe_divide(result["revenue"], result["revenue"].sum())
    result["profit_share"] = safe_divide(result["profit"], result["profit"].sum())
    result["resource_share"] = safe_divide(result["resource"], result["resource"].sum())
    result["resource_per_revenue"] = safe_divide(result["resource_share"], result["revenue_share"])
    result["revenue"] = from_cents(result["revenue"].to_numpy())
    result["profit"] = from_cents(result["profit"].to_numpy())
    result.index.name = "grade"
    return result[
        [
            "customers",
            "customer_share",
            "revenue",
            "revenue_share",
            "profit",
            "profit_share",
            "resource",
            "resource_share",
            "resource_per_revenue",
        ]
    ]


def pyramid_table(
    grades: pd.DataFrame, *, grade: str = "grade", value: str = "profit"
) -> pd.DataFrame:
    """Customer-count pyramid vs profit pyramid: each grade's share of customers and of value.

    Top grade first. With ABC grades the count shares usually grow down the table (a
    pyramid) while the value shares shrink (the inverted profit pyramid).

    >>> g = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
    ...                   "grade": pd.Categorical(["A", "B", "B", "C"], ordered=True),
    ...                   "profit": [60.0, 20.0, 15.0, 5.0]})
    >>> pyramid_table(g)
           customers  customer_share  value  value_share
    grade
    A              1            0.25   60.0         0.60
    B              2            0.50   35.0         0.35
    C              1            0.25    5.0         0.05
    """
    table = by_customer(grades)
    groups = _grade_groups(table, grade)
    cents = pd.Series(to_cents(numeric_column(table, value)), index=table.index)
    grouped = cents.groupby(groups, observed=False)
    result = pd.DataFrame({"customers": grouped.size(), "value": grouped.sum(min_count=1)})
    result.insert(1, "customer_share", safe_divide(result["customers"], len(table)))
    result["value_share"] = safe_divide(result["value"], np.nansum(cents))
    result["value"] = from_cents(result["value"].to_numpy())
    result.index.name = "grade"
    return result


def _nonnegative(customers: pd.DataFrame, column: str) -> np.ndarray:
    values = to_cents(numeric_column(by_customer(customers), column))
    if np.isnan(values).any():
        if column == "profit":
            raise DataError(
                "profit is unknown for some customers; profit analyses need a cost column "
                "for every order line (or pass column='monetary')."
            )
        raise DataError(f"column {column!r} has missing values; fill or drop them first.")
    if (values < 0).any():
        raise DataError(
            f"column {column!r} has negative values; the Lorenz curve and Gini coefficient "
            "need values >= 0 (use revenue, or keep only profitable customers)."
        )
    if len(values) == 0 or values.sum() == 0:
        raise DataError(f"column {column!r} sums to 0; there is no concentration to measure.")
    return np.sort(values)


def lorenz_curve(customers: pd.DataFrame, *, column: str = "monetary") -> pd.DataFrame:
    """Lorenz curve points: share of customers (smallest first) vs their share of value.

    n + 1 rows from (0, 0) to (1, 1). The further the curve sags below the diagonal, the
    more the value is concentrated in a few customers.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
    ...                   "monetary": [10.0, 10.0, 20.0, 60.0]})
    >>> lorenz_curve(t)
       customer_share  value_share
    0            0.00          0.0
    1            0.25          0.1
    2            0.50          0.2
    3            0.75          0.4
    4            1.00          1.0
    """
    values = _nonnegative(customers, column)
    n = len(values)
    running = np.concatenate([[0.0], np.cumsum(values)])
    return pd.DataFrame(
        {"customer_share": np.arange(n + 1) / n, "value_share": running / running[-1]}
    )


def gini_coefficient(customers: pd.DataFrame, *, column: str = "monetary") -> float:
    """Gini coefficient of value across customers: 0 = all equal, 1 - 1/n = one has all.

    Twice the area between the diagonal and the Lorenz curve.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
    ...                   "monetary": [10.0, 10.0, 20.0, 60.0]})
    >>> gini_coefficient(t)
    0.4
    """
    values = _nonnegative(customers, column)
    n = len(values)
    weighted = np.dot(np.arange(1, n + 1, dtype=np.float64), values)
    return round(float(2.0 * weighted / (n * values.sum()) - (n + 1) / n), 12)
