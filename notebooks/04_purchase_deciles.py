# %% [markdown]
# # Lesson 04 · Purchase decile analysis (购买十分位分析)
#
# Lesson 03 cut customers into three grades. Decile analysis cuts finer, into ten parts,
# and asks two questions that sound alike but are not: *how much does each tenth of our
# customers bring?* and *how many customers make each tenth of our sales?* Read together
# with profit, the answers pick out the customers worth a relationship and the ones that,
# the textbook says, only buy on price.
#
# **Learning goals**
#
# - build **customer deciles** (客户十分位: ten equal-size groups of customers) and **value
#   deciles** (价值十分位: ten equal parts of total sales or profit), each for sales AND
#   profit, and say which question each one answers;
# - find the three profitable groups: customers to **retain** (保持), customers whose
#   **share of wallet** to grow (提高钱包份额), and customers **losing value** (价值下降),
#   and know what to do with each;
# - tell **transactional customers** (交易客户) from **relationship customers** (关系客户),
#   and test what the textbook says about them;
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
declining_below = -0.30  # revenue trend (this period / previous period - 1) below this: losing value
pareto_top = 0.20  # the top share of customers of the 80/20 rule
pareto_band = (0.70, 0.90)  # the 80/20 rule holds roughly when the top 20% bring this much
groups = 10  # number of equal groups: 10 gives deciles
retain_share = 0.10  # decile group 1 (retain): the customers who make the first 10% of sales
grow_share = 0.50  # decile group 2 (grow share of wallet): the customers up to 50% of sales

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

from helpers import deciles, grading, labels, lesson, plots
from helpers.i18n import tr
from helpers.readings import deciles as reading
from helpers.readings import grading as grading_reading
from helpers.text import show

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
period = run.period(period_days)
history = run.customer_summary(period_days=period_days)
customers = run.customer_summary(start=period.start)
customers["trend"] = history["trend"].reindex(customers.index)
show(
    grading_reading.period(
        period.start, period.end, customers, days=period_days, what="analysis period", lang=lang
    )
)

# %%
show(reading.trend_coverage(customers, lang=lang))

# %%
show(reading.profit_note(customers, tables.has_cost, lang=lang))

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
# In plain pandas, in whole cents: sort by revenue (ties by customer id), give positions
# 0..n-1, and position × 10 // n + 1 is the decile, so sizes differ by at most one
# customer.

# %%
cents = (customers["monetary"] * 100).round()
ranked = cents.sort_values(ascending=False, kind="stable")
plain_decile = np.arange(len(ranked)) * groups // len(ranked) + 1
plain_revenue = ranked.groupby(plain_decile).sum().reindex(by_customers.index, fill_value=0)
assert (plain_revenue == (by_customers["revenue"] * 100).round()).all()
print(tr("customer deciles: helper and plain pandas agree", lang, domain="lessons"))

# %%
ax = plots.customer_decile_chart(by_customers, lang=lang)
plt.show()

# %%
show(reading.customer_deciles(by_customers, lang=lang))

# %% [markdown]
# ## 2. Value deciles (价值十分位)
#
# Now cut the other way: split the **total sales** into ten equal parts and count how
# many customers it takes to make each part. The first tenth of sales is made by the
# largest customers; the last tenth by the smallest. The question it answers: **how many
# customers does each tenth of our business depend on?** A customer belongs to the tenth
# in which its revenue starts.

# %%
by_sales = deciles.value_deciles(customers, by="monetary", groups=groups)
by_sales[["customers", "customer_share", "revenue_share", "profit_share"]].round(3)

# %% [markdown]
# In plain pandas, in whole cents: the sales of all customers ranked before each one,
# times ten, divided by the total (rounded down), plus one.

# %%
plain_tenth = ((ranked.cumsum() - ranked) * groups // ranked.sum()).astype(int) + 1
plain_counts = plain_tenth.clip(upper=groups).value_counts().reindex(by_sales.index, fill_value=0)
assert (plain_counts == by_sales["customers"]).all()
print(tr("value deciles: helper and plain pandas agree", lang, domain="lessons"))

# %%
ax = plots.value_decile_chart(by_sales, by="revenue", lang=lang)
plt.show()

# %%
show(reading.value_deciles(by_sales, has_cost=tables.has_cost, lang=lang))

# %% [markdown]
# ### The same cut for profit
#
# With costs, the total **profit** can be cut into tenths too. Customers who make a loss
# fall into the last tenth (they add nothing to reach it).

# %%
by_profit = deciles.value_deciles(customers, by="profit", groups=groups) if tables.has_cost else None
by_profit[["customers", "customer_share", "revenue_share", "profit_share"]].round(3) if by_profit is not None else None

# %%
if by_profit is not None:
    plots.value_decile_chart(by_profit, by="profit", lang=lang)
    plt.show()

# %% [markdown]
# **A textbook claim to test.** The textbook says that profit is *more* concentrated than
# sales (the best customers are also the most profitable) and that the bottom deciles can
# lose money. Both tables above can test it: decile 1's share of profit against its share
# of sales, and how many customers make the first tenth of profit against the first
# tenth of sales.

# %%
show(reading.profit_concentration(by_customers, by_sales, by_profit, customers, lang=lang))

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
show(reading.two_sides(by_customers, by_sales, lang=lang))

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
#    fall (trend below `declining_below`, the same threshold as in lessons 05 and 06).
#    Special care may cost more than they bring: analyse why, then usually let them go to
#    cheaper service.
#
# Everybody else is **transactional** (交易客户); the three groups together are the
# **relationship customers** (关系客户). The textbook says transactional customers buy on
# price, bring little profit and show no loyalty, so relationship work is wasted on them,
# and that successful companies focus on successful customers. Section 5 tests the first
# part on this data. The rules are `deciles.profitable_groups`; without costs,
# `deciles.sales_only_groups` applies the same rules without the profit test.

# %%
group_rule = deciles.profitable_groups if tables.has_cost else deciles.sales_only_groups
grouped = group_rule(
    customers, retain_share=retain_share, grow_share=grow_share, declining_below=declining_below
)
show(reading.groups_need_profit(tables.has_cost, lang=lang))

# %%
group_table = grading.grade_summary(grouped, grade="group", revenue="revenue")
group_table.round(3)

# %%
ax = plots.abc_summary_chart(group_table, palette="decile_group", lang=lang)
plt.show()

# %% [markdown]
# **How to read the chart.** Each column adds up to 100%: the share of customers, of
# sales and (with costs) of profit of each group. Compare each group's slice of the
# customers with its slice of sales and profit.
#
# **What to do with each group**
#
# | group | what to do |
# |---|---|
# | retain | a named account manager, regular reviews, priority service; protect, do not discount without need |
# | grow share of wallet | find out what else they buy and from whom; cross-sell (lesson 02), offer terms for a larger share |
# | losing value | ask why sales fall (a lost project, a competitor, a complaint); if nothing can be done, move them to standard service |
# | transactional | efficient self-service and no relationship budget, as long as the data confirms what the textbook says about them (section 5) |
#
# ## 5. Transactional vs relationship customers (交易客户与关系客户)

# %%
kinds = deciles.transactional_vs_relationship(grouped) if tables.has_cost else None
kinds.round(3) if kinds is not None else None

# %%
show(reading.transactional_claim(kinds, lang=lang))

# %% [markdown]
# ## 6. Where does the 80/20 rule hold? (二八法则在哪里成立)
#
# "20% of the customers bring 80% of the business" is a rule of thumb, not a law. Measure
# it: for sales, for profit, and inside groups of customers (type, business type,
# region). The rule "holds roughly" when the top `pareto_top` of customers bring a share
# inside `pareto_band` (lesson 03 uses the same test). Groups with fewer than 30
# customers are left out: a rule about shares of customers says little about a handful.

# %%
check = deciles.pareto_check(customers, tables.customers, top=pareto_top, band=pareto_band)
rounded = check.assign(top_share=check["top_share"].round(3))
labels.translated(rounded, lang, columns=["measure", "group", "verdict"])

# %%
show(reading.groups_checked(tables.customers, lang=lang))

# %% [markdown]
# The overall sales figure is the Lorenz curve (洛伦兹曲线) of lesson 02, drawn below: the
# point marked on it is where the top 20% of customers begin. A Lorenz curve needs
# amounts of zero or more, so a customer whose returns exceed its purchases is left out
# of it (the sentence below says when this happens).

# %%
buyers = customers[customers["monetary"] >= 0]
show(reading.negative_revenue(customers, lang=lang))

# %%
curve = grading.lorenz_curve(buyers, column="monetary")
lorenz_top = grading.top_share_from_curve(curve, top=pareto_top)[1]
table_top = grading.top_share_by_group(buyers, top=pareto_top)["top_share"].iloc[0]
assert math.isclose(lorenz_top, table_top, abs_tol=1e-9)
ax = plots.lorenz_chart(curve, measure="revenue", top=pareto_top, lang=lang)
plt.show()

# %%
gini = grading.gini_from_curve(curve)
show(reading.pareto_check(check, gini=gini, top=pareto_top, band=pareto_band, lang=lang))

# %% [markdown]
# ## What this means for the business

# %%
show(
    grading_reading.bullets(
        [
            reading.summary_top(by_customers, by_sales, lang=lang),
            *reading.summary_groups(group_table, sales_only=not tables.has_cost, lang=lang),
            reading.summary_losses(customers, has_cost=tables.has_cost, lang=lang),
            reading.summary_pareto(check, top=pareto_top, lang=lang),
        ]
    )
)

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
# 6. Where the transactional customers bring a large share of the profit at a good
#    margin, what would you change in the textbook's advice to leave them out of
#    relationship work?
#
# ## Summary
#
# - **Customer deciles** cut the customers into ten equal groups: how unequal are they?
#   **Value deciles** cut sales (or profit) into ten equal parts: how few customers does
#   the business rest on? Say which one you show.
# - The textbook says profit is more concentrated than sales and the bottom deciles can
#   lose money; section 2 measured both on this data, and a group total can hide
#   loss-making customers.
# - Three profitable groups call for three actions: retain, grow share of wallet, analyse
#   and usually let go. What the textbook says about transactional customers is a claim:
#   measure their margin and profit before cutting their service.
# - The 80/20 rule is a starting point: measure it, overall and per group.
#
# **Exercise:** `exercises/04_purchase_deciles.ipynb` asks you to build both kinds of
# deciles, to choose the threshold for "losing value" and defend it, to chart a value
# decile table and to say where the 80/20 rule holds.
