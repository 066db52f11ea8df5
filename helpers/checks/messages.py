"""The words of the self-checks, in English and Chinese (自检提示语).

Every message is written in English in the code, marked with :func:`N_` so that a test
can list them all, and looked up in ``helpers/locale/zh/checks.po`` for Chinese. A
:class:`Hint` keeps the message, the values that fill it and a stable ``code`` that says
which mistake it names, so the same hint can be shown in either language and counted by
a grading script.

>>> h = Hint("order_lines", N_("you counted order lines: count each customer once (nunique)"))
>>> h.text("en")
'you counted order lines: count each customer once (nunique)'
>>> h.text("zh")
'你数的是订单行：每位客户只数一次（用 nunique）'
>>> number_text(1234567.891), number_text(0.000123456), number_text(-42.0)
('1,234,568', '0.0001235', '-42')
>>> percent_text(0.00123), percent_text(0.5), percent_text(0.000001)
('0.12%', '50%', '0.0001%')
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from helpers.i18n import tr

DOMAIN = "checks"


def N_(msgid: str) -> str:
    """Mark ``msgid`` as a self-check message (it is translated when shown, not here)."""
    return msgid


def say(msgid: str, lang: str = "en", **values: Any) -> str:
    """``msgid`` in ``lang``, filled with ``values``."""
    return tr(msgid, lang, domain=DOMAIN, **values)


@dataclass(frozen=True)
class Hint:
    """What a check says about an answer: a stable ``code`` and a message with its values.

    ``code`` is the id of a prepared mistake (``"order_lines"``) or of a general finding
    (``"too_high"``, ``"percent_not_share"``...); it never changes with the language.
    """

    code: str
    msgid: str
    values: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``; values that are hints themselves are translated too."""
        filled = {k: (v.text(lang) if isinstance(v, Hint) else v) for k, v in self.values.items()}
        return say(self.msgid, lang, **filled)


def hint(code: str, msgid: str, **values: Any) -> Hint:
    """A :class:`Hint` (shorter to write)."""
    return Hint(code, msgid, values)


# --- numbers in messages --------------------------------------------------------------------


def number_text(x: float, figures: int = 4) -> str:
    """A number as a student would write it: thousands separators, about ``figures``
    significant figures, never in scientific notation and never rounded to zero."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "NaN"
    x = float(x)
    if x == 0:
        return "0"
    if abs(x) >= 10 ** (figures - 1) or x == round(x):
        return f"{x:,.0f}"
    decimals = figures - 1 - math.floor(math.log10(abs(x)))
    text = f"{x:,.{max(decimals, 0)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent_text(share: float) -> str:
    """A relative difference as a percentage with two significant figures (never "0.0%")."""
    pct = 100.0 * abs(float(share))
    if pct == 0:
        return "0%"
    if pct >= 10:
        return f"{pct:,.0f}%"
    decimals = 1 - math.floor(math.log10(pct))
    text = f"{pct:.{decimals}f}".rstrip("0").rstrip(".")
    return f"{text}%"


def value_text(value: Any, limit: int = 40) -> str:
    """A value from the student's answer, quoted briefly for a message."""
    if isinstance(value, str):
        text = repr(value)
    elif isinstance(value, bool):
        text = str(value)
    elif isinstance(value, int | float) or hasattr(value, "dtype"):
        try:
            text = number_text(float(value), figures=6)
        except (TypeError, ValueError):
            text = str(value)
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- the line a student sees ------------------------------------------------------------------

ICONS = {
    "correct": ("✅", N_("[ok]")),
    "not yet": ("❌", N_("[not yet]")),
    "not answered": ("⏳", N_("[to do]")),
    "skipped": ("➖", N_("[skipped]")),
}

LINES = {
    "correct": N_("{question} correct"),
    "rounded": N_("{question} correct (rounded)"),
    "correct_note": N_("{question} correct ({note})"),
    "not yet": N_("{question}: {hint}"),
    "not answered": N_("{question} not answered yet"),
    "skipped": N_("{question}: {hint}"),
}


#: the parts of questions that check several answers ("Q3 first day"), as shown to students
PARTS = (
    N_("first day"), N_("last day"), N_("customer"), N_("share"), N_("rows"),
    N_("missing ids"), N_("choice"), N_("count"), N_("cut-off"), N_("threshold"),
    N_("A customers"), N_("VIP customers"), N_("VIP share"), N_("base service"),
    N_("falling customers"), N_("hostages"), N_("resource split"),
)  # fmt: skip


def question_label(question: str, lang: str = "en") -> str:
    """``"Q3 first day"`` -> ``"Q3 first day"`` / ``"Q3 第一天"``: the part is translated."""
    head, _, part = question.partition(" ")
    if not part:
        return question
    return f"{head} {say(part, lang)}"
