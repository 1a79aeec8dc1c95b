"""Brokers older than the harness's 2.5 (Kafka 2.1/2.2), played by the fake broker: no
IncrementalAlterConfigs and no DescribeCluster, so the fallbacks must be taken on their own."""

from __future__ import annotations

from typing import Any

from protocol.admin import Admin, ConfigChange, ConfigResource
from protocol.client import ClientConfig, KafkaClient
from protocol.codec import API_VERSIONS_SUPPORTED, ApiKey
from tests.protocol.fakebroker import FakeBroker, Handler

KAFKA_2_2 = {key: span for key, span in API_VERSIONS_SUPPORTED.items()
             if key not in (ApiKey.INCREMENTAL_ALTER_CONFIGS, ApiKey.DESCRIBE_CLUSTER, ApiKey.OFFSET_DELETE,
                            ApiKey.CONSUMER_GROUP_DESCRIBE, ApiKey.DESCRIBE_TOPIC_PARTITIONS)}  # fmt: skip
KAFKA_2_2.update({ApiKey.METADATA: (0, 7), ApiKey.DESCRIBE_CONFIGS: (1, 2), ApiKey.ALTER_CONFIGS: (0, 1)})

DYNAMIC, DEFAULT = 1, 5


def entry(name: str, value: str, source: int, *synonyms: tuple[str, str, int]) -> dict[str, Any]:
    return {"name": name, "value": value, "read_only": False, "config_source": source, "is_sensitive": False,
            "synonyms": [{"name": n, "value": v, "source": s} for n, v, s in synonyms]}  # fmt: skip


def described(header: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    (resource,) = body["resources"]
    configs = [entry("retention.ms", "5", DYNAMIC, ("retention.ms", "5", DYNAMIC)),
               entry("cleanup.policy", "delete", DEFAULT, ("log.cleanup.policy", "delete", DEFAULT)),
               entry("segment.ms", "604800000", DEFAULT)]  # fmt: skip
    return {"results": [{"error_code": 0, "resource_type": resource["resource_type"],
                         "resource_name": resource["resource_name"], "configs": configs}]}  # fmt: skip


async def test_fallbacks_are_chosen_on_a_broker_without_the_newer_apis() -> None:
    altered: list[dict[str, Any]] = []

    def alter(header: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        altered.append(body)
        (resource,) = body["resources"]
        return {"responses": [{"error_code": 0, "resource_type": resource["resource_type"],
                               "resource_name": resource["resource_name"]}]}  # fmt: skip

    handlers: dict[int, Handler] = {ApiKey.DESCRIBE_CONFIGS: described, ApiKey.ALTER_CONFIGS: alter}
    async with FakeBroker(handlers=handlers, api_versions=KAFKA_2_2) as broker:
        client = KafkaClient(ClientConfig(broker.address))
        await client.start()
        try:
            admin = Admin(client)
            cluster = await admin.describe_cluster()
            assert (cluster.source, cluster.cluster_id, [b.node_id for b in cluster.brokers]) == (
                "Metadata", "fake-cluster", [1])

            changes = [ConfigChange.set("max.message.bytes", "1000"),
                       ConfigChange.append("cleanup.policy", "compact")]
            done = await admin.alter_config(ConfigResource.topic("orders"), changes)
            assert done.api == "AlterConfigs"
            (body,) = altered
            sent = {c["name"]: c["value"] for c in body["resources"][0]["configs"]}
            assert sent == {"retention.ms": "5", "max.message.bytes": "1000",
                            "cleanup.policy": "delete,compact"}
            assert broker.requests(ApiKey.INCREMENTAL_ALTER_CONFIGS) == []
        finally:
            await client.close()
