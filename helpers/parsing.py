"""Values from text: amounts, dates and yes/no answers, with errors that say how to fix them.

Used by the loaders (:mod:`helpers.loading`) and cleaning (:mod:`helpers.cleaning`).
Nothing is guessed from a value pattern: the decimal mark and the order of day and
month are read from the data only when a single reading fits every value; when more
than one reading fits, parsing stops and asks for the data option that decides
(``decimal``, ``dayfirst``).

>>> parse_amount(["1,234.50", "¥1,234.00", "£12", "(3.00)"]).tolist()
[1234.5, 1234.0, 12.0, -3.0]
>>> parse_dates(["2023-01-05", "2023/1/5", "20230105", "2023年1月5日"]).dt.day.tolist()
[5, 5, 5, 5]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.i18n import tr
from helpers.schema import DataError, by_distinct_value, quote_list

#: currency signs and codes, spaces and apostrophes (1'234.50) that amounts may carry
_AMOUNT_NOISE = r"[\s\u00a0\u202f¥￥$£€'’]|RMB|CNY|GBP|USD|EUR|元"
_EXPONENT = r"(?:[eE][+-]?\d+)?"
_INF = r"|[+-]?(?i:inf|infinity)"
#: an amount with "." as decimal mark: 1,234.50  1234.5  .5  1e5
DOT_AMOUNT = rf"[+-]?(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d*)?|\.\d+){_EXPONENT}{_INF}"
#: an amount with "," as decimal mark: 1.234,50  1234,5  ,5
COMMA_AMOUNT = rf"[+-]?(?:(?:\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,\d*)?|,\d+){_INF}"
#: a time of day followed by a time-zone suffix: 10:00:00+08:00, 10:00Z, 10:00 UTC
TZ_SUFFIX = r"\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d\d:?\d\d)$"
_TZ_SPLIT = r"(\d:\d\d(?::\d\d(?:\.\d+)?)?)\s*(?:Z|UTC|GMT|[+-]\d\d:?\d\d)$"


def parse_amount(
    values, *, column: str = "revenue", errors: str = "raise", decimal: str | None = None
) -> pd.Series:
    """Numbers from text such as "1,234.50", "¥1,234", "£12", "-¥3.20" or "(3.20)" (negative).

    Currency signs and codes (¥ ￥ $ £ € RMB CNY 元), spaces and apostrophes are removed.
    ``decimal`` is the decimal mark, "." or ","; None reads the mark from the data when
    only one reading fits every value and raises :class:`DataError` asking for the data
    option ``decimal`` otherwise. ``errors="coerce"`` returns NaN for text that is not a
    number instead of raising. Full precision is kept.

    >>> parse_amount(pd.Series(["RMB 12.5", "3", "41.9136"])).tolist()
    [12.5, 3.0, 41.9136]
    >>> parse_amount(["1.234,50", "2,5"], decimal=",").tolist()
    [1234.5, 2.5]
    >>> parse_amount(["1,234", "2,500"])
    Traceback (most recent call last):
    ...
    helpers.schema.DataError: column 'revenue': amounts such as '1,234', '2,500' can be read ...
    >>> parse_amount(["12", "twelve"], column="quantity")
    Traceback (most recent call last):
    ...
    helpers.schema.DataError: column 'quantity': 1 of 2 values are not numbers...
    """
    if decimal not in (None, ".", ","):
        raise DataError(f"decimal must be '.', ',' or None, not {decimal!r}")
    s = pd.Series(values)
    if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
        return s.astype("float64")
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    raw = pd.Series(uniques, dtype=object)
    text = raw.astype("str").str.strip()
    paren = text.str.fullmatch(r"\(.*\)").astype(bool)
    cleaned = text.str.replace(_AMOUNT_NOISE, "", regex=True)
    cleaned = cleaned.str.strip("()").str.strip()
    given = cleaned.ne("")
    is_number = pd.Series(False, index=raw.index)
    if s.dtype == object:  # Excel: number cells are numbers already, whatever the mark
        is_number = raw.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
    mark = decimal or _decimal_mark(cleaned[given & ~is_number], column)
    if mark == ".":
        valid = cleaned.str.fullmatch(DOT_AMOUNT).astype(bool)
        number = cleaned.str.replace(",", "", regex=False)
    else:
        valid = cleaned.str.fullmatch(COMMA_AMOUNT).astype(bool)
        number = cleaned.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    num = pd.to_numeric(number.where(valid & given), errors="coerce").astype("float64")
    num = num.where(~paren, -num.abs())
    if is_number.any():
        num = num.where(~is_number, pd.to_numeric(raw.where(is_number), errors="coerce"))
    bad_unique = given & num.isna()
    out = pd.Series(
        np.where(codes >= 0, num.to_numpy()[codes.clip(0)], np.nan), index=s.index, name=s.name
    )
    if bad_unique.any() and errors == "raise":
        bad = pd.Series(codes >= 0, index=s.index) & pd.Series(
            bad_unique.to_numpy()[codes.clip(0)], index=s.index
        )
        examples = text[bad_unique].tolist()
        hint = ""
        if any(("," in str(v)) or ("." in str(v)) for v in examples[:20]):
            other = "','" if mark == "." else "'.'"
            hint = tr(
                " If the amounts use {other} as the decimal mark, set the data option "
                "decimal: {other}.",
                None,
                domain="datacheck",
                other=other,
            )
        raise DataError(
            _bad_values_message(column, s.astype("str"), bad, "numbers"),
            code="not_numbers",
            fix=tr(
                "correct those cells (amounts may carry ¥, $, £, € and thousands "
                "separators), or map a different column to {column!r}.{hint}",
                None,
                domain="datacheck",
                column=column,
                hint=hint,
            ),
        )
    return out


def _decimal_mark(cleaned: pd.Series, column: str) -> str:
    """The decimal mark of distinct amount texts, when only one reading fits them all."""
    marked = cleaned[cleaned.str.contains(r"[.,]", regex=True)]
    if marked.empty:
        return "."
    dot_ok = marked.str.fullmatch(DOT_AMOUNT).astype(bool)
    comma_ok = marked.str.fullmatch(COMMA_AMOUNT).astype(bool)
    if dot_ok.all() and comma_ok.all():
        as_dot = pd.to_numeric(marked.str.replace(",", "", regex=False), errors="coerce")
        as_comma = pd.to_numeric(
            marked.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
            errors="coerce",
        )
        differ = as_dot.ne(as_comma)
        if not differ.any():
            return "."
        examples = marked[differ]
        raise DataError(
            tr(
                "column {column!r}: amounts such as {examples} can be read with '.' or with "
                "',' as the decimal mark ({first} is {dot:,} or {comma:,})",
                None,
                domain="datacheck",
                column=column,
                examples=quote_list(examples),
                first=quote_list(examples, 1),
                dot=float(as_dot[differ].iloc[0]),
                comma=float(as_comma[differ].iloc[0]),
            ),
            code="ambiguous_decimal",
            fix=tr(
                "say which: set the data option decimal: '.' (1,234.50 is one thousand two "
                "hundred and thirty-four) or decimal: ',' (1.234,50), in the parameter or "
                "mapping file",
                None,
                domain="datacheck",
            ),
        )
    if comma_ok.all() and not dot_ok.all():
        examples = marked[~dot_ok]
        raise DataError(
            tr(
                "column {column!r}: amounts such as {examples} are written with a decimal "
                "comma, which the data options do not declare",
                None,
                domain="datacheck",
                column=column,
                examples=quote_list(examples),
            ),
            code="decimal_comma",
            fix=tr(
                "if ',' is the decimal mark (1.234,50), set the data option decimal: ',' in "
                "the parameter or mapping file; otherwise correct those cells",
                None,
                domain="datacheck",
            ),
        )
    return "."


def _bad_values_message(column: str, text: pd.Series, bad: pd.Series, what: str) -> str:
    positions = np.flatnonzero(bad.to_numpy())
    examples = quote_list(text[bad].astype(str).head(50))
    return tr(
        "column {column!r}: {n} of {total} values are not {what}, e.g. [{examples}] "
        "(row positions {rows})",
        None,
        domain="datacheck",
        column=column,
        n=int(bad.sum()),
        total=len(text),
        what=what,
        examples=examples,
        rows=positions[:5].tolist(),
    )


def parse_dates(
    values,
    *,
    column: str = "order_date",
    dayfirst: bool | None = None,
    errors: str = "raise",
) -> pd.Series:
    """Dates from mixed formats: 2023-01-05, 2023/1/5, 2023.1.5, 20230105, 2023年1月5日,
    05/01/2023 (day or month first; see ``dayfirst``), with or without a time and a
    time-zone offset (the local date and time are kept), Excel date cells or Excel serial
    numbers (in number or text cells). Returns datetime64[us].

    ``dayfirst=None`` reads the order from the data when a value such as 25/01/2023 shows
    it, and raises :class:`DataError` asking for the data option ``dayfirst`` when every
    such value fits both orders. ``errors="coerce"`` returns NaT for values that are not
    dates instead of raising.

    >>> parse_dates(["05/01/2023", "25/01/2023"]).dt.strftime("%Y-%m-%d").tolist()
    ['2023-01-05', '2023-01-25']
    >>> parse_dates(pd.Series([20230105, 20231231])).dt.month.tolist()
    [1, 12]
    >>> parse_dates(["2023-01-05T23:30:00+08:00", "45658"]).dt.strftime("%Y-%m-%d %H:%M").tolist()
    ['2023-01-05 23:30', '2025-01-01 00:00']
    """
    s = pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(s):
        if getattr(s.dt, "tz", None) is not None:
            s = s.dt.tz_localize(None)
        return s.astype("datetime64[us]")
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        result = _dates_from_numbers(s.astype("float64"))
        text = s.astype("str")
        bad = s.notna() & result.isna()
    else:
        parsed = by_distinct_value(s, lambda distinct: _text_dates(distinct, column, dayfirst))
        result, bad = parsed["date"], parsed["bad"]
        text = s.astype("str").str.strip() if bad.any() and errors == "raise" else s
    if bad.any() and errors == "raise":
        raise DataError(
            _bad_values_message(column, text, bad, "dates in a known format"),
            code="not_dates",
            fix=tr(
                "known formats are 2023-01-05, 2023/1/5, 20230105, 2023年1月5日 and 05/01/2023 "
                "(set the data option dayfirst for the last); correct those cells, or set "
                "the data option {option} to drop those lines (the cleaning report lists them)",
                None,
                domain="datacheck",
                option="cleaning: {bad_values: drop}",
            ),
        )
    return result.rename(s.name)


def _text_dates(values: pd.Series, column: str, dayfirst: bool | None) -> pd.DataFrame:
    """Dates of text values: ``date`` (NaT where none is read) and ``bad`` (text given but
    no date read)."""
    text = values.astype("str").str.strip().where(values.notna()).replace("", np.nan)
    text = text.str.replace(_TZ_SPLIT, r"\1", regex=True).str.strip()
    numeric = text.str.fullmatch(r"\d+(?:\.\d+)?").fillna(False).astype(bool)
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    if numeric.any():
        result = result.where(~numeric, _dates_from_numbers(pd.to_numeric(text.where(numeric))))
    todo = text.notna() & ~numeric
    if todo.any():
        iso = pd.to_datetime(text.where(todo), format="ISO8601", errors="coerce")
        result = result.where(~todo, iso.astype("datetime64[us]"))
    todo = text.notna() & result.isna() & ~numeric
    if todo.any():
        result = result.where(~todo, _parse_text_dates(text[todo], column, dayfirst))
    return pd.DataFrame({"date": result, "bad": text.notna() & result.isna()})


def _dates_from_numbers(num: pd.Series) -> pd.Series:
    """YYYYMMDD numbers (19000101-21001231) and Excel serial day numbers as dates."""
    compact = num.between(19000101, 21001231) & (num == num.round())
    out = pd.to_datetime(
        num.where(compact).astype("Int64").astype("str"), format="%Y%m%d", errors="coerce"
    )
    serial = num.between(1, 2958465) & ~compact
    excel = pd.Timestamp("1899-12-30") + pd.to_timedelta(num.where(serial), unit="D")
    return out.where(compact, excel).astype("datetime64[us]")


def _parse_text_dates(text: pd.Series, column: str, dayfirst: bool | None) -> pd.Series:
    t = (
        text.str.replace("年", "-", regex=False)
        .str.replace("月", "-", regex=False)
        .str.replace("日", "", regex=False)
        .str.replace(r"[/.]", "-", regex=True)
        .str.strip()
    )
    time = r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
    ymd = t.str.extract(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + time + "$").astype("float64")
    dmy = t.str.extract(r"^(\d{1,2})-(\d{1,2})-(\d{4})" + time + "$").astype("float64")
    first, second = dmy[0], dmy[1]
    if dayfirst is None and dmy[2].notna().any():
        day_first_seen = first > 12
        month_first_seen = second > 12
        if day_first_seen.any() and month_first_seen.any():
            raise DataError(
                tr(
                    "column {column!r} mixes day/month/year dates such as {dmy} with "
                    "month/day/year dates such as {mdy}",
                    None,
                    domain="datacheck",
                    column=column,
                    dmy=quote_list(text[day_first_seen.to_numpy()]),
                    mdy=quote_list(text[month_first_seen.to_numpy()]),
                ),
                code="mixed_date_orders",
                fix=tr(
                    "write every date of the column in one order (or as YYYY-MM-DD)",
                    None,
                    domain="datacheck",
                ),
            )
        if day_first_seen.any():
            dayfirst = True
        elif month_first_seen.any():
            dayfirst = False
        elif not (first == second).all():
            both = text[(dmy[2].notna() & (first != second)).to_numpy()]
            raise DataError(
                tr(
                    "column {column!r}: dates such as {examples} could be day/month/year or "
                    "month/day/year",
                    None,
                    domain="datacheck",
                    column=column,
                    examples=quote_list(both),
                ),
                code="ambiguous_dates",
                fix=tr(
                    "say which: set the data option dayfirst: true (05/01/2023 is 5 January) "
                    "or dayfirst: false (05/01/2023 is 1 May), in the parameter or mapping file",
                    None,
                    domain="datacheck",
                ),
            )
    day, month = (first, second) if dayfirst else (second, first)
    parts = pd.DataFrame(
        {
            "year": ymd[0].fillna(dmy[2]),
            "month": ymd[1].fillna(month),
            "day": ymd[2].fillna(day),
            "hour": ymd[3].fillna(dmy[3]).fillna(0),
            "minute": ymd[4].fillna(dmy[4]).fillna(0),
            "second": ymd[5].fillna(dmy[5]).fillna(0),
        }
    )
    return pd.to_datetime(parts, errors="coerce").astype("datetime64[us]")


def parse_bool(values, *, column: str = "resolved") -> pd.Series:
    """Booleans from True/False, yes/no, y/n, 1/0, 是/否 (any case).

    >>> parse_bool(["yes", "否", "TRUE", 0]).tolist()
    [True, False, True, False]
    """
    s = pd.Series(values)
    if pd.api.types.is_bool_dtype(s):
        return s.astype("bool")
    words = {"true": True, "yes": True, "y": True, "1": True, "1.0": True, "是": True,
             "false": False, "no": False, "n": False, "0": False, "0.0": False,
             "否": False}  # fmt: skip
    text = s.astype("str").str.strip().str.lower()
    out = text.map(words)
    bad = s.notna() & out.isna()
    if bad.any():
        raise DataError(
            _bad_values_message(column, text, bad, "yes/no values"),
            code="not_yes_no",
            fix=tr("use True/False, yes/no, 1/0 or 是/否", None, domain="datacheck"),
        )
    return out.astype("boolean") if out.isna().any() else out.astype("bool")
