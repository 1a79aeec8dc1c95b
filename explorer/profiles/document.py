"""The JSON document that holds profiles, both the app's own file and export files."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from explorer.profiles.model import ConnectionProfile, ProfileFormatError

FORMAT = "kafka-explorer-profiles"
VERSION = 1


def to_document(profiles: Iterable[ConnectionProfile], include_secrets: bool = False) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION,
            "profiles": [profile.to_dict(include_secrets) for profile in profiles]}


def from_document(data: Any) -> list[ConnectionProfile]:
    """Profiles from a parsed document; raises :class:`ProfileFormatError` with a sentence."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProfileFormatError("This is not a Kafka Explorer profiles file.")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise ProfileFormatError("The profiles file has no valid format version.")
    if version > VERSION:
        raise ProfileFormatError(f"The profiles file was written by a newer Kafka Explorer "
                                 f"(format {version}); this version reads format {VERSION}.")
    entries = data.get("profiles")
    if not isinstance(entries, list):
        raise ProfileFormatError("The profiles file has no list of profiles.")
    return [ConnectionProfile.from_dict(entry) for entry in entries]
