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
