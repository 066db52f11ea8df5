"""Order lines larger than memory: cleaned in batches into Parquet files (分批清洗).

When a file of order lines would not fit in the memory budget (the data options
``memory_budget`` and ``order_lines``, see :mod:`helpers.memory`), it is read and
cleaned in batches by the one cleaning rule, :func:`helpers.cleaning.clean_orders`, and
written as Parquet files that DuckDB reads (:mod:`helpers.bigdata`). The clean lines are
the lines cleaning the whole file at once gives, because what depends on the whole file
is decided on the whole file first:

- the order of day and month in text dates and the decimal mark of text amounts, from
  the distinct values of those columns (an ambiguity stops the load, as it does for a
  file read at once);
- the usual dates from which implausible dates are measured, from the count of every
  distinct date (:func:`helpers.cleaning.usual_dates`);
- exact duplicates, across batches: every clean line is hashed, lines with equal hashes
  are compared in full, and the first line in file order is kept;
- whole quantities (stored as whole numbers only when every kept quantity is whole).

The cleaning report adds up the batches' reports (the dropped and changed rows keep their
position in the file). The result is stored once as a prepared folder (see
:mod:`helpers.prepared`) in the course cache, or in the re-run's own folder, and read from
there: its tables hold every line of a stated random sample of customers
(:data:`SAMPLE_LINES` lines or so), and :attr:`helpers.tables.CourseTables.lines` points
to the Parquet files of all the lines.

An error in one batch (an implausible date when the cleaning stops on them) names the
lines of the file that batch holds.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers import memory, prepared
from helpers.assembly import WholeLines, assemble
from helpers.cleaning import CleaningReport, bad_values_mode, clean_orders, cleaning_rules
from helpers.i18n import tr
from helpers.loading import CSV_MISSING
from helpers.params import check_data_options
from helpers.parsing import parse_amount, parse_dates
from helpers.schema import DataError, Problem

__all__ = ["BATCH_LINES", "SAMPLE_LINES", "SAMPLE_SEED", "load_in_batches", "read_in_batches"]

#: order lines cleaned at a time
BATCH_LINES = 1_000_000
#: at most about this many order lines (whole customers) are kept in memory as the stated
#: sample (fewer when the memory budget is small, see :func:`helpers.memory.sample_lines`)
SAMPLE_LINES = 500_000
#: the seed of the sample of customers
SAMPLE_SEED = 0
#: lines read to estimate how much memory the clean lines take
_PROBE_LINES = 20_000
_PARQUET = (".parquet", ".pq")
_CSV = (".csv", ".csv.gz", ".txt", ".tsv")
#: the names of UTF-8 that pyarrow reads without converting
UTF8 = ("utf-8", "utf8", "utf-8-sig")
#: the position of each line in the file, kept beside the clean lines while they are made
ROW = "_row"


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(_PARQUET):
        return "parquet"
    if name.endswith(_CSV):
        return "csv"
    return None


def read_in_batches(path: Path, given: Mapping[str, Any]) -> bool:
    """True when the order-line file ``path`` is to be cleaned in batches: the data option
    ``order_lines`` says "files", or (when it says nothing) the clean lines would not fit
    in the memory budget with a notebook's working memory (:func:`helpers.memory.run_plan`).

    Excel workbooks are always read at once (a sheet holds at most a million rows).
    """
    opts = check_data_options(given)
    if _kind(Path(path)) is None or opts["order_lines"] == "memory":
        return False
    if opts["order_lines"] == "files":
        return True
    try:
        lines, per_line = _estimate(Path(path), given)
    except (DataError, OSError, ValueError):
        return False  # the usual loader reports what is wrong with the file
    need = memory.notebook_need(int(lines * per_line))
    return need > memory.memory_budget(given)


def _estimate(path: Path, given) -> tuple[int, float]:
    """Lines in the file and memory per clean line, from the first lines."""
    from helpers.loading import map_columns

    batches = _raw_batches(path, given, size=_PROBE_LINES, whole=False)
    probe = next(batches)
    batches.close()
    clean, _ = clean_orders(map_columns(probe), **_probe_rules(given))
    per_line = memory.frame_bytes(clean) / max(len(clean), 1)
    if _kind(path) == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows, per_line
    size = path.stat().st_size * (5 if path.name.lower().endswith(".gz") else 1)
    text_per_line = max(1.0, _text_bytes(probe) / max(len(probe), 1))
    return int(size / text_per_line), per_line


def _probe_rules(given) -> dict[str, Any]:
    rules = cleaning_rules(given)
    return rules | {"bad_values": "drop", "implausible_values": "drop", "dayfirst": True}


def _text_bytes(frame: pd.DataFrame) -> int:
    text = frame.astype("str")
    return int(sum(text[c].str.len().sum() + 1 for c in text.columns))


# ---- reading a file in batches -----------------------------------------------------------------


def _raw_batches(
    path: Path,
    given,
    *,
    size: int | None = None,
    columns: list[str] | None = None,
    whole: bool = True,
) -> Iterator[pd.DataFrame]:
    """The file's lines as the course loader reads them (CSV cells as text), in batches of
    ``size`` lines (:data:`BATCH_LINES`)."""
    size = size or BATCH_LINES
    if _kind(path) == "parquet":
        import pyarrow.parquet as pq

        reader = pq.ParquetFile(path)
        for batch in reader.iter_batches(batch_size=size, columns=columns):
            yield batch.to_pandas()
        return
    form = _csv_format(path, check_data_options(given)["encoding"], whole=whole)
    if whole and _arrow_reads(path, form):
        yield from _arrow_batches(path, form, size, columns)
        return
    chunks = pd.read_csv(
        path, sep=form.sep, dtype=str, keep_default_na=False, na_values=list(CSV_MISSING),
        encoding=form.encoding, chunksize=size, usecols=columns,
    )  # fmt: skip
    with chunks:
        yield from chunks


@dataclass(frozen=True)
class _CsvForm:
    """How a CSV file is written: encoding, delimiter, header; ``plain`` when its bytes
    let pyarrow's reader read it (see :class:`helpers.loading.CsvShape`; None when only
    its first block was read)."""

    path: str
    size: int
    mtime: int
    encoding: str
    sep: str
    header: tuple[str, ...]
    plain: bool | None


def _csv_format(path: Path, encoding: str | None, *, whole: bool = True) -> _CsvForm:
    """The encoding (the one given, else UTF-8, else GB18030, as the course loader decides),
    delimiter and header of a CSV file, reading it once without holding it
    (``whole=False``: only its first block, for an estimate)."""
    stat = path.stat()
    return _csv_format_of(str(path), stat.st_size, stat.st_mtime_ns, encoding, whole)


def _opener(path: Path):
    import gzip

    return gzip.open if path.name.lower().endswith(".gz") else open


@cache
def _csv_format_of(name: str, size: int, mtime: int, encoding: str | None, whole: bool):
    import codecs

    from helpers.loading import CsvShape, _check_headers, csv_header

    path = Path(name)
    candidates = [encoding] if encoding else ["utf-8-sig", "gb18030"]
    for candidate in candidates:
        decoder = codecs.getincrementaldecoder(candidate)()
        shape = CsvShape()
        first = ""
        try:
            with _opener(path)(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 24), b""):
                    text = decoder.decode(block)
                    shape.feed(block)
                    if not first:
                        first = text.split("\n", 1)[0]
                    if not whole:
                        break
                decoder.decode(b"", final=whole)
        except UnicodeDecodeError as exc:
            if encoding:
                raise DataError(
                    tr("cannot read {name} as {encoding} ({error})", "en", domain="datacheck",
                       name=path.name, encoding=encoding, error=exc),
                    code="wrong_encoding",
                ) from None  # fmt: skip
            continue
        sep, header = csv_header(first)
        _check_headers(header, path.name)
        return _CsvForm(name, size, mtime, candidate, sep, tuple(header),
                        shape.plain() if whole else None)  # fmt: skip
    raise DataError(
        tr("cannot read {name}: it is neither UTF-8 nor GBK/GB18030 text", "en",
           domain="datacheck", name=path.name),
        code="unknown_encoding",
    )  # fmt: skip


class _Trailed(io.RawIOBase):
    """A file's bytes (without a UTF-8 byte-order mark) and then ``trailer``."""

    def __init__(self, handle, trailer: bytes, *, skip_bom: bool) -> None:
        self.handle = handle
        self.head = handle.read(3)
        if skip_bom and self.head == b"\xef\xbb\xbf":
            self.head = b""
        self.trailer = trailer

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        view = memoryview(buffer).cast("B")
        if not self.head:
            n = self.handle.readinto(view)
            if n:
                return n
            self.head, self.trailer = self.trailer, b""  # the file is read: the trailer
        n = min(len(self.head), len(view))
        view[:n] = self.head[:n]
        self.head = self.head[n:]
        return n


def _arrow_stream(path: Path, form: _CsvForm, columns: list[str] | None = None):
    """pyarrow's streaming reader over the file and the end line, and its file handle."""
    import pyarrow.csv as pcsv

    from helpers.loading import arrow_csv_options, end_line

    handle = _opener(path)(path, "rb")
    source = _Trailed(handle, end_line(form.sep, len(form.header)),
                      skip_bom=form.encoding == "utf-8-sig")  # fmt: skip
    encoding = "utf8" if form.encoding.replace("_", "-").lower() in UTF8 else form.encoding
    if columns is not None:  # in the file's order, as pandas gives them
        columns = [c for c in form.header if c in set(columns)]
    reader = pcsv.open_csv(
        io.BufferedReader(source, 1 << 20),
        read_options=pcsv.ReadOptions(encoding=encoding),
        **arrow_csv_options(form.sep, list(form.header), columns),
    )
    return reader, handle


@cache
def _arrow_reads(path: Path, form: _CsvForm) -> bool:
    """True when pyarrow's reader reads the whole file as pandas' reader would: plain
    bytes, a header of distinct names, every line read and the end line last."""
    import pyarrow as pa

    from helpers.loading import arrow_header_usable, ends_with_end_line

    if not form.plain or not arrow_header_usable(list(form.header)):
        return False
    try:
        reader, handle = _arrow_stream(path, form)
        with handle:
            if reader.schema.names != list(form.header):
                return False
            last = None
            for batch in reader:
                if batch.num_rows:
                    last = batch
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OSError):
        return False
    return last is not None and ends_with_end_line(pa.Table.from_batches([last]))


def _arrow_batches(
    path: Path, form: _CsvForm, size: int, columns: list[str] | None
) -> Iterator[pd.DataFrame]:
    """The file's lines read by pyarrow in batches of ``size`` lines (the end line left out)."""
    import pyarrow as pa

    from helpers.loading import arrow_text_frame

    reader, handle = _arrow_stream(path, form, columns)
    with handle:
        held: list = []
        count = 0
        for batch in reader:
            held.append(batch)
            count += batch.num_rows
            while count > size:  # more than a batch and the end line: a batch is whole
                table = pa.Table.from_batches(held)
                yield arrow_text_frame(table.slice(0, size))
                held = table.slice(size).to_batches()
                count -= size
        table = pa.Table.from_batches(held, schema=reader.schema)
        if table.num_rows > 1:
            yield arrow_text_frame(table.slice(0, table.num_rows - 1))


# ---- what the whole file decides ----------------------------------------------------------------


def _header(path: Path, given) -> list[str]:
    if _kind(path) == "parquet":
        import pyarrow.parquet as pq

        return list(pq.ParquetFile(path).schema_arrow.names)
    form = _csv_format(path, check_data_options(given)["encoding"])
    return list(pd.read_csv(path, sep=form.sep, dtype=str, nrows=0, encoding=form.encoding).columns)


class _Decisions:
    """What the cleaning of every batch takes from the whole file, found in one pass over
    the date column, the text amount columns and the id columns."""

    def __init__(self, path: Path, columns: dict[str, str], given) -> None:
        from helpers.loading import map_columns

        header = _header(path, given)
        canonical = list(map_columns(pd.DataFrame(columns=header), columns).columns)
        self.raw_of = dict(zip(canonical, header, strict=True))
        rules = cleaning_rules(given)
        self.dayfirst = rules["dayfirst"]
        self.decimal = rules["decimal"]
        self.bounds = None
        wanted = {"order_date", "quantity", "revenue", "cost", "profit", "unit_price",
                  "customer_id", "order_id", "product_id"}  # fmt: skip
        names = {self.raw_of[c]: c for c in canonical if c in wanted}
        dates: list[pd.Series] = []
        distinct: dict[str, list] = {}
        for batch in _raw_batches(path, given, columns=list(names)):
            mapped = batch.rename(columns=names)
            if "order_date" in mapped.columns:
                dates.append(mapped["order_date"].value_counts(dropna=True))
            for col in mapped.columns:
                wanted_here = col in _ID_COLUMNS or (col != "order_date" and _is_text(mapped[col]))
                if wanted_here:
                    distinct.setdefault(col, []).append(pd.unique(mapped[col].dropna()))
        self.raw_ids = _distinct_frame(
            {c: v for c, v in distinct.items() if c in _ID_COLUMNS}
        )  # fmt: skip
        amounts = {c: v for c, v in distinct.items() if c not in _ID_COLUMNS}
        stop = bad_values_mode(rules["bad_values"])
        for col, parts in amounts.items():  # raises as a file read at once would
            parse_amount(pd.Series(np.concatenate(parts)).drop_duplicates(), column=col,
                         errors=stop, decimal=self.decimal)  # fmt: skip
        if amounts and self.decimal is None:
            self.decimal = "."  # every amount column reads with a decimal point
        if dates:
            counts = pd.concat(dates).groupby(level=0, sort=False).sum()
            self._dates(counts, rules)

    def _dates(self, counts: pd.Series, rules) -> None:
        from helpers.cleaning import usual_dates

        values = counts.index.to_series(index=range(len(counts)))
        parsed = parse_dates(values, column="order_date", dayfirst=self.dayfirst, errors="coerce")
        if rules["bad_values"] == "raise" and (parsed.isna() & values.notna()).any():
            parse_dates(values, column="order_date", dayfirst=self.dayfirst, errors="raise")
        if self.dayfirst is None and _is_text(values):
            for order in (True, False):
                other = parse_dates(values, dayfirst=order, errors="coerce")
                if other.equals(parsed):
                    self.dayfirst = order
                    break
        self.bounds = usual_dates(parsed.to_numpy(), counts=counts.to_numpy())


_ID_COLUMNS = ("customer_id", "order_id", "product_id")


def _is_text(s: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(s) or s.dtype == object


def _distinct_frame(values: Mapping[str, list]) -> pd.DataFrame:
    """Distinct values of several columns side by side (shorter columns end in blanks)."""
    columns = {c: pd.unique(np.concatenate(parts)) for c, parts in values.items() if parts}
    longest = max((len(v) for v in columns.values()), default=0)
    return pd.DataFrame({c: pd.Series(v).reindex(range(longest)) for c, v in columns.items()})


# ---- cleaning batch by batch --------------------------------------------------------------------


class _Cleaner:
    """Clean every batch, write it as a Parquet part, add up the reports, hash the lines."""

    def __init__(self, folder: Path, rules: dict[str, Any]) -> None:
        self.folder = folder
        self.rules = rules
        self.parts: list[Path] = []
        self.whole_quantity: list[bool] = []
        self.summaries: list[pd.DataFrame] = []
        self.dropped: list[pd.DataFrame] = []
        self.changed: list[pd.DataFrame] = []
        self.hashes: list[np.ndarray] = []
        self.rows: list[np.ndarray] = []
        self.rows_in = self.rows_out = 0
        self.absolute_cents = 0

    def add(self, batch: pd.DataFrame) -> None:
        offset, n = self.rows_in, len(batch)
        try:
            clean, report = clean_orders(batch, **self.rules)
        except DataError as exc:
            raise _in_lines(exc, offset, n) from None
        keep = np.ones(n, dtype=bool)
        keep[report.dropped["row"].to_numpy(np.int64)] = False
        kept = np.flatnonzero(keep) + offset
        clean[ROW] = kept
        part = self.folder / f"part-{len(self.parts):05d}.parquet"
        clean.to_parquet(part, index=False)
        self.parts.append(part)
        self.whole_quantity.append(clean["quantity"].dtype.kind in "iu")
        self.summaries.append(report.summary)
        self.dropped.append(report.dropped.assign(row=report.dropped["row"] + offset))
        if len(report.changed):
            self.changed.append(report.changed.assign(row=report.changed["row"] + offset))
        self.hashes.append(_line_hashes(clean.drop(columns=ROW)))
        self.rows.append(kept)
        self.rows_in += n
        self.rows_out += len(clean)
        self.absolute_cents += _cents(report.absolute_revenue_in)


def _cents(amount) -> int:
    return 0 if amount is None or pd.isna(amount) else int(round(float(amount) * 100))


def _in_lines(exc: DataError, offset: int, n: int) -> DataError:
    """A batch's error, saying which lines of the file the batch holds."""
    where = tr("lines {first:,} to {last:,} of the order-line file", "en", domain="datacheck",
               first=offset + 1, last=offset + n)  # fmt: skip
    problems = [
        Problem(p.level, p.code, p.what, "; ".join(filter(None, [p.where, where])), p.fix)
        for p in exc.problems
    ]
    first = problems[0]
    return DataError(first.what, code=first.code, where=first.where, fix=first.fix,
                     problems=problems)  # fmt: skip


def _line_hashes(clean: pd.DataFrame) -> np.ndarray:
    """A hash of every line's values, equal for lines that ``DataFrame.duplicated`` finds
    equal (whole and fractional quantities alike, -0.0 as 0.0, every NaN as one)."""
    from pandas.util import hash_pandas_object

    values = clean.copy()
    for col in values.columns:
        kind = values[col].dtype.kind
        if kind in "iuf":
            number = values[col].to_numpy(np.float64, na_value=np.nan)
            values[col] = np.where(np.isnan(number), np.nan, number + 0.0)
    return hash_pandas_object(values, index=False).to_numpy()


def _duplicates(cleaner: _Cleaner) -> pd.DataFrame:
    """The kept lines that repeat an earlier kept line exactly: their rows and revenue."""
    import pyarrow.dataset as ds

    hashes = np.concatenate(cleaner.hashes) if cleaner.hashes else np.array([], np.uint64)
    rows = np.concatenate(cleaner.rows) if cleaner.rows else np.array([], np.int64)
    order = np.argsort(hashes, kind="stable")
    sorted_hashes = hashes[order]
    same = np.r_[False, sorted_hashes[1:] == sorted_hashes[:-1]]
    maybe = same | np.r_[same[1:], False]
    candidates = np.sort(rows[order][maybe])
    if not len(candidates):
        return pd.DataFrame({ROW: pd.Series(dtype="int64"), "revenue": pd.Series(dtype="float")})
    import pyarrow as pa

    found = ds.dataset(cleaner.parts).to_table(filter=ds.field(ROW).isin(pa.array(candidates)))
    lines = found.to_pandas().sort_values(ROW, kind="stable").reset_index(drop=True)
    values = lines.drop(columns=ROW)
    if "quantity" in values:
        values["quantity"] = values["quantity"].astype("float64")
    repeat = values.duplicated(keep="first").to_numpy()
    return lines.loc[repeat, [ROW, "revenue"]].reset_index(drop=True)


def _summary(cleaner: _Cleaner, duplicates: pd.DataFrame, mode: str) -> pd.DataFrame:
    """The batches' summaries added up (money in cents), with the duplicates of the whole
    file in place of the batches' own."""
    summary = pd.concat(cleaner.summaries, ignore_index=True)
    summary["cents"] = np.rint(summary["revenue"].to_numpy(np.float64) * 100)
    summary = summary.groupby(["reason", "action"], sort=False, as_index=False)[
        ["rows", "cents"]
    ].sum()
    is_dup = summary["reason"] == "exact duplicate (kept)"
    dup_cents = float(np.rint(duplicates["revenue"].to_numpy(np.float64) * 100).sum())
    if mode == "drop":
        summary.loc[is_dup, ["reason", "action"]] = ["exact duplicate", "dropped"]
    summary.loc[is_dup, "rows"] = len(duplicates)
    summary.loc[is_dup, "cents"] = dup_cents
    summary["revenue"] = summary.pop("cents") / 100.0
    return summary.astype({"rows": "int64"})


def _drop_lines(parts: list[Path], rows: np.ndarray) -> None:
    """Remove the lines at ``rows`` (positions in the file) from the parts that hold them."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    gone = pa.array(np.asarray(rows, dtype=np.int64))
    for part in parts:
        table = pq.read_table(part)
        hit = pc.is_in(table[ROW], value_set=gone)
        if pc.any(hit).as_py():
            pq.write_table(table.filter(pc.invert(hit)), part)


def _file_rows(path: Path, given, rows: np.ndarray, columns: dict[str, str]) -> pd.DataFrame:
    """The lines at ``rows`` of the file, as read and mapped (for the cleaning report)."""
    from helpers.loading import map_columns

    wanted, found, offset = np.sort(rows), [], 0
    for batch in _raw_batches(path, given):
        inside = wanted[(wanted >= offset) & (wanted < offset + len(batch))] - offset
        if len(inside):
            found.append(map_columns(batch.iloc[inside], columns))
        offset += len(batch)
    return pd.concat(found, ignore_index=True)


def _uniform_quantities(cleaner: _Cleaner) -> None:
    """Whole quantities only when every batch kept whole quantities (as at once)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if all(cleaner.whole_quantity) or not any(cleaner.whole_quantity):
        return
    for part, whole in zip(cleaner.parts, cleaner.whole_quantity, strict=True):
        if whole:
            table = pq.read_table(part)
            i = table.schema.get_field_index("quantity")
            pq.write_table(table.set_column(i, "quantity", table["quantity"].cast(pa.float64())),
                           part)  # fmt: skip


# ---- the whole load -----------------------------------------------------------------------------


def load_in_batches(
    data_source: str | Path,
    column_mapping,
    path: Path,
    frames: Mapping[str, pd.DataFrame],
    columns: dict[str, str],
    given: dict,
    problems: list[Problem],
    *,
    name: str,
) -> tuple[Any, list[Problem]]:
    """Clean the order lines of ``path`` in batches; the other tables are ``frames``.

    Returns what :func:`helpers.datasets.load_tables_checked` returns: tables whose order
    lines are a stated sample, with :attr:`~helpers.tables.CourseTables.lines` pointing
    to every clean line. A prepared folder for the same data is reused.
    """
    home = prepared.home()
    key = prepared.prepared_key(data_source, column_mapping, given)
    if (home / key / prepared.MANIFEST).exists():
        try:
            return prepared.read_prepared(home / key, data_source, column_mapping, given)
        except prepared.PreparedMismatch:  # the same contents, touched since: made again
            prepared.read_manifest(home / key)  # (only a folder of prepared tables goes)
            shutil.rmtree(home / key)
    home.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=home, prefix=".batches-"))
    try:
        tables, found = _clean_file(path, frames, columns, given, problems, name, work)
        if tables is None or any(p.level == "error" for p in found):
            return tables, found
        folder = prepared.write_prepared(
            tables, home, data_source=data_source, column_mapping=column_mapping, options=given,
            key=key,
        )  # fmt: skip
        return prepared.read_prepared(folder, data_source, column_mapping, given)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _clean_file(path, frames, columns, given, problems, name, work: Path):
    from helpers import bigdata
    from helpers.loading import map_columns
    from helpers.tables import LineStore

    decided = _Decisions(path, columns, given)
    rules = cleaning_rules(given)
    mode = rules["duplicates"]
    rules |= {"dayfirst": decided.dayfirst, "decimal": decided.decimal, "duplicates": "flag",
              "date_bounds": decided.bounds}  # fmt: skip
    parts = work / "orders"
    parts.mkdir()
    cleaner = _Cleaner(parts, rules)
    for batch in _raw_batches(path, given):
        cleaner.add(map_columns(batch, columns))
        del batch
        memory.release_free_memory()
    _uniform_quantities(cleaner)
    duplicates = _duplicates(cleaner)
    cleaner.hashes = cleaner.rows = []
    dropped = pd.concat(cleaner.dropped, ignore_index=True)
    rows_out = cleaner.rows_out
    if mode == "drop" and len(duplicates):
        _drop_lines(cleaner.parts, duplicates[ROW].to_numpy())
        rows = duplicates[ROW].to_numpy()
        lines = _file_rows(path, given, rows, columns)
        lines.insert(0, "reason", "exact duplicate")
        lines.insert(0, "row", np.sort(rows))
        dropped = pd.concat([dropped, lines], ignore_index=True)
        rows_out -= len(duplicates)
    report = CleaningReport(
        rows_in=cleaner.rows_in,
        rows_out=rows_out,
        summary=_summary(cleaner, duplicates, mode),
        dropped=dropped.sort_values("row", kind="stable").reset_index(drop=True),
        changed=_changed(cleaner.changed),
        absolute_revenue_in=cleaner.absolute_cents / 100.0,
    )
    mapped = {"orders": None, **{t: map_columns(f, columns, table=t) for t, f in frames.items()}}
    if rows_out == 0:
        return assemble(name, pd.DataFrame(), report, mapped, given, problems)
    source = bigdata.OrderLineFiles(parts)
    facts = bigdata.order_facts(source)
    first = pd.read_parquet(cleaner.parts[0])
    per_line = memory.frame_bytes(first) / max(len(first), 1)
    wanted = memory.sample_lines(memory.memory_budget(given), per_line, most=SAMPLE_LINES)
    sample, chosen = _sample(source, parts, facts, wanted)
    whole = WholeLines(
        raw_ids=decided.raw_ids,
        shared=_shared_lines(source, parts),
        ids=_line_ids(parts),
        lines=LineStore(parts, facts, chosen, SAMPLE_SEED),
        default_as_of=pd.Timestamp(facts["last_order"]).normalize() + pd.Timedelta(days=1),
    )
    return assemble(name, sample, report, mapped, given, problems, whole=whole)


def _changed(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if not frames:
        return CleaningReport.unchanged(0).changed
    return pd.concat(frames, ignore_index=True)


def _sample(source, parts: Path, facts: dict, lines: int) -> tuple[pd.DataFrame, int]:
    """Every clean line of a random sample of customers (about ``lines`` lines), in file
    order, and the number of customers drawn."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    customers = int(facts["customers"])
    per_customer = int(facts["order_lines"]) / max(customers, 1)
    size = max(1, min(customers, int(lines / per_customer)))
    ids = source.query("SELECT DISTINCT customer_id FROM lines ORDER BY 1")["customer_id"]
    rng = np.random.default_rng(SAMPLE_SEED)
    chosen = np.sort(rng.choice(len(ids), size=size, replace=False))
    wanted = pa.array(ids.to_numpy(str)[chosen].tolist(), type=pa.string())
    table = ds.dataset(sorted(parts.glob("*.parquet"))).to_table(
        filter=ds.field("customer_id").isin(wanted)
    )
    lines = table.to_pandas().sort_values(ROW, kind="stable")
    return lines.drop(columns=ROW).reset_index(drop=True), size


def _shared_lines(source, parts: Path) -> pd.DataFrame:
    """The lines of orders that belong to more than one customer (few, usually none), in
    file order."""
    scan = f"read_parquet('{parts.as_posix()}/*.parquet')"
    found = (
        source.con.execute(
            f"SELECT customer_id, order_id FROM {scan} WHERE order_id IN (SELECT order_id FROM "
            f"{scan} GROUP BY order_id HAVING count(DISTINCT customer_id) > 1) ORDER BY {ROW}"
        )
        .arrow()
        .read_all()
    )
    return found.to_pandas()


def _line_ids(parts: Path) -> pd.DataFrame:
    """The customer and product of every line, as categories (small even for many lines)."""
    import pyarrow.parquet as pq

    files = sorted(parts.glob("*.parquet"))
    names = set(pq.read_schema(files[0]).names)
    columns = [c for c in ("customer_id", "product_id") if c in names]
    table = pq.read_table(files, columns=columns, read_dictionary=columns)
    return table.to_pandas()
