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
# Before the analysis you practise the first step of every new data set: checking it
# before trusting it. Q1-Q2 work on a **delivery with real problems**: the course
# company's last quarter as its order system exported it (`datasets/raw_export/`: a GBK
# CSV and an Excel workbook, with missing customer ids, cancellations, duplicates and a
# repeated period), delivered without the complaints table. Then you run the same steps
# as lesson 06 on the other company, choose one parameter yourself, draw the resource
# split and write a recommendation you can defend.
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
from helpers.checks.materials import raw_delivery
from helpers.i18n import tr
from helpers.text import md, show

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
check.start(
    "06_case_study", run, mode="solution",  # "solution": a wrong answer stops the run; "exercise": it prints
    period_days=period_days, pareto_cutoffs=pareto_cutoffs, declining_below=declining_below,
    satisfaction_cuts=satisfaction_cuts, loyalty_cut=loyalty_cut, apostle_min=apostle_min,
    min_complaints=min_complaints,
)
tables, as_of, orders = run.tables, run.as_of, run.orders
period_start = as_of - pd.Timedelta(days=period_days)
history = profiling.customer_summary(orders, as_of=as_of, period_days=period_days)
period = profiling.customer_summary(orders[orders["order_date"] >= period_start], as_of=as_of)
print(tr("{history:,} customers in the history, {period:,} in the planning period", lang,
         domain="answers", history=len(history), period=len(period)))  # fmt: skip

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
yes, no = tr("yes", lang, domain="answers"), tr("no", lang, domain="answers")
print(tr("survey: {survey} | complaints: {complaints}", lang, domain="answers",
         survey=yes if types is not None else no, complaints=yes if complaints is not None else no))  # fmt: skip

# %% [markdown]
# ## Q1. How much did cleaning set aside? (数据清洗)
#
# `delivery` below holds the delivered tables, loaded and cleaned as every data source of
# the course is (lesson 01). Its cleaning report, `delivery.cleaning`, says what cleaning
# did: `rows_in` order lines came in, `rows_out` were kept. What **share** of the incoming
# order lines was set aside (a number between 0 and 1)? Store it in `dropped_share`.

# %%
delivery = raw_delivery()
delivery.cleaning.translated(lang)

# %%
### BEGIN SOLUTION
dropped_share = 1 - delivery.cleaning.rows_out / delivery.cleaning.rows_in
### END SOLUTION
dropped_share

# %%
check.q("Q1", dropped_share)

# %% [markdown]
# ## Q2. Which optional tables are missing? (缺失的数据表)
#
# The optional tables are `customers, products, complaints, survey, campaigns, leads`; a
# missing one is `None` in the delivery (for example `delivery.survey is None`, and
# `getattr(delivery, "survey")` is the same table found by its name). Store the names of
# the missing ones in `missing_tables`, as a list of strings in any order (an empty list
# `[]` when none is missing).

# %%
### BEGIN SOLUTION
optional = ["customers", "products", "complaints", "survey", "campaigns", "leads"]
missing_tables = [t for t in optional if getattr(delivery, t) is None]
### END SOLUTION
missing_tables

# %%
check.q("Q2", missing_tables)

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
check.q("Q3", n_a)

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
check.q("Q4", top_decile_share)

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
check.q("Q5", n_rescue)

# %% [markdown]
# ## Q6. Choose the basic service, and split the resources (资源分配)
#
# Every customer gets some basic service; the rest of the resources follow value. Choose
# `my_base_service`, the share of all resources spread evenly over the period's customers
# (a number from 0 to 0.5). The rest, `1 - my_base_service`, is split by each grade's share
# of the value: profit when the data has costs (`tables.has_cost`), else revenue; a grade
# with a negative total counts as 0. For each grade:
#
# `resource_share = my_base_service * customer_share + (1 - my_base_service) * value_share`
#
# Make `resource_share` a Series indexed by grade (A, B, C). Below, in two or three
# sentences, defend your `my_base_service`: what does a customer get from it, and what would
# a much smaller or larger value mean for the C customers?

# %%
### BEGIN SOLUTION
my_base_service = 0.20
grade_value = grades["profit"] if tables.has_cost else grades["value"]
value = grade_value.groupby(grades["grade"], observed=False).sum().clip(lower=0)
customers = grades["grade"].value_counts(sort=False)
resource_share = (
    my_base_service * customers / customers.sum() + (1 - my_base_service) * value / value.sum()
)
### END SOLUTION
check.q("Q6 base service", my_base_service)

# %%
check.q("Q6 resource split", resource_share, my_base_service=my_base_service)

# %% tags=["model_answer"]
customer_share = customers / customers.sum()
show(md(
    tr("*Model answer (its numbers are computed).* {base:.0%} buys every customer a floor: an "
       "answered phone, an online account, a complaint handled within days; without it the C "
       "customers, often the future B customers and the ones who talk to others, would be served "
       "only when they complain. With this split the C customers, {c_customers:.0%} of the "
       "customers, get {c_share:.0%} of the resources, and the A customers {a_share:.0%} for "
       "{a_customers:.0%} of the customers: {a_ratio:.1f} times an equal share per customer. With "
       "50%, half of the resources would ignore value and the A customers would get {a_half:.0%} "
       "({a_half_ratio:.1f} times an equal share): less for the customers who bring most of the "
       "value.", lang, domain="answers"),
    base=my_base_service, c_customers=customer_share["C"], c_share=resource_share["C"],
    a_share=resource_share["A"], a_customers=customer_share["A"],
    a_ratio=resource_share["A"] / customer_share["A"],
    a_half=0.5 * customer_share["A"] + 0.5 * value["A"] / value.sum(),
    a_half_ratio=(0.5 * customer_share["A"] + 0.5 * value["A"] / value.sum()) / customer_share["A"],
))

# %% [markdown]
# ## Q7. Chart: the resource split
#
# Draw a bar chart (or a pie) with one bar per grade showing `resource_share` (your
# recommended split) and keep its Axes in `ax`. Label both axes and add a title.
# Optionally draw each grade's share of customers beside it for comparison.

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
check.q("Q7", ax, my_base_service=my_base_service)

# %% [markdown]
# ## Q8. Your recommendation, and its defence
#
# Write the recommendation for this company's sales director in five to eight sentences:
# how to split the service resources (Q6), which customers to call first (Q5), how
# concentrated the business is (Q4), what the data could not tell you (Q1, Q2), and one
# way in which this company differs from the course company of lesson 06. Then answer
# the strongest objection you expect from the director.

# %% tags=["model_answer"]
a_customers = (grades["grade"] == "A").mean()
gaps = ", ".join(missing_tables) if missing_tables else tr("none", lang, domain="answers")
course = lesson.start("course", show=False)
course_period = profiling.customer_summary(course.period(period_days).orders, as_of=course.as_of)
course_top10 = deciles.customer_deciles(course_period).loc[1, "revenue_share"]
stakes = md("")
if top_decile_share >= 0.30:
    stakes = md(tr(", so losing a handful of them would hurt more than losing many C customers",
                   lang, domain="answers"))
compared = md(tr("about as concentrated", lang, domain="answers"))
if top_decile_share > course_top10 + 0.01:
    compared = md(tr("more concentrated", lang, domain="answers"))
elif top_decile_share < course_top10 - 0.01:
    compared = md(tr("less concentrated", lang, domain="answers"))
costs_text = md(tr("no costs (value is revenue, not profit)", lang, domain="answers"))
if tables.has_cost:
    costs_text = md(tr("costs", lang, domain="answers"))
survey_text = md(tr("no survey (hostages look loyal)", lang, domain="answers"))
if tables.survey is not None:
    survey_text = md(tr("a survey", lang, domain="answers"))
show(md(
    tr("*Model answer (its numbers are computed).* The A customers, {a_customers:.0%} of the "
       "period's customers, bring {a_value:.0%} of the value, so they get {a_share:.0%} of the "
       "service resources (Q6), {a_ratio:.1f} times an equal share per customer; every customer "
       "keeps the basic service of {base:.0%}. The first calls go to the {n_rescue:,} A and B "
       "customers at risk (Q5), biggest first: long-term customers who buy much less, customers "
       "who told us they are unhappy, or who complained repeatedly. The top tenth of the "
       "customers brings {top10:.0%} of the period's revenue (Q4){stakes}; in the course company "
       "of lesson 06 the top tenth brings {course_top10:.0%}, so this company is {compared}. What "
       "the data could not tell: on the raw "
       "delivery, cleaning set aside {dropped:.1%} of the order lines and the missing tables were: "
       "{gaps} (Q1, Q2); this company's own data has {costs} and {survey}. *Objection:* \"You are "
       "cutting service for most of our customers.\" *Answer:* every customer keeps the basic "
       "service; what changes is where the extra effort goes, and the grades are re-run every "
       "period, so a C customer who grows is served as a B or an A next time.",
       lang, domain="answers"),
    a_customers=a_customers, a_value=value["A"] / value.sum(), a_share=resource_share["A"],
    a_ratio=resource_share["A"] / a_customers, base=my_base_service, n_rescue=n_rescue,
    top10=top_decile_share, dropped=dropped_share, gaps=gaps, course_top10=course_top10,
    stakes=stakes, compared=compared, costs=costs_text, survey=survey_text,
))

# %% [markdown]
# ## Your results
#
# The table lists the latest check of every question. Compare your page with the one of
# lesson 06: which recommendations changed with the company, and which stayed the same?

# %%
check.summary()
