"""CSV files are read by pyarrow's reader when the text is well formed, and the table is the
one pandas' reader makes of it; every other text goes to pandas' reader, as before."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.loading import CSV_MISSING, _read_csv_arrow, csv_header, read_file
from helpers.parsing import parse_dates
from helpers.schema import DataError, by_distinct_value

PIECES = ['"a,b"', '" x "', '"a"b', '"\n"', "\\", "'", "N/A", "\x1f", "#", '"""', "a", "1",
          '"', ",", ";", "\n", "\r", " ", "NA", "", "é", "中", "\t", 'x"y', '""', '"q"', "nan",
          "NULL", "\x00", "\"NA\""]  # fmt: skip


def header_of(text: str) -> tuple[str, list[str]]:
    """The separator and header the loader finds in the first line."""
    return csv_header(text.split("\n", 1)[0])


def by_pandas(text: str, sep: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                       na_values=list(CSV_MISSING))  # fmt: skip


@st.composite
def csv_texts(draw) -> str:
    sep = draw(st.sampled_from([",", ";", "\t", "|"]))
    n = draw(st.integers(1, 4))
    names = st.sampled_from(["id", "date", "rev", "a b", '"q"', "x", "金额"])
    header = draw(st.lists(names, min_size=n, max_size=n))
    cell = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)
    rows = draw(st.lists(st.lists(cell, max_size=5), max_size=6))
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [sep.join(header)] + [sep.join(row) for row in rows]
    return eol.join(lines) + draw(st.sampled_from(["", eol]))


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(csv_texts())
def test_whatever_pyarrow_reads_pandas_reads_the_same(text):
    sep, header = header_of(text)
    fast = _read_csv_arrow(text.encode("utf-8"), sep, header)
    if fast is not None:
        pd.testing.assert_frame_equal(fast, by_pandas(text, sep), obj=repr(text))


ORDINARY = {
    "plain": "customer_id,order_date,revenue\nC1,2025-01-05,12.5\nC2,2025-01-06,3\n",
    "crlf and quotes": 'id;name;amount\r\n1;"Smith, J";"1,5"\r\n2;"say ""hi""";NA\r\n',
    "newline in a value": 'id,note\n1,"two\nlines"\n2,\n',
    "chinese": "客户编号,金额\nC1,￥88\nC2,\n",
}


@pytest.mark.parametrize("name", ORDINARY)
def test_ordinary_exports_take_the_fast_reader(name):
    text = ORDINARY[name]
    sep, header = header_of(text)
    fast = _read_csv_arrow(text.encode("utf-8"), sep, header)
    assert fast is not None
    pd.testing.assert_frame_equal(fast, by_pandas(text, sep))


AWKWARD = {
    "quote left open at the end": 'id,note\n1,ok\n2,"open\n',
    "line of spaces": "id,x\n1,2\n   \n3,4\n",
    "lone carriage returns": "id,x\r1,2\r3,4\r",
    "row with fewer fields": "id,x,y\n1,2\n3,4,5\n",
    "blank header": "id,,y\n1,2,3\n",
}


@pytest.mark.parametrize("name", AWKWARD)
def test_awkward_texts_are_left_to_pandas(name, tmp_path):
    text = AWKWARD[name]
    sep, header = header_of(text)
    assert _read_csv_arrow(text.encode("utf-8"), sep, header) is None
    path = tmp_path / "orders.csv"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        expected = by_pandas(text, sep)
    except pd.errors.ParserError:
        with pytest.raises(DataError, match="cannot be read as a table"):
            read_file(path)
        return
    pd.testing.assert_frame_equal(read_file(path), expected)


def test_a_header_alone_is_left_to_the_loader_s_no_rows_error(tmp_path):
    assert _read_csv_arrow(b"id,x\n", ",", ["id", "x"]) is None
    path = tmp_path / "orders.csv"
    path.write_text("id,x\n", encoding="utf-8")
    with pytest.raises(DataError, match="no data rows"):
        read_file(path)


def test_gbk_and_bom_files_read_as_before(tmp_path):
    text = "客户编号,金额\nC1,￥88\nC2,\n"
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(text.encode("gbk"))
    bom = tmp_path / "bom.csv"
    bom.write_bytes(text.encode("utf-8-sig"))
    expected = pd.DataFrame({"客户编号": ["C1", "C2"], "金额": ["￥88", np.nan]}, dtype="str")
    pd.testing.assert_frame_equal(read_file(gbk), expected)
    pd.testing.assert_frame_equal(read_file(bom), expected)


def test_a_rule_on_distinct_values_keeps_rows_index_and_missing_values():
    values = pd.Series([" b", None, "a ", " b", None], index=[10, 11, 12, 13, 14])
    seen = []

    def rule(distinct):
        seen.append(len(distinct))
        return pd.DataFrame({"text": distinct.str.strip(), "given": distinct.notna()})

    out = by_distinct_value(values, rule)
    assert seen == [3]  # " b", "a " and one missing value
    assert out.index.tolist() == [10, 11, 12, 13, 14]
    assert out["text"].tolist() == ["b", np.nan, "a", "b", np.nan]
    assert out["given"].tolist() == [True, False, True, True, False]


def test_dates_read_once_per_distinct_text_name_the_rows_of_the_bad_ones():
    values = ["2023-01-05", "05/01/2023", "2023-01-05", "soon", "2023/1/5", "soon"]
    with pytest.raises(DataError) as caught:
        parse_dates(values, dayfirst=True)
    assert "2 of 6 values" in str(caught.value) and "[3, 5]" in str(caught.value)
    read = parse_dates(values, dayfirst=True, errors="coerce")
    assert read.dt.strftime("%Y-%m-%d").fillna("-").tolist() == [
        "2023-01-05", "2023-01-05", "2023-01-05", "-", "2023-01-05", "-",
    ]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(csv_texts(), st.lists(st.integers(0, 60), max_size=6))
def test_the_shape_of_a_text_does_not_depend_on_its_blocks(text, cuts):
    from helpers.loading import CsvShape

    data = text.encode("utf-8")
    whole, blocks = CsvShape(), CsvShape()
    whole.feed(data)
    edges = [0, *sorted(min(c, len(data)) for c in cuts), len(data)]
    for begin, end in zip(edges, edges[1:], strict=False):
        blocks.feed(data[begin:end])
    assert blocks.plain() == whole.plain()


BATCH_TEXT = (
    "customer_id;order_date;note;revenue\r\n"
    'C1;2024-01-05;"two\r\nlines";"1,5"\r\n'
    "C2;2024-01-06;;NA\r\n"
    'C3;2024-01-07;"say ""hi""";3\r\n'
    "C4;2024-01-08;中文;4\r\n"
    "C5;2024-01-09;x;5\r\n"
)


@pytest.mark.parametrize("form", ["utf-8", "utf-8-sig", "gb18030", "gzip"])
@pytest.mark.parametrize("size", [1, 2, 5, 100])
@pytest.mark.parametrize("columns", [None, ["revenue", "customer_id"]])
def test_batches_read_by_pyarrow_are_pandas_chunks(tmp_path, form, size, columns):
    import gzip

    from helpers import batches

    name = "orders.csv.gz" if form == "gzip" else "orders.csv"
    data = BATCH_TEXT.encode("utf-8" if form == "gzip" else form)
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if form == "gzip" else data)
    shape = batches._csv_format(path, None)
    assert batches._arrow_reads(path, shape)
    found = list(batches._raw_batches(path, {}, size=size, columns=columns))
    chunks = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding=shape.encoding,
                         na_values=list(CSV_MISSING), chunksize=size, usecols=columns)  # fmt: skip
    expected = list(chunks)
    assert [len(b) for b in found] == [len(b) for b in expected]
    for mine, theirs in zip(found, expected, strict=True):
        pd.testing.assert_frame_equal(mine.reset_index(drop=True), theirs.reset_index(drop=True))


@pytest.mark.parametrize("name", AWKWARD)
def test_awkward_files_are_read_in_batches_by_pandas(name, tmp_path):
    from helpers import batches

    path = tmp_path / "orders.csv"
    path.write_text(AWKWARD[name], encoding="utf-8", newline="")
    try:
        shape = batches._csv_format(path, None)
    except DataError:
        return  # the blank header is refused before any reading
    assert not batches._arrow_reads(path, shape)
