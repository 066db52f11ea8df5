"""ABC grading, tiers, migration, resource allocation, Lorenz and Gini."""

import numpy as np
import pandas as pd
import pytest

from helpers import grading
from helpers.schema import DataError


def customers(values, profit=None, **extra):
    t = pd.DataFrame({"customer_id": [f"C{i}" for i in range(1, len(values) + 1)]})
    t["monetary"] = values
    if profit is not None:
        t["profit"] = profit
    for name, column in extra.items():
        t[name] = column
    return t


def test_threshold_grades_at_the_boundaries():
    t = customers([5_000_000.0, 4_999_999.99, 1_000_000.0, 999_999.99, 0.0])
    g = grading.abc_grade_by_threshold(t)
    assert g["grade"].astype(str).tolist() == ["A", "B", "B", "C", "C"]
    assert g["rank"].tolist() == [1, 2, 3, 4, 5]
    custom = grading.abc_grade_by_threshold(t, thresholds=(1_000_000,), labels=("big", "small"))
    assert custom["grade"].value_counts().to_dict() == {"big": 3, "small": 2}
    with pytest.raises(DataError, match="one more label"):
        grading.abc_grade_by_threshold(t, thresholds=(1, 2, 3))


def test_share_grades_hand_computed():
    t = customers([10.0, 50.0, 30.0, 5.0, 5.0])
    g = grading.abc_grade_by_share(t)
    assert g.index.tolist() == ["C2", "C3", "C1", "C4", "C5"]
    assert g["cumulative_share"].tolist() == [0.5, 0.8, 0.9, 0.95, 1.0]
    # graded by the share BEFORE each customer: 0, 0.5 -> A; 0.8, 0.9 -> B; 0.95 -> C
    assert g["grade"].astype(str).tolist() == ["A", "A", "B", "B", "C"]
    assert list(g["grade"].cat.categories) == ["A", "B", "C"]


def test_share_grades_single_customer_and_all_equal():
    assert grading.abc_grade_by_share(customers([7.0]))["grade"].tolist() == ["A"]
    g = grading.abc_grade_by_share(customers([1.0] * 10))
    # before-shares 0.0 .. 0.9: eight below 0.8, one below 0.95, one more
    assert g["grade"].value_counts().to_dict() == {"A": 8, "B": 2, "C": 0}
    assert g.index.tolist() == [f"C{i}" for i in [1, 10, 2, 3, 4, 5, 6, 7, 8, 9]]


def test_share_grades_zero_total_is_an_error():
    with pytest.raises(DataError, match="positive total"):
        grading.abc_grade_by_share(customers([0.0, 0.0]))


def test_grade_by_rank_vip_top_one_percent():
    t = customers([float(v) for v in range(200, 0, -1)])
    g = grading.grade_by_rank(t)
    assert g["grade"].value_counts().to_dict() == {"C": 100, "B": 60, "A": 38, "VIP": 2}
    assert g["grade"].iloc[:2].astype(str).tolist() == ["VIP", "VIP"]
    small = grading.grade_by_rank(customers([3.0, 2.0, 1.0]))
    # n = 3: VIP = first ceil(0.03) = 1, A up to ceil(0.6) = 1 (empty), B up to ceil(1.5) = 2
    assert small["grade"].astype(str).tolist() == ["VIP", "B", "C"]


@pytest.mark.parametrize(("n", "vip"), [(21, 1), (23, 1), (100, 1), (101, 2), (250, 3)])
def test_vip_top_one_percent_is_a_ceil_count(n, vip):
    g = grading.grade_by_rank(customers([float(n - i) for i in range(n)]), top=(0.01,),
                              labels=("VIP", "other"))  # fmt: skip
    assert (g["grade"] == "VIP").sum() == vip
    assert g["grade"].iloc[:vip].astype(str).tolist() == ["VIP"] * vip


def test_vip_ties_break_by_customer_id():
    g = grading.grade_by_rank(customers([5.0, 9.0, 9.0, 1.0]), top=(0.25,), labels=("VIP", "o"))
    assert g.index[g["grade"] == "VIP"].tolist() == ["C2"]


def test_regrade_by_potential():
    g = grading.abc_grade_by_share(customers([80.0, 10.0, 6.0, 4.0]))
    potential = pd.DataFrame(
        {"customer_id": ["C1", "C2", "C3", "C4"], "potential": ["low", "low", "high", None]}
    )
    r = grading.regrade_by_potential(g, potential)
    assert r.loc["C1", "grade"] == "B" and r.loc["C1", "change"] == "down"
    # C2 starts at 80% of revenue, so it is a B; B with low potential moves down to C
    assert r.loc["C2", "base_grade"] == "B" and r.loc["C2", "grade"] == "C"
    assert r.loc["C3", "base_grade"] == "B" and r.loc["C3", "grade"] == "B"  # no rule: B+high
    assert r.loc["C4", "grade"] == "C" and r.loc["C4", "change"] == "same"  # no rating
    rules = pd.DataFrame({"grade": ["B"], "potential": ["high"], "new_grade": ["A"]})
    assert grading.regrade_by_potential(g, potential, rules=rules).loc["C3", "grade"] == "A"


def test_five_tiers_with_zero_negative_and_unknown_profit():
    t = customers(
        [1000.0, 500.0, 300.0, 200.0, 100.0, 90.0, 80.0, 70.0, 60.0, 50.0],
        profit=[300.0, 10.0, 40.0, 20.0, 15.0, 12.0, 0.0, -5.0, np.nan, 8.0],
        frequency=[9, 1, 5, 6, 7, 1, 3, 3, 3, 2],
    )
    f = grading.five_tier_grades(t, blue=0.1, green=0.3)
    tier = f["tier"].astype(object).to_dict()
    # nine customers have a known profit: blue = ceil(0.9) = 1, green up to ceil(2.7) = 3
    assert tier["C1"] == "blue"  # profit 300
    assert tier["C3"] == "green" and tier["C4"] == "green"  # profit 40 and 20
    # the rank is by profit only: C2 is 2nd by revenue but makes 10, so it is no green
    assert tier["C2"] == "transfer"  # frequency 1, below the median 3
    # median loyalty of the ten = 3: C5 (7) red, C6 (1) transfer, C10 (2) transfer
    assert (tier["C5"], tier["C6"], tier["C10"]) == ("red", "transfer", "transfer")
    assert tier["C7"] == "exit" and tier["C8"] == "exit"  # zero and negative profit
    assert pd.isna(tier["C9"])  # unknown profit
    assert f.index[0] == "C1"


@pytest.mark.parametrize(("n", "blue", "green"), [(20, 1, 4), (21, 2, 5), (23, 2, 5), (100, 5, 20)])
def test_five_tier_counts_are_ceil_counts(n, blue, green):
    t = customers(
        [float(1000 - i) for i in range(n)],
        profit=[float(500 - i) for i in range(n)],
        frequency=[1] * n,
    )
    counts = grading.five_tier_grades(t)["tier"].value_counts()
    assert counts["blue"] == blue  # ceil(0.05 n)
    assert counts["green"] == green - blue  # the rest of ceil(0.20 n)


def test_five_tiers_red_at_exactly_the_median():
    # frequencies 1, 2, 3, 3, 4, 5 (median 3): blue and green take the two first by profit
    t = customers(
        [60.0, 50.0, 40.0, 30.0, 20.0, 10.0],
        profit=[6.0, 5.0, 4.0, 3.0, 2.0, 1.0],
        frequency=[5, 4, 3, 3, 2, 1],
    )
    tier = grading.five_tier_grades(t, blue=0.1, green=0.3)["tier"].astype(str).tolist()
    assert tier == ["blue", "green", "red", "red", "transfer", "transfer"]
    fixed = grading.five_tier_grades(t, blue=0.1, green=0.3, loyal_min=4)
    assert fixed["tier"].astype(str).tolist()[2:] == ["transfer"] * 4


def test_five_tiers_blue_never_takes_a_loss_maker():
    t = customers([10.0, 5.0], profit=[-1.0, -2.0], frequency=[1, 1])
    assert grading.five_tier_grades(t)["tier"].astype(str).tolist() == ["exit", "exit"]


def test_five_tiers_need_profit():
    with pytest.raises(DataError, match="needs profit"):
        grading.five_tier_grades(customers([1.0, 2.0]))


def test_grade_migration():
    before = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"], "grade": list("ABCC")})
    after = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C5"], "grade": list("BBAC")})
    m = grading.grade_migration(before, after)
    assert m.index.tolist() == ["A", "B", "C", "new"]
    assert m.columns.tolist() == ["A", "B", "C", "lost"]
    assert m.loc["A", "B"] == 1 and m.loc["B", "B"] == 1 and m.loc["C", "A"] == 1
    assert m.loc["C", "lost"] == 1 and m.loc["new", "C"] == 1
    assert m.to_numpy().sum() == 5
    shares = grading.grade_migration(before, after, normalize=True)
    assert shares.loc["C"].tolist() == [0.5, 0.0, 0.0, 0.5]


def test_resource_allocation_table_from_customer_resources():
    g = grading.abc_grade_by_share(customers([70.0, 20.0, 6.0, 4.0], profit=[20.0, 5.0, 1.0, -1.0]))
    hours = pd.Series([10.0, 10.0, 40.0, 40.0], index=["C1", "C2", "C3", "C4"])
    r = grading.resource_allocation_table(g, hours)
    assert r["customers"].tolist() == [2, 1, 1]
    assert r["revenue_share"].tolist() == [0.9, 0.06, 0.04]
    assert r["profit"].tolist() == [25.0, 1.0, -1.0]
    assert r["profit_share"].tolist() == [1.0, 0.04, -0.04]
    assert r["resource_share"].tolist() == [0.2, 0.4, 0.4]
    assert r.loc["C", "resource_per_revenue"] == pytest.approx(10.0)
    with pytest.raises(DataError, match="not among"):
        grading.resource_allocation_table(g, {"X": 1.0})


def test_pyramid_table_keeps_empty_grades():
    g = grading.abc_grade_by_share(customers([90.0, 10.0], profit=[30.0, 10.0]))
    p = grading.pyramid_table(g)
    assert p.index.tolist() == ["A", "B", "C"]
    assert p["customers"].tolist() == [1, 1, 0]
    assert p["value_share"].tolist()[:2] == [0.75, 0.25]


def test_lorenz_and_gini():
    equal = customers([5.0] * 4)
    assert grading.gini_coefficient(equal) == 0.0
    assert grading.lorenz_curve(equal)["value_share"].tolist() == [0, 0.25, 0.5, 0.75, 1.0]
    one_has_all = customers([0.0, 0.0, 0.0, 100.0])
    assert grading.gini_coefficient(one_has_all) == 0.75  # 1 - 1/n
    assert grading.gini_coefficient(customers([1.0])) == 0.0
    with pytest.raises(DataError, match="negative"):
        grading.gini_coefficient(customers([1.0, -1.0]))
    with pytest.raises(DataError, match="cost column"):
        grading.lorenz_curve(customers([1.0, 2.0], profit=[1.0, np.nan]), column="profit")


def test_grading_does_not_modify_input():
    t = customers([3.0, 1.0, 2.0], profit=[1.0, 1.0, 1.0], frequency=[1, 2, 3])
    before = t.copy()
    grading.abc_grade_by_share(t)
    grading.five_tier_grades(t)
    pd.testing.assert_frame_equal(t, before)


# ---------------------------------------------------------------- fixed amounts from the data


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [(13_358, 10_000), (3_093, 3_000), (2_500, 3_000), (2_499.99, 2_000), (96, 100), (0.74, 0.7),
     (1, 1), (0, 0), (-3, 0), (float("nan"), 0)],
)  # fmt: skip
def test_round_to_one_figure(amount, rounded):
    assert grading.round_to_one_figure(amount) == pytest.approx(rounded)


def test_thresholds_from_cutoffs_hand_computed():
    # total 20,000: shares 0.62, 0.15, 0.10, 0.08, 0.05 -> before 0, .62, .77, .87, .95
    t = customers([12_400.0, 3_000.0, 2_000.0, 1_600.0, 1_000.0])
    # A: before < 0.8 -> the first three (smallest 2,000); B: before < 0.95 -> four (1,600)
    assert grading.thresholds_from_cutoffs(t) == (2_000.0, 2_000.0)
    assert grading.thresholds_from_cutoffs(t, cutoffs=(0.6, 0.9)) == (10_000.0, 2_000.0)
    # the derived amounts grade the customers like the Pareto cut-offs, up to the rounding
    by_amount = grading.abc_grade_by_threshold(t, thresholds=(10_000.0, 2_000.0))
    assert by_amount["grade"].astype(str).tolist() == ["A", "B", "B", "C", "C"]


# ---------------------------------------------------------------- tables read from grades


def test_grade_summary_hand_computed():
    g = grading.abc_grade_by_share(
        customers([70.0, 20.0, 6.0, 4.0], profit=[14.0, 5.0, 1.0, -2.0])
    )  # before 0, .7, .9, .96 -> A, A, B, C
    s = grading.grade_summary(g)
    assert s["customers"].tolist() == [2, 1, 1]
    assert s["customer_share"].tolist() == [0.5, 0.25, 0.25]
    assert s["revenue"].tolist() == [90.0, 6.0, 4.0]
    assert s["smallest"].tolist() == [20.0, 6.0, 4.0]
    assert s["profit"].tolist() == [19.0, 1.0, -2.0]
    assert s["profit_share"].tolist() == pytest.approx([19 / 18, 1 / 18, -2 / 18])
    assert s["margin"].tolist() == pytest.approx([19 / 90, 1 / 6, -0.5])
    assert s["customer_share"].sum() == 1.0 and s["revenue_share"].sum() == pytest.approx(1.0)
    without = grading.grade_summary(g.drop(columns="profit"))
    assert without["profit"].isna().all() and without["margin"].isna().all()


@pytest.mark.parametrize(
    ("count", "value", "shape"),
    [
        ([0.2, 0.3, 0.5], [0.8, 0.15, 0.05], (True, True)),  # the textbook's picture
        ([0.6, 0.25, 0.15], [0.8, 0.15, 0.05], (False, True)),  # most customers are A
        ([0.2, 0.3, 0.5], [0.3, 0.3, 0.4], (True, False)),  # value grows down the grades
        ([0.2, 0.5, 0.3], [0.8, 0.15, 0.05], (False, True)),  # a bulge in the middle
        ([1 / 3, 1 / 3, 1 / 3], [0.4, 0.4, 0.2], (False, True)),  # flat counts: no pyramid
        ([0.2, 0.3, 0.5], [0.5, 0.6, -0.1], (True, False)),  # B brings more than A
    ],
)
def test_pyramid_shape_branches(count, value, shape):
    p = pd.DataFrame({"customer_share": count, "value_share": value}, index=["A", "B", "C"])
    got = grading.pyramid_shape(p)
    assert (got["count_pyramid"], got["value_inverted"]) == shape


def test_pyramid_shape_of_one_grade_is_no_pyramid():
    p = pd.DataFrame({"customer_share": [1.0], "value_share": [1.0]}, index=["A"])
    assert not grading.pyramid_shape(p).any()


def test_resource_allocation_per_profit_and_adjusted_plan():
    g = grading.abc_grade_by_share(customers([70.0, 20.0, 6.0, 4.0], profit=[20.0, 5.0, 1.0, -1.0]))
    current = grading.resource_allocation_table(g, {"A": 0.25, "B": 0.35, "C": 0.40})
    # profit shares: A 25/25 = 1.0, B 1/25 = 0.04, C -1/25 = -0.04
    assert current["resource_per_profit"].tolist()[:2] == pytest.approx([0.25, 8.75])
    assert np.isnan(current.loc["C", "resource_per_profit"])
    plan = grading.adjusted_plan(current, base_service=0.2, value="profit")
    # C loses money: no value share; A and B share 1.04 -> 1/1.04 and 0.04/1.04
    want = [0.2 * 0.5 + 0.8 / 1.04, 0.2 * 0.25 + 0.8 * 0.04 / 1.04, 0.2 * 0.25]
    assert plan.tolist() == pytest.approx(want)
    assert plan.sum() == pytest.approx(1.0)
    by_revenue = grading.adjusted_plan(current, base_service=0.0, value="revenue")
    assert by_revenue.tolist() == pytest.approx(current["revenue_share"].tolist())
    with pytest.raises(DataError, match="value='revenue'"):
        grading.adjusted_plan(current.assign(profit_share=np.nan), value="profit")


def test_effort_gaps_in_line_and_plan_basis():
    a = pd.DataFrame(
        {
            "customers": [20, 30, 50],
            "customer_share": [0.2, 0.3, 0.5],
            "revenue_share": [0.7, 0.2, 0.1],
            "resource_share": [0.25, 0.35, 0.40],
        },
        index=["A", "B", "C"],
    )
    gaps = grading.effort_gaps(a)
    assert gaps["ratio"].tolist() == pytest.approx([0.25 / 0.7, 1.75, 4.0])
    assert gaps["gap"].tolist() == pytest.approx([2.8, 1.75, 4.0])
    assert not grading.effort_in_line(a)
    assert grading.plan_basis(a) == "head count"
    fair = a.assign(resource_share=[0.6, 0.25, 0.15])  # ratios 0.857, 1.25, 1.5
    assert not grading.effort_in_line(fair) and grading.plan_basis(fair) == "value"
    assert grading.effort_in_line(fair, tolerance=0.5)
    exact = a.assign(resource_share=[0.56, 0.25, 0.19], revenue_share=[0.7, 0.2, 0.1])
    assert grading.effort_gaps(exact)["gap"].round(6).tolist() == [1.25, 1.25, 1.9]
    at_edge = a.assign(resource_share=[0.56, 0.25, 0.19], revenue_share=[0.7, 0.2, 0.152])
    assert grading.effort_in_line(at_edge)  # 0.8, 1.25, 1.25: the tolerance is inclusive
    # a grade with resources and no value is infinitely far from it
    lossy = a.assign(revenue_share=[0.8, 0.2, 0.0])
    assert np.isinf(grading.effort_gaps(lossy).loc["C", "gap"])


def test_migration_summary_hand_computed():
    before = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4", "C5", "C6"],
            "value": [500.0, 400.0, 100.0, 50.0, 300.0, 10.0],
            "grade": pd.Categorical(list("AABCAC"), ["A", "B", "C"], ordered=True),
        }
    )
    after = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4", "C7", "C8"],
            "grade": pd.Categorical(list("ACABAC"), ["A", "B", "C"], ordered=True),
        }
    )
    s = grading.migration_summary(before, after)
    # C2 A->C and C3 B->A... C3 rose, C4 rose (C->B); C2 fell from A (bought 400)
    assert s["moved_up"] == 2 and s["fell"] == 1
    assert s["fell_from_top"] == 1 and s["fell_from_top_value"] == 400.0
    assert s["lost_top"] == 1  # C5 (C6 was a C)
    assert s["new_top"] == 1  # C7 (C8 came in as C)
    m = grading.grade_migration(before, after)
    below_diagonal = sum(m.loc[b, a] for b in "ABC" for a in "ABC" if a < b)
    assert s["moved_up"] == below_diagonal
    assert s["lost_top"] == m.loc["A", "lost"] and s["new_top"] == m.loc["new", "A"]


# ---------------------------------------------------------------- concentration


def test_customers_to_reach_the_mark():
    g = grading.abc_grade_by_share(customers([50.0, 30.0, 15.0, 5.0]))
    assert grading.customers_to_reach(g, mark=0.8) == 2 == (g["grade"] == "A").sum()
    assert grading.customers_to_reach(g, mark=0.8001) == 3
    assert grading.customers_to_reach(g, mark=1.0) == 4
    assert grading.customers_to_reach(g.iloc[:0], mark=0.8) == 0


def test_skewed_lorenz_curve_hand_computed():
    t = customers([90.0, 1.0, 6.0, 1.0, 2.0])  # total 100; sorted 1, 1, 2, 6, 90
    curve = grading.lorenz_curve(t)
    assert curve["customer_share"].tolist() == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert curve["value_share"].tolist() == pytest.approx([0, 0.01, 0.02, 0.04, 0.10, 1.0])
    # 1 - 0.2 x (0.01 + 0.03 + 0.06 + 0.14 + 1.10) = 1 - 0.268
    assert grading.gini_coefficient(t) == pytest.approx(0.732)
    assert grading.gini_from_curve(curve) == grading.gini_coefficient(t)
    assert grading.top_share_from_curve(curve, top=0.2) == (0.8, pytest.approx(0.9))
    assert grading.top_share_from_curve(curve, top=0.3)[1] == pytest.approx(0.96)  # ceil(1.5)


def test_top_share_by_group_agrees_with_the_lorenz_curve():
    rng = np.random.default_rng(4)
    t = customers(np.round(rng.lognormal(5, 1.2, 23), 2).tolist())
    overall = grading.top_share_by_group(t, top=0.2)
    assert overall.loc["all", "customers"] == 23 and overall.loc["all", "top_customers"] == 5
    curve_share = grading.top_share_from_curve(grading.lorenz_curve(t), top=0.2)[1]
    assert overall.loc["all", "top_share"] == pytest.approx(curve_share, abs=1e-12)
    ranked = t["monetary"].sort_values(ascending=False)
    assert curve_share == pytest.approx(ranked.head(5).sum() / ranked.sum())


def test_top_share_by_group_with_groups_ties_and_losses():
    t = customers(
        [10.0, 10.0, 10.0, 40.0, 5.0, -5.0, 20.0],
        region=["N", "N", "N", "N", "S", "S", None],
    )
    got = grading.top_share_by_group(t, by="region", top=0.5)
    assert got.index.tolist() == ["N", "S"]  # C7 has no region
    assert got["top_customers"].tolist() == [2, 1]
    assert got.loc["N", "top_share"] == pytest.approx(50 / 70)  # 40 + one of the tied 10s
    assert np.isnan(got.loc["S", "top_share"])  # S totals 0: no share to speak of
    by_series = grading.top_share_by_group(t, by=t.set_index("customer_id")["region"], top=0.5)
    assert by_series["top_share"].tolist()[:1] == got["top_share"].tolist()[:1]
    with pytest.raises(DataError, match="'segment' not found"):
        grading.top_share_by_group(t, by="segment")


def test_pareto_verdict_band_is_inclusive():
    assert grading.pareto_verdict(0.7) == "holds roughly"
    assert grading.pareto_verdict(0.6999) == "less concentrated"
    assert grading.pareto_verdict(0.9) == "holds roughly"
    assert grading.pareto_verdict(0.9001) == "more concentrated"
    assert grading.pareto_verdict(0.5, band=(0.4, 0.6)) == "holds roughly"
    assert grading.pareto_verdict(np.array([0.1, 0.8])).tolist() == [
        "less concentrated",
        "holds roughly",
    ]


def test_defaults_are_the_declared_parameters():
    from inspect import signature

    from helpers.params import PARAMETERS

    def default(function, name):
        return signature(function).parameters[name].default

    assert list(default(grading.abc_grade_by_share, "cutoffs")) == list(
        PARAMETERS["pareto_cutoffs"].default
    )
    assert default(grading.five_tier_grades, "blue") == PARAMETERS["blue_share"].default
    assert default(grading.five_tier_grades, "green") == PARAMETERS["green_share"].default
    assert default(grading.adjusted_plan, "base_service") == PARAMETERS["base_service"].default
    assert default(grading.top_share_by_group, "top") == PARAMETERS["pareto_top"].default


def test_error_messages_name_functions_that_exist():
    import re

    import helpers
    from helpers import deciles, profiling

    modules = {"grading": grading, "deciles": deciles, "profiling": profiling, "helpers": helpers}
    messages = []
    for call in (
        lambda: grading.regrade_by_potential(customers([1.0]), pd.Series(dtype=str)),
        lambda: grading.regrade_by_potential(
            grading.abc_grade_by_share(customers([1.0])), customers([1.0])
        ),
        lambda: grading.regrade_by_potential(
            grading.abc_grade_by_share(customers([1.0])), pd.Series(["high"], index=["C1"]),
            rules=pd.DataFrame({"grade": ["A"]}),
        ),
        lambda: grading.five_tier_grades(customers([1.0])),
        lambda: grading.pyramid_shape(pd.DataFrame({"x": [1]})),
        lambda: grading.customers_to_reach(pd.DataFrame({"x": [1]})),
        lambda: grading.adjusted_plan(pd.DataFrame({"x": [1]})),
        lambda: grading.gini_from_curve(pd.DataFrame({"x": [1]})),
        lambda: grading.resource_allocation_table(customers([1.0]), {"A": 1}),
    ):  # fmt: skip
        with pytest.raises(DataError) as caught:
            call()
        messages.append(str(caught.value))
    for message in messages:
        for module, name in re.findall(r"\b(grading|deciles|profiling)\.(\w+)", message):
            assert hasattr(modules[module], name), f"{module}.{name} in: {message}"
        assert "..." not in message, message


def test_regrade_rules_must_be_unambiguous():
    g = grading.abc_grade_by_share(customers([80.0, 20.0]))
    rules = pd.DataFrame(
        {"grade": ["A", "A"], "potential": ["low", "low"], "new_grade": ["B", "C"]}
    )
    with pytest.raises(DataError, match="appears twice"):
        grading.regrade_by_potential(g, pd.Series(["low", "low"], index=["C1", "C2"]), rules=rules)
