"""Which notebooks make up the course, in the order it runs them."""

from __future__ import annotations

import os
import re
from pathlib import Path

from helpers.i18n import LANGS, edition_folder
from helpers.paths import NOTEBOOKS_DIR, SOLUTIONS_DIR

NOTEBOOK_NAME = re.compile(r"^\d\d_[a-z0-9_]+$")


def source_files(folder: Path) -> list[Path]:
    """The numbered py:percent sources in ``folder``, in course order."""
    return sorted(p for p in Path(folder).glob("*.py") if NOTEBOOK_NAME.match(p.stem))


def course_sources() -> list[Path]:
    """Lesson sources, then solution sources (the order the course runs them)."""
    return source_files(NOTEBOOKS_DIR) + source_files(SOLUTIONS_DIR)


def course_notebooks(
    include_solutions: bool = True, include_gallery: bool = False, lang: str = "en"
) -> list[Path]:
    """The committed lesson notebooks (then solutions) in course order.

    Lessons are numbered 00-89; notebooks numbered 90 and up (the chart gallery) are
    reference material, run only when ``include_gallery`` is true. ``lang="zh"`` gives
    the Chinese edition (``notebooks/zh/``, ``solutions/zh/``): the notebooks translated
    so far (:func:`not_in_edition` lists the others).

    >>> [p.name for p in course_notebooks(include_solutions=False)][:2]
    ['00_course_map.ipynb', '01_data_collection.ipynb']
    >>> course_notebooks(include_solutions=False, lang="zh")[0].parent.name
    'zh'
    """
    folders = [NOTEBOOKS_DIR] + ([SOLUTIONS_DIR] if include_solutions else [])
    found: list[Path] = []
    for folder in folders:
        found += sorted(
            p
            for p in edition_folder(folder, lang).glob("*.ipynb")
            if NOTEBOOK_NAME.match(p.stem) and (include_gallery or int(p.stem[:2]) < 90)
        )
    return found


def not_in_edition(
    lang: str, include_solutions: bool = True, include_gallery: bool = False
) -> list[Path]:
    """The English notebooks that have no ``lang`` edition yet (none for English)."""
    english = course_notebooks(include_solutions, include_gallery)
    return [p for p in english if not (edition_folder(p.parent, lang) / p.name).exists()]


def add_lang_option(parser, *, default: str | None = "en", help: str | None = None) -> None:
    """The ``--lang`` option of every command that runs or hands out notebooks.

    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_lang_option(parser)
    >>> parser.parse_args(["--lang", "zh"]).lang
    'zh'
    """
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=default,
        help=help or "the edition: en (default) or zh, the Chinese notebooks in */zh/ folders",
    )


def default_jobs() -> int:
    """Notebooks to run at once: one per CPU core, at most 4 (each kernel needs memory)."""
    return max(1, min(4, os.cpu_count() or 1))
