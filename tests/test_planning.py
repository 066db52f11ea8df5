"""The service plan: the at-risk rule, hours within a stated capacity, lists and the KPI."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import planning
from helpers.schema import DataError


def ids(n):
    return pd.Index([f"C{i}" for i in range(1, n + 1)], name="customer_id")


def plan_of(grades, revenue, profit=None, at_risk=None, complaints=None):
    n = len(grades)
    return pd.DataFrame(
        {
            "grade": pd.Categorical(grades, categories=["A", "B", "C"], ordered=True),
            "revenue": revenue,
            "profit": profit if profit is not None else [np.nan] * n,
            "complaints": complaints if complaints is not None else [0] * n,
            "at_risk": at_risk if at_risk is not None else [False] * n,
        },
        index=ids(n),
    )


# ---------------------------------------------------------------- the customer plan


def test_each_signal_puts_a_customer_at_risk_and_complaints_count_from_min_complaints():
    grades = pd.DataFrame({"grade": ["A"] * 5, "value": [50.0, 40.0, 30.0, 20.0, 10.0]},
                          index=ids(5))  # fmt: skip
    period = pd.DataFrame({"profit": [5.0, 4.0, 3.0, 2.0, 1.0]}, index=ids(5))
    classes = pd.DataFrame(
        {
            "party": ["customer"] * 5 + ["lead"],
            "loyalty_class": ["loyal_may_switch"] + ["loyal_will_stay"] * 4 + ["non_user_unlikely"],
        },
        index=pd.Index([*ids(5), "L1"], name="id"),
    )
    types = pd.DataFrame({"loyalty_type": ["apostle", "terrorist", "loyalist"]},
                         index=pd.Index(["C1", "C2", "C3"], name="customer_id"))  # fmt: skip
    complaints = pd.DataFrame({"customer_id": ["C4", "C4", "C5", "C9"]})
    before = [t.copy() for t in (grades, period, classes, types, complaints)]
    plan = planning.customer_plan(
        grades, period, classes=classes, types=types, complaints=complaints, min_complaints=2
    )
    assert plan["complaints"].tolist() == [0, 0, 0, 2, 1]
    assert plan["at_risk"].tolist() == [
        True,  # long-term, may switch
        True,  # terrorist in the survey
        False,  # a loyalist without complaints
        True,  # exactly min_complaints complaints
        False,  # one complaint fewer
    ]
    assert plan["loyalty_type"].isna().tolist() == [False, False, False, True, True]
    assert plan.loc["C1", "profit"] == 5.0
    for original, now in zip(before, (grades, period, classes, types, complaints), strict=True):
        pd.testing.assert_frame_equal(original, now)
    bare = planning.customer_plan(grades, period.drop(columns="profit"))
    assert not bare["at_risk"].any() and bare["profit"].isna().all()


# ---------------------------------------------------------------- hours within capacity


def test_hours_follow_basic_service_and_value_and_stay_within_capacity():
    plan = plan_of(["A", "A", "B", "C", "C"], [500.0, 300.0, 150.0, 40.0, 10.0],
                   profit=[100.0, 60.0, 30.0, 12.0, -2.0])  # fmt: skip
    hours = planning.customer_hours(plan, total_hours=1_000, base_service=0.2)
    # basic: 200 / 5 = 40 each; the other 800 by grade value (A 160, B 30, C 10 of 200),
    # then by each customer's own profit (C5 loses money: basic service only)
    assert hours.tolist() == pytest.approx([40 + 400, 40 + 240, 40 + 120, 40 + 40, 40])
    assert hours.sum() == pytest.approx(1_000)
    table = planning.service_allocation(
        plan, total_hours=1_000, base_service=0.2, account_hours=300, value="profit"
    )
    assert table["value_share"].tolist() == pytest.approx([0.8, 0.15, 0.05])
    assert table["resource_share"].tolist() == pytest.approx(
        [0.2 * 0.4 + 0.8 * 0.8, 0.2 * 0.2 + 0.8 * 0.15, 0.2 * 0.4 + 0.8 * 0.05]
    )
    assert table["hours"].tolist() == pytest.approx((table["resource_share"] * 1_000).tolist())
    assert table["hours_per_customer"].tolist() == pytest.approx([360.0, 160.0, 60.0])
    assert table["per_customer_vs_equal"].loc["A"] == pytest.approx(0.72 / 0.4)
    assert table["personal_accounts"].tolist() == [1, 0, 0]  # C1: 440 hours; C2: 280 < 300
    assert table["at_risk"].tolist() == [0, 0, 0]


def test_a_personal_account_starts_exactly_at_account_hours_in_the_first_grade_only():
    plan = plan_of(["A", "A", "A", "B"], [90.0, 80.0, 70.0, 10.0], profit=[9.0, 8.0, 7.0, 1.0])
    # basic 12.5 each; A's 192 value hours: 72, 64, 56; B's 8
    hours = planning.customer_hours(plan, total_hours=250, base_service=0.2)
    assert hours.tolist() == pytest.approx([84.5, 76.5, 68.5, 20.5])

    def personal(account_hours):
        return planning.service_allocation(
            plan, total_hours=250, base_service=0.2, account_hours=account_hours
        ).loc["A", "personal_accounts"]

    assert personal(76.5) == 2  # exactly the hours of C2: it counts
    assert personal(76.6) == 1
    assert personal(68.5) == 3
    assert personal(20) == 3  # B's 20.5 hours never make a personal account
    service = planning.assign_service(plan, hours, account_hours=76.5)
    assert service.astype(str).tolist() == [
        "personal_account", "personal_account", "account_team", "regular_visits"
    ]  # fmt: skip
    none = planning.service_allocation(plan, total_hours=0, base_service=0.2, account_hours=40)
    assert none["personal_accounts"].sum() == 0 and none["hours"].sum() == 0


def test_a_loss_making_grade_gets_only_basic_service_and_revenue_can_be_the_value():
    plan = plan_of(["A", "B", "C"], [60.0, 30.0, 10.0], profit=[10.0, 5.0, -5.0])
    table = planning.service_allocation(plan, total_hours=100, base_service=0.3)
    assert table.loc["C", "value_share"] == 0.0
    assert table.loc["C", "resource_share"] == pytest.approx(0.1)
    assert table.loc["C", "hours"] == pytest.approx(10.0)
    by_revenue = planning.service_allocation(plan, total_hours=100, value="revenue")
    assert by_revenue["value_share"].tolist() == pytest.approx([0.6, 0.3, 0.1])
    losing = plan_of(["A", "B", "B"], [60.0, 30.0, 10.0], profit=[-1.0, -3.0, -1.0])
    even = planning.service_allocation(losing, total_hours=90, base_service=0.0)
    assert even["value_share"].tolist() == pytest.approx([1 / 3, 2 / 3, 0.0])  # by head count
    hours = planning.customer_hours(losing, total_hours=90, base_service=0.0)
    assert hours.tolist() == pytest.approx([30.0, 30.0, 30.0])  # nobody profits: even split


def test_allocation_errors_name_the_fix():
    plan = plan_of(["A", "B"], [60.0, 40.0])
    with pytest.raises(DataError, match="value='revenue'"):
        planning.service_allocation(plan, total_hours=100)
    with pytest.raises(DataError, match="base_service must lie between 0 and 1"):
        planning.service_allocation(plan, total_hours=100, base_service=1.5, value="revenue")
    with pytest.raises(DataError, match="account_managers, hours_per_manager, account_hours"):
        planning.service_allocation(plan, total_hours=100, account_hours=0, value="revenue")


# ---------------------------------------------------------------- services and lists


def test_every_customer_gets_exactly_one_service():
    plan = plan_of(["A", "A", "A", "B", "C"], [50.0, 50.0, 80.0, 10.0, 5.0],
                   profit=[5.0, 5.0, 8.0, 1.0, 0.5])  # fmt: skip
    hours = planning.customer_hours(plan, total_hours=200, base_service=0.2)
    # basic 8 each; A's value hours 147.7: C1 and C2 41.0 each, C3 65.6
    service = planning.assign_service(plan, hours, account_hours=60)
    assert service.astype(str).tolist() == [
        "account_team",
        "account_team",
        "personal_account",
        "regular_visits",
        "low_cost_channels",
    ]
    assert list(service.cat.categories) == list(planning.SERVICES)
    assert service.notna().all() and len(service) == len(plan)
    counts = planning.service_allocation(plan, total_hours=200, base_service=0.2, account_hours=60)
    assert counts.loc["A", "personal_accounts"] == (service == "personal_account").sum()


def test_action_lists_count_customers_and_revenue():
    plan = plan_of(
        ["A", "A", "B", "C", "C"],
        [50.0, 30.0, 10.0, 6.0, 4.0],
        profit=[5.0, 0.0, 1.0, -1.0, 0.5],
        at_risk=[False, True, True, True, False],
        complaints=[0, 2, 1, 3, 0],
    )
    service = pd.Series(["personal_account", "account_team", "regular_visits",
                         "low_cost_channels", "low_cost_channels"], index=plan.index)  # fmt: skip
    groups = pd.DataFrame({"group": ["retain", "grow_share_of_wallet"]}, index=ids(2))
    lists = planning.action_lists(plan, service=service, groups=groups, min_complaints=2)
    assert lists["customers"].to_dict() == {
        "personal_account": 1,
        "rescue_first": 2,  # C2 and C3; C4 is at risk but in the last grade
        "repeated_complaints": 2,
        "low_cost_channels": 2,
        "grow_share_of_wallet": 1,
        "loss_making": 2,  # no profit: 0 and -1
    }
    assert lists.loc["rescue_first", "revenue_share"] == pytest.approx(0.4)
    without_profit = planning.action_lists(plan.assign(profit=np.nan), service=service)
    assert "loss_making" not in without_profit.index
    assert "grow_share_of_wallet" not in without_profit.index


# ---------------------------------------------------------------- the retention KPI


def orders_on(*pairs):
    return pd.DataFrame(
        {
            "customer_id": [c for c, _ in pairs],
            "order_date": pd.to_datetime([d for _, d in pairs]),
        }
    )


def test_retention_on_a_full_earlier_period():
    # as_of 2026-01-01, 365 days: later = [2025-01-01, 2026-01-01), earlier = [2024-01-02,
    # 2025-01-01) (2024 is a leap year)
    orders = orders_on(
        ("C1", "2023-01-01"),
        ("C1", "2024-01-01"),  # the day before the earlier period
        ("C1", "2024-01-02"),  # exactly at its start: counted
        ("C2", "2024-06-01"),
        ("C3", "2024-12-31"),  # its last day
        ("C2", "2025-01-01"),  # exactly at the later period's start: retained
        ("C3", "2025-12-31"),
        ("C4", "2026-01-01"),  # on the as-of date: not counted
    )
    kpi = planning.retention_kpi(orders, as_of="2026-01-01", period_days=365).iloc[0]
    assert kpi["earlier_start"] == pd.Timestamp("2024-01-02")
    assert (kpi["earlier_days"], kpi["earlier_customers"], kpi["retained"]) == (365, 3, 2)
    assert kpi["rate"] == pytest.approx(2 / 3)
    assert bool(kpi["complete"])


def test_retention_on_a_short_history_says_how_short():
    orders = orders_on(("C1", "2024-12-23"), ("C2", "2024-12-30"), ("C1", "2025-06-01"))
    kpi = planning.retention_kpi(orders, as_of="2026-01-01", period_days=365).iloc[0]
    assert kpi["earlier_days"] == 9 and not kpi["complete"]
    assert kpi["rate"] == 0.5
    later_only = orders_on(("C1", "2025-06-01"))
    none = planning.retention_kpi(later_only, as_of="2026-01-01", period_days=365).iloc[0]
    assert none["earlier_days"] == 0 and none["earlier_customers"] == 0
    assert np.isnan(none["rate"])


# ---------------------------------------------------------------- error messages name real things


def _raised(call):
    with pytest.raises(DataError) as caught:
        call()
    return str(caught.value)


def test_error_messages_name_functions_and_keywords_that_exist():
    import inspect
    import re

    from helpers import loyalty, plots, profiling  # noqa: F401 (named in the messages)

    summary = pd.DataFrame({"customer_id": ["C1"], "tenure_days": [1], "frequency": [1],
                            "status": ["active"], "trend": [0.0], "monetary": [1.0]})  # fmt: skip
    leads = pd.DataFrame({"lead_id": ["L1"]})
    cases = [
        (loyalty.behavioural_loyalty_classes,
         lambda: loyalty.behavioural_loyalty_classes(summary.drop(columns="status"),
                                                     as_of="2025-01-01")),
        (loyalty.behavioural_loyalty_classes,
         lambda: loyalty.behavioural_loyalty_classes(summary, leads, as_of="2025-01-01")),
        (loyalty.loyalty_type_table,
         lambda: loyalty.loyalty_type_table(summary, by="grade")),
        (loyalty.relationship_stages,
         lambda: loyalty.relationship_stages(summary.drop(columns="frequency"))),
        (planning.service_allocation,
         lambda: planning.service_allocation(plan_of(["A"], [1.0]), total_hours=1)),
        (planning.service_allocation,
         lambda: planning.service_allocation(plan_of(["A"], [1.0]), total_hours=1,
                                             account_hours=0, value="revenue")),
        (plots.loyalty_map,
         lambda: plots.loyalty_map(pd.DataFrame({"satisfaction": [1], "loyalty": [1]}))),
    ]  # fmt: skip
    modules = {"loyalty": loyalty, "planning": planning, "plots": plots, "profiling": profiling}
    for function, call in cases:
        # the last sentence of a missing-column message is the data contract's
        # (helpers.schema.require_columns), not this module's
        message = _raised(call).split("Fix: rename them")[0]
        for module, name in re.findall(r"\b(loyalty|planning|plots|profiling)\.(\w+)", message):
            assert hasattr(modules[module], name), f"{message!r} names {module}.{name}"
        keywords = set(inspect.signature(function).parameters)
        for keyword in re.findall(r"\b(\w+)=", message):
            assert keyword in keywords | {"account_managers", "hours_per_manager"}, message
