"""Languages of the course: English source text, Chinese catalogues (中文版).

Text the helpers generate (readings, self-check messages, data-check errors, chart
labels) is written in English in the code and looked up at run time in a gettext
catalogue: ``helpers/locale/<lang>/<domain>.po``, one per domain (``helpers``,
``readings``, ``checks``, ``datacheck``, ``glossary``...). Write every such text as a
literal call, so that it can be extracted into the catalogue::

    tr("{n} customers bring {share} of the revenue", lang, domain="readings", n=n, share=s)
    trn("{n} customer", "{n} customers", n, lang, domain="readings")

A message without a translation, or whose translation is marked fuzzy (its English
changed since it was translated), falls back to English; the tests list every such
message, so the Chinese edition cannot fall behind unnoticed.

The lesson notebooks themselves are translated at build time, not here: their
catalogues live in ``locale/zh/`` at the top of the repository and the Chinese
notebooks in a ``zh/`` folder beside the English ones (:func:`edition_folder`).

>>> tr("{n} customers", "en", n=3)
'3 customers'
>>> trn("{n} customer", "{n} customers", 1, "en")
'1 customer'
>>> edition_folder(Path("notebooks"), "zh").as_posix()
'notebooks/zh'
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

LANGS = ("en", "zh")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "helpers"
#: the subfolder that holds a language's edition of a notebook folder (English: none)
EDITION_SUBFOLDERS = {"en": "", "zh": "zh"}

Translation = str | list[str]


def check_lang(lang: str) -> str:
    """``lang`` when it is a course language, else a clear error.

    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang must be 'en' or 'zh', not 'fr'
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")
    return lang


def edition_folder(folder: Path, lang: str) -> Path:
    """Where the ``lang`` edition of a notebook folder lives: ``folder`` for English,
    ``folder/zh`` for Chinese (notebooks/zh, solutions/zh, exercises/zh)."""
    sub = EDITION_SUBFOLDERS[check_lang(lang)]
    return Path(folder) / sub if sub else Path(folder)


def read_catalogue(path: Path) -> dict[tuple[str | None, str], Translation]:
    """The usable translations of a ``.po`` file: {(context, msgid): msgstr or plural forms}.

    Obsolete entries, fuzzy entries (the English changed since translation) and empty
    translations are left out: for the course they are missing.
    """
    import polib

    found: dict[tuple[str | None, str], Translation] = {}
    for entry in polib.pofile(str(path)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
            if forms and all(forms):
                found[(entry.msgctxt, entry.msgid)] = forms
        elif entry.msgstr:
            found[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return found


@cache
def catalogue(lang: str, domain: str = DOMAIN) -> dict[tuple[str | None, str], Translation]:
    """The translations of ``domain`` for ``lang`` (empty for English or a missing file)."""
    check_lang(lang)
    path = LOCALE_DIR / lang / f"{domain}.po"
    if lang == "en" or not path.exists():
        return {}
    return read_catalogue(path)


def format_fields(text: str) -> set[str]:
    """The ``str.format`` fields of ``text`` (a ``ValueError`` when its braces are broken).

    >>> sorted(format_fields("{n:,} customers, {share} of {{all}}"))
    ['n', 'share']
    """
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _fill(text: str, english: str, lang: str, domain: str, values: dict[str, Any]) -> str:
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        if text == english:
            raise
        raise ValueError(
            f"the {lang} translation of {english!r} in helpers/locale/{lang}/{domain}.po "
            f"does not fit the English text's fields ({type(exc).__name__}: {exc}); "
            f"fix the translation so it uses the same {{fields}}"
        ) from None


def lookup(msgid: str, lang: str, *, context: str | None = None, domain: str = DOMAIN) -> str:
    """The translation of a text that is data, not a literal in the code (a glossary
    meaning): its catalogue is filled by its own extractor, not from ``tr`` calls.

    >>> lookup("number of customers", "en", context="customers", domain="glossary")
    'number of customers'
    """
    text = catalogue(lang, domain).get((context, msgid), msgid) if lang != "en" else msgid
    return text if isinstance(text, str) else text[0]


_LANGUAGE: ContextVar[str] = ContextVar("course_language", default="en")


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Messages given no language (``tr(msgid, None)``) come out in ``lang`` inside the block.

    Loaders raise their errors deep inside a run that knows its language; they write
    ``tr("...", None, ...)`` and the run says which language with this block.

    >>> with language("en"):
    ...     current_language()
    'en'
    """
    token = _LANGUAGE.set(check_lang(lang))
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def current_language() -> str:
    """The language of the innermost :func:`language` block ("en" outside any)."""
    return _LANGUAGE.get()


def tr(
    msgid: str, lang: str | None = "en", /, *, context: str | None = None,
    domain: str = DOMAIN, **values: Any,
) -> str:  # fmt: skip
    """``msgid`` in ``lang``, filled with ``values`` (``str.format`` fields).

    ``lang=None`` means the language of the run (:func:`language`).
    ``domain`` names the catalogue: ``helpers`` (the default), ``checks``, ``readings``...
    ``context`` tells apart two uses of the same English text (gettext's msgctxt).

    >>> tr("{share} of the revenue", "en", context="sentence", share="80%")
    '80% of the revenue'
    """
    lang = lang or current_language()
    text = lookup(msgid, lang, context=context, domain=domain)
    return _fill(text, msgid, lang, domain, values) if values else text


def trn(
    singular: str, plural: str, n: int, lang: str | None = "en", /, *,
    context: str | None = None, domain: str = DOMAIN, **values: Any,
) -> str:  # fmt: skip
    """The singular or plural form for ``n`` in ``lang``; ``n`` is also a format field.

    Chinese has one form (``nplurals=1``), used for every ``n``.

    >>> trn("{n} customer", "{n} customers", 2, "en")
    '2 customers'
    """
    lang = lang or current_language()
    forms = catalogue(lang, domain).get((context, singular)) if lang != "en" else None
    if isinstance(forms, list) and forms:
        text = forms[0] if len(forms) == 1 else forms[0 if n == 1 else 1]
    elif isinstance(forms, str):
        text = forms
    else:
        text = singular if n == 1 else plural
    english = singular if n == 1 else plural
    return _fill(text, english, lang, domain, {"n": n, **values})
