"""Grading a class's workbooks (批改作业): ``python3 tasks.py grade SUBMISSIONS --out REPORT``.

The instructor hands out one folder per student (``python3 tasks.py handout OUT --roster
roster.csv``: each copy runs on the student's own variant of the course company, see
:mod:`helpers.tooling.roster`), collects the notebooks, and grades them:

- :mod:`~helpers.tooling.grade.submissions`: which notebook is whose, of which exercise;
- :mod:`~helpers.tooling.grade.execute`: each one re-executed on its student's data,
  in exercise mode, within a time limit, on a copy;
- :mod:`~helpers.tooling.grade.results`: every check's result read from the executed
  notebook (the self-checks' machine-readable records), or the failing cell;
- :mod:`~helpers.tooling.grade.gradebook` and :mod:`~helpers.tooling.grade.report`:
  ``gradebook.csv``, ``index.html`` and a page per student;
- :mod:`~helpers.tooling.grade.grader`: the whole class, into a report folder that follows
  the course's folder rules (:mod:`helpers.tooling.folders`).
"""

from helpers.tooling.grade.command import add_commands, cmd_grade
from helpers.tooling.grade.grader import ClassGrades, grade_class

__all__ = ["ClassGrades", "add_commands", "cmd_grade", "grade_class"]
