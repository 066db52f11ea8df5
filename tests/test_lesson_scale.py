"""A lesson on order lines beyond the memory budget gets the same customer tables, to the
cent, from every line by DuckDB; its order lines are a stated sample of whole customers."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import batches, prepared, profiling
from helpers.lesson import start
from tests.test_duckdb_path import AS_OF, awkward_lines

#: keep the awkward lines the course's cleaning would drop: returns, zero and negative
#: revenue, ids that differ only by case
OPTIONS = {"cleaning": {"zero_price": "keep", "returns": "keep"}, "id_case": "keep"}


@pytest.fixture(scope="module", params=["fixed", "varied"])
def runs(request, tmp_path_factory):
    """The same folder of tables started in memory and customer by customer."""
    folder = tmp_path_factory.mktemp(f"company-{request.param}")
    lines = awkward_lines(11, id_style=request.param)
    lines.to_parquet(folder / "orders.parquet", index=False)
    products = pd.DataFrame({"product_id": [f"P{i}" for i in range(13)], "category": None})
    products.loc[:11, "category"] = list("ABCD") * 3
    products.to_csv(folder / "products.csv", index=False)
    home = tmp_path_factory.mktemp("cache")
    with prepared.prepared_home(home):
        old = batches.SAMPLE_LINES
        batches.SAMPLE_LINES = 400
        try:
            in_memory = start(folder, None, {**OPTIONS, "order_lines": "memory"}, as_of=AS_OF,
                              show=False)  # fmt: skip
            by_customer = start(folder, None, {**OPTIONS, "order_lines": "files"}, as_of=AS_OF,
                                show=False)  # fmt: skip
        finally:
            batches.SAMPLE_LINES = old
    return in_memory, by_customer


def same(found, expected):
    pd.testing.assert_frame_equal(found, expected, check_exact=True, check_index_type=False)


def test_the_runs_differ_only_in_where_the_lines_are(runs):
    in_memory, by_customer = runs
    assert by_customer.sampled and not in_memory.sampled
    assert by_customer.orders["customer_id"].nunique() < in_memory.order_facts["customers"]
    assert by_customer.order_facts == in_memory.order_facts | {
        "source": by_customer.order_facts["source"]
    }
    assert by_customer.period(365).start == in_memory.period(365).start
    assert by_customer.period(5000).start == in_memory.period(5000).start  # cut at the first
    said = by_customer.describe()
    assert "customer by customer" in said and f"{len(by_customer.orders):,} lines" in said
    assert "customer by customer" not in in_memory.describe()


@pytest.mark.parametrize("days", [None, 365, 40])
def test_customer_summaries_are_equal(runs, days):
    in_memory, by_customer = runs
    begin = None if days is None else in_memory.period(days).start
    expected = in_memory.customer_summary(start=begin)
    assert (expected["profit"] < 0).any() and (expected["frequency"] == 1).any()
    same(by_customer.customer_summary(start=begin), expected)
    options = {"period_days": 90, "dormant_after_days": 30}
    same(by_customer.customer_summary(**options), in_memory.customer_summary(**options))


@pytest.mark.parametrize("freq", ["D", "W", "M"])
def test_lifetimes_summaries_are_equal(runs, freq):
    in_memory, by_customer = runs
    same(
        by_customer.customer_summary(convention="lifetimes", freq=freq),
        in_memory.customer_summary(convention="lifetimes", freq=freq),
    )


def test_sales_by_period_margins_and_prospects_are_equal(runs):
    in_memory, by_customer = runs
    products = in_memory.tables.products
    pd.testing.assert_frame_equal(
        by_customer.sales_by_period("QS"), in_memory.sales_by_period("QS"), check_freq=False,
        check_index_type=False,
    )  # fmt: skip
    summary = in_memory.customer_summary()
    for who in (None, summary.index[0], list(summary.index[:3])):
        same(
            by_customer.margin_by_product(customer_id=who, products=products),
            in_memory.margin_by_product(customer_id=who, products=products),
        )
    for by in ("category", "product_id"):
        found = by_customer.cross_sell(products, by=by, max_items=2, min_monetary=10.0)
        assert len(found)
        same(found, in_memory.cross_sell(products, by=by, max_items=2, min_monetary=10.0))


def test_the_sample_is_whole_customers_before_the_as_of_date(runs):
    in_memory, by_customer = runs
    sample = by_customer.orders
    assert (sample["order_date"] < AS_OF).all()
    chosen = sample["customer_id"].unique()
    expected = in_memory.orders[in_memory.orders["customer_id"].isin(chosen)]
    same(sample.reset_index(drop=True), expected.reset_index(drop=True))
    # a plain-pandas check on the sample agrees with the full table, customer by customer
    per_customer = profiling.customer_summary(sample, as_of=AS_OF)
    full = by_customer.customer_summary().loc[per_customer.index]
    same(per_customer, full)


def test_an_earlier_period_and_the_history_start_are_equal(runs):
    in_memory, by_customer = runs
    assert by_customer.first_order == in_memory.first_order == in_memory.orders["order_date"].min()
    assert by_customer.line_count == in_memory.line_count == len(in_memory.orders)
    tables = in_memory.tables
    assert by_customer.tables.rows("orders") == tables.rows("orders") == len(tables.orders)
    assert tables.rows("orders") > len(by_customer.tables.orders)
    later, both = in_memory.period(40), in_memory.period(80)
    lines = in_memory.orders
    earlier = lines[(lines["order_date"] >= both.start) & (lines["order_date"] < later.start)]
    expected = profiling.customer_summary(earlier, as_of=later.start)
    assert len(expected) and len(expected) < in_memory.order_facts["customers"]
    same(in_memory.customer_summary(start=both.start, end=later.start), expected)
    same(by_customer.customer_summary(start=both.start, end=later.start), expected)


@pytest.mark.parametrize("period_days", [40, 365])
def test_orders_and_buyers_per_period_are_equal(runs, period_days):
    from helpers import planning

    in_memory, by_customer = runs
    as_of = in_memory.as_of
    since = as_of - pd.Timedelta(days=2 * period_days)
    same(
        planning.retention_kpi(
            by_customer.orders_since(since), as_of=as_of, period_days=period_days
        ),
        planning.retention_kpi(in_memory.orders, as_of=as_of, period_days=period_days),
    )
    groups = profiling.gold_and_drag_customers(
        in_memory.customer_summary(period_days=period_days), column="revenue_last_period"
    )
    recent = as_of - pd.Timedelta(days=period_days)
    same(
        profiling.gold_and_drag_summary(
            groups, by_customer.orders_since(recent), as_of=as_of, period_days=period_days
        ),
        profiling.gold_and_drag_summary(
            groups, in_memory.orders, as_of=as_of, period_days=period_days
        ),
    )


def test_the_plain_pandas_checks_read_the_lines_in_memory(runs):
    in_memory, by_customer = runs
    same(in_memory.lines_summary(), in_memory.customer_summary())
    same(by_customer.lines_summary(), profiling.customer_summary(by_customer.orders, as_of=AS_OF))
    assert len(by_customer.lines_summary()) < len(by_customer.customer_summary())


def test_the_duckdb_spill_folder_goes_with_its_connection(runs, tmp_path, monkeypatch):
    import dataclasses
    import gc
    import tempfile

    _, by_customer = runs
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    run = dataclasses.replace(by_customer, _made={})  # the same data, no connection yet
    assert run.sampled
    run.customer_summary()
    spills = list(tmp_path.glob("course-duckdb-*"))
    assert len(spills) == 1 and spills[0].is_dir()
    del run
    gc.collect()
    assert not spills[0].exists()
