#!/usr/bin/env python3
"""Set up the course environment and run a course command. Standard library only.

    python3 tasks.py course     # set up if needed, then run every notebook
    python3 tasks.py test       # set up if needed, then run the test suite
    python3 tasks.py lab        # set up if needed, then open JupyterLab
    python3 tasks.py setup      # only set up

Set-up creates ``.venv/`` beside this file, installs ``requirements.txt`` into it
and registers the Jupyter kernel "Python (customer course)" inside that
environment. It is skipped when requirements.txt and pyproject.toml have not
changed since the last successful set-up. Any other command is passed on to
``python -m helpers`` inside the environment (``python3 tasks.py build --check``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("COURSE_VENV", ROOT / ".venv"))
STAMP = VENV / ".course-setup-stamp"
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
    if STAMP.exists() and STAMP.read_text() == wanted:
        return python
    run(python, "-m", "pip", "install", "--upgrade", "--quiet", "pip")
    run(python, "-m", "pip", "install", "--quiet", "-r", ROOT / "requirements.txt")
    run(python, "-m", "ipykernel", "install", "--sys-prefix", *KERNEL)
    STAMP.write_text(wanted)
    print("Set-up complete.", flush=True)
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    python = setup()
    if argv[0] == "setup":
        return 0
    return subprocess.call([str(python), "-m", "helpers", *argv], cwd=ROOT)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
