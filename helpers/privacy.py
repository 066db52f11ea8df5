"""Privacy by design (隐私保护): what a data set holds, what it must not, and pseudonyms.

- :func:`field_inventory` looks for the fields of the four kinds of customer data
  (客户资料, 区域资料, 财务资料, 行为资料) in the loaded tables and says how much of each
  is filled in;
- :func:`sensitive_columns` screens every column name for sensitive data (health,
  religion, ethnic origin, biometrics... PIPL 敏感个人信息, GDPR special categories),
  which the course never collects and never models;
- :func:`consent_summary` counts recorded marketing consent (同意) and campaign
  messages sent without it;
- :func:`pseudonymise` replaces identifiers with keyed-hash codes (假名化, HMAC-SHA256),
  computed with NumPy over all distinct ids at once; the same id always gets the same
  code, so tables still join, and without the key the code cannot be traced back.

>>> codes = pseudonymise(pd.Series(["C1", "C2", "C1", None]), key="secret", length=8)
>>> codes.tolist()
['d833789e', 'ba398129', 'd833789e', nan]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers import labels
from helpers.glossary import label
from helpers.i18n import check_lang, tr
from helpers.schema import DataError

__all__ = [
    "FIELD_KINDS",
    "SENSITIVE_WORDS",
    "TYPE_FIELDS",
    "consent_summary",
    "field_inventory",
    "filled_by_type",
    "pseudonymise",
    "sensitive_columns",
]

# --- the four kinds of customer data ---------------------------------------------------------

#: what each field holds: tr() calls, English here and extracted for translation (region
#: and city are glossary terms); :func:`field_inventory` shows them in ``lang``
_HOLDS = {
    "name": tr("name (a pseudonym in the course data)", domain="tables"),
    "customer_type": tr("personal or corporate", domain="tables"),
    "age_band": tr("age band (personal)", domain="tables"),
    "education": tr("education (personal)", domain="tables"),
    "business_type": tr("wholesale, retail, agent, chain store", domain="tables"),
    "industry": tr("industry (corporate)", domain="tables"),
    "company_size": tr("company size (corporate)", domain="tables"),
    "business_status": tr("business status (corporate)", domain="tables"),
    "consent_marketing": tr("consent to marketing (a legal record)", domain="tables"),
    "region": "region",
    "city": "city",
    "country": tr("country", domain="tables"),
    "order_date": tr("first and latest order dates", domain="tables"),
    "revenue": tr("amounts: totals and average order value", domain="tables"),
    "cost": tr("cost of each line (for profit)", domain="tables"),
    "credit_terms_days": tr("payment term in days (账期)", domain="tables"),
    "wallet_estimate": tr("estimated spend with all suppliers", domain="tables"),
    "channel": tr("the channel the customer buys through", domain="tables"),
    "responded": tr("responses to offers", domain="tables"),
    "reason": tr("complaints and their reasons", domain="tables"),
    "satisfaction": tr("satisfaction and loyalty answers", domain="tables"),
}
#: (kind, table, field, what it holds): the fields lesson 01 looks for, by kind of data
FIELD_KINDS: tuple[tuple[str, str, str, str], ...] = tuple(
    (kind, table, field, _HOLDS[field])
    for kind, table, field in (
        ("profile", "customers", "name"),
        ("profile", "customers", "customer_type"),
        ("profile", "customers", "age_band"),
        ("profile", "customers", "education"),
        ("profile", "customers", "business_type"),
        ("profile", "customers", "industry"),
        ("profile", "customers", "company_size"),
        ("profile", "customers", "business_status"),
        ("profile", "customers", "consent_marketing"),
        ("regional", "customers", "region"),
        ("regional", "customers", "city"),
        ("regional", "customers", "country"),
        ("financial", "orders", "order_date"),
        ("financial", "orders", "revenue"),
        ("financial", "orders", "cost"),
        ("financial", "customers", "credit_terms_days"),
        ("financial", "customers", "wallet_estimate"),
        ("behavioural", "customers", "channel"),
        ("behavioural", "campaigns", "responded"),
        ("behavioural", "complaints", "reason"),
        ("behavioural", "survey", "satisfaction"),
    )
)

_KINDS = ("profile", "regional", "financial", "behavioural")


def _frames(tables: Any) -> dict[str, pd.DataFrame]:
    """The present tables by name, from CourseTables, a mapping or a single DataFrame."""
    if isinstance(tables, pd.DataFrame):
        return {"table": tables}
    if isinstance(tables, Mapping):
        return {str(k): v for k, v in tables.items() if v is not None}
    if hasattr(tables, "tables"):
        return dict(tables.tables())
    raise DataError(
        f"expected the course tables (load_tables(...)), a dict of DataFrames or a DataFrame, "
        f"not {type(tables).__name__}"
    )


def field_inventory(
    tables: Any,
    *,
    fields: Sequence[tuple[str, str, str, str]] = FIELD_KINDS,
    lang: str = "en",
) -> pd.DataFrame:
    """One row per field looked for: its kind, whether the data has it, how much is filled.

    ``fields`` holds (kind, table, field, what it holds); kind is one of profile,
    regional, financial, behavioural. Columns: ``kind, term`` (the kind's glossary
    term in ``lang``), ``table, field, holds`` (what it holds, in ``lang``), ``present,
    filled`` (the share of rows with a value; NaN when the field is absent).

    >>> orders = pd.DataFrame({"customer_id": ["C1", "C2"], "revenue": [5.0, None]})
    >>> inv = field_inventory({"orders": orders}, fields=[
    ...     ("financial", "orders", "revenue", "amounts"),
    ...     ("financial", "orders", "cost", "cost"),
    ...     ("profile", "customers", "name", "name")])
    >>> inv[["field", "present", "filled"]]
      field  present  filled
    0  revenue     True     0.5
    1     cost    False     NaN
    2     name    False     NaN
    """
    check_lang(lang)
    frames = _frames(tables)
    rows = []
    for kind, table, field, holds in fields:  # a few dozen fields, not data rows
        if kind not in _KINDS:
            raise DataError(f"field kind must be one of {_KINDS}, not {kind!r} (field {field!r})")
        frame = frames.get(table)
        present = frame is not None and field in frame.columns
        filled = float(frame[field].notna().mean()) if present and len(frame) else np.nan
        term = label(f"{kind}_data", lang)
        rows.append((kind, term, table, field, labels.label(holds, lang), present, filled))
    columns = ["kind", "term", "table", "field", "holds", "present", "filled"]
    return pd.DataFrame(rows, columns=columns)


#: profile fields that belong to one customer type: personal (age band, education) or
#: corporate (business type, industry, size, status)
TYPE_FIELDS = ("age_band", "education", "business_type", "industry", "company_size",
               "business_status")  # fmt: skip


def filled_by_type(
    customers: pd.DataFrame | None,
    *,
    fields: Sequence[str] = TYPE_FIELDS,
    by: str = "customer_type",
) -> pd.DataFrame | None:
    """The share of customers of each type with each type-specific field filled in.

    Rows are the customer types, columns the ``fields`` the table has. A field that
    belongs to one type should be near 100% for it and 0% for the others. None when
    there is no customer table, no ``by`` column or none of the fields.

    >>> customers = pd.DataFrame({"customer_type": ["personal", "personal", "corporate"],
    ...                           "age_band": ["30-39", None, None], "industry": [None] * 3})
    >>> filled_by_type(customers)
                   age_band  industry
    customer_type
    corporate           0.0       0.0
    personal            0.5       0.0
    """
    if customers is None or by not in customers.columns:
        return None
    present = [f for f in fields if f in customers.columns]
    if not present:
        return None
    return customers[present].notna().groupby(customers[by]).mean()


# --- sensitive data ---------------------------------------------------------------------------

#: category -> words that mark a column as sensitive (English word starts, Chinese text)
SENSITIVE_WORDS: dict[str, tuple[str, ...]] = {
    "health": ("health", "medical", "disease", "diagnos", "illness", "blood", "allerg",
               "disabilit", "pregnan", "健康", "病", "医疗", "血型", "残疾", "怀孕"),
    "religion or belief": ("religio", "faith", "belief", "宗教", "信仰"),
    "ethnic or racial origin": ("ethnic", "race", "racial", "民族", "种族"),
    "political opinion": ("politic", "政治", "党派"),
    "sex life or orientation": ("sexual", "orientation", "性取向", "性生活"),
    "biometric data": ("biometric", "fingerprint", "facial", "iris", "指纹", "人脸", "虹膜"),
    "genetic data": ("genetic", "genome", "dna", "基因"),
    "trade-union membership": ("union", "工会"),
    "criminal record": ("criminal", "conviction", "犯罪", "前科"),
    "identity document number": ("passport", "idcard", "身份证", "护照"),
}  # fmt: skip

_WORD_START = re.compile(r"[a-z]+")


def _tokens(name: str) -> list[str]:
    """Lower-case word pieces of a column name: 'bloodType_2' -> ['blood', 'type']."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return _WORD_START.findall(spaced.lower())


def sensitive_columns(
    tables: Any, *, words: Mapping[str, Sequence[str]] = SENSITIVE_WORDS
) -> pd.DataFrame:
    """Columns of any table whose name marks sensitive data: table, column, category.

    An English word matches the start of a word in the column name (``religio`` finds
    ``religion`` and ``religious_view``; ``race`` does not find ``trace_id``); Chinese
    words match anywhere in the name. Values are never read: the screen is on names.

    >>> customers = pd.DataFrame(columns=["customer_id", "bloodType", "宗教信仰", "region"])
    >>> sensitive_columns({"customers": customers})
           table     column            category
    0  customers  bloodType              health
    1  customers       宗教信仰  religion or belief
    """
    hits = []
    for table, frame in _frames(tables).items():
        for column in map(str, frame.columns):  # columns, not rows
            tokens = _tokens(column)
            for category, category_words in words.items():
                if any(
                    (w in column) if not w.isascii() else any(t.startswith(w) for t in tokens)
                    for w in category_words
                ):
                    hits.append((table, column, category))
                    break
    return pd.DataFrame(hits, columns=["table", "column", "category"])


# --- consent ----------------------------------------------------------------------------------


def consent_summary(
    customers: pd.DataFrame | None, campaigns: pd.DataFrame | None = None
) -> pd.Series:
    """Recorded marketing consent and campaign messages sent without it.

    Values: ``customers`` (rows of the customer table), ``consented`` (customers whose
    ``consent_marketing`` is true), ``consent_share``, ``messages`` (campaign rows) and
    ``messages_without_consent`` (messages to customers without a recorded yes,
    including customers missing from the customer table). NaN where the data does not
    say: no customer table, no ``consent_marketing`` column, no campaigns.

    >>> customers = pd.DataFrame({"customer_id": ["C1", "C2"], "consent_marketing": [True, False]})
    >>> campaigns = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "campaign_id": ["K1"] * 3})
    >>> consent_summary(customers, campaigns).tolist()
    [2.0, 1.0, 0.5, 3.0, 2.0]
    """
    out = dict.fromkeys(
        ["customers", "consented", "consent_share", "messages", "messages_without_consent"],
        np.nan,
    )
    if customers is not None:
        out["customers"] = float(len(customers))
    has_consent = customers is not None and "consent_marketing" in customers.columns
    if has_consent:
        consent = customers["consent_marketing"].fillna(False).astype(bool)
        out["consented"] = float(consent.sum())
        out["consent_share"] = float(consent.mean()) if len(consent) else np.nan
    if campaigns is not None:
        out["messages"] = float(len(campaigns))
        if has_consent:
            said_yes = customers.loc[consent.to_numpy(), "customer_id"]
            without = ~campaigns["customer_id"].isin(said_yes)
            out["messages_without_consent"] = float(without.sum())
    return pd.Series(out, dtype="float64")


# --- pseudonymisation: HMAC-SHA256 over many ids at once --------------------------------------


def _integer_root(value: int, power: int) -> int:
    """floor(value ** (1/power)) for a non-negative integer, exactly (Newton's method)."""
    x = 1 << ((value.bit_length() + power - 1) // power)
    while True:
        y = ((power - 1) * x + value // x ** (power - 1)) // power
        if y >= x:
            return x
        x = y


def _first_primes(n: int) -> list[int]:
    primes: list[int] = []
    candidate = 2
    while len(primes) < n:
        if all(candidate % p for p in primes if p * p <= candidate):
            primes.append(candidate)
        candidate += 1
    return primes


# SHA-256's constants (FIPS 180-4): the first 32 bits of the fractional parts of the
# cube roots of the first 64 primes, and of the square roots of the first 8 primes.
_PRIMES = _first_primes(64)
_K = np.array([_integer_root(p << 96, 3) & 0xFFFFFFFF for p in _PRIMES], dtype=np.uint32)
_H0 = np.array([_integer_root(p << 64, 2) & 0xFFFFFFFF for p in _PRIMES[:8]], dtype=np.uint32)


def _sigma(x: np.ndarray, shifts: tuple[int, int, int], out, t1, t2, *, last_shift=False):
    """rotr(x, s1) ^ rotr(x, s2) ^ (rotr or shift)(x, s3), into ``out`` (t1, t2: scratch)."""
    for k, s in enumerate(shifts):
        target = out if k == 0 else t1
        np.right_shift(x, s, out=target)
        if not (last_shift and k == 2):
            np.left_shift(x, 32 - s, out=t2)
            target |= t2
        if k:
            out ^= t1
    return out


_CHUNK = 1 << 15  # ids per pass: keeps the working arrays inside the CPU caches


def _compress(state: np.ndarray, block: np.ndarray) -> np.ndarray:
    """SHA-256 compression of one 64-byte block per column: state (8, n), block (16, n)."""
    n = block.shape[1]
    out = np.empty_like(state)
    for begin in range(0, n, _CHUNK):  # blocks of ids, not single ids
        cols = slice(begin, min(n, begin + _CHUNK))
        out[:, cols] = _compress_chunk(state[:, cols], block[:, cols])
    return out


def _compress_chunk(state: np.ndarray, block: np.ndarray) -> np.ndarray:
    m = block.shape[1]
    w = np.empty((64, m), dtype=np.uint32)
    w[:16] = block
    s0, s1, t1, t2 = (np.empty(m, dtype=np.uint32) for _ in range(4))
    for t in range(16, 64):  # the 48 schedule steps, each on all ids at once
        _sigma(w[t - 15], (7, 18, 3), s0, t1, t2, last_shift=True)
        _sigma(w[t - 2], (17, 19, 10), s1, t1, t2, last_shift=True)
        np.add(w[t - 16], s0, out=w[t])
        w[t] += w[t - 7]
        w[t] += s1
    a, b, c, d, e, f, g, h = (row.copy() for row in state)
    big1, big2, ch = (np.empty(m, dtype=np.uint32) for _ in range(3))
    for t in range(64):  # the 64 rounds, each on all ids at once
        _sigma(e, (6, 11, 25), big1, t1, t2)
        np.bitwise_and(e, f, out=ch)
        np.invert(e, out=t1)
        t1 &= g
        ch ^= t1
        big1 += h
        big1 += ch
        big1 += _K[t]
        big1 += w[t]  # big1 is now T1
        _sigma(a, (2, 13, 22), big2, t1, t2)
        np.bitwise_or(b, c, out=t1)
        t1 &= a
        np.bitwise_and(b, c, out=t2)
        t1 |= t2
        big2 += t1  # big2 is now T2
        d += big1  # the new e
        np.add(big1, big2, out=h)  # the new a
        a, b, c, d, e, f, g, h = h, a, b, c, d, e, f, g
    return state + np.stack([a, b, c, d, e, f, g, h])


def _key_states(key: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The SHA-256 states after the inner and the outer key block of HMAC."""
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    padded = np.frombuffer(key.ljust(64, b"\0"), dtype=np.uint8)
    states = []
    for pad in (0x36, 0x5C):
        words = (padded ^ np.uint8(pad)).view(">u4").astype(np.uint32)
        states.append(_compress(_H0.reshape(8, 1).copy(), words.reshape(16, 1)))
    return states[0], states[1]


def _message_bytes(values: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """UTF-8 bytes of a string array: the data, the start of each value and its length."""
    values = pc.cast(values, pa.large_string())
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    _, offsets, data = values.buffers()
    starts = np.frombuffer(offsets, dtype=np.int64)[values.offset : values.offset + len(values) + 1]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return raw, starts[:-1], np.diff(starts)


def _hmac_sha256(values: pa.Array, key: bytes) -> np.ndarray:
    """HMAC-SHA256 of every string in ``values``: an (n, 32) array of digest bytes."""
    inner, outer = _key_states(key)
    raw, starts, lengths = _message_bytes(values)
    n = len(lengths)
    blocks = (lengths + 9 + 63) // 64  # message + 0x80 + 8-byte length, in 64-byte blocks
    digests = np.empty((n, 32), dtype=np.uint8)
    for size in np.unique(blocks):  # usually one or two distinct sizes
        rows = np.flatnonzero(blocks == size)
        length = lengths[rows]
        matrix = np.zeros((len(rows), 64 * int(size)), dtype=np.uint8)
        width = int(length[0])
        if len(rows) == n and (lengths == width).all():  # fixed-width ids: one reshape
            begin = int(starts[0]) if n else 0
            matrix[:, :width] = raw[begin : begin + n * width].reshape(n, width)
        else:
            row_of = np.repeat(np.arange(len(rows)), length)
            first = np.repeat(np.cumsum(length) - length, length)
            column = np.arange(int(length.sum())) - first
            matrix[row_of, column] = raw[np.repeat(starts[rows], length) + column]
        matrix[np.arange(len(rows)), length] = 0x80
        bits = ((length + 64) * 8).astype(">u8").view(np.uint8).reshape(-1, 8)
        matrix[:, -8:] = bits
        words = matrix.view(">u4").astype(np.uint32)
        state = np.repeat(inner, len(rows), axis=1)
        for j in range(int(size)):
            state = _compress(state, words[:, 16 * j : 16 * (j + 1)].T)
        tail = np.zeros((16, len(rows)), dtype=np.uint32)
        tail[:8] = state
        tail[8] = 0x80000000
        tail[15] = (64 + 32) * 8
        final = _compress(np.repeat(outer, len(rows), axis=1), tail)
        digests[rows] = np.ascontiguousarray(final.T).astype(">u4").view(np.uint8).reshape(-1, 32)
    return digests


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def pseudonymise(ids: pd.Series, *, key: str | bytes, length: int = 12) -> pd.Series:
    """A keyed-hash code for every id: the first ``length`` hex digits of HMAC-SHA256.

    The same id always gets the same code (tables still join); without ``key`` the code
    cannot be traced back or recomputed. The id's text is hashed (``str`` of the value,
    UTF-8); missing ids stay missing. Keep the key with the data owner, never in the
    analysis files. Raises :class:`DataError` when two different ids get the same code
    (then pass a longer ``length``, up to 64).

    >>> import hmac, hashlib
    >>> code = pseudonymise(pd.Series(["C0042"]), key=b"k", length=64).iloc[0]
    >>> code == hmac.new(b"k", b"C0042", hashlib.sha256).hexdigest()
    True
    """
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not isinstance(key, bytes) or not key:
        raise DataError(
            "pseudonymise needs a secret key (key='...' or key=b'...'); keep it with the data "
            "owner, never in the analysis files."
        )
    if not isinstance(length, int | np.integer) or not 8 <= length <= 64:
        raise DataError(f"length must be a whole number of hex digits from 8 to 64, not {length!r}")
    series = ids if isinstance(ids, pd.Series) else pd.Series(ids)
    codes, uniques = pd.factorize(series)
    text = pd.Series(uniques).astype("str")
    digests = _hmac_sha256(pa.array(text.array), key)
    chars = np.empty((len(digests), 64), dtype=np.uint8)
    chars[:, 0::2] = _HEX[digests >> 4]
    chars[:, 1::2] = _HEX[digests & 15]
    chars = np.ascontiguousarray(chars[:, :length])
    offsets = np.arange(len(chars) + 1, dtype=np.int64) * length
    hexes = pa.Array.from_buffers(
        pa.large_string(), len(chars), [None, pa.py_buffer(offsets), pa.py_buffer(chars.tobytes())]
    )
    unique_codes = pd.array(hexes, dtype="str")
    if len(unique_codes) and pd.Series(unique_codes).nunique() < len(unique_codes):
        raise DataError(
            f"two different ids got the same {length}-digit code; pass a longer length "
            f"(up to 64), e.g. pseudonymise(ids, key=..., length={min(64, length + 8)})."
        )
    result = unique_codes.take(codes, allow_fill=True)
    return pd.Series(result, index=series.index, name=series.name)
