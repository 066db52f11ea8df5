"""Read customer data files into the course's canonical tables (数据读取与字段映射).

Supported: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030; also ``.csv.gz``), Excel
(``.xlsx``/``.xls``, a named sheet) and Parquet. Headers are matched to canonical
names through built-in English and Chinese aliases (``客户编号`` -> ``customer_id``,
``金额`` -> ``revenue`` ...) and an optional user mapping (a dict, or a YAML/TOML
file). Amounts written as text ("1,234.50", "¥1,234", "£12") and dates in common
formats (2023-01-05, 2023/1/5, 20230105, 2023年1月5日, mixed in one column) are
parsed by :func:`helpers.parsing.parse_amount` and :func:`helpers.parsing.parse_dates`.

Every problem raises :class:`helpers.schema.DataError` with what is wrong, where,
and how to fix it.

>>> map_columns(pd.DataFrame({"客户编号": ["C1"], "金额": ["1,234.50"]})).columns.tolist()
['customer_id', 'revenue']
"""

from __future__ import annotations

import gzip
import io
import tomllib
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from helpers.parsing import parse_amount, parse_bool, parse_dates
from helpers.schema import (
    ALIAS_INDEX,
    AMOUNT_COLUMNS,
    BOOL_COLUMNS,
    DATE_COLUMNS,
    FILE_TYPES,
    ID_COLUMNS,
    TABLES,
    DataError,
    header_key,
    normalise_ids,
    require_columns,
)


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
    by_key = {header_key(c): c for c in columns}
    absent = [k for k in absent if header_key(k) not in by_key]
    if absent:
        raise DataError(
            f"{table} table: the column mapping names {absent}, which the data does not have; "
            f"its columns are {columns}. Correct the mapping's left-hand side to one of these."
        )
    user = {by_key.get(header_key(k), k): v for k, v in mapping.items()}
    rename: dict[str, str] = {}
    for col in columns:
        if col in user:
            rename[col] = user[col]
        elif header_key(col) in ALIAS_INDEX:
            rename[col] = ALIAS_INDEX[header_key(col)]
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
