#!/usr/bin/env python3
"""Set up the course environment and run a course command. Standard library only.

    python3 tasks.py course     # set up if needed, then run every notebook
    python3 tasks.py test       # set up if needed, then run the test suite
    python3 tasks.py lab        # set up if needed, then open JupyterLab on the course
    python3 tasks.py setup      # only set up

Set-up creates ``.venv/`` beside this file, installs ``requirements.txt`` into it
and registers the Jupyter kernel "Python (customer course)" inside that
environment. It is skipped when requirements.txt and pyproject.toml have not
changed since the last successful set-up. The course's Jupyter configuration
(``jupyter/``: lab settings, server and kernel options) is copied into ``.venv/``
on every command. Any other command is passed on to ``python -m helpers`` inside
the environment (``python3 tasks.py build --check``, ``python3 tasks.py lab --help``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("COURSE_VENV", ROOT / ".venv"))
STAMP = VENV / ".course-setup-stamp"
#: the course's Jupyter configuration, laid out like the environment it is copied into
JUPYTER_CONFIG = ROOT / "jupyter"
KERNEL = ["--name", "customer-course", "--display-name", "Python (customer course)"]


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("requirements.txt", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def run(*command: str | Path) -> None:
    print("+", " ".join(str(c) for c in command), flush=True)
    subprocess.run([str(c) for c in command], cwd=ROOT, check=True)


def setup() -> Path:
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}")
    python = venv_python()
    if not python.exists():
        print(f"Creating the virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = fingerprint()
    if not (STAMP.exists() and STAMP.read_text() == wanted):
        run(python, "-m", "pip", "install", "--upgrade", "--quiet", "pip")
        run(python, "-m", "pip", "install", "--quiet", "-r", ROOT / "requirements.txt")
        run(python, "-m", "ipykernel", "install", "--sys-prefix", *KERNEL)
        STAMP.write_text(wanted)
        print("Set-up complete.", flush=True)
    install_jupyter_config()
    return python


def install_jupyter_config() -> None:
    """Copy ``jupyter/`` (lab settings, server and kernel options) into the environment.

    Runs on every command, so an edited setting applies at the next start; files are
    only written when they differ.
    """
    for source in sorted(JUPYTER_CONFIG.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        target = VENV / source.relative_to(JUPYTER_CONFIG)
        if not target.exists() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    python = setup()
    if argv[0] == "setup":
        return 0
    return run_in_foreground([str(python), "-m", "helpers", *argv])


def run_in_foreground(command: list[str]) -> int:
    """Run ``command`` and wait until it ends, through any number of Ctrl-C.

    Ctrl-C reaches every process of the terminal; the command stops its own workers,
    kernels or server and says so. Killing it from here would leave them running.
    """
    process = subprocess.Popen(command, cwd=ROOT)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            continue


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
