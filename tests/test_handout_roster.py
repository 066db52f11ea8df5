"""Handing out per-student workbooks from a class roster (按花名册分发作业).

A roster in CSV (UTF-8 or GBK) or Excel gives one folder per student whose workbooks run
on the student's own variant of the course company; a bad roster stops with every
problem listed; edited copies are kept; ``--same-data`` keeps the course's data.
"""

from __future__ import annotations

import hashlib
import json

import nbformat
import pandas as pd
import papermill as pm
import pytest

from helpers.datasets import course_variant, load_tables
from helpers.paths import EXERCISES_DIR
from helpers.schema import DataError
from helpers.tooling import roster as rosters
from helpers.tooling import workbook
from helpers.tooling.cli import main as cli_main
from helpers.tooling.roster import read_roster, student_data_source, student_seed

EXERCISES = [p.stem for p in workbook.solution_sources()]
GBK_ROSTER = "学号,姓名,邮箱\n2024001,张三,a@example.org\n2024002,李四,b@example.org\nS-03,王五,\n"


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


# --- the roster -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "utf-8-sig"])
def test_roster_reads_chinese_headers_in_every_encoding(tmp_path, encoding):
    roster = read_roster(_write(tmp_path / "class.csv", GBK_ROSTER, encoding))
    assert roster.to_dict("list") == {
        "student_id": ["2024001", "2024002", "S-03"],
        "name": ["张三", "李四", "王五"],
    }


def test_roster_keeps_leading_zeros_and_reads_excel_numbers(tmp_path):
    csv = read_roster(_write(tmp_path / "class.csv", "student_id,name\n007,Ann\n010,Bo\n"))
    assert csv["student_id"].tolist() == ["007", "010"]
    book = tmp_path / "class.xlsx"
    pd.DataFrame({"Student ID": [2024001, 2024002], "Name": ["Ann", "Bo"]}).to_excel(
        book, index=False
    )
    assert read_roster(book)["student_id"].tolist() == ["2024001", "2024002"]


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("学号,姓名\nS1,甲\ns1,乙\nS2,丙\nS2,丁\n", "roster_duplicate_id",
         ["2 id(s) appear more than once", "'S1'", "'s1'", "lines 2, 3, 4, 5"]),
        ("id,email\nS1,a@x\n", "roster_columns",
         ["no column for the name", "'id', 'email'", "student_id and name"]),
        ("student_id,name\n../etc,x\nS 1,y\nCON,z\n", "roster_unsafe_id",
         ["3 id(s) cannot name a folder", "'../etc' must start with a letter",
          "'S 1' holds a character", "'CON' is a name Windows reserves"]),
        ("student_id,name\nS1,x\n,y\n", "roster_empty_id", ["1 student(s) have no id (lines 3)"]),
    ],
)  # fmt: skip
def test_a_bad_roster_names_the_problem_and_the_fix(tmp_path, text, code, words):
    with pytest.raises(DataError) as caught:
        read_roster(_write(tmp_path / "class.csv", text, "gbk"))
    problem = next(p for p in caught.value.problems if p.code == code)
    for word in words:
        assert word in problem.what + problem.fix


def test_a_roster_workbook_with_several_sheets_is_not_guessed(tmp_path):
    book = tmp_path / "class.xlsx"
    with pd.ExcelWriter(book) as writer:
        pd.DataFrame({"id": ["S1"], "name": ["A"]}).to_excel(writer, sheet_name="A班", index=False)
        pd.DataFrame({"id": ["S2"], "name": ["B"]}).to_excel(writer, sheet_name="B班", index=False)
    with pytest.raises(DataError, match="2 sheets .*'A班', 'B班'"):
        read_roster(book)


def test_every_problem_of_a_roster_is_listed_at_once(tmp_path):
    roster = pd.DataFrame({"student_id": ["S1", "S1", "a/b", ""], "name": [""] * 4})
    codes = [p.code for p in rosters.roster_problems(roster)]
    assert codes == ["roster_empty_id", "roster_unsafe_id", "roster_duplicate_id"]


# --- the seed rule ----------------------------------------------------------------------------


def test_the_seed_rule_is_the_stated_one():
    for student in ["S001", "2024001", "s-1.a"]:
        digest = int(hashlib.sha256(student.encode("utf-8")).hexdigest()[:8], 16)
        assert student_seed(student) == 100_000 + digest % 900_000
        other = int(hashlib.sha256(f"{student}|course:seed7".encode()).hexdigest()[:8], 16)
        assert student_seed(student, "course:seed7") == 100_000 + other % 900_000
    seeds = {student_seed(f"S{i:03d}") for i in range(200)}
    assert len(seeds) == 200 and all(100_000 <= s < 1_000_000 for s in seeds)


def test_each_exercise_keeps_its_kind_of_data_per_student():
    assert student_data_source("S001", "course") == f"course:seed{student_seed('S001')}"
    case = student_data_source("S001", "course:seed7")
    assert case == f"course:seed{student_seed('S001', 'course:seed7')}" != "course:seed7"
    flat = student_data_source("S001", "course:seed3,shape=flat")
    assert course_variant(flat) == {
        "seed": student_seed("S001", "course:seed3,shape=flat"),
        "shape": "flat",
        "customers": 2000,
    }
    for fixed in ["course:raw", "online_retail", "exports/sales.csv"]:
        assert student_data_source("S001", fixed) == fixed


def test_a_student_company_has_the_course_shape_and_other_numbers():
    mine = load_tables(student_data_source("S001", "course"))
    course = load_tables("course")
    assert mine.tables().keys() == course.tables().keys()
    assert len(mine.customers) == len(course.customers)
    assert mine.orders["revenue"].sum() != pytest.approx(course.orders["revenue"].sum())


# --- the handout ------------------------------------------------------------------------------


def _data_source(path):
    declared = pm.inspect_notebook(str(path))["data_source"]["default"]
    return json.loads(declared)


def test_handout_gives_each_student_a_folder_on_their_own_data(tmp_path, capsys):
    roster = _write(tmp_path / "class.csv", GBK_ROSTER, "gbk")
    out = tmp_path / "class"
    assert cli_main(["handout", str(out), "--roster", str(roster)]) == 0
    printed = capsys.readouterr().out
    ids = ["2024001", "2024002", "S-03"]
    assert sorted(p.name for p in out.iterdir()) == sorted(ids)
    sources = {}
    for student in ids:
        assert sorted(p.stem for p in (out / student).glob("*.ipynb")) == EXERCISES
        line = next(line for line in printed.splitlines() if line.startswith(student))
        own, case = (
            student_data_source(student, "course"),
            student_data_source(student, "course:seed7"),
        )
        assert f"{len(EXERCISES)} new" in line and f"00-05 {own}, 06 {case}" in line
        for exercise in EXERCISES:
            copy = out / student / f"{exercise}.ipynb"
            source = _data_source(copy)
            assert source == (case if exercise == "06_case_study" else own)
            sources[student, exercise] = source
            stamp = nbformat.read(copy, as_version=4).metadata["workbook"]
            assert stamp["student"] == student and stamp["data_source"] == source
            assert not workbook.is_edited(copy)
    assert len({sources[s, "00_warm_up"] for s in ids}) == 3
    assert len({sources[s, "06_case_study"] for s in ids}) == 3
    assert "warning" not in printed
    # the students' copies differ from the course's only in the parameters cell
    course = nbformat.read(out / "2024001" / "00_warm_up.ipynb", as_version=4)
    generated = workbook.generate(workbook.SOLUTIONS_DIR / "00_warm_up.py")
    differ = [i for i, (a, b) in enumerate(zip(course.cells, generated.cells, strict=True))
              if a.source != b.source]  # fmt: skip
    assert differ == [1] and "parameters" in course.cells[1].metadata["tags"]


def test_handout_keeps_a_student_edit_and_same_data_keeps_the_course_data(tmp_path, capsys):
    roster = _write(tmp_path / "class.csv", "student_id,name\nS1,Ann\nS2,Bo\n")
    out = tmp_path / "class"
    assert cli_main(["handout", str(out), "--roster", str(roster)]) == 0
    mine = out / "S1" / "00_warm_up.ipynb"
    nb = nbformat.read(mine, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("my notes"))
    nbformat.write(nb, mine)
    edited = mine.read_bytes()
    capsys.readouterr()

    assert cli_main(["handout", str(out), "--roster", str(roster)]) == 0
    printed = capsys.readouterr().out
    assert mine.read_bytes() == edited
    assert f"kept (edited)      {mine}" in printed and "--force" in printed
    assert f"S2  {len(EXERCISES)} unchanged" in printed

    same = tmp_path / "same"
    assert cli_main(["handout", str(same), "--roster", str(roster), "--same-data"]) == 0
    assert _data_source(same / "S1" / "00_warm_up.ipynb") == "course"
    assert _data_source(same / "S2" / "06_case_study.ipynb") == "course:seed7"
    stamp = nbformat.read(same / "S2" / "00_warm_up.ipynb", as_version=4).metadata["workbook"]
    assert stamp["student"] == "S2" and stamp["data_source"] == "course"


def test_handed_out_solutions_run_on_the_student_data_without_stale_outputs(tmp_path):
    roster = pd.DataFrame({"student_id": ["S1"], "name": ["Ann"]})
    out = tmp_path / "class"
    written = workbook.write_exercises(out, with_solutions=True, roster=roster)
    assert {w.action for w in written} == {"new"}
    solution = out / "S1" / "solutions" / "03_abc_grading.ipynb"
    assert _data_source(solution) == student_data_source("S1", "course")
    nb = nbformat.read(solution, as_version=4)
    assert all(not c.outputs for c in nb.cells if c.cell_type == "code")
    assert nb.metadata["workbook"]["kind"] == "solution"


def test_a_bad_roster_stops_the_handout_before_writing(tmp_path, capsys):
    roster = _write(tmp_path / "class.csv", "学号,姓名\nS1,甲\nS1,乙\n", "gbk")
    out = tmp_path / "class"
    assert cli_main(["handout", str(out), "--roster", str(roster)]) == 2
    err = capsys.readouterr().err
    assert "error: 1 id(s) appear more than once" in err and "Fix: give each student" in err
    assert not out.exists()


def test_students_who_would_share_data_are_named():
    table = pd.DataFrame(
        {"00_warm_up": ["course:seed1", "course:seed2", "course:seed1"],
         "06_case_study": ["course:seed7"] * 3},
        index=["S1", "S2", "S3"],
    )  # fmt: skip
    assert workbook.shared_data(table) == ["00_warm_up: S1, S3 (course:seed1)"]


def test_the_readme_tells_instructors_what_the_commands_do():
    readme = (workbook.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Instructors") : readme.index("## Re-running on other data")]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'data_source = "course"  # the data', metadata={"tags": ["parameters"]})])  # fmt: skip
    line = workbook.personalise(nb, "S001").cells[0].source
    assert f"```\n{line}\n```" in section
    assert f"`{student_data_source('S001', 'course:seed7')}` for `S001`" in section
    assert "100000 plus the first 8 hexadecimal digits of the\nSHA-256 hash" in section
    from helpers.tooling.cli import build_parser

    commands = build_parser()._subparsers._group_actions[0].choices
    for name in ("handout", "grade"):
        actions = commands[name]._actions
        options = [o for a in actions for o in a.option_strings if o not in ("-h", "--help")]
        for option in options:
            assert f"`{option}" in section or f"{option} " in section, (name, option)


def test_handout_in_chinese_gives_the_chinese_workbooks_and_keeps_edits(tmp_path):
    out = tmp_path / "class"
    assert cli_main(["handout", str(out), "--lang", "zh"]) == 0
    mine = out / "03_abc_grading.ipynb"
    committed = (EXERCISES_DIR / "zh" / "03_abc_grading.ipynb").read_text(encoding="utf-8")
    assert mine.read_text(encoding="utf-8") == committed
    nb = nbformat.read(mine, as_version=4)
    assert "练习 03" in nb.cells[0].source
    nb.cells[-1].source += "\n# 我的笔记"
    nbformat.write(nb, mine)
    assert cli_main(["handout", str(out), "--lang", "zh"]) == 0
    assert "# 我的笔记" in mine.read_text(encoding="utf-8")
