"""Message browser tests: the Qt asyncio loop, isolated settings, a session on a real broker.

Async tests run on qasync's loop over the QApplication (pytest-asyncio's loop-factory hook, as
in tests/profiles), so they await futures and conditions while Qt timers tick, never a nested
loop.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

from tests.conftest import until  # noqa: F401  (shared; imported from here by the tests)

os.environ.setdefault("QT_API", "pyside6")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from explorer.harness import KafkaCluster
from explorer.models.decoder_prefs import DecoderPrefs
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from protocol.client import ClientConfig

SHOTS = Path("/tmp/kafka-explorer-shots")
HANG_GUARD = 90.0


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> Mapping[str, Any]:
    def qt_loop() -> qasync.QEventLoop:
        app = QApplication.instance() or QApplication([])
        assert isinstance(app, QApplication)
        app.setQuitOnLastWindowClosed(False)
        return qasync.QEventLoop(app)

    return {"qasync": qt_loop}


@pytest.fixture
def settings(qapp: QApplication, tmp_path: Path) -> AppSettings:
    store = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    store.set_timezone("UTC")
    return store


@pytest.fixture
def prefs(qapp: QApplication, tmp_path: Path) -> DecoderPrefs:
    return DecoderPrefs(QSettings(str(tmp_path / "decoders.ini"), QSettings.Format.IniFormat))


async def started_session(cluster: KafkaCluster, name: str = "test") -> ClusterSession:
    session = ClusterSession(name, ClientConfig(cluster.bootstrap()))
    await asyncio.wait_for(session.client.start(), HANG_GUARD)
    return session


@pytest.fixture
async def session(kafka: KafkaCluster) -> AsyncIterator[ClusterSession]:
    """A session on the 1-node broker whose client is started (the cluster is not loaded)."""
    opened = await started_session(kafka)
    yield opened
    await opened.close()


def shot(widget: QWidget, name: str) -> Path:
    """Render ``widget`` to /tmp/kafka-explorer-shots/NAME.png (to look at)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert widget.grab().save(str(path)), path
    return path


class Heartbeat:
    """A 5 ms Qt timer; :attr:`worst_ms` is the longest the event loop kept it waiting beyond that."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.worst_ms = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer(interval=5, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._beat)
        self._timer.start()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.worst_ms = max(self.worst_ms, (now - self._last) * 1000 - 5)
        self._last = now

    def stop(self) -> None:
        self._timer.stop()
