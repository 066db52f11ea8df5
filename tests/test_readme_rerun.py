"""The README's part for trainers is true: its table of parameter-file keys, its worked
examples (run exactly as written) and its promise of a quiet terminal."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import params
from helpers.paths import NOTEBOOKS_DIR, PARAMS_DIR, REPO_ROOT
from helpers.schema import TABLES
from helpers.tooling import rerun as rerun_module
from helpers.tooling.cli import main as cli_main
from helpers.tooling.rerun import parameter_keys

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## Re-running on other data") : README.index("## Layout")]
#: the loaders read profit columns and purchase logs once they know the `profit` column
LOADERS_READ_THESE_SHAPES = "profit" in TABLES["orders"]["required"] + TABLES["orders"]["optional"]


def readme_table() -> list[list[str]]:
    start = SECTION.index("| key | kind | default | meaning |")
    rows = []
    for line in SECTION[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip().strip("`") for cell in line.strip("|").split("|")])
    return rows


def test_the_readme_lists_every_parameter_file_key_with_its_default():
    rows = readme_table()
    declared = [(key, kind, default) for key, kind, default, _ in parameter_keys()]
    fix = "regenerate the table with: python3 tasks.py parameters --markdown"
    assert [tuple(r[:3]) for r in rows] == declared, fix
    assert [r[0] for r in rows] == list(params.PARAMETERS) + list(params.DATA_OPTIONS)
    assert all(r[3] for r in rows), "every key has a meaning"


def test_the_readme_says_the_as_of_date_is_exclusive():
    assert "**The as-of date is exclusive.** `as_of` is the first day *not* analysed" in SECTION
    assert "the first day NOT analysed" in params.PARAMETERS["as_of"].help


def test_the_parameters_command_prints_every_key(capsys):
    assert cli_main(["parameters"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in printed] == [k for k, *_ in parameter_keys()]


# --- the worked examples, run as written ----------------------------------------------------


def example(title: str) -> str:
    start = SECTION.index(f"### Worked example: {title}")
    end = SECTION.find("\n### ", start + 10)
    return SECTION[start:end]


def example_files(text: str) -> dict[str, str]:
    """The files an example shows: a line "`name`:" (or "`name` (...):") then a code block."""
    found = re.findall(r"^`([\w.-]+)`[^`]*?:\n\n```\n(.*?)```", text, flags=re.M | re.S)
    return dict(found)


def example_command(text: str) -> list[str]:
    line = next(x for x in text.splitlines() if x.startswith("python3 tasks.py rerun"))
    return shlex.split(line)[2:]


def run_example(title: str, folder: Path, data_folder: str | None, monkeypatch) -> dict:
    """Write an example's files where its command expects them, run the command (on one
    quick notebook), and return the run's summary.json."""
    text = example(title)
    home = folder / "home"
    data = home / "data" / (data_folder or "")
    mapping_and_params = home / "data"
    for name, body in example_files(text).items():
        target = mapping_and_params / name if name.endswith(".yaml") else data / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    argv = [a.replace("~", str(home), 1) if a.startswith("~") else a for a in example_command(text)]
    monkeypatch.setattr(
        rerun_module, "course_notebooks", lambda **kw: [NOTEBOOKS_DIR / "00_course_map.ipynb"]
    )
    assert cli_main(argv) == 0
    out = Path(argv[argv.index("--out") + 1])
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_the_examples_show_their_files_and_one_command_each():
    profit = example("order lines with a profit column")
    assert set(example_files(profit)) == {"sales.csv", "sales-mapping.yaml", "sales-params.yaml"}
    log = example("a purchase log without order ids")
    assert set(example_files(log)) == {
        "orders.csv", "survey.csv", "music-mapping.yaml", "music-params.yaml"
    }  # fmt: skip
    for text in (profit, log):
        argv = example_command(text)
        assert argv[0] == "rerun" and "--out" in argv and argv[argv.index("--out") + 1][0] == "~"
        for name in ("sales-params.yaml", "music-params.yaml"):
            if name in example_files(text):
                values = params.read_parameter_text(example_files(text)[name], where=name)
                assert set(values) <= set(params.PARAMETERS)


@pytest.mark.xfail(
    not LOADERS_READ_THESE_SHAPES, reason="the loaders do not read profit columns yet", strict=True
)
def test_the_profit_example_gives_the_figures_the_readme_states(tmp_path, monkeypatch):
    summary = run_example("order lines with a profit column", tmp_path, None, monkeypatch)
    text = example("order lines with a profit column")
    assert "8 order lines, 5 orders, 5 customers" in text and "revenue of 2,060.16" in text
    assert (summary["order_lines"], summary["orders"], summary["customers"]) == (8, 5, 5)
    assert (summary["first_order"], summary["last_order"]) == ("2014-06-09", "2017-04-15")
    # each line rounded to the cent, then summed (957.5775 -> 957.58, 22.368 -> 22.37 ...)
    assert summary["revenue_cents"] == 206_016
    assert summary["has_cost"] is True
    assert any("profit" in str(r.get("reason", "")).lower() for r in summary["cleaning"])


@pytest.mark.xfail(
    not LOADERS_READ_THESE_SHAPES, reason="the loaders do not read purchase logs yet", strict=True
)
def test_the_purchase_log_example_gives_the_figures_the_readme_states(tmp_path, monkeypatch):
    summary = run_example("a purchase log without order ids", tmp_path, "music-shop", monkeypatch)
    text = example("a purchase log without order ids")
    assert "6 order lines, 3 customers from 2024-01-02 to 2024-02-28" in text
    assert (summary["order_lines"], summary["orders"], summary["customers"]) == (6, 5, 3)
    assert (summary["first_order"], summary["last_order"]) == ("2024-01-02", "2024-02-28")
    assert summary["revenue_cents"] == 132_360
    assert any(r.get("action") == "derived" for r in summary["cleaning"])
    assert any("rescal" in p["what"] for p in summary["problems"])
    assert summary["tables"]["survey"] == 3


# --- a quiet terminal -----------------------------------------------------------------------

QUIET_DRIVER = """
import sys
from helpers.paths import NOTEBOOKS_DIR, SOLUTIONS_DIR
from helpers.tooling import rerun
from helpers.tooling.cli import main
rerun.course_notebooks = lambda **kwargs: [
    NOTEBOOKS_DIR / "00_course_map.ipynb", SOLUTIONS_DIR / "00_warm_up.ipynb"]
if __name__ == "__main__":  # the notebook workers start fresh and import this file
    sys.exit(main(sys.argv[1:]))
"""


def test_a_rerun_prints_no_spurious_warning(tmp_path):
    driver = tmp_path / "driver.py"
    driver.write_text(QUIET_DRIVER)
    # every parameter of the course: notebooks get only those they declare
    command = [sys.executable, str(driver), "rerun", "course:seed=3,customers=40",
               "--params", str(PARAMS_DIR / "course.yaml"), "--out", str(tmp_path / "r"),
               "--jobs", "2"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    for noise in ("warning", "passed unknown parameter", "unable to parse", "traceback"):
        assert noise not in done.stdout.lower()
    assert "2/2 ok" in done.stdout
