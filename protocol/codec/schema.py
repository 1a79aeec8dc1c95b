"""The data model of our message definitions: versions, fields, structs, messages, APIs.

Definitions are written once, in the compact text form that :mod:`protocol.codec.dsl` parses;
this module holds what they parse into, plus the rules (defaults, presence per version) that the
code generator and the spec-conformance test both rely on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FIXED_FORMATS: dict[str, str] = {
    "bool": "?",
    "int8": "b",
    "int16": "h",
    "int32": "i",
    "int64": "q",
    "uint16": "H",
    "uint32": "I",
    "float64": "d",
    "uuid": "16s",
}
"""``struct`` format letter of each fixed-width type; adjacent ones are read in one call."""

FIXED_SIZES: dict[str, int] = {
    "bool": 1, "int8": 1, "int16": 2, "int32": 4, "int64": 8,
    "uint16": 2, "uint32": 4, "float64": 8, "uuid": 16,
}  # fmt: skip

PRIMITIVES = frozenset({*FIXED_FORMATS, "string", "bytes", "records"})

ZERO_UUID = bytes(16)


class _NoDefault:
    """Marks a field whose definition gives no default, so the type's default applies."""

    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()


@dataclass(frozen=True, slots=True)
class Versions:
    """An inclusive version range; ``hi=None`` is open-ended and ``lo > hi`` is empty."""

    lo: int
    hi: int | None

    @classmethod
    def parse(cls, text: str) -> Versions:
        """Parse ``"3+"``, ``"0-7"``, ``"5"`` or ``"none"`` (the JSON specs' notation)."""
        text = text.strip()
        if text == "none":
            return NO_VERSIONS
        if text.endswith("+"):
            return cls(int(text[:-1]), None)
        lo, _, hi = text.partition("-")
        return cls(int(lo), int(hi or lo))

    def __contains__(self, version: object) -> bool:
        if not isinstance(version, int):
            return False
        return self.lo <= version and (self.hi is None or version <= self.hi)

    def __str__(self) -> str:
        if self.hi is None:
            return f"{self.lo}+"
        if self.lo > self.hi:
            return "none"
        return str(self.lo) if self.lo == self.hi else f"{self.lo}-{self.hi}"


NO_VERSIONS = Versions(1, 0)
ALL_VERSIONS = Versions(0, None)


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One field: its wire type and, per version, whether it is present, nullable or tagged."""

    name: str
    type: str  # a primitive name or a struct name; the element type when ``array``
    array: bool
    versions: Versions
    nullable: Versions = NO_VERSIONS
    tag: int | None = None
    tagged: Versions = NO_VERSIONS
    default: Any = NO_DEFAULT
    flexible: Versions | None = None  # field-level override (RequestHeader.ClientId: "none")
    struct: StructDef | None = None

    @property
    def type_name(self) -> str:
        """The type as the JSON specs spell it, e.g. ``[]int32`` or ``[]MetadataTopic``."""
        return f"[]{self.type}" if self.array else self.type

    def present(self, version: int) -> bool:
        return version in self.versions

    def is_tagged(self, version: int) -> bool:
        return self.tag is not None and version in self.tagged

    def is_nullable(self, version: int) -> bool:
        return version in self.nullable

    def is_fixed(self) -> bool:
        """True for a scalar of fixed width (batched into one ``struct`` call)."""
        return not self.array and self.type in FIXED_FORMATS


@dataclass(frozen=True, slots=True)
class StructDef:
    """An ordered list of fields; the field order is the wire order."""

    name: str
    fields: tuple[FieldDef, ...]

    def regular_fields(self, version: int) -> list[FieldDef]:
        """Fields written in order at ``version`` (present and not tagged)."""
        return [f for f in self.fields if f.present(version) and not f.is_tagged(version)]

    def tagged_fields(self, version: int) -> list[FieldDef]:
        """Tagged fields at ``version``, by ascending tag."""
        found = [f for f in self.fields if f.present(version) and f.is_tagged(version)]
        return sorted(found, key=lambda f: f.tag or 0)


@dataclass(frozen=True, slots=True)
class MessageDef:
    """A request, response, header or data struct, with the versions we implement."""

    name: str
    kind: str  # "request", "response", "header" or "data"
    api_key: int | None
    valid: Versions
    flexible: Versions
    root: StructDef

    @property
    def min_version(self) -> int:
        return self.valid.lo

    @property
    def max_version(self) -> int:
        assert self.valid.hi is not None, f"{self.name}: validVersions must be closed"
        return self.valid.hi

    def versions(self) -> range:
        return range(self.min_version, self.max_version + 1)

    def is_flexible(self, version: int) -> bool:
        return version in self.flexible


@dataclass(frozen=True, slots=True)
class ApiDef:
    """One API key: its request and response definitions (which share their versions)."""

    key: int
    name: str
    request: MessageDef
    response: MessageDef


def field_is_flexible(field: FieldDef, message_flexible: bool, version: int) -> bool:
    """Whether ``field`` uses compact encodings at ``version`` (honours field overrides)."""
    if field.flexible is not None:
        return version in field.flexible
    return message_flexible


def default_value(field: FieldDef, version: int) -> Any:
    """A fresh value for ``field`` at ``version`` when a body leaves it out.

    The definition's explicit default wins. Otherwise a field nullable in this version is null
    (so an omitted Metadata topic list, DescribeConfigs key list or DescribeAcls filter means
    "all", and an omitted CreatePartitions assignment lets the broker choose); otherwise
    numbers are 0, bools false, strings and bytes empty, uuids all-zero, arrays empty and
    structs carry their own fields' defaults.
    """
    if field.default is not NO_DEFAULT:
        return field.default
    if field.is_nullable(version):
        return None
    if field.array:
        return []
    if field.struct is not None:
        return struct_default(field.struct, version)
    return type_default(field.type)


def type_default(type_name: str) -> Any:
    """The implicit default of a primitive type."""
    if type_name == "string":
        return ""
    if type_name == "bytes":
        return b""
    if type_name == "records":
        return None
    if type_name == "uuid":
        return ZERO_UUID
    if type_name == "bool":
        return False
    if type_name == "float64":
        return 0.0
    return 0


def struct_default(struct: StructDef, version: int) -> dict[str, Any]:
    """A struct with every field present at ``version`` set to its default."""
    return {f.name: default_value(f, version) for f in struct.fields if f.present(version)}


def iter_structs(struct: StructDef) -> list[StructDef]:
    """``struct`` and every struct nested in it, depth first."""
    found = [struct]
    for field in struct.fields:
        if field.struct is not None:
            found.extend(iter_structs(field.struct))
    return found
