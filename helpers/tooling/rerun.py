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

``--lang zh`` (or ``lang: zh`` in the parameter file) runs the Chinese edition: the
Chinese notebooks (those not translated yet are named and left out), the ``lang``
parameter set to ``zh``, ``index.html`` and the command's own messages in Chinese.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from helpers.datacheck import DataCheck, check_data
from helpers.datasets import is_named_source
from helpers.i18n import check_lang, lookup, tr
from helpers.memory import release_free_memory
from helpers.params import DATA_OPTIONS, PARAMETERS, read_parameter_file
from helpers.schema import DataError, Problem
from helpers.tooling import run_data
from helpers.tooling.catalog import add_lang_option, course_notebooks, default_jobs, not_in_edition
from helpers.tooling.failures import format_problems, problems_from
from helpers.tooling.folders import check_output_folder
from helpers.tooling.index_page import money_text, write_index
from helpers.tooling.run_data import Staging
from helpers.tooling.runner import NotebookResult, display_name, run_many

#: the catalogue of the meanings of the parameter-file keys (helpers/locale/<lang>/parameters.po)
PARAMETERS_DOMAIN = "parameters"


def rerun_parameters(
    data: str | Path,
    mapping: str | Path | None = None,
    params: str | Path | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """The papermill parameters for a re-run: the checked parameter file, then data, mapping
    and language (``--lang`` wins over the file's ``lang``).

    >>> rerun_parameters("course:seed=7")
    {'data_source': 'course:seed=7'}
    >>> rerun_parameters("course:seed=7", lang="zh")["lang"]
    'zh'
    """
    values = read_parameter_file(params)
    source = str(data)
    if not is_named_source(source):
        source = str(Path(data).expanduser().resolve())
    values["data_source"] = source
    if mapping is not None:
        values["column_mapping"] = str(Path(mapping).expanduser().resolve())
    if lang is not None:
        values["lang"] = check_lang(lang)
    return values


def run_language(lang: str | None, params: str | Path | None) -> str:
    """The language of a re-run: ``--lang`` when given, else the parameter file's ``lang``,
    else English. A parameter file that cannot be read counts as saying nothing here (the
    run reports its problems).

    >>> run_language(None, None), run_language("zh", None)
    ('en', 'zh')
    """
    if lang is not None:
        return check_lang(lang)
    try:
        return read_parameter_file(params).get("lang", "en")
    except DataError:
        return "en"


def check_run_data(parameters: dict[str, Any]) -> DataCheck:
    """The data check of :mod:`helpers.datacheck` for the data and options of a run, its
    problems written in the run's language."""
    return check_data(
        parameters["data_source"],
        parameters.get("column_mapping"),
        parameters.get("data_options"),
        as_of=parameters.get("as_of"),
        lang=parameters.get("lang") or "en",
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
    lang: str | None = None,
    load_once: bool = True,
) -> list[NotebookResult] | None:
    """Check the parameters, the output folder and the data, then run the course on it.

    ``lang`` (``--lang``) chooses the edition, the ``lang`` parameter of every notebook and
    the language of the messages and of ``index.html``; None: the parameter file's
    ``lang``, else English. ``notebooks`` replaces the edition's notebooks.
    ``load_once=False`` lets every notebook load and clean the data itself (as re-runs did
    before the data was prepared once; the benchmark compares both).

    Returns the results, or None when the data check found errors (nothing was run; the
    problems are printed). A parameter file or output folder that cannot be used raises
    :class:`~helpers.schema.DataError` or :class:`~helpers.tooling.folders.FolderRefused`.
    """
    stream = stream or sys.stdout
    parameters = rerun_parameters(data, mapping, params, lang)
    lang = parameters.get("lang", "en")
    reads = [p for p in (data, mapping, params) if p is not None and not is_named_source(str(p))]
    plan = check_output_folder(out, replace=force, resume=resume, data=reads, lang=lang)
    with Staging(plan.out) as staging:  # where batches of a large file are cleaned
        check = check_run_data(parameters)
        problems = check.problems
        summary = None
        if check.ok:
            try:
                summary = run_data.data_summary(check.tables, parameters.get("as_of"), lang)
            except DataError as exc:
                problems = problems_from(exc, lang=lang)
        if summary is None:
            heading = tr("The data cannot be used yet; nothing was run. Problems found:", lang,
                         domain="reports")  # fmt: skip
            print(format_problems(problems, heading, lang=lang), file=stream)
            return None
        warnings = loading_warnings(check)
        print(data_line(summary, lang), file=stream)
        if warnings:
            heading = tr("The data check warns (see index.html):", lang, domain="reports")
            print(format_problems(warnings, heading, lang=lang), file=stream)
        # the clean tables are stored once for every notebook; the command lets go of them
        prepared = staging.keep(check.tables, parameters, jobs=jobs) if load_once else None
        del check
        release_free_memory()
        if prepared is not None:
            print(run_data.plan_line(prepared.plan, lang), file=stream)
        notes: list[str] = []
        if notebooks is not None:
            sources = list(notebooks)
        else:
            sources = course_notebooks(include_gallery=True, lang=lang)
            left_out = not_in_edition(lang, include_solutions=True, include_gallery=True)
            if left_out:
                notes.append(untranslated_note(left_out, lang))
                print(notes[-1], file=stream)
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
                title=tr("Course re-run", lang, domain="reports"),
                summary=summary,
                problems=warnings,
                parameters=parameters,
                notes=notes,
                lang=lang,
            ),
        )


def data_line(summary: dict[str, Any], lang: str = "en") -> str:
    """The line that says what data a re-run analyses, before any notebook runs."""
    return tr(
        "Data: {lines:,} order lines, {customers:,} customers, {first} to {last}, revenue "
        "{revenue}; as-of date {as_of}",
        lang,
        domain="reports",
        lines=summary["order_lines"],
        customers=summary["customers"],
        first=summary["first_order"],
        last=summary["last_order"],
        revenue=money_text(summary["revenue_cents"], lang),
        as_of=summary["as_of"],
    )


def untranslated_note(notebooks: Sequence[Path], lang: str) -> str:
    """What a re-run in ``lang`` leaves out because it is not translated yet.

    >>> from helpers.paths import NOTEBOOKS_DIR
    >>> untranslated_note([NOTEBOOKS_DIR / "05_loyalty.ipynb"], "zh")
    '以下笔记本尚未翻译成中文，本次没有运行：notebooks/05_loyalty.ipynb'
    """
    names = ("、" if lang == "zh" else ", ").join(display_name(p) for p in notebooks)
    return tr("Not translated into this language yet, so not run: {names}", lang, domain="reports",
              names=names)  # fmt: skip


def cmd_rerun(args: argparse.Namespace) -> int:
    given = args.lang
    # the language of the whole command, so that a refusal is printed in it too
    args.lang = run_language(given, args.params)
    results = rerun(
        args.data,
        args.out,
        mapping=args.mapping,
        params=args.params,
        force=args.force,
        resume=args.resume,
        jobs=args.jobs,
        lang=given,
    )
    if results is None:
        return 2
    index = Path(args.out).expanduser().resolve() / "index.html"
    print(tr("Index of the reports: {path}", args.lang, domain="reports", path=index))
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


def parameter_keys(lang: str = "en") -> list[tuple[str, str, str, str]]:
    """Every key a parameter file may hold: (key, kind, default, meaning), kind and meaning
    in ``lang`` (the meanings' translations are in the catalogue ``parameters``).

    Parameters first (in the order of :data:`helpers.params.PARAMETERS`), then the data
    options (:data:`helpers.params.DATA_OPTIONS`).

    >>> keys = parameter_keys()
    >>> keys[3][:3]
    ('as_of', 'parameter', 'null')
    >>> parameter_keys("zh")[4][1:3]
    ('参数', 'en')
    """
    parameter = tr("parameter", lang, domain="reports", context="kind of key")
    option = tr("data option", lang, domain="reports", context="kind of key")
    rows = [
        (p.name, parameter, _default_text(p.default), _meaning(p.name, p.help, lang))
        for p in PARAMETERS.values()
    ]
    rows += [
        (o.name, option, _default_text(o.default), _meaning(o.name, o.help, lang))
        for o in DATA_OPTIONS.values()
    ]
    return rows


def _meaning(key: str, english: str, lang: str) -> str:
    return lookup(english, lang, context=key, domain=PARAMETERS_DOMAIN)


def parameter_table(lang: str = "en") -> str:
    """The README's table of parameter-file keys, as Markdown (README.zh.md: ``lang="zh"``).

    >>> parameter_table().splitlines()[0]
    '| key | kind | default | meaning |'
    >>> parameter_table("zh").splitlines()[0]
    '| 键 | 类别 | 默认值 | 含义 |'
    """
    head = tr("| key | kind | default | meaning |", lang, domain="reports")
    lines = [head, "|---|---|---|---|"]
    for key, kind, default, meaning in parameter_keys(lang):
        lines.append(f"| `{key}` | {kind} | `{default}` | {meaning.replace('|', '/')} |")
    return "\n".join(lines)


def cmd_parameters(args: argparse.Namespace) -> int:
    lang = args.lang
    if args.markdown:
        print(parameter_table(lang))
        return 0
    width = max(len(k) for k, *_ in parameter_keys())
    for key, kind, default, meaning in parameter_keys(lang):
        key, default = key.ljust(width), default.ljust(20)
        line = tr("{key}  {default} {meaning}  ({kind})", lang, domain="reports", key=key,
                  default=default, meaning=meaning, kind=kind)  # fmt: skip
        print(line)
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
    add_lang_option(
        p,
        default=None,
        help="the edition: zh runs the Chinese notebooks and writes the messages and index.html "
        "in Chinese (default: the parameter file's lang, else en)",
    )
    p.set_defaults(func=cmd_rerun)

    p = subparsers.add_parser(
        "parameters", help="list every key a parameter file may hold, with its default"
    )
    p.add_argument("--markdown", action="store_true", help="as the README's Markdown table")
    add_lang_option(p, help="the language of the meanings: en (default) or zh (README.zh.md)")
    p.set_defaults(func=cmd_parameters)
