"""What code writes for a student, in the run's language (代码输出的中文).

The labels of the tables helpers return (cleaning reasons, the data checklist, trend
bands, verdicts, suggested actions, what a field holds), the cleaning report, the lesson's
first line and the table headers built for display are Chinese in a Chinese run and
exactly as before in an English one. Lessons and solutions run in Chinese on the bundled
data show no English sentence in what they print or in their table headers.
"""

from __future__ import annotations

import re
from dataclasses import replace

import nbformat
import numpy as np
import pandas as pd
import pytest

from helpers import cleaning, deciles, grading, labels, lesson, privacy, profiling, rfm
from helpers.cleaning import CleaningReport, audit_orders, clean_orders
from helpers.datasets import RAW_EXPORT_DIR, load_tables
from helpers.loading import read_file
from tests.english_detector import data_values, english_phrases, shown_text

CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese(text: str) -> bool:
    return bool(CJK.search(text))


# ---------------------------------------------------------------- labels of helper tables


def test_a_label_is_a_glossary_term_a_table_label_or_left_alone():
    assert labels.label("cancellation", "zh") == "取消单"  # glossary
    assert labels.label("negative quantity, not cancellation", "zh") == "数量为负且不是取消单"
    assert labels.label("North", "zh") == "North"  # a data value
    assert labels.label("negative quantity", "en") == "negative quantity"
    with pytest.raises(ValueError, match="lang must be"):
        labels.label("x", "fr")


def test_translated_changes_only_text_labels_and_never_its_input():
    table = pd.DataFrame(
        {"reason": ["return", "zero quantity", None], "rows": [3, 1, 2]},
        index=pd.Index([0, 1, 2], name="row"),
    )
    before = table.copy()
    shown = labels.translated(table, "zh", columns=["reason"])
    assert shown["reason"].tolist()[:2] == ["退货", "数量为零"]
    assert pd.isna(shown["reason"].iloc[2])
    assert shown.index.tolist() == [0, 1, 2]  # numbers stay numbers
    assert shown["rows"].tolist() == [3, 1, 2]
    pd.testing.assert_frame_equal(table, before)
    pd.testing.assert_frame_equal(labels.translated(table, "en", columns=["reason"]), table)
    with pytest.raises(KeyError, match="no column 'verdict'"):
        labels.translated(table, "zh", columns=["verdict"])


def test_a_series_gets_its_index_or_its_values_translated():
    counts = pd.Series({"rows": 10, "missing customer id": 2, "North": 1})
    assert labels.translated(counts, "zh").index.tolist() == ["行数", "缺少客户编号", "North"]
    actions = pd.Series(["dropped", "flagged"], index=["a", "b"])
    shown = labels.translated(actions, "zh", index=False, values=True)
    assert shown.tolist() == ["删除", "标记"] and shown.index.tolist() == ["a", "b"]


# ---------------------------------------------------------------- the cleaning report


def _messy_orders() -> pd.DataFrame:
    """Order lines that trip every cleaning rule and every parsing change once."""
    rows = [
        ("C1", "O1", "2024-01-05", "P1", 2, "10.00"),  # kept
        (None, "O2", "2024-01-05", "P1", 1, "5"),  # missing customer id
        ("C1", None, "2024-01-05", "P1", 1, "5"),  # missing order id
        ("C1", "O3", None, "P1", 1, "5"),  # missing date
        ("C1", "X4", "2024-01-06", "P1", -1, "-5"),  # cancellation (prefix X)
        ("C1", "O5", "2024-01-06", "P1", -1, "-5"),  # return
        ("C1", "O6", "2024-01-06", "P1", 0, "0"),  # zero quantity
        ("C1", "O7", "2024-01-06", "POST", 1, "3"),  # non-product line
        ("C1", "O8", "2024-01-06", "P2", 1, "0"),  # zero price
        ("c2 ", "O9", "2024/1/7", "P1", 1, "¥1,200.50"),  # id, date and amount rewritten
        ("C1", "O10", "2024-01-08T10:00:00+08:00", "P1", 1, "4"),  # time-zone offset
        ("C1", "O1", "2024-01-05", "P1", 2, "10.00"),  # exact duplicate
    ]
    columns = ["customer_id", "order_id", "order_date", "product_id", "quantity", "revenue"]
    return pd.DataFrame(rows, columns=columns)


def test_every_reason_and_checklist_row_has_a_chinese_label():
    raw = _messy_orders()
    _, report = clean_orders(raw, cancellation_prefix="X")
    _, flagged = clean_orders(raw, cancellation_prefix="X", duplicates="flag")
    log = pd.DataFrame({"customer_id": ["A", "A"], "order_date": ["2024-01-05"] * 2,
                        "quantity": [1, 2], "unit_price": [3.0, 4.0],
                        "profit": [1.0, 1.5]})  # fmt: skip
    _, derived = clean_orders(log)
    shown = set()
    for r in (report, flagged, derived):
        shown |= set(r.summary["reason"]) | set(r.summary["action"])
    shown |= set(audit_orders(raw.assign(product_name="x"), cancellation_prefix="X").index)
    assert len(shown) >= 30
    shown |= set(cleaning.REASON_SWITCH)  # the rules of bad and implausible values too
    untranslated = sorted(s for s in shown if not chinese(labels.label(s, "zh")))
    assert untranslated == []


def test_the_cleaning_report_prints_in_chinese_and_stays_english_by_default():
    raw = _messy_orders()
    _, report = clean_orders(raw, cancellation_prefix="X")
    english = str(report).splitlines()
    assert english[0] == "rows in: 12  rows out: 3  dropped: 9"
    assert english[1] == "  dropped          1  missing customer id"
    assert str(report.translated("en")) == str(report)
    zh = str(report.translated("zh")).splitlines()
    assert zh[0] == "读入 12 行，保留 3 行，删除 9 行"
    assert zh[1] == "  删除             1  缺少客户编号"
    assert "  修改             1  金额文本带千位分隔符或货币符号" in zh
    assert len(zh) == len(english)
    # the report's tables keep their English reasons: the code uses them as keys
    assert report.translated("zh").rows("return")["reason"].tolist() == ["return"]


def test_the_cleaning_report_displays_in_chinese():
    report = CleaningReport.unchanged(5)
    assert report._repr_html_().startswith("<p>rows in: 5; rows out: 5; dropped: 0</p>")
    _, report = clean_orders(_messy_orders(), cancellation_prefix="X")
    html = report.translated("zh")._repr_html_()
    assert html.startswith("<p>读入 12 行，保留 3 行，删除 9 行</p>")
    for header in ("<th>原因</th>", "<th>处理</th>", "<th>行数</th>", "<th>销售额</th>"):
        assert header in html
    assert "退货" in html and "return" not in html


# ---------------------------------------------------------------- other helper tables


def test_trend_bands_are_named_in_chinese_with_the_same_counts():
    summary = pd.DataFrame(
        {"status": ["active"] * 5, "trend": [-0.6, -0.2, 0.0, 0.3, np.nan]},
        index=pd.Index([f"C{i}" for i in range(5)], name="customer_id"),
    )
    english = profiling.trend_bands(summary)
    zh = profiling.trend_bands(summary, lang="zh")
    assert english.index[0] == "fell 50% or more"
    assert zh.index.tolist() == [
        "下降 50% 及以上", "下降 10% 至 50%", "基本持平（变化在 10% 以内）",
        "增长 10% 至 50%", "增长超过 50%", "新客户（上一期没有购买）",
    ]  # fmt: skip
    assert zh["customers"].tolist() == english["customers"].tolist() == [1, 1, 1, 1, 0, 1]


def test_segment_actions_follow_the_rules_and_the_language():
    english = rfm.segment_actions()
    zh = rfm.segment_actions(lang="zh")
    assert english.index.tolist() == rfm.DEFAULT_SEGMENT_RULES["segment"].tolist()
    assert english.tolist() == rfm.DEFAULT_SEGMENT_RULES["action"].tolist()
    assert zh["champions"] == "给予回馈，请他们推荐新客户，让他们优先体验新品"
    assert all(chinese(a) for a in zh)
    own = pd.DataFrame({"segment": ["vip"], "action": ["call weekly"]})
    assert rfm.segment_actions(own, lang="zh").tolist() == ["call weekly"]  # not the course's


def test_what_each_field_holds_is_said_in_chinese():
    tables = load_tables("course:seed=3,customers=50")
    english = privacy.field_inventory(tables)
    zh = privacy.field_inventory(tables, lang="zh")
    assert english["holds"].iloc[0] == "name (a pseudonym in the course data)"
    assert zh["holds"].iloc[0] == "姓名（课程数据中为假名）"
    assert all(chinese(h) for h in zh["holds"])
    assert zh.drop(columns=["term", "holds"]).equals(english.drop(columns=["term", "holds"]))


def test_the_plan_comparison_has_chinese_headers():
    allocation = pd.DataFrame(
        {"customers": [2, 8], "resource_share": [0.2, 0.8], "revenue_share": [0.8, 0.2],
         "profit_share": [0.9, 0.1]},
        index=pd.Index(["A", "B"], name="grade"),
    )  # fmt: skip
    adjusted = allocation.assign(resource_share=[0.6, 0.4])
    english = grading.plan_comparison(allocation, adjusted, value="profit")
    assert english.columns.tolist() == [
        "current hours share", "adjusted hours share", "profit share", "adjusted hours per value"
    ]  # fmt: skip
    zh = grading.plan_comparison(allocation, adjusted, value="profit", lang="zh")
    assert zh.columns.tolist() == [
        "当前工时占比", "调整后工时占比", "利润占比", "调整后工时与价值之比"
    ]  # fmt: skip
    np.testing.assert_allclose(zh.to_numpy(), english.to_numpy())
    np.testing.assert_allclose(zh.iloc[:, 3], [0.6 / 0.9, 0.4 / 0.1])


def test_pareto_verdicts_and_grade_changes_have_chinese_labels():
    customers = pd.DataFrame({"customer_id": [f"C{i:02d}" for i in range(10)],
                              "monetary": [80.0, 5, 5, 2, 2, 2, 1, 1, 1, 1]})  # fmt: skip
    check = deciles.pareto_check(customers)
    shown = labels.translated(check, "zh", columns=["measure", "group", "verdict"])
    assert shown.loc[0, ["measure", "group", "verdict"]].tolist() == ["销售额", "全部", "大致成立"]
    assert check.loc[0, "verdict"] == "holds roughly"  # the table itself keeps its keys
    assert [labels.label(v, "zh") for v in grading.PARETO_VERDICTS] == [
        "集中度较低", "大致成立", "集中度更高"
    ]  # fmt: skip
    assert [labels.label(c, "zh") for c in ("up", "down", "same")] == ["上调", "下调", "不变"]


def test_the_lesson_line_and_data_facts_follow_the_run_language():
    run = lesson.start("course:seed=3,customers=50", as_of="2025-07-01", show=False)
    zh = replace(run, lang="zh")
    assert zh.describe() == (
        "数据：course:seed=3,customers=50；分析基准日 2025-07-01（只计此日之前的订单）；"
        f"{len(run.orders):,} 行订单"
    )
    english, chinese_facts = run.facts(), zh.facts()
    assert english.name == "value" and chinese_facts.name == "值"
    assert english.index[0] == "source" and chinese_facts.index[0] == "数据来源"
    assert english.tolist()[:4] == chinese_facts.tolist()[:4]
    assert english["cost known (profit analyses possible)"] == "yes"
    assert chinese_facts["成本已知（可以做利润分析）"] == "是"


# ---------------------------------------------------------------- lessons run in Chinese


@pytest.fixture(scope="module")
def course_values() -> set[str]:
    """The text values of the bundled data and the headers of its raw exports."""
    found = data_values(load_tables("course").tables().values())
    for name in ("orders_2025-10_11_gbk.csv", "orders_2025-12.xlsx"):
        path = RAW_EXPORT_DIR / name
        raw = read_file(path, sheet="orders") if path.suffix == ".xlsx" else read_file(path)
        found |= set(raw.columns) | data_values([raw])
    return found


def run_in_chinese(folder: str, stem: str, tmp_path) -> nbformat.NotebookNode:
    from helpers.paths import NOTEBOOKS_DIR, SOLUTIONS_DIR
    from helpers.tooling.runner import run_notebook

    source = (NOTEBOOKS_DIR if folder == "notebooks" else SOLUTIONS_DIR) / f"{stem}.ipynb"
    target = tmp_path / f"{stem}-zh.ipynb"
    result = run_notebook(source, target, {"lang": "zh"}, html=False)
    assert result.status == "ok", result.error
    return nbformat.read(target, as_version=4)


@pytest.mark.notebooks
@pytest.mark.parametrize(
    "folder, stem",
    [
        ("notebooks", "01_data_collection"),
        ("notebooks", "03_abc_grading"),
        ("solutions", "00_warm_up"),
        ("solutions", "03_abc_grading"),
    ],
)
def test_a_chinese_run_shows_no_english_sentence(folder, stem, tmp_path, course_values):
    nb = run_in_chinese(folder, stem, tmp_path)
    shown = shown_text(nb)
    assert len(shown) > 10  # the run showed text, tables and readings
    found = [
        f"cell {cell}: {phrase!r} in {text[:80]!r}"
        for cell, text in shown
        for phrase in english_phrases(text, data_values=course_values)
    ]
    assert found == [], "\n".join(found)
