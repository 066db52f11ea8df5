# %% [markdown]
# # Lesson 05 · Loyalty classification (客户忠诚度分析)
#
# Grading (lesson 03) and deciles (lesson 04) say how much a customer is worth. This
# lesson asks a different question: **will the customer stay, and why?** Two customers
# with the same revenue can be very different risks: one buys from us because it likes
# us, the other because it has no choice yet.
#
# Loyalty can be read in two ways, and the lesson uses both:
#
# - **behaviour** (行为忠诚): what customers do, read from the orders: how long and how
#   often they buy, whether they are still active and growing. Every company has this.
# - **attitude** (态度忠诚): what customers say, read from a survey that asks for
#   satisfaction (满意度) and loyalty (忠诚度) on a 1-10 scale. Only companies that ask
#   have it.
#
# **Learning goals**
#
# - sort customers and prospects into the six **behavioural loyalty classes**;
# - place surveyed customers in the **satisfaction x loyalty matrix** (忠诚矩阵) and
#   name its six types: apostle, loyalist, hostage, mercenary, defector, terrorist;
# - see how much the type counts depend on the cut-offs you choose (sensitivity);
# - say what to do with each type, in particular with hostages and terrorists;
# - place customers on the **relationship continuum** (关系连续体) and test the
#   textbook's claim that loyalty rises with closeness;
# - follow the **complaint-handling flow** (投诉处理流程) and use the complaints data
#   to see where it breaks.

# %% tags=["parameters"]
# Parameters (a re-run can replace any of these, e.g. with a file in datasets/params/).
data_source = "course"  # "course", a variant such as "course:seed7", "online_retail", a file or a folder
column_mapping = None  # None, a dict or a YAML/TOML file {your header: course column}
data_options = None  # None or a dict of data options (sheet, decimal mark, cleaning rules...)
as_of = None  # "YYYY-MM-DD", the first day NOT analysed; None: the day after the last order
lang = "en"  # "en" or "zh": the language of the reports and charts
seed = 42  # for anything random shown for display
# behavioural classes
period_days = 365  # the analysis period: the last period_days days before as_of
long_term_days = 365  # long-term: at least this many days since the first order ...
min_orders = 3  # ... and at least this many orders
dormant_after_days = 180  # no order for more than this many days: dormant
declining_below = -0.30  # revenue trend (this period / previous period - 1) below this: losing value
lead_window_days = 365  # leads created in this many days before as_of may still convert
# satisfaction x loyalty matrix (survey answers on a 1-10 scale)
satisfaction_cuts = (4, 7)  # satisfaction below the first is low, from the second up high
loyalty_cut = 7  # loyalty answers from this up are high loyalty
apostle_min = 9  # an apostle answers at least this on both questions
# relationship continuum
close_min_orders = 12  # long-term, active and at least this many orders: a close relationship
min_loyalty_rise = 0.5  # loyalty rises with closeness only by more than this (points on the 1-10 scale)
# complaints
complaint_window_days = 365  # complaints of this many days before as_of count for the priority list
big_top = 0.20  # big customers: the top 20% by revenue
min_complaints = 2  # repeated complaints: at least this many in the period

# %%
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display

from helpers import glossary, lesson, loyalty, plots, profiling
from helpers.i18n import tr
from helpers.readings import loyalty as reading
from helpers.readings import plan as plan_reading
from helpers.text import show

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of, orders = run.tables, run.as_of, run.orders

# %% [markdown]
# One row per customer with orders before the as-of date (lesson 02): how long it has
# bought (`tenure_days`), how often (`frequency`), whether it is `active` or `dormant`,
# and its revenue `trend` (the last `period_days` against the ones before).

# %%
summary = run.customer_summary(period_days=period_days, dormant_after_days=dormant_after_days)
summary[["tenure_days", "frequency", "status", "trend", "monetary"]].head()

# %% [markdown]
# The survey, the complaints and the leads are optional tables: a company that never
# ran a survey has no survey table, and a table may lack a column (a survey without
# dates, complaints without reasons). The lesson keeps what was known before the as-of
# date and says which parts this data can feed.

# %%
inputs = loyalty.known_before(tables, as_of)
show(reading.data_inventory(inputs, order_lines=run.line_count, lang=lang))

# %% [markdown]
# Loading the data may also have raised warnings (a survey whose customers are not
# among the buyers, answers rescaled from another scale, ids that do not join). They
# are listed here, because they change how far the numbers below can be trusted.

# %%
show(plan_reading.data_warnings(tables.problems, lang=lang))

# %% [markdown]
# ## 1. Behavioural loyalty: six classes (行为忠诚度的六类)
#
# The orders answer two questions about every customer:
#
# 1. **Long-term or occasional?** A customer is *long-term* (长期客户) when it has bought
#    for at least `long_term_days` days (from its first order to the as-of date) **and**
#    placed at least `min_orders` orders. Everyone else is *occasional* (偶尔购买).
# 2. **Heading up or down?** A customer is *positive* when it is still active (ordered
#    in the last `dormant_after_days` days) **and** it is not losing value: its revenue
#    trend (the last `period_days` against the ones before, minus 1) is not below
#    `declining_below`. The default, -0.30, means "revenue fell by more than 30%", the
#    same rule as the *losing value* group of lesson 04. A customer with nothing in the
#    earlier period has no trend and counts as positive.
#
# Crossing the two gives four classes of customers. Prospects who have never bought,
# the **leads** (潜在客户线索), give the last two, the **non-users** (非用户): a lead
# from the last `lead_window_days` days may still convert, an older one probably will not.
#
# | class | who | what it asks of us |
# |---|---|---|
# | long-term loyal, will stay (长期忠诚、会继续购买) | long-term, positive | keep serving well |
# | long-term, may switch (长期客户、可能转换品牌) | long-term, not positive | find out why, act |
# | occasional, may buy more (偶尔购买、激励下会多买) | occasional, positive | the right incentive |
# | occasional, may buy less (偶尔购买、对手激励下会少买) | occasional, not positive | low effort |
# | non-user, may convert (非用户、可能成为客户) | open lead, recent | follow up |
# | non-user, unlikely (非用户、不会购买) | open lead, old | stop spending |
#
# The source material names the six classes but gives no rule for them; the rules
# above are the course's way of making them precise, and every threshold is a parameter.

# %%
classes = loyalty.behavioural_loyalty_classes(
    summary,
    inputs.leads,
    as_of=as_of,
    long_term_days=long_term_days,
    min_orders=min_orders,
    declining_below=declining_below,
    lead_window_days=lead_window_days,
)
classes["loyalty_class"].value_counts(sort=False).to_frame("parties")

# %% [markdown]
# The same rule for the customers in plain pandas, as a check that the helper does
# what the words say (`np.select` picks the first condition that holds):

# %%
long_term = (summary["tenure_days"] >= long_term_days) & (summary["frequency"] >= min_orders)
positive = (summary["status"] == "active") & ~(summary["trend"] < declining_below)
plain_classes = np.select(
    [long_term & positive, long_term, positive],
    ["loyal_will_stay", "loyal_may_switch", "occasional_may_buy_more"],
    default="occasional_may_buy_less",
)

# %%
helper_classes = classes.loc[summary.index, "loyalty_class"].astype(str)
assert (helper_classes.to_numpy() == plain_classes).all()
print(tr("plain pandas and the helper agree on all {n:,} customers", lang, domain="lessons",
         n=len(summary)))  # fmt: skip

# %% [markdown]
# A class needs history: nobody can be long-term in data shorter than `long_term_days`.

# %%
history_days = (as_of - run.first_order).days
show(reading.short_history(history_days, long_term_days=long_term_days, lang=lang))

# %% [markdown]
# How many customers fall in each class, and how much of the revenue and profit do they
# bring? Customers and leads are counted apart: `share` is a class's share of the
# customers, or for a non-user class its share of the open leads. Leads have bought
# nothing, so they have no revenue.

# %%
class_table = loyalty.behavioural_class_table(classes, summary)
class_table.round(3)

# %%
ax = plots.behavioural_class_chart(class_table, lang=lang)
plt.show()

# %% [markdown]
# **What the chart shows.** Each customer class has two bars: its share of the customers
# (grey) and its share of their revenue (blue); each non-user class has one bar, its
# share of the open leads (purple). The legend gives both counts, so no bar mixes
# customers with leads. Where the revenue bar is much longer than the customer bar, a
# few customers carry a lot of business: those are the classes whose movement matters
# most.

# %%
show(reading.class_summary(class_table, declining_below=declining_below, lang=lang))

# %%
show(reading.leads_summary(class_table, inputs, lang=lang))

# %% [markdown]
# ## 2. Attitude: the satisfaction x loyalty matrix (忠诚矩阵)
#
# Behaviour shows *that* a customer buys, not *why*. A survey asks two questions,
# each answered from 1 to 10: *How satisfied are you with us?* (satisfaction, 满意度)
# and *How likely are you to keep buying from us?* (loyalty, 忠诚度). Such a survey is
# run by questionnaire, by phone or online (问卷、电话、网上调查); each method reaches
# different customers, and unhappy customers answer less often, so the surveyed customers
# are a sample, not everyone. Cutting both answers gives six types:
#
# | | satisfaction low | medium | high |
# |---|---|---|---|
# | **loyalty high** | hostage 不自主者 | hostage 不自主者 | loyalist 忠诚者; apostle 热心追随者 when both answers are very high |
# | **loyalty low** | terrorist 恐惧分子 | defector 背叛者 | mercenary 唯利是图者 |
#
# - **Apostle** (热心追随者): delighted and super loyal; recommends us to others.
# - **Loyalist** (忠诚者): satisfied and loyal; steady, and forgives an occasional mistake.
# - **Hostage** (不自主者): stays although unhappy, because it cannot leave yet (a
#   contract, a sole supplier, switching costs). This is *false loyalty* (虚假忠诚).
# - **Mercenary** (唯利是图者): satisfied, yet not loyal: buys wherever it is cheapest
#   or most convenient.
# - **Defector** (背叛者): lukewarm and leaving; often a former loyalist let down too many
#   times (*reverse loyalty*).
# - **Terrorist** (恐惧分子): angry and leaving, and tells others; often a former
#   apostle disappointed beyond repair (*anti-loyalty*).
#
# Where to draw the lines is **the analyst's choice**: the source material does not fix
# them. This lesson uses `satisfaction_cuts`, `loyalty_cut` and `apostle_min` from the
# parameters cell, and section 3 shows what changes when they move. With several answers
# per customer, the latest answer counts; a survey without dates is read as one wave.
# Answers on another scale (0-5, 1-7...) are rescaled to 1-10 when the data is loaded.

# %%
cuts = dict(satisfaction_cuts=satisfaction_cuts, loyalty_cut=loyalty_cut, apostle_min=apostle_min)
regions = loyalty.matrix_regions(**cuts)
regions

# %% [markdown]
# The table is the rule itself: each type holds the answers from its `_from` values up
# to (not including) its `_to` values; the apostles' corner lies inside the loyalists'
# region and takes precedence. The helper types every surveyed customer by it.

# %%
has_survey = inputs.survey is not None
if has_survey:
    types = loyalty.loyalty_matrix_types(inputs.survey, **cuts)
    display(types.sample(min(5, len(types)), random_state=seed).sort_index())
else:
    types = None
    show(reading.survey_missing(inputs, lang=lang))

# %% [markdown]
# Are the surveyed customers the buyers of the order data? Only then can their answers
# be set beside their orders.

# %%
if has_survey:
    coverage = loyalty.survey_coverage(types, summary)
    show(reading.survey_match(coverage, lang=lang))

# %% [markdown]
# The same rule in plain pandas, and a check that it gives the same type to every
# surveyed customer:

# %%
if has_survey:
    sat, loy = types["satisfaction"], types["loyalty"]
    high = loy >= loyalty_cut
    very = high & (sat >= satisfaction_cuts[1]) & (sat >= apostle_min) & (loy >= apostle_min)
    plain_types = np.select(
        [very, high & (sat >= satisfaction_cuts[1]), high, sat >= satisfaction_cuts[1],
         sat >= satisfaction_cuts[0]],
        ["apostle", "loyalist", "hostage", "mercenary", "defector"],
        default="terrorist",
    )  # fmt: skip
    assert (plain_types == types["loyalty_type"].astype(str)).all()
    print(tr("plain pandas and the helper agree on all {n:,} surveyed customers", lang,
             domain="lessons", n=len(types)))  # fmt: skip

# %% [markdown]
# The map below draws the matrix: six coloured regions, one per type (from the rule
# table above), and one dot per surveyed customer at its pair of answers (spread a
# little, with a fixed seed, so that customers who gave the same answers stay visible).
# With more than 2,000 surveyed customers the map draws a seeded random sample and says
# so under the chart; the counts in the labels are always of everyone.

# %%
if has_survey:
    ax = plots.loyalty_map(types, regions=regions, seed=seed, lang=lang)
    plt.show()

# %% [markdown]
# **What the chart shows.** The top band (high loyalty) holds hostages on the left,
# loyalists on the right and the apostles in the top-right corner; the bottom band (low
# loyalty) holds terrorists, defectors and mercenaries from left to right; each label
# gives the number of customers in the region. Dense columns and rows show where the
# answers pile up. Answers that sit right on a border are the ones a different cut-off
# would move into another type: keep them in mind for section 3.
#
# What are the types worth? The table joins each surveyed customer's type with its
# revenue and profit (the whole history before the as-of date).

# %%
if has_survey:
    type_table = loyalty.loyalty_type_table(types, summary)
    display(type_table.round(3))
else:
    type_table = None

# %%
if has_survey:
    ax = plots.abc_summary_chart(type_table, palette="loyalty", lang=lang)
    plt.show()

# %% [markdown]
# **What the chart shows.** Stacked columns: how the surveyed customers, their revenue
# and (when costs are known) their profit split between the six types. A type whose
# revenue slice is much wider than its customer slice is made of big customers, so its
# mood matters more than its headcount suggests.

# %%
if has_survey:
    show(reading.hostage_value(type_table, lang=lang))

# %% [markdown]
# ## 3. How much do the types depend on the cut-offs? (敏感性分析)
#
# A type is not a fact about a customer: it is an answer *plus* a cut-off. Move the
# loyalty cut from 7 to 6 and every customer who answered 6 jumps from the bottom band to
# the top band. The table counts the types for a range of cut-offs, one cut-off at a time
# (`loyalty_cut`, then the second satisfaction cut), the others fixed at the values of
# the parameters cell.

# %%
if has_survey:
    sensitivity = loyalty.cutoff_sensitivity(inputs.survey, **cuts)
    display(sensitivity)

# %%
if has_survey:
    chosen = {"loyalty_cut": loyalty_cut, "high_from": satisfaction_cuts[1]}
    fig = plots.sensitivity_figure(sensitivity, chosen=chosen, lang=lang)
    plt.show()

# %% [markdown]
# **What the chart shows.** Each line is one type; the dashed line marks the cut-off of
# this lesson. A flat line is a robust type: its count hardly depends on where the line
# is drawn. A steep line means many answers sit at that border, so a report that quotes
# that type's number should quote the cut-off with it.

# %%
if has_survey:
    spread = loyalty.type_count_spread(sensitivity)
    show(reading.sensitivity_summary(spread, respondents=len(types), lang=lang))
else:
    spread = None

# %% [markdown]
# ## 4. What to do with each type (各类客户的对策)
#
# The matrix is only useful if each type gets a different treatment.
#
# | type | what it means | what to do |
# |---|---|---|
# | apostle 热心追随者 | delighted, recommends us | thank them; invite referrals, reviews, pilots of new products; never take them for granted |
# | loyalist 忠诚者 | satisfied and steady | keep the service reliable; ask what would delight them; reward long relationships |
# | hostage 不自主者 | stays but unhappy, cannot leave yet | find the cause of the dissatisfaction and fix it **before** the contract ends or a rival appears; do not read their orders as approval |
# | mercenary 唯利是图者 | satisfied, buys on price | serve efficiently through low-cost channels; offers only when they pay for themselves; bundles or contracts raise the cost of switching |
# | defector 背叛者 | lukewarm and leaving | ask why (their complaints are the first place to look); fix the repeated failure; win back those worth it |
# | terrorist 恐惧分子 | angry, leaving and talking | damage control: a senior person calls, listens and solves the complaint fast; if the relationship cannot be repaired, close it fairly and politely |
#
# Hostages and terrorists are the two types that need action *now*. A hostage's revenue
# looks safe in the order book, but it leaves the day it can, and an unhappy hostage who
# is freed often turns terrorist. A terrorist costs more than its lost orders: it tells
# other customers. The textbook expects the unhappy types to have a history of
# complaints; the complaints data can check it. The table counts, for each type, the
# complaints a surveyed customer made before the as-of date and how many are still open.

# %%
has_complaints = inputs.complaints is not None
if has_survey and has_complaints:
    by_type = loyalty.complaints_by_type(types, inputs.complaints)
    display(by_type.round(2))
    show(reading.complaints_by_type_reading(by_type, lang=lang))
else:
    print(tr("survey answers and complaints are both needed to compare complaints by type",
             lang, domain="lessons"))  # fmt: skip

# %% [markdown]
# Attitude and behaviour together: the crosstab puts each surveyed customer's type
# (rows) beside its behavioural class (columns). A hostage who is still a long-term loyal
# buyer is exactly the false loyalty the matrix warns about.

# %%
if has_survey:
    attitude_vs_behaviour = loyalty.attitude_vs_behaviour(types, classes)
    display(attitude_vs_behaviour)
    show(reading.false_loyalty(attitude_vs_behaviour, lang=lang))

# %% [markdown]
# ## 5. The relationship continuum (关系连续体)
#
# Relationships range along a line: **distant** (疏远的关系: the customer buys rarely
# or has stopped), **pure transaction** (纯交易关系: regular orders, but nothing beyond
# the deal) and **close working relationship** (紧密的工作关系: long, frequent,
# active business, where both sides know each other). The course places each customer
# on the line from its orders:
#
# - distant: occasional (not long-term, see section 1) or dormant;
# - close working relationship: long-term, active and at least `close_min_orders` orders;
# - pure transaction: everyone else.
#
# **The textbook's claim:** loyalty rises from left to right. A survey is a sample, so
# mean answers always differ a little; the course counts a step as a rise only when it
# is more than `min_loyalty_rise` points **and** more than twice its standard error (the
# noise a sample of that size leaves). The claim holds when both steps rise.

# %%
stages = loyalty.relationship_stages(
    summary, long_term_days=long_term_days, min_orders=min_orders, close_min_orders=close_min_orders
)
continuum = loyalty.continuum_table(stages, summary, types)
continuum.round(2)

# %%
steps = loyalty.closeness_steps(continuum, min_rise=min_loyalty_rise) if has_survey else None
steps

# %%
measure = "mean_loyalty" if has_survey else "revenue_share"
ax = plots.continuum_chart(continuum, measure=measure, lang=lang)
plt.show()

# %%
show(reading.closeness_claim(steps, continuum, min_rise=min_loyalty_rise, lang=lang))

# %% [markdown]
# ## 6. The complaint-handling flow (投诉处理流程)
#
# A complaint is the moment a loyalist can turn defector, or a disappointed customer can
# turn apostle. The source material gives a flow of seven steps:
#
# 1. **Define the problem** (明确问题): what went wrong, on which order.
# 2. **Find out what the customer wants** (了解客户的要求): a replacement, a refund, an
#    apology, a change in how we work.
# 3. **Can we provide it, or can someone else?** (能否满足，或由他人满足)
# 4. **Agree a solution** (商定解决方案) with the customer.
# 5. **Escalate if needed** (必要时上报): to someone who can decide.
# 6. **Check that the customer is satisfied** (确认客户满意).
# 7. **Record the solution** (记录解决方案), so that the next person can learn from it.
#
# *"The secret of CRM is listening and learning, not telling and selling."*
#
# Step 7 is what makes the data: the complaints table **is** the record. Which steps does
# it actually record? The check below looks for a column for each step. (A `resolved`
# flag says that a case was closed, not that the customer was satisfied, so step 6
# needs a field of its own.)

# %%
flow = loyalty.complaint_flow(inputs.complaints)
flow.rename(index=lambda step: glossary.label(step, lang))

# %%
show(reading.flow_coverage(flow, has_complaints=has_complaints, lang=lang))

# %% [markdown]
# Which reasons come up most often, and how many are still open (`resolved` is False)?

# %%
has_reasons = has_complaints and "reason" in inputs.complaints.columns
if has_reasons:
    by_reason = loyalty.complaints_by_reason(inputs.complaints)
    display(by_reason)
else:
    by_reason = None
    show(reading.reasons_missing(inputs, lang=lang))

# %%
if has_reasons:
    ax = plots.complaint_reason_chart(by_reason, lang=lang)
    plt.show()

# %% [markdown]
# **What the chart shows.** One bar per reason, the most frequent at the top, split into
# resolved (green) and still open (red) when the data records it. The most frequent
# reason is where step 1 should lead to a fix in the process, not only in the single
# case; a long red part means steps 4 to 6 are not being finished.
#
# Finally, the priority list: big customers (the top `big_top` by revenue) with at
# least `min_complaints` complaints in the last `complaint_window_days` days. The source
# material says to keep them and solve their problems fast; the list says who they are.

# %%
priority = None
if has_complaints:
    priority = profiling.big_customers_with_complaints(
        summary, inputs.complaints, as_of=as_of, period_days=complaint_window_days,
        top=big_top, min_complaints=min_complaints,
    )  # fmt: skip
    if has_survey:
        surveyed = types["loyalty_type"].astype(str)
        priority = priority.join(surveyed).fillna({"loyalty_type": glossary.label("not_surveyed", lang)})
show(
    reading.priority_list(
        priority, big_top=big_top, min_complaints=min_complaints,
        window_days=complaint_window_days, lang=lang,
    )
)  # fmt: skip

# %%
if priority is not None:
    display(priority.head(10))

# %% [markdown]
# ## What this means for the business

# %%
show(
    reading.business_summary(
        class_table, inputs, type_table=type_table, spread=spread, by_reason=by_reason,
        priority=priority, lang=lang,
    )
)  # fmt: skip

# %% [markdown]
# ## Discussion questions
#
# 1. A customer has bought every month for three years and answers 3 for satisfaction
#    and 9 for loyalty. Which type is it, what might keep it, and what happens when a
#    competitor opens nearby?
# 2. Should a company spend money to keep its mercenaries? When would it be worth it?
# 3. The cut-offs of the matrix are a choice. Who in a company should make it, and how
#    would you make sure the choice is not tuned to make a report look good?
# 4. A survey reaches only some customers, and unhappy customers answer less often. How
#    does this bias the type counts, and how could a company reduce it?
# 5. Section 5 counts a rise in loyalty only above a minimum step and the noise of the
#    sample. Is that rule too strict or too lenient for a survey of 50 customers? Of 5,000?
# 6. Which of the seven complaint-handling steps is hardest to record in data, and why
#    does it matter that it is recorded?
#
# ## Summary
#
# - **Behavioural loyalty** comes from the orders: long-term or occasional, positive or
#   not, plus leads as non-users: six classes that every company can compute.
# - **Attitudinal loyalty** needs a survey: satisfaction x loyalty gives apostles,
#   loyalists, hostages, mercenaries, defectors and terrorists. Hostages are *false*
#   loyalty; terrorists are the most urgent.
# - The cut-offs are the analyst's choice: report them, and look at how the counts move
#   when they move.
# - The textbook says loyalty rises along the relationship continuum from distant to
#   close; section 5 tests the claim with a stated rule and says whether this data agrees.
# - Complaint handling is a seven-step flow; the complaints table is its record, and
#   what it does not record cannot be improved.
#
# **Next:** the exercise `exercises/05_loyalty.ipynb`, then lesson 06, the case study
# that puts lessons 01 to 05 together.
