"""Notebook sources: each ``.ipynb`` is built from a reviewable py:percent twin.

People edit ``NN_topic.py`` (or the paired ``.ipynb`` in JupyterLab, where
jupytext keeps both in step). ``python -m helpers build`` turns every source into
its notebook and executes it, so the committed ``.ipynb`` carries fresh outputs.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

from helpers.paths import KERNEL_DISPLAY_NAME, KERNEL_NAME
from helpers.tooling.catalog import course_sources, source_files

__all__ = ["build", "course_sources", "execute", "out_of_sync", "read_source", "source_files"]
KERNELSPEC = {"name": KERNEL_NAME, "display_name": KERNEL_DISPLAY_NAME, "language": "python"}
_CELL_KEYS_KEPT = ("tags",)


def read_source(path: Path) -> nbformat.NotebookNode:
    """Read a py:percent source as a notebook with clean, stable metadata."""
    nb = jupytext.read(path, fmt="py:percent")
    nb.metadata = nbformat.from_dict(
        {
            "kernelspec": KERNELSPEC,
            "language_info": {"name": "python"},
            "jupytext": {"formats": "ipynb,py:percent"},
        }
    )
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:03d}"  # stable ids keep diffs of rebuilt notebooks small
        cell.metadata = nbformat.from_dict(
            {k: v for k, v in cell.metadata.items() if k in _CELL_KEYS_KEPT}
        )
    return nb


def execute(nb: nbformat.NotebookNode, cwd: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Execute ``nb`` in ``cwd`` with the course kernel and return it."""
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        resources={"metadata": {"path": str(cwd)}},
        record_timing=False,
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def build(path: Path, *, run: bool = True) -> Path:
    """Write ``path``'s notebook next to it (executed when ``run``); return its path."""
    nb = read_source(path)
    if run:
        nb = execute(nb, path.parent)
    target = path.with_suffix(".ipynb")
    nbformat.write(nb, target)
    return target


def cell_sources(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(cell type, source) pairs: what must agree between a source and its notebook."""
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def out_of_sync(path: Path) -> str | None:
    """None when ``path``'s notebook has the same cells as the source, else the reason."""
    target = path.with_suffix(".ipynb")
    if not target.exists():
        return f"{target.name} is missing: run `python -m helpers build {path}`"
    want = cell_sources(read_source(path))
    have = cell_sources(nbformat.read(target, as_version=4))
    if want == have:
        return None
    for i, (w, h) in enumerate(zip(want, have, strict=False)):
        if w != h:
            return (
                f"{target.name} cell {i} differs from {path.name}: "
                f"run `python -m helpers build {path}`"
            )
    return (
        f"{target.name} has {len(have)} cells, {path.name} has {len(want)}: "
        f"run `python -m helpers build {path}`"
    )
