"""Run-time translation (tr, trn, lookup), the edition folders and the --lang of commands."""

from __future__ import annotations

import re
import textwrap

import pytest

from helpers import glossary, i18n
from helpers.paths import NOTEBOOKS_DIR, SOLUTIONS_DIR
from helpers.tooling.catalog import course_notebooks, not_in_edition
from helpers.tooling.cli import build_parser

CATALOGUE = textwrap.dedent(
    """\
    msgid ""
    msgstr ""
    "Language: zh_CN\\n"
    "Content-Type: text/plain; charset=utf-8\\n"
    "Plural-Forms: nplurals=1; plural=0;\\n"

    msgid "{n} customers bring {share} of the revenue"
    msgstr "{n}位客户贡献了{share}的销售额"

    msgctxt "chart label"
    msgid "grade"
    msgstr "等级"

    msgid "grade"
    msgstr "评分"

    msgid "{n} customer"
    msgid_plural "{n} customers"
    msgstr[0] "{n}位客户"

    #, fuzzy
    msgid "no customers in {region}"
    msgstr "{region}没有客户"

    msgid "not translated"
    msgstr ""

    msgid "{count} orders"
    msgstr "{n}个订单"
    """
)


@pytest.fixture
def demo_catalogue(tmp_path, monkeypatch):
    folder = tmp_path / "zh"
    folder.mkdir()
    (folder / "demo.po").write_text(CATALOGUE, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    yield
    i18n.catalogue.cache_clear()


def test_tr_translates_and_fills_fields(demo_catalogue):
    text = i18n.tr("{n} customers bring {share} of the revenue", "zh", domain="demo", n=12,
                   share="80%")  # fmt: skip
    assert text == "12位客户贡献了80%的销售额"
    english = i18n.tr("{n} customers bring {share} of the revenue", "en", domain="demo", n=12,
                      share="80%")  # fmt: skip
    assert english == "12 customers bring 80% of the revenue"


def test_context_tells_two_uses_apart(demo_catalogue):
    assert i18n.tr("grade", "zh", domain="demo", context="chart label") == "等级"
    assert i18n.tr("grade", "zh", domain="demo") == "评分"


def test_chinese_has_one_plural_form(demo_catalogue):
    assert i18n.trn("{n} customer", "{n} customers", 1, "zh", domain="demo") == "1位客户"
    assert i18n.trn("{n} customer", "{n} customers", 5, "zh", domain="demo") == "5位客户"
    assert i18n.trn("{n} customer", "{n} customers", 5, "en", domain="demo") == "5 customers"


def test_fuzzy_empty_and_unknown_messages_fall_back_to_english(demo_catalogue):
    assert i18n.tr("no customers in {region}", "zh", domain="demo", region="华东") == (
        "no customers in 华东"
    )
    assert i18n.tr("not translated", "zh", domain="demo") == "not translated"
    assert i18n.tr("anything", "zh", domain="no_such_domain") == "anything"
    assert ("no customers in {region}" not in
            {m for _, m in i18n.catalogue("zh", "demo")})  # fmt: skip


def test_a_translation_with_other_fields_is_a_clear_error(demo_catalogue):
    with pytest.raises(ValueError, match=re.escape("helpers/locale/zh/demo.po")):
        i18n.tr("{count} orders", "zh", domain="demo", count=3)


def test_lookup_reads_data_driven_texts():
    assert i18n.lookup("number of customers", "zh", context="customers", domain="glossary") == (
        "客户的数量"
    )


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang must be 'en' or 'zh'"):
        i18n.tr("x", "fr")
    with pytest.raises(ValueError, match="lang must be 'en' or 'zh'"):
        i18n.edition_folder(NOTEBOOKS_DIR, "de")


def test_every_glossary_meaning_has_a_chinese_translation():
    english = glossary.glossary_table()
    chinese = glossary.glossary_table("zh")
    assert list(chinese.index) == list(english.index)
    assert (chinese[["english", "chinese"]] == english[["english", "chinese"]]).all().all()
    cjk = chinese["meaning"].str.contains(r"[\u4e00-\u9fff]")
    assert cjk.all(), list(chinese.index[~cjk])
    assert (chinese["meaning"] != english["meaning"]).all()


def test_edition_folders():
    assert i18n.edition_folder(NOTEBOOKS_DIR, "en") == NOTEBOOKS_DIR
    assert i18n.edition_folder(SOLUTIONS_DIR, "zh") == SOLUTIONS_DIR / "zh"


def test_the_chinese_course_lists_what_is_translated_and_what_is_not():
    english = course_notebooks(include_gallery=True)
    chinese = course_notebooks(include_gallery=True, lang="zh")
    assert NOTEBOOKS_DIR / "zh" / "00_course_map.ipynb" in chinese
    assert all(p.parent.name == "zh" for p in chinese)
    missing = not_in_edition("zh", include_gallery=True)
    translated = [p for p in english if p not in missing]
    assert chinese == [i18n.edition_folder(p.parent, "zh") / p.name for p in translated]
    assert not_in_edition("en") == []


def test_course_takes_a_language():
    assert build_parser().parse_args(["course"]).lang == "en"
    assert build_parser().parse_args(["course", "--lang", "zh"]).lang == "zh"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["course", "--lang", "fr"])


def test_course_in_chinese_runs_the_chinese_notebooks(monkeypatch, capsys, tmp_path):
    from helpers.tooling import cli, runner

    ran = {}

    def fake_run_many(notebooks, out, **kw):
        ran["notebooks"] = notebooks
        return []

    monkeypatch.setattr(runner, "run_many", fake_run_many)
    assert cli.main(["course", "--lang", "zh", "--out", str(tmp_path / "out")]) == 0
    assert ran["notebooks"] == course_notebooks(lang="zh")
    out = capsys.readouterr().out
    assert "not translated" not in out  # every notebook has its Chinese edition
    assert len(ran["notebooks"]) == len(course_notebooks(lang="en"))
