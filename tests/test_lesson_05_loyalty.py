"""Lesson 05 on many data shapes: what it says is what the readings compute for that data.

Each shape runs the lesson once (``tests/lesson_runs.py``); the test recomputes the
tables with the helpers from the same data and asserts that the key sentences shown are
exactly the reading functions' output.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import lesson, loyalty, params, profiling
from helpers.paths import DATASETS_DIR
from helpers.readings import loyalty as reading
from helpers.readings import plan as plan_reading
from tests.lesson_runs import SHAPES, retail_available, run_lesson

P = params.defaults()
CUTS = {k: P[k] for k in ("satisfaction_cuts", "loyalty_cut", "apostle_min")}
HOSTILE = "<img src=x onerror=alert(1)> *late* $5"


@pytest.fixture(scope="module")
def partial_folder(tmp_path_factory):
    """The bundled company with a survey without dates, complaints without a resolved flag
    (and a hostile reason), and leads without creation dates."""
    folder = tmp_path_factory.mktemp("partial")
    source = DATASETS_DIR / "course"
    for path in source.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    survey = pd.read_csv(folder / "survey.csv").drop(columns="survey_date")
    survey.to_csv(folder / "survey.csv", index=False)
    complaints = pd.read_csv(folder / "complaints.csv").drop(columns="resolved")
    complaints.loc[complaints["reason"] == "late delivery", "reason"] = HOSTILE
    complaints.to_csv(folder / "complaints.csv", index=False)
    leads = pd.read_csv(folder / "leads.csv").drop(columns="created_date")
    leads.to_csv(folder / "leads.csv", index=False)
    return str(folder)


def expected_readings(source: str) -> dict[str, str]:
    """The readings lesson 05 shows, computed here from the same data and defaults."""
    run = lesson.start(source, show=False)
    tables, as_of, orders = run.tables, run.as_of, run.orders
    summary = profiling.customer_summary(
        orders,
        as_of=as_of,
        period_days=P["period_days"],
        dormant_after_days=P["dormant_after_days"],
    )
    inputs = loyalty.known_before(tables, as_of)
    classes = loyalty.behavioural_loyalty_classes(
        summary,
        inputs.leads,
        as_of=as_of,
        long_term_days=P["long_term_days"],
        min_orders=P["min_orders"],
        declining_below=P["declining_below"],
        lead_window_days=P["lead_window_days"],
    )
    class_table = loyalty.behavioural_class_table(classes, summary)
    history_days = (as_of - orders["order_date"].min()).days
    out = {
        "inventory": reading.data_inventory(inputs, order_lines=len(orders)),
        "warnings": plan_reading.data_warnings(tables.problems),
        "history": reading.short_history(history_days, long_term_days=P["long_term_days"]),
        "classes": reading.class_summary(class_table, declining_below=P["declining_below"]),
        "leads": reading.leads_summary(class_table, inputs),
    }
    types = type_table = spread = None
    if inputs.survey is not None:
        types = loyalty.loyalty_matrix_types(inputs.survey, **CUTS)
        type_table = loyalty.loyalty_type_table(types, summary)
        spread = loyalty.type_count_spread(loyalty.cutoff_sensitivity(inputs.survey, **CUTS))
        out["match"] = reading.survey_match(loyalty.survey_coverage(types, summary))
        out["hostages"] = reading.hostage_value(type_table)
        out["sensitivity"] = reading.sensitivity_summary(spread, respondents=len(types))
        out["false_loyalty"] = reading.false_loyalty(loyalty.attitude_vs_behaviour(types, classes))
        if inputs.complaints is not None:
            out["by_type"] = reading.complaints_by_type_reading(
                loyalty.complaints_by_type(types, inputs.complaints)
            )
    else:
        out["no_survey"] = reading.survey_missing(inputs)
    stages = loyalty.relationship_stages(
        summary,
        long_term_days=P["long_term_days"],
        min_orders=P["min_orders"],
        close_min_orders=P["close_min_orders"],
    )
    continuum = loyalty.continuum_table(stages, summary, types)
    steps = (
        loyalty.closeness_steps(continuum, min_rise=P["min_loyalty_rise"])
        if types is not None
        else None
    )
    out["closeness"] = reading.closeness_claim(steps, continuum, min_rise=P["min_loyalty_rise"])
    out["flow"] = reading.flow_coverage(
        loyalty.complaint_flow(inputs.complaints), has_complaints=inputs.complaints is not None
    )
    by_reason = priority = None
    if inputs.complaints is not None:
        if "reason" in inputs.complaints.columns:
            by_reason = loyalty.complaints_by_reason(inputs.complaints)
        else:
            out["no_reasons"] = reading.reasons_missing(inputs)
        priority = profiling.big_customers_with_complaints(
            summary,
            inputs.complaints,
            as_of=as_of,
            period_days=P["complaint_window_days"],
            top=P["big_top"],
            min_complaints=P["min_complaints"],
        )
    else:
        out["no_reasons"] = reading.reasons_missing(inputs)
    out["priority"] = reading.priority_list(
        priority,
        big_top=P["big_top"],
        min_complaints=P["min_complaints"],
        window_days=P["complaint_window_days"],
    )
    out["summary"] = reading.business_summary(
        class_table,
        inputs,
        type_table=type_table,
        spread=spread,
        by_reason=by_reason,
        priority=priority,
    )
    return out


def check_shape(source: str) -> tuple[str, dict[str, str]]:
    shown = run_lesson("05_loyalty", source)
    wanted = expected_readings(source)
    missing = {k: v for k, v in wanted.items() if v not in shown}
    assert not missing, (
        f"05_loyalty on {source}: these readings are not shown as computed: {missing}"
    )
    return shown, wanted


SHAPE_NAMES = ["seed7", "flat", "mostly_a", "no_survey", "orders_only"]


@pytest.mark.notebooks
@pytest.mark.parametrize("shape", SHAPE_NAMES)
def test_lesson_05_says_what_the_data_shows(shape):
    shown, wanted = check_shape(SHAPES[shape])
    if shape in ("no_survey", "orders_only"):
        assert "**This data has no survey answers**" in shown
        assert "Without a survey this data cannot test it" in wanted["closeness"]
        assert "There are no complaints in this data" in shown
    else:
        assert "The textbook says loyalty rises with closeness." in wanted["closeness"]
        assert "this data **" in wanted["closeness"]  # a verdict, whichever it is
    if shape == "orders_only":
        assert "| leads (prospects) | **no**: the two non-user classes stay empty |" in shown
    assert "0 of the 0" not in shown


@pytest.mark.notebooks
def test_lesson_05_on_optional_tables_without_every_column(partial_folder):
    shown, wanted = check_shape(partial_folder)
    assert "without dates: read as one wave" in wanted["inventory"]
    assert "(no resolved flag: open cases cannot be counted)" in wanted["inventory"]
    assert "yes, but without creation dates" in wanted["inventory"]
    assert "The leads have no creation dates" in wanted["leads"]
    # the hostile reason is shown as text, never as markup
    assert "<img" not in "\n".join(wanted.values())
    assert "&lt;img src=x onerror=alert\\(1\\)&gt; \\*late\\* \\$5" in wanted["summary"]


@pytest.mark.notebooks
@pytest.mark.skipif(not retail_available(), reason="UCI Online Retail is not in the cache")
def test_lesson_05_on_online_retail():
    shown, wanted = check_shape(SHAPES["online_retail"])
    assert "only customers who started in the first" in wanted["history"]
    assert "**This data has no survey answers**" in shown
