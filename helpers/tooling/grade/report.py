"""The grade report (批改报告): ``index.html`` for the class and a page per student.

The class page shows the share of the class correct per question (a chart drawn with the
course theme, embedded as a PNG), the most frequent mistakes of each question with their
hints, the students who are stuck, every student's totals and what was not graded. Each
student page lists every question with its result, the hint or the failing cell, and
links the executed notebook. Everything that comes from a submission (ids, names, file
names, answers quoted in hints, error messages) is escaped; the pages load nothing from
the network; the text is in English or Chinese (``lang``).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping, Sequence
from urllib.parse import quote

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from helpers import theme
from helpers.checks.keys import mistake_catalogue
from helpers.checks.messages import question_label
from helpers.i18n import tr
from helpers.tooling.grade.gradebook import (
    STUCK_WRONG,
    data_note,
    notebook_text,
    question_key,
)
from helpers.tooling.grade.results import (
    AMBIGUOUS,
    CHECK_NOT_RUN,
    CORRECT,
    ERROR,
    KERNEL_DIED,
    NO_CHECK,
    NOT_ANSWERED,
    NOT_RUN,
    NOT_SUBMITTED,
    RAISED_IN,
    SKIPPED,
    TIME_LIMIT,
    UNREADABLE,
    WRONG,
    NotebookGrade,
    QuestionGrade,
)
from helpers.tooling.grade.submissions import Finding
from helpers.tooling.index_page import _STYLE, e

DOMAIN = "grade"
BAR_COLOR = theme.METRIC_COLORS["revenue"]
EXTRA_STYLE = """td.correct{color:#1a7f37}td.wrong{color:#9a6700}td.error{color:#cf222e}
td.skipped,td.missing{color:#57606a}img.chart{max-width:100%}"""
STATUS_CLASS = {CORRECT: "correct", WRONG: "wrong", ERROR: "error", SKIPPED: "skipped",
                NOT_ANSWERED: "missing", NOT_SUBMITTED: "missing"}  # fmt: skip


def _t(msgid: str, lang: str, **values) -> str:
    return tr(msgid, lang, domain=DOMAIN, **values)


# --- the chart ----------------------------------------------------------------------------------


def plot_share_correct(summary: pd.DataFrame, lang: str = "en") -> Axes:
    """Horizontal bars: the share of the class correct for each question, in course order.

    ``summary`` is :func:`helpers.tooling.grade.gradebook.question_summary`.

    >>> s = pd.DataFrame({"exercise": ["00_warm_up"] * 2, "check": ["Q1", "Q3 first day"],
    ...                   "share_correct": [0.5, 1.0], "correct": [1, 2], "students": [2, 2]})
    >>> ax = plot_share_correct(s, "zh")
    >>> [t.get_text() for t in ax.get_yticklabels()], ax.get_xlim()[1] >= 1
    (['00 Q1', '00 Q3 第一天'], True)
    >>> plt.close(ax.figure)
    """
    labels = [
        question_key(x, question_label(c, lang))
        for x, c in zip(summary["exercise"], summary["check"], strict=True)
    ]
    shares = summary["share_correct"].fillna(0).to_numpy()
    with theme.theme_context(lang):
        fig, ax = plt.subplots(figsize=(theme.FIG_WIDTH, 1.2 + 0.32 * len(labels)))
        positions = range(len(labels))
        ax.barh(positions, shares, color=BAR_COLOR)
        ax.set_yticks(list(positions), labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 1.12)
        ax.xaxis.set_major_formatter(theme.percent_formatter())
        texts = [
            f"{theme.percent(s)} ({int(c)}/{int(n)})"
            for s, c, n in zip(shares, summary["correct"], summary["students"], strict=True)
        ]
        for y, (share, text) in enumerate(zip(shares, texts, strict=True)):
            ax.text(share + 0.01, y, text, va="center", fontsize="small")
        ax.set_xlabel(_t("share of the class correct", lang))
        ax.set_title(_t("Share of the class correct, per question", lang))
        ax.grid(axis="y", visible=False)
    theme.apply_fonts(ax, lang)
    return ax


def png_data_uri(ax: Axes) -> str:
    """The figure of ``ax`` as an embedded PNG (the same bytes for the same chart); closes it."""
    buffer = io.BytesIO()
    ax.figure.savefig(
        buffer, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None}
    )
    plt.close(ax.figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


# --- text of one grade --------------------------------------------------------------------------


def error_text(grade: QuestionGrade, lang: str = "en") -> str:
    """Why a question is an error, in ``lang``.

    >>> error_text(QuestionGrade("Q2", "error", reason="raised", cell=4, line="x = 1/0",
    ...                          error="ZeroDivisionError: division by zero"))
    'ZeroDivisionError: division by zero in cell 4 (x = 1/0)'
    """
    where = {"cell": grade.cell, "line": grade.line, "error": grade.error}
    texts = {
        RAISED_IN: _t("{error} in cell {cell} ({line})", lang, **where),
        TIME_LIMIT: _t("the time limit ({error} s) was reached in cell {cell} ({line})", lang,
                       **where),
        KERNEL_DIED: _t("the kernel stopped in cell {cell} ({line}): out of memory, or exit()",
                        lang, **where),
        NO_CHECK: _t("the notebook has no check of this question", lang),
        CHECK_NOT_RUN: _t("its check (cell {cell}) did not run", lang, **where),
        UNREADABLE: _t("the notebook cannot be read: {error}", lang, **where),
        NOT_RUN: _t("the notebook could not be run: {error}", lang, **where),
        AMBIGUOUS: _t("several notebooks of this exercise: {error}; keep one", lang, **where),
    }  # fmt: skip
    return texts.get(grade.reason, grade.error)


def explanation(grade: QuestionGrade, exercise: str, catalogue: Mapping, lang: str = "en") -> str:
    """The hint of a wrong answer (the prepared mistake's, in ``lang``, else the one the
    student saw), why a question is an error or skipped, or ""."""
    if grade.status == WRONG:
        prepared = catalogue.get(exercise, {}).get(grade.check, {}).get(grade.mistake or "")
        return prepared or grade.hint
    if grade.status == ERROR:
        return error_text(grade, lang)
    if grade.status == SKIPPED:
        return grade.hint
    return ""


def result_text(grade: QuestionGrade, lang: str = "en") -> str:
    """The result of a question in words (the gradebook's words, without the cell)."""
    words = {
        CORRECT: _t("correct", lang),
        WRONG: _t("wrong", lang),
        NOT_ANSWERED: _t("not answered", lang),
        ERROR: _t("error", lang),
        SKIPPED: _t("skipped", lang),
        NOT_SUBMITTED: _t("not submitted", lang),
    }
    if grade.status == CORRECT and grade.rounded:
        return _t("correct (rounded)", lang)
    return words.get(grade.status, grade.status)


# --- pages --------------------------------------------------------------------------------------


def _page(title: str, body: Sequence[str], lang: str) -> str:
    html_lang = "zh-CN" if lang == "zh" else "en"
    return "\n".join(
        [
            f'<!doctype html>\n<html lang="{html_lang}"><head><meta charset="utf-8">',
            f"<title>{e(title)}</title><style>{_STYLE}\n{EXTRA_STYLE}</style></head><body>",
            *body,
            "</body></html>\n",
        ]
    )


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """A table of cells that are already HTML (escape values before)."""
    header = "".join(f"<th>{e(h)}</th>" for h in head)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="num"' if i in numeric else ""
            cells.append(cell if cell.startswith("<td") else f"<td{cls}>{cell}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><tr>{header}</tr>{''.join(body)}</table>"


def _student_link(student_id: str, prefix: str = "students/") -> str:
    return f'<a href="{e(quote(prefix + student_id + ".html"))}">{e(student_id)}</a>'


def _box(lines: Sequence[str], title: str) -> str:
    items = "".join(f"<p>{e(line)}</p>" for line in lines)
    return f'<div class="box" role="note"><p><strong>{e(title)}</strong></p>{items}</div>'


def class_page(
    *,
    title: str,
    students: pd.DataFrame,
    grades: Sequence[NotebookGrade],
    summary: pd.DataFrame,
    counts: pd.DataFrame,
    stuck: pd.DataFrame,
    findings: Sequence[Finding],
    time_limit: float,
    same_data: bool,
    lang: str = "en",
) -> str:
    """The HTML of ``index.html`` (see the module's docstring)."""
    names = dict(zip(students["student_id"], students["name"], strict=True))
    exercises = list(dict.fromkeys(g.exercise for g in grades))
    graded = sum(1 for g in grades if g.status != NOT_SUBMITTED and g.file)
    catalogue = mistake_catalogue(lang)
    body = [
        f"<h1>{e(_t('Grades: {folder}', lang, folder=title))}</h1>",
        "<p>"
        + e(
            _t(
                "{students} students, {notebooks} notebooks graded (exercises {exercises}); "
                "time limit {seconds} s per notebook.",
                lang,
                students=len(students),
                notebooks=graded,
                exercises=", ".join(x[:2] for x in exercises),
                seconds=f"{time_limit:g}",
            )
        )  # fmt: skip
        + " "
        + e(
            _t("Every notebook ran again on the course company's data.", lang)
            if same_data
            else _t("Every notebook ran again on its student's own data.", lang)
        )  # fmt: skip
        + "</p>",
        f'<p><a href="gradebook.csv">gradebook.csv</a>: '
        f"{e(_t('one row per student, one column per question (opens in Excel)', lang))}; "
        f'<a href="grades.json">grades.json</a>: {e(_t("the same for programs", lang))}.</p>',
    ]
    if findings:
        body.append(_box([f.text(lang) for f in findings], _t("Not graded", lang)))
    notes = [note for g in grades if (note := data_note(g, lang))]
    if notes:
        body.append(
            _box([f"{g.student_id}, {note}" for g in grades if (note := data_note(g, lang))],
                 _t("Submissions on other data", lang))
        )  # fmt: skip
    body += [
        f"<h2>{e(_t('Share of the class correct, per question', lang))}</h2>",
        f'<img class="chart" alt="{e(_t("share of the class correct, per question", lang))}" '
        f'src="{png_data_uri(plot_share_correct(summary, lang))}">',
        f"<h2>{e(_t('Questions and the most frequent mistakes', lang))}</h2>",
        _questions_table(summary, catalogue, grades, lang),
        f"<h2>{e(_t('Students who are stuck', lang))}</h2>",
        f"<p>{e(_t('{n} or more questions wrong, or a question in error.', lang, n=STUCK_WRONG))}"
        "</p>",
        _stuck_table(stuck, names, grades, lang),
        f"<h2>{e(_t('Every student', lang))}</h2>",
        _students_table(students, grades, counts, exercises, lang),
    ]
    return _page(_t("Grades: {folder}", lang, folder=title), body, lang)


def _questions_table(summary, catalogue, grades, lang) -> str:
    hints = {}  # a general finding's hint as one student saw it (in English)
    for g in grades:
        for q in g.questions:
            if q.status == WRONG and q.mistake and q.hint:
                hints.setdefault((g.exercise, q.check, q.mistake), q.hint)
    rows = []
    for question, row in summary.iterrows():
        number, _, check = str(question).partition(" ")
        mistakes = []
        for mistake, n in row["mistakes"]:
            prepared = catalogue.get(row["exercise"], {}).get(row["check"], {}).get(mistake)
            seen = hints.get((row["exercise"], row["check"], mistake), "")
            hint = prepared or _t("for example: {hint}", lang, hint=seen)
            mistakes.append(f"<b>{e(mistake)}</b> ×{n}: {e(hint)}")
        rows.append(
            [e(f"{number} {question_label(check, lang)}"), str(int(row[CORRECT])),
             str(int(row[WRONG])), str(int(row[NOT_ANSWERED])), str(int(row[ERROR])),
             "<br>".join(mistakes)]
        )  # fmt: skip
    head = [_t("question", lang), _t("correct", lang), _t("wrong", lang), _t("not answered", lang),
            _t("error", lang), _t("most frequent mistakes", lang)]  # fmt: skip
    return _table(head, rows, numeric=(1, 2, 3, 4))


def _stuck_table(stuck, names, grades, lang) -> str:
    if stuck.empty:
        return f"<p>{e(_t('No student is stuck.', lang))}</p>"
    trouble: dict[str, list[str]] = {}
    for g in grades:
        for q in g.questions:
            if q.status in (WRONG, ERROR):
                label = f"{question_key(g.exercise, question_label(q.check, lang))}"
                trouble.setdefault(g.student_id, []).append(f"{label} ({result_text(q, lang)})")
    rows = [
        [_student_link(s), e(names.get(s, "")), str(int(r[WRONG])), str(int(r[ERROR])),
         e(", ".join(trouble.get(s, [])))]
        for s, r in stuck.iterrows()
    ]  # fmt: skip
    head = [_t("student id", lang), _t("name", lang), _t("wrong", lang), _t("error", lang),
            _t("questions", lang)]  # fmt: skip
    return _table(head, rows, numeric=(2, 3))


def _students_table(students, grades, counts, exercises, lang) -> str:
    status = {(g.student_id, g.exercise): notebook_text(g, lang) for g in grades}
    rows = []
    for student, name in zip(students["student_id"], students["name"], strict=True):
        c = counts.loc[student]
        score = "" if pd.isna(c["score"]) else theme.percent(c["score"])
        rows.append(
            [_student_link(student), e(name)]
            + [e(status.get((student, x), "")) for x in exercises]
            + [f"{int(c[CORRECT])}/{int(c['questions'])}", e(score)]
        )
    head = [_t("student id", lang), _t("name", lang)]
    head += [_t("{exercise} notebook", lang, exercise=x[:2]) for x in exercises]
    head += [_t("correct", lang), _t("score", lang)]
    return _table(head, rows, numeric=tuple(range(2 + len(exercises), 4 + len(exercises))))


def student_page(
    student_id: str,
    name: str,
    grades: Sequence[NotebookGrade],
    *,
    pages: Mapping[str, str] | None = None,
    lang: str = "en",
) -> str:
    """The HTML of ``students/<id>.html``; ``pages`` maps an exercise to the executed
    notebook's files, relative to the student page (``S001/00_warm_up``)."""
    catalogue = mistake_catalogue(lang)
    title = f"{student_id} {name}".strip()
    body = [
        f"<h1>{e(title)}</h1>",
        f'<p><a href="../index.html">{e(_t("the whole class", lang))}</a></p>',
    ]
    for g in grades:
        body.append(f"<h2>{e(g.exercise)}</h2>")
        facts = [_t("notebook: {status}", lang, status=notebook_text(g, lang))]
        if g.file:
            facts.append(_t("file: {file}", lang, file=g.file))
        if g.data_source:
            facts.append(_t("graded on: {source}", lang, source=g.data_source))
        note = data_note(g, lang)
        if note:
            facts.append(note)
        body.append("<p>" + "<br>".join(e(f) for f in facts) + "</p>")
        base = (pages or {}).get(g.exercise)
        if base:
            body.append(
                f'<p><a href="{e(quote(base + ".html"))}">{e(_t("the notebook as it ran", lang))}'
                f'</a> (<a href="{e(quote(base + ".ipynb"))}">.ipynb</a>)</p>'
            )
        rows = []
        for q in g.questions:
            cls = STATUS_CLASS.get(q.status, "")
            result = f'<td class="{cls}">{e(result_text(q, lang))}</td>'
            rows.append([e(question_label(q.check, lang)), result, e(q.mistake or ""),
                         e(explanation(q, g.exercise, catalogue, lang))])  # fmt: skip
        head = [_t("question", lang), _t("result", lang), _t("mistake", lang),
                _t("hint or problem", lang)]  # fmt: skip
        body.append(_table(head, rows))
    return _page(title, body, lang)
