"""Tables prepared once: what a notebook reads back is what loading gave, and a folder made
from other data, mapping or options is never used."""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

from helpers import prepared
from helpers.datasets import load_tables, load_tables_checked
from helpers.lesson import start

SOURCES = [
    "course",
    "course:raw",
    "course:seed=7",
    "course:shape=flat",
    "course:shape=no_cost",
    "course:shape=orders_only",
    "course:seed=5,customers=23",
]


def assert_same_tables(found, expected):
    assert found.name == expected.name
    assert found.default_as_of == expected.default_as_of
    assert found.problems == expected.problems
    assert sorted(found.tables()) == sorted(expected.tables())
    for name, df in expected.tables().items():
        pd.testing.assert_frame_equal(getattr(found, name), df, check_exact=True, obj=name)
    for part in ("summary", "changed"):
        pd.testing.assert_frame_equal(
            getattr(found.cleaning, part), getattr(expected.cleaning, part), obj=part
        )
    # the dropped rows are kept as they were read; cells of mixed kinds are stored as text
    as_text = [
        df.astype({c: "str" for c in df.columns if df[c].dtype == object})
        for df in (found.cleaning.dropped, expected.cleaning.dropped)
    ]
    pd.testing.assert_frame_equal(*as_text, obj="dropped")
    assert (found.cleaning.rows_in, found.cleaning.rows_out) == (
        expected.cleaning.rows_in,
        expected.cleaning.rows_out,
    )
    assert found.cleaning.absolute_revenue_in == expected.cleaning.absolute_revenue_in
    if expected.joins is None:
        assert found.joins is None
    else:
        pd.testing.assert_frame_equal(found.joins, expected.joins)


@pytest.mark.parametrize("source", SOURCES)
def test_prepared_tables_are_the_loaded_tables(source, tmp_path):
    expected = load_tables(source)
    folder = prepared.write_prepared(expected, tmp_path / "prepared", data_source=source)
    assert folder.parent == tmp_path / "prepared" and (folder / prepared.MANIFEST).exists()
    found, problems = prepared.read_prepared(folder, source)
    assert_same_tables(found, expected)
    assert problems == expected.problems
    assert not found.sampled
    # the same through the data option, as a notebook of a re-run reads it
    through, _ = load_tables_checked(source, options={"prepared": str(folder)})
    assert_same_tables(through, expected)


def test_the_lessons_see_the_same_run(tmp_path):
    source = "course:seed=3,customers=60"
    folder = prepared.write_prepared(load_tables(source), tmp_path, data_source=source)
    direct = start(source, as_of="2025-07-01", show=False)
    again = start(source, None, {"prepared": str(folder)}, as_of="2025-07-01", show=False)
    pd.testing.assert_frame_equal(again.orders, direct.orders)
    assert again.as_of == direct.as_of


@pytest.fixture
def export(tmp_path):
    """A small raw export with a mapping file and data options, as a trainer has them."""
    lines = load_tables("course:seed=4,customers=40").orders
    raw = lines.rename(columns={"customer_id": "Kunde", "revenue": "金额"})
    raw["order_id"] = raw["order_id"].where(raw.index % 9 != 0, "X" + raw["order_id"])
    path = tmp_path / "export.csv"
    raw.to_csv(path, index=False)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("Kunde: customer_id\n", encoding="utf-8")
    options = {"cancellation_prefix": "X", "memory_budget": "3GB"}
    return path, mapping, options


def test_a_file_source_round_trips_with_its_mapping_and_options(export, tmp_path):
    path, mapping, options = export
    expected = load_tables(path, mapping, options=options)
    assert expected.cleaning.counts("dropped")["cancellation"] > 0
    folder = prepared.write_prepared(
        expected, tmp_path / "p", data_source=path, column_mapping=mapping, options=options
    )
    assert folder.name == prepared.prepared_key(path, mapping, options)
    found = load_tables(path, mapping, options={**options, "prepared": str(folder)})
    assert_same_tables(found, expected)
    # the memory budget says how to analyse, not how to clean: the same folder serves
    other_budget = {**options, "memory_budget": 1, "prepared": str(folder)}
    assert not any(p.code == "prepared_not_used" for p in load_tables(path, mapping,
                   options=other_budget).problems)  # fmt: skip


def test_the_key_follows_the_contents_not_the_dates(export):
    path, mapping, options = export
    key = prepared.prepared_key(path, mapping, options)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    assert prepared.prepared_key(path, mapping, options) == key
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert prepared.prepared_key(path, mapping, options) != key


@pytest.mark.parametrize(
    "change,why",
    [
        ("file", "the data files changed since it was made"),
        ("mapping", "it was made with another column mapping"),
        ("options", "it was made with other data options"),
        ("source", "it was made from"),
    ],
)
def test_a_folder_made_from_other_data_is_not_used_and_says_why(export, tmp_path, change, why):
    path, mapping, options = export
    tables = load_tables(path, mapping, options=options)
    folder = prepared.write_prepared(
        tables, tmp_path / "p", data_source=path, column_mapping=mapping, options=options
    )
    if change == "file":
        text = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(text[:-5]) + "\n", encoding="utf-8")
    elif change == "mapping":
        mapping.write_text("Kunde: customer_id\nsheet: null\n", encoding="utf-8")
    elif change == "options":
        options = {**options, "cancellation_prefix": None}
    else:
        path = shutil.copy(path, tmp_path / "copy.csv")
    with pytest.raises(prepared.PreparedMismatch, match=why):
        prepared.read_prepared(folder, path, mapping, options)
    again = load_tables(path, mapping, options={**options, "prepared": str(folder)})
    expected = load_tables(path, mapping, options=options)
    pd.testing.assert_frame_equal(again.orders, expected.orders)
    warning = again.problems[-1]
    assert warning.code == "prepared_not_used" and why in warning.what
    assert "loaded and cleaned again" in warning.what


def test_a_folder_that_is_not_prepared_tables_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text('{"made_by": "someone"}', encoding="utf-8")
    with pytest.raises(prepared.PreparedMismatch, match="holds no prepared tables"):
        prepared.read_prepared(tmp_path, "course")
    tables = load_tables("course:seed=3,customers=30", options={"prepared": str(tmp_path / "x")})
    assert tables.problems[-1].code == "prepared_not_used"


def test_an_existing_folder_of_the_same_key_is_kept(tmp_path):
    source = "course:seed=3,customers=30"
    tables = load_tables(source)
    first = prepared.write_prepared(tables, tmp_path, data_source=source)
    stamp = (first / prepared.MANIFEST).stat().st_mtime_ns
    assert prepared.write_prepared(tables, tmp_path, data_source=source) == first
    assert (first / prepared.MANIFEST).stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [first.name]  # no half-written folder left
