"""Configs against real brokers: describe with sources and synonyms, incremental changes, and the
legacy AlterConfigs fallback forced on a 4.x and a 2.5 broker."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from explorer.harness import KafkaCluster
from protocol.admin import (
    Admin,
    ConfigChange,
    ConfigEntry,
    ConfigFallbackError,
    ConfigResource,
    ConfigSource,
    ConfigSynonym,
    ConfigType,
)
from protocol.admin.config_changes import new_dynamic_set
from protocol.errors import (
    InvalidConfigError,
    InvalidRequestError,
    UnknownServerError,
    UnknownTopicOrPartitionError,
)
from tests.admin.conftest import started_admin, unique

pytestmark = pytest.mark.broker

DAY_MS = "86400000"


@pytest.fixture(params=["kafka", "kafka25"])
async def on(request: pytest.FixtureRequest) -> AsyncIterator[tuple[KafkaCluster, Admin]]:
    cluster = request.getfixturevalue(request.param)
    assert isinstance(cluster, KafkaCluster)
    admin = await started_admin(cluster)
    yield cluster, admin
    await admin.client.close()


async def overrides(admin: Admin, topic: str) -> dict[str, str | None]:
    config = await admin.topic_config(topic)
    return {e.name: e.value for e in config.entries if e.source == ConfigSource.DYNAMIC_TOPIC_CONFIG}


async def expect_overrides(admin: Admin, topic: str, expected: dict[str, str]) -> None:
    """The topic's overrides become ``expected`` (a broker's view trails the controller a little)."""
    for _ in range(100):
        seen = await overrides(admin, topic)
        if seen == expected:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"topic {topic} has overrides {seen}, expected {expected}")


async def test_describe_topic_and_broker_configs(on: tuple[KafkaCluster, Admin]) -> None:
    cluster, admin = on
    topic = unique("cfg")
    await admin.create_topic(topic, 1, 1, {"retention.ms": DAY_MS})
    config = await admin.topic_config(topic)
    retention = config.get("retention.ms")
    assert retention is not None and retention.value == DAY_MS
    assert retention.source == ConfigSource.DYNAMIC_TOPIC_CONFIG and retention.is_dynamic
    assert not (retention.is_default or retention.read_only or retention.sensitive)
    assert retention.synonyms[0] == ConfigSynonym("retention.ms", DAY_MS, ConfigSource.DYNAMIC_TOPIC_CONFIG)
    size = config.get("max.message.bytes")  # the harness sets message.max.bytes in server.properties
    assert size is not None and size.source == ConfigSource.STATIC_BROKER_CONFIG and not size.is_dynamic
    static = ConfigSynonym("message.max.bytes", "1048588", ConfigSource.STATIC_BROKER_CONFIG)
    assert size.synonyms[0] == static
    assert size.synonyms[-1].source == ConfigSource.DEFAULT_CONFIG
    policy = config.get("cleanup.policy")
    assert policy is not None and policy.is_default and policy.value == "delete"
    if cluster.kraft:  # config types arrive with DescribeConfigs v3 (2.6+)
        assert (retention.type, policy.type) == (ConfigType.LONG, ConfigType.LIST)
        documented = await admin.describe_configs([ConfigResource.topic(topic)], documentation=True)
        assert documented[ConfigResource.topic(topic)].get("retention.ms").documentation  # type: ignore[union-attr]

    node = (await admin.describe_cluster()).brokers[0].node_id
    broker = await admin.describe_config(ConfigResource.broker(node))
    password = broker.get("ssl.keystore.password")
    assert password is not None and password.sensitive and password.value is None
    assert password.source == ConfigSource.STATIC_BROKER_CONFIG
    threads = broker.get("num.io.threads")
    assert threads is not None and threads.value == "2"
    assert threads.source == ConfigSource.STATIC_BROKER_CONFIG
    id_entry = broker.get("node.id" if cluster.kraft else "broker.id")
    assert id_entry is not None and id_entry.read_only and id_entry.value == str(node)

    both = [ConfigResource.topic(topic), ConfigResource.topic(unique("nope"))]
    results = await admin.describe_configs(both)
    errors = [r.error for r in results.values()]
    assert errors[0] is None and isinstance(errors[1], UnknownTopicOrPartitionError)
    await admin.delete_topic(topic)


async def test_incremental_changes(on: tuple[KafkaCluster, Admin]) -> None:
    cluster, admin = on
    topic = unique("incr")
    resource = ConfigResource.topic(topic)
    await admin.create_topic(topic, 1, 1, {"retention.ms": DAY_MS})
    if not cluster.kraft:
        # Kafka 2.5 fails APPEND on a list config without an override (NullPointerException in
        # the broker, reported as UNKNOWN_SERVER_ERROR); with an override it works.
        with pytest.raises(UnknownServerError, match="null"):
            await admin.alter_config(resource, [ConfigChange.append("cleanup.policy", "compact")])
        await admin.alter_config(resource, [ConfigChange.set("cleanup.policy", "delete")])

    done = await admin.alter_config(resource, [ConfigChange.set("segment.ms", "3600000"),
                                               ConfigChange.append("cleanup.policy", "compact")])
    assert done.api == "IncrementalAlterConfigs"
    await expect_overrides(admin, topic, {"retention.ms": DAY_MS, "segment.ms": "3600000",
                                             "cleanup.policy": "delete,compact"})
    await admin.alter_config(resource, [ConfigChange.subtract("cleanup.policy", "delete"),
                                        ConfigChange.delete("retention.ms")])
    await expect_overrides(admin, topic, {"segment.ms": "3600000", "cleanup.policy": "compact"})
    retention = (await admin.topic_config(topic)).get("retention.ms")
    assert retention is not None and retention.value == "604800000" and not retention.is_dynamic

    await admin.alter_config(resource, [ConfigChange.set("segment.ms", "1")], validate_only=True)
    assert (await overrides(admin, topic))["segment.ms"] == "3600000"
    with pytest.raises((InvalidConfigError, InvalidRequestError)) as bad:  # 2.5 says INVALID_REQUEST
        await admin.alter_config(resource, [ConfigChange.set("retention.ms", "soon")])
    assert f"Changing the configs of topic '{topic}'" in str(bad.value) and "retention.ms" in str(bad.value)
    await admin.delete_topic(topic)


async def test_legacy_fallback_keeps_other_topic_settings(on: tuple[KafkaCluster, Admin]) -> None:
    _, admin = on
    topic = unique("legacy")
    resource = ConfigResource.topic(topic)
    await admin.create_topic(topic, 1, 1, {"retention.ms": DAY_MS, "max.message.bytes": "200000"})

    done = await admin.alter_config(resource, [ConfigChange.set("segment.ms", "3600000")], force_legacy=True)
    assert done.api == "AlterConfigs"
    expected = {"retention.ms": DAY_MS, "max.message.bytes": "200000", "segment.ms": "3600000"}
    assert dict(done.sent) == expected
    await expect_overrides(admin, topic, expected)

    await admin.alter_config(resource, [ConfigChange.delete("max.message.bytes"),
                                        ConfigChange.append("cleanup.policy", "compact")], force_legacy=True)
    await expect_overrides(admin, topic, {"retention.ms": DAY_MS, "segment.ms": "3600000",
                                             "cleanup.policy": "delete,compact"})
    await admin.alter_config(resource, [ConfigChange.subtract("cleanup.policy", "delete")], force_legacy=True)
    await expect_overrides(admin, topic, {"retention.ms": DAY_MS, "segment.ms": "3600000",
                                             "cleanup.policy": "compact"})
    await admin.alter_config(resource, [ConfigChange.set("segment.ms", "1")], validate_only=True,
                             force_legacy=True)
    assert (await overrides(admin, topic))["segment.ms"] == "3600000"
    await admin.delete_topic(topic)


async def test_legacy_fallback_keeps_other_broker_settings(on: tuple[KafkaCluster, Admin]) -> None:
    _, admin = on
    node = (await admin.describe_cluster()).brokers[0].node_id
    resource = ConfigResource.broker(node)
    names = ("log.retention.bytes", "log.segment.delete.delay.ms")

    async def settles_to(expected: dict[str, str]) -> None:
        """Broker configs reach the broker's own view a moment after the change is acknowledged."""
        for _ in range(100):
            config = await admin.describe_config(resource)
            seen = {e.name: e.value for e in config.entries
                    if e.source == ConfigSource.DYNAMIC_BROKER_CONFIG and e.name in names}
            if seen == expected:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"broker {node} shows {seen}, expected {expected}")

    try:
        await admin.alter_config(resource, [ConfigChange.set(names[0], "1073741824")])
        await settles_to({names[0]: "1073741824"})
        done = await admin.alter_config(resource, [ConfigChange.set(names[1], "61000")], force_legacy=True)
        assert names[0] in dict(done.sent)
        await settles_to({names[0]: "1073741824", names[1]: "61000"})
    finally:
        await admin.alter_config(resource, [ConfigChange.delete(n) for n in names])
    await settles_to({})


def test_fallback_refuses_what_it_cannot_preserve() -> None:
    resource = ConfigResource.broker(1)
    secret = ConfigEntry("ssl.key.password", None, ConfigSource.DYNAMIC_BROKER_CONFIG, False, True)
    with pytest.raises(ConfigFallbackError, match=r"ssl\.key\.password is set but sensitive"):
        new_dynamic_set(resource, [secret], [ConfigChange.set("log.retention.ms", "1")])
    number = ConfigEntry("retention.ms", "1", ConfigSource.DEFAULT_CONFIG, False, False, type=ConfigType.LONG)
    with pytest.raises(ConfigFallbackError, match="APPEND needs a list config"):
        new_dynamic_set(ConfigResource.topic("t"), [number], [ConfigChange.append("retention.ms", "2")])


def test_fallback_list_operations_start_from_kafkas_default() -> None:
    static = ConfigEntry("cleanup.policy", "compact", ConfigSource.STATIC_BROKER_CONFIG, False, False,
                         (ConfigSynonym("log.cleanup.policy", "compact", ConfigSource.STATIC_BROKER_CONFIG),
                          ConfigSynonym("log.cleanup.policy", "delete", ConfigSource.DEFAULT_CONFIG)))
    other = ConfigEntry("retention.ms", "5", ConfigSource.DYNAMIC_TOPIC_CONFIG, False, False)
    changes = [ConfigChange.append("cleanup.policy", "compact,delete")]
    assert new_dynamic_set(ConfigResource.topic("t"), [static, other], changes) == {
        "retention.ms": "5", "cleanup.policy": "delete,compact"}
