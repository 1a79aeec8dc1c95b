"""Changing configuration: IncrementalAlterConfigs (Kafka 2.3+), or AlterConfigs before that.

Legacy AlterConfigs replaces a resource's whole set of dynamic configs. The fallback therefore
reads the resource's current dynamic configs, applies the changes to that set the way the
broker would apply incremental operations, and sends the whole set back, so every other
setting stays as it was. A change made by someone else between the read and the write is lost:
that is the nature of the legacy API.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from protocol.admin.configs import (
    ConfigEntry,
    ConfigResource,
    ConfigSource,
    ConfigType,
    ResourceType,
    describe_config,
)
from protocol.admin.errors import ConfigFallbackError
from protocol.client import KafkaClient
from protocol.codec import ApiKey
from protocol.errors import UnsupportedVersionError, error_for_code


class AlterOp(IntEnum):
    """Incremental config operations, as on the wire."""

    SET = 0
    DELETE = 1
    APPEND = 2
    SUBTRACT = 3


@dataclass(frozen=True, slots=True)
class ConfigChange:
    """One operation on one config; APPEND and SUBTRACT take comma-separated list items."""

    name: str
    op: AlterOp = AlterOp.SET
    value: str | None = None

    @classmethod
    def set(cls, name: str, value: str) -> ConfigChange:
        return cls(name, AlterOp.SET, value)

    @classmethod
    def delete(cls, name: str) -> ConfigChange:
        """Remove the override, so the value falls back to the broker's or Kafka's default."""
        return cls(name, AlterOp.DELETE, None)

    @classmethod
    def append(cls, name: str, value: str) -> ConfigChange:
        return cls(name, AlterOp.APPEND, value)

    @classmethod
    def subtract(cls, name: str, value: str) -> ConfigChange:
        return cls(name, AlterOp.SUBTRACT, value)


@dataclass(frozen=True, slots=True)
class ConfigAlteration:
    """How a change was made; ``sent`` is the full set re-sent by the legacy fallback."""

    resource: ConfigResource
    api: str
    sent: tuple[tuple[str, str | None], ...] = ()


_OWN_SOURCE = {ResourceType.TOPIC: ConfigSource.DYNAMIC_TOPIC_CONFIG,
               ResourceType.BROKER: ConfigSource.DYNAMIC_BROKER_CONFIG}  # fmt: skip


async def alter_config(
    client: KafkaClient,
    resource: ConfigResource,
    changes: Sequence[ConfigChange],
    *,
    validate_only: bool = False,
    force_legacy: bool = False,
) -> ConfigAlteration:
    """Apply ``changes`` to one resource, leaving its other configs alone.

    Uses IncrementalAlterConfigs where the broker has it; otherwise (or with ``force_legacy``)
    the read-modify-write AlterConfigs fallback described in the module docstring.
    """
    if not changes:
        raise ValueError("no config changes given")
    if not force_legacy:
        try:
            await _incremental(client, resource, changes, validate_only)
            return ConfigAlteration(resource, "IncrementalAlterConfigs")
        except UnsupportedVersionError:
            pass
    return await _legacy(client, resource, changes, validate_only)


async def _incremental(client: KafkaClient, resource: ConfigResource, changes: Sequence[ConfigChange],
                       validate_only: bool) -> None:
    configs = [{"name": c.name, "config_operation": int(c.op), "value": c.value} for c in changes]
    body = {"resources": [{"resource_type": int(resource.type), "resource_name": resource.name,
                           "configs": configs}], "validate_only": validate_only}  # fmt: skip
    response = await _send(client, resource, ApiKey.INCREMENTAL_ALTER_CONFIGS, body)
    _raise_for(response, resource)


async def _legacy(client: KafkaClient, resource: ConfigResource, changes: Sequence[ConfigChange],
                  validate_only: bool) -> ConfigAlteration:
    current = await describe_config(client, resource)
    wanted = new_dynamic_set(resource, current.entries, changes)
    body = {"resources": [{"resource_type": int(resource.type), "resource_name": resource.name,
                           "configs": [{"name": k, "value": v} for k, v in wanted.items()]}],
            "validate_only": validate_only}  # fmt: skip
    response = await _send(client, resource, ApiKey.ALTER_CONFIGS, body)
    _raise_for(response, resource)
    return ConfigAlteration(resource, "AlterConfigs", tuple(wanted.items()))


def new_dynamic_set(resource: ConfigResource, entries: Sequence[ConfigEntry],
                    changes: Sequence[ConfigChange]) -> dict[str, str | None]:
    """The resource's dynamic configs after ``changes``: what legacy AlterConfigs must receive."""
    source = _own_source(resource)
    by_name = {e.name: e for e in entries}
    kept = {e.name: e for e in entries if e.source == source}
    hidden = sorted(name for name, e in kept.items() if e.sensitive or e.value is None)
    if hidden:
        raise ConfigFallbackError(
            f"Cannot change the configs of {resource} with AlterConfigs (this broker lacks "
            f"IncrementalAlterConfigs): {', '.join(hidden)} {'is' if len(hidden) == 1 else 'are'} set "
            "but sensitive, so the broker does not reveal the value that would have to be sent again.")
    values: dict[str, str | None] = {name: e.value for name, e in kept.items()}
    for change in changes:
        if change.op == AlterOp.SET:
            values[change.name] = change.value
        elif change.op == AlterOp.DELETE:
            values.pop(change.name, None)
        else:
            values[change.name] = _list_op(resource, change, values, by_name.get(change.name))
    return values


def _list_op(resource: ConfigResource, change: ConfigChange, values: Mapping[str, str | None],
             entry: ConfigEntry | None) -> str:
    """APPEND/SUBTRACT as the broker does them: on the override, else on Kafka's default."""
    if entry is not None and entry.type not in (ConfigType.LIST, ConfigType.UNKNOWN):
        raise ConfigFallbackError(f"{change.op.name} needs a list config, but {change.name} of {resource} "
                                  f"is a {entry.type.name.lower()}.")  # fmt: skip
    base = values.get(change.name) if change.name in values else _builtin_default(entry)
    items = [v for v in (base or "").split(",") if v]
    given = [v for v in (change.value or "").split(",") if v]
    if change.op == AlterOp.APPEND:
        items += [v for v in given if v not in items]
    else:
        items = [v for v in items if v not in given]
    return ",".join(items)


def _builtin_default(entry: ConfigEntry | None) -> str | None:
    if entry is None:
        return None
    defaults = [s.value for s in entry.synonyms if s.source == ConfigSource.DEFAULT_CONFIG]
    return defaults[0] if defaults else entry.value


def _own_source(resource: ConfigResource) -> ConfigSource:
    if resource.type == ResourceType.BROKER and not resource.name:
        return ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
    source = _OWN_SOURCE.get(resource.type)
    if source is None:
        raise ConfigFallbackError(f"Cannot change {resource} without IncrementalAlterConfigs.")
    return source


async def _send(client: KafkaClient, resource: ConfigResource, api_key: int,
                body: Mapping[str, Any]) -> dict[str, Any]:
    node = resource.node()
    if node is None:
        return await client.send_any(api_key, body)
    return await client.send(node, api_key, body)


def _raise_for(response: Mapping[str, Any], resource: ConfigResource) -> None:
    for item in response["responses"]:
        if item["error_code"]:
            raise error_for_code(item["error_code"], item.get("error_message"),
                                 context=f"Changing the configs of {resource}")  # fmt: skip
