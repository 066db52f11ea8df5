"""Values from text: amounts, dates and yes/no answers, with errors that say how to fix them.

Used by the loaders (:mod:`helpers.loading`) and cleaning (:mod:`helpers.cleaning`).

>>> parse_amount(["1,234.50", "¥1,234", "£12", "(3.00)"]).tolist()
[1234.5, 1234.0, 12.0, -3.0]
>>> parse_dates(["2023-01-05", "2023/1/5", "20230105", "2023年1月5日"]).dt.day.tolist()
[5, 5, 5, 5]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.schema import DataError


def parse_amount(values, *, column: str = "revenue", errors: str = "raise") -> pd.Series:
    """Numbers from text such as "1,234.50", "¥1,234", "£12", "-¥3.20" or "(3.20)" (negative).

    Currency signs and codes (¥ ￥ $ £ € RMB CNY 元), spaces and thousands separators are
    removed. ``errors="coerce"`` returns NaN for text that is not a number instead of
    raising.

    >>> parse_amount(pd.Series(["RMB 12.5", "3"])).tolist()
    [12.5, 3.0]
    >>> parse_amount(["12", "twelve"], column="quantity")
    Traceback (most recent call last):
    ...
    helpers.schema.DataError: column 'quantity': 1 of 2 values are not numbers...
    """
    s = pd.Series(values)
    if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
        return s.astype("float64")
    text = s.astype("str").str.strip().where(s.notna())
    paren = text.str.fullmatch(r"\(.*\)").fillna(False).astype(bool)
    cleaned = text.str.replace(r"[\s,¥￥$£€]|RMB|CNY|GBP|USD|EUR|元", "", regex=True)
    cleaned = cleaned.str.strip("()").replace("", np.nan)
    num = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    num = num.where(~paren, -num.abs())
    bad = text.notna() & (text != "") & num.isna()
    if bad.any() and errors == "raise":
        raise DataError(_bad_values_message(column, text, bad, "numbers") + (
            " Fix those cells (amounts may carry ¥, $, £, € and thousands separators), or "
            "map a different column to it."
        ))  # fmt: skip
    return num


def _bad_values_message(column: str, text: pd.Series, bad: pd.Series, what: str) -> str:
    positions = np.flatnonzero(bad.to_numpy())
    examples = list(dict.fromkeys(text[bad].astype(str).head(20)))[:3]
    return (
        f"column {column!r}: {int(bad.sum())} of {len(text)} values are not {what}, "
        f"e.g. {examples} (row positions {positions[:5].tolist()})."
    )


def parse_dates(
    values,
    *,
    column: str = "order_date",
    dayfirst: bool | None = None,
    errors: str = "raise",
) -> pd.Series:
    """Dates from mixed formats: 2023-01-05, 2023/1/5, 2023.1.5, 20230105, 2023年1月5日,
    05/01/2023 (day or month first; see ``dayfirst``), with or without a time, Excel date
    cells or Excel serial numbers. Returns datetime64[us].

    ``dayfirst=None`` decides from the data when a value such as 25/01/2023 shows it,
    and raises when every such value is ambiguous. ``errors="coerce"`` returns NaT
    for values that are not dates instead of raising.

    >>> parse_dates(["05/01/2023", "25/01/2023"]).dt.strftime("%Y-%m-%d").tolist()
    ['2023-01-05', '2023-01-25']
    >>> parse_dates(pd.Series([20230105, 20231231])).dt.month.tolist()
    [1, 12]
    """
    s = pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(s):
        if getattr(s.dt, "tz", None) is not None:
            s = s.dt.tz_localize(None)
        return s.astype("datetime64[us]")
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        num = s.astype("float64")
        compact = num.between(19000101, 21001231)
        out = pd.to_datetime(
            num.where(compact).astype("Int64").astype("str"), format="%Y%m%d", errors="coerce"
        )
        serial = num.between(1, 2958465) & ~compact
        excel = pd.Timestamp("1899-12-30") + pd.to_timedelta(num.where(serial), unit="D")
        result = out.where(compact, excel).astype("datetime64[us]")
        bad = num.notna() & result.isna()
        text = num.astype("str")
    else:
        text = s.astype("str").str.strip().where(s.notna()).replace("", np.nan)
        result = pd.to_datetime(text, format="ISO8601", errors="coerce").astype("datetime64[us]")
        todo = text.notna() & result.isna()
        if todo.any():
            result = result.where(~todo, _parse_text_dates(text[todo], column, dayfirst))
        bad = text.notna() & result.isna()
    if bad.any() and errors == "raise":
        raise DataError(_bad_values_message(column, text, bad, "dates in a known format") + (
            " Known formats: 2023-01-05, 2023/1/5, 20230105, 2023年1月5日, 05/01/2023 "
            "(with dayfirst). Fix those cells, or clean with bad_values='drop' to drop the rows "
            "(the cleaning report lists them)."
        ))  # fmt: skip
    return result.rename(s.name)


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
        day_first_seen = bool((first > 12).any())
        month_first_seen = bool((second > 12).any())
        if day_first_seen and not month_first_seen:
            dayfirst = True
        elif month_first_seen and not day_first_seen:
            dayfirst = False
        elif not (first == second).all():
            both = text[dmy[2].notna()].head(3).tolist()
            raise DataError(
                f"column {column!r}: dates such as {both} could be day/month/year or "
                "month/day/year. Pass dayfirst=True (05/01/2023 = 5 January) or "
                "dayfirst=False (05/01/2023 = 1 May)."
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
            _bad_values_message(column, text, bad, "yes/no values")
            + " Use True/False, yes/no, 1/0 or 是/否."
        )
    return out.astype("boolean") if out.isna().any() else out.astype("bool")
