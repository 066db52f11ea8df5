"""The helpers' generated text: every ``tr``/``trn`` message, by catalogue domain.

Messages are extracted with Babel's Python extractor (keywords ``tr`` and ``trn``, with
``# TRANSLATORS:`` comments for the translator) from the helpers package and from the
lesson and solution sources. Babel does not read keyword arguments, so the ``domain=``
and ``context=`` of each call are read from the syntax tree; a call whose English, domain
or context is not a literal string cannot be extracted and is reported instead.

Three kinds of text come from elsewhere: the glossary's meanings (domain ``glossary``, one
message per term, the term's key as context; the English and Chinese terms themselves
stay in :mod:`helpers.glossary`, the one place for terms), the meanings of the
parameter-file keys (domain ``parameters``, the key as context; the keys and meanings stay
in :mod:`helpers.params`) and the text the exercise generator writes into every exercise
(domain ``workbook``).
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from babel.messages.extract import extract_python

from helpers import glossary, params
from helpers.i18n import DOMAIN
from helpers.paths import REPO_ROOT
from helpers.tooling import workbook
from helpers.tooling.catalog import source_files
from helpers.tooling.i18n.catalogues import Entry
from helpers.tooling.i18n.units import code_segments, markdown_segments, units

KEYWORDS = {"tr": (1,), "trn": (1, 2), "say": (1,), "say_n": (1, 2)}
#: calls whose catalogue is fixed by the function (``helpers.readings.words.say``/``say_n``)
FIXED_DOMAINS = {"say": "readings", "say_n": "readings"}
PLURAL_KEYWORDS = ("trn", "say_n")
#: the self-checks (helpers/checks) mark their messages with ``N_`` where they are written
#: and translate them when shown (``helpers.checks.messages.say``): in that package ``N_``
#: and ``say`` belong to the checks catalogue, and a call that passes a marked message on
#: (a variable) is not a problem
CHECKS_PACKAGE = "helpers/checks/"
CHECKS_KEYWORDS = {"tr": (1,), "trn": (1, 2), "say": (1,), "N_": (1,)}
CHECKS_DOMAINS = {"say": "checks", "N_": "checks"}
COMMENT_TAGS = ("TRANSLATORS:",)
GLOSSARY_DOMAIN = "glossary"
PARAMETERS_DOMAIN = "parameters"
WORKBOOK_DOMAIN = "workbook"


@dataclass(frozen=True)
class Call:
    """A ``tr``/``trn`` call as the syntax tree shows it."""

    first: int
    last: int
    msgid: str | None
    domain: str | None  # None: not a literal
    context: str | None
    literal: bool  # English, domain and context all literal strings


def _literal(node: ast.AST | None) -> tuple[bool, str | None]:
    if node is None:
        return True, None
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, str)):
        return True, node.value
    return False, None


def translation_calls(
    tree: ast.AST,
    keywords_of: dict[str, tuple[int, ...]] | None = None,
    fixed: dict[str, str] | None = None,
) -> list[Call]:
    """Every call of ``tr``/``trn`` (or ``something.tr``) in ``tree``."""
    keywords_of = KEYWORDS if keywords_of is None else keywords_of
    fixed = FIXED_DOMAINS if fixed is None else fixed
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name not in keywords_of:
            continue
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        texts = [_literal(a) for a in node.args[: len(keywords_of[name])]]
        enough = len(texts) == len(keywords_of[name])
        ok_text = enough and all(ok and value is not None for ok, value in texts)
        ok_domain, domain = _literal(keywords.get("domain"))
        ok_context, context = _literal(keywords.get("context"))
        calls.append(
            Call(
                node.lineno,
                node.end_lineno or node.lineno,
                texts[0][1] if texts else None,
                fixed.get(name) or ((domain or DOMAIN) if ok_domain else None),
                context,
                ok_text and ok_domain and ok_context,
            )
        )
    return calls


def python_messages(path: Path, root: Path = REPO_ROOT) -> tuple[dict[str, list[Entry]], list[str]]:
    """({domain: entries}, problems) for the ``tr``/``trn`` calls in one Python file."""
    path = Path(path)
    where = _relative(path, root)
    text = path.read_text(encoding="utf-8")
    in_checks = where.startswith(CHECKS_PACKAGE)
    keywords_of = CHECKS_KEYWORDS if in_checks else KEYWORDS
    fixed = CHECKS_DOMAINS if in_checks else FIXED_DOMAINS
    if not any(f"{k}(" in text for k in keywords_of):
        return {}, []
    try:
        calls = translation_calls(ast.parse(text), keywords_of, fixed)
    except SyntaxError as exc:
        return {}, [f"{where}:{exc.lineno}: cannot be read as Python, so its messages are unknown"]
    problems = [
        f"{where}:{c.first}: the English text, domain and context of a tr()/trn() call must be "
        "literal strings so the call can be extracted for translation"
        for c in calls
        if not c.literal and not in_checks
    ]
    found: dict[str, list[Entry]] = defaultdict(list)
    with open(path, "rb") as f:
        for lineno, _name, strings, comments in extract_python(f, keywords_of, COMMENT_TAGS, {}):
            if strings is None:
                continue
            msgid = strings if isinstance(strings, str) else strings[0]
            plural = (
                strings[1] if _name in PLURAL_KEYWORDS and not isinstance(strings, str) else None
            )
            if msgid is None:
                continue
            call = next(
                (
                    c
                    for c in calls
                    if c.literal and c.msgid == msgid and c.first <= lineno <= c.last
                ),
                None,
            )
            if call is None:
                continue
            notes = tuple(c.removeprefix("TRANSLATORS:").strip() for c in comments)
            found[call.domain].append(Entry(msgid, (where, lineno), plural, call.context, notes))
    return dict(found), problems


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).name


def code_files(root: Path = REPO_ROOT) -> list[Path]:
    """The files whose ``tr``/``trn`` calls are extracted: the package and the notebook sources."""
    root = Path(root)
    package = sorted((root / "helpers").rglob("*.py"))
    return package + source_files(root / "notebooks") + source_files(root / "solutions")


def glossary_entries() -> list[Entry]:
    """One entry per glossary term: the English meaning, with the term's key as context."""
    path = Path(glossary.__file__)
    text = path.read_text(encoding="utf-8")
    lines = {
        m.group(1): text.count("\n", 0, m.start()) + 1
        for m in re.finditer(r'^\s*"(\w+)":\s*\(', text, re.M)
    }
    where = _relative(path, REPO_ROOT)
    return [
        Entry(meaning, (where, lines.get(key)), context=key, notes=(f"{english} = {chinese}",))
        for key, (english, chinese, meaning) in glossary.TERMS.items()
    ]


def parameter_entries() -> list[Entry]:
    """One entry per parameter-file key (:data:`helpers.params.PARAMETERS`, then
    :data:`helpers.params.DATA_OPTIONS`): its English meaning, with the key as context."""
    path = Path(params.__file__)
    text = path.read_text(encoding="utf-8")
    lines = {
        m.group(1): text.count("\n", 0, m.start()) + 1
        for m in re.finditer(r'(?:Parameter|DataOption)\(\s*"(\w+)"', text)
    }
    where = _relative(path, REPO_ROOT)
    keys = [*params.PARAMETERS.values(), *params.DATA_OPTIONS.values()]
    return [
        Entry(k.help, (where, lines.get(k.name)), context=k.name, notes=(f"the key {k.name}",))
        for k in keys
    ]


def workbook_entries() -> list[Entry]:
    """The text the exercise generator writes into exercises: the answer prompt and the
    comment beside each stub (translated when the Chinese exercises are generated)."""
    path = Path(workbook.__file__)
    where = _relative(path, REPO_ROOT)
    text = path.read_text(encoding="utf-8")
    prompt = units(markdown_segments(workbook.ANSWER_PROMPT))
    comment = units(code_segments(f"answer = None  {workbook.STUB_COMMENT}"))
    return [
        Entry(u.msgid, (where, _line_of(text, name)), notes=(note,))
        for u, name, note in [
            *[(u, "ANSWER_PROMPT", "replaces a written answer in an exercise") for u in prompt],
            *[(u, "STUB_COMMENT", "beside each line a student completes") for u in comment],
        ]
    ]


def _line_of(text: str, name: str) -> int | None:
    found = re.search(rf"^{name}\s*=", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else None


def helpers_messages(
    files: list[Path] | None = None, root: Path = REPO_ROOT
) -> tuple[dict[str, list[Entry]], list[str]]:
    """({domain: entries}, problems) for the whole course: ``tr``/``trn`` calls, the
    glossary's meanings and the exercise generator's text."""
    found: dict[str, list[Entry]] = defaultdict(list)
    problems: list[str] = []
    for path in code_files(root) if files is None else files:
        messages, trouble = python_messages(path, root)
        problems += trouble
        for domain, entries in messages.items():
            found[domain] += entries
    found[GLOSSARY_DOMAIN] += glossary_entries()
    found[PARAMETERS_DOMAIN] += parameter_entries()
    found[WORKBOOK_DOMAIN] += workbook_entries()
    return dict(found), problems
