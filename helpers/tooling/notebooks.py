"""Notebook sources: each ``.ipynb`` is built from a reviewable py:percent twin.

People edit ``NN_topic.py`` (or the paired ``.ipynb`` in JupyterLab, where
jupytext keeps both in step). ``python -m helpers build`` turns every source into
its notebook and executes it, so the committed ``.ipynb`` carries fresh outputs.

A built notebook stores the metadata JupyterLab would write itself (the course
kernel, the kernel's ``language_info``, the jupytext pairing options of its folder),
so opening and saving it unchanged in the lab leaves the file as it was.
"""

from __future__ import annotations

import copy
from itertools import zip_longest
from pathlib import Path
from typing import Any

import jupytext
import nbformat
from ipykernel.ipkernel import IPythonKernel
from jupytext.config import (
    JupytextConfiguration,
    find_jupytext_configuration_file,
    load_jupytext_configuration_file,
)
from nbclient import NotebookClient

from helpers.paths import KERNEL_DISPLAY_NAME, KERNEL_NAME
from helpers.tooling.catalog import course_sources, source_files
from helpers.tooling.jupyter_setup import jupyter_config

__all__ = [
    "build",
    "course_sources",
    "execute",
    "language_info",
    "notebook_metadata",
    "out_of_sync",
    "read_source",
    "source_files",
]
KERNELSPEC = {"name": KERNEL_NAME, "display_name": KERNEL_DISPLAY_NAME, "language": "python"}
_CELL_KEYS_KEPT = ("tags", "lines_to_next_cell")


def language_info() -> dict[str, Any]:
    """What the course kernel reports about its language (the kernel runs this interpreter).

    JupyterLab copies it into a notebook as soon as the kernel starts, so a notebook
    stored without it shows unsaved changes on opening.

    >>> info = language_info()
    >>> info["name"], info["file_extension"], info["pygments_lexer"]
    ('python', '.py', 'ipython3')
    """
    return copy.deepcopy(IPythonKernel.language_info)


def _jupytext_config(folder: Path) -> JupytextConfiguration | None:
    """The ``jupytext.toml`` of ``folder`` (not of its parents or the user's home)."""
    found = find_jupytext_configuration_file(str(folder), search_parent_dirs=False)
    return load_jupytext_configuration_file(found) if found else None


def pairing(folder: Path) -> dict[str, str]:
    """The jupytext options JupyterLab records in the notebooks of ``folder`` on saving.

    Read from the folder's ``jupytext.toml``; empty when its notebooks are not paired.

    >>> from helpers.paths import EXERCISES_DIR, NOTEBOOKS_DIR
    >>> pairing(NOTEBOOKS_DIR)["formats"]
    'ipynb,py:percent'
    >>> pairing(EXERCISES_DIR)
    {}
    """
    config = _jupytext_config(Path(folder))
    if config is None:
        return {}
    formats = config.formats
    options = {"formats": ",".join(formats) if isinstance(formats, list) else formats}
    for name in ("notebook_metadata_filter", "cell_metadata_filter"):
        if getattr(config, name):
            options[name] = getattr(config, name)
    return options


def notebook_metadata(folder: Path | None, **extra: Any) -> nbformat.NotebookNode:
    """The notebook metadata the course stores for a notebook in ``folder``.

    ``folder`` gives the jupytext pairing (None: a notebook that is not paired, such as
    a generated exercise); ``extra`` adds keys of the course's own (an exercise's stamp).

    >>> sorted(notebook_metadata(None, workbook={"kind": "exercise"}))
    ['kernelspec', 'language_info', 'workbook']
    >>> from helpers.paths import NOTEBOOKS_DIR
    >>> sorted(notebook_metadata(NOTEBOOKS_DIR))
    ['jupytext', 'kernelspec', 'language_info']
    """
    metadata: dict[str, Any] = {"kernelspec": dict(KERNELSPEC), "language_info": language_info()}
    if folder is not None and (paired := pairing(Path(folder))):
        metadata["jupytext"] = paired
    metadata.update(extra)
    return nbformat.from_dict(metadata)


def read_source(path: Path) -> nbformat.NotebookNode:
    """Read a py:percent source as a notebook with clean, stable metadata.

    Cells keep their tags and the blank lines jupytext records after them, so the
    notebook written back as text (by JupyterLab on saving) is the source again.
    """
    path = Path(path)
    nb = jupytext.read(path, fmt="py:percent")
    nb.metadata = notebook_metadata(path.parent)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:03d}"  # stable ids keep diffs of rebuilt notebooks small
        cell.metadata = nbformat.from_dict(
            {k: v for k, v in cell.metadata.items() if k in _CELL_KEYS_KEPT}
        )
    return nb


def execute(nb: nbformat.NotebookNode, cwd: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Execute ``nb`` in ``cwd`` with the course kernel and return it."""
    metadata = copy.deepcopy(nb.metadata)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        resources={"metadata": {"path": str(cwd)}},
        record_timing=False,
        config=jupyter_config(),
    )
    client.execute()
    # the run adds what the kernel reports (language_info, widget state): keep the stored set
    nb.metadata = metadata
    return nb


def build(path: Path, *, run: bool = True) -> Path:
    """Write ``path``'s notebook next to it (executed when ``run``); return its path."""
    nb = read_source(path)
    if run:
        nb = execute(nb, path.parent)
    target = path.with_suffix(".ipynb")
    nbformat.write(nb, target)
    return target


def paired_text(nb: nbformat.NotebookNode, folder: Path) -> str | None:
    """The text twin jupytext writes for ``nb`` when it is saved in ``folder`` (None: unpaired)."""
    config = _jupytext_config(folder)
    if config is None:
        return None
    return jupytext.writes(nb, fmt="py:percent", config=config)


def metadata_differs(stored: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """True when stored notebook metadata would change on a save in JupyterLab.

    The Python version inside ``language_info`` is left out: it follows the interpreter
    of whoever built the notebook.

    >>> wanted = notebook_metadata(None)
    >>> metadata_differs({**wanted, "language_info": {"name": "python"}}, wanted)
    True
    >>> older = {**wanted, "language_info": {**wanted["language_info"], "version": "3.11.0"}}
    >>> metadata_differs(older, wanted)
    False
    """

    def comparable(metadata: dict[str, Any]) -> dict[str, Any]:
        metadata = copy.deepcopy(dict(metadata))
        metadata.get("language_info", {}).pop("version", None)
        return metadata

    return comparable(stored) != comparable(wanted)


def layout_difference(path: Path, written: str) -> str | None:
    """None when the text twin ``path`` is exactly what JupyterLab would save, else where not.

    A twin laid out otherwise (blank lines, cell markers) changes when the notebook is
    saved unedited in the lab, and jupytext refuses a notebook whose twin differs.
    """
    have = path.read_text(encoding="utf-8").split("\n")
    want = written.split("\n")
    if have == want:
        return None
    number, line, saved = next(
        (n, h, w) for n, (h, w) in enumerate(zip_longest(have, want), 1) if h != w
    )
    return (
        f"{path.name} line {number} is {line!r}, but JupyterLab saves it as {saved!r}: "
        "edit the source to match (jupytext's layout of a py:percent notebook)"
    )


def cell_sources(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(cell type, source) pairs: what must agree between a source and its notebook."""
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def out_of_sync(path: Path) -> str | None:
    """None when ``path``'s notebook is what building it gives, else the reason.

    Compared: the cells, the metadata JupyterLab would rewrite on saving, and the
    layout of the text twin (which JupyterLab rewrites on saving too).
    """
    target = path.with_suffix(".ipynb")
    if not target.exists():
        return f"{target.name} is missing: run `python -m helpers build {path}`"
    source = read_source(path)
    stored = nbformat.read(target, as_version=4)
    want, have = cell_sources(source), cell_sources(stored)
    if want == have:
        cell_metadata = [dict(c.metadata) for c in stored.cells]
        if cell_metadata != [dict(c.metadata) for c in source.cells] or metadata_differs(
            stored.metadata, source.metadata
        ):
            return (
                f"{target.name} metadata is not what JupyterLab writes on saving it: "
                f"run `python -m helpers build {path}`"
            )
        written = paired_text(source, path.parent)
        if written is not None:
            return layout_difference(path, written)
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
