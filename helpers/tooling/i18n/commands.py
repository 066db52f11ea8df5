"""``python -m helpers translate update | status | build``: the Chinese edition's commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers.tooling.i18n.edition import (
    Layout,
    build,
    domain_findings,
    key,
    notebook_findings,
    orphans,
    out_of_sync,
    read_pending,
    update_domain,
    update_notebook,
)
from helpers.tooling.i18n.messages import helpers_messages
from helpers.tooling.i18n.units import TranslationError


def _sources(layout: Layout, names: list[str]) -> list[Path]:
    """The sources named on the command line (paths or ``notebooks/NN_topic``), or all."""
    every = layout.sources()
    if not names:
        return every
    chosen = []
    for name in names:
        wanted = Path(name).with_suffix("").as_posix().removeprefix("./")
        match = [s for s in every if layout.relative(s).removesuffix(".py") == wanted]
        match = match or [s for s in every if key(s) == wanted or s.stem == wanted]
        if not match:
            raise TranslationError(f"no lesson or solution source called {name!r}")
        chosen += match
    return list(dict.fromkeys(chosen))


def cmd_update(args: argparse.Namespace) -> int:
    layout = Layout()
    messages, problems = helpers_messages()
    if not args.helpers_only:
        for source in _sources(layout, args.sources):
            print(update_notebook(layout, source).summary())
    if not args.sources:
        domains = set(messages) | {p.stem for p in layout.domain_catalogues()}
        for domain in sorted(domains):
            print(update_domain(layout, domain, messages.get(domain, [])).summary())
    for problem in problems:
        print(f"not extracted: {problem}", file=sys.stderr)
    return 1 if problems else 0


def cmd_status(args: argparse.Namespace) -> int:
    layout = Layout()
    pending = read_pending(layout)
    messages, problems = helpers_messages()
    rows, shown = [], []
    for source in layout.sources():
        name = key(source)
        found = notebook_findings(layout, source)
        rows.append((name, name in pending.notebooks, found))
    for domain in sorted(set(messages) | {p.stem for p in layout.domain_catalogues()}):
        found = domain_findings(layout, domain, messages.get(domain, []))
        rows.append((f"domain {domain}", domain in pending.domains, found))
    width = max(len(r[0]) for r in rows)
    print(f"{'catalogue':<{width}}  state")
    for name, is_pending, found in rows:
        state = "complete" if not found else f"{len(found)} to do"
        if len(found) == 1 and not found[0].english:
            state = "no catalogue yet"
        print(f"{name:<{width}}  {state}{'  (listed as not translated yet)' if is_pending else ''}")
        if found and (args.all or not is_pending):
            shown += found
    for finding in shown:
        print(f"  {finding}")
    for problem in problems:
        print(f"  not extracted: {problem}")
    return 1 if shown or problems else 0


def cmd_build(args: argparse.Namespace) -> int:
    layout = Layout()
    pending = read_pending(layout)
    sources = _sources(layout, args.sources)
    if not args.sources:
        sources = [s for s in sources if key(s) not in pending.notebooks]
    if args.check:
        problems = [p for s in sources for p in out_of_sync(layout, s)]
        if not args.sources:
            left = orphans(layout, pending)
            problems += [f"{p} has no translated source: delete it" for p in left]
        for problem in problems:
            print(problem)
        print(f"{len(sources)} Chinese notebook source(s) checked, {len(problems)} problem(s)")
        return 1 if problems else 0
    for source in sources:
        print(f"translating {layout.relative(source)}", flush=True)
        for line in build(layout, source, run=not args.no_run, force=args.force):
            print(f"  {line}", flush=True)
    return 0


def _run(func):
    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except TranslationError as exc:
            print(exc, file=sys.stderr)
            return 2

    return run


def add_commands(subparsers) -> None:
    """Add ``translate`` and its subcommands to ``python -m helpers``."""
    p = subparsers.add_parser(
        "translate", help="the Chinese edition: update catalogues, show their state, build it"
    )
    sub = p.add_subparsers(dest="translate_command", required=True)

    q = sub.add_parser(
        "update", help="merge the English sources into the catalogues (changed text: fuzzy)"
    )
    q.add_argument("sources", nargs="*", help="lesson or solution sources (default: all)")
    q.add_argument("--helpers-only", action="store_true", help="only the helpers' catalogues")
    q.set_defaults(func=_run(cmd_update))

    q = sub.add_parser("status", help="what is translated, stale or missing, by catalogue")
    q.add_argument("--all", action="store_true", help="also list what the pending list skips")
    q.set_defaults(func=_run(cmd_status))

    q = sub.add_parser("build", help="write the Chinese notebooks (executed) and exercises")
    q.add_argument("sources", nargs="*", help="sources to build (default: all translated ones)")
    q.add_argument("--check", action="store_true", help="only check the committed ones match")
    q.add_argument("--no-run", action="store_true", help="write notebooks without outputs")
    q.add_argument("--force", action="store_true", help="also replace edited Chinese exercises")
    q.set_defaults(func=_run(cmd_build))
