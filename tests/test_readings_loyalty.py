"""Every branch of the lesson 05 readings, on small tables whose numbers are checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import loyalty
from helpers.loyalty import LoyaltyInputs
from helpers.readings import loyalty as read
from helpers.text import Safe

CUSTOMER_CLASSES = list(loyalty.CUSTOMER_CLASSES)


def class_table(counts, revenue, leads=(0, 0)):
    """A behavioural_class_table with customer counts and revenue shares given by hand."""
    counts = list(counts)
    total = sum(counts)
    table = pd.DataFrame(
        {
            "party": ["customer"] * 4 + ["lead"] * 2,
            "count": counts + list(leads),
            "share": [c / total if total else np.nan for c in counts]
            + [x / sum(leads) if sum(leads) else np.nan for x in leads],
            "revenue_share": list(revenue) + [np.nan, np.nan],
        },
        index=list(loyalty.BEHAVIOURAL_CLASSES),
    )
    return table


def inputs(**kwargs):
    return LoyaltyInputs(
        kwargs.get("survey"),
        kwargs.get("complaints"),
        kwargs.get("leads"),
        kwargs.get("rows", {}),
        kwargs.get("missing", {}),
    )


def test_readings_are_safe_markdown_and_check_the_language():
    text = read.short_history(800, long_term_days=365)
    assert isinstance(text, Safe)
    with pytest.raises(ValueError, match="lang must be"):
        read.short_history(800, long_term_days=365, lang="fr")


# ---------------------------------------------------------------- data inventory


def test_inventory_when_every_optional_table_is_there():
    got = read.data_inventory(
        inputs(survey=pd.DataFrame(), rows={"survey": 700, "complaints": 1, "leads": 706}),
        order_lines=66_172,
    )
    assert got.splitlines()[2:] == [
        "| orders | yes: 66,172 order lines |",
        "| leads (prospects) | yes: 706 leads |",
        "| survey | yes: 700 answers |",
        "| complaints | yes: 1 complaint |",
    ]


def test_inventory_says_what_missing_columns_and_empty_tables_cost():
    got = read.data_inventory(
        inputs(
            rows={"survey": 3, "complaints": 5, "leads": 2},
            missing={
                "survey": ("survey_date",),
                "complaints": ("reason", "resolved"),
                "leads": ("created_date",),
            },
        ),
        order_lines=1,
    )
    lines = got.splitlines()
    assert lines[3] == (
        "| leads (prospects) | yes, but without creation dates: recent and old leads cannot be "
        "told apart, so the two non-user classes stay empty |"
    )
    assert lines[4] == (
        "| survey | yes: 3 answers, without dates: read as one wave taken before the as-of date, "
        "so changes over time cannot be seen |"
    )
    assert lines[5] == (
        "| complaints | yes: 5 complaints (no reasons: the reasons cannot be counted) (no "
        "resolved flag: open cases cannot be counted) |"
    )
    empty = read.data_inventory(inputs(rows={"survey": 0, "complaints": 0}), order_lines=0)
    assert "| orders | yes: no order lines |" in empty
    assert "**no answer before the as-of date**" in empty
    assert "**no complaint before the as-of date**: nothing to count" in empty


# ---------------------------------------------------------------- history and classes


def test_short_history_in_its_three_cases():
    assert read.short_history(730, long_term_days=365) == (
        "The orders cover 730 days: long enough to see long-term customers."
    )
    middle = read.short_history(373, long_term_days=365)
    assert "only customers who started in the first 8 days can count as long-term" in middle
    assert "nobody can count as long-term" in read.short_history(364, long_term_days=365)


def test_class_summary_compares_the_two_long_term_classes():
    more = read.class_summary(class_table([2, 6, 2, 0], [0.2, 0.7, 0.1, 0.0]), declining_below=-0.3)
    assert more == (
        "Of the 10 customers, 2 (20%) are long-term, active and not losing value; they bring "
        "20% of the revenue. Another 6 (60%) are long-term but dormant or buying more than 30% "
        "less than in the period before: they bring 70% of the revenue, **more than the loyal "
        "class**, so keeping them is the first task of the year."
    )
    equal = read.class_summary(class_table([1, 1, 0, 0], [0.5, 0.5, 0, 0]), declining_below=-0.3)
    assert equal.endswith("less than the loyal class, but each of them is a relationship at risk.")
    none_switch = read.class_summary(class_table([3, 0, 1, 0], [0.9, 0, 0.1, 0]), declining_below=0)
    assert none_switch.endswith("No long-term customer has gone dormant or is losing value.")
    at_zero = read.class_summary(class_table([1, 1, 0, 0], [0.5, 0.5, 0, 0]), declining_below=0.0)
    assert "dormant or with a revenue trend below 0.0" in at_zero
    assert read.class_summary(class_table([0, 0, 1, 0], [0, 0, 1, 0]), declining_below=-0.3) == (
        "Of the 1 customer, none is long-term yet: every customer is in an occasional class."
    )
    assert read.class_summary(class_table([0, 0, 0, 0], [0, 0, 0, 0]), declining_below=-0.3) == (
        "There are no customers with orders before the as-of date to classify."
    )


def test_leads_summary_in_every_case():
    present = inputs(leads=pd.DataFrame(), rows={"leads": 9})
    assert read.leads_summary(class_table([1, 0, 0, 0], [1, 0, 0, 0], (3, 2)), present) == (
        "3 recent open leads have not bought yet: follow them up; 2 older leads can be dropped."
    )
    assert read.leads_summary(class_table([1, 0, 0, 0], [1, 0, 0, 0], (0, 1)), present) == (
        "No recent lead is still open; 1 older lead can be dropped."
    )
    assert read.leads_summary(class_table([1, 0, 0, 0], [1, 0, 0, 0], (0, 0)), present) == (
        "Every lead created before the as-of date has already become a customer."
    )
    undated = inputs(rows={"leads": 4}, missing={"leads": ("created_date",)})
    assert "no creation dates" in read.leads_summary(
        class_table([1, 0, 0, 0], [1, 0, 0, 0]), undated
    )
    assert "no leads table" in read.leads_summary(class_table([1, 0, 0, 0], [1, 0, 0, 0]), inputs())


# ---------------------------------------------------------------- survey


def coverage(n, found):
    return pd.Series({"respondents": n, "buyers": found, "share": found / n if n else np.nan})


def test_survey_match_warns_below_half():
    assert read.survey_match(coverage(0, 0)) == "Nobody answered the survey before the as-of date."
    assert read.survey_match(coverage(1, 1)) == "The one surveyed customer is among the buyers."
    assert read.survey_match(coverage(700, 700)).startswith("All 700 surveyed customers are")
    most = read.survey_match(coverage(10, 6))
    assert most.startswith("Only 6 of the 10 surveyed customers (60%)") and "Warning" not in most
    few = read.survey_match(coverage(129_880, 23_502))
    assert few.startswith("> **Warning.** Only 23,502 of the 129,880 surveyed customers (18%)")
    assert few.endswith("types and orders are compared on 23,502 customers only.")
    assert read.survey_match(coverage(3, 1)).endswith("compared on 1 customer only.")


def type_table(customers, revenue=None):
    customers = list(customers)
    total = sum(customers)
    table = pd.DataFrame(
        {
            "customers": customers,
            "customer_share": [c / total if total else np.nan for c in customers],
        },
        index=list(loyalty.LOYALTY_TYPES),
    )
    if revenue is not None:
        table["revenue_share"] = revenue
    return table


def test_hostage_value_at_zero_one_and_without_revenue():
    assert read.hostage_value(type_table([1, 1, 0, 0, 0, 0], [0.5] * 2 + [0] * 4)) == (
        "There are no hostages among the surveyed customers: nobody stays while unhappy."
    )
    many = read.hostage_value(type_table([2, 2, 4, 1, 1, 0], [0.1, 0.2, 0.5, 0.1, 0.1, 0.0]))
    assert many.startswith("Hostages are 4 surveyed customers (40%) with 50% of the surveyed")
    unmatched = read.hostage_value(type_table([1, 0, 1, 0, 0, 0], [1.0, 0, 0, 0, 0, 0]))
    assert unmatched.endswith("but none of them bought before the as-of date: their answers say "
                              "they stay, their orders do not show it.")  # fmt: skip
    assert read.hostage_value(type_table([0, 0, 1, 0, 0, 1])) == (
        "Hostages are 1 surveyed customer (50%)."
    )


def spread_of(answers_sat, answers_loy):
    s = pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(len(answers_sat))],
            "satisfaction": answers_sat,
            "loyalty": answers_loy,
        }
    )
    return loyalty.type_count_spread(loyalty.cutoff_sensitivity(s))


def test_sensitivity_summary_branches():
    assert read.sensitivity_summary(pd.DataFrame(), respondents=0) == (
        "There are no survey answers whose types could move."
    )
    # answers of 10 and 1 never sit at a cut-off tried (5-9)
    steady = spread_of([10, 10, 1], [10, 1, 1])
    assert read.sensitivity_summary(steady, respondents=3).startswith(
        "Over the cut-offs tried, no type's count moves"
    )
    moving = spread_of([2, 5, 6, 7, 9, 10], [6, 6, 7, 7, 9, 5])
    text = read.sensitivity_summary(moving, respondents=6)
    most = moving.index[0]
    low, high = moving.loc[most, "low"], moving.loc[most, "high"]
    assert text.startswith(
        f"Over the cut-offs tried, the **{most}** count moves the most (from {low} to {high} "
        "customers)"
    )
    assert f"changes the size of one type by up to {moving['largest_step'].max()} customers" in text
    least = moving.index[-1]
    assert f"the **{least}** count moves the least (from" in text or "does not move" in text


# ---------------------------------------------------------------- complaints and types


def complaints_table(customers, complaints):
    return pd.DataFrame(
        {"customers": customers, "complaints": complaints}, index=list(loyalty.LOYALTY_TYPES)
    )


def test_complaints_by_type_reading_agrees_disagrees_or_cannot_tell():
    agrees = read.complaints_by_type_reading(
        complaints_table([1, 1, 1, 1, 1, 1], [0, 1, 0, 0, 2, 3])
    )
    assert agrees.endswith(
        "defectors and terrorists made 2.50 complaints each, apostles and loyalists 0.50: this "
        "data **agrees**."
    )
    disagrees = read.complaints_by_type_reading(
        complaints_table([2, 2, 1, 1, 2, 2], [4, 4, 0, 0, 1, 0])
    )
    assert disagrees.endswith("this data **does not agree**.")
    assert "no defectors or terrorists" in read.complaints_by_type_reading(
        complaints_table([1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 0, 0])
    )
    assert "no apostles or loyalists" in read.complaints_by_type_reading(
        complaints_table([0, 0, 1, 1, 1, 1], [0, 0, 1, 1, 1, 1])
    )
    assert read.complaints_by_type_reading(complaints_table([1] * 6, [0] * 6)).endswith(
        "None of them complained before the as-of date: nothing to compare."
    )


def crosstab(hostage_loyal, hostage_other):
    table = pd.DataFrame(0, index=list(loyalty.LOYALTY_TYPES), columns=CUSTOMER_CLASSES)
    table.loc["hostage", "loyal_will_stay"] = hostage_loyal
    table.loc["hostage", "loyal_may_switch"] = hostage_other
    return table


def test_false_loyalty_is_grammatical_at_zero_and_one():
    assert read.false_loyalty(crosstab(0, 0)).startswith("There are no hostages")
    assert "0 of the 0" not in read.false_loyalty(crosstab(0, 0))
    assert read.false_loyalty(crosstab(0, 3)).startswith("None of the 3 hostages is in the class")
    assert read.false_loyalty(crosstab(1, 0)).startswith("The one hostage is in the class")
    assert read.false_loyalty(crosstab(1, 4)).startswith("1 of the 5 hostages is in the class")
    assert read.false_loyalty(crosstab(12, 58)).startswith("12 of the 70 hostages are in the class")


# ---------------------------------------------------------------- the continuum


def continuum(n, means, sd=2.0, revenue=(0.2, 0.3, 0.5)):
    return pd.DataFrame(
        {
            "respondents": n,
            "mean_loyalty": means,
            "sd_loyalty": [sd] * 3,
            "revenue_share": revenue,
        },
        index=pd.Index(list(loyalty.RELATIONSHIP_STAGES), name="relationship"),
    )


def claim(n, means, **kw):
    table = continuum(n, means, **kw)
    return read.closeness_claim(loyalty.closeness_steps(table), table, min_rise=0.5)


def test_closeness_claim_in_each_case():
    assert claim([100] * 3, [4.0, 5.0, 6.0]).endswith("each step does, so this data **agrees**.")
    partly = claim([100] * 3, [4.0, 5.2, 5.4])
    assert partly.endswith("but not at every step, so this data **partly agrees**.")
    assert claim([100] * 3, [6.0, 5.0, 4.0]).endswith("so this data **contradicts** it.")
    flat = claim([100] * 3, [3.59, 3.61, 3.64])
    assert "Here mean loyalty is 3.59 (distant), 3.61 (pure transaction) and 3.64 (close " in flat
    assert flat.endswith("no step does, so this data **does not agree**; closeness alone does not "
                         "come with more loyalty here.")  # fmt: skip
    thin = claim([100, 1, 0], [4.0, 6.0, np.nan])
    assert thin.endswith(
        "This data cannot test it: fewer than two surveyed customers at pure transaction and "
        "close working relationship."
    )
    no_survey = read.closeness_claim(None, continuum([0] * 3, [np.nan] * 3), min_rise=0.5)
    assert no_survey == (
        "The textbook says loyalty rises with closeness. Without a survey this data cannot test "
        "it; the chart shows instead where the revenue comes from: 50% from close working "
        "relationships."
    )


# ---------------------------------------------------------------- flow, priority, summary


def test_flow_coverage_in_each_case():
    assert read.flow_coverage(loyalty.complaint_flow(None), has_complaints=False).startswith(
        "**This data has no complaints**"
    )
    every = [c for _, c in loyalty.COMPLAINT_FLOW]
    assert read.flow_coverage(loyalty.complaint_flow(pd.DataFrame(columns=every)),
                              has_complaints=True) == (
        "The complaints table records all 7 steps: every step leaves a trace."
    )  # fmt: skip
    six = loyalty.complaint_flow(pd.DataFrame(columns=every[:2] + every[3:]))
    assert read.flow_coverage(six, has_complaints=True).startswith(
        "The complaints table records 6 of the 7 steps. Step 3 leaves no trace:"
    )


def test_priority_list_at_none_zero_one_and_many():
    options = {"big_top": 0.2, "min_complaints": 2, "window_days": 365}
    assert read.priority_list(None, **options).startswith("There are no complaints")
    assert read.priority_list(pd.DataFrame(index=[]), **options) == (
        "No big customer (top 20% by revenue) complained at least 2 times in the last 365 days."
    )
    assert read.priority_list(pd.DataFrame(index=["C1", "C2"]), **options).startswith(
        "2 big customers (top 20% by revenue) complained at least 2 times in the last 365 days: "
        "they go"
    )


def test_business_summary_with_every_table_and_a_hostile_reason():
    classes = class_table([5, 2, 2, 1], [0.6, 0.3, 0.08, 0.02], leads=(1, 1))
    types = type_table([1, 2, 3, 1, 2, 1], [0.1, 0.2, 0.4, 0.1, 0.1, 0.1])
    spread = pd.DataFrame(
        {"low": [1], "high": [5], "spread": [4], "largest_step": [2]}, index=["hostage"]
    )
    by_reason = pd.DataFrame(
        {"complaints": [3, 1], "resolved": [1, 1], "unresolved": [2, 0]},
        index=pd.Index(["<img src=x onerror=alert(1)>", "price"], name="reason"),
    )
    got = read.business_summary(
        classes,
        inputs(leads=pd.DataFrame(), complaints=pd.DataFrame(), rows={"leads": 2}),
        type_table=types,
        spread=spread,
        by_reason=by_reason,
        priority=pd.DataFrame(index=["C1"]),
    ).splitlines()
    assert got[0] == (
        "- **Behaviour.** 5 customers (60% of revenue) are long-term and not losing value; 2 "
        "long-term customers (30% of revenue) are dormant or shrinking and need a call."
    )
    assert got[1] == (
        "- **Prospects.** 1 recent open lead has not bought yet: follow it up; 1 older lead can "
        "be dropped."
    )
    assert got[2] == (
        "- **Attitude.** 30% of the surveyed customers are truly loyal (apostles and loyalists); "
        "30% are hostages, with 40% of the surveyed customers' revenue that could leave as soon "
        "as it can; 1 terrorist to call personally."
    )
    assert got[3].startswith("- **Cut-offs.** The hostage count is the most sensitive")
    assert got[4] == (
        "- **Complaints.** 50% of the complaints are still open; the most frequent reason is "
        "*&lt;img src=x onerror=alert\\(1\\)&gt;*; 1 big customer with repeated complaints goes "
        "to the top of the service list."
    )
    assert "<img" not in "\n".join(got)


def test_business_summary_without_survey_or_long_term_customers():
    got = read.business_summary(class_table([0, 0, 3, 1], [0, 0, 0.9, 0.1]), inputs())
    assert got.splitlines() == [
        "- **Behaviour.** No customer is long-term and not losing value yet; no long-term "
        "customer is dormant or shrinking.",
        "- **Attitude.** There is no survey, so false loyalty (hostages) cannot be told from true "
        "loyalty: a short survey of the biggest customers would close this gap.",
    ]
    no_terrorists = read.business_summary(
        class_table([1, 0, 0, 0], [1, 0, 0, 0]),
        inputs(),
        type_table=type_table([1, 0, 0, 0, 0, 0], [1.0, 0, 0, 0, 0, 0]),
    )
    assert "no terrorists to call" in no_terrorists


def test_survey_and_reasons_missing_say_why():
    assert read.survey_missing(inputs()).startswith("**This data has no survey answers**")
    assert read.survey_missing(inputs(rows={"survey": 0})).startswith(
        "**No survey answer is dated before the as-of date**"
    )
    assert read.reasons_missing(inputs()) == (
        "There are no complaints in this data: nothing to count by reason."
    )
    no_reason = read.reasons_missing(inputs(complaints=pd.DataFrame({"customer_id": ["C1"]})))
    assert no_reason.startswith("The complaints table records no reason")
