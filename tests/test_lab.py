"""Class day without a browser: the lab command, the course's Jupyter settings, clean saves.

The browser test (``test_browser.py``) checks the same things through JupyterLab's
page; these tests check each setting where it takes effect, and run everywhere.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import nbformat
import pytest
import zmq
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_server.services.contents.filemanager import FileContentsManager
from jupytext import TextFileContentsManager
from nbclient import NotebookClient
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from helpers.paths import (
    EXERCISES_DIR,
    KERNEL_NAME,
    NOTEBOOKS_DIR,
    REPO_ROOT,
    SOLUTIONS_DIR,
)
from helpers.tooling import lab
from helpers.tooling.catalog import course_sources
from helpers.tooling.cli import main as cli_main
from helpers.tooling.jupyter_setup import JUPYTER_CONFIG_FILE, jupyter_config
from helpers.tooling.notebooks import build, language_info, out_of_sync, read_source

JUPYTER_DIR = REPO_ROOT / "jupyter"
SERVER_CONFIG = JUPYTER_DIR / "etc" / "jupyter" / "jupyter_server_config.py"
LAB_OVERRIDES = JUPYTER_DIR / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def _server_config() -> Config:
    config = jupyter_config()
    config.merge(
        PyFileConfigLoader(SERVER_CONFIG.name, path=str(SERVER_CONFIG.parent)).load_config()
    )
    return config


def _tasks_module():
    spec = importlib.util.spec_from_file_location("course_tasks", REPO_ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the command -------------------------------------------------------------------------


def test_lab_serves_the_repository_and_opens_the_course_map():
    command = lab.lab_command()
    assert command[1:4] == ["-m", "jupyter", "lab"]
    assert f"--ServerApp.root_dir={REPO_ROOT}" in command
    assert "--LabApp.default_url=/lab/tree/notebooks/00_course_map.ipynb" in command
    assert lab.COURSE_MAP.exists()
    assert "--no-browser" not in command and not any("port" in c for c in command)


def test_lab_options_and_other_arguments_reach_jupyter(monkeypatch):
    seen = {}
    monkeypatch.setattr(lab, "trust_course_notebooks", lambda: [])
    monkeypatch.setattr(
        lab, "run_in_foreground", lambda command, cwd: seen.update(c=command, cwd=cwd) or 3
    )
    code = cli_main(["lab", "--port", "8890", "--no-browser", "--ServerApp.ip=0.0.0.0"])
    assert code == 3 and seen["cwd"] == REPO_ROOT  # Jupyter's exit status is the command's
    # the course's options first, then the person's, which can override them
    assert seen["c"][-3:] == ["--ServerApp.port=8890", "--no-browser", "--ServerApp.ip=0.0.0.0"]


def test_lab_help_says_what_goes_to_jupyter(capsys):
    with pytest.raises(SystemExit) as done:
        cli_main(["lab", "--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--port PORT" in text and "--no-browser" in text
    assert "Any other argument goes to JupyterLab unchanged" in text
    assert "course map" in text


def test_readme_documents_the_lab_command():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("| `python3 tasks.py lab"))
    assert "course map" in line and "--port" in line and "--no-browser" in line


# --- the course's Jupyter settings -------------------------------------------------------


def test_setup_copies_the_jupyter_settings_into_the_environment(tmp_path, monkeypatch):
    tasks = _tasks_module()
    monkeypatch.setattr(tasks, "VENV", tmp_path)
    tasks.install_jupyter_config()
    sources = [p for p in JUPYTER_DIR.rglob("*") if p.is_file()]
    assert {p.relative_to(JUPYTER_DIR) for p in sources} >= {
        Path("etc/jupyter/jupyter_config.py"),
        Path("etc/jupyter/jupyter_server_config.py"),
        Path("share/jupyter/lab/settings/overrides.json"),
    }
    for source in sources:
        assert (tmp_path / source.relative_to(JUPYTER_DIR)).read_bytes() == source.read_bytes()
    # an edited copy is put right; an unchanged one is not rewritten
    copied = tmp_path / "etc" / "jupyter" / "jupyter_server_config.py"
    copied.write_text("c = get_config()  # edited by hand\n")
    untouched = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    stamp = untouched.stat().st_mtime_ns
    tasks.install_jupyter_config()
    assert copied.read_bytes() == SERVER_CONFIG.read_bytes()
    assert untouched.stat().st_mtime_ns == stamp


def test_the_environment_has_the_settings_installed():
    """``tasks.py`` has run in this environment: the lab reads the same settings."""
    for source in (JUPYTER_CONFIG_FILE, SERVER_CONFIG, LAB_OVERRIDES):
        installed = Path(sys.prefix) / source.relative_to(JUPYTER_DIR)
        assert installed.read_bytes() == source.read_bytes(), "run `python3 tasks.py setup`"


def test_the_launcher_offers_only_the_course_kernel():
    specs = KernelSpecManager(config=_server_config()).find_kernel_specs()
    assert set(specs) == {KERNEL_NAME}
    assert set(KernelSpecManager().find_kernel_specs()) > {KERNEL_NAME}  # without the setting
    assert _server_config().MappingKernelManager.default_kernel_name == KERNEL_NAME


def test_the_file_browser_shows_one_entry_per_notebook():
    contents = FileContentsManager(config=_server_config(), root_dir=str(REPO_ROOT))
    for folder in (NOTEBOOKS_DIR, SOLUTIONS_DIR, EXERCISES_DIR):
        listed = {item["name"] for item in contents.get(folder.name)["content"]}
        notebooks = {p.name for p in folder.glob("[0-9][0-9]_*.ipynb")}
        assert notebooks and notebooks <= listed
        assert not {name for name in listed if name.endswith(".py")}, folder.name
    root = {item["name"] for item in contents.get("")["content"]}
    assert {"notebooks", "exercises", "solutions", "datasets", "helpers", "tasks.py"} <= root
    helpers = {item["name"] for item in contents.get("helpers")["content"]}
    assert "params.py" in helpers  # only the lesson twins are hidden
    plain = FileContentsManager(root_dir=str(REPO_ROOT))
    assert "00_course_map.py" in {i["name"] for i in plain.get("notebooks")["content"]}


def test_no_news_question_and_no_update_check():
    settings = json.loads(LAB_OVERRIDES.read_text())
    notification = settings["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}
    schema = lab_schema("@jupyterlab/apputils-extension", "notification")
    assert {"const": "false", "title": "Never"} in schema["properties"]["fetchNews"]["oneOf"]


def lab_schema(package: str, plugin: str) -> dict:
    import jupyterlab

    app_dir = Path(jupyterlab.__file__).resolve().parents[4] / "share" / "jupyter" / "lab"
    return json.loads((app_dir / "schemas" / package / f"{plugin}.json").read_text())


def test_quiet_server_settings():
    config = _server_config()
    assert config.LanguageServerManager.autodetect is False  # no list of missing servers
    # Tornado warns when the ping timeout exceeds the interval; with no pings it cannot
    assert config.ServerApp.tornado_settings == {"ws_ping_interval": 0}


def _run_one_cell(config: Config | None) -> dict:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    options = {"config": config} if config is not None else {}
    NotebookClient(nb, kernel_name=KERNEL_NAME, **options).execute()
    return nb.metadata["language_info"]


@pytest.mark.skipif(not zmq.has("curve"), reason="this pyzmq has no CurveZMQ encryption")
def test_kernels_the_course_starts_are_encrypted_and_quiet(capfd):
    capfd.readouterr()
    _run_one_cell(None)
    assert "without encryption" in capfd.readouterr().err  # the warning this setting avoids
    reported = _run_one_cell(jupyter_config())
    assert "without encryption" not in capfd.readouterr().err
    # what the kernel writes into a notebook is what the course stores
    assert reported == language_info()


# --- trust -------------------------------------------------------------------------------


def test_the_course_notebooks_are_signed_in_the_environment(tmp_path, monkeypatch):
    config = jupyter_config()
    assert config.NotebookNotary.data_dir.endswith(str(Path("share") / "jupyter"))
    config.NotebookNotary.data_dir = str(tmp_path)
    monkeypatch.setattr(lab, "jupyter_config", lambda: config)
    copies = []
    for source in (lab.COURSE_MAP, EXERCISES_DIR / "00_warm_up.ipynb"):
        copies.append(tmp_path / source.name)
        shutil.copyfile(source, copies[-1])
    assert lab.trust_course_notebooks(copies) == copies
    assert lab.trust_course_notebooks(copies) == []  # signed once
    nb = nbformat.read(copies[0], as_version=4)
    nb.cells[0].source += "\nchanged"
    nbformat.write(nb, copies[0])
    assert lab.trust_course_notebooks(copies) == [copies[0]]
    assert (tmp_path / "nbsignatures.db").exists()
    names = {p.name for p in lab.course_notebooks_to_trust()}
    assert {"00_course_map.ipynb", "00_warm_up.ipynb"} <= names


# --- a save in the lab changes nothing ---------------------------------------------------


@pytest.mark.parametrize("source", course_sources(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_saving_a_built_notebook_unedited_changes_nothing(source, tmp_path):
    """Open and save as JupyterLab does (jupytext pairing, the kernel's language_info)."""
    folder = tmp_path / source.parent.name
    folder.mkdir()
    shutil.copyfile(source.parent / "jupytext.toml", folder / "jupytext.toml")
    shutil.copyfile(source, folder / source.name)
    an_hour_ago = time.time() - 3600  # the twin is older: built, or pulled, just now
    os.utime(folder / source.name, (an_hour_ago, an_hour_ago))
    notebook = build(folder / source.name, run=False)
    before = {p: p.read_bytes() for p in (notebook, folder / source.name)}
    contents = TextFileContentsManager(root_dir=str(tmp_path))
    messages = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())
    contents.log.addHandler(handler)
    path = f"{folder.name}/{notebook.name}"
    model = contents.get(path)
    model["content"]["metadata"]["language_info"] = language_info()  # the kernel adds it
    contents.save(model, path)
    contents.log.removeHandler(handler)
    assert [p.name for p, data in before.items() if p.read_bytes() != data] == []
    assert not [m for m in messages if "Stripping metadata" in m or "more recent" in m]


def test_build_stores_what_the_lab_writes(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copyfile(NOTEBOOKS_DIR / "jupytext.toml", folder / "jupytext.toml")
    source = folder / "01_demo.py"
    source.write_text("# %%\nx = 1\n\n\n# %%\ny = 2\n")
    notebook = build(source, run=False)
    nb = nbformat.read(notebook, as_version=4)
    assert nb.metadata["language_info"] == language_info()
    assert nb.metadata["jupytext"]["formats"] == "ipynb,py:percent"
    assert nb.cells[0].metadata == {"lines_to_next_cell": 2}  # the source's two blank lines
    assert out_of_sync(source) is None

    stale = nbformat.read(notebook, as_version=4)
    stale.metadata["language_info"] = {"name": "python"}
    nbformat.write(stale, notebook)
    assert "metadata is not what JupyterLab writes" in out_of_sync(source)
    build(source, run=False)
    other = dict(read_source(source).metadata)
    other["language_info"] = {**other["language_info"], "version": "3.99.0"}
    stale = nbformat.read(notebook, as_version=4)
    stale.metadata = nbformat.from_dict(other)
    nbformat.write(stale, notebook)
    assert out_of_sync(source) is None  # built with another Python: not a difference

    source.write_text("#%%\nx = 1\n\n# %%\ny = 2\n")  # a marker jupytext writes otherwise
    build(source, run=False)
    assert "line 1 is '#%%', but JupyterLab saves it as '# %%'" in out_of_sync(source)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs POSIX signals")
@pytest.mark.parametrize("where", ["tasks.py", "helpers.tooling.lab"])
def test_ctrl_c_waits_for_the_lab_to_stop_itself(where, tmp_path):
    """Ctrl-C reaches every process of the terminal; ours waits while Jupyter shuts down."""
    # the child stands for JupyterLab: it takes a moment to stop its kernels, then exits 0
    child = [sys.executable, "-c", "import time; time.sleep(1.0); print('stopped')"]
    run = _tasks_module().run_in_foreground if where == "tasks.py" else None
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, 0.2)  # Ctrl-C arrives while waiting
    previous = signal.signal(signal.SIGALRM, signal.default_int_handler)
    try:
        code = run(child) if run else lab.run_in_foreground(child, cwd=tmp_path)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert code == 0 and time.monotonic() - started >= 0.9
