"""The course's data contract, in one place: tables, columns, kinds, aliases, file names, ids.

Every loader and check reads this module; nothing else lists columns or aliases.

- :data:`TABLES`: the canonical tables and their required and optional columns;
- :data:`ALIASES`: English and Chinese headers that mean a canonical column;
- column kinds (:data:`ID_COLUMNS`, :data:`DATE_COLUMNS`, :data:`AMOUNT_COLUMNS`,
  :data:`BOOL_COLUMNS`), which say how values are parsed;
- :data:`TABLE_FILE_NAMES` and :data:`FILE_TYPES`: how a table's file or sheet is named;
- :func:`normalise_ids`: the one rule that turns an identifier into canonical text, used
  for every id column of every table, so tables join.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd

from helpers.i18n import tr

T = TypeVar("T", pd.Series, pd.DataFrame)

#: Canonical columns per table. ``required`` must be present; ``optional`` may be.
TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "orders": {
        # a purchase log may lack order ids (one order per customer and day is derived) and
        # product ids (lessons that need products say so); revenue may come from
        # quantity x unit_price, cost from revenue - profit
        "required": ("customer_id", "order_date", "quantity", "revenue"),
        "optional": ("order_id", "product_id", "cost", "profit", "unit_price", "product_name"),
    },
    "customers": {
        "required": ("customer_id",),
        "optional": (
            "name",
            "customer_type",
            "business_type",
            "industry",
            "region",
            "city",
            "channel",
            "first_seen",
            "credit_terms_days",
            "potential",
        ),
    },
    "products": {
        "required": ("product_id",),
        "optional": ("product_name", "category", "unit_price", "unit_cost"),
    },
    "complaints": {
        "required": ("customer_id", "complaint_date"),
        "optional": ("complaint_id", "reason", "resolved"),
    },
    "survey": {
        "required": ("customer_id", "satisfaction", "loyalty"),
        "optional": ("survey_date",),
    },
    "campaigns": {
        "required": ("customer_id", "campaign_id"),
        "optional": ("channel", "sent_date", "responded", "response_value"),
    },
    "leads": {
        "required": ("lead_id",),
        "optional": ("source", "created_date", "region", "interest", "converted_customer_id"),
    },
}


#: canonical column -> headers (English and Chinese) that mean the same thing
ALIASES: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customer id", "customerid", "customer no", "customer number", "customer code",
        "client id", "cust id", "member id", "客户编号", "客户id", "客户代码", "客户号", "客户编码",
        "会员编号", "会员id",
    ),
    "order_id": (
        "order id", "order no", "order number", "invoice", "invoiceno", "invoice no",
        "invoice number", "订单号", "订单编号", "单号", "单据号", "发票号",
    ),
    "order_date": (
        "order date", "date", "invoicedate", "invoice date", "purchase date", "sale date",
        "transaction date", "订单日期", "日期", "下单日期", "交易日期", "销售日期", "购买日期",
    ),
    "product_id": (
        "product id", "product code", "stockcode", "stock code", "sku", "item code", "item id",
        "产品编号", "产品代码", "商品编号", "商品编码", "货号", "物料编号",
    ),
    "product_name": (
        "product name", "description", "item", "item name", "产品名称", "商品名称", "品名",
    ),
    "quantity": ("quantity", "qty", "units", "数量", "销售数量", "件数"),
    "revenue": (
        "revenue", "amount", "sales", "sales amount", "net amount", "line total", "total",
        "金额", "销售额", "销售金额", "实收金额", "成交金额", "营业额",
    ),
    "cost": ("cost", "cost amount", "cogs", "成本", "成本金额", "销售成本"),
    "profit": ("profit", "gross profit", "利润", "毛利", "毛利润", "毛利额"),
    "unit_price": (
        "unit price", "unitprice", "price", "list price", "单价", "售价", "价格", "标价",
    ),
    "unit_cost": ("unit cost", "单位成本", "进价"),
    "customer_type": ("customer type", "客户类型", "客户类别"),
    "business_type": ("business type", "业态", "经营类型", "业务类型"),
    "industry": ("industry", "sector", "行业"),
    "region": ("region", "area", "区域", "地区", "大区"),
    "city": ("city", "城市"),
    "country": ("country", "国家"),
    "channel": ("channel", "渠道", "销售渠道"),
    "first_seen": (
        "first seen", "first purchase", "first purchase date", "首次购买日期", "开户日期",
    ),
    "original_order_id": ("original order id", "original invoice", "原订单号", "原单号"),
    "credit_terms_days": ("credit terms", "credit terms days", "payment terms", "账期", "信用期"),
    "potential": ("potential", "development potential", "发展潜力", "潜力"),
    "name": ("name", "customer name", "客户名称", "名称", "姓名"),
    "category": ("category", "product category", "类别", "品类", "产品类别"),
    "complaint_id": ("complaint id", "complaint no", "投诉编号"),
    "complaint_date": ("complaint date", "投诉日期"),
    "reason": ("reason", "complaint reason", "投诉原因", "原因"),
    "resolved": ("resolved", "is resolved", "已解决", "是否解决"),
    "survey_date": ("survey date", "调查日期", "问卷日期"),
    "satisfaction": ("satisfaction", "satisfaction score", "满意度"),
    "loyalty": ("loyalty", "loyalty score", "忠诚度"),
    "campaign_id": ("campaign id", "campaign", "活动编号", "营销活动"),
    "sent_date": ("sent date", "发送日期"),
    "responded": ("responded", "response", "是否响应", "响应"),
    "response_value": ("response value", "响应金额"),
    "lead_id": ("lead id", "prospect id", "线索编号", "潜在客户编号"),
    "source": ("source", "lead source", "来源", "线索来源"),
    "created_date": ("created date", "created", "创建日期"),
    "interest": ("interest", "意向", "意向品类"),
    "converted_customer_id": ("converted customer id", "转化客户编号"),
}  # fmt: skip

#: canonical columns by kind, used to parse values to their types
DATE_COLUMNS = ("order_date", "first_seen", "complaint_date", "survey_date", "sent_date",
                "created_date")  # fmt: skip
AMOUNT_COLUMNS = ("quantity", "revenue", "cost", "profit", "unit_price", "unit_cost",
                  "response_value", "credit_terms_days", "satisfaction", "loyalty")  # fmt: skip
BOOL_COLUMNS = ("resolved", "responded", "consent_marketing")
ID_COLUMNS = ("customer_id", "order_id", "product_id", "complaint_id", "campaign_id", "lead_id",
              "converted_customer_id")  # fmt: skip

FILE_TYPES = (".csv", ".csv.gz", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".parquet", ".pq")


def header_key(header: object) -> str:
    """Header normalised for alias matching: lower case, no spaces/underscores/punctuation."""
    return re.sub(r"[\s_\-./（）()#:：]+", "", str(header).strip().lower())


ALIAS_INDEX = {
    header_key(alias): canon for canon, aliases in ALIASES.items() for alias in (canon, *aliases)
}


#: optional tables, in the order the course introduces them
OPTIONAL_TABLES = ("customers", "products", "complaints", "survey", "campaigns", "leads")

#: file-name (or sheet-name) stems, English and Chinese, recognised for each table
TABLE_FILE_NAMES: dict[str, tuple[str, ...]] = {
    "orders": (
        "orders", "order_lines", "transactions", "sales", "订单", "订单明细", "交易", "销售",
    ),
    "customers": ("customers", "clients", "客户", "客户资料"),
    "products": ("products", "items", "产品", "商品"),
    "complaints": ("complaints", "投诉"),
    "survey": ("survey", "surveys", "满意度调查", "调查", "问卷"),
    "campaigns": ("campaigns", "campaign_responses", "营销活动", "活动"),
    "leads": ("leads", "prospects", "潜在客户", "线索"),
}  # fmt: skip


#: every column name a mapping may map a header onto: the tables' columns and the other
#: columns the loaders know (country, original_order_id ...); one list, used by every check
COURSE_COLUMNS: tuple[str, ...] = tuple(
    sorted({c for t in TABLES.values() for kind in t.values() for c in kind} | set(ALIASES))
)

LEVELS = ("error", "warning")


def quote(value: object, limit: int = 40) -> str:
    """A data value for a message: quoted, on one line, and never longer than ``limit``.

    A cell may hold megabytes; a message shows its start and its length.

    >>> quote("CA-2013-152156")
    "'CA-2013-152156'"
    >>> quote("x" * 30_000_000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' (30,000,000 characters)"
    """
    text = str(value)
    if len(text) <= limit:
        return repr(text.replace("\n", " "))
    return f"{text[:limit].replace(chr(10), ' ')!r}"[:-1] + f"...' ({len(text):,} characters)"


def quote_list(values: Iterable[object], n: int = 3, limit: int = 40) -> str:
    """Up to ``n`` distinct values for a message, each clipped by :func:`quote`.

    >>> quote_list(["a", "b", "a", "c", "d"])
    "'a', 'b', 'c'"
    """
    shown = list(dict.fromkeys(str(v) for v in values))[:n]
    return ", ".join(quote(v, limit) for v in shown)


def positions(mask, n: int = 5, *, table: str = "order lines") -> str:
    """Where rows are, for a message: their positions in the table as read (from 0).

    >>> positions(pd.Series([False, True, True]))
    'order lines at rows 1, 2 (counting from 0, the header not counted)'
    """
    pos = np.flatnonzero(np.asarray(mask, dtype=bool))
    more = f" and {len(pos) - n:,} more" if len(pos) > n else ""
    word = "row" if len(pos) == 1 else "rows"
    shown = ", ".join(str(p) for p in pos[:n])
    return f"{table} at {word} {shown}{more} (counting from 0, the header not counted)"


@dataclass(frozen=True)
class Problem:
    """One problem found in the data: what, where, and how to fix it.

    ``code`` is a stable identifier (reports and tests use it); ``level`` is "error"
    (nothing runs) or "warning" (everything runs, and the reports show it).
    """

    level: str
    code: str
    what: str
    where: str = ""
    fix: str = ""

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, not {self.level!r}")

    @property
    def line(self) -> str:
        """The problem as one line of plain text.

        >>> Problem("error", "x", "no rows", "orders.csv", "export it again").line
        'error: no rows (orders.csv). Fix: export it again'
        """
        level = (
            tr("error", None, domain="datacheck")
            if self.level == "error"
            else tr("warning", None, domain="datacheck")
        )
        return f"{level}: {_sentence(self.what, self.where, self.fix)}"


def _sentence(what: str, where: str, fix: str) -> str:
    """What is wrong, where, and the fix, as one sentence in the language of the run."""
    what = what.rstrip(".")
    if where and fix:
        return tr("{what} ({where}). Fix: {fix}", None, domain="datacheck", what=what,
                  where=where, fix=fix)  # fmt: skip
    if where:
        return tr("{what} ({where}).", None, domain="datacheck", what=what, where=where)
    if fix:
        return tr("{what}. Fix: {fix}", None, domain="datacheck", what=what, fix=fix)
    return tr("{what}.", None, domain="datacheck", what=what)


class DataError(ValueError):
    """Input data that a helper cannot use, with a message that says how to fix it.

    ``code``, ``where`` and ``fix`` give the parts of the message separately (the data
    check shows them as a :class:`Problem`); ``problems`` holds every problem when
    several were found at once.

    >>> err = DataError("column 'x' is empty", code="empty_column", where="orders.csv",
    ...                 fix="export it again")
    >>> str(err)
    "column 'x' is empty (orders.csv). Fix: export it again"
    >>> err.problems[0].code
    'empty_column'
    """

    def __init__(
        self,
        what: str,
        *,
        code: str = "data",
        where: str = "",
        fix: str = "",
        problems: Iterable[Problem] = (),
    ) -> None:
        self.code, self.what, self.where, self.fix = code, what, where, fix
        found = list(problems)
        self._problems = found or [Problem("error", code, what.rstrip("."), where, fix)]
        super().__init__(_sentence(what, where, fix).removesuffix("."))

    @property
    def problems(self) -> list[Problem]:
        """The problems this error stands for (at least one, an error)."""
        return list(self._problems)


def require_columns(
    df: pd.DataFrame,
    columns: Iterable[str],
    *,
    table: str = "orders",
    purpose: str | None = None,
) -> None:
    """Raise :class:`DataError` naming every missing column and the fix.

    >>> orders = pd.DataFrame({"customer_id": [1], "amount": [9.5]})
    >>> require_columns(orders, ["customer_id", "revenue"])
    Traceback (most recent call last):
    ...
    helpers.schema.DataError: orders table: column 'revenue' not found; ...
    """
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"{table} table: expected a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if not missing:
        return
    names = ", ".join(repr(c) for c in missing)
    noun = "column" if len(missing) == 1 else "columns"
    why = f" (needed for {purpose})" if purpose else ""
    example = {"金额": "revenue"} if "revenue" in missing else {"<your header>": missing[0]}
    columns = [quote(c)[1:-1] for c in df.columns][:30]
    raise DataError(
        f"{table} table: {noun} {names} not found{why}; the columns are {columns}",
        code="missing_column",
        fix=f"rename them, or map a header onto each with column_mapping={example} (in a "
        "mapping file, under its `columns:` section)",
    )


def has_cost(orders: pd.DataFrame) -> bool:
    """True when order lines carry a usable ``cost`` column (needed for profit analyses).

    >>> has_cost(pd.DataFrame({"revenue": [1.0], "cost": [0.5]}))
    True
    >>> has_cost(pd.DataFrame({"revenue": [1.0]}))
    False
    """
    return "cost" in orders.columns and bool(orders["cost"].notna().any())


#: the id rule's settings and their defaults (declared as data options in helpers.params)
ID_CASES = ("upper", "keep")
ID_LEADING_ZEROS = ("keep", "strip")


def normalise_ids(values, *, case: str = "upper", leading_zeros: str = "keep") -> pd.Series:
    """THE id rule, for every id column of every table, so that tables join.

    Ids become trimmed text; whole numbers written as decimals lose their ".0" (162.0 and
    "162.0" are "162"); blanks become missing. ``case="upper"`` (the default) compares ids
    without regard to case ("dl-13600" is "DL-13600"); ``"keep"`` leaves the case alone.
    ``leading_zeros="keep"`` (the default) keeps "0162" apart from "162"; ``"strip"``
    removes the leading zeros of ids made only of digits ("0162" is "162", "C0042" stays).

    >>> normalise_ids(pd.Series([12346.0, None, 17850.0])).tolist()
    ['12346', nan, '17850']
    >>> normalise_ids([" c0042 ", "", "162.0", "0162"]).tolist()
    ['C0042', nan, '162', '0162']
    >>> normalise_ids(["0162", "007", "0", "C007"], leading_zeros="strip").tolist()
    ['162', '7', '0', 'C007']
    """
    if case not in ID_CASES:
        raise DataError(f"the id case rule must be one of {ID_CASES}, not {case!r}")
    if leading_zeros not in ID_LEADING_ZEROS:
        raise DataError(
            f"the leading-zeros rule must be one of {ID_LEADING_ZEROS}, not {leading_zeros!r}"
        )
    s = pd.Series(values)
    if pd.api.types.is_float_dtype(s):
        finite = s.dropna()
        if np.isfinite(finite).all() and (finite == finite.round()).all():
            s = s.astype("Int64")

    def rule(distinct: pd.Series) -> pd.Series:
        text = distinct.astype("str").str.strip().where(distinct.notna(), "")
        text = text.str.replace(r"^([+-]?\d+)\.0+$", r"\1", regex=True)
        if case == "upper":
            text = text.str.upper()
        if leading_zeros == "strip":
            text = text.str.replace(r"^0+(\d+)$", r"\1", regex=True)
        return text.replace("", np.nan).astype("str")

    return by_distinct_value(s, rule).rename(s.name)


def by_distinct_value(values: pd.Series, rule: Callable[[pd.Series], T]) -> T:
    """``rule`` computed once per distinct value of ``values``, spread back to every row.

    Order lines repeat their ids, dates and amounts many times; a text rule applied to
    the few thousand distinct values instead of ten million rows is what keeps parsing
    fast. ``rule`` takes a Series of distinct values (missing values appear once, as a
    missing value) and returns a Series or DataFrame of the same length; the result
    has one row per row of ``values``, with its index.

    >>> by_distinct_value(pd.Series([" a", "b", " a", None]), lambda d: d.str.strip()).tolist()
    ['a', 'b', 'a', nan]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype=values.dtype)
    missing = codes < 0
    if missing.any():
        distinct = pd.concat([distinct, values[missing][:1]], ignore_index=True)
        codes = np.where(missing, len(distinct) - 1, codes)
    result = rule(distinct)
    if len(result) != len(distinct):
        raise ValueError("the rule must return one value per distinct value")
    return result.take(codes).set_axis(values.index)
