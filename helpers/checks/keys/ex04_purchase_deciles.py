"""Answer key of exercise 04, purchase decile analysis (购买十分位分析).

The two tables of lesson 04: customer deciles (ten groups of customers of equal size,
the top ``ceil(n / 10)`` first) and value deciles (ten equal parts of revenue; a customer
belongs to the tenth in which its revenue starts). The prepared mistakes are the ones
students make between them: the customer share instead of the revenue share, the
smallest customers, ``n // 10`` instead of ``ceil(n / 10)``, ``pd.qcut`` on the values
(groups by value ranges, whose sizes differ from the ranking's), the value deciles for the
customer deciles,
profit for sales.
"""

from __future__ import annotations

import math
from functools import cached_property

import numpy as np
import pandas as pd

from helpers.checks.keys.base import (
    AnswerKey,
    AnyOf,
    Chart,
    Choice,
    Number,
    Skip,
    Table,
    question,
)
from helpers.checks.messages import N_, Hint
from helpers.checks.policy import COUNT, SHARE
from helpers.deciles import customer_deciles, profitable_groups, value_deciles
from helpers.params import PARAMETERS
from helpers.profiling import customer_summary


def period_customers(run, period_days: int) -> pd.DataFrame:
    """The customers of the period with their ``trend`` over the two periods before as_of."""
    history = customer_summary(run.orders, as_of=run.as_of, period_days=period_days)
    customers = customer_summary(run.period(period_days).orders, as_of=run.as_of)
    customers["trend"] = history["trend"].reindex(customers.index)
    return customers


class PurchaseDeciles(AnswerKey):
    exercise = "04_purchase_deciles"
    parameters = ("period_days",)

    @cached_property
    def customers(self) -> pd.DataFrame:
        return period_customers(self.run, self.period_days)

    @cached_property
    def ranked(self) -> pd.Series:
        return self.customers["monetary"].round(2).sort_values(ascending=False, kind="stable")

    @cached_property
    def by_customers(self) -> pd.DataFrame:
        return customer_deciles(self.customers)

    @cached_property
    def by_sales(self) -> pd.DataFrame:
        return value_deciles(self.customers, by="monetary")

    def share_of(self, values: pd.Series) -> float:
        return float(values.sum() / self.ranked.sum())

    @cached_property
    def qcut_deciles(self) -> pd.Series:
        """Decile 1..10 by ``pd.qcut`` on the values (value ranges), 1 = the largest."""
        codes = pd.qcut(self.ranked, 10, labels=False, duplicates="drop")
        return codes.max() + 1 - codes

    @question(
        "Q1",
        customer_share=N_("that is the share of customers, not of revenue"),
        smallest=N_("those are the SMALLEST customers: sort descending"),
        floor=N_("n / 10 rounded down: round the group size up (math.ceil)"),
        value_decile=N_("that is the first tenth of revenue (a value decile): the question asks "
                        "what the top 10% of customers bring (a customer decile)"),
        profit=N_("that is the top decile's share of profit: the question asks for revenue"),
    )  # fmt: skip
    def q1(self):
        n = len(self.ranked)
        top = self.by_customers.loc[1]
        profit = top["profit_share"] if self.tables.has_cost else None
        return Number(top["revenue_share"], SHARE, wrong={
            "customer_share": top["customer_share"],
            "smallest": self.share_of(self.ranked.tail(math.ceil(n / 10))),
            "floor": self.share_of(self.ranked.head(n // 10)) if n % 10 else None,
            "value_decile": self.by_sales.loc[1, "revenue_share"],
            "profit": profit,
        })  # fmt: skip

    @question(
        "Q2",
        reversed=N_("decile 1 holds the smallest customers: rank largest first"),
        revenue=N_("that is the revenue, not the share of revenue"),
        from_zero=N_("number the deciles 1 to 10 (1 = the biggest customers), not 0 to 9"),
        qcut=N_("pd.qcut on the revenue cuts value ranges, whose groups can differ in size: "
                "cut the ranked customers into ten groups of (nearly) equal size"),
    )  # fmt: skip
    def q2(self):
        shares = self.by_customers["revenue_share"]
        qcut = self.ranked.groupby(self.qcut_deciles).sum() / self.ranked.sum()
        smallest_first = self.ranked.iloc[::-1]
        decile_of = np.arange(len(smallest_first)) * 10 // max(len(smallest_first), 1) + 1
        reversed_ = smallest_first.groupby(decile_of).sum() / self.ranked.sum()
        what = Hint("what", N_("one row per decile 1 to 10 with its share of revenue"))
        return Table(shares, what, kinds={"value": SHARE}, wrong={
            "reversed": AnyOf(reversed_, pd.Series(shares.to_numpy()[::-1], index=shares.index)),
            "revenue": self.by_customers["revenue"],
            "from_zero": pd.Series(shares.to_numpy(), index=shares.index - 1),
            "qcut": qcut,
        })  # fmt: skip

    @question(
        "Q3",
        customer_decile=N_("that is the size of the top customer DECILE (10% of customers), not "
                           "of the first tenth of revenue"),
        crossing=N_("you used the share including each customer: the customer whose revenue "
                    "crosses 10% starts in the first tenth, count it too"),
    )  # fmt: skip
    def q3(self):
        cumulative = self.ranked.cumsum() / self.ranked.sum()
        return Number(self.by_sales.loc[1, "customers"], COUNT, wrong={
            "customer_decile": self.by_customers.loc[1, "customers"],
            "crossing": int((cumulative < 0.10).sum()),
        })  # fmt: skip

    @question(
        "Q4",
        customer_deciles=N_("those are the sizes of the customer deciles (ten equal groups): "
                            "draw the number of customers behind each tenth of sales"),
        revenue=N_("the bars show the revenue of each tenth: draw the number of customers"),
    )  # fmt: skip
    def q4(self):
        what = Hint("what", N_("ten bars: the number of customers in each value decile"))
        return Chart(self.by_sales["customers"], what, kinds=("bar", "line"), wrong={
            "customer_deciles": self.by_customers["customers"],
            "revenue": self.by_sales["revenue"],
        })  # fmt: skip

    @question("Q5 threshold")
    def q5_choice(self):
        return Choice(low=-0.9, high=0.0)

    def threshold(self, my_declining_below) -> float:
        default = PARAMETERS["declining_below"].default
        return float(self.chosen(my_declining_below, default, low=-1.0, high=10.0))

    @question(
        "Q5 falling customers",
        all_customers=N_("that counts falling customers among ALL customers: keep only those "
                         "outside the first half of revenue"),
        inside_half=N_("those are the falling customers INSIDE the first half of revenue: take "
                       "the others"),
    )  # fmt: skip
    def q5_count(self, my_declining_below=None):
        threshold = self.threshold(my_declining_below)
        before = (self.ranked.cumsum() - self.ranked) / self.ranked.sum()
        falling = self.customers["trend"].reindex(self.ranked.index) < threshold
        return Number(int(((before >= 0.50) & falling).sum()), COUNT, wrong={
            "all_customers": int(falling.sum()),
            "inside_half": int(((before < 0.50) & falling).sum()),
        })  # fmt: skip

    @question(
        "Q6",
        zero_threshold=N_("those are the counts for a threshold of 0 (any fall): pass your "
                          "my_declining_below"),
        sales_not_profit=N_("profit decides who is profitable: pass the profit column, not the "
                            "revenue"),
    )  # fmt: skip
    def q6(self, my_declining_below=None):
        if not self.tables.has_cost:
            return Skip(N_("this data has no costs, so the profitable groups cannot be formed"))
        threshold = self.threshold(my_declining_below)

        def counts(**options):
            groups = profitable_groups(self.customers, **options)["group"]
            return groups.value_counts(sort=False)

        what = Hint("what", N_("one row per group (retain, grow share of wallet, losing value, "
                               "transactional) with its number of customers"))  # fmt: skip
        return Table(counts(declining_below=threshold), what, kinds={"value": COUNT}, wrong={
            "zero_threshold": counts(declining_below=0.0) if threshold != 0 else None,
            "sales_not_profit": counts(declining_below=threshold, profit="monetary"),
        })  # fmt: skip

    @question(
        "Q7",
        reversed=N_("that is the share of customers who make 80% of revenue, the other way round"),
        smallest=N_("those are the smallest 20% of customers: sort descending"),
        floor=N_("20% of n rounded down: take the first ceil(0.2 * n) customers"),
    )
    def q7(self):
        n = len(self.ranked)
        before = (self.ranked.cumsum() - self.ranked) / self.ranked.sum()
        count = math.ceil(0.2 * n)
        return Number(self.by_customers.loc[[1, 2], "revenue_share"].sum(), SHARE, wrong={
            "reversed": int((before < 0.80).sum()) / n,
            "smallest": self.share_of(self.ranked.tail(count)),
            "floor": self.share_of(self.ranked.head(int(0.2 * n))) if int(0.2 * n) != count
            else None,
        })  # fmt: skip
