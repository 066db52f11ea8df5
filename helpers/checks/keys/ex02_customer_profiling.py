"""Answer key of exercise 02, customer profiling (客户基本情况与商业价值分析)."""

from __future__ import annotations

import math
from functools import cached_property

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
from helpers.checks.policy import COUNT, DAYS, MONEY, SHARE
from helpers.profiling import (
    big_customers_with_complaints,
    composition_table,
    cross_sell_prospects,
    gold_and_drag_customers,
    margin_by_product,
    rank_customers,
)

DEFAULT_DORMANT = 180
#: the rule of Q8: distinct categories (at most 2), or products (at most 10) without categories
MAX_ITEMS = {"category": 2, "product_id": 10}


def region_column(customers: pd.DataFrame | None) -> str | None:
    """The customers table's region column ("region", else "country"), or None."""
    if customers is None:
        return None
    return next((c for c in ("region", "country") if c in customers.columns), None)


class CustomerProfiling(AnswerKey):
    exercise = "02_customer_profiling"

    @cached_property
    def ranked(self) -> pd.DataFrame:
        return rank_customers(self.summary)

    @cached_property
    def has_categories(self) -> bool:
        products = self.tables.products
        return products is not None and "category" in products.columns

    def items(self) -> pd.Series:
        """Each order line's item: its product category, or the product without categories."""
        if not self.has_categories:
            return self.orders["product_id"]
        products = self.tables.products.drop_duplicates("product_id")
        category = products.set_index("product_id")["category"]
        return self.orders["product_id"].map(category).fillna("(unknown)")

    @question(
        "Q1",
        frequency_lines=N_("frequency counts order lines: count distinct orders (nunique)"),
        recency_last_day=N_("recency is measured from the last order in the data: use the "
                            "as-of date"),
    )  # fmt: skip
    def q1(self):
        want = self.summary[["recency_days", "frequency", "monetary"]]
        lines = self.orders.groupby("customer_id").size().reindex(want.index)
        shift = (self.as_of - self.orders["order_date"].max().normalize()).days
        what = Hint("what", N_("one row per customer with recency_days, frequency and monetary"))
        kinds = {"recency_days": DAYS, "frequency": COUNT, "monetary": MONEY}
        return Table(want, what, named=True, kinds=kinds, wrong={
            "frequency_lines": want.assign(frequency=lines),
            "recency_last_day": want.assign(recency_days=want["recency_days"] - shift),
        })  # fmt: skip

    @question(
        "Q2",
        customer_share=N_("that is the share of customers: divide each region's revenue by "
                          "the total revenue"),
        revenue=N_("that is the revenue of each region: divide it by the total revenue"),
    )  # fmt: skip
    def q2(self):
        column = region_column(self.tables.customers)
        if column is None:
            return Skip(N_("this data has no customer table with a region: nothing to check"))
        table = composition_table(self.tables.customers, column, summary=self.summary)
        want = table[["customers", "revenue_share"]]
        what = Hint("what", N_("one row per region with customers and revenue_share"))
        return Table(
            want,
            what,
            named=True,
            kinds={"customers": COUNT, "revenue_share": SHARE},
            wrong={
                "customer_share": want.assign(revenue_share=table["customer_share"]),
                "revenue": want.assign(revenue_share=table["revenue"]),
            },
        )

    @question(
        "Q3",
        smallest=N_("those are the smallest customers: sort descending"),
        share_of_top10=N_("the shares are of the top ten's revenue: divide by the total revenue "
                          "of all customers"),
    )  # fmt: skip
    def q3(self):
        ranked = self.ranked.rename(columns={"value": "revenue"})
        want = ranked[["revenue", "share", "cumulative_share"]].head(10)
        small = ranked[["revenue", "share"]].iloc[::-1].head(10)
        in_top = want["revenue"] / want["revenue"].sum()
        what = Hint("what", N_("the ten biggest customers, largest first, with revenue, share "
                               "and cumulative_share"))  # fmt: skip
        kinds = {"revenue": MONEY, "share": SHARE, "cumulative_share": SHARE}
        return Table(want, what, ordered=True, named=True, kinds=kinds, sort_by="revenue",
                     running=("cumulative_share",), wrong={
            "smallest": small.assign(cumulative_share=small["share"].cumsum()),
            "share_of_top10": want.assign(share=in_top, cumulative_share=in_top.cumsum()),
        })  # fmt: skip

    @question("Q4 choice")
    def q4_choice(self):
        return Choice(low=30, high=730, whole=True)

    @question(
        "Q4 count",
        at_limit=N_("'more than' the cut-off: use >, not >="),
        active=N_("that counts the active customers, not the dormant ones"),
    )
    def q4_count(self, dormant_days=None):
        days = self.chosen(dormant_days, DEFAULT_DORMANT, low=0)
        recency = self.summary["recency_days"]
        return Number(int((recency > days).sum()), COUNT, wrong={
            "at_limit": int((recency >= days).sum()),
            "active": int((recency <= days).sum()),
        })  # fmt: skip

    @question(
        "Q5",
        whole_history=N_("that ranks customers by all their revenue: use last year's revenue only"),
        buyers_only=N_("n is every customer of summary, also those who bought nothing last year"),
        all_time_total=N_("that divides by the revenue of the whole history: divide by last "
                          "year's revenue"),
    )  # fmt: skip
    def q5(self):
        n = len(self.summary)
        groups = gold_and_drag_customers(self.summary, column="revenue_last_period")
        last = self.summary["revenue_last_period"]
        n_gold = math.ceil(0.05 * n)
        top_last = last.sort_values(ascending=False)
        by_total = last.loc[self.ranked.index[:n_gold]].sum() / last.sum()
        buyers = int((last > 0).sum())
        return Number(groups.loc[groups["group"] == "gold", "share"].sum(), SHARE, wrong={
            "whole_history": AnyOf(by_total, self.ranked["share"].head(n_gold).sum()),
            "buyers_only": top_last.head(math.ceil(0.05 * buyers)).sum() / last.sum(),
            "all_time_total": top_last.head(n_gold).sum() / self.summary["monetary"].sum(),
        })  # fmt: skip

    @question(
        "Q6",
        counts=N_("the bars show numbers of customers: draw each group's share of last year's "
                  "revenue"),
        customer_share=N_("the bars show each group's share of customers: draw its share of "
                          "last year's revenue"),
    )  # fmt: skip
    def q6(self):
        groups = gold_and_drag_customers(self.summary, column="revenue_last_period")
        by_group = groups.groupby("group", observed=False)
        counts = by_group.size()
        what = Hint("what", N_("three bars (gold, middle, drag) with each group's share of last "
                               "year's revenue"))  # fmt: skip
        return Chart(
            by_group["share"].sum(),
            what,
            kinds=("bar", "pie"),
            wrong={"counts": counts, "customer_share": counts / counts.sum()},
        )

    @question(
        "Q7",
        all_time=N_("count only complaints of the last 365 days"),
        one_complaint=N_("that counts big customers with at least one complaint: ask for two"),
        not_big=N_("that counts every customer with repeated complaints: keep the big ones "
                   "(top 20% by revenue)"),
    )  # fmt: skip
    def q7(self):
        complaints = self.tables.complaints
        if complaints is None:
            return Skip(N_("this data has no complaints table"))

        def count(**options):
            found = big_customers_with_complaints(self.summary, complaints, as_of=self.as_of,
                                                  **options)  # fmt: skip
            return len(found)

        return Number(count(top=0.20, min_complaints=2), COUNT, wrong={
            "all_time": count(top=0.20, min_complaints=2, period_days=100_000),
            "one_complaint": count(top=0.20, min_complaints=1),
            "not_big": count(top=1.0, min_complaints=2),
        })  # fmt: skip

    @question(
        "Q8",
        no_median=N_("keep only customers who spend at least the median"),
        fewer_items=N_("'at most max_items' lines: use <=, not <"),
        products=N_("that counts distinct products: count the distinct items of `lines` "
                    "(the product categories)"),
    )  # fmt: skip
    def q8(self, max_items=None):
        by = "category" if self.has_categories else "product_id"
        limit = int(self.chosen(max_items, MAX_ITEMS[by], low=1))
        median = self.summary["monetary"].median()

        everyone: dict[str, pd.DataFrame] = {}  # every customer's items, once per kind

        def prospects(by_what, most, least):
            if by_what not in everyone:
                everyone[by_what] = cross_sell_prospects(
                    self.orders, self.tables.products, by=by_what,
                    max_items=float("inf"), min_monetary=float("-inf"),
                )  # fmt: skip
            found = everyone[by_what]
            return found.loc[(found["items_bought"] <= most) & (found["monetary"] >= least),
                             "monetary"]  # fmt: skip

        what = Hint("what", N_("one row per prospect with its total revenue"))
        wrong = {
            "no_median": prospects(by, limit, 0.0),
            "fewer_items": prospects(by, limit - 1, median) if limit > 1 else None,
        }
        if by == "category":
            wrong["products"] = prospects("product_id", limit, median)
        return Table(prospects(by, limit, median), what, kinds={"value": MONEY}, wrong=wrong)

    @question(
        "Q9",
        markup=N_("that is profit / cost (a mark-up), not profit / revenue"),
        mean_of_lines=N_("that is the average of the lines' margins: divide the category's "
                         "total profit by its total revenue"),
    )  # fmt: skip
    def q9(self):
        if not (self.tables.has_cost and self.has_categories):
            return Skip(N_("this data has no cost or no categories: gross margin cannot be "
                           "computed"))  # fmt: skip
        margins = margin_by_product(self.orders, products=self.tables.products)
        totals = margins.groupby("category")[["revenue", "profit"]].sum()
        item = self.items()
        line_margin = (self.orders["revenue"] - self.orders["cost"]) / self.orders["revenue"]
        what = Hint("what", N_("one row per product category with its gross margin"))
        return Table(totals["profit"] / totals["revenue"], what, kinds={"value": SHARE}, wrong={
            "markup": totals["profit"] / (totals["revenue"] - totals["profit"]),
            "mean_of_lines": line_margin.groupby(item).mean(),
        })  # fmt: skip
