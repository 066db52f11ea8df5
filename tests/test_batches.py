"""Order lines cleaned in batches give what cleaning the whole file at once gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import batches, bigdata, prepared, profiling
from helpers.cleaning import exact_duplicates, usual_dates
from helpers.datasets import load_tables
from helpers.schema import DataError

#: small batches, so every rule meets lines that sit in other batches
BATCH = 97


@pytest.fixture(autouse=True)
def small_batches(monkeypatch, tmp_path):
    monkeypatch.setattr(batches, "BATCH_LINES", BATCH)
    monkeypatch.setattr(batches, "SAMPLE_LINES", 300)
    with prepared.prepared_home(tmp_path / "cache"):
        yield


def dirty_export(seed: int) -> pd.DataFrame:
    """A raw export with every kind of dirt, spread over the batches."""
    lines = load_tables(f"course:seed={seed},customers=60").orders
    lines = lines.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    rng = np.random.default_rng(seed)
    n = len(lines)
    raw = pd.DataFrame(
        {
            "Kunde": lines["customer_id"]
            .str.lower()
            .where(rng.random(n) < 0.5, " " + lines["customer_id"]),
            "order_id": lines["order_id"],
            "order_date": lines["order_date"].dt.strftime("%d/%m/%Y"),  # day first ...
            "product_id": lines["product_id"],
            "quantity": lines["quantity"].astype(str),
            "revenue": lines["revenue"].map(lambda v: f"¥{v:,.2f}"),
            "cost": lines["cost"].astype(str),
        }
    )
    # ... which only lines after the first batches show (day above 12): decided on the file
    early_days = lines["order_date"].dt.day <= 12
    raw = pd.concat([raw[early_days], raw[~early_days]], ignore_index=True)
    first_batch = raw.iloc[:BATCH]
    raw = pd.concat([raw, first_batch.iloc[:5], raw.iloc[[400, 401]]], ignore_index=True)
    raw.loc[[3, 250], "Kunde"] = None  # missing customers
    raw.loc[[7, 300], "quantity"] = "-2"  # returns
    raw.loc[[9], "order_id"] = "X" + raw.loc[9, "order_id"]  # a declared cancellation
    raw.loc[[11, 333], "product_id"] = "POST"  # postage
    raw.loc[[13], "order_date"] = "01/01/1900"  # implausible
    raw.loc[[15], "revenue"] = "¥0.00"  # zero price
    raw.loc[len(raw) - 30, "quantity"] = "1.5"  # a fraction in the last batches only
    return raw


OPTIONS = {"cancellation_prefix": "X", "cleaning": {"implausible_values": "drop"}}
MAPPING = {"Kunde": "customer_id"}


@pytest.fixture(params=["csv", "parquet"])
def export(request, tmp_path):
    raw = dirty_export(5)
    path = tmp_path / f"export.{request.param}"
    if request.param == "csv":
        raw.to_csv(path, index=False)
    else:
        raw.to_parquet(path, index=False)
    return path


def all_lines(tables) -> pd.DataFrame:
    """Every clean line of tables cleaned in batches, in file order."""
    parts = pd.read_parquet(tables.lines.folder)
    return parts.sort_values(batches.ROW).drop(columns=batches.ROW).reset_index(drop=True)


def test_batches_clean_as_the_whole_file_does(export):
    at_once = load_tables(export, MAPPING, options={**OPTIONS, "order_lines": "memory"})
    found = load_tables(export, MAPPING, options={**OPTIONS, "order_lines": "files"})
    assert found.sampled and not at_once.sampled
    assert at_once.cleaning.rows_in > 5 * BATCH
    expected = at_once.orders
    assert expected["quantity"].dtype == "float64"  # one fraction makes every quantity so
    pd.testing.assert_frame_equal(all_lines(found), expected, check_exact=True)
    # the report: counts and money by reason, every dropped line with its position
    pd.testing.assert_frame_equal(found.cleaning.summary, at_once.cleaning.summary)
    dropped = at_once.cleaning.dropped
    assert set(dropped["reason"]) >= {
        "exact duplicate",
        "return",
        "cancellation",
        "missing customer id",
        "non-product line",
        "implausible date or amount",
        "zero or negative price",
    }
    pd.testing.assert_frame_equal(found.cleaning.dropped, dropped, check_dtype=False)
    key = ["row", "column", "reason"]
    pd.testing.assert_frame_equal(
        found.cleaning.changed.sort_values(key).reset_index(drop=True),
        at_once.cleaning.changed.sort_values(key).reset_index(drop=True),
    )
    assert (found.cleaning.rows_in, found.cleaning.rows_out) == (
        at_once.cleaning.rows_in, at_once.cleaning.rows_out)  # fmt: skip
    assert found.cleaning.absolute_revenue_in == at_once.cleaning.absolute_revenue_in
    assert found.problems == at_once.problems
    assert found.default_as_of == at_once.default_as_of
    assert found.totals() == at_once.totals()


def test_the_sample_holds_whole_customers_in_file_order(export):
    at_once = load_tables(export, MAPPING, options={**OPTIONS, "order_lines": "memory"})
    found = load_tables(export, MAPPING, options={**OPTIONS, "order_lines": "files"})
    sample = found.orders
    chosen = sample["customer_id"].unique()
    assert found.lines.sample_customers == len(chosen) < at_once.orders["customer_id"].nunique()
    expected = at_once.orders[at_once.orders["customer_id"].isin(chosen)].reset_index(drop=True)
    pd.testing.assert_frame_equal(sample, expected, check_exact=True)
    again = load_tables(export, MAPPING, options={**OPTIONS, "order_lines": "files"})
    pd.testing.assert_frame_equal(again.orders, sample)  # reused, and the same


def test_per_customer_tables_from_the_files_equal_pandas(export):
    at_once = load_tables(export, MAPPING, options={**OPTIONS, "order_lines": "memory"})
    found = load_tables(export, MAPPING, options={**OPTIONS, "order_lines": "files"})
    as_of = at_once.default_as_of
    expected = profiling.customer_summary(at_once.orders, as_of=as_of)
    summary = bigdata.customer_summary(bigdata.OrderLineFiles(found.lines.folder), as_of=as_of)
    pd.testing.assert_frame_equal(summary, expected, check_exact=True, check_index_type=False)


def test_an_ambiguous_date_order_stops_both_ways(tmp_path):
    raw = dirty_export(6)
    days = pd.to_datetime(raw["order_date"], format="%d/%m/%Y", errors="coerce")
    raw = raw[days.dt.day <= 12]  # every date reads both ways
    path = tmp_path / "ambiguous.csv"
    raw.to_csv(path, index=False)
    for how in ("memory", "files"):
        with pytest.raises(DataError) as caught:
            load_tables(path, MAPPING, options={**OPTIONS, "order_lines": how})
        assert caught.value.problems[0].code == "ambiguous_dates"


def test_a_batch_error_names_the_lines_it_holds(tmp_path):
    raw = dirty_export(7)
    path = tmp_path / "export.csv"
    raw.to_csv(path, index=False)
    with pytest.raises(DataError) as caught:  # implausible dates stop the cleaning by default
        load_tables(path, MAPPING, options={"cancellation_prefix": "X", "order_lines": "files"})
    assert caught.value.problems[0].code == "implausible_dates"
    assert f"lines 1 to {BATCH} of the order-line file" in caught.value.problems[0].where


def test_the_memory_budget_decides(tmp_path, monkeypatch):
    lines = load_tables("course:seed=3,customers=40").orders
    path = tmp_path / "orders.parquet"
    lines.to_parquet(path, index=False)
    assert not batches.read_in_batches(path, {"memory_budget": "8GB"})
    assert batches.read_in_batches(path, {"memory_budget": "1MB"})
    assert not batches.read_in_batches(path, {"memory_budget": "1MB", "order_lines": "memory"})
    assert batches.read_in_batches(path, {"order_lines": "files"})
    assert not batches.read_in_batches(tmp_path / "orders.xlsx", {"order_lines": "files"})
    found = load_tables(path, options={"memory_budget": "1MB"})
    assert found.sampled and found.lines.facts["order_lines"] == len(lines)


def test_usual_dates_from_counts_equal_the_dates_themselves():
    rng = np.random.default_rng(1)
    days = pd.Series(pd.to_datetime("2020-01-01") + pd.to_timedelta(rng.integers(0, 900, 5000),
                                                                     unit="D"))  # fmt: skip
    counts = days.value_counts()
    assert usual_dates(days) == usual_dates(counts.index, counts=counts.to_numpy())
    assert usual_dates(days.head(1)) is None


def test_exact_duplicates_equal_pandas():
    rng = np.random.default_rng(2)
    n = 3000
    frame = pd.DataFrame(
        {
            "order_id": rng.choice(["O1", "O2", None, "O3"], n),
            "product_id": rng.choice(["P1", "P2"], n),
            "revenue": rng.choice([0.0, -0.0, 1.5, np.nan], n),
            "note": rng.choice(["a", "b"], n),
        }
    )
    assert exact_duplicates(frame).equals(frame.duplicated(keep="first"))
    assert exact_duplicates(frame[["revenue", "note"]]).equals(
        frame[["revenue", "note"]].duplicated()
    )
