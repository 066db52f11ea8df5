"""The course company: a seeded, synthetic office-supplies distributor (模拟公司).

:func:`generate_company` builds every table the lessons use (customers, products,
order lines, complaints, a satisfaction/loyalty survey, campaign responses and
leads) from one random seed, with NumPy and pandas only, in about a second. The
same seed always gives the same tables, and :func:`write_company` writes them as
byte-identical files, so the committed copy in ``datasets/course/`` can be checked
against a fresh run. :func:`make_raw_export` turns the last quarter's orders into
the messy files a real sales system exports (``datasets/raw_export/``).

What the simulation plants on purpose (the lessons find it again) is listed in
``datasets/README.md``: revenue concentration, loss-making customers, declining and
dormant customers, C-grade customers with high potential, B-grade customers in
trouble, big customers who complain, narrow buyers, and all six
satisfaction x loyalty types.

>>> tables = generate_company(seed=1, n_customers=200)
>>> sorted(tables)
['campaigns', 'complaints', 'customers', 'leads', 'orders', 'products', 'survey']
>>> tables["orders"]["order_date"].max()
Timestamp('2025-12-31 00:00:00')
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

#: first and last day of the simulated order history (24 months)
START = pd.Timestamp("2024-01-01")
END = pd.Timestamp("2025-12-31")
DEFAULT_SEED = 42
DEFAULT_CUSTOMERS = 2000
#: the order the tables are written and listed in
TABLE_NAMES = ("customers", "products", "orders", "complaints", "survey", "campaigns", "leads")
#: file name of each table inside ``datasets/course/``
FILE_NAMES = {name: f"{name}.csv" for name in TABLE_NAMES} | {"orders": "orders.csv.gz"}

#: column -> dtype for every table ("date" means datetime64 at day precision)
COLUMN_TYPES: dict[str, dict[str, str]] = {
    "customers": {
        "customer_id": "str",
        "name": "str",
        "customer_type": "str",
        "business_type": "str",
        "industry": "str",
        "region": "str",
        "city": "str",
        "channel": "str",
        "first_seen": "date",
        "credit_terms_days": "int64",
        "potential": "str",
        "age_band": "str",
        "education": "str",
        "company_size": "str",
        "business_status": "str",
        "wallet_estimate": "int64",
        "consent_marketing": "bool",
    },
    "products": {
        "product_id": "str",
        "product_name": "str",
        "category": "str",
        "category_zh": "str",
        "unit_price": "float64",
        "unit_cost": "float64",
    },
    "orders": {
        "order_id": "str",
        "customer_id": "str",
        "order_date": "date",
        "product_id": "str",
        "quantity": "int64",
        "revenue": "float64",
        "cost": "float64",
    },
    "complaints": {
        "complaint_id": "str",
        "customer_id": "str",
        "order_id": "str",
        "complaint_date": "date",
        "reason": "str",
        "resolved": "bool",
    },
    "survey": {
        "customer_id": "str",
        "survey_date": "date",
        "satisfaction": "int64",
        "loyalty": "int64",
    },
    "campaigns": {
        "campaign_id": "str",
        "customer_id": "str",
        "channel": "str",
        "sent_date": "date",
        "responded": "bool",
        "response_value": "float64",
    },
    "leads": {
        "lead_id": "str",
        "source": "str",
        "created_date": "date",
        "region": "str",
        "interest": "str",
        "converted_customer_id": "str",
    },
}

#: product categories: English, Chinese, typical gross margin, typical list price (CNY)
CATEGORIES = pd.DataFrame(
    {
        "category": [
            "office supplies",
            "paper",
            "printing consumables",
            "IT accessories",
            "office furniture",
            "cleaning supplies",
            "pantry",
            "business gifts",
        ],
        "category_zh": [
            "办公文具",
            "纸品",
            "打印耗材",
            "电脑配件",
            "办公家具",
            "清洁用品",
            "茶水食品",
            "商务礼品",
        ],
        "margin": [0.38, 0.12, 0.30, 0.20, 0.34, 0.27, 0.16, 0.45],
        "price": [25.0, 45.0, 180.0, 150.0, 900.0, 35.0, 60.0, 220.0],
        "n_products": [24, 10, 18, 18, 10, 12, 14, 14],
        "stems": [
            "gel pen|stapler|ring binder|notebook|sticky notes|marker|desk organiser|scissors",
            "A4 copy paper|A3 copy paper|photo paper|label sheets|thermal rolls",
            "toner cartridge|ink cartridge|drum unit|ribbon|refill kit",
            "wireless mouse|keyboard|USB hub|headset|monitor stand|power strip",
            "office chair|desk|filing cabinet|bookshelf|meeting table",
            "hand soap|tissue box|floor cleaner|bin liners|disinfectant wipes",
            "green tea|coffee beans|drinking water|biscuits|paper cups",
            "tea gift box|branded umbrella|power bank|desk clock|leather folio",
        ],
    }
)

REGIONS = pd.DataFrame(
    {
        "region": ["East", "North", "South", "Central", "Southwest", "Northwest", "Northeast"],
        "share": [0.30, 0.20, 0.20, 0.11, 0.09, 0.05, 0.05],
        "cities": [
            "Shanghai|Hangzhou|Nanjing|Suzhou",
            "Beijing|Tianjin|Shijiazhuang",
            "Guangzhou|Shenzhen|Xiamen",
            "Wuhan|Changsha|Zhengzhou",
            "Chengdu|Chongqing|Kunming",
            "Xi'an|Lanzhou",
            "Shenyang|Harbin|Dalian",
        ],
    }
)

BUSINESS_TYPES = np.array(["wholesale", "retail", "agent", "chain store"])
INDUSTRIES = np.array(
    [
        "manufacturing",
        "education",
        "IT services",
        "finance",
        "public sector",
        "hospitality",
        "logistics",
        "professional services",
    ]
)
CHANNELS = np.array(["online shop", "store", "sales rep", "phone", "trade fair"])
COMPLAINT_REASONS = np.array(
    [
        "late delivery",
        "damaged goods",
        "wrong item",
        "invoice error",
        "price dispute",
        "service attitude",
    ]
)
LEAD_SOURCES = np.array(
    ["trade fair", "website form", "referral", "rented list", "event", "market survey"]
)
_SYLLABLES = np.array(
    [
        "Hua",
        "Xin",
        "Jin",
        "Da",
        "Tian",
        "Hong",
        "Yuan",
        "Bao",
        "Feng",
        "Long",
        "Sheng",
        "Heng",
        "Rui",
        "Kai",
        "Ming",
        "Tai",
        "Fu",
        "An",
        "Cheng",
        "Guang",
    ]  # fmt: skip
)
_FIRM_WORDS = {
    "wholesale": " Wholesale Co.",
    "retail": " Office Retail Ltd",
    "agent": " Trading Agency",
    "chain store": " Stores Group",
}


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    """``prefix`` + 1..n zero-padded to ``width`` digits: _ids("C", 2, 4) -> ['C0001', 'C0002']."""
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width))


def _choice(rng: np.random.Generator, values, n: int, p=None) -> np.ndarray:
    return np.asarray(values)[rng.choice(len(values), size=n, p=p)]


def _products(rng: np.random.Generator) -> pd.DataFrame:
    cat = CATEGORIES.loc[CATEGORIES.index.repeat(CATEGORIES["n_products"])].reset_index(drop=True)
    n = len(cat)
    within = cat.groupby("category", sort=False).cumcount().to_numpy()
    stem_table = cat["stems"].str.split("|", expand=True).fillna("").to_numpy()
    n_stems = (stem_table != "").sum(axis=1)
    stem = stem_table[np.arange(n), within % n_stems]
    model = np.array(["Basic", "Standard", "Plus", "Pro", "Max"])[(within // n_stems) % 5]
    price = (cat["price"].to_numpy() * rng.lognormal(0.0, 0.45, n)).clip(2.0).round(1)
    margin = (cat["margin"].to_numpy() + rng.normal(0.0, 0.07, n)).clip(0.04, 0.65)
    cost = (price * (1.0 - margin)).round(2)
    return pd.DataFrame(
        {
            "product_id": _ids("P", n, 3),
            "product_name": stem + " " + model,
            "category": cat["category"].to_numpy(),
            "category_zh": cat["category_zh"].to_numpy(),
            "unit_price": price,
            "unit_cost": cost,
        }
    )


def _month_starts() -> pd.DatetimeIndex:
    return pd.date_range(START, END, freq="MS")


def generate_company(
    seed: int = DEFAULT_SEED, n_customers: int = DEFAULT_CUSTOMERS
) -> dict[str, pd.DataFrame]:
    """Simulate the course company and return its tables by name.

    Tables: customers, products, orders (one row per order line, revenue net of
    discounts, cost at unit cost), complaints, survey, campaigns and leads, with the
    columns and types of :data:`COLUMN_TYPES`. Orders run from 2024-01-01 to
    2025-12-31.

    >>> t = generate_company(seed=3, n_customers=100)
    >>> t["customers"]["customer_id"].iloc[0], len(t["customers"])
    ('C0001', 100)
    >>> bool((t["orders"]["quantity"] > 0).all())
    True
    """
    rng = np.random.default_rng(seed)
    n = int(n_customers)
    products = _products(rng)
    n_cat = len(CATEGORIES)
    months = _month_starts()
    n_months = len(months)

    # ---- who the customers are -------------------------------------------------------
    ids = np.array(_ids("C", n, 4))
    corporate = rng.random(n) < 0.32
    log_value = np.where(
        corporate, rng.normal(np.log(24000), 1.1, n), rng.normal(np.log(1600), 0.8, n)
    )
    # planted: corporate customers who buy little from us but have a large budget
    underpenetrated = corporate & (rng.random(n) < 0.10)
    log_value = np.where(underpenetrated, rng.normal(np.log(2500), 0.4, n), log_value)
    value = np.exp(log_value)  # expected yearly revenue with us, CNY
    joined_in_window = rng.random(n) < 0.22
    window_days = (END - START).days
    join_offset = rng.integers(0, window_days - 60, n)
    join_date = np.where(joined_in_window, START + pd.to_timedelta(join_offset, "D"), START)
    join_date = pd.DatetimeIndex(join_date)
    before_days = rng.integers(0, (START - pd.Timestamp("2016-01-01")).days, n)
    first_seen = np.where(
        joined_in_window,
        join_date,
        pd.Timestamp("2016-01-01") + pd.to_timedelta(before_days, "D"),
    )

    trend = _choice(
        rng, ["stable", "growing", "declining", "dormant"], n, p=[0.56, 0.12, 0.17, 0.15]
    )
    trend = np.where(underpenetrated & (rng.random(n) < 0.5), "growing", trend)
    # planted: loss-making discount hunters
    hunter = rng.random(n) < 0.045

    # ---- monthly buying intensity ------------------------------------------------------
    m = np.arange(n_months)[None, :]
    multiplier = np.ones((n, n_months))
    multiplier = np.where(
        (trend == "growing")[:, None], 0.55 + 0.9 * m / (n_months - 1), multiplier
    )
    decline = np.clip(1.0 - 0.8 * (m - 11) / 12.0, 0.2, 1.0)
    multiplier = np.where((trend == "declining")[:, None], decline, multiplier)
    stop_month = rng.integers(3, 17, n)[:, None]
    multiplier = np.where((trend == "dormant")[:, None] & (m > stop_month), 0.0, multiplier)
    join_month = ((join_date.year - START.year) * 12 + join_date.month - 1).to_numpy()[:, None]
    multiplier = np.where(m < join_month, 0.0, multiplier)
    season = np.array([0.85, 0.8, 1.0, 1.0, 1.0, 0.95, 0.9, 0.95, 1.05, 1.05, 1.15, 1.3])
    multiplier = multiplier * season[months.month.to_numpy() - 1][None, :]

    freq = np.clip(0.2 * (value / 1000.0) ** 0.5, 0.05, 8.0)  # orders per month
    counts = rng.poisson(freq[:, None] * multiplier)
    # new customers place an order on the day they join; everyone orders at least once
    first_order = joined_in_window.astype(int)
    counts[np.arange(n), join_month[:, 0]] += first_order
    none = counts.sum(axis=1) == 0
    active = multiplier > 0
    fallback_month = np.argmax(active * rng.random((n, n_months)), axis=1)
    counts[np.flatnonzero(none), fallback_month[none]] += 1

    cust_idx, month_idx = np.nonzero(counts)
    reps = counts[cust_idx, month_idx]
    o_cust = np.repeat(cust_idx, reps)
    o_month = np.repeat(month_idx, reps)
    n_orders = len(o_cust)
    month_start = months[o_month]
    month_len = month_start.days_in_month.to_numpy()
    day = np.floor(rng.random(n_orders) * month_len).astype(int)
    o_date = month_start + pd.to_timedelta(day, "D")
    o_date = pd.DatetimeIndex(np.maximum(o_date.to_numpy(), join_date.to_numpy()[o_cust]))
    # the first order of a customer who joined in the window falls on the join date
    is_first = np.r_[True, o_cust[1:] != o_cust[:-1]]
    on_join = is_first & joined_in_window[o_cust]
    o_date = pd.DatetimeIndex(np.where(on_join, join_date.to_numpy()[o_cust], o_date.to_numpy()))

    # ---- lines, products, quantities ------------------------------------------------------
    lines_mean = np.where(corporate, 2.4 + 0.6 * np.log1p(value / 20000.0), 1.3)
    n_lines = 1 + rng.poisson(lines_mean[o_cust])
    l_order = np.repeat(np.arange(n_orders), n_lines)
    l_cust = o_cust[l_order]
    n_l = len(l_order)

    pref = rng.gamma(0.7, 1.0, (n, n_cat))
    pref[hunter] *= np.array([0.3, 3.0, 0.5, 2.5, 0.2, 0.5, 2.5, 0.1])
    narrow = rng.random(n) < 0.22
    n_keep = np.where(rng.random(n) < 0.5, 1, 2)
    rank = np.argsort(np.argsort(rng.random((n, n_cat)) / pref, axis=1), axis=1)
    pref = np.where(narrow[:, None] & (rank >= n_keep[:, None]), 0.0, pref)
    cum = np.cumsum(pref / pref.sum(axis=1, keepdims=True), axis=1)
    share_of_wallet = np.where(
        underpenetrated, rng.uniform(0.02, 0.08, n), rng.beta(2.5, 2.5, n).clip(0.08)
    )
    # narrow buyers get most of their supplies elsewhere (cross-selling prospects)
    share_of_wallet = np.where(narrow & ~underpenetrated, 0.35 * share_of_wallet, share_of_wallet)
    wallet = (value / share_of_wallet / 100).round() * 100

    l_cat = (rng.random(n_l)[:, None] > cum[l_cust]).sum(axis=1).clip(max=n_cat - 1)

    cat_codes = pd.Categorical(products["category"], categories=CATEGORIES["category"]).codes
    popularity = rng.lognormal(0.0, 0.8, len(products))
    order_p = np.lexsort((np.arange(len(products)), cat_codes))
    pop_sorted = popularity[order_p]
    cat_sorted = cat_codes[order_p]
    cum_pop = pd.Series(pop_sorted).groupby(cat_sorted).cumsum().to_numpy()
    tot_pop = pd.Series(pop_sorted).groupby(cat_sorted).transform("sum").to_numpy()
    keys = cat_sorted + cum_pop / tot_pop
    pos = np.searchsorted(keys, l_cat + rng.random(n_l) * 0.999999, side="left")
    l_prod = order_p[pos.clip(max=len(products) - 1)]

    price = products["unit_price"].to_numpy()[l_prod]
    unit_cost = products["unit_cost"].to_numpy()[l_prod]
    base_discount = np.where(corporate, np.clip(0.02 + 0.03 * np.log1p(value / 10000), 0, 0.16), 0)
    base_discount = np.where(rng.random(n) < 0.25, base_discount + 0.03, base_discount)
    base_discount = np.where(hunter, rng.uniform(0.28, 0.42, n), base_discount)
    promo = np.where(rng.random(n_l) < 0.08, rng.uniform(0.05, 0.2, n_l), 0.0)
    discount = np.clip(base_discount[l_cust] + promo, 0, 0.6)
    basket = value / 12.0 / freq
    line_value = basket[l_cust] / n_lines[l_order]
    qty = np.maximum(1, np.round(line_value / price * rng.lognormal(0, 0.35, n_l))).astype(int)
    qty = np.minimum(qty, 500)
    revenue = np.round(qty * price * (1.0 - discount), 2)
    cost = np.round(qty * unit_cost, 2)

    lines = pd.DataFrame(
        {
            "o": l_order,
            "customer_id": ids[l_cust],
            "order_date": o_date[l_order],
            "product_id": products["product_id"].to_numpy()[l_prod],
            "quantity": qty,
            "revenue": revenue,
            "cost": cost,
        }
    )
    lines = lines.groupby(["o", "customer_id", "order_date", "product_id"], as_index=False)[
        ["quantity", "revenue", "cost"]
    ].sum()
    # order ids follow the calendar
    order_keys = lines.drop_duplicates("o")[["o", "order_date", "customer_id"]]
    order_keys = order_keys.sort_values(["order_date", "customer_id", "o"], kind="stable")
    order_keys["order_id"] = _ids("O", len(order_keys), 6)
    lines = lines.merge(order_keys[["o", "order_id"]], on="o")
    orders = lines.sort_values(["order_date", "order_id", "product_id"], kind="stable")[
        list(COLUMN_TYPES["orders"])
    ]
    orders["revenue"] = orders["revenue"].round(2)
    orders["cost"] = orders["cost"].round(2)

    # ---- customer facts that depend on what they bought -------------------------------------
    cust_orders = np.bincount(o_cust, minlength=n)
    growth = np.select(
        [trend == "growing", trend == "declining", trend == "dormant"], [1.0, -1.2, -1.5], 0.0
    )
    pot_score = (
        1.3 * np.log(wallet / np.maximum(value, 1.0))
        + 0.8 * growth
        + 0.5 * corporate
        + rng.normal(0, 0.6, n)
    )
    hi, lo = np.quantile(pot_score, [0.78, 0.30])
    potential = np.where(pot_score >= hi, "high", np.where(pot_score < lo, "low", "medium"))

    business_type = np.where(
        corporate, _choice(rng, BUSINESS_TYPES, n, [0.25, 0.35, 0.15, 0.25]), None
    )
    industry = np.where(corporate, _choice(rng, INDUSTRIES, n), None)
    region_i = rng.choice(len(REGIONS), size=n, p=REGIONS["share"].to_numpy())
    city_table = REGIONS["cities"].str.split("|", expand=True).fillna("").to_numpy()
    n_cities = (city_table != "").sum(axis=1)
    city_pick = rng.random(n)
    city = city_table[region_i, (city_pick * n_cities[region_i]).astype(int)]
    channel = np.where(
        corporate,
        _choice(rng, CHANNELS, n, [0.15, 0.05, 0.5, 0.15, 0.15]),
        _choice(rng, CHANNELS, n, [0.55, 0.3, 0.0, 0.15, 0.0]),
    )
    credit = np.where(
        corporate,
        np.select([value > 80000, value > 20000, value > 5000], [60, 30, 15], 0),
        0,
    )
    credit = np.where(corporate & (rng.random(n) < 0.08), 90, credit)
    size = np.select(
        [value > 120000, value > 30000, value > 8000], ["250+", "50-249", "10-49"], "1-9"
    )
    size = np.where(underpenetrated, _choice(rng, ["50-249", "250+"], n), size)
    status = np.where(
        trend == "declining",
        _choice(rng, ["operating", "restructuring"], n, [0.6, 0.4]),
        _choice(rng, ["operating", "expanding", "restructuring"], n, [0.75, 0.2, 0.05]),
    )
    status = np.where(trend == "growing", "expanding", status)
    syll = _choice(rng, _SYLLABLES, n) + np.char.lower(_choice(rng, _SYLLABLES, n).astype(str))
    firm = pd.Series(business_type).map(_FIRM_WORDS).fillna("").to_numpy().astype(str)
    alphabet = np.array(list("ABCDEFGHJKLMNPQRSTUVWXYZ23456789"))
    code = pd.DataFrame(_choice(rng, alphabet, n * 5).reshape(n, 5)).sum(axis=1).to_numpy()
    name = np.where(corporate, np.char.add(syll.astype(str), firm), "Member " + code.astype(str))
    customers = pd.DataFrame(
        {
            "customer_id": ids,
            "name": name,
            "customer_type": np.where(corporate, "corporate", "personal"),
            "business_type": business_type,
            "industry": industry,
            "region": REGIONS["region"].to_numpy()[region_i],
            "city": city,
            "channel": channel,
            "first_seen": pd.DatetimeIndex(first_seen).normalize(),
            "credit_terms_days": credit.astype("int64"),
            "potential": potential,
            "age_band": np.where(
                corporate, None, _choice(rng, ["18-25", "26-35", "36-45", "46-55", "56+"], n)
            ),
            "education": np.where(
                corporate,
                None,
                _choice(rng, ["secondary", "college", "bachelor", "postgraduate"], n),
            ),
            "company_size": np.where(corporate, size, None),
            "business_status": np.where(corporate, status, None),
            "wallet_estimate": wallet.astype("int64"),
            "consent_marketing": rng.random(n) < 0.7,
        }
    )

    # ---- complaints: more orders, more chances; some big customers complain a lot ---------
    top_value = value >= np.quantile(value, 0.9)
    complainer = (rng.random(n) < 0.12) | (top_value & (rng.random(n) < 0.35))
    p_complaint = np.where(complainer, 0.13, 0.02)
    o_ids = orders.drop_duplicates("order_id")[["order_id", "customer_id", "order_date"]]
    o_ci = o_ids["customer_id"].str[1:].astype(int).to_numpy() - 1
    hit = rng.random(len(o_ids)) < p_complaint[o_ci]
    comp = o_ids.loc[hit].reset_index(drop=True)
    k = len(comp)
    comp_date = comp["order_date"] + pd.to_timedelta(rng.integers(1, 15, k), "D")
    comp_date = comp_date.where(comp_date <= END, END)
    complaints = pd.DataFrame(
        {
            "complaint_id": _ids("K", k, 5),
            "customer_id": comp["customer_id"].to_numpy(),
            "order_id": comp["order_id"].to_numpy(),
            "complaint_date": comp_date.to_numpy(),
            "reason": _choice(rng, COMPLAINT_REASONS, k, [0.3, 0.2, 0.15, 0.12, 0.13, 0.1]),
            "resolved": rng.random(k)
            < np.where(complainer[comp["customer_id"].str[1:].astype(int) - 1], 0.7, 0.9),
        }
    )
    complaints = complaints.sort_values(["complaint_date", "complaint_id"], kind="stable")
    complaints["complaint_id"] = _ids("K", k, 5)

    # ---- survey: a sample; the six loyalty types are more or less likely by behaviour -------
    n_comp = np.bincount(o_ci[hit], minlength=n)
    unresolved = np.bincount(
        complaints["customer_id"].str[1:].astype(int).to_numpy()[~complaints["resolved"].to_numpy()]
        - 1,
        minlength=n,
    )
    respondents = np.sort(rng.choice(n, size=int(round(n * 0.35)), replace=False))
    r = len(respondents)
    z_rep = np.log1p(cust_orders[respondents])
    z_rep = (z_rep - z_rep.mean()) / z_rep.std()
    comp_r = n_comp[respondents]
    unres_r = unresolved[respondents]
    locked = (credit[respondents] >= 60) | np.isin(
        REGIONS["region"].to_numpy()[region_i[respondents]], ["Northwest", "Northeast"]
    )
    # columns: apostle, loyalist, hostage, mercenary, defector, terrorist
    scores = np.column_stack(
        [
            1.3 * z_rep - 1.0 * comp_r - 0.4,
            0.9 * z_rep - 0.5 * comp_r + 0.9,
            1.6 * locked + 0.2 * comp_r - 0.7,
            1.8 * hunter[respondents] + 0.4 * ~corporate[respondents] - 0.6 * z_rep - 0.3,
            0.8 * comp_r - 0.8 * z_rep + 0.1,
            1.2 * unres_r + 0.4 * comp_r - 1.4,
        ]
    )
    prob = np.exp(scores)
    prob /= prob.sum(axis=1, keepdims=True)
    t = (rng.random(r)[:, None] > np.cumsum(prob, axis=1)).sum(axis=1).clip(max=5)
    ri = rng.integers
    hi_s = ri(9, 11, r)
    sat = np.select(
        [t == 0, t == 1, t == 2, t == 3, t == 4],
        [hi_s, ri(7, 11, r), ri(2, 7, r), ri(7, 11, r), ri(4, 7, r)],
        ri(1, 4, r),
    )
    loy = np.select(
        [t == 0, t == 1, t == 2, t == 3, t == 4],
        [ri(9, 11, r), np.where(sat >= 9, ri(7, 9, r), ri(7, 11, r)), ri(7, 11, r),
         ri(2, 7, r), ri(1, 7, r)],
        ri(1, 4, r),
    )  # fmt: skip
    survey = pd.DataFrame(
        {
            "customer_id": ids[respondents],
            "survey_date": pd.Timestamp("2025-11-03") + pd.to_timedelta(ri(0, 26, r), "D"),
            "satisfaction": sat.astype("int64"),
            "loyalty": loy.astype("int64"),
        }
    )

    # ---- campaign responses ------------------------------------------------------------------
    campaign_info = pd.DataFrame(
        {
            "campaign_id": ["CP2501", "CP2502", "CP2503", "CP2504"],
            "channel": ["email", "SMS", "WeChat", "email"],
            "sent_date": pd.to_datetime(["2025-03-10", "2025-06-16", "2025-09-08", "2025-11-17"]),
        }
    )
    consent = customers["consent_marketing"].to_numpy()
    sent = rng.random((n, 4)) < np.where(consent, 0.45, 0.0)[:, None]
    c_i, k_i = np.nonzero(sent)
    recent = np.log1p(counts[:, 12:].sum(axis=1))
    p_resp = 1.0 / (1.0 + np.exp(-(-2.6 + 0.7 * recent[c_i] + 0.8 * hunter[c_i])))
    responded = rng.random(len(c_i)) < p_resp
    resp_value = np.where(
        responded, np.round(basket[c_i] * rng.lognormal(0.0, 0.4, len(c_i)), 2), np.nan
    )
    campaigns = pd.DataFrame(
        {
            "campaign_id": campaign_info["campaign_id"].to_numpy()[k_i],
            "customer_id": ids[c_i],
            "channel": campaign_info["channel"].to_numpy()[k_i],
            "sent_date": campaign_info["sent_date"].to_numpy()[k_i],
            "responded": responded,
            "response_value": resp_value,
        }
    ).sort_values(["campaign_id", "customer_id"], kind="stable")

    # ---- leads: prospects; some became the customers who joined in the window ----------------
    newcomers = np.flatnonzero(joined_in_window & (rng.random(n) < 0.45))
    n_conv = len(newcomers)
    n_open = max(int(round(n * 0.25)), 1)
    conv_created = (
        join_date.to_numpy()[newcomers]
        - pd.to_timedelta(rng.integers(10, 120, n_conv), "D").to_numpy()
    )
    open_created = START + pd.to_timedelta(rng.integers(0, window_days - 30, n_open), "D")
    created = np.concatenate([conv_created, open_created.to_numpy()])
    n_leads = n_conv + n_open
    lead_region = np.concatenate(
        [
            REGIONS["region"].to_numpy()[region_i[newcomers]],
            _choice(rng, REGIONS["region"].to_numpy(), n_open, REGIONS["share"].to_numpy()),
        ]
    )
    leads = pd.DataFrame(
        {
            "source": _choice(rng, LEAD_SOURCES, n_leads, [0.25, 0.25, 0.15, 0.15, 0.1, 0.1]),
            "created_date": created,
            "region": lead_region,
            "interest": _choice(rng, CATEGORIES["category"].to_numpy(), n_leads),
            "converted_customer_id": np.concatenate([ids[newcomers], np.full(n_open, None)]),
        }
    )
    leads = leads.sort_values(["created_date", "region", "source"], kind="stable")
    leads.insert(0, "lead_id", _ids("L", n_leads, 4))

    tables = {
        "customers": customers,
        "products": products,
        "orders": orders,
        "complaints": complaints,
        "survey": survey,
        "campaigns": campaigns,
        "leads": leads,
    }
    return {name: canonical_types(tables[name], name) for name in TABLE_NAMES}


#: named variants of the company for testing readings on shapes the course company lacks
SHAPES = {
    "flat": "customers buy about the same amounts: the 80/20 rule does not hold",
    "mostly_a": "customers buy almost exactly the same: most of them are grade A",
    "no_cost": "no cost column anywhere: profit is unknown",
    "no_survey": "no survey, complaints, campaigns or leads",
    "losses": "a third of the customers buy at a loss (cost above revenue)",
    "orders_only": "order lines only, without cost and without any other table",
    "purchase_log": "a purchase log: no order ids, no product ids, no cost, no products table",
    "no_products": "cost on the order lines but no products table",
    "thin_tables": "a survey without dates, complaints without reasons or resolution, "
    "products without names",
    "profit": "order lines with profit instead of cost",
}


def shape_company(
    tables: dict[str, pd.DataFrame], shape: str, *, seed: int = DEFAULT_SEED
) -> dict[str, pd.DataFrame | None]:
    """A variant of a generated company with one of the :data:`SHAPES` (new frames).

    >>> t = shape_company(generate_company(seed=3, n_customers=200), "mostly_a")
    >>> totals = t["orders"].groupby("customer_id")["revenue"].sum()
    >>> bool(totals.max() / totals.min() < 1.2)
    True
    >>> shape_company(generate_company(seed=3, n_customers=50), "orders_only")["survey"] is None
    True
    """
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; the shapes are {sorted(SHAPES)}")
    out: dict[str, pd.DataFrame | None] = {k: v.copy() for k, v in tables.items()}
    orders = out["orders"]
    rng = np.random.default_rng(seed + 1)
    if shape in ("flat", "mostly_a"):
        codes, uniques = pd.factorize(orders["customer_id"])
        totals = np.bincount(codes, weights=orders["revenue"].to_numpy())
        sigma = 0.35 if shape == "flat" else 0.02
        target = totals.mean() * rng.lognormal(0.0, sigma, len(uniques))
        factor = (target / totals)[codes]
        orders["revenue"] = (orders["revenue"] * factor).round(2)
        orders["cost"] = (orders["cost"] * factor).round(2)
    if shape == "losses":
        ids = orders["customer_id"].unique()
        losers = rng.choice(ids, size=len(ids) // 3, replace=False)
        hit = orders["customer_id"].isin(losers)
        orders.loc[hit, "cost"] = (orders.loc[hit, "revenue"] * 1.15).round(2)
    if shape in ("no_cost", "orders_only"):
        orders = orders.drop(columns="cost")
        out["products"] = out["products"].drop(columns="unit_cost")
    if shape in ("no_survey", "orders_only"):
        for name in ("survey", "complaints", "campaigns", "leads"):
            out[name] = None
    if shape == "orders_only":
        out["customers"] = out["products"] = None
    if shape == "purchase_log":
        orders = orders.drop(columns=["order_id", "product_id", "cost"])
        out["products"] = None
        out["complaints"] = out["complaints"].drop(columns="order_id")
    if shape == "no_products":
        out["products"] = None
    if shape == "thin_tables":
        out["survey"] = out["survey"].drop(columns="survey_date")
        out["complaints"] = out["complaints"].drop(columns=["reason", "resolved"])
        out["products"] = out["products"].drop(columns="product_name")
    if shape == "profit":
        orders = orders.assign(profit=(orders["revenue"] - orders["cost"]).round(2))
        orders = orders.drop(columns="cost")
    out["orders"] = orders
    return out


def canonical_types(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Return a copy of a course table with the column order and dtypes of COLUMN_TYPES.

    >>> df = pd.DataFrame({"customer_id": ["C1"], "satisfaction": [9.0], "loyalty": [8],
    ...                    "survey_date": ["2025-11-03"]})
    >>> canonical_types(df, "survey").dtypes.astype(str).tolist()
    ['str', 'datetime64[us]', 'int64', 'int64']
    """
    out = {}
    for col, kind in COLUMN_TYPES[table].items():
        s = df[col]
        if kind == "date":
            out[col] = pd.to_datetime(s).astype("datetime64[us]")
        elif kind == "str":
            out[col] = s.astype("str").where(s.notna())
        elif kind == "bool":
            out[col] = s.astype("bool")
        else:
            out[col] = s.astype(kind)
    return pd.DataFrame(out).reset_index(drop=True)


# ---- writing files that are identical byte for byte ------------------------------------------


def table_bytes(df: pd.DataFrame, *, gz: bool = False) -> bytes:
    """CSV bytes of a table: UTF-8, LF line ends, dates as YYYY-MM-DD, floats with 2 decimals.

    With ``gz=True`` the bytes are gzip-compressed with a zero timestamp and no file
    name, so the same table always gives the same bytes.

    >>> table_bytes(pd.DataFrame({"a": [1.5], "d": pd.to_datetime(["2025-01-02"])}))
    b'a,d\\n1.50,2025-01-02\\n'
    >>> one = pd.DataFrame({"a": [1]})
    >>> table_bytes(one, gz=True) == table_bytes(one, gz=True)
    True
    """
    text = df.to_csv(index=False, lineterminator="\n", float_format="%.2f", date_format="%Y-%m-%d")
    data = text.encode("utf-8")
    if gz:
        return gzip.compress(data, compresslevel=9, mtime=0)
    return data


def company_files(tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """File name -> bytes for the tables of :func:`generate_company` (``datasets/course/``).

    >>> sorted(company_files(generate_company(seed=2, n_customers=50)))[:2]
    ['campaigns.csv', 'complaints.csv']
    """
    return {
        FILE_NAMES[name]: table_bytes(tables[name], gz=FILE_NAMES[name].endswith(".gz"))
        for name in TABLE_NAMES
    }


def write_files(files: dict[str, bytes], folder: str | Path) -> list[str]:
    """Write ``files`` into ``folder``; return the names whose content changed (or is new).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     first, again = write_files({"a.txt": b"x"}, d), write_files({"a.txt": b"x"}, d)
    >>> first, again
    (['a.txt'], [])
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, data in files.items():
        path = folder / name
        if not path.exists() or not same_content(name, path.read_bytes(), data):
            path.write_bytes(data)
            changed.append(name)
    return changed


def same_content(name: str, a: bytes, b: bytes) -> bool:
    """True when two versions of a generated file hold the same data.

    Identical bytes always count; a ``.gz`` file also counts when its uncompressed
    bytes are equal, and an ``.xlsx`` when every member is, so a different zlib build
    (which may compress differently) does not make the committed files look stale.

    >>> same_content("a.csv.gz", gzip.compress(b"x", 9, mtime=0), gzip.compress(b"x", 1, mtime=0))
    True
    >>> same_content("a.csv", b"x", b"y")
    False
    """
    if a == b:
        return True
    try:
        if name.endswith(".gz"):
            return gzip.decompress(a) == gzip.decompress(b)
        if name.endswith(".xlsx"):
            za, zb = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(b))
            names = za.namelist()
            return names == zb.namelist() and all(za.read(n) == zb.read(n) for n in names)
    except (OSError, zipfile.BadZipFile):
        return False
    return False


def read_company(folder: str | Path) -> dict[str, pd.DataFrame]:
    """Read the tables written by :func:`company_files` back with their canonical dtypes.

    >>> from helpers.paths import DATASETS_DIR
    >>> t = read_company(DATASETS_DIR / "course")
    >>> t["orders"]["order_date"].min(), t["orders"]["order_date"].max()
    (Timestamp('2024-01-01 00:00:00'), Timestamp('2025-12-31 00:00:00'))
    """
    folder = Path(folder)
    tables = {}
    for name in TABLE_NAMES:
        types = COLUMN_TYPES[name]
        dtype = {c: ("str" if k in ("str", "date") else k) for c, k in types.items()}
        dtype = {c: k for c, k in dtype.items() if k != "bool"}
        df = pd.read_csv(folder / FILE_NAMES[name], dtype=dtype, keep_default_na=False,
                         na_values={c: [""] for c in types})  # fmt: skip
        tables[name] = canonical_types(df, name)
    return tables


# ---- the raw export: the same orders as a real sales system would hand them over -------------

RAW_CSV = "orders_2025-10_11_gbk.csv"
RAW_XLSX = "orders_2025-12.xlsx"
RAW_SHEET = "orders"
#: the Chinese headers of the GBK export, in order, and what they mean
RAW_CSV_HEADERS = {
    "订单号": "order_id",
    "客户编号": "customer_id",
    "订单日期": "order_date",
    "产品编号": "product_id",
    "产品名称": "product_name",
    "数量": "quantity",
    "单价": "unit_price",
    "金额": "revenue",
    "成本": "cost",
    "原订单号": "original_order_id",
}
RAW_XLSX_HEADERS = {
    "Invoice No": "order_id",
    "Customer No": "customer_id",
    "Date": "order_date",
    "SKU": "product_id",
    "Description": "product_name",
    "Qty": "quantity",
    "Unit Price": "unit_price",
    "Amount": "revenue",
    "Cost": "cost",
    "Original Invoice": "original_order_id",
}
RAW_FROM = pd.Timestamp("2025-10-01")
RAW_SPLIT = pd.Timestamp("2025-12-01")
#: the number of days of November repeated in the December workbook (an overlap)
RAW_OVERLAP_DAYS = 2


def make_raw_export(
    tables: dict[str, pd.DataFrame], seed: int = DEFAULT_SEED
) -> dict[str, pd.DataFrame]:
    """Turn the last quarter's orders into two messy exports with the faults real ones have.

    Returns ``{"csv": ..., "xlsx": ...}`` with canonical column names (the writer
    renames them): October-November for the GBK CSV, December (plus the last
    days of November again) for the workbook. Extra rows: exact duplicates,
    cancellations (order id 'C...', negative quantity), returns (order id 'R...',
    negative quantity, referencing the original order), lines with no customer id,
    freight lines (product 'FREIGHT'), free samples (price 0); changed values:
    customer ids with stray spaces or lower case, amounts as text with thousands
    separators and currency signs, dates in mixed formats. Cleaning both files gives
    back exactly the course orders from 2025-10-01 (see ``datasets/README.md``).

    >>> raw = make_raw_export(generate_company(seed=1, n_customers=200), seed=1)
    >>> sorted(raw), bool((raw["csv"]["order_id"].str[0] == "C").any())
    (['csv', 'xlsx'], True)
    """
    rng = np.random.default_rng(seed + 1)
    products = tables["products"].set_index("product_id")
    q = tables["orders"].loc[tables["orders"]["order_date"] >= RAW_FROM].reset_index(drop=True)
    base = q.assign(
        product_name=products["product_name"].reindex(q["product_id"]).to_numpy(),
        unit_price=products["unit_price"].reindex(q["product_id"]).to_numpy(),
        original_order_id=None,
    )
    orders_q = base.drop_duplicates("order_id")

    def pick(frame: pd.DataFrame, share: float) -> pd.DataFrame:
        return frame.loc[rng.random(len(frame)) < share]

    cancel = pick(base, 0.006).assign(
        order_id=lambda d: "C" + d["order_id"].str[1:],
        quantity=lambda d: -d["quantity"],
        revenue=lambda d: -d["revenue"],
        cost=lambda d: -d["cost"],
    )
    ret = pick(base, 0.008)
    returned_qty = np.maximum(
        1, np.floor(ret["quantity"].to_numpy() * rng.uniform(0.2, 1.0, len(ret)))
    )
    ret = ret.assign(
        original_order_id=ret["order_id"],
        order_id="R" + ret["order_id"].str[1:],
        order_date=ret["order_date"] + pd.to_timedelta(rng.integers(3, 20, len(ret)), "D"),
        quantity=-returned_qty.astype(int),
        revenue=lambda d: -(d["revenue"] / q.loc[d.index, "quantity"] * returned_qty).round(2),
        cost=lambda d: -(d["cost"] / q.loc[d.index, "quantity"] * returned_qty).round(2),
    )
    ret = ret.loc[ret["order_date"] <= END]
    cash = pick(base, 0.02).assign(
        customer_id=None,
        order_id=lambda d: "S" + d["order_id"].str[1:],
    )
    freight_orders = pick(orders_q, 0.05)
    freight = freight_orders.assign(
        product_id="FREIGHT",
        product_name="freight 运费",
        quantity=1,
        unit_price=15.0,
        revenue=15.0,
        cost=15.0,
    )
    samples = pick(base, 0.006).assign(
        product_name=lambda d: d["product_name"] + " (sample)", unit_price=0.0, revenue=0.0
    )
    samples = samples.assign(product_id=samples["product_id"] + "-S")
    dups = pick(base, 0.012)
    raw = pd.concat([base, cancel, ret, cash, freight, samples, dups], ignore_index=True)
    raw = raw.sort_values(["order_date", "order_id", "product_id"], kind="stable").reset_index(
        drop=True
    )
    m = len(raw)
    # stray spaces and lower case in some customer ids
    messy_id = rng.random(m) < 0.03
    cid = raw["customer_id"]
    raw["customer_id"] = cid.where(~messy_id | cid.isna(), " " + cid.str.lower() + " ")
    # amounts as text: plain, with thousands separators, or with a currency sign
    style = rng.choice(3, size=m, p=[0.5, 0.3, 0.2])
    for col in ("revenue", "unit_price", "cost"):
        v = raw[col].to_numpy()
        plain = pd.Series(np.char.mod("%.2f", v))
        commas = plain.str.replace(r"(\d)(?=(?:\d{3})+\.)", r"\1,", regex=True)
        sign = np.where(v < 0, "-¥" + commas.str.lstrip("-"), "¥" + commas)
        raw[col] = np.select([style == 0, style == 1], [plain, commas], sign)
    raw["quantity"] = raw["quantity"].astype("int64")
    csv_part = raw.loc[raw["order_date"] < RAW_SPLIT].reset_index(drop=True)
    overlap_from = RAW_SPLIT - pd.Timedelta(days=RAW_OVERLAP_DAYS)
    xlsx_part = raw.loc[raw["order_date"] >= overlap_from].reset_index(drop=True)
    # mixed date formats in the CSV; text dates among real ones in the workbook
    d = csv_part["order_date"]
    fmt = rng.choice(4, size=len(d), p=[0.55, 0.2, 0.15, 0.1])
    csv_part["order_date"] = np.select(
        [fmt == 0, fmt == 1, fmt == 2],
        [
            d.dt.strftime("%Y-%m-%d"),
            d.dt.year.astype(str) + "/" + d.dt.month.astype(str) + "/" + d.dt.day.astype(str),
            d.dt.strftime("%Y%m%d"),
        ],
        d.dt.year.astype(str) + "年" + d.dt.month.astype(str) + "月" + d.dt.day.astype(str) + "日",
    )
    x = xlsx_part["order_date"]
    as_text = rng.random(len(x)) < 0.1
    xlsx_part["order_date"] = pd.Series(x.dt.strftime("%Y/%m/%d"), dtype=object).where(
        as_text, x.astype(object)
    )
    return {"csv": csv_part, "xlsx": xlsx_part}


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip (an .xlsx) with fixed timestamps, so the same content gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                import re

                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2026-01-01T00:00:00Z", body)
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, body, compresslevel=6)
    return out.getvalue()


def raw_export_files(raw: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """File name -> bytes of the raw export: a GBK CSV with Chinese headers, an .xlsx workbook.

    >>> raw = make_raw_export(generate_company(seed=1, n_customers=100), seed=1)
    >>> files = raw_export_files(raw)
    >>> sorted(files)
    ['orders_2025-10_11_gbk.csv', 'orders_2025-12.xlsx']
    >>> files["orders_2025-10_11_gbk.csv"].decode("gbk").split(",")[0]
    '订单号'
    """
    csv = raw["csv"].rename(columns={v: k for k, v in RAW_CSV_HEADERS.items()})
    csv = csv[list(RAW_CSV_HEADERS)]
    for col in ("单价", "金额", "成本"):  # GBK has the full-width yuan sign only
        csv[col] = csv[col].str.replace("¥", "￥")
    csv_bytes = csv.to_csv(index=False, lineterminator="\r\n").encode("gbk")
    xl = raw["xlsx"].rename(columns={v: k for k, v in RAW_XLSX_HEADERS.items()})
    xl = xl[list(RAW_XLSX_HEADERS)]
    about = pd.DataFrame(
        {
            "about": [
                "Order lines exported from the sales system, December 2025.",
                "Amounts in CNY, net of discounts; 'C' invoices are cancellations,",
                "'R' invoices are returns (see Original Invoice), 'S' are counter sales.",
            ]
        }
    )
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        xl.to_excel(writer, sheet_name=RAW_SHEET, index=False)
        about.to_excel(writer, sheet_name="about", index=False)
    return {RAW_CSV: csv_bytes, RAW_XLSX: _fixed_zip(buf.getvalue())}
