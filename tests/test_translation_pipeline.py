"""The Chinese edition's pipeline end to end, on a small course written in a temporary
folder: extract, merge (fuzzy, obsolete), translate, build, check, generate the exercise."""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
import polib
import pytest

from helpers.paths import SOLUTIONS_DIR
from helpers.tooling import workbook
from helpers.tooling.catalog import source_files
from helpers.tooling.i18n import catalogues
from helpers.tooling.i18n.edition import (
    Layout,
    TranslationError,
    build,
    domain_findings,
    edition_exercise,
    edition_notebook,
    english_cells,
    key,
    notebook_findings,
    orphans,
    out_of_sync,
    read_pending,
    source_units,
    update_domain,
    update_notebook,
)
from helpers.tooling.i18n.messages import helpers_messages, python_messages, workbook_entries

LESSON = """\
# %% [markdown]
# # Demo lesson
#
# Customers differ in value. A few bring
# most of the revenue.
#
# - first point;
# - second point.

# %% tags=["parameters"]
# Parameters of the demo.
data_source = "course"  # where the data comes from
lang = "en"  # the language of the text

# %%
# Count the customers.
n = 3  # three customers
print(f"{n} customers")
"""

PARAGRAPH = "Customers differ in value. A few bring most of the revenue."
LESSON_ZH = {
    "Demo lesson": "示例课",
    PARAGRAPH: "客户的价值各不相同：少数客户带来大部分销售额。",
    "first point;": "第一点；",
    "second point.": "第二点。",
    "Parameters of the demo.": "示例的参数。",
    "where the data comes from": "数据从哪里来",
    "the language of the text": "文字使用的语言",
    "Count the customers.": "统计客户数。",
    "three customers": "三位客户",
}

SOLUTION = """\
# %% [markdown]
# # Demo exercise

# %% tags=["parameters"]
lang = "en"  # the language of the text

# %%
from helpers import checks as check
check.configure(mode="solution")

# %% [markdown]
# **Q1.** How many customers are there?

# %%
### BEGIN SOLUTION
answer = 6 * 7  # the count of customers
### END SOLUTION

# %% [markdown] tags=["solution"]
# There are forty-two customers.
"""

SOLUTION_ZH = {
    "Demo exercise": "示例练习",
    "the language of the text": "文字使用的语言",
    "**Q1.** How many customers are there?": "**Q1.** 一共有多少位客户？",
    "the count of customers": "客户的数量",
    "There are forty-two customers.": "一共有四十二位客户。",
}

WORKBOOK_ZH = {
    "*Write your answer here.*": "*在这里写下你的答案。*",
    "your code here": "在这里写你的代码",
}


@pytest.fixture
def course(tmp_path) -> Layout:
    """A course with one lesson and one solution, and the workbook catalogue translated."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "solutions").mkdir()
    (tmp_path / "notebooks" / "01_demo.py").write_text(LESSON, encoding="utf-8")
    (tmp_path / "solutions" / "01_demo.py").write_text(SOLUTION, encoding="utf-8")
    layout = Layout(root=tmp_path)
    update_domain(layout, "workbook", workbook_entries())
    translate(layout.domain_catalogue("workbook"), WORKBOOK_ZH)
    return layout


def translate(path: Path, chinese: dict[str, str]) -> None:
    """What a translator does: fill in msgstr (and remove the fuzzy mark)."""
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in chinese:
            entry.msgstr = chinese[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()


def lesson(layout: Layout) -> Path:
    return layout.root / "notebooks" / "01_demo.py"


def solution(layout: Layout) -> Path:
    return layout.root / "solutions" / "01_demo.py"


def test_update_writes_one_catalogue_per_source_with_references(course):
    merge = update_notebook(course, lesson(course))
    assert merge.created and len(merge.new) == len(LESSON_ZH)
    path = course.catalogue(lesson(course))
    assert path == course.root / "locale" / "zh" / "notebooks" / "01_demo.po"
    entries = {e.msgid: e for e in polib.pofile(str(path))}
    assert set(entries) == set(LESSON_ZH)
    paragraph = entries[PARAGRAPH]
    assert paragraph.occurrences == [("notebooks/01_demo.py", "4")]
    assert paragraph.comment == "cell 0, paragraph"
    assert "must not contain '='" in entries["where the data comes from"].comment
    # no format flag guessed on prose, no run-dependent header
    text = path.read_text(encoding="utf-8")
    assert "python-format" not in text and "Creation-Date" not in text
    # updating again changes nothing
    assert not update_notebook(course, lesson(course)).changed


def test_a_source_without_translations_fails_with_the_units_named(course):
    update_notebook(course, lesson(course))
    findings = notebook_findings(course, lesson(course))
    assert len(findings) == len(LESSON_ZH)
    first = str(findings[0])
    assert first.startswith("notebooks/01_demo.py:2 (cell 0): not translated yet")
    assert "'Demo lesson'" in first
    with pytest.raises(TranslationError, match="9 unit") as caught:
        edition_notebook(course, lesson(course))
    assert "cell 0: no translation for 'Demo lesson'" in str(caught.value)


def test_a_missing_catalogue_is_named(course):
    (finding,) = notebook_findings(course, lesson(course))
    assert "no catalogue locale/zh/notebooks/01_demo.po" in str(finding)


def test_the_chinese_notebook_has_chinese_text_the_same_code_and_lang_zh(course):
    update_notebook(course, lesson(course))
    translate(course.catalogue(lesson(course)), LESSON_ZH)
    assert notebook_findings(course, lesson(course)) == []
    nb = edition_notebook(course, lesson(course))
    assert nb.cells[0].source == (
        "# 示例课\n\n客户的价值各不相同：少数客户带来大部分销售额。\n\n- 第一点；\n- 第二点。"
    )
    assert nb.cells[1].source == (
        '# 示例的参数。\ndata_source = "course"  # 数据从哪里来\nlang = "zh"  # 文字使用的语言'
    )
    assert nb.cells[2].source == '# 统计客户数。\nn = 3  # 三位客户\nprint(f"{n} customers")'
    assert nb.metadata["edition"] == {
        "lang": "zh",
        "source": "notebooks/01_demo.py",
        "catalogue": "locale/zh/notebooks/01_demo.po",
    }
    assert "jupytext" not in nb.metadata


def test_a_changed_english_unit_becomes_stale_and_a_removed_one_obsolete(course):
    update_notebook(course, lesson(course))
    translate(course.catalogue(lesson(course)), LESSON_ZH)
    changed = LESSON.replace("# - second point.", "# - second point, changed.").replace(
        "# Count the customers.\n", ""
    )
    lesson(course).write_text(changed, encoding="utf-8")
    # before the catalogue is updated the changed unit is simply missing
    (missing,) = notebook_findings(course, lesson(course))
    assert "no translation" in str(missing) and "'second point, changed.'" in str(missing)
    merge = update_notebook(course, lesson(course))
    assert merge.fuzzy == ["second point, changed."]
    assert merge.obsolete == ["Count the customers."] and merge.new == []
    entries = {e.msgid: e for e in polib.pofile(str(course.catalogue(lesson(course))))}
    stale = entries["second point, changed."]
    assert "fuzzy" in stale.flags and stale.msgstr == "第二点。"
    assert stale.previous_msgid == "second point."
    assert entries["Count the customers."].obsolete
    (finding,) = notebook_findings(course, lesson(course))
    assert "stale translation" in str(finding) and "remove the fuzzy mark" in str(finding)
    with pytest.raises(TranslationError, match="no translation for 'second point, changed.'"):
        edition_notebook(course, lesson(course))
    translate(course.catalogue(lesson(course)), {"second point, changed.": "第二点（已修改）。"})
    assert notebook_findings(course, lesson(course)) == []


def test_bad_translations_are_named(course):
    update_notebook(course, lesson(course))
    wrong = dict(LESSON_ZH)
    wrong["Demo lesson"] = "Demo lesson"
    wrong["first point;"] = "This is still English text here;"
    wrong["where the data comes from"] = "数据 = 来源"
    wrong[PARAGRAPH] = "客户的价值各不相同, 少数客户带来大部分销售额."
    translate(course.catalogue(lesson(course)), wrong)
    found = {f.english: f.problem for f in notebook_findings(course, lesson(course))}
    assert found["Demo lesson"] == "the translation repeats the English"
    assert found["first point;"].startswith("the translation reads as English")
    assert "must not contain '='" in found["where the data comes from"]
    assert "use Chinese punctuation" in found[PARAGRAPH]
    with pytest.raises(TranslationError, match="must not contain '='"):
        edition_notebook(course, lesson(course))


def test_syllabus_terms_must_be_the_glossary_terms(course):
    text = LESSON.replace("# - first point;", "# - the drag customers;")
    lesson(course).write_text(text, encoding="utf-8")
    update_notebook(course, lesson(course))
    chinese = dict(LESSON_ZH, **{"the drag customers;": "拖后腿的客户；"})
    translate(course.catalogue(lesson(course)), chinese)
    (finding,) = notebook_findings(course, lesson(course))
    assert "'drag customers' must be translated as '拉后腿客户'" in str(finding)


def test_build_check_and_orphans(course):
    update_notebook(course, lesson(course))
    translate(course.catalogue(lesson(course)), LESSON_ZH)
    assert out_of_sync(course, lesson(course)) == [
        "notebooks/zh/01_demo.ipynb is missing: run `python -m helpers translate build "
        "notebooks/01_demo.py`"
    ]
    assert build(course, lesson(course), run=False) == ["built     notebooks/zh/01_demo.ipynb"]
    assert out_of_sync(course, lesson(course)) == []
    assert english_cells(course, course.target(lesson(course))) == []
    # a catalogue edit makes the committed notebook out of date
    translate(course.catalogue(lesson(course)), {"first point;": "第一个要点；"})
    (problem,) = out_of_sync(course, lesson(course))
    assert problem.startswith("notebooks/zh/01_demo.ipynb cell 0 differs")
    pending = read_pending(course)
    assert orphans(course, pending) == []
    course.pending_file.parent.mkdir(parents=True, exist_ok=True)
    course.pending_file.write_text("notebooks: [01_demo]\n", encoding="utf-8")
    pending = read_pending(course)
    assert key(lesson(course)) in pending.notebooks
    assert orphans(course, pending) == ["notebooks/zh/01_demo.ipynb"]


def test_an_english_markdown_cell_in_a_chinese_notebook_is_named(course, tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("## 学习目标\n\n本课讲客户分级（customer grading）。"),
            nbformat.v4.new_markdown_cell("## 下一步\n\nOpen the first lesson, then its exercise."),
            nbformat.v4.new_code_cell("# English comments in code are not measured here\nx = 1"),
        ]
    )
    path = course.root / "notebooks" / "zh" / "02_mixed.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)
    (problem,) = english_cells(course, path)
    assert problem.startswith("notebooks/zh/02_mixed.ipynb cell 1 reads as English")
    assert "'Open the first lesson, then its exercise.'" in problem


def test_the_chinese_exercise_is_generated_from_the_chinese_solution(course):
    update_notebook(course, solution(course))
    translate(course.catalogue(solution(course)), SOLUTION_ZH)
    assert notebook_findings(course, solution(course)) == []
    zh_solution = edition_notebook(course, solution(course))
    exercise = edition_exercise(course, solution(course), zh_solution)
    sources = [c.source for c in exercise.cells]
    assert sources[0] == "# 示例练习"
    assert sources[1] == 'lang = "zh"  # 文字使用的语言'
    assert 'check.configure(mode="exercise")' in sources[2]
    assert sources[3] == "**Q1.** 一共有多少位客户？"
    assert sources[4] == "answer = None  # 在这里写你的代码"
    assert sources[5] == "*在这里写下你的答案。*"
    stamp = exercise.metadata["workbook"]
    assert stamp["kind"] == "exercise" and stamp["lang"] == "zh"
    assert stamp["source"] == "solutions/01_demo.py"
    assert stamp["fingerprint"] == workbook.fingerprint(exercise)
    done = build(course, solution(course), run=False)
    assert done == ["built     solutions/zh/01_demo.ipynb", "new       exercises/zh/01_demo.ipynb"]
    assert out_of_sync(course, solution(course)) == []
    assert not workbook.is_edited(course.exercise(solution(course)))
    # a student's edited Chinese exercise is kept unless forced
    mine = nbformat.read(course.exercise(solution(course)), as_version=4)
    mine.cells[4].source = "answer = 42"
    nbformat.write(mine, course.exercise(solution(course)))
    assert build(course, solution(course), run=False)[1].startswith("kept (edited)")
    assert "differs from the exercise generated now" in out_of_sync(course, solution(course))[0]


def test_the_exercise_needs_the_generator_text_translated(course):
    update_notebook(course, solution(course))
    translate(course.catalogue(solution(course)), SOLUTION_ZH)
    course.domain_catalogue("workbook").unlink()
    zh_solution = edition_notebook(course, solution(course))
    with pytest.raises(TranslationError, match="exercise generator's text"):
        edition_exercise(course, solution(course), zh_solution)


@pytest.mark.notebooks
def test_the_built_chinese_lesson_is_executed_with_outputs(course):
    update_notebook(course, lesson(course))
    translate(course.catalogue(lesson(course)), LESSON_ZH)
    build(course, lesson(course), run=True)
    nb = nbformat.read(course.target(lesson(course)), as_version=4)
    (output,) = nb.cells[2].outputs
    assert output["text"] == "3 customers\n"
    assert out_of_sync(course, lesson(course)) == []


# --- the helpers' messages ------------------------------------------------------------------

HELPER = textwrap.dedent(
    """\
    from helpers.i18n import tr, trn


    def reading(n, share, lang):
        # TRANSLATORS: share is a percentage such as 34.6%
        first = tr("{n} customers bring {share} of the revenue", lang, domain="readings",
                   n=n, share=share)
        second = trn("{n} customer", "{n} customers", n, lang, domain="readings")
        third = tr("grade", lang, context="chart label")
        return first, second, third


    def bad(text, lang, domain):
        return tr(text, lang), tr("fixed", lang, domain=domain), tr(f"{lang}", lang)
    """
)


def test_helpers_messages_are_extracted_by_domain_with_context_and_comments(tmp_path):
    path = tmp_path / "helpers" / "readings" / "demo.py"
    path.parent.mkdir(parents=True)
    path.write_text(HELPER, encoding="utf-8")
    found, problems = python_messages(path, tmp_path)
    readings = found["readings"]
    assert [(e.msgid, e.plural) for e in readings] == [
        ("{n} customers bring {share} of the revenue", None),
        ("{n} customer", "{n} customers"),
    ]
    assert readings[0].where == ("helpers/readings/demo.py", 6)
    assert readings[0].notes == ("share is a percentage such as 34.6%",)
    (label,) = found["helpers"]
    assert (label.msgid, label.context) == ("grade", "chart label")
    assert len(problems) == 3
    assert all(p.startswith("helpers/readings/demo.py:14: the English text") for p in problems)


def test_helpers_catalogues_are_checked_for_fields_and_stale_entries(tmp_path):
    path = tmp_path / "helpers" / "readings" / "demo.py"
    path.parent.mkdir(parents=True)
    path.write_text(HELPER, encoding="utf-8")
    layout = Layout(root=tmp_path)
    found, _ = helpers_messages([path], tmp_path)
    update_domain(layout, "readings", found["readings"])
    findings = domain_findings(layout, "readings", found["readings"])
    where = ["helpers/readings/demo.py:6", "helpers/readings/demo.py:8"]
    assert [f.where for f in findings] == where
    po = polib.pofile(str(layout.domain_catalogue("readings")))
    po[0].msgstr = "{n}位客户带来了{count}的销售额"
    po[1].msgstr_plural = {0: "{n}位客户"}
    po.save()
    (wrong,) = domain_findings(layout, "readings", found["readings"])
    assert "use exactly the fields ['n', 'share'] of the English, not ['count', 'n']" in str(wrong)
    catalogue = catalogues.read(layout.domain_catalogue("readings"))
    assert catalogue.num_plurals == 1


def test_glossary_and_workbook_text_have_their_own_domains():
    found, _ = helpers_messages(files=[])
    assert {e.context for e in found["glossary"]} >= {"abc", "apostle", "gold", "drag"}
    abc = next(e for e in found["glossary"] if e.context == "abc")
    assert abc.notes == ("ABC grading = ABC分类法",)
    assert [e.msgid for e in found["workbook"]] == ["*Write your answer here.*", "your code here"]


def test_source_units_locate_each_unit_in_the_source(course):
    located = source_units(lesson(course))
    lines = LESSON.split("\n")
    for u in located:
        first_words = u.unit.msgid.split()[0]
        assert first_words in lines[u.line - 1], (u.unit.msgid, u.line)
    assert [u.parameters for u in located].count(True) == 3


def _code_without_comments(source: str) -> list[str]:
    import io
    import tokenize

    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    skip = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)
    return [t.string for t in tokens if t.type not in skip]


@pytest.mark.parametrize("real", source_files(SOLUTIONS_DIR), ids=lambda p: p.stem)
def test_every_real_solution_gives_a_chinese_exercise_with_the_same_code(real, tmp_path):
    """With every unit 'translated', each course solution gives a Chinese solution and
    exercise whose code is the English exercise's code (only comments and lang differ)."""
    (tmp_path / "solutions").mkdir()
    source = tmp_path / "solutions" / real.name
    source.write_text(real.read_text(encoding="utf-8"), encoding="utf-8")
    layout = Layout(root=tmp_path)
    update_notebook(layout, source)
    po = polib.pofile(str(layout.catalogue(source)))
    for entry in po:
        entry.msgstr = "译文：" + entry.msgid.replace("=", "等于")
    po.save()
    update_domain(layout, "workbook", workbook_entries())
    translate(layout.domain_catalogue("workbook"), WORKBOOK_ZH)
    exercise = edition_exercise(layout, source, edition_notebook(layout, source))
    english = workbook.generate(real)
    assert len(exercise.cells) == len(english.cells)
    for zh, en in zip(exercise.cells, english.cells, strict=True):
        assert zh.cell_type == en.cell_type
        if zh.cell_type == "code" and "parameters" not in zh.metadata.get("tags", []):
            assert _code_without_comments(zh.source) == _code_without_comments(en.source)
        if zh.cell_type == "markdown" and en.source.strip():
            assert "译文：" in zh.source or "在这里写下你的答案" in zh.source
    assert not any("SOLUTION" in c.source for c in exercise.cells)
