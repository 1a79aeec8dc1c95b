"""The producer and groups logic import no Qt, so it can be used (and tested) without a GUI."""

from __future__ import annotations

import subprocess
import sys

MODULES = ["explorer.produce.form", "explorer.produce.history", "explorer.produce.payload",
           "explorer.produce.placeholders", "explorer.produce.request", "explorer.produce.sending",
           "explorer.produce.templates", "explorer.produce.timestamps", "explorer.groups.detail",
           "explorer.groups.overview", "explorer.groups.reset"]


def test_logic_imports_no_qt() -> None:
    code = (f"import sys\nfor name in {MODULES!r}:\n    __import__(name)\n"
            "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'qasync')))\n"
            "assert not qt, qt")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
