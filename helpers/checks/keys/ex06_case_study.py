"""Answer key of exercise 06, the case study (综合案例).

Q1-Q2 check data before trusting it, on the raw delivery of
:func:`helpers.checks.materials.raw_delivery` (real faults, a missing table); the rest
analyses the company of the run.
"""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from helpers.checks.keys.base import (
    AnswerKey,
    Chart,
    Choice,
    Names,
    Number,
    Table,
    question,
)
from helpers.checks.materials import raw_delivery
from helpers.checks.messages import N_, Hint
from helpers.checks.policy import COUNT, SHARE
from helpers.deciles import customer_deciles, value_deciles
from helpers.grading import abc_grade_by_share
from helpers.loyalty import behavioural_loyalty_classes, loyalty_matrix_types
from helpers.params import PARAMETERS
from helpers.profiling import customer_summary
from helpers.schema import OPTIONAL_TABLES

UNHAPPY = ["hostage", "defector", "terrorist"]


class CaseStudy(AnswerKey):
    exercise = "06_case_study"
    parameters = ("period_days", "pareto_cutoffs", "declining_below", "satisfaction_cuts",
                  "loyalty_cut", "apostle_min", "min_complaints")  # fmt: skip

    @cached_property
    def delivery(self):
        return raw_delivery()

    @cached_property
    def period_start(self) -> pd.Timestamp:
        return self.as_of - pd.Timedelta(days=self.period_days)

    @cached_property
    def history(self) -> pd.DataFrame:
        return customer_summary(self.orders, as_of=self.as_of, period_days=self.period_days)

    @cached_property
    def period(self) -> pd.DataFrame:
        lines = self.orders[self.orders["order_date"] >= self.period_start]
        return customer_summary(lines, as_of=self.as_of)

    @cached_property
    def grades(self) -> pd.DataFrame:
        return abc_grade_by_share(self.period, cutoffs=self.pareto_cutoffs)

    @cached_property
    def signals(self) -> pd.DataFrame:
        """The three risk signals of every customer of the period (lesson 06)."""
        ids = self.period.index
        classes = behavioural_loyalty_classes(self.history, self.tables.leads, as_of=self.as_of,
                                              declining_below=self.declining_below)  # fmt: skip
        switch = classes["loyalty_class"].reindex(ids) == "loyal_may_switch"
        unhappy = pd.Series(False, index=ids)
        survey = self.tables.survey
        if survey is not None:
            survey = survey[survey["survey_date"] < self.as_of]
            if len(survey):
                types = loyalty_matrix_types(survey, satisfaction_cuts=self.satisfaction_cuts,
                                             loyalty_cut=self.loyalty_cut,
                                             apostle_min=self.apostle_min)  # fmt: skip
                unhappy = types["loyalty_type"].reindex(ids).isin(UNHAPPY)
        complained = pd.Series(False, index=ids)
        complaints = self.tables.complaints
        if complaints is not None:
            dates = complaints["complaint_date"]
            recent = complaints[(dates >= self.period_start) & (dates < self.as_of)]
            counts = recent.groupby("customer_id").size()
            complained = counts.reindex(ids, fill_value=0) >= self.min_complaints
        return pd.DataFrame({"switch": switch.to_numpy(), "unhappy": unhappy.to_numpy(),
                             "complained": complained.to_numpy()}, index=ids)  # fmt: skip

    @question(
        "Q1",
        kept=N_("that is the share that was kept: the question asks for the share set aside"),
        lines=N_("that is a number of lines: divide by rows_in"),
    )
    def q1(self):
        report = self.delivery.cleaning
        return Number(1 - report.rows_out / report.rows_in, SHARE, wrong={
            "kept": report.rows_out / report.rows_in,
            "lines": report.rows_in - report.rows_out,
        })  # fmt: skip

    @question("Q2", present=N_("those are the tables that are present: list the missing ones"))
    def q2(self):
        missing = self.delivery.missing()
        present = [t for t in OPTIONAL_TABLES if t not in missing]
        return Names(missing, wrong={"present": present})

    @question(
        "Q3",
        whole_history=N_("that grades the whole history: use the period's customers (period)"),
        crossing=N_("the customer that crosses the cut-off is still A (cumulative share BEFORE "
                    "it)"),
    )  # fmt: skip
    def q3(self):
        history = abc_grade_by_share(self.history, cutoffs=self.pareto_cutoffs)
        cumulative = self.grades["cumulative_share"]
        return Number(int((self.grades["grade"] == "A").sum()), COUNT, wrong={
            "whole_history": int((history["grade"] == "A").sum()),
            "crossing": int((cumulative <= self.pareto_cutoffs[0]).sum()),
        })  # fmt: skip

    @question(
        "Q4",
        top_ten=N_("that is the top 10 customers: take the top 10% of customers"),
        whole_history=N_("that uses the whole history: use the period's customers"),
        profit=N_("that is the top decile's share of profit: the question asks for revenue"),
        value_decile=N_("that is the first tenth of revenue (a value decile): the question asks "
                        "what the top 10% of customers bring"),
    )  # fmt: skip
    def q4(self):
        top = customer_deciles(self.period).loc[1]
        revenue = self.period["monetary"]
        return Number(top["revenue_share"], SHARE, wrong={
            "top_ten": revenue.nlargest(10).sum() / revenue.sum(),
            "whole_history": customer_deciles(self.history).loc[1, "revenue_share"],
            "profit": top["profit_share"] if self.tables.has_cost else None,
            "value_decile": value_deciles(self.period).loc[1, "revenue_share"],
        })  # fmt: skip

    @question(
        "Q5",
        all_signals=N_("that needs every signal at once (&): one signal is enough (|)"),
        behaviour_only=N_("that counts the behavioural signal only: add the survey and "
                          "complaints"),
        all_grades=N_("that counts all grades: keep the A and B customers"),
    )  # fmt: skip
    def q5(self):
        signals = self.signals
        ab = self.grades["grade"].reindex(signals.index).isin(["A", "B"]).to_numpy()
        any_signal = signals.any(axis=1).to_numpy()
        return Number(int((ab & any_signal).sum()), COUNT, wrong={
            "all_signals": int((ab & signals.all(axis=1).to_numpy()).sum()),
            "behaviour_only": int((ab & signals["switch"].to_numpy()).sum()),
            "all_grades": int(any_signal.sum()),
        })  # fmt: skip

    @question("Q6 base service")
    def q6_choice(self):
        return Choice(low=0, high=0.5)

    def split(self, my_base_service, value_column=None):
        """(resource share, customer share, value share) per grade."""
        base = float(self.chosen(my_base_service, PARAMETERS["base_service"].default,
                                 low=0, high=1))  # fmt: skip
        column = value_column or ("profit" if self.tables.has_cost else "monetary")
        grade = self.grades["grade"].reindex(self.period.index)
        value = self.period[column].groupby(grade, observed=False).sum().clip(lower=0)
        count = self.grades["grade"].value_counts(sort=False)
        customer_part = count / count.sum()
        value_part = value / value.sum()
        return base * customer_part + (1 - base) * value_part, customer_part, value_part, base

    @question(
        "Q6 resource split",
        value_only=N_("that is the value share only: add the basic service"),
        customer_only=N_("that is the share of customers: the rest should follow value"),
        reversed=N_("the basic service follows customers and the rest follows value, not the "
                    "reverse"),
        revenue_not_profit=N_("with costs in the data, value is profit: split the rest by "
                              "profit, not revenue"),
    )  # fmt: skip
    def q6_split(self, my_base_service=None):
        share, customer_part, value_part, base = self.split(my_base_service)
        by_revenue = None
        if self.tables.has_cost:
            by_revenue = self.split(my_base_service, "monetary")[0]
        what = Hint("what", N_("one row per grade A, B, C with its share of the resources"))
        return Table(share, what, kinds={"value": SHARE}, wrong={
            "value_only": value_part,
            "customer_only": customer_part,
            "reversed": base * value_part + (1 - base) * customer_part,
            "revenue_not_profit": by_revenue,
        })  # fmt: skip

    @question(
        "Q7",
        customer_share=N_("the bars show the share of customers only: draw your resource_share"),
    )
    def q7(self, my_base_service=None):
        share, customer_part, _, _ = self.split(my_base_service)
        what = Hint("what", N_("one bar per grade with its resource share (and, if you like, "
                               "its customer share beside it)"))  # fmt: skip
        both = pd.concat([share, customer_part])
        return Chart(
            share,
            what,
            kinds=("bar", "pie"),
            either=[both],
            wrong={"customer_share": customer_part},
        )
