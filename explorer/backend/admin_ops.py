"""Topic administration over raw requests: create, delete, add partitions, configs."""

from __future__ import annotations

from typing import Any

from explorer.clusterdata import ConfigEntry, NewTopic
from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.retry import check_error

TOPIC_RESOURCE = 2
SET, DELETE = 0, 1
TIMEOUT_MS = 30_000
CONFIG_SOURCES = {
    0: "unknown", 1: "topic override", 2: "broker (dynamic)", 3: "cluster default (dynamic)",
    4: "broker (server.properties)", 5: "Kafka default", 6: "broker logger", 7: "client metrics",
    8: "group",
}
"""DescribeConfigs ``config_source`` codes, as the configs table shows them."""


async def _to_controller(client: KafkaClient, api_key: int, body: Any) -> dict[str, Any]:
    """ZooKeeper clusters want topic changes at the controller; KRaft brokers forward them."""
    meta = client.cluster
    if meta.controller_id in meta.brokers:
        return await client.send(meta.controller_id, api_key, body)
    return await client.send_any(api_key, body)


def _check_results(results: list[dict[str, Any]], doing: str) -> None:
    for result in results:
        check_error(result["error_code"], result.get("error_message"),
                    context=f"{doing} “{result.get('name') or result.get('resource_name')}”")


async def create_topic(client: KafkaClient, topic: NewTopic) -> None:
    configs = [{"name": k, "value": v} for k, v in topic.configs.items()]
    body = {"topics": [{"name": topic.name, "num_partitions": topic.partitions,
                        "replication_factor": topic.replication, "assignments": [], "configs": configs}],
            "timeout_ms": TIMEOUT_MS, "validate_only": False}
    response = await _to_controller(client, ApiKey.CREATE_TOPICS, body)
    _check_results(response["topics"], "Creating topic")


async def delete_topic(client: KafkaClient, name: str) -> None:
    def body(version: int) -> dict[str, Any]:
        if version >= 6:
            return {"topics": [{"name": name}], "timeout_ms": TIMEOUT_MS}
        return {"topic_names": [name], "timeout_ms": TIMEOUT_MS}

    response = await _to_controller(client, ApiKey.DELETE_TOPICS, body)
    _check_results(response["responses"], "Deleting topic")


async def add_partitions(client: KafkaClient, name: str, total: int) -> None:
    body = {"topics": [{"name": name, "count": total, "assignments": None}],
            "timeout_ms": TIMEOUT_MS, "validate_only": False}
    response = await _to_controller(client, ApiKey.CREATE_PARTITIONS, body)
    _check_results(response["results"], "Adding partitions to")


async def topic_configs(client: KafkaClient, topic: str) -> list[ConfigEntry]:
    body = {"resources": [{"resource_type": TOPIC_RESOURCE, "resource_name": topic,
                           "configuration_keys": None}],
            "include_synonyms": False, "include_documentation": True}
    response = await client.send_any(ApiKey.DESCRIBE_CONFIGS, body)
    _check_results(response["results"], "Reading the configuration of")
    entries = [_entry(raw) for result in response["results"] for raw in result["configs"]]
    return sorted(entries, key=lambda e: e.name)


def _entry(raw: dict[str, Any]) -> ConfigEntry:
    source = raw.get("config_source", -1)
    return ConfigEntry(raw["name"], raw["value"], CONFIG_SOURCES.get(source, "unknown"),
                       bool(raw["is_sensitive"]), bool(raw["read_only"]), source in (4, 5),
                       raw.get("documentation"))


async def alter_topic_config(client: KafkaClient, topic: str, name: str, value: str | None) -> None:
    change = {"name": name, "config_operation": SET if value is not None else DELETE, "value": value}
    body = {"resources": [{"resource_type": TOPIC_RESOURCE, "resource_name": topic, "configs": [change]}],
            "validate_only": False}
    response = await client.send_any(ApiKey.INCREMENTAL_ALTER_CONFIGS, body)
    _check_results(response["responses"], "Changing the configuration of")
