"""Trainer re-runs: check the data first, run the notebooks, write an index page."""

import json
from pathlib import Path

import pandas as pd
import pytest

from helpers import generate
from helpers.paths import DATASETS_DIR, NOTEBOOKS_DIR, SOLUTIONS_DIR
from helpers.tooling import runner
from helpers.tooling.rerun import rerun

COURSE_ORDERS = DATASETS_DIR / "course" / "orders.csv.gz"
RAW = DATASETS_DIR / "raw_export"
# A lesson-free pair keeps these tests quick; the full course runs under nbval and papermill.
QUICK = [NOTEBOOKS_DIR / "00_course_map.ipynb", SOLUTIONS_DIR / "00_warm_up.ipynb"]


def course_orders_in(raw: pd.DataFrame, order_id_column: str) -> pd.DataFrame:
    """The bundled course orders whose ids appear in a raw export, read with plain pandas.

    Cleaning a raw export must give back exactly these lines: the export is the same
    orders with faults added (cancellations, returns, duplicates, text amounts...).
    """
    orders = pd.read_csv(COURSE_ORDERS, dtype={"customer_id": str, "order_id": str})
    ids = raw[order_id_column].dropna().str.strip().str.upper()
    return orders[orders["order_id"].isin(ids)]


def summary_of(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def assert_ran(out: Path, expected: pd.DataFrame, n_notebooks: int = len(QUICK)) -> dict:
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"{n_notebooks} of {n_notebooks} notebooks ran to the end" in index
    summary = summary_of(out)
    assert [n["status"] for n in summary["notebooks"]] == ["ok"] * n_notebooks
    for entry in summary["notebooks"]:
        page = out / Path(entry["notebook"]).with_suffix(".html")
        assert page.exists() and page.name in index
    assert summary["customers"] == expected["customer_id"].nunique()
    assert summary["orders"] == expected["order_id"].nunique()
    assert summary["revenue"] == pytest.approx(round(expected["revenue"].sum(), 2), abs=0.01)
    return summary


def test_rerun_on_another_seed_of_the_course_company(tmp_path):
    folder = tmp_path / "company"
    generate.write_files(generate.company_files(generate.generate_company(seed=7)), folder)
    out = tmp_path / "reports"
    assert rerun(folder, out, notebooks=QUICK) is not None
    expected = pd.read_csv(folder / "orders.csv.gz", dtype={"customer_id": str, "order_id": str})
    summary = assert_ran(out, expected)
    assert summary["missing_tables"] == [] and summary["has_cost"]
    assert summary["first_order"] == str(pd.to_datetime(expected["order_date"]).min().date())


def test_rerun_on_a_chinese_gbk_export(tmp_path):
    out = tmp_path / "reports"
    params = tmp_path / "params.yaml"  # the export says "C" invoices are cancellations
    params.write_text("cancellation_prefix: C\n", encoding="utf-8")
    assert rerun(RAW / "orders_2025-10_11_gbk.csv", out, params=params, notebooks=QUICK) is not None
    raw = pd.read_csv(RAW / "orders_2025-10_11_gbk.csv", encoding="gbk", dtype=str)
    summary = assert_ran(out, course_orders_in(raw, "订单号"))
    reasons = {row["reason"]: row["rows"] for row in summary["cleaning"]}
    assert reasons["cancellation"] > 0 and reasons["missing customer id"] > 0
    assert "cancellation" in (out / "index.html").read_text(encoding="utf-8")


def test_rerun_on_an_excel_workbook(tmp_path):
    out = tmp_path / "reports"
    assert rerun(RAW / "orders_2025-12.xlsx", out, notebooks=QUICK) is not None
    raw = pd.read_excel(
        RAW / "orders_2025-12.xlsx", sheet_name="orders", dtype=str, engine="openpyxl"
    )
    assert_ran(out, course_orders_in(raw, "Invoice No"))


def test_rerun_without_cost_says_so_and_goes_on(tmp_path):
    orders = pd.read_csv(COURSE_ORDERS, dtype={"customer_id": str, "order_id": str})
    data = tmp_path / "orders_no_cost.csv"
    orders.drop(columns="cost").to_csv(data, index=False)
    out = tmp_path / "reports"
    assert rerun(data, out, notebooks=QUICK) is not None
    summary = assert_ran(out, orders)
    assert summary["has_cost"] is False


def test_bad_rows_stop_the_run_before_any_notebook(tmp_path, capsys):
    orders = pd.read_csv(COURSE_ORDERS, dtype={"customer_id": str, "order_id": str}).head(50)
    orders["order_date"] = orders["order_date"].astype(str)
    orders.loc[[3, 17], "order_date"] = ["31/31/2025", "not a date"]
    data = tmp_path / "bad.csv"
    orders.to_csv(data, index=False)
    out = tmp_path / "reports"
    assert rerun(data, out, notebooks=QUICK) is None
    printed = capsys.readouterr().out
    assert "nothing was run" in printed and "order_date" in printed
    assert not out.exists() and not out.with_name("reports.partial").exists()


def test_a_second_run_never_replaces_the_first(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text("first run")
    with pytest.raises(FileExistsError, match="--force"):
        rerun("course", out, notebooks=QUICK[:1])
    assert (out / "index.html").read_text() == "first run"


def test_an_interrupted_run_leaves_nothing_that_looks_complete(tmp_path, monkeypatch):
    calls = []

    def interrupted(source, output, *args, **kwargs):
        calls.append(source)
        if len(calls) == 2:
            raise KeyboardInterrupt
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text("{}")
        return runner.NotebookResult(str(source), "ok", 0.1, output)

    monkeypatch.setattr(runner, "run_notebook", interrupted)
    out = tmp_path / "reports"
    with pytest.raises(KeyboardInterrupt):
        rerun("course", out, notebooks=QUICK)
    assert not out.exists()
    assert not (out.with_name("reports.partial") / "index.html").exists()


def test_rerun_on_the_real_online_retail_data(tmp_path, shared_retail_csv):
    from helpers.online_retail import seed_cache

    seed_cache(shared_retail_csv)
    out = tmp_path / "reports"
    params = DATASETS_DIR / "params" / "online_retail.yaml"
    assert rerun("online_retail", out, params=params, notebooks=QUICK) is not None
    raw = pd.read_csv(shared_retail_csv, dtype={"InvoiceNo": str, "CustomerID": "Int64"})
    keep = (
        raw["CustomerID"].notna()
        & ~raw["InvoiceNo"].str.startswith("C")
        & (raw["Quantity"] > 0)
        & (raw["UnitPrice"] > 0)
    )
    summary = summary_of(out)
    assert [n["status"] for n in summary["notebooks"]] == ["ok", "ok"]
    assert summary["has_cost"] is False
    # the course also drops non-product lines (postage, fees) and exact duplicates,
    # so it keeps at most the plain filter's customers and revenue
    assert summary["customers"] <= raw.loc[keep, "CustomerID"].nunique()
    assert summary["customers"] > 4_000
    assert summary["first_order"] == "2010-12-01" and summary["last_order"] == "2011-12-09"


def test_mapping_files_are_valid_and_map_onto_the_course_columns():
    from helpers.loading import load_mapping
    from helpers.schema import COURSE_COLUMNS

    canonical = set(COURSE_COLUMNS)
    folder = DATASETS_DIR / "mappings"
    files = sorted(folder.glob("*.yaml"))
    assert len(files) >= 2
    for path in files:
        mapping = load_mapping(path)
        assert set(mapping.values()) <= canonical, path.name
        assert {"customer_id", "order_date"} <= set(mapping.values()), path.name


def test_a_chinese_erp_export_loads_through_its_mapping_file(tmp_path):
    from helpers.datasets import load_tables

    orders = pd.read_csv(COURSE_ORDERS, dtype={"customer_id": str, "order_id": str}).head(200)
    renamed = orders.rename(
        columns={
            "order_id": "单据编号",
            "customer_id": "往来单位编码",
            "order_date": "单据日期",
            "product_id": "存货编码",
            "quantity": "销售数量",
            "revenue": "价税合计",
            "cost": "销售成本",
        }
    )
    data = tmp_path / "erp.csv"
    renamed.to_csv(data, index=False, encoding="gbk")
    tables = load_tables(data, DATASETS_DIR / "mappings" / "chinese_erp_example.yaml")
    assert len(tables.orders) == len(orders)
    assert tables.orders["revenue"].sum() == pytest.approx(orders["revenue"].sum())
    assert tables.orders["customer_id"].nunique() == orders["customer_id"].nunique()
