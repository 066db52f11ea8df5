"""Readings of lesson 04 (purchase decile analysis, 购买十分位分析).

Each function takes tables that :mod:`helpers.deciles` (or :mod:`helpers.grading`)
computed and returns Markdown. The textbook's statements ("profit is more concentrated
than sales, and the bottom deciles can lose money", "transactional customers buy on
price and bring little profit", the 80/20 rule) are stated as its claims and measured
on the data of the run, with every branch (agrees, does not agree, no cost data).

>>> import pandas as pd
>>> print(groups_need_profit(True))
Each customer is placed by the rules above; the table counts the groups.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.glossary import label
from helpers.params import PARAMETERS
from helpers.readings.grading import _customers
from helpers.readings.words import (
    either,
    join,
    listing,
    money,
    reading_lang,
    say,
    say_n,
    share,
    term,
)
from helpers.text import Safe, esc

_BAND = tuple(PARAMETERS["pareto_band"].default)


def _parts(groups: int, lang: str) -> dict[str, str]:
    """The word for one of the equal parts: a tenth for deciles, else a part.

    >>> _parts(10, "zh")["part"], _parts(4, "zh")["Parts"]
    ('十分位', '等份')
    """
    if lang == "zh":
        return dict.fromkeys(
            ("part", "parts", "Part", "Parts"), "十分位" if groups == 10 else "等份"
        )
    if groups == 10:
        return {"part": "tenth", "parts": "tenths", "Part": "Tenth", "Parts": "Tenths"}
    return {"part": "part", "parts": "parts", "Part": "Part", "Parts": "Parts"}


def trend_coverage(customers: pd.DataFrame, *, lang: str = "en") -> Safe:
    """How many customers have a known trend (a purchase in the period before to compare with).

    >>> t = pd.DataFrame({"trend": [0.1, float("nan"), -0.5]})
    >>> print(trend_coverage(t))
    The trend is unknown for 1 of the 3 customers (no purchase in the period before to \
compare with): they cannot be found "losing value".
    """
    lang = reading_lang(lang)
    unknown = int(customers["trend"].isna().sum())
    if len(customers) == 0:
        return say("No customer bought in the period.", lang)
    if unknown == 0:
        return say("The trend is known for every customer.", lang)
    if unknown == len(customers):
        return say(
            "The trend is unknown for every customer (the data has no purchases in the period "
            'before to compare with): nobody can be found "losing value".',
            lang,
        )
    return say(
        "The trend is unknown for {unknown} of the {total} customers (no purchase in the "
        'period before to compare with): they cannot be found "losing value".',
        lang,
        unknown=format(unknown, ","),
        total=format(len(customers), ","),
    )


def profit_note(customers: pd.DataFrame, has_cost: bool, *, lang: str = "en") -> Safe:
    """Whether the tables below can show profit; with costs, the total and the loss-makers.

    >>> t = pd.DataFrame({"profit": [100.0, -20.0, 0.0]})
    >>> print(profit_note(t, True))
    The data has costs: every table below shows **sales and profit** side by side. Total \
profit in the period: 80; 2 customers made no profit or a loss.
    """
    lang = reading_lang(lang)
    if not has_cost:
        return say(
            "**This data has no cost column**, so profit is unknown: the profit columns stay "
            "empty, the profit charts say so, and the analysis goes on with sales alone. No "
            "cost is invented.",
            lang,
        )
    losers = int((customers["profit"] <= 0).sum())
    if losers == 0:
        return say(
            "The data has costs: every table below shows **sales and profit** side by side. "
            "Total profit in the period: {total}; every customer made a profit.",
            lang,
            total=money(float(customers["profit"].sum()), lang=lang),
        )
    return say_n(
        "The data has costs: every table below shows **sales and profit** side by side. Total "
        "profit in the period: {total}; {k} made no profit or a loss.",
        "The data has costs: every table below shows **sales and profit** side by side. Total "
        "profit in the period: {total}; {k} made no profit or a loss.",
        losers,
        lang,
        total=money(float(customers["profit"].sum()), lang=lang),
        k=_customers(losers, lang),
    )


def customer_deciles(table: pd.DataFrame, *, lang: str = "en") -> Safe:
    """What the customer decile chart shows (``deciles.customer_deciles`` output).

    >>> d = pd.DataFrame({"customers": [2, 2, 1], "revenue_share": [0.7, 0.25, 0.05]},
    ...                  index=pd.Index([1, 2, 3], name="decile"))
    >>> print(customer_deciles(d))
    **What the chart shows.** Each group holds 1 or 2 customers (the dashed line is the \
share each group holds). Group 1 brings 70% of sales, group 3 only 5%.
    """
    lang = reading_lang(lang)
    sizes = table["customers"]
    if sizes.sum() == 0:
        return say("**What the chart shows.** No customer bought in the period.", lang)
    low, high = int(sizes.min()), int(sizes.max())
    values = {
        "low": low,
        "high": high,
        "first": str(table.index[0]),
        "last": str(table.index[-1]),
        "top": share(table["revenue_share"].iloc[0], decimals=0, lang=lang),
        "bottom": share(table["revenue_share"].iloc[-1], lang=lang),
    }
    if low == high:
        return say(
            "**What the chart shows.** Each group holds {low:,} customers (the dashed line is the "
            "share each group holds). Group {first} brings {top} of sales, group {last} only "
            "{bottom}.",
            lang,
            **values,
        )
    return say(
        "**What the chart shows.** Each group holds {low:,} or {high:,} customers (the dashed "
        "line is the share each group holds). Group {first} brings {top} of sales, group {last} "
        "only {bottom}.",
        lang,
        **values,
    )


def profit_concentration(
    by_customers: pd.DataFrame,
    by_sales: pd.DataFrame,
    by_profit: pd.DataFrame | None,
    customers: pd.DataFrame,
    *,
    lang: str = "en",
) -> Safe:
    """The textbook's claim "profit is more concentrated than sales, and the bottom deciles
    can lose money", measured.

    Profit is more concentrated at the top when decile 1 of the customer deciles makes a
    larger share of profit than of sales, and when the first tenth of profit comes from
    fewer customers than the first tenth of sales (value deciles). ``by_profit`` is None
    without costs. With other than ten groups, a tenth is called a part.

    >>> d = pd.DataFrame({"customers": [5, 5], "revenue_share": [0.6, 0.4],
    ...                   "profit_share": [0.5, 0.5], "profit": [50.0, 50.0]}, index=[1, 2])
    >>> v = pd.DataFrame({"customers": [1, 9]}, index=[1, 2])
    >>> print(profit_concentration(d, v, v.assign(customers=[2, 8]),
    ...                            pd.DataFrame({"profit": [1.0, -1.0]})))
    The textbook says that profit is more concentrated than sales, and that the bottom \
deciles can lose money. Here decile 1 makes 50% of the profit and 60% of the sales; the \
first part of profit comes from 2 customers, the first part of sales from 1. On both \
counts profit is less concentrated than sales: this data does not agree with the first \
half of the claim. No decile loses money as a group, though 1 customer inside them makes \
no profit or a loss: a group total can hide them.
    """
    lang = reading_lang(lang)
    claim = say(
        "The textbook says that profit is more concentrated than sales, and that the bottom "
        "deciles can lose money.",
        lang,
    )
    if by_profit is None or by_customers["profit_share"].isna().all():
        return join([claim, say("Without costs this data cannot test it.", lang)])
    top = by_customers.iloc[0]
    n_profit, n_sales = int(by_profit["customers"].iloc[0]), int(by_sales["customers"].iloc[0])
    facts = say(
        "Here decile {decile} makes {p} of the profit and {s} of the sales; the first {part} "
        "of profit comes from {n_profit}, the first {part} of sales from {n_sales}.",
        lang,
        decile=str(by_customers.index[0]),
        p=share(top["profit_share"], lang=lang),
        s=share(top["revenue_share"], lang=lang),
        n_profit=_customers(n_profit, lang),
        n_sales=format(n_sales, ","),
        **_parts(len(by_sales), lang),
    )
    # each count: +1 profit more concentrated than sales, 0 as concentrated, -1 less
    # compared as shown (to 0.1 percentage point), so the sentence and its numbers agree
    by_decile = int(np.sign(round(top["profit_share"], 3) - round(top["revenue_share"], 3)))
    by_tenth = int(np.sign(n_sales - n_profit))
    counts = sorted((by_decile, by_tenth), reverse=True)
    verdicts = {
        (1, 1): lambda: say(
            "On both counts profit is more concentrated than sales: this data agrees with the "
            "first half of the claim.",
            lang,
        ),
        (1, 0): lambda: say(
            "On one count profit is more concentrated than sales, on the other as concentrated: "
            "this data leans towards the first half of the claim.",
            lang,
        ),
        (0, 0): lambda: say(
            "On both counts profit is as concentrated as sales: this data does not bear out the "
            "first half of the claim.",
            lang,
        ),
        (0, -1): lambda: say(
            "On one count profit is less concentrated than sales, on the other as concentrated: "
            "this data does not bear out the first half of the claim.",
            lang,
        ),
        (-1, -1): lambda: say(
            "On both counts profit is less concentrated than sales: this data does not agree "
            "with the first half of the claim.",
            lang,
        ),
        (1, -1): lambda: say(
            "The two counts disagree (one says profit is more concentrated than sales, the "
            "other less): the first half of the claim holds only partly here.",
            lang,
        ),
    }
    verdict = verdicts[(counts[0], counts[1])]()
    losing = by_customers.index[by_customers["profit"] < 0].tolist()
    losers = int((customers["profit"] <= 0).sum())
    if losing:
        bottom = say_n(
            "Decile {deciles} loses money as a group: the second half of the claim holds here.",
            "Deciles {deciles} lose money as a group: the second half of the claim holds here.",
            len(losing),
            lang,
            deciles=listing([str(d) for d in losing], lang=lang),
        )
    elif losers:
        bottom = say_n(
            "No decile loses money as a group, though {k} inside them makes no profit or a "
            "loss: a group total can hide them.",
            "No decile loses money as a group, though {k} inside them make no profit or a "
            "loss: a group total can hide them.",
            losers,
            lang,
            k=_customers(losers, lang),
        )
    else:
        bottom = say("No decile loses money, and no customer makes a loss.", lang)
    return join([claim, facts, verdict, bottom])


def value_deciles(table: pd.DataFrame, *, has_cost: bool, lang: str = "en") -> Safe:
    """What the value decile chart of sales shows (``deciles.value_deciles`` output).

    >>> v = pd.DataFrame({"customers": [1, 0, 3], "customer_share": [0.25, 0.0, 0.75]},
    ...                  index=pd.Index([1, 2, 3], name="decile"))
    >>> print(value_deciles(v, has_cost=False))
    **What the chart shows.** The grey bars count the customers behind each part of sales \
(n = number of customers). The first part of sales comes from 1 customer (25% of all), \
the last part from 3 (75% of all). Part 2 has no customer of its own: the revenue of a \
larger customer spans it.
    """
    lang = reading_lang(lang)
    first, last = table.iloc[0], table.iloc[-1]
    if table["customers"].sum() == 0:
        return say("**What the chart shows.** No customer bought in the period.", lang)
    text = say(
        "**What the chart shows.** The grey bars count the customers behind each {part} of "
        "sales (n = number of customers). The first {part} of sales comes from {first} ({f_share} "
        "of all), the last {part} from {last} ({l_share} of all).",
        lang,
        first=_customers(int(first["customers"]), lang),
        f_share=share(first["customer_share"], lang=lang),
        last=format(int(last["customers"]), ","),
        l_share=share(last["customer_share"], decimals=0, lang=lang),
        **_parts(len(table), lang),
    )
    empty = table.index[table["customers"] == 0].tolist()
    if empty:
        text = join(
            [
                text,
                say_n(
                    "{Part} {which} has no customer of its own: the revenue of a larger "
                    "customer spans it.",
                    "{Parts} {which} have no customer of their own: the revenue of larger "
                    "customers spans them.",
                    len(empty),
                    lang,
                    which=listing([str(t) for t in empty], lang=lang),
                    **_parts(len(table), lang),
                ),
            ]
        )
    if has_cost:
        text = join(
            [
                text,
                say(
                    "The orange bars show each {part}'s share of profit: a {part} of sales that "
                    "brings more than a {part} of profit is made by better-margin customers.",
                    lang,
                    **_parts(len(table), lang),
                ),
            ]
        )
    return text


def two_sides(by_customers: pd.DataFrame, by_sales: pd.DataFrame, *, lang: str = "en") -> Safe:
    """The two decile tables meet: the top group of customers and the tenths they make.

    >>> d = pd.DataFrame({"revenue_share": [0.6] + [0.4 / 9] * 9}, index=range(1, 11))
    >>> v = pd.DataFrame({"cumulative_customer_share": [0.01, 0.03, 0.06, 0.12] + [1.0] * 6},
    ...                  index=range(1, 11))
    >>> print(two_sides(d, v))
    Here the top 10% of customers bring 60% of sales (customer deciles), and the customers \
who make the first 3 tenths of sales are 6% of all customers (value deciles): the same \
concentration, seen from two sides.
    """
    lang = reading_lang(lang)
    groups = len(by_customers)
    top_share = by_customers["revenue_share"].iloc[0]
    within = by_sales["cumulative_customer_share"] <= 1 / groups + 1e-12
    tenths = int(within.sum())
    if tenths == 0:
        return say(
            "Here the top {top} of customers bring {share} of sales (customer deciles), and "
            "even the first {part} of sales needs more than {top} of the customers (value "
            "deciles): sales are spread widely.",
            lang,
            top=share(1 / groups, lang=lang),
            share=share(top_share, decimals=0, lang=lang),
            **_parts(len(by_sales), lang),
        )
    values = {
        "top": share(1 / groups, lang=lang),
        "share": share(top_share, decimals=0, lang=lang),
        "customers": share(by_sales["cumulative_customer_share"].iloc[tenths - 1], lang=lang),
        **_parts(len(by_sales), lang),
    }
    if tenths == 1:
        return say(
            "Here the top {top} of customers bring {share} of sales (customer deciles), and the "
            "customers who make the first {part} of sales are {customers} of all customers "
            "(value deciles): the same concentration, seen from two sides.",
            lang,
            **values,
        )
    return say(
        "Here the top {top} of customers bring {share} of sales (customer deciles), and the "
        "customers who make the first {count} {parts} of sales are {customers} of all "
        "customers (value deciles): the same concentration, seen from two sides.",
        lang,
        count=format(tenths, ""),
        **values,
    )


def groups_need_profit(has_cost: bool, *, lang: str = "en") -> Safe:
    """Whether the groups below are the profitable groups or candidates by sales alone."""
    lang = reading_lang(lang)
    if has_cost:
        return say("Each customer is placed by the rules above; the table counts the groups.", lang)
    return say(
        "**The three groups need profit**: a customer in the top tenth of sales who loses "
        "money is not one to retain at any cost, and only costs can tell. This data has none, "
        "so the table shows where customers stand **by sales alone**: candidates for the "
        "groups, to be confirmed once costs are known.",
        lang,
    )


def transactional_claim(kinds: pd.DataFrame | None, *, lang: str = "en") -> Safe:
    """The textbook's "transactional customers buy on price and bring little profit", measured.

    ``kinds`` is ``deciles.transactional_vs_relationship`` output (None without costs).
    "Buy on price" is read from the margin (lower than the relationship customers'),
    "little profit" from the profit per customer (lower than a relationship customer's);
    their total share of profit is stated as it is.

    >>> k = pd.DataFrame({"customers": [553, 1149], "customer_share": [0.325, 0.675],
    ...     "profit_share": [0.576, 0.424], "margin": [0.18, 0.202],
    ...     "profit_per_customer": [4380.2, 1554.1]}, index=["relationship", "transactional"])
    >>> print(transactional_claim(k))
    The textbook says that transactional customers (交易客户) buy on price and bring little \
profit. Here the 1,149 transactional customers (67.5%) bring 42.4% of the profit, at a \
margin of 20.2% against 18% for the relationship customers. Their higher margin does not \
look like buying on price: this data does not agree with the first half of the claim. Each \
brings less profit than a relationship customer (1,554 against 4,380): this data agrees \
with the second half, though together they bring 42.4% of the profit.
    """
    lang = reading_lang(lang)
    claim = say(
        "The textbook says that transactional customers (交易客户) buy on price and bring "
        "little profit.",
        lang,
    )
    if kinds is None:
        return join([claim, say("Without costs this data cannot test it.", lang)])
    rel, trans = kinds.loc["relationship"], kinds.loc["transactional"]
    if int(trans["customers"]) == 0 or int(rel["customers"]) == 0:
        if int(trans["customers"]) == 0:
            missing = say(
                "This data has no transactional customers to test it on: every customer with a "
                "known profit is in one of the three profitable groups.",
                lang,
            )
        else:
            missing = say(
                "This data has no relationship customers to compare with: every customer is "
                "transactional.",
                lang,
            )
        return join([claim, missing])
    shares = {
        "c_share": share(trans["customer_share"], lang=lang),
        "p_share": share(trans["profit_share"], lang=lang),
        "m_trans": share(trans["margin"], lang=lang),
        "m_rel": share(rel["margin"], lang=lang),
    }
    if int(trans["customers"]) == 1:
        facts = say(
            "Here the one transactional customer ({c_share}) brings {p_share} of the profit, at "
            "a margin of {m_trans} against {m_rel} for the relationship customers.",
            lang,
            **shares,
        )
    else:
        facts = say(
            "Here the {k} transactional customers ({c_share}) bring {p_share} of the profit, at "
            "a margin of {m_trans} against {m_rel} for the relationship customers.",
            lang,
            k=format(int(trans["customers"]), ","),
            **shares,
        )
    if trans["margin"] < rel["margin"]:
        price = say(
            "Their lower margin fits buying on price: this data agrees with the first half of "
            "the claim.",
            lang,
        )
    else:
        price = say(
            "Their higher margin does not look like buying on price: this data does not agree "
            "with the first half of the claim.",
            lang,
        )
    values = {
        "trans": money(float(trans["profit_per_customer"]), lang=lang),
        "rel": money(float(rel["profit_per_customer"]), lang=lang),
    }
    if trans["profit_per_customer"] < rel["profit_per_customer"]:
        little = say(
            "Each brings less profit than a relationship customer ({trans} against {rel}): this "
            "data agrees with the second half, though together they bring {total} of the "
            "profit.",
            lang,
            total=share(trans["profit_share"], lang=lang),
            **values,
        )
    else:
        little = say(
            "Each brings at least as much profit as a relationship customer ({trans} against "
            "{rel}): this data does not agree with the second half either.",
            lang,
            **values,
        )
    return join([claim, facts, price, little])


def pareto_check(
    check: pd.DataFrame,
    *,
    gini: float,
    top: float,
    band: Sequence[float] = _BAND,
    lang: str = "en",
) -> Safe:
    """Where the 80/20 rule holds: ``deciles.pareto_check`` output and the Gini of sales.

    >>> c = pd.DataFrame({"measure": ["sales", "sales", "sales"],
    ...     "column": ["", "region", "region"], "group": ["all", "North", "South"],
    ...     "customers": [100, 60, 40], "top_share": [0.8, 0.82, 0.55],
    ...     "verdict": ["holds roughly", "holds roughly", "less concentrated"]})
    >>> print(pareto_check(c, gini=0.71, top=0.2))
    **What the chart and the table show.** The top 20% of customers bring 80% of sales: \
overall the 80/20 rule holds roughly (Gini coefficient, 基尼系数, 0.71). It does not hold \
for sales, region = South (55%, less concentrated). It holds roughly for 2 of the 3 rows. \
Where the rule holds overall but not inside a group, part of the concentration comes from \
the *differences between* the groups (one kind of customer buying far more than another), \
not from within each group: grade each group on its own scale.
    """
    lang = reading_lang(lang)
    overall = check[(check["measure"] == "sales") & (check["column"] == "")].iloc[0]
    verdict = str(overall["verdict"])
    values = {
        "top": share(top, lang=lang),
        "share": share(overall["top_share"], decimals=0, lang=lang),
        "gini": f"{gini:.2f}",
    }
    if verdict == "holds roughly":
        text = say(
            "**What the chart and the table show.** The top {top} of customers bring {share} of "
            "sales: overall the 80/20 rule holds roughly (Gini coefficient, 基尼系数, {gini}).",
            lang,
            **values,
        )
    elif verdict == "less concentrated":
        text = say(
            "**What the chart and the table show.** The top {top} of customers bring {share} of "
            "sales: overall the 80/20 rule does not hold, sales are less concentrated (below "
            "{low}; Gini coefficient, 基尼系数, {gini}).",
            lang,
            low=share(band[0], lang=lang),
            **values,
        )
    else:
        text = say(
            "**What the chart and the table show.** The top {top} of customers bring {share} of "
            "sales: overall the 80/20 rule does not hold, sales are more concentrated (above "
            "{high}; Gini coefficient, 基尼系数, {gini}).",
            lang,
            high=share(band[1], lang=lang),
            **values,
        )
    overall_row = (check["measure"] == "sales") & (check["column"] == "")
    fails = check[(check["verdict"] != "holds roughly") & ~overall_row]
    groups = check[check["column"] != ""]
    if len(groups) > 3 and (groups["verdict"] != "holds roughly").all():
        text = join(
            [
                text,
                say(
                    "It does not hold inside any of the {k} groups either (their top {top} bring "
                    "from {low} to {high} of their sales).",
                    lang,
                    k=format(len(groups), ""),
                    top=share(top, lang=lang),
                    low=share(groups["top_share"].min(), decimals=0, lang=lang),
                    high=share(groups["top_share"].max(), decimals=0, lang=lang),
                ),
            ]
        )
        fails = fails[fails["column"] == ""]
    names = [_row_name(row, lang) for row in fails.itertuples(index=False)]  # a few rows
    if names:
        rows = Safe(("; " if lang == "en" else "；").join(names))
        text = join([text, say("It does not hold for {rows}.", lang, rows=rows)])
    held = int((check["verdict"] == "holds roughly").sum())
    if len(check) > 1:
        text = join(
            [
                text,
                say(
                    "It holds roughly for none of the {total} rows.",
                    lang,
                    total=format(len(check), ""),
                )
                if held == 0
                else say(
                    "It holds roughly for {held} of the {total} rows.",
                    lang,
                    held=format(held, ""),
                    total=format(len(check), ""),
                ),
            ]
        )
    inside = check[check["column"] != ""]
    if verdict == "holds roughly" and (inside["verdict"] == "less concentrated").any():
        text = join(
            [
                text,
                say(
                    "Where the rule holds overall but not inside a group, part of the "
                    "concentration comes from the *differences between* the groups (one kind "
                    "of customer buying far more than another), not from within each group: "
                    "grade each group on its own scale.",
                    lang,
                ),
            ]
        )
    return text


def groups_checked(
    profile: pd.DataFrame | None,
    *,
    by: Sequence[str] = ("customer_type", "business_type", "region"),
    lang: str = "en",
) -> Safe:
    """What the per-group 80/20 check could not look at, in plain words (empty when nothing).

    >>> print(groups_checked(None))
    This data has no customer table, so the 80/20 rule is checked overall only, not inside
    groups of customers.
    >>> print(groups_checked(pd.DataFrame(columns=["customer_id", "region"])))
    The customer table has no customer_type or business_type column, so the rule is not
    checked inside those groups.
    """
    lang = reading_lang(lang)
    if profile is None:
        return say(
            "This data has no customer table, so the 80/20 rule is checked overall only, not "
            "inside groups of customers.",
            lang,
        )
    missing = [column for column in by if column not in profile.columns]
    if not missing:
        return Safe("")
    return say_n(
        "The customer table has no {columns} column, so the rule is not checked inside those "
        "groups.",
        "The customer table has no {columns} column, so the rule is not checked inside those "
        "groups.",
        len(missing),
        lang,
        columns=Safe(either(missing, lang=lang, escape=False)),
    )


def negative_revenue(customers: pd.DataFrame, *, lang: str = "en") -> Safe:
    """Customers whose returns exceed their purchases, left out of the Lorenz curve (or "").

    >>> print(negative_revenue(pd.DataFrame({"monetary": [5.0, -1.0]})))
    1 customer returned more than it bought in the period (a negative revenue): the Lorenz
    curve and the Gini coefficient leave it out; the tables above keep it.
    """
    lang = reading_lang(lang)
    k = int((customers["monetary"] < 0).sum())
    if k == 0:
        return Safe("")
    return say_n(
        "{k} returned more than it bought in the period (a negative revenue): the Lorenz curve "
        "and the Gini coefficient leave it out; the tables above keep it.",
        "{k} returned more than they bought in the period (a negative revenue): the Lorenz "
        "curve and the Gini coefficient leave them out; the tables above keep them.",
        k,
        lang,
        k=_customers(k, lang),
    )


def _row_name(row, lang: str) -> str:
    measure = label("revenue" if row.measure == "sales" else "profit", lang)
    measure = "sales" if row.measure == "sales" and lang == "en" else measure
    where = (
        f"{esc(row.column)} = {esc(term(row.group, lang))}"
        if row.column
        else say("all customers", lang)
    )
    comma = ", " if lang == "en" else "，"
    top = share(row.top_share, decimals=0, lang=lang)
    if lang == "en":
        return f"{measure}, {where} ({top}, {_verdict(row.verdict, lang)})"
    return f"{measure}{comma}{where}（{top}{comma}{_verdict(row.verdict, lang)}）"


def _verdict(verdict: str, lang: str) -> str:
    """A verdict of ``grading.pareto_verdict`` in words of ``lang`` (others escaped).

    >>> _verdict("holds roughly", "en"), _verdict("<b>", "en")
    ('holds roughly', '&lt;b&gt;')
    """
    words = {
        "holds roughly": lambda: say("holds roughly", lang),
        "less concentrated": lambda: say("less concentrated", lang),
        "more concentrated": lambda: say("more concentrated", lang),
    }
    return str(words[verdict]()) if verdict in words else esc(verdict)


# --- the business summary ------------------------------------------------------------


def summary_top(by_customers: pd.DataFrame, by_sales: pd.DataFrame, *, lang: str = "en") -> Safe:
    """The concentration finding in one line."""
    lang = reading_lang(lang)
    first = int(by_sales["customers"].iloc[0])
    values = {
        "top": share(1 / len(by_customers), lang=lang),
        "share": share(by_customers["revenue_share"].iloc[0], decimals=0, lang=lang),
        **_parts(len(by_sales), lang),
    }
    if first == 1:
        return say(
            "The top {top} of customers bring {share} of sales; the first {part} of sales "
            "depends on one customer, so losing it is felt at once.",
            lang,
            **values,
        )
    return say(
        "The top {top} of customers bring {share} of sales; the first {part} of sales depends "
        "on {k} customers, so losing one of them is felt at once.",
        lang,
        k=format(first, ","),
        **values,
    )


def summary_groups(group_table: pd.DataFrame, *, sales_only: bool, lang: str = "en") -> list[Safe]:
    """The groups, one line each (``grading.grade_summary`` of the groups), for a list."""
    lang = reading_lang(lang)
    sizes = group_table["customers"]
    if sales_only:
        return [
            say(
                "By sales alone (no costs), the retain candidates are {retain} ({retain_share} "
                "of sales), the grow-share-of-wallet candidates {grow}, and the losing-value "
                "candidates {losing}; collect costs (or at least product margins) before "
                "spending relationship budget.",
                lang,
                retain=_customers(int(sizes.get("retain", 0)), lang),
                retain_share=share(
                    group_table["revenue_share"].get("retain", np.nan), decimals=0, lang=lang
                ),
                grow=_customers(int(sizes.get("grow_share_of_wallet", 0)), lang),
                losing=_customers(int(sizes.get("losing_value", 0)), lang),
            )
        ]

    def values(group: str) -> dict[str, str]:
        return {
            "k": _customers(int(sizes.get(group, 0)), lang),
            "profit": share(group_table["profit_share"].get(group, np.nan), lang=lang),
        }

    return [
        say(
            "Retain: {k}, {profit} of the profit; each is a key account.", lang, **values("retain")
        ),
        say(
            "Grow share of wallet: {k}, {profit} of the profit; the largest room for growth at "
            "the lowest cost of acquisition.",
            lang,
            **values("grow_share_of_wallet"),
        ),
        say(
            "Losing value: {k} still profitable with falling sales ({profit} of the profit); "
            "analyse the largest, move the rest to standard service.",
            lang,
            **values("losing_value"),
        ),
        say(
            "Transactional: {k} ({customers} of the customers, {profit} of the profit); serve "
            "them efficiently, and judge them by the measured margin, not the label.",
            lang,
            customers=share(group_table["customer_share"].get("transactional", np.nan), lang=lang),
            **values("transactional"),
        ),
    ]


def summary_losses(customers: pd.DataFrame, *, has_cost: bool, lang: str = "en") -> Safe:
    """The loss-makers in one line (empty when there are none or no costs)."""
    lang = reading_lang(lang)
    if not has_cost:
        return Safe("")
    losers = customers[customers["profit"] <= 0]
    if len(losers) == 0:
        return say("Every customer made a profit in the period.", lang)
    return say_n(
        "{k} made no profit or a loss ({loss} in all): prices, terms or service for it need a "
        "review.",
        "{k} made no profit or a loss ({loss} in all): prices, terms or service for them need "
        "a review.",
        len(losers),
        lang,
        k=_customers(len(losers), lang),
        loss=money(float(losers["profit"].sum()), lang=lang),
    )


def summary_pareto(check: pd.DataFrame, *, top: float, lang: str = "en") -> Safe:
    """The 80/20 finding in one line."""
    lang = reading_lang(lang)
    overall = check[(check["measure"] == "sales") & (check["column"] == "")].iloc[0]
    differ = int((check["verdict"] != "holds roughly").sum())
    values = {
        "top": share(top, lang=lang),
        "share": share(overall["top_share"], decimals=0, lang=lang),
        "verdict": Safe(_verdict(str(overall["verdict"]), lang)),
        "differ": f"{differ}",
        "total": f"{len(check)}",
    }
    if len(check) == 1:
        return say("80/20: the top {top} bring {share} of sales ({verdict}).", lang, **values)
    if differ == 0:
        return say(
            "80/20: overall the top {top} bring {share} of sales ({verdict}); every one of the "
            "{total} checks agrees with the rule.",
            lang,
            **values,
        )
    return say_n(
        "80/20: overall the top {top} bring {share} of sales ({verdict}); {differ} of the "
        "{total} checks differs from the rule.",
        "80/20: overall the top {top} bring {share} of sales ({verdict}); {differ} of the "
        "{total} checks differ from the rule.",
        differ,
        lang,
        **values,
    )
