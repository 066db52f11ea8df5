# %% [markdown]
# # Exercise 04 · Purchase decile analysis (购买十分位分析)
#
# This workbook goes with lesson 04 (`notebooks/04_purchase_deciles.ipynb`). You build
# customer deciles (客户十分位) and value deciles (价值十分位), choose when a customer
# counts as "losing value" and defend it, find the three profitable groups and check the
# 80/20 rule (二八法则) on this data.
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
pareto_band = (0.70, 0.90)  # the 80/20 rule holds roughly when the top 20% bring this much

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers import checks as check, lesson
from helpers import deciles, glossary, profiling
from helpers.i18n import tr
from helpers.text import md, show

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
check.start("04_purchase_deciles", run, mode="solution", period_days=period_days)  # "solution": a wrong answer stops the run; "exercise": it prints
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
yes, no = tr("yes", lang, domain="answers"), tr("no", lang, domain="answers")
has_costs = yes if tables.has_cost else no
print(tr("{n:,} customers; costs in the data: {costs}", lang, domain="answers", n=len(customers),
         costs=has_costs))  # fmt: skip
customers[["monetary", "profit", "trend"]].head()

# %% [markdown]
# `ranked` is the period's revenue per customer, largest first (ties by customer id), and
# `n` the number of customers:

# %%
ranked = customers["monetary"].round(2).sort_values(ascending=False, kind="stable")
n = len(ranked)
ranked.head(3)

# %% [markdown]
# ## Q1. What do the top 10% of customers bring?
#
# Rank the customers by revenue, largest first. The top customer decile holds the first
# `math.ceil(n / 10)` customers (with 1,702 customers: 171). What share of the period's
# revenue do they bring? Store it in `top_decile_share` (between 0 and 1).

# %%
### BEGIN SOLUTION
top_count = math.ceil(len(customers) / 10)
top_decile_share = float(customers["monetary"].nlargest(top_count).sum() / ranked.sum())
### END SOLUTION
top_decile_share

# %%
check.q("Q1", top_decile_share)

# %% [markdown]
# ## Q2. Customer deciles (客户十分位)
#
# Cut the ranked customers into ten groups of (nearly) equal size: the customer at
# position p (0 for the largest) is in decile `p * 10 // n + 1` (`np.arange(n)` gives the
# positions 0 to n - 1). Make a Series `decile_revenue_share`: each decile's share of
# revenue, indexed 1 to 10.

# %%
### BEGIN SOLUTION
position = np.arange(n)
decile_of = pd.Series(position * 10 // n + 1, index=ranked.index)
decile_revenue_share = ranked.groupby(decile_of).sum() / ranked.sum()
### END SOLUTION
decile_revenue_share

# %%
check.q("Q2", decile_revenue_share)

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
check.q("Q3", n_first_tenth)

# %% [markdown]
# ## Q4. Chart: how many customers make each tenth of sales?
#
# Draw a bar chart of the number of customers in each of the ten value deciles
# (`deciles.value_deciles(customers)` gives them in its `customers` column, or use your own
# count). Keep the Axes in `ax`, label both axes and give the chart a title.

# %%
### BEGIN SOLUTION
by_sales = deciles.value_deciles(customers, by="monetary")
ax = by_sales["customers"].plot.bar(figsize=(8, 4), color="#8c8c8c", rot=0)
ax.set_xlabel(glossary.label("value_decile", lang))
ax.set_ylabel(glossary.label("customers", lang))
labels = ax.bar_label(ax.containers[0], fontsize=8)
ax.set_title({"en": "Customers behind each tenth of sales", "zh": "每十分之一销售额的客户数"}[lang])
ax.margins(y=0.1)
### END SOLUTION

# %%
check.q("Q4", ax)
plt.show()

# %% [markdown]
# ## Q5. Choose when a customer is "losing value", and defend it
#
# Group 3 of decile analysis is the customers still profitable but losing value. "Losing
# value" needs a threshold on `trend`: for example -0.3 means sales fell by more than
# 30%. Store your threshold in `my_declining_below` (between -0.9 and 0), then count the
# customers **outside** the first half of revenue (the customers ranked before them make
# 50% or more) whose trend is below your threshold: `n_falling`. Below, say in two or
# three sentences why you chose this threshold.

# %%
### BEGIN SOLUTION
my_declining_below = -0.30
outside_top_half = share_before >= 0.50
n_falling = int(
    (outside_top_half & (customers["trend"].reindex(ranked.index) < my_declining_below)).sum()
)
### END SOLUTION
check.q("Q5 threshold", my_declining_below)

# %%
check.q("Q5 falling customers", n_falling, my_declining_below=my_declining_below)

# %% tags=["model_answer"]
trend = customers["trend"].reindex(ranked.index)
near_zero = int((outside_top_half & (trend < 0)).sum())
show(md(
    tr("*Model answer (its numbers are computed).* A customer whose sales fall by a few percent "
       "is noise: orders come in lumps, and one order more or less moves a small customer's "
       "revenue a lot. A fall of more than {pct:.0%} from one period to the next is hard to explain "
       "by chance. With this threshold {n:,} customers outside the first half of revenue are "
       "losing value, against {near_zero:,} with any fall at all (a threshold of 0): a list a team "
       "can call through in {weeks} at a few calls a day, rather than one that mixes real "
       "losses with noise. A threshold near -0.9 would only find customers who have already gone.",
       lang, domain="answers"),
    pct=-my_declining_below, n=n_falling, near_zero=near_zero,
    weeks=md(tr("a week or two", lang, domain="answers") if n_falling <= 100
             else tr("several weeks", lang, domain="answers")),
))

# %% [markdown]
# ## Q6. The three profitable groups (三类可盈利客户)
#
# With cost data, use `deciles.profitable_groups(customers, declining_below=my_declining_below)`
# (lesson 04 §4) to put every customer into retain / grow share of wallet / losing value
# / transactional, and store the number of customers per group in a Series
# `group_counts` (index: the group names). When the data has **no costs**, profit is
# unknown and the groups cannot be formed: set `group_counts = None` in that case
# (`tables.has_cost` says which).

# %%
### BEGIN SOLUTION
group_counts = (
    deciles.profitable_groups(customers, declining_below=my_declining_below)["group"].value_counts(
        sort=False
    )
    if tables.has_cost
    else None
)
### END SOLUTION
group_counts

# %%
check.q("Q6", group_counts, my_declining_below=my_declining_below)

# %% [markdown]
# ## Q7. Does the 80/20 rule hold here? (二八法则)
#
# What share of the period's revenue do the top 20% of customers bring (the first
# `math.ceil(0.2 * n)` customers by revenue)? Store it in `top20_share`.

# %%
### BEGIN SOLUTION
top20_share = float(ranked.head(math.ceil(0.2 * n)).sum() / ranked.sum())
### END SOLUTION
top20_share

# %%
check.q("Q7", top20_share)

# %% [markdown]
# ## Q8. What do the numbers say?
#
# In four or five sentences for the sales director: does the 80/20 rule hold here
# (Q7)? Which of the two decile tables would you show to argue for key-account managers,
# and why (Q1, Q3)? What would you do with each of the three profitable groups, and with
# the transactional customers (Q6; without cost data, say what you would need first)?

# %% tags=["model_answer"]
if top20_share > pareto_band[1]:
    verdict = md(tr("more concentrated than the 80/20 rule says", lang, domain="answers"))
elif top20_share >= pareto_band[0]:
    verdict = md(tr("close to the 80/20 rule", lang, domain="answers"))
else:
    verdict = md(tr("less concentrated than the 80/20 rule says: the rule does not hold here",
                    lang, domain="answers"))
if group_counts is not None:
    groups_text = md(
        tr("The {retain:,} retain customers get named account managers, the {grow:,} "
           "grow-share-of-wallet customers a plan to win more of what they buy elsewhere, the "
           "{losing:,} losing-value customers a call to find out why before they move to "
           "standard service, and the {transactional:,} transactional customers efficient "
           "self-service without a relationship budget.", lang, domain="answers"),
        retain=group_counts.get("retain", 0), grow=group_counts.get("grow_share_of_wallet", 0),
        losing=group_counts.get("losing_value", 0),
        transactional=group_counts.get("transactional", 0),
    )
else:
    groups_text = md(tr("Without cost data the groups cannot be formed: they need at least the "
                        "products' margins first.", lang, domain="answers"))
if top_decile_share >= 0.30:
    deciles_text = md(tr("the customer deciles (Q1: the top 10% bring {top10:.0%}) show how unequal "
                         "the customers are, which is the argument for service levels",
                         lang, domain="answers"),
                      top10=top_decile_share)
else:
    deciles_text = md(tr("the customer deciles (Q1: the top 10% bring only {top10:.0%}) show that "
                         "customers are rather alike here, which argues for one good standard "
                         "service more than for tiers",
                         lang, domain="answers"), top10=top_decile_share)
show(md(
    tr("*Model answer (its numbers are computed).* The top 20% of customers bring {top20:.0%} of "
       "revenue, {verdict} (Q7). The value deciles show who carries the business: the first tenth "
       "of sales comes from {n_first:,} customers (Q3), and losing any one of them would be felt "
       "at once; {deciles}. {groups}", lang, domain="answers"),
    top20=top20_share, verdict=verdict, n_first=n_first_tenth, deciles=deciles_text,
    groups=groups_text,
))

# %% [markdown]
# ## Your results
#
# The table lists the latest check of every question. Next: lesson 05 (loyalty
# classification, 客户忠诚度分析).

# %%
check.summary()
