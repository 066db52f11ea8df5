"""The DuckDB path gives the pandas path's customer tables, to the cent, on awkward data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import bigdata, profiling
from helpers.parsing import parse_dates
from helpers.schema import DataError

AS_OF = pd.Timestamp("2025-01-01")


def awkward_lines(seed: int, *, id_style: str = "fixed") -> pd.DataFrame:
    """Generated order lines with the values that trip aggregations up.

    Mixed-case text ids (C0001 and c0001 are two customers; fixed width, or of varying
    length with Chinese characters), one-line customers, customers tied on revenue, zero
    and negative profit, a line without cost, half-cent amounts, lines exactly on the
    as-of date and on the period boundaries, negative and zero amounts, times of day.
    """
    rng = np.random.default_rng(seed)
    n_customers = 120
    if id_style == "fixed":
        stems = [f"{'Cc'[i % 2]}{i // 2:04d}" for i in range(n_customers)]  # C0003 and c0003
    else:
        words = ["a", "B", "客户", "é", "Z", "z9", "0"]
        stems = [f"{rng.choice(words)}{i}" for i in range(n_customers)]
    n = 2_000
    customer = rng.integers(0, n_customers, n)
    order = customer * 100 + rng.integers(0, 6, n)  # an order belongs to one customer
    day = rng.integers(-3 * 365, 30, n)  # some lines after the as-of date
    seconds = rng.integers(0, 86_400, n) * (rng.random(n) < 0.5)
    dates = AS_OF + pd.to_timedelta(day, unit="D") + pd.to_timedelta(seconds, unit="s")
    revenue = np.round(rng.lognormal(3, 1, n), 2)
    revenue[rng.random(n) < 0.03] = 0.125  # an exact half cent: rounds to even (12 cents)
    revenue[rng.random(n) < 0.03] = 2.675  # stored just below a half cent
    revenue[rng.random(n) < 0.02] *= -1  # returns kept as negative lines
    revenue[rng.random(n) < 0.02] = 0.0
    cost = np.round(revenue * rng.uniform(0.5, 1.2, n), 3)  # some lines at a loss
    equal = rng.random(n) < 0.05
    cost[equal] = revenue[equal]  # zero profit
    frame = pd.DataFrame(
        {
            "customer_id": pd.array(np.array(stems)[customer], dtype="str"),
            "order_id": pd.array([f"{'o' if o % 3 == 0 else 'O'}{o}" for o in order], dtype="str"),
            "order_date": dates.astype("datetime64[us]"),
            "product_id": pd.array([f"P{p}" for p in rng.integers(0, 15, n)], dtype="str"),
            "quantity": rng.integers(1, 9, n).astype(np.int64),
            "revenue": revenue,
            "cost": cost,
        }
    )
    boundary = pd.DataFrame(
        {
            # one-line customers, two tied on revenue; lines on as_of (left out), on the
            # first day of the last period and the last microsecond before as_of
            "customer_id": ["ONE1", "TIE1", "TIE2", "EDGE", "EDGE", "EDGE", "EDGE", "NOCOST"],
            "order_id": ["x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8"],
            "order_date": pd.to_datetime(
                [
                    "2024-06-01",
                    "2024-06-01 13:00",
                    "2023-02-01",
                    "2025-01-01 00:00:00",
                    "2024-01-02 00:00:00",
                    "2023-01-03 00:00:00",
                    "2024-12-31 23:59:59.999999",
                    "2024-05-05",
                ],
                format="ISO8601",
            ).astype("datetime64[us]"),
            "product_id": ["P1", "P1", "P2", "P3", "P3", "P3", "P4", "P5"],
            "quantity": [1, 2, 2, 1, 1, 1, 1, 1],
            "revenue": [15.5, 40.0, 40.0, 99.0, 10.0, 20.0, 0.01, 30.0],
            "cost": [15.5, 41.0, 10.0, 1.0, 5.0, 5.0, 0.0, np.nan],
        }
    )
    both = pd.concat([frame, boundary], ignore_index=True)
    both["customer_id"] = both["customer_id"].astype("str")
    return both


def files_of(lines: pd.DataFrame, folder) -> dict[str, object]:
    """The same lines as a frame in memory, a Parquet file and a CSV file."""
    parquet = folder / "orders.parquet"
    lines.to_parquet(parquet, index=False)
    csv = folder / "orders.csv"
    lines.to_csv(csv, index=False)
    return {"frame": lines, "parquet": parquet, "csv": csv}


@pytest.fixture(scope="module", params=["fixed", "varied"])
def awkward(request, tmp_path_factory):
    lines = awkward_lines(7, id_style=request.param)
    return lines, files_of(lines, tmp_path_factory.mktemp(f"awkward-{request.param}"))


@pytest.mark.parametrize("kind", ["frame", "parquet", "csv"])
@pytest.mark.parametrize("start", [None, "2024-01-02"])
def test_customer_summary_equals_pandas(awkward, kind, start):
    lines, files = awkward
    source = bigdata.OrderLineFiles(files[kind])
    window = lines if start is None else lines[lines["order_date"] >= start]
    expected = profiling.customer_summary(window, as_of=AS_OF)
    found = bigdata.customer_summary(source, as_of=AS_OF, start=start)
    pd.testing.assert_frame_equal(found, expected, check_exact=True, check_index_type=False)
    assert found.index.equals(expected.index)  # same customers in the same (code point) order


def test_awkward_values_are_really_there(awkward):
    lines, _ = awkward
    summary = profiling.customer_summary(lines, as_of=AS_OF)
    assert (summary["frequency"] == 1).any()
    assert (summary["profit"] < 0).any() and (summary["profit"] == 0).any()
    assert summary["profit"].isna().any()  # the customer with a line of unknown cost
    assert summary["monetary"].duplicated().any()
    lowered = summary.index.str.lower()
    assert lowered.duplicated().any() or summary.index.str.contains("客户").any()
    assert "EDGE" in summary.index and summary.loc["EDGE", "revenue_last_period"] == 10.01
    assert summary.loc["EDGE", "revenue_prior_period"] == 20.0
    assert summary.loc["EDGE", "recency_days"] == 1  # the line on the as-of date is left out


@pytest.mark.parametrize("period_days,dormant", [(365, 180), (90, 30)])
def test_customer_summary_options_equal_pandas(awkward, period_days, dormant):
    lines, files = awkward
    expected = profiling.customer_summary(
        lines, as_of=AS_OF, period_days=period_days, dormant_after_days=dormant
    )
    found = bigdata.customer_summary(
        files["parquet"], as_of=AS_OF, period_days=period_days, dormant_after_days=dormant
    )
    pd.testing.assert_frame_equal(found, expected, check_exact=True, check_index_type=False)


def test_summary_without_cost_or_quantity_equals_pandas(awkward):
    lines, _ = awkward
    bare = lines.drop(columns=["cost", "quantity"])
    expected = profiling.customer_summary(bare, as_of=AS_OF)
    found = bigdata.customer_summary(bare, as_of=AS_OF)
    pd.testing.assert_frame_equal(found, expected, check_exact=True, check_index_type=False)
    assert found["profit"].isna().all()


@pytest.mark.parametrize("freq", ["D", "W", "M"])
def test_lifetimes_summary_equals_pandas(awkward, freq):
    lines, files = awkward
    expected = profiling.customer_summary(lines, as_of=AS_OF, convention="lifetimes", freq=freq)
    found = bigdata.lifetimes_summary(files["parquet"], as_of=AS_OF, freq=freq)
    pd.testing.assert_frame_equal(found, expected, check_exact=True, check_index_type=False)


@pytest.mark.parametrize("freq", ["YS", "QS", "MS"])
def test_sales_by_period_equals_pandas(awkward, freq):
    lines, files = awkward
    expected = profiling.customer_sales_by_period(lines, as_of=AS_OF, freq=freq)
    found = bigdata.customer_sales_by_period(files["csv"], as_of=AS_OF, freq=freq)
    pd.testing.assert_frame_equal(
        found, expected, check_exact=True, check_index_type=False, check_freq=False
    )


def test_margin_by_product_equals_pandas(awkward):
    lines, files = awkward
    products = pd.DataFrame(
        {"product_id": [f"P{i}" for i in range(12)], "category": list("ABC") * 4}
    )
    source = bigdata.OrderLineFiles(files["parquet"])
    for customer_id in (None, "EDGE", ["EDGE", "TIE1", "NOCOST"]):
        expected = profiling.margin_by_product(lines, customer_id=customer_id, products=products)
        found = bigdata.margin_by_product(source, customer_id=customer_id, products=products)
        pd.testing.assert_frame_equal(found, expected, check_exact=True, check_index_type=False)


@pytest.mark.parametrize("by", ["category", "product_id"])
def test_cross_sell_prospects_equal_pandas(awkward, by):
    lines, files = awkward
    # P13 and P14 have no category: they count as "(unknown)", as in pandas
    products = pd.DataFrame({"product_id": [f"P{i}" for i in range(13)], "category": None})
    products.loc[:11, "category"] = list("ABCD") * 3
    source = bigdata.OrderLineFiles(files["csv"])
    for max_items, min_monetary in ((2, 0.0), (3, 40.0), (15, 0.0)):
        options = {"by": by, "max_items": max_items, "min_monetary": min_monetary}
        expected = profiling.cross_sell_prospects(lines, products, **options)
        found = bigdata.cross_sell_prospects(source, products, **options)
        assert len(found) > 0
        pd.testing.assert_frame_equal(found, expected, check_exact=True, check_index_type=False)


def test_order_facts_count_exactly(awkward):
    lines, files = awkward
    facts = bigdata.order_facts(files["parquet"])
    assert facts["order_lines"] == len(lines)
    assert facts["orders"] == lines["order_id"].nunique()
    assert facts["customers"] == lines["customer_id"].nunique()
    assert facts["first_order"] == lines["order_date"].min()
    assert facts["last_order"] == lines["order_date"].max()
    cents = np.rint(lines["revenue"].to_numpy() * 100).sum()
    assert facts["revenue"] == cents / 100 and facts["has_cost"]
    before = bigdata.order_facts(files["parquet"], as_of=AS_OF)
    assert before["order_lines"] == int((lines["order_date"] < AS_OF).sum())


def test_sample_holds_whole_customers_and_is_reproducible(awkward):
    lines, files = awkward
    sample = bigdata.sample_customer_lines(files["parquet"], customers=10, seed=3)
    assert sample["customer_id"].nunique() == 10
    per_customer = lines.groupby("customer_id").size()
    assert (sample.groupby("customer_id").size() == per_customer.reindex(
        sample["customer_id"].unique())).all()  # fmt: skip
    again = bigdata.sample_customer_lines(files["csv"], customers=10, seed=3)
    pd.testing.assert_frame_equal(sample, again)
    other = bigdata.sample_customer_lines(files["parquet"], customers=10, seed=4)
    assert set(other["customer_id"]) != set(sample["customer_id"])


def test_mixed_case_raw_ids_agree_after_cleaning(tmp_path):
    """A raw export read by the course loader, cleaned and written as Parquet, gives the
    DuckDB path the same customers as the pandas path (cleaning upper-cases the ids)."""
    from helpers.datasets import load_tables

    raw = awkward_lines(3).drop(columns=["cost"])
    raw = raw[raw["revenue"] > 0]
    raw["customer_id"] = raw["customer_id"].str.pad(8, side="left")  # padded, mixed case
    raw.to_csv(tmp_path / "export.csv", index=False)
    tables = load_tables(tmp_path / "export.csv")
    tables.orders.to_parquet(tmp_path / "clean.parquet", index=False)
    expected = profiling.customer_summary(tables.orders, as_of=AS_OF)
    found = bigdata.customer_summary(tmp_path / "clean.parquet", as_of=AS_OF)
    pd.testing.assert_frame_equal(found, expected, check_exact=True, check_index_type=False)
    assert not found.index.str.contains("c").any()


def test_headers_are_mapped_as_the_loader_maps_them(awkward):
    lines, _ = awkward
    chinese = lines.rename(
        columns={"customer_id": "客户编号", "order_date": "订单日期", "revenue": "金额"}
    ).rename(columns={"order_id": "Beleg"})
    expected = profiling.customer_summary(lines, as_of=AS_OF)
    found = bigdata.customer_summary(
        bigdata.OrderLineFiles(chinese, {"Beleg": "order_id"}), as_of=AS_OF
    )
    pd.testing.assert_frame_equal(found, expected, check_exact=True, check_index_type=False)


def test_several_parquet_files_read_as_one(awkward, tmp_path):
    lines, _ = awkward
    folder = tmp_path / "parts"
    folder.mkdir()
    half = len(lines) // 2
    lines.iloc[:half].to_parquet(folder / "part-0.parquet", index=False)
    lines.iloc[half:].to_parquet(folder / "part-1.parquet", index=False)
    expected = profiling.customer_summary(lines, as_of=AS_OF)
    pd.testing.assert_frame_equal(
        bigdata.customer_summary(folder, as_of=AS_OF),
        expected,
        check_exact=True,
        check_index_type=False,
    )


# ---- clear errors ----------------------------------------------------------------------------


def test_text_dates_in_other_formats_are_refused_with_the_count(tmp_path):
    lines = awkward_lines(1).head(50).copy()
    text = lines["order_date"].dt.strftime("%Y-%m-%d")
    text.iloc[[1, 3, 7, 9]] = ["2024/1/5", "05/01/2024", "20240105", "2024-01-05 10:00+02"]
    lines["order_date"] = text
    lines.to_csv(tmp_path / "orders.csv", index=False)
    # day or month first is ambiguous and a time zone changes the day: both are refused
    with pytest.raises(DataError, match=r"3 of 50 values of column 'order_date'.*05/01/2024"):
        bigdata.OrderLineFiles(tmp_path / "orders.csv")
    text.iloc[[3, 7, 9]] = ["2024-01-05", "2024-1-5 10:00", "2024-01-05T10:00:00.5"]
    lines.assign(order_date=text).to_csv(tmp_path / "orders.csv", index=False)
    found = bigdata.sample_customer_lines(tmp_path / "orders.csv", customers=50)
    expected = parse_dates(text).sort_values().to_numpy()
    assert (np.sort(found["order_date"].to_numpy()) == expected).all()


def test_amount_text_is_refused_with_the_count(tmp_path):
    lines = awkward_lines(1).head(20).astype({"revenue": "str"})
    lines.loc[5, "revenue"] = "¥1,200.00"
    lines.to_csv(tmp_path / "orders.csv", index=False)
    with pytest.raises(DataError, match=r"1 of 20 values of column 'revenue'.*plain numbers"):
        bigdata.OrderLineFiles(tmp_path / "orders.csv")


def test_missing_ids_and_columns_are_named():
    lines = awkward_lines(1).head(30).copy()
    lines.loc[[2, 4, 9], "customer_id"] = None
    with pytest.raises(DataError, match=r"3 of 30 rows have no 'customer_id'"):
        bigdata.OrderLineFiles(lines)
    with pytest.raises(DataError, match=r"column 'revenue' not found.*column_mapping"):
        bigdata.OrderLineFiles(lines.drop(columns=["revenue"]).dropna())


def test_shared_order_ids_and_empty_windows_raise_as_pandas_does():
    lines = awkward_lines(1).head(30).copy()
    lines.loc[0, "order_id"] = lines.loc[1, "order_id"]
    lines.loc[0, "customer_id"] = "SOMEONE_ELSE"
    with pytest.raises(DataError, match="more than one customer_id"):
        profiling.customer_summary(lines, as_of=AS_OF)
    with pytest.raises(DataError, match="more than one customer_id"):
        bigdata.customer_summary(lines, as_of=AS_OF)
    with pytest.raises(DataError, match="no order lines dated before as_of=2000-01-01"):
        bigdata.customer_summary(lines, as_of="2000-01-01")


def test_margin_without_cost_says_so_as_pandas_does(awkward):
    lines, _ = awkward
    with pytest.raises(DataError, match="needs a 'cost' column"):
        bigdata.margin_by_product(lines.drop(columns=["cost"]))
    with pytest.raises(DataError, match="needs the products table"):
        bigdata.cross_sell_prospects(lines, None, by="category")


def test_inputs_are_not_changed(awkward):
    lines, _ = awkward
    before = lines.copy()
    bigdata.customer_summary(lines, as_of=AS_OF)
    bigdata.cross_sell_prospects(lines, by="product_id")
    pd.testing.assert_frame_equal(lines, before)


def test_benchmark_reference_sql_agrees_with_the_helpers(awkward):
    """The benchmark's DuckDB reference (scores, grades, deciles on the same summary SQL)."""
    from helpers.tooling.benchmark import check_agreement, pipeline_duckdb, pipeline_helpers

    lines, _ = awkward
    ours, theirs = pipeline_helpers(lines, AS_OF), pipeline_duckdb(lines, AS_OF)
    assert check_agreement(ours, theirs, None) == []
    changed = theirs["customers"].assign(monetary=theirs["customers"]["monetary"] + 0.01)
    assert "summary column monetary differs from DuckDB (compared exactly)" in check_agreement(
        ours, {**theirs, "customers": changed}, None
    )
