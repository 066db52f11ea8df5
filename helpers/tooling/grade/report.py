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
from pathlib import Path
from urllib.parse import quote

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from helpers import theme
from helpers.checks.keys import mistake_catalogue
from helpers.checks.messages import question_label
from helpers.i18n import tr
from helpers.tooling.grade.gradebook import (
    PUNCTUATION,
    STUCK_WRONG,
    data_note,
    notebook_text,
    question_key,
    status_words,
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

BAR_COLOR = theme.METRIC_COLORS["revenue"]
EXTRA_STYLE = """td.correct{color:#1a7f37}td.wrong{color:#9a6700}td.error{color:#cf222e}
td.skipped,td.missing{color:#57606a}img.chart{max-width:100%}"""
STATUS_CLASS = {CORRECT: "correct", WRONG: "wrong", ERROR: "error", SKIPPED: "skipped",
                NOT_ANSWERED: "missing", NOT_SUBMITTED: "missing"}  # fmt: skip


# --- the chart ----------------------------------------------------------------------------------


def plot_share_correct(summary: pd.DataFrame, lang: str = "en") -> Axes:
    """Horizontal bars: the share of the class correct for each question, in course order.

    ``summary`` is :func:`helpers.tooling.grade.gradebook.question_summary`.

    >>> s = pd.DataFrame({"exercise": ["00_warm_up"] * 2, "check": ["Q1", "Q3 first day"],
    ...                   "share_correct": [0.5, 1.0], "correct": [1, 2], "students": [2, 2]})
    >>> ax = plot_share_correct(s, "zh")
    >>> [t.get_text() for t in ax.get_yticklabels()], bool(ax.get_xlim()[1] >= 1)
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
        ax.set_xlabel(tr("share of the class correct", lang, domain="grade"))
        ax.set_title(tr("Share of the class correct, per question", lang, domain="grade"))
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
    at = {"cell": grade.cell, "line": grade.line, "error": grade.error}
    if grade.reason == RAISED_IN:
        return tr("{error} in cell {cell} ({line})", lang, domain="grade", **at)
    if grade.reason == TIME_LIMIT:
        return tr("the time limit ({error} s) was reached in cell {cell} ({line})", lang,
                  domain="grade", **at)  # fmt: skip
    if grade.reason == KERNEL_DIED:
        return tr("the kernel stopped in cell {cell} ({line}): out of memory, or exit()", lang,
                  domain="grade", **at)  # fmt: skip
    if grade.reason == NO_CHECK:
        return tr("the notebook has no check of this question", lang, domain="grade")
    if grade.reason == CHECK_NOT_RUN:
        return tr("its check (cell {cell}) did not run", lang, domain="grade", **at)
    if grade.reason == UNREADABLE:
        return tr("the notebook cannot be read: {error}", lang, domain="grade", **at)
    if grade.reason == NOT_RUN:
        return tr("the notebook could not be run: {error}", lang, domain="grade", **at)
    if grade.reason == AMBIGUOUS:
        return tr("several notebooks of this exercise: {error}; keep one", lang, domain="grade",
                  **at)  # fmt: skip
    return grade.error


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
    words = status_words(lang)
    if grade.status == CORRECT and grade.rounded:
        return words["rounded"]
    return words.get(grade.status, grade.status)


def labels(lang: str = "en") -> dict[str, str]:
    """The headings and column names of the report pages in ``lang``."""
    return {
        "question": tr("question", lang, domain="grade"),
        "student id": tr("student id", lang, domain="grade"),
        "name": tr("name", lang, domain="grade"),
        "questions": tr("questions", lang, domain="grade"),
        "score": tr("score", lang, domain="grade"),
        "result": tr("result", lang, domain="grade"),
        "mistake": tr("mistake", lang, domain="grade"),
        "hint": tr("hint or problem", lang, domain="grade"),
        "frequent": tr("most frequent mistakes", lang, domain="grade"),
        "chart": tr("Share of the class correct, per question", lang, domain="grade"),
        "chart alt": tr("share of the class correct, per question", lang, domain="grade"),
        "questions title": tr("Questions and the most frequent mistakes", lang, domain="grade"),
        "stuck title": tr("Students who are stuck", lang, domain="grade"),
        "nobody stuck": tr("No student is stuck.", lang, domain="grade"),
        "everyone": tr("Every student", lang, domain="grade"),
        "not graded": tr("Not graded", lang, domain="grade"),
        "other data": tr("Submissions on other data", lang, domain="grade"),
        "gradebook": tr("one row per student, one column per question (opens in Excel)", lang,
                        domain="grade"),
        "json": tr("the same for programs", lang, domain="grade"),
        "class": tr("the whole class", lang, domain="grade"),
        "as it ran": tr("the notebook as it ran", lang, domain="grade"),
        "same data": tr("Every notebook ran again on the course company's data.", lang,
                        domain="grade"),
        "own data": tr("Every notebook ran again on its student's own data.", lang,
                       domain="grade"),
    }  # fmt: skip


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
    w = labels(lang)
    colon, semicolon = PUNCTUATION[lang]
    space, stop = ("", "。") if lang == "zh" else (" ", ".")
    heading = tr("Grades: {folder}", lang, domain="grade", folder=title)
    seconds = f"{time_limit:g}"
    facts = tr("{students} students, {notebooks} notebooks graded (exercises {exercises}); "
               "time limit {seconds} s per notebook.", lang, domain="grade",
               students=len(students), notebooks=graded, seconds=seconds,
               exercises=", ".join(x[:2] for x in exercises))  # fmt: skip
    body = [
        f"<h1>{e(heading)}</h1>",
        f"<p>{e(facts)}{space}{e(w['same data'] if same_data else w['own data'])}</p>",
        f'<p><a href="gradebook.csv">gradebook.csv</a>{colon}{e(w["gradebook"])}{semicolon}'
        f'<a href="grades.json">grades.json</a>{colon}{e(w["json"])}{stop}</p>',
    ]
    if findings:
        body.append(_box([f.text(lang) for f in findings], w["not graded"]))
    notes = [f"{g.student_id} {note}" for g in grades if (note := data_note(g, lang))]
    if notes:
        body.append(_box(notes, w["other data"]))
    stuck_rule = tr("{n} or more questions wrong, or a question in error.", lang,
                    domain="grade", n=STUCK_WRONG)  # fmt: skip
    body += [
        f"<h2>{e(w['chart'])}</h2>",
        f'<img class="chart" alt="{e(w["chart alt"])}" '
        f'src="{png_data_uri(plot_share_correct(summary, lang))}">',
        f"<h2>{e(w['questions title'])}</h2>",
        _questions_table(summary, catalogue, grades, lang),
        f"<h2>{e(w['stuck title'])}</h2>",
        f"<p>{e(stuck_rule)}</p>",
        _stuck_table(stuck, names, grades, lang),
        f"<h2>{e(w['everyone'])}</h2>",
        _students_table(students, grades, counts, exercises, lang),
    ]
    return _page(heading, body, lang)


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
            hint = prepared or tr("for example: {hint}", lang, hint=seen, domain="grade")
            mistakes.append(f"<b>{e(mistake)}</b> ×{n}: {e(hint)}")
        rows.append(
            [e(f"{number} {question_label(check, lang)}"), str(int(row[CORRECT])),
             str(int(row[WRONG])), str(int(row[NOT_ANSWERED])), str(int(row[ERROR])),
             "<br>".join(mistakes)]
        )  # fmt: skip
    w, words = labels(lang), status_words(lang)
    head = [w["question"], words[CORRECT], words[WRONG], words[NOT_ANSWERED], words[ERROR],
            w["frequent"]]  # fmt: skip
    return _table(head, rows, numeric=(1, 2, 3, 4))


def _stuck_table(stuck, names, grades, lang) -> str:
    if stuck.empty:
        return f"<p>{e(labels(lang)['nobody stuck'])}</p>"
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
    w, words = labels(lang), status_words(lang)
    head = [w["student id"], w["name"], words[WRONG], words[ERROR], w["questions"]]
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
    w = labels(lang)
    head = [w["student id"], w["name"]]
    head += [tr("{exercise} notebook", lang, domain="grade", exercise=x[:2]) for x in exercises]
    head += [status_words(lang)[CORRECT], w["score"]]
    return _table(head, rows, numeric=tuple(range(2 + len(exercises), 4 + len(exercises))))


def student_page(
    student_id: str,
    name: str,
    grades: Sequence[NotebookGrade],
    *,
    pages: Mapping[str, Sequence[str]] | None = None,
    lang: str = "en",
) -> str:
    """The HTML of ``students/<id>.html``; ``pages`` maps an exercise to the files of its
    executed notebook, relative to the student page (``S001/00_warm_up.html``, ``.ipynb``)."""
    catalogue = mistake_catalogue(lang)
    title = f"{student_id} {name}".strip()
    body = [
        f"<h1>{e(title)}</h1>",
        f'<p><a href="../index.html">{e(labels(lang)["class"])}</a></p>',
    ]
    for g in grades:
        body.append(f"<h2>{e(g.exercise)}</h2>")
        facts = [tr("notebook: {status}", lang, status=notebook_text(g, lang), domain="grade")]
        if g.file:
            facts.append(tr("file: {file}", lang, file=g.file, domain="grade"))
        if g.data_source:
            facts.append(tr("graded on: {source}", lang, source=g.data_source, domain="grade"))
        note = data_note(g, lang)
        if note:
            facts.append(note)
        body.append("<p>" + "<br>".join(e(f) for f in facts) + "</p>")
        files = list((pages or {}).get(g.exercise, []))
        if files:
            links = [
                f'<a href="{e(quote(f))}">'
                f"{e(labels(lang)['as it ran'] if f.endswith('.html') else Path(f).suffix)}</a>"
                for f in sorted(files, key=lambda f: not f.endswith(".html"))
            ]
            body.append(f"<p>{' · '.join(links)}</p>")
        rows = []
        for q in g.questions:
            cls = STATUS_CLASS.get(q.status, "")
            result = f'<td class="{cls}">{e(result_text(q, lang))}</td>'
            rows.append([e(question_label(q.check, lang)), result, e(q.mistake or ""),
                         e(explanation(q, g.exercise, catalogue, lang))])  # fmt: skip
        w = labels(lang)
        head = [w["question"], w["result"], w["mistake"], w["hint"]]
        body.append(_table(head, rows))
    return _page(title, body, lang)
