"""Run a lesson on a data shape once per test session and give its displayed text.

Lesson tests (``tests/test_lesson_NN_*.py``) compare what a lesson *says* on a data
shape with what the helpers compute on the same data: the readings shown in the
executed notebook must be exactly the reading functions' output for those tables.

>>> SHAPES["flat"]
'course:shape=flat'
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from tempfile import mkdtemp

import nbformat

from helpers.paths import NOTEBOOKS_DIR, SOLUTIONS_DIR

#: data shapes every lesson is run on (besides the bundled company, which nbval runs)
SHAPES = {
    "seed7": "course:seed=7",
    "flat": "course:shape=flat",
    "mostly_a": "course:shape=mostly_a",
    "no_cost": "course:shape=no_cost",
    "no_survey": "course:shape=no_survey",
    "losses": "course:shape=losses",
    "orders_only": "course:shape=orders_only",
    "tiny": "course:seed=5,customers=23",
    "online_retail": "online_retail",
}

_OUT = Path(mkdtemp(prefix="lesson-runs-"))


@cache
def run_lesson(stem: str, data_source: str, folder: str = "notebooks", **parameters) -> str:
    """Execute ``folder/stem.ipynb`` on ``data_source``; return all text it displayed.

    Raises AssertionError naming the failing cell when the notebook fails.
    """
    from helpers.tooling.runner import run_notebook

    source = (NOTEBOOKS_DIR if folder == "notebooks" else SOLUTIONS_DIR) / f"{stem}.ipynb"
    safe = re.sub(r"[^\w]+", "_", data_source)
    target = _OUT / folder / f"{stem}-{safe}.ipynb"
    values = {"data_source": data_source, **parameters}
    result = run_notebook(source, target, values, html=False)
    assert result.status == "ok", f"{stem} on {data_source}: {result.error}"
    return displayed_text(nbformat.read(target, as_version=4))


def displayed_text(nb) -> str:
    """Everything a notebook shows: printed text, Markdown displays and plain reprs."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append(out["text"])
            data = out.get("data", {})
            for kind in ("text/markdown", "text/plain"):
                if kind in data:
                    parts.append(data[kind])
    return "\n".join(parts)


def retail_available() -> bool:
    """True when the UCI Online Retail data is in the cache (tests skip otherwise)."""
    from helpers.online_retail import cached_file

    return cached_file(352) is not None
