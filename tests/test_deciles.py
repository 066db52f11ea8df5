"""Customer deciles, value deciles, profitable groups."""

import numpy as np
import pandas as pd
import pytest

from helpers import deciles
from helpers.schema import DataError


def customers(values, profit=None, trend=None):
    t = pd.DataFrame(
        {"customer_id": [f"C{i:02d}" for i in range(1, len(values) + 1)], "monetary": values}
    )
    if profit is not None:
        t["profit"] = profit
    if trend is not None:
        t["trend"] = trend
    return t


def test_customer_decile_sizes_differ_by_at_most_one():
    t = customers([float(v) for v in range(23)])
    d = deciles.customer_deciles(t)
    assert d["customers"].tolist() == [3, 2, 2, 3, 2, 2, 3, 2, 2, 2]
    assert d["customers"].sum() == 23
    assert d["customers"].max() - d["customers"].min() <= 1
    assert d.index.tolist() == list(range(1, 11))
    # the top decile holds the three largest: 22 + 21 + 20 of 253
    assert d.loc[1, "revenue"] == 63.0
    assert d.loc[1, "revenue_share"] == pytest.approx(63 / 253)
    assert d["cumulative_revenue_share"].iloc[-1] == pytest.approx(1.0)
    assert d["profit"].isna().all()  # no profit column


def test_customer_deciles_hand_computed_with_profit():
    t = customers([50.0, 30.0, 15.0, 5.0], profit=[10.0, -2.0, 0.0, np.nan])  # C04 has no cost data
    d = deciles.customer_deciles(t, groups=2)
    assert d["customers"].tolist() == [2, 2]
    assert d["revenue_share"].tolist() == [0.8, 0.2]
    assert d["profit"].tolist() == [8.0, 0.0]
    assert d["profit_share"].tolist() == [1.0, 0.0]
    assert d["cumulative_profit_share"].tolist() == [1.0, 1.0]


def test_single_customer_and_all_equal():
    one = deciles.customer_deciles(customers([9.99]))
    assert one["customers"].tolist() == [1] + [0] * 9
    equal = deciles.assign_customer_deciles(customers([1.0] * 20))
    assert equal.tolist() == [d for d in range(1, 11) for _ in range(2)]  # ties by id


def test_value_deciles_show_empty_tenths():
    t = customers([35.0, 25.0, 20.0, 10.0, 5.0, 5.0])
    v = deciles.value_deciles(t)
    # starts: 0, .35, .60, .80, .90, .95 -> tenths 1, 4, 7, 9, 10, 10
    assert v["customers"].tolist() == [1, 0, 0, 1, 0, 0, 1, 0, 1, 2]
    assert v["revenue_share"].tolist() == [0.35, 0, 0, 0.25, 0, 0, 0.2, 0, 0.1, 0.1]
    assert v["cumulative_customer_share"].iloc[-1] == 1.0
    assert deciles.assign_value_deciles(t).tolist() == [1, 4, 7, 9, 10, 10]


def test_value_deciles_of_profit():
    t = customers([10.0, 20.0, 30.0, 40.0], profit=[5.0, -1.0, 4.0, 2.0])
    v = deciles.value_deciles(t, by="profit", groups=2)
    # profit 10 in total; C01 starts at 0 -> half 1; C03 at .5, C04 at .9, C02 (< 0) -> half 2
    assert v["customers"].tolist() == [1, 3]
    assert v["profit"].tolist() == [5.0, 5.0]
    assert v["revenue"].tolist() == [10.0, 90.0]
    with pytest.raises(DataError, match="need a 'profit' column"):
        deciles.value_deciles(customers([1.0]), by="profit")


def test_profitable_groups_and_relationship_split():
    t = customers(
        [40.0, 30.0, 15.0, 10.0, 5.0],
        profit=[8.0, 5.0, 2.0, 0.0, 3.0],
        trend=[0.1, np.nan, -0.3, -0.2, -0.1],
    )
    g = deciles.profitable_groups(t, retain_share=0.3, grow_share=0.6, declining_below=0.0)
    assert g["group"].astype(str).tolist() == [
        "retain",
        "grow_share_of_wallet",
        "losing_value",
        "transactional",  # zero profit
        "losing_value",
    ]
    assert g["cumulative_share_before"].tolist() == [0.0, 0.4, 0.7, 0.85, 0.95]
    split = deciles.transactional_vs_relationship(g)
    assert split["customers"].tolist() == [4, 1]
    assert split["revenue_share"].tolist() == [0.9, 0.1]
    assert split["profit_share"].tolist() == [1.0, 0.0]


def test_profitable_groups_need_profit_and_trend():
    with pytest.raises(DataError, match="need profit"):
        deciles.profitable_groups(customers([1.0], trend=[0.0]))
    with pytest.raises(DataError, match="'trend' not found"):
        deciles.profitable_groups(customers([1.0], profit=[1.0]))
    with pytest.raises(DataError, match="sales_only_groups"):
        deciles.profitable_groups(customers([1.0], profit=[np.nan], trend=[0.0]))
    with pytest.raises(DataError, match="retain_share <= grow_share"):
        deciles.profitable_groups(
            customers([1.0], profit=[1.0], trend=[0.0]), retain_share=0.6, grow_share=0.5
        )


@pytest.mark.parametrize("n", [1, 9, 10, 11, 21, 23, 99, 1702])
@pytest.mark.parametrize("groups", [3, 10])
def test_decile_sizes_differ_by_at_most_one(n, groups):
    rng = np.random.default_rng(n)
    t = customers(np.round(rng.lognormal(3, 1, n), 2).tolist())
    sizes = deciles.customer_deciles(t, groups=groups)["customers"]
    assert sizes.sum() == n
    filled = sizes[sizes > 0] if n < groups else sizes
    assert filled.max() - filled.min() <= 1
    assert sizes.is_monotonic_decreasing or n >= groups  # few customers: the top groups fill


def test_group_boundaries_are_exclusive():
    # before-shares 0, 0.10, 0.50, 0.60: exactly at 10% is no longer retain, exactly at
    # 50% no longer grow; a trend of exactly -0.30 is no fall below -0.30
    t = customers(
        [10.0, 40.0, 10.0, 40.0],
        profit=[1.0, 1.0, 1.0, 1.0],
        trend=[-0.30, 0.0, -0.31, 0.0],
    )
    g = deciles.profitable_groups(t)  # defaults: 0.10, 0.50, -0.30
    assert g.index.tolist() == ["C02", "C04", "C01", "C03"]
    assert g["cumulative_share_before"].tolist() == [0.0, 0.4, 0.8, 0.9]
    assert g["group"].astype(str).tolist() == [
        "retain",
        "grow_share_of_wallet",
        "transactional",  # trend exactly -0.30
        "losing_value",  # trend -0.31
    ]
    edge = customers([10.0, 90.0], profit=[1.0, 1.0], trend=[0.0, 0.0])
    got = deciles.profitable_groups(edge, retain_share=0.9, grow_share=0.9)
    assert got["group"].astype(str).tolist() == ["retain", "transactional"]  # starts at 0.9


def test_sales_only_groups_follow_the_same_rule_without_profit():
    t = customers(
        [40.0, 30.0, 15.0, 10.0, 5.0],
        profit=[8.0, -5.0, 2.0, 0.0, 3.0],
        trend=[0.1, np.nan, -0.5, -0.2, -0.4],
    )
    with_profit = deciles.profitable_groups(t, retain_share=0.3, grow_share=0.6)
    by_sales = deciles.sales_only_groups(t.drop(columns="profit"), retain_share=0.3, grow_share=0.6)
    assert by_sales["group"].astype(str).tolist() == [
        "retain",
        "grow_share_of_wallet",  # makes a loss: no group once profit is known
        "losing_value",
        "transactional",
        "losing_value",
    ]
    profitable = with_profit["profit"] > 0
    pd.testing.assert_series_equal(
        with_profit.loc[profitable, "group"], by_sales.loc[profitable, "group"]
    )
    assert by_sales["profit"].isna().all()
    assert list(by_sales.columns) == list(with_profit.columns)


def test_relationship_split_margin_and_profit_per_customer():
    t = customers(
        [60.0, 30.0, 6.0, 4.0],
        profit=[6.0, 3.0, 3.0, 1.0],
        trend=[0.0, 0.0, 0.0, 0.0],
    )
    g = deciles.profitable_groups(t, retain_share=0.5, grow_share=0.8)
    split = deciles.transactional_vs_relationship(g)
    assert split["customers"].tolist() == [2, 2]
    assert split["margin"].tolist() == pytest.approx([0.1, 0.4])  # 9/90 and 4/10
    assert split["profit_per_customer"].tolist() == [4.5, 2.0]
    assert split["profit_share"].sum() == pytest.approx(1.0)


def test_pareto_check_overall_profit_and_groups():
    n = 40
    values = [100.0] * 8 + [10.0] * 32  # top 20% = the 8 large ones: 800 of 1,120
    t = customers(values, profit=[10.0] * n)
    profile = pd.DataFrame(
        {
            "customer_id": t["customer_id"],
            "region": ["N"] * 35 + ["S"] * 5,  # S is too small to say anything
            "business_type": ["retail"] * n,
        }
    )
    check = deciles.pareto_check(t, profile, by=("region", "business_type", "industry"))
    assert check["measure"].tolist() == ["sales", "profit", "sales", "sales"]
    assert check["group"].tolist() == ["all", "all", "N", "retail"]
    # N: 35 customers (the 8 large and 27 small), top ceil(7) = 7 bring 700 of 1,070
    assert check["top_share"].tolist() == pytest.approx([800 / 1120, 0.2, 700 / 1070, 800 / 1120])
    assert check["verdict"].tolist() == [
        "holds roughly",
        "less concentrated",
        "less concentrated",
        "holds roughly",
    ]
    assert check.loc[0, "customers"] == n
    without = deciles.pareto_check(t.drop(columns="profit"))
    assert without["measure"].tolist() == ["sales"]


def test_declining_below_default_is_the_declared_parameter():
    from inspect import signature

    from helpers.params import PARAMETERS

    for function in (deciles.profitable_groups, deciles.sales_only_groups):
        got = signature(function).parameters
        assert got["declining_below"].default == PARAMETERS["declining_below"].default == -0.30
        assert got["retain_share"].default == PARAMETERS["retain_share"].default
        assert got["grow_share"].default == PARAMETERS["grow_share"].default


def test_deciles_do_not_modify_input():
    t = customers([3.0, 1.0, 2.0], profit=[1.0, -1.0, 1.0], trend=[0.0, -0.5, 0.1])
    before = t.copy()
    deciles.customer_deciles(t)
    deciles.value_deciles(t, by="profit")
    deciles.profitable_groups(t)
    deciles.pareto_check(t)
    pd.testing.assert_frame_equal(t, before)
