"""A compact text form for message definitions, one line per field.

Each message is written once, like franz-go's DSL, in an indented block::

    topics: [MetadataRequestTopic] nullable=1+
      topic_id: uuid v10+
      name: string nullable=10+
    allow_auto_topic_creation: bool v4+ default=true

A line is ``name: type`` and then optional attributes:

- ``v<range>``: versions the field exists in (``v3+``, ``v0-7``, ``v5``); default ``v0+``;
- ``nullable=<range>``: versions in which it may be null;
- ``tag=<n>@<range>``: a tagged field with tag ``n`` in those (flexible) versions;
- ``default=<value>``: ``null``, ``true``/``false``, an integer (``-1``, ``0x7fffffff``), or a
  quoted string; without it the type's default applies (0, "", false, [], ...);
- ``flex=<range>``: overrides the message's flexible versions for this one field.

Types are primitives (``int8`` ... ``float64``, ``bool``, ``uuid``, ``string``, ``bytes``,
``records``), ``[T]`` for arrays, or a capitalised struct name. A struct's fields follow,
indented, unless the struct is a common one, defined at the top level by ``struct Name``
followed by its indented fields.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from protocol.codec.schema import (
    NO_DEFAULT,
    NO_VERSIONS,
    PRIMITIVES,
    ApiDef,
    FieldDef,
    MessageDef,
    StructDef,
    Versions,
)


class DefinitionError(ValueError):
    """A message definition does not parse; raised at import, so a typo fails loudly."""


_FIELD = re.compile(
    r"(?P<name>[a-z][a-z0-9_]*): (?P<type>\[[A-Za-z][A-Za-z0-9]*\]|[A-Za-z][A-Za-z0-9]*)"
    r"(?P<attrs>(?: +\S+)*)$"
)
_STRUCT = re.compile(r"struct (?P<name>[A-Z][A-Za-z0-9]*)$")
_RANGE = r"(?:none|\d+\+|\d+-\d+|\d+)"
_ATTR = re.compile(
    rf"v(?P<v>{_RANGE})|nullable=(?P<nullable>{_RANGE})|tag=(?P<tag>\d+)@(?P<tagged>{_RANGE})"
    rf"|default=(?P<default>\S+)|flex=(?P<flex>{_RANGE})"
)


@dataclass
class _Line:
    number: int
    indent: int
    text: str
    children: list[_Line] = field(default_factory=list)


def _lines_to_tree(text: str) -> list[_Line]:
    roots: list[_Line] = []
    stack: list[_Line] = []
    for number, raw in enumerate(textwrap.dedent(text).splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        line = _Line(number, len(raw) - len(raw.lstrip()), stripped)
        while stack and stack[-1].indent >= line.indent:
            stack.pop()
        (stack[-1].children if stack else roots).append(line)
        stack.append(line)
    return roots


def _parse_default(token: str, type_name: str, array: bool) -> Any:
    if token == "null":
        return None
    if array:
        raise DefinitionError(f"arrays only take default=null, not {token!r}")
    if type_name == "bool":
        if token not in ("true", "false"):
            raise DefinitionError(f"bool default must be true or false, not {token!r}")
        return token == "true"
    if type_name == "float64":
        return float(token)
    if type_name == "string":
        return ast.literal_eval(token) if token[0] in "'\"" else token
    return int(token, 0)


class _Parser:
    def __init__(self, owner: str, text: str) -> None:
        self.owner = owner
        roots = _lines_to_tree(text)
        self.field_lines = [r for r in roots if not _STRUCT.match(r.text)]
        self.common_lines: dict[str, _Line] = {}
        self.common: dict[str, StructDef] = {}
        for root in roots:
            match = _STRUCT.match(root.text)
            if match:
                self.common_lines[match["name"]] = root

    def fail(self, line: _Line, why: str) -> DefinitionError:
        return DefinitionError(f"{self.owner}, line {line.number} ({line.text!r}): {why}")

    def struct(self, name: str, lines: list[_Line]) -> StructDef:
        fields = tuple(self.field(line) for line in lines)
        names = [f.name for f in fields]
        if len(set(names)) != len(names):
            raise DefinitionError(f"{self.owner}: duplicate field names in {name}")
        return StructDef(name, fields)

    def common_struct(self, name: str, line: _Line) -> StructDef:
        if name not in self.common:
            if name not in self.common_lines:
                raise self.fail(line, f"struct {name} has no fields and is not a common struct")
            self.common[name] = self.struct(name, self.common_lines[name].children)
        return self.common[name]

    def field(self, line: _Line) -> FieldDef:
        match = _FIELD.match(line.text)
        if not match:
            raise self.fail(line, "expected 'name: type attributes...'")
        type_text = match["type"]
        array = type_text.startswith("[")
        type_name = type_text.strip("[]")
        attrs: dict[str, str] = {}
        for token in match["attrs"].split():
            attr = _ATTR.fullmatch(token)
            if not attr:
                raise self.fail(line, f"unknown attribute {token!r}")
            attrs.update({k: v for k, v in attr.groupdict().items() if v is not None})
        struct = None
        if type_name in PRIMITIVES:
            if line.children:
                raise self.fail(line, f"{type_name} cannot have nested fields")
        elif not type_name[0].isupper():
            raise self.fail(line, f"unknown type {type_name!r}")
        elif line.children:
            struct = self.struct(type_name, line.children)
        else:
            struct = self.common_struct(type_name, line)
        try:
            default = _parse_default(attrs["default"], type_name, array) if "default" in attrs else NO_DEFAULT
        except (ValueError, SyntaxError) as exc:
            raise self.fail(line, str(exc)) from None
        return FieldDef(
            name=match["name"],
            type=type_name,
            array=array,
            versions=Versions.parse(attrs.get("v", "0+")),
            nullable=Versions.parse(attrs["nullable"]) if "nullable" in attrs else NO_VERSIONS,
            tag=int(attrs["tag"]) if "tag" in attrs else None,
            tagged=Versions.parse(attrs["tagged"]) if "tagged" in attrs else NO_VERSIONS,
            default=default,
            flexible=Versions.parse(attrs["flex"]) if "flex" in attrs else None,
            struct=struct,
        )


def parse_struct(name: str, text: str) -> StructDef:
    """Parse a block of field lines (plus any common ``struct`` blocks) into a struct."""
    parser = _Parser(name, text)
    return parser.struct(name, parser.field_lines)


def define_message(
    name: str,
    kind: str,
    *,
    valid: str,
    flexible: str,
    fields: str,
    api_key: int | None = None,
) -> MessageDef:
    """Define a header or data struct (or one side of an API) from its field block."""
    return MessageDef(
        name=name,
        kind=kind,
        api_key=api_key,
        valid=Versions.parse(valid),
        flexible=Versions.parse(flexible),
        root=parse_struct(name, fields),
    )


def define_api(name: str, key: int, *, valid: str, flexible: str, request: str, response: str) -> ApiDef:
    """Define one API key: ``valid`` lists the versions we implement, for both directions."""
    return ApiDef(
        key=key,
        name=name,
        request=define_message(
            f"{name}Request", "request", valid=valid, flexible=flexible, fields=request,
            api_key=key,
        ),
        response=define_message(
            f"{name}Response", "response", valid=valid, flexible=flexible, fields=response,
            api_key=key,
        ),
    )  # fmt: skip
