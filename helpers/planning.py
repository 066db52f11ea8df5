"""The service plan of lesson 06 (服务方案): who gets which service, within a stated capacity.

A plan has a fixed amount of account managers' time (``account_managers x
hours_per_manager`` hours a year), so it can never promise more than that:

1. :func:`customer_plan`: one row per customer of the planning period with its grade,
   value, behavioural class, survey type, complaints and the **at-risk** rule;
2. :func:`customer_hours` and :func:`service_allocation`: the hours by customer and by
   grade. ``base_service`` of the hours is basic service spread evenly over every
   customer; the rest follows each grade's share of the value (profit, or revenue
   without costs), and inside a grade each customer's own value. A customer of the top
   grade gets a **personal account manager** only when its hours reach
   ``account_hours``, what one personally managed account needs;
3. :func:`assign_service` and :func:`action_lists`: who is on which list;
4. :func:`retention_kpi`: the retention rate, with the length of the period it is
   measured on, so that a rate measured on a few days says so.

>>> plan = pd.DataFrame({"grade": pd.Categorical(["A", "A", "B", "C"], ordered=True),
...     "revenue": [500.0, 300.0, 150.0, 50.0], "profit": [100.0, 60.0, 30.0, 10.0],
...     "at_risk": [False, True, False, False]},
...     index=pd.Index(["C1", "C2", "C3", "C4"], name="customer_id"))
>>> allocation = service_allocation(plan, total_hours=1000, base_service=0.2, account_hours=300)
>>> allocation[["customers", "hours", "personal_accounts"]]  # C1 450 hours, C2 290
       customers  hours  personal_accounts
grade
A              2  740.0                  1
B              1  170.0                  0
C              1   90.0                  0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers._aggregate import as_timestamp, by_customer, safe_divide
from helpers.schema import DataError, require_columns

__all__ = [
    "AT_RISK_TYPES",
    "SERVICES",
    "customer_plan",
    "customer_hours",
    "service_allocation",
    "assign_service",
    "action_lists",
    "retention_kpi",
]

#: survey types that flag a customer at risk
AT_RISK_TYPES = ("hostage", "defector", "terrorist")

#: the service levels of the plan, from the most to the least personal
SERVICES = ("personal_account", "account_team", "regular_visits", "low_cost_channels")


def customer_plan(
    grades: pd.DataFrame,
    period: pd.DataFrame,
    *,
    classes: pd.DataFrame | None = None,
    types: pd.DataFrame | None = None,
    complaints: pd.DataFrame | None = None,
    min_complaints: int = 2,
) -> pd.DataFrame:
    """One row per customer of the planning period, with the signals the plan uses.

    ``grades``: a grading output (``grade``, ``value`` = the period's revenue);
    ``period``: the period's customer summary (``profit``, NaN without costs);
    ``classes``: :func:`helpers.loyalty.behavioural_loyalty_classes` on the history;
    ``types``: :func:`helpers.loyalty.loyalty_matrix_types` (or None: no survey);
    ``complaints``: the complaints dated in the period (or None). A customer is
    **at risk** when a long-term customer may switch, its survey type is a hostage,
    defector or terrorist, or it complained at least ``min_complaints`` times.
    Columns: ``grade, revenue, profit, loyalty_class, loyalty_type, complaints, at_risk``.

    >>> grades = pd.DataFrame({"grade": ["A", "B"], "value": [90.0, 10.0]},
    ...     index=pd.Index(["C1", "C2"], name="customer_id"))
    >>> period = pd.DataFrame({"profit": [20.0, 1.0]}, index=grades.index)
    >>> complaints = pd.DataFrame({"customer_id": ["C2", "C2"]})
    >>> customer_plan(grades, period, complaints=complaints)[["complaints", "at_risk"]]
                 complaints  at_risk
    customer_id
    C1                    0    False
    C2                    2     True
    """
    table = by_customer(grades)
    require_columns(table, ["grade", "value"], table="grades", purpose="the customer plan")
    plan = pd.DataFrame({"grade": table["grade"], "revenue": table["value"]}, index=table.index)
    summary = by_customer(period)
    plan["profit"] = (
        summary["profit"].reindex(plan.index) if "profit" in summary.columns else np.nan
    )
    if classes is not None:
        found = classes.loc[classes["party"] == "customer", "loyalty_class"].astype(str)
        plan["loyalty_class"] = found.reindex(plan.index)
    else:
        plan["loyalty_class"] = np.nan
    plan["loyalty_type"] = (
        types["loyalty_type"].astype(str).reindex(plan.index) if types is not None else np.nan
    )
    if complaints is not None:
        require_columns(complaints, ["customer_id"], table="complaints", purpose="the plan")
        counts = complaints.groupby("customer_id").size()
        plan["complaints"] = counts.reindex(plan.index, fill_value=0).astype(np.int64)
    else:
        plan["complaints"] = np.zeros(len(plan), dtype=np.int64)
    plan["at_risk"] = (
        (plan["loyalty_class"] == "loyal_may_switch").to_numpy()
        | plan["loyalty_type"].isin(AT_RISK_TYPES).to_numpy()
        | (plan["complaints"] >= min_complaints).to_numpy()
    )
    return plan


def _grades_of(plan: pd.DataFrame) -> pd.Categorical:
    grade = plan["grade"]
    if isinstance(grade.dtype, pd.CategoricalDtype):
        return pd.Categorical(grade)
    return pd.Categorical(grade, categories=sorted(grade.dropna().astype(str).unique()))


def _check_options(plan, total_hours, base_service, account_hours, value) -> None:
    require_columns(
        plan, ["grade", "revenue", value], table="customer plan", purpose="the service plan"
    )
    if not 0 <= base_service <= 1:
        raise DataError(f"base_service must lie between 0 and 1, not {base_service!r}")
    if total_hours < 0 or account_hours <= 0:
        raise DataError(
            f"total_hours must be at least 0 and account_hours above 0, not {total_hours!r} "
            f"and {account_hours!r}; check account_managers, hours_per_manager, account_hours"
        )
    if plan[value].isna().all():
        raise DataError(
            f"the plan's column {value!r} is empty (no costs in this data?); "
            "pass value='revenue' to value customers by revenue"
        )


def _grade_value_shares(grade: pd.Categorical, values: np.ndarray) -> np.ndarray:
    """Each grade's share of the value; a grade that loses money counts 0; all equal
    when no grade makes any."""
    sums = pd.Series(np.nan_to_num(values)).groupby(grade, observed=False).sum().to_numpy()
    positive = np.clip(sums, 0, None)
    if positive.sum() > 0:
        return positive / positive.sum()
    counts = pd.Series(grade).value_counts(sort=False).reindex(grade.categories).to_numpy()
    return counts / max(counts.sum(), 1)


def customer_hours(
    plan: pd.DataFrame,
    *,
    total_hours: float,
    base_service: float = 0.20,
    value: str = "profit",
) -> pd.Series:
    """Each customer's service hours a year: basic service plus its part of its grade's.

    ``base_service`` of ``total_hours`` is spread evenly over every customer; the rest is
    split between the grades by their share of the value (a grade that loses money gets
    none of it) and, inside a grade, between its customers by their own value (a
    customer without profit gets none of it; a grade where nobody makes a profit splits
    its part evenly). The hours add up to ``total_hours``.

    >>> plan = pd.DataFrame({"grade": ["A", "A", "B"], "revenue": [60.0, 20.0, 20.0],
    ...     "profit": [30.0, 10.0, 10.0]}, index=pd.Index(["C1", "C2", "C3"]))
    >>> customer_hours(plan, total_hours=100, base_service=0.3).round(2).tolist()
    [52.0, 24.0, 24.0]
    """
    _check_options(plan, total_hours, base_service, 1, value)
    grade = _grades_of(plan)
    values = plan[value].to_numpy(dtype=float)
    n = len(plan)
    basic = np.full(n, base_service * total_hours / n if n else 0.0)
    grade_work = (1 - base_service) * total_hours * _grade_value_shares(grade, values)
    own = np.clip(np.nan_to_num(values), 0, None)
    codes = grade.codes
    own_sum = np.bincount(codes, weights=own, minlength=len(grade.categories))
    members = np.bincount(codes, minlength=len(grade.categories))
    weight = np.where(own_sum[codes] > 0, safe_divide(own, own_sum[codes]), 1 / members[codes])
    return pd.Series(basic + grade_work[codes] * weight, index=plan.index, name="hours")


def service_allocation(
    plan: pd.DataFrame,
    *,
    total_hours: float,
    base_service: float = 0.20,
    account_hours: float = 40,
    value: str = "profit",
) -> pd.DataFrame:
    """The plan's hours by grade, and how many personal account managers they pay for.

    ``plan`` is :func:`customer_plan` (``grade``, ``revenue``, ``value`` column); the
    hours are :func:`customer_hours`. Per grade: ``customers, revenue, value, at_risk,
    customer_share, value_share`` (a grade that loses money counts 0),
    ``resource_share`` (= base_service x customer_share + (1 - base_service) x
    value_share), ``hours``, ``hours_per_customer`` (the grade's average),
    ``per_customer_vs_equal`` (its hours per customer against an equal split) and
    ``personal_accounts``: in the first grade only, the customers whose own hours reach
    ``account_hours``, what one personally managed account needs.

    >>> plan = pd.DataFrame({"grade": ["A", "A", "B", "B"], "revenue": [60.0, 30.0, 5.0, 5.0],
    ...     "profit": [12.0, 6.0, 1.0, 1.0], "at_risk": [False, False, True, False]})
    >>> t = service_allocation(plan, total_hours=100, base_service=0.5, account_hours=30)
    >>> t[["value_share", "resource_share", "hours", "personal_accounts"]]
           value_share  resource_share  hours  personal_accounts
    grade
    A              0.9             0.7   70.0                  1
    B              0.1             0.3   30.0                  0
    """
    _check_options(plan, total_hours, base_service, account_hours, value)
    grade = _grades_of(plan)
    hours = customer_hours(plan, total_hours=total_hours, base_service=base_service, value=value)
    at_risk = plan["at_risk"] if "at_risk" in plan.columns else pd.Series(False, plan.index)
    frame = pd.DataFrame(
        {
            "grade": grade,
            "revenue": plan["revenue"].to_numpy(),
            "value": plan[value].to_numpy(),
            "at_risk": at_risk.to_numpy(),
            "hours": hours.to_numpy(),
        }
    )
    top = frame["grade"] == grade.categories[0] if len(grade.categories) else False
    frame["personal"] = top & (np.round(frame["hours"] - account_hours, 9) >= 0)
    grouped = frame.groupby("grade", observed=False)
    table = pd.DataFrame(
        {
            "customers": grouped.size(),
            "revenue": grouped["revenue"].sum(),
            "value": grouped["value"].sum(min_count=1).fillna(0.0),
            "at_risk": grouped["at_risk"].sum().astype(np.int64),
        }
    )
    table["customer_share"] = safe_divide(table["customers"], table["customers"].sum())
    table["value_share"] = _grade_value_shares(grade, frame["value"].to_numpy(dtype=float))
    table["resource_share"] = (
        base_service * table["customer_share"] + (1 - base_service) * table["value_share"]
    )
    table["hours"] = grouped["hours"].sum()
    table["hours_per_customer"] = safe_divide(table["hours"], table["customers"])
    table["per_customer_vs_equal"] = safe_divide(table["resource_share"], table["customer_share"])
    table["personal_accounts"] = grouped["personal"].sum().astype(np.int64)
    table.index.name = "grade"
    return table


def assign_service(plan: pd.DataFrame, hours: pd.Series, *, account_hours: float) -> pd.Series:
    """Each customer's service level. In the first grade, a customer whose hours
    (:func:`customer_hours`) reach ``account_hours`` gets a personal account manager and
    the others the account team; the middle grades get regular visits, the last grade
    low-cost channels. A categorical Series named ``service``.

    >>> plan = pd.DataFrame({"grade": pd.Categorical(["A", "A", "B", "C"], ordered=True)},
    ...                     index=pd.Index(["C1", "C2", "C3", "C4"]))
    >>> hours = pd.Series([39.0, 40.0, 50.0, 1.0], index=plan.index)
    >>> assign_service(plan, hours, account_hours=40).astype(str).tolist()
    ['account_team', 'personal_account', 'regular_visits', 'low_cost_channels']
    """
    grade = _grades_of(plan)
    last = len(grade.categories) - 1
    codes = np.where(grade.codes == 0, 1, np.where(grade.codes == last, 3, 2))
    own = hours.reindex(plan.index).to_numpy(dtype=float)
    codes = np.where((grade.codes == 0) & (np.round(own - account_hours, 9) >= 0), 0, codes)
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=list(SERVICES)),
        index=plan.index,
        name="service",
    )


def action_lists(
    plan: pd.DataFrame,
    *,
    service: pd.Series,
    groups: pd.DataFrame | None = None,
    min_complaints: int = 2,
) -> pd.DataFrame:
    """The plan's action lists: who is on each, and their share of the period's revenue.

    Lists: ``personal_account`` (the customers with a personal account manager),
    ``rescue_first`` (at-risk customers of every grade but the last, biggest first),
    ``repeated_complaints`` (at least ``min_complaints``), ``low_cost_channels`` (the
    last grade) and, with profit, ``grow_share_of_wallet`` (from
    :func:`helpers.deciles.profitable_groups`, given as ``groups``) and ``loss_making``
    (no profit in the period). Columns ``customers, revenue_share``.

    >>> plan = pd.DataFrame({"grade": pd.Categorical(["A", "B", "C"], ordered=True),
    ...     "revenue": [70.0, 20.0, 10.0], "profit": [9.0, -1.0, 1.0],
    ...     "complaints": [0, 3, 0], "at_risk": [False, True, False]},
    ...     index=pd.Index(["C1", "C2", "C3"], name="customer_id"))
    >>> service = pd.Series(["personal_account", "regular_visits", "low_cost_channels"],
    ...                     index=plan.index)
    >>> action_lists(plan, service=service)["customers"].to_dict()
    {'personal_account': 1, 'rescue_first': 1, 'repeated_complaints': 1, 'low_cost_channels': 1, 'loss_making': 1}
    """  # noqa: E501
    table = by_customer(plan)
    last = (
        table["grade"].cat.categories[-1]
        if isinstance(table["grade"].dtype, pd.CategoricalDtype)
        else sorted(table["grade"].astype(str).unique())[-1]
    )
    service = service.reindex(table.index).astype(str)
    lists = {
        "personal_account": service == "personal_account",
        "rescue_first": table["at_risk"] & (table["grade"].astype(str) != str(last)),
        "repeated_complaints": table["complaints"] >= min_complaints,
        "low_cost_channels": table["grade"].astype(str) == str(last),
    }
    if groups is not None:
        found = groups["group"].astype(str).reindex(table.index)
        lists["grow_share_of_wallet"] = found == "grow_share_of_wallet"
    if table["profit"].notna().any():
        lists["loss_making"] = table["profit"] <= 0
    revenue = table["revenue"].to_numpy(dtype=float)
    total = revenue.sum()
    return pd.DataFrame(
        {
            "customers": {k: int(v.sum()) for k, v in lists.items()},
            "revenue_share": {
                k: float(safe_divide(revenue[v.to_numpy()].sum(), total)) for k, v in lists.items()
            },
        }
    ).rename_axis("list")


def retention_kpi(orders: pd.DataFrame, *, as_of, period_days: int = 365) -> pd.DataFrame:
    """The retention rate (客户保持率): the earlier period's customers who bought again.

    The earlier period is the ``period_days`` before the last ``period_days`` (before
    ``as_of``), cut at the first order in the data. One row: ``earlier_start,
    earlier_days`` (the days the data really covers of it), ``period_days``,
    ``earlier_customers``, ``retained``, ``rate`` (NaN with no earlier customer) and
    ``complete`` (the earlier period is fully covered).

    >>> orders = pd.DataFrame({"customer_id": ["C1", "C2", "C1", "C3"],
    ...     "order_date": pd.to_datetime(["2024-12-25", "2024-12-28", "2025-01-05",
    ...                                   "2025-01-06"])})
    >>> kpi = retention_kpi(orders, as_of="2025-01-11", period_days=10)
    >>> kpi[["earlier_days", "earlier_customers", "retained", "rate", "complete"]]
       earlier_days  earlier_customers  retained  rate  complete
    0             7                  2         1   0.5     False
    """
    require_columns(orders, ["customer_id", "order_date"], purpose="the retention rate")
    as_of = as_timestamp(as_of)
    dates = pd.to_datetime(orders["order_date"])
    start_last = as_of - pd.Timedelta(days=period_days)
    start_earlier = start_last - pd.Timedelta(days=period_days)
    first = dates.min()
    covered_from = max(start_earlier, first.normalize()) if pd.notna(first) else start_last
    earlier_days = max(int((start_last - covered_from) / pd.Timedelta(days=1)), 0)
    ids = orders["customer_id"]
    earlier = pd.Index(ids[(dates >= start_earlier) & (dates < start_last)].unique())
    later = pd.Index(ids[(dates >= start_last) & (dates < as_of)].unique())
    retained = int(earlier.isin(later).sum())
    return pd.DataFrame(
        {
            "earlier_start": [covered_from],
            "earlier_days": [earlier_days],
            "period_days": [int(period_days)],
            "earlier_customers": [len(earlier)],
            "retained": [retained],
            "rate": [retained / len(earlier) if len(earlier) else np.nan],
            "complete": [earlier_days >= period_days],
        }
    )
