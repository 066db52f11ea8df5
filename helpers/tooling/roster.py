"""A class roster (花名册) and the data each student works on.

The roster is a CSV (UTF-8, UTF-8 with BOM or GBK) or an Excel file with one row per
student: a student id and a name (headers ``student_id``/``id``/``学号`` and
``name``/``姓名``; other columns are ignored). :func:`read_roster` checks it before
anything is written: ids must be present, unique (also ignoring case, since Windows
folders ignore it) and safe as folder names (:func:`unsafe_id_reason`).

**Per-student data.** Each student's workbooks run on a variant of the course company
drawn by the generator with the student's own seed: same shape, other customers and
numbers, so neighbours' answers differ while every self-check stays valid (the answer
keys compute the expected answers from the data of the run). The seed follows one
stated, stable rule, :func:`student_seed`: six digits taken from the SHA-256 hash of the
student id. An exercise whose own default is another company (exercise 06 runs on
``course:seed7``) gets a second seed from the id *and* that default, so it stays another
company for the student too (:func:`student_data_source`). An exercise on data that is
not generated (a file, UCI Online Retail, the raw export) keeps its data.

>>> student_seed("S001")
750764
>>> student_data_source("S001", "course")
'course:seed750764'
>>> student_data_source("S001", "course:seed7")
'course:seed353116'
>>> student_data_source("S001", "online_retail")
'online_retail'
"""

from __future__ import annotations

import hashlib
import numbers
import re
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.datasets import course_variant
from helpers.loading import excel_sheets, read_file_checked
from helpers.schema import DataError, Problem, quote_list

#: the headers a roster's two columns may have (compared without case and spaces)
ID_HEADERS = ("student_id", "student id", "studentid", "id", "学号", "学生编号")
NAME_HEADERS = ("name", "student_name", "student name", "姓名", "学生姓名")
ROSTER_COLUMNS = ["student_id", "name"]

#: a student id that is safe as a folder name on every system
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
#: names Windows reserves for devices (a folder cannot have them)
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)

#: student seeds are six-digit numbers: never one of the course's own seeds (42, 7)
SEED_BASE = 100_000
SEED_SPAN = 900_000


# --- ids ----------------------------------------------------------------------------------------


def unsafe_id_reason(student_id: str) -> str | None:
    """Why ``student_id`` cannot name a folder, or None when it can.

    Allowed: 1 to 64 ASCII letters, digits, ``_``, ``-`` and ``.``, starting with a letter
    or digit, not ending with ``.``, and not a name Windows reserves (CON, NUL, COM1...).

    >>> unsafe_id_reason("2024-001") is None
    True
    >>> unsafe_id_reason("../etc")
    "'../etc' must start with a letter or a digit"
    >>> unsafe_id_reason("S 01")
    "'S 01' holds a character other than letters, digits, '_', '-' and '.'"
    """
    text = str(student_id)
    if not text:
        return "the id is empty"
    if len(text) > 64:
        return f"{text[:20]!r}... is longer than 64 characters"
    if not text[0].isascii() or not text[0].isalnum():
        return f"{text!r} must start with a letter or a digit"
    if not SAFE_ID.fullmatch(text):
        return f"{text!r} holds a character other than letters, digits, '_', '-' and '.'"
    if text.endswith("."):
        return f"{text!r} ends with '.'"
    if text.split(".")[0].lower() in RESERVED_NAMES:
        return f"{text!r} is a name Windows reserves for a device"
    return None


# --- seeds and data sources ---------------------------------------------------------------------


def student_seed(student_id: str, company: str | None = None) -> int:
    """The data seed of a student: ``100000 + (first 8 hex digits of SHA-256) mod 900000``.

    The hash is taken of the student id (UTF-8), or of ``"<id>|<company>"`` for an exercise
    whose own default data is another company than the course's. The same id always
    gives the same seed, on every machine and in every version of Python.

    >>> student_seed("S001"), student_seed("S001", "course:seed7")
    (750764, 353116)
    """
    text = str(student_id) if company is None else f"{student_id}|{company}"
    number = int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16)
    return SEED_BASE + number % SEED_SPAN


def student_data_source(student_id: str, default_source: str) -> str:
    """The data source of a student's copy of an exercise whose default is ``default_source``.

    ``"course"`` becomes ``"course:seedN"`` with the student's seed N; another generated
    company (``"course:seed7"``, ``"course:seed3,shape=flat"``) becomes the same kind of
    company with a second seed of the student; any other source is kept. The seed is
    written ``seedN``, not ``seed=N``: papermill reads a parameter line with one ``=`` only.

    >>> student_data_source("S001", "course:seed=3,shape=flat,customers=300")
    'course:seed371181,shape=flat,customers=300'
    """
    source = str(default_source).strip()
    if source == "course":
        return f"course:seed{student_seed(student_id)}"
    if source == "course:raw" or course_variant(source) is None:
        return source
    kept = [p.strip() for p in source[len("course:") :].split(",")]
    kept = [p for p in kept if not re.fullmatch(r"seed\s*=?\s*\d+", p)]
    return "course:" + ",".join([f"seed{student_seed(student_id, source)}", *kept])


def is_per_student(default_source: str) -> bool:
    """True when an exercise on ``default_source`` can run on per-student data.

    >>> is_per_student("course"), is_per_student("course:raw"), is_per_student("sales.csv")
    (True, False, False)
    """
    return student_data_source("x", default_source) != str(default_source).strip()


# --- reading a roster ---------------------------------------------------------------------------


def _fold(header: object) -> str:
    return re.sub(r"\s+", " ", str(header).strip().lower())


def _find_column(columns: list, accepted: tuple[str, ...]) -> object | None:
    folded = {_fold(c): c for c in columns}
    return next((folded[h] for h in accepted if h in folded), None)


def _as_text(values: pd.Series) -> pd.Series:
    """Cells as text; a whole number stored as a number (an Excel cell holding 2024001)
    without a decimal part. Text is kept as it is ("001" stays "001")."""
    stored_as_number = values.map(lambda v: isinstance(v, numbers.Real) and not isinstance(v, bool))
    numeric = pd.to_numeric(values.where(stored_as_number), errors="coerce")
    whole = numeric.notna() & (numeric == np.round(numeric))
    text = values.astype("string").str.strip()
    text = text.where(~whole, numeric.round().astype("Int64").astype("string"))
    return text.fillna("")


def _roster_error(what: str, path: Path, fix: str, code: str = "roster") -> DataError:
    return DataError(what, code=code, where=path.name, fix=fix)


def read_roster(path: str | Path) -> pd.DataFrame:
    """The students of a roster file: columns ``student_id`` and ``name`` (text), in file order.

    Every problem found is reported at once (a :class:`~helpers.schema.DataError` listing
    them); nothing is guessed: a workbook with several sheets, a missing column, an empty,
    repeated or unsafe id stop with the fix.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "class.csv").write_bytes("学号,姓名\\n001,张三\\n002,李四\\n".encode("gbk"))
    >>> read_roster(folder / "class.csv")
      student_id name
    0        001   张三
    1        002   李四
    """
    path = Path(path).expanduser()
    if path.name.lower().endswith((".xlsx", ".xlsm", ".xls")) and path.exists():
        sheets = excel_sheets(path)
        if len(sheets) > 1:
            raise _roster_error(
                f"the roster workbook has {len(sheets)} sheets ({quote_list(sheets, 5)})",
                path,
                "keep only the sheet with the students, or save that sheet as CSV",
                "roster_sheets",
            )
    frame, _ = read_file_checked(path)
    columns = list(frame.columns)
    id_column = _find_column(columns, ID_HEADERS)
    name_column = _find_column(columns, NAME_HEADERS)
    if id_column is None or name_column is None:
        missing = [
            f"{label} (header {' or '.join(repr(h) for h in headers[:4])})"
            for label, column, headers in (
                ("the student id", id_column, ID_HEADERS),
                ("the name", name_column, NAME_HEADERS),
            )
            if column is None
        ]
        raise _roster_error(
            f"the roster has no column for {' and '.join(missing)}; its columns are "
            f"{quote_list(columns, 10)}",
            path,
            "name the columns student_id and name (or 学号 and 姓名)",
            "roster_columns",
        )
    roster = pd.DataFrame(
        {"student_id": _as_text(frame[id_column]), "name": _as_text(frame[name_column])}
    )
    problems = roster_problems(roster, path.name)
    if problems:
        raise DataError(problems[0].what, code=problems[0].code, problems=problems)
    return roster


def _lines(mask: pd.Series, limit: int = 5) -> str:
    """File lines of the rows in ``mask`` (the header is line 1)."""
    lines = (np.flatnonzero(mask.to_numpy()) + 2).tolist()
    shown = ", ".join(str(n) for n in lines[:limit])
    return shown + (f" and {len(lines) - limit} more" if len(lines) > limit else "")


def roster_problems(roster: pd.DataFrame, where: str = "roster") -> list[Problem]:
    """Every problem of a roster's ids: empty, unsafe as folder names, repeated.

    >>> roster = pd.DataFrame({"student_id": ["S1", "s1", "a/b", ""], "name": ["", "", "", ""]})
    >>> [p.code for p in roster_problems(roster)]
    ['roster_empty_id', 'roster_unsafe_id', 'roster_duplicate_id']
    """
    ids = roster["student_id"].astype("string").fillna("")
    problems = []
    empty = ids.eq("")
    if empty.any():
        problems.append(
            Problem("error", "roster_empty_id",
                    f"{int(empty.sum()):,} student(s) have no id (lines {_lines(empty)})",
                    where, "give every student an id, or delete the empty lines")
        )  # fmt: skip
    reasons = ids[~empty].map(unsafe_id_reason).dropna()
    if len(reasons):
        problems.append(
            Problem("error", "roster_unsafe_id",
                    f"{len(reasons):,} id(s) cannot name a folder: {'; '.join(reasons.head(3))}",
                    where, "use ids of letters, digits, '_', '-' and '.' only (such as "
                    "2024001 or S-01)")
        )  # fmt: skip
    folded = ids.str.lower()
    repeated = folded.duplicated(keep=False) & ~empty
    if repeated.any():
        problems.append(
            Problem("error", "roster_duplicate_id",
                    f"{int(folded[repeated].nunique()):,} id(s) appear more than once (ignoring "
                    f"case): {quote_list(ids[repeated], 5)} (lines {_lines(repeated)})",
                    where, "give each student one line and one id")
        )  # fmt: skip
    return problems
