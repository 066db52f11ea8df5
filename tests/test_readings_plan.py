"""Every branch of the lesson 06 readings, on small tables whose numbers are checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import planning
from helpers.readings import plan as read
from helpers.schema import Problem


def allocation_of(customers, value_share, resource_share, hours, personal=0):
    customers = list(customers)
    n = sum(customers)
    table = pd.DataFrame(
        {
            "customers": customers,
            "customer_share": [c / n for c in customers],
            "value_share": value_share,
            "resource_share": resource_share,
            "hours": hours,
        },
        index=pd.Index(["A", "B", "C"][: len(customers)], name="grade"),
    )
    table["hours_per_customer"] = table["hours"] / table["customers"].replace(0, np.nan)
    table["per_customer_vs_equal"] = table["resource_share"] / table["customer_share"]
    table["personal_accounts"] = [personal] + [0] * (len(customers) - 1)
    return table


# ---------------------------------------------------------------- warnings and the data


def test_data_warnings_escape_every_field_and_say_when_there_are_none():
    assert read.data_warnings([]) == "No warning was found while loading the data."
    box = read.data_warnings(
        [
            Problem(
                "warning",
                "rule_removes_many",
                "cancellation removed 83% of lines",
                "orders <b>.csv",
                "set cancellation_prefix: null",
            ),
            Problem("warning", "survey_match", "only 18% of survey rows match a buyer"),
        ]
    )
    lines = box.splitlines()
    assert lines[0].startswith("> **Warnings found while loading the data.**")
    assert lines[2] == (
        "> - cancellation removed 83% of lines (orders &lt;b&gt;.csv). Fix: set "
        "cancellation\\_prefix: null"
    )
    assert lines[3] == "> - only 18% of survey rows match a buyer"
    assert "<b>" not in box


def test_planning_period_says_when_the_data_is_shorter():
    assert read.planning_period(
        pd.Timestamp("2024-12-23"), pd.Timestamp("2025-01-01"), period_days=365
    ) == (
        "The planning period runs from 2024-12-23 to 2024-12-31 (9 days). **The orders start "
        "later than 365 days before the as-of date**, so the period is shorter than "
        "`period_days`: every yearly figure below covers 9 days only."
    )


def test_data_verdict_in_each_case():
    full = read.data_verdict(
        history_days=731, rows_in=100, rows_out=100, has_cost=True, missing=[], period_days=365
    )
    assert "cleaning had nothing to set aside" in full and "tables are there" in full
    thin = read.data_verdict(
        history_days=373,
        rows_in=541_909,
        rows_out=397_924,
        has_cost=False,
        missing=["customers", "survey"],
        period_days=365,
    )
    assert thin == (
        "**Data verdict.** The orders cover 373 days up to the as-of date; cleaning set aside "
        "26.6% of the order lines (143,985 lines), each with its reason in the table above. "
        "**Costs are not known**, so customers are valued by **revenue**; a customer who "
        "brings revenue at a loss cannot be spotted. Missing tables: customers and survey; "
        "the steps that need them say so. The history is shorter than two planning periods, "
        "so trends (this period against the one before) are partly unknown."
    )
    one = read.data_verdict(
        history_days=800, rows_in=10, rows_out=9, has_cost=True, missing=[], period_days=365
    )
    assert "10% of the order lines (1 line)" in one


def test_profile_summary_with_and_without_period_customers():
    history = pd.DataFrame({"status": ["active"] * 3 + ["dormant"]})
    profile = pd.DataFrame(
        {"customers": [1, 2, 1], "revenue_share": [0.5, 0.4996, 0.0004]},
        index=["gold", "middle", "drag"],
    )
    text = read.profile_summary(history, profile, gold_share=0.05, drag_share=0.2)
    assert text.endswith("drag customers (the bottom 20%): 1, with under 0.1%.")
    nobody = profile.assign(customers=0)
    assert read.profile_summary(history, nobody, gold_share=0.05, drag_share=0.2) == (
        "4 customers in the history, 75% of them active; nobody bought in the planning period."
    )


def test_few_a_customers_only_when_true():
    few = allocation_of([20, 30, 50], [0.7, 0.2, 0.1], [0.6, 0.25, 0.15], [60, 25, 15])
    assert "A is a small group" in read.grade_shape(
        few, pareto_top=0.2, value="profit", regraded=False
    )
    many = allocation_of([26, 28, 46], [0.67, 0.24, 0.09], [0.59, 0.25, 0.16], [59, 25, 16])
    text = read.grade_shape(many, pareto_top=0.2, value="revenue", regraded=True)
    assert text.startswith(
        "After grading by share of the period's revenue and moving customers by their "
        "potential, 26 A customers make 26% of the period's 100 customers and bring 67% of "
        "the revenue."
    )
    assert "A is **not a small group here**" in text and "few" not in text.split("(")[0]
    one = allocation_of([1, 1, 1], [0.8, 0.1, 0.1], [0.6, 0.2, 0.2], [6, 2, 2])
    single = read.grade_shape(one, pareto_top=0.2, value="profit", regraded=False)
    assert "1 A customer makes 33% of the period's 3 customers and brings 80%" in single


def test_concentration_and_no_customers():
    assert read.concentration(0.61) == (
        "The top tenth of the period's customers brings 61% of its revenue, 6.1 times the 10% "
        "an equal tenth would bring."
    )
    assert read.concentration(float("nan")).startswith("Nobody bought in the period")


# ---------------------------------------------------------------- the recommendation


def test_page_title_and_headline():
    title = read.page_title(
        "<script>x</script>", period_days=9, last_day=pd.Timestamp("2024-12-31")
    )
    assert "<script>" not in title and title.endswith("the 9 days to 2024-12-31")
    allocation = allocation_of([1, 3, 0], [0.9, 0.1, 0.0], [0.7, 0.3, 0.0], [70, 30, 0])
    text = read.headline(allocation, value="profit")
    assert text.startswith("**Headline.** 1 A customer (25% of the period's 4 customers) brings")
    assert "brings 90% of the profit. It gets **70% of the service hours**" in text
    assert text.endswith("there are no C customers.")
    nobody = allocation_of([0, 3, 1], [0.0, 0.9, 0.1], [0.0, 0.8, 0.2], [0, 80, 20])
    assert read.headline(nobody, value="revenue") == (
        "**Headline.** No customer is graded A in this period."
    )


def protect_case(account_hours, total=1000.0):
    plan = pd.DataFrame(
        {
            "grade": pd.Categorical(["A", "A", "A", "B"], ordered=True),
            "revenue": [60.0, 20.0, 10.0, 10.0],
            "profit": [30.0, 10.0, 5.0, 5.0],
        },
        index=pd.Index(["C1", "C2", "C3", "C4"], name="customer_id"),
    )
    hours = planning.customer_hours(plan, total_hours=total, base_service=0.2)
    allocation = planning.service_allocation(
        plan, total_hours=total, base_service=0.2, account_hours=account_hours
    )
    service = planning.assign_service(plan, hours, account_hours=account_hours)
    return read.protect(
        allocation,
        plan,
        service,
        hours,
        account_managers=2,
        hours_per_manager=total / 2,
        account_hours=account_hours,
        value="profit",
    )


def test_protect_never_promises_more_than_the_capacity():
    # basic 50 each; value hours 800 by profit: C1 480, C2 160, C3 80, C4 80
    some = protect_case(300)
    assert "these hours pay for one for 1 of the 3 A customers" in some
    assert "with 67% of A's profit" in some
    assert "The other 2 A customers are served by the account team (170 hours each" in some
    every = protect_case(100)
    assert "pay for one for every A customer (3, 290 hours each a year on average)" in every
    none = protect_case(600)
    assert "no A customer's share of the value earns that much, so the 3 A customers" in none
    zero = read.protect(
        allocation_of([1], [1.0], [1.0], [0.0]),
        pd.DataFrame({"grade": ["A"], "profit": [1.0]}),
        pd.Series(["account_team"]),
        pd.Series([0.0]),
        account_managers=0,
        hours_per_manager=1400,
        account_hours=24,
        value="profit",
    )
    assert "The plan has no account manager hours" in zero


def lists_of(**counts):
    return pd.DataFrame(
        {"customers": counts, "revenue_share": {k: 0.1 * bool(v) for k, v in counts.items()}}
    )


def test_rescue_at_zero_one_and_many():
    options = {"has_survey": True, "has_complaints": True, "min_complaints": 2}
    many = read.rescue(lists_of(rescue_first=350), **options)
    assert (
        "350 A and B customers (10% of revenue) show a warning sign (long-term customers gone "
        "quiet or buying much less, unhappy in the survey or 2 complaints or more)" in many
    )
    assert "1 A or B customer (10% of revenue) shows" in read.rescue(
        lists_of(rescue_first=1), **options
    )
    zero = read.rescue(
        lists_of(rescue_first=0), has_survey=False, has_complaints=False, min_complaints=2
    )
    assert zero.endswith(
        "No A or B customer shows a warning sign (long-term customers gone quiet or buying "
        "much less): growth work can start at once."
    )


def test_complaints_grow_and_serve_items():
    assert read.complaints_item(
        lists_of(repeated_complaints=0), has_complaints=False, min_complaints=2
    ).startswith("3. **Start recording complaints.**")
    assert read.complaints_item(
        lists_of(repeated_complaints=0), has_complaints=True, min_complaints=3
    ).startswith("3. **Keep recording complaints.** No customer complained 3 times")
    assert "84 customers complained at least 2 times" in read.complaints_item(
        lists_of(repeated_complaints=84), has_complaints=True, min_complaints=2
    )
    grow = read.grow_item(
        lists_of(grow_share_of_wallet=0, loss_making=1),
        has_cost=True,
        retain_share=0.1,
        grow_share=0.5,
    )
    assert "No profitable customer makes the sales between the first 10% and 50%." in grow
    assert grow.endswith(
        "1 customer made no profit in the period: review their prices and "
        "terms before serving them more."
    )
    assert "Without costs, loss-making customers cannot be found" in read.grow_item(
        lists_of(), has_cost=False, retain_share=0.1, grow_share=0.5
    )
    c = allocation_of([2, 3, 5], [0.7, 0.2, 0.1], [0.6, 0.25, 0.15], [600, 250, 150])
    assert read.serve_item(c, value="profit").endswith("not visits: 30 hours each a year.")
    empty = allocation_of([2, 3, 0], [0.7, 0.3, 0.0], [0.6, 0.4, 0.0], [600, 400, 0])
    assert read.serve_item(empty, value="profit").startswith("5. **No C customers**")


def test_assumptions_list_only_the_gaps_that_are_there():
    options = dict(
        pareto_cutoffs=(0.8, 0.95),
        base_service=0.2,
        total_hours=8400,
        account_hours=24,
        period_days=365,
    )
    none = read.assumptions(
        regraded=True, has_survey=True, has_cost=True, history_days=731, survey_share=0.9, **options
    )
    assert none.endswith("No data gaps: every table the plan uses is there.")
    every = read.assumptions(
        regraded=False, has_survey=False, has_cost=False, history_days=373, **options
    )
    assert every.endswith(
        "**Gaps:** there is no survey, so false loyalty (hostages) is invisible; there are no "
        "costs, so value means revenue, not profit; there is no potential rating, so the "
        "grades look backwards only; the history is short, so trends are partly unknown."
    )
    assert "then moved by development potential" not in every
    mismatch = read.assumptions(
        regraded=True,
        has_survey=True,
        has_cost=True,
        history_days=731,
        survey_share=0.18,
        **options,
    )
    assert "fewer than half of the surveyed customers are among the buyers" in mismatch


def test_kpi_table_says_how_far_each_figure_can_be_trusted():
    def retention(days, customers, retained, complete):
        rate = retained / customers if customers else np.nan
        return pd.DataFrame(
            {
                "earlier_days": [days],
                "period_days": [365],
                "earlier_customers": [customers],
                "retained": [retained],
                "rate": [rate],
                "complete": [complete],
            }
        )

    full = read.kpi_table(retention(365, 1724, 1426, True)).splitlines()
    assert full[2] == (
        "| retention rate (客户保持率) | 82.7% of 1,724 customers | measured on the full earlier "
        "period of 365 days |"
    )
    short = read.kpi_table(retention(9, 1, 1, False)).splitlines()[2]
    assert "100% of 1 customer" in short and "**measured on only 9 of the 365 days" in short
    none = read.kpi_table(retention(0, 0, 0, False)).splitlines()[2]
    assert "not in this data" in none and "there is no earlier period" in none
    types = pd.DataFrame({"satisfaction": [6, 8]})
    with_survey = read.kpi_table(retention(365, 10, 5, True), types=types).splitlines()[3]
    assert "| 7.00 (2 surveyed customers) |" in with_survey


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plan_readings_run_in_both_languages(lang):
    allocation = allocation_of([2, 3, 5], [0.7, 0.2, 0.1], [0.6, 0.25, 0.15], [600, 250, 150])
    assert read.headline(allocation, value="profit", lang=lang)
    assert read.serve_item(allocation, value="profit", lang=lang)


def test_words_follow_the_language_of_the_sentence(monkeypatch):
    from helpers.readings import words

    allocation = allocation_of([2, 3, 5], [0.7, 0.2, 0.1], [0.6, 0.25, 0.15], [600, 250, 150])
    text = read.serve_item(allocation, value="profit", lang="zh")
    assert text.startswith("5. **高效服务 C 类客户**：5 位 C 类客户（占客户的 50%，占利润的 10%）")
    assert "customers" not in text
    # without a Chinese catalogue a zh reading is English throughout, never mixed
    monkeypatch.setattr(words, "catalogue", lambda lang, domain: {})
    assert words.reading_lang("zh") == "en"
    text = read.serve_item(allocation, value="profit", lang="zh")
    assert "5 C customers" in text and "位" not in text
