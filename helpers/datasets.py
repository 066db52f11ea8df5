"""One entry point for every lesson's data: :func:`load_tables` (课程数据).

``data_source`` (the notebooks' parameter of the same name) may be

- ``"course"``: the bundled company in ``datasets/course/`` (see ``datasets/README.md``);
- ``"course:seed=7"`` (or ``"course:seed7"``), ``"course:shape=flat"``,
  ``"course:seed=5,customers=23"``: the same simulation with other settings, generated
  in memory;
- ``"course:raw"``: the bundled raw export (``datasets/raw_export/``: the GBK CSV and
  the Excel sheet, with their overlap and faults) as the order lines, with the
  company's other tables except complaints;
- ``"online_retail"`` (UCI id 352) or ``"online_retail_ii"`` (UCI id 502): real order
  lines from the local cache (downloaded once; see :mod:`helpers.online_retail`);
- a path: a file of order lines (CSV/Excel/Parquet), a workbook whose sheets are named
  after the tables, or a folder holding one file per table named after it
  (``orders.csv``, ``customers.xlsx``, ``订单.csv`` ...).

Order lines always pass through :func:`helpers.cleaning.clean_orders` with the rules the
data options choose; its report is kept in :attr:`CourseTables.cleaning`. Every table's
ids follow the one id rule. Warnings found while loading (a cleaning rule that removed
many lines, ids that do not join, a rescaled survey, text that looks wrongly decoded)
are kept in :attr:`CourseTables.problems`; errors raise :class:`DataError` listing every
error found (:func:`helpers.datacheck.check_data` shows them as a list).

>>> t = load_tables("course")
>>> t.name, len(t.customers), t.default_as_of, t.has_cost
('course', 2000, Timestamp('2026-01-01 00:00:00'), True)
>>> t.missing(), t.problems
([], [])
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import batches, generate
from helpers.assembly import assemble
from helpers.cleaning import clean_orders, cleaning_rules
from helpers.i18n import tr
from helpers.loading import (
    excel_sheets,
    map_columns,
    read_file_checked,
    read_mapping,
)
from helpers.online_retail import SOURCE_OPTIONS as RETAIL_OPTIONS
from helpers.online_retail import online_retail_tables
from helpers.params import check_data_options
from helpers.schema import (
    FILE_TYPES,
    OPTIONAL_TABLES,
    TABLE_FILE_NAMES,
    DataError,
    Problem,
    quote,
)
from helpers.sources import COURSE_DIR, NAMED_SOURCES, RAW_EXPORT_DIR, is_named_source
from helpers.tables import CourseTables

__all__ = [
    "COURSE_DIR",
    "NAMED_SOURCES",
    "RAW_EXPORT_DIR",
    "RAW_EXPORT_OPTIONS",
    "CourseTables",
    "is_named_source",
    "load_tables",
    "load_tables_checked",
]

#: what the raw export declares about itself (its workbook's notes: "'C' invoices are
#: cancellations"); a parameter file may say otherwise
RAW_EXPORT_OPTIONS: dict[str, Any] = {"cancellation_prefix": "C"}


def load_tables(
    data_source: str | Path = "course",
    column_mapping: Mapping[str, str] | str | Path | None = None,
    *,
    options: Mapping[str, object] | None = None,
) -> CourseTables:
    """Load a data source as :class:`CourseTables` (clean orders plus the tables it has).

    ``options`` are the data options of :data:`helpers.params.DATA_OPTIONS` (the sheet,
    the decimal mark, the date order, the encoding, the cleaning rules, the cancellation
    prefix, the survey scale, the id rule); a mapping file may declare them too.
    Raises :class:`DataError` when the data cannot be used; its ``problems`` list every
    error (and warning) found.

    >>> t = load_tables("course:seed=7")
    >>> t.name, len(t.customers)
    ('course:seed=7', 2000)
    >>> load_tables("course:seed7").orders.equals(t.orders)
    True
    >>> load_tables("nowhere/at/all.csv")
    Traceback (most recent call last):
    ...
    helpers.schema.DataError: data_source 'nowhere/at/all.csv' is not ...
    """
    tables, problems = load_tables_checked(data_source, column_mapping, options=options)
    errors = [p for p in problems if p.level == "error"]
    if errors or tables is None:
        first = errors[0]
        raise DataError(first.what, code=first.code, where=first.where, fix=first.fix,
                        problems=errors + [p for p in problems if p.level != "error"])  # fmt: skip
    return tables


def load_tables_checked(
    data_source: str | Path = "course",
    column_mapping: Mapping[str, str] | str | Path | None = None,
    *,
    options: Mapping[str, object] | None = None,
) -> tuple[CourseTables | None, list[Problem]]:
    """:func:`load_tables` that never raises on bad data: ``(tables or None, problems)``.

    The tables are None when an error stops loading; the problems then hold it.
    """
    try:
        return _load(data_source, column_mapping, options)
    except DataError as exc:
        return None, exc.problems


def _given_options(mapping_options: dict, options: Mapping[str, object] | None) -> dict:
    """The data options of the mapping file and of the parameters (the same key twice must
    agree)."""
    check_data_options(options)
    given = dict(options or {})
    clash = sorted(k for k in set(mapping_options) & set(given)
                   if mapping_options[k] != given[k])  # fmt: skip
    if clash:
        raise DataError(
            tr(
                "the data options {names} are given twice with different values, in the "
                "mapping file and in the parameters",
                None,
                domain="datacheck",
                names=clash,
            ),
            code="data_options",
            fix=tr("keep each data option in one place", None, domain="datacheck"),
        )
    merged = mapping_options | given
    check_data_options(merged)
    return merged


def _load(data_source, column_mapping, options) -> tuple[CourseTables, list[Problem]]:
    columns, mapping_options = read_mapping(column_mapping)
    given = _given_options(mapping_options, options)
    if given.get("prepared"):
        return _load_prepared(data_source, column_mapping, given, columns)
    return _load_source(data_source, column_mapping, columns, given)


def _load_source(
    data_source, column_mapping, columns: dict, given: dict
) -> tuple[CourseTables, list[Problem]]:
    source = str(data_source).strip()
    if source == "course":
        return _assemble("course", generate.read_company(COURSE_DIR), {}, given, [])
    if source == "course:raw":
        frames, problems = _raw_export_frames()
        return _assemble(source, frames, {}, RAW_EXPORT_OPTIONS | given, problems)
    variant = course_variant(source)
    if variant is not None:
        tables = generate.generate_company(seed=variant["seed"], n_customers=variant["customers"])
        if variant["shape"] is not None:
            tables = generate.shape_company(tables, variant["shape"], seed=variant["seed"])
        return _assemble(source, tables, {}, given, [])
    if source in NAMED_SOURCES:
        tables = online_retail_tables(
            352 if source == "online_retail" else 502, options=RETAIL_OPTIONS | given
        )
        return tables, list(tables.problems)
    path = Path(source).expanduser()
    if path.is_dir() or path.is_file():
        files = _folder_files(path) if path.is_dir() else {"orders": path}
        if batches.read_in_batches(files["orders"], given):
            others = {t: f for t, f in files.items() if t != "orders"}
            frames, problems = _read_tables(others, given)
            return batches.load_in_batches(
                data_source, column_mapping, files["orders"], frames, columns, given, problems,
                name=path.name,
            )  # fmt: skip
        if path.is_dir():
            frames, problems = _read_tables(files, given)
        else:
            frames, problems = _file_frames(path, given)
        return _assemble(path.name, frames, columns, given, problems)
    raise DataError(
        tr(
            "data_source {source} is not 'course', 'course:seed=N', 'course:raw', "
            "'online_retail', 'online_retail_ii', an existing file or an existing folder",
            None,
            domain="datacheck",
            source=quote(source, 200),
        ),
        code="data_source",
        fix=tr("check the spelling or the path", None, domain="datacheck"),
    )


def _load_prepared(data_source, column_mapping, given: dict, columns: dict) -> tuple:
    """The tables a re-run prepared (the data option ``prepared``, see
    :mod:`helpers.prepared`), or, when they were made from other data, the data loaded
    again with a warning that says why."""
    from helpers import prepared

    folder = given["prepared"]
    try:
        return prepared.read_prepared(folder, data_source, column_mapping, given)
    except prepared.PreparedMismatch as exc:
        why = str(exc)
    tables, problems = _load_source(data_source, column_mapping, columns, given)
    warning = prepared.unusable_warning(folder, why)
    tables.problems.append(warning)
    return tables, [*problems, warning]


def course_variant(source: str) -> dict | None:
    """The settings of a generated variant of the course company, or None for other sources.

    ``course:seed=7`` (also ``course:seed7``), ``course:shape=flat``,
    ``course:seed=3,shape=no_cost,customers=300``; see :data:`helpers.generate.SHAPES`.

    >>> course_variant("course:seed=3,shape=flat")
    {'seed': 3, 'shape': 'flat', 'customers': 2000}
    >>> course_variant("sales.csv") is None
    True
    >>> course_variant("course:colour=red")
    Traceback (most recent call last):
    ...
    helpers.schema.DataError: data_source 'course:colour=red': ...
    """
    if not source.startswith("course:"):
        return None
    found = {"seed": generate.DEFAULT_SEED, "shape": None, "customers": generate.DEFAULT_CUSTOMERS}
    for part in source[len("course:") :].split(","):
        match = re.fullmatch(r"\s*(seed|shape|customers)\s*=?\s*([\w-]+)\s*", part)
        key, value = match.groups() if match else (None, None)
        if key == "shape" and value in generate.SHAPES:
            found["shape"] = value
        elif (
            key in ("seed", "customers")
            and value.isdigit()
            and int(value) > 0
            or (key == "seed" and value == "0")
        ):
            found[key] = int(value)
        else:
            raise DataError(
                tr(
                    "data_source {source}: {part} is not understood",
                    None,
                    domain="datacheck",
                    source=quote(source),
                    part=quote(part.strip()),
                ),
                code="data_source",
                fix=tr(
                    "write course:seed=N, course:shape=NAME or course:customers=N, joined by "
                    "commas (or course:raw); the shapes are {shapes}",
                    None,
                    domain="datacheck",
                    shapes=sorted(generate.SHAPES),
                ),
            )
    return found


# ---- reading the frames of a source -----------------------------------------------------------


def _raw_export_frames() -> tuple[dict[str, pd.DataFrame | None], list[Problem]]:
    """The raw export's order lines (both files, as exported) and the company's other tables."""
    csv, p1 = read_file_checked(RAW_EXPORT_DIR / generate.RAW_CSV)
    xlsx, p2 = read_file_checked(RAW_EXPORT_DIR / generate.RAW_XLSX, sheet=generate.RAW_SHEET)
    orders = pd.concat([map_columns(csv), map_columns(xlsx)], ignore_index=True)
    company = generate.read_company(COURSE_DIR)
    frames: dict[str, pd.DataFrame | None] = {t: company[t] for t in OPTIONAL_TABLES}
    frames["complaints"] = None
    frames["orders"] = orders
    return frames, p1 + p2


def _table_of(stem: str) -> str | None:
    s = stem.lower().strip()
    return next((t for t, names in TABLE_FILE_NAMES.items() if s in names), None)


def _file_frames(path: Path, given: dict) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    opts = check_data_options(given)
    name = path.name.lower()
    if name.endswith((".xlsx", ".xlsm", ".xls")) and opts["sheet"] is None:
        sheets = excel_sheets(path)
        named = {}
        for s in sheets:
            table = _table_of(s)
            if table is not None and table not in named:
                named[table] = s
        if "orders" in named:
            frames, problems = {}, []
            for table, s in named.items():
                frames[table], found = read_file_checked(path, sheet=s)
                problems += found
            return frames, problems
        # several sheets and none named after the tables: read_file_checked says which exist
    df, problems = read_file_checked(path, sheet=opts["sheet"], encoding=opts["encoding"])
    return {"orders": df}, problems


def _table_file(path: Path, table: str, opts: dict) -> tuple[pd.DataFrame, list[Problem]]:
    name = path.name.lower()
    if not name.endswith((".xlsx", ".xlsm", ".xls")):
        return read_file_checked(path, encoding=opts["encoding"])
    if table == "orders" and opts["sheet"] is not None:
        return read_file_checked(path, sheet=opts["sheet"])
    sheets = excel_sheets(path)
    own = [s for s in sheets if _table_of(s) == table]
    if own:
        return read_file_checked(path, sheet=own[0])
    return read_file_checked(path, sheet=sheets[0] if len(sheets) == 1 else None)


def _folder_files(folder: Path) -> dict[str, Path]:
    """The file of each table in ``folder`` (named after the tables); errors name the fix."""
    try:
        files = sorted(p for p in folder.iterdir() if p.is_file())
    except OSError as exc:
        raise DataError(
            tr(
                "folder {folder} cannot be read ({error})",
                None,
                domain="datacheck",
                folder=quote(str(folder), 200),
                error=exc.strerror,
            ),
            code="data_source",
            fix=tr("check the folder's permissions", None, domain="datacheck"),
        ) from None
    by_table: dict[str, list[Path]] = {}
    for p in files:
        stem = p.name.lower()
        for ext in sorted(FILE_TYPES, key=len, reverse=True):
            if stem.endswith(ext):
                table = _table_of(stem[: -len(ext)])
                if table is not None:
                    by_table.setdefault(table, []).append(p)
                break
    twice = {t: ps for t, ps in by_table.items() if len(ps) > 1}
    if twice:
        table, paths = next(iter(twice.items()))
        raise DataError(
            tr(
                "folder {folder} has {n} files for the {table} table: {names}",
                None,
                domain="datacheck",
                folder=quote(folder.name),
                n=len(paths),
                table=table,
                names=[p.name for p in paths],
            ),
            code="table_files_twice",
            fix=tr(
                "keep one file per table (move the others out of the folder)",
                None,
                domain="datacheck",
            ),
        )
    if "orders" not in by_table:
        raise DataError(
            tr(
                "folder {folder} has no orders file; its files are {names}",
                None,
                domain="datacheck",
                folder=quote(str(folder), 200),
                names=[p.name for p in files][:30],
            ),
            code="no_orders_file",
            fix=tr(
                "name the order-line file orders.csv (or .xlsx, .parquet; 订单.csv also "
                "works), or pass the file itself as data_source",
                None,
                domain="datacheck",
            ),
        )
    return {table: by_table[table][0] for table in TABLE_FILE_NAMES if table in by_table}


def _read_tables(files: Mapping[str, Path], given: dict) -> tuple[dict, list[Problem]]:
    opts = check_data_options(given)
    frames, problems = {}, []
    for table, path in files.items():
        frames[table], found = _table_file(path, table, opts)
        problems += found
    return frames, problems


# ---- one path for every source ---------------------------------------------------------------


def _map_frames(frames: dict[str, pd.DataFrame], columns: dict[str, str]) -> dict:
    used: set[str] = set()
    mapped = {}
    for table, df in frames.items():
        if df is None:
            continue
        cols = {str(c) for c in df.columns}
        mine = {k: v for k, v in columns.items() if k in cols}
        used |= set(mine)
        mapped[table] = map_columns(df, mine, table=table)
    unused = [k for k in columns if k not in used]
    if unused:
        listing = "; ".join(
            f"{t}: {[quote(c)[1:-1] for c in f.columns][:20]}"
            for t, f in frames.items()
            if f is not None
        )
        raise DataError(
            tr(
                "the column mapping names {unused}, which no table has; the tables' columns "
                "are {listing}",
                None,
                domain="datacheck",
                unused=unused,
                listing=listing,
            ),
            code="mapping_names_absent_column",
            fix=tr("correct the mapping's left-hand side", None, domain="datacheck"),
        )
    return mapped


def _assemble(
    name: str,
    frames: Mapping[str, pd.DataFrame | None],
    columns: dict[str, str],
    given: dict,
    problems: list[Problem],
) -> tuple[CourseTables, list[Problem]]:
    """Map, clean, standardise and check every table of a source; collect the problems."""
    mapped = _map_frames(dict(frames), columns)
    orders, report = clean_orders(mapped["orders"], **cleaning_rules(given))
    return assemble(name, orders, report, mapped, given, problems)
