"""The Chinese edition of the notebooks, built from the English sources and the catalogues.

Layout (``Layout``), chosen so that a Chinese notebook sits beside its English twin and
runs the same way:

- ``locale/zh/notebooks/NN_topic.po`` and ``locale/zh/solutions/NN_topic.po``: one
  catalogue per lesson or solution source, at the top of the repository because they
  translate the course's notebooks, not the package (the package's own catalogues,
  which lessons read at run time, are in ``helpers/locale/zh/<domain>.po``);
- ``notebooks/zh/``, ``solutions/zh/`` and ``exercises/zh/``: the Chinese notebooks,
  generated, executed and committed with their outputs like the English ones; the
  exercises are generated from the Chinese solutions by the same generator;
- ``locale/zh/pending.yaml``: the one list of notebooks and message domains whose
  translation has not landed yet; the checks skip exactly those, and say so.

A Chinese notebook differs from its English source only in its markdown, its comments
and the value of ``lang`` in its parameters cell; its code is the same code.
"""

from __future__ import annotations

import copy
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
import polib
import yaml

from helpers.i18n import edition_folder, read_catalogue
from helpers.paths import REPO_ROOT
from helpers.tooling import workbook
from helpers.tooling.catalog import source_files
from helpers.tooling.i18n import catalogues, quality
from helpers.tooling.i18n.catalogues import Entry, Merge
from helpers.tooling.i18n.messages import WORKBOOK_DOMAIN
from helpers.tooling.i18n.units import TranslationError, Unit, Verbatim, cell_segments, units
from helpers.tooling.notebooks import cell_sources, execute, read_source

PARAMETERS_TAG = workbook.PARAMETERS_TAG
_LANG_LINE = re.compile(r"""^(lang\s*=\s*)(["'])[a-z]{2}\2""", re.M)
_CELL_MARKER = re.compile(r"^# %%( |$)")
_PENDING_KEYS = ("notebooks", "solutions", "domains")


@dataclass(frozen=True)
class Layout:
    """Where the sources, catalogues and built notebooks of one language live."""

    root: Path = REPO_ROOT
    lang: str = "zh"

    def sources(self) -> list[Path]:
        """Lesson sources, then solution sources, in course order."""
        return source_files(self.root / "notebooks") + source_files(self.root / "solutions")

    def is_solution(self, source: Path) -> bool:
        return Path(source).parent.name == "solutions"

    def catalogue(self, source: Path) -> Path:
        source = Path(source)
        return self.root / "locale" / self.lang / source.parent.name / f"{source.stem}.po"

    def target(self, source: Path) -> Path:
        source = Path(source)
        return edition_folder(source.parent, self.lang) / f"{source.stem}.ipynb"

    def exercise(self, source: Path) -> Path:
        folder = edition_folder(self.root / "exercises", self.lang)
        return folder / f"{Path(source).stem}.ipynb"

    def domain_catalogue(self, domain: str) -> Path:
        return self.root / "helpers" / "locale" / self.lang / f"{domain}.po"

    def domain_catalogues(self) -> list[Path]:
        return sorted((self.root / "helpers" / "locale" / self.lang).glob("*.po"))

    @property
    def pending_file(self) -> Path:
        return self.root / "locale" / self.lang / "pending.yaml"

    def relative(self, path: Path) -> str:
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def edition_notebooks(self) -> list[Path]:
        """The notebooks of this language's edition that exist now."""
        folders = [self.root / name for name in ("notebooks", "solutions", "exercises")]
        return [p for f in folders for p in sorted(edition_folder(f, self.lang).glob("*.ipynb"))]


def key(source: Path) -> str:
    """How a source is named in the pending list and in messages: ``notebooks/00_course_map``."""
    return f"{Path(source).parent.name}/{Path(source).stem}"


# --- the list of what is not translated yet -------------------------------------------------


@dataclass(frozen=True)
class Pending:
    """Notebooks (``notebooks/NN_topic``) and domains whose translation has not landed."""

    notebooks: frozenset[str]
    domains: frozenset[str]
    path: Path
    where: str = "locale/zh/pending.yaml"

    def reason(self, name: str) -> str:
        return f"{name} is listed as not translated yet in {self.where}"


def read_pending(layout: Layout) -> Pending:
    """The pending list of ``layout`` (empty when the file does not exist)."""
    path = layout.pending_file
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    data = data or {}
    if not isinstance(data, dict) or set(data) - set(_PENDING_KEYS):
        raise TranslationError(
            f"{path}: expected the keys {', '.join(_PENDING_KEYS)}, each with a list of names"
        )
    lists = {k: [str(v) for v in (data.get(k) or [])] for k in _PENDING_KEYS}
    notebooks = {
        f"{folder}/{stem}" for folder in ("notebooks", "solutions") for stem in lists[folder]
    }
    return Pending(frozenset(notebooks), frozenset(lists["domains"]), path, layout.relative(path))


# --- units of a source, with their place ----------------------------------------------------


@dataclass(frozen=True)
class Located:
    """A unit of a notebook source and where it is."""

    unit: Unit
    cell: int
    line: int | None  # line of the unit in the py:percent source, from 1
    parameters: bool  # in the parameters cell (papermill reads its lines)

    def note(self) -> str:
        note = f"cell {self.cell}, {self.unit.kind}"
        if self.parameters:
            note += "; parameters cell: the translation must not contain '='"
        return note


def _cell_lines(text: str, cells: int) -> list[int] | None:
    """The line (from 1) where each cell's body starts in a py:percent source."""
    markers = [i + 1 for i, line in enumerate(text.split("\n")) if _CELL_MARKER.match(line)]
    if len(markers) == cells:
        return [m + 1 for m in markers]
    if len(markers) == cells - 1:
        return [1] + [m + 1 for m in markers]
    return None


def source_units(source: Path) -> list[Located]:
    """Every translatable unit of a lesson or solution source, in order."""
    nb = read_source(Path(source))
    starts = _cell_lines(Path(source).read_text(encoding="utf-8"), len(nb.cells))
    found = []
    for i, cell in enumerate(nb.cells):
        params = PARAMETERS_TAG in cell.metadata.get("tags", [])
        for s in cell_segments(cell.cell_type, cell.source):
            if isinstance(s, Unit):
                line = starts[i] + s.line if starts else None
                found.append(Located(s, i, line, params))
    return found


def source_entries(layout: Layout, source: Path) -> list[Entry]:
    where = layout.relative(source)
    return [Entry(u.unit.msgid, (where, u.line), notes=(u.note(),)) for u in source_units(source)]


# --- updating catalogues --------------------------------------------------------------------


def update_notebook(layout: Layout, source: Path) -> Merge:
    """Merge the units of ``source`` into its catalogue."""
    where = layout.relative(source)
    header = (
        f"# Chinese translation of {where} (中文翻译).\n"
        "# Translate the msgstr lines; the style rules are in locale/README.md."
    )
    fresh = catalogues.template(source_entries(layout, source), header=header)
    return catalogues.update(layout.catalogue(source), fresh, prose=True)


def update_domain(layout: Layout, domain: str, entries: Iterable[Entry]) -> Merge:
    """Merge the messages of ``domain`` into ``helpers/locale/<lang>/<domain>.po``."""
    header = (
        f"# Chinese translations of the course helpers' text, domain {domain!r} (中文翻译).\n"
        "# Translate the msgstr lines; keep every {field}; style rules in locale/README.md."
    )
    fresh = catalogues.template(entries, header=header)
    return catalogues.update(layout.domain_catalogue(domain), fresh, prose=False)


# --- findings: what is missing, stale or wrong ----------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One problem with a translation, where it is and the English it concerns."""

    where: str
    problem: str
    english: str

    def __str__(self) -> str:
        text = f": {excerpt(self.english)}" if self.english else ""
        return f"{self.where}: {self.problem}{text}"


def excerpt(text: str, size: int = 70) -> str:
    """The start of ``text`` on one line, for messages.

    >>> excerpt("A long\\nparagraph of text", 12)
    "'A long para…'"
    """
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= size else flat[: size - 1] + "…")


def _entries(path: Path) -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if not e.obsolete}


_NO_TRANSLATION = (
    "no translation in {} (run `python -m helpers translate update`, then translate it)"
)
_STALE = (
    "stale translation in {}: the English changed since it was translated; "
    "check it and remove the fuzzy mark"
)


def _entry_findings(
    entry: polib.POEntry | None, english: str, where: str, catalogue: str, *, fields: bool
) -> list[Finding]:
    if entry is None:
        return [Finding(where, _NO_TRANSLATION.format(catalogue), english)]
    if "fuzzy" in entry.flags:
        return [Finding(where, _STALE.format(catalogue), english)]
    text = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
    if not text:
        return [Finding(where, f"not translated yet in {catalogue}", english)]
    return [
        Finding(where, problem, english)
        for problem in quality.translation_problems(english, text, fields=fields)
    ]


def notebook_findings(layout: Layout, source: Path) -> list[Finding]:
    """What keeps ``source``'s Chinese edition from being complete and correct."""
    path = layout.catalogue(source)
    catalogue = layout.relative(path)
    if not path.exists():
        fix = "run `python -m helpers translate update`"
        return [Finding(layout.relative(source), f"no catalogue {catalogue}: {fix}", "")]
    entries = _entries(path)
    found = []
    for u in source_units(source):
        where = f"{layout.relative(source)}:{u.line or '?'} (cell {u.cell})"
        entry = entries.get((None, u.unit.msgid))
        problems = _entry_findings(entry, u.unit.msgid, where, catalogue, fields=False)
        if not problems and entry is not None:
            problems = [Finding(where, p, u.unit.msgid) for p in _shape_problems(u, entry.msgstr)]
        found += problems
    return found


def _shape_problems(u: Located, text: str) -> list[str]:
    problems = []
    if u.unit.one_line and "\n" in text.strip("\n"):
        problems.append(f"the translation of this {u.unit.kind} must be one line")
    if u.parameters and u.unit.kind.endswith("comment") and "=" in text:
        problems.append("a comment in the parameters cell must not contain '=' (papermill)")
    return problems


def domain_findings(layout: Layout, domain: str, entries: Iterable[Entry]) -> list[Finding]:
    """What is missing, stale or wrong in ``domain``'s catalogue for ``entries``."""
    path = layout.domain_catalogue(domain)
    catalogue = layout.relative(path)
    present = _entries(path) if path.exists() else {}
    found = []
    seen = set()
    for e in entries:
        if (e.context, e.msgid) in seen:
            continue
        seen.add((e.context, e.msgid))
        where = f"{e.where[0]}:{e.where[1] or '?'}"
        entry = present.get((e.context, e.msgid))
        found += _entry_findings(entry, e.msgid, where, catalogue, fields=True)
    return found


# --- building the Chinese notebooks ---------------------------------------------------------


def translate_cells(
    nb: nbformat.NotebookNode,
    lookup: Callable[[str], str | None],
    *,
    where: str,
    strict: bool = True,
) -> nbformat.NotebookNode:
    """A copy of ``nb`` with every unit replaced by its translation.

    ``strict``: a unit without translation is an error (listed with the others);
    otherwise it stays in English.
    """
    nb = copy.deepcopy(nb)
    problems = []
    for i, cell in enumerate(nb.cells):
        params = PARAMETERS_TAG in cell.metadata.get("tags", [])
        parts = []
        for s in cell_segments(cell.cell_type, cell.source):
            if isinstance(s, Verbatim):
                parts.append(s.text)
                continue
            text = lookup(s.msgid)
            if text is None:
                if strict:
                    problems.append(f"cell {i}: no translation for {excerpt(s.msgid)}")
                parts.append(s.original)
                continue
            if params and s.kind.endswith("comment") and "=" in text:
                problems.append(f"cell {i}: the parameters cell's comments must not contain '='")
            try:
                parts.append(s.render(text))
            except TranslationError as exc:
                problems.append(f"cell {i}: {exc}: {excerpt(s.msgid)}")
                parts.append(s.original)
        cell.source = "\n".join(parts)
    if problems:
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise TranslationError(
            f"{where}: {len(problems)} unit(s) cannot be translated:\n{shown}{more}\n"
            "See `python -m helpers translate status` and locale/README.md."
        )
    return nb


def set_lang(nb: nbformat.NotebookNode, lang: str, *, where: str) -> nbformat.NotebookNode:
    """Set ``lang`` in the parameters cell of ``nb`` (in place); an error when there is none."""
    for cell in nb.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.metadata.get("tags", []):
            source, count = _LANG_LINE.subn(rf'\g<1>"{lang}"', cell.source, count=1)
            if count:
                cell.source = source
                return nb
    raise TranslationError(f"{where}: no `lang = ...` line in a cell tagged 'parameters'")


def _lookup(path: Path) -> Callable[[str], str | None]:
    found = read_catalogue(path) if path.exists() else {}

    def lookup(msgid: str) -> str | None:
        text = found.get((None, msgid))
        return text if isinstance(text, str) else None

    return lookup


def edition_notebook(layout: Layout, source: Path) -> nbformat.NotebookNode:
    """The Chinese notebook of ``source``, not executed (an error lists what is missing)."""
    source = Path(source)
    where = layout.relative(source)
    catalogue = layout.catalogue(source)
    if not catalogue.exists():
        raise TranslationError(
            f"{where}: no catalogue {layout.relative(catalogue)}; run "
            "`python -m helpers translate update` and translate it"
        )
    nb = translate_cells(read_source(source), _lookup(catalogue), where=where)
    set_lang(nb, layout.lang, where=where)
    nb.metadata.pop("jupytext", None)  # generated: not paired with a py:percent file
    nb.metadata["edition"] = {
        "lang": layout.lang,
        "source": where,
        "catalogue": layout.relative(catalogue),
    }
    return nb


def edition_exercise(layout: Layout, source: Path, solution: nbformat.NotebookNode):
    """The Chinese exercise, generated from the Chinese solution by the workbook generator,
    with the generator's own text (the answer prompt, the stub comment) in Chinese."""
    where = layout.relative(source)
    with tempfile.TemporaryDirectory() as folder:
        copy_path = Path(folder) / Path(source).name
        plain = copy.deepcopy(solution)
        plain.metadata = nbformat.from_dict({})
        jupytext.write(plain, copy_path, fmt="py:percent")
        if cell_sources(read_source(copy_path)) != cell_sources(solution):
            raise TranslationError(
                f"{where}: the Chinese solution changes when written as py:percent"
            )
        nb = workbook.generate(copy_path)
    for english, chinese in generator_text(layout).items():
        for cell in nb.cells:
            cell.source = cell.source.replace(english, chinese)
    nb.metadata["workbook"]["source"] = where
    nb.metadata["workbook"]["lang"] = layout.lang
    nb.metadata["workbook"]["fingerprint"] = workbook.fingerprint(nb)
    return nb


def generator_text(layout: Layout) -> dict[str, str]:
    """{English: Chinese} for the text the exercise generator writes, as it stands in a cell."""
    path = layout.domain_catalogue(WORKBOOK_DOMAIN)
    lookup = _lookup(path)
    pairs, missing = {}, []
    for english, cell_type, before in (
        (workbook.ANSWER_PROMPT, "markdown", ""),
        (workbook.STUB_COMMENT, "code", "answer = None  "),
    ):
        for unit in units(cell_segments(cell_type, before + english)):
            text = lookup(unit.msgid)
            if text is None:
                missing.append(unit.msgid)
            else:
                pairs[english] = unit.render(text)[len(before) :]
    if missing:
        raise TranslationError(
            f"the exercise generator's text {missing} has no translation in "
            f"{layout.relative(path)}: run `python -m helpers translate update` and translate it"
        )
    return pairs


def build(layout: Layout, source: Path, *, run: bool = True, force: bool = False) -> list[str]:
    """Write the Chinese notebook of ``source`` (executed when ``run``) and, for a
    solution, its Chinese exercise; return what was written."""
    nb = edition_notebook(layout, source)
    target = layout.target(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    if run:
        nb = execute(nb, target.parent)
    nbformat.write(nb, target)
    done = [f"built     {layout.relative(target)}"]
    if layout.is_solution(source):
        written = workbook.write_copy(
            edition_exercise(layout, source, edition_notebook(layout, source)),
            layout.exercise(source),
            force=force,
        )
        done.append(f"{written.action:<9} {layout.relative(written.path)}")
    return done


def out_of_sync(layout: Layout, source: Path) -> list[str]:
    """Why the committed Chinese notebooks of ``source`` differ from what a build writes
    now (cells only for executed notebooks, the whole notebook for exercises)."""
    where = layout.relative(source)
    try:
        want = edition_notebook(layout, source)
        exercise = edition_exercise(layout, source, want) if layout.is_solution(source) else None
    except TranslationError as exc:
        return [str(exc)]
    problems = []
    target = layout.target(source)
    if not target.exists():
        problems.append(f"{layout.relative(target)} is missing")
    else:
        have = nbformat.read(target, as_version=4)
        problems += _differences(cell_sources(want), cell_sources(have), layout.relative(target))
    if exercise is not None:
        path = layout.exercise(source)
        if not path.exists():
            problems.append(f"{layout.relative(path)} is missing")
        elif nbformat.writes(exercise) != nbformat.writes(nbformat.read(path, as_version=4)):
            problems.append(f"{layout.relative(path)} differs from the exercise generated now")
    return [f"{p}: run `python -m helpers translate build {where}`" for p in problems]


def _differences(want: list, have: list, name: str) -> list[str]:
    if want == have:
        return []
    for i, (w, h) in enumerate(zip(want, have, strict=False)):
        if w != h:
            return [f"{name} cell {i} differs from its source and catalogue"]
    return [f"{name} has {len(have)} cells, the build gives {len(want)}"]


def orphans(layout: Layout, pending: Pending) -> list[str]:
    """Chinese notebooks with no translated source behind them (to delete)."""
    built = {layout.target(s) for s in layout.sources() if key(s) not in pending.notebooks}
    built |= {
        layout.exercise(s)
        for s in layout.sources()
        if layout.is_solution(s) and key(s) not in pending.notebooks
    }
    return [layout.relative(p) for p in layout.edition_notebooks() if p not in built]


def english_cells(layout: Layout, path: Path) -> list[str]:
    """The markdown of a Chinese notebook that reads as English, cell by cell, named."""
    nb = nbformat.read(path, as_version=4)
    name = layout.relative(path)
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        share = quality.chinese_share(cell.source)
        english = quality.english_paragraphs(cell.source)
        if english or (share is not None and share < quality.CHINESE_SHARE):
            shown = excerpt(english[0]) if english else excerpt(cell.source)
            found.append(f"{name} cell {i} reads as English (Chinese share {share}): {shown}")
    return found
