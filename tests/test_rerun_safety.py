"""Re-runs are safe with careless and hostile input: only our own folders are replaced,
parameter files are data, Ctrl-C stops everything, and no traceback reaches a trainer."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import psutil
import pytest

from helpers.paths import BUILD_DIR, KERNEL_NAME, NOTEBOOKS_DIR, REPO_ROOT
from helpers.schema import DataError
from helpers.tooling import folders, runner
from helpers.tooling import rerun as rerun_module
from helpers.tooling.cli import main as cli_main
from helpers.tooling.folders import MARKER, FolderRefused, check_output_folder, read_marker
from helpers.tooling.rerun import rerun

SMALL = "course:seed=3,customers=40"


def notebook(folder: Path, name: str, *cells: str, parameters: str = "data_source = 'course'"):
    """A small notebook on the course kernel with a parameters cell."""
    folder.mkdir(parents=True, exist_ok=True)
    first = nbformat.v4.new_code_cell(parameters)
    first.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[first, *map(nbformat.v4.new_code_cell, cells)])
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "x", "language": "python"}
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture
def quick(tmp_path) -> list[Path]:
    return [notebook(tmp_path / "nbs", "01_quick", "x = 1")]


def run_cli(argv, capsys) -> tuple[int, str, str]:
    code = cli_main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_problem_list(text: str) -> None:
    """What a trainer sees: a heading and "- error: ..." lines, never a traceback."""
    assert "Traceback" not in text and 'File "' not in text
    assert "\n- error: " in text


# --- only our own folders are replaced --------------------------------------------------------


@pytest.fixture
def company(tmp_path) -> Path:
    """A trainer's data folder: orders and an unrelated notes file."""
    folder = tmp_path / "v"
    folder.mkdir()
    orders = pd.read_csv(REPO_ROOT / "datasets" / "course" / "orders.csv.gz").head(300)
    orders.to_csv(folder / "orders.csv", index=False)
    (folder / "notes.txt").write_text("my notes")
    return folder


def untouched(folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", "orders.csv"]
    assert (folder / "notes.txt").read_text() == "my notes"


@pytest.mark.parametrize("force", [False, True])
def test_out_equal_to_the_data_folder_is_refused_and_nothing_is_deleted(company, force, capsys):
    argv = ["rerun", company, "--out", company] + (["--force"] if force else [])
    code, _, err = run_cli(argv, capsys)
    assert code == 2
    assert "--out is the data of the run" in err
    assert_problem_list(err)
    untouched(company)


def test_out_inside_or_above_the_data_is_refused(company, capsys):
    code, _, err = run_cli(["rerun", company, "--out", company / "reports"], capsys)
    assert code == 2 and "--out lies inside the data of the run" in err
    code, _, err = run_cli(["rerun", company / "orders.csv", "--out", company, "--force"], capsys)
    assert code == 2 and "--out contains the data of the run" in err
    untouched(company)


def test_out_dot_with_force_deletes_nothing(company, monkeypatch, capsys):
    monkeypatch.chdir(company)
    code, _, err = run_cli(["rerun", "orders.csv", "--out", ".", "--force"], capsys)
    assert code == 2 and "--out contains the data of the run" in err
    untouched(company)


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (Path.home(), "--out is your home folder"),
        (Path(Path.home().anchor), "--out contains "),
        (REPO_ROOT, "--out is the course repository"),
        (REPO_ROOT.parent, "--out contains the course repository"),
        (REPO_ROOT / "reports" / "my-company", "--out lies inside the course repository"),
        (REPO_ROOT / "notebooks", "--out lies inside the course repository"),
        (BUILD_DIR, "--out is the build folder itself"),
    ],
)
def test_out_may_not_be_home_the_repository_or_above_them(out, message):
    with pytest.raises(FolderRefused) as caught:
        check_output_folder(out, replace=True)
    assert message in caught.value.problem.what
    assert caught.value.problem.fix


def test_out_under_build_is_allowed():
    plan = check_output_folder(BUILD_DIR / "reports" / "my-company-never-made")
    assert plan.partial.name == "my-company-never-made.partial"


def test_out_that_is_a_file_or_a_link_is_refused(tmp_path, capsys):
    target = tmp_path / "report.txt"
    target.write_text("not a folder")
    code, _, err = run_cli(["rerun", SMALL, "--out", target, "--force"], capsys)
    assert code == 2 and "--out is a file, not a folder" in err
    assert target.read_text() == "not a folder"
    link = tmp_path / "link"
    link.symlink_to(tmp_path)
    with pytest.raises(FolderRefused, match="symbolic link"):
        check_output_folder(link, replace=True)


def test_force_replaces_an_earlier_run_but_never_files_it_did_not_write(tmp_path, quick):
    out = tmp_path / "reports"
    rerun(SMALL, out, notebooks=quick)
    assert read_marker(out) is not None
    with pytest.raises(FolderRefused, match="add --force"):
        rerun(SMALL, out, notebooks=quick)
    first = (out / "index.html").read_text(encoding="utf-8")
    rerun("course:seed=4,customers=40", out, notebooks=quick, force=True)
    assert (out / "index.html").read_text(encoding="utf-8") != first
    # a trainer's own file in the reports folder
    (out / "notes.txt").write_text("mine")
    with pytest.raises(FolderRefused, match="notes.txt") as caught:
        rerun(SMALL, out, notebooks=quick, force=True)
    assert "never deletes them" in caught.value.problem.fix
    assert (out / "notes.txt").read_text() == "mine"
    # a report edited after the run
    (out / "notes.txt").unlink()
    (out / "index.html").write_text("edited")
    with pytest.raises(FolderRefused, match="index.html"):
        rerun(SMALL, out, notebooks=quick, force=True)
    assert (out / "index.html").read_text() == "edited"
    assert not list(tmp_path.glob(".reports.replaced-*"))


def test_a_folder_of_an_earlier_version_with_summary_json_is_ours(tmp_path):
    out = tmp_path / "reports"
    (out / "notebooks").mkdir(parents=True)
    (out / "notebooks" / "01_quick.ipynb").write_text("{}")
    (out / "notebooks" / "01_quick.html").write_text("<p>")
    (out / "index.html").write_text("<p>")
    summary = {"notebooks": [{"notebook": "notebooks/01_quick.ipynb", "status": "ok"}]}
    (out / "summary.json").write_text(json.dumps(summary))
    assert folders.is_ours(out) and folders.not_written_by_the_run(out) == []
    check_output_folder(out, replace=True)
    (out / "data.csv").write_text("a,b")
    assert folders.not_written_by_the_run(out) == ["data.csv"]


def test_a_partial_folder_is_removed_only_when_ours(tmp_path, quick):
    out = tmp_path / "reports"
    partial = tmp_path / "reports.partial"
    partial.mkdir()
    (partial / "keep.txt").write_text("someone's")
    for force in (False, True):
        with pytest.raises(FolderRefused, match="not made by a course run"):
            rerun(SMALL, out, notebooks=quick, force=force)
    assert (partial / "keep.txt").read_text() == "someone's"
    (partial / "keep.txt").unlink()
    (partial / MARKER).write_text(json.dumps({"made_by": folders.MADE_BY, "key": "x"}))
    with pytest.raises(FolderRefused, match="add --resume to finish it, or --force"):
        rerun(SMALL, out, notebooks=quick)
    with pytest.raises(FolderRefused, match="used other data, parameters or notebooks"):
        rerun(SMALL, out, notebooks=quick, resume=True)
    assert rerun(SMALL, out, notebooks=quick, force=True)[0].status == "ok"
    assert not partial.exists() and (out / "index.html").exists()


def test_a_read_only_output_is_a_clear_message(tmp_path, capsys, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    code, _, err = run_cli(["rerun", SMALL, "--out", tmp_path / "ro" / "reports"], capsys)
    assert code == 2
    assert "permission denied: Permission denied" in err and "reports.partial" in err
    assert "choose a folder you may write to" in err
    assert_problem_list(err)


def test_a_read_only_place_is_refused_before_the_data_is_checked(tmp_path, capsys, monkeypatch):
    def never(parameters):
        raise AssertionError("the data was checked first")

    monkeypatch.setattr(rerun_module, "check_run_data", never)
    monkeypatch.setattr(folders.os, "access", lambda path, mode: Path(path) != tmp_path)
    code, _, err = run_cli(["rerun", SMALL, "--out", tmp_path / "new" / "reports"], capsys)
    assert code == 2
    assert f"permission denied: the reports cannot be written there ({tmp_path})" in err
    assert_problem_list(err)


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_really_refuses(tmp_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, _, err = run_cli(["rerun", SMALL, "--out", folder / "reports"], capsys)
    finally:
        folder.chmod(0o755)
    assert code == 2 and "permission denied" in err
    assert_problem_list(err)


# --- parameter and mapping files are data, checked before anything runs -----------------------

EVIL = "'); open('PWNED', 'w').write('x'); ('"


def test_a_parameter_key_holding_python_stops_the_run(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    params = tmp_path / "params.yaml"
    params.write_text(
        "as_of: 2025-06-01\n\"__import__('os').system('touch PWNED') or x\": 1\nasof: 2024-01-01\n",
        encoding="utf-8",
    )
    out = tmp_path / "reports"
    code, printed, err = run_cli(["rerun", SMALL, "--out", out, "--params", params], capsys)
    assert code == 2
    assert "unknown parameter \"__import__('os').system('touch PWNED') or x\"" in err
    assert "unknown parameter 'asof' (did you mean 'as_of'?)" in err
    assert_problem_list(err)
    assert printed == "" and not out.exists() and not out.with_name("reports.partial").exists()
    assert not (tmp_path / "PWNED").exists()


def test_a_mapping_with_unknown_headers_stops_before_any_notebook(tmp_path, quick, capsys):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(f'"{EVIL}": revenue\n', encoding="utf-8")
    out = tmp_path / "reports"
    data = REPO_ROOT / "datasets" / "raw_export" / "orders_2025-12.xlsx"
    assert rerun(data, out, mapping=mapping, notebooks=quick) is None
    printed = capsys.readouterr().out
    assert "nothing was run" in printed and "the column mapping names" in printed
    assert not out.exists() and not out.with_name("reports.partial").exists()


def test_parameter_values_reach_the_notebook_as_data_never_as_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    seen = tmp_path / "seen.json"
    source = notebook(
        tmp_path / "nbs",
        "01_values",
        f"import json\njson.dump([data_source, column_mapping], open({str(seen)!r}, 'w'))",
        parameters="data_source = 'course'\ncolumn_mapping = None",
    )
    values = {
        "data_source": EVIL,
        "column_mapping": {EVIL: "revenue", "x\n__import__('os')": "a'b\"c"},
        "lang": "en",  # not declared by this notebook: not passed
        "__import__('os').system('touch PWNED')": 1,  # never declared by any notebook
    }
    assert sorted(runner.declared_parameters(source, values)) == ["column_mapping", "data_source"]
    result = runner.run_notebook(source, tmp_path / "out" / "01_values.ipynb", values, html=False)
    assert result.status == "ok", result.error
    assert json.loads(seen.read_text()) == [values["data_source"], values["column_mapping"]]
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "nbs" / "PWNED").exists()


def test_solutions_check_every_parameter_file_before_running_any(tmp_path, capsys):
    good = REPO_ROOT / "datasets" / "params" / "course.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text("lang: fr\n", encoding="utf-8")
    out = tmp_path / "solutions"
    code, _, err = run_cli(["solutions", "--params", good, bad, "--out", out], capsys)
    assert code == 2 and "bad.yaml: parameter 'lang' must be 'en' or 'zh', not 'fr'" in err
    assert_problem_list(err)
    assert not out.exists()


# --- no traceback reaches a trainer -----------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["rerun", "nowhere/sales.csv"], "is not 'course', 'course:seed=N'"),
        (["rerun", SMALL, "--params", "nowhere.yaml"], "parameter file nowhere.yaml not found"),
        (["rerun", "course:colour=red"], "'colour=red' is not understood"),
    ],
)
def test_failures_are_problem_lists(tmp_path, capsys, argv, message):
    code, out, err = run_cli([*argv, "--out", tmp_path / "reports"], capsys)
    assert code == 2
    text = out + err
    assert message in text
    assert_problem_list(text)
    assert not (tmp_path / "reports").exists()


def test_a_bad_as_of_or_one_before_every_order_is_a_problem(tmp_path, capsys):
    params = tmp_path / "p.yaml"
    params.write_text("as_of: 2023-13-45\n", encoding="utf-8")
    code, _, err = run_cli(["rerun", SMALL, "--out", tmp_path / "r", "--params", params], capsys)
    assert code == 2 and "parameter 'as_of' must be a date written YYYY-MM-DD" in err
    params.write_text("as_of: 2001-01-01\n", encoding="utf-8")
    code, out, _ = run_cli(["rerun", SMALL, "--out", tmp_path / "r", "--params", params], capsys)
    assert code == 2 and "no order line is dated before as_of 2001-01-01" in out
    assert_problem_list(out)


def test_an_unparseable_date_is_a_problem_list(tmp_path, capsys):
    orders = pd.read_csv(REPO_ROOT / "datasets" / "course" / "orders.csv.gz").head(40)
    orders["order_date"] = orders["order_date"].astype(str)
    orders.loc[5, "order_date"] = "not a date"
    data = tmp_path / "bad.csv"
    orders.to_csv(data, index=False)
    code, out, _ = run_cli(["rerun", data, "--out", tmp_path / "r"], capsys)
    assert code == 2 and "order_date" in out and "nothing was run" in out
    assert_problem_list(out)


def test_handout_onto_a_file_is_a_clear_message(tmp_path, capsys):
    target = tmp_path / "handout"
    target.write_text("a file")
    code, _, err = run_cli(["handout", target], capsys)
    assert code == 2
    assert_problem_list(err)
    assert str(target) in err and target.read_text() == "a file"


def test_an_unexpected_failure_says_it_is_the_courses_fault(tmp_path, capsys, monkeypatch):
    def boom(parameters):
        raise RuntimeError("x" * 5_000_000)

    monkeypatch.setattr(rerun_module, "check_run_data", boom)
    code, _, err = run_cli(["rerun", SMALL, "--out", tmp_path / "r"], capsys)
    assert code == 2
    assert "unexpected RuntimeError" in err and "CUSTOMER_COURSE_DEBUG=1" in err
    assert "more characters" in err and len(err) < 2_000
    assert_problem_list(err)
    monkeypatch.setenv("CUSTOMER_COURSE_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli_main(["rerun", SMALL, "--out", str(tmp_path / "r")])


def test_a_data_error_quoting_a_huge_cell_is_cut(tmp_path, capsys, monkeypatch):
    def huge(parameters):
        raise DataError("orders.csv row 2: amount '" + "1" * 30_000_000 + "' is not a number")

    monkeypatch.setattr(rerun_module, "check_run_data", huge)
    code, _, err = run_cli(["rerun", SMALL, "--out", tmp_path / "r"], capsys)
    assert code == 2 and len(err) < 2_000 and "orders.csv row 2" in err


def test_the_real_command_prints_no_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "helpers", "rerun", str(tmp_path / "missing.csv"),
         "--out", str(tmp_path / "r")],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert "- error: data_source" in done.stdout and "nothing was run" in done.stdout


# --- Ctrl-C stops every worker and kernel -----------------------------------------------------

DRIVER = """
import sys
from pathlib import Path
from helpers.tooling import rerun
from helpers.tooling.cli import main
rerun.course_notebooks = lambda **kwargs: sorted(Path(sys.argv[1]).glob("*.ipynb"))
if __name__ == "__main__":  # the notebook workers start fresh and import this file
    sys.exit(main(sys.argv[2:]))
"""


def kernels_of(process: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in process.children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            pass
    return found


def sleeping_notebooks(folder: Path, flag: Path, slow: int) -> list[Path]:
    """One quick notebook, then ``slow`` that sleep while ``flag`` exists."""
    sleep = f"import os, time\nwhile os.path.exists({str(flag)!r}):\n    time.sleep(0.2)"
    return [notebook(folder, "01_quick", "x = 1")] + [
        notebook(folder, f"0{i}_slow", sleep) for i in range(2, 2 + slow)
    ]


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="Ctrl-C is sent to a process group")
@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_stops_every_worker_and_kernel(tmp_path, jobs):
    flag = tmp_path / "keep-sleeping"
    flag.write_text("")
    sleeping_notebooks(tmp_path / "nbs", flag, slow=jobs)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    out = tmp_path / "reports"
    command = [sys.executable, str(driver), str(tmp_path / "nbs"), "rerun", SMALL,
               "--out", str(out), "--jobs", str(jobs)]  # fmt: skip
    # a terminal's Ctrl-C goes to the whole foreground process group
    process = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    main = psutil.Process(process.pid)
    partial = out.with_name("reports.partial")

    def started() -> bool:  # the quick notebook has finished and the slow ones are running
        finished = (read_marker(partial) or {}).get("finished") or {}
        return len(finished) == 1 and len(kernels_of(main)) == jobs

    deadline = time.monotonic() + 120
    while not started() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert started(), "the slow notebooks never started"
    time.sleep(1)
    tree = [main, *main.children(recursive=True)]
    assert len(tree) >= 1 + jobs  # the kernels (and, when parallel, the workers)
    os.killpg(process.pid, signal.SIGINT)
    printed, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    gone, alive = psutil.wait_procs(tree, timeout=10)
    assert alive == [], f"still running: {[p.pid for p in alive]}"
    assert "Traceback" not in printed + err
    total = 1 + jobs
    assert f"1 of {total} notebooks had finished" in err
    assert "give the same command again with --resume" in err
    assert not out.exists() and read_marker(partial) is not None
    assert list(read_marker(partial)["finished"]) == ["nbs/01_quick.ipynb"]
    if jobs == 1:
        return
    # resume: the finished notebook is kept, the others run
    first = (partial / "nbs" / "01_quick.ipynb").stat().st_mtime_ns
    flag.unlink()
    done = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"resuming: 1 of {total} notebooks finished before the interruption" in done.stdout
    assert (out / "nbs" / "01_quick.ipynb").stat().st_mtime_ns == first
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [n["status"] for n in summary["notebooks"]] == ["ok"] * total
    assert not partial.exists()


def test_sigterm_stops_a_run_like_ctrl_c(tmp_path, quick, monkeypatch):
    calls = []

    def terminated(source, output, *args, **kwargs):
        calls.append(source)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the signal arrives before this ends
        raise AssertionError("SIGTERM did not stop the run")

    monkeypatch.setattr(runner, "run_notebook", terminated)
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(runner.Interrupted):
        rerun(SMALL, tmp_path / "reports", notebooks=quick, jobs=1)
    assert signal.getsignal(signal.SIGTERM) == before and len(calls) == 1
    assert (tmp_path / "reports.partial").exists() and not (tmp_path / "reports").exists()


def test_kernels_talk_over_private_local_sockets(tmp_path, quick):
    if os.name == "nt":
        pytest.skip("Windows kernels use TCP")
    probe = notebook(
        tmp_path / "nbs",
        "02_probe",
        "from ipykernel.kernelapp import IPKernelApp\n"
        "app = IPKernelApp.instance()\n"
        f"open({str(tmp_path / 'transport.txt')!r}, 'w').write(app.transport + ' ' + app.ip)",
    )
    result = runner.run_notebook(probe, tmp_path / "out" / "02_probe.ipynb", html=False)
    assert result.status == "ok", result.error
    transport, ip = (tmp_path / "transport.txt").read_text().split(" ", 1)
    assert transport == "ipc"
    assert Path(ip).parent.stat().st_mode & 0o077 == 0  # only its owner can reach it
    assert not str(Path(ip)).startswith(str(NOTEBOOKS_DIR))


def test_the_interrupted_message_says_how_to_go_on_for_each_command(tmp_path):
    from helpers.tooling.cli import interrupted_message

    stopped = runner.Interrupted(tmp_path / "r.partial", 3, 15)
    rerun_text = interrupted_message(stopped, "rerun")
    assert f"3 of 15 notebooks had finished; they are kept in {tmp_path / 'r.partial'}" in (
        rerun_text
    )
    assert "--resume" in rerun_text and "add --force" in rerun_text
    course_text = interrupted_message(stopped, "course")
    assert "--resume" in course_text and "--force" not in course_text
    assert "from the beginning" in interrupted_message(stopped, "solutions")
    assert "--resume" not in interrupted_message(stopped, "solutions")
