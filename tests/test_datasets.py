"""load_tables and CourseTables: every kind of data source, and the `data` commands."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import generate
from helpers.datasets import CourseTables, load_tables
from helpers.schema import DataError, has_cost
from helpers.tooling import cli
from helpers.tooling.data_commands import regenerate


@pytest.fixture(scope="module")
def course() -> CourseTables:
    return load_tables("course")


def test_course_tables(course):
    assert course.name == "course"
    assert course.missing() == []
    assert course.has_cost and has_cost(course.orders)
    assert course.default_as_of == pd.Timestamp("2026-01-01")
    assert list(course.orders.columns) == [
        "customer_id", "order_id", "order_date", "product_id", "quantity", "revenue", "cost",
    ]  # fmt: skip
    assert course.orders["customer_id"].dtype == "str"
    assert course.orders["order_date"].dtype == "datetime64[us]"
    assert course.cleaning.rows_in == course.cleaning.rows_out == len(course.orders)
    assert course.cleaning.counts() == {}
    assert set(course.tables()) == {
        "orders", "customers", "products", "complaints", "survey", "campaigns", "leads",
    }  # fmt: skip


def test_course_equals_in_memory_generation(course):
    fresh = load_tables("course:seed=42")
    assert fresh.name == "course:seed=42"
    for name, df in course.tables().items():
        pd.testing.assert_frame_equal(df, fresh.tables()[name])


def test_other_seed_gives_other_company(course):
    other = load_tables("course:seed=7")
    assert len(other.customers) == 2000
    assert not other.orders["revenue"].sum() == pytest.approx(course.orders["revenue"].sum())
    assert other.default_as_of == pd.Timestamp("2026-01-01")


def test_load_a_single_file(tmp_path, course):
    path = tmp_path / "export.csv"
    course.orders.head(50).to_csv(path, index=False)
    t = load_tables(str(path))
    assert t.name == "export.csv"
    assert len(t.orders) == 50
    assert t.missing() == ["customers", "products", "complaints", "survey", "campaigns", "leads"]
    assert t.default_as_of == course.orders["order_date"].head(50).max() + pd.Timedelta(days=1)


def test_load_a_folder_with_chinese_names_and_mapping(tmp_path, course):
    orders = course.orders.head(200).rename(
        columns={"customer_id": "客户编号", "revenue": "Umsatz"}
    )
    orders.to_csv(tmp_path / "订单.csv", index=False, encoding="gbk")
    course.customers.head(30).to_excel(tmp_path / "customers.xlsx", index=False)
    course.survey.head(20).to_parquet(tmp_path / "survey.parquet")
    (tmp_path / "notes.txt.bak").write_text("not a table")
    t = load_tables(tmp_path, column_mapping={"Umsatz": "revenue"})
    assert len(t.orders) == 200
    assert t.orders["revenue"].sum() == pytest.approx(course.orders.head(200)["revenue"].sum())
    assert len(t.customers) == 30 and t.customers["first_seen"].dtype.kind == "M"
    assert t.survey["satisfaction"].dtype == "int64"
    assert t.missing() == ["products", "complaints", "campaigns", "leads"]


def test_mapping_file_yaml_for_a_folder(tmp_path, course):
    course.orders.head(10).rename(columns={"revenue": "Umsatz"}).to_csv(
        tmp_path / "orders.csv", index=False
    )
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  Umsatz: revenue\n", encoding="utf-8")
    assert len(load_tables(tmp_path, column_mapping=mapping).orders) == 10


def test_mapping_naming_no_column_is_an_error(tmp_path, course):
    course.orders.head(10).to_csv(tmp_path / "orders.csv", index=False)
    with pytest.raises(DataError, match="mapping names \\['Betrag'\\]"):
        load_tables(tmp_path, column_mapping={"Betrag": "revenue"})


def test_folder_without_orders_is_an_error(tmp_path, course):
    course.customers.to_csv(tmp_path / "customers.csv", index=False)
    with pytest.raises(DataError, match="no orders file.*orders.csv"):
        load_tables(tmp_path)


def test_unknown_source_is_an_error():
    with pytest.raises(DataError, match="'course:seed=x': 'seed=x' is not understood"):
        load_tables("course:seed=x")


def test_raw_export_workbook_with_table_sheets(tmp_path, course):
    path = tmp_path / "company.xlsx"
    with pd.ExcelWriter(path) as writer:
        course.orders.head(40).to_excel(writer, sheet_name="orders", index=False)
        course.products.to_excel(writer, sheet_name="products", index=False)
    t = load_tables(path)
    assert len(t.orders) == 40 and len(t.products) == 120
    assert t.products["unit_price"].dtype == "float64"


def test_regenerate_reports_changes(tmp_path, monkeypatch):
    small = generate.generate_company
    monkeypatch.setattr(generate, "generate_company", lambda seed: small(seed, n_customers=150))
    changed = regenerate(tmp_path / "course", tmp_path / "raw")
    assert len(changed) == len(generate.TABLE_NAMES) + 2
    (tmp_path / "course" / "survey.csv").write_text("edited")
    assert regenerate(tmp_path / "course", tmp_path / "raw") == [
        str(tmp_path / "course" / "survey.csv")
    ]


def test_cli_data_commands(capsys):
    assert cli.main(["data", "check"]) == 0
    assert "9/9 generated data files up to date" in capsys.readouterr().out
    parser = cli.build_parser()
    args = parser.parse_args(["data", "seed-cache", "x.csv.gz"])
    assert args.path == "x.csv.gz" and args.dataset is None


# ---- the data options, a folder's files, a workbook's sheets ------------------------------------


def test_a_folder_with_two_files_for_one_table_is_an_error(tmp_path, course):
    course.orders.head(5).to_csv(tmp_path / "orders.csv", index=False)
    course.orders.head(5).to_parquet(tmp_path / "orders.parquet")
    with pytest.raises(DataError, match=r"2 files for the orders table") as err:
        load_tables(tmp_path)
    assert err.value.code == "table_files_twice"


def test_mapping_file_options_and_parameters_must_agree(tmp_path, course):
    data = tmp_path / "orders.csv"
    course.orders.head(5).rename(columns={"revenue": "Umsatz"}).to_csv(data, index=False)
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  Umsatz: revenue\ndecimal: '.'\n", encoding="utf-8")
    assert len(load_tables(data, mapping, options={"decimal": "."}).orders) == 5
    with pytest.raises(DataError, match=r"data options \['decimal'\] are given twice"):
        load_tables(data, mapping, options={"decimal": ","})


def test_a_workbook_of_tables_and_a_workbook_of_one_table(tmp_path, course):
    book = tmp_path / "company.xlsx"
    with pd.ExcelWriter(book) as writer:
        pd.DataFrame({"note": ["read me"]}).to_excel(writer, sheet_name="notes", index=False)
        course.orders.head(30).to_excel(writer, sheet_name="订单", index=False)
        course.customers.head(10).to_excel(writer, sheet_name="客户", index=False)
    t = load_tables(book)
    assert len(t.orders) == 30 and len(t.customers) == 10 and t.products is None
    single = tmp_path / "single.xlsx"
    course.orders.head(7).to_excel(single, sheet_name="Sheet1", index=False)
    assert len(load_tables(single).orders) == 7
    other = tmp_path / "other.xlsx"
    with pd.ExcelWriter(other) as writer:
        course.orders.head(3).to_excel(writer, sheet_name="Data", index=False)
        pd.DataFrame({"note": ["x"]}).to_excel(writer, sheet_name="About", index=False)
    with pytest.raises(DataError, match=r"2 sheets \['Data', 'About'\]"):
        load_tables(other)
    assert len(load_tables(other, options={"sheet": "Data"}).orders) == 3


def test_the_id_rule_applies_to_every_table(tmp_path, course):
    orders = course.orders.head(50)
    orders.to_csv(tmp_path / "orders.csv", index=False)
    ids = orders["customer_id"].unique()
    pd.DataFrame({"customer_id": [f" {i.lower()} " for i in ids], "region": "East"}).to_csv(
        tmp_path / "customers.csv", index=False
    )
    t = load_tables(tmp_path)
    assert sorted(t.customers["customer_id"]) == sorted(ids)
    assert t.joins.set_index("table").loc["customers", "share"] == 1.0
    kept = load_tables(tmp_path, options={"id_case": "keep"})
    assert kept.joins.set_index("table").loc["customers", "share"] == 0.0
    assert [p.code for p in kept.problems] == ["ids_differ_by_case", "ids_do_not_join"]


def test_totals_are_summed_in_cents(course):
    totals = course.totals()
    assert totals["order_lines"] == len(course.orders)
    assert totals["customers"] == course.orders["customer_id"].nunique() == 2000
    cents = (course.orders["revenue"] * 100).round().astype("int64").sum()
    assert totals["revenue"] == cents / 100
    assert totals["cost"] == (course.orders["cost"] * 100).round().astype("int64").sum() / 100
    assert totals["first_order"] == pd.Timestamp("2024-01-01")


def test_load_tables_lists_every_error_found(tmp_path, course):
    course.orders.head(20).to_csv(tmp_path / "orders.csv", index=False)
    pd.DataFrame({"customer_id": ["X"], "satisfaction": [0], "loyalty": [11]}).to_csv(
        tmp_path / "survey.csv", index=False
    )
    pd.DataFrame({"customer_id": ["X"], "complaint_date": ["soon"]}).to_csv(
        tmp_path / "complaints.csv", index=False
    )
    with pytest.raises(DataError) as err:
        load_tables(tmp_path)
    assert [(p.level, p.code) for p in err.value.problems] == [
        ("error", "not_dates"),
        ("error", "survey_outside_scale"),
        ("error", "survey_outside_scale"),
        ("warning", "ids_do_not_join"),
    ]


def test_named_sources_declare_their_conventions():
    from helpers.online_retail import SOURCE_OPTIONS

    assert SOURCE_OPTIONS == {"cleaning": "uci", "cancellation_prefix": "C"}
    from helpers.datasets import is_named_source

    assert is_named_source("course:raw")
