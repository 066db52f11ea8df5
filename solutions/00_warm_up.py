# %% [markdown]
# # Warm-up: a first look at the customer data (热身练习：初识客户数据)
#
# Before customers can be graded (客户分级), someone has to know the basic facts of
# the data: how many customers and orders there are, which period it covers, how much
# revenue it holds and who the biggest customer is. This warm-up asks exactly that.
#
# **How the workbook works.** Each question says which variable to fill in. Replace
# `None  # your code here` with your answer and run the cell, then run the check cell
# below it. A check answers in one line:
#
# - ✅ correct;
# - ❌ not yet, with a hint that says what differs (for example "you counted order
#   lines, not distinct orders");
# - ⏳ not answered yet.
#
# The expected answers are computed from the data of this run, so the checks also
# work when the notebook is re-run on another company's data. Run the whole notebook
# once before you start: every check should say "not answered yet".
#
# **Learning goals**
#
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
import pandas as pd

from helpers import checks as check, lesson
from helpers import glossary, profiling, theme

check.configure(mode="solution")  # "solution": a wrong answer stops the run; "exercise": it prints
run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of_day, orders = run.tables, run.as_of, run.orders
orders.sample(5, random_state=seed).sort_index()

# %% [markdown]
# `orders` has one row per **order line** (订单行): one product in one order. An order
# with three products has three lines with the same `order_id`. Loading also
# **cleaned** the data: cancellations, returns and other lines that are not sales
# were dropped, and nothing disappeared silently, the cleaning report lists them:

# %%
tables.cleaning

# %% [markdown]
# The self-checks below compare your answers with values computed from these tables
# by the course helpers (one row per customer: first and last purchase, number of
# orders, revenue...).

# %%
summary = profiling.customer_summary(orders, as_of=as_of_day)
ranked = profiling.rank_customers(summary).rename(columns={"value": "revenue"})
not_sales = ["cancellation", "return"]
dropped = tables.cleaning.dropped
dropped = dropped[dropped["reason"].isin(not_sales)]
dropped_revenue = tables.cleaning.summary.set_index("reason")["revenue"].reindex(not_sales).sum()

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
hints = {"you counted order lines: count each customer once": len(orders)}
if tables.customers is not None:
    hints["that is every customer on file, also those without orders"] = len(tables.customers)
check.number(n_customers, len(summary), question="Q1", alternatives=hints)

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
check.number(
    n_orders,
    summary["frequency"].sum(),
    question="Q2",
    alternatives={
        "you counted order lines, not distinct orders: use nunique()": len(orders),
        "the cancelled and returned orders are still in": summary["frequency"].sum()
        + dropped["order_id"].nunique(),
    },
)

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
check.value(first_day, summary["first_purchase"].min().normalize(), question="Q3 first day")
check.value(last_day, summary["last_purchase"].max().normalize(), question="Q3 last day")

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
last_day_in_data = orders["order_date"].max().normalize()
check.value(
    as_of_date,
    as_of_day,
    question="Q4",
    alternatives={
        "that is the last order day; the as-of date is the day after it": last_day_in_data,
        "that is today: fix the as-of date so that re-runs give the same answer": (
            pd.Timestamp.now().normalize()  # only to recognise this mistake
        ),
    },
)

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
check.number(
    total_revenue,
    summary["monetary"].sum(),
    question="Q5",
    alternatives={
        "that is the total quantity (number of items), not revenue": orders["quantity"].sum(),
        "the cancelled and returned lines are still in: use the clean orders": summary[
            "monetary"
        ].sum()
        + dropped_revenue,
    },
)

# %% [markdown]
# ## Q6. Choose how many top customers to list, and defend the choice
#
# A sales manager asks for "the list of our top customers". How many should the list
# have? Store your choice in `top_n` (between 3 and 50), then write two or three
# sentences: why this number, for whom, and what would change with a smaller or a
# larger list.

# %%
### BEGIN SOLUTION
top_n = 10
### END SOLUTION
check.choice(top_n, question="Q6", low=3, high=50)

# %% [markdown] tags=["solution"]
# *Model answer.* Ten customers fit on one screen and one meeting agenda, so a sales
# manager can discuss each of them, and with hundreds or thousands of customers they
# are a small top group. A list of three hides how quickly revenue falls off after the very top; a
# list of fifty is a mailing list, not a priority list. If the first ten already make
# a large share of revenue (Q8), ten is enough; if not, a longer list, or grading all
# customers (lesson 03), says more.

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
n = top_n if top_n is not None else 10  # until Q6 is answered, compare with 10
lines_per_customer = orders.groupby("customer_id").size().sort_values(ascending=False)
check.table(
    top_customers,
    ranked["revenue"].head(n),
    question="Q7",
    sort_by="revenue",
    rel=1e-6,
    tol=0.01,
    alternatives={
        "those are the smallest customers: sort descending (ascending=False)": ranked[
            "revenue"
        ].tail(n)[::-1],
        "that counts order lines per customer: add up the revenue": lines_per_customer.head(n),
        "that counts orders per customer: add up the revenue": summary["frequency"]
        .sort_values(ascending=False)
        .head(n),
    },
)

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
check.value(
    top_customer,
    ranked.index[0],
    question="Q8 customer",
    alternatives={
        "that customer has the most orders, not the most revenue": summary["frequency"].idxmax(),
        "that customer has the most order lines, not the most revenue": lines_per_customer.index[0],
    },
)
check.number(top_share, ranked["share"].iloc[0], question="Q8 share", rel=1e-4)

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
last_order = orders.groupby("customer_id")["order_date"].max()


def active_from(day):
    """Customers whose last order is in the 365 days before ``day`` (to recognise mistakes)."""
    return int((last_order >= day - pd.Timedelta(days=365)).sum())


check.number(
    n_active,
    int((summary["revenue_last_period"] > 0).sum()),
    question="Q9",
    alternatives={
        "measured from today: use the as-of date": [
            active_from(pd.Timestamp.now()),
            active_from(pd.Timestamp.now().normalize()),
        ],
        "measured from the last order day: use the as-of date": active_from(last_day_in_data),
        "that is every customer: keep only the orders of the last 365 days": len(summary),
    },
)

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
by_month = profiling.customer_sales_by_period(orders, as_of=as_of_day, freq="MS").sum()
check.chart(ax, question="Q10", values=by_month, rel=1e-6)

# %% [markdown]
# ## Q11. What do the numbers say?
#
# In two or three sentences, for a sales manager: how concentrated is revenue (look at
# Q7 and Q8), and what does the monthly chart show about the business (a trend, a
# season, a month that stands out)? Use the numbers this notebook computed.

# %% [markdown] tags=["solution"]
# *Model answer (read your own numbers: they change with the data).* The top customer
# alone brings the share computed in Q8, and the top list of Q7 a much larger share
# than its size among all customers: a few customers carry the business, which is
# why the course grades customers instead of treating them all alike. The monthly
# chart shows whether revenue grows, shrinks or repeats with the seasons; a month far
# above or below its neighbours is worth a question to sales (a large one-off order,
# a promotion, or a gap in the data, as in the first and last month when the data
# starts or ends mid-month).

# %% [markdown]
# ## Your results
#
# The table lists the latest check of every question. Next: lesson 01 (customer data
# collection, 客户信息搜集) shows where these tables come from and how they were cleaned.

# %%
check.summary()
