# %% [markdown]
# # Lesson 06 · Case study: from data to a service plan (综合案例：从数据到服务方案)
#
# The sales director of the company in `data_source` asks one question: **where should
# our service resources go next year?** Account managers' time, visits, discounts and
# priority handling are limited; the answer must come from the data, and must be
# defended in front of people who know the customers well.
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
# | 6 | this lesson | the one-page recommendation |
#
# Every number in the recommendation is computed below, so the same notebook gives a
# correct page for another company (run it with another parameter file).
#
# **Learning goals**
#
# - run the course's analyses in the right order on one data set, each with one clear output;
# - turn grades, deciles and loyalty into a **service plan** (服务方案): who gets which level
#   of service and what share of the resources;
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
gold_share = 0.05  # gold customers: the top 5% by last period's sales
drag_share = 0.20  # drag customers: the bottom 20% by last period's sales
pareto_cutoffs = (0.80, 0.95)  # ABC by cumulative share of revenue: A up to 80%, B up to 95%, C the rest
retain_share = 0.10  # decile group 1 (retain): the customers who make the first 10% of sales
grow_share = 0.50  # decile group 2 (grow share of wallet): the customers up to 50% of sales
declining_below = -0.30  # revenue trend (this period / previous period - 1) below this: losing value
satisfaction_cuts = (4, 7)  # satisfaction below the first is low, from the second up high
loyalty_cut = 7  # loyalty answers from this up are high loyalty
apostle_min = 9  # an apostle answers at least this on both questions
min_complaints = 2  # repeated complaints: at least this many in the period
base_service = 0.20  # share of resources spread evenly: every customer's basic service

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from helpers import deciles, glossary, grading, lesson, loyalty, plots, profiling, theme

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of, orders = run.tables, run.as_of, run.orders
period_start = as_of - pd.Timedelta(days=period_days)
print(f"planning period: {period_start:%Y-%m-%d} to {as_of - pd.Timedelta(days=1):%Y-%m-%d}")

# %% [markdown]
# ## Step 1. Collection check (数据检查)
#
# Before any analysis: which tables exist, what cleaning removed, which period the orders
# cover and whether costs are known (without costs there is no profit, and every "value"
# below becomes revenue).

# %%
OPTIONAL = ["customers", "products", "complaints", "survey", "campaigns", "leads"]
inventory = pd.DataFrame(
    {
        "rows": [len(orders)]
        + [len(getattr(tables, t)) if getattr(tables, t) is not None else 0 for t in OPTIONAL],
        "present": [True] + [getattr(tables, t) is not None for t in OPTIONAL],
    },
    index=pd.Index(["orders", *OPTIONAL], name="table"),
)
inventory

# %%
cleaning = tables.cleaning
dropped_share = 1 - cleaning.rows_out / cleaning.rows_in if cleaning.rows_in else 0.0
history_days = (as_of - orders["order_date"].min()).days
print(f"cleaning: {cleaning.rows_in:,} order lines in, {cleaning.rows_out:,} kept")
touched = cleaning.summary[cleaning.summary["rows"] > 0]
if len(touched):
    display(touched)
else:
    print("no order line needed cleaning")

# %%
has_cost = tables.has_cost
missing = [t for t in OPTIONAL if getattr(tables, t) is None]
value_word = "profit" if has_cost else "revenue"
display(
    Markdown(
        f"**Data verdict.** The orders cover {history_days:,} days up to the as-of date; "
        + (
            f"cleaning set aside {dropped_share:.1%} of the order lines, each with its reason "
            "in the table above. "
            if dropped_share > 0
            else "cleaning had nothing to set aside. "
        )
        + (
            "Costs are known, so customers are valued by **profit**. "
            if has_cost
            else "**Costs are not known**, so customers are valued by **revenue**; a customer "
            "who brings revenue at a loss cannot be spotted. "
        )
        + (
            f"Missing tables: {', '.join(missing)}; the steps that need them say so."
            if missing
            else "All the optional tables are there."
        )
        + (
            ""
            if history_days >= 2 * period_days
            else " The history is shorter than two planning periods, so trends (this period "
            "against the one before) are partly unknown."
        )
    )
)

# %% [markdown]
# ## Step 2. Profiling (客户基本情况)
#
# One row per customer over the whole history (`history`, for tenure, status and trend),
# and one row per customer who bought in the planning period (`period`, for the period's
# revenue and profit). Gold and drag customers (金牌客户, 拉后腿客户) are read from the
# period's revenue.

# %%
history = profiling.customer_summary(
    orders, as_of=as_of, period_days=period_days, dormant_after_days=dormant_after_days
)
period = profiling.customer_summary(orders[orders["order_date"] >= period_start], as_of=as_of)
period = period.join(history[["tenure_days", "status", "trend"]].add_prefix("history_"))
active_share = (history["status"] == "active").mean()
gold_drag = profiling.gold_and_drag_customers(
    period, column="monetary", gold=gold_share, drag=drag_share
)
profile = gold_drag.groupby("group", observed=False).agg(
    customers=("value", "size"), revenue=("value", "sum")
)
profile["revenue_share"] = (profile["revenue"] / profile["revenue"].sum()).round(3)
print(
    f"{len(history):,} customers in the history, {active_share:.0%} active; "
    f"{len(period):,} bought in the planning period"
)
print(
    f"gold: {profile.loc['gold', 'customers']:,} customers, "
    f"{profile.loc['gold', 'revenue_share']:.0%} of the period's revenue; drag: "
    f"{profile.loc['drag', 'customers']:,} customers, {profile.loc['drag', 'revenue_share']:.1%}"
)
profile

# %%
ranked = profiling.rank_customers(period)
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
# an A, an A or B with low potential moves down. The pyramid shows how the customers and
# the value split between the grades.

# %%
grades = grading.abc_grade_by_share(period, cutoffs=pareto_cutoffs)
has_potential = tables.customers is not None and "potential" in tables.customers.columns
if has_potential:
    grades = grading.regrade_by_potential(grades, tables.customers)
    print("regraded by potential:", grades["change"].value_counts().to_dict())
else:
    print("no potential rating in this data: the grades stay as the revenue gives them")
pyramid = grading.pyramid_table(grades, value="profit" if has_cost else "value")
pyramid.round(3)

# %%
fig = plots.pyramid_chart(pyramid, measure=value_word, lang=lang)
plt.show()

# %% [markdown]
# **What the chart shows.** Left, the customer-count pyramid (客户数量金字塔): few A
# customers at the top, many C customers at the bottom. Right, the value pyramid upside
# down (客户利润倒金字塔): most of the value at the top. The wider the gap between the two
# shapes, the stronger the case for serving the grades differently.

# %% [markdown]
# ## Step 4. Purchase deciles (购买十分位)
#
# Ten equal-size groups of the period's customers, by revenue, and each group's share of
# revenue and profit. With costs, the decile reading of lesson 04 also sorts the
# profitable customers into three groups: *retain* (the few who make the first
# `retain_share` of sales: keep them), *grow share of wallet* (those who make the sales
# up to `grow_share`: they probably also buy elsewhere) and *losing value* (profitable,
# but their revenue fell by more than `declining_below`: analyse, then usually let go).
# Everyone else is *transactional*: no relationship work.

# %%
decile_table = deciles.customer_deciles(period)
top_decile_share = float(decile_table.loc[1, "revenue_share"])
ax = plots.customer_decile_chart(decile_table, lang=lang)
plt.show()

# %% [markdown]
# **What the chart shows.** Each pair of bars is a tenth of the customers, the biggest on
# the left; the dashed line is the 10% that every group would bring if all were equal.
# Bars far above the line on the left and far below on the right mean that the top
# decile deserves attention and the bottom deciles a cheaper way of serving them.

# %%
if has_cost:
    groups = deciles.profitable_groups(
        period.assign(trend=period["history_trend"]),  # the trend needs the whole history
        retain_share=retain_share,
        grow_share=grow_share,
        declining_below=declining_below,
    )
    group_table = groups.groupby("group", observed=False).agg(
        customers=("revenue", "size"), revenue=("revenue", "sum"), profit=("profit", "sum")
    )
    display(group_table.round(2))
else:
    groups = None
    print("no costs: the profitable groups of lesson 04 need profit, so they are skipped")

# %% [markdown]
# ## Step 5. Loyalty (忠诚度)
#
# The behavioural classes come from the order history (a long-term customer "may switch"
# when it is dormant or its revenue fell by more than `declining_below`, as in lesson
# 04); the satisfaction x loyalty types come from the survey when there is one, the
# complaints of the period from the complaints table when there is one.

# %%
classes = loyalty.behavioural_loyalty_classes(
    history, tables.leads, as_of=as_of, declining_below=declining_below
)
class_counts = classes["loyalty_class"].value_counts(sort=False)
survey = tables.survey
if survey is not None:
    survey = survey[survey["survey_date"] < as_of]
has_survey = survey is not None and len(survey) > 0
types = (
    loyalty.loyalty_matrix_types(
        survey,
        satisfaction_cuts=satisfaction_cuts,
        loyalty_cut=loyalty_cut,
        apostle_min=apostle_min,
    )
    if has_survey
    else None
)
complaints = tables.complaints
has_complaints = complaints is not None
if has_complaints:
    in_period = complaints[
        (complaints["complaint_date"] >= period_start) & (complaints["complaint_date"] < as_of)
    ]
    complaint_counts = in_period.groupby("customer_id").size()
else:
    complaint_counts = pd.Series(dtype="int64")
class_counts.to_frame("parties")

# %% [markdown]
# ## Step 6. Putting it together: one row per customer
#
# The plan needs one table: each customer of the period with its grade, its value, its
# behavioural class, its survey type and its complaints.

# %%
plan = grades[["grade", "value"]].rename(columns={"value": "revenue"})
plan["profit"] = period["profit"]
plan["loyalty_class"] = classes["loyalty_class"].reindex(plan.index).astype(str)
plan["loyalty_type"] = (
    types["loyalty_type"].astype(str).reindex(plan.index).fillna("(not surveyed)")
    if has_survey
    else "(no survey)"
)
plan["complaints"] = complaint_counts.reindex(plan.index, fill_value=0)
at_risk = (
    (plan["loyalty_class"] == "loyal_may_switch")
    | plan["loyalty_type"].isin(["hostage", "terrorist", "defector"])
    | (plan["complaints"] >= min_complaints)
)
plan["at_risk"] = at_risk
plan.head(8)

# %% [markdown]
# A customer is flagged **at risk** (有流失风险) when at least one of three signals is on:
# it is a long-term customer that has gone dormant or is buying less (lesson 05,
# behaviour), its survey answers make it a hostage, defector or terrorist (lesson 05,
# attitude), or it complained at least `min_complaints` times in the period (lesson 02).
#
# ### The resource split (资源分配)
#
# Lesson 03 showed that resources out of line with value are the classic mistake. The
# plan gives every customer a basic service (`base_service` of the resources, spread
# evenly per customer) and splits the rest by each grade's share of the value (profit
# when costs are known, else revenue; a grade that loses money gets nothing from this
# part). The comparison is "the same for everyone", which is each grade's share of
# customers.

# %%
value_column = "profit" if has_cost else "revenue"
by_grade = plan.groupby("grade", observed=False).agg(
    customers=("revenue", "size"),
    revenue=("revenue", "sum"),
    value=(value_column, "sum"),
    at_risk=("at_risk", "sum"),
)
by_grade["customer_share"] = by_grade["customers"] / by_grade["customers"].sum()
positive_value = by_grade["value"].clip(lower=0)
by_grade["value_share"] = positive_value / positive_value.sum()
by_grade["resource_share"] = (
    base_service * by_grade["customer_share"] + (1 - base_service) * by_grade["value_share"]
)
by_grade["per_customer_vs_equal"] = by_grade["resource_share"] / by_grade["customer_share"]
by_grade.round(3)

# %% [markdown]
# The same split in plain arithmetic for grade A, as a check: basic service in
# proportion to customers, the rest in proportion to value.

# %%
a = by_grade.loc["A"]
by_hand = (
    base_service * a["customers"] / len(plan)
    + (1 - base_service)
    * max(a["value"], 0)
    / plan.groupby("grade", observed=False)[value_column].sum().clip(lower=0).sum()
)
assert np.isclose(by_hand, a["resource_share"])
print(f"grade A: {by_hand:.1%} of the resources, by hand and in the table")

# %%
with theme.theme_context(lang):
    shown = by_grade[["customer_share", "value_share", "resource_share"]]
    names = {
        "customer_share": {"en": "same for everyone", "zh": "平均分配"}[lang],
        "value_share": glossary.label(f"{value_column}_share", lang),
        "resource_share": {"en": "recommended resources", "zh": "建议资源占比"}[lang],
    }
    ax = shown.rename(columns=names).plot.bar(
        figsize=(8, 4), rot=0, color=["#bdbdbd", theme.METRIC_COLORS[value_column], "#1f5f9e"]
    )
    for bars in ax.containers:
        ax.bar_label(bars, labels=[theme.percent(v) for v in bars.datavalues], fontsize=8)
    ax.yaxis.set_major_formatter(theme.percent_formatter())
    ax.set_xlabel(glossary.label("grade", lang))
    ax.set_ylabel(glossary.label("share", lang))
    ax.set_title({"en": "Service resources by grade", "zh": "各等级的服务资源"}[lang])
    theme.apply_fonts(ax, lang)
plt.show()

# %% [markdown]
# **What the chart shows.** For each grade, three bars: the share of resources it would
# get if every customer got the same (grey), its share of the value, and the recommended
# share. Where the grey bar is far above the value bar, equal service over-serves that
# grade; the recommended bar moves the resources towards the value while keeping a floor
# of basic service for everyone.
#
# ### The action lists (行动清单)
#
# The split says how much; the lists say who. Each list is a filter of the plan table,
# so a manager can open it and see the customers.

# %%
a_grade = plan["grade"] == "A"
lists = {
    "protect: A customers, dedicated account staff": a_grade,
    "rescue first: A and B customers at risk": plan["grade"].isin(["A", "B"]) & plan["at_risk"],
    "repeated complaints: solve fast (any grade)": plan["complaints"] >= min_complaints,
    "C customers: serve through low-cost channels": plan["grade"] == "C",
}
if has_cost:
    lists["grow share of wallet (lesson 04)"] = (groups["group"] == "grow_share_of_wallet").reindex(
        plan.index, fill_value=False
    )
    lists["loss-making: review prices or terms"] = plan["profit"] <= 0
action_lists = pd.DataFrame(
    {
        "customers": {name: int(rows.sum()) for name, rows in lists.items()},
        "revenue_share": {
            name: round(plan.loc[rows, "revenue"].sum() / plan["revenue"].sum(), 3)
            for name, rows in lists.items()
        },
    }
).rename_axis("list")
action_lists

# %% [markdown]
# ## Step 7. The recommendation (一页纸建议)
#
# The page below is written by the notebook from the tables above. Read it as the sales
# director would, then check each number against the step it comes from.

# %%
grade_a, grade_c = by_grade.loc["A"], by_grade.loc["C"]
rescue = action_lists.loc["rescue first: A and B customers at risk"]
value_name = "profit" if has_cost else "revenue"
conc = "concentrated" if top_decile_share >= 0.3 else "fairly evenly spread"
signals = ["gone quiet or buying much less"]
signals += ["unhappy in the survey"] if has_survey else []
signals += ["repeated complaints"] if has_complaints else []


def pct(share):
    """A share as a percentage, with a decimal when it is small but not zero."""
    return f"{share:.1%}" if 0 < share < 0.01 else f"{share:.0%}"


page = [
    f"### Where to put service resources: {tables.name}, the {period_days} days to "
    f"{as_of - pd.Timedelta(days=1):%Y-%m-%d}",
    "",
    f"**Headline.** {int(grade_a['customers']):,} A customers "
    f"({grade_a['customer_share']:.0%} of the period's {len(plan):,} customers) bring "
    f"{grade_a['value_share']:.0%} of the {value_name}. They should get "
    f"**{grade_a['resource_share']:.0%} of the service resources**, "
    f"{grade_a['per_customer_vs_equal']:.1f} times an equal share per customer; C customers "
    f"get {grade_c['resource_share']:.0%} ({grade_c['per_customer_vs_equal']:.2f} times an "
    "equal share).",
    "",
    f"1. **Protect the A customers.** Dedicated account staff, regular visits and priority "
    f"handling for the {int(grade_a['customers']):,} A customers. Revenue is {conc}: the top tenth "
    f"of customers brings {top_decile_share:.0%} of the period's revenue.",
    f"2. **Rescue first, grow second.** {int(rescue['customers']):,} A and B customers "
    f"({pct(rescue['revenue_share'])} of revenue) show a warning sign ({', '.join(signals)}). "
    "Their account managers call each of them, the A customers and the biggest first, "
    "before any growth campaign.",
]
if has_complaints:
    n_complain = int(action_lists.loc["repeated complaints: solve fast (any grade)", "customers"])
    page.append(
        f"3. **Close the complaints.** {n_complain:,} customers complained at least "
        f"{min_complaints} times in the period; follow the seven-step flow of lesson 05 and "
        "record what each customer asked for and what was agreed."
    )
else:
    page.append(
        "3. **Start recording complaints.** This data has no complaints table, so unhappy "
        "big customers can only be found by asking; set up the record first."
    )
if has_cost:
    grow = action_lists.loc["grow share of wallet (lesson 04)"]
    losses = action_lists.loc["loss-making: review prices or terms"]
    page.append(
        f"4. **Grow where there is room.** {int(grow['customers']):,} profitable customers "
        f"just below the very top (those who make the sales between the first "
        f"{retain_share:.0%} and {grow_share:.0%}; {grow['revenue_share']:.0%} of revenue) "
        "probably also buy from competitors: account managers spend their growth time on "
        f"winning a larger share of their purchases. {int(losses['customers']):,} customers "
        "made no profit in the period: review their prices and terms before serving them more."
    )
else:
    page.append(
        "4. **Grow where there is room.** B customers get regular visits, more when their "
        "orders stall. Without costs, loss-making customers cannot be found: collect the "
        "cost of each order line before the next plan."
    )
page.append(
    f"5. **Serve C customers efficiently.** {int(grade_c['customers']):,} C customers "
    f"({grade_c['customer_share']:.0%} of customers, {grade_c['value_share']:.0%} of the "
    f"{value_name}) get "
    "basic service through low-cost channels (online, phone, distributors), not visits."
)
caveats = []
if not has_survey:
    caveats.append("there is no survey, so false loyalty (hostages) is invisible")
if not has_cost:
    caveats.append("there are no costs, so value means revenue, not profit")
if not has_potential:
    caveats.append("there is no potential rating, so the grades look backwards only")
if history_days < 2 * period_days:
    caveats.append("the history is short, so trends are partly unknown")
page += [
    "",
    f"**Assumptions.** A/B/C cut at {pareto_cutoffs[0]:.0%}/{pareto_cutoffs[1]:.0%} of the "
    f"period's revenue"
    + (", then moved by development potential" if has_potential else "")
    + f"; {base_service:.0%} of the resources spread evenly as basic service; "
    "the rest by value. "
    + (
        "**Gaps:** " + "; ".join(caveats) + "."
        if caveats
        else "No data gaps: every table the plan uses is there."
    ),
]
display(Markdown("\n".join(page)))

# %% [markdown]
# ## How to know whether the plan works (关键绩效指标)
#
# A plan needs a few **key performance indicators** (KPIs, 关键绩效指标) that are measured
# again after each period. Three are standard in customer management: the **retention
# rate** (客户保持率: the share of last period's customers who bought again), the
# **satisfaction** score (满意度, from the survey) and the **acquisition cost** (获客成本:
# marketing and sales spend per new customer). The cell measures what this data allows.

# %%
prior = history["revenue_prior_period"] > 0
kept = prior & (history["revenue_last_period"] > 0)
kpi_table = pd.DataFrame(
    {
        "value": {
            "retention rate": f"{kept.sum() / prior.sum():.1%}"
            if prior.any()
            else "not in this data (only one period of orders)",
            "mean satisfaction (1-10)": f"{types['satisfaction'].mean():.2f}"
            if has_survey
            else "not in this data (no survey)",
            "acquisition cost per new customer": "not in this data (needs marketing spend)",
        }
    }
).rename_axis("KPI")
kpi_table

# %% [markdown]
# The retention rate is measured on the customers who bought in the period before the
# planning period; if the plan works, it rises next time, above all among A and B
# customers. Acquisition cost needs the marketing and sales spend, which order data does
# not hold; it matters because winning a new customer usually costs several times as
# much as keeping one (the course's opening argument for grading).
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
# 3. Which single missing table (costs, survey, potential, complaints) would change the
#    recommendation most if it were added, and why?
# 4. The plan is for next year but built on last year's data. Which customers is it most
#    likely to get wrong, and how would you check after three months (dynamic segmentation,
#    动态细分)?
# 5. Acquiring a new customer costs several times as much as keeping one. Where in this
#    page would you put the budget for new customers (the leads), and why?
#
# ## Summary
#
# - The course's steps form one pipeline: **check** the data, **profile** the customers,
#   **grade** them, read the **deciles**, look at **loyalty**, then **decide**.
# - A service plan has two parts: a split of the resources by grade (how much) and action
#   lists (who): protect, rescue, close complaints, grow, serve efficiently. In the words of
#   the source material: successful companies focus on successful customers.
# - The page is generated from the numbers and lists its assumptions and gaps, so it stays
#   true on other data and can be defended.
#
# **Next:** the exercise `exercises/06_case_study.ipynb` asks you to run the same analysis
# on another company (another parameter file) and defend your own recommendation.
