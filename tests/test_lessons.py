"""Every lesson runs again under papermill with every parameter file in datasets/params/.

nbval already re-runs each committed lesson on its defaults (the bundled company); here
the other files run: another seed of the company, and the real UCI Online Retail data,
which has no cost, survey, complaints or leads. The lessons must say so and go on.
"""

import nbformat
import pytest

from helpers.paths import NOTEBOOKS_DIR, PARAMS_DIR
from helpers.tooling import runner, workbook

LESSONS = sorted(p for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
OTHER_PARAMS = [p for p in sorted(PARAMS_DIR.glob("*.yaml")) if p.stem != "course"]
# lessons whose profit analyses need a cost column
NEED_COST = {"02_customer_profiling", "03_abc_grading", "04_purchase_deciles", "06_case_study"}


def text_of(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(str(v) for k, v in out.get("data", {}).items() if k.startswith("text/"))
    return "\n".join(parts)


def test_parameter_files_are_there():
    assert {p.stem for p in OTHER_PARAMS} >= {"course_seed7", "online_retail"}


@pytest.mark.notebooks
@pytest.mark.parametrize("params", OTHER_PARAMS, ids=lambda p: p.stem)
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_with_each_parameter_file(lesson, params, tmp_path, request, monkeypatch):
    if params.stem == "online_retail":
        monkeypatch.setenv("CUSTOMER_COURSE_CACHE", str(request.getfixturevalue("retail_cache")))
    values = workbook.load_params(params)
    result = runner.run_notebook(lesson, tmp_path / lesson.name, values, html=False)
    assert result.status == "ok", f"{lesson.name} with {params.name}: {result.error}"
    nb = nbformat.read(result.output, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    text = text_of(nb)
    assert (
        values["data_source"] in text
        or "online_retail" in text
        or lesson.stem == "90_chart_gallery"
    )
    if params.stem == "online_retail" and lesson.stem in NEED_COST:
        assert "cost" in text.lower(), "the lesson must say that this data has no cost"
