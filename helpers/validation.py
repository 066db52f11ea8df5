"""Checks of loaded tables that become problems: ids, joins, survey scale (数据校验).

The loaders (:mod:`helpers.datasets`) run these on every data source, so every lesson
and the data check see the same problems:

- :func:`id_spellings`: ids that the one id rule (:func:`helpers.schema.normalise_ids`)
  made equal, and ids that would be equal under a rule the data options left off
  (case, leading zeros);
- :func:`join_report`: how many rows of each table find their customer (or product)
  among the order lines; below half is a warning;
- :func:`check_survey_scale`: answers outside the declared scale are an error; another
  declared scale is rescaled to 1-10 with a warning;
- :func:`shared_orders`: an order id that belongs to several customers is an error.

>>> orders = pd.DataFrame({"customer_id": ["C1", "C2"], "order_id": ["O1", "O1"]})
>>> [p.code for p in shared_orders(orders)]
['order_shared_by_customers']
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from helpers.i18n import tr
from helpers.schema import Problem, normalise_ids, quote, quote_list

#: the id columns of every table that hold the same kind of id
ID_KINDS: dict[str, tuple[tuple[str, str], ...]] = {
    "customer": (("orders", "customer_id"), ("customers", "customer_id"),
                 ("complaints", "customer_id"), ("survey", "customer_id"),
                 ("campaigns", "customer_id"), ("leads", "converted_customer_id")),
    "product": (("orders", "product_id"), ("products", "product_id")),
    "order": (("orders", "order_id"), ("complaints", "order_id")),
}  # fmt: skip
#: below this share of rows joining the order lines, a table gets a warning
JOIN_WARNING = 0.5
#: the scale every lesson reads survey answers on
COURSE_SCALE = (1, 10)
SURVEY_ANSWERS = ("satisfaction", "loyalty")


def _raw_ids(raw: Mapping[str, pd.DataFrame | None], kind: str) -> pd.Series:
    """Every distinct id of one kind as written in the raw tables (text, not yet normalised)."""
    parts = []
    for table, column in ID_KINDS[kind]:
        df = raw.get(table)
        if isinstance(df, pd.DataFrame) and column in df.columns:
            parts.append(pd.Series(pd.unique(df[column].dropna())))
    if not parts:
        return pd.Series([], dtype="str")
    values = pd.concat(parts, ignore_index=True)
    if values.dtype == object or pd.api.types.is_string_dtype(values):
        return pd.Series(pd.unique(values.astype("str")), dtype="str")
    # numbers (Excel, Parquet): the id rule writes 162.0 as "162", which is no new spelling
    return pd.Series(pd.unique(normalise_ids(values, case="keep")), dtype="str")


def id_spellings(
    raw: Mapping[str, pd.DataFrame | None], *, case: str = "upper", leading_zeros: str = "keep"
) -> list[Problem]:
    """Warnings about ids written in more than one way, across every table.

    ``raw`` holds the tables as read (ids not yet normalised). Ids that the rule made
    one id ("162" and "162.0", " c1" and "C1") are reported; so are ids that would be
    one id under a rule the data options leave off ("0162" and "162" while leading zeros
    are kept; "c1" and "C1" while case is kept), with the option that joins them.

    >>> raw = {"orders": pd.DataFrame({"customer_id": ["162", "162.0", "0163"]}),
    ...        "survey": pd.DataFrame({"customer_id": ["163"]})}
    >>> [p.code for p in id_spellings(raw)]
    ['ids_written_differently', 'ids_differ_by_leading_zeros']
    """
    found: list[Problem] = []
    for kind in ID_KINDS:
        written = _raw_ids(raw, kind)
        if written.empty:
            continue
        rule = normalise_ids(written, case=case, leading_zeros=leading_zeros)
        known = rule.notna()
        frame = pd.DataFrame({"written": written[known], "id": rule[known]})
        merged = frame[frame["id"].duplicated(keep=False)].sort_values(["id", "written"])
        if len(merged):
            same = merged.loc[merged["id"] == merged["id"].iloc[0], "written"]
            example = " and ".join(quote(x) for x in same.head(3))
            n = int(merged["id"].nunique())
            found.append(
                Problem(
                    "warning",
                    "ids_written_differently",
                    tr(
                        "{n:,} {kind} ids are written in more than one way (e.g. {example}); the "
                        "id rule (spaces trimmed, {case}, 162.0 read as 162) counts each as one id",
                        None,
                        domain="datacheck",
                        n=n,
                        kind=kind,
                        example=example,
                        case="upper and lower case alike" if case == "upper" else "case kept",
                    ),
                    tr("{kind} ids", None, domain="datacheck", kind=kind),
                    tr(
                        "nothing to do if they are the same {kind}; otherwise correct the ids in "
                        "the source{more}",
                        None,
                        domain="datacheck",
                        kind=kind,
                        more=tr(", or set the data option id_case: keep", None, domain="datacheck")
                        if case == "upper"
                        else "",
                    ),
                )
            )
        unique_ids = pd.Series(pd.unique(frame["id"]), dtype="str")
        for option, other, code, words in (
            ("id_leading_zeros", {"leading_zeros": "strip", "case": case},
             "ids_differ_by_leading_zeros", "leading zeros"),
            ("id_case", {"case": "upper", "leading_zeros": leading_zeros},
             "ids_differ_by_case", "upper and lower case"),
        ):  # fmt: skip
            if (option == "id_leading_zeros" and leading_zeros == "strip") or (
                option == "id_case" and case == "upper"
            ):
                continue
            alt = normalise_ids(unique_ids, **other)
            pairs = pd.DataFrame({"id": unique_ids, "alt": alt})
            clash = pairs[pairs["alt"].duplicated(keep=False)].sort_values(["alt", "id"])
            if clash.empty:
                continue
            first = clash[clash["alt"] == clash["alt"].iloc[0]]["id"]
            value = "strip" if option == "id_leading_zeros" else "upper"
            found.append(
                Problem(
                    "warning",
                    code,
                    tr(
                        "{n:,} {kind} ids differ only by {words} (e.g. {example}) and are counted "
                        "as different {kind}s",
                        None,
                        domain="datacheck",
                        n=int(clash["alt"].nunique()),
                        kind=kind,
                        words=words,
                        example=" and ".join(quote(x) for x in first.head(3)),
                    ),
                    tr("{kind} ids", None, domain="datacheck", kind=kind),
                    tr(
                        "if they are the same {kind}, set the data option {option}: {value}",
                        None,
                        domain="datacheck",
                        kind=kind,
                        option=option,
                        value=value,
                    ),
                )
            )
    return found


def join_report(tables: Mapping[str, pd.DataFrame | None]) -> tuple[pd.DataFrame, list[Problem]]:
    """How the other tables join the order lines, and warnings where fewer than half do.

    One row per (table, column): the rows with an id, the rows whose id is among the
    buyers (or the products sold), and the share. For the customers table it is the
    other way round: the buyers that have a customer row.

    >>> orders = pd.DataFrame({"customer_id": ["C1", "C2"], "product_id": ["P1", "P1"]})
    >>> survey = pd.DataFrame({"customer_id": ["C1", "X1", "X2"]})
    >>> joins, problems = join_report({"orders": orders, "survey": survey})
    >>> joins[["table", "rows", "found", "share"]].values.tolist()
    [['survey', 3, 1, 0.3333333333333333]]
    >>> problems[0].code
    'ids_do_not_join'
    """
    orders = tables["orders"]
    buyers = pd.Index(pd.unique(orders["customer_id"].dropna()))
    rows = []
    checks = [
        ("complaints", "customer_id", "rows"),
        ("survey", "customer_id", "rows"),
        ("campaigns", "customer_id", "rows"),
        ("leads", "converted_customer_id", "rows"),
    ]
    for table, column, unit in checks:  # fmt: skip
        df = tables.get(table)
        if isinstance(df, pd.DataFrame) and column in df.columns:
            ids = df[column].dropna()
            rows.append((table, column, unit, len(ids), int(ids.isin(buyers).sum())))
    customers = tables.get("customers")
    if isinstance(customers, pd.DataFrame) and "customer_id" in customers.columns:
        profiled = buyers.isin(customers["customer_id"].dropna())
        rows.append(("customers", "customer_id", "buyers", len(buyers), int(profiled.sum())))
    products = tables.get("products")
    if (
        isinstance(products, pd.DataFrame)
        and "product_id" in products.columns
        and "product_id" in orders.columns
    ):
        sold = orders["product_id"].dropna()
        found = int(sold.isin(products["product_id"].dropna()).sum())
        rows.append(("products", "product_id", "order lines", len(sold), found))
    joins = pd.DataFrame(rows, columns=["table", "column", "unit", "rows", "found"])
    joins["share"] = np.where(joins["rows"] > 0, joins["found"] / joins["rows"].clip(lower=1), 1.0)
    problems = []
    for r in joins.itertuples():
        if r.rows == 0 or r.share >= JOIN_WARNING or r.table in ("campaigns", "leads"):
            continue
        if r.table == "customers":
            what = tr(
                "only {found:,} of the {rows:,} buyers ({share:.1%}) have a row in the "
                "customers table, so the others have no profile (type, region ...)",
                None,
                domain="datacheck",
                found=r.found,
                rows=r.rows,
                share=r.share,
            )
        elif r.table == "products":
            what = tr(
                "only {found:,} of the {rows:,} order lines ({share:.1%}) sell a product "
                "found in the products table", None, domain="datacheck",
                found=r.found, rows=r.rows, share=r.share,
            )  # fmt: skip
        else:
            what = tr(
                "only {found:,} of the {rows:,} {table} rows ({share:.1%}) belong to a "
                "customer found among the buyers; the lessons use only those",
                None,
                domain="datacheck",
                found=r.found,
                rows=r.rows,
                share=r.share,
                table=r.table,
            )
        problems.append(
            Problem(
                "warning",
                "ids_do_not_join",
                what,
                tr("{table} table", None, domain="datacheck", table=r.table),
                tr(
                    "check that both tables use the same ids (the data check lists ids written "
                    "differently); if they come from another system, map its ids first",
                    None,
                    domain="datacheck",
                ),
            )
        )
    return joins, problems


def check_survey_scale(
    survey: pd.DataFrame, scale=COURSE_SCALE
) -> tuple[pd.DataFrame, list[Problem]]:
    """Survey answers checked against the declared scale and rescaled to 1-10.

    Answers outside ``scale`` are an error naming the values found and the data option;
    a scale other than 1-10 is rescaled linearly (lowest -> 1, highest -> 10) with a
    warning; answers on 1-10 that never go above the middle get a warning asking
    whether the survey used a shorter scale. Returns a new frame and the problems.

    >>> s = pd.DataFrame({"customer_id": ["A", "B"], "satisfaction": [0, 5], "loyalty": [5, 3]})
    >>> out, problems = check_survey_scale(s, (0, 5))
    >>> out["satisfaction"].tolist(), problems[0].code
    ([1.0, 10.0], 'survey_rescaled')
    >>> check_survey_scale(s)[1][0].code
    'survey_outside_scale'
    """
    low, high = (float(scale[0]), float(scale[1]))
    answers = [c for c in SURVEY_ANSWERS if c in survey.columns]
    problems: list[Problem] = []
    for col in answers:
        values = pd.to_numeric(survey[col], errors="coerce")
        outside = values.notna() & ((values < low) | (values > high))
        if outside.any():
            found = np.sort(pd.unique(values[outside]))
            problems.append(
                Problem(
                    "error",
                    "survey_outside_scale",
                    tr(
                        "{n:,} {col} answers are outside the survey scale {low:g}-{high:g} "
                        "(values found: {found}; the answers run from {lo:g} to {hi:g})",
                        None,
                        domain="datacheck",
                        n=int(outside.sum()),
                        col=col,
                        low=low,
                        high=high,
                        found=", ".join(f"{v:g}" for v in found[:10]),
                        lo=float(values.min()),
                        hi=float(values.max()),
                    ),
                    tr("survey table, column {col}", None, domain="datacheck", col=col),
                    tr(
                        "if the survey used another scale, set the data option survey_scale: "
                        "[lowest, highest] (for example [{lo:g}, {hi:g}]); otherwise correct "
                        "those answers",
                        None,
                        domain="datacheck",
                        lo=float(values.min()),
                        hi=float(max(values.max(), 1)),
                    ),
                )
            )
    if problems or not answers:
        return survey, problems
    out = survey.copy()
    if (low, high) != COURSE_SCALE:
        span = COURSE_SCALE[1] - COURSE_SCALE[0]
        for col in answers:
            values = pd.to_numeric(out[col], errors="coerce").astype("float64")
            out[col] = COURSE_SCALE[0] + (values - low) * span / (high - low)
        problems.append(
            Problem(
                "warning",
                "survey_rescaled",
                tr(
                    "the survey answers ({cols}) were given on a {low:g}-{high:g} scale and are "
                    "rescaled to the course's 1-10 scale ({low:g} -> 1, {high:g} -> 10), so the "
                    "lessons' cut-offs apply",
                    None,
                    domain="datacheck",
                    cols=", ".join(answers),
                    low=low,
                    high=high,
                ),
                tr("survey table", None, domain="datacheck"),
                tr(
                    "nothing to do if {low:g}-{high:g} is the survey's scale",
                    None,
                    domain="datacheck",
                    low=low,
                    high=high,
                ),
            )
        )
        return out, problems
    values = pd.concat([pd.to_numeric(out[c], errors="coerce") for c in answers]).dropna()
    middle = low + (high - low) / 2
    if len(values) >= 20 and values.max() <= middle:
        problems.append(
            Problem(
                "warning",
                "survey_scale_unused",
                tr(
                    "every survey answer is at most {hi:g} on the 1-10 scale: the survey may have "
                    "used a shorter scale, and read as 1-10 every respondent looks unhappy",
                    None,
                    domain="datacheck",
                    hi=float(values.max()),
                ),
                tr("survey table", None, domain="datacheck"),
                tr(
                    "if the survey used another scale, set the data option survey_scale (for "
                    "example [1, 5]); nothing to do if 1-10 is right",
                    None,
                    domain="datacheck",
                ),
            )
        )
    return out, problems


def shared_orders(orders: pd.DataFrame) -> list[Problem]:
    """An error when one order id belongs to several customers (every order has one buyer).

    >>> ok = pd.DataFrame({"customer_id": ["C1", "C1"], "order_id": ["O1", "O1"]})
    >>> shared_orders(ok)
    []
    """
    if "order_id" not in orders.columns or orders.empty:
        return []
    pairs = orders[["order_id", "customer_id"]].drop_duplicates()
    shared = pairs["order_id"].duplicated(keep=False)
    if not shared.any():
        return []
    ids = pairs.loc[shared, "order_id"]
    first = ids.iloc[0]
    who = pairs.loc[pairs["order_id"] == first, "customer_id"]
    return [
        Problem(
            "error",
            "order_shared_by_customers",
            tr(
                "{n:,} order ids belong to more than one customer (e.g. order {order} of "
                "customers {who}); every order has one buyer",
                None,
                domain="datacheck",
                n=int(ids.nunique()),
                order=quote(first),
                who=quote_list(who),
            ),
            tr("orders table, column order_id", None, domain="datacheck"),
            tr(
                "correct the customer ids of those lines; if the source numbers orders per "
                "customer, map no column to order_id and one order per customer and day is "
                "derived",
                None,
                domain="datacheck",
            ),
        )
    ]
