"""Labels of the tables helpers return, shown in the run's language (表格标签).

Helpers name rows and values of their tables in English: a cleaning reason, a row of the
data checklist, a verdict. The code uses them as keys (``report.rows("return")``,
``checklist.loc["missing customer id"]``), so they stay English in the tables. What a
student *sees* follows the run's language: :func:`label` gives one label in ``lang``,
:func:`translated` a copy of a table for display with its labels translated.

The translation of a label is, in this order: the glossary's term when the label is a
glossary term (the rule the charts and readings use, :func:`helpers.glossary.value_label`),
else its entry in the ``tables`` catalogue (``helpers/locale/zh/tables.po``), else the
label as it is (data values such as a region name are never translated). A module that
puts a label into a table writes it once as ``tr("...", domain="tables")`` where it is
defined: that is English when the code runs, and it is how the label reaches the
catalogue.

>>> label("missing customer id", "zh"), label("zero quantity", "zh"), label("North", "zh")
('缺少客户编号', '数量为零', 'North')
>>> table = pd.DataFrame({"reason": ["return", "zero quantity"], "rows": [3, 1]})
>>> translated(table, "zh", columns=["reason"])["reason"].tolist()
['退货', '数量为零']
>>> translated(table, "en", columns=["reason"]).equals(table)
True
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.glossary import value_label
from helpers.i18n import catalogue, check_lang

#: the catalogue of the labels helpers put into tables (helpers/locale/<lang>/tables.po)
DOMAIN = "tables"


def label(value: object, lang: str = "en") -> str:
    """``value`` as a student reads it in ``lang``: a glossary term, a label of the
    ``tables`` catalogue, or the value unchanged."""
    text = str(value)
    if check_lang(lang) == "en":
        return text
    term = value_label(text, lang)
    if term != text:
        return term
    found = catalogue(lang, DOMAIN).get((None, text), text)
    return found if isinstance(found, str) else found[0]


def _labels(values: Iterable[object], lang: str) -> dict[object, object]:
    """Each distinct text label and its translation (numbers, dates and NaN stay)."""
    distinct = pd.unique(pd.Series(list(values), dtype=object))
    return {v: label(v, lang) if isinstance(v, str) else v for v in distinct}


def translated(
    table: pd.DataFrame | pd.Series,
    lang: str = "en",
    *,
    columns: Iterable[str] = (),
    index: bool = True,
    values: bool = False,
) -> pd.DataFrame | pd.Series:
    """A copy of ``table`` for display, its labels in ``lang``.

    ``index``: the row labels; ``columns``: the columns (of a DataFrame) whose values are
    labels; ``values``: the values of a Series. Each distinct label is looked up once, so
    a long table costs no more than its distinct labels. English gives an equal copy.

    >>> s = pd.Series({"rows": 10, "cancellation rows": 2}, name="GBK CSV")
    >>> translated(s, "zh").index.tolist()
    ['行数', '取消单行数']
    """
    check_lang(lang)
    out = table.copy()
    if lang == "en":
        return out
    if index and not isinstance(out.index, pd.MultiIndex):
        out.index = out.index.map(_labels(out.index, lang))
    if isinstance(out, pd.Series):
        if values:
            out = out.map(_labels(out, lang))
        return out
    for column in columns:
        if column not in out.columns:
            raise KeyError(f"translated: no column {column!r}; columns are {list(out.columns)}")
        out[column] = out[column].map(_labels(out[column], lang))
    return out
