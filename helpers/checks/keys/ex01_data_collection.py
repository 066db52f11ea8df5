"""Answer key of exercise 01, customer data collection (客户信息搜集)."""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from helpers.checks.keys.base import AnswerKey, AnyOf, Chart, Choice, Number, Table, question
from helpers.checks.materials import candidate_fields
from helpers.checks.messages import N_, Hint
from helpers.checks.policy import COUNT, MONEY, SHARE
from helpers.datasets import RAW_EXPORT_DIR, RAW_EXPORT_OPTIONS
from helpers.loading import load_orders
from helpers.profiling import rank_customers

CSV = RAW_EXPORT_DIR / "orders_2025-10_11_gbk.csv"
XLSX = RAW_EXPORT_DIR / "orders_2025-12.xlsx"
DEFAULT_RETENTION = 730


class DataCollection(AnswerKey):
    exercise = "01_data_collection"

    @cached_property
    def csv(self):
        return load_orders(CSV, **RAW_EXPORT_OPTIONS)

    @cached_property
    def xlsx(self):
        return load_orders(XLSX, sheet="orders", **RAW_EXPORT_OPTIONS)

    @question(
        "Q1",
        count=N_("that is a number of customers: divide by the number of customers"),
        top20=N_("that is the revenue share of the top 20%, not the customer share for 80%"),
        ascending=N_("you counted from the smallest customer: sort descending"),
        crossing=N_("the customer who crosses 80% counts too (add one)"),
    )
    def q1(self):
        ranked = rank_customers(self.summary)
        n = len(ranked)
        n_80 = int((ranked["cumulative_share"] < 0.8 - 1e-12).sum()) + 1
        ascending = ranked["value"].iloc[::-1].cumsum() / ranked["value"].sum()
        top = ranked["share"].head(round(0.2 * n)).sum()
        return Number(n_80 / n, SHARE, wrong={
            "count": n_80,
            "top20": AnyOf(top, ranked["share"].head(int(np.ceil(0.2 * n))).sum()),
            "ascending": (int((ascending < 0.8).sum()) + 1) / n,
            "crossing": (n_80 - 1) / n,
        })  # fmt: skip

    @question(
        "Q2",
        sensitive=N_("sensitive fields (religion, health, blood type) never go on a form: "
                     "drop them"),
        personal=N_("that includes fields for private persons (age, education...)"),
        everything=N_("that is every candidate: keep corporate ones and drop the sensitive ones"),
    )  # fmt: skip
    def q2(self):
        fields = candidate_fields()
        applies = fields["applies_to"].isin(["corporate", "both"])
        sensitive = fields["sensitive"]

        def form(mask):
            return fields.loc[mask, ["field", "kind"]].reset_index(drop=True)

        what = Hint("what", N_("one row per field for a corporate customer, with the columns "
                               "field and kind"))  # fmt: skip
        return Table(form(applies & ~sensitive), what, named=True, wrong={
            "sensitive": form(applies),
            "personal": form(~sensitive),
            "everything": form(applies | ~applies),
        })  # fmt: skip

    @question("Q4 rows", clean=N_("that is the number of clean rows: count before cleaning"))
    def q4_rows(self):
        clean, report = self.csv
        return Number(report.rows_in, COUNT, wrong={"clean": len(clean)})

    @question("Q4 missing ids", with_id=N_("that is the number of rows that HAVE a customer id"))
    def q4_missing(self):
        _, report = self.csv
        missing = report.counts().get("missing customer id", 0)
        return Number(missing, COUNT, wrong={"with_id": report.rows_in - missing})

    @question(
        "Q5",
        overlap=N_("the files overlap (the workbook repeats the last days of November): keep "
                   "each line once, e.g. with drop_duplicates()"),
        raw=N_("that is the raw rows of both files: clean them first"),
        one_file=N_("that is only one of the two files"),
    )  # fmt: skip
    def q5(self):
        (csv, csv_report), (xlsx, xlsx_report) = self.csv, self.xlsx
        combined = pd.concat([csv, xlsx], ignore_index=True)
        return Number(len(combined.drop_duplicates()), COUNT, wrong={
            "overlap": len(combined),
            "raw": csv_report.rows_in + xlsx_report.rows_in,
            "one_file": AnyOf(len(csv), len(xlsx)),
        })  # fmt: skip

    @question(
        "Q6",
        cancellations=N_("that is only the cancellations: add the returns"),
        returns=N_("that is only the returns: add the cancellations"),
        sign=N_("keep the sign: the money was given back, so the total is negative"),
    )
    def q6(self):
        by_reason = self.csv[1].summary.set_index("reason")["revenue"]
        loss = by_reason.reindex(["cancellation", "return"]).sum()
        return Number(loss, MONEY, wrong={
            "cancellations": by_reason.get("cancellation", 0.0),
            "returns": by_reason.get("return", 0.0),
            "sign": -loss,
        })  # fmt: skip

    @question("Q7 choice")
    def q7_choice(self):
        return Choice(low=90, high=1825, whole=True)

    @question(
        "Q7 count",
        at_limit=N_("that counts customers at exactly the limit too: use 'more than' (>)"),
        keep=N_("that counts the customers to keep, not those to anonymise"),
        last_order_day=N_("measured from the last order day: measure from the as-of date"),
    )
    def q7_count(self, retention_days=None):
        days = self.chosen(retention_days, DEFAULT_RETENTION, low=0)
        recency = self.summary["recency_days"]
        last_day = self.orders["order_date"].max().normalize()
        from_last = (last_day - self.summary["last_purchase"].dt.normalize()).dt.days
        return Number(int((recency > days).sum()), COUNT, wrong={
            "at_limit": int((recency >= days).sum()),
            "keep": int((recency <= days).sum()),
            "last_order_day": int((from_last > days).sum()),
        })  # fmt: skip

    @question(
        "Q8",
        all_reasons=N_("the chart shows every reason, also those that dropped nothing: keep "
                       "only the reasons that dropped at least one line"),
        with_changed=N_("the chart also counts values that were changed, not dropped: keep "
                        "counts('dropped')"),
    )  # fmt: skip
    def q8(self):
        report = self.csv[1]
        what = Hint(
            "what",
            N_("one bar per reason that dropped lines ({n} reasons), with the number of lines"),
            {"n": len(report.counts("dropped"))},
        )
        return Chart(
            list(report.counts("dropped").values()),
            what,
            kinds=("bar", "pie"),
            wrong={
                "all_reasons": report.summary["rows"].to_numpy(),
                "with_changed": list(report.counts().values()),
            },
        )

    @question("Q9", dropped_share=N_("kept_share is the share of rows KEPT, not dropped"))
    def q9(self):
        (csv, csv_report), (xlsx, xlsx_report) = self.csv, self.xlsx
        table = pd.DataFrame(
            {"rows_in": [csv_report.rows_in, xlsx_report.rows_in],
             "rows_kept": [len(csv), len(xlsx)]},
            index=["GBK CSV", "Excel"],
        )  # fmt: skip
        table["kept_share"] = table["rows_kept"] / table["rows_in"]
        what = Hint("what", N_("one row per file (GBK CSV, Excel) with rows_in, rows_kept and "
                               "kept_share"))  # fmt: skip
        kinds = {"rows_in": COUNT, "rows_kept": COUNT, "kept_share": SHARE}
        return Table(
            table,
            what,
            named=True,
            kinds=kinds,
            wrong={"dropped_share": table.assign(kept_share=1 - table["kept_share"])},
        )
