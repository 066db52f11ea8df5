"""The package's layers: no import cycles; lessons and student modules never import the
course machinery (helpers.tooling)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers.paths import NOTEBOOKS_DIR, REPO_ROOT, SOLUTIONS_DIR

PACKAGE = REPO_ROOT / "helpers"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_helpers(path: Path) -> set[str]:
    """Every helpers module ``path`` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("helpers")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("helpers"):
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def graph() -> dict[str, set[str]]:
    return {name: {m for m in imported_helpers(p) if m in MODULES and m != name}
            for name, p in MODULES.items()}  # fmt: skip


def test_no_import_cycles():
    edges = graph()
    # a package's __init__ re-exporting its own modules is not a cycle
    for name in edges:
        edges[name] = {m for m in edges[name] if not m.startswith(name + ".")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)


def test_student_modules_do_not_import_the_machinery():
    offenders = {
        name: sorted(m for m in imported_helpers(path) if m.startswith("helpers.tooling"))
        for name, path in MODULES.items()
        if not name.startswith("helpers.tooling") and name != "helpers.__main__"
    }
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize(
    "source",
    sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.py")) + sorted(SOLUTIONS_DIR.glob("[0-9][0-9]_*.py")),
    ids=lambda p: f"{p.parent.name}/{p.stem}",
)
def test_lessons_do_not_import_the_machinery(source):
    text = source.read_text(encoding="utf-8")
    assert "helpers.tooling" not in text and "from helpers import tooling" not in text
