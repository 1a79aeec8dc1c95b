"""Payload formats: what the user types (text, JSON, hex, Base64, a file, null) and the bytes sent.

JSON is sent exactly as typed (never re-serialised), once it parses; a problem carries the
line and column where it is, so the form can point at it.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Format = Literal["text", "json", "hex", "base64", "file", "null"]
KEY_FORMATS: tuple[Format, ...] = ("text", "json", "hex", "base64")
VALUE_FORMATS: tuple[Format, ...] = ("text", "json", "hex", "base64", "file", "null")
HEADER_FORMATS: tuple[Format, ...] = ("text", "hex", "base64", "null")
LABELS: dict[Format, str] = {"text": "Text", "json": "JSON", "hex": "Hex", "base64": "Base64",
                             "file": "File", "null": "Null"}
FILE_LIMIT = 64 * 1024 * 1024
"""Larger files are refused before reading: no broker accepts them in one record by default."""
HEX_SPACING = re.compile(r"[\s:]")
HEX_PREFIX = re.compile(r"\s*0[xX]")
HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


class PayloadError(ValueError):
    """A field's text does not encode in its format; ``line``/``column`` (1-based) locate it."""

    def __init__(self, field: str, problem: str, line: int | None = None, column: int | None = None) -> None:
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"{field}{where}: {problem}")
        self.field, self.problem, self.line, self.column = field, problem, line, column


@dataclass(frozen=True, slots=True)
class Payload:
    """A key or value as typed: its text (for ``file``: the path) and its format."""

    text: str = ""
    format: Format = "text"


def encode(text: str, fmt: Format, field: str = "Value") -> bytes | None:
    """The bytes ``text`` stands for in ``fmt``; raises :class:`PayloadError` with a sentence."""
    if fmt == "null":
        return None
    if fmt == "text":
        return text.encode("utf-8", "surrogatepass")
    if fmt == "json":
        check_json(text, field)
        return text.encode("utf-8")
    if fmt == "hex":
        return _hex(text, field)
    if fmt == "base64":
        return _base64(text, field)
    raise PayloadError(field, "a file is read when sending, not encoded from text")


def check_json(text: str, field: str = "Value") -> None:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        problem = "it is empty, which is not JSON" if not text.strip() else f"not valid JSON ({exc.msg})"
        raise PayloadError(field, problem, exc.lineno, exc.colno) from None


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _hex(text: str, field: str) -> bytes:
    prefix = HEX_PREFIX.match(text)
    scan = " " * prefix.end() + text[prefix.end():] if prefix else text
    for offset, char in enumerate(scan):
        if char not in HEX_DIGITS and not HEX_SPACING.match(char):
            line, column = _position(text, offset)
            raise PayloadError(field, f"“{char}” is not a hex digit", line, column)
    digits = HEX_SPACING.sub("", scan)
    if len(digits) % 2:
        raise PayloadError(field, f"an odd number of hex digits ({len(digits)}): each byte takes two")
    return bytes.fromhex(digits)


def _base64(text: str, field: str) -> bytes:
    compact = "".join(text.split())
    alphabet = compact.replace("-", "+").replace("_", "/")  # the URL-safe alphabet too
    for offset, char in enumerate(text):
        if not (char.isspace() or (char.isalnum() and char.isascii()) or char in "+/=-_"):
            line, column = _position(text, offset)
            raise PayloadError(field, f"“{char}” is not a Base64 character", line, column)
    try:
        return base64.b64decode(alphabet + "=" * (-len(alphabet) % 4), validate=True)
    except binascii.Error as exc:
        raise PayloadError(field, f"not valid Base64 ({exc})") from None


def read_file(path: str, field: str = "Value", limit: int = FILE_LIMIT) -> bytes:
    """The file's bytes (blocking: call it in a thread); a missing or huge file is a sentence."""
    if not path.strip():
        raise PayloadError(field, "choose a file to send")
    file = Path(path).expanduser()
    try:
        size = file.stat().st_size
        if not file.is_file():
            raise PayloadError(field, f"“{file}” is not a file")
        if size > limit:
            raise PayloadError(field, f"“{file.name}” has {size:,} bytes; at most {limit:,} can be sent")
        return file.read_bytes()
    except OSError as exc:
        raise PayloadError(field, f"“{file}” cannot be read ({exc.strerror or exc})") from None


def editable(data: bytes | None, *, key: bool = False) -> Payload:
    """How to show ``data`` in the form so that sending it again gives the same bytes.

    UTF-8 without control characters (other than newline and tab) is text, or JSON when it
    parses as an object or array; anything else is hex (short) or Base64. A null value is
    ``null``; a null key is an empty Text key (the form's way of saying "no key").
    """
    if data is None:
        return Payload("", "text" if key else "null")
    if not data and key:
        return Payload("", "hex")  # an empty, non-null key
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and all(c in "\n\t" or c.isprintable() for c in text) and "\r" not in text:
        stripped = text.lstrip()
        if stripped[:1] in ("{", "["):
            try:
                json.loads(text)
                return Payload(text, "json")
            except ValueError:
                pass
        return Payload(text, "text")
    if len(data) <= 256:
        return Payload(data.hex(" "), "hex")
    return Payload(base64.b64encode(data).decode("ascii"), "base64")


def preview(data: bytes | None, limit: int = 80) -> str:
    """A one-line summary of ``data`` for the history."""
    if data is None:
        return "null"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        shown = data[: limit // 3].hex(" ")
        return f"{shown}{' …' if len(data) > limit // 3 else ''} ({len(data):,} bytes)"
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
