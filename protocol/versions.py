"""Version negotiation: which version of each API to speak with one broker.

Per API, the version is ``min(our_max, broker_max)``, and it must be at least
``max(our_min, broker_min)``. Produce is never sent below v3 whatever a broker advertises (4.x
advertises v0 but rejects it, KAFKA-18659). Negotiation itself is pure; the ApiVersions
exchange that feeds it lives in ``protocol.connection``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from protocol.codec import API_VERSIONS_SUPPORTED, ApiKey
from protocol.errors import UnsupportedVersionError

CLIENT_MIN_VERSIONS: dict[int, int] = {ApiKey.PRODUCE: 3}
"""Floors stricter than the codec's own minimum."""


def api_name(api_key: int) -> str:
    """The spec name of an API key (``Metadata``), or ``API key 42`` for keys we don't know."""
    try:
        return "".join(part.capitalize() for part in ApiKey(api_key).name.split("_"))
    except ValueError:
        return f"API key {api_key}"


def our_range(api_key: int) -> tuple[int, int] | None:
    """The versions this client can speak for ``api_key``, or None if it can't at all."""
    span = API_VERSIONS_SUPPORTED.get(api_key)
    if span is None:
        return None
    low = max(span[0], CLIENT_MIN_VERSIONS.get(api_key, span[0]))
    return (low, span[1]) if low <= span[1] else None


def broker_ranges(api_keys: Iterable[Mapping[str, Any]]) -> dict[int, tuple[int, int]]:
    """The ``api_keys`` array of an ApiVersions response as {api key: (min, max)}."""
    return {int(k["api_key"]): (int(k["min_version"]), int(k["max_version"])) for k in api_keys}


@dataclass(frozen=True, slots=True)
class NegotiatedVersions:
    """What one broker speaks and, from it, the version we use for each API.

    ``broker_ranges`` is what the broker advertised; ``versions`` holds the chosen version of
    every API both sides speak. Asking for any other API raises ``UnsupportedVersionError``
    naming the API, the broker and both ranges.
    """

    broker: str
    broker_ranges: dict[int, tuple[int, int]]
    versions: dict[int, int] = field(init=False)

    def __post_init__(self) -> None:
        chosen: dict[int, int] = {}
        for key, theirs in self.broker_ranges.items():
            ours = our_range(key)
            if ours is None:
                continue
            version = min(ours[1], theirs[1])
            if version >= max(ours[0], theirs[0]):
                chosen[key] = version
        object.__setattr__(self, "versions", chosen)

    def supports(self, api_key: int) -> bool:
        """True when both sides share a version of ``api_key``."""
        return api_key in self.versions

    def version(self, api_key: int) -> int:
        """The version to use for ``api_key``; raises ``UnsupportedVersionError`` if none."""
        version = self.versions.get(api_key)
        if version is None:
            raise self.unsupported(api_key)
        return version

    def check(self, api_key: int, version: int) -> int:
        """``version`` if both sides speak it, else ``UnsupportedVersionError``."""
        ours, theirs = our_range(api_key), self.broker_ranges.get(api_key)
        if ours and theirs and max(ours[0], theirs[0]) <= version <= min(ours[1], theirs[1]):
            return version
        raise self.unsupported(api_key, version)

    def unsupported(self, api_key: int, version: int | None = None) -> UnsupportedVersionError:
        """The error for an API (or one version of it) that this broker and we don't share."""
        name = api_name(api_key)
        ours, theirs = our_range(api_key), self.broker_ranges.get(api_key)
        ours_text = f"v{ours[0]}-{ours[1]}" if ours else "no version"
        theirs_text = f"v{theirs[0]}-{theirs[1]}" if theirs else "no version"
        asked = f"{name} v{version}" if version is not None else name
        return UnsupportedVersionError(
            f"{asked}: broker {self.broker} supports {theirs_text}, this client {ours_text}",
            context=f"Broker {self.broker} cannot handle {name}",
        )
