"""Read customer data files into the course's canonical tables (数据读取与字段映射).

Supported: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030 or a declared encoding; also
``.csv.gz``), Excel (``.xlsx``/``.xlsm``/``.xls``, a named sheet or several sheets of
the same columns) and Parquet. Headers are matched to canonical names through
built-in English and Chinese aliases (``客户编号`` -> ``customer_id``, ``金额`` ->
``revenue`` ...) and an optional user mapping (a dict, or a YAML/TOML file that may
also declare data options). Amounts written as text ("1,234.50", "¥1,234", "£12") and
dates in common formats (2023-01-05, 2023/1/5, 20230105, 2023年1月5日, mixed in one
column) are parsed by :func:`helpers.parsing.parse_amount` and
:func:`helpers.parsing.parse_dates`.

Every problem raises :class:`helpers.schema.DataError` with what is wrong, where, and
how to fix it; a damaged, encrypted or unreadable file is such a problem too.

>>> map_columns(pd.DataFrame({"客户编号": ["C1"], "金额": ["1,234.50"]})).columns.tolist()
['customer_id', 'revenue']
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
import tomllib
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.i18n import tr
from helpers.params import DATA_OPTIONS, check_data_options
from helpers.parsing import parse_amount, parse_bool, parse_dates
from helpers.schema import (
    ALIAS_INDEX,
    AMOUNT_COLUMNS,
    BOOL_COLUMNS,
    COURSE_COLUMNS,
    DATE_COLUMNS,
    FILE_TYPES,
    ID_COLUMNS,
    TABLES,
    DataError,
    Problem,
    header_key,
    normalise_ids,
    quote,
    quote_list,
    require_columns,
)

#: the first bytes of an OLE2 compound file: an .xls workbook, or an encrypted .xlsx
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_INTEGER_COLUMNS = ("quantity", "credit_terms_days", "satisfaction", "loyalty")


# ---- mappings ---------------------------------------------------------------------------------


def read_mapping(
    column_mapping: Mapping[str, Any] | str | Path | None,
) -> tuple[dict[str, str], dict[str, Any]]:
    """A user mapping as ``(columns, data options)``: ``{their header: course column}`` and
    the data options the mapping file declares (sheet, decimal, cleaning ...).

    A file (YAML or TOML) holds the columns at the top level or under a ``columns`` key;
    beside ``columns``, every other key must be a data option.

    >>> read_mapping({"columns": {"Kunde": "customer_id"}, "decimal": ","})
    ({'Kunde': 'customer_id'}, {'decimal': ','})
    >>> read_mapping(None)
    ({}, {})
    """
    if column_mapping is None:
        return {}, {}
    where = "the column mapping"
    if isinstance(column_mapping, Mapping):
        raw: Any = dict(column_mapping)
    elif isinstance(column_mapping, str | Path):
        path = Path(column_mapping)
        where = f"mapping file {path.name!r}"
        if not path.is_file():
            raise DataError(
                tr(
                    "column mapping file {path} not found",
                    None,
                    domain="datacheck",
                    path=quote(str(path), 200),
                ),
                code="mapping_file",
                fix=tr(
                    "pass a dict such as {example} or the path of a YAML/TOML file holding one",
                    None,
                    domain="datacheck",
                    example="{'金额': 'revenue'}",
                ),
            )
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(
                tr(
                    "{where} cannot be read as UTF-8 text ({error})",
                    None,
                    domain="datacheck",
                    where=where,
                    error=exc,
                ),
                code="mapping_file",
                fix=tr("save the mapping file as UTF-8 text", None, domain="datacheck"),
            ) from None
        try:
            if path.suffix.lower() == ".toml":
                raw = tomllib.loads(text)
            else:
                import yaml

                raw = yaml.safe_load(text)
        except Exception as exc:  # yaml and toml raise their own error types
            raise DataError(
                tr(
                    "{where} is not valid YAML/TOML ({error})",
                    None,
                    domain="datacheck",
                    where=where,
                    error=quote(exc, 200),
                ),
                code="mapping_file",
                fix=tr(
                    "write one line per column, e.g. `金额: revenue` (YAML) or "
                    '`金额 = "revenue"` (TOML)',
                    None,
                    domain="datacheck",
                ),
            ) from None
    else:
        raise DataError(
            tr(
                "column_mapping must be None, a dict or a file path, not {kind}",
                None,
                domain="datacheck",
                kind=type(column_mapping).__name__,
            ),
            code="mapping_file",
        )
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise DataError(
            tr(
                "{where} must map header names to course columns, not hold a {kind}",
                None,
                domain="datacheck",
                where=where,
                kind=type(raw).__name__,
            ),
            code="mapping_file",
            fix=tr(
                "example: {example}",
                None,
                domain="datacheck",
                example="{'金额': 'revenue', 'Kunde': 'customer_id'}",
            ),
        )
    options: dict[str, Any] = {}
    if isinstance(raw.get("columns"), dict):
        columns = raw.pop("columns")
        for key in list(raw):
            if key not in DATA_OPTIONS:
                raise DataError(
                    tr(
                        "{where}: {key} is neither 'columns' nor a data option",
                        None,
                        domain="datacheck",
                        where=where,
                        key=quote(key),
                    ),
                    code="mapping_file",
                    fix=tr(
                        "the data options are {names}",
                        None,
                        domain="datacheck",
                        names=", ".join(DATA_OPTIONS),
                    ),
                )
            options[key] = raw.pop(key)
    else:
        columns = {}
        for key, value in raw.items():
            if key in DATA_OPTIONS and value not in COURSE_COLUMNS:
                options[key] = value
            else:
                columns[key] = value
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in columns.items()):
        raise DataError(
            tr(
                "{where} must map header names to course columns (text to text); got {got}",
                None,
                domain="datacheck",
                where=where,
                got=quote(columns, 120),
            ),
            code="mapping_file",
            fix=tr(
                "example: {example}",
                None,
                domain="datacheck",
                example="{'金额': 'revenue', 'Kunde': 'customer_id'}",
            ),
        )
    unknown = sorted({v for v in columns.values() if v not in COURSE_COLUMNS})
    if unknown:
        raise DataError(
            tr(
                "{where} maps headers onto {targets}, which the course does not know",
                None,
                domain="datacheck",
                where=where,
                targets=quote_list(unknown, 5),
            ),
            code="unknown_target",
            fix=tr(
                "map each header onto one of the course columns: {valid}",
                None,
                domain="datacheck",
                valid=", ".join(COURSE_COLUMNS),
            ),
        )
    if options:
        check_data_options(options)
    return columns, options


def load_mapping(column_mapping: Mapping[str, str] | str | Path | None) -> dict[str, str]:
    """A user column mapping ``{their header: canonical name}`` from a dict or a YAML/TOML file.

    A file holds the mapping at the top level, or under a ``columns`` key (its data
    options are read by :func:`read_mapping`).

    >>> load_mapping({"Kunde": "customer_id"})
    {'Kunde': 'customer_id'}
    >>> load_mapping(None)
    {}
    >>> load_mapping({"Kunde": "kunde_id"})
    Traceback (most recent call last):
    ...
    helpers.schema.DataError: the column mapping maps headers onto 'kunde_id', which ...
    """
    return read_mapping(column_mapping)[0]


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
            tr(
                "{table} table: the column mapping names {absent}, which the data does not "
                "have; its columns are {columns}",
                None,
                domain="datacheck",
                table=table,
                absent=[quote(a)[1:-1] for a in absent],
                columns=[quote(c)[1:-1] for c in columns],
            ),
            code="mapping_names_absent_column",
            fix=tr(
                "correct the mapping's left-hand side to one of these", None, domain="datacheck"
            ),
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
            tr(
                "{table} table: columns {sources} all map to {canon!r}; keep one",
                None,
                domain="datacheck",
                table=table,
                sources=sources,
                canon=canon,
            ),
            code="columns_clash",
            fix=tr(
                "pass a mapping that names the one to use, e.g. column_mapping={{{first!r}: "
                "{canon!r}}}, and drop or rename the others before loading",
                None,
                domain="datacheck",
                first=sources[0],
                canon=canon,
            ),
        )
    out = df.copy()
    out.columns = list(rename.values())
    return out


# ---- files ------------------------------------------------------------------------------------


def read_file(
    path: str | Path,
    *,
    sheet: str | int | list[str] | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read a CSV/Excel/Parquet file as it is: CSV cells as text, Excel cells as stored.

    CSV encoding is detected (UTF-8, UTF-8 with BOM, then GBK/GB18030) unless
    ``encoding`` is given; the delimiter (comma, semicolon, tab, bar) is detected from
    the header line. ``sheet`` picks an Excel sheet by name or position, or a list of
    sheets with the same columns to read as one table; a workbook with several sheets
    and no ``sheet`` is an error that lists them. Warnings found while reading (text
    that looks decoded with the wrong encoding) are kept in ``df.attrs["problems"]``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "x.csv"
    ...     _ = p.write_bytes("客户编号,金额\\nC1,\\"1,200\\"\\n".encode("gbk"))
    ...     read_file(p).columns.tolist()
    ['客户编号', '金额']
    """
    df, problems = read_file_checked(path, sheet=sheet, encoding=encoding)
    df.attrs["problems"] = problems
    return df


def read_file_checked(
    path: str | Path,
    *,
    sheet: str | int | list[str] | None = None,
    encoding: str | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """:func:`read_file`, returning the warnings found while reading beside the frame."""
    path = Path(path)
    where = path.name
    if not path.exists():
        raise DataError(
            tr("file {path} not found", None, domain="datacheck", path=quote(str(path), 200)),
            code="file_not_found",
            fix=tr(
                "check the path (relative paths start from {cwd})",
                None,
                domain="datacheck",
                cwd=quote(str(Path.cwd()), 200),
            ),
        )
    if path.is_dir():
        raise DataError(
            tr("{path} is a folder", None, domain="datacheck", path=quote(str(path), 200)),
            code="file_is_folder",
            fix=tr("pass a file, or use load_tables(folder)", None, domain="datacheck"),
        )
    name = path.name.lower()
    if not any(name.endswith(ext) for ext in FILE_TYPES):
        raise DataError(
            tr(
                "cannot read {name}: unknown file type",
                None,
                domain="datacheck",
                name=quote(path.name),
            ),
            code="file_type",
            fix=tr(
                "export the data as CSV (UTF-8) or Excel; supported: {types}",
                None,
                domain="datacheck",
                types=", ".join(FILE_TYPES),
            ),
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError(
            tr(
                "cannot open {name} ({error})",
                None,
                domain="datacheck",
                name=quote(path.name),
                error=exc.strerror,
            ),
            code="file_unreadable",
            fix=tr("check that the file can be read", None, domain="datacheck"),
        ) from None
    if size == 0:
        raise DataError(
            tr("file {name} is empty (0 bytes)", None, domain="datacheck", name=quote(path.name)),
            code="empty_file",
            fix=tr("export the data again", None, domain="datacheck"),
        )
    problems: list[Problem] = []
    if name.endswith((".parquet", ".pq")):
        df = _read_parquet(path)
    elif name.endswith((".xlsx", ".xlsm", ".xls")):
        df = _read_excel(path, sheet)
    else:
        df, problems = _read_csv(path, encoding)
    if df.shape[1] == 0 or df.shape[0] == 0:
        raise DataError(
            tr(
                "file {name} has no data rows (columns: {columns})",
                None,
                domain="datacheck",
                name=quote(path.name),
                columns=[quote(c)[1:-1] for c in df.columns][:20],
            ),
            code="no_rows",
            where=where,
            fix=tr("export the data again with its rows", None, domain="datacheck"),
        )
    return df, problems


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many kinds (ArrowInvalid, OSError ...)
        raise DataError(
            tr(
                "{name} cannot be read as Parquet: {error}",
                None,
                domain="datacheck",
                name=quote(path.name),
                error=quote(f"{type(exc).__name__}: {exc}", 160),
            ),
            code="file_damaged",
            fix=tr(
                "the file is damaged or not Parquet; export it again (or export CSV instead)",
                None,
                domain="datacheck",
            ),
        ) from None


def excel_sheets(path: str | Path) -> list[str]:
    """The sheet names of a workbook, with a clear error when it cannot be opened."""
    with _open_workbook(Path(path)) as book:
        return [str(s) for s in book.sheet_names]


def _open_workbook(path: Path) -> pd.ExcelFile:
    with path.open("rb") as f:
        head = f.read(8)
    is_xls = path.name.lower().endswith(".xls")
    if head == _COMPOUND_FILE and not is_xls:
        raise DataError(
            tr(
                "{name} is password-protected (encrypted), or an old .xls workbook saved "
                "under an .xlsx name",
                None,
                domain="datacheck",
                name=quote(path.name),
            ),
            code="workbook_encrypted",
            fix=tr(
                "open it in Excel, remove the password (File > Info > Protect Workbook) and "
                "save it as .xlsx; or rename an old workbook to .xls",
                None,
                domain="datacheck",
            ),
        )
    engine = "calamine"  # reads .xls and .xlsx alike, and far faster than openpyxl
    try:
        return pd.ExcelFile(path, engine=engine)
    except ImportError as exc:
        raise DataError(
            tr(
                "the reader for {name} is not installed ({error})",
                None,
                domain="datacheck",
                name=quote(path.name),
                error=exc,
            ),
            code="reader_missing",
            fix=tr(
                "run `python3 tasks.py setup` to install the course's requirements",
                None,
                domain="datacheck",
            ),
        ) from None
    except Exception as exc:  # zip, XML and calamine errors: the file is not a workbook
        raise DataError(
            tr(
                "{name} cannot be opened as an Excel workbook: {error}",
                None,
                domain="datacheck",
                name=quote(path.name),
                error=quote(f"{type(exc).__name__}: {exc}", 160),
            ),
            code="file_damaged",
            fix=tr(
                "the file is damaged, incomplete or not a workbook; open it in Excel and save "
                "it again (or export CSV instead)",
                None,
                domain="datacheck",
            ),
        ) from None


def _read_excel(path: Path, sheet: str | int | list[str] | None) -> pd.DataFrame:
    with _open_workbook(path) as book:
        names = [str(s) for s in book.sheet_names]
        if sheet is None:
            if len(names) != 1:
                raise several_sheets_error(path, book, names)
            wanted: list[str | int] = [names[0]]
        elif isinstance(sheet, list | tuple):
            wanted = list(sheet)
        else:
            wanted = [sheet]
        for s in wanted:
            if isinstance(s, str) and s not in names:
                raise DataError(
                    tr(
                        "workbook {name} has no sheet {sheet}; its sheets are {names}",
                        None,
                        domain="datacheck",
                        name=quote(path.name),
                        sheet=quote(s),
                        names=names,
                    ),
                    code="no_such_sheet",
                    fix=tr("set the data option sheet to one of these", None, domain="datacheck"),
                )
            if isinstance(s, int) and not 0 <= s < len(names):
                raise DataError(
                    tr(
                        "workbook {name} has no sheet number {sheet}; it has {n} sheets {names}",
                        None,
                        domain="datacheck",
                        name=quote(path.name),
                        sheet=s,
                        n=len(names),
                        names=names,
                    ),
                    code="no_such_sheet",
                    fix=tr(
                        "set the data option sheet to one of these names", None, domain="datacheck"
                    ),
                )
        frames = []
        for s in wanted:
            try:
                header = pd.read_excel(book, sheet_name=s, header=None, nrows=1, dtype=object)
                frame = pd.read_excel(book, sheet_name=s, dtype=object)
            except Exception as exc:
                raise DataError(
                    tr(
                        "sheet {sheet} of {name} cannot be read: {error}",
                        None,
                        domain="datacheck",
                        sheet=quote(s),
                        name=quote(path.name),
                        error=quote(f"{type(exc).__name__}: {exc}", 160),
                    ),
                    code="file_damaged",
                    fix=tr(
                        "open the workbook in Excel and save it again, or export CSV",
                        None,
                        domain="datacheck",
                    ),
                ) from None
            _check_headers(header.iloc[0].tolist() if len(header) else [], f"{path.name}:{s}")
            frames.append(frame)
    if len(frames) == 1:
        return frames[0]
    first = [str(c) for c in frames[0].columns]
    for s, frame in zip(wanted[1:], frames[1:], strict=True):
        if [str(c) for c in frame.columns] != first:
            raise DataError(
                tr(
                    "sheets {first_sheet} and {sheet} of {name} do not have the same columns "
                    "({a} and {b}), so they cannot be read as one table",
                    None,
                    domain="datacheck",
                    first_sheet=quote(wanted[0]),
                    sheet=quote(s),
                    name=quote(path.name),
                    a=first[:12],
                    b=[str(c) for c in frame.columns][:12],
                ),
                code="sheets_differ",
                fix=tr(
                    "give the sheets the same headers, or set the data option sheet to one",
                    None,
                    domain="datacheck",
                ),
            )
    return pd.concat(frames, ignore_index=True)


def several_sheets_error(path: Path, book: pd.ExcelFile, names: list[str]) -> DataError:
    """The error for a workbook of several sheets when the data options name none."""
    headers = {}
    for s in names:
        try:
            headers[s] = tuple(str(c) for c in pd.read_excel(book, sheet_name=s, nrows=0).columns)
        except Exception:  # a sheet that cannot be read does not look like the others
            headers[s] = (s,)
    alike = [s for s in names if headers[s] and headers[s] == headers[names[0]]]
    what = tr(
        "workbook {name} has {n} sheets {names} and the data options do not say which holds "
        "the order lines",
        None,
        domain="datacheck",
        name=quote(path.name),
        n=len(names),
        names=names,
    )
    if len(alike) > 1:
        what += tr(
            "; sheets {alike} have the same columns: they may be one table split up (by "
            "month, say), which is not read as one unless the data options say so",
            None,
            domain="datacheck",
            alike=alike,
        )
    fix = tr(
        "set the data option sheet to the sheet with the order lines (one of {names}); or "
        "name the sheets after the tables (orders, customers ...)",
        None,
        domain="datacheck",
        names=names,
    )
    if len(alike) > 1:
        fix += tr(
            "; to read sheets with the same columns as one table, set sheet to their list "
            "(sheet: {alike})",
            None,
            domain="datacheck",
            alike=alike,
        )
    return DataError(what, code="several_sheets", fix=fix)


def _check_headers(header: list, where: str) -> None:
    """Duplicated headers are an error: which of two 'revenue' columns is the revenue?"""
    names = [str(h).strip() for h in header if not (isinstance(h, float) and np.isnan(h))]
    names = [n for n in names if n and n.lower() != "nan"]
    seen = pd.Series(names)
    dup = seen[seen.duplicated()].unique().tolist()
    if dup:
        cols = [[i + 1 for i, n in enumerate(names) if n == d] for d in dup[:3]]
        raise DataError(
            tr(
                "the header {headers} appears more than once (columns {cols})",
                None,
                domain="datacheck",
                headers=quote_list(dup, 3),
                cols="; ".join(", ".join(map(str, c)) for c in cols),
            ),
            code="duplicated_header",
            where=where,
            fix=tr(
                "keep one of those columns, or rename the others and map the right one with "
                "a column mapping",
                None,
                domain="datacheck",
            ),
        )


def _read_csv(path: Path, encoding: str | None) -> tuple[pd.DataFrame, list[Problem]]:
    raw = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zipfile.BadZipFile) as exc:
            raise DataError(
                tr(
                    "{name} is not a valid gzip file ({error})",
                    None,
                    domain="datacheck",
                    name=quote(path.name),
                    error=quote(exc, 80),
                ),
                code="file_damaged",
                fix=tr("compress it again, or pass the plain .csv", None, domain="datacheck"),
            ) from None
    if not raw.strip():
        raise DataError(
            tr(
                "file {name} is empty (no header, no rows)",
                None,
                domain="datacheck",
                name=quote(path.name),
            ),
            code="empty_file",
            fix=tr("export it again", None, domain="datacheck"),
        )
    problems: list[Problem] = []
    used = encoding
    if encoding is not None:
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise DataError(
                tr(
                    "cannot read {name} as {encoding} ({error})",
                    None,
                    domain="datacheck",
                    name=quote(path.name),
                    encoding=encoding,
                    error=quote(exc, 120),
                ),
                code="wrong_encoding",
                fix=tr(
                    "set the data option encoding to the encoding the exporting program used, "
                    "or to null to detect UTF-8/GBK",
                    None,
                    domain="datacheck",
                ),
            ) from None
    else:
        text, error = None, None
        for candidate in ("utf-8-sig", "gb18030"):
            try:
                text, used = raw.decode(candidate), candidate
                break
            except UnicodeDecodeError as exc:
                error = exc
        if text is None:
            raise DataError(
                tr(
                    "cannot read {name}: it is neither UTF-8 nor GBK/GB18030 text "
                    "(undecodable byte at position {pos})",
                    None,
                    domain="datacheck",
                    name=quote(path.name),
                    pos=error.start,
                ),
                code="unknown_encoding",
                fix=tr(
                    "save it as 'CSV UTF-8' (in Excel: Save As > CSV UTF-8), or set the data "
                    "option encoding to the encoding the exporting program used (e.g. "
                    "encoding: cp1252 or latin-1)",
                    None,
                    domain="datacheck",
                ),
            )
        if used == "gb18030":
            problems += _suspect_decoding(text, path.name)
    if "\ufffd" in text:
        n = text.count("\ufffd")
        problems.append(
            Problem(
                "warning",
                "replacement_characters",
                tr(
                    "{name} holds {n} replacement characters '\ufffd': the exporting program "
                    "could not write some characters, which are lost",
                    None,
                    domain="datacheck",
                    name=quote(path.name),
                    n=format(n, ","),
                ),
                path.name,
                tr("export the data again as UTF-8", None, domain="datacheck"),
            )
        )
    if "\x00" in text[:4096]:
        raise DataError(
            tr(
                "{name} is not a text file (it holds binary data)",
                None,
                domain="datacheck",
                name=quote(path.name),
            ),
            code="binary_file",
            fix=tr("export the data as CSV text, Excel or Parquet", None, domain="datacheck"),
        )
    sep, header = csv_header(text.split("\n", 1)[0])
    _check_headers(header, path.name)
    plain = raw[3:] if used == "utf-8-sig" and raw.startswith(codecs.BOM_UTF8) else raw
    df = _read_csv_arrow(plain if used == "utf-8-sig" else text.encode("utf-8"), sep, header)
    try:
        if df is None:
            df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                             na_values=list(CSV_MISSING))  # fmt: skip
    except (pd.errors.ParserError, ValueError, csv.Error) as exc:
        raise DataError(
            tr(
                "{name} cannot be read as a table: {error}",
                None,
                domain="datacheck",
                name=quote(path.name),
                error=quote(str(exc).strip(), 160),
            ),
            code="csv_unreadable",
            fix=tr(
                "every line must have as many fields as the header, and quotes must be "
                "closed; export the data again",
                None,
                domain="datacheck",
            ),
        ) from None
    except pd.errors.EmptyDataError:
        raise DataError(
            tr(
                "file {name} is empty (no header, no rows)",
                None,
                domain="datacheck",
                name=quote(path.name),
            ),
            code="empty_file",
            fix=tr("export it again", None, domain="datacheck"),
        ) from None
    return df, problems


def csv_header(first_line: str) -> tuple[str, list[str]]:
    """The delimiter (the most frequent of , ; tab |) and the header names of a CSV
    file's first line; no names when the line cannot be split (pandas' reader decides).

    >>> csv_header('id;"name; full";amount')
    (';', ['id', 'name; full', 'amount'])
    """
    sep = max([",", ";", "\t", "|"], key=first_line.count)
    try:
        return sep, next(csv.reader([first_line.rstrip("\r")], delimiter=sep), [])
    except csv.Error:  # a lone carriage return inside the line
        return sep, []


#: the cells a CSV file leaves empty or marks as missing
CSV_MISSING = ("", "NA", "N/A", "NULL", "null", "NaN", "nan")
#: a line of spaces and tabs after the header, inside a text and at its end
_BLANKISH_LINE = re.compile(rb"\n[ \t]+[\r\n]")
_BLANKISH_END = re.compile(rb"\n[ \t]+")
_END_MARK = "\x1fend of the file\x1f"


class CsvShape:
    """Whether pyarrow's CSV reader may read a text in place of pandas': fed the bytes
    block by block, :meth:`plain` is False when the text has a lone carriage return
    (pandas decides whether it ends a line) or a line of spaces and tabs after the header
    (pandas skips it; pyarrow would read a row).

    >>> shape = CsvShape()
    >>> shape.feed(b"id,x\\n1,2\\n  "); shape.feed(b"\\n3,4\\n"); shape.plain()
    False
    """

    def __init__(self) -> None:
        self.carriage_returns = self.line_ends = 0
        self.last = b""
        self.carry = b""  # the end of the text fed so far, when it is "\n" and blanks
        self.blankish = False

    def feed(self, block: bytes) -> None:
        if b"\r" in block or self.last == b"\r":
            self.carriage_returns += block.count(b"\r")
            self.line_ends += (self.last + block).count(b"\r\n")
        self.last = block[-1:] or self.last
        if self.blankish:
            return
        text = self.carry + block
        self.blankish = _BLANKISH_LINE.search(text) is not None
        at = text.rfind(b"\n")
        tail = text[at:] if at >= 0 else self.carry and text
        self.carry = tail if not tail.strip(b" \t\n") and tail[:1] == b"\n" else b""

    def plain(self) -> bool:
        if self.carriage_returns != self.line_ends:
            return False
        return not (self.blankish or _BLANKISH_END.fullmatch(self.carry))


def arrow_csv_options(sep: str, header: list[str], columns: list[str] | None = None) -> dict:
    """pyarrow's CSV parse and convert options that give pandas' table: every cell as
    text, :data:`CSV_MISSING` cells missing, line breaks inside quoted values kept."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    convert = {"include_columns": columns} if columns is not None else {}
    return {
        "parse_options": pcsv.ParseOptions(delimiter=sep, newlines_in_values=True),
        "convert_options": pcsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()),
            null_values=list(CSV_MISSING),
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
            **convert,
        ),
    }


def arrow_header_usable(header: list[str]) -> bool:
    """pyarrow names columns as the header does only when none is blank or repeated."""
    return bool(header) and all(header) and len(set(header)) == len(header)


def end_line(sep: str, n_columns: int) -> bytes:
    """A last line of its own, added after the text: a quote left open at the end of the
    text swallows it (pandas refuses such a file; pyarrow would read the rest of the file
    as one value), so the table read must end with exactly this row."""
    return b"\n" + sep.join([_END_MARK] * n_columns).encode("ascii") + b"\n"


def ends_with_end_line(table) -> bool:
    """True when the last row of a pyarrow table is :func:`end_line`'s row."""
    if table.num_rows == 0:
        return False
    last = table.slice(table.num_rows - 1).to_pylist()[0]
    return all(value == _END_MARK for value in last.values())


def arrow_text_frame(table) -> pd.DataFrame:
    """A pyarrow table of text columns as pandas' text columns (missing cells NaN)."""
    import pyarrow as pa

    text = pd.StringDtype("pyarrow", na_value=np.nan)
    return table.to_pandas(types_mapper={pa.string(): text}.get)


def _read_csv_arrow(data: bytes, sep: str, header: list[str]) -> pd.DataFrame | None:
    """The table of a well-formed CSV text read by pyarrow's reader (several times faster
    than pandas' on millions of lines), or None when pandas' reader must decide: a line
    with a different number of fields, a blank header, a field larger than a block. The
    frame is the one :func:`pandas.read_csv` makes of the same text (every cell text,
    :data:`CSV_MISSING` cells missing); a property test holds the two readers together.
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv

    if not arrow_header_usable(header):
        return None
    shape = CsvShape()
    shape.feed(data)
    if not shape.plain():
        return None
    try:
        table = pcsv.read_csv(
            io.BytesIO(b"".join([data, end_line(sep, len(header))])),
            **arrow_csv_options(sep, header),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    if table.column_names != header or table.num_rows < 2 or not ends_with_end_line(table):
        return None
    return arrow_text_frame(table.slice(0, table.num_rows - 1))


def _suspect_decoding(text: str, name: str) -> list[Problem]:
    """Text that decoded as GB18030 but reads like Latin text decoded wrongly ("Cr鑝e").

    Real Chinese text is mostly made of the everyday characters of GB2312 and sits next
    to other Chinese characters; Western text read as GB18030 turns each accented letter
    and the letter after it into a rare character wedged between Latin letters.
    """
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    wide = codes > 0x2E7F
    if wide.sum() < 3:
        return []
    uniques = np.unique(codes[wide])
    everyday = np.array([_in_gb2312(int(c)) for c in uniques])
    rare = np.isin(codes, uniques[~everyday])
    letter = ((codes >= 65) & (codes <= 90)) | ((codes >= 97) & (codes <= 122))
    beside_letter = np.r_[False, letter[:-1]] | np.r_[letter[1:], False]
    rare_share = rare.sum() / wide.sum()
    wedged_share = (rare & beside_letter).sum() / wide.sum()
    if rare.sum() < 3 or rare_share < 0.5 or wedged_share < 0.3:
        return []
    first = int(np.flatnonzero(rare & beside_letter)[0])
    start = text.rfind("\n", 0, first) + 1
    end = text.find("\n", first)
    line = text[start : end if end >= 0 else len(text)]
    fields = [f for f in line.replace(";", ",").replace("\t", ",").split(",") if f]
    example = next((f for f in fields if any(ord(ch) > 0x2E7F for ch in f)), line)
    return [
        Problem(
            "warning",
            "suspect_encoding",
            tr(
                "{name} was read as GBK/GB18030, but its text looks like Western text decoded "
                "wrongly (e.g. {example})",
                None,
                domain="datacheck",
                name=quote(name),
                example=quote(example.strip()),
            ),
            name,
            tr(
                "if the text reads wrong, set the data option encoding to the encoding the "
                "exporting program used (encoding: cp1252 for Windows Western European)",
                None,
                domain="datacheck",
            ),
        )
    ]


def _in_gb2312(code: int) -> bool:
    try:
        chr(code).encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


# ---- parsing tables ---------------------------------------------------------------------------


def standardise(
    df: pd.DataFrame,
    *,
    table: str = "orders",
    dayfirst: bool | None = None,
    options: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Parse canonical columns to their types: ids by the one id rule, dates, numbers, booleans.

    Used for the non-order tables; order lines go through
    :func:`helpers.cleaning.clean_orders`, which also reports what it changed.
    ``options`` are data options (decimal, dayfirst, id_case, id_leading_zeros).

    >>> t = standardise(pd.DataFrame({"customer_id": [" c1"], "satisfaction": ["9"],
    ...     "loyalty": ["7"], "survey_date": ["2025/11/3"]}), table="survey")
    >>> t.loc[0, "customer_id"], t.loc[0, "survey_date"]
    ('C1', Timestamp('2025-11-03 00:00:00'))
    """
    opts = check_data_options(options)
    if dayfirst is None:
        dayfirst = opts["dayfirst"]
    if table in TABLES:
        require_columns(df, TABLES[table]["required"], table=table)
    out = df.copy()
    for col in out.columns:
        name = f"{table}.{col}"
        if col in ID_COLUMNS:
            out[col] = normalise_ids(
                out[col], case=opts["id_case"], leading_zeros=opts["id_leading_zeros"]
            )
        elif col in DATE_COLUMNS:
            out[col] = parse_dates(out[col], column=name, dayfirst=dayfirst)
        elif col in AMOUNT_COLUMNS:
            num = parse_amount(out[col], column=name, decimal=opts["decimal"])
            whole = num.dropna()
            if col in _INTEGER_COLUMNS and (whole == whole.round()).all():
                num = num.astype("Int64") if num.isna().any() else num.astype("int64")
            out[col] = num
        elif col in BOOL_COLUMNS:
            out[col] = parse_bool(out[col], column=name)
    return out


def read_table(
    path: str | Path,
    *,
    table: str = "orders",
    column_mapping: Mapping[str, str] | str | Path | None = None,
    sheet: str | int | list[str] | None = None,
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
    sheet: str | int | list[str] | None = None,
    encoding: str | None = None,
    **clean_options,
):
    """Read an order-line file, map its headers and clean it: returns (clean, report).

    ``clean_options`` go to :func:`helpers.cleaning.clean_orders` (for example
    ``cancellation_prefix="C"`` when the export says that order ids starting with "C"
    are cancellations).

    >>> from helpers.paths import DATASETS_DIR
    >>> clean, report = load_orders(DATASETS_DIR / "raw_export" / "orders_2025-12.xlsx",
    ...                             sheet="orders", cancellation_prefix="C")
    >>> report.rows_in > report.rows_out == len(clean)
    True
    """
    from helpers.cleaning import clean_orders

    raw = read_table(path, column_mapping=column_mapping, sheet=sheet, encoding=encoding)
    return clean_orders(raw, **clean_options)
