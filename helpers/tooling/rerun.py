"""Re-run the whole course on a company's own data: ``python -m helpers rerun``.

Before anything runs, the parameter file is checked (:func:`helpers.params.read_parameter_file`),
the output folder is checked (:mod:`helpers.tooling.folders`: only an earlier run's folder
is ever replaced) and the data is checked (:func:`helpers.datacheck.check_data`): any
error stops the command with the list of problems. Then every lesson and solution
notebook is executed with papermill on that data into ``<out>.partial/``, each is exported
to HTML, ``index.html`` (:mod:`helpers.tooling.index_page`) links every report with its
status next to the warnings of the data check and a summary of the data, and the folder
is renamed to ``<out>``. Ctrl-C stops every notebook and leaves ``<out>.partial``, which
``--resume`` finishes.

The data is loaded, cleaned and checked once: the clean tables are stored in
``<out>/prepared/<key>/`` and every notebook reads them (:mod:`helpers.tooling.run_data`);
the memory budget decides how many notebooks run at a time and whether the order lines
are analysed in memory or customer by customer.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from helpers.datacheck import DataCheck, check_data
from helpers.datasets import is_named_source
from helpers.memory import release_free_memory
from helpers.params import DATA_OPTIONS, PARAMETERS, read_parameter_file
from helpers.schema import DataError, Problem
from helpers.tooling import run_data
from helpers.tooling.catalog import course_notebooks, default_jobs
from helpers.tooling.failures import format_problems, problems_from
from helpers.tooling.folders import check_output_folder
from helpers.tooling.index_page import money, write_index
from helpers.tooling.run_data import Staging
from helpers.tooling.runner import NotebookResult, run_many


def rerun_parameters(
    data: str | Path, mapping: str | Path | None = None, params: str | Path | None = None
) -> dict[str, Any]:
    """The papermill parameters for a re-run: the checked parameter file, then data and mapping.

    >>> rerun_parameters("course:seed=7")
    {'data_source': 'course:seed=7'}
    """
    values = read_parameter_file(params)
    source = str(data)
    if not is_named_source(source):
        source = str(Path(data).expanduser().resolve())
    values["data_source"] = source
    if mapping is not None:
        values["column_mapping"] = str(Path(mapping).expanduser().resolve())
    return values


def check_run_data(parameters: dict[str, Any]) -> DataCheck:
    """The data check of :mod:`helpers.datacheck` for the data and options of a run."""
    return check_data(
        parameters["data_source"],
        parameters.get("column_mapping"),
        parameters.get("data_options"),
        as_of=parameters.get("as_of"),
    )


def loading_warnings(check: DataCheck) -> list[Problem]:
    """The check's warnings and those found while loading, each once."""
    found = list(check.warnings)
    if check.tables is not None:
        found += [p for p in check.tables.problems if p.level == "warning"]
    unique: dict[tuple[str, str, str], Problem] = {}
    for p in found:
        unique.setdefault((p.code, p.what, p.where), p)
    return list(unique.values())


def data_fingerprint(*paths: str | Path | None) -> str:
    """Names, sizes and modification times of the files a run reads (so a resumed run is
    known to read the same data)."""
    parts = []
    for given in paths:
        if given is None or is_named_source(str(given)):
            parts.append(str(given))
            continue
        path = Path(given).expanduser()
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            try:
                stat = f.stat()
            except OSError:
                continue
            parts.append(f"{f}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def rerun(
    data: str | Path,
    out: str | Path,
    *,
    mapping: str | Path | None = None,
    params: str | Path | None = None,
    force: bool = False,
    resume: bool = False,
    notebooks: Sequence[Path] | None = None,
    jobs: int = 1,
    stream=None,
    load_once: bool = True,
) -> list[NotebookResult] | None:
    """Check the parameters, the output folder and the data, then run the course on it.

    ``load_once=False`` lets every notebook load and clean the data itself (as re-runs did
    before the data was prepared once; the benchmark compares both).

    Returns the results, or None when the data check found errors (nothing was run; the
    problems are printed). A parameter file or output folder that cannot be used raises
    :class:`~helpers.schema.DataError` or :class:`~helpers.tooling.folders.FolderRefused`.
    """
    stream = stream or sys.stdout
    parameters = rerun_parameters(data, mapping, params)
    reads = [p for p in (data, mapping, params) if p is not None and not is_named_source(str(p))]
    plan = check_output_folder(out, replace=force, resume=resume, data=reads)
    with Staging(plan.out) as staging:  # where batches of a large file are cleaned
        check = check_run_data(parameters)
        problems = check.problems
        summary = None
        if check.ok:
            try:
                summary = run_data.data_summary(check.tables, parameters.get("as_of"))
            except DataError as exc:
                problems = problems_from(exc)
        if summary is None:
            heading = "The data cannot be used yet; nothing was run. Problems found:"
            print(format_problems(problems, heading), file=stream)
            return None
        warnings = loading_warnings(check)
        print(
            f"Data: {summary['order_lines']:,} order lines, {summary['customers']:,} customers, "
            f"{summary['first_order']} to {summary['last_order']}, revenue "
            f"{money(summary['revenue_cents'])}; as-of date {summary['as_of']}",
            file=stream,
        )
        if warnings:
            print(format_problems(warnings, "The data check warns (see index.html):"), file=stream)
        # the clean tables are stored once for every notebook; the command lets go of them
        prepared = staging.keep(check.tables, parameters, jobs=jobs) if load_once else None
        del check
        release_free_memory()
        if prepared is not None:
            print(run_data.plan_line(prepared.plan), file=stream)
        sources = (
            list(notebooks) if notebooks is not None else course_notebooks(include_gallery=True)
        )
        return run_many(
            sources,
            plan.out,
            prepared.notebook_parameters(parameters, plan.partial) if prepared else parameters,
            replace=force,
            resume=resume,
            jobs=prepared.plan.jobs if prepared else jobs,
            stream=stream,
            protect=reads,
            key_extra=data_fingerprint(data, mapping, params),
            before_run=prepared.move_into if prepared else None,
            before_publish=lambda folder, results: write_index(
                folder,
                results,
                title="Course re-run",
                summary=summary,
                problems=warnings,
                parameters=parameters,
            ),
        )


def cmd_rerun(args: argparse.Namespace) -> int:
    results = rerun(
        args.data,
        args.out,
        mapping=args.mapping,
        params=args.params,
        force=args.force,
        resume=args.resume,
        jobs=args.jobs,
    )
    if results is None:
        return 2
    print(f"Index of the reports: {Path(args.out).expanduser().resolve() / 'index.html'}")
    return 0 if all(r.status == "ok" for r in results) else 1


# --- the keys of a parameter file -------------------------------------------------------------


def _default_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_default_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_default_text(v)}" for k, v in value.items()) + "}"
    return str(value)


def parameter_keys() -> list[tuple[str, str, str, str]]:
    """Every key a parameter file may hold: (key, kind, default, meaning).

    Parameters first (in the order of :data:`helpers.params.PARAMETERS`), then the data
    options (:data:`helpers.params.DATA_OPTIONS`).

    >>> keys = parameter_keys()
    >>> keys[3][:3]
    ('as_of', 'parameter', 'null')
    """
    rows = [(p.name, "parameter", _default_text(p.default), p.help) for p in PARAMETERS.values()]
    rows += [
        (o.name, "data option", _default_text(o.default), o.help) for o in DATA_OPTIONS.values()
    ]
    return rows


def parameter_table() -> str:
    """The README's table of parameter-file keys, as Markdown.

    >>> parameter_table().splitlines()[0]
    '| key | kind | default | meaning |'
    """
    lines = ["| key | kind | default | meaning |", "|---|---|---|---|"]
    for key, kind, default, meaning in parameter_keys():
        lines.append(f"| `{key}` | {kind} | `{default}` | {meaning.replace('|', '/')} |")
    return "\n".join(lines)


def cmd_parameters(args: argparse.Namespace) -> int:
    if args.markdown:
        print(parameter_table())
        return 0
    width = max(len(k) for k, *_ in parameter_keys())
    for key, kind, default, meaning in parameter_keys():
        print(f"{key:<{width}}  {default:<20} {meaning}  ({kind})")
    return 0


def add_commands(subparsers) -> None:
    p = subparsers.add_parser(
        "rerun", help="re-run every lesson and solution on your own data, with HTML reports"
    )
    p.add_argument("data", help="a CSV/Excel/Parquet file or a folder of tables")
    p.add_argument("--out", required=True, help="a new output folder for the reports")
    p.add_argument("--mapping", help="YAML or TOML file mapping your headers to the course's")
    p.add_argument("--params", help="YAML parameter file (as_of, thresholds, lang ...)")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace --out when an earlier re-run wrote it (never a folder it did not write)",
    )
    p.add_argument(
        "--resume", action="store_true", help="finish a run that was interrupted (Ctrl-C)"
    )
    p.add_argument(
        "--jobs", type=int, default=default_jobs(), help="notebooks run at a time (default: cores)"
    )
    p.set_defaults(func=cmd_rerun)

    p = subparsers.add_parser(
        "parameters", help="list every key a parameter file may hold, with its default"
    )
    p.add_argument("--markdown", action="store_true", help="as the README's Markdown table")
    p.set_defaults(func=cmd_parameters)
