# %% [markdown]
# # Exercise 05 · Loyalty classification (练习05：客户忠诚度分析)
#
# Lesson 05 sorted customers in two ways: by **behaviour** (six behavioural loyalty
# classes from the orders and the leads) and by **attitude** (the satisfaction x
# loyalty matrix, 忠诚矩阵, from a survey). In this workbook you do both yourself,
# choose a cut-off and defend it, draw the matrix types, and say what a sales manager
# should do next.
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
# - write the rules of the behavioural classes in pandas;
# - count the types of the satisfaction x loyalty matrix and see how a cut-off moves them;
# - put a number on the revenue that hostages and terrorists hold;
# - find the big customers whose complaints need handling first.

# %% tags=["parameters"]
# Parameters (a re-run can replace any of these, e.g. with a file in datasets/params/).
data_source = "course"  # "course", a variant such as "course:seed7", "online_retail", a file or a folder
column_mapping = None  # None, a dict or a YAML/TOML file {your header: course column}
data_options = None  # None or a dict of data options (sheet, decimal mark, cleaning rules...)
as_of = None  # "YYYY-MM-DD", the first day NOT analysed; None: the day after the last order
lang = "en"  # "en" or "zh": the language of the reports and charts
seed = 42  # for anything random shown for display
long_term_days = 365  # long-term: at least this many days since the first order ...
min_orders = 3  # ... and at least this many orders
declining_below = -0.30  # revenue trend (this period / previous period - 1) below this: losing value
lead_window_days = 365  # leads created in this many days before as_of may still convert
satisfaction_cuts = (4, 7)  # satisfaction below the first is low, from the second up high
loyalty_cut = 7  # loyalty answers from this up are high loyalty
apostle_min = 9  # an apostle answers at least this on both questions

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers import checks as check, lesson
from helpers import glossary, loyalty, profiling, theme
from helpers.i18n import tr
from helpers.readings.words import money
from helpers.text import md, show

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
check.start(
    "05_loyalty", run, mode="solution",  # "solution": a wrong answer stops the run; "exercise": it prints
    long_term_days=long_term_days, min_orders=min_orders, declining_below=declining_below,
    lead_window_days=lead_window_days, satisfaction_cuts=satisfaction_cuts,
    loyalty_cut=loyalty_cut, apostle_min=apostle_min,
)
tables, as_of, orders = run.tables, run.as_of, run.orders
summary = profiling.customer_summary(orders, as_of=as_of)

# %% [markdown]
# `summary` has one row per customer (lesson 02): `tenure_days` (days from the first
# order to the as-of date), `frequency` (orders), `status` ("active" or "dormant"),
# `trend` (revenue of the last year / the year before - 1) and `monetary` (revenue).
#
# The survey, the complaints and the leads are optional. When the data lacks one, the
# cell below uses an **empty** table with the same columns, so every question still
# runs: the answers are then zero or empty, and the checks expect exactly that.

# %%
EMPTY = {
    "survey": pd.DataFrame(
        {
            "customer_id": pd.Series(dtype="str"),
            "survey_date": pd.Series(dtype="datetime64[us]"),
            "satisfaction": pd.Series(dtype="int64"),
            "loyalty": pd.Series(dtype="int64"),
        }
    ),
    "complaints": pd.DataFrame(
        {
            "complaint_id": pd.Series(dtype="str"),
            "customer_id": pd.Series(dtype="str"),
            "complaint_date": pd.Series(dtype="datetime64[us]"),
            "reason": pd.Series(dtype="str"),
            "resolved": pd.Series(dtype="bool"),
        }
    ),
    "leads": pd.DataFrame(
        {
            "lead_id": pd.Series(dtype="str"),
            "created_date": pd.Series(dtype="datetime64[us]"),
            "converted_customer_id": pd.Series(dtype="str"),
        }
    ),
}
DATE_COLUMN = {"survey": "survey_date", "complaints": "complaint_date", "leads": "created_date"}


def table_or_empty(name):
    """The optional table ``name`` before the as-of date, or an empty one when it is missing."""
    table = getattr(tables, name)
    if table is None:
        print(tr("this data has no {name} table: the questions on it will count nothing", lang,
                 domain="answers", name=name))  # fmt: skip
        table = EMPTY[name]
    return table[table[DATE_COLUMN[name]] < as_of]


survey = table_or_empty("survey")
complaints = table_or_empty("complaints")
leads = table_or_empty("leads")
print(tr("{survey:,} survey answers, {complaints:,} complaints, {leads:,} leads", lang,
         domain="answers", survey=len(survey), complaints=len(complaints),
         leads=len(leads)))  # fmt: skip

# %% [markdown]
# ## Q1. Long-term customers (长期客户)
#
# A customer is **long-term** when it first ordered at least `long_term_days` days
# before the as-of date (`tenure_days`) **and** placed at least `min_orders` orders
# (`frequency`). How many customers are long-term? Store the number in `n_long_term`.

# %%
### BEGIN SOLUTION
is_long_term = (summary["tenure_days"] >= long_term_days) & (summary["frequency"] >= min_orders)
n_long_term = int(is_long_term.sum())
### END SOLUTION
n_long_term

# %%
check.q("Q1", n_long_term)

# %% [markdown]
# ## Q2. The behavioural class of every customer (行为忠诚度类别)
#
# A customer is **positive** when its `status` is "active" and its `trend` is not below
# `declining_below` (-0.30 by default: sales fell by more than 30%). A missing trend
# (nothing bought in the period before) counts as positive: `~(trend < declining_below)`
# is True for NaN. Make a Series
# `customer_class`, indexed by `customer_id`, with one of the four customer classes:
#
# | | positive | not positive |
# |---|---|---|
# | long-term | `loyal_will_stay` | `loyal_may_switch` |
# | occasional | `occasional_may_buy_more` | `occasional_may_buy_less` |
#
# Hint: `np.select([cond1, cond2, cond3], [name1, name2, name3], default=name4)`.

# %%
### BEGIN SOLUTION
long_term = (summary["tenure_days"] >= long_term_days) & (summary["frequency"] >= min_orders)
positive = (summary["status"] == "active") & ~(summary["trend"] < declining_below)
customer_class = pd.Series(
    np.select(
        [long_term & positive, long_term, positive],
        ["loyal_will_stay", "loyal_may_switch", "occasional_may_buy_more"],
        default="occasional_may_buy_less",
    ),
    index=summary.index,
)
### END SOLUTION
customer_class

# %%
check.q("Q2", customer_class)

# %% [markdown]
# ## Q3. Prospects who may still convert (可能成为客户的非用户)
#
# The `leads` table lists prospects; `converted_customer_id` is empty (NaN) for those
# who never bought. How many **open** leads (never converted) were created in the
# `lead_window_days` days before the as-of date? Store it in `n_may_convert`.

# %%
### BEGIN SOLUTION
open_leads = leads[leads["converted_customer_id"].isna()]
recent = open_leads["created_date"] >= as_of - pd.Timedelta(days=lead_window_days)
n_may_convert = int(recent.sum())
### END SOLUTION
n_may_convert

# %%
check.q("Q3", n_may_convert)

# %% [markdown]
# ## Q4. The six types of the satisfaction x loyalty matrix (忠诚矩阵)
#
# With the cut-offs of the parameters cell, count the surveyed customers of each type.
# Make a Series `type_counts` indexed by type (the six of `loyalty.LOYALTY_TYPES`:
# apostle, loyalist, hostage, mercenary, defector, terrorist), with a 0 for a type that
# nobody falls in. You may use `loyalty.loyalty_matrix_types` (see lesson 05).

# %%
### BEGIN SOLUTION
my_types = loyalty.loyalty_matrix_types(
    survey, satisfaction_cuts=satisfaction_cuts, loyalty_cut=loyalty_cut, apostle_min=apostle_min
)
type_counts = (
    my_types["loyalty_type"].value_counts().reindex(list(loyalty.LOYALTY_TYPES), fill_value=0)
)
### END SOLUTION
type_counts

# %%
check.q("Q4", type_counts)

# %% [markdown]
# ## Q5. Choose the loyalty cut-off, and defend it
#
# Lesson 05 showed that the number of hostages, loyalists and mercenaries depends on
# where "high loyalty" starts. Choose your own cut-off `my_loyalty_cut` (a whole number
# from 5 to 9), then count the **hostages** under it (the other cut-offs as in the
# parameters cell) in `n_hostages`. Below, write two or three sentences: why this cut-off,
# and what a manager would do differently if it were one point higher or lower.

# %%
### BEGIN SOLUTION
my_loyalty_cut = 7
hostage_types = loyalty.loyalty_matrix_types(
    survey,
    satisfaction_cuts=satisfaction_cuts,
    loyalty_cut=my_loyalty_cut,
    apostle_min=apostle_min,
)
n_hostages = int((hostage_types["loyalty_type"] == "hostage").sum())
### END SOLUTION
check.q("Q5 cut-off", my_loyalty_cut)

# %%
check.q("Q5 hostages", n_hostages, my_loyalty_cut=my_loyalty_cut)

# %% tags=["model_answer"]
def hostages_at(cut):
    found = loyalty.loyalty_matrix_types(survey, satisfaction_cuts=satisfaction_cuts,
                                         loyalty_cut=cut, apostle_min=apostle_min)
    return int((found["loyalty_type"] == "hostage").sum())


show(md(
    tr("*Model answer (its numbers are computed).* A {cut} on the loyalty question is the lowest "
       "answer that still sounds like \"I will keep buying\"; one point less is a shrug. With "
       "{cut}, the {n:,} hostages are customers who clearly say they will stay although they are "
       "not satisfied, which is what false loyalty means. One point lower ({lower}) would count "
       "{n_lower:,} hostages, adding hesitant customers the service team would chase for "
       "nothing; one point higher ({higher}) would count {n_higher:,}, keeping only the firmest "
       "and counting the others as defectors or terrorists, customers to win back rather than "
       "to keep. Whatever the choice, the report states it.", lang, domain="answers"),
    cut=my_loyalty_cut, n=n_hostages, lower=my_loyalty_cut - 1,
    n_lower=hostages_at(my_loyalty_cut - 1), higher=my_loyalty_cut + 1,
    n_higher=hostages_at(my_loyalty_cut + 1),
))

# %% [markdown]
# ## Q6. Chart: customers per type
#
# Draw a bar chart of the number of surveyed customers of each type **under your
# cut-off** (`my_loyalty_cut`; the other cut-offs as in the parameters cell), one bar per
# type in the order of `loyalty.LOYALTY_TYPES`, and keep its Axes in `ax`. Label both axes
# and give the chart a title; `glossary.label("hostage", lang)` gives the type's name in
# the chart language, `theme.LOYALTY_COLORS` the course colour of each type.

# %%
### BEGIN SOLUTION
cut = my_loyalty_cut
types_at_cut = loyalty.loyalty_matrix_types(
    survey, satisfaction_cuts=satisfaction_cuts, loyalty_cut=cut, apostle_min=apostle_min
)
counts = types_at_cut["loyalty_type"].value_counts().reindex(list(loyalty.LOYALTY_TYPES), fill_value=0)
names = [glossary.label(t, lang) for t in counts.index]
fig, ax = plt.subplots(figsize=(8, 4))
ax.bar(names, counts.to_numpy(), color=[theme.LOYALTY_COLORS[t] for t in counts.index])
ax.set_xlabel(glossary.label("loyalty_matrix", lang))
ax.set_ylabel(glossary.label("customers", lang))
titles = {
    "en": f"Customers per type (loyalty cut {cut})",
    "zh": f"各类型客户数（忠诚度分界 {cut}）",
}
ax.set_title(titles[lang])
theme.apply_fonts(ax, lang)
### END SOLUTION

# %%
check.q("Q6", ax, my_loyalty_cut=my_loyalty_cut)

# %% [markdown]
# ## Q7. Revenue at risk (风险销售额)
#
# Hostages may leave as soon as they can, terrorists are leaving already. How much
# revenue (the `monetary` column of `summary`, over the whole history) do the
# **hostages and terrorists together** bring, with the cut-offs of the parameters cell?
# Store the amount in `at_risk_revenue`.

# %%
### BEGIN SOLUTION
types = loyalty.loyalty_matrix_types(
    survey, satisfaction_cuts=satisfaction_cuts, loyalty_cut=loyalty_cut, apostle_min=apostle_min
)
at_risk = types.index[types["loyalty_type"].isin(["hostage", "terrorist"])]
at_risk_revenue = round(float(summary["monetary"].reindex(at_risk).fillna(0).sum()), 2)
### END SOLUTION
at_risk_revenue

# %%
check.q("Q7", at_risk_revenue, my_loyalty_cut=my_loyalty_cut)

# %% [markdown]
# ## Q8. Big customers with repeated complaints (多次投诉的大客户)
#
# The complaint-handling flow puts big customers first. How many customers are in the
# **top 20% by revenue** (`monetary`; rank 1 = largest) **and** made **at least two
# complaints** in the 365 days before the as-of date? Store it in `n_priority`. You may
# use `profiling.big_customers_with_complaints` (lesson 05).

# %%
### BEGIN SOLUTION
priority = profiling.big_customers_with_complaints(
    summary, complaints, as_of=as_of, period_days=365, top=0.20, min_complaints=2
)
n_priority = len(priority)
### END SOLUTION
n_priority

# %%
check.q("Q8", n_priority)

# %% [markdown]
# ## Q9. What should the sales manager do?
#
# In three to five sentences, for a sales manager: which customers would you contact
# first and why, what would you do for the hostages and for the terrorists, and how
# sure are you, given that the types depend on cut-offs (Q5) and that not every
# customer answered the survey? Use the numbers of this notebook.

# %% tags=["model_answer"]
if n_priority:
    first = md(tr("First the {n:,} big customers with repeated complaints (Q8): they bring a lot of "
                  "revenue and are telling us something is wrong, so a senior person should call "
                  "each of them and close their open complaints. Next the hostages:",
                  lang, domain="answers"), n=n_priority)
else:
    first = md(tr("No big customer complained repeatedly in the last year (Q8), so the first calls "
                  "go to the hostages:", lang, domain="answers"))
if len(types):
    surveyed_revenue = summary["monetary"].reindex(types.index).fillna(0).sum()
    evidence = md(
        tr("Together hostages and terrorists hold {at_risk} of revenue, {share:.0%} of what "
           "the surveyed customers bring (Q7). How sure are we? Only {surveyed:,} of the "
           "{customers:,} customers answered the survey, and the counts move with the cut-off "
           "(Q5), so the list is a starting point for calls, not a verdict;",
           lang, domain="answers"),
        at_risk=money(at_risk_revenue, lang=lang),
        share=at_risk_revenue / surveyed_revenue if surveyed_revenue else 0,
        surveyed=len(types), customers=len(summary),
    )
else:
    evidence = md(tr("Without a survey, hostages and terrorists cannot be told apart from loyal "
                     "customers: the first step is to ask the customers;", lang, domain="answers"))
show(md(
    tr("*Model answer (its numbers are computed).* {first} they still buy, so their revenue looks "
       "safe, but they are unhappy; find out what keeps them and what annoys them, and fix it "
       "before a competitor appears. Terrorists get a personal call and a fast solution to their "
       "complaint; if the relationship cannot be repaired, it is closed fairly. {evidence} the "
       "{may_switch:,} long-term customers who may switch (Q2) need attention even without a "
       "survey answer.", lang, domain="answers"),
    first=first, evidence=evidence,
    may_switch=int((customer_class == "loyal_may_switch").sum()),
))

# %% [markdown]
# ## Your results
#
# The table lists the latest check of every question. Next: lesson 06, the case study.

# %%
check.summary()
