"""The skeleton: package import, notebook sources in sync, the runner's report."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import glossary
from helpers.schema import DataError, require_columns
from helpers.tooling import runner
from helpers.tooling.cli import main as cli_main
from helpers.tooling.notebooks import course_sources, out_of_sync


def test_package_imports_from_any_directory(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", "import helpers, helpers.paths as p; print(p.REPO_ROOT)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(out.stdout.strip()) == Path(helpers_root())


def helpers_root():
    import helpers

    return Path(helpers.__file__).resolve().parent.parent


@pytest.mark.parametrize("source", course_sources(), ids=lambda p: p.name)
def test_notebook_matches_its_source(source):
    assert out_of_sync(source) is None


def test_out_of_sync_names_the_cell(tmp_path):
    src = tmp_path / "01_demo.py"
    src.write_text("# %%\nx = 1\n\n# %%\ny = 2\n")
    from helpers.tooling.notebooks import build

    build(src, run=False)
    src.write_text("# %%\nx = 1\n\n# %%\ny = 3\n")
    assert "cell 1 differs" in out_of_sync(src)


def _notebook(tmp_path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / "src" / "01_broken.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_runner_names_the_failing_cell(tmp_path, capsys, jobs):
    path = _notebook(tmp_path, "x = 1", "y = x / 0", "z = 3")
    good = path.with_name("02_fine.ipynb")
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), good)
    results = runner.run_many([path, good], tmp_path / "out", jobs=jobs)
    result, fine = results
    assert fine.status == "ok" and fine.notebook.endswith("02_fine.ipynb")
    assert result.status == "failed"
    assert "cell 1" in result.error and "x / 0" in result.error
    assert "ZeroDivisionError" in result.error
    assert result.html is not None and result.html.exists()
    printed = capsys.readouterr().out
    assert "FAILED" in printed and "ZeroDivisionError" in printed and "1/2 ok" in printed
    assert "wall-clock time" in printed
    assert not (tmp_path / "out.partial").exists()


def test_runner_keeps_an_existing_output_unless_asked(tmp_path):
    path = _notebook(tmp_path, "x = 1")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("trainer's file")
    with pytest.raises(FileExistsError):
        runner.run_many([path], out)
    assert (out / "keep.txt").read_text() == "trainer's file"


def test_course_command_runs_the_course_map(tmp_path, capsys):
    out = tmp_path / "course"
    code = cli_main(["course", "--only", "00_course_map", "--out", str(out)])
    assert code == 0
    html = out / "notebooks" / "00_course_map.html"
    assert html.exists()
    assert "二八法则" in html.read_text(encoding="utf-8")
    table = capsys.readouterr().out
    assert "notebooks/00_course_map.ipynb" in table and "1/1 ok" in table


def test_glossary_has_both_languages_for_every_term():
    table = glossary.glossary_table()
    assert table.index.is_unique
    assert (table["english"].str.len() > 0).all()
    assert table["chinese"].str.contains(r"[\u4e00-\u9fff]").all()
    assert glossary.label("hostage", "zh") == "不自主者"
    with pytest.raises(ValueError, match="lang"):
        glossary.label("abc", "fr")


def test_require_columns_names_missing_column_and_fix():
    df = pd.DataFrame({"customer_id": [1], "金额": [3.0]})
    with pytest.raises(DataError) as info:
        require_columns(df, ["customer_id", "revenue", "order_date"], purpose="RFM")
    msg = str(info.value)
    assert "'revenue', 'order_date'" in msg and "RFM" in msg and "columns=" in msg
