"""Readings of lesson 03: every branch, on small tables whose numbers can be checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import grading
from helpers.readings import grading as reading
from helpers.text import Safe


def customers(values, profit=None, frequency=None):
    t = pd.DataFrame(
        {"monetary": values}, index=pd.Index([f"C{i:02d}" for i in range(len(values))])
    )
    t.index.name = "customer_id"
    if profit is not None:
        t["profit"] = profit
    if frequency is not None:
        t["frequency"] = frequency
    return t


def never_ungrammatical(text: str) -> None:
    """No "0 of the 0", "1 customers", "no customers ... are" style slips."""
    for slip in ("0 of the 0", " 1 customers", "1 VIP customers", "0 customers", " it lose "):
        assert slip not in text, text


# ---------------------------------------------------------------- period and costs


def test_period_sentence_with_and_without_customers_and_a_short_history():
    start, end = pd.Timestamp("2025-01-01"), pd.Timestamp("2026-01-01")
    text = reading.period(start, end, customers([1000.4, 234.2]), days=365)
    assert isinstance(text, Safe)
    assert text == (
        "Grading period 2025-01-01 to 2025-12-31: 2 customers bought, for a revenue of 1,235."
    )
    one = reading.period(start, end, customers([5.0]), days=365, what="analysis period")
    assert one.startswith("Analysis period 2025-01-01 to 2025-12-31: 1 customer bought")
    empty = reading.period(start, end, customers([]), days=365)
    assert empty == "Grading period 2025-01-01 to 2025-12-31: no customer bought in it."
    short = reading.period(pd.Timestamp("2025-07-01"), end, customers([5.0]), days=365)
    assert short.endswith(
        "The data covers only 184 of the 365 days asked for, so the period is shorter."
    )


def test_profit_note_both_branches():
    assert "measured by **profit**" in reading.profit_note(True)
    assert reading.profit_note(False).startswith("**This data has no cost column**")


# ---------------------------------------------------------------- fixed amounts


def test_textbook_amounts_one_grade_or_several():
    all_c = grading.abc_grade_by_threshold(customers([900.0, 20.0]))
    assert "every customer is C, so the grading says nothing" in reading.textbook_amounts(all_c)
    assert "The largest customer bought 900" in reading.textbook_amounts(all_c)
    big = grading.abc_grade_by_threshold(customers([6e6, 2e6, 5e5, 1e5]))
    text = reading.textbook_amounts(big)
    assert (
        "(A from 5,000,000, B from 1,000,000) grade A gets 1 customer and grade B 1 customer"
        in (text)
    )
    none_b = grading.abc_grade_by_threshold(customers([6e6, 7e6, 5e5]))
    assert "grade A gets 2 customers and grade B no customers" in reading.textbook_amounts(none_b)
    empty = grading.abc_grade_by_threshold(customers([]))
    assert reading.textbook_amounts(empty).startswith("No customer bought in the period")


def test_fixed_amounts_derived_given_and_equal():
    derived = reading.fixed_amounts((10_000.0, 3_000.0), derived=True, cutoffs=(0.8, 0.95))
    assert "**A from 10,000**" in derived and "(cut-off 95%)" in derived
    assert "abc_thresholds" not in derived
    given = reading.fixed_amounts((50_000.0, 5_000.0), derived=False)
    assert given == (
        "Fixed amounts from the parameter abc_thresholds: **A from 50,000**, **B from 5,000**."
    )
    equal = reading.fixed_amounts((2_000.0, 2_000.0), derived=True)
    assert "no customer is B under fixed amounts" in equal and "abc_thresholds" in equal


def test_gradings_agree_branches():
    a = pd.DataFrame({"grade": ["A", "B", "C", "C"]}, index=["C1", "C2", "C3", "C4"])
    assert reading.gradings_agree(a, a) == "The two gradings agree for every customer."
    b = a.assign(grade=["A", "A", "C", "B"])
    assert reading.gradings_agree(a, b) == (
        "The two gradings agree for 50% of the customers (2 of 4)."
    )
    assert reading.gradings_agree(a.iloc[:0], a.iloc[:0]) == "There are no customers to compare."


# ---------------------------------------------------------------- Pareto and 80/20


def test_pareto_grade_a_counts_the_customer_who_crosses_the_mark():
    g = grading.abc_grade_by_share(customers([50.0, 30.0, 15.0, 5.0]))
    text = reading.pareto_grade_a(g, mark=0.8)
    assert "The 2 largest customers (50% of 4) make the first 80% of revenue" in text
    one = grading.abc_grade_by_share(customers([90.0, 10.0]))
    assert "The largest customer alone (50% of 2) makes the first 80%" in reading.pareto_grade_a(
        one, mark=0.8
    )


@pytest.mark.parametrize(
    ("values", "verdict"),
    [
        ([80.0, 5.0, 5.0, 5.0, 5.0], "the rule holds roughly in this data (between 70% and 90%)"),
        ([20.0, 20.0, 20.0, 20.0, 20.0], "is spread more evenly than the rule says (below 70%)"),
        ([96.0, 1.0, 1.0, 1.0, 1.0], "is even more concentrated than the rule says (above 90%)"),
    ],
)
def test_eighty_twenty_every_verdict(values, verdict):
    top = grading.top_share_by_group(customers(values), top=0.2).iloc[0]
    text = reading.eighty_twenty(top, top_share_of_customers=0.2)
    assert text.startswith("The textbook's 80/20 rule (二八法则) says that about 20% of the")
    assert "Here the top 20% of the customers (1 of 5) bring" in text
    assert verdict in text
    short = reading.summary_eighty_twenty(top)
    assert short.startswith("The top 1 customers (20%)") or short.startswith("The top 1 ")


def test_eighty_twenty_without_data_says_so():
    empty = pd.Series({"customers": 0, "top_customers": 0, "top_share": np.nan})
    assert reading.eighty_twenty(empty).endswith("This data has no revenue to test it on.")
    assert "cannot be tested" in reading.summary_eighty_twenty(empty)


# ---------------------------------------------------------------- VIP and potential


@pytest.mark.parametrize(("n", "k"), [(21, 1), (23, 1), (101, 2)])
def test_vip_counts_are_ceil_counts_and_grammatical(n, k):
    t = customers([float(n - i) for i in range(n)])
    g = grading.grade_by_rank(t, top=(0.01,), labels=("VIP", "other"))
    text = reading.vip(g, vip_share=0.01, total=float(t["monetary"].sum()))
    never_ungrammatical(text)
    if k == 1:
        assert f"The top 1% of {n} customers, rounded up, is 1 VIP customer" in text
        assert "; it brings" in text
    else:
        assert f"are {k} VIP customers" in text and "together they bring" in text
    assert reading.summary_vip(g, total=float(t["monetary"].sum())).startswith(
        "The one VIP customer (the top" if k == 1 else f"The {k} VIP customers (the top"
    )


def test_vip_without_customers():
    empty = grading.grade_by_rank(customers([]), top=(0.01,), labels=("VIP", "other"))
    assert "there are no VIP customers" in reading.vip(empty, vip_share=0.01, total=0.0)
    assert reading.summary_vip(empty, total=0.0) == "There are no VIP customers in this period."


def test_potential_moves_branches():
    assert reading.potential_moves(None).startswith("**This data has no potential rating**")
    none_moved = pd.DataFrame({"change": ["same", "same"], "potential": ["low", "high"]})
    assert reading.potential_moves(none_moved) == (
        "The potential rule moves no customer: every grade stays as it was."
    )
    moved = pd.DataFrame(
        {"change": ["up", "down", "down", "same"], "potential": ["high", "low", "low", None]}
    )
    text = reading.potential_moves(moved)
    assert text == (
        "The potential rule moves 1 customer up and 2 customers down; 1 customer keeps its "
        "grade. 1 customer has no rating and keeps its grade from revenue."
    )
    many = pd.DataFrame({"change": ["up", "same", "same"], "potential": [None, None, "low"]})
    assert "2 customers keep their grade. 2 customers have no rating" in reading.potential_moves(
        many
    )


# ---------------------------------------------------------------- five tiers


def test_five_tiers_reading_matches_the_helper():
    t = customers(
        [float(v) for v in range(100, 79, -1)],  # 21 customers
        profit=[float(v) for v in range(20, -1, -1)],  # the last one makes 0
        frequency=[3] * 21,
    )
    tiers = grading.five_tier_grades(t)
    text = reading.five_tiers(tiers, blue=0.05, green=0.20)
    # ceil(1.05) = 2 blue, ceil(4.2) = 5 -> 3 green; frequency = median -> red
    assert "Blue (the first 5% of the 21 customers by profit, rounded up): 2 customers" in text
    assert "green (the rest of the first 20%): 3 customers" in text
    assert "red (the other profitable customers with at least 3 orders, the median): 15" in text
    assert "transfer (the remaining profitable customers): no customers" in text
    assert "exit (no profit or a loss): 1 customer, 0 in all." in text
    assert reading.summary_exit(tiers) == (
        "1 customer (4.8%) is in the exit tier: it makes no profit."
    )


def test_five_tiers_without_costs_and_exit_branches():
    assert reading.five_tiers(None, blue=0.05, green=0.2).startswith(
        "**The five tiers need profit**"
    )
    assert reading.summary_exit(None).startswith("Without costs, no statement about profit")
    losers = pd.DataFrame(
        {"profit": [5.0, -2.0, -3.0], "tier": ["blue", "exit", "exit"]}, index=["a", "b", "c"]
    )
    assert reading.summary_exit(losers) == (
        "2 customers (66.7%) are in the exit tier: together they lose 5, which the other "
        "tiers pay for."
    )
    one = losers.iloc[:2]
    assert reading.summary_exit(one) == (
        "1 customer (50%) is in the exit tier: it loses 2, which the other tiers pay for."
    )
    none = losers.iloc[:1]
    assert reading.summary_exit(none).startswith("No customer is in the exit tier")


# ---------------------------------------------------------------- the pyramids


def pyramid(count, value):
    n = np.array(count)
    return pd.DataFrame(
        {"customers": n, "customer_share": n / n.sum(), "value_share": value},
        index=pd.Index(["A", "B", "C"], name="grade"),
    )


@pytest.mark.parametrize(
    ("count", "value", "verdict"),
    [
        ([2, 3, 5], [0.7, 0.2, 0.1], "This data agrees with the textbook."),
        ([6, 3, 1], [0.7, 0.2, 0.1], "This data agrees with the textbook on the profit only."),
        ([2, 3, 5], [0.3, 0.3, 0.4], "This data agrees with the textbook on the customers only."),
        ([5, 3, 2], [0.2, 0.3, 0.5], "This data does not agree with the textbook."),
    ],
)
def test_pyramids_every_branch(count, value, verdict):
    text = reading.pyramids(pyramid(count, value), measure="profit")
    assert text.endswith(verdict)
    shape = grading.pyramid_shape(pyramid(count, value))
    assert ("do not form the textbook's count pyramid" in text) != shape["count_pyramid"]
    assert ("does not form its inverted pyramid" in text) != shape["value_inverted"]
    assert "turned upside down" not in text


def test_pyramids_with_one_filled_grade_and_revenue():
    one = pyramid([0, 0, 5], [0.0, 0.0, 1.0])
    assert "All the customers are in one grade" in reading.pyramids(one, measure="revenue")
    text = reading.pyramids(pyramid([2, 3, 5], [0.7, 0.2, 0.1]), measure="revenue")
    assert "70% of the revenue" in text and "The revenue forms its inverted pyramid" in text


# ---------------------------------------------------------------- resource allocation


def allocation(resource, customer_share=(0.2, 0.3, 0.5), revenue=(0.7, 0.2, 0.1), profit=None):
    table = pd.DataFrame(
        {
            "customers": [20, 30, 50],
            "customer_share": customer_share,
            "revenue_share": revenue,
            "resource_share": resource,
        },
        index=pd.Index(["A", "B", "C"], name="grade"),
    )
    if profit is not None:
        table["profit_share"] = profit
    return table


def test_critique_head_count_and_the_top_grade_under_served():
    text = reading.allocation_critique(allocation([0.25, 0.35, 0.40]))
    assert text == (
        "**What is wrong.** Grade C gets 40% of the hours for 10% of the revenue (4.0 times "
        "its share), while grade A gets 25% of the hours for 70% of the revenue (0.36 times "
        "its share). The plan is closer to head count than to value: the best customers "
        "(grade A) are under-served, and they are the ones competitors court."
    )


def test_critique_branches_without_head_count():
    in_line = reading.allocation_critique(allocation([0.66, 0.22, 0.12]))
    assert in_line.startswith("**What is right.**") and "already follows value" in in_line
    leaning = reading.allocation_critique(allocation([0.5, 0.2, 0.3]))
    assert "head count" not in leaning
    assert "leans towards value but not enough: the best customers (grade A)" in leaning
    top_fine = reading.allocation_critique(
        allocation([0.75, 0.05, 0.2], customer_share=(0.1, 0.1, 0.8))
    )
    assert "leans towards value, but some grades are still far" in top_fine
    head_only = reading.allocation_critique(
        allocation([0.7, 0.15, 0.15], customer_share=(0.7, 0.15, 0.15), revenue=(0.45, 0.45, 0.1))
    )
    assert "effort goes where the customers are, not where the revenue is" in head_only


def test_adjusted_plan_in_line_towards_and_not_closer():
    current = allocation([0.25, 0.35, 0.40], profit=[0.7, 0.2, 0.1])
    in_line = current.assign(resource_share=[0.66, 0.22, 0.12])
    assert reading.adjusted_plan(current, in_line, value="profit", base_service=0.2) == (
        "The adjusted plan brings effort in line with value: every grade gets within 25% of "
        "its share of profit in hours."
    )
    towards = current.assign(resource_share=[0.6, 0.22, 0.18])
    text = reading.adjusted_plan(current, towards, value="profit", base_service=0.2)
    assert "falls from 4.0 times (grade C) to 1.8 times (grade C)" in text
    assert "because the basic service (20% of the hours) is spread by head count" in text
    no_base = reading.adjusted_plan(current, towards, value="profit", base_service=0.0)
    assert "basic service" not in no_base
    worse = current.assign(resource_share=[0.1, 0.1, 0.8])
    assert reading.adjusted_plan(current, worse, value="profit", base_service=0.2).startswith(
        "The adjusted plan does not bring effort closer to value"
    )
    short = reading.summary_plan(current, towards, value="profit")
    assert short == (
        "Today's plan gives grade C 4.0 times its share of revenue in hours; the adjusted "
        "plan moves effort towards value, with grade C still at 1.8 times its share of profit."
    )
    assert reading.summary_plan(current, in_line, value="profit").endswith(
        "the adjusted plan brings effort in line with value."
    )


def test_adjusted_plan_reading_on_the_helpers_tables():
    g = grading.abc_grade_by_share(customers([70.0, 20.0, 6.0, 4.0], profit=[14.0, 4.0, 1.0, 1.0]))
    current = grading.resource_allocation_table(g, {"A": 0.25, "B": 0.35, "C": 0.40})
    plan = grading.adjusted_plan(current, base_service=0.0, value="profit")
    adjusted = grading.resource_allocation_table(g, plan.to_dict())
    # without a basic service the plan follows profit exactly: in line
    assert grading.effort_in_line(adjusted, value="profit")
    assert "brings effort in line with value" in reading.adjusted_plan(
        current, adjusted, value="profit", base_service=0.0
    )


# ---------------------------------------------------------------- migration


def test_migration_periods_full_and_halves():
    before, after = pd.DataFrame(index=range(3)), pd.DataFrame(index=range(1))
    assert reading.migration_periods(365, 365, before, after) == (
        "Two periods of 365 days each: 3 customers bought in the earlier one, 1 customer in "
        "the later one."
    )
    halves = reading.migration_periods(187, 365, before, after)
    assert halves.endswith("split into two halves.") and "187 days" in halves


def moves(**values):
    base = {"moved_up": 0, "fell": 0, "fell_from_top": 0, "fell_from_top_value": 0.0}
    return pd.Series({**base, "lost_top": 0, "new_top": 0, **values})


def test_migration_actions_every_branch():
    nothing = reading.migration_actions(moves())
    assert nothing == (
        "**What to do.** No customer moved up. No customer fell to a lower grade. No A "
        "customer of the earlier period stopped buying."
    )
    one = reading.migration_actions(
        moves(moved_up=1, fell=1, fell_from_top=1, fell_from_top_value=99.0, lost_top=1)
    )
    assert "1 customer moved up: find out why" in one and "give it the service" in one
    assert "1 customer fell from A (it had bought 99 in the earlier period)" in one
    assert "1 A customer bought nothing in the later period: a win-back case." in one
    never_ungrammatical(one)
    many = reading.migration_actions(
        moves(moved_up=5, fell=4, fell_from_top=2, fell_from_top_value=1234.0, lost_top=3)
    )
    assert "4 customers fell, 2 of them from A (they had bought 1,234" in many
    assert "3 A customers bought nothing in the later period: a win-back case each." in many
    not_top = reading.migration_actions(moves(fell=1))
    assert "1 customer fell, not from A: check it first." in not_top
    assert reading.summary_migration(moves(moved_up=1, fell=0)) == (
        "Between the two periods 1 customer moved up and no customers fell: grading must be "
        "re-run every period."
    )


def test_migration_reading_on_the_helpers_tables():
    before = grading.abc_grade_by_share(customers([50.0, 30.0, 15.0, 5.0]))
    after = grading.abc_grade_by_share(customers([5.0, 30.0, 60.0, 5.0]))
    summary = grading.migration_summary(before, after)
    text = reading.migration_actions(summary)
    # C00 fell from A (it had bought 50); C02 rose from B to A
    assert "1 customer moved up" in text and "1 customer fell from A (it had bought 50" in text


# ---------------------------------------------------------------- the summary list


def test_bullets_and_amounts():
    assert reading.bullets([Safe("a"), "", Safe("b")]) == "- a\n- b"
    assert reading.summary_amounts((2_000.0, 500.0), derived=True) == (
        "Fixed grading amounts for this market, rounded from the data: A from 2,000, B from "
        "500 a period."
    )
    assert reading.summary_amounts((2_000.0, 500.0), derived=False).startswith(
        "Fixed grading amounts chosen for this run"
    )


def test_readings_escape_data_values():
    hostile = pd.DataFrame({"grade": ["<img src=x onerror=alert(1)>", "A"]}, index=["C1", "C2"])
    text = reading.gradings_agree(hostile, hostile.assign(grade=["A", "A"]))
    assert "<img" not in text
    pyr = pd.DataFrame(
        {"customers": [1, 2], "customer_share": [0.3, 0.7], "value_share": [0.8, 0.2]},
        index=["<script>x</script>", "B"],
    )
    assert "<script>" not in reading.pyramids(pyr, measure="profit")


def test_chinese_asked_gives_chinese_and_english_until_a_catalogue_exists(monkeypatch):
    from helpers.readings import words

    dates = (pd.Timestamp("2025-01-01"), pd.Timestamp("2026-01-01"))
    text = reading.period(*dates, customers([5.0, 20_000.0]), days=365, lang="zh")
    assert text == "分级期为 2025-01-01 至 2025-12-31：共有 2 位客户购买，销售额为 2万。"
    monkeypatch.setattr(words, "catalogue", lambda lang, domain: {})
    text = reading.period(*dates, customers([5.0]), days=365, lang="zh")
    assert text.startswith("Grading period")
    with pytest.raises(ValueError, match="lang"):
        reading.profit_note(True, lang="fr")
