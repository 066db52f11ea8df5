"""Output folders of course runs: only our own folders are ever replaced (输出文件夹).

A run (``rerun``, ``course``, ``solutions``) writes into ``<out>.partial/`` and renames
it to ``<out>`` when every notebook has run. The first file it writes is a marker,
:data:`MARKER`, that names the run and, once the run is complete, every file the run
wrote with its checksum. That marker is what makes a folder *ours*:

- an existing ``<out>`` is replaced only when asked (``--force``) **and** it is ours
  **and** it holds nothing the run did not write (a trainer's notes, an edited report);
- an existing ``<out>.partial`` is continued (``--resume``) or started again
  (``--force``) only when it is ours;
- ``--out`` may not be a file, a symbolic link, the data or a folder holding it, the
  repository (or a folder inside it other than ``build/``, which git ignores), the home
  folder or a folder above it.

Every refusal is a :class:`FolderRefused` carrying a :class:`~helpers.schema.Problem`
that says what is wrong and what to do, in the language of the command (``lang``).

>>> import tempfile
>>> base = Path(tempfile.mkdtemp())
>>> (base / "notes").mkdir()
>>> check_output_folder(base / "notes", replace=True)
Traceback (most recent call last):
...
helpers.tooling.folders.FolderRefused: error: ... was not written by a course run...
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.i18n import tr
from helpers.paths import BUILD_DIR, REPO_ROOT
from helpers.schema import Problem

#: the file that marks a folder as written by a course run (and lists what it wrote)
MARKER = ".course-run.json"
MADE_BY = "customer-course run"
#: files an earlier run (one that wrote summary.json but no marker) may hold besides reports
_LEGACY_FILES = ("index.html", "summary.json")


class FolderRefused(FileExistsError):
    """An output folder the course will not write into or replace; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.line)
        self.problem = problem


def _refuse(what: str, where: Path | str, fix: str) -> FolderRefused:
    return FolderRefused(Problem("error", "output_folder", what, str(where), fix))


def partial_folder(out: Path) -> Path:
    """Where a run into ``out`` is written until it is complete.

    >>> partial_folder(Path("/tmp/reports")).name
    'reports.partial'
    """
    return out.with_name(out.name + ".partial")


# --- where --out may be -----------------------------------------------------------------------


#: what each protected place is: the data, the repository, the home folder
DATA, REPOSITORY, HOME = "data", "repository", "home"


def protected_places(data: Iterable[str | Path] = ()) -> list[tuple[Path, str]]:
    """The places ``--out`` must not be, contain or (for the data) lie inside, with their
    kind (:data:`DATA`, :data:`REPOSITORY`, :data:`HOME`)."""
    places = [(Path(p).expanduser().resolve(), DATA) for p in data]
    places += [(REPO_ROOT.resolve(), REPOSITORY)]
    places += [(Path.home().resolve(), HOME)]
    return places


def _place_name(kind: str, lang: str) -> str:
    if kind == DATA:
        return tr("the data of the run", lang, domain="reports")
    if kind == REPOSITORY:
        return tr("the course repository", lang, domain="reports")
    return tr("your home folder", lang, domain="reports")


def _inside(path: Path, folder: Path) -> bool:
    return path != folder and folder in path.parents


def check_location(out: str | Path, *, data: Iterable[str | Path] = (), lang: str = "en") -> Path:
    """``out`` resolved, or :class:`FolderRefused` when it is a place no run may write to.

    ``data`` are the files and folders the run reads (data, mapping, parameter file);
    ``lang`` is the language of the refusal.

    >>> check_location(Path.home())
    Traceback (most recent call last):
    ...
    helpers.tooling.folders.FolderRefused: error: --out is your home folder...
    >>> check_location(Path.home(), lang="zh")
    Traceback (most recent call last):
    ...
    helpers.tooling.folders.FolderRefused: error: --out 是你的主文件夹...
    """
    given = Path(out).expanduser()
    if given.is_symlink():
        raise _refuse(
            tr("--out is a symbolic link", lang, domain="reports"),
            given,
            tr(
                "give the real folder, or a new folder name for the reports", lang, domain="reports"
            ),
        )
    target = given.resolve()
    if target.exists() and not target.is_dir():
        raise _refuse(
            tr("--out is a file, not a folder", lang, domain="reports"),
            target,
            tr("give a new folder name for the reports, for example --out reports/my-company",
               lang, domain="reports"),
        )  # fmt: skip
    for place, kind in protected_places(data):
        name = _place_name(kind, lang)
        if target == place:
            raise _refuse(
                tr("--out is {place}", lang, domain="reports", place=name),
                target,
                tr("give a new folder for the reports, for example --out ~/reports/my-company",
                   lang, domain="reports"),
            )  # fmt: skip
        if _inside(place, target):
            raise _refuse(
                tr("--out contains {place} ({path})", lang, domain="reports", place=name,
                   path=place),
                target,
                tr("give a new folder for the reports", lang, domain="reports"),
            )  # fmt: skip
        if kind == DATA and _inside(target, place):
            raise _refuse(
                tr("--out lies inside {place} ({path})", lang, domain="reports", place=name,
                   path=place),
                target,
                tr("keep the reports apart from the data: give a folder outside it",
                   lang, domain="reports"),
            )  # fmt: skip
    repo = REPO_ROOT.resolve()
    build = BUILD_DIR.resolve()
    if _inside(target, repo) and not (target == build or _inside(target, build)):
        raise _refuse(
            tr("--out lies inside the course repository, where reports about your company "
               "could be committed by mistake", lang, domain="reports"),
            target,
            tr("write them under {build} (ignored by git) or outside the repository",
               lang, domain="reports", build=build),
        )  # fmt: skip
    if target == build:
        raise _refuse(
            tr("--out is the build folder itself", lang, domain="reports"),
            target,
            tr("give a folder inside it", lang, domain="reports"),
        )
    return target


# --- is a folder ours? ------------------------------------------------------------------------


def read_marker(folder: Path) -> dict[str, Any] | None:
    """The marker of a course run in ``folder``, or None when there is none (or it is not ours).

    >>> read_marker(Path(tempfile.mkdtemp())) is None
    True
    """
    try:
        marker = json.loads((Path(folder) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) and marker.get("made_by") == MADE_BY else None


def write_marker(folder: Path, marker: Mapping[str, Any]) -> None:
    """Write ``marker`` into ``folder`` atomically (a reader never sees half a file)."""
    folder = Path(folder)
    text = json.dumps({**marker, "made_by": MADE_BY}, indent=1, sort_keys=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=MARKER, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, folder / MARKER)


def _legacy_run(folder: Path) -> set[str] | None:
    """Files an earlier run that wrote only ``summary.json`` made, or None if not such a run."""
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        notebooks = [Path(n["notebook"]) for n in summary["notebooks"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    files = set(_LEGACY_FILES)
    for n in notebooks:
        files |= {n.as_posix(), n.with_suffix(".html").as_posix()}
    return files


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (read in blocks)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if (p.is_file() or p.is_symlink()) and p.name != MARKER
    )


def manifest(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` (but the marker) with its checksum."""
    return {name: file_digest(folder / name) for name in _files(folder)}


def is_ours(folder: Path) -> bool:
    """True when ``folder`` was written by a course run (its marker, or an earlier run's
    ``summary.json``)."""
    return read_marker(folder) is not None or _legacy_run(Path(folder)) is not None


def not_written_by_the_run(folder: Path) -> list[str]:
    """Files in one of our folders that the run did not write, or changed since.

    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "index.html").write_text("report")
    >>> write_marker(folder, {"files": manifest(folder)})
    >>> _ = (folder / "notes.txt").write_text("mine")
    >>> not_written_by_the_run(folder)
    ['notes.txt']
    """
    folder = Path(folder)
    marker = read_marker(folder)
    if marker is not None and isinstance(marker.get("files"), dict):
        wrote = marker["files"]
        return [n for n in _files(folder) if n not in wrote or file_digest(folder / n) != wrote[n]]
    legacy = _legacy_run(folder) or set()
    return [n for n in _files(folder) if n not in legacy]


# --- the checks a run makes before it writes anything -----------------------------------------


@dataclass(frozen=True)
class OutputPlan:
    """Where a run writes: the final folder and its ``.partial`` twin."""

    out: Path
    partial: Path


def check_output_folder(
    out: str | Path,
    *,
    replace: bool = False,
    resume: bool = False,
    data: Iterable[str | Path] = (),
    lang: str = "en",
) -> OutputPlan:
    """Refuse any output folder a run must not write into or replace; return the plan.

    ``replace`` (``--force``) allows replacing an earlier run's folder and starting an
    interrupted run again; ``resume`` (``--resume``) allows continuing an interrupted run.
    ``lang`` is the language of a refusal.
    """
    target = check_location(out, data=data, lang=lang)
    if target.exists():
        if not is_ours(target):
            raise _refuse(
                tr("--out already exists and was not written by a course run",
                   lang, domain="reports"),
                target,
                tr("choose a new folder for the reports, or move this one away: the course "
                   "replaces only folders an earlier run wrote", lang, domain="reports"),
            )  # fmt: skip
        if not replace:
            raise _refuse(
                tr("--out already holds an earlier run", lang, domain="reports"),
                target,
                tr(
                    "choose a new folder, or add --force to replace that run",
                    lang,
                    domain="reports",
                ),
            )
        foreign = not_written_by_the_run(target)
        if foreign:
            raise _refuse(
                tr("--out holds {n} file(s) the earlier run did not write or that were "
                   "changed since: {files}", lang, domain="reports", n=len(foreign),
                   files=_listing(foreign, lang=lang)),
                target,
                tr("move those files out of the folder (or choose a new folder); --force never "
                   "deletes them", lang, domain="reports"),
            )  # fmt: skip
    partial = partial_folder(target)
    _check_writable(partial, lang)
    move_it = tr("move or rename it, then run the command again", lang, domain="reports")
    if partial.is_symlink() or (partial.exists() and not partial.is_dir()):
        raise _refuse(
            tr("the run's working folder exists and is not a folder", lang, domain="reports"),
            partial,
            move_it,
        )
    if partial.exists():
        if read_marker(partial) is None:
            raise _refuse(
                tr("the run's working folder already exists and was not made by a course run",
                   lang, domain="reports"),
                partial,
                move_it,
            )  # fmt: skip
        if not (replace or resume):
            raise _refuse(
                tr("an interrupted run is in the working folder", lang, domain="reports"),
                partial,
                tr("add --resume to finish it, or --force to start again (its reports are lost)",
                   lang, domain="reports"),
            )  # fmt: skip
    return OutputPlan(target, partial)


def _check_writable(path: Path, lang: str = "en") -> None:
    """Refuse early when the run could not create ``path`` (a read-only place)."""
    existing = next(p for p in (path, *path.parents) if p.exists())
    folder = existing if existing.is_dir() else existing.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FolderRefused(
            Problem(
                "error",
                "permission",
                tr(
                    "permission denied: the reports cannot be written there", lang, domain="reports"
                ),
                str(folder),
                tr(
                    "choose a folder you may write to (for --out), for example "
                    "~/reports/my-company",
                    lang,
                    domain="reports",
                ),
            )  # fmt: skip
        )


def _listing(names: list[str], limit: int = 5, *, lang: str = "en") -> str:
    """The first ``limit`` names, and how many more there are.

    >>> _listing(list("abcdefg")), _listing(list("abcdefg"), lang="zh")
    ('a, b, c, d, e and 2 more', 'a、b、c、d、e，另有 2 个')
    """
    if len(names) <= limit:
        return _joined(names, lang)
    return tr("{names} and {n} more", lang, domain="reports", names=_joined(names[:limit], lang),
              n=len(names) - limit)  # fmt: skip


def _joined(names: list[str], lang: str) -> str:
    """Names joined with the language's list separator (Chinese: the enumeration comma 、)."""
    return ("、" if lang == "zh" else ", ").join(names)


def open_partial(
    plan: OutputPlan, key: str, *, replace: bool = False, resume: bool = False, lang: str = "en"
) -> dict[str, dict[str, Any]]:
    """Create (or reopen) the working folder; return what an interrupted run finished.

    ``key`` identifies the run (its notebooks, data and parameters): an interrupted run
    is resumed only with the same key. ``lang`` is the language of a refusal.
    """
    partial = plan.partial
    if partial.exists():
        marker = read_marker(partial)
        if marker is None:  # checked before; the folder changed under us
            raise _refuse(
                tr("the working folder is not a course run's", lang, domain="reports"),
                partial,
                tr("move it away", lang, domain="reports"),
            )
        if resume and marker.get("key") == key:
            finished = marker.get("finished") or {}
            return {
                k: v
                for k, v in finished.items()
                if v.get("status") == "ok" and (partial / k).exists()
            }
        if resume and not replace:
            raise _refuse(
                tr("the interrupted run used other data, parameters or notebooks",
                   lang, domain="reports"),
                partial,
                tr("run it again with the options it was started with, or add --force to "
                   "start again", lang, domain="reports"),
            )  # fmt: skip
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    write_marker(partial, {"key": key, "finished": {}})
    return {}


def record_finished(partial: Path, name: str, result: Mapping[str, Any]) -> None:
    """Note in the marker that one notebook of the run has finished (for ``--resume``)."""
    marker = read_marker(partial) or {}
    finished = dict(marker.get("finished") or {})
    finished[name] = dict(result)
    write_marker(partial, {**marker, "finished": finished})


def publish(plan: OutputPlan, *, replace: bool = False, lang: str = "en") -> None:
    """Move the complete run into place; an earlier run there is removed only if ours.

    ``lang`` is the language of a refusal."""
    partial, out = plan.partial, plan.out
    marker = read_marker(partial) or {}
    write_marker(partial, {"key": marker.get("key"), "files": manifest(partial)})
    if not out.exists():
        partial.rename(out)
        return
    if not replace or not is_ours(out) or not_written_by_the_run(out):
        raise _refuse(
            tr("--out changed while the run was going", lang, domain="reports"),
            out,
            tr("the new reports are in {partial}; move them where you want them",
               lang, domain="reports", partial=partial),
        )  # fmt: skip
    trash = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.replaced-"))
    out.rename(trash / out.name)
    partial.rename(out)
    shutil.rmtree(trash)
