"""Lesson 02 readings: every branch on small hand-made tables whose numbers check by hand."""

import numpy as np
import pandas as pd
import pytest

from helpers import profiling, rfm
from helpers.readings import profiling as rp
from helpers.text import Safe

AS_OF = "2025-01-01"


def composition(regions, revenue):
    ids = [f"C{i}" for i in range(len(regions))]
    customers = pd.DataFrame({"customer_id": ids, "region": regions})
    summary = pd.DataFrame({"customer_id": ids, "monetary": revenue})
    return profiling.composition_table(customers, "region", summary=summary)


def test_composition_reading_with_missing_values():
    table = composition(["N", "N", "S", None], [10.0, 10.0, 60.0, 20.0])
    text = rp.composition_reading(table, "region")
    assert isinstance(text, Safe)
    assert text == (
        "1 customer (25%) has no region recorded and is left aside here. By region, the group "
        "with the most customers is **N** (50% of customers, 20% of revenue). Revenue per "
        "customer is highest in **S** (its share of revenue is 2.4 times its share of "
        "customers) and lowest in **N** (0.4 times)."
    )


def test_composition_reading_one_group_equal_groups_nothing_known():
    one = rp.composition_reading(composition(["N", "N"], [1.0, 3.0]), "region")
    assert one == "By region, the group with the most customers is **N** (100% of customers, " \
                  "100% of revenue)."  # fmt: skip
    equal = rp.composition_reading(composition(["N", "S"], [5.0, 5.0]), "region")
    assert equal.endswith("Revenue per customer is the same in every group.")
    unknown = rp.composition_reading(composition([None, None], [5.0, 5.0]), "region")
    assert unknown.startswith("No customer has a region recorded")
    counts_only = composition(["N", "S", "S"], [1.0, 1.0, 1.0]).drop(
        columns=["revenue", "revenue_share"]
    )
    assert rp.composition_reading(counts_only, "region") == (
        "By region, the group with the most customers is **S** (66.7% of customers)."
    )


def test_composition_unavailable():
    dims = ("business_type", "region")
    assert rp.composition_unavailable(False, dims).startswith(
        "This data has no customer profile table, so the composition of the customers (by "
        "business type and region) cannot be shown."
    )
    assert rp.composition_unavailable(True, dims).startswith(
        "The customer table has none of the columns"
    )


def ranked_and_pareto(values):
    table = pd.DataFrame({"customer_id": [f"C{i}" for i in range(len(values))],
                          "monetary": values})  # fmt: skip
    ranked = profiling.rank_customers(table)
    return ranked, profiling.pareto_summary(ranked)


def test_ranking_reading():
    ranked, pareto = ranked_and_pareto([50.0, 30.0, 10.0, 5.0, 5.0])
    assert rp.ranking_reading(ranked, pareto) == (
        "The largest customer (C0) brings 50% of revenue; the top 20% (1 customer) bring 50%."
    )
    ranked, pareto = ranked_and_pareto([0.0, 0.0])
    assert rp.ranking_reading(ranked, pareto).startswith("No customer has any revenue")


@pytest.mark.parametrize(
    ("flags", "start"),
    [
        ((False, False, False, False), "**This data has no cost column**"),
        ((True, False, False, False), "This data has cost but no products table"),
        ((True, True, False, False), "The products table has neither names nor categories"),
        ((True, True, True, False), "The products table has no categories"),
        ((True, True, False, True), "The products table has no product names"),
        ((True, True, True, True), "This data has cost, product names and categories"),
    ],
)
def test_margin_availability_says_what_it_cannot_show(flags, start):
    cost, products, names, categories = flags
    text = rp.margin_availability(has_cost=cost, has_products=products, has_names=names,
                                  has_categories=categories)  # fmt: skip
    assert text.startswith(start)


def test_margin_reading_branches():
    margins = pd.DataFrame(
        {"revenue": [100.0, 300.0, 100.0], "profit": [50.0, 30.0, -10.0],
         "margin": [0.5, 0.1, -0.1], "product_name": ["tea", None, "toner"]},
        index=pd.Index(["P1", "P2", "P3"], name="product_id"),
    )  # fmt: skip
    assert rp.margin_reading(margins) == (
        "The overall gross margin is 14%. The highest margin is in **tea** (50%), the lowest in "
        "**toner** (-10%). Sold below cost: toner."
    )
    fine = rp.margin_reading(margins.iloc[:2].drop(columns="product_name"))
    assert fine.endswith("the lowest in **P2** (10%). Nothing is sold below cost.")
    single = rp.margin_reading(margins.iloc[:1])
    assert single == "The overall gross margin is 50%. Nothing is sold below cost."
    unknown = rp.margin_reading(margins.assign(margin=np.nan))
    assert unknown.startswith("The margin is unknown everywhere")
    many = pd.DataFrame({"revenue": [10.0] * 7, "profit": [-1.0] * 7, "margin": [-0.1] * 7},
                        index=[f"P{i}" for i in range(7)])  # fmt: skip
    assert "Sold below cost: P0, P1, P2, P3 and P4 and 2 more." in rp.margin_reading(many)


def scores_table(frequency, ties):
    n = len(frequency)
    t = pd.DataFrame({"customer_id": [f"C{i:02d}" for i in range(n)], "recency_days": [5] * n,
                      "frequency": frequency, "monetary": [1.0] * n})  # fmt: skip
    scores = rfm.rfm_scores(t, k=5, ties=ties)
    return scores, rfm.score_counts(scores)


def test_rfm_ties_reading_shared():
    scores, counts = scores_table([1] * 6 + [2, 2, 7, 9], "shared")
    text = rp.rfm_ties_reading(scores, counts, ties="shared")
    assert "All 6 customers who ordered once share F = 1." in text
    assert "the F groups hold from 0 to 6 customers. No customer has F = 2 and 3." in text


def test_rfm_ties_reading_id_and_no_one_time_buyers():
    scores, counts = scores_table([1] * 6 + [2, 2, 7, 9], "id")
    text = rp.rfm_ties_reading(scores, counts, ties="id")
    assert "ordered by customer id" in text
    assert text.endswith("The 6 customers who ordered once are spread over F = 1, 2 and 3.")
    scores, counts = scores_table([2, 3, 4, 5, 6], "shared")
    text = rp.rfm_ties_reading(scores, counts, ties="shared")
    assert "ordered once" not in text and "from 1 to 1 customers" in text


def summary_of(status, prior=None):
    n = len(status)
    return pd.DataFrame(
        {"status": status, "revenue_last_period": [1.0] * n,
         "revenue_prior_period": prior or [10.0] * n},
        index=pd.Index([f"C{i}" for i in range(n)], name="customer_id"),
    )  # fmt: skip


def test_activity_reading_branches():
    activity = profiling.activity_table(summary_of(["active", "dormant", "dormant", "active"]))
    cycles = pd.Series([60.0, 100.0, 70.0])
    text = rp.activity_reading(activity, cycles, dormant_after_days=180)
    assert text == (
        "2 customers (50%) are dormant: no order for more than 180 days. In the prior period "
        "they brought 20 of revenue: business that is slipping away. Repeat buyers order about "
        "every 70 days (the median), so the cut-off allows about 2.6 missed buying cycles before "
        "a customer counts as dormant."
    )
    short = rp.activity_reading(activity, cycles, dormant_after_days=30)
    assert short.endswith("a longer cut-off fits this data better.")
    nobody = rp.activity_reading(profiling.activity_table(summary_of(["active"])), pd.Series(
        [], dtype=float), dormant_after_days=180)  # fmt: skip
    assert nobody.startswith("No customer is dormant: every customer ordered in the last 180")
    assert "no activity cycle" in nobody
    same_day = rp.activity_reading(activity, pd.Series([0.0]), dormant_after_days=180)
    assert same_day.endswith("the activity cycle is under a day.")


def groups_of(last):
    t = pd.DataFrame({"customer_id": [f"C{i:02d}" for i in range(len(last))],
                      "revenue_last_period": last})  # fmt: skip
    return profiling.gold_and_drag_customers(t, gold=0.1, drag=0.2)


def test_gold_drag_reading():
    groups = groups_of([50.0, 20.0, 10.0, 5.0, 5.0, 4.0, 3.0, 2.0, 1.0, 0.0])
    orders = pd.DataFrame({"customer_id": ["C00", "C01", "C08", "C08"], "order_id": list("abcd"),
                           "order_date": pd.to_datetime(["2024-12-01"] * 4)})  # fmt: skip
    summary = profiling.gold_and_drag_summary(groups, orders, as_of=AS_OF)
    text = rp.gold_drag_reading(groups, summary, gold=0.1, drag=0.2)
    assert text == (
        "The gold 10% (1 customer) bring **50%** of last period's revenue; the drag 20% (2 "
        "customers) bring 1% but place 50% of the period's orders. 1 customer of the drag group "
        "bought nothing at all in the last period."
    )
    many_idle = groups_of([50.0, 20.0] + [0.0] * 8)
    many_summary = profiling.gold_and_drag_summary(many_idle, orders, as_of=AS_OF)
    assert rp.gold_drag_reading(many_idle, many_summary, gold=0.1, drag=0.2).endswith(
        "8 customers bought nothing at all in the last period, more than the drag group holds: "
        "6 of them are counted in the middle group."
    )
    idle = groups_of([0.0] * 4)
    empty = profiling.gold_and_drag_summary(idle, orders.iloc[:0], as_of=AS_OF)
    assert rp.gold_drag_reading(idle, empty, gold=0.1, drag=0.2).startswith(
        "Nobody bought anything in the last period"
    )


def persistence(prior_gold, stayed, forecast, coverage):
    return pd.Series({"prior_gold": prior_gold, "stayed": stayed,
                      "stayed_share": stayed / prior_gold if prior_gold else np.nan,
                      "forecast_share": forecast, "prior_coverage": coverage})  # fmt: skip


def test_gold_persistence_claim_branches():
    holds = rp.gold_persistence_claim(persistence(10, 7, 0.4, 1.0))
    assert "Of the prior period's 10 gold customers, 7 (70%) are gold again, and together " \
           "they brought 40% of the last period's revenue." in holds  # fmt: skip
    assert "The forecast **holds** on this data" in holds and "Careful" not in holds
    fails = rp.gold_persistence_claim(persistence(10, 4, 0.2, 1.0))
    assert "The forecast **does not hold**" in fails
    one = rp.gold_persistence_claim(persistence(2, 1, 0.3, 1.0))
    assert "Of the prior period's 2 gold customers, 1 (50%) is gold again" in one
    weak = rp.gold_persistence_claim(persistence(1, 0, 0.05, 0.25))
    assert "Careful: the data covers only 25% of the prior period" in weak
    assert "None of the prior period's 1 gold customer is gold again" in weak
    none = rp.gold_persistence_claim(persistence(0, np.nan, np.nan, 0.0))
    assert none.endswith("so the forecast cannot be tested.")


def test_complaints_reading_branches():
    complainers = pd.DataFrame({"unresolved": [1, 0, 2]}, index=["C1", "C2", "C3"])
    text = rp.complaints_reading(complainers, min_complaints=2, big_top=0.2)
    assert text == (
        "3 customers of the top 20% complained 2 times or more in the period. 2 of them still "
        "have an open complaint: a list for the service manager this week."
    )
    resolved = rp.complaints_reading(complainers.assign(unresolved=0), min_complaints=2,
                                     big_top=0.2)  # fmt: skip
    assert "All their complaints are resolved" in resolved
    unknown = rp.complaints_reading(complainers.assign(unresolved=np.nan), min_complaints=3,
                                    big_top=0.1)  # fmt: skip
    assert "does not say which complaints were resolved" in unknown
    none = rp.complaints_reading(complainers.iloc[:0], min_complaints=2, big_top=0.2)
    assert none == "No big customer (top 20%) complained 2 times or more in the period."


def test_cross_sell_reading_branches():
    prospects = pd.DataFrame({"monetary": [5.0, 4.0]}, index=["C1", "C2"])
    by_category = rp.cross_sell_reading(prospects, by="category", max_items=2, n_customers=8)
    assert by_category == (
        "2 customers (25%) spend at least the median customer's amount but buy 2 product "
        "categories or fewer: the sales team's prospect list."
    )
    by_product = rp.cross_sell_reading(prospects.iloc[:1], by="product_id", max_items=1,
                                       n_customers=4)  # fmt: skip
    assert by_product.startswith("This data has no product categories")
    assert "buys 1 distinct product or fewer" in by_product
    none = rp.cross_sell_reading(prospects.iloc[:0], by="category", max_items=2, n_customers=4)
    assert none.startswith("No customer spends at least the median amount")
    assert "no product ids" in rp.cross_sell_reading(None, by="category", max_items=2,
                                                      n_customers=4)  # fmt: skip


def test_profiling_summary_bullets():
    activity = profiling.activity_table(summary_of(["active", "dormant"]))
    groups = groups_of([50.0, 30.0, 20.0])
    orders = pd.DataFrame({"customer_id": ["C00"], "order_id": ["a"],
                           "order_date": pd.to_datetime(["2024-12-01"])})  # fmt: skip
    group_summary = profiling.gold_and_drag_summary(groups, orders, as_of=AS_OF)
    text = rp.profiling_summary(
        ranking=Safe("Ranked."), activity=activity, dormant_after_days=180,
        group_summary=group_summary, gold=0.1, persistence=persistence(2, 1, 0.5, 1.0),
        overall_margin=np.nan, complainers=None, prospects=pd.DataFrame(index=["C1"]),
    )  # fmt: skip
    lines = text.split("\n")
    assert lines[0] == "- **Ranking.** Ranked."
    assert lines[1].startswith("- **Activity.** 1 customer (50%) has not ordered")
    assert lines[2] == ("- **Gold and drag.** The gold 10% bring 50% of last period's revenue; "
                        "50% of the prior period's gold customers are gold again.")  # fmt: skip
    assert lines[3].startswith("- **Margin.** Without cost data")
    assert lines[4] == "- **Cross-selling.** 1 customer is on the prospect list."
    assert len(lines) == 5
    with_more = rp.profiling_summary(
        ranking=Safe("R."), activity=activity, dormant_after_days=180,
        group_summary=group_summary, gold=0.1, persistence=persistence(2, 0, 0.5, 1.0),
        overall_margin=0.186, complainers=pd.DataFrame(index=["C1", "C2"]), prospects=None,
    )  # fmt: skip
    assert "only 0% of the prior period's gold customers" in with_more
    assert with_more.count("\n") == 4  # no cross-selling bullet without product ids
    empty = rp.profiling_summary(
        ranking=Safe("R."), activity=activity, dormant_after_days=180,
        group_summary=group_summary, gold=0.1, persistence=persistence(2, 1, 0.5, 1.0),
        overall_margin=0.1, complainers=None, prospects=pd.DataFrame(),
    )  # fmt: skip
    assert empty.endswith("- **Cross-selling.** The prospect list is empty.")
    assert "The overall gross margin is 18.6%" in with_more
    assert "- **Complaints.** 2 big customers with repeated complaints" in with_more


def test_top_customers_margin_reading_branches():
    top = pd.DataFrame({"margin": [0.2, 0.05, np.nan]}, index=["C1", "C2", "C3"])
    assert rp.top_customers_margin_reading(top) == (
        "Among the 3 largest customers the margin runs from 5% (C2) to 20% (C1); the products "
        "below are the ones that pull C2 down. The margin of 1 of them is unknown (a line "
        "without cost)."
    )
    one = rp.top_customers_margin_reading(top.iloc[:1])
    assert one == "Customer C1 keeps 20% of its revenue for us."
    unknown = rp.top_customers_margin_reading(top.iloc[2:])
    assert unknown.startswith("The margin of these customers is unknown")
