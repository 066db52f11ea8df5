"""Grading a class's workbooks (批改作业): submissions found, re-executed, graded, reported.

The slow part builds a synthetic class from the handed-out exercise 00 (all correct, the
typical mistakes, unanswered, a syntax error, an infinite loop, a corrupt file, a copy
on another student's data, a flat file with a rounded answer and a forced solution mode,
a missing submission), grades it twice and checks every gradebook row exactly.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import lesson
from helpers.tooling import workbook
from helpers.tooling.cli import main as cli_main
from helpers.tooling.folders import FolderRefused
from helpers.tooling.grade import grade_class
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
    NotebookGrade,
    QuestionGrade,
    read_results,
    record_output,
)
from helpers.tooling.grade.submissions import Finding, find_submissions
from helpers.tooling.roster import student_data_source

EXERCISE = "00_warm_up"
EXERCISES = [p.stem for p in workbook.solution_sources()]
CHECKS = ["Q1", "Q2", "Q3 first day", "Q3 last day", "Q4", "Q5", "Q6", "Q7", "Q8 customer",
          "Q8 share", "Q9", "Q10"]  # fmt: skip
HOSTILE = "<img src=x onerror=alert(1)>"


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _notebook(path: Path, exercise: str = EXERCISE, student: str | None = None) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    nb.metadata["workbook"] = {"source": f"solutions/{exercise}.py", "student": student}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


# --- which notebook is whose ------------------------------------------------------------------


def test_submissions_are_found_in_both_layouts_and_nothing_is_guessed(tmp_path):
    folder = tmp_path / "collected"
    _notebook(folder / "S1" / "00_warm_up.ipynb")
    _notebook(folder / "S1" / ".ipynb_checkpoints" / "00_warm_up-checkpoint.ipynb")
    _notebook(folder / "S1" / "work" / "Untitled.ipynb", exercise="03_abc_grading")
    _notebook(folder / "s2" / "mine.ipynb")  # the stamp says which exercise
    _notebook(folder / "s2" / "00_warm_up (copy).ipynb")  # a second one: the instructor decides
    _notebook(folder / "S3_00_warm_up.ipynb")
    _notebook(folder / "01_data_collection-S3.ipynb", exercise="01_data_collection")
    _notebook(folder / "S9" / "00_warm_up.ipynb")
    (folder / "S4").mkdir()
    (folder / "S4" / "answers.txt").write_text("42")
    (folder / "README.txt").write_text("hand-in box")
    plain = folder / "S1" / "notes.ipynb"
    plain.write_text(nbformat.writes(nbformat.v4.new_notebook()))
    try:
        os.symlink(folder / "S3_00_warm_up.ipynb", folder / "S5_00_warm_up.ipynb")
        links = [("link", "S5_00_warm_up.ipynb")]
    except OSError:  # a system where this user may not make links
        links = []
    before = _digest(folder)

    found, findings = find_submissions(folder, EXERCISES, ["S1", "S2", "S3", "S4", "S5"])
    assert [(s.student_id, s.exercise, s.files) for s in found] == [
        ("S1", "00_warm_up", ("S1/00_warm_up.ipynb",)),
        ("S1", "03_abc_grading", ("S1/work/Untitled.ipynb",)),
        ("S2", "00_warm_up", ("s2/00_warm_up (copy).ipynb", "s2/mine.ipynb")),
        ("S3", "00_warm_up", ("S3_00_warm_up.ipynb",)),
        ("S3", "01_data_collection", ("01_data_collection-S3.ipynb",)),
    ]
    assert sorted((f.code, f.file) for f in findings) == [
        *links,
        ("no_exercise", "S1/notes.ipynb"),
        ("no_notebook", "S4"),
        ("not_a_notebook", "README.txt"),
        ("not_on_roster", "S9"),
    ]
    assert _digest(folder) == before

    # without a roster the folder names are the ids, and must be safe as folder names
    found, findings = find_submissions(folder, EXERCISES)
    assert {s.student_id for s in found} == {"S1", "s2", "S3", "S9"}
    bad = tmp_path / "bad"
    _notebook(bad / "_x" / "00_warm_up.ipynb")
    assert [f.code for f in find_submissions(bad, EXERCISES)[1]] == ["unsafe_id"]


# --- reading the results of an executed notebook ---------------------------------------------


def _code(source, *outputs):
    return nbformat.v4.new_code_cell(source, outputs=list(outputs))


def _error(ename="NameError", evalue="name 'x' is not defined"):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[])


def test_every_check_gets_its_result_or_the_cell_that_failed():
    nb = nbformat.v4.new_notebook(
        cells=[
            _code("injected", ),
            _code("n = 3"),
            _code('check.q("Q1", n)', record_output(EXERCISE, "Q1", "not yet",
                                                   mistake="order_lines", hint="lines")),
            _code('check.q("Q1", n)', record_output(EXERCISE, "Q1", "correct", rounded=True)),
            _code("m = orders[", _error("SyntaxError", "'[' was never closed")),
            _code('check.q("Q2", m)', _error()),
            _code('check.q("Q3 first day", a)\ncheck.q("Q3 last day", b)',
                  record_output(EXERCISE, "Q3 first day", "not answered"),
                  record_output("01_data_collection", "Q3 last day", "correct")),
            _code('if False:\n    check.q("Q4", None)'),
            _code("while True: pass", _error("KeyboardInterrupt", "")),
            _code('check.q("Q6", x)'),
        ]
    )  # fmt: skip
    nb.cells[0].metadata["tags"] = ["injected-parameters"]
    found = read_results(nb, EXERCISE, ["Q1", "Q2", "Q3 first day", "Q3 last day", "Q4", "Q5",
                                        "Q6"], stopped_at=7, detail="30")  # fmt: skip
    assert [(g.check, g.status, g.rounded, g.reason, g.cell, g.error) for g in found] == [
        ("Q1", "correct", True, "", None, ""),
        ("Q2", "error", False, "raised", 3, "SyntaxError: '[' was never closed"),
        ("Q3 first day", "not answered", False, "", None, ""),
        ("Q3 last day", "error", False, "check not run", 5, ""),
        ("Q4", "error", False, "check not run", 6, ""),
        ("Q5", "error", False, "time limit", 7, "30"),
        ("Q6", "error", False, "time limit", 7, "30"),
    ]
    assert found[1].line == "m = orders["
    # without a stop, the cell before Q6's check raised, and Q9 has no check at all
    q6, q9 = read_results(nb, EXERCISE, ["Q6", "Q9"])
    assert (q6.reason, q6.cell, q6.error, q9.reason) == (
        "raised",
        7,
        "KeyboardInterrupt:",
        "no check",
    )


# --- the gradebook and the report -------------------------------------------------------------


def _grades():
    return [
        NotebookGrade("S1", EXERCISE, "ran", file="S1/00_warm_up.ipynb", questions=(
            QuestionGrade("Q1", "correct"), QuestionGrade("Q2", "wrong", mistake="order_lines",
                                                          hint="you counted order lines"),
            QuestionGrade("Q3 first day", "correct", rounded=True))),
        NotebookGrade("S2", EXERCISE, "raised", file=f"S2/{HOSTILE}.ipynb", cell=4,
                      line="x = <script>", error="ValueError: <script>alert(1)</script>",
                      data_source="course:seed1", declared="course:seed2", declared_owner="S1",
                      questions=(
            QuestionGrade("Q1", "wrong", mistake="too_high", hint=f"too high: {HOSTILE}"),
            QuestionGrade("Q2", "error", reason="raised", cell=4, line="x = <script>",
                          error="ValueError: <script>alert(1)</script>"),
            QuestionGrade("Q3 first day", "wrong", mistake="date_off", hint="1 day later"))),
        NotebookGrade("S3", EXERCISE, "not submitted", questions=tuple(
            QuestionGrade(c, "not submitted") for c in ["Q1", "Q2", "Q3 first day"])),
    ]  # fmt: skip


STUDENTS = pd.DataFrame({"student_id": ["S1", "S2", "S3"], "name": ["张三", HOSTILE, "王五"]})


def test_gradebook_rows_totals_and_an_excel_friendly_file(tmp_path):
    book = gradebook(_grades(), STUDENTS)
    assert list(book.columns) == [
        "student id", "name", "00 notebook", "00 Q1", "00 Q2", "00 Q3 first day", "correct",
        "wrong", "not answered", "error", "questions", "score", "notes",
    ]  # fmt: skip
    assert book.values.tolist() == [
        ["S1", "张三", "ran", "correct", "wrong: order_lines", "correct (rounded)", 2, 1, 0, 0,
         3, 0.667, ""],
        ["S2", HOSTILE, "raised (cell 4)", "wrong: too_high", "error: cell 4", "wrong: date_off",
         0, 2, 0, 1, 3, 0.0,
         "00: the notebook named the data of S1 (course:seed2); graded on S2's own "
         "(course:seed1)"],
        ["S3", "王五", "not submitted", "not submitted", "not submitted", "not submitted", 0, 0,
         3, 0, 3, 0.0, ""],
    ]  # fmt: skip
    path = write_gradebook(book, tmp_path / "gradebook.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "张三".encode() in raw
    again = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert again["name"].tolist() == ["张三", HOSTILE, "王五"]

    zh = gradebook(_grades(), STUDENTS, "zh")
    assert list(zh.columns[:6]) == ["学号", "姓名", "00 作业状态", "00 Q1", "00 Q2", "00 Q3 第一天"]
    assert zh.iloc[0, 3:6].tolist() == ["正确", "错误：order_lines", "正确（已四舍五入）"]
    assert zh.iloc[1, 2] == "有报错（单元格 4）"


def test_question_summary_counts_the_class_and_its_frequent_mistakes():
    table = grades_table(_grades())
    summary = question_summary(table)
    counted = ["correct", "wrong", "not answered", "error", "students"]
    assert summary.loc["00 Q1", counted].tolist() == [1, 1, 1, 0, 3]
    assert summary["share_correct"].round(3).tolist() == [0.333, 0.0, 0.333]
    assert summary.loc["00 Q1", "mistakes"] == [("too_high", 1)]
    counts = totals(table, ["S1", "S2", "S3"])
    assert stuck_students(counts).index.tolist() == ["S2"]


def test_report_pages_escape_everything_from_submissions(tmp_path):
    grades = _grades()
    table = grades_table(grades)
    counts = totals(table, ["S1", "S2", "S3"])
    page = class_page(
        title=f"box {HOSTILE}", students=STUDENTS, grades=grades, summary=question_summary(table),
        counts=counts, stuck=stuck_students(counts),
        findings=[Finding("not_a_notebook", f"{HOSTILE}.txt")], time_limit=30, same_data=False,
    )  # fmt: skip
    files = ["S2/00_warm_up.ipynb", "S2/00_warm_up.html"]
    mine = student_page("S2", HOSTILE, [grades[1]], pages={EXERCISE: files})
    for html in (page, mine):
        assert "<script" not in html and "<img src=x" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert page.count("<img ") == 1 and 'src="data:image/png;base64,' in page
    assert "you counted order lines, not distinct orders: use nunique()" in page  # its hint
    assert "for example: too high: &lt;img" in page  # a general finding: the hint seen
    assert (
        "ValueError: &lt;script&gt;alert(1)&lt;/script&gt; in cell 4 (x = &lt;script&gt;)" in mine
    )
    assert '<a href="S2/00_warm_up.html">the notebook as it ran</a>' in mine
    assert '<a href="S2/00_warm_up.ipynb">.ipynb</a>' in mine


def test_report_speaks_chinese():
    grades = _grades()
    table = grades_table(grades)
    counts = totals(table, ["S1", "S2", "S3"])
    page = class_page(
        title="第一班", students=STUDENTS, grades=grades, summary=question_summary(table),
        counts=counts, stuck=stuck_students(counts), findings=[], time_limit=30, same_data=True,
        lang="zh",
    )  # fmt: skip
    assert '<html lang="zh-CN">' in page and "批改结果：第一班" in page
    assert "你数的是订单行，而不是不同的订单：请用 nunique()" in page
    assert "有困难的学生" in page


# --- the report folder follows the course's folder rules --------------------------------------


def test_grading_never_writes_into_the_submissions_and_replaces_only_its_own_report(
    tmp_path, capsys
):
    folder = tmp_path / "collected"
    (folder / "S1").mkdir(parents=True)
    (folder / "S1" / "00_warm_up.ipynb").write_text('{"cells": [')  # cut short
    roster = tmp_path / "class.csv"
    roster.write_text("student_id,name\nS1,Ann\nS2,Bo\n")
    before = _digest(folder)
    out = tmp_path / "report"

    graded = grade_class(folder, out, roster=roster, time_limit=5)
    assert [(g.student_id, g.status) for g in graded.grades] == [
        ("S1", "unreadable"), ("S2", "not submitted")]  # fmt: skip
    assert graded.grades[0].questions[0].error.startswith("not a notebook: the file is not valid")
    assert sorted(p.name for p in out.iterdir()) == [
        ".course-run.json", "gradebook.csv", "grades.json", "index.html", "students"]  # fmt: skip
    first = (out / "gradebook.csv").read_bytes()

    command = ["grade", str(folder), "--out", str(out), "--roster", str(roster)]
    assert cli_main(command) == 2
    assert "--out already holds an earlier run" in capsys.readouterr().err
    assert cli_main([*command, "--force"]) == 0
    assert (out / "gradebook.csv").read_bytes() == first
    (out / "my notes.txt").write_text("keep")
    assert cli_main([*command, "--force"]) == 2
    assert "1 file(s) the earlier run did not write" in capsys.readouterr().err
    with pytest.raises(FolderRefused, match="lies inside the data of the run"):
        grade_class(folder, folder / "report", roster=roster)
    assert _digest(folder) == before


# --- a whole class, executed ------------------------------------------------------------------

TIME_LIMIT = "30"
ROSTER = {"S01": "张三", "S02": "李四", "S03": "王五", "S04": "赵六", "S05": "钱七",
          "S06": "孙八", "S07": "周九", "S08": HOSTILE, "S09": "郑十一"}  # fmt: skip
#: the typical mistakes of exercise 00, as students write them
MISTAKES = {
    "n_customers": 'n_customers = orders["customer_id"].nunique()',
    "n_orders": "n_orders = len(orders)",
    "as_of_date": 'as_of_date = orders["order_date"].max()',
    "top_n": "top_n = 10",
    "revenue_by_customer": 'top_customers = orders.groupby("customer_id")["revenue"].sum()'
    ".sort_values().head(top_n)",
    "top_customer": 'by_customer = orders.groupby("customer_id")["revenue"].sum()\n'
    "top_customer = by_customer.idxmax()\n"
    'top_share = 100 * by_customer.max() / orders["revenue"].sum()',
    "recent": "since = pd.Timestamp.now() - pd.Timedelta(days=365)\n"
    'n_active = orders.loc[orders["order_date"] >= since, "customer_id"].nunique()',
    "monthly": 'ax = orders.groupby(orders["order_date"].dt.to_period("M"))["revenue"]'
    ".sum().plot.bar()",
}


def _answer(nb, name, code):
    """Replace the stub that assigns ``name`` (and the stubs after it) with ``code``."""
    stub = f"{name} = None  {workbook.STUB_COMMENT}"
    (cell,) = [c for c in nb.cells if stub in c.source]
    lines = cell.source.split("\n")
    start = lines.index(stub)
    end = start + 1
    while end < len(lines) and lines[end].endswith(" = None"):
        end += 1
    cell.source = "\n".join(lines[:start] + [code] + lines[end:])
    return nb


def _solved(nb, exercise=EXERCISE):
    """Every answer of the solution, written in the student's copy (cells match one to one)."""
    solution = workbook.read_source(workbook.SOLUTIONS_DIR / f"{exercise}.py")
    for mine, model in zip(nb.cells, solution.cells, strict=True):
        if model.cell_type == "code" and workbook.BEGIN in model.source:
            lines = model.source.split("\n")
            markers = (workbook.BEGIN, workbook.END)
            mine.source = "\n".join(line for line in lines if line.strip() not in markers)
    return nb


def _cell_of(nb, text):
    return next(i for i, c in enumerate(nb.cells) if text in c.source)


def _total_revenue(source):
    return float(lesson.start(source, None, None).orders["revenue"].sum())


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """Hand out exercise 00 to a class of nine, build their submissions, grade them."""
    base = tmp_path_factory.mktemp("class")
    roster = base / "class.csv"
    pd.DataFrame({"student_id": list(ROSTER), "name": list(ROSTER.values())}).to_csv(
        roster, index=False
    )
    handout = base / "handout"
    assert cli_main(["handout", str(handout), "--roster", str(roster)]) == 0

    def copy(student):
        return nbformat.read(handout / student / f"{EXERCISE}.ipynb", as_version=4)

    folder = base / "submissions"
    work = {}
    work["S01"] = _solved(copy("S01"))
    work["S02"] = copy("S02")
    for name, code in MISTAKES.items():
        _answer(work["S02"], name, code)
    work["S03"] = copy("S03")
    work["S04"] = _solved(copy("S04"))
    syntax = _cell_of(work["S04"], 'n_orders = orders["order_id"].nunique()')
    work["S04"].cells[syntax].source = 'n_orders = orders["order_id"].nunique(\nn_orders'
    work["S05"] = _solved(copy("S05"))
    loop = _cell_of(work["S05"], 'total_revenue = orders["revenue"].sum()')
    work["S05"].cells[loop].source = "while True:\n    pass"
    # S07 worked on S08's data and typed in S08's total revenue
    work["S07"] = _solved(copy("S07"))
    theirs, own = student_data_source("S08", "course"), student_data_source("S07", "course")
    params = workbook.parameters_cell(work["S07"])
    params.source = params.source.replace(f'"{own}"', f'"{theirs}"')
    revenue = _cell_of(work["S07"], 'total_revenue = orders["revenue"].sum()')
    work["S07"].cells[revenue].source = f"total_revenue = {_total_revenue(theirs)!r}"
    # S08 set the checks to stop at a wrong answer and rounded the top share
    work["S08"] = _solved(copy("S08"))
    _answer_cell = _cell_of(work["S08"], 'n_orders = orders["order_id"].nunique()')
    work["S08"].cells[_answer_cell].source = "n_orders = len(orders)"
    start = _cell_of(work["S08"], 'check.start("00_warm_up"')
    work["S08"].cells[start].source = (
        work["S08"].cells[start].source.replace('mode="exercise"', 'mode="solution"')
    )
    share = _cell_of(work["S08"], "top_share = top_customers.iloc[0] / total_revenue")
    work["S08"].cells[share].source = (
        work["S08"]
        .cells[share]
        .source.replace(
            "top_share = top_customers.iloc[0] / total_revenue",
            "top_share = round(top_customers.iloc[0] / total_revenue, 3)",
        )
    )
    for student, nb in work.items():
        target = folder / (f"{student}_{EXERCISE}.ipynb" if student == "S08" else student)
        if student != "S08":
            target = target / f"{EXERCISE}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
    (folder / "S06").mkdir()
    (folder / "S06" / f"{EXERCISE}.ipynb").write_text('{"cells": [{"cell_type": "co')
    _notebook(folder / "S99" / f"{EXERCISE}.ipynb")
    (folder / "notes.txt").write_text("collected on Monday")
    before = _digest(folder)
    out = base / "report"
    command = ["grade", str(folder), "--out", str(out), "--roster", str(roster),
               "--timeout", TIME_LIMIT]  # fmt: skip
    assert cli_main(command) == 0
    return {"base": base, "folder": folder, "out": out, "command": command, "before": before,
            "cells": {"syntax": syntax, "loop": loop, "revenue": revenue},
            "totals": (_total_revenue(own), _total_revenue(theirs)),
            "sources": (own, theirs)}  # fmt: skip


def _row(student, notebook, results, counts, notes=""):
    texts = [results.get(c, "correct") for c in CHECKS]
    total = counts["correct"] + counts["wrong"] + counts["not answered"] + counts["error"]
    score = round(counts["correct"] / total, 3)
    return [student, ROSTER[student], notebook, *texts,
            *(str(counts[k]) for k in ("correct", "wrong", "not answered", "error")),
            str(total), str(score), notes]  # fmt: skip


def _counts(correct=0, wrong=0, unanswered=0, error=0):
    return {"correct": correct, "wrong": wrong, "not answered": unanswered, "error": error}


@pytest.mark.notebooks
@pytest.mark.slow
def test_the_gradebook_of_the_class_is_exactly_what_each_student_did(graded_class):
    cells = graded_class["cells"]
    own_total, their_total = graded_class["totals"]
    own, theirs = graded_class["sources"]
    high = their_total > own_total
    book = pd.read_csv(graded_class["out"] / "gradebook.csv", encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)  # fmt: skip
    totals_columns = ["correct", "wrong", "not answered", "error", "questions", "score", "notes"]
    assert list(book.columns) == [
        "student id",
        "name",
        "00 notebook",
        *(f"00 {c}" for c in CHECKS),
        *totals_columns,
    ]
    unanswered = dict.fromkeys(CHECKS, "not answered")
    expected = [
        _row("S01", "ran", {}, _counts(correct=12)),
        _row("S02", "ran", {"Q2": "wrong: order_lines", "Q3 first day": "not answered",
                            "Q3 last day": "not answered", "Q4": "wrong: last_order_day",
                            "Q5": "not answered", "Q7": "wrong: smallest",
                            "Q8 share": "wrong: percent_not_share", "Q9": "wrong: today",
                            "Q10": "wrong: no_axis_label"},
             _counts(correct=3, wrong=6, unanswered=3)),
        _row("S03", "ran", unanswered, _counts(unanswered=12)),
        _row("S04", f"raised (cell {cells['syntax']})", {"Q2": f"error: cell {cells['syntax']}"},
             _counts(correct=11, error=1)),
        _row("S05", f"time limit (cell {cells['loop']})",
             dict.fromkeys(CHECKS[5:], f"error: cell {cells['loop']}"),
             _counts(correct=5, error=7)),
        _row("S06", "unreadable", dict.fromkeys(CHECKS, "error"), _counts(error=12)),
        _row("S07", "ran", {"Q5": f"wrong: {'too_high' if high else 'too_low'}",
                            "Q8 share": f"wrong: {'too_low' if high else 'too_high'}"},
             _counts(correct=10, wrong=2),
             f"00: the notebook named the data of S08 ({theirs}); graded on S07's own ({own})"),
        _row("S08", "ran", {"Q2": "wrong: order_lines", "Q8 share": "correct (rounded)"},
             _counts(correct=11, wrong=1)),
        _row("S09", "not submitted", dict.fromkeys(CHECKS, "not submitted"),
             _counts(unanswered=12)),
    ]  # fmt: skip
    assert book.values.tolist() == expected


@pytest.mark.notebooks
@pytest.mark.slow
def test_the_class_report_shows_where_the_class_is_stuck(graded_class):
    out = graded_class["out"]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "9 students, 8 notebooks graded (exercises 00); time limit 30 s per notebook." in page
    assert page.count('src="data:image/png;base64,') == 1
    assert "S99: the id S99 is not on the roster; not graded" in page
    assert "notes.txt: not a notebook (.ipynb); not graded" in page
    assert "S07 00: the notebook named the data of S08" in page
    # the most frequent mistake of Q2: order lines, twice (S02 and S08), with its hint
    assert ("<b>order_lines</b> ×2: you counted order lines, not distinct orders: use nunique()"
            in page)  # fmt: skip
    stuck = page.split("Students who are stuck")[1].split("Every student")[0]
    listed = sorted((stuck.index(f">{s}</a>"), s) for s in ROSTER if f">{s}</a>" in stuck)
    assert [s for _, s in listed] == ["S06", "S05", "S02", "S04"]  # most wrong and errors first
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    loop = (out / "students" / "S05.html").read_text(encoding="utf-8")
    assert f"the time limit (30 s) was reached in cell {graded_class['cells']['loop']}" in loop
    syntax = (out / "students" / "S04.html").read_text(encoding="utf-8")
    assert "SyntaxError: " in syntax and f"in cell {graded_class['cells']['syntax']}" in syntax
    assert (out / "students" / "S01" / "00_warm_up.html").exists()
    assert not (out / "students" / "S06" / "00_warm_up.ipynb").exists()


@pytest.mark.notebooks
@pytest.mark.slow
def test_grading_leaves_submissions_untouched_and_twice_gives_the_same_report(graded_class):
    folder, out = graded_class["folder"], graded_class["out"]
    assert _digest(folder) == graded_class["before"]
    again = graded_class["base"] / "again"
    command = [*graded_class["command"]]
    command[command.index("--out") + 1] = str(again)
    assert cli_main(command) == 0
    assert _digest(folder) == graded_class["before"]
    same = ["gradebook.csv", "grades.json", "index.html",
            *(f"students/{s}.html" for s in ROSTER)]  # fmt: skip
    for name in same:
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


class _StopAfterFirst:
    """An output stream that stands for Ctrl-C pressed after the first graded notebook."""

    def write(self, text):
        if text.startswith("[1/"):
            raise KeyboardInterrupt

    def flush(self):
        pass


def test_an_interrupted_grading_is_resumed_not_restarted_unasked(tmp_path, capsys):
    from helpers.tooling.runner import Interrupted

    folder = tmp_path / "collected"
    for student in ("S1", "S2"):
        (folder / student).mkdir(parents=True)
        (folder / student / "00_warm_up.ipynb").write_text("not json")
    out = tmp_path / "report"
    with pytest.raises(Interrupted) as stopped:
        grade_class(folder, out, stream=_StopAfterFirst())
    assert stopped.value.partial == tmp_path / "report.partial" and not out.exists()
    command = ["grade", str(folder), "--out", str(out)]
    assert cli_main(command) == 2
    assert "add --resume to finish it, or --force" in capsys.readouterr().err
    assert cli_main([*command, "--resume"]) == 0
    assert not stopped.value.partial.exists()
    book = pd.read_csv(out / "gradebook.csv", encoding="utf-8-sig", dtype=str)
    assert book["00 notebook"].tolist() == ["unreadable", "unreadable"]


@pytest.mark.notebooks
@pytest.mark.slow
def test_the_case_study_is_graded_on_another_company_of_the_student(tmp_path):
    """Exercise 06 on the student's own other company: the solution's answers are all correct
    (Q1-Q2 check the raw export, the same for everyone; the rest the student's company)."""
    roster = tmp_path / "class.csv"
    roster.write_text("student_id,name\nS01,Ann\n")
    handout = tmp_path / "handout"
    assert cli_main(["handout", str(handout), "--roster", str(roster)]) == 0
    mine = nbformat.read(handout / "S01" / "06_case_study.ipynb", as_version=4)
    folder = tmp_path / "submissions"
    (folder / "S01").mkdir(parents=True)
    nbformat.write(_solved(mine, "06_case_study"), folder / "S01" / "06_case_study.ipynb")
    graded = grade_class(folder, tmp_path / "report", roster=roster, time_limit=120)
    (grade,) = graded.grades
    assert grade.data_source == student_data_source("S01", "course:seed7") == grade.declared
    assert grade.data_source not in ("course:seed7", student_data_source("S01", "course"))
    assert grade.status == "ran"
    assert [(q.check, q.status) for q in grade.questions] == [
        (check, "correct") for check in ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6 base service",
                                         "Q6 resource split", "Q7"]
    ]  # fmt: skip
