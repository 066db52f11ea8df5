"""Run a solution's cells in this process and answer its questions as a student would.

:func:`solved` executes every code cell of ``solutions/NN_topic.py`` (in solution mode, so
a wrong model answer fails) and keeps the notebook's variables; :func:`answer` then runs
a student's code in a copy of those variables, followed by the check cell of the
question, and returns the check's result. Each (solution, data source) runs once per
test session.
"""

from __future__ import annotations

import ast
import contextlib
import io
from dataclasses import dataclass
from functools import cache
from typing import Any

import jupytext
import matplotlib
import pandas as pd

from helpers import checks
from helpers.checks import core
from helpers.paths import SOLUTIONS_DIR

matplotlib.use("Agg")


@dataclass
class Solved:
    """The variables of a solution run, and its answer key."""

    namespace: dict[str, Any]
    key: Any
    checks: dict[str, str]  # question label -> the check statement of the notebook


def check_statements(source: str) -> dict[str, str]:
    """``check.q("Q3 ...", ...)`` statements of a notebook source, by question label."""
    found: dict[str, str] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr == "q" and call.args:
                label = call.args[0]
                if isinstance(label, ast.Constant):
                    found[label.value] = ast.unparse(node)
    return found


@cache
def solved(stem: str, data_source: str | None = None) -> Solved:
    """Run ``solutions/<stem>.py`` (on ``data_source`` instead of its default if given)."""
    import matplotlib.pyplot as plt

    nb = jupytext.read(SOLUTIONS_DIR / f"{stem}.py")
    namespace: dict[str, Any] = {}
    code = []
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            code.append(cell.source)
            exec(compile(cell.source, f"{stem} cell", "exec"), namespace)  # noqa: S102
            if "parameters" in cell.metadata.get("tags", []) and data_source is not None:
                namespace["data_source"] = data_source
    plt.close("all")
    return Solved(namespace, core.STATE.key, check_statements("\n".join(code)))


def answer(stem: str, question: str, code: str, *, data_source: str | None = None):
    """The result of ``question`` after a student's ``code`` ran in the solution's variables."""
    import matplotlib.pyplot as plt

    run = solved(stem, data_source)
    # a student's code may change tables in place: it gets copies
    namespace = {
        name: value.copy() if isinstance(value, pd.DataFrame | pd.Series) else value
        for name, value in run.namespace.items()
    }
    core.STATE.key = run.key
    core.STATE.exercise = run.key.exercise
    core.STATE.lang = run.key.lang
    with checks.mode("exercise"), contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, "student", "exec"), namespace)  # noqa: S102
        exec(compile(run.checks[question], "check", "exec"), namespace)  # noqa: S102
    plt.close("all")
    return checks.last(question)
