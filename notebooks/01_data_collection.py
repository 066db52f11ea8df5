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
# - state the textbook's case for grading (the 80/20 rule, 二八法则; the pyramids) and
#   test it on the data of the run;
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
pareto_band = (0.70, 0.90)  # the 80/20 rule holds roughly when the top 20% bring this much

# %%
import matplotlib.pyplot as plt
import pandas as pd

from helpers import labels, lesson, online_retail, plots, privacy, profiling, quality
from helpers.cleaning import audit_orders, clean_orders
from helpers.datasets import RAW_EXPORT_DIR, load_tables
from helpers.i18n import tr
from helpers.loading import map_columns, read_file
from helpers.readings import collection
from helpers.text import show

run = lesson.start(data_source, column_mapping, data_options, as_of=as_of, lang=lang)
tables, as_of, orders = run.tables, run.as_of, run.orders

# %% [markdown]
# Loading the data may already have found problems: a cleaning rule that removed many
# lines, ids that do not join between tables, survey answers on another scale. They are
# listed here, before any number is trusted.

# %%
show(collection.loading_warnings(tables.problems, lang=lang))

# %% [markdown]
# ## 1. Why grade customers at all? (为什么要分级)
#
# The textbook's answer is that customers are not equally valuable. In 1897 the
# economist Vilfredo Pareto noticed that a small part of a population held most of its
# wealth; marketers later claimed the same shape in sales, the **80/20 rule**
# (二八法则): roughly 20% of customers bring 80% of the business. The classic examples
# are from consumer research: 23% of adult men drink 81% of the beer, 16% of households
# eat 62% of the cake mix, 17% of households buy 79% of the instant coffee.
#
# The textbook draws this as two pyramids: the **customer-count pyramid**
# (客户数量金字塔) with few customers at the top and many at the bottom, and the
# **profit pyramid** (客户利润倒金字塔) standing on its head: most of the profit
# from the few at the top, and some customers at the bottom losing money.
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
# The textbook adds that winning a new customer costs 2 to 6 times as much as keeping
# one, and that value is judged by the profit a customer brings, not by how loyal they
# feel.
#
# These are claims. A course on data tests them on data: here, the data of this run.
# One row per customer, ranked from the largest revenue down, with each customer's
# share and the running (cumulative) share:

# %%
summary = run.customer_summary()
ranked = profiling.rank_customers(summary)
ranked.head().round(4)

# %% [markdown]
# From the ranking, the 80/20 figures: how many customers it takes to reach
# `pareto_mark` (80%) of the revenue, and what the top `pareto_top` (20%) of the
# customers bring (the top 20% of n customers are ceil(0.2 n) customers, so a small
# group is never empty):

# %%
pareto = profiling.pareto_summary(ranked, mark=pareto_mark, top=pareto_top)
pareto.round(4).astype(object).to_frame("value")

# %% [markdown]
# The same in plain pandas: add up revenue per customer, sort from the largest down,
# and count the customers until the running total reaches 80%. Money is counted in
# whole cents, as the helpers count it (amounts may have more than two decimals, and
# sums of decimal fractions in floating point are never exact), so both sides can be
# compared exactly:

# %%
cents = orders["revenue"].mul(100).round()
revenue = cents.groupby(orders["customer_id"]).sum().sort_values(ascending=False)
needed = int((revenue.cumsum() < pareto_mark * revenue.sum()).sum()) + 1
helper = profiling.pareto_summary(profiling.rank_customers(run.lines_summary()), mark=pareto_mark)
pd.Series({tr("plain pandas", lang, domain="lessons"): needed,
           tr("helper", lang, domain="lessons"): int(helper["customers_to_mark"])},
          name=tr("customers to reach the mark", lang, domain="lessons"))  # fmt: skip

# %%
helper_cents = ranked["value"].mul(100).round().reindex(revenue.index)
mismatched = int((helper_cents != revenue).sum())
show(collection.agreement(mismatched, len(revenue), "customer", "customers", lang=lang))

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
# Does this data agree with the textbook?

# %%
show(collection.pareto_claim(pareto, band=pareto_band, lang=lang))

# %% [markdown]
# Revenue is not profit. When the data has cost, the same ranking also tests the
# inverted profit pyramid, and whether revenue is a fair guide to the profit a
# customer brings:

# %%
show(collection.profit_pyramid_claim(pareto, lang=lang))

# %%
show(collection.profit_value_claim(pareto, lang=lang))

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
# Which of these fields does the data of this run have? `privacy.field_inventory` looks
# for each field in the loaded tables and reports how much of it is filled in:

# %%
inventory = privacy.field_inventory(tables, lang=lang)
inventory.round({"filled": 3})

# %%
inventory.groupby("term", sort=False)["present"].agg(present="sum", looked_for="size")

# %%
show(collection.inventory_reading(inventory, lang=lang))

# %% [markdown]
# Some fields only make sense for one customer type: a private person has no legal
# representative, a company has no age. The share of customers of each type with the
# field filled in shows whether the records respect that:

# %%
by_type = privacy.filled_by_type(tables.customers)
by_type.round(3) if by_type is not None else None

# %%
show(collection.type_fields_reading(by_type, lang=lang))

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
# A company can record where each sales lead (销售线索: a prospect who is not a
# customer yet) came from. How many leads did each channel bring, and how many became
# customers?

# %%
leads = tables.leads
conversion = None
if leads is not None and {"source", "converted_customer_id"} <= set(leads.columns):
    conversion = profiling.lead_conversion(leads)
conversion.round(3) if conversion is not None else None

# %%
show(collection.channels_reading(conversion, lang=lang))

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
# The screen below checks the name of every column of the loaded tables against a list
# of such words (English and Chinese, `privacy.SENSITIVE_WORDS`), so an export that
# carries them is noticed at once. It reads names only, never values.

# %%
flagged = privacy.sensitive_columns(tables)
flagged if len(flagged) else None

# %%
show(collection.sensitive_reading(flagged, tables=len(tables.tables()), lang=lang))

# %% [markdown]
# **Consent** (同意). Marketing to a private person needs their consent, and the
# company must be able to show it. The course company records it in
# `consent_marketing`; every campaign message should go to a customer who said yes.

# %%
consent = privacy.consent_summary(tables.customers, tables.campaigns)
show(collection.consent_reading(consent, lang=lang))

# %% [markdown]
# **Pseudonymisation** (假名化) replaces a direct identifier (a name, a phone number,
# a customer number) with a code, so that analysts can join tables and count customers
# without seeing who is who. A *keyed* hash (HMAC-SHA256) turns each customer id into
# a code that is always the same for the same id, so tables still join, but cannot be
# reversed or recomputed without the key. The key stays with the data owner, never in
# the analysis files. Under PIPL and GDPR pseudonymised data is still personal data
# (whoever has the key can re-identify); only data that can no longer be linked to a
# person at all counts as anonymous.
#
# `privacy.pseudonymise` hashes all distinct ids at once, so it takes about a second for
# half a million customers.

# %%
demo_key = "course-demo-key"  # in real work: a secret kept by the data owner
pseudo_orders = orders.assign(customer_id=privacy.pseudonymise(orders["customer_id"], key=demo_key))
pseudo_orders[["customer_id", "order_id", "order_date", "revenue"]].sample(
    3, random_state=seed
).sort_index()

# %% [markdown]
# Nothing may change but the ids: the same customers, each with the same revenue. In
# plain pandas, in cents:

# %%
before = cents.groupby(orders["customer_id"]).sum()
after = cents.groupby(pseudo_orders["customer_id"]).sum()
codes = privacy.pseudonymise(before.index.to_series(), key=demo_key)
changed = int((after.reindex(codes).to_numpy() != before.to_numpy()).sum())
show(collection.pseudonymisation_reading(len(before), len(after), changed, lang=lang))

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

# %%
show(collection.worked_example_note(tables.name, lang=lang))

# %% [markdown]
# Opening a GBK file as UTF-8 gives either an error or garbled text. The course's
# `read_file` tries UTF-8 first and then GBK, and reads every CSV cell as text (Excel
# cells as they are stored), so nothing is converted behind our back:

# %%
csv_path = RAW_EXPORT_DIR / "orders_2025-10_11_gbk.csv"
xlsx_path = RAW_EXPORT_DIR / "orders_2025-12.xlsx"
raw_csv = read_file(csv_path)
raw_csv.sample(5, random_state=seed).sort_index()

# %% [markdown]
# Even a few rows of this export show trouble: the same day written as 2025-10-01,
# 2025/10/1 or 2025年10月1日; amounts with a ¥ sign or thousands separators; customer ids
# in lower case with stray spaces. The order system's documentation says how its order
# numbers are made: `O...` for sales, `C...` for cancellations (取消单), `R...` for
# returns (退货, with negative quantities) and `S...` for counter sales. The prefix is
# a fact *the source declares*; a course rule never guesses it from how ids look, since
# another company's order ids may start with C for other reasons. The checks below count
# each problem. The Excel workbook has the same problems under English headers:

# %%
cancellation_prefix = "C"  # declared by the order system that made this export
raw_xlsx = read_file(xlsx_path, sheet="orders")
raw_xlsx.sample(5, random_state=seed).sort_index()

# %% [markdown]
# **Mapping headers** (字段映射). Both files name the same things differently
# (`客户编号` and `Customer No` are both the customer id). `map_columns` renames known
# headers to the course's column names; a header it does not know can be mapped with
# `column_mapping={"your header": "course name"}`.

# %%
mapped_csv = map_columns(raw_csv)
mapped_xlsx = map_columns(raw_xlsx)
pd.DataFrame({tr("GBK CSV header", lang, domain="lessons"): raw_csv.columns,
              tr("course name", lang, domain="lessons"): mapped_csv.columns,
              tr("Excel header", lang, domain="lessons"): raw_xlsx.columns})  # fmt: skip

# %% [markdown]
# **Validating before cleaning** (数据校验). Before changing anything, count each
# problem on its own: a checklist of the raw data. One row may have several problems
# (a cancellation is also a negative quantity), so these counts overlap.

# %%
checklist = pd.DataFrame({
    "GBK CSV": audit_orders(mapped_csv, cancellation_prefix=cancellation_prefix),
    "Excel": audit_orders(mapped_xlsx, cancellation_prefix=cancellation_prefix),
})
labels.translated(checklist, lang)

# %% [markdown]
# The same counts in plain pandas for two of the checks, on the mapped CSV (blank
# cells were read as missing):

# %%
missing_ids = int(mapped_csv["customer_id"].isna().sum())
cancel_rows = int(mapped_csv["order_id"].str.strip().str.upper()
                  .str.startswith(cancellation_prefix).sum())  # fmt: skip
compared = pd.DataFrame({
    tr("plain pandas", lang, domain="lessons"): [missing_ids, cancel_rows],
    tr("checklist", lang, domain="lessons"): checklist.loc[["missing customer id", "cancellation rows"], "GBK CSV"],
})  # fmt: skip
labels.translated(compared, lang)

# %%
differ = int(missing_ids != checklist.loc["missing customer id", "GBK CSV"]) + int(
    cancel_rows != checklist.loc["cancellation rows", "GBK CSV"]
)
show(collection.agreement(differ, 2, "check", "checks", lang=lang))

# %% [markdown]
# ## 6. Cleaning and the cleaning report (数据清洗报告)
#
# Cleaning turns the export into order lines the analysis can trust. The rules, each
# with its reason:
#
# | problem | what cleaning does | why |
# |---|---|---|
# | missing customer id | drop the line | it cannot be given to a customer |
# | cancellation (an order id with the declared prefix) | drop | the sale did not happen |
# | return (negative quantity) | drop | not a sale; returns are a behaviour to report on their own |
# | postage, fees, gift vouchers | drop | not a product the customer bought |
# | zero or negative price | drop | free samples or corrections, not sales |
# | exact duplicate line | drop the copy | the same line exported twice |
# | amounts as text ("1,234.50", "¥30") | parse to numbers | so they can be added |
# | dates in mixed formats | parse to dates | so periods and recency work |
# | customer ids in lower case or with spaces | trim and upper-case | so "c0042 " is C0042 |
#
# Nothing disappears silently: `clean_orders` returns the clean lines **and** a report
# of every dropped or changed row, by reason, with the revenue those rows carried.
# (`load_orders(path)` reads, maps and cleans a file in one call.)

# %%
clean_csv, report_csv = clean_orders(mapped_csv, cancellation_prefix=cancellation_prefix)
clean_xlsx, report_xlsx = clean_orders(mapped_xlsx, cancellation_prefix=cancellation_prefix)
print(report_csv.translated(lang))

# %% [markdown]
# How to read it: `rows in` and `rows out` are the lines before and after; each
# `dropped` row names a reason and how many lines it removed (every line is counted
# under the first reason that applies, so the dropped counts add up to the difference);
# `changed` lines stayed in but had a value rewritten. The report keeps the rows too,
# so any number can be checked. One example per reason:

# %%
examples = report_csv.dropped.groupby("reason", sort=False).head(1)
examples = examples[["row", "reason", "order_id", "customer_id", "quantity", "revenue"]]
labels.translated(examples, lang, columns=["reason"])

# %%
changes = report_csv.changed.groupby("reason", sort=False).head(2)
labels.translated(changes, lang, columns=["reason"])

# %% [markdown]
# The two reports side by side, as lines dropped per reason (`quality.dropped_by_reason`),
# and as a chart:

# %%
dropped = quality.dropped_by_reason({"GBK CSV": report_csv, "Excel": report_xlsx})
labels.translated(dropped, lang)

# %%
ax = plots.cleaning_chart(dropped, lang=lang)
plt.show()

# %% [markdown]
# **What the chart shows.** Each bar counts the lines one rule removed from one file,
# the rules that removed the most at the top. The longest bars are the problems to raise
# with whoever runs the order system: a missing customer id, for instance, is often a
# counter sale that nobody linked to a customer, and every such sale is invisible to
# customer analysis.
#
# **Do the two files overlap?** Exports are often cut by hand, and periods overlap.
# Compare the dates each clean file covers, and the lines they share:

# %%
coverage = quality.quality_summary({"GBK CSV": (clean_csv, report_csv),
                                    "Excel": (clean_xlsx, report_xlsx)})  # fmt: skip
coverage[["first_day", "last_day", "lines_kept"]].astype({"first_day": "str", "last_day": "str"})

# %%
shared = quality.compare_lines(clean_xlsx, clean_csv)
days = clean_xlsx.merge(clean_csv)["order_date"].dt.strftime("%Y-%m-%d").unique()
show(collection.overlap_reading(shared, sorted(days), first="the CSV", second="The December workbook",
                                lang=lang))  # fmt: skip

# %% [markdown]
# **Does cleaning give the right answer?** The course company's clean tables were made
# from the same orders, so the two cleaned files, put together with the repeated lines
# kept once, must give exactly the company's order lines from 1 October 2025 on (money
# compared in cents):

# %%
combined = pd.concat([clean_csv, clean_xlsx]).drop_duplicates()
course_orders = tables.orders if tables.name == "course" else load_tables("course").orders
key = ["order_id", "product_id", "customer_id", "order_date", "quantity", "revenue", "cost"]
since = "2025-10-01"
company_lines = course_orders.loc[course_orders["order_date"] >= since, key]
match = quality.compare_lines(combined[key], company_lines)
show(collection.export_match_reading(match, since=since, lang=lang))

# %% [markdown]
# ## 7. Real data: UCI Online Retail
#
# The course company is simulated. The **UCI Online Retail** data set is real: every
# order line of a UK online gift shop from 1 December 2010 to 9 December 2011
# (541,909 lines; Chen, D. (2015), UCI Machine Learning Repository,
# https://doi.org/10.24432/C5BW33, licence CC BY 4.0). Its problems are the ones above,
# at a larger scale: many lines have no customer number, invoices starting with "C" are
# cancellations (the data set's documentation declares it), some prices are zero, and
# there is no cost.
#
# The file is not shipped with the course. The cell below uses a local copy when there
# is one, and otherwise says how to get it.

# %% tags=["nbval-ignore-output"]
retail = None
if tables.name == "online_retail":
    retail = tables
elif online_retail.cached_file(352) is not None:
    retail = load_tables("online_retail")
show(collection.retail_reading(retail, where=online_retail.where_to_put(352), lang=lang))

# %% tags=["nbval-ignore-output"]
print(retail.cleaning.translated(lang) if retail is not None else "")

# %% [markdown]
# Reading the report: lines without a customer number are real sales, but they cannot
# be given to a customer, so customer analysis leaves them out; cancellations are
# dropped. The published figures for this data set keep exact duplicates: the data
# cannot tell an export error from the same item scanned twice on one invoice, so they
# are only *flagged*, and the report says how many there are. How much did each rule
# take away?

# %% tags=["nbval-ignore-output"]
if retail is not None:
    retail_quality = quality.quality_summary({"UCI": (retail.orders, retail.cleaning)})
    show(collection.run_cleaning_reading(retail_quality.iloc[0], name="UCI Online Retail",
                                         this_run=retail is tables, lang=lang))  # fmt: skip
retail_rules = retail.cleaning.summary.query("rows > 0").round({"revenue": 2}) if retail is not None else None
labels.translated(retail_rules, lang, columns=["reason", "action"]) if retail is not None else None

# %% [markdown]
# ## 8. A data-quality summary (数据质量汇总)
#
# A cleaning report is detailed; the people who own the data need one line per source.
# The summary below is the page to send them: how much came in, how much could be
# used, what share of lines had no customer, and what the clean data covers. The first
# row is the data of this run; the others are the two raw export files of the worked
# example.

# %%
sources = {tr("this run: {name}", lang, domain="lessons", name=tables.name): (tables.orders, tables.cleaning),
           tr("raw export CSV (Oct-Nov)", lang, domain="lessons"): (clean_csv, report_csv),
           tr("raw export Excel (Dec)", lang, domain="lessons"): (clean_xlsx, report_xlsx)}  # fmt: skip
quality_table = quality.quality_summary(sources)
shown = labels.translated(quality_table, lang, columns=["largest_rule"])
shown.astype({"first_day": "str", "last_day": "str"}).round(3).T

# %%
show(collection.run_cleaning_reading(quality_table.iloc[0], name=tables.name, lang=lang))

# %% [markdown]
# ## What this means for the business

# %%
show(collection.collection_summary(
    pareto=pareto, band=pareto_band, inventory=inventory, run_quality=quality_table.iloc[0],
    run_name=tables.name, flagged=flagged, problems=tables.problems, lang=lang,
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
# 6. The 80/20 rule held, or did not hold, on the data of this run. Which business would
#    you expect to be flatter than 80/20, and which steeper?
#
# ## Summary
#
# - The textbook says customers differ greatly in value (the 80/20 rule, the pyramids)
#   and that value means profit; this lesson measured how far the data of the run agrees.
# - Customer data is of four kinds: profile, regional, financial and behavioural;
#   corporate and personal customers need different profile fields.
# - Collect through channels whose quality you can check, for a stated purpose, with
#   consent; pseudonymise identifiers; never collect sensitive data.
# - Raw exports need decoding (GBK), header mapping, validation and cleaning; what a
#   code means (a cancellation prefix) is declared by the source, never guessed; the
#   cleaning report records every change, and a one-line-per-source quality summary goes
#   back to the data owners.
#
# **Exercise:** `exercises/01_data_collection.ipynb` (design a collection form for a
# corporate customer, clean the export yourself, choose a retention period).
# **Next lesson:** 02, customer profiling (客户基本情况与商业价值分析).
