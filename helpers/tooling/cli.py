"""Command line for the course: ``python -m helpers <command>``.

The stdlib-only ``tasks.py`` at the repository root creates the environment and
then calls this module, so ``python tasks.py course`` works on a fresh machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from helpers.i18n import tr
from helpers.paths import BUILD_DIR, REPO_ROOT
from helpers.tooling import benchmark, data_commands, grade, i18n, rerun, workbook
from helpers.tooling.catalog import (
    add_lang_option,
    course_notebooks,
    default_jobs,
    not_in_edition,
)
from helpers.tooling.failures import debugging, format_problems, problems_from
from helpers.tooling.runner import Interrupted

NBVAL_ARGS = [
    "--nbval",
    "--nbval-current-env",
    "--nbval-sanitize-with",
    str(REPO_ROOT / "tests" / "nbval_sanitize.cfg"),
]


def cmd_course(args: argparse.Namespace) -> int:
    from helpers.tooling.folders import check_output_folder
    from helpers.tooling.index_page import data_summary, write_index
    from helpers.tooling.rerun import check_run_data, loading_warnings
    from helpers.tooling.runner import run_many

    notebooks = course_notebooks(
        include_solutions=not args.lessons_only, include_gallery=args.gallery, lang=args.lang
    )
    untranslated = not_in_edition(args.lang, not args.lessons_only, args.gallery)
    if untranslated:
        names = ", ".join(f"{p.parent.name}/{p.stem}" for p in untranslated)
        print(f"not translated into '{args.lang}' yet, so not run: {names}")
    if args.only:
        notebooks = [p for p in notebooks if any(key in p.name for key in args.only)]
    if not notebooks:
        print("no notebooks matched", file=sys.stderr)
        return 2
    out = Path(args.out).expanduser().resolve()
    # before the slower data check
    check_output_folder(out, replace=True, resume=args.resume, lang=args.lang)
    check = check_run_data({"data_source": "course"})
    if not check.ok:
        print(format_problems(check.problems, "The course data has problems:"), file=sys.stderr)
        return 2
    summary = data_summary(check.tables)
    notes = _own_data_sources(notebooks)
    print(f"Running {len(notebooks)} notebooks into {out}")
    results = run_many(
        notebooks,
        out,
        replace=True,
        resume=args.resume,
        jobs=args.jobs,
        before_publish=lambda folder, results: write_index(
            folder,
            results,
            title=tr("Course run", args.lang, domain="reports"),
            summary=summary,
            problems=loading_warnings(check),
            notes=notes,
            lang=args.lang,
        ),
    )
    print(f"HTML reports: {out / 'index.html'}")
    return 0 if all(r.status == "ok" for r in results) else 1


def _own_data_sources(notebooks: list[Path]) -> list[str]:
    """Notes for notebooks whose parameters cell names other data than the bundled company."""
    import papermill as pm

    from helpers.tooling.runner import display_name

    notes = []
    for path in notebooks:
        declared = pm.inspect_notebook(str(path)).get("data_source", {})
        default = str(declared.get("default", "")).strip("\"'")
        if default and default != "course":
            notes.append(
                f"{display_name(path)} runs on its own default data, {default}; the summary "
                "below describes the bundled company (course), which every other notebook uses."
            )
    return notes


def cmd_build(args: argparse.Namespace) -> int:
    from helpers.tooling.notebooks import build, course_sources, out_of_sync

    sources = [Path(p).resolve() for p in args.sources] or course_sources()
    if args.check:
        problems = [msg for p in sources if (msg := out_of_sync(p))]
        for msg in problems:
            print(msg)
        print(f"{len(sources) - len(problems)}/{len(sources)} notebooks in sync with their sources")
        return 1 if problems else 0
    for path in sources:
        print(f"building {path.relative_to(REPO_ROOT)}", flush=True)
        build(path, run=not args.no_run)
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    targets = ["tests", "helpers", "notebooks", "solutions"]
    # one worker per core; a file's tests (a notebook's cells) stay on one worker
    parallel = [] if _names_workers(args.extra) else ["-n", "auto", "--dist", "loadfile"]
    command = [sys.executable, "-m", "pytest", *targets, *NBVAL_ARGS, *parallel, *args.extra]
    return subprocess.call(command, cwd=REPO_ROOT)


def _names_workers(extra: list[str]) -> bool:
    """True when the extra pytest arguments choose the workers themselves (-n, -p no:xdist)."""
    return any(a == "-n" or a.startswith(("-n", "--numprocesses")) or a == "no:xdist"
               for a in extra)  # fmt: skip


def cmd_lab(args: argparse.Namespace) -> int:
    from helpers.tooling import lab

    lab.trust_course_notebooks()
    command = lab.lab_command(port=args.port, browser=not args.no_browser, extra=args.extra)
    print(
        f"Serving the course folder {REPO_ROOT} and opening the course map "
        f"({lab.course_map_url_path()}); Ctrl-C stops the lab.",
        flush=True,
    )
    return lab.run_in_foreground(command, cwd=REPO_ROOT)


#: modules that add their own commands through ``add_commands(subparsers)``
COMMAND_MODULES = (data_commands, workbook, grade, rerun, benchmark, i18n)

#: how each command that can finish an interrupted run says so
RESUMABLE = {
    "rerun": "To finish the run, give the same command again with --resume; to start it "
    "again from the beginning, add --force instead.",
    "course": "To finish the run, give the same command again with --resume; without "
    "--resume it starts again from the beginning.",
}

#: commands whose unknown arguments are handed on (to pytest, to jupyter lab)
PASS_THROUGH = {"test", "lab"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("course", help="execute every lesson and solution, export HTML")
    p.add_argument(
        "--out",
        default=str(BUILD_DIR / "course"),
        help="output folder (an earlier course run there is replaced)",
    )
    p.add_argument("--lessons-only", action="store_true", help="skip the solutions")
    p.add_argument("--gallery", action="store_true", help="also run the chart gallery (90)")
    p.add_argument("--only", nargs="*", help="run only notebooks whose name contains these")
    add_lang_option(p)
    p.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        help="notebooks run at a time (default: the number of CPU cores, at most 4)",
    )
    p.add_argument("--resume", action="store_true", help="finish an interrupted run")
    p.set_defaults(func=cmd_course)

    p = sub.add_parser("build", help="rebuild .ipynb files from their py:percent sources")
    p.add_argument("sources", nargs="*", help="sources to build (default: all)")
    p.add_argument("--no-run", action="store_true", help="write notebooks without outputs")
    p.add_argument("--check", action="store_true", help="only check notebooks match sources")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "test", help="run the whole test suite (pytest + nbval); extra arguments go to pytest"
    )
    p.set_defaults(func=cmd_test)

    p = sub.add_parser(
        "lab",
        help="open JupyterLab on the whole course, at the course map",
        description=(
            "Start JupyterLab on the course folder (lessons, exercises, solutions and data "
            "in its file browser) and open the course map, in the browser it starts and "
            "at the address it prints."
        ),
        epilog=(
            "Any other argument goes to JupyterLab unchanged, for example "
            "`--ServerApp.ip=0.0.0.0` to reach the lab from another machine, "
            "`--allow-root` inside a container running as root, or "
            "`--ServerApp.token=...`; `jupyter lab --help-all` (inside .venv) lists them all."
        ),
    )
    p.add_argument("--port", type=int, help="port to serve on (default 8888, or the next free one)")
    p.add_argument(
        "--no-browser",
        action="store_true",
        help="do not start a browser; open the printed address yourself",
    )
    p.set_defaults(func=cmd_lab)

    for module in COMMAND_MODULES:
        module.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; every failure ends in a list of problems (what, where, how to fix)."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command not in PASS_THROUGH:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra
    try:
        return args.func(args)
    except Interrupted as exc:
        print(interrupted_message(exc, args.command), file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("Interrupted; nothing was written.", file=sys.stderr)
        return 130
    except Exception as exc:
        if debugging():
            raise
        lang = getattr(args, "lang", None) or "en"  # the language of the command's messages
        problems = problems_from(exc, command=args.command, lang=lang)
        print(format_problems(problems, lang=lang), file=sys.stderr)
        return 2


def interrupted_message(exc: Interrupted, command: str) -> str:
    """What an interrupted run left behind and how to go on from there."""
    lines = [
        f"Interrupted: every notebook and kernel of the run was stopped. {exc.finished} of "
        f"{exc.total} notebooks had finished; they are kept in {exc.partial}.",
    ]
    lines.append(
        RESUMABLE.get(command, "Give the same command again to run it from the beginning.")
    )
    return "\n".join(lines)
