"""Customer profiling: hand-computed values on tiny tables."""

import numpy as np
import pandas as pd
import pytest

from helpers import profiling
from helpers.schema import DataError

AS_OF = "2025-01-01"


@pytest.fixture
def orders():
    return pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C1", "C2", "C3", "C3", "C4"],
            "order_id": ["O1", "O1", "O2", "O3", "O4", "O5", "O6"],
            "order_date": pd.to_datetime(
                [
                    "2024-01-10",
                    "2024-01-10",
                    "2024-06-01",
                    "2023-03-01",
                    "2024-12-30",
                    "2025-01-05",  # after as_of: ignored
                    "2024-03-15",
                ]
            ),
            "product_id": ["P1", "P2", "P1", "P3", "P1", "P1", "P2"],
            "quantity": [1, 2, 1, 4, 1, 1, 3],
            "revenue": [10.10, 20.20, 0.30, 100.0, 5.0, 7.0, 10.0],
            "cost": [5.0, 10.0, 0.5, 100.0, np.nan, 1.0, 15.0],
        }
    )


def test_customer_summary_hand_computed(orders):
    s = profiling.customer_summary(orders, as_of=AS_OF)
    assert s.index.tolist() == ["C1", "C2", "C3", "C4"]
    assert s.index.name == "customer_id"
    c1 = s.loc["C1"]
    assert c1["first_purchase"] == pd.Timestamp("2024-01-10")
    assert c1["last_purchase"] == pd.Timestamp("2024-06-01")
    assert c1["tenure_days"] == 357
    assert c1["recency_days"] == 214
    assert c1["frequency"] == 2
    assert c1["quantity"] == 4
    assert c1["monetary"] == 30.6  # exact: 10.10 + 20.20 + 0.30 summed in cents
    assert c1["avg_order_value"] == 15.3
    assert c1["cost"] == 15.5
    assert c1["profit"] == 15.1
    assert c1["margin"] == pytest.approx(15.1 / 30.6)
    assert c1["revenue_last_period"] == 30.6
    assert c1["revenue_prior_period"] == 0.0
    assert np.isnan(c1["trend"])  # nothing bought in the prior period
    assert c1["status"] == "dormant"  # 214 days > 180
    c2 = s.loc["C2"]
    assert (c2["recency_days"], c2["profit"], c2["margin"]) == (672, 0.0, 0.0)
    assert (c2["revenue_last_period"], c2["revenue_prior_period"], c2["trend"]) == (0, 100, -1)
    c3 = s.loc["C3"]  # one line without cost, the later line is after as_of
    assert (c3["monetary"], c3["frequency"], c3["recency_days"]) == (5.0, 1, 2)
    assert np.isnan(c3["profit"]) and np.isnan(c3["cost"]) and np.isnan(c3["margin"])
    assert c3["status"] == "active"
    c4 = s.loc["C4"]
    assert (c4["profit"], c4["margin"]) == (-5.0, -0.5)


def test_customer_summary_parameters(orders):
    s = profiling.customer_summary(orders, as_of=AS_OF, dormant_after_days=300, period_days=30)
    assert s.loc["C1", "status"] == "active"
    assert s.loc["C2", "status"] == "dormant"
    assert s.loc["C3", "revenue_last_period"] == 5.0
    assert s.loc["C1", "revenue_last_period"] == 0.0


def test_customer_summary_without_cost_gives_nan_profit(orders):
    s = profiling.customer_summary(orders.drop(columns="cost"), as_of=AS_OF)
    assert s["profit"].isna().all() and s["margin"].isna().all()
    assert s.loc["C1", "monetary"] == 30.6


def test_customer_summary_does_not_modify_input(orders):
    before = orders.copy()
    profiling.customer_summary(orders, as_of=AS_OF)
    pd.testing.assert_frame_equal(orders, before)


def test_customer_summary_needs_as_of_and_columns(orders):
    with pytest.raises(DataError, match="as_of is required"):
        profiling.customer_summary(orders, as_of=None)
    with pytest.raises(DataError, match="'revenue' not found"):
        profiling.customer_summary(orders.drop(columns="revenue"), as_of=AS_OF)
    with pytest.raises(DataError, match="no order lines dated before"):
        profiling.customer_summary(orders, as_of="2000-01-01")


def test_order_shared_by_two_customers_is_an_error(orders):
    bad = orders.assign(order_id=["O1"] * len(orders))
    with pytest.raises(DataError, match="more than one customer_id"):
        profiling.customer_summary(bad, as_of=AS_OF)


def test_single_customer_single_line():
    one = pd.DataFrame(
        {
            "customer_id": ["C9"],
            "order_id": ["O1"],
            "order_date": pd.to_datetime(["2024-12-01"]),
            "revenue": [12.34],
        }
    )
    s = profiling.customer_summary(one, as_of=AS_OF)
    assert s.loc["C9", ["recency_days", "tenure_days", "frequency"]].tolist() == [31, 31, 1]
    assert s.loc["C9", "monetary"] == 12.34
    assert "quantity" not in s.columns


def test_lifetimes_convention_hand_computed():
    day = pd.Timestamp("2024-01-01")
    lines = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "A", "B"],
            "order_id": ["1", "2", "3", "4", "5"],
            "order_date": [
                day,
                day + pd.Timedelta(hours=5),  # same day: the same purchase period
                day + pd.Timedelta(days=10),
                day + pd.Timedelta(days=30),
                day + pd.Timedelta(days=40),
            ],
            "revenue": [10.0, 5.0, 20.0, 40.0, 99.0],
        }
    )
    as_of = day + pd.Timedelta(days=51)  # last observed day = day + 50
    s = profiling.customer_summary(lines, as_of=as_of, convention="lifetimes")
    assert s.columns.tolist() == ["frequency", "recency", "T", "monetary_value"]
    assert s.loc["A"].tolist() == [2, 30.0, 50.0, 30.0]  # repeat periods; (20 + 40) / 2
    assert s.loc["B"].tolist() == [0, 0.0, 10.0, 0.0]  # one-time buyer
    course = profiling.customer_summary(lines, as_of=as_of)
    assert course.loc["A", ["frequency", "recency_days", "tenure_days"]].tolist() == [4, 21, 51]
    assert course.loc["A", "monetary"] == 75.0


def test_lifetimes_weeks_and_months():
    lines = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A"],
            "order_id": ["1", "2", "3"],
            "order_date": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-03-20"]),
            "revenue": [1.0, 2.0, 3.0],
        }
    )
    w = profiling.customer_summary(lines, as_of="2024-04-01", convention="lifetimes", freq="W")
    # 2024-01-01 is a Monday: both January orders fall in the same week
    assert w.loc["A", "frequency"] == 1
    assert w.loc["A", "monetary_value"] == 3.0
    m = profiling.customer_summary(lines, as_of="2024-04-01", convention="lifetimes", freq="M")
    assert m.loc["A"].tolist() == [1, 2.0, 2.0, 3.0]  # Jan -> Mar; last observed day Mar 31


def test_customer_sales_by_period(orders):
    t = profiling.customer_sales_by_period(orders, as_of=AS_OF)
    assert t.columns.tolist() == [pd.Timestamp("2023-01-01"), pd.Timestamp("2024-01-01")]
    assert t.loc["C1"].tolist() == [0.0, 30.6]
    assert t.loc["C2"].tolist() == [100.0, 0.0]


def test_composition_table_counts_shares_and_missing():
    customers = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3", "C4"],
            "business_type": ["retail", None, "retail", "agent"],
        }
    )
    summary = pd.DataFrame(
        {"customer_id": ["C1", "C2", "C3", "C4"], "monetary": [10.0, 20.0, 30.0, 40.0]}
    )
    t = profiling.composition_table(customers, "business_type", summary=summary)
    assert t.index.tolist() == ["retail", "(missing)", "agent"]
    assert t["customers"].tolist() == [2, 1, 1]
    assert t["customer_share"].tolist() == [0.5, 0.25, 0.25]
    assert t["revenue"].tolist() == [40.0, 20.0, 40.0]
    assert t["revenue_share"].tolist() == [0.4, 0.2, 0.4]
    assert t["customers"].sum() == 4


def test_rank_customers_ties_and_profit():
    t = pd.DataFrame(
        {
            "customer_id": ["C3", "C1", "C2"],
            "monetary": [10.0, 30.0, 10.0],
            "profit": [1.0, 3.0, np.nan],
        }
    )
    r = profiling.rank_customers(t)
    assert r.index.tolist() == ["C1", "C2", "C3"]  # tie C2/C3 broken by id
    assert r["rank"].tolist() == [1, 2, 3]
    assert r["share"].tolist() == [0.6, 0.2, 0.2]
    assert r["cumulative_share"].tolist() == [0.6, 0.8, 1.0]
    assert r["profit_share"].tolist()[0] == 0.75 and np.isnan(r["profit_share"].iloc[1])


def test_margin_by_product(orders):
    m = profiling.margin_by_product(orders.dropna(subset=["cost"]))
    assert m.index.tolist() == ["P1", "P2", "P3"]  # sorted by margin
    assert m.loc["P1", "revenue"] == 17.4  # 10.10 + 0.30 + 7.0
    assert m.loc["P1", "profit"] == 10.9
    assert m.loc["P3", "margin"] == 0.0
    assert m.loc["P2", "profit"] == 5.2  # 20.20 - 10 + 10 - 15
    mine = profiling.margin_by_product(orders, customer_id="C1")
    assert mine.index.tolist() == ["P2", "P1"]
    assert mine.loc["P1", "margin"] == pytest.approx(4.9 / 10.4)
    assert mine["revenue_share"].sum() == pytest.approx(1.0)
    many = profiling.margin_by_product(orders, customer_id=["C1", "C4"])
    assert many.index.names == ["customer_id", "product_id"]
    assert many.loc[("C4", "P2"), "margin"] == -0.5
    missing = profiling.margin_by_product(orders, customer_id="C3")
    assert np.isnan(missing.loc["P1", "profit"])  # one of the lines has no cost


def test_margin_by_product_needs_cost(orders):
    with pytest.raises(DataError, match="needs a 'cost' column"):
        profiling.margin_by_product(orders.drop(columns="cost"))


def test_gold_and_drag():
    t = pd.DataFrame(
        {
            "customer_id": [f"C{i:02d}" for i in range(20)],
            "revenue_last_period": [float(20 - i) for i in range(20)],
        }
    )
    g = profiling.gold_and_drag_customers(t)
    assert g["group"].value_counts().to_dict() == {"middle": 15, "drag": 4, "gold": 1}
    assert g.index[0] == "C00" and g["group"].iloc[0] == "gold"
    assert (g["group"].iloc[-4:] == "drag").all()
    single = profiling.gold_and_drag_customers(t.head(1))
    assert single["group"].tolist() == ["gold"]


def test_big_customers_with_complaints():
    customers = pd.DataFrame(
        {"customer_id": ["C1", "C2", "C3", "C4"], "monetary": [500.0, 400.0, 10.0, 5.0]}
    )
    complaints = pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C2", "C2", "C2", "C3", "C3"],
            "complaint_date": pd.to_datetime(
                [
                    "2024-05-01",
                    "2022-01-01",  # too old: outside the period
                    "2024-02-01",
                    "2024-03-01",
                    "2024-04-01",
                    "2024-02-01",
                    "2024-03-01",
                ]
            ),
            "resolved": [True, True, True, False, False, True, True],
        }
    )
    b = profiling.big_customers_with_complaints(customers, complaints, as_of=AS_OF, top=0.5)
    assert b.index.tolist() == ["C2"]
    assert b.loc["C2", ["complaints", "unresolved"]].tolist() == [3, 2]
    assert b.loc["C2", "last_complaint"] == pd.Timestamp("2024-04-01")


def test_cross_sell_prospects_by_category():
    orders = pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C2", "C2", "C3"],
            "product_id": ["P1", "P2", "P1", "P3", "P3"],
            "revenue": [100.0, 50.0, 10.0, 10.0, 30.0],
        }
    )
    products = pd.DataFrame(
        {"product_id": ["P1", "P2", "P3"], "category": ["paper", "paper", "ink"]}
    )
    p = profiling.cross_sell_prospects(orders, products, max_items=1)
    assert p.index.tolist() == ["C1", "C3"]
    assert p.loc["C1"].tolist() == [150.0, 1, 1, "paper"]
    with pytest.raises(DataError, match="needs the products table"):
        profiling.cross_sell_prospects(orders)


def _cross_sell_in_plain_pandas(orders, products, by, max_items, min_monetary):
    """The rule written the textbook way: group lines by customer and item."""
    item = orders["product_id"]
    if by == "category":
        names = products.drop_duplicates("product_id").set_index("product_id")["category"]
        item = orders["product_id"].map(names).fillna("(unknown)")
    cents = orders["revenue"].fillna(0).mul(100).round()
    per_item = cents.groupby([orders["customer_id"], item.rename("item")]).sum().reset_index()
    per_item.columns = ["customer_id", "item", "cents"]
    top = per_item.sort_values(["customer_id", "cents", "item"], ascending=[True, False, True])
    table = pd.DataFrame({
        "monetary": per_item.groupby("customer_id")["cents"].sum() / 100,
        "items_bought": per_item.groupby("customer_id").size(),
        "top_item": top.drop_duplicates("customer_id").set_index("customer_id")["item"],
    })  # fmt: skip
    table["items_not_bought"] = per_item["item"].nunique() - table["items_bought"]
    keep = (table["items_bought"] <= max_items) & (table["monetary"] >= min_monetary)
    table = table[keep].reset_index()
    table = table.sort_values(["monetary", "customer_id"], ascending=[False, True])
    return table.set_index("customer_id")[["monetary", "items_bought", "items_not_bought",
                                           "top_item"]]  # fmt: skip


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("by", ["category", "product_id"])
def test_cross_sell_prospects_match_a_plain_groupby_with_ties(seed, by):
    rng = np.random.default_rng(seed)
    n = 3000
    orders = pd.DataFrame({
        "customer_id": rng.choice([f"C{i:03d}" for i in range(40)], n),
        "product_id": rng.choice([f"P{i}" for i in range(30)], n),
        "revenue": rng.integers(-2, 5, n) * 1.25,  # many equal amounts: ties in the top item
    })  # fmt: skip
    orders.loc[rng.choice(n, 20), "revenue"] = np.nan
    products = pd.DataFrame({"product_id": [f"P{i}" for i in range(25)],  # P25.. unknown
                             "category": [f"k{i % 6}" for i in range(25)]})  # fmt: skip
    for max_items, least in [(1, 0.0), (3, 10.0), (30, -100.0)]:
        ours = profiling.cross_sell_prospects(orders, products, by=by, max_items=max_items,
                                              min_monetary=least)  # fmt: skip
        plain = _cross_sell_in_plain_pandas(orders, products, by, max_items, least)
        assert ours.index.tolist() == plain.index.tolist()
        assert ours["monetary"].tolist() == plain["monetary"].tolist()
        assert ours["items_bought"].tolist() == plain["items_bought"].tolist()
        assert ours["items_not_bought"].tolist() == plain["items_not_bought"].tolist()
        assert ours["top_item"].tolist() == plain["top_item"].tolist()


def test_summary_agrees_with_plain_pandas_on_the_course_data():
    from helpers.datasets import load_tables

    tables = load_tables("course")
    orders, as_of = tables.orders, tables.default_as_of
    s = profiling.customer_summary(orders, as_of=as_of)
    plain = orders.groupby("customer_id").agg(
        first=("order_date", "min"),
        last=("order_date", "max"),
        frequency=("order_id", "nunique"),
        monetary=("revenue", "sum"),
        cost=("cost", "sum"),
    )
    assert s.index.equals(plain.index)
    assert (s["frequency"] == plain["frequency"]).all()
    assert (s["monetary"] == plain["monetary"].round(2)).all()
    assert (s["profit"] == (plain["monetary"] - plain["cost"]).round(2)).all()
    assert (s["recency_days"] == (as_of - plain["last"]).dt.days).all()
    assert (s["first_purchase"] == plain["first"]).all()
    # the lifetimes convention, computed the way lifetimes does it (daily periods)
    lt = profiling.customer_summary(orders, as_of=as_of, convention="lifetimes")
    daily = (
        orders.assign(day=orders["order_date"].dt.floor("D"))
        .groupby(["customer_id", "day"])["revenue"]
        .sum()
        .reset_index()
    )
    by = daily.groupby("customer_id")
    end = as_of - pd.Timedelta(days=1)
    frequency = by.size() - 1
    assert (lt["frequency"] == frequency).all()
    assert (lt["recency"] == (by["day"].max() - by["day"].min()).dt.days).all()
    assert (lt["T"] == (end - by["day"].min()).dt.days).all()
    first_day = by["revenue"].first()  # days are sorted within each customer
    repeat_mean = ((by["revenue"].sum() - first_day) / frequency).where(frequency > 0, 0.0)
    assert np.allclose(lt["monetary_value"], repeat_mean, atol=0.005)


# ---------------------------------------------------------------- boundaries


def lines(dates, customers=None, revenue=None):
    n = len(dates)
    return pd.DataFrame(
        {
            "customer_id": customers or [f"C{i}" for i in range(n)],
            "order_id": [f"O{i}" for i in range(n)],
            "order_date": pd.to_datetime(dates),
            "revenue": revenue or [10.0] * n,
        }
    )


def test_an_order_dated_exactly_on_as_of_is_excluded():
    s = profiling.customer_summary(
        lines(["2024-12-31", "2025-01-01"], customers=["C1", "C1"]), as_of=AS_OF
    )
    assert s.loc["C1", ["frequency", "monetary", "recency_days"]].tolist() == [1, 10.0, 1]
    with pytest.raises(DataError, match="no order lines dated before as_of=2025-01-01"):
        profiling.customer_summary(lines(["2025-01-01"]), as_of=AS_OF)


def test_recency_exactly_at_the_dormant_cut_off_is_still_active():
    # 2024-07-05 is 180 days before 2025-01-01, 2024-07-04 is 181 days before
    s = profiling.customer_summary(lines(["2024-07-05", "2024-07-04"]), as_of=AS_OF)
    assert s["recency_days"].tolist() == [180, 181]
    assert s["status"].tolist() == ["active", "dormant"]


def test_an_order_exactly_at_the_period_start_is_in_the_last_period():
    # period_days=30: the last period is [2024-12-02, 2025-01-01), the prior one before it
    s = profiling.customer_summary(
        lines(["2024-12-02", "2024-12-01", "2024-11-02", "2024-11-01"]), as_of=AS_OF,
        period_days=30,
    )  # fmt: skip
    assert s["revenue_last_period"].tolist() == [10.0, 0.0, 0.0, 0.0]
    assert s["revenue_prior_period"].tolist() == [0.0, 10.0, 10.0, 0.0]


@pytest.mark.parametrize(("n", "gold", "drag"), [(20, 1, 4), (21, 2, 5), (23, 2, 5)])
def test_gold_and_drag_counts_are_ceilings(n, gold, drag):
    t = pd.DataFrame(
        {
            "customer_id": [f"C{i:02d}" for i in range(n)],
            "revenue_last_period": [float(100 - i) for i in range(n)],
        }
    )
    g = profiling.gold_and_drag_customers(t, gold=0.05, drag=0.20)
    assert g["group"].value_counts().to_dict() == {"gold": gold, "drag": drag,
                                                   "middle": n - gold - drag}  # fmt: skip


def test_a_customer_without_sales_is_never_gold():
    t = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "revenue_last_period": [0.0] * 3})
    g = profiling.gold_and_drag_customers(t, gold=0.5, drag=0.3)
    assert g["group"].tolist() == ["middle", "middle", "drag"]


def ranked_of(values, profit=None):
    ids = [f"C{i:02d}" for i in range(len(values))]
    table = pd.DataFrame({"customer_id": ids, "monetary": values})
    if profit is not None:
        table["profit"] = profit
    return profiling.rank_customers(table)


def test_pareto_summary_reaching_the_mark_exactly():
    s = profiling.pareto_summary(ranked_of([40.0, 40.0, 20.0]), mark=0.8, top=0.2)
    assert s["customers_to_mark"] == 2  # 40 + 40 = exactly 80%
    assert s["share_to_mark"] == pytest.approx(2 / 3)
    assert s["top_customers"] == 1 and s["top_revenue_share"] == 0.4
    assert s["customers"] == 3 and s["revenue"] == 100.0
    assert np.isnan(s["top_profit_share"]) and np.isnan(s["loss_makers"])


def test_pareto_summary_top_share_is_a_ceiling_and_profit_is_checked():
    values = [float(v) for v in range(21, 0, -1)]  # 21 customers: top 20% = ceil(4.2) = 5
    profit = [5.0] * 20 + [-1.0]
    s = profiling.pareto_summary(ranked_of(values, profit), top=0.2)
    assert s["top_customers"] == 5
    assert s["top_revenue_share"] == pytest.approx((21 + 20 + 19 + 18 + 17) / 231)
    assert s["top_profit_share"] == pytest.approx(25 / 99)
    assert s["loss_makers"] == 1
    # by profit every customer but the last ties at 5: ties by id give C00..C04
    assert s["top_also_top_by_profit"] == 1.0


def test_pareto_summary_without_revenue_or_with_unknown_profit():
    empty = profiling.pareto_summary(ranked_of([0.0, 0.0]))
    assert np.isnan(empty["share_to_mark"]) and np.isnan(empty["top_revenue_share"])
    partial = profiling.pareto_summary(ranked_of([5.0, 3.0], [1.0, np.nan]))
    assert np.isnan(partial["profit"]) and np.isnan(partial["loss_makers"])
    losing = profiling.pareto_summary(ranked_of([5.0, 3.0], [-1.0, -2.0]))
    assert losing["profit"] == -3.0 and np.isnan(losing["top_profit_share"])
    assert losing["loss_makers"] == 2
    with pytest.raises(DataError, match="mark must be a share"):
        profiling.pareto_summary(ranked_of([1.0]), mark=80)


def test_composition_counts_buyers_missing_from_the_customer_table():
    customers = pd.DataFrame({"customer_id": ["C1", "C2"], "region": ["N", "S"]})
    summary = pd.DataFrame({"customer_id": ["C1", "C2", "C9"], "monetary": [10.0, 20.0, 70.0]})
    t = profiling.composition_table(customers, "region", summary=summary)
    assert t.loc["(missing)", ["customers", "revenue", "revenue_share"]].tolist() == [1, 70.0, 0.7]
    assert t["customer_share"].sum() == pytest.approx(1.0)


def test_lead_conversion_by_channel():
    leads = pd.DataFrame(
        {
            "lead_id": ["L1", "L2", "L3", "L4", "L5"],
            "source": ["fair", "web", None, "web", "fair"],
            "converted_customer_id": ["C1", None, "C2", None, None],
        }
    )
    t = profiling.lead_conversion(leads)
    assert t.index.tolist() == ["fair", "web", "(missing)"]
    assert t["leads"].tolist() == [2, 2, 1] and t["converted"].tolist() == [1, 0, 1]
    assert t["conversion_rate"].tolist() == [0.5, 0.0, 1.0]
    with pytest.raises(DataError, match="'converted_customer_id'"):
        profiling.lead_conversion(leads.drop(columns="converted_customer_id"))


def test_sales_by_product_with_names(orders):
    products = pd.DataFrame({"product_id": ["P1", "P2"], "product_name": ["pen", "ink"]})
    t = profiling.sales_by_product(orders, products=products)
    assert t.index.tolist() == ["P3", "P2", "P1"]  # 100; 30.2; 22.4
    assert t.loc["P1", ["revenue", "customers"]].tolist() == [22.4, 2]
    assert t.loc["P2", "product_name"] == "ink" and pd.isna(t.loc["P3", "product_name"])
    assert t["revenue_share"].sum() == pytest.approx(1.0)


def test_margin_by_category_sums_in_cents_and_keeps_unknown_cost(orders):
    margins = profiling.margin_by_product(orders)
    margins["category"] = margins.index.map({"P1": "paper", "P2": "paper", "P3": None})
    t = profiling.margin_by_category(margins)
    assert t.index.tolist() == ["(unknown)", "paper"]
    assert t.loc["(unknown)", ["revenue", "profit", "margin"]].tolist() == [100.0, 0.0, 0.0]
    assert t.loc["paper", "revenue"] == 52.6  # 17.4 + 30.2 + 5.0 (P1's line without cost)
    assert np.isnan(t.loc["paper", "profit"])  # one line has no cost


def test_activity_cycle_and_trend_bands_at_their_edges():
    summary = pd.DataFrame(
        {
            "status": ["active"] * 6 + ["dormant"],
            "trend": [-0.5, -0.1, 0.1, 0.5, 0.5000001, np.nan, -1.0],
            "frequency": [3, 1, 2, 1, 1, 1, 1],
            "first_purchase": pd.to_datetime(["2024-01-01"] * 7),
            "last_purchase": pd.to_datetime(
                ["2024-01-21", "2024-01-01", "2024-01-08"] + ["2024-01-01"] * 4
            ),  # fmt: skip
            "revenue_last_period": [1.0] * 7,
            "revenue_prior_period": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 2.0],
        },
        index=pd.Index([f"C{i}" for i in range(7)], name="customer_id"),
    )
    assert profiling.trend_bands(summary)["customers"].tolist() == [1, 1, 1, 1, 1, 1]
    assert profiling.purchase_cycle_days(summary).tolist() == [10.0, 7.0]
    activity = profiling.activity_table(summary)
    assert activity["customers"].tolist() == [6, 1]
    assert activity.loc["active", "revenue_prior_period"] == 2.1  # summed in cents
    assert activity.loc["dormant", "share"] == pytest.approx(1 / 7)


def test_gold_and_drag_summary_counts_orders_from_the_period_start():
    groups = profiling.gold_and_drag_customers(
        pd.DataFrame({"customer_id": ["C1", "C2"], "revenue_last_period": [9.0, 1.0]}),
        gold=0.5, drag=0.5,
    )  # fmt: skip
    orders = lines(["2024-12-02", "2024-12-01", "2024-12-31"], customers=["C1", "C1", "C2"])
    t = profiling.gold_and_drag_summary(groups, orders, as_of=AS_OF, period_days=30)
    assert t["customers"].tolist() == [1, 0, 1]
    assert t["orders_share"].tolist() == [0.5, 0.0, 0.5]  # 2024-12-01 is before the start
    assert t["revenue_share"].tolist() == [0.9, 0.0, 0.1]


def test_gold_persistence_without_a_prior_period_and_half_covered():
    summary = pd.DataFrame(
        {
            "revenue_last_period": [5.0, 3.0],
            "revenue_prior_period": [0.0, 0.0],
            "first_purchase": pd.to_datetime(["2024-06-01", "2024-07-01"]),
        },
        index=pd.Index(["C1", "C2"], name="customer_id"),
    )
    s = profiling.gold_persistence(summary, as_of=AS_OF, period_days=365)
    assert s["prior_gold"] == 0 and np.isnan(s["stayed_share"]) and s["prior_coverage"] == 0.0
    summary["revenue_prior_period"] = [1.0, 2.0]
    summary["first_purchase"] = pd.to_datetime(["2023-07-03", "2023-08-01"])
    half = profiling.gold_persistence(summary, as_of=AS_OF, period_days=365, gold=0.5)
    # prior period [2023-01-02, 2024-01-02): the data starts 2023-07-03, 183 days before its end
    assert half["prior_coverage"] == pytest.approx(183 / 365)
    assert (half["prior_gold"], half["stayed"], half["forecast_share"]) == (1.0, 0.0, 0.375)


def test_share_of_wallet():
    summary = pd.DataFrame({"revenue_last_period": [50.0, 10.0, 5.0]},
                           index=pd.Index(["C1", "C2", "C3"], name="customer_id"))  # fmt: skip
    customers = pd.DataFrame({"customer_id": ["C1", "C2"], "wallet_estimate": [200.0, 0.0]})
    assert profiling.share_of_wallet(summary, customers).tolist()[:1] == [0.25]
    assert profiling.share_of_wallet(summary, customers).iloc[1:].isna().all()


# ---------------------------------------------------------------- error messages


def test_error_messages_name_functions_keywords_and_attributes_that_exist():
    """Every call, keyword and module attribute an error message suggests is real."""
    import ast
    import inspect
    import re

    import helpers
    from helpers import datasets, plots, privacy, quality, rfm
    from helpers.paths import REPO_ROOT

    modules = {"profiling": profiling, "rfm": rfm, "privacy": privacy, "quality": quality,
               "plots": plots, "datasets": datasets}  # fmt: skip
    sources = ["profiling.py", "rfm.py", "privacy.py", "quality.py", "plots/profiling.py",
               "plots/collection.py"]  # fmt: skip
    checked = 0
    for source in sources:
        tree = ast.parse((REPO_ROOT / "helpers" / source).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            text = "".join(
                part.value
                for arg in node.exc.args
                for part in ast.walk(arg)
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
            for module, attr in re.findall(r"\b(profiling|rfm|privacy|quality|plots)\.(\w+)", text):
                assert hasattr(modules[module], attr), f"{source}: {module}.{attr} in {text!r}"
                checked += 1
            for name, args in re.findall(r"\b([a-z_]+)\(([^()]*)\)", text):
                found = [getattr(m, name) for m in (*modules.values(), helpers) if hasattr(m, name)]
                if not found or not callable(found[0]):
                    continue
                params = inspect.signature(found[0]).parameters
                for keyword in re.findall(r"(\w+)=", args):
                    assert keyword in params, f"{source}: {name}({keyword}=...) in {text!r}"
                    checked += 1
    assert checked >= 8


def test_cross_sell_threshold_is_compared_in_money_as_a_reader_compares_it():
    # 110 cents < 1.1 * 100 (= 110.00000000000001), but 1.10 >= 1.1: the customer is kept
    orders = pd.DataFrame({"customer_id": ["C1", "C2"], "product_id": ["P1", "P1"],
                           "revenue": [1.10, 1.09]})  # fmt: skip
    found = profiling.cross_sell_prospects(orders, by="product_id", min_monetary=1.1)
    assert found.index.tolist() == ["C1"]
    from helpers import bigdata

    files = bigdata.OrderLineFiles(
        orders.assign(order_id=["O1", "O2"], order_date=pd.Timestamp("2024-01-05"))
    )
    by_duckdb = bigdata.cross_sell_prospects(files, by="product_id", min_monetary=1.1)
    assert by_duckdb.index.tolist() == ["C1"]
