"""Helper package for the course *Customer analysis and classification with Jupyter*.

What lessons and exercises import (the student API), one module per topic:

- data: :mod:`~helpers.lesson` (the set-up of every notebook), :mod:`~helpers.datasets`
  (``load_tables``), :mod:`~helpers.loading`, :mod:`~helpers.cleaning`,
  :mod:`~helpers.datacheck`, :mod:`~helpers.validation` (checks across tables),
  :mod:`~helpers.online_retail`, :mod:`~helpers.generate`, :mod:`~helpers.bigdata`
  (per-customer tables straight from files, with DuckDB), :mod:`~helpers.quality` (the
  data-quality summary), :mod:`~helpers.privacy` (what may be collected, consent,
  pseudonyms);
- analysis: :mod:`~helpers.profiling`, :mod:`~helpers.rfm`, :mod:`~helpers.grading`,
  :mod:`~helpers.deciles`, :mod:`~helpers.loyalty`, :mod:`~helpers.planning` (a service
  plan within a stated capacity);
- showing it: :mod:`~helpers.plots` (charts), :mod:`~helpers.readings` (sentences
  computed from the data), :mod:`~helpers.theme`, :mod:`~helpers.glossary`,
  :mod:`~helpers.text`;
- the workbook's self-checks: :mod:`~helpers.checks`.

Below them sit the contract and plumbing they share: :mod:`~helpers.schema` (the one
data contract), :mod:`~helpers.params` (the one declaration of every parameter),
:mod:`~helpers.parsing`, :mod:`~helpers.tables`, :mod:`~helpers.sources` (the named
data sources), :mod:`~helpers.assembly` (the checks beside clean order lines),
:mod:`~helpers.batches`, :mod:`~helpers.prepared` and :mod:`~helpers.memory` (data beyond
the memory budget, and a re-run's data loaded once), :mod:`~helpers.i18n`,
:mod:`~helpers.paths` and private modules (names starting with ``_``).

The course machinery (command line, notebook runner, re-runs on a trainer's data,
workbook generation and handouts, benchmark) lives in :mod:`helpers.tooling`, which no
lesson imports and which nothing above imports. A test keeps it so, and fails on any
import cycle.

Import the modules you need, for example ``from helpers import grading, plots``.
"""

__version__ = "0.2.0"
