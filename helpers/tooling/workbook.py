"""The workbook: student exercises generated from the solutions, and the commands around it.

``solutions/NN_topic.py`` (py:percent, built into ``solutions/NN_topic.ipynb``) is the
single source of each exercise. Answers sit between two marker lines::

    ### BEGIN SOLUTION
    n_orders = orders["order_id"].nunique()
    ### END SOLUTION

:func:`generate` replaces each such region with a stub that runs without error and
keeps the names the answer assigned (``n_orders = None  # your code here``), replaces
written answers (a markdown cell tagged ``solution``, a marked region inside a markdown
cell, or a code cell tagged ``model_answer`` that computes the figures a model answer
cites) with a "write your answer here" prompt, and switches the self-checks
from ``"solution"`` mode (a failed check raises) to ``"exercise"`` mode (it prints and
the notebook goes on). Cells after an answer must therefore cope with the answer still
being ``None``, so a student can run the whole notebook before answering anything.

Commands (``python -m helpers ...``):

- ``exercises``: regenerate ``exercises/`` from ``solutions/`` (``--check`` only compares);
- ``handout OUT_DIR``: write student copies into another folder; a copy a student has
  already edited is kept unless ``--force`` (``--solutions`` hands out the solutions);
  with ``--roster`` one folder per student, whose copies run on the student's own data
  (:func:`personalise`; ``--same-data`` keeps the course's data);
- ``solutions``: run every solution with each parameter file in ``datasets/params/``.

Each generated notebook remembers a fingerprint of its cells as generated, so an edited
copy is recognised by comparing its cells with that fingerprint.
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from helpers.params import COMMON, read_parameter_file
from helpers.paths import BUILD_DIR, EXERCISES_DIR, PARAMS_DIR, REPO_ROOT, SOLUTIONS_DIR
from helpers.tooling.catalog import add_lang_option, source_files
from helpers.tooling.notebooks import cell_sources, notebook_metadata, read_source
from helpers.tooling.roster import read_roster, student_data_source

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
SOLUTION_TAG = "solution"
#: a code cell that computes and shows a written model answer (its figures are computed)
MODEL_ANSWER_TAG = "model_answer"
STUB_COMMENT = "# your code here"
ANSWER_PROMPT = "*Write your answer here.*"
PARAMETERS_TAG = "parameters"
#: the names every ``parameters`` cell starts with (see the parameter files in datasets/params/)
PARAMETER_NAMES = COMMON

#: ``check.start(..., mode="solution")`` or ``check.configure(mode="solution")``
_MODE_SWITCH = re.compile(
    r"""(\b(?:configure|start)\((?:[^()]|\([^()]*\))*?\bmode\s*=\s*)(["'])solution\2""", re.S
)


class WorkbookError(ValueError):
    """A solution notebook that cannot be turned into an exercise, and why."""


# --- stubs ----------------------------------------------------------------------------------


def assigned_names(code: str) -> list[str]:
    """Names a block of code assigns or defines at its top level, in order.

    >>> assigned_names("a = 1\\nb, c = 2, 3\\nd += 1\\nx['k'] = 4\\ndef f(): pass")
    ['a', 'b', 'c', 'd', 'f']
    """
    try:
        tree = ast.parse(textwrap.dedent(code))
    except SyntaxError:
        return list(dict.fromkeys(re.findall(r"^\s*([A-Za-z_]\w*)\s*=[^=]", code, re.M)))
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
            continue
        else:
            continue
        for target in targets:
            elements = target.elts if isinstance(target, ast.Tuple | ast.List) else [target]
            names += [t.id for t in elements if isinstance(t, ast.Name)]
    return list(dict.fromkeys(names))


def stub(code: str, indent: str = "") -> str:
    """The exercise stub for an answer: the same names, set to ``None``; never raises.

    >>> print(stub("top = totals.idxmax()\\nshare = totals.max() / totals.sum()"))
    top = None  # your code here
    share = None
    >>> print(stub("ax.set_title('Revenue')", indent="    "))
        pass  # your code here
    """
    names = assigned_names(code)
    if not names:
        return f"{indent}pass  {STUB_COMMENT}"
    lines = [f"{indent}{name} = None" for name in names]
    lines[0] += f"  {STUB_COMMENT}"
    return "\n".join(lines)


def _replace_regions(source: str, replace, where: str) -> str:
    """Replace every BEGIN/END SOLUTION region of ``source`` with ``replace(body, indent)``."""
    out: list[str] = []
    body: list[str] | None = None
    indent = ""
    for line in source.split("\n"):
        marker = line.strip()
        if marker == BEGIN:
            if body is not None:
                raise WorkbookError(f"{where}: '{BEGIN}' inside another solution region")
            body, indent = [], line[: len(line) - len(line.lstrip())]
        elif marker == END:
            if body is None:
                raise WorkbookError(f"{where}: '{END}' without a '{BEGIN}' before it")
            out.append(replace("\n".join(body), indent))
            body = None
        elif body is not None:
            body.append(line)
        else:
            out.append(line)
    if body is not None:
        raise WorkbookError(f"{where}: '{BEGIN}' is never closed by '{END}'")
    return "\n".join(out)


def to_exercise_mode(code: str) -> str:
    """``code`` with the self-checks switched from ``"solution"`` to ``"exercise"`` mode.

    >>> to_exercise_mode('check.start("00_warm_up", run, mode="solution")')
    'check.start("00_warm_up", run, mode="exercise")'
    """
    return _MODE_SWITCH.sub(r"\1\2exercise\2", code)


def _exercise_cell(cell: nbformat.NotebookNode, where: str) -> nbformat.NotebookNode:
    cell = copy.deepcopy(cell)
    tags = cell.metadata.get("tags", [])
    if cell.cell_type == "code" and MODEL_ANSWER_TAG in tags:
        prompt = nbformat.v4.new_markdown_cell(ANSWER_PROMPT)
        prompt.id = cell.id
        return prompt
    if cell.cell_type == "code":
        if SOLUTION_TAG in tags:
            cell.source = stub(cell.source)
        else:
            cell.source = _replace_regions(cell.source, stub, where)
        cell.source = _MODE_SWITCH.sub(r"\1\2exercise\2", cell.source)
    elif cell.cell_type == "markdown":
        if SOLUTION_TAG in tags:
            cell.source = ANSWER_PROMPT
        else:
            cell.source = _replace_regions(cell.source, lambda _b, i: i + ANSWER_PROMPT, where)
    if SOLUTION_TAG in tags:
        cell.metadata["tags"] = [t for t in tags if t != SOLUTION_TAG]
        if not cell.metadata["tags"]:
            del cell.metadata["tags"]
    return cell


# --- generating notebooks -------------------------------------------------------------------


def fingerprint(nb: nbformat.NotebookNode) -> str:
    """A hash of a notebook's cell types and sources (outputs and metadata do not count).

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    >>> fingerprint(nb) == fingerprint(nbformat.v4.new_notebook(
    ...     cells=[nbformat.v4.new_code_cell("x = 1  ")]))
    True
    """
    text = json.dumps(cell_sources(nb), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _stamp(nb: nbformat.NotebookNode, kind: str, source: Path) -> nbformat.NotebookNode:
    """Clean metadata plus what this notebook was generated from and its fingerprint."""
    try:
        origin = source.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        origin = source.name
    workbook = {"kind": kind, "source": origin, "fingerprint": fingerprint(nb)}
    nb.metadata = notebook_metadata(None, workbook=workbook)
    return nb


def generate(solution: Path) -> nbformat.NotebookNode:
    """The exercise notebook for a solution source (``.py``): stubs, prompts, no outputs.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> source = folder / "01_demo.py"
    >>> _ = source.write_text('''# %%
    ... from helpers import checks as check
    ... check.configure(mode="solution")
    ...
    ... # %%
    ... ### BEGIN SOLUTION
    ... answer = 6 * 7
    ... ### END SOLUTION
    ... check.number(answer, 42, question="Q1")
    ... ''')
    >>> print(generate(source).cells[1].source)
    answer = None  # your code here
    check.number(answer, 42, question="Q1")
    >>> print(generate(source).cells[0].source)
    from helpers import checks as check
    check.configure(mode="exercise")
    """
    solution = Path(solution)
    nb = read_source(solution)
    if not any(_MODE_SWITCH.search(c.source) for c in nb.cells if c.cell_type == "code"):
        raise WorkbookError(
            f"{solution.name}: no cell sets the self-check mode; start the checks with "
            '`check.start("NN_topic", run, mode="solution")` after the imports'
        )
    nb.cells = [_exercise_cell(c, f"{solution.name} cell {i}") for i, c in enumerate(nb.cells)]
    leaked = [i for i, c in enumerate(nb.cells) if "BEGIN SOLUTION" in c.source]
    if leaked:
        raise WorkbookError(f"{solution.name}: cell {leaked[0]} still holds a solution marker")
    return _stamp(nb, "exercise", solution)


def solution_copy(solution: Path) -> nbformat.NotebookNode:
    """The built solution notebook (with its outputs), stamped like a generated copy."""
    nb = nbformat.read(Path(solution).with_suffix(".ipynb"), as_version=4)
    return _stamp(nb, "solution", Path(solution))


def solution_sources(folder: Path = SOLUTIONS_DIR) -> list[Path]:
    """The solution sources (``NN_topic.py``) in course order."""
    return source_files(Path(folder))


def _text(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def exercise_out_of_sync(solution: Path, exercises_dir: Path = EXERCISES_DIR) -> str | None:
    """None when the committed exercise equals what :func:`generate` writes now, else why."""
    target = Path(exercises_dir) / f"{Path(solution).stem}.ipynb"
    command = "run `python -m helpers exercises`"
    if not target.exists():
        return f"{target.name} is missing: {command}"
    want = generate(solution)
    have = nbformat.read(target, as_version=4)
    if _text(want) == _text(have):
        return None
    for i, (w, h) in enumerate(zip(want.cells, have.cells, strict=False)):
        if _text_cell(w) != _text_cell(h):
            return f"exercises/{target.name} cell {i} differs from its solution: {command}"
    if len(want.cells) != len(have.cells):
        return f"exercises/{target.name} has {len(have.cells)} cells, expected {len(want.cells)}"
    return f"exercises/{target.name} metadata differs from the generated one: {command}"


def _text_cell(cell: nbformat.NotebookNode) -> str:
    return json.dumps(cell, sort_keys=True, ensure_ascii=False)


# --- writing copies without losing a student's work -----------------------------------------


@dataclass
class Written:
    """What happened to one notebook when copies were written."""

    path: Path
    action: str  # "new", "updated", "unchanged", "kept (edited)", "replaced (edited)"


def is_edited(path: Path) -> bool:
    """True when a generated notebook's cells no longer match the fingerprint it was
    written with (or it carries none, or it cannot be read as a notebook)."""
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError):  # not a notebook any more: someone's work, keep it
        return True
    stored = nb.metadata.get("workbook", {}).get("fingerprint")
    return stored != fingerprint(nb)


def write_copy(nb: nbformat.NotebookNode, target: Path, *, force: bool = False) -> Written:
    """Write ``nb`` to ``target`` unless that would overwrite someone's edits.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "01_demo.ipynb"
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = None")])
    >>> nb.metadata["workbook"] = {"fingerprint": fingerprint(nb)}
    >>> write_copy(nb, target).action
    'new'
    >>> mine = nbformat.read(target, as_version=4)
    >>> mine.cells[0].source = "x = 42"
    >>> nbformat.write(mine, target)
    >>> write_copy(nb, target).action
    'kept (edited)'
    >>> write_copy(nb, target, force=True).action
    'replaced (edited)'
    """
    target = Path(target)
    if not target.exists():
        action = "new"
    elif target.read_text(encoding="utf-8") == _text(nb):
        return Written(target, "unchanged")
    elif not is_edited(target):
        action = "updated"
    elif force:
        action = "replaced (edited)"
    else:
        return Written(target, "kept (edited)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_text(nb), encoding="utf-8")
    return Written(target, action)


# --- the parameters cell and per-student copies ---------------------------------------------


def parameters_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    """The first code cell tagged ``parameters`` (None when there is none)."""
    return next(
        (c for c in nb.cells
         if c.cell_type == "code" and PARAMETERS_TAG in c.metadata.get("tags", [])),
        None,
    )  # fmt: skip


def declared_parameters(nb: nbformat.NotebookNode) -> dict[str, Any]:
    """The values the parameters cell assigns as plain literals (read, never executed).

    A name assigned something that is not a literal (a call, another name) is left out;
    a cell that is not valid Python gives ``{}``.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     'data_source = "course:seed=5"  # the data\\nas_of = None\\nx = len([])',
    ...     metadata={"tags": ["parameters"]})])
    >>> declared_parameters(nb)
    {'data_source': 'course:seed=5', 'as_of': None}
    """
    cell = parameters_cell(nb)
    if cell is None:
        return {}
    try:
        tree = ast.parse(cell.source)
    except SyntaxError:
        return {}
    found: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                try:
                    found[target.id] = ast.literal_eval(node.value)
                except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                    continue
    return found


_DATA_SOURCE_LINE = re.compile(r"^data_source\s*=.*$", re.M)


def with_data_source(nb: nbformat.NotebookNode, source: str, comment: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose parameters cell assigns ``source`` to ``data_source``.

    ``comment`` is written beside it; it may not hold ``=`` (papermill reads the line).
    """
    if "=" in comment or "\n" in comment:
        raise ValueError(f"a parameter comment may not hold '=' or a line break: {comment!r}")
    nb = copy.deepcopy(nb)
    cell = parameters_cell(nb)
    if cell is None or not _DATA_SOURCE_LINE.search(cell.source):
        raise WorkbookError("the notebook has no parameters cell assigning data_source")
    line = f"data_source = {json.dumps(source, ensure_ascii=False)}  # {comment}"
    cell.source = _DATA_SOURCE_LINE.sub(lambda _m: line, cell.source, count=1)
    return nb


def personalise(
    nb: nbformat.NotebookNode, student_id: str, *, same_data: bool = False
) -> nbformat.NotebookNode:
    """A student's copy of a generated notebook: on the student's own data, stamped with the id.

    The parameters cell's ``data_source`` becomes :func:`helpers.tooling.roster.student_data_source`
    of the exercise's default (unless ``same_data``); the stamp (``metadata.workbook``)
    records the student and the data, and the fingerprint is taken again so that the copy
    counts as unedited. A solution copy whose data changed loses its outputs (they were
    computed on other data).

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     'data_source = "course"  # the data', metadata={"tags": ["parameters"]})])
    >>> mine = personalise(nb, "S001")
    >>> print(mine.cells[0].source)
    data_source = "course:seed750764"  # your own data: the course company drawn for student S001
    >>> stamp = mine.metadata["workbook"]
    >>> stamp["student"], stamp["data_source"], stamp["fingerprint"] == fingerprint(mine)
    ('S001', 'course:seed750764', True)
    """
    default = declared_parameters(nb).get("data_source")
    source = default
    if not same_data and isinstance(default, str):
        source = student_data_source(student_id, default)
    if source != default:
        whose = "the course company" if default == "course" else "another company"
        nb = with_data_source(nb, source, f"your own data: {whose} drawn for student {student_id}")
        if nb.metadata.get("workbook", {}).get("kind") == "solution":
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
    else:
        nb = copy.deepcopy(nb)
    stamp = dict(nb.metadata.get("workbook", {}))
    stamp.update(student=student_id, data_source=source)
    stamp["fingerprint"] = fingerprint(nb)
    nb.metadata["workbook"] = stamp
    return nb


def write_exercises(
    out_dir: Path = EXERCISES_DIR,
    *,
    solutions_dir: Path = SOLUTIONS_DIR,
    force: bool = False,
    with_solutions: bool = False,
    roster: pd.DataFrame | None = None,
    same_data: bool = False,
    lang: str = "en",
) -> list[Written]:
    """Write every exercise (and, if asked, every built solution) into ``out_dir``.

    ``lang="zh"`` hands out the Chinese edition: the committed ``exercises/zh/`` and
    ``solutions/zh/`` notebooks, which the translation checks keep in step with the
    English sources.

    A notebook there that someone has edited since it was generated is kept unless
    ``force``. Solutions go to ``out_dir/solutions/``. With a ``roster`` (see
    :func:`helpers.tooling.roster.read_roster`) each student gets a folder
    ``out_dir/<student id>/`` of copies on the student's own data (:func:`personalise`),
    or on the course's data with ``same_data``.
    """
    out_dir = Path(out_dir)
    notebooks = []
    for source in solution_sources(solutions_dir):
        name = f"{source.stem}.ipynb"
        if lang == "en":
            notebooks.append((name, generate(source)))
        else:
            notebooks.append((name, nbformat.read(EXERCISES_DIR / lang / name, as_version=4)))
        if with_solutions:
            built = source if lang == "en" else solutions_dir / lang / source.name
            notebooks.append((f"solutions/{name}", solution_copy(built)))
    if roster is None:
        return [write_copy(nb, out_dir / name, force=force) for name, nb in notebooks]
    written = []
    for student in roster["student_id"]:
        for name, nb in notebooks:
            mine = personalise(nb, student, same_data=same_data)
            written.append(write_copy(mine, out_dir / student / name, force=force))
    return written


def class_data(
    roster: pd.DataFrame, *, solutions_dir: Path = SOLUTIONS_DIR, same_data: bool = False
) -> pd.DataFrame:
    """The data source of every student's copy of every exercise: one row per student,
    one column per exercise (what :func:`write_exercises` writes for ``roster``)."""
    defaults = {
        source.stem: declared_parameters(generate(source)).get("data_source")
        for source in solution_sources(solutions_dir)
    }
    table = pd.DataFrame(index=pd.Index(roster["student_id"], name="student_id"))
    for exercise, default in defaults.items():
        table[exercise] = (
            default
            if same_data or not isinstance(default, str)
            else [student_data_source(s, default) for s in table.index]
        )
    return table


def shared_data(table: pd.DataFrame) -> list[str]:
    """Pairs of students whose copies of an exercise would run on the same data.

    >>> sources = ["course:seed1", "course:seed2", "course:seed1"]
    >>> shared_data(pd.DataFrame({"00_warm_up": sources}, index=["S1", "S2", "S3"]))
    ['00_warm_up: S1, S3 (course:seed1)']
    """
    found = []
    for exercise in table.columns:
        column = table[exercise]
        repeated = column[column.duplicated(keep=False)]
        if repeated.nunique() == 1 and len(repeated) == len(column):
            continue  # the whole class on one data set: --same-data, or data that is not generated
        for source, ids in repeated.groupby(repeated, sort=True):
            found.append(f"{exercise}: {', '.join(ids.index)} ({source})")
    return found


def _print_written(written: list[Written], stream=None) -> None:
    stream = stream or sys.stdout
    for w in written:
        print(f"{w.action:<18} {w.path}", file=stream)
    kept = [w for w in written if w.action == "kept (edited)"]
    if kept:
        print(
            f"{len(kept)} notebook(s) were edited after they were handed out and were kept; "
            "add --force to replace them (the edits are then lost).",
            file=stream,
        )


# --- parameter files and re-running the solutions -------------------------------------------


def load_params(path: Path) -> dict[str, Any]:
    """The checked parameters of a YAML parameter file (see :mod:`helpers.params`).

    >>> sorted(load_params(PARAMS_DIR / "course_seed7.yaml"))
    ['as_of', 'column_mapping', 'data_source', 'lang', 'seed']
    """
    return read_parameter_file(path)


def param_files(folder: Path = PARAMS_DIR) -> list[Path]:
    """The parameter files in ``folder`` (``*.yaml``), the default course data first."""
    files = sorted(Path(folder).glob("*.yaml"))
    return sorted(files, key=lambda p: p.stem != "course")


def run_solutions(
    params: list[Path],
    out_dir: Path,
    *,
    solutions_dir: Path = SOLUTIONS_DIR,
    only: list[str] | None = None,
    html: bool = True,
    stream=None,
) -> dict[str, list]:
    """Run every built solution once per parameter file, into ``out_dir/<file name>/``."""
    from helpers.tooling.runner import run_many

    notebooks = [p.with_suffix(".ipynb") for p in solution_sources(solutions_dir)]
    if only:
        notebooks = [p for p in notebooks if any(key in p.name for key in only)]
    results = {}
    for path in params:
        print(f"== parameters {Path(path).name}", file=stream or sys.stdout, flush=True)
        results[Path(path).stem] = run_many(
            notebooks,
            Path(out_dir) / Path(path).stem,
            load_params(path),
            replace=True,
            html=html,
            stream=stream,
        )
    return results


# --- commands -------------------------------------------------------------------------------


def cmd_exercises(args: argparse.Namespace) -> int:
    sources = solution_sources()
    if args.check:
        problems = [msg for s in sources if (msg := exercise_out_of_sync(s))]
        for msg in problems:
            print(msg)
        print(f"{len(sources) - len(problems)}/{len(sources)} exercises match their solutions")
        return 1 if problems else 0
    written = write_exercises(EXERCISES_DIR, force=args.force)
    _print_written(written)
    return 0


def cmd_handout(args: argparse.Namespace) -> int:
    out = Path(args.out_dir).resolve()
    if out in (SOLUTIONS_DIR.resolve(), REPO_ROOT.resolve()):
        print(f"{out} holds the course sources; choose a separate folder", file=sys.stderr)
        return 2
    roster = read_roster(args.roster) if args.roster else None
    written = write_exercises(
        out, force=args.force, with_solutions=args.solutions, roster=roster,
        same_data=args.same_data, lang=args.lang,
    )  # fmt: skip
    if roster is None:
        if args.same_data:
            print("--same-data matters only with --roster: these copies run on the course's data")
        _print_written(written)
        return 0
    _print_class(out, roster, written, same_data=args.same_data)
    return 0


def _print_class(out: Path, roster: pd.DataFrame, written: list[Written], *, same_data: bool):
    """One line per student: the copies written or kept, and the data of each exercise."""
    actions = pd.DataFrame(
        {"student_id": [w.path.relative_to(out).parts[0] for w in written],
         "action": [w.action for w in written]}
    )  # fmt: skip
    counts = actions.groupby(["student_id", "action"], sort=False).size()
    table = class_data(roster, same_data=same_data)
    width = max(len(s) for s in roster["student_id"])
    for student in roster["student_id"]:
        done = ", ".join(f"{n} {action}" for action, n in counts[student].items())
        print(f"{student:<{width}}  {done:<12}  data: {data_by_exercise(table.loc[student])}")
    for w in written:
        if w.action in ("kept (edited)", "replaced (edited)"):
            print(f"{w.action:<18} {w.path}")
    kept = sum(w.action == "kept (edited)" for w in written)
    if kept:
        print(f"{kept} notebook(s) were edited after they were handed out and were kept; "
              "add --force to replace them (the edits are then lost).")  # fmt: skip
    for pair in shared_data(table):
        print(f"warning: the same data for {pair}; give one of them another id to separate them")
    print(f"{len(roster)} student folders in {out}")


def data_by_exercise(sources: pd.Series) -> str:
    """A student's data sources, each with the exercises (by number) that run on it.

    >>> data_by_exercise(pd.Series({"00_warm_up": "course:seed5", "01_data": "course:seed5",
    ...                             "06_case_study": "course:seed9"}))
    '00,01 course:seed5, 06 course:seed9'
    """
    position = pd.Series(range(len(sources)), index=sources.index)
    parts = []
    for source, exercises in sources.groupby(sources, sort=False):
        numbers = [name[:2] for name in exercises.index]
        at = position[exercises.index]
        together = len(numbers) > 2 and at.iloc[-1] - at.iloc[0] == len(at) - 1
        label = f"{numbers[0]}-{numbers[-1]}" if together else ",".join(numbers)
        parts.append(f"{label} {source}")
    return ", ".join(parts)


def cmd_solutions(args: argparse.Namespace) -> int:
    params = [Path(p) for p in args.params] if args.params else param_files()
    missing = [str(p) for p in params if not p.exists()]
    if missing:
        print(f"parameter file(s) not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    for path in params:  # every file is checked before any notebook runs
        load_params(path)
    out = Path(args.out).resolve()
    results = run_solutions(params, out, only=args.only)
    failed = [
        f"{name}: {r.notebook}" for name, rs in results.items() for r in rs if r.status != "ok"
    ]
    print(f"Reports: {out}")
    for line in failed:
        print(f"FAILED with {line}")
    return 1 if failed else 0


def add_commands(subparsers) -> None:
    """Add the workbook commands to ``python -m helpers``."""
    p = subparsers.add_parser("exercises", help="regenerate exercises/ from solutions/")
    p.add_argument("--check", action="store_true", help="only check exercises match solutions")
    p.add_argument("--force", action="store_true", help="also replace edited exercises")
    p.set_defaults(func=cmd_exercises)

    p = subparsers.add_parser(
        "handout", help="write student copies of the exercises into a folder (keeps edited ones)"
    )
    p.add_argument("out_dir", help="folder for the student copies")
    p.add_argument("--force", action="store_true", help="replace copies a student has edited")
    p.add_argument("--solutions", action="store_true", help="also hand out the solutions")
    p.add_argument(
        "--roster",
        help="class list (CSV or Excel: student id, name): one folder per student, each on "
        "the student's own data",
    )
    p.add_argument(
        "--same-data",
        action="store_true",
        help="with --roster: every student works on the course's data (as without a roster)",
    )
    add_lang_option(p, help="the edition handed out: en (default) or zh (the Chinese workbooks)")
    p.set_defaults(func=cmd_handout)

    p = subparsers.add_parser(
        "solutions", help="run every solution with each parameter file in datasets/params/"
    )
    p.add_argument(
        "--params", nargs="+", help="parameter files to use (default: all in datasets/params/)"
    )
    p.add_argument("--out", default=str(BUILD_DIR / "solutions"), help="output folder")
    p.add_argument("--only", nargs="*", help="run only solutions whose name contains these")
    p.set_defaults(func=cmd_solutions)
