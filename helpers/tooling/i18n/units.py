"""Translation units: the pieces of a notebook a translator translates, and putting them back.

A markdown cell is cut into headings, paragraphs, list items, table rows and quotes;
the structure around the words (``## ``, ``- ``, the pipes of a table row's ends, ``> ``)
stays outside the unit, so a translator sees prose and cannot break the layout. Fenced
or indented code, blank lines and the workbook's answer markers are kept as they are.

In code cells only comments are translated: full-line comment blocks (one unit per
block, so a sentence spread over several lines stays whole) and end-of-line comments.
Strings in code are never changed: they may be column names, keys, file names or
format templates, and a Chinese notebook must compute exactly what the English one
computes. Text a student reads that comes from code (a printed sentence, a table
header) goes through :func:`helpers.i18n.tr` or :mod:`helpers.glossary` with the
notebook's ``lang`` instead, and is translated in the helpers' catalogues.

>>> [u.msgid for u in units(markdown_segments("## Goals\\n\\n- read a table;\\n- plot it."))]
['Goals', 'read a table;', 'plot it.']
>>> segments = code_segments("x = 1  # one customer\\n# the total\\ntotal = x")
>>> render(segments, {"one customer": "一位客户", "the total": "合计"}.get)
'x = 1  # 一位客户\\n# 合计\\ntotal = x'
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: the workbook's answer markers (kept verbatim: the exercise generator looks for them)
ANSWER_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^(\s{0,3}#{1,6}[ \t]+)(.*)$")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])([ \t]+)(?=\S)")
_TABLE_ROW = re.compile(r"^\s*\|")
_QUOTE = re.compile(r"^(\s{0,3}>[ \t]?)")
_INDENTED_CODE = re.compile(r"^( {4}|\t)")
_COMMENT_HASHES = re.compile(r"#+ ?")
_TECHNICAL_COMMENT = re.compile(
    r"^(noqa|type:|fmt:|pragma|pylint:|ruff:|isort:|mypy:|%%|-\*-)", re.IGNORECASE
)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_URL = re.compile(r"\]\([^)]*\)|<?https?://\S+>?")
_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_LETTER = re.compile(r"[A-Za-z]")

Lookup = Callable[[str], "str | None"]


class TranslationError(ValueError):
    """A translation that cannot be put into its notebook, and where it is."""


@dataclass(frozen=True)
class Unit:
    """One piece of English a translator translates, and how a translation goes back.

    ``prefixes`` is what stands before each line of the text in the cell (heading
    marks, list markers, indentation, ``# `` of a comment, the code before an
    end-of-line comment); lines a translation adds beyond the English ones get ``more``.
    """

    msgid: str
    prefixes: tuple[str, ...]
    more: str
    kind: str
    line: int  # first line of the unit in its cell, from 0
    original: str  # the cell lines of the unit, as written in English
    one_line: bool = False

    def render(self, text: str) -> str:
        """The cell lines for ``text`` (the English msgid gives back the original lines).

        >>> Unit("Goals", ("## ",), "", "heading", 0, "## Goals", True).render("学习目标")
        '## 学习目标'
        """
        lines = text.split("\n")
        if self.one_line and len(lines) > 1:
            raise TranslationError(f"the translation of this {self.kind} must be one line")
        out = []
        for i, line in enumerate(lines):
            prefix = self.prefixes[i] if i < len(self.prefixes) else self.more
            out.append(prefix + line if line else prefix.rstrip())
        return "\n".join(out)


@dataclass(frozen=True)
class Verbatim:
    """Lines of a cell that are kept exactly as they are."""

    text: str


Segment = Unit | Verbatim


def units(segments: Sequence[Segment]) -> list[Unit]:
    """The translatable units among ``segments``."""
    return [s for s in segments if isinstance(s, Unit)]


def has_words(text: str) -> bool:
    """True when ``text`` holds letters outside code spans, link targets and HTML tags.

    >>> has_words("`python3 tasks.py course`"), has_words("</details>"), has_words("Run `x`")
    (False, False, True)
    """
    return bool(_LETTER.search(_TAG.sub("", _URL.sub("", _CODE_SPAN.sub("", text)))))


def render(segments: Sequence[Segment], lookup: Lookup | None = None) -> str:
    """The cell text with each unit's translation from ``lookup`` (English where it has none)."""
    parts = []
    for s in segments:
        if isinstance(s, Verbatim):
            parts.append(s.text)
        else:
            found = lookup(s.msgid) if lookup is not None else None
            parts.append(s.original if found is None else s.render(found))
    return "\n".join(parts)


# --- markdown -------------------------------------------------------------------------------


def _unit_or_verbatim(lines: list[str], cuts: list[int], kind: str, start: int, **kw) -> Segment:
    """A unit of ``lines`` whose first ``cuts[i]`` characters are structure, or the lines
    themselves when they hold no words."""
    texts = [line[cut:] for line, cut in zip(lines, cuts, strict=True)]
    msgid = prose(texts)
    if not has_words(msgid):
        return Verbatim("\n".join(lines))
    prefixes = tuple(line[:cut] for line, cut in zip(lines, cuts, strict=True))
    more = kw.pop("more", prefixes[-1])
    return Unit(msgid, prefixes, more, kind, start, "\n".join(lines), **kw)


def prose(lines: Sequence[str]) -> str:
    """The text of wrapped lines as a translator should see it: soft line breaks become
    spaces (re-wrapping the English then changes no unit); a line that starts a list item,
    a table row or a quote, or follows a hard break, stays on a line of its own.

    >>> prose(["A sentence wrapped", "  over two lines.", "- an item", "  continued"])
    'A sentence wrapped over two lines.\\n- an item continued'
    """
    out = ""
    for k, line in enumerate(lines):
        if k == 0:
            out = line.rstrip() if not _hard_break(line) else line
            continue
        structured = _LIST_ITEM.match(line) or _TABLE_ROW.match(line) or _QUOTE.match(line)
        if structured or _hard_break(lines[k - 1]):
            out += "\n" + (line if _hard_break(line) else line.rstrip())
        else:
            out += " " + (line.strip() if not _hard_break(line) else line.lstrip())
    return out


def _hard_break(line: str) -> bool:
    return line.endswith("  ") or line.endswith("\\")


def _leading(line: str) -> int:
    return len(line) - len(line.lstrip())


def _is_blank_or_marker(line: str) -> bool:
    return not line.strip() or line.strip() in ANSWER_MARKERS


def _starts_block(line: str) -> bool:
    """True for a line that ends the paragraph before it."""
    return bool(
        _is_blank_or_marker(line)
        or _FENCE.match(line)
        or _HEADING.match(line)
        or _LIST_ITEM.match(line)
        or _TABLE_ROW.match(line)
        or _QUOTE.match(line)
    )


def markdown_segments(text: str) -> list[Segment]:
    """Cut a markdown cell into units and verbatim lines; rendering gives ``text`` back.

    >>> segs = markdown_segments("Intro line one\\nline two.\\n\\n```\\ncode\\n```\\n> A quote")
    >>> [s.msgid if isinstance(s, Unit) else s.text for s in segs]
    ['Intro line one line two.', '', '```\\ncode\\n```', 'A quote']
    """
    lines = text.split("\n")
    out: list[Segment] = []
    i, n = 0, len(lines)
    after_blank, in_list = True, False
    while i < n:
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            mark = fence.group(1)
            j = i + 1
            while j < n and not lines[j].strip().startswith(mark[0] * len(mark)):
                j += 1
            j = min(j, n - 1)
            out.append(Verbatim("\n".join(lines[i : j + 1])))
            i, after_blank, in_list = j + 1, False, False
            continue
        if _is_blank_or_marker(line):
            out.append(Verbatim(line))
            i, after_blank = i + 1, True
            continue
        if (
            after_blank
            and not in_list
            and _INDENTED_CODE.match(line)
            and not _LIST_ITEM.match(line)
        ):
            j = i
            while j < n and lines[j].strip():
                j += 1
            out.append(Verbatim("\n".join(lines[i:j])))
            i, after_blank = j, False
            continue
        after_blank = False
        item = _LIST_ITEM.match(line)
        # a paragraph indented under a list item belongs to the item; elsewhere it is code
        in_list = bool(item) or (in_list and _leading(line) > 0)
        heading = _HEADING.match(line)
        if heading and line.strip() not in ANSWER_MARKERS:
            out.append(_unit_or_verbatim([line], [heading.end(1)], "heading", i, one_line=True))
            i += 1
            continue
        if _TABLE_ROW.match(line):
            out.append(_unit_or_verbatim([line], [_leading(line)], "table row", i, one_line=True))
            i += 1
            continue
        if _QUOTE.match(line):
            j = i
            while j < n and _QUOTE.match(lines[j]) and lines[j].strip() != ">":
                j += 1
            j = max(j, i + 1)
            block = lines[i:j]
            cuts = [_QUOTE.match(b).end() if _QUOTE.match(b) else 0 for b in block]
            out.append(_unit_or_verbatim(block, cuts, "quote", i, more=block[0][: cuts[0]]))
            i = j
            continue
        if item:
            indent = len(item.group(1))
            content = item.end()
            j = i + 1
            while j < n:
                nxt = lines[j]
                sub = _LIST_ITEM.match(nxt)
                if (
                    _is_blank_or_marker(nxt)
                    or _FENCE.match(nxt)
                    or _HEADING.match(nxt)
                    or _TABLE_ROW.match(nxt)
                    or (sub and len(sub.group(1)) <= indent)
                ):
                    break
                j += 1
            block = lines[i:j]
            cuts = [content] + [min(_leading(b), content) for b in block[1:]]
            out.append(_unit_or_verbatim(block, cuts, "list item", i, more=" " * content))
            i = j
            continue
        j = i + 1
        while j < n and not _starts_block(lines[j]):
            j += 1
        block = lines[i:j]
        cuts = [_leading(b) for b in block]
        out.append(_unit_or_verbatim(block, cuts, "paragraph", i, more=block[0][: cuts[0]]))
        i = j
    return out


# --- code: comments -------------------------------------------------------------------------


def _comment_columns(code: str) -> dict[int, int]:
    """{line (from 0): column of the comment's ``#``} for every comment in ``code``."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):
        # not Python the tokenizer accepts (an unfinished line, a shell escape): full-line
        # comments only, which cannot be mistaken for code
        return {i: line.index("#") for i, line in enumerate(code.split("\n")) if line.lstrip()
                .startswith("#")}  # fmt: skip
    return {t.start[0] - 1: t.start[1] for t in tokens if t.type == tokenize.COMMENT}


def _comment_text(comment: str) -> tuple[str, str] | None:
    """(hash prefix, words) of a comment worth translating, else None."""
    if comment.strip() in ANSWER_MARKERS:
        return None
    hashes = _COMMENT_HASHES.match(comment)
    prefix = hashes.group(0) if hashes else "#"
    words = comment[len(prefix) :]
    if not has_words(words) or _TECHNICAL_COMMENT.match(words.strip()):
        return None
    return prefix, words


def code_segments(code: str) -> list[Segment]:
    """Cut a code cell into comment units and verbatim code; rendering gives ``code`` back.

    >>> segs = code_segments("# Two lines of one\\n# comment.\\nx = f(1)  # noqa: E501")
    >>> [u.msgid for u in units(segs)]
    ['Two lines of one comment.']
    """
    lines = code.split("\n")
    columns = _comment_columns(code)
    out: list[Segment] = []
    i, n = 0, len(lines)
    while i < n:
        col = columns.get(i)
        found = _comment_text(lines[i][col:]) if col is not None else None
        if found is None:
            out.append(Verbatim(lines[i]))
            i += 1
            continue
        hashes, words = found
        before = lines[i][:col]
        if before.strip():  # an end-of-line comment
            prefix = before + hashes
            out.append(Unit(words.strip(), (prefix,), prefix, "end-of-line comment", i, lines[i],
                            one_line=True))  # fmt: skip
            i += 1
            continue
        texts, prefixes = [words], [before + hashes]
        j = i + 1
        while j < n and columns.get(j) == col and not lines[j][:col].strip():
            nxt = _comment_text(lines[j][col:])
            if nxt is None or nxt[0] != hashes:
                break
            texts.append(nxt[1])
            prefixes.append(lines[j][:col] + hashes)
            j += 1
        original = "\n".join(lines[i:j])
        out.append(Unit(prose(texts), tuple(prefixes), prefixes[0], "comment", i, original))
        i = j
    return out


def cell_segments(cell_type: str, source: str) -> list[Segment]:
    """The segments of a cell: markdown units, comment units in code, raw cells verbatim."""
    if cell_type == "markdown":
        return markdown_segments(source)
    if cell_type == "code":
        return code_segments(source)
    return [Verbatim(source)]
