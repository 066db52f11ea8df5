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
    g = deciles.profitable_groups(t, retain_share=0.3, grow_share=0.6)
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
