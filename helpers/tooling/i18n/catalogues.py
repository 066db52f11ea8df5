"""Message catalogues (gettext ``.po`` files): written and merged with Babel.

:func:`update` merges the units extracted now into an existing catalogue the way
``msgmerge`` does: a unit whose English changed keeps its old translation as a
suggestion but is marked *fuzzy* (the course treats it as missing until a translator
checks it and removes the mark), a unit that left the source becomes *obsolete*
(``#~``, kept for reference), a new unit arrives empty. References (``#: file:line``)
and a comment naming the cell locate each unit; a translator's own comments are kept.

Files are written without the placeholders and dates that would change at every run,
so updating twice changes nothing.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

LOCALE = "zh_CN"
PROJECT = "customer-course"
WIDTH = 100
#: header lines Babel writes with placeholder or run-dependent values
_DROPPED_HEADERS = ('"Report-Msgid-Bugs-To:', '"POT-Creation-Date:', '"Generated-By:')
_PLACEHOLDERS = ("EMAIL@ADDRESS", "YEAR-MO-DA", "LL@li.org")
#: flags Babel guesses from the text; notebook prose is no format string ("80% of" is not %o)
_GUESSED_FLAGS = {"python-format", "python-brace-format"}


@dataclass(frozen=True)
class Entry:
    """One message to put in a catalogue: its English, where it is and a note for translators."""

    msgid: str
    where: tuple[str, int | None]
    plural: str | None = None
    context: str | None = None
    notes: tuple[str, ...] = ()


@dataclass
class Merge:
    """What :func:`update` did to one catalogue."""

    path: Path
    created: bool = False
    changed: bool = False
    new: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    obsolete: list[str] = field(default_factory=list)

    def summary(self) -> str:
        state = "created" if self.created else "updated" if self.changed else "unchanged"
        return (
            f"{state:<9} {self.path}: {len(self.new)} new, {len(self.fuzzy)} to check (fuzzy), "
            f"{len(self.obsolete)} obsolete"
        )


def template(entries: Iterable[Entry], *, header: str) -> Catalog:
    """A catalogue holding ``entries`` with empty translations (gettext's ``.pot``)."""
    catalog = _new(header)
    for e in entries:
        catalog.add(
            (e.msgid, e.plural) if e.plural is not None else e.msgid,
            locations=[e.where],
            auto_comments=list(e.notes),
            context=e.context,
        )
    return catalog


def _new(header: str) -> Catalog:
    return Catalog(
        locale=LOCALE,
        project=PROJECT,
        version=_version(),
        header_comment=header,
        fuzzy=False,
        charset="utf-8",
    )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("customer-course-helpers")
    except PackageNotFoundError:
        return "0"


def read(path: Path) -> Catalog:
    """The catalogue in ``path`` (obsolete entries included)."""
    with open(path, "rb") as f:
        return read_po(f, locale=LOCALE, charset="utf-8")


def po_text(catalog: Catalog, *, prose: bool) -> str:
    """The ``.po`` text of ``catalog``, stable from run to run.

    ``prose`` drops the format flags Babel guesses (notebook text is not a format string).
    """
    if prose:
        for message in list(catalog) + list(catalog.obsolete.values()):
            if message.id:
                message.flags -= _GUESSED_FLAGS
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_previous=True)
    text = buffer.getvalue().decode("utf-8")
    head, sep, body = text.partition("\n\n")
    kept = [
        line
        for line in head.split("\n")
        if not line.startswith(_DROPPED_HEADERS) and not any(p in line for p in _PLACEHOLDERS)
    ]
    return "\n".join(kept) + sep + body


def update(path: Path, fresh: Catalog, *, prose: bool) -> Merge:
    """Merge the template ``fresh`` into the catalogue at ``path`` (created if missing)."""
    path = Path(path)
    merge = Merge(path)
    ids = {_key(m) for m in fresh if m.id}
    if path.exists():
        old_text = path.read_text(encoding="utf-8")
        catalog = read(path)
        before = {_key(m) for m in catalog if m.id}
        was_obsolete = set(catalog.obsolete)
        catalog.update(fresh, update_creation_date=False)
        catalog.header_comment = fresh.header_comment
        catalog.project, catalog.version = fresh.project, fresh.version
        merge.new = [k[0] for k in ids if k not in before]
        merge.obsolete = [_key(m)[0] for k, m in catalog.obsolete.items() if k not in was_obsolete]
    else:
        old_text = None
        catalog, merge.created = fresh, True
        merge.new = [k[0] for k in ids]
    merge.fuzzy = [m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.fuzzy and m.id]
    merge.new = [m for m in merge.new if m not in merge.fuzzy]
    text = po_text(catalog, prose=prose)
    if text != old_text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        merge.changed = True
    return merge


def _key(message) -> tuple[str, str | None]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return msgid, message.context
