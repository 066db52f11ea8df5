"""Lesson 01 on several data shapes: it runs, and what it says is what the readings say.

Each shape is run once (``tests/lesson_runs.py``); the test recomputes the tables from
``load_tables`` with the helpers and asserts that every key sentence the lesson showed is
exactly the reading function's output for those tables. On shapes other than
``online_retail`` the UCI cache is hidden, so the lesson's "not on this computer" branch
runs too (and the run does not load half a million lines it does not need).
"""

from __future__ import annotations

import pytest

from helpers import lesson, online_retail, privacy, profiling, quality
from helpers.params import defaults
from helpers.readings import collection as rc
from tests.lesson_runs import SHAPES, retail_available, run_lesson

STEM = "01_data_collection"
SHAPE_NAMES = ["seed7", "flat", "mostly_a", "orders_only", "no_survey", "online_retail"]


@pytest.fixture(scope="module")
def hidden_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("empty-cache")


def expected_sentences(source: str) -> dict[str, str]:
    """The readings lesson 01 shows, computed here from the same tables."""
    p = defaults()
    run = lesson.start(source, show=False)
    tables, orders = run.tables, run.orders
    summary = profiling.customer_summary(orders, as_of=run.as_of)
    ranked = profiling.rank_customers(summary)
    pareto = profiling.pareto_summary(ranked, mark=p["pareto_mark"], top=p["pareto_top"])
    inventory = privacy.field_inventory(tables)
    flagged = privacy.sensitive_columns(tables)
    leads = tables.leads
    conversion = (
        profiling.lead_conversion(leads)
        if leads is not None and {"source", "converted_customer_id"} <= set(leads.columns)
        else None
    )
    run_row = quality.quality_summary({"run": (tables.orders, tables.cleaning)}).iloc[0]
    n = len(summary)
    retail = tables if tables.name == "online_retail" else None
    return {
        "warnings": rc.loading_warnings(tables.problems),
        "agreement": rc.agreement(0, n, "customer", "customers"),
        "pareto": rc.pareto_claim(pareto, band=p["pareto_band"]),
        "pyramid": rc.profit_pyramid_claim(pareto),
        "value": rc.profit_value_claim(pareto),
        "inventory": rc.inventory_reading(inventory),
        "types": rc.type_fields_reading(privacy.filled_by_type(tables.customers)),
        "channels": rc.channels_reading(conversion),
        "sensitive": rc.sensitive_reading(flagged, tables=len(tables.tables())),
        "consent": rc.consent_reading(privacy.consent_summary(tables.customers, tables.campaigns)),
        "pseudonyms": rc.pseudonymisation_reading(n, n, 0),
        "example": rc.worked_example_note(tables.name),
        "retail": rc.retail_reading(retail, where=online_retail.where_to_put(352))
        if retail is not None or source != SHAPES["online_retail"]
        else "",
        "cleaning": rc.run_cleaning_reading(run_row, name=tables.name),
        "summary": rc.collection_summary(
            pareto=pareto,
            band=p["pareto_band"],
            inventory=inventory,
            run_quality=run_row,
            run_name=tables.name,
            flagged=flagged,
            problems=tables.problems,
        ),  # fmt: skip
    }


@pytest.mark.notebooks
@pytest.mark.parametrize("shape", SHAPE_NAMES)
def test_lesson_01_says_what_the_readings_say(shape, hidden_cache, monkeypatch):
    if shape == "online_retail":
        if not retail_available():
            pytest.skip("UCI Online Retail is not in the cache")
    else:
        monkeypatch.setenv("CUSTOMER_COURSE_CACHE", str(hidden_cache))
    source = SHAPES[shape]
    text = run_lesson(STEM, source)
    missing = {k: v for k, v in expected_sentences(source).items() if v and v not in text}
    assert not missing, f"{STEM} on {shape}: not shown as the reading says: {missing}"
    # the worked example is the same on every shape: the fixed raw export files
    assert "The cleaned export matches the company's 9,208 order lines" in text
    assert "Plain pandas and the helper agree on all 2 checks." in text


@pytest.mark.notebooks
def test_the_80_20_verdict_follows_the_data():
    """On the flat shape the lesson must not call value concentrated (req: claims computed)."""
    text = run_lesson(STEM, SHAPES["flat"])
    assert "This data **does not agree** with the rule" in text
    assert "Value is spread fairly evenly here" in text
    assert "Value is concentrated here" not in text
