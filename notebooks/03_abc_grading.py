# %% [markdown]
# # Lesson 03 · ABC grading and customer tiers (ABC分类法)
#
# Lesson 02 ranked customers by what they buy. This lesson turns the ranking into
# **grades** (客户分级): a few classes of customers, each with its own level of service.
# Grading is not the same as **segmentation** (客户细分): segmentation sorts customers by
# who they are (age, region, industry), grading sorts them by what they are worth to the
# company. Grades exist for one reason: to decide where sales and service effort go.
#
# **Learning goals**
#
# - grade customers with fixed amounts, and choose those amounts for a market from the data;
# - grade by share of revenue (the Pareto or 80/20 rule, 二八法则), test the 80/20 rule on
#   the data, and pick out the VIP customers (the top 1%);
# - move customers between grades by their development potential (发展潜力);
# - place customers in the five tiers of the bank example (blue, green, red, transfer,
#   exit) and know the service rule of each;
# - test the textbook's customer-count pyramid (客户数量金字塔) and profit inverted pyramid
#   (客户利润倒金字塔) on the data, and criticise a resource-allocation table (资源分配表);
# - compare the grades of two periods (dynamic segmentation, 动态细分): who moved up, who
#   fell, and what to do about it.

# %% tags=["parameters"]
# Parameters (a re-run can replace any of these, e.g. with a file in datasets/params/).
data_source = "course"  # "course", a variant such as "course:seed7", "online_retail", a file or a folder
column_mapping = None  # None, a dict or a YAML/TOML file {your header: course column}
data_options = None  # None or a dict of data options (sheet, decimal mark, cleaning rules...)
as_of = None  # "YYYY-MM-DD", the first day NOT analysed; None: the day after the last order
lang = "en"  # "en" or "zh": the language of the reports and charts
seed = 42  # for anything random shown for display
period_days = 365  # the analysis period: the last period_days days before as_of
pareto_top = 0.20  # the top share of customers of the 80/20 rule
pareto_band = (0.70, 0.90)  # the 80/20 rule holds roughly when the top 20% bring this much
pareto_cutoffs = (0.80, 0.95)  # ABC by cumulative share of revenue: A up to 80%, B up to 95%, C the rest
abc_thresholds = None  # (A, B) fixed amounts per period; None: derived from the data
vip_share = 0.01  # VIP: the top 1% of customers by revenue
blue_share = 0.05  # five tiers, blue: the top 5% by profit
green_share = 0.20  # five tiers, green: the rest of the top 20%
current_plan = {"A": 0.25, "B": 0.35, "C": 0.40}  # today's share of sales hours per grade
base_service = 0.20  # share of resources spread evenly: every customer's basic service

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers import grading, lesson, plots
from helpers.i18n import tr
from helpers.readings import grading as reading
from helpers.text import show

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of, orders = run.tables, run.as_of, run.orders

# %% [markdown]
# ## The grading period
#
# Grades describe the **recent** value of a customer: last year's sales, not a lifetime
# total in which a customer who left long ago still looks big. The grading period is the
# `period_days` days before the as-of date. `customer_summary` (lesson 02) gives one row
# per customer who bought in that period, with revenue (`monetary`) and, when the data has
# costs, profit.

# %%
period = run.period(period_days)
customers = run.customer_summary(start=period.start)
show(reading.period(period.start, period.end, customers, days=period_days, lang=lang))

# %%
show(reading.profit_note(tables.has_cost, lang=lang))

# %% [markdown]
# ## 1. Grading by fixed amounts (按金额分级)
#
# The simplest rule: a customer who buys at least a fixed amount a year is A, at least a
# smaller amount is B, the rest C. A textbook example uses A ≥ 5,000,000 and
# B ≥ 1,000,000. Fixed amounts are easy to explain to a sales team and they do not move
# when the customer base changes, but **they belong to one market**: the right amounts
# for a steel wholesaler are absurd for a gift shop. Here is what the textbook's amounts
# do to this data:

# %%
textbook = grading.abc_grade_by_threshold(customers, thresholds=(5_000_000, 1_000_000))
textbook["grade"].value_counts(sort=False).rename("customers").to_frame().T

# %%
show(reading.textbook_amounts(textbook, lang=lang))

# %% [markdown]
# **How to choose the amounts for a market.** Start from the distribution of the
# customers' revenue, find where the grades *should* start (here: the smallest customer
# of each Pareto grade of section 2, at the cut-offs `pareto_cutoffs`), and round those
# revenues to one significant figure, so that the rule is easy to remember ("A buys 10,000
# or more a year"). `grading.thresholds_from_cutoffs` does exactly that; it never needs
# an amount typed in for a particular data set. A trainer who wants other amounts sets
# `abc_thresholds`.

# %%
derived = abc_thresholds is None
thresholds = (
    grading.thresholds_from_cutoffs(customers, cutoffs=pareto_cutoffs)
    if derived
    else tuple(abc_thresholds)
)
show(reading.fixed_amounts(thresholds, derived=derived, cutoffs=pareto_cutoffs, lang=lang))

# %%
by_amount = grading.abc_grade_by_threshold(customers, thresholds=thresholds)
by_amount.head()

# %% [markdown]
# The same grades in plain pandas, with money compared in whole cents: a revenue at or
# above the A amount is A, at or above the B amount B, the rest C (exactly the amount is
# already the higher grade). Both must agree.

# %%
cents = (customers["monetary"] * 100).round()
limits = [round(t * 100) for t in thresholds]
plain = pd.Series(np.select([cents >= limits[0], cents >= limits[1]], ["A", "B"], "C"), cents.index)
assert (plain == by_amount["grade"].astype(str).reindex(plain.index)).all()
print(tr("fixed-amount grades: helper and plain pandas agree", lang, domain="lessons"))

# %% [markdown]
# ## 2. Grading by share of revenue: the Pareto rule (二八法则)
#
# Vilfredo Pareto noticed in 1897 that a small part of the population held most of the
# wealth; marketers later found the same pattern in buying (in one study about a quarter
# of adult men drank four fifths of the beer). **Pareto grading** ranks customers by
# revenue, largest first, and adds up their shares: the customers who together make the
# first 80% are A, those up to 95% are B, the rest C. Unlike fixed amounts, this adapts to
# any market, but a customer's grade now also depends on everybody else.

# %%
pareto = grading.abc_grade_by_share(customers, cutoffs=pareto_cutoffs)
pareto.head()

# %% [markdown]
# In plain pandas: sort (ties by customer id), take the running total in cents, and grade
# each customer by the share of the customers **before** it (so the customer who crosses
# 80% is still A).

# %%
ranked = cents.sort_values(ascending=False, kind="stable")
share_before = (ranked.cumsum() - ranked) / ranked.sum()
plain_grade = pd.cut(share_before, [-1, *pareto_cutoffs, 2], right=False, labels=["A", "B", "C"])
assert (plain_grade.astype(str) == pareto["grade"].astype(str).reindex(plain_grade.index)).all()
print(tr("Pareto grades: helper and plain pandas agree", lang, domain="lessons"))

# %%
ax = plots.pareto_chart(pareto, mark=pareto_cutoffs[0], lang=lang)
plt.show()

# %%
show(reading.pareto_grade_a(pareto, mark=pareto_cutoffs[0], lang=lang))

# %% [markdown]
# The bars are the customers, largest first (grouped into bars of equal numbers of
# customers when there are many); the black line is their cumulative share of revenue.
# The steeper it rises at the left, the more the business depends on a few customers.
#
# **The 80/20 rule is a claim to test, not a law.** Measure it: what share of revenue do
# the top `pareto_top` of customers bring? The rule "holds roughly" when the share lies
# in `pareto_band` (lesson 04 uses the same test).

# %%
top_share = grading.top_share_by_group(customers, top=pareto_top).iloc[0]
show(reading.eighty_twenty(top_share, top_share_of_customers=pareto_top, band=pareto_band, lang=lang))

# %%
grade_table = grading.grade_summary(pareto)
grade_table.round(3)

# %% [markdown]
# Fixed amounts and Pareto grades side by side: rows are the Pareto grades, columns the
# grades by the amounts of section 1.

# %%
pareto_grades = pareto["grade"].rename(tr("Pareto grade", lang, domain="lessons"))
amount_grades = by_amount["grade"].rename(tr("fixed-amount grade", lang, domain="lessons"))
pd.crosstab(pareto_grades, amount_grades)

# %%
show(reading.gradings_agree(pareto, by_amount, lang=lang))

# %% [markdown]
# The fixed amounts were derived from the Pareto cut-offs, so the two gradings differ
# only for customers between the exact and the rounded amounts. Next year they will drift
# apart: the fixed amounts stay put while the Pareto cut-offs move with the customers.
# Many companies use Pareto grading to *find* amounts once, then keep fixed amounts for a
# few years so that sales staff know the rules.
#
# ## 3. The VIP customers: the top 1% (VIP客户)
#
# A grade above A: the top `vip_share` of customers by revenue, counted as a whole
# number of customers rounded up (1% of 250 customers is 2.5, so 3 VIPs). With a few
# thousand customers these are a handful of names that top management should know.

# %%
vip = grading.grade_by_rank(customers, top=(vip_share,), labels=("VIP", "other"))
vip_list = vip[vip["grade"] == "VIP"]
vip_list[["value", "rank"]]

# %%
n_vip = int(np.ceil(round(vip_share * len(customers), 9)))
assert set(ranked.head(n_vip).index) == set(vip_list.index)
show(reading.vip(vip, vip_share=vip_share, total=customers["monetary"].sum(), lang=lang))

# %% [markdown]
# ## 4. Regrading by development potential (按发展潜力调整)
#
# Revenue is the past; the grade should also look ahead. The sales team rates each
# customer's **development potential** (high / medium / low: how much more it could buy,
# from its size, its growth and our share of its purchases). Then:
#
# - a C customer with high potential moves **up** to A: invest in it now;
# - a B customer that is about to fail (low potential) moves **down** to C;
# - an A customer with low potential moves down to B: A means the largest amount *and*
#   the largest potential.
#
# These are the default rules of `grading.DEFAULT_POTENTIAL_RULES`; a company can write
# its own table.

# %%
grading.DEFAULT_POTENTIAL_RULES

# %%
has_potential = tables.customers is not None and "potential" in tables.customers.columns
regraded = grading.regrade_by_potential(pareto, tables.customers) if has_potential else None
show(reading.potential_moves(regraded, lang=lang))

# %%
pd.crosstab(regraded["base_grade"], regraded["grade"]) if regraded is not None else None

# %% [markdown]
# When the data has a potential rating, the table above has the grade from revenue as
# rows and the grade after the potential rule as columns. The customers off the diagonal
# are the ones a pure revenue ranking would have served wrongly: small customers worth
# developing, and large ones whose best years are behind.
#
# **Service by grade.** What each grade gets:
#
# | grade | service |
# |---|---|
# | A (with the VIP) | an account manager's attention, regular visits, discounts and favourable terms, complaints handled first; watch their finances and staff changes closely |
# | B | regular visits by the sales team; more attention as soon as their orders stagnate or move to competitors |
# | C | standard service at low cost (online, phone, self-service); the textbook describes them as less loyal, late payers, small orders and many demands: check which of these the data shows before acting on it |
#
# A travel company applies the C rule literally: its lowest-grade customers pay a
# deposit before staff spend hours planning an itinerary. Airlines (first, business,
# economy) and banks (private vs mass banking) are gradings everyone has met.
#
# ## 5. Five tiers: the bank example (五级客户)
#
# A large American bank sorts its customers into five tiers by **profit**, not revenue:
#
# | tier | who | service rule |
# |---|---|---|
# | blue | very high total benefit or fee income | the best people and terms; keep at almost any cost |
# | green | high benefit | personal service, offers to grow them towards blue |
# | red | simple needs, low profit, but loyal | efficient standard service; keep costs low, keep them happy |
# | transfer | complex needs, low profit | move to cheaper channels or charge for the extra service |
# | exit | no profit, or a loss | stop subsidising: raise prices, cut service, or let them go |
#
# The course makes the rules precise (`grading.five_tier_grades`): customers are ranked
# by **profit** alone; exit = profit ≤ 0; blue = the first `blue_share` of the customers,
# counted as a whole number rounded up; green = the rest of the first `green_share`; the
# other profitable customers are red when loyal (at least the median number of orders)
# and transfer otherwise.

# %%
tiers = grading.five_tier_grades(customers, blue=blue_share, green=green_share) if tables.has_cost else None
show(reading.five_tiers(tiers, blue=blue_share, green=green_share, lang=lang))

# %%
tier_table = grading.grade_summary(tiers, grade="tier", revenue="revenue") if tiers is not None else None
tier_table.round(3) if tier_table is not None else None

# %%
if tier_table is not None:
    plots.abc_summary_chart(tier_table, palette="tier", lang=lang)
    plt.show()

# %% [markdown]
# **What the chart shows** (with cost data). Each column adds up to 100%: the share of
# customers, of revenue and of profit in each tier. When the exit tier loses money, its
# profit share is drawn *below* zero: these customers eat part of the profit the others
# make.
#
# ## 6. The textbook's two pyramids, tested (客户数量金字塔与客户利润倒金字塔)
#
# The textbook draws the grades one above the other, A on top, twice. Counted in
# **customers**, it says, the picture is a pyramid: few A customers, many C. Counted in
# **profit**, it turns upside down: most of the profit sits at the top. Both are claims
# about a typical company. Here they are measured on the Pareto grades of section 2
# (from revenue alone, before the potential rule), with profit when the data has costs
# and revenue otherwise.

# %%
measure = "profit" if tables.has_cost else "revenue"
pyramid = grading.pyramid_table(pareto, value="profit" if tables.has_cost else "value")
pyramid.round(3)

# %%
fig = plots.pyramid_figure(pyramid, measure=measure, lang=lang)
plt.show()

# %%
show(reading.pyramids(pyramid, measure=measure, lang=lang))

# %% [markdown]
# ## 7. The resource-allocation table (资源分配表)
#
# Grades pay off only when effort follows them. A classic exercise shows a table like the
# one below: each grade with its share of customers, revenue, profit and **resources**
# (here the sales team's hours, `current_plan`), and asks *what is wrong with this table
# and how should it be adjusted?*
#
# This section uses the **Pareto grades of section 2**: grades by share of the grading
# period's revenue with the cut-offs `pareto_cutoffs`, before the potential rule. Exercise
# 03 Q6 uses the same grades. `resource_per_revenue` is the share of resources divided by
# the share of revenue: 1 means effort in line with value, above 1 the grade is
# over-served, below 1 under-served.

# %%
allocation = grading.resource_allocation_table(pareto, current_plan)
allocation.round(3)

# %%
ax = plots.allocation_chart(allocation, value="revenue", lang=lang)
plt.show()

# %%
show(reading.allocation_critique(allocation, lang=lang))

# %% [markdown]
# **How to adjust it.** Give every customer a basic service (`base_service` of the hours,
# spread by head count) and let the rest follow value: profit when it is known, else
# revenue; a grade that loses money gets the basic service only
# (`grading.adjusted_plan`). The plan is computed, not typed in, so it follows the data.

# %%
value = "profit" if tables.has_cost else "revenue"
plan = grading.adjusted_plan(allocation, base_service=base_service, value=value)
adjusted = grading.resource_allocation_table(pareto, plan.to_dict())
grading.plan_comparison(allocation, adjusted, value=value, lang=lang).round(3)

# %%
ax = plots.allocation_chart(allocation, adjusted=adjusted, value=value, lang=lang)
plt.show()

# %%
show(reading.adjusted_plan(allocation, adjusted, value=value, base_service=base_service, lang=lang))

# %% [markdown]
# Two cautions belong with any such table. First, resources per *customer* still fall
# steeply from A to C, and that is intended. Second, a grade that is over-served may be
# over-served for a good reason (new customers, a strategic market); the table starts
# the discussion, it does not end it.
#
# ## 8. Grade migration between two periods (动态细分)
#
# Grades are not fixed: customers grow, shrink, arrive and leave, so grading is re-run
# on new data and the **movement** is tracked. We grade the period before the grading
# period the same way (Pareto grades from revenue; the potential rating is not repeated
# per period) and compare. When the data does not cover two full periods, what it has is
# split into two equal halves, and the sentence below says so.

# %%
first_day = run.first_order.normalize()
half = max(min(period_days, (as_of - first_day).days // 2), 1)
later, both = run.period(half), run.period(2 * half)

# %%
grades_before = grading.abc_grade_by_share(
    run.customer_summary(start=both.start, end=later.start), cutoffs=pareto_cutoffs
)
grades_after = grading.abc_grade_by_share(
    run.customer_summary(start=later.start), cutoffs=pareto_cutoffs
)
show(reading.migration_periods(half, period_days, grades_before, grades_after, lang=lang))

# %%
migration = grading.grade_migration(grades_before, grades_after)
migration

# %%
day = pd.Timedelta(days=1)
ax = plots.migration_heatmap(
    migration,
    before=f"{both.start:%Y-%m-%d} – {later.start - day:%Y-%m-%d}",
    after=f"{later.start:%Y-%m-%d} – {as_of - day:%Y-%m-%d}",
    lang=lang,
)
plt.show()

# %% [markdown]
# **How to read it.** Rows are the grades of the earlier period, columns the later one.
# The outlined diagonal holds the customers who kept their grade. Right of the diagonal
# customers fell; left of it they moved up. The row "new" holds customers who bought only
# in the later period, the column "lost" those who bought only in the earlier one.
# `grading.migration_summary` counts the moves; the plain-pandas check adds up the cells
# below the diagonal.

# %%
moves = grading.migration_summary(grades_before, grades_after)
order = {g: i for i, g in enumerate(["A", "B", "C"])}
below = sum(migration.loc[b, a] for b in order for a in order if order[a] < order[b])
assert moves["moved_up"] == below and moves["lost_top"] == migration.loc["A", "lost"]
moves.drop("fell_from_top_value").to_frame("customers")

# %%
show(reading.migration_actions(moves, lang=lang))

# %% [markdown]
# ## What this means for the business

# %%
show(
    reading.bullets(
        [
            reading.summary_eighty_twenty(top_share, band=pareto_band, lang=lang),
            reading.summary_vip(vip, total=customers["monetary"].sum(), lang=lang),
            reading.summary_amounts(thresholds, derived=derived, lang=lang),
            reading.potential_moves(regraded, lang=lang) if regraded is not None else "",
            reading.summary_exit(tiers, lang=lang),
            reading.summary_plan(allocation, adjusted, value=value, lang=lang),
            reading.summary_migration(moves, lang=lang),
        ]
    )
)

# %% [markdown]
# ## Discussion questions
#
# 1. A sales manager says: "Fixed amounts are unfair; Pareto grading is unstable." Who is
#    right, and what would you use for a company with 300 customers? With 300,000?
# 2. Who should rate development potential, and how would you stop a salesperson from
#    rating all of their own customers "high"?
# 3. The bank's exit tier: is it ever right to keep a loss-making customer? Give two
#    reasons and say how you would check them in data.
# 4. In the resource-allocation table, should resources follow revenue, profit, or
#    potential? What happens to the C grade if they follow profit alone?
# 5. A customer falls from A to C in one period. List three explanations, and for each
#    the data that would confirm it.
# 6. Where this data does not show the textbook's pyramids, what does that say about the
#    company, and about the textbook's advice for it?
#
# ## Summary
#
# - Grading (客户分级) sorts customers by value to decide where effort goes; segmentation
#   (客户细分) sorts them by who they are.
# - Fixed amounts are simple and stable but belong to one market; derive them from the
#   data (here: the Pareto grades' smallest customers rounded to one figure). Pareto
#   grading by cumulative share adapts automatically. The VIPs are the top 1%.
# - The 80/20 rule and the two pyramids are the textbook's claims: measure them on each
#   data set before building a service plan on them.
# - Potential (发展潜力) turns a backward-looking grade into a forward-looking one.
# - The five tiers judge by profit and name a service rule for each tier, including exit.
# - The resource-allocation table shows whether effort follows value; an adjusted plan is
#   computed from the grades, and judged by the same measure.
# - Grades move (动态细分): compare periods, call the fallers, welcome the risers.
#
# **Exercise:** `exercises/03_abc_grading.ipynb` asks you to find the VIP customers with
# ABC grading, to choose a Pareto cut-off, to criticise a resource-allocation table and
# to track grade migration.
