"""``python -m helpers data ...``: regenerate and check the course data, seed the UCI cache."""

from __future__ import annotations

import argparse
from pathlib import Path

from helpers import generate
from helpers.datasets import COURSE_DIR, RAW_EXPORT_DIR
from helpers.online_retail import seed_cache


def regenerate(
    course_dir: str | Path = COURSE_DIR,
    raw_dir: str | Path = RAW_EXPORT_DIR,
    seed: int = generate.DEFAULT_SEED,
) -> list[str]:
    """Regenerate the course company and its raw export; return the files that changed.

    This is how the committed files in ``datasets/`` are made (``data generate``).
    """
    tables = generate.generate_company(seed=seed)
    course_dir, raw_dir = Path(course_dir), Path(raw_dir)
    changed = [
        str(course_dir / n)
        for n in generate.write_files(generate.company_files(tables), course_dir)
    ]
    raw = generate.raw_export_files(generate.make_raw_export(tables, seed=seed))
    changed += [str(raw_dir / n) for n in generate.write_files(raw, raw_dir)]
    return changed


def _cmd_generate(args: argparse.Namespace) -> int:
    changed = regenerate(seed=args.seed)
    if not changed:
        print("datasets/ is up to date: every generated file is unchanged")
    for path in changed:
        print(f"rewrote {path}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    tables = generate.generate_company()
    expected = {COURSE_DIR / n: b for n, b in generate.company_files(tables).items()}
    raw = generate.raw_export_files(generate.make_raw_export(tables))
    expected |= {RAW_EXPORT_DIR / n: b for n, b in raw.items()}
    stale = [
        p
        for p, b in expected.items()
        if not p.exists() or not generate.same_content(p.name, p.read_bytes(), b)
    ]
    for p in stale:
        print(f"differs from the generator: {p}")
    print(f"{len(expected) - len(stale)}/{len(expected)} generated data files up to date")
    return 1 if stale else 0


def _cmd_seed_cache(args: argparse.Namespace) -> int:
    target = seed_cache(args.path, dataset=args.dataset)
    print(f"cached {args.path} as {target}")
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``data generate``, ``data check`` and ``data seed-cache PATH`` to the course CLI."""
    p = subparsers.add_parser("data", help="course data: regenerate, check, seed the cache")
    sub = p.add_subparsers(dest="data_command", required=True)
    g = sub.add_parser("generate", help="rewrite datasets/course and datasets/raw_export")
    g.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="simulation seed")
    g.set_defaults(func=_cmd_generate)
    c = sub.add_parser("check", help="check datasets/ matches the generator (exit 1 if not)")
    c.set_defaults(func=_cmd_check)
    s = sub.add_parser("seed-cache", help="copy a local UCI Online Retail file into the cache")
    s.add_argument(
        "path", help="online_retail.csv.gz / .csv / .xlsx (id 352) or online_retail_II.xlsx"
    )
    s.add_argument("--dataset", type=int, choices=(352, 502), default=None,
                   help="UCI data set id (default: from the file name)")  # fmt: skip
    s.set_defaults(func=_cmd_seed_cache)
