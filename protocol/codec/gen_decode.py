"""Generate one flat decode function per (message, version).

The function has the signature ``decode(d: bytes, p: int) -> (dict, p)``. Structs and arrays of
structs are inlined as nested loops; every length is checked against the bytes left before it
is used, so truncated or hostile input cannot make it allocate or loop without bound. Index and
``struct`` errors from reading past the end are turned into ``ProtocolDecodeError`` by the
caller (one ``try`` around the whole message, which is free in CPython 3.11).
"""

from __future__ import annotations

from protocol.codec.codegen import (
    SMALL_ARRAY,
    CodeWriter,
    DecodeFn,
    array_structs,
    element_min_size,
)
from protocol.codec.schema import (
    FIXED_FORMATS,
    FIXED_SIZES,
    FieldDef,
    MessageDef,
    StructDef,
    field_is_flexible,
)


class DecoderWriter(CodeWriter):
    """Writes the decode function for one message version."""

    def __init__(self, message: MessageDef, version: int) -> None:
        super().__init__(message, version, "decode")

    def build(self) -> DecodeFn:
        self.line(0, "def decode(d, p):")
        self.line(1, "L = len(d)")
        self.struct(self.message.root, 1, "r", "")
        self.line(1, "return r, p")
        return self.compile("decode")

    def fail(self, indent: int, why: str) -> None:
        self.line(indent, f"raise _E({f'{self.where}: {why}'!r})")

    def uvarint(self, indent: int, target: str, two_bytes: bool = False) -> None:
        """Inline the 1-byte (and optionally 2-byte) case of an unsigned varint.

        Lengths of records and values often need two bytes (128 B to 16 KiB); a call to the
        general reader costs more than the rest of reading such a field.
        """
        self.line(indent, f"{target} = d[p]")
        self.line(indent, f"if {target} < 128:")
        self.line(indent + 1, "p += 1")
        if two_bytes:
            self.line(indent, "elif d[p + 1] < 128:")
            self.line(indent + 1, f"{target} = ({target} & 127) | (d[p + 1] << 7)")
            self.line(indent + 1, "p += 2")
        self.line(indent, "else:")
        self.line(indent + 1, f"{target}, p = _uv(d, p)")

    def struct(self, sd: StructDef, indent: int, out: str, path: str) -> None:
        """Decode ``sd`` at the current position and bind the resulting dict to ``out``."""
        names: dict[str, str] = {}
        regular = sd.regular_fields(self.version)
        i = 0
        while i < len(regular):
            if regular[i].is_fixed():
                j = i
                while j < len(regular) and regular[j].is_fixed():
                    j += 1
                self.fixed_run(regular[i:j], indent, names)
                i = j
            else:
                names[regular[i].name] = target = self.var()
                self.value(regular[i], indent, target, path)
                i += 1
        if self.flexible:
            self.tagged_section(sd, indent, names, path)
        items = ", ".join(f"{f.name!r}: {names[f.name]}" for f in sd.fields if f.name in names)
        self.line(indent, f"{out} = {{{items}}}")

    def fixed_run(self, run: list[FieldDef], indent: int, names: dict[str, str]) -> None:
        """Read adjacent fixed-width fields with one ``unpack_from``."""
        targets = [names.get(f.name) or self.var() for f in run]
        fmt = "".join(FIXED_FORMATS[f.type] for f in run)
        size = sum(FIXED_SIZES[f.type] for f in run)
        self.line(indent, f"{', '.join(targets)}, = {self.struct_fmt(fmt)}.unpack_from(d, p)")
        self.line(indent, f"p += {size}")
        names.update(zip((f.name for f in run), targets, strict=True))

    def value(self, field: FieldDef, indent: int, target: str, path: str) -> None:
        """Decode one non-tagged-section value of ``field`` into ``target``."""
        label = path + field.name
        if field.array:
            self.array(field, indent, target, label)
        elif field.struct is not None:
            if field.is_nullable(self.version):
                self.line(indent, "if d[p] >= 128:")
                self.line(indent + 1, "p += 1")
                self.line(indent + 1, f"{target} = None")
                self.line(indent, "else:")
                self.line(indent + 1, "p += 1")
                self.struct(field.struct, indent + 1, target, label + ".")
            else:
                self.struct(field.struct, indent, target, label + ".")
        elif field.is_fixed():
            self.fixed_run([field], indent, {field.name: target})
        else:
            self.blob(field, indent, target, label)

    def length(self, field: FieldDef, indent: int, target: str, int16: bool) -> None:
        """Read a length or count into ``target``; -1 (or less) means null."""
        if field_is_flexible(field, self.flexible, self.version):
            self.uvarint(indent, target, two_bytes=True)
            self.line(indent, f"{target} -= 1")
        elif int16:
            self.line(indent, f"{target}, = _I16.unpack_from(d, p)")
            self.line(indent, "p += 2")
        else:
            self.line(indent, f"{target}, = _I32.unpack_from(d, p)")
            self.line(indent, "p += 4")

    def null_or_fail(self, field: FieldDef, indent: int, target: str, label: str) -> None:
        if field.is_nullable(self.version):
            self.line(indent, f"{target} = None")
        else:
            self.fail(indent, f"non-nullable field {label} is null")

    def blob(self, field: FieldDef, indent: int, target: str, label: str) -> None:
        """A string, bytes or records value: length, bounds check, slice."""
        self.length(field, indent, target, int16=field.type == "string")
        self.line(indent, f"if {target} < 0:")
        self.null_or_fail(field, indent + 1, target, label)
        self.line(indent, "else:")
        self.line(indent + 1, f"e = p + {target}")
        self.line(indent + 1, "if e > L:")
        self.fail(indent + 2, f"{label} runs past the end of the data")
        read = "d[p:e].decode()" if field.type == "string" else "d[p:e]"
        self.line(indent + 1, f"{target} = {read}")
        self.line(indent + 1, "p = e")

    def array(self, field: FieldDef, indent: int, target: str, label: str) -> None:
        count = self.var("n")
        self.length(field, indent, count, int16=False)
        self.line(indent, f"if {count} < 0:")
        self.null_or_fail(field, indent + 1, target, label)
        self.line(indent, "else:")
        inner = indent + 1
        smallest = element_min_size(field, self.version, self.flexible)
        if smallest < 1:
            raise ValueError(f"{self.where}: elements of {label} can be empty; cannot bound")
        self.line(inner, f"if {count} * {smallest} > L - p:")
        self.fail(inner + 1, f"{label} count exceeds the bytes left")
        if field.type in FIXED_FORMATS and field.type != "uuid":
            fmt, size = FIXED_FORMATS[field.type], FIXED_SIZES[field.type]
            self.line(inner, f"if {count} < {SMALL_ARRAY}:")
            self.line(inner + 1, f"{target} = list({array_structs(fmt)}[{count}].unpack_from(d, p))")
            self.line(inner, "else:")
            self.line(inner + 1, f'{target} = list(_unpack_from(">%d{fmt}" % {count}, d, p))')
            self.line(inner, f"p += {count} * {size}")
            return
        item = self.var("x")
        self.line(inner, f"{target} = []")
        self.line(inner, f"for _ in range({count}):")
        if field.struct is not None:
            self.struct(field.struct, inner + 1, item, label + "[].")
        elif field.type == "uuid":
            self.line(inner + 1, f"{item} = d[p:p + 16]")
            self.line(inner + 1, "p += 16")
        else:
            self.blob(field, inner + 1, item, label + "[]")
        self.line(inner + 1, f"{target}.append({item})")

    def tagged_section(self, sd: StructDef, indent: int, names: dict[str, str], path: str) -> None:
        """Read the tagged-field section: known tags decoded, unknown ones skipped."""
        tagged = sd.tagged_fields(self.version)
        for field in tagged:
            names[field.name] = target = self.var()
            self.line(indent, f"{target} = {self.default_source(field)}")
        count, tag, size, end = self.var("t"), self.var("tag"), self.var("sz"), self.var("te")
        where = path.rstrip(".") or "the body"
        # Sections are almost always empty: test the zero byte first, decode the count after.
        self.line(indent, "if d[p]:")
        body = indent + 2
        self.line(indent + 1, f"{count}, p = _uv(d, p)")
        self.line(indent + 1, f"for _ in range({count}):")
        self.uvarint(body, tag)
        self.uvarint(body, size)
        self.line(body, f"{end} = p + {size}")
        self.line(body, f"if {end} > L:")
        self.fail(body + 1, f"a tagged field of {where} runs past the end")
        keyword = "if"
        for field in tagged:
            self.line(body, f"{keyword} {tag} == {field.tag}:")
            self.value(field, body + 1, names[field.name], path)
            self.line(body + 1, f"if p != {end}:")
            self.fail(body + 2, f"tagged field {path}{field.name} has the wrong size")
            keyword = "elif"
        if tagged:
            self.line(body, "else:")
            self.line(body + 1, f"p = {end}")
        else:
            self.line(body, f"p = {end}")
        self.line(indent, "else:")
        self.line(indent + 1, "p += 1")


def build_decoder(message: MessageDef, version: int) -> DecodeFn:
    """Compile the decoder for ``message`` at ``version``."""
    return DecoderWriter(message, version).build()
