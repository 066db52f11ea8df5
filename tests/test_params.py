"""One declaration of every parameter: notebooks, parameter files and the loader agree."""

from __future__ import annotations

import ast

import pytest

from helpers import params
from helpers.paths import PARAMS_DIR
from helpers.schema import DataError
from helpers.tooling.catalog import course_sources

#: notebooks whose exercise runs on other data by default, on purpose
OWN_DATA_SOURCE = {"06_case_study": "solutions"}


def parameters_cell(source):
    """{name: default} of a py:percent source's parameters cell."""
    text = source.read_text(encoding="utf-8")
    start = text.index('# %% tags=["parameters"]')
    end = text.index("# %%", start + 10)
    tree = ast.parse(text[start:end])
    return {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
    }


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


@pytest.mark.parametrize("source", course_sources(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_parameters_cell_uses_the_declared_names_and_defaults(source):
    cell = parameters_cell(source)
    assert list(cell)[: len(params.COMMON)] == list(params.COMMON)
    for name, default in cell.items():
        assert name in params.PARAMETERS, f"{source.name}: {name} is not declared in params.py"
        if name == "data_source" and OWN_DATA_SOURCE.get(source.stem) == source.parent.name:
            continue
        want = params.PARAMETERS[name].default
        assert _plain(default) == _plain(want), f"{source.name}: {name} = {default!r}, not {want!r}"
        assert params.PARAMETERS[name].problem(_plain(default)) is None


def test_course_yaml_lists_every_parameter_once_with_its_default():
    text = (PARAMS_DIR / "course.yaml").read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == list(params.PARAMETERS)
    loaded = params.read_parameter_file(PARAMS_DIR / "course.yaml")
    assert loaded == {k: _plain(v) for k, v in params.defaults().items()}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("asof: 2024-01-01", "unknown parameter 'asof' (did you mean 'as_of'?)"),
        ("as_of: 2023-13-45", "parameter 'as_of' must be a date written YYYY-MM-DD"),
        ("lang: fr", "parameter 'lang' must be 'en' or 'zh', not 'fr'"),
        ("period_days: -3", "parameter 'period_days' must be a whole number of at least 1"),
        ("pareto_cutoffs: [0.95, 0.8]", "parameter 'pareto_cutoffs' must be a list of 2 values"),
        ("gold_share: 5", "must be a share between 0 and 1"),
        ("'x = 1; import os  #': 3", "unknown parameter 'x = 1; import os  #'"),
        ("decimal: ';'", "'decimal' must be '.' or ','"),
        ("- course", "must hold a mapping"),
        ("a: [1", "is not valid YAML"),
    ],
)
def test_parameter_file_problems_are_named(text, message):
    with pytest.raises(DataError) as caught:
        params.read_parameter_text(text, where="p.yaml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("p.yaml")


def test_every_problem_is_listed_at_once():
    with pytest.raises(DataError) as caught:
        params.read_parameter_text("lang: fr\nseed: -1\n", where="p.yaml")
    assert "'lang'" in str(caught.value) and "'seed'" in str(caught.value)


def test_data_options_are_gathered_from_the_top_level():
    got = params.read_parameter_text("dayfirst: true\nsheet: orders\nlang: zh\n")
    assert got == {"lang": "zh", "data_options": {"dayfirst": True, "sheet": "orders"}}
    with pytest.raises(DataError, match="given twice"):
        params.read_parameter_text("sheet: a\ndata_options: {sheet: b}\n")


@pytest.mark.parametrize("source", course_sources(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_papermill_reads_every_parameter(source, caplog):
    import papermill

    found = papermill.inspect_notebook(str(source.with_suffix(".ipynb")))
    unread = [r.getMessage() for r in caplog.records if "Unable to parse" in r.getMessage()]
    assert not unread, f"papermill cannot read these lines (is there '=' in a comment?): {unread}"
    assert set(found) == set(parameters_cell(source))
