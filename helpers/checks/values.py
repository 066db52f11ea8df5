"""Comparing one answer with the expected one: numbers, ids, dates, lists of names, choices.

Each function returns an :class:`Outcome`: correct (perhaps rounded) or not yet with a
:class:`~helpers.checks.messages.Hint` that says how the answer differs, in the
student's own units (see :mod:`helpers.checks.policy`).

>>> compare_number(0.614, 0.61437, kind=SHARE).rounded
True
>>> compare_number(61.4, 0.61437, kind=SHARE).reason.text()
'that is a percentage: the question asks for a share between 0 and 1 (0.25 for 25%)'
>>> compare_number(0.6150, 0.61437, kind=SHARE).reason.text()
'too high by 0.00063 (0.1%)'
>>> compare_number("-0.3", -0.3, kind=SHARE).reason.text()
"'-0.3' is text: write the number itself, without quotes"
>>> compare_set(["survey", "leads"], ["leads", "survey"]).correct
True
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from helpers.checks.core import CORRECT, NOT_YET
from helpers.checks.messages import N_, Hint, hint, number_text, percent_text, value_text
from helpers.checks.policy import SHARE, Kind, compare, difference, match
from helpers.schema import by_distinct_value

CONTAINERS = (pd.Series, pd.DataFrame, pd.Index, np.ndarray, list, tuple, set, dict)


@dataclass(frozen=True)
class Outcome:
    """The verdict on one answer, before it becomes a :class:`~helpers.checks.core.CheckResult`."""

    status: str
    reason: Hint | None = None
    rounded: bool = False
    note: Hint | None = None

    @property
    def correct(self) -> bool:
        return self.status == CORRECT


RIGHT = Outcome(CORRECT)
RIGHT_ROUNDED = Outcome(CORRECT, rounded=True)


def wrong(code: str, msgid: str, **values: Any) -> Outcome:
    return Outcome(NOT_YET, hint(code, msgid, **values))


def type_name(answer: Any) -> str:
    return type(answer).__name__


# --- numbers -------------------------------------------------------------------------------


def as_number(answer: Any) -> float | Outcome:
    """The answer as a float, or the outcome that says why it is not a number."""
    if isinstance(answer, bool | np.bool_):
        return wrong("not_a_number", N_("expected a number, got {value}"), value=str(answer))
    if isinstance(answer, str):
        return wrong("text", N_("{value} is text: write the number itself, without quotes"),
                     value=value_text(answer))  # fmt: skip
    if isinstance(answer, CONTAINERS):
        size = int(np.size(answer)) if not isinstance(answer, set | dict) else len(answer)
        if size == 1:
            return wrong("one_value_in_container",
                         N_("expected a single number, got a {kind} holding one value: "
                            "take the value out (for example with .item())"),
                         kind=type_name(answer))  # fmt: skip
        return wrong("many_values", N_("expected a single number, got a {kind} of {n} values"),
                     kind=type_name(answer), n=size)  # fmt: skip
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return wrong("not_a_number", N_("expected a number, got {value}"),
                     value=f"{type_name(answer)} {value_text(answer)}")  # fmt: skip
    if math.isnan(value):
        return wrong("nan", N_("the answer is NaN (not a number): look for an empty group "
                               "or a division by zero"))  # fmt: skip
    return value


#: (factor, code, message for shares, message otherwise)
FACTORS = (
    (100.0, "percent_not_share",
     N_("that is a percentage: the question asks for a share between 0 and 1 (0.25 for 25%)"),
     N_("off by a factor of 100 (a percentage, or cents?)")),
    (0.01, "share_not_percent", N_("off by a factor of 100: a share instead of a percentage?"),
     N_("off by a factor of 100 (a share instead of a percentage?)")),
    (1000.0, "factor_1000", N_("off by a factor of 1,000"), N_("off by a factor of 1,000")),
    (0.001, "factor_1000", N_("off by a factor of 1,000"),
     N_("off by a factor of 1,000 (in thousands?)")),
    (1e6, "factor_1000000", N_("off by a factor of a million"),
     N_("off by a factor of a million")),
    (1e-6, "factor_1000000", N_("off by a factor of a million"),
     N_("off by a factor of a million (in millions?)")),
    (-1.0, "sign", N_("right size but the wrong sign"), N_("right size but the wrong sign")),
)  # fmt: skip


def describe_difference(value: float, expected: float, kind: Kind) -> Outcome:
    """Why ``value`` is not ``expected``: a factor, the sign, too coarse, or how far off."""
    if math.isnan(expected):
        return wrong("expected_nan", N_("this data gives no value here (NaN); answer None"))
    if expected != 0:
        for factor, code, for_share, otherwise in FACTORS:
            if match(value / factor, expected, kind) in ("exact", "rounded"):
                return wrong(code, for_share if kind is SHARE else otherwise)
    way, diff, rel = difference(value, expected)
    code = "too_high" if way == "high" else "too_low"
    if math.isnan(rel):
        msgid = N_("too high by {diff}") if way == "high" else N_("too low by {diff}")
        return wrong(code, msgid, diff=number_text(diff, figures=2))
    msgid = (
        N_("too high by {diff} ({percent})")
        if way == "high"
        else N_("too low by {diff} ({percent})")
    )
    return wrong(code, msgid, diff=number_text(diff, figures=2), percent=percent_text(rel))


def compare_number(answer: Any, expected: float, *, kind: Kind) -> Outcome:
    """Is ``answer`` the number ``expected``, to the precision of ``kind``?"""
    value = as_number(answer)
    if isinstance(value, Outcome):
        return value
    expected = float(expected)
    verdict = match(value, expected, kind)
    if verdict == "exact":
        return RIGHT
    if verdict == "rounded":
        return RIGHT_ROUNDED
    if verdict == "too_coarse":
        return wrong("rounded_too_much", N_("rounded too much: keep more digits (the checks "
                                            "expect {precision})"),
                     precision=Hint("precision", kind.what))  # fmt: skip
    return describe_difference(value, expected, kind)


def numbers_equal(answer: Any, expected: Any, kind: Kind) -> bool:
    """True when ``answer`` passes as ``expected`` (exactly or rounded)."""
    return compare_number(answer, expected, kind=kind).correct


# --- single values: ids, labels, dates -----------------------------------------------------------


def label_of(value: Any) -> str:
    """A label compared as text: 12346, 12346.0, np.int64(12346) and "12346" are the same."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, pd.Timestamp | dt.date):
        return pd.Timestamp(value).isoformat()
    return str(value)


def labels_of(values: Iterable[Any]) -> np.ndarray:
    """:func:`label_of` for many values (NaN and None stay missing, as "<NA>")."""
    if isinstance(values, pd.Series):
        series = values
    elif isinstance(values, pd.Index | np.ndarray | pd.api.extensions.ExtensionArray):
        series = pd.Series(values, copy=False)
    else:
        series = pd.Series(list(values))
    if pd.api.types.is_float_dtype(series):
        finite = series.dropna().to_numpy(dtype=np.float64)
        if np.all(finite == np.round(finite)) and np.all(np.abs(finite) < 2.0**63):
            series = series.astype("Int64")
    missing = series.isna().to_numpy()
    if pd.api.types.is_string_dtype(series) and series.dtype != object:
        out = series.to_numpy(dtype=object)  # text is its own label
    elif pd.api.types.is_integer_dtype(series):
        out = series.astype("str").to_numpy(dtype=object)
    elif series.dtype != object:  # dates, non-whole numbers, booleans: once per distinct value
        out = by_distinct_value(series, _labels_one_by_one).to_numpy(dtype=object)
    else:  # mixed Python objects (1 and True hash alike, so no distinct values here)
        out = _labels_one_by_one(series).to_numpy(dtype=object)
    out = np.array(out, dtype=object)  # a writable copy
    out[missing] = "<NA>"
    return out


def _labels_one_by_one(values: pd.Series) -> pd.Series:
    out = values.astype(object).where(values.notna(), None)
    return pd.Series(["<NA>" if v is None else label_of(v) for v in out], dtype=object)


def _as_day(answer: Any) -> pd.Timestamp | None:
    try:
        stamp = pd.Timestamp(answer)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp


def compare_value(answer: Any, expected: Any, *, what: Hint | None = None) -> Outcome:
    """Is ``answer`` the id, label or date ``expected``? A date may be text, a date or a
    timestamp; when ``expected`` is a day, the time of day does not count."""
    if isinstance(answer, CONTAINERS) and not isinstance(answer, str):
        return wrong(
            "many_values",
            N_("expected a single value, got a {kind} of {n}"),
            kind=type_name(answer),
            n=len(answer) if hasattr(answer, "__len__") else 1,
        )
    if isinstance(expected, pd.Timestamp):
        stamp = _as_day(answer) if isinstance(answer, str | dt.date | np.datetime64) else None
        if stamp is None:
            return wrong(
                "not_a_date",
                N_("expected a date, got {value}"),
                value=f"{type_name(answer)} {value_text(answer)}",
            )
        if expected == expected.normalize():
            stamp = stamp.normalize()
        if stamp == expected:
            return RIGHT
        days = (stamp - expected) / pd.Timedelta(days=1)
        if abs(days) == 1:
            msgid = (
                N_("1 day later than expected") if days > 0 else N_("1 day earlier than expected")
            )
            return wrong("date_off", msgid)
        msgid = (N_("{days} days later than expected") if days > 0
                 else N_("{days} days earlier than expected"))  # fmt: skip
        return wrong("date_off", msgid, days=number_text(abs(days)))
    if label_of(answer) == label_of(expected):
        return RIGHT
    if what is not None:
        return wrong("not_expected", N_("{value} is not the expected {what}"),
                     value=value_text(answer), what=what)  # fmt: skip
    return wrong("not_expected", N_("{value} is not the expected value"), value=value_text(answer))


def compare_set(answer: Any, expected: Iterable[Any]) -> Outcome:
    """Does the collection ``answer`` hold the same names as ``expected``, in any order?"""
    if isinstance(answer, str) or not isinstance(answer, CONTAINERS):
        return wrong("not_a_list", N_("expected a list of names, got {value}: put the names in "
                                      "a list, like ['a', 'b']"),
                     value=f"{type_name(answer)} {value_text(answer)}")  # fmt: skip
    items = answer.keys() if isinstance(answer, dict) else answer
    if isinstance(items, pd.DataFrame):
        return wrong("not_a_list", N_("expected a list of names, got {value}: put the names in "
                                      "a list, like ['a', 'b']"), value="DataFrame")  # fmt: skip
    got = list(np.asarray(list(items), dtype=object).ravel())
    mine, want = set(labels_of(got)), set(labels_of(list(expected)))
    if mine == want:
        return RIGHT
    extra = sorted(mine - want)
    if extra:
        msgid = N_("{n} of your names should not be there (for example {example})")
        return wrong("extra_items", msgid, n=len(extra), example=value_text(extra[0]))
    return wrong("missing_items", N_("{n} of the expected names are missing"), n=len(want - mine))


# --- a parameter the student chose ---------------------------------------------------------


def compare_choice(
    answer: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    allowed: Iterable[Any] | None = None,
    whole: bool = False,
) -> Outcome:
    """Is ``answer`` a sensible choice: one of ``allowed``, or a number in [low, high]?"""
    allowed = list(allowed) if allowed is not None else None
    numeric = allowed is None or all(isinstance(a, int | float) for a in allowed)
    if not numeric:
        if label_of(answer) in set(labels_of(allowed)):
            return RIGHT
        return wrong("not_allowed", N_("{value} is not one of {allowed}"), value=value_text(answer),
                     allowed=", ".join(value_text(a) for a in allowed))  # fmt: skip
    value = as_number(answer)
    if isinstance(value, Outcome):
        return value
    if whole and not float(value).is_integer():
        return wrong("not_whole", N_("{value} is not a whole number"), value=value_text(answer))
    if allowed is not None and not any(np.isclose(value, a) for a in allowed):
        return wrong("not_allowed", N_("{value} is not one of {allowed}"), value=value_text(answer),
                     allowed=", ".join(value_text(a) for a in allowed))  # fmt: skip
    lo = -math.inf if low is None else low
    hi = math.inf if high is None else high
    if not lo <= value <= hi:
        msgid = N_("{value} is outside the sensible range {low} to {high}")
        return wrong("out_of_range", msgid, value=value_text(answer), low=number_text(lo),
                     high=number_text(hi))  # fmt: skip
    return RIGHT


def same_numbers(answer: np.ndarray, expected: np.ndarray, kind: Kind) -> np.ndarray:
    """Element-wise: True where ``answer`` passes as ``expected`` (exact or rounded)."""
    return np.isin(compare(answer, expected, kind), ["exact", "rounded"])
