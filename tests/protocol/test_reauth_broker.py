"""KIP-368: with ``connections.max.reauth.ms=3000`` a SASL connection re-authenticates and lives on.

Its own cluster, since the shared fixtures don't set the option.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from explorer.harness import KafkaCluster
from protocol.codec import ApiKey
from tests.protocol.protocol_helpers import HANG_GUARD, LeakCheck, client_for, security

pytestmark = pytest.mark.broker

RUN_FOR_S = 8.0


@pytest.fixture(scope="module")
def reauth_cluster() -> Iterator[KafkaCluster]:
    cluster = KafkaCluster(extra_config={"connections.max.reauth.ms": "3000"}).start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.mark.parametrize(
    ("listener", "mechanism", "busy"),
    [
        ("SASL_PLAINTEXT", "SCRAM-SHA-256", True),
        ("SASL_SSL", "SCRAM-SHA-512", True),
        ("SASL_PLAINTEXT", "PLAIN", True),
        ("SASL_PLAINTEXT", "SCRAM-SHA-256", False),
    ],
)
async def test_connection_keeps_working_across_reauthentication(
    reauth_cluster: KafkaCluster, listener: str, mechanism: str, busy: bool
) -> None:
    leaks = LeakCheck()
    client = client_for(reauth_cluster, listener, security(reauth_cluster, listener, mechanism))
    meta = await asyncio.wait_for(client.start(), HANG_GUARD)
    node = next(iter(meta.brokers))
    conn = client.connection(node)
    assert conn is not None
    answered = 0
    began = time.monotonic()
    async with asyncio.timeout(HANG_GUARD):
        while time.monotonic() - began < RUN_FOR_S:
            if busy:  # several requests in flight at once, whenever re-authentication starts
                responses = await asyncio.gather(
                    *(client.send(node, ApiKey.METADATA, {"topics": None}) for _ in range(5))
                )
                answered += len(responses)
                await asyncio.sleep(0.05)
            else:
                await asyncio.sleep(0.5)  # idle: the timer alone keeps the session alive
        response = await client.send(node, ApiKey.METADATA, {"topics": None})
    assert response["brokers"][0]["node_id"] == node
    assert client.connection(node) is conn and not conn.closed  # never reconnected
    assert conn.reauthentications >= 2
    if busy:
        assert answered > 20
    await client.close()
    await leaks.assert_clean()
