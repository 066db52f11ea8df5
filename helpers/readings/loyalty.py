"""Readings of lesson 05 (loyalty): sentences computed from the tables of :mod:`helpers.loyalty`.

Each function takes the tables the lesson computed and returns Markdown
(:class:`helpers.text.Safe`); every branch (the claim holds, does not hold, there is no
data) is written out and stays grammatical at zero and one. The textbook's claims
("loyalty rises with closeness", "the unhappy types complain most") are stated as the
textbook's and measured on the data of the run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.glossary import label
from helpers.loyalty import RELATIONSHIP_STAGES, LoyaltyInputs
from helpers.readings.words import count, join, listing, reading_lang, say, say_n, share
from helpers.text import Safe


def _join(*parts: str) -> Safe:
    return join(parts)


# ---------------------------------------------------------------- what the data holds


def data_inventory(inputs: LoyaltyInputs, *, order_lines: int, lang: str = "en") -> Safe:
    """A table of the lesson's inputs: which are in this data and what a missing one costs.

    >>> from helpers.loyalty import LoyaltyInputs
    >>> print(data_inventory(LoyaltyInputs(None, None, None), order_lines=1))
    | table | in this data? |
    |---|---|
    | orders | yes: 1 order line |
    | leads (prospects) | **no**: the two non-user classes stay empty |
    | survey | **no**: the satisfaction x loyalty matrix cannot be drawn |
    | complaints | **no**: the complaint flow is taught in words only |
    """
    lang = reading_lang(lang)
    rows = [say("| table | in this data? |\n|---|---|", lang)]
    lines = count(order_lines, "order line", "order lines", lang=lang, zh="行订单")
    rows.append(say("| orders | yes: {lines} |", lang, lines=lines))
    missing, found = inputs.missing, inputs.rows
    if "leads" not in found:
        leads = say("**no**: the two non-user classes stay empty", lang)
    elif "created_date" in missing.get("leads", ()):
        leads = say(
            "yes, but without creation dates: recent and old leads cannot be told apart, "
            "so the two non-user classes stay empty",
            lang,
        )
    else:
        leads = say(
            "yes: {n}",
            lang,
            n=count(found["leads"], "lead", "leads", lang=lang, zh="条线索"),
        )
    rows.append(say("| leads (prospects) | {leads} |", lang, leads=leads))
    if "survey" not in found:
        survey = say("**no**: the satisfaction x loyalty matrix cannot be drawn", lang)
    elif found["survey"] == 0:
        survey = say(
            "**no answer before the as-of date**: the satisfaction x loyalty matrix cannot be "
            "drawn",
            lang,
        )
    else:
        n = count(found["survey"], "answer", "answers", lang=lang, zh="份答卷")
        survey = (
            say("yes: {n}", lang, n=n)
            if inputs.survey_dated
            else say(
                "yes: {n}, without dates: read as one wave taken before the as-of date, so "
                "changes over time cannot be seen",
                lang,
                n=n,
            )
        )
    rows.append(say("| survey | {survey} |", lang, survey=survey))
    if "complaints" not in found:
        complaints = say("**no**: the complaint flow is taught in words only", lang)
    elif found["complaints"] == 0:
        complaints = say("**no complaint before the as-of date**: nothing to count", lang)
    else:
        complaints = say(
            "yes: {n}",
            lang,
            n=count(found["complaints"], "complaint", "complaints", lang=lang, zh="条投诉"),
        )
        lacking = missing.get("complaints", ())
        if "reason" in lacking:
            complaints = _join(complaints, say("(no reasons: the reasons cannot be counted)", lang))
        if "resolved" in lacking:
            complaints = _join(
                complaints, say("(no resolved flag: open cases cannot be counted)", lang)
            )
    rows.append(say("| complaints | {complaints} |", lang, complaints=complaints))
    return Safe("\n".join(rows))


def short_history(history_days: int, *, long_term_days: int, lang: str = "en") -> Safe:
    """Whether the orders cover enough days for anyone to count as long-term.

    >>> print(short_history(800, long_term_days=365))
    The orders cover 800 days: long enough to see long-term customers.
    >>> print(short_history(300, long_term_days=365))
    **A short history.** The orders cover 300 days, fewer than `long_term_days` (365): nobody can count as long-term, so every customer lands in an occasional class because the data is short, not because it is disloyal. Try a smaller `long_term_days` (for example 180) before drawing conclusions.
    """  # noqa: E501
    lang = reading_lang(lang)
    days = int(history_days)
    if days >= 2 * long_term_days:
        return say(
            "The orders cover {days:,} days: long enough to see long-term customers.",
            lang,
            days=days,
        )
    if days < long_term_days:
        return say(
            "**A short history.** The orders cover {days:,} days, fewer than `long_term_days` "
            "({long:,}): nobody can count as long-term, so every customer lands in an "
            "occasional class because the data is short, not because it is disloyal. Try a "
            "smaller `long_term_days` (for example 180) before drawing conclusions.",
            lang,
            days=days,
            long=long_term_days,
        )
    return say(
        "**A short history.** The orders cover {days:,} days, so only customers who started "
        "in the first {first:,} days can count as long-term. Many customers land in the "
        "occasional classes because the data is short, not because they are disloyal; try a "
        "smaller `long_term_days` (for example 180) before drawing conclusions.",
        lang,
        days=days,
        first=days - long_term_days,
    )


# ---------------------------------------------------------------- behavioural classes


def class_summary(class_table: pd.DataFrame, *, declining_below: float, lang: str = "en") -> Safe:
    """The two long-term classes: how many, and how much of the revenue they bring.

    ``class_table`` is ``loyalty.behavioural_class_table``.

    >>> table = pd.DataFrame({"party": ["customer"] * 4, "count": [6, 3, 1, 0],
    ...     "share": [0.6, 0.3, 0.1, 0.0], "revenue_share": [0.5, 0.45, 0.05, 0.0]},
    ...     index=["loyal_will_stay", "loyal_may_switch", "occasional_may_buy_more",
    ...            "occasional_may_buy_less"])
    >>> print(class_summary(table, declining_below=-0.3))
    Of the 10 customers, 6 (60%) are long-term, active and not losing value; they bring 50% of the revenue. Another 3 (30%) are long-term but dormant or buying more than 30% less than in the period before: they bring 45% of the revenue, less than the loyal class, but each of them is a relationship at risk.
    """  # noqa: E501
    lang = reading_lang(lang)
    customers = class_table[class_table["party"] == "customer"]
    n = int(customers["count"].sum())
    if n == 0:
        return say("There are no customers with orders before the as-of date to classify.", lang)
    stay, switch = customers.loc["loyal_will_stay"], customers.loc["loyal_may_switch"]
    fall = share(-declining_below, lang=lang) if declining_below < 0 else None
    if int(stay["count"]) + int(switch["count"]) == 0:
        return say(
            "Of the {n}, none is long-term yet: every customer is in an occasional class.",
            lang,
            n=count(n, "customer", "customers", lang=lang, zh="位客户"),
        )
    first = say(
        "Of the {n}, {stay} ({stay_share}) are long-term, active and not losing value; "
        "they bring {stay_rev} of the revenue.",
        lang,
        n=count(n, "customer", "customers", lang=lang, zh="位客户"),
        stay=format(int(stay["count"]), ","),
        stay_share=share(stay["share"], decimals=0, lang=lang),
        stay_rev=share(stay["revenue_share"], decimals=0, lang=lang),
    )
    if int(switch["count"]) == 0:
        return _join(first, say("No long-term customer has gone dormant or is losing value.", lang))
    how = (
        say("dormant or buying more than {fall} less than in the period before", lang, fall=fall)
        if fall
        else say("dormant or with a revenue trend below {d}", lang, d=declining_below)
    )
    second = say(
        "Another {switch} ({switch_share}) are long-term but {how}: they bring {rev} of the "
        "revenue,",
        lang,
        switch=format(int(switch["count"]), ","),
        switch_share=share(switch["share"], decimals=0, lang=lang),
        how=how,
        rev=share(switch["revenue_share"], decimals=0, lang=lang),
    )
    if switch["revenue_share"] > stay["revenue_share"]:
        third = say(
            "**more than the loyal class**, so keeping them is the first task of the year.", lang
        )
    else:
        third = say("less than the loyal class, but each of them is a relationship at risk.", lang)
    return _join(first, second, third)


def leads_summary(class_table: pd.DataFrame, inputs: LoyaltyInputs, *, lang: str = "en") -> Safe:
    """The non-users: recent and old open leads, or why there are none.

    >>> from helpers.loyalty import LoyaltyInputs
    >>> table = pd.DataFrame({"party": ["lead", "lead"], "count": [1, 0]},
    ...     index=["non_user_may_convert", "non_user_unlikely"])
    >>> print(leads_summary(table, LoyaltyInputs(None, None, pd.DataFrame(), rows={"leads": 3})))
    1 recent open lead has not bought yet: follow it up; no older leads to drop.
    """
    lang = reading_lang(lang)
    if "leads" not in inputs.rows:
        return say("There is no leads table, so no prospects can be followed up.", lang)
    if inputs.leads is None:
        return say(
            "The leads have no creation dates, so recent and old leads cannot be told apart.", lang
        )
    recent = int(class_table.loc["non_user_may_convert", "count"])
    old = int(class_table.loc["non_user_unlikely", "count"])
    if recent + old == 0:
        return say("Every lead created before the as-of date has already become a customer.", lang)
    leads = count(recent, "recent open lead", "recent open leads", lang=lang, zh="条近期线索")
    first = (
        say_n(
            "{leads} has not bought yet: follow it up;",
            "{leads} have not bought yet: follow them up;",
            recent,
            lang,
            leads=leads,
        )
        if recent
        else say("No recent lead is still open;", lang)
    )
    second = (
        say(
            "{n} can be dropped.",
            lang,
            n=count(old, "older lead", "older leads", lang=lang, zh="条旧线索"),
        )
        if old
        else say("no older leads to drop.", lang)
    )
    return _join(first, second)


# ---------------------------------------------------------------- the matrix


def survey_missing(inputs: LoyaltyInputs, *, lang: str = "en") -> Safe:
    """Why there is no matrix in this run, and what the survey would need.

    >>> from helpers.loyalty import LoyaltyInputs
    >>> print(survey_missing(LoyaltyInputs(None, None, None, rows={"survey": 0})))
    **No survey answer is dated before the as-of date**, so the matrix, its sensitivity and the type-by-type numbers are skipped: the behavioural classes of section 1 are what this run can give.
    """  # noqa: E501
    lang = reading_lang(lang)
    if inputs.rows.get("survey") == 0:
        return say(
            "**No survey answer is dated before the as-of date**, so the matrix, its "
            "sensitivity and the type-by-type numbers are skipped: the behavioural classes of "
            "section 1 are what this run can give.",
            lang,
        )
    return say(
        "**This data has no survey answers**, so nobody can say how satisfied its customers "
        "are or how loyal they feel. Orders alone cannot tell a hostage from a loyalist: both "
        "keep buying. The matrix, its sensitivity and the type-by-type numbers are skipped; "
        "the behavioural classes of section 1 are what this data can give. To use the matrix, "
        "run a survey first (questionnaire, phone or online, 问卷、电话或网上调查) with the two "
        "questions above.",
        lang,
    )


def reasons_missing(inputs: LoyaltyInputs, *, lang: str = "en") -> Safe:
    """Why the complaints cannot be counted by reason in this run.

    >>> from helpers.loyalty import LoyaltyInputs
    >>> print(reasons_missing(LoyaltyInputs(None, None, None)))
    There are no complaints in this data: nothing to count by reason.
    """
    lang = reading_lang(lang)
    if inputs.complaints is None:
        return say("There are no complaints in this data: nothing to count by reason.", lang)
    return say(
        "The complaints table records no reason, so step 1 of the flow leaves no trace and "
        "the complaints cannot be counted by reason: add the reason to the complaint form.",
        lang,
    )


def survey_match(coverage: pd.Series, *, lang: str = "en") -> Safe:
    """How many surveyed customers are buyers; a warning below half.

    ``coverage`` is ``loyalty.survey_coverage``.

    >>> print(survey_match(pd.Series({"respondents": 10, "buyers": 10, "share": 1.0})))
    All 10 surveyed customers are among the buyers, so their answers can be set beside their orders.
    >>> print(survey_match(pd.Series({"respondents": 10, "buyers": 3, "share": 0.3})))
    > **Warning.** Only 3 of the 10 surveyed customers (30%) are among the buyers before the as-of date. The others answered, but their orders are not in this data (or their ids are written differently): types and orders are compared on 3 customers only.
    """  # noqa: E501
    lang = reading_lang(lang)
    n, found = int(coverage["respondents"]), int(coverage["buyers"])
    if n == 0:
        return say("Nobody answered the survey before the as-of date.", lang)
    people = count(n, "surveyed customer", "surveyed customers", lang=lang, zh="位受访客户")
    if found == n:
        if n == 1:
            return say("The one surveyed customer is among the buyers.", lang)
        return say(
            "All {people} are among the buyers, so their answers can be set beside their orders.",
            lang,
            people=people,
        )
    text = say(
        "Only {found:,} of the {people} ({pct}) are among the buyers before the as-of date. The "
        "others answered, but their orders are not in this data (or their ids are written "
        "differently): types and orders are compared on {k} only.",
        lang,
        found=found,
        people=people,
        pct=share(coverage["share"], decimals=0, lang=lang),
        k=count(found, "customer", "customers", lang=lang, zh="位客户"),
    )
    if coverage["share"] < 0.5:
        return join([say("> **Warning.**", lang), text])
    return text


def hostage_value(type_table: pd.DataFrame, *, lang: str = "en") -> Safe:
    """What the hostages weigh: their share of the surveyed customers and of their revenue.

    >>> table = pd.DataFrame({"customers": [4, 1], "customer_share": [0.8, 0.2],
    ...     "revenue_share": [0.6, 0.4]}, index=["loyalist", "hostage"])
    >>> print(hostage_value(table))
    Hostages are 1 surveyed customer (20%) with 40% of the surveyed customers' revenue: they still buy, so their revenue looks safe in the order book, yet their answers say they would leave if they could.
    """  # noqa: E501
    lang = reading_lang(lang)
    row = type_table.loc["hostage"]
    n = int(row["customers"])
    if n == 0:
        return say(
            "There are no hostages among the surveyed customers: nobody stays while unhappy.", lang
        )
    people = count(n, "surveyed customer", "surveyed customers", lang=lang, zh="位受访客户")
    if "revenue_share" in type_table.columns and row["revenue_share"] == 0:
        return say(
            "Hostages are {people} ({pct}), but none of them bought before the as-of date: "
            "their answers say they stay, their orders do not show it.",
            lang,
            people=people,
            pct=share(row["customer_share"], decimals=0, lang=lang),
        )
    if "revenue_share" not in type_table.columns or pd.isna(row["revenue_share"]):
        return say(
            "Hostages are {people} ({pct}).",
            lang,
            people=people,
            pct=share(row["customer_share"], decimals=0, lang=lang),
        )
    return say(
        "Hostages are {people} ({pct}) with {rev} of the surveyed customers' revenue: they still "
        "buy, so their revenue looks safe in the order book, yet their answers say they would "
        "leave if they could.",
        lang,
        people=people,
        pct=share(row["customer_share"], decimals=0, lang=lang),
        rev=share(row["revenue_share"], decimals=0, lang=lang),
    )


def sensitivity_summary(spread: pd.DataFrame, *, respondents: int, lang: str = "en") -> Safe:
    """Which type's count depends most on the cut-offs, and by how much one point moves it.

    ``spread`` is ``loyalty.type_count_spread``.

    >>> spread = pd.DataFrame({"low": [10, 5], "high": [40, 5], "spread": [30, 0],
    ...     "largest_step": [20, 0]}, index=["hostage", "apostle"])
    >>> print(sensitivity_summary(spread, respondents=100))
    Over the cut-offs tried, the **hostage** count moves the most (from 10 to 40 customers); the **apostle** count does not move at all. Out of 100 answers, moving one cut-off by a single point changes the size of one type by up to 20 customers: report the cut-offs together with the counts.
    """  # noqa: E501
    lang = reading_lang(lang)
    if spread.empty or respondents == 0:
        return say("There are no survey answers whose types could move.", lang)
    if int(spread["spread"].max()) == 0:
        return say(
            "Over the cut-offs tried, no type's count moves: the answers sit away from every "
            "border.",
            lang,
        )
    most, least = spread.index[0], spread.index[-1]
    low_most, high_most = int(spread.loc[most, "low"]), int(spread.loc[most, "high"])
    stable = (
        say("does not move at all", lang)
        if int(spread.loc[least, "spread"]) == 0
        else say(
            "moves the least (from {a:,} to {b:,})",
            lang,
            a=int(spread.loc[least, "low"]),
            b=int(spread.loc[least, "high"]),
        )
    )
    return say(
        "Over the cut-offs tried, the **{most}** count moves the most (from {a:,} to {b:,} "
        "customers); the **{least}** count {stable}. Out of {answers}, moving one cut-off by a "
        "single point changes the size of one type by up to {step}: report the cut-offs "
        "together with the counts.",
        lang,
        most=label(most, lang),
        least=label(least, lang),
        a=low_most,
        b=high_most,
        stable=stable,
        answers=count(respondents, "answer", "answers", lang=lang, zh="份答卷"),
        step=count(
            int(spread["largest_step"].max()),
            "customer",
            "customers",
            lang=lang,
            zh="位客户",
        ),
    )


# ---------------------------------------------------------------- complaints and types


def complaints_by_type_reading(by_type: pd.DataFrame, *, lang: str = "en") -> Safe:
    """The claim that the unhappy types complained most, measured on the surveyed customers.

    ``by_type`` is ``loyalty.complaints_by_type``. "Unhappy" = defectors and terrorists,
    "happy" = apostles and loyalists; each group's rate is its complaints / its customers.

    >>> table = pd.DataFrame({"customers": [2, 2, 1, 1, 1, 2], "complaints": [0, 1, 2, 0, 3, 4]},
    ...     index=["apostle", "loyalist", "hostage", "mercenary", "defector", "terrorist"])
    >>> print(complaints_by_type_reading(table))
    The textbook expects the unhappy types to be the customers whose complaints piled up. Here defectors and terrorists made 2.33 complaints each, apostles and loyalists 0.25: this data **agrees**.
    """  # noqa: E501
    lang = reading_lang(lang)
    claim = say(
        "The textbook expects the unhappy types to be the customers whose complaints piled up.",
        lang,
    )
    unhappy = by_type.loc[["defector", "terrorist"], ["customers", "complaints"]].sum()
    happy = by_type.loc[["apostle", "loyalist"], ["customers", "complaints"]].sum()
    if unhappy["customers"] == 0 or happy["customers"] == 0:
        return _join(
            claim,
            say(
                "This data cannot test it: the surveyed customers include no {who}.",
                lang,
                who=say("defectors or terrorists", lang)
                if unhappy["customers"] == 0
                else say("apostles or loyalists", lang),
            ),
        )
    rate_unhappy = unhappy["complaints"] / unhappy["customers"]
    rate_happy = happy["complaints"] / happy["customers"]
    if unhappy["complaints"] + happy["complaints"] == 0:
        return _join(
            claim, say("None of them complained before the as-of date: nothing to compare.", lang)
        )
    verdict = (
        say("this data **agrees**", lang)
        if rate_unhappy > rate_happy
        else say("this data **does not agree**", lang)
    )
    return _join(
        claim,
        say(
            "Here defectors and terrorists made {u:.2f} complaints each, apostles and loyalists "
            "{h:.2f}: {verdict}.",
            lang,
            u=float(rate_unhappy),
            h=float(rate_happy),
            verdict=verdict,
        ),
    )


def false_loyalty(crosstab: pd.DataFrame, *, lang: str = "en") -> Safe:
    """Hostages whose orders look loyal: the false loyalty only a survey shows.

    ``crosstab`` is ``loyalty.attitude_vs_behaviour``.

    >>> table = pd.DataFrame({"loyal_will_stay": [0]}, index=["hostage"])
    >>> print(false_loyalty(table))
    There are no hostages among the surveyed customers who bought: no false loyalty to uncover here.
    """  # noqa: E501
    lang = reading_lang(lang)
    hostages = int(crosstab.loc["hostage"].sum())
    if hostages == 0:
        return say(
            "There are no hostages among the surveyed customers who bought: no false loyalty to "
            "uncover here.",
            lang,
        )
    loyal = int(crosstab.loc["hostage", "loyal_will_stay"])
    group = count(hostages, "hostage", "hostages", lang=lang, zh="位不自主者")
    if loyal == 0:
        return say(
            "None of the {group} is in the class *long-term loyal, will stay*: here the orders "
            "already show their doubts.",
            lang,
            group=group,
        )
    if hostages == 1:
        return say(
            "The one hostage is in the class *long-term loyal, will stay*: its orders look "
            "loyal, its answers do not. Only the survey shows the difference.",
            lang,
        )
    return say_n(
        "{n:,} of the {group} is in the class *long-term loyal, will stay*: their orders look "
        "loyal, their answers do not. Only the survey shows the difference.",
        "{n:,} of the {group} are in the class *long-term loyal, will stay*: their orders look "
        "loyal, their answers do not. Only the survey shows the difference.",
        loyal,
        lang,
        group=group,
    )


# ---------------------------------------------------------------- the continuum


def closeness_claim(
    steps: pd.DataFrame | None,
    continuum: pd.DataFrame,
    *,
    min_rise: float,
    lang: str = "en",
) -> Safe:
    """The textbook's "loyalty rises with closeness", measured with the stated rule.

    ``steps`` is ``loyalty.closeness_steps`` (None without a survey); ``continuum`` is
    ``loyalty.continuum_table``. A rise counts when it is more than ``min_rise`` points
    and more than twice its standard error.

    >>> continuum = pd.DataFrame({"respondents": [100, 100, 100],
    ...     "mean_loyalty": [3.59, 3.61, 3.64], "sd_loyalty": [2.0, 2.0, 2.0],
    ...     "revenue_share": [0.2, 0.3, 0.5]},
    ...     index=["distant", "pure_transaction", "close_relationship"])
    >>> from helpers.loyalty import closeness_steps
    >>> print(closeness_claim(closeness_steps(continuum), continuum, min_rise=0.5))
    The textbook says loyalty rises with closeness. Here mean loyalty is 3.59 (distant), 3.61 (pure transaction) and 3.64 (close working relationship). A rise counts when it is more than 0.5 points and more than twice its standard error (the noise of a sample survey): no step does, so this data **does not agree**; closeness alone does not come with more loyalty here.
    """  # noqa: E501
    lang = reading_lang(lang)
    claim = say("The textbook says loyalty rises with closeness.", lang)
    if steps is None:
        close = continuum.loc["close_relationship", "revenue_share"]
        return _join(
            claim,
            say(
                "Without a survey this data cannot test it; the chart shows instead where the "
                "revenue comes from: {share} from close working relationships.",
                lang,
                share=share(close, decimals=0, lang=lang) if pd.notna(close) else "0%",
            ),
        )
    means = continuum.reindex(list(RELATIONSHIP_STAGES))
    n = means["respondents"].fillna(0).astype(int)
    values = [
        say("{v:.2f} ({stage})", lang, v=float(v), stage=label(s, lang))
        for s, v in means["mean_loyalty"].items()
        if pd.notna(v)
    ]
    observed = say(
        "Here mean loyalty is {values}.",
        lang,
        values=Safe(listing(values, lang=lang, escape=False)),
    )
    if not values:
        observed = Safe("")
    rule = say(
        "A rise counts when it is more than {rise:g} points and more than twice its standard "
        "error (the noise of a sample survey):",
        lang,
        rise=min_rise,
    )
    if not steps["known"].all():
        thin = [label(s, lang) for s, k in n.items() if k < 2]
        return _join(
            claim,
            observed,
            say(
                "This data cannot test it: fewer than two surveyed customers at {stages}.",
                lang,
                stages=Safe(listing(thin, lang=lang)),
            ),
        )
    rises = steps["rises"].to_numpy(dtype=bool)
    overall_difference = float(steps["difference"].iloc[2])
    if rises[0] and rises[1]:
        verdict = say("each step does, so this data **agrees**.", lang)
    elif rises[2]:
        verdict = say(
            "loyalty is higher in close relationships than in distant ones, but not at every "
            "step, so this data **partly agrees**.",
            lang,
        )
    elif overall_difference < -max(min_rise, float(steps["noise"].iloc[2])):
        verdict = say(
            "loyalty is lower in close relationships than in distant ones, so this data "
            "**contradicts** it.",
            lang,
        )
    else:
        verdict = say(
            "no step does, so this data **does not agree**; closeness alone does not come with "
            "more loyalty here.",
            lang,
        )
    return _join(claim, observed, rule, verdict)


# ---------------------------------------------------------------- the complaint flow


def flow_coverage(flow: pd.DataFrame, *, has_complaints: bool, lang: str = "en") -> Safe:
    """How many of the seven handling steps the complaints table records, and which not.

    ``flow`` is ``loyalty.complaint_flow``.

    >>> from helpers.loyalty import complaint_flow
    >>> print(flow_coverage(complaint_flow(pd.DataFrame(columns=["complaint_id", "reason"])),
    ...                     has_complaints=True))
    The complaints table records 2 of the 7 steps. Steps 2, 3, 4, 5 and 6 leave no trace: nobody can later check what the customer asked for or which solution was agreed. Adding those fields to the complaint form is the cheapest improvement in this lesson.
    """  # noqa: E501
    lang = reading_lang(lang)
    if not has_complaints:
        return say(
            "**This data has no complaints**, so none of the seven steps leaves a trace that "
            "can be analysed. Recording complaints (step 7) is the first thing to set up.",
            lang,
        )
    recorded = int(flow["recorded"].sum())
    if recorded == len(flow):
        return say("The complaints table records all 7 steps: every step leaves a trace.", lang)
    missing = [str(i + 1) for i, ok in enumerate(flow["recorded"]) if not ok]
    return say_n(
        "The complaints table records {k} of the 7 steps. Step {steps} leaves no trace: nobody "
        "can later check what the customer asked for or which solution was agreed. Adding "
        "those fields to the complaint form is the cheapest improvement in this lesson.",
        "The complaints table records {k} of the 7 steps. Steps {steps} leave no trace: nobody "
        "can later check what the customer asked for or which solution was agreed. Adding "
        "those fields to the complaint form is the cheapest improvement in this lesson.",
        len(missing),
        lang,
        k=recorded,
        steps=Safe(listing(missing, lang=lang)),
    )


def priority_list(
    priority: pd.DataFrame | None,
    *,
    big_top: float,
    min_complaints: int,
    window_days: int,
    lang: str = "en",
) -> Safe:
    """The big customers with repeated complaints: how many, or why there is no list.

    >>> print(priority_list(pd.DataFrame(index=["C1"]), big_top=0.2, min_complaints=2,
    ...                     window_days=365))
    1 big customer (top 20% by revenue) complained at least 2 times in the last 365 days: it goes to the top of the service list.
    """  # noqa: E501
    lang = reading_lang(lang)
    if priority is None:
        return say("There are no complaints in this data, so there is no priority list.", lang)
    k = len(priority)
    values = {
        "top": share(big_top, decimals=0, lang=lang),
        "times": min_complaints,
        "days": window_days,
    }
    if k == 0:
        return say(
            "No big customer (top {top} by revenue) complained at least {times} times in the "
            "last {days:,} days.",
            lang,
            **values,
        )
    return say_n(
        "{who} (top {top} by revenue) complained at least {times} times in the last {days:,} "
        "days: it goes to the top of the service list.",
        "{who} (top {top} by revenue) complained at least {times} times in the last {days:,} "
        "days: they go to the top of the service list.",
        k,
        lang,
        who=count(k, "big customer", "big customers", lang=lang, zh="位大客户"),
        **values,
    )


# ---------------------------------------------------------------- the summary


def business_summary(
    class_table: pd.DataFrame,
    inputs: LoyaltyInputs,
    *,
    type_table: pd.DataFrame | None = None,
    spread: pd.DataFrame | None = None,
    by_reason: pd.DataFrame | None = None,
    priority: pd.DataFrame | None = None,
    lang: str = "en",
) -> Safe:
    """The lesson's closing bullets, each computed, each present only when its data is.

    >>> from helpers.loyalty import LoyaltyInputs
    >>> table = pd.DataFrame({"party": ["customer"] * 4, "count": [1, 0, 1, 0],
    ...     "share": [0.5, 0.0, 0.5, 0.0], "revenue_share": [0.9, 0.0, 0.1, 0.0]},
    ...     index=["loyal_will_stay", "loyal_may_switch", "occasional_may_buy_more",
    ...            "occasional_may_buy_less"])
    >>> print(business_summary(table, LoyaltyInputs(None, None, None)))
    - **Behaviour.** 1 customer (90% of revenue) is long-term and not losing value; no long-term customer is dormant or shrinking.
    - **Attitude.** There is no survey, so false loyalty (hostages) cannot be told from true loyalty: a short survey of the biggest customers would close this gap.
    """  # noqa: E501
    lang = reading_lang(lang)
    stay = class_table.loc["loyal_will_stay"]
    switch = class_table.loc["loyal_may_switch"]
    n_stay, n_switch = int(stay["count"]), int(switch["count"])
    lines = []
    behaviour = (
        say_n(
            "- **Behaviour.** {who} ({rev} of revenue) is long-term and not losing value;",
            "- **Behaviour.** {who} ({rev} of revenue) are long-term and not losing value;",
            n_stay,
            lang,
            who=count(n_stay, "customer", "customers", lang=lang, zh="位客户"),
            rev=share(stay["revenue_share"], decimals=0, lang=lang),
        )
        if n_stay
        else say("- **Behaviour.** No customer is long-term and not losing value yet;", lang)
    )
    if n_switch:
        behaviour = _join(
            behaviour,
            say_n(
                "{who} ({rev} of revenue) is dormant or shrinking and need a call.",
                "{who} ({rev} of revenue) are dormant or shrinking and need a call.",
                n_switch,
                lang,
                who=count(
                    n_switch,
                    "long-term customer",
                    "long-term customers",
                    lang=lang,
                    zh="位长期客户",
                ),
                rev=share(switch["revenue_share"], decimals=0, lang=lang),
            ),
        )
    else:
        behaviour = _join(behaviour, say("no long-term customer is dormant or shrinking.", lang))
    lines.append(behaviour)
    if "leads" in inputs.rows and "non_user_may_convert" in class_table.index:
        lines.append(
            _join(say("- **Prospects.**", lang), leads_summary(class_table, inputs, lang=lang))
        )
    if type_table is not None and int(type_table["customers"].sum()) > 0:
        true_loyal = type_table.loc[["apostle", "loyalist"], "customer_share"].sum()
        hostages = type_table.loc["hostage"]
        terrorists = int(type_table.loc["terrorist", "customers"])
        lines.append(
            say(
                "- **Attitude.** {loyal} of the surveyed customers are truly loyal (apostles "
                "and loyalists); {hostages} are hostages, with {rev} of the surveyed customers' "
                "revenue that could leave as soon as it can; {calls}.",
                lang,
                loyal=share(true_loyal, decimals=0, lang=lang),
                hostages=share(hostages["customer_share"], decimals=0, lang=lang),
                rev=share(hostages.get("revenue_share", np.nan), decimals=0, lang=lang),
                calls=say(
                    "{n} to call personally",
                    lang,
                    n=count(
                        terrorists,
                        "terrorist",
                        "terrorists",
                        lang=lang,
                        zh="位恐惧分子",
                    ),
                )
                if terrorists
                else say("no terrorists to call", lang),
            )
        )
        if spread is not None and not spread.empty and int(spread["spread"].max()) > 0:
            lines.append(
                say(
                    "- **Cut-offs.** The {most} count is the most sensitive to where the lines "
                    "are drawn; decisions about that type should not hang on a single cut-off.",
                    lang,
                    most=label(spread.index[0], lang),
                )
            )
    else:
        lines.append(
            say(
                "- **Attitude.** There is no survey, so false loyalty (hostages) cannot be told "
                "from true loyalty: a short survey of the biggest customers would close this gap.",
                lang,
            )
        )
    if inputs.complaints is not None:
        parts = []
        if by_reason is not None and len(by_reason):
            total = int(by_reason["complaints"].sum())
            if by_reason["unresolved"].notna().all():
                parts.append(
                    say(
                        "{open} of the complaints are still open;",
                        lang,
                        open=share(by_reason["unresolved"].sum() / total, decimals=0, lang=lang),
                    )
                )
            parts.append(
                say("the most frequent reason is *{reason}*;", lang, reason=by_reason.index[0])
            )
        if priority is not None:
            k = len(priority)
            parts.append(
                say_n(
                    "{who} with repeated complaints goes to the top of the service list.",
                    "{who} with repeated complaints go to the top of the service list.",
                    k,
                    lang,
                    who=count(k, "big customer", "big customers", lang=lang, zh="位大客户"),
                )
            )
        if parts:
            lines.append(_join(say("- **Complaints.**", lang), *parts))
    return Safe("\n".join(lines))
