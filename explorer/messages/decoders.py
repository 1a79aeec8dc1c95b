"""How bytes become text: UTF-8 text, JSON, hex and base64, for previews and the detail pane.

Every decoder shows any bytes: text marks invalid UTF-8 as ``\\xNN``; JSON that does not parse
falls back to text. Previews are one line and short, for table cells; full renderings are for
the detail pane and are capped so a 50 MB value cannot freeze the window.
"""

from __future__ import annotations

import base64
import binascii
import json
from enum import StrEnum

PREVIEW_CHARS = 160
"""A table cell never shows more than this many characters."""
PREVIEW_SOURCE_BYTES = 4096
"""Only this much of a value is decoded for its preview (a preview of a 10 MB value is cheap)."""
FULL_LIMIT_BYTES = 1024 * 1024
"""The detail pane renders at most this much of a value."""


class Decoder(StrEnum):
    TEXT = "text"
    JSON = "json"
    HEX = "hex"
    BASE64 = "base64"

    @property
    def label(self) -> str:
        return {"text": "Text", "json": "JSON", "hex": "Hex", "base64": "Base64"}[self.value]


DECODERS = tuple(Decoder)
NULL = "(null)"
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(32), 127) if chr(c) not in "\n\r\t"}
_ONE_LINE = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def as_text(data: bytes) -> str:
    """UTF-8, with every invalid byte and control character (but newline, tab) written ``\\xNN``."""
    return data.decode("utf-8", errors="backslashreplace").translate(_CONTROLS)


def as_hex(data: bytes, *, spaced: bool = True) -> str:
    return data.hex(" ") if spaced else data.hex()


def hex_dump(data: bytes, width: int = 16) -> str:
    """Offset, hex bytes and printable ASCII, ``width`` bytes a line (the detail pane's hex view)."""
    lines = []
    for start in range(0, len(data), width):
        row = data[start : start + width]
        text = "".join(chr(b) if 32 <= b < 127 else "." for b in row)
        lines.append(f"{start:08x}  {row.hex(' '):<{width * 3 - 1}}  {text}")
    return "\n".join(lines)


def as_base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def parse_json(data: bytes) -> object:
    """The JSON value in ``data``; raises ValueError when it is not JSON."""
    return json.loads(data)


def pretty_json(data: bytes) -> str | None:
    """Indented JSON, or None when ``data`` is not JSON."""
    try:
        value = parse_json(data)
    except ValueError:
        return None
    return json.dumps(value, indent=2, ensure_ascii=False)


def render(data: bytes | None, decoder: Decoder) -> str:
    """The full rendering for the detail pane (capped at :data:`FULL_LIMIT_BYTES`)."""
    if data is None:
        return NULL
    cut = len(data) > FULL_LIMIT_BYTES
    shown = data[:FULL_LIMIT_BYTES] if cut else data
    if decoder is Decoder.JSON:
        text = None if cut else pretty_json(shown)
        text = as_text(shown) if text is None else text
    elif decoder is Decoder.HEX:
        text = hex_dump(shown)
    elif decoder is Decoder.BASE64:
        text = as_base64(shown)
    else:
        text = as_text(shown)
    if cut:
        text += f"\n… ({len(data) - FULL_LIMIT_BYTES:,} more bytes not shown)"
    return text


def preview(data: bytes | None, decoder: Decoder) -> str:
    """One short line for a table cell."""
    if data is None:
        return NULL
    source = data[:PREVIEW_SOURCE_BYTES]
    if decoder is Decoder.HEX:
        text = as_hex(source[: PREVIEW_CHARS // 3 + 1])
    elif decoder is Decoder.BASE64:
        text = as_base64(source[: PREVIEW_CHARS // 4 * 3 + 3])
    elif decoder is Decoder.JSON and len(data) <= PREVIEW_SOURCE_BYTES:
        text = _compact_json(source)
    else:
        text = as_text(source)
    text = text.translate(_ONE_LINE)
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def _compact_json(data: bytes) -> str:
    try:
        return json.dumps(parse_json(data), separators=(",", ":"), ensure_ascii=False)
    except ValueError:
        return as_text(data)


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is not valid UTF-8 (the exports then write base64)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def from_base64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError(f"not valid base64: {exc}") from None
