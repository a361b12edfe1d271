"""Reasons as data: the ranking writes Dutch message ids and leaves translating to the pages."""

from __future__ import annotations

import ast
from pathlib import Path

import matcher

SRC = Path(matcher.__file__).parent
PURE = [*sorted((SRC / "ranking").glob("*.py")), SRC / "phrases.py", SRC / "vocabulary.py"]


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    return {name.split(".")[0] for name in names}


def test_it_imports_neither_flask_nor_babel_nor_a_database() -> None:
    for path in PURE:
        found = imported_packages(path) & {"flask", "flask_babel", "babel", "sqlalchemy"}
        assert found == set(), path.name
