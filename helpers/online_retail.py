"""Real order lines: the UCI Online Retail data sets (id 352 and id 502), cached locally.

- id 352 "Online Retail": a UK online gift retailer, 2010-12-01..2011-12-09, 541,909
  lines. Chen, D. (2015). Online Retail. UCI Machine Learning Repository.
  https://doi.org/10.24432/C5BW33 (CC BY 4.0).
- id 502 "Online Retail II": the same shop, 2009-12-01..2011-12-09, a workbook with
  two sheets (525,461 and 541,910 lines). Chen, D. (2012). Online Retail II. UCI
  Machine Learning Repository. https://doi.org/10.24432/C5CG6D (CC BY 4.0).

The first use downloads the file into :func:`helpers.paths.cache_dir` and verifies it
(id 502: its exact size and SHA-256; otherwise the expected columns and row counts).
Without network access, put the file there yourself, or run
``python3 tasks.py data seed-cache <file>`` (xlsx, csv or csv.gz). Columns are mapped
to the course's canonical names; revenue = quantity x unit price (GBP); there is no
cost. The two sheets of id 502 overlap (invoices of 2010-12-01..09 appear in both):
lines of an invoice already in the first sheet are dropped from the second, and the
cleaning report says how many.

>>> SPECS[352]["rows"], SPECS[502]["rows"]
(541909, (525461, 541910))
"""

from __future__ import annotations

import hashlib
import re
import shutil
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from helpers._aggregate import from_cents, to_cents
from helpers.cleaning import CleaningReport, clean_orders, cleaning_rules, large_removals
from helpers.paths import cache_dir
from helpers.schema import DataError
from helpers.tables import CourseTables

#: what each data set is, where it comes from, and how to recognise a good copy
SPECS: dict[int, dict] = {
    352: {
        "name": "online_retail",
        "title": "Online Retail (UCI id 352)",
        "page": "https://archive.ics.uci.edu/dataset/352/online+retail",
        "url": "https://archive.ics.uci.edu/static/public/352/online+retail.zip",
        "member": "Online Retail.xlsx",
        "file": "online_retail.xlsx",
        "rows": 541909,
        "columns": (
            "InvoiceNo",
            "StockCode",
            "Description",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "CustomerID",
            "Country",
        ),  # fmt: skip
        "size": None,
        "sha256": None,
    },
    502: {
        "name": "online_retail_ii",
        "title": "Online Retail II (UCI id 502)",
        "page": "https://archive.ics.uci.edu/dataset/502/online+retail+ii",
        "url": "https://archive.ics.uci.edu/static/public/502/online+retail+ii.zip",
        "member": "online_retail_II.xlsx",
        "file": "online_retail_II.xlsx",
        "rows": (525461, 541910),
        "columns": (
            "Invoice",
            "StockCode",
            "Description",
            "Quantity",
            "InvoiceDate",
            "Price",
            "Customer ID",
            "Country",
        ),  # fmt: skip
        "size": 45622278,
        "sha256": "bcbe73b35f5b7babf197fb0cb983a11f5d9ff929078d4aa53d171b1f2df2e980",
    },
}
#: UCI header -> canonical name (both data sets)
COLUMN_MAP = {
    "InvoiceNo": "order_id",
    "Invoice": "order_id",
    "StockCode": "product_id",
    "Description": "product_name",
    "Quantity": "quantity",
    "InvoiceDate": "order_date",
    "UnitPrice": "unit_price",
    "Price": "unit_price",
    "CustomerID": "customer_id",
    "Customer ID": "customer_id",
    "Country": "country",
}
#: what these data sets declare about themselves: invoices starting with "C" are
#: cancellations, and the published cleaning rules ("uci": customer id present, not a
#: cancellation, quantity > 0, unit price > 0; exact duplicates flagged in the report,
#: not dropped; postage and fee lines kept) reproduce the clean subset usually quoted
SOURCE_OPTIONS = {"cleaning": "uci", "cancellation_prefix": "C"}
#: the :func:`helpers.cleaning.clean_orders` keywords of those rules
UCI_RULES = cleaning_rules(SOURCE_OPTIONS)
OVERLAP = (pd.Timestamp("2010-12-01"), pd.Timestamp("2010-12-10"))


def _folder(dataset: int) -> Path:
    return cache_dir() / f"uci-{dataset}"


def _spec(dataset: int) -> dict:
    if dataset not in SPECS:
        raise DataError(f"unknown UCI data set id {dataset!r}; use 352 or 502")
    return SPECS[dataset]


def cached_file(dataset: int = 352) -> Path | None:
    """The verified copy in the cache, or None when there is none yet.

    >>> cached_file(352) is None or cached_file(352).exists()
    True
    """
    folder = _folder(dataset)
    if not folder.is_dir():
        return None
    marker = folder / "VERIFIED"
    if not marker.exists():
        return None
    name = marker.read_text(encoding="utf-8").split("\n", 1)[0].strip()
    path = folder / name
    return path if path.exists() else None


def where_to_put(dataset: int = 352) -> str:
    """The instruction shown when the data cannot be downloaded.

    >>> "seed-cache" in where_to_put(352)
    True
    """
    spec = _spec(dataset)
    return (
        f"Download it in a browser from {spec['page']} (the zip holds {spec['member']!r}), "
        f"then run `python3 tasks.py data seed-cache <the file>` (xlsx, csv or csv.gz; it is "
        f"verified and copied to {_folder(dataset)}), or pass the file's path as data_source."
    )


def fetch(url: str, dest: Path) -> Path:
    """Download ``url`` (http(s) or file://) to ``dest`` atomically; return ``dest``."""
    partial = dest.with_name(dest.name + ".partial")
    with urllib.request.urlopen(url, timeout=60) as response, open(partial, "wb") as out:
        shutil.copyfileobj(response, out)
    partial.replace(dest)
    return dest


def download(dataset: int = 352, *, url: str | None = None) -> Path:
    """Download a data set once into the cache, verify it and return its path.

    Already cached: returns the cached path without any network access.
    """
    found = cached_file(dataset)
    if found is not None:
        return found
    spec = _spec(dataset)
    folder = _folder(dataset)
    folder.mkdir(parents=True, exist_ok=True)
    target = url or spec["url"]
    archive = folder / "download.zip"
    try:
        fetch(target, archive)
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise DataError(
            f"could not download {spec['title']} from {target} ({exc}). " + where_to_put(dataset)
        ) from exc
    try:
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
            member = next((n for n in names if Path(n).name == spec["member"]), None)
            if member is None:
                raise DataError(
                    f"the download from {target} has no {spec['member']!r} (it has {names}). "
                    + where_to_put(dataset)
                )
            with zf.open(member) as src, open(folder / spec["file"], "wb") as out:
                shutil.copyfileobj(src, out)
    except zipfile.BadZipFile as exc:
        raise DataError(
            f"the download from {target} is not a zip file ({exc}). " + where_to_put(dataset)
        ) from exc
    finally:
        archive.unlink(missing_ok=True)
    return _accept(folder / spec["file"], dataset)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(path: str | Path, dataset: int = 352) -> pd.DataFrame | None:
    """Check a copy is complete; return its rows (UCI columns, a ``sheet`` column), or None
    for the official id 502 workbook, which is recognised by size and SHA-256.

    Any other copy is checked by its columns and row counts. Raises :class:`DataError`
    saying what differs.
    """
    spec = _spec(dataset)
    path = Path(path)
    if not path.exists():
        raise DataError(f"file {str(path)!r} not found. " + where_to_put(dataset))
    if spec["size"] is not None and path.stat().st_size == spec["size"]:
        if _sha256(path) != spec["sha256"]:
            raise DataError(
                f"{path.name} has the size of the official {spec['member']} but not its "
                f"SHA-256 ({spec['sha256']}): the copy is damaged. " + where_to_put(dataset)
            )
        return None
    raw = read_raw(path, dataset)
    expected = spec["rows"]
    if dataset == 502 and raw["sheet"].nunique() == 2:
        counts = tuple(int(n) for n in raw["sheet"].value_counts(sort=False).to_numpy())
    else:
        counts = len(raw) if dataset == 352 else (len(raw),)
    if counts != expected:
        raise DataError(
            f"{path.name} has {counts} rows but {spec['title']} has {expected}: the file "
            "is incomplete or a different version. " + where_to_put(dataset)
        )
    return raw


def read_raw(path: str | Path, dataset: int = 352) -> pd.DataFrame:
    """Read a copy of the data (xlsx, csv or csv.gz) with its UCI columns, checked.

    For a two-sheet id 502 workbook the sheets are stacked with a ``sheet`` column (1, 2).
    """
    spec = _spec(dataset)
    path = Path(path)
    name = path.name.lower()
    if name.endswith((".xlsx", ".xls")):
        engine = "calamine" if name.endswith(".xls") else "openpyxl"
        sheets = pd.read_excel(path, sheet_name=None, engine=engine,
                               dtype={spec["columns"][0]: str, "StockCode": str})  # fmt: skip
        frames = [df.assign(sheet=i) for i, df in enumerate(sheets.values(), start=1)]
        raw = pd.concat(frames, ignore_index=True)
    elif name.endswith((".csv", ".csv.gz", ".gz")):
        id_col = spec["columns"][6]
        raw = pd.read_csv(path, dtype={spec["columns"][0]: str, "StockCode": str,
                                       id_col: "Int64"}, encoding="utf-8-sig")  # fmt: skip
        raw = raw.assign(sheet=1)
    else:
        raise DataError(
            f"cannot read {path.name!r}: expected .xlsx, .csv or .csv.gz. " + where_to_put(dataset)
        )
    other = SPECS[502 if dataset == 352 else 352]["columns"]
    missing = [c for c in spec["columns"] if c not in raw.columns]
    if missing and all(c in raw.columns for c in other):
        raise DataError(
            f"{path.name} looks like {SPECS[502 if dataset == 352 else 352]['title']}, not "
            f"{spec['title']}: pass dataset={502 if dataset == 352 else 352}."
        )
    if missing:
        raise DataError(
            f"{path.name} is not {spec['title']}: columns {missing} not found; its columns are "
            f"{[c for c in raw.columns if c != 'sheet']}. " + where_to_put(dataset)
        )
    return raw


def _accept(path: Path, dataset: int) -> Path:
    """Verify a file already in the cache folder and mark it as the cached copy."""
    try:
        raw = verify(path, dataset)
    except DataError:
        path.unlink(missing_ok=True)
        raise
    _keep_fast_copy(path, raw)
    (path.parent / "VERIFIED").write_text(f"{path.name}\n{_sha256(path)}\n", encoding="utf-8")
    return path


def _guess_dataset(path: Path) -> int:
    return 502 if re.search(r"retail[ _+-]?ii", path.name.lower()) else 352


def seed_cache(path: str | Path, dataset: int | None = None) -> Path:
    """Copy a local copy of the data into the cache (after verifying it); return the target.

    ``dataset`` defaults to 502 when the file name says "II", else 352.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"file {str(path)!r} not found; pass the path of the downloaded file.")
    dataset = dataset or _guess_dataset(path)
    folder = _folder(dataset)
    suffix = "".join(path.suffixes[-2:]) if path.name.lower().endswith(".gz") else path.suffix
    target = folder / f"{SPECS[dataset]['name']}{suffix.lower()}"
    digest = _sha256(path)
    marker = folder / "VERIFIED"
    if cached_file(dataset) == target and marker.read_text(encoding="utf-8").split() == [
        target.name,
        digest,
    ]:
        return target  # this very file is already cached and verified
    raw = verify(path, dataset)
    folder.mkdir(parents=True, exist_ok=True)
    if path.resolve() != target.resolve():
        shutil.copyfile(path, target)
    _keep_fast_copy(target, raw)
    marker.write_text(f"{target.name}\n{digest}\n", encoding="utf-8")
    return target


def to_canonical(raw: pd.DataFrame) -> pd.DataFrame:
    """Rename UCI columns to canonical ones and add revenue = quantity x unit price.

    >>> raw = pd.DataFrame({"InvoiceNo": ["536365"], "StockCode": ["85123A"],
    ...     "Description": ["WHITE HANGING HEART"], "Quantity": [6],
    ...     "InvoiceDate": ["2010-12-01 08:26:00"], "UnitPrice": [2.55],
    ...     "CustomerID": [17850], "Country": ["United Kingdom"]})
    >>> c = to_canonical(raw)
    >>> c.loc[0, "customer_id"], c.loc[0, "order_id"], float(c.loc[0, "revenue"])
    ('17850', '536365', 15.3)
    """
    df = raw.rename(columns=COLUMN_MAP)
    cid = df["customer_id"]
    if not pd.api.types.is_string_dtype(cid):
        cid = pd.to_numeric(cid, errors="coerce").astype("Int64")
    df["customer_id"] = cid.astype("str").where(cid.notna())
    df["order_id"] = df["order_id"].astype("str")
    df["product_id"] = df["product_id"].astype("str")
    df["order_date"] = pd.to_datetime(df["order_date"]).astype("datetime64[us]")
    df["revenue"] = (df["quantity"] * df["unit_price"]).round(2)
    cols = ["customer_id", "order_id", "order_date", "product_id", "quantity", "revenue",
            "unit_price", "product_name", "country"]  # fmt: skip
    return df[cols + [c for c in df.columns if c not in cols]]


def _keep_fast_copy(path: Path, raw: pd.DataFrame | None) -> None:
    """Beside a cached workbook, keep a Parquet copy of its rows (Excel is slow to read)."""
    if raw is not None and path.suffix.lower() == ".xlsx":
        raw.to_parquet(path.with_suffix(".parquet"))


def _read_fast(source: Path, dataset: int) -> pd.DataFrame:
    """read_raw, keeping a Parquet copy of a cached workbook (reading Excel is slow)."""
    if source.suffix.lower() != ".xlsx" or source.parent != _folder(dataset):
        return read_raw(source, dataset)
    fast = source.with_suffix(".parquet")
    if fast.exists() and fast.stat().st_mtime >= source.stat().st_mtime:
        return pd.read_parquet(fast)
    raw = read_raw(source, dataset)
    _keep_fast_copy(source, raw)
    return raw


def load_online_retail(
    path: str | Path | None = None,
    dataset: int = 352,
    **clean_options,
) -> tuple[pd.DataFrame, CleaningReport]:
    """Clean canonical order lines of UCI Online Retail and the cleaning report.

    ``path``: a local copy (xlsx, csv or csv.gz); None uses the cache (downloading once).
    ``clean_options`` override :data:`UCI_RULES` and go to
    :func:`helpers.cleaning.clean_orders`.
    """
    source = Path(path) if path is not None else download(dataset)
    raw = _read_fast(source, dataset)
    rows_in = len(raw)
    overlap = pd.Series(False, index=raw.index)
    if raw["sheet"].nunique() > 1:
        inv = raw.columns[0]
        first = set(raw.loc[raw["sheet"] == 1, inv].astype("str"))
        overlap = (raw["sheet"] > 1) & raw[inv].astype("str").isin(first)
    canon = to_canonical(raw.loc[~overlap])
    options = UCI_RULES | clean_options
    clean, report = clean_orders(canon.drop(columns="sheet"), **options)
    clean = clean.drop(columns=[c for c in ("sheet",) if c in clean.columns])
    if overlap.any():
        report = _with_overlap(report, raw, overlap, rows_in)
    return clean, report


def _with_overlap(
    report: CleaningReport, raw: pd.DataFrame, overlap: pd.Series, rows_in: int
) -> CleaningReport:
    pos = np.flatnonzero(overlap.to_numpy())
    dup = to_canonical(raw.iloc[pos]).drop(columns="sheet")
    dup.insert(0, "reason", "invoice already in the first sheet")
    dup.insert(0, "row", pos)
    kept_pos = np.flatnonzero(~overlap.to_numpy())
    dropped = report.dropped.assign(row=kept_pos[report.dropped["row"].to_numpy()])
    revenue = float(from_cents(to_cents(dup["revenue"]).sum()))
    head = pd.DataFrame(
        [("invoice already in the first sheet", "dropped", len(pos), revenue)],
        columns=report.summary.columns,
    )
    return CleaningReport(
        rows_in=rows_in,
        rows_out=report.rows_out,
        summary=pd.concat([head, report.summary], ignore_index=True),
        dropped=pd.concat([dup, dropped], ignore_index=True),
        changed=report.changed,
        absolute_revenue_in=(report.absolute_revenue_in or 0.0)
        + float(from_cents(to_cents(dup["revenue"].abs()).sum())),
    )


def online_retail_tables(
    dataset: int = 352, path: str | Path | None = None, *, options: dict | None = None
):
    """:class:`helpers.tables.CourseTables` for Online Retail: orders, customers, products.

    ``options`` are data options (default :data:`SOURCE_OPTIONS`: the published rules);
    a cleaning rule that removes many lines is a warning in ``problems``.
    """
    rules = cleaning_rules(SOURCE_OPTIONS if options is None else options)
    orders, report = load_online_retail(path, dataset, **rules)
    customers = (
        orders.groupby("customer_id", as_index=False)
        .agg(country=("country", "first"), first_seen=("order_date", "min"))
        .assign(region=lambda d: d["country"])
    )
    products = orders.groupby("product_id", as_index=False).agg(
        product_name=("product_name", "first"), unit_price=("unit_price", "median")
    )
    return CourseTables(
        name=SPECS[dataset]["name"],
        orders=orders,
        customers=customers,
        products=products,
        cleaning=report,
        problems=large_removals(report),
    )
