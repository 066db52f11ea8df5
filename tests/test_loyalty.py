"""Satisfaction x loyalty matrix, behavioural classes, the continuum and the complaints."""

import itertools

import numpy as np
import pandas as pd
import pytest

from helpers import loyalty, params
from helpers.schema import DataError
from helpers.tables import CourseTables


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


# ---------------------------------------------------------------- the matrix


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


def plain_rule(sat, loy, cuts=(4, 7), loyalty_cut=7, apostle_min=9):
    """The rule as the lesson writes it in words, with np.select."""
    low_below, high_from = cuts
    high = loy >= loyalty_cut
    return np.select(
        [
            high & (sat >= high_from) & (sat >= apostle_min) & (loy >= apostle_min),
            high & (sat >= high_from),
            high,
            sat >= high_from,
            sat >= low_below,
        ],
        ["apostle", "loyalist", "hostage", "mercenary", "defector"],
        default="terrorist",
    )


@pytest.mark.parametrize(
    "cuts",
    [
        {"satisfaction_cuts": (4, 7), "loyalty_cut": 7, "apostle_min": 9},
        {"satisfaction_cuts": (3, 6), "loyalty_cut": 5, "apostle_min": 6},
        {"satisfaction_cuts": (5, 5), "loyalty_cut": 8, "apostle_min": 4},
        {"satisfaction_cuts": (2, 9), "loyalty_cut": 3, "apostle_min": 11},
    ],
)
def test_every_pair_of_answers_gets_exactly_the_type_of_the_rule(cuts):
    pairs = np.array(list(itertools.product(range(1, 11), range(1, 11))))
    s = survey(pairs[:, 0], pairs[:, 1])
    got = loyalty.loyalty_matrix_types(s, **cuts)["loyalty_type"].astype(str)
    s = s.set_index("customer_id").loc[got.index]
    expected = plain_rule(
        s["satisfaction"].to_numpy(),
        s["loyalty"].to_numpy(),
        cuts["satisfaction_cuts"],
        cuts["loyalty_cut"],
        cuts["apostle_min"],
    )
    assert got.tolist() == expected.tolist()
    # each answer lies in exactly one region, or in the loyalists' region and the
    # apostles' corner inside it
    regions = loyalty.matrix_regions(**cuts)
    sat, loy = s["satisfaction"].to_numpy()[:, None], s["loyalty"].to_numpy()[:, None]
    inside = (
        (sat >= regions["satisfaction_from"].to_numpy())
        & (sat < regions["satisfaction_to"].to_numpy())
        & (loy >= regions["loyalty_from"].to_numpy())
        & (loy < regions["loyalty_to"].to_numpy())
    )
    hits = inside.sum(axis=1)
    apostle = got.to_numpy() == "apostle"
    assert (hits[~apostle] == 1).all() and (hits[apostle] == 2).all()


def test_matrix_cut_offs_are_parameters():
    s = survey(sat=[6, 6], loy=[6, 4])
    t = loyalty.loyalty_matrix_types(s, satisfaction_cuts=(3, 6), loyalty_cut=5, apostle_min=6)
    assert t["loyalty_type"].astype(str).tolist() == ["apostle", "mercenary"]
    with pytest.raises(DataError, match="low_below, high_from"):
        loyalty.loyalty_matrix_types(s, satisfaction_cuts=(8, 3))
    with pytest.raises(DataError, match="two numbers"):
        loyalty.matrix_regions(satisfaction_cuts=(8,))


def test_latest_answer_counts_and_an_undated_survey_is_one_wave():
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
    one_wave = loyalty.loyalty_matrix_types(s.drop(columns="survey_date").iloc[1:])
    assert one_wave["loyalty_type"].astype(str).to_dict() == {"C1": "apostle", "C2": "loyalist"}
    with pytest.raises(DataError, match="2 rows belong to customers who answered more than once"):
        loyalty.loyalty_matrix_types(s.drop(columns="survey_date"))
    with pytest.raises(DataError, match="1 answers lack satisfaction or loyalty"):
        loyalty.loyalty_matrix_types(survey([np.nan], [3]))


def test_survey_coverage_counts_respondents_found_among_buyers():
    types = loyalty.loyalty_matrix_types(survey([8, 8, 8, 8], [8, 8, 8, 8]))
    buyers = pd.DataFrame({"monetary": [1.0]}, index=pd.Index(["C2"], name="customer_id"))
    got = loyalty.survey_coverage(types, buyers)
    assert (got["respondents"], got["buyers"], got["share"]) == (4, 1, 0.25)
    empty = loyalty.survey_coverage(types.iloc[:0], buyers)
    assert empty["respondents"] == 0 and np.isnan(empty["share"])


def test_cutoff_sensitivity_counts_every_answer_once_per_cut_off():
    s = survey([2, 5, 6, 7, 9, 10], [6, 6, 7, 7, 9, 5])
    table = loyalty.cutoff_sensitivity(s)
    assert (table.sum(axis=1) == len(s)).all()
    assert table.index.get_level_values("cut").unique().tolist() == ["loyalty_cut", "high_from"]
    assert table.loc[("loyalty_cut", 7)].tolist() == [1, 1, 1, 1, 1, 1]
    # moving the loyalty cut to 6 lifts the two answers of 6: terrorist -> hostage and
    # defector -> hostage
    assert table.loc[("loyalty_cut", 6), ["hostage", "terrorist", "defector"]].tolist() == [3, 0, 0]
    assert table.loc["high_from"].index.tolist() == [5, 6, 7, 8, 9]
    spread = loyalty.type_count_spread(table)
    assert spread.index[0] == "hostage"
    assert spread.loc["hostage"].tolist() == [0, 3, 3, 2]  # cut 5-6: 3, cut 7: 1, cut 8-9: 0
    assert loyalty.type_count_spread(table.iloc[:0]).empty


# ---------------------------------------------------------------- behaviour


def summary(**columns):
    n = len(next(iter(columns.values())))
    base = {
        "customer_id": [f"C{i}" for i in range(1, n + 1)],
        "tenure_days": [400] * n,
        "frequency": [5] * n,
        "status": ["active"] * n,
        "trend": [0.0] * n,
        "monetary": [100.0] * n,
    }
    base.update(columns)
    return pd.DataFrame(base)


def test_behavioural_classes():
    c = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4", "C5"],
            "tenure_days": [400, 400, 400, 100, 100],
            "frequency": [5, 5, 2, 4, 1],
            "status": ["active", "active", "active", "active", "dormant"],
            "trend": [0.0, -0.5, 0.5, np.nan, 0.3],
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
        "C2": "loyal_may_switch",  # revenue fell by half
        "C3": "occasional_may_buy_more",  # long tenure but only 2 orders
        "C4": "occasional_may_buy_more",  # new: no prior period
        "C5": "occasional_may_buy_less",  # dormant
        "L1": "non_user_may_convert",
        "L2": "non_user_unlikely",  # older than a year
    }  # L3 became a customer, L4 is after as_of
    assert b["party"].tolist() == ["customer"] * 5 + ["lead"] * 2
    only = loyalty.behavioural_loyalty_classes(c, as_of="2025-01-01", declining_below=-0.6)
    assert only.loc["C2", "loyalty_class"] == "loyal_will_stay"
    with pytest.raises(DataError, match="'status'"):
        loyalty.behavioural_loyalty_classes(c.drop(columns="status"), as_of="2025-01-01")
    with pytest.raises(DataError, match="created_date.*pass leads=None"):
        loyalty.behavioural_loyalty_classes(
            c, leads.drop(columns="created_date"), as_of="2025-01-01"
        )


def test_declining_below_has_the_declared_default_and_meaning():
    assert loyalty.DECLINING_BELOW == params.PARAMETERS["declining_below"].default == -0.30
    c = summary(trend=[-0.30, -0.3000001, -0.29, np.nan])
    got = loyalty.behavioural_loyalty_classes(c, as_of="2025-01-01")["loyalty_class"]
    # a fall of exactly 30% is not below -0.30; a missing trend is not a fall
    assert got.astype(str).tolist() == [
        "loyal_will_stay",
        "loyal_may_switch",
        "loyal_will_stay",
        "loyal_will_stay",
    ]


def test_long_term_starts_exactly_at_min_orders_and_long_term_days():
    c = summary(tenure_days=[365, 364, 365, 365], frequency=[3, 3, 2, 3],
                status=["active", "active", "active", "dormant"])  # fmt: skip
    got = loyalty.behavioural_loyalty_classes(
        c, as_of="2025-01-01", long_term_days=365, min_orders=3
    )["loyalty_class"].astype(str)
    assert got.tolist() == [
        "loyal_will_stay",  # exactly 365 days and exactly 3 orders: long-term
        "occasional_may_buy_more",  # one day short
        "occasional_may_buy_more",  # one order short
        "loyal_may_switch",  # long-term but dormant
    ]


def test_lead_window_boundaries():
    as_of = pd.Timestamp("2025-01-01")
    leads = pd.DataFrame(
        {
            "lead_id": ["L1", "L2", "L3", "L4"],
            "created_date": [
                as_of - pd.Timedelta(days=365),  # exactly at the window's start: recent
                as_of - pd.Timedelta(days=366),  # one day older: unlikely
                as_of - pd.Timedelta(days=1),
                as_of,  # created on the as-of date: not known yet
            ],
        }
    )
    got = loyalty.behavioural_loyalty_classes(summary(frequency=[5]), leads, as_of=as_of)
    assert got.loc[got["party"] == "lead", "loyalty_class"].astype(str).to_dict() == {
        "L1": "non_user_may_convert",
        "L2": "non_user_unlikely",
        "L3": "non_user_may_convert",
    }


def test_behavioural_class_table_keeps_customers_and_leads_apart():
    c = summary(
        tenure_days=[400, 400, 400, 10],
        frequency=[5, 5, 5, 1],
        status=["active", "active", "dormant", "active"],
        monetary=[50.0, 30.0, 15.0, 5.0],
        profit=[10.0, 5.0, -3.0, 1.0],
    )
    leads = pd.DataFrame(
        {
            "lead_id": ["L1", "L2", "L3"],
            "created_date": pd.to_datetime(["2024-12-01"] * 2 + ["2020-01-01"]),
        }
    )
    classes = loyalty.behavioural_loyalty_classes(c, leads, as_of="2025-01-01")
    table = loyalty.behavioural_class_table(classes, c)
    assert table.index.tolist() == list(loyalty.BEHAVIOURAL_CLASSES)
    assert table["count"].tolist() == [2, 1, 1, 0, 2, 1]
    # each party's shares add up to 100% of that party, never of customers plus leads
    assert table.groupby("party")["share"].sum().to_dict() == pytest.approx(
        {"customer": 1.0, "lead": 1.0}
    )
    assert table.loc["loyal_will_stay", "share"] == 0.5  # 2 of 4 customers, not 2 of 7
    assert table.loc["non_user_may_convert", "share"] == pytest.approx(2 / 3)
    assert table.loc["loyal_will_stay", "revenue_share"] == 0.8
    assert table.loc["loyal_may_switch", "profit"] == -3.0
    assert table.loc["loyal_will_stay", "profit_share"] == pytest.approx(15 / 13)
    assert (
        table.loc[list(loyalty.NON_USER_CLASSES), ["revenue", "revenue_share"]].isna().all().all()
    )


def test_known_before_says_what_each_optional_table_lacks():
    orders = pd.DataFrame(
        {
            "customer_id": ["C1"],
            "order_id": ["O1"],
            "order_date": pd.to_datetime(["2025-03-01"]),
            "product_id": ["P1"],
            "quantity": [1],
            "revenue": [9.5],
        }
    )
    complaints = pd.DataFrame(
        {
            "customer_id": ["C1", "C1"],
            "complaint_date": pd.to_datetime(["2025-03-02", "2025-05-01"]),
        }
    )
    leads = pd.DataFrame({"lead_id": ["L1"]})
    survey_answers = survey([8, 3], [9, 2], dates=["2025-03-01", "2025-04-01"])
    tables = CourseTables("x", orders, complaints=complaints, survey=survey_answers, leads=leads)
    got = loyalty.known_before(tables, "2025-04-01")
    assert len(got.complaints) == 1 and len(got.survey) == 1  # the rest is dated later
    assert got.survey_dated and got.leads is None
    assert got.missing == {"complaints": ("reason", "resolved"), "leads": ("created_date",)}
    assert got.rows == {"survey": 1, "complaints": 1, "leads": 1}
    later = loyalty.known_before(tables, "2025-03-01")
    assert later.survey is None and later.complaints is None and later.rows["survey"] == 0
    nothing = loyalty.known_before(CourseTables("y", orders), "2025-04-01")
    assert (nothing.survey, nothing.complaints, nothing.leads, nothing.missing) == (
        None, None, None, {}
    )  # fmt: skip


def test_loyalty_type_table():
    types = loyalty.loyalty_matrix_types(survey([10, 10, 2], [10, 9, 1]))
    s = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4"],
            "monetary": [60.0, 30.0, 10.0, 100.0],
            "profit": [6.0, np.nan, -2.0, 50.0],
        }
    )
    t = loyalty.loyalty_type_table(types, s)
    assert t.index.tolist() == list(loyalty.LOYALTY_TYPES)
    assert t.loc["apostle", ["customers", "revenue", "avg_revenue"]].tolist() == [2, 90.0, 45.0]
    assert t.loc["apostle", "revenue_share"] == 0.9  # of the surveyed customers' revenue
    assert t.loc["terrorist", "profit"] == -2.0
    assert t.loc["apostle", "profit"] == 6.0  # C2's profit is unknown
    assert t["customers"].sum() == 3
    assert t.loc["hostage", "customers"] == 0
    counts = loyalty.loyalty_type_table(types)
    assert counts.columns.tolist() == ["customers", "customer_share"]
    with pytest.raises(DataError, match="column 'grade' not found.*loyalty_matrix_types"):
        loyalty.loyalty_type_table(types, by="grade")


# ---------------------------------------------------------------- the continuum


def test_relationship_stages_at_close_min_orders():
    c = summary(
        tenure_days=[400, 400, 400, 400, 364],
        frequency=[12, 11, 12, 2, 20],
        status=["active", "active", "dormant", "active", "active"],
    )
    got = loyalty.relationship_stages(c, close_min_orders=12)
    assert got.astype(str).tolist() == [
        "close_relationship",  # exactly 12 orders
        "pure_transaction",  # one order short
        "distant",  # dormant
        "distant",  # occasional: 2 orders < min_orders
        "distant",  # one day short of long-term
    ]
    assert list(got.cat.categories) == list(loyalty.RELATIONSHIP_STAGES)


def continuum(n, mean, sd):
    return pd.DataFrame(
        {"respondents": n, "mean_loyalty": mean, "sd_loyalty": sd},
        index=pd.Index(list(loyalty.RELATIONSHIP_STAGES), name="relationship"),
    )


def test_closeness_steps_need_a_rise_worth_the_name_and_above_the_noise():
    # 3.59, 3.61, 3.64: no rise worth the name
    flat = loyalty.closeness_steps(continuum([100] * 3, [3.59, 3.61, 3.64], [2.0] * 3))
    assert not flat["rises"].any() and flat["known"].all()
    # a clear rise at every step: noise = 2 * sqrt(4/100 + 4/100) = 0.566
    rising = loyalty.closeness_steps(continuum([100] * 3, [4.0, 5.0, 6.0], [2.0] * 3))
    assert rising["rises"].tolist() == [True, True, True]
    assert rising["noise"].iloc[0] == pytest.approx(2 * np.sqrt(0.08))
    # a 0.6 step is more than min_rise but not more than the noise, 2 * sqrt(2 * 4 / 50) = 0.8
    noisy = loyalty.closeness_steps(continuum([50] * 3, [4.0, 4.6, 5.2], [2.0] * 3))
    assert noisy["rises"].tolist() == [False, False, True]
    # exactly min_rise is not more than min_rise
    exact = loyalty.closeness_steps(
        continuum([10_000] * 3, [4.0, 4.5, 5.0], [1.0] * 3), min_rise=0.5
    )
    assert exact["rises"].tolist() == [False, False, True]
    # a stage with one respondent cannot be compared
    thin = loyalty.closeness_steps(continuum([100, 1, 100], [4.0, 9.0, 6.0], [2.0, np.nan, 2.0]))
    assert thin["known"].tolist() == [False, False, True]
    assert thin["rises"].tolist() == [False, False, True]
    assert np.isnan(thin["difference"].iloc[0])


def test_continuum_table_on_customers_with_and_without_answers():
    c = summary(
        tenure_days=[400, 400, 10, 400],
        frequency=[20, 5, 1, 20],
        monetary=[60.0, 25.0, 5.0, 10.0],
    )
    stages = loyalty.relationship_stages(c)
    types = loyalty.loyalty_matrix_types(survey([8, 6, 2], [9, 6, 3]))  # C1..C3 answered
    table = loyalty.continuum_table(stages, c, types)
    assert table["customers"].tolist() == [1, 1, 2]
    assert table["revenue_share"].tolist() == [0.05, 0.25, 0.7]
    assert table["respondents"].tolist() == [1, 1, 1]
    assert table["mean_loyalty"].tolist() == [3.0, 6.0, 9.0]
    assert table.loc["close_relationship", "revenue"] == 70.0
    without = loyalty.continuum_table(stages, c)
    assert "mean_loyalty" not in without.columns


# ---------------------------------------------------------------- complaints


def test_complaints_by_type_reason_and_flow():
    types = loyalty.loyalty_matrix_types(survey([2, 10, 5], [2, 10, 2]))
    complaints = pd.DataFrame(
        {
            "complaint_id": ["K1", "K2", "K3", "K4"],
            "customer_id": ["C1", "C1", "C3", "C9"],
            "reason": ["late", "price", "late", "late"],
            "resolved": [False, True, True, False],
        }
    )
    by_type = loyalty.complaints_by_type(types, complaints)
    assert by_type.loc["terrorist", ["customers", "complaints_per_customer"]].tolist() == [1, 2.0]
    assert by_type.loc["terrorist", "unresolved_per_customer"] == 1.0
    assert by_type.loc["apostle", "complaints_per_customer"] == 0.0
    no_flag = loyalty.complaints_by_type(types, complaints.drop(columns="resolved"))
    assert no_flag["unresolved_per_customer"].isna().all()
    by_reason = loyalty.complaints_by_reason(complaints)
    assert by_reason.index.tolist() == ["late", "price"]
    assert by_reason.loc["late"].tolist() == [3, 1, 2, 1 / 3]
    unflagged = loyalty.complaints_by_reason(complaints.drop(columns="resolved"))
    assert unflagged["complaints"].tolist() == [3, 1] and unflagged["resolved"].isna().all()
    with pytest.raises(DataError, match="'reason'"):
        loyalty.complaints_by_reason(complaints.drop(columns="reason"))
    flow = loyalty.complaint_flow(complaints)
    assert flow["recorded"].sum() == 2 and flow.loc["record", "recorded"]
    assert not loyalty.complaint_flow(None)["recorded"].any()


def test_attitude_vs_behaviour_counts_only_customers_with_both():
    types = loyalty.loyalty_matrix_types(survey([2, 10, 5], [8, 10, 2]))
    c = summary(frequency=[5, 5, 5, 5][:3]).iloc[:2]  # C3 bought nothing
    classes = loyalty.behavioural_loyalty_classes(c, as_of="2025-01-01")
    table = loyalty.attitude_vs_behaviour(types, classes)
    assert table.shape == (6, 4)
    assert table.loc["hostage", "loyal_will_stay"] == 1
    assert table.to_numpy().sum() == 2


def test_helpers_do_not_change_their_inputs():
    s = survey([2, 10, 5], [8, 10, 2], dates=["2025-01-01"] * 3)
    c = summary(frequency=[5, 1, 12])
    before = (s.copy(), c.copy())
    types = loyalty.loyalty_matrix_types(s)
    classes = loyalty.behavioural_loyalty_classes(c, as_of="2025-01-01")
    loyalty.behavioural_class_table(classes, c)
    loyalty.continuum_table(loyalty.relationship_stages(c), c, types)
    loyalty.cutoff_sensitivity(s)
    pd.testing.assert_frame_equal(before[0], s)
    pd.testing.assert_frame_equal(before[1], c)
