# %% [markdown]
# # Lesson 04 · Purchase decile analysis (购买十分位分析)
#
# Lesson 03 cut customers into three grades. Decile analysis cuts finer, into ten parts,
# and asks two questions that sound alike but are not: *how much does each tenth of our
# customers bring?* and *how many customers make each tenth of our sales?* Read together
# with profit, the answers pick out the customers worth a relationship and the ones that
# only buy on price.
#
# **Learning goals**
#
# - build **customer deciles** (客户十分位: ten equal-size groups of customers) and **value
#   deciles** (价值十分位: ten equal parts of total sales or profit), each for sales AND
#   profit, and say which question each one answers;
# - find the three profitable groups: customers to **retain** (保持), customers whose
#   **share of wallet** to grow (提高钱包份额), and customers **losing value** (价值下降),
#   and know what to do with each;
# - tell **transactional customers** (交易客户) from **relationship customers** (关系客户);
# - check where the 80/20 rule (二八法则) holds in the data and where it does not.

# %% tags=["parameters"]
# Parameters (a re-run can replace any of these, e.g. with a file in datasets/params/).
data_source = "course"  # "course", a variant such as "course:seed7", "online_retail", a file or a folder
column_mapping = None  # None, a dict or a YAML/TOML file {your header: course column}
data_options = None  # None or a dict of data options (sheet, decimal mark, cleaning rules...)
as_of = None  # "YYYY-MM-DD", the first day NOT analysed; None: the day after the last order
lang = "en"  # "en" or "zh": the language of the reports and charts
seed = 42  # for anything random shown for display
period_days = 365  # the analysis period: the last period_days days before as_of
groups = 10  # number of equal groups: 10 gives deciles
retain_share = 0.10  # decile group 1 (retain): the customers who make the first 10% of sales
grow_share = 0.50  # decile group 2 (grow share of wallet): the customers up to 50% of sales
declining_below = -0.30  # revenue trend (this period / previous period - 1) below this: losing value
pareto_top = 0.20  # the top share of customers of the 80/20 rule
pareto_band = (0.70, 0.90)  # the 80/20 rule holds roughly when the top 20% bring this much

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from helpers import deciles, glossary, grading, lesson, plots, profiling

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of, orders = run.tables, run.as_of, run.orders

# %% [markdown]
# ## The analysis period
#
# Deciles describe one period: here the `period_days` days before the as-of date, one
# row per customer who bought in it. The trend of each customer (`trend`: revenue in the
# period compared with the period before, -0.3 means 30% less) comes from the whole
# history; group 3 below needs it.

# %%
data_start = orders["order_date"].min().normalize()
period_start = max(as_of - pd.Timedelta(days=period_days), data_start)
history = profiling.customer_summary(orders, as_of=as_of, period_days=period_days)
customers = profiling.customer_summary(orders[orders["order_date"] >= period_start], as_of=as_of)
customers["trend"] = history["trend"].reindex(customers.index)
covered = (period_start - data_start).days
print(
    f"period {period_start:%Y-%m-%d} to {as_of - pd.Timedelta(days=1):%Y-%m-%d}: "
    f"{len(customers):,} customers, revenue {customers['monetary'].sum():,.0f}"
)
if covered < period_days:
    print(
        f"the data holds only {covered} days before the period, so the trend of most "
        "customers is unknown (no earlier purchases to compare with)"
    )

# %%
if tables.has_cost:
    note = (
        "The data has costs: every table below shows **sales and profit** side by side. "
        f"Total profit in the period: {customers['profit'].sum():,.0f}; "
        f"{int((customers['profit'] <= 0).sum()):,} customers made no profit or a loss."
    )
else:
    note = (
        "**This data has no cost column**, so profit is unknown: the profit columns stay "
        "empty, the profit charts say so, and the analysis goes on with sales alone. No "
        "cost is invented."
    )
display(Markdown(note))

# %% [markdown]
# ## 1. Customer deciles (客户十分位)
#
# Rank the customers by sales, largest first, and cut the list into ten groups of equal
# size. Decile 1 is the top 10% of customers, decile 10 the bottom 10%. For each group
# the table shows its share of sales and of profit. The question it answers: **what is a
# tenth of our customers worth, depending on which tenth?**

# %%
by_customers = deciles.customer_deciles(customers, groups=groups)
shown = ["customers", "revenue_share", "cumulative_revenue_share", "profit_share"]
by_customers[[*shown, "cumulative_profit_share"]].round(3)

# %% [markdown]
# In plain pandas: sort by revenue (ties by customer id), give positions 0..n-1, and
# position × 10 // n + 1 is the decile: sizes differ by at most one customer.

# %%
ranked = customers["monetary"].round(2).sort_values(ascending=False, kind="stable")
plain_decile = np.arange(len(ranked)) * groups // len(ranked) + 1
plain_revenue = ranked.groupby(plain_decile).sum()
np.testing.assert_allclose(plain_revenue.to_numpy(), by_customers["revenue"].to_numpy(), rtol=1e-9)
print("customer deciles: helper and plain pandas agree")

# %%
ax = plots.customer_decile_chart(by_customers, lang=lang)
plt.show()

# %%
top, bottom = by_customers.iloc[0], by_customers.iloc[-1]
text = (
    f"**What the chart shows.** Each decile holds the same number of customers (the dashed "
    f"line is their 10%). Decile 1 brings {top['revenue_share']:.0%} of sales, decile "
    f"{groups} only {bottom['revenue_share']:.1%}."
)
if tables.has_cost:
    loss_deciles = by_customers.index[by_customers["profit"] < 0].tolist()
    text += (
        f" Decile 1 makes {top['profit_share']:.0%} of the profit: "
        + (
            "profit is even more concentrated than sales. "
            if top["profit_share"] > top["revenue_share"]
            else "the largest customers earn lower margins, so profit is a little less "
            "concentrated than sales (big buyers ask for big discounts). "
        )
        + (
            f"Deciles {', '.join(map(str, loss_deciles))} lose money as a group."
            if loss_deciles
            else "Every decile is profitable as a group, yet "
            f"{int((customers['profit'] <= 0).sum()):,} customers inside them make no profit "
            "or a loss: a group total can hide them."
        )
    )
else:
    text += " Without costs, the profit bars are missing: the chart says so in red."
display(Markdown(text))

# %% [markdown]
# ## 2. Value deciles (价值十分位)
#
# Now cut the other way: split the **total sales** into ten equal parts and count how
# many customers it takes to make each part. The first tenth of sales is made by the
# largest customers, often just a handful; the last tenth by a crowd of small ones. The
# question it answers: **how many customers does each tenth of our business depend on?**
# A customer belongs to the tenth in which its revenue starts.

# %%
by_sales = deciles.value_deciles(customers, by="monetary", groups=groups)
by_sales[["customers", "customer_share", "revenue_share", "profit_share"]].round(3)

# %% [markdown]
# In plain pandas: the share of sales of all customers ranked before each one, times ten,
# rounded down, plus one.

# %%
share_before = (ranked.cumsum() - ranked) / ranked.sum()
plain_tenth = np.minimum(np.floor(share_before * groups).astype(int) + 1, groups)
plain_counts = plain_tenth.value_counts().reindex(range(1, groups + 1), fill_value=0)
assert (plain_counts.to_numpy() == by_sales["customers"].to_numpy()).all()
print("value deciles: helper and plain pandas agree")

# %%
ax = plots.value_decile_chart(by_sales, by="revenue", lang=lang)
ax.set_title(f"{glossary.label('value_deciles', lang)}: {glossary.label('revenue', lang)}")
plt.show()

# %%
first, last = by_sales.iloc[0], by_sales.iloc[-1]
display(
    Markdown(
        f"**What the chart shows.** The grey bars count the customers behind each tenth of "
        f"sales (n = number of customers). The first tenth of sales comes from "
        f"{int(first['customers']):,} customers ({first['customer_share']:.1%} of all), the "
        f"last tenth from {int(last['customers']):,} ({last['customer_share']:.0%} of all)."
        + (
            " The orange bars show each tenth's share of profit: a tenth of sales that "
            "brings more than a tenth of profit is made by better-margin customers."
            if tables.has_cost
            else ""
        )
    )
)

# %% [markdown]
# ### The same cut for profit
#
# With costs, the total **profit** can be cut into tenths too. Customers who make a loss
# fall into the last tenth (they add nothing to reach it).

# %%
if tables.has_cost:
    by_profit = deciles.value_deciles(customers, by="profit", groups=groups)
    display(by_profit[["customers", "customer_share", "revenue_share", "profit_share"]].round(3))
    ax = plots.value_decile_chart(by_profit, by="profit", lang=lang)
    ax.set_title(f"{glossary.label('value_deciles', lang)}: {glossary.label('profit', lang)}")
    plt.show()
else:
    by_profit = None
    display(Markdown("**Not possible here:** cutting profit into tenths needs costs."))

# %%
if by_profit is not None:
    display(
        Markdown(
            f"The first tenth of **profit** comes from {int(by_profit.iloc[0]['customers']):,} "
            f"customers, the first tenth of **sales** from {int(first['customers']):,}. "
            + (
                "Profit depends on even fewer customers than sales."
                if by_profit.iloc[0]["customers"] < first["customers"]
                else "Profit is not more concentrated than sales at the very top."
            )
        )
    )

# %% [markdown]
# ## 3. Two tables, two questions
#
# Both tables are called "decile analysis", so always say which one you mean:
#
# | | customer deciles | value deciles |
# |---|---|---|
# | what is cut into ten | the customers (equal head counts) | the total sales or profit (equal amounts) |
# | what the table shows | each group's share of sales and profit | how many customers make each tenth |
# | the question | how unequal are our customers? which tenth deserves which service? | how few customers does our business depend on? how risky is losing one? |
# | typical use | service levels, budgets per customer group | key-account lists, risk of concentration |
#
# The two meet in one number: where the top 10% of customers bring, say, half of the
# sales, the first five tenths of sales are made by those same customers.

# %%
top_customers_share = by_customers["revenue_share"].iloc[0]
tenths_by_top = (by_sales["cumulative_customer_share"] <= 1 / groups + 1e-12).sum()
display(
    Markdown(
        f"Here the top {1 / groups:.0%} of customers bring {top_customers_share:.0%} of sales "
        f"(customer deciles), and the customers who make the first {tenths_by_top} tenths of "
        f"sales are {by_sales['cumulative_customer_share'].iloc[max(tenths_by_top - 1, 0)]:.1%} "
        "of all customers (value deciles): the same concentration, seen from two sides."
    )
)

# %% [markdown]
# ## 4. The three profitable groups (三类可盈利客户)
#
# Decile analysis ends in action. Read the value deciles from the top:
#
# 1. **Retain** (保持): the profitable customers who make the first `retain_share` of
#    sales. We may already have all of their business: the task is to keep it (account
#    managers, service, no surprises).
# 2. **Grow share of wallet** (提高钱包份额): the profitable customers who make sales up to
#    `grow_share`. They are big enough to matter and probably also buy from competitors:
#    the task is to win a larger part of what they spend.
# 3. **Losing value** (价值下降): further down, customers still profitable but whose sales
#    fall (trend below `declining_below`). Special care may cost more than they bring:
#    analyse why, then usually let them go to cheaper service.
#
# Everybody else is **transactional** (交易客户): they buy on price, bring little profit
# and show no loyalty; relationship work is wasted on them. The three groups together are
# the **relationship customers** (关系客户). Successful companies focus on successful
# customers.

# %%
if tables.has_cost:
    grouped = deciles.profitable_groups(
        customers,
        retain_share=retain_share,
        grow_share=grow_share,
        declining_below=declining_below,
    )
    group_table = grouped.groupby("group", observed=False).agg(
        customers=("revenue", "size"), revenue=("revenue", "sum"), profit=("profit", "sum")
    )
    group_table["customer_share"] = group_table["customers"] / len(grouped)
    group_table["revenue_share"] = group_table["revenue"] / grouped["revenue"].sum()
    group_table["profit_share"] = group_table["profit"] / grouped["profit"].sum()
    display(group_table.round(3))
else:
    grouped = None
    display(
        Markdown(
            "**The three groups need profit**: a customer in the top tenth of sales who "
            "loses money is not one to retain at any cost, and only costs can tell. This "
            "data has none, so the section below shows where customers stand **by sales "
            "alone**: candidates for the groups, to be confirmed once costs are known."
        )
    )


# %%
def sales_positions(table: pd.DataFrame, retain: float, grow: float, falling: float) -> pd.Series:
    """Where each customer stands by sales alone (no profit test): candidates for the groups."""
    values = table["monetary"].round(2).sort_values(ascending=False, kind="stable")
    before = (values.cumsum() - values) / values.sum()
    trend = table["trend"].reindex(values.index)
    names = POSITION_NAMES
    position = np.select(
        [before < retain, before < grow, trend < falling], names[:3], default=names[3]
    )
    return pd.Series(position, index=values.index, name="position")


POSITION_NAMES = [
    f"first {retain_share:.0%} of sales (retain?)",
    f"sales up to {grow_share:.0%} (grow share of wallet?)",
    f"sales fell more than {-declining_below:.0%} (losing value?)",
    "the rest (transactional?)",
]


if grouped is None:
    positions = sales_positions(customers, retain_share, grow_share, declining_below)
    position_table = positions.value_counts().reindex(POSITION_NAMES, fill_value=0)
    position_table = pd.DataFrame(
        {
            "customers": position_table,
            "revenue_share": customers["monetary"].groupby(positions).sum().reindex(POSITION_NAMES)
            / customers["monetary"].sum(),
        }
    )
    display(position_table.fillna(0).round(3))

# %%
if grouped is not None:
    ax = plots.abc_summary_chart(
        grouped,
        grade="group",
        revenue="revenue",
        profit="profit",
        palette="decile_group",
        lang=lang,
    )
    plt.show()

# %% [markdown]
# **What the chart shows** (with costs). Each column adds up to 100%: the share of
# customers, sales and profit of each group. The retain group is a thin slice of the
# customers and a thick slice of sales and profit; the transactional customers are the
# reverse.
#
# **What to do with each group**
#
# | group | what to do |
# |---|---|
# | retain | a named account manager, regular reviews, priority service; protect, do not discount without need |
# | grow share of wallet | find out what else they buy and from whom; cross-sell (lesson 02), offer terms for a larger share |
# | losing value | ask why sales fall (a lost project, a competitor, a complaint); if nothing can be done, move them to standard service |
# | transactional | efficient self-service, no relationship budget; price and convenience are what they buy |
#
# ## 5. Transactional vs relationship customers (交易客户与关系客户)

# %%
if grouped is not None:
    kinds = deciles.transactional_vs_relationship(grouped)
    display(kinds.round(3))
    rel, trans = kinds.loc["relationship"], kinds.loc["transactional"]
    per_rel = rel["profit"] / max(rel["customers"], 1)
    per_trans = trans["profit"] / max(trans["customers"], 1)
    display(
        Markdown(
            f"{int(rel['customers']):,} relationship customers ({rel['customer_share']:.0%}) "
            f"bring {rel['revenue_share']:.0%} of sales and {rel['profit_share']:.0%} of "
            f"profit; the other {int(trans['customers']):,} customers are transactional. "
            f"Per customer, a relationship customer brings {per_rel:,.0f} of profit, a "
            f"transactional one {per_trans:,.0f}"
            + (
                f", {per_rel / per_trans:.1f} times less. Together the transactional "
                "customers still matter, but none of them alone justifies personal attention."
                if per_trans > 0
                else "."
            )
        )
    )
else:
    display(
        Markdown("Without profit, transactional and relationship customers cannot be told apart.")
    )

# %% [markdown]
# ## 6. Where does the 80/20 rule hold? (二八法则在哪里成立)
#
# "20% of the customers bring 80% of the business" is a rule of thumb, not a law. Measure
# it: for sales, for profit, and inside groups of customers (type, region). The rule
# "holds roughly" when the top `pareto_top` of customers bring a share inside
# `pareto_band`.


# %%
def top_share_by_group(values: pd.Series, by: pd.Series | None, top: float) -> pd.DataFrame:
    """Share of the total brought by the top ``top`` share of customers, overall or per group."""
    frame = pd.DataFrame({"value": values.round(2), "group": "all" if by is None else by})
    frame = frame.dropna(subset=["group"])
    order = frame.sort_values(["group", "value"], ascending=[True, False], kind="stable")
    position = order.groupby("group").cumcount() + 1
    size = order.groupby("group")["value"].transform("size")
    is_top = position <= np.ceil((size * top).round(9))
    result = pd.DataFrame(
        {
            "customers": order.groupby("group").size(),
            "top_share": order["value"].where(is_top, 0).groupby(order["group"]).sum()
            / order.groupby("group")["value"].sum(),
        }
    )
    return result


checks = {"sales, all customers": top_share_by_group(customers["monetary"], None, pareto_top)}
if tables.has_cost:
    checks["profit, all customers"] = top_share_by_group(customers["profit"], None, pareto_top)
profile = tables.customers.set_index("customer_id") if tables.customers is not None else None
for column in ["customer_type", "business_type", "region"]:
    if profile is not None and column in profile.columns:
        by = profile[column].reindex(customers.index)
        table = top_share_by_group(customers["monetary"], by, pareto_top)
        checks.update({f"sales, {column} = {g}": table.loc[[g]] for g in table.index})
pareto_check = pd.concat(checks.values(), keys=checks.keys()).droplevel(1)
pareto_check = pareto_check[pareto_check["customers"] >= 30]  # too few customers say little
low, high = pareto_band
pareto_check["verdict"] = np.select(
    [pareto_check["top_share"] < low, pareto_check["top_share"] > high],
    ["less concentrated", "more concentrated"],
    default="holds roughly",
)
pareto_check.assign(top_share=pareto_check["top_share"].round(3))

# %% [markdown]
# Groups with fewer than 30 customers are left out: a rule about shares of customers
# says little about a handful. The overall sales figure is checked against the Lorenz
# curve (洛伦兹曲线) of lesson 02, drawn below: the point marked on it is the top 20%.

# %%
curve = grading.lorenz_curve(customers, column="monetary")
lorenz_top = 1 - np.interp(1 - pareto_top, curve["customer_share"], curve["value_share"])
assert math.isclose(lorenz_top, pareto_check.loc["sales, all customers", "top_share"], abs_tol=0.01)
ax = plots.lorenz_chart(curve, measure="revenue", top=pareto_top, lang=lang)
plt.show()

# %%
overall = pareto_check.loc["sales, all customers"]
holds = pareto_check.index[pareto_check["verdict"] == "holds roughly"].tolist()
fails = pareto_check.index[pareto_check["verdict"] != "holds roughly"].tolist()
text = (
    f"**What the chart and the table show.** The top {pareto_top:.0%} of customers bring "
    f"{overall['top_share']:.0%} of sales: overall the 80/20 rule "
    + ("holds roughly. " if overall["verdict"] == "holds roughly" else "does not hold: sales are ")
    + ("" if overall["verdict"] == "holds roughly" else f"{overall['verdict']}. ")
    + f"Gini coefficient (基尼系数) {grading.gini_coefficient(customers):.2f}. "
)
if fails:
    text += "It does not hold for: " + "; ".join(
        f"{name} ({pareto_check.loc[name, 'top_share']:.0%}, {pareto_check.loc[name, 'verdict']})"
        for name in fails
    )
    text += ". "
if holds:
    text += f"It holds roughly for {len(holds)} of the {len(pareto_check)} rows. "
inside = pareto_check.iloc[1 if by_profit is None else 2 :]
if overall["verdict"] == "holds roughly" and (inside["verdict"] == "less concentrated").any():
    text += (
        "Where the rule holds overall but not inside a group, part of the concentration "
        "comes from the *differences between* the groups (one kind of customer buying far more than "
        "another), not from within each group: grade each group on its own scale."
    )
display(Markdown(text))

# %% [markdown]
# ## What this means for the business

# %%
lines = [
    f"- The top {1 / groups:.0%} of customers bring {top_customers_share:.0%} of sales; "
    f"the first tenth of sales depends on {int(first['customers']):,} customers, so losing "
    "one of them is felt at once.",
]
if grouped is not None:
    sizes = group_table["customers"]
    lines += [
        f"- Retain: {sizes['retain']:,} customers bring "
        f"{group_table.loc['retain', 'profit_share']:.0%} of profit; each needs a named "
        "account manager.",
        f"- Grow share of wallet: {sizes['grow_share_of_wallet']:,} customers, "
        f"{group_table.loc['grow_share_of_wallet', 'profit_share']:.0%} of profit; the "
        "largest room for growth at the lowest cost of acquisition.",
        f"- Losing value: {sizes['losing_value']:,} profitable customers with falling sales; "
        "analyse the largest, move the rest to standard service.",
        f"- Transactional: {sizes['transactional']:,} customers "
        f"({group_table.loc['transactional', 'customer_share']:.0%}); serve efficiently, "
        "no relationship budget.",
    ]
    if (customers["profit"] <= 0).any():
        lines.append(
            f"- {int((customers['profit'] <= 0).sum()):,} customers made no profit or a loss "
            f"(a loss of {-customers.loc[customers['profit'] <= 0, 'profit'].sum():,.0f} in "
            "all): "
            "prices, terms or service for them need a review."
        )
else:
    lines.append(
        "- Without costs, the groups are candidates by sales only; collect costs (or at least "
        "product margins) before spending relationship budget."
    )
lines.append(
    f"- 80/20: overall the top {pareto_top:.0%} bring {overall['top_share']:.0%} of sales "
    f"({overall['verdict']}); "
    + f"{len(fails)} of {len(pareto_check)} checks differ from the rule."
)
display(Markdown("\n".join(lines)))

# %% [markdown]
# ## Discussion questions
#
# 1. Your manager shows "decile 1 = 45%" on a slide. Which table is it from, and what two
#    different things could it mean?
# 2. A customer in the retain group makes a loss. What would you check before acting?
# 3. Why is growing share of wallet with group 2 cheaper than acquiring new customers?
#    What data would show how much of their spending we already have?
# 4. Should the `declining_below` threshold be the same for a customer that buys once a
#    year and one that buys every week?
# 5. Where the 80/20 rule does not hold, what does it mean for the grading of lesson 03?
#
# ## Summary
#
# - **Customer deciles** cut the customers into ten equal groups: how unequal are they?
#   **Value deciles** cut sales (or profit) into ten equal parts: how few customers does
#   the business rest on? Say which one you show.
# - Profit is usually more concentrated than sales, and the bottom deciles can lose money.
# - Three profitable groups call for three actions: retain, grow share of wallet, analyse
#   and usually let go; transactional customers get efficient service, not relationship
#   work.
# - The 80/20 rule is a starting point: measure it, overall and per group.
#
# **Exercise:** `exercises/04_purchase_deciles.ipynb` asks you to build both kinds of
# deciles, to choose the threshold for "losing value" and defend it, to chart a value
# decile table and to say where the 80/20 rule holds.
