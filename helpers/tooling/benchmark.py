"""Speed benchmark of the analytics helpers: ``python -m helpers bench``.

Generates synthetic order lines (about 20 lines per customer, 4 lines per order) and
times the full pipeline - customer summary, RFM scores, ABC grades by share, customer
deciles and value deciles - three ways in the same run:

- ``helpers``: this package (ids encoded once, money summed in cents with bincount);
- ``tutorial``: the way many tutorials write it (``groupby().agg`` with lambdas,
  ``pd.qcut`` on ranks);
- ``duckdb``: the same computation in SQL with DuckDB, as the reference.

For each it prints the time, the extra peak memory above the loaded input (resident
memory, measured by resetting the kernel's high-water mark where Linux allows it) and
the ratios. It also checks that the three give the same answers. This is a benchmark,
not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from helpers._aggregate import encode_keys
from helpers.tooling.bench_data import generate_orders, measure

__all__ = ["generate_orders", "run_benchmark", "add_commands"]

# ---- the three implementations --------------------------------------------------------------


def pipeline_helpers(orders: pd.DataFrame, as_of: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """The full pipeline with this package."""
    from helpers import deciles, grading, profiling, rfm

    summary = profiling.customer_summary(orders, as_of=as_of)
    return {
        "summary": summary,
        "rfm": rfm.rfm_scores(summary),
        "abc": grading.abc_grade_by_share(summary),
        "customer_deciles": deciles.customer_deciles(summary),
        "value_deciles": deciles.value_deciles(summary),
    }


def pipeline_tutorial(orders: pd.DataFrame, as_of: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """The pipeline as tutorials usually write it: groupby().agg with lambdas, qcut on ranks."""
    year = pd.Timedelta(days=365)
    lines = orders.assign(
        rev_last=orders["revenue"].where(orders["order_date"] >= as_of - year, 0.0),
        rev_prior=orders["revenue"].where(
            (orders["order_date"] >= as_of - 2 * year) & (orders["order_date"] < as_of - year),
            0.0,
        ),
    )
    summary = lines.groupby("customer_id").agg(
        first_purchase=("order_date", lambda d: d.min()),
        last_purchase=("order_date", lambda d: d.max()),
        frequency=("order_id", lambda s: s.nunique()),
        quantity=("quantity", lambda s: s.sum()),
        monetary=("revenue", lambda s: s.sum()),
        cost=("cost", lambda s: s.sum()),
        revenue_last_period=("rev_last", lambda s: s.sum()),
        revenue_prior_period=("rev_prior", lambda s: s.sum()),
    )
    summary["tenure_days"] = (as_of - summary["first_purchase"]).dt.days
    summary["recency_days"] = (as_of - summary["last_purchase"]).dt.days
    summary["profit"] = summary["monetary"] - summary["cost"]
    summary["margin"] = summary["profit"] / summary["monetary"]
    summary["avg_order_value"] = summary["monetary"] / summary["frequency"]
    summary["trend"] = summary["revenue_last_period"] / summary["revenue_prior_period"] - 1
    summary["status"] = np.where(summary["recency_days"] > 180, "dormant", "active")
    scores = summary[["recency_days", "frequency", "monetary"]].copy()
    scores["r_score"] = pd.qcut(
        scores["recency_days"].rank(method="first"), 5, labels=[5, 4, 3, 2, 1]
    ).astype(int)
    scores["f_score"] = pd.qcut(
        scores["frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]
    ).astype(int)
    scores["m_score"] = pd.qcut(
        scores["monetary"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5]
    ).astype(int)
    ranked = summary.sort_values("monetary", ascending=False)
    abc = pd.DataFrame({"value": ranked["monetary"]})
    abc["cumulative_share"] = abc["value"].cumsum() / abc["value"].sum()
    before = abc["cumulative_share"] - abc["value"] / abc["value"].sum()
    abc["grade"] = pd.cut(before, [-1, 0.8, 0.95, 2], labels=["A", "B", "C"], right=False)
    ranked = ranked.assign(
        decile=pd.qcut(ranked["monetary"].rank(method="first", ascending=False), 10, labels=False)
        + 1,
        value_decile=np.minimum((before * 10).astype(int) + 1, 10),
    )
    tables = {}
    for name, key in (("customer_deciles", "decile"), ("value_deciles", "value_decile")):
        table = ranked.groupby(key).agg(
            customers=("monetary", lambda s: s.size),
            revenue=("monetary", lambda s: s.sum()),
            profit=("profit", lambda s: s.sum()),
        )
        table["revenue_share"] = table["revenue"] / table["revenue"].sum()
        table["profit_share"] = table["profit"] / table["profit"].sum()
        tables[name] = table
    return {"summary": summary, "rfm": scores, "abc": abc, **tables}


#: the ranking part of the reference: RFM scores, ABC grades by share and both kinds of decile
#: on top of the per-customer aggregate :data:`helpers.bigdata.SUMMARY_SQL` (``{summary}``)
RANKING_SQL = """
WITH base AS ({summary}),
ranked AS (
    SELECT *,
           count(*) OVER () AS n,
           sum(monetary_c) OVER () AS total_c,
           -- RFM scores: equal values share the score of the last of them (ties="shared")
           count(*) OVER (ORDER BY recency_days ASC) - 1 AS r_pos,
           count(*) OVER (ORDER BY frequency DESC) - 1 AS f_pos,
           count(*) OVER (ORDER BY monetary_c DESC) - 1 AS m_tie,
           row_number() OVER (ORDER BY monetary_c DESC, customer_id) - 1 AS m_pos,
           sum(monetary_c) OVER (ORDER BY monetary_c DESC, customer_id
                                 ROWS UNBOUNDED PRECEDING) - monetary_c AS before_c
    FROM base
)
SELECT customer_id, first_purchase, last_purchase, tenure_days, recency_days, frequency,
       quantity, monetary_c / 100 AS monetary, cost_c / 100 AS cost,
       (monetary_c - cost_c) / 100 AS profit,
       (monetary_c - cost_c) / nullif(monetary_c, 0) AS margin,
       round_even(monetary_c / frequency, 0) / 100 AS avg_order_value,
       last_c / 100 AS revenue_last_period, prior_c / 100 AS revenue_prior_period,
       (last_c - prior_c) / nullif(prior_c, 0) AS trend,
       CASE WHEN recency_days > 180 THEN 'dormant' ELSE 'active' END AS status,
       5 - (r_pos * 5) // n AS r_score, 5 - (f_pos * 5) // n AS f_score,
       5 - (m_tie * 5) // n AS m_score,
       m_pos + 1 AS rank,
       (before_c + monetary_c) / total_c AS cumulative_share,
       CASE WHEN before_c / total_c < 0.8 THEN 'A'
            WHEN before_c / total_c < 0.95 THEN 'B' ELSE 'C' END AS grade,
       (m_pos * 10) // n + 1 AS decile,
       least((before_c::BIGINT * 10) // total_c::BIGINT + 1, 10) AS value_decile
FROM ranked ORDER BY customer_id
"""


def pipeline_duckdb(orders: pd.DataFrame, as_of: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """The same pipeline in SQL (DuckDB scanning the frame as an Arrow table)."""
    import duckdb

    from helpers.bigdata import summary_query

    con = duckdb.connect()
    # DuckDB reads Arrow tables fastest (the id columns are Arrow-backed already)
    con.register("lines", pa.Table.from_pandas(orders, preserve_index=False))
    summary, params = summary_query(orders.columns, as_of=as_of)
    sql = RANKING_SQL.format(summary=summary)
    con.execute(f"CREATE TEMP TABLE customers AS {sql}", params)
    per_customer = con.execute("SELECT * FROM customers").df()
    tables = {}
    for name, key in (("customer_deciles", "decile"), ("value_deciles", "value_decile")):
        tables[name] = con.execute(
            f"""SELECT {key} AS decile, count(*) AS customers, sum(monetary) AS revenue,
                       sum(profit) AS profit,
                       sum(monetary) / (SELECT sum(monetary) FROM customers) AS revenue_share,
                       sum(profit) / (SELECT sum(profit) FROM customers) AS profit_share
                FROM customers GROUP BY 1 ORDER BY 1"""
        ).df()
    con.close()
    return {"customers": per_customer, **tables}


# ---- measuring ------------------------------------------------------------------------------


def check_agreement(helpers_out: dict, duck_out: dict, tutorial_out: dict | None) -> list[str]:
    """Differences between the three implementations (empty when they agree)."""
    problems = []
    summary = helpers_out["summary"]
    duck = duck_out["customers"].set_index("customer_id")
    duck.index = duck.index.astype(summary.index.dtype)
    if not summary.index.equals(duck.index):
        return ["customer ids differ between helpers and DuckDB"]
    for col in ("frequency", "recency_days", "tenure_days", "monetary", "profit", "trend"):
        ours, theirs = summary[col].to_numpy(float), duck[col].to_numpy(float)
        if not ((ours == theirs) | (np.isnan(ours) & np.isnan(theirs))).all():
            problems.append(f"summary column {col} differs from DuckDB (compared exactly)")
    scores = helpers_out["rfm"]
    for col in ("r_score", "f_score", "m_score"):
        if not (scores[col].to_numpy() == duck[col].to_numpy()).all():
            problems.append(f"{col} differs from DuckDB")
    abc = helpers_out["abc"]["grade"].astype(str).reindex(duck.index)
    if not (abc.to_numpy() == duck["grade"].to_numpy()).all():
        problems.append("ABC grades differ from DuckDB")
    for name in ("customer_deciles", "value_deciles"):
        ours = helpers_out[name]
        theirs = duck_out[name].set_index("decile").reindex(ours.index, fill_value=0)
        if not (ours["customers"].to_numpy() == theirs["customers"].to_numpy()).all():
            problems.append(f"{name} counts differ from DuckDB")
        if not np.allclose(ours["revenue"], theirs["revenue"]):
            problems.append(f"{name} revenue differs from DuckDB")
    if tutorial_out is not None:
        tut = tutorial_out["summary"]
        if not np.allclose(tut["monetary"].round(2).to_numpy(), summary["monetary"].to_numpy()):
            problems.append("tutorial monetary differs")
        if not (tut["frequency"].to_numpy() == summary["frequency"].to_numpy()).all():
            problems.append("tutorial frequency differs")
        tut_abc = tutorial_out["abc"]["grade"].astype(str).reindex(summary.index)
        same = (tut_abc.to_numpy() == abc.reindex(summary.index).to_numpy()).mean()
        if same < 0.999:
            problems.append(f"tutorial ABC grades agree on only {same:.1%} of customers")
    return problems


def _mb(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:,.0f} MB"


def run_benchmark(
    sizes: list[int],
    *,
    tutorial_limit: float = 60.0,
    seed: int = 0,
    echo: Callable[[str], None] = print,
) -> pd.DataFrame:
    """Time the three pipelines at each size; returns one row per (lines, method)."""
    rows = []
    last_tutorial_rate = None
    for n_lines in sizes:
        echo(f"\n== {n_lines:,} order lines ==")
        t0 = time.perf_counter()
        orders = generate_orders(n_lines, seed=seed)
        as_of = orders["order_date"].max().normalize() + pd.Timedelta(days=1)
        input_bytes = int(orders.memory_usage(deep=True).sum())
        echo(
            f"generated in {time.perf_counter() - t0:.1f} s: "
            f"{orders['customer_id'].nunique():,} customers, input frame {_mb(input_bytes)}"
        )
        results = {}
        for method in ("helpers", "duckdb", "tutorial"):
            func = {
                "helpers": pipeline_helpers,
                "duckdb": pipeline_duckdb,
                "tutorial": pipeline_tutorial,
            }[method]
            data, note = orders, "full run"
            if method == "tutorial" and last_tutorial_rate is None and n_lines > 200_000:
                # a quick trial on every 50th customer tells whether a full run is affordable
                codes, _ = encode_keys(orders["customer_id"], want_keys=False)
                trial = orders[codes % 50 == 0]
                t0 = time.perf_counter()
                pipeline_tutorial(trial, as_of)
                last_tutorial_rate = (time.perf_counter() - t0) / max(len(trial), 1)
            if method == "tutorial" and last_tutorial_rate is not None:
                estimate = last_tutorial_rate * n_lines
                if estimate > tutorial_limit:
                    share = max(tutorial_limit / estimate, 0.01)
                    step = math.ceil(1 / share)
                    codes, _ = encode_keys(orders["customer_id"], want_keys=False)
                    data = orders[codes % step == 0]  # every step-th customer, all their lines
                    note = (
                        f"EXTRAPOLATED: measured on 1 customer in {step} "
                        f"({len(data):,} lines), scaled by {n_lines / len(data):.2f}"
                    )
            out, seconds, peak, how = measure(func, data, as_of)
            if data is not orders:
                seconds = seconds * n_lines / len(data)
                peak = peak * n_lines / len(data)
            if method == "tutorial":
                last_tutorial_rate = seconds / n_lines
            results[method] = out if data is orders else None
            rows.append(
                {
                    "lines": n_lines,
                    "method": method,
                    "seconds": seconds,
                    "extra_peak_mb": peak / 2**20,
                    "extra_peak_vs_input": peak / input_bytes,
                    "input_mb": input_bytes / 2**20,
                    "memory_measure": how,
                    "note": note,
                }
            )
            echo(
                f"{method:9s} {seconds:8.2f} s   extra peak {_mb(peak):>9s} "
                f"({peak / input_bytes:.2f}x input)   {note}"
            )
            del out
            gc.collect()
        problems = check_agreement(results["helpers"], results["duckdb"], results["tutorial"])
        echo("results agree" if not problems else "DIFFERENCES: " + "; ".join(problems))
        sub = {r["method"]: r["seconds"] for r in rows if r["lines"] == n_lines}
        echo(
            f"ratios: helpers/duckdb = {sub['helpers'] / sub['duckdb']:.2f}  "
            f"tutorial/helpers = {sub['tutorial'] / sub['helpers']:.1f}x"
        )
        del orders, results
        gc.collect()
    return pd.DataFrame(rows)


def cmd_bench(args: argparse.Namespace) -> int:
    if args.rerun:
        return _cmd_bench_rerun(args)
    if args.charts:
        timings = chart_timings()
        print(timings.round(2).to_string())
        slow = timings[timings["cpu_seconds"] >= 1.0]
        print(
            "all charts under a second"
            if slow.empty
            else f"slower than a second: {list(slow.index)}"
        )
        return 0
    threads = os.cpu_count()
    print("Benchmark: full pipeline (customer summary + RFM scores + ABC by share + customer")
    print(f"and value deciles); {threads} CPU cores; seed {args.seed}")
    table = run_benchmark(args.lines, tutorial_limit=args.tutorial_limit, seed=args.seed)
    print("\nSummary")
    wide = table.pivot(index="lines", columns="method", values="seconds")
    memory = table.pivot(index="lines", columns="method", values="extra_peak_vs_input")
    summary = pd.DataFrame(
        {
            "helpers_s": wide["helpers"].round(2),
            "duckdb_s": wide["duckdb"].round(2),
            "tutorial_s": wide["tutorial"].round(1),
            "helpers/duckdb": (wide["helpers"] / wide["duckdb"]).round(2),
            "tutorial/helpers": (wide["tutorial"] / wide["helpers"]).round(1),
            "helpers_peak_x_input": memory["helpers"].round(2),
        }
    )
    print(summary.to_string())
    if (table["note"] != "full run").any():
        print("(tutorial times marked EXTRAPOLATED above were measured on a subset and scaled)")
    return 0


def _cmd_bench_rerun(args: argparse.Namespace) -> int:
    from helpers.tooling import rerun_bench
    from helpers.tooling.catalog import course_notebooks

    notebooks = None
    if args.only:
        notebooks = [
            p
            for p in course_notebooks(include_gallery=True)
            if any(key in p.name or key in f"{p.parent.name}/{p.stem}" for key in args.only)
        ]
        if not notebooks:
            print("no notebooks matched --only", file=sys.stderr)
            return 2
    measures = rerun_bench.run_rerun_benchmark(
        args.rerun,
        formats=args.formats,
        paths=args.paths or tuple(rerun_bench.RERUN_PATHS),
        jobs=args.jobs,
        notebooks=notebooks,
        profile=args.profile,
        keep=args.keep,
        seed=args.seed,
    )
    if args.record:
        rerun_bench.record_json(measures, Path(args.record))
        print(f"figures written to {args.record}")
    return 0


def chart_timings(data_source: str = "course") -> pd.DataFrame:
    """CPU seconds to draw and render each course chart on ``data_source`` (target: < 1 s)."""
    import time

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers import deciles, grading, loyalty, plots, profiling, rfm
    from helpers.datasets import load_tables

    tables = load_tables(data_source)
    as_of = tables.default_as_of
    summary = profiling.customer_summary(tables.orders, as_of=as_of)
    grades = grading.abc_grade_by_share(summary)
    earlier = profiling.customer_summary(tables.orders, as_of=as_of - pd.Timedelta(days=365))
    charts = {
        "pareto_chart": lambda: plots.pareto_chart(profiling.rank_customers(summary)),
        "lorenz_chart": lambda: plots.lorenz_chart(grading.lorenz_curve(summary)),
        "pyramid_figure": lambda: plots.pyramid_figure(
            grading.pyramid_table(grades, value="value")
        ),
        "abc_summary_chart": lambda: plots.abc_summary_chart(grades),
        "migration_heatmap": lambda: plots.migration_heatmap(
            grading.grade_migration(grading.abc_grade_by_share(earlier), grades)
        ),
        "customer_decile_chart": lambda: plots.customer_decile_chart(
            deciles.customer_deciles(summary)
        ),
        "value_decile_chart": lambda: plots.value_decile_chart(deciles.value_deciles(summary)),
        "rfm_heatmap": lambda: plots.rfm_heatmap(rfm.rfm_scores(summary), lang="zh"),
    }
    if tables.customers is not None:
        charts["composition_chart"] = lambda: plots.composition_chart(
            profiling.composition_table(tables.customers, "region", summary=summary)
        )
    if tables.has_cost:
        charts["margin_chart"] = lambda: plots.margin_chart(
            profiling.margin_by_product(tables.orders, products=tables.products)
        )
    if tables.survey is not None:
        charts["loyalty_map"] = lambda: plots.loyalty_map(
            loyalty.loyalty_matrix_types(tables.survey)
        )
    rows = []
    for name, draw in charts.items():
        start = time.process_time()
        drawn = draw()
        figure = drawn.figure if hasattr(drawn, "figure") else drawn
        figure.canvas.draw()
        rows.append((name, time.process_time() - start))
        plt.close("all")
    return pd.DataFrame(rows, columns=["chart", "cpu_seconds"]).set_index("chart")


def add_commands(subparsers) -> None:
    """Add ``bench`` to ``python -m helpers``."""
    p = subparsers.add_parser(
        "bench", help="time the analytics pipeline: helpers vs a tutorial version vs DuckDB"
    )
    p.add_argument(
        "--lines", nargs="+", type=int, default=[1_000_000, 10_000_000], help="order lines"
    )
    p.add_argument(
        "--tutorial-limit",
        type=float,
        default=120.0,
        help="seconds the tutorial version may take at full size before it is run on a "
        "subset and extrapolated (said so in the output)",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--charts", action="store_true", help="time each course chart instead (target: < 1 s)"
    )
    rerun = p.add_argument_group("the whole re-run (--rerun)")
    rerun.add_argument(
        "--rerun",
        nargs="+",
        type=int,
        metavar="LINES",
        help="time the whole trainer re-run on generated files of these sizes instead "
        "(wall time, peak memory of all its processes, each notebook)",
    )
    rerun.add_argument(
        "--formats", nargs="+", choices=("csv", "parquet"), default=["csv", "parquet"]
    )
    rerun.add_argument(
        "--paths",
        nargs="+",
        default=None,
        help="the ways of running the re-run to measure (default: all there are)",
    )
    rerun.add_argument("--jobs", type=int, default=None, help="notebooks run at a time")
    rerun.add_argument(
        "--profile",
        action="store_true",
        help="one notebook at a time; report the slowest cells, the kernel memory of each "
        "cell, and the loading steps",
    )
    rerun.add_argument("--only", nargs="*", help="run only notebooks whose name contains these")
    rerun.add_argument("--keep", help="a new folder that keeps the generated files and reports")
    rerun.add_argument("--record", help="write every figure to this JSON file")
    p.set_defaults(func=cmd_bench)
