"""Answer key of exercise 05, loyalty classification (客户忠诚度分析).

Optional tables that the data lacks (survey, complaints, leads) count as empty: the
expected answers are then zero, as the exercise says.
"""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from helpers.checks.keys.base import AnswerKey, Chart, Choice, Number, Table, question
from helpers.checks.messages import N_, Hint
from helpers.checks.policy import COUNT, MONEY
from helpers.loyalty import (
    LOYALTY_TYPES,
    behavioural_loyalty_classes,
    loyalty_matrix_types,
    loyalty_type_table,
)
from helpers.profiling import big_customers_with_complaints

DATE_COLUMN = {"survey": "survey_date", "complaints": "complaint_date", "leads": "created_date"}


class Loyalty(AnswerKey):
    exercise = "05_loyalty"
    parameters = ("long_term_days", "min_orders", "declining_below", "lead_window_days",
                  "satisfaction_cuts", "loyalty_cut", "apostle_min")  # fmt: skip

    def before_as_of(self, name: str) -> pd.DataFrame | None:
        table = getattr(self.tables, name)
        if table is None:
            return None
        return table[table[DATE_COLUMN[name]] < self.as_of]

    def classes(self, **options) -> pd.DataFrame:
        settings = {"as_of": self.as_of, "long_term_days": self.long_term_days,
                    "min_orders": self.min_orders, "declining_below": self.declining_below,
                    "lead_window_days": self.lead_window_days}  # fmt: skip
        settings.update(options)
        return behavioural_loyalty_classes(self.summary, self.before_as_of("leads"), **settings)

    def types(self, loyalty_cut=None) -> pd.DataFrame | None:
        survey = self.before_as_of("survey")
        if survey is None or survey.empty:
            return None
        return loyalty_matrix_types(
            survey, satisfaction_cuts=self.satisfaction_cuts,
            loyalty_cut=self.loyalty_cut if loyalty_cut is None else loyalty_cut,
            apostle_min=self.apostle_min,
        )  # fmt: skip

    def counts(self, loyalty_cut=None) -> pd.Series:
        types = self.types(loyalty_cut)
        if types is None:
            return pd.Series(0, index=list(LOYALTY_TYPES))
        return types["loyalty_type"].value_counts().reindex(list(LOYALTY_TYPES), fill_value=0)

    def my_cut(self, my_loyalty_cut) -> float:
        return float(self.chosen(my_loyalty_cut, self.loyalty_cut, low=1, high=10))

    @question(
        "Q1",
        tenure_only=N_("that counts the tenure only: also ask for at least min_orders orders"),
        orders_only=N_("that counts the orders only: also ask for tenure_days >= long_term_days"),
        either=N_("that is 'either' (|); a long-term customer needs both (&)"),
        strict=N_("use >= (at least), not > (more than)"),
    )
    def q1(self):
        tenure = self.summary["tenure_days"] >= self.long_term_days
        enough = self.summary["frequency"] >= self.min_orders
        strict = ((self.summary["tenure_days"] > self.long_term_days)
                  & (self.summary["frequency"] > self.min_orders))  # fmt: skip
        return Number(int((tenure & enough).sum()), COUNT, wrong={
            "tenure_only": int(tenure.sum()),
            "orders_only": int(enough.sum()),
            "either": int((tenure | enough).sum()),
            "strict": int(strict.sum()),
        })  # fmt: skip

    @question(
        "Q2",
        nan_negative=N_("a missing trend (nothing bought in the period before) counts as "
                        "positive: use ~(trend < declining_below), not trend >= declining_below"),
        zero_threshold=N_("positive means a trend not below declining_below (a fall of more than "
                          "30% by default), not any fall below 0"),
        status_ignored=N_("positive also needs the status 'active': a dormant customer is not "
                          "positive"),
    )  # fmt: skip
    def q2(self):
        def customer_classes(summary=None, **options):
            table = (
                self.classes(**options)
                if summary is None
                else behavioural_loyalty_classes(
                    summary,
                    as_of=self.as_of,
                    long_term_days=self.long_term_days,
                    min_orders=self.min_orders,
                    declining_below=self.declining_below,
                )
            )
            table = table[table["party"] == "customer"]
            return table["loyalty_class"].astype(str)

        what = Hint("what", N_("one behavioural class per customer"))
        return Table(customer_classes(), what, wrong={
            "nan_negative": customer_classes(self.summary.assign(
                trend=self.summary["trend"].fillna(-1.0))),
            "zero_threshold": customer_classes(declining_below=0.0)
            if self.declining_below != 0 else None,
            "status_ignored": customer_classes(self.summary.assign(status="active")),
        })  # fmt: skip

    @question(
        "Q3",
        converted=N_("that also counts leads who became customers: keep converted_customer_id "
                     "NaN"),
        all_open=N_("that counts all open leads: keep only those of the last lead_window_days "
                    "days"),
        old_open=N_("that counts the old open leads (the unlikely ones), not the recent ones"),
    )  # fmt: skip
    def q3(self):
        leads = self.before_as_of("leads")
        if leads is None:
            return Number(0, COUNT)
        classes = self.classes()["loyalty_class"]
        recent = leads["created_date"] >= self.as_of - pd.Timedelta(days=self.lead_window_days)
        return Number(int((classes == "non_user_may_convert").sum()), COUNT, wrong={
            "converted": int(recent.sum()),
            "all_open": int(leads["converted_customer_id"].isna().sum()),
            "old_open": int((classes == "non_user_unlikely").sum()),
        })  # fmt: skip

    @question("Q4", shares=N_("those are shares of the surveyed customers: count them"))
    def q4(self):
        counts = self.counts()
        what = Hint("what", N_("one row per type of the matrix (apostle ... terrorist) with its "
                               "number of customers, 0 for a type nobody falls in"))  # fmt: skip
        shares = counts / counts.sum() if counts.sum() else None
        return Table(counts, what, kinds={"value": COUNT}, wrong={"shares": shares})

    @question("Q5 cut-off")
    def q5_choice(self):
        return Choice(low=5, high=9, whole=True)

    @question(
        "Q5 hostages",
        lesson_cut=N_("that is the count at the parameters cell's loyalty_cut: use my_loyalty_cut"),
        all_high=N_("that counts everyone with high loyalty, not only the unhappy ones"),
    )  # fmt: skip
    def q5_count(self, my_loyalty_cut=None):
        cut = self.my_cut(my_loyalty_cut)
        types = self.types(cut)
        if types is None:
            return Number(0, COUNT)
        lesson = self.counts()["hostage"]
        return Number(int((types["loyalty_type"] == "hostage").sum()), COUNT, wrong={
            "lesson_cut": int(lesson) if cut != self.loyalty_cut else None,
            "all_high": int((types["loyalty_level"] == "high").sum()),
        })  # fmt: skip

    @question(
        "Q6",
        lesson_cut=N_("the bars show the types at the parameters cell's loyalty_cut: use "
                      "my_loyalty_cut"),
    )  # fmt: skip
    def q6(self, my_loyalty_cut=None):
        cut = self.my_cut(my_loyalty_cut)
        what = Hint("what", N_("one bar per type (six) with its number of customers under your "
                               "cut-off"))  # fmt: skip
        return Chart(self.counts(cut), what, kinds=("bar", "pie"), wrong={
            "lesson_cut": self.counts() if cut != self.loyalty_cut else None,
        })  # fmt: skip

    @question(
        "Q7",
        hostages_only=N_("that is the hostages only: add the terrorists"),
        terrorists_only=N_("that is the terrorists only: add the hostages"),
        all_surveyed=N_("that is the revenue of all surveyed customers"),
        with_defectors=N_("that adds the defectors too: only hostages and terrorists"),
        your_cut=N_("that uses your cut-off from Q5: this question uses the parameters cell's "
                    "loyalty_cut"),
    )  # fmt: skip
    def q7(self, my_loyalty_cut=None):
        types = self.types()
        if types is None:
            return Number(0.0, MONEY)
        revenue = loyalty_type_table(types, self.summary)["revenue"]
        cut = self.my_cut(my_loyalty_cut)
        yours = None
        if cut != self.loyalty_cut:
            mine = loyalty_type_table(self.types(cut), self.summary)["revenue"]
            yours = mine[["hostage", "terrorist"]].sum()
        return Number(revenue[["hostage", "terrorist"]].sum(), MONEY, wrong={
            "hostages_only": revenue["hostage"],
            "terrorists_only": revenue["terrorist"],
            "all_surveyed": revenue.sum(),
            "with_defectors": revenue[["hostage", "terrorist", "defector"]].sum(),
            "your_cut": yours,
        })  # fmt: skip

    @cached_property
    def complaints(self) -> pd.DataFrame | None:
        return self.before_as_of("complaints")

    @question(
        "Q8",
        all_time=N_("that counts complaints of all time: keep the last 365 days"),
        one_complaint=N_("that counts big customers with at least one complaint: ask for two"),
        not_big=N_("that counts every customer with repeated complaints: keep the top 20% by "
                   "revenue"),
    )  # fmt: skip
    def q8(self):
        if self.complaints is None:
            return Number(0, COUNT)

        def count(**options):
            return len(big_customers_with_complaints(self.summary, self.complaints,
                                                     as_of=self.as_of, **options))  # fmt: skip

        return Number(count(), COUNT, wrong={
            "all_time": count(period_days=100_000),
            "one_complaint": count(min_complaints=1),
            "not_big": count(top=1.0),
        })  # fmt: skip
