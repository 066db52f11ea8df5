"""Lesson 01 readings: every branch on small hand-made tables whose numbers check by hand."""

import numpy as np
import pandas as pd
import pytest

from helpers import privacy, profiling, quality
from helpers.cleaning import CleaningReport, clean_orders
from helpers.readings import collection as rc
from helpers.schema import Problem
from helpers.tables import CourseTables
from helpers.text import Safe


def pareto_of(values, profit=None, **kwargs):
    ids = [f"C{i:02d}" for i in range(len(values))]
    table = pd.DataFrame({"customer_id": ids, "monetary": [float(v) for v in values]})
    if profit is not None:
        table["profit"] = [float(p) for p in profit]
    return profiling.pareto_summary(profiling.rank_customers(table), **kwargs)


# ten customers: the top 20% are 2 customers
CONCENTRATED = [400, 400, 40, 40, 30, 30, 20, 20, 10, 10]  # top 2: 800 / 1000 = 80%
EXTREME = [950, 10, 10, 5, 5, 5, 5, 5, 3, 2]  # top 2: 96%
FLAT = [100] * 10  # top 2: 20%


def test_every_reading_is_safe_markdown():
    assert isinstance(rc.pareto_claim(pareto_of(FLAT)), Safe)
    assert isinstance(rc.loading_warnings([]), Safe)


def test_pareto_claim_agrees():
    text = rc.pareto_claim(pareto_of(CONCENTRATED), band=(0.7, 0.9))
    assert "the top 20% (2 customers) bring **80%** of the revenue" in text
    assert "20% of the customers (2) are needed to reach 80% of it" in text
    assert "This data **agrees** with the rule: the share is between 70% and 90%" in text


def test_pareto_claim_more_concentrated_and_does_not_agree():
    more = rc.pareto_claim(pareto_of(EXTREME), band=(0.7, 0.9))
    assert "bring **96%**" in more and "**even more concentrated** than the rule" in more
    assert "above 90%" in more
    less = rc.pareto_claim(pareto_of(FLAT), band=(0.7, 0.9))
    assert "bring **20%**" in less and "80% of the customers (8) are needed" in less
    assert "**does not agree** with the rule: the share is below 70%" in less


def test_pareto_claim_without_revenue():
    text = rc.pareto_claim(pareto_of([0, 0]))
    assert text.endswith("This data has no revenue, so the rule cannot be tested.")


def test_profit_pyramid_claim_all_branches():
    agrees = rc.profit_pyramid_claim(
        pareto_of(CONCENTRATED, [300, 300, 10, 10, 5, 5, 1, 1, -1, -2])
    )
    # top 2 by revenue: 600 of 629 profit = 95.4%; 2 of 10 customers lose money
    assert "bring **95.4%** of the profit, and 2 customers (20%) lose money" in agrees
    assert agrees.endswith("This data **agrees** with the claim.")
    part = rc.profit_pyramid_claim(pareto_of(CONCENTRATED, [300] * 2 + [10] * 8))
    assert "no customer loses money" in part and "**agrees in part**" in part
    losses = rc.profit_pyramid_claim(pareto_of(FLAT, [10] * 9 + [-1]))
    assert "1 customer loses money" in losses
    assert "**does not agree** that most of the profit comes from the top" in losses
    neither = rc.profit_pyramid_claim(pareto_of(FLAT, [10] * 10))
    assert "**does not agree**: the profit is spread more evenly" in neither
    beyond = rc.profit_pyramid_claim(pareto_of(CONCENTRATED, [100, 100] + [-10] * 8))
    assert "**166.7%** of the profit" in beyond and "More than all of the profit" in beyond


def test_profit_pyramid_claim_without_cost_or_profit():
    assert "profit is unknown and the claim cannot be tested" in rc.profit_pyramid_claim(
        pareto_of(FLAT)
    )
    losing = rc.profit_pyramid_claim(pareto_of(FLAT, [-1] * 10))
    assert "make no profit here (total -10)" in losing


def test_profit_value_claim_branches():
    close = rc.profit_value_claim(pareto_of(CONCENTRATED, [300, 300] + [1] * 8))
    assert "Of the 2 largest customers by revenue, 2 (100%) are also among the 2 largest" in close
    assert "revenue is a close guide to profit" in close
    poor = rc.profit_value_claim(pareto_of(CONCENTRATED, [-5, 1, 50, 40, 1, 1, 1, 1, 1, 1]))
    assert "2 largest customers by revenue, 0 (0%)" in poor and "**poor guide**" in poor
    assert "cannot be measured" in rc.profit_value_claim(pareto_of(FLAT))


def test_agreement_branches():
    assert rc.agreement(0, 1, "customer", "customers") == (
        "Plain pandas and the helper agree on the one customer."
    )
    assert rc.agreement(0, 1234, "customer", "customers") == (
        "Plain pandas and the helper agree on all 1,234 customers."
    )
    assert rc.agreement(3, 10, "check", "checks").startswith(
        "**Plain pandas and the helper disagree** on 3 of 10 checks"
    )
    assert rc.agreement(0, 0, "check", "checks") == "There is nothing to compare: no checks."


def test_loading_warnings_box_escapes_and_handles_errors():
    box = rc.loading_warnings(
        [
            Problem("warning", "a", "rule 'return' removed 12% of lines.", "orders.csv",
                    "cleaning: {returns: keep}"),
            Problem("error", "b", "<script>x</script>"),
        ]
    )  # fmt: skip
    lines = box.split("\n")
    assert lines[0] == "> **⚠ Problems found while loading the data** (2)"
    assert lines[2] == (
        "> - rule 'return' removed 12% of lines (orders.csv). Fix: cleaning: \\{returns: keep\\}"
    )
    assert lines[3] == "> - error: &lt;script&gt;x&lt;/script&gt;."
    assert "<script>" not in box


def test_apostrophes_in_data_values_read_as_apostrophes():
    box = rc.loading_warnings([Problem("warning", "x", "O'Brien's \"shop\"")])
    assert "O'Brien's \"shop\"" in box


def test_inventory_reading_branches():
    frames = {"orders": pd.DataFrame({"order_date": [1], "revenue": [1.0]})}
    fields = [("financial", "orders", "order_date", "d"), ("financial", "orders", "revenue", "r")]
    full = privacy.field_inventory(frames, fields=fields)
    assert rc.inventory_reading(full) == "This data has all 2 fields the course looks for."
    some = privacy.field_inventory(
        frames, fields=[*fields, ("regional", "customers", "region", "")]
    )
    assert rc.inventory_reading(some) == (
        "This data has 2 of the 3 fields the course looks for; missing: region. "
        "It has no regional data at all."
    )
    two_kinds = privacy.field_inventory(
        frames, fields=[*fields, ("regional", "customers", "region", ""),
                        ("behavioural", "survey", "satisfaction", "")]
    )  # fmt: skip
    assert rc.inventory_reading(two_kinds).endswith(
        "It has no data at all of these kinds: regional data and behavioural data."
    )
    none = privacy.field_inventory({}, fields=fields)
    assert rc.inventory_reading(none) == "This data has none of the 2 fields the course looks for."
    many = privacy.field_inventory(frames)  # 21 fields, 2 present: 19 missing
    assert "missing: name, customer\\_type" in rc.inventory_reading(many)
    assert "and 12 more" in rc.inventory_reading(many)


def test_type_fields_reading_branches():
    clean = pd.DataFrame({"age_band": [1.0, 0.0], "industry": [0.0, 1.0]},
                         index=["personal", "corporate"])  # fmt: skip
    assert "filled in for one customer type only" in rc.type_fields_reading(clean)
    messy = pd.DataFrame({"age_band": [1.0, 0.2], "industry": [0.0, 0.9]},
                         index=["personal", "corporate"])  # fmt: skip
    text = rc.type_fields_reading(messy)
    assert "age\\_band are filled in for more than one customer type" in text
    assert "industry are missing for more than 5%" in text
    assert "cannot be compared" in rc.type_fields_reading(None)


def test_channels_reading_branches():
    leads = pd.DataFrame(
        {
            "lead_id": [f"L{i}" for i in range(6)],
            "source": ["fair", "fair", "fair", "web", "web", "list"],
            "converted_customer_id": ["C1", None, None, "C2", None, "C3"],
        }
    )
    text = rc.channels_reading(profiling.lead_conversion(leads))
    assert text.startswith("The channel with the most leads is **fair** (3).")
    assert "The best converting is **list** (100%), the worst **fair** (33.3%)." in text
    one = rc.channels_reading(profiling.lead_conversion(leads[leads["source"] == "web"]))
    assert one.startswith("All 2 leads came through one channel, **web**; 50% of them")
    same = rc.channels_reading(profiling.lead_conversion(leads.iloc[[0, 1, 3, 4]]))
    assert "Every channel converts the same share of its leads (50%)." in same
    assert "no table of sales leads" in rc.channels_reading(None)
    empty = profiling.lead_conversion(leads.iloc[:0])
    assert rc.channels_reading(empty).startswith("The table of sales leads is empty")


def test_channel_names_from_the_data_are_escaped():
    leads = pd.DataFrame({"lead_id": ["L1", "L2"], "source": ["<img src=x onerror=y>", "web"],
                          "converted_customer_id": [None, "C1"]})  # fmt: skip
    text = rc.channels_reading(profiling.lead_conversion(leads))
    assert "<img" not in text and "&lt;img src=x onerror=y&gt;" in text


def test_sensitive_reading_branches():
    none = rc.sensitive_reading(privacy.sensitive_columns(pd.DataFrame(columns=["a"])), tables=1)
    assert none == "No column of the 1 loaded table has a name that marks sensitive data."
    found = privacy.sensitive_columns({"customers": pd.DataFrame(columns=["blood_type"])})
    assert rc.sensitive_reading(found, tables=3) == (
        "**1 column looks like sensitive data**: customers.blood\\_type \\(health\\). Remove "
        "it before any analysis, and ask why it was collected."
    )


def test_consent_reading_branches():
    customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
                              "consent_marketing": [True, True, True, False]})  # fmt: skip
    campaigns = pd.DataFrame({"customer_id": ["C1", "C4"], "campaign_id": ["K", "K"]})
    text = rc.consent_reading(privacy.consent_summary(customers, campaigns))
    assert text.startswith("75% of the customers (3 of 4) agreed to marketing.")
    assert "**1 of the 2 campaign messages went to customers without a recorded yes**" in text
    good = rc.consent_reading(privacy.consent_summary(customers, campaigns.iloc[:1]))
    assert "Every one of the 1 campaign messages went to a customer who said yes." in good
    assert "no campaign log" in rc.consent_reading(privacy.consent_summary(customers))
    empty = rc.consent_reading(privacy.consent_summary(customers, campaigns.iloc[:0]))
    assert "no messages were sent" in empty
    no_column = privacy.consent_summary(customers.drop(columns="consent_marketing"))
    assert rc.consent_reading(no_column).startswith("The customer table records no consent")
    assert rc.consent_reading(privacy.consent_summary(None)).startswith(
        "This data has no customer table"
    )


def test_pseudonymisation_reading():
    assert rc.pseudonymisation_reading(2, 2, 0).startswith(
        "After pseudonymisation the data still has 2 customers, each with the same revenue"
    )
    assert rc.pseudonymisation_reading(1, 1, 0).startswith("After pseudonymisation the data "
                                                           "still has 1 customer,")  # fmt: skip
    assert rc.pseudonymisation_reading(3, 2, 1).startswith(
        "**Pseudonymisation changed the data**: 3 customers before, 2 after, 1 with another"
    )


def test_worked_example_note():
    assert "this run's own data" in rc.worked_example_note("course")
    other = rc.worked_example_note("course:shape=flat")
    assert "not to the data of this run (course:shape=flat)" in other


def test_overlap_and_match_readings():
    a = pd.DataFrame({"order_id": ["O1", "O2", "O3"], "revenue": [1.0, 2.0, 3.0]})
    b = pd.DataFrame({"order_id": ["O3", "O4"], "revenue": [3.0, 4.0]})
    text = rc.overlap_reading(quality.compare_lines(b, a), ["2025-11-30"], first="the CSV",
                              second="The workbook")  # fmt: skip
    assert text.startswith("**The workbook also holds 1 line that is already in the CSV** "
                           "(dated 2025-11-30).")  # fmt: skip
    many_days = [f"2025-11-{d:02d}" for d in range(1, 9)]
    text = rc.overlap_reading(quality.compare_lines(a, a), many_days, first="a", second="b")
    assert "3 lines that are already in a** (dated from 2025-11-01 to 2025-11-08)" in text
    none = rc.overlap_reading(quality.compare_lines(a.iloc[:1], b), [], first="a", second="b")
    assert none.startswith("The two files have no line in common")
    assert rc.export_match_reading(quality.compare_lines(a, a), since="2025-10-01") == (
        "The cleaned export matches the company's 3 order lines from 2025-10-01 on exactly, "
        "line for line."
    )
    differ = rc.export_match_reading(quality.compare_lines(a, b), since="2025-10-01")
    assert "**does not match**" in differ and "2 lines only in the export, 1 only in" in differ


def test_retail_reading_branches():
    assert rc.retail_reading(None, where="Download it.").endswith("To get it: Download it.")
    orders = pd.DataFrame({"customer_id": ["1", "2"], "order_id": ["O1", "O2"],
                           "order_date": pd.to_datetime(["2011-01-01"] * 2),
                           "product_id": ["P"] * 2, "quantity": [1, 1],
                           "revenue": [1000.5, 234.0]})  # fmt: skip
    text = rc.retail_reading(CourseTables("online_retail", orders))
    assert text.startswith("After cleaning: 2 lines, 2 customers, revenue £1,234.")
    assert "**no** cost column" in text
    with_cost = rc.retail_reading(CourseTables("x", orders.assign(cost=1.0)))
    assert "has a cost column" in with_cost


def quality_row(raw):
    return quality.quality_summary({"run": clean_orders(raw)}).loc["run"]


def test_run_cleaning_reading_branches():
    clean = pd.DataFrame({"customer_id": ["C1"], "order_date": pd.to_datetime(["2024-01-01"]),
                          "revenue": [1.0]})  # fmt: skip
    untouched = quality.quality_summary({"x": (clean, CleaningReport.unchanged(1))}).loc["x"]
    assert rc.run_cleaning_reading(untouched, name="course") == (
        "The data of this run (course) needed no cleaning: its one order line was kept as it came."
    )
    raw = pd.DataFrame({"customer_id": ["C1", None, "c1"], "order_id": ["O1", "O2", "O3"],
                        "order_date": ["2024-01-05"] * 3, "product_id": ["P1"] * 3,
                        "quantity": [1, 1, 1], "revenue": [5.0, 5.0, 6.0]})  # fmt: skip
    text = rc.run_cleaning_reading(quality_row(raw), name="file")
    assert text.startswith("Cleaning kept 2 of the 3 order lines of this run's data (file), 66.7%.")
    other = rc.run_cleaning_reading(quality_row(raw), name="UCI", this_run=False)
    assert other.startswith("Cleaning kept 2 of the 3 order lines of UCI, 66.7%.")
    assert rc.run_cleaning_reading(untouched, name="x", this_run=False) == (
        "x needed no cleaning: its one order line was kept."
    )
    assert "The rule that removed the most is **missing customer id** (1 line)." in text
    assert text.endswith("1 value was rewritten (ids, amounts or dates written another way).")


def test_collection_summary_follows_the_80_20_verdict():
    inventory = privacy.field_inventory({"orders": pd.DataFrame(columns=["revenue", "cost"])})
    clean = pd.DataFrame({"customer_id": ["C1"], "order_date": pd.to_datetime(["2024-01-01"]),
                          "revenue": [1.0]})  # fmt: skip
    row = quality.quality_summary({"x": (clean, CleaningReport.unchanged(1))}).loc["x"]
    kwargs = dict(band=(0.7, 0.9), inventory=inventory, run_quality=row, run_name="x",
                  flagged=privacy.sensitive_columns(pd.DataFrame()), problems=[])  # fmt: skip
    concentrated = rc.collection_summary(pareto=pareto_of(CONCENTRATED), **kwargs)
    assert concentrated.startswith("- **Value is concentrated here**: the top 20% of customers "
                                   "bring 80% of revenue")  # fmt: skip
    flat = rc.collection_summary(pareto=pareto_of(FLAT), **kwargs)
    assert flat.startswith("- **Value is spread fairly evenly here**")
    assert "Value is concentrated" not in flat
    assert "no complaints means no service analysis and no survey means no loyalty" in flat
    none = rc.collection_summary(pareto=pareto_of([0]), **kwargs)
    assert none.startswith("- This data has no revenue")
    warned = rc.collection_summary(
        pareto=pareto_of(FLAT), **{**kwargs, "problems": [Problem("warning", "x", "y")],
                                   "flagged": privacy.sensitive_columns(
                                       pd.DataFrame(columns=["religion"]))})  # fmt: skip
    assert "- 1 warning was found while loading" in warned
    assert "- 1 column looks like sensitive data: remove it" in warned
    assert np.isnan(pareto_of([0])["top_revenue_share"])


@pytest.mark.parametrize("reading", [rc.pareto_claim, rc.profit_pyramid_claim])
def test_readings_reject_unknown_languages(reading):
    with pytest.raises(ValueError, match="lang must be"):
        reading(pareto_of(FLAT), lang="fr")
