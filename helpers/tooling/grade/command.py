"""``python3 tasks.py grade SUBMISSIONS_DIR --out REPORT_DIR``: grade a class's workbooks."""

from __future__ import annotations

import argparse
import sys

from helpers.tooling.catalog import add_lang_option
from helpers.tooling.grade.grader import DEFAULT_TIME_LIMIT, grade_class
from helpers.tooling.grade.results import CORRECT
from helpers.tooling.runner import Interrupted


def cmd_grade(args: argparse.Namespace) -> int:
    try:
        graded = grade_class(
            args.submissions,
            args.out,
            roster=args.roster,
            lang=args.lang,
            time_limit=args.timeout,
            force=args.force,
            resume=args.resume,
            same_data=args.same_data,
        )
    except Interrupted as exc:
        print(
            f"Interrupted: every notebook and kernel of the grading was stopped. {exc.finished} "
            f"of {exc.total} notebooks had been graded; they are kept in {exc.partial}. To "
            "finish, give the same command again with --resume; to start again, with --force.",
            file=sys.stderr,
        )
        return 130
    questions = [q for g in graded.grades for q in g.questions]
    correct = sum(q.status == CORRECT for q in questions)
    print(f"{len(graded.students)} students, {correct} of {len(questions)} answers correct.")
    for finding in graded.findings:
        print(f"not graded: {finding.text()}")
    print(f"Report: {graded.out / 'index.html'}")
    print(f"Gradebook: {graded.out / 'gradebook.csv'}")
    return 0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"the time limit must be above 0 seconds, not {text}")
    return value


def add_commands(subparsers) -> None:
    """Add ``grade`` to ``python -m helpers``."""
    p = subparsers.add_parser(
        "grade",
        help="re-run and grade a class's submitted workbooks; write a gradebook and a report",
        description=(
            "Re-execute every submitted exercise notebook on its student's data, within a time "
            "limit, and record each question as correct, wrong (with the mistake's id), not "
            "answered or error. Submissions are never modified."
        ),
    )
    p.add_argument(
        "submissions",
        help="folder of submissions: one folder per student named with the student id, or "
        "notebooks named with the student id and the exercise (S001_00_warm_up.ipynb)",
    )
    p.add_argument("--out", required=True, help="a new folder for the report")
    p.add_argument("--roster", help="class list (CSV or Excel: student id, name)")
    add_lang_option(p, help="language of the report: en (default) or zh")
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIME_LIMIT,
        help=f"time limit per notebook in seconds (default {DEFAULT_TIME_LIMIT:g})",
    )
    p.add_argument(
        "--same-data",
        action="store_true",
        help="the class worked on the course's data (handed out with --same-data or without a "
        "roster)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace a report an earlier grading wrote in --out (never a folder it did not write)",
    )
    p.add_argument("--resume", action="store_true", help="finish a grading that was interrupted")
    p.set_defaults(func=cmd_grade)
