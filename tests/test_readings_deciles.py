"""Readings of lesson 04: every branch, on small tables whose numbers can be checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import deciles, grading
from helpers.readings import deciles as reading


def customers(values, profit=None, trend=None):
    t = pd.DataFrame(
        {"customer_id": [f"C{i:02d}" for i in range(1, len(values) + 1)], "monetary": values}
    ).set_index("customer_id")
    if profit is not None:
        t["profit"] = profit
    if trend is not None:
        t["trend"] = trend
    return t


# ---------------------------------------------------------------- period, trend, costs


def test_trend_coverage_branches():
    assert reading.trend_coverage(customers([1.0, 2.0], trend=[0.1, -0.2])) == (
        "The trend is known for every customer."
    )
    some = reading.trend_coverage(customers([1.0, 2.0, 3.0], trend=[np.nan, np.nan, 0.0]))
    assert some.startswith("The trend is unknown for 2 of the 3 customers")
    none = reading.trend_coverage(customers([1.0], trend=[np.nan]))
    assert none.startswith("The trend is unknown for every customer")
    assert reading.trend_coverage(customers([], trend=[])) == "No customer bought in the period."


def test_profit_note_with_and_without_costs():
    one = reading.profit_note(customers([5.0, 3.0], profit=[2.0, -1.0]), True)
    assert one.endswith("Total profit in the period: 1; 1 customer made no profit or a loss.")
    none = reading.profit_note(customers([5.0], profit=[2.0]), True)
    assert none.endswith("Total profit in the period: 2; every customer made a profit.")
    assert reading.profit_note(customers([5.0]), False).startswith(
        "**This data has no cost column**"
    )


# ---------------------------------------------------------------- the decile tables


def test_customer_deciles_reading_sizes_and_shares():
    t = customers([float(v) for v in range(23)])
    text = reading.customer_deciles(deciles.customer_deciles(t))
    assert "Each group holds 2 or 3 customers" in text
    assert "Group 1 brings 25% of sales, group 10 only 0.4%." in text  # 63/253 and 1/253
    even = reading.customer_deciles(deciles.customer_deciles(customers([1.0] * 20)))
    assert "Each group holds 2 customers" in even
    empty = deciles.customer_deciles(customers([]))
    assert "No customer bought" in reading.customer_deciles(empty)


def test_value_deciles_reading_with_empty_tenths_and_costs():
    t = customers([35.0, 25.0, 20.0, 10.0, 5.0, 5.0], profit=[5.0, 4.0, 3.0, 2.0, 1.0, 1.0])
    table = deciles.value_deciles(t)  # tenths 1, 4, 7, 9, 10, 10
    text = reading.value_deciles(table, has_cost=True)
    assert "The first tenth of sales comes from 1 customer (16.7% of all)" in text
    assert "the last tenth from 2 (33% of all)" in text
    assert "Tenths 2, 3, 5, 6 and 8 have no customer of their own" in text
    assert "The orange bars show each tenth's share of profit" in text
    assert "orange" not in reading.value_deciles(table, has_cost=False)
    one_empty = deciles.value_deciles(customers([15.0, 5.0, 80.0]), groups=2)
    assert "Part 2" not in reading.value_deciles(one_empty, has_cost=False)  # both halves filled


def test_two_sides_meets_the_tables():
    t = customers([50.0] + [5.0] * 9 + [1.0] * 10)  # total 105
    by_customers, by_sales = deciles.customer_deciles(t), deciles.value_deciles(t)
    text = reading.two_sides(by_customers, by_sales)
    # the top two customers (10%) bring 55 of 105; C01 alone makes tenths 1 to 4 and C02
    # starts in tenth 5 (at 50/105): the first 5 tenths are made by 2 of 20 customers
    assert "the top 10% of customers bring 52% of sales" in text
    assert "the first 5 tenths of sales are 10% of all customers" in text
    flat = customers([1.0] * 20)
    spread = reading.two_sides(deciles.customer_deciles(flat), deciles.value_deciles(flat))
    assert "the customers who make the first tenth of sales are 10% of all" in spread


# ---------------------------------------------------------------- profit concentration


def claim_tables(values, profit):
    t = customers(values, profit=profit)
    return (
        deciles.customer_deciles(t, groups=2),
        deciles.value_deciles(t, groups=2),
        deciles.value_deciles(t, by="profit", groups=2),
        t,
    )


@pytest.mark.parametrize(
    ("values", "profit", "verdict"),
    [
        # decile 1 (C01, C02) makes 70% of sales and 95% of profit; one customer makes
        # the first half of profit, two the first half of sales (C02 starts at 40%)
        ([40.0, 30.0, 20.0, 10.0], [60.0, 35.0, 4.0, 1.0], "On both counts profit is more"),
        (
            [50.0, 30.0, 15.0, 5.0],
            [60.0, 35.0, 4.0, 1.0],
            "on the other as concentrated: this data leans towards",
        ),
        ([50.0, 30.0, 15.0, 5.0], [10.0, 10.0, 10.0, 10.0], "On both counts profit is less"),
        ([50.0, 30.0, 15.0, 5.0], [40.0, 40.0, 10.0, 10.0], "on the other as concentrated"),
        ([40.0, 40.0, 10.0, 10.0], [40.0, 40.0, 10.0, 10.0], "On both counts profit is as"),
        # decile 1 makes 60% of profit against 70% of sales, but one customer makes the
        # first half of profit against two for sales
        ([40.0, 30.0, 20.0, 10.0], [60.0, 0.0, 40.0, 0.0], "The two counts disagree"),
    ],
)
def test_profit_concentration_every_verdict(values, profit, verdict):
    text = reading.profit_concentration(*claim_tables(values, profit))
    assert text.startswith("The textbook says that profit is more concentrated than sales")
    assert verdict in text


def test_profit_concentration_losses_and_no_costs():
    losing = reading.profit_concentration(*claim_tables([50.0, 30.0, 15.0, 5.0], [30, 20, -1, -2]))
    assert "Decile 2 loses money as a group: the second half of the claim holds here." in losing
    hidden = reading.profit_concentration(*claim_tables([50.0, 30.0, 15.0, 5.0], [30, -2, 5, 2]))
    assert "No decile loses money as a group, though 1 customer inside them makes no profit" in (
        hidden
    )
    clean = reading.profit_concentration(*claim_tables([50.0, 30.0, 15.0, 5.0], [3, 2, 1, 1]))
    assert clean.endswith("No decile loses money, and no customer makes a loss.")
    by_c, by_s, _, t = claim_tables([50.0, 30.0], [1.0, 1.0])
    assert reading.profit_concentration(by_c, by_s, None, t).endswith(
        "Without costs this data cannot test it."
    )


# ---------------------------------------------------------------- groups and transactional


def test_groups_need_profit_both_branches():
    assert "counts the groups" in reading.groups_need_profit(True)
    assert "**by sales alone**" in reading.groups_need_profit(False)


def kinds_table(margin_trans, per_trans, trans=3, rel=2):
    return pd.DataFrame(
        {
            "customers": [rel, trans],
            "customer_share": [rel / (rel + trans), trans / (rel + trans)],
            "profit_share": [0.6, 0.4],
            "margin": [0.2, margin_trans],
            "profit_per_customer": [30.0, per_trans],
        },
        index=pd.Index(["relationship", "transactional"], name="kind"),
    )


@pytest.mark.parametrize(
    ("margin", "per_customer", "price", "little"),
    [
        (0.1, 10.0, "agrees with the first half", "agrees with the second half"),
        (0.3, 10.0, "does not agree with the first half", "agrees with the second half"),
        (0.1, 50.0, "agrees with the first half", "does not agree with the second half either"),
        (0.3, 30.0, "does not agree with the first half", "does not agree with the second half"),
    ],
)
def test_transactional_claim_every_branch(margin, per_customer, price, little):
    text = reading.transactional_claim(kinds_table(margin, per_customer))
    assert text.startswith("The textbook says that transactional customers (交易客户) buy on")
    assert "Here the 3 transactional customers (60%) bring 40% of the profit" in text
    assert price in text and little in text


def test_transactional_claim_no_costs_and_empty_kinds():
    assert reading.transactional_claim(None).endswith("Without costs this data cannot test it.")
    none = kinds_table(0.1, 10.0, trans=0)
    assert "no transactional customers" in reading.transactional_claim(none)
    everyone = kinds_table(0.1, 10.0, rel=0)
    assert "no relationship customers" in reading.transactional_claim(everyone)
    one = kinds_table(0.1, 10.0, trans=1)
    assert "Here the one transactional customer (33.3%) brings" in reading.transactional_claim(one)


def test_transactional_claim_on_the_helpers_tables():
    t = customers([60.0, 30.0, 6.0, 4.0], profit=[6.0, 3.0, 3.0, 1.0], trend=[0.0, 0.0, 0.0, 0.0])
    kinds = deciles.transactional_vs_relationship(
        deciles.profitable_groups(t, retain_share=0.5, grow_share=0.8)
    )
    text = reading.transactional_claim(kinds)
    # transactional C03, C04: margin 40% against 10%, profit 2 each against 4.5
    assert "at a margin of 40% against 10% for the relationship customers" in text
    assert "(2 against 4)" in text or "(2 against 5)" in text  # 4.5 shown as a whole number


# ---------------------------------------------------------------- 80/20 per group


def check_table(top_shares, columns, groups):
    return pd.DataFrame(
        {
            "measure": ["sales"] * len(top_shares),
            "column": columns,
            "group": groups,
            "customers": [100] * len(top_shares),
            "top_share": top_shares,
            "verdict": grading.pareto_verdict(np.array(top_shares)),
        }
    )


def test_pareto_check_reading_branches():
    holds = check_table([0.8, 0.82, 0.55], ["", "region", "region"], ["all", "N", "<b>S</b>"])
    text = reading.pareto_check(holds, gini=0.7, top=0.2)
    assert "overall the 80/20 rule holds roughly (Gini coefficient, 基尼系数, 0.70)" in text
    assert "It does not hold for sales, region = &lt;b&gt;S&lt;/b&gt; (55%" in text
    assert "<b>" not in text
    assert "It holds roughly for 2 of the 3 rows." in text and "*differences between*" in text
    less = check_table([0.4] * 5, ["", "r", "r", "r", "r"], ["all", "a", "b", "c", "d"])
    less_text = reading.pareto_check(less, gini=0.3, top=0.2)
    assert "does not hold, sales are less concentrated (below 70%" in less_text
    assert "It does not hold inside any of the 4 groups either" in less_text
    assert "It holds roughly for none of the 5 rows." in less_text
    assert "*differences between*" not in less_text
    more = check_table([0.95], [""], ["all"])
    more_text = reading.pareto_check(more, gini=0.9, top=0.2)
    assert "sales are more concentrated (above 90%" in more_text
    assert "rows" not in more_text and "does not hold for" not in more_text


def test_pareto_check_reading_on_the_helpers_table():
    t = customers([100.0] * 8 + [10.0] * 32, profit=[10.0] * 40)
    check = deciles.pareto_check(t)
    text = reading.pareto_check(check, gini=grading.gini_coefficient(t), top=0.2)
    assert "The top 20% of customers bring 71% of sales" in text  # 800 of 1,120
    assert "profit, all customers (20%, less concentrated)" in text


# ---------------------------------------------------------------- the summary


def test_summary_lines():
    t = customers([50.0, 30.0, 15.0, 5.0], profit=[5.0, 3.0, -1.0, 0.0], trend=[0.0] * 4)
    by_c, by_s = deciles.customer_deciles(t, groups=2), deciles.value_deciles(t, groups=2)
    top = reading.summary_top(by_c, by_s)
    assert top == (
        "The top 50% of customers bring 80% of sales; the first part of sales depends on "
        "one customer, so losing it is felt at once."
    )
    groups = grading.grade_summary(deciles.profitable_groups(t), grade="group", revenue="revenue")
    lines = reading.summary_groups(groups, sales_only=False)
    assert len(lines) == 4 and lines[0].startswith("Retain: 1 customer, ")
    sales_only = grading.grade_summary(
        deciles.sales_only_groups(t), grade="group", revenue="revenue"
    )
    (only,) = reading.summary_groups(sales_only, sales_only=True)
    assert only.startswith("By sales alone (no costs), the retain candidates are 1 customer (50%")
    assert reading.summary_losses(t, has_cost=True) == (
        "2 customers made no profit or a loss (-1 in all): prices, terms or service for them "
        "need a review."
    )
    assert reading.summary_losses(t, has_cost=False) == ""
    assert reading.summary_losses(t.assign(profit=1.0), has_cost=True).startswith("Every customer")


def test_summary_pareto_branches():
    one = check_table([0.8], [""], ["all"])
    assert reading.summary_pareto(one, top=0.2) == (
        "80/20: the top 20% bring 80% of sales (holds roughly)."
    )
    all_agree = check_table([0.8, 0.75], ["", "r"], ["all", "a"])
    assert "every one of the 2 checks agrees" in reading.summary_pareto(all_agree, top=0.2)
    one_differs = check_table([0.8, 0.5], ["", "r"], ["all", "a"])
    assert "1 of the 2 checks differs from the rule." in reading.summary_pareto(
        one_differs, top=0.2
    )
    two_differ = check_table([0.8, 0.5, 0.95], ["", "r", "r"], ["all", "a", "b"])
    assert "2 of the 3 checks differ from the rule." in reading.summary_pareto(two_differ, top=0.2)


def test_groups_checked_says_what_the_check_cannot_see():
    assert reading.groups_checked(None).startswith("This data has no customer table")
    full = pd.DataFrame(columns=["customer_id", "customer_type", "business_type", "region"])
    assert reading.groups_checked(full) == ""
    one = reading.groups_checked(full.drop(columns="region"))
    assert one == (
        "The customer table has no region column, so the rule is not checked inside those groups."
    )
    two = reading.groups_checked(full.drop(columns=["region", "customer_type"]))
    assert "has no customer_type or region column" in two


def test_negative_revenue_is_said_only_when_there_is_some():
    assert reading.negative_revenue(customers([5.0, 0.0])) == ""
    one = reading.negative_revenue(customers([5.0, -1.0]))
    assert one.startswith("1 customer returned more than it bought") and "leave it out" in one
    two = reading.negative_revenue(customers([-5.0, -1.0, 3.0]))
    assert two.startswith("2 customers returned more than they bought") and "leave them out" in two
