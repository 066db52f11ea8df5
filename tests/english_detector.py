"""Find English sentences in what a notebook run in Chinese shows (英文残留检测).

A Chinese run may show Latin words that are not English sentences: code and column
names (``customer_id``, ``rfm_code``), ids (``C0042``), numbers, names of tools and
formats (pandas, CSV, Excel), the English term the course gives in parentheses beside a
Chinese one (客户利润倒金字塔（inverted profit pyramid）), and the values of the data itself
(a product called "paper cups Standard", a lead source "trade fair", the headers of a raw
export). What must not appear is an English *phrase*: two or more Latin words in a row,
separated by spaces only, that are none of the above. The detector reads the printed
text, the Markdown displays and the headers (column and row labels) of the HTML tables
of an executed notebook, and the displays that are plain text only (a printed value, a
self-check line).

>>> english_phrases("对全部 2,000 位客户，纯 pandas 与辅助函数的结果一致")
[]
>>> english_phrases("plain pandas and the helper agree on all 2,000 customers")
['plain pandas and the helper agree on all']
>>> english_phrases("渠道是 **trade fair**（183 条）", data_values={"trade fair"})
[]
>>> english_phrases("列 `customer_id` 与 UCI Online Retail 的 C0042")
[]
>>> english_phrases("客户利润倒金字塔（inverted profit pyramid）成立")
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

import nbformat
import pandas as pd

#: names of tools, formats and data sets that stay as they are in Chinese text
KEPT_PHRASES = ("UCI Online Retail", "GBK CSV", "Online Retail")

_CODE = re.compile(r"`[^`]*`")
_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"<[^>]+>")
_TERM_BESIDE = re.compile(r"（[A-Za-z0-9 /'’&-]+）")
_WORD = r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*"
_PHRASE = re.compile(rf"(?<![\w.]){_WORD}(?: {_WORD})+(?![\w])")


def english_phrases(text: str, *, data_values: Iterable[str] = ()) -> list[str]:
    """The English phrases of ``text`` (two or more Latin words in a row) that are not
    code, kept names or values of the data."""
    for pattern in (_CODE, _URL, _TAG, _TERM_BESIDE):
        text = pattern.sub(" ", text)
    values = sorted({v for v in data_values if " " in v} | set(KEPT_PHRASES), key=len, reverse=True)
    for value in values:
        text = text.replace(value, " ")
    return [m.group(0) for m in _PHRASE.finditer(text.replace("*", " ").replace("_", "-"))]


class _Headers(HTMLParser):
    """The text of every ``<th>`` of an HTML table."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "th":
            self._inside = True
            self.found.append("")

    def handle_endtag(self, tag):
        if tag == "th":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.found[-1] += data


def shown_text(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(cell number, text) for every printed text, Markdown display, plain-text display and
    table header."""
    shown = []
    for number, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if "text" in out:
                shown.append((number, out["text"]))
            data = out.get("data", {})
            if "text/markdown" in data:
                shown.append((number, data["text/markdown"]))
            elif set(data) == {"text/plain"}:  # a printed value, a self-check line
                shown.append((number, data["text/plain"]))
            if "text/html" in data:
                parser = _Headers()
                parser.feed(data["text/html"])
                shown += [(number, header.strip()) for header in parser.found if header.strip()]
    return shown


def data_values(tables: Iterable[pd.DataFrame]) -> set[str]:
    """Every text value of the data's tables (product names, sources, regions...)."""
    found: set[str] = set()
    for table in tables:
        for column in table.columns:
            values = table[column]
            if pd.api.types.is_string_dtype(values) or values.dtype == object:
                found |= {str(v) for v in values.dropna().unique()}
    return found
