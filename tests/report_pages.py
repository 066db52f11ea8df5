"""An executed notebook whose outputs carry hostile data, for the HTML report tests.

A trainer's data may hold anything in a text field; a notebook shows it as HTML, as
Markdown, in a table, in a chart title. :func:`hostile_notebook` writes a notebook with
such outputs already in it (no kernel needed) and a real chart, so a test can export it
with the runner and look at what the page would do.

>>> chart_png()[:8]  # a PNG file, as base64
'iVBORw0K'
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import nbformat
import pandas as pd
from matplotlib.figure import Figure

from helpers import theme

#: values as hostile data could hold them; each sets ``window.pwned`` if it ever runs
HOSTILE = [
    "<script>window.pwned = 'script'</script>",
    "<img src=x onerror=\"window.pwned = 'img'\">",
    "<svg onload=\"window.pwned = 'svg'\"><circle r=3></circle></svg>",
    "<iframe src=\"javascript:parent.pwned = 'iframe'\"></iframe>",
    "<a href=\"javascript:window.pwned = 'link'\">click</a>",
    "<object data=\"javascript:window.pwned = 'object'\"></object>",
    "<style>@import url('https://example.com/track.css');</style>",
]


def chart_png() -> str:
    """A small bar chart with a Chinese title, as base64 PNG (what a notebook stores)."""
    with theme.theme_context("zh"):
        figure = Figure(figsize=(4, 3), dpi=60)
        ax = figure.subplots()
        ax.bar(["甲", "乙"], [3, 5])
        ax.set_title("销售额 revenue")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _display(data: dict[str, str]) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data=data)


def hostile_notebook(path: Path) -> Path:
    """Write an executed-looking notebook with hostile outputs and one chart to ``path``."""
    table = pd.DataFrame({"reason": HOSTILE, "count": range(len(HOSTILE))})
    outputs = [_display({"text/html": value, "text/plain": "html"}) for value in HOSTILE]
    outputs += [_display({"text/markdown": value, "text/plain": "md"}) for value in HOSTILE]
    outputs += [
        _display({"application/javascript": "window.pwned = 'javascript'", "text/plain": "js"}),
        _display({"text/vnd.mermaid": "graph TD\n</pre><script>window.pwned = 'mermaid'</script>"}),
        _display({"image/png": chart_png(), "text/plain": "<Figure size 240x180 with 1 Axes>"}),
        nbformat.v4.new_output(
            "execute_result",
            data={"text/html": table.to_html(), "text/plain": table.to_string()},
            execution_count=1,
        ),
    ]
    code = nbformat.v4.new_code_cell(f"values = {json.dumps(HOSTILE)}", execution_count=1)
    code.outputs = outputs
    cells = [
        nbformat.v4.new_markdown_cell("# Hostile data\n\nA complaint reason: " + HOSTILE[1]),
        code,
        nbformat.v4.new_raw_cell(HOSTILE[0], metadata={"raw_mimetype": "text/html"}),
        nbformat.v4.new_markdown_cell("Back to [the course map](00_course_map.ipynb)."),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path
