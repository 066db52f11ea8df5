"""The course glossary: each key term in English and Chinese, with a one-line meaning.

Lessons show the Chinese term beside the English one the first time it is used;
charts take their ``lang="zh"`` labels from here (:func:`label`).
"""

from __future__ import annotations

import pandas as pd

#: key -> (English, Chinese, meaning). Keys are the identifiers the helpers use.
TERMS: dict[str, tuple[str, str, str]] = {
    "grading": ("customer grading", "客户分级", "ranking customers by their value to the company"),
    "segmentation": (
        "customer segmentation",
        "客户细分",
        "grouping customers by who they are (age, region, industry...)",
    ),
    "dynamic_segmentation": (
        "dynamic segmentation",
        "动态细分",
        "re-grading on new data and tracking who moved",
    ),
    "pareto": (
        "Pareto (80/20) rule",
        "二八法则",
        "a minority of customers brings most of the revenue or profit",
    ),
    "count_pyramid": (
        "customer-count pyramid",
        "客户数量金字塔",
        "few customers at the top grade, many at the bottom",
    ),
    "profit_pyramid": (
        "profit inverted pyramid",
        "客户利润倒金字塔",
        "most of the profit comes from the few top customers",
    ),
    "data_collection": (
        "customer data collection",
        "客户信息搜集",
        "gathering and cleaning the facts the analysis needs",
    ),
    "profile_data": (
        "customer profile data",
        "客户资料",
        "who the customer is: basics, or company facts",
    ),
    "regional_data": (
        "regional data",
        "区域资料",
        "where the customer is and the market around it",
    ),
    "financial_data": ("financial data", "财务资料", "orders, amounts, balances and payment terms"),
    "behavioural_data": (
        "behavioural data",
        "行为资料",
        "responses, channels, disputes, late payments",
    ),
    "pseudonymisation": (
        "pseudonymisation",
        "假名化",
        "replacing names with codes that cannot be traced back without a key",
    ),
    "profiling": (
        "customer profiling",
        "客户基本情况与商业价值分析",
        "describing customers and their business value",
    ),
    "composition": (
        "composition analysis",
        "客户构成分析",
        "customers by type, industry, region and channel",
    ),
    "transaction_performance": (
        "transaction performance",
        "交易业绩分析",
        "each customer's sales, share and rank",
    ),
    "gross_margin": ("gross margin", "毛利率", "(revenue - cost) / revenue"),
    "three_indicators": (
        "the three indicators (RFM)",
        "三大指标",
        "purchase time, frequency and amount",
    ),
    "recency": ("recency", "最近购买时间", "days from the last purchase to the as-of date"),
    "frequency": ("frequency", "购买频率", "number of distinct orders in the period"),
    "monetary": ("monetary value", "购买金额", "total revenue in the period"),
    "commercial_value": (
        "commercial value",
        "商业价值",
        "what a customer is worth to the business",
    ),
    "gold": ("gold customers", "金牌客户", "the top 5% of customers by last period's sales"),
    "drag": ("drag customers", "拉后腿客户", "the bottom 20%: effort for little business"),
    "cross_sell": (
        "cross-selling",
        "关联销售",
        "selling more of our categories to a customer who buys few",
    ),
    "abc": ("ABC grading", "ABC分类法", "grades A, B, C by amount, rank or share of revenue"),
    "vip": ("VIP customers", "VIP客户", "the top 1% of customers by purchase amount"),
    "potential": ("development potential", "发展潜力", "how much a customer could grow"),
    "tiers": ("five-tier scheme", "五级客户分层", "blue, green, red, transfer and exit tiers"),
    "deciles": (
        "purchase decile analysis",
        "购买十分位分析",
        "sales and profit cut into ten equal parts",
    ),
    "customer_deciles": (
        "customer deciles",
        "客户十分位",
        "ten equal-size groups of customers, by revenue",
    ),
    "value_deciles": (
        "value deciles",
        "价值十分位",
        "how many customers make each tenth of sales or profit",
    ),
    "transactional": (
        "transactional customers",
        "交易客户",
        "buy on price only, little profit, no loyalty",
    ),
    "relationship": (
        "relationship customers",
        "关系客户",
        "profitable customers worth a relationship",
    ),
    "loyalty": ("customer loyalty analysis", "客户忠诚度分析", "who keeps buying, and why"),
    "loyalty_matrix": (
        "satisfaction x loyalty matrix",
        "忠诚矩阵",
        "six types from two survey scores",
    ),
    "apostle": ("apostle", "热心追随者", "delighted and super loyal"),
    "loyalist": ("loyalist", "忠诚者", "satisfied, loyal, tolerant of mistakes"),
    "hostage": ("hostage", "不自主者", "loyal for lack of choice, not satisfied (false loyalty)"),
    "mercenary": ("mercenary", "唯利是图者", "satisfied but goes wherever is cheapest"),
    "defector": ("defector", "背叛者", "a loyalist let down too often (reverse loyalty)"),
    "terrorist": ("terrorist", "恐惧分子", "a disappointed former apostle (anti-loyalty)"),
    "as_of": ("as-of date", "分析基准日", "the date recency is measured from; never 'today'"),
}


def label(key: str, lang: str = "en") -> str:
    """The term for ``key`` in ``lang`` ("en" or "zh"); unknown keys come back unchanged.

    >>> label("abc"), label("abc", "zh")
    ('ABC grading', 'ABC分类法')
    """
    if lang not in {"en", "zh"}:
        raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")
    term = TERMS.get(key)
    if term is None:
        return key
    return term[0] if lang == "en" else term[1]


def glossary_table() -> pd.DataFrame:
    """The glossary as a table with columns english, chinese, meaning.

    >>> glossary_table().loc["pareto", "chinese"]
    '二八法则'
    """
    table = pd.DataFrame.from_dict(TERMS, orient="index", columns=["english", "chinese", "meaning"])
    table.index.name = "key"
    return table
