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

import argparse
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers import generate
from helpers.cleaning import CleaningReport, clean_orders
from helpers.loading import FILE_TYPES, load_mapping, map_columns, read_file, standardise
from helpers.paths import DATASETS_DIR
from helpers.schema import DataError, has_cost

COURSE_DIR = DATASETS_DIR / "course"
RAW_EXPORT_DIR = DATASETS_DIR / "raw_export"
OPTIONAL_TABLES = ("customers", "products", "complaints", "survey", "campaigns", "leads")
#: file-name stems (English and Chinese) recognised for each table in a folder
TABLE_FILE_NAMES = {
    "orders": (
        "orders",
        "order_lines",
        "transactions",
        "sales",
        "订单",
        "订单明细",
        "交易",
        "销售",
    ),
    "customers": ("customers", "clients", "客户", "客户资料"),
    "products": ("products", "items", "产品", "商品"),
    "complaints": ("complaints", "投诉"),
    "survey": ("survey", "surveys", "满意度调查", "调查", "问卷"),
    "campaigns": ("campaigns", "campaign_responses", "营销活动", "活动"),
    "leads": ("leads", "prospects", "潜在客户", "线索"),
}


@dataclass
class CourseTables:
    """The tables of one data source; absent optional tables are None.

    >>> t = CourseTables("tiny", pd.DataFrame({"customer_id": ["C1"], "order_id": ["O1"],
    ...     "order_date": pd.to_datetime(["2025-03-01"]), "product_id": ["P1"],
    ...     "quantity": [1], "revenue": [9.5]}))
    >>> t.default_as_of, t.has_cost, t.missing()[:2]
    (Timestamp('2025-03-02 00:00:00'), False, ['customers', 'products'])
    >>> t
    CourseTables('tiny': orders=1; default_as_of=2025-03-02)
    """

    name: str
    orders: pd.DataFrame
    customers: pd.DataFrame | None = None
    products: pd.DataFrame | None = None
    complaints: pd.DataFrame | None = None
    survey: pd.DataFrame | None = None
    campaigns: pd.DataFrame | None = None
    leads: pd.DataFrame | None = None
    cleaning: CleaningReport | None = field(default=None, repr=False)
    default_as_of: pd.Timestamp | None = None

    def __post_init__(self) -> None:
        if self.cleaning is None:
            self.cleaning = CleaningReport.unchanged(len(self.orders))
        if self.default_as_of is None:
            last = pd.Timestamp(self.orders["order_date"].max())
            self.default_as_of = last.normalize() + pd.Timedelta(days=1)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}={len(df):,}" for n, df in self.tables().items())
        as_of = self.default_as_of.date() if self.default_as_of is not None else None
        return f"CourseTables({self.name!r}: {sizes}; default_as_of={as_of})"

    def missing(self) -> list[str]:
        """Names of the optional tables this source does not have."""
        return [name for name in OPTIONAL_TABLES if getattr(self, name) is None]

    @property
    def has_cost(self) -> bool:
        """True when order lines carry cost (profit analyses need it)."""
        return has_cost(self.orders)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables that are present, by name."""
        names = ["orders", *OPTIONAL_TABLES]
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}


def load_tables(
    data_source: str | Path = "course",
    column_mapping: Mapping[str, str] | str | Path | None = None,
) -> CourseTables:
    """Load a data source as :class:`CourseTables` (clean orders plus the tables it has).

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
    source = str(data_source).strip()
    if source == "course":
        return _from_frames("course", generate.read_company(COURSE_DIR))
    match = re.fullmatch(r"course:seed=?(\d+)", source)
    if match:
        return _from_frames(source, generate.generate_company(seed=int(match.group(1))))
    if source in ("online_retail", "online_retail_ii"):
        from helpers.online_retail import online_retail_tables

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


def _from_frames(name: str, tables: dict[str, pd.DataFrame]) -> CourseTables:
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


# ---- command line -------------------------------------------------------------------------


def regenerate(
    course_dir: str | Path = COURSE_DIR,
    raw_dir: str | Path = RAW_EXPORT_DIR,
    seed: int = generate.DEFAULT_SEED,
) -> list[str]:
    """Regenerate the course company and its raw export; return the files that changed.

    This is how the committed files in ``datasets/`` are made (``data generate``).
    """
    tables = generate.generate_company(seed=seed)
    course_dir, raw_dir = Path(course_dir), Path(raw_dir)
    changed = [
        str(course_dir / n)
        for n in generate.write_files(generate.company_files(tables), course_dir)
    ]
    raw = generate.raw_export_files(generate.make_raw_export(tables, seed=seed))
    changed += [str(raw_dir / n) for n in generate.write_files(raw, raw_dir)]
    return changed


def _cmd_generate(args: argparse.Namespace) -> int:
    changed = regenerate(seed=args.seed)
    if not changed:
        print("datasets/ is up to date: every generated file is unchanged")
    for path in changed:
        print(f"rewrote {path}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    tables = generate.generate_company()
    expected = {COURSE_DIR / n: b for n, b in generate.company_files(tables).items()}
    raw = generate.raw_export_files(generate.make_raw_export(tables))
    expected |= {RAW_EXPORT_DIR / n: b for n, b in raw.items()}
    stale = [
        p
        for p, b in expected.items()
        if not p.exists() or not generate.same_content(p.name, p.read_bytes(), b)
    ]
    for p in stale:
        print(f"differs from the generator: {p}")
    print(f"{len(expected) - len(stale)}/{len(expected)} generated data files up to date")
    return 1 if stale else 0


def _cmd_seed_cache(args: argparse.Namespace) -> int:
    from helpers.online_retail import seed_cache

    target = seed_cache(args.path, dataset=args.dataset)
    print(f"cached {args.path} as {target}")
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``data generate``, ``data check`` and ``data seed-cache PATH`` to the course CLI."""
    p = subparsers.add_parser("data", help="course data: regenerate, check, seed the cache")
    sub = p.add_subparsers(dest="data_command", required=True)
    g = sub.add_parser("generate", help="rewrite datasets/course and datasets/raw_export")
    g.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="simulation seed")
    g.set_defaults(func=_cmd_generate)
    c = sub.add_parser("check", help="check datasets/ matches the generator (exit 1 if not)")
    c.set_defaults(func=_cmd_check)
    s = sub.add_parser("seed-cache", help="copy a local UCI Online Retail file into the cache")
    s.add_argument(
        "path", help="online_retail.csv.gz / .csv / .xlsx (id 352) or online_retail_II.xlsx"
    )
    s.add_argument("--dataset", type=int, choices=(352, 502), default=None,
                   help="UCI data set id (default: from the file name)")  # fmt: skip
    s.set_defaults(func=_cmd_seed_cache)
