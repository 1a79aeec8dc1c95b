"""Group and transaction coordinators: the FindCoordinator request, its answer, and a cache.

FindCoordinator v0-3 asks for one key; v4+ (Kafka 3.0+) takes a batch in ``coordinator_keys``
and answers per key. Both shapes are handled here so callers only see a ``BrokerInfo``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from protocol.errors import KafkaApiError, error_for_code
from protocol.metadata import BrokerInfo

GROUP = 0
TRANSACTION = 1


def find_coordinator_request(key_type: int, key: str) -> Callable[[int], dict[str, Any]]:
    """A body builder for FindCoordinator at any version."""

    def build(version: int) -> dict[str, Any]:
        if version >= 4:
            return {"key_type": key_type, "coordinator_keys": [key]}
        if key_type != GROUP and version < 1:
            raise ValueError("FindCoordinator v0 only finds group coordinators")
        return {"key": key, "key_type": key_type}

    return build


def coordinator_from_response(response: Mapping[str, Any], key: str) -> BrokerInfo:
    """The coordinator in a FindCoordinator response; raises its error code if it has one."""
    entry: Mapping[str, Any] = response
    if "coordinators" in response and response["coordinators"] is not None and "node_id" not in response:
        matches = [c for c in response["coordinators"] if c["key"] == key]
        if not matches:
            raise KafkaApiError(f"the response does not mention '{key}'", code=15,
                                context=f"Finding the coordinator of '{key}'")  # fmt: skip
        entry = matches[0]
    code = entry["error_code"]
    if code:
        raise error_for_code(code, entry.get("error_message"), context=f"Finding the coordinator of '{key}'")
    return BrokerInfo(entry["node_id"], entry["host"], entry["port"])


class CoordinatorCache:
    """Known coordinators by (key type, key)."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, str], BrokerInfo] = {}

    def get(self, key_type: int, key: str) -> BrokerInfo | None:
        return self._known.get((key_type, key))

    def put(self, key_type: int, key: str, broker: BrokerInfo) -> None:
        self._known[(key_type, key)] = broker

    def forget(self, key_type: int, key: str) -> None:
        self._known.pop((key_type, key), None)

    def forget_key(self, key: str) -> None:
        """Forget ``key`` under every key type."""
        for entry in [e for e in self._known if e[1] == key]:
            del self._known[entry]
