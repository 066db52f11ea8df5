"""The lesson 05 charts: what they draw, from which table, in English and Chinese."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from helpers import glossary, loyalty, plots, theme  # noqa: E402
from helpers.schema import DataError  # noqa: E402
from tests.test_plots import (  # noqa: E402
    assert_chinese_renders,
    legend_texts,
    loyalty_tables,
    png_bytes,
    texts_of,
    tick_texts,
    title,
)

SIX_TYPES_ZH = {"热心追随者", "忠诚者", "不自主者", "唯利是图者", "背叛者", "恐惧分子"}
SIX_CLASSES_ZH = {
    "长期忠诚、会继续购买",
    "长期客户、可能转换品牌",
    "偶尔购买、激励下会多买",
    "偶尔购买、对手激励下会少买",
    "非用户、可能成为客户",
    "非用户、不会购买",
}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def t():
    return loyalty_tables()


def region_patches(ax):
    return [p for p in ax.patches if p.get_width() > 1]


def region_labels(ax):
    ticks = set(tick_texts(ax.get_xticklabels() + ax.get_yticklabels()))
    return [s for s in texts_of(ax) if s not in ticks and "(n=" in s]


# ---------------------------------------------------------------- the loyalty map


def test_map_labels_six_regions_and_plots_every_customer(t):
    types = t["types"]
    ax = plots.loyalty_map(types, regions=t["regions"])
    points = ax.collections[0]
    offsets = points.get_offsets()
    assert len(offsets) == len(types) == 8
    # the jitter keeps each customer inside the cell of its answers
    np.testing.assert_array_less(np.abs(offsets[:, 0] - types["satisfaction"]), 0.31)
    np.testing.assert_array_less(np.abs(offsets[:, 1] - types["loyalty"]), 0.31)
    colours = [to_hex(c) for c in points.get_facecolors()]
    assert colours == [theme.LOYALTY_COLORS[k] for k in types["loyalty_type"].astype(str)]
    assert len(region_patches(ax)) == 6
    assert set(region_labels(ax)) == {
        "hostage (n=2)",
        "loyalist (n=1)",
        "apostle (n=2)",
        "terrorist (n=1)",
        "defector (n=1)",
        "mercenary (n=1)",
    }
    assert ax.get_xlabel() == "satisfaction" and ax.get_ylabel() == "loyalty"


def test_map_regions_are_those_of_the_rule_with_the_same_cut_offs(t):
    cuts = {"satisfaction_cuts": (3, 6), "loyalty_cut": 6, "apostle_min": 8}
    types = loyalty.loyalty_matrix_types(t["survey"], **cuts)
    ax = plots.loyalty_map(types, regions=loyalty.matrix_regions(**cuts))
    regions = {
        text.split(" (")[0]: patch
        for text, patch in zip(region_labels(ax), region_patches(ax), strict=True)
    }
    loyalist, apostle, hostage = regions["loyalist"], regions["apostle"], regions["hostage"]
    assert (loyalist.get_x(), loyalist.get_y()) == (5.5, 5.5)
    assert (apostle.get_x(), apostle.get_y()) == (7.5, 7.5)
    assert hostage.get_x() + hostage.get_width() == 5.5
    assert regions["terrorist"].get_x() + regions["terrorist"].get_width() == 2.5
    counts = types["loyalty_type"].value_counts()
    assert f"apostle (n={counts['apostle']})" in region_labels(ax)


def test_map_without_an_apostle_corner_on_the_scale_draws_five_regions(t):
    cuts = {"apostle_min": 11}
    types = loyalty.loyalty_matrix_types(t["survey"], **cuts)
    ax = plots.loyalty_map(types, regions=loyalty.matrix_regions(**cuts))
    assert len(region_patches(ax)) == 5
    assert not any(s.startswith("apostle") for s in region_labels(ax))


def test_map_draws_the_six_chinese_terms_and_is_seeded(t):
    first = plots.loyalty_map(t["types"], regions=t["regions"], seed=3)
    again = plots.loyalty_map(t["types"], regions=t["regions"], seed=3)
    np.testing.assert_array_equal(
        first.collections[0].get_offsets(), again.collections[0].get_offsets()
    )
    ax = plots.loyalty_map(t["types"], regions=t["regions"], lang="zh")
    drawn = {s.split(" (")[0] for s in region_labels(ax)}
    assert drawn == SIX_TYPES_ZH
    assert {glossary.label(k, "zh") for k in loyalty.LOYALTY_TYPES} == SIX_TYPES_ZH
    assert ax.get_xlabel() == "满意度" and title(ax) == "忠诚矩阵"
    assert_chinese_renders(ax.figure)


def test_map_samples_many_customers_and_says_so():
    rng = np.random.default_rng(1)
    n = 2_500
    answers = pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(n)],
            "satisfaction": rng.integers(1, 11, n),
            "loyalty": rng.integers(1, 11, n),
        }
    )
    types = loyalty.loyalty_matrix_types(answers)
    ax = plots.loyalty_map(types, regions=loyalty.matrix_regions(), max_points=1_000, seed=4)
    assert len(ax.collections[0].get_offsets()) == 1_000
    notes = [s for s in texts_of(ax) if "random sample" in s]
    assert notes == [
        "a random sample of 1,000 of the 2,500 surveyed customers is drawn (seed 4); "
        "the counts are of all of them"
    ]
    counted = sum(int(s.split("n=")[1].rstrip(")")) for s in region_labels(ax))
    assert counted == n  # the labels count every customer, not the sample
    again = plots.loyalty_map(types, regions=loyalty.matrix_regions(), max_points=1_000, seed=4)
    assert png_bytes(ax.figure) == png_bytes(again.figure)
    zh = plots.loyalty_map(types, max_points=1_000, lang="zh")
    assert any("随机抽取" in s for s in texts_of(zh))
    small = plots.loyalty_map(types.iloc[:50], regions=loyalty.matrix_regions())
    assert not [s for s in texts_of(small) if "random sample" in s]


def test_map_without_regions_names_the_types_in_a_legend(t):
    ax = plots.loyalty_map(t["types"])
    assert not region_patches(ax)
    assert "hostage (n=2)" in legend_texts(ax)


def test_map_needs_the_types_computed_by_the_rule(t):
    with pytest.raises(DataError, match="loyalty_type.*loyalty.loyalty_matrix_types"):
        plots.loyalty_map(t["types"].drop(columns="loyalty_type"))


# ---------------------------------------------------------------- behavioural classes


def test_class_chart_names_both_denominators(t):
    table = t["classes"]
    ax = plots.behavioural_class_chart(table)
    n_customers = int(table.loc[table["party"] == "customer", "count"].sum())
    n_leads = int(table.loc[table["party"] == "lead", "count"].sum())
    assert (n_customers, n_leads) == (8, 3)
    assert legend_texts(ax) == [
        "share of customers (of 8)",
        "share of open leads (of 3)",
        "share of the customers' revenue",
    ]
    assert tick_texts(ax.get_yticklabels()) == [
        glossary.label(c, "en") for c in loyalty.BEHAVIOURAL_CLASSES
    ]
    # the bars are the table's shares: each party's bars add up to 100%
    party_bars, revenue_bars = ax.containers
    widths = np.array([bar.get_width() for bar in party_bars])
    assert widths[:4].sum() == pytest.approx(1.0) and widths[4:].sum() == pytest.approx(1.0)
    assert widths.tolist() == pytest.approx(table["share"].tolist())
    assert [b.get_width() for b in revenue_bars] == pytest.approx(
        table["revenue_share"].iloc[:4].tolist()
    )


def test_class_chart_without_leads_and_in_chinese(t):
    customers_only = t["classes"].assign(
        count=lambda d: d["count"].where(d["party"] == "customer", 0)
    )
    ax = plots.behavioural_class_chart(customers_only)
    assert legend_texts(ax) == ["share of customers (of 8)", "share of the customers' revenue"]
    assert len(ax.get_yticklabels()) == 4
    zh = plots.behavioural_class_chart(t["classes"], lang="zh")
    assert set(tick_texts(zh.get_yticklabels())) == SIX_CLASSES_ZH
    assert legend_texts(zh)[0] == "客户占比（共8位）"
    assert_chinese_renders(zh.figure)


# ---------------------------------------------------------------- cut-offs, continuum, complaints


def test_sensitivity_figure_draws_one_line_per_type_and_the_chosen_cut(t):
    fig = plots.sensitivity_figure(t["sensitivity"], chosen={"loyalty_cut": 7, "high_from": 8})
    assert isinstance(fig, matplotlib.figure.Figure) and len(fig.axes) == 2
    left = fig.axes[0]
    lines = [ln for ln in left.get_lines() if ln.get_linestyle() == "-"]
    assert len(lines) == 6
    hostage = next(ln for ln in lines if ln.get_label() == "hostage")
    expected = t["sensitivity"].xs("loyalty_cut", level="cut")["hostage"]
    assert hostage.get_ydata().tolist() == expected.tolist()
    dashed = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert [ln.get_xdata()[0] for ln in dashed] == [7, 8]
    zh = plots.sensitivity_figure(t["sensitivity"], lang="zh")
    assert [ax.get_xlabel() for ax in zh.axes] == ["忠诚度分界", "高满意度起点"]
    assert isinstance(zh.axes[1].get_legend().legend_handles[0], Line2D)


def test_continuum_chart_shows_means_counts_and_noise(t):
    table = t["continuum"]
    ax = plots.continuum_chart(table)
    heights = [bar.get_height() for bar in ax.containers[0]]
    assert heights == pytest.approx(table["mean_loyalty"].fillna(0).tolist())
    labels = [s for s in texts_of(ax) if "\nn=" in s]
    n = table["respondents"].astype(int).tolist()
    means = table["mean_loyalty"].tolist()
    assert labels == [f"{m:.2f}\nn={k}" for m, k in zip(means, n, strict=True) if k]
    assert "error bars: ± 2 standard errors of the mean" in texts_of(ax)
    assert title(ax) == "Loyalty along the relationship continuum"
    revenue = plots.continuum_chart(table, measure="revenue_share", lang="zh")
    assert tick_texts(revenue.get_xticklabels()) == ["疏远的关系", "纯交易关系", "紧密的工作关系"]
    assert tick_texts(ax.get_xticklabels())[2] == "close working\nrelationship"
    assert_chinese_renders(revenue.figure)
    with pytest.raises(ValueError, match="measure must be"):
        plots.continuum_chart(table, measure="profit")


def test_complaint_chart_stacks_open_cases_and_keeps_data_text_literal(t):
    ax = plots.complaint_reason_chart(t["by_reason"])
    assert tick_texts(ax.get_yticklabels()) == ["late delivery", "price", "quality"]
    resolved, still_open = ax.containers
    assert [b.get_width() for b in resolved] == [2, 0, 1]
    assert [b.get_width() for b in still_open] == [1, 1, 0]
    hostile = pd.DataFrame({"reason": ["$x^2$ refund", "<script>alert(1)</script>" * 3]})
    odd = plots.complaint_reason_chart(loyalty.complaints_by_reason(hostile))
    labels = tick_texts(odd.get_yticklabels())
    assert r"\$x^2\$ refund" in labels  # a dollar sign is text, not mathematics
    assert any(s.endswith("…") and len(s) == 40 for s in labels)
    png_bytes(odd.figure)  # renders without a mathtext error
    unflagged = plots.complaint_reason_chart(
        loyalty.complaints_by_reason(pd.DataFrame({"reason": ["a", "a", "b"]}))
    )
    assert [b.get_width() for b in unflagged.containers[0]] == [2, 1]
    many = pd.DataFrame({"reason": [f"r{i:02d}" for i in range(15)]})
    limited = plots.complaint_reason_chart(loyalty.complaints_by_reason(many), limit=12)
    assert len(limited.get_yticklabels()) == 12
    assert "3 more reasons not shown" in texts_of(limited)


def test_loyalty_charts_do_not_change_their_input(t):
    before = {k: v.copy() for k, v in t.items()}
    plots.loyalty_map(t["types"], regions=t["regions"])
    plots.behavioural_class_chart(t["classes"])
    plots.sensitivity_figure(t["sensitivity"])
    plots.continuum_chart(t["continuum"])
    plots.complaint_reason_chart(t["by_reason"])
    for name, frame in before.items():
        pd.testing.assert_frame_equal(frame, t[name])
