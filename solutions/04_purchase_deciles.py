# %% [markdown]
# # Exercise 04 · Purchase decile analysis (购买十分位分析)
#
# This workbook goes with lesson 04 (`notebooks/04_purchase_deciles.ipynb`). You build
# customer deciles (客户十分位) and value deciles (价值十分位), choose when a customer
# counts as "losing value" and defend it, find the three profitable groups and check the
# 80/20 rule (二八法则) on this data.
#
# **How the workbook works.** Each question says which variable to fill in. Replace
# `None  # your code here` with your answer, run the cell, then run the check cell below
# it. A check answers ✅ correct, ❌ not yet (with a hint that says what differs), or ⏳ not
# answered yet. The expected answers are computed from the data of this run, so the
# checks also work on another company's data. Run the whole notebook once before you
# start: every check should say "not answered yet".
#
# **Learning goals**
#
# - compute the share of sales of each customer decile;
# - count the customers who make the first tenth of sales, and say how that differs
#   from the top customer decile;
# - choose the threshold of "losing value" and defend it;
# - find the three profitable groups (with cost data) and check the 80/20 rule.

# %% tags=["parameters"]
# Parameters (a re-run can replace any of these, e.g. with a file in datasets/params/).
data_source = "course"  # "course", a variant such as "course:seed7", "online_retail", a file or a folder
column_mapping = None  # None, a dict or a YAML/TOML file {your header: course column}
data_options = None  # None or a dict of data options (sheet, decimal mark, cleaning rules...)
as_of = None  # "YYYY-MM-DD", the first day NOT analysed; None: the day after the last order
lang = "en"  # "en" or "zh": the language of the reports and charts
seed = 42  # for anything random shown for display
period_days = 365  # the analysis period: the last period_days days before as_of

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers import checks as check, lesson
from helpers import deciles, glossary, profiling

check.configure(mode="solution")  # "solution": a wrong answer stops the run; "exercise": it prints
run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of, orders = run.tables, run.as_of, run.orders
period_start = max(as_of - pd.Timedelta(days=period_days), orders["order_date"].min().normalize())

# %% [markdown]
# `customers` has one row per customer who bought in the period: `monetary` (revenue in
# the period), `profit` (empty when the data has no costs) and `trend` (revenue in the
# period compared with the period before: -0.3 means 30% less; empty when there is
# nothing to compare with). All questions start from it.

# %%
history = profiling.customer_summary(orders, as_of=as_of, period_days=period_days)
customers = profiling.customer_summary(orders[orders["order_date"] >= period_start], as_of=as_of)
customers["trend"] = history["trend"].reindex(customers.index)
print(f"{len(customers):,} customers; costs in the data: {'yes' if tables.has_cost else 'no'}")
customers[["monetary", "profit", "trend"]].head()

# %% [markdown]
# The checks compare your answers with the course helpers' tables:

# %%
by_customers = deciles.customer_deciles(customers)
by_sales = deciles.value_deciles(customers, by="monetary")
ranked = customers["monetary"].round(2).sort_values(ascending=False, kind="stable")
n = len(ranked)

# %% [markdown]
# ## Q1. What do the top 10% of customers bring?
#
# Rank the customers by revenue, largest first. The top customer decile holds the first
# `ceil(n / 10)` customers (with 1,702 customers: 171). What share of the period's
# revenue do they bring? Store it in `top_decile_share` (between 0 and 1).

# %%
### BEGIN SOLUTION
top_count = math.ceil(len(customers) / 10)
top_decile_share = float(customers["monetary"].nlargest(top_count).sum() / ranked.sum())
### END SOLUTION
top_decile_share

# %%
check.number(
    top_decile_share,
    by_customers.loc[1, "revenue_share"],
    question="Q1",
    rel=1e-6,
    alternatives={
        "that is the share of customers, not of revenue": by_customers.loc[1, "customer_share"],
        "those are the SMALLEST customers: sort descending": by_customers.loc[10, "revenue_share"],
        "n / 10 rounded down: round the group size up": ranked.head(n // 10).sum() / ranked.sum(),
    },
)

# %% [markdown]
# ## Q2. Customer deciles (客户十分位)
#
# Cut the ranked customers into ten groups of (nearly) equal size: the customer at
# position p (0 for the largest) is in decile `p * 10 // n + 1`. Make a Series
# `decile_revenue_share`: each decile's share of revenue, indexed 1 to 10.

# %%
### BEGIN SOLUTION
position = np.arange(n)
decile_of = pd.Series(position * 10 // n + 1, index=ranked.index)
decile_revenue_share = ranked.groupby(decile_of).sum() / ranked.sum()
### END SOLUTION
decile_revenue_share

# %%
check.table(
    decile_revenue_share,
    by_customers["revenue_share"],
    question="Q2",
    rel=1e-6,
    alternatives={
        "decile 1 holds the smallest customers: rank largest first": by_customers["revenue_share"][
            ::-1
        ].set_axis(by_customers.index),
        "that is the revenue, not the share of revenue": by_customers["revenue"],
    },
)

# %% [markdown]
# ## Q3. Value deciles: who makes the first tenth of sales? (价值十分位)
#
# Now cut the *revenue* into ten equal parts. How many customers make the first tenth?
# A customer belongs to the tenth in which its revenue **starts**: count the customers
# for whom the customers ranked before them make less than 10% of revenue. Store the
# count in `n_first_tenth`.

# %%
### BEGIN SOLUTION
share_before = (ranked.cumsum() - ranked) / ranked.sum()
n_first_tenth = int((share_before < 0.10).sum())
### END SOLUTION
n_first_tenth

# %%
cumulative = ranked.cumsum() / ranked.sum()
check.number(
    n_first_tenth,
    by_sales.loc[1, "customers"],
    question="Q3",
    alternatives={
        "that is the size of the top customer DECILE (10% of customers), not of the first "
        "tenth of revenue": by_customers.loc[1, "customers"],
        "you used the share including each customer: the customer whose revenue crosses "
        "10% starts in the first tenth, count it too": int((cumulative < 0.10).sum()),
    },
)

# %% [markdown]
# ## Q4. Chart: how many customers make each tenth of sales?
#
# Draw a bar chart of the number of customers in each of the ten value deciles (the
# `customers` column of `by_sales`, or your own count). Keep the Axes in `ax`, label
# both axes and give the chart a title.

# %%
### BEGIN SOLUTION
ax = by_sales["customers"].plot.bar(figsize=(8, 4), color="#8c8c8c", rot=0)
ax.set_xlabel(glossary.label("value_decile", lang))
ax.set_ylabel(glossary.label("customers", lang))
labels = ax.bar_label(ax.containers[0], fontsize=8)
ax.set_title({"en": "Customers behind each tenth of sales", "zh": "每十分之一销售额的客户数"}[lang])
ax.margins(y=0.1)
### END SOLUTION

# %%
check.chart(ax, question="Q4", values=by_sales["customers"])
plt.show()

# %% [markdown]
# ## Q5. Choose when a customer is "losing value", and defend it
#
# Group 3 of decile analysis is the customers still profitable but losing value. "Losing
# value" needs a threshold on `trend`: for example -0.3 means sales fell by more than
# 30%. Store your threshold in `declining_below` (between -0.9 and 0), then count the
# customers **outside** the first half of revenue (the customers ranked before them make
# 50% or more) whose trend is below your threshold: `n_falling`. Below, say in two or
# three sentences why you chose this threshold.

# %%
### BEGIN SOLUTION
declining_below = -0.30
outside_top_half = share_before >= 0.50
n_falling = int(
    (outside_top_half & (customers["trend"].reindex(ranked.index) < declining_below)).sum()
)
### END SOLUTION
check.choice(declining_below, question="Q5 threshold", low=-0.9, high=0.0)

# %%
threshold = declining_below if declining_below is not None else -0.30  # until Q5 is answered
before_share = (ranked.cumsum() - ranked) / ranked.sum()
trend = customers["trend"].reindex(ranked.index)
check.number(
    n_falling,
    int(((before_share >= 0.50) & (trend < threshold)).sum()),
    question="Q5 falling customers",
    alternatives={
        "that counts falling customers among ALL customers: keep only those outside the "
        "first half of revenue": int((trend < threshold).sum()),
        "those are the falling customers INSIDE the first half of revenue: take the others": int(
            ((before_share < 0.50) & (trend < threshold)).sum()
        ),
    },
)

# %% [markdown] tags=["solution"]
# *Model answer.* A customer whose sales fall by a few percent is noise: orders come in
# lumps, and one order more or less moves a small customer's revenue a lot. A fall of
# more than 30% from one year to the next is hard to explain by chance, and the list it
# gives is short enough to analyse one by one. A threshold near 0 would flag half of the
# customers; one near -0.9 would only find customers who have already gone.

# %% [markdown]
# ## Q6. The three profitable groups (三类可盈利客户)
#
# With cost data, use `deciles.profitable_groups(customers, declining_below=...)` with
# your threshold to put every customer into retain / grow share of wallet / losing value
# / transactional, and store the number of customers per group in a Series
# `group_counts` (index: the group names). When the data has **no costs**, profit is
# unknown and the groups cannot be formed: set `group_counts = None` in that case
# (`tables.has_cost` says which).

# %%
### BEGIN SOLUTION
group_counts = (
    deciles.profitable_groups(customers, declining_below=declining_below)["group"].value_counts(
        sort=False
    )
    if tables.has_cost
    else None
)
### END SOLUTION
group_counts

# %%
if tables.has_cost:
    expected_groups = deciles.profitable_groups(customers, declining_below=threshold)
    check.table(
        group_counts,
        expected_groups["group"].value_counts(sort=False),
        question="Q6",
        check_order=False,
        alternatives={
            "those are the counts with the default threshold 0: pass your declining_below": (
                deciles.profitable_groups(customers)["group"].value_counts(sort=False)
            )
        },
    )
else:
    print("Q6: this data has no costs, so the profitable groups cannot be formed (no check).")

# %% [markdown]
# ## Q7. Does the 80/20 rule hold here? (二八法则)
#
# What share of the period's revenue do the top 20% of customers bring (the first
# `ceil(0.2 * n)` customers by revenue)? Store it in `top20_share`.

# %%
### BEGIN SOLUTION
top20_share = float(ranked.head(math.ceil(0.2 * n)).sum() / ranked.sum())
### END SOLUTION
top20_share

# %%
check.number(
    top20_share,
    by_customers.loc[[1, 2], "revenue_share"].sum(),
    question="Q7",
    rel=1e-6,
    alternatives={
        "that is the share of customers who make 80% of revenue, the other way round": (
            int((before_share < 0.80).sum()) / n
        ),
        "those are the smallest 20% of customers: sort descending": ranked.tail(
            math.ceil(0.2 * n)
        ).sum()
        / ranked.sum(),
    },
)

# %% [markdown]
# ## Q8. What do the numbers say?
#
# In four or five sentences for the sales director: does the 80/20 rule hold here
# (Q7)? Which of the two decile tables would you show to argue for key-account managers,
# and why (Q1, Q3)? What would you do with each of the three profitable groups, and with
# the transactional customers (Q6; without cost data, say what you would need first)?

# %% [markdown] tags=["solution"]
# *Model answer (read your own numbers).* The top 20% of customers bring close to 80% of
# revenue, so the rule holds roughly overall (Q7). To argue for key-account managers,
# the value deciles say it best: the first tenth of sales depends on only a handful of
# customers (Q3), and losing any one of them would be felt at once; the customer deciles
# (Q1) show how unequal the customers are, which is the argument for service levels.
# The retain group gets named account managers, the grow-share-of-wallet group a plan to
# win more of what it buys elsewhere, the losing-value group a call to find out why
# before they are moved to standard service, and the transactional customers efficient
# self-service without relationship budget. Without cost data, the groups would first
# need at least product margins.

# %% [markdown]
# ## Your results
#
# The table lists the latest check of every question. Next: lesson 05 (loyalty
# classification, 客户忠诚度分析).

# %%
check.summary()
