"""The record layer stays sans-IO: importing it pulls in no event loop and no Qt."""

from __future__ import annotations

import subprocess
import sys


def test_no_asyncio_or_qt_imported() -> None:
    code = (
        "import sys, protocol.records; "
        "print(sorted(m for m in ('asyncio', 'PySide6', 'qasync') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
