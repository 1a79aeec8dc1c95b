"""Our definitions against Apache Kafka's JSON message specs, version by version.

For every message we define and every version we implement, the fields present in that version
must match the spec's: snake_case names, types (struct names included), order, nullability,
tagging and tags, defaults and field-level flexible overrides. The message-level validVersions
(minus an unstable latest version) and flexibleVersions must match too. The specs are read from
``../shared/reference/kafka-message-specs`` beside the repository, or from
``$KAFKA_MESSAGE_SPECS``; without them the test is skipped.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from protocol.codec import API_VERSIONS_SUPPORTED, ApiKey
from protocol.codec.registry import APIS, MESSAGES
from protocol.codec.schema import (
    NO_DEFAULT,
    FieldDef,
    MessageDef,
    StructDef,
    Versions,
    type_default,
)

SPEC_DIR = Path(
    os.environ.get(
        "KAFKA_MESSAGE_SPECS",
        Path(__file__).parents[2] / "../shared/reference/kafka-message-specs",
    )
).resolve()

needs_specs = pytest.mark.skipif(
    not SPEC_DIR.is_dir(),
    reason=f"Kafka JSON message specs not found at {SPEC_DIR} (set KAFKA_MESSAGE_SPECS)",
)


def strip_comments(text: str) -> str:
    """Remove ``//`` comments that are outside JSON strings."""
    return re.sub(r'"(?:\\.|[^"\\])*"|//[^\n]*', lambda m: m[0] if m[0][0] == '"' else "", text)


def load_spec(name: str) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(strip_comments((SPEC_DIR / f"{name}.json").read_text()))
    return spec


def snake_case(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def spec_default(field: dict[str, Any]) -> Any:
    """The effective default of a spec field, normalised to Python values."""
    ftype: str = field["type"]
    raw = field.get("default")
    if ftype.startswith("[]"):
        return None if raw == "null" else []
    if ftype[0].isupper():
        return None if raw == "null" else "struct"
    if raw is None or raw == "":
        return type_default(ftype)
    if isinstance(raw, bool) or ftype == "bool":
        return raw if isinstance(raw, bool) else raw == "true"
    if raw == "null":
        return None
    if ftype == "string":
        return raw
    if ftype == "float64":
        return float(raw)
    return raw if isinstance(raw, int) else int(raw, 0)


def our_default(field: FieldDef) -> Any:
    if field.array:
        return None if field.default is None else []
    if field.struct is not None:
        return None if field.default is None else "struct"
    return type_default(field.type) if field.default is NO_DEFAULT else field.default


def spec_view(
    fields: list[dict[str, Any]], version: int, commons: dict[str, list[dict[str, Any]]]
) -> list[tuple[Any, ...]]:
    """The spec's fields present at ``version``, as comparable tuples (recursively)."""
    view = []
    for f in fields:
        if version not in Versions.parse(f["versions"]):
            continue
        tagged = "tag" in f and version in Versions.parse(f["taggedVersions"])
        children = f.get("fields")
        elem = f["type"].removeprefix("[]")
        if children is None and elem in commons:
            children = commons[elem]
        flex = f.get("flexibleVersions")
        view.append((
            snake_case(f["name"]),
            f["type"],
            version in Versions.parse(f.get("nullableVersions", "none")),
            f["tag"] if tagged else None,
            spec_default(f),
            None if flex is None else version in Versions.parse(flex),
            spec_view(children, version, commons) if children else None,
        ))  # fmt: skip
    return view


def our_view(struct: StructDef, version: int) -> list[tuple[Any, ...]]:
    return [
        (
            f.name,
            f.type_name,
            f.is_nullable(version),
            f.tag if f.is_tagged(version) else None,
            our_default(f),
            None if f.flexible is None else version in f.flexible,
            our_view(f.struct, version) if f.struct is not None else None,
        )
        for f in struct.fields
        if f.present(version)
    ]


def expected_valid(spec: dict[str, Any]) -> Versions:
    valid = Versions.parse(spec["validVersions"])
    if spec.get("latestVersionUnstable"):
        assert valid.hi is not None
        valid = Versions(valid.lo, valid.hi - 1)
    return valid


MESSAGE_NAMES = sorted(MESSAGES)


@needs_specs
@pytest.mark.parametrize("name", MESSAGE_NAMES)
def test_message_matches_spec(name: str) -> None:
    ours: MessageDef = MESSAGES[name]
    spec = load_spec(name)
    commons = {c["name"]: c["fields"] for c in spec.get("commonStructs", [])}
    if ours.kind in ("request", "response"):
        assert ours.api_key == spec["apiKey"]
        assert ours.kind == spec["type"]
        # A response shares its request's versions; only the request marks an unstable one.
        request_spec = load_spec(name.removesuffix(ours.kind.title()) + "Request")
        assert ours.valid == expected_valid(request_spec)
    else:
        assert ours.valid == expected_valid(spec)
    assert ours.flexible == Versions.parse(spec["flexibleVersions"])
    for version in ours.versions():
        expected = spec_view(spec["fields"], version, commons)
        assert our_view(ours.root, version) == expected, f"{name} v{version}"


def test_every_api_is_defined_once_and_keyed() -> None:
    assert {int(k) for k in ApiKey} == set(APIS)
    assert set(API_VERSIONS_SUPPORTED) == set(APIS)
    for key, api in APIS.items():
        assert ApiKey(key).name == snake_case(api.name).upper()
        assert API_VERSIONS_SUPPORTED[key] == (api.request.min_version, api.request.max_version)
        assert api.request.valid == api.response.valid


def test_spec_reader_strips_only_comments() -> None:
    text = '{"a": "http://x", // note\n "b": 1}'
    assert json.loads(strip_comments(text)) == {"a": "http://x", "b": 1}
