"""Lesson 02 on several data shapes: it runs, and what it says is what the readings say.

Each shape is run once (``tests/lesson_runs.py``); the test recomputes the tables from
``load_tables`` with the helpers and asserts that every key sentence the lesson showed is
exactly the reading function's output for those tables.
"""

from __future__ import annotations

import pytest

from helpers import lesson, profiling, rfm
from helpers.params import defaults
from helpers.readings import collection as rc
from helpers.readings import profiling as rp
from tests.lesson_runs import SHAPES, retail_available, run_lesson

STEM = "02_customer_profiling"
SHAPE_NAMES = ["seed7", "flat", "mostly_a", "orders_only", "online_retail"]


def expected_sentences(source: str) -> dict[str, str]:
    """The readings lesson 02 shows, computed here from the same tables."""
    p = defaults()
    run = lesson.start(source, show=False)
    tables, orders, as_of = run.tables, run.orders, run.as_of
    customers, products = tables.customers, tables.products
    summary = profiling.customer_summary(
        orders, as_of=as_of, period_days=p["period_days"],
        dormant_after_days=p["dormant_after_days"],
    )  # fmt: skip
    n = len(summary)
    ranked = profiling.rank_customers(summary)
    pareto = profiling.pareto_summary(ranked)
    out = {"agreement": rc.agreement(0, n, "customer", "customers")}
    out["ranking"] = ranking = rp.ranking_reading(ranked, pareto)
    dims = profiling.COMPOSITION_DIMENSIONS
    available = [] if customers is None else [d for d in dims if d in customers.columns]
    if available:
        table = profiling.composition_table(customers, available[0], summary=summary)
        out["composition"] = rp.composition_reading(table, available[0])
    else:
        out["composition"] = rp.composition_unavailable(customers is not None, dims)
    has_products = products is not None
    has_categories = has_products and "category" in products.columns
    out["margin_data"] = rp.margin_availability(
        has_cost=tables.has_cost, has_products=has_products,
        has_names=has_products and "product_name" in products.columns,
        has_categories=has_categories,
    )  # fmt: skip
    if tables.has_cost:
        margins = profiling.margin_by_product(orders, products=products)
        drawn = profiling.margin_by_category(margins) if has_categories else margins
        out["margin"] = rp.margin_reading(drawn)
        out["category_check"] = (
            rc.agreement(0, len(drawn), "category", "categories") if has_categories else ""
        )
        top10 = summary.loc[ranked.index[:10], ["monetary", "profit", "margin"]]
        out["top_margins"] = rp.top_customers_margin_reading(top10)
    scores = rfm.rfm_scores(summary, k=p["rfm_k"], ties=p["rfm_ties"])
    out["ties"] = rp.rfm_ties_reading(scores, rfm.score_counts(scores), ties=p["rfm_ties"])
    activity = profiling.activity_table(summary)
    out["activity"] = rp.activity_reading(
        activity, profiling.purchase_cycle_days(summary),
        dormant_after_days=p["dormant_after_days"],
    )  # fmt: skip
    groups = profiling.gold_and_drag_customers(summary, gold=p["gold_share"], drag=p["drag_share"])
    group_table = profiling.gold_and_drag_summary(
        groups, orders, as_of=as_of, period_days=p["period_days"]
    )
    out["gold"] = rp.gold_drag_reading(groups, group_table, gold=p["gold_share"],
                                       drag=p["drag_share"])  # fmt: skip
    persistence = profiling.gold_persistence(
        summary, as_of=as_of, period_days=p["period_days"], gold=p["gold_share"]
    )
    out["forecast"] = rp.gold_persistence_claim(persistence)
    complainers = None
    if tables.complaints is not None:
        complainers = profiling.big_customers_with_complaints(
            summary, tables.complaints, as_of=as_of, period_days=p["period_days"],
            top=p["big_top"], min_complaints=p["min_complaints"],
        )  # fmt: skip
    out["complaints"] = rp.complaints_reading(
        complainers, min_complaints=p["min_complaints"], big_top=p["big_top"]
    )
    by = "category" if has_categories else "product_id"
    prospects = profiling.cross_sell_prospects(
        orders, products, by=by, max_items=p["max_categories"],
        min_monetary=summary["monetary"].median(),
    )  # fmt: skip
    out["cross_sell"] = rp.cross_sell_reading(
        prospects, by=by, max_items=p["max_categories"], n_customers=n
    )
    out["summary"] = rp.profiling_summary(
        ranking=ranking, activity=activity, dormant_after_days=p["dormant_after_days"],
        group_summary=group_table, gold=p["gold_share"], persistence=persistence,
        overall_margin=pareto["profit"] / pareto["revenue"], complainers=complainers,
        prospects=prospects,
    )  # fmt: skip
    return out


@pytest.mark.notebooks
@pytest.mark.parametrize("shape", SHAPE_NAMES)
def test_lesson_02_says_what_the_readings_say(shape):
    if shape == "online_retail" and not retail_available():
        pytest.skip("UCI Online Retail is not in the cache")
    source = SHAPES[shape]
    text = run_lesson(STEM, source)
    missing = {k: v for k, v in expected_sentences(source).items() if v and v not in text}
    assert not missing, f"{STEM} on {shape}: not shown as the reading says: {missing}"


@pytest.mark.notebooks
def test_lesson_02_without_cost_says_so_and_shows_no_margin():
    text = run_lesson(STEM, SHAPES["orders_only"])
    assert "**This data has no cost column**" in text
    assert "The overall gross margin is" not in text
    assert "This data has no customer profile table" in text
    assert "This data has no complaints table" in text


@pytest.fixture(scope="module")
def sparse_folder(tmp_path_factory):
    """A company that has cost but only some of every optional table's columns:
    products without names or categories, customers with a channel only, complaints
    without reasons or a resolved flag."""
    from helpers.datasets import load_tables

    full = load_tables("course:seed=5,customers=80")
    folder = tmp_path_factory.mktemp("sparse")
    full.orders.to_csv(folder / "orders.csv", index=False)
    full.products[["product_id", "unit_price"]].to_csv(folder / "products.csv", index=False)
    full.customers[["customer_id", "channel"]].to_csv(folder / "customers.csv", index=False)
    full.complaints[["customer_id", "complaint_date"]].to_csv(
        folder / "complaints.csv", index=False
    )
    return folder


@pytest.mark.notebooks
def test_lesson_02_uses_what_the_optional_tables_have(sparse_folder):
    source = str(sparse_folder)
    text = run_lesson(STEM, source)
    missing = {k: v for k, v in expected_sentences(source).items() if v and v not in text}
    assert not missing, f"{STEM} on sparse tables: not shown as the reading says: {missing}"
    assert "The products table has neither names nor categories" in text
    assert "By channel, the group with the most customers is" in text
    assert "does not say which complaints were resolved" in text
    assert "This data has no product categories, so prospects are counted by products" in text
