"""Where the course files live.

Paths are found from this package's location, so notebooks and scripts work from
any working directory (the package is installed in editable mode).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
SOLUTIONS_DIR = REPO_ROOT / "solutions"
EXERCISES_DIR = REPO_ROOT / "exercises"
DATASETS_DIR = REPO_ROOT / "datasets"
PARAMS_DIR = DATASETS_DIR / "params"
BUILD_DIR = REPO_ROOT / "build"

KERNEL_NAME = "customer-course"
KERNEL_DISPLAY_NAME = "Python (customer course)"


def cache_dir() -> Path:
    """Folder for downloaded public data sets.

    ``$CUSTOMER_COURSE_CACHE`` if set, otherwise ``~/.cache/customer-course``.

    >>> cache_dir().name in {"customer-course"} or "CUSTOMER_COURSE_CACHE" in os.environ
    True
    """
    env = os.environ.get("CUSTOMER_COURSE_CACHE")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "customer-course"
