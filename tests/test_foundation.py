"""The skeleton: package import, notebook sources in sync, the runner's report."""

import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import glossary
from helpers.paths import EXERCISES_DIR, NOTEBOOKS_DIR, SOLUTIONS_DIR
from helpers.schema import DataError, require_columns
from helpers.tooling import runner
from helpers.tooling.cli import main as cli_main
from helpers.tooling.notebooks import course_sources, out_of_sync


def test_package_imports_from_any_directory(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", "import helpers, helpers.paths as p; print(p.REPO_ROOT)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(out.stdout.strip()) == Path(helpers_root())


def helpers_root():
    import helpers

    return Path(helpers.__file__).resolve().parent.parent


@pytest.mark.parametrize("source", course_sources(), ids=lambda p: p.name)
def test_notebook_matches_its_source(source):
    assert out_of_sync(source) is None


def test_out_of_sync_names_the_cell(tmp_path):
    src = tmp_path / "01_demo.py"
    src.write_text("# %%\nx = 1\n\n# %%\ny = 2\n")
    from helpers.tooling.notebooks import build

    build(src, run=False)
    src.write_text("# %%\nx = 1\n\n# %%\ny = 3\n")
    assert "cell 1 differs" in out_of_sync(src)


def _notebook(tmp_path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / "src" / "01_broken.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_runner_names_the_failing_cell(tmp_path, capsys, jobs):
    path = _notebook(tmp_path, "x = 1", "y = x / 0", "z = 3")
    good = path.with_name("02_fine.ipynb")
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), good)
    results = runner.run_many([path, good], tmp_path / "out", jobs=jobs)
    result, fine = results
    assert fine.status == "ok" and fine.notebook.endswith("02_fine.ipynb")
    assert result.status == "failed"
    assert "cell 1" in result.error and "x / 0" in result.error
    assert "ZeroDivisionError" in result.error
    assert result.html is not None and result.html.exists()
    printed = capsys.readouterr().out
    assert "FAILED" in printed and "ZeroDivisionError" in printed and "1/2 ok" in printed
    assert "wall-clock time" in printed
    assert not (tmp_path / "out.partial").exists()


def test_runner_keeps_an_existing_output_unless_asked(tmp_path):
    path = _notebook(tmp_path, "x = 1")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("trainer's file")
    with pytest.raises(FileExistsError):
        runner.run_many([path], out)
    assert (out / "keep.txt").read_text() == "trainer's file"


def test_course_command_runs_the_course_map(tmp_path, capfd):
    out = tmp_path / "course"
    code = cli_main(["course", "--only", "00_course_map", "--out", str(out)])
    assert code == 0
    html = out / "notebooks" / "00_course_map.html"
    assert html.exists()
    page = html.read_text(encoding="utf-8")
    assert "二八法则" in page
    printed = capfd.readouterr()
    assert "notebooks/00_course_map.ipynb" in printed.out and "1/1 ok" in printed.out
    # the kernels of a course run are started with the course's settings: no warning
    assert "without encryption" not in printed.out + printed.err

    executed = nbformat.read(out / "notebooks" / "00_course_map.ipynb", as_version=4)
    shown = [o.get("data", {}) for c in executed.cells for o in c.get("outputs", [])]
    # every lesson, exercise and solution is linked, relative to notebooks/
    links = {
        target
        for data in shown
        for target in re.findall(r"\]\(([^)]+)\)", data.get("text/markdown", ""))
    }
    expected = {
        (p.name if folder == NOTEBOOKS_DIR else f"../{folder.name}/{p.name}")
        for folder in (NOTEBOOKS_DIR, EXERCISES_DIR, SOLUTIONS_DIR)
        for p in folder.glob("[0-9][0-9]_*.ipynb")
    }
    assert links == expected
    assert all((NOTEBOOKS_DIR / target).resolve().exists() for target in links)
    # in the HTML report, the links lead to the reports
    assert 'href="01_data_collection.html"' in page
    assert 'href="../solutions/01_data_collection.html"' in page
    # the glossary is shown whole: every term, no row or cell cut short
    terms = glossary.glossary_table()
    table = next(d["text/html"] for d in shown if "text/html" in d and "meaning" in d["text/html"])
    assert len(re.findall(r"<tr[ >]", table)) == len(terms) + 2  # two header rows
    assert all(meaning in table for meaning in terms["meaning"])
    assert "<td>...</td>" not in table and "<th>...</th>" not in table  # pandas's cut marks


def test_glossary_has_both_languages_for_every_term():
    table = glossary.glossary_table()
    assert table.index.is_unique
    assert (table["english"].str.len() > 0).all()
    assert table["chinese"].str.contains(r"[\u4e00-\u9fff]").all()
    assert glossary.label("hostage", "zh") == "不自主者"
    with pytest.raises(ValueError, match="lang"):
        glossary.label("abc", "fr")


def test_require_columns_names_missing_column_and_fix():
    df = pd.DataFrame({"customer_id": [1], "金额": [3.0]})
    with pytest.raises(DataError) as info:
        require_columns(df, ["customer_id", "revenue", "order_date"], purpose="RFM")
    msg = str(info.value)
    assert "'revenue', 'order_date'" in msg and "RFM" in msg
    assert "column_mapping=" in msg and "rename" in msg


# --- HTML reports: offline and sanitised ---------------------------------------------------


class _PageParser(HTMLParser):
    """What a page would load or run: elements, attributes, style sheet text."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def _parse(page: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _active(parser: _PageParser) -> list[str]:
    """Anything that could run code or reach the network on opening the page."""
    found = [t for t in parser.tags if t in {"script", "iframe", "object", "embed", "link"}]
    for tag, name, value in parser.attributes:
        value = value.strip().lower()
        if name.startswith("on") or value.startswith("javascript:"):
            found.append(f"<{tag} {name}={value[:40]}>")
        if name in {"src", "href", "data"} and tag != "a" and not value.startswith("data:"):
            found.append(f"<{tag} {name}={value[:40]}>")
    found += [s[:60] for s in parser.styles if "@import" in s or re.search(r"url\((?!data:)", s)]
    return found


def test_report_pages_of_hostile_data_run_nothing(tmp_path):
    from report_pages import HOSTILE, hostile_notebook

    page = runner.export_html(hostile_notebook(tmp_path / "notebooks" / "99_hostile.ipynb"))
    parser = _parse(page)
    assert _active(parser) == []
    text = page.read_text(encoding="utf-8")
    # the values are still there, as text (the table of reasons lists every one)
    assert text.count("&lt;script&gt;window.pwned") >= 1
    assert sum(html.escape(value, quote=False) in text for value in HOSTILE) == len(HOSTILE)
    # the chart is embedded, with a text alternative
    images = [v for tag, name, v in parser.attributes if tag == "img" and name == "src"]
    assert len(images) == 1 and images[0].startswith("data:image/png;base64,")
    assert ("img", "alt", "<Figure size 240x180 with 1 Axes>") in parser.attributes
    # a link to a notebook leads to its report page
    assert ("a", "href", "00_course_map.html") in parser.attributes


def test_report_pages_of_lessons_work_offline(tmp_path):
    lesson = NOTEBOOKS_DIR / "00_course_map.ipynb"
    copy = tmp_path / "notebooks" / lesson.name
    copy.parent.mkdir()
    copy.write_bytes(lesson.read_bytes())
    parser = _parse(runner.export_html(copy))
    assert _active(parser) == []
    # what a lesson shows survives the sanitising: headings, tables, links, code
    assert {"h1", "h2", "table", "thead", "th", "td", "a", "code", "ul", "li"} <= set(parser.tags)
    assert ("a", "href", "../exercises/00_warm_up.html") in {
        (t, n, v) for t, n, v in parser.attributes
    }


@pytest.mark.parametrize(
    ("fragment", "kept"),
    [
        ('<h2 id="Goals">Goals<a class="anchor-link" href="#Goals">¶</a></h2>', 'href="#Goals"'),
        (
            '<table><tr style="text-align: right;"><th>revenue</th></tr></table>',
            '<tr style="text-align:right"><th>revenue</th></tr>',
        ),
        (
            "<blockquote><p><em>listening</em> and <strong>learning</strong></p></blockquote>",
            "<blockquote><p><em>listening</em> and <strong>learning</strong></p></blockquote>",
        ),
        ('<img src="data:image/png;base64,iVBORw0KGgo=" alt="chart">', 'alt="chart"'),
        ("<details><summary>Hint</summary>a < b</details>", "<summary>Hint</summary>a &lt; b"),
    ],
)
def test_sanitising_keeps_what_the_course_writes(fragment, kept):
    from helpers.tooling.html_export import sanitise_html

    assert kept in sanitise_html(fragment)


@pytest.mark.parametrize(
    "fragment",
    [
        '<table><tr><td style="background: url(https://example.com/x.png)">x</td></tr></table>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<img src="https://example.com/pixel.png">',
        '<img src="file:///etc/passwd">',
        "<form action=https://example.com><input name=q></form>",
        '<div style="position: fixed; inset: 0">cover</div>',
        "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    ],
)
def test_sanitising_removes_what_could_reach_out_or_mislead(fragment):
    from helpers.tooling.html_export import sanitise_html

    cleaned = sanitise_html(fragment)
    assert not re.search(r"https?:|javascript:|data:text|file:|<form|<input|position", cleaned)


def test_report_pages_embed_pictures_attached_to_markdown(tmp_path):
    from report_pages import chart_png

    cell = nbformat.v4.new_markdown_cell(
        "![the chart](attachment:chart.png) ![elsewhere](https://example.com/c.png)",
        attachments={"chart.png": {"image/png": chart_png()}},
    )
    path = tmp_path / "01_pictures.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    parser = _parse(runner.export_html(path))
    sources = [v for tag, name, v in parser.attributes if tag == "img" and name == "src"]
    assert len(sources) == 1 and sources[0].startswith("data:image/png;base64,iVBORw0K")
    assert ("img", "alt", "the chart") in parser.attributes
