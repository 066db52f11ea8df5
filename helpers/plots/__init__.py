"""The course's charts: one function per chart, drawn from the analytics tables.

Each function takes the output of a :mod:`helpers` analytics function (named in its
docstring), keyword options, ``ax=None`` (draw on this Axes, or make a new figure)
and ``lang="en"`` or ``"zh"`` (labels from :mod:`helpers.glossary`). It returns the
Axes it drew on (a Figure for the two-panel pyramid). Every chart uses the course
look and colours of :mod:`helpers.theme`, and the same data always gives the same
image.

>>> import matplotlib.pyplot as plt
>>> import pandas as pd
>>> ranked = pd.DataFrame({"value": [50.0, 30.0, 15.0, 5.0]},
...                       index=pd.Index(["C1", "C2", "C3", "C4"], name="customer_id"))
>>> ax = pareto_chart(ranked)
>>> len(ax.containers[0])  # one bar per customer
4
>>> plt.close("all")
"""

from __future__ import annotations

from helpers.plots.collection import cleaning_chart
from helpers.plots.concentration import gini_from_curve, lorenz_chart, pareto_chart
from helpers.plots.deciles import customer_decile_chart, value_decile_chart
from helpers.plots.grading import abc_summary_chart, migration_heatmap, pyramid_chart
from helpers.plots.loyalty import loyalty_map
from helpers.plots.profiling import composition_chart, margin_chart, rfm_heatmap

#: the chart functions, in the order of the course
CHARTS = (
    "pareto_chart",
    "lorenz_chart",
    "pyramid_chart",
    "abc_summary_chart",
    "migration_heatmap",
    "customer_decile_chart",
    "value_decile_chart",
    "rfm_heatmap",
    "loyalty_map",
    "composition_chart",
    "margin_chart",
    "cleaning_chart",
)
__all__ = [
    "abc_summary_chart",
    "cleaning_chart",
    "composition_chart",
    "customer_decile_chart",
    "gini_from_curve",
    "loyalty_map",
    "lorenz_chart",
    "margin_chart",
    "migration_heatmap",
    "pareto_chart",
    "pyramid_chart",
    "rfm_heatmap",
    "value_decile_chart",
]
