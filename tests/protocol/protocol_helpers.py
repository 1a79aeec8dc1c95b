"""Shared pieces of the protocol tests: security settings per listener and leak checks."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Callable
from typing import Any

from explorer.harness import KafkaCluster
from protocol.client import ClientConfig, KafkaClient
from protocol.codec import ApiKey
from protocol.errors import LeaderNotAvailableError
from protocol.retry import check_error
from protocol.security import SecurityConfig

HANG_GUARD = 60.0
"""Generous upper bound for anything that must not hang; never a performance assertion."""


def socket_fds() -> set[str]:
    """The inodes of this process's open sockets."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:"):
            found.add(target)
    return found


def other_tasks() -> set[asyncio.Task[Any]]:
    return {t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()}


def security(
    cluster: KafkaCluster,
    listener: str,
    mechanism: str = "PLAIN",
    *,
    user: str = "alice",
    password: str | None = None,
    **extra: Any,
) -> SecurityConfig:
    """Settings that should work for ``listener`` of ``cluster`` (override pieces to break them)."""
    kwargs: dict[str, Any] = {"security_protocol": listener if listener != "BADHOST" else "SSL"}
    if listener in ("SSL", "SASL_SSL", "BADHOST"):
        kwargs["ca_file"] = cluster.tls.ca_pem
    if listener.startswith("SASL"):
        kwargs.update(
            sasl_mechanism=mechanism,
            username=user,
            password=cluster.users[user] if password is None else password,
        )
    kwargs.update(extra)
    return SecurityConfig(**kwargs)


def client_for(
    cluster: KafkaCluster, listener: str = "PLAINTEXT", sec: SecurityConfig | None = None, **config: Any
) -> KafkaClient:
    sec = sec if sec is not None else security(cluster, listener)
    return KafkaClient(ClientConfig(cluster.bootstrap(listener), security=sec, **config))


class LeakCheck:
    """Snapshot sockets before; after, assert the client left no task and no socket behind."""

    def __init__(self) -> None:
        self.sockets = socket_fds()

    async def assert_clean(self) -> None:
        await asyncio.sleep(0)  # let transports finish their connection_lost callbacks
        assert other_tasks() == set()
        assert socket_fds() - self.sockets == set()


async def create_topic(client: KafkaClient, name: str, partitions: int = 1, replication: int = 1) -> None:
    """Create a topic through CreateTopics (sent to the controller) and wait until it has leaders."""
    meta = await client.metadata()
    body = {
        "topics": [{"name": name, "num_partitions": partitions, "replication_factor": replication}],
        "timeout_ms": 30000,
    }
    response = await client.send(meta.controller_id, ApiKey.CREATE_TOPICS, body)
    result = response["topics"][0]
    check_error(result["error_code"], result.get("error_message"), context=f"Creating {name}")

    async def ready() -> None:
        info = (await client.metadata([name], refresh=True)).topics[name]
        if info.error is not None:
            raise info.error
        for p in range(partitions):
            part = info.partitions.get(p)
            if part is None or part.leader < 0 or len(part.isr) < replication:
                raise LeaderNotAvailableError(context=f"{name}-{p} has no leader or full ISR yet ({part})")
            # Metadata can name the leader a moment before the leader itself knows (error 6).
            response = await client.send(part.leader, ApiKey.LIST_OFFSETS, list_offsets_body(name, p))
            check_error(response["topics"][0]["partitions"][0]["error_code"], context=f"{name}-{p}")

    await client.retry(ready, attempts=40)


def fetch_body(
    topic: str, topic_id: uuid.UUID | None, partition: int = 0, offset: int = 0, max_wait_ms: int = 500
) -> Callable[[int], dict[str, Any]]:
    """A Fetch body builder for any version: by name before v13, by topic id from v13."""

    def build(version: int) -> dict[str, Any]:
        part = {"partition": partition, "fetch_offset": offset, "partition_max_bytes": 1 << 20}
        topic_entry: dict[str, Any] = {"partitions": [part]}
        if version >= 13:
            assert topic_id is not None
            topic_entry["topic_id"] = topic_id.bytes
        else:
            topic_entry["topic"] = topic
        return {
            "max_wait_ms": max_wait_ms,
            "min_bytes": 1,
            "max_bytes": 1 << 20,
            "isolation_level": 0,
            "session_id": 0,
            "session_epoch": -1,
            "topics": [topic_entry],
        }

    return build


def list_offsets_body(topic: str, partition: int = 0, timestamp: int = -1) -> dict[str, Any]:
    return {
        "replica_id": -1,
        "isolation_level": 0,
        "topics": [{"name": topic, "partitions": [{"partition_index": partition, "timestamp": timestamp}]}],
    }
