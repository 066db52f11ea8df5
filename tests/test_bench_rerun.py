"""The re-run benchmark: its files, its memory sampling, its cell times and its report."""

from __future__ import annotations

import csv
import itertools
import re
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime

import nbformat
import pandas as pd
import pytest

from helpers.cleaning import clean_orders
from helpers.loading import map_columns, read_file
from helpers.paths import NOTEBOOKS_DIR
from helpers.tooling import rerun_bench
from helpers.tooling.bench_data import generate_orders
from helpers.tooling.cli import main


def test_generated_files_hold_the_same_clean_lines(tmp_path):
    files = rerun_bench.write_order_files(3_000, tmp_path, seed=4)
    expected = generate_orders(3_000, seed=4)
    for fmt, path in files.items():
        clean, report = clean_orders(map_columns(read_file(path)))
        assert report.rows_dropped == 0, f"{fmt}: {report}"
        assert clean["customer_id"].nunique() == expected["customer_id"].nunique()
        assert clean["revenue"].sum() == pytest.approx(expected["revenue"].sum(), abs=1e-6)
        assert (clean["order_date"].to_numpy() == expected["order_date"].to_numpy()).all()
    with files["csv"].open(encoding="utf-8", newline="") as text:
        header, first = list(itertools.islice(csv.reader(text), 2))
    assert header == ["customer_id", "order_id", "order_date", "product_id", "quantity",
                      "revenue", "cost"]  # fmt: skip
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", first[2])  # ISO dates, as a typical export


def test_unknown_formats_are_refused(tmp_path):
    with pytest.raises(ValueError, match="xlsx"):
        rerun_bench.write_order_files(10, tmp_path, formats=["xlsx"])


ALLOCATE = """
import csv
import itertools
import re
import subprocess, sys, time
block = bytearray({size} * 2**20)
block[::4096] = b"x" * len(block[::4096])  # touch every page, so it is resident
if {spawn}:
    child = subprocess.Popen([sys.executable, "-c", {child!r}])
time.sleep(2.5)
if {spawn}:
    child.wait()
"""


def test_sampler_adds_up_the_whole_process_tree():
    child_code = ALLOCATE.format(size=120, spawn=False, child="")
    code = ALLOCATE.format(size=200, spawn=True, child=child_code)
    process = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)])
    sampler = rerun_bench.TreeSampler(process.pid, interval=0.05).start()
    process.wait()
    sampler.stop()
    peak, by_kind = sampler.peak()
    pids = {pid for _, pid, _, _ in sampler.series}
    assert len(pids) == 2  # the command and the process it started
    assert peak >= (200 + 120) * 2**20  # both blocks at once
    assert by_kind["command"] >= 200 * 2**20 and by_kind["worker"] >= 120 * 2**20
    assert sampler.largest("worker") < peak
    pss = sampler.peak_pss()
    if pss is not None:  # Linux: the blocks are private, so PSS counts them too
        assert (200 + 120) * 2**20 <= pss <= peak * 1.05
    times = [t for t, *_ in sampler.samples]
    assert times == sorted(times) and len(times) >= 10


def test_process_kinds():
    kernel = ["/x/python", "-m", "ipykernel_launcher", "-f", "/tmp/kernel-1.json"]
    assert rerun_bench.process_kind(kernel, is_root=False) == "kernel"
    assert rerun_bench.process_kind(["/x/python", "-c", "from multiprocessing"], is_root=False) == (
        "worker"
    )
    assert rerun_bench.process_kind(kernel, is_root=True) == "command"


def executed_notebook(path, cells):
    """A notebook as papermill leaves it: each code cell with its start and end time."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("data_source = 'x'")
    params.metadata["tags"] = ["injected-parameters"]
    nb.cells.append(params)
    for kind, source, start, end in cells:
        cell = (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(
            source
        )
        if kind == "code":
            cell.metadata["papermill"] = {
                "start_time": datetime.fromtimestamp(start, UTC).isoformat(),
                "end_time": datetime.fromtimestamp(end, UTC).isoformat(),
                "duration": end - start,
            }
        nb.cells.append(cell)
    nbformat.write(nb, path)


def test_cell_profile_times_each_cell_and_finds_its_kernel_memory(tmp_path):
    t = 1_700_000_000.0
    executed_notebook(
        tmp_path / "a.ipynb",
        [
            ("markdown", "# Title", 0, 0),
            ("code", "import pandas", t, t + 2),
            ("code", "\n\nsummary = big()", t + 2, t + 7),
        ],
    )
    mb = 2**20
    series = [
        (t + 1, 11, "kernel", 100 * mb),
        (t + 1, 10, "command", 999 * mb),  # not the kernel: ignored
        (t + 3, 11, "kernel", 900 * mb),
        (t + 6.5, 11, "kernel", 400 * mb),
        (t + 9, 11, "kernel", 50 * mb),  # after the notebook
    ]
    records = [{"notebook": "a", "output": str(tmp_path / "a.ipynb")}]
    table = rerun_bench.cell_profile(records, series)
    assert table["cell"].tolist() == [1, 2]  # numbered as the runner names cells
    assert table["first_line"].tolist() == ["import pandas", "summary = big()"]
    assert table["seconds"].tolist() == [2, 5]
    assert table["kernel_peak_mb"].tolist() == [100, 900]
    assert table["kernel_mb_at_end"].tolist() == [100, 400]
    without = rerun_bench.cell_profile(records, None)
    assert without["kernel_peak_mb"].isna().all() and without["seconds"].tolist() == [2, 5]


def measure(path, lines, fmt, seconds, status="ok"):
    return rerun_bench.RerunMeasure(
        lines=lines,
        format=fmt,
        path=path,
        jobs=2,
        wall_seconds=sum(seconds) / 2,
        check_seconds=1.5,
        peak_bytes=3 * 2**30,
        peak_pss_bytes=2 * 2**30,
        peak_by_kind={"command": 2**30, "kernel": 2 * 2**30},
        largest_kernel_bytes=2**30,
        notebooks=[
            {"notebook": f"n{i}", "status": status if i else "ok", "seconds": s, "error": ""}
            for i, s in enumerate(seconds)
        ],
        stopped=False,
    )


def test_summary_has_a_row_per_run_and_a_column_per_run():
    runs = [
        measure("each-notebook-loads", 1000, "csv", [4.0, 6.0]),
        measure("load-once", 1000, "csv", [1.0, 2.0], status="failed"),
    ]
    text = rerun_bench.format_summary(runs)
    rows = text.split("\n\n")[0].splitlines()
    assert len(rows) == 1 + 1 + 2  # title, header, two runs
    assert "each-notebook-loads" in rows[2] and "2/2" in rows[2] and "5.0" in rows[2]
    assert "load-once" in rows[3] and "1/2" in rows[3]
    per_notebook = text.split("\n\n")[1].splitlines()
    assert "1,000 csv load-once" in per_notebook[1]
    assert per_notebook[-1].split()[:2] == ["n1", "6.0"]  # the failed run shows a blank


def test_record_json_keeps_every_figure(tmp_path):
    import json

    target = tmp_path / "figures.json"
    rerun_bench.record_json([measure("each-notebook-loads", 10, "parquet", [1.0])], target)
    found = json.loads(target.read_text())
    assert found[0]["peak_gb"] == 3.0 and found[0]["notebooks"][0]["seconds"] == 1.0
    assert found[0]["peak_pss_gb"] == 2.0
    assert "CPU cores" in found[0]["machine"]


def test_bench_command_measures_a_real_rerun(tmp_path, capsys):
    record = tmp_path / "figures.json"
    start = time.perf_counter()
    code = main(
        ["bench", "--rerun", "3000", "--formats", "parquet", "--only", "00_course_map",
         "--keep", str(tmp_path / "kept"), "--record", str(record), "--profile",
         "--paths", "load-once", "duckdb"]
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    assert code == 0
    out = capsys.readouterr().out
    assert "loading parquet, step by step" in out and "clean the order lines" in out
    import json

    run, by_customer = json.loads(record.read_text())
    assert [run["path"], by_customer["path"]] == ["load-once", "duckdb"]
    assert by_customer["notebooks_ok"] == "1/1"
    assert "Memory budget" in out and "working customer by customer" in out
    assert run["lines"] == 3000 and run["format"] == "parquet" and run["jobs"] == 1
    assert run["notebooks_ok"] == "1/1" and 0 < run["wall_s"] < elapsed
    assert run["data_check_s"] < run["wall_s"]
    assert run["peak_gb"] > run["largest_kernel_gb"] > 0.05  # a kernel holds pandas at least
    assert run["peak_pss_gb"] is None or 0.05 < run["peak_pss_gb"] <= run["peak_gb"] * 1.05
    (notebook,) = run["notebooks"]
    assert notebook["notebook"].endswith("00_course_map.ipynb")
    assert notebook["seconds"] <= run["wall_s"]
    cells = pd.DataFrame(run["cells"])
    assert len(cells) == sum(
        c.cell_type == "code"
        for c in nbformat.read(NOTEBOOKS_DIR / "00_course_map.ipynb", as_version=4).cells
    )
    assert cells["seconds"].sum() <= notebook["seconds"]
    assert cells["kernel_mb_at_end"].notna().any()
    kept = tmp_path / "kept"
    assert (kept / "data-3000" / "orders.parquet").exists()
    assert (kept / "reports-3000-parquet-load-once" / "index.html").exists()
    prepared = kept / "reports-3000-parquet-duckdb" / "prepared"
    assert len(list(prepared.glob("*/orders/part-*.parquet"))) == 1
