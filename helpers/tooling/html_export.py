"""HTML pages of executed notebooks: readable offline, with nothing active from the data.

A trainer opens the reports of a re-run on a laptop, possibly without network, and the
reports show their company's data, which may hold anything (``<script>``, ``<img
onerror=...>``, ``javascript:`` links). So every page

- loads nothing from the network: the course template (``templates/course_page``)
  leaves out the require.js, MathJax and Mermaid scripts of JupyterLab's page, and
  charts are embedded images;
- is sanitised: with nbconvert's ``sanitize_html`` option, Markdown cells, HTML and
  Markdown outputs go through :func:`sanitise_html` (the Ammonia sanitiser with the
  course's list of tags), JavaScript outputs are dropped, and links to a notebook
  point at its HTML page.

Pictures are embedded in the page (charts, and pictures attached to a Markdown cell);
a picture that would be fetched from a file or a web address is left out, and so are
style sheets inside outputs (a table styled with pandas' ``Styler`` shows plain).

>>> sanitise_html('<p onclick="x()">Top <b>reason</b><script>alert(1)</script></p>')
'<p>Top <b>reason</b></p>'
"""

from __future__ import annotations

import re
from pathlib import Path

import nh3
from nbconvert import HTMLExporter

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "course_page"

#: what Markdown, pandas tables and the course's outputs use; anything else is removed
ALLOWED_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd"}
    | {"del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "hr", "i"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "img", "ins", "kbd", "li", "mark", "ol", "p"}
    | {"pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup"}
    | {"table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"}
)
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "align"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "table": {"border"},
    "tr": {"style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "td": {"colspan", "rowspan", "style"},
    "ol": {"start"},
    "col": {"span"},
}
#: table alignment (pandas, Markdown tables) is the only inline style kept
STYLE_PROPERTIES = frozenset({"text-align", "vertical-align", "white-space"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "data"})
_IMAGE_WITHOUT_SOURCE = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
_EMBEDDED_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml)[;,]", re.IGNORECASE)


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Links and pictures that cannot run code or reach the network by themselves."""
    if attribute not in {"href", "src"}:
        return value
    if tag == "img":
        # pictures are embedded in the page: nothing is fetched, the page reads anywhere
        return value if _EMBEDDED_IMAGE.match(value) else None
    # a data: link opens a page of its own, which could hold anything
    return None if value.strip().lower().startswith("data:") else value


def _page_link(url: str) -> str:
    """A relative link to a notebook points at the notebook's HTML page."""
    path, mark, rest = url.partition("#")
    if path.endswith(".ipynb"):
        path = path.removesuffix(".ipynb") + ".html"
    return path + mark + rest


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_keep_attribute,
    filter_style_properties=set(STYLE_PROPERTIES),
    url_schemes=set(URL_SCHEMES),
    url_relative=_page_link,
)


def sanitise_html(html: str | bytes) -> str:
    """``html`` with only the course's tags and attributes: no script, handler or frame.

    Scripts and style sheets are removed with their content; the text of other
    unknown elements is kept.

    >>> sanitise_html('<a href="javascript:alert(1)">x</a><svg onload="alert(2)">y</svg>')
    '<a rel="noopener noreferrer">x</a>y'
    >>> sanitise_html('<img src=x onerror=alert(1)><img src="https://example.com/t.png">!')
    '!'
    >>> sanitise_html('<a href="03_abc_grading.ipynb#top">lesson 03</a>')
    '<a href="03_abc_grading.html#top" rel="noopener noreferrer">lesson 03</a>'
    """
    text = html.decode("utf-8") if isinstance(html, bytes) else str(html)
    # a picture whose source was removed would show as a broken image: drop it
    return _IMAGE_WITHOUT_SOURCE.sub("", _CLEANER.clean(text))


def html_exporter() -> HTMLExporter:
    """nbconvert's HTML exporter with the course page template and sanitising on."""
    return HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        sanitize_html=True,
        filters={"clean_html": sanitise_html},
    )


def export_html(executed: Path) -> Path:
    """Write ``executed``'s HTML page next to it and return its path."""
    executed = Path(executed)
    body, _ = html_exporter().from_filename(str(executed))
    target = executed.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target
