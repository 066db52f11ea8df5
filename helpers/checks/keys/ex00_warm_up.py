"""Answer key of exercise 00, the warm-up (热身练习): first facts about the data."""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from helpers.checks.keys.base import (
    AnswerKey,
    AnyOf,
    Chart,
    Choice,
    Number,
    Table,
    Value,
    question,
)
from helpers.checks.messages import N_, Hint
from helpers.checks.policy import COUNT, MONEY, SHARE
from helpers.profiling import customer_sales_by_period, rank_customers

DEFAULT_TOP_N = 10


class WarmUp(AnswerKey):
    exercise = "00_warm_up"

    @cached_property
    def ranked(self) -> pd.DataFrame:
        return rank_customers(self.summary)

    @cached_property
    def last_day(self) -> pd.Timestamp:
        return self.orders["order_date"].max().normalize()

    def top_n(self, top_n) -> int:
        return int(self.chosen(top_n, DEFAULT_TOP_N, low=1, high=len(self.summary)))

    @cached_property
    def last_orders(self) -> pd.Series:
        """Each customer's last order date."""
        return self.orders.groupby("customer_id")["order_date"].max()

    def active_from(self, day: pd.Timestamp) -> int:
        """Customers with an order since 365 days before ``day`` (a wrong reference day)."""
        return int((self.last_orders >= day - pd.Timedelta(days=365)).sum())

    @question("Q1", order_lines=N_("you counted order lines: count each customer once (nunique)"))
    def q1(self):
        return Number(len(self.summary), COUNT, wrong={"order_lines": len(self.orders)})

    @question(
        "Q2",
        order_lines=N_("you counted order lines, not distinct orders: use nunique()"),
        customers=N_("that is the number of customers: count the distinct order ids"),
    )
    def q2(self):
        return Number(
            self.summary["frequency"].sum(),
            COUNT,
            wrong={"order_lines": len(self.orders), "customers": len(self.summary)},
        )

    @question("Q3 first day")
    def q3_first(self):
        return Value(self.summary["first_purchase"].min().normalize(), Hint("what", N_("day")))

    @question("Q3 last day",
              as_of=N_("that is the as-of date, the day after the last order: take the "
                       "day of the last order"))  # fmt: skip
    def q3_last(self):
        return Value(self.last_day, Hint("what", N_("day")), wrong={"as_of": self.as_of})

    @question(
        "Q4",
        last_order_day=N_("that is the last order day; the as-of date is the day after it"),
        today=N_("that is today: fix the as-of date so that re-runs give the same answer"),
    )
    def q4(self):
        today = pd.Timestamp.now().normalize()  # only to recognise this mistake
        return Value(
            self.as_of,
            Hint("what", N_("day")),
            wrong={"last_order_day": self.last_day, "today": today},
        )

    @question(
        "Q5",
        quantity=N_("that is the total quantity (number of items), not revenue"),
        cost=N_("that is the total cost, not revenue"),
    )
    def q5(self):
        wrong = {"quantity": self.orders["quantity"].sum()}
        if self.tables.has_cost:
            wrong["cost"] = self.orders["cost"].sum()
        return Number(self.summary["monetary"].sum(), MONEY, wrong=wrong)

    @question("Q6")
    def q6(self):
        return Choice(low=3, high=50, whole=True)

    @question(
        "Q7",
        smallest=N_("those are the smallest customers: sort descending (ascending=False)"),
        order_lines=N_("that counts order lines per customer: add up the revenue"),
        orders=N_("that counts orders per customer: add up the revenue"),
        quantity=N_("that adds up the quantity per customer: add up the revenue"),
    )
    def q7(self, top_n=None):
        n = self.top_n(top_n)
        revenue = self.ranked["value"]
        lines = self.orders.groupby("customer_id").size().sort_values(ascending=False)
        quantity = self.summary["quantity"].sort_values(ascending=False)
        frequency = self.summary["frequency"].sort_values(ascending=False)
        what = Hint("what", N_("the {n} biggest customers, one row each with their revenue, "
                               "largest first"), {"n": n})  # fmt: skip
        return Table(
            revenue.head(n),
            what,
            ordered=True,
            kinds={"value": MONEY},
            wrong={
                "smallest": revenue.tail(n),
                "order_lines": lines.head(n),
                "orders": frequency.head(n),
                "quantity": quantity.head(n),
            },
        )

    @question(
        "Q8 customer",
        smallest=N_("that is the smallest customer: sort descending, or use idxmax()"),
    )
    def q8_customer(self):
        return Value(
            self.ranked.index[0],
            Hint("what", N_("customer id")),
            wrong={"smallest": self.ranked.index[-1]},
        )

    @question("Q8 share",
              share_of_list=N_("that is a share of the top list only: divide by the total "
                               "revenue of all customers"))  # fmt: skip
    def q8_share(self, top_n=None):
        n = self.top_n(top_n)
        values = self.ranked["value"]
        return Number(
            self.ranked["share"].iloc[0],
            SHARE,
            wrong={"share_of_list": values.iloc[0] / values.head(n).sum()},
        )

    @question(
        "Q9",
        today=N_("measured from today: use the as-of date"),
        last_order_day=N_("measured from the last order day: use the as-of date"),
        everyone=N_("that is every customer: keep only the orders of the last 365 days"),
        dormant=N_("those are the customers WITHOUT an order in the last 365 days"),
        orders=N_("that counts orders: count the customers (nunique of customer_id)"),
    )
    def q9(self):
        active = int((self.summary["revenue_last_period"] > 0).sum())
        now = pd.Timestamp.now()
        recent = self.orders[self.orders["order_date"] >= self.as_of - pd.Timedelta(days=365)]
        return Number(active, COUNT, wrong={
            "today": AnyOf(self.active_from(now.normalize()), self.active_from(now)),
            "last_order_day": self.active_from(self.last_day),
            "everyone": len(self.summary),
            "dormant": len(self.summary) - active,
            "orders": recent["order_id"].nunique(),
        })  # fmt: skip

    @question(
        "Q10",
        quantity=N_("the bars show the quantity per month: draw the revenue"),
        orders=N_("the bars show a count per month: draw the sum of the revenue"),
    )
    def q10(self):
        by_month = customer_sales_by_period(self.orders, as_of=self.as_of, freq="MS").sum()
        month = self.orders["order_date"].dt.to_period("M")
        what = Hint("what", N_("one bar per month with the month's revenue ({n} months)"),
                    {"n": len(by_month)})  # fmt: skip
        return Chart(
            by_month,
            what,
            kinds=("bar", "line"),
            wrong={
                "quantity": self.orders.groupby(month)["quantity"].sum(),
                "orders": AnyOf(
                    self.orders.groupby(month).size(),
                    self.orders.groupby(month)["order_id"].nunique(),
                ),
            },
        )
