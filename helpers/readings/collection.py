"""Readings of lesson 01, customer data collection (客户信息搜集): the 80/20 claim, the
fields a data set has, channels, consent, sensitive columns, cleaning and data quality.

Every function takes tables the helpers computed (:mod:`helpers.profiling`,
:mod:`helpers.privacy`, :mod:`helpers.quality`) and returns Markdown
(:class:`helpers.text.Safe`) for :func:`helpers.text.show`.

>>> import pandas as pd
>>> print(agreement(0, 2000, "customer", "customers"))
Plain pandas and the helper agree on all 2,000 customers.
>>> print(loading_warnings([]))
No warnings were found while loading this data.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.glossary import label
from helpers.i18n import check_lang
from helpers.readings.words import count, join, listing, money, say, say_n, share, term
from helpers.text import Safe, esc

__all__ = [
    "agreement",
    "channels_reading",
    "collection_summary",
    "consent_reading",
    "export_match_reading",
    "inventory_reading",
    "loading_warnings",
    "overlap_reading",
    "pareto_claim",
    "profit_pyramid_claim",
    "profit_value_claim",
    "pseudonymisation_reading",
    "retail_reading",
    "run_cleaning_reading",
    "sensitive_reading",
    "type_fields_reading",
    "worked_example_note",
]

#: the share of top customers by revenue that must also be top by profit for revenue to
#: count as "a close guide to profit" (a yardstick of the course, stated in the reading)
CLOSE_GUIDE = 0.8


def _join(*parts: str) -> Safe:
    return join(parts)


def _n(value: float) -> int:
    return int(round(float(value)))


def _in_parentheses(value: object, lang: str) -> str:
    """`` (value)`` in English, ``（value）`` in Chinese; the value escaped."""
    return f" ({esc(value)})" if lang == "en" else f"（{esc(value)}）"


def _pct(value: float, lang: str = "en") -> Safe:
    return Safe(share(value, lang=lang))


# --- cross-checks -------------------------------------------------------------------------------


#: the Chinese measure word and noun of the things :func:`agreement` compares
AGREEMENT_NOUNS_ZH = {"customer": "位客户", "check": "项检查", "category": "个品类"}


def agreement(
    mismatched: int,
    compared: int,
    singular: str,
    plural: str,
    *,
    lang: str = "en",
    zh: str | None = None,
) -> Safe:
    """Whether plain pandas and a helper agree (money compared in cents by the caller).

    ``singular`` and ``plural`` name the things compared in English; ``zh`` their
    measure word and noun in Chinese (default: :data:`AGREEMENT_NOUNS_ZH`, else 项).

    >>> print(agreement(2, 10, "customer", "customers"))
    **Plain pandas and the helper disagree** on 2 of 10 customers: find the lines the two
    computations treat differently before going on.
    >>> print(agreement(0, 0, "customer", "customers"))
    There is nothing to compare: no customers.
    """
    zh = zh or AGREEMENT_NOUNS_ZH.get(singular, "项")
    if compared == 0:
        return say(
            "There is nothing to compare: {things}.",
            lang,
            things=count(0, singular, plural, lang=lang, zh=zh),
        )
    if lang != "en":
        singular = plural = zh
    if mismatched == 0:
        if compared == 1:
            return say(
                "Plain pandas and the helper agree on the one {thing}.", lang, thing=singular
            )
        return say(
            "Plain pandas and the helper agree on all {n:,} {things}.",
            lang,
            n=compared,
            things=plural,
        )
    return say(
        "**Plain pandas and the helper disagree** on {m:,} of {n:,} {things}: find the lines "
        "the two computations treat differently before going on.",
        lang,
        m=mismatched,
        n=compared,
        things=plural,
    )


# --- loading warnings ---------------------------------------------------------------------------


def loading_warnings(problems: Sequence[object], *, lang: str = "en") -> Safe:
    """The warnings found while loading (``tables.problems``) as a warning box, or a line.

    >>> from helpers.schema import Problem
    >>> print(loading_warnings([Problem("warning", "x", "rule <b> removed 9% of lines",
    ...                                 "orders.csv", "set cleaning: {returns: keep}")]))
    > **⚠ Warnings found while loading the data** (1)
    >
    > - rule &lt;b&gt; removed 9% of lines (orders.csv). Fix: set cleaning: \\{returns: keep\\}
    """
    check_lang(lang)
    if not problems:
        return say("No warnings were found while loading this data.", lang)
    errors = sum(getattr(p, "level", "") == "error" for p in problems)
    title = (
        say("**⚠ Problems found while loading the data** ({n:,})", lang, n=len(problems))
        if errors
        else say("**⚠ Warnings found while loading the data** ({n:,})", lang, n=len(problems))
    )
    lines = [f"> {title}", ">"]
    for p in problems:
        where = _in_parentheses(p.where, lang) if getattr(p, "where", "") else ""
        fix = say(" Fix: {fix}", lang, fix=p.fix) if getattr(p, "fix", "") else ""
        level = say("error: ", lang) if p.level == "error" else ""
        stop = "." if lang == "en" else "。"
        lines.append(f"> - {level}{esc(str(p.what).rstrip('.'))}{where}{stop}{fix}")
    return Safe("\n".join(lines))


# --- 1. the 80/20 rule and the pyramids ----------------------------------------------------------


def _verdict(pareto: pd.Series, band: Sequence[float]) -> str:
    """'none', 'agrees', 'more' (more concentrated than the band) or 'less'."""
    top_share = pareto["top_revenue_share"]
    if pareto["customers"] == 0 or np.isnan(top_share):
        return "none"
    low, high = band
    if top_share > high:
        return "more"
    return "agrees" if top_share >= low else "less"


def pareto_claim(
    pareto: pd.Series, *, band: Sequence[float] = (0.70, 0.90), lang: str = "en"
) -> Safe:
    """The textbook's 80/20 rule, tested on :func:`helpers.profiling.pareto_summary`.

    The rule counts as holding when the top ``top`` share of customers bring a share of
    revenue inside ``band`` (the ``pareto_band`` parameter).
    """
    verdict = _verdict(pareto, band)
    claim = say(
        "The textbook's **80/20 rule** (二八法则) says that about {top} of the customers bring "
        "about {mark} of the revenue.",
        lang,
        top=_pct(pareto["top"], lang),
        mark=_pct(pareto["mark"], lang),
    )
    if verdict == "none":
        return _join(claim, say("This data has no revenue, so the rule cannot be tested.", lang))
    measured = say(
        "In this data the top {top} ({n}) bring **{top_share}** of the revenue, and "
        "{share_to_mark} of the customers ({n_mark:,}) are needed to reach {mark} of it.",
        lang,
        top=_pct(pareto["top"], lang),
        n=count(_n(pareto["top_customers"]), "customer", "customers", lang=lang, zh="位客户"),
        top_share=_pct(pareto["top_revenue_share"], lang),
        share_to_mark=_pct(pareto["share_to_mark"], lang),
        n_mark=_n(pareto["customers_to_mark"]),
        mark=_pct(pareto["mark"], lang),
    )
    low, high = _pct(band[0], lang), _pct(band[1], lang)
    if verdict == "agrees":
        result = say(
            "This data **agrees** with the rule: the share is between {low} and {high}, the "
            "band this course counts as about 80%.",
            lang,
            low=low,
            high=high,
        )
    elif verdict == "more":
        result = say(
            "Revenue is **even more concentrated** than the rule says: the share is above {high}.",
            lang,
            high=high,
        )
    else:
        result = say(
            "This data **does not agree** with the rule: the share is below {low}, so revenue "
            "is spread more evenly than the rule says.",
            lang,
            low=low,
        )
    return _join(claim, measured, result)


def _losers(n_loss: int, n: int, lang: str) -> Safe:
    if n_loss == 0:
        return say("no customer loses money", lang)
    if n_loss == 1:
        return say("1 customer loses money", lang)
    return say("{k:,} customers ({s}) lose money", lang, k=n_loss, s=_pct(n_loss / n, lang))


def profit_pyramid_claim(pareto: pd.Series, *, lang: str = "en") -> Safe:
    """The textbook's inverted profit pyramid, tested: most profit from the top, some losses.

    "Most" means more than half of the profit from the top ``top`` customers by revenue.
    """
    claim = say(
        "The textbook's **inverted profit pyramid** (客户利润倒金字塔) says that most of the "
        "profit comes from the few customers at the top, and that some customers at the bottom "
        "lose money.",
        lang,
    )
    if np.isnan(pareto["profit"]):
        return _join(
            claim,
            say(
                "This data has no cost, so profit is unknown and the claim cannot be tested here.",
                lang,
            ),
        )
    if pareto["profit"] <= 0:
        return _join(
            claim,
            say(
                "Together the customers make no profit here (total {total}), so shares of profit "
                "mean nothing and the claim cannot be tested.",
                lang,
                total=Safe(money(pareto["profit"], lang=lang)),
            ),
        )
    top_share = pareto["top_profit_share"]
    n_loss = _n(pareto["loss_makers"])
    measured = say(
        "Here the top {top} by revenue ({n}) bring **{s}** of the profit, and {losers}.",
        lang,
        top=_pct(pareto["top"], lang),
        n=count(_n(pareto["top_customers"]), "customer", "customers", lang=lang, zh="位客户"),
        s=_pct(top_share, lang),
        losers=_losers(n_loss, _n(pareto["customers"]), lang),
    )
    more_than_all = (
        say("(More than all of the profit: the other customers together lose money.)", lang)
        if top_share > 1
        else ""
    )
    most, losses = top_share > 0.5, n_loss > 0
    if most and losses:
        result = say("This data **agrees** with the claim.", lang)
    elif most:
        result = say(
            "This data **agrees in part**: most of the profit does come from the top, but no "
            "customer loses money.",
            lang,
        )
    elif losses:
        result = say(
            "This data **does not agree** that most of the profit comes from the top (more "
            "than half), though some customers do lose money.",
            lang,
        )
    else:
        result = say(
            "This data **does not agree**: the profit is spread more evenly and no customer "
            "loses money.",
            lang,
        )
    return _join(claim, measured, more_than_all, result)


def profit_value_claim(pareto: pd.Series, *, lang: str = "en") -> Safe:
    """ "Value is profit contribution", tested: are the top customers by revenue top by profit?

    Revenue counts as a close guide to profit when at least :data:`CLOSE_GUIDE` (80%) of
    the top customers by revenue are also top customers by profit.
    """
    claim = say(
        "The textbook judges a customer's value by the **profit** the customer brings, not by "
        "revenue or by how loyal the customer feels.",
        lang,
    )
    overlap = pareto["top_also_top_by_profit"]
    if np.isnan(overlap):
        return _join(
            claim,
            say(
                "Without cost, this data can rank customers by revenue only; the profit "
                "contribution the textbook asks for cannot be measured.",
                lang,
            ),
        )
    n_top = _n(pareto["top_customers"])
    measured = say(
        "Of the {n:,} largest customers by revenue, {k:,} ({s}) are also among the {n:,} "
        "largest by profit.",
        lang,
        n=n_top,
        k=_n(overlap * n_top),
        s=_pct(overlap, lang),
    )
    if overlap >= CLOSE_GUIDE:
        result = say(
            "Here revenue is a close guide to profit (at least {guide} overlap, the course's "
            "yardstick), but the profit ranking is still the one to use.",
            lang,
            guide=_pct(CLOSE_GUIDE, lang),
        )
    else:
        result = say(
            "Here revenue is a **poor guide** to profit (less than {guide} overlap, the "
            "course's yardstick): ranking by revenue would favour the wrong customers.",
            lang,
            guide=_pct(CLOSE_GUIDE, lang),
        )
    return _join(claim, measured, result)


# --- 2. what the data holds ----------------------------------------------------------------------


def inventory_reading(inventory: pd.DataFrame, *, lang: str = "en") -> Safe:
    """Which of the fields looked for the data has (:func:`helpers.privacy.field_inventory`)."""
    n = len(inventory)
    present = int(inventory["present"].sum())
    if n == 0:
        return say("No fields were looked for.", lang)
    if present == n:
        return say("This data has all {n:,} fields the course looks for.", lang, n=n)
    if present == 0:
        return say("This data has none of the {n:,} fields the course looks for.", lang, n=n)
    missing = inventory.loc[~inventory["present"], "field"].tolist()
    shown = (
        missing if len(missing) <= 8 else [*missing[:7], say("{k} more", lang, k=len(missing) - 7)]
    )
    text = say(
        "This data has {p:,} of the {n:,} fields the course looks for; missing: {fields}.",
        lang,
        p=present,
        n=n,
        fields=Safe(listing(shown, lang=lang)),
    )
    by_kind = inventory.groupby("kind", sort=False)["present"].any()
    empty = [label(f"{k}_data", lang) for k in by_kind.index[~by_kind.to_numpy()]]
    if empty:
        text = _join(
            text,
            say_n(
                "It has no {kinds} at all.",
                "It has no data at all of these kinds: {kinds}.",
                len(empty),
                lang,
                kinds=Safe(listing(empty, lang=lang)),
            ),
        )
    return text


def type_fields_reading(filled_by_type: pd.DataFrame | None, *, lang: str = "en") -> Safe:
    """Do personal and corporate fields stay with their customer type?

    ``filled_by_type``: customer types x fields, the share of customers with the field
    filled in (None when the data has no customer types). A field filled for more than
    one type is mixed; a field filled for under 95% of its type has gaps.
    """
    if filled_by_type is None or filled_by_type.empty:
        return say(
            "This data has no customer types (or none of the type-specific fields), so "
            "personal and corporate fields cannot be compared.",
            lang,
        )
    mixed = [c for c in filled_by_type.columns if (filled_by_type[c] > 0).sum() > 1]
    gaps = [c for c in filled_by_type.columns if c not in mixed and filled_by_type[c].max() < 0.95]
    if not mixed and not gaps:
        return say(
            "Each of these fields is filled in for one customer type only, and for almost all "
            "customers of that type.",
            lang,
        )
    parts = []
    if mixed:
        parts.append(
            say(
                "{fields} are filled in for more than one customer type: check how they are "
                "recorded.",
                lang,
                fields=Safe(listing(mixed, lang=lang)),
            )
        )
    if gaps:
        parts.append(
            say(
                "{fields} are missing for more than 5% of the customers they apply to.",
                lang,
                fields=Safe(listing(gaps, lang=lang)),
            )
        )
    return _join(*parts)


def channels_reading(conversion: pd.DataFrame | None, *, lang: str = "en") -> Safe:
    """Which collection channel brings the most leads and which converts best.

    ``conversion`` is :func:`helpers.profiling.lead_conversion` (None: no leads table).
    """
    if conversion is None:
        return say(
            "This data has no table of sales leads with their sources, so the channels cannot "
            "be compared here. The orders only show customers who already buy.",
            lang,
        )
    total = int(conversion["leads"].sum())
    if total == 0:
        return say("The table of sales leads is empty: there are no channels to compare.", lang)
    principle = say(
        "A channel is judged by the customers it brings, not by the number of names.", lang
    )
    if len(conversion) == 1:
        return _join(
            say(
                "All {n:,} leads came through one channel, **{name}**; {rate} of them became "
                "customers.",
                lang,
                n=total,
                name=conversion.index[0],
                rate=_pct(conversion["conversion_rate"].iloc[0], lang),
            ),
            principle,
        )
    rates = conversion["conversion_rate"]
    first = say(
        "The channel with the most leads is **{name}** ({n:,}).",
        lang,
        name=conversion.index[0],
        n=int(conversion["leads"].iloc[0]),
    )
    if rates.max() == rates.min():
        return _join(
            first,
            say(
                "Every channel converts the same share of its leads ({rate}).",
                lang,
                rate=_pct(rates.iloc[0], lang),
            ),
            principle,
        )
    best, worst = rates.idxmax(), rates.idxmin()
    return _join(
        first,
        say(
            "The best converting is **{best}** ({best_rate}), the worst **{worst}** "
            "({worst_rate}).",
            lang,
            best=best,
            best_rate=_pct(rates[best], lang),
            worst=worst,
            worst_rate=_pct(rates[worst], lang),
        ),
        principle,
    )


# --- 4. privacy ---------------------------------------------------------------------------------


def sensitive_reading(flagged: pd.DataFrame, *, tables: int, lang: str = "en") -> Safe:
    """The sensitive-column screen (:func:`helpers.privacy.sensitive_columns`)."""
    if flagged.empty:
        return say(
            "No column of the {n} has a name that marks sensitive data.",
            lang,
            n=count(tables, "loaded table", "loaded tables", lang=lang, zh="张表"),
        )
    items = [f"{t}.{c} ({k})" for t, c, k in flagged[["table", "column", "category"]].to_numpy()]
    return say_n(
        "**{columns} looks like sensitive data**: {items}. Remove it before any analysis, and "
        "ask why it was collected.",
        "**{columns} look like sensitive data**: {items}. Remove them before any analysis, and "
        "ask why they were collected.",
        len(flagged),
        lang,
        columns=count(len(flagged), "column", "columns", lang=lang, zh="列"),
        items=Safe(listing(items, lang=lang)),
    )


def consent_reading(consent: pd.Series, *, lang: str = "en") -> Safe:
    """Recorded consent and messages sent without it (:func:`helpers.privacy.consent_summary`)."""
    if np.isnan(consent["customers"]):
        return say(
            "This data has no customer table, so consent to marketing cannot be checked: "
            "before any marketing use, find out whether and how the customers agreed.",
            lang,
        )
    if np.isnan(consent["consented"]):
        return say(
            "The customer table records no consent: before any marketing use, find out "
            "whether and how the customers agreed.",
            lang,
        )
    agreed = say(
        "{s} of the customers ({k:,} of {n:,}) agreed to marketing.",
        lang,
        s=_pct(consent["consent_share"], lang),
        k=_n(consent["consented"]),
        n=_n(consent["customers"]),
    )
    messages, without = consent["messages"], consent["messages_without_consent"]
    if np.isnan(messages):
        sent = say(
            "This data has no campaign log, so messages sent without consent cannot be counted.",
            lang,
        )
    elif messages == 0:
        sent = say("The campaign log is empty: no messages were sent.", lang)
    elif without == 0:
        sent = say(
            "Every one of the {m:,} campaign messages went to a customer who said yes.",
            lang,
            m=_n(messages),
        )
    else:
        sent = say(
            "**{w:,} of the {m:,} campaign messages went to customers without a recorded "
            "yes**: stop such messages until consent is shown.",
            lang,
            w=_n(without),
            m=_n(messages),
        )
    return _join(agreed, sent)


def pseudonymisation_reading(before: int, after: int, mismatched: int, *, lang: str = "en") -> Safe:
    """Did pseudonymisation keep every customer and their revenue (compared in cents)?"""
    if before == after and mismatched == 0:
        return say(
            "After pseudonymisation the data still has {n}, each with the same revenue to the "
            "cent: the analysis can go on without the real ids.",
            lang,
            n=count(before, "customer", "customers", lang=lang, zh="位客户"),
        )
    return say(
        "**Pseudonymisation changed the data**: {before:,} customers before, {after:,} after, "
        "{m:,} with another revenue. Check the ids before going on.",
        lang,
        before=before,
        after=after,
        m=mismatched,
    )


# --- 5-7. the raw export and real data ------------------------------------------------------------


def worked_example_note(run_name: str, *, lang: str = "en") -> Safe:
    """Says whose raw export sections 5 and 6 clean: this run's data or the course company's."""
    if run_name == "course":
        return say(
            "The raw export below is this run's own data: the course company's last quarter, "
            "before cleaning.",
            lang,
        )
    return say(
        "The raw export below belongs to the course company, not to the data of this run "
        "({name}): it is the worked example of loading and cleaning. Section 8 summarises the "
        "data of this run.",
        lang,
        name=run_name,
    )


def overlap_reading(
    comparison: pd.Series,
    days: Sequence[str],
    *,
    first: str,
    second: str,
    lang: str = "en",
) -> Safe:
    """Do two exports overlap? ``comparison`` is :func:`helpers.quality.compare_lines`.

    ``first`` and ``second`` name the two files; the names lesson 01 gives its worked
    example's files are said in the reading's language (:func:`_export_name`).
    """
    both = int(comparison["both"])
    if both == 0:
        return say(
            "The two files have no line in common: they can be put together as they are.", lang
        )
    days = list(days)
    when = (
        Safe(listing(days, lang=lang))
        if len(days) <= 5
        else say("from {a} to {b}", lang, a=days[0], b=days[-1])
    )
    return say(
        "**{second} also holds {n} already in {first}** (dated {when}). Adding the two files "
        "up would count those sales twice; the combined table keeps each line once.",
        lang,
        second=_export_name(second, lang),
        first=_export_name(first, lang),
        when=when,
        n=count(both, "line that is", "lines that are", lang=lang, zh="行"),
    )


def _export_name(name: str, lang: str) -> str:
    """The name of an export file: lesson 01's worked-example files in ``lang``, any
    other name as it is (escaped later, like every value)."""
    known = {
        "the CSV": lambda: say("the CSV", lang),
        "The December workbook": lambda: say("The December workbook", lang),
    }
    return known[name]() if name in known else name


def export_match_reading(comparison: pd.Series, *, since: str, lang: str = "en") -> Safe:
    """Does the cleaned export give exactly the company's order lines (money in cents)?"""
    both, left, right = (int(comparison[k]) for k in ("both", "only_left", "only_right"))
    if left == 0 and right == 0:
        return say(
            "The cleaned export matches the company's {n:,} order lines from {since} on "
            "exactly, line for line.",
            lang,
            n=both,
            since=since,
        )
    return say(
        "The cleaned export **does not match** the company's order lines from {since} on: "
        "{left:,} lines only in the export, {right:,} only in the company's tables ({both:,} "
        "in both).",
        lang,
        since=since,
        left=left,
        right=right,
        both=both,
    )


def retail_reading(retail: object | None, *, where: str = "", lang: str = "en") -> Safe:
    """UCI Online Retail after cleaning, or where to get it (``retail``: its CourseTables)."""
    if retail is None:
        return _join(
            say(
                "**The UCI Online Retail file is not on this computer yet**, so this section is "
                "skipped; the rest of the lesson does not need it. To get it:",
                lang,
            ),
            Safe(where),
        )
    orders = retail.orders
    text = say(
        "After cleaning: {lines:,} lines, {customers:,} customers, revenue £{revenue}.",
        lang,
        lines=len(orders),
        customers=int(orders["customer_id"].nunique()),
        revenue=Safe(money(float(orders["revenue"].sum()), lang="en")),
    )
    if retail.has_cost:
        return _join(text, say("The data has a cost column, so profit can be computed.", lang))
    return _join(
        text,
        say(
            "The data has **no** cost column: any profit or margin analysis needs the "
            "company's own cost data, or a stated assumption about the margin.",
            lang,
        ),
    )


# --- 8. data quality ------------------------------------------------------------------------------


def run_cleaning_reading(
    row: pd.Series, *, name: str, this_run: bool = True, lang: str = "en"
) -> Safe:
    """What cleaning did to a source (a row of :func:`quality.quality_summary`).

    ``this_run``: the source is the data of this run (else another source, by ``name``).
    """
    lines_in, kept = int(row["lines_in"]), int(row["lines_kept"])
    if lines_in == kept and int(row["values_rewritten"]) == 0 and int(row["flagged"]) == 0:
        lines = count(lines_in, "order line", "order lines", lang=lang, zh="行订单")
        if this_run and lines_in == 1:
            return say(
                "The data of this run ({name}) needed no cleaning: its one order line was kept "
                "as it came.",
                lang,
                name=name,
            )
        if this_run:
            return say(
                "The data of this run ({name}) needed no cleaning: all {lines} were kept as they "
                "came.",
                lang,
                name=name,
                lines=lines,
            )
        if lines_in == 1:
            return say("{name} needed no cleaning: its one order line was kept.", lang, name=name)
        return say(
            "{name} needed no cleaning: all its {lines} were kept.", lang, name=name, lines=lines
        )
    values = {"kept": kept, "n": lines_in, "name": name, "s": _pct(row["kept_share"], lang)}
    if this_run:
        kept_text = say(
            "Cleaning kept {kept:,} of the {n:,} order lines of this run's data ({name}), {s}.",
            lang,
            **values,
        )
    else:
        kept_text = say(
            "Cleaning kept {kept:,} of the {n:,} order lines of {name}, {s}.", lang, **values
        )
    parts = [kept_text]
    if int(row["largest_rule_lines"]):
        parts.append(
            say(
                "The rule that removed the most is **{rule}** ({k}).",
                lang,
                rule=term(row["largest_rule"], lang),
                k=count(int(row["largest_rule_lines"]), "line", "lines", lang=lang, zh="行"),
            )
        )
    if int(row["flagged"]):
        parts.append(
            say(
                "{k} flagged but kept.",
                lang,
                k=count(int(row["flagged"]), "line was", "lines were", lang=lang, zh="行"),
            )
        )
    if int(row["values_rewritten"]):
        parts.append(
            say(
                "{k} rewritten (ids, amounts or dates written another way).",
                lang,
                k=count(
                    int(row["values_rewritten"]), "value was", "values were", lang=lang, zh="个值"
                ),
            )
        )
    return _join(*parts)


def collection_summary(
    *,
    pareto: pd.Series,
    band: Sequence[float],
    inventory: pd.DataFrame,
    run_quality: pd.Series,
    run_name: str,
    flagged: pd.DataFrame,
    problems: Sequence[object],
    lang: str = "en",
) -> Safe:
    """What this means for the business: bullets computed from the lesson's tables."""
    bullets = []
    verdict = _verdict(pareto, band)
    if verdict == "none":
        bullets.append(
            say("This data has no revenue, so nothing can be said about how value is spread.", lang)
        )
    elif verdict in ("agrees", "more"):
        bullets.append(
            say(
                "**Value is concentrated here**: the top {top} of customers bring {s} of revenue, "
                "so knowing *which* customers they are is worth the effort of collecting and "
                "cleaning data.",
                lang,
                top=_pct(pareto["top"], lang),
                s=_pct(pareto["top_revenue_share"], lang),
            )
        )
    else:
        bullets.append(
            say(
                "**Value is spread fairly evenly here**: the top {top} of customers bring {s} of "
                "revenue, less than the 80/20 rule says. Grading still shows who matters, but the "
                "differences between customers are smaller than the textbook expects.",
                lang,
                top=_pct(pareto["top"], lang),
                s=_pct(pareto["top_revenue_share"], lang),
            )
        )
    present = set(inventory.loc[inventory["present"], "field"])
    limits = [
        text
        for field, text in (
            ("cost", say("no cost means no profit", lang)),
            ("reason", say("no complaints means no service analysis", lang)),
            ("satisfaction", say("no survey means no loyalty matrix", lang)),
        )
        if field in set(inventory["field"]) and field not in present
    ]
    fields = say(
        "Of the {n:,} fields the course looks for, this data has {p:,}",
        lang,
        n=len(inventory),
        p=len(present),
    ) + Safe(";" if lang == "en" else "；")
    bullets.append(
        _join(
            fields,
            say(
                "the missing ones limit the analyses that follow: {what}.",
                lang,
                what=Safe(listing(limits) if lang == "en" else "；".join(limits)),
            ),
        )
        if limits
        else _join(fields, say("nothing the later lessons need is missing.", lang))
    )
    bullets.append(run_cleaning_reading(run_quality, name=run_name, lang=lang))
    if problems:
        bullets.append(
            say(
                "{n} found while loading: read the box at the top before trusting any figure.",
                lang,
                n=count(len(problems), "warning was", "warnings were", lang=lang, zh="条警告"),
            )
        )
    if not flagged.empty:
        bullets.append(
            say_n(
                "{columns} looks like sensitive data: remove it and ask why it was collected.",
                "{columns} look like sensitive data: remove them and ask why they were collected.",
                len(flagged),
                lang,
                columns=count(len(flagged), "column", "columns", lang=lang, zh="列"),
            )
        )
    bullets.append(
        say(
            "Collect for a purpose, ask for consent, pseudonymise identifiers, and never collect "
            "health, religion, blood type or other sensitive data.",
            lang,
        )
    )
    return Safe("\n".join(f"- {b}" for b in bullets))
