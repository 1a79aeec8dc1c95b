"""Reading configuration: topics, brokers and broker loggers, with where each value comes from.

Topic configs can be asked of any broker; a broker's own configs only of that broker (the
cluster-wide broker defaults, resource name "", of any broker).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import partial
from typing import Any

from protocol.admin._batch import DEFAULT_CONCURRENCY, gather_bounded, group_by, settle
from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.errors import KafkaApiError, error_for_code

UNKNOWN_TOPIC_OR_PARTITION = 3


class ResourceType(IntEnum):
    """Config resource types, as on the wire."""

    TOPIC = 2
    BROKER = 4
    BROKER_LOGGER = 8
    CLIENT_METRICS = 16
    GROUP = 32


class ConfigSource(IntEnum):
    """Where a config value comes from, most specific first (DescribeConfigs v1+)."""

    UNKNOWN = 0
    DYNAMIC_TOPIC_CONFIG = 1
    DYNAMIC_BROKER_CONFIG = 2
    DYNAMIC_DEFAULT_BROKER_CONFIG = 3
    STATIC_BROKER_CONFIG = 4
    DEFAULT_CONFIG = 5
    DYNAMIC_BROKER_LOGGER_CONFIG = 6
    CLIENT_METRICS_CONFIG = 7
    GROUP_CONFIG = 8

    @classmethod
    def of(cls, value: int) -> ConfigSource:
        try:
            return cls(value)
        except ValueError:
            return cls.UNKNOWN


class ConfigType(IntEnum):
    """A config's value type (DescribeConfigs v3+, Kafka 2.6+); UNKNOWN before that."""

    UNKNOWN = 0
    BOOLEAN = 1
    STRING = 2
    INT = 3
    SHORT = 4
    LONG = 5
    DOUBLE = 6
    LIST = 7
    CLASS = 8
    PASSWORD = 9


@dataclass(frozen=True, slots=True)
class ConfigResource:
    """A thing with configs: a topic, a broker (by id; "" for the cluster defaults), a logger."""

    type: ResourceType
    name: str

    @classmethod
    def topic(cls, name: str) -> ConfigResource:
        return cls(ResourceType.TOPIC, name)

    @classmethod
    def broker(cls, node_id: int | None = None) -> ConfigResource:
        """One broker's configs, or the cluster-wide broker defaults when ``node_id`` is None."""
        return cls(ResourceType.BROKER, "" if node_id is None else str(node_id))

    def node(self) -> int | None:
        """The broker that must answer for this resource, or None when any broker can."""
        if self.type in (ResourceType.BROKER, ResourceType.BROKER_LOGGER) and self.name:
            return int(self.name)
        return None

    def __str__(self) -> str:
        if self.type == ResourceType.BROKER:
            return f"broker {self.name}" if self.name else "the cluster-wide broker defaults"
        return f"{self.type.name.lower().replace('_', ' ')} '{self.name}'"


@dataclass(frozen=True, slots=True)
class ConfigSynonym:
    """One layer of a config's value (e.g. the broker's ``log.retention.ms`` under a topic's)."""

    name: str
    value: str | None
    source: ConfigSource


@dataclass(frozen=True, slots=True)
class ConfigEntry:
    """One config of a resource. Sensitive values are None: brokers never reveal them."""

    name: str
    value: str | None
    source: ConfigSource
    read_only: bool
    sensitive: bool
    synonyms: tuple[ConfigSynonym, ...] = ()
    type: ConfigType = ConfigType.UNKNOWN
    documentation: str | None = None

    @property
    def is_default(self) -> bool:
        """True when nothing sets the config: the value is Kafka's built-in default."""
        return self.source == ConfigSource.DEFAULT_CONFIG

    @property
    def is_dynamic(self) -> bool:
        """True when the value was set at runtime on this resource or on the cluster's brokers."""
        return self.source in _DYNAMIC


_DYNAMIC = {ConfigSource.DYNAMIC_TOPIC_CONFIG, ConfigSource.DYNAMIC_BROKER_CONFIG,
            ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG,
            ConfigSource.CLIENT_METRICS_CONFIG, ConfigSource.GROUP_CONFIG}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ResourceConfig:
    """The configs of one resource, or the error that kept the broker from describing it."""

    resource: ConfigResource
    entries: tuple[ConfigEntry, ...]
    error: KafkaApiError | None = None

    def get(self, name: str) -> ConfigEntry | None:
        return next((e for e in self.entries if e.name == name), None)

    def values(self) -> dict[str, str | None]:
        return {e.name: e.value for e in self.entries}


async def describe_configs(
    client: KafkaClient,
    resources: Sequence[ConfigResource],
    *,
    names: Sequence[str] | None = None,
    documentation: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> dict[ConfigResource, ResourceConfig]:
    """The configs of each resource (only ``names`` when given), with sources and synonyms.

    Resources are batched per broker that must answer them; topics go to any broker.
    """

    async def attempt(pending: list[ConfigResource]) -> dict[ConfigResource, ResourceConfig | KafkaApiError]:
        jobs = [partial(_describe_on, client, node, group, names, documentation)
                for node, group in group_by(pending, lambda r: r.node()).items()]  # fmt: skip
        out: dict[ConfigResource, ResourceConfig | KafkaApiError] = {}
        for result in await gather_bounded(jobs, concurrency):
            out.update(result)
        return out

    outcomes = await settle(list(resources), attempt, retry_on=_worth_retrying)
    return {r: o if isinstance(o, ResourceConfig) else ResourceConfig(r, (), o) for r, o in outcomes.items()}


def _worth_retrying(error: KafkaApiError) -> bool:
    """Retriable errors, except a missing topic: DescribeConfigs asks the metadata the broker has."""
    return error.retriable and error.code != UNKNOWN_TOPIC_OR_PARTITION


async def describe_config(client: KafkaClient, resource: ConfigResource, *,
                          documentation: bool = False) -> ResourceConfig:
    """The configs of one resource; raises the broker's error if it could not describe it."""
    result = (await describe_configs(client, [resource], documentation=documentation))[resource]
    if result.error is not None:
        raise result.error
    return result


async def _describe_on(client: KafkaClient, node: int | None, resources: list[ConfigResource],
                       names: Sequence[str] | None,
                       documentation: bool) -> dict[ConfigResource, ResourceConfig | KafkaApiError]:
    body = {"resources": [{"resource_type": int(r.type), "resource_name": r.name,
                           "configuration_keys": None if names is None else list(names)} for r in resources],
            "include_synonyms": True, "include_documentation": documentation}  # fmt: skip
    if node is None:
        response = await client.send_any(ApiKey.DESCRIBE_CONFIGS, body)  # settle() retries lost connections
    else:
        response = await client.send(node, ApiKey.DESCRIBE_CONFIGS, body)
    out: dict[ConfigResource, ResourceConfig | KafkaApiError] = {}
    for result in response["results"]:
        resource = ConfigResource(ResourceType(result["resource_type"]), result["resource_name"])
        code = result["error_code"]
        if code:
            out[resource] = error_for_code(code, result.get("error_message"),
                                           context=f"Describing the configs of {resource}")  # fmt: skip
        else:
            out[resource] = ResourceConfig(resource, tuple(_entry(c) for c in result["configs"]))
    return out


def _entry(raw: Mapping[str, Any]) -> ConfigEntry:
    synonyms = tuple(ConfigSynonym(s["name"], s["value"], ConfigSource.of(s["source"]))
                     for s in raw.get("synonyms") or ())  # fmt: skip
    try:
        kind = ConfigType(raw.get("config_type", 0))
    except ValueError:
        kind = ConfigType.UNKNOWN
    return ConfigEntry(raw["name"], raw["value"], ConfigSource.of(raw.get("config_source", 0)),
                       raw["read_only"], raw["is_sensitive"], synonyms, kind, raw.get("documentation"))
