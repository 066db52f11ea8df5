# %% [markdown]
# # Exercise 05 · Loyalty classification (练习05：客户忠诚度分析)
#
# Lesson 05 sorted customers in two ways: by **behaviour** (six behavioural loyalty
# classes from the orders and the leads) and by **attitude** (the satisfaction x
# loyalty matrix, 忠诚矩阵, from a survey). In this workbook you do both yourself,
# choose a cut-off and defend it, draw the matrix types, and say what a sales manager
# should do next.
#
# **How the workbook works.** Replace each `None  # your code here` with your answer and
# run the cell, then the check below it. A check answers ✅ correct, ❌ not yet (with a
# hint), or ⏳ not answered yet. The expected answers are computed from the data of this
# run, so the checks also work on another company's data. Run the whole notebook once
# before you start: every check should say "not answered yet".
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

check.configure(mode="solution")  # "solution": a wrong answer stops the run; "exercise": it prints
run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
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
        print(f"this data has no {name} table: the questions on it will count nothing")
        table = EMPTY[name]
    return table[table[DATE_COLUMN[name]] < as_of]


survey = table_or_empty("survey")
complaints = table_or_empty("complaints")
leads = table_or_empty("leads")
print(f"{len(survey):,} survey answers, {len(complaints):,} complaints, {len(leads):,} leads")

# %%
# expected answers (computed with the course helpers, so they fit this run's data)
classes = loyalty.behavioural_loyalty_classes(
    summary,
    leads,
    as_of=as_of,
    long_term_days=long_term_days,
    min_orders=min_orders,
    lead_window_days=lead_window_days,
)
types = loyalty.loyalty_matrix_types(
    survey, satisfaction_cuts=satisfaction_cuts, loyalty_cut=loyalty_cut, apostle_min=apostle_min
)
type_table = loyalty.loyalty_type_table(types, summary)

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
tenure_ok = summary["tenure_days"] >= long_term_days
orders_ok = summary["frequency"] >= min_orders
check.number(
    n_long_term,
    (tenure_ok & orders_ok).sum(),
    question="Q1",
    alternatives={
        "that counts the tenure only: also ask for at least min_orders orders": tenure_ok.sum(),
        "that counts the orders only: also ask for tenure_days >= long_term_days": orders_ok.sum(),
        "that is 'either' (|); a long-term customer needs both (&)": (tenure_ok | orders_ok).sum(),
        "use >= (at least), not > (more than)": (
            (summary["tenure_days"] > long_term_days) & (summary["frequency"] > min_orders)
        ).sum(),
    },
)

# %% [markdown]
# ## Q2. The behavioural class of every customer (行为忠诚度类别)
#
# A customer is **positive** when its `status` is "active" and its `trend` is not below
# 0 (a missing trend counts as positive: `~(trend < 0)` is True for NaN). Make a Series
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
positive = (summary["status"] == "active") & ~(summary["trend"] < 0)
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
expected_class = classes.loc[classes["party"] == "customer", "loyalty_class"].astype(str)
trend_nan_negative = loyalty.behavioural_loyalty_classes(
    summary.assign(trend=summary["trend"].fillna(-1.0)),
    as_of=as_of,
    long_term_days=long_term_days,
    min_orders=min_orders,
)["loyalty_class"].astype(str)
check.table(
    customer_class,
    expected_class,
    question="Q2",
    check_order=False,
    alternatives={
        "a missing trend (nothing bought the year before) counts as positive: use "
        "~(trend < 0), not trend >= 0": trend_nan_negative.sort_index(),
    },
)

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
window_start = as_of - pd.Timedelta(days=lead_window_days)
check.number(
    n_may_convert,
    (classes["loyalty_class"] == "non_user_may_convert").sum(),
    question="Q3",
    alternatives={
        "that also counts leads who became customers: keep converted_customer_id NaN": (
            leads["created_date"] >= window_start
        ).sum(),
        "that counts all open leads: keep only those of the last lead_window_days days": leads[
            "converted_customer_id"
        ]
        .isna()
        .sum(),
        "that counts the old open leads (the unlikely ones), not the recent ones": (
            (classes["loyalty_class"] == "non_user_unlikely").sum()
        ),
    },
)

# %% [markdown]
# ## Q4. The six types of the satisfaction x loyalty matrix (忠诚矩阵)
#
# With the cut-offs of the parameters cell, count the surveyed customers of each type.
# Make a Series `type_counts` indexed by type, in the order of `loyalty.LOYALTY_TYPES`
# (apostle, loyalist, hostage, mercenary, defector, terrorist), with a 0 for a type that
# nobody falls in. You may use `loyalty.loyalty_matrix_types` (see lesson 05).

# %%
### BEGIN SOLUTION
my_types = loyalty.loyalty_matrix_types(
    survey, satisfaction_cuts=satisfaction_cuts, loyalty_cut=loyalty_cut, apostle_min=apostle_min
)
type_counts = my_types["loyalty_type"].value_counts().reindex(list(loyalty.LOYALTY_TYPES))
### END SOLUTION
type_counts

# %%
expected_counts = types["loyalty_type"].value_counts().reindex(list(loyalty.LOYALTY_TYPES))
defaults_counts = loyalty.loyalty_matrix_types(survey)["loyalty_type"].value_counts()
check.table(
    type_counts,
    expected_counts,
    question="Q4",
    alternatives={
        "sorted by size: keep the order of loyalty.LOYALTY_TYPES (use reindex)": (
            expected_counts.sort_values(ascending=False)
        ),
        "those are the helper's default cut-offs: pass the ones of the parameters cell": (
            defaults_counts.reindex(list(loyalty.LOYALTY_TYPES))
        ),
    },
)

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
check.choice(my_loyalty_cut, question="Q5 cut-off", allowed=range(5, 10))

# %%
cut = my_loyalty_cut if my_loyalty_cut is not None else loyalty_cut  # until Q5 is answered
types_at_cut = loyalty.loyalty_matrix_types(
    survey, satisfaction_cuts=satisfaction_cuts, loyalty_cut=cut, apostle_min=apostle_min
)
check.number(
    n_hostages,
    (types_at_cut["loyalty_type"] == "hostage").sum(),
    question="Q5 hostages",
    alternatives={
        "that is the count at the lesson's cut-off: use my_loyalty_cut": (
            types["loyalty_type"] == "hostage"
        ).sum(),
        "that counts everyone with high loyalty, not only the unhappy ones": (
            types_at_cut["loyalty_level"] == "high"
        ).sum(),
    },
)

# %% [markdown] tags=["solution"]
# *Model answer.* A 7 on a 10-point loyalty question is the lowest answer that still
# sounds like "I will keep buying"; a 6 is a shrug. With 7, the hostages are customers
# who clearly say they will stay although they are not satisfied, which is what false
# loyalty means. One point lower (6) adds the hesitant customers to the high-loyalty band:
# more hostages and loyalists, fewer defectors, so the service team would spend its time
# on customers who were never sure. One point higher (8) leaves only the firmest
# customers in the band: fewer hostages, many more mercenaries, and the retention budget
# would shift towards price offers. Whatever the choice, the report states it.

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
counts = types_at_cut["loyalty_type"].value_counts().reindex(list(loyalty.LOYALTY_TYPES))
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
check.chart(
    ax,
    question="Q6",
    values=types_at_cut["loyalty_type"].value_counts().reindex(list(loyalty.LOYALTY_TYPES)),
)

# %% [markdown]
# ## Q7. Revenue at risk (风险销售额)
#
# Hostages may leave as soon as they can, terrorists are leaving already. How much
# revenue (the `monetary` column of `summary`, over the whole history) do the
# **hostages and terrorists together** bring, with the cut-offs of the parameters cell?
# Store the amount in `at_risk_revenue`.

# %%
### BEGIN SOLUTION
at_risk = types.index[types["loyalty_type"].isin(["hostage", "terrorist"])]
at_risk_revenue = round(float(summary["monetary"].reindex(at_risk).fillna(0).sum()), 2)
### END SOLUTION
at_risk_revenue

# %%
revenue = type_table["revenue"]
check.number(
    at_risk_revenue,
    revenue[["hostage", "terrorist"]].sum(),
    question="Q7",
    tol=0.01,
    alternatives={
        "that is the hostages only: add the terrorists": revenue["hostage"],
        "that is the terrorists only: add the hostages": revenue["terrorist"],
        "that is the revenue of all surveyed customers": revenue.sum(),
        "that adds the defectors too: only hostages and terrorists": revenue[
            ["hostage", "terrorist", "defector"]
        ].sum(),
    },
)
if at_risk_revenue is not None and revenue.sum() > 0:
    share = revenue[["hostage", "terrorist"]].sum() / revenue.sum()
    print(f"hostages and terrorists bring {share:.0%} of the surveyed customers' revenue")

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
expected_priority = profiling.big_customers_with_complaints(summary, complaints, as_of=as_of)
all_time = profiling.big_customers_with_complaints(
    summary, complaints, as_of=as_of, period_days=100_000
)
check.number(
    n_priority,
    len(expected_priority),
    question="Q8",
    alternatives={
        "that counts complaints of all time: keep the last 365 days": len(all_time),
        "that counts big customers with at least one complaint: ask for two": len(
            profiling.big_customers_with_complaints(
                summary, complaints, as_of=as_of, min_complaints=1
            )
        ),
    },
)

# %% [markdown]
# ## Q9. What should the sales manager do?
#
# In three to five sentences, for a sales manager: which customers would you contact
# first and why, what would you do for the hostages and for the terrorists, and how
# sure are you, given that the types depend on cut-offs (Q5) and that not every
# customer answered the survey? Use the numbers of this notebook.

# %% [markdown] tags=["solution"]
# *Model answer (read your own numbers: they change with the data).* First the big
# customers with repeated complaints (Q8): they bring a lot of revenue and are telling us
# something is wrong, so a senior person should call each of them and close their open
# complaints. Next the hostages: they still buy, so their revenue (part of Q7) looks safe,
# but they are unhappy; find out what keeps them and what annoys them, and fix it before
# their contract ends or a competitor appears. Terrorists get a personal call and a fast
# solution to their complaint; if the relationship cannot be repaired, it is closed fairly
# so that they have less reason to talk. The counts move with the cut-off (Q5), and only
# the surveyed customers have a type, so the list is a starting point for calls, not a
# verdict; the long-term customers who may switch (Q2) need the same attention even
# without a survey answer.

# %% [markdown]
# ## Your results
#
# The table lists the latest check of every question. Next: lesson 06, the case study.

# %%
check.summary()
