"""UCI Online Retail: the published figures, the cache, downloading (from local fakes only)."""

from __future__ import annotations

import urllib.error
import zipfile

import pandas as pd
import pytest

from helpers import online_retail as uci
from helpers.cleaning import audit_orders
from helpers.datasets import load_tables
from helpers.schema import DataError

UCI_COLUMNS = list(uci.SPECS[352]["columns"])


@pytest.fixture(scope="module")
def retail_clean(shared_retail_csv):
    return uci.load_online_retail(shared_retail_csv)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder, and no network: any real download attempt fails the test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CUSTOMER_COURSE_CACHE", str(folder))

    def no_network(url, dest):
        if not str(url).startswith("file:"):
            raise AssertionError(f"tests must not download {url}")
        return real_fetch(url, dest)

    real_fetch = uci.fetch
    monkeypatch.setattr(uci, "fetch", no_network)
    return folder


def fake_rows(n_invoices: int = 10, start: str = "2010-12-01", first_invoice: int = 536365):
    """A small frame in the UCI id 352 layout: 2 lines per invoice, one day apart."""
    inv = [str(first_invoice + i) for i in range(n_invoices) for _ in range(2)]
    dates = pd.Timestamp(start) + pd.to_timedelta(
        [i for i in range(n_invoices) for _ in range(2)], "D"
    )
    return pd.DataFrame(
        {
            "InvoiceNo": inv,
            "StockCode": ["85123A", "71053"] * n_invoices,
            "Description": ["WHITE HANGING HEART", "WHITE METAL LANTERN"] * n_invoices,
            "Quantity": [6, 2] * n_invoices,
            "InvoiceDate": dates.strftime("%Y-%m-%d %H:%M:%S"),
            "UnitPrice": [2.55, 3.39] * n_invoices,
            "CustomerID": [17850.0, 13047.0] * n_invoices,
            "Country": ["United Kingdom"] * 2 * n_invoices,
        }
    )


def as_502(df: pd.DataFrame) -> pd.DataFrame:
    return df.rename(
        columns={"InvoiceNo": "Invoice", "UnitPrice": "Price", "CustomerID": "Customer ID"}
    )


# ---- the published figures (README of the shared copy) ---------------------------------------


@pytest.mark.slow
def test_clean_subset_figures(retail_clean):
    clean, report = retail_clean
    assert len(clean) == 397_884
    assert clean["customer_id"].nunique() == 4_338
    assert clean["revenue"].sum() == pytest.approx(8_911_407.90, abs=0.01)
    assert report.rows_in == 541_909
    assert report.counts("dropped") == {
        "missing customer id": 135_080,
        "cancellation": 8_905,  # cancellation lines that have a customer id
        "zero or negative price": 40,
    }
    assert len(report.rows("missing customer id")) == 135_080
    assert report.counts("flagged") == {"exact duplicate (kept)": 5_192}
    assert list(clean.columns[:6]) == [
        "customer_id", "order_id", "order_date", "product_id", "quantity", "revenue",
    ]  # fmt: skip
    assert "cost" not in clean.columns


@pytest.mark.slow
def test_concentration_and_single_invoice_figures(retail_clean):
    clean, _ = retail_clean
    rev = clean.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)
    n = len(rev)
    assert rev.iloc[: round(n * 0.1)].sum() / rev.sum() == pytest.approx(0.614, abs=0.0005)
    assert rev.iloc[: round(n * 0.2)].sum() / rev.sum() == pytest.approx(0.746, abs=0.0005)
    single = (clean.groupby("customer_id")["order_id"].nunique() == 1).mean()
    assert single == pytest.approx(0.344, abs=0.0005)


@pytest.mark.slow
def test_audit_figures(shared_retail_csv):
    raw = uci.to_canonical(uci.read_raw(shared_retail_csv)).drop(columns="sheet")
    audit = audit_orders(raw, cancellation_prefix="C")  # the data set declares it
    assert audit.to_dict() == {
        "rows": 541_909,
        "customers": 4_372,
        "missing customer id": 135_080,
        "cancellation orders": 3_836,
        "cancellation rows": 9_288,
        "negative quantity": 10_624,
        "negative quantity, not cancellation": 1_336,
        "zero price": 2_515,
        "negative price": 2,
        "exact duplicate rows": 5_268,
        "non-product rows": 2_995,
        "missing product name": 1_454,
    }
    assert raw["quantity"].min() == -80_995 and raw["quantity"].max() == 80_995
    neg = raw[(raw["quantity"] < 0) & ~raw["order_id"].str.startswith("C")]
    assert neg["customer_id"].isna().all()


@pytest.mark.slow
def test_seed_cache_then_load_tables_without_network(shared_retail_csv, cache):
    target = uci.seed_cache(shared_retail_csv)
    assert target == cache / "uci-352" / "online_retail.csv.gz"
    assert target.read_bytes() == shared_retail_csv.read_bytes()
    assert uci.cached_file(352) == target
    t = load_tables("online_retail")
    assert t.name == "online_retail" and len(t.orders) == 397_884
    assert not t.has_cost
    assert t.customers["customer_id"].is_unique and len(t.customers) == 4_338
    assert t.default_as_of == pd.Timestamp("2011-12-10")
    assert t.missing() == ["complaints", "survey", "campaigns", "leads"]


# ---- downloading, from local fakes only ----------------------------------------------------


def make_zip(tmp_path, member: str, frames: dict[str, pd.DataFrame]):
    book = tmp_path / "book.xlsx"
    with pd.ExcelWriter(book) as writer:
        for sheet, df in frames.items():
            df.to_excel(writer, sheet_name=sheet, index=False)
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(book, member)
    return archive


def test_download_once_from_a_file_url(tmp_path, cache, monkeypatch):
    monkeypatch.setitem(uci.SPECS[352], "rows", 20)
    archive = make_zip(tmp_path, "Online Retail.xlsx", {"Online Retail": fake_rows(10)})
    path = uci.download(352, url=archive.as_uri())
    assert path == cache / "uci-352" / "online_retail.xlsx"
    assert (cache / "uci-352" / "VERIFIED").read_text().startswith("online_retail.xlsx\n")
    # the second call uses the cache: no fetch at all
    monkeypatch.setattr(uci, "fetch", lambda *a: pytest.fail("downloaded twice"))
    assert uci.download(352) == path
    clean, report = uci.load_online_retail(dataset=352)
    assert len(clean) == 20 and clean["revenue"].sum() == pytest.approx(10 * (15.3 + 6.78))
    assert (cache / "uci-352" / "online_retail.parquet").exists()


def test_no_network_says_where_to_put_the_file(cache, monkeypatch):
    def offline(url, dest):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(uci, "fetch", offline)
    with pytest.raises(DataError) as err:
        load_tables("online_retail")
    message = str(err.value)
    assert "could not download" in message and "archive.ics.uci.edu/dataset/352" in message
    assert str(cache / "uci-352") in message and "seed-cache" in message


def test_download_that_is_not_a_zip(tmp_path, cache):
    bad = tmp_path / "page.html"
    bad.write_text("<html>maintenance</html>")
    with pytest.raises(DataError, match="not a zip file"):
        uci.download(352, url=bad.as_uri())
    assert uci.cached_file(352) is None


def test_download_with_the_wrong_member(tmp_path, cache):
    archive = make_zip(tmp_path, "something_else.xlsx", {"x": fake_rows(2)})
    with pytest.raises(DataError, match="has no 'Online Retail.xlsx'"):
        uci.download(352, url=archive.as_uri())


def test_incomplete_download_is_rejected_and_not_cached(tmp_path, cache):
    archive = make_zip(tmp_path, "Online Retail.xlsx", {"Online Retail": fake_rows(3)})
    with pytest.raises(DataError, match=r"has 6 rows but Online Retail \(UCI id 352\) has 541909"):
        uci.download(352, url=archive.as_uri())
    assert uci.cached_file(352) is None
    assert not (cache / "uci-352" / "online_retail.xlsx").exists()


def test_official_502_size_with_wrong_checksum_is_damaged(tmp_path):
    fake = tmp_path / "online_retail_II.xlsx"
    with open(fake, "wb") as f:
        f.truncate(45_622_278)
    with pytest.raises(DataError, match="SHA-256.*damaged"):
        uci.verify(fake, 502)


def test_seed_cache_guesses_the_data_set_and_checks_columns(tmp_path, cache):
    wrong = tmp_path / "online_retail_II.csv"
    fake_rows(2).to_csv(wrong, index=False)  # id 352 columns in a file named like id 502
    with pytest.raises(DataError, match="looks like Online Retail \\(UCI id 352\\).*dataset=352"):
        uci.seed_cache(wrong)
    other = tmp_path / "orders.csv"
    pd.DataFrame({"a": [1]}).to_csv(other, index=False)
    with pytest.raises(DataError, match="columns .*'InvoiceNo'.* not found"):
        uci.seed_cache(other)
    with pytest.raises(DataError, match="not found"):
        uci.seed_cache(tmp_path / "missing.csv.gz")


def test_502_sheets_overlap_is_deduplicated(tmp_path):
    first = as_502(fake_rows(12, start="2009-12-01", first_invoice=489434))
    overlap = as_502(fake_rows(9, start="2010-12-01", first_invoice=536365))
    later = as_502(fake_rows(5, start="2010-12-10", first_invoice=536374))
    book = tmp_path / "online_retail_II.xlsx"
    with pd.ExcelWriter(book) as writer:
        pd.concat([first, overlap]).to_excel(writer, sheet_name="Year 2009-2010", index=False)
        pd.concat([overlap, later]).to_excel(writer, sheet_name="Year 2010-2011", index=False)
    clean, report = uci.load_online_retail(book, dataset=502)
    assert report.rows_in == 2 * (12 + 9 + 9 + 5)
    assert report.counts("dropped") == {"invoice already in the first sheet": 18}
    assert len(clean) == 2 * (12 + 9 + 5)
    assert not clean.duplicated(["order_id", "product_id"]).any()
    assert len(report.rows("invoice already in the first sheet")) == 18
    assert clean["order_date"].min() == pd.Timestamp("2009-12-01")


def test_local_csv_path_and_dataset_id_checks(tmp_path):
    path = tmp_path / "retail.csv.gz"
    fake_rows(4).to_csv(path, index=False, compression="gzip")
    clean, _ = uci.load_online_retail(path)
    assert clean["customer_id"].tolist()[:2] == ["17850", "13047"]
    with pytest.raises(DataError, match="use 352 or 502"):
        uci.load_online_retail(path, dataset=999)
