"""UI tests: the Qt asyncio loop, isolated settings and keychain, and helpers to await Qt.

Async tests run on qasync's loop over the QApplication (pytest-asyncio's loop-factory hook), so
they await futures that signals resolve, never a nested loop.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from tests.conftest import until

os.environ.setdefault("QT_API", "pyside6")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest
import qasync
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication, QWidget

from explorer.maingc import MainThreadCollector
from explorer.session import CONNECTED, FAILED, ClusterSession
from explorer.settings import AppSettings
from explorer.workspace import Workspace
from protocol.client import ClientConfig
from tests.profiles.conftest import MemoryKeyring

SHOTS = Path("/tmp/kafka-explorer-shots")


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> Mapping[str, Any]:
    def qt_loop() -> qasync.QEventLoop:
        app = QApplication.instance() or QApplication([])
        assert isinstance(app, QApplication)
        app.setQuitOnLastWindowClosed(False)
        return qasync.QEventLoop(app)

    return {"qasync": qt_loop}


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As the app does (explorer.maingc); Qt objects of a finished test are freed here, not in a
    worker thread of the next test."""
    collector = MainThreadCollector()
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    collector.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def settings(qapp: QApplication, tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
async def workspace(qapp: QApplication) -> Any:
    space = Workspace()
    yield space
    await space.close_all()


async def loaded(session: ClusterSession, timeout: float = 60.0) -> None:
    await until(
        lambda: session.loaded_at is not None or session.state == FAILED, timeout, f"{session.name} to load"
    )
    assert session.state == CONNECTED, session.error


async def open_session(workspace: Workspace, bootstrap: str, name: str = "test cluster") -> ClusterSession:
    session = workspace.open_cluster(name, ClientConfig(bootstrap))
    await loaded(session)
    return session


async def dialog_of(kind: type[QWidget], timeout: float = 5.0) -> Any:
    """The visible top-level widget of type ``kind`` (a dialog opened with ``open()``)."""
    found: list[QWidget] = []

    def look() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        return bool(found)

    await until(look, timeout, f"a {kind.__name__}")
    return found[0]


def shot(widget: QWidget, name: str) -> Path:
    """Render ``widget`` to /tmp/kafka-explorer-shots/NAME.png (to look at)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert widget.grab().save(str(path)), path
    return path
