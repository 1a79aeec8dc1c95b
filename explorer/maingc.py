"""Garbage collection on the GUI thread only.

Python collects cycles in whichever thread happens to allocate, and qasync resolves host names
(and runs executor jobs) on worker threads. A Qt object freed there warns ("Timers cannot be
stopped from another thread") or worse. So automatic collection is turned off and a timer on
the GUI thread collects instead, with the same generation thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """Create one on the GUI thread; it runs until it is deleted (then automatic GC resumes)."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        self.destroyed.connect(gc.enable)
        gc.disable()

    def check(self) -> None:
        """Collect the oldest generation whose threshold is exceeded, as the interpreter would."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return
