"""Answer key of exercise 03, ABC grading and customer tiers (ABC分类法).

The grades are those of lesson 03 §2 and §7: Pareto grades by cumulative share of the
grading period's revenue with the ``pareto_cutoffs`` parameter.
"""

from __future__ import annotations

import math
from functools import cached_property

import numpy as np
import pandas as pd

from helpers.checks.keys.base import AnswerKey, AnyOf, Chart, Choice, Number, Table, question
from helpers.checks.messages import N_, Hint
from helpers.checks.policy import COUNT, MONEY, RATIO, SHARE
from helpers.grading import (
    abc_grade_by_share,
    grade_by_rank,
    grade_migration,
    resource_allocation_table,
)
from helpers.profiling import customer_summary


def one_figure(amount: float) -> float:
    """An amount rounded to one significant figure (13,358 -> 10,000; 3,093 -> 3,000)."""
    return float(round(amount, -math.floor(math.log10(amount)))) if amount > 0 else 0.0


def smallest_a(customers: pd.DataFrame, cutoffs) -> float:
    graded = abc_grade_by_share(customers, cutoffs=cutoffs)
    return float(graded.loc[graded["grade"] == "A", "value"].min())


class AbcGrading(AnswerKey):
    exercise = "03_abc_grading"
    parameters = ("period_days", "pareto_cutoffs", "vip_share", "current_plan")

    @cached_property
    def in_period(self) -> pd.DataFrame:
        return self.run.period(self.period_days).orders

    @cached_property
    def customers(self) -> pd.DataFrame:
        return customer_summary(self.in_period, as_of=self.as_of)

    @cached_property
    def pareto(self) -> pd.DataFrame:
        return abc_grade_by_share(self.customers, cutoffs=self.pareto_cutoffs)

    @cached_property
    def whole_history(self) -> pd.Series:
        return self.orders.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)

    def a_cutoff(self, a_cutoff) -> float:
        return float(self.chosen(a_cutoff, self.pareto_cutoffs[0], low=0.01, high=0.99))

    def cutoffs(self, a_cutoff) -> tuple[float, float]:
        cut = self.a_cutoff(a_cutoff)
        return cut, max(self.pareto_cutoffs[1], cut)

    @question(
        "Q1",
        whole_history=N_("that is the revenue of the whole history: use in_period"),
        profit=N_("that is each customer's profit: add up the revenue"),
    )
    def q1(self):
        what = Hint("what", N_("one row per customer of the period with its revenue, largest "
                               "first"))  # fmt: skip
        profit = None
        if self.tables.has_cost:
            profit = self.customers["profit"].sort_values(ascending=False)
        return Table(
            self.pareto["value"],
            what,
            ordered=True,
            kinds={"value": MONEY},
            wrong={"whole_history": self.whole_history, "profit": profit},
        )

    @question(
        "Q2",
        including_self=N_("you graded by the share INCLUDING each customer: the one that crosses "
                          "the cut-off is still A (use the share of the customers before it)"),
        whole_history=N_("those are the grades of the whole history: grade the period's "
                         "customers"),
    )  # fmt: skip
    def q2(self):
        low, high = self.pareto_cutoffs
        after = pd.cut(self.pareto["cumulative_share"], [-1, low, high, 2], labels=["A", "B", "C"])
        history = abc_grade_by_share(self.whole_history.rename("monetary").to_frame(),
                                     cutoffs=self.pareto_cutoffs)["grade"]  # fmt: skip
        what = Hint("what", N_("one grade (A, B or C) per customer of the period"))
        return Table(
            self.pareto["grade"], what, wrong={"including_self": after, "whole_history": history}
        )

    @cached_property
    def vip(self) -> pd.Series:
        ranked = grade_by_rank(self.customers, top=(self.vip_share,), labels=("VIP", "other"))
        return ranked.loc[ranked["grade"] == "VIP", "value"]

    @question(
        "Q3 VIP customers",
        floor=N_("the top 1% rounded down: round the number of VIPs up (math.ceil)"),
        whole_history=N_("that is the whole history: use the grading period"),
    )
    def q3_vip(self):
        n = len(self.customers)
        floor = max(int(self.vip_share * n), 1)
        what = Hint("what", N_("the VIP customers, one row each with their revenue, largest "
                               "first"))  # fmt: skip
        return Table(self.vip, what, ordered=True, kinds={"value": MONEY}, wrong={
            "floor": self.pareto["value"].head(floor) if floor != len(self.vip) else None,
            "whole_history": self.whole_history.head(len(self.vip)),
        })  # fmt: skip

    @question(
        "Q3 VIP share",
        customer_share=N_("that is the VIPs' share of the customers: divide their revenue by "
                          "the period's revenue"),
        whole_history_total=N_("that divides by the revenue of the whole history: divide by "
                               "the period's revenue"),
    )  # fmt: skip
    def q3_share(self):
        total = self.customers["monetary"].sum()
        return Number(self.vip.sum() / total, SHARE, wrong={
            "customer_share": len(self.vip) / len(self.customers),
            "whole_history_total": self.vip.sum() / self.orders["revenue"].sum(),
        })  # fmt: skip

    @question("Q4 cut-off")
    def q4_choice(self):
        return Choice(low=0.5, high=0.9)

    @question(
        "Q4 A customers",
        default_cutoff=N_("that is the number of A customers at the default cut-off: use your "
                          "a_cutoff"),
        including_self=N_("the customer that crosses the cut-off is still A (use the share of "
                          "the customers before it)"),
    )  # fmt: skip
    def q4_count(self, a_cutoff=None):
        cutoffs = self.cutoffs(a_cutoff)
        graded = abc_grade_by_share(self.customers, cutoffs=cutoffs)
        n_a = int((graded["grade"] == "A").sum())
        default = int((self.pareto["grade"] == "A").sum())
        return Number(n_a, COUNT, wrong={
            "default_cutoff": default if cutoffs[0] != self.pareto_cutoffs[0] else None,
            "including_self": int((graded["cumulative_share"] <= cutoffs[0]).sum()),
        })  # fmt: skip

    @question(
        "Q5",
        exact_amount=N_("that is the exact amount: round it to one significant figure"),
        default_cutoff=N_("that is the amount at the default cut-off: use your a_cutoff"),
    )
    def q5(self, a_cutoff=None):
        cutoffs = self.cutoffs(a_cutoff)
        smallest = smallest_a(self.customers, cutoffs)
        default = one_figure(smallest_a(self.customers, self.pareto_cutoffs))
        return Number(one_figure(smallest), MONEY, wrong={
            "exact_amount": smallest,
            "default_cutoff": default if cutoffs[0] != self.pareto_cutoffs[0] else None,
        })  # fmt: skip

    @cached_property
    def allocation(self) -> pd.DataFrame:
        return resource_allocation_table(self.pareto, dict(self.current_plan))

    @question(
        "Q6",
        customer_share=N_("you divided by the share of customers, not of revenue"),
        inverted=N_("that is revenue share / hours share: turn the ratio around"),
        profit_share=N_("you divided by the share of profit: the question asks for revenue"),
    )
    def q6(self):
        table = self.allocation
        what = Hint("what", N_("one row per grade A, B, C with its share of hours divided by its "
                               "share of the period's revenue"))  # fmt: skip
        profit = None
        if self.tables.has_cost and np.all(table["profit_share"] > 0):
            profit = table["resource_share"] / table["profit_share"]
        return Table(table["resource_per_revenue"], what, kinds={"value": RATIO}, wrong={
            "customer_share": table["resource_share"] / table["customer_share"],
            "inverted": 1 / table["resource_per_revenue"],
            "profit_share": profit,
        })  # fmt: skip

    @question(
        "Q8",
        profit_share=N_("the bars show the share of profit: the question asks for the share of "
                        "revenue"),
        hours_share=N_("the bars show the share of hours: the question asks for the share of "
                       "revenue"),
    )  # fmt: skip
    def q8(self):
        table = self.allocation
        what = Hint("what", N_("six bars: each grade's share of customers and share of revenue"))
        profit = None
        if self.tables.has_cost:
            profit = pd.concat([table["customer_share"], table["profit_share"]])
        return Chart(pd.concat([table["customer_share"], table["revenue_share"]]), what,
                     kinds=("bar",), wrong={
                         "profit_share": profit,
                         "hours_share": pd.concat([table["customer_share"],
                                                   table["resource_share"]]),
                     })  # fmt: skip

    @question(
        "Q9",
        rose=N_("that counts the customers who moved UP"),
        lost=N_("the lost customers (no purchase in the later period) are not a fall in grade"),
    )
    def q9(self, earlier=None, later=None, middle=None):
        before = abc_grade_by_share(customer_summary(earlier, as_of=middle),
                                    cutoffs=self.pareto_cutoffs)  # fmt: skip
        after = abc_grade_by_share(customer_summary(later, as_of=self.as_of),
                                   cutoffs=self.pareto_cutoffs)  # fmt: skip
        moves = grade_migration(before, after)
        rank = {"A": 0, "B": 1, "C": 2}
        fell = sum(moves.loc[b, a] for b in rank for a in rank if rank[a] > rank[b])
        rose = sum(moves.loc[b, a] for b in rank for a in rank if rank[a] < rank[b])
        return Number(int(fell), COUNT, wrong={
            "rose": int(rose),
            "lost": AnyOf(int(fell + moves["lost"].sum()),
                          int(fell + moves.loc[list(rank), "lost"].sum())),
        })  # fmt: skip
