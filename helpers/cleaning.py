"""Clean order lines and report every row that was dropped, changed or derived (数据清洗).

:func:`clean_orders` takes order lines with canonical headers (see
:func:`helpers.loading.map_columns`), parses text amounts and dates, removes the rows
that are not sales (missing customer, returns, non-product lines, zero prices, exact
duplicates, and cancellations where an order-id prefix is declared) and returns
``(clean, report)``. The :class:`CleaningReport` counts rows by reason, keeps the
dropped rows (retrievable with :meth:`CleaningReport.rows`), lists changed values and
says what was derived (order ids of a purchase log, cost from profit). Nothing
disappears silently, and the input frame is never modified.

No rule reads meaning into a value pattern: an order id starting with "C" is a
cancellation only when ``cancellation_prefix="C"`` says so (the UCI data sets declare
it; a parameter file may). Negative quantities are returns. Which rules apply is a
data option (``cleaning``: a preset or switches, see :func:`cleaning_rules`), and
:func:`large_removals` turns any rule that removed more than 5% of the lines or of the
revenue into a warning that names the switch.

>>> raw = pd.DataFrame({
...     "customer_id": ["C1", None, "C2", "C2"],
...     "order_id": ["O1", "O2", "C3", "O4"],
...     "order_date": ["2024-01-05", "2024/1/6", "2024-01-07", "20240108"],
...     "product_id": ["P1", "P1", "P2", "P2"],
...     "quantity": [2, 1, -1, 3],
...     "revenue": ["1,200.00", "5", "-9", "¥30"],
... })
>>> clean, report = clean_orders(raw)
>>> clean["revenue"].tolist()
[1200.0, 30.0]
>>> report.counts("dropped")
{'missing customer id': 1, 'return': 1}
>>> clean_orders(raw, cancellation_prefix="C")[1].counts("dropped")
{'missing customer id': 1, 'cancellation': 1}
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from helpers._aggregate import from_cents, to_cents
from helpers.i18n import check_lang, tr
from helpers.labels import label, translated
from helpers.params import check_data_options, cleaning_switches
from helpers.parsing import TZ_SUFFIX, parse_amount, parse_dates
from helpers.schema import (
    DataError,
    Problem,
    by_distinct_value,
    normalise_ids,
    positions,
    quote_list,
    require_columns,
)

#: stock codes that are not products: postage, fees, manual adjustments, freight...
NON_PRODUCT_CODES = (
    "POST", "DOT", "M", "C2", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS",
    "ADJUST", "ADJUST2", "TEST001", "TEST002", "FREIGHT", "SHIPPING", "运费", "邮费",
)  # fmt: skip
#: code patterns that are not products either: gift vouchers (gift_0001_20), DCGS... lines
NON_PRODUCT_PATTERN = r"(?i)^(?:gift_\d{4}_\d+|DCGS\w*)$"
#: the columns of clean order lines, in order (others follow)
ORDER_COLUMNS = ("customer_id", "order_id", "order_date", "product_id", "quantity", "revenue",
                 "cost")  # fmt: skip
_AMOUNTS = ("quantity", "revenue", "cost", "profit", "unit_price")
#: an amount beyond this (in absolute value) cannot be a sale, and sums of such amounts
#: lose their cents
MAX_AMOUNT = 1e12
#: dates this long before the first 1% of order dates, or after the last 1%, are implausible
FAR_BEFORE = pd.Timedelta(days=3653)
FAR_AFTER = pd.Timedelta(days=366)
#: a cleaning rule that removes more than this share of the lines or of the revenue is
#: shown as a warning
LARGE_SHARE = 0.05

#: the reason each rule gives in the report, and the cleaning switch that turns it off
REASON_SWITCH: dict[str, tuple[str, str] | None] = {
    "missing customer id": None,
    "missing order id or product id": None,
    "missing date, quantity or amount": None,
    "unparseable date or amount": ("bad_values", "stop"),
    "implausible date or amount": ("implausible_values", "stop"),
    "cancellation": ("cancellations", "keep"),
    "return": ("returns", "keep"),
    "zero quantity": ("zero_quantity", "keep"),
    "non-product line": ("non_product", "keep"),
    "zero or negative price": ("zero_price", "keep"),
    "exact duplicate": ("duplicates", "flag"),
}
DERIVED_ORDER_ID = "order id derived: one order per customer and day"
DERIVED_COST = "cost computed as revenue - profit"
DERIVED_REVENUE = "revenue computed as quantity x unit_price"
#: the labels of the report and of the checklist that are not glossary terms. They stay
#: English in the tables (they are keys); each is written here as a tr() call so that it
#: reaches the ``tables`` catalogue, and :mod:`helpers.labels` shows it in the run's
#: language (:meth:`CleaningReport.translated`, ``labels.translated(audit_orders(...))``)
TABLE_LABELS = (
    # reasons a line is dropped, flagged, changed or derived
    tr("missing order id or product id", domain="tables"),
    tr("missing date, quantity or amount", domain="tables"),
    tr("unparseable date or amount", domain="tables"),
    tr("implausible date or amount", domain="tables"),
    tr("zero quantity", domain="tables"),
    tr("exact duplicate (kept)", domain="tables"),
    tr("customer id trimmed or upper-cased", domain="tables"),
    tr("order id trimmed or upper-cased", domain="tables"),
    tr("product id trimmed or upper-cased", domain="tables"),
    tr("amount text with separators or currency sign", domain="tables"),
    tr("date written in another format", domain="tables"),
    tr("date with a time-zone offset (local date and time kept)", domain="tables"),
    tr("order id derived: one order per customer and day", domain="tables"),
    tr("cost computed as revenue - profit", domain="tables"),
    tr("revenue computed as quantity x unit_price", domain="tables"),
    # what happened to the lines of a reason
    tr("dropped", domain="tables"),
    tr("changed", domain="tables"),
    tr("flagged", domain="tables"),
    tr("derived", domain="tables"),
    # rows of the checklist (audit_orders)
    tr("rows", domain="tables"),
    tr("cancellation orders", domain="tables"),
    tr("cancellation rows", domain="tables"),
    tr("negative quantity", domain="tables"),
    tr("negative quantity, not cancellation", domain="tables"),
    tr("zero price", domain="tables"),
    tr("negative price", domain="tables"),
    tr("exact duplicate rows", domain="tables"),
    tr("non-product rows", domain="tables"),
    tr("missing product name", domain="tables"),
)


def _money(values: pd.Series) -> float:
    """A sum of money in whole cents (the course's one rule for totals); non-finite left out."""
    cents = to_cents(values)
    return float(from_cents(cents[np.isfinite(cents)].sum()))


@dataclass
class CleaningReport:
    """What :func:`clean_orders` did: rows in/out, counts by reason, dropped and changed rows.

    ``summary`` has one row per check (reason, action "dropped"/"changed"/"flagged"/
    "derived", rows, revenue of those rows summed in cents); ``dropped`` holds the
    dropped input rows unchanged, with their input position ``row`` and ``reason``;
    ``changed`` lists changed values (row, column, reason, before, after);
    ``absolute_revenue_in`` is the revenue of every line read, in absolute value (the
    base of the shares :func:`large_removals` reports).

    >>> report = CleaningReport.unchanged(3)
    >>> report.rows_in, report.rows_out, report.counts()
    (3, 3, {})
    """

    rows_in: int
    rows_out: int
    summary: pd.DataFrame
    dropped: pd.DataFrame = field(repr=False)
    changed: pd.DataFrame = field(repr=False)
    absolute_revenue_in: float | None = field(default=None, repr=False)
    #: the language the report is printed and displayed in (:meth:`translated`)
    lang: str = field(default="en", repr=False, compare=False)

    @classmethod
    def unchanged(cls, n_rows: int) -> CleaningReport:
        """A report for data that needed no cleaning."""
        return cls(
            rows_in=n_rows,
            rows_out=n_rows,
            summary=pd.DataFrame(
                {
                    "reason": pd.Series(dtype="str"),
                    "action": pd.Series(dtype="str"),
                    "rows": pd.Series(dtype="int64"),
                    "revenue": pd.Series(dtype="float64"),
                }
            ),  # fmt: skip
            dropped=pd.DataFrame(
                {"row": pd.Series(dtype="int64"), "reason": pd.Series(dtype="str")}
            ),
            changed=pd.DataFrame(columns=["row", "column", "reason", "before", "after"]),
        )

    def counts(self, action: str | None = None) -> dict[str, int]:
        """Rows per reason (only reasons that touched at least one row)."""
        s = self.summary
        if action is not None:
            s = s[s["action"] == action]
        s = s[s["rows"] > 0]
        return dict(zip(s["reason"], s["rows"].astype(int).tolist(), strict=True))

    @property
    def derived(self) -> dict[str, int]:
        """What was derived rather than read, with the rows concerned.

        >>> log = pd.DataFrame({"customer_id": ["A", "A"], "order_date": ["2024-01-05"] * 2,
        ...                     "quantity": [1, 2], "revenue": [3.0, 4.0]})
        >>> clean_orders(log)[1].derived
        {'order id derived: one order per customer and day': 2}
        """
        return self.counts("derived")

    @property
    def rows_dropped(self) -> int:
        """Number of input rows not in the clean table."""
        return self.rows_in - self.rows_out

    def rows(self, reason: str) -> pd.DataFrame:
        """The dropped input rows for one reason (as they were in the input)."""
        known = set(self.summary["reason"])
        if reason not in known:
            raise KeyError(f"no cleaning reason {reason!r}; reasons are {sorted(known)}")
        return self.dropped[self.dropped["reason"] == reason]

    def translated(self, lang: str) -> CleaningReport:
        """The same report, printed and displayed in ``lang`` (its tables keep their
        English reasons: they are keys).

        >>> raw = pd.DataFrame({"customer_id": ["C1", "C1"], "order_id": ["O1", "R2"],
        ...     "order_date": ["2024-01-05", "2024-01-06"], "product_id": ["P1", "P1"],
        ...     "quantity": [2, -1], "revenue": [10.0, -5.0]})
        >>> report = clean_orders(raw)[1]
        >>> text = str(report.translated("zh")).splitlines()
        >>> text[0]
        '读入 2 行，保留 1 行，删除 1 行'
        >>> text[4]
        '  删除             1  退货'
        >>> str(report.translated("en")) == str(report)
        True
        """
        return replace(self, lang=check_lang(lang))

    def __str__(self) -> str:
        lang = self.lang
        lines = [tr("rows in: {rows_in:,}  rows out: {rows_out:,}  dropped: {dropped:,}", lang,
                    domain="tables", rows_in=self.rows_in, rows_out=self.rows_out,
                    dropped=self.rows_dropped)]  # fmt: skip
        summary = translated(self.summary, lang, columns=["reason", "action"], index=False)
        for r in summary.itertuples():
            lines.append(f"  {_padded(r.action, 8)} {r.rows:>9,}  {r.reason}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        lang = self.lang
        head = tr("rows in: {rows_in:,}; rows out: {rows_out:,}; dropped: {dropped:,}", lang,
                  domain="tables", rows_in=self.rows_in, rows_out=self.rows_out,
                  dropped=self.rows_dropped)  # fmt: skip
        summary = self.summary
        if lang != "en":
            headers = {
                "reason": tr("reason", lang, context="cleaning", domain="tables"),
                "action": tr("action", lang, context="cleaning", domain="tables"),
                "rows": tr("rows", lang, domain="tables"),
                "revenue": label("revenue", lang),
            }
            summary = translated(summary, lang, columns=["reason", "action"], index=False)
            summary = summary.rename(columns=headers)
        return f"<p>{html.escape(head)}</p>" + summary.to_html(index=False)


def _padded(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` columns (a Chinese character takes two)."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
    return text + " " * max(width - len(text) - wide, 0)


def cleaning_rules(options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The :func:`clean_orders` keywords for data options (``cleaning`` and the reading options).

    ``cleaning`` is a preset (``"course"``, ``"uci"``) or a mapping of switches, optionally
    with a ``preset``; see :data:`helpers.params.CLEANING_SWITCHES`. An order-id prefix for
    cancellations comes from the ``cancellation_prefix`` option when it is given, else
    from the preset ("uci" declares "C"), else there is none.

    >>> rules = cleaning_rules({"cleaning": {"preset": "uci", "duplicates": "drop"}})
    >>> rules["cancellation_prefix"], rules["duplicates"], rules["non_product"]
    ('C', 'drop', None)
    >>> cleaning_rules({"cleaning": "uci", "cancellation_prefix": None})["cancellation_prefix"]
    >>> cleaning_rules(None)["cancellation_prefix"] is None
    True
    """
    given = dict(options or {})
    opts = check_data_options(given)
    switches = cleaning_switches(opts["cleaning"])
    if "cancellation_prefix" in given:
        prefix = opts["cancellation_prefix"]
    else:
        prefix = switches.get("cancellation_prefix")
    stop = {"stop": "raise", "drop": "drop"}
    return {
        "cancellation_prefix": prefix,
        "cancellations": switches["cancellations"],
        "returns": switches["returns"],
        "zero_quantity": switches["zero_quantity"],
        "non_product": NON_PRODUCT_CODES if switches["non_product"] == "drop" else None,
        "zero_price": switches["zero_price"],
        "duplicates": switches["duplicates"],
        "bad_values": stop[switches["bad_values"]],
        "implausible_values": stop[switches["implausible_values"]],
        "dayfirst": opts["dayfirst"],
        "decimal": opts["decimal"],
        "id_case": opts["id_case"],
        "id_leading_zeros": opts["id_leading_zeros"],
    }


def _is_text(s: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(s) or s.dtype == object


class _Steps:
    """What parsing changed or derived: (reason, action, column, rows, values before)."""

    def __init__(self, index: pd.Index) -> None:
        self.index = index
        self.items: list[tuple[str, str, str, pd.Series, pd.Series]] = []

    def add(self, reason: str, action: str, column: str, mask, before) -> None:
        mask = pd.Series(mask, index=self.index).fillna(False).astype(bool)
        self.items.append((reason, action, column, mask, pd.Series(before, index=self.index)))


def _parse(
    orders: pd.DataFrame,
    *,
    dayfirst: bool | None,
    bad_values: str,
    decimal: str | None,
    id_case: str,
    id_leading_zeros: str,
):
    """Parse the canonical columns; return (work, steps, bad) without dropping anything."""
    if not isinstance(orders, pd.DataFrame):
        raise DataError(f"orders: expected a pandas DataFrame, got {type(orders).__name__}")
    required = ["customer_id", "order_date", "quantity", "revenue"]
    if "revenue" not in orders.columns and {"quantity", "unit_price"} <= set(orders.columns):
        required.remove("revenue")
    require_columns(orders, required, table="orders")
    if len(orders) == 0:
        raise DataError(
            tr("orders table is empty (0 rows)", None, domain="datacheck"),
            code="no_rows",
            fix=tr("load a file that has order lines", None, domain="datacheck"),
        )
    work = orders.reset_index(drop=True)  # copy on write: the input is never changed
    steps = _Steps(work.index)
    bad = pd.Series(False, index=work.index)

    for col in ("customer_id", "order_id", "product_id"):
        if col not in work.columns:
            continue
        before = work[col]
        after = normalise_ids(before, case=id_case, leading_zeros=id_leading_zeros)
        diff = (after.notna() & (before != after)) if _is_text(before) else False
        steps.add(f"{col.replace('_', ' ')} trimmed or upper-cased", "changed", col, diff, before)
        work[col] = after

    for col in [c for c in _AMOUNTS if c in work.columns]:
        before = work[col]
        parsed = parse_amount(before, column=col, errors=bad_values_mode(bad_values),
                              decimal=decimal)  # fmt: skip
        if _is_text(before):
            marks = by_distinct_value(before, _amount_marks)
            fancy, given = marks["fancy"], marks["given"]
            col_bad = given & parsed.isna()
        else:
            given = before.notna()
            fancy = col_bad = pd.Series(False, index=work.index)
        steps.add("amount text with separators or currency sign", "changed", col, fancy, before)
        if given.any() and col_bad[given].all():
            raise DataError(
                tr(
                    "column {col!r} does not hold numbers (e.g. {examples})",
                    None,
                    domain="datacheck",
                    col=col,
                    examples=quote_list(before[given].head(20)),
                ),
                code="not_numbers",
                fix=tr(
                    "map the right column to {col!r}, e.g. column_mapping={{'<header>': {col!r}}}",
                    None,
                    domain="datacheck",
                    col=col,
                ),
            )
        bad |= col_bad
        work[col] = parsed

    if "revenue" not in work.columns:
        work["revenue"] = (work["quantity"] * work["unit_price"]).round(2)
        steps.add(DERIVED_REVENUE, "derived", "revenue", work["revenue"].notna(), np.nan)
    if "profit" in work.columns:
        if "cost" not in work.columns:
            work["cost"] = work["revenue"] - work["profit"]
            steps.add(DERIVED_COST, "derived", "cost", work["cost"].notna(), np.nan)
        work = work.drop(columns="profit")

    before = work["order_date"]
    if _is_text(before):
        read = by_distinct_value(before, lambda distinct: _date_marks(distinct, dayfirst))
        given, zoned, iso, dates = read["given"], read["zoned"], read["iso"], read["date"]
    else:  # dates or numbers already: nothing was rewritten
        given = before.notna()
        zoned = pd.Series(False, index=work.index)
        iso = pd.Series(True, index=work.index)
        dates = parse_dates(before, column="order_date", dayfirst=dayfirst, errors="coerce")
    date_bad = given & dates.isna()
    if given.any() and date_bad[given].all():
        raise DataError(
            tr(
                "column 'order_date' does not parse as dates: none of its {n:,} values is a "
                "date in a known format (e.g. {examples})",
                None,
                domain="datacheck",
                n=int(given.sum()),
                examples=quote_list(before[given].head(20)),
            ),
            code="not_dates",
            fix=tr(
                "map the right column to 'order_date', or write the dates as YYYY-MM-DD",
                None,
                domain="datacheck",
            ),
        )
    if date_bad.any() and bad_values == "raise":
        parse_dates(before, column="order_date", dayfirst=dayfirst, errors="raise")
    steps.add("date written in another format", "changed", "order_date",
              given & ~iso & ~zoned & dates.notna(), before)  # fmt: skip
    steps.add("date with a time-zone offset (local date and time kept)", "changed",
              "order_date", zoned & dates.notna(), before)  # fmt: skip
    bad |= date_bad
    work["order_date"] = dates

    if "order_id" not in work.columns:
        known = work["customer_id"].notna() & dates.notna()
        day = dates.dt.strftime("%Y-%m-%d")
        work["order_id"] = (work["customer_id"] + "@" + day).where(known)
        steps.add(DERIVED_ORDER_ID, "derived", "order_id", known, np.nan)
    return work, steps, bad


def _amount_marks(values: pd.Series) -> pd.DataFrame:
    """Per amount text: ``fancy`` (separators or a currency sign to remove), ``given``."""
    text = values.astype("str")
    return pd.DataFrame(
        {
            "fancy": text.str.contains(r"[,¥￥$£€(']|RMB|CNY|元", regex=True).fillna(False),
            "given": values.notna() & text.str.strip().ne(""),
        }
    )


def _date_marks(values: pd.Series, dayfirst: bool | None) -> pd.DataFrame:
    """Per date text: ``given``, ``zoned`` (a time-zone suffix), ``iso`` (already
    YYYY-MM-DD) and the ``date`` read (NaT where none)."""
    text = values.astype("str").str.strip()
    given = values.notna() & text.ne("")
    return pd.DataFrame(
        {
            "given": given,
            "zoned": given & text.str.contains(TZ_SUFFIX, regex=True).fillna(False),
            "iso": text.str.fullmatch(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?").fillna(False),
            "date": parse_dates(values, column="order_date", dayfirst=dayfirst, errors="coerce"),
        }
    )


def bad_values_mode(bad_values: str) -> str:
    """ "raise" (also written "stop") or "coerce" for the parsers, from a cleaning choice."""
    if bad_values not in ("raise", "stop", "drop"):
        raise DataError(f"bad_values must be 'raise' or 'drop', not {bad_values!r}")
    return "coerce" if bad_values == "drop" else "raise"


def usual_dates(dates, counts=None) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first 1% and the last 1% of the order dates (the dates at those ranks), from
    which :func:`implausible_rows` measures; None for fewer than two dates.

    ``counts`` gives how many lines each of ``dates`` stands for, so the ranks can be
    found from the distinct dates of a file read in batches.

    >>> days = pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"])
    >>> usual_dates(days)[1] == usual_dates(days[[0, 2, 1]], counts=[1, 1, 1])[1]
    True
    """
    values = pd.Series(dates).dropna() if counts is None else pd.Series(dates)
    if counts is not None:
        weights = pd.Series(np.asarray(counts, dtype=np.int64), index=values.index)
        known = values.notna() & (weights > 0)
        values, weights = values[known], weights[known]
        n = int(weights.sum())
    else:
        n = len(values)
    if n < 2:
        return None
    ranks = [int(np.ceil(0.01 * (n - 1))), int(np.floor(0.99 * (n - 1)))]
    if counts is None:
        low, high = np.partition(values.to_numpy(), ranks)[ranks]
    else:
        order = np.argsort(values.to_numpy(), kind="stable")
        ends = np.cumsum(weights.to_numpy()[order])  # the last rank each distinct date holds
        low, high = values.to_numpy()[order][np.searchsorted(ends, np.array(ranks), "right")]
    return pd.Timestamp(low), pd.Timestamp(high)


def implausible_rows(
    work: pd.DataFrame, *, bounds: tuple[pd.Timestamp, pd.Timestamp] | None = None
) -> tuple[pd.Series, pd.Series]:
    """Masks of lines with implausible dates and with implausible amounts.

    A date is implausible when it lies more than ten years before the first 1% of the
    order dates, or more than a year after the last 1% (a 1900 or 2099 typo among the
    real dates; see :func:`usual_dates`, or pass its ``bounds`` for the whole file when
    ``work`` is one batch of it); an amount when it is not finite (inf) or beyond
    :data:`MAX_AMOUNT`.

    >>> w = pd.DataFrame({"order_date": pd.to_datetime(["2024-01-02", "2024-03-04",
    ...     "2099-01-01", "1900-01-01"]), "quantity": [1, 1, 1, 1],
    ...     "revenue": [5.0, np.inf, 2.0, 1e308]})
    >>> [m.tolist() for m in implausible_rows(w)]
    [[False, False, True, True], [False, True, False, True]]
    """
    dates = work["order_date"]
    late = early = pd.Series(False, index=work.index)
    if bounds is None:
        bounds = usual_dates(dates)
    if bounds is not None:
        low, high = bounds
        early = (dates < pd.Timestamp(low) - FAR_BEFORE).fillna(False)
        late = (dates > pd.Timestamp(high) + FAR_AFTER).fillna(False)
    amounts = pd.Series(False, index=work.index)
    for col in [c for c in _AMOUNTS if c in work.columns]:
        v = work[col].to_numpy(dtype=np.float64, na_value=np.nan)
        amounts |= np.isinf(v) | (np.abs(np.nan_to_num(v)) > MAX_AMOUNT)
    return (early | late).astype(bool), amounts.astype(bool)


def _implausible_error(work: pd.DataFrame, dates: pd.Series, amounts: pd.Series) -> DataError:
    problems = []
    fix = tr(
        "correct those lines in the source, or set the data option {option} to drop them (the "
        "cleaning report lists them)",
        None,
        domain="datacheck",
        option="cleaning: {implausible_values: drop}",
    )
    if dates.any():
        rest = work.loc[~dates, "order_date"]
        problems.append(Problem(
            "error", "implausible_dates",
            tr(
                "{n:,} order lines are dated {examples}, decades before or far after the "
                "other order dates ({first} to {last})", None, domain="datacheck",
                n=int(dates.sum()),
                examples=quote_list(work.loc[dates, "order_date"].dt.strftime("%Y-%m-%d")),
                first=format(rest.min(), "%Y-%m-%d"), last=format(rest.max(), "%Y-%m-%d"),
            ),
            positions(dates), fix,
        ))  # fmt: skip
    if amounts.any():
        cols = [c for c in _AMOUNTS if c in work.columns]
        values = work.loc[amounts, cols].to_numpy(dtype=np.float64, na_value=np.nan).ravel()
        odd = [v for v in values if not np.isfinite(v) or abs(v) > MAX_AMOUNT]
        problems.append(
            Problem(
                "error",
                "extreme_amounts",
                tr(
                    "{n:,} order lines have amounts that are not finite or too large to be a "
                    "sale ({examples}); totals would be infinite or lose their cents",
                    None,
                    domain="datacheck",
                    n=int(amounts.sum()),
                    examples=quote_list(f"{v:g}" for v in odd),
                ),
                positions(amounts),
                fix,
            )
        )
    first = problems[0]
    return DataError(first.what, code=first.code, where=first.where, fix=first.fix,
                     problems=problems)  # fmt: skip


def clean_orders(
    orders: pd.DataFrame,
    *,
    cancellation_prefix: str | None = None,
    cancellations: str = "drop",
    returns: str = "drop",
    allow_negative_quantity: bool = True,
    zero_quantity: str = "drop",
    non_product: Iterable[str] | None = NON_PRODUCT_CODES,
    non_product_pattern: str | None = NON_PRODUCT_PATTERN,
    zero_price: str = "drop",
    duplicates: str = "drop",
    unique_key: Sequence[str] | str | None = None,
    bad_values: str = "raise",
    implausible_values: str = "raise",
    dayfirst: bool | None = None,
    decimal: str | None = None,
    id_case: str = "upper",
    id_leading_zeros: str = "keep",
    date_bounds: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> tuple[pd.DataFrame, CleaningReport]:
    """Clean order lines; return the clean table and a :class:`CleaningReport`.

    Values are parsed first (ids by the one id rule, :func:`helpers.schema.normalise_ids`;
    amounts from text at full precision, with the ``decimal`` mark; dates from mixed
    formats; each change is reported). Then what is missing is derived and reported:
    revenue from quantity x unit_price, cost from revenue - profit, and for a purchase
    log without order ids one order per customer and day. Then rows are dropped, each
    for the first reason that applies, in this order: missing customer id; missing
    order or product id (when the column exists); missing date, quantity or amount;
    unparseable value (``bad_values="drop"``); implausible date or amount
    (``implausible_values="drop"``, see :func:`implausible_rows`); cancellation (order id
    starting with ``cancellation_prefix``, when one is declared); return (negative
    quantity); zero quantity; non-product line (``non_product`` codes,
    case-insensitive, or codes matching ``non_product_pattern``); zero or negative price
    (unit price, or revenue when there is no unit price); exact duplicate (all columns
    equal, first kept).

    Options: ``cancellations``/``returns``/``zero_quantity``/``zero_price`` = "drop" or
    "keep"; ``duplicates`` = "drop" or "flag" (kept and counted; "keep" means the same);
    ``allow_negative_quantity=False`` raises on negative quantities instead of treating
    them as returns; ``unique_key`` (e.g. ``["order_id", "product_id"]``) raises when
    rows share the key with different quantity or revenue; ``bad_values`` and
    ``implausible_values`` = "raise" or "drop"; ``dayfirst`` for dates like 05/01/2023;
    ``id_case`` and ``id_leading_zeros`` for the id rule; ``date_bounds`` the usual dates
    of the whole file when ``orders`` is one batch of it (see :func:`usual_dates`).
    :func:`cleaning_rules` turns data options into these keywords.

    >>> raw = pd.DataFrame({"customer_id": ["C1", "C1"], "order_id": ["O1", "O1"],
    ...     "order_date": ["2024-01-05"] * 2, "product_id": ["P1", "P1"],
    ...     "quantity": [1, 1], "revenue": [5.0, 5.0]})
    >>> clean, report = clean_orders(raw)
    >>> len(clean), report.counts(), len(report.rows("exact duplicate"))
    (1, {'exact duplicate': 1}, 1)
    """
    if duplicates == "keep":
        duplicates = "flag"
    for name, value, allowed in (
        ("cancellations", cancellations, ("drop", "keep")),
        ("returns", returns, ("drop", "keep")),
        ("zero_quantity", zero_quantity, ("drop", "keep")),
        ("zero_price", zero_price, ("drop", "keep")),
        ("duplicates", duplicates, ("drop", "flag")),
    ):
        if value not in allowed:
            raise DataError(f"{name} must be {' or '.join(map(repr, allowed))}, not {value!r}")
    implausible_mode = bad_values_mode(implausible_values)
    if cancellation_prefix is not None and not str(cancellation_prefix).strip():
        raise DataError("cancellation_prefix must be some text (such as 'C') or None")
    work, steps, bad = _parse(
        orders,
        dayfirst=dayfirst,
        bad_values=bad_values,
        decimal=decimal,
        id_case=id_case,
        id_leading_zeros=id_leading_zeros,
    )
    n = len(work)
    odd_dates, odd_amounts = implausible_rows(work, bounds=date_bounds)
    odd = (odd_dates | odd_amounts) & ~bad
    if implausible_mode == "raise" and odd.any():
        raise _implausible_error(work, odd_dates & ~bad, odd_amounts & ~bad)

    drops: list[tuple[str, pd.Series]] = [("missing customer id", work["customer_id"].isna())]
    ids = [c for c in ("order_id", "product_id") if c in orders.columns]
    drops.append(("missing order id or product id", work[ids].isna().any(axis=1) & ~bad))
    missing = (
        work["order_date"].isna() | work["quantity"].isna() | work["revenue"].isna()
    ) & ~bad  # fmt: skip
    drops.append(("missing date, quantity or amount", missing))
    if bad_values == "drop":
        drops.append(("unparseable date or amount", bad))
    if implausible_mode == "coerce":
        drops.append(("implausible date or amount", odd))
    cancel = pd.Series(False, index=work.index)
    if cancellation_prefix is not None:
        prefix = normalise_ids([cancellation_prefix], case=id_case).iloc[0]
        cancel = work["order_id"].str.startswith(prefix).fillna(False).astype(bool)
        if cancellations == "drop":
            drops.append(("cancellation", cancel))
    negative = (work["quantity"] < 0).fillna(False) & ~cancel
    if not allow_negative_quantity and negative.any():
        raise DataError(
            tr(
                "column 'quantity': {n:,} rows have a negative quantity (row positions "
                "{rows}), but allow_negative_quantity=False says that cannot happen",
                None,
                domain="datacheck",
                n=int(negative.sum()),
                rows=np.flatnonzero(negative.to_numpy())[:5].tolist(),
            ),
            code="negative_quantity",
            fix=tr(
                "they are usually returns: pass allow_negative_quantity=True to drop them "
                "as returns (the report lists them), or correct the quantities in the source",
                None,
                domain="datacheck",
            ),
        )
    if returns == "drop":
        drops.append(("return", negative))
    if zero_quantity == "drop":
        drops.append(("zero quantity", (work["quantity"] == 0).fillna(False)))
    if non_product and "product_id" in work.columns:
        is_np = _non_product(work["product_id"], non_product, non_product_pattern)
        drops.append(("non-product line", is_np))
    price = work["unit_price"] if "unit_price" in work.columns else work["revenue"]
    nonpos = (price <= 0).fillna(False) & (work["quantity"] > 0).fillna(False)
    if zero_price == "drop":
        drops.append(("zero or negative price", nonpos))

    keep = pd.Series(True, index=work.index)
    dropped_reason = pd.Series(pd.NA, index=work.index, dtype="object")
    summary_rows = []
    revenue = work["revenue"]
    for reason, mask in drops:
        hit = mask.fillna(False).astype(bool) & keep
        dropped_reason[hit] = reason
        keep &= ~hit
        summary_rows.append((reason, "dropped", int(hit.sum()), _money(revenue[hit])))
    dup = exact_duplicates(work) & keep
    if duplicates == "drop":
        dropped_reason[dup] = "exact duplicate"
        keep &= ~dup
        summary_rows.append(("exact duplicate", "dropped", int(dup.sum()), _money(revenue[dup])))
    else:
        summary_rows.append(
            ("exact duplicate (kept)", "flagged", int(dup.sum()), _money(revenue[dup]))
        )

    clean = work.loc[keep]
    if unique_key is not None:
        _check_unique_key(clean, unique_key)

    change_rows = []
    for reason, action, col, mask, before in steps.items:
        summary_rows.append((reason, action, int(mask.sum()), _money(revenue[mask])))
        if mask.any() and action == "changed":
            change_rows.append(
                pd.DataFrame(
                    {
                        "row": np.flatnonzero(mask.to_numpy()),
                        "column": col,
                        "reason": reason,
                        "before": before[mask].astype("str").to_numpy(),
                        "after": work.loc[mask, col].astype("str").to_numpy(),
                    }
                )
            )
    summary = pd.DataFrame(summary_rows, columns=["reason", "action", "rows", "revenue"])
    summary = summary.groupby(["reason", "action"], sort=False, as_index=False)[
        ["rows", "revenue"]
    ].sum()
    drop_pos = np.flatnonzero((~keep).to_numpy())
    dropped = orders.iloc[drop_pos].copy()
    dropped.insert(0, "reason", dropped_reason.iloc[drop_pos].astype("str").to_numpy())
    dropped.insert(0, "row", drop_pos)
    dropped = dropped.reset_index(drop=True)
    changed = (
        pd.concat(change_rows, ignore_index=True)
        if change_rows
        else CleaningReport.unchanged(0).changed
    )

    clean = _order_columns(clean)
    absolute = _money(revenue.abs())
    report = CleaningReport(n, len(clean), summary, dropped, changed, absolute)
    return clean, report


def exact_duplicates(work: pd.DataFrame) -> pd.Series:
    """``work.duplicated(keep="first")`` (every column equal, the first line kept), found
    faster: only lines that share their ids can be duplicates, and few lines do.

    >>> w = pd.DataFrame({"order_id": ["O1", "O1", "O1"], "product_id": ["P1", "P1", "P2"],
    ...                   "revenue": [5.0, 5.0, 5.0]})
    >>> exact_duplicates(w).tolist()
    [False, True, False]
    """
    key = [c for c in ("order_id", "product_id", "customer_id") if c in work.columns][:2]
    if not key:
        return work.duplicated(keep="first")
    found = pd.Series(False, index=work.index)
    maybe = work.duplicated(subset=key, keep=False).to_numpy()
    if maybe.any():
        found[maybe] = work.loc[maybe].duplicated(keep="first").to_numpy()
    return found


def large_removals(report: CleaningReport, *, share: float = LARGE_SHARE) -> list[Problem]:
    """A warning for each cleaning rule that removed more than ``share`` of the lines or of
    the revenue: the rule, the count, and the switch that turns it off.

    >>> raw = pd.DataFrame({"customer_id": ["A"] * 10, "order_id": [f"O{i}" for i in range(10)],
    ...     "order_date": ["2024-01-05"] * 10, "product_id": ["P1"] * 10,
    ...     "quantity": [1] * 9 + [-1], "revenue": [10.0] * 9 + [-10.0]})
    >>> [p.line for p in large_removals(clean_orders(raw)[1])]  # doctest: +NORMALIZE_WHITESPACE
    ["warning: the cleaning rule 'return' removed 1 of 10 order lines (10.0%), holding 10.0%
    of the amount of all lines read. Fix: if those lines are sales, set the data option
    cleaning: {returns: keep}"]
    """
    if report.rows_in == 0:
        return []
    total = report.absolute_revenue_in
    found = []
    for r in report.summary[report.summary["action"] == "dropped"].itertuples():
        line_share = r.rows / report.rows_in
        money_share = abs(r.revenue) / total if total else 0.0
        if r.rows == 0 or (line_share <= share and money_share <= share):
            continue
        switch = REASON_SWITCH.get(r.reason)
        if switch is None:
            fix = tr(
                "lines without a customer, an id, a date, a quantity or an amount cannot be "
                "analysed: fill them in at the source if they are sales, or map the right "
                "columns",
                None,
                domain="datacheck",
            )
        else:
            fix = tr(
                "if those lines are sales, set the data option cleaning: {{{name}: {value}}}",
                None,
                domain="datacheck",
                name=switch[0],
                value=switch[1],
            )
            if r.reason == "cancellation":
                fix += tr(
                    ", or set cancellation_prefix: null if order ids starting with that text "
                    "are not cancellations",
                    None,
                    domain="datacheck",
                )
        found.append(
            Problem(
                "warning",
                "rule_removes_many",
                tr(
                    "the cleaning rule {reason!r} removed {rows:,} of {total:,} order lines "
                    "({line_share:.1%}), holding {money_share:.1%} of the amount of all lines read",
                    None,
                    domain="datacheck",
                    reason=r.reason,
                    rows=int(r.rows),
                    total=report.rows_in,
                    line_share=line_share,
                    money_share=money_share,
                ),
                fix=fix,
            )
        )
    return found


def _non_product(codes: pd.Series, non_product: Iterable[str], pattern: str | None) -> pd.Series:
    upper = codes.str.upper()
    hit = upper.isin({str(c).upper() for c in non_product})
    if pattern:
        hit |= codes.str.contains(pattern, regex=True)
    return hit.fillna(False).astype(bool)


def _order_columns(clean: pd.DataFrame) -> pd.DataFrame:
    q = clean["quantity"]
    if (q == q.round()).all():
        clean = clean.assign(quantity=q.astype("int64"))
    first = [c for c in ORDER_COLUMNS if c in clean.columns]
    rest = [c for c in clean.columns if c not in first]
    return clean[first + rest].reset_index(drop=True)


def _check_unique_key(clean: pd.DataFrame, unique_key: Sequence[str] | str) -> None:
    key = [unique_key] if isinstance(unique_key, str) else list(unique_key)
    require_columns(clean, key, table="orders", purpose="the unique_key check")
    values = [c for c in ("quantity", "revenue") if c in clean.columns]
    distinct = clean.drop_duplicates(key + values)
    conflict = distinct.duplicated(key, keep=False)
    if conflict.any():
        examples = distinct.loc[conflict, key + values].head(4)
        n_keys = len(distinct.loc[conflict, key].drop_duplicates())
        raise DataError(
            f"{n_keys:,} {'/'.join(key)} values appear more than once with different "
            f"{' or '.join(values)} ({int(conflict.sum()):,} rows), e.g.\n"
            f"{examples.to_string(index=False)}\n"
            "Decide which row is right and fix the source, or, if the same key may "
            "legitimately repeat (several lines per order), pass unique_key=None or a "
            "longer key such as ['order_id', 'product_id']."
        )


def audit_orders(
    orders: pd.DataFrame,
    *,
    cancellation_prefix: str | None = None,
    non_product: Iterable[str] = NON_PRODUCT_CODES,
    non_product_pattern: str | None = NON_PRODUCT_PATTERN,
    decimal: str | None = None,
    dayfirst: bool | None = None,
) -> pd.Series:
    """Count each data problem on its own (a row may have several), before any cleaning.

    Unlike the cleaning report, whose reasons are exclusive and applied in order, this
    is a checklist of the raw data. Cancellations are counted only when
    ``cancellation_prefix`` declares them (zero otherwise).

    >>> raw = pd.DataFrame({"customer_id": [None, "C1", "C1"], "order_id": ["O1", "C2", "C2"],
    ...     "order_date": ["2024-01-05"] * 3, "product_id": ["P1", "P2", "P2"],
    ...     "quantity": [1, -2, -2], "revenue": [5.0, -4.0, -4.0]})
    >>> audit_orders(raw, cancellation_prefix="C")[["rows", "missing customer id",
    ...     "cancellation rows", "exact duplicate rows"]].tolist()
    [3, 1, 2, 1]
    >>> int(audit_orders(raw)["cancellation rows"])
    0
    """
    work, _, _ = _parse(orders, dayfirst=dayfirst, bad_values="drop", decimal=decimal,
                        id_case="upper", id_leading_zeros="keep")  # fmt: skip
    if cancellation_prefix is not None:
        prefix = str(cancellation_prefix).strip().upper()
        cancel = work["order_id"].str.startswith(prefix).fillna(False).astype(bool)
    else:
        cancel = pd.Series(False, index=work.index)
    price = work["unit_price"] if "unit_price" in work.columns else work["revenue"]
    has_products = "product_id" in work.columns
    out = {
        "rows": len(work),
        "customers": int(work["customer_id"].nunique()),
        "missing customer id": int(work["customer_id"].isna().sum()),
        "cancellation orders": int(work.loc[cancel, "order_id"].nunique()),
        "cancellation rows": int(cancel.sum()),
        "negative quantity": int((work["quantity"] < 0).sum()),
        "negative quantity, not cancellation": int(((work["quantity"] < 0) & ~cancel).sum()),
        "zero price": int((price == 0).sum()),
        "negative price": int((price < 0).sum()),
        "exact duplicate rows": int(work.duplicated().sum()),
        "non-product rows": int(
            _non_product(work["product_id"], non_product, non_product_pattern).sum()
        )
        if has_products
        else 0,
    }
    if "product_name" in work.columns:
        out["missing product name"] = int(work["product_name"].isna().sum())
    return pd.Series(out, name="rows")
