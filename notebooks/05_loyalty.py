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
# - place customers on the **relationship continuum** (关系连续体) and check that loyalty
#   rises with closeness;
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
# complaints
complaint_window_days = 365  # complaints of this many days before as_of count for the priority list
big_top = 0.20  # big customers: the top 20% by revenue

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from helpers import glossary, lesson, loyalty, plots, profiling, theme

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of, orders = run.tables, run.as_of, run.orders
summary = profiling.customer_summary(orders, as_of=as_of, dormant_after_days=dormant_after_days)
print(f"{len(summary):,} customers with orders before the as-of date")

# %% [markdown]
# The survey, the complaints and the leads are optional tables: a company that never
# ran a survey has no survey table. The cell below keeps only what was known before the
# as-of date and says which parts of the lesson this data can feed.


# %%
def before_as_of(table, date_column):
    """The rows of an optional table dated before the as-of date (None stays None)."""
    if table is None:
        return None
    return table[table[date_column] < as_of]


survey = before_as_of(tables.survey, "survey_date")
complaints = before_as_of(tables.complaints, "complaint_date")
leads = tables.leads
has_survey = survey is not None and len(survey) > 0
has_complaints = complaints is not None and len(complaints) > 0
has_leads = leads is not None


def yes_no(flag, what_if_missing):
    return "yes" if flag else f"**no**: {what_if_missing}"


display(
    Markdown(
        "| table | in this data? |\n|---|---|\n"
        f"| orders | yes: {len(orders):,} order lines |\n"
        f"| leads (prospects) | {yes_no(has_leads, 'the two non-user classes stay empty')} |\n"
        f"| survey | {yes_no(has_survey, 'the satisfaction x loyalty matrix cannot be drawn')} |\n"
        f"| complaints | {yes_no(has_complaints, 'the complaint flow is taught in words only')} |"
    )
)

# %% [markdown]
# ## 1. Behavioural loyalty: six classes (行为忠诚度的六类)
#
# The orders answer two questions about every customer:
#
# 1. **Long-term or occasional?** A customer is *long-term* (长期客户) when it has bought
#    for at least `long_term_days` days (from its first order to the as-of date) **and**
#    placed at least `min_orders` orders. Everyone else is *occasional* (偶尔购买).
# 2. **Heading up or down?** A customer is *positive* when it is still active (ordered
#    in the last `dormant_after_days` days) **and** its revenue of the last year has not
#    fallen below the year before (trend >= `declining_below`). A customer with nothing
#    in the year before has no trend and counts as positive.
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
    leads,
    as_of=as_of,
    long_term_days=long_term_days,
    min_orders=min_orders,
    declining_below=declining_below,
    lead_window_days=lead_window_days,
)
classes["loyalty_class"].value_counts(sort=False).to_frame("parties")

# %% [markdown]
# The same rule for the customers in plain pandas, as a check that the helper does
# what the words say:

# %%
long_term = (summary["tenure_days"] >= long_term_days) & (summary["frequency"] >= min_orders)
positive = (summary["status"] == "active") & ~(summary["trend"] < declining_below)
plain_classes = pd.Series(
    np.select(
        [long_term & positive, long_term, positive],
        ["loyal_will_stay", "loyal_may_switch", "occasional_may_buy_more"],
        default="occasional_may_buy_less",
    ),
    index=summary.index,
)
helper_classes = classes.loc[classes["party"] == "customer", "loyalty_class"].astype(str)
assert plain_classes.sort_index().equals(helper_classes.sort_index())
print(f"plain pandas and the helper agree on all {len(plain_classes):,} customers")

# %%
history_days = (as_of - orders["order_date"].min()).days
if history_days < 2 * long_term_days:
    display(
        Markdown(
            f"**A short history.** These orders cover only {history_days:,} days, so only "
            f"customers who started in the first {max(history_days - long_term_days, 0):,} "
            "days can count as long-term. Most customers land in the occasional classes "
            "because the data is short, not because they are disloyal; with such data, "
            "try a smaller `long_term_days` (for example 180) before drawing conclusions."
        )
    )
else:
    print(f"the orders cover {history_days:,} days: long enough to see long-term customers")

# %% [markdown]
# How many customers fall in each class, and how much of the revenue and profit do they
# bring? Leads bring nothing yet, so their revenue is zero.

# %%
CLASS_LABELS = {
    "en": {
        "loyal_will_stay": "long-term loyal, will stay",
        "loyal_may_switch": "long-term, may switch",
        "occasional_may_buy_more": "occasional, may buy more",
        "occasional_may_buy_less": "occasional, may buy less",
        "non_user_may_convert": "non-user, may convert",
        "non_user_unlikely": "non-user, unlikely",
    },
    "zh": {
        "loyal_will_stay": "长期忠诚、会继续购买",
        "loyal_may_switch": "长期客户、可能转换品牌",
        "occasional_may_buy_more": "偶尔购买、激励下会多买",
        "occasional_may_buy_less": "偶尔购买、对手激励下会少买",
        "non_user_may_convert": "非用户、可能成为客户",
        "non_user_unlikely": "非用户、不会购买",
    },
}
class_table = loyalty.loyalty_type_table(classes, summary, by="loyalty_class")
class_table.round(3)

# %%
class_chart = class_table.rename(index=CLASS_LABELS[lang]).rename_axis(
    {"en": "behavioural class", "zh": "行为忠诚度类别"}[lang]
)
ax = plots.composition_chart(class_chart, lang=lang)
plt.show()

# %% [markdown]
# **What the chart shows.** Each class has two bars: its share of all parties
# (customers and leads) and its share of revenue. Where the revenue bar is much longer
# than the customer bar, a few customers carry a lot of business: those are the
# classes whose movement matters most. The non-users have no revenue bar at all: they
# are the future, not the present.

# %%
customer_classes = class_table.drop(["non_user_may_convert", "non_user_unlikely"])
stay, switch = class_table.loc["loyal_will_stay"], class_table.loc["loyal_may_switch"]
n_stay, n_switch = int(stay["customers"]), int(switch["customers"])
n_customers = int(customer_classes["customers"].sum())
display(
    Markdown(
        f"Of the {n_customers:,} customers, {n_stay:,} ({n_stay / n_customers:.0%}) are "
        f"long-term and still growing; they bring {stay['revenue_share']:.0%} of revenue. "
        f"Another {n_switch:,} ({n_switch / n_customers:.0%}) are "
        f"long-term but dormant or buying less: they bring {switch['revenue_share']:.0%} of "
        "revenue, "
        + (
            "**more than the loyal class**, so keeping them is the first task of the year."
            if switch["revenue_share"] > stay["revenue_share"]
            else "less than the loyal class, but each of them is a relationship at risk."
        )
    )
)

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
# per customer, the latest answer counts.

# %%
print(
    f"satisfaction: low < {satisfaction_cuts[0]} <= medium < {satisfaction_cuts[1]} <= high; "
    f"loyalty high >= {loyalty_cut}; apostle: both >= {apostle_min}"
)
if has_survey:
    types = loyalty.loyalty_matrix_types(
        survey,
        satisfaction_cuts=satisfaction_cuts,
        loyalty_cut=loyalty_cut,
        apostle_min=apostle_min,
    )
    print(f"{len(types):,} surveyed customers; a few of them:")
    display(types.sample(5, random_state=seed).sort_index())
else:
    types = None
    display(
        Markdown(
            "**This data has no survey answers**, so nobody can say how satisfied its "
            "customers are or how loyal they feel. Orders alone cannot tell a hostage from "
            "a loyalist: both keep buying. The matrix, its sensitivity and the type-by-type "
            "numbers below are skipped; the behavioural classes of section 1 are what this "
            "data can give. To use the matrix, run a survey first (questionnaire, phone or "
            "online, 问卷、电话或网上调查) with the two questions above."
        )
    )

# %% [markdown]
# The same rule in plain pandas (`np.select` picks the first condition that holds), and
# a check that it gives the same type to every surveyed customer:

# %%
if has_survey:
    sat, loy = types["satisfaction"], types["loyalty"]
    low_below, high_from = satisfaction_cuts
    plain_types = np.select(
        [
            (loy >= loyalty_cut) & (sat >= apostle_min) & (loy >= apostle_min),
            (loy >= loyalty_cut) & (sat >= high_from),
            loy >= loyalty_cut,
            sat >= high_from,
            sat >= low_below,
        ],
        ["apostle", "loyalist", "hostage", "mercenary", "defector"],
        default="terrorist",
    )
    assert (plain_types == types["loyalty_type"].astype(str)).all()
    print(f"plain pandas and the helper agree on all {len(types):,} surveyed customers")
else:
    print("no survey answers: nothing to compare")

# %% [markdown]
# The map below draws the matrix with the cut-offs above: six coloured regions, one per
# type, and one dot per surveyed customer at its pair of answers (spread a little, with
# a fixed seed, so that customers who gave the same answers stay visible).

# %%
if has_survey:
    ax = plots.loyalty_map(
        types,
        satisfaction_cuts=satisfaction_cuts,
        loyalty_cut=loyalty_cut,
        apostle_min=apostle_min,
        seed=seed,
        lang=lang,
    )
    plt.show()
else:
    print("no survey answers: no matrix to draw")

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
    ax = plots.abc_summary_chart(type_table, palette="loyalty", lang=lang)
    plt.show()
else:
    type_table = None
    print("no survey answers: no types to value")

# %% [markdown]
# **What the chart shows.** Three stacked columns: how the surveyed customers, their
# revenue and (when costs are known) their profit split between the six types. A type
# whose revenue slice is much wider than its customer slice is made of big customers,
# so its mood matters more than its headcount suggests. Look at the hostages in
# particular: they still buy, so their revenue looks safe, but it is not.

# %% [markdown]
# ## 3. How much do the types depend on the cut-offs? (敏感性分析)
#
# A type is not a fact about a customer: it is an answer *plus* a cut-off. Move the
# loyalty cut from 7 to 6 and every customer who answered 6 jumps from the bottom band to
# the top band. The tables below count the types for a range of cut-offs, one parameter at
# a time, the others fixed at the values of the parameters cell.


# %%
def type_counts(**cuts):
    """Customers per type when the matrix is cut with ``cuts`` (the others as above)."""
    options = dict(
        satisfaction_cuts=satisfaction_cuts, loyalty_cut=loyalty_cut, apostle_min=apostle_min
    )
    options.update(cuts)
    found = loyalty.loyalty_matrix_types(survey, **options)["loyalty_type"]
    return found.value_counts(sort=False)


if has_survey:
    by_loyalty_cut = pd.DataFrame({cut: type_counts(loyalty_cut=cut) for cut in range(5, 10)}).T
    by_loyalty_cut.index.name = "loyalty_cut"
    display(by_loyalty_cut)
else:
    print("no survey answers: nothing to count")

# %%
if has_survey:
    high_from_values = range(max(satisfaction_cuts[0], 5), 10)
    by_high_cut = pd.DataFrame(
        {
            cut: type_counts(satisfaction_cuts=(satisfaction_cuts[0], cut))
            for cut in high_from_values
        }
    ).T
    by_high_cut.index.name = "high satisfaction from"
    display(by_high_cut)

# %%
if has_survey:
    with theme.theme_context(lang):
        fig, axes = plt.subplots(1, 2, figsize=(theme.FIG_WIDTH, 3.8), sharey=True)
        x_names = {
            "en": ["loyalty cut", "high satisfaction from"],
            "zh": ["忠诚度分界", "高满意度起点"],
        }
        panels = [(by_loyalty_cut, loyalty_cut), (by_high_cut, satisfaction_cuts[1])]
        for panel, (counts, chosen), xlabel in zip(axes, panels, x_names[lang], strict=True):
            for name in counts.columns:
                color, name_label = theme.LOYALTY_COLORS[name], glossary.label(name, lang)
                panel.plot(counts.index, counts[name], marker="o", color=color, label=name_label)
            panel.axvline(chosen, color="#555555", linestyle="--", linewidth=1)
            panel.set_xlabel(xlabel)
        axes[0].set_ylabel(glossary.label("customers", lang))
        axes[1].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        title = {"en": "Type counts as the cut-offs move", "zh": "分界变化时各类型人数"}
        fig.suptitle(title[lang])
        theme.apply_fonts(fig, lang)
    plt.show()

# %% [markdown]
# **What the chart shows.** Each line is one type; the dashed line marks the cut-off of
# this lesson. A flat line is a robust type: its count hardly depends on where the line
# is drawn. A steep line means many answers sit at that border, so a report that quotes
# that type's number should quote the cut-off with it.

# %%
if has_survey:
    grid = pd.concat([by_loyalty_cut, by_high_cut])
    spread = (grid.max() - grid.min()).sort_values()
    most, least = spread.index[-1], spread.index[0]
    steps = pd.concat([by_loyalty_cut.diff(), by_high_cut.diff()]).abs().max(axis=1)
    stable = (
        "does not move at all"
        if spread[least] == 0
        else f"moves the least (from {grid[least].min():,} to {grid[least].max():,})"
    )
    display(
        Markdown(
            f"Over the cut-offs tried, the **{most}** count moves the most (from "
            f"{grid[most].min():,} to {grid[most].max():,} customers); the **{least}** count "
            f"{stable}. Out of {len(types):,} answers, moving one cut-off by a single point "
            f"changes the size of one type by up to {int(steps.max()):,} customers: report "
            "the cut-offs together with the counts."
        )
    )


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
# other customers. Both usually have a history of complaints, which the data can confirm.

# %%
if has_survey and has_complaints:
    per_customer = (
        complaints.assign(unresolved=~complaints["resolved"])
        .groupby("customer_id")
        .agg(complaints=("complaint_id", "size"), unresolved=("unresolved", "sum"))
    )
    with_complaints = types[["loyalty_type"]].join(per_customer).fillna(0)
    complaint_by_type = with_complaints.groupby("loyalty_type", observed=False).agg(
        customers=("complaints", "size"),
        complaints_per_customer=("complaints", "mean"),
        unresolved_per_customer=("unresolved", "mean"),
    )
    display(complaint_by_type.round(2))
else:
    complaint_by_type = None
    print("survey answers and complaints are both needed to compare complaints by type")

# %% [markdown]
# The table shows, for each type, how many complaints a surveyed customer made on
# average before the as-of date and how many of them are still unresolved.

# %%
if complaint_by_type is not None:
    rate = complaint_by_type["complaints_per_customer"]
    happy = rate[["apostle", "loyalist"]].mean()
    unhappy = rate[["defector", "terrorist"]].mean()
    verdict = "confirm" if unhappy > happy else "do not confirm"
    display(
        Markdown(
            f"Terrorists made {rate['terrorist']:.2f} complaints each and hostages "
            f"{rate['hostage']:.2f}, against {rate['apostle']:.2f} for apostles. On average "
            f"defectors and terrorists complained {unhappy:.2f} times, apostles and loyalists "
            f"{happy:.2f} times: the data **{verdict}** that the unhappy types are the "
            "customers whose complaints piled up."
        )
    )

# %% [markdown]
# Attitude and behaviour together: the crosstab puts each surveyed customer's type
# (rows) beside its behavioural class (columns). A hostage who is still a long-term loyal
# buyer is exactly the false loyalty the matrix warns about.

# %%
if has_survey:
    both = types[["loyalty_type"]].join(helper_classes.rename("loyalty_class"), how="inner")
    attitude_vs_behaviour = pd.crosstab(both["loyalty_type"], both["loyalty_class"])
    display(attitude_vs_behaviour)
    false_loyal = int(
        ((both["loyalty_type"] == "hostage") & (both["loyalty_class"] == "loyal_will_stay")).sum()
    )
    n_hostages = int((both["loyalty_type"] == "hostage").sum())
    display(
        Markdown(
            f"{false_loyal:,} of the {n_hostages:,} hostages are in the class *long-term loyal, "
            "will stay*: their orders look loyal, their answers do not. Only the survey "
            "shows the difference."
        )
    )

# %% [markdown]
# ## 5. The relationship continuum (关系连续体)
#
# Relationships range along a line: **distant** (疏远的关系: the customer buys rarely
# or has stopped), **pure transaction** (纯交易关系: regular orders, but nothing beyond
# the deal) and **close working relationship** (紧密的工作关系: long, frequent,
# active business, where both sides know each other). Loyalty should rise from left to
# right. The course places each customer on the line from its orders:
#
# - distant: occasional (not long-term, see section 1) or dormant;
# - close working relationship: long-term, active and at least `close_min_orders` orders;
# - pure transaction: everyone else.

# %%
CONTINUUM = ["distant", "pure transaction", "close working relationship"]
stage = pd.Series(
    np.select(
        [~long_term | (summary["status"] != "active"), summary["frequency"] >= close_min_orders],
        CONTINUUM[::2],
        default=CONTINUUM[1],
    ),
    index=summary.index,
    name="relationship",
)
stage = stage.astype(pd.CategoricalDtype(CONTINUUM, ordered=True))
continuum = summary.groupby(stage, observed=False).agg(
    customers=("monetary", "size"), revenue=("monetary", "sum")
)
continuum["revenue_share"] = continuum["revenue"] / continuum["revenue"].sum()
if has_survey:
    answers = types[["satisfaction", "loyalty"]].join(stage, how="inner")
    scores = answers.groupby("relationship", observed=False)[["satisfaction", "loyalty"]].mean()
    continuum = continuum.join(scores.add_prefix("mean_"))
continuum.round(2)

# %%
with theme.theme_context(lang):
    measure = "mean_loyalty" if has_survey else "revenue_share"
    ax = continuum[measure].plot.bar(figsize=(7, 3.6), color=theme.METRIC_COLORS["revenue"])
    ax.set_xlabel({"en": "relationship continuum", "zh": "关系连续体"}[lang])
    ax.set_ylabel(
        glossary.label("loyalty_score", lang)
        if has_survey
        else glossary.label("revenue_share", lang)
    )
    stage_names = {
        "en": ["distant", "pure transaction", "close working\nrelationship"],
        "zh": ["疏远的关系", "纯交易关系", "紧密的工作关系"],
    }[lang]
    ax.set_xticklabels(stage_names, rotation=0)
    ax.bar_label(ax.containers[0], fmt="%.2f")
    ax.set_title(
        {"en": "Loyalty along the relationship continuum", "zh": "关系连续体上的忠诚度"}[lang]
    )
    theme.apply_fonts(ax, lang)
plt.show()

# %%
if has_survey:
    rising = continuum["mean_loyalty"].is_monotonic_increasing
    text = (
        f"Mean loyalty rises from {continuum['mean_loyalty'].iloc[0]:.1f} (distant) to "
        f"{continuum['mean_loyalty'].iloc[-1]:.1f} (close working relationship)"
        if rising
        else "Mean loyalty does **not** rise steadily along the continuum here "
        f"({', '.join(f'{v:.1f}' for v in continuum['mean_loyalty'])})"
    )
    text += ": " + (
        "the closer the relationship, the more loyal the customer says it is."
        if rising
        else "closeness alone does not buy loyalty in this data."
    )
else:
    text = (
        "Without a survey the bars show the share of revenue of each stage instead of "
        "the loyalty score: how much of the business rests on close relationships."
    )
display(Markdown("**What the chart shows.** " + text))

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
FLOW = pd.DataFrame(
    {
        "step": [
            "1 define the problem",
            "2 what the customer wants",
            "3 can we provide it",
            "4 agreed solution",
            "5 escalated",
            "6 customer satisfied",
            "7 recorded",
        ],
        "column that would record it": [
            "reason",
            "customer_request",
            "provider",
            "solution",
            "escalated",
            "satisfaction_checked",
            "complaint_id",
        ],
    }
)
complaint_columns = [] if complaints is None else list(complaints.columns)
FLOW["in this data"] = FLOW["column that would record it"].isin(complaint_columns)
FLOW.set_index("step")

# %%
if has_complaints:
    recorded = FLOW["in this data"].sum()
    display(
        Markdown(
            f"The complaints table records {recorded} of the 7 steps. "
            + (
                "Steps without a column leave no trace: nobody can later check what the "
                "customer asked for or which solution was agreed. Adding those fields to the "
                "complaint form is the cheapest improvement in this lesson."
                if recorded < 7
                else "Every step leaves a trace."
            )
        )
    )
else:
    display(
        Markdown(
            "**This data has no complaints table**, so none of the seven steps leaves a "
            "trace that can be analysed. Recording complaints (step 7) is the first thing "
            "to set up."
        )
    )

# %% [markdown]
# Which reasons come up most often, and how many are still open (`resolved` is False)?

# %%
if has_complaints:
    by_reason = complaints.groupby("reason").agg(
        complaints=("complaint_id", "size"), resolved=("resolved", "sum")
    )
    by_reason["unresolved"] = by_reason["complaints"] - by_reason["resolved"]
    by_reason["resolved_share"] = (by_reason["resolved"] / by_reason["complaints"]).round(3)
    by_reason = by_reason.sort_values(["complaints", "unresolved"], ascending=False)
    display(by_reason)
    with theme.theme_context(lang):
        shown = by_reason[["resolved", "unresolved"]][::-1]
        colors = [theme.METRIC_COLORS["margin"], theme.NEGATIVE_COLOR]
        ax = shown.plot.barh(stacked=True, figsize=(8, 3.8), color=colors)
        ax.set_xlabel({"en": "complaints", "zh": "投诉数"}[lang])
        ax.set_ylabel({"en": "reason", "zh": "原因"}[lang])
        ax.set_title({"en": "Complaints by reason", "zh": "各原因的投诉"}[lang])
        theme.apply_fonts(ax, lang)
    plt.show()
else:
    by_reason = None
    print("no complaints table: nothing to count")

# %% [markdown]
# **What the chart shows.** One bar per reason, longest at the top, split into resolved
# (green) and still open (red). The most frequent reason is where step 1 should lead to
# a fix in the process, not only in the single case; a long red part means steps 4 to 6
# are not being finished.
#
# Finally, the priority list: big customers (the top `big_top` by revenue) with at
# least two complaints in the last `complaint_window_days` days. The source material
# says to keep them and solve their problems fast; the list says who they are.

# %%
if has_complaints:
    priority = profiling.big_customers_with_complaints(
        summary, complaints, as_of=as_of, period_days=complaint_window_days, top=big_top
    )
    if has_survey:
        priority = priority.join(types["loyalty_type"].astype(str)).fillna(
            {"loyalty_type": "(not surveyed)"}
        )
    print(f"{len(priority):,} big customers complained at least twice in the last year")
    display(priority.head(10))
else:
    priority = None

# %% [markdown]
# ## What this means for the business

# %%
lines = [
    f"- **Behaviour.** {n_stay:,} customers ({stay['revenue_share']:.0%} of "
    f"revenue) are long-term and growing; {n_switch:,} long-term customers "
    f"({switch['revenue_share']:.0%} of revenue) are dormant or shrinking and need a call."
]
if has_leads:
    convert = class_table.loc["non_user_may_convert", "customers"]
    lines.append(
        f"- **Prospects.** {convert:,} recent leads have not bought yet: follow them up; "
        f"{class_table.loc['non_user_unlikely', 'customers']:,} older ones can be dropped."
    )
if has_survey:
    t = type_table
    true_loyal = t.loc[["apostle", "loyalist"], "customer_share"].sum()
    lines.append(
        f"- **Attitude.** {true_loyal:.0%} of the surveyed customers are truly loyal (apostles "
        f"and loyalists); {t.loc['hostage', 'customer_share']:.0%} are hostages, who bring "
        f"{t.loc['hostage', 'revenue_share']:.0%} of the surveyed customers' revenue that "
        f"could leave as soon as they can, and {t.loc['terrorist', 'customers']:,} are "
        "terrorists to call personally."
    )
    lines.append(
        f"- **Cut-offs.** The {most} count is the most sensitive to where the lines are "
        "drawn; decisions about that type should not hang on a single cut-off."
    )
else:
    lines.append(
        "- **Attitude.** There is no survey, so false loyalty (hostages) cannot be told "
        "from true loyalty: a short survey of the biggest customers would close this gap."
    )
if has_complaints:
    open_share = 1 - complaints["resolved"].mean()
    lines.append(
        f"- **Complaints.** {open_share:.0%} of the complaints are still open; the most "
        f"frequent reason is *{by_reason.index[0]}*; {len(priority):,} big customers with "
        "repeated complaints go to the top of the service list."
    )
display(Markdown("\n".join(lines)))

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
# 5. Which of the seven complaint-handling steps is hardest to record in data, and why
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
# - Loyalty should rise along the relationship continuum from distant to close; section 5
#   checks whether it does in the data at hand.
# - Complaint handling is a seven-step flow; the complaints table is its record, and
#   what it does not record cannot be improved.
#
# **Next:** the exercise `exercises/05_loyalty.ipynb`, then lesson 06, the case study
# that puts lessons 01 to 05 together.
