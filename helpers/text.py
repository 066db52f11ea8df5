"""Text shown to people: data values escaped, Markdown displayed (文本与转义).

Values from the data (names, reasons, sources, file names) may hold anything, including
HTML or Markdown. :func:`esc` makes such a value inert text; :func:`md` fills a template
with escaped values; :func:`show` displays Markdown in a notebook. Every reading and
every notebook that puts data into text goes through these, so a value can never become
a link, a script or formatting.

>>> esc("<img src=x onerror=alert(1)>")
'&lt;img src=x onerror=alert\\\\(1\\\\)&gt;'
>>> md("Top reason: {reason}.", reason="*late* delivery")
'Top reason: \\\\*late\\\\* delivery.'
"""

from __future__ import annotations

import html
import re
from typing import Any

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$])")


class Safe(str):
    """Text that is already Markdown (written by the course, not taken from the data)."""


def esc(value: Any) -> str:
    """``value`` as text that Markdown and HTML show literally (no tags, links or emphasis).

    >>> esc("a_b [x](javascript:y)")
    'a\\\\_b \\\\[x\\\\]\\\\(javascript:y\\\\)'
    >>> esc(Safe("**bold**"))
    '**bold**'
    """
    if isinstance(value, Safe):
        return str(value)
    text = html.escape(str(value), quote=False)  # quotes are harmless outside tags
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text.replace("\n", " ")


def md(template: str, /, **values: Any) -> Safe:
    """Fill ``template`` (``str.format`` fields) with escaped values; the template is trusted.

    Format specs work on numbers as usual: ``md("{n:,} customers", n=1234)``.

    >>> md("{n:,} customers in {region}", n=1234, region="North<b>")
    '1,234 customers in North&lt;b&gt;'
    """
    safe = {k: (v if _is_number(v) else esc(v)) for k, v in values.items()}
    return Safe(template.format(**safe))


def _is_number(value: Any) -> bool:
    import numbers

    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def show(text: str) -> None:
    """Display Markdown in a notebook (plain text elsewhere).

    The text must come from :func:`md`, a reading, or the course itself.
    """
    from IPython.display import Markdown, display

    display(Markdown(str(text)))
