"""Execute course notebooks headless with papermill, export HTML, report a table.

``python -m helpers course`` runs every lesson and solution on the bundled data
into ``build/course/``. The run is written to a ``.partial`` folder first and
only renamed into place when it has finished, so an interrupted run never leaves
a folder that looks complete.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import papermill as pm

from helpers.paths import KERNEL_NAME, REPO_ROOT
from helpers.tooling import html_export
from helpers.tooling.jupyter_setup import jupyter_config


@dataclass
class NotebookResult:
    """What happened to one notebook in a run."""

    notebook: str
    status: str  # "ok" or "failed"
    seconds: float
    output: Path
    html: Path | None = None
    error: str = ""


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:70]
    return ""


def describe_failure(exc: pm.PapermillExecutionError, executed: Path) -> str:
    """Name the failing cell: its number in the source notebook, first line and error."""
    where = f"cell {exc.cell_index}"
    try:
        nb = nbformat.read(executed, as_version=4)
        added = {"injected-parameters", "papermill-error-cell-tag"}
        cells = [c for c in nb.cells if not added & set(c.metadata.get("tags", []))]
        for number, cell in enumerate(cells):
            if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                where = f"cell {number} (`{_first_line(cell.source)}`)"
                break
    except (OSError, ValueError):
        pass
    return f"{where}: {exc.ename}: {exc.evalue}".strip()


def export_html(executed: Path) -> Path:
    """Write ``executed``'s HTML page next to it and return its path.

    The page works offline and is sanitised (see :mod:`helpers.tooling.html_export`).
    """
    return html_export.export_html(executed)


def run_notebook(
    source: Path,
    output: Path,
    parameters: dict[str, Any] | None = None,
    *,
    html: bool = True,
    progress: bool = False,
) -> NotebookResult:
    """Execute one notebook with papermill into ``output`` (and its HTML)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    name = _display_name(source)
    parameters = declared_parameters(source, parameters)
    start = time.perf_counter()
    status, error = "ok", ""
    try:
        pm.execute_notebook(
            str(source),
            str(output),
            parameters=parameters or {},
            kernel_name=KERNEL_NAME,
            cwd=str(source.parent),
            progress_bar=progress,
            log_output=False,
            report_mode=False,
            config=jupyter_config(),
        )
    except pm.PapermillExecutionError as exc:
        status, error = "failed", describe_failure(exc, output)
    except Exception as exc:  # a kernel that died, a notebook that does not parse...
        status, error = "failed", f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    page = export_html(output) if html and output.exists() else None
    return NotebookResult(name, status, seconds, output, page, error)


def declared_parameters(source: Path, parameters: dict[str, Any] | None) -> dict[str, Any]:
    """The ``parameters`` that ``source``'s parameters cell declares (papermill would warn
    about the others, and a notebook has no use for them)."""
    if not parameters:
        return {}
    declared = pm.inspect_notebook(str(source))
    return {k: v for k, v in parameters.items() if k in declared}


def _display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def run_many(
    sources: Sequence[Path],
    out_dir: Path,
    parameters: dict[str, Any] | None = None,
    *,
    replace: bool = False,
    html: bool = True,
    stream=None,
    before_publish: Callable[[Path, list[NotebookResult]], Any] | None = None,
    jobs: int = 1,
) -> list[NotebookResult]:
    """Run ``sources`` in order into ``out_dir``; print progress and a summary table.

    ``out_dir`` is written as ``<out_dir>.partial`` and renamed when the run ends.
    An existing ``out_dir`` is only replaced when ``replace`` is true.
    ``before_publish(folder, results)`` may add files (an index page) before the rename.
    ``jobs`` > 1 runs that many notebooks at a time, each in its own process; the table
    keeps the course order and shows the wall-clock time of the whole run.
    """
    stream = stream or sys.stdout
    out_dir = Path(out_dir)
    if out_dir.exists() and not replace:
        raise FileExistsError(
            f"{out_dir} already exists; choose another output folder or ask to replace it"
        )
    partial = out_dir.with_name(out_dir.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    start = time.perf_counter()
    if jobs <= 1:
        progress = stream.isatty() if hasattr(stream, "isatty") else False
        results = []
        for i, source in enumerate(sources, 1):
            print(f"[{i}/{len(sources)}] {_display_name(source)} ...", file=stream, flush=True)
            result = run_notebook(
                source, partial / _relative_output(source), parameters, html=html, progress=progress
            )
            results.append(result)
            _print_result(result, stream)
    else:
        results = _run_parallel(sources, partial, parameters, html, jobs, stream)
    wall = time.perf_counter() - start
    if before_publish is not None:
        before_publish(partial, results)
    for r in results:
        r.output = out_dir / r.output.relative_to(partial)
        r.html = out_dir / r.html.relative_to(partial) if r.html else None
    if out_dir.exists():
        shutil.rmtree(out_dir)
    partial.rename(out_dir)
    print(format_table(results, wall_seconds=wall), file=stream, flush=True)
    return results


def _print_result(result: NotebookResult, stream) -> None:
    line = f"      {result.notebook}: {result.status} in {result.seconds:.1f} s"
    if result.error:
        line += f"  -> {result.error}"
    print(line, file=stream, flush=True)


def _run_parallel(sources, partial, parameters, html, jobs, stream) -> list[NotebookResult]:
    """Run notebooks in ``jobs`` worker processes (each has its own kernel); keep the order."""
    print(f"running {len(sources)} notebooks, {jobs} at a time", file=stream, flush=True)
    results: list[NotebookResult | None] = [None] * len(sources)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {
            pool.submit(
                run_notebook, source, partial / _relative_output(source), parameters, html=html
            ): i
            for i, source in enumerate(sources)
        }
        for done, future in enumerate(as_completed(futures), 1):
            result = future.result()
            results[futures[future]] = result
            print(f"[{done}/{len(sources)}]", end="", file=stream)
            _print_result(result, stream)
    return [r for r in results if r is not None]


def _relative_output(source: Path) -> Path:
    return Path(source.parent.name) / source.name


def format_table(results: Sequence[NotebookResult], wall_seconds: float | None = None) -> str:
    """A plain-text table: notebook, status, seconds, and the failing cell if any."""
    width = max([len(r.notebook) for r in results] + [len("notebook"), len("wall-clock time")])
    lines = [f"{'notebook':<{width}}  status  seconds", f"{'-' * width}  ------  -------"]
    for r in results:
        lines.append(f"{r.notebook:<{width}}  {r.status:<6}  {r.seconds:7.1f}")
    total = sum(r.seconds for r in results)
    failed = [r for r in results if r.status != "ok"]
    ok = f"{len(results) - len(failed)}/{len(results)} ok"
    lines.append(f"{'total':<{width}}  {ok:<6}  {total:7.1f}")
    if wall_seconds is not None:
        lines.append(f"{'wall-clock time':<{width}}  {'':<6}  {wall_seconds:7.1f}")
    for r in failed:
        lines.append(f"FAILED {r.notebook}: {r.error}")
    return "\n".join(lines)
