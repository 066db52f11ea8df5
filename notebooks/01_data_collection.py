# %% [markdown]
# # Lesson 01 · Customer data collection (客户信息搜集)
#
# Grading customers by their value needs data about them: who they are, where they
# are, what they buy and pay, and how they behave. This lesson starts with *why* a
# company grades customers at all, then asks *what* to collect and *how*, what may
# **not** be collected, and ends with the practical part every analysis begins with:
# loading a raw export, checking it and cleaning it, with a written record of every
# row that was dropped or changed.
#
# **Learning goals**
#
# - explain with the course data why customers are graded (the 80/20 rule, 二八法则);
# - name the four kinds of customer data (客户资料, 区域资料, 财务资料, 行为资料) and
#   what to collect for personal and for corporate customers;
# - list the collection channels (信息搜集渠道) and judge what they give;
# - apply data minimisation, consent and pseudonymisation (数据最小化, 同意, 假名化)
#   under China's PIPL and the EU's GDPR, and say why some fields are never collected;
# - load a GBK-encoded CSV with Chinese headers and an Excel workbook, read a
#   cleaning report, and write a data-quality summary (数据质量汇总).

# %% tags=["parameters"]
# Parameters (a re-run can replace any of these, e.g. with a file in datasets/params/).
data_source = "course"  # "course", a variant such as "course:seed7", "online_retail", a file or a folder
column_mapping = None  # None, a dict or a YAML/TOML file {your header: course column}
data_options = None  # None or a dict of data options (sheet, decimal mark, cleaning rules...)
as_of = None  # "YYYY-MM-DD", the first day NOT analysed; None: the day after the last order
lang = "en"  # "en" or "zh": the language of the reports and charts
seed = 42  # for anything random shown for display
pareto_mark = 0.80  # the revenue share of the 80/20 rule
pareto_top = 0.20  # the top share of customers of the 80/20 rule

# %%
import hashlib
import hmac

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from helpers import lesson, online_retail, plots, profiling, theme
from helpers.cleaning import audit_orders
from helpers.datasets import RAW_EXPORT_DIR, load_tables
from helpers.loading import load_orders, read_file, read_table

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of, orders = run.tables, run.as_of, run.orders
print(f"{len(orders):,} order lines, {orders['customer_id'].nunique():,} customers")

# %% [markdown]
# ## 1. Why grade customers at all? (为什么要分级)
#
# Customers are not equally valuable. In 1897 the economist Vilfredo Pareto noticed
# that a small part of a population held most of its wealth; marketers later found the
# same shape in sales, the **80/20 rule** (二八法则): roughly 20% of customers bring
# 80% of the business. The classic examples are from consumer research: 23% of adult
# men drink 81% of the beer, 16% of households eat 62% of the cake mix, 17% of
# households buy 79% of the instant coffee. The numbers are never exactly 80 and 20;
# the point is the shape.
#
# Drawn as pictures, this gives two pyramids: the **customer-count pyramid**
# (客户数量金字塔) has few customers at the top and many at the bottom, while the
# **profit pyramid** (客户利润倒金字塔) stands on its head: most of the profit comes
# from the few at the top, and some customers at the bottom even lose money.
#
# Two ideas are easily mixed up:
#
# - **segmentation** (客户细分) groups customers by who they are: age, sex, income,
#   region, industry;
# - **grading** (客户分级) ranks them by their value *to the company*, so that
#   resources go where the value is. Thomas Cook asked its lowest-grade (C) customers
#   for a $25 deposit before spending hours planning a trip; airlines have cabins;
#   banks separate mass retail from private banking.
#
# Grades are not fixed (动态细分, dynamic segmentation): customers move up and down as
# they buy more or less, so grading is re-run on new data and the moves are watched.
# And because winning a new customer is usually said to cost 2 to 6 times as much as
# keeping one, knowing which existing customers carry the business matters. Value is
# judged by the profit a customer brings, not by how loyal they feel.
#
# Does the 80/20 shape hold for the data of this run? One row per customer, ranked
# from the largest revenue down, with each customer's share and the running
# (cumulative) share:

# %%
summary = profiling.customer_summary(orders, as_of=as_of)
ranked = profiling.rank_customers(summary)
n_customers = len(ranked)
n_to_mark = int((ranked["cumulative_share"] < pareto_mark - 1e-12).sum()) + 1
share_to_mark = n_to_mark / n_customers
n_top = int(round(pareto_top * n_customers))
top_revenue_share = ranked["share"].head(n_top).sum()
print(f"{n_to_mark:,} of {n_customers:,} customers ({share_to_mark:.1%}) make "
      f"{pareto_mark:.0%} of revenue")  # fmt: skip
print(f"the top {pareto_top:.0%} ({n_top:,} customers) make {top_revenue_share:.1%} of revenue")
ranked.head().round(4)

# %% [markdown]
# The same in plain pandas: add up revenue per customer, sort from the largest down,
# and take the running total as a share of the grand total. Both ways must agree.

# %%
revenue = orders.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)
cumulative = revenue.cumsum() / revenue.sum()
n_to_mark_pandas = int((cumulative < pareto_mark - 1e-12).sum()) + 1
assert n_to_mark_pandas == n_to_mark
pd.testing.assert_series_equal(
    revenue.head(n_top).reset_index(drop=True),
    ranked["value"].head(n_top).reset_index(drop=True),
    check_names=False,
    rtol=1e-9,
)
print("plain pandas and the helper agree")

# %%
ax = plots.pareto_chart(ranked, mark=pareto_mark, lang=lang)
plt.show()

# %% [markdown]
# **What the chart shows.** Each thin bar is one customer's revenue, largest on the
# left; the black line is the cumulative share of revenue (right axis). Where the line
# crosses the dashed mark, the dotted line drops to the share of customers needed to
# reach it. A line that climbs steeply at the left means revenue is concentrated in a
# few customers; a straight diagonal would mean every customer brings the same.
#
# Revenue is not profit. When the data has cost, the same ranking also shows how the
# profit is spread, and whether some customers cost more than they bring:

# %%
if tables.has_cost:
    top_profit_share = ranked["profit"].head(n_top).sum() / ranked["profit"].sum()
    loss_makers = int((summary["profit"] < 0).sum())
    print(f"the top {pareto_top:.0%} by revenue make {top_profit_share:.1%} of profit; "
          f"{loss_makers:,} customers ({loss_makers / n_customers:.1%}) lose money")  # fmt: skip
else:
    top_profit_share, loss_makers = float("nan"), 0
    print("This data has no cost column, so profit cannot be computed: the ranking is by "
          "revenue only. Lesson 02 shows what can still be done without cost.")  # fmt: skip

# %%
holds = share_to_mark <= 0.30
reading = (
    f"In this data **{share_to_mark:.0%} of the customers make {pareto_mark:.0%} of the "
    f"revenue**, and the top {pareto_top:.0%} make {top_revenue_share:.0%}. The 80/20 shape "
    + ("**holds**: a small group carries the business. " if holds else "**does not hold** "
       "strongly here: revenue is spread more evenly than the rule suggests. ")
)  # fmt: skip
if tables.has_cost:
    reading += (
        f"By profit, the same top {pareto_top:.0%} bring {top_profit_share:.0%}, and "
        f"{loss_makers:,} customers lose money (the bottom of the inverted profit pyramid). "
    )
reading += "That is why the course grades customers before deciding how to serve them."
display(Markdown(reading))

# %% [markdown]
# ## 2. What to collect: the four kinds of customer data (四类客户信息)
#
# Grading needs data, and the textbook sorts customer data into four kinds:
#
# | kind | personal customer (个人客户) | corporate customer (企业客户) |
# |---|---|---|
# | **profile data** (客户资料) | name, age band, education, family situation, occupation, lifestyle and interests | company name and address, owners, legal representative (法定代表人), industry, size, business status, credit rating, trading terms |
# | **regional data** (区域资料) | region, city, district | region and city of the head office and of the branches, the area it serves |
# | **financial data** (财务资料) | account type, first and latest order, average order value, outstanding balance | the same, plus credit limit, average payment term (账期) and payment history |
# | **behavioural data** (行为资料) | responses to offers (how often, how much, through which channel), complaints, returns | the same, plus disputes, late deliveries or payments, defects found |
#
# The profile of a corporate customer describes an organisation: who decides, who
# pays, whether it is healthy. The profile of a personal customer describes a private
# person, and that is where the law steps in (section 4). A supply-chain (B2B) customer
# is also known through contracts, invoices and visits, so much of its data comes from
# the company's own records; a consumer is known mostly through purchases and what they
# choose to tell.
#
# Which of these fields does the data of this run have? The inventory below looks for
# each field in the loaded tables and reports how much of it is filled in.

# %%
FIELD_KINDS = [  # (kind, table, field, what it holds)
    ("profile", "customers", "name", "name (a pseudonym in the course data)"),
    ("profile", "customers", "customer_type", "personal or corporate"),
    ("profile", "customers", "age_band", "age band (personal)"),
    ("profile", "customers", "education", "education (personal)"),
    ("profile", "customers", "business_type", "wholesale, retail, agent, chain store"),
    ("profile", "customers", "industry", "industry (corporate)"),
    ("profile", "customers", "company_size", "company size (corporate)"),
    ("profile", "customers", "business_status", "business status (corporate)"),
    ("profile", "customers", "consent_marketing", "consent to marketing (a legal record)"),
    ("regional", "customers", "region", "region"),
    ("regional", "customers", "city", "city"),
    ("regional", "customers", "country", "country"),
    ("financial", "orders", "order_date", "first and latest order dates"),
    ("financial", "orders", "revenue", "amounts: totals and average order value"),
    ("financial", "orders", "cost", "cost of each line (for profit)"),
    ("financial", "customers", "credit_terms_days", "payment term in days (账期)"),
    ("financial", "customers", "wallet_estimate", "estimated spend with all suppliers"),
    ("behavioural", "customers", "channel", "the channel the customer buys through"),
    ("behavioural", "campaigns", "responded", "responses to offers"),
    ("behavioural", "complaints", "reason", "complaints and their reasons"),
    ("behavioural", "survey", "satisfaction", "satisfaction and loyalty answers"),
]
KIND_ZH = {"profile": "客户资料", "regional": "区域资料", "financial": "财务资料",
           "behavioural": "行为资料"}  # fmt: skip


def field_inventory(tables, fields=FIELD_KINDS):
    """One row per field: its kind, whether the data has it and how much is filled in."""
    rows = []
    for kind, table, field, meaning in fields:
        frame = getattr(tables, table)
        present = frame is not None and field in frame.columns
        filled = frame[field].notna().mean() if present else float("nan")
        rows.append((kind, KIND_ZH[kind], table, field, meaning, present, filled))
    columns = ["kind", "中文", "table", "field", "what it holds", "present", "filled"]
    return pd.DataFrame(rows, columns=columns).round({"filled": 3})


inventory = field_inventory(tables)
inventory

# %%
by_kind = inventory.groupby("kind", sort=False)["present"].agg(["sum", "size"])
by_kind.columns = ["fields present", "fields looked for"]
by_kind

# %% [markdown]
# Some fields only make sense for one customer type: a private person has no legal
# representative, a company has no age. The share of customers of each type with the
# field filled in shows whether the records respect that (it should be 0% or near 100%):

# %%
type_fields = ["age_band", "education", "business_type", "industry", "company_size",
               "business_status"]  # fmt: skip
customers = tables.customers
if customers is not None and {"customer_type", *type_fields} <= set(customers.columns):
    filled_by_type = customers[type_fields].notna().groupby(customers["customer_type"]).mean()
    display(filled_by_type.round(3))
else:
    print("This data has no customer profile table with customer types, so personal and "
          "corporate fields cannot be compared. Only the order lines are available.")  # fmt: skip

# %% [markdown]
# ## 3. Collection channels (信息搜集渠道)
#
# Where does this data come from? The textbook lists six channels:
#
# - **direct-response advertising** (直接反应广告): an advert with a reply coupon, a
#   phone number or a QR code; whoever answers leaves contact data and an interest;
# - **promotions and contests** (促销与竞赛): entry forms, lucky draws, loyalty sign-ups;
# - **rented or bought mailing lists** (租用名单): quick, but of unknown quality and
#   consent; under PIPL and GDPR the company using the list must be able to show the
#   people agreed;
# - **events** (活动): trade fairs, seminars, product launches; strong for corporate
#   customers;
# - **point of sale** (销售终端): the till, the online shop, the sales representative's
#   visit report; the richest source of financial and behavioural data;
# - **market research surveys** (市场调查): questionnaires, phone and online surveys;
#   the only source of opinions such as satisfaction.
#
# The course company records where each sales lead (销售线索: a prospect who is not a
# customer yet) came from. How many leads did each channel bring, and how many became
# customers?

# %%
if tables.leads is not None and {"source", "converted_customer_id"} <= set(tables.leads.columns):
    leads = tables.leads
    channels = (
        leads.assign(converted=leads["converted_customer_id"].notna())
        .groupby("source")["converted"]
        .agg(leads="size", converted="sum")
    )
    channels["conversion_rate"] = (channels["converted"] / channels["leads"]).round(3)
    channels = channels.sort_values("leads", ascending=False)
    display(channels)
    best = channels["conversion_rate"].idxmax()
    worst = channels["conversion_rate"].idxmin()
    display(Markdown(
        f"The channel with the most leads is **{channels.index[0]}** "
        f"({channels['leads'].iloc[0]:,}); the best converting is **{best}** "
        f"({channels.loc[best, 'conversion_rate']:.0%}), the worst **{worst}** "
        f"({channels.loc[worst, 'conversion_rate']:.0%}). A channel is judged by the "
        "customers it brings, not by the number of names."
    ))  # fmt: skip
else:
    print("This data has no table of sales leads, so the channels cannot be compared here. "
          "The orders only show customers who already buy.")  # fmt: skip

# %% [markdown]
# ## 4. Is more data always better? (信息越多越好吗？)
#
# Some checklists for personal customers include health history, blood type and
# religion. **Collecting them is wrong**, for three reasons:
#
# 1. **The law.** China's Personal Information Protection Law (个人信息保护法, PIPL,
#    in force since 1 November 2021) and the EU's General Data Protection Regulation
#    (GDPR, since 2018) allow personal data to be collected only for a stated purpose,
#    and no more of it than that purpose needs: **data minimisation** (数据最小化).
#    Both name **sensitive** data (PIPL: 敏感个人信息, such as health, religious
#    belief, biometrics, financial accounts, whereabouts and any data of children
#    under 14; GDPR "special categories": health, religion, ethnic origin, political
#    opinion, sexual orientation, genetic and biometric data, trade-union membership)
#    that needs a specific necessity, separate consent and stricter protection.
#    Blood type is health data.
# 2. **Purpose.** Selling office supplies or gifts does not need a customer's religion
#    or health. Data without a purpose is a liability: it can leak, and a model fed with
#    it can discriminate.
# 3. **Trust.** Customers who feel watched stop telling the truth, or leave.
#
# **The course rule: sensitive fields are never collected and never used in a model.**
# The screen below checks every column of the loaded tables against a list of such
# words (English and Chinese), so an export that carries them is noticed at once.

# %%
SENSITIVE_WORDS = [
    "health", "medical", "disease", "blood", "religion", "religious", "faith", "ethnic",
    "race", "political", "sexual", "orientation", "biometric", "fingerprint", "genetic",
    "pregnan", "union", "健康", "病", "血型", "宗教", "信仰", "民族", "政治", "性取向",
    "指纹", "基因", "身份证",
]  # fmt: skip


def sensitive_columns(tables, words=SENSITIVE_WORDS):
    """Columns of any loaded table whose name contains a sensitive word."""
    hits = [
        (name, column)
        for name, frame in tables.tables().items()
        for column in map(str, frame.columns)
        if any(word in column.lower() for word in words)
    ]
    return pd.DataFrame(hits, columns=["table", "column"])


flagged = sensitive_columns(tables)
if flagged.empty:
    print(f"no sensitive column in the {len(tables.tables())} loaded tables")
else:
    display(flagged)
    print("Remove these columns before any analysis, and ask why they were collected.")

# %% [markdown]
# **Consent** (同意). Marketing to a private person needs their consent, and the
# company must be able to show it. The course company records it in
# `consent_marketing`; every campaign message should go to a customer who said yes.

# %%
if customers is not None and "consent_marketing" in customers.columns:
    consent_rate = customers["consent_marketing"].mean()
    print(f"{consent_rate:.1%} of customers agreed to marketing")
    if tables.campaigns is not None:
        sent = tables.campaigns.merge(
            customers[["customer_id", "consent_marketing"]], on="customer_id", how="left"
        )
        without = int((~sent["consent_marketing"].fillna(False).astype(bool)).sum())
        print(f"campaign messages sent without a recorded consent: {without:,} of {len(sent):,}")
else:
    print("This data records no consent: before any marketing use, find out whether and "
          "how the customers agreed.")  # fmt: skip

# %% [markdown]
# **Pseudonymisation** (假名化) replaces a direct identifier (a name, a phone number,
# a customer number) with a code, so that analysts can join tables and count customers
# without seeing who is who. The course data already uses pseudonyms for names. A
# *keyed* hash (HMAC) turns each customer id into a code that is always the same for
# the same id, so tables still join, but cannot be reversed or recomputed without
# the key. The key stays with the data owner, never in the analysis files. Under PIPL and
# GDPR pseudonymised data is still personal data (whoever has the key can re-identify);
# only data that can no longer be linked to a person at all counts as anonymous.

# %%
DEMO_KEY = b"course-demo-key"  # in real work: a secret kept by the data owner


def pseudonymise(ids: pd.Series, key: bytes = DEMO_KEY, length: int = 12) -> pd.Series:
    """A keyed-hash code per id: the same id always gets the same code."""
    unique = pd.Series(ids.dropna().unique())
    codes = unique.map(lambda i: hmac.new(key, str(i).encode(), hashlib.sha256).hexdigest())
    lookup = pd.Series(codes.str[:length].to_numpy(), index=unique.to_numpy())
    return ids.map(lookup)


pseudo_orders = orders.assign(customer_id=pseudonymise(orders["customer_id"]))
assert pseudo_orders["customer_id"].nunique() == orders["customer_id"].nunique()
assert (
    pseudo_orders.groupby("customer_id")["revenue"].sum().sort_values().to_numpy()
    == revenue.sort_values().to_numpy()
).all()
print("same number of customers and the same revenue per customer after pseudonymisation")
pseudo_orders[["customer_id", "order_id", "order_date", "revenue"]].sample(
    3, random_state=seed
).sort_index()

# %% [markdown]
# **An ethics case.** A sales manager has a difficult contact at a customer company:
# hostile, blocking every deal. The manager hints that the team could quietly use what
# it knows about him (his purchases, his private details collected over the years) to
# discredit him with his employer. What may be done?
#
# - The data was collected to serve the customer relationship. Using it to harm a
#   person is a **new purpose** no one agreed to; under PIPL and GDPR it is unlawful,
#   and depending on what is done it can also be defamation or a breach of
#   confidentiality.
# - What *may* be done: record the business facts of the conflict (orders lost,
#   complaints, what was promised), escalate through the proper channel at the customer
#   company, change the contact person by agreement, or decide the account is not worth
#   the effort (a grading decision, made on business data).
# - The analyst's duty: refuse, say why, and do not run the query. Access to customer
#   data is a trust, not a tool.
#
# ## 5. Loading the raw export (原始数据导入)
#
# The tables used so far were already clean. Real data arrives as exports from the
# order system, and they are never clean. The course company's last quarter comes as
# two files in `datasets/raw_export/`:
#
# - a CSV for October and November, saved by a Chinese-language system in the **GBK**
#   encoding (国标码) with Chinese headers;
# - an Excel workbook for December with English headers.
#
# Opening a GBK file as UTF-8 gives either an error or garbled text. The course's
# `read_file` tries UTF-8 first and then GBK, and reads every CSV cell as text (Excel
# cells as they are stored), so nothing is converted behind our back:

# %%
csv_path = RAW_EXPORT_DIR / "orders_2025-10_11_gbk.csv"
xlsx_path = RAW_EXPORT_DIR / "orders_2025-12.xlsx"
raw_csv = read_file(csv_path)
print(f"{csv_path.name}: {len(raw_csv):,} rows, columns {list(raw_csv.columns)}")
raw_csv.sample(5, random_state=seed).sort_index()

# %% [markdown]
# Even a few rows usually show trouble. In this file the same day is written as
# 2025-10-01, 2025/10/1 or 2025年10月1日; amounts carry a ¥ sign or thousands
# separators; some customer ids are in lower case with stray spaces. Further down there are order
# numbers starting with "C" (cancellations, 取消单) and negative quantities (returns,
# 退货); the checks below count them. The Excel workbook has the same problems under
# English headers:

# %%
raw_xlsx = read_file(xlsx_path, sheet="orders")
print(f"{xlsx_path.name}: {len(raw_xlsx):,} rows, columns {list(raw_xlsx.columns)}")
raw_xlsx.sample(5, random_state=seed).sort_index()

# %% [markdown]
# **Mapping headers** (字段映射). Both files name the same things differently
# (`客户编号` and `Customer No` are both the customer id). `read_table` renames known
# headers to the course's column names; a header it does not know can be mapped with
# `column_mapping={"your header": "course name"}`.

# %%
mapped_csv = read_table(csv_path)
mapped_xlsx = read_table(xlsx_path, sheet="orders")
pd.DataFrame({"GBK CSV header": raw_csv.columns, "course name": mapped_csv.columns,
              "Excel header": raw_xlsx.columns})  # fmt: skip

# %% [markdown]
# **Validating before cleaning** (数据校验). Before changing anything, count each
# problem on its own: a checklist of the raw data. One row may have several problems
# (a cancellation is also a negative quantity), so these counts overlap.

# %%
checklist = pd.DataFrame({"GBK CSV": audit_orders(mapped_csv), "Excel": audit_orders(mapped_xlsx)})
checklist

# %% [markdown]
# The same counts in plain pandas for two of the checks, on the mapped CSV (blank
# cells were read as missing):

# %%
missing_ids = int(mapped_csv["customer_id"].isna().sum())
cancel_rows = int(mapped_csv["order_id"].str.upper().str.startswith("C").sum())
assert missing_ids == checklist.loc["missing customer id", "GBK CSV"]
assert cancel_rows == checklist.loc["cancellation rows", "GBK CSV"]
print(f"missing customer id: {missing_ids:,}; cancellation rows: {cancel_rows:,}")

# %% [markdown]
# ## 6. Cleaning and the cleaning report (数据清洗报告)
#
# Cleaning turns the export into order lines the analysis can trust. The rules, each
# with its reason:
#
# | problem | what cleaning does | why |
# |---|---|---|
# | missing customer id | drop the line | it cannot be given to a customer |
# | cancellation (order id "C...") | drop | the sale did not happen |
# | return (negative quantity) | drop | not a sale; returns are a behaviour to report on their own |
# | postage, fees, gift vouchers | drop | not a product the customer bought |
# | zero or negative price | drop | free samples or corrections, not sales |
# | exact duplicate line | drop the copy | the same line exported twice |
# | amounts as text ("1,234.50", "¥30") | parse to numbers | so they can be added |
# | dates in mixed formats | parse to dates | so periods and recency work |
# | customer ids in lower case or with spaces | trim and upper-case | so "c0042 " is C0042 |
#
# Nothing disappears silently: `load_orders` returns the clean lines **and** a report
# of every dropped or changed row, by reason, with the revenue those rows carried.

# %%
clean_csv, report_csv = load_orders(csv_path)
clean_xlsx, report_xlsx = load_orders(xlsx_path, sheet="orders")
print(report_csv)

# %% [markdown]
# How to read it: `rows in` and `rows out` are the lines before and after; each
# `dropped` row names a reason and how many lines it removed (every line is counted
# under the first reason that applies, so the dropped counts add up to the difference);
# `changed` lines stayed in but had a value rewritten. The report keeps the rows too,
# so any number can be checked. One example per reason:

# %%
examples = report_csv.dropped.groupby("reason", sort=False).head(1)
examples[["row", "reason", "order_id", "customer_id", "quantity", "revenue"]]

# %%
report_csv.changed.groupby("reason", sort=False).head(2)

# %% [markdown]
# The two reports side by side, as rows dropped per reason:

# %%
dropped_by_reason = pd.DataFrame(
    {
        "GBK CSV": pd.Series(report_csv.counts("dropped")),
        "Excel": pd.Series(report_xlsx.counts("dropped")),
    }
).fillna(0).astype(int)  # fmt: skip
dropped_by_reason

# %%
ax = dropped_by_reason.sort_values("GBK CSV").plot.barh(
    figsize=(theme.FIG_WIDTH, 3.6), color=["#1f5f9e", "#e08a2c"], width=0.75
)
ax.set_xlabel({"en": "order lines dropped", "zh": "删除的订单行数"}[lang])
ax.set_ylabel({"en": "reason", "zh": "原因"}[lang])
ax.set_title({"en": "Why raw order lines were dropped", "zh": "原始订单行被删除的原因"}[lang])
plt.show()

# %% [markdown]
# **What the chart shows.** Each bar counts the lines one rule removed from one file.
# The longest bars are the problems to raise with whoever runs the order system: a
# missing customer id, for instance, is usually a counter sale that nobody linked to a
# customer, and every such sale is invisible to customer analysis.
#
# **Do the two files overlap?** Exports are often cut by hand, and periods overlap.
# Compare the dates each clean file covers:

# %%
coverage = pd.DataFrame(
    {
        "first day": [clean_csv["order_date"].min(), clean_xlsx["order_date"].min()],
        "last day": [clean_csv["order_date"].max(), clean_xlsx["order_date"].max()],
        "lines": [len(clean_csv), len(clean_xlsx)],
    },
    index=["GBK CSV", "Excel"],
)
overlap = clean_xlsx.merge(clean_csv, how="inner")
print(f"lines that appear in both files: {len(overlap):,}")
coverage.astype({"first day": "str", "last day": "str"})

# %%
if len(overlap):
    days = overlap["order_date"].dt.strftime("%Y-%m-%d").unique()
    display(Markdown(
        f"The December workbook also holds {len(overlap):,} lines of "
        f"{', '.join(days)}, which are already in the CSV. Adding the two files "
        "up would count those sales twice; the combined table keeps each line once."
    ))  # fmt: skip
else:
    display(Markdown("The two files do not overlap: they can simply be put together."))

# %% [markdown]
# **Does cleaning give the right answer?** The course company's clean tables were made
# from the same orders, so the two cleaned files, put together with the repeated lines
# kept once, must give exactly the company's order lines from 1 October 2025 on.

# %%
combined = pd.concat([clean_csv, clean_xlsx]).drop_duplicates()
course_orders = tables.orders if tables.name == "course" else load_tables("course").orders
key = ["order_id", "product_id", "customer_id", "order_date", "quantity", "revenue", "cost"]
from_files = combined[key].sort_values(key).reset_index(drop=True)
from_tables = course_orders.loc[course_orders["order_date"] >= "2025-10-01", key]
from_tables = from_tables.sort_values(key).reset_index(drop=True)
pd.testing.assert_frame_equal(from_files, from_tables, check_dtype=False)
print(f"the cleaned export matches the company's {len(from_tables):,} order lines exactly")

# %% [markdown]
# ## 7. Real data: UCI Online Retail
#
# The course company is simulated. The **UCI Online Retail** data set is real: every
# order line of a UK online gift shop from 1 December 2010 to 9 December 2011
# (541,909 lines; Chen, D. (2015), UCI Machine Learning Repository,
# https://doi.org/10.24432/C5BW33, licence CC BY 4.0). Its problems are the same as
# above, at a larger scale: a quarter of the lines have no customer number, invoices
# starting with "C" are cancellations, some prices are zero, and there is no cost.
#
# The file is not shipped with the course. The cell below uses a local copy when there
# is one, and otherwise says how to get it.

# %% tags=["nbval-ignore-output"]
retail = None
if tables.name == "online_retail":
    retail = tables
elif online_retail.cached_file(352) is not None:
    retail = load_tables("online_retail")
if retail is None:
    display(Markdown(
        "**The UCI Online Retail file is not on this computer yet**, so this section is "
        "skipped; the rest of the lesson does not need it. To get it: "
        + online_retail.where_to_put(352)
    ))  # fmt: skip
else:
    print(retail.cleaning)

# %% [markdown]
# Reading the report: the biggest loss by far is the lines without a customer number;
# they are real sales, but they cannot be given to a customer, so customer analysis
# ignores them. Cancellations are dropped. Exact duplicates are only *flagged* here,
# not dropped: the figures usually published for this data set keep them, and the data
# cannot tell an export error from the same item scanned twice on one invoice. The
# report says how many there are, so the choice is visible.
# How much revenue did each rule take away?

# %% tags=["nbval-ignore-output"]
if retail is not None:
    lost = retail.cleaning.summary.query("rows > 0")[["reason", "action", "rows", "revenue"]]
    display(lost.round({"revenue": 2}))
    has_cost_text = "has" if retail.has_cost else "has **no**"
    display(Markdown(
        f"After cleaning: {retail.cleaning.rows_out:,} lines, "
        f"{retail.orders['customer_id'].nunique():,} customers, revenue "
        f"£{retail.orders['revenue'].sum():,.2f}. The data {has_cost_text} cost column: "
        "any profit or margin analysis needs the company's own cost data, or a stated "
        "assumption about the margin."
    ))  # fmt: skip

# %% [markdown]
# ## 8. A data-quality summary (数据质量汇总)
#
# A cleaning report is detailed; the people who own the data need one line per source.
# The summary below is the page to send them: how much came in, how much could be
# used, what share of lines had no customer, and what the clean data covers.


# %%
def quality_row(name, clean, report, currency):
    """One line of the data-quality summary for a source."""
    dropped = report.counts("dropped")
    return {
        "source": name,
        "rows in": report.rows_in,
        "rows kept": report.rows_out,
        "kept share": round(report.rows_out / report.rows_in, 3),
        "no customer id": round(dropped.get("missing customer id", 0) / report.rows_in, 3),
        "cancellations and returns": dropped.get("cancellation", 0) + dropped.get("return", 0),
        "duplicates": report.counts().get("exact duplicate", 0)
        + report.counts().get("exact duplicate (kept)", 0),
        "values rewritten": sum(report.counts("changed").values()),
        "customers": clean["customer_id"].nunique(),
        "first day": f"{clean['order_date'].min():%Y-%m-%d}",
        "last day": f"{clean['order_date'].max():%Y-%m-%d}",
        "revenue": f"{currency}{clean['revenue'].sum():,.0f}",
        "cost": "yes" if "cost" in clean.columns and clean["cost"].notna().any() else "no",
    }


quality = [
    quality_row("raw export CSV (Oct-Nov)", clean_csv, report_csv, "¥"),
    quality_row("raw export Excel (Dec)", clean_xlsx, report_xlsx, "¥"),
]
quality = pd.DataFrame(quality).set_index("source")
quality.T

# %% tags=["nbval-ignore-output"]
if retail is not None:
    uci_row = quality_row("UCI Online Retail", retail.orders, retail.cleaning, "£")
    quality_all = pd.concat([quality, pd.DataFrame([uci_row]).set_index("source")])
    display(quality_all.T)
else:
    print("UCI Online Retail is not on this computer: the summary has the two exports only.")

# %% [markdown]
# ## What this means for the business

# %%
top_reason = dropped_by_reason.sum(axis=1).idxmax()
top_reason_rows = int(dropped_by_reason.sum(axis=1).max())
display(Markdown(
    f"- Customer value is concentrated: {share_to_mark:.0%} of customers make "
    f"{pareto_mark:.0%} of revenue, so knowing *which* customers they are is worth the "
    "effort of collecting and cleaning data.\n"
    f"- Of the {inventory['field'].size} fields the course looks for, this data has "
    f"{int(inventory['present'].sum())}; missing kinds of data limit the analyses that "
    "follow (no cost means no profit, no complaints means no service analysis).\n"
    f"- Cleaning kept {quality['kept share'].min():.1%} to {quality['kept share'].max():.1%} "
    f"of the raw export's lines; the rule that removed the most is **{top_reason}** "
    f"({top_reason_rows:,} lines in the two files). Each such problem is cheapest to fix "
    "where the data is entered, not in every analysis afterwards.\n"
    + (
        f"- The two export files overlap by {len(overlap):,} lines: exports must be cut "
        "by clear, non-overlapping periods, or every total built on them is too high.\n"
        if len(overlap)
        else ""
    )
    + "- Collect for a purpose, ask for consent, pseudonymise identifiers, and never "
    "collect health, religion, blood type or other sensitive data."
))  # fmt: skip

# %% [markdown]
# ## Discussion questions
#
# 1. Does collecting data about a supply-chain (B2B) customer differ from collecting it
#    about an end consumer? Think of who gives the data, who decides and who pays.
# 2. Is more information always better? Give one field that helps grading and one
#    that only adds risk.
# 3. A rented mailing list is cheap and large. What would you ask the seller before
#    using it?
# 4. In the ethics case, the manager insists. What do you do, and whom do you tell?
# 5. Cancelled orders are dropped before grading. When would you *keep* them for an
#    analysis of their own?
#
# ## Summary
#
# - Customers differ in value; grading allocates effort where the value is, and the
#   80/20 shape shows how concentrated value is.
# - Customer data is of four kinds: profile, regional, financial and behavioural;
#   corporate and personal customers need different profile fields.
# - Collect through channels whose quality you can check, for a stated purpose, with
#   consent; pseudonymise identifiers; never collect sensitive data.
# - Raw exports need decoding (GBK), header mapping, validation and cleaning; the
#   cleaning report records every change, and a one-line-per-source quality summary
#   goes back to the data owners.
#
# **Exercise:** `exercises/01_data_collection.ipynb` (design a collection form for a
# corporate customer, clean the export yourself, choose a retention period).
# **Next lesson:** 02, customer profiling (客户基本情况与商业价值分析).
