"""The service plan of lesson 06 (服务方案): who gets which service, within a stated capacity.

A plan has a fixed amount of account managers' time (``account_managers x
hours_per_manager`` hours a year), so it can never promise more than that:

1. :func:`customer_plan`: one row per customer of the planning period with its grade,
   value, behavioural class, survey type, complaints and the **at-risk** rule;
2. :func:`service_allocation`: the hours by grade. ``base_service`` of the hours is
   basic service spread evenly over every customer; the rest follows each grade's share
   of the value (profit, or revenue without costs). Inside the top grade, a customer
   gets a **personal account manager** only when the grade's share of the rest covers
   ``account_hours`` for it, the largest customers first;
3. :func:`assign_service` and :func:`action_lists`: who is on which list;
4. :func:`retention_kpi`: the retention rate, with the length of the period it is
   measured on, so that a rate measured on a few days says so.

>>> plan = pd.DataFrame({"grade": pd.Categorical(["A", "A", "B", "C"], ordered=True),
...     "revenue": [500.0, 300.0, 150.0, 50.0], "profit": [100.0, 60.0, 30.0, 10.0],
...     "at_risk": [False, True, False, False]},
...     index=pd.Index(["C1", "C2", "C3", "C4"], name="customer_id"))
>>> allocation = service_allocation(plan, total_hours=1000, base_service=0.2, account_hours=300)
>>> allocation[["customers", "hours", "personal_accounts"]]
       customers  hours  personal_accounts
grade
A              2  740.0                  2
B              1  170.0                  0
C              1   90.0                  0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers._aggregate import as_timestamp, by_customer, rank_order, safe_divide
from helpers.schema import DataError, require_columns

__all__ = [
    "AT_RISK_TYPES",
    "SERVICES",
    "customer_plan",
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


def service_allocation(
    plan: pd.DataFrame,
    *,
    total_hours: float,
    base_service: float = 0.20,
    account_hours: float = 40,
    value: str = "profit",
) -> pd.DataFrame:
    """The plan's hours by grade, and how many personal account managers they pay for.

    ``plan`` is :func:`customer_plan` (``grade``, ``revenue``, ``value`` column). Per
    grade: ``customers, revenue, value, at_risk, customer_share, value_share`` (a grade
    that loses money counts 0), ``resource_share`` (= base_service x customer_share +
    (1 - base_service) x value_share), ``hours`` (its share of ``total_hours``),
    ``hours_per_customer``, ``per_customer_vs_equal`` (its hours per customer against an
    equal split) and ``personal_accounts``: in the first grade only, the number of its
    largest customers whose ``account_hours`` the grade's value-based hours cover.

    >>> plan = pd.DataFrame({"grade": ["A", "A", "B", "B"], "revenue": [60.0, 30.0, 5.0, 5.0],
    ...     "profit": [12.0, 6.0, 1.0, 1.0], "at_risk": [False, False, True, False]})
    >>> t = service_allocation(plan, total_hours=100, base_service=0.5, account_hours=30)
    >>> t[["value_share", "resource_share", "hours", "personal_accounts"]]
           value_share  resource_share  hours  personal_accounts
    grade
    A              0.9             0.7   70.0                  1
    B              0.1             0.3   30.0                  0
    """
    require_columns(plan, ["grade", "revenue", value], table="customer plan",
                    purpose="the service allocation")  # fmt: skip
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
    grade = plan["grade"]
    if not isinstance(grade.dtype, pd.CategoricalDtype):
        grade = pd.Categorical(grade, categories=sorted(grade.dropna().astype(str).unique()))
    at_risk = plan["at_risk"] if "at_risk" in plan.columns else pd.Series(False, plan.index)
    frame = pd.DataFrame(
        {"grade": grade, "revenue": plan["revenue"], "value": plan[value], "at_risk": at_risk},
        index=plan.index,
    )
    grouped = frame.groupby("grade", observed=False)
    table = pd.DataFrame(
        {
            "customers": grouped.size(),
            "revenue": grouped["revenue"].sum(),
            "value": grouped["value"].sum(min_count=1).fillna(0.0),
            "at_risk": grouped["at_risk"].sum().astype(np.int64),
        }
    )
    n = table["customers"].sum()
    table["customer_share"] = safe_divide(table["customers"], n)
    positive = table["value"].clip(lower=0)
    value_share = safe_divide(positive, positive.sum())
    if not np.isfinite(value_share).all():  # no grade makes a positive value: split evenly
        value_share = table["customer_share"].to_numpy()
    table["value_share"] = value_share
    table["resource_share"] = (
        base_service * table["customer_share"] + (1 - base_service) * table["value_share"]
    )
    table["hours"] = table["resource_share"] * total_hours
    table["hours_per_customer"] = safe_divide(table["hours"], table["customers"])
    table["per_customer_vs_equal"] = safe_divide(table["resource_share"], table["customer_share"])
    account_work = (1 - base_service) * table["value_share"] * total_hours
    affordable = np.floor(np.round(account_work / account_hours, 9)).astype(np.int64)
    personal = np.minimum(affordable, table["customers"].to_numpy())
    personal[1:] = 0  # personal account managers serve the first grade only
    table["personal_accounts"] = personal
    table.index.name = "grade"
    return table


def assign_service(plan: pd.DataFrame, allocation: pd.DataFrame, *, value: str = "profit"):
    """Each customer's service level: the first grade's largest customers get a personal
    account manager (as many as :func:`service_allocation` pays for), the rest of that
    grade the account team, the middle grades regular visits, the last grade low-cost
    channels. Ties in value go by customer id. A categorical Series named ``service``.

    >>> plan = pd.DataFrame({"grade": pd.Categorical(["A", "A", "B", "C"], ordered=True),
    ...     "profit": [5.0, 9.0, 1.0, 0.5]}, index=pd.Index(["C1", "C2", "C3", "C4"]))
    >>> allocation = pd.DataFrame({"personal_accounts": [1, 0, 0]},
    ...     index=pd.Index(["A", "B", "C"], name="grade"))
    >>> assign_service(plan, allocation).astype(str).tolist()
    ['account_team', 'personal_account', 'regular_visits', 'low_cost_channels']
    """
    table = by_customer(plan)
    grades = list(allocation.index)
    position = table["grade"].astype(str).map({str(g): i for i, g in enumerate(grades)})
    position = position.to_numpy(dtype=float)
    codes = np.where(position == 0, 1, np.where(position == len(grades) - 1, 3, 2))
    top = np.flatnonzero(position == 0)
    order = rank_order(table[value].to_numpy(dtype=float)[top])
    chosen = top[order[: int(allocation["personal_accounts"].iloc[0])]]
    codes[chosen] = 0
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=list(SERVICES)),
        index=table.index,
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
    last = table["grade"].cat.categories[-1] if isinstance(
        table["grade"].dtype, pd.CategoricalDtype
    ) else sorted(table["grade"].astype(str).unique())[-1]  # fmt: skip
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
