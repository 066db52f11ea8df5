# %% [markdown]
# # Exercise 03 · ABC grading and customer tiers (ABC分类法)
#
# This workbook goes with lesson 03 (`notebooks/03_abc_grading.ipynb`). You grade the
# customers of one period, find the VIP customers with ABC grading, choose a cut-off and
# defend it, criticise a resource-allocation table (资源分配表) and track how grades move
# between two periods (动态细分).
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
# - compute each customer's revenue in a grading period and grade it by Pareto share;
# - find the VIP customers (the top 1%) and their share of revenue;
# - choose a grading cut-off and fixed amounts for a market, and defend them;
# - say what is wrong with a resource-allocation table and how to adjust it;
# - count the customers whose grade fell between two periods.

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
import pandas as pd

from helpers import checks as check, lesson
from helpers import glossary, grading, profiling, theme

check.configure(mode="solution")  # "solution": a wrong answer stops the run; "exercise": it prints
run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of, orders = run.tables, run.as_of, run.orders
period_start = max(as_of - pd.Timedelta(days=period_days), orders["order_date"].min().normalize())
in_period = orders[orders["order_date"] >= period_start]
print(f"grading period: {period_start:%Y-%m-%d} up to the as-of date; {len(in_period):,} lines")

# %% [markdown]
# `in_period` holds the order lines of the grading period (one row per product in an
# order, with `customer_id`, `order_date`, `revenue`...). The checks compare your answers
# with tables computed by the course helpers:

# %%
customers = profiling.customer_summary(in_period, as_of=as_of)
pareto = grading.abc_grade_by_share(customers)  # A up to 80%, B up to 95%, C the rest
whole_history = orders.groupby("customer_id")["revenue"].sum()

# %% [markdown]
# ## Q1. Revenue per customer in the grading period
#
# Make a Series `period_revenue`: each customer's revenue in the grading period
# (`in_period`), indexed by `customer_id`, largest first.

# %%
### BEGIN SOLUTION
period_revenue = (
    in_period.groupby("customer_id")["revenue"].sum().sort_values(ascending=False, kind="stable")
)
### END SOLUTION
period_revenue

# %%
expected_revenue = pareto["value"]
check.table(
    period_revenue,
    expected_revenue,
    question="Q1",
    sort_by="value",
    tol=0.01,
    alternatives={
        "that is the revenue of the whole history: use in_period": whole_history.sort_values(
            ascending=False
        ),
        "those are the smallest customers first: sort descending": expected_revenue[::-1],
    },
)

# %% [markdown]
# ## Q2. Pareto grades (二八法则)
#
# Grade every customer of the period: rank by revenue, largest first; a customer is A
# while the customers **before** it make less than 80% of revenue, B while they make
# less than 95%, otherwise C. Store the grades in a Series `grades` ("A", "B", "C")
# indexed by `customer_id`. You may use `grading.abc_grade_by_share` or plain pandas.

# %%
### BEGIN SOLUTION
grades = grading.abc_grade_by_share(period_revenue.rename("monetary").to_frame())["grade"]
### END SOLUTION
grades.value_counts() if grades is not None else None

# %%
cumulative_after = pareto["cumulative_share"]
graded_after = pd.cut(cumulative_after, [-1, 0.80, 0.95, 2], labels=["A", "B", "C"])
check.table(
    grades,
    pareto["grade"],
    question="Q2",
    check_order=False,
    alternatives={
        "you graded by the share INCLUDING each customer: the one that crosses 80% is "
        "still A (use the share of the customers before it)": graded_after
    },
)

# %% [markdown]
# ## Q3. Find the VIP customers with ABC grading (VIP客户)
#
# The VIP customers are the top 1% of the period's customers by revenue, rounded **up**
# (with 250 customers that is 3). Make a Series `vip` with their revenue, indexed by
# `customer_id`, largest first, and compute `vip_share`, their share of the period's
# revenue (a number between 0 and 1).

# %%
### BEGIN SOLUTION
n_vip = math.ceil(0.01 * len(period_revenue))
vip = period_revenue.head(n_vip)
vip_share = vip.sum() / period_revenue.sum()
### END SOLUTION
vip

# %%
ranked_vip = grading.grade_by_rank(customers, top=(0.01,), labels=("VIP", "other"))
expected_vip = ranked_vip.loc[ranked_vip["grade"] == "VIP", "value"]
n_floor = max(int(0.01 * len(customers)), 1)
check.table(
    vip,
    expected_vip,
    question="Q3 VIP customers",
    sort_by="value",
    tol=0.01,
    alternatives={
        "1% rounded down: round the number of VIPs up (math.ceil)": pareto["value"].head(n_floor),
        "that is the whole history: use the grading period": whole_history.sort_values(
            ascending=False
        ).head(len(expected_vip)),
    },
)
check.number(
    vip_share,
    expected_vip.sum() / customers["monetary"].sum(),
    question="Q3 VIP share",
    rel=1e-4,
)

# %% [markdown]
# ## Q4. Choose the A cut-off, and defend it
#
# The default makes the customers who bring 80% of revenue A. For this company, which
# cut-off would you use? Store it in `a_cutoff` (a share between 0.5 and 0.9), then
# compute `n_a`, the number of A customers with cut-offs (`a_cutoff`, 0.95). Below,
# write two or three sentences: why this cut-off, and what the sales team can and cannot
# do with that many A customers.

# %%
### BEGIN SOLUTION
a_cutoff = 0.70
n_a = int((grading.abc_grade_by_share(customers, cutoffs=(a_cutoff, 0.95))["grade"] == "A").sum())
### END SOLUTION
check.choice(a_cutoff, question="Q4 cut-off", low=0.5, high=0.9)

# %%
cutoff = a_cutoff if a_cutoff is not None else 0.80  # until Q4 is answered, compare with 0.80
expected_a = int(
    (grading.abc_grade_by_share(customers, cutoffs=(cutoff, 0.95))["grade"] == "A").sum()
)
check.number(
    n_a,
    expected_a,
    question="Q4 A customers",
    alternatives={
        "that is the number of A customers at the default 80%": int((pareto["grade"] == "A").sum())
    },
)

# %% [markdown] tags=["solution"]
# *Model answer (read your own numbers).* With 80%, the A grade holds about a fifth of
# the customers, more than the account managers can visit regularly; 70% keeps the A
# grade to the customers who carry most of the business and leaves the rest to B, where
# regular sales visits are the rule. A lower cut-off gives each A customer more
# attention but moves solid customers down to B; a higher one spreads the best service
# thinly. The right cut-off is the one the team can actually serve.

# %% [markdown]
# ## Q5. Fixed amounts for this market (按金额分级)
#
# Sales staff prefer a simple rule such as "A = 10,000 or more a year". Derive the A
# amount from your Pareto grading: take the smallest revenue among the A customers with
# your `a_cutoff` and round it to one significant figure (13,358 -> 10,000;
# 3,093 -> 3,000: `round(x, -math.floor(math.log10(x)))`). Store it in `threshold_a`.

# %%
### BEGIN SOLUTION
a_values = grading.abc_grade_by_share(customers, cutoffs=(a_cutoff, 0.95))
smallest_a = a_values.loc[a_values["grade"] == "A", "value"].min()
threshold_a = float(round(smallest_a, -math.floor(math.log10(smallest_a))))
### END SOLUTION
threshold_a

# %%
graded = grading.abc_grade_by_share(customers, cutoffs=(cutoff, 0.95))
smallest = graded.loc[graded["grade"] == "A", "value"].min()
check.number(
    threshold_a,
    round(smallest, -math.floor(math.log10(smallest))),
    question="Q5",
    alternatives={"that is the exact amount: round it to one significant figure": smallest},
)

# %% [markdown]
# ## Q6. The resource-allocation table (资源分配表)
#
# The sales director shows this plan: grade A gets 25% of the sales team's hours, B 35%,
# C 40%. For the Pareto grades of Q2 (the `pareto` table above), compute for each grade
# its share of hours divided by its share of revenue. Store it in a Series
# `hours_per_revenue` indexed by grade (A, B, C). Above 1 a grade gets more effort than
# its share of value, below 1 less.

# %%
current_plan = {"A": 0.25, "B": 0.35, "C": 0.40}
### BEGIN SOLUTION
revenue_share = pareto.groupby("grade", observed=False)["value"].sum() / pareto["value"].sum()
hours_per_revenue = pd.Series(current_plan) / revenue_share
### END SOLUTION
hours_per_revenue

# %%
allocation = grading.resource_allocation_table(pareto, current_plan)
customer_share = allocation["customer_share"]
check.table(
    hours_per_revenue,
    allocation["resource_per_revenue"],
    question="Q6",
    rel=1e-4,
    alternatives={
        "you divided by the share of customers, not of revenue": allocation["resource_share"]
        / customer_share,
        "that is revenue share / hours share: turn the ratio around": 1
        / allocation["resource_per_revenue"],
    },
)

# %% [markdown]
# ## Q7. What is wrong with this table, and how would you adjust it?
#
# In three or four sentences: which grade is over-served and which under-served, what
# the risk is, and how you would share the hours instead (give the new shares and say
# what rule produced them).

# %% [markdown] tags=["solution"]
# *Model answer (read your own numbers).* Grade C gets 40% of the hours for a small share
# of revenue, several times its share; grade A gets a quarter of the hours for around
# 80% of revenue, a fraction of its share. The plan follows head count, not value: the
# customers who carry the business are under-served and are exactly the ones
# competitors court. Adjust: keep a basic service for everyone (say 20% of hours by head
# count) and share the other 80% by value (profit where it is known, else revenue),
# then move some hours to C customers with high potential. That gives roughly
# 70% / 19% / 11% here, and C customers move to cheaper channels (online, phone).

# %% [markdown]
# ## Q8. Chart: the customer-count pyramid beside the revenue pyramid
#
# Draw a bar chart with, for each grade A, B, C, its share of customers and its share
# of revenue (two bars per grade, six bars in all; the numbers are in `allocation`).
# Keep its Axes in `ax`, label both axes and give it a title.

# %%
### BEGIN SOLUTION
shares = allocation[["customer_share", "revenue_share"]].set_axis(
    [glossary.label("customer_share", lang), glossary.label("revenue_share", lang)], axis=1
)
ax = shares.plot.barh(figsize=(7, 3.5), color=["#8c8c8c", "#3a78b5"])
ax.set_xlabel(glossary.label("share", lang))
ax.set_ylabel(glossary.label("grade", lang))
ax.set_title({"en": "Few customers, most of the revenue", "zh": "少数客户，多数销售额"}[lang])
ax.xaxis.set_major_formatter(theme.percent_formatter())
ax.invert_yaxis()  # A on top
### END SOLUTION

# %%
expected_bars = pd.concat([allocation["customer_share"], allocation["revenue_share"]])
check.chart(ax, question="Q8", values=expected_bars, rel=1e-6)
plt.show()

# %% [markdown]
# ## Q9. Grade migration: who fell? (动态细分)
#
# Grades move between periods. `earlier` below holds the order lines of the period just
# before the grading period (as long as the grading period, or half the data when it is
# too short for two). Grade that period the same way (Pareto, 80% / 95%) and count the
# customers who bought in **both** periods and whose grade **fell** (A to B or C, B to
# C). Store the count in `n_fell`.

# %%
length = min(pd.Timedelta(days=period_days), (as_of - orders["order_date"].min()) / 2).floor("D")
middle = as_of - length
earlier = orders[(orders["order_date"] >= middle - length) & (orders["order_date"] < middle)]
later = orders[orders["order_date"] >= middle]
print(f"two periods of {length.days} days; the later one starts {middle:%Y-%m-%d}")

# %%
### BEGIN SOLUTION
before = grading.abc_grade_by_share(profiling.customer_summary(earlier, as_of=middle))["grade"]
after = grading.abc_grade_by_share(profiling.customer_summary(later, as_of=as_of))["grade"]
both = pd.concat([before.rename("before"), after.rename("after")], axis=1, join="inner")
n_fell = int((both["after"].astype(str) > both["before"].astype(str)).sum())
### END SOLUTION
n_fell

# %%
migration = grading.grade_migration(
    grading.abc_grade_by_share(profiling.customer_summary(earlier, as_of=middle)),
    grading.abc_grade_by_share(profiling.customer_summary(later, as_of=as_of)),
)
order_of = {"A": 0, "B": 1, "C": 2}
fell = sum(migration.loc[b, a] for b in order_of for a in order_of if order_of[a] > order_of[b])
rose = sum(migration.loc[b, a] for b in order_of for a in order_of if order_of[a] < order_of[b])
check.number(
    n_fell,
    fell,
    question="Q9",
    alternatives={
        "that counts the customers who moved UP": rose,
        "the lost customers (no purchase in the later period) are not a fall in grade": fell
        + migration["lost"].sum(),
    },
)
migration

# %% [markdown]
# ## Q10. What do the numbers say?
#
# Write four or five sentences for the sales director, using the numbers of this
# notebook: how concentrated revenue is (Q2, Q3), what the VIP customers need, what is
# wrong with the resource plan (Q6, Q7) and which customers the account managers should
# call first after the migration analysis (Q9).

# %% [markdown] tags=["solution"]
# *Model answer (read your own numbers).* About a fifth of the customers make 80% of the
# revenue, and the VIP top 1% alone make a large slice of it (Q3): each VIP needs a
# named account manager and a senior contact. The current plan gives grade C several
# times its share of revenue in sales hours and grade A a fraction of its share: hours
# should move towards A and B, with C served through cheaper channels. Between the two
# periods many customers changed grade (Q9); the A customers who fell come first on the
# call list, because a falling key customer is often moving business to a competitor,
# and the risers should get the service of their new grade before they ask for it.

# %% [markdown]
# ## Your results
#
# The table lists the latest check of every question. Next: lesson 04 (purchase decile
# analysis, 购买十分位分析) cuts customers and revenue into tenths.

# %%
check.summary()
