"""One entry point for every lesson's data: :func:`load_tables` (课程数据).

``data_source`` (the notebooks' parameter of the same name) may be

- ``"course"``: the bundled company in ``datasets/course/`` (see ``datasets/README.md``);
- ``"course:seed=7"`` (or ``"course:seed7"``): the same simulation with another seed,
  generated in memory;
- ``"online_retail"`` (UCI id 352) or ``"online_retail_ii"`` (UCI id 502): real order
  lines from the local cache (downloaded once; see :mod:`helpers.online_retail`);
- a path: a file of order lines (CSV/Excel/Parquet), or a folder holding one file per
  table named after it (``orders.csv``, ``customers.xlsx``, ``订单.csv`` ...).

Order lines always pass through :func:`helpers.cleaning.clean_orders`; its report is
kept in :attr:`CourseTables.cleaning`.

>>> t = load_tables("course")
>>> t.name, len(t.customers), t.default_as_of, t.has_cost
('course', 2000, Timestamp('2026-01-01 00:00:00'), True)
>>> t.missing()
[]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from helpers import generate
from helpers.cleaning import clean_orders
from helpers.loading import load_mapping, map_columns, read_file, standardise
from helpers.online_retail import online_retail_tables
from helpers.params import check_data_options
from helpers.paths import DATASETS_DIR
from helpers.schema import FILE_TYPES, OPTIONAL_TABLES, TABLE_FILE_NAMES, DataError
from helpers.tables import CourseTables

__all__ = [
    "COURSE_DIR",
    "NAMED_SOURCES",
    "is_named_source",
    "RAW_EXPORT_DIR",
    "CourseTables",
    "load_tables",
]

#: data sources known by name (besides "course" and "course:seed=N")
NAMED_SOURCES = ("online_retail", "online_retail_ii")

COURSE_DIR = DATASETS_DIR / "course"
RAW_EXPORT_DIR = DATASETS_DIR / "raw_export"


def load_tables(
    data_source: str | Path = "course",
    column_mapping: Mapping[str, str] | str | Path | None = None,
    *,
    options: Mapping[str, object] | None = None,
) -> CourseTables:
    """Load a data source as :class:`CourseTables` (clean orders plus the tables it has).

    ``options`` are the data options of :data:`helpers.params.DATA_OPTIONS` (the sheet,
    the decimal mark, the date order, the cleaning rules, the survey scale).

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
    options = check_data_options(options)
    source = str(data_source).strip()
    if source == "course":
        return _from_frames("course", generate.read_company(COURSE_DIR))
    variant = course_variant(source)
    if variant is not None:
        tables = generate.generate_company(seed=variant["seed"], n_customers=variant["customers"])
        if variant["shape"] is not None:
            tables = generate.shape_company(tables, variant["shape"], seed=variant["seed"])
        return _from_frames(source, tables)
    if source in NAMED_SOURCES:
        return online_retail_tables(352 if source == "online_retail" else 502)
    path = Path(source).expanduser()
    if path.is_dir():
        return _from_folder(path, column_mapping)
    if path.is_file():
        return _from_file(path, column_mapping)
    raise DataError(
        f"data_source {source!r} is not 'course', 'course:seed=N', 'online_retail', "
        "'online_retail_ii', an existing file or an existing folder. Check the spelling "
        "or the path."
    )


def is_named_source(source: str) -> bool:
    """True for a data source given by name (not a path): "course", "course:...", UCI sets.

    >>> is_named_source("course:seed=7"), is_named_source("online_retail_ii")
    (True, True)
    >>> is_named_source("exports/orders.csv")
    False
    """
    source = str(source).strip()
    return source == "course" or source.startswith("course:") or source in NAMED_SOURCES


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
                f"data_source {source!r}: {part.strip()!r} is not understood. Write "
                "course:seed=N, course:shape=NAME or course:customers=N, joined by commas; "
                f"the shapes are {sorted(generate.SHAPES)}."
            )
    return found


def _from_frames(name: str, tables: dict[str, pd.DataFrame | None]) -> CourseTables:
    orders, report = clean_orders(tables["orders"])
    others = {k: tables.get(k) for k in OPTIONAL_TABLES}
    return CourseTables(name=name, orders=orders, cleaning=report, **others)


def _from_file(path: Path, column_mapping) -> CourseTables:
    mapping = load_mapping(column_mapping)
    name = path.name.lower()
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        sheets = pd.ExcelFile(path).sheet_names
        found = {table: s for s in sheets for table in TABLE_FILE_NAMES if _is_table(s, table)}
        if "orders" in found and len(found) > 1:
            frames = {t: read_file(path, sheet=s) for t, s in found.items()}
            return _build(path.name, frames, mapping)
    frames = {"orders": read_file(path)}
    return _build(path.name, frames, mapping)


def _is_table(stem: str, table: str) -> bool:
    s = stem.lower().strip()
    return s in TABLE_FILE_NAMES[table]


def _from_folder(folder: Path, column_mapping) -> CourseTables:
    mapping = load_mapping(column_mapping)
    files = sorted(p for p in folder.iterdir() if p.is_file())
    frames: dict[str, pd.DataFrame] = {}
    for table in TABLE_FILE_NAMES:
        for p in files:
            stem = p.name.lower()
            for ext in sorted(FILE_TYPES, key=len, reverse=True):
                if stem.endswith(ext):
                    stem = stem[: -len(ext)]
                    break
            else:
                continue
            if _is_table(stem, table) and table not in frames:
                frames[table] = read_file(p)
    if "orders" not in frames:
        raise DataError(
            f"folder {str(folder)!r} has no orders file; its files are "
            f"{[p.name for p in files]}. Name the order-line file orders.csv (or .xlsx, "
            ".parquet; 订单.csv also works), or pass the file itself as data_source."
        )
    return _build(folder.name, frames, mapping)


def _build(name: str, frames: dict[str, pd.DataFrame], mapping: dict[str, str]) -> CourseTables:
    used: set[str] = set()
    mapped = {}
    for table, df in frames.items():
        cols = {str(c) for c in df.columns}
        mine = {k: v for k, v in mapping.items() if k in cols}
        used |= set(mine)
        mapped[table] = map_columns(df, mine, table=table)
    unused = [k for k in mapping if k not in used]
    if unused:
        raise DataError(
            f"the column mapping names {unused}, which no table has; the tables' columns "
            f"are {{{', '.join(f'{t}: {list(map(str, f.columns))}' for t, f in frames.items())}}}. "
            "Correct the mapping's left-hand side."
        )
    orders, report = clean_orders(mapped.pop("orders"))
    others = {t: standardise(df, table=t) for t, df in mapped.items()}
    return CourseTables(name=name, orders=orders, cleaning=report, **others)
