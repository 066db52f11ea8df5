# %% [markdown]
# # Exercise 06 · Case study on another company (练习06：综合案例)
#
# Lesson 06 ran the whole analysis on the course company and ended in a one-page
# recommendation. Now you are the analyst of **another company**: the parameter
# `data_source` below points at a different data set. Its default, `"course:seed7"`
# (the course simulation drawn with seed 7), is the company of the parameter file
# `datasets/params/course_seed7.yaml`: the same kind of business, other customers. You
# may also run this workbook with any other parameter file in `datasets/params/`, for
# example `online_retail.yaml` (a real online shop with no survey, no complaints and no
# costs), or set `data_source = "online_retail"` in the cell.
#
# You run the same steps, choose one parameter yourself, draw the resource split and
# write a recommendation you can defend.
#
# **How the workbook works.** Replace each `None  # your code here` with your answer and
# run the cell, then the check below it: ✅ correct, ❌ not yet (with a hint), or ⏳ not
# answered yet. The expected answers are computed from the data of this run. Run the
# whole notebook once before you start: every check should say "not answered yet".
#
# **Learning goals**
#
# - check a new data set before trusting it;
# - grade, read deciles and flag customers at risk on your own;
# - choose how much service everyone gets, and defend the choice;
# - write a recommendation that states its numbers, assumptions and gaps.

# %% tags=["parameters"]
# Parameters (a re-run can replace any of these, e.g. with a file in datasets/params/).
data_source = "course:seed7"  # another company: the one of datasets/params/course_seed7.yaml
column_mapping = None  # None, a dict or a YAML/TOML file {your header: course column}
data_options = None  # None or a dict of data options (sheet, decimal mark, cleaning rules...)
as_of = None  # "YYYY-MM-DD", the first day NOT analysed; None: the day after the last order
lang = "en"  # "en" or "zh": the language of the reports and charts
seed = 42  # for anything random shown for display
period_days = 365  # the analysis period: the last period_days days before as_of
pareto_cutoffs = (0.80, 0.95)  # ABC by cumulative share of revenue: A up to 80%, B up to 95%, C the rest
declining_below = -0.30  # revenue trend (this period / previous period - 1) below this: losing value
satisfaction_cuts = (4, 7)  # satisfaction below the first is low, from the second up high
loyalty_cut = 7  # loyalty answers from this up are high loyalty
apostle_min = 9  # an apostle answers at least this on both questions
min_complaints = 2  # repeated complaints: at least this many in the period

# %%
import matplotlib.pyplot as plt
import pandas as pd

from helpers import checks as check, lesson
from helpers import deciles, glossary, grading, loyalty, profiling, theme

check.configure(mode="solution")  # "solution": a wrong answer stops the run; "exercise": it prints
run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of, orders = run.tables, run.as_of, run.orders
period_start = as_of - pd.Timedelta(days=period_days)
history = profiling.customer_summary(orders, as_of=as_of, period_days=period_days)
period = profiling.customer_summary(orders[orders["order_date"] >= period_start], as_of=as_of)
print(f"{len(history):,} customers in the history, {len(period):,} in the planning period")

# %% [markdown]
# You get two customer tables (lesson 02): `history` (the whole history before the as-of
# date: `tenure_days`, `status`, `trend`, `monetary`...) and `period` (only the orders of
# the planning period: `monetary` is the period's revenue, `profit` its profit, NaN
# without costs). The cell below prepares the loyalty inputs of lesson 05.

# %%
classes = loyalty.behavioural_loyalty_classes(
    history, tables.leads, as_of=as_of, declining_below=declining_below
)
survey = tables.survey
survey = survey[survey["survey_date"] < as_of] if survey is not None else None
types = (
    loyalty.loyalty_matrix_types(
        survey,
        satisfaction_cuts=satisfaction_cuts,
        loyalty_cut=loyalty_cut,
        apostle_min=apostle_min,
    )
    if survey is not None and len(survey)
    else None
)
complaints = tables.complaints
if complaints is not None:
    recent = complaints[
        (complaints["complaint_date"] >= period_start) & (complaints["complaint_date"] < as_of)
    ]
    complaint_counts = recent.groupby("customer_id").size()
else:
    complaint_counts = pd.Series(dtype="int64")
print("survey:", "yes" if types is not None else "no", "| complaints:", complaints is not None)

# %%
# expected answers (computed with the course helpers, so they fit this run's data)
OPTIONAL = ["customers", "products", "complaints", "survey", "campaigns", "leads"]
expected_grades = grading.abc_grade_by_share(period, cutoffs=pareto_cutoffs)
value_column = "profit" if tables.has_cost else "monetary"

# %% [markdown]
# ## Q1. How much did cleaning set aside? (数据清洗)
#
# `tables.cleaning` reports what cleaning did: `rows_in` order lines came in, `rows_out`
# were kept. What **share** of the incoming order lines was set aside (a number between
# 0 and 1)? Store it in `dropped_share`.

# %%
### BEGIN SOLUTION
dropped_share = 1 - tables.cleaning.rows_out / tables.cleaning.rows_in
### END SOLUTION
dropped_share

# %%
report = tables.cleaning
check.number(
    dropped_share,
    1 - report.rows_out / report.rows_in,
    question="Q1",
    tol=1e-9,
    alternatives={
        "that is the share that was kept: the question asks for the share set aside": (
            report.rows_out / report.rows_in
        ),
        "that is a number of lines: divide by rows_in": report.rows_in - report.rows_out,
    },
)

# %% [markdown]
# ## Q2. Which optional tables are missing? (缺失的数据表)
#
# The optional tables are `customers, products, complaints, survey, campaigns, leads`; a
# missing one is `None` in `tables` (for example `tables.survey is None`). Store the names
# of the missing ones in `missing_tables`, as a **sorted list** of strings (an empty list
# `[]` when none is missing).

# %%
### BEGIN SOLUTION
missing_tables = sorted(t for t in OPTIONAL if getattr(tables, t) is None)
### END SOLUTION
missing_tables

# %%
present = sorted(t for t in OPTIONAL if getattr(tables, t) is not None)
check.value(
    missing_tables,
    sorted(tables.missing()),
    question="Q2",
    alternatives={"those are the tables that are present: list the missing ones": present},
)

# %% [markdown]
# ## Q3. How many A customers? (A类客户)
#
# Grade the customers of the **planning period** (`period`, column `monetary`) by their
# cumulative share of revenue with `pareto_cutoffs` (lesson 03: a customer is graded by the
# cumulative share *before* it, so the customer that crosses 80% is still A). Do not
# regrade by potential here. How many A customers are there? Store it in `n_a`.

# %%
### BEGIN SOLUTION
grades = grading.abc_grade_by_share(period, cutoffs=pareto_cutoffs)
n_a = int((grades["grade"] == "A").sum())
### END SOLUTION
n_a

# %%
whole_history = grading.abc_grade_by_share(history, cutoffs=pareto_cutoffs)
ranked = period["monetary"].sort_values(ascending=False)
crossing = int(((ranked.cumsum() / ranked.sum()) <= pareto_cutoffs[0]).sum())
check.number(
    n_a,
    (expected_grades["grade"] == "A").sum(),
    question="Q3",
    alternatives={
        "that grades the whole history: use the period's customers (period)": (
            whole_history["grade"] == "A"
        ).sum(),
        "the customer that crosses the cut-off is still A (cumulative share BEFORE it)": crossing,
    },
)

# %% [markdown]
# ## Q4. How concentrated is the period's revenue? (购买十分位)
#
# What share of the period's revenue comes from the **top 10% of the period's
# customers** (the first customer decile, lesson 04)? Store it in `top_decile_share`.
# You may use `deciles.customer_deciles(period)`.

# %%
### BEGIN SOLUTION
decile_table = deciles.customer_deciles(period)
top_decile_share = float(decile_table.loc[1, "revenue_share"])
### END SOLUTION
top_decile_share

# %%
top_ten = period["monetary"].nlargest(10).sum() / period["monetary"].sum()
check.number(
    top_decile_share,
    deciles.customer_deciles(period).loc[1, "revenue_share"],
    question="Q4",
    rel=1e-6,
    alternatives={
        "that is the top 10 customers: take the top 10% of customers": top_ten,
        "that uses the whole history: use the period's customers": deciles.customer_deciles(
            history
        ).loc[1, "revenue_share"],
    },
)

# %% [markdown]
# ## Q5. Which A and B customers are at risk? (有流失风险的客户)
#
# As in lesson 06, a customer is **at risk** when at least one signal is on:
#
# - its behavioural class (`classes["loyalty_class"]`) is `"loyal_may_switch"`;
# - its survey type (`types["loyalty_type"]`, when `types` is not None) is hostage,
#   defector or terrorist;
# - it made at least `min_complaints` complaints in the period (`complaint_counts`, a
#   Series indexed by customer_id; customers without complaints are not in it).
#
# How many customers graded **A or B** in Q3 are at risk? Store the number in `n_rescue`.

# %%
### BEGIN SOLUTION
ab = grades.index[grades["grade"].isin(["A", "B"])]
switch = classes["loyalty_class"].reindex(ab) == "loyal_may_switch"
unhappy = (
    types["loyalty_type"].reindex(ab).isin(["hostage", "defector", "terrorist"])
    if types is not None
    else False
)
complained = complaint_counts.reindex(ab, fill_value=0) >= min_complaints
n_rescue = int((switch | unhappy | complained).sum())
### END SOLUTION
n_rescue

# %%
ab_ids = expected_grades.index[expected_grades["grade"].isin(["A", "B"])]
signal_switch = classes["loyalty_class"].reindex(ab_ids) == "loyal_may_switch"
signal_type = (
    types["loyalty_type"].reindex(ab_ids).isin(["hostage", "defector", "terrorist"])
    if types is not None
    else pd.Series(False, index=ab_ids)
)
signal_complaints = complaint_counts.reindex(ab_ids, fill_value=0) >= min_complaints
check.number(
    n_rescue,
    (signal_switch | signal_type | signal_complaints).sum(),
    question="Q5",
    alternatives={
        "that needs every signal at once (&): one signal is enough (|)": (
            signal_switch & signal_type & signal_complaints
        ).sum(),
        "that counts the behavioural signal only: add the survey and complaints": (
            signal_switch.sum()
        ),
        "that counts all grades: keep the A and B customers": (
            (classes["loyalty_class"].reindex(period.index) == "loyal_may_switch")
            | (
                types["loyalty_type"]
                .reindex(period.index)
                .isin(["hostage", "defector", "terrorist"])
                if types is not None
                else False
            )
            | (complaint_counts.reindex(period.index, fill_value=0) >= min_complaints)
        ).sum(),
    },
)

# %% [markdown]
# ## Q6. Choose the basic service, and split the resources (资源分配)
#
# Every customer gets some basic service; the rest of the resources follow value. Choose
# `base_service`, the share of all resources spread evenly over the period's customers
# (a number from 0 to 0.5). The rest, `1 - base_service`, is split by each grade's share
# of the value: profit when the data has costs (`tables.has_cost`), else revenue; a grade
# with a negative total counts as 0. For each grade:
#
# `resource_share = base_service * customer_share + (1 - base_service) * value_share`
#
# Make `resource_share` a Series indexed by grade (A, B, C). Below, in two or three
# sentences, defend your `base_service`: what does a customer get from it, and what would
# a much smaller or larger value mean for the C customers?

# %%
### BEGIN SOLUTION
base_service = 0.20
grade_value = grades["profit"] if tables.has_cost else grades["value"]
value = grade_value.groupby(grades["grade"], observed=False).sum().clip(lower=0)
customers = grades["grade"].value_counts(sort=False)
resource_share = (
    base_service * customers / customers.sum() + (1 - base_service) * value / value.sum()
)
### END SOLUTION
check.choice(base_service, question="Q6 base service", low=0, high=0.5)

# %%
base = base_service if base_service is not None else 0.20  # until Q6 is answered
value_by_grade = (
    period[value_column]
    .groupby(expected_grades["grade"].reindex(period.index), observed=False)
    .sum()
    .clip(lower=0)
)
count_by_grade = expected_grades["grade"].value_counts(sort=False)
customer_part = count_by_grade / count_by_grade.sum()
value_part = value_by_grade / value_by_grade.sum()
expected_share = base * customer_part + (1 - base) * value_part
check.table(
    resource_share,
    expected_share,
    question="Q6 resource split",
    rel=1e-6,
    alternatives={
        "that is the value share only: add the basic service": value_part,
        "that is the share of customers: the rest should follow value": customer_part,
        "the basic service follows customers and the rest follows value, not the reverse": (
            base * value_part + (1 - base) * customer_part
        ),
    },
)

# %% [markdown] tags=["solution"]
# *Model answer.* 20% buys every customer a floor: an answered phone, an online account,
# a complaint handled within days; without it (0%) the C customers, often the future B
# customers and the ones who talk to others, would be served only when they complain.
# With 50% half of the resources would ignore value and the A customers, who bring most of
# the profit, would get little more than the rest. 20% keeps the floor and still gives
# the A customers several times an equal share.

# %% [markdown]
# ## Q7. Chart: the resource split
#
# Draw a bar chart with one bar per grade showing `resource_share` (your recommended
# split) and keep its Axes in `ax`. Label both axes and add a title. Optionally draw the
# customer share beside it for comparison (then the check expects both sets of bars:
# `customer_part` is computed above).

# %%
### BEGIN SOLUTION
fig, ax = plt.subplots(figsize=(7, 4))
ax.bar(resource_share.index.astype(str), resource_share.to_numpy(), color="#1f5f9e")
ax.set_xlabel(glossary.label("grade", lang))
ax.set_ylabel({"en": "share of service resources", "zh": "服务资源占比"}[lang])
ax.set_title({"en": "Recommended service resources", "zh": "建议的服务资源分配"}[lang])
ax.yaxis.set_major_formatter(theme.percent_formatter())
theme.apply_fonts(ax, lang)
### END SOLUTION

# %%
both = pd.concat([expected_share, customer_part])
drawn = len(ax.patches) if ax is not None else 0
check.chart(ax, question="Q7", values=both if drawn == 2 * len(expected_share) else expected_share)

# %% [markdown]
# ## Q8. Your recommendation, and its defence
#
# Write the recommendation for this company's sales director in five to eight sentences:
# how to split the service resources (Q6), which customers to call first (Q5), how
# concentrated the business is (Q4), what the data could not tell you (Q1, Q2), and one
# way in which this company differs from the course company of lesson 06. Then answer
# the strongest objection you expect from the director.

# %% [markdown] tags=["solution"]
# *Model answer (read your own numbers: they change with the data).* The A customers,
# about a quarter of the period's customers, bring most of the value, so they should get
# the largest share of the service resources (Q6), several times an equal share per
# customer, with dedicated account staff. The first calls go to the A and B customers at
# risk (Q5), biggest first: they are long-term customers who have gone quiet or buy much
# less, or who told us they are unhappy. The top tenth of the customers brings the share
# of revenue found in Q4, so losing a handful of them would hurt more than losing all the
# C customers. Cleaning set aside the share of order lines found in Q1, and the tables of
# Q2 were missing: without a survey, hostages look like loyal customers; without costs,
# a big customer may be unprofitable. Compared with the course company, this one differs
# in how concentrated it is and in which signals it has. *Objection:* "You are cutting
# service for most of our customers." *Answer:* every customer keeps the basic service
# of Q6; what changes is where the extra effort goes, and the grades are re-run every
# period, so a C customer who grows is served as a B or an A next time.

# %% [markdown]
# ## Your results
#
# The table lists the latest check of every question. Compare your page with the one of
# lesson 06: which recommendations changed with the company, and which stayed the same?

# %%
check.summary()
