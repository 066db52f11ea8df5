# %% [markdown]
# # Warm-up: a first look at the customer data (热身练习：初识客户数据)
#
# Before customers can be graded (客户分级), someone has to know the basic facts of
# the data: how many customers and orders there are, which period it covers, how much
# revenue it holds and who the biggest customer is. This warm-up asks exactly that. It
# starts with a short pandas primer: every tool the questions need is shown there first.
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
# - select, filter, group, sort and plot a table with pandas;
# - load the course tables and know what an order line (订单行) is;
# - count customers (客户数) and orders without double counting;
# - fix the as-of date (分析基准日) of an analysis instead of using "today";
# - find the biggest customers and their share of revenue (销售额占比);
# - draw one chart and say in words what it shows.

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
from helpers import glossary, theme
from helpers.i18n import tr
from helpers.readings.words import money
from helpers.text import md, show

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
check.start("00_warm_up", run, mode="solution")  # "solution": a wrong answer stops the run; "exercise": it prints
tables, as_of_day, orders = run.tables, run.as_of, run.orders
orders.sample(5, random_state=seed).sort_index()

# %% [markdown]
# `orders` has one row per **order line** (订单行): one product in one order. An order
# with three products has three lines with the same `order_id`. Loading also
# **cleaned** the data: cancellations, returns and other lines that are not sales
# were dropped, and nothing disappeared silently, the cleaning report lists them:

# %%
tables.cleaning.translated(lang)

# %% [markdown]
# ## Part 0. A pandas primer (pandas入门)
#
# Every question below needs only the few pandas tools shown here. The examples use
# products and quantities; the questions ask the same about customers and revenue.
#
# **Columns.** A table (DataFrame) is made of columns; `orders["quantity"]` is one column
# (a Series), and a list of names keeps several:

# %%
orders[["order_date", "product_id", "quantity"]].head(3)

# %% [markdown]
# **Counting.** `len(table)` counts rows; `.nunique()` counts the *distinct* values of a
# column, so a product sold on many lines counts once:

# %%
len(orders), orders["product_id"].nunique()

# %% [markdown]
# **Smallest, largest.** `.min()` and `.max()` work on numbers and on dates;
# `.normalize()` drops the time of day from a date:

# %%
orders["quantity"].max(), orders["order_date"].min().normalize()

# %% [markdown]
# **Dates.** `pd.Timestamp("2025-03-01")` is a date, and `pd.Timedelta(days=30)` a length
# of time: adding one to the other gives another date.

# %%
pd.Timestamp("2025-03-01") + pd.Timedelta(days=30)

# %% [markdown]
# **Filtering rows.** A condition in square brackets keeps the rows where it is true.
# Dates compare with dates, so the order lines of the last 30 days before the as-of date
# are:

# %%
since = as_of_day - pd.Timedelta(days=30)
last_30_days = orders[orders["order_date"] >= since]
last_30_days["order_date"].agg(["min", "max"])

# %% [markdown]
# **Grouping and adding up.** `groupby` makes one group per value of a column; a sum
# (or `.size()`, the number of rows) then gives one number per group, indexed by it:

# %%
quantity_by_product = orders.groupby("product_id")["quantity"].sum()
quantity_by_product.head(3)

# %% [markdown]
# **Sorting and the top rows.** `sort_values(ascending=False)` puts the largest first,
# `.head(3)` keeps the first three rows, `.index[0]` is the label of the first row,
# `.iloc[0]` its value, and `idxmax()` the label of the largest value:

# %%
quantity_by_product.sort_values(ascending=False).head(3)

# %%
quantity_by_product.idxmax()

# %% [markdown]
# **Months.** `.dt.to_period("M")` turns each date into its month, which can be grouped by:

# %%
lines_per_month = orders.groupby(orders["order_date"].dt.to_period("M")).size()
lines_per_month.tail(3)

# %% [markdown]
# **A chart with labels.** `.plot.bar()` (or `.plot()` for a line) draws a Series and
# returns its **Axes**; the Axes then takes the axis labels and a title:

# %%
ax = lines_per_month.plot(figsize=(8, 3))
ax.set_xlabel({"en": "month", "zh": "月份"}[lang])
ax.set_ylabel({"en": "order lines", "zh": "订单行数"}[lang])
ax.set_title({"en": "Order lines per month", "zh": "每月订单行数"}[lang])
plt.show()

# %% [markdown]
# ## Q1. How many customers? (客户数)
#
# How many customers placed at least one order? Store the number in `n_customers`.

# %%
### BEGIN SOLUTION
n_customers = orders["customer_id"].nunique()
### END SOLUTION
n_customers

# %%
check.q("Q1", n_customers)

# %% [markdown]
# ## Q2. How many orders? (订单数)
#
# How many orders are there (not order lines)? Store the number in `n_orders`.

# %%
### BEGIN SOLUTION
n_orders = orders["order_id"].nunique()
### END SOLUTION
n_orders

# %%
check.q("Q2", n_orders)

# %% [markdown]
# ## Q3. Which period does the data cover?
#
# Find the day of the first order (`first_day`) and of the last order (`last_day`).

# %%
### BEGIN SOLUTION
first_day = orders["order_date"].min().normalize()
last_day = orders["order_date"].max().normalize()
### END SOLUTION
first_day, last_day

# %%
check.q("Q3 first day", first_day)
check.q("Q3 last day", last_day)

# %% [markdown]
# ## Q4. The as-of date (分析基准日)
#
# Every analysis of recency ("how long since the last order?") is measured from a
# fixed **as-of date**, never from today: otherwise the same notebook gives another
# answer tomorrow. The course uses the `as_of` parameter, or, when it is `None`,
# the day after the last order. Store this day in `as_of_date`.

# %%
### BEGIN SOLUTION
as_of_date = pd.Timestamp(as_of) if as_of is not None else last_day + pd.Timedelta(days=1)
### END SOLUTION
as_of_date

# %%
check.q("Q4", as_of_date)

# %% [markdown]
# ## Q5. Total revenue (销售总额)
#
# What is the total revenue of all orders? Store it in `total_revenue`.

# %%
### BEGIN SOLUTION
total_revenue = orders["revenue"].sum()
### END SOLUTION
total_revenue

# %%
check.q("Q5", total_revenue)

# %% [markdown]
# ## Q6. Choose how many top customers to list, and defend the choice
#
# A sales manager asks for "the list of our top customers". How many should the list
# have? Store your choice in `top_n` (a whole number between 3 and 50), then write two or
# three sentences: why this number, for whom, and what would change with a smaller or a
# larger list.

# %%
### BEGIN SOLUTION
top_n = 10
### END SOLUTION
check.q("Q6", top_n)

# %% tags=["model_answer"]
by_customer = orders.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)
show(md(
    tr("*Model answer ({n} customers).* {n} customers fit on one screen and one meeting agenda, "
       "so a sales manager can discuss each of them; here they are {head:.1%} of the customers "
       "and bring {share:.1%} of revenue. A list of three hides how quickly revenue falls off "
       "after the very top; a list of fifty is a mailing list, not a priority list. If the list "
       "already brings a large share of revenue, it is enough; if not, a longer list, or grading "
       "all customers (lesson 03), says more.", lang, domain="answers"),
    n=top_n, head=top_n / len(by_customer), share=by_customer.head(top_n).sum() / by_customer.sum(),
))

# %% [markdown]
# ## Q7. The top customers (大客户)
#
# Make a Series `top_customers`: the revenue of each of the `top_n` biggest
# customers, indexed by `customer_id`, largest first.

# %%
### BEGIN SOLUTION
revenue_by_customer = orders.groupby("customer_id")["revenue"].sum()
top_customers = revenue_by_customer.sort_values(ascending=False).head(top_n)
### END SOLUTION
top_customers

# %%
check.q("Q7", top_customers, top_n=top_n)

# %% [markdown]
# ## Q8. The biggest customer and its share
#
# Which customer brought the most revenue (`top_customer`, its `customer_id`) and what
# share of the total revenue did it bring (`top_share`, a number between 0 and 1)?

# %%
### BEGIN SOLUTION
top_customer = top_customers.index[0]
top_share = top_customers.iloc[0] / total_revenue
### END SOLUTION
top_customer, top_share

# %%
check.q("Q8 customer", top_customer)
check.q("Q8 share", top_share, top_n=top_n)

# %% [markdown]
# ## Q9. Active customers
#
# How many customers ordered in the 365 days before the as-of date (from
# `as_of_date - 365 days` up to the day before `as_of_date`)? Store it in `n_active`.

# %%
### BEGIN SOLUTION
recent = orders[orders["order_date"] >= as_of_date - pd.Timedelta(days=365)]
n_active = recent["customer_id"].nunique()
### END SOLUTION
n_active

# %%
check.q("Q9", n_active)

# %% [markdown]
# ## Q10. Chart: revenue per month
#
# Draw a bar chart of the revenue of each month and keep its Axes in `ax`. Label both
# axes with `month_label` and `revenue_label` (in the language `lang` asks for) and
# give the chart a title.

# %%
month_label = {"en": "month", "zh": "月份"}[lang]
revenue_label = glossary.label("revenue", lang)  # "revenue" or "销售额"
### BEGIN SOLUTION
monthly = orders.groupby(orders["order_date"].dt.to_period("M"))["revenue"].sum()
ax = monthly.plot.bar(figsize=(9, 4), color="#1f5f9e", width=0.8)
ax.set_xlabel(month_label)
ax.set_ylabel(revenue_label)
ax.set_title({"en": "Revenue per month", "zh": "每月销售额"}[lang])
ax.yaxis.set_major_formatter(theme.compact_formatter(lang))
ax.grid(axis="x", visible=False)
### END SOLUTION

# %%
check.q("Q10", ax)

# %% [markdown]
# ## Q11. What do the numbers say?
#
# In two or three sentences, for a sales manager: how concentrated is revenue (look at
# Q7 and Q8), and what does the monthly chart show about the business (a trend, a
# season, a month that stands out)? Use the numbers this notebook computed.

# %% tags=["model_answer"]
times = (top_customers.sum() / total_revenue) / (top_n / n_customers)
if times >= 5:
    meaning = md(tr("That is why the course grades customers instead of treating them all alike.",
                    lang, domain="answers"))
else:
    meaning = md(tr("Revenue is spread fairly evenly here: grading the customers will matter less "
                    "than on most customer bases.", lang, domain="answers"))
show(md(
    tr("*Model answer (its numbers are computed: they change with the data).* The biggest "
       "customer, {top}, alone brings {top_share:.1%} of revenue, and the top {n} customers "
       "bring {list_share:.1%} although they are only {head_share:.1%} of the {customers:,} "
       "customers: {times:.0f} times their share of head count. {meaning} Monthly revenue ranges from {low} "
       "({low_month}) to {high} ({high_month}); a month far above or below its neighbours "
       "is worth a question to sales (a large one-off order, a promotion, a gap in the data), "
       "and the first and last months may hold only part of a month.", lang, domain="answers"),
    top=top_customer, top_share=top_share, n=top_n,
    list_share=top_customers.sum() / total_revenue, head_share=top_n / n_customers,
    customers=n_customers, times=times, meaning=meaning,
    low=money(monthly.min(), lang=lang), low_month=monthly.idxmin(),
    high=money(monthly.max(), lang=lang), high_month=monthly.idxmax(),
))

# %% [markdown]
# ## Your results
#
# The table lists the latest check of every question. Next: lesson 01 (customer data
# collection, 客户信息搜集) shows where these tables come from and how they were cleaned.

# %%
check.summary()
