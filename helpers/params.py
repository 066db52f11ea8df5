"""The course's parameters, declared once, and the one loader for parameter files (参数).

Every notebook's ``parameters`` cell uses names from :data:`PARAMETERS` with the default
declared here (a test checks it); ``datasets/params/course.yaml`` lists them all once.
Parameter files (YAML) are read by :func:`read_parameter_file` for lessons, solutions,
re-runs and handouts alike: unknown names are an error that suggests the closest valid
one, every value is checked against its declared kind, and values are handed to the
notebooks as data (papermill writes them as Python literals), never as code.

Data options (how to read the data: the sheet, the decimal mark, the date order, the
cleaning rules, the survey scale...) may be written at the top level of a parameter file
or in a mapping file; :func:`read_parameter_file` gathers them into the single notebook
parameter ``data_options``.

>>> read_parameter_text("as_of: 2024-01-01\\nlang: zh\\n", where="p.yaml")
{'as_of': '2024-01-01', 'lang': 'zh'}
>>> read_parameter_text("asof: 2024-01-01\\n", where="p.yaml")
Traceback (most recent call last):
...
helpers.schema.DataError: p.yaml: unknown parameter 'asof' (did you mean 'as_of'?)...
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from helpers.schema import DataError

# --- kinds of values --------------------------------------------------------------------------


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _text(v: Any) -> str | None:
    return None if isinstance(v, str) else "text"


def _optional_text(v: Any) -> str | None:
    return None if v is None or isinstance(v, str) else "text or null"


def _date(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, dt.date):
        return None
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v.strip()):
        try:
            dt.date.fromisoformat(v.strip())
            return None
        except ValueError:
            pass
    return "a date written YYYY-MM-DD (or null)"


def _lang(v: Any) -> str | None:
    return None if v in ("en", "zh") else "'en' or 'zh'"


def _integer(low: int | None = None, high: int | None = None) -> Callable[[Any], str | None]:
    def check(v: Any) -> str | None:
        ok = isinstance(v, int) and not isinstance(v, bool)
        ok = ok and (low is None or v >= low) and (high is None or v <= high)
        if ok:
            return None
        if low is not None and high is not None:
            return f"a whole number from {low} to {high}"
        return f"a whole number of at least {low}" if low is not None else "a whole number"

    return check


def _number(low: float | None = None, high: float | None = None) -> Callable[[Any], str | None]:
    def check(v: Any) -> str | None:
        ok = _is_number(v) and (low is None or v >= low) and (high is None or v <= high)
        if ok:
            return None
        if low is not None and high is not None:
            return f"a number from {low:g} to {high:g}"
        return "a number"

    return check


def _share(v: Any) -> str | None:
    return None if _is_number(v) and 0 < v <= 1 else "a share between 0 and 1 (0.2 = 20%)"


def _pair(check: Callable[[Any], str | None], *, increasing: bool = True, size: int = 2):
    def pair(v: Any) -> str | None:
        ok = isinstance(v, list | tuple) and len(v) == size and all(check(x) is None for x in v)
        if ok and increasing:
            ok = all(a < b for a, b in zip(v, v[1:], strict=False))
        if ok:
            return None
        what = check(None) or "values"
        order = ", increasing" if increasing else ""
        return f"a list of {size} values{order}, each {what}"

    return pair


def _optional(check: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
    def optional(v: Any) -> str | None:
        if v is None:
            return None
        why = check(v)
        return None if why is None else f"{why}, or null"

    return optional


def _mapping(v: Any) -> str | None:
    return None if v is None or isinstance(v, dict | str) else "a mapping, a file path or null"


def _plan(v: Any) -> str | None:
    ok = isinstance(v, dict) and v and all(isinstance(k, str) and _is_number(x) and x >= 0
                                           for k, x in v.items())  # fmt: skip
    return None if ok else "a mapping of grade to share, e.g. {A: 0.25, B: 0.35, C: 0.40}"


def _boolean(v: Any) -> str | None:
    return None if isinstance(v, bool) else "true or false"


def _data_options(v: Any) -> str | None:
    if v is None:
        return None
    if not isinstance(v, dict):
        return "a mapping of data options (see DATA_OPTIONS)"
    for key, value in v.items():
        if key not in DATA_OPTIONS:
            return f"a mapping of data options; {key!r} is not one ({_suggest(key, DATA_OPTIONS)})"
        why = DATA_OPTIONS[key].check(value)
        if why is not None:
            return f"a mapping of data options; {key!r} must be {why}"
    return None


# --- the declared parameters -------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: its default, what values it takes, and what it means.

    ``help`` is the comment of the parameter in every notebook; it has no "=" (papermill
    would not read the line).
    """

    name: str
    default: Any
    check: Callable[[Any], str | None]
    help: str

    def problem(self, value: Any) -> str | None:
        """None when ``value`` is of this parameter's kind, else what it should be."""
        return self.check(value)


def _declare(*params: Parameter) -> dict[str, Parameter]:
    return {p.name: p for p in params}


#: every notebook parameter of the course, with its one default
PARAMETERS: dict[str, Parameter] = _declare(
    # the data of the run
    Parameter("data_source", "course", _text,
              '"course", a variant such as "course:seed7", "online_retail", a file or a folder'),
    Parameter("column_mapping", None, _mapping,
              "None, a dict or a YAML/TOML file {your header: course column}"),
    Parameter("data_options", None, _data_options,
              "None or a dict of data options (sheet, decimal mark, cleaning rules...)"),
    Parameter("as_of", None, _date,
              '"YYYY-MM-DD", the first day NOT analysed; None: the day after the last order'),
    Parameter("lang", "en", _lang, '"en" or "zh": the language of the reports and charts'),
    Parameter("seed", 42, _integer(0), "for anything random shown for display"),
    # periods and activity
    Parameter("period_days", 365, _integer(1),
              "the analysis period: the last period_days days before as_of"),
    Parameter("dormant_after_days", 180, _integer(1),
              "no order for more than this many days: dormant"),
    Parameter("declining_below", -0.30, _number(-1, 10),
              "revenue trend (this period / previous period - 1) below this: losing value"),
    # 80/20 and grading
    Parameter("pareto_mark", 0.80, _share, "the revenue share of the 80/20 rule"),
    Parameter("pareto_top", 0.20, _share, "the top share of customers of the 80/20 rule"),
    Parameter("pareto_band", (0.70, 0.90), _pair(_share),
              "the 80/20 rule holds roughly when the top 20% bring this much"),
    Parameter("pareto_cutoffs", (0.80, 0.95), _pair(_share),
              "ABC by cumulative share of revenue: A up to 80%, B up to 95%, C the rest"),
    Parameter("abc_thresholds", None, _optional(_pair(_number(0), increasing=False)),
              "(A, B) fixed amounts per period; None: derived from the data"),
    Parameter("vip_share", 0.01, _share, "VIP: the top 1% of customers by revenue"),
    Parameter("blue_share", 0.05, _share, "five tiers, blue: the top 5% by profit"),
    Parameter("green_share", 0.20, _share, "five tiers, green: the rest of the top 20%"),
    Parameter("current_plan", {"A": 0.25, "B": 0.35, "C": 0.40}, _plan,
              "today's share of sales hours per grade"),
    Parameter("base_service", 0.20, _number(0, 1),
              "share of resources spread evenly: every customer's basic service"),
    # profiling
    Parameter("rfm_k", 5, _integer(2, 10), "RFM scores run from 1 (worst) to rfm_k (best)"),
    Parameter("rfm_ties", "shared", lambda v: None if v in ("shared", "id") else "'shared' or 'id'",
              '"shared": equal values get equal RFM scores; "id": ties broken by customer id'),
    Parameter("gold_share", 0.05, _share, "gold customers: the top 5% by last period's sales"),
    Parameter("drag_share", 0.20, _share, "drag customers: the bottom 20% by last period's sales"),
    Parameter("big_top", 0.20, _share, "big customers: the top 20% by revenue"),
    Parameter("min_complaints", 2, _integer(1),
              "repeated complaints: at least this many in the period"),
    Parameter("max_categories", 2, _integer(1),
              "cross-sell prospects buy at most this many of our product categories"),
    # deciles
    Parameter("groups", 10, _integer(2, 100), "number of equal groups: 10 gives deciles"),
    Parameter("retain_share", 0.10, _share,
              "decile group 1 (retain): the customers who make the first 10% of sales"),
    Parameter("grow_share", 0.50, _share,
              "decile group 2 (grow share of wallet): the customers up to 50% of sales"),
    # loyalty
    Parameter("long_term_days", 365, _integer(1),
              "long-term: at least this many days since the first order ..."),
    Parameter("min_orders", 3, _integer(1), "... and at least this many orders"),
    Parameter("lead_window_days", 365, _integer(1),
              "leads created in this many days before as_of may still convert"),
    Parameter("satisfaction_cuts", (4, 7), _pair(_number()),
              "satisfaction below the first is low, from the second up high"),
    Parameter("loyalty_cut", 7, _number(), "loyalty answers from this up are high loyalty"),
    Parameter("apostle_min", 9, _number(), "an apostle answers at least this on both questions"),
    Parameter("close_min_orders", 12, _integer(1),
              "long-term, active and at least this many orders: a close relationship"),
    Parameter("complaint_window_days", 365, _integer(1),
              "complaints of this many days before as_of count for the priority list"),
    Parameter("min_loyalty_rise", 0.5, _number(0, 9),
              "loyalty rises with closeness only by more than this (points on the 1-10 scale)"),
    # service plan (lesson 06)
    Parameter("account_managers", 6, _integer(0), "account managers who serve the customers"),
    Parameter("hours_per_manager", 1400, _number(0, 8760),
              "hours a year each account manager spends with customers"),
    Parameter("account_hours", 24, _number(1, 8760),
              "hours a year one personally managed account needs"),
    # chart gallery
    Parameter("both_languages", True, _boolean, "the gallery draws every chart in both languages"),
)  # fmt: skip


#: the parameters every notebook starts its parameters cell with, in this order
COMMON = ("data_source", "column_mapping", "data_options", "as_of", "lang", "seed")


@dataclass(frozen=True)
class DataOption:
    """One way of reading the data that only the data's owner can declare."""

    name: str
    default: Any
    check: Callable[[Any], str | None]
    help: str


#: the cleaning switches a parameter file may set (``cleaning: {duplicates: flag}``):
#: switch -> (allowed values, what it decides); the first value is the course's default
CLEANING_SWITCHES: dict[str, tuple[tuple[str, ...], str]] = {
    "cancellations": (("drop", "keep"),
                      "lines of orders that the cancellation_prefix marks as cancelled"),
    "returns": (("drop", "keep"), "lines with a negative quantity (returns)"),
    "zero_quantity": (("drop", "keep"), "lines with a quantity of 0"),
    "non_product": (("drop", "keep"), "postage, fees, vouchers and other non-product lines"),
    "zero_price": (("drop", "keep"), "lines sold at a price of 0 or less"),
    "duplicates": (("drop", "flag"), "exact duplicate lines (flag: keep them and count them)"),
    "bad_values": (("stop", "drop"), "dates or amounts that cannot be read"),
    "implausible_values": (("stop", "drop"),
                           "dates decades away from the rest, amounts too large to add up"),
}  # fmt: skip

#: named sets of cleaning rules; a mapping may start from one (``preset: uci``)
CLEANING_PRESETS: dict[str, dict[str, Any]] = {
    # the course's rules: every switch at its first value; nothing read from id patterns
    "course": {k: values[0] for k, (values, _) in CLEANING_SWITCHES.items()},
    # the rules published with UCI Online Retail: a customer id, not a cancellation (invoice
    # starting with "C"), quantity > 0, unit price > 0; duplicates counted, postage kept
    "uci": {k: values[0] for k, (values, _) in CLEANING_SWITCHES.items()}
    | {"duplicates": "flag", "non_product": "keep", "cancellation_prefix": "C"},
}


def _cleaning(v: Any) -> str | None:
    presets = sorted(CLEANING_PRESETS)
    if isinstance(v, str):
        return None if v in CLEANING_PRESETS else f"one of the presets {presets} or a mapping"
    if not isinstance(v, dict):
        return f"a preset name ({presets}) or a mapping of cleaning switches"
    for key, value in v.items():
        if key == "preset":
            if value not in CLEANING_PRESETS:
                return f"a mapping whose preset is one of {presets}, not {_short(value)}"
        elif key not in CLEANING_SWITCHES:
            return (f"a mapping of cleaning switches; {key!r} is not one "
                    f"({_suggest(key, [*CLEANING_SWITCHES, 'preset'])})")  # fmt: skip
        elif value not in CLEANING_SWITCHES[key][0]:
            return f"a mapping where {key} is one of {list(CLEANING_SWITCHES[key][0])}"
    return None


def cleaning_switches(cleaning: str | Mapping[str, Any] | None) -> dict[str, Any]:
    """Every cleaning switch for a ``cleaning`` data option (a preset, or switches).

    >>> cleaning_switches({"preset": "uci", "duplicates": "drop"})["duplicates"]
    'drop'
    >>> cleaning_switches(None)["returns"], cleaning_switches("uci")["cancellation_prefix"]
    ('drop', 'C')
    """
    if cleaning is None:
        cleaning = "course"
    why = _cleaning(cleaning if isinstance(cleaning, str) else dict(cleaning))
    if why is not None:
        raise DataError(f"the data option 'cleaning' must be {why}")
    if isinstance(cleaning, str):
        return dict(CLEANING_PRESETS[cleaning])
    chosen = dict(cleaning)
    base = dict(CLEANING_PRESETS[chosen.pop("preset", "course")])
    return base | chosen


def _sheet(v: Any) -> str | None:
    if (
        v is None
        or (isinstance(v, str) and v.strip())
        or (isinstance(v, int) and not isinstance(v, bool))
    ):
        return None
    if isinstance(v, list | tuple) and v and all(isinstance(x, str) and x.strip() for x in v):
        return None
    return "a sheet name, a list of sheet names (read as one table) or null"


def _encoding(v: Any) -> str | None:
    if v is None:
        return None
    import codecs

    try:
        codecs.lookup(str(v))
    except LookupError:
        return "an encoding such as 'utf-8', 'gb18030' or 'cp1252', or null (detect)"
    return None if isinstance(v, str) else "text or null"


def _prefix(v: Any) -> str | None:
    ok = v is None or (isinstance(v, str) and v.strip() != "")
    return None if ok else "the text that starts a cancelled order's id (UCI: 'C'), or null"


#: memory sizes a data option may be written in: "8GB", "512 MB", "1.5 GiB" (units of 1024)
_MEMORY_UNITS = {"": 2**30, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}


def memory_bytes(value: Any) -> int | None:
    """A memory size in bytes: a number of gigabytes, or text such as "8GB" or "512MB".

    >>> memory_bytes("8GB"), memory_bytes(0.5), memory_bytes(None)
    (8589934592, 536870912, None)
    >>> memory_bytes("lots")
    Traceback (most recent call last):
    ...
    helpers.schema.DataError: a memory size must be a number of gigabytes or text such as ...
    """
    if value is None:
        return None
    if _is_number(value) and value > 0:
        return int(value * 2**30)
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", str(value), re.IGNORECASE)
    if isinstance(value, str) and found and float(found.group(1)) > 0:
        return int(float(found.group(1)) * _MEMORY_UNITS[found.group(2).lower()])
    raise DataError(
        f"a memory size must be a number of gigabytes or text such as '8GB' or '512MB', "
        f"not {_short(value)}"
    )


def _memory(v: Any) -> str | None:
    try:
        memory_bytes(v)
    except DataError:
        return "a memory size such as '8GB' or '512MB' (or a number of gigabytes), or null"
    return None


def _choice_of(*values: Any) -> Callable[[Any], str | None]:
    def check(v: Any) -> str | None:
        return None if v in values else " or ".join(repr(x) for x in values)

    return check


#: how to read the data; never guessed from value patterns (see :mod:`helpers.datasets`)
DATA_OPTIONS: dict[str, DataOption] = {
    o.name: o
    for o in (
        DataOption("sheet", None, _sheet,
                   "the Excel sheet with the order lines, or a list of sheets with the same "
                   "columns to read as one table; null: the workbook must say (one sheet, "
                   "or sheets named after the tables)"),
        DataOption("decimal", None, _optional(_choice_of(".", ",")),
                   "the decimal mark of amounts written as text: '.' (1,234.50) or ',' "
                   "(1.234,50); null: the data check asks when amounts read both ways"),
        DataOption("dayfirst", None, _optional(_boolean),
                   "dates like 05/01/2023: true = 5 January, false = 1 May; null: the data "
                   "check asks when dates fit both orders"),
        DataOption("encoding", None, _encoding,
                   "the text encoding of CSV files (e.g. 'cp1252'); null: UTF-8, then GBK"),
        DataOption("cleaning", "course", _cleaning,
                   "cleaning rules: a preset ('course', 'uci') or a mapping of switches "
                   f"({', '.join(CLEANING_SWITCHES)}), optionally with a preset"),
        DataOption("cancellation_prefix", None, _prefix,
                   "order ids starting with this text are cancellations (UCI: 'C'); null: "
                   "no order is a cancellation by its id"),
        DataOption("survey_scale", (1, 10), _pair(_number()),
                   "the scale of the survey answers, lowest and highest (default 1-10); "
                   "another scale is rescaled to 1-10"),
        DataOption("id_case", "upper", _choice_of("upper", "keep"),
                   "ids compared without regard to case ('upper') or as written ('keep')"),
        DataOption("id_leading_zeros", "keep", _choice_of("keep", "strip"),
                   "numeric ids: keep leading zeros ('0162' is not '162') or strip them"),
        DataOption("memory_budget", None, _memory,
                   "memory the analysis may use, such as '8GB'; order lines that need more "
                   "are analysed customer by customer (DuckDB reads the cleaned Parquet) and "
                   "steps that show order lines use a stated sample; null: half the "
                   "machine's memory (a re-run shares it between the notebooks it runs at "
                   "once)"),
        DataOption("order_lines", None, _optional(_choice_of("memory", "files")),
                   "'memory': every notebook holds every order line; 'files': the order lines "
                   "are cleaned in batches into Parquet files and analysed customer by "
                   "customer (as when they do not fit in the memory budget); null: decided "
                   "by the memory budget"),
        DataOption("prepared", None, _optional_text,
                   "a folder of cleaned tables that a re-run prepared (it loads and cleans "
                   "the data once for every notebook); used only when made from the same "
                   "data, mapping and options, else the data is loaded again; null: load "
                   "the data"),
    )
}  # fmt: skip


def check_data_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """Data options checked against :data:`DATA_OPTIONS`, with every default filled in.

    >>> check_data_options({"decimal": ","})["decimal"], check_data_options(None)["cleaning"]
    (',', 'course')
    >>> check_data_options({"decimals": ","})
    Traceback (most recent call last):
    ...
    helpers.schema.DataError: data options must be a mapping of data options; 'decimals' ...
    """
    if options is not None and not isinstance(options, Mapping):
        raise DataError(
            f"data options must be a mapping such as {{'decimal': ','}}, not {_short(options)}",
            code="data_options",
            fix="the data options are " + ", ".join(DATA_OPTIONS),
        )
    given = dict(options) if options is not None else None
    why = _data_options(_plain(given) if given is not None else None)
    if why is not None:
        raise DataError(
            f"data options must be {why}",
            code="data_options",
            fix="the data options are " + ", ".join(DATA_OPTIONS),
        )
    return {name: _plain((options or {}).get(name, o.default)) for name, o in DATA_OPTIONS.items()}


def _suggest(name: str, choices) -> str:
    close = difflib.get_close_matches(str(name), list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else "not a known name"


def defaults() -> dict[str, Any]:
    """Every parameter with its declared default.

    >>> defaults()["period_days"], defaults()["lang"]
    (365, 'en')
    """
    return {name: p.default for name, p in PARAMETERS.items()}


def _plain(value: Any) -> Any:
    """YAML values as notebooks take them: dates as ISO text, tuples as lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def check_parameters(values: Mapping[str, Any], *, where: str = "parameters") -> dict[str, Any]:
    """Check names and kinds; fold data options into ``data_options``; return plain values.

    >>> check_parameters({"lang": "fr"}, where="my.yaml")
    Traceback (most recent call last):
    ...
    helpers.schema.DataError: my.yaml: parameter 'lang' must be 'en' or 'zh', not 'fr'...
    >>> check_parameters({"decimal": ",", "as_of": "2024-02-01"})
    {'as_of': '2024-02-01', 'data_options': {'decimal': ','}}
    """
    problems: list[str] = []
    out: dict[str, Any] = {}
    options: dict[str, Any] = {}
    for key, value in values.items():
        name = str(key)
        value = _plain(value)
        if name in DATA_OPTIONS:
            options[name] = value
            continue
        if name not in PARAMETERS:
            valid = list(PARAMETERS) + list(DATA_OPTIONS)
            problems.append(f"unknown parameter {name!r} ({_suggest(name, valid)})")
            continue
        why = PARAMETERS[name].problem(value)
        if why is not None:
            problems.append(f"parameter {name!r} must be {why}, not {_short(value)}")
            continue
        out[name] = value
    if options:
        merged = dict(out.get("data_options") or {})
        clash = sorted(set(merged) & set(options))
        if clash:
            problems.append(f"data option(s) {clash} given twice (at the top and in data_options)")
        merged.update(options)
        why = PARAMETERS["data_options"].problem(merged)
        if why is not None:
            problems.append(f"data options must be {why}")
        out["data_options"] = merged
    if problems:
        listed = "\n".join(f"- {p}" for p in problems)
        raise DataError(
            f"{where}: {problems[0]}" + (f"\n{listed}" if len(problems) > 1 else "") +
            "\nThe parameters are listed in datasets/params/course.yaml and in the README."
        )  # fmt: skip
    return out


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _TextDates(yaml.SafeLoader):
    """Safe YAML that keeps dates as the text written, so a bad date is reported, not raised."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_parameter_text(text: str, *, where: str = "parameter file") -> dict[str, Any]:
    """The checked parameters of a parameter file's text (YAML, loaded safely)."""
    try:
        values = yaml.load(text, Loader=_TextDates)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise DataError(f"{where} is not valid YAML: {exc}") from None
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise DataError(
            f"{where} must hold a mapping such as 'as_of: 2024-01-01', "
            f"not a {type(values).__name__}"
        )
    return check_parameters(values, where=where)


def read_parameter_file(path: str | Path | None) -> dict[str, Any]:
    """The checked parameters of a YAML parameter file (an empty dict for None).

    >>> from helpers.paths import PARAMS_DIR
    >>> read_parameter_file(PARAMS_DIR / "course_seed7.yaml")["data_source"]
    'course:seed=7'
    """
    if path is None:
        return {}
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(f"parameter file {path} not found; check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"parameter file {path} cannot be read as UTF-8 text ({exc})") from None
    return read_parameter_text(text, where=path.name)
