"""Real-data shapes through load_tables and check_data: exact lines, customers, revenue.

Each shape of :mod:`tests.real_shapes` is loaded with its own mapping and parameter
files (read by the course's one parameter loader) and must give exactly the order lines,
customers, orders, revenue and cost it was written from, with exactly the expected
warnings. Then each shape is loaded without the setting that makes it right, and the
data check must say what to set instead of guessing.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.datacheck import check_data
from helpers.datasets import load_tables
from helpers.params import read_parameter_file
from tests.real_shapes import SHAPES, write_shape


def options_of(params):
    return read_parameter_file(params).get("data_options") if params else None


@pytest.fixture(params=sorted(SHAPES))
def shape(request, tmp_path):
    data, mapping, params, expected = write_shape(request.param, tmp_path)
    return request.param, data, mapping, options_of(params), expected


def test_every_shape_gives_its_exact_numbers(shape):
    name, data, mapping, options, expected = shape
    check = check_data(data, mapping, options)
    assert check.errors == [], check.report()
    assert sorted(p.code for p in check.warnings) == sorted(expected.warnings), check.report()
    totals = check.tables.totals()
    assert totals["order_lines"] == expected.lines
    assert totals["customers"] == expected.customers
    assert totals["orders"] == expected.orders
    assert totals["revenue"] == expected.revenue  # exact: summed in cents
    assert totals["cost"] == expected.cost
    # load_tables gives the same tables as the data check
    tables = load_tables(data, mapping, options=options)
    pd.testing.assert_frame_equal(tables.orders, check.tables.orders)
    assert tables.problems == check.warnings


def test_what_was_derived_is_reported(tmp_path):
    for name in ("profit", "four_decimals", "purchase_log"):
        data, mapping, params, expected = write_shape(name, tmp_path / name)
        tables = load_tables(data, mapping, options=options_of(params))
        assert list(tables.cleaning.derived) == expected.notes["derived"], name
        assert tables.cleaning.derived[expected.notes["derived"][0]] == expected.lines


def test_profit_gives_cost_at_full_precision(tmp_path):
    data, mapping, params, expected = write_shape("four_decimals", tmp_path)
    raw = pd.read_csv(data, dtype={"customer_id": str})
    tables = load_tables(data)
    assert tables.orders["revenue"].tolist() == raw["revenue"].tolist()  # not rounded
    assert tables.orders["cost"].tolist() == (raw["revenue"] - raw["profit"]).tolist()
    assert "profit" not in tables.orders.columns


def test_purchase_log_orders_are_customer_days(tmp_path):
    data, mapping, params, expected = write_shape("purchase_log", tmp_path)
    tables = load_tables(data, mapping)
    o = tables.orders
    assert not tables.has_products and "product_id" not in o.columns
    assert o["order_id"].nunique() == expected.orders
    day = o["order_date"].dt.strftime("%Y-%m-%d")
    assert (o["order_id"] == o["customer_id"] + "@" + day).all()
    gaps = check_data(data, mapping).gaps
    assert any("needs the orders table's product_id column" in g
               for g in gaps["02_customer_profiling"])  # fmt: skip


def test_c_order_ids_are_no_cancellations_unless_declared(tmp_path):
    data, _, _, expected = write_shape("c_order_ids", tmp_path)
    tables = load_tables(data)
    assert "cancellation" not in tables.cleaning.counts()
    declared = check_data(data, options={"cancellation_prefix": "C"})
    assert [(p.level, p.code) for p in declared.problems] == [
        ("error", "no_lines_left"),
        ("warning", "rule_removes_many"),
    ]
    assert "cancellation: 67" in declared.errors[0].what
    assert "cancellations: keep" in declared.warnings[0].fix


def test_joins_after_the_one_id_rule(tmp_path):
    for name, table in (("zero_padded_ids", "survey"), ("mixed_case_ids", "survey"),
                        ("mixed_case_ids", "customers")):  # fmt: skip
        data, mapping, params, expected = write_shape(name, tmp_path / f"{name}-{table}")
        tables = load_tables(data, mapping, options=options_of(params))
        joins = tables.joins.set_index("table")
        assert joins.loc[table, "share"] == 1.0, (name, table)
        assert expected.notes[f"{table}_joined"] == 1.0


def test_zero_padded_ids_without_the_rule_are_reported(tmp_path):
    data, _, _, _ = write_shape("zero_padded_ids", tmp_path)
    check = check_data(data)
    assert check.ok
    codes = [p.code for p in check.warnings]
    assert codes == ["ids_differ_by_leading_zeros", "ids_do_not_join", "ids_do_not_join"]
    assert "id_leading_zeros: strip" in check.warnings[0].fix
    assert check.tables.joins.set_index("table").loc["survey", "share"] == 0.0


def test_survey_scale(tmp_path):
    data, _, params, expected = write_shape("survey_0_5", tmp_path)
    tables = load_tables(data, options=options_of(params))
    assert tables.survey["satisfaction"].tolist() == expected.notes["satisfaction"]
    assert tables.survey["satisfaction"].between(1, 10).all()
    undeclared = check_data(data)
    assert [(p.level, p.code) for p in undeclared.errors] == [("error", "survey_outside_scale")]
    assert "values found: 0" in undeclared.errors[0].what
    assert "survey_scale" in undeclared.errors[0].fix


def test_optional_columns_missing_say_what_lessons_cannot_show(tmp_path):
    for name in ("survey_no_dates", "cost_no_products", "thin_tables"):
        data, mapping, params, expected = write_shape(name, tmp_path / name)
        check = check_data(data, mapping, options_of(params))
        assert check.ok, check.report()
        stem, needed = expected.notes["gap"]
        assert any(needed in gap for gap in check.gaps[stem]), (name, check.gaps)


def test_xls_sheets_must_be_named(tmp_path):
    data, _, params, expected = write_shape("xls_monthly_sheets", tmp_path)
    check = check_data(data)
    assert [p.code for p in check.errors] == ["several_sheets"]
    sheets = expected.notes["sheets"]
    assert str(sheets) in check.errors[0].what and "same columns" in check.errors[0].what
    one = check_data(data, options={"sheet": sheets[0]})
    assert one.ok and one.tables.totals()["order_lines"] < expected.lines


def test_decimal_comma_and_day_first_are_asked(tmp_path):
    data, _, _, _ = write_shape("decimal_comma", tmp_path / "comma")
    assert [p.code for p in check_data(data).errors] == ["decimal_comma"]
    data, _, params, expected = write_shape("day_first", tmp_path / "dates")
    asked = check_data(data)
    assert [p.code for p in asked.errors] == ["ambiguous_dates"]
    assert "dayfirst: true" in asked.errors[0].fix
    dates = load_tables(data, options=options_of(params)).orders["order_date"]
    assert (dates.min(), dates.max()) == (expected.notes["first"], expected.notes["last"])
    month_first = check_data(data, options={"dayfirst": False})
    assert month_first.ok
    other = month_first.tables.orders["order_date"]
    raw = pd.read_csv(data, dtype=str)["order_date"]
    assert raw.iloc[0] == "02/01/2024"
    assert dates.iloc[0] == pd.Timestamp("2024-01-02")  # day first: 2 January
    assert other.iloc[0] == pd.Timestamp("2024-02-01")  # month first: 1 February
