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
    assert tier["C1"] == "blue"  # top profit and revenue
    assert tier["C2"] == "green"  # 2nd by revenue (low profit) -> green
    assert tier["C3"] == "green" and tier["C4"] == "green"  # 2nd and 3rd by profit
    # median loyalty of the ten = 3: C5 (7) red, C6 (1) transfer, C10 (2) transfer
    assert (tier["C5"], tier["C6"], tier["C10"]) == ("red", "transfer", "transfer")
    assert tier["C7"] == "exit" and tier["C8"] == "exit"  # zero and negative profit
    assert pd.isna(tier["C9"])  # unknown profit
    assert f.index[0] == "C1"


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
