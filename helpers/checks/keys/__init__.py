"""One answer key per exercise (习题答案): what each question expects on the data of the run.

:data:`KEYS` maps an exercise's name (``"00_warm_up"``) to its
:class:`~helpers.checks.keys.base.AnswerKey`; ``check.start`` picks it.
:func:`mistake_catalogue` lists every prepared mistake with its stable id and hint,
without data (for a grading script's report).

>>> mistake_catalogue("en")["00_warm_up"]["Q2"]["order_lines"]
'you counted order lines, not distinct orders: use nunique()'
>>> mistake_catalogue("zh")["00_warm_up"]["Q2"]["order_lines"]
'你数的是订单行，而不是不同的订单：请用 nunique()'
"""

from __future__ import annotations

from helpers.checks.keys.base import AnswerKey
from helpers.checks.keys.ex00_warm_up import WarmUp
from helpers.checks.keys.ex01_data_collection import DataCollection
from helpers.checks.keys.ex02_customer_profiling import CustomerProfiling
from helpers.checks.keys.ex03_abc_grading import AbcGrading
from helpers.checks.keys.ex04_purchase_deciles import PurchaseDeciles
from helpers.checks.keys.ex05_loyalty import Loyalty
from helpers.checks.keys.ex06_case_study import CaseStudy
from helpers.checks.messages import say

#: the answer key of every exercise, by the exercise's name
KEYS: dict[str, type[AnswerKey]] = {
    key.exercise: key
    for key in (
        WarmUp,
        DataCollection,
        CustomerProfiling,
        AbcGrading,
        PurchaseDeciles,
        Loyalty,
        CaseStudy,
    )
}


def mistake_catalogue(lang: str = "en") -> dict[str, dict[str, dict[str, str]]]:
    """{exercise: {check label: {mistake id: hint in ``lang``}}} for every prepared mistake."""
    return {
        exercise: {
            label: {mistake: say(hint, lang) for mistake, hint in question.hints.items()}
            for label, question in key.questions.items()
        }
        for exercise, key in KEYS.items()
    }
