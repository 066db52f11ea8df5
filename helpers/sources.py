"""The data sources the course knows by name, and where its bundled data lives.

:func:`helpers.datasets.load_tables` reads them; a re-run's prepared tables
(:mod:`helpers.prepared`) are keyed on them. Kept apart so that both can use them
without importing each other.
"""

from __future__ import annotations

from helpers.paths import DATASETS_DIR

#: data sources known by name (besides "course", "course:raw" and "course:seed=N")
NAMED_SOURCES = ("online_retail", "online_retail_ii")

COURSE_DIR = DATASETS_DIR / "course"
RAW_EXPORT_DIR = DATASETS_DIR / "raw_export"


def is_named_source(source: str) -> bool:
    """True for a data source given by name (not a path): "course", "course:...", UCI sets.

    >>> is_named_source("course:seed=7"), is_named_source("online_retail_ii")
    (True, True)
    >>> is_named_source("exports/orders.csv")
    False
    """
    source = str(source).strip()
    return source == "course" or source.startswith("course:") or source in NAMED_SOURCES
