"""Loyalty classification (客户忠诚度分析): attitude (survey) and behaviour (orders, leads).

Every rule of lesson 05 lives here, once; charts (:mod:`helpers.plots.loyalty`) and
readings (:mod:`helpers.readings.loyalty`) receive the tables these functions return.

- the **satisfaction x loyalty matrix** (忠诚矩阵) from survey answers on the 1-10
  scale, six types. :func:`matrix_regions` is the rule (one region per type);
  :func:`loyalty_matrix_types` applies it. Defaults: loyalty >= 7 is high loyalty;
  satisfaction < 4 is low, 4-6 medium, >= 7 high; an apostle has both scores >= 9.

  ==============  =====================  ====================  =====================
  loyalty         satisfaction low       medium                high
  ==============  =====================  ====================  =====================
  high (>= 7)     hostage 不自主者       hostage 不自主者      loyalist 忠诚者
                                                               (apostle 热心追随者 when
                                                               both scores >= 9)
  low (< 7)       terrorist 恐惧分子     defector 背叛者       mercenary 唯利是图者
  ==============  =====================  ====================  =====================

- the six **behavioural loyalty classes** (:func:`behavioural_loyalty_classes`) from the
  customer summary (how long and how often they buy, whether they are active and not
  losing value) plus the leads (non-users);
- the **relationship continuum** (关系连续体, :func:`relationship_stages`) and the test
  of the textbook's claim that loyalty rises with closeness (:func:`closeness_steps`);
- the complaints: by type, by reason, and which steps of the handling flow are recorded.

The survey, complaints and leads are optional tables, and may lack optional columns;
:func:`known_before` gathers what a run has and says what is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers._aggregate import (
    as_timestamp,
    by_customer,
    from_cents,
    numeric_column,
    safe_divide,
    to_cents,
)
from helpers.params import PARAMETERS
from helpers.schema import DataError, require_columns

__all__ = [
    "LOYALTY_TYPES",
    "BEHAVIOURAL_CLASSES",
    "CUSTOMER_CLASSES",
    "NON_USER_CLASSES",
    "RELATIONSHIP_STAGES",
    "COMPLAINT_FLOW",
    "LoyaltyInputs",
    "known_before",
    "matrix_regions",
    "loyalty_matrix_types",
    "behavioural_loyalty_classes",
    "loyalty_type_table",
    "behavioural_class_table",
    "survey_coverage",
    "cutoff_sensitivity",
    "type_count_spread",
    "relationship_stages",
    "continuum_table",
    "closeness_steps",
    "complaints_by_type",
    "attitude_vs_behaviour",
    "complaint_flow",
    "complaints_by_reason",
]

#: The six types of the satisfaction x loyalty matrix, from best to worst.
LOYALTY_TYPES = ("apostle", "loyalist", "hostage", "mercenary", "defector", "terrorist")

#: The six behavioural loyalty classes: four of customers, then two of non-users (leads).
BEHAVIOURAL_CLASSES = (
    "loyal_will_stay",
    "loyal_may_switch",
    "occasional_may_buy_more",
    "occasional_may_buy_less",
    "non_user_may_convert",
    "non_user_unlikely",
)
CUSTOMER_CLASSES = BEHAVIOURAL_CLASSES[:4]
NON_USER_CLASSES = BEHAVIOURAL_CLASSES[4:]

#: The relationship continuum, from distant to close.
RELATIONSHIP_STAGES = ("distant", "pure_transaction", "close_relationship")

#: The seven steps of complaint handling and the complaints column that would record each.
COMPLAINT_FLOW = (
    ("define_problem", "reason"),
    ("customer_wants", "customer_request"),
    ("can_we_provide", "provider"),
    ("agree_solution", "solution"),
    ("escalate", "escalated"),
    ("check_satisfaction", "satisfaction_checked"),
    ("record", "complaint_id"),
)

DECLINING_BELOW = PARAMETERS["declining_below"].default


# ---------------------------------------------------------------- what the run has


@dataclass(frozen=True)
class LoyaltyInputs:
    """The optional tables of lesson 05 as known before the as-of date.

    A table is None when the data has none (or none of its rows is before the as-of
    date); ``missing`` lists, per table, the optional columns it lacks that the lesson
    would use: ``survey_date`` (the survey is then one wave), ``reason`` and ``resolved``
    of complaints, ``created_date`` of leads (without it the two non-user classes
    cannot be told apart, so ``leads`` is None).
    """

    survey: pd.DataFrame | None
    complaints: pd.DataFrame | None
    leads: pd.DataFrame | None
    rows: dict[str, int] = field(default_factory=dict)
    missing: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def survey_dated(self) -> bool:
        return "survey_date" not in self.missing.get("survey", ())


def _dated_before(table: pd.DataFrame | None, column: str, as_of: pd.Timestamp):
    if table is None:
        return None
    if column in table.columns:
        table = table[pd.to_datetime(table[column]) < as_of]
    return table if len(table) else None


def known_before(tables, as_of) -> LoyaltyInputs:
    """The survey, complaints and leads of ``tables`` (a CourseTables) usable on ``as_of``.

    Dated rows count when dated before ``as_of``; a survey without dates counts as one
    wave taken before it.

    >>> from helpers.tables import CourseTables
    >>> orders = pd.DataFrame({"customer_id": ["C1"], "order_id": ["O1"],
    ...     "order_date": pd.to_datetime(["2025-03-01"]), "product_id": ["P1"],
    ...     "quantity": [1], "revenue": [9.5]})
    >>> survey = pd.DataFrame({"customer_id": ["C1"], "satisfaction": [8], "loyalty": [9]})
    >>> inputs = known_before(CourseTables("x", orders, survey=survey), "2025-04-01")
    >>> len(inputs.survey), inputs.survey_dated, inputs.complaints, inputs.missing
    (1, False, None, {'survey': ('survey_date',)})
    """
    as_of = as_timestamp(as_of)
    survey = _dated_before(tables.survey, "survey_date", as_of)
    complaints = _dated_before(tables.complaints, "complaint_date", as_of)
    leads = tables.leads
    wanted = {
        "survey": ("survey_date",),
        "complaints": ("reason", "resolved"),
        "leads": ("created_date",),
    }
    missing: dict[str, tuple[str, ...]] = {}
    rows: dict[str, int] = {}
    for name, table in (("survey", survey), ("complaints", complaints), ("leads", leads)):
        original = getattr(tables, name)
        if original is None:
            continue
        rows[name] = 0 if table is None else len(table)
        lacking = tuple(c for c in wanted[name] if c not in original.columns)
        if lacking:
            missing[name] = lacking
    if leads is not None and "created_date" not in leads.columns:
        leads = None
    return LoyaltyInputs(survey, complaints, leads, rows, missing)


# ---------------------------------------------------------------- the matrix


def matrix_regions(
    *,
    satisfaction_cuts: Sequence[float] = (4, 7),
    loyalty_cut: float = 7,
    apostle_min: float = 9,
) -> pd.DataFrame:
    """The rule of the satisfaction x loyalty matrix: the answers of each of the six types.

    One row per type, in the order of :data:`LOYALTY_TYPES`; a type holds the answers
    with ``satisfaction_from <= satisfaction < satisfaction_to`` and ``loyalty_from <=
    loyalty < loyalty_to`` (open ends are infinite). The apostles' corner lies inside
    the loyalists' region and takes precedence; the other regions do not overlap, and
    together they cover every pair of answers. ``band`` is the loyalty band.

    >>> bounds = matrix_regions().drop(columns="band")
    >>> bounds.loc["hostage"].tolist(), bounds.loc["terrorist"].tolist()
    ([-inf, 7.0, 7.0, inf], [-inf, 4.0, -inf, 7.0])
    """
    if len(satisfaction_cuts) != 2:
        raise DataError(
            f"satisfaction_cuts must be two numbers (low_below, high_from), got {satisfaction_cuts}"
        )
    low_below, high_from = (float(c) for c in satisfaction_cuts)
    if low_below > high_from:
        raise DataError(
            f"satisfaction_cuts must be (low_below, high_from) with low_below <= high_from, "
            f"got {tuple(satisfaction_cuts)}"
        )
    cut, inf = float(loyalty_cut), np.inf
    corner_sat, corner_loy = max(float(apostle_min), high_from), max(float(apostle_min), cut)
    rows = {  # satisfaction from, to; loyalty from, to; band
        "apostle": (corner_sat, inf, corner_loy, inf, "high"),
        "loyalist": (high_from, inf, cut, inf, "high"),
        "hostage": (-inf, high_from, cut, inf, "high"),
        "mercenary": (high_from, inf, -inf, cut, "low"),
        "defector": (low_below, high_from, -inf, cut, "low"),
        "terrorist": (-inf, low_below, -inf, cut, "low"),
    }
    table = pd.DataFrame.from_dict(
        rows,
        orient="index",
        columns=["satisfaction_from", "satisfaction_to", "loyalty_from", "loyalty_to", "band"],
    )
    table.index.name = "loyalty_type"
    return table


def loyalty_matrix_types(
    survey: pd.DataFrame,
    *,
    satisfaction_cuts: Sequence[float] = (4, 7),
    loyalty_cut: float = 7,
    apostle_min: float = 9,
) -> pd.DataFrame:
    """The satisfaction x loyalty type of each surveyed customer (latest answer each).

    The types follow :func:`matrix_regions` with the same cut-offs. Columns:
    ``satisfaction, loyalty, satisfaction_level, loyalty_level, loyalty_type``. With
    several answers per customer the latest ``survey_date`` counts; a survey without
    dates must hold one answer per customer.

    >>> s = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4", "C5", "C6"],
    ...                   "satisfaction": [10, 8, 3, 9, 5, 2],
    ...                   "loyalty": [9, 8, 9, 3, 4, 1]})
    >>> loyalty_matrix_types(s)["loyalty_type"].tolist()
    ['apostle', 'loyalist', 'hostage', 'mercenary', 'defector', 'terrorist']
    """
    require_columns(
        survey, ["customer_id", "satisfaction", "loyalty"], table="survey", purpose="loyalty types"
    )
    regions = matrix_regions(
        satisfaction_cuts=satisfaction_cuts, loyalty_cut=loyalty_cut, apostle_min=apostle_min
    )
    answers = survey[["customer_id", "satisfaction", "loyalty"]].copy()
    if "survey_date" in survey.columns:
        answers["survey_date"] = pd.to_datetime(survey["survey_date"])
        answers = answers.sort_values(
            ["customer_id", "survey_date", "satisfaction", "loyalty"], kind="stable"
        ).drop_duplicates("customer_id", keep="last")
    elif answers["customer_id"].duplicated().any():
        repeated = answers["customer_id"].duplicated(keep=False)
        dup = answers.loc[answers["customer_id"].duplicated(), "customer_id"].head(5).tolist()
        raise DataError(
            f"survey table: {int(repeated.sum()):,} rows belong to customers who answered more "
            f"than once (for example {dup}) and there is no 'survey_date' column to pick the "
            "latest answer; add the survey date or keep one answer per customer."
        )
    table = answers.set_index("customer_id").sort_index(kind="stable")
    sat = numeric_column(table, "satisfaction", table_name="survey")
    loy = numeric_column(table, "loyalty", table_name="survey")
    bad = np.isnan(sat) | np.isnan(loy)
    if bad.any():
        raise DataError(
            f"survey table: {int(bad.sum()):,} answers lack satisfaction or loyalty (for example "
            f"customers {table.index[bad][:5].tolist()}); drop those rows before typing."
        )
    inside = [
        (sat >= r.satisfaction_from)
        & (sat < r.satisfaction_to)
        & (loy >= r.loyalty_from)
        & (loy < r.loyalty_to)
        for r in regions.itertuples()
    ]  # six regions, not rows: the first region that holds an answer is its type
    codes = np.select(inside, np.arange(len(regions)), default=-1)
    low_below, high_from = satisfaction_cuts
    sat_level = np.where(sat < low_below, 0, np.where(sat < high_from, 1, 2))
    high_loyalty = loy >= loyalty_cut
    return pd.DataFrame(
        {
            "satisfaction": table["satisfaction"],
            "loyalty": table["loyalty"],
            "satisfaction_level": pd.Categorical.from_codes(
                sat_level, categories=["low", "medium", "high"], ordered=True
            ),
            "loyalty_level": pd.Categorical.from_codes(
                high_loyalty.astype(int), categories=["low", "high"], ordered=True
            ),
            "loyalty_type": pd.Categorical.from_codes(codes, categories=list(regions.index)),
        },
        index=table.index,
    )


def survey_coverage(types: pd.DataFrame, customers: pd.DataFrame) -> pd.Series:
    """How many surveyed customers are found among the buyers (the customer summary).

    >>> types = pd.DataFrame({"loyalty_type": ["apostle", "hostage", "defector"]},
    ...                      index=pd.Index(["C1", "C2", "X9"], name="customer_id"))
    >>> buyers = pd.DataFrame({"monetary": [5.0, 6.0]}, index=pd.Index(["C1", "C2"]))
    >>> survey_coverage(types, buyers).to_dict()
    {'respondents': 3, 'buyers': 2, 'share': 0.6666666666666666}
    """
    found = int(types.index.isin(by_customer(customers).index).sum())
    n = len(types)
    return pd.Series(
        {"respondents": n, "buyers": found, "share": found / n if n else np.nan}, dtype=object
    )


def cutoff_sensitivity(
    survey: pd.DataFrame,
    *,
    satisfaction_cuts: Sequence[float] = (4, 7),
    loyalty_cut: float = 7,
    apostle_min: float = 9,
    loyalty_cuts: Iterable[float] | None = None,
    high_from_values: Iterable[float] | None = None,
) -> pd.DataFrame:
    """Customers per type when one cut-off moves and the others stay as given.

    Index (``cut``, ``value``): ``cut`` is "loyalty_cut" (``loyalty_cuts``, default 5-9)
    or "high_from" (the second satisfaction cut, ``high_from_values``, default from
    max(first cut, 5) to 9); one column per type.

    >>> s = pd.DataFrame({"customer_id": ["C1", "C2"], "satisfaction": [8, 8],
    ...                   "loyalty": [6, 8]})
    >>> cutoff_sensitivity(s, loyalty_cuts=[6, 7], high_from_values=[])[["loyalist", "mercenary"]]
                     loyalist  mercenary
    cut         value
    loyalty_cut 6           2          0
                7           1          1
    """
    low_below = satisfaction_cuts[0]
    if loyalty_cuts is None:
        loyalty_cuts = range(5, 10)
    if high_from_values is None:
        high_from_values = range(int(max(low_below, 5)), 10)
    options = {"satisfaction_cuts": satisfaction_cuts, "loyalty_cut": loyalty_cut,
               "apostle_min": apostle_min}  # fmt: skip
    runs = [("loyalty_cut", v, {"loyalty_cut": v}) for v in loyalty_cuts]
    runs += [("high_from", v, {"satisfaction_cuts": (low_below, v)}) for v in high_from_values]
    counts = {
        (cut, value): loyalty_matrix_types(survey, **{**options, **change})["loyalty_type"]
        .value_counts(sort=False)
        .reindex(list(LOYALTY_TYPES), fill_value=0)
        for cut, value, change in runs
    }  # one typing per cut-off tried (a handful), each vectorised
    index = pd.MultiIndex.from_tuples(list(counts), names=["cut", "value"])
    table = pd.DataFrame(list(counts.values()), index=index, columns=list(LOYALTY_TYPES))
    return table.astype(np.int64)


def type_count_spread(sensitivity: pd.DataFrame) -> pd.DataFrame:
    """Per type, how far its count moves over the cut-offs tried (:func:`cutoff_sensitivity`).

    Columns ``low, high, spread`` (high - low) and ``largest_step`` (the largest change
    between two neighbouring values of one cut-off); sorted by spread, largest first,
    ties in the order of :data:`LOYALTY_TYPES`.

    >>> s = pd.DataFrame({"customer_id": ["C1", "C2"], "satisfaction": [8, 8],
    ...                   "loyalty": [6, 8]})
    >>> t = type_count_spread(cutoff_sensitivity(s, loyalty_cuts=[5, 6, 7, 8, 9]))
    >>> t.loc["loyalist"].tolist()
    [0, 2, 2, 1]
    """
    if sensitivity.empty:
        return pd.DataFrame(columns=["low", "high", "spread", "largest_step"], dtype=np.int64)
    steps = sensitivity.groupby(level="cut", sort=False).diff().abs().max()
    table = pd.DataFrame(
        {
            "low": sensitivity.min(),
            "high": sensitivity.max(),
            "spread": sensitivity.max() - sensitivity.min(),
            "largest_step": steps.fillna(0),
        }
    ).astype(np.int64)
    order = np.lexsort((np.arange(len(table)), -table["spread"].to_numpy()))
    return table.iloc[order]


# ---------------------------------------------------------------- behaviour


def behavioural_loyalty_classes(
    customers: pd.DataFrame,
    leads: pd.DataFrame | None = None,
    *,
    as_of,
    long_term_days: int = 365,
    min_orders: int = 3,
    declining_below: float = DECLINING_BELOW,
    lead_window_days: int = 365,
) -> pd.DataFrame:
    """The six behavioural loyalty classes of customers and non-users (leads).

    Customers (columns ``tenure_days, frequency, status, trend`` of
    :func:`helpers.profiling.customer_summary`): long-term = tenure_days >=
    ``long_term_days`` and frequency >= ``min_orders``, else occasional. Each is
    "positive" when active and not losing value: its trend is not below
    ``declining_below`` (default -0.30, a fall of more than 30%; a missing trend, i.e.
    nothing bought in the prior period, counts as positive):

    - long-term & positive -> ``loyal_will_stay``; long-term & not -> ``loyal_may_switch``
    - occasional & positive -> ``occasional_may_buy_more``; else ``occasional_may_buy_less``

    Leads that never became customers (``converted_customer_id`` empty) and were created
    before as_of: created within ``lead_window_days`` -> ``non_user_may_convert``, older ->
    ``non_user_unlikely``. Index ``id`` (customer_id or lead_id); columns ``party``
    ("customer"/"lead"), ``loyalty_class``.

    >>> c = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "tenure_days": [700, 800, 30],
    ...     "frequency": [12, 5, 1], "status": ["active", "active", "active"],
    ...     "trend": [-0.2, -0.5, np.nan]})
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"],
    ...     "created_date": pd.to_datetime(["2024-11-01", "2022-01-01", "2024-06-01"]),
    ...     "converted_customer_id": [None, None, "C3"]})
    >>> behavioural_loyalty_classes(c, leads, as_of="2025-01-01")
           party            loyalty_class
    id
    C1  customer          loyal_will_stay
    C2  customer         loyal_may_switch
    C3  customer  occasional_may_buy_more
    L1      lead     non_user_may_convert
    L2      lead        non_user_unlikely
    """
    as_of = as_timestamp(as_of)
    table = by_customer(customers)
    require_columns(
        table,
        ["tenure_days", "frequency", "status", "trend"],
        table="customer summary",
        purpose="behavioural loyalty classes; compute it with profiling.customer_summary",
    )
    tenure = numeric_column(table, "tenure_days")
    frequency = numeric_column(table, "frequency")
    trend = numeric_column(table, "trend")
    long_term = (tenure >= long_term_days) & (frequency >= min_orders)
    positive = (table["status"].astype(str).to_numpy() == "active") & ~(trend < declining_below)
    codes = np.where(long_term, np.where(positive, 0, 1), np.where(positive, 2, 3))
    ids = [table.index.astype(object).to_numpy()]
    party = [np.full(len(table), "customer", dtype=object)]
    all_codes = [codes]
    if leads is not None:
        require_columns(
            leads,
            ["lead_id", "created_date"],
            table="leads",
            purpose="the two non-user classes (recent or old leads); pass leads=None without it",
        )
        created = pd.to_datetime(leads["created_date"])
        open_lead = (created < as_of).to_numpy()
        if "converted_customer_id" in leads.columns:
            open_lead = open_lead & leads["converted_customer_id"].isna().to_numpy()
        recent = (created >= as_of - pd.Timedelta(days=lead_window_days)).to_numpy()
        ids.append(leads["lead_id"].astype(object).to_numpy()[open_lead])
        party.append(np.full(int(open_lead.sum()), "lead", dtype=object))
        all_codes.append(np.where(recent[open_lead], 4, 5))
    return pd.DataFrame(
        {
            "party": np.concatenate(party),
            "loyalty_class": pd.Categorical.from_codes(
                np.concatenate(all_codes), categories=list(BEHAVIOURAL_CLASSES)
            ),
        },
        index=pd.Index(np.concatenate(ids), name="id", dtype="str"),
    )


def loyalty_type_table(
    classified: pd.DataFrame,
    customers: pd.DataFrame | None = None,
    *,
    by: str = "loyalty_type",
    column: str = "monetary",
    profit: str = "profit",
) -> pd.DataFrame:
    """Counts and value per loyalty type (or class): who they are worth.

    ``classified``: output of :func:`loyalty_matrix_types` or
    :func:`behavioural_loyalty_classes` (use ``by="loyalty_class"``); ``customers``: a
    customer table with ``column`` (revenue) and optionally ``profit``, joined on the id
    (ids without a row, such as leads, count with value 0). Columns: ``customers,
    customer_share, revenue, revenue_share, avg_revenue, profit, profit_share``; every
    type present, empty ones with 0. ``customer_share`` divides by every row of
    ``classified``; :func:`behavioural_class_table` keeps customers and leads apart.

    >>> types = pd.DataFrame({"customer_id": ["C1", "C2", "C3"],
    ...                       "loyalty_type": ["apostle", "apostle", "mercenary"]})
    >>> summary = pd.DataFrame({"customer_id": ["C1", "C2", "C3"],
    ...                         "monetary": [50.0, 30.0, 20.0]})
    >>> loyalty_type_table(types, summary)[["customers", "revenue", "revenue_share"]].head(2)
                  customers  revenue  revenue_share
    loyalty_type
    apostle               2     80.0            0.8
    loyalist              0      0.0            0.0
    """
    if "id" in classified.columns or classified.index.name == "id":
        table = classified.rename_axis("customer_id")
        table = table.reset_index().rename(columns={"id": "customer_id"})
        table = by_customer(table)
    else:
        table = by_customer(classified)
    if by not in table.columns:
        raise DataError(
            f"column {by!r} not found in the classified table (its columns are "
            f"{list(table.columns)}); classify first with loyalty.loyalty_matrix_types "
            "(by='loyalty_type') or loyalty.behavioural_loyalty_classes (by='loyalty_class')."
        )
    groups = table[by]
    if not isinstance(groups.dtype, pd.CategoricalDtype):
        known = LOYALTY_TYPES if by == "loyalty_type" else BEHAVIOURAL_CLASSES
        values = set(groups.dropna().astype(str))
        cats = list(known) if values <= set(known) else sorted(values)
        groups = pd.Series(pd.Categorical(groups, categories=cats), index=table.index)
    count = groups.groupby(groups, observed=False).size()
    result = pd.DataFrame({"customers": count})
    result["customer_share"] = safe_divide(count, count.sum())
    if customers is not None:
        values = by_customer(customers)
        rev = pd.Series(to_cents(numeric_column(values, column)), index=values.index)
        rev = rev.reindex(table.index, fill_value=0.0)
        rev_sum = rev.groupby(groups, observed=False).sum()
        result["revenue"] = from_cents(rev_sum.to_numpy())
        result["revenue_share"] = safe_divide(rev_sum, rev_sum.sum())
        result["avg_revenue"] = np.round(safe_divide(rev_sum, count)) / 100.0
        if profit in values.columns:
            prof = pd.Series(to_cents(numeric_column(values, profit)), index=values.index)
            prof = prof.reindex(table.index, fill_value=0.0)  # no orders, no profit
            prof_sum = prof.groupby(groups, observed=False).sum(min_count=1)
            result["profit"] = from_cents(prof_sum.to_numpy())
            result["profit_share"] = safe_divide(prof_sum, np.nansum(prof_sum))
        else:
            result["profit"] = np.nan
            result["profit_share"] = np.nan
    result.index.name = by
    return result


def behavioural_class_table(
    classes: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    column: str = "monetary",
    profit: str = "profit",
) -> pd.DataFrame:
    """The six behavioural classes with counts and value, customers and leads kept apart.

    ``classes`` is :func:`behavioural_loyalty_classes`; ``customers`` the customer
    summary. Columns: ``party`` ("customer" or "lead"), ``count``, ``share`` (of the
    customers for a customer class, of the open leads for a non-user class),
    ``revenue, revenue_share, profit, profit_share`` (of the customers' totals; leads
    have none). ``share`` never mixes customers and leads in one denominator.

    >>> c = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "tenure_days": [700, 800, 30],
    ...     "frequency": [12, 5, 1], "status": ["active", "dormant", "active"],
    ...     "trend": [0.2, -0.5, np.nan], "monetary": [60.0, 30.0, 10.0]})
    >>> leads = pd.DataFrame({"lead_id": ["L1"], "created_date": pd.to_datetime(["2024-11-01"])})
    >>> classes = behavioural_loyalty_classes(c, leads, as_of="2025-01-01")
    >>> behavioural_class_table(classes, c)[["party", "count", "share", "revenue_share"]]
                                party  count     share  revenue_share
    loyalty_class
    loyal_will_stay          customer      1  0.333333            0.6
    loyal_may_switch         customer      1  0.333333            0.3
    occasional_may_buy_more  customer      1  0.333333            0.1
    occasional_may_buy_less  customer      0  0.000000            0.0
    non_user_may_convert         lead      1  1.000000            NaN
    non_user_unlikely            lead      0  0.000000            NaN
    """
    table = loyalty_type_table(
        classes, customers, by="loyalty_class", column=column, profit=profit
    ).reindex(list(BEHAVIOURAL_CLASSES))
    party = np.where(table.index.isin(NON_USER_CLASSES), "lead", "customer")
    count = table["customers"].fillna(0).astype(np.int64)
    totals = count.groupby(party).transform("sum")
    result = pd.DataFrame(
        {"party": party, "count": count, "share": safe_divide(count, totals)}, index=table.index
    )
    customer_rows = party == "customer"
    for name in ("revenue", "revenue_share", "profit", "profit_share"):
        result[name] = table[name].where(customer_rows)
    revenue = result["revenue"].where(customer_rows)
    result["revenue_share"] = safe_divide(revenue, revenue.sum())
    result.loc[~customer_rows, "revenue_share"] = np.nan
    if result["profit"].notna().any():
        profit_values = result["profit"].where(customer_rows)
        result["profit_share"] = safe_divide(profit_values, np.nansum(profit_values))
    result.loc[~customer_rows, ["revenue", "profit", "profit_share"]] = np.nan
    return result


# ---------------------------------------------------------------- the relationship continuum


def relationship_stages(
    customers: pd.DataFrame,
    *,
    long_term_days: int = 365,
    min_orders: int = 3,
    close_min_orders: int = 12,
) -> pd.Series:
    """Each customer's place on the relationship continuum (关系连续体), from its orders.

    ``distant``: occasional (not long-term, as in :func:`behavioural_loyalty_classes`)
    or dormant; ``close_relationship``: long-term, active and at least
    ``close_min_orders`` orders; ``pure_transaction``: everyone else. An ordered
    categorical Series named ``relationship``, indexed by customer_id.

    >>> c = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
    ...     "tenure_days": [700, 700, 700, 30], "frequency": [12, 11, 20, 20],
    ...     "status": ["active", "active", "dormant", "active"]})
    >>> relationship_stages(c).tolist()
    ['close_relationship', 'pure_transaction', 'distant', 'distant']
    """
    table = by_customer(customers)
    require_columns(
        table,
        ["tenure_days", "frequency", "status"],
        table="customer summary",
        purpose="the relationship continuum; compute it with profiling.customer_summary",
    )
    tenure = numeric_column(table, "tenure_days")
    frequency = numeric_column(table, "frequency")
    active = table["status"].astype(str).to_numpy() == "active"
    long_term = (tenure >= long_term_days) & (frequency >= min_orders)
    codes = np.where(~long_term | ~active, 0, np.where(frequency >= close_min_orders, 2, 1))
    stages = pd.CategoricalDtype(list(RELATIONSHIP_STAGES), ordered=True)
    return pd.Series(
        pd.Categorical.from_codes(codes, dtype=stages), index=table.index, name="relationship"
    )


def continuum_table(
    stages: pd.Series, customers: pd.DataFrame, types: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Customers, revenue and (with survey types) the answers at each stage of the continuum.

    Columns ``customers, revenue, revenue_share`` and, with ``types``
    (:func:`loyalty_matrix_types`), ``respondents, mean_satisfaction, mean_loyalty,
    sd_loyalty, sem_loyalty`` (standard deviation and standard error of the mean) of the
    surveyed customers at each stage.

    >>> stages = pd.Series(pd.Categorical(["distant", "distant", "close_relationship"],
    ...     categories=list(RELATIONSHIP_STAGES), ordered=True),
    ...     index=pd.Index(["C1", "C2", "C3"], name="customer_id"), name="relationship")
    >>> money = pd.DataFrame({"monetary": [10.0, 30.0, 60.0]}, index=stages.index)
    >>> types = pd.DataFrame({"satisfaction": [4, 6, 9], "loyalty": [3, 5, 8]},
    ...                      index=stages.index)
    >>> continuum_table(stages, money, types)[["customers", "revenue_share", "mean_loyalty"]]
                        customers  revenue_share  mean_loyalty
    relationship
    distant                     2            0.4           4.0
    pure_transaction            0            0.0           NaN
    close_relationship          1            0.6           8.0
    """
    values = by_customer(customers)
    revenue = pd.Series(to_cents(numeric_column(values, "monetary")), index=values.index)
    revenue = revenue.reindex(stages.index, fill_value=0.0)
    grouped = revenue.groupby(stages, observed=False)
    cents = grouped.sum()
    table = pd.DataFrame(
        {
            "customers": grouped.size(),
            "revenue": from_cents(cents.to_numpy()),
            "revenue_share": safe_divide(cents, cents.sum()),
        }
    )
    if types is not None:
        answers = types[["satisfaction", "loyalty"]].astype(float).join(stages, how="inner")
        by_stage = answers.groupby("relationship", observed=False)
        table["respondents"] = by_stage.size()
        table["mean_satisfaction"] = by_stage["satisfaction"].mean()
        table["mean_loyalty"] = by_stage["loyalty"].mean()
        table["sd_loyalty"] = by_stage["loyalty"].std(ddof=1)
        table["sem_loyalty"] = table["sd_loyalty"] / np.sqrt(table["respondents"])
    table.index.name = "relationship"
    return table


def closeness_steps(continuum: pd.DataFrame, *, min_rise: float = 0.5) -> pd.DataFrame:
    """Does mean loyalty rise with closeness? The textbook's claim, step by step.

    Three comparisons of :func:`continuum_table`'s ``mean_loyalty``: distant to pure
    transaction, pure transaction to close, and distant to close. A step **rises** when
    the difference is more than ``min_rise`` points (a rise worth the name) *and* more
    than twice its standard error (more than the noise of a sample survey:
    ``2 * sqrt(sd1²/n1 + sd2²/n2)``). ``known`` is False when a stage has fewer than
    two respondents. Columns: ``from, to, difference, noise, rises, known``.

    >>> continuum = pd.DataFrame({"respondents": [100, 100, 100],
    ...     "mean_loyalty": [3.59, 3.61, 3.64], "sd_loyalty": [2.0, 2.0, 2.0]},
    ...     index=pd.Index(list(RELATIONSHIP_STAGES), name="relationship"))
    >>> closeness_steps(continuum)[["difference", "rises", "known"]].round(2)
                                         difference  rises  known
    step
    distant->pure_transaction                  0.02  False   True
    pure_transaction->close_relationship       0.03  False   True
    distant->close_relationship                0.05  False   True
    """
    require_columns(
        continuum,
        ["respondents", "mean_loyalty", "sd_loyalty"],
        table="continuum table",
        purpose="the loyalty steps; pass the survey types to loyalty.continuum_table",
    )
    table = continuum.reindex(list(RELATIONSHIP_STAGES))
    n = table["respondents"].fillna(0).to_numpy(dtype=float)
    mean = table["mean_loyalty"].to_numpy(dtype=float)
    variance = safe_divide(table["sd_loyalty"].to_numpy(dtype=float) ** 2, n)
    first = np.array([0, 1, 0])
    second = np.array([1, 2, 2])
    difference = mean[second] - mean[first]
    noise = 2 * np.sqrt(variance[first] + variance[second])
    known = (n[first] >= 2) & (n[second] >= 2)
    rises = known & (difference > min_rise) & (difference > noise)
    names = [
        f"{RELATIONSHIP_STAGES[a]}->{RELATIONSHIP_STAGES[b]}"
        for a, b in zip(first, second, strict=True)
    ]
    return pd.DataFrame(
        {
            "from": [RELATIONSHIP_STAGES[a] for a in first],
            "to": [RELATIONSHIP_STAGES[b] for b in second],
            "difference": np.where(known, difference, np.nan),
            "noise": np.where(known, noise, np.nan),
            "rises": rises,
            "known": known,
        },
        index=pd.Index(names, name="step"),
    )


# ---------------------------------------------------------------- complaints


def _customer_complaints(complaints: pd.DataFrame) -> pd.DataFrame:
    require_columns(complaints, ["customer_id"], table="complaints", purpose="complaint counts")
    grouped = complaints.groupby("customer_id")
    stats = pd.DataFrame({"complaints": grouped.size()})
    if "resolved" in complaints.columns:
        open_case = ~complaints["resolved"].astype("boolean").fillna(False).to_numpy(dtype=bool)
        stats["unresolved"] = (
            pd.Series(open_case, index=complaints.index).groupby(complaints["customer_id"]).sum()
        )
    return stats


def complaints_by_type(types: pd.DataFrame, complaints: pd.DataFrame) -> pd.DataFrame:
    """Complaints made by the surveyed customers of each type, per customer.

    Columns ``customers, complaints, complaints_per_customer, unresolved_per_customer``
    (NaN without a ``resolved`` column); every type present.

    >>> types = pd.DataFrame({"loyalty_type": pd.Categorical(["terrorist", "apostle"],
    ...     categories=list(LOYALTY_TYPES))}, index=pd.Index(["C1", "C2"], name="customer_id"))
    >>> complaints = pd.DataFrame({"customer_id": ["C1", "C1", "C3"],
    ...                            "resolved": [True, False, True]})
    >>> table = complaints_by_type(types, complaints)
    >>> table.loc["terrorist"].tolist(), table.loc["apostle"].tolist()
    ([1.0, 2.0, 2.0, 1.0], [1.0, 0.0, 0.0, 0.0])
    """
    stats = _customer_complaints(complaints)
    joined = types[["loyalty_type"]].join(stats).fillna({"complaints": 0})
    grouped = joined.groupby("loyalty_type", observed=False)
    table = pd.DataFrame(
        {"customers": grouped.size(), "complaints": grouped["complaints"].sum().astype(np.int64)}
    )
    table["complaints_per_customer"] = safe_divide(table["complaints"], table["customers"])
    if "unresolved" in joined.columns:
        unresolved = grouped["unresolved"].sum(min_count=0)
        table["unresolved_per_customer"] = safe_divide(unresolved, table["customers"])
    else:
        table["unresolved_per_customer"] = np.nan
    return table.reindex(list(LOYALTY_TYPES)).fillna({"customers": 0, "complaints": 0})


def attitude_vs_behaviour(types: pd.DataFrame, classes: pd.DataFrame) -> pd.DataFrame:
    """Surveyed customers by survey type (rows) and behavioural class (columns).

    Only customers with both a type and a class count; every type and customer class
    appears, empty ones with 0.

    >>> types = pd.DataFrame({"loyalty_type": ["hostage", "apostle"]},
    ...                      index=pd.Index(["C1", "C2"], name="customer_id"))
    >>> classes = pd.DataFrame({"party": ["customer", "customer"],
    ...     "loyalty_class": ["loyal_will_stay", "loyal_will_stay"]},
    ...     index=pd.Index(["C1", "C2"], name="id"))
    >>> int(attitude_vs_behaviour(types, classes).loc["hostage", "loyal_will_stay"])
    1
    """
    customer_rows = classes[classes["party"] == "customer"]["loyalty_class"].astype(str)
    both = types[["loyalty_type"]].astype(str).join(customer_rows.rename("loyalty_class"),
                                                   how="inner")  # fmt: skip
    table = pd.crosstab(both["loyalty_type"], both["loyalty_class"])
    return table.reindex(
        index=list(LOYALTY_TYPES), columns=list(CUSTOMER_CLASSES), fill_value=0
    ).astype(np.int64)


def complaint_flow(complaints: pd.DataFrame | None) -> pd.DataFrame:
    """Which of the seven complaint-handling steps the complaints table records.

    One row per step of :data:`COMPLAINT_FLOW`: the ``column`` that would record it and
    ``recorded`` (the column is there).

    >>> complaint_flow(pd.DataFrame(columns=["customer_id", "reason"]))["recorded"].tolist()
    [True, False, False, False, False, False, False]
    """
    columns = set() if complaints is None else set(complaints.columns)
    steps, wanted = zip(*COMPLAINT_FLOW, strict=True)
    return pd.DataFrame(
        {"column": wanted, "recorded": [c in columns for c in wanted]},
        index=pd.Index(steps, name="step"),
    )


def complaints_by_reason(complaints: pd.DataFrame) -> pd.DataFrame:
    """Complaints per reason, most frequent first, and how many are still open.

    Columns ``complaints, resolved, unresolved, resolved_share`` (the last three NaN
    without a ``resolved`` column); ties by unresolved, then by reason.

    >>> complaints = pd.DataFrame({"reason": ["late", "late", "price"],
    ...                            "resolved": [True, False, True]})
    >>> complaints_by_reason(complaints)
            complaints  resolved  unresolved  resolved_share
    reason
    late             2         1           1             0.5
    price            1         1           0             1.0
    """
    require_columns(complaints, ["reason"], table="complaints", purpose="complaints by reason")
    reason = complaints["reason"].astype("str").fillna("(missing)")
    grouped = reason.groupby(reason)
    table = pd.DataFrame({"complaints": grouped.size()})
    if "resolved" in complaints.columns:
        done = complaints["resolved"].astype("boolean").fillna(False).astype(np.int64)
        table["resolved"] = done.groupby(reason).sum()
        table["unresolved"] = table["complaints"] - table["resolved"]
        table["resolved_share"] = safe_divide(table["resolved"], table["complaints"])
    else:
        table["resolved"] = table["unresolved"] = table["resolved_share"] = np.nan
    order = np.lexsort(
        (table.index.to_numpy(dtype=str), -table["unresolved"].fillna(0).to_numpy(),
         -table["complaints"].to_numpy())
    )  # fmt: skip
    table = table.iloc[order]
    table.index.name = "reason"
    return table
