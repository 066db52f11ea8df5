# %% [markdown]
# # Lesson 02 · Customer profiling and commercial value (客户基本情况与商业价值分析)
#
# Lesson 01 collected and cleaned the data. This lesson describes the customers with
# it: who they are (composition), how much each one buys (ranking), what each one earns
# us (gross margin), how recently and how often they buy (the three indicators), and
# which customers deserve special attention: the gold customers, the drag customers,
# the big customers who keep complaining, and the customers who could buy much more.
#
# **Learning goals**
#
# - build one row per customer from order lines, with every column defined exactly;
# - analyse customer composition (客户构成分析) and transaction performance
#   (交易业绩分析): ranking with share and cumulative share;
# - compute gross margin (毛利率) by product and by customer, and say what is possible
#   when the data has no cost;
# - define recency, frequency and monetary value (the three indicators, 三大指标 / RFM),
#   score them, decide how ties are scored, and know how other tools define them;
# - tell active from dormant customers, and find the gold (金牌客户), drag (拉后腿客户),
#   big-but-complaining and cross-sell (关联销售) customers.

# %% tags=["parameters"]
# Parameters (a re-run can replace any of these, e.g. with a file in datasets/params/).
data_source = "course"  # "course", a variant such as "course:seed7", "online_retail", a file or a folder
column_mapping = None  # None, a dict or a YAML/TOML file {your header: course column}
data_options = None  # None or a dict of data options (sheet, decimal mark, cleaning rules...)
as_of = None  # "YYYY-MM-DD", the first day NOT analysed; None: the day after the last order
lang = "en"  # "en" or "zh": the language of the reports and charts
seed = 42  # for anything random shown for display
period_days = 365  # the analysis period: the last period_days days before as_of
dormant_after_days = 180  # no order for more than this many days: dormant
rfm_k = 5  # RFM scores run from 1 (worst) to rfm_k (best)
rfm_ties = "shared"  # "shared": equal values get equal RFM scores; "id": ties broken by customer id
gold_share = 0.05  # gold customers: the top 5% by last period's sales
drag_share = 0.20  # drag customers: the bottom 20% by last period's sales
big_top = 0.20  # big customers: the top 20% by revenue
min_complaints = 2  # repeated complaints: at least this many in the period
max_categories = 2  # cross-sell prospects buy at most this many of our product categories

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from helpers import labels, lesson, plots, profiling, rfm
from helpers.i18n import tr
from helpers.readings import collection
from helpers.readings import profiling as readings
from helpers.text import show

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of, orders = run.tables, run.as_of, run.orders
customers, products = tables.customers, tables.products

# %% [markdown]
# ## 1. One row per customer (客户汇总表)
#
# Order lines have one row per product per order. Profiling needs one row per
# customer. `customer_summary` builds it; every column has an exact definition,
# because "how recent" or "how often" mean nothing until they are defined:
#
# | column | definition |
# |---|---|
# | `first_purchase`, `last_purchase` | the day of the customer's first and latest order before the as-of date |
# | `tenure_days` | days from the first purchase to the as-of date |
# | `recency_days` | days from the latest purchase to the as-of date (small = recent) |
# | `frequency` | number of distinct orders (not order lines) |
# | `monetary` | total revenue (net of discounts, after cleaning) |
# | `avg_order_value` | monetary / frequency |
# | `cost`, `profit`, `margin` | total cost, revenue minus cost, profit / revenue (unknown without cost) |
# | `revenue_last_period` | revenue in the `period_days` before the as-of date (an order on the first day of the period counts) |
# | `revenue_prior_period` | revenue in the `period_days` before that |
# | `trend` | last period / prior period - 1 (unknown when the prior period is 0) |
# | `status` | "dormant" when `recency_days` > `dormant_after_days`, else "active" (exactly at the cut-off is still active) |
#
# Money is added up in whole cents, so totals are exact and do not depend on the order
# of the lines.

# %%
summary = run.customer_summary(period_days=period_days, dormant_after_days=dormant_after_days)
n_customers = len(summary)
sample = summary.sample(min(4, n_customers), random_state=seed).sort_index()
dates = {c: sample[c].dt.strftime("%Y-%m-%d") for c in ("first_purchase", "last_purchase")}
sample.assign(**dates).round(3).T

# %% [markdown]
# ## 2. Customer composition (客户构成分析)
#
# Composition answers "who are our customers?": how many of each type (wholesale,
# retail, agent, chain store), industry, region and channel, and what share of revenue
# each group brings. A group with many customers but little revenue is served at high
# cost; a group with few customers and much revenue is a dependency. It needs a
# customer profile table; the lesson uses whichever of these columns the data has.

# %%
available = [] if customers is None else [
    d for d in profiling.COMPOSITION_DIMENSIONS if d in customers.columns
]  # fmt: skip
compositions = {d: profiling.composition_table(customers, d, summary=summary) for d in available}
main = available[0] if available else None
labels.translated(compositions[main].head(12).round(3), lang) if main else None

# %%
if main is None:
    show(readings.composition_unavailable(customers is not None,
                                          profiling.COMPOSITION_DIMENSIONS, lang=lang))  # fmt: skip
else:
    ax = plots.composition_chart(compositions[main], top=10, lang=lang)
    plt.show()

# %% [markdown]
# **What the chart shows.** For each group, the upper bar of the pair is its share of
# customers and the lower bar its share of revenue, both of all the customers who bought
# in the data. Where the revenue bar is much longer than the customer bar, each customer
# in the group is worth more than the average; "(missing)" gathers the customers for
# whom the field does not apply or was not recorded (a private person has no business
# type), and buyers missing from the customer table.

# %%
if main is not None:
    show(readings.composition_reading(compositions[main], main, lang=lang))

# %% [markdown]
# The other dimensions the data has (up to three, leaving out any that repeats the
# first):

# %%
others = [d for d in available[1:] if not customers[d].equals(customers[main])][:3]
for d in others:
    display(labels.translated(compositions[d].head(12).round(3), lang))

# %% [markdown]
# ## 3. Transaction performance: ranking (交易业绩分析)
#
# Each customer's revenue, ranked from high to low, with its share of the total and the
# running (cumulative) share. Rank 1 is the largest customer; equal amounts are ordered
# by customer id, so the ranking is the same on every run.

# %%
ranked = profiling.rank_customers(summary)
pareto = profiling.pareto_summary(ranked)
ranked.head(10).round(4)

# %%
ranking = readings.ranking_reading(ranked, pareto, lang=lang)
show(ranking)

# %% [markdown]
# In plain pandas: add up each customer's revenue in whole cents (the way the helpers
# count money, so the comparison is exact), sort by revenue (largest first, then by
# id), divide by the total, take the running sum. The two must agree, customer by
# customer:

# %%
cents = orders["revenue"].mul(100).round()
plain = cents.groupby(orders["customer_id"]).sum().rename("cents").reset_index()
plain = plain.sort_values(["cents", "customer_id"], ascending=[False, True]).set_index("customer_id")
plain["cumulative_share"] = plain["cents"].cumsum() / plain["cents"].sum()
plain.head(3)

# %%
checked = profiling.rank_customers(run.lines_summary(period_days=period_days,
                                                    dormant_after_days=dormant_after_days))
differ = (plain.index != checked.index) | (plain["cents"].to_numpy() != checked["value"].mul(100).round().to_numpy())
show(collection.agreement(int(differ.sum()), len(plain), "customer", "customers", lang=lang))

# %% [markdown]
# The textbook also asks for each customer's amount per month or per year. The table
# below has one column per calendar year (months work the same with `freq="MS"`):

# %%
by_year = run.sales_by_period(freq="YS")
by_year.columns = [f"{c:%Y}" for c in by_year.columns]
by_year.loc[ranked.index[:8]].round(0)

# %% [markdown]
# ## 4. Gross margin (毛利率分析)
#
# Revenue says how much a customer buys; **gross margin** says how much of it we keep:
# margin = (revenue - cost) / revenue. Two customers with the same revenue can be worth
# very different amounts if one buys high-margin products and the other only the
# discounted ones. The analysis needs the cost of every order line; naming the products
# and grouping them into categories needs a products table. What does this data allow?

# %%
has_products = products is not None and "product_id" in products.columns
has_names = has_products and "product_name" in products.columns
has_categories = has_products and "category" in products.columns
show(readings.margin_availability(has_cost=tables.has_cost, has_products=has_products,
                                  has_names=has_names, has_categories=has_categories,
                                  lang=lang))  # fmt: skip

# %%
info = products if has_products else None
margins = run.margin_by_product(products=info) if tables.has_cost else None
if margins is None:
    shown = profiling.sales_by_product(orders, products=info)
else:
    shown = margins
shown.head(8).round(3)

# %%
by_category = profiling.margin_by_category(margins) if margins is not None and has_categories else None
drawn = by_category if by_category is not None else margins
if drawn is not None:
    ax = plots.margin_chart(drawn, lang=lang)
    plt.show()
    show(readings.margin_reading(drawn, lang=lang))

# %% [markdown]
# **What the chart shows** (when the data has cost). One bar per product category (or
# per product, when there are no categories), highest margin at the top, labelled with
# its margin and revenue; the dashed line is the overall margin. Bars to the right of
# the line lift the average, those to the left pull it down; a red bar is sold below
# cost, which only makes sense as a deliberate choice (for example a cheap item that
# brings customers in).
#
# The same category margins in plain pandas, in cents, as a check:

# %%
if by_category is not None:
    category_of = products.drop_duplicates("product_id").set_index("product_id")["category"]
    lines = pd.DataFrame({"category": orders["product_id"].map(category_of).fillna("(unknown)"),
                          "revenue": cents, "profit": cents - orders["cost"].mul(100).round()})  # fmt: skip
    per_category = lines.groupby("category")[["revenue", "profit"]].sum()

# %%
if by_category is not None:
    helper = by_category if not run.sampled else profiling.margin_by_category(
        profiling.margin_by_product(orders, products=info))
    helper = helper[["revenue", "profit"]].mul(100).round().reindex(per_category.index)
    wrong = int((per_category != helper).any(axis=1).sum())
    show(collection.agreement(wrong, len(per_category), "category", "categories", lang=lang))

# %% [markdown]
# **Margin per customer.** The summary's `margin` column is each customer's own gross
# margin. Among the ten largest customers, who earns us the most per unit of revenue,
# and which products make the difference for the one with the lowest margin?

# %%
top10 = summary.loc[ranked.index[:10], ["monetary", "profit", "margin"]]
if tables.has_cost:
    show(readings.top_customers_margin_reading(top10, lang=lang))
top10.sort_values("margin", ascending=False).round(3) if tables.has_cost else None

# %%
if tables.has_cost and top10["margin"].notna().any():
    low = top10["margin"].idxmin()
    own = run.margin_by_product(customer_id=low, products=info)
    display(own.tail(5)[[c for c in ("product_name", "revenue", "profit", "margin") if c in own]]
            .round(3))  # fmt: skip

# %% [markdown]
# ## 5. The three indicators: recency, frequency, monetary (三大指标 / RFM)
#
# The textbook's three indicators are **purchase time** (the first and the latest
# purchase), **purchase frequency** in a period, and **purchase amount**. In the
# marketing literature they are known as **RFM**:
#
# - **recency** (最近购买时间, R) = days from the customer's latest order to the as-of
#   date. A few days: bought just now; hundreds: has not bought for a long time.
# - **frequency** (购买频率, F) = number of distinct orders before the as-of date
#   (three order lines on one order count once). An order dated on the as-of date
#   itself is not counted: the as-of date is the first day *not* analysed.
# - **monetary value** (购买金额, M) = total revenue before the as-of date.
#
# Computed in plain pandas from the order lines (money in cents), they must equal the
# summary's columns:

# %%
per_customer = orders.groupby("customer_id").agg(
    last_day=("order_date", "max"), frequency=("order_id", "nunique")
)
per_customer["monetary_cents"] = cents.groupby(orders["customer_id"]).sum()
per_customer["recency_days"] = (as_of - per_customer["last_day"].dt.normalize()).dt.days
per_customer.head(3)

# %%
expected = summary.loc[per_customer.index]
differ = (
    (per_customer["recency_days"] != expected["recency_days"])
    | (per_customer["frequency"] != expected["frequency"])
    | (per_customer["monetary_cents"] != expected["monetary"].mul(100).round())
)
show(collection.agreement(int(differ.sum()), len(per_customer), "customer", "customers", lang=lang))

# %% [markdown]
# **Other tools define them differently.** The Python packages `lifetimes` and
# `pymc-marketing`, which fit probabilistic models of repeat buying (BG/NBD,
# Gamma-Gamma), use:
#
# - `frequency` = number of *repeat* purchase days (days with a purchase, minus one):
#   a customer who bought once has frequency 0;
# - `recency` = days from the *first* to the latest purchase, so a **large** value means
#   recent, the opposite of the course's recency;
# - `T` = days from the first purchase to the end of the observation (the day before
#   the as-of date);
# - `monetary_value` = the mean revenue of the repeat purchase days (the first one is
#   left out), 0 for one-time buyers.
#
# Same words, different numbers. Before comparing results with another tool, check its
# definitions. The largest, the middle and the smallest customer under both conventions:

# %%
lifetimes_style = run.customer_summary(convention="lifetimes")
sample_ids = ranked.index[[0, n_customers // 2, n_customers - 1]]
course_style = summary.loc[sample_ids, ["recency_days", "frequency", "monetary"]]
side_by_side = pd.concat(
    {
        tr("course", lang, context="definitions", domain="lessons"): course_style,
        "lifetimes / pymc-marketing": lifetimes_style.loc[sample_ids],
    },
    axis=1,
)
side_by_side.round(2)

# %% [markdown]
# **RFM scores.** To compare customers on the three indicators at once, each is turned
# into a score from 1 to `rfm_k` (here 5): customers are ordered from best to worst
# (most recent, most orders, most money) and cut into five groups of equal size; the
# best fifth scores 5. The code "545" means R = 5, F = 4, M = 5.
#
# **Ties** (同分处理). Many customers share a value: every customer who ordered once has
# frequency 1, and many last bought on the same day. Cutting them into equal groups
# would give two customers with the same record different scores, decided by nothing
# but their id (what the common recipe `pd.qcut(x.rank(method="first"), 5)` does). The
# course scores **equal values equally** by default (`rfm_ties = "shared"`): a tie gets
# the lowest score of the groups it spans, so the groups may be uneven, and a score may
# stay empty. A score should describe the customer, not the id. `rfm_ties = "id"` keeps
# equal group sizes instead, for tools that need them. How the customers fall into the
# scores here:

# %%
scores = rfm.rfm_scores(summary, k=rfm_k, ties=rfm_ties)
counts = rfm.score_counts(scores)
counts

# %%
show(readings.rfm_ties_reading(scores, counts, ties=rfm_ties, lang=lang))

# %%
scores.head(5)

# %%
ax = plots.rfm_heatmap(rfm.rfm_grid(scores), lang=lang)
plt.show()

# %% [markdown]
# **What the chart shows.** Rows are recency scores (5 = bought most recently, at the
# top), columns frequency scores (5 = most orders, at the right). Each cell gives the
# customers' mean revenue and their number; an empty cell has no customer. The
# bottom-right corner, customers who used to buy often but have not bought for a long
# time, is where customers are being lost; the top-right corner holds the best
# customers.
#
# The segments below are named from the scores by a rule table
# (`rfm.DEFAULT_SEGMENT_RULES`, first matching rule wins, written for five scores),
# each with a suggested action:

# %%
if rfm_k == 5:
    segment_table = rfm.segment_summary(rfm.rfm_segments(scores))
    actions = rfm.segment_actions(lang=lang)
    display(segment_table.round(3).join(actions))

# %% [markdown]
# ## 6. Active and dormant customers (活跃客户与休眠客户)
#
# A customer is **dormant** (休眠) when the last order is more than
# `dormant_after_days` days before the as-of date. The right cut-off depends on how
# often customers normally buy: the **activity cycle** (购买周期), the typical number of
# days between two orders of the same customer, is the yardstick.

# %%
activity = profiling.activity_table(summary)
cycle_days = profiling.purchase_cycle_days(summary)
activity.round(3)

# %%
show(readings.activity_reading(activity, cycle_days, dormant_after_days=dormant_after_days,
                               lang=lang))  # fmt: skip

# %% [markdown]
# **Room to grow.** The `trend` column compares the last period with the one before.
# Active customers whose purchases fell sharply may be the next to become dormant;
# those who grew show where the business is gaining. Each band includes its upper
# edge (a fall of exactly 50% is in "fell 50% or more"):

# %%
profiling.trend_bands(summary, lang=lang)

# %% [markdown]
# ## 7. Commercial value: gold and drag customers (金牌客户与拉后腿客户)
#
# - **Gold customers** (金牌客户) are the top `gold_share` (5%) of customers by last
#   period's sales (ceil(5% of n) customers, and only customers who bought something).
# - **Drag customers** (拉后腿客户) are the bottom `drag_share` (20%): the textbook says
#   they take sales and service time for little or no business.

# %%
groups = profiling.gold_and_drag_customers(
    summary, column="revenue_last_period", gold=gold_share, drag=drag_share
)
recent = run.orders_since(as_of - pd.Timedelta(days=period_days))
group_table = profiling.gold_and_drag_summary(groups, recent, as_of=as_of, period_days=period_days)
group_table.round(3)

# %%
show(readings.gold_drag_reading(groups, group_table, gold=gold_share, drag=drag_share, lang=lang))

# %% [markdown]
# `revenue_share` is each group's share of the last period's revenue, `orders_share`
# its share of the orders placed in that period. The drag group is filled from the
# bottom of the ranking, so customers who bought nothing at all in the last period come
# first: they cost little now, but each visit or call to them is effort with little
# return.
#
# **Do gold customers stay gold?** The textbook uses last year's gold customers to
# predict this year's. The data can test that: take the gold customers of the *prior*
# period and see whether they are gold again, and what share of the *last* period's
# revenue they brought.

# %%
persistence = profiling.gold_persistence(summary, as_of=as_of, period_days=period_days,
                                         gold=gold_share)  # fmt: skip
show(readings.gold_persistence_claim(persistence, lang=lang))

# %% [markdown]
# ## 8. Big customers with repeated complaints (多次投诉的大客户)
#
# A big customer who complained several times last year is at risk, and worth the
# effort: solve their problems fast, and have someone senior call them. "Big" here means
# the top `big_top` of customers by revenue, "several" at least `min_complaints`
# complaints in the last `period_days` days.

# %%
complainers = None
if tables.complaints is not None:
    complainers = profiling.big_customers_with_complaints(
        summary, tables.complaints, as_of=as_of, period_days=period_days, top=big_top,
        min_complaints=min_complaints,
    )  # fmt: skip
show(readings.complaints_reading(complainers, min_complaints=min_complaints, big_top=big_top,
                                 lang=lang))  # fmt: skip

# %%
complainers.head(10).astype({"last_complaint": "str"}) if complainers is not None else None

# %% [markdown]
# ## 9. Cross-sell prospects (关联销售)
#
# Some customers buy only one or two of our product lines and the rest elsewhere. They
# already trust us, so offering them a second or third line is cheaper than winning a
# new customer. The prospects: customers who buy at most `max_categories` categories
# (or, without categories, that many distinct products) and spend at least the median
# customer's amount, so that the effort is worth it.

# %%
by = "category" if has_categories else "product_id"
prospects = None
if "product_id" in orders.columns and orders["product_id"].notna().all():
    prospects = run.cross_sell(
        info, by=by, max_items=max_categories, min_monetary=summary["monetary"].median()
    )
show(readings.cross_sell_reading(prospects, by=by, max_items=max_categories,
                                 n_customers=n_customers, lang=lang))  # fmt: skip

# %%
if prospects is not None and customers is not None and "wallet_estimate" in customers.columns:
    wallet = profiling.share_of_wallet(summary, customers)
    prospects["share_of_wallet"] = wallet.reindex(prospects.index).round(3)
prospects.head(10) if prospects is not None and len(prospects) else None

# %% [markdown]
# Where the data has `wallet_estimate` (the sales team's estimate of what the customer
# spends a year on our kinds of products, with all suppliers), `share_of_wallet` shows
# how much of that we get: a big customer with a small share of wallet is the best
# prospect of all.
#
# ## What this means for the business

# %%
show(readings.profiling_summary(
    ranking=ranking, activity=activity, dormant_after_days=dormant_after_days,
    group_summary=group_table, gold=gold_share, persistence=persistence,
    overall_margin=pareto["profit"] / pareto["revenue"], complainers=complainers,
    prospects=prospects, lang=lang,
))  # fmt: skip

# %% [markdown]
# ## Discussion questions
#
# 1. The composition table shows a group with many customers and little revenue. Should
#    the company serve it differently, and how?
# 2. Your recency, frequency and monetary numbers differ from a colleague's who used
#    another tool. What do you check first?
# 3. Is 180 days a good dormancy cut-off for an office-supplies company? For a car
#    dealer? For a supermarket? Compare it with the activity cycle of each.
# 4. With shared ties, one F score may hold most customers. When would you prefer
#    `rfm_ties = "id"`, and what would you lose?
# 5. A drag customer says they will place a large order next year. What would you need
#    to see before treating them differently?
# 6. A big customer complained four times and all complaints are resolved. Is that
#    customer still at risk?
#
# ## Summary
#
# - One row per customer, with exact definitions, is the base of every analysis.
# - Composition says who the customers are; ranking with share and cumulative share
#   says who carries the business; gross margin says who earns us money, when the data
#   has cost.
# - Recency, frequency and monetary value (RFM) describe buying behaviour; scores need a
#   stated rule for ties; other tools define the three differently.
# - Dormant customers, gold and drag customers, big customers who complain and
#   cross-sell prospects are lists the business can act on; whether last period's gold
#   customers stay gold is a claim to test on each data set.
#
# **Exercise:** `exercises/02_customer_profiling.ipynb` (compute the three indicators
# yourself, choose a dormancy cut-off, find the cross-sell prospects).
# **Next lesson:** 03, ABC grading (ABC分类法).
