"""Execute course notebooks headless with papermill, export HTML, report a table.

``python -m helpers course`` runs every lesson and solution on the bundled data
into ``build/course/``. A run is written to a ``.partial`` folder first and only
renamed into place when it has finished, so an interrupted run never leaves a
folder that looks complete; only folders a course run wrote are ever replaced
(see :mod:`helpers.tooling.folders`).

Ctrl-C (or SIGTERM) stops the run cleanly: every worker process and every kernel the
run started is ended, the finished notebooks stay in ``<out>.partial`` and
:class:`Interrupted` says how many there are, so the command can tell how to resume.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import papermill as pm
import psutil
from jupyter_client import AsyncKernelManager
from traitlets import default

from helpers.paths import KERNEL_NAME, REPO_ROOT
from helpers.tooling import html_export
from helpers.tooling.folders import (
    check_output_folder,
    open_partial,
    publish,
    read_marker,
    record_finished,
)
from helpers.tooling.jupyter_setup import jupyter_config

#: longest error text shown in a progress line, the table or the index page
ERROR_CHARS = 300


@dataclass
class NotebookResult:
    """What happened to one notebook in a run."""

    notebook: str
    status: str  # "ok" or "failed"
    seconds: float
    output: Path
    html: Path | None = None
    error: str = ""

    def record(self) -> dict[str, Any]:
        """The result as JSON-ready data (what ``summary.json`` and the run marker keep)."""
        return {
            "notebook": self.notebook,
            "status": self.status,
            "seconds": round(self.seconds, 1),
            "error": short_error(self.error, 2000),
        }


class Interrupted(KeyboardInterrupt):
    """A run stopped by Ctrl-C: its finished notebooks are in ``partial``."""

    def __init__(self, partial: Path, finished: int, total: int) -> None:
        super().__init__(f"interrupted with {finished} of {total} notebooks finished")
        self.partial = partial
        self.finished = finished
        self.total = total


def short_error(text: str, limit: int = ERROR_CHARS) -> str:
    """An error message on one line, cut to ``limit`` characters (a cell may print megabytes).

    >>> short_error("ValueError: " + "1.5 " * 200, 40)
    'ValueError: 1.5 1.5 1.5 1.5 1.5 1.5 1...'
    """
    one_line = " ".join(str(text).split())
    return one_line if len(one_line) <= limit else one_line[: limit - 3] + "..."


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


# --- kernels ----------------------------------------------------------------------------------

_SOCKETS: list[str] = []
#: environment variable naming the socket folder, so worker processes share their parent's
SOCKETS_VARIABLE = "CUSTOMER_COURSE_KERNEL_SOCKETS"


def _socket_folder() -> str:
    """A private folder (mode 700) for kernel sockets and logs, removed when the process
    that made it exits; worker processes use their parent's."""
    if not _SOCKETS:
        inherited = os.environ.get(SOCKETS_VARIABLE, "")
        if inherited and os.path.isdir(inherited):
            _SOCKETS.append(inherited)
        else:
            _SOCKETS.append(tempfile.mkdtemp(prefix="course-kernels-"))
            os.environ[SOCKETS_VARIABLE] = _SOCKETS[0]
            atexit.register(shutil.rmtree, _SOCKETS[0], True)
    return _SOCKETS[0]


class LocalKernelManager(AsyncKernelManager):
    """Kernels on local sockets in a private folder, their own output kept in a log file.

    Over local sockets no other user of the machine can reach the kernel, and it has no
    reason to warn that its traffic is unencrypted (on Windows, which has no such sockets,
    TCP is kept). What a kernel itself prints (warnings, messages while it is stopped) goes
    to a log file instead of the terminal; :func:`run_notebook` quotes its end when a
    kernel dies.
    """

    #: the log file of the kernel this process started last (one kernel at a time)
    last_log: str | None = None

    @default("transport")
    def _local_transport(self) -> str:
        return "tcp" if os.name == "nt" else "ipc"

    @default("ip")
    def _local_ip(self) -> str:
        if self.transport != "ipc":
            return super()._ip_default()
        return os.path.join(_socket_folder(), f"kernel-{os.getpid()}-{id(self):x}")

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        path = os.path.join(_socket_folder(), f"kernel-{os.getpid()}-{id(self):x}.log")
        with open(path, "wb") as log:  # the kernel keeps its own copy of the file
            kw.setdefault("stdout", log)
            kw.setdefault("stderr", log)
            type(self).last_log = path
            await super()._async_launch_kernel(kernel_cmd, **kw)


def _kernel_log_tail(lines: int = 5) -> str:
    """The last lines the last kernel printed (then its log is removed)."""
    path = LocalKernelManager.last_log
    LocalKernelManager.last_log = None
    if not path:
        return ""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        os.remove(path)
    except OSError:
        return ""
    return " / ".join(line.strip() for line in text.strip().splitlines()[-lines:])


# --- one notebook -----------------------------------------------------------------------------


def run_notebook(
    source: Path,
    output: Path,
    parameters: dict[str, Any] | None = None,
    *,
    html: bool = True,
    progress: bool = False,
    run_folder: Path | None = None,
) -> NotebookResult:
    """Execute one notebook with papermill into ``output`` (and its HTML).

    A prepared data folder inside ``run_folder`` (the data option ``prepared``) is given
    to the notebook relative to the notebook's own folder, where the notebook runs, so
    the executed notebook still finds it when the run folder is renamed or moved.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    name = display_name(source)
    parameters = declared_parameters(source, parameters)
    parameters, cwd = _relative_prepared(parameters, output, run_folder)
    start = time.perf_counter()
    status, error = "ok", ""
    try:
        pm.execute_notebook(
            str(source),
            str(output),
            parameters=parameters or {},
            kernel_name=KERNEL_NAME,
            kernel_manager_class=LocalKernelManager,
            cwd=str(cwd or source.parent),
            progress_bar=progress,
            log_output=False,
            report_mode=False,
            config=jupyter_config(),
        )
    except pm.PapermillExecutionError as exc:
        status, error = "failed", describe_failure(exc, output)
    except Exception as exc:  # a kernel that died, a notebook that does not parse...
        status, error = "failed", f"{type(exc).__name__}: {exc}"
        said = _kernel_log_tail()
        if said:
            error += f" (the kernel said: {said})"
    _kernel_log_tail()
    seconds = time.perf_counter() - start
    page = None
    if html and output.exists():
        try:
            page = export_html(output)
        except Exception as exc:  # the report is still there as a notebook
            error = "; ".join(filter(None, [error, f"HTML export failed: {exc}"]))
    return NotebookResult(name, status, seconds, output, page, error)


def _relative_prepared(
    parameters: dict[str, Any], output: Path, run_folder: Path | None
) -> tuple[dict[str, Any], Path | None]:
    """``parameters`` with a prepared folder inside ``run_folder`` made relative to the
    notebook's folder, and that folder as the working folder (None: leave both alone).

    >>> found = _relative_prepared({"data_options": {"prepared": "/run/prepared/k1"}},
    ...                            Path("/run/notebooks/a.ipynb"), Path("/run"))
    >>> found[0]["data_options"]["prepared"], str(found[1])
    ('../prepared/k1', '/run/notebooks')
    """
    options = (parameters or {}).get("data_options") or {}
    folder = options.get("prepared")
    if run_folder is None or not folder or not Path(folder).is_absolute():
        return parameters, None
    run_folder = Path(run_folder)
    if not Path(folder).is_relative_to(run_folder):
        return parameters, None
    relative = os.path.relpath(folder, output.parent)
    return {**parameters, "data_options": {**options, "prepared": relative}}, output.parent


def declared_parameters(source: Path, parameters: dict[str, Any] | None) -> dict[str, Any]:
    """The ``parameters`` that ``source``'s parameters cell declares (papermill would warn
    about the others, and a notebook has no use for them)."""
    if not parameters:
        return {}
    declared = pm.inspect_notebook(str(source))
    return {k: v for k, v in parameters.items() if k in declared}


def display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def _relative_output(source: Path) -> Path:
    """Where a notebook's output goes inside a run folder: its path in the repository
    (``notebooks/zh/03_abc_grading.ipynb``), or its folder and name when it is elsewhere."""
    try:
        return Path(source).resolve().relative_to(REPO_ROOT.resolve())
    except ValueError:
        return Path(Path(source).parent.name) / Path(source).name


# --- a whole run ------------------------------------------------------------------------------


def run_key(sources: Sequence[Path], parameters: dict[str, Any] | None, extra: str = "") -> str:
    """What identifies a run, so that only the same run is resumed.

    >>> run_key([Path("a.ipynb")], {"lang": "en"}) == run_key([Path("a.ipynb")], {"lang": "zh"})
    False
    """
    text = json.dumps(
        {"notebooks": [display_name(Path(s)) for s in sources], "parameters": parameters or {},
         "extra": extra},
        sort_keys=True, default=str,
    )  # fmt: skip
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def run_many(
    sources: Sequence[Path],
    out_dir: Path,
    parameters: dict[str, Any] | None = None,
    *,
    replace: bool = False,
    resume: bool = False,
    html: bool = True,
    stream=None,
    before_publish: Callable[[Path, list[NotebookResult]], Any] | None = None,
    jobs: int = 1,
    protect: Iterable[str | Path] = (),
    key_extra: str = "",
    before_run: Callable[[Path], Any] | None = None,
) -> list[NotebookResult]:
    """Run ``sources`` in order into ``out_dir``; print progress and a summary table.

    ``out_dir`` is written as ``<out_dir>.partial`` and renamed when the run ends.
    An existing ``out_dir`` is replaced only when ``replace`` is true and an earlier run
    wrote it; ``resume`` continues an interrupted run of the same notebooks, data and
    parameters (``key_extra`` may add what else identifies the data). ``protect`` names
    the files and folders the run reads (see :func:`helpers.tooling.folders.check_location`).
    ``before_run(folder)`` may add files (the prepared data) before the first notebook runs;
    ``before_publish(folder, results)`` may add files (an index page) before the rename.
    ``jobs`` > 1 runs that many notebooks at a time, each in its own process; the table
    keeps the course order and shows the wall-clock time of the whole run.

    Raises :class:`helpers.tooling.folders.FolderRefused` for a folder it must not use
    and :class:`Interrupted` on Ctrl-C.
    """
    stream = stream or sys.stdout
    sources = [Path(s) for s in sources]
    plan = check_output_folder(out_dir, replace=replace, resume=resume, data=protect)
    _socket_folder()  # made here, so worker processes share it and it is removed at the end
    baseline = _descendants()
    restore = _sigterm_interrupts()
    try:
        finished = open_partial(
            plan, run_key(sources, parameters, key_extra), replace=replace, resume=resume
        )
        start = time.perf_counter()
        if before_run is not None:
            before_run(plan.partial)
        done = _results_from(finished, sources, plan.partial)
        if done:
            print(
                f"resuming: {len(done)} of {len(sources)} notebooks finished before the "
                "interruption",
                file=stream,
                flush=True,
            )
        to_run = [i for i in range(len(sources)) if i not in done]
        if jobs <= 1 or len(to_run) <= 1:
            new = _run_in_order(sources, to_run, plan.partial, parameters, html, stream)
        else:
            new = _run_parallel(sources, to_run, plan.partial, parameters, html, jobs, stream)
        results = [done[i] if i in done else new[i] for i in range(len(sources))]
        wall = time.perf_counter() - start
        if before_publish is not None:
            before_publish(plan.partial, results)
        publish(plan, replace=replace)
    except KeyboardInterrupt:
        _stop(baseline)
        marker = read_marker(plan.partial) or {}
        count = len(marker.get("finished") or {})
        raise Interrupted(plan.partial, count, len(sources)) from None
    except BaseException:
        _stop(baseline)
        raise
    finally:
        restore()
    for r in results:
        r.output = plan.out / r.output.relative_to(plan.partial)
        r.html = plan.out / r.html.relative_to(plan.partial) if r.html else None
    print(format_table(results, wall_seconds=wall), file=stream, flush=True)
    return results


def _results_from(finished: dict, sources: list[Path], partial: Path) -> dict[int, NotebookResult]:
    """Results of notebooks an interrupted run finished, by position in ``sources``."""
    found = {}
    for i, source in enumerate(sources):
        record = finished.get(_relative_output(source).as_posix())
        if record is None:
            continue
        output = partial / _relative_output(source)
        page = output.with_suffix(".html")
        found[i] = NotebookResult(
            record["notebook"],
            record["status"],
            float(record["seconds"]),
            output,
            page if page.exists() else None,
            record.get("error", ""),
        )
    return found


def _finish(result: NotebookResult, partial: Path) -> None:
    name = result.output.relative_to(partial).as_posix()
    record_finished(partial, name, result.record())


def _run_in_order(sources, to_run, partial, parameters, html, stream) -> dict[int, NotebookResult]:
    progress = stream.isatty() if hasattr(stream, "isatty") else False
    results = {}
    for i in to_run:
        source = sources[i]
        print(f"[{i + 1}/{len(sources)}] {display_name(source)} ...", file=stream, flush=True)
        result = run_notebook(
            source, partial / _relative_output(source), parameters, html=html, progress=progress,
            run_folder=partial,
        )  # fmt: skip
        _finish(result, partial)
        results[i] = result
        _print_result(result, stream)
    return results


def _quiet_worker() -> None:
    """Worker processes leave Ctrl-C to the main process, which ends them and their kernels."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run_parallel(
    sources, to_run, partial, parameters, html, jobs, stream
) -> dict[int, NotebookResult]:
    """Run notebooks in ``jobs`` worker processes (each has its own kernel); keep the order.

    The workers are started fresh (not copies of this process), so they hold none of the
    data this process may have loaded before."""
    print(f"running {len(to_run)} notebooks, {jobs} at a time", file=stream, flush=True)
    results: dict[int, NotebookResult] = {}
    pool = ProcessPoolExecutor(
        max_workers=jobs, initializer=_quiet_worker, mp_context=_fresh_processes()
    )
    try:
        futures = {
            pool.submit(
                run_notebook, sources[i], partial / _relative_output(sources[i]), parameters,
                html=html, run_folder=partial,
            ): i
            for i in to_run
        }  # fmt: skip
        for done, future in enumerate(as_completed(futures), 1):
            result = future.result()
            _finish(result, partial)
            results[futures[future]] = result
            print(f"[{done}/{len(to_run)}]", end="", file=stream)
            _print_result(result, stream)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results


def _fresh_processes() -> multiprocessing.context.BaseContext:
    """Worker processes forked from a small server process started for them (spawned
    where the system has no fork server), never from this process and what it holds."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _print_result(result: NotebookResult, stream) -> None:
    line = f"      {result.notebook}: {result.status} in {result.seconds:.1f} s"
    if result.error:
        line += f"  -> {short_error(result.error)}"
    print(line, file=stream, flush=True)


# --- stopping cleanly -------------------------------------------------------------------------


def _descendants() -> set[int]:
    """Process ids of everything this process has started and that is still running."""
    try:
        return {p.pid for p in psutil.Process().children(recursive=True)}
    except psutil.Error:
        return set()


def _stop(baseline: set[int], timeout: float = 5.0) -> list[int]:
    """End every process started since ``baseline`` was taken (workers and kernels).

    All of them are listed first (kernels run in sessions of their own, so a worker's
    kernel would be lost once the worker is gone), then asked to stop, then killed.
    """
    try:
        started = [p for p in psutil.Process().children(recursive=True) if p.pid not in baseline]
    except psutil.Error:
        return []
    for p in started:
        try:
            p.terminate()
        except psutil.Error:
            pass
    _, alive = psutil.wait_procs(started, timeout=timeout)
    for p in alive:
        try:
            p.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(alive, timeout=timeout)
    return [p.pid for p in started]


def _sigterm_interrupts() -> Callable[[], None]:
    """Make SIGTERM stop a run like Ctrl-C does (in the main thread); return the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)


# --- the table --------------------------------------------------------------------------------


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
        lines.append(f"FAILED {r.notebook}: {short_error(r.error)}")
    return "\n".join(lines)
