"""Readings of lesson 06 (the case study and its service plan): sentences computed from the
tables of :mod:`helpers.planning` and the lessons before it.

Each function returns Markdown (:class:`helpers.text.Safe`) with every branch written
out; values from the data are escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.glossary import label
from helpers.readings.words import count, either, join, listing, reading_lang, say, say_n, share
from helpers.schema import Problem
from helpers.text import Safe, esc


def _join(*parts: str) -> Safe:
    return join(parts)


def data_warnings(problems: Sequence[Problem], *, lang: str = "en") -> Safe:
    """The warnings found while loading the data, in a box; one line when there are none.

    ``problems`` is ``tables.problems`` (or ``check_data(...).problems``); errors stop a
    run before any lesson, so only warnings reach a lesson, but both are shown.

    >>> print(data_warnings([]))
    No warning was found while loading the data.
    >>> print(data_warnings([Problem("warning", "survey_match", "only 18% of survey rows "
    ...     "match a buyer", "survey.csv", "check the customer ids")]))
    > **Warnings found while loading the data.** The lesson runs, but read its numbers with them in mind:
    >
    > - only 18% of survey rows match a buyer (survey.csv). Fix: check the customer ids
    """  # noqa: E501
    lang = reading_lang(lang)
    if not problems:
        return say("No warning was found while loading the data.", lang)
    lines = [
        say(
            "> **Warnings found while loading the data.** The lesson runs, but read its numbers "
            "with them in mind:",
            lang,
        ),
        ">",
    ]
    for problem in problems:
        line = esc(problem.what)
        if problem.where:
            line += f" ({esc(problem.where)})" if lang == "en" else f"（{esc(problem.where)}）"
        if problem.fix:
            line += say(". Fix: {fix}", lang, fix=problem.fix)
        lines.append(f"> - {line}")
    return Safe("\n".join(lines))


# ---------------------------------------------------------------- step 1-4: the data and grades


def planning_period(
    start: pd.Timestamp, end: pd.Timestamp, *, period_days: int, lang: str = "en"
) -> Safe:
    """The planning period, and whether the data covers all of it.

    ``start`` and ``end`` are a :class:`helpers.lesson.Period`'s (``end`` = the as-of
    date, not included).

    >>> print(planning_period(pd.Timestamp("2025-01-01"), pd.Timestamp("2026-01-01"),
    ...                       period_days=365))
    The planning period runs from 2025-01-01 to 2025-12-31 (365 days).
    """
    lang = reading_lang(lang)
    days = int((end - start) / pd.Timedelta(days=1))
    first = say(
        "The planning period runs from {a} to {b} ({days:,} days).",
        lang,
        a=format(start, "%Y-%m-%d"),
        b=format(end - pd.Timedelta(days=1), "%Y-%m-%d"),
        days=days,
    )
    if days >= period_days:
        return first
    return _join(
        first,
        say(
            "**The orders start later than {p:,} days before the as-of date**, so the period "
            "is shorter than `period_days`: every yearly figure below covers {days:,} days only.",
            lang,
            p=int(period_days),
            days=days,
        ),
    )


def data_verdict(
    *,
    history_days: int,
    rows_in: int,
    rows_out: int,
    has_cost: bool,
    missing: Sequence[str],
    period_days: int,
    lang: str = "en",
) -> Safe:
    """What the data allows: its length, what cleaning set aside, costs, missing tables.

    >>> print(data_verdict(history_days=731, rows_in=100, rows_out=100, has_cost=True,
    ...                    missing=[], period_days=365))
    **Data verdict.** The orders cover 731 days up to the as-of date; cleaning had nothing to set aside. Costs are known, so customers are valued by **profit**. All the optional tables are there.
    """  # noqa: E501
    lang = reading_lang(lang)
    parts = [
        say(
            "**Data verdict.** The orders cover {days:,} days up to the as-of date;",
            lang,
            days=int(history_days),
        )
    ]
    dropped = rows_in - rows_out
    if dropped > 0:
        parts.append(
            say(
                "cleaning set aside {share} of the order lines ({n}), each with its reason in "
                "the table above.",
                lang,
                share=share(dropped / rows_in, lang=lang),
                n=count(dropped, "line", "lines", lang=lang, zh="行"),
            )
        )
    else:
        parts.append(say("cleaning had nothing to set aside.", lang))
    parts.append(
        say("Costs are known, so customers are valued by **profit**.", lang)
        if has_cost
        else say(
            "**Costs are not known**, so customers are valued by **revenue**; a customer who "
            "brings revenue at a loss cannot be spotted.",
            lang,
        )
    )
    parts.append(
        say(
            "Missing tables: {tables}; the steps that need them say so.",
            lang,
            tables=Safe(listing(list(missing), lang=lang)),
        )
        if missing
        else say("All the optional tables are there.", lang)
    )
    if history_days < 2 * period_days:
        parts.append(
            say(
                "The history is shorter than two planning periods, so trends (this period "
                "against the one before) are partly unknown.",
                lang,
            )
        )
    return _join(*parts)


def profile_summary(
    history: pd.DataFrame,
    profile: pd.DataFrame,
    *,
    gold_share: float,
    drag_share: float,
    lang: str = "en",
) -> Safe:
    """Customers in the history and in the period; the gold and drag customers' weight.

    ``history``: the customer summary of the whole history (``status``); ``profile``: per
    group ("gold", "middle", "drag") the period's ``customers`` and ``revenue_share``.

    >>> history = pd.DataFrame({"status": ["active", "active", "dormant", "active"]})
    >>> profile = pd.DataFrame({"customers": [1, 1, 1], "revenue_share": [0.6, 0.3, 0.1]},
    ...                        index=["gold", "middle", "drag"])
    >>> print(profile_summary(history, profile, gold_share=0.05, drag_share=0.2))
    4 customers in the history, 75% of them active; 3 bought in the planning period. Gold customers (the top 5%): 1, with 60% of the period's revenue; drag customers (the bottom 20%): 1, with 10%.
    """  # noqa: E501
    lang = reading_lang(lang)
    n_history = len(history)
    n_period = int(profile["customers"].sum())
    history_values = {
        "who": count(n_history, "customer", "customers", lang=lang, zh="位客户"),
        "active": share(
            float((history["status"] == "active").mean()) if n_history else 0.0,
            decimals=0,
            lang=lang,
        ),
    }
    if n_period == 0:
        return say(
            "{who} in the history, {active} of them active; nobody bought in the planning period.",
            lang,
            **history_values,
        )
    first = say(
        "{who} in the history, {active} of them active; {n:,} bought in the planning period.",
        lang,
        n=n_period,
        **history_values,
    )
    return _join(
        first,
        say(
            "Gold customers (the top {g}): {ng:,}, with {sg} of the period's revenue; drag "
            "customers (the bottom {d}): {nd:,}, with {sd}.",
            lang,
            g=share(gold_share, decimals=0, lang=lang),
            ng=int(profile.loc["gold", "customers"]),
            sg=share(profile.loc["gold", "revenue_share"], decimals=0, lang=lang),
            d=share(drag_share, decimals=0, lang=lang),
            nd=int(profile.loc["drag", "customers"]),
            sd=share(profile.loc["drag", "revenue_share"], lang=lang),
        ),
    )


def grade_shape(
    allocation: pd.DataFrame,
    *,
    pareto_top: float,
    value: str,
    regraded: bool,
    lang: str = "en",
) -> Safe:
    """How many A customers there are, and whether "few A customers" is true here.

    ``allocation`` is ``planning.service_allocation`` (per grade ``customers``,
    ``customer_share``, ``value_share``). A is "few" when it holds at most ``pareto_top``
    of the customers (the 20 of 80/20), as the textbook's customer pyramid expects.

    >>> allocation = pd.DataFrame({"customers": [2, 3, 5], "customer_share": [0.2, 0.3, 0.5],
    ...     "value_share": [0.7, 0.2, 0.1]}, index=["A", "B", "C"])
    >>> print(grade_shape(allocation, pareto_top=0.2, value="profit", regraded=False))
    After grading by share of the period's revenue, 2 A customers make 20% of the period's 10 customers and bring 70% of the profit. A is a small group, as the textbook's customer pyramid expects (at most 20% of the customers).
    """  # noqa: E501
    lang = reading_lang(lang)
    top = allocation.iloc[0]
    n, k = int(allocation["customers"].sum()), int(top["customers"])
    how = (
        say(
            "After grading by share of the period's revenue and moving customers by their "
            "potential,",
            lang,
        )
        if regraded
        else say("After grading by share of the period's revenue,", lang)
    )
    first = say_n(
        "{how} {k} makes {x} of the period's {customers} and brings {v} of the {value}.",
        "{how} {k} make {x} of the period's {customers} and bring {v} of the {value}.",
        k,
        lang,
        how=how,
        k=count(k, "A customer", "A customers", lang=lang, zh="位 A 类客户"),
        x=share(top["customer_share"], decimals=0, lang=lang),
        customers=count(n, "customer", "customers", lang=lang, zh="位客户"),
        v=share(top["value_share"], decimals=0, lang=lang),
        value=label(value, lang),
    )
    if top["customer_share"] <= pareto_top:
        second = say(
            "A is a small group, as the textbook's customer pyramid expects (at most {top} of "
            "the customers).",
            lang,
            top=share(pareto_top, decimals=0, lang=lang),
        )
    else:
        second = say(
            "A is **not a small group here**: more than {top} of the customers are A, so the "
            "textbook's pyramid (few customers at the top) does not describe this data, and no "
            "plan can give every A customer the personal attention the textbook gives a few.",
            lang,
            top=share(pareto_top, decimals=0, lang=lang),
        )
    return _join(first, second)


def concentration(top_decile_share: float, *, lang: str = "en") -> Safe:
    """The top tenth of customers' share of the revenue, against an equal tenth.

    >>> print(concentration(0.45))
    The top tenth of the period's customers brings 45% of its revenue, 4.5 times the 10% an equal tenth would bring.
    """  # noqa: E501
    lang = reading_lang(lang)
    if top_decile_share != top_decile_share:  # NaN
        return say("Nobody bought in the period, so there is no top tenth to measure.", lang)
    return say(
        "The top tenth of the period's customers brings {x} of its revenue, {r:.1f} times the "
        "10% an equal tenth would bring.",
        lang,
        x=share(top_decile_share, decimals=0, lang=lang),
        r=float(top_decile_share) / 0.1,
    )


# ---------------------------------------------------------------- step 7: the recommendation


def page_title(name: str, *, period_days: int, last_day: pd.Timestamp, lang: str = "en") -> Safe:
    """The title of the one-page recommendation (the data's name is escaped).

    >>> print(page_title("co<b>", period_days=365, last_day=pd.Timestamp("2025-12-31")))
    ### Where to put service resources: co&lt;b&gt;, the 365 days to 2025-12-31
    """
    lang = reading_lang(lang)
    return say(
        "### Where to put service resources: {name}, the {days:,} days to {day}",
        lang,
        name=name,
        days=int(period_days),
        day=format(last_day, "%Y-%m-%d"),
    )


def headline(allocation: pd.DataFrame, *, value: str, lang: str = "en") -> Safe:
    """Who brings the value and what share of the hours the plan gives each grade.

    >>> allocation = pd.DataFrame({"customers": [2, 3, 5], "customer_share": [0.2, 0.3, 0.5],
    ...     "value_share": [0.7, 0.2, 0.1], "resource_share": [0.6, 0.22, 0.18],
    ...     "per_customer_vs_equal": [3.0, 0.733, 0.36]}, index=["A", "B", "C"])
    >>> print(headline(allocation, value="profit"))
    **Headline.** 2 A customers (20% of the period's 10 customers) bring 70% of the profit. They get **60% of the service hours**, 3.0 times an equal share per customer; the 5 C customers get 18% (0.36 times an equal share).
    """  # noqa: E501
    lang = reading_lang(lang)
    top, last = allocation.iloc[0], allocation.iloc[-1]
    n, k = int(allocation["customers"].sum()), int(top["customers"])
    if k == 0:
        return say("**Headline.** No customer is graded A in this period.", lang)
    first = say_n(
        "**Headline.** {k} ({x} of the period's {customers}) brings {v} of the {value}. It gets "
        "**{r} of the service hours**, {times:.1f} times an equal share per customer;",
        "**Headline.** {k} ({x} of the period's {customers}) bring {v} of the {value}. They get "
        "**{r} of the service hours**, {times:.1f} times an equal share per customer;",
        k,
        lang,
        k=count(k, "A customer", "A customers", lang=lang, zh="位 A 类客户"),
        x=share(top["customer_share"], decimals=0, lang=lang),
        customers=count(n, "customer", "customers", lang=lang, zh="位客户"),
        v=share(top["value_share"], decimals=0, lang=lang),
        value=label(value, lang),
        r=share(top["resource_share"], decimals=0, lang=lang),
        times=float(top["per_customer_vs_equal"]),
    )
    m = int(last["customers"])
    if m == 0 or len(allocation) < 2:
        return _join(first, say("there are no C customers.", lang))
    return _join(
        first,
        say(
            "the {m} get {r} ({times:.2f} times an equal share).",
            lang,
            m=count(m, "C customer", "C customers", lang=lang, zh="位 C 类客户"),
            r=share(last["resource_share"], decimals=0, lang=lang),
            times=float(last["per_customer_vs_equal"]),
        ),
    )


def _hours(h: float) -> str:
    return f"{h:,.1f}" if 0 < h < 10 else f"{h:,.0f}"


def protect(
    allocation: pd.DataFrame,
    plan: pd.DataFrame,
    service: pd.Series,
    hours: pd.Series,
    *,
    account_managers: int,
    hours_per_manager: float,
    account_hours: float,
    value: str,
    lang: str = "en",
) -> Safe:
    """Item 1: what the stated capacity pays for in grade A, never more.

    ``service`` and ``hours`` are ``planning.assign_service`` and
    ``planning.customer_hours`` for ``plan``.

    >>> allocation = pd.DataFrame({"customers": [4, 6], "resource_share": [0.8, 0.2],
    ...     "hours": [800.0, 200.0], "personal_accounts": [1, 0]}, index=["A", "B"])
    >>> plan = pd.DataFrame({"grade": ["A"] * 4 + ["B"] * 6,
    ...     "profit": [50.0, 30.0, 10.0, 10.0] + [1.0] * 6})
    >>> hours = pd.Series([400.0, 240.0, 80.0, 80.0] + [200 / 6] * 6)
    >>> service = pd.Series(["personal_account"] + ["account_team"] * 3 + ["regular_visits"] * 6)
    >>> print(protect(allocation, plan, service, hours, account_managers=1,
    ...               hours_per_manager=1000, account_hours=300, value="profit"))
    1. **Protect the A customers, within the capacity.** 1 account manager x 1,000 hours gives 1,000 service hours a year; grade A gets 800 of them (80%), shared by value. A personal account manager needs 300 hours a year per account, so these hours pay for one for 1 of the 4 A customers: those whose share of the value earns them 300 hours or more, with 50% of A's profit. The other 3 A customers are served by the account team (133 hours each a year on average), with priority handling of their complaints.
    """  # noqa: E501
    lang = reading_lang(lang)
    total = account_managers * hours_per_manager
    head = say("1. **Protect the A customers, within the capacity.**", lang)
    if total <= 0:
        return _join(
            head,
            say(
                "The plan has no account manager hours (`account_managers` or "
                "`hours_per_manager` is 0): nobody can get personal service; state the "
                "capacity first.",
                lang,
            ),
        )
    top = allocation.iloc[0]
    n_a, k, hours_a = int(top["customers"]), int(top["personal_accounts"]), float(top["hours"])
    capacity = say(
        "{who} x {h:,.0f} hours gives {total:,.0f} service hours a year; grade A gets {ha} of "
        "them ({r}), shared by value. A personal account manager needs {need} hours a year per "
        "account,",
        lang,
        who=count(
            account_managers,
            "account manager",
            "account managers",
            lang=lang,
            zh="位客户经理",
        ),
        h=float(hours_per_manager),
        total=float(total),
        ha=_hours(hours_a),
        r=share(top["resource_share"], decimals=0, lang=lang),
        need=_hours(float(account_hours)),
    )
    in_a = (plan["grade"].astype(str) == str(allocation.index[0])).to_numpy()
    personal = in_a & (service.astype(str).to_numpy() == "personal_account")
    own = hours.to_numpy(dtype=float)
    if n_a and k == n_a:
        verdict = say(
            "so these hours pay for one for every A customer ({n}, {each} hours each a year on "
            "average), with regular visits and priority handling.",
            lang,
            n=format(n_a, ","),
            each=_hours(hours_a / n_a),
        )
        return _join(head, capacity, verdict)
    if k == 0:
        verdict = say(
            "and no A customer's share of the value earns that much, so the {n} are served by "
            "the account team ({each} hours each a year on average), with priority handling of "
            "their complaints.",
            lang,
            n=count(n_a, "A customer", "A customers", lang=lang, zh="位 A 类客户"),
            each=_hours(hours_a / n_a) if n_a else "0",
        )
        return _join(head, capacity, verdict)
    values = np.clip(np.nan_to_num(plan[value].to_numpy(dtype=float)), 0, None)
    a_total = values[in_a].sum()
    covered = values[personal].sum() / a_total if a_total > 0 else float("nan")
    rest = n_a - k
    verdict = say_n(
        "so these hours pay for one for {k:,} of the {a_customers}: those whose share of the "
        "value earns them {need} hours or more, with {cov} of A's {value}. The other {rest} is "
        "served by the account team ({each} hours each a year on average), with priority "
        "handling of their complaints.",
        "so these hours pay for one for {k:,} of the {a_customers}: those whose share of the "
        "value earns them {need} hours or more, with {cov} of A's {value}. The other {rest} are "
        "served by the account team ({each} hours each a year on average), with priority "
        "handling of their complaints.",
        rest,
        lang,
        k=k,
        a_customers=count(n_a, "A customer", "A customers", lang=lang, zh="位 A 类客户"),
        need=_hours(float(account_hours)),
        cov=share(covered, decimals=0, lang=lang),
        value=label(value, lang),
        rest=count(rest, "A customer", "A customers", lang=lang, zh="位 A 类客户"),
        each=_hours(own[in_a & ~personal].sum() / rest),
    )
    return _join(head, capacity, verdict)


def rescue(
    lists: pd.DataFrame,
    *,
    has_survey: bool,
    has_complaints: bool,
    min_complaints: int,
    lang: str = "en",
) -> Safe:
    """Item 2: the A and B customers with a warning sign, or that there are none.

    ``lists`` is ``planning.action_lists``.

    >>> lists = pd.DataFrame({"customers": [3], "revenue_share": [0.12]}, index=["rescue_first"])
    >>> print(rescue(lists, has_survey=False, has_complaints=False, min_complaints=2))
    2. **Rescue first, grow second.** 3 A and B customers (12% of revenue) show a warning sign (long-term customers gone quiet or buying much less). Their account managers call each of them, the biggest first, before any growth campaign.
    """  # noqa: E501
    lang = reading_lang(lang)
    signals = [say("long-term customers gone quiet or buying much less", lang)]
    if has_survey:
        signals.append(say("unhappy in the survey", lang))
    if has_complaints:
        signals.append(say("{n} complaints or more", lang, n=min_complaints))
    what = Safe(either(signals, lang=lang))
    head = say("2. **Rescue first, grow second.**", lang)
    n = int(lists.loc["rescue_first", "customers"])
    revenue = share(lists.loc["rescue_first", "revenue_share"], lang=lang)
    if n == 0:
        body = say(
            "No A or B customer shows a warning sign ({what}): growth work can start at once.",
            lang,
            what=what,
        )
    elif n == 1:
        body = say(
            "1 A or B customer ({rev} of revenue) shows a warning sign ({what}): its account "
            "manager calls it before any growth campaign.",
            lang,
            rev=revenue,
            what=what,
        )
    else:
        body = say(
            "{n:,} A and B customers ({rev} of revenue) show a warning sign ({what}). Their "
            "account managers call each of them, the biggest first, before any growth campaign.",
            lang,
            n=n,
            rev=revenue,
            what=what,
        )
    return _join(head, body)


def complaints_item(
    lists: pd.DataFrame, *, has_complaints: bool, min_complaints: int, lang: str = "en"
) -> Safe:
    """Item 3: the customers with repeated complaints, or why complaints must be recorded.

    >>> lists = pd.DataFrame({"customers": [1]}, index=["repeated_complaints"])
    >>> print(complaints_item(lists, has_complaints=True, min_complaints=2))
    3. **Close the complaints.** 1 customer complained at least 2 times in the period; follow the seven-step flow of lesson 05 and record what each customer asked for and what was agreed.
    """  # noqa: E501
    lang = reading_lang(lang)
    if not has_complaints:
        return say(
            "3. **Start recording complaints.** This data has no complaints table, so unhappy "
            "big customers can only be found by asking; set up the record first.",
            lang,
        )
    n = int(lists.loc["repeated_complaints", "customers"])
    if n == 0:
        return say(
            "3. **Keep recording complaints.** No customer complained {times} times or more in "
            "the period; keep following the seven-step flow of lesson 05 for every complaint.",
            lang,
            times=min_complaints,
        )
    return say(
        "3. **Close the complaints.** {who} complained at least {times} times in the period; "
        "follow the seven-step flow of lesson 05 and record what each customer asked for and "
        "what was agreed.",
        lang,
        who=count(n, "customer", "customers", lang=lang, zh="位客户"),
        times=min_complaints,
    )


def grow_item(
    lists: pd.DataFrame,
    *,
    has_cost: bool,
    retain_share: float,
    grow_share: float,
    lang: str = "en",
) -> Safe:
    """Item 4: the grow-share-of-wallet group and the loss-making customers (with costs).

    >>> lists = pd.DataFrame({"customers": [40, 0], "revenue_share": [0.31, 0.0]},
    ...                      index=["grow_share_of_wallet", "loss_making"])
    >>> print(grow_item(lists, has_cost=True, retain_share=0.1, grow_share=0.5))
    4. **Grow where there is room.** 40 profitable customers just below the very top (those who make the sales between the first 10% and 50%; 31% of revenue) may also buy from competitors, as the textbook reads this group: account managers spend their growth time on winning a larger share of their purchases. Every customer made a profit in the period.
    """  # noqa: E501
    lang = reading_lang(lang)
    head = say("4. **Grow where there is room.**", lang)
    if not has_cost:
        return _join(
            head,
            say(
                "B customers get regular visits, more when their orders stall. Without costs, "
                "loss-making customers cannot be found: collect the cost of each order line "
                "before the next plan.",
                lang,
            ),
        )
    n = int(lists.loc["grow_share_of_wallet", "customers"])
    band = say(
        "between the first {a} and {b}",
        lang,
        a=share(retain_share, decimals=0, lang=lang),
        b=share(grow_share, decimals=0, lang=lang),
    )
    grow = (
        say(
            "{who} just below the very top (those who make the sales {band}; {rev} of revenue) "
            "may also buy from competitors, as the textbook reads this group: account managers "
            "spend their growth time on winning a larger share of their purchases.",
            lang,
            who=count(
                n,
                "profitable customer",
                "profitable customers",
                lang=lang,
                zh="位盈利客户",
            ),
            band=band,
            rev=share(lists.loc["grow_share_of_wallet", "revenue_share"], decimals=0, lang=lang),
        )
        if n
        else say("No profitable customer makes the sales {band}.", lang, band=band)
    )
    k = int(lists.loc["loss_making", "customers"])
    losses = (
        say(
            "{who} made no profit in the period: review their prices and terms before serving "
            "them more.",
            lang,
            who=count(k, "customer", "customers", lang=lang, zh="位客户"),
        )
        if k
        else say("Every customer made a profit in the period.", lang)
    )
    return _join(head, grow, losses)


def serve_item(allocation: pd.DataFrame, *, value: str, lang: str = "en") -> Safe:
    """Item 5: the last grade through low-cost channels, with its hours per customer.

    >>> allocation = pd.DataFrame({"customers": [2, 8], "customer_share": [0.2, 0.8],
    ...     "value_share": [0.9, 0.1], "hours_per_customer": [300.0, 2.5]}, index=["A", "C"])
    >>> print(serve_item(allocation, value="revenue"))
    5. **Serve C customers efficiently.** 8 C customers (80% of customers, 10% of the revenue) get basic service through low-cost channels (online, phone, distributors), not visits: 2.5 hours each a year.
    """  # noqa: E501
    lang = reading_lang(lang)
    last = allocation.iloc[-1]
    n = int(last["customers"])
    if n == 0:
        return say(
            "5. **No C customers** in this period: nobody needs the low-cost channels.", lang
        )
    return say(
        "5. **Serve C customers efficiently.** {who} ({x} of customers, {v} of the {value}) get "
        "basic service through low-cost channels (online, phone, distributors), not visits: "
        "{h} hours each a year.",
        lang,
        who=count(n, "C customer", "C customers", lang=lang, zh="位 C 类客户"),
        x=share(last["customer_share"], decimals=0, lang=lang),
        v=share(last["value_share"], decimals=0, lang=lang),
        value=label(value, lang),
        h=_hours(float(last["hours_per_customer"])),
    )


def assumptions(
    *,
    pareto_cutoffs: Sequence[float],
    regraded: bool,
    base_service: float,
    total_hours: float,
    account_hours: float,
    has_survey: bool,
    has_cost: bool,
    history_days: int,
    period_days: int,
    survey_share: float | None = None,
    lang: str = "en",
) -> Safe:
    """The plan's assumptions and the gaps in its data, each gap only when it is there.

    >>> print(assumptions(pareto_cutoffs=(0.8, 0.95), regraded=True, base_service=0.2,
    ...     total_hours=4800, account_hours=40, has_survey=True, has_cost=True,
    ...     history_days=731, period_days=365, survey_share=1.0))
    **Assumptions.** A/B/C cut at 80%/95% of the period's revenue, then moved by development potential; 20% of the 4,800 service hours spread evenly as basic service, the rest by value; a personal account needs 40 hours a year. No data gaps: every table the plan uses is there.
    """  # noqa: E501
    lang = reading_lang(lang)
    gaps = []
    if not has_survey:
        gaps.append(say("there is no survey, so false loyalty (hostages) is invisible", lang))
    elif survey_share is not None and survey_share < 0.5:
        gaps.append(say("fewer than half of the surveyed customers are among the buyers", lang))
    if not has_cost:
        gaps.append(say("there are no costs, so value means revenue, not profit", lang))
    if not regraded:
        gaps.append(say("there is no potential rating, so the grades look backwards only", lang))
    if history_days < 2 * period_days:
        gaps.append(say("the history is short, so trends are partly unknown", lang))
    first = say(
        "**Assumptions.** A/B/C cut at {a}/{b} of the period's revenue{moved}; {base} of the "
        "{hours:,.0f} service hours spread evenly as basic service, the rest by value; a "
        "personal account needs {need} hours a year.",
        lang,
        a=share(pareto_cutoffs[0], decimals=0, lang=lang),
        b=share(pareto_cutoffs[1], decimals=0, lang=lang),
        moved=say(", then moved by development potential", lang) if regraded else Safe(""),
        base=share(base_service, decimals=0, lang=lang),
        hours=float(total_hours),
        need=_hours(float(account_hours)),
    )
    if not gaps:
        return _join(first, say("No data gaps: every table the plan uses is there.", lang))
    gaps_text = Safe(("; " if lang == "en" else "；").join(gaps))
    return _join(first, say("**Gaps:** {gaps}.", lang, gaps=gaps_text))


# ---------------------------------------------------------------- KPIs


def kpi_table(
    retention: pd.DataFrame, *, types: pd.DataFrame | None = None, lang: str = "en"
) -> Safe:
    """The plan's three KPIs as a table: value, and how far this data lets one trust it.

    ``retention`` is ``planning.retention_kpi``; ``types`` the survey types (or None).

    >>> retention = pd.DataFrame({"earlier_days": [9], "period_days": [365],
    ...     "earlier_customers": [40], "retained": [30], "rate": [0.75], "complete": [False]})
    >>> print(kpi_table(retention))
    | KPI | value | how far to trust it |
    |---|---|---|
    | retention rate (客户保持率) | 75% of 40 customers | **measured on only 9 of the 365 days of the earlier period**: too short a period to judge; wait for a full period of data |
    | mean satisfaction (满意度, 1-10) | not in this data | there is no survey |
    | acquisition cost per new customer (获客成本) | not in this data | it needs the marketing and sales spend, which order data does not hold |
    """  # noqa: E501
    lang = reading_lang(lang)
    row = retention.iloc[0]
    rows = [say("| KPI | value | how far to trust it |\n|---|---|---|", lang)]
    if row["earlier_customers"] == 0 or row["earlier_days"] == 0:
        value = say("not in this data", lang)
        note = say("the orders start within the last period: there is no earlier period", lang)
    else:
        value = say(
            "{rate} of {n}",
            lang,
            rate=share(row["rate"], lang=lang),
            n=count(
                int(row["earlier_customers"]),
                "customer",
                "customers",
                lang=lang,
                zh="位客户",
            ),
        )
        note = (
            say(
                "measured on the full earlier period of {d:,} days", lang, d=int(row["period_days"])
            )
            if bool(row["complete"])
            else say(
                "**measured on only {k:,} of the {d:,} days of the earlier period**: too short a "
                "period to judge; wait for a full period of data",
                lang,
                k=int(row["earlier_days"]),
                d=int(row["period_days"]),
            )
        )
    rows.append(
        say("| retention rate (客户保持率) | {value} | {note} |", lang, value=value, note=note)
    )
    if types is not None and len(types):
        value = say(
            "{mean:.2f} ({n})",
            lang,
            mean=float(types["satisfaction"].mean()),
            n=count(
                len(types),
                "surveyed customer",
                "surveyed customers",
                lang=lang,
                zh="位受访客户",
            ),
        )
        note = say(
            "the answers of the customers who replied; unhappy customers answer less often", lang
        )
    else:
        value, note = say("not in this data", lang), say("there is no survey", lang)
    rows.append(
        say("| mean satisfaction (满意度, 1-10) | {value} | {note} |", lang, value=value, note=note)
    )
    rows.append(
        say(
            "| acquisition cost per new customer (获客成本) | not in this data | it needs the "
            "marketing and sales spend, which order data does not hold |",
            lang,
        )
    )
    return Safe("\n".join(rows))
