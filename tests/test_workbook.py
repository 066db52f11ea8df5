"""The workbook: exercises generated from solutions, kept in sync, handed out safely, and
every solution re-run with each parameter file."""

import shutil

import nbformat
import pytest

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
    assert 'check.configure(mode="exercise")' in sources[2]
    text = nbformat.writes(nb)
    for secret in ("three times", "hidden model note", "BEGIN SOLUTION", 'mode=\\"solution'):
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
    with pytest.raises(workbook.WorkbookError, match=f"01_demo.py cell 11: .*{message}"):
        workbook.generate(demo)


def test_generate_requires_the_check_mode_cell(demo):
    demo.write_text(DEMO.replace('check.configure(mode="solution")', ""))
    with pytest.raises(workbook.WorkbookError, match="configure"):
        workbook.generate(demo)


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


def _check_lines(nb):
    """The self-check lines a notebook printed."""
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    return [line for line in text.splitlines() if line[:1] in {"✅", "❌", "⏳"}]


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
    lines = _check_lines(nbformat.read(result.output, as_version=4))
    assert len(lines) >= 6
    assert all(line.startswith("✅") for line in lines), lines
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
    lines = _check_lines(nbformat.read(tmp_path / "out.ipynb", as_version=4))
    assert len(lines) >= 5
    assert all(line.endswith("not answered yet") for line in lines), lines


# --- typical wrong answers in the real warm-up get the hint that names them ---------------

TINY_EXPORT = """customer_id,order_id,order_date,product_id,quantity,revenue
C1,O1,2024-01-05,P1,2,20.0
C1,O1,2024-01-05,P2,1,15.0
C1,O4,2024-03-01,P1,1,10.0
C2,O2,2024-02-10,P1,5,50.0
C2,C2001,2024-02-12,P1,-5,-50.0
C3,O3,2024-03-20,P2,3,40.0
C3,O5,2024-03-25,P2,-1,-15.0
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
    return _check_lines(nbformat.read(tmp_path / "out.ipynb", as_version=4))


@pytest.mark.notebooks
def test_warm_up_hints_typical_mistakes_on_the_course_data(tmp_path):
    lines = _run_answered(
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
    assert lines == [
        "✅ Q1 correct",
        "❌ Q2 not yet: you counted order lines, not distinct orders: use nunique()",
        "⏳ Q3 first day not answered yet",
        "⏳ Q3 last day not answered yet",
        "❌ Q4 not yet: that is the last order day; the as-of date is the day after it",
        "⏳ Q5 not answered yet",
        "✅ Q6 correct",
        "❌ Q7 not yet: those are the smallest customers: sort descending (ascending=False)",
        "✅ Q8 customer correct",
        "❌ Q8 share not yet: off by a factor of 100 (a percentage instead of a share, or cents?)",
        "❌ Q9 not yet: measured from today: use the as-of date",
        "❌ Q10 not yet: label the axes: the y axis has no label",
    ]


@pytest.mark.notebooks
def test_warm_up_hints_cancellations_in_a_raw_export(tmp_path):
    export = tmp_path / "export.csv"
    export.write_text(TINY_EXPORT)
    raw = f"pd.read_csv({str(export)!r})"
    lines = _run_answered(
        tmp_path,
        {"data_source": str(export)},
        n_customers="n_customers = len(orders)",
        n_orders=f'n_orders = {raw}["order_id"].nunique()',
        first_day='first_day = "2024-01-05"\nlast_day = None',
        total_revenue=f'total_revenue = {raw}["revenue"].sum()',
        top_n="top_n = 3",
        revenue_by_customer=(
            'top_customers = orders.groupby("customer_id")["revenue"].sum()'
            ".sort_values().tail(top_n)"
        ),
        recent=(
            'last = orders["order_date"].max()\n'
            'n_active = orders.loc[orders["order_date"] >= last - pd.Timedelta(days=365), '
            '"customer_id"].nunique()'
        ),
    )
    assert lines[:8] == [
        "❌ Q1 not yet: you counted order lines: count each customer once",
        "❌ Q2 not yet: the cancelled and returned orders are still in",
        "✅ Q3 first day correct",
        "⏳ Q3 last day not answered yet",
        "⏳ Q4 not answered yet",
        "❌ Q5 not yet: the cancelled and returned lines are still in: use the clean orders",
        "✅ Q6 correct",
        "❌ Q7 not yet: sorted ascending by 'revenue'; expected descending (largest first)",
    ]
    # every customer ordered in the last year of this small export: the count is right
    assert lines[10] == "✅ Q9 correct"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_parameters_cell_has_the_course_parameters(solution, caplog):
    import papermill

    found = papermill.inspect_notebook(str(solution.with_suffix(".ipynb")))
    unread = [r.getMessage() for r in caplog.records if "Unable to parse" in r.getMessage()]
    assert not unread, f"papermill cannot read these lines (is there '=' in a comment?): {unread}"
    assert list(found)[: len(workbook.PARAMETER_NAMES)] == list(workbook.PARAMETER_NAMES)
    assert all(p["help"] for p in found.values())  # every default is explained
