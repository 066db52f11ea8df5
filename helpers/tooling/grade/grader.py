"""Grading a class: every submission re-executed on its student's data, one report (批改全班).

:func:`grade_class` checks the roster and the report folder before anything runs (the
folder rules of :mod:`helpers.tooling.folders`: a report is written to
``<out>.partial/`` and renamed when complete, and an earlier report is replaced only
with ``force``), finds the submissions (:mod:`~helpers.tooling.grade.submissions`),
re-executes each one on its student's data (:mod:`~helpers.tooling.grade.execute`) and
writes into the report folder:

- ``gradebook.csv``: one row per student, one column per question, totals (UTF-8 with BOM);
- ``grades.json``: every grade as data;
- ``index.html`` and ``students/<id>.html`` (:mod:`~helpers.tooling.grade.report`);
- ``students/<id>/<exercise>.ipynb`` and ``.html``: each notebook as it ran.

The student's data is the data the handout gave the student
(:func:`helpers.tooling.roster.student_data_source` of the exercise's default), or the
course's with ``same_data``. A submission whose parameters cell names other data (a
neighbour's) is still graded on the student's own, and the report says whose data it
named. Nothing in the submissions folder is ever written.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.checks.keys import KEYS
from helpers.paths import SOLUTIONS_DIR
from helpers.schema import DataError
from helpers.tooling.folders import (
    check_output_folder,
    open_partial,
    publish,
    read_marker,
    record_finished,
)
from helpers.tooling.grade import execute
from helpers.tooling.grade.gradebook import (
    gradebook,
    grades_table,
    question_summary,
    stuck_students,
    totals,
    write_gradebook,
)
from helpers.tooling.grade.report import class_page, student_page
from helpers.tooling.grade.results import (
    AMBIGUOUS,
    ERROR,
    MISSING,
    NOT_SUBMITTED,
    UNREADABLE,
    NotebookGrade,
    everything,
)
from helpers.tooling.grade.submissions import Finding, Submission, find_submissions
from helpers.tooling.rerun import data_fingerprint
from helpers.tooling.roster import read_roster, student_data_source
from helpers.tooling.runner import (
    Interrupted,
    _descendants,
    _sigterm_interrupts,
    _stop,
    export_html,
)
from helpers.tooling.workbook import declared_parameters, generate

#: default time limit of one notebook, in seconds
DEFAULT_TIME_LIMIT = 300.0


@dataclass
class ClassGrades:
    """What grading a class found (what the report shows)."""

    students: pd.DataFrame
    grades: list[NotebookGrade]
    findings: list[Finding]
    out: Path


def exercise_defaults(exercises: list[str], solutions_dir: Path = SOLUTIONS_DIR) -> dict[str, str]:
    """The default ``data_source`` of each exercise, as its generated notebook declares it.

    >>> exercise_defaults(["00_warm_up", "06_case_study"])
    {'00_warm_up': 'course', '06_case_study': 'course:seed7'}
    """
    found = {}
    for exercise in exercises:
        nb = generate(Path(solutions_dir) / f"{exercise}.py")
        found[exercise] = str(declared_parameters(nb).get("data_source", "course"))
    return found


def expected_sources(
    student_ids: list[str], defaults: dict[str, str], *, same_data: bool = False
) -> dict[tuple[str, str], str]:
    """The data each student's notebook of each exercise is graded on."""
    return {
        (s, x): default if same_data else student_data_source(s, default)
        for s in student_ids
        for x, default in defaults.items()
    }


def _progress(stream, text: str) -> None:
    print(text, file=stream, flush=True)


def grade_submission(
    folder: Path,
    submission: Submission,
    partial: Path,
    *,
    data_source: str,
    owners: dict[str, str],
    time_limit: float,
) -> NotebookGrade:
    """Grade one student's notebook of one exercise (run into ``partial/students/``)."""
    student, exercise = submission.student_id, submission.exercise
    checks = list(KEYS[exercise].questions)
    base = NotebookGrade(student, exercise, MISSING, file=", ".join(submission.files),
                         data_source=data_source)  # fmt: skip
    if len(submission.files) > 1:
        return replace(base, status=AMBIGUOUS, questions=everything(
            checks, ERROR, reason=AMBIGUOUS, error=", ".join(submission.files)))  # fmt: skip
    try:
        nb = execute.read_submission(folder / submission.files[0])
    except ValueError as exc:
        run = execute.unreadable(checks, str(exc))
        return replace(base, status=run.status, questions=run.questions, error=run.error)
    declared = declared_parameters(nb).get("data_source")
    declared = None if declared is None else str(declared)
    stamp = nb.metadata.get("workbook", {})
    handed_to = stamp.get("student") if isinstance(stamp, dict) else None
    output = partial / "students" / student / f"{exercise}.ipynb"
    run = execute.run_submission(
        nb, output, data_source, exercise=exercise, checks=checks, time_limit=time_limit
    )
    if output.exists():
        try:
            export_html(output)
        except Exception:  # the notebook itself is still there to open
            pass
    return replace(
        base,
        status=run.status,
        declared=declared,
        declared_owner=owners.get(declared) if declared != data_source else None,
        handed_to=str(handed_to) if handed_to and str(handed_to) != student else None,
        cell=run.cell,
        line=run.line,
        error=run.error,
        questions=run.questions,
    )


def grade_class(
    submissions: str | Path,
    out: str | Path,
    *,
    roster: str | Path | None = None,
    lang: str = "en",
    time_limit: float = DEFAULT_TIME_LIMIT,
    force: bool = False,
    resume: bool = False,
    same_data: bool = False,
    stream=None,
) -> ClassGrades:
    """Grade every submission in ``submissions`` into the report folder ``out``.

    Raises :class:`~helpers.schema.DataError` (a bad roster, no submission found),
    :class:`~helpers.tooling.folders.FolderRefused` (a report folder it must not use) and
    :class:`~helpers.tooling.runner.Interrupted` (Ctrl-C: the finished notebooks are kept
    for ``resume``).
    """
    stream = stream or sys.stdout
    folder = Path(submissions).expanduser().resolve()
    if not folder.is_dir():
        raise DataError(
            f"the submissions folder {folder} does not exist or is not a folder",
            code="submissions",
            fix="give the folder that holds one folder per student (or the students' notebooks)",
        )
    if time_limit <= 0:
        raise DataError(f"--timeout must be a number of seconds above 0, not {time_limit:g}",
                        code="timeout", fix="for example --timeout 300")  # fmt: skip
    class_list = read_roster(roster) if roster is not None else None
    reads = [folder] + ([Path(roster).expanduser()] if roster is not None else [])
    plan = check_output_folder(out, replace=force, resume=resume, data=reads)
    ids = list(class_list["student_id"]) if class_list is not None else None
    found, findings = find_submissions(folder, list(KEYS), ids)
    if not found:
        raise DataError(
            f"no submission found in {folder}",
            code="submissions",
            fix="put one folder per student, named with the student id, holding the notebooks "
            "(S001/00_warm_up.ipynb), or name each notebook with the student id and the exercise "
            "(S001_00_warm_up.ipynb)",
        )
    exercises = sorted({s.exercise for s in found})
    if class_list is None:
        names = sorted({s.student_id for s in found})
        class_list = pd.DataFrame({"student_id": names, "name": [""] * len(names)})
    students = list(class_list["student_id"])
    defaults = exercise_defaults(exercises)
    sources = expected_sources(students, defaults, same_data=same_data)
    owners = {}
    for (student, _), source in sources.items():
        owners.setdefault(source, student)
    by_key = {(s.student_id, s.exercise): s for s in found}
    key = hashlib.sha256(
        json.dumps([data_fingerprint(*reads), time_limit, same_data, exercises]).encode()
    ).hexdigest()[:24]
    baseline = _descendants()
    restore = _sigterm_interrupts()
    try:
        finished = open_partial(plan, key, replace=force, resume=resume)
        grades = []
        todo = [(s, x) for s in students for x in exercises]
        for n, (student, exercise) in enumerate(todo, 1):
            grade = _grade_one(folder, plan.partial, by_key.get((student, exercise)), finished,
                               student=student, exercise=exercise,
                               data_source=sources[(student, exercise)], owners=owners,
                               time_limit=time_limit)  # fmt: skip
            grades.append(grade)
            _progress(stream, f"[{n}/{len(todo)}] {student} {exercise}: {_outcome(grade)}")
        _write_report(plan.partial, folder.name, class_list, grades, findings,
                      time_limit=time_limit, same_data=same_data, lang=lang)  # fmt: skip
        publish(plan, replace=force)
    except KeyboardInterrupt:
        _stop(baseline)
        marker = read_marker(plan.partial) or {}
        done = len(marker.get("finished") or {})
        raise Interrupted(plan.partial, done, len(students) * len(exercises)) from None
    except BaseException:
        _stop(baseline)
        raise
    finally:
        restore()
    return ClassGrades(class_list, grades, findings, plan.out)


def _grade_one(folder, partial, submission, finished, *, student, exercise, data_source, owners,
               time_limit) -> NotebookGrade:  # fmt: skip
    checks = list(KEYS[exercise].questions)
    if submission is None:
        return NotebookGrade(student, exercise, MISSING, data_source=data_source,
                             questions=everything(checks, NOT_SUBMITTED))  # fmt: skip
    name = f"students/{student}/{exercise}.ipynb"
    if name in finished and "grade" in finished[name]:
        return NotebookGrade.from_record(finished[name]["grade"])
    grade = grade_submission(folder, submission, partial, data_source=data_source, owners=owners,
                             time_limit=time_limit)  # fmt: skip
    if (partial / name).exists():
        record_finished(partial, name, {"status": "ok", "notebook": name, "grade": grade.record()})
    return grade


def _outcome(grade: NotebookGrade) -> str:
    correct = sum(q.status == "correct" for q in grade.questions)
    text = f"{grade.status}, {correct}/{len(grade.questions)} correct"
    if grade.status == UNREADABLE:
        text += f" ({grade.error})"
    return text


def _write_report(
    folder: Path,
    title: str,
    students: pd.DataFrame,
    grades: list[NotebookGrade],
    findings: list[Finding],
    *,
    time_limit: float,
    same_data: bool,
    lang: str,
) -> None:
    table = grades_table(grades)
    ids = list(students["student_id"])
    counts = totals(table, ids)
    write_gradebook(gradebook(grades, students, lang), folder / "gradebook.csv")
    record: dict[str, Any] = {
        "students": students.to_dict(orient="records"),
        "time_limit": time_limit,
        "same_data": same_data,
        "not_graded": [vars(f) for f in findings],
        "notebooks": [g.record() for g in grades],
    }
    (folder / "grades.json").write_text(
        json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    page = class_page(
        title=title,
        students=students,
        grades=grades,
        summary=question_summary(table),
        counts=counts,
        stuck=stuck_students(counts),
        findings=findings,
        time_limit=time_limit,
        same_data=same_data,
        lang=lang,
    )
    (folder / "index.html").write_text(page, encoding="utf-8")
    pages = folder / "students"
    pages.mkdir(exist_ok=True)
    for student, name in zip(students["student_id"], students["name"], strict=True):
        mine = [g for g in grades if g.student_id == student]
        ran = {
            g.exercise: sorted(
                f"{student}/{f.name}" for f in (pages / student).glob(f"{g.exercise}.*")
            )
            for g in mine
        }
        html = student_page(student, name, mine, pages=ran, lang=lang)
        (pages / f"{student}.html").write_text(html, encoding="utf-8")
