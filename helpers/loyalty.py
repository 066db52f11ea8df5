"""Loyalty classification (客户忠诚度分析): attitude (survey) and behaviour (orders, leads).

Two views, both with cut-offs as parameters:

- the **satisfaction x loyalty matrix** (忠诚矩阵) from survey answers on 1-10 scales,
  six types. Defaults: loyalty >= 7 is high loyalty; satisfaction < 4 is low, 4-6
  medium, >= 7 high; an apostle needs both scores >= 9.

  ==============  =====================  ====================  =====================
  loyalty         satisfaction low       medium                high
  ==============  =====================  ====================  =====================
  high (>= 7)     hostage 不自主者       hostage 不自主者      loyalist 忠诚者
                                                               (apostle 热心追随者 when
                                                               both scores >= 9)
  low (< 7)       terrorist 恐惧分子     defector 背叛者       mercenary 唯利是图者
  ==============  =====================  ====================  =====================

- the six **behavioural loyalty classes** from the customer summary (how long and how
  often they buy, whether they are active and growing) plus leads (non-users).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers._aggregate import (
    as_timestamp,
    by_customer,
    from_cents,
    numeric_column,
    safe_divide,
    to_cents,
)
from helpers.schema import DataError, require_columns

__all__ = [
    "LOYALTY_TYPES",
    "BEHAVIOURAL_CLASSES",
    "loyalty_matrix_types",
    "behavioural_loyalty_classes",
    "loyalty_type_table",
]

#: The six types of the satisfaction x loyalty matrix, from best to worst.
LOYALTY_TYPES = ("apostle", "loyalist", "hostage", "mercenary", "defector", "terrorist")

#: The six behavioural loyalty classes.
BEHAVIOURAL_CLASSES = (
    "loyal_will_stay",
    "loyal_may_switch",
    "occasional_may_buy_more",
    "occasional_may_buy_less",
    "non_user_may_convert",
    "non_user_unlikely",
)


def loyalty_matrix_types(
    survey: pd.DataFrame,
    *,
    satisfaction_cuts: Sequence[float] = (4, 7),
    loyalty_cut: float = 7,
    apostle_min: float = 9,
) -> pd.DataFrame:
    """The satisfaction x loyalty type of each surveyed customer (latest answer each).

    ``satisfaction_cuts=(low_below, high_from)`` split satisfaction into low / medium /
    high; loyalty >= ``loyalty_cut`` is high loyalty; apostles have both scores >=
    ``apostle_min``. Columns: ``satisfaction, loyalty, satisfaction_level,
    loyalty_level, loyalty_type``. With several answers per customer the latest
    ``survey_date`` counts.

    >>> s = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4", "C5", "C6"],
    ...                   "satisfaction": [10, 8, 3, 9, 5, 2],
    ...                   "loyalty": [9, 8, 9, 3, 4, 1]})
    >>> loyalty_matrix_types(s)["loyalty_type"].tolist()
    ['apostle', 'loyalist', 'hostage', 'mercenary', 'defector', 'terrorist']
    """
    require_columns(
        survey, ["customer_id", "satisfaction", "loyalty"], table="survey", purpose="loyalty types"
    )
    low_below, high_from = satisfaction_cuts
    if low_below > high_from:
        raise DataError(
            f"satisfaction_cuts must be (low_below, high_from), got {satisfaction_cuts}"
        )
    answers = survey[["customer_id", "satisfaction", "loyalty"]].copy()
    if "survey_date" in survey.columns:
        answers["survey_date"] = pd.to_datetime(survey["survey_date"])
        answers = answers.sort_values(
            ["customer_id", "survey_date", "satisfaction", "loyalty"], kind="stable"
        ).drop_duplicates("customer_id", keep="last")
    elif answers["customer_id"].duplicated().any():
        dup = answers.loc[answers["customer_id"].duplicated(), "customer_id"].head(5).tolist()
        raise DataError(
            f"survey table: customers answered more than once ({dup}) and there is no "
            "'survey_date' to pick the latest answer; add it or keep one answer each."
        )
    table = answers.set_index("customer_id").sort_index(kind="stable")
    sat = numeric_column(table, "satisfaction", table_name="survey")
    loy = numeric_column(table, "loyalty", table_name="survey")
    bad = np.isnan(sat) | np.isnan(loy)
    if bad.any():
        raise DataError(
            f"survey table: missing satisfaction or loyalty for {table.index[bad][:5].tolist()}; "
            "drop those answers first."
        )
    sat_level = np.where(sat < low_below, 0, np.where(sat < high_from, 1, 2))
    high_loyalty = loy >= loyalty_cut
    apostle = (sat >= apostle_min) & (loy >= apostle_min) & high_loyalty
    # type codes index LOYALTY_TYPES
    high_row = np.where(sat_level == 2, np.where(apostle, 0, 1), 2)
    low_row = np.choose(sat_level, [5, 4, 3])
    codes = np.where(high_loyalty, high_row, low_row)
    result = pd.DataFrame(
        {
            "satisfaction": table["satisfaction"],
            "loyalty": table["loyalty"],
            "satisfaction_level": pd.Categorical.from_codes(
                sat_level, categories=["low", "medium", "high"], ordered=True
            ),
            "loyalty_level": pd.Categorical.from_codes(
                high_loyalty.astype(int), categories=["low", "high"], ordered=True
            ),
            "loyalty_type": pd.Categorical.from_codes(codes, categories=list(LOYALTY_TYPES)),
        },
        index=table.index,
    )
    return result


def behavioural_loyalty_classes(
    customers: pd.DataFrame,
    leads: pd.DataFrame | None = None,
    *,
    as_of,
    long_term_days: int = 365,
    min_orders: int = 3,
    declining_below: float = 0.0,
    lead_window_days: int = 365,
) -> pd.DataFrame:
    """The six behavioural loyalty classes of customers and non-users (leads).

    Customers (columns ``tenure_days, frequency, status, trend`` of
    :func:`helpers.profiling.customer_summary`): long-term = tenure_days >=
    ``long_term_days`` and frequency >= ``min_orders``, else occasional. Each is
    "positive" when active and its trend is not below ``declining_below`` (a missing
    trend, i.e. nothing bought in the prior period, counts as positive):

    - long-term & positive -> ``loyal_will_stay``; long-term & not -> ``loyal_may_switch``
    - occasional & positive -> ``occasional_may_buy_more``; else ``occasional_may_buy_less``

    Leads that never became customers (``converted_customer_id`` empty) and were created
    before as_of: created within ``lead_window_days`` -> ``non_user_may_convert``, older ->
    ``non_user_unlikely``. Index ``id`` (customer_id or lead_id); columns ``party``
    ("customer"/"lead"), ``loyalty_class``.

    >>> c = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "tenure_days": [700, 800, 30],
    ...     "frequency": [12, 5, 1], "status": ["active", "dormant", "active"],
    ...     "trend": [0.2, -0.5, np.nan]})
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"],
    ...     "created_date": pd.to_datetime(["2024-11-01", "2022-01-01", "2024-06-01"]),
    ...     "converted_customer_id": [None, None, "C3"]})
    >>> behavioural_loyalty_classes(c, leads, as_of="2025-01-01")
           party            loyalty_class
    id
    C1  customer          loyal_will_stay
    C2  customer         loyal_may_switch
    C3  customer  occasional_may_buy_more
    L1      lead     non_user_may_convert
    L2      lead        non_user_unlikely
    """
    as_of = as_timestamp(as_of)
    table = by_customer(customers)
    require_columns(
        table,
        ["tenure_days", "frequency", "status", "trend"],
        table="customer summary",
        purpose="behavioural loyalty classes; compute it with profiling.customer_summary",
    )
    tenure = numeric_column(table, "tenure_days")
    frequency = numeric_column(table, "frequency")
    trend = numeric_column(table, "trend")
    long_term = (tenure >= long_term_days) & (frequency >= min_orders)
    positive = (table["status"].astype(str).to_numpy() == "active") & ~(trend < declining_below)
    codes = np.where(long_term, np.where(positive, 0, 1), np.where(positive, 2, 3))
    ids = [table.index.astype(object)]
    party = [np.full(len(table), "customer", dtype=object)]
    all_codes = [codes]
    if leads is not None:
        require_columns(
            leads, ["lead_id", "created_date"], table="leads", purpose="non-user classes"
        )
        created = pd.to_datetime(leads["created_date"])
        open_lead = created < as_of
        if "converted_customer_id" in leads.columns:
            open_lead &= leads["converted_customer_id"].isna()
        recent = created >= as_of - pd.Timedelta(days=lead_window_days)
        chosen = leads.loc[open_lead]
        ids.append(pd.Index(chosen["lead_id"]).astype(object))
        party.append(np.full(len(chosen), "lead", dtype=object))
        all_codes.append(np.where(recent[open_lead].to_numpy(), 4, 5))
    result = pd.DataFrame(
        {
            "party": np.concatenate(party),
            "loyalty_class": pd.Categorical.from_codes(
                np.concatenate(all_codes), categories=list(BEHAVIOURAL_CLASSES)
            ),
        },
        index=pd.Index(np.concatenate([i.to_numpy() for i in ids]), name="id", dtype="str"),
    )
    return result


def loyalty_type_table(
    classified: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    *,
    by: str = "loyalty_type",
    column: str = "monetary",
    profit: str = "profit",
) -> pd.DataFrame:
    """Counts and value per loyalty type (or class): who they are worth.

    ``classified``: output of :func:`loyalty_matrix_types` or
    :func:`behavioural_loyalty_classes` (use ``by="loyalty_class"``); ``customers``: a
    customer table with ``column`` (revenue) and optionally ``profit``, joined on the id
    (ids without a row, such as leads, count with value 0). Columns: ``customers,
    customer_share, revenue, revenue_share, avg_revenue, profit, profit_share``; every
    type present, empty ones with 0.

    >>> types = pd.DataFrame({"customer_id": ["C1", "C2", "C3"],
    ...                       "loyalty_type": ["apostle", "apostle", "mercenary"]})
    >>> summary = pd.DataFrame({"customer_id": ["C1", "C2", "C3"],
    ...                         "monetary": [50.0, 30.0, 20.0]})
    >>> loyalty_type_table(types, summary)[["customers", "revenue", "revenue_share"]].head(2)
                  customers  revenue  revenue_share
    loyalty_type
    apostle               2     80.0            0.8
    loyalist              0      0.0            0.0
    """
    if "id" in classified.columns or classified.index.name == "id":
        table = classified.rename_axis("customer_id")
        table = table.reset_index().rename(columns={"id": "customer_id"})
        table = by_customer(table)
    else:
        table = by_customer(classified)
    if by not in table.columns:
        raise DataError(f"column {by!r} not found; classify the customers first (loyalty.*).")
    groups = table[by]
    if not isinstance(groups.dtype, pd.CategoricalDtype):
        known = LOYALTY_TYPES if by == "loyalty_type" else BEHAVIOURAL_CLASSES
        values = set(groups.dropna().astype(str))
        cats = list(known) if values <= set(known) else sorted(values)
        groups = pd.Series(pd.Categorical(groups, categories=cats), index=table.index)
    count = groups.groupby(groups, observed=False).size()
    result = pd.DataFrame({"customers": count})
    result["customer_share"] = safe_divide(count, count.sum())
    if customers is not None:
        values = by_customer(customers)
        rev = pd.Series(to_cents(numeric_column(values, column)), index=values.index)
        rev = rev.reindex(table.index, fill_value=0.0)
        rev_sum = rev.groupby(groups, observed=False).sum()
        result["revenue"] = from_cents(rev_sum.to_numpy())
        result["revenue_share"] = safe_divide(rev_sum, rev_sum.sum())
        result["avg_revenue"] = np.round(safe_divide(rev_sum, count)) / 100.0
        if profit in values.columns:
            prof = pd.Series(to_cents(numeric_column(values, profit)), index=values.index)
            prof = prof.reindex(table.index, fill_value=0.0)  # no orders, no profit
            prof_sum = prof.groupby(groups, observed=False).sum(min_count=1)
            result["profit"] = from_cents(prof_sum.to_numpy())
            result["profit_share"] = safe_divide(prof_sum, np.nansum(prof_sum))
        else:
            result["profit"] = np.nan
            result["profit_share"] = np.nan
    result.index.name = by
    return result
