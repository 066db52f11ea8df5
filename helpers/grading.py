"""ABC grading (ABC分类法), tiers, migration, resource allocation and concentration.

Grading ranks customers by their value to the company so that resources (visits,
service hours, discounts) can follow value. Every function takes a customer table (one
row per customer, indexed by or holding ``customer_id``, e.g. the output of
:func:`helpers.profiling.customer_summary`) or a table another function here computed,
and returns a new DataFrame (or a number).

Rankings compare amounts rounded to cents, larger first, and break ties by
customer_id, so a grade never depends on row order. "The top 5% of n customers" is
always the first ceil(0.05 * n) of them. Grades are ordered Categoricals, best first, so
tables keep grades that happen to be empty. Grading outputs carry the input's
``profit`` column when it has one (for :func:`resource_allocation_table`,
:func:`grade_summary` and :func:`pyramid_table`).

The sections of the module follow lesson 03: grades (by amount, share, rank, potential,
the five tiers), the tables read from grades (summary, pyramids, resources, migration)
and the concentration measures shared with lessons 01 and 04 (Lorenz curve, Gini
coefficient, the share of the top customers, the 80/20 verdict).
"""

from __future__ import annotations

import math
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
from helpers.glossary import value_label
from helpers.i18n import tr
from helpers.params import PARAMETERS
from helpers.schema import DataError

__all__ = [
    "DEFAULT_POTENTIAL_RULES",
    "FIVE_TIERS",
    "PARETO_VERDICTS",
    "abc_grade_by_threshold",
    "abc_grade_by_share",
    "round_to_one_figure",
    "thresholds_from_cutoffs",
    "grade_by_rank",
    "regrade_by_potential",
    "five_tier_grades",
    "grade_summary",
    "pyramid_table",
    "pyramid_shape",
    "resource_allocation_table",
    "adjusted_plan",
    "effort_gaps",
    "plan_comparison",
    "effort_in_line",
    "plan_basis",
    "grade_migration",
    "migration_summary",
    "customers_to_reach",
    "lorenz_curve",
    "gini_from_curve",
    "gini_coefficient",
    "top_share_from_curve",
    "top_share_by_group",
    "pareto_verdict",
]

_PARETO_CUTOFFS = tuple(PARAMETERS["pareto_cutoffs"].default)
_PARETO_BAND = tuple(PARAMETERS["pareto_band"].default)
_PARETO_TOP = PARAMETERS["pareto_top"].default

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
    cutoffs: Sequence[float] = _PARETO_CUTOFFS,
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


def round_to_one_figure(amount: float) -> float:
    """An amount rounded to one significant figure, halves up: an easy rule to remember.

    >>> round_to_one_figure(13_358), round_to_one_figure(3_093), round_to_one_figure(2_500)
    (10000.0, 3000.0, 3000.0)
    >>> round_to_one_figure(0.0), round_to_one_figure(-5.0)
    (0.0, 0.0)
    """
    amount = float(amount)
    if not amount > 0 or not math.isfinite(amount):
        return 0.0
    scale = 10.0 ** math.floor(math.log10(amount))
    return float(math.floor(amount / scale + 0.5) * scale)


def thresholds_from_cutoffs(
    customers: pd.DataFrame,
    *,
    cutoffs: Sequence[float] = _PARETO_CUTOFFS,
    column: str = "monetary",
) -> tuple[float, ...]:
    """Fixed grading amounts derived from the data: one per Pareto cut-off.

    For each cut-off, the value of the smallest customer of that Pareto grade (the last
    one graded by :func:`abc_grade_by_share` before the cut-off), rounded to one
    significant figure (:func:`round_to_one_figure`). Pass them to
    :func:`abc_grade_by_threshold`. Rounding can make two amounts equal: the grade
    between them is then empty.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
    ...                   "monetary": [7_300.0, 1_400.0, 870.0, 430.0]})
    >>> thresholds_from_cutoffs(t)  # A: C1, C2 (before 73% < 80%); B: C3 (87% < 95%)
    (1000.0, 900.0)
    """
    graded = abc_grade_by_share(customers, column=column, cutoffs=cutoffs)
    values = graded["value"].to_numpy()
    codes = graded["grade"].cat.codes.to_numpy()
    found = []
    for position in range(len(cutoffs)):  # two or three cut-offs, not customers
        inside = int((codes <= position).sum())  # graded in rank order: a prefix
        found.append(round_to_one_figure(values[inside - 1]) if inside else 0.0)
    return tuple(found)


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
        raise DataError(
            f"column {grade!r} not found; grade the customers first, for example with "
            "grading.abc_grade_by_share(customers)."
        )
    if isinstance(potential, pd.DataFrame):
        potential = by_customer(potential)
        if "potential" not in potential.columns:
            raise DataError(
                "customers table: column 'potential' not found; map the column that holds "
                "your high/medium/low rating to 'potential' (column_mapping), or pass a "
                "Series of ratings indexed by customer_id."
            )
        potential = potential["potential"]
    rules = DEFAULT_POTENTIAL_RULES if rules is None else rules
    missing = [c for c in ("grade", "potential", "new_grade") if c not in rules.columns]
    if missing:
        raise DataError(
            f"potential rules: columns {missing} not found; the rules table needs the columns "
            "grade, potential and new_grade, like grading.DEFAULT_POTENTIAL_RULES."
        )
    base = table[grade]
    labels = (
        list(base.cat.categories)
        if isinstance(base.dtype, pd.CategoricalDtype)
        else sorted(base.dropna().astype(str).unique())
    )
    pot = pd.Series(potential).reindex(table.index)
    lookup = pd.Series(
        rules["new_grade"].astype(str).to_numpy(),
        index=pd.MultiIndex.from_arrays(
            [rules["grade"].astype(str), rules["potential"].astype(str)]
        ),
    )
    if lookup.index.has_duplicates:
        raise DataError("potential rules: a (grade, potential) pair appears twice; keep one rule.")
    keys = pd.MultiIndex.from_arrays([base.astype(str), pot.astype(str)])
    found = lookup.reindex(keys).to_numpy()
    new = pd.Series(np.where(pd.isna(found), base.astype(str), found), index=table.index)
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
    # English labels, written as tr() calls so that the displayed table can translate them
    up, down, same = (
        tr("up", domain="tables"),
        tr("down", domain="tables"),
        tr("same", domain="tables"),
    )
    result["change"] = np.where(after < before, up, np.where(after > before, down, same))
    return result


def five_tier_grades(
    customers: pd.DataFrame,
    *,
    revenue: str = "monetary",
    profit: str = "profit",
    loyalty: str = "frequency",
    blue: float = PARAMETERS["blue_share"].default,
    green: float = PARAMETERS["green_share"].default,
    loyal_min: float | None = None,
) -> pd.DataFrame:
    """Five tiers (the bank example, 五级客户): blue, green, red, transfer, exit.

    Customers are ranked by profit (ties by customer_id); n is the number of customers
    whose profit is known. Rules, in order: ``exit`` = no profit or a loss (profit <= 0);
    ``blue`` = the first ceil(blue * n) customers by profit (very high benefit); ``green``
    = the rest of the first ceil(green * n); the other profitable customers are ``red``
    when loyal (``loyalty`` >= ``loyal_min``, default the median of all customers: simple
    needs, low profit, loyal), else ``transfer``. So blue holds exactly ceil(blue * n)
    customers unless fewer than that make a profit. Customers with unknown profit get no
    tier (NaN). Columns: ``revenue, profit, loyalty, tier``, sorted by profit rank.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4", "C5"],
    ...     "monetary": [900.0, 300.0, 100.0, 80.0, 50.0],
    ...     "profit": [200.0, 60.0, 10.0, 5.0, -3.0], "frequency": [9, 6, 8, 1, 2]})
    >>> five_tier_grades(t, blue=0.2, green=0.4)["tier"].tolist()
    ['blue', 'green', 'red', 'transfer', 'exit']
    """
    table = by_customer(customers)
    if profit not in table.columns or table[profit].isna().all():
        raise DataError(
            f"five-tier grading needs profit (column {profit!r}); profit comes from a cost "
            "(or profit) column in the orders: load orders with cost, then "
            "profiling.customer_summary computes profit."
        )
    rev = to_cents(numeric_column(table, revenue))
    prof = to_cents(numeric_column(table, profit))
    loyal_values = numeric_column(table, loyalty)
    threshold = float(np.nanmedian(loyal_values)) if loyal_min is None else loyal_min
    by_profit = ranks_from_order(rank_order(prof, money=False))
    known = int((~np.isnan(prof)).sum())
    n_blue, n_green = ceil_count(blue, known), ceil_count(green, known)
    codes = np.where(loyal_values >= threshold, 2, 3)
    codes = np.where(by_profit <= n_green, 1, codes)
    codes = np.where(by_profit <= n_blue, 0, codes)
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


# --- tables read from grades ------------------------------------------------------------


def _grade_groups(table: pd.DataFrame, grade: str) -> pd.Series:
    if grade not in table.columns:
        raise DataError(
            f"column {grade!r} not found; grade the customers first, for example with "
            "grading.abc_grade_by_share(customers), or pass grade='<your grade column>'."
        )
    series = table[grade]
    if not isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype("category")
    return series


def _sums(groups: pd.Series, cents: np.ndarray, *, min_count: int = 0) -> np.ndarray:
    """Per-grade sums of ``cents`` (NaN left out; NaN when fewer than ``min_count`` known)."""
    codes = groups.cat.codes.to_numpy()
    size = len(groups.cat.categories)
    keep = (codes >= 0) & ~np.isnan(cents)
    total = np.bincount(codes[keep], weights=cents[keep], minlength=size)
    if min_count:
        known = np.bincount(codes[keep], minlength=size)
        total = np.where(known >= min_count, total, np.nan)
    return total


def grade_summary(
    grades: pd.DataFrame,
    *,
    grade: str = "grade",
    revenue: str = "value",
    profit: str = "profit",
) -> pd.DataFrame:
    """Each grade's customers, revenue and profit, with their shares (empty grades kept).

    ``grades`` is one row per customer with a grade column: the output of
    :func:`abc_grade_by_share` (revenue = ``value``), :func:`five_tier_grades`
    (``grade="tier", revenue="revenue"``), ``deciles.profitable_groups``... Columns:
    ``customers, customer_share, revenue, revenue_share, smallest`` (the smallest
    revenue in the grade), ``profit, profit_share, margin`` (profit / revenue; profit
    columns are NaN without a profit column). Shares are of all graded customers.

    >>> g = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "value": [60.0, 30.0, 10.0],
    ...     "profit": [6.0, 6.0, -2.0], "grade": pd.Categorical(["A", "B", "B"], ["A", "B", "C"])})
    >>> grade_summary(g)[["customers", "revenue_share", "smallest", "profit_share", "margin"]]
           customers  revenue_share  smallest  profit_share  margin
    grade
    A              1            0.6      60.0           0.6    0.10
    B              2            0.4      10.0           0.4    0.10
    C              0            0.0       NaN           0.0     NaN
    """
    table = by_customer(grades)
    groups = _grade_groups(table, grade)
    rev = to_cents(numeric_column(table, revenue))
    codes = groups.cat.codes.to_numpy()
    size = len(groups.cat.categories)
    count = np.bincount(codes[codes >= 0], minlength=size)
    rev_sum = _sums(groups, rev)
    smallest = np.full(size, np.inf)
    np.minimum.at(smallest, codes[codes >= 0], rev[codes >= 0])
    smallest = np.where(count > 0, smallest, np.nan)
    if profit in table.columns:
        prof = to_cents(numeric_column(table, profit))
        prof_sum = _sums(groups, prof, min_count=1)
        prof_sum = np.where(count == 0, 0.0, prof_sum)
    else:
        prof_sum = np.full(size, np.nan)
    result = pd.DataFrame(
        {
            "customers": count,
            "customer_share": safe_divide(count, count.sum()),
            "revenue": from_cents(rev_sum),
            "revenue_share": safe_divide(rev_sum, rev_sum.sum()),
            "smallest": from_cents(smallest),
            "profit": from_cents(prof_sum),
            "profit_share": safe_divide(prof_sum, np.nansum(prof_sum)),
            "margin": safe_divide(prof_sum, rev_sum),
        },
        index=pd.CategoricalIndex(
            groups.cat.categories, categories=groups.cat.categories, ordered=True, name=grade
        ),
    )
    if np.isnan(prof_sum).all():
        result[["profit_share", "margin"]] = np.nan
    return result


def pyramid_table(
    grades: pd.DataFrame, *, grade: str = "grade", value: str = "profit"
) -> pd.DataFrame:
    """Each grade's share of customers beside its share of value (profit or revenue).

    Top grade first. The textbook expects a customer-count pyramid (count shares growing
    down the table) and an inverted profit pyramid (value shares shrinking);
    :func:`pyramid_shape` says whether the data has them.

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
    cents = to_cents(numeric_column(table, value))
    codes = groups.cat.codes.to_numpy()
    count = np.bincount(codes[codes >= 0], minlength=len(groups.cat.categories))
    sums = _sums(groups, cents, min_count=1)
    sums = np.where(count == 0, 0.0, sums)
    result = pd.DataFrame(
        {
            "customers": count,
            "customer_share": safe_divide(count, len(table)),
            "value": from_cents(sums),
            "value_share": safe_divide(sums, np.nansum(cents)),
        },
        index=pd.CategoricalIndex(
            groups.cat.categories, categories=groups.cat.categories, ordered=True, name=grade
        ),
    )
    return result


def pyramid_shape(pyramid: pd.DataFrame) -> pd.Series:
    """Does the data have the textbook's two pyramids? (客户数量金字塔, 客户利润倒金字塔)

    ``count_pyramid``: the share of customers never shrinks from the top grade down and
    the bottom grade holds more customers than the top one (few at the top, many at the
    bottom). ``value_inverted``: the share of value never grows from the top grade down
    and the top grade holds more than the bottom one (most of the value at the top).
    ``pyramid`` is :func:`pyramid_table` output, top grade first.

    >>> p = pd.DataFrame({"customer_share": [0.2, 0.3, 0.5], "value_share": [0.8, 0.15, 0.05]},
    ...                  index=["A", "B", "C"])
    >>> pyramid_shape(p).to_dict()
    {'count_pyramid': True, 'value_inverted': True}
    >>> pyramid_shape(p.assign(customer_share=[0.6, 0.25, 0.15])).to_dict()
    {'count_pyramid': False, 'value_inverted': True}
    """
    for column in ("customer_share", "value_share"):
        if column not in pyramid.columns:
            raise DataError(
                f"pyramid table: column {column!r} not found; compute it with "
                "grading.pyramid_table(grades)."
            )
    count = pyramid["customer_share"].to_numpy(dtype=float)
    value = pyramid["value_share"].to_numpy(dtype=float)
    enough = len(count) >= 2
    return pd.Series(
        {
            "count_pyramid": bool(enough and (np.diff(count) >= 0).all() and count[-1] > count[0]),
            "value_inverted": bool(enough and (np.diff(value) <= 0).all() and value[0] > value[-1]),
        }
    )


def resource_allocation_table(
    grades: pd.DataFrame,
    resources: str | pd.Series | Mapping[str, float],
    *,
    grade: str = "grade",
    revenue: str = "value",
    profit: str = "profit",
) -> pd.DataFrame:
    """Each grade's share of customers, revenue, profit and of a resource (资源分配表).

    ``resources``: a column of ``grades``, a Series per customer_id, or a mapping
    grade -> amount (service hours, or shares of them). ``resource_per_revenue`` =
    resource_share / revenue_share: above 1 the grade gets more of the resource than
    its revenue share (over-served), below 1 less; ``resource_per_profit`` likewise
    (NaN without profit, or where the grade's profit share is not positive).

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
    summary = grade_summary(table, grade=grade, revenue=revenue, profit=profit)
    if isinstance(resources, str):
        amount = pd.Series(numeric_column(table, resources), index=table.index)
        resource = amount.groupby(groups, observed=False).sum().to_numpy()
    elif isinstance(resources, pd.Series):
        amount = resources.reindex(table.index).fillna(0.0).astype(float)
        resource = amount.groupby(groups, observed=False).sum().to_numpy()
    else:
        unknown = sorted(set(map(str, resources)) - set(map(str, summary.index)))
        if unknown:
            known = [str(g) for g in summary.index]
            raise DataError(f"resources name grades {unknown} that are not among {known}")
        resource = np.array([float(resources.get(str(g), 0.0)) for g in summary.index])
    result = summary[
        ["customers", "customer_share", "revenue", "revenue_share", "profit", "profit_share"]
    ].copy()
    result["resource"] = resource
    result["resource_share"] = safe_divide(resource, resource.sum())
    result["resource_per_revenue"] = safe_divide(result["resource_share"], result["revenue_share"])
    positive = result["profit_share"].to_numpy() > 0
    result["resource_per_profit"] = np.where(
        positive, safe_divide(result["resource_share"], result["profit_share"]), np.nan
    )
    return result


def adjusted_plan(
    allocation: pd.DataFrame,
    *,
    base_service: float = PARAMETERS["base_service"].default,
    value: str = "profit",
) -> pd.Series:
    """A resource plan that follows value: a basic share by head count, the rest by value.

    Each grade gets ``base_service`` x its share of customers (every customer's basic
    service) plus (1 - ``base_service``) x its share of ``value`` ("profit" or
    "revenue"). Grades that lose money get no value share (negative shares count as 0,
    the others are rescaled to sum to 1). ``allocation`` is
    :func:`resource_allocation_table` output; the result is a share per grade, for
    :func:`resource_allocation_table` again.

    >>> a = pd.DataFrame({"customer_share": [0.2, 0.3, 0.5], "profit_share": [0.9, 0.2, -0.1]},
    ...                  index=["A", "B", "C"])
    >>> adjusted_plan(a, base_service=0.2).round(4).to_dict()
    {'A': 0.6945, 'B': 0.2055, 'C': 0.1}
    """
    if value not in ("profit", "revenue"):
        raise DataError(f"value must be 'profit' or 'revenue', not {value!r}")
    if not 0 <= base_service <= 1:
        raise DataError(f"base_service must be a share from 0 to 1, not {base_service!r}")
    column = f"{value}_share"
    for name in ("customer_share", column):
        if name not in allocation.columns:
            raise DataError(
                f"allocation table: column {name!r} not found; compute it with "
                "grading.resource_allocation_table(grades, plan)."
            )
    weights = allocation[column].to_numpy(dtype=float)
    if np.isnan(weights).all():
        raise DataError(
            f"the plan cannot follow {value}: the allocation table has no {value} "
            "(profit needs a cost column); pass value='revenue'."
        )
    weights = np.clip(np.nan_to_num(weights), 0.0, None)
    if weights.sum() <= 0:
        raise DataError(f"no grade has a positive share of {value}; the plan cannot follow it.")
    weights = weights / weights.sum()
    count = allocation["customer_share"].to_numpy(dtype=float)
    plan = base_service * count + (1.0 - base_service) * weights
    return pd.Series(plan, index=allocation.index, name="resource_share")


def effort_gaps(allocation: pd.DataFrame, *, value: str = "revenue") -> pd.DataFrame:
    """How far each grade's share of resources is from its share of ``value``.

    ``ratio`` = resource share / value share (1 = in line); ``gap`` = the ratio or its
    inverse, whichever is at least 1 (2 = twice or half its share), infinite when a grade
    gets resources but brings no positive value. Empty grades get NaN.

    >>> a = pd.DataFrame({"customers": [2, 3, 5, 0], "resource_share": [0.25, 0.35, 0.4, 0.0],
    ...     "revenue_share": [0.7, 0.2, 0.1, 0.0]}, index=["A", "B", "C", "D"])
    >>> effort_gaps(a).round(3)
       ratio   gap
    A  0.357  2.80
    B  1.750  1.75
    C  4.000  4.00
    D    NaN   NaN
    """
    column = f"{value}_share"
    for name in ("customers", "resource_share", column):
        if name not in allocation.columns:
            raise DataError(
                f"allocation table: column {name!r} not found; compute it with "
                "grading.resource_allocation_table(grades, plan)."
            )
    resource = allocation["resource_share"].to_numpy(dtype=float)
    share = allocation[column].to_numpy(dtype=float)
    present = allocation["customers"].to_numpy() > 0
    ratio = np.where(share > 0, safe_divide(resource, share), np.nan)
    with np.errstate(divide="ignore"):
        gap = np.where(ratio >= 1, ratio, 1.0 / ratio)
    gap = np.where(~(share > 0) & (resource > 0), np.inf, gap)
    gap = np.where(~(share > 0) & ~(resource > 0), 1.0, gap)
    return pd.DataFrame(
        {"ratio": np.where(present, ratio, np.nan), "gap": np.where(present, gap, np.nan)},
        index=allocation.index,
    )


def plan_comparison(
    current: pd.DataFrame, adjusted: pd.DataFrame, *, value: str = "revenue", lang: str = "en"
) -> pd.DataFrame:
    """The current and the adjusted share of hours of each grade, beside its share of
    ``value`` and the adjusted hours per value (:func:`effort_gaps` ratio), for display:
    the column headers are in ``lang``.

    ``current`` and ``adjusted`` are :func:`resource_allocation_table` for the same grades.

    >>> a = pd.DataFrame({"customers": [2, 8], "resource_share": [0.2, 0.8],
    ...     "revenue_share": [0.8, 0.2]}, index=pd.Index(["A", "B"], name="grade"))
    >>> b = a.assign(resource_share=[0.6, 0.4])
    >>> plan_comparison(a, b).round(2).to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'current hours share': [0.2, 0.8], 'adjusted hours share': [0.6, 0.4],
     'revenue share': [0.8, 0.2], 'adjusted hours per value': [0.75, 2.0]}
    >>> plan_comparison(a, b, lang="zh").columns.tolist()
    ['当前工时占比', '调整后工时占比', '销售额占比', '调整后工时与价值之比']
    """
    measure = value_label(value, lang)
    ratio = effort_gaps(adjusted, value=value)["ratio"]
    columns = {
        tr("current hours share", lang, domain="tables"): current["resource_share"],
        tr("adjusted hours share", lang, domain="tables"): adjusted["resource_share"],
        tr("{measure} share", lang, domain="tables", measure=measure): adjusted[f"{value}_share"],
        tr("adjusted hours per value", lang, domain="tables"): ratio,
    }
    return pd.DataFrame(columns)


def effort_in_line(
    allocation: pd.DataFrame, *, value: str = "revenue", tolerance: float = 0.25
) -> bool:
    """True when every grade's resource share is within ``tolerance`` of its value share.

    "Within 25%" means a ratio from 1/1.25 = 0.8 to 1.25 (:func:`effort_gaps`).

    >>> a = pd.DataFrame({"customers": [2, 8], "resource_share": [0.55, 0.45],
    ...                   "revenue_share": [0.6, 0.4]}, index=["A", "B"])
    >>> effort_in_line(a), effort_in_line(a, tolerance=0.1)
    (True, False)
    """
    gaps = effort_gaps(allocation, value=value)["gap"].dropna()
    return bool((gaps <= 1.0 + tolerance + 1e-12).all())


def plan_basis(allocation: pd.DataFrame, *, value: str = "revenue") -> str:
    """Whether a plan is closer to head count or to value: "head count" or "value".

    Compares the total distance of the resource shares from the customer shares with
    their distance from the ``value`` shares.

    >>> a = pd.DataFrame({"customer_share": [0.2, 0.3, 0.5], "resource_share": [0.25, 0.35, 0.4],
    ...                   "revenue_share": [0.8, 0.15, 0.05]}, index=["A", "B", "C"])
    >>> plan_basis(a), plan_basis(a.assign(resource_share=[0.7, 0.2, 0.1]))
    ('head count', 'value')
    """
    resource = allocation["resource_share"].to_numpy(dtype=float)
    to_count = np.nansum(np.abs(resource - allocation["customer_share"].to_numpy(dtype=float)))
    to_value = np.nansum(np.abs(resource - allocation[f"{value}_share"].to_numpy(dtype=float)))
    return "head count" if to_count < to_value else "value"


# --- migration ---------------------------------------------------------------------------


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


def migration_summary(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    grade: str = "grade",
    value: str = "value",
) -> pd.Series:
    """Counts of a grade migration: who moved up, who fell, the top grade's losses and gains.

    ``before``/``after`` are grade tables of two periods (e.g. :func:`abc_grade_by_share`
    outputs, best grade first). ``moved_up``/``fell``: customers in both periods whose
    grade rose/fell; ``fell_from_top``: those who fell from the top grade, and
    ``fell_from_top_value`` what they bought in the earlier period; ``lost_top``: top-grade
    customers of the earlier period with no purchase in the later one; ``new_top``:
    customers who bought only in the later period and went straight into the top grade.

    >>> b = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"], "value": [50.0, 30, 15, 5],
    ...                   "grade": pd.Categorical(list("ABCA"), ["A", "B", "C"])})
    >>> a = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C5"],
    ...                   "grade": pd.Categorical(list("BACA"), ["A", "B", "C"])})
    >>> s = migration_summary(b, a)
    >>> s[["moved_up", "fell", "fell_from_top", "lost_top", "new_top"]].tolist()
    [1, 1, 1, 1, 1]
    >>> s["fell_from_top_value"]  # C1 fell from A; it had bought 50
    50.0
    """
    old, new = by_customer(before), by_customer(after)
    labels = [str(c) for c in _grade_groups(old, grade).cat.categories]
    labels += [str(c) for c in _grade_groups(new, grade).cat.categories if str(c) not in labels]
    top = labels[0] if labels else None
    position = {label: i for i, label in enumerate(labels)}
    joined = pd.concat(
        [old[grade].astype(str).rename("before"), new[grade].astype(str).rename("after")],
        axis=1,
    )
    rank_before = joined["before"].map(position).to_numpy(dtype=float)
    rank_after = joined["after"].map(position).to_numpy(dtype=float)
    up = rank_after < rank_before
    down = rank_after > rank_before
    from_top = down & (joined["before"] == top).to_numpy()
    values = (
        pd.Series(to_cents(numeric_column(old, value)), index=old.index)
        .reindex(joined.index)
        .to_numpy()
        if value in old.columns
        else np.full(len(joined), np.nan)
    )
    return pd.Series(
        {
            "moved_up": int(up.sum()),
            "fell": int(down.sum()),
            "fell_from_top": int(from_top.sum()),
            "fell_from_top_value": float(from_cents(np.nansum(values[from_top]))),
            "lost_top": int(((joined["before"] == top) & joined["after"].isna()).sum()),
            "new_top": int((joined["before"].isna() & (joined["after"] == top)).sum()),
        },
        dtype=object,
    )


# --- concentration -----------------------------------------------------------------------


def customers_to_reach(ranked: pd.DataFrame, *, mark: float = 0.80) -> int:
    """How many of the largest customers it takes to reach ``mark`` of the total.

    ``ranked`` has a ``cumulative_share`` column in rank order (``abc_grade_by_share``
    or ``profiling.rank_customers`` output). With the Pareto cut-off as ``mark`` this
    is the number of A customers: the customer who crosses the mark is still A.

    >>> r = pd.DataFrame({"cumulative_share": [0.5, 0.8, 0.95, 1.0]})
    >>> customers_to_reach(r, mark=0.8), customers_to_reach(r, mark=0.81)
    (2, 3)
    """
    if "cumulative_share" not in ranked.columns:
        raise DataError(
            "ranked table: column 'cumulative_share' not found; rank the customers first "
            "with profiling.rank_customers(customers) or grading.abc_grade_by_share(customers)."
        )
    cumulative = ranked["cumulative_share"].to_numpy(dtype=float)
    if len(cumulative) == 0:
        return 0
    return int(min((cumulative < mark).sum() + 1, len(cumulative)))


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
            f"column {column!r} has negative values for {int((values < 0).sum())} customers; "
            "the Lorenz curve and Gini coefficient need values >= 0 (use revenue, or keep "
            "only profitable customers)."
        )
    if len(values) == 0 or values.sum() == 0:
        raise DataError(f"column {column!r} sums to 0; there is no concentration to measure.")
    return np.sort(values)


def lorenz_curve(customers: pd.DataFrame, *, column: str = "monetary") -> pd.DataFrame:
    """Lorenz curve (洛伦兹曲线) points: share of customers, smallest first, vs share of value.

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


def _curve_points(curve: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    for name in ("customer_share", "value_share"):
        if name not in curve.columns:
            raise DataError(
                f"Lorenz curve: column {name!r} not found; compute the curve with "
                "grading.lorenz_curve(customers)."
            )
    x = curve["customer_share"].to_numpy(dtype=float)
    y = curve["value_share"].to_numpy(dtype=float)
    return x, y


def gini_from_curve(curve: pd.DataFrame) -> float:
    """The Gini coefficient (基尼系数) of a Lorenz curve: 1 - 2 x the area under it.

    The area is summed in trapezoids, exact for the straight pieces of the curve. Every
    Gini coefficient of the course comes from here.

    >>> curve = pd.DataFrame({"customer_share": [0, 0.5, 1.0], "value_share": [0, 0.0, 1.0]})
    >>> gini_from_curve(curve)
    0.5
    """
    x, y = _curve_points(curve)
    area_twice = np.sum(np.diff(x) * (y[1:] + y[:-1]))
    return round(float(1.0 - area_twice), 12)


def gini_coefficient(customers: pd.DataFrame, *, column: str = "monetary") -> float:
    """Gini coefficient of value across customers: 0 = all equal, 1 - 1/n = one has all.

    The Gini of :func:`lorenz_curve` (:func:`gini_from_curve`).

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
    ...                   "monetary": [10.0, 10.0, 20.0, 60.0]})
    >>> gini_coefficient(t)
    0.4
    """
    return gini_from_curve(lorenz_curve(customers, column=column))


def top_share_from_curve(curve: pd.DataFrame, *, top: float = _PARETO_TOP) -> tuple[float, float]:
    """The point of a Lorenz curve where the top ``top`` of customers begin.

    Returns (share of customers below them, share of value the top customers bring),
    with the top customers counted as ceil(top x n), like :func:`top_share_by_group`.

    >>> curve = pd.DataFrame({"customer_share": [0, 0.25, 0.5, 0.75, 1.0],
    ...                       "value_share": [0, 0.05, 0.15, 0.4, 1.0]})
    >>> top_share_from_curve(curve, top=0.2)  # ceil(0.8) = 1 customer: the last 60%
    (0.75, 0.6)
    """
    x, y = _curve_points(curve)
    n = len(x) - 1
    if n < 1:
        raise DataError("Lorenz curve: it needs at least one customer (two points).")
    below = n - ceil_count(top, n)
    return float(x[below]), round(float(1.0 - y[below]), 12)


def top_share_by_group(
    customers: pd.DataFrame,
    *,
    column: str = "monetary",
    by: str | pd.Series | None = None,
    top: float = _PARETO_TOP,
) -> pd.DataFrame:
    """The share of the total that the top ``top`` of customers bring, overall or per group.

    Within each group, customers are ranked by ``column`` (largest first, ties by
    customer_id) and the first ceil(top x n) are the top. ``by``: a column of
    ``customers`` or a Series indexed by customer_id (customers without a group are left
    out); None: one group, "all". Values may be negative (profit): shares are of the
    group's total. Columns: ``customers, top_customers, top_share``.

    >>> t = pd.DataFrame({"customer_id": [f"C{i}" for i in range(1, 7)],
    ...     "monetary": [50.0, 30.0, 20.0, 60.0, 20.0, 20.0],
    ...     "region": ["N", "N", "N", "S", "S", "S"]})
    >>> top_share_by_group(t, by="region", top=0.2)
            customers  top_customers  top_share
    region
    N               3              1        0.5
    S               3              1        0.6
    """
    table = by_customer(customers)
    cents = to_cents(numeric_column(table, column))
    if by is None:
        labels = pd.Series(tr("all", domain="tables"), index=table.index, name="group")
    elif isinstance(by, str):
        if by not in table.columns:
            raise DataError(
                f"customer table: column {by!r} not found; the columns are "
                f"{list(table.columns)}. Pass by=<a column> or a Series indexed by customer_id."
            )
        labels = table[by]
    else:
        labels = pd.Series(by).reindex(table.index)
    keep = labels.notna().to_numpy() & ~np.isnan(cents)
    codes, uniques = pd.factorize(labels[keep], sort=True)
    values = cents[keep]
    order = np.lexsort((-values, codes))  # by group, then largest first; stable on ties
    codes, values = codes[order], values[order]
    size = np.bincount(codes, minlength=len(uniques))
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    position = np.arange(len(codes)) - start[codes]
    top_count = np.ceil(np.round(size * top, 9)).astype(np.int64)
    is_top = position < top_count[codes]
    total = np.bincount(codes, weights=values, minlength=len(uniques))
    top_sum = np.bincount(codes[is_top], weights=values[is_top], minlength=len(uniques))
    name = by if isinstance(by, str) else (getattr(by, "name", None) or "group")
    return pd.DataFrame(
        {"customers": size, "top_customers": top_count, "top_share": safe_divide(top_sum, total)},
        index=pd.Index(uniques, name=name),
    )


#: what :func:`pareto_verdict` says, from less to more concentrated than the rule
#: (tr() calls: English here, and extracted into the ``tables`` catalogue for display)
PARETO_VERDICTS = (
    tr("less concentrated", domain="tables"),
    tr("holds roughly", domain="tables"),
    tr("more concentrated", domain="tables"),
)


def pareto_verdict(top_share, *, band: Sequence[float] = _PARETO_BAND):
    """Whether the 80/20 rule (二八法则) holds roughly for a top share: one of PARETO_VERDICTS.

    The rule "holds roughly" when the top customers' share lies in ``band`` (inclusive);
    below it, value is less concentrated than the rule says; above it, more. Works on one
    number or an array (NaN gives "no data").

    >>> pareto_verdict(0.79), pareto_verdict(0.55), pareto_verdict(0.95)
    ('holds roughly', 'less concentrated', 'more concentrated')
    >>> pareto_verdict([0.7, 0.9, float("nan")]).tolist()
    ['holds roughly', 'holds roughly', 'no data']
    """
    low, high = band
    if not low <= high:
        raise DataError(f"band must be (low, high) with low <= high, not {tuple(band)}")
    share = np.asarray(top_share, dtype=float)
    verdict = np.select(
        [np.isnan(share), share < low, share > high],
        [tr("no data", domain="tables"), PARETO_VERDICTS[0], PARETO_VERDICTS[2]],
        default=PARETO_VERDICTS[1],
    )
    return str(verdict) if verdict.ndim == 0 else verdict
