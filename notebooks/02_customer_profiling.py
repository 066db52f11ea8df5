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
#   and know how other tools define them differently;
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
gold_share = 0.05  # gold customers: the top 5% by last period's sales
drag_share = 0.20  # drag customers: the bottom 20% by last period's sales
big_top = 0.20  # big customers: the top 20% by revenue
min_complaints = 2  # repeated complaints: at least this many in the period
max_categories = 2  # cross-sell prospects buy at most this many of our product categories

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from helpers import lesson, plots, profiling, rfm

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of, orders = run.tables, run.as_of, run.orders
customers, products = tables.customers, tables.products
print(f"{len(orders):,} order lines, {orders['customer_id'].nunique():,} customers; "
      f"cost known: {'yes' if tables.has_cost else 'no'}")  # fmt: skip
if tables.missing():
    print(f"tables this data does not have: {', '.join(tables.missing())}")

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
# | `revenue_last_period` | revenue in the `period_days` before the as-of date |
# | `revenue_prior_period` | revenue in the `period_days` before that |
# | `trend` | last period / prior period - 1 (unknown when the prior period is 0) |
# | `status` | "dormant" when `recency_days` > `dormant_after_days`, else "active" |

# %%
summary = profiling.customer_summary(
    orders, as_of=as_of, period_days=period_days, dormant_after_days=dormant_after_days
)
n_customers = len(summary)
print(f"{n_customers:,} customers")
sample = summary.sample(4, random_state=seed).sort_index()
dates = {c: sample[c].dt.strftime("%Y-%m-%d") for c in ("first_purchase", "last_purchase")}
sample.assign(**dates).round(3).T

# %% [markdown]
# ## 2. Customer composition (客户构成分析)
#
# Composition answers "who are our customers?": how many of each type (wholesale,
# retail, agent, chain store), industry, region and channel, and what share of revenue
# each group brings. A group with many customers but little revenue is served at high
# cost; a group with few customers and much revenue is a dependency.

# %%
dimensions = ["customer_type", "business_type", "industry", "region", "channel", "country"]
available = [] if customers is None else [d for d in dimensions if d in customers.columns]
compositions = {
    d: profiling.composition_table(customers, d, summary=summary) for d in available
}  # fmt: skip
if not available:
    print("This data has no customer profile table: composition cannot be analysed.")
print(f"composition by: {', '.join(available)}")

# %%
main_dimension = next((d for d in ("business_type", "country", "region") if d in compositions),
                      None)  # fmt: skip
if main_dimension:
    display(compositions[main_dimension].head(12).round(3))

# %%
if main_dimension:
    ax = plots.composition_chart(compositions[main_dimension], top=10, lang=lang)
    plt.show()

# %% [markdown]
# **What the chart shows.** For each group, the upper bar of the pair is its share of
# customers and the lower bar its share of revenue. Where the revenue bar is much longer than
# the customer bar, each customer in the group is worth more than the average;
# "(missing)" gathers the customers for whom the field does not apply or was not
# recorded (for example private persons have no business type).

# %%
if main_dimension:
    table = compositions[main_dimension].drop(index="(missing)", errors="ignore")
    ratio = (table["revenue_share"] / table["customer_share"]).sort_values()
    display(Markdown(
        f"By {main_dimension.replace('_', ' ')}, the group with the most customers is "
        f"**{table.index[0]}** ({table['customer_share'].iloc[0]:.0%} of customers, "
        f"{table['revenue_share'].iloc[0]:.0%} of revenue). Revenue per customer is highest "
        f"in **{ratio.index[-1]}** (its share of revenue is {ratio.iloc[-1]:.1f} times its "
        f"share of customers) and lowest in **{ratio.index[0]}** ({ratio.iloc[0]:.1f} times)."
    ))  # fmt: skip
    others = [d for d in available if d not in (main_dimension, "country")][:3]
    if main_dimension == "country":  # here region is the country again
        others = []
    for d in others:
        display(compositions[d].round(3))

# %% [markdown]
# ## 3. Transaction performance: ranking (交易业绩分析)
#
# Each customer's revenue, ranked from high to low, with its share of the total and the
# running (cumulative) share. Rank 1 is the largest customer; equal amounts are ordered
# by customer id, so the ranking is the same on every run.

# %%
ranked = profiling.rank_customers(summary)
ranked.head(10).round(4)

# %% [markdown]
# In plain pandas: sort by revenue (largest first, then by id), divide by the total,
# take the running sum. The two must agree.

# %%
plain = (
    summary[["monetary"]]
    .reset_index()
    .sort_values(["monetary", "customer_id"], ascending=[False, True])
)
plain["share"] = plain["monetary"] / plain["monetary"].sum()
plain["cumulative_share"] = plain["share"].cumsum()
plain = plain.set_index("customer_id")
pd.testing.assert_index_equal(plain.index, ranked.index)
pd.testing.assert_series_equal(plain["cumulative_share"], ranked["cumulative_share"], rtol=1e-9)
print("plain pandas and the helper give the same ranking and shares")

# %% [markdown]
# The textbook also asks for each customer's amount per month or per year. The table
# below has one column per calendar year (months work the same with `freq="MS"`):

# %%
by_year = profiling.customer_sales_by_period(orders, as_of=as_of, freq="YS")
by_year.columns = [f"{c:%Y}" for c in by_year.columns]
by_year.loc[ranked.index[:8]].round(0)

# %% [markdown]
# ## 4. Gross margin (毛利率分析)
#
# Revenue says how much a customer buys; **gross margin** says how much of it we keep:
# margin = (revenue - cost) / revenue. Two customers with the same revenue can be worth
# very different amounts if one buys high-margin products and the other only the
# discounted ones. The analysis needs the cost of every order line.

# %%
if tables.has_cost:
    margins = profiling.margin_by_product(orders, products=products)
    display(margins.head(8).round(3))
else:
    margins = None
    display(Markdown(
        f"**This data ({tables.name}) has no cost column**, so gross margin, profit and "
        "everything built on them cannot be computed. What can still be done: rank "
        "products by revenue and by the number of customers who buy them (below), and "
        "ask the company's finance team for unit costs, or state an assumed margin as a "
        "parameter and say so in every result."
    ))  # fmt: skip
    by_product = orders.groupby("product_id").agg(
        revenue=("revenue", "sum"), customers=("customer_id", "nunique")
    )
    by_product["revenue_share"] = by_product["revenue"] / by_product["revenue"].sum()
    display(by_product.sort_values("revenue", ascending=False).head(8).round(3))

# %%
if margins is not None and "category" in margins.columns:
    ax = plots.margin_chart(margins, by="category", lang=lang)
    plt.show()
elif margins is not None:
    ax = plots.margin_chart(margins, lang=lang)
    plt.show()

# %% [markdown]
# **What the chart shows** (when the data has cost). One bar per product category,
# highest margin at the top, labelled with its margin and revenue; the dashed line is
# the overall margin. Categories to the right of the line lift the average, those to
# the left pull it down; a red bar is a category sold below cost, which only makes
# sense as a deliberate choice (for example a cheap item that brings customers in).
#
# The same category margins in plain pandas, as a check:

# %%
if margins is not None and "category" in margins.columns:
    lines = orders.merge(products[["product_id", "category"]], on="product_id")
    cat = lines.groupby("category")[["revenue", "cost"]].sum()
    cat_margin = (cat["revenue"] - cat["cost"]) / cat["revenue"]
    helper = margins.groupby("category")[["revenue", "profit"]].sum()
    pd.testing.assert_series_equal(
        cat_margin, helper["profit"] / helper["revenue"], check_names=False, rtol=1e-6
    )
    print("category margins agree")
    print(cat_margin.sort_values(ascending=False).round(3).to_string())

# %% [markdown]
# **Margin per customer.** The summary's `margin` column is each customer's own gross
# margin. Among the ten largest customers, who earns us the most per unit of revenue,
# and which products make the difference for the one with the lowest margin?

# %%
if tables.has_cost:
    top10 = summary.loc[ranked.index[:10], ["monetary", "profit", "margin"]]
    display(top10.sort_values("margin", ascending=False).round(3))
    low_margin_customer = top10["margin"].idxmin()
    own = profiling.margin_by_product(orders, customer_id=low_margin_customer, products=products)
    print(f"customer {low_margin_customer}: products with the lowest margin")
    display(own.tail(5)[["product_name", "revenue", "profit", "margin"]].round(3))
else:
    print("No cost: margins per customer cannot be computed.")

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
#   (three order lines on one order count once).
# - **monetary value** (购买金额, M) = total revenue before the as-of date.
#
# Computed in plain pandas from the order lines, they must equal the summary's columns:

# %%
per_customer = orders.groupby("customer_id").agg(
    last_day=("order_date", "max"), frequency=("order_id", "nunique"), monetary=("revenue", "sum")
)
per_customer["recency_days"] = (as_of - per_customer["last_day"].dt.normalize()).dt.days
pd.testing.assert_series_equal(
    per_customer["recency_days"], summary["recency_days"], check_dtype=False
)
pd.testing.assert_series_equal(per_customer["frequency"], summary["frequency"], check_dtype=False)
pd.testing.assert_series_equal(per_customer["monetary"], summary["monetary"], rtol=1e-9)
print("recency, frequency and monetary agree with the plain pandas definitions")

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
# definitions. The same customers under both conventions:

# %%
lifetimes_style = profiling.customer_summary(orders, as_of=as_of, convention="lifetimes")
sample_ids = ranked.index[[0, n_customers // 2, n_customers - 1]]
side_by_side = pd.concat(
    {
        "course": summary.loc[sample_ids, ["recency_days", "frequency", "monetary"]],
        "lifetimes / pymc-marketing": lifetimes_style.loc[sample_ids],
    },
    axis=1,
)
side_by_side.round(2)

# %% [markdown]
# **RFM scores.** To compare customers on the three indicators at once, each is turned
# into a score from 1 to `rfm_k` (here 5): customers are ordered from best to worst
# (most recent, most orders, most money) and cut into five groups of equal size; the
# best fifth scores 5. The code "545" means R = 5, F = 4, M = 5. The segment names
# (champions, at risk, hibernating...) come from a rule table that can be changed.

# %%
scores = rfm.rfm_scores(summary, k=rfm_k)
segments = rfm.rfm_segments(scores) if rfm_k == 5 else None
scores.head(5)

# %%
ax = plots.rfm_heatmap(scores, lang=lang)
plt.show()

# %% [markdown]
# **What the chart shows.** Rows are recency scores (5 = bought most recently, at the
# top), columns frequency scores (5 = most orders, at the right). Each cell gives the
# customers' mean revenue and their number. The bottom-right corner, customers who used
# to buy often but have not bought for a long time, is where customers are being lost;
# the top-right corner holds the best customers.
#
# The segments below are named from the scores by a rule table
# (`rfm.DEFAULT_SEGMENT_RULES`, first matching rule wins), each with a suggested action:

# %%
if segments is not None:
    segment_table = rfm.segment_summary(segments)
    actions = rfm.DEFAULT_SEGMENT_RULES.set_index("segment")["action"]
    display(segment_table.round(3).join(actions))

# %% [markdown]
# ## 6. Active and dormant customers (活跃客户与休眠客户)
#
# A customer is **dormant** (休眠) when the last order is more than
# `dormant_after_days` days before the as-of date. The right cut-off depends on how
# often customers normally buy: the **activity cycle** (购买周期), the typical number of
# days between two orders of the same customer, is the yardstick.

# %%
status = summary["status"].value_counts().reindex(["active", "dormant"], fill_value=0)
repeat = summary[summary["frequency"] > 1]
cycle_days = (repeat["last_purchase"] - repeat["first_purchase"]).dt.days / (
    repeat["frequency"] - 1
)
median_cycle = cycle_days.median()
dormant_revenue = summary.loc[summary["status"] == "dormant", "revenue_prior_period"].sum()
activity = pd.DataFrame(
    {
        "customers": status,
        "share": (status / n_customers).round(3),
        "revenue in the prior period": summary.groupby("status")["revenue_prior_period"]
        .sum()
        .reindex(status.index)
        .round(0),
    }
)
print(f"dormant after {dormant_after_days} days; median activity cycle of repeat buyers: "
      f"{median_cycle:.0f} days")  # fmt: skip
activity

# %% [markdown]
# **Room to grow.** The `trend` column compares the last period with the one before.
# Active customers whose purchases fell sharply are the next dormant ones; those who grew
# show where the business is gaining.

# %%
active = summary[summary["status"] == "active"]
trend_groups = pd.cut(
    active["trend"],
    [-float("inf"), -0.5, -0.1, 0.1, 0.5, float("inf")],
    labels=["fell > 50%", "fell 10-50%", "about the same", "grew 10-50%", "grew > 50%"],
)
trend_counts = trend_groups.value_counts(sort=False).rename("active customers").to_frame()
trend_counts.loc["new (no prior period)"] = int(active["trend"].isna().sum())
trend_counts

# %% [markdown]
# ## 7. Commercial value: gold and drag customers (金牌客户与拉后腿客户)
#
# - **Gold customers** (金牌客户) are the top `gold_share` (5%) of customers by last
#   period's sales. Last year's gold customers are the best forecast of this year's
#   biggest buyers.
# - **Drag customers** (拉后腿客户) are the bottom `drag_share` (20%): they take sales
#   and service time for little or no business.

# %%
groups = profiling.gold_and_drag_customers(
    summary, column="revenue_last_period", gold=gold_share, drag=drag_share
)
orders_last = orders[orders["order_date"] >= as_of - pd.Timedelta(days=period_days)]
order_count = orders_last.groupby("customer_id")["order_id"].nunique()
group_table = pd.DataFrame(
    {
        "customers": groups["group"].value_counts(sort=False),
        "revenue_share": groups.groupby("group", observed=False)["share"].sum(),
        "orders_share": order_count.reindex(groups.index, fill_value=0)
        .groupby(groups["group"], observed=False)
        .sum()
        / order_count.sum(),
    }
)
group_table.round(3)

# %% [markdown]
# `revenue_share` is each group's share of the last period's revenue, `orders_share`
# its share of the orders placed in that period. The drag group also holds every
# customer who bought nothing at all in the last period: they cost little now, but each
# visit or call to them is effort with little return.
#
# **Do gold customers stay gold?** The textbook uses last year's gold customers to
# predict this year's. The data can test that: take the gold customers of the *prior*
# period and see what share of the *last* period's revenue they brought.

# %%
prior = profiling.gold_and_drag_customers(
    summary, column="revenue_prior_period", gold=gold_share, drag=drag_share
)
prior_gold = prior.index[prior["group"] == "gold"]
last_gold = groups.index[groups["group"] == "gold"]
stayed = len(prior_gold.intersection(last_gold)) / len(prior_gold)
forecast_share = (
    summary.loc[prior_gold, "revenue_last_period"].sum() / summary["revenue_last_period"].sum()
)
print(f"{stayed:.0%} of the prior period's gold customers are gold again; together they "
      f"brought {forecast_share:.1%} of the last period's revenue")  # fmt: skip
prior_start = as_of - pd.Timedelta(days=2 * period_days)
prior_covered = (
    as_of
    - pd.Timedelta(days=period_days)
    - max(prior_start, orders["order_date"].min().normalize())
).days / period_days
if prior_covered < 0.9:
    print(f"Careful: the data covers only {max(prior_covered, 0):.0%} of the prior period, "
          "so this test says little here; it needs two full periods of data.")  # fmt: skip

# %% [markdown]
# ## 8. Big customers with repeated complaints (多次投诉的大客户)
#
# A big customer who complained several times last year is at risk, and worth the
# effort: solve their problems fast, and have someone senior call them. "Big" here means
# the top `big_top` of customers by revenue, "several" at least `min_complaints`
# complaints in the last `period_days` days.

# %%
if tables.complaints is not None:
    complainers = profiling.big_customers_with_complaints(
        summary, tables.complaints, as_of=as_of, period_days=period_days, top=big_top,
        min_complaints=min_complaints,
    )  # fmt: skip
    print(f"{len(complainers):,} big customers complained {min_complaints}+ times; "
          f"{int((complainers['unresolved'] > 0).sum()):,} of them still have an open "
          "complaint")  # fmt: skip
    display(complainers.head(10).assign(last_complaint=lambda d: d["last_complaint"].astype(str)))
else:
    complainers = None
    print(
        f"This data ({tables.name}) has no complaints table: big customers with repeated "
        "complaints cannot be found. Keeping a complaint log per customer is the first step."
    )

# %% [markdown]
# ## 9. Cross-sell prospects (关联销售)
#
# Some customers buy only one or two of our product lines and the rest elsewhere. They
# already trust us, so offering them a second or third line is cheaper than winning a
# new customer. The prospects: customers who buy at most `max_categories` categories
# and spend at least the median customer's amount (so the effort is worth it).

# %%
has_categories = products is not None and "category" in products.columns
by = "category" if has_categories else "product_id"
limit = max_categories if has_categories else max_categories * 5
prospects = profiling.cross_sell_prospects(
    orders, products, by=by, max_items=limit, min_monetary=summary["monetary"].median()
)
if not has_categories:
    print("This data has no product categories: prospects are customers who buy at most "
          f"{limit} distinct products.")  # fmt: skip
if customers is not None and "wallet_estimate" in customers.columns:
    wallet = customers.set_index("customer_id")["wallet_estimate"]
    prospects["share_of_wallet"] = (
        summary["revenue_last_period"].reindex(prospects.index) / wallet.reindex(prospects.index)
    ).round(3)
print(f"{len(prospects):,} prospects ({len(prospects) / n_customers:.1%} of customers)")
prospects.head(10)

# %% [markdown]
# Where the course data has `wallet_estimate` (the sales team's estimate of what the
# customer spends a year on our kinds of products, with all suppliers),
# `share_of_wallet` shows how much of that we get: a big customer with a small share of
# wallet is the best prospect of all.
#
# ## What this means for the business

# %%
top_n = max(1, round(0.2 * n_customers))
lines = [
    f"- **Ranking.** The largest customer brings {ranked['share'].iloc[0]:.1%} of revenue; "
    f"the top 20% ({top_n:,} customers) bring {ranked['share'].head(top_n).sum():.0%}.",
    f"- **Activity.** {status['dormant']:,} customers ({status['dormant'] / n_customers:.0%}) "
    f"are dormant (no order for more than {dormant_after_days} days); repeat buyers order "
    f"about every {median_cycle:.0f} days, so the cut-off allows about "
    f"{dormant_after_days / median_cycle:.1f} missed buying cycles before a customer counts "
    "as dormant.",
    f"- **Gold and drag.** The gold {gold_share:.0%} bring "
    f"{group_table.loc['gold', 'revenue_share']:.0%} of last period's revenue; the drag "
    f"{drag_share:.0%} bring {group_table.loc['drag', 'revenue_share']:.1%} but place "
    f"{group_table.loc['drag', 'orders_share']:.1%} of the orders. Gold status "
    + ("**holds** well from one period to the next" if stayed >= 0.5 else "**does not hold** "
       "well from one period to the next")
    + f" ({stayed:.0%} stay gold)"
    + (" — but the data covers only part of the prior period, so this is a weak test."
       if prior_covered < 0.9 else "."),
]  # fmt: skip
if tables.has_cost:
    overall = summary["profit"].sum() / summary["monetary"].sum()
    lines.append(
        f"- **Margin.** The overall gross margin is {overall:.1%}; the margin chart shows "
        "which categories lift it and which pull it down."
    )
else:
    lines.append("- **Margin.** Without cost data no statement about profit is possible.")
if complainers is not None:
    lines.append(
        f"- **Complaints.** {len(complainers):,} big customers complained repeatedly: a "
        "list for the service manager this week."
    )
lines.append(
    f"- **Cross-selling.** {len(prospects):,} customers spend above the median but buy "
    f"few of our {'categories' if has_categories else 'products'}: the sales team's "
    "prospect list."
)
display(Markdown("\n".join(lines)))

# %% [markdown]
# ## Discussion questions
#
# 1. The composition table shows a group with many customers and little revenue. Should
#    the company serve it differently, and how?
# 2. Your recency, frequency and monetary numbers differ from a colleague's who used
#    another tool. What do you check first?
# 3. Is 180 days a good dormancy cut-off for an office-supplies company? For a car
#    dealer? For a supermarket?
# 4. A drag customer says they will place a large order next year. What would you need
#    to see before treating them differently?
# 5. A big customer complained four times and all complaints are resolved. Is that
#    customer still at risk?
#
# ## Summary
#
# - One row per customer, with exact definitions, is the base of every analysis.
# - Composition says who the customers are; ranking with share and cumulative share
#   says who carries the business; gross margin says who earns us money.
# - Recency, frequency and monetary value (RFM) describe buying behaviour; other tools
#   define them differently.
# - Dormant customers, gold and drag customers, big customers who complain and
#   cross-sell prospects are lists the business can act on.
#
# **Exercise:** `exercises/02_customer_profiling.ipynb` (compute the three indicators
# yourself, choose a dormancy cut-off, find the cross-sell prospects).
# **Next lesson:** 03, ABC grading (ABC分类法).
