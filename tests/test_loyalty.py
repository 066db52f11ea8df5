"""Satisfaction x loyalty matrix, behavioural classes and the type table."""

import numpy as np
import pandas as pd
import pytest

from helpers import loyalty
from helpers.schema import DataError


def survey(sat, loy, dates=None):
    t = pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(1, len(sat) + 1)],
            "satisfaction": sat,
            "loyalty": loy,
        }
    )
    if dates is not None:
        t["survey_date"] = pd.to_datetime(dates)
    return t


def test_matrix_types_at_the_cut_offs():
    s = survey(
        sat=[9, 8, 9, 6, 3, 7, 6, 4, 3],
        loy=[9, 9, 8, 7, 10, 6, 6, 1, 6],
    )
    t = loyalty.loyalty_matrix_types(s)
    assert t["loyalty_type"].astype(str).tolist() == [
        "apostle",  # both >= 9
        "loyalist",  # loyal, satisfaction 8 < 9
        "loyalist",  # satisfaction 9 but loyalty 8 < 9
        "hostage",  # loyal (7) but satisfaction only medium
        "hostage",  # very loyal, dissatisfied
        "mercenary",  # satisfied (7) but loyalty 6 < 7
        "defector",  # medium satisfaction, low loyalty
        "defector",  # satisfaction 4 is medium
        "terrorist",  # satisfaction 3 < 4, low loyalty
    ]
    assert t["satisfaction_level"].astype(str).tolist()[:3] == ["high", "high", "high"]
    assert t["loyalty_level"].astype(str).tolist()[-1] == "low"
    assert list(t["loyalty_type"].cat.categories) == list(loyalty.LOYALTY_TYPES)


def test_matrix_cut_offs_are_parameters():
    s = survey(sat=[6, 6], loy=[6, 4])
    t = loyalty.loyalty_matrix_types(s, satisfaction_cuts=(3, 6), loyalty_cut=5, apostle_min=6)
    assert t["loyalty_type"].astype(str).tolist() == ["apostle", "mercenary"]
    with pytest.raises(DataError, match="low_below, high_from"):
        loyalty.loyalty_matrix_types(s, satisfaction_cuts=(8, 3))


def test_latest_answer_counts():
    s = pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C2"],
            "survey_date": pd.to_datetime(["2025-01-01", "2024-01-01", "2025-01-01"]),
            "satisfaction": [2, 10, 8],
            "loyalty": [2, 10, 8],
        }
    )
    t = loyalty.loyalty_matrix_types(s.iloc[::-1])
    assert t.loc["C1", "loyalty_type"] == "terrorist"
    assert len(t) == 2
    with pytest.raises(DataError, match="more than once"):
        loyalty.loyalty_matrix_types(s.drop(columns="survey_date"))
    with pytest.raises(DataError, match="missing satisfaction"):
        loyalty.loyalty_matrix_types(survey([np.nan], [3]))


def test_behavioural_classes():
    c = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4", "C5"],
            "tenure_days": [400, 400, 400, 100, 100],
            "frequency": [5, 5, 2, 4, 1],
            "status": ["active", "active", "active", "active", "dormant"],
            "trend": [0.0, -0.1, 0.5, np.nan, 0.3],
        }
    )
    leads = pd.DataFrame(
        {
            "lead_id": ["L1", "L2", "L3", "L4"],
            "created_date": pd.to_datetime(
                ["2024-12-01", "2023-06-01", "2024-06-01", "2025-02-01"]
            ),
            "converted_customer_id": [None, None, "C5", None],
        }
    )
    b = loyalty.behavioural_loyalty_classes(c, leads, as_of="2025-01-01")
    assert b["loyalty_class"].astype(str).to_dict() == {
        "C1": "loyal_will_stay",  # long, active, trend 0 is not declining
        "C2": "loyal_may_switch",  # declining
        "C3": "occasional_may_buy_more",  # long tenure but only 2 orders
        "C4": "occasional_may_buy_more",  # new: no prior period
        "C5": "occasional_may_buy_less",  # dormant
        "L1": "non_user_may_convert",
        "L2": "non_user_unlikely",  # older than a year
    }  # L3 became a customer, L4 is after as_of
    assert b["party"].tolist() == ["customer"] * 5 + ["lead"] * 2
    only = loyalty.behavioural_loyalty_classes(c, as_of="2025-01-01", declining_below=-0.2)
    assert only.loc["C2", "loyalty_class"] == "loyal_will_stay"
    with pytest.raises(DataError, match="'status'"):
        loyalty.behavioural_loyalty_classes(c.drop(columns="status"), as_of="2025-01-01")


def test_loyalty_type_table():
    types = loyalty.loyalty_matrix_types(survey([10, 10, 2], [10, 9, 1]))
    summary = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4"],
            "monetary": [60.0, 30.0, 10.0, 100.0],
            "profit": [6.0, np.nan, -2.0, 50.0],
        }
    )
    t = loyalty.loyalty_type_table(types, summary)
    assert t.index.tolist() == list(loyalty.LOYALTY_TYPES)
    assert t.loc["apostle", ["customers", "revenue", "avg_revenue"]].tolist() == [2, 90.0, 45.0]
    assert t.loc["apostle", "revenue_share"] == 0.9  # of the surveyed customers' revenue
    assert t.loc["terrorist", "profit"] == -2.0
    assert t.loc["apostle", "profit"] == 6.0  # C2's profit is unknown
    assert t["customers"].sum() == 3
    assert t.loc["hostage", "customers"] == 0
    counts = loyalty.loyalty_type_table(types)
    assert counts.columns.tolist() == ["customers", "customer_share"]
