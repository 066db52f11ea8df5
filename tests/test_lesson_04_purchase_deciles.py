"""Lesson 04 on several data shapes: what it says is what the helpers compute on that data.

Each shape runs the lesson once (``tests/lesson_runs.py``); the test recomputes the
tables with the helpers from the same data source and default parameters, and asserts
that every reading the lesson shows is exactly the reading function's output.
"""

from __future__ import annotations

import pytest

from helpers import deciles, grading, lesson, profiling
from helpers.params import defaults
from helpers.paths import NOTEBOOKS_DIR
from helpers.readings import deciles as reading
from helpers.readings import grading as grading_reading
from tests.lesson_runs import SHAPES, displayed_text, retail_available, run_lesson

STEM = "04_purchase_deciles"
P = defaults()
SHAPE_CASES = [
    "seed7",
    "flat",
    "mostly_a",
    "no_cost",
    "losses",
    pytest.param(
        "online_retail",
        marks=pytest.mark.skipif(not retail_available(), reason="UCI Online Retail not cached"),
    ),
]


def expected_readings(source: str) -> dict[str, object]:
    """The lesson's readings, computed here with the helpers, by name."""
    run = lesson.start(source, show=False)
    tables, as_of, orders = run.tables, run.as_of, run.orders
    days, groups = P["period_days"], P["groups"]
    period = run.period(days)
    history = profiling.customer_summary(orders, as_of=as_of, period_days=days)
    customers = profiling.customer_summary(period.orders, as_of=as_of)
    customers["trend"] = history["trend"].reindex(customers.index)
    has_cost = tables.has_cost
    said: dict[str, object] = {
        "period": grading_reading.period(
            period.start, period.end, customers, days=days, what="analysis period"
        ),
        "trend": reading.trend_coverage(customers),
        "profit_note": reading.profit_note(customers, has_cost),
    }
    by_customers = deciles.customer_deciles(customers, groups=groups)
    by_sales = deciles.value_deciles(customers, by="monetary", groups=groups)
    by_profit = deciles.value_deciles(customers, by="profit", groups=groups) if has_cost else None
    said["customer_deciles"] = reading.customer_deciles(by_customers)
    said["value_deciles"] = reading.value_deciles(by_sales, has_cost=has_cost)
    said["concentration"] = reading.profit_concentration(
        by_customers, by_sales, by_profit, customers
    )
    said["two_sides"] = reading.two_sides(by_customers, by_sales)
    rule = deciles.profitable_groups if has_cost else deciles.sales_only_groups
    grouped = rule(
        customers,
        retain_share=P["retain_share"],
        grow_share=P["grow_share"],
        declining_below=P["declining_below"],
    )
    said["groups"] = reading.groups_need_profit(has_cost)
    kinds = deciles.transactional_vs_relationship(grouped) if has_cost else None
    said["transactional"] = reading.transactional_claim(kinds)
    check = deciles.pareto_check(
        customers, tables.customers, top=P["pareto_top"], band=tuple(P["pareto_band"])
    )
    said["groups_checked"] = reading.groups_checked(tables.customers)
    buyers = customers[customers["monetary"] >= 0]
    said["negative"] = reading.negative_revenue(customers)
    said["pareto"] = reading.pareto_check(
        check,
        gini=grading.gini_coefficient(buyers),
        top=P["pareto_top"],
        band=tuple(P["pareto_band"]),
    )
    group_table = grading.grade_summary(grouped, grade="group", revenue="revenue")
    said["summary"] = grading_reading.bullets(
        [
            reading.summary_top(by_customers, by_sales),
            *reading.summary_groups(group_table, sales_only=not has_cost),
            reading.summary_losses(customers, has_cost=has_cost),
            reading.summary_pareto(check, top=P["pareto_top"]),
        ]
    )
    said["_kinds"] = kinds
    return said


@pytest.mark.notebooks
@pytest.mark.parametrize("shape", SHAPE_CASES)
def test_lesson_04_says_what_the_helpers_compute(shape):
    text = run_lesson(STEM, SHAPES[shape])
    said = expected_readings(SHAPES[shape])
    for name, sentence in said.items():
        if name.startswith("_"):
            continue
        assert str(sentence) in text, f"{STEM} on {shape}: the {name} reading differs"
    # the old fixed sentences are gone for good
    assert "Profit is usually more concentrated than sales" not in text
    assert "they buy on price, bring little profit" not in text
    kinds = said["_kinds"]
    if kinds is None:
        assert "Without costs this data cannot test it." in text
    else:
        trans, rel = kinds.loc["transactional"], kinds.loc["relationship"]
        agrees = "agrees with the first half" in str(said["transactional"])
        assert agrees == (trans["margin"] < rel["margin"])


@pytest.mark.notebooks
def test_lesson_04_measures_the_textbook_claims_on_the_course_company():
    """Where the transactional customers have the better margin, the lesson says the claim
    is not borne out; where customers lose money, it says so."""
    said = expected_readings(SHAPES["seed7"])
    text = run_lesson(STEM, SHAPES["seed7"])
    assert str(said["transactional"]) in text
    losses = run_lesson(STEM, SHAPES["losses"])
    assert "make no profit or a loss" in losses


def test_lesson_04_source_holds_no_prose_about_the_data():
    source = (NOTEBOOKS_DIR / f"{STEM}.py").read_text(encoding="utf-8")
    assert "display(Markdown(" not in source and "Markdown(f" not in source
    assert '{"en":' not in source
    assert "def " not in source  # glue functions live in the helpers
    code = [line for line in source.splitlines() if not line.startswith("#")]
    assert not [line for line in code if line.strip().startswith("print(f")]


def test_the_committed_lesson_says_what_the_helpers_compute_on_the_bundled_company():
    """The committed notebook (what nbval checks) shows the readings of the course data."""
    import nbformat

    text = displayed_text(nbformat.read(NOTEBOOKS_DIR / f"{STEM}.ipynb", as_version=4))
    for name, sentence in expected_readings("course").items():
        if not name.startswith("_"):
            assert str(sentence) in text, f"{STEM}: the {name} reading differs; rebuild it"
    # the bundled company: transactional customers bring 42% of profit at a better margin
    assert "Their higher margin does not look like buying on price" in text
