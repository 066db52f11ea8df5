"""Readings of lesson 03 (ABC grading, 客户分级): sentences computed from the grading tables.

Each function takes tables that :mod:`helpers.grading` (or :mod:`helpers.profiling`)
computed and returns Markdown (:class:`helpers.text.Safe`). Every branch says only what
the numbers show: a pyramid is called a pyramid only when :func:`helpers.grading.pyramid_shape`
finds one, a plan "follows value" only when :func:`helpers.grading.effort_in_line` says
so. The textbook's statements (80/20, the two pyramids) are stated as its claims and
measured. :func:`period` and :func:`eighty_twenty` serve lesson 04 as well.

>>> import pandas as pd
>>> top = pd.Series({"customers": 10, "top_customers": 2, "top_share": 0.81})
>>> print(eighty_twenty(top))
The textbook's 80/20 rule (二八法则) says that about 20% of the customers bring 80% of \
the business. Here the top 20% of the customers (2 of 10) bring 81% of the revenue: \
the rule holds roughly in this data (between 70% and 90%).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers import grading
from helpers.glossary import label
from helpers.params import PARAMETERS
from helpers.readings.words import count, join, money, reading_lang, say, say_n, share
from helpers.text import Safe

_BAND = tuple(PARAMETERS["pareto_band"].default)
_TOP = PARAMETERS["pareto_top"].default


def _customers(n: int, lang: str) -> str:
    return count(n, "customer", "customers", lang=lang, zh="位客户")


def bullets(items: Sequence[str]) -> Safe:
    """A Markdown list of readings.

    >>> print(bullets([Safe("one"), Safe("two")]))
    - one
    - two
    """
    return Safe("\n".join(f"- {item}" for item in items if item))


def _day(stamp: pd.Timestamp) -> str:
    return f"{pd.Timestamp(stamp):%Y-%m-%d}"


def period(
    start: pd.Timestamp,
    end: pd.Timestamp,
    customers: pd.DataFrame,
    *,
    days: int,
    what: str = "grading period",
    lang: str = "en",
) -> Safe:
    """The period analysed (``start`` <= date < ``end``), its customers and revenue.

    ``days`` is the period asked for (``period_days``): when the data is shorter, the
    sentence says how long the period really is.

    >>> t = pd.DataFrame({"monetary": [100.0, 50.5]})
    >>> print(period(pd.Timestamp("2025-01-01"), pd.Timestamp("2026-01-01"), t, days=365))
    Grading period 2025-01-01 to 2025-12-31: 2 customers bought, for a revenue of 150.
    """
    lang = reading_lang(lang)
    last = pd.Timestamp(end) - pd.Timedelta(days=1)
    length = int((pd.Timestamp(end) - pd.Timestamp(start)) / pd.Timedelta(days=1))
    dates = {"start": _day(start), "last": _day(last)}
    if len(customers) == 0:
        sentences = {
            "grading period": lambda: say(
                "Grading period {start} to {last}: no customer bought in it.", lang, **dates
            ),
            "analysis period": lambda: say(
                "Analysis period {start} to {last}: no customer bought in it.", lang, **dates
            ),
        }
    else:
        values = {
            "customers": _customers(len(customers), lang),
            "revenue": money(float(customers["monetary"].sum()), lang=lang),
            **dates,
        }
        sentences = {
            "grading period": lambda: say(
                "Grading period {start} to {last}: {customers} bought, for a revenue of {revenue}.",
                lang,
                **values,
            ),
            "analysis period": lambda: say(
                "Analysis period {start} to {last}: {customers} bought, for a revenue of "
                "{revenue}.",
                lang,
                **values,
            ),
        }
    text = sentences[what]()
    if length < days:
        text = join(
            [
                text,
                say(
                    "The data covers only {length} of the {days} days asked for, so the "
                    "period is shorter.",
                    lang,
                    length=format(length, ","),
                    days=format(days, ","),
                ),
            ]
        )
    return text


def profit_note(has_cost: bool, *, lang: str = "en") -> Safe:
    """What the lesson can measure by profit, given whether the data has costs.

    >>> print(profit_note(True))
    The data has costs, so every grade below is also measured by **profit**.
    """
    lang = reading_lang(lang)
    if has_cost:
        return say("The data has costs, so every grade below is also measured by **profit**.", lang)
    return say(
        "**This data has no cost column**, so profit is unknown. The sections on profit (the "
        "five tiers, the profit side of the grades and of the resource plan) say so and use "
        "revenue; no cost is invented.",
        lang,
    )


def textbook_amounts(
    graded: pd.DataFrame, *, thresholds: Sequence[float] = (5_000_000, 1_000_000), lang: str = "en"
) -> Safe:
    """What the textbook's fixed amounts do to this data (``abc_grade_by_threshold`` output).

    >>> g = pd.DataFrame({"value": [900.0, 20.0],
    ...                   "grade": pd.Categorical(["C", "C"], ["A", "B", "C"])})
    >>> print(textbook_amounts(g))
    The largest customer bought 900 in the period; with the textbook's amounts (A from \
5,000,000, B from 1,000,000) every customer is C, so the grading says nothing. The \
amounts have to come from this market's own data.
    """
    lang = reading_lang(lang)
    if len(graded) == 0:
        return say("No customer bought in the period, so there is nothing to grade.", lang)
    counts = graded["grade"].value_counts()
    amounts = {"a": money(thresholds[0], lang=lang), "b": money(thresholds[1], lang=lang)}
    largest = money(float(graded["value"].max()), lang=lang)
    if (counts > 0).sum() == 1:
        return say(
            "The largest customer bought {largest} in the period; with the textbook's amounts "
            "(A from {a}, B from {b}) every customer is {grade}, so the grading says nothing. "
            "The amounts have to come from this market's own data.",
            lang,
            largest=largest,
            grade=str(counts.idxmax()),
            **amounts,
        )
    return say(
        "The largest customer bought {largest} in the period; with the textbook's amounts "
        "(A from {a}, B from {b}) grade A gets {n_a} and grade B {n_b}. Whether these amounts "
        "suit this market is for the data to show, as the next sections do.",
        lang,
        largest=largest,
        n_a=_customers(int(counts.get("A", 0)), lang),
        n_b=_customers(int(counts.get("B", 0)), lang),
        **amounts,
    )


def fixed_amounts(
    thresholds: Sequence[float],
    *,
    derived: bool,
    cutoffs: Sequence[float] = tuple(PARAMETERS["pareto_cutoffs"].default),
    lang: str = "en",
) -> Safe:
    """Where the fixed amounts (A, B) come from, and what their rounding does.

    >>> print(fixed_amounts((10_000.0, 3_000.0), derived=True))
    Fixed amounts from the data: the smallest A customer (cut-off 80%) rounded to one \
figure gives **A from 10,000**; the smallest B customer (cut-off 95%) gives **B from 3,000**.
    """
    lang = reading_lang(lang)
    a, b = (money(t, lang=lang) for t in thresholds[:2])
    if not derived:
        return say(
            "Fixed amounts from the parameter abc_thresholds: **A from {a}**, **B from {b}**.",
            lang,
            a=a,
            b=b,
        )
    text = say(
        "Fixed amounts from the data: the smallest A customer (cut-off {c_a}) rounded to one "
        "figure gives **A from {a}**; the smallest B customer (cut-off {c_b}) gives "
        "**B from {b}**.",
        lang,
        a=a,
        b=b,
        c_a=share(cutoffs[0], lang=lang),
        c_b=share(cutoffs[1], lang=lang),
    )
    if thresholds[0] == thresholds[1]:
        text = join(
            [
                text,
                say(
                    "Both round to the same amount, so no customer is B under fixed amounts: "
                    "choose the amounts by hand with the parameter abc_thresholds.",
                    lang,
                ),
            ]
        )
    return text


def gradings_agree(first: pd.DataFrame, second: pd.DataFrame, *, lang: str = "en") -> Safe:
    """How many customers two gradings (same customers, ``grade`` columns) put in one grade.

    >>> a = pd.DataFrame({"grade": ["A", "B", "C"]}, index=["C1", "C2", "C3"])
    >>> print(gradings_agree(a, a.assign(grade=["A", "A", "C"])))
    The two gradings agree for 66.7% of the customers (2 of 3).
    """
    lang = reading_lang(lang)
    one = first["grade"].astype(str)
    other = second["grade"].astype(str).reindex(one.index)
    same = int((one == other).sum())
    if len(one) == 0:
        return say("There are no customers to compare.", lang)
    if same == len(one):
        return say("The two gradings agree for every customer.", lang)
    return say(
        "The two gradings agree for {share} of the customers ({same} of {n}).",
        lang,
        share=share(same / len(one), lang=lang),
        same=format(same, ","),
        n=format(len(one), ","),
    )


def pareto_grade_a(graded: pd.DataFrame, *, mark: float, lang: str = "en") -> Safe:
    """How many customers make the first ``mark`` of revenue (the A grade of the Pareto chart).

    ``graded`` is :func:`helpers.grading.abc_grade_by_share` output.

    >>> g = pd.DataFrame({"cumulative_share": [0.5, 0.8, 0.95, 1.0]})
    >>> print(pareto_grade_a(g, mark=0.8))
    **What the chart shows.** The 2 largest customers (50% of 4) make the first 80% of \
revenue: everything left of the dotted line is grade A.
    """
    lang = reading_lang(lang)
    n = len(graded)
    if n == 0:
        return say("No customer bought in the period.", lang)
    reach = grading.customers_to_reach(graded, mark=mark)
    values = {
        "share": share(reach / n, lang=lang),
        "total": f"{n:,}",
        "mark": share(mark, lang=lang),
    }
    if reach == 1:
        return say(
            "**What the chart shows.** The largest customer alone ({share} of {total}) makes the "
            "first {mark} of revenue: everything left of the dotted line is grade A.",
            lang,
            **values,
        )
    return say(
        "**What the chart shows.** The {reach} largest customers ({share} of {total}) make the "
        "first {mark} of revenue: everything left of the dotted line is grade A.",
        lang,
        reach=format(reach, ","),
        **values,
    )


def eighty_twenty(
    top: pd.Series,
    *,
    measure: str = "revenue",
    top_share_of_customers: float = _TOP,
    band: Sequence[float] = _BAND,
    lang: str = "en",
) -> Safe:
    """The textbook's 80/20 rule, measured: one row of :func:`helpers.grading.top_share_by_group`.

    The verdict is :func:`helpers.grading.pareto_verdict` with ``band``.
    """
    lang = reading_lang(lang)
    claim = say(
        "The textbook's 80/20 rule (二八法则) says that about 20% of the customers bring 80% "
        "of the business.",
        lang,
    )
    if not top["customers"] or pd.isna(top["top_share"]):
        return join(
            [
                claim,
                say(
                    "This data has no {measure} to test it on.", lang, measure=label(measure, lang)
                ),
            ]
        )
    verdict = grading.pareto_verdict(float(top["top_share"]), band=band)
    values = {
        "top": share(top_share_of_customers, lang=lang),
        "k": f"{int(top['top_customers']):,}",
        "n": f"{int(top['customers']):,}",
        "share": share(float(top["top_share"]), decimals=0, lang=lang),
        "measure": label(measure, lang),
    }
    if verdict == "holds roughly":
        measured = say(
            "Here the top {top} of the customers ({k} of {n}) bring {share} of the {measure}: "
            "the rule holds roughly in this data (between {low} and {high}).",
            lang,
            low=share(band[0], lang=lang),
            high=share(band[1], lang=lang),
            **values,
        )
    elif verdict == "less concentrated":
        measured = say(
            "Here the top {top} of the customers ({k} of {n}) bring {share} of the {measure}: "
            "the {measure} is spread more evenly than the rule says (below {low}).",
            lang,
            low=share(band[0], lang=lang),
            **values,
        )
    else:
        measured = say(
            "Here the top {top} of the customers ({k} of {n}) bring {share} of the {measure}: "
            "the {measure} is even more concentrated than the rule says (above {high}).",
            lang,
            high=share(band[1], lang=lang),
            **values,
        )
    return join([claim, measured])


def vip(graded: pd.DataFrame, *, vip_share: float, total: float, lang: str = "en") -> Safe:
    """The VIP customers: the top ``vip_share`` counted as ceil(vip_share x n), and their share.

    ``graded`` is ``grading.grade_by_rank(..., top=(vip_share,), labels=("VIP", ...))``;
    ``total`` is the period's revenue.

    >>> g = pd.DataFrame({"value": [50.0, 30.0, 20.0], "grade": ["VIP", "other", "other"]})
    >>> print(vip(g, vip_share=0.01, total=100.0))
    The top 1% of 3 customers, rounded up, is 1 VIP customer (33.3% of the customers); it \
brings 50% of the period's revenue.
    """
    lang = reading_lang(lang)
    n = len(graded)
    chosen = graded[graded["grade"].astype(str) == "VIP"]
    k = len(chosen)
    if n == 0:
        return say("No customer bought in the period, so there are no VIP customers.", lang)
    values = {
        "top": share(vip_share, lang=lang),
        "total": f"{n:,}",
        "k_share": share(k / n, lang=lang),
        "revenue_share": share(
            float(chosen["value"].sum()) / total if total else float("nan"), lang=lang
        ),
    }
    if k == 1:
        return say(
            "The top {top} of {total} customers, rounded up, is 1 VIP customer ({k_share} of the "
            "customers); it brings {revenue_share} of the period's revenue.",
            lang,
            **values,
        )
    return say(
        "The top {top} of {total} customers, rounded up, are {k} VIP customers ({k_share} of the "
        "customers); together they bring {revenue_share} of the period's revenue.",
        lang,
        k=format(k, ","),
        **values,
    )


def potential_moves(regraded: pd.DataFrame | None, *, lang: str = "en") -> Safe:
    """What the potential rule did (``grading.regrade_by_potential`` output), or why it could not.

    >>> r = pd.DataFrame({"change": ["up", "same", "down", "down"],
    ...                   "potential": ["high", None, "low", "low"]})
    >>> print(potential_moves(r))
    The potential rule moves 1 customer up and 2 customers down; 1 customer keeps its \
grade. 1 customer has no rating and keeps its grade from revenue.
    """
    lang = reading_lang(lang)
    if regraded is None:
        return say(
            "**This data has no potential rating** (no potential column in the customer "
            "table), so the grades stay as they are. A company that wants this step asks its "
            "sales staff to rate each customer's potential as high, medium or low.",
            lang,
        )
    changes = regraded["change"].value_counts()
    up, down, same = (int(changes.get(k, 0)) for k in ("up", "down", "same"))
    unrated = int(regraded["potential"].isna().sum())
    if up == down == 0:
        text = say("The potential rule moves no customer: every grade stays as it was.", lang)
    else:
        text = join(
            [
                say(
                    "The potential rule moves {up} up and {down} down;",
                    lang,
                    up=_customers(up, lang),
                    down=_customers(down, lang),
                ),
                say_n(
                    "{same} keeps its grade.",
                    "{same} keep their grade.",
                    same,
                    lang,
                    same=_customers(same, lang),
                ),
            ]
        )
    if unrated:
        text = join(
            [
                text,
                say_n(
                    "{k} has no rating and keeps its grade from revenue.",
                    "{k} have no rating and keep their grade from revenue.",
                    unrated,
                    lang,
                    k=_customers(unrated, lang),
                ),
            ]
        )
    return text


def five_tiers(tiers: pd.DataFrame | None, *, blue: float, green: float, lang: str = "en") -> Safe:
    """The five tiers as computed (``grading.five_tier_grades`` output), or why there are none.

    >>> t = pd.DataFrame({"profit": [50.0, 20.0, 5.0, 4.0, -2.0], "loyalty": [9, 5, 3, 1, 2],
    ...     "tier": pd.Categorical(["blue", "green", "red", "transfer", "exit"],
    ...                            grading.FIVE_TIERS)})
    >>> print(five_tiers(t, blue=0.2, green=0.4))
    Blue (the first 20% of the 5 customers by profit, rounded up): 1 customer; green (the
    rest of the first 40%): 1 customer; red (the other profitable customers with at least 3
    orders, the median): 1 customer; transfer (the remaining profitable customers): 1
    customer; exit (no profit or a loss): 1 customer, -2 in all.
    """
    lang = reading_lang(lang)
    if tiers is None:
        return say(
            "**The five tiers need profit**, and this data has no costs: the tiers cannot be "
            "drawn. Revenue alone would put a loss-making customer in the blue tier; the bank "
            "example exists precisely to catch such customers.",
            lang,
        )
    counts = tiers["tier"].value_counts()
    exit_tier = tiers[tiers["tier"].astype(str) == "exit"]
    return say(
        "Blue (the first {blue} of the {n} by profit, rounded up): {n_blue}; green (the rest "
        "of the first {green}): {n_green}; red (the other profitable customers with at least "
        "{median} orders, the median): {n_red}; transfer (the remaining profitable customers): "
        "{n_transfer}; exit (no profit or a loss): {n_exit}, {loss} in all.",
        lang,
        blue=share(blue, lang=lang),
        green=share(green, lang=lang),
        n=_customers(int(tiers["profit"].notna().sum()), lang),
        median=format(float(np.nanmedian(tiers["loyalty"])), "g"),
        loss=money(float(exit_tier["profit"].sum()), lang=lang),
        **{"n_" + tier: _customers(int(counts.get(tier, 0)), lang) for tier in grading.FIVE_TIERS},
    )


def pyramids(pyramid: pd.DataFrame, *, measure: str, lang: str = "en") -> Safe:
    """The textbook's two pyramids, measured on ``grading.pyramid_table`` output.

    ``measure`` names the value ("profit" or "revenue"). The verdicts come from
    :func:`helpers.grading.pyramid_shape`.

    >>> p = pd.DataFrame({"customers": [2, 3, 5], "customer_share": [0.2, 0.3, 0.5],
    ...                   "value_share": [0.7, 0.2, 0.1]}, index=["A", "B", "C"])
    >>> print(pyramids(p, measure="profit"))
    **What the chart shows.** Grade A holds 20% of the customers and 70% of the profit; \
grade C holds 50% of the customers and 10% of the profit. The customers form the \
textbook's count pyramid (fewer customers in each higher grade). The profit forms its \
inverted pyramid (more of it in each higher grade). This data agrees with the textbook.
    """
    lang = reading_lang(lang)
    filled = pyramid[pyramid["customers"] > 0]
    if len(filled) < 2:
        return say(
            "**What the chart shows.** All the customers are in one grade, so there is no "
            "pyramid of any kind to see: the grading does not separate the customers.",
            lang,
        )
    shape = grading.pyramid_shape(pyramid)
    top, bottom = pyramid.index[0], pyramid.index[-1]
    text = say(
        "**What the chart shows.** Grade {top} holds {c_top} of the customers and {v_top} of "
        "the {measure}; grade {bottom} holds {c_bottom} of the customers and {v_bottom} of "
        "the {measure}.",
        lang,
        top=str(top),
        bottom=str(bottom),
        c_top=share(pyramid["customer_share"].iloc[0], decimals=0, lang=lang),
        v_top=share(pyramid["value_share"].iloc[0], decimals=0, lang=lang),
        c_bottom=share(pyramid["customer_share"].iloc[-1], decimals=0, lang=lang),
        v_bottom=share(pyramid["value_share"].iloc[-1], decimals=0, lang=lang),
        measure=label(measure, lang),
    )
    name = label(measure, lang)
    if shape["count_pyramid"]:
        counted = say(
            "The customers form the textbook's count pyramid (fewer customers in each higher "
            "grade).",
            lang,
        )
    else:
        counted = say(
            "The customers do not form the textbook's count pyramid (the higher grades do not "
            "hold fewer and fewer customers).",
            lang,
        )
    if shape["value_inverted"]:
        valued = say(
            "The {measure} forms its inverted pyramid (more of it in each higher grade).",
            lang,
            measure=name,
        )
    else:
        valued = say(
            "The {measure} does not form its inverted pyramid (the higher grades do not hold "
            "more and more of it).",
            lang,
            measure=name,
        )
    verdicts = {
        (True, True): lambda: say("This data agrees with the textbook.", lang),
        (True, False): lambda: say(
            "This data agrees with the textbook on the customers only.", lang
        ),
        (False, True): lambda: say(
            "This data agrees with the textbook on the {measure} only.", lang, measure=name
        ),
        (False, False): lambda: say("This data does not agree with the textbook.", lang),
    }
    verdict = verdicts[(bool(shape["count_pyramid"]), bool(shape["value_inverted"]))]()
    return join([text, counted, valued, verdict])


def allocation_critique(allocation: pd.DataFrame, *, lang: str = "en") -> Safe:
    """What is wrong (or right) with a plan: ``grading.resource_allocation_table`` output.

    Names the most over-served and the most under-served grade (resources against
    revenue), says "head count" only when :func:`helpers.grading.plan_basis` finds the
    plan closer to head count than to value, and "under-served" for the top grade only
    when it gets less than its share of revenue.

    >>> a = pd.DataFrame({"customers": [2, 3, 5], "customer_share": [0.2, 0.3, 0.5],
    ...     "revenue_share": [0.7, 0.2, 0.1], "resource_share": [0.25, 0.35, 0.4]},
    ...     index=["A", "B", "C"])
    >>> print(allocation_critique(a))
    **What is wrong.** Grade C gets 40% of the hours for 10% of the revenue (4.0 times its \
share), while grade A gets 25% of the hours for 70% of the revenue (0.36 times its share). \
The plan is closer to head count than to value: the best customers (grade A) are \
under-served, and they are the ones competitors court.
    """
    lang = reading_lang(lang)
    gaps = grading.effort_gaps(allocation, value="revenue")
    ratio = gaps["ratio"].dropna()
    if ratio.empty:
        return say("No grade has revenue, so the plan cannot be compared with value.", lang)
    over, under = ratio.idxmax(), ratio.idxmin()

    def part(grade: object) -> dict[str, str]:
        return {
            "hours": share(allocation.loc[grade, "resource_share"], decimals=0, lang=lang),
            "revenue": share(allocation.loc[grade, "revenue_share"], lang=lang),
            "times": f"{ratio[grade]:.2f}" if ratio[grade] < 1 else f"{ratio[grade]:.1f}",
        }

    in_line = grading.effort_in_line(allocation, value="revenue")
    if in_line:
        return say(
            "**What is right.** Every grade gets within 25% of its share of revenue in hours "
            "(from {low} to {high} times its share): the plan already follows value.",
            lang,
            low=format(ratio.min(), ".2f"),
            high=format(ratio.max(), ".2f"),
        )
    head = say(
        "**What is wrong.** Grade {over} gets {o_hours} of the hours for {o_revenue} of the "
        "revenue ({o_times} times its share), while grade {under} gets {u_hours} of the hours "
        "for {u_revenue} of the revenue ({u_times} times its share).",
        lang,
        over=str(over),
        under=str(under),
        **{"o_" + k: v for k, v in part(over).items()},
        **{"u_" + k: v for k, v in part(under).items()},
    )
    top = allocation.index[0]
    top_under = top in ratio.index and ratio[top] < 1
    basis = grading.plan_basis(allocation, value="revenue")
    if basis == "head count" and top_under:
        tail = say(
            "The plan is closer to head count than to value: the best customers (grade {top}) "
            "are under-served, and they are the ones competitors court.",
            lang,
            top=str(top),
        )
    elif basis == "head count":
        tail = say(
            "The plan is closer to head count than to value: effort goes where the customers "
            "are, not where the revenue is.",
            lang,
        )
    elif top_under:
        tail = say(
            "The plan leans towards value but not enough: the best customers (grade {top}) "
            "are still under-served.",
            lang,
            top=str(top),
        )
    else:
        tail = say(
            "The plan leans towards value, but some grades are still far from their share.",
            lang,
        )
    return join([head, tail])


def adjusted_plan(
    current: pd.DataFrame,
    adjusted: pd.DataFrame,
    *,
    value: str,
    base_service: float,
    tolerance: float = 0.25,
    lang: str = "en",
) -> Safe:
    """What the adjusted plan changes, measured against ``value`` ("profit" or "revenue").

    ``current`` and ``adjusted`` are ``grading.resource_allocation_table`` outputs. "In
    line with value" only when :func:`helpers.grading.effort_in_line` says so.

    >>> a = pd.DataFrame({"customers": [2, 3, 5], "customer_share": [0.2, 0.3, 0.5],
    ...     "profit_share": [0.7, 0.2, 0.1], "resource_share": [0.25, 0.35, 0.4]},
    ...     index=["A", "B", "C"])
    >>> b = a.assign(resource_share=[0.6, 0.22, 0.18])
    >>> print(adjusted_plan(a, b, value="profit", base_service=0.2))
    The adjusted plan moves effort towards value: the largest gap between a grade's share \
of the hours and its share of profit falls from 4.0 times (grade C) to 1.8 times (grade \
C). Grade C still gets more than its share, because the basic service (20% of the hours) \
is spread by head count.
    """
    lang = reading_lang(lang)
    before = grading.effort_gaps(current, value=value)["gap"].dropna()
    after = grading.effort_gaps(adjusted, value=value)["gap"].dropna()
    if after.empty:
        return say(
            "No grade has a {value} to compare the plan with.", lang, value=label(value, lang)
        )
    if grading.effort_in_line(adjusted, value=value, tolerance=tolerance):
        return say(
            "The adjusted plan brings effort in line with value: every grade gets within "
            "{tolerance} of its share of {value} in hours.",
            lang,
            tolerance=share(tolerance, lang=lang),
            value=label(value, lang),
        )
    worst_before, worst_after = before.idxmax(), after.idxmax()

    def times(gap: float) -> str:
        if np.isinf(gap):
            return say("no share at all", lang)
        return say("{gap:.1f} times", lang, gap=float(gap))

    if after.max() < before.max():
        text = say(
            "The adjusted plan moves effort towards value: the largest gap between a grade's "
            "share of the hours and its share of {value} falls from {before} (grade {g_before}) "
            "to {after} (grade {g_after}).",
            lang,
            value=label(value, lang),
            before=times(before.max()),
            after=times(after.max()),
            g_before=str(worst_before),
            g_after=str(worst_after),
        )
    else:
        return say(
            "The adjusted plan does not bring effort closer to value: the largest gap between "
            "a grade's share of the hours and its share of {value} is {after} (grade "
            "{g_after}), against {before} before.",
            lang,
            value=label(value, lang),
            before=times(before.max()),
            after=times(after.max()),
            g_after=str(worst_after),
        )
    over = adjusted.loc[worst_after, "resource_share"] > adjusted.loc[worst_after, f"{value}_share"]
    if over and base_service > 0:
        text = join(
            [
                text,
                say(
                    "Grade {grade} still gets more than its share, because the basic service "
                    "({base} of the hours) is spread by head count.",
                    lang,
                    grade=str(worst_after),
                    base=share(base_service, lang=lang),
                ),
            ]
        )
    return text


def migration_periods(
    days: int, requested: int, before: pd.DataFrame, after: pd.DataFrame, *, lang: str = "en"
) -> Safe:
    """The two periods compared and how many customers bought in each.

    >>> print(migration_periods(365, 365, pd.DataFrame(index=range(3)), pd.DataFrame(index=[1])))
    Two periods of 365 days each: 3 customers bought in the earlier one, 1 customer in the \
later one.
    """
    lang = reading_lang(lang)
    text = say(
        "Two periods of {days} days each: {before} bought in the earlier one, {after} in the "
        "later one.",
        lang,
        days=format(days, ","),
        before=_customers(len(before), lang),
        after=_customers(len(after), lang),
    )
    if days < requested:
        text = join(
            [
                text,
                say(
                    "The data is too short for two full grading periods of {requested} days, "
                    "so it is split into two halves.",
                    lang,
                    requested=format(requested, ","),
                ),
            ]
        )
    return text


def migration_actions(summary: pd.Series, *, top: str = "A", lang: str = "en") -> Safe:
    """What to do about the moves (``grading.migration_summary`` output).

    >>> s = pd.Series({"moved_up": 3, "fell": 2, "fell_from_top": 1,
    ...                "fell_from_top_value": 1234.0, "lost_top": 0, "new_top": 1})
    >>> print(migration_actions(s))
    **What to do.** 3 customers moved up: find out why (a new project, a competitor's \
failure, our own campaign) and give them the service of their new grade before they \
notice they lack it. 2 customers fell, 1 of them from A (it had bought 1,234 in the \
earlier period): these are the first calls for the account managers, because a falling A \
customer is often moving business to a competitor. No A customer of the earlier period \
stopped buying.
    """
    lang = reading_lang(lang)
    up, fell = int(summary["moved_up"]), int(summary["fell"])
    from_top, lost = int(summary["fell_from_top"]), int(summary["lost_top"])
    parts = [say("**What to do.**", lang)]
    if up:
        parts.append(
            say_n(
                "{k} moved up: find out why (a new project, a competitor's failure, our own "
                "campaign) and give it the service of its new grade before it notices it lacks "
                "it.",
                "{k} moved up: find out why (a new project, a competitor's failure, our own "
                "campaign) and give them the service of their new grade before they notice "
                "they lack it.",
                up,
                lang,
                k=_customers(up, lang),
            )
        )
    else:
        parts.append(say("No customer moved up.", lang))
    if fell and from_top:
        values = {
            "k": _customers(fell, lang),
            "top": top,
            "value": money(float(summary["fell_from_top_value"]), lang=lang),
        }
        if fell == 1:
            parts.append(
                say(
                    "{k} fell from {top} (it had bought {value} in the earlier period): the first "
                    "call for the account managers, because a falling {top} customer is often "
                    "moving business to a competitor.",
                    lang,
                    **values,
                )
            )
        elif from_top == 1:
            parts.append(
                say(
                    "{k} fell, 1 of them from {top} (it had bought {value} in the earlier "
                    "period): these are the first calls for the account managers, because a "
                    "falling {top} customer is often moving business to a competitor.",
                    lang,
                    **values,
                )
            )
        else:
            parts.append(
                say(
                    "{k} fell, {from_top} of them from {top} (they had bought {value} in the "
                    "earlier period): these are the first calls for the account managers, "
                    "because a falling {top} customer is often moving business to a competitor.",
                    lang,
                    from_top=format(from_top, ","),
                    **values,
                )
            )
    elif fell == 1:
        parts.append(
            say("{k} fell, not from {top}: check it first.", lang, k=_customers(1, lang), top=top)
        )
    elif fell:
        parts.append(
            say(
                "{k} fell, none of them from {top}: check the largest of them first.",
                lang,
                k=_customers(fell, lang),
                top=top,
            )
        )
    else:
        parts.append(say("No customer fell to a lower grade.", lang))
    if lost:
        parts.append(
            say_n(
                "{k} {top} customer bought nothing in the later period: a win-back case.",
                "{k} {top} customers bought nothing in the later period: a win-back case each.",
                lost,
                lang,
                k=format(lost, ","),
                top=top,
            )
        )
    else:
        parts.append(say("No {top} customer of the earlier period stopped buying.", lang, top=top))
    return join(parts)


# --- the business summary: one short line per finding ------------------------------------


def summary_eighty_twenty(
    top: pd.Series, *, band: Sequence[float] = _BAND, lang: str = "en"
) -> Safe:
    """The 80/20 finding in one line (a row of ``grading.top_share_by_group``)."""
    lang = reading_lang(lang)
    if not top["customers"] or pd.isna(top["top_share"]):
        return say("No revenue in the period: the 80/20 rule cannot be tested.", lang)
    verdict = grading.pareto_verdict(float(top["top_share"]), band=band)
    values = {
        "k": f"{int(top['top_customers']):,}",
        "top": share(int(top["top_customers"]) / int(top["customers"]), lang=lang),
        "share": share(float(top["top_share"]), decimals=0, lang=lang),
    }
    sentences = {
        "holds roughly": lambda: say(
            "The top {k} customers ({top}) bring {share} of the revenue: the 80/20 rule holds "
            "roughly here.",
            lang,
            **values,
        ),
        "less concentrated": lambda: say(
            "The top {k} customers ({top}) bring {share} of the revenue: the 80/20 rule "
            "overstates the concentration here.",
            lang,
            **values,
        ),
        "more concentrated": lambda: say(
            "The top {k} customers ({top}) bring {share} of the revenue: the 80/20 rule "
            "understates the concentration here.",
            lang,
            **values,
        ),
    }
    return sentences[verdict]()


def summary_amounts(thresholds: Sequence[float], *, derived: bool, lang: str = "en") -> Safe:
    """The fixed amounts in one line.

    >>> print(summary_amounts((10_000.0, 3_000.0), derived=True))
    Fixed grading amounts for this market, rounded from the data: A from 10,000, B from \
3,000 a period.
    """
    lang = reading_lang(lang)
    values = {"a": money(thresholds[0], lang=lang), "b": money(thresholds[1], lang=lang)}
    if derived:
        return say(
            "Fixed grading amounts for this market, rounded from the data: A from {a}, B from "
            "{b} a period.",
            lang,
            **values,
        )
    return say(
        "Fixed grading amounts chosen for this run: A from {a}, B from {b} a period.",
        lang,
        **values,
    )


def summary_vip(graded: pd.DataFrame, *, total: float, lang: str = "en") -> Safe:
    """The VIP finding in one line."""
    lang = reading_lang(lang)
    chosen = graded[graded["grade"].astype(str) == "VIP"]
    if len(chosen) == 0:
        return say("There are no VIP customers in this period.", lang)
    values = {
        "top": share(len(chosen) / len(graded), lang=lang),
        "share": share(float(chosen["value"].sum()) / total if total else float("nan"), lang=lang),
    }
    if len(chosen) == 1:
        return say(
            "The one VIP customer (the top {top}) brings {share} of the revenue.", lang, **values
        )
    return say(
        "The {k} VIP customers (the top {top}) bring {share} of the revenue.",
        lang,
        k=format(len(chosen), ","),
        **values,
    )


def summary_exit(tiers: pd.DataFrame | None, *, lang: str = "en") -> Safe:
    """The exit tier in one line, or that profit is unknown."""
    lang = reading_lang(lang)
    if tiers is None:
        return say(
            "Without costs, no statement about profit is possible: collect costs first.", lang
        )
    exit_tier = tiers[tiers["tier"].astype(str) == "exit"]
    if len(exit_tier) == 0:
        return say("No customer is in the exit tier: every customer makes a profit.", lang)
    total = float(exit_tier["profit"].sum())
    values = {
        "k": _customers(len(exit_tier), lang),
        "share": share(len(exit_tier) / int(tiers["profit"].notna().sum()), lang=lang),
        "loss": money(-total, lang=lang),
    }
    if total < 0:
        return say_n(
            "{k} ({share}) is in the exit tier: it loses {loss}, which the other tiers pay for.",
            "{k} ({share}) are in the exit tier: together they lose {loss}, which the other "
            "tiers pay for.",
            len(exit_tier),
            lang,
            **values,
        )
    return say_n(
        "{k} ({share}) is in the exit tier: it makes no profit.",
        "{k} ({share}) are in the exit tier: together they make no profit.",
        len(exit_tier),
        lang,
        **values,
    )


def summary_plan(
    current: pd.DataFrame,
    adjusted: pd.DataFrame,
    *,
    value: str,
    tolerance: float = 0.25,
    lang: str = "en",
) -> Safe:
    """The plan finding in one line: today's largest gap and what the adjustment does."""
    lang = reading_lang(lang)
    gaps = grading.effort_gaps(current, value="revenue")["ratio"].dropna()
    if gaps.empty:
        return say("No grade has revenue: the plan cannot be judged.", lang)
    worst = gaps.idxmax()
    today = say(
        "Today's plan gives grade {grade} {times} times its share of revenue in hours;",
        lang,
        grade=str(worst),
        times=format(gaps.max(), ".1f"),
    )
    after = grading.effort_gaps(adjusted, value=value)["gap"].dropna()
    before = grading.effort_gaps(current, value=value)["gap"].dropna()
    if grading.effort_in_line(adjusted, value=value, tolerance=tolerance):
        end = say("the adjusted plan brings effort in line with value.", lang)
    elif not after.empty and after.max() < before.max():
        end = say(
            "the adjusted plan moves effort towards value, with grade {grade} still at "
            "{times} times its share of {value}.",
            lang,
            grade=str(after.idxmax()),
            times=format(after.max(), ".1f"),  # finite: an infinite gap is never below another
            value=label(value, lang),
        )
    else:
        end = say("the adjusted plan does not bring effort closer to value.", lang)
    return join([today, end])


def summary_migration(summary: pd.Series, *, lang: str = "en") -> Safe:
    """The migration finding in one line."""
    lang = reading_lang(lang)
    return say(
        "Between the two periods {up} moved up and {fell} fell: grading must be re-run every "
        "period.",
        lang,
        up=_customers(int(summary["moved_up"]), lang),
        fell=_customers(int(summary["fell"]), lang),
    )
