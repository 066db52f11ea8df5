"""Collected work: which notebook is whose, and of which exercise (收集的作业).

A submissions folder holds either one folder per student, named with the student id
(``S001/00_warm_up.ipynb``; sub-folders are searched too, JupyterLab's
``.ipynb_checkpoints`` are not), or notebooks named with the student id and the exercise
(``S001_00_warm_up.ipynb``, ``00_warm_up-S001.ipynb``), or both. The exercise of a
notebook is the one it was handed out as (its ``workbook`` stamp), else the exercise named
in its file name. With a roster, ids are matched to the roster's (ignoring case).

Nothing is guessed: a notebook whose student or exercise cannot be told, a folder of
someone not on the roster, a link or a stray file is listed as a :class:`Finding` and not
graded; two notebooks of one exercise for one student are graded as neither (the
instructor says which one counts).

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> (folder / "S2").mkdir()
>>> _ = (folder / "S2" / "00_warm_up.ipynb").write_text("{}")
>>> _ = (folder / "S1_00_warm_up.ipynb").write_text("{}")
>>> _ = (folder / "notes.txt").write_text("")
>>> found, findings = find_submissions(folder, ["00_warm_up", "01_data_collection"])
>>> [(s.student_id, s.exercise, s.files) for s in found]
[('S1', '00_warm_up', ('S1_00_warm_up.ipynb',)), ('S2', '00_warm_up', ('S2/00_warm_up.ipynb',))]
>>> [f.code for f in findings]
['not_a_notebook']
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from helpers.i18n import tr
from helpers.tooling.roster import unsafe_id_reason

#: folders and files an operating system or JupyterLab leaves beside the work
SKIPPED_NAMES = frozenset({"__MACOSX", "Thumbs.db", "desktop.ini"})
SEPARATORS = "_-. "


@dataclass(frozen=True)
class Submission:
    """The notebook(s) one student handed in for one exercise (paths relative to the folder)."""

    student_id: str
    exercise: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """Something in the submissions folder that was not graded, and why."""

    code: str
    file: str
    detail: str = ""

    def text(self, lang: str = "en") -> str:
        """What was found, in ``lang``.

        >>> Finding("not_on_roster", "S9/00_warm_up.ipynb", "S9").text("zh")
        'S9/00_warm_up.ipynb：学号 S9 不在花名册上，未批改'
        """
        file, detail = self.file, self.detail
        messages = {
            "not_on_roster": tr("{file}: the id {detail} is not on the roster; not graded",
                                lang, domain="grade", file=file, detail=detail),
            "unsafe_id": tr("{file}: {detail}, so it cannot be a student id; not graded",
                            lang, domain="grade", file=file, detail=detail),
            "no_exercise": tr("{file}: neither its name nor its notebook says which exercise "
                              "it is; not graded", lang, domain="grade", file=file),
            "no_student": tr("{file}: its name holds no student id (name it like "
                             "S001_00_warm_up.ipynb, or put it in a folder named with the id); "
                             "not graded", lang, domain="grade", file=file),
            "link": tr("{file}: a link, not a file; not graded", lang, domain="grade", file=file),
            "not_a_notebook": tr("{file}: not a notebook (.ipynb); not graded", lang,
                                 domain="grade", file=file),
            "no_notebook": tr("{file}: the folder holds no notebook", lang, domain="grade",
                              file=file),
        }  # fmt: skip
        return messages[self.code]


def _visible(path: Path) -> bool:
    return not (path.name.startswith(".") or path.name in SKIPPED_NAMES)


def _relative(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def named_exercise(name: str, exercises: Sequence[str]) -> str | None:
    """The exercise a file name names (the longest match), or None.

    >>> named_exercise("S01_00_warm_up (1).ipynb", ["00_warm_up", "01_data_collection"])
    '00_warm_up'
    """
    found = [e for e in exercises if e.lower() in name.lower()]
    return max(found, key=len) if found else None


def stamped_exercise(path: Path, exercises: Sequence[str]) -> str | None:
    """The exercise a notebook was handed out as (``metadata.workbook.source``), or None.

    Read as JSON, never executed; a file that does not parse gives None.
    """
    try:
        metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        source = str(metadata.get("workbook", {}).get("source", ""))
    except (OSError, ValueError, AttributeError):
        return None
    stem = Path(source).stem
    return stem if stem in exercises else None


def exercise_of(path: Path, exercises: Sequence[str]) -> str | None:
    """The exercise of a submitted notebook: its stamp, else its file name."""
    return stamped_exercise(path, exercises) or named_exercise(path.name, exercises)


def student_in_name(stem: str, exercise: str) -> str:
    """What is left of a file name once the exercise is taken out: the student id.

    >>> student_in_name("2024-001_00_warm_up", "00_warm_up")
    '2024-001'
    >>> student_in_name("00_warm_up-S7", "00_warm_up")
    'S7'
    """
    at = stem.lower().find(exercise.lower())
    rest = stem[:at] + " " + stem[at + len(exercise) :] if at >= 0 else stem
    return re.sub(r"\s+", " ", rest).strip(SEPARATORS)


class _Matcher:
    """Student ids as found in names, checked (and, with a roster, matched ignoring case)."""

    def __init__(self, roster_ids: Iterable[str] | None) -> None:
        self.roster = {str(i).lower(): str(i) for i in roster_ids} if roster_ids else None

    def __call__(self, found: str, file: str) -> tuple[str | None, Finding | None]:
        if self.roster is not None:
            known = self.roster.get(found.lower())
            return (known, None) if known else (None, Finding("not_on_roster", file, found))
        reason = unsafe_id_reason(found)
        return (None, Finding("unsafe_id", file, reason)) if reason else (found, None)


def find_submissions(
    folder: Path, exercises: Sequence[str], roster_ids: Iterable[str] | None = None
) -> tuple[list[Submission], list[Finding]]:
    """Every submission in ``folder`` (sorted by student, then exercise) and what was not graded."""
    folder = Path(folder)
    match = _Matcher(roster_ids)
    files: dict[tuple[str, str], list[str]] = {}
    findings: list[Finding] = []

    def add(student: str, path: Path) -> None:
        name = _relative(path, folder)
        exercise = exercise_of(path, exercises)
        if exercise is None:
            findings.append(Finding("no_exercise", name))
        else:
            files.setdefault((student, exercise), []).append(name)

    for entry in sorted(p for p in folder.iterdir() if _visible(p)):
        name = _relative(entry, folder)
        if entry.is_symlink():
            findings.append(Finding("link", name))
        elif entry.is_dir():
            student, problem = match(entry.name, name)
            if problem is not None:
                findings.append(problem)
                continue
            notebooks = _notebooks_in(entry, folder, findings)
            if not notebooks:
                findings.append(Finding("no_notebook", name))
            for path in notebooks:
                add(student, path)
        elif entry.suffix.lower() != ".ipynb":
            findings.append(Finding("not_a_notebook", name))
        else:
            exercise = exercise_of(entry, exercises)
            named = named_exercise(entry.name, exercises)
            found = student_in_name(entry.stem, named) if named else entry.stem.strip(SEPARATORS)
            if exercise is None:
                findings.append(Finding("no_exercise", name))
            elif not found:
                findings.append(Finding("no_student", name))
            else:
                student, problem = match(found, name)
                if problem is not None:
                    findings.append(problem)
                else:
                    files.setdefault((student, exercise), []).append(name)
    submissions = [Submission(s, e, tuple(sorted(f))) for (s, e), f in sorted(files.items())]
    return submissions, findings


def _notebooks_in(student_folder: Path, folder: Path, findings: list[Finding]) -> list[Path]:
    """The notebooks in a student's folder and its sub-folders (links are listed, not read)."""
    found = []
    for path in sorted(student_folder.rglob("*.ipynb")):
        parts = path.relative_to(student_folder).parts
        if not all(_visible(Path(p)) for p in parts):
            continue
        inside = [student_folder.joinpath(*parts[:k]) for k in range(1, len(parts) + 1)]
        if any(p.is_symlink() for p in inside):
            findings.append(Finding("link", _relative(path, folder)))
        elif path.is_file():
            found.append(path)
    return found
