"""Self-checks: right answers pass, typical wrong answers get the hint that names them."""

import matplotlib
import numpy as np
import pandas as pd
import pytest

from helpers import checks

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


@pytest.fixture(autouse=True)
def exercise_mode():
    checks.configure(mode="exercise")
    yield
    checks.configure(mode="exercise")
    plt.close("all")


@pytest.fixture
def lines():
    """Seven order lines: O1 has three lines, O4 is a cancellation kept by mistake."""
    return pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C1", "C2", "C3", "C3", "C2"],
            "order_id": ["O1", "O1", "O1", "O2", "O3", "O5", "O4"],
            "revenue": [10.0, 5.0, 5.0, 40.0, 20.0, 10.0, -40.0],
        }
    )


def test_number_hints_order_lines_and_cancellations(lines, capsys):
    clean = lines[lines["revenue"] > 0]
    alternatives = {
        "you counted order lines, not distinct orders": len(clean),
        "the cancelled orders are still in": lines["order_id"].nunique(),
    }
    expected = clean["order_id"].nunique()  # 4 orders: O1, O2, O3, O5
    assert expected == 4
    r = checks.number(6, expected, question="Q2", alternatives=alternatives)
    assert r.status == checks.NOT_YET
    assert r.hint == "you counted order lines, not distinct orders"
    r = checks.number(
        lines["order_id"].nunique(), expected, question="Q2", alternatives=alternatives
    )
    assert r.hint == "the cancelled orders are still in"
    r = checks.number(4, expected, question="Q2", alternatives=alternatives)
    assert r.correct and bool(r)
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "❌ Q2 not yet: you counted order lines, not distinct orders",
        "❌ Q2 not yet: the cancelled orders are still in",
        "✅ Q2 correct",
    ]


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (8500.0, "off by a factor of 100 (a percentage instead of a share, or cents?)"),
        (0.85, "off by a factor of 100 (a share instead of a percentage?)"),
        (-85.0, "right size but the wrong sign"),
        (93.5, "too high by 10.0%"),
        (76.5, "too low by 10.0%"),
        (
            pd.Series([85.0]),
            "expected a single number, got a Series holding one value: take .item()",
        ),
        ("85", None),  # text that reads as the number is accepted
        ("eighty", "expected a number, got str 'eighty'"),
        (True, "expected a number, got True"),
    ],
)
def test_number_describes_how_a_wrong_number_differs(answer, hint):
    r = checks.number(answer, 85.0, question="Q4")
    assert r.hint == (hint or "")
    assert r.correct is (hint is None)


def test_number_tolerance_accepts_rounding():
    assert checks.number(1234.57, 1234.5678, question="Q1", tol=0.01).correct
    assert not checks.number(1234.6, 1234.5678, question="Q1", tol=0.01).correct
    assert checks.number(np.int64(3), 3, question="Q1").correct


def test_not_answered_is_not_a_failure_in_exercise_mode(capsys):
    r = checks.number(None, 1, question="Q1")
    r2 = checks.table(..., pd.Series([1]), question="Q2")
    assert r.status == r2.status == checks.NOT_ANSWERED
    assert not r.answered and not r
    assert capsys.readouterr().out == "⏳ Q1 not answered yet\n⏳ Q2 not answered yet\n"


def test_solution_mode_raises_on_wrong_and_unanswered():
    checks.configure(mode="solution")
    assert checks.number(2, 2, question="Q1").correct
    with pytest.raises(checks.CheckFailed, match="Q1 not yet: too high by 50.0%"):
        checks.number(3, 2, question="Q1")
    with pytest.raises(checks.CheckFailed, match="Q2 not answered yet"):
        checks.value(None, "C1", question="Q2")


def test_mode_comes_from_the_environment_until_configured(monkeypatch):
    monkeypatch.setattr(checks, "_mode", None)
    monkeypatch.setenv("COURSE_CHECK_MODE", "solution")
    assert checks.current_mode() == "solution"
    with pytest.raises(checks.CheckFailed):
        checks.number(1, 2, question="Q1")
    monkeypatch.setenv("COURSE_CHECK_MODE", "strict")
    with pytest.raises(ValueError, match="COURSE_CHECK_MODE"):
        checks.current_mode()
    checks.configure(mode="exercise")
    assert checks.current_mode() == "exercise"


@pytest.fixture
def revenue_by_customer(lines):
    clean = lines[lines["revenue"] > 0]
    return clean.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)


def test_table_correct_whether_key_is_index_or_column(revenue_by_customer):
    assert list(revenue_by_customer) == [40.0, 30.0, 20.0]
    assert checks.table(revenue_by_customer, revenue_by_customer, question="Q5").correct
    as_frame = revenue_by_customer.reset_index()
    assert checks.table(as_frame, revenue_by_customer.to_frame(), question="Q5").correct
    renamed = revenue_by_customer.rename("total")  # a Series' name is not part of the answer
    assert checks.table(renamed, revenue_by_customer, question="Q5").correct


def test_table_hints_ascending_instead_of_descending(revenue_by_customer):
    r = checks.table(
        revenue_by_customer.sort_values(), revenue_by_customer.to_frame(), question="Q5"
    )
    assert r.hint == "the right rows in reverse order: ascending instead of descending?"
    expected = revenue_by_customer.to_frame()
    r = checks.table(expected.sort_values("revenue"), expected, question="Q5", sort_by="revenue")
    assert r.hint == "sorted ascending by 'revenue'; expected descending (largest first)"
    r = checks.table(expected.sort_index(), expected, question="Q5", check_order=False)
    assert r.correct


def test_table_ties_may_come_in_any_order():
    expected = pd.DataFrame({"revenue": [5.0, 3.0, 3.0, 1.0]}, index=["a", "b", "c", "d"])
    swapped = expected.loc[["a", "c", "b", "d"]]
    assert checks.table(swapped, expected, question="Q5", sort_by="revenue").correct
    assert not checks.table(swapped, expected, question="Q5").correct


def test_table_hints_cancellations_left_in(lines, revenue_by_customer):
    with_cancellations = lines.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)
    hint = "the cancelled orders are still in: drop them first"
    r = checks.table(
        with_cancellations,
        revenue_by_customer,
        question="Q5",
        alternatives={hint: with_cancellations},
    )
    assert r.hint == hint
    # without the alternative the hint still says where the difference is
    r = checks.table(with_cancellations, revenue_by_customer, question="Q5")
    assert r.hint == "column 'revenue' differs in 1 of 3 rows (for example row 'C2')"


def test_table_hints_columns_rows_and_values(revenue_by_customer):
    expected = revenue_by_customer.reset_index()
    wrong_name = expected.rename(columns={"revenue": "amount"})
    assert (
        checks.table(wrong_name, expected, question="Q5").hint
        == "column 'revenue' is missing; found 'amount' instead: rename or choose the right column"
    )
    extra = expected.assign(orders=1)
    assert checks.table(extra, expected, question="Q5").hint == (
        "unexpected column 'orders': the table should only have 'customer_id', 'revenue'"
    )
    assert checks.table(expected.head(2), expected, question="Q5").hint == (
        "2 rows, expected 3 (fewer rows than expected)"
    )
    keyed = revenue_by_customer.to_frame()
    other = keyed.rename(index={"C3": "C9"})
    assert checks.table(other, keyed, question="Q5").hint == (
        "1 of 3 rows are not the expected ones (for example 'C9')"
    )
    doubled = keyed.assign(revenue=keyed["revenue"] * 100)
    assert checks.table(doubled, keyed, question="Q5").hint == (
        "column 'revenue' differs in 3 of 3 rows (for example row 'C2'): "
        "off by a factor of 100 (a percentage instead of a share, or cents?)"
    )
    one_off = keyed.assign(revenue=[40.0, 31.0, 20.0])
    assert checks.table(one_off, keyed, question="Q5").hint == (
        "column 'revenue' differs in 1 of 3 rows (for example row 'C3')"
    )
    assert checks.table(42, keyed, question="Q5").hint == "expected a table (DataFrame), got int"


def test_table_without_row_labels_detects_order():
    expected = pd.DataFrame({"month": ["2024-01", "2024-02", "2024-03"], "n": [3, 1, 2]})
    shuffled = expected.iloc[[2, 0, 1]].reset_index(drop=True)
    assert checks.table(shuffled, expected, question="Q3").hint == (
        "the right rows in the wrong order: check the sort"
    )
    assert checks.table(shuffled, expected, question="Q3", check_order=False).correct


def test_value_hints_wrong_as_of_and_wrong_type():
    as_of = pd.Timestamp("2024-07-01")
    last_order = pd.Timestamp("2024-06-30")
    hint = "that is the last order date; the as-of date is the day after it"
    r = checks.value("2024-06-30", as_of, question="Q3", alternatives={hint: last_order})
    assert r.hint == hint
    assert checks.value("2024-06-28", as_of, question="Q3").hint == "3 days earlier than expected"
    assert checks.value(pd.Timestamp("2024-07-01"), as_of, question="Q3").correct
    assert checks.value(12346, "12346", question="Q4").hint == (
        "expected text (str) like '12346', got int 12346"
    )
    assert checks.value(pd.Series(["C1"]), "C1", question="Q4").hint == (
        "expected a single value, got a Series of 1"
    )


def test_choice_accepts_any_sensible_value():
    assert checks.choice(10, question="Q6", low=3, high=20).correct
    assert checks.choice("ME", question="Q6", allowed=["ME", "W"]).correct
    assert checks.choice(2, question="Q6", low=3, high=20).hint == (
        "2 is outside the sensible range 3 to 20"
    )
    assert checks.choice(None, question="Q6", low=3).status == checks.NOT_ANSWERED


def test_chart_checks_drawn_values_and_labels():
    monthly = pd.Series([5.0, 7.0, 6.0], index=pd.Index(["Jan", "Feb", "Mar"], name="month"))
    assert checks.chart(None, question="Q7").status == checks.NOT_ANSWERED
    assert checks.chart("bar", question="Q7").hint == (
        "expected a chart (matplotlib Axes or Figure), got str"
    )
    fig, ax = plt.subplots()
    assert checks.chart(ax, question="Q7").hint == "nothing is drawn on the chart yet"
    monthly.plot.bar(ax=ax)
    assert checks.chart(ax, question="Q7").hint == "label the axes: the y axis has no label"
    ax.set_ylabel("revenue")
    assert checks.chart(fig, question="Q7", values=monthly).correct
    assert checks.chart(ax, question="Q7", values=monthly * 2).hint == (
        "the chart shows other values (3 drawn, 3 expected)"
    )
    _, ax2 = plt.subplots()
    ax2.plot(monthly.index, monthly.to_numpy())
    ax2.set(xlabel="month", ylabel="revenue")
    assert checks.chart(ax2, question="Q7", values=monthly).correct


def test_summary_keeps_the_latest_result_per_question():
    checks.number(1, 2, question="Q1")
    checks.number(2, 2, question="Q1")
    checks.number(None, 2, question="Q2")
    table = checks.summary()
    assert list(table.index) == ["Q1", "Q2"]
    assert list(table["status"]) == ["correct", "not answered"]
    checks.configure(mode="exercise")
    assert checks.summary().empty


def test_table_that_cannot_be_compared_gets_a_hint_not_an_error(lines, revenue_by_customer):
    per_line = lines.set_index("customer_id")["revenue"]  # one row per line, not per customer
    r = checks.table(per_line.head(3), revenue_by_customer, question="Q5")
    assert r.hint == "some row labels appear more than once: group the rows first"
