"""The shape the code keeps: short functions, modules that only define names at import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

SRC = PROJECT_ROOT / "src" / "petavatar"
MAX_FUNCTION_LINES = 60
MODULES = sorted(SRC.rglob("*.py"))


def _rel(path: Path) -> str:
    return str(path.relative_to(SRC))


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_no_function_over_60_lines(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines, line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def _is_definition(node: ast.stmt) -> bool:
    if isinstance(
        node,
        ast.Import
        | ast.ImportFrom
        | ast.FunctionDef
        | ast.AsyncFunctionDef
        | ast.ClassDef
        | ast.Assign
        | ast.AnnAssign,
    ):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return True  # docstrings
    if isinstance(node, ast.If):  # ``if TYPE_CHECKING:`` blocks of imports
        test = node.test
        named = isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"
        return named and all(_is_definition(child) for child in node.body)
    return False


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_modules_only_define_names_at_import(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    actions = [
        f"line {node.lineno}: {type(node).__name__}"
        for node in tree.body
        if not _is_definition(node) and not (isinstance(node, ast.If) and _is_main_guard(node))
    ]
    assert actions == []


def _is_main_guard(node: ast.If) -> bool:
    test = node.test
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
    )
