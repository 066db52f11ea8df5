"""Languages of the course's generated text: English source, Chinese catalogue (中文).

Text the helpers generate (readings, self-check messages, data-check errors) is written
in English in the code and looked up in a gettext catalogue for other languages:
``helpers/locale/<lang>/helpers.po`` (edited with polib or any PO editor). A message
without a translation falls back to English; a test lists the missing ones.

>>> tr("{n} customers", "en", n=3)
'3 customers'
>>> trn("{n} customer", "{n} customers", 1, "en")
'1 customer'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

LANGS = ("en", "zh")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "helpers"


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


@cache
def catalogue(lang: str, domain: str = DOMAIN) -> dict[tuple[str | None, str], Any]:
    """The translations of ``domain`` for ``lang``: {(context, msgid): msgstr or plural list}."""
    check_lang(lang)
    path = LOCALE_DIR / lang / f"{domain}.po"
    if lang == "en" or not path.exists():
        return {}
    import polib

    found: dict[tuple[str | None, str], Any] = {}
    for entry in polib.pofile(str(path)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
            if all(forms):
                found[(entry.msgctxt, entry.msgid)] = forms
        elif entry.msgstr:
            found[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return found


def tr(
    msgid: str, lang: str = "en", /, *, context: str | None = None, domain: str = DOMAIN,
    **values: Any,
) -> str:  # fmt: skip
    """``msgid`` in ``lang``, filled with ``values`` (``str.format`` fields).

    ``domain`` names the catalogue: ``helpers`` (the default), ``checks``, ``readings``...
    """
    text = catalogue(lang, domain).get((context, msgid), msgid) if lang != "en" else msgid
    return text.format(**values) if values else text


def trn(
    singular: str, plural: str, n: int, lang: str = "en", /, *, context: str | None = None,
    domain: str = DOMAIN, **values: Any,
) -> str:  # fmt: skip
    """The singular or plural form for ``n`` in ``lang``; ``n`` is also a format field.

    >>> trn("{n} customer", "{n} customers", 2, "en")
    '2 customers'
    """
    forms = catalogue(lang, domain).get((context, singular)) if lang != "en" else None
    if isinstance(forms, list) and forms:
        text = forms[0] if len(forms) == 1 else forms[0 if n == 1 else 1]
    else:
        text = singular if n == 1 else plural
    return text.format(n=n, **values)
