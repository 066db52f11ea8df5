"""The workbook: exercises generated from solutions, kept in sync, handed out safely, and
every solution re-run with each parameter file."""

import shutil

import nbformat
import pytest

from helpers import checks as check
from helpers.paths import EXERCISES_DIR, PARAMS_DIR
from helpers.tooling import workbook
from helpers.tooling.cli import main as cli_main
from helpers.tooling.notebooks import KERNELSPEC
from helpers.tooling.runner import run_notebook

SOLUTIONS = workbook.solution_sources()
PARAM_FILES = workbook.param_files()

DEMO = """# %% [markdown]
# # Demo workbook

# %% tags=["parameters"]
data_source = "course"  # where the data comes from

# %%
from helpers import checks as check

check.configure(mode="solution")  # the exercise copy prints instead of raising

# %% [markdown]
# **Q1.** How many items are there?

# %%
items = [3, 1, 2]
### BEGIN SOLUTION
n_items = len(items)
### END SOLUTION
check.number(n_items, len(items), question="Q1")

# %%
if True:
    ### BEGIN SOLUTION
    largest, smallest = max(items), min(items)
    ### END SOLUTION
check.number(largest, max(items), question="Q2")

# %% tags=["solution"]
def double(x):
    return 2 * x

# %%
check.number(None if double is None else double(2), 4, question="Q3")

# %% [markdown]
# **Q4.** What does the largest item tell you?

# %% [markdown] tags=["solution"]
# It is three times the smallest one.

# %% [markdown]
# Notes for everyone.
# ### BEGIN SOLUTION
# A hidden model note.
# ### END SOLUTION

# %% tags=["model_answer"]
print(f"The largest item is {max(items)}: a hidden computed answer.")
"""


@pytest.fixture
def demo(tmp_path):
    folder = tmp_path / "solutions"
    folder.mkdir()
    source = folder / "01_demo.py"
    source.write_text(DEMO)
    return source


def test_generate_replaces_answers_with_stubs_and_prompts(demo):
    nb = workbook.generate(demo)
    sources = [c.source for c in nb.cells]
    assert "n_items = None  # your code here" in sources[4]
    assert "len(items)" in sources[4]  # the check's expected answer stays
    assert "n_items = len" not in sources[4]
    assert sources[5] == (
        "if True:\n    largest = None  # your code here\n    smallest = None\n"
        'check.number(largest, max(items), question="Q2")'
    )
    assert sources[6] == "double = None  # your code here"
    assert sources[9] == workbook.ANSWER_PROMPT
    assert sources[10] == f"Notes for everyone.\n{workbook.ANSWER_PROMPT}"
    assert nb.cells[11].cell_type == "markdown" and sources[11] == workbook.ANSWER_PROMPT
    assert 'check.configure(mode="exercise")' in sources[2]
    text = nbformat.writes(nb)
    for secret in (
        "three times",
        "hidden model note",
        "hidden computed",
        "BEGIN SOLUTION",
        'mode=\\"solution',
    ):
        assert secret not in text
    assert all(c.metadata.get("tags", []) != ["solution"] for c in nb.cells)
    assert nb.cells[1].metadata["tags"] == ["parameters"]
    assert [c.id for c in nb.cells] == [f"cell-{i:03d}" for i in range(len(nb.cells))]
    assert all(c.outputs == [] and c.execution_count is None for c in nb.cells if "outputs" in c)
    assert nb.metadata["kernelspec"] == KERNELSPEC
    assert nb.metadata["workbook"]["fingerprint"] == workbook.fingerprint(nb)
    assert workbook.generate(demo) == nb  # deterministic


def test_generated_code_is_valid_python(demo):
    for cell in workbook.generate(demo).cells:
        if cell.cell_type == "code":
            compile(cell.source, "cell", "exec")  # a SyntaxError fails the test


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("### BEGIN SOLUTION\nx = 1\n", "never closed"),
        ("x = 1\n### END SOLUTION\n", "without a '### BEGIN SOLUTION'"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n", "inside another"),
    ],
)
def test_generate_names_the_broken_cell(demo, broken, message):
    demo.write_text(DEMO + "\n# %%\n" + broken)
    with pytest.raises(workbook.WorkbookError, match=f"01_demo.py cell 12: .*{message}"):
        workbook.generate(demo)


def test_generate_requires_the_check_mode_cell(demo):
    demo.write_text(DEMO.replace('check.configure(mode="solution")', ""))
    with pytest.raises(workbook.WorkbookError, match='mode="solution"'):
        workbook.generate(demo)


def test_generate_switches_the_mode_of_check_start(demo):
    demo.write_text(DEMO.replace(
        'check.configure(mode="solution")  # the exercise copy prints instead of raising',
        'check.start(\n    "01_demo", run, mode="solution",\n    period_days=period_days,\n)',
    ))  # fmt: skip
    source = workbook.generate(demo).cells[2].source
    assert 'mode="exercise"' in source and 'mode="solution"' not in source


def test_sync_check_names_the_cell_that_drifted(demo, tmp_path):
    exercises = tmp_path / "exercises"
    assert "missing" in workbook.exercise_out_of_sync(demo, exercises)
    written = workbook.write_exercises(exercises, solutions_dir=demo.parent)
    assert [w.action for w in written] == ["new"]
    assert workbook.exercise_out_of_sync(demo, exercises) is None
    demo.write_text(DEMO.replace("How many items", "How many things"))
    assert "cell 3 differs" in workbook.exercise_out_of_sync(demo, exercises)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_committed_exercise_matches_its_solution(solution):
    assert workbook.exercise_out_of_sync(solution) is None


def test_every_exercise_comes_from_a_solution():
    exercises = sorted(p.stem for p in EXERCISES_DIR.glob("*.ipynb"))
    assert exercises == [p.stem for p in SOLUTIONS]


def test_handout_keeps_an_edited_copy_unless_forced(demo, tmp_path):
    out = tmp_path / "class"
    assert [w.action for w in workbook.write_exercises(out, solutions_dir=demo.parent)] == ["new"]
    copy = out / "01_demo.ipynb"
    # a student answers Q1 and saves; outputs alone do not count as an edit
    nb = nbformat.read(copy, as_version=4)
    nb.cells[4].source = nb.cells[4].source.replace("n_items = None", "n_items = 3")
    nbformat.write(nb, copy)
    edited = copy.read_text()
    assert workbook.is_edited(copy)

    demo.write_text(DEMO.replace("How many items", "How many things"))
    again = workbook.write_exercises(out, solutions_dir=demo.parent)
    assert [w.action for w in again] == ["kept (edited)"]
    assert copy.read_text() == edited

    forced = workbook.write_exercises(out, solutions_dir=demo.parent, force=True)
    assert [w.action for w in forced] == ["replaced (edited)"]
    assert "How many things" in copy.read_text() and not workbook.is_edited(copy)

    nb = nbformat.read(copy, as_version=4)
    nb.cells[4].outputs = [nbformat.v4.new_output("stream", text="⏳ Q1 not answered yet\n")]
    nbformat.write(nb, copy)
    assert not workbook.is_edited(copy)
    demo.write_text(DEMO)
    assert [w.action for w in workbook.write_exercises(out, solutions_dir=demo.parent)] == [
        "updated"
    ]
    assert [w.action for w in workbook.write_exercises(out, solutions_dir=demo.parent)] == [
        "unchanged"
    ]
    copy.write_text("{ half-saved")
    assert workbook.is_edited(copy)
    assert [w.action for w in workbook.write_exercises(out, solutions_dir=demo.parent)] == [
        "kept (edited)"
    ]


def test_handout_command_leaves_an_edited_student_notebook_untouched(tmp_path, capsys):
    out = tmp_path / "class"
    assert cli_main(["handout", str(out), "--solutions"]) == 0
    names = sorted(p.name for p in out.glob("*.ipynb"))
    assert names == [f"{p.stem}.ipynb" for p in SOLUTIONS]
    assert sorted(p.name for p in (out / "solutions").glob("*.ipynb")) == names
    first = out / names[0]
    nb = nbformat.read(first, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("My own notes."))
    nbformat.write(nb, first)
    before = first.read_bytes()
    capsys.readouterr()

    assert cli_main(["handout", str(out)]) == 0
    printed = capsys.readouterr().out
    assert first.read_bytes() == before
    assert f"kept (edited)      {first}" in printed and "--force" in printed

    assert cli_main(["handout", str(out), "--force"]) == 0
    assert "My own notes." not in first.read_text()


def test_exercises_check_command_reports_sync(capsys):
    assert cli_main(["exercises", "--check"]) == 0
    assert f"{len(SOLUTIONS)}/{len(SOLUTIONS)} exercises match" in capsys.readouterr().out


def test_parameter_files_hold_the_notebook_parameters():
    names = [p.stem for p in PARAM_FILES]
    assert names[0] == "course" and {"course_seed7", "online_retail"} <= set(names)
    assert workbook.load_params(PARAMS_DIR / "course_seed7.yaml")["data_source"] == "course:seed=7"
    assert workbook.load_params(PARAMS_DIR / "online_retail.yaml")["as_of"] == "2011-12-10"


# --- the real workbook, executed ---------------------------------------------------------


def _check_outputs(nb):
    """The outputs of the self-checks (each carries its record in the metadata)."""
    return [
        o for c in nb.cells for o in c.get("outputs", [])
        if check.RECORD_KEY in o.get("metadata", {})
    ]  # fmt: skip


def _check_lines(nb):
    """The self-check lines a notebook showed."""
    return [o["data"]["text/plain"] for o in _check_outputs(nb)]


def _records(nb):
    return [o["metadata"][check.RECORD_KEY] for o in _check_outputs(nb)]


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def _defaults(notebook):
    """The default values of a notebook's parameters cell, as papermill reads them."""
    import ast

    import papermill

    found = papermill.inspect_notebook(str(notebook))
    return {name: ast.literal_eval(p["default"]) for name, p in found.items()}


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("params", PARAM_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_solution_passes_its_checks_with_each_parameter_file(
    solution, params, tmp_path, request, monkeypatch, capsys
):
    values = workbook.load_params(params)
    notebook = solution.with_suffix(".ipynb")
    defaults = _defaults(notebook)
    if all(_plain(defaults[k]) == v for k, v in values.items() if k in defaults):
        pytest.skip(f"{params.name} holds the notebook's defaults: nbval runs it that way")
    if params.stem == "online_retail":
        cache = request.getfixturevalue("retail_cache")
        monkeypatch.setenv("CUSTOMER_COURSE_CACHE", str(cache))
    results = workbook.run_solutions([params], tmp_path, only=[solution.stem], html=False)
    (result,) = results[params.stem]
    assert result.status == "ok", f"{result.notebook} with {params.name}: {result.error}"
    assert result.output == tmp_path / params.stem / "solutions" / notebook.name
    nb = nbformat.read(result.output, as_version=4)
    lines = _check_lines(nb)
    assert len(lines) >= 6
    assert all(line.startswith(("✅", "➖")) for line in lines), lines
    assert {r["exercise"] for r in _records(nb)} == {solution.stem}
    assert f"== parameters {params.name}" in capsys.readouterr().out


def test_solutions_command_names_a_missing_parameter_file(tmp_path, capsys):
    code = cli_main(["solutions", "--params", str(tmp_path / "nope.yaml"), "--out", str(tmp_path)])
    assert code == 2
    assert "nope.yaml" in capsys.readouterr().err


@pytest.mark.notebooks
@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_exercise_runs_with_its_stubs_and_reports_not_answered(solution, tmp_path):
    exercise = EXERCISES_DIR / f"{solution.stem}.ipynb"
    work = tmp_path / "exercises"
    work.mkdir()
    shutil.copy(exercise, work)
    result = run_notebook(work / exercise.name, tmp_path / "out.ipynb", html=False)
    assert result.status == "ok", result.error
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    lines = _check_lines(nb)
    assert len(lines) >= 5
    assert all(line.startswith("⏳ [to do]") for line in lines), lines
    records = _records(nb)
    assert {r["status"] for r in records} == {"not answered"}
    summary = [o for c in nb.cells for o in c.get("outputs", [])
               if check.SUMMARY_KEY in o.get("metadata", {})]  # fmt: skip
    (summary,) = summary
    assert [r["check"] for r in summary["metadata"][check.SUMMARY_KEY]] == [
        r["check"] for r in records
    ]


# --- typical wrong answers in the real warm-up get the hint that names them ---------------

TINY_EXPORT = """customer_id,order_id,order_date,product_id,quantity,revenue
C1,O1,2024-01-05,P1,2,20.0
C1,O1,2024-01-05,P2,1,15.0
C1,O4,2024-03-01,P1,1,10.0
C2,O2,2024-02-10,P1,5,50.0
C3,O3,2024-03-20,P2,3,40.0
C3,O5,2024-03-25,P2,1,15.0
C4,O6,2024-04-02,P3,1,5.0
"""


def _answer(nb, **answers):
    """Replace the stub that assigns each name with a student's (wrong) code."""
    for name, code in answers.items():
        stub = f"{name} = None  {workbook.STUB_COMMENT}"
        (cell,) = [c for c in nb.cells if stub in c.source]
        lines = cell.source.split("\n")
        start = lines.index(stub)
        end = start + 1
        while end < len(lines) and lines[end].endswith(" = None"):
            end += 1
        cell.source = "\n".join(lines[:start] + [code] + lines[end:])
    return nb


def _run_answered(tmp_path, parameters=None, **answers):
    nb = _answer(nbformat.read(EXERCISES_DIR / "00_warm_up.ipynb", as_version=4), **answers)
    work = tmp_path / "student" / "00_warm_up.ipynb"
    work.parent.mkdir()
    nbformat.write(nb, work)
    result = run_notebook(work, tmp_path / "out.ipynb", parameters, html=False)
    assert result.status == "ok", result.error
    return nbformat.read(tmp_path / "out.ipynb", as_version=4)


@pytest.mark.notebooks
def test_warm_up_hints_typical_mistakes_on_the_course_data(tmp_path):
    nb = _run_answered(
        tmp_path,
        n_customers='n_customers = orders["customer_id"].nunique()',
        n_orders="n_orders = len(orders)",
        as_of_date='as_of_date = orders["order_date"].max()',
        top_n="top_n = 10",
        revenue_by_customer=(
            'top_customers = orders.groupby("customer_id")["revenue"].sum()'
            ".sort_values().head(top_n)"
        ),
        top_customer=(
            'by_customer = orders.groupby("customer_id")["revenue"].sum()\n'
            "top_customer = by_customer.idxmax()\n"
            'top_share = 100 * by_customer.max() / orders["revenue"].sum()'
        ),
        recent=(
            "since = pd.Timestamp.now() - pd.Timedelta(days=365)\n"
            'n_active = orders.loc[orders["order_date"] >= since, "customer_id"].nunique()'
        ),
        monthly=(
            'ax = orders.groupby(orders["order_date"].dt.to_period("M"))["revenue"]'
            ".sum().plot.bar()"
        ),
    )
    assert _check_lines(nb) == [
        "✅ [ok] Q1 correct",
        "❌ [not yet] Q2: you counted order lines, not distinct orders: use nunique()",
        "⏳ [to do] Q3 first day not answered yet",
        "⏳ [to do] Q3 last day not answered yet",
        "❌ [not yet] Q4: that is the last order day; the as-of date is the day after it",
        "⏳ [to do] Q5 not answered yet",
        "✅ [ok] Q6 correct",
        "❌ [not yet] Q7: those are the smallest customers: sort descending (ascending=False)",
        "✅ [ok] Q8 customer correct",
        "❌ [not yet] Q8 share: that is a percentage: the question asks for a share between 0 "
        "and 1 (0.25 for 25%)",
        "❌ [not yet] Q9: measured from today: use the as-of date",
        "❌ [not yet] Q10: label the axes: the y axis has no label",
    ]
    mistakes = {r["check"]: r["mistake"] for r in _records(nb)}
    assert mistakes == {
        "Q1": None, "Q2": "order_lines", "Q3 first day": None, "Q3 last day": None,
        "Q4": "last_order_day", "Q5": None, "Q6": None, "Q7": "smallest", "Q8 customer": None,
        "Q8 share": "percent_not_share", "Q9": "today", "Q10": "no_axis_label",
    }  # fmt: skip


@pytest.mark.notebooks
def test_warm_up_speaks_chinese_on_another_data_set(tmp_path):
    export = tmp_path / "export.csv"
    export.write_text(TINY_EXPORT)
    nb = _run_answered(
        tmp_path,
        {"data_source": str(export), "lang": "zh"},
        n_customers="n_customers = len(orders)",
        first_day='first_day = "2024-01-05"\nlast_day = None',
        total_revenue='total_revenue = round(orders["revenue"].sum())',
        top_n="top_n = '3'",
    )
    lines = _check_lines(nb)
    assert lines[:7] == [
        "❌ [未通过] Q1：你数的是订单行：每位客户只数一次（用 nunique）",
        "⏳ [待做] Q2 尚未作答",
        "✅ [对] Q3 第一天 正确",
        "⏳ [待做] Q3 最后一天 尚未作答",
        "⏳ [待做] Q4 尚未作答",
        "✅ [对] Q5 正确",
        "❌ [未通过] Q6：'3' 是文本：请直接写数字，不要加引号",
    ]
    assert all(line.startswith("⏳ [待做]") for line in lines[7:]), lines
    assert _records(nb)[0]["hint"] == "you counted order lines: count each customer once (nunique)"


def test_exercises_show_no_expected_value():
    """Check cells only call check.q: no expected value or its code is on screen."""
    for solution in SOLUTIONS:
        nb = workbook.generate(solution)
        calls = [c.source for c in nb.cells if c.cell_type == "code" and "check." in c.source]
        for source in calls:
            for line in source.splitlines():
                line = line.strip()
                if line.startswith("check."):
                    assert line.startswith(("check.q(", "check.start(", "check.summary(")), (
                        solution.name,
                        line,
                    )
        text = nbformat.writes(nb)
        for word in ("alternatives=", "expected_", "check.number(", "check.table("):
            assert word not in text, (solution.name, word)


def test_exercise_introductions_state_the_policy():
    for solution in SOLUTIONS:
        intro = workbook.generate(solution).cells[0].source
        assert "correct (rounded)" in intro and "0.614" in intro and "45.65M" in intro, solution


def test_primer_comes_before_the_first_question():
    cells = [c.source for c in workbook.generate(SOLUTIONS[0]).cells]
    primer = next(i for i, s in enumerate(cells) if "pandas primer" in s)
    first = next(i for i, s in enumerate(cells) if s.startswith("## Q1."))
    assert primer < first
    taught = "\n".join(cells[primer:first])
    for tool in ("nunique()", "pd.Timedelta", "groupby", "sort_values(ascending=False)",
                 "to_period(\"M\")", "set_xlabel", "set_title"):  # fmt: skip
        assert tool in taught, tool


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_parameters_cell_has_the_course_parameters(solution, caplog):
    import papermill

    found = papermill.inspect_notebook(str(solution.with_suffix(".ipynb")))
    unread = [r.getMessage() for r in caplog.records if "Unable to parse" in r.getMessage()]
    assert not unread, f"papermill cannot read these lines (is there '=' in a comment?): {unread}"
    assert list(found)[: len(workbook.PARAMETER_NAMES)] == list(workbook.PARAMETER_NAMES)
    assert all(p["help"] for p in found.values())  # every default is explained
