# %% [markdown]
# # Exercise 03 · ABC grading and customer tiers (ABC分类法)
#
# This workbook goes with lesson 03 (`notebooks/03_abc_grading.ipynb`). You grade the
# customers of one period, find the VIP customers with ABC grading, choose a cut-off and
# defend it, criticise a resource-allocation table (资源分配表) and track how grades move
# between two periods (动态细分).
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
pareto_cutoffs = (0.80, 0.95)  # ABC by cumulative share of revenue: A up to 80%, B up to 95%, C the rest
vip_share = 0.01  # VIP: the top 1% of customers by revenue
current_plan = {"A": 0.25, "B": 0.35, "C": 0.40}  # today's share of sales hours per grade
base_service = 0.20  # share of resources spread evenly: every customer's basic service

# %%
import math

import matplotlib.pyplot as plt
import pandas as pd

from helpers import checks as check, lesson
from helpers import glossary, grading, profiling, theme
from helpers.i18n import tr
from helpers.text import md, show

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
check.start("03_abc_grading", run, mode="solution", period_days=period_days,  # "solution": a wrong answer stops the run; "exercise": it prints
            pareto_cutoffs=pareto_cutoffs, vip_share=vip_share, current_plan=current_plan)
tables, as_of, orders = run.tables, run.as_of, run.orders
period_start = max(as_of - pd.Timedelta(days=period_days), orders["order_date"].min().normalize())
in_period = orders[orders["order_date"] >= period_start]
first_day = period_start.strftime("%Y-%m-%d")
print(tr("grading period: {start} up to the as-of date; {n:,} lines", lang, domain="answers",
         start=first_day, n=len(in_period)))  # fmt: skip

# %% [markdown]
# `in_period` holds the order lines of the grading period (one row per product in an
# order, with `customer_id`, `order_date`, `revenue`...). `customers` is lesson 02's
# customer table for that period (one row per customer who bought in it: `monetary` is
# the period's revenue). The grading rule is lesson 03's Pareto rule with the cut-offs
# `pareto_cutoffs` of the parameters cell: A up to 80% of revenue, B up to 95%, C the rest.

# %%
customers = profiling.customer_summary(in_period, as_of=as_of)
customers[["monetary", "frequency"]].head(3)

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
check.q("Q1", period_revenue)

# %% [markdown]
# ## Q2. Pareto grades (二八法则)
#
# Grade every customer of the period: rank by revenue, largest first; a customer is A
# while the customers **before** it make less than `pareto_cutoffs[0]` (80%) of revenue,
# B while they make less than `pareto_cutoffs[1]` (95%), otherwise C. Store the grades in
# a Series `grades` ("A", "B", "C") indexed by `customer_id`. You may use
# `grading.abc_grade_by_share(customers, cutoffs=pareto_cutoffs)` (lesson 03 §2) or plain
# pandas.

# %%
### BEGIN SOLUTION
pareto = grading.abc_grade_by_share(customers, cutoffs=pareto_cutoffs)
grades = pareto["grade"]
### END SOLUTION
grades.value_counts() if grades is not None else None

# %%
check.q("Q2", grades)

# %% [markdown]
# ## Q3. Find the VIP customers with ABC grading (VIP客户)
#
# The VIP customers are the top `vip_share` (1%) of the period's customers by revenue,
# rounded **up** (with 250 customers that is 3). Make a Series `vip` with their revenue, indexed by
# `customer_id`, largest first, and compute `vip_share_of_revenue`, their share of the
# period's revenue (a number between 0 and 1).

# %%
### BEGIN SOLUTION
n_vip = math.ceil(vip_share * len(period_revenue))
vip = period_revenue.head(n_vip)
vip_share_of_revenue = vip.sum() / period_revenue.sum()
### END SOLUTION
vip

# %%
check.q("Q3 VIP customers", vip)
check.q("Q3 VIP share", vip_share_of_revenue)

# %% [markdown]
# ## Q4. Choose the A cut-off, and defend it
#
# The default makes the customers who bring 80% of revenue A. For this company, which
# cut-off would you use? Store it in `a_cutoff` (a share between 0.5 and 0.9), then
# compute `n_a`, the number of A customers with cut-offs (`a_cutoff`, `pareto_cutoffs[1]`). Below,
# write two or three sentences: why this cut-off, and what the sales team can and cannot
# do with that many A customers.

# %%
### BEGIN SOLUTION
a_cutoff = 0.70
my_grades = grading.abc_grade_by_share(customers, cutoffs=(a_cutoff, pareto_cutoffs[1]))
n_a = int((my_grades["grade"] == "A").sum())
### END SOLUTION
check.q("Q4 cut-off", a_cutoff)

# %%
check.q("Q4 A customers", n_a, a_cutoff=a_cutoff)

# %% tags=["model_answer"]
n_default = int((pareto["grade"] == "A").sum())
if n_a / len(customers) <= 0.25:
    reading = md(tr("the customers who carry most of the business, few enough for account "
                    "managers to visit regularly, while the rest move to B, where regular sales "
                    "visits are the rule", lang, domain="answers"))
else:
    reading = md(tr("still {share:.0%} of the customers: revenue is spread so widely here that a "
                    "cut-off alone cannot make grade A small, and the A service must be one the "
                    "team can give to many customers",
                    lang, domain="answers"), share=n_a / len(customers))
show(md(
    tr("*Model answer (its numbers are computed).* With the default cut-off of {default:.0%}, "
       "grade A holds {n_default:,} customers ({default_share:.0%} of the period's customers). "
       "With {cut:.0%} it holds {n_a:,}: {reading}. A lower cut-off gives each A customer more "
       "attention but moves solid customers down to B; a higher one spreads the best service "
       "thinly. The right cut-off is the one the team can actually serve.", lang, domain="answers"),
    default=pareto_cutoffs[0], n_default=n_default, default_share=n_default / len(customers),
    cut=a_cutoff, n_a=n_a, reading=reading,
))

# %% [markdown]
# ## Q5. Fixed amounts for this market (按金额分级)
#
# Sales staff prefer a simple rule such as "A = 10,000 or more a year". Derive the A
# amount from your Pareto grading: take the smallest revenue among the A customers with
# your `a_cutoff` and round it to one significant figure (13,358 -> 10,000;
# 3,093 -> 3,000: `round(x, -math.floor(math.log10(x)))`). Store it in `threshold_a`.

# %%
### BEGIN SOLUTION
smallest_a = my_grades.loc[my_grades["grade"] == "A", "value"].min()
threshold_a = float(round(smallest_a, -math.floor(math.log10(smallest_a))))
### END SOLUTION
threshold_a

# %%
check.q("Q5", threshold_a, a_cutoff=a_cutoff)

# %% [markdown]
# ## Q6. The resource-allocation table (资源分配表)
#
# The sales director shows this plan (`current_plan` in the parameters cell): grade A gets
# 25% of the sales team's hours, B 35%, C 40%. The grades are the **Pareto grades of Q2**:
# by cumulative share of the grading period's revenue with `pareto_cutoffs`, the same
# grades as lesson 03 §7. For each grade, compute its share of hours divided by its share
# of the period's revenue, and store it in a Series `hours_per_revenue` indexed by grade
# (A, B, C). Above 1 a grade gets more effort than its share of value, below 1 less.

# %%
### BEGIN SOLUTION
revenue_share = pareto.groupby("grade", observed=False)["value"].sum() / pareto["value"].sum()
hours_per_revenue = pd.Series(current_plan) / revenue_share
### END SOLUTION
hours_per_revenue

# %%
check.q("Q6", hours_per_revenue)

# %% [markdown]
# ## Q7. What is wrong with this table, and how would you adjust it?
#
# In three or four sentences: which grade is over-served and which under-served, what
# the risk is, and how you would share the hours instead (give the new shares and say
# what rule produced them).

# %% tags=["model_answer"]
value_share = revenue_share
customer_share = pareto["grade"].value_counts(normalize=True).reindex(revenue_share.index)
adjusted = base_service * customer_share + (1 - base_service) * value_share
over, under = hours_per_revenue.idxmax(), hours_per_revenue.idxmin()
show(md(
    tr("*Model answer (its numbers are computed).* Grade {over} is the most over-served: it gets "
       "{over_hours:.0%} of the hours for {over_revenue:.0%} of the revenue, {over_ratio:.1f} "
       "times its share; grade {under} is the most under-served, with {under_hours:.0%} of the "
       "hours for {under_revenue:.0%} of the revenue ({under_ratio:.2f} times). {verdict} Adjust "
       "it: keep a basic service for everyone "
       "({base:.0%} of the hours, shared by head count) and share the other {rest:.0%} by revenue. "
       "That rule gives A {a:.0%}, B {b:.0%} and C {c:.0%} of the hours; C customers move to "
       "cheaper channels (online, phone), and C customers with high potential can get extra "
       "hours from B's share.", lang, domain="answers"),
    over=over, over_hours=current_plan[over], over_revenue=revenue_share[over],
    over_ratio=hours_per_revenue[over], under=under, under_hours=current_plan[under],
    under_revenue=revenue_share[under], under_ratio=hours_per_revenue[under],
    base=base_service, rest=1 - base_service,
    a=adjusted["A"], b=adjusted["B"], c=adjusted["C"],
    verdict=md(tr("The plan does not follow value: the customers who carry the business get less "
                  "than their share, and they are the ones competitors court.",
                  lang, domain="answers")) if under == "A"
    else md(tr("Effort and value are out of line, even if the best customers are not the most "
               "under-served.", lang, domain="answers")),
))

# %% [markdown]
# ## Q8. Chart: each grade's share of customers and of revenue (客户数与销售额占比)
#
# Draw a bar chart with, for each grade A, B, C, its share of customers and its share
# of revenue (two bars per grade, six bars in all). `grading.resource_allocation_table`
# (lesson 03 §7) computes both. Keep its Axes in `ax`, label both axes and give it a title.

# %%
### BEGIN SOLUTION
allocation = grading.resource_allocation_table(pareto, current_plan)
shares = allocation[["customer_share", "revenue_share"]].set_axis(
    [glossary.label("customer_share", lang), glossary.label("revenue_share", lang)], axis=1
)
ax = shares.plot.barh(figsize=(7, 3.5), color=["#8c8c8c", "#3a78b5"])
ax.set_xlabel(glossary.label("share", lang))
ax.set_ylabel(glossary.label("grade", lang))
ax.set_title({"en": "Share of customers and of revenue by grade", "zh": "各等级的客户数与销售额占比"}[lang])
ax.xaxis.set_major_formatter(theme.percent_formatter())
ax.invert_yaxis()  # A on top
### END SOLUTION

# %%
check.q("Q8", ax)
plt.show()

# %% [markdown]
# ## Q9. Grade migration: who fell? (动态细分)
#
# Grades move between periods. `earlier` below holds the order lines of the period just
# before the grading period (as long as the grading period, or half the data when it is
# too short for two). Grade that period the same way (Pareto, `pareto_cutoffs`) and count the
# customers who bought in **both** periods and whose grade **fell** (A to B or C, B to
# C). Store the count in `n_fell`.

# %%
length = min(pd.Timedelta(days=period_days), (as_of - orders["order_date"].min()) / 2).floor("D")
middle = as_of - length
earlier = orders[(orders["order_date"] >= middle - length) & (orders["order_date"] < middle)]
later = orders[orders["order_date"] >= middle]
later_start = middle.strftime("%Y-%m-%d")
print(tr("two periods of {days} days; the later one starts {start}", lang, domain="answers",
         days=length.days, start=later_start))  # fmt: skip

# %%
### BEGIN SOLUTION
before = grading.abc_grade_by_share(
    profiling.customer_summary(earlier, as_of=middle), cutoffs=pareto_cutoffs
)["grade"]
after = grading.abc_grade_by_share(
    profiling.customer_summary(later, as_of=as_of), cutoffs=pareto_cutoffs
)["grade"]
both = pd.concat([before.rename("before"), after.rename("after")], axis=1, join="inner")
n_fell = int((both["after"].astype(str) > both["before"].astype(str)).sum())
### END SOLUTION
n_fell

# %%
check.q("Q9", n_fell, earlier=earlier, later=later, middle=middle)

# %% [markdown]
# ## Q10. What do the numbers say?
#
# Write four or five sentences for the sales director, using the numbers of this
# notebook: how concentrated revenue is (Q2, Q3), what the VIP customers need, what is
# wrong with the resource plan (Q6, Q7) and which customers the account managers should
# call first after the migration analysis (Q9).

# %% tags=["model_answer"]
n_customers = len(customers)
a_share = (grades == "A").mean()
a_revenue = pareto.loc[pareto["grade"] == "A", "share"].sum()
fell_from_a = int(((both["before"].astype(str) == "A") & (both["after"].astype(str) != "A")).sum())
show(md(
    tr("*Model answer (its numbers are computed).* {a_share:.0%} of the period's customers are A: "
       "they make {a_revenue:.0%} of the revenue (Q2), and the {n_vip:,} VIP customers alone make "
       "{vip:.1%} (Q3): each VIP needs a named account manager and a senior contact. The current "
       "plan gives grade {over} {over_ratio:.1f} times its share of revenue in sales hours and "
       "grade {under} only {under_ratio:.2f} times (Q6): hours should follow value, with the "
       "least valuable customers served through cheaper channels. Between the two periods "
       "{n_fell:,} customers who bought in both fell a grade (Q9), {fell_from_a:,} of them from A: "
       "those come first on the call list, because a falling key customer is often moving "
       "business to a competitor.", lang, domain="answers"),
    a_share=a_share, a_revenue=a_revenue, n_vip=len(vip), vip=vip_share_of_revenue,
    over=over, over_ratio=hours_per_revenue[over], under=under,
    under_ratio=hours_per_revenue[under], n_fell=n_fell, fell_from_a=fell_from_a,
))

# %% [markdown]
# ## Your results
#
# The table lists the latest check of every question. Next: lesson 04 (purchase decile
# analysis, 购买十分位分析) cuts customers and revenue into tenths.

# %%
check.summary()
