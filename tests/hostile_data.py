"""A company whose every text value carries HTML or script, for the report-escaping tests.

:func:`write_hostile_company` writes the simulated course company (small) into a folder
whose own name is an HTML element, with a script payload in front of every value of
every text column of every table (the vocabulary the data contract fixes,
``customer_type``, is kept), and with the best customers' and products' ids replaced by
payloads. Every payload carries the marker ``xss-`` so a report can be searched for
what came from the data.

>>> hostile("late delivery").endswith(" late delivery")
True
>>> sorted({p.split("xss-")[0][:4] for p in PAYLOADS})
['<a h', '<ifr', '<img', '<scr', '<svg', 'java']
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pandas as pd

from helpers import generate

#: what an attacker would put in a text field; each carries the marker ``xss-``
PAYLOADS = (
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=alert('xss-2')>",
    "<svg onload=alert('xss-3')>",
    "javascript:alert('xss-4')",
    "<iframe src=javascript:alert('xss-5')></iframe>",
    "<a href=\"javascript:alert('xss-6')\">more</a>",
)
MARKER = "xss-"
#: the data folder's name: an HTML element too
FOLDER_NAME = "co<img src=x onerror=alert('xss-dir')>"
#: ids are compared across tables after normalisation: upper case keeps them joinable
HOSTILE_CUSTOMER_IDS = (
    "<SCRIPT>ALERT('XSS-C1')</SCRIPT>",
    "<IMG SRC=X ONERROR=ALERT('XSS-C2')>",
    "JAVASCRIPT:ALERT('XSS-C3')",
)
HOSTILE_PRODUCT_IDS = ("<SVG ONLOAD=ALERT('XSS-P1')>", "<IFRAME SRC=JAVASCRIPT:ALERT('XSS-P2')>")
#: columns whose values the data contract fixes
KEEP = {"customer_type"}


def hostile(value: str) -> str:
    """``value`` with one of the payloads in front (the same payload for the same value)."""
    payload = PAYLOADS[zlib.crc32(value.encode("utf-8")) % len(PAYLOADS)]
    return f"{payload} {value}"


def _text_columns(df: pd.DataFrame) -> list[str]:
    ids = {c for c in df.columns if c.endswith("_id")}
    return [
        c
        for c in df.columns
        if c not in ids and c not in KEEP and pd.api.types.is_string_dtype(df[c])
    ]


def hostile_tables(seed: int = 11, customers: int = 200) -> dict[str, pd.DataFrame]:
    """The course company with payloads in every text value and in the top ids."""
    tables = generate.generate_company(seed=seed, n_customers=customers)
    orders = tables["orders"]
    top_customers = orders.groupby("customer_id")["revenue"].sum().nlargest(3).index
    top_products = orders.groupby("product_id")["revenue"].sum().nlargest(2).index
    customer_ids = dict(zip(top_customers, HOSTILE_CUSTOMER_IDS, strict=True))
    product_ids = dict(zip(top_products, HOSTILE_PRODUCT_IDS, strict=True))
    out = {}
    for name, df in tables.items():
        df = df.copy()
        for column in _text_columns(df):
            values = df[column]
            df[column] = values.map({v: hostile(str(v)) for v in values.dropna().unique()})
        for column in ("customer_id", "converted_customer_id"):
            if column in df.columns:
                df[column] = df[column].replace(customer_ids)
        if "product_id" in df.columns:
            df["product_id"] = df["product_id"].replace(product_ids)
        out[name] = df
    return out


def write_hostile_company(parent: Path, **kwargs) -> Path:
    """Write the hostile company's tables into ``parent/<FOLDER_NAME>``; return that folder."""
    folder = Path(parent) / FOLDER_NAME
    generate.write_files(generate.company_files(hostile_tables(**kwargs)), folder)
    return folder
