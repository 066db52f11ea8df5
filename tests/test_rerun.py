"""Trainer re-runs: check the data first, run the notebooks, write an index page."""

import json
from pathlib import Path

import pandas as pd
import pytest

from helpers import generate
from helpers.datacheck import DataCheck
from helpers.datasets import load_tables
from helpers.paths import DATASETS_DIR, NOTEBOOKS_DIR, SOLUTIONS_DIR
from helpers.schema import DataError, Problem
from helpers.tables import CourseTables
from helpers.tooling import rerun as rerun_module
from helpers.tooling import runner
from helpers.tooling.cli import main as cli_main
from helpers.tooling.folders import MARKER, FolderRefused, read_marker
from helpers.tooling.index_page import data_summary, money, write_index
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
    cents = int((expected["revenue"] * 100).round().astype("int64").sum())
    assert summary["revenue_cents"] == cents
    assert money(cents) in index
    assert read_marker(out) is not None
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


def params_file(folder: Path, text: str) -> Path:
    path = folder / "params.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_rerun_on_a_chinese_gbk_export(tmp_path):
    out = tmp_path / "reports"
    # the export marks cancellations with order ids starting with C: the trainer says so
    params = params_file(tmp_path, "cancellation_prefix: C\n")
    data = RAW / "orders_2025-10_11_gbk.csv"
    assert rerun(data, out, params=params, notebooks=QUICK) is not None
    raw = pd.read_csv(RAW / "orders_2025-10_11_gbk.csv", encoding="gbk", dtype=str)
    summary = assert_ran(out, course_orders_in(raw, "订单号"))
    reasons = {row["reason"]: row["rows"] for row in summary["cleaning"]}
    assert reasons["cancellation"] > 0 and reasons["missing customer id"] > 0
    assert "cancellation" in (out / "index.html").read_text(encoding="utf-8")


def test_rerun_on_an_excel_workbook(tmp_path):
    out = tmp_path / "reports"
    params = params_file(tmp_path, "sheet: orders\ncancellation_prefix: C\n")
    assert rerun(RAW / "orders_2025-12.xlsx", out, params=params, notebooks=QUICK) is not None
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
    with pytest.raises(FolderRefused, match="not written by a course run"):
        rerun("course", out, notebooks=QUICK[:1])
    with pytest.raises(FolderRefused, match="not written by a course run"):
        rerun("course", out, notebooks=QUICK[:1], force=True)
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
    with pytest.raises(runner.Interrupted) as caught:
        rerun("course", out, notebooks=QUICK, jobs=1)
    assert not out.exists()
    partial = out.with_name("reports.partial")
    assert not (partial / "index.html").exists()
    assert (caught.value.finished, caught.value.total, caught.value.partial) == (1, 2, partial)
    assert list(read_marker(partial)["finished"]) == ["notebooks/00_course_map.ipynb"]


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


# --- the index page ---------------------------------------------------------------------------


def tiny_tables(revenue, dates) -> CourseTables:
    n = len(revenue)
    orders = pd.DataFrame(
        {
            "customer_id": [f"C{i % 2}" for i in range(n)],
            "order_id": [f"O{i}" for i in range(n)],
            "order_date": pd.to_datetime(dates),
            "product_id": ["P1"] * n,
            "quantity": [1] * n,
            "revenue": revenue,
        }
    )
    return CourseTables("tiny <b>co</b>", orders)


def test_data_summary_totals_in_cents_and_the_as_of_date_is_exclusive():
    tables = tiny_tables(
        [731.9399999999999, 41.9136, 0.1, 99.0],
        ["2025-01-01", "2025-01-02", "2025-01-31", "2025-02-01"],
    )
    facts = data_summary(tables, as_of="2025-02-01")
    # 73,194 + 4,191 + 10 cents; the line dated on the as-of date is not analysed
    assert facts["revenue_cents"] == 77_395 and facts["revenue"] == 773.95
    assert (facts["order_lines"], facts["lines_from_as_of"], facts["customers"]) == (3, 1, 2)
    assert (facts["first_order"], facts["last_order"]) == ("2025-01-01", "2025-01-31")
    assert data_summary(tables)["revenue_cents"] == 77_395 + 9_900


def test_data_summary_stops_when_nothing_is_before_the_as_of_date():
    tables = tiny_tables([5.0], ["2025-03-01"])
    with pytest.raises(DataError, match="no order line is dated before the as-of date 2025-01-01"):
        data_summary(tables, as_of="2025-01-01")


def test_money_text_from_cents():
    assert [money(c) for c in (0, 7, 100, 123456789, -250)] == [
        "0.00", "0.07", "1.00", "1,234,567.89", "-2.50"
    ]  # fmt: skip


def _results(folder: Path) -> list[runner.NotebookResult]:
    (folder / "notebooks").mkdir(parents=True)
    page = folder / "notebooks" / "01_data_collection.html"
    page.write_text("report")
    return [
        runner.NotebookResult("notebooks/01_data_collection.ipynb", "ok", 3.2,
                              folder / "notebooks" / "01_data_collection.ipynb", page),
        runner.NotebookResult("notebooks/02_customer_profiling.ipynb", "failed", 1.0,
                              folder / "notebooks" / "02_customer_profiling.ipynb", None,
                              "cell 4: ValueError: <script>alert(1)</script> " + "9.5 " * 400),
    ]  # fmt: skip


def test_index_page_shows_status_warnings_cleaning_and_what_was_derived(tmp_path):
    tables = tiny_tables([10.0, 20.0], ["2025-01-01", "2025-01-02"])
    summary = data_summary(tables)
    summary["rows_in"], summary["rows_out"] = 12, 2
    summary["cleaning"] = [
        {"reason": "cancellation <i>C</i>", "action": "dropped", "rows": 9, "revenue": 1234.5},
        {"reason": "exact duplicate", "action": "flagged", "rows": 1, "revenue": 3.0},
        {"reason": "order id: one order per customer per day", "action": "derived", "rows": 2,
         "revenue": 30.0},
    ]  # fmt: skip
    warning = Problem(
        "warning",
        "rule_removes_many",
        "the rule 'cancellation' removed 9 of 12 order lines (75.0%)",
        "orders <svg onload=alert(2)>",
        "set cancellation_prefix: null in the parameter file to keep them",
    )
    page = write_index(
        tmp_path, _results(tmp_path), summary=summary, problems=[warning],
        parameters={"data_source": "/data/<img src=x onerror=alert(3)>", "lang": "zh"},
    )  # fmt: skip
    text = page.read_text(encoding="utf-8")
    assert "1 of 2 notebooks ran to the end" in text
    assert '<a href="notebooks/01_data_collection.html">' in text
    assert '<span class="failed">failed</span>' in text
    # the warning box, at the top, names the rule, the count and how to switch it off
    box = text.index('class="box warning"')
    assert box < text.index("<h2>Reports</h2>")
    assert "removed 9 of 12 order lines (75.0%)" in text
    assert "set cancellation_prefix: null in the parameter file" in text
    # cleaning and what was derived, each in its own section
    cleaning = text.index("What cleaning removed or changed")
    derived = text.index("What was derived")
    assert cleaning < text.index("cancellation &lt;i&gt;C&lt;/i&gt;") < derived
    assert text.index("order id: one order per customer per day") > derived
    assert "1,234.50" in text and "12 order lines were read and 2 kept" in text
    assert "as-of date (the first day not analysed)" in text and "2025-01-03" in text
    # nothing from the data is markup; a long error is cut
    for raw in ("<script>", "<svg", "<img", "<i>", "<b>"):
        assert raw not in text
    assert "tiny &lt;b&gt;co&lt;/b&gt;" in text
    assert "9.5 " * 100 not in text
    record = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert record["problems"][0]["code"] == "rule_removes_many"
    assert record["revenue_cents"] == 3000 and record["parameters"]["lang"] == "zh"
    assert [n["status"] for n in record["notebooks"]] == ["ok", "failed"]


def test_rerun_shows_the_data_check_warnings(tmp_path, monkeypatch):
    tables = load_tables("course:seed=3,customers=40")
    warning = Problem(
        "warning", "survey_match", "only 41% of the survey's customers are among the buyers",
        "survey", "check that the survey uses the same customer ids as the orders",
    )  # fmt: skip
    monkeypatch.setattr(
        rerun_module, "check_run_data", lambda parameters: DataCheck(tables, [warning])
    )
    out = tmp_path / "reports"
    printed = []

    class Stream:
        def write(self, text):
            printed.append(text)

        def flush(self):
            pass

    assert rerun("course:seed=3,customers=40", out, notebooks=QUICK[:1], stream=Stream())
    assert "warning: only 41% of the survey's customers are among the buyers" in "".join(printed)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('class="box warning"') == 1
    assert "only 41% of the survey&#x27;s customers are among the buyers" in index
    assert summary_of(out)["problems"][0]["code"] == "survey_match"


def test_course_command_writes_an_index_linking_every_notebook(tmp_path, capsys):
    out = tmp_path / "course"
    assert cli_main(["course", "--only", "00_course_map", "00_warm_up", "--out", str(out)]) == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<h1>Course run: course</h1>" in index
    assert "2 of 2 notebooks ran to the end" in index
    for page in ("notebooks/00_course_map.html", "solutions/00_warm_up.html"):
        assert f'<a href="{page}">' in index and (out / page).exists()
    assert index.count('<span class="ok">ok</span>') == 2
    summary = summary_of(out)
    assert summary["source"] == "course" and summary["customers"] == 2000
    assert (out / MARKER).exists()
    assert f"HTML reports: {out / 'index.html'}" in capsys.readouterr().out
    # the command's own folder is replaced by the next run ...
    assert cli_main(["course", "--only", "00_course_map", "--out", str(out)]) == 0
    assert "1 of 1 notebooks" in (out / "index.html").read_text(encoding="utf-8")
    # ... but never a file someone put there
    (out / "notes.txt").write_text("mine")
    assert cli_main(["course", "--only", "00_course_map", "--out", str(out)]) == 2
    assert "notes.txt" in capsys.readouterr().err
    assert (out / "notes.txt").read_text() == "mine"


def test_course_index_names_notebooks_that_run_on_their_own_data():
    from helpers.tooling.cli import _own_data_sources

    notes = _own_data_sources([SOLUTIONS_DIR / "06_case_study.ipynb", QUICK[0]])
    assert len(notes) == 1
    assert notes[0].startswith("solutions/06_case_study.ipynb runs on its own default data")
