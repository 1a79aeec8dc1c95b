"""Bodies built from the definitions themselves, for round-trip and fuzz tests.

``sample_body`` fills every field present in a version with a deterministic non-default value
(arrays get two elements, tagged fields are set, nullable fields alternate with null), so a
round trip exercises every field. ``body_strategy`` does the same with Hypothesis.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from protocol.codec.registry import APIS, MESSAGES
from protocol.codec.schema import FieldDef, MessageDef, StructDef

INT_RANGES = {
    "int8": (-(2**7), 2**7 - 1),
    "int16": (-(2**15), 2**15 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint16": (0, 2**16 - 1),
    "uint32": (0, 2**32 - 1),
}

_SCALARS: dict[str, Any] = {
    "int8": -7,
    "int16": 300,
    "int32": 70_000,
    "int64": 2**40 + 3,
    "uint16": 65_000,
    "uint32": 4_000_000_000,
    "float64": 1.5,
    "bool": True,
    "uuid": bytes(range(1, 17)),
}


def _scalar(field: FieldDef, index: int, version: int, null: bool) -> Any:
    if null and field.is_nullable(version):
        return None
    if field.type in _SCALARS:
        value = _SCALARS[field.type]
        return value + index if isinstance(value, int) and not isinstance(value, bool) else value
    if field.type == "string":
        return f"{field.name}-{index}-é"
    if field.type == "records":
        return b"\x00\x00\x00\x00\x00\x00\x00\x05records" + bytes([index])
    return b"\x00\x01\xfe\xff" + bytes([index])


def sample_struct(struct: StructDef, version: int, index: int = 0) -> dict[str, Any]:
    """A struct with every field present at ``version`` set to a non-default value."""
    body: dict[str, Any] = {}
    for position, field in enumerate(struct.fields):
        if not field.present(version):
            continue
        # Leave one in three nullable fields null, so both encodings are covered.
        null = (position + index) % 3 == 2
        body[field.name] = sample_value(field, version, index, null)
    return body


def sample_value(field: FieldDef, version: int, index: int, null: bool) -> Any:
    if null and field.is_nullable(version):
        return None
    if field.array:
        if field.struct is not None:
            return [sample_struct(field.struct, version, index + i) for i in range(2)]
        return [_scalar(field, index + i, version, False) for i in range(2)]
    if field.struct is not None:
        return sample_struct(field.struct, version, index)
    return _scalar(field, index, version, null)


def sample_body(message: MessageDef, version: int) -> dict[str, Any]:
    return sample_struct(message.root, version)


def _base_strategy(type_name: str) -> st.SearchStrategy[Any]:
    if type_name in INT_RANGES:
        lo, hi = INT_RANGES[type_name]
        return st.integers(lo, hi)
    if type_name == "float64":
        return st.floats(allow_nan=False)
    if type_name == "bool":
        return st.booleans()
    if type_name == "uuid":
        return st.binary(min_size=16, max_size=16)
    if type_name == "string":
        return st.text(max_size=12)
    return st.binary(max_size=24)


def struct_strategy(
    struct: StructDef, version: int, flexible: bool, depth: int = 0
) -> st.SearchStrategy[dict[str, Any]]:
    parts = {f.name: field_strategy(f, version, flexible, depth) for f in struct.fields if f.present(version)}
    return st.fixed_dictionaries(parts)


def field_strategy(field: FieldDef, version: int, flexible: bool, depth: int) -> st.SearchStrategy[Any]:
    strategy: st.SearchStrategy[Any]
    if field.struct is not None:
        strategy = struct_strategy(field.struct, version, flexible, depth + 1)
    else:
        strategy = _base_strategy(field.type)
    if field.array:
        strategy = st.lists(strategy, max_size=3 if depth < 2 else 2)
    if field.is_nullable(version):
        return st.none() | strategy
    return strategy


def body_strategy(message: MessageDef, version: int) -> st.SearchStrategy[dict[str, Any]]:
    return struct_strategy(message.root, version, message.is_flexible(version))


def all_message_versions() -> list[tuple[MessageDef, int]]:
    """Every (definition, version) we implement: API bodies, headers and data structs."""
    return [(m, v) for m in MESSAGES.values() for v in m.versions()]


def all_api_versions() -> list[tuple[int, int]]:
    return [(key, v) for key, api in sorted(APIS.items()) for v in api.request.versions()]
