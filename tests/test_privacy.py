"""Privacy helpers: the keyed hash equals the standard HMAC, screens and inventories."""

import hashlib
import hmac

import numpy as np
import pandas as pd
import pytest

from helpers import privacy
from helpers.schema import DataError
from helpers.tables import CourseTables


def reference(key: bytes, value: str, length: int = 64) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:length]


@pytest.mark.parametrize("key", [b"k", b"course-demo-key", b"x" * 64, b"long key " * 20])
def test_pseudonyms_are_hmac_sha256_for_every_message_length(key):
    # lengths around the block edges: 55 bytes fit one block with padding, 56 need two
    ids = ["", "C0042", "a" * 55, "b" * 56, "c" * 63, "d" * 64, "e" * 119, "f" * 120,
           "客户-42", "x" * 300, "O'Brien & <Co>"]  # fmt: skip
    codes = privacy.pseudonymise(pd.Series(ids), key=key, length=64)
    assert codes.tolist() == [reference(key, i) for i in ids]


def test_fixed_width_ids_take_the_fast_path_and_agree():
    ids = pd.Series([f"C{i:05d}" for i in range(3000)] * 2)
    codes = privacy.pseudonymise(ids, key="k", length=16)
    assert codes.iloc[1234] == reference(b"k", "C01234", 16)
    assert (codes.iloc[:3000].to_numpy() == codes.iloc[3000:].to_numpy()).all()
    assert codes.nunique() == 3000


def test_same_id_same_code_missing_stays_missing_input_untouched():
    ids = pd.Series(["C2", None, "C1", "C2"], index=[10, 11, 12, 13], name="customer_id")
    before = ids.copy()
    codes = privacy.pseudonymise(ids, key="secret", length=12)
    pd.testing.assert_series_equal(ids, before)
    assert codes.index.tolist() == [10, 11, 12, 13] and codes.name == "customer_id"
    assert codes[10] == codes[13] == reference(b"secret", "C2", 12)
    assert pd.isna(codes[11])
    assert codes[12] != codes[10]


def test_numbers_are_hashed_as_their_text():
    codes = privacy.pseudonymise(pd.Series([162, 7]), key="k", length=12)
    assert codes.tolist() == [reference(b"k", "162", 12), reference(b"k", "7", 12)]


def test_another_key_gives_other_codes():
    ids = pd.Series(["C1", "C2"])
    assert (privacy.pseudonymise(ids, key="a") != privacy.pseudonymise(ids, key="b")).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"key": ""}, "needs a secret key"), ({"key": None}, "needs a secret key"),
     ({"key": "k", "length": 4}, "from 8 to 64"), ({"key": "k", "length": 65}, "from 8 to 64")],
)  # fmt: skip
def test_bad_key_or_length_is_a_clear_error(kwargs, message):
    with pytest.raises(DataError, match=message):
        privacy.pseudonymise(pd.Series(["C1"]), **kwargs)


def test_a_collision_is_an_error_not_a_silent_merge(monkeypatch):
    # force every digest to the same bytes: two ids would share a code
    monkeypatch.setattr(
        privacy, "_hmac_sha256", lambda values, key: np.zeros((len(values), 32), np.uint8)
    )
    with pytest.raises(DataError, match="same 8-digit code; pass a longer length"):
        privacy.pseudonymise(pd.Series(["C1", "C2"]), key="k", length=8)


def test_sensitive_columns_by_word_start_and_chinese_text():
    customers = pd.DataFrame(
        columns=["customer_id", "HealthStatus", "religious_view", "trace_id", "embrace",
                 "民族", "blood_type", "union_member", "region", "身份证号"]
    )  # fmt: skip
    found = privacy.sensitive_columns({"customers": customers, "orders": pd.DataFrame()})
    assert found.to_dict("list") == {
        "table": ["customers"] * 6,
        "column": [
            "HealthStatus",
            "religious_view",
            "民族",
            "blood_type",
            "union_member",
            "身份证号",
        ],  # fmt: skip
        "category": [
            "health",
            "religion or belief",
            "ethnic or racial origin",
            "health",
            "trade-union membership",
            "identity document number",
        ],  # fmt: skip
    }


def test_no_sensitive_column_gives_an_empty_table_with_the_columns():
    found = privacy.sensitive_columns(pd.DataFrame(columns=["customer_id", "revenue"]))
    assert found.empty and found.columns.tolist() == ["table", "column", "category"]


def test_screen_takes_course_tables():
    orders = pd.DataFrame({"customer_id": ["C1"], "order_id": ["O1"],
                           "order_date": pd.to_datetime(["2025-01-01"]), "product_id": ["P1"],
                           "quantity": [1], "revenue": [1.0], "diagnosis": ["x"]})  # fmt: skip
    found = privacy.sensitive_columns(CourseTables("t", orders))
    assert found.values.tolist() == [["orders", "diagnosis", "health"]]
    with pytest.raises(DataError, match="expected the course tables"):
        privacy.sensitive_columns(42)


def test_field_inventory_present_and_filled():
    customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
                              "region": ["N", None, "S", "S"]})  # fmt: skip
    inv = privacy.field_inventory({"customers": customers, "orders": pd.DataFrame()}, lang="zh")
    row = inv.set_index("field").loc["region"]
    assert (row["kind"], row["term"], bool(row["present"]), row["filled"]) == (
        "regional", "区域资料", True, 0.75)  # fmt: skip
    assert len(inv) == len(privacy.FIELD_KINDS)
    assert inv["present"].sum() == 1
    assert inv.loc[~inv["present"], "filled"].isna().all()
    with pytest.raises(DataError, match="field kind must be one of"):
        privacy.field_inventory({}, fields=[("personal", "customers", "x", "x")])


def test_consent_summary_counts_messages_without_a_yes():
    customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
                              "consent_marketing": [True, False, None, True]})  # fmt: skip
    campaigns = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C9", "C4"],
                              "campaign_id": ["K"] * 5})  # fmt: skip
    s = privacy.consent_summary(customers, campaigns)
    assert s.to_dict() == {"customers": 4, "consented": 2, "consent_share": 0.5,
                           "messages": 5, "messages_without_consent": 3}  # fmt: skip


def test_consent_summary_says_nothing_it_does_not_know():
    no_column = privacy.consent_summary(pd.DataFrame({"customer_id": ["C1"]}))
    assert no_column["customers"] == 1
    assert no_column[["consented", "consent_share", "messages"]].isna().all()
    nothing = privacy.consent_summary(None, None)
    assert nothing.isna().all()
    only_campaigns = privacy.consent_summary(None, pd.DataFrame({"customer_id": ["C1"]}))
    assert only_campaigns["messages"] == 1 and np.isnan(only_campaigns["messages_without_consent"])


def test_filled_by_type_only_with_types_and_fields():
    customers = pd.DataFrame(
        {
            "customer_type": ["personal", "personal", "corporate", "corporate"],
            "age_band": ["30-39", None, None, None],
            "industry": [None, None, "retail", "IT"],
            "region": ["N", "S", "N", "S"],
        }
    )
    table = privacy.filled_by_type(customers)
    assert table.columns.tolist() == ["age_band", "industry"]
    assert table.loc["personal"].tolist() == [0.5, 0.0]
    assert table.loc["corporate"].tolist() == [0.0, 1.0]
    assert privacy.filled_by_type(customers.drop(columns="customer_type")) is None
    assert privacy.filled_by_type(customers[["customer_type", "region"]]) is None
    assert privacy.filled_by_type(None) is None
