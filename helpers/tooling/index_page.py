"""The index page of a run, ``index.html``, and its machine-readable twin ``summary.json``.

One writer serves ``python3 tasks.py course`` (``build/course/index.html``) and trainer
re-runs: a table of every notebook with its status and a link to its report; warning
boxes for what the data check found (a cleaning rule that removed many lines, ids that
do not join, a rescaled survey...); a summary of the data the notebooks analysed; what
cleaning removed, changed or derived, and why; the parameters of the run.

Totals are computed once, here, in whole cents (:func:`helpers._aggregate.to_cents`, the
rule the lessons use), so the index and the lessons show the same figures. Every value
that comes from the data (names, reasons, file names, error messages) is escaped; the
page loads nothing from the network.

>>> from helpers.datasets import load_tables
>>> facts = data_summary(load_tables("course:seed=3,customers=40"))
>>> facts["customers"], facts["revenue"] == facts["revenue_cents"] / 100
(40, True)
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd

from helpers._aggregate import to_cents
from helpers.lesson import as_of_date
from helpers.schema import DataError, Problem
from helpers.tables import CourseTables
from helpers.tooling.runner import NotebookResult, short_error

#: cleaning-report actions shown under "what was derived" rather than "removed or changed"
DERIVED = "derived"


def money(cents: int) -> str:
    """Whole cents as money text with thousands separators.

    >>> money(214644991), money(-5), money(0)
    ('2,146,449.91', '-0.05', '0.00')
    """
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    return f"{sign}{whole:,}.{part:02d}"


def total_cents(amounts: pd.Series) -> int:
    """The sum of amounts in whole cents, each line rounded to the cent first.

    >>> total_cents(pd.Series([731.9399999999999, 0.1, 0.2]))
    73224
    """
    cents = to_cents(amounts)
    if not np.isfinite(cents).all():
        raise DataError(
            "some amounts are missing or not finite after cleaning; the data check lists them"
        )
    return int(cents.sum())


def data_summary(tables: CourseTables, as_of: str | pd.Timestamp | None = None) -> dict[str, Any]:
    """The facts about the data that the notebooks analyse: the lines before the as-of date.

    Raises :class:`~helpers.schema.DataError` when no order line is left to analyse.
    """
    day = as_of_date(as_of, tables)
    orders = tables.orders
    analysed = orders[orders["order_date"] < day]
    if analysed.empty:
        raise DataError(
            f"no order line is dated before the as-of date {day:%Y-%m-%d} (the first day not "
            f"analysed); the orders run from {orders['order_date'].min():%Y-%m-%d} to "
            f"{orders['order_date'].max():%Y-%m-%d}. Set as_of in the parameter file to a "
            "later day, or remove it"
        )
    cents = total_cents(analysed["revenue"])
    report = tables.cleaning
    cleaning = report.summary if report is not None else pd.DataFrame()
    return {
        "source": tables.name,
        "as_of": f"{day:%Y-%m-%d}",
        "order_lines": int(len(analysed)),
        "orders": int(analysed["order_id"].nunique()),
        "customers": int(analysed["customer_id"].nunique()),
        "first_order": f"{analysed['order_date'].min():%Y-%m-%d}",
        "last_order": f"{analysed['order_date'].max():%Y-%m-%d}",
        "revenue_cents": cents,
        "revenue": cents / 100,
        "lines_from_as_of": int(len(orders) - len(analysed)),
        "has_cost": bool(tables.has_cost),
        "tables": {name: int(len(df)) for name, df in tables.tables().items()},
        "missing_tables": list(tables.missing()),
        "rows_in": int(report.rows_in) if report is not None else int(len(orders)),
        "rows_out": int(report.rows_out) if report is not None else int(len(orders)),
        "cleaning": _records(cleaning),
    }


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    out = []
    for row in frame.to_dict(orient="records"):
        out.append({str(k): _plain(v) for k, v in row.items()})
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    return value


# --- the page ---------------------------------------------------------------------------------


def e(value: Any) -> str:
    """A value as inert HTML text."""
    return html.escape(str(value), quote=True)


_STYLE = """body{font-family:sans-serif;max-width:62em;margin:2em auto;padding:0 1em;
line-height:1.4}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{padding:.25em .8em;text-align:left;
border-bottom:1px solid #ddd;vertical-align:top}td.num{text-align:right}
.ok{color:#1a7f37;font-weight:bold}.failed{color:#cf222e;font-weight:bold}
.box{border-left:.4em solid #d4a72c;background:#fff8c5;padding:.6em 1em;margin:.8em 0}
.box.error{border-color:#cf222e;background:#ffebe9}.box p{margin:.2em 0}
.note{color:#57606a}"""


def _fact_rows(summary: Mapping[str, Any]) -> list[tuple[str, str]]:
    tables = summary.get("tables") or {}
    rows = [
        ("data", summary["source"]),
        ("as-of date (the first day not analysed)", summary["as_of"]),
        ("order lines analysed", f"{summary['order_lines']:,}"),
        ("orders", f"{summary['orders']:,}"),
        ("customers", f"{summary['customers']:,}"),
        ("first and last order", f"{summary['first_order']} to {summary['last_order']}"),
        ("revenue", money(summary["revenue_cents"])),
        ("cost known (profit analyses)", "yes" if summary["has_cost"] else "no"),
    ]
    if summary.get("lines_from_as_of"):
        rows.append(
            ("order lines on or after the as-of date (not analysed)",
             f"{summary['lines_from_as_of']:,}")
        )  # fmt: skip
    rows.append(
        ("tables", ", ".join(f"{name} ({n:,} rows)" for name, n in tables.items()) or "orders")
    )
    rows.append(("tables the data does not have", ", ".join(summary["missing_tables"]) or "none"))
    return rows


def _box(problem: Problem) -> str:
    where = f"<p>Where: {e(short_error(problem.where, 500))}</p>" if problem.where else ""
    fix = f"<p>What to do: {e(short_error(problem.fix, 500))}</p>" if problem.fix else ""
    title = "Problem" if problem.level == "error" else "Warning"
    return (
        f'<div class="box {e(problem.level)}" role="alert"><p><strong>{title}:</strong> '
        f"{e(short_error(problem.what, 1000))}</p>{where}{fix}</div>"
    )


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    header = "".join(f"<th>{e(h)}</th>" for h in head)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    header_row = f"<tr>{header}</tr>" if any(head) else ""
    return f"<table>{header_row}{''.join(body)}</table>"


def _cleaning_html(records: list[dict[str, Any]], rows_in: int, rows_out: int) -> str:
    done = [r for r in records if r.get("action") != DERIVED and r.get("rows")]
    derived = [r for r in records if r.get("action") == DERIVED and r.get("rows")]
    parts = [
        "<h2>What cleaning removed or changed, and why</h2>",
        f"<p>{rows_in:,} order lines were read and {rows_out:,} kept.</p>",
    ]
    if done:
        parts.append(
            _table(
                ["action", "reason", "order lines", "revenue of those lines"],
                (
                    [
                        e(r.get("action", "")),
                        e(r.get("reason", "")),
                        f"{int(r['rows']):,}",
                        _money_cell(r.get("revenue")),
                    ]
                    for r in done
                ),
                numeric=(2, 3),
            )  # fmt: skip
        )
    else:
        parts.append("<p>Cleaning removed or changed no order line.</p>")
    if derived:
        parts += [
            "<h2>What was derived</h2>",
            "<p>Values the data did not have, computed by the stated rule:</p>",
            _table(
                ["what", "order lines"],
                ([e(r.get("reason", "")), f"{int(r['rows']):,}"] for r in derived),
                numeric=(1,),
            ),
        ]
    return "".join(parts)


def _money_cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return ""
    return e(money(int(to_cents(np.array([float(value)]))[0])))


def _notebook_rows(folder: Path, results: Sequence[NotebookResult]) -> list[list[str]]:
    rows = []
    for r in results:
        name = e(r.notebook)
        if r.html is not None:
            link = quote(r.html.relative_to(folder).as_posix())
            name = f'<a href="{e(link)}">{name}</a>'
        rows.append(
            [name, f'<span class="{e(r.status)}">{e(r.status)}</span>', f"{r.seconds:.1f}",
             e(short_error(r.error))]
        )  # fmt: skip
    return rows


def write_index(
    folder: Path,
    results: Sequence[NotebookResult],
    *,
    title: str = "Course re-run",
    summary: Mapping[str, Any] | None = None,
    problems: Sequence[Problem] = (),
    parameters: Mapping[str, Any] | None = None,
    notes: Sequence[str] = (),
) -> Path:
    """Write ``index.html`` and ``summary.json`` into ``folder``; return the page's path.

    ``title`` and ``notes`` are the course's own words; ``summary`` comes from
    :func:`data_summary`, ``problems`` from the data check (warnings become boxes at the
    top), ``parameters`` are the values every notebook received.
    """
    folder = Path(folder)
    ok = sum(r.status == "ok" for r in results)
    source = f": {e(summary['source'])}" if summary else ""
    parts = [
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{e(title)}{source}</h1>",
        f"<p>{ok} of {len(results)} notebooks ran to the end.</p>",
        *(_box(p) for p in problems),
        *(f'<p class="note">{e(n)}</p>' for n in notes),
        "<h2>Reports</h2>",
        _table(["notebook", "status", "seconds", "problem"], _notebook_rows(folder, results),
               numeric=(2,)),
    ]  # fmt: skip
    if summary:
        parts += [
            "<h2>The data analysed</h2>",
            _table(["", ""], ([e(k), e(v)] for k, v in _fact_rows(summary))),
            _cleaning_html(summary.get("cleaning") or [], summary["rows_in"], summary["rows_out"]),
        ]
    if parameters:
        parts += [
            "<h2>Parameters of the run</h2>",
            _table(
                ["parameter", "value"],
                ([e(k), e(short_error(json.dumps(v, ensure_ascii=False, default=str), 500))]
                 for k, v in parameters.items()),
            ),
        ]  # fmt: skip
    parts.append("</body></html>\n")
    target = folder / "index.html"
    target.write_text("\n".join(parts), encoding="utf-8")
    record: dict[str, Any] = dict(summary or {})
    record["notebooks"] = [r.record() for r in results]
    record["problems"] = [
        {"level": p.level, "code": p.code, "what": p.what, "where": p.where, "fix": p.fix}
        for p in problems
    ]
    if parameters is not None:
        record["parameters"] = dict(parameters)
    (folder / "summary.json").write_text(
        json.dumps(record, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    return target
