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
that says what is wrong and what to do.

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


def protected_places(data: Iterable[str | Path] = ()) -> list[tuple[Path, str]]:
    """The places ``--out`` must not be, contain or (for the data) lie inside, with a label."""
    places = [(Path(p).expanduser().resolve(), "the data of the run") for p in data]
    places += [(REPO_ROOT.resolve(), "the course repository")]
    places += [(Path.home().resolve(), "your home folder")]
    return places


def _inside(path: Path, folder: Path) -> bool:
    return path != folder and folder in path.parents


def check_location(out: str | Path, *, data: Iterable[str | Path] = ()) -> Path:
    """``out`` resolved, or :class:`FolderRefused` when it is a place no run may write to.

    ``data`` are the files and folders the run reads (data, mapping, parameter file).

    >>> check_location(Path.home())
    Traceback (most recent call last):
    ...
    helpers.tooling.folders.FolderRefused: error: --out is your home folder...
    """
    given = Path(out).expanduser()
    if given.is_symlink():
        raise _refuse(
            "--out is a symbolic link",
            given,
            "give the real folder, or a new folder name for the reports",
        )
    target = given.resolve()
    if target.exists() and not target.is_dir():
        raise _refuse(
            "--out is a file, not a folder",
            target,
            "give a new folder name for the reports, for example --out reports/my-company",
        )
    for place, label in protected_places(data):
        if target == place:
            raise _refuse(f"--out is {label}", target, _new_folder_fix())
        if _inside(place, target):
            raise _refuse(
                f"--out contains {label} ({place})", target, "give a new folder for the reports"
            )
        if label == "the data of the run" and _inside(target, place):
            raise _refuse(
                f"--out lies inside {label} ({place})",
                target,
                "keep the reports apart from the data: give a folder outside it",
            )
    repo = REPO_ROOT.resolve()
    build = BUILD_DIR.resolve()
    if _inside(target, repo) and not (target == build or _inside(target, build)):
        raise _refuse(
            "--out lies inside the course repository, where reports about your company "
            "could be committed by mistake",
            target,
            f"write them under {build} (ignored by git) or outside the repository",
        )
    if target == build:
        raise _refuse("--out is the build folder itself", target, "give a folder inside it")
    return target


def _new_folder_fix() -> str:
    return "give a new folder for the reports, for example --out ~/reports/my-company"


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
) -> OutputPlan:
    """Refuse any output folder a run must not write into or replace; return the plan.

    ``replace`` (``--force``) allows replacing an earlier run's folder and starting an
    interrupted run again; ``resume`` (``--resume``) allows continuing an interrupted run.
    """
    target = check_location(out, data=data)
    if target.exists():
        if not is_ours(target):
            raise _refuse(
                "--out already exists and was not written by a course run",
                target,
                "choose a new folder for the reports, or move this one away: the course "
                "replaces only folders an earlier run wrote",
            )
        if not replace:
            raise _refuse(
                "--out already holds an earlier run",
                target,
                "choose a new folder, or add --force to replace that run",
            )
        foreign = not_written_by_the_run(target)
        if foreign:
            raise _refuse(
                f"--out holds {len(foreign)} file(s) the earlier run did not write or that "
                f"were changed since: {_listing(foreign)}",
                target,
                "move those files out of the folder (or choose a new folder); --force never "
                "deletes them",
            )
    partial = partial_folder(target)
    _check_writable(partial)
    if partial.is_symlink() or (partial.exists() and not partial.is_dir()):
        raise _refuse(
            "the run's working folder exists and is not a folder",
            partial,
            "move or rename it, then run the command again",
        )
    if partial.exists():
        if read_marker(partial) is None:
            raise _refuse(
                "the run's working folder already exists and was not made by a course run",
                partial,
                "move or rename it, then run the command again",
            )
        if not (replace or resume):
            raise _refuse(
                "an interrupted run is in the working folder",
                partial,
                "add --resume to finish it, or --force to start again (its reports are lost)",
            )
    return OutputPlan(target, partial)


def _check_writable(path: Path) -> None:
    """Refuse early when the run could not create ``path`` (a read-only place)."""
    existing = next(p for p in (path, *path.parents) if p.exists())
    folder = existing if existing.is_dir() else existing.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FolderRefused(
            Problem(
                "error",
                "permission",
                "permission denied: the reports cannot be written there",
                str(folder),
                "choose a folder you may write to (for --out), for example ~/reports/my-company",
            )
        )


def _listing(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def open_partial(
    plan: OutputPlan, key: str, *, replace: bool = False, resume: bool = False
) -> dict[str, dict[str, Any]]:
    """Create (or reopen) the working folder; return what an interrupted run finished.

    ``key`` identifies the run (its notebooks, data and parameters): an interrupted run
    is resumed only with the same key.
    """
    partial = plan.partial
    if partial.exists():
        marker = read_marker(partial)
        if marker is None:  # checked before; the folder changed under us
            raise _refuse("the working folder is not a course run's", partial, "move it away")
        if resume and marker.get("key") == key:
            finished = marker.get("finished") or {}
            return {
                k: v
                for k, v in finished.items()
                if v.get("status") == "ok" and (partial / k).exists()
            }
        if resume and not replace:
            raise _refuse(
                "the interrupted run used other data, parameters or notebooks",
                partial,
                "run it again with the options it was started with, or add --force to start again",
            )
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


def publish(plan: OutputPlan, *, replace: bool = False) -> None:
    """Move the complete run into place; an earlier run there is removed only if ours."""
    partial, out = plan.partial, plan.out
    marker = read_marker(partial) or {}
    write_marker(partial, {"key": marker.get("key"), "files": manifest(partial)})
    if not out.exists():
        partial.rename(out)
        return
    if not replace or not is_ours(out) or not_written_by_the_run(out):
        raise _refuse(
            "--out changed while the run was going",
            out,
            f"the new reports are in {partial}; move them where you want them",
        )
    trash = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.replaced-"))
    out.rename(trash / out.name)
    partial.rename(out)
    shutil.rmtree(trash)
