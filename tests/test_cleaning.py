"""clean_orders: every dropped and changed row counted by reason, retrievable, input untouched."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.cleaning import CleaningReport, audit_orders, clean_orders


@pytest.fixture
def messy() -> pd.DataFrame:
    """Twelve lines: five good sales and one of each fault (hand-built)."""
    return pd.DataFrame(
        {
            "customer_id": [" c0001", "C0001", "C0002", None, "C0002", "C0003",
                            "C0003", "C0004", "C0004", "C0005", "C0001", "C0005"],
            "order_id": ["O1", "O1", "O2", "O3", "C2", "R9",
                         "O4", "O5", "O5", "O6", "O1", "O7"],
            "order_date": ["2025-01-02", "2025/1/2", "20250103", "2025-01-03", "2025-01-04",
                           "2025-01-09", "2025年1月5日", "2025-01-06", "2025-01-06", "2025-01-07",
                           "2025/1/2", "2025-01-08"],
            "product_id": ["P1", "P2", "P1", "P1", "P1", "P3",
                           "P3", "P1", "FREIGHT", "P2", "P2", "P4"],
            "quantity": [2, 1, 5, 1, -5, -1, 0, 3, 1, 1, 1, 4],
            "revenue": ["1,000.00", "¥20", "50", "10", "-50", "-7.5",
                        "0", "30", "15", "0", "¥20", "44.40"],
        }
    )  # fmt: skip


def test_counts_by_reason(messy):
    clean, report = clean_orders(messy, cancellation_prefix="C")
    assert report.rows_in == 12 and report.rows_out == 5 and report.rows_dropped == 7
    assert report.counts("dropped") == {
        "missing customer id": 1,
        "cancellation": 1,
        "return": 1,
        "zero quantity": 1,
        "non-product line": 1,
        "zero or negative price": 1,
        "exact duplicate": 1,  # row 10 repeats row 1 once both are parsed
    }
    assert report.counts("changed") == {
        "customer id trimmed or upper-cased": 1,
        "amount text with separators or currency sign": 3,
        "date written in another format": 4,
    }
    assert clean["revenue"].sum() == pytest.approx(1000 + 20 + 50 + 30 + 44.4)
    assert clean["quantity"].dtype == "int64"
    assert clean["customer_id"].tolist() == ["C0001", "C0001", "C0002", "C0004", "C0005"]
    summary = report.summary.set_index("reason")
    assert summary.loc["cancellation", "revenue"] == -50.0
    assert summary.loc["return", "revenue"] == -7.5


def test_dropped_rows_are_retrievable_unchanged(messy):
    _, report = clean_orders(messy, cancellation_prefix="C")
    assert report.dropped["row"].tolist() == [3, 4, 5, 6, 8, 9, 10]
    ret = report.rows("return")
    assert ret["row"].tolist() == [5] and ret["revenue"].tolist() == ["-7.5"]  # as given
    assert report.rows("exact duplicate")["order_date"].tolist() == ["2025/1/2"]
    assert len(report.dropped) == report.rows_dropped
    with pytest.raises(KeyError, match="reasons are"):
        report.rows("aliens")


def test_changed_values_are_listed(messy):
    _, report = clean_orders(messy)
    ids = report.changed[report.changed["column"] == "customer_id"]
    assert ids[["row", "before", "after"]].values.tolist() == [[0, " c0001", "C0001"]]
    dates = report.changed[report.changed["column"] == "order_date"]
    assert dates["row"].tolist() == [1, 2, 6, 10]
    assert dates["after"].tolist()[:2] == ["2025-01-02", "2025-01-03"]


def test_input_is_never_modified(messy):
    before = messy.copy()
    indexed = messy.set_index(pd.Index(range(100, 112)))
    before_indexed = indexed.copy()
    clean_orders(messy)
    clean, _ = clean_orders(indexed)
    audit_orders(messy)
    pd.testing.assert_frame_equal(messy, before)
    pd.testing.assert_frame_equal(indexed, before_indexed)
    assert clean.index.tolist() == list(range(5))


def test_reasons_are_exclusive_and_ordered():
    raw = pd.DataFrame({"customer_id": [None], "order_id": ["C1"], "order_date": ["2025-01-01"],
                        "product_id": ["POST"], "quantity": [-1], "revenue": [-1.0]})  # fmt: skip
    _, report = clean_orders(raw, cancellation_prefix="C")
    assert report.counts() == {"missing customer id": 1}
    audit = audit_orders(raw, cancellation_prefix="C")
    assert audit["missing customer id"] == audit["cancellation rows"] == 1
    assert audit["non-product rows"] == audit["negative quantity"] == 1


def test_keep_options(messy):
    clean, report = clean_orders(
        messy, cancellation_prefix="C", cancellations="keep", returns="keep",
        duplicates="keep", non_product=None,
    )  # fmt: skip
    assert len(clean) == 9
    assert report.counts("flagged") == {"exact duplicate (kept)": 1}
    assert "cancellation" not in report.counts()
    clean2, report2 = clean_orders(messy, zero_price="keep")
    assert len(clean2) == 6 and "zero or negative price" not in report2.counts()


def test_custom_non_product_codes_and_pattern():
    raw = pd.DataFrame({"customer_id": ["C1"] * 4, "order_id": ["O1"] * 4,
                        "order_date": ["2025-01-01"] * 4,
                        "product_id": ["P1", "运费", "gift_0001_20", "SHIP"],
                        "quantity": [1] * 4, "revenue": [5.0] * 4})  # fmt: skip
    _, report = clean_orders(raw)
    assert report.counts("dropped") == {"non-product line": 2}
    # the one id rule upper-cases product ids too: gift_0001_20 -> GIFT_0001_20
    assert report.counts("changed") == {"product id trimmed or upper-cased": 1}
    _, report = clean_orders(raw, non_product=["ship"], non_product_pattern=None)
    assert report.counts("dropped") == {"non-product line": 1}


def test_revenue_from_unit_price_when_absent():
    raw = pd.DataFrame({"customer_id": ["C1", "C2"], "order_id": ["O1", "O2"],
                        "order_date": ["2025-01-01"] * 2, "product_id": ["P1", "P2"],
                        "quantity": [3, 2], "unit_price": ["£2.55", "0"]})  # fmt: skip
    clean, report = clean_orders(raw)
    assert clean["revenue"].tolist() == [7.65]
    assert report.counts() == {
        "zero or negative price": 1,
        "amount text with separators or currency sign": 1,
        "revenue computed as quantity x unit_price": 2,
    }
    assert report.derived == {"revenue computed as quantity x unit_price": 2}


def test_missing_values_are_dropped_not_guessed():
    raw = pd.DataFrame({"customer_id": ["C1", "C2"], "order_id": ["O1", "O2"],
                        "order_date": ["2025-01-01", None], "product_id": ["P1", "P2"],
                        "quantity": [1, 2], "revenue": [5.0, None]})  # fmt: skip
    clean, report = clean_orders(raw)
    assert len(clean) == 1
    assert report.counts() == {"missing date, quantity or amount": 1}


def test_unique_key_passes_when_repeats_agree():
    raw = pd.DataFrame({"customer_id": ["C1", "C1"], "order_id": ["O1", "O1"],
                        "order_date": ["2025-01-01"] * 2, "product_id": ["P1", "P1"],
                        "quantity": [1, 1], "revenue": [5.0, 5.0]})  # fmt: skip
    clean, report = clean_orders(raw, unique_key=["order_id", "product_id"])
    assert len(clean) == 1 and report.counts() == {"exact duplicate": 1}


def test_report_display():
    report = CleaningReport.unchanged(4)
    assert "rows in: 4" in str(report) and "<table" in report._repr_html_()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["C1", "C2", None]),
            st.sampled_from(["O1", "O2", "C3"]),
            st.integers(-3, 3),
            st.sampled_from([0.0, 2.5, 10.0]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_property_every_row_accounted_for(rows):
    raw = pd.DataFrame(rows, columns=["customer_id", "order_id", "quantity", "revenue"]).assign(
        order_date="2025-01-01", product_id="P1"
    )
    clean, report = clean_orders(raw, cancellation_prefix="C")
    assert report.rows_in == len(raw) == len(clean) + len(report.dropped)
    assert sum(report.counts("dropped").values()) == len(report.dropped)
    assert (clean["quantity"] > 0).all() and (clean["revenue"] > 0).all()
    assert clean["customer_id"].notna().all()
    assert not clean.duplicated().any()
    assert report.dropped["row"].is_unique and report.dropped["row"].between(0, len(raw) - 1).all()


# ---- rules chosen by data options ------------------------------------------------------------


def lines(**columns) -> pd.DataFrame:
    """Four plain order lines of two customers; keyword arguments replace columns."""
    base = {
        "customer_id": ["C1", "C1", "C2", "C2"],
        "order_id": ["O1", "O1", "O2", "O3"],
        "order_date": ["2025-01-02", "2025-01-02", "2025-01-03", "2025-02-01"],
        "product_id": ["P1", "P2", "P1", "P3"],
        "quantity": [1, 2, 3, 1],
        "revenue": [10.0, 20.0, 30.0, 40.0],
    }
    return pd.DataFrame(base | columns)


def test_cleaning_presets_and_switches():
    from helpers.cleaning import NON_PRODUCT_CODES, cleaning_rules

    course = cleaning_rules(None)
    assert course["cancellation_prefix"] is None and course["duplicates"] == "drop"
    assert course["non_product"] == NON_PRODUCT_CODES and course["bad_values"] == "raise"
    uci = cleaning_rules({"cleaning": "uci"})
    assert (uci["cancellation_prefix"], uci["duplicates"], uci["non_product"]) == (
        "C",
        "flag",
        None,
    )
    mixed = cleaning_rules({"cleaning": {"preset": "uci", "non_product": "drop"},
                            "cancellation_prefix": "X"})  # fmt: skip
    assert mixed["non_product"] == NON_PRODUCT_CODES and mixed["cancellation_prefix"] == "X"
    switches = cleaning_rules(
        {
            "cleaning": {"returns": "keep", "bad_values": "drop", "implausible_values": "drop"},
            "decimal": ",",
        }
    )
    assert (switches["returns"], switches["bad_values"], switches["implausible_values"],
            switches["decimal"]) == ("keep", "drop", "drop", ",")  # fmt: skip
    from helpers.schema import DataError

    with pytest.raises(DataError, match="'dupes' is not one"):
        cleaning_rules({"cleaning": {"dupes": "flag"}})


def test_a_c_prefix_means_nothing_unless_declared():
    raw = lines(order_id=["CA-1", "CA-1", "CN-2", "C3"], quantity=[1, 2, 3, -1])
    clean, report = clean_orders(raw)
    assert len(clean) == 3 and report.counts("dropped") == {"return": 1}
    clean, report = clean_orders(raw, cancellation_prefix="c")  # the id rule upper-cases it
    assert len(clean) == 0 and report.counts("dropped") == {"cancellation": 4}
    clean, report = clean_orders(raw, cancellation_prefix="CN-")
    assert report.counts("dropped") == {"cancellation": 1, "return": 1}


def test_purchase_log_orders_are_derived():
    raw = lines().drop(columns=["order_id", "product_id"])
    clean, report = clean_orders(raw)
    assert clean["order_id"].tolist() == ["C1@2025-01-02", "C1@2025-01-02", "C2@2025-01-03",
                                          "C2@2025-02-01"]  # fmt: skip
    assert "product_id" not in clean.columns
    assert report.derived == {"order id derived: one order per customer and day": 4}
    summary = report.summary.set_index("reason")
    assert summary.loc["order id derived: one order per customer and day", "action"] == "derived"


def test_cost_from_profit_and_cost_wins_when_both_are_given():
    raw = lines(profit=["1.5", "2.25", "-3", "4.0001"])
    clean, report = clean_orders(raw)
    assert clean["cost"].tolist() == [8.5, 17.75, 33.0, 40.0 - 4.0001]
    assert "profit" not in clean.columns
    assert report.derived == {"cost computed as revenue - profit": 4}
    both = raw.assign(cost=[1.0, 2.0, 3.0, 4.0])
    clean, report = clean_orders(both)
    assert clean["cost"].tolist() == [1.0, 2.0, 3.0, 4.0] and report.derived == {}
    assert "cost" not in raw.columns  # the input is not modified


def test_amounts_keep_full_precision_and_report_sums_in_cents():
    raw = lines(revenue=["731.9399999999999", "0.1", "0.2", "41.9136"], quantity=[1, 1, -1, -1])
    clean, report = clean_orders(raw)
    assert clean["revenue"].tolist() == [731.9399999999999, 0.1]
    returns = report.summary.set_index("reason").loc["return", "revenue"]
    assert returns == 42.11  # 0.20 + 41.91, summed in cents
    assert report.absolute_revenue_in == 774.15  # 731.94 + 0.10 + 0.20 + 41.91


def test_decimal_comma_option():
    raw = lines(revenue=["1.234,50", "2,5", "3", "4,00"])
    clean, _ = clean_orders(raw, decimal=",")
    assert clean["revenue"].tolist() == [1234.5, 2.5, 3.0, 4.0]
    from helpers.schema import DataError

    with pytest.raises(DataError, match="decimal comma") as err:
        clean_orders(raw)
    assert err.value.code == "decimal_comma"


def test_time_zone_offsets_keep_the_local_time_and_are_reported():
    raw = lines(order_date=["2025-01-02T23:30:00+08:00", "2025-01-02 10:00Z", "2025-01-03",
                            "2025-02-01 08:00:00 -0500"])  # fmt: skip
    clean, report = clean_orders(raw)
    assert clean["order_date"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2025-01-02 23:30", "2025-01-02 10:00", "2025-01-03 00:00", "2025-02-01 08:00"]  # fmt: skip
    assert report.counts("changed") == {
        "date with a time-zone offset (local date and time kept)": 3
    }


def test_implausible_dates_and_amounts_stop_or_are_dropped():
    from helpers.schema import DataError

    raw = lines(order_date=["2025-01-02", "2099-01-02", "2025-01-03", "2025-02-01"])
    with pytest.raises(DataError) as err:
        clean_orders(raw)
    assert [p.code for p in err.value.problems] == ["implausible_dates"]
    assert "'2099-01-02'" in err.value.problems[0].what
    assert "implausible_values: drop" in err.value.problems[0].fix
    both = raw.assign(revenue=[float("inf"), 1.0, 2.0, 3.0])
    with pytest.raises(DataError) as err:
        clean_orders(both)
    assert [p.code for p in err.value.problems] == ["implausible_dates", "extreme_amounts"]
    clean, report = clean_orders(both, implausible_values="drop")
    assert report.counts("dropped") == {"implausible date or amount": 2}
    assert report.summary.set_index("reason").loc["implausible date or amount", "revenue"] == 1.0


def test_zero_quantity_and_duplicates_switches():
    raw = lines(quantity=[1, 0, 3, 1], order_id=["O1", "O1", "O2", "O2"],
                product_id=["P1", "P2", "P1", "P1"], revenue=[1.0, 2.0, 3.0, 3.0],
                order_date=["2025-01-02"] * 2 + ["2025-01-03"] * 2)  # fmt: skip
    raw.loc[3, "quantity"] = 3
    _, report = clean_orders(raw)
    assert report.counts("dropped") == {"zero quantity": 1, "exact duplicate": 1}
    clean, report = clean_orders(raw, zero_quantity="keep", duplicates="flag")
    assert len(clean) == 4 and report.counts() == {"exact duplicate (kept)": 1}


def test_large_removals_name_the_rule_and_its_switch():
    from helpers.cleaning import large_removals

    raw = lines(customer_id=[None, "C1", "C2", "C2"], quantity=[1, 2, 3, -1])
    _, report = clean_orders(raw)
    found = large_removals(report)
    assert [p.code for p in found] == ["rule_removes_many", "rule_removes_many"]
    assert "'missing customer id' removed 1 of 4 order lines (25.0%)" in found[0].what
    assert "fill them in at the source" in found[0].fix
    assert "cleaning: {returns: keep}" in found[1].fix
    assert large_removals(report, share=0.5) == []
    # a rule below 5% of the lines but above 5% of the money is shown too
    many = lines(customer_id=["C1"] * 4, quantity=[1, 1, 1, 1]).loc[[0, 1, 2, 3] * 6]
    many = many.assign(order_id=[f"O{i}" for i in range(24)], revenue=[1.0] * 23 + [-9.0])
    many.iloc[23, many.columns.get_loc("quantity")] = -1
    _, report = clean_orders(many.reset_index(drop=True))
    found = large_removals(report)
    assert len(found) == 1 and "(4.2%), holding 28.1% of the amount" in found[0].what
    cancel = lines(order_id=["C1", "O1", "O2", "O3"])
    _, report = clean_orders(cancel, cancellation_prefix="C")
    assert "cancellation_prefix: null" in large_removals(report)[0].fix
