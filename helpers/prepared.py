"""Cleaned tables stored once and read by every notebook of a run (一次清洗，多次读取).

A re-run (``python -m helpers rerun``) loads, cleans and checks the data once, and
stores what :func:`helpers.datasets.load_tables` returned in a folder of Parquet files,
``<out>/prepared/<key>/``; every notebook of the run then reads that folder instead of
loading and cleaning the data again (the data option ``prepared``). The key is a hash
of the input files' contents, the column mapping, the data options that decide the
cleaning and the code that reads and cleans, so a folder is only ever read for the data
it was made from. Reading checks cheaply that nothing changed since (file paths, sizes
and modification times, the mapping, the options, the code): when anything did, the
notebook loads the data itself and says why.

The folder holds:

- ``orders/part-NNNNN.parquet``: the clean order lines (one part, or one per batch of a
  file cleaned in batches, see :mod:`helpers.batches`);
- ``<table>.parquet`` for every other table the source has;
- ``cleaning-summary.parquet``, ``cleaning-dropped.parquet``, ``cleaning-changed.parquet``:
  the cleaning report; ``joins.parquet``: how the tables join;
- ``sample.parquet`` when the order lines are analysed customer by customer: every line
  of a stated random sample of customers (see :mod:`helpers.lesson`);
- ``manifest.json``, written last: what was read, with which mapping and options, the
  warnings found, the figures of the order lines.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp()) / "prepared"
>>> from helpers.datasets import load_tables
>>> tables = load_tables("course:seed=3,customers=30")
>>> made = write_prepared(tables, folder, data_source="course:seed=3,customers=30")
>>> again, problems = read_prepared(made, "course:seed=3,customers=30")
>>> again.orders.equals(tables.orders), problems
(True, [])
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.cleaning import CleaningReport
from helpers.i18n import tr
from helpers.loading import read_mapping
from helpers.params import check_data_options
from helpers.paths import cache_dir
from helpers.schema import OPTIONAL_TABLES, DataError, Problem, quote
from helpers.tables import CourseTables, LineStore

__all__ = [
    "MANIFEST",
    "PreparedMismatch",
    "cleaning_options",
    "code_version",
    "input_files",
    "prepared_key",
    "read_manifest",
    "read_prepared",
    "source_text",
    "unusable_warning",
    "why_not_usable",
    "write_prepared",
]

#: the layout of a prepared folder; a folder of another layout is never read
FORMAT = 1
MANIFEST = "manifest.json"
MADE_BY = "customer-course prepared tables"
#: the modules whose code decides what the cleaned tables hold
_CODE = ("schema", "params", "parsing", "loading", "cleaning", "validation", "datasets",
         "generate", "online_retail", "tables", "prepared", "batches")  # fmt: skip
#: data options that say how to analyse the tables, not how to read or clean them
_NOT_CLEANING = ("prepared", "memory_budget", "order_lines")


_HOME: ContextVar[Path | None] = ContextVar("prepared_home", default=None)


def home() -> Path:
    """Where order lines too large for memory are prepared when no run says where: the
    course cache (``~/.cache/customer-course/prepared``), so the next load reuses them."""
    return _HOME.get() or cache_dir() / "prepared"


@contextmanager
def prepared_home(folder: str | Path) -> Iterator[Path]:
    """Prepare order lines too large for memory in ``folder`` (a re-run's own) meanwhile."""
    token = _HOME.set(Path(folder))
    try:
        yield Path(folder)
    finally:
        _HOME.reset(token)


class PreparedMismatch(Exception):
    """A prepared folder that cannot be used for this data; the message says why."""


@cache
def code_version() -> str:
    """A hash of the code that reads and cleans data (a change to it makes new folders).

    >>> len(code_version())
    16
    """
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for name in _CODE:
        path = package / f"{name}.py"
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def source_text(data_source: str | Path) -> str:
    """The data source as the manifest names it: a name, or the resolved path.

    >>> source_text("course:seed=7")
    'course:seed=7'
    """
    from helpers.sources import is_named_source

    text = str(data_source).strip()
    if is_named_source(text):
        return text
    return str(Path(text).expanduser().resolve())


def input_files(data_source: str | Path) -> list[Path]:
    """The files a data source reads (none for the generated variants of the company).

    >>> [p.parent.name for p in input_files("course")][:1]
    ['course']
    >>> input_files("course:seed=7")
    []
    """
    from helpers.online_retail import cached_file
    from helpers.sources import COURSE_DIR, NAMED_SOURCES, RAW_EXPORT_DIR

    text = str(data_source).strip()
    if text == "course":
        return _files_in(COURSE_DIR)
    if text == "course:raw":
        return _files_in(RAW_EXPORT_DIR) + _files_in(COURSE_DIR)
    if text.startswith("course:"):
        return []
    if text in NAMED_SOURCES:
        found = cached_file(352 if text == "online_retail" else 502)
        return [found] if found is not None else []
    path = Path(text).expanduser().resolve()
    return _files_in(path) if path.is_dir() else [path]


def _files_in(folder: Path) -> list[Path]:
    return sorted(p.resolve() for p in Path(folder).iterdir() if p.is_file())


def _stat(path: Path) -> dict[str, Any]:
    stat = path.stat()
    return {"path": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def cleaning_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """The checked data options that decide how the data is read and cleaned.

    >>> "memory_budget" in cleaning_options({"memory_budget": "2GB"})
    False
    """
    checked = check_data_options(options)
    return {k: v for k, v in checked.items() if k not in _NOT_CLEANING}


def _settings(data_source, column_mapping, options) -> dict[str, Any]:
    """What a prepared folder was made from, as the manifest records it (cheap to compute)."""
    columns, mapping_options = read_mapping(column_mapping)
    return {
        "format": FORMAT,
        "code": code_version(),
        "source": source_text(data_source),
        "files": [_stat(p) for p in input_files(data_source)],
        "mapping": {"columns": columns, "options": mapping_options},
        "options": cleaning_options({**mapping_options, **dict(options or {})}),
    }


def prepared_key(
    data_source: str | Path,
    column_mapping: Mapping[str, str] | str | Path | None = None,
    options: Mapping[str, Any] | None = None,
) -> str:
    """The key of the prepared tables for this data, mapping and cleaning options.

    A hash of the input files' contents (not their names or dates), the mapping, the
    options that decide the cleaning and the code that reads and cleans.

    >>> prepared_key("course:seed=7") == prepared_key("course:seed=7", options={"memory_budget": 2})
    True
    >>> prepared_key("course:seed=7") == prepared_key("course:seed=8")
    False
    """
    settings = _settings(data_source, column_mapping, options)
    settings["files"] = [_content_hash(Path(f["path"])) for f in settings["files"]]
    text = json.dumps(settings, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


# ---- writing ---------------------------------------------------------------------------------


def _write_frame(df: pd.DataFrame, path: Path) -> list[str]:
    """Write ``df`` as Parquet; return its columns of Python objects (read back as such).

    Object columns holding values of mixed kinds (Excel cells) are written as text."""
    objects = [str(c) for c in df.columns if df[c].dtype == object]
    try:
        df.to_parquet(path, compression="zstd")
    except (TypeError, ValueError):  # pyarrow's ArrowTypeError and ArrowInvalid
        df.astype(dict.fromkeys(objects, "str")).to_parquet(path, compression="zstd")
    return objects


def _read_frame(path: Path, objects: list[str]) -> pd.DataFrame:
    df = pd.read_parquet(path)
    return df.astype({c: object for c in objects if c in df.columns}) if objects else df


def write_prepared(
    tables: CourseTables,
    folder: str | Path,
    *,
    data_source: str | Path,
    column_mapping: Mapping[str, str] | str | Path | None = None,
    options: Mapping[str, Any] | None = None,
    key: str | None = None,
    facts: Mapping[str, Any] | None = None,
) -> Path:
    """Store ``tables`` (as :func:`helpers.datasets.load_tables` returned them) in
    ``folder/<key>`` and return that folder.

    The folder is written under a temporary name and renamed when complete, so a folder
    that exists is whole. An existing folder of the same key is kept (it holds the same
    tables).
    """
    key = key or prepared_key(data_source, column_mapping, options)
    target = Path(folder) / key
    if (target / MANIFEST).exists():
        return target
    Path(folder).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=folder, prefix=f".{key}-"))
    try:
        (work / "orders").mkdir()
        if tables.lines is None:
            part = work / "orders" / "part-00000.parquet"
            objects = {"orders": _write_frame(tables.orders, part)}
        else:  # order lines cleaned in batches, already written as parts
            for part in tables.lines.files:
                shutil.move(part, work / "orders" / part.name)
            objects = {"orders": _write_frame(tables.orders, work / "sample.parquet")}
        objects |= _write_tables(tables, work)
        manifest = _settings(data_source, column_mapping, options) | {
            "made_by": MADE_BY,
            "key": key,
            "name": tables.name,
            "tables": sorted(tables.tables()),
            "default_as_of": _iso(tables.default_as_of),
            "problems": [dataclasses.asdict(p) for p in tables.problems],
            "cleaning": {
                "rows_in": tables.cleaning.rows_in,
                "rows_out": tables.cleaning.rows_out,
                "absolute_revenue_in": tables.cleaning.absolute_revenue_in,
            },
            "lines": None if tables.lines is None else tables.lines.record(),
            "object_columns": objects,
            "facts": _json_ready(dict(facts or {})),
        }
        (work / MANIFEST).write_text(
            json.dumps(manifest, indent=1, sort_keys=True, default=str), encoding="utf-8"
        )
        try:
            work.rename(target)
        except OSError:  # made meanwhile by another process: theirs is the same
            if not (target / MANIFEST).exists():
                raise
            shutil.rmtree(work, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target


def _write_tables(tables: CourseTables, work: Path) -> dict[str, list[str]]:
    """Write every table but the order lines; return their columns of Python objects."""
    report = tables.cleaning
    frames = {name: getattr(tables, name) for name in OPTIONAL_TABLES}
    frames |= {"cleaning-summary": report.summary, "cleaning-dropped": report.dropped,
               "cleaning-changed": report.changed, "joins": tables.joins}  # fmt: skip
    return {
        name: _write_frame(df, work / f"{name}.parquet")
        for name, df in frames.items()
        if df is not None
    }


def _iso(stamp) -> str | None:
    return None if stamp is None or pd.isna(stamp) else pd.Timestamp(stamp).isoformat()


def _json_ready(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in values.items():
        if isinstance(v, pd.Timestamp):
            v = v.isoformat()
        elif isinstance(v, np.generic):
            v = v.item()
        out[k] = v
    return out


# ---- reading ---------------------------------------------------------------------------------


def read_manifest(folder: str | Path) -> dict[str, Any]:
    """The manifest of a prepared folder; :class:`PreparedMismatch` when there is none."""
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise PreparedMismatch(
            tr(
                "{folder} holds no prepared tables",
                "en",
                domain="datacheck",
                folder=quote(str(folder), 200),
            )  # fmt: skip
        ) from None
    if not isinstance(manifest, dict) or manifest.get("made_by") != MADE_BY:
        raise PreparedMismatch(
            tr(
                "{folder} holds no prepared tables",
                "en",
                domain="datacheck",
                folder=quote(str(folder), 200),
            )  # fmt: skip
        )
    return manifest


def why_not_usable(manifest: Mapping[str, Any], data_source, column_mapping, options) -> str | None:
    """Why a prepared folder does not hold this data, or None when it does."""
    try:
        now = _settings(data_source, column_mapping, options)
    except (OSError, DataError) as exc:
        return str(exc)
    if manifest.get("format") != now["format"] or manifest.get("code") != now["code"]:
        return tr("it was made by another version of the course", "en", domain="datacheck")
    if manifest.get("source") != now["source"]:
        return tr("it was made from {source}", "en", domain="datacheck",
                  source=quote(manifest.get("source"), 200))  # fmt: skip
    if manifest.get("files") != now["files"]:
        return tr("the data files changed since it was made", "en", domain="datacheck")
    if manifest.get("mapping") != now["mapping"]:
        return tr("it was made with another column mapping", "en", domain="datacheck")
    if manifest.get("options") != now["options"]:
        return tr("it was made with other data options", "en", domain="datacheck")
    return None


def read_prepared(
    folder: str | Path,
    data_source: str | Path,
    column_mapping: Mapping[str, str] | str | Path | None = None,
    options: Mapping[str, Any] | None = None,
) -> tuple[CourseTables, list[Problem]]:
    """The tables stored in ``folder`` and their warnings, after checking that the folder
    was made from this data, mapping and options; :class:`PreparedMismatch` otherwise.

    Order lines analysed customer by customer (see :mod:`helpers.batches`) are not read:
    the tables then hold the stated sample and :attr:`CourseTables.lines` points to the
    Parquet files.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    why = why_not_usable(manifest, data_source, column_mapping, options)
    if why is not None:
        raise PreparedMismatch(why)
    objects = manifest.get("object_columns") or {}

    def frame(name: str) -> pd.DataFrame | None:
        path = folder / f"{name}.parquet"
        return _read_frame(path, objects.get(name, [])) if path.exists() else None

    lines = None
    if manifest.get("lines"):
        lines = LineStore.from_record(manifest["lines"], folder / "orders")
        orders = _read_frame(folder / "sample.parquet", objects.get("orders", []))
    else:
        orders = _read_orders(folder / "orders", objects.get("orders", []))
    others = {name: frame(name) for name in OPTIONAL_TABLES}
    counts = manifest["cleaning"]
    report = CleaningReport(
        rows_in=counts["rows_in"],
        rows_out=counts["rows_out"],
        summary=frame("cleaning-summary"),
        dropped=frame("cleaning-dropped"),
        changed=frame("cleaning-changed"),
        absolute_revenue_in=counts["absolute_revenue_in"],
    )
    problems = [Problem(**p) for p in manifest["problems"]]
    default_as_of = manifest.get("default_as_of")
    tables = CourseTables(
        name=manifest["name"],
        orders=orders,
        cleaning=report,
        problems=problems,
        joins=frame("joins"),
        default_as_of=pd.Timestamp(default_as_of) if default_as_of else None,
        lines=lines,
        **others,
    )
    return tables, list(problems)


def _read_orders(folder: Path, objects: list[str]) -> pd.DataFrame:
    """The order lines of ``folder``'s parts, as one frame (text ids stay text)."""
    import pyarrow.parquet as pq

    parts = sorted(folder.glob("part-*.parquet"))
    table = pq.read_table(parts if len(parts) > 1 else parts[0], use_pandas_metadata=True)
    frame = table.to_pandas(split_blocks=True, self_destruct=True)
    del table
    return frame.astype({c: object for c in objects}) if objects else frame


def unusable_warning(folder: str | Path, why: str) -> Problem:
    """The warning a notebook shows when it loads the data itself instead of ``folder``."""
    return Problem(
        "warning",
        "prepared_not_used",
        tr(
            "the prepared tables in {folder} were not used ({why}); the data was loaded "
            "and cleaned again",
            "en",
            domain="datacheck",
            folder=quote(str(folder), 200),
            why=why,
        ),
        tr("the data option prepared", "en", domain="datacheck"),
        tr(
            "nothing to do (the results are the same, only slower); run the re-run again "
            "to prepare the tables for this data",
            "en",
            domain="datacheck",
        ),
    )
