"""One answer key per exercise (习题答案): what each question expects on the data of the run.

:data:`KEYS` maps an exercise's name (``"00_warm_up"``) to its
:class:`~helpers.checks.keys.base.AnswerKey`; ``check.start`` picks it.
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
