"""The course's data contract: canonical tables, their columns, and input checks.

Every helper accepts the canonical column names below. Loaders (see
:mod:`helpers.loading`) map other headers, English or Chinese, onto them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

#: Canonical columns per table. ``required`` must be present; ``optional`` may be.
TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "orders": {
        "required": ("customer_id", "order_id", "order_date", "product_id", "quantity", "revenue"),
        "optional": ("cost",),
    },
    "customers": {
        "required": ("customer_id",),
        "optional": (
            "name",
            "customer_type",
            "business_type",
            "industry",
            "region",
            "city",
            "channel",
            "first_seen",
            "credit_terms_days",
            "potential",
        ),
    },
    "products": {
        "required": ("product_id",),
        "optional": ("product_name", "category", "unit_price", "unit_cost"),
    },
    "complaints": {
        "required": ("customer_id", "complaint_date"),
        "optional": ("complaint_id", "reason", "resolved"),
    },
    "survey": {
        "required": ("customer_id", "satisfaction", "loyalty"),
        "optional": ("survey_date",),
    },
    "campaigns": {
        "required": ("customer_id", "campaign_id"),
        "optional": ("channel", "sent_date", "responded", "response_value"),
    },
    "leads": {
        "required": ("lead_id",),
        "optional": ("source", "created_date", "region", "interest", "converted_customer_id"),
    },
}


class DataError(ValueError):
    """Input data that a helper cannot use, with a message that says how to fix it."""


def require_columns(
    df: pd.DataFrame,
    columns: Iterable[str],
    *,
    table: str = "orders",
    purpose: str | None = None,
) -> None:
    """Raise :class:`DataError` naming every missing column and the fix.

    >>> orders = pd.DataFrame({"customer_id": [1], "amount": [9.5]})
    >>> require_columns(orders, ["customer_id", "revenue"])
    Traceback (most recent call last):
    ...
    helpers.schema.DataError: orders table: column 'revenue' not found; ...
    """
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"{table} table: expected a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if not missing:
        return
    names = ", ".join(repr(c) for c in missing)
    noun = "column" if len(missing) == 1 else "columns"
    why = f" (needed for {purpose})" if purpose else ""
    example = {"金额": "revenue"} if "revenue" in missing else {"<your header>": missing[0]}
    raise DataError(
        f"{table} table: {noun} {names} not found{why}; the columns are {list(df.columns)}. "
        f"Rename them, or load the file with a mapping such as columns={example}."
    )


def has_cost(orders: pd.DataFrame) -> bool:
    """True when order lines carry a usable ``cost`` column (needed for profit analyses).

    >>> has_cost(pd.DataFrame({"revenue": [1.0], "cost": [0.5]}))
    True
    >>> has_cost(pd.DataFrame({"revenue": [1.0]}))
    False
    """
    return "cost" in orders.columns and bool(orders["cost"].notna().any())
