"""Self-checks: the tolerance, form and chart policies, the records, the languages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from helpers import checks
from helpers.checks import core
from helpers.checks.keys import KEYS
from helpers.checks.messages import Hint, number_text, percent_text
from helpers.checks.policy import COUNT, MONEY, RATIO, SHARE, match, written_unit
from helpers.checks.tables import TableSpec, compare_table
from helpers.i18n import catalogue
from helpers.paths import REPO_ROOT

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

WHAT = Hint("what", "one row per customer with its revenue")


@pytest.fixture(autouse=True)
def exercise_mode():
    checks.configure(mode="exercise", lang="en")
    yield
    checks.configure(mode="exercise", lang="en")
    plt.close("all")


# --- lines, modes and records ---------------------------------------------------------------


def test_lines_carry_a_text_marker_beside_each_symbol(capsys):
    checks.number(3, 3, question="Q1", kind="count")
    checks.number(4, 3, question="Q2", kind="count")
    checks.number(None, 3, question="Q3")
    assert capsys.readouterr().out.splitlines() == [
        "✅ [ok] Q1 correct",
        "❌ [not yet] Q2: too high by 1 (33%)",
        "⏳ [to do] Q3 not answered yet",
    ]


def test_solution_mode_raises_on_wrong_and_unanswered():
    checks.configure(mode="solution")
    assert checks.number(2, 2, question="Q1").correct
    with pytest.raises(checks.CheckFailed, match=r"Q1: too high by 1 \(50%\)"):
        checks.number(3, 2, question="Q1")
    with pytest.raises(checks.CheckFailed, match="Q2 not answered yet"):
        checks.value(None, "C1", question="Q2")


def test_mode_comes_from_the_environment_until_configured(monkeypatch):
    monkeypatch.setattr(core.STATE, "mode", None)
    monkeypatch.setenv("COURSE_CHECK_MODE", "solution")
    assert checks.current_mode() == "solution"
    with pytest.raises(checks.CheckFailed):
        checks.number(1, 2, question="Q1")
    monkeypatch.setenv("COURSE_CHECK_MODE", "strict")
    with pytest.raises(ValueError, match="COURSE_CHECK_MODE"):
        checks.current_mode()


def test_record_is_plain_data_with_the_mistake_id():
    result = checks.number(7, 10, question="Q9 count", kind="count",
                           alternatives={"measured from today": 7})  # fmt: skip
    record = result.record()
    assert record == {
        "version": 1,
        "exercise": None,
        "question": "Q9",
        "part": "count",
        "check": "Q9 count",
        "status": "not yet",
        "rounded": False,
        "mistake": "alternative_1",
        "code": "alternative_1",
        "hint": "measured from today",
    }
    assert checks.number(10, 10, question="Q9", kind="count").record()["mistake"] is None


def test_summary_lists_every_question_whole_and_escaped():
    checks.number(1, 2, question="Q1", kind="count")
    checks.number(2, 2, question="Q1", kind="count")
    long_hint = "a hint " * 30 + "<script>x</script>"
    checks.number(5, 2, question="Q2", alternatives={long_hint: 5})
    summary = core.summary(["Q1", "Q2", "Q3"])
    assert summary.counts() == {"correct": 1, "not yet": 1, "not answered": 1, "skipped": 0}
    assert list(summary.table.index) == ["Q1", "Q2", "Q3"]
    page = summary._repr_html_()
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert (long_hint.replace("<", "&lt;").replace(">", "&gt;")) in page
    data, metadata = summary._repr_mimebundle_()
    assert [r["status"] for r in metadata[core.SUMMARY_KEY]] == ["correct", "not yet",
                                                                 "not answered"]  # fmt: skip
    assert long_hint in data["text/plain"]


# --- the tolerance policy --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "expected", "kind", "verdict"),
    [
        (0.614, 0.61437, SHARE, "rounded"),
        (0.6144, 0.61437, SHARE, "rounded"),
        (0.61437000001, 0.61437, SHARE, "exact"),
        (0.61, 0.61437, SHARE, "too_coarse"),
        (0.615, 0.61437, SHARE, "wrong"),  # written to three decimals, but not a rounding
        (0.05, 0.0501, SHARE, "rounded"),  # 0.050: the trailing zero does not show
        (45_650_000, 45_651_234.56, MONEY, "rounded"),
        (45_651_235, 45_651_234.56, MONEY, "rounded"),
        (46_000_000, 45_651_234.56, MONEY, "too_coarse"),
        (1234.57, 1234.5678, MONEY, "exact"),
        (1235, 1234.5678, MONEY, "rounded"),
        (1230, 1234.5678, MONEY, "too_coarse"),
        (-40_655, -40_654.78, MONEY, "rounded"),
        (2.17, 2.1734, RATIO, "rounded"),
        (2.2, 2.1734, RATIO, "too_coarse"),
        (1702, 1702, COUNT, "exact"),
        (1702.0, 1702, COUNT, "exact"),
        (1700, 1702, COUNT, "wrong"),
    ],
)
def test_rounding_policy(answer, expected, kind, verdict):
    assert match(answer, expected, kind) == verdict


def test_written_unit_reads_the_last_digit():
    units = written_unit(np.array([0.614, 45_650_000.0, 7.0, 0.0, 1 / 3, -0.25]))
    assert units.tolist() == [0.001, 10_000.0, 1.0, 1.0, 1e-16, 0.01]


def test_rounded_answers_pass_with_their_own_line(capsys):
    r = checks.number(0.614, 0.61437, question="Q8 share", kind="share")
    assert r.correct and r.rounded
    r = checks.number(0.61, 0.61437, question="Q8 share", kind="share")
    assert r.mistake == "rounded_too_much"
    assert capsys.readouterr().out.splitlines() == [
        "✅ [ok] Q8 share correct (rounded)",
        "❌ [not yet] Q8 share: rounded too much: keep more digits (the checks expect shares "
        "to three decimals, like 0.614 for 61.4%)",
    ]


@pytest.mark.parametrize(
    ("answer", "expected", "kind", "hint"),
    [
        (0.6150, 0.61437, "share", "too high by 0.00063 (0.1%)"),
        (0.61437 * 1.000002, 0.61437, "share", "too high by 0.0000012 (0.0002%)"),
        (45_000_000.5, 45_651_234.56, "money", "too low by 651,234 (1.4%)"),
        (-40_654.78, 40_654.78, "money", "right size but the wrong sign"),
        (61.437, 0.61437, "money", "off by a factor of 100 (a percentage, or cents?)"),
        (1703, 1702, "count", "too high by 1 (0.059%)"),
    ],
)
def test_differences_are_stated_in_the_students_units(answer, expected, kind, hint):
    r = checks.number(answer, expected, question="Q1", kind=kind)
    assert r.hint == hint
    assert "0.0%" not in r.hint


def test_percent_for_a_share_is_named():
    r = checks.number(61.4, 0.61437, question="Q1", kind="share")
    assert r.mistake == "percent_not_share"


def test_numbers_never_read_zero():
    assert percent_text(1e-6) == "0.0001%" and number_text(0.00000123) == "0.00000123"
    assert number_text(1234567.9) == "1,234,568" and percent_text(0.5) == "50%"


def test_an_exact_prepared_mistake_wins_over_a_rounding_tie():
    # 0.215 is both the mistake "crossing customer" and a half-way rounding of 0.2155
    r = checks.number(0.215, 0.2155, question="Q1", kind="share",
                      alternatives={"the customer who crosses counts too": 0.215})  # fmt: skip
    assert r.hint == "the customer who crosses counts too"
    r = checks.number(0.216, 0.2155, question="Q1", kind="share",
                      alternatives={"the customer who crosses counts too": 0.215})  # fmt: skip
    assert r.correct and r.rounded


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("85", "text"),
        ("-0.3", "text"),
        (True, "not_a_number"),
        (pd.Series([85.0]), "one_value_in_container"),
        ([1, 2], "many_values"),
        (float("nan"), "nan"),
    ],
)
def test_answers_that_are_not_numbers(answer, code):
    assert checks.number(answer, 85.0, question="Q4").reason.code == code


def test_choice_does_not_accept_text_or_booleans():
    assert checks.choice(-0.3, question="Q5", low=-0.9, high=0).correct
    assert checks.choice("-0.3", question="Q5", low=-0.9, high=0).reason.code == "text"
    assert checks.choice(True, question="Q5", low=0, high=1).reason.code == "not_a_number"
    assert checks.choice(7.0, question="Q5", allowed=range(5, 10), whole=True).correct
    assert checks.choice(7.5, question="Q5", low=5, high=9, whole=True).reason.code == "not_whole"
    assert checks.choice(12, question="Q5", low=5, high=9).hint == (
        "12 is outside the sensible range 5 to 9"
    )
    assert checks.choice("W", question="Q5", allowed=["M", "W"]).correct
    assert checks.choice(None, question="Q5", low=3).status == checks.NOT_ANSWERED


def test_values_ids_dates_and_lists():
    as_of = pd.Timestamp("2024-07-01")
    assert checks.value("2024-07-01", as_of, question="Q4").correct
    assert checks.value(pd.Timestamp("2024-07-01 15:00"), as_of, question="Q4").correct
    assert checks.value("2024-06-28", as_of, question="Q4").hint == "3 days earlier than expected"
    assert checks.value("2024-07-02", as_of, question="Q4").hint == "1 day later than expected"
    assert checks.value("soon", as_of, question="Q4").reason.code == "not_a_date"
    assert checks.value(12346, "12346", question="Q8").correct
    assert checks.value(np.int64(12346), "12346", question="Q8").correct
    assert checks.value(pd.Series(["C1"]), "C1", question="Q8").reason.code == "many_values"
    from helpers.checks.values import compare_set

    assert compare_set(["b", "a"], ["a", "b"]).correct
    assert compare_set(pd.Index(["a", "b"]), ["a", "b"]).correct
    assert compare_set("a", ["a"]).reason.code == "not_a_list"
    assert compare_set([], []).correct


# --- the form policy of tables ----------------------------------------------------------------


@pytest.fixture
def revenue():
    index = pd.Index(["C2", "C1", "C3"], name="customer_id")
    return pd.Series([40.0, 30.0, 20.0], index=index, name="revenue")


@pytest.mark.parametrize(
    "form",
    [
        lambda s: s,
        lambda s: s.rename("total"),
        lambda s: s.to_frame(),
        lambda s: s.reset_index(),  # the labels in a column, a default index
        lambda s: s.reset_index().rename(columns={"customer_id": "id", "revenue": "x"}),
        lambda s: s.reset_index().sort_values("customer_id"),  # an index 0..n shuffled
        lambda s: s.astype(int),
        lambda s: s.to_frame().assign(orders=[3, 2, 1]),  # extra columns are ignored
        lambda s: s.rename_axis(None),
        lambda s: s.to_dict(),
    ],
)
def test_table_form_does_not_count(revenue, form):
    spec = TableSpec(revenue, WHAT)
    assert compare_table(form(revenue), spec).correct


def test_row_order_counts_only_for_rankings(revenue):
    shuffled = revenue.loc[["C3", "C2", "C1"]]
    assert compare_table(shuffled, TableSpec(revenue, WHAT)).correct
    ranking = TableSpec(revenue, WHAT, ordered=True)
    assert compare_table(revenue.sort_values(), ranking).reason.code == "ascending"
    assert compare_table(shuffled, ranking).reason.code == "wrong_order"
    tied = pd.Series([5.0, 3.0, 3.0, 1.0], index=["a", "b", "c", "d"])
    tie_spec = TableSpec(tied, WHAT, ordered=True)
    assert compare_table(tied.loc[["a", "c", "b", "d"]], tie_spec).correct


def test_running_totals_may_swap_between_ties():
    want = pd.DataFrame({"revenue": [5.0, 3.0, 3.0], "cumulative": [5 / 11, 8 / 11, 1.0]},
                        index=pd.Index(["a", "b", "c"], name="customer_id"))  # fmt: skip
    swapped = pd.DataFrame({"revenue": [5.0, 3.0, 3.0], "cumulative": [5 / 11, 8 / 11, 1.0]},
                           index=pd.Index(["a", "c", "b"], name="customer_id"))  # fmt: skip
    assert not compare_table(swapped, TableSpec(want, WHAT, ordered=True)).correct
    assert compare_table(swapped, TableSpec(want, WHAT, ordered=True,
                                            running=("cumulative",))).correct  # fmt: skip


def test_table_hints_speak_of_the_students_table(revenue):
    spec = TableSpec(revenue.rename("resource_per_revenue"), WHAT)
    findings = {
        "missing_rows": revenue.head(2),
        "extra_rows": pd.concat([revenue, pd.Series({"C9": 1.0})]),
        "no_labels": pd.Series([40.0, 30.0, 20.0]),
        "duplicate_labels": pd.Series([1.0, 2.0, 3.0], index=["C1", "C1", "C2"]),
        "values_differ": revenue * [1, 1, 1.5],
        "percent_not_share": None,
        "not_a_table": [40.0, 30.0, 20.0],
    }
    for code, answer in findings.items():
        if answer is None:
            continue
        outcome = compare_table(answer, spec)
        assert outcome.reason.code == code, (code, outcome.reason.text())
        assert "resource_per_revenue" not in outcome.reason.text()
    assert compare_table(revenue.head(2), spec).reason.text() == (
        "1 of the 3 expected rows are missing; expected one row per customer with its revenue"
    )
    assert compare_table(revenue * [1, 1, 1.5], spec).reason.text() == (
        "1 of 3 values differ from the expected ones (for example the row 'C3': too high by 10 "
        "(50%))"
    )


def test_named_columns_and_numbers_in_tables():
    want = pd.DataFrame({"customers": [3, 1], "revenue_share": [0.61437, 0.38563]},
                        index=pd.Index(["north", "south"], name="region"))  # fmt: skip
    spec = TableSpec(want, WHAT, named=True, kinds={"customers": COUNT, "revenue_share": SHARE})
    assert compare_table(want.round(3), spec).rounded
    percent = want.assign(revenue_share=want["revenue_share"] * 100)
    assert compare_table(percent, spec).reason.text() == (
        "'revenue_share': that is a percentage: the question asks for a share between 0 and 1 "
        "(0.25 for 25%)"
    )
    assert compare_table(want.drop(columns="customers"), spec).reason.code == "missing_column"
    nan = want.assign(customers=[3.0, np.nan])
    assert compare_table(nan, spec).reason.code == "nan_values"
    zero = pd.Series([2, 0], index=["a", "b"])
    assert compare_table(pd.Series([2.0, np.nan], index=["a", "b"]),
                         TableSpec(zero, WHAT)).reason.code == "nan_for_zero"  # fmt: skip


def test_rows_without_labels_compare_as_a_set():
    want = pd.DataFrame({"field": ["a", "b", "c"], "kind": ["x", "y", "x"]})
    answer = want.iloc[[2, 0, 1]]
    assert compare_table(answer, TableSpec(want, WHAT)).correct
    assert compare_table(answer, TableSpec(want, WHAT, ordered=True)).reason.code == "wrong_order"
    assert compare_table(want.head(2), TableSpec(want, WHAT)).reason.code == "row_count"


# --- the chart policy --------------------------------------------------------------------------


def _labelled(ax, title=True):
    ax.set_xlabel("grade")
    ax.set_ylabel("share")
    if title:
        ax.set_title("Share by grade")
    return ax


SHARES = pd.Series([0.25, 0.75], index=["A", "B"])


@pytest.mark.parametrize(
    ("draw", "finding"),
    [
        (lambda: _labelled(SHARES.plot.bar()), None),
        (lambda: _labelled(SHARES.plot.barh()), None),
        (lambda: _labelled(SHARES.plot()), None),
        (lambda: _labelled((SHARES * 100).plot.bar()), "drawn as percentages (x 100)"),
        (lambda: _labelled((SHARES * 1e6 / 1000).plot.bar()), "drawn 1,000 times larger"),
        (lambda: SHARES.plot.pie(title="Share by grade"), None),
        (lambda: _labelled(SHARES.plot.bar(), title=False), "no_title"),
        (lambda: SHARES.plot.bar(), "no_axis_label"),
        (lambda: _labelled((SHARES + 0.1).plot.bar()), "other_values"),
        (lambda: _labelled(pd.Series([0.2, 0.3, 0.5]).plot.bar()), "value_count"),
        (lambda: plt.subplots()[1], "empty"),
        (lambda: "a chart", "not_a_chart"),
        (lambda: _labelled(SHARES.plot.bar()).figure, None),
    ],
)
def test_chart_policy(draw, finding):
    result = checks.chart(draw(), question="Q6", values=SHARES, kinds=("bar", "line", "pie"),
                          title=True)  # fmt: skip
    if finding is None:
        assert result.correct and result.note is None, result.line
    elif finding.startswith("drawn"):
        assert result.correct and result.note.text() == finding
        assert result.line == f"✅ [ok] Q6 correct ({finding})"
    else:
        assert result.reason.code == finding, result.line


def test_chart_kinds_the_question_does_not_allow_are_named():
    ax = SHARES.plot.pie(title="t")
    result = checks.chart(ax, question="Q4", values=SHARES, kinds=("bar",))
    assert result.hint == "this question asks for a bar chart; yours is a pie chart"
    _, ax = plt.subplots()
    _labelled(SHARES.plot(ax=ax))
    result = checks.chart(ax, question="Q4", values=SHARES, kinds=("bar", "pie"))
    assert result.hint == "this question asks for a bar chart or a pie chart; yours is a line chart"


# --- languages and the answer keys -------------------------------------------------------------


def _marked_messages() -> list[str]:
    found = []
    for path in sorted((REPO_ROOT / "helpers" / "checks").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_":
                found.append(node.args[0].value)
    return found


def _fields(text: str) -> list[str]:
    return sorted(re.findall(r"\{(\w+)", text))


def test_every_message_has_a_chinese_translation_with_the_same_fields():
    zh = catalogue("zh", "checks")
    messages = _marked_messages()
    assert len(messages) > 200
    missing = [m for m in messages if (None, m) not in zh]
    assert missing == []
    assert [m for m in messages if _fields(zh[(None, m)]) != _fields(m)] == []
    parts = {label.partition(" ")[2] for key in KEYS.values() for label in key.questions} - {""}
    assert sorted(p for p in parts if (None, p) not in zh) == []


def test_checks_speak_chinese(capsys):
    checks.configure(mode="exercise", lang="zh")
    checks.number(0.61, 0.61437, question="Q8 share", kind="share")
    checks.number(None, 1, question="Q3 first day")
    checks.number(1, 1, question="Q1")
    assert capsys.readouterr().out.splitlines() == [
        "❌ [未通过] Q8 占比：四舍五入过度：请保留更多位数"
        "（自检要求占比保留三位小数，例如 61.4% 写作 0.614）",
        "⏳ [待做] Q3 第一天 尚未作答",
        "✅ [对] Q1 正确",
    ]


def test_every_answer_key_declares_its_mistakes_with_hints():
    assert sorted(KEYS) == sorted(p.stem for p in (REPO_ROOT / "solutions").glob("0*.py"))
    for key in KEYS.values():
        for label, question in key.questions.items():
            assert re.fullmatch(r"Q\d+( [\w -]+)?", label), label
            for mistake, hint in question.hints.items():
                assert re.fullmatch(r"[a-z0-9_]+", mistake) and hint, (label, mistake)


def test_start_and_q_name_their_mistakes():
    with pytest.raises(ValueError, match="no answer key for '07_nothing'"):
        checks.start("07_nothing", run=None)
    core.STATE.key = None
    with pytest.raises(RuntimeError, match="check.start"):
        checks.q("Q1", 3)


def test_checks_package_is_documented_in_the_readme():
    readme = Path(REPO_ROOT / "README.md").read_text(encoding="utf-8")
    workbook = readme[readme.index("## Workbook") : readme.index("## Re-running on other data")]
    for phrase in ("correct (rounded)", "0.614", "45.65M", "[to do]", "course_check", "lang"):
        assert phrase in workbook, phrase


def test_every_part_of_a_question_is_a_marked_message():
    from helpers.checks.keys import KEYS
    from helpers.checks.messages import PARTS

    parts = {label.partition(" ")[2] for key in KEYS.values() for label in key.questions}
    assert parts - {""} <= set(PARTS)


LABEL_SERIES = {
    "text": pd.Series(["C1", None, "c1", "12346"], dtype="str"),
    "whole numbers": pd.Series([12346, 7, -3]),
    "nullable whole numbers": pd.Series([12346, None, 7], dtype="Int64"),
    "whole floats": pd.Series([12346.0, np.nan, 17850.0]),
    "fractions": pd.Series([0.5, 2.0, np.nan, 1e-7]),
    "infinite": pd.Series([1.0, np.inf]),
    "dates": pd.Series(pd.to_datetime(["2024-01-05", None, "2024-01-05 10:30"], format="ISO8601")),
    "booleans": pd.Series([True, False, True]),
    "categories": pd.Series(["A", "B", None, "A"], dtype="category"),
    "mixed objects": pd.Series([1, True, "1", 1.0, None, pd.Timestamp("2024-01-05")], dtype=object),
}


@pytest.mark.parametrize("name", LABEL_SERIES)
def test_labels_of_a_column_are_the_labels_of_its_values(name):
    from helpers.checks.values import label_of, labels_of

    series = LABEL_SERIES[name]
    whole = pd.api.types.is_float_dtype(series) and series.dropna().apply(float.is_integer).all()
    values = series.astype("Int64") if whole else series
    expected = ["<NA>" if pd.isna(v) else label_of(v) for v in values.astype(object)]
    assert labels_of(series).tolist() == expected
    assert labels_of(pd.Index(series)).tolist() == expected
