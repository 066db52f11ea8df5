"""Data-quality summary, dropped-lines table and chart, line comparison: hand-made reports."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers import plots, quality
from helpers.cleaning import CleaningReport, clean_orders
from helpers.schema import DataError


@pytest.fixture
def raw():
    return pd.DataFrame(
        {
            "customer_id": ["C1", None, "c2 ", "C2", "C2", "C3"],
            "order_id": ["O1", "O2", "O3", "O4", "O4", "O5"],
            "order_date": [
                "2024-01-05",
                "2024-01-06",
                "2024/2/1",
                "2024-02-03",
                "2024-02-03",
                "2024-03-09",
            ],  # fmt: skip
            "product_id": ["P1", "P1", "P2", "P2", "P2", "P1"],
            "quantity": [1, 1, 2, -1, -1, 3],
            "revenue": ["5.00", "5", "7.5", "-2", "-2", "1,000.10"],
        }
    )


def test_quality_summary_by_hand(raw):
    clean, report = clean_orders(raw)
    q = quality.quality_summary({"export": (clean, report)})
    row = q.loc["export"]
    assert row["lines_in"] == 6 and row["lines_kept"] == 3
    assert row["kept_share"] == 0.5
    assert row["dropped"] == 3  # the missing id, and both copies of the return
    assert row["no_customer_share"] == pytest.approx(1 / 6)
    assert (row["largest_rule"], row["largest_rule_lines"]) == ("return", 2)
    assert row["customers"] == 3
    assert row["revenue"] == 1012.6  # 5.00 + 7.5 + 1000.10, in cents
    assert row["first_day"] == pd.Timestamp("2024-01-05")
    assert row["last_day"] == pd.Timestamp("2024-03-09")
    assert not row["has_cost"]
    assert row["values_rewritten"] == sum(report.counts("changed").values()) > 0


def test_quality_summary_of_data_that_needed_no_cleaning():
    clean = pd.DataFrame({"customer_id": ["C1"], "order_date": pd.to_datetime(["2024-01-01"]),
                          "revenue": [9.99], "cost": [5.0]})  # fmt: skip
    q = quality.quality_summary({"tables": (clean, CleaningReport.unchanged(1))})
    row = q.loc["tables"]
    assert (row["kept_share"], row["dropped"], row["largest_rule"]) == (1.0, 0, "")
    assert row["has_cost"]


def test_quality_summary_needs_a_report():
    with pytest.raises(DataError, match="expected a cleaning report"):
        quality.quality_summary({"x": (pd.DataFrame(), "not a report")})


def test_dropped_by_reason_aligns_sources(raw):
    _, first = clean_orders(raw)
    _, second = clean_orders(raw.iloc[[0, 5]])
    table = quality.dropped_by_reason({"a": first, "b": second})
    assert table.columns.tolist() == ["a", "b"]
    assert table["a"].sum() == 3 and (table["b"] == 0).all()
    assert table.index.name == "reason"
    empty = quality.dropped_by_reason({"b": second})
    assert empty.empty and empty.columns.tolist() == ["b"]


def test_compare_lines_counts_duplicates_and_cents():
    left = pd.DataFrame({"order_id": ["O1", "O1", "O2"], "revenue": [0.1 + 0.2, 0.3, 5.0]})
    right = pd.DataFrame({"order_id": ["O1", "O3"], "revenue": [0.3, 5.0]})
    assert quality.compare_lines(left, right).to_dict() == {
        "both": 1, "only_left": 2, "only_right": 1}  # fmt: skip
    assert quality.compare_lines(left, right, columns=["revenue"]).to_dict() == {
        "both": 2, "only_left": 1, "only_right": 0}  # fmt: skip
    with pytest.raises(DataError, match="no column in common"):
        quality.compare_lines(left, pd.DataFrame({"x": [1]}))


def test_cleaning_chart_bars_and_labels():
    reasons = pd.Index(["missing customer id", "cancellation", "return"])
    table = pd.DataFrame({"GBK CSV": [130, 35, 0], "Excel": [76, 24, 3]}, index=reasons)
    ax = plots.cleaning_chart(table)
    csv_bars, excel_bars = ax.containers
    # longest total at the top: return (3), cancellation (59), missing customer id (206)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "return", "cancellation", "missing customer id"]  # fmt: skip
    assert [int(b.get_width()) for b in csv_bars] == [0, 35, 130]
    assert [int(b.get_width()) for b in excel_bars] == [3, 24, 76]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["GBK CSV", "Excel"]
    assert ax.get_title(loc="left") == "why raw order lines were dropped"
    zh = plots.cleaning_chart(table, lang="zh")
    assert zh.get_xlabel() == "删除的订单行数"
    assert [t.get_text() for t in zh.get_yticklabels()][-1] == "缺少客户编号"
    plt.close("all")
    with pytest.raises(DataError, match="no source column"):
        plots.cleaning_chart(table[[]])
