"""Cross-table checks: ids written differently, joins, the survey scale, shared orders."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.schema import DataError, normalise_ids
from helpers.validation import (
    JOIN_WARNING,
    check_survey_scale,
    id_spellings,
    join_report,
    shared_orders,
)


def codes(problems):
    return [p.code for p in problems]


# ---- the id rule ---------------------------------------------------------------------------


def test_the_id_rule():
    ids = pd.Series([" c0042 ", "162.0", "0162", "", None, "Dl-13600", "-5.00"])
    got = normalise_ids(ids).fillna("<missing>").tolist()
    assert got == ["C0042", "162", "0162", "<missing>", "<missing>", "DL-13600", "-5"]
    assert normalise_ids(ids, case="keep").tolist()[5] == "Dl-13600"
    assert normalise_ids(ids, leading_zeros="strip").tolist()[2] == "162"
    assert normalise_ids(pd.Series([1.0, 2.5])).tolist() == ["1", "2.5"]  # "1.0" is "1"
    with pytest.raises(DataError, match="case rule must be one of"):
        normalise_ids(ids, case="lower")
    with pytest.raises(DataError, match="leading-zeros rule"):
        normalise_ids(ids, leading_zeros="pad")


def test_the_id_rule_defaults_are_the_data_options_defaults():
    import inspect

    from helpers.params import DATA_OPTIONS

    sig = inspect.signature(normalise_ids).parameters
    assert sig["case"].default == DATA_OPTIONS["id_case"].default
    assert sig["leading_zeros"].default == DATA_OPTIONS["id_leading_zeros"].default


def test_ids_written_differently_across_tables():
    raw = {
        "orders": pd.DataFrame({"customer_id": ["C1", "c2", "C3"], "product_id": ["P1"] * 3}),
        "customers": pd.DataFrame({"customer_id": ["C1", "C2 ", "C3"]}),
    }
    found = id_spellings(raw)
    assert codes(found) == ["ids_written_differently"]
    assert found[0].what.startswith("1 customer ids are written in more than one way (e.g. ")
    assert "'C2 ' and 'c2'" in found[0].what and "id_case: keep" in found[0].fix


def test_clean_ids_and_numeric_ids_give_no_warning():
    raw = {"orders": pd.DataFrame({"customer_id": [12346.0, 17850.0, 12346.0]}),
           "survey": pd.DataFrame({"customer_id": [12346, 17850]})}  # fmt: skip
    assert id_spellings(raw) == []
    assert id_spellings({"orders": pd.DataFrame({"customer_id": ["A", "B"]})}) == []


def test_leading_zeros_kept_or_stripped():
    raw = {"orders": pd.DataFrame({"customer_id": ["0162", "0163"]}),
           "survey": pd.DataFrame({"customer_id": ["162", "7"]})}  # fmt: skip
    kept = id_spellings(raw)
    assert codes(kept) == ["ids_differ_by_leading_zeros"]
    assert "'0162' and '162'" in kept[0].what and "id_leading_zeros: strip" in kept[0].fix
    stripped = id_spellings(raw, leading_zeros="strip")
    assert codes(stripped) == ["ids_written_differently"]


def test_case_kept():
    raw = {"orders": pd.DataFrame({"customer_id": ["DL-1", "dl-1", "X"]})}
    found = id_spellings(raw, case="keep")
    assert codes(found) == ["ids_differ_by_case"] and "id_case: upper" in found[0].fix


def test_product_and_order_ids_are_checked_too():
    raw = {"orders": pd.DataFrame({"customer_id": ["A", "B"], "product_id": ["p1", "P1"],
                                   "order_id": ["O1", "O2"]}),
           "products": pd.DataFrame({"product_id": ["P1"]})}  # fmt: skip
    found = id_spellings(raw)
    assert codes(found) == ["ids_written_differently"] and "product ids" in found[0].where


# ---- joins -----------------------------------------------------------------------------------


def test_join_report_every_table():
    orders = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"], "product_id": ["P1"] * 4})
    tables = {
        "orders": orders,
        "customers": pd.DataFrame({"customer_id": ["C1"]}),
        "products": pd.DataFrame({"product_id": ["P2"]}),
        "complaints": pd.DataFrame({"customer_id": ["C1", "C2", "X"]}),
        "survey": pd.DataFrame({"customer_id": ["C1", "X", "Y"]}),
        "campaigns": pd.DataFrame({"customer_id": ["X"]}),
        "leads": pd.DataFrame({"converted_customer_id": [None, "C1"]}),
    }
    joins, problems = join_report(tables)
    got = joins.set_index("table")[["rows", "found"]].to_dict("index")
    assert got == {
        "complaints": {"rows": 3, "found": 2},
        "survey": {"rows": 3, "found": 1},
        "campaigns": {"rows": 1, "found": 0},
        "leads": {"rows": 1, "found": 1},
        "customers": {"rows": 4, "found": 1},
        "products": {"rows": 4, "found": 0},
    }
    # below half: survey, customers, products; campaigns and leads are only reported
    assert [p.where for p in problems] == ["survey table", "customers table", "products table"]
    assert "only 1 of the 4 buyers (25.0%) have a row in the customers table" in problems[1].what


def test_join_at_exactly_half_is_no_warning():
    orders = pd.DataFrame({"customer_id": ["C1", "C2"]})
    survey = pd.DataFrame({"customer_id": ["C1", "X"]})
    joins, problems = join_report({"orders": orders, "survey": survey})
    assert joins["share"].tolist() == [JOIN_WARNING] and problems == []


def test_empty_other_table():
    orders = pd.DataFrame({"customer_id": ["C1"]})
    joins, problems = join_report({"orders": orders, "survey": pd.DataFrame({"customer_id": []})})
    assert joins["share"].tolist() == [1.0] and problems == []


# ---- survey scale ------------------------------------------------------------------------------


def survey(sat, loy=None):
    loy = sat if loy is None else loy
    return pd.DataFrame({"customer_id": [f"C{i}" for i in range(len(sat))],
                         "satisfaction": sat, "loyalty": loy})  # fmt: skip


def test_answers_outside_the_scale_name_the_values_and_the_option():
    s = survey([0, 5, 3], [1, 2, 12])
    out, problems = check_survey_scale(s)
    assert codes(problems) == ["survey_outside_scale", "survey_outside_scale"]
    assert "values found: 0; the answers run from 0 to 5" in problems[0].what
    assert "values found: 12" in problems[1].what
    assert "survey_scale" in problems[0].fix
    assert out is s


@pytest.mark.parametrize(
    "scale, answers, expected",
    [((0, 5), [0, 5, 1], [1.0, 10.0, 2.8]), ((1, 5), [1, 5, 3], [1.0, 10.0, 5.5]),
     ((1, 7), [1, 7, 4], [1.0, 10.0, 5.5])],
)  # fmt: skip
def test_other_scales_are_rescaled(scale, answers, expected):
    s = survey(answers)
    out, problems = check_survey_scale(s, scale)
    assert out["satisfaction"].tolist() == pytest.approx(expected)
    assert out["loyalty"].tolist() == pytest.approx(expected)
    assert codes(problems) == ["survey_rescaled"]
    assert s["satisfaction"].tolist() == answers  # the input is not modified


def test_a_short_scale_read_as_1_10_is_questioned():
    many = survey([1, 2, 3, 4, 5] * 4)
    assert codes(check_survey_scale(many)[1]) == ["survey_scale_unused"]
    few = survey([1, 2, 3, 4, 5])
    assert check_survey_scale(few)[1] == []
    used = survey([1, 2, 3, 4, 6] * 4)
    assert check_survey_scale(used)[1] == []


def test_a_survey_without_answers_columns_passes():
    s = pd.DataFrame({"customer_id": ["C1"]})
    assert check_survey_scale(s) == (s, [])


# ---- shared orders -----------------------------------------------------------------------------


def test_an_order_shared_by_customers():
    orders = pd.DataFrame({"customer_id": ["C1", "C2", "C1", "C3"],
                           "order_id": ["O1", "O1", "O2", "O3"]})  # fmt: skip
    found = shared_orders(orders)
    assert codes(found) == ["order_shared_by_customers"]
    assert "order 'O1' of customers 'C1', 'C2'" in found[0].what
    assert shared_orders(orders.drop(columns="order_id")) == []
    assert shared_orders(orders.iloc[:0]) == []
