"""Every prepared wrong answer of every exercise, written as a student would write it.

Each case runs a student's code in the variables of the solution (on the bundled data)
and then the question's check cell: the hint of that mistake must fire, with its stable
id. Every mistake an answer key declares is tried here, so every hint is reachable on
the bundled data. The correct answers written in other forms (rounded, another index,
another chart kind...) must pass, and the solutions pass their checks on another seed.
"""

from __future__ import annotations

import ast

import pytest
from pandas.api.types import is_numeric_dtype as is_numeric

from helpers.checks.keys import KEYS
from helpers.checks.keys.base import Number, Table, judge
from helpers.checks.policy import MONEY, RATIO, SHARE
from tests.exercise_runs import answer, solved

MONTHLY = 'orders.groupby(orders["order_date"].dt.to_period("M"))'
REVENUE_DESC = (
    'revenue = orders.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)\n'
    "cumulative = revenue.cumsum() / revenue.sum()"
)
POSITIVE = '(summary["status"] == "active") & ~(summary["trend"] < declining_below)'
POSITIVE_GE = '(summary["status"] == "active") & (summary["trend"] >= declining_below)'
POSITIVE_TREND_ONLY = '~(summary["trend"] < declining_below)'
CLASSES = (
    "positive = {positive}\n"
    "customer_class = pd.Series(np.select([long_term & positive, long_term, positive],\n"
    '    ["loyal_will_stay", "loyal_may_switch", "occasional_may_buy_more"],\n'
    '    default="occasional_may_buy_less"), index=summary.index)'
)
AT_RISK = (
    'ids = types.index[types["loyalty_type"].isin({types})]\n'
    'at_risk_revenue = summary["monetary"].reindex(ids).fillna(0).sum()'
)
RECENCY = 'recency = (as_of - orders.groupby("customer_id")["order_date"].max()).dt.days'
LABELLED = '\nax.set_xlabel("month"); ax.set_ylabel("x"); ax.set_title("t")'

#: (exercise, question, mistake id, the student's code)
MISTAKES = {
    "00_warm_up": [
        ("Q1", "order_lines", "n_customers = len(orders)"),
        ("Q2", "order_lines", "n_orders = len(orders)"),
        ("Q2", "customers", 'n_orders = orders["customer_id"].nunique()'),
        ("Q3 last day", "as_of", "last_day = as_of_day"),
        ("Q4", "last_order_day", 'as_of_date = orders["order_date"].max()'),
        ("Q4", "today", "as_of_date = pd.Timestamp.today()"),
        ("Q5", "quantity", 'total_revenue = orders["quantity"].sum()'),
        ("Q5", "cost", 'total_revenue = orders["cost"].sum()'),
        (
            "Q7",
            "smallest",
            "top_customers = "
            'orders.groupby("customer_id")["revenue"].sum().sort_values().head(top_n)',
        ),
        (
            "Q7",
            "order_lines",
            'top_customers = orders.groupby("customer_id").size().sort_values(ascending=False)'
            ".head(top_n)",
        ),
        (
            "Q7",
            "orders",
            'top_customers = orders.groupby("customer_id")["order_id"].nunique()'
            ".sort_values(ascending=False).head(top_n)",
        ),
        (
            "Q7",
            "quantity",
            'top_customers = orders.groupby("customer_id")["quantity"].sum()'
            ".sort_values(ascending=False).head(top_n)",
        ),
        (
            "Q8 customer",
            "smallest",
            'top_customer = orders.groupby("customer_id")["revenue"].sum().idxmin()',
        ),
        ("Q8 share", "share_of_list", "top_share = top_customers.iloc[0] / top_customers.sum()"),
        (
            "Q9",
            "today",
            "since = pd.Timestamp.now() - pd.Timedelta(days=365)\n"
            'n_active = orders.loc[orders["order_date"] >= since, "customer_id"].nunique()',
        ),
        (
            "Q9",
            "last_order_day",
            'since = orders["order_date"].max() - pd.Timedelta(days=365)\n'
            'n_active = orders.loc[orders["order_date"] >= since, "customer_id"].nunique()',
        ),
        ("Q9", "everyone", 'n_active = orders["customer_id"].nunique()'),
        (
            "Q9",
            "dormant",
            'n_active = orders["customer_id"].nunique() - recent["customer_id"].nunique()',
        ),
        ("Q9", "orders", 'n_active = recent["order_id"].nunique()'),
        ("Q10", "quantity", f'ax = {MONTHLY}["quantity"].sum().plot.bar(){LABELLED}'),
        ("Q10", "orders", f'ax = {MONTHLY}["order_id"].nunique().plot.bar(){LABELLED}'),
    ],
    "01_data_collection": [
        ("Q1", "count", f"{REVENUE_DESC}\nshare_for_80 = int((cumulative < 0.8).sum()) + 1"),
        (
            "Q1",
            "top20",
            f"{REVENUE_DESC}\nshare_for_80 = revenue.head(int(0.2 * len(revenue))).sum() / "
            "revenue.sum()",
        ),
        (
            "Q1",
            "ascending",
            'revenue = orders.groupby("customer_id")["revenue"].sum().sort_values()\n'
            "cumulative = revenue.cumsum() / revenue.sum()\n"
            "share_for_80 = ((cumulative < 0.8).sum() + 1) / len(revenue)",
        ),
        (
            "Q1",
            "crossing",
            f"{REVENUE_DESC}\nshare_for_80 = (cumulative < 0.8).sum() / len(revenue)",
        ),
        (
            "Q2",
            "sensitive",
            'corporate_form = candidates[candidates["applies_to"] != "personal"][["field", '
            '"kind"]]',
        ),
        (
            "Q2",
            "personal",
            'corporate_form = candidates[~candidates["sensitive"]][["field", "kind"]]',
        ),
        ("Q2", "everything", 'corporate_form = candidates[["field", "kind"]]'),
        ("Q4 rows", "clean", "n_raw_rows = len(load_orders(csv_path)[0])"),
        ("Q4 missing ids", "with_id", 'n_missing_id = raw_csv["客户编号"].notna().sum()'),
        ("Q5", "overlap", "n_clean_lines = len(pd.concat([clean_csv, clean_xlsx]))"),
        (
            "Q5",
            "raw",
            "n_clean_lines = len(read_file(csv_path)) + len(read_file(xlsx_path, sheet='orders'))",
        ),
        ("Q5", "one_file", "n_clean_lines = len(clean_xlsx)"),
        (
            "Q6",
            "cancellations",
            'cancel_return_revenue = report_csv.summary.set_index("reason").loc["cancellation", '
            '"revenue"]',
        ),
        (
            "Q6",
            "returns",
            'cancel_return_revenue = report_csv.summary.set_index("reason").loc["return", '
            '"revenue"]',
        ),
        ("Q6", "sign", "cancel_return_revenue = -cancel_return_revenue"),
        (
            "Q7 count",
            "at_limit",
            f"{RECENCY}\nretention_days = int(recency[recency >= 90].min())\n"
            "n_to_anonymise = int((recency >= retention_days).sum())",
        ),
        (
            "Q7 count",
            "keep",
            "n_to_anonymise = int(((as_of - last_order).dt.days <= retention_days).sum())",
        ),
        (
            "Q7 count",
            "last_order_day",
            f"{RECENCY}\nretention_days = int(recency[recency >= 91].min()) - 1\n"
            'last = orders["order_date"].max()\n'
            "n_to_anonymise = int(((last - last_order).dt.days > retention_days).sum())",
        ),
        (
            "Q8",
            "all_reasons",
            f'ax = report_csv.summary.set_index("reason")["rows"].plot.barh(){LABELLED}',
        ),
        ("Q8", "with_changed", f"ax = pd.Series(report_csv.counts()).plot.barh(){LABELLED}"),
        ("Q9", "dropped_share", 'quality["kept_share"] = 1 - quality["kept_share"]'),
    ],
    "02_customer_profiling": [
        ("Q1", "frequency_lines", 'rfm_table["frequency"] = orders.groupby("customer_id").size()'),
        (
            "Q1",
            "recency_last_day",
            'last = orders["order_date"].max()\n'
            'rfm_table["recency_days"] = (last - '
            'orders.groupby("customer_id")["order_date"].max()).dt.days',
        ),
        (
            "Q2",
            "customer_share",
            'by_region["revenue_share"] = by_region["customers"] / by_region["customers"].sum()',
        ),
        (
            "Q2",
            "revenue",
            'by_region["revenue_share"] = profile.groupby(region_column)["revenue"].sum()',
        ),
        (
            "Q3",
            "smallest",
            "small = revenue_by_customer.sort_values().head(10)\n"
            'top10 = pd.DataFrame({"revenue": small, "share": small / revenue_by_customer.sum()})\n'
            'top10["cumulative_share"] = top10["share"].cumsum()',
        ),
        (
            "Q3",
            "share_of_top10",
            "top = revenue_by_customer.sort_values(ascending=False).head(10)\n"
            'top10 = pd.DataFrame({"revenue": top, "share": top / top.sum()})\n'
            'top10["cumulative_share"] = top10["share"].cumsum()',
        ),
        (
            "Q4 count",
            "at_limit",
            'dormant_days = int(summary["recency_days"].median())\n'
            'n_dormant = int((summary["recency_days"] >= dormant_days).sum())',
        ),
        ("Q4 count", "active", 'n_dormant = int((summary["recency_days"] <= dormant_days).sum())'),
        (
            "Q5",
            "whole_history",
            'top = summary["monetary"].sort_values(ascending=False).index[:n_gold]\n'
            'gold_share = summary.loc[top, "revenue_last_period"].sum() / '
            'summary["revenue_last_period"].sum()',
        ),
        (
            "Q5",
            "buyers_only",
            "gold_share = last_revenue.sort_values(ascending=False).head(math.ceil(0.05 * "
            "len(last_revenue)))"
            ".sum() / last_revenue.sum()",
        ),
        (
            "Q5",
            "all_time_total",
            "gold_share = last_revenue.sort_values(ascending=False).head(n_gold).sum() / "
            'orders["revenue"].sum()',
        ),
        ("Q6", "counts", f'ax = groups["group"].value_counts().plot.bar(){LABELLED}'),
        (
            "Q6",
            "customer_share",
            f'ax = groups["group"].value_counts(normalize=True).plot.bar(){LABELLED}',
        ),
        (
            "Q7",
            "all_time",
            'per = complaints[complaints["complaint_date"] < as_of].groupby("customer_id").size()\n'
            "n_big_complainers = int((per.reindex(big, fill_value=0) >= 2).sum())",
        ),
        (
            "Q7",
            "one_complaint",
            'per = recent.groupby("customer_id").size()\n'
            "n_big_complainers = int((per.reindex(big, fill_value=0) >= 1).sum())",
        ),
        (
            "Q7",
            "not_big",
            'per = recent.groupby("customer_id").size()\nn_big_complainers = int((per >= 2).sum())',
        ),
        (
            "Q8",
            "no_median",
            'prospects = per_customer.loc[per_customer["items"] <= max_items, "monetary"]',
        ),
        (
            "Q8",
            "fewer_items",
            'keep = (per_customer["items"] < max_items) & (per_customer["monetary"] >= '
            "median_spend)\n"
            'prospects = per_customer.loc[keep, "monetary"]',
        ),
        (
            "Q8",
            "products",
            'per = orders.groupby("customer_id").agg(items=("product_id", "nunique"), '
            'monetary=("revenue", "sum"))\n'
            'prospects = per.loc[(per["items"] <= max_items) & (per["monetary"] >= '
            'median_spend), "monetary"]',
        ),
        ("Q9", "markup", 'category_margin = (totals["revenue"] - totals["cost"]) / totals["cost"]'),
        (
            "Q9",
            "mean_of_lines",
            'category_margin = lines.assign(m=(lines["revenue"] - lines["cost"]) / '
            'lines["revenue"])'
            '.groupby("item")["m"].mean()',
        ),
    ],
    "03_abc_grading": [
        (
            "Q1",
            "whole_history",
            "period_revenue = "
            'orders.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)',
        ),
        ("Q1", "profit", 'period_revenue = customers["profit"].sort_values(ascending=False)'),
        (
            "Q2",
            "including_self",
            'grades = pd.cut(pareto["cumulative_share"], [0, 0.8, 0.95, 1.01], labels=["A", "B", '
            '"C"])',
        ),
        (
            "Q2",
            "whole_history",
            "whole = profiling.customer_summary(orders, as_of=as_of)\n"
            'grades = grading.abc_grade_by_share(whole, cutoffs=pareto_cutoffs)["grade"]',
        ),
        ("Q3 VIP customers", "floor", "vip = period_revenue.head(int(0.01 * len(period_revenue)))"),
        (
            "Q3 VIP customers",
            "whole_history",
            'vip = orders.groupby("customer_id")["revenue"].sum().nlargest(n_vip)',
        ),
        ("Q3 VIP share", "customer_share", "vip_share_of_revenue = n_vip / len(period_revenue)"),
        (
            "Q3 VIP share",
            "whole_history_total",
            'vip_share_of_revenue = vip.sum() / orders["revenue"].sum()',
        ),
        ("Q4 A customers", "default_cutoff", 'n_a = int((pareto["grade"] == "A").sum())'),
        (
            "Q4 A customers",
            "including_self",
            'n_a = int((my_grades["cumulative_share"] <= a_cutoff).sum())',
        ),
        ("Q5", "exact_amount", "threshold_a = smallest_a"),
        (
            "Q5",
            "default_cutoff",
            'small = pareto.loc[pareto["grade"] == "A", "value"].min()\n'
            "threshold_a = round(small, -math.floor(math.log10(small)))",
        ),
        (
            "Q6",
            "customer_share",
            "hours_per_revenue = pd.Series(current_plan) / "
            'pareto["grade"].value_counts(normalize=True)',
        ),
        ("Q6", "inverted", "hours_per_revenue = revenue_share / pd.Series(current_plan)"),
        (
            "Q6",
            "profit_share",
            'profit_share = customers.groupby(grades)["profit"].sum() / customers["profit"].sum()\n'
            "hours_per_revenue = pd.Series(current_plan) / profit_share",
        ),
        (
            "Q8",
            "profit_share",
            f'ax = allocation[["customer_share", "profit_share"]].plot.bar(){LABELLED}',
        ),
        (
            "Q8",
            "hours_share",
            f'ax = allocation[["customer_share", "resource_share"]].plot.bar(){LABELLED}',
        ),
        (
            "Q9",
            "rose",
            'n_fell = int((both["after"].astype(str) < both["before"].astype(str)).sum())',
        ),
        (
            "Q9",
            "lost",
            'outer = pd.concat([before.rename("before"), after.rename("after")], axis=1)\n'
            'outer = outer[outer["before"].notna()].astype(object).fillna("Z")\n'
            'n_fell = int((outer["after"].astype(str) > outer["before"].astype(str)).sum())',
        ),
    ],
    "04_purchase_deciles": [
        ("Q1", "customer_share", "top_decile_share = math.ceil(n / 10) / n"),
        (
            "Q1",
            "smallest",
            "top_decile_share = ranked.nsmallest(math.ceil(n / 10)).sum() / ranked.sum()",
        ),
        ("Q1", "floor", "top_decile_share = ranked.head(n // 10).sum() / ranked.sum()"),
        (
            "Q1",
            "value_decile",
            'top_decile_share = deciles.value_deciles(customers).loc[1, "revenue_share"]',
        ),
        (
            "Q1",
            "profit",
            'top_decile_share = deciles.customer_deciles(customers).loc[1, "profit_share"]',
        ),
        (
            "Q2",
            "reversed",
            "decile_revenue_share = ranked.sort_values().groupby(decile_of.to_numpy()).sum() / "
            "ranked.sum()",
        ),
        ("Q2", "revenue", "decile_revenue_share = ranked.groupby(decile_of).sum()"),
        (
            "Q2",
            "from_zero",
            "decile_revenue_share = ranked.groupby(position * 10 // n).sum() / ranked.sum()",
        ),
        (
            "Q2",
            "qcut",
            "decile = 10 - pd.qcut(ranked, 10, labels=False)\n"
            "decile_revenue_share = ranked.groupby(decile).sum() / ranked.sum()",
        ),
        ("Q3", "customer_decile", "n_first_tenth = math.ceil(n / 10)"),
        ("Q3", "crossing", "n_first_tenth = int((ranked.cumsum() / ranked.sum() < 0.10).sum())"),
        (
            "Q4",
            "customer_deciles",
            f'ax = deciles.customer_deciles(customers)["customers"].plot.bar(){LABELLED}',
        ),
        ("Q4", "revenue", f'ax = by_sales["revenue"].plot.bar(){LABELLED}'),
        (
            "Q5 falling customers",
            "all_customers",
            'n_falling = int((customers["trend"] < my_declining_below).sum())',
        ),
        (
            "Q5 falling customers",
            "inside_half",
            'n_falling = int((~outside_top_half & (customers["trend"].reindex(ranked.index) < '
            "my_declining_below)).sum())",
        ),
        (
            "Q6",
            "zero_threshold",
            'group_counts = deciles.profitable_groups(customers, declining_below=0.0)["group"]'
            ".value_counts()",
        ),
        (
            "Q6",
            "sales_not_profit",
            'group_counts = deciles.profitable_groups(customers, profit="monetary", '
            'declining_below=my_declining_below)["group"].value_counts()',
        ),
        ("Q7", "reversed", "top20_share = int((share_before < 0.80).sum()) / n"),
        ("Q7", "smallest", "top20_share = ranked.tail(math.ceil(0.2 * n)).sum() / ranked.sum()"),
        ("Q7", "floor", "top20_share = ranked.head(int(0.2 * n)).sum() / ranked.sum()"),
    ],
    "05_loyalty": [
        (
            "Q1",
            "tenure_only",
            'n_long_term = int((summary["tenure_days"] >= long_term_days).sum())',
        ),
        ("Q1", "orders_only", 'n_long_term = int((summary["frequency"] >= min_orders).sum())'),
        (
            "Q1",
            "either",
            'n_long_term = int(((summary["tenure_days"] >= long_term_days) | '
            '(summary["frequency"] >= min_orders)).sum())',
        ),
        (
            "Q1",
            "strict",
            'n_long_term = int(((summary["tenure_days"] > long_term_days) & '
            '(summary["frequency"] > min_orders)).sum())',
        ),
        ("Q2", "nan_negative", CLASSES.format(positive=POSITIVE_GE)),
        ("Q2", "zero_threshold", CLASSES.format(positive=POSITIVE.replace("declining_below", "0"))),
        ("Q2", "status_ignored", CLASSES.format(positive=POSITIVE_TREND_ONLY)),
        (
            "Q3",
            "converted",
            'n_may_convert = int((leads["created_date"] >= as_of - '
            "pd.Timedelta(days=lead_window_days)).sum())",
        ),
        ("Q3", "all_open", 'n_may_convert = int(leads["converted_customer_id"].isna().sum())'),
        ("Q3", "old_open", "n_may_convert = len(open_leads) - int(recent.sum())"),
        ("Q4", "shares", "type_counts = type_counts / type_counts.sum()"),
        (
            "Q5 hostages",
            "lesson_cut",
            'my_loyalty_cut = 6\nn_hostages = int((my_types["loyalty_type"] == "hostage").sum())',
        ),
        (
            "Q5 hostages",
            "all_high",
            'n_hostages = int((hostage_types["loyalty"] >= my_loyalty_cut).sum())',
        ),
        ("Q6", "lesson_cut", f"my_loyalty_cut = 8\nax = type_counts.plot.bar(){LABELLED}"),
        ("Q7", "hostages_only", AT_RISK.format(types='["hostage"]')),
        ("Q7", "terrorists_only", AT_RISK.format(types='["terrorist"]')),
        (
            "Q7",
            "all_surveyed",
            'at_risk_revenue = summary["monetary"].reindex(types.index).fillna(0).sum()',
        ),
        ("Q7", "with_defectors", AT_RISK.format(types='["hostage", "terrorist", "defector"]')),
        (
            "Q7",
            "your_cut",
            "my_loyalty_cut = 6\n"
            "mine = loyalty.loyalty_matrix_types(survey, loyalty_cut=my_loyalty_cut)\n"
            'ids = mine.index[mine["loyalty_type"].isin(["hostage", "terrorist"])]\n'
            'at_risk_revenue = summary["monetary"].reindex(ids).fillna(0).sum()',
        ),
        (
            "Q8",
            "all_time",
            "n_priority = len(profiling.big_customers_with_complaints(summary, complaints, "
            "as_of=as_of, "
            "period_days=5000))",
        ),
        (
            "Q8",
            "one_complaint",
            "n_priority = len(profiling.big_customers_with_complaints(summary, complaints, "
            "as_of=as_of, "
            "min_complaints=1))",
        ),
        (
            "Q8",
            "not_big",
            'recent_complaints = complaints[complaints["complaint_date"] >= as_of - '
            "pd.Timedelta(days=365)]\n"
            'n_priority = int((recent_complaints.groupby("customer_id").size() >= 2).sum())',
        ),
    ],
    "06_case_study": [
        ("Q1", "kept", "dropped_share = delivery.cleaning.rows_out / delivery.cleaning.rows_in"),
        ("Q1", "lines", "dropped_share = delivery.cleaning.rows_in - delivery.cleaning.rows_out"),
        (
            "Q2",
            "present",
            "missing_tables = [t for t in optional if getattr(delivery, t) is not None]",
        ),
        (
            "Q3",
            "whole_history",
            'n_a = int((grading.abc_grade_by_share(history, cutoffs=pareto_cutoffs)["grade"] == '
            '"A").sum())',
        ),
        ("Q3", "crossing", 'n_a = int((grades["cumulative_share"] <= pareto_cutoffs[0]).sum())'),
        (
            "Q4",
            "top_ten",
            'top_decile_share = period["monetary"].nlargest(10).sum() / period["monetary"].sum()',
        ),
        (
            "Q4",
            "whole_history",
            'top_decile_share = deciles.customer_deciles(history).loc[1, "revenue_share"]',
        ),
        ("Q4", "profit", 'top_decile_share = decile_table.loc[1, "profit_share"]'),
        (
            "Q4",
            "value_decile",
            'top_decile_share = deciles.value_deciles(period).loc[1, "revenue_share"]',
        ),
        ("Q5", "all_signals", "n_rescue = int((switch & unhappy & complained).sum())"),
        ("Q5", "behaviour_only", "n_rescue = int(switch.sum())"),
        (
            "Q5",
            "all_grades",
            "ids = period.index\n"
            'n_rescue = int(((classes["loyalty_class"].reindex(ids) == "loyal_may_switch")\n'
            '    | types["loyalty_type"].reindex(ids).isin(["hostage", "defector", "terrorist"])\n'
            "    | (complaint_counts.reindex(ids, fill_value=0) >= min_complaints)).sum())",
        ),
        ("Q6 resource split", "value_only", "resource_share = value / value.sum()"),
        ("Q6 resource split", "customer_only", "resource_share = customers / customers.sum()"),
        (
            "Q6 resource split",
            "reversed",
            "resource_share = my_base_service * value / value.sum() + (1 - my_base_service) * "
            "customers / customers.sum()",
        ),
        (
            "Q6 resource split",
            "revenue_not_profit",
            'value = grades["value"].groupby(grades["grade"], observed=False).sum()\n'
            "resource_share = my_base_service * customers / customers.sum() + (1 - "
            "my_base_service) "
            "* value / value.sum()",
        ),
        ("Q7", "customer_share", f"ax = (customers / customers.sum()).plot.bar(){LABELLED}"),
    ],
}

#: (exercise, question, the student's code, what the check must say: None = correct)
FORMS = {
    "00_warm_up": [
        ("Q5", "total_revenue = float(f'{total_revenue:.4g}')", "rounded"),
        ("Q5", "total_revenue = float(f'{total_revenue:.3g}')", "rounded_too_much"),
        ("Q5", "total_revenue = total_revenue * 1.01", "too_high"),
        ("Q6", 'top_n = "10"', "text"),
        ("Q6", "top_n = 10.5", "not_whole"),
        (
            "Q7",
            'top_customers = orders.groupby("customer_id", as_index=False)["revenue"].sum()'
            '.sort_values("revenue", ascending=False).head(top_n)',
            None,
        ),
        ("Q7", "top_customers = top_customers.round(2).to_frame('total')", None),
        ("Q7", "top_customers = top_customers.sort_values()", "ascending"),
        ("Q7", "top_customers = top_customers.head(3)", "missing_rows"),
        ("Q7", "top_customers = list(top_customers)", "not_a_table"),
        ("Q8 share", "top_share = round(top_share, 3)", "rounded"),
        ("Q8 share", "top_share = 100 * top_share", "percent_not_share"),
        ("Q8 share", "top_share = round(top_share, 2)", "rounded_too_much"),
        ("Q8 customer", "top_customer = [top_customer]", "many_values"),
        ("Q10", f"ax = (monthly / 1000).plot.bar(){LABELLED}", "scaled"),
        ("Q10", f"ax = monthly.plot(){LABELLED}", None),
        ("Q10", "ax = monthly.plot.pie()", "kind_not_allowed"),
        ("Q10", 'ax = monthly.plot.bar(); ax.set_xlabel("month")', "no_axis_label"),
        ("Q10", 'ax = monthly.plot.bar(); ax.set(xlabel="m", ylabel="r")', "no_title"),
        ("Q10", "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()", "empty"),
    ],
    "01_data_collection": [
        ("Q1", "share_for_80 = round(share_for_80, 3)", "rounded"),
        ("Q2", "corporate_form = corporate_form.sort_values('kind')", None),
        ("Q2", "corporate_form = corporate_form[['field']]", "missing_column"),
        ("Q2", "corporate_form = corporate_form.assign(extra=1)", None),
        ("Q6", "cancel_return_revenue = round(cancel_return_revenue)", "rounded"),
        ("Q7 choice", "retention_days = '730'", "text"),
        ("Q7 choice", "retention_days = 3000", "out_of_range"),
        ("Q8", "ax = pd.Series(report_csv.counts('dropped')).plot.pie()\nax.set_title('t')", None),
        ("Q9", "quality = quality.round(3)", "rounded"),
        ("Q9", "quality['kept_share'] = 100 * quality['kept_share']", "percent_not_share"),
        ("Q9", "quality = quality.loc[['Excel', 'GBK CSV']]", None),
        ("Q9", "quality = quality.reset_index()", None),
    ],
    "02_customer_profiling": [
        ("Q1", "rfm_table = rfm_table.reset_index()", None),
        ("Q1", "rfm_table = rfm_table.rename(columns={'monetary': 'revenue'})", None),
        ("Q1", "rfm_table = rfm_table.drop(columns='monetary')", "missing_column"),
        ("Q1", "rfm_table = rfm_table.sample(frac=1, random_state=1)", None),
        ("Q2", "by_region = by_region.round(3)", "rounded"),
        (
            "Q2",
            "by_region['revenue_share'] = 100 * by_region['revenue_share']",
            "percent_not_share",
        ),
        ("Q3", "top10 = top10.iloc[::-1]", "ascending"),
        ("Q3", "top10 = top10.round(3)", "rounded"),
        ("Q3", "top10 = top10.iloc[[1, 0, 2, 3, 4, 5, 6, 7, 8, 9]]", "wrong_order"),
        ("Q3", "top10 = top10.head(9)", "missing_rows"),
        ("Q4 choice", "dormant_days = -3", "out_of_range"),
        ("Q6", f"ax = group_share.mul(100).plot.bar(){LABELLED}", "scaled"),
        ("Q6", "ax = group_share.plot.pie(); ax.set_title('t')", None),
        ("Q8", "prospects = prospects.sort_index()", None),
        ("Q8", "prospects = prospects.to_frame('spend').reset_index()", None),
        ("Q9", "category_margin = category_margin.round(3)", "rounded"),
        ("Q9", "category_margin = category_margin.to_frame('margin')", None),
    ],
    "03_abc_grading": [
        ("Q1", "period_revenue = period_revenue.round(-2)", "rounded_too_much"),
        ("Q1", "period_revenue = period_revenue.round()", "rounded"),
        ("Q2", "grades = grades.astype(str).sort_index()", None),
        ("Q2", "grades = grades.reset_index()", None),
        ("Q2", "grades = grades.map({'A': 'a', 'B': 'b', 'C': 'c'})", "labels_differ"),
        ("Q3 VIP share", "vip_share_of_revenue = 100 * vip_share_of_revenue", "percent_not_share"),
        ("Q4 cut-off", "a_cutoff = 70", "out_of_range"),
        ("Q6", "hours_per_revenue = hours_per_revenue.round(2)", "rounded"),
        ("Q6", "hours_per_revenue = hours_per_revenue.round(1)", "rounded_too_much"),
        ("Q6", "hours_per_revenue = hours_per_revenue[['C', 'B', 'A']]", None),
        (
            "Q6",
            "hours_per_revenue = hours_per_revenue.rename_axis(None).to_frame().reset_index()",
            None,
        ),
        ("Q8", "ax = shares.plot.pie(subplots=True)[0]", "kind_not_allowed"),
        (
            "Q8",
            f"ax = (100 * allocation[['customer_share', 'revenue_share']]).plot.bar(){LABELLED}",
            "scaled",
        ),
    ],
    "04_purchase_deciles": [
        ("Q1", "top_decile_share = round(top_decile_share, 3)", "rounded"),
        ("Q1", "top_decile_share = f'{top_decile_share:.1%}'", "text"),
        ("Q2", "decile_revenue_share = decile_revenue_share.to_frame('share').reset_index()", None),
        ("Q2", "decile_revenue_share = decile_revenue_share.round(3)", "rounded"),
        ("Q2", "decile_revenue_share.index = decile_revenue_share.index.astype(str)", None),
        ("Q2", "decile_revenue_share = decile_revenue_share.head(9)", "missing_rows"),
        ("Q5 threshold", "my_declining_below = '-0.3'", "text"),
        ("Q5 threshold", "my_declining_below = 30", "out_of_range"),
        ("Q6", "group_counts = group_counts.astype(float)", None),
        ("Q6", "group_counts = group_counts.drop('retain')", "missing_rows"),
    ],
    "05_loyalty": [
        ("Q2", "customer_class = customer_class.sample(frac=1, random_state=3)", None),
        ("Q2", "customer_class = customer_class.astype('category')", None),
        ("Q4", "type_counts = type_counts[type_counts > 0].sort_values()", None),
        ("Q4", "type_counts = type_counts.reindex(['hostage', 'apostle'])", "missing_rows"),
        ("Q4", "type_counts = type_counts.astype(float).where(type_counts > 60)", "nan_values"),
        ("Q5 cut-off", "my_loyalty_cut = 7.5", "not_whole"),
        ("Q5 cut-off", "my_loyalty_cut = 7.0", None),
        ("Q6", "ax = counts.plot.pie()\nax.set_title('t')", None),
        ("Q6", f"ax = counts.plot.barh(){LABELLED}", None),
        ("Q7", "at_risk_revenue = round(at_risk_revenue, -3)", "rounded"),
        ("Q7", "at_risk_revenue = round(at_risk_revenue, -5)", "rounded_too_much"),
    ],
    "06_case_study": [
        ("Q1", "dropped_share = round(dropped_share, 3)", "rounded"),
        ("Q1", "dropped_share = 100 * dropped_share", "percent_not_share"),
        ("Q2", "missing_tables = delivery.missing()", None),
        ("Q2", "missing_tables = set(missing_tables)", None),
        ("Q2", "missing_tables = pd.Series(missing_tables)", None),
        ("Q2", "missing_tables = 'complaints'", "not_a_list"),
        ("Q2", "missing_tables = missing_tables + ['orders']", "extra_items"),
        ("Q2", "missing_tables = []", "missing_items"),
        ("Q6 base service", "my_base_service = '0.2'", "text"),
        ("Q6 resource split", "resource_share = resource_share.round(3)", "rounded"),
        (
            "Q6 resource split",
            "resource_share = resource_share.to_frame('share').reset_index()",
            None,
        ),
        ("Q7", "ax = resource_share.plot.pie()\nax.set_title('t')", None),
        (
            "Q7",
            "ax = pd.DataFrame({'resources': resource_share, 'customers': customers / "
            f"customers.sum()}}).plot.bar(){LABELLED}",
            None,
        ),
        ("Q7", f"ax = (100 * resource_share).plot.bar(){LABELLED}", "scaled"),
    ],
}


def _cases(table):
    return [(stem, *row) for stem, rows in table.items() for row in rows]


@pytest.mark.parametrize(
    ("stem", "question", "mistake", "code"),
    _cases(MISTAKES),
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 and "=" not in v else None,
)
def test_prepared_mistake_gets_its_hint(stem, question, mistake, code):
    result = answer(stem, question, code)
    assert result.mistake == mistake, result.line
    assert result.line.startswith("❌ [not yet]")


@pytest.mark.parametrize("stem", sorted(KEYS))
def test_every_prepared_mistake_is_tried(stem):
    declared = {(label, m) for label, q in KEYS[stem].questions.items() for m in q.hints}
    tried = {(question, mistake) for question, mistake, _ in MISTAKES.get(stem, [])}
    assert declared == tried


@pytest.mark.parametrize(
    ("stem", "question", "code", "finding"),
    _cases(FORMS),
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 and "=" not in v else None,
)
def test_answers_in_other_forms(stem, question, code, finding):
    result = answer(stem, question, code)
    if finding is None:
        assert result.correct and not result.rounded, result.line
    elif finding == "rounded":
        assert result.correct and result.rounded, result.line
        assert result.line.endswith("correct (rounded)")
    elif finding == "scaled":
        assert result.correct and result.note is not None, result.line
    else:
        assert result.reason.code == finding, result.line


@pytest.mark.parametrize("stem", sorted(KEYS))
def test_solution_passes_its_checks_on_another_seed(stem):
    other = "course" if stem == "06_case_study" else "course:seed=7"
    run = solved(stem, other)  # solution mode: a check that fails raises
    assert run.key.tables.name == other


def _context(stem: str, question: str) -> dict:
    """The keywords the notebook's check statement passes, evaluated in its variables."""
    run = solved(stem)
    call = ast.parse(run.checks[question]).body[0].value
    return {k.arg: eval(ast.unparse(k.value), dict(run.namespace)) for k in call.keywords}  # noqa: S307


def _rounded(value: float, kind) -> float:
    """A value rounded the way the lessons show it."""
    if kind is SHARE:
        return round(value, 3)
    if kind is RATIO:
        return round(value, 2)
    if kind is MONEY:
        return float(f"{value:.4g}") if abs(value) >= 10_000 else round(value)
    return value


@pytest.mark.parametrize("stem", sorted(KEYS))
def test_correct_answers_rounded_as_the_lessons_show_never_get_a_hint(stem):
    key = solved(stem).key
    for question, definition in key.questions.items():
        expected = key.expected(question, **_context(stem, question))
        if isinstance(expected, Number):
            answer = _rounded(expected.expected, expected.kind)
        elif isinstance(expected, Table):
            frame = expected.spec.frame.copy()
            for column in frame.columns:
                kind = expected.spec.kind(column) if is_numeric(frame[column]) else None
                if kind is not None:
                    frame[column] = [_rounded(v, kind) for v in frame[column]]
            answer = frame
        else:
            continue
        outcome = judge(answer, expected, definition.hints)
        assert outcome.correct, (question, outcome.reason and outcome.reason.text())
