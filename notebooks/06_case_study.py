# %% [markdown]
# # Lesson 06 · Case study: from data to a service plan (综合案例：从数据到服务方案)
#
# The sales director of the company in `data_source` asks one question: **where should
# our service resources go next year?** Account managers' time, visits, discounts and
# priority handling are limited; the answer must come from the data, must fit the time
# the company really has, and must be defended in front of people who know the
# customers well.
#
# This lesson answers it end to end, one step per lesson of the course:
#
# | step | lesson | question |
# |---|---|---|
# | 1 | 01 data collection (客户信息搜集) | can we trust the data, and what is missing? |
# | 2 | 02 profiling (客户基本情况与商业价值分析) | who is active, who is gold, who drags? |
# | 3 | 03 ABC grading (ABC分类法) | which customers make most of the value? |
# | 4 | 04 purchase deciles (购买十分位分析) | how concentrated is it, whom to retain, grow, let go? |
# | 5 | 05 loyalty (客户忠诚度分析) | who may leave, and who is unhappy? |
# | 6 | this lesson | the service plan within the capacity, and the one-page recommendation |
#
# Every number in the recommendation is computed below, so the same notebook gives a
# correct page for another company (run it with another parameter file).
#
# **Learning goals**
#
# - run the course's analyses in the right order on one data set, each with one clear output;
# - turn grades, deciles and loyalty into a **service plan** (服务方案): who gets which level
#   of service within the hours the account managers really have;
# - write a recommendation that states its assumptions and its gaps.

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
declining_below = -0.30  # revenue trend (this period / previous period - 1) below this: losing value
gold_share = 0.05  # gold customers: the top 5% by last period's sales
drag_share = 0.20  # drag customers: the bottom 20% by last period's sales
pareto_top = 0.20  # the top share of customers of the 80/20 rule
pareto_cutoffs = (0.80, 0.95)  # ABC by cumulative share of revenue: A up to 80%, B up to 95%, C the rest
retain_share = 0.10  # decile group 1 (retain): the customers who make the first 10% of sales
grow_share = 0.50  # decile group 2 (grow share of wallet): the customers up to 50% of sales
long_term_days = 365  # long-term: at least this many days since the first order ...
min_orders = 3  # ... and at least this many orders
satisfaction_cuts = (4, 7)  # satisfaction below the first is low, from the second up high
loyalty_cut = 7  # loyalty answers from this up are high loyalty
apostle_min = 9  # an apostle answers at least this on both questions
min_complaints = 2  # repeated complaints: at least this many in the period
base_service = 0.20  # share of resources spread evenly: every customer's basic service
account_managers = 6  # account managers who serve the customers
hours_per_manager = 1400  # hours a year each account manager spends with customers
account_hours = 24  # hours a year one personally managed account needs

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display

from helpers import deciles, grading, labels, lesson, loyalty, planning, plots, profiling
from helpers.i18n import tr
from helpers.readings import plan as reading
from helpers.text import show

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of, orders = run.tables, run.as_of, run.orders
period = run.period(period_days)
show(reading.planning_period(period.start, period.end, period_days=period_days, lang=lang))

# %% [markdown]
# ## Step 1. Collection check (数据检查)
#
# Before any analysis: which tables exist, what cleaning removed, which warnings the
# loading raised, which period the orders cover and whether costs are known (without
# costs there is no profit, and every "value" below becomes revenue).

# %%
present = tables.tables()
names = ["orders", "customers", "products", "complaints", "survey", "campaigns", "leads"]
pd.DataFrame(
    {"present": [n in present for n in names],
     "rows": [tables.rows(n) for n in names]},
    index=pd.Index(names, name="table"),
)  # fmt: skip

# %%
cleaning = tables.cleaning
labels.translated(cleaning.summary, lang, columns=["reason", "action"])

# %%
show(reading.data_warnings(tables.problems, lang=lang))

# %%
history_days = (as_of - run.first_order).days
has_cost = tables.has_cost
value_column = "profit" if has_cost else "revenue"
verdict = reading.data_verdict(
    history_days=history_days, rows_in=cleaning.rows_in, rows_out=cleaning.rows_out,
    has_cost=has_cost, missing=tables.missing(), period_days=period_days, lang=lang,
)  # fmt: skip
show(verdict)

# %% [markdown]
# ## Step 2. Profiling (客户基本情况)
#
# One row per customer over the whole history (`history`, for tenure, status and trend),
# and one row per customer who bought in the planning period (`customers`, for the
# period's revenue and profit). Gold and drag customers (金牌客户, 拉后腿客户) are read
# from the period's revenue.

# %%
history = run.customer_summary(period_days=period_days, dormant_after_days=dormant_after_days)
customers = run.customer_summary(start=period.start)
customers = customers.join(history[["tenure_days", "status", "trend"]].add_prefix("history_"))

# %%
gold_drag = profiling.gold_and_drag_customers(
    customers, column="monetary", gold=gold_share, drag=drag_share
)
profile = gold_drag.groupby("group", observed=False).agg(
    customers=("value", "size"), revenue=("value", "sum")
)
profile["revenue_share"] = profile["revenue"] / profile["revenue"].sum()
profile.round(3)

# %%
show(reading.profile_summary(history, profile, gold_share=gold_share, drag_share=drag_share,
                             lang=lang))  # fmt: skip

# %%
ranked = profiling.rank_customers(customers)
ax = plots.pareto_chart(ranked, lang=lang)
plt.show()

# %% [markdown]
# **What the chart shows.** The period's customers as bars, largest first, with the
# cumulative share of revenue as a line: the steeper the start, the more the business
# rests on a few customers, and the more a plan that treats every customer alike wastes.

# %% [markdown]
# ## Step 3. ABC grading (ABC分类)
#
# Customers are graded by their cumulative share of the period's revenue (A up to the
# first cut-off, B up to the second, C the rest), then moved by their development
# potential (发展潜力) when the customer table rates it: a C with high potential becomes
# an A, an A or B with low potential moves down.

# %%
grades = grading.abc_grade_by_share(customers, cutoffs=pareto_cutoffs)
has_potential = tables.customers is not None and "potential" in tables.customers.columns
if has_potential:
    grades = grading.regrade_by_potential(grades, tables.customers)
    display(labels.translated(grades["change"].value_counts().to_frame("customers"), lang))
else:
    print(tr("no potential rating in this data: the grades stay as the revenue gives them", lang,
             domain="lessons"))  # fmt: skip

# %%
grades = grades.assign(profit=customers["profit"].reindex(grades.index))
shape = grading.pyramid_table(grades, value=value_column if has_cost else "value")
shape.round(3)

# %%
ax = plots.abc_summary_chart(grades, revenue="value", lang=lang)
plt.show()

# %% [markdown]
# **What the chart shows.** Stacked columns: how the customers, the revenue and (with
# costs) the profit split between the grades. The textbook expects a pyramid: few A
# customers with most of the value. Whether this data has one is measured, not assumed:

# %%
show(reading.grade_shape(shape, pareto_top=pareto_top, value=value_column,
                         regraded=has_potential, lang=lang))  # fmt: skip

# %% [markdown]
# ## Step 4. Purchase deciles (购买十分位)
#
# Ten equal-size groups of the period's customers, by revenue, and each group's share of
# revenue and profit. With costs, the decile reading of lesson 04 also sorts the
# profitable customers into three groups: *retain* (the few who make the first
# `retain_share` of sales: keep them), *grow share of wallet* (those who make the sales
# up to `grow_share`: they may also buy elsewhere) and *losing value* (profitable, but
# their revenue trend is below `declining_below`, -0.30 by default: a fall of more than
# 30%; analyse, then usually let go). Everyone else is *transactional*: no relationship
# work.

# %%
decile_table = deciles.customer_deciles(customers)
ax = plots.customer_decile_chart(decile_table, lang=lang)
plt.show()

# %% [markdown]
# **What the chart shows.** Each pair of bars is a tenth of the customers, the biggest on
# the left; the dashed line is the 10% that every group would bring if all were equal.

# %%
top_decile_share = float(decile_table["revenue_share"].iloc[0]) if len(decile_table) else np.nan
show(reading.concentration(top_decile_share, lang=lang))

# %%
groups = None
if has_cost:
    groups = deciles.profitable_groups(
        customers.assign(trend=customers["history_trend"]),  # the trend needs the whole history
        retain_share=retain_share, grow_share=grow_share, declining_below=declining_below,
    )  # fmt: skip
    display(groups.groupby("group", observed=False).agg(
        customers=("revenue", "size"), revenue=("revenue", "sum"), profit=("profit", "sum")
    ).round(2))  # fmt: skip
else:
    print(tr("no costs: the profitable groups of lesson 04 need profit, so they are skipped",
             lang, domain="lessons"))  # fmt: skip

# %% [markdown]
# ## Step 5. Loyalty (忠诚度)
#
# The behavioural classes come from the order history (a long-term customer "may switch"
# when it is dormant or its revenue trend is below `declining_below`, the same rule as
# lessons 04 and 05); the satisfaction x loyalty types come from the survey when there
# is one, the complaints of the period from the complaints table when there is one.

# %%
classes = loyalty.behavioural_loyalty_classes(
    history, as_of=as_of, long_term_days=long_term_days, min_orders=min_orders,
    declining_below=declining_below,
)  # fmt: skip
inputs = loyalty.known_before(tables, as_of)
has_survey, has_complaints = inputs.survey is not None, inputs.complaints is not None
types = None
if has_survey:
    types = loyalty.loyalty_matrix_types(
        inputs.survey, satisfaction_cuts=satisfaction_cuts, loyalty_cut=loyalty_cut,
        apostle_min=apostle_min,
    )  # fmt: skip
classes["loyalty_class"].value_counts(sort=False)[list(loyalty.CUSTOMER_CLASSES)].to_frame("customers")

# %%
period_complaints = None
if has_complaints:
    dated = pd.to_datetime(inputs.complaints["complaint_date"])
    period_complaints = inputs.complaints[dated >= period.start]
survey_share = loyalty.survey_coverage(types, history)["share"] if has_survey else None

# %% [markdown]
# ## Step 6. The service plan (服务方案)
#
# The plan needs one table: each customer of the period with its grade, its value, its
# behavioural class, its survey type and its complaints. A customer is flagged **at
# risk** (有流失风险) when at least one of three signals is on: it is a long-term
# customer that has gone dormant or is buying much less (lesson 05, behaviour), its
# survey answers make it a hostage, defector or terrorist (lesson 05, attitude), or it
# complained at least `min_complaints` times in the period (lesson 02).

# %%
plan = planning.customer_plan(
    grades, customers, classes=classes, types=types, complaints=period_complaints,
    min_complaints=min_complaints,
)  # fmt: skip
plan.head(8)

# %% [markdown]
# ### The capacity and its split (资源分配)
#
# The source material's service rules promise dedicated account staff to every A
# customer. That is a promise only a company with few A customers and enough staff can
# keep, so the plan starts from the time the company **has**: `account_managers` people,
# each with `hours_per_manager` hours a year with customers. Lesson 03 showed that
# resources out of line with value are the classic mistake; the plan gives every
# customer a basic service (`base_service` of the hours, spread evenly per customer) and
# splits the rest by each grade's share of the value (profit when costs are known, else
# revenue; a grade that loses money gets nothing from this part), and inside a grade by
# each customer's own value. An A customer gets a **personal account manager**
# (专属客户经理) only when its hours reach the `account_hours` such an account needs
# (24 by default: a monthly call and a visit each quarter); the other A customers share
# an account team.

# %%
total_hours = account_managers * hours_per_manager
allocation = planning.service_allocation(
    plan, total_hours=total_hours, base_service=base_service, account_hours=account_hours,
    value=value_column,
)  # fmt: skip
allocation.round(3)

# %% [markdown]
# The same split in plain arithmetic for grade A, as a check: basic service in
# proportion to customers, the rest in proportion to value.

# %%
a = allocation.iloc[0]
values_by_grade = plan.groupby("grade", observed=False)[value_column].sum().clip(lower=0)
by_hand = base_service * a["customers"] / len(plan) + (1 - base_service) * max(
    a["value"], 0
) / values_by_grade.sum()
assert np.isclose(by_hand, a["resource_share"])
print(tr("grade A: {share:.1%} of the hours, by hand and in the table", lang, domain="lessons",
         share=by_hand))  # fmt: skip

# %%
ax = plots.service_hours_chart(allocation, value=value_column, lang=lang)
plt.show()

# %% [markdown]
# **What the chart shows.** For each grade, three bars: its share of the hours if every
# customer got the same (grey), its share of the value, and the plan's share. Where the
# grey bar is far above the value bar, equal service over-serves that grade; the plan's
# bar moves the hours towards the value while keeping a floor of basic service for
# everyone.

# %%
ax = plots.hours_per_customer_chart(allocation, account_hours=account_hours, lang=lang)
plt.show()

# %% [markdown]
# **What the chart shows.** The hours a year each customer of a grade gets on average
# (on a logarithmic scale), against the dashed line of what one personal account needs.
# A grade whose bar stays below the line cannot have a personal account manager for
# every customer, whatever the plan says.
#
# ### The action lists (行动清单)
#
# The split says how much; the lists say who. Each list is a filter of the plan table,
# so a manager can open it and see the customers.

# %%
hours = planning.customer_hours(
    plan, total_hours=total_hours, base_service=base_service, value=value_column
)
service = planning.assign_service(plan, hours, account_hours=account_hours)
service.value_counts(sort=False).to_frame("customers")

# %%
lists = planning.action_lists(plan, service=service, groups=groups, min_complaints=min_complaints)
lists.round(3)

# %% [markdown]
# ## Step 7. The recommendation (一页纸建议)
#
# The page below is written by the notebook from the tables above. Read it as the sales
# director would, then check each number against the step it comes from.

# %%
page = [
    reading.page_title(tables.name, period_days=period.days, last_day=period.end - pd.Timedelta(days=1), lang=lang),
    reading.headline(allocation, value=value_column, lang=lang),
    reading.protect(
        allocation, plan, service, hours, account_managers=account_managers,
        hours_per_manager=hours_per_manager, account_hours=account_hours, value=value_column,
        lang=lang,
    ),
    reading.rescue(lists, has_survey=has_survey, has_complaints=has_complaints,
                   min_complaints=min_complaints, lang=lang),
    reading.complaints_item(lists, has_complaints=has_complaints, min_complaints=min_complaints,
                            lang=lang),
    reading.grow_item(lists, has_cost=has_cost, retain_share=retain_share, grow_share=grow_share,
                      lang=lang),
    reading.serve_item(allocation, value=value_column, lang=lang),
    reading.assumptions(
        pareto_cutoffs=pareto_cutoffs, regraded=has_potential, base_service=base_service,
        total_hours=total_hours, account_hours=account_hours, has_survey=has_survey,
        has_cost=has_cost, history_days=history_days, period_days=period_days,
        survey_share=survey_share, lang=lang,
    ),
]  # fmt: skip
show("\n\n".join(page))

# %% [markdown]
# ## How to know whether the plan works (关键绩效指标)
#
# A plan needs a few **key performance indicators** (KPIs, 关键绩效指标) that are measured
# again after each period. Three are standard in customer management: the **retention
# rate** (客户保持率: the share of the earlier period's customers who bought again in the
# last one), the **satisfaction** score (满意度, from the survey) and the **acquisition
# cost** (获客成本: marketing and sales spend per new customer). A rate measured on a
# few days of data says little, so the table also says on how much data each one rests.

# %%
since = as_of - pd.Timedelta(days=2 * period_days)
retention = planning.retention_kpi(run.orders_since(since), as_of=as_of, period_days=period_days)
retention

# %%
show(reading.kpi_table(retention, types=types, lang=lang))

# %% [markdown]
# If the plan works, the retention rate rises next time, above all among A and B
# customers. Acquisition cost matters because winning a new customer usually costs
# several times as much as keeping one (the course's opening argument for grading).
#
# ## Beyond this course
#
# - **The customer lifecycle** (客户生命周期): acquisition (获取: the leads), nurturing
#   (培养: growing B customers), retention (保持: protecting and rescuing A customers) and
#   win-back (挽回: long-term customers gone quiet). The action lists above cover the last
#   three; the leads of lesson 05 feed the first.
# - **Strategy tools** named in the source material, such as SWOT (scored 1-10), BACK,
#   McKinsey's 7S and PESTLE, and a competitor's SWOT, look at the company and its market.
#   The customer plan is one input to them, with the lists of former, current, potential
#   and blacklisted customers (以前的、现有的、潜在的和黑名单客户).
# - **Data mining** (数据挖掘): the classic "beer and diapers" story of market-basket
#   analysis (购物篮分析) finds products bought together. With the order lines of this
#   course it is the natural next step for the cross-selling prospects of lesson 02.

# %% [markdown]
# ## Discussion questions
#
# 1. The plan gives the A customers several times an equal share per customer. Which
#    customers lose service compared with today, and how would you tell them?
# 2. `base_service` is a choice. What happens to the page with 0% and with 50%, and which
#    would you defend to the sales director?
# 3. Hire one more account manager (`account_managers`), or halve `account_hours`: how
#    many more A customers get a personal account manager, and which would you choose?
# 4. Which single missing table (costs, survey, potential, complaints) would change the
#    recommendation most if it were added, and why?
# 5. The plan is for next year but built on last year's data. Which customers is it most
#    likely to get wrong, and how would you check after three months (dynamic segmentation,
#    动态细分)?
#
# ## Summary
#
# - The course's steps form one pipeline: **check** the data, **profile** the customers,
#   **grade** them, read the **deciles**, look at **loyalty**, then **decide**.
# - A service plan starts from the capacity the company has. It has two parts: a split
#   of the hours by grade (how much, with the personal accounts those hours pay for) and
#   action lists (who): protect, rescue, close complaints, grow, serve efficiently. In
#   the words of the source material: successful companies focus on successful customers.
# - The page is generated from the numbers and lists its assumptions and gaps, so it stays
#   true on other data and can be defended.
#
# **Next:** the exercise `exercises/06_case_study.ipynb` asks you to run the same analysis
# on another company (another parameter file) and defend your own recommendation.
