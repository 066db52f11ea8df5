"""The course glossary: each key term in English and Chinese, with a one-line meaning.

Lessons show the Chinese term beside the English one the first time it is used;
charts take their ``lang="zh"`` labels from here (:func:`label`).
"""

from __future__ import annotations

import pandas as pd

from helpers.i18n import lookup

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
    # chart labels (helpers.plots draws lang="zh" charts with these)
    "revenue_pyramid": (
        "revenue inverted pyramid",
        "客户销售额倒金字塔",
        "most of the revenue comes from the few top customers",
    ),
    "customers": ("customers", "客户数", "number of customers"),
    "customer_share": ("share of customers", "客户占比", "customers in a group / all customers"),
    "revenue": ("revenue", "销售额", "net sales amount, after discounts"),
    "profit": ("profit", "利润", "revenue minus cost (gross profit)"),
    "revenue_share": ("share of revenue", "销售额占比", "a group's revenue / total revenue"),
    "profit_share": ("share of profit", "利润占比", "a group's profit / total profit"),
    "cumulative_share": ("cumulative share", "累计占比", "running total of shares, largest first"),
    "ranked_customers": (
        "share of customers, largest first",
        "客户占比（从大到小排序）",
        "customers ordered by value, as a share of all customers",
    ),
    "mark": ("mark", "标记线", "a reference line on a chart"),
    "lorenz": (
        "Lorenz curve",
        "洛伦兹曲线",
        "cumulative share of value against cumulative share of customers, smallest first",
    ),
    "gini": ("Gini coefficient", "基尼系数", "0 = every customer equal; near 1 = one has it all"),
    "equality_line": ("line of equality", "绝对平均线", "where every customer brings the same"),
    "grade": ("grade", "等级", "the class a customer is put in: VIP, A, B, C"),
    "tier": ("tier", "层级", "the class a customer is put in by the five-tier scheme"),
    "grade_migration": (
        "grade migration",
        "等级迁移",
        "how many customers moved between grades from one period to the next",
    ),
    "grade_before": ("grade in the earlier period", "前期等级", "row of a migration table"),
    "grade_after": ("grade in the later period", "后期等级", "column of a migration table"),
    "new": ("new", "新增", "a customer only in the later period"),
    "lost": ("lost", "流失", "a customer only in the earlier period"),
    "customer_decile": (
        "customer decile (1 = top 10% of customers)",
        "客户十分位（1 = 前10%的客户）",
        "ten equal-size groups of customers, ranked by revenue",
    ),
    "value_decile": (
        "tenth of total value (1 = from the largest customers)",
        "价值十分位（1 = 最大客户贡献的部分）",
        "total sales or profit cut into ten equal parts",
    ),
    "share": ("share", "占比", "part of the total"),
    "other": ("other", "其他", "all the remaining groups together"),
    "loyalty_type": ("loyalty type", "忠诚类型", "one of the six types of the loyalty matrix"),
    "customer_group": ("customer group", "客户群组", "a group read from the decile analysis"),
    "cumulative_revenue_share": (
        "cumulative share of revenue",
        "销售额累计占比",
        "running total of revenue / total revenue",
    ),
    "cumulative_profit_share": (
        "cumulative share of profit",
        "利润累计占比",
        "running total of profit / total profit",
    ),
    "customers_smallest_first": (
        "cumulative share of customers, smallest first",
        "客户累计占比（从小到大排序）",
        "x axis of a Lorenz curve",
    ),
    "rfm_heatmap": ("RFM heatmap", "RFM热力图", "mean monetary value per recency and frequency"),
    "r_score": ("recency score (R)", "最近购买得分（R）", "1..5; 5 = bought most recently"),
    "f_score": ("frequency score (F)", "购买频率得分（F）", "1..5; 5 = buys most often"),
    "mean_monetary": (
        "mean monetary value (M)",
        "平均购买金额（M）",
        "average revenue of the customers in a cell",
    ),
    "satisfaction": ("satisfaction", "满意度", "survey answer 1..10"),
    "loyalty_score": ("loyalty", "忠诚度", "survey answer 1..10: will the customer keep buying"),
    "product": ("product", "产品", "an item the company sells"),
    "margin_by_product": (
        "gross margin by product",
        "产品毛利率",
        "which products carry a high margin and which a low one",
    ),
    "margin_by_category": (
        "gross margin by category",
        "品类毛利率",
        "the margin of each product category",
    ),
    "overall_margin": ("overall margin", "整体毛利率", "total profit / total revenue"),
    "customer_type": ("customer type", "客户类型", "personal or corporate"),
    "business_type": ("business type", "业务类型", "wholesale, retail, agent or chain store"),
    "industry": ("industry", "行业", "the customer's line of business"),
    "region": ("region", "地区", "where the customer is"),
    "city": ("city", "城市", "the customer's city"),
    "channel": ("channel", "渠道", "how the customer reaches us"),
    "personal": ("personal", "个人客户", "a private person"),
    "corporate": ("corporate", "企业客户", "a company"),
    "wholesale": ("wholesale", "批发商", "buys in bulk to resell"),
    "retail": ("retail", "零售商", "sells to end consumers"),
    "agent": ("agent", "代理商", "sells on our behalf"),
    "chain_store": ("chain store", "连锁店", "a store of a chain"),
    "missing": ("(missing)", "（缺失）", "the value is not recorded"),
    "high": ("high", "高", "a high rating"),
    "medium": ("medium", "中", "a medium rating"),
    "low": ("low", "低", "a low rating"),
    "blue": ("blue", "蓝色层", "very high total benefit or fee income"),
    "green": ("green", "绿色层", "high benefit"),
    "red": ("red", "红色层", "simple needs, low profit, loyal"),
    "transfer": ("transfer", "转移层", "complex needs, low profit"),
    "exit": ("exit", "退出层", "no profit or loss-making"),
    "retain": ("retain", "保持", "the first 10% of sales, with the most profit"),
    "grow_share_of_wallet": (
        "grow share of wallet",
        "提高钱包份额",
        "customers making 40-50% of sales: they may buy from competitors too",
    ),
    "losing_value": ("losing value", "价值下降", "still profitable but declining"),
    # lessons 03 and 04: resources, claims and the groups by sales alone
    "resource_share": (
        "share of resources",
        "资源占比",
        "a grade's share of the sales and service hours",
    ),
    "adjusted_resource_share": (
        "share of resources, adjusted plan",
        "调整后资源占比",
        "a grade's share of the hours once effort follows value",
    ),
    "value_and_effort": (
        "where the value is and where the effort goes",
        "价值与投入",
        "each grade's share of value beside its share of resources",
    ),
    "resource_allocation": (
        "resource-allocation table",
        "资源分配表",
        "each grade's share of customers, value and resources",
    ),
    "textbook_claim": (
        "the textbook's claim",
        "教科书的说法",
        "a rule of thumb the course measures on the data instead of repeating it",
    ),
    # loyalty (lesson 05): behavioural classes, continuum, complaints
    "behavioural_class": (
        "behavioural loyalty class",
        "行为忠诚度类别",
        "one of six classes read from what customers and leads do",
    ),
    "loyal_will_stay": (
        "long-term loyal, will stay",
        "长期忠诚、会继续购买",
        "long-term customer, active and not losing value",
    ),
    "loyal_may_switch": (
        "long-term, may switch",
        "长期客户、可能转换品牌",
        "long-term customer gone dormant or buying much less",
    ),
    "occasional_may_buy_more": (
        "occasional, may buy more",
        "偶尔购买、激励下会多买",
        "occasional customer, active and not losing value",
    ),
    "occasional_may_buy_less": (
        "occasional, may buy less",
        "偶尔购买、对手激励下会少买",
        "occasional customer gone dormant or buying much less",
    ),
    "non_user_may_convert": (
        "non-user, may convert",
        "非用户、可能成为客户",
        "an open lead created recently",
    ),
    "non_user_unlikely": ("non-user, unlikely", "非用户、不会购买", "an open lead left for long"),
    "leads": ("leads", "潜在客户线索", "prospects who have not bought yet (non-users)"),
    "lead_share": ("share of open leads", "线索占比", "a class's leads / all open leads"),
    "relationship_continuum": (
        "relationship continuum",
        "关系连续体",
        "from distant, through pure transaction, to a close working relationship",
    ),
    "distant": ("distant", "疏远的关系", "occasional or dormant customers"),
    "pure_transaction": (
        "pure transaction",
        "纯交易关系",
        "regular orders, nothing beyond the deal",
    ),
    "close_relationship": (
        "close working relationship",
        "紧密的工作关系",
        "long, frequent and active business",
    ),
    "mean_loyalty": ("mean loyalty answer", "平均忠诚度", "average loyalty answer, 1..10"),
    "loyalty_cut": ("loyalty cut", "忠诚度分界", "loyalty answers from this up are high loyalty"),
    "high_from": (
        "high satisfaction from",
        "高满意度起点",
        "satisfaction answers from this up are high",
    ),
    "cutoff_sensitivity": (
        "type counts as the cut-offs move",
        "分界变化时各类型人数",
        "how many customers each type holds for other cut-offs",
    ),
    "complaints": ("complaints", "投诉数", "number of complaints"),
    "reason": ("reason", "投诉原因", "why the customer complained"),
    "resolved": ("resolved", "已解决", "complaint cases closed"),
    "unresolved": ("still open", "未解决", "complaint cases not closed"),
    "complaints_by_reason": ("complaints by reason", "各原因的投诉", "complaints per reason"),
    "complaint_flow": (
        "complaint-handling flow",
        "投诉处理流程",
        "seven steps from defining the problem to recording the solution",
    ),
    "define_problem": ("define the problem", "明确问题", "what went wrong, on which order"),
    "customer_wants": (
        "find out what the customer wants",
        "了解客户的要求",
        "a replacement, a refund, an apology...",
    ),
    "can_we_provide": (
        "can we provide it, or can someone else?",
        "能否满足，或由他人满足",
        "who can give the customer what it wants",
    ),
    "agree_solution": ("agree a solution", "商定解决方案", "with the customer"),
    "escalate": ("escalate if needed", "必要时上报", "to someone who can decide"),
    "check_satisfaction": (
        "check that the customer is satisfied",
        "确认客户满意",
        "ask after the case is closed",
    ),
    "record": ("record the solution", "记录解决方案", "so that the next person can learn"),
    # service plan (lesson 06)
    "service_plan": ("service plan", "服务方案", "who gets which service, and how many hours"),
    "account_manager": ("account manager", "客户经理", "a salesperson who looks after accounts"),
    "personal_account": (
        "personal account manager",
        "专属客户经理",
        "a named manager with the hours one account needs",
    ),
    "account_team": (
        "account team",
        "客户服务团队",
        "a team that shares the service of many accounts",
    ),
    "regular_visits": ("regular visits", "定期拜访", "scheduled sales visits"),
    "low_cost_channels": (
        "low-cost channels",
        "低成本渠道",
        "online, phone or distributors instead of visits",
    ),
    "equal_service": ("same for everyone", "平均分配", "every customer gets the same hours"),
    "recommended_hours": (
        "recommended share of hours",
        "建议工时占比",
        "basic service for all, the rest by value",
    ),
    "hours_per_customer": (
        "hours per customer per year",
        "每位客户每年小时数",
        "service hours of a grade / its customers",
    ),
    "service_by_grade": ("service hours by grade", "各等级的服务工时", "the plan's split"),
    "at_risk": ("at risk", "有流失风险", "a customer showing a warning sign"),
    "retention_rate": (
        "retention rate",
        "客户保持率",
        "share of last period's customers who bought again",
    ),
    "acquisition_cost": (
        "acquisition cost",
        "获客成本",
        "marketing and sales spend per new customer",
    ),
    "kpi": ("key performance indicator", "关键绩效指标", "a number measured after each period"),
    "not_surveyed": ("(not surveyed)", "（未受访）", "a customer who gave no survey answer"),
    # lesson 01: data collection and cleaning
    "lines_dropped": ("order lines dropped", "删除的订单行数", "lines a cleaning rule removed"),
    "cleaning_reason": ("reason", "原因", "the cleaning rule that removed a line"),
    "why_dropped": (
        "why raw order lines were dropped",
        "原始订单行被删除的原因",
        "lines removed by each cleaning rule",
    ),
    "missing_customer_id": (
        "missing customer id",
        "缺少客户编号",
        "a sale nobody linked to a customer",
    ),
    "cancellation": ("cancellation", "取消单", "an order that was called off"),
    "return": ("return", "退货", "goods sent back: a negative quantity"),
    "non_product_line": (
        "non-product line",
        "非商品行",
        "postage, fees, vouchers: not a product the customer bought",
    ),
    "zero_or_negative_price": ("zero or negative price", "零价或负价", "free samples, corrections"),
    "exact_duplicate": ("exact duplicate", "完全重复行", "the same line exported twice"),
    "data_minimisation": (
        "data minimisation",
        "数据最小化",
        "collect only what a stated purpose needs",
    ),
    "consent": ("consent", "同意", "the person's recorded yes to a use of their data"),
    "sensitive_data": (
        "sensitive personal data",
        "敏感个人信息",
        "health, religion, ethnic origin, biometrics...: never collected by the course",
    ),
    "data_quality_summary": (
        "data-quality summary",
        "数据质量汇总",
        "one line per data source for the people who own the data",
    ),
    "sales_lead": ("sales lead", "销售线索", "a prospect who is not a customer yet"),
    "collection_channel": (
        "collection channel",
        "信息搜集渠道",
        "where customer data comes from",
    ),
    # lesson 02: profiling
    "active": ("active", "活跃客户", "ordered within the dormancy cut-off"),
    "dormant": ("dormant", "休眠客户", "no order for longer than the dormancy cut-off"),
    "activity_cycle": (
        "activity cycle",
        "购买周期",
        "the typical days between two orders of a repeat buyer",
    ),
    "share_of_wallet": (
        "share of wallet",
        "钱包份额",
        "our sales / the customer's spend with all suppliers",
    ),
    "rfm_ties": (
        "tied scores",
        "同分处理",
        "equal values share a score (shared) or are ordered by customer id (id)",
    ),
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


def glossary_table(lang: str = "en") -> pd.DataFrame:
    """The glossary as a table with columns english, chinese, meaning (the meaning in ``lang``,
    from the catalogue ``helpers/locale/zh/glossary.po``).

    >>> glossary_table().loc["pareto", "chinese"]
    '二八法则'
    >>> glossary_table("zh").loc["pareto", "meaning"]
    '少数客户带来大部分销售额或利润'
    """
    table = pd.DataFrame.from_dict(TERMS, orient="index", columns=["english", "chinese", "meaning"])
    table.index.name = "key"
    if lang != "en":
        meanings = table["meaning"].items()
        table["meaning"] = [lookup(m, lang, context=k, domain="glossary") for k, m in meanings]
    return table


def value_label(value: object, lang: str = "en") -> str:
    """A data value (a cleaning rule, a type, a tier, a row label) in ``lang`` when it is a
    glossary term: its text with spaces and dashes as underscores is the term's key.
    English, and values the glossary does not know, come back as they are.

    >>> value_label("missing customer id", "zh"), value_label("chain store", "zh")
    ('缺少客户编号', '连锁店')
    >>> value_label("(missing)", "zh"), value_label("North", "zh"), value_label("return", "en")
    ('（缺失）', 'North', 'return')
    """
    text = str(value)
    if lang not in {"en", "zh"}:
        raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")
    if lang == "en":
        return text
    key = text.strip("()").replace(" ", "_").replace("-", "_").casefold()
    return label(key, lang) if key in TERMS else text
