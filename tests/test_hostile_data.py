"""Careless and hostile input through the data check: the exact outcome of every case.

Each case writes files the way a careless export or a hostile user would, and runs
:func:`helpers.datacheck.check_data` on them exactly as ``tasks.py rerun`` does before
anything runs. The outcome is asserted exactly: the level and code of every problem
in order, or the clean numbers (lines, customers, revenue) when the data is usable.
No case may end in a traceback, and every message names what, where or how to fix,
without quoting a whole cell.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from helpers.datacheck import check_data

BASE = (
    "customer_id,order_id,order_date,product_id,quantity,revenue\n"
    "C1,O1,2024-01-05,P1,2,10.00\n"
    "C1,O2,2024-02-05,P2,1,5.50\n"
    "C2,O3,2024-03-05,P1,3,15.00\n"
    "C3,O4,2024-03-06,P3,1,7.25\n"
    "C3,O4,2024-03-06,P1,1,2.75\n"
    "C4,O5,2024-04-01,P2,2,11.00\n"
)
#: the base file, once loaded: lines, customers, revenue
CLEAN = (6, 4, 51.5)


def base_frame() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(BASE), dtype=str)


def replace_cell(text: str, row: int, column: str, value: str) -> str:
    lines = text.splitlines()
    header = lines[0].split(",")
    cells = lines[row + 1].split(",")
    cells[header.index(column)] = value
    lines[row + 1] = ",".join(cells)
    return "\n".join(lines) + "\n"


@dataclass
class Case:
    """One hostile input: how to write it, and exactly what the data check must say."""

    name: str
    write: Any  # (folder) -> data source, or (source, mapping, options, as_of)
    problems: list[tuple[str, str]] = field(default_factory=list)
    clean: tuple[int, int, float] | None = None
    check: Any = None  # optional extra assertion on the DataCheck


def csv_file(name="orders.csv", text=BASE, encoding="utf-8"):
    def write(folder: Path):
        path = folder / name
        path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
        return path

    return write


def frame_csv(frame: pd.DataFrame, name="orders.csv", sep=",", encoding="utf-8"):
    return csv_file(name, frame.to_csv(index=False, sep=sep), encoding=encoding)


def base_with(**columns):
    """The base frame with some columns replaced (lists of values, one per line)."""
    return base_frame().assign(**columns)


def with_cell(row, column, value, **kw):
    return csv_file(text=replace_cell(BASE, row, column, value), **kw)


def frame_file(name, frame_or_frames, **kw):
    def write(folder: Path):
        path = folder / name
        if name.endswith(".parquet"):
            frame_or_frames.to_parquet(path)
        else:
            with pd.ExcelWriter(path, engine="openpyxl") as writer:
                for sheet, frame in frame_or_frames.items():
                    frame.to_excel(writer, sheet_name=sheet, index=False, **kw)
        return path

    return write


def folder_of(files: dict[str, str], name="data"):
    def write(folder: Path):
        data = folder / name
        data.mkdir()
        for file, text in files.items():
            (data / file).write_text(text, encoding="utf-8")
        return data

    return write


def args(write, mapping=None, options=None, as_of=None):
    def wrapped(folder: Path):
        source = write(folder)
        m = mapping(folder) if callable(mapping) else mapping
        return source, m, options, as_of

    return wrapped


def mapping_file(text: str):
    def write(folder: Path):
        path = folder / "mapping.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def xlsx_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for sheet, frame in frames.items():
            frame.to_excel(writer, sheet_name=sheet, index=False)
    return buf.getvalue()


#: an encrypted .xlsx is an OLE2 compound file, not a zip: it starts with these bytes
COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SURVEY = "customer_id,satisfaction,loyalty\nC1,9,8\nC2,3,4\nC3,7,7\n"
LONG = "9" * 30_000_000 + "x"

CASES = [
    # ---- files that are not data -----------------------------------------------------------
    Case("empty file", csv_file(text=b""), [("error", "empty_file")]),
    Case("blank lines only", csv_file(text="\n  \n\r\n"), [("error", "empty_file")]),
    Case("header only", csv_file(text=BASE.splitlines()[0] + "\n"), [("error", "no_rows")]),
    Case("binary bytes", csv_file(text=bytes(range(256)) * 4), [("error", "unknown_encoding")]),
    Case("NUL bytes", csv_file(text=b"a,b\x00\x00\x00\n1,2\n"), [("error", "binary_file")]),
    Case("unknown file type", csv_file("orders.docx", b"PK\x03\x04"), [("error", "file_type")]),
    Case("missing file", lambda f: f / "nope.csv", [("error", "data_source")]),
    Case("folder without orders", folder_of({"customers.csv": "customer_id\nC1\n"}),
         [("error", "no_orders_file")]),
    Case("two orders files", folder_of({"orders.csv": BASE, "订单.csv": BASE}),
         [("error", "table_files_twice")]),
    Case("bad gzip", csv_file("orders.csv.gz", b"not gzip at all"), [("error", "file_damaged")]),
    Case("truncated xlsx", csv_file("orders.xlsx", xlsx_bytes({"orders": base_frame()})[:900]),
         [("error", "file_damaged")]),
    Case("encrypted xlsx", csv_file("orders.xlsx", COMPOUND_FILE + bytes(600)),
         [("error", "workbook_encrypted")]),
    Case("csv named xlsx", csv_file("orders.xlsx", BASE), [("error", "file_damaged")]),
    Case("html named xls", csv_file("orders.xls", "<html><table><tr><td>1</td></tr></table>"),
         [("error", "file_damaged")]),
    Case("corrupt parquet", csv_file("orders.parquet", b"PAR1" + bytes(100) + b"PAR1"),
         [("error", "file_damaged")]),
    Case("ragged csv", csv_file(text=BASE + "C5,O6,2024-04-02,P1,1,3.00,extra\n"),
         [("error", "csv_unreadable")]),
    Case("unclosed quote", csv_file(text=BASE + 'C5,O6,"2024-04-02,P1,1,3.00\n'),
         [("error", "csv_unreadable")]),
    Case("mixed line endings", csv_file(text=BASE.replace("\n", "\r\n", 3)), clean=CLEAN),
    Case("tabs, a BOM and a path with spaces and Chinese",
         csv_file("我的 订单 2024.tsv", "\ufeff" + BASE.replace(",", "\t")), clean=CLEAN),
    Case("rows of nothing", csv_file(text=BASE + ",,,,,\n,,,,,\n"),
         [("warning", "rule_removes_many")], clean=CLEAN,
         check=lambda c: c.tables.cleaning.counts("dropped") == {"missing customer id": 2}),
    Case("amounts with currency signs and spaces",
         frame_csv(base_with(revenue=["¥10.00", " 5.50 ", "RMB 15", "$7.25", "2.75元", "￥11"])),
         clean=CLEAN),
    # ---- headers and mappings ---------------------------------------------------------------
    Case("duplicated header", csv_file(text="\n".join(
        [BASE.splitlines()[0] + ",revenue"] + [x + ",1" for x in BASE.splitlines()[1:]]) + "\n"),
         [("error", "duplicated_header")]),
    Case("duplicated header in xlsx",
         frame_file("orders.xlsx", {"orders": base_frame().set_axis(
             ["customer_id", "order_id", "order_date", "product_id", "revenue", "revenue"],
             axis=1)}),
         [("error", "duplicated_header")]),
    Case("no revenue column", csv_file(text=BASE.replace("revenue", "betrag")),
         [("error", "missing_column")]),
    Case("two columns for revenue",
         frame_csv(base_frame().rename(columns={"revenue": "金额"}).assign(Amount="1.00")),
         [("error", "columns_clash")]),
    Case("mapping onto an unknown column",
         args(csv_file(), mapping={"revenue": "umsatz"}), [("error", "unknown_target")]),
    Case("mapping names an absent column",
         args(csv_file(), mapping={"Betrag": "revenue"}),
         [("error", "mapping_names_absent_column")]),
    Case("mapping file not YAML", args(csv_file(), mapping=mapping_file("a: [unclosed\n")),
         [("error", "mapping_file")]),
    Case("mapping file with an unknown key",
         args(csv_file(), mapping=mapping_file("columns: {revenue: revenue}\ndecimals: ','\n")),
         [("error", "mapping_file")]),
    Case("mapping file declares the decimal comma",
         args(csv_file(text=BASE.replace(",", ";").replace(".", ",")),
              mapping=mapping_file("columns: {}\ndecimal: ','\n")),
         clean=CLEAN),
    Case("unknown data option", args(csv_file(), options={"decimals": ","}),
         [("error", "data_options")]),
    Case("bad data option value", args(csv_file(), options={"decimal": ";"}),
         [("error", "data_options")]),
    Case("unknown cleaning preset", args(csv_file(), options={"cleaning": "strict"}),
         [("error", "data_options")]),
    Case("unknown cleaning switch", args(csv_file(), options={"cleaning": {"dupes": "flag"}}),
         [("error", "data_options")]),
    Case("unknown named source", lambda f: "course:colour=red", [("error", "data_source")]),
    # ---- values ----------------------------------------------------------------------------------
    Case("revenue all text", frame_csv(base_with(revenue="n/a-ish")), [("error", "not_numbers")]),
    Case("one amount in words", with_cell(2, "revenue", "fifteen"), [("error", "not_numbers")]),
    Case("quantity with a unit", with_cell(0, "quantity", "2 pcs"), [("error", "not_numbers")]),
    Case("a 30 MB cell", with_cell(0, "revenue", LONG), [("error", "not_numbers")],
         check=lambda c: len(c.errors[0].what) < 400
         and "30,000,001 characters" in c.errors[0].what),
    Case("dates all text", csv_file(text=BASE.replace("2024-", "soon ")),
         [("error", "not_dates")]),
    Case("one impossible date", with_cell(3, "order_date", "2024-13-45"),
         [("error", "not_dates")],
         check=lambda c: "cleaning: {bad_values: drop}" in c.errors[0].fix
         and "dayfirst=" not in c.errors[0].fix),
    Case("impossible date dropped by choice",
         args(with_cell(3, "order_date", "2024-13-45"),
              options={"cleaning": {"bad_values": "drop"}}),
         [("warning", "rule_removes_many")], clean=(5, 4, 44.25)),
    Case("European decimals undeclared",
         frame_csv(base_with(revenue=["10,00", "5,50", "1.234,50", "7,25", "2,75", "11,00"]),
                   sep=";"),
         [("error", "decimal_comma")]),
    Case("European decimals declared",
         args(frame_csv(base_with(revenue=["10,00", "5,50", "1.234,50", "7,25", "2,75", "11,00"]),
                        sep=";"), options={"decimal": ","}),
         clean=(6, 4, 51.5 - 15 + 1234.5)),
    Case("a thousands separator among decimals", with_cell(2, "revenue", '"1,234"'),
         clean=(6, 4, 51.5 - 15 + 1234)),
    Case("thousands or decimals?",
         frame_csv(base_with(revenue=["1,000", "2,500", "1,234", "7", "3", "11"])),
         [("error", "ambiguous_decimal")]),
    Case("thousands declared",
         args(frame_csv(base_with(revenue=["1,000", "2,500", "1,234", "7", "3", "11"])),
              options={"decimal": "."}),
         clean=(6, 4, 4755.0)),
    Case("dates either order", csv_file(text=BASE.replace("2024-01-05", "05/01/2024")
                                        .replace("2024-02-05", "05/02/2024")),
         [("error", "ambiguous_dates")],
         check=lambda c: "data option dayfirst" in c.errors[0].fix),
    Case("dates in both orders", csv_file(text=BASE.replace("2024-01-05", "13/01/2024")
                                          .replace("2024-02-05", "02/13/2024")),
         [("error", "mixed_date_orders")]),
    Case("time-zone offsets", csv_file(text=BASE.replace("-05,", "-05T23:30:00+08:00,")),
         clean=CLEAN, check=lambda c: c.tables.orders["order_date"].iloc[0]
         == pd.Timestamp("2024-01-05 23:30")),
    Case("order ids starting CN", csv_file(text=BASE.replace(",O", ",CN")), clean=CLEAN),
    Case("order ids with C declared as cancellations",
         args(csv_file(text=BASE.replace(",O1,", ",C1,")), options={"cancellation_prefix": "C"}),
         [("warning", "rule_removes_many")], clean=(5, 4, 41.5)),
    Case("ids 162 and 162.0", csv_file(text=BASE.replace("C1,O1", "162,O1")
                                       .replace("C1,O2", "162.0,O2")),
         [("warning", "ids_written_differently")], clean=CLEAN),
    Case("ids 0162 and 162", csv_file(text=BASE.replace("C1,O1", "0162,O1")
                                      .replace("C1,O2", "162,O2")),
         [("warning", "ids_differ_by_leading_zeros")], clean=(6, 5, 51.5)),
    Case("ids 0162 and 162, zeros stripped",
         args(csv_file(text=BASE.replace("C1,O1", "0162,O1").replace("C1,O2", "162,O2")),
              options={"id_leading_zeros": "strip"}),
         [("warning", "ids_written_differently")], clean=CLEAN),
    Case("lower-case ids in every table",
         folder_of({"orders.csv": BASE.lower(), "survey.csv": SURVEY.lower(),
                    "customers.csv": "customer_id\nc1\nc2\nc3\nc4\n"}),
         clean=CLEAN,
         check=lambda c: c.tables.joins["share"].tolist() == [1.0, 1.0]),
    Case("order shared by two customers", csv_file(text=BASE.replace("C2,O3", "C2,O2")),
         [("error", "order_shared_by_customers")]),
    Case("an order in 2099", with_cell(5, "order_date", "2099-01-01"),
         [("error", "implausible_dates")]),
    Case("an order in 1900", with_cell(0, "order_date", "1900-01-01"),
         [("error", "implausible_dates")]),
    Case("infinite amount", with_cell(0, "revenue", "inf"), [("error", "extreme_amounts")]),
    Case("1e308", with_cell(0, "revenue", "1e308"), [("error", "extreme_amounts")]),
    Case("implausible lines dropped by choice",
         args(with_cell(0, "revenue", "inf"), options={"cleaning": {"implausible_values": "drop"}}),
         [("warning", "rule_removes_many")], clean=(5, 4, 41.5)),
    Case("every customer id missing", frame_csv(base_with(customer_id="")),
         [("error", "no_lines_left"), ("warning", "rule_removes_many")]),
    Case("only returns", frame_csv(base_with(quantity=["-2", "-1", "-3", "-1", "-1", "-2"])),
         [("error", "no_lines_left"), ("warning", "rule_removes_many")]),
    Case("returns kept by choice",
         args(csv_file(text=BASE.replace("C4,O5,2024-04-01,P2,2", "C4,O5,2024-04-01,P2,-2")),
              options={"cleaning": {"returns": "keep"}}),
         clean=(6, 4, 51.5)),
    # ---- encodings ---------------------------------------------------------------------------
    Case("cp1252 read as GB18030",
         csv_file(text=BASE.replace("P1,", "Crème brûlée,"), encoding="cp1252"),
         [("warning", "suspect_encoding")], clean=CLEAN),
    Case("cp1252 declared",
         args(csv_file(text=BASE.replace("P1,", "Crème brûlée,"), encoding="cp1252"),
              options={"encoding": "cp1252"}),
         clean=CLEAN, check=lambda c: c.tables.orders["product_id"].iloc[0] == "CRÈME BRÛLÉE"),
    Case("replacement characters", csv_file(text=BASE.replace("P1,", "Caf\ufffd,")),
         [("warning", "replacement_characters")], clean=CLEAN),
    Case("cp1252 that GB18030 cannot read",
         csv_file(text=BASE.replace("P3,", "Pâté,"), encoding="cp1252"),
         [("error", "unknown_encoding")], check=lambda c: "encoding: cp1252" in c.errors[0].fix),
    Case("GBK with Chinese headers", csv_file(text=BASE.replace(
        "customer_id,order_id,order_date", "客户编号,订单号,订单日期"), encoding="gbk"),
         clean=CLEAN),
    # ---- workbooks ---------------------------------------------------------------------------
    Case("monthly sheets, none chosen",
         frame_file("orders.xlsx", {"Jan": base_frame()[:2], "Feb": base_frame()[2:]}),
         [("error", "several_sheets")]),
    Case("monthly sheets, all chosen",
         args(frame_file("orders.xlsx", {"Jan": base_frame()[:2], "Feb": base_frame()[2:]}),
              options={"sheet": ["Jan", "Feb"]}),
         clean=CLEAN),
    Case("sheets of other columns chosen together",
         args(frame_file("orders.xlsx", {"Jan": base_frame(), "notes": pd.DataFrame({"a": [1]})}),
              options={"sheet": ["Jan", "notes"]}),
         [("error", "sheets_differ")]),
    Case("a sheet that is not there",
         args(frame_file("orders.xlsx", {"Jan": base_frame()}), options={"sheet": "orders"}),
         [("error", "no_such_sheet")]),
    Case("orders sheet after a notes sheet",
         frame_file("export.xlsx", {"notes": pd.DataFrame({"about": ["x"]}),
                                    "orders": base_frame()}),
         clean=CLEAN),
    Case("Excel serial dates",
         frame_file("orders.xlsx", {"orders": base_frame().assign(
             order_date=[45296, 45327, 45356, 45357, 45357, 45383])}),
         clean=CLEAN, check=lambda c: c.tables.orders["order_date"].iloc[0]
         == pd.Timestamp("2024-01-05")),
    Case("Parquet with numbers as ids",
         frame_file("orders.parquet", base_frame().assign(
             customer_id=[1.0, 1.0, 2.0, 3.0, 3.0, 4.0],
             revenue=lambda d: d["revenue"].astype(float))),
         clean=CLEAN, check=lambda c: c.tables.orders["customer_id"].iloc[0] == "1"),
    # ---- other tables ------------------------------------------------------------------------
    Case("survey outside the 1-10 scale",
         folder_of({"orders.csv": BASE, "survey.csv": SURVEY.replace("C2,3,4", "C2,11,0")}),
         [("error", "survey_outside_scale"), ("error", "survey_outside_scale")]),
    Case("survey answers in words",
         folder_of({"orders.csv": BASE, "survey.csv": SURVEY.replace("C2,3,4", "C2,low,4")}),
         [("error", "not_numbers")]),
    Case("survey of strangers",
         folder_of({"orders.csv": BASE, "survey.csv": SURVEY.replace("C", "X")}),
         [("warning", "ids_do_not_join")], clean=CLEAN),
    Case("complaint dates that are no dates",
         folder_of({"orders.csv": BASE,
                    "complaints.csv": "customer_id,complaint_date\nC1,yesterday\nC2,today\n"}),
         [("error", "not_dates")]),
    Case("script in every text field and the folder name",
         folder_of({"orders.csv": BASE.replace("P1,", "<script>alert(1)</script>,"),
                    "complaints.csv": "customer_id,complaint_date,reason\n"
                                      "C1,2024-02-01,<svg onload=alert(3)>\n",
                    "leads.csv": "lead_id,source\nL1,<iframe src=javascript:alert(2)>\n"},
                   name="co<img src=x onerror=alert(9)>"),
         clean=CLEAN, check=lambda c: c.tables.name == "co<img src=x onerror=alert(9)>"
         and c.tables.complaints["reason"].iloc[0] == "<svg onload=alert(3)>"),
    # ---- the as-of date ----------------------------------------------------------------------
    Case("as_of that is no date", args(csv_file(), as_of="2023-13-45"), [("error", "as_of")],
         clean=CLEAN),
    Case("as_of before every order", args(csv_file(), as_of="2023-01-01"),
         [("error", "nothing_before_as_of")], clean=CLEAN),
    Case("as_of inside the orders", args(csv_file(), as_of="2024-03-06"),
         [("warning", "dates_after_as_of")], clean=CLEAN),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, tmp_path):
    written = case.write(tmp_path)
    source, mapping, options, as_of = written if isinstance(written, tuple) else (
        written, None, None, None)  # fmt: skip
    check = check_data(source, mapping, options, as_of=as_of)
    assert [(p.level, p.code) for p in check.problems] == case.problems, check.report()[:3000]
    for p in check.problems:
        assert p.what and (p.fix or p.level == "warning"), p
        assert len(p.line) < 2500 and "Traceback" not in p.line
    if case.clean is not None:
        assert check.tables is not None
        totals = check.tables.totals()
        assert (totals["order_lines"], totals["customers"], totals["revenue"]) == case.clean
    if not case.problems or all(p.level == "warning" for p in check.problems):
        assert check.ok
    else:
        assert not check.ok
    if case.check is not None:
        assert case.check(check)


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


def test_gzip_of_the_base_file_loads(tmp_path):
    path = tmp_path / "orders.csv.gz"
    path.write_bytes(gzip.compress(BASE.encode()))
    totals = check_data(path).tables.totals()
    assert (totals["order_lines"], totals["customers"], totals["revenue"]) == CLEAN


def test_options_that_are_not_a_mapping(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(BASE)
    check = check_data(path, options="decimal=,")
    assert [(p.level, p.code) for p in check.problems] == [("error", "data_options")]
    assert check.errors[0].fix.startswith("the data options are sheet, decimal")
