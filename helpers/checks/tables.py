"""Comparing a table answer with the expected one, whatever form the student gave it.

The form does not count, the content does:

- a Series or a one-column DataFrame; the labels in the index or in a column (found by
  their values, whatever the column is called); a default or a named index; int or float;
- row order is ignored where the rows are labels (grades, regions, customers in a list)
  and checked only where order is the point (rankings, ``ordered=True``), where rows that
  tie may come in any order;
- numbers match to the precision the lessons show (:mod:`helpers.checks.policy`);
- columns are matched by name only when the question names them (``named=True``), else
  by their values; extra columns are ignored.

Hints speak of the student's own table and of the expected shape (``what``), never of
internal column names the student never saw.

>>> want = pd.Series([30.0, 20.0, 10.0], index=pd.Index(["b", "a", "c"], name="customer_id"))
>>> spec = TableSpec(want, what=Hint("x", "one row per customer with its revenue"), ordered=True)
>>> compare_table(want.sort_values(), spec).reason.text()
'the right rows, smallest first: sort them largest first (ascending=False)'
>>> compare_table(want.rename("revenue").reset_index(), spec).correct
True
>>> compare_table(want.round(-1).to_frame("r").assign(extra=1), spec).correct
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from helpers.checks.messages import N_, Hint, number_text, value_text
from helpers.checks.policy import Kind, compare, infer_kind
from helpers.checks.values import (
    RIGHT,
    RIGHT_ROUNDED,
    Outcome,
    describe_difference,
    labels_of,
    type_name,
    wrong,
)


@dataclass(frozen=True)
class TableSpec:
    """What a table answer must hold.

    ``expected``: a Series or DataFrame; a named or non-default index holds the row
    labels, a default RangeIndex means rows without labels. ``what`` describes the
    expected shape in the question's words. ``kinds`` gives the kind of each number
    column (inferred when absent). ``sort_by`` is the column a ranking is sorted by
    (default: the first); ``descending`` its direction. ``running`` names columns of
    running totals (a cumulative share): customers that tie may come in either order, so
    these are compared as sorted values.
    """

    expected: pd.Series | pd.DataFrame
    what: Hint
    ordered: bool = False
    named: bool = False
    kinds: Mapping[str, Kind] = field(default_factory=dict)
    sort_by: str | None = None
    descending: bool = True
    running: tuple[str, ...] = ()  # running totals: rows that tie may swap them

    @property
    def frame(self) -> pd.DataFrame:
        exp = self.expected
        if isinstance(exp, pd.Series):  # a Series' name is not part of the answer
            exp = exp.to_frame(name="value")
        return exp

    @property
    def keyed(self) -> bool:
        index = self.frame.index
        return not (isinstance(index, pd.RangeIndex) and index.name is None)

    def kind(self, column: str) -> Kind:
        return self.kinds.get(column) or infer_kind(_numbers(self.frame[column]))


def _numbers(column: pd.Series) -> np.ndarray:
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _is_number_column(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


# --- the student's table in a comparable form ---------------------------------------------------


def _as_frame(answer: Any) -> pd.DataFrame | None:
    if isinstance(answer, pd.DataFrame):
        return answer
    if isinstance(answer, pd.Series):
        return answer.to_frame(name="__value__" if answer.name is None else answer.name)
    if isinstance(answer, dict) and answer:
        return pd.Series(answer).to_frame(name="__value__")
    return None


def _find_key(ans: pd.DataFrame, labels: set[str]) -> tuple[pd.DataFrame, int]:
    """The answer with the labels that best match ``labels`` as its index, and how many match."""
    best, best_hits = ans, -1
    candidates = [("index", None)] + [("column", c) for c in ans.columns]
    for where, column in candidates:
        values = ans.index if where == "index" else ans[column]
        if where == "column" and _is_number_column(values) and not _integral(values):
            continue
        hits = len(set(labels_of(values)) & labels)
        if hits > best_hits:
            keyed = ans if where == "index" else ans.set_index(column)
            best, best_hits = keyed, hits
    return best, best_hits


def _integral(values: pd.Series) -> bool:
    v = _numbers(values)
    v = v[np.isfinite(v)]
    return bool(len(v)) and bool(np.all(v == np.rint(v)))


def _default_like(index: pd.Index) -> bool:
    """Rows numbered 0, 1, 2... (perhaps shuffled by a sort): no labels of their own."""
    if index.name is not None or not pd.api.types.is_integer_dtype(index):
        return False
    return set(index) == set(range(len(index)))


# --- the comparison -----------------------------------------------------------------------------


def compare_table(answer: Any, spec: TableSpec, *, ordered: bool | None = None) -> Outcome:
    """Is ``answer`` the table ``spec`` describes? (``ordered`` overrides the spec.)"""
    ordered = spec.ordered if ordered is None else ordered
    exp = spec.frame
    ans = _as_frame(answer)
    if ans is None:
        if hasattr(answer, "__len__") and not isinstance(answer, str):
            return wrong("not_a_table", N_("expected a table ({what}); got a {kind} of {n} "
                                           "values, without row labels"),
                         what=spec.what, kind=type_name(answer), n=len(answer))  # fmt: skip
        return wrong(
            "not_a_table",
            N_("expected a table ({what}); got {kind} {value}"),
            what=spec.what,
            kind=type_name(answer),
            value=value_text(answer),
        )
    if spec.keyed:
        labels = labels_of(exp.index)
        ans, hits = _find_key(ans, set(labels))
        if hits <= 0 and len(exp):
            if _default_like(ans.index):
                msgid = N_(
                    "your rows are numbered 0, 1, 2...: the labels belong in the index "
                    "or in a column ({what})"
                )
                return wrong("no_labels", msgid, what=spec.what)
            return wrong(
                "wrong_labels",
                N_(
                    "none of your row labels is an expected one (for example "
                    "{example}); expected {what}"
                ),
                example=value_text(ans.index[0]) if len(ans) else "-",
                what=spec.what,
            )
        mine = labels_of(ans.index)
        if len(set(mine)) < len(mine):
            dup = pd.Series(mine)[pd.Series(mine).duplicated()].iloc[0]
            return wrong("duplicate_labels", N_("the row {label} appears more than once: group the "
                                                "rows first"), label=value_text(dup))  # fmt: skip
        expected = set(labels)
        extra = [m for m in mine if m not in expected]
        if extra:
            return wrong(
                "extra_rows",
                N_("{n} of your rows should not be there (for example {example}); expected {what}"),
                n=len(extra),
                example=value_text(extra[0]),
                what=spec.what,
            )
        missing = len(expected - set(mine))
        if missing:
            return wrong(
                "missing_rows",
                N_("{n} of the {total} expected rows are missing; expected {what}"),
                n=missing,
                total=len(labels),
                what=spec.what,
            )
        ans = ans.set_axis(mine, axis=0)
        exp_aligned = exp.set_axis(labels, axis=0)
        order = list(mine)
        ans = ans.loc[list(labels)]
    else:
        if len(ans) != len(exp):
            way = N_("more") if len(ans) > len(exp) else N_("fewer")
            return wrong("row_count", N_("your table has {n} rows, {way} than expected ({what})"),
                         n=len(ans), way=Hint("word", way), what=spec.what)  # fmt: skip
        ans = ans.reset_index(drop=True)
        exp_aligned = exp.reset_index(drop=True)
        order = None

    paired = _pair_columns(ans, exp_aligned, spec)
    if isinstance(paired, Outcome):
        return paired
    if not spec.keyed and not ordered:
        ans, exp_aligned = _sorted_alike(paired, exp_aligned, spec)
        paired = {c: ans[c] for c in exp_aligned.columns}
    rounded = False
    for column in exp_aligned.columns:
        verdict = _compare_column(paired[column], exp_aligned[column], column, spec)
        if isinstance(verdict, Outcome):
            if not spec.keyed and ordered and _same_rows_unordered(ans, exp_aligned, spec):
                return wrong("wrong_order", N_("the right rows in another order: {how}"),
                             how=_order_words(spec))  # fmt: skip
            return verdict
        rounded |= verdict
    if ordered and spec.keyed:
        problem = _order_problem(order, exp_aligned, spec)
        if problem is not None:
            return problem
    return RIGHT_ROUNDED if rounded else RIGHT


def _matches(got: pd.Series, want: pd.Series, column: str, spec: TableSpec) -> bool:
    if not spec.keyed:  # rows without labels: compare the column's values as a set
        got = pd.Series(np.sort(labels_of(got)) if not _is_number_column(got)
                        else np.sort(_numbers(got)))  # fmt: skip
        want = pd.Series(np.sort(labels_of(want)) if not _is_number_column(want)
                         else np.sort(_numbers(want)))  # fmt: skip
    return not isinstance(_compare_column(got, want, column, spec), Outcome)


def _pair_columns(ans: pd.DataFrame, exp: pd.DataFrame, spec: TableSpec) -> dict | Outcome:
    """The answer's column for each expected column: by name (when the question names
    them), then by values, then the only column of the same type left."""
    paired: dict[str, pd.Series] = {}
    free = list(ans.columns)
    if spec.named:
        for column in exp.columns:
            if column in free:
                paired[column] = ans[column]
                free.remove(column)
    for column in [c for c in exp.columns if c not in paired]:
        found = next((c for c in free if _matches(ans[c], exp[column], column, spec)), None)
        if found is not None:
            paired[column] = ans[found]
            free.remove(found)
    for column in [c for c in exp.columns if c not in paired]:
        alike = [c for c in free if _is_number_column(ans[c]) == _is_number_column(exp[column])]
        if spec.named:
            return wrong("missing_column", N_("your table has no column {column} (the question "
                                              "asks for it); expected {what}"),
                         column=repr(str(column)), what=spec.what)  # fmt: skip
        if not alike:
            return wrong("no_values", N_("your table has no column with the expected values; "
                                         "expected {what}"), what=spec.what)  # fmt: skip
        if len(alike) > 1:
            return wrong("no_column_matches", N_("none of your columns holds the expected values; "
                                                 "expected {what}"), what=spec.what)  # fmt: skip
        paired[column] = ans[alike[0]]
        free.remove(alike[0])
    return paired


def _compare_column(got: pd.Series, want: pd.Series, column: str, spec: TableSpec):
    """False (exact), True (rounded somewhere) or the Outcome that says what differs."""
    if column in spec.running and _is_number_column(got):
        got = pd.Series(np.sort(_numbers(got)), index=got.index)
        want = pd.Series(np.sort(_numbers(want)), index=want.index)
    if _is_number_column(want):
        kind = spec.kind(column)
        a, e = _numbers(got), _numbers(want)
        verdicts = compare(a, e, kind)
        ok = np.isin(verdicts, ["exact", "rounded"])
        if ok.all():
            return bool((verdicts == "rounded").any())
        return _number_column_hint(a, e, verdicts, got.index, column, spec, kind)
    if pd.api.types.is_datetime64_any_dtype(want):
        a = pd.to_datetime(got, errors="coerce").to_numpy()
        same = (a == want.to_numpy()) | (pd.isna(a) & want.isna().to_numpy())
    else:
        same = labels_of(got) == labels_of(want)
    if np.all(same):
        return False
    bad = int((~np.asarray(same)).sum())
    where = got.index[int(np.argmin(same))]
    msgid = N_(
        "{bad} of {n} values differ from the expected ones (for example the row {row}: {value})"
    )
    value = value_text(got.iloc[int(np.argmin(same))])
    return wrong("labels_differ", msgid, bad=bad, n=len(same), row=value_text(where), value=value)


def _number_column_hint(a, e, verdicts, index, column, spec: TableSpec, kind: Kind) -> Outcome:
    wrong_rows = ~np.isin(verdicts, ["exact", "rounded"])
    named = f"{column!r}: " if spec.named else ""
    if np.all(verdicts[wrong_rows] == "too_coarse"):
        msgid = N_("{column}rounded too much: keep more digits (the checks expect {precision})")
        return wrong("rounded_too_much", msgid, column=named,
                     precision=Hint("precision", kind.what))  # fmt: skip
    missing = wrong_rows & np.isnan(a) & (e == 0)
    if missing.any() and (missing == wrong_rows).all():
        msgid = N_("{column}some values are missing (NaN) where the answer is 0: fill them with 0")
        return wrong("nan_for_zero", msgid, column=named)
    if np.isnan(a[wrong_rows]).any():
        return wrong(
            "nan_values",
            N_("{column}{n} values are missing (NaN); expected {what}"),
            column=named,
            n=int(np.isnan(a[wrong_rows]).sum()),
            what=spec.what,
        )
    nonzero = wrong_rows & (e != 0)
    if nonzero.any():
        ratios = a[nonzero] / e[nonzero]
        if np.allclose(ratios, ratios[0], rtol=1e-3):
            factor = describe_difference(float(ratios[0]), 1.0, kind)
            if factor.reason.code not in ("too_high", "too_low"):
                return Outcome(
                    factor.status,
                    Hint(
                        factor.reason.code,
                        N_("{column}{finding}"),
                        {"column": named, "finding": factor.reason},
                    ),
                )
    first = int(np.argmax(wrong_rows))
    diff = describe_difference(float(a[first]), float(e[first]), kind).reason
    row = value_text(index[first]) if spec.keyed else number_text(first + 1)
    return wrong("values_differ", N_("{column}{bad} of {n} values differ from the expected ones "
                                     "(for example the row {row}: {difference})"),
                 column=named, bad=int(wrong_rows.sum()), n=len(a), row=row,
                 difference=diff)  # fmt: skip


def _sorted_alike(paired: dict, exp: pd.DataFrame, spec: TableSpec):
    """Rows without labels, compared as a set: both sorted by every column."""
    ans = pd.DataFrame({c: paired[c].to_numpy() for c in exp.columns})

    def key(frame: pd.DataFrame) -> pd.DataFrame:
        cols = {}
        for c in exp.columns:
            if _is_number_column(exp[c]):
                cols[c] = np.round(_numbers(frame[c]), 2)
            else:
                cols[c] = labels_of(frame[c])
        return pd.DataFrame(cols)

    a_order = key(ans).sort_values(list(exp.columns), kind="stable").index
    e_order = key(exp).sort_values(list(exp.columns), kind="stable").index
    return ans.loc[a_order].reset_index(drop=True), exp.loc[e_order].reset_index(drop=True)


def _same_rows_unordered(ans: pd.DataFrame, exp: pd.DataFrame, spec: TableSpec) -> bool:
    paired = {c: ans[c] for c in exp.columns if c in ans.columns}
    if len(paired) != len(exp.columns):
        return False
    a, e = _sorted_alike(paired, exp, spec)
    return all(not isinstance(_compare_column(a[c], e[c], c, spec), Outcome) for c in e.columns)


def _order_words(spec: TableSpec) -> Hint:
    if spec.descending:
        return Hint("order", N_("sort them largest first (ascending=False)"))
    return Hint("order", N_("sort them smallest first"))


def _order_problem(order: list[str], exp: pd.DataFrame, spec: TableSpec) -> Outcome | None:
    """None when the answer's row order is the expected ranking (ties in any order)."""
    by = spec.sort_by or exp.columns[0]
    ranked = pd.Series(_numbers(exp[by]), index=exp.index).reindex(order).to_numpy()
    steps = np.diff(ranked)
    if spec.descending and np.all(steps <= 1e-9 * np.maximum(1, np.abs(ranked[1:]))):
        return None
    if not spec.descending and np.all(steps >= -1e-9 * np.maximum(1, np.abs(ranked[1:]))):
        return None
    reverse = np.all(steps >= 0) if spec.descending else np.all(steps <= 0)
    if reverse:
        if spec.descending:
            return wrong("ascending", N_("the right rows, smallest first: sort them largest first "
                                         "(ascending=False)"))  # fmt: skip
        return wrong("descending", N_("the right rows, largest first: sort them smallest first"))
    return wrong(
        "wrong_order", N_("the right rows in another order: {how}"), how=_order_words(spec)
    )
