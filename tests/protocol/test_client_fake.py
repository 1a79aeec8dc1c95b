"""Client behaviour that needs a scripted broker: coordinator invalidation, reconnect backoff."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest

from protocol.client import ClientConfig, KafkaClient
from protocol.codec import ApiKey
from protocol.errors import KafkaConnectionError, NotCoordinatorError
from protocol.retry import Backoff, FailureTracker, check_error
from tests.protocol.fakebroker import FakeBroker
from tests.protocol.protocol_helpers import HANG_GUARD, LeakCheck


def coordinator_handler(broker: FakeBroker) -> Any:
    def answer(header: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        entry = {"key": body["coordinator_keys"][0], "node_id": broker.node_id, "host": "127.0.0.1",
                 "port": broker.port, "error_code": 0, "error_message": None}  # fmt: skip
        return {"coordinators": [entry]}

    return answer


async def test_not_coordinator_forgets_the_coordinator_and_retry_finds_it_again() -> None:
    answers = iter([16, 16, 0])

    def describe(header: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        group = {"error_code": next(answers), "group_id": body["groups"][0], "group_state": "Empty",
                 "protocol_type": "", "protocol_data": "", "members": []}  # fmt: skip
        return {"groups": [group]}

    leaks = LeakCheck()
    broker = FakeBroker()
    broker.handlers[ApiKey.FIND_COORDINATOR] = coordinator_handler(broker)
    broker.handlers[ApiKey.DESCRIBE_GROUPS] = describe
    async with broker:
        client = KafkaClient(ClientConfig(broker.address, reconnect_backoff_s=0.01))
        await asyncio.wait_for(client.start(), HANG_GUARD)

        async def describe_group() -> str:
            response = await client.send_coordinator("g", ApiKey.DESCRIBE_GROUPS, {"groups": ["g"]})
            group = response["groups"][0]
            check_error(group["error_code"], context="DescribeGroups g")
            return str(group["group_state"])

        result = await asyncio.wait_for(client.retry(describe_group, coordinator_key="g"), HANG_GUARD)
        assert result == "Empty"
        assert len(broker.requests(ApiKey.FIND_COORDINATOR)) == 3  # looked up again after each 16
        assert client.connection(1, "coordinator") is not client.connection(1, "admin")
        answers = iter([16])
        with pytest.raises(NotCoordinatorError):
            await describe_group()
        assert client._coordinators.get(0, "g") is None  # forgotten
        await client.close()
    await leaks.assert_clean()


def test_failure_tracker_backs_off_per_broker() -> None:
    tracker = FailureTracker(Backoff(10.0, 60.0))
    assert tracker.wait_time(1) == 0
    tracker.failed(1)
    assert 7.0 < tracker.wait_time(1) <= 12.0 and tracker.wait_time(2) == 0
    tracker.failed(1)
    assert tracker.wait_time(1) > 12.0
    tracker.succeeded(1)
    assert tracker.wait_time(1) == 0


async def test_reconnect_after_a_broker_comes_back() -> None:
    """A dead broker fails fast; once it is back, the same client reconnects on the next call."""
    broker = FakeBroker()
    async with broker:
        client = KafkaClient(
            ClientConfig(broker.address, reconnect_backoff_s=0.05, reconnect_backoff_max_s=0.2)
        )
        await asyncio.wait_for(client.start(), HANG_GUARD)
        port = broker.port
    # The broker is gone: the old connection dies and a new one is refused.
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    async with asyncio.timeout(HANG_GUARD):
        while client.connection(1) is not None:
            await asyncio.sleep(0.01)
        with pytest.raises(KafkaConnectionError, match="refused"):
            await client.send(1, ApiKey.METADATA, {"topics": None})
        async with FakeBroker(listen_port=port):
            response = await client.retry(lambda: client.send(1, ApiKey.METADATA, {"topics": None}))
            assert response["cluster_id"] == "fake-cluster"
            await client.close()
