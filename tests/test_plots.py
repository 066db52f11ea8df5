"""Tests for the course charts: what was drawn, in which language, with which font."""

from __future__ import annotations

import io
import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from helpers import plots, theme  # noqa: E402
from helpers.schema import DataError  # noqa: E402

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- small tables shaped like
# the analytics outputs (helpers.profiling / grading / deciles / rfm / loyalty)


def ids(n: int) -> pd.Index:
    return pd.Index([f"C{i:03d}" for i in range(1, n + 1)], name="customer_id")


@pytest.fixture
def ranked() -> pd.DataFrame:
    """rank_customers-like: values 50, 30, 15, 5 (cumulative 50%, 80%, 95%, 100%)."""
    values = [50.0, 30.0, 15.0, 5.0]
    return pd.DataFrame(
        {"value": values, "rank": [1, 2, 3, 4], "cumulative_share": [0.5, 0.8, 0.95, 1.0]},
        index=ids(4),
    )


@pytest.fixture
def pyramid() -> pd.DataFrame:
    """pyramid_table-like: A few customers with most of the profit."""
    return pd.DataFrame(
        {
            "customers": [2, 6, 12],
            "customer_share": [0.1, 0.3, 0.6],
            "value": [700.0, 250.0, 50.0],
            "value_share": [0.7, 0.25, 0.05],
        },
        index=pd.CategoricalIndex(["A", "B", "C"], ordered=True, name="grade"),
    )


@pytest.fixture
def grades() -> pd.DataFrame:
    """abc_grade_by_share-like per-customer table with profit joined."""
    return pd.DataFrame(
        {
            "value": [60.0, 20.0, 10.0, 6.0, 4.0],
            "profit": [20.0, 8.0, 2.0, 1.0, -1.0],
            "grade": pd.Categorical(["A", "B", "B", "C", "C"], ["A", "B", "C"], ordered=True),
        },
        index=ids(5),
    )


def decile_table(groups: int = 10, profit: bool = True) -> pd.DataFrame:
    revenue = np.linspace(2.0, 0.2, groups)
    revenue_share = revenue / revenue.sum()
    profit_share = np.linspace(0.3, -0.02, groups)
    profit_share = profit_share / profit_share.sum()
    customers = np.full(groups, 5)
    return pd.DataFrame(
        {
            "customers": customers,
            "customer_share": customers / customers.sum(),
            "revenue_share": revenue_share,
            "profit_share": profit_share if profit else np.nan,
        },
        index=pd.Index(range(1, groups + 1), name="decile"),
    )


@pytest.fixture
def scores() -> pd.DataFrame:
    """rfm_scores-like with k = 3."""
    return pd.DataFrame(
        {
            "r_score": [3, 3, 3, 2, 1, 1],
            "f_score": [3, 3, 1, 2, 1, 1],
            "monetary": [100.0, 300.0, 20.0, 50.0, 10.0, 30.0],
        },
        index=ids(6),
    )


@pytest.fixture
def survey_types() -> pd.DataFrame:
    """loyalty_matrix_types-like: one customer per type, plus a second apostle."""
    return pd.DataFrame(
        {
            "satisfaction": [2, 8, 9, 2, 5, 9, 10],
            "loyalty": [8, 8, 9, 3, 2, 1, 10],
            "loyalty_type": [
                "hostage",
                "loyalist",
                "apostle",
                "terrorist",
                "defector",
                "mercenary",
                "apostle",
            ],
        },
        index=ids(7),
    )


@pytest.fixture
def composition() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customers": [50, 30, 15, 5],
            "customer_share": [0.5, 0.3, 0.15, 0.05],
            "revenue": [100.0, 300.0, 50.0, 50.0],
            "revenue_share": [0.2, 0.6, 0.1, 0.1],
        },
        index=pd.Index(["retail", "wholesale", "chain store", "(missing)"], name="business_type"),
    )


@pytest.fixture
def margins() -> pd.DataFrame:
    """margin_by_product-like: sorted by margin, one loss-making product."""
    return pd.DataFrame(
        {
            "revenue": [100.0, 200.0, 400.0, 300.0],
            "profit": [50.0, 60.0, 40.0, -30.0],
            "margin": [0.5, 0.3, 0.1, -0.1],
            "product_name": ["tea", "pens", "paper", "toner"],
            "category": ["gifts", "office", "office", "office"],
        },
        index=pd.Index(["P1", "P2", "P3", "P4"], name="product_id"),
    )


def texts_of(artist) -> list[str]:
    return [t.get_text() for t in artist.findobj(Text) if t.get_text()]


def title(ax) -> str:
    return ax.get_title(loc="left")  # the course theme puts titles on the left


def tick_texts(labels) -> list[str]:
    return [t.get_text() for t in labels]


def legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def twin_of(ax):
    """The twin Axes a chart drew beside ``ax`` (they share the x axis)."""
    return [a for a in ax.get_shared_x_axes().get_siblings(ax) if a is not ax][0]


def png_bytes(fig, dpi: int = 40) -> bytes:
    """The figure as PNG (a low resolution keeps the tests fast; the pixels still differ
    when anything drawn differs)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def assert_chinese_renders(fig) -> bytes:
    """Every text with Chinese characters uses a font file whose cmap has all of them,
    and rendering the figure warns about no missing glyph; returns the rendered PNG."""
    checked = 0
    for text in fig.findobj(Text):
        chars = set(CJK.findall(text.get_text()))
        if not chars:
            continue
        props = text.get_fontproperties()
        assert props.get_family()[0] == theme.CJK_FAMILY, text.get_text()
        path = font_manager.findfont(props, fallback_to_default=False)
        cmap = FT2Font(path).get_charmap()
        missing = [c for c in chars if ord(c) not in cmap]
        assert not missing, f"{path} lacks {missing} for {text.get_text()!r}"
        checked += 1
    assert checked > 0, "no Chinese text found in a lang='zh' figure"
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
        return png_bytes(fig)


# ---------------------------------------------------------------- theme


def test_cjk_font_is_the_bundled_noto_and_covers_the_glossary():
    path = theme.cjk_font_path()
    assert path is not None and path.name == "NotoSansCJKsc-Regular.otf"
    assert path.parent.name == "fonts" and path.parent.parent.name == "mplfonts"
    assert theme.cjk_font_family() == "Noto Sans CJK SC"
    from helpers.glossary import TERMS

    cmap = FT2Font(str(path)).get_charmap()
    chinese = {c for _, zh, _ in TERMS.values() for c in zh if CJK.match(c)}
    assert chinese and all(ord(c) in cmap for c in chinese)


def test_missing_cjk_font_warns_and_falls_back(monkeypatch):
    monkeypatch.setattr(theme, "cjk_font_path", lambda: None)
    theme.cjk_font_family.cache_clear()
    try:
        with pytest.warns(UserWarning, match="mplfonts"):
            families = theme.font_families("zh")
        assert families == ["DejaVu Sans"]
    finally:
        monkeypatch.undo()
        theme.cjk_font_family.cache_clear()
    assert theme.font_families("zh")[0] == "Noto Sans CJK SC"


def test_rc_and_set_theme_use_the_language_fonts():
    assert theme.rc("en")["font.family"] == ["DejaVu Sans", "Noto Sans CJK SC"]
    assert theme.rc("zh")["font.family"] == ["Noto Sans CJK SC", "DejaVu Sans"]
    with matplotlib.rc_context():
        theme.set_theme("zh")
        assert matplotlib.rcParams["font.family"][0] == "Noto Sans CJK SC"
        assert matplotlib.rcParams["axes.unicode_minus"] is False
    with pytest.raises(ValueError, match="lang"):
        theme.rc("fr")


def test_theme_context_restores_settings_and_apply_fonts_reaches_every_text():
    before = list(matplotlib.rcParams["font.family"])
    with theme.theme_context("zh"):
        assert matplotlib.rcParams["font.family"][0] == "Noto Sans CJK SC"
    assert matplotlib.rcParams["font.family"] == before
    fig, ax = plt.subplots()  # made outside the course look
    ax.set_title("客户")
    ax.set_xticks([0, 1], ["甲", "乙"])
    fig.suptitle("图")
    theme.apply_fonts(fig, "zh")
    assert_chinese_renders(fig)


def test_number_formats():
    assert theme.thousands(1234567.891) == "1,234,568"
    assert theme.thousands(-1234.5, 1) == "-1,234.5"
    assert theme.percent(0.8) == "80%"
    assert theme.percent(0.12345, 1) == "12.3%"
    assert theme.percent(-0.0004) == "0%"
    assert theme.compact(2_500_000) == "2.5M"
    assert theme.compact(25_000, "zh") == "2.5万"
    assert theme.compact(300_000_000, "zh") == "3亿"
    assert theme.compact(999) == "999"
    assert theme.thousands_formatter()(12345.0, 0) == "12,345"
    assert theme.compact_formatter("en")(40_000, 0) == "40K"


def test_colours_are_fixed_per_key_and_grey_for_unknown():
    assert theme.colors("grade", ["A", "b", "Z"]) == {
        "A": theme.GRADE_COLORS["A"],
        "b": theme.GRADE_COLORS["B"],
        "Z": theme.OTHER_COLOR,
    }
    assert set(theme.LOYALTY_COLORS) == {
        "apostle",
        "loyalist",
        "hostage",
        "mercenary",
        "defector",
        "terrorist",
    }
    assert set(theme.TIER_COLORS) == {"blue", "green", "red", "transfer", "exit"}
    assert len(set(theme.GRADE_COLORS.values())) == len(theme.GRADE_COLORS)
    with pytest.raises(ValueError, match="kind"):
        theme.colors("nope")


# ---------------------------------------------------------------- Pareto


def test_pareto_draws_one_bar_per_customer_in_rank_order(ranked):
    shuffled = ranked.iloc[[2, 0, 3, 1]]
    ax = plots.pareto_chart(shuffled)
    bars = ax.containers[0]
    assert len(bars) == 4
    assert [b.get_height() for b in bars] == [50.0, 30.0, 15.0, 5.0]
    assert [round(b.get_x() + b.get_width() / 2, 3) for b in bars] == [0.125, 0.375, 0.625, 0.875]
    cumulative = twin_of(ax).lines[0]
    np.testing.assert_allclose(cumulative.get_ydata(), [0.5, 0.8, 0.95, 1.0])
    assert not hasattr(ax, "right_ax")  # nothing patched onto matplotlib objects


def test_pareto_marks_80_percent_and_the_customers_that_reach_it(ranked):
    ax = plots.pareto_chart(ranked)
    right = twin_of(ax)
    mark = right.lines[1]
    assert list(mark.get_ydata()) == [0.8, 0.8]
    # two of four customers reach 80%: the dotted line stands at 50% of customers
    segments = right.collections[0].get_segments()
    np.testing.assert_allclose(segments[0], [[0.5, 0.0], [0.5, 0.8]])
    assert "50% of customers make 80% of revenue" in texts_of(right)
    assert legend_texts(right) == ["revenue", "cumulative share of revenue", "80% mark"]
    assert ax.get_xlabel() == "share of customers, largest first"
    assert ax.get_ylabel() == "revenue"
    assert right.get_ylabel() == "cumulative share"


def test_pareto_mark_option_moves_the_line(ranked):
    ax = plots.pareto_chart(ranked, mark=0.5, measure="profit")
    assert list(twin_of(ax).lines[1].get_ydata()) == [0.5, 0.5]
    assert "25% of customers make 50% of profit" in texts_of(twin_of(ax))
    assert legend_texts(twin_of(ax))[-1] == "50% mark"


def test_pareto_in_chinese(ranked):
    ax = plots.pareto_chart(ranked, lang="zh")
    assert title(ax) == "二八法则"
    assert ax.get_xlabel() == "客户占比（从大到小排序）"
    assert legend_texts(twin_of(ax)) == ["销售额", "销售额累计占比", "80%标记线"]
    assert "50%的客户贡献了80%的销售额" in texts_of(twin_of(ax))
    assert_chinese_renders(ax.figure)


def test_pareto_many_customers_are_grouped_into_bars_and_the_chart_says_so():
    from helpers import profiling

    table = pd.DataFrame({"customer_id": ids(1000), "monetary": np.arange(1000, 0, -1.0)})
    ranked = profiling.rank_customers(table)
    ax = plots.pareto_chart(ranked, max_bars=200)
    bars = ax.containers[0]
    assert len(bars) == 200  # not one per customer
    # bar 1 holds the five largest customers, 1000..996: mean 998
    assert bars[0].get_height() == pytest.approx(998.0)
    assert bars[0].get_width() == pytest.approx(5 / 1000)
    line = twin_of(ax).lines[0]
    assert len(line.get_xdata()) == 200
    assert line.get_ydata()[0] == pytest.approx(ranked["cumulative_share"].iloc[4])
    assert "1,000 customers in 200 bars: each bar is the mean of about 5 customers" in texts_of(ax)
    few = plots.pareto_chart(ranked.head(50), max_bars=200)
    assert not any("bars:" in t for t in texts_of(few))


def test_pareto_errors_name_the_problem():
    with pytest.raises(DataError, match="profiling.rank_customers"):
        plots.pareto_chart(pd.DataFrame({"amount": [1.0]}))
    with pytest.raises(DataError, match="empty"):
        plots.pareto_chart(pd.DataFrame({"value": [], "cumulative_share": []}))
    with pytest.raises(ValueError, match="lang"):
        plots.pareto_chart(pd.DataFrame({"value": [1.0], "cumulative_share": [1.0]}), lang="de")


def test_charts_draw_on_a_given_axes(ranked):
    fig, (left, right) = plt.subplots(1, 2)
    assert plots.pareto_chart(ranked, ax=right) is right
    assert len(right.containers[0]) == 4 and not left.containers


# ---------------------------------------------------------------- Lorenz


def test_lorenz_curve_line_of_equality_and_gini():
    from helpers import grading

    curve = pd.DataFrame(
        {"customer_share": [0.0, 0.25, 0.5, 0.75, 1.0], "value_share": [0, 0.05, 0.15, 0.4, 1.0]}
    )
    # 1 - 0.25 * (0.05 + 0.2 + 0.55 + 1.4) = 0.45
    assert grading.gini_from_curve(curve) == pytest.approx(0.45)
    assert not hasattr(plots, "gini_from_curve")  # the Gini lives in grading only
    ax = plots.lorenz_chart(curve)
    equality, lorenz = ax.lines[0], ax.lines[1]
    assert list(equality.get_xdata()) == [0, 1] and list(equality.get_ydata()) == [0, 1]
    np.testing.assert_allclose(lorenz.get_ydata(), curve["value_share"])
    assert ax.texts[0].get_text() == "Gini coefficient = 0.45"
    # the top 20% of 4 customers: ceil(0.8) = 1 customer, the last 60% of revenue
    assert "top 20% of customers: 60% of revenue" in texts_of(ax)
    marker = ax.lines[2]
    assert (marker.get_xdata()[0], marker.get_ydata()[0]) == (0.75, pytest.approx(0.4))
    assert legend_texts(ax) == ["line of equality", "Lorenz curve"]


def test_lorenz_chart_marks_the_same_share_as_the_80_20_table():
    from helpers import grading

    rng = np.random.default_rng(1)
    t = pd.DataFrame({"customer_id": ids(23), "monetary": np.round(rng.pareto(1.5, 23) * 100, 2)})
    ax = plots.lorenz_chart(grading.lorenz_curve(t), top=0.2)
    share = grading.top_share_by_group(t, top=0.2).loc["all", "top_share"]
    assert f"top 20% of customers: {theme.percent(share)} of revenue" in texts_of(ax)


def test_lorenz_many_customers_drawn_through_fewer_points_and_said():
    from helpers import grading

    t = pd.DataFrame({"customer_id": ids(5000), "monetary": np.arange(1, 5001, dtype=float)})
    curve = grading.lorenz_curve(t)
    ax = plots.lorenz_chart(curve, max_points=500)
    drawn = ax.lines[1]
    assert len(drawn.get_xdata()) == 500
    assert drawn.get_xdata()[0] == 0.0 and drawn.get_xdata()[-1] == 1.0
    assert "curve drawn through 500 of its 5,001 points" in texts_of(ax)
    assert ax.texts[0].get_text() == f"Gini coefficient = {grading.gini_coefficient(t):.2f}"


def test_lorenz_in_chinese():
    curve = pd.DataFrame({"customer_share": [0.0, 0.5, 1.0], "value_share": [0.0, 0.0, 1.0]})
    ax = plots.lorenz_chart(curve, lang="zh")
    assert ax.texts[0].get_text() == "基尼系数 = 0.50"
    assert ax.get_ylabel() == "销售额累计占比"
    assert_chinese_renders(ax.figure)


# ---------------------------------------------------------------- grades


def test_pyramid_draws_centred_bars_top_grade_on_top(pyramid):
    fig = plots.pyramid_figure(pyramid)
    count_ax, profit_ax = fig.axes
    count_bars = count_ax.patches
    assert len(count_bars) == 3 and len(profit_ax.patches) == 3
    assert [round(b.get_width(), 2) for b in count_bars] == [0.1, 0.3, 0.6]
    assert [round(b.get_width(), 2) for b in profit_ax.patches] == [0.7, 0.25, 0.05]
    assert all(b.get_x() == pytest.approx(-b.get_width() / 2) for b in count_bars)
    assert [b.get_y() + b.get_height() / 2 for b in count_bars] == [2, 1, 0]  # A on top
    assert tick_texts(count_ax.get_yticklabels()) == ["A", "B", "C"]
    assert "10% (2)" in texts_of(count_ax) and "70%" in texts_of(profit_ax)
    # the titles name what is drawn; whether it is a pyramid is for the data to say
    assert title(count_ax) == "share of customers"
    assert title(profit_ax) == "share of profit"
    assert not any("pyramid" in t for t in texts_of(fig))
    assert count_ax.get_ylabel() == "grade"
    assert [to_hex(b.get_facecolor()) for b in count_bars] == [theme.GRADE_COLORS[g] for g in "ABC"]
    assert not hasattr(plots, "pyramid_chart")  # a figure-level chart is named ..._figure


def test_pyramid_of_revenue_without_cost(pyramid):
    fig = plots.pyramid_figure(pyramid, measure="revenue")
    assert title(fig.axes[1]) == "share of revenue"


def test_pyramid_in_chinese(pyramid):
    fig = plots.pyramid_figure(pyramid, lang="zh")
    assert [title(a) for a in fig.axes] == ["客户占比", "利润占比"]
    assert fig.axes[0].get_ylabel() == "等级"
    assert_chinese_renders(fig)


def test_pyramid_of_tiers_draws_the_chinese_tier_terms():
    tiers = pd.DataFrame(
        {
            "customers": [5, 15, 30, 40, 10],
            "customer_share": [0.05, 0.15, 0.3, 0.4, 0.1],
            "value_share": [0.45, 0.3, 0.2, 0.1, -0.05],
        },
        index=pd.Index(["blue", "green", "red", "transfer", "exit"], name="tier"),
    )
    fig = plots.pyramid_figure(tiers, palette="tier", lang="zh")
    assert tick_texts(fig.axes[0].get_yticklabels()) == [
        "蓝色层",
        "绿色层",
        "红色层",
        "转移层",
        "退出层",
    ]
    assert fig.axes[0].get_ylabel() == "层级"
    assert to_hex(fig.axes[1].patches[-1].get_facecolor()) == theme.NEGATIVE_COLOR  # a loss
    assert_chinese_renders(fig)


def test_abc_summary_from_per_customer_grades(grades):
    ax = plots.abc_summary_chart(grades)
    assert tick_texts(ax.get_xticklabels()) == [
        "share of customers",
        "share of revenue",
        "share of profit",
    ]
    assert len(ax.patches) == 9  # 3 grades x 3 measures
    by_grade = {c.get_label(): [round(p.get_height(), 3) for p in c] for c in ax.containers}
    # customers 1/5, 2/5, 2/5; revenue 60, 30, 10 of 100; profit 20, 10, 0 of 30
    assert by_grade == {
        "A": [0.2, 0.6, 0.667],
        "B": [0.4, 0.3, 0.333],
        "C": [0.4, 0.1, 0.0],
    }
    assert legend_texts(ax) == ["C", "B", "A"]  # top to bottom, like the stack
    assert ax.get_legend().get_title().get_text() == "grade"
    colours = {c.get_label(): to_hex(c[0].get_facecolor()) for c in ax.containers}
    assert colours == {g: theme.GRADE_COLORS[g] for g in "ABC"}


def test_abc_summary_stacks_losses_below_zero():
    summary = pd.DataFrame(
        {
            "customer_share": [0.2, 0.8],
            "revenue_share": [0.7, 0.3],
            "profit_share": [1.2, -0.2],
        },
        index=pd.Index(["A", "C"], name="grade"),
    )
    ax = plots.abc_summary_chart(summary)
    loss = ax.containers[1][2]
    assert loss.get_y() == pytest.approx(0.0) and loss.get_height() == pytest.approx(-0.2)
    assert ax.get_ylim()[0] < -0.2


def test_abc_summary_for_tiers_in_chinese():
    tiers = pd.DataFrame(
        {
            "revenue": [50.0, 30.0, 20.0],
            "profit": [10.0, 5.0, -1.0],
            "tier": ["blue", "red", "exit"],
        },
        index=ids(3),
    )
    ax = plots.abc_summary_chart(tiers, grade="tier", revenue="revenue", palette="tier", lang="zh")
    assert legend_texts(ax) == ["退出层", "红色层", "蓝色层"]
    assert "蓝色层 50%" in texts_of(ax)
    assert tick_texts(ax.get_xticklabels()) == ["客户占比", "销售额占比", "利润占比"]
    assert title(ax) == "五级客户分层"
    assert to_hex(ax.containers[0][0].get_facecolor()) == theme.TIER_COLORS["blue"]
    assert_chinese_renders(ax.figure)


def test_abc_summary_grades_stay_grades_in_chinese(grades):
    ax = plots.abc_summary_chart(grades, lang="zh")
    assert legend_texts(ax) == ["C", "B", "A"]
    assert ax.get_legend().get_title().get_text() == "等级"
    assert title(ax) == "ABC分类法"
    assert_chinese_renders(ax.figure)


def test_abc_summary_of_decile_groups_in_chinese():
    groups = pd.DataFrame(
        {
            "customer_share": [0.05, 0.1, 0.25, 0.6],
            "revenue_share": [0.3, 0.3, 0.15, 0.25],
        },
        index=pd.Index(
            ["retain", "grow_share_of_wallet", "losing_value", "transactional"], name="group"
        ),
    )
    ax = plots.abc_summary_chart(groups, palette="decile_group", lang="zh")
    assert legend_texts(ax) == ["交易客户", "价值下降", "提高钱包份额", "保持"]
    assert_chinese_renders(ax.figure)


def test_allocation_chart_value_resources_and_adjusted_plan():
    current = pd.DataFrame(
        {"profit_share": [0.7, 0.2, 0.1], "resource_share": [0.25, 0.35, 0.4]},
        index=pd.CategoricalIndex(["A", "B", "C"], ordered=True, name="grade"),
    )
    adjusted = current.assign(resource_share=[0.6, 0.25, 0.15])
    ax = plots.allocation_chart(current, adjusted=adjusted, value="profit")
    value, now, then = ax.containers
    assert [b.get_height() for b in value] == [0.7, 0.2, 0.1]
    assert [b.get_height() for b in now] == [0.25, 0.35, 0.4]
    assert [b.get_height() for b in then] == [0.6, 0.25, 0.15]
    assert legend_texts(ax) == [
        "share of profit",
        "share of resources",
        "share of resources, adjusted plan",
    ]
    assert tick_texts(ax.get_xticklabels()) == ["A", "B", "C"]
    assert title(ax) == "where the value is and where the effort goes"
    zh = plots.allocation_chart(current, value="profit", lang="zh")
    assert legend_texts(zh) == ["利润占比", "资源占比"] and title(zh) == "价值与投入"
    assert_chinese_renders(zh.figure)


def migration_table() -> pd.DataFrame:
    return pd.DataFrame(
        [[5, 1, 0, 1], [2, 7, 3, 0], [0, 4, 20, 2], [1, 2, 6, 0]],
        index=pd.Index(["A", "B", "C", "new"], name="grade_before"),
        columns=pd.Index(["A", "B", "C", "lost"], name="grade_after"),
    )


def test_migration_heatmap_annotates_counts_and_outlines_the_diagonal():
    ax = plots.migration_heatmap(migration_table(), before="2024", after="2025")
    assert [t.get_text() for t in ax.texts][:4] == ["5", "1", "0", "1"]
    assert len(ax.texts) == 16
    assert tick_texts(ax.get_yticklabels()) == ["A", "B", "C", "new"]
    assert tick_texts(ax.get_xticklabels()) == ["A", "B", "C", "lost"]
    assert ax.get_ylabel() == "grade in the earlier period (2024)"
    assert ax.get_xlabel() == "grade in the later period (2025)"
    outlined = [(p.get_x(), p.get_y()) for p in ax.patches if not p.get_fill()]
    assert outlined == [(0, 0), (1, 1), (2, 2)]


def test_migration_heatmap_counts_of_one_stay_counts():
    ones = pd.DataFrame(
        [[1, 0], [0, 1]],
        index=pd.Index(["A", "B"], name="grade_before"),
        columns=pd.Index(["A", "B"], name="grade_after"),
    )
    ax = plots.migration_heatmap(ones)
    assert [t.get_text() for t in ax.texts] == ["1", "0", "0", "1"]


def test_migration_heatmap_shares_in_chinese():
    table = migration_table()
    shares = table.div(table.sum(axis=1), axis=0)
    ax = plots.migration_heatmap(shares, lang="zh")
    assert ax.texts[0].get_text() == "71%"  # 5 / 7
    assert tick_texts(ax.get_yticklabels())[-1] == "新增"
    assert tick_texts(ax.get_xticklabels())[-1] == "流失"
    assert title(ax) == "等级迁移"
    assert_chinese_renders(ax.figure)


# ---------------------------------------------------------------- deciles


def test_customer_deciles_show_revenue_and_profit_shares():
    table = decile_table()
    ax = plots.customer_decile_chart(table)
    revenue, profit = ax.containers
    assert len(revenue) == 10 and len(profit) == 10
    np.testing.assert_allclose([b.get_height() for b in revenue], table["revenue_share"])
    np.testing.assert_allclose([b.get_height() for b in profit], table["profit_share"])
    assert tick_texts(ax.get_xticklabels()) == [str(d) for d in range(1, 11)]
    assert legend_texts(ax) == [
        "share of revenue",
        "share of profit",
        "each group = 10% of customers",
    ]
    assert ax.get_xlabel() == "customer decile (1 = top 10% of customers)"
    reference = [line for line in ax.lines if line.get_linestyle() == "--"][0]
    assert list(reference.get_ydata()) == [0.1, 0.1]


def test_customer_deciles_without_cost_say_so():
    ax = plots.customer_decile_chart(decile_table(profit=False))
    assert len(ax.containers) == 1
    assert "profit unknown (no cost data)" in texts_of(ax)
    assert legend_texts(ax) == ["share of revenue", "each group = 10% of customers"]


def test_value_deciles_count_customers_per_tenth_in_chinese():
    table = decile_table(groups=4).assign(customers=[1, 2, 5, 12])
    table["customer_share"] = table["customers"] / 20
    ax = plots.value_decile_chart(table, lang="zh")
    customers, profit = ax.containers
    np.testing.assert_allclose([b.get_height() for b in customers], [0.05, 0.1, 0.25, 0.6])
    assert [t.get_text() for t in ax.texts][:4] == ["n=1", "n=2", "n=5", "n=12"]
    assert legend_texts(ax) == ["客户占比", "利润占比", "每组 = 销售额的25%"]
    assert title(ax) == "价值十分位：销售额"
    assert_chinese_renders(ax.figure)


def test_value_deciles_by_profit_show_revenue_share():
    ax = plots.value_decile_chart(decile_table(), by="profit")
    assert title(ax) == "value deciles: profit"
    assert legend_texts(ax) == [
        "share of customers",
        "share of revenue",
        "each group = 10% of profit",
    ]


def test_decile_chart_names_missing_columns():
    with pytest.raises(DataError, match="revenue_share"):
        plots.customer_decile_chart(decile_table().drop(columns="revenue_share"))


# ---------------------------------------------------------------- RFM and loyalty


def test_rfm_heatmap_cells_hold_mean_monetary_and_counts(scores):
    ax = plots.rfm_heatmap(scores)
    assert tick_texts(ax.get_yticklabels()) == ["3", "2", "1"]  # best recency on top
    assert tick_texts(ax.get_xticklabels()) == ["1", "2", "3"]
    # rows R=3, 2, 1; columns F=1, 2, 3; empty cells get no text
    assert [t.get_text() for t in ax.texts] == ["20\nn=1", "200\nn=2", "50\nn=1", "20\nn=2"]
    assert ax.get_xlabel() == "frequency score (F)"
    assert ax.get_ylabel() == "recency score (R)"
    colorbar = ax.collections[0].colorbar
    assert colorbar.ax.get_ylabel() == "mean monetary value (M)"


def test_rfm_heatmap_in_chinese(scores):
    ax = plots.rfm_heatmap(scores, lang="zh")
    assert ax.get_ylabel() == "最近购买得分（R）"
    assert ax.collections[0].colorbar.ax.get_ylabel() == "平均购买金额（M）"
    assert_chinese_renders(ax.figure)


def loyalty_tables() -> dict[str, pd.DataFrame]:
    """Small tables of helpers.loyalty for the lesson 05 charts (tests in test_plots_loyalty)."""
    from helpers import loyalty

    survey = pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(1, 9)],
            "satisfaction": [2, 8, 9, 2, 5, 9, 10, 6],
            "loyalty": [8, 8, 9, 3, 2, 1, 10, 7],
        }
    )
    customers = pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(1, 9)],
            "tenure_days": [400, 400, 400, 30, 400, 400, 700, 50],
            "frequency": [14, 5, 20, 1, 4, 2, 30, 1],
            "status": ["active"] * 6 + ["active", "dormant"],
            "trend": [0.1, -0.5, 0.0, np.nan, 0.2, 0.0, 0.3, np.nan],
            "monetary": [120.0, 80.0, 300.0, 10.0, 40.0, 20.0, 500.0, 5.0],
            "profit": [20.0, 8.0, 60.0, -1.0, 4.0, 2.0, 90.0, 0.5],
        }
    )
    leads = pd.DataFrame(
        {"lead_id": ["L1", "L2", "L3"],
         "created_date": pd.to_datetime(["2024-10-01", "2024-12-01", "2021-01-01"])}
    )  # fmt: skip
    complaints = pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C4", "C5", "C5"],
            "reason": ["late delivery", "price", "late delivery", "quality", "late delivery"],
            "resolved": [True, False, False, True, True],
        }
    )
    types = loyalty.loyalty_matrix_types(survey)
    classes = loyalty.behavioural_loyalty_classes(customers, leads, as_of="2025-01-01")
    stages = loyalty.relationship_stages(customers, close_min_orders=12)
    return {
        "survey": survey,
        "customers": customers,
        "types": types,
        "regions": loyalty.matrix_regions(),
        "classes": loyalty.behavioural_class_table(classes, customers),
        "sensitivity": loyalty.cutoff_sensitivity(survey),
        "continuum": loyalty.continuum_table(stages, customers, types),
        "by_reason": loyalty.complaints_by_reason(complaints),
    }


def plan_allocation() -> pd.DataFrame:
    """A planning.service_allocation table for the lesson 06 charts (tests in test_plots_plan)."""
    from helpers import planning

    plan = pd.DataFrame(
        {
            "grade": pd.Categorical(["A", "A", "B", "B", "C", "C", "C"], ordered=True),
            "revenue": [500.0, 300.0, 90.0, 60.0, 30.0, 15.0, 5.0],
            "profit": [100.0, 50.0, 15.0, 10.0, 5.0, 2.0, -1.0],
            "at_risk": [False, True, False, False, True, False, False],
        },
        index=ids(7),
    )
    return planning.service_allocation(plan, total_hours=600, base_service=0.2, account_hours=200)


# ---------------------------------------------------------------- profiling


def test_composition_bars_customers_and_revenue(composition):
    ax = plots.composition_chart(composition)
    customers, revenue = ax.containers
    assert [round(b.get_width(), 2) for b in customers] == [0.5, 0.3, 0.15, 0.05]
    assert [round(b.get_width(), 2) for b in revenue] == [0.2, 0.6, 0.1, 0.1]
    assert tick_texts(ax.get_yticklabels()) == ["retail", "wholesale", "chain store", "(missing)"]
    assert title(ax) == "composition analysis: business type"
    assert legend_texts(ax) == ["share of customers", "share of revenue"]


def test_composition_groups_the_rest_as_other_in_chinese(composition):
    ax = plots.composition_chart(composition, top=2, lang="zh")
    assert tick_texts(ax.get_yticklabels()) == ["零售商", "批发商", "其他"]
    assert [round(b.get_width(), 2) for b in ax.containers[0]] == [0.5, 0.3, 0.2]
    assert title(ax) == "客户构成分析：业务类型"
    assert_chinese_renders(ax.figure)


def test_margin_chart_bars_overall_line_and_losses(margins):
    ax = plots.margin_chart(margins)
    bars = ax.containers[0]
    assert [b.get_width() for b in bars] == [0.5, 0.3, 0.1, -0.1]
    assert tick_texts(ax.get_yticklabels()) == ["tea", "pens", "paper", "toner"]
    assert to_hex(bars[3].get_facecolor()) == theme.NEGATIVE_COLOR
    assert to_hex(bars[0].get_facecolor()) == theme.METRIC_COLORS["margin"]
    overall = ax.lines[0]
    assert overall.get_xdata()[0] == pytest.approx(120 / 1000)
    assert legend_texts(ax) == ["overall margin 12%"]
    assert "50%  (revenue 100)" in texts_of(ax)


def test_margin_chart_by_category_and_limit(margins):
    ax = plots.margin_chart(margins, by="category")
    assert tick_texts(ax.get_yticklabels()) == ["gifts", "office"]
    assert title(ax) == "gross margin by category"
    from helpers import profiling

    drawn = plots.margin_chart(profiling.margin_by_category(margins))
    assert title(drawn) == "gross margin by category"
    assert [round(b.get_width(), 4) for b in ax.containers[0]] == [0.5, round(70 / 900, 4)]
    limited = plots.margin_chart(margins, limit=2, lang="zh")
    assert tick_texts(limited.get_yticklabels()) == ["tea", "toner"]
    assert "…… 其余2项 ……" in texts_of(limited)
    assert_chinese_renders(limited.figure)


def test_margin_chart_needs_one_customer():
    table = pd.DataFrame(
        {"revenue": [1.0], "profit": [0.5], "margin": [0.5]},
        index=pd.MultiIndex.from_tuples([("C001", "P1")], names=["customer_id", "product_id"]),
    )
    with pytest.raises(DataError, match="customer_id="):
        plots.margin_chart(table)


# ---------------------------------------------------------------- every chart


def allocation_table() -> pd.DataFrame:
    return pd.DataFrame(
        {"revenue_share": [0.7, 0.2, 0.1], "resource_share": [0.25, 0.35, 0.4]},
        index=pd.Index(["A", "B", "C"], name="grade"),
    )


def all_charts(ranked, pyramid, grades, scores, survey_types, composition, margins, lang):
    curve = pd.DataFrame({"customer_share": [0, 0.5, 1.0], "value_share": [0, 0.2, 1.0]})
    loyal = loyalty_tables()
    return {
        "pareto_chart": lambda: plots.pareto_chart(ranked, lang=lang),
        "lorenz_chart": lambda: plots.lorenz_chart(curve, lang=lang),
        "pyramid_figure": lambda: plots.pyramid_figure(pyramid, lang=lang),
        "abc_summary_chart": lambda: plots.abc_summary_chart(grades, lang=lang),
        "allocation_chart": lambda: plots.allocation_chart(allocation_table(), lang=lang),
        "migration_heatmap": lambda: plots.migration_heatmap(migration_table(), lang=lang),
        "customer_decile_chart": lambda: plots.customer_decile_chart(decile_table(), lang=lang),
        "value_decile_chart": lambda: plots.value_decile_chart(decile_table(), lang=lang),
        "rfm_heatmap": lambda: plots.rfm_heatmap(scores, lang=lang),
        "loyalty_map": lambda: plots.loyalty_map(survey_types, regions=loyal["regions"], lang=lang),
        "composition_chart": lambda: plots.composition_chart(composition, lang=lang),
        "margin_chart": lambda: plots.margin_chart(margins, lang=lang),
        "behavioural_class_chart": lambda: plots.behavioural_class_chart(
            loyal["classes"], lang=lang
        ),
        "sensitivity_figure": lambda: plots.sensitivity_figure(
            loyal["sensitivity"], chosen={"loyalty_cut": 7}, lang=lang
        ),
        "continuum_chart": lambda: plots.continuum_chart(loyal["continuum"], lang=lang),
        "complaint_reason_chart": lambda: plots.complaint_reason_chart(
            loyal["by_reason"], lang=lang
        ),
        "service_hours_chart": lambda: plots.service_hours_chart(plan_allocation(), lang=lang),
        "hours_per_customer_chart": lambda: plots.hours_per_customer_chart(
            plan_allocation(), account_hours=40, lang=lang
        ),
        "cleaning_chart": lambda: plots.cleaning_chart(dropped_table(), lang=lang),
    }


def dropped_table() -> pd.DataFrame:
    """quality.dropped_by_reason-like: lines dropped per rule and source."""
    return pd.DataFrame(
        {"GBK CSV": [130, 35, 0], "Excel": [76, 24, 3]},
        index=pd.Index(["missing customer id", "cancellation", "return"], name="reason"),
    )


def figure_of(drawn):
    return drawn if isinstance(drawn, matplotlib.figure.Figure) else drawn.figure


def test_every_chart_is_deterministic_notebook_width_and_chinese(
    ranked, pyramid, grades, scores, survey_types, composition, margins
):
    charts = all_charts(ranked, pyramid, grades, scores, survey_types, composition, margins, "zh")
    assert sorted(charts) == sorted(plots.CHARTS)
    for name, draw in charts.items():
        fig = figure_of(draw())
        assert fig.get_size_inches()[0] <= 10, name
        for ax in fig.axes:
            for text in (title(ax), ax.get_xlabel(), ax.get_ylabel()):
                assert not text or CJK.search(text), f"{name}: {text!r} is not Chinese"
        image = assert_chinese_renders(fig)
        plt.close("all")
        assert png_bytes(figure_of(draw())) == image, f"{name} differs between two runs"
        plt.close("all")


def test_charts_do_not_change_their_input(ranked, grades, margins):
    before = (ranked.copy(), grades.copy(), margins.copy())
    plots.pareto_chart(ranked)
    plots.abc_summary_chart(grades)
    plots.margin_chart(margins, by="category")
    for original, now in zip(before, (ranked, grades, margins), strict=True):
        pd.testing.assert_frame_equal(original, now)


# ---------------------------------------------------------------- on the course data


@pytest.fixture(scope="module")
def course():
    datasets = pytest.importorskip("helpers.datasets")
    try:
        tables = datasets.load_tables("course")
    except Exception as exc:  # the course data is not generated on this machine
        pytest.skip(f"course data not available: {exc}")
    from helpers import profiling

    summary = profiling.customer_summary(tables.orders, as_of=tables.default_as_of)
    return tables, summary


@pytest.mark.slow
def test_charts_on_the_course_data_are_consistent(course):
    from helpers import grading, profiling, rfm

    tables, summary = course
    ranked_customers = profiling.rank_customers(summary)
    ax = plots.pareto_chart(ranked_customers)
    n = len(ranked_customers)
    needed = int((ranked_customers["cumulative_share"] < 0.8).sum()) + 1
    x = twin_of(ax).collections[0].get_segments()[0][0][0]
    assert x == pytest.approx(needed / n)
    assert len(ax.containers[0]) == 200  # grouped: the chart does not grow with the data
    plt.close("all")

    gini = grading.gini_coefficient(summary)
    curve = grading.lorenz_curve(summary)
    ax = plots.lorenz_chart(curve)
    assert ax.texts[0].get_text() == f"Gini coefficient = {gini:.2f}"
    plt.close("all")

    grades = grading.abc_grade_by_share(summary)
    previous = grading.abc_grade_by_share(
        profiling.customer_summary(tables.orders, as_of="2025-01-01")
    )
    pyramid = grading.pyramid_table(grades, value="profit")
    migration = grading.grade_migration(previous, grades)
    scores = rfm.rfm_scores(summary)
    composition = profiling.composition_table(tables.customers, "business_type", summary=summary)
    margins = profiling.margin_by_product(tables.orders, products=tables.products)
    charts = {
        "pareto_chart": lambda: plots.pareto_chart(ranked_customers, lang="zh"),
        "lorenz_chart": lambda: plots.lorenz_chart(curve),
        "pyramid_figure": lambda: plots.pyramid_figure(pyramid),
        "abc_summary_chart": lambda: plots.abc_summary_chart(grades, lang="zh"),
        "allocation_chart": lambda: plots.allocation_chart(
            grading.resource_allocation_table(grades, {"A": 0.25, "B": 0.35, "C": 0.4})
        ),
        "migration_heatmap": lambda: plots.migration_heatmap(migration),
        "rfm_heatmap": lambda: plots.rfm_heatmap(scores, lang="zh"),
        "composition_chart": lambda: plots.composition_chart(composition),
        "margin_chart": lambda: plots.margin_chart(margins, lang="zh"),
    }
    try:
        from helpers import deciles

        by_customer = deciles.customer_deciles(summary)
        by_value = deciles.value_deciles(summary)
        charts["customer_decile_chart"] = lambda: plots.customer_decile_chart(by_customer)
        charts["value_decile_chart"] = lambda: plots.value_decile_chart(by_value)
    except ImportError:
        pass
    try:
        from helpers import loyalty

        types = loyalty.loyalty_matrix_types(tables.survey)
        charts["loyalty_map"] = lambda: plots.loyalty_map(types)
    except ImportError:
        pass
    # every chart draws real data on the course tables (their speed is in `helpers bench --charts`)
    for name, draw in charts.items():
        fig = figure_of(draw())
        assert any(ax.has_data() for ax in fig.axes), name
        plt.close("all")


def test_grade_and_decile_chart_errors_name_the_function_that_makes_the_table():
    import re

    from helpers import deciles, grading

    calls = (
        lambda: plots.pyramid_figure(pd.DataFrame({"x": [1]})),
        lambda: plots.abc_summary_chart(pd.DataFrame({"x": [1]})),
        lambda: plots.allocation_chart(pd.DataFrame({"x": [1]})),
        lambda: plots.customer_decile_chart(pd.DataFrame({"x": [1]})),
        lambda: plots.pareto_chart(pd.DataFrame({"x": [1]})),
    )
    modules = {"grading": grading, "deciles": deciles}
    for call in calls:
        with pytest.raises(DataError) as caught:
            call()
        message = str(caught.value)
        named = re.findall(r"\b(grading|deciles)\.(\w+)", message)
        assert named, message
        assert all(hasattr(modules[m], name) for m, name in named), message
        assert "columns={" not in message
