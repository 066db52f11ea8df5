# %% [markdown]
# # Exercise 01 · Customer data collection (练习一：客户信息搜集)
#
# This workbook goes with lesson 01. You check the 80/20 rule on the data, design a
# collection form for a corporate customer, clean the course company's raw export
# yourself, choose how long to keep the data of customers who left, and write a short
# data-quality note.
#
# **How the workbook works.** Each question says which variable to fill in. Replace
# `None  # your code here` with your answer and run the cell, then run the check cell
# below it. A check answers in one line: ✅ correct; ❌ not yet, with a hint that says
# what differs; ⏳ not answered yet. The expected answers are computed from the data
# of this run, so the checks also work on another company's data. Run the whole
# notebook once before you start: every check should say "not answered yet".
#
# **Learning goals**
#
# - measure how concentrated revenue is (二八法则);
# - choose what to collect, and what never to collect (数据最小化);
# - load, clean and combine raw exports, and read a cleaning report (数据清洗报告);
# - defend a data-retention choice and summarise data quality for its owners.

# %% tags=["parameters"]
# Parameters (a re-run can replace any of these, e.g. with a file in datasets/params/).
data_source = "course"  # "course", a variant such as "course:seed7", "online_retail", a file or a folder
column_mapping = None  # None, a dict or a YAML/TOML file {your header: course column}
data_options = None  # None or a dict of data options (sheet, decimal mark, cleaning rules...)
as_of = None  # "YYYY-MM-DD", the first day NOT analysed; None: the day after the last order
lang = "en"  # "en" or "zh": the language of the reports and charts
seed = 42  # for anything random shown for display

# %%
import matplotlib.pyplot as plt
import pandas as pd

from helpers import checks as check, lesson
from helpers import profiling
from helpers.datasets import RAW_EXPORT_DIR
from helpers.loading import load_orders, read_table

check.configure(mode="solution")  # "solution": a wrong answer stops the run; "exercise": it prints
run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of, orders = run.tables, run.as_of, run.orders

# %% [markdown]
# The checks compare your answers with values the course helpers compute here:

# %%
summary = profiling.customer_summary(orders, as_of=as_of)
ranked = profiling.rank_customers(summary)
csv_path = RAW_EXPORT_DIR / "orders_2025-10_11_gbk.csv"
xlsx_path = RAW_EXPORT_DIR / "orders_2025-12.xlsx"
expected_csv, expected_csv_report = load_orders(csv_path)
expected_xlsx, expected_xlsx_report = load_orders(xlsx_path, sheet="orders")

# %% [markdown]
# ## Q1. How concentrated is revenue? (二八法则)
#
# What **share of customers** (a number between 0 and 1) is needed, counting from the
# biggest customer down, to reach 80% of total revenue? The customer whose revenue
# crosses 80% counts. Store it in `share_for_80`.

# %%
### BEGIN SOLUTION
revenue = orders.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)
cumulative = revenue.cumsum() / revenue.sum()
share_for_80 = ((cumulative < 0.8).sum() + 1) / len(revenue)
### END SOLUTION
share_for_80

# %%
n_80 = int((ranked["cumulative_share"] < 0.8 - 1e-12).sum()) + 1
ascending = ranked["value"].iloc[::-1].cumsum() / ranked["value"].sum()
check.number(
    share_for_80,
    n_80 / len(ranked),
    question="Q1",
    rel=1e-4,
    alternatives={
        "that is a number of customers: divide by the number of customers": n_80,
        "that is the revenue share of the top 20%, not the customer share for 80%": ranked["share"]
        .head(round(0.2 * len(ranked)))
        .sum(),
        "you counted from the smallest customer: sort descending": (
            int((ascending < 0.8).sum()) + 1
        )
        / len(ranked),
        "the customer who crosses 80% counts too (add one)": (n_80 - 1) / len(ranked),
    },
)

# %% [markdown]
# ## Q2. A collection form for a corporate customer (企业客户信息表)
#
# The table `candidates` lists fields someone proposed for the customer database, with
# their kind of data, the customers they apply to and whether they are **sensitive**
# personal information. Make `corporate_form`: the fields a form for a **corporate**
# customer should have: those that apply to corporate customers (`"corporate"` or
# `"both"`) and are **not** sensitive. Keep the columns `field` and `kind`.

# %%
candidates = pd.DataFrame(
    [
        ("company name", "profile", "corporate", False),
        ("registered address", "profile", "corporate", False),
        ("legal representative", "profile", "corporate", False),
        ("main shareholders", "profile", "corporate", False),
        ("industry", "profile", "corporate", False),
        ("company size", "profile", "corporate", False),
        ("business status", "profile", "corporate", False),
        ("contact person and work phone", "profile", "corporate", False),
        ("age band", "profile", "personal", False),
        ("education", "profile", "personal", False),
        ("family situation", "profile", "personal", False),
        ("hobbies and lifestyle", "profile", "personal", False),
        ("contact person's religion", "profile", "both", True),
        ("contact person's health history", "profile", "both", True),
        ("contact person's blood type", "profile", "both", True),
        ("region and city", "regional", "both", False),
        ("regions the customer serves", "regional", "corporate", False),
        ("credit rating", "financial", "corporate", False),
        ("payment terms (days)", "financial", "corporate", False),
        ("first and latest order date", "financial", "both", False),
        ("average order value", "financial", "both", False),
        ("outstanding balance", "financial", "both", False),
        ("responses to offers", "behavioural", "both", False),
        ("complaints and disputes", "behavioural", "both", False),
        ("late deliveries or payments", "behavioural", "both", False),
    ],
    columns=["field", "kind", "applies_to", "sensitive"],
)
candidates

# %%
### BEGIN SOLUTION
for_companies = candidates["applies_to"].isin(["corporate", "both"])
corporate_form = candidates.loc[for_companies & ~candidates["sensitive"], ["field", "kind"]]
### END SOLUTION
corporate_form

# %%
applies = candidates["applies_to"].isin(["corporate", "both"])
sensitive = candidates["sensitive"]


def form_of(mask):
    """The fields and kinds of the candidates in ``mask`` (to compare answers with)."""
    return candidates.loc[mask, ["field", "kind"]].reset_index(drop=True)


check.table(
    corporate_form,
    form_of(applies & ~sensitive),
    question="Q2",
    check_order=False,
    alternatives={
        "sensitive fields (religion, health, blood type) never go on a form: drop them": (
            form_of(applies)
        ),
        "that includes fields for private persons (age, education...)": form_of(~sensitive),
        "that is every candidate: keep corporate ones and drop the sensitive ones": form_of(
            applies | ~applies
        ),
    },
)

# %% [markdown]
# ## Q3. Complete the form, and say where the data comes from
#
# Name two more fields you would add to the corporate form (for example for a B2B
# customer of the course company), and for each: its kind of data, the **purpose** it
# serves, and the **channel** you would collect it through (direct-response ads,
# promotions, rented lists, events, point of sale, market research). Then say in one
# sentence why the three sensitive fields are not on the form even if a customer would
# agree to give them.

# %% [markdown] tags=["solution"]
# *Model answer.* (1) **Annual purchasing budget for office supplies** (financial):
# it estimates how much more the customer could buy from us (share of wallet);
# collected by the sales representative at the yearly account review (point of sale).
# (2) **Who approves purchases above a limit** (profile): orders stall without that
# person; collected at a visit or a trade-fair meeting (events). The sensitive fields
# serve no purpose in selling office supplies: PIPL and GDPR allow personal data only
# for a stated, necessary purpose (data minimisation), sensitive data needs a specific
# necessity and separate consent, and holding it only adds the risk of a leak or of
# discrimination.

# %% [markdown]
# ## Q4. Read the GBK export (读取GBK编码的导出文件)
#
# The file `csv_path` (`datasets/raw_export/orders_2025-10_11_gbk.csv`) was saved in
# the GBK encoding with Chinese headers. Read it **as it is**, before any cleaning
# (`read_file` or `read_table` from `helpers.loading`), and find how many rows it has
# (`n_raw_rows`) and how many of them have no customer id (`n_missing_id`; the
# customer id column is `客户编号`, or `customer_id` after `read_table`).

# %%
### BEGIN SOLUTION
raw_csv = read_table(csv_path)
n_raw_rows = len(raw_csv)
n_missing_id = int(raw_csv["customer_id"].isna().sum())
### END SOLUTION
n_raw_rows, n_missing_id

# %%
check.number(
    n_raw_rows,
    expected_csv_report.rows_in,
    question="Q4 rows",
    alternatives={"that is the number of clean rows: count before cleaning": len(expected_csv)},
)
check.number(
    n_missing_id,
    expected_csv_report.counts().get("missing customer id", 0),
    question="Q4 missing ids",
    alternatives={"that is the number of rows that have a customer id": (
        expected_csv_report.rows_in - expected_csv_report.counts().get("missing customer id", 0)
    )},
)  # fmt: skip

# %% [markdown]
# ## Q5. Clean both files and put them together
#
# Clean the CSV and the Excel workbook (`xlsx_path`, sheet `"orders"`) with
# `load_orders`, which returns `(clean, report)`. Then make **one** table
# `clean_export` with the clean lines of both files. Careful: look at the dates each
# file covers before you add them up.

# %%
### BEGIN SOLUTION
clean_csv, report_csv = load_orders(csv_path)
clean_xlsx, report_xlsx = load_orders(xlsx_path, sheet="orders")
print(clean_csv["order_date"].max(), clean_xlsx["order_date"].min())  # they overlap
clean_export = pd.concat([clean_csv, clean_xlsx], ignore_index=True).drop_duplicates()
### END SOLUTION
n_clean_lines = None if clean_export is None else len(clean_export)
n_clean_lines

# %%
combined = pd.concat([expected_csv, expected_xlsx], ignore_index=True)
check.number(
    n_clean_lines,
    len(combined.drop_duplicates()),
    question="Q5",
    alternatives={
        "the files overlap (the workbook repeats the last days of November): keep each "
        "line once, e.g. with drop_duplicates()": len(combined),
        "that is the raw rows of both files: clean them first": expected_csv_report.rows_in
        + expected_xlsx_report.rows_in,
        "that is only one of the two files": [len(expected_csv), len(expected_xlsx)],
    },
)

# %% [markdown]
# ## Q6. What did cancellations and returns take away?
#
# In the CSV's cleaning report (`report.summary`, one row per reason with the revenue
# of the rows it concerns), what is the **total revenue** of the lines dropped as
# cancellations and as returns? Store it in `cancel_return_revenue` (a negative number:
# money given back).

# %%
### BEGIN SOLUTION
reasons = report_csv.summary.set_index("reason")
cancel_return_revenue = reasons.loc[["cancellation", "return"], "revenue"].sum()
### END SOLUTION
cancel_return_revenue

# %%
by_reason = expected_csv_report.summary.set_index("reason")["revenue"]
expected_loss = by_reason.reindex(["cancellation", "return"]).sum()
check.number(
    cancel_return_revenue,
    expected_loss,
    question="Q6",
    rel=1e-6,
    alternatives={
        "that is only the cancellations: add the returns": by_reason.get("cancellation", 0.0),
        "that is only the returns: add the cancellations": by_reason.get("return", 0.0),
        "keep the sign: the money was given back, so the total is negative": -expected_loss,
    },
)

# %% [markdown]
# ## Q7. Choose a retention period, and defend it (数据保存期限)
#
# Data minimisation also means **not keeping** personal data longer than needed. Choose
# `retention_days`: after how many days without an order should a customer's personal
# profile be deleted or anonymised (the order history can be kept without the person's
# details)? Choose between 90 and 1,825 days (five years). Then count `n_to_anonymise`:
# the customers whose last order is **more than** `retention_days` days before the
# as-of date. Write two or three sentences defending your choice.

# %%
### BEGIN SOLUTION
retention_days = 730
last_order = orders.groupby("customer_id")["order_date"].max().dt.normalize()
n_to_anonymise = int(((as_of - last_order).dt.days > retention_days).sum())
### END SOLUTION
check.choice(retention_days, question="Q7 choice", low=90, high=1825)

# %%
days = retention_days if retention_days is not None else 730  # until Q7 is answered
last_day = orders["order_date"].max().normalize()
check.number(
    n_to_anonymise,
    int((summary["recency_days"] > days).sum()),
    question="Q7 count",
    alternatives={
        "that counts customers at exactly the limit too: use 'more than' (>)": int(
            (summary["recency_days"] >= days).sum()
        ),
        "that counts the customers to keep, not those to anonymise": int(
            (summary["recency_days"] <= days).sum()
        ),
        "measured from the last order day: measure from the as-of date": int(
            ((last_day - summary["last_purchase"].dt.normalize()).dt.days > days).sum()
        ),
    },
)

# %% [markdown] tags=["solution"]
# *Model answer (730 days).* Office supplies are bought every few weeks or months, so a
# customer who has not ordered for two years has almost certainly left; keeping their
# contact details longer serves no purpose and only adds risk. Two years still covers a
# full comparison of this year with last year, which the grading lessons need, and the
# order history stays available without the personal details. A shorter period (say 180
# days) would delete customers who are only dormant and might be won back; a longer one
# keeps data without a purpose.

# %% [markdown]
# ## Q8. Chart: why lines were dropped
#
# Draw a horizontal bar chart of the number of lines the CSV's cleaning dropped for
# each reason, **only the reasons that dropped at least one line**
# (`report.counts("dropped")` gives them as a dict). Keep the Axes in `ax`, label both
# axes and give it a title.

# %%
### BEGIN SOLUTION
dropped = pd.Series(report_csv.counts("dropped")).sort_values()
ax = dropped.plot.barh(figsize=(8, 3.5), color="#1f5f9e")
ax.set_xlabel({"en": "order lines dropped", "zh": "删除的订单行数"}[lang])
ax.set_ylabel({"en": "reason", "zh": "原因"}[lang])
ax.set_title(
    {"en": "Why lines of the CSV export were dropped", "zh": "CSV导出数据的删除原因"}[lang]
)
### END SOLUTION
plt.show()

# %%
check.chart(ax, question="Q8", values=list(expected_csv_report.counts("dropped").values()))

# %% [markdown]
# ## Q9. A data-quality summary (数据质量汇总)
#
# Make `quality`: one row per file, indexed `"GBK CSV"` and `"Excel"`, with the columns
# `rows_in` (raw rows), `rows_kept` (clean rows) and `kept_share` (rows_kept / rows_in,
# not rounded).

# %%
### BEGIN SOLUTION
quality = pd.DataFrame(
    {
        "rows_in": [report_csv.rows_in, report_xlsx.rows_in],
        "rows_kept": [report_csv.rows_out, report_xlsx.rows_out],
    },
    index=["GBK CSV", "Excel"],
)
quality["kept_share"] = quality["rows_kept"] / quality["rows_in"]
### END SOLUTION
quality

# %%
expected_quality = pd.DataFrame(
    {
        "rows_in": [expected_csv_report.rows_in, expected_xlsx_report.rows_in],
        "rows_kept": [len(expected_csv), len(expected_xlsx)],
    },
    index=["GBK CSV", "Excel"],
)
expected_quality["kept_share"] = expected_quality["rows_kept"] / expected_quality["rows_in"]
check.table(
    quality,
    expected_quality,
    question="Q9",
    rel=1e-4,
    alternatives={
        "kept_share is a share (0 to 1), not a percentage": expected_quality.assign(
            kept_share=100 * expected_quality["kept_share"]
        ),
    },
)

# %% [markdown]
# ## Q10. A note to the data owner, and the ethics case
#
# In four to six sentences: (a) tell the person who runs the order system which data
# problems you found (use your numbers from Q4 to Q9) and what should change where the
# data is entered; (b) a manager asks you to pull everything the company knows about a
# hostile contact person at a customer, "to put some pressure on him". What do you
# answer, and why?

# %% [markdown] tags=["solution"]
# *Model answer (read your own numbers).* (a) About 7% of the exported lines cannot be
# used as they are: the largest group has no customer id (Q4), then postage and fee
# lines, duplicates, cancellations and returns. Counter sales should always record the
# customer number, fees should be exported apart from products, and each export should
# cover a fixed period: the December workbook repeats the last two days of November
# (Q5), which would double-count those sales. Dates and amounts should be exported in
# one format, without currency signs. (b) No: the data was collected to serve the
# customer relationship, and using it against a person is a new purpose nobody agreed
# to; under PIPL and GDPR that is unlawful, and it would break the customers' trust. I
# would record the business facts of the conflict and suggest escalating it through the
# customer's management or changing the contact person by agreement.

# %% [markdown]
# ## Your results
#
# The table lists the latest check of every question. Next: lesson 02, customer
# profiling (客户基本情况与商业价值分析).

# %%
check.summary()
