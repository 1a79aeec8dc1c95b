"""``protocol/`` is a library usable without Qt: no module in it may import Qt or qasync."""

from __future__ import annotations

import ast
from pathlib import Path

FORBIDDEN = {"PySide6", "shiboken6", "qasync", "PyQt5", "PyQt6"}
PROTOCOL = Path(__file__).resolve().parents[2] / "protocol"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_protocol_package_does_not_import_qt() -> None:
    files = sorted(PROTOCOL.rglob("*.py"))
    assert len(files) > 10, f"expected the protocol package at {PROTOCOL}"
    offenders = [
        f"{path.relative_to(PROTOCOL.parent)} imports {module}"
        for path in files
        for module in sorted(imported_modules(path))
        if module.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []


def test_checker_sees_nested_and_from_imports(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QObject\nimport qasync as q\n")
    assert {"PySide6.QtCore", "qasync"} <= imported_modules(sample)


def test_codec_is_sans_io() -> None:
    """The codec layer does no I/O: no sockets, TLS, asyncio or threads."""
    io_modules = {"asyncio", "socket", "ssl", "selectors", "threading"}
    offenders = [
        f"{path.relative_to(PROTOCOL.parent)} imports {module}"
        for path in sorted((PROTOCOL / "codec").rglob("*.py"))
        for module in sorted(imported_modules(path))
        if module.split(".")[0] in io_modules
    ]
    assert offenders == []
