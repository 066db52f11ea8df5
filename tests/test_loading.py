"""Loading files into canonical tables: formats, encodings, headers, amounts, dates, errors."""

from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.cleaning import clean_orders
from helpers.datasets import load_tables
from helpers.loading import (
    load_mapping,
    load_orders,
    map_columns,
    read_file,
    read_table,
    standardise,
)
from helpers.parsing import parse_amount, parse_bool, parse_dates
from helpers.paths import DATASETS_DIR
from helpers.schema import DataError

RAW = DATASETS_DIR / "raw_export"
CHINESE = (
    "订单号,客户编号,订单日期,产品编号,数量,金额\n"
    'O1,C0001,2025/1/5,P001,2,"1,234.50"\n'
    "O2,C0002,2025年1月6日,P002,1,￥88\n"
)


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def check_two_orders(df: pd.DataFrame) -> None:
    clean, report = clean_orders(df)
    assert clean["customer_id"].tolist() == ["C0001", "C0002"]
    assert clean["order_date"].tolist() == [pd.Timestamp("2025-01-05"), pd.Timestamp("2025-01-06")]
    assert clean["revenue"].tolist() == [1234.5, 88.0]
    assert clean["quantity"].tolist() == [2, 1]
    assert report.counts("changed") == {
        "amount text with separators or currency sign": 2,
        "date written in another format": 2,
    }


# ---- formats and encodings ---------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_with_chinese_headers(tmp_path, encoding):
    path = write(tmp_path, "orders.csv", CHINESE.encode(encoding))
    df = read_table(path)
    assert df.columns.tolist() == ["order_id", "customer_id", "order_date", "product_id",
                                   "quantity", "revenue"]  # fmt: skip
    check_two_orders(df)


def test_gb18030_only_characters(tmp_path):
    text = "客户编号,产品名称\nC1,䶮牌文具\n"  # U+4DAE is in GB18030 but not in GBK
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    df = read_file(write(tmp_path, "x.csv", text.encode("gb18030")))
    assert df.loc[0, "产品名称"] == "䶮牌文具"


def test_bom_does_not_leak_into_the_first_header(tmp_path):
    df = read_file(write(tmp_path, "x.csv", "客户编号,金额\nC1,5\n".encode("utf-8-sig")))
    assert df.columns[0] == "客户编号"


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_other_delimiters(tmp_path, sep):
    df = read_file(write(tmp_path, "x.csv", f"customer_id{sep}amount\nC1{sep}1,5\n".encode()))
    assert df.columns.tolist() == ["customer_id", "amount"] and df.loc[0, "amount"] == "1,5"


def test_csv_gz_and_leading_zero_ids_kept_as_text(tmp_path):
    path = write(tmp_path, "x.csv.gz", gzip.compress(b"customer_id,revenue\n00042,5\n"))
    assert read_file(path).loc[0, "customer_id"] == "00042"


def test_excel_named_sheet_and_parquet(tmp_path):
    orders = read_table(write(tmp_path, "o.csv", CHINESE.encode("gbk")))
    book = tmp_path / "export.xlsx"
    with pd.ExcelWriter(book) as writer:
        pd.DataFrame({"note": ["cover"]}).to_excel(writer, sheet_name="封面", index=False)
        orders.to_excel(writer, sheet_name="订单", index=False)
    check_two_orders(read_table(book, sheet="订单"))
    with pytest.raises(DataError, match=r"has 2 sheets \['封面', '订单'\].*data option sheet"):
        read_file(book)  # several sheets and no choice: never the first one silently
    orders.to_parquet(tmp_path / "o.parquet")
    check_two_orders(read_table(tmp_path / "o.parquet"))


def test_raw_export_files_read_and_clean_back_to_the_course_orders():
    csv = read_table(RAW / "orders_2025-10_11_gbk.csv")
    xlsx = read_table(RAW / "orders_2025-12.xlsx", sheet="orders")
    assert csv.columns.tolist() == xlsx.columns.tolist()
    assert "original_order_id" in csv.columns
    # the export's notes declare that invoices starting with "C" are cancellations
    clean, report = clean_orders(pd.concat([csv, xlsx], ignore_index=True), cancellation_prefix="C")
    course = load_tables("course").orders
    expected = course[course["order_date"] >= "2025-10-01"].reset_index(drop=True)
    got = clean[expected.columns].sort_values(["order_date", "order_id", "product_id"])
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected)
    dropped = report.counts("dropped")
    assert set(dropped) == {
        "missing customer id", "cancellation", "return", "non-product line",
        "zero or negative price", "exact duplicate",
    }  # fmt: skip
    assert all(n >= 20 for n in dropped.values())
    assert report.rows_in - report.rows_out == sum(dropped.values()) == len(report.dropped)
    changed = report.counts("changed")
    assert changed["customer id trimmed or upper-cased"] >= 100
    assert changed["date written in another format"] >= 1000


def test_load_orders_on_the_workbook():
    clean, report = load_orders(RAW / "orders_2025-12.xlsx", sheet="orders")
    assert clean["order_date"].min() == pd.Timestamp("2025-11-29")  # the overlap days
    assert report.rows_in == len(read_file(RAW / "orders_2025-12.xlsx", sheet="orders"))


# ---- headers and mappings -------------------------------------------------------------------


def test_aliases_english_and_chinese():
    raw = pd.DataFrame(columns=["CustomerID", "Invoice No", "InvoiceDate", "StockCode", "Qty",
                                "Sales Amount", "成本", "单价"])  # fmt: skip
    assert map_columns(raw).columns.tolist() == [
        "customer_id", "order_id", "order_date", "product_id", "quantity", "revenue", "cost",
        "unit_price",
    ]  # fmt: skip
    zh = pd.DataFrame(columns=["客户编号", "订单编号", "交易日期", "商品编号", "数量", "销售额"])
    assert map_columns(zh).columns.tolist()[:3] == ["customer_id", "order_id", "order_date"]


def test_user_mapping_wins_over_aliases_and_input_unchanged():
    raw = pd.DataFrame({"Kunde": ["C1"], "Amount": [1.0], "Netto": [0.9]})
    before = raw.copy()
    out = map_columns(raw, {"Kunde": "customer_id", "Netto": "revenue", "Amount": "unit_price"})
    assert out.columns.tolist() == ["customer_id", "unit_price", "revenue"]
    pd.testing.assert_frame_equal(raw, before)


def test_mapping_onto_an_unknown_column_lists_the_valid_ones():
    raw = pd.DataFrame({"Kunde": ["C1"], "Amount": [1.0]})
    with pytest.raises(DataError, match=r"onto 'gross', which the course does not know") as err:
        map_columns(raw, {"Kunde": "customer_id", "Amount": "gross"})
    assert err.value.code == "unknown_target"
    from helpers.schema import COURSE_COLUMNS

    assert "profit" in COURSE_COLUMNS and ", ".join(COURSE_COLUMNS) in str(err.value)


def test_mapping_files_yaml_and_toml(tmp_path):
    yml = write(tmp_path, "m.yaml", "客户: customer_id\n销售金额: revenue\n".encode())
    toml = write(tmp_path, "m.toml", '[columns]\n"客户" = "customer_id"\n'.encode())
    assert load_mapping(yml) == {"客户": "customer_id", "销售金额": "revenue"}
    assert load_mapping(toml) == {"客户": "customer_id"}
    raw = pd.DataFrame({"客户": ["C1"]})
    assert map_columns(raw, toml).columns.tolist() == ["customer_id"]


def test_standardise_other_tables():
    raw = pd.DataFrame({"投诉编号": ["K1"], "客户编号": ["C1 "], "投诉日期": ["2025年3月2日"],
                        "已解决": ["是"]})  # fmt: skip
    t = standardise(map_columns(raw, table="complaints"), table="complaints")
    assert t.loc[0, "customer_id"] == "C1"
    assert t.loc[0, "complaint_date"] == pd.Timestamp("2025-03-02")
    assert t["resolved"].dtype == "bool" and bool(t.loc[0, "resolved"])


# ---- amounts and dates ----------------------------------------------------------------------


def test_parse_amount_formats():
    values = ["1,234.50", "¥1,234", "£12", "￥1,234.50", "-¥3.20", "(3.20)", " 12 ", "RMB 5",
              "12元", "$1,000,000", "€7.5", None, ""]  # fmt: skip
    out = parse_amount(values)
    assert out.iloc[:11].tolist() == [1234.5, 1234.0, 12.0, 1234.5, -3.2, -3.2, 12.0, 5.0, 12.0,
                                      1_000_000.0, 7.5]  # fmt: skip
    assert out.iloc[11:].isna().all()


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=-(10**7), max_value=10**7, places=2, allow_nan=False))
def test_parse_amount_round_trips_formatted_numbers(x):
    value = float(x)
    texts = [f"{value:,.2f}", f"¥{value:,.2f}".replace("¥-", "-¥"), f"{value:.2f}"]
    assert parse_amount(texts).tolist() == pytest.approx([value] * 3)


def test_parse_dates_all_formats_mixed_in_one_column():
    values = ["2023-01-05", "2023/1/5", "20230105", "2023年1月5日", "2023.1.5",
              "2023-01-05 08:26:00", "2023/01/05 8:26", None]  # fmt: skip
    out = parse_dates(values)
    assert out.iloc[:7].dt.normalize().eq(pd.Timestamp("2023-01-05")).all()
    assert out.iloc[5] == pd.Timestamp("2023-01-05 08:26") == out.iloc[6]
    assert pd.isna(out.iloc[7]) and out.dtype == "datetime64[us]"


def test_parse_dates_excel_cells_serials_and_day_first():
    import datetime as dt

    mixed = pd.Series([dt.datetime(2025, 12, 5), "2025/12/6"], dtype=object)
    assert parse_dates(mixed).dt.day.tolist() == [5, 6]
    serials = parse_dates(pd.Series([45658.0, 45659.0]))
    assert serials.tolist() == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-02")]
    assert parse_dates(["13/01/2023", "05/01/2023"]).dt.month.tolist() == [1, 1]
    assert parse_dates(["01/13/2023", "01/05/2023"]).dt.day.tolist() == [13, 5]
    assert parse_dates(["05/01/2023"], dayfirst=False).dt.month.tolist() == [5]


def test_parse_bool():
    assert parse_bool(["Y", "n", "1", "false"]).tolist() == [True, False, True, False]


# ---- bad input: every error names the problem, where it is, and the fix -----------------------


def test_error_missing_column():
    raw = pd.DataFrame({"客户编号": ["C1"], "订单号": ["O1"], "订单日期": ["2025-01-01"],
                        "产品编号": ["P1"], "数量": [1], "总计": ["5"]})  # fmt: skip
    with pytest.raises(
        DataError, match=r"column 'revenue' not found.*column_mapping=\{'金额': 'revenue'\}"
    ):
        clean_orders(map_columns(raw))


def test_error_empty_file(tmp_path):
    with pytest.raises(DataError, match="'empty.csv' is empty \\(0 bytes\\)"):
        read_file(write(tmp_path, "empty.csv", b""))
    with pytest.raises(DataError, match="is empty \\(no header, no rows\\)"):
        read_file(write(tmp_path, "blank.csv", b"\n  \n"))


def test_error_header_only(tmp_path):
    with pytest.raises(DataError, match=r"has no data rows \(columns: \['客户编号', '金额'\]\)"):
        read_file(write(tmp_path, "h.csv", "客户编号,金额\n".encode("gbk")))


def test_error_unreadable_encoding(tmp_path):
    path = write(tmp_path, "latin.csv", "name,city\nJosé,Zürich\n".encode("latin-1") + b"\x81\xff")
    with pytest.raises(DataError, match="neither UTF-8 nor GBK.*CSV UTF-8.*option encoding"):
        read_file(path)
    assert read_file(path, encoding="latin-1").loc[0, "city"] == "Zürich"


def test_error_wrong_explicit_encoding(tmp_path):
    path = write(tmp_path, "gbk.csv", CHINESE.encode("gbk"))
    with pytest.raises(DataError, match="cannot read 'gbk.csv' as ascii.*encoding.*to null"):
        read_file(path, encoding="ascii")


def test_error_date_column_that_does_not_parse():
    raw = pd.DataFrame({"customer_id": ["C1", "C2"], "order_id": ["O1", "O2"],
                        "order_date": ["soon", "later"], "product_id": ["P1", "P1"],
                        "quantity": [1, 1], "revenue": [1.0, 2.0]})  # fmt: skip
    with pytest.raises(DataError, match="'order_date' does not parse as dates: none of its 2"):
        clean_orders(raw)


def test_error_some_bad_dates_name_rows_and_fix():
    raw = pd.DataFrame({"customer_id": ["C1"] * 3, "order_id": ["O1", "O2", "O3"],
                        "order_date": ["2025-01-02", "2025-13-45", "2025-01-03"],
                        "product_id": ["P1"] * 3, "quantity": [1] * 3,
                        "revenue": [1.0] * 3})  # fmt: skip
    with pytest.raises(
        DataError,
        match=r"1 of 3 values .*'2025-13-45'.*positions \[1\].*data option cleaning: "
        r"\{bad_values: drop\}",
    ):
        clean_orders(raw)
    clean, report = clean_orders(raw, bad_values="drop")
    assert len(clean) == 2 and report.counts("dropped") == {"unparseable date or amount": 1}


def test_error_ambiguous_day_month():
    with pytest.raises(DataError, match="day/month/year or month/day/year.*data option dayfirst"):
        parse_dates(["05/01/2023", "06/02/2023"])


def test_error_negative_quantity_user_said_impossible():
    raw = pd.DataFrame({"customer_id": ["C1"] * 3, "order_id": ["O1", "O2", "O3"],
                        "order_date": ["2025-01-02"] * 3, "product_id": ["P1"] * 3,
                        "quantity": [1, -2, -1], "revenue": [1.0, -2.0, -1.0]})  # fmt: skip
    with pytest.raises(
        DataError, match=r"2 rows have a negative quantity \(row positions \[1, 2\]\).*returns"
    ):
        clean_orders(raw, allow_negative_quantity=False)


def test_error_duplicated_order_id_with_different_amounts():
    raw = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "order_id": ["O1", "O1", "O2"],
                        "order_date": ["2025-01-02"] * 3, "product_id": ["P1"] * 3,
                        "quantity": [1, 1, 1], "revenue": [10.0, 12.0, 5.0]})  # fmt: skip
    with pytest.raises(
        DataError,
        match=r"(?s)1 order_id values appear more than once with different quantity or "
        r"revenue \(2 rows\).*O1.*unique_key=None",
    ):
        clean_orders(raw, unique_key="order_id")
    clean, _ = clean_orders(raw)  # without the key they are two lines of one order
    assert len(clean) == 3


def test_error_amount_that_is_not_a_number():
    raw = pd.DataFrame({"customer_id": ["C1", "C2"], "order_id": ["O1", "O2"],
                        "order_date": ["2025-01-02"] * 2, "product_id": ["P1"] * 2,
                        "quantity": [1, 1], "revenue": ["12.00", "twelve"]})  # fmt: skip
    with pytest.raises(
        DataError, match=r"'revenue': 1 of 2 values are not numbers, e.g. \['twelve'\]"
    ):
        clean_orders(raw)


def test_error_amount_column_is_text():
    raw = pd.DataFrame({"customer_id": ["C1"], "order_id": ["O1"], "order_date": ["2025-01-02"],
                        "product_id": ["P1"], "quantity": [1], "revenue": ["n/a-ish"]})  # fmt: skip
    with pytest.raises(DataError, match="does not hold numbers.*map the right column"):
        clean_orders(raw, bad_values="drop")


def test_error_missing_sheet(tmp_path):
    book = tmp_path / "b.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(book, sheet_name="Sheet1", index=False)
    with pytest.raises(DataError, match=r"no sheet '订单'; its sheets are \['Sheet1'\]"):
        read_file(book, sheet="订单")


def test_error_unknown_file_type_and_missing_file(tmp_path):
    with pytest.raises(DataError, match="unknown file type.*export the data as CSV"):
        read_file(write(tmp_path, "orders.docx", b"PK"))
    with pytest.raises(DataError, match="not found. Fix: check the path"):
        read_file(tmp_path / "nope.csv")
    with pytest.raises(DataError, match="is a folder"):
        read_file(tmp_path)


def test_error_bad_gzip(tmp_path):
    with pytest.raises(DataError, match="not a valid gzip file"):
        read_file(write(tmp_path, "x.csv.gz", b"not gzip at all"))


def test_error_mapping_problems(tmp_path):
    with pytest.raises(DataError, match="mapping file .* not found"):
        load_mapping(tmp_path / "missing.yaml")
    bad = write(tmp_path, "bad.yaml", b"a: [unclosed\n")
    with pytest.raises(DataError, match="not valid YAML/TOML"):
        load_mapping(bad)
    with pytest.raises(DataError, match="text to text"):
        load_mapping({"a": 1})
    with pytest.raises(DataError, match=r"mapping names \['Betrag'\].*columns are \['Kunde'\]"):
        map_columns(pd.DataFrame({"Kunde": [1]}), {"Betrag": "revenue"})


def test_error_two_columns_map_to_one_name():
    raw = pd.DataFrame({"金额": [1.0], "Amount": [1.0]})
    with pytest.raises(
        DataError, match=r"columns \['金额', 'Amount'\] all map to 'revenue'; keep one"
    ):
        map_columns(raw)


def test_error_empty_frame_and_not_a_frame():
    empty = pd.DataFrame(columns=["customer_id", "order_id", "order_date", "product_id",
                                  "quantity", "revenue"])  # fmt: skip
    with pytest.raises(DataError, match="orders table is empty"):
        clean_orders(empty)
    with pytest.raises(DataError, match="expected a pandas DataFrame, got list"):
        clean_orders([1, 2])


def test_error_bad_option():
    raw = pd.DataFrame({"customer_id": ["C1"], "order_id": ["O1"], "order_date": ["2025-01-02"],
                        "product_id": ["P1"], "quantity": [1], "revenue": [1.0]})  # fmt: skip
    with pytest.raises(DataError, match="duplicates must be 'drop' or 'flag', not 'remove'"):
        clean_orders(raw, duplicates="remove")
    with pytest.raises(DataError, match="bad_values must be 'raise' or 'drop'"):
        clean_orders(raw, bad_values="ignore")


def test_non_numeric_bool_error():
    with pytest.raises(DataError, match="not yes/no values.*是/否"):
        parse_bool(["yes", "maybe"])


def test_numbers_stay_numbers():
    assert parse_amount(np.array([1, 2])).dtype == "float64"


# ---- decimal marks, time zones, Excel serials ---------------------------------------------------


def test_parse_amount_decimal_marks():
    assert parse_amount(["1.234,50", "-2,5", "(3,00)"], decimal=",").tolist() == [1234.5, -2.5,
                                                                                  -3.0]  # fmt: skip
    assert parse_amount(["1 234,50"], decimal=",").tolist() == [1234.5]
    assert parse_amount(["1'234.50", "1 000"]).tolist() == [1234.5, 1000.0]
    assert parse_amount(["1,234", "10.5"]).tolist() == [1234.0, 10.5]  # the ".5" decides
    with pytest.raises(DataError, match="can be read with '.' or with ','") as err:
        parse_amount(["1,234", "2,500"])
    assert err.value.code == "ambiguous_decimal" and "decimal: ','" in err.value.fix
    with pytest.raises(DataError, match=r"not numbers.*set the data option decimal: ','"):
        parse_amount(["1.234,50", "12.5"])  # mixed: "." fits 12.5 only
    assert parse_amount(["1,234"], decimal=".").tolist() == [1234.0]
    assert parse_amount(["1,234"], decimal=",").tolist() == [1.234]
    with pytest.raises(DataError, match="decimal must be"):
        parse_amount(["1"], decimal=";")


def test_excel_number_cells_ignore_the_decimal_option():
    cells = pd.Series([731.9399999999999, "1.234,50", 3, None], dtype=object)
    assert parse_amount(cells, decimal=",").tolist()[:3] == [731.9399999999999, 1234.5, 3.0]


def test_parse_dates_time_zones_and_serials_in_text():
    out = parse_dates(["2024-03-01T23:59:59+08:00", "2024-03-02 01:00 UTC", "45658", "45658.25"])
    expected = ["2024-03-01 23:59:59", "2024-03-02 01:00", "2025-01-01", "2025-01-01 06:00"]
    assert out.tolist() == [pd.Timestamp(x) for x in expected]


# ---- mapping files with data options -----------------------------------------------------


def test_mapping_file_may_declare_data_options(tmp_path):
    from helpers.loading import read_mapping

    top = write(tmp_path, "top.yaml", b"Umsatz: revenue\ndecimal: ','\nsheet: Orders\n")
    assert read_mapping(top) == ({"Umsatz": "revenue"}, {"decimal": ",", "sheet": "Orders"})
    nested = write(tmp_path, "n.yaml", b"columns:\n  Umsatz: revenue\ncleaning: uci\n")
    assert read_mapping(nested) == ({"Umsatz": "revenue"}, {"cleaning": "uci"})
    # a header that happens to be named like an option, mapped onto a course column
    odd = write(tmp_path, "odd.yaml", b"sheet: region\n")
    assert read_mapping(odd) == ({"sheet": "region"}, {})
    bad = write(tmp_path, "bad.yaml", b"columns: {}\ndecimals: ','\n")
    with pytest.raises(DataError, match="'decimals' is neither 'columns' nor a data option"):
        read_mapping(bad)
    wrong = write(tmp_path, "wrong.yaml", b"columns: {}\ndecimal: ';'\n")
    with pytest.raises(DataError, match="'decimal' must be"):
        read_mapping(wrong)


# ---- workbooks ------------------------------------------------------------------------------


def xls(path, sheets: dict[str, pd.DataFrame]):
    import xlwt

    book = xlwt.Workbook()
    for name, frame in sheets.items():
        ws = book.add_sheet(name)
        for j, col in enumerate(frame.columns):
            ws.write(0, j, col)
        for i, row in enumerate(frame.itertuples(index=False), start=1):
            for j, value in enumerate(row):
                ws.write(i, j, value.item() if hasattr(value, "item") else value)
    book.save(str(path))
    return path


def test_xls_workbooks_load(tmp_path):
    orders = read_table(write(tmp_path, "o.csv", CHINESE.encode("gbk")))
    one = xls(tmp_path / "one.xls", {"Sheet1": orders})
    check_two_orders(read_table(one))
    two = xls(tmp_path / "two.xls", {"Jan": orders.head(1), "Feb": orders.tail(1)})
    with pytest.raises(DataError, match=r"2 sheets \['Jan', 'Feb'\].*same columns") as err:
        read_file(two)
    assert err.value.code == "several_sheets" and "sheet: ['Jan', 'Feb']" in err.value.fix
    check_two_orders(read_table(two, sheet=["Jan", "Feb"]))
    check_two_orders(map_columns(read_file(two, sheet=[0, 1])))
    with pytest.raises(DataError, match="no sheet number 5"):
        read_file(two, sheet=5)


def test_warnings_found_while_reading_are_kept(tmp_path):
    path = write(tmp_path, "w.csv", "name,city\nCrème brûlée,Zürich\nCrème,x\n".encode("cp1252"))
    df = read_file(path)
    assert [p.code for p in df.attrs["problems"]] == ["suspect_encoding"]
    assert "Cr" in df.attrs["problems"][0].what and "encoding: cp1252" in df.attrs[
        "problems"][0].fix  # fmt: skip
    assert read_file(path, encoding="cp1252").loc[0, "name"] == "Crème brûlée"


def test_real_chinese_text_is_not_suspected(tmp_path):
    text = "客户编号,产品名称,备注\nC1,A4复印纸,华东区 USB集线器\nC2,䶮牌文具,繁體字的說明文字\n"
    df = read_file(write(tmp_path, "zh.csv", text.encode("gb18030")))
    assert df.attrs["problems"] == []


def test_duplicated_headers_are_an_error(tmp_path):
    path = write(tmp_path, "d.csv", b"customer_id,revenue,Revenue,revenue\nC1,1,2,3\n")
    with pytest.raises(DataError, match=r"'revenue' appears more than once \(columns 2, 4\)"):
        read_file(path)


def test_standardise_applies_the_id_rule_and_options():
    raw = pd.DataFrame(
        {
            "customer_id": [" c1", "0162"],
            "satisfaction": ["9", "7"],
            "loyalty": ["7", "8"],
            "survey_date": ["05/01/2025", "06/01/2025"],
        }
    )
    t = standardise(raw, table="survey", options={"dayfirst": True,
                                                 "id_leading_zeros": "strip"})  # fmt: skip
    assert t["customer_id"].tolist() == ["C1", "162"]
    assert t["survey_date"].tolist() == [pd.Timestamp("2025-01-05"), pd.Timestamp("2025-01-06")]
    kept = standardise(raw, table="survey", options={"dayfirst": True, "id_case": "keep"})
    assert kept["customer_id"].tolist() == ["c1", "0162"]
