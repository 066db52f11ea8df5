"""Readings of lesson 02, customer profiling (客户基本情况与商业价值分析): composition,
ranking, margins, RFM ties, activity, gold and drag customers, complaints, cross-selling.

Every function takes tables :mod:`helpers.profiling` and :mod:`helpers.rfm` computed
and returns Markdown (:class:`helpers.text.Safe`) for :func:`helpers.text.show`.

>>> import pandas as pd
>>> print(complaints_reading(None, min_complaints=2, big_top=0.2))
This data has no complaints table, so big customers with repeated complaints cannot be
found. Keeping a complaint log per customer is the first step.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.glossary import label
from helpers.readings.collection import _join, _n, _pct
from helpers.readings.words import count, listing, money, say, say_n, term
from helpers.text import Safe

__all__ = [
    "activity_reading",
    "composition_reading",
    "composition_unavailable",
    "complaints_reading",
    "cross_sell_reading",
    "gold_drag_reading",
    "gold_persistence_claim",
    "margin_availability",
    "margin_reading",
    "top_customers_margin_reading",
    "profiling_summary",
    "ranking_reading",
    "rfm_ties_reading",
]

#: the forecast "last period's gold customers stay gold" counts as holding when at least
#: this share of them are gold again (a yardstick of the course, stated in the reading)
GOLD_HOLDS = 0.5
#: a test of the forecast on a prior period the data covers less than this says little
FULL_PERIOD = 0.9


def _customers(n: int, lang: str) -> str:
    return count(n, "customer", "customers", lang=lang, zh="位客户")


# --- composition --------------------------------------------------------------------------------


def composition_unavailable(
    has_customer_table: bool, dimensions: Sequence[str], *, lang: str = "en"
) -> Safe:
    """Why the composition cannot be shown (no customer table, or none of its columns)."""
    names = Safe(listing([label(d, lang) for d in dimensions], lang=lang))
    if not has_customer_table:
        return say(
            "This data has no customer profile table, so the composition of the customers (by "
            "{names}) cannot be shown. The order lines say what customers buy, not who they "
            "are.",
            lang,
            names=names,
        )
    return say(
        "The customer table has none of the columns a composition looks at ({names}), so the "
        "composition cannot be shown.",
        lang,
        names=names,
    )


def composition_reading(table: pd.DataFrame, dimension: str, *, lang: str = "en") -> Safe:
    """The largest group and where revenue per customer is highest and lowest.

    ``table`` is :func:`helpers.profiling.composition_table` for one ``dimension``.
    Customers without a value ("(missing)") are counted and then left aside.
    """
    name = label(dimension, lang)
    total = int(table["customers"].sum())
    missing = int(table["customers"].get("(missing)", 0))
    known = table.drop(index="(missing)", errors="ignore")
    if known.empty:
        return say(
            "No customer has a {name} recorded, so the composition by {name} shows nothing.",
            lang,
            name=name,
        )
    parts = []
    if missing:
        parts.append(
            say_n(
                "{customers} ({s}) has no {name} recorded and is left aside here.",
                "{customers} ({s}) have no {name} recorded and are left aside here.",
                missing,
                lang,
                customers=_customers(missing, lang),
                s=_pct(missing / total, lang),
                name=name,
            )
        )
    has_revenue = "revenue_share" in known.columns and known["revenue_share"].notna().all()
    top = known.index[0]
    if has_revenue:
        parts.append(
            say(
                "By {name}, the group with the most customers is **{top}** ({cs} of customers, "
                "{rs} of revenue).",
                lang,
                name=name,
                top=term(top, lang),
                cs=_pct(known["customer_share"].iloc[0], lang),
                rs=_pct(known["revenue_share"].iloc[0], lang),
            )
        )
    else:
        parts.append(
            say(
                "By {name}, the group with the most customers is **{top}** ({cs} of customers).",
                lang,
                name=name,
                top=term(top, lang),
                cs=_pct(known["customer_share"].iloc[0], lang),
            )
        )
    if has_revenue and len(known) > 1:
        ratio = (known["revenue_share"] / known["customer_share"]).sort_values(kind="stable")
        if ratio.iloc[-1] == ratio.iloc[0]:
            parts.append(say("Revenue per customer is the same in every group.", lang))
        else:
            parts.append(
                say(
                    "Revenue per customer is highest in **{hi}** (its share of revenue is {x:.1f} "
                    "times its share of customers) and lowest in **{lo}** ({y:.1f} times).",
                    lang,
                    hi=term(ratio.index[-1], lang),
                    x=float(ratio.iloc[-1]),
                    lo=term(ratio.index[0], lang),
                    y=float(ratio.iloc[0]),
                )
            )
    return _join(*parts)


# --- ranking ------------------------------------------------------------------------------------


def ranking_reading(ranked: pd.DataFrame, pareto: pd.Series, *, lang: str = "en") -> Safe:
    """The largest customer's share and the top share's (:func:`profiling.pareto_summary`)."""
    if len(ranked) == 0 or np.isnan(pareto["top_revenue_share"]):
        return say("No customer has any revenue in this data, so there is nothing to rank.", lang)
    return say(
        "The largest customer ({id}) brings {first} of revenue; the top {top} ({n}) bring {share}.",
        lang,
        id=ranked.index[0],
        first=_pct(ranked["share"].iloc[0], lang),
        top=_pct(pareto["top"], lang),
        n=_customers(_n(pareto["top_customers"]), lang),
        share=_pct(pareto["top_revenue_share"], lang),
    )


# --- gross margin -------------------------------------------------------------------------------


def margin_availability(
    *,
    has_cost: bool,
    has_products: bool,
    has_names: bool,
    has_categories: bool,
    lang: str = "en",
) -> Safe:
    """What the margin analysis can and cannot show with the data of the run."""
    if not has_cost:
        return say(
            "**This data has no cost column**, so gross margin, profit and everything built on "
            "them cannot be computed. What can still be done: rank products by revenue and by "
            "the number of customers who buy them (below), and ask the finance team for unit "
            "costs, or state an assumed margin and say so in every result.",
            lang,
        )
    if not has_products:
        return say(
            "This data has cost but no products table: margins are shown per product id, "
            "without product names or categories.",
            lang,
        )
    if not has_names and not has_categories:
        return say(
            "The products table has neither names nor categories: margins are shown per "
            "product id.",
            lang,
        )
    if not has_categories:
        return say(
            "The products table has no categories: margins are shown per product, not per "
            "category.",
            lang,
        )
    if not has_names:
        return say(
            "The products table has no product names: margins are shown per category, and "
            "single products by their id.",
            lang,
        )
    return say(
        "This data has cost, product names and categories: margins can be shown per "
        "category and per product.",
        lang,
    )


def margin_reading(margins: pd.DataFrame, *, lang: str = "en") -> Safe:
    """Overall margin, highest and lowest group, and groups sold below cost.

    ``margins`` is :func:`profiling.margin_by_category` or :func:`profiling.margin_by_product`
    (named by ``product_name`` when present, else by the index).
    """
    known = margins[margins["margin"].notna()]
    if known.empty:
        return say("The margin is unknown everywhere: some cost is missing on every line.", lang)
    revenue = float(known["revenue"].sum())
    names = (
        known["product_name"].fillna(pd.Series(known.index, index=known.index)).astype(str)
        if "product_name" in known.columns
        else pd.Series(known.index.astype(str), index=known.index)
    )
    overall = float(known["profit"].sum()) / revenue if revenue else np.nan
    order = known["margin"].sort_values(ascending=False, kind="stable")
    parts = [say("The overall gross margin is {m}.", lang, m=_pct(overall, lang))]
    if len(order) > 1:
        parts.append(
            say(
                "The highest margin is in **{hi}** ({x}), the lowest in **{lo}** ({y}).",
                lang,
                hi=names[order.index[0]],
                x=_pct(order.iloc[0], lang),
                lo=names[order.index[-1]],
                y=_pct(order.iloc[-1], lang),
            )
        )
    losing = order.index[order < 0]
    if len(losing) == 0:
        parts.append(say("Nothing is sold below cost.", lang))
    else:
        shown = [names[i] for i in losing[:5]]
        more = say(" and {n:,} more", lang, n=len(losing) - 5) if len(losing) > 5 else ""
        parts.append(
            say(
                "Sold below cost: {items}{more}.",
                lang,
                items=Safe(listing(shown, lang=lang)),
                more=Safe(more),
            )
        )
    return _join(*parts)


def top_customers_margin_reading(top: pd.DataFrame, *, lang: str = "en") -> Safe:
    """The margins of the largest customers: from whom we keep the most per unit of revenue.

    ``top`` holds the largest customers (index customer_id) with a ``margin`` column.
    """
    known = top["margin"].dropna().sort_values(kind="stable")
    unknown = len(top) - len(known)
    parts = []
    if len(known) == 0:
        return say(
            "The margin of these customers is unknown: some of their lines have no cost.", lang
        )
    if len(known) == 1:
        parts.append(say("Customer {id} keeps {m} of its revenue for us.", lang,
                         id=known.index[0], m=_pct(known.iloc[0], lang)))  # fmt: skip
    else:
        parts.append(
            say(
                "Among the {n} largest customers the margin runs from {lo} ({lo_id}) to {hi} "
                "({hi_id}); the products below are the ones that pull {lo_id} down.",
                lang,
                n=len(top),
                lo=_pct(known.iloc[0], lang),
                lo_id=known.index[0],
                hi=_pct(known.iloc[-1], lang),
                hi_id=known.index[-1],
            )
        )
    if unknown:
        parts.append(
            say("The margin of 1 of them is unknown (a line without cost).", lang)
            if unknown == 1
            else say("The margin of {k} of them is unknown (lines without cost).", lang, k=unknown)
        )
    return _join(*parts)


# --- RFM ----------------------------------------------------------------------------------------


def rfm_ties_reading(
    scores: pd.DataFrame, counts: pd.DataFrame, *, ties: str, lang: str = "en"
) -> Safe:
    """Which tie rule the scores use, why, and what it did to the groups of this data.

    ``scores`` is :func:`helpers.rfm.rfm_scores`, ``counts`` :func:`helpers.rfm.score_counts`.
    """
    one_time = scores.loc[scores["frequency"] == 1, "f_score"]
    f_counts = counts["f_score"]
    empty = [int(s) for s in f_counts.index[f_counts.to_numpy() == 0]]
    if ties == "shared":
        parts = [
            say(
                'Equal values share a score here (`ties="shared"`, the course\'s default): two '
                "customers with the same record get the same score, so nobody is scored above an "
                "identical customer because of an id.",
                lang,
            )
        ]
        if len(one_time):
            scores_of_one = sorted(set(one_time.astype(int)))
            parts.append(
                say("The one customer who ordered once has F = {f}.", lang, f=scores_of_one[0])
                if len(one_time) == 1
                else say(
                    "All {customers} who ordered once share F = {f}.",
                    lang,
                    customers=_customers(len(one_time), lang),
                    f=scores_of_one[0],
                )
            )
        parts.append(
            say(
                "The price is uneven groups: the F groups hold from {lo:,} to {hi:,} customers.",
                lang,
                lo=int(f_counts.min()),
                hi=int(f_counts.max()),
            )
        )
        if empty:
            parts.append(
                say(
                    "No customer has F = {scores}.",
                    lang,
                    scores=Safe(listing([str(s) for s in empty], lang=lang)),
                )
            )
        return _join(*parts)
    parts = [
        say(
            'Equal values are ordered by customer id here (`ties="id"`): every score holds the '
            "same number of customers, give or take one, but of two customers with the same record "
            "one may score higher only because of the id.",
            lang,
        )
    ]
    if len(one_time):
        spread = sorted(set(one_time.astype(int)))
        scores = Safe(listing([str(s) for s in spread], lang=lang))
        parts.append(
            say("The one customer who ordered once has F = {scores}.", lang, scores=scores)
            if len(one_time) == 1
            else say(
                "The {customers} who ordered once are spread over F = {scores}.",
                lang,
                customers=_customers(len(one_time), lang),
                scores=scores,
            )
        )
    return _join(*parts)


# --- activity -----------------------------------------------------------------------------------


def activity_reading(
    activity: pd.DataFrame, cycle_days: pd.Series, *, dormant_after_days: int, lang: str = "en"
) -> Safe:
    """Dormant customers and the cut-off against the activity cycle (购买周期)."""
    total = int(activity["customers"].sum())
    dormant = int(activity.loc["dormant", "customers"])
    if dormant == 0:
        parts = [
            say(
                "No customer is dormant: every customer ordered in the last {days:,} days.",
                lang,
                days=dormant_after_days,
            )
        ]
    else:
        parts = [
            say_n(
                "{customers} ({s}) is dormant: no order for more than {days:,} days.",
                "{customers} ({s}) are dormant: no order for more than {days:,} days.",
                dormant,
                lang,
                customers=_customers(dormant, lang),
                s=_pct(dormant / total if total else np.nan, lang),
                days=dormant_after_days,
            )
        ]
    if dormant:
        parts.append(
            say(
                "In the prior period they brought {money} of revenue: business that is slipping "
                "away.",
                lang,
                money=Safe(
                    money(float(activity.loc["dormant", "revenue_prior_period"]), lang=lang)
                ),
            )
        )
    if len(cycle_days) == 0:
        parts.append(
            say(
                "No customer has bought more than once, so there is no activity cycle "
                "to judge the cut-off by.",
                lang,
            )
        )
        return _join(*parts)
    cycle = float(cycle_days.median())
    if cycle <= 0:
        parts.append(
            say(
                "Repeat buyers order several times on the same day, so the activity "
                "cycle is under a day.",
                lang,
            )
        )
        return _join(*parts)
    parts.append(
        say(
            "Repeat buyers order about every {c:,.0f} days (the median), so the cut-off allows "
            "about {r:.1f} missed buying cycles before a customer counts as dormant.",
            lang,
            c=cycle,
            r=dormant_after_days / cycle,
        )
    )
    if dormant_after_days < cycle:
        parts.append(
            say(
                "That is shorter than one cycle: many regular customers are called dormant between "
                "two orders; a longer cut-off fits this data better.",
                lang,
            )
        )
    return _join(*parts)


# --- gold and drag ------------------------------------------------------------------------------


def gold_drag_reading(
    groups: pd.DataFrame,
    group_summary: pd.DataFrame,
    *,
    gold: float,
    drag: float,
    lang: str = "en",
) -> Safe:
    """What the gold and the drag customers bring (:func:`profiling.gold_and_drag_summary`)."""
    t = group_summary
    if t["revenue_share"].isna().all() or float(groups["value"].sum()) == 0:
        return say(
            "Nobody bought anything in the last period, so gold and drag customers "
            "cannot be told apart.",
            lang,
        )
    parts = [
        say(
            "The gold {g} ({n_gold}) bring **{gs}** of last period's revenue; the drag {d} "
            "({n_drag}) bring {ds} but place {do} of the period's orders.",
            lang,
            g=_pct(gold, lang),
            n_gold=_customers(int(t.loc["gold", "customers"]), lang),
            gs=_pct(t.loc["gold", "revenue_share"], lang),
            d=_pct(drag, lang),
            n_drag=_customers(int(t.loc["drag", "customers"]), lang),
            ds=_pct(t.loc["drag", "revenue_share"], lang),
            do=_pct(t.loc["drag", "orders_share"], lang),
        )
    ]
    idle = groups["value"] == 0
    in_drag = int((idle & (groups["group"] == "drag")).sum())
    elsewhere = int(idle.sum()) - in_drag
    if in_drag and not elsewhere:
        parts.append(
            say(
                "{n} of the drag group bought nothing at all in the last period.",
                lang,
                n=_customers(in_drag, lang),
            )
        )
    elif elsewhere:
        parts.append(
            say(
                "{n} bought nothing at all in the last period, more than the drag group holds: "
                "{k:,} of them are counted in the middle group.",
                lang,
                n=_customers(int(idle.sum()), lang),
                k=elsewhere,
            )
        )
    return _join(*parts)


def gold_persistence_claim(persistence: pd.Series, *, lang: str = "en") -> Safe:
    """The textbook's forecast, tested: do last period's gold customers stay gold?

    It counts as holding when at least :data:`GOLD_HOLDS` (half) of them are gold again.
    """
    claim = say(
        "The textbook uses last year's gold customers (金牌客户) to forecast this year's "
        "biggest buyers.",
        lang,
    )
    n = _n(persistence["prior_gold"])
    if n == 0:
        return _join(
            claim,
            say(
                "Nobody bought anything in the prior period of this data, so the forecast cannot "
                "be tested.",
                lang,
            ),
        )
    parts = [claim]
    weak = persistence["prior_coverage"] < FULL_PERIOD
    if weak:
        parts.append(
            say(
                "Careful: the data covers only {c} of the prior period, so this test says little; "
                "it needs two full periods of data.",
                lang,
                c=_pct(persistence["prior_coverage"], lang),
            )
        )
    gold_n = count(n, "gold customer", "gold customers", lang=lang, zh="位金牌客户")
    if _n(persistence["stayed"]) == 0:
        measured = say(
            "None of the prior period's {n} is gold again; together they brought {f} of the "
            "last period's revenue.",
            lang,
            n=gold_n,
            f=_pct(persistence["forecast_share"], lang),
        )
    else:
        measured = say_n(
            "Of the prior period's {gold}, {n:,} ({s}) is gold again, and together they brought "
            "{f} of the last period's revenue.",
            "Of the prior period's {gold}, {n:,} ({s}) are gold again, and together they brought "
            "{f} of the last period's revenue.",
            _n(persistence["stayed"]),
            lang,
            gold=gold_n,
            s=_pct(persistence["stayed_share"], lang),
            f=_pct(persistence["forecast_share"], lang),
        )
    parts.append(measured)
    if persistence["stayed_share"] >= GOLD_HOLDS:
        parts.append(
            say(
                "The forecast **holds** on this data (at least half stay gold, the "
                "course's yardstick).",
                lang,
            )
        )
    else:
        parts.append(
            say(
                "The forecast **does not hold** on this data (fewer than half stay "
                "gold, the course's yardstick).",
                lang,
            )
        )
    return _join(*parts)


# --- complaints and cross-selling ---------------------------------------------------------------


def complaints_reading(
    complainers: pd.DataFrame | None, *, min_complaints: int, big_top: float, lang: str = "en"
) -> Safe:
    """Big customers with repeated complaints (:func:`profiling.big_customers_with_complaints`)."""
    if complainers is None:
        return say(
            "This data has no complaints table, so big customers with repeated complaints "
            "cannot be found. Keeping a complaint log per customer is the first step.",
            lang,
        )
    n = len(complainers)
    if n == 0:
        return say(
            "No big customer (top {top}) complained {k:,} times or more in the period.",
            lang,
            top=_pct(big_top, lang),
            k=min_complaints,
        )
    text = say(
        "{n} of the top {top} complained {k:,} times or more in the period.",
        lang,
        n=_customers(n, lang),
        top=_pct(big_top, lang),
        k=min_complaints,
    )
    unresolved = complainers["unresolved"]
    if unresolved.isna().all():
        return _join(
            text,
            say(
                "The complaints table does not say which complaints were resolved, so open "
                "cases cannot be listed.",
                lang,
            ),
        )
    open_cases = int((unresolved > 0).sum())
    if open_cases == 0:
        return _join(
            text,
            say(
                "All their complaints are resolved; a call from someone senior still shows "
                "they matter.",
                lang,
            ),
        )
    return _join(
        text,
        say(
            "{k:,} of them still have an open complaint: a list for the service manager this week.",
            lang,
            k=open_cases,
        ),
    )


def cross_sell_reading(
    prospects: pd.DataFrame | None,
    *,
    by: str,
    max_items: int,
    n_customers: int,
    lang: str = "en",
) -> Safe:
    """Cross-sell prospects (关联销售) and what they were counted by.

    ``prospects`` is :func:`profiling.cross_sell_prospects` (None: no product ids);
    ``by`` is "category" or "product_id".
    """
    if prospects is None:
        return say(
            "This data has no product ids, so cross-selling cannot be analysed: it "
            "needs to know what each customer buys.",
            lang,
        )
    lines = (
        count(max_items, "product category", "product categories", lang=lang, zh="个品类")
        if by == "category"
        else count(max_items, "distinct product", "distinct products", lang=lang, zh="种产品")
    )
    parts = []
    if by != "category":
        parts.append(
            say(
                "This data has no product categories, so prospects are counted by "
                "products, not by product lines.",
                lang,
            )
        )
    n = len(prospects)
    if n == 0:
        parts.append(
            say(
                "No customer spends at least the median amount and buys {lines} or fewer.",
                lang,
                lines=lines,
            )
        )
    else:
        parts.append(
            say_n(
                "{customers} ({s}) spends at least the median customer's amount but buys {lines} "
                "or fewer: the sales team's prospect list.",
                "{customers} ({s}) spend at least the median customer's amount but buy {lines} or "
                "fewer: the sales team's prospect list.",
                n,
                lang,
                customers=_customers(n, lang),
                s=_pct(n / n_customers if n_customers else np.nan, lang),
                lines=lines,
            )
        )
    return _join(*parts)


# --- the business summary -----------------------------------------------------------------------


def profiling_summary(
    *,
    ranking: Safe,
    activity: pd.DataFrame,
    dormant_after_days: int,
    group_summary: pd.DataFrame,
    gold: float,
    persistence: pd.Series,
    overall_margin: float,
    complainers: pd.DataFrame | None,
    prospects: pd.DataFrame | None,
    lang: str = "en",
) -> Safe:
    """What this means for the business: one computed bullet per part of the lesson."""
    bullets = [say("**Ranking.** {text}", lang, text=ranking)]
    total = int(activity["customers"].sum())
    dormant = int(activity.loc["dormant", "customers"])
    if dormant == 0:
        bullets.append(
            say(
                "**Activity.** No customer has gone more than {days:,} days without ordering.",
                lang,
                days=dormant_after_days,
            )
        )
    else:
        bullets.append(
            say_n(
                "**Activity.** {customers} ({s}) has not ordered for more than {days:,} days: a "
                "customer to win back, or to let go.",
                "**Activity.** {customers} ({s}) have not ordered for more than {days:,} days: a "
                "win-back list, or customers to let go.",
                dormant,
                lang,
                customers=_customers(dormant, lang),
                s=_pct(dormant / total if total else np.nan, lang),
                days=dormant_after_days,
            )
        )
    gold_share = group_summary.loc["gold", "revenue_share"]
    if np.isnan(gold_share):
        bullets.append(say("**Gold and drag.** Nobody bought in the last period.", lang))
    else:
        holds = persistence["stayed_share"]
        if np.isnan(holds):
            stay = say("whether gold customers stay gold cannot be tested here", lang)
        elif holds >= GOLD_HOLDS:
            stay = say(
                "{s} of the prior period's gold customers are gold again", lang, s=_pct(holds, lang)
            )
        else:
            stay = say(
                "only {s} of the prior period's gold customers are gold again",
                lang,
                s=_pct(holds, lang),
            )
        bullets.append(
            say(
                "**Gold and drag.** The gold {g} bring {gs} of last period's revenue; {stay}.",
                lang,
                g=_pct(gold, lang),
                gs=_pct(gold_share, lang),
                stay=stay,
            )
        )
    if np.isnan(overall_margin):
        bullets.append(
            say("**Margin.** Without cost data no statement about profit is possible.", lang)
        )
    else:
        bullets.append(
            say(
                "**Margin.** The overall gross margin is {m}; the margin chart shows "
                "which products lift it and which pull it down.",
                lang,
                m=_pct(overall_margin, lang),
            )
        )
    if complainers is not None:
        bullets.append(
            say(
                "**Complaints.** {n} with repeated complaints: keep them by solving "
                "their problems fast.",
                lang,
                n=count(
                    len(complainers), "big customer", "big customers", lang=lang, zh="位大客户"
                ),
            )
        )
    if prospects is not None:
        bullets.append(
            say("**Cross-selling.** The prospect list is empty.", lang)
            if len(prospects) == 0
            else say("**Cross-selling.** 1 customer is on the prospect list.", lang)
            if len(prospects) == 1
            else say(
                "**Cross-selling.** {customers} on the prospect list.",
                lang,
                customers=_customers(len(prospects), lang),
            )
        )
    return Safe("\n".join(f"- {b}" for b in bullets))
