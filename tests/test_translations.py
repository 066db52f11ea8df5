"""The Chinese edition stays in step with the English sources (中文版与英文源同步).

Every lesson and solution source, and every catalogue of the helpers' text, must be
completely and correctly translated, and every committed Chinese notebook must be what
the build writes now, with Chinese markdown. While the translation is not done, the
names listed in ``locale/zh/pending.yaml`` are skipped, each with the reason shown;
nothing else is.
"""

from __future__ import annotations

import papermill
import pytest

from helpers.paths import REPO_ROOT
from helpers.tooling.i18n.edition import (
    Layout,
    domain_findings,
    english_cells,
    key,
    notebook_findings,
    orphans,
    out_of_sync,
    read_pending,
)
from helpers.tooling.i18n.messages import helpers_messages

LAYOUT = Layout()
PENDING = read_pending(LAYOUT)
SOURCES = LAYOUT.sources()
MESSAGES, EXTRACTION_PROBLEMS = helpers_messages()
DOMAINS = sorted(set(MESSAGES) | {p.stem for p in LAYOUT.domain_catalogues()} | PENDING.domains)
EDITION = LAYOUT.edition_notebooks()


def listed(findings) -> str:
    shown = "\n".join(str(f) for f in findings[:30])
    more = f"\n... and {len(findings) - 30} more" if len(findings) > 30 else ""
    return f"{len(findings)} problem(s):\n{shown}{more}"


def test_the_pending_list_names_real_sources():
    names = {key(s) for s in SOURCES}
    unknown = sorted(PENDING.notebooks - names)
    assert not unknown, f"{PENDING.path.name} lists sources that do not exist: {unknown}"


def test_the_pending_list_holds_nothing_already_translated():
    done = [n for n in sorted(PENDING.notebooks) if not _source_findings(n)]
    done += [
        f"domain {d}"
        for d in sorted(PENDING.domains)
        if MESSAGES.get(d) and not domain_findings(LAYOUT, d, MESSAGES[d])
    ]
    assert not done, f"translated: remove {done} from {PENDING.path}"


def _source_findings(name: str):
    (source,) = [s for s in SOURCES if key(s) == name]
    return notebook_findings(LAYOUT, source)


def test_every_message_can_be_extracted():
    assert not EXTRACTION_PROBLEMS, "\n".join(EXTRACTION_PROBLEMS)


@pytest.mark.parametrize("source", SOURCES, ids=key)
def test_every_unit_of_the_source_is_translated(source):
    if key(source) in PENDING.notebooks:
        pytest.skip(PENDING.reason(key(source)))
    findings = notebook_findings(LAYOUT, source)
    assert not findings, listed(findings)


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_of_the_domain_is_translated(domain):
    if domain in PENDING.domains:
        pytest.skip(PENDING.reason(f"domain {domain!r}"))
    findings = domain_findings(LAYOUT, domain, MESSAGES.get(domain, []))
    assert not findings, listed(findings)


@pytest.mark.parametrize("source", SOURCES, ids=key)
def test_the_chinese_notebooks_are_what_the_build_writes(source):
    if key(source) in PENDING.notebooks:
        pytest.skip(PENDING.reason(key(source)))
    problems = out_of_sync(LAYOUT, source)
    assert not problems, "\n".join(problems)


def test_no_chinese_notebook_lacks_a_translated_source():
    assert orphans(LAYOUT, PENDING) == []


@pytest.mark.parametrize("notebook", EDITION, ids=LAYOUT.relative)
def test_the_markdown_of_a_chinese_notebook_is_chinese(notebook):
    problems = english_cells(LAYOUT, notebook)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "notebook",
    [p for p in EDITION if p.parent.parent.name in ("notebooks", "solutions")],
    ids=LAYOUT.relative,
)
def test_chinese_parameters_are_the_english_ones_with_lang_zh(notebook, caplog):
    english = notebook.parent.parent / notebook.name
    have = papermill.inspect_notebook(str(notebook))
    unread = [r.getMessage() for r in caplog.records if "Unable to parse" in r.getMessage()]
    assert not unread, f"papermill cannot read these lines: {unread}"
    want = papermill.inspect_notebook(str(english))
    assert list(have) == list(want)
    assert have["lang"]["default"] == '"zh"'
    assert {k: v["default"] for k, v in have.items() if k != "lang"} == {
        k: v["default"] for k, v in want.items() if k != "lang"
    }


def test_the_translation_commands_agree():
    from helpers.tooling.cli import main

    assert main(["translate", "status"]) == 0
    assert main(["translate", "build", "--check"]) == 0


def test_the_chinese_readme_gives_the_two_commands():
    from helpers.tooling.cli import build_parser

    text = (REPO_ROOT / "README.zh.md").read_text(encoding="utf-8")
    for command in ("python3 tasks.py course --lang zh", "python3 tasks.py test"):
        assert command in text
        build_parser().parse_args(command.split()[2:])
    assert "locale/README.md" in text


@pytest.mark.notebooks
@pytest.mark.parametrize(
    "exercise", [p for p in EDITION if p.parent.parent.name == "exercises"], ids=LAYOUT.relative
)
def test_a_chinese_exercise_runs_with_its_stubs(exercise, tmp_path):
    from helpers.tooling.runner import run_notebook

    result = run_notebook(exercise, tmp_path / exercise.name, html=False)
    assert result.status == "ok", result.error
