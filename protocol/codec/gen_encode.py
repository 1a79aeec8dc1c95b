"""Generate one flat encode function per (message, version).

The function has the signature ``encode(w: bytearray, m: Mapping) -> None`` and appends the
body to ``w``. Missing keys take their spec default (``m.get(name, default)``), keys for fields
absent in this version are never read, and tagged fields are written only when they differ from
their default, in ascending tag order.
"""

from __future__ import annotations

from protocol.codec.codegen import SMALL_ARRAY, CodeWriter, EncodeFn, array_structs
from protocol.codec.primitives import uvarint_bytes
from protocol.codec.schema import (
    FIXED_FORMATS,
    FieldDef,
    MessageDef,
    StructDef,
    default_value,
    field_is_flexible,
)


class EncoderWriter(CodeWriter):
    """Writes the encode function for one message version."""

    def __init__(self, message: MessageDef, version: int) -> None:
        super().__init__(message, version, "encode")
        self.namespace["_EMPTY"] = {}

    def build(self) -> EncodeFn:
        self.line(0, "def encode(w, m):")
        self.struct(self.message.root, 1, "m", "w", "")
        self.line(1, "return None")
        return self.compile("encode")

    def fail(self, indent: int, why: str) -> None:
        self.line(indent, f"raise _EE({f'{self.where}: {why}'!r})")

    def uvarint(self, indent: int, buf: str, expr: str) -> None:
        """Append an unsigned varint, inlining the 1-byte case."""
        value = self.var("u")
        self.line(indent, f"{value} = {expr}")
        self.line(indent, f"if {value} < 128:")
        self.line(indent + 1, f"{buf}.append({value})")
        self.line(indent, f"elif {value} < 16384:")
        self.line(indent + 1, f"{buf}.append(({value} & 127) | 128)")
        self.line(indent + 1, f"{buf}.append({value} >> 7)")
        self.line(indent, "else:")
        self.line(indent + 1, f"{buf} += _uvb({value})")

    def missing(self, field: FieldDef, tagged: bool) -> str:
        """Source for the value used when the caller left ``field`` out."""
        default = default_value(field, self.version)
        if field.array:
            return "None" if default is None else "()"
        if field.struct is not None:
            if default is None:
                return "None"
            return self.const(default, "_D") if tagged else "_EMPTY"
        return repr(default)

    def get(self, field: FieldDef, src: str, tagged: bool = False) -> str:
        return f"{src}.get({field.name!r}, {self.missing(field, tagged)})"

    def struct(self, sd: StructDef, indent: int, src: str, buf: str, path: str) -> None:
        """Append struct ``sd`` read from the mapping named ``src`` to ``buf``."""
        regular = sd.regular_fields(self.version)
        i = 0
        while i < len(regular):
            if regular[i].is_fixed():
                j = i
                while j < len(regular) and regular[j].is_fixed():
                    j += 1
                self.fixed_run(regular[i:j], indent, src, buf)
                i = j
            else:
                value = self.var()
                self.line(indent, f"{value} = {self.get(regular[i], src)}")
                self.value(regular[i], indent, value, buf, path)
                i += 1
        if self.flexible:
            self.tagged_section(sd, indent, src, buf, path)

    def fixed_value(self, field: FieldDef, expr: str) -> str:
        return f"_uuidb({expr})" if field.type == "uuid" else expr

    def fixed_run(self, run: list[FieldDef], indent: int, src: str, buf: str) -> None:
        """Write adjacent fixed-width fields with one ``pack`` call."""
        fmt = "".join(FIXED_FORMATS[f.type] for f in run)
        args = ", ".join(self.fixed_value(f, self.get(f, src)) for f in run)
        self.line(indent, f"{buf} += {self.struct_fmt(fmt)}.pack({args})")

    def value(self, field: FieldDef, indent: int, value: str, buf: str, path: str) -> None:
        """Append the value held in local ``value`` for ``field``."""
        label = path + field.name
        if field.array:
            self.array(field, indent, value, buf, label)
        elif field.struct is not None:
            if field.is_nullable(self.version):
                self.line(indent, f"if {value} is None:")
                self.line(indent + 1, f"{buf}.append(255)")
                self.line(indent, "else:")
                self.line(indent + 1, f"{buf}.append(1)")
                self.struct(field.struct, indent + 1, value, buf, label + ".")
            else:
                self.struct(field.struct, indent, value, buf, label + ".")
        elif field.is_fixed():
            fmt = self.struct_fmt(FIXED_FORMATS[field.type])
            self.line(indent, f"{buf} += {fmt}.pack({self.fixed_value(field, value)})")
        else:
            self.blob(field, indent, value, buf, label)

    def null(self, field: FieldDef, indent: int, buf: str, label: str, int16: bool) -> None:
        if not field.is_nullable(self.version):
            self.fail(indent, f"field {label} is not nullable")
        elif field_is_flexible(field, self.flexible, self.version):
            self.line(indent, f"{buf}.append(0)")
        else:
            marker = b"\xff\xff" if int16 else b"\xff\xff\xff\xff"
            self.line(indent, f"{buf} += {marker!r}")

    def length(self, field: FieldDef, indent: int, buf: str, expr: str, int16: bool) -> None:
        if field_is_flexible(field, self.flexible, self.version):
            self.uvarint(indent, buf, f"{expr} + 1")
        else:
            self.line(indent, f"{buf} += {'_I16' if int16 else '_I32'}.pack({expr})")

    def blob(self, field: FieldDef, indent: int, value: str, buf: str, label: str) -> None:
        """A string, bytes or records value: null marker, or length and payload."""
        is_string = field.type == "string"
        self.line(indent, f"if {value} is None:")
        self.null(field, indent + 1, buf, label, int16=is_string)
        self.line(indent, "else:")
        if is_string:
            self.line(indent + 1, f"{value} = {value}.encode()")
        self.length(field, indent + 1, buf, f"len({value})", int16=is_string)
        self.line(indent + 1, f"{buf} += {value}")

    def array(self, field: FieldDef, indent: int, value: str, buf: str, label: str) -> None:
        self.line(indent, f"if {value} is None:")
        self.null(field, indent + 1, buf, label, int16=False)
        self.line(indent, "else:")
        inner = indent + 1
        self.length(field, inner, buf, f"len({value})", int16=False)
        if field.type in FIXED_FORMATS and field.type != "uuid":
            fmt = FIXED_FORMATS[field.type]
            self.line(inner, f"if len({value}) < {SMALL_ARRAY}:")
            self.line(inner + 1, f"{buf} += {array_structs(fmt)}[len({value})].pack(*{value})")
            self.line(inner, "else:")
            self.line(inner + 1, f'{buf} += _pack(">%d{fmt}" % len({value}), *{value})')
            return
        item = self.var("x")
        self.line(inner, f"for {item} in {value}:")
        if field.struct is not None:
            self.struct(field.struct, inner + 1, item, buf, label + "[].")
        elif field.type == "uuid":
            self.line(inner + 1, f"{buf} += _uuidb({item})")
        else:
            self.blob(field, inner + 1, item, buf, label + "[]")

    def not_default(self, field: FieldDef, value: str) -> str:
        """A condition true when a tagged field's value must be written."""
        default = default_value(field, self.version)
        if default is None:
            return f"{value} is not None"
        if field.array:
            return f"{value} is None or len({value}) > 0"
        if field.struct is not None:
            return f"{value} != {self.const(default, '_D')}"
        return f"{value} != {default!r}"

    def tagged_section(self, sd: StructDef, indent: int, src: str, buf: str, path: str) -> None:
        tagged = sd.tagged_fields(self.version)
        if not tagged:
            self.line(indent, f"{buf}.append(0)")
            return
        found = self.var("tg")
        self.line(indent, f"{found} = []")
        for field in tagged:
            value, inner_buf = self.var(), self.var("tb")
            self.line(indent, f"{value} = {self.get(field, src, tagged=True)}")
            self.line(indent, f"if {self.not_default(field, value)}:")
            self.line(indent + 1, f"{inner_buf} = bytearray()")
            self.value(field, indent + 1, value, inner_buf, path)
            tag_bytes = uvarint_bytes(field.tag or 0)
            self.line(indent + 1, f"{found}.append(({tag_bytes!r}, {inner_buf}))")
        self.uvarint(indent, buf, f"len({found})")
        tag, payload = self.var("tag"), self.var("tp")
        self.line(indent, f"for {tag}, {payload} in {found}:")
        self.line(indent + 1, f"{buf} += {tag}")
        self.uvarint(indent + 1, buf, f"len({payload})")
        self.line(indent + 1, f"{buf} += {payload}")


def build_encoder(message: MessageDef, version: int) -> EncodeFn:
    """Compile the encoder for ``message`` at ``version``."""
    return EncoderWriter(message, version).build()
