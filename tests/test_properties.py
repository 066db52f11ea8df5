"""Property tests (hypothesis): shares, grades, decile sizes, monotone shares, row order."""

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import deciles, grading, profiling, rfm

AS_OF = pd.Timestamp("2025-01-01")
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def order_lines(draw, min_customers=1):
    n = draw(st.integers(min_value=1, max_value=40))
    customer = draw(st.lists(st.integers(0, 12), min_size=n, max_size=n))
    if len(set(customer)) < min_customers:
        customer = list(range(min_customers)) + customer
        n = len(customer)
    order = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    day = draw(st.lists(st.integers(0, 900), min_size=n, max_size=n))
    cents = draw(st.lists(st.integers(0, 500_000), min_size=n, max_size=n))
    cost_cents = draw(st.lists(st.integers(0, 600_000), min_size=n, max_size=n))
    return pd.DataFrame(
        {
            "customer_id": [f"C{c:03d}" for c in customer],
            # an order belongs to one customer: its id includes the customer's
            "order_id": [f"O{c:03d}-{o}" for c, o in zip(customer, order, strict=True)],
            "order_date": AS_OF - pd.to_timedelta(np.array(day) + 1, unit="D"),
            "product_id": ["P1"] * n,
            "quantity": [1] * n,
            "revenue": np.array(cents) / 100,
            "cost": np.array(cost_cents) / 100,
        }
    )


def summary_of(lines):
    return profiling.customer_summary(lines, as_of=AS_OF)


@SETTINGS
@given(order_lines(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_row_order(lines, random):
    shuffled = lines.sample(frac=1.0, random_state=random.randint(0, 2**31)).reset_index(drop=True)
    a, b = summary_of(lines), summary_of(shuffled)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(rfm.rfm_scores(a), rfm.rfm_scores(b))
    if a["monetary"].sum() > 0:  # shares need a positive total
        pd.testing.assert_frame_equal(grading.abc_grade_by_share(a), grading.abc_grade_by_share(b))
        pd.testing.assert_frame_equal(deciles.value_deciles(a), deciles.value_deciles(b))
    # and a customer table given in another order gives the same answers
    pd.testing.assert_frame_equal(
        deciles.customer_deciles(a), deciles.customer_deciles(a.iloc[::-1])
    )


@SETTINGS
@given(order_lines())
def test_money_is_exact_to_the_cent(lines):
    s = summary_of(lines)
    cents = (lines["revenue"] * 100).round().astype(np.int64)
    expected = cents.groupby(lines["customer_id"]).sum() / 100
    assert (s["monetary"] == expected.reindex(s.index)).all()
    assert s["frequency"].sum() == lines[["customer_id", "order_id"]].drop_duplicates().shape[0]


@SETTINGS
@given(order_lines())
def test_shares_sum_to_one_and_cumulative_shares_rise(lines):
    s = summary_of(lines)
    if s["monetary"].sum() == 0:
        return
    ranked = profiling.rank_customers(s)
    assert np.isclose(ranked["share"].sum(), 1.0)
    assert ranked["cumulative_share"].is_monotonic_increasing
    assert np.isclose(ranked["cumulative_share"].iloc[-1], 1.0)
    for table in (deciles.customer_deciles(s), deciles.value_deciles(s)):
        assert np.isclose(table["revenue_share"].sum(), 1.0)
        assert np.isclose(table["customer_share"].sum(), 1.0)
        assert table["cumulative_revenue_share"].is_monotonic_increasing
        assert table["cumulative_customer_share"].is_monotonic_increasing
        assert np.isclose(table["profit_share"].sum(), 1.0) or s["profit"].sum() == 0
    curve = grading.lorenz_curve(s)
    assert curve["value_share"].is_monotonic_increasing
    assert 0.0 <= grading.gini_coefficient(s) <= 1.0 - 1.0 / len(s) + 1e-12


@SETTINGS
@given(order_lines(), st.integers(min_value=1, max_value=12))
def test_decile_and_score_sizes_differ_by_at_most_one(lines, groups):
    s = summary_of(lines)
    sizes = deciles.customer_deciles(s, groups=groups)["customers"]
    assert sizes.sum() == len(s)
    assert sizes.max() - sizes.min() <= 1
    scores = rfm.rfm_scores(s, k=groups, ties="id")
    for column in ("r_score", "f_score", "m_score"):
        counts = np.bincount(scores[column], minlength=groups + 1)[1:]
        assert counts.max() - counts.min() <= 1
        assert scores[column].between(1, groups).all()


@SETTINGS
@given(order_lines())
def test_every_customer_gets_exactly_one_grade(lines):
    s = summary_of(lines)
    graded = [grading.grade_by_rank(s), grading.abc_grade_by_threshold(s, thresholds=(1000, 100))]
    if s["monetary"].sum() > 0:
        graded.append(grading.abc_grade_by_share(s))
        graded.append(deciles.profitable_groups(s).rename(columns={"group": "grade"}))
    graded.append(grading.five_tier_grades(s).rename(columns={"tier": "grade"}))
    graded.append(rfm.rfm_segments(rfm.rfm_scores(s)).rename(columns={"segment": "grade"}))
    for g in graded:
        assert len(g) == len(s)
        assert g.index.is_unique and set(g.index) == set(s.index)
        assert g["grade"].notna().all()
    value = deciles.assign_value_deciles(s) if s["monetary"].sum() > 0 else None
    if value is not None:
        assert value.between(1, 10).all() and len(value) == len(s)
