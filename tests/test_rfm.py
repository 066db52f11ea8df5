"""RFM scores and segments: ties, small data, replaceable rules."""

import pandas as pd
import pytest

from helpers import rfm
from helpers.schema import DataError


def table(recency, frequency, monetary, ids=None):
    ids = ids or [f"C{i}" for i in range(1, len(recency) + 1)]
    return pd.DataFrame(
        {
            "customer_id": ids,
            "recency_days": recency,
            "frequency": frequency,
            "monetary": monetary,
        }
    )


def test_scores_hand_computed_with_ties_broken_by_id():
    t = table([10, 10, 50, 5, 200], [1, 1, 1, 3, 2], [20.0, 20.0, 5.0, 90.0, 40.0])
    s = rfm.rfm_scores(t, k=5, ties="id")
    # recency best first: C4(5), C1(10), C2(10), C3(50), C5(200)
    assert s["r_score"].tolist() == [4, 3, 2, 5, 1]
    # frequency best first: C4(3), C5(2), C1, C2, C3 (all 1, by id)
    assert s["f_score"].tolist() == [3, 2, 1, 5, 4]
    # monetary best first: C4(90), C5(40), C1(20), C2(20), C3(5)
    assert s["m_score"].tolist() == [3, 2, 1, 5, 4]
    assert s["rfm_code"].tolist() == ["433", "322", "211", "555", "144"]
    assert s["rfm_sum"].tolist() == [10, 7, 4, 15, 9]


def test_shared_ties_get_the_lowest_score_and_are_the_default():
    t = table([10, 10, 50, 5, 200], [1, 1, 1, 3, 2], [20.0, 20.0, 5.0, 90.0, 40.0])
    s = rfm.rfm_scores(t, k=5, ties="shared")
    pd.testing.assert_frame_equal(s, rfm.rfm_scores(t, k=5))
    assert s["f_score"].tolist() == [1, 1, 1, 5, 4]
    assert s["r_score"].tolist() == [3, 3, 2, 5, 1]
    assert s["m_score"].tolist() == [2, 2, 1, 5, 4]


def test_all_equal_values_and_many_ties_never_fail():
    t = table([30] * 7, [1] * 7, [10.0] * 7)
    s = rfm.rfm_scores(t, k=5, ties="id")
    # 7 customers in 5 groups: sizes 2, 1, 2, 1, 1 (differ by at most one)
    assert s["m_score"].tolist() == [5, 5, 4, 3, 3, 2, 1]
    assert s["m_score"].value_counts().max() - s["m_score"].value_counts().min() <= 1
    shared = rfm.rfm_scores(t, k=5, ties="shared")
    assert set(shared["m_score"]) == {1}


def test_fewer_customers_than_groups():
    s = rfm.rfm_scores(table([1, 2, 3], [3, 2, 1], [3.0, 2.0, 1.0]), k=5)
    assert s["r_score"].tolist() == [5, 4, 2]
    one = rfm.rfm_scores(table([100], [1], [0.0]), k=5)
    assert one.loc["C1", "rfm_code"] == "555"


def test_money_compared_in_cents():
    # 0.1 + 0.2 != 0.3 in floats, but they are the same amount: the tie goes by id
    t = table([1, 1], [1, 1], [0.1 + 0.2, 0.3], ids=["C2", "C1"])
    s = rfm.rfm_scores(t, k=2, ties="id")
    assert s.loc["C1", "m_score"] == 2 and s.loc["C2", "m_score"] == 1
    shared = rfm.rfm_scores(t, k=2)
    assert shared["m_score"].tolist() == [1, 1]


def test_k_ten_codes_and_bad_k():
    t = table(list(range(12)), list(range(12)), [float(v) for v in range(12)])
    s = rfm.rfm_scores(t, k=10)
    assert s["rfm_code"].iloc[0] == "10-1-1"
    with pytest.raises(DataError, match="k must be"):
        rfm.rfm_scores(t, k=0)
    with pytest.raises(DataError, match="written for scores 1..5"):
        rfm.rfm_segments(s)


def test_missing_values_and_columns_are_errors():
    t = table([1, None], [1, 1], [1.0, 2.0])
    with pytest.raises(DataError, match="'recency_days' has missing values"):
        rfm.rfm_scores(t)
    with pytest.raises(DataError, match="'frequency' not found"):
        rfm.rfm_scores(t.fillna(1).drop(columns="frequency"))


def test_default_segments():
    scores = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8"],
            "r_score": [5, 3, 1, 2, 5, 4, 1, 3],
            "f_score": [5, 4, 5, 3, 1, 2, 1, 1],
            "m_score": [4, 1, 5, 2, 2, 1, 1, 5],
        }
    )
    seg = rfm.rfm_segments(scores)
    assert seg["segment"].tolist() == [
        "champions",
        "loyal_customers",
        "cannot_lose_them",
        "at_risk",
        "new_customers",
        "promising",
        "hibernating",
        "need_attention",
    ]
    assert list(seg["segment"].cat.categories) == rfm.DEFAULT_SEGMENT_RULES["segment"].tolist()


def test_one_time_buyers_share_one_f_score_and_scores_may_stay_empty():
    # 6 one-order customers of 10: all share F = 1; the 4 others fill F = 5, 4 (2 each)
    ids = [f"C{i:02d}" for i in range(10)]
    t = table([5] * 10, [1] * 6 + [2, 2, 7, 9], [1.0] * 10, ids=ids)
    s = rfm.rfm_scores(t, k=5)
    assert s["f_score"].tolist() == [1] * 6 + [4, 4, 5, 5]
    counts = rfm.score_counts(s)
    assert counts["f_score"].tolist() == [6, 0, 0, 2, 2]
    assert counts["r_score"].tolist() == [10, 0, 0, 0, 0]  # everyone equally recent
    by_id = rfm.score_counts(rfm.rfm_scores(t, k=5, ties="id"))
    assert by_id["f_score"].tolist() == [2, 2, 2, 2, 2]


def test_bad_ties_option_names_both_choices():
    with pytest.raises(DataError, match="ties must be 'shared'.*or 'id'"):
        rfm.rfm_scores(table([1], [1], [1.0]), ties="first")


def test_rfm_grid_means_and_counts_every_cell():
    t = table([1, 2, 3, 4], [4, 3, 2, 1], [10.0, 20.0, 30.0, 50.0])
    grid = rfm.rfm_grid(rfm.rfm_scores(t, k=2))
    # r: C1, C2 -> 2; C3, C4 -> 1. f: C1, C2 -> 2; C3, C4 -> 1
    assert grid.to_dict("list") == {
        "r_score": [1, 1, 2, 2],
        "f_score": [1, 2, 1, 2],
        "customers": [2, 0, 0, 2],
        "mean_value": [
            40.0,
            pytest.approx(float("nan"), nan_ok=True),
            pytest.approx(float("nan"), nan_ok=True),
            15.0,
        ],
    }
    bad = pd.DataFrame({"r_score": [3], "f_score": [1], "monetary": [1.0]})
    bad.attrs["rfm_k"] = 2
    with pytest.raises(DataError, match="whole numbers from 1 to 2"):
        rfm.rfm_grid(bad)


#: the default segment of every (r, f) score pair, for m = 1..5, written out by hand from
#: the rules: champions (C) r4-5 f4-5 m4-5; loyal (L) r3-5 f3-5; cannot lose (X) r1-2
#: f4-5 m4-5; at risk (A) r1-2 f3-5; new (N) r5 f1; promising (P) r4-5 f1-3; hibernating
#: (H) r1-2 f1-2; need attention (T) the rest
SEGMENT_BY_HAND = {
    (1, 1): "HHHHH", (1, 2): "HHHHH", (1, 3): "AAAAA", (1, 4): "AAAXX", (1, 5): "AAAXX",
    (2, 1): "HHHHH", (2, 2): "HHHHH", (2, 3): "AAAAA", (2, 4): "AAAXX", (2, 5): "AAAXX",
    (3, 1): "TTTTT", (3, 2): "TTTTT", (3, 3): "LLLLL", (3, 4): "LLLLL", (3, 5): "LLLLL",
    (4, 1): "PPPPP", (4, 2): "PPPPP", (4, 3): "LLLLL", (4, 4): "LLLCC", (4, 5): "LLLCC",
    (5, 1): "NNNNN", (5, 2): "PPPPP", (5, 3): "LLLLL", (5, 4): "LLLCC", (5, 5): "LLLCC",
}  # fmt: skip
LETTERS = {
    "C": "champions", "L": "loyal_customers", "X": "cannot_lose_them", "A": "at_risk",
    "N": "new_customers", "P": "promising", "H": "hibernating", "T": "need_attention",
}  # fmt: skip


def test_the_segment_of_each_of_the_125_score_combinations():
    rows = [(r, f, m) for (r, f), letters in SEGMENT_BY_HAND.items() for m in range(1, 6)]
    scores = pd.DataFrame(rows, columns=["r_score", "f_score", "m_score"])
    scores.insert(0, "customer_id", [f"C{i:03d}" for i in range(125)])
    seg = rfm.rfm_segments(scores)
    expected = [LETTERS[SEGMENT_BY_HAND[(r, f)][m - 1]] for r, f, m in rows]
    assert seg["segment"].astype(str).tolist() == expected


def test_every_score_combination_gets_one_default_segment():
    grid = pd.MultiIndex.from_product([range(1, 6)] * 3, names=["r", "f", "m"]).to_frame()
    scores = pd.DataFrame(
        {
            "customer_id": [f"C{i:03d}" for i in range(125)],
            "r_score": grid["r"].to_numpy(),
            "f_score": grid["f"].to_numpy(),
            "m_score": grid["m"].to_numpy(),
        }
    )
    seg = rfm.rfm_segments(scores)
    assert seg["segment"].notna().all() and len(seg) == 125


def test_custom_rules_replace_the_default_and_must_cover_everything():
    scores = pd.DataFrame(
        {"customer_id": ["C1", "C2"], "r_score": [3, 1], "f_score": [3, 1], "m_score": [3, 1]}
    )
    rules = pd.DataFrame(
        {
            "segment": ["good", "rest"],
            "r_min": [2, 1],
            "r_max": [3, 3],
            "f_min": [1, 1],
            "f_max": [3, 3],
            "m_min": [1, 1],
            "m_max": [3, 3],
        }
    )
    assert rfm.rfm_segments(scores, rules=rules)["segment"].tolist() == ["good", "rest"]
    with pytest.raises(DataError, match="uncovered"):
        rfm.rfm_segments(scores, rules=rules.head(1))


def test_segment_summary():
    t = table([1, 2, 300, 400], [9, 8, 1, 1], [60.0, 30.0, 6.0, 4.0])
    s = rfm.segment_summary(rfm.rfm_segments(rfm.rfm_scores(t, ties="id")))
    assert s["customers"].sum() == 4
    assert s["revenue_share"].sum() == pytest.approx(1.0)
    # scores 555, 444, 333, 222: champions, champions, loyal_customers, hibernating
    assert s.loc["champions", "customers"] == 2
    assert s.loc["champions", "revenue"] == 90.0
    assert s.loc["loyal_customers", "customers"] == 1
    assert s.loc["hibernating", "revenue_share"] == 0.04
    assert s.loc["at_risk", "customers"] == 0
    # shared ties: the two one-order customers both get F = 2 (scores 553, 432...)
    shared = rfm.rfm_segments(rfm.rfm_scores(t))
    assert shared["f_score"].tolist() == [5, 4, 2, 2]
    assert shared["segment"].tolist() == ["champions", "champions", "need_attention", "hibernating"]
