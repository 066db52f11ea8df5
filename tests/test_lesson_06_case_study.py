"""Lesson 06 on many data shapes: the plan it shows is what the helpers compute for that data.

Each shape runs the lesson once (``tests/lesson_runs.py``); the test recomputes the plan
with the helpers from the same data and asserts that the page and the key sentences shown
are exactly the reading functions' output, and that the plan never hands out more hours
than the stated capacity.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import deciles, grading, lesson, loyalty, params, planning, profiling
from helpers.readings import plan as reading
from tests.lesson_runs import SHAPES, retail_available, run_lesson
from tests.test_lesson_05_loyalty import partial_folder  # noqa: F401 (a shared fixture)

P = params.defaults()


def expected(source: str) -> tuple[dict[str, str], dict[str, object]]:
    """The readings lesson 06 shows, and the plan's tables, computed here from the same data."""
    run = lesson.start(source, show=False)
    tables, as_of, orders = run.tables, run.as_of, run.orders
    period = run.period(P["period_days"])
    history_days = (as_of - orders["order_date"].min()).days
    has_cost = tables.has_cost
    value = "profit" if has_cost else "revenue"
    out = {
        "period": reading.planning_period(period.start, period.end, period_days=P["period_days"]),
        "warnings": reading.data_warnings(tables.problems),
        "verdict": reading.data_verdict(
            history_days=history_days,
            rows_in=tables.cleaning.rows_in,
            rows_out=tables.cleaning.rows_out,
            has_cost=has_cost,
            missing=tables.missing(),
            period_days=P["period_days"],
        ),
    }
    history = profiling.customer_summary(
        orders,
        as_of=as_of,
        period_days=P["period_days"],
        dormant_after_days=P["dormant_after_days"],
    )
    customers = profiling.customer_summary(period.orders, as_of=as_of)
    customers = customers.join(history[["tenure_days", "status", "trend"]].add_prefix("history_"))
    gold_drag = profiling.gold_and_drag_customers(
        customers, column="monetary", gold=P["gold_share"], drag=P["drag_share"]
    )
    profile = gold_drag.groupby("group", observed=False).agg(
        customers=("value", "size"), revenue=("value", "sum")
    )
    profile["revenue_share"] = profile["revenue"] / profile["revenue"].sum()
    out["profile"] = reading.profile_summary(
        history, profile, gold_share=P["gold_share"], drag_share=P["drag_share"]
    )
    grades = grading.abc_grade_by_share(customers, cutoffs=P["pareto_cutoffs"])
    regraded = tables.customers is not None and "potential" in tables.customers.columns
    if regraded:
        grades = grading.regrade_by_potential(grades, tables.customers)
    grades = grades.assign(profit=customers["profit"].reindex(grades.index))
    shape = grading.pyramid_table(grades, value=value if has_cost else "value")
    out["shape"] = reading.grade_shape(
        shape, pareto_top=P["pareto_top"], value=value, regraded=regraded
    )
    decile_table = deciles.customer_deciles(customers)
    out["concentration"] = reading.concentration(float(decile_table["revenue_share"].iloc[0]))
    groups = None
    if has_cost:
        groups = deciles.profitable_groups(
            customers.assign(trend=customers["history_trend"]),
            retain_share=P["retain_share"],
            grow_share=P["grow_share"],
            declining_below=P["declining_below"],
        )
    classes = loyalty.behavioural_loyalty_classes(
        history,
        as_of=as_of,
        long_term_days=P["long_term_days"],
        min_orders=P["min_orders"],
        declining_below=P["declining_below"],
    )
    inputs = loyalty.known_before(tables, as_of)
    has_survey, has_complaints = inputs.survey is not None, inputs.complaints is not None
    types = (
        loyalty.loyalty_matrix_types(
            inputs.survey,
            satisfaction_cuts=P["satisfaction_cuts"],
            loyalty_cut=P["loyalty_cut"],
            apostle_min=P["apostle_min"],
        )
        if has_survey
        else None
    )
    complaints = None
    if has_complaints:
        dated = pd.to_datetime(inputs.complaints["complaint_date"])
        complaints = inputs.complaints[dated >= period.start]
    plan = planning.customer_plan(
        grades,
        customers,
        classes=classes,
        types=types,
        complaints=complaints,
        min_complaints=P["min_complaints"],
    )
    total = P["account_managers"] * P["hours_per_manager"]
    allocation = planning.service_allocation(
        plan,
        total_hours=total,
        base_service=P["base_service"],
        account_hours=P["account_hours"],
        value=value,
    )
    hours = planning.customer_hours(
        plan, total_hours=total, base_service=P["base_service"], value=value
    )
    service = planning.assign_service(plan, hours, account_hours=P["account_hours"])
    lists = planning.action_lists(
        plan, service=service, groups=groups, min_complaints=P["min_complaints"]
    )
    survey_share = loyalty.survey_coverage(types, history)["share"] if has_survey else None
    out["page"] = "\n\n".join(
        [
            reading.page_title(
                tables.name, period_days=period.days, last_day=period.end - pd.Timedelta(days=1)
            ),
            reading.headline(allocation, value=value),
            reading.protect(
                allocation,
                plan,
                service,
                hours,
                account_managers=P["account_managers"],
                hours_per_manager=P["hours_per_manager"],
                account_hours=P["account_hours"],
                value=value,
            ),
            reading.rescue(
                lists,
                has_survey=has_survey,
                has_complaints=has_complaints,
                min_complaints=P["min_complaints"],
            ),
            reading.complaints_item(
                lists, has_complaints=has_complaints, min_complaints=P["min_complaints"]
            ),
            reading.grow_item(
                lists, has_cost=has_cost, retain_share=P["retain_share"], grow_share=P["grow_share"]
            ),
            reading.serve_item(allocation, value=value),
            reading.assumptions(
                pareto_cutoffs=P["pareto_cutoffs"],
                regraded=regraded,
                base_service=P["base_service"],
                total_hours=total,
                account_hours=P["account_hours"],
                has_survey=has_survey,
                has_cost=has_cost,
                history_days=history_days,
                period_days=P["period_days"],
                survey_share=survey_share,
            ),
        ]
    )
    retention = planning.retention_kpi(orders, as_of=as_of, period_days=P["period_days"])
    out["kpi"] = reading.kpi_table(retention, types=types)
    facts = {
        "allocation": allocation,
        "hours": hours,
        "total": total,
        "retention": retention,
        "shape": shape,
        "service": service,
    }
    return out, facts


def check_shape(source: str):
    shown = run_lesson("06_case_study", source)
    wanted, facts = expected(source)
    missing = {k: v for k, v in wanted.items() if v not in shown}
    assert not missing, f"06_case_study on {source}: not shown as computed: {missing}"
    # the plan never hands out more than the capacity, and every customer has one service
    assert facts["hours"].sum() == pytest.approx(facts["total"])
    assert facts["allocation"]["hours"].sum() == pytest.approx(facts["total"])
    assert facts["service"].notna().all()
    assert (
        facts["allocation"]["personal_accounts"].sum()
        == (facts["service"] == "personal_account").sum()
    )
    return shown, wanted, facts


@pytest.mark.notebooks
@pytest.mark.parametrize("shape", ["seed7", "flat", "mostly_a", "no_cost", "orders_only"])
def test_lesson_06_plan_is_computed_for_the_data(shape):
    shown, wanted, facts = check_shape(SHAPES[shape])
    a_share = facts["shape"]["customer_share"].iloc[0]
    if a_share <= P["pareto_top"]:
        assert "A is a small group" in wanted["shape"]
    else:
        assert "A is **not a small group here**" in wanted["shape"]
    if shape in ("mostly_a", "flat"):
        assert a_share > P["pareto_top"]  # these shapes are no pyramid
    if shape in ("no_cost", "orders_only"):
        assert "**Costs are not known**" in shown and "of the revenue" in wanted["page"]
    if shape == "orders_only":
        assert "3. **Start recording complaints.**" in wanted["page"]
        assert "there is no survey" in wanted["kpi"]
    assert "dedicated account staff" not in shown


@pytest.mark.notebooks
def test_lesson_06_on_a_survey_without_dates_and_complaints_without_flags(partial_folder):  # noqa: F811
    shown, wanted, facts = check_shape(partial_folder)
    assert "unhappy in the survey" in wanted["page"]  # the undated survey is used as one wave
    assert "<img" not in wanted["page"]


@pytest.mark.notebooks
def test_lesson_06_on_few_customers():
    shown, wanted, facts = check_shape(SHAPES["tiny"])
    assert facts["allocation"]["customers"].sum() < 30


@pytest.mark.notebooks
@pytest.mark.skipif(not retail_available(), reason="UCI Online Retail is not in the cache")
def test_lesson_06_on_online_retail_says_the_kpi_period_is_short():
    shown, wanted, facts = check_shape(SHAPES["online_retail"])
    retention = facts["retention"].iloc[0]
    assert not retention["complete"] and retention["earlier_days"] < 30
    assert "**measured on only" in wanted["kpi"]
    assert "A is **not a small group here**" in wanted["shape"]
