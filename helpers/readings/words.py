"""Shared wording for readings: counts, shares, money and lists, in English or Chinese.

>>> count(1, "customer", "customers"), count(0, "customer", "customers")
('1 customer', 'no customers')
>>> count(3, "customer", "customers", lang="zh", zh="位客户")
'3 位客户'
>>> share(0.3456), share(0.0004), share(1.0)
('34.6%', 'under 0.1%', '100%')
>>> listing(["A", "B", "C"]), listing(["华东", "华南"], lang="zh"), listing(["A", "B"], lang="zh")
('A, B and C', '华东和华南', 'A 和 B')
>>> either(["A", "B", "C"]), either(["A", "B", "C"], lang="zh")
('A, B or C', 'A、B 或 C')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from helpers import theme
from helpers.glossary import TERMS, label
from helpers.i18n import catalogue, check_lang, lookup
from helpers.i18n import trn as plural_text  # not named trn: its msgids are variables here
from helpers.text import Safe, esc, md

#: the catalogue of every reading's sentences (helpers/locale/<lang>/readings.po)
DOMAIN = "readings"


def reading_lang(lang: str) -> str:
    """The language readings come out in: ``lang``, or English while the catalogue of
    ``lang`` does not exist yet (so a sentence never mixes two languages)."""
    check_lang(lang)
    return lang if lang == "en" or catalogue(lang, DOMAIN) else "en"


def say(msgid: str, lang: str, /, **values: object) -> Safe:
    """The reading sentence ``msgid`` in ``lang``, with ``values`` escaped.

    The English text must be a literal string at the call (it is extracted for
    translation like a ``tr`` call, into the ``readings`` catalogue).

    >>> say("{n:,} customers in {region}.", "en", n=1200, region="<North>")
    '1,200 customers in &lt;North&gt;.'
    """
    return md(lookup(msgid, lang, domain=DOMAIN), **values)


def say_n(singular: str, plural: str, n: int, lang: str, /, **values: object) -> Safe:
    """The singular or plural sentence for ``n`` (``{n}`` is a field), values escaped.

    >>> say_n("{n} customer is A.", "{n} customers are A.", 1, "en")
    '1 customer is A.'
    >>> say_n("{n} of {total:,} is A.", "{n} of {total:,} are A.", 2, "en", total=1500)
    '2 of 1,500 are A.'
    """
    if "n" in values:
        raise ValueError("say_n: the field name 'n' is the plural count; name it otherwise")
    fields = {key: _Field(key) for key in values}
    return md(plural_text(singular, plural, int(n), lang, domain=DOMAIN, **fields), **values)


class _Field:
    """A value that formats as its own field again (``{name:spec}``): :func:`say_n` lets the
    catalogue fill in ``{n}`` only, and :func:`md` then fills (and escapes) the others."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __format__(self, spec: str) -> str:
        return "{" + self.name + (":" + spec if spec else "") + "}"


#: Chinese punctuation: no space is put after a closing mark or before an opening one
_CLOSING = tuple("。！？；：，、）”")
_OPENING = tuple("（“，。；：")


def join(parts: Iterable[str]) -> Safe:
    """Sentences (each already Markdown) joined by a space, or directly after Chinese
    punctuation; empty parts are left out.

    >>> join(["One.", "", "Two."]), join(["一。", "二。"]), join(["12 条投诉", "（没有原因）"])
    ('One. Two.', '一。二。', '12 条投诉（没有原因）')
    """
    text = ""
    for part in (str(p) for p in parts if p):
        tight = not text or text.endswith(_CLOSING) or part.startswith(_OPENING)
        text += part if tight else " " + part
    return Safe(text)


def count(n: int, singular: str, plural: str, *, lang: str = "en", zh: str = "") -> str:
    """``n`` things, grammatical at zero and one ("no customers", "1 customer").

    In Chinese the measure word and noun come from ``zh`` (for example "位客户").
    """
    check_lang(lang)
    n = int(n)
    if lang == "zh":
        return f"{n:,} {zh}" if n else f"没有{zh.lstrip('位个家条项名张份种')}"
    if n == 0:
        return f"no {plural}"
    return f"{n:,} {singular if n == 1 else plural}"


def share(value: float, *, decimals: int = 1, lang: str = "en") -> str:
    """A share as a percentage that never reads 0.0% for a small non-zero share.

    >>> share(0.0004, lang="zh"), share(float("nan"), lang="zh")
    ('不到0.1%', '无')
    """
    check_lang(lang)
    if value != value:  # NaN
        return "n/a" if lang == "en" else "无"
    pct = round(100.0 * float(value), 9)  # 0.14 * 100 is 14.000000000000002
    if pct == 0:
        return "0%"
    smallest = 10.0**-decimals
    if 0 < abs(pct) < smallest:
        if lang == "zh":
            return f"不到{smallest:g}%" if pct > 0 else f"高于-{smallest:g}%"
        return f"under {smallest:g}%" if pct > 0 else f"above -{smallest:g}%"
    if pct == round(pct):
        return f"{pct:.0f}%"
    return f"{pct:.{decimals}f}%"


def money(value: float, *, lang: str = "en") -> str:
    """An amount for a sentence: 1,234,567 (en) or 123.5万 (zh), as the charts write it."""
    check_lang(lang)
    if lang == "zh" and abs(value) >= 10_000:
        return theme.compact(value, lang)
    return f"{value:,.0f}"


def listing(items: Sequence[object], *, lang: str = "en", escape: bool = True) -> str:
    """Items joined as a sentence: "A, B and C" / "A、B和C" (data values escaped)."""
    check_lang(lang)
    words = [esc(i) if escape else str(i) for i in items]
    if not words:
        return "none" if lang == "en" else "无"
    if len(words) == 1:
        return words[0]
    if lang == "zh":
        return _zh_series(words, "和")
    return ", ".join(words[:-1]) + " and " + words[-1]


def either(items: Sequence[object], *, lang: str = "en", escape: bool = True) -> str:
    """Items joined as alternatives: "A, B or C" / "A、B或C" (data values escaped)."""
    check_lang(lang)
    words = [esc(i) if escape else str(i) for i in items]
    if len(words) < 2:
        return "".join(words)
    if lang == "zh":
        return _zh_series(words, "或")
    return ", ".join(words[:-1]) + " or " + words[-1]


def _zh_series(words: Sequence[str], conjunction: str) -> str:
    """Chinese series: 、 between items, 和/或 before the last, spaced from Latin and numbers."""
    head = "、".join(words[:-1])
    before = " " if _latin(head[-1:]) else ""
    after = " " if _latin(words[-1][:1]) else ""
    return f"{head}{before}{conjunction}{after}{words[-1]}"


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def term(value: object, lang: str = "en") -> str:
    """A data value (a cleaning rule, a type, a tier) in Chinese when the glossary knows it
    (the rule the charts use for their labels); English and other values as they are.

    >>> term("missing customer id", "zh"), term("North", "zh"), term("record", "en")
    ('缺少客户编号', 'North', 'record')
    """
    text = str(value)
    if check_lang(lang) == "en":
        return text
    key = text.strip("()").replace(" ", "_").replace("-", "_").casefold()
    return label(key, lang) if key in TERMS else text
