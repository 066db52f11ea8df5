"""check_data: the one data check before anything runs; what each lesson needs; as_of."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import datacheck
from helpers.datacheck import LESSON_NEEDS, DataCheck, check_data, lesson_gaps
from helpers.datasets import RAW_EXPORT_OPTIONS, load_tables
from helpers.paths import NOTEBOOKS_DIR
from helpers.schema import TABLES, DataError, Problem

ORDERS = (
    "customer_id,order_id,order_date,product_id,quantity,revenue\n"
    "C1,O1,2024-01-05,P1,2,10.00\n"
    "C2,O2,2024-02-05,P2,1,5.50\n"
)


@pytest.fixture(scope="module")
def course_check() -> DataCheck:
    return check_data("course")


def test_the_course_data_has_no_problem_and_every_lesson_shows_everything(course_check):
    assert course_check.ok and course_check.problems == [] and course_check.gaps == {}
    assert course_check.tables.joins["share"].tolist() == [1.0] * 6
    report = course_check.report()
    assert report.startswith("No problems found.\nHow the other tables join the order lines:")
    assert "- survey: 700 of 700 rows (100.0%)" in report


def test_lesson_needs_name_real_lessons_tables_and_columns():
    lessons = {p.stem for p in NOTEBOOKS_DIR.glob("0[1-6]_*.py")}
    assert set(LESSON_NEEDS) == lessons
    course = load_tables("course")
    for stem, needs in LESSON_NEEDS.items():
        assert needs, stem
        for need in needs:
            assert need.table in TABLES, (stem, need)
            for column in need.columns:  # every column the course data has
                assert course.has_column(need.table, column), (stem, need.table, column)


@pytest.mark.parametrize(
    "source, lessons",
    [
        ("course:shape=no_cost,customers=60",
         ["01_data_collection", "02_customer_profiling", "03_abc_grading",
          "04_purchase_deciles", "06_case_study"]),
        ("course:shape=no_survey,customers=60",
         ["01_data_collection", "02_customer_profiling", "05_loyalty", "06_case_study"]),
        ("course:shape=orders_only,customers=60", sorted(LESSON_NEEDS)),
    ],
)  # fmt: skip
def test_gaps_per_shape(source, lessons):
    check = check_data(source)
    assert check.ok and sorted(check.gaps) == lessons


def test_gaps_name_what_is_missing():
    check = check_data("course:shape=no_cost,customers=60")
    assert check.gaps["03_abc_grading"] == [
        "grades and the pyramids by profit (needs the orders table's cost column)"
    ]
    assert check.gaps["04_purchase_deciles"] == [
        "profit by decile group (needs the orders table's cost column)"
    ]
    assert "What the lessons cannot show with this data:" in check.report()


def test_a_column_present_but_empty_counts_as_missing():
    tables = load_tables("course:seed=3,customers=40")
    tables.survey = tables.survey.assign(survey_date=pd.NaT)
    assert lesson_gaps(tables)["05_loyalty"] == [
        "when the survey answers were given (survey waves) (needs the survey table's "
        "survey_date column)"
    ]


def test_as_of(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS)
    bad = check_data(path, as_of="2023-13-45")
    assert [(p.level, p.code) for p in bad.problems] == [("error", "as_of")]
    assert "2023-13-45" in bad.errors[0].what and "YYYY-MM-DD" in bad.errors[0].fix
    assert bad.tables is not None and not bad.ok
    before = check_data(path, as_of="2024-01-01")
    assert [p.code for p in before.errors] == ["nothing_before_as_of"]
    inside = check_data(path, as_of=pd.Timestamp("2024-02-01"))
    assert inside.ok and [p.code for p in inside.warnings] == ["dates_after_as_of"]
    assert inside.warnings[0].what.startswith("1 of 2 order lines are dated on or after as_of")
    for after in ("2024-02-06", None, ""):
        assert check_data(path, as_of=after).problems == []


def test_errors_come_first_and_warnings_keep_the_run_going(tmp_path):
    (tmp_path / "orders.csv").write_text(ORDERS)
    (tmp_path / "survey.csv").write_text("customer_id,satisfaction,loyalty\nX9,11,5\n")
    check = check_data(tmp_path)
    assert [(p.level, p.code) for p in check.problems] == [
        ("error", "survey_outside_scale"),
        ("warning", "ids_do_not_join"),
    ]
    assert not check.ok
    lines = check.report().splitlines()
    assert lines[0].startswith("- error: 1 satisfaction answers are outside the survey scale")
    assert lines[1].startswith("- warning: only 0 of the 1 survey rows (0.0%)")
    with pytest.raises(DataError) as err:
        load_tables(tmp_path)
    assert [p.code for p in err.value.problems] == ["survey_outside_scale", "ids_do_not_join"]


def test_loading_warnings_reach_the_lessons(tmp_path):
    (tmp_path / "orders.csv").write_text(ORDERS)
    (tmp_path / "survey.csv").write_text("customer_id,satisfaction,loyalty\nX9,9,5\n")
    tables = load_tables(tmp_path)
    check = check_data(tmp_path)
    assert check.ok and tables.problems == check.warnings
    assert [p.code for p in tables.problems] == ["ids_do_not_join"]


def test_the_raw_export_as_a_data_source():
    raw = load_tables("course:raw")
    course = load_tables("course")
    assert raw.name == "course:raw" and raw.complaints is None
    assert raw.missing() == ["complaints"]
    expected = course.orders[course.orders["order_date"] >= "2025-10-01"].reset_index(drop=True)
    got = raw.orders[expected.columns].sort_values(["order_date", "order_id", "product_id"])
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected)
    dropped = raw.cleaning.counts("dropped")
    assert set(dropped) == {
        "missing customer id", "cancellation", "return", "non-product line",
        "zero or negative price", "exact duplicate",
    }  # fmt: skip
    assert RAW_EXPORT_OPTIONS == {"cancellation_prefix": "C"}
    assert [p.code for p in raw.problems] == ["ids_written_differently"]
    # the trainer's word wins over the export's: no prefix, the cancellations become returns
    undeclared = load_tables("course:raw", options={"cancellation_prefix": None})
    assert "cancellation" not in undeclared.cleaning.counts()
    assert len(undeclared.orders) == len(raw.orders)


def test_raw_export_gaps_are_the_complaints():
    check = check_data("course:raw")
    assert check.ok
    assert all("complaints" in g for gaps in check.gaps.values() for g in gaps)


def test_no_traceback_even_from_an_unexpected_failure(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("x" * 10_000)

    monkeypatch.setattr(datacheck, "load_tables_checked", broken)
    check = check_data("course")
    assert [(p.level, p.code) for p in check.problems] == [("error", "unreadable")]
    assert len(check.errors[0].what) < 300


def test_problem_lines_and_data_errors():
    p = Problem("warning", "x", "something odd", "orders.csv", "look at it")
    assert p.line == "warning: something odd (orders.csv). Fix: look at it"
    with pytest.raises(ValueError, match="level must be one of"):
        Problem("info", "x", "y")
    err = DataError("bad", code="c", where="w", fix="f")
    assert str(err) == "bad (w). Fix: f" and err.problems == [
        Problem("error", "c", "bad", "w", "f")
    ]
