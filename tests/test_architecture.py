"""House rules about the shape of the code, checked rather than hoped for."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "caseworker"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _offenders(prefixes: tuple[str, ...], where: list[Path]) -> list[str]:
    bad = []
    for path in where:
        for name in _imports(path):
            if name.split(".")[0] in prefixes or name.startswith(prefixes):
                bad.append(f"{path.relative_to(PKG.parent)} imports {name}")
    return bad


def test_only_gui_imports_qt() -> None:
    files = [p for p in PKG.rglob("*.py") if "gui" not in p.relative_to(PKG).parts[:1]]
    assert files, "no package files found"
    assert _offenders(("PySide6", "shiboken6"), files) == []


def test_server_never_imports_store_or_gui() -> None:
    files = list((PKG / "server").rglob("*.py"))
    assert _offenders(("caseworker.store", "caseworker.gui"), files) == []


def test_core_imports_nothing_above_it() -> None:
    files = list((PKG / "core").rglob("*.py"))
    above = tuple(
        f"caseworker.{p}" for p in ("store", "intake", "server", "plans", "reports", "gui", "admin")
    )
    assert _offenders(above, files) == []


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    """The rule must be able to fail: a file that imports Qt is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\n")
    assert _imports(bad) == {"PySide6.QtCore"}
