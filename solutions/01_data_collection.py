# %% [markdown]
# # Exercise 01 · Customer data collection (练习一：客户信息搜集)
#
# This workbook goes with lesson 01. You check the 80/20 rule on the data, design a
# collection form for a corporate customer, clean the course company's raw export
# yourself, choose how long to keep the data of customers who left, and write a short
# data-quality note.
#
# **How the workbook works.** Each question says which variable to fill in. Replace
# `None  # your code here` with your answer and run the cell; the check below it answers
# in one line:
#
# - ✅ [ok] correct (or "correct (rounded)", see below);
# - ❌ [not yet], with a hint that says what differs (for example "you counted order
#   lines, not distinct orders");
# - ⏳ [to do] not answered yet.
#
# **When is an answer right?** Keep full precision when you can. A rounded answer also
# passes, as "correct (rounded)", when it is rounded at least as finely as the lessons show
# numbers: shares to three decimals (0.614 for 61.4%), amounts to the unit or, for large
# ones, to four figures (45,650,000 for 45.65M), ratios to two decimals; counts must be
# exact. A table passes in any reasonable form (a Series or a DataFrame, the labels in the
# index or in a column); its row order counts only when the question asks for a ranking.
# A chart may show its values as they are, in percent or in thousands. The expected
# answers are computed inside the course's helpers from the data of this run, so the
# checks also work when the notebook is re-run on another company's data. Run the whole
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
from helpers.checks.materials import candidate_fields
from helpers.datasets import RAW_EXPORT_DIR
from helpers.loading import load_orders, read_file
from helpers.i18n import tr, trn
from helpers.labels import label
from helpers.readings.words import count
from helpers.text import md, show

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
check.start("01_data_collection", run, mode="solution")  # "solution": a wrong answer stops the run; "exercise": it prints
tables, as_of, orders = run.tables, run.as_of, run.orders
csv_path = RAW_EXPORT_DIR / "orders_2025-10_11_gbk.csv"
xlsx_path = RAW_EXPORT_DIR / "orders_2025-12.xlsx"

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
check.q("Q1", share_for_80)

# %% [markdown]
# ## Q2. A collection form for a corporate customer (企业客户信息表)
#
# The table `candidates` lists fields someone proposed for the customer database, with
# their kind of data, the customers they apply to and whether they are **sensitive**
# personal information. Make `corporate_form`: the fields a form for a **corporate**
# customer should have: those that apply to corporate customers (`"corporate"` or
# `"both"`) and are **not** sensitive. Keep the columns `field` and `kind`.

# %%
candidates = candidate_fields()
candidates

# %%
### BEGIN SOLUTION
for_companies = candidates["applies_to"].isin(["corporate", "both"])
corporate_form = candidates.loc[for_companies & ~candidates["sensitive"], ["field", "kind"]]
### END SOLUTION
corporate_form

# %%
check.q("Q2", corporate_form)

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
# the GBK encoding with Chinese headers. Read it **as it is**, before any cleaning, with
# `read_file` (imported above from `helpers.loading`; lesson 01 §5), and find how many rows
# it has (`n_raw_rows`) and how many of them have no customer id (`n_missing_id`). The
# customer id column is `客户编号` (`helpers.loading.read_table` would read the same file
# with the course's column names, such as `customer_id`).

# %%
### BEGIN SOLUTION
raw_csv = read_file(csv_path)
n_raw_rows = len(raw_csv)
n_missing_id = int(raw_csv["客户编号"].isna().sum())
### END SOLUTION
n_raw_rows, n_missing_id

# %%
check.q("Q4 rows", n_raw_rows)
check.q("Q4 missing ids", n_missing_id)

# %% [markdown]
# ## Q5. Clean both files and put them together
#
# Clean the CSV and the Excel workbook (`xlsx_path`, sheet `"orders"`) with
# `load_orders`, which returns `(clean, report)`. The order system that made both files
# marks a cancelled order with an id starting with "C"; the course never guesses that
# from the ids, so say it: `cancellation_prefix="C"`. Then make **one** table
# `clean_export` with the clean lines of both files. Careful: look at the dates each
# file covers before you add them up.

# %%
### BEGIN SOLUTION
clean_csv, report_csv = load_orders(csv_path, cancellation_prefix="C")
clean_xlsx, report_xlsx = load_orders(xlsx_path, sheet="orders", cancellation_prefix="C")
print(clean_csv["order_date"].max(), clean_xlsx["order_date"].min())  # they overlap
clean_export = pd.concat([clean_csv, clean_xlsx], ignore_index=True).drop_duplicates()
### END SOLUTION
n_clean_lines = None if clean_export is None else len(clean_export)
n_clean_lines

# %%
check.q("Q5", n_clean_lines)

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
check.q("Q6", cancel_return_revenue)

# %% [markdown]
# ## Q7. Choose a retention period, and defend it (数据保存期限)
#
# Data minimisation also means **not keeping** personal data longer than needed. Choose
# `retention_days`: after how many days without an order should a customer's personal
# profile be deleted or anonymised (the order history can be kept without the person's
# details)? Choose between 90 and 1,825 days (five years). Then count `n_to_anonymise`:
# the customers whose last order is **more than** `retention_days` days before the
# as-of date (`(as_of - dates).dt.days` counts the days between dates). Write two or three
# sentences defending your choice.

# %%
### BEGIN SOLUTION
retention_days = 730
last_order = orders.groupby("customer_id")["order_date"].max().dt.normalize()
n_to_anonymise = int(((as_of - last_order).dt.days > retention_days).sum())
### END SOLUTION
check.q("Q7 choice", retention_days)

# %%
check.q("Q7 count", n_to_anonymise, retention_days=retention_days)

# %% tags=["model_answer"]
repeat = orders.groupby("customer_id").agg(first=("order_date", "min"), last=("order_date", "max"),
                                           orders=("order_id", "nunique"))
repeat = repeat[repeat["orders"] > 1]
cycle_days = ((repeat["last"] - repeat["first"]).dt.days / (repeat["orders"] - 1)).median()
show(md(
    tr("*Model answer ({days:,} days).* Repeat buyers of this company order about every "
       "{cycle:.0f} days (median), so a customer with no order for {days:,} days has missed "
       "about {missed:.0f} such cycles and has most likely left; keeping the personal details "
       "longer serves no purpose and only adds risk. {days:,} days still cover a comparison of "
       "this year with last year, which the grading lessons need, and the order history stays "
       "available without the person's details. Today the rule anonymises {anonymised} (of "
       "{total:,}). A much shorter period would delete customers who are only dormant and "
       "might be won back; a longer one keeps data without a purpose.", lang, domain="answers"),
    days=retention_days, cycle=cycle_days, missed=retention_days / cycle_days,
    anonymised=count(n_to_anonymise, "customer", "customers", lang=lang, zh="位客户"),
    total=orders["customer_id"].nunique(),
))

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
check.q("Q8", ax)

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
check.q("Q9", quality)

# %% [markdown]
# ## Q10. A note to the data owner, and the ethics case
#
# In four to six sentences: (a) tell the person who runs the order system which data
# problems you found (use your numbers from Q4 to Q9) and what should change where the
# data is entered; (b) a manager asks you to pull everything the company knows about a
# hostile contact person at a customer, "to put some pressure on him". What do you
# answer, and why?

# %% tags=["model_answer"]
dropped_csv = pd.Series(report_csv.counts("dropped")).sort_values(ascending=False)
overlap_days = sorted(set(clean_csv["order_date"].dt.date) & set(clean_xlsx["order_date"].dt.date))
show(md(
    tr("*Model answer (its numbers are computed).* (a) {unusable:.1%} of the lines of the "
       "October-November export cannot be used as they are ({n_dropped:,} of {rows:,}); the "
       "largest group is \"{first}\" ({first_n:,} lines), then \"{second}\" ({second_n:,}). "
       "Counter sales should always record the customer number, fees should be exported apart "
       "from products, and each export should cover a fixed period: the December workbook "
       "repeats {n_days} {day_word} of the CSV ({overlap:,} lines), which would double-count those "
       "sales. Dates and amounts should be exported in one format, without currency signs. "
       "(b) No: the data was collected to serve the customer relationship, and using it against "
       "a person is a new purpose nobody agreed to; under PIPL and GDPR that is unlawful, and it "
       "would break the customers' trust. I would record the business facts of the conflict and "
       "suggest escalating it through the customer's management or changing the contact person "
       "by agreement.", lang, domain="answers"),
    unusable=1 - report_csv.rows_out / report_csv.rows_in, n_dropped=report_csv.rows_in - report_csv.rows_out,
    rows=report_csv.rows_in, first=label(dropped_csv.index[0], lang), first_n=dropped_csv.iloc[0],
    second=label(dropped_csv.index[1], lang), second_n=dropped_csv.iloc[1], n_days=len(overlap_days),
    day_word=trn("day", "days", len(overlap_days), lang, domain="answers"),
    overlap=len(clean_csv) + len(clean_xlsx) - n_clean_lines,
))

# %% [markdown]
# ## Your results
#
# The table lists the latest check of every question. Next: lesson 02, customer
# profiling (客户基本情况与商业价值分析).

# %%
check.summary()
