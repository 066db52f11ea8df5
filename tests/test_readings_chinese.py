"""The readings in Chinese (中文解读): the shared wording, hand-checked sentences, and every
sentence the lessons show on unusual data shapes read as Chinese with Chinese punctuation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.readings import collection, deciles, grading, loyalty, plan, words
from helpers.tooling.i18n import quality

# ---------------------------------------------------------------- shared wording


def test_counts_shares_and_series_are_written_the_chinese_way():
    assert words.count(1_234, "customer", "customers", lang="zh", zh="位客户") == "1,234 位客户"
    assert words.count(0, "table", "tables", lang="zh", zh="张表") == "没有表"
    assert words.count(0, "answer", "answers", lang="zh", zh="份答卷") == "没有答卷"
    assert words.share(0.0004, lang="zh") == "不到0.1%"
    assert words.share(-0.0004, lang="zh") == "高于-0.1%"
    assert words.share(0.0004) == "under 0.1%"
    assert words.money(1_234_567, lang="zh") == "123.5万"
    assert words.listing(["华东", "华南", "华北"], lang="zh") == "华东、华南和华北"
    assert words.listing(["2025-11-29", "2025-11-30"], lang="zh") == "2025-11-29 和 2025-11-30"
    assert words.either(["region", "channel"], lang="zh") == "region 或 channel"
    assert words.either(["a", "b"]) == "a or b"


def test_sentences_are_joined_without_spaces_after_chinese_punctuation():
    assert words.join(["第一句。", "第二句。"]) == "第一句。第二句。"
    assert words.join(["有 3 条投诉", "（没有原因）"]) == "有 3 条投诉（没有原因）"
    assert words.join(["One.", "", "Two."]) == "One. Two."


def test_say_n_keeps_the_format_of_every_other_field():
    text = words.say_n("{n} of {total:,} is A.", "{n} of {total:,} are A.", 3, "en", total=12_345)
    assert text == "3 of 12,345 are A."
    with pytest.raises(ValueError, match="plural count"):
        words.say_n("{n}", "{n}", 2, "en", n=3)


def test_glossary_values_are_said_in_chinese_and_left_alone_in_english():
    assert words.term("missing customer id", "zh") == "缺少客户编号"
    assert words.term("chain store", "zh") == "连锁店"
    assert words.term("record", "en") == "record"  # a data value, not the glossary's term


# ---------------------------------------------------------------- hand-checked sentences


def test_agreement_names_what_it_compares_in_chinese():
    assert collection.agreement(0, 2_000, "customer", "customers", lang="zh") == (
        "对全部 2,000 位客户，直接用 pandas 算出的结果与辅助函数一致。"
    )
    assert collection.agreement(0, 1, "check", "checks", lang="zh") == (
        "对这唯一的一项检查，直接用 pandas 算出的结果与辅助函数一致。"
    )
    assert collection.agreement(0, 0, "category", "categories", lang="zh") == (
        "没有可以比较的内容：没有品类。"
    )


def test_the_pareto_chart_reading_in_chinese():
    graded = pd.DataFrame({"cumulative_share": [0.5, 0.8, 0.95, 1.0]})
    assert grading.pareto_grade_a(graded, mark=0.8, lang="zh") == (
        "**图表说明**：最大的 2 位客户（占 4 位的 50%）贡献了前 80% 的销售额："
        "虚线左边的全部是 A 级。"
    )


def test_decile_words_follow_the_language():
    v = pd.DataFrame(
        {"customers": [1, 0, 3], "customer_share": [0.25, 0.0, 0.75]},
        index=pd.Index([1, 2, 3], name="decile"),
    )
    text = deciles.value_deciles(v, has_cost=False, lang="zh")
    assert "销售额的第一个等份来自 1 位客户（占全部客户的 25%）" in text
    assert "第 2 个等份没有属于自己的客户" in text


def test_a_verdict_and_a_group_value_are_translated_in_the_rows_that_fail():
    check = pd.DataFrame(
        {
            "measure": ["sales", "sales", "sales"],
            "column": ["", "business_type", "business_type"],
            "group": ["all", "retail", "chain store"],
            "customers": [100, 60, 40],
            "top_share": [0.8, 0.82, 0.55],
            "verdict": ["holds roughly", "holds roughly", "less concentrated"],
        }
    )
    text = deciles.pareto_check(check, gini=0.71, top=0.2, lang="zh")
    assert "以下情况不符合这一法则：销售额，business\\_type = 连锁店（55%，较不集中）。" in text
    assert deciles.pareto_check(check, gini=0.71, top=0.2).count("chain store (55%") == 1


def test_the_worked_example_files_are_named_in_chinese():
    shared = pd.Series({"both": 3, "only_left": 0, "only_right": 0})
    text = collection.overlap_reading(
        shared, ["2025-11-29", "2025-11-30"], first="the CSV",
        second="The December workbook", lang="zh",
    )  # fmt: skip
    assert text.startswith("**12 月的 Excel 工作簿中还有 3 行已经包含在 CSV 文件中**")
    other = collection.overlap_reading(shared, ["2025-11-29"], first="a<b>", second="b", lang="zh")
    assert "a&lt;b&gt;" in other


def test_grammar_words_are_not_left_in_chinese_sentences():
    table = pd.DataFrame({"party": ["lead", "lead"], "count": [1, 2]},
                         index=["non_user_may_convert", "non_user_unlikely"])  # fmt: skip
    from helpers.loyalty import LoyaltyInputs

    text = loyalty.leads_summary(table, LoyaltyInputs(None, None, pd.DataFrame(),
                                                      rows={"leads": 3}), lang="zh")  # fmt: skip
    assert text == "有 1 条近期线索尚未购买：请跟进；2 条旧线索可以放弃。"
    allocation = pd.DataFrame(
        {"customers": [1, 3], "customer_share": [0.25, 0.75], "value_share": [0.9, 0.1],
         "resource_share": [0.6, 0.4], "per_customer_vs_equal": [2.4, 0.53]},
        index=["A", "C"],
    )  # fmt: skip
    text = plan.headline(allocation, value="profit", lang="zh")
    assert text.startswith("**要点**：1 位 A 类客户（占本期 4 位客户的 25%）带来了 90% 的利润。")


# ---------------------------------------------------------------- whole lessons, in Chinese

CHINESE_RUNS = [
    (stem, shape)
    for stem in (
        "01_data_collection",
        "02_customer_profiling",
        "03_abc_grading",
        "04_purchase_deciles",
        "05_loyalty",
        "06_case_study",
    )
    for shape in ("course:seed=5,customers=23", "course:shape=orders_only")
]


def markdown_displays(stem: str, data_source: str) -> list[str]:
    """The Markdown a lesson displays when run in Chinese on ``data_source``."""
    import re
    from tempfile import mkdtemp

    import nbformat

    from helpers.paths import NOTEBOOKS_DIR
    from helpers.tooling.runner import run_notebook

    name = re.sub(r"[^\w]+", "_", data_source)
    target = Path(mkdtemp(prefix="zh-run-")) / f"{stem}-{name}.ipynb"
    values = {"data_source": data_source, "lang": "zh"}
    result = run_notebook(NOTEBOOKS_DIR / f"{stem}.ipynb", target, values, html=False)
    assert result.status == "ok", f"{stem} on {data_source} in Chinese: {result.error}"
    nb = nbformat.read(target, as_version=4)
    return [
        out["data"]["text/markdown"]
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "text/markdown" in out.get("data", {})
    ]


@pytest.mark.notebooks
@pytest.mark.parametrize(("stem", "data_source"), CHINESE_RUNS)
def test_every_reading_a_lesson_shows_in_chinese_is_chinese(stem, data_source):
    problems = []
    for text in markdown_displays(stem, data_source):
        for line in filter(None, (line.strip("|>- ") for line in text.splitlines())):
            if set(line) <= set("-|: "):
                continue
            if quality.is_english(line):
                problems.append(f"reads as English: {line}")
            problems += [f"{p}: {line}" for p in quality.punctuation_problems(line)]
    assert not problems, "\n".join(problems)
