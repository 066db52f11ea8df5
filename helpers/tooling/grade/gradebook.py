"""The gradebook (成绩册): one row per student, one column per question, plus totals.

:func:`grades_table` lays every question grade out as a long table (one row per student
and check); :func:`gradebook` turns it into the instructor's table; :func:`question_summary`
counts, per question, how much of the class got it right and which mistakes were most
frequent; :func:`stuck_students` lists who needs help. Text is in the report's language;
mistake ids stay ids (they do not change with the language).

The ``score`` is the share of the questions that apply to the student's data (skipped
ones do not count) answered correctly; a question not submitted counts as not correct.

>>> from helpers.tooling.grade.results import NotebookGrade, QuestionGrade
>>> grades = [
...     NotebookGrade("S1", "00_warm_up", "ran", questions=(
...         QuestionGrade("Q1", "correct"), QuestionGrade("Q2", "wrong", mistake="order_lines"))),
...     NotebookGrade("S2", "00_warm_up", "ran", questions=(
...         QuestionGrade("Q1", "correct", rounded=True), QuestionGrade("Q2", "not answered"))),
... ]
>>> students = pd.DataFrame({"student_id": ["S1", "S2"], "name": ["Ann", "Bo"]})
>>> book = gradebook(grades, students)
>>> book[["student id", "00 Q1", "00 Q2", "correct", "score"]]
  student id              00 Q1               00 Q2  correct  score
0         S1            correct  wrong: order_lines        1    0.5
1         S2  correct (rounded)        not answered        1    0.5
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.checks.messages import question_label
from helpers.i18n import tr
from helpers.tooling.grade.results import (
    AMBIGUOUS,
    CORRECT,
    ERROR,
    KERNEL_DIED,
    MISSING,
    NOT_ANSWERED,
    NOT_RUN,
    NOT_SUBMITTED,
    RAISED,
    RAN,
    SKIPPED,
    TIME_LIMIT,
    UNREADABLE,
    WRONG,
    NotebookGrade,
)

#: the colon and the semicolon between parts of a text, by language
PUNCTUATION = {"en": (": ", "; "), "zh": ("：", "；")}
#: a student with at least this many questions wrong (or any error) is stuck
STUCK_WRONG = 3
#: how many of a question's most frequent mistakes the report shows
TOP_MISTAKES = 3
COUNTED = (CORRECT, WRONG, NOT_ANSWERED, ERROR)

LONG_COLUMNS = ["student_id", "exercise", "check", "status", "rounded", "mistake", "hint",
                "reason", "cell", "line", "error"]  # fmt: skip


def question_key(exercise: str, check: str) -> str:
    """The short name of a question across exercises: ``"00 Q3 first day"``."""
    return f"{exercise[:2]} {check}"


def grades_table(grades: Sequence[NotebookGrade]) -> pd.DataFrame:
    """One row per student and check: the grade's fields, in the order of ``grades``."""
    rows = [
        {"student_id": g.student_id, "exercise": g.exercise, **vars(q)}
        for g in grades
        for q in g.questions
    ]
    table = pd.DataFrame(rows)
    if table.empty:
        return pd.DataFrame(columns=LONG_COLUMNS)
    table["question"] = [
        question_key(e, c) for e, c in zip(table["exercise"], table["check"], strict=True)
    ]
    return table


def status_words(lang: str) -> dict[str, str]:
    """The status words of the gradebook in ``lang``."""
    return {
        CORRECT: tr("correct", lang, domain="grade"),
        "rounded": tr("correct (rounded)", lang, domain="grade"),
        WRONG: tr("wrong", lang, domain="grade"),
        NOT_ANSWERED: tr("not answered", lang, domain="grade"),
        ERROR: tr("error", lang, domain="grade"),
        SKIPPED: tr("skipped", lang, domain="grade"),
        NOT_SUBMITTED: tr("not submitted", lang, domain="grade"),
    }


def cell_texts(table: pd.DataFrame, lang: str = "en") -> pd.Series:
    """The gradebook text of every row of :func:`grades_table`: the status, the mistake id
    of a wrong answer, the cell of an error.

    >>> t = pd.DataFrame({"status": ["wrong", "error", "error"], "rounded": [False] * 3,
    ...                   "mistake": ["ascending", None, None], "cell": [None, 14, None]})
    >>> cell_texts(t).tolist()
    ['wrong: ascending', 'error: cell 14', 'error']
    >>> cell_texts(t, "zh").tolist()
    ['错误：ascending', '出错：单元格 14', '出错']
    """
    words = status_words(lang)
    status = table["status"].map(words).fillna(table["status"])
    rounded = table["rounded"].fillna(False).astype(bool) & table["status"].eq(CORRECT)
    cell = pd.to_numeric(table["cell"], errors="coerce")
    with_mistake = table["status"].eq(WRONG) & table["mistake"].notna()
    with_cell = table["status"].eq(ERROR) & cell.notna()
    mistake = _around(
        tr("{status}: {mistake}", lang, domain="grade", status=words[WRONG], mistake=_SLOT),
        table["mistake"].fillna("").astype(str),
    )
    in_cell = _around(
        tr("{status}: cell {cell}", lang, domain="grade", status=words[ERROR], cell=_SLOT),
        cell.astype("Int64").astype("string").fillna(""),
    )
    return pd.Series(
        np.select([rounded, with_mistake, with_cell], [words["rounded"], mistake, in_cell], status),
        index=table.index,
    )


_SLOT = "\x00"


def _around(text: str, values: pd.Series) -> pd.Series:
    """``text`` (a message filled with :data:`_SLOT`) around each of ``values``."""
    before, _, after = text.partition(_SLOT)
    return before + values + after


def notebook_text(grade: NotebookGrade, lang: str = "en") -> str:
    """What happened to a notebook, in a few words.

    >>> notebook_text(NotebookGrade("S1", "00_warm_up", "time limit", cell=20), "zh")
    '超时（单元格 20）'
    """
    words = {
        RAN: tr("ran", lang, domain="grade"),
        RAISED: tr("raised", lang, domain="grade"),
        TIME_LIMIT: tr("time limit", lang, domain="grade"),
        KERNEL_DIED: tr("kernel died", lang, domain="grade"),
        UNREADABLE: tr("unreadable", lang, domain="grade"),
        MISSING: tr("not submitted", lang, domain="grade"),
        AMBIGUOUS: tr("several files", lang, domain="grade"),
        NOT_RUN: tr("could not run", lang, domain="grade"),
    }
    text = words.get(grade.status, grade.status)
    if grade.cell is not None:
        text = tr("{status} (cell {cell})", lang, domain="grade", status=text, cell=grade.cell)
    return text


def data_note(grade: NotebookGrade, lang: str = "en") -> str:
    """What the instructor should know about the data of a submission ("" when nothing).

    >>> g = NotebookGrade("S1", "00_warm_up", "ran", data_source="course:seed1",
    ...                   declared="course:seed2", declared_owner="S2")
    >>> data_note(g)
    "00: the notebook named the data of S2 (course:seed2); graded on S1's own (course:seed1)"
    """
    notes = []
    if grade.other_data:
        if grade.declared_owner:
            notes.append(tr("the notebook named the data of {owner} ({declared}); graded on "
                            "{student}'s own ({source})", lang, domain="grade",
                            owner=grade.declared_owner, declared=grade.declared,
                            student=grade.student_id, source=grade.data_source))  # fmt: skip
        else:
            notes.append(tr("the notebook named other data ({declared}); graded on {student}'s "
                            "own ({source})", lang, domain="grade", declared=grade.declared,
                            student=grade.student_id, source=grade.data_source))  # fmt: skip
    if grade.handed_to:
        notes.append(tr("this copy was handed out to {other}", lang, domain="grade",
                        other=grade.handed_to))  # fmt: skip
    colon, semicolon = PUNCTUATION[lang]
    return semicolon.join(f"{grade.exercise[:2]}{colon}{n}" for n in notes)


def totals(table: pd.DataFrame, students: Sequence[str]) -> pd.DataFrame:
    """Per student: how many questions are correct, wrong, not answered, in error (not
    submitted counts as not answered), how many apply, and the score."""
    status = table["status"].replace({NOT_SUBMITTED: NOT_ANSWERED})
    counts = pd.crosstab(table["student_id"], status).reindex(
        index=pd.Index(students, name="student_id"), columns=list(COUNTED), fill_value=0
    )
    counts["questions"] = counts[list(COUNTED)].sum(axis=1)
    counts["score"] = (counts[CORRECT] / counts["questions"].where(counts["questions"] > 0)).round(
        3
    )
    return counts


def gradebook(
    grades: Sequence[NotebookGrade], students: pd.DataFrame, lang: str = "en"
) -> pd.DataFrame:
    """The instructor's table: student id, name, each notebook's status, each question,
    the totals and notes (one row per student of ``students``, in its order)."""
    ids = list(students["student_id"])
    table = grades_table(grades)
    table["text"] = cell_texts(table, lang)
    questions = list(dict.fromkeys(table["question"]))
    wide = table.pivot(index="student_id", columns="question", values="text")
    wide = wide.reindex(index=ids, columns=questions).fillna(status_words(lang)[NOT_SUBMITTED])
    exercises = list(dict.fromkeys(g.exercise for g in grades))
    status = pd.DataFrame(
        [(g.student_id, g.exercise, notebook_text(g, lang)) for g in grades],
        columns=["student_id", "exercise", "text"],
    ).pivot(index="student_id", columns="exercise", values="text")
    status = status.reindex(index=ids, columns=exercises)
    notes = pd.Series(
        [data_note(g, lang) for g in grades], index=[g.student_id for g in grades], dtype=str
    )
    notes = notes[notes != ""].groupby(level=0).agg(PUNCTUATION[lang][1].join)
    notes = notes.reindex(ids).fillna("")
    counts = totals(table, ids)
    head = {
        "student_id": tr("student id", lang, domain="grade"),
        "name": tr("name", lang, domain="grade"),
    }
    book = students[["student_id", "name"]].rename(columns=head).reset_index(drop=True)
    for exercise in exercises:
        column = tr("{exercise} notebook", lang, domain="grade", exercise=exercise[:2])
        book[column] = status[exercise].to_numpy()
    for question in questions:
        number, _, check = question.partition(" ")
        book[f"{number} {question_label(check, lang)}"] = wide[question].to_numpy()
    for key, label in _total_labels(lang).items():
        book[label] = counts[key].to_numpy()
    book[tr("notes", lang, domain="grade")] = notes.to_numpy()
    return book


def _total_labels(lang: str) -> dict[str, str]:
    words = status_words(lang)
    return {
        CORRECT: words[CORRECT],
        WRONG: words[WRONG],
        NOT_ANSWERED: words[NOT_ANSWERED],
        ERROR: words[ERROR],
        "questions": tr("questions", lang, domain="grade"),
        "score": tr("score", lang, domain="grade"),
    }


def write_gradebook(book: pd.DataFrame, path: Path) -> Path:
    """Write the gradebook as CSV in UTF-8 with a byte-order mark, so that Excel shows
    Chinese names as they are."""
    book.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    return Path(path)


def question_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per question (in course order): students it applies to, how many are correct,
    wrong, not answered (or not submitted), in error, the share correct, and the most
    frequent mistakes as ``[(mistake id, count), ...]``.

    >>> t = pd.DataFrame({"question": ["00 Q1"] * 4, "exercise": ["00_warm_up"] * 4,
    ...                   "check": ["Q1"] * 4, "status": ["correct", "wrong", "wrong", "error"],
    ...                   "mistake": [None, "order_lines", "order_lines", None]})
    >>> row = question_summary(t).iloc[0]
    >>> float(row["share_correct"]), row["mistakes"]
    (0.25, [('order_lines', 2)])
    """
    status = table["status"].replace({NOT_SUBMITTED: NOT_ANSWERED})
    applies = table.loc[status.ne(SKIPPED)].assign(status=status)
    order = list(dict.fromkeys(table["question"]))
    counts = pd.crosstab(applies["question"], applies["status"]).reindex(
        index=order, columns=list(COUNTED), fill_value=0
    )
    summary = counts.assign(students=counts.sum(axis=1))
    summary["share_correct"] = summary[CORRECT] / summary["students"].where(summary["students"] > 0)
    keys = table.drop_duplicates("question").set_index("question")[["exercise", "check"]]
    summary = summary.join(keys)
    wrong = applies.loc[applies["status"].eq(WRONG) & applies["mistake"].notna()]
    frequent = (
        wrong.groupby(["question", "mistake"]).size().rename("n").reset_index()
        .sort_values(["question", "n", "mistake"], ascending=[True, False, True])
        .groupby("question").head(TOP_MISTAKES)
    )  # fmt: skip
    listed = {
        question: list(zip(group["mistake"], group["n"].astype(int).tolist(), strict=True))
        for question, group in frequent.groupby("question", sort=False)
    }
    summary["mistakes"] = [listed.get(q, []) for q in summary.index]
    summary.index.name = "question"
    return summary


def stuck_students(counts: pd.DataFrame, *, wrong_at_least: int = STUCK_WRONG) -> pd.DataFrame:
    """The students with several questions wrong or any question in error (the rows of
    :func:`totals` that qualify, most wrong and errors first).

    >>> c = pd.DataFrame({"correct": [5, 1, 2], "wrong": [0, 3, 0], "error": [0, 0, 2]},
    ...                  index=pd.Index(["S1", "S2", "S3"], name="student_id"))
    >>> stuck_students(c).index.tolist()
    ['S2', 'S3']
    """
    stuck = counts.loc[(counts[WRONG] >= wrong_at_least) | (counts[ERROR] > 0)]
    ranked = stuck.assign(_n=stuck[WRONG] + stuck[ERROR])
    return ranked.sort_values("_n", ascending=False, kind="stable").drop(columns="_n")
