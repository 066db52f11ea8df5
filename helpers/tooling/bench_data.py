"""What the benchmarks share: synthetic order lines and a measure of time and peak memory.

:func:`generate_orders` makes canonical order lines at any size, fast (text ids, about 20
lines per customer, 4 lines per order, with cost); :func:`measure` runs a function and
reports its seconds and the resident memory it added at its peak.
"""

from __future__ import annotations

import ctypes
import gc
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = ["generate_orders", "measure"]

STRING = pd.StringDtype("pyarrow", na_value=np.nan)


def _ids(prefix: str, width: int, count: int) -> pa.Array:
    numbers = np.char.zfill(np.arange(count).astype(str), width)
    return pa.array(np.char.add(prefix, numbers))


def generate_orders(n_lines: int, *, seed: int = 0, lines_per_customer: int = 20) -> pd.DataFrame:
    """Synthetic canonical order lines: ~20 lines per customer, ~4 lines per order, with cost.

    >>> generate_orders(1000).shape
    (1000, 7)
    """
    rng = np.random.default_rng(seed)
    n_customers = max(n_lines // lines_per_customer, 1)
    n_orders = max(n_lines // 4, 1)
    start = np.datetime64("2023-01-01", "D")
    order_day = np.sort(rng.integers(0, 3 * 365, n_orders))
    activity = rng.lognormal(0.0, 1.0, n_customers)  # some customers buy far more often
    order_customer = rng.choice(n_customers, size=n_orders, p=activity / activity.sum())
    sizes = rng.multinomial(n_lines - n_orders, np.full(n_orders, 1.0 / n_orders)) + 1
    line_order = np.repeat(np.arange(n_orders), sizes)
    unit_price = np.round(rng.lognormal(3.0, 0.8, n_lines), 2)
    quantity = rng.integers(1, 10, n_lines)
    revenue = np.round(unit_price * quantity, 2)
    cost = np.round(revenue * rng.uniform(0.55, 0.95, n_lines), 2)
    customers = _ids("C", 7, n_customers)
    orders = _ids("O", 9, n_orders)
    products = _ids("P", 4, 500)
    frame = pd.DataFrame(
        {
            "customer_id": pd.Series(
                customers.take(pa.array(order_customer[line_order])), dtype=STRING
            ),
            "order_id": pd.Series(orders.take(pa.array(line_order)), dtype=STRING),
            "order_date": (start + order_day[line_order]).astype("datetime64[us]"),
            "product_id": pd.Series(
                products.take(pa.array(rng.integers(0, 500, n_lines))), dtype=STRING
            ),
            "quantity": quantity.astype(np.int64),
            "revenue": revenue,
            "cost": cost,
        }
    )
    return frame


# ---- measuring ------------------------------------------------------------------------------


def _rss_status(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def _release_free_memory() -> None:
    """Hand freed memory back to the system, so resident memory is an honest baseline."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def measure(func: Callable, *args) -> tuple[object, float, int, str]:
    """Run ``func(*args)``: its result, seconds, extra peak bytes and how memory was measured."""
    _release_free_memory()
    start_rss = _rss_status("VmRSS")
    if start_rss is not None and _reset_peak():
        t0 = time.perf_counter()
        result = func(*args)
        seconds = time.perf_counter() - t0
        peak = (_rss_status("VmHWM") or 0) - start_rss
        return result, seconds, max(peak, 0), "rss"
    tracemalloc.start()
    t0 = time.perf_counter()
    result = func(*args)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak, "tracemalloc"
