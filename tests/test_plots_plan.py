"""The lesson 06 charts: the split of the service hours and the hours per customer."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import plots  # noqa: E402
from tests.test_plots import (  # noqa: E402
    assert_chinese_renders,
    legend_texts,
    plan_allocation,
    texts_of,
    tick_texts,
    title,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_service_hours_chart_draws_the_three_shares_of_the_table():
    allocation = plan_allocation()
    ax = plots.service_hours_chart(allocation, value="profit")
    assert legend_texts(ax) == [
        "same for everyone",
        "share of profit",
        "recommended share of hours",
    ]
    for bars, column in zip(ax.containers, ["customer_share", "value_share", "resource_share"],
                            strict=True):  # fmt: skip
        assert [b.get_height() for b in bars] == pytest.approx(allocation[column].tolist())
    assert tick_texts(ax.get_xticklabels()) == ["A", "B", "C"]
    assert title(ax) == "Service hours by grade"
    revenue = plots.service_hours_chart(allocation, value="revenue", lang="zh")
    assert legend_texts(revenue) == ["平均分配", "销售额占比", "建议工时占比"]
    assert_chinese_renders(revenue.figure)
    with pytest.raises(ValueError, match="value must be"):
        plots.service_hours_chart(allocation, value="margin")


def test_hours_per_customer_chart_marks_what_a_personal_account_needs():
    allocation = plan_allocation()
    ax = plots.hours_per_customer_chart(allocation, account_hours=200)
    heights = [b.get_height() for b in ax.containers[0]]
    assert heights == pytest.approx(allocation["hours_per_customer"].tolist())
    assert ax.get_yscale() == "log"
    texts = texts_of(ax)
    assert "a personal account needs 200 h" in texts
    k = int(allocation["personal_accounts"].iloc[0])
    assert k == 1 and tick_texts(ax.get_xticklabels())[0] == "A\n1 personal account"
    dashed = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert dashed[0].get_ydata()[0] == 200
    zh = plots.hours_per_customer_chart(allocation, account_hours=200, lang="zh")
    assert "专属客户经理每户需200小时" in texts_of(zh)
    assert tick_texts(zh.get_xticklabels())[0] == "A\n1位专属客户"
    assert_chinese_renders(zh.figure)
    empty = allocation.assign(hours_per_customer=np.nan, personal_accounts=0)
    flat = plots.hours_per_customer_chart(empty, account_hours=40)
    assert flat.get_yscale() == "linear"
