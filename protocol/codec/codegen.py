"""Shared machinery for generating flat encode/decode functions from definitions.

Each (message, version) gets its own straight-line Python function, compiled on first use and
cached: no per-field dispatch on the hot path, adjacent fixed-width fields read or written by
one ``struct.Struct`` call, and 1-byte varints handled inline. The generated source is kept
(``generated_source``) and registered with ``linecache`` so tracebacks show real lines.
"""

from __future__ import annotations

import linecache
import struct
from collections.abc import Callable
from typing import Any

from protocol.codec.primitives import read_uvarint, uuid_bytes, uvarint_bytes
from protocol.codec.schema import (
    FIXED_SIZES,
    FieldDef,
    MessageDef,
    StructDef,
    default_value,
    field_is_flexible,
)
from protocol.errors import ProtocolDecodeError, ProtocolEncodeError

DecodeFn = Callable[[bytes, int], tuple[dict[str, Any], int]]
EncodeFn = Callable[[bytearray, Any], None]

_SOURCES: dict[tuple[str, int, str], str] = {}

_BASE_NAMESPACE: dict[str, Any] = {
    "_uv": read_uvarint,
    "_uvb": uvarint_bytes,
    "_uuidb": uuid_bytes,
    "_E": ProtocolDecodeError,
    "_EE": ProtocolEncodeError,
    "_I16": struct.Struct(">h"),
    "_I32": struct.Struct(">i"),
    "_unpack_from": struct.unpack_from,
    "_pack": struct.pack,
}

SMALL_ARRAY = 16
"""Arrays of fixed-width items shorter than this use prebuilt ``Struct`` objects.

Replica lists, ISR lists and partition lists are nearly always this short, and building a
``">%di"`` format per array costs more than the unpack itself.
"""

for _letter in "bhiqHId?":
    _BASE_NAMESPACE[f"_A{'B' if _letter == '?' else _letter}"] = tuple(
        struct.Struct(f">{count}{_letter}") for count in range(SMALL_ARRAY)
    )


def array_structs(letter: str) -> str:
    """Namespace name of the prebuilt small-array ``Struct`` tuple for a format letter."""
    return f"_A{'B' if letter == '?' else letter}"


def literal(value: Any) -> str:
    """Python source that builds a fresh copy of a default value."""
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def min_size(field: FieldDef, version: int, flexible: bool) -> int:
    """The fewest bytes ``field`` can take on the wire; bounds array counts before looping."""
    flex = field_is_flexible(field, flexible, version)
    if field.array:
        return 1 if flex else 4
    if field.struct is not None:
        if field.is_nullable(version):
            return 1
        return struct_min_size(field.struct, version, flexible)
    if field.type in FIXED_SIZES:
        return FIXED_SIZES[field.type]
    if flex:
        return 1
    return 2 if field.type == "string" else 4


def struct_min_size(struct_def: StructDef, version: int, flexible: bool) -> int:
    total = sum(min_size(f, version, flexible) for f in struct_def.regular_fields(version))
    return total + (1 if flexible else 0)


def element_min_size(field: FieldDef, version: int, flexible: bool) -> int:
    """The fewest bytes one element of array ``field`` can take."""
    flex = field_is_flexible(field, flexible, version)
    if field.struct is not None:
        return struct_min_size(field.struct, version, flexible)
    if field.type in FIXED_SIZES:
        return FIXED_SIZES[field.type]
    if flex:
        return 1
    return 2 if field.type == "string" else 4


class CodeWriter:
    """Accumulates generated lines, unique local names and the constants they refer to."""

    def __init__(self, message: MessageDef, version: int, direction: str) -> None:
        self.message = message
        self.version = version
        self.direction = direction
        self.flexible = message.is_flexible(version)
        self.where = f"{message.name} v{version}"
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = dict(_BASE_NAMESPACE)
        self._counter = 0
        self._structs: dict[str, str] = {}

    def line(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    def var(self, prefix: str = "v") -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def const(self, value: Any, prefix: str = "_K") -> str:
        name = self.var(prefix)
        self.namespace[name] = value
        return name

    def struct_fmt(self, fmt: str) -> str:
        """Name of a shared ``struct.Struct`` for big-endian ``fmt``."""
        if fmt not in self._structs:
            self._structs[fmt] = self.const(struct.Struct(">" + fmt), "_S")
        return self._structs[fmt]

    def default_source(self, field: FieldDef) -> str:
        return literal(default_value(field, self.version))

    def compile(self, func_name: str) -> Callable[..., Any]:
        source = "\n".join(self.lines) + "\n"
        filename = f"<kafka-codec {self.where} {self.direction}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        _SOURCES[(self.message.name, self.version, self.direction)] = source
        exec(compile(source, filename, "exec"), self.namespace)
        func: Callable[..., Any] = self.namespace[func_name]
        return func


def compiled_source(message_name: str, version: int, direction: str) -> str | None:
    """The source compiled for a message version and direction, if it was compiled."""
    return _SOURCES.get((message_name, version, direction))
