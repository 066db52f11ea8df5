"""Checks on Chinese text: is it Chinese, does it keep the syllabus terms, the code and
the format fields of the English, and does it use Chinese punctuation?

The measure of "is this Chinese" is the share of Chinese in the prose: every CJK
character counts one, every Latin word counts one (an English word carries about as
much as a Chinese character or two), after leaving out code, link targets, formulas,
numbers and the glossary's terms in both languages (a Chinese sentence may name the
English term beside the Chinese one; an English sentence sprinkled with Chinese terms
is still English). Text with fewer than :data:`MIN_PROSE` such units is too short to
judge.

>>> chinese_share("客户分级（customer grading）把客户按价值分成几级。")
1.0
>>> chinese_share("Grading ranks customers by value (客户分级) for the company.")
0.0
"""

from __future__ import annotations

import re
from functools import cache

from helpers import glossary
from helpers.i18n import format_fields
from helpers.tooling.i18n.units import markdown_segments, units

#: below this share of Chinese, a text counts as English
CHINESE_SHARE = 0.5
#: texts with fewer prose units than this are too short to judge
MIN_PROSE = 4
#: glossary keys of the syllabus terms: where a unit's English uses the term, its
#: translation must use the glossary's Chinese term (客户分级, ABC分类法 ...)
SYLLABUS_TERMS = (
    "grading", "segmentation", "dynamic_segmentation", "count_pyramid", "profit_pyramid",
    "data_collection", "composition", "transaction_performance", "gross_margin",
    "commercial_value", "gold", "drag", "cross_sell", "abc", "vip", "potential", "tiers",
    "deciles", "customer_deciles", "value_deciles", "transactional", "relationship",
    "loyalty", "apostle", "loyalist", "hostage", "mercenary", "defector", "terrorist",
    "pseudonymisation",
)  # fmt: skip

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_FENCED = re.compile(r"^\s*(`{3,}|~{3,}).*?^\s*\1\s*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_URL = re.compile(r"<?https?://\S+>?")
_TAG = re.compile(r"<[^>\n]+>")
_FIELD = re.compile(r"\{[^{}]*\}")
_ASCII_PUNCT = re.compile(f"[{_CJK}][*_]*([,;:?!]|\\.(?![\\w/]))|[{_CJK}]\\(|\\)[{_CJK}]")
_EDITION_PATH = re.compile(r"\b(notebooks|solutions|exercises)/zh/")


@cache
def _terms() -> re.Pattern[str]:
    """All glossary terms, English and Chinese, longest first (so a long term wins)."""
    words = {t for english, chinese, _ in glossary.TERMS.values() for t in (english, chinese)}
    parts = []
    for term in sorted(words, key=len, reverse=True):
        escaped = re.escape(term)
        parts.append(rf"\b{escaped}\b" if re.match(r"\w", term, re.A) else escaped)
    return re.compile("|".join(parts), re.I)


def prose(text: str) -> str:
    """``text`` without code, formulas, link targets, tags, format fields and glossary terms."""
    for pattern in (_FENCED, _CODE_SPAN, _MATH, _LINK_TARGET, _URL, _TAG, _FIELD):
        text = pattern.sub(" ", text)
    return _terms().sub(" ", text)


def chinese_share(text: str) -> float | None:
    """The share of Chinese in ``text``'s prose (None when too short to judge)."""
    rest = prose(text)
    cjk = len(_CJK_CHAR.findall(rest))
    words = len(_LATIN_WORD.findall(rest))
    if cjk + words < MIN_PROSE:
        return None
    return round(cjk / (cjk + words), 3)


def is_english(text: str) -> bool:
    """True when ``text`` is long enough to judge and mostly not Chinese.

    >>> is_english("Open the first lesson, then its exercise."), is_english("打开第一课。")
    (True, False)
    """
    share = chinese_share(text)
    return share is not None and share < CHINESE_SHARE


def english_paragraphs(markdown: str) -> list[str]:
    """The headings, paragraphs, list items and rows of a markdown cell that read as English."""
    return [u.msgid for u in units(markdown_segments(markdown)) if is_english(u.msgid)]


@cache
def _syllabus_patterns() -> list[tuple[str, str, re.Pattern[str]]]:
    found = []
    for key in SYLLABUS_TERMS:
        english, chinese, _ = glossary.TERMS[key]
        words = re.split(r"[\s-]+", english.lower())
        last = words[-1]
        stem = last[:-1] if last.endswith("s") and len(last) > 3 else last
        words[-1] = stem + "(?:s|es)?"
        pattern = r"\b" + r"[\s-]+".join(w if "(?:" in w else re.escape(w) for w in words)
        found.append((english, chinese, re.compile(pattern + r"\b", re.I)))
    return found


def term_problems(english: str, chinese: str) -> list[str]:
    """The syllabus terms ``english`` uses whose glossary Chinese ``chinese`` lacks.

    >>> term_problems("The drag customers cost effort.", "拖后腿的客户耗费精力。")
    ["'drag customers' must be translated as '拉后腿客户' (the glossary's term)"]
    """
    return [
        f"{en!r} must be translated as {zh!r} (the glossary's term)"
        for en, zh, pattern in _syllabus_patterns()
        if pattern.search(_CODE_SPAN.sub(" ", english)) and zh not in chinese
    ]


def punctuation_problems(chinese: str) -> list[str]:
    """Western punctuation right after (or parentheses around) Chinese words.

    >>> punctuation_problems("客户分级: 见下表."), punctuation_problems("客户分级：见下表。")
    (["use Chinese punctuation in Chinese sentences (，。：；？！（）), not '.' and ': '"], [])
    """
    text = _CODE_SPAN.sub(" ", _LINK_TARGET.sub("]", chinese))
    found = sorted({m.group(0)[-1] if m.group(0)[-1] in ",;:?!.(" else m.group(0)[0]
                    for m in _ASCII_PUNCT.finditer(text)})  # fmt: skip
    if not found:
        return []
    listed = " and ".join(repr(p + " " if p in ",;:" else p) for p in found)
    return [f"use Chinese punctuation in Chinese sentences (，。：；？！（）), not {listed}"]


def code_problems(english: str, chinese: str) -> list[str]:
    """Code spans of ``english`` missing from ``chinese``; a path may gain a ``zh/`` and a
    command a ``--lang zh`` (the Chinese edition's notebooks and commands).

    >>> code_problems("Run `tasks.py course` on `exercises/`.", "在 `exercises/zh/` 上运行")
    ['keep the code `tasks.py course` as it is']
    """
    kept = [_EDITION_PATH.sub(r"\1/", m.group(2)) for m in _CODE_SPAN.finditer(chinese)]
    lost = [
        m.group(0)
        for m in _CODE_SPAN.finditer(english)
        if not any(k == m.group(2) or k.startswith(m.group(2) + " --lang") for k in kept)
    ]
    return [f"keep the code {span} as it is" for span in dict.fromkeys(lost)]


def field_problems(english: str, chinese: str) -> list[str]:
    """Format fields (``{n}``) that differ between a message and its translation."""
    try:
        want, have = format_fields(english), format_fields(chinese)
    except ValueError as exc:
        return [f"the braces of the translation are broken ({exc}); write {{{{ for a brace"]
    if want == have:
        return []
    return [f"use exactly the fields {sorted(want)} of the English, not {sorted(have)}"]


def translation_problems(english: str, chinese: str, *, fields: bool = False) -> list[str]:
    """What is wrong with ``chinese`` as the translation of ``english`` (empty: nothing)."""
    problems = []
    if chinese.strip() == english.strip() and len(_LATIN_WORD.findall(prose(english))) >= 2:
        problems.append("the translation repeats the English")
    elif is_english(chinese):
        problems.append(
            f"the translation reads as English (Chinese share {chinese_share(chinese)})"
        )
    problems += term_problems(english, chinese)
    problems += code_problems(english, chinese)
    problems += punctuation_problems(chinese)
    if fields:
        problems += field_problems(english, chinese)
    return problems
