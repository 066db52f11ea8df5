"""The simulated course company: determinism, committed files, and every planted pattern."""

from __future__ import annotations

import gzip
import time

import numpy as np
import pandas as pd
import pytest

from helpers import generate
from helpers.cleaning import audit_orders
from helpers.paths import DATASETS_DIR

COURSE = DATASETS_DIR / "course"
RAW = DATASETS_DIR / "raw_export"
AS_OF = pd.Timestamp("2026-01-01")


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return generate.generate_company()


@pytest.fixture(scope="module")
def revenue(tables) -> pd.DataFrame:
    """Per customer: revenue 2024, 2025, total, profit, orders, categories bought."""
    o = tables["orders"].merge(tables["products"][["product_id", "category"]], on="product_id")
    year = o["order_date"].dt.year
    per = (
        pd.DataFrame(
            {
                "rev_2024": o["revenue"].where(year == 2024, 0.0),
                "rev_2025": o["revenue"].where(year == 2025, 0.0),
                "revenue": o["revenue"],
                "profit": o["revenue"] - o["cost"],
                "customer_id": o["customer_id"],
            }
        )
        .groupby("customer_id")[["rev_2024", "rev_2025", "revenue", "profit"]]
        .sum()
    )
    per["orders"] = o.groupby("customer_id")["order_id"].nunique()
    per["categories"] = o.groupby("customer_id")["category"].nunique()
    per["last_order"] = o.groupby("customer_id")["order_date"].max()
    return per.join(tables["customers"].set_index("customer_id"))


def pareto_grade(rev: pd.Series) -> pd.Series:
    """A = customers making the first 70% of revenue, B the next 20%, C the rest."""
    r = rev.sort_values(ascending=False, kind="stable")
    before = r.cumsum().shift(fill_value=0) / r.sum()
    return pd.Series(np.select([before < 0.7, before < 0.9], ["A", "B"], "C"), index=r.index)


def loyalty_type(sat: pd.Series, loy: pd.Series) -> pd.Series:
    """The six types with the default cut-offs 7/7; apostle >= 9/9, terrorist <= 3/3."""
    return pd.Series(
        np.select(
            [
                (sat >= 9) & (loy >= 9),
                (sat >= 7) & (loy >= 7),
                (sat < 7) & (loy >= 7),
                (sat <= 3) & (loy <= 3),
                (sat >= 7) & (loy < 7),
            ],
            ["apostle", "loyalist", "hostage", "terrorist", "mercenary"],
            "defector",
        ),
        index=sat.index,
    )


# ---- determinism and committed files ---------------------------------------------------------


def test_same_seed_same_tables_other_seed_other_tables():
    a = generate.generate_company(seed=5, n_customers=300)
    b = generate.generate_company(seed=5, n_customers=300)
    c = generate.generate_company(seed=6, n_customers=300)
    for name in generate.TABLE_NAMES:
        pd.testing.assert_frame_equal(a[name], b[name])
    assert not a["orders"].equals(c["orders"])


def test_committed_course_files_match_the_generator(tables):
    expected = generate.company_files(tables)
    assert sorted(expected) == sorted(p.name for p in COURSE.iterdir())
    for name, data in expected.items():
        committed = (COURSE / name).read_bytes()
        assert generate.same_content(name, committed, data), f"datasets/course/{name} is stale"
    # plain CSV files are identical byte for byte; regenerating twice gives the same bytes
    assert (COURSE / "customers.csv").read_bytes() == expected["customers.csv"]
    assert generate.company_files(generate.generate_company()) == expected


def test_committed_raw_export_matches_the_generator(tables):
    expected = generate.raw_export_files(generate.make_raw_export(tables))
    for name, data in expected.items():
        committed = (RAW / name).read_bytes()
        assert generate.same_content(name, committed, data), f"datasets/raw_export/{name} is stale"
    assert (RAW / generate.RAW_CSV).read_bytes() == expected[generate.RAW_CSV]


def test_gzip_has_no_timestamp_and_files_are_small():
    data = (COURSE / "orders.csv.gz").read_bytes()
    assert data[4:8] == b"\x00\x00\x00\x00"  # gzip mtime field
    assert gzip.decompress(data).startswith(b"order_id,customer_id,order_date,")
    total = sum(p.stat().st_size for p in [*COURSE.iterdir(), *RAW.iterdir()])
    assert 0.5e6 < total < 5e6


def test_generation_is_fast():
    start = time.perf_counter()
    generate.generate_company(seed=11)
    assert time.perf_counter() - start < 5


def test_files_read_back_equal_to_memory(tables):
    back = generate.read_company(COURSE)
    for name in generate.TABLE_NAMES:
        pd.testing.assert_frame_equal(back[name], tables[name])


# ---- size and shape --------------------------------------------------------------------------


def test_size_and_period(tables):
    o = tables["orders"]
    assert len(tables["customers"]) == 2000
    assert 50_000 <= len(o) <= 150_000
    assert o["order_date"].min() == pd.Timestamp("2024-01-01")
    assert o["order_date"].max() == pd.Timestamp("2025-12-31")
    assert o["order_date"].dt.to_period("M").nunique() == 24
    assert set(o["customer_id"]) == set(tables["customers"]["customer_id"])
    assert not o.duplicated(["order_id", "product_id"]).any()
    # order ids follow the calendar
    firsts = o.drop_duplicates("order_id")
    assert firsts["order_date"].is_monotonic_increasing


def test_customer_fields(tables):
    c = tables["customers"]
    assert c["customer_id"].is_unique
    types = c["customer_type"].value_counts(normalize=True)
    assert set(types.index) == {"personal", "corporate"} and 0.2 < types["corporate"] < 0.45
    corp = c["customer_type"] == "corporate"
    assert set(c.loc[corp, "business_type"]) == {"wholesale", "retail", "agent", "chain store"}
    assert c.loc[~corp, ["business_type", "industry", "company_size"]].isna().all().all()
    assert c.loc[corp, ["age_band", "education"]].isna().all().all()
    assert set(c["potential"]) == {"high", "medium", "low"}
    assert c["region"].nunique() == 7 and c["city"].nunique() >= 15
    assert (c.loc[~corp, "credit_terms_days"] == 0).all()
    assert c.loc[corp, "credit_terms_days"].isin([0, 15, 30, 60, 90]).all()
    # pseudonyms, no sensitive fields
    assert c.loc[~corp, "name"].str.fullmatch(r"Member [A-Z2-9]{5}").all()
    sensitive = {"health", "religion", "blood_type", "ethnicity", "id_number", "phone", "email"}
    assert not sensitive & set(c.columns)


def test_products_margins_differ(tables):
    p = tables["products"]
    margin = 1 - p["unit_cost"] / p["unit_price"]
    assert len(p) == 120 and p["category"].nunique() == 8
    assert margin.min() > 0 and margin.max() - margin.min() > 0.4
    by_cat = margin.groupby(p["category"]).mean()
    assert by_cat["paper"] < 0.2 < 0.35 < by_cat["business gifts"]


def test_revenue_is_net_of_discounts_and_cost_at_unit_cost(tables):
    o = tables["orders"].merge(tables["products"], on="product_id")
    list_value = o["quantity"] * o["unit_price"]
    assert (o["revenue"] <= list_value + 0.01).all()
    assert (o["revenue"] < list_value - 0.01).mean() > 0.3  # many lines are discounted
    assert np.allclose(o["cost"], o["quantity"] * o["unit_cost"], atol=0.01 * o["quantity"])


# ---- planted patterns ------------------------------------------------------------------------


def test_concentration_top_20_percent_make_70_to_85_percent(revenue):
    r = revenue["revenue"].sort_values(ascending=False)
    share = r.iloc[: len(r) // 5].sum() / r.sum()
    assert 0.70 <= share <= 0.85


@pytest.mark.parametrize("seed", [1, 7])
def test_concentration_holds_for_other_seeds(seed):
    o = generate.generate_company(seed=seed)["orders"]
    r = o.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)
    assert 0.70 <= r.iloc[: len(r) // 5].sum() / r.sum() <= 0.85


def test_some_customers_lose_money(revenue):
    losers = revenue[revenue["profit"] < 0]
    assert 40 <= len(losers) <= 300
    assert revenue["profit"].sum() > 0.1 * revenue["revenue"].sum()  # the company is profitable


def test_declining_and_dormant_customers(revenue):
    both = revenue[revenue["rev_2024"] > 1000]
    declining = both[both["rev_2025"] < 0.6 * both["rev_2024"]]
    assert len(declining) >= 150
    dormant = revenue[revenue["last_order"] < AS_OF - pd.Timedelta(days=180)]
    assert 200 <= len(dormant) <= 1000
    # some of the dormant ones were worth something
    assert (dormant["revenue"] > revenue["revenue"].median()).sum() >= 50


def test_c_grade_with_high_potential_and_b_grade_in_trouble(revenue):
    grade = pareto_grade(revenue["rev_2025"])
    r = revenue.join(grade.rename("grade"))
    counts = r["grade"].value_counts()
    assert counts["A"] < counts["B"] < counts["C"]
    c_high = r[(r["grade"] == "C") & (r["potential"] == "high")]
    assert len(c_high) >= 50
    # the high-potential C customers buy a small share of what they could (large wallets)
    assert (c_high["wallet_estimate"] > 5 * c_high["rev_2025"]).mean() > 0.5
    b_trouble = r[
        (r["grade"] == "B") & (r["rev_2025"] < 0.7 * r["rev_2024"]) & (r["potential"] == "low")
    ]
    assert len(b_trouble) >= 10


def test_big_customers_with_repeated_complaints(tables, revenue):
    comp = tables["complaints"]
    n25 = comp[comp["complaint_date"].dt.year == 2025].groupby("customer_id").size()
    top = revenue["rev_2025"].sort_values(ascending=False).index[: len(revenue) // 10]
    assert (n25.reindex(top, fill_value=0) >= 3).sum() >= 15
    assert comp["complaint_id"].is_unique
    assert set(comp["order_id"]) <= set(tables["orders"]["order_id"])
    assert 0.7 < comp["resolved"].mean() < 0.95
    assert comp["reason"].nunique() == 6


def test_narrow_buyers(revenue):
    regular = revenue[revenue["orders"] >= 5]
    narrow = regular[regular["categories"] <= 2]
    assert len(narrow) >= 100
    assert (narrow["wallet_estimate"] > 3 * narrow["revenue"] / 2).mean() > 0.5


def test_all_six_loyalty_types_each_at_least_3_percent(tables):
    s = tables["survey"]
    assert 500 <= len(s) <= 900 and s["customer_id"].is_unique
    assert s["satisfaction"].between(1, 10).all() and s["loyalty"].between(1, 10).all()
    share = loyalty_type(s["satisfaction"], s["loyalty"]).value_counts(normalize=True)
    types = ["apostle", "loyalist", "hostage", "terrorist", "mercenary", "defector"]
    assert set(share.index) == set(types)
    assert (share >= 0.03).all(), share.to_dict()


def test_satisfaction_related_to_complaints_and_repeat_buying_not_determined(tables, revenue):
    s = tables["survey"].set_index("customer_id")
    n_comp = tables["complaints"].groupby("customer_id").size()
    s = s.join(n_comp.rename("complaints")).fillna({"complaints": 0})
    s = s.join(revenue["orders"])
    no_comp = s.loc[s["complaints"] == 0, "satisfaction"]
    many = s.loc[s["complaints"] >= 2, "satisfaction"]
    assert many.mean() < no_comp.mean() - 0.5
    frequent = s.loc[s["orders"] >= s["orders"].median(), "loyalty"]
    rare = s.loc[s["orders"] < s["orders"].median(), "loyalty"]
    assert frequent.mean() > rare.mean() + 0.5
    rho = s[["satisfaction", "complaints", "orders"]].corr(method="spearman")
    assert -0.6 < rho.loc["satisfaction", "complaints"] < -0.1
    assert 0.05 < rho.loc["satisfaction", "orders"] < 0.6
    # not determined: customers without complaints still give every kind of score
    assert no_comp.min() <= 3 and no_comp.max() == 10


def test_campaigns(tables):
    c = tables["campaigns"]
    consent = tables["customers"].set_index("customer_id")["consent_marketing"]
    assert consent.reindex(c["customer_id"]).all()  # only customers who agreed are contacted
    assert c["campaign_id"].nunique() == 4
    assert 0.05 < c["responded"].mean() < 0.4
    assert c["response_value"].notna().eq(c["responded"]).all()


def test_leads_some_converted_later(tables):
    leads = tables["leads"]
    customers = tables["customers"].set_index("customer_id")
    conv = leads.dropna(subset=["converted_customer_id"])
    assert 0.15 < len(conv) / len(leads) < 0.5
    assert set(conv["converted_customer_id"]) <= set(customers.index)
    first = tables["orders"].groupby("customer_id")["order_date"].min()
    assert (first.reindex(conv["converted_customer_id"]).to_numpy() > conv["created_date"]).all()
    # open leads are not customers at all
    assert leads["converted_customer_id"].isna().sum() >= 300


# ---- the raw export --------------------------------------------------------------------------


def test_raw_export_faults(tables):
    raw = generate.make_raw_export(tables)
    both = pd.concat([raw["csv"], raw["xlsx"]], ignore_index=True)
    assert both["customer_id"].isna().sum() >= 100
    assert both["order_id"].str.startswith("C").sum() >= 30
    assert both["order_id"].str.startswith("R").sum() >= 30
    assert (both["product_id"] == "FREIGHT").sum() >= 50
    # duplicates differ in formatting only: equal once parsed
    assert audit_orders(both)["exact duplicate rows"] >= 100
    assert both["revenue"].str.contains("¥").sum() >= 1000
    assert both["customer_id"].str.contains(" ").sum() >= 100
    formats = raw["csv"]["order_date"].str.extract(r"(年)|(/)|^(\d{8})$").notna().sum()
    assert (formats >= 100).all()
    returns = both[both["order_id"].str.startswith("R")]
    assert set(returns["original_order_id"]) <= set(tables["orders"]["order_id"])


# ---- shapes of real data the course company lacks ------------------------------------------------


@pytest.fixture(scope="module")
def small_company():
    return generate.generate_company(seed=4, n_customers=150)


def test_every_shape_keeps_the_input_and_loads(small_company):
    from helpers.datacheck import check_data

    before = {k: v.copy() for k, v in small_company.items()}
    for shape in generate.SHAPES:
        generate.shape_company(small_company, shape, seed=4)
        check = check_data(f"course:seed=4,customers=150,shape={shape}")
        assert check.ok, (shape, check.report())
    for name, df in small_company.items():
        pd.testing.assert_frame_equal(df, before[name])


def test_purchase_log_shape(small_company):
    t = generate.shape_company(small_company, "purchase_log")
    assert set(t["orders"].columns) == {"customer_id", "order_date", "quantity", "revenue"}
    assert t["products"] is None and "order_id" not in t["complaints"].columns
    from helpers.datasets import load_tables

    loaded = load_tables("course:seed=4,customers=150,shape=purchase_log")
    days = small_company["orders"][["customer_id", "order_date"]].drop_duplicates()
    assert loaded.orders["order_id"].nunique() == len(days)
    assert not loaded.has_products and not loaded.has_cost


def test_profit_shape_gives_the_same_cost_in_cents(small_company):
    from helpers.datasets import load_tables

    plain = load_tables("course:seed=4,customers=150")
    profit = load_tables("course:seed=4,customers=150,shape=profit")
    assert profit.totals()["cost"] == plain.totals()["cost"]
    assert profit.totals()["revenue"] == plain.totals()["revenue"]
    assert profit.cleaning.derived == {"cost computed as revenue - profit": len(plain.orders)}


def test_thin_tables_and_no_products_shapes(small_company):
    thin = generate.shape_company(small_company, "thin_tables")
    assert "survey_date" not in thin["survey"].columns
    assert not {"reason", "resolved"} & set(thin["complaints"].columns)
    assert "product_name" not in thin["products"].columns
    no_products = generate.shape_company(small_company, "no_products")
    assert no_products["products"] is None and "cost" in no_products["orders"].columns
