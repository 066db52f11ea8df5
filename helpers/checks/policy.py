"""The tolerance policy of the self-checks: when is a number right? (容差规则)

A number is **correct** when it equals the expected value up to the noise of computing
(a relative 1e-9; money to the cent). It is **correct (rounded)** when it is the expected
value rounded the way the student wrote it, and at least as precisely as the lessons
display that kind of number:

============  ==============================================  =========================
kind          the lessons display                             rounded answers that pass
============  ==============================================  =========================
share         61.4% (three decimals of a share between 0-1)   0.614, 0.6144
money         whole amounts, large ones as 45.65M             45,651,235, 45,650,000
ratio         2.17 times                                      2.17, 2.173
count, days   whole numbers                                   (exact only)
============  ==============================================  =========================

A coarser answer (0.61, 46M) is "not yet" with a hint to keep more digits. Every check
states the difference in the student's own units, with enough digits never to read
"0.0%".

>>> match(0.614, 0.61437, SHARE), match(0.61437000001, 0.61437, SHARE), match(0.61, 0.61437, SHARE)
('rounded', 'exact', 'too_coarse')
>>> match(45_650_000, 45_651_234.56, MONEY), match(46_000_000, 45_651_234.56, MONEY)
('rounded', 'too_coarse')
>>> match(0.6150, 0.61437, SHARE)
'wrong'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from helpers.checks.messages import N_


@dataclass(frozen=True)
class Kind:
    """How precisely one kind of number is shown in the lessons, hence checked."""

    name: str
    what: str  # how the lessons show it, for hints ("shares as 61.4%")
    exact_rel: float = 1e-9
    exact_abs: float = 1e-9
    decimals: int | None = None  # display precision: this many decimals...
    figures: int | None = None  # ...or this many significant figures
    floor_unit: float = 0.0  # ...but never finer than this unit (money: whole amounts)
    whole: bool = False  # counts and days: whole numbers, no rounding

    def display_unit(self, expected: np.ndarray) -> np.ndarray:
        """The coarsest unit a rounded answer may use, per expected value."""
        expected = np.abs(np.asarray(expected, dtype=float))
        unit = np.full(expected.shape, np.inf if self.decimals is None else 10.0**-self.decimals)
        if self.figures is not None:
            with np.errstate(divide="ignore"):
                magnitude = np.floor(np.log10(np.where(expected > 0, expected, 1.0)))
            by_figures = 10.0 ** (magnitude - self.figures + 1)
            unit = np.where(np.isinf(unit), by_figures, np.maximum(unit, by_figures))
        if self.floor_unit:
            unit = np.maximum(unit, self.floor_unit)
        return np.where(np.isinf(unit), 0.0, unit)


COUNT = Kind("count", N_("counts as whole numbers"), whole=True)
DAYS = Kind("days", N_("days as whole numbers"), whole=True)
SHARE = Kind("share", N_("shares to three decimals, like 0.614 for 61.4%"), decimals=3)
MONEY = Kind(
    "money",
    N_("amounts to the unit, large ones to four figures like 45.65M"),
    exact_abs=0.005,
    figures=4,
    floor_unit=1.0,
)
RATIO = Kind("ratio", N_("ratios to two decimals, like 2.17"), decimals=2)
NUMBER = Kind("number", N_("numbers to three significant figures"), exact_rel=1e-6, figures=3)

KINDS = {k.name: k for k in (COUNT, DAYS, SHARE, MONEY, RATIO, NUMBER)}


def written_unit(values: np.ndarray) -> np.ndarray:
    """The unit of the last digit each value was written with: 0.614 -> 0.001, 45,650,000
    -> 10,000; values with full float precision get a unit far below any display.

    >>> written_unit(np.array([0.614, 45_650_000.0, 7.0, 1 / 3])).tolist()
    [0.001, 10000.0, 1.0, 1e-16]
    """
    values = np.abs(np.asarray(values, dtype=float))
    unit = np.full(values.shape, 1e-16)
    found = ~np.isfinite(values) | (values == 0)
    unit = np.where(values == 0, 1.0, unit)
    for exponent in range(12, -13, -1):  # coarsest first: 1e12, 1e11 ... 1e-12
        step = 10.0**exponent
        scaled = values / step
        # a few units in the last place of a float: the value was written with this digit
        fits = np.abs(scaled - np.rint(scaled)) <= 1e-14 * scaled + 1e-9
        fits &= np.rint(scaled) != 0
        new = fits & ~found
        unit = np.where(new, step, unit)
        found |= new
    return unit


def compare(answer: np.ndarray, expected: np.ndarray, kind: Kind) -> np.ndarray:
    """Per value: "exact", "rounded", "too_coarse" (right, but rounded more than the
    lessons show) or "wrong". NaN equals NaN."""
    a = np.asarray(answer, dtype=float)
    e = np.asarray(expected, dtype=float)
    both_nan = np.isnan(a) & np.isnan(e)
    diff = np.abs(a - e)
    exact = diff <= np.maximum(kind.exact_abs, kind.exact_rel * np.abs(e))
    out = np.where(exact | both_nan, "exact", "wrong").astype(object)
    if kind.whole:
        return out
    unit = written_unit(a)
    display = kind.display_unit(e)
    within = diff <= unit / 2 * (1 + 1e-9) + 1e-12 * np.abs(e)
    fine_enough = unit <= display * (1 + 1e-9)
    # 0.05 may be 0.0501 rounded to three decimals: its trailing zero does not show
    with np.errstate(invalid="ignore", divide="ignore"):
        at_display = np.where(display > 0, np.rint(e / display) * display, np.nan)
    shown = np.abs(a - at_display) <= 1e-9 * np.maximum(1.0, np.abs(a))
    out = np.where((out == "wrong") & ((within & fine_enough) | shown), "rounded", out)
    out = np.where((out == "wrong") & within & ~fine_enough, "too_coarse", out)
    return out


def match(answer: float, expected: float, kind: Kind) -> str:
    """:func:`compare` for one number."""
    return str(compare(np.array([answer]), np.array([expected]), kind)[0])


def difference(answer: float, expected: float) -> tuple[str, float, float]:
    """("high" or "low", the absolute difference, the relative difference or NaN)."""
    way = "high" if answer > expected else "low"
    diff = abs(answer - expected)
    rel = diff / abs(expected) if expected else math.nan
    return way, diff, rel


def infer_kind(values: np.ndarray) -> Kind:
    """The kind of a column of expected numbers when the question does not say: whole
    numbers are counts, values between -1 and 1 shares, the rest money."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if len(v) and np.all(v == np.rint(v)):
        return COUNT
    if len(v) and np.all(np.abs(v) <= 1):
        return SHARE
    return MONEY
