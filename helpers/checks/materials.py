"""Material the exercises hand out (练习材料): tables a question works on.

- :func:`candidate_fields`: the fields someone proposed for the customer database
  (exercise 01, designing a collection form);
- :func:`raw_delivery`: the course company's data as its order system delivered it, with
  real faults and a missing table (exercise 06, checking data before trusting it).

>>> candidate_fields()["sensitive"].sum()
np.int64(3)
>>> delivery = raw_delivery()
>>> delivery.missing(), delivery.cleaning.rows_in > delivery.cleaning.rows_out
(['complaints'], True)
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from helpers.datasets import load_tables
from helpers.tables import CourseTables

#: the raw export: a GBK CSV for October-November and an Excel workbook for December
RAW_FILES = (("orders_2025-10_11_gbk.csv", None), ("orders_2025-12.xlsx", "orders"))


def candidate_fields() -> pd.DataFrame:
    """Fields proposed for the customer database: kind of data, which customers they apply
    to (personal, corporate or both) and whether they are sensitive personal information."""
    rows = [
        ("company name", "profile", "corporate", False),
        ("registered address", "profile", "corporate", False),
        ("legal representative", "profile", "corporate", False),
        ("main shareholders", "profile", "corporate", False),
        ("industry", "profile", "corporate", False),
        ("company size", "profile", "corporate", False),
        ("business status", "profile", "corporate", False),
        ("contact person and work phone", "profile", "corporate", False),
        ("age band", "profile", "personal", False),
        ("education", "profile", "personal", False),
        ("family situation", "profile", "personal", False),
        ("hobbies and lifestyle", "profile", "personal", False),
        ("contact person's religion", "profile", "both", True),
        ("contact person's health history", "profile", "both", True),
        ("contact person's blood type", "profile", "both", True),
        ("region and city", "regional", "both", False),
        ("regions the customer serves", "regional", "corporate", False),
        ("credit rating", "financial", "corporate", False),
        ("payment terms (days)", "financial", "corporate", False),
        ("first and latest order date", "financial", "both", False),
        ("average order value", "financial", "both", False),
        ("outstanding balance", "financial", "both", False),
        ("responses to offers", "behavioural", "both", False),
        ("complaints and disputes", "behavioural", "both", False),
        ("late deliveries or payments", "behavioural", "both", False),
    ]
    return pd.DataFrame(rows, columns=["field", "kind", "applies_to", "sensitive"])


def raw_delivery() -> CourseTables:
    """The course company's last quarter as the order system exported it (the files in
    ``datasets/raw_export``, faults included, cleaned with the course's rules) with the
    company's other tables, except the complaints table, which was not delivered
    (the data source ``"course:raw"``)."""
    return _raw_delivery()


@cache
def _raw_delivery() -> CourseTables:
    return load_tables("course:raw")
