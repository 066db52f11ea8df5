"""The whole trainer re-run at company scale: ``python -m helpers bench --rerun 2000000``.

For each size it generates order lines (text ids, about 20 lines per customer, with
cost; :func:`helpers.tooling.bench_data.generate_orders`), writes them as ``orders.csv``
and ``orders.parquet``, runs the re-run on each file in a child process, into a
temporary output folder, and reports:

- the wall time of the whole command (start-up, data check, every notebook);
- the peak resident memory of all its processes together (the command, its worker
  processes and the notebook kernels), found by sampling the process tree;
- the time and status of each notebook;
- with ``--profile``: the slowest cells of each notebook and the kernel's memory
  during each cell (notebooks then run one at a time, so a cell's time window names
  its kernel), and where loading and cleaning the file spend time and memory.

Each way of running the re-run is a :class:`RerunPath`; further paths (data loaded once
per run, customer tables from DuckDB) are added to :data:`RERUN_PATHS` and appear as
further rows. Figures depend on the machine and on what else it runs: this is a
measurement, not a test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

__all__ = [
    "RERUN_PATHS",
    "RerunPath",
    "TreeSampler",
    "cell_profile",
    "run_rerun_benchmark",
    "write_order_files",
]

FORMATS = ("csv", "parquet")


# ---- the data -------------------------------------------------------------------------------


def write_order_files(
    n_lines: int, folder: Path, *, seed: int = 0, formats: Sequence[str] = FORMATS
) -> dict[str, Path]:
    """Generate ``n_lines`` order lines and write them as ``orders.<format>`` in ``folder``.

    CSV holds ISO dates (2023-01-05) and plain decimal amounts, as a typical export;
    Parquet holds typed columns.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     files = write_order_files(200, Path(d))
    ...     sorted(files), pd.read_parquet(files["parquet"]).shape
    (['csv', 'parquet'], (200, 7))
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    from helpers.tooling.bench_data import generate_orders

    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"formats {unknown} are not among {list(FORMATS)}")
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(generate_orders(n_lines, seed=seed), preserve_index=False)
    files = {}
    if "parquet" in formats:
        files["parquet"] = folder / "orders.parquet"
        pq.write_table(table, files["parquet"])
    if "csv" in formats:
        dates = pc.cast(table["order_date"], pa.date32())
        as_text = table.set_column(table.schema.get_field_index("order_date"), "order_date", dates)
        files["csv"] = folder / "orders.csv"
        pcsv.write_csv(as_text, files["csv"], pcsv.WriteOptions(quoting_style="needed"))
    return files


# ---- sampling the memory of a process tree ---------------------------------------------------


def process_kind(cmdline: Sequence[str], *, is_root: bool) -> str:
    """What a process of the re-run is: the command itself, a notebook kernel or a worker.

    >>> process_kind(["python", "-m", "ipykernel_launcher", "-f", "k.json"], is_root=False)
    'kernel'
    >>> process_kind(["python", "-c", "..."], is_root=True)
    'command'
    """
    if is_root:
        return "command"
    if any("ipykernel" in part for part in cmdline):
        return "kernel"
    return "worker"


@dataclass
class TreeSampler:
    """Sample the resident memory of a process and all its descendants, in a thread.

    ``samples`` holds (time, total bytes, bytes by kind); ``series`` holds (time, pid,
    kind, bytes) for every process seen. Resident memory (RSS) counts a page shared by
    two processes twice (worker processes forked from the command share its pages), and
    a spike shorter than ``interval`` may fall between two samples: the peak is the
    largest sampled total. So every ``pss_every`` samples the proportional set size (PSS:
    each shared page split between the processes that share it) is summed as well, into
    ``pss_samples`` (time, total bytes), where Linux reports it.
    """

    root_pid: int
    interval: float = 0.2
    pss_every: int = 5
    samples: list[tuple[float, int, dict[str, int]]] = field(default_factory=list)
    series: list[tuple[float, int, str, int]] = field(default_factory=list)
    pss_samples: list[tuple[float, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._kinds: dict[int, str] = {}

    def start(self) -> TreeSampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.root_pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            try:
                processes = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            now = time.time()
            total, by_kind = 0, {}
            for proc in processes:
                try:
                    rss = proc.memory_info().rss
                    kind = self._kinds.get(proc.pid)
                    if kind is None:
                        kind = process_kind(proc.cmdline(), is_root=proc.pid == self.root_pid)
                        self._kinds[proc.pid] = kind
                except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                    continue
                total += rss
                by_kind[kind] = by_kind.get(kind, 0) + rss
                self.series.append((now, proc.pid, kind, rss))
            self.samples.append((now, total, by_kind))
            if len(self.samples) % self.pss_every == 1:
                pss = [_pss(proc.pid) for proc in processes]
                if all(v is not None for v in pss):
                    self.pss_samples.append((now, sum(pss)))
            self._stop.wait(self.interval)

    def peak(self) -> tuple[int, dict[str, int]]:
        """The largest sampled total and its split by kind (0 and {} before any sample)."""
        if not self.samples:
            return 0, {}
        _, total, by_kind = max(self.samples, key=lambda s: s[1])
        return total, by_kind

    def peak_pss(self) -> int | None:
        """The largest sampled PSS total, or None where it could not be read."""
        return max((total for _, total in self.pss_samples), default=None)

    def largest(self, kind: str) -> int:
        """The largest resident memory one process of ``kind`` reached."""
        return max((rss for _, _, k, rss in self.series if k == kind), default=0)


def _pss(pid: int) -> int | None:
    """A process's proportional set size in bytes (Linux), or None (gone, or not Linux)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


# ---- the ways of running a re-run -----------------------------------------------------------


@dataclass(frozen=True)
class RerunPath:
    """One way of running the trainer re-run, measured as one row per file.

    ``run(data, out, jobs, notebooks, stream)`` runs in the child process and returns the
    list of :class:`helpers.tooling.runner.NotebookResult` (None when the data check
    stopped the run).
    """

    name: str
    description: str
    run: Callable


def _each_notebook_loads(data: str, out: str, jobs: int, notebooks, stream):
    from helpers.tooling.rerun import rerun

    return rerun(data, out, jobs=jobs, notebooks=notebooks, stream=stream, load_once=False)


def _load_once(data: str, out: str, jobs: int, notebooks, stream):
    from helpers.tooling.rerun import rerun

    return rerun(data, out, jobs=jobs, notebooks=notebooks, stream=stream)


def _by_customer(data: str, out: str, jobs: int, notebooks, stream):
    from helpers.tooling.rerun import rerun

    params = Path(out).with_name(Path(out).name + "-params.yaml")
    params.write_text("order_lines: files\n", encoding="utf-8")
    return rerun(data, out, params=params, jobs=jobs, notebooks=notebooks, stream=stream)


#: the re-run paths the benchmark can measure, in the order of the report
RERUN_PATHS: dict[str, RerunPath] = {
    "each-notebook-loads": RerunPath(
        "each-notebook-loads",
        "as re-runs were: the data is checked, then every notebook loads and cleans the "
        "file itself",
        _each_notebook_loads,
    ),
    "load-once": RerunPath(
        "load-once",
        "the re-run command: the data is loaded, cleaned and checked once, stored as "
        "Parquet, and every notebook reads it (as many at a time as the memory budget "
        "allows)",
        _load_once,
    ),
    "duckdb": RerunPath(
        "duckdb",
        "the re-run command with order_lines: files, as beyond the memory budget: the "
        "lines are cleaned in batches into Parquet, the customer tables come from DuckDB, "
        "notebooks hold a stated sample of customers",
        _by_customer,
    ),
}


class _TimedStream:
    """A text stream that forwards what it is given and notes when each line came."""

    def __init__(self, target) -> None:
        self.target = target
        self.lines: list[tuple[float, str]] = []

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line.strip():
                self.lines.append((time.time(), line))
        self.target.write(text)
        return len(text)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return False


def child_main(spec_json: str) -> None:
    """Entry of the child process: run one re-run path and write its record as JSON."""
    spec = json.loads(spec_json)
    stream = _TimedStream(sys.stdout)
    started = time.time()
    notebooks = [Path(p) for p in spec["notebooks"]] if spec["notebooks"] else None
    path = RERUN_PATHS[spec["path"]]
    results = path.run(spec["data"], spec["out"], spec["jobs"], notebooks, stream)
    first_notebook = next(
        (t for t, line in stream.lines if line.startswith(("[1/", "running "))), None
    )
    record = {
        "started": started,
        "seconds": time.time() - started,
        "check_seconds": (first_notebook - started) if first_notebook else None,
        "stopped": results is None,
        "notebooks": [
            {
                "notebook": r.notebook,
                "status": r.status,
                "seconds": r.seconds,
                "error": r.error,
                "output": str(r.output),
            }
            for r in results or []
        ],
    }
    Path(spec["record"]).write_text(json.dumps(record), encoding="utf-8")


# ---- one measured re-run --------------------------------------------------------------------


@dataclass
class RerunMeasure:
    """The figures of one re-run of one file by one path."""

    lines: int
    format: str
    path: str
    jobs: int
    wall_seconds: float
    check_seconds: float | None
    peak_bytes: int
    peak_pss_bytes: int | None
    peak_by_kind: dict[str, int]
    largest_kernel_bytes: int
    notebooks: list[dict]
    stopped: bool
    cells: pd.DataFrame | None = None

    @property
    def failed(self) -> list[str]:
        return [n["notebook"] for n in self.notebooks if n["status"] != "ok"]

    def row(self) -> dict:
        kinds = {f"peak_{k}_gb": v / 2**30 for k, v in sorted(self.peak_by_kind.items())}
        return {
            "lines": self.lines,
            "format": self.format,
            "path": self.path,
            "jobs": self.jobs,
            "wall_s": self.wall_seconds,
            "data_check_s": self.check_seconds,
            "peak_gb": self.peak_bytes / 2**30,
            **kinds,
            "peak_pss_gb": None if self.peak_pss_bytes is None else self.peak_pss_bytes / 2**30,
            "largest_kernel_gb": self.largest_kernel_bytes / 2**30,
            "notebooks_ok": f"{len(self.notebooks) - len(self.failed)}/{len(self.notebooks)}",
        }


def measure_rerun(
    path: str,
    data: Path,
    out: Path,
    *,
    lines: int,
    fmt: str,
    jobs: int,
    notebooks: Sequence[Path] | None = None,
    interval: float = 0.2,
    echo: Callable[[str], None] = print,
) -> RerunMeasure:
    """Run re-run ``path`` on ``data`` into ``out`` in a child process, sampling its tree."""
    record = out.with_name(out.name + "-record.json")
    spec = {
        "path": path,
        "data": str(data),
        "out": str(out),
        "jobs": jobs,
        "notebooks": [str(p) for p in notebooks] if notebooks else None,
        "record": str(record),
    }
    command = [
        sys.executable,
        "-c",
        "import sys; from helpers.tooling.rerun_bench import child_main; child_main(sys.argv[1])",
        json.dumps(spec),
    ]
    started = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    sampler = TreeSampler(child.pid, interval=interval).start()
    for line in child.stdout:
        echo("    | " + line.rstrip())
    child.wait()
    wall = time.perf_counter() - started
    sampler.stop()
    if child.returncode != 0 or not record.exists():
        raise RuntimeError(f"the re-run child process failed (exit code {child.returncode})")
    done = json.loads(record.read_text(encoding="utf-8"))
    peak, by_kind = sampler.peak()
    cells = cell_profile(done["notebooks"], sampler.series if jobs == 1 else None)
    return RerunMeasure(
        lines=lines,
        format=fmt,
        path=path,
        jobs=jobs,
        wall_seconds=wall,
        check_seconds=done["check_seconds"],
        peak_bytes=peak,
        peak_pss_bytes=sampler.peak_pss(),
        peak_by_kind=by_kind,
        largest_kernel_bytes=sampler.largest("kernel"),
        notebooks=done["notebooks"],
        stopped=done["stopped"],
        cells=cells,
    )


# ---- where the time goes inside the notebooks -----------------------------------------------


def _first_line(source: str) -> str:
    return next((s.strip()[:60] for s in source.splitlines() if s.strip()), "")


def _stamp(value) -> float | None:
    return datetime.fromisoformat(value).timestamp() if value else None


def cell_profile(
    notebooks: Sequence[dict], series: Sequence[tuple[float, int, str, int]] | None
) -> pd.DataFrame:
    """One row per executed code cell: seconds and, given the sampled ``series`` of a run
    with one notebook at a time, the kernel's resident memory at the cell's end and its
    peak during the cell.

    ``notebooks`` are records with the executed notebook's path in ``output``; papermill
    stores each cell's start and end time in the cell's metadata.
    """
    import nbformat

    kernel = pd.DataFrame(
        [(t, rss) for t, _, kind, rss in series or [] if kind == "kernel"],
        columns=["time", "rss"],
    ).sort_values("time")
    times = kernel["time"].to_numpy()
    rss = kernel["rss"].to_numpy()
    rows = []
    for record in notebooks:
        executed = Path(record["output"])
        if not executed.exists():
            continue
        nb = nbformat.read(executed, as_version=4)
        added = {"injected-parameters", "papermill-error-cell-tag"}
        cells = [c for c in nb.cells if not added & set(c.metadata.get("tags", []))]
        for number, cell in enumerate(cells):  # numbered as the runner names a failing cell
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("papermill", {})
            start, end = _stamp(meta.get("start_time")), _stamp(meta.get("end_time"))
            if start is None or end is None:
                continue
            peak = end_rss = float("nan")
            if series is not None and len(times):
                inside = (times >= start) & (times <= end)
                if inside.any():
                    peak = rss[inside].max() / 2**20
                before_end = times <= end
                if before_end.any():
                    end_rss = rss[before_end][-1] / 2**20
            rows.append(
                {
                    "notebook": record["notebook"],
                    "cell": number,
                    "first_line": _first_line(cell.source),
                    "seconds": meta.get("duration") or (end - start),
                    "kernel_mb_at_end": end_rss,
                    "kernel_peak_mb": peak,
                }
            )
    return pd.DataFrame(
        rows,
        columns=["notebook", "cell", "first_line", "seconds", "kernel_mb_at_end", "kernel_peak_mb"],
    )


def loading_profile(path: Path) -> pd.DataFrame:
    """Seconds and extra peak memory of each step that turns ``path`` into clean order lines,
    then of the customer summary: read the file, map the headers, clean, summarise.

    Run it in a fresh process for honest memory figures (:func:`_loading_profile_child`).
    """
    from helpers import profiling
    from helpers.cleaning import clean_orders
    from helpers.loading import map_columns, read_file
    from helpers.tooling.bench_data import measure

    rows = []

    def step(name, func, *args):
        result, seconds, peak, how = measure(func, *args)
        size = result[0] if isinstance(result, tuple) else result
        held = size.memory_usage(deep=True).sum() if isinstance(size, pd.DataFrame) else 0
        rows.append((name, seconds, peak / 2**20, held / 2**20, how))
        return result

    raw = step("read the file", read_file, path)
    mapped = step("map the headers", map_columns, raw)
    del raw
    clean, _report = step("clean the order lines", clean_orders, mapped)
    del mapped
    as_of = clean["order_date"].max().normalize() + pd.Timedelta(days=1)
    step("customer summary", lambda: profiling.customer_summary(clean, as_of=as_of))
    return pd.DataFrame(
        rows, columns=["step", "seconds", "extra_peak_mb", "result_mb", "memory_measure"]
    ).set_index("step")


def _loading_profile_child(path: str) -> None:
    print(loading_profile(Path(path)).to_json(orient="split"))


def loading_profile_in_child(path: Path) -> pd.DataFrame:
    """:func:`loading_profile` in a fresh Python process."""
    command = [
        sys.executable,
        "-c",
        "import sys; from helpers.tooling.rerun_bench import _loading_profile_child; "
        "_loading_profile_child(sys.argv[1])",
        str(path),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return pd.DataFrame(found["data"], index=found["index"], columns=found["columns"])


# ---- the report -----------------------------------------------------------------------------


def _machine() -> str:
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    import psutil

    memory = psutil.virtual_memory().total / 2**30
    return f"{os.cpu_count()} CPU cores, {memory:.0f} GB memory, load average {load}"


def run_rerun_benchmark(
    sizes: Sequence[int],
    *,
    formats: Sequence[str] = FORMATS,
    paths: Sequence[str] = tuple(RERUN_PATHS),
    jobs: int | None = None,
    notebooks: Sequence[Path] | None = None,
    profile: bool = False,
    keep: Path | None = None,
    seed: int = 0,
    interval: float = 0.2,
    echo: Callable[[str], None] = print,
) -> list[RerunMeasure]:
    """Measure every path on every format at every size; print the figures as it goes.

    ``profile`` runs the notebooks one at a time (so a cell's memory can be told) and
    adds the loading profile of each file. ``keep`` keeps the generated files and the
    reports in that (new) folder; otherwise everything goes into a temporary folder that
    is removed at the end.
    """
    from helpers.tooling.catalog import default_jobs

    unknown = [p for p in paths if p not in RERUN_PATHS]
    if unknown:
        raise ValueError(f"re-run paths {unknown} are not among {list(RERUN_PATHS)}")
    jobs = 1 if profile else (jobs or default_jobs())
    if keep is not None:
        keep = Path(keep).expanduser().resolve()
        keep.mkdir(parents=True, exist_ok=False)
        work = keep
    else:
        work = Path(tempfile.mkdtemp(prefix="rerun-bench-"))
    echo(f"Re-run benchmark on {_machine()}; notebooks {jobs} at a time; work folder {work}")
    measures = []
    try:
        for n_lines in sizes:
            t0 = time.perf_counter()
            files = write_order_files(n_lines, work / f"data-{n_lines}", seed=seed, formats=formats)
            sizes_mb = ", ".join(
                f"{k} {f.stat().st_size / 2**20:,.0f} MB" for k, f in files.items()
            )
            echo(
                f"\n== {n_lines:,} order lines: files written in "
                f"{time.perf_counter() - t0:.1f} s ({sizes_mb}) =="
            )
            for fmt, data in files.items():
                if profile:
                    steps = loading_profile_in_child(data)
                    echo(f"loading {fmt}, step by step (fresh process):\n{steps.round(2)}")
                for name in paths:
                    out = work / f"reports-{n_lines}-{fmt}-{name}"
                    echo(f"-- {fmt}, {name}: {RERUN_PATHS[name].description}")
                    found = measure_rerun(
                        name,
                        data,
                        out,
                        lines=n_lines,
                        fmt=fmt,
                        jobs=jobs,
                        notebooks=notebooks,
                        interval=interval,
                        echo=echo,
                    )
                    measures.append(found)
                    echo(format_measure(found, cells=profile))
                    echo(f"(load average now {', '.join(f'{x:.1f}' for x in os.getloadavg())})")
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    echo("\n" + format_summary(measures))
    return measures


def format_measure(m: RerunMeasure, *, cells: bool = False, top: int = 3) -> str:
    """The figures of one re-run: totals, each notebook, and optionally its slowest cells."""
    kinds = ", ".join(f"{k} {v / 2**30:.2f}" for k, v in sorted(m.peak_by_kind.items()))
    check = f"{m.check_seconds:.1f} s" if m.check_seconds is not None else "n/a"
    lines = [
        f"wall {m.wall_seconds:.1f} s (data check before the first notebook: {check}); "
        f"peak resident memory of all processes {m.peak_bytes / 2**30:.2f} GB "
        f"(at the peak, GB: {kinds}); largest kernel {m.largest_kernel_bytes / 2**30:.2f} GB",
    ]
    if m.peak_pss_bytes is not None:
        lines.append(
            f"peak proportional memory (shared pages counted once) "
            f"{m.peak_pss_bytes / 2**30:.2f} GB"
        )
    if m.stopped:
        lines.append("the data check stopped the run: no notebook ran")
    for n in m.notebooks:
        line = f"  {n['notebook']:<40} {n['status']:<6} {n['seconds']:7.1f} s"
        if n["error"]:
            line += f"  {n['error'][:100]}"
        lines.append(line)
    if cells and m.cells is not None and len(m.cells):
        lines.append("slowest cells (seconds; kernel memory at the cell's end and peak, MB):")
        for name, group in m.cells.groupby("notebook", sort=False):
            for r in group.nlargest(top, "seconds").itertuples():
                lines.append(
                    f"  {name:<40} cell {r.cell:>3} {r.seconds:6.1f} s "
                    f"{r.kernel_mb_at_end:7.0f} {r.kernel_peak_mb:7.0f}  {r.first_line}"
                )
    return "\n".join(lines)


def format_summary(measures: Sequence[RerunMeasure]) -> str:
    """All re-runs side by side: one row per (lines, format, path), then notebooks x runs."""
    if not measures:
        return "nothing was measured"
    table = pd.DataFrame([m.row() for m in measures]).round(2)
    per_notebook = pd.DataFrame(
        {
            f"{m.lines:,} {m.format} {m.path}": {
                n["notebook"]: n["seconds"] if n["status"] == "ok" else float("nan")
                for n in m.notebooks
            }
            for m in measures
        }
    ).round(1)
    return (
        "Summary (seconds, GB)\n"
        + table.to_string(index=False)
        + "\n\nSeconds per notebook (blank: the notebook failed)\n"
        + per_notebook.to_string(na_rep="")
    )


def record_json(measures: Sequence[RerunMeasure], target: Path) -> None:
    """Write the measures as JSON (the figures, each notebook, each cell)."""
    target.write_text(
        json.dumps(
            [
                {
                    **m.row(),
                    "notebooks": m.notebooks,
                    "cells": None if m.cells is None else m.cells.to_dict(orient="records"),
                    "machine": _machine(),
                }
                for m in measures
            ],
            indent=1,
            default=str,
        ),
        encoding="utf-8",
    )
