"""Consumer-groups view tests: the Qt loop for async tests, a workspace, settings in a temp folder.

Async tests run on qasync's loop over the QApplication (pytest-asyncio's loop-factory hook),
so they await futures that signals resolve, never a nested loop.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_API", "pyside6")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication

from explorer.harness import KafkaCluster
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.workspace import Workspace
from protocol.client import ClientConfig
from tests.producer_ui.helpers import open_session, qt_loop_factories, temp_settings


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> Mapping[str, Any]:
    return qt_loop_factories(config, item)


@pytest.fixture
def settings(qapp: QApplication, tmp_path: Path) -> AppSettings:
    return temp_settings(tmp_path)


@pytest.fixture
async def workspace(qapp: QApplication) -> AsyncIterator[Workspace]:
    space = Workspace()
    yield space
    await space.close_all()


@pytest.fixture
async def session(kafka: KafkaCluster, workspace: Workspace) -> ClusterSession:
    return await open_session(workspace, ClientConfig(kafka.bootstrap("PLAINTEXT")))

