"""Read customer data files into the course's canonical tables (数据读取与字段映射).

Supported: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030; also ``.csv.gz``), Excel
(``.xlsx``/``.xls``, a named sheet) and Parquet. Headers are matched to canonical
names through built-in English and Chinese aliases (``客户编号`` -> ``customer_id``,
``金额`` -> ``revenue`` ...) and an optional user mapping (a dict, or a YAML/TOML
file). Amounts written as text ("1,234.50", "¥1,234", "£12") and dates in common
formats (2023-01-05, 2023/1/5, 20230105, 2023年1月5日, mixed in one column) are
parsed by :func:`parse_amount` and :func:`parse_dates`.

Every problem raises :class:`helpers.schema.DataError` with what is wrong, where,
and how to fix it.

>>> parse_amount(["1,234.50", "¥1,234", "£12", "(3.00)"]).tolist()
[1234.5, 1234.0, 12.0, -3.0]
>>> parse_dates(["2023-01-05", "2023/1/5", "20230105", "2023年1月5日"]).dt.day.tolist()
[5, 5, 5, 5]
"""

from __future__ import annotations

import gzip
import io
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.schema import TABLES, DataError

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
AMOUNT_COLUMNS = ("quantity", "revenue", "cost", "unit_price", "unit_cost", "response_value",
                  "credit_terms_days", "satisfaction", "loyalty")  # fmt: skip
BOOL_COLUMNS = ("resolved", "responded", "consent_marketing")
ID_COLUMNS = ("customer_id", "order_id", "product_id", "complaint_id", "campaign_id", "lead_id",
              "converted_customer_id")  # fmt: skip

FILE_TYPES = (".csv", ".csv.gz", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".parquet", ".pq")


def _key(header: object) -> str:
    """Header normalised for alias matching: lower case, no spaces/underscores/punctuation."""
    return re.sub(r"[\s_\-./（）()#:：]+", "", str(header).strip().lower())


_ALIAS_INDEX = {
    _key(alias): canon for canon, aliases in ALIASES.items() for alias in (canon, *aliases)
}


def load_mapping(column_mapping: Mapping[str, str] | str | Path | None) -> dict[str, str]:
    """A user column mapping ``{their header: canonical name}`` from a dict or a YAML/TOML file.

    A file holds the mapping at the top level, or under a ``columns`` key.

    >>> load_mapping({"Kunde": "customer_id"})
    {'Kunde': 'customer_id'}
    >>> load_mapping(None)
    {}
    """
    if column_mapping is None:
        return {}
    if isinstance(column_mapping, Mapping):
        mapping = dict(column_mapping)
    elif isinstance(column_mapping, str | Path):
        path = Path(column_mapping)
        if not path.exists():
            raise DataError(
                f"column mapping file {str(path)!r} not found. Pass a dict such as "
                "{'金额': 'revenue'} or the path of a YAML/TOML file holding one."
            )
        text = path.read_text(encoding="utf-8-sig")
        try:
            if path.suffix.lower() == ".toml":
                mapping = tomllib.loads(text)
            else:
                import yaml

                mapping = yaml.safe_load(text)
        except Exception as exc:  # yaml and toml raise their own error types
            raise DataError(
                f"column mapping file {str(path)!r} is not valid YAML/TOML ({exc}). "
                "Write one line per column, e.g. `金额: revenue` (YAML) or "
                '`金额 = "revenue"` (TOML).'
            ) from exc
        if isinstance(mapping, dict) and isinstance(mapping.get("columns"), dict):
            mapping = mapping["columns"]
    else:
        raise DataError(
            "column_mapping must be None, a dict or a file path, "
            f"not {type(column_mapping).__name__}"
        )
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise DataError(
            "column mapping must map header names to canonical names (text to text); "
            f"got {mapping!r}. "
            "Example: {'金额': 'revenue', 'Kunde': 'customer_id'}."
        )
    return mapping


def map_columns(
    df: pd.DataFrame,
    column_mapping: Mapping[str, str] | str | Path | None = None,
    *,
    table: str = "orders",
) -> pd.DataFrame:
    """Rename headers to canonical names: the user mapping first, then the built-in aliases.

    Columns that match nothing keep their name. Returns a new frame.

    >>> raw = pd.DataFrame({"客户编号": ["C1"], "订单日期": ["2024-01-05"], " Amount ": ["9"]})
    >>> map_columns(raw).columns.tolist()
    ['customer_id', 'order_date', 'revenue']
    >>> map_columns(pd.DataFrame({"Kunde": [1]}), {"Kunde": "customer_id"}).columns.tolist()
    ['customer_id']
    """
    mapping = load_mapping(column_mapping)
    columns = [str(c) for c in df.columns]
    absent = [k for k in mapping if k not in columns and k not in mapping.values()]
    by_key = {_key(c): c for c in columns}
    absent = [k for k in absent if _key(k) not in by_key]
    if absent:
        raise DataError(
            f"{table} table: the column mapping names {absent}, which the data does not have; "
            f"its columns are {columns}. Correct the mapping's left-hand side to one of these."
        )
    user = {by_key.get(_key(k), k): v for k, v in mapping.items()}
    rename: dict[str, str] = {}
    for col in columns:
        if col in user:
            rename[col] = user[col]
        elif _key(col) in _ALIAS_INDEX:
            rename[col] = _ALIAS_INDEX[_key(col)]
        else:
            rename[col] = col
    targets = pd.Series(list(rename.values()), index=list(rename))
    clash = targets[targets.duplicated(keep=False)]
    if len(clash):
        canon = clash.iloc[0]
        sources = clash[clash == canon].index.tolist()
        raise DataError(
            f"{table} table: columns {sources} all map to {canon!r}; keep one. Pass a mapping "
            f"that names the one to use, e.g. column_mapping={{{sources[0]!r}: {canon!r}}}, "
            "and drop or rename the others before loading."
        )
    out = df.copy()
    out.columns = list(rename.values())
    return out


def parse_amount(values, *, column: str = "revenue", errors: str = "raise") -> pd.Series:
    """Numbers from text such as "1,234.50", "¥1,234", "£12", "-¥3.20" or "(3.20)" (negative).

    Currency signs and codes (¥ ￥ $ £ € RMB CNY 元), spaces and thousands separators are
    removed. ``errors="coerce"`` returns NaN for text that is not a number instead of
    raising.

    >>> parse_amount(pd.Series(["RMB 12.5", "3"])).tolist()
    [12.5, 3.0]
    >>> parse_amount(["12", "twelve"], column="quantity")
    Traceback (most recent call last):
    ...
    helpers.schema.DataError: column 'quantity': 1 of 2 values are not numbers...
    """
    s = pd.Series(values)
    if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
        return s.astype("float64")
    text = s.astype("str").str.strip().where(s.notna())
    paren = text.str.fullmatch(r"\(.*\)").fillna(False).astype(bool)
    cleaned = text.str.replace(r"[\s,¥￥$£€]|RMB|CNY|GBP|USD|EUR|元", "", regex=True)
    cleaned = cleaned.str.strip("()").replace("", np.nan)
    num = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    num = num.where(~paren, -num.abs())
    bad = text.notna() & (text != "") & num.isna()
    if bad.any() and errors == "raise":
        raise DataError(_bad_values_message(column, text, bad, "numbers") + (
            " Fix those cells (amounts may carry ¥, $, £, € and thousands separators), or "
            "map a different column to it."
        ))  # fmt: skip
    return num


def _bad_values_message(column: str, text: pd.Series, bad: pd.Series, what: str) -> str:
    positions = np.flatnonzero(bad.to_numpy())
    examples = list(dict.fromkeys(text[bad].astype(str).head(20)))[:3]
    return (
        f"column {column!r}: {int(bad.sum())} of {len(text)} values are not {what}, "
        f"e.g. {examples} (row positions {positions[:5].tolist()})."
    )


def parse_dates(
    values,
    *,
    column: str = "order_date",
    dayfirst: bool | None = None,
    errors: str = "raise",
) -> pd.Series:
    """Dates from mixed formats: 2023-01-05, 2023/1/5, 2023.1.5, 20230105, 2023年1月5日,
    05/01/2023 (day or month first; see ``dayfirst``), with or without a time, Excel date
    cells or Excel serial numbers. Returns datetime64[us].

    ``dayfirst=None`` decides from the data when a value such as 25/01/2023 shows it,
    and raises when every such value is ambiguous. ``errors="coerce"`` returns NaT
    for values that are not dates instead of raising.

    >>> parse_dates(["05/01/2023", "25/01/2023"]).dt.strftime("%Y-%m-%d").tolist()
    ['2023-01-05', '2023-01-25']
    >>> parse_dates(pd.Series([20230105, 20231231])).dt.month.tolist()
    [1, 12]
    """
    s = pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(s):
        if getattr(s.dt, "tz", None) is not None:
            s = s.dt.tz_localize(None)
        return s.astype("datetime64[us]")
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        num = s.astype("float64")
        compact = num.between(19000101, 21001231)
        out = pd.to_datetime(
            num.where(compact).astype("Int64").astype("str"), format="%Y%m%d", errors="coerce"
        )
        serial = num.between(1, 2958465) & ~compact
        excel = pd.Timestamp("1899-12-30") + pd.to_timedelta(num.where(serial), unit="D")
        result = out.where(compact, excel).astype("datetime64[us]")
        bad = num.notna() & result.isna()
        text = num.astype("str")
    else:
        text = s.astype("str").str.strip().where(s.notna()).replace("", np.nan)
        result = pd.to_datetime(text, format="ISO8601", errors="coerce").astype("datetime64[us]")
        todo = text.notna() & result.isna()
        if todo.any():
            result = result.where(~todo, _parse_text_dates(text[todo], column, dayfirst))
        bad = text.notna() & result.isna()
    if bad.any() and errors == "raise":
        raise DataError(_bad_values_message(column, text, bad, "dates in a known format") + (
            " Known formats: 2023-01-05, 2023/1/5, 20230105, 2023年1月5日, 05/01/2023 "
            "(with dayfirst). Fix those cells, or clean with bad_values='drop' to drop the rows "
            "(the cleaning report lists them)."
        ))  # fmt: skip
    return result.rename(s.name)


def _parse_text_dates(text: pd.Series, column: str, dayfirst: bool | None) -> pd.Series:
    t = (
        text.str.replace("年", "-", regex=False)
        .str.replace("月", "-", regex=False)
        .str.replace("日", "", regex=False)
        .str.replace(r"[/.]", "-", regex=True)
        .str.strip()
    )
    time = r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
    ymd = t.str.extract(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + time + "$").astype("float64")
    dmy = t.str.extract(r"^(\d{1,2})-(\d{1,2})-(\d{4})" + time + "$").astype("float64")
    first, second = dmy[0], dmy[1]
    if dayfirst is None and dmy[2].notna().any():
        day_first_seen = bool((first > 12).any())
        month_first_seen = bool((second > 12).any())
        if day_first_seen and not month_first_seen:
            dayfirst = True
        elif month_first_seen and not day_first_seen:
            dayfirst = False
        elif not (first == second).all():
            both = text[dmy[2].notna()].head(3).tolist()
            raise DataError(
                f"column {column!r}: dates such as {both} could be day/month/year or "
                "month/day/year. Pass dayfirst=True (05/01/2023 = 5 January) or "
                "dayfirst=False (05/01/2023 = 1 May)."
            )
    day, month = (first, second) if dayfirst else (second, first)
    parts = pd.DataFrame(
        {
            "year": ymd[0].fillna(dmy[2]),
            "month": ymd[1].fillna(month),
            "day": ymd[2].fillna(day),
            "hour": ymd[3].fillna(dmy[3]).fillna(0),
            "minute": ymd[4].fillna(dmy[4]).fillna(0),
            "second": ymd[5].fillna(dmy[5]).fillna(0),
        }
    )
    return pd.to_datetime(parts, errors="coerce").astype("datetime64[us]")


def parse_bool(values, *, column: str = "resolved") -> pd.Series:
    """Booleans from True/False, yes/no, y/n, 1/0, 是/否 (any case).

    >>> parse_bool(["yes", "否", "TRUE", 0]).tolist()
    [True, False, True, False]
    """
    s = pd.Series(values)
    if pd.api.types.is_bool_dtype(s):
        return s.astype("bool")
    words = {"true": True, "yes": True, "y": True, "1": True, "1.0": True, "是": True,
             "false": False, "no": False, "n": False, "0": False, "0.0": False,
             "否": False}  # fmt: skip
    text = s.astype("str").str.strip().str.lower()
    out = text.map(words)
    bad = s.notna() & out.isna()
    if bad.any():
        raise DataError(
            _bad_values_message(column, text, bad, "yes/no values")
            + " Use True/False, yes/no, 1/0 or 是/否."
        )
    return out.astype("boolean") if out.isna().any() else out.astype("bool")


def read_file(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read a CSV/Excel/Parquet file as it is: CSV cells as text, Excel cells as stored.

    CSV encoding is detected (UTF-8, UTF-8 with BOM, then GBK/GB18030) unless
    ``encoding`` is given; the delimiter (comma, semicolon, tab) is detected from
    the header line. ``sheet`` picks an Excel sheet by name or position (default: the
    first).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "x.csv"
    ...     _ = p.write_bytes("客户编号,金额\\nC1,\\"1,200\\"\\n".encode("gbk"))
    ...     read_file(p).columns.tolist()
    ['客户编号', '金额']
    """
    path = Path(path)
    if not path.exists():
        raise DataError(
            f"file {str(path)!r} not found. Check the path (relative paths start from "
            f"{str(Path.cwd())!r})."
        )
    if path.is_dir():
        raise DataError(f"{str(path)!r} is a folder; pass a file, or use load_tables(folder).")
    name = path.name.lower()
    if not any(name.endswith(ext) for ext in FILE_TYPES):
        raise DataError(
            f"cannot read {path.name!r}: unknown file type. Supported: {', '.join(FILE_TYPES)}. "
            "Export the data as CSV (UTF-8) or Excel."
        )
    if path.stat().st_size == 0:
        raise DataError(f"file {path.name!r} is empty (0 bytes). Export the data again.")
    if name.endswith((".parquet", ".pq")):
        df = pd.read_parquet(path)
    elif name.endswith((".xlsx", ".xlsm", ".xls")):
        df = _read_excel(path, sheet)
    else:
        df = _read_csv(path, encoding)
    if df.shape[1] == 0 or (df.shape[0] == 0):
        raise DataError(
            f"file {path.name!r} has no data rows (columns: {list(map(str, df.columns))}). "
            "Export the data again with its rows."
        )
    return df


def _read_excel(path: Path, sheet: str | int | None) -> pd.DataFrame:
    with pd.ExcelFile(path) as book:
        names = book.sheet_names
        if sheet is None:
            sheet = names[0]
        elif isinstance(sheet, str) and sheet not in names:
            raise DataError(
                f"workbook {path.name!r} has no sheet {sheet!r}; its sheets are {names}. "
                "Pass sheet=<one of these>."
            )
        return pd.read_excel(book, sheet_name=sheet, dtype=object)


def _read_csv(path: Path, encoding: str | None) -> pd.DataFrame:
    raw = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except OSError as exc:
            raise DataError(f"{path.name!r} is not a valid gzip file ({exc}).") from exc
    if not raw.strip():
        raise DataError(f"file {path.name!r} is empty (no header, no rows). Export it again.")
    if encoding is not None:
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise DataError(
                f"cannot read {path.name!r} as {encoding} ({exc}); try encoding=None to detect "
                "UTF-8/GBK, or the encoding the exporting program used."
            ) from exc
    else:
        text = None
        for candidate in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(candidate)
                break
            except UnicodeDecodeError as exc:
                error = exc
        if text is None:
            raise DataError(
                f"cannot read {path.name!r}: it is neither UTF-8 nor GBK/GB18030 text "
                f"(undecodable byte at position {error.start}). Save it as 'CSV UTF-8' "
                "(in Excel: Save As > CSV UTF-8), or pass encoding='latin-1' (or the "
                "encoding the exporting program used)."
            )
    header = text.split("\n", 1)[0]
    sep = max([",", ";", "\t", "|"], key=header.count)
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                       na_values=["", "NA", "N/A", "NULL", "null", "NaN", "nan"])  # fmt: skip


def standardise(
    df: pd.DataFrame, *, table: str = "orders", dayfirst: bool | None = None
) -> pd.DataFrame:
    """Parse canonical columns to their types: ids as text, dates, numbers, booleans.

    Used for the non-order tables; order lines go through
    :func:`helpers.cleaning.clean_orders`, which also reports what it changed.

    >>> t = standardise(pd.DataFrame({"customer_id": [" C1"], "satisfaction": ["9"],
    ...     "loyalty": ["7"], "survey_date": ["2025/11/3"]}), table="survey")
    >>> t.loc[0, "customer_id"], t.loc[0, "survey_date"]
    ('C1', Timestamp('2025-11-03 00:00:00'))
    """
    if table in TABLES:
        from helpers.schema import require_columns

        require_columns(df, TABLES[table]["required"], table=table)
    out = df.copy()
    for col in out.columns:
        if col in ID_COLUMNS:
            out[col] = normalise_ids(out[col])
        elif col in DATE_COLUMNS:
            out[col] = parse_dates(out[col], column=col, dayfirst=dayfirst)
        elif col in AMOUNT_COLUMNS:
            num = parse_amount(out[col], column=col)
            whole = num.dropna()
            is_int = col in ("quantity", "credit_terms_days", "satisfaction", "loyalty")
            if is_int and (whole == whole.round()).all():
                num = num.astype("Int64") if num.isna().any() else num.astype("int64")
            out[col] = num
        elif col in BOOL_COLUMNS:
            out[col] = parse_bool(out[col], column=col)
    return out


def normalise_ids(values) -> pd.Series:
    """Identifiers as trimmed text; whole-number floats lose their ".0"; blanks become missing.

    >>> normalise_ids(pd.Series([12346.0, None, 17850.0])).tolist()
    ['12346', nan, '17850']
    >>> normalise_ids([" C0042 ", ""]).tolist()
    ['C0042', nan]
    """
    s = pd.Series(values)
    if pd.api.types.is_float_dtype(s) and (s.dropna() == s.dropna().round()).all():
        s = s.astype("Int64")
    text = s.astype("str").str.strip().where(s.notna())
    return text.replace("", np.nan).astype("str")


def read_table(
    path: str | Path,
    *,
    table: str = "orders",
    column_mapping: Mapping[str, str] | str | Path | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read a file and rename its headers to canonical names (values are not parsed yet).

    For order lines pass the result to :func:`helpers.cleaning.clean_orders` (or use
    :func:`load_orders`); for other tables to :func:`standardise`.

    >>> from helpers.paths import DATASETS_DIR
    >>> raw = read_table(DATASETS_DIR / "raw_export" / "orders_2025-10_11_gbk.csv")
    >>> raw.columns[:4].tolist()
    ['order_id', 'customer_id', 'order_date', 'product_id']
    """
    return map_columns(read_file(path, sheet=sheet, encoding=encoding), column_mapping, table=table)


def load_orders(
    path: str | Path,
    *,
    column_mapping: Mapping[str, str] | str | Path | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    **clean_options,
):
    """Read an order-line file, map its headers and clean it: returns (clean, report).

    ``clean_options`` go to :func:`helpers.cleaning.clean_orders`.

    >>> from helpers.paths import DATASETS_DIR
    >>> clean, report = load_orders(DATASETS_DIR / "raw_export" / "orders_2025-12.xlsx",
    ...                             sheet="orders")
    >>> report.rows_in > report.rows_out == len(clean)
    True
    """
    from helpers.cleaning import clean_orders

    raw = read_table(path, column_mapping=column_mapping, sheet=sheet, encoding=encoding)
    return clean_orders(raw, **clean_options)
