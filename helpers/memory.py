"""How much memory the analysis may use, and how much a notebook needs (内存预算).

The data option ``memory_budget`` (default: half the machine's memory) bounds what the
order lines may take. A notebook needs about :data:`NOTEBOOK_BASE` bytes for Python,
pandas and the charts, plus :data:`PEAK_FACTOR` times the memory of its order lines (a
lesson holds the lines, a few per-customer tables and the temporary arrays of a
group-by at once). A re-run runs as many notebooks at a time as fit in the budget;
when not even one fits, the order lines are analysed customer by customer from Parquet
files (see :mod:`helpers.batches` and :mod:`helpers.bigdata`).

>>> plan = run_plan(lines_bytes=2**30, budget=12 * 2**30, jobs=4)
>>> plan.mode, plan.jobs, plan.per_notebook == 12 * 2**30 // plan.jobs
('lines', 2, True)
>>> run_plan(lines_bytes=8 * 2**30, budget=12 * 2**30, jobs=2).mode
'customers'
"""

from __future__ import annotations

import ctypes
import gc
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from helpers.params import memory_bytes

#: memory of a notebook kernel before its order lines: Python, pandas, matplotlib, helpers
NOTEBOOK_BASE = 400 * 2**20
#: a notebook's peak memory over the memory of its order lines (measured on the course's
#: notebooks at 2 and 10 million lines; see the README's Speed section)
PEAK_FACTOR = 4.0
#: memory of one customer in the per-customer tables a lesson holds at once
CUSTOMER_BYTES = 1024
#: the share of the budget DuckDB may use when it aggregates for one notebook (the rest
#: is for the notebook's own tables and charts)
DUCKDB_SHARE = 0.5


def machine_memory() -> int:
    """The machine's memory in bytes (8 GB when it cannot be read)."""
    try:
        import psutil

        return int(psutil.virtual_memory().total)
    except Exception:  # psutil missing or the platform does not say
        return 8 * 2**30


def memory_budget(options: Mapping[str, Any] | None = None) -> int:
    """The memory budget in bytes: the data option ``memory_budget``, or half the machine's.

    >>> memory_budget({"memory_budget": "6GB"}) == 6 * 2**30
    True
    >>> memory_budget(None) == machine_memory() // 2
    True
    """
    given = memory_bytes((options or {}).get("memory_budget"))
    return given if given is not None else machine_memory() // 2


def frame_bytes(df: pd.DataFrame | None) -> int:
    """The memory a frame holds, text included (0 for None)."""
    return 0 if df is None else int(df.memory_usage(deep=True, index=True).sum())


def notebook_need(lines_bytes: int) -> int:
    """The memory one notebook needs for order lines that take ``lines_bytes``.

    >>> notebook_need(0) == NOTEBOOK_BASE
    True
    """
    return int(NOTEBOOK_BASE + PEAK_FACTOR * lines_bytes)


@dataclass(frozen=True)
class RunPlan:
    """How a run uses its memory budget: ``mode`` "lines" (every notebook holds every
    order line) or "customers" (order lines stay in Parquet files; DuckDB aggregates
    them), ``jobs`` notebooks at a time, each with ``per_notebook`` bytes."""

    mode: str
    jobs: int
    per_notebook: int
    need: int
    budget: int


def run_plan(
    *,
    lines_bytes: int,
    budget: int,
    jobs: int,
    customers_need: int = 0,
    mode: str | None = None,
) -> RunPlan:
    """The mode and the number of notebooks at a time that fit in ``budget``.

    ``jobs`` is the most the machine should run at once (its cores); ``customers_need``
    what a notebook needs when it works customer by customer; ``mode`` the mode when it
    is decided already (the data option order_lines).

    >>> run_plan(lines_bytes=0, budget=2**30, jobs=2).jobs
    2
    >>> run_plan(lines_bytes=10 * 2**30, budget=2**30, jobs=2, customers_need=2**31).jobs
    1
    """
    jobs = max(1, int(jobs))
    need = notebook_need(lines_bytes)
    mode = mode or ("lines" if need <= budget else "customers")
    if mode == "customers":
        need = max(int(customers_need), NOTEBOOK_BASE)
    fitting = max(1, min(jobs, budget // max(need, 1)))
    return RunPlan(mode, fitting, budget // fitting, need, budget)


#: the share of the memory budget the stated sample of order lines may take
SAMPLE_SHARE = 0.05
#: the smallest sample of order lines worth showing
SAMPLE_FLOOR = 10_000


def sample_lines(budget: int, per_line: float, *, most: int) -> int:
    """How many order lines the stated sample may hold: :data:`SAMPLE_SHARE` of the budget,
    at least :data:`SAMPLE_FLOOR` and at most ``most``.

    >>> sample_lines(8 * 2**20, 80.0, most=500_000), sample_lines(2**34, 80.0, most=500_000)
    (10000, 500000)
    """
    fitting = int(budget * SAMPLE_SHARE / max(per_line, 1.0))
    return min(int(most), max(SAMPLE_FLOOR, fitting))


def release_free_memory() -> None:
    """Hand memory that Python, pandas and Arrow freed back to the system."""
    gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except ImportError:
        pass
    if os.name == "posix":
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):
            pass
