"""Helper package for the course *Customer analysis and classification with Jupyter*.

The package is flat and small: one module per lesson topic.

- :mod:`helpers.schema`     canonical column names, aliases and input checks
- :mod:`helpers.paths`      where the course files live
- :mod:`helpers.runner`     executes the notebooks (``python -m helpers course``)

Import the modules you need, for example ``from helpers import grading``.
"""

__version__ = "0.1.0"
