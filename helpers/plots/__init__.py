"""The course's charts: one function per chart, drawn from the analytics tables.

Each function takes the output of a :mod:`helpers` analytics function (named in its
docstring), keyword options, ``ax=None`` (draw on this Axes, or make a new figure)
and ``lang="en"`` or ``"zh"`` (labels from :mod:`helpers.glossary`). It returns the
Axes it drew on; a chart that draws a whole figure is named ``..._figure`` and returns
the Figure. Charts only draw: every rule (a grade, a share, a Gini coefficient) comes
from the analytics modules. Every chart uses the course look and colours of
:mod:`helpers.theme`, the same data always gives the same image, and no chart draws one
mark per customer beyond a stated size (it groups or samples, and says so).

>>> import matplotlib.pyplot as plt
>>> import pandas as pd
>>> from helpers import profiling
>>> customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
...                           "monetary": [50.0, 30.0, 15.0, 5.0]})
>>> ax = pareto_chart(profiling.rank_customers(customers))
>>> len(ax.containers[0])  # one bar per customer
4
>>> plt.close("all")
"""

from __future__ import annotations

from helpers.plots.allocation import allocation_chart
from helpers.plots.collection import cleaning_chart
from helpers.plots.concentration import lorenz_chart, pareto_chart
from helpers.plots.deciles import customer_decile_chart, value_decile_chart
from helpers.plots.grading import (
    abc_summary_chart,
    migration_heatmap,
    pyramid_figure,
)
from helpers.plots.loyalty import behavioural_class_chart, loyalty_map, sensitivity_figure
from helpers.plots.plan import hours_per_customer_chart, service_hours_chart
from helpers.plots.profiling import composition_chart, margin_chart, rfm_heatmap
from helpers.plots.relationship import complaint_reason_chart, continuum_chart

#: the chart functions, in the order of the course
CHARTS = (
    "pareto_chart",
    "lorenz_chart",
    "pyramid_figure",
    "abc_summary_chart",
    "allocation_chart",
    "migration_heatmap",
    "customer_decile_chart",
    "value_decile_chart",
    "rfm_heatmap",
    "loyalty_map",
    "composition_chart",
    "margin_chart",
    "behavioural_class_chart",
    "sensitivity_figure",
    "continuum_chart",
    "complaint_reason_chart",
    "service_hours_chart",
    "hours_per_customer_chart",
    "cleaning_chart",
)
__all__ = [
    "abc_summary_chart",
    "allocation_chart",
    "cleaning_chart",
    "behavioural_class_chart",
    "complaint_reason_chart",
    "composition_chart",
    "continuum_chart",
    "customer_decile_chart",
    "hours_per_customer_chart",
    "lorenz_chart",
    "loyalty_map",
    "margin_chart",
    "migration_heatmap",
    "pareto_chart",
    "pyramid_figure",
    "rfm_heatmap",
    "sensitivity_figure",
    "service_hours_chart",
    "value_decile_chart",
]
