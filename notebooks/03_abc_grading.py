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
# - grade by share of revenue (the Pareto or 80/20 rule, 二八法则) and pick out the VIP
#   customers (the top 1%);
# - move customers between grades by their development potential (发展潜力);
# - place customers in the five tiers of the bank example (blue, green, red, transfer,
#   exit) and know the service rule of each;
# - read the customer-count pyramid (客户数量金字塔) beside the profit inverted pyramid
#   (客户利润倒金字塔), and criticise a resource-allocation table;
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
abc_thresholds = None  # (A, B) fixed amounts per period; None: derived from the data
pareto_cutoffs = (0.80, 0.95)  # ABC by cumulative share of revenue: A up to 80%, B up to 95%, C the rest
vip_share = 0.01  # VIP: the top 1% of customers by revenue
blue_share = 0.05  # five tiers, blue: the top 5% by profit
green_share = 0.20  # five tiers, green: the rest of the top 20%
current_plan = {"A": 0.25, "B": 0.35, "C": 0.40}  # today's share of sales hours per grade
base_service = 0.20  # share of resources spread evenly: every customer's basic service

# %%
import math

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from helpers import glossary, grading, lesson, plots, profiling, theme

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
period_start = max(as_of - pd.Timedelta(days=period_days), orders["order_date"].min().normalize())
in_period = orders[orders["order_date"] >= period_start]
customers = profiling.customer_summary(in_period, as_of=as_of)
print(
    f"grading period {period_start:%Y-%m-%d} to {as_of - pd.Timedelta(days=1):%Y-%m-%d}: "
    f"{len(customers):,} customers, revenue {customers['monetary'].sum():,.0f}"
)

# %%
if tables.has_cost:
    note = "The data has costs, so every grade below is also measured by **profit**."
else:
    note = (
        "**This data has no cost column**, so profit is unknown. The sections on profit "
        "(the profit pyramid, the five tiers) say so and show what revenue alone can tell; "
        "no cost is invented."
    )
display(Markdown(note))

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
largest = customers["monetary"].max()
textbook_a = int((textbook["grade"] == "A").sum())
verdict = (
    "every customer falls into the same grade, so the grading says nothing"
    if textbook["grade"].nunique() == 1
    else f"{textbook_a:,} customers are A"
)
display(
    Markdown(
        f"The largest customer bought {largest:,.0f} in the period; with the textbook's "
        f"amounts {verdict}. The amounts have to come from this market's own data."
    )
)

# %% [markdown]
# **How to choose the amounts for a market.** Start from the distribution of the
# customers' revenue, find where the grades *should* start (here: where the top
# customers reach 80% and 95% of revenue, the Pareto cut-offs of section 2), and round
# those revenues to one significant figure, so that the rule is easy to remember
# ("A buys 10,000 or more a year"). The function below does exactly that; it never
# needs an amount typed in for a particular data set.


# %%
def round_to_one_figure(amount: float) -> float:
    """An amount rounded to one significant figure: 13,358 -> 10,000; 3,093 -> 3,000."""
    if amount <= 0:
        return 0.0
    return float(round(amount, -math.floor(math.log10(amount))))


def thresholds_from_cutoffs(values: pd.Series, cutoffs) -> tuple[float, ...]:
    """For each cumulative-share cut-off, the rounded revenue of the customer where it is crossed."""
    ranked = values.sort_values(ascending=False)
    before = ranked.cumsum().shift(fill_value=0) / ranked.sum()
    return tuple(round_to_one_figure(ranked[before < c].iloc[-1]) for c in cutoffs)


if abc_thresholds is None:
    abc_thresholds = thresholds_from_cutoffs(customers["monetary"], pareto_cutoffs)
print("fixed thresholds (A, B):", ", ".join(f"{t:,.0f}" for t in abc_thresholds))

# %%
by_amount = grading.abc_grade_by_threshold(customers, thresholds=abc_thresholds)
by_amount.head()

# %% [markdown]
# The same grades in plain pandas: `pd.cut` puts each revenue into a bin whose edges
# are the thresholds (bins closed on the left: exactly the threshold is already the
# higher grade). Both must agree.

# %%
edges = [-math.inf, abc_thresholds[1], abc_thresholds[0], math.inf]
plain = pd.cut(customers["monetary"].round(2), edges, right=False, labels=["C", "B", "A"])
pd.testing.assert_series_equal(
    plain.astype(str).sort_index(),
    by_amount["grade"].astype(str).sort_index(),
    check_names=False,
)
print("fixed-amount grades: helper and plain pandas agree")

# %% [markdown]
# ## 2. Grading by share of revenue: the Pareto rule (二八法则)
#
# Vilfredo Pareto noticed in 1897 that a small part of the population held most of the
# wealth; marketers later found the same pattern in buying (in one study about a quarter
# of adult men drank four fifths of the beer). **Pareto grading** ranks customers by revenue, largest
# first, and adds up their shares: the customers who together make the first 80% are A,
# those up to 95% are B, the rest C. Unlike fixed amounts, this adapts to any market, but
# a customer's grade now also depends on everybody else.

# %%
pareto = grading.abc_grade_by_share(customers, cutoffs=pareto_cutoffs)
pareto.head()

# %% [markdown]
# In plain pandas: sort, take the running total, and grade each customer by the share of
# the customers **before** it (so the customer who crosses 80% is still A).

# %%
plain = customers["monetary"].round(2).sort_values(ascending=False)
share_before = (plain.cumsum() - plain) / plain.sum()
plain_grade = pd.cut(share_before, [-1, *pareto_cutoffs, 2], right=False, labels=["A", "B", "C"])
pd.testing.assert_series_equal(
    plain_grade.astype(str).sort_index(),
    pareto["grade"].astype(str).sort_index(),
    check_names=False,
)
print("Pareto grades: helper and plain pandas agree")

# %%
ax = plots.pareto_chart(pareto, mark=pareto_cutoffs[0], lang=lang)
plt.show()

# %% [markdown]
# **What the chart shows.** Bars are the customers, largest first; the black line is
# their cumulative share of revenue. The dashed line marks 80% and the dotted line where
# the customers reach it: everything left of it is grade A. The steeper the curve rises
# at the left, the more the business depends on a few customers.

# %%
summary = pareto.groupby("grade", observed=False).agg(
    customers=("value", "size"), revenue=("value", "sum"), smallest=("value", "min")
)
summary["customer_share"] = (summary["customers"] / summary["customers"].sum()).round(3)
summary["revenue_share"] = (summary["revenue"] / summary["revenue"].sum()).round(3)
summary[["revenue", "smallest"]] = summary[["revenue", "smallest"]].round(0)
summary

# %%
comparison = pd.crosstab(
    pareto["grade"].rename("Pareto grade"), by_amount["grade"].rename("fixed-amount grade")
)
agree = (pareto["grade"].astype(str) == by_amount["grade"].reindex(pareto.index).astype(str)).mean()
print(f"the two gradings agree for {agree:.0%} of customers")
comparison

# %% [markdown]
# The fixed amounts were derived from the Pareto cut-offs, so the two gradings mostly
# agree; they differ only for customers between the exact and the rounded amounts. Next
# year they will drift apart: the fixed amounts stay put while the Pareto cut-offs move
# with the customers. Many companies use Pareto grading to *find* amounts once, then
# keep fixed amounts for a few years so that sales staff know the rules.
#
# ## 3. The VIP customers: the top 1% (VIP客户)
#
# A grade above A: the top `vip_share` of customers by revenue. With a few thousand
# customers these are a handful of names that top management should know personally.

# %%
vip = grading.grade_by_rank(customers, top=(vip_share,), labels=("VIP", "other"))
vip_list = vip[vip["grade"] == "VIP"]
vip_list = vip_list.assign(share=vip_list["value"] / customers["monetary"].sum())
vip_list[["value", "rank", "share"]].round(3)

# %%
n_vip = math.ceil(vip_share * len(customers))
plain_vip = customers["monetary"].round(2).sort_values(ascending=False, kind="stable").head(n_vip)
assert set(plain_vip.index) == set(vip_list.index)
vip_revenue_share = vip_list["value"].sum() / customers["monetary"].sum()
print(
    f"{len(vip_list)} VIP customers ({len(vip_list) / len(customers):.1%} of customers) "
    f"bring {vip_revenue_share:.1%} of the period's revenue"
)

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
if has_potential:
    regraded = grading.regrade_by_potential(pareto, tables.customers)
    moves = pd.crosstab(regraded["base_grade"], regraded["grade"])
    display(moves)
else:
    regraded = pareto.assign(base_grade=pareto["grade"], change="same")
    display(
        Markdown(
            "**This data has no potential rating** (no `potential` column in the customer "
            "table), so the grades stay as they are. A company that wants this step asks its "
            "sales staff to rate each customer's potential as high, medium or low."
        )
    )

# %%
changes = regraded["change"].value_counts().reindex(["up", "same", "down"], fill_value=0)
print(
    f"moved up: {changes['up']:,}; kept their grade: {changes['same']:,}; "
    f"moved down: {changes['down']:,}"
)

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
# | A (with the VIP) | a dedicated account manager, regular visits, discounts and favourable terms, complaints handled first; watch their finances and staff changes closely |
# | B | regular visits by the sales team; more attention as soon as their orders stagnate or move to competitors |
# | C | standard service at low cost (online, phone, self-service); they tend to be less loyal, pay late, order little and ask a lot, so effort must be earned |
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
# In the course helpers: exit = profit ≤ 0; blue = the top `blue_share` of customers by
# profit or by revenue; green = the rest of the top `green_share`; the other profitable
# customers are red when they are loyal (at least the median number of orders) and
# transfer otherwise.

# %%
if tables.has_cost:
    tiers = grading.five_tier_grades(customers, blue=blue_share, green=green_share)
    tier_table = grading.pyramid_table(tiers, grade="tier", value="profit")
    display(tier_table.round(3))
else:
    tiers = None
    display(
        Markdown(
            "**The five tiers need profit**, and this data has no costs: the tiers cannot be "
            "drawn. Revenue alone would put a loss-making customer in the blue tier; the bank "
            "example exists precisely to catch such customers."
        )
    )

# %%
if tiers is not None:
    ax = plots.abc_summary_chart(
        tiers, grade="tier", revenue="revenue", profit="profit", palette="tier", lang=lang
    )
    plt.show()

# %% [markdown]
# **What the chart shows** (with cost data). Each column adds up to 100%: the share of
# customers, of revenue and of profit in each tier. The exit tier is drawn *below* zero
# in the profit column when it loses money: these customers eat part of the profit the
# others make.
#
# ## 6. The customer-count pyramid and the profit inverted pyramid (金字塔与倒金字塔)
#
# Put the Pareto grades of section 2 (from revenue alone, before the potential rule) one
# above the other, A on top. Counted in **customers**, the picture is
# a pyramid: few A customers, many C. Counted in **profit** (or revenue), it turns upside
# down: most of the profit sits at the top. The two pictures side by side are the whole
# argument for grading.

# %%
measure = "profit" if tables.has_cost else "revenue"
pyramid = grading.pyramid_table(pareto, value="profit" if tables.has_cost else "value")
pyramid.round(3)

# %%
fig = plots.pyramid_chart(pyramid, measure=measure, lang=lang)
plt.show()

# %%
top, bottom = pyramid.index[0], pyramid.index[-1]
inverted = pyramid["value_share"].iloc[0] > pyramid["customer_share"].iloc[0]
display(
    Markdown(
        f"**What the chart shows.** Grade {top} holds "
        f"{pyramid['customer_share'].iloc[0]:.0%} of the customers (left) but "
        f"{pyramid['value_share'].iloc[0]:.0%} of the {measure} (right); grade {bottom} holds "
        f"{pyramid['customer_share'].iloc[-1]:.0%} of the customers and "
        f"{pyramid['value_share'].iloc[-1]:.0%} of the {measure}. "
        + (
            f"The {measure} picture is the count pyramid turned upside down."
            if inverted
            else "Here the top grade's share of value is not above its share of customers: "
            "the pyramid is not inverted, which is unusual and worth a closer look."
        )
    )
)

# %% [markdown]
# ## 7. The resource-allocation table (资源分配表)
#
# Grades pay off only when effort follows them. A classic exercise shows a table like the
# one below: each grade with its share of customers, revenue, profit and **resources**
# (here the sales team's hours, `current_plan`), and asks *what is wrong with this table
# and how should it be adjusted?* `resource_per_revenue` is the share of resources
# divided by the share of revenue: 1 means effort in line with value, above 1 the grade
# is over-served, below 1 under-served.

# %%
allocation = grading.resource_allocation_table(regraded, current_plan)
allocation.round(3)

# %%
hours_label = {"en": "share of sales hours", "zh": "销售工时占比"}[lang]
comparison = allocation[["revenue_share", "resource_share"]].set_axis(
    [glossary.label("revenue_share", lang), hours_label], axis=1
)
ax = comparison.plot.bar(color=[theme.METRIC_COLORS["revenue"], theme.METRIC_COLORS["cost"]])
ax.yaxis.set_major_formatter(theme.percent_formatter())
ax.set_xlabel(glossary.label("grade", lang))
ax.set_ylabel(glossary.label("share", lang))
ax.set_title({"en": "Where the value is and where the effort goes", "zh": "价值与投入"}[lang])
ax.tick_params(axis="x", rotation=0)
plt.show()

# %%
worst = allocation["resource_per_revenue"].idxmax()
least = allocation["resource_per_revenue"].idxmin()
display(
    Markdown(
        f"**What is wrong.** Grade {worst} gets "
        f"{allocation.loc[worst, 'resource_share']:.0%} of the hours for "
        f"{allocation.loc[worst, 'revenue_share']:.0%} of the revenue "
        f"({allocation.loc[worst, 'resource_per_revenue']:.1f} times its share), while grade "
        f"{least} gets {allocation.loc[least, 'resource_share']:.0%} of the hours for "
        f"{allocation.loc[least, 'revenue_share']:.0%} of the revenue "
        f"({allocation.loc[least, 'resource_per_revenue']:.2f} times). "
        + (
            "The plan spreads effort by head count, not by value: the best customers are "
            "under-served, and they are the ones competitors court."
            if least == allocation.index[0]
            else "Effort and value are out of line: the grades that bring the value should "
            "not get the smallest share of the effort."
        )
    )
)

# %% [markdown]
# **How to adjust it.** Give every customer a basic service (`base_service` of the hours,
# spread by head count) and let the rest follow value (profit when it is known, else
# revenue). Potential is already in the grades through section 4. The adjusted plan
# below is computed, not typed in, so it follows the data.

# %%
value_share = allocation["profit_share"] if tables.has_cost else allocation["revenue_share"]
adjusted_plan = base_service * allocation["customer_share"] + (1 - base_service) * value_share
adjusted = grading.resource_allocation_table(regraded, adjusted_plan.to_dict())
pd.DataFrame(
    {
        "current hours share": allocation["resource_share"],
        "adjusted hours share": adjusted["resource_share"],
        "revenue share": adjusted["revenue_share"],
        "adjusted per revenue": adjusted["resource_per_revenue"],
    }
).round(3)

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
# per period) and compare. When the data does not cover two full periods, the
# notebook splits what it has into two equal halves and says so.

# %%
data_start = orders["order_date"].min().normalize()
length = min(pd.Timedelta(days=period_days), (as_of - data_start) / 2).floor("D")
middle, first_start = as_of - length, as_of - 2 * length
earlier = orders[(orders["order_date"] >= first_start) & (orders["order_date"] < middle)]
later = orders[orders["order_date"] >= middle]
grades_before = grading.abc_grade_by_share(
    profiling.customer_summary(earlier, as_of=middle), cutoffs=pareto_cutoffs
)
grades_after = grading.abc_grade_by_share(
    profiling.customer_summary(later, as_of=as_of), cutoffs=pareto_cutoffs
)
print(
    f"two periods of {length.days} days each: {len(grades_before):,} customers bought in the "
    f"earlier one, {len(grades_after):,} in the later one"
)
if length < pd.Timedelta(days=period_days):
    print("(the data is too short for two full grading periods: it is split in two halves)")

# %%
migration = grading.grade_migration(grades_before, grades_after)
migration

# %%
last_day = pd.Timedelta(days=1)
ax = plots.migration_heatmap(
    migration,
    before=f"{first_start:%Y-%m-%d} – {middle - last_day:%Y-%m-%d}",
    after=f"{middle:%Y-%m-%d} – {as_of - last_day:%Y-%m-%d}",
    lang=lang,
)
plt.show()

# %% [markdown]
# **How to read it.** Rows are the grades of the earlier period, columns the later one.
# The outlined diagonal holds the customers who kept their grade. Above it (right of the
# diagonal) customers fell; below it they moved up. The row "new" holds customers who
# bought only in the later period, the column "lost" those who bought only in the
# earlier one.

# %%
rank = {g: i for i, g in enumerate(["A", "B", "C"])}
joined = pd.concat(
    [grades_before["grade"].rename("before"), grades_after["grade"].rename("after")], axis=1
)
joined = joined.astype(object).fillna("none")  # "none": no purchase in that period
steps = joined["before"].map(rank) - joined["after"].map(rank)
moved_up = joined[steps > 0]
fell = joined[steps < 0]
lost_a = joined[(joined["before"] == "A") & (joined["after"] == "none")]
new_a = joined[(joined["before"] == "none") & (joined["after"] == "A")]
moves_table = pd.Series(
    {
        "moved up": len(moved_up),
        "fell": len(fell),
        "A customers lost (no purchase in the later period)": len(lost_a),
        "new customers straight into A": len(new_a),
    },
    name="customers",
)
assert moves_table["moved up"] == sum(
    migration.loc[b, a] for b in rank for a in rank if rank[a] < rank[b]
)
assert len(lost_a) == migration.loc["A", "lost"] and len(new_a) == migration.loc["new", "A"]
moves_table.to_frame()

# %%
fell_from_a = grades_before.loc[fell[fell["before"] == "A"].index, "value"].sum()
display(
    Markdown(
        f"**What to do.** {len(moved_up):,} customers moved up: find out why (a new project, "
        f"a competitor's failure, our own campaign) and give them the service of their new "
        f"grade before they notice they lack it. {len(fell):,} customers fell, "
        f"{int((fell['before'] == 'A').sum()):,} of them from A (they had bought "
        f"{fell_from_a:,.0f} in the earlier period): these are the first calls for the "
        f"account managers, because a falling A customer is often moving business to a "
        f"competitor. {len(lost_a):,} A customers bought nothing in the later period: a "
        "win-back case each."
    )
)

# %% [markdown]
# ## What this means for the business

# %%
a_row = pareto[pareto["grade"] == "A"]
a_share = len(a_row) / len(pareto)
rule_holds = 0.1 <= a_share <= 0.3
lines = [
    f"- {a_share:.0%} of the customers bring {pareto_cutoffs[0]:.0%} of the revenue: "
    + (
        "the 80/20 rule holds roughly in this data."
        if rule_holds
        else (
            "revenue is even more concentrated than the 80/20 rule says."
            if a_share < 0.1
            else "revenue is spread more evenly than the 80/20 rule says."
        )
    ),
    f"- The {len(vip_list)} VIP customers alone bring {vip_revenue_share:.0%} of the revenue; "
    "each deserves a named account manager.",
    f"- Fixed grading amounts for this market, rounded from the data: A from "
    f"{abc_thresholds[0]:,.0f}, B from {abc_thresholds[1]:,.0f} a period.",
]
if has_potential:
    lines.append(
        f"- The potential rating moves {changes['up']:,} customers up and "
        f"{changes['down']:,} down: the grades now look forward, not only back."
    )
if tiers is not None:
    exit_tier = tier_table.loc["exit"]
    lines.append(
        f"- {int(exit_tier['customers']):,} customers ({exit_tier['customer_share']:.0%}) "
        "are in the exit tier: together they "
        + (
            f"lose {-exit_tier['value']:,.0f}; the other tiers pay for them."
            if exit_tier["value"] < 0
            else "make no profit."
        )
    )
else:
    lines.append("- Without costs, no statement about profit is possible: collect costs first.")
lines.append(
    f"- Today's plan gives grade {worst} {allocation.loc[worst, 'resource_per_revenue']:.1f} "
    f"times its share of revenue in hours; the adjusted plan brings effort in line with value."
)
lines.append(
    f"- Between the two periods {len(moved_up):,} customers moved up and {len(fell):,} fell; "
    "grading must be re-run every period."
)
display(Markdown("\n".join(lines)))

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
#
# ## Summary
#
# - Grading (客户分级) sorts customers by value to decide where effort goes; segmentation
#   (客户细分) sorts them by who they are.
# - Fixed amounts are simple and stable but belong to one market; derive them from the
#   data (here: the Pareto cut-offs rounded to one figure). Pareto grading by cumulative
#   share adapts automatically. The VIPs are the top 1%.
# - Potential (发展潜力) turns a backward-looking grade into a forward-looking one.
# - The five tiers judge by profit and name a service rule for each tier, including exit.
# - The count pyramid and the profit inverted pyramid show why equal treatment wastes
#   effort; the resource-allocation table shows whether effort follows value.
# - Grades move (动态细分): compare periods, call the fallers, welcome the risers.
#
# **Exercise:** `exercises/03_abc_grading.ipynb` asks you to find the VIP customers with
# ABC grading, to choose a Pareto cut-off, to criticise a resource-allocation table and
# to track grade migration.
