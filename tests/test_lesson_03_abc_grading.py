"""Lesson 03 on several data shapes: what it says is what the helpers compute on that data.

Each shape runs the lesson once (``tests/lesson_runs.py``); the test recomputes the
tables with the helpers from the same data source and default parameters, and asserts
that every reading the lesson shows is exactly the reading function's output.
"""

from __future__ import annotations

import pytest

from helpers import grading, lesson, profiling
from helpers.params import defaults
from helpers.paths import NOTEBOOKS_DIR
from helpers.readings import grading as reading
from tests.lesson_runs import SHAPES, displayed_text, retail_available, run_lesson

STEM = "03_abc_grading"
P = defaults()
SHAPE_CASES = [
    "seed7",
    "flat",
    "mostly_a",
    "orders_only",
    pytest.param(
        "online_retail",
        marks=pytest.mark.skipif(not retail_available(), reason="UCI Online Retail not cached"),
    ),
]


def expected_readings(source: str) -> dict[str, str]:
    """The lesson's readings, computed here with the helpers, by name."""
    run = lesson.start(source, show=False)
    tables, as_of, orders = run.tables, run.as_of, run.orders
    period = run.period(P["period_days"])
    customers = profiling.customer_summary(period.orders, as_of=as_of)
    cutoffs = tuple(P["pareto_cutoffs"])
    said = {
        "period": reading.period(period.start, period.end, customers, days=P["period_days"]),
        "profit_note": reading.profit_note(tables.has_cost),
        "textbook": reading.textbook_amounts(
            grading.abc_grade_by_threshold(customers, thresholds=(5_000_000, 1_000_000))
        ),
    }
    thresholds = grading.thresholds_from_cutoffs(customers, cutoffs=cutoffs)
    said["amounts"] = reading.fixed_amounts(thresholds, derived=True, cutoffs=cutoffs)
    pareto = grading.abc_grade_by_share(customers, cutoffs=cutoffs)
    by_amount = grading.abc_grade_by_threshold(customers, thresholds=thresholds)
    said["grade_a"] = reading.pareto_grade_a(pareto, mark=cutoffs[0])
    top = grading.top_share_by_group(customers, top=P["pareto_top"]).iloc[0]
    said["80/20"] = reading.eighty_twenty(
        top, top_share_of_customers=P["pareto_top"], band=tuple(P["pareto_band"])
    )
    said["agree"] = reading.gradings_agree(pareto, by_amount)
    vip = grading.grade_by_rank(customers, top=(P["vip_share"],), labels=("VIP", "other"))
    total = customers["monetary"].sum()
    said["vip"] = reading.vip(vip, vip_share=P["vip_share"], total=total)
    has_potential = tables.customers is not None and "potential" in tables.customers.columns
    regraded = grading.regrade_by_potential(pareto, tables.customers) if has_potential else None
    said["potential"] = reading.potential_moves(regraded)
    tiers = (
        grading.five_tier_grades(customers, blue=P["blue_share"], green=P["green_share"])
        if tables.has_cost
        else None
    )
    said["tiers"] = reading.five_tiers(tiers, blue=P["blue_share"], green=P["green_share"])
    measure = "profit" if tables.has_cost else "revenue"
    pyramid = grading.pyramid_table(pareto, value="profit" if tables.has_cost else "value")
    said["pyramids"] = reading.pyramids(pyramid, measure=measure)
    allocation = grading.resource_allocation_table(pareto, P["current_plan"])
    said["critique"] = reading.allocation_critique(allocation)
    plan = grading.adjusted_plan(allocation, base_service=P["base_service"], value=measure)
    adjusted = grading.resource_allocation_table(pareto, plan.to_dict())
    said["adjusted"] = reading.adjusted_plan(
        allocation, adjusted, value=measure, base_service=P["base_service"]
    )
    first_day = orders["order_date"].min().normalize()
    half = max(min(P["period_days"], (as_of - first_day).days // 2), 1)
    later, both = run.period(half), run.period(2 * half)
    earlier = both.orders[both.orders["order_date"] < later.start]
    before = grading.abc_grade_by_share(
        profiling.customer_summary(earlier, as_of=later.start), cutoffs=cutoffs
    )
    after = grading.abc_grade_by_share(
        profiling.customer_summary(later.orders, as_of=as_of), cutoffs=cutoffs
    )
    said["periods"] = reading.migration_periods(half, P["period_days"], before, after)
    moves = grading.migration_summary(before, after)
    said["actions"] = reading.migration_actions(moves)
    said["summary"] = reading.bullets(
        [
            reading.summary_eighty_twenty(top, band=tuple(P["pareto_band"])),
            reading.summary_vip(vip, total=total),
            reading.summary_amounts(thresholds, derived=True),
            reading.potential_moves(regraded) if regraded is not None else "",
            reading.summary_exit(tiers),
            reading.summary_plan(allocation, adjusted, value=measure),
            reading.summary_migration(moves),
        ]
    )
    said["_shape"] = grading.pyramid_shape(pyramid)  # for the checks below, not a reading
    said["_has_cost"] = tables.has_cost
    return said


@pytest.mark.notebooks
@pytest.mark.parametrize("shape", SHAPE_CASES)
def test_lesson_03_says_what_the_helpers_compute(shape):
    text = run_lesson(STEM, SHAPES[shape])
    said = expected_readings(SHAPES[shape])
    for name, sentence in said.items():
        if name.startswith("_"):
            continue
        assert str(sentence) in text, f"{STEM} on {shape}: the {name} reading differs"
    # the old fixed sentences are gone for good
    assert "turned upside down" not in text
    assert "spreads effort by head count" not in text
    shape_found = said["_shape"]
    assert ("do not form the textbook's count pyramid" in text) != shape_found["count_pyramid"]
    if not said["_has_cost"]:
        assert "**The five tiers need profit**" in text


@pytest.mark.notebooks
def test_lesson_03_contradicts_the_textbook_where_the_data_does():
    """On the flat shape the 80/20 rule and the count pyramid do not hold: the lesson says so."""
    text = run_lesson(STEM, SHAPES["flat"])
    assert "is spread more evenly than the rule says" in text
    assert "The customers do not form the textbook's count pyramid" in text
    assert "the 80/20 rule overstates the concentration here" in text


@pytest.mark.notebooks
def test_lesson_03_exercise_q6_grades_are_the_lesson_s_section_7_grades():
    """Section 7 uses the Pareto grades of section 2, as exercise 03 Q6 does."""
    text = run_lesson(STEM, SHAPES["seed7"])
    run = lesson.start(SHAPES["seed7"], show=False)
    customers = profiling.customer_summary(run.period(P["period_days"]).orders, as_of=run.as_of)
    pareto = grading.abc_grade_by_share(customers)  # what the exercise computes
    allocation = grading.resource_allocation_table(pareto, P["current_plan"])
    assert str(reading.allocation_critique(allocation)) in text
    source = open_source_text()
    section_7 = source[source.index("## 7. The resource-allocation table") :]
    assert "This section uses the **Pareto grades of section 2**" in section_7
    assert "Exercise\n# 03 Q6 uses the same grades" in section_7


def open_source_text() -> str:
    return (NOTEBOOKS_DIR / f"{STEM}.py").read_text(encoding="utf-8")


def test_lesson_03_source_holds_no_prose_about_the_data():
    source = open_source_text()
    assert "display(Markdown(" not in source and "Markdown(f" not in source
    assert '{"en":' not in source  # language choices go through the glossary
    code = [line for line in source.splitlines() if not line.startswith("#")]
    assert not [line for line in code if line.strip().startswith("print(f")]


def test_the_committed_lesson_says_what_the_helpers_compute_on_the_bundled_company():
    """The committed notebook (what nbval checks) shows the readings of the course data."""
    import nbformat

    text = displayed_text(nbformat.read(NOTEBOOKS_DIR / f"{STEM}.ipynb", as_version=4))
    for name, sentence in expected_readings("course").items():
        if not name.startswith("_"):
            assert str(sentence) in text, f"{STEM}: the {name} reading differs; rebuild it"
