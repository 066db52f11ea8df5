# %% [markdown]
# # Exercise 02 · Customer profiling (练习二：客户基本情况与商业价值分析)
#
# This workbook goes with lesson 02. You compute the three indicators yourself, analyse
# composition and ranking, choose a dormancy cut-off, find the gold customers, the big
# customers who keep complaining and the cross-sell prospects, and explain what it means
# for the sales team.
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
# - compute recency, frequency and monetary value from order lines (三大指标);
# - build composition and ranking tables (客户构成分析, 交易业绩分析);
# - choose and defend a dormancy cut-off (休眠客户);
# - find gold customers (金牌客户), big customers with repeated complaints and
#   cross-sell prospects (关联销售).

# %% tags=["parameters"]
# Parameters (a re-run can replace any of these, e.g. with a file in datasets/params/).
data_source = "course"  # "course", a variant such as "course:seed7", "online_retail", a file or a folder
column_mapping = None  # None, a dict or a YAML/TOML file {your header: course column}
data_options = None  # None or a dict of data options (sheet, decimal mark, cleaning rules...)
as_of = None  # "YYYY-MM-DD", the first day NOT analysed; None: the day after the last order
lang = "en"  # "en" or "zh": the language of the reports and charts
seed = 42  # for anything random shown for display

# %%
import math

import matplotlib.pyplot as plt
import pandas as pd

from helpers import checks as check, lesson
from helpers import profiling, theme
from helpers.i18n import tr
from helpers.text import md, show

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
check.start("02_customer_profiling", run, mode="solution")  # "solution": a wrong answer stops the run; "exercise": it prints
tables, as_of, orders = run.tables, run.as_of, run.orders
customers, products = tables.customers, tables.products
orders.sample(5, random_state=seed).sort_index()

# %% [markdown]
# `summary` is lesson 02's customer table (one row per customer over the whole history:
# `first_purchase`, `last_purchase`, `frequency`, `monetary`, `revenue_last_period`...).
# Some questions start from it; Q1 asks you to compute three of its columns yourself.

# %%
summary = profiling.customer_summary(orders, as_of=as_of)
n_customers = len(summary)
summary.head(3)

# %% [markdown]
# ## Q1. The three indicators in plain pandas (三大指标)
#
# Make `rfm_table`: one row per customer (index `customer_id`) with the columns
#
# - `recency_days`: days from the customer's last order day to the as-of date `as_of`;
# - `frequency`: the number of distinct orders;
# - `monetary`: the total revenue.

# %%
### BEGIN SOLUTION
rfm_table = orders.groupby("customer_id").agg(
    last_day=("order_date", "max"),
    frequency=("order_id", "nunique"),
    monetary=("revenue", "sum"),
)
rfm_table["recency_days"] = (as_of - rfm_table["last_day"].dt.normalize()).dt.days
rfm_table = rfm_table[["recency_days", "frequency", "monetary"]]
### END SOLUTION
rfm_table.head() if rfm_table is not None else rfm_table

# %%
check.q("Q1", rfm_table)

# %% [markdown]
# ## Q2. Composition by region (客户构成分析)
#
# Make `by_region`: one row per region (index = the region), with the number of
# customers (`customers`) and the region's share of total revenue (`revenue_share`,
# between 0 and 1). Count every customer in the customers table `customers`, also those
# without orders (their revenue is 0).

# %%
region_column = None
if customers is not None:
    region_column = next((c for c in ("region", "country") if c in customers.columns), None)
by_region = None
print(tr("region column: {column}", lang, domain="answers", column=region_column))

# %%
### BEGIN SOLUTION
if region_column is not None:
    revenue_by_customer = orders.groupby("customer_id")["revenue"].sum()
    profile = customers[["customer_id", region_column]].assign(
        revenue=customers["customer_id"].map(revenue_by_customer).fillna(0.0)
    )
    by_region = profile.groupby(region_column).agg(
        customers=("customer_id", "size"), revenue=("revenue", "sum")
    )
    by_region["revenue_share"] = by_region["revenue"] / by_region["revenue"].sum()
    by_region = by_region[["customers", "revenue_share"]].sort_values("customers", ascending=False)
### END SOLUTION
by_region

# %%
check.q("Q2", by_region)

# %% [markdown]
# ## Q3. The ten biggest customers (交易业绩分析)
#
# Make `top10`: the ten customers with the most revenue, largest first, indexed by
# `customer_id`, with the columns `revenue`, `share` (of total revenue) and
# `cumulative_share` (running total of the shares, from the biggest customer down).

# %%
### BEGIN SOLUTION
revenue_by_customer = orders.groupby("customer_id")["revenue"].sum()
ordered = revenue_by_customer.sort_values(ascending=False)
top10 = pd.DataFrame({"revenue": ordered, "share": ordered / ordered.sum()})
top10["cumulative_share"] = top10["share"].cumsum()
top10 = top10.head(10)
### END SOLUTION
top10

# %%
check.q("Q3", top10)

# %% [markdown]
# ## Q4. Choose a dormancy cut-off, and defend it (休眠客户)
#
# A customer is **dormant** when their last order is more than `dormant_days` days
# before the as-of date. The typical number of days between two orders of the same
# customer (the activity cycle) is printed below. Choose `dormant_days` between 30 and
# 730, and count `n_dormant`, the customers who are dormant under your choice. Then
# defend the choice in two or three sentences.

# %%
repeat = summary[summary["frequency"] > 1]
cycle = (repeat["last_purchase"] - repeat["first_purchase"]).dt.days / (repeat["frequency"] - 1)
print(tr("activity cycle of repeat buyers: median {median:.0f} days, 75th percentile {p75:.0f} days",
         lang, domain="answers", median=cycle.median(), p75=cycle.quantile(0.75)))  # fmt: skip

# %%
### BEGIN SOLUTION
dormant_days = 180
n_dormant = int((rfm_table["recency_days"] > dormant_days).sum())
### END SOLUTION
check.q("Q4 choice", dormant_days)

# %%
check.q("Q4 count", n_dormant, dormant_days=dormant_days)

# %% tags=["model_answer"]
show(md(
    tr("*Model answer ({days} days).* Repeat buyers of this company order about every "
       "{cycle:.0f} days (median), so {days} days are about {cycles:.1f} missed cycles: long "
       "enough not to call a customer dormant after one quiet spell, short enough to start a "
       "win-back call while the customer still remembers us. With this cut-off {n:,} of the "
       "{total:,} customers ({share:.0%}) are dormant. For a business whose customers buy once "
       "a year (cars, furniture) the cut-off would be much longer; for a supermarket much "
       "shorter.", lang, domain="answers"),
    days=dormant_days, cycle=cycle.median(), cycles=dormant_days / cycle.median(),
    n=n_dormant, total=n_customers, share=n_dormant / n_customers,
))

# %% [markdown]
# ## Q5. How much do the gold customers bring? (金牌客户)
#
# Gold customers are the top 5% of customers by **last year's** sales: revenue in the
# 365 days before the as-of date, `[as_of - 365 days, as_of)` (the column
# `revenue_last_period` of `summary`). With n customers, the top 5% are the first
# `math.ceil(0.05 * n)` of them (count every customer of `summary`, also those who bought
# nothing last year). What share of last year's revenue do they bring?
# Store it in `gold_share` (between 0 and 1).

# %%
### BEGIN SOLUTION
last_year = orders[orders["order_date"] >= as_of - pd.Timedelta(days=365)]
last_revenue = last_year.groupby("customer_id")["revenue"].sum()
n_gold = math.ceil(0.05 * n_customers)
gold_share = last_revenue.sort_values(ascending=False).head(n_gold).sum() / last_revenue.sum()
### END SOLUTION
gold_share

# %%
check.q("Q5", gold_share)

# %% [markdown]
# ## Q6. Chart: gold, middle and drag customers
#
# `profiling.gold_and_drag_customers(summary, column="revenue_last_period")` (lesson 02
# §7) gives every customer a `group`: gold (top 5%), middle or drag (bottom 20%) by last
# year's sales, and their `share` of last year's revenue. Draw a bar chart (or a pie) of
# each group's **share of last year's revenue** (three bars). Keep the Axes in `ax`, label
# both axes and give it a title.

# %%
### BEGIN SOLUTION
groups = profiling.gold_and_drag_customers(summary, column="revenue_last_period")
group_share = groups.groupby("group", observed=False)["share"].sum()
ax = group_share.plot.bar(figsize=(6, 4), color=["#c9a227", "#8c8c8c", "#b23b3b"], rot=0)
ax.set_xlabel({"en": "customer group", "zh": "客户组"}[lang])
ax.set_ylabel({"en": "share of last year's revenue", "zh": "去年销售额占比"}[lang])
ax.set_title({"en": "Gold, middle and drag customers", "zh": "金牌、中间与拉后腿客户"}[lang])
ax.yaxis.set_major_formatter(theme.percent_formatter())
### END SOLUTION
plt.show()

# %%
check.q("Q6", ax)

# %% [markdown]
# ## Q7. Big customers who complained repeatedly (多次投诉的大客户)
#
# "Big" customers are the top 20% by total revenue (the first `math.ceil(0.2 * n)`
# customers of `summary` by `monetary`); "repeatedly" means at least two complaints dated
# in the 365 days before the as-of date. How many big customers complained repeatedly?
# Store it in `n_big_complainers`. The complaints table has one row per complaint (its
# columns are shown below). If the data has no complaints table, the question is skipped.

# %%
complaints = tables.complaints
no_table = tr("this data has no complaints table", lang, domain="answers")
complaints.head(3) if complaints is not None else print(no_table)

# %%
n_big_complainers = None
### BEGIN SOLUTION
if complaints is not None:
    by_revenue = summary["monetary"].sort_values(ascending=False)
    big = by_revenue.index[: math.ceil(0.2 * n_customers)]
    recent = complaints[
        (complaints["complaint_date"] >= as_of - pd.Timedelta(days=365))
        & (complaints["complaint_date"] < as_of)
    ]
    per_customer = recent.groupby("customer_id").size()
    n_big_complainers = int((per_customer.reindex(big, fill_value=0) >= 2).sum())
### END SOLUTION
n_big_complainers

# %%
check.q("Q7", n_big_complainers)

# %% [markdown]
# ## Q8. Cross-sell prospects (关联销售)
#
# Find the customers who buy **few of our product lines** but spend at least as much as
# the median customer (`summary["monetary"].median()`): they already trust us and buy
# the rest elsewhere. `lines` below holds every order line with its `item` (the product
# category, or the product itself when the data has no categories) and `max_items` the
# most lines a prospect buys. Make `prospects`: a Series of the prospects' total revenue,
# indexed by `customer_id`, biggest first.

# %%
has_categories = products is not None and "category" in products.columns
if has_categories:
    category = products.drop_duplicates("product_id").set_index("product_id")["category"]
    lines = orders.assign(item=orders["product_id"].map(category).fillna("(unknown)"))
    max_items = 2
else:
    lines = orders.assign(item=orders["product_id"])
    max_items = 10
item_kind = tr("product category", lang, domain="answers")
if not has_categories:
    item_kind = tr("product", lang, domain="answers")
print(tr("item = {kind}; max_items = {max_items}", lang, domain="answers", kind=item_kind,
         max_items=max_items))  # fmt: skip

# %%
### BEGIN SOLUTION
per_customer = lines.groupby("customer_id").agg(
    items=("item", "nunique"), monetary=("revenue", "sum")
)
median_spend = summary["monetary"].median()
keep = (per_customer["items"] <= max_items) & (per_customer["monetary"] >= median_spend)
prospects = per_customer.loc[keep, "monetary"].sort_values(ascending=False)
### END SOLUTION
prospects.head(10) if prospects is not None else prospects

# %%
check.q("Q8", prospects, max_items=max_items)

# %% [markdown]
# ## Q9. Gross margin by category (毛利率分析)
#
# Make `category_margin`: a Series indexed by product category with each category's
# gross margin, (revenue - cost) / revenue, over all order lines. When the data has no
# cost (or no categories), the question cannot be answered: say so in Q10.

# %%
has_cost_and_categories = tables.has_cost and has_categories
category_margin = None
### BEGIN SOLUTION
if has_cost_and_categories:
    totals = lines.groupby("item")[["revenue", "cost"]].sum()
    category_margin = (totals["revenue"] - totals["cost"]) / totals["revenue"]
### END SOLUTION
category_margin

# %%
check.q("Q9", category_margin)

# %% [markdown]
# ## Q10. What does it mean for the sales team?
#
# In four to six sentences for the sales manager, using your numbers: how concentrated
# is the business (Q3, Q5), how many customers are dormant under your cut-off (Q4),
# which big customers need a call this week (Q7), and who should be offered a second
# product line (Q8)? If the data has no cost, say what that prevents (Q9).

# %% tags=["model_answer"]
margin_text = md(tr("no margin can be computed on this data: the company's cost data must be "
                    "requested before anything is said about profit", lang, domain="answers"))
if category_margin is not None:
    margin_text = md(tr("the margin table (Q9) shows {best} earning the most ({best_margin:.1%}) "
                        "and {worst} the least ({worst_margin:.1%})", lang, domain="answers"),
                     best=category_margin.idxmax(), best_margin=category_margin.max(),
                     worst=category_margin.idxmin(), worst_margin=category_margin.min())
if n_big_complainers is None:
    complainers_text = md(tr("Without a complaints table, big customers with repeated complaints "
                             "cannot be found", lang, domain="answers"))
elif n_big_complainers == 0:
    complainers_text = md(tr("No big customer complained repeatedly (Q7): the complaint log "
                             "shows no urgent case among the biggest accounts",
                             lang, domain="answers"))
else:
    complainers_text = md(tr("The {n:,} big customers who complained repeatedly (Q7) should get a "
                             "senior call this week and a fast fix",
                             lang, domain="answers"), n=n_big_complainers)
if gold_share >= 0.30:
    gold_text = md(tr("losing one of them would hurt more than losing many small ones, so each "
                      "gold customer needs a named account manager", lang, domain="answers"))
else:
    gold_text = md(tr("revenue is spread widely, so winning and keeping many ordinary customers "
                      "matters more here than a few named accounts", lang, domain="answers"))
show(md(
    tr("*Model answer (its numbers are computed).* The ten biggest customers alone bring "
       "{top10:.1%} of revenue (Q3), and the gold 5% bring {gold:.1%} of last year's revenue (Q5): "
       "{gold_text}. With a {days}-day cut-off {dormant:,} customers "
       "({dormant_share:.0%}) are dormant; the ones who were big before are the first to call. "
       "{complainers}. The {prospects:,} cross-sell prospects (Q8) spend at least the median but "
       "buy few of our product lines: offer them the lines that customers like them buy most. "
       "Finally, {margin}.", lang, domain="answers"),
    top10=top10["cumulative_share"].iloc[-1], gold=gold_share, gold_text=gold_text,
    days=dormant_days,
    dormant=n_dormant, dormant_share=n_dormant / n_customers, complainers=complainers_text,
    prospects=len(prospects), margin=margin_text,
))

# %% [markdown]
# ## Your results
#
# The table lists the latest check of every question. Next: lesson 03, ABC grading
# (ABC分类法).

# %%
check.summary()
