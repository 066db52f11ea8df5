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

The page speaks the language of the run (``lang``: every heading, label, status word and
box in English or Chinese, from the catalogue ``helpers/locale/<lang>/reports.po``);
``summary.json`` keeps English keys and values, for programs.

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
from helpers.i18n import check_lang, tr
from helpers.lesson import as_of_date
from helpers.schema import DataError, Problem
from helpers.tables import CourseTables
from helpers.theme import compact
from helpers.tooling.runner import NotebookResult, short_error

#: cleaning-report actions shown under "what was derived" rather than "removed or changed"
DERIVED = "derived"
#: the ``lang`` attribute of the page, per course language
HTML_LANG = {"en": "en", "zh": "zh-CN"}


def money(cents: int) -> str:
    """Whole cents as money text with thousands separators.

    >>> money(214644991), money(-5), money(0)
    ('2,146,449.91', '-0.05', '0.00')
    """
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    return f"{sign}{whole:,}.{part:02d}"


def money_text(cents: int, lang: str = "en") -> str:
    """Money for the page: exact to the cent, and in Chinese with 万 / 亿 beside large amounts
    (as the charts and readings write them).

    >>> money_text(214644991), money_text(214644991, "zh"), money_text(99999, "zh")
    ('2,146,449.91', '2,146,449.91（214.6万）', '999.99')
    """
    exact = money(cents)
    if check_lang(lang) == "zh" and abs(cents) >= 1_000_000:
        return tr("{exact} ({short})", lang, domain="reports", context="money", exact=exact,
                  short=compact(cents / 100, lang))  # fmt: skip
    return exact


def total_cents(amounts: pd.Series, lang: str = "en") -> int:
    """The sum of amounts in whole cents, each line rounded to the cent first.

    >>> total_cents(pd.Series([731.9399999999999, 0.1, 0.2]))
    73224
    """
    cents = to_cents(amounts)
    if not np.isfinite(cents).all():
        raise DataError(
            tr("some amounts are missing or not finite after cleaning; the data check lists them",
               lang, domain="reports")
        )  # fmt: skip
    return int(cents.sum())


def data_summary(
    tables: CourseTables, as_of: str | pd.Timestamp | None = None, lang: str = "en"
) -> dict[str, Any]:
    """The facts about the data that the notebooks analyse: the lines before the as-of date.

    Raises :class:`~helpers.schema.DataError` (in ``lang``) when no order line is left to
    analyse.
    """
    day = as_of_date(as_of, tables)
    orders = tables.orders
    analysed = orders[orders["order_date"] < day]
    if analysed.empty:
        raise DataError(
            tr(
                "no order line is dated before the as-of date {day} (the first day not "
                "analysed); the orders run from {first} to {last}. Set as_of in the parameter "
                "file to a later day, or remove it",
                lang,
                domain="reports",
                day=day.strftime("%Y-%m-%d"),
                first=orders["order_date"].min().strftime("%Y-%m-%d"),
                last=orders["order_date"].max().strftime("%Y-%m-%d"),
            )
        )
    cents = total_cents(analysed["revenue"], lang)
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


def _fact_rows(summary: Mapping[str, Any], lang: str = "en") -> list[tuple[str, str]]:
    tables = summary.get("tables") or {}
    yes = (
        tr("yes", lang, domain="reports")
        if summary["has_cost"]
        else tr("no", lang, domain="reports")
    )
    rows = [
        (tr("data", lang, domain="reports", context="fact"), summary["source"]),
        (tr("as-of date (the first day not analysed)", lang, domain="reports"), summary["as_of"]),
        (tr("order lines analysed", lang, domain="reports"), f"{summary['order_lines']:,}"),
        (tr("orders", lang, domain="reports", context="fact"), f"{summary['orders']:,}"),
        (tr("customers", lang, domain="reports", context="fact"), f"{summary['customers']:,}"),
        (tr("first and last order", lang, domain="reports"),
         tr("{first} to {last}", lang, domain="reports", first=summary["first_order"],
            last=summary["last_order"])),
        (tr("revenue", lang, domain="reports", context="fact"),
         money_text(summary["revenue_cents"], lang)),
        (tr("cost known (profit analyses)", lang, domain="reports"), yes),
    ]  # fmt: skip
    if summary.get("lines_from_as_of"):
        rows.append(
            (tr("order lines on or after the as-of date (not analysed)", lang, domain="reports"),
             f"{summary['lines_from_as_of']:,}")
        )  # fmt: skip
    present = _joined(
        [tr("{table} ({n:,} rows)", lang, domain="reports", table=name, n=n)
         for name, n in tables.items()], lang
    )  # fmt: skip
    rows.append((tr("tables", lang, domain="reports"), present or "orders"))
    rows.append(
        (tr("tables the data does not have", lang, domain="reports"),
         _joined(summary["missing_tables"], lang) or tr("none", lang, domain="reports"))
    )  # fmt: skip
    return rows


def _joined(items: Sequence[str], lang: str) -> str:
    """Items joined with the language's list separator (Chinese: the enumeration comma 、)."""
    return ("、" if lang == "zh" else ", ").join(items)


def _element(tag: str, text: str) -> str:
    """``text`` (plain text, escaped here) in an HTML element: ``<h2>``, ``<p>``...

    >>> _element("p", "<b>")
    '<p>&lt;b&gt;</p>'
    """
    return f"<{tag}>{e(text)}</{tag}>"


def _box(problem: Problem, lang: str = "en") -> str:
    """A problem of the data check as a box: what, where, what to do (all escaped).

    >>> _box(Problem("warning", "x", "few <b>rows</b>", "orders"), "zh")[38:]
    '<p><strong>警告：</strong>few &lt;b&gt;rows&lt;/b&gt;</p><p>位置：orders</p></div>'
    """
    where = fix = ""
    if problem.where:
        where_text = short_error(problem.where, 500)
        where = _element("p", tr("Where: {where}", lang, domain="reports", where=where_text))
    if problem.fix:
        fix_text = short_error(problem.fix, 500)
        fix = _element("p", tr("What to do: {fix}", lang, domain="reports", fix=fix_text))
    if problem.level == "error":
        title = tr("Problem:", lang, domain="reports")
    else:
        title = tr("Warning:", lang, domain="reports")
    gap = "" if lang == "zh" else " "  # no space after a Chinese colon
    return (
        f'<div class="box {e(problem.level)}" role="alert"><p><strong>{e(title)}</strong>{gap}'
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


def cleaning_words(lang: str = "en") -> dict[str, str]:
    """The reasons and actions of the cleaning report (:mod:`helpers.cleaning`) in ``lang``.

    The report's own values stay English (they are keys in ``summary.json`` and in the
    cleaning switches); the page shows these words instead. A reason not listed here is
    shown as the report wrote it.

    >>> cleaning_words("zh")["cancellation"]
    '取消的订单'
    """
    return dict(
        [
            ("missing customer id",
             tr("missing customer id", lang, domain="reports", context="cleaning")),
            ("missing order id or product id",
             tr("missing order id or product id", lang, domain="reports", context="cleaning")),
            ("missing date, quantity or amount",
             tr("missing date, quantity or amount", lang, domain="reports", context="cleaning")),
            ("unparseable date or amount",
             tr("unparseable date or amount", lang, domain="reports", context="cleaning")),
            ("implausible date or amount",
             tr("implausible date or amount", lang, domain="reports", context="cleaning")),
            ("cancellation", tr("cancellation", lang, domain="reports", context="cleaning")),
            ("return", tr("return", lang, domain="reports", context="cleaning")),
            ("zero quantity", tr("zero quantity", lang, domain="reports", context="cleaning")),
            ("non-product line",
             tr("non-product line", lang, domain="reports", context="cleaning")),
            ("zero or negative price",
             tr("zero or negative price", lang, domain="reports", context="cleaning")),
            ("exact duplicate", tr("exact duplicate", lang, domain="reports", context="cleaning")),
            ("exact duplicate (kept)",
             tr("exact duplicate (kept)", lang, domain="reports", context="cleaning")),
            ("invoice already in the first sheet",
             tr("invoice already in the first sheet", lang, domain="reports", context="cleaning")),
            ("customer id trimmed or upper-cased",
             tr("customer id trimmed or upper-cased", lang, domain="reports", context="cleaning")),
            ("order id trimmed or upper-cased",
             tr("order id trimmed or upper-cased", lang, domain="reports", context="cleaning")),
            ("product id trimmed or upper-cased",
             tr("product id trimmed or upper-cased", lang, domain="reports", context="cleaning")),
            ("amount text with separators or currency sign",
             tr("amount text with separators or currency sign", lang, domain="reports",
                context="cleaning")),
            ("date written in another format",
             tr("date written in another format", lang, domain="reports", context="cleaning")),
            ("date with a time-zone offset (local date and time kept)",
             tr("date with a time-zone offset (local date and time kept)", lang,
                domain="reports", context="cleaning")),
            ("order id derived: one order per customer and day",
             tr("order id derived: one order per customer and day", lang, domain="reports",
                context="cleaning")),
            ("cost computed as revenue - profit",
             tr("cost computed as revenue - profit", lang, domain="reports", context="cleaning")),
            ("revenue computed as quantity x unit_price",
             tr("revenue computed as quantity x unit_price", lang, domain="reports",
                context="cleaning")),
            ("dropped", tr("dropped", lang, domain="reports", context="cleaning action")),
            ("changed", tr("changed", lang, domain="reports", context="cleaning action")),
            ("flagged", tr("flagged", lang, domain="reports", context="cleaning action")),
            ("derived", tr("derived", lang, domain="reports", context="cleaning action")),
        ]
    )  # fmt: skip


def _cleaning_html(
    records: list[dict[str, Any]], rows_in: int, rows_out: int, lang: str = "en"
) -> str:
    words = cleaning_words(lang)

    def word(value: Any) -> str:
        return e(words.get(str(value), value))

    done = [r for r in records if r.get("action") != DERIVED and r.get("rows")]
    derived = [r for r in records if r.get("action") == DERIVED and r.get("rows")]
    parts = [
        _element("h2", tr("What cleaning removed or changed, and why", lang, domain="reports")),
        _element("p", tr("{rows_in:,} order lines were read and {rows_out:,} kept.", lang,
                         domain="reports", rows_in=rows_in, rows_out=rows_out)),
    ]  # fmt: skip
    if done:
        head = [
            tr("action", lang, domain="reports", context="cleaning table"),
            tr("reason", lang, domain="reports", context="cleaning table"),
            tr("order lines", lang, domain="reports", context="cleaning table"),
            tr("revenue of those lines", lang, domain="reports"),
        ]
        parts.append(
            _table(
                head,
                (
                    [
                        word(r.get("action", "")),
                        word(r.get("reason", "")),
                        f"{int(r['rows']):,}",
                        _money_cell(r.get("revenue"), lang),
                    ]
                    for r in done
                ),
                numeric=(2, 3),
            )  # fmt: skip
        )
    else:
        parts.append(
            _element("p", tr("Cleaning removed or changed no order line.", lang, domain="reports"))
        )
    if derived:
        parts += [
            _element("h2", tr("What was derived", lang, domain="reports")),
            _element("p", tr("Values the data did not have, computed by the stated rule:", lang,
                             domain="reports")),
            _table(
                [tr("what", lang, domain="reports", context="derived table"),
                 tr("order lines", lang, domain="reports", context="cleaning table")],
                ([word(r.get("reason", "")), f"{int(r['rows']):,}"] for r in derived),
                numeric=(1,),
            ),
        ]  # fmt: skip
    return "".join(parts)


def _money_cell(value: Any, lang: str = "en") -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return ""
    return e(money_text(int(to_cents(np.array([float(value)]))[0]), lang))


def status_word(status: str, lang: str = "en") -> str:
    """A notebook's status as the page shows it: ok / failed, 完成 / 失败.

    >>> status_word("ok"), status_word("failed", "zh")
    ('ok', '失败')
    """
    if status == "ok":
        return tr("ok", lang, domain="reports", context="status")
    if status == "failed":
        return tr("failed", lang, domain="reports", context="status")
    return status


def _notebook_rows(
    folder: Path, results: Sequence[NotebookResult], lang: str = "en"
) -> list[list[str]]:
    rows = []
    for r in results:
        name = e(r.notebook)
        if r.html is not None:
            link = quote(r.html.relative_to(folder).as_posix())
            name = f'<a href="{e(link)}">{name}</a>'
        rows.append(
            [name, f'<span class="{e(r.status)}">{e(status_word(r.status, lang))}</span>',
             f"{r.seconds:.1f}", e(short_error(r.error))]
        )  # fmt: skip
    return rows


def write_index(
    folder: Path,
    results: Sequence[NotebookResult],
    *,
    title: str | None = None,
    summary: Mapping[str, Any] | None = None,
    problems: Sequence[Problem] = (),
    parameters: Mapping[str, Any] | None = None,
    notes: Sequence[str] = (),
    lang: str = "en",
) -> Path:
    """Write ``index.html`` and ``summary.json`` into ``folder``; return the page's path.

    ``title`` and ``notes`` are the course's own words, already in ``lang`` (``title``
    defaults to "Course re-run"); ``summary`` comes from :func:`data_summary`,
    ``problems`` from the data check (warnings become boxes at the top), ``parameters``
    are the values every notebook received. ``lang`` is the language of the page.
    """
    folder = Path(folder)
    check_lang(lang)
    if title is None:
        title = tr("Course re-run", lang, domain="reports")
    ok = sum(r.status == "ok" for r in results)
    source = tr(": {source}", lang, domain="reports", context="title",
                source=summary["source"]) if summary else ""  # fmt: skip
    parts = [
        f'<!doctype html>\n<html lang="{HTML_LANG[lang]}"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>",
        _element("h1", title + source),
        _element("p", tr("{ok} of {n} notebooks ran to the end.", lang, domain="reports", ok=ok,
                         n=len(results))),
        *(_box(p, lang) for p in problems),
        *(f'<p class="note">{e(n)}</p>' for n in notes),
        _element("h2", tr("Reports", lang, domain="reports")),
        _table(
            [tr("notebook", lang, domain="reports", context="reports table"),
             tr("status", lang, domain="reports", context="reports table"),
             tr("seconds", lang, domain="reports", context="reports table"),
             tr("problem", lang, domain="reports", context="reports table")],
            _notebook_rows(folder, results, lang),
            numeric=(2,),
        ),
    ]  # fmt: skip
    if summary:
        parts += [
            _element("h2", tr("The data analysed", lang, domain="reports")),
            _table(["", ""], ([e(k), e(v)] for k, v in _fact_rows(summary, lang))),
            _cleaning_html(summary.get("cleaning") or [], summary["rows_in"], summary["rows_out"],
                           lang),
        ]  # fmt: skip
    if parameters:
        parts += [
            _element("h2", tr("Parameters of the run", lang, domain="reports")),
            _table(
                [tr("parameter", lang, domain="reports", context="parameters table"),
                 tr("value", lang, domain="reports", context="parameters table")],
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
