"""Small files in the shapes real company exports have, with the numbers they must give.

Each shape is written by :func:`write_shape` from one small seeded set of sales whose
lines, customers, orders and revenue are known by construction (amounts are whole
cents, so the expected revenue is exact). The files look the way exports from real
systems look: order ids that start with "C", amounts with four decimals, profit instead
of cost, a purchase log without order or product ids, zero-padded numeric ids,
mixed-case ids across tables, a survey on 0-5 or without dates, cost without a
products table, an .xls workbook of monthly sheets, decimal commas, day-first dates...

Loading tests use it through :func:`helpers.datasets.load_tables` and
:func:`helpers.datacheck.check_data`; re-run tests can pass the same files to
``tasks.py rerun DATA --mapping M --params P``.

>>> sorted(SHAPES)[:3]
['c_order_ids', 'cost_no_products', 'day_first']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

START = pd.Timestamp("2024-01-01")


@dataclass(frozen=True)
class Sales:
    """The sales every shape is written from: order lines, customers, a survey, complaints."""

    lines: pd.DataFrame  # customer_id, order_id, order_date, product_id, quantity, cents, cost
    customers: pd.DataFrame
    survey: pd.DataFrame
    complaints: pd.DataFrame
    products: pd.DataFrame


def sales(seed: int = 0, n_customers: int = 12, n_orders: int = 30) -> Sales:
    """Seeded sales: whole-cent amounts, no two lines alike, two orders share no id.

    >>> s = sales()
    >>> len(s.lines), s.lines["customer_id"].nunique(), s.lines["order_id"].nunique()
    (67, 12, 30)
    """
    rng = np.random.default_rng(seed)
    ids = np.array([f"K{i:03d}" for i in range(1, n_customers + 1)])
    # every customer buys at least once
    buyer = np.concatenate([np.arange(n_customers), rng.integers(0, n_customers, n_orders)])
    buyer = buyer[:n_orders]
    day = np.sort(rng.integers(0, 360, n_orders))
    n_lines = rng.integers(1, 4, n_orders)
    line_order = np.repeat(np.arange(n_orders), n_lines)
    within = np.concatenate([np.arange(k) for k in n_lines])
    products = np.array([f"P{i:02d}" for i in range(1, 9)])
    product = products[(line_order * 3 + within) % len(products)]
    quantity = rng.integers(1, 6, len(line_order))
    unit = rng.integers(150, 40_000, len(line_order))
    cents = unit * quantity + np.arange(len(line_order))  # no two lines have one amount
    cost = (cents * rng.uniform(0.55, 0.9, len(line_order))).astype(np.int64)
    lines = pd.DataFrame(
        {
            "customer_id": ids[buyer[line_order]],
            "order_id": [f"O{o + 1:04d}" for o in line_order],
            "order_date": START + pd.to_timedelta(day[line_order], unit="D"),
            "product_id": product,
            "quantity": quantity,
            "cents": cents.astype(np.int64),
            "cost_cents": cost,
        }
    )
    customers = pd.DataFrame(
        {
            "customer_id": ids,
            "customer_type": np.where(np.arange(n_customers) % 3 == 0, "corporate", "personal"),
            "region": np.array(["East", "North", "South"])[np.arange(n_customers) % 3],
        }
    )
    answered = ids[::2]
    survey = pd.DataFrame(
        {
            "customer_id": answered,
            "survey_date": pd.Timestamp("2024-11-04")
            + pd.to_timedelta(np.arange(len(answered)), unit="D"),
            "satisfaction": rng.integers(1, 11, len(answered)),
            "loyalty": rng.integers(1, 11, len(answered)),
        }
    )
    complaints = pd.DataFrame(
        {
            "customer_id": ids[1::4],
            "complaint_date": pd.Timestamp("2024-06-03")
            + pd.to_timedelta(np.arange(len(ids[1::4])), unit="D"),
            "reason": "late delivery",
        }
    )
    product_table = pd.DataFrame(
        {
            "product_id": products,
            "product_name": [f"item {p}" for p in products],
            "category": np.array(["paper", "pens"])[np.arange(len(products)) % 2],
        }
    )
    return Sales(lines, customers, survey, complaints, product_table)


@dataclass
class Expected:
    """What loading a shape must give: exact counts and money, and the problems' codes."""

    lines: int
    customers: int
    orders: int
    revenue: float
    cost: float | None
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)


def _money(cents) -> str:
    return f"{int(cents) / 100:.2f}"


def _expected(s: Sales, *, cost: bool = True, **kwargs) -> Expected:
    lines = s.lines
    return Expected(
        lines=len(lines),
        customers=int(lines["customer_id"].nunique()),
        orders=int(lines["order_id"].nunique()),
        revenue=int(lines["cents"].sum()) / 100,
        cost=int(lines["cost_cents"].sum()) / 100 if cost else None,
        **kwargs,
    )


def _params(folder: Path, values: dict[str, Any] | None) -> Path | None:
    if not values:
        return None
    path = folder / "params.yaml"
    path.write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _example_mapping(folder: Path, name: str) -> Path:
    """A copy of one of the course's example mapping files (so the examples are tested)."""
    from helpers.paths import DATASETS_DIR

    path = folder / name
    path.write_bytes((DATASETS_DIR / "mappings" / name).read_bytes())
    return path


def _orders_frame(s: Sales, *, cost: bool = True) -> pd.DataFrame:
    out = s.lines.assign(
        order_date=s.lines["order_date"].dt.strftime("%Y-%m-%d"),
        revenue=s.lines["cents"].map(_money),
    )
    if cost:
        out["cost"] = s.lines["cost_cents"].map(_money)
    return out.drop(columns=["cents", "cost_cents"])


# ---- the shapes ---------------------------------------------------------------------------


def _c_order_ids(folder: Path, meta: Path, s: Sales):
    """Order ids like CA-2024-100001 (retail systems' own numbering): none is a cancellation."""
    orders = _orders_frame(s)
    codes = orders["order_id"].str[1:].astype(int)
    orders["order_id"] = np.where(codes % 2, "CA-2024-", "CN-2024-") + (100000 + codes).astype(str)
    path = folder / "superstore_orders.csv"
    orders.to_csv(path, index=False)
    return path, None, None, _expected(s)


def _four_decimals(folder: Path, meta: Path, s: Sales):
    """Amounts computed by a spreadsheet: 731.9399999999999, profit 41.9136."""
    lines = s.lines
    unit = (lines["cents"] / lines["quantity"]).round(2) / 100
    revenue = unit * lines["quantity"]  # full float noise, as exports write it
    profit = (revenue * 0.1234).round(4)
    orders = _orders_frame(s, cost=False).assign(
        revenue=revenue.map(repr), profit=profit.map(lambda v: f"{v:.4f}")
    )
    path = folder / "orders.csv"
    orders.to_csv(path, index=False)
    cents_rev = np.rint(revenue * 100)
    cents_cost = np.rint((revenue - profit) * 100)
    exp = Expected(
        lines=len(lines),
        customers=int(lines["customer_id"].nunique()),
        orders=int(lines["order_id"].nunique()),
        revenue=float(cents_rev.sum()) / 100,
        cost=float(cents_cost.sum()) / 100,
        notes={"derived": ["cost computed as revenue - profit"]},
    )
    return path, None, None, exp


def _profit(folder: Path, meta: Path, s: Sales):
    """An office-supplies retailer's export: Sales and Profit columns, no cost."""
    lines = s.lines
    profit = lines["cents"] - lines["cost_cents"]
    frame = pd.DataFrame(
        {
            "Row ID": np.arange(1, len(lines) + 1),
            "Order ID": lines["order_id"],
            "Order Date": lines["order_date"].dt.strftime("%Y-%m-%d"),
            "Customer ID": lines["customer_id"],
            "Product ID": lines["product_id"],
            "Sales": lines["cents"].map(_money),
            "Quantity": lines["quantity"],
            "Profit": profit.map(_money),
        }
    )
    path = folder / "orders.csv"
    frame.to_csv(path, index=False)
    mapping = _example_mapping(meta, "profit_example.yaml")
    return (
        path,
        mapping,
        None,
        _expected(s, notes={"derived": ["cost computed as revenue - profit"]}),
    )


def _purchase_log(folder: Path, meta: Path, s: Sales):
    """A music retailer's purchase log: customer, date, quantity, amount; no order or product."""
    lines = s.lines
    frame = pd.DataFrame(
        {
            "customer": lines["customer_id"],
            "purchase date": lines["order_date"].dt.strftime("%Y-%m-%d"),
            "quantity": lines["quantity"],
            "amount": lines["cents"].map(_money),
        }
    )
    path = folder / "purchases.csv"
    frame.to_csv(path, index=False)
    mapping = _example_mapping(meta, "purchase_log_example.yaml")
    orders = int(lines[["customer_id", "order_date"]].drop_duplicates().shape[0])
    derived = ["order id derived: one order per customer and day"]
    exp = _expected(s, cost=False, notes={"derived": derived, "has_products": False})
    exp.orders = orders
    return path, mapping, None, exp


def _zero_padded_ids(folder: Path, meta: Path, s: Sales):
    """Numeric ids zero-padded in one system ('00162') and not in another ('162')."""
    number = s.lines["customer_id"].str[1:].astype(int) + 150
    orders = _orders_frame(s).assign(customer_id=number.map(lambda n: f"{n:05d}"))
    orders.to_csv(folder / "orders.csv", index=False)
    survey_no = s.survey["customer_id"].str[1:].astype(int) + 150
    s.survey.assign(customer_id=survey_no.astype(str)).to_csv(folder / "survey.csv", index=False)
    cust_no = s.customers["customer_id"].str[1:].astype(int) + 150
    s.customers.assign(customer_id=cust_no.map(lambda n: f"{n:04d}")).to_csv(
        folder / "customers.csv", index=False
    )
    params = _params(meta, {"id_leading_zeros": "strip"})
    exp = _expected(s, warnings=["ids_written_differently"], notes={"survey_joined": 1.0})
    return folder, None, params, exp


def _mixed_case_ids(folder: Path, meta: Path, s: Sales):
    """Ids such as DL-13600 written Dl-13600 or dl-13600 in other tables."""
    to_id = {k: f"DL-{13600 + i}" for i, k in enumerate(s.customers["customer_id"])}
    _orders_frame(s).assign(customer_id=s.lines["customer_id"].map(to_id)).to_csv(
        folder / "orders.csv", index=False
    )
    s.customers.assign(
        customer_id=s.customers["customer_id"].map(to_id).str.replace("DL", "Dl")
    ).to_csv(folder / "customers.csv", index=False)
    s.survey.assign(customer_id=s.survey["customer_id"].map(to_id).str.lower()).to_csv(
        folder / "survey.csv", index=False
    )
    s.complaints.assign(
        customer_id=" " + s.complaints["customer_id"].map(to_id).str.lower()
    ).to_csv(folder / "complaints.csv", index=False)
    exp = _expected(
        s,
        warnings=["ids_written_differently"],
        notes={"survey_joined": 1.0, "customers_joined": 1.0},
    )
    return folder, None, None, exp


def _survey_0_5(folder: Path, meta: Path, s: Sales):
    """A survey on a 0-5 scale, declared in the parameter file: rescaled to 1-10."""
    _orders_frame(s).to_csv(folder / "orders.csv", index=False)
    survey = s.survey.assign(
        satisfaction=s.survey["satisfaction"] // 2, loyalty=(s.survey["loyalty"] - 1) // 2
    )
    survey.to_csv(folder / "survey.csv", index=False)
    params = _params(meta, {"survey_scale": [0, 5]})
    rescaled = (1 + survey["satisfaction"] * 9 / 5).tolist()
    exp = _expected(s, warnings=["survey_rescaled"], notes={"satisfaction": rescaled})
    return folder, None, params, exp


def _survey_no_dates(folder: Path, meta: Path, s: Sales):
    """One survey wave without a date column."""
    _orders_frame(s).to_csv(folder / "orders.csv", index=False)
    s.survey.drop(columns="survey_date").to_csv(folder / "survey.csv", index=False)
    return folder, None, None, _expected(s, notes={"gap": ("05_loyalty", "survey_date")})


def _cost_no_products(folder: Path, meta: Path, s: Sales):
    """Cost on the order lines, and no products table."""
    _orders_frame(s).to_csv(folder / "orders.csv", index=False)
    s.customers.to_csv(folder / "customers.csv", index=False)
    exp = _expected(s, notes={"gap": ("02_customer_profiling", "products")})
    return folder, None, None, exp


def _xls_monthly_sheets(folder: Path, meta: Path, s: Sales):
    """An old .xls workbook: one sheet per quarter, same columns, and a notes sheet."""
    import xlwt

    orders = _orders_frame(s)
    quarter = s.lines["order_date"].dt.quarter
    book = xlwt.Workbook()
    sheets = []
    for q in sorted(quarter.unique()):
        name = f"Q{q}"
        sheets.append(name)
        part = orders[(quarter == q).to_numpy()]
        ws = book.add_sheet(name)
        for j, col in enumerate(part.columns):
            ws.write(0, j, col)
        for i, row in enumerate(part.itertuples(index=False), start=1):
            for j, value in enumerate(row):
                ws.write(i, j, value.item() if hasattr(value, "item") else value)
    notes = book.add_sheet("notes")
    notes.write(0, 0, "exported from the sales system")
    path = folder / "orders.xls"
    book.save(str(path))
    params = _params(meta, {"sheet": sheets})
    return path, None, params, _expected(s, notes={"sheets": sheets})


def _decimal_comma(folder: Path, meta: Path, s: Sales):
    """A European export: semicolons, 1.234,50 amounts, declared in the parameter file."""
    orders = _orders_frame(s)
    for col in ("revenue", "cost"):
        cents = s.lines["cents" if col == "revenue" else "cost_cents"]
        orders[col] = cents.map(lambda c: f"{c / 100:,.2f}".replace(",", " ").replace(".", ","))
        orders[col] = orders[col].str.replace(" ", ".")
    path = folder / "orders.csv"
    orders.to_csv(path, index=False, sep=";")
    params = _params(meta, {"decimal": ","})
    return path, None, params, _expected(s)


def _day_first(folder: Path, meta: Path, s: Sales):
    """Dates written 05/01/2024 for 5 January, every day of the month at most 12."""
    month = s.lines["order_date"].dt.month
    day = (s.lines["order_date"].dt.day - 1) % 12 + 1
    dates = pd.to_datetime(pd.DataFrame({"year": 2024, "month": month, "day": day}))
    lines = s.lines.assign(order_date=dates)
    orders = _orders_frame(Sales(lines, s.customers, s.survey, s.complaints, s.products))
    orders["order_date"] = dates.dt.strftime("%d/%m/%Y")
    path = folder / "orders.csv"
    orders.to_csv(path, index=False)
    params = _params(meta, {"dayfirst": True})
    exp = _expected(s, notes={"first": dates.min(), "last": dates.max()})
    return path, None, params, exp


def _float_ids(folder: Path, meta: Path, s: Sales):
    """Customer ids written 162 and 162.0 in one column (a spreadsheet round trip)."""
    number = s.lines["customer_id"].str[1:].astype(int) + 150
    text = number.astype(str).where(s.lines.index % 2 == 0, number.astype(str) + ".0")
    _orders_frame(s).assign(customer_id=text).to_csv(folder / "orders.csv", index=False)
    return folder / "orders.csv", None, None, _expected(s, warnings=["ids_written_differently"])


def _time_zones(folder: Path, meta: Path, s: Sales):
    """Order times with a time-zone offset (+08:00)."""
    orders = _orders_frame(s)
    orders["order_date"] = s.lines["order_date"].dt.strftime("%Y-%m-%dT10:30:00+08:00")
    path = folder / "orders.csv"
    orders.to_csv(path, index=False)
    return path, None, None, _expected(s)


def _workbook_of_tables(folder: Path, meta: Path, s: Sales):
    """An .xlsx whose sheets are named after the tables, after a notes sheet."""
    path = folder / "company.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"about": ["export of 2024"]}).to_excel(writer, sheet_name="notes",
                                                             index=False)  # fmt: skip
        _orders_frame(s).to_excel(writer, sheet_name="orders", index=False)
        s.customers.to_excel(writer, sheet_name="customers", index=False)
        s.survey.to_excel(writer, sheet_name="survey", index=False)
    return path, None, None, _expected(s)


def _gbk_chinese(folder: Path, meta: Path, s: Sales):
    """A GBK export with Chinese headers and ¥ amounts with thousands separators."""
    orders = _orders_frame(s)
    zh = pd.DataFrame(
        {
            "订单号": orders["order_id"],
            "客户编号": orders["customer_id"],
            "订单日期": s.lines["order_date"].dt.strftime("%Y年%m月%d日"),
            "产品编号": orders["product_id"],
            "数量": orders["quantity"],
            "金额": s.lines["cents"].map(lambda c: f"￥{c / 100:,.2f}"),
            "成本": s.lines["cost_cents"].map(lambda c: f"{c / 100:,.2f}"),
        }
    )
    path = folder / "订单.csv"
    path.write_bytes(zh.to_csv(index=False, lineterminator="\r\n").encode("gbk"))
    return path, None, None, _expected(s)


def _thin_tables(folder: Path, meta: Path, s: Sales):
    """Products without names, complaints without reasons: both load."""
    _orders_frame(s).to_csv(folder / "orders.csv", index=False)
    s.products.drop(columns="product_name").to_csv(folder / "products.csv", index=False)
    s.complaints.drop(columns="reason").to_csv(folder / "complaints.csv", index=False)
    exp = _expected(s, notes={"gap": ("05_loyalty", "reason")})
    return folder, None, None, exp


def _parquet(folder: Path, meta: Path, s: Sales):
    """Parquet with typed columns: dates as dates, amounts as floats, ids as integers."""
    lines = s.lines
    frame = pd.DataFrame(
        {
            "customer_id": lines["customer_id"].str[1:].astype(int),
            "order_id": lines["order_id"],
            "order_date": lines["order_date"],
            "product_id": lines["product_id"],
            "quantity": lines["quantity"],
            "revenue": lines["cents"] / 100,
            "cost": lines["cost_cents"] / 100,
        }
    )
    path = folder / "orders.parquet"
    frame.to_parquet(path)
    return path, None, None, _expected(s)


#: shape name -> (writer, what it is)
SHAPES = {
    "c_order_ids": _c_order_ids,
    "four_decimals": _four_decimals,
    "profit": _profit,
    "purchase_log": _purchase_log,
    "zero_padded_ids": _zero_padded_ids,
    "mixed_case_ids": _mixed_case_ids,
    "survey_0_5": _survey_0_5,
    "survey_no_dates": _survey_no_dates,
    "cost_no_products": _cost_no_products,
    "xls_monthly_sheets": _xls_monthly_sheets,
    "decimal_comma": _decimal_comma,
    "day_first": _day_first,
    "float_ids": _float_ids,
    "time_zones": _time_zones,
    "workbook_of_tables": _workbook_of_tables,
    "gbk_chinese": _gbk_chinese,
    "thin_tables": _thin_tables,
    "parquet": _parquet,
}


def write_shape(
    name: str, folder: str | Path, *, seed: int = 0
) -> tuple[Path, Path | None, Path | None, Expected]:
    """Write shape ``name`` into ``folder`` (a new, empty folder of its own).

    The data goes into ``folder/data`` (a file, or the folder itself for shapes of
    several tables); the mapping and parameter files beside it. Returns ``(data_path,
    mapping_file or None, parameter_file or None, expected)``: the data source to load,
    the column mapping and parameter files to pass with it, and
    the exact lines, customers, orders, revenue and cost the course must find, with the
    warning codes the data check must give.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     data, mapping, params, expected = write_shape("profit", d)
    ...     data.name, mapping.name, params, expected.lines
    ('orders.csv', 'profit_example.yaml', None, 67)
    """
    if name not in SHAPES:
        raise KeyError(f"unknown shape {name!r}; the shapes are {sorted(SHAPES)}")
    folder = Path(folder)
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    return SHAPES[name](data, folder, sales(seed))
