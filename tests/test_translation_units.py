"""Cutting notebook cells into translation units and putting translations back."""

from __future__ import annotations

import io
import tokenize

import pytest

from helpers.tooling.catalog import course_sources
from helpers.tooling.i18n.units import (
    TranslationError,
    Unit,
    Verbatim,
    cell_segments,
    code_segments,
    markdown_segments,
    prose,
    render,
    units,
)
from helpers.tooling.notebooks import read_source


def msgids(segments):
    return [u.msgid for u in units(segments)]


def test_markdown_blocks_become_units_without_their_structure():
    text = "\n".join(
        [
            "## Learning goals",
            "",
            "Customers differ. A few bring",
            "most of the revenue.",
            "",
            "- first point;",
            "- second point,",
            "  continued.",
            "  - a sub-point",
            "1. numbered",
            "",
            "> A quote that runs",
            "> over two lines.",
            "",
            "| what | command |",
            "|---|---|",
            "| run it | `python3 tasks.py course` |",
        ]
    )
    segs = markdown_segments(text)
    assert msgids(segs) == [
        "Learning goals",
        "Customers differ. A few bring most of the revenue.",
        "first point;",
        "second point, continued.\n- a sub-point",
        "numbered",
        "A quote that runs over two lines.",
        "| what | command |",
        "| run it | `python3 tasks.py course` |",
    ]
    kinds = [u.kind for u in units(segs)]
    assert (
        kinds
        == ["heading", "paragraph", "list item", "list item", "list item", "quote"]
        + ["table row"] * 2
    )
    assert render(segs) == text
    # the table's delimiter row has no words: it is kept, not translated
    assert Verbatim("|---|---|") in segs


def test_code_answer_markers_and_words_free_blocks_are_kept():
    text = "```python\n# a comment in a fence\nx = 1\n```\n\n### BEGIN SOLUTION\nThe answer.\n"
    text += "### END SOLUTION\n\n    indented code\n\n---\n\n`only code`"
    segs = markdown_segments(text)
    assert msgids(segs) == ["The answer."]
    assert render(segs) == text


def test_a_paragraph_indented_under_a_list_item_is_text_not_code():
    text = "- an item\n\n    more about the item\n\nAfter."
    assert msgids(markdown_segments(text)) == ["an item", "more about the item", "After."]


def test_rewrapping_the_english_changes_no_unit():
    one = markdown_segments("A sentence that is\nwrapped here.")
    two = markdown_segments("A sentence\nthat is wrapped here.")
    assert msgids(one) == msgids(two) == ["A sentence that is wrapped here."]
    comments = code_segments("# Sum the revenue\n# of every customer.\nx = 1")
    assert msgids(comments) == ["Sum the revenue of every customer."]


def test_a_hard_line_break_is_kept():
    assert prose(["First line  ", "second line"]) == "First line  \nsecond line"


def test_translations_go_back_with_the_structure():
    text = "## Goals\n\n- read a table;\n- plot it,\n  then read it.\n\n| what | how |"
    chinese = {
        "Goals": "学习目标",
        "read a table;": "读表；",
        "plot it, then read it.": "画图，\n再解读。",
        "| what | how |": "| 做什么 | 怎么做 |",
    }
    out = render(markdown_segments(text), chinese.get)
    assert out == "## 学习目标\n\n- 读表；\n- 画图，\n  再解读。\n\n| 做什么 | 怎么做 |"


def test_a_unit_without_translation_stays_english():
    text = "## Goals\n\nRead it."
    assert render(markdown_segments(text), {"Goals": "目标"}.get) == "## 目标\n\nRead it."


def test_one_line_units_refuse_a_translation_on_two_lines():
    heading = units(markdown_segments("## Goals"))[0]
    with pytest.raises(TranslationError, match="heading must be one line"):
        heading.render("学习\n目标")


def test_comments_are_units_and_code_is_kept():
    code = "\n".join(
        [
            "# Count the customers",
            "# of the table.",
            'n = orders["customer_id"].nunique()  # one per customer',
            's = "# not a comment"',
            "x = f(1)  # noqa: E501",
            "    # an indented",
            "    # block",
            "### BEGIN SOLUTION",
            "#",
            "# ---",
        ]
    )
    segs = code_segments(code)
    assert msgids(segs) == [
        "Count the customers of the table.",
        "one per customer",
        "an indented block",
    ]
    assert render(segs) == code
    chinese = {
        "Count the customers of the table.": "统计表中的客户数",
        "one per customer": "每位客户算一次",
        "an indented block": "缩进的\n注释",
    }
    out = render(segs, chinese.get).split("\n")
    assert out[0] == "# 统计表中的客户数"
    assert out[1] == 'n = orders["customer_id"].nunique()  # 每位客户算一次'
    assert out[2:5] == ['s = "# not a comment"', "x = f(1)  # noqa: E501", "    # 缩进的"]
    assert out[5] == "    # 注释"
    assert out[6:] == ["### BEGIN SOLUTION", "#", "# ---"]


def test_code_the_tokenizer_rejects_keeps_its_full_line_comments():
    code = "# Open the bracket\nx = (1,\n# inside"
    segs = code_segments(code)
    assert msgids(segs) == ["Open the bracket inside"] or msgids(segs) == [
        "Open the bracket",
        "inside",
    ]
    assert render(segs) == code


def test_raw_cells_are_kept():
    assert cell_segments("raw", "anything # at all") == [Verbatim("anything # at all")]


def test_unit_render_of_its_own_english_keeps_the_prefixes():
    unit = Unit("a b", ("- ", "  "), "  ", "list item", 0, "- a\n  b")
    assert unit.render("a\nb") == "- a\n  b"
    assert unit.render("甲\n乙\n丙") == "- 甲\n  乙\n  丙"


def _code_tokens(source: str) -> list[tuple[int, str]]:
    try:
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        return [
            (t.type, t.string)
            for t in tokens
            if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)
        ]
    except (tokenize.TokenError, SyntaxError):
        return [(0, line) for line in source.split("\n") if not line.lstrip().startswith("#")]


@pytest.mark.parametrize("source", course_sources(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_course_source_cuts_and_renders_back(source):
    """On every lesson and solution: no unit is lost or doubled, rendering gives the
    source back, a translation changes no code, and no answer marker is in a unit."""
    nb = read_source(source)
    marked = {}
    for cell in nb.cells:
        segs = cell_segments(cell.cell_type, cell.source)
        assert render(segs) == cell.source
        for u in units(segs):
            assert "BEGIN SOLUTION" not in u.msgid and "END SOLUTION" not in u.msgid
            marked[u.msgid] = "译：" + u.msgid.replace("=", "等于")
        translated = render(segs, marked.get)
        if cell.cell_type == "code":
            assert _code_tokens(translated) == _code_tokens(cell.source)
        elif any(u.msgid.strip() for u in units(segs)):
            assert "译：" in translated
    assert marked, f"{source.name} has no text to translate"
