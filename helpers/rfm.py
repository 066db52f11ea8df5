"""RFM analysis (the three indicators, 三大指标): recency, frequency and monetary scores.

:func:`rfm_scores` turns a customer table (usually :func:`helpers.profiling.customer_summary`)
into scores 1..k per indicator; :func:`score_counts` says how many customers got each
score; :func:`rfm_grid` gives the mean monetary value per recency x frequency cell (the
heatmap's table); :func:`rfm_segments` names segments from a rule table that you may
replace; :func:`segment_summary` counts them.

How the scores are made: customers are put in order, best first (recency: fewest days;
frequency and monetary: largest; amounts compared in whole cents), and the order is cut
into k groups of equal size: the first group scores k, the last 1. ``pandas.qcut`` on
the raw values fails with "bin edges must be unique" when many customers share a value
(for example frequency 1); ranking first avoids that, and works with fewer than k
customers.

Ties: by default (``ties="shared"``) customers with equal values get equal scores: the
lowest score among them, so all one-order customers share F = 1 and nobody is scored
better than another for an identical record. The groups are then uneven (a score may
even stay empty). ``ties="id"`` breaks ties by customer id instead: groups of equal size
(they differ by at most one), at the price of scoring equal customers differently.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers._aggregate import (
    by_customer,
    from_cents,
    numeric_column,
    rank_order,
    safe_divide,
    to_cents,
)
from helpers.i18n import tr
from helpers.labels import translated
from helpers.schema import DataError

__all__ = [
    "DEFAULT_SEGMENT_RULES",
    "TIES",
    "rfm_grid",
    "rfm_scores",
    "rfm_segments",
    "score_counts",
    "segment_actions",
    "segment_summary",
]

#: how equal values are scored: "shared" (equal values, equal scores) or "id" (by id)
TIES = ("shared", "id")

#: the suggested action of each default segment: tr() calls, English here and extracted
#: for translation (:func:`segment_actions` gives them in the run's language)
_ACTIONS = {
    "champions": tr("reward them; ask for referrals; early access", domain="tables"),
    "loyal_customers": tr("upsell higher-value lines; loyalty scheme", domain="tables"),
    "cannot_lose_them": tr("win them back personally before they go", domain="tables"),
    "at_risk": tr("reactivation offer; ask what changed", domain="tables"),
    "new_customers": tr("onboarding; give a reason for a second order", domain="tables"),
    "promising": tr("build the relationship; suggest a second line", domain="tables"),
    "hibernating": tr("low-cost reminders only; otherwise let go", domain="tables"),
    "need_attention": tr("offers based on their history", domain="tables"),
}

#: Named RFM segments for scores 1..5. The first matching row wins; the last row catches
#: everything else. Replace it with your own table with the same columns.
DEFAULT_SEGMENT_RULES = pd.DataFrame(
    [
        ("champions", 4, 5, 4, 5, 4, 5),
        ("loyal_customers", 3, 5, 3, 5, 1, 5),
        ("cannot_lose_them", 1, 2, 4, 5, 4, 5),
        ("at_risk", 1, 2, 3, 5, 1, 5),
        ("new_customers", 5, 5, 1, 1, 1, 5),
        ("promising", 4, 5, 1, 3, 1, 5),
        ("hibernating", 1, 2, 1, 2, 1, 5),
        ("need_attention", 1, 5, 1, 5, 1, 5),
    ],
    columns=["segment", "r_min", "r_max", "f_min", "f_max", "m_min", "m_max"],
).assign(action=lambda rules: rules["segment"].map(_ACTIONS))

_RULE_COLUMNS = ["segment", "r_min", "r_max", "f_min", "f_max", "m_min", "m_max"]


def _scores(values: np.ndarray, k: int, *, higher_is_better: bool, money: bool, ties: str):
    """Scores k..1 along the strict order best -> worst (ties by customer_id)."""
    n = len(values)
    order = rank_order(values, descending=higher_is_better, money=money)
    position = np.empty(n, dtype=np.int64)
    if ties == "shared" and n:
        key = to_cents(values) if money else values
        ordered = key[order]
        ends = np.r_[ordered[1:] != ordered[:-1], True]
        index = np.where(ends, np.arange(n), n)
        last_of_tie = np.minimum.accumulate(index[::-1])[::-1]
        position[order] = last_of_tie
    else:
        position[order] = np.arange(n)
    return (k - position * k // max(n, 1)).astype(np.int64)


def rfm_scores(
    customers: pd.DataFrame,
    *,
    k: int = 5,
    recency: str = "recency_days",
    frequency: str = "frequency",
    monetary: str = "monetary",
    ties: str = "shared",
) -> pd.DataFrame:
    """R, F and M scores 1..k (k = best) for every customer, plus their code and sum.

    Columns: the three input columns, ``r_score, f_score, m_score``, ``rfm_code`` (text
    such as "545") and ``rfm_sum``. Index customer_id, sorted. Each score cuts the
    customers, best first, into k groups of equal size; with ``ties="shared"`` (the
    default) equal values get the same score, the lowest of their group, so the groups
    may be uneven; ``ties="id"`` orders equal values by customer id, so group sizes
    differ by at most one.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
    ...                   "recency_days": [5, 40, 5, 300], "frequency": [1, 1, 1, 6],
    ...                   "monetary": [10.0, 10.0, 99.0, 500.0]})
    >>> rfm_scores(t, k=2)[["r_score", "f_score", "m_score", "rfm_code"]]
                 r_score  f_score  m_score rfm_code
    customer_id
    C1                 2        1        1      211
    C2                 1        1        1      111
    C3                 2        1        2      212
    C4                 1        2        2      122
    >>> rfm_scores(t, k=2, ties="id")["f_score"].tolist()
    [2, 1, 1, 2]
    """
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise DataError(f"k must be a whole number of score groups >= 1, not {k!r}")
    if ties not in TIES:
        raise DataError(
            f"ties must be 'shared' (equal values, equal scores) or 'id' (ties broken by "
            f"customer id), not {ties!r}"
        )
    table = by_customer(customers)
    columns = {"r": recency, "f": frequency, "m": monetary}
    values = {}
    for key, column in columns.items():
        v = numeric_column(table, column)
        if np.isnan(v).any():
            raise DataError(
                f"customer table: column {column!r} has missing values for "
                f"{table.index[np.isnan(v)][:5].tolist()}; RFM needs a value for everyone."
            )
        values[key] = v
    r = _scores(values["r"], k, higher_is_better=False, money=False, ties=ties)
    f = _scores(values["f"], k, higher_is_better=True, money=False, ties=ties)
    m = _scores(values["m"], k, higher_is_better=True, money=True, ties=ties)
    result = table[[recency, frequency, monetary]].copy()
    result["r_score"] = r
    result["f_score"] = f
    result["m_score"] = m
    if k <= 9:
        code = pc.cast(pa.array(r * 100 + f * 10 + m), pa.string())
    else:
        code = pc.binary_join_element_wise(
            *(pc.cast(pa.array(x), pa.string()) for x in (r, f, m)), "-"
        )
    result["rfm_code"] = pd.array(code, dtype="str")
    result["rfm_sum"] = r + f + m
    result.attrs["rfm_k"] = int(k)
    return result


def score_counts(scores: pd.DataFrame) -> pd.DataFrame:
    """Customers per score (rows 1..k, best last) for each indicator (r, f, m columns).

    With shared ties some scores may hold many customers and others none.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "recency_days": [1, 2, 3],
    ...                   "frequency": [1, 1, 4], "monetary": [5.0, 6.0, 7.0]})
    >>> score_counts(rfm_scores(t, k=3))
           r_score  f_score  m_score
    score
    1            1        2        1
    2            1        0        1
    3            1        1        1
    """
    table = by_customer(scores)
    columns = ["r_score", "f_score", "m_score"]
    values = np.column_stack([numeric_column(table, c, table_name="scores") for c in columns])
    k = int(table.attrs.get("rfm_k") or (values.max(initial=0)))
    counts = {
        c: np.bincount(values[:, j].astype(np.int64), minlength=k + 1)[1 : k + 1]
        for j, c in enumerate(columns)
    }
    return pd.DataFrame(counts, index=pd.RangeIndex(1, k + 1, name="score"))


def rfm_grid(
    scores: pd.DataFrame, *, value: str = "monetary", r: str = "r_score", f: str = "f_score"
) -> pd.DataFrame:
    """Mean ``value`` and number of customers for every (recency score, frequency score).

    One row per cell, all k x k cells (empty cells have 0 customers and a NaN mean):
    columns ``r_score, f_score, customers, mean_value``. This is the table the RFM
    heatmap draws.

    >>> scores = pd.DataFrame({"r_score": [1, 2, 2], "f_score": [1, 2, 2],
    ...                        "monetary": [10.0, 30.0, 50.0]})
    >>> rfm_grid(scores)
       r_score  f_score  customers  mean_value
    0        1        1          1        10.0
    1        1        2          0         NaN
    2        2        1          0         NaN
    3        2        2          2        40.0
    """
    for column in (r, f, value):
        numeric_column(scores, column, table_name="scores")
    k = int(scores.attrs.get("rfm_k") or max(scores[r].max(), scores[f].max(), 1))
    cell = (scores[r].to_numpy(dtype=np.int64) - 1) * k + scores[f].to_numpy(dtype=np.int64) - 1
    if len(cell) and (cell.min() < 0 or cell.max() >= k * k):
        raise DataError(f"scores: {r} and {f} must be whole numbers from 1 to {k}")
    counts = np.bincount(cell, minlength=k * k)
    sums = np.bincount(cell, weights=scores[value].to_numpy(dtype=np.float64), minlength=k * k)
    grid = np.indices((k, k)).reshape(2, -1) + 1
    return pd.DataFrame(
        {"r_score": grid[0], "f_score": grid[1], "customers": counts,
         "mean_value": safe_divide(sums, counts)}
    )  # fmt: skip


def rfm_segments(scores: pd.DataFrame, *, rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """The scores table plus a named ``segment`` from a rule table (first match wins).

    ``rules`` has the columns of :data:`DEFAULT_SEGMENT_RULES` (segment, r_min, r_max,
    f_min, f_max, m_min, m_max; bounds inclusive); it must give every customer a segment.
    The default rules are written for k=5 scores.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2"], "r_score": [5, 1],
    ...                   "f_score": [5, 1], "m_score": [5, 1]})
    >>> rfm_segments(t)["segment"].tolist()
    ['champions', 'hibernating']
    """
    table = by_customer(scores)
    for column in ("r_score", "f_score", "m_score"):
        numeric_column(table, column, table_name="scores")
    if rules is None:
        k = table.attrs.get("rfm_k")
        top = int(table[["r_score", "f_score", "m_score"]].to_numpy().max(initial=0))
        if (k is not None and k != 5) or top > 5:
            raise DataError(
                "the default segment rules are written for scores 1..5; compute the scores "
                "with rfm_scores(..., k=5) or pass rules=... for your k."
            )
        rules = DEFAULT_SEGMENT_RULES
    missing = [c for c in _RULE_COLUMNS if c not in rules.columns]
    if missing:
        raise DataError(
            f"segment rules: columns {missing} not found; a rule table needs {_RULE_COLUMNS} "
            "(see rfm.DEFAULT_SEGMENT_RULES)."
        )
    r = table["r_score"].to_numpy()
    f = table["f_score"].to_numpy()
    m = table["m_score"].to_numpy()
    conditions = [
        (r >= rule.r_min)
        & (r <= rule.r_max)
        & (f >= rule.f_min)
        & (f <= rule.f_max)
        & (m >= rule.m_min)
        & (m <= rule.m_max)
        for rule in rules.itertuples(index=False)  # loop over the few rules, not customers
    ]
    names = list(dict.fromkeys(rules["segment"].astype(str)))
    codes = np.select(conditions, [names.index(s) for s in rules["segment"].astype(str)], -1)
    if (codes < 0).any():
        uncovered = sorted(set(zip(r[codes < 0], f[codes < 0], m[codes < 0], strict=True)))
        raise DataError(
            f"segment rules leave score combinations (r, f, m) uncovered: {uncovered[:10]}; "
            "add a last catch-all rule with bounds 1..k."
        )
    result = table.copy()
    result["segment"] = pd.Categorical.from_codes(codes, categories=names)
    return result


def segment_summary(segmented: pd.DataFrame, *, column: str = "monetary") -> pd.DataFrame:
    """Customers and revenue per RFM segment (every segment of the rules, also empty ones).

    Columns: ``customers, customer_share, revenue, revenue_share, avg_recency_days,
    avg_frequency``.

    >>> t = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "recency_days": [1, 2, 300],
    ...     "frequency": [9, 8, 1], "monetary": [60.0, 30.0, 10.0],
    ...     "r_score": [5, 5, 1], "f_score": [5, 5, 1], "m_score": [5, 4, 1]})
    >>> segment_summary(rfm_segments(t))[["customers", "revenue_share"]].head(2)
                     customers  revenue_share
    segment
    champions                2            0.9
    loyal_customers          0            0.0
    """
    table = by_customer(segmented)
    if "segment" not in table.columns:
        raise DataError("column 'segment' not found; run rfm.rfm_segments(scores) first.")
    segment = table["segment"]
    if not isinstance(segment.dtype, pd.CategoricalDtype):
        segment = segment.astype("category")
    cents = pd.Series(to_cents(numeric_column(table, column)), index=table.index)
    grouped = cents.groupby(segment, observed=False)
    result = pd.DataFrame({"customers": grouped.size(), "revenue": grouped.sum()})
    result["customer_share"] = safe_divide(result["customers"], len(table))
    result["revenue_share"] = safe_divide(result["revenue"], cents.sum())
    result["revenue"] = from_cents(result["revenue"].to_numpy())
    for name, source in (("avg_recency_days", "recency_days"), ("avg_frequency", "frequency")):
        if source in table.columns:
            result[name] = table[source].groupby(segment, observed=False).mean()
    result.index.name = "segment"
    ordered = ["customers", "customer_share", "revenue", "revenue_share"]
    return result[ordered + [c for c in result.columns if c not in ordered]]


def segment_actions(rules: pd.DataFrame = DEFAULT_SEGMENT_RULES, *, lang: str = "en") -> pd.Series:
    """The suggested action of each segment of ``rules`` (indexed by segment), in ``lang``.

    >>> segment_actions()["at_risk"]
    'reactivation offer; ask what changed'
    >>> segment_actions(lang="zh")["at_risk"]
    '推出唤醒优惠，问清发生了什么变化'
    """
    actions = rules.set_index("segment")["action"]
    return translated(actions, lang, index=False, values=True)
