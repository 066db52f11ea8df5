"""Re-run the whole course on a company's own data: ``python -m helpers rerun``.

The data is loaded and checked first; if anything is wrong the command lists the
problems and stops before running a single notebook. Then every lesson and
solution notebook is executed with papermill on that data into a new output
folder (an existing folder is never replaced unless ``--force`` is given), each
is exported to HTML, and ``index.html`` links every report with its status and a
summary of the data: rows, customers, period, and what cleaning removed and why.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.datasets import is_named_source, load_tables
from helpers.params import read_parameter_file
from helpers.schema import DataError
from helpers.tooling.catalog import course_notebooks, default_jobs
from helpers.tooling.runner import NotebookResult, run_many


def rerun_parameters(
    data: str | Path, mapping: str | Path | None = None, params: str | Path | None = None
) -> dict[str, Any]:
    """The papermill parameters for a re-run: the parameter file, then data and mapping."""
    values = read_parameter_file(params)
    source = str(data)
    if not is_named_source(source):
        source = str(Path(data).expanduser().resolve())
    values["data_source"] = source
    if mapping is not None:
        values["column_mapping"] = str(Path(mapping).expanduser().resolve())
    return values


def data_summary(parameters: dict[str, Any]) -> dict[str, Any]:
    """Load and check the data the way the notebooks will; raise DataError on problems."""
    tables = load_tables(
        parameters["data_source"],
        parameters.get("column_mapping"),
        options=parameters.get("data_options"),
    )
    orders = tables.orders
    if orders.empty:
        raise DataError(
            "no order lines are left after cleaning; see the cleaning report for why "
            "every row was dropped"
        )
    as_of = parameters.get("as_of") or tables.default_as_of
    cleaning = tables.cleaning.summary if tables.cleaning is not None else pd.DataFrame()
    return {
        "source": tables.name,
        "order_lines": int(len(orders)),
        "orders": int(orders["order_id"].nunique()),
        "customers": int(orders["customer_id"].nunique()),
        "first_order": str(orders["order_date"].min().date()),
        "last_order": str(orders["order_date"].max().date()),
        "as_of": str(pd.Timestamp(as_of).date()),
        "revenue": round(float(orders["revenue"].sum()), 2),
        "has_cost": bool(tables.has_cost),
        "missing_tables": list(tables.missing()),
        "cleaning": cleaning,
    }


def write_index(folder: Path, results: Sequence[NotebookResult], summary: dict[str, Any]) -> Path:
    """Write ``index.html`` and ``summary.json`` into ``folder``."""
    rows = []
    for r in results:
        link = r.html.relative_to(folder).as_posix() if r.html else ""
        name = (
            f'<a href="{html.escape(link)}">{html.escape(r.notebook)}</a>' if link else r.notebook
        )
        rows.append(
            f"<tr><td>{name}</td><td class='{r.status}'>{r.status}</td>"
            f"<td>{r.seconds:.1f}</td><td>{html.escape(r.error)}</td></tr>"
        )
    facts = {k: v for k, v in summary.items() if k != "cleaning"}
    fact_rows = "".join(
        f"<tr><th>{html.escape(k.replace('_', ' '))}</th><td>{html.escape(_fmt(v))}</td></tr>"
        for k, v in facts.items()
    )
    cleaning = summary.get("cleaning")
    cleaning_html = (
        cleaning.to_html(index=False, border=0)
        if isinstance(cleaning, pd.DataFrame) and not cleaning.empty
        else "<p>Cleaning removed or changed no rows.</p>"
    )
    ok = sum(r.status == "ok" for r in results)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Course re-run</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}
td,th{{padding:.2em .8em;text-align:left}} .ok{{color:#1a7f37}} .failed{{color:#cf222e}}</style>
</head><body>
<h1>Course re-run: {html.escape(str(summary.get("source", "")))}</h1>
<p>{ok} of {len(results)} notebooks ran to the end.</p>
<h2>Reports</h2>
<table><tr><th>notebook</th><th>status</th><th>seconds</th><th>problem</th></tr>
{"".join(rows)}</table>
<h2>The data</h2><table>{fact_rows}</table>
<h2>What cleaning removed or changed, and why</h2>{cleaning_html}
</body></html>
"""
    target = folder / "index.html"
    target.write_text(page, encoding="utf-8")
    record = dict(facts)
    record["notebooks"] = [
        {
            "notebook": r.notebook,
            "status": r.status,
            "seconds": round(r.seconds, 1),
            "error": r.error,
        }
        for r in results
    ]
    if isinstance(cleaning, pd.DataFrame):
        record["cleaning"] = cleaning.to_dict(orient="records")
    (folder / "summary.json").write_text(
        json.dumps(record, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )
    return target


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)


def rerun(
    data: str | Path,
    out: str | Path,
    *,
    mapping: str | Path | None = None,
    params: str | Path | None = None,
    force: bool = False,
    notebooks: Sequence[Path] | None = None,
    jobs: int = 1,
    stream=None,
) -> list[NotebookResult] | None:
    """Check the data, then run the course on it into ``out``.

    Returns the results, or None when the data check failed (nothing was run).
    """
    stream = stream or sys.stdout
    out = Path(out).expanduser().resolve()
    if out.exists() and not force:
        raise FileExistsError(
            f"{out} already exists and holds an earlier run; choose a new output folder, "
            f"or pass --force to replace it"
        )
    parameters = rerun_parameters(data, mapping, params)
    try:
        summary = data_summary(parameters)
    except (DataError, FileNotFoundError) as exc:
        print(f"The data cannot be used yet; nothing was run.\n\n{exc}", file=stream)
        return None
    print(
        f"Data: {summary['order_lines']:,} order lines, {summary['customers']:,} customers, "
        f"{summary['first_order']} to {summary['last_order']}",
        file=stream,
    )
    sources = list(notebooks) if notebooks is not None else course_notebooks(include_gallery=True)
    return run_many(
        sources,
        out,
        parameters,
        replace=force,
        jobs=jobs,
        stream=stream,
        before_publish=lambda folder, results: write_index(folder, results, summary),
    )


def cmd_rerun(args: argparse.Namespace) -> int:
    try:
        results = rerun(
            args.data,
            args.out,
            mapping=args.mapping,
            params=args.params,
            force=args.force,
            jobs=args.jobs,
        )
    except (FileExistsError, DataError) as exc:
        print(exc, file=sys.stderr)
        return 2
    if results is None:
        return 2
    print(f"Index of the reports: {Path(args.out).resolve() / 'index.html'}")
    return 0 if all(r.status == "ok" for r in results) else 1


def add_commands(subparsers) -> None:
    p = subparsers.add_parser(
        "rerun", help="re-run every lesson and solution on your own data, with HTML reports"
    )
    p.add_argument("data", help="a CSV/Excel/Parquet file or a folder of tables")
    p.add_argument("--out", required=True, help="a new output folder for the reports")
    p.add_argument("--mapping", help="YAML or TOML file mapping your headers to the course's")
    p.add_argument("--params", help="YAML parameter file (as_of, thresholds, lang ...)")
    p.add_argument("--force", action="store_true", help="replace --out if it already exists")
    p.add_argument(
        "--jobs", type=int, default=default_jobs(), help="notebooks run at a time (default: cores)"
    )
    p.set_defaults(func=cmd_rerun)
