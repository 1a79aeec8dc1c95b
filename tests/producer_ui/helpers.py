"""Helpers shared by the producer and groups UI tests: the Qt loop, awaiting signals, sessions."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import Coroutine, Mapping
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QSettings, SignalInstance
from PySide6.QtWidgets import QApplication, QWidget

from explorer.harness import KafkaCluster
from explorer.session import CONNECTED, FAILED, ClusterSession
from explorer.settings import AppSettings
from explorer.workspace import Workspace
from protocol.client import ClientConfig
from tests.conftest import (
    Kcat,
    until,
)

SHOTS = Path("/tmp/kafka-explorer-shots")


def qt_loop_factories(config: pytest.Config, item: pytest.Item) -> Mapping[str, Any]:
    """For ``pytest_asyncio_loop_factories``: async tests run on qasync's loop over the app."""

    def qt_loop() -> qasync.QEventLoop:
        app = QApplication.instance() or QApplication([])
        assert isinstance(app, QApplication)
        app.setQuitOnLastWindowClosed(False)
        return qasync.QEventLoop(app)

    return {"qasync": qt_loop}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def temp_settings(folder: Path, timezone: str = "UTC") -> AppSettings:
    settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    settings.set_timezone(timezone)  # type: ignore[arg-type]
    return settings


def next_emit(signal: SignalInstance, timeout: float = 30.0) -> Coroutine[Any, Any, Any]:
    """Listen to ``signal`` now; the returned coroutine gives its next emission's first argument.

    Connecting at once (not when awaited) also catches emissions made synchronously by the very
    next call, such as a click.
    """
    done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    def settle(*args: Any) -> None:
        if not done.done():
            done.set_result(args[0] if args else None)

    signal.connect(settle)

    async def emitted() -> Any:
        try:
            return await asyncio.wait_for(done, timeout)
        finally:
            with contextlib.suppress(RuntimeError):  # the sender may be gone (a dialog that closed)
                signal.disconnect(settle)

    return emitted()


async def open_session(workspace: Workspace, config: ClientConfig, name: str = "test") -> ClusterSession:
    session = workspace.open_cluster(name, config)
    await until(lambda: session.loaded_at is not None or session.state == FAILED, 60, "the session to load")
    assert session.state == CONNECTED, session.error
    return session


def shot(widget: QWidget, name: str) -> Path:
    """Render ``widget`` to /tmp/kafka-explorer-shots/NAME.png (to look at)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert widget.grab().save(str(path)), path
    return path


Message = tuple[int, int, bytes | None, bytes | None, tuple[tuple[str, bytes | None], ...]]
"""(partition, offset, key, value, headers) as kcat read it."""


def kcat_messages(kcat: Kcat, cluster: KafkaCluster, topic: str,
                  listener: str = "PLAINTEXT") -> list[Message]:
    """kcat -C -J of the whole topic, binary-safe: kcat writes raw bytes into its JSON strings
    (escaping only control characters), so they are read back with ``surrogateescape``."""
    done = kcat.run("-C", "-b", cluster.bootstrap(listener), "-t", topic, "-o", "beginning", "-e", "-q", "-J")
    rows = []
    for line in done.stdout.decode("utf-8", "surrogateescape").splitlines():
        msg = json.loads(line)
        flat = msg.get("headers") or []
        headers = tuple((flat[i], _raw(flat[i + 1])) for i in range(0, len(flat), 2))
        rows.append((msg["partition"], msg["offset"], _raw(msg["key"]), _raw(msg["payload"]), headers))
    return sorted(rows, key=lambda r: (r[0], r[1]))


def _raw(text: str | None) -> bytes | None:
    return None if text is None else text.encode("utf-8", "surrogateescape")
