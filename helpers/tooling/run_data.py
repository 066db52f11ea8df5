"""The data of a re-run, loaded, cleaned and checked once, then read by every notebook.

:func:`helpers.tooling.rerun.rerun` checks the data (which loads and cleans it), then
:meth:`Staging.keep` stores the clean tables as a prepared folder (see
:mod:`helpers.prepared`) next to the output folder, decides from the memory budget how
many notebooks run at a time and whether the order lines are analysed in memory or
customer by customer (:func:`helpers.memory.run_plan`), and lets go of the tables. When
the run's working folder exists, :meth:`PreparedData.move_into` moves the prepared
folder into it (``<out>.partial/prepared/<key>``), and every notebook receives the data
options ``prepared`` (that folder) and ``memory_budget`` (its share of the budget).

A folder this module makes is removed when the run ends or stops, and only that folder.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import memory, prepared
from helpers.i18n import tr
from helpers.tables import CourseTables
from helpers.tooling.folders import partial_folder

__all__ = ["PreparedData", "Staging", "data_summary"]

#: the folder of the run's working folder that holds the prepared tables
PREPARED = "prepared"


@dataclass
class PreparedData:
    """The prepared tables of a run and how the run uses its memory."""

    key: str
    folder: Path
    plan: memory.RunPlan

    def move_into(self, partial: Path) -> Path:
        """Move the prepared folder into the run's working folder (kept if already there)."""
        target = Path(partial) / PREPARED / self.key
        if target == self.folder:
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        if (target / prepared.MANIFEST).exists():
            shutil.rmtree(self.folder, ignore_errors=True)
        else:
            self.folder.rename(target)
        self.folder = target
        return target

    def notebook_parameters(self, parameters: dict[str, Any], partial: Path) -> dict[str, Any]:
        """The parameters of every notebook: the run's, with the prepared folder and the
        notebook's share of the memory budget as data options."""
        options = dict(parameters.get("data_options") or {})
        options["prepared"] = str(Path(partial) / PREPARED / self.key)
        options["memory_budget"] = f"{self.plan.per_notebook / 2**30:.2f}GB"
        return {**parameters, "data_options": options}


class Staging(AbstractContextManager):
    """A folder next to ``out`` where the data is prepared before the run's working folder
    exists (on the same disk, so moving it is instant); removed on exit with whatever is
    left in it, as are the parent folders it had to make."""

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out).expanduser().resolve()
        self.made: list[Path] = []
        self.folder: Path | None = None
        self._home = None

    def __enter__(self) -> Staging:
        missing = [p for p in (self.out.parent, *self.out.parent.parents) if not p.exists()]
        try:
            for parent in reversed(missing):
                parent.mkdir()
                self.made.append(parent)
            self.folder = Path(
                tempfile.mkdtemp(dir=self.out.parent, prefix=f".{self.out.name}.data-")
            )
        except OSError as exc:  # told as the run's working folder, which cannot be made either
            self.__exit__(None, None, None)
            raise type(exc)(exc.errno, exc.strerror, str(partial_folder(self.out))) from exc
        self._home = prepared.prepared_home(self.folder)
        self._home.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._home is not None:
            self._home.__exit__(*exc)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        for parent in reversed(self.made):
            try:
                parent.rmdir()  # only when empty: the run has put nothing there
            except OSError:
                pass

    def keep(self, tables: CourseTables, parameters: dict[str, Any], *, jobs: int) -> PreparedData:
        """Store ``tables`` as the run's prepared folder; plan the run's memory."""
        source = parameters["data_source"]
        mapping = parameters.get("column_mapping")
        options = parameters.get("data_options")
        key = prepared.prepared_key(source, mapping, options)
        folder = prepared.write_prepared(
            tables, self.folder, data_source=source, column_mapping=mapping, options=options,
            key=key,
        )  # fmt: skip
        return PreparedData(key, folder, plan_for(tables, options, jobs=jobs))


def plan_for(tables: CourseTables, options, *, jobs: int) -> memory.RunPlan:
    """How the run uses the memory budget for ``tables`` (see :func:`helpers.memory.run_plan`)."""
    budget = memory.memory_budget(options)
    sample = memory.frame_bytes(tables.orders)
    if tables.lines is None:
        return memory.run_plan(lines_bytes=sample, budget=budget, jobs=jobs)
    facts = tables.lines.facts
    per_line = sample / max(len(tables.orders), 1)
    customers = int(facts.get("customers") or 0)
    customers_need = memory.notebook_need(sample + customers * memory.CUSTOMER_BYTES)
    return memory.run_plan(
        lines_bytes=int(per_line * int(facts.get("order_lines") or 0)),
        budget=budget,
        jobs=jobs,
        customers_need=customers_need,
        mode="customers",
    )


def plan_line(plan: memory.RunPlan, lang: str = "en") -> str:
    """One line about how the run uses its memory budget, in ``lang``.

    >>> plan_line(memory.RunPlan("lines", 2, 6 * 2**30, 2**30, 12 * 2**30))[-60:]
    's about 1.0 GB with every order line in memory; 2 at a time.'
    """
    if plan.mode == "lines":
        how = tr("with every order line in memory", lang, domain="reports")
    else:
        how = tr("working customer by customer (the order lines stay in Parquet files)", lang,
                 domain="reports")  # fmt: skip
    return tr(
        "Memory budget {budget} GB: each notebook needs about {need} GB {how}; {jobs} at a time.",
        lang,
        domain="reports",
        budget=format(plan.budget / 2**30, ".1f"),
        need=format(plan.need / 2**30, ".1f"),
        how=how,
        jobs=plan.jobs,
    )


def data_summary(tables: CourseTables, as_of, lang: str = "en") -> dict[str, Any]:
    """The index page's summary of the data (:func:`helpers.tooling.index_page.data_summary`),
    counted on every order line also when the tables hold a sample of them."""
    from helpers.tooling.index_page import data_summary as summary_in_memory

    if tables.lines is None:
        return summary_in_memory(tables, as_of, lang)
    from helpers import bigdata
    from helpers.lesson import as_of_date

    day = as_of_date(as_of, tables)
    source = bigdata.OrderLineFiles(tables.lines.folder)
    before = bigdata.order_facts(source, as_of=day)
    summary = summary_in_memory(tables, as_of, lang)  # the sample's; the line figures are replaced
    summary.update(
        order_lines=before["order_lines"],
        orders=before["orders"],
        customers=before["customers"],
        first_order=f"{before['first_order']:%Y-%m-%d}",
        last_order=f"{before['last_order']:%Y-%m-%d}",
        revenue_cents=int(round(before["revenue"] * 100)),
        revenue=before["revenue"],
        lines_from_as_of=int(source.rows - before["order_lines"]),
        tables={**summary["tables"], "orders": int(source.rows)},
    )
    return summary
