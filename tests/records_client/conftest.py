"""A started client on the main broker for every test, closed (and checked for leaks) after it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from explorer.harness import KafkaCluster
from protocol.client import KafkaClient
from tests.protocol.protocol_helpers import LeakCheck, client_for

from .helpers import HANG_GUARD


@pytest.fixture
async def client(kafka: KafkaCluster) -> AsyncIterator[KafkaClient]:
    """A started client on the 1-node 4.x broker; the test must leave no task or socket behind."""
    leaks = LeakCheck()
    client = client_for(kafka)
    await asyncio.wait_for(client.start(), HANG_GUARD)
    yield client
    await client.close()
    await leaks.assert_clean()
