"""``python3 tasks.py lab``: JupyterLab on the whole course, opened at the course map.

The lab serves the repository folder, so lessons, exercises, solutions and data are all
in its file browser, and opens ``notebooks/00_course_map.ipynb`` (in the browser it
starts and at the address it prints). What the lab shows and logs is set by the
course's Jupyter configuration (``jupyter/``, copied into ``.venv/`` by ``tasks.py``).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbformat.sign import NotebookNotary

from helpers.paths import EXERCISES_DIR, NOTEBOOKS_DIR, REPO_ROOT, SOLUTIONS_DIR
from helpers.tooling.catalog import NOTEBOOK_NAME
from helpers.tooling.jupyter_setup import jupyter_config

COURSE_MAP = NOTEBOOKS_DIR / "00_course_map.ipynb"


def course_map_url_path() -> str:
    """Where the lab opens: the course map, as a path under the lab's address.

    >>> course_map_url_path()
    '/lab/tree/notebooks/00_course_map.ipynb'
    """
    return "/lab/tree/" + COURSE_MAP.relative_to(REPO_ROOT).as_posix()


def lab_command(
    *, port: int | None = None, browser: bool = True, extra: Sequence[str] = ()
) -> list[str]:
    """The ``jupyter lab`` command line: the repository as root, the course map as start page.

    ``extra`` goes to JupyterLab unchanged (after the course's options, so it can
    override them).

    >>> command = lab_command(port=8890, browser=False, extra=["--ServerApp.ip=0.0.0.0"])
    >>> command[1:4]
    ['-m', 'jupyter', 'lab']
    >>> command[-3:]
    ['--ServerApp.port=8890', '--no-browser', '--ServerApp.ip=0.0.0.0']
    """
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--ServerApp.root_dir={REPO_ROOT}",
        f"--LabApp.default_url={course_map_url_path()}",
    ]
    if port is not None:
        command.append(f"--ServerApp.port={int(port)}")
    if not browser:
        command.append("--no-browser")
    return command + list(extra)


def course_notebooks_to_trust() -> list[Path]:
    """The course's own notebooks: lessons, solutions and exercises (numbered names only)."""
    return [
        path
        for folder in (NOTEBOOKS_DIR, SOLUTIONS_DIR, EXERCISES_DIR)
        for path in sorted(Path(folder).glob("*.ipynb"))
        if NOTEBOOK_NAME.match(path.stem)
    ]


def trust_course_notebooks(paths: Sequence[Path] | None = None) -> list[Path]:
    """Sign the course's notebooks in the environment's signature store; return those signed.

    Their outputs come from the course's own runs, as trustworthy as its code, and a
    signed notebook opens without a "not trusted" warning in the lab's log.
    """
    notary = NotebookNotary(config=jupyter_config())
    signed = []
    for path in course_notebooks_to_trust() if paths is None else paths:
        nb = nbformat.read(path, as_version=4)
        if not notary.check_signature(nb):
            notary.sign(nb)
            signed.append(Path(path))
    return signed


def run_in_foreground(command: Sequence[str], cwd: Path) -> int:
    """Run ``command`` and wait for it to end, through any number of Ctrl-C.

    Ctrl-C reaches every process of the terminal: JupyterLab asks whether to shut down
    and then stops its kernels itself. Stopping here as well would leave it (and its
    kernels) running without the terminal.
    """
    process = subprocess.Popen(list(command), cwd=cwd)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            continue
