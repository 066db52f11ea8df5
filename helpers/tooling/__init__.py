"""Course machinery: the command line and what it drives. No lesson imports this package.

- :mod:`helpers.tooling.cli`        ``python -m helpers <command>``
- :mod:`helpers.tooling.catalog`    which notebooks make up the course, in order
- :mod:`helpers.tooling.notebooks`  building each ``.ipynb`` from its py:percent source
- :mod:`helpers.tooling.runner`     executing notebooks with papermill, HTML export
- :mod:`helpers.tooling.rerun`      re-running the course on a trainer's data
- :mod:`helpers.tooling.folders`    output folders: only a run's own folder is replaced
- :mod:`helpers.tooling.index_page` ``index.html`` and ``summary.json`` of a run
- :mod:`helpers.tooling.failures`   every failure of a command as a list of problems
- :mod:`helpers.tooling.workbook`   exercises generated from solutions, handouts
- :mod:`helpers.tooling.roster`     a class roster and each student's own data
- :mod:`helpers.tooling.grade`      re-running and grading a class's workbooks, its report
- :mod:`helpers.tooling.data_commands`  regenerating and checking the course data
- :mod:`helpers.tooling.benchmark`  speed and memory figures
"""
