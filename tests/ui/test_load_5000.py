"""A cluster with 5,000 topics loads while the event loop keeps turning (measured, not assumed)."""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from explorer.harness import KafkaCluster
from explorer.settings import AppSettings
from explorer.ui.main_window import MainWindow
from explorer.ui.topics_view import TopicsView
from explorer.workspace import Workspace
from protocol.admin.facade import Admin
from protocol.client import ClientConfig, KafkaClient
from protocol.codec import ApiKey
from tests.ui.conftest import SHOTS, loaded, shot, until

pytestmark = [
    pytest.mark.broker,
    pytest.mark.slow,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]
TOPICS = 5000
BATCH = 500
STALL_BOUND_S = 2.0


class LoopLag:
    """A 5 ms Qt timer; the longest time between two of its ticks is how long the loop was blocked."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def summary(self) -> dict[str, float]:
        ordered = sorted(self.gaps)
        return {
            "max_gap_ms": ordered[-1] * 1000,
            "p99_gap_ms": ordered[int(len(ordered) * 0.99)] * 1000,
            "ticks": len(ordered),
        }


@pytest.fixture(scope="module")
def big_cluster() -> Iterator[KafkaCluster]:
    """A private broker (5,000 topics would slow every later test on the shared one); stopping it
    deletes them all. Its logs live in tmpfs when there is one: the broker fsyncs the directory of
    every new partition, ~7 ms each on a disk."""
    shm = Path("/dev/shm")
    workdir = Path(tempfile.mkdtemp(prefix="kafka-ui-big-", dir=shm)) if shm.is_dir() else None
    cluster = KafkaCluster(nodes=1, heap="768m", workdir=workdir)
    try:
        yield cluster.start()
    finally:
        cluster.stop()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


async def create_topics(bootstrap: str, count: int) -> None:
    async with KafkaClient(ClientConfig(bootstrap, request_timeout_s=120)) as client:
        for start in range(0, count, BATCH):
            body: dict[str, Any] = {
                "timeout_ms": 120_000,
                "validate_only": False,
                "topics": [
                    {
                        "name": f"load.{n:05d}",
                        "num_partitions": 1,
                        "replication_factor": 1,
                        "assignments": [],
                        "configs": [],
                    }
                    for n in range(start, min(count, start + BATCH))
                ],
            }
            response = await client.send_any(ApiKey.CREATE_TOPICS, body)
            assert {t["error_code"] for t in response["topics"]} <= {0, 36}
        while len((await client.metadata(refresh=True)).topics) < count:
            await asyncio.sleep(0.5)
        await settled(client)


async def settled(client: KafkaClient) -> None:
    """Wait until the broker leads every new partition (it answers NOT_LEADER while it sets them up)."""
    names = list((await client.metadata(refresh=True)).topics)
    while any(t.message_count is None for t in (await Admin(client).describe_topics(names)).values()):
        await asyncio.sleep(0.5)


async def test_5000_topics_load_without_freezing(
    big_cluster: KafkaCluster, qtbot: QtBot, workspace: Workspace, settings: AppSettings
) -> None:
    began = time.perf_counter()
    await create_topics(big_cluster.bootstrap(), TOPICS)
    created_in = time.perf_counter() - began
    window = MainWindow(workspace, settings)
    qtbot.addWidget(window)
    window.show()
    lag = LoopLag()
    lag.start()
    began = time.perf_counter()
    session = workspace.open_cluster("big", ClientConfig(big_cluster.bootstrap()))
    window.open_cluster(session)
    view = window.content.current_page()
    assert isinstance(view, TopicsView)
    await until(lambda: view.proxy.rowCount() >= TOPICS, 60, "every topic in the table")
    rows_in = time.perf_counter() - began
    await loaded(session, 120)
    loaded_in = time.perf_counter() - began
    filter_began = time.perf_counter()
    view.filter.setText("load.049")
    filtered_in = time.perf_counter() - filter_began
    await asyncio.sleep(0.2)
    lag.stop()
    assert view.proxy.rowCount() == 100
    assert all(r.messages == 0 for r in session.topics.rows if r.name.startswith("load."))
    view.filter.clear()
    await asyncio.sleep(0.2)
    shot(window, "topics-5000")
    report = {
        "topics": TOPICS,
        "created_in_s": created_in,
        "rows_shown_in_s": rows_in,
        "fully_loaded_in_s": loaded_in,
        "filter_keystroke_ms": filtered_in * 1000,
        **lag.summary(),
    }
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "load-5000.json").write_text(json.dumps(report, indent=2))
    print("\n5,000-topic load:", json.dumps(report))
    assert report["max_gap_ms"] < STALL_BOUND_S * 1000, report
