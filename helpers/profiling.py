"""Customer profiling (客户基本情况与商业价值分析): who buys, how much, how recently.

Every function takes canonical order lines (see :mod:`helpers.schema`) or a customer
table with one row per customer (for example the output of :func:`customer_summary`)
and returns a new DataFrame; inputs are never modified.

Money is summed in whole cents, so totals are exact to the cent and do not depend on
the order of the rows. Rankings compare amounts rounded to cents and break ties by
``customer_id``.

Conventions of :func:`customer_summary` compared with the ``lifetimes`` and
``pymc-marketing`` packages (``summary_data_from_transaction_data``, ``rfm_summary``):

============  ===============================  ==========================================
quantity      this course (``convention=        lifetimes / pymc-marketing
              "course"``)                       (``convention="lifetimes"``)
============  ===============================  ==========================================
frequency     distinct orders                  repeat purchase periods: distinct days (or
                                               weeks, months) with a purchase, minus one
recency       days from the last purchase to   periods from the FIRST to the last
              the as-of date (small = recent)  purchase (large = recent); 0 for one-timers
age           ``tenure_days``: days from the   ``T``: periods from the first purchase to
              first purchase to as-of          the last observed day (as_of - 1 day)
monetary      total revenue                    ``monetary_value``: mean revenue of the
                                               repeat periods (first period left out;
                                               0 for one-time buyers)
============  ===============================  ==========================================

The course convention answers the syllabus's questions (who is active or dormant, who
spends the most); the lifetimes convention is what probabilistic models such as
BG/NBD and Gamma-Gamma expect as input.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from helpers._aggregate import (
    Groups,
    as_timestamp,
    by_customer,
    ceil_count,
    date_ints,
    encode_keys,
    from_cents,
    numeric_column,
    rank_order,
    safe_divide,
    sums_by_key,
    timestamp_int,
    to_cents,
)
from helpers.i18n import tr
from helpers.labels import label
from helpers.schema import DataError, require_columns

__all__ = [
    "COMPOSITION_DIMENSIONS",
    "activity_table",
    "big_customers_with_complaints",
    "composition_table",
    "cross_sell_prospects",
    "customer_sales_by_period",
    "customer_summary",
    "gold_and_drag_customers",
    "gold_and_drag_summary",
    "gold_persistence",
    "lead_conversion",
    "margin_by_category",
    "margin_by_product",
    "pareto_summary",
    "purchase_cycle_days",
    "rank_customers",
    "sales_by_product",
    "share_of_wallet",
    "trend_bands",
]

#: customer-table columns a composition analysis looks at, most telling first
COMPOSITION_DIMENSIONS = (
    "business_type", "customer_type", "industry", "region", "channel", "country",
)  # fmt: skip


def _lines_before(orders: pd.DataFrame, as_of: pd.Timestamp):
    """Order lines dated before ``as_of``, their dates as integers, the unit, units per day."""
    dates, unit, per_day = date_ints(orders["order_date"])
    as_of_i = timestamp_int(as_of, unit)
    if len(dates) and dates.max() >= as_of_i:
        keep = dates < as_of_i
        orders = orders.loc[keep]
        dates = dates[keep]
    if len(orders) == 0:
        raise DataError(
            f"orders table: no order lines dated before as_of={as_of.date()}; pass a later "
            "as_of (the default in the notebooks is the day after the last order)."
        )
    return orders, dates, unit, per_day


def _cost_cents(orders: pd.DataFrame, groups: Groups) -> tuple[np.ndarray, np.ndarray]:
    """Per-customer cost in cents and a mask of customers whose cost is fully known."""
    if "cost" not in orders.columns:
        return np.full(groups.size, np.nan), np.zeros(groups.size, dtype=bool)
    cost = to_cents(orders["cost"].to_numpy(dtype=np.float64, na_value=np.nan))
    missing = np.isnan(cost)
    if missing.any():
        known = groups.sum(missing.astype(np.float64)) == 0
        cost[missing] = 0.0
    else:
        known = np.ones(groups.size, dtype=bool)
    return groups.sum(cost), known


def customer_summary(
    orders: pd.DataFrame,
    *,
    as_of,
    period_days: int = 365,
    dormant_after_days: int = 180,
    convention: str = "course",
    freq: str = "D",
) -> pd.DataFrame:
    """One row per customer: purchase dates, recency, frequency, monetary value, profit, trend.

    Only order lines dated before ``as_of`` count. Columns (``convention="course"``):
    ``first_purchase, last_purchase, tenure_days, recency_days, frequency`` (distinct
    orders), ``quantity, monetary`` (total revenue), ``avg_order_value, cost, profit,
    margin`` (NaN when the cost of any of the customer's lines is unknown),
    ``revenue_last_period`` (the ``period_days`` before as_of), ``revenue_prior_period``
    (the ``period_days`` before that), ``trend`` (last / prior - 1, NaN when prior is 0)
    and ``status`` ("dormant" when recency_days > dormant_after_days, else "active").

    ``convention="lifetimes"`` returns ``frequency, recency, T, monetary_value`` as the
    lifetimes and pymc-marketing packages define them (see the module notes), counting
    periods of ``freq`` ("D" days, "W" weeks or "M" months).

    >>> orders = pd.DataFrame({
    ...     "customer_id": ["C1", "C1", "C1", "C2"],
    ...     "order_id": ["O1", "O1", "O2", "O3"],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-03-01",
    ...                                   "2024-02-01"]),
    ...     "product_id": ["P1", "P2", "P1", "P1"],
    ...     "quantity": [1, 2, 1, 5],
    ...     "revenue": [10.0, 20.0, 30.0, 50.0]})
    >>> s = customer_summary(orders, as_of="2024-04-01")
    >>> s[["recency_days", "frequency", "monetary", "avg_order_value", "status"]]
                 recency_days  frequency  monetary  avg_order_value  status
    customer_id
    C1                     31          2      60.0             30.0  active
    C2                     60          1      50.0             50.0  active
    >>> customer_summary(orders, as_of="2024-04-01", convention="lifetimes")
                 frequency  recency     T  monetary_value
    customer_id
    C1                   1     60.0  90.0            30.0
    C2                   0      0.0  59.0             0.0
    """
    require_columns(
        orders,
        ["customer_id", "order_id", "order_date", "revenue"],
        purpose="the customer summary",
    )
    if convention not in {"course", "lifetimes"}:
        raise DataError(f"convention must be 'course' or 'lifetimes', not {convention!r}")
    as_of = as_timestamp(as_of)
    orders, dates, unit, per_day = _lines_before(orders, as_of)
    groups = Groups.of(orders["customer_id"])
    revenue = to_cents(orders["revenue"].to_numpy(dtype=np.float64, na_value=np.nan))
    if np.isnan(revenue).any():
        raise DataError(
            "orders table: column 'revenue' has missing values; drop or fill those rows first."
        )
    as_of_day = timestamp_int(as_of, unit) // per_day
    if convention == "lifetimes":
        return _lifetimes_summary(groups, dates, unit, per_day, revenue, as_of_day, freq)

    first = groups.min(dates)
    last = groups.max(dates)
    orders_of = Groups.of(orders["order_id"], column="order_id", want_keys=False)
    order_owner = np.empty(orders_of.size, dtype=np.intp)
    order_owner[orders_of.codes] = groups.codes
    if not (order_owner[orders_of.codes] == groups.codes).all():
        raise DataError(
            "orders table: some order_id values belong to more than one customer_id; "
            "order ids must identify one customer's order. Check the id columns."
        )
    frequency = np.bincount(order_owner, minlength=groups.size)
    del orders_of, order_owner
    # revenue in three periods at once: 0 = older, 1 = prior period, 2 = last period
    start_last = (as_of_day - period_days) * per_day
    start_prior = (as_of_day - 2 * period_days) * per_day
    period = (dates >= start_prior).view(np.uint8) + (dates >= start_last).view(np.uint8)
    cells = groups.codes * 3
    cells += period
    by_period = np.bincount(cells, weights=revenue, minlength=3 * groups.size)
    del cells, period
    by_period = by_period.reshape(groups.size, 3)
    monetary = by_period.sum(axis=1)
    last_period, prior_period = by_period[:, 2], by_period[:, 1]
    cost, cost_known = _cost_cents(orders, groups)
    profit = np.where(cost_known, monetary - cost, np.nan)
    recency = as_of_day - last // per_day
    date_type = f"datetime64[{unit}]"
    result = pd.DataFrame(
        {
            "first_purchase": first.view(date_type),
            "last_purchase": last.view(date_type),
            "tenure_days": as_of_day - first // per_day,
            "recency_days": recency,
            "frequency": frequency,
        },
        index=groups.keys,
    )
    if "quantity" in orders.columns:
        quantity = groups.sum(orders["quantity"].to_numpy(dtype=np.float64, na_value=0.0))
        if pd.api.types.is_integer_dtype(orders["quantity"].dtype):
            quantity = quantity.astype(np.int64)
        result["quantity"] = quantity
    result["monetary"] = from_cents(monetary)
    result["avg_order_value"] = np.round(safe_divide(monetary, frequency)) / 100.0
    result["cost"] = np.where(cost_known, from_cents(cost), np.nan)
    result["profit"] = from_cents(profit)
    result["margin"] = safe_divide(profit, monetary)
    result["revenue_last_period"] = from_cents(last_period)
    result["revenue_prior_period"] = from_cents(prior_period)
    result["trend"] = safe_divide(last_period - prior_period, prior_period)
    status = pa.array(["active", "dormant"]).take(
        pa.array(recency > dormant_after_days).cast("int8")
    )
    result["status"] = pd.array(status, dtype="str")
    return result


def _lifetimes_summary(
    groups: Groups,
    dates: np.ndarray,
    unit: str,
    per_day: int,
    revenue: np.ndarray,
    as_of_day: int,
    freq: str,
) -> pd.DataFrame:
    """frequency/recency/T/monetary_value as in lifetimes' summary_data_from_transaction_data."""
    last_day = as_of_day - 1  # the last observed day
    if freq == "D":
        period = dates // per_day
        end_period = last_day
    elif freq == "W":  # weeks start on Monday, as pandas' "W" (1970-01-01 was a Thursday)
        period = (dates // per_day + 3) // 7
        end_period = (last_day + 3) // 7
    elif freq == "M":
        period = dates.view(f"datetime64[{unit}]").astype("datetime64[M]").view(np.int64)
        end_period = int(np.datetime64(last_day, "D").astype("datetime64[M]").view(np.int64))
    else:
        raise DataError(f"freq must be 'D', 'W' or 'M', not {freq!r}")
    first = groups.min(period)
    last = groups.max(period)
    span = int(period.max() - period.min()) + 1
    pairs = pd.unique(groups.codes.astype(np.int64) * span + (period - period.min()))
    periods = np.bincount(pairs // span, minlength=groups.size)
    in_first = period == first[groups.codes]
    repeat_revenue = groups.sum(revenue) - groups.sum(np.where(in_first, revenue, 0.0))
    frequency = periods - 1
    monetary_value = np.where(frequency > 0, np.round(safe_divide(repeat_revenue, frequency)), 0.0)
    return pd.DataFrame(
        {
            "frequency": frequency,
            "recency": (last - first).astype(np.float64),
            "T": (end_period - first).astype(np.float64),
            "monetary_value": from_cents(monetary_value),
        },
        index=groups.keys,
    )


def customer_sales_by_period(orders: pd.DataFrame, *, as_of, freq: str = "YS") -> pd.DataFrame:
    """Revenue per customer and period (a customers x periods table, 0.0 where none).

    ``freq`` is a pandas period-start alias: "YS" years, "QS" quarters, "MS" months.

    >>> orders = pd.DataFrame({"customer_id": ["C1", "C1", "C2"],
    ...     "order_date": pd.to_datetime(["2023-05-01", "2024-02-01", "2024-03-01"]),
    ...     "revenue": [10.0, 20.0, 5.0]})
    >>> customer_sales_by_period(orders, as_of="2025-01-01")
    order_date   2023-01-01  2024-01-01
    customer_id
    C1                 10.0        20.0
    C2                  0.0         5.0
    """
    require_columns(orders, ["customer_id", "order_date", "revenue"], purpose="sales by period")
    as_of = as_timestamp(as_of)
    orders, dates, unit, _ = _lines_before(orders, as_of)
    groups = Groups.of(orders["customer_id"])
    starts = pd.Series(dates.view(f"datetime64[{unit}]")).dt.to_period(freq.rstrip("S"))
    period_groups = Groups.of(starts.dt.start_time.rename("order_date"), column="order_date")
    cells = groups.codes * period_groups.size + period_groups.codes
    revenue = to_cents(orders["revenue"].to_numpy(dtype=np.float64, na_value=0.0))
    totals = np.bincount(cells, weights=revenue, minlength=groups.size * period_groups.size)
    table = pd.DataFrame(
        from_cents(totals).reshape(groups.size, period_groups.size),
        index=groups.keys,
        columns=pd.DatetimeIndex(period_groups.keys, name="order_date"),
    )
    return table


def composition_table(
    customers: pd.DataFrame,
    by: str | Sequence[str],
    *,
    summary: pd.DataFrame | None = None,
    column: str = "monetary",
) -> pd.DataFrame:
    """Customer composition (客户构成) by profile column(s): counts and revenue shares.

    Missing profile values are shown as "(missing)". With ``summary`` (a customer table
    holding ``column``) the revenue and its share are added; buyers in ``summary`` who
    are not in ``customers`` count as customers whose profile is "(missing)", so the
    shares are of all customers and of all revenue. Sorted by customers, largest first
    (ties by the category).

    >>> customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3"],
    ...                           "region": ["north", "south", "north"]})
    >>> summary = pd.DataFrame({"monetary": [10.0, 30.0, 60.0]},
    ...                        index=pd.Index(["C1", "C2", "C3"], name="customer_id"))
    >>> composition_table(customers, "region", summary=summary)
            customers  customer_share  revenue  revenue_share
    region
    north           2        0.666667     70.0            0.7
    south           1        0.333333     30.0            0.3
    """
    by = [by] if isinstance(by, str) else list(by)
    table = by_customer(customers)
    require_columns(table, by, table="customers", purpose="the composition table")
    table = table[by]
    if summary is not None:
        buyers = by_customer(summary).index
        unknown = buyers.difference(table.index)
        if len(unknown):
            table = pd.concat([table, pd.DataFrame(index=unknown, columns=by, dtype=object)])
    keys = table.astype(object).where(table.notna(), "(missing)")
    keys = keys.astype(str)
    result = keys.value_counts(sort=False).rename("customers").to_frame()
    result["customer_share"] = result["customers"] / result["customers"].sum()
    if summary is not None:
        values = by_customer(summary)
        revenue = pd.Series(to_cents(numeric_column(values, column)), index=values.index).reindex(
            table.index, fill_value=0.0
        )
        cents = revenue.groupby([keys[c] for c in by]).sum()
        result["revenue"] = from_cents(cents.reindex(result.index).to_numpy())
        result["revenue_share"] = safe_divide(cents.reindex(result.index), cents.sum())
    result = result.reset_index().sort_values(
        ["customers", *by], ascending=[False] + [True] * len(by)
    )
    return result.set_index(by if len(by) > 1 else by[0])


def _ranked(table: pd.DataFrame, column: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The table in rank order, its values in cents and the ranks."""
    values = to_cents(numeric_column(table, column))
    order = rank_order(values, money=False)
    ranked = table.iloc[order]
    return ranked, values[order], np.arange(1, len(order) + 1)


def rank_customers(
    customers: pd.DataFrame, *, column: str = "monetary", profit: str = "profit"
) -> pd.DataFrame:
    """Customers ranked high to low (交易业绩分析) with share and cumulative share.

    Columns: ``value, rank, share, cumulative_share`` and, when the table has a
    ``profit`` column, ``profit, profit_share`` (NaN where profit is unknown). Ties are
    broken by customer_id.

    >>> t = pd.DataFrame({"customer_id": ["C2", "C1", "C3"], "monetary": [50.0, 50.0, 0.0]})
    >>> rank_customers(t)
                 value  rank  share  cumulative_share
    customer_id
    C1            50.0     1    0.5               0.5
    C2            50.0     2    0.5               1.0
    C3             0.0     3    0.0               1.0
    """
    table = by_customer(customers)
    ranked, cents, ranks = _ranked(table, column)
    total = np.nansum(cents)
    result = pd.DataFrame(
        {
            "value": from_cents(cents),
            "rank": ranks,
            "share": safe_divide(cents, total),
            "cumulative_share": safe_divide(np.nancumsum(cents), total),
        },
        index=ranked.index,
    )
    if profit in ranked.columns:
        profit_cents = to_cents(numeric_column(ranked, profit))
        result["profit"] = from_cents(profit_cents)
        result["profit_share"] = safe_divide(profit_cents, np.nansum(profit_cents))
    return result


def pareto_summary(ranked: pd.DataFrame, *, mark: float = 0.80, top: float = 0.20) -> pd.Series:
    """How concentrated the value is: the 80/20 figures of a ranking (二八法则).

    ``ranked`` is :func:`rank_customers` (``value`` and ``rank``; ``profit`` when known).
    Values: ``customers``, ``revenue`` (total), ``mark``, ``top``; ``customers_to_mark``
    (the fewest customers, largest first, whose revenue reaches ``mark`` of the total)
    and ``share_to_mark``; ``top_customers`` (ceil(top * n)) and ``top_revenue_share``;
    and, when every customer's profit is known, ``profit`` (total), ``top_profit_share``
    (the profit share of those top customers by revenue; NaN when total profit is not
    positive), ``loss_makers`` (customers with negative profit) and
    ``top_also_top_by_profit`` (the share of the top customers by revenue who are also
    among the top ceil(top * n) by profit; ties by customer id). NaN where unknown.

    >>> ranked = rank_customers(pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4", "C5"],
    ...     "monetary": [60.0, 20.0, 10.0, 5.0, 5.0], "profit": [6.0, 5.0, 1.0, -1.0, 1.0]}))
    >>> s = pareto_summary(ranked, mark=0.8, top=0.2)
    >>> s[["customers_to_mark", "share_to_mark", "top_customers", "top_revenue_share"]].tolist()
    [2.0, 0.4, 1.0, 0.6]
    >>> s[["top_profit_share", "loss_makers", "top_also_top_by_profit"]].tolist()
    [0.5, 1.0, 1.0]
    """
    require_columns(ranked, ["value", "rank"], table="ranking", purpose="the 80/20 figures")
    for name, share in (("mark", mark), ("top", top)):
        if not 0 < share <= 1:
            raise DataError(f"{name} must be a share between 0 and 1 (0.8 = 80%), not {share!r}")
    ordered = ranked.iloc[np.argsort(ranked["rank"].to_numpy(), kind="stable")]
    cents = to_cents(numeric_column(ordered, "value", table_name="ranking"))
    n = len(cents)
    total = float(np.nansum(cents))
    out = dict.fromkeys(
        ["customers", "revenue", "mark", "top", "customers_to_mark", "share_to_mark",
         "top_customers", "top_revenue_share", "profit", "top_profit_share", "loss_makers",
         "top_also_top_by_profit"],
        np.nan,
    )  # fmt: skip
    n_top = ceil_count(top, n)
    out.update(customers=n, revenue=total / 100.0, mark=mark, top=top, top_customers=n_top)
    if n and total > 0:
        running = np.cumsum(cents)
        reached = running >= round(mark * total, 6)
        out["customers_to_mark"] = int(np.argmax(reached)) + 1
        out["share_to_mark"] = out["customers_to_mark"] / n
        out["top_revenue_share"] = float(running[n_top - 1] / total)
    if n and "profit" in ordered.columns and ordered["profit"].notna().all():
        profit = to_cents(numeric_column(ordered, "profit", table_name="ranking"))
        total_profit = float(profit.sum())
        out["profit"] = total_profit / 100.0
        if total_profit > 0:
            out["top_profit_share"] = float(profit[:n_top].sum() / total_profit)
        out["loss_makers"] = int((profit < 0).sum())
        by_id = pd.Series(profit, index=ordered.index).sort_index()
        top_by_profit = by_id.index[rank_order(by_id.to_numpy())[:n_top]]
        both = top_by_profit.intersection(ordered.index[:n_top])
        out["top_also_top_by_profit"] = len(both) / n_top
    return pd.Series(out, dtype="float64")


def margin_by_product(
    orders: pd.DataFrame,
    *,
    customer_id: str | Sequence[str] | None = None,
    products: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Gross margin (毛利率) by product, for all customers, one customer or several.

    ``customer_id=None``: one row per product over all customers; a single id: that
    customer's products; a list of ids: one row per (customer_id, product_id). Columns
    ``quantity, revenue, cost, profit, margin, revenue_share, profit_share`` (shares
    within the customer), plus ``product_name`` and ``category`` from ``products``.
    Sorted by margin, highest first. Needs a cost column.

    >>> orders = pd.DataFrame({"customer_id": ["C1", "C1", "C2"],
    ...     "product_id": ["P1", "P2", "P1"], "quantity": [1, 1, 2],
    ...     "revenue": [10.0, 20.0, 20.0], "cost": [5.0, 18.0, 10.0]})
    >>> margin_by_product(orders, customer_id="C1")[["revenue", "profit", "margin"]]
                revenue  profit  margin
    product_id
    P1             10.0     5.0     0.5
    P2             20.0     2.0     0.1
    """
    require_columns(
        orders, ["customer_id", "product_id", "revenue"], purpose="the gross-margin analysis"
    )
    if "cost" not in orders.columns or not orders["cost"].notna().any():
        raise DataError(
            "orders table: the gross-margin analysis needs a 'cost' column (the cost of each "
            "line); profit analyses need cost. Load a file with cost, or map your cost header: "
            "load_tables(path, column_mapping={'成本': 'cost'})."
        )
    lines = orders
    keys = ["product_id"]
    if customer_id is not None:
        wanted = [customer_id] if isinstance(customer_id, str) else list(customer_id)
        lines = orders[orders["customer_id"].isin(wanted)]
        if lines.empty:
            raise DataError(f"no order lines for customer_id {wanted}; check the ids.")
        if not isinstance(customer_id, str):
            keys = ["customer_id", "product_id"]
    frame = pd.DataFrame(
        {
            **{k: lines[k] for k in keys},
            "quantity": lines["quantity"] if "quantity" in lines.columns else 0,
            "revenue": to_cents(lines["revenue"].to_numpy(dtype=np.float64, na_value=np.nan)),
            "cost": to_cents(lines["cost"].to_numpy(dtype=np.float64, na_value=np.nan)),
        }
    )
    sums = frame.groupby(keys, sort=True)[["quantity", "revenue", "cost"]].sum()
    missing = frame["cost"].isna().groupby([frame[k] for k in keys]).any()
    sums.loc[missing.reindex(sums.index).to_numpy(), "cost"] = np.nan
    profit = sums["revenue"] - sums["cost"]
    result = pd.DataFrame(
        {
            "quantity": sums["quantity"],
            "revenue": from_cents(sums["revenue"].to_numpy()),
            "cost": from_cents(sums["cost"].to_numpy()),
            "profit": from_cents(profit.to_numpy()),
            "margin": safe_divide(profit, sums["revenue"]),
        },
        index=sums.index,
    )
    if keys == ["product_id"]:
        result["revenue_share"] = safe_divide(sums["revenue"], sums["revenue"].sum())
        result["profit_share"] = safe_divide(profit, profit.sum())
    else:
        by_cust = sums.groupby(level="customer_id")
        result["revenue_share"] = safe_divide(sums["revenue"], by_cust["revenue"].transform("sum"))
        result["profit_share"] = safe_divide(
            profit, profit.groupby(level="customer_id").transform("sum")
        )
    if products is not None:
        extra = [c for c in ("product_name", "category") if c in products.columns]
        info = products.drop_duplicates("product_id").set_index("product_id")[extra]
        product_ids = result.index.get_level_values("product_id")
        for c in extra:
            result[c] = info[c].reindex(product_ids).to_numpy()
    order = np.lexsort((np.arange(len(result)), -np.nan_to_num(result["margin"], nan=-np.inf)))
    return result.iloc[order]


def margin_by_category(margins: pd.DataFrame, *, by: str = "category") -> pd.DataFrame:
    """Gross margin per product category (品类毛利率) from :func:`margin_by_product`.

    Needs ``revenue``, ``profit`` and ``by`` per product. Products without a category are
    grouped as "(unknown)". Columns ``revenue, cost, profit, margin, revenue_share,
    profit_share``, summed in cents (cost = revenue - profit); a category with a product
    of unknown cost has NaN cost, profit and margin. Sorted by margin, highest first
    (ties by name).

    >>> margins = pd.DataFrame({"revenue": [100.0, 300.0, 50.0],
    ...     "profit": [50.0, 30.0, 10.0], "category": ["gifts", "paper", "gifts"]},
    ...     index=pd.Index(["P1", "P2", "P3"], name="product_id"))
    >>> margin_by_category(margins)[["revenue", "profit", "margin"]]
              revenue  profit    margin
    category
    gifts       150.0    60.0  0.400000
    paper       300.0    30.0  0.100000
    """
    require_columns(
        margins, ["revenue", "profit", by], table="margin table", purpose=f"margins by {by}"
    )
    keys = margins[by].astype(object).where(margins[by].notna(), "(unknown)").astype(str)
    frame = pd.DataFrame(
        {
            "revenue": to_cents(numeric_column(margins, "revenue", table_name="margin")),
            "profit": to_cents(numeric_column(margins, "profit", table_name="margin")),
        },
        index=keys.rename(by),
    )
    sums = frame.groupby(level=by, sort=True).sum()
    unknown = frame["profit"].isna().groupby(level=by, sort=True).any()
    sums.loc[unknown.to_numpy(), "profit"] = np.nan
    revenue, profit = sums["revenue"], sums["profit"]
    result = pd.DataFrame(
        {
            "revenue": from_cents(revenue.to_numpy()),
            "cost": from_cents((revenue - profit).to_numpy()),
            "profit": from_cents(profit.to_numpy()),
            "margin": safe_divide(profit, revenue),
            "revenue_share": safe_divide(revenue, revenue.sum()),
            "profit_share": safe_divide(profit, profit.sum()),
        },
        index=sums.index,
    )
    order = np.lexsort((np.arange(len(result)), -np.nan_to_num(result["margin"], nan=-np.inf)))
    return result.iloc[order]


def sales_by_product(orders: pd.DataFrame, *, products: pd.DataFrame | None = None) -> pd.DataFrame:
    """Revenue and number of buyers per product, largest revenue first (ties by product id).

    What can be said about products without cost. Columns ``revenue, customers,
    revenue_share``, plus ``product_name`` and ``category`` when ``products`` has them.

    >>> orders = pd.DataFrame({"customer_id": ["C1", "C2", "C2"],
    ...     "product_id": ["P2", "P2", "P1"], "revenue": [5.0, 5.0, 30.0]})
    >>> sales_by_product(orders)
                revenue  customers  revenue_share
    product_id
    P1             30.0          1           0.75
    P2             10.0          2           0.25
    """
    require_columns(orders, ["customer_id", "product_id", "revenue"], purpose="sales by product")
    cents = pd.Series(
        to_cents(orders["revenue"].to_numpy(dtype=np.float64, na_value=0.0)), index=orders.index
    )
    by = orders["product_id"]
    buyers = orders["customer_id"].groupby(by).nunique()
    result = pd.DataFrame({"revenue": cents.groupby(by).sum(), "customers": buyers})
    result["revenue_share"] = safe_divide(result["revenue"], result["revenue"].sum())
    result["revenue"] = from_cents(result["revenue"].to_numpy())
    result = result.sort_index()
    result = result.iloc[rank_order(result["revenue"].to_numpy())]
    if products is not None and "product_id" in products.columns:
        extra = [c for c in ("product_name", "category") if c in products.columns]
        info = products.drop_duplicates("product_id").set_index("product_id")[extra]
        for c in extra:
            result[c] = info[c].reindex(result.index).to_numpy()
    return result.rename_axis("product_id")


def gold_and_drag_customers(
    customers: pd.DataFrame,
    *,
    column: str = "revenue_last_period",
    gold: float = 0.05,
    drag: float = 0.20,
) -> pd.DataFrame:
    """Gold customers (金牌客户, the top ``gold`` share) and drag customers (拉后腿客户).

    Customers are ranked by ``column`` (default: last period's sales from
    :func:`customer_summary`); the first ceil(gold * n) ranks are "gold" (only customers
    who bought something: a customer with no sales is never gold), the last
    ceil(drag * n) are "drag" (gold wins if they overlap), the rest "middle".
    Columns: ``value, rank, share, group``.

    >>> t = pd.DataFrame({"customer_id": [f"C{i}" for i in range(1, 6)],
    ...                   "revenue_last_period": [100.0, 50.0, 20.0, 5.0, 0.0]})
    >>> gold_and_drag_customers(t, gold=0.2, drag=0.2)["group"].tolist()
    ['gold', 'middle', 'middle', 'middle', 'drag']
    """
    table = by_customer(customers)
    ranked, cents, ranks = _ranked(table, column)
    n = len(ranks)
    n_gold, n_drag = ceil_count(gold, n), ceil_count(drag, n)
    group = np.where(ranks > n - n_drag, "drag", "middle")
    group = np.where((ranks <= n_gold) & (cents > 0), "gold", group)
    return pd.DataFrame(
        {
            "value": from_cents(cents),
            "rank": ranks,
            "share": safe_divide(cents, np.nansum(cents)),
            "group": pd.Categorical(group, categories=["gold", "middle", "drag"], ordered=True),
        },
        index=ranked.index,
    )


def big_customers_with_complaints(
    customers: pd.DataFrame,
    complaints: pd.DataFrame,
    *,
    as_of,
    period_days: int = 365,
    top: float = 0.20,
    min_complaints: int = 2,
    column: str = "monetary",
) -> pd.DataFrame:
    """Big customers who complained repeatedly: keep them by solving their problems fast.

    Big = among the first ceil(top * n) customers ranked by ``column``; repeatedly = at
    least ``min_complaints`` complaints dated in [as_of - period_days, as_of). Columns:
    ``value, rank, complaints, unresolved, last_complaint`` (unresolved is NaN when the
    complaints table has no ``resolved`` column).

    >>> customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3"],
    ...                           "monetary": [900.0, 80.0, 20.0]})
    >>> complaints = pd.DataFrame({"customer_id": ["C1", "C1", "C3", "C3"],
    ...     "complaint_date": pd.to_datetime(["2024-02-01", "2024-05-01", "2024-03-01",
    ...                                       "2024-04-01"]),
    ...     "resolved": [True, False, True, True]})
    >>> big_customers_with_complaints(customers, complaints, as_of="2025-01-01", top=0.4)
                 value  rank  complaints  unresolved last_complaint
    customer_id
    C1           900.0     1           2           1     2024-05-01
    """
    require_columns(
        complaints, ["customer_id", "complaint_date"], table="complaints", purpose="complaints"
    )
    as_of = as_timestamp(as_of)
    table = by_customer(customers)
    ranked, cents, ranks = _ranked(table, column)
    dates = pd.to_datetime(complaints["complaint_date"])
    recent = complaints[(dates >= as_of - pd.Timedelta(days=period_days)) & (dates < as_of)]
    grouped = recent.groupby("customer_id")
    stats = pd.DataFrame(
        {
            "complaints": grouped.size(),
            "last_complaint": pd.to_datetime(recent["complaint_date"])
            .groupby(recent["customer_id"])
            .max(),
        }
    )
    if "resolved" in recent.columns:
        stats["unresolved"] = (
            (~recent["resolved"].astype(bool)).groupby(recent["customer_id"]).sum()
        )
    else:
        stats["unresolved"] = np.nan
    result = pd.DataFrame({"value": from_cents(cents), "rank": ranks}, index=ranked.index)
    result = result.join(stats, how="left")
    result["complaints"] = result["complaints"].fillna(0).astype(np.int64)
    keep = (result["rank"] <= ceil_count(top, len(result))) & (
        result["complaints"] >= min_complaints
    )
    result = result.loc[keep, ["value", "rank", "complaints", "unresolved", "last_complaint"]]
    if "resolved" in recent.columns:
        result["unresolved"] = result["unresolved"].astype(np.int64)
    return result


def cross_sell_prospects(
    orders: pd.DataFrame,
    products: pd.DataFrame | None = None,
    *,
    by: str = "category",
    max_items: int = 2,
    min_monetary: float = 0.0,
) -> pd.DataFrame:
    """Cross-sell prospects (关联销售): customers who buy only one or two of our lines.

    ``by="category"`` counts distinct product categories (needs ``products`` with
    ``category``); ``by="product_id"`` counts distinct products. Keeps customers with at
    most ``max_items`` and monetary >= ``min_monetary``, biggest spenders first.
    Columns: ``monetary, items_bought, items_not_bought, top_item`` (the line they spend
    most on; ties by name).

    >>> orders = pd.DataFrame({"customer_id": ["C1", "C1", "C2", "C2", "C2"],
    ...     "product_id": ["P1", "P1", "P1", "P2", "P3"],
    ...     "revenue": [50.0, 30.0, 10.0, 10.0, 10.0]})
    >>> cross_sell_prospects(orders, by="product_id", max_items=1)
                 monetary  items_bought  items_not_bought top_item
    customer_id
    C1               80.0             1                 2       P1
    """
    require_columns(orders, ["customer_id", "product_id", "revenue"], purpose="cross-selling")
    if by == "category":
        if products is None:
            raise DataError(
                "cross_sell_prospects(by='category') needs the products table (with a "
                "'category' column); pass products=tables.products, or use by='product_id'."
            )
        require_columns(products, ["product_id", "category"], table="products")
    elif by != "product_id":
        raise DataError(f"by must be 'category' or 'product_id', not {by!r}")
    customers = Groups.of(orders["customer_id"])
    bought = Groups.of(orders["product_id"], column="product_id")
    # the item of each product bought (a few thousand names, not one per line), sorted by name
    names = pd.Series(bought.keys.astype(str).to_numpy(), dtype=object)
    if by == "category":
        category = products.drop_duplicates("product_id").set_index("product_id")["category"]
        names = pd.Series(category.reindex(bought.keys).to_numpy(), dtype=object)
        names = names.fillna("(unknown)").astype(str)
    item_of_product, item_keys = encode_keys(names, column="item")
    n_items = max(len(item_keys), 1)
    # the revenue of each (customer, item) pair, in customer then item order
    pair_keys, pair_cents = sums_by_key(
        customers.codes.astype(np.int64) * n_items + item_of_product[bought.codes],
        to_cents(orders["revenue"].to_numpy(dtype=np.float64, na_value=0.0)),
    )
    pair_customer, pair_item = np.divmod(pair_keys, n_items)
    # the top item of each customer: its most revenue, ties by item name (pairs come in
    # item-name order within a customer, so the first pair at the maximum is the one)
    items_bought = np.bincount(pair_customer, minlength=customers.size)
    starts = np.cumsum(items_bought) - items_bought
    at_max = np.flatnonzero(pair_cents == np.maximum.reduceat(pair_cents, starts)[pair_customer])
    first = np.ones(len(at_max), dtype=bool)
    first[1:] = pair_customer[at_max][1:] != pair_customer[at_max][:-1]
    first = at_max[first]
    monetary = np.bincount(pair_customer, weights=pair_cents, minlength=customers.size)
    # compared in money, as a reader compares the column (1.10 >= 1.1; 110 cents < 1.1 * 100)
    keep = (items_bought <= max_items) & (from_cents(monetary) >= min_monetary)
    kept = np.flatnonzero(keep)
    result = pd.DataFrame(
        {
            "monetary": from_cents(monetary[kept]),
            "items_bought": items_bought[kept],
            "items_not_bought": len(item_keys) - items_bought[kept],
            "top_item": item_keys.take(pair_item[first][kept]).array,
        },
        index=customers.keys[kept],
    )
    order = rank_order(result["monetary"].to_numpy())
    return result.iloc[order].rename_axis("customer_id")


def share_of_wallet(
    summary: pd.DataFrame, customers: pd.DataFrame, *, column: str = "revenue_last_period"
) -> pd.Series:
    """Our sales as a share of each customer's estimated spend with all suppliers.

    ``customers`` has ``wallet_estimate`` (a year's spend on our kinds of products, all
    suppliers); the result is ``column`` / wallet for every customer of ``summary`` (NaN
    where the estimate is missing or zero).

    >>> summary = pd.DataFrame({"revenue_last_period": [50.0, 10.0]},
    ...                        index=pd.Index(["C1", "C2"], name="customer_id"))
    >>> customers = pd.DataFrame({"customer_id": ["C1"], "wallet_estimate": [200.0]})
    >>> share_of_wallet(summary, customers).tolist()
    [0.25, nan]
    """
    table = by_customer(customers)
    require_columns(table, ["wallet_estimate"], table="customers", purpose="the share of wallet")
    values = by_customer(summary)
    wallet = table["wallet_estimate"].reindex(values.index).to_numpy(dtype=np.float64)
    ours = numeric_column(values, column)
    return pd.Series(safe_divide(ours, wallet), index=values.index, name="share_of_wallet")


def lead_conversion(leads: pd.DataFrame, *, by: str = "source") -> pd.DataFrame:
    """Sales leads (销售线索) per collection channel and how many became customers.

    A lead converted when ``converted_customer_id`` is filled in. Columns ``leads,
    converted, conversion_rate``; a missing ``by`` value is "(missing)". Sorted by
    leads, most first (ties by name).

    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "source": ["fair", "web", "fair"],
    ...                       "converted_customer_id": ["C1", None, None]})
    >>> lead_conversion(leads)
            leads  converted  conversion_rate
    source
    fair        2          1              0.5
    web         1          0              0.0
    """
    require_columns(leads, [by, "converted_customer_id"], table="leads", purpose="lead conversion")
    keys = leads[by].astype(object).where(leads[by].notna(), "(missing)").astype(str)
    converted = leads["converted_customer_id"].notna()
    grouped = converted.groupby(keys.rename(by))
    result = pd.DataFrame({"leads": grouped.size(), "converted": grouped.sum().astype(np.int64)})
    result["conversion_rate"] = safe_divide(result["converted"], result["leads"])
    result = result.reset_index().sort_values(["leads", by], ascending=[False, True])
    return result.set_index(by)


def purchase_cycle_days(summary: pd.DataFrame) -> pd.Series:
    """Days between two orders of each repeat buyer (购买周期): first to last / (orders - 1).

    Customers with one order have no cycle and are left out.

    >>> summary = pd.DataFrame({"frequency": [3, 1],
    ...     "first_purchase": pd.to_datetime(["2024-01-01", "2024-05-01"]),
    ...     "last_purchase": pd.to_datetime(["2024-03-01", "2024-05-01"])},
    ...     index=pd.Index(["C1", "C2"], name="customer_id"))
    >>> purchase_cycle_days(summary).tolist()
    [30.0]
    """
    table = by_customer(summary)
    require_columns(
        table, ["frequency", "first_purchase", "last_purchase"], table="customer summary",
        purpose="the purchase cycle",
    )  # fmt: skip
    repeat = table[table["frequency"] > 1]
    span = (repeat["last_purchase"] - repeat["first_purchase"]) / pd.Timedelta(days=1)
    return (span / (repeat["frequency"] - 1)).rename("cycle_days")


def activity_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Active and dormant customers (活跃与休眠): counts, shares and their revenue.

    ``summary`` is :func:`customer_summary` (its ``status`` follows
    ``dormant_after_days``). Rows ``active, dormant``; columns ``customers, share,
    revenue_last_period, revenue_prior_period`` (summed in cents).

    >>> summary = pd.DataFrame({"status": ["active", "dormant", "active"],
    ...     "revenue_last_period": [10.0, 0.0, 5.0], "revenue_prior_period": [1.0, 8.0, 0.0]},
    ...     index=pd.Index(["C1", "C2", "C3"], name="customer_id"))
    >>> activity_table(summary)
             customers     share  revenue_last_period  revenue_prior_period
    status
    active           2  0.666667                 15.0                   1.0
    dormant          1  0.333333                  0.0                   8.0
    """
    table = by_customer(summary)
    columns = ["revenue_last_period", "revenue_prior_period"]
    require_columns(table, ["status", *columns], table="customer summary", purpose="activity")
    status = table["status"].astype(str)
    cents = pd.DataFrame({c: to_cents(numeric_column(table, c)) for c in columns})
    cents.index = table.index
    sums = cents.groupby(status).sum().reindex(["active", "dormant"], fill_value=0.0)
    counts = status.value_counts().reindex(["active", "dormant"], fill_value=0)
    result = pd.DataFrame({"customers": counts.astype(np.int64)})
    result["share"] = safe_divide(result["customers"], len(table))
    for c in columns:
        result[c] = from_cents(sums[c].to_numpy())
    return result.rename_axis("status")


#: trend bands of :func:`trend_bands`: (label, upper bound included); the last is open.
#: The labels are written as tr() calls so that they reach the ``tables`` catalogue.
TREND_BANDS = (
    (tr("fell 50% or more", domain="tables"), -0.5),
    (tr("fell 10% to 50%", domain="tables"), -0.1),
    (tr("about the same (within 10%)", domain="tables"), 0.1),
    (tr("grew 10% to 50%", domain="tables"), 0.5),
    (tr("grew more than 50%", domain="tables"), np.inf),
)
#: the band of active customers with nothing in the prior period (no trend)
NEW_BAND = tr("new (nothing in the prior period)", domain="tables")


def trend_bands(summary: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """Active customers by the change of their revenue from the prior to the last period.

    ``trend`` = last / prior - 1 (:func:`customer_summary`); the bands are
    :data:`TREND_BANDS` (each includes its upper bound: a fall of exactly 50% is in
    "fell 50% or more"), plus "new (nothing in the prior period)" for an unknown trend.
    Column ``customers``; only active customers count. The band labels are in ``lang``.

    >>> summary = pd.DataFrame({"status": ["active"] * 4 + ["dormant"],
    ...     "trend": [-0.5, 0.1, 2.0, np.nan, -1.0]},
    ...     index=pd.Index([f"C{i}" for i in range(5)], name="customer_id"))
    >>> trend_bands(summary)["customers"].tolist()
    [1, 0, 1, 0, 1, 1]
    >>> trend_bands(summary, lang="zh").index[:2].tolist()
    ['下降 50% 及以上', '下降 10% 至 50%']
    """
    table = by_customer(summary)
    require_columns(table, ["status", "trend"], table="customer summary", purpose="trend bands")
    active = table.loc[table["status"].astype(str) == "active", "trend"].to_numpy(dtype=float)
    known = active[~np.isnan(active)]
    edges = np.array([upper for _, upper in TREND_BANDS])
    band = np.searchsorted(edges, known, side="left")  # first band whose bound >= trend
    counts = np.bincount(band, minlength=len(edges)).tolist()
    names = [label(name, lang) for name, _ in TREND_BANDS] + [label(NEW_BAND, lang)]
    counts.append(int(np.isnan(active).sum()))
    return pd.DataFrame({"customers": counts}, index=pd.Index(names, name="trend"))


def gold_and_drag_summary(
    groups: pd.DataFrame, orders: pd.DataFrame, *, as_of, period_days: int = 365
) -> pd.DataFrame:
    """Gold, middle and drag groups: customers, share of revenue, share of orders.

    ``groups`` is :func:`gold_and_drag_customers` on last period's sales; the orders
    counted are those dated in [as_of - period_days, as_of) (distinct order ids). Rows
    ``gold, middle, drag``; columns ``customers, revenue_share, orders_share``.

    >>> groups = gold_and_drag_customers(pd.DataFrame({"customer_id": ["C1", "C2", "C3"],
    ...     "revenue_last_period": [80.0, 20.0, 0.0]}), gold=0.3, drag=0.3)
    >>> orders = pd.DataFrame({"customer_id": ["C1", "C2", "C2", "C3"],
    ...     "order_id": ["O1", "O2", "O3", "O4"],
    ...     "order_date": pd.to_datetime(["2024-06-01", "2024-06-01", "2024-07-01",
    ...                                   "2022-01-01"])})
    >>> gold_and_drag_summary(groups, orders, as_of="2025-01-01")
            customers  revenue_share  orders_share
    group
    gold            1            0.8      0.333333
    middle          1            0.2      0.666667
    drag            1            0.0      0.000000
    """
    require_columns(groups, ["group", "share"], table="groups", purpose="the group summary")
    require_columns(orders, ["customer_id", "order_id", "order_date"], purpose="orders per group")
    as_of = as_timestamp(as_of)
    dates = orders["order_date"]
    recent = orders[(dates >= as_of - pd.Timedelta(days=period_days)) & (dates < as_of)]
    per_customer = recent.groupby("customer_id")["order_id"].nunique()
    counts = per_customer.reindex(groups.index, fill_value=0)
    group = groups["group"]
    result = pd.DataFrame(
        {
            "customers": group.value_counts(sort=False).reindex(group.cat.categories),
            "revenue_share": groups["share"].groupby(group, observed=False).sum(),
            "orders_share": safe_divide(
                counts.groupby(group, observed=False).sum(), per_customer.sum()
            ),
        }
    )
    return result.rename_axis("group")


def gold_persistence(
    summary: pd.DataFrame, *, as_of, period_days: int = 365, gold: float = 0.05
) -> pd.Series:
    """Do gold customers stay gold? The textbook's forecast tested on two periods.

    Gold customers of the prior period (:func:`gold_and_drag_customers` on
    ``revenue_prior_period``) are compared with those of the last period. Values:
    ``prior_gold`` (how many), ``stayed`` and ``stayed_share`` (gold again),
    ``forecast_share`` (the prior gold customers' share of the last period's revenue)
    and ``prior_coverage`` (the share of the prior period the data covers: a test on a
    half-covered period says little). NaN where there is no prior gold customer.

    >>> summary = pd.DataFrame({"revenue_last_period": [90.0, 0.0, 10.0],
    ...     "revenue_prior_period": [50.0, 40.0, 10.0],
    ...     "first_purchase": pd.to_datetime(["2023-01-01", "2023-02-01", "2024-01-01"])},
    ...     index=pd.Index(["C1", "C2", "C3"], name="customer_id"))
    >>> gold_persistence(summary, as_of="2025-01-01", gold=0.3).tolist()
    [1.0, 1.0, 1.0, 0.9, 1.0]
    """
    table = by_customer(summary)
    require_columns(
        table, ["revenue_last_period", "revenue_prior_period", "first_purchase"],
        table="customer summary", purpose="gold persistence",
    )  # fmt: skip
    as_of = as_timestamp(as_of)
    last = gold_and_drag_customers(table, column="revenue_last_period", gold=gold, drag=0.0)
    prior = gold_and_drag_customers(table, column="revenue_prior_period", gold=gold, drag=0.0)
    prior_gold = prior.index[prior["group"] == "gold"]
    last_gold = last.index[last["group"] == "gold"]
    start_last = as_of - pd.Timedelta(days=period_days)
    start_prior = as_of - pd.Timedelta(days=2 * period_days)
    first = pd.Timestamp(table["first_purchase"].min()).normalize()
    covered = (start_last - max(start_prior, first)) / pd.Timedelta(days=1)
    out = {
        "prior_gold": float(len(prior_gold)),
        "stayed": np.nan,
        "stayed_share": np.nan,
        "forecast_share": np.nan,
        "prior_coverage": float(min(max(covered / period_days, 0.0), 1.0)),
    }
    if len(prior_gold):
        stayed = len(prior_gold.intersection(last_gold))
        cents = to_cents(numeric_column(table, "revenue_last_period"))
        total = cents.sum()
        out["stayed"] = float(stayed)
        out["stayed_share"] = stayed / len(prior_gold)
        mine = cents[table.index.get_indexer(prior_gold)].sum()
        out["forecast_share"] = float(mine / total) if total > 0 else np.nan
    return pd.Series(out, dtype="float64")
