"""Work-arounds for defects of the Qt binding this app runs on.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every call of a C++ method
returning ``void``. ``None`` only became immortal in Python 3.12, so after a few thousand calls
the interpreter aborts ("none_dealloc: deallocating None"). Until a fixed PySide6 is required,
:func:`protect_none` makes ``None`` practically immortal, as Python 3.12 does.
"""

from __future__ import annotations

import ctypes
import sys

_IMMORTAL = 1 << 60


def binding_drops_none_references() -> bool:
    """True when calling a void Qt method loses references to ``None`` (measured, not guessed)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 50


def protect_none() -> bool:
    """Raise ``None``'s reference count out of reach when the binding leaks it; True if it did.

    Does nothing on Python 3.12+ (``None`` is immortal there) or with a binding without the bug.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not binding_drops_none_references():
        return False
    # ob_refcnt is the first field of every object in a release build of CPython 3.11.
    ctypes.c_ssize_t.from_address(id(None)).value = _IMMORTAL
    return True
