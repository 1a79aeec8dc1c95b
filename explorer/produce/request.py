"""From a form to records: validate everything first, then build each copy's record lazily.

:func:`prepare` raises :class:`~explorer.produce.payload.PayloadError` on the first problem,
before anything is sent. With placeholders, the first and the last copy are checked (the
counter only ever puts digits in, so copies in between encode as those two do).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from explorer.produce.form import ProduceForm
from explorer.produce.payload import Format, Payload, PayloadError, encode, preview
from explorer.produce.placeholders import expand, has_placeholders
from explorer.produce.timestamps import parse_timestamp
from explorer.timefmt import TimeZoneMode

Header = tuple[str, bytes | None]
Record = tuple[bytes | None, bytes | None, list[Header], None, int | None]


@dataclass(frozen=True, slots=True)
class PreparedSend:
    """A checked form: what :func:`records` turns into ``copies`` records."""

    form: ProduceForm
    timestamp_ms: int | None

    @property
    def reads_file(self) -> bool:
        return self.form.value.format == "file"


def prepare(form: ProduceForm, mode: TimeZoneMode) -> PreparedSend:
    """Check every field; raises PayloadError (with line and column where that helps)."""
    if not form.topic.strip():
        raise PayloadError("Topic", "choose the topic to send to")
    if form.copies < 1:
        raise PayloadError("Copies", "send at least one copy")
    try:
        timestamp = parse_timestamp(form.timestamp, mode)
    except ValueError as exc:
        raise PayloadError("Timestamp", str(exc)) from None
    for index in sorted({0, form.copies - 1}):
        _key(form.key, index)
        if form.value.format != "file":
            _encode(form.value, "Value", index)
        _headers(form, index)
    return PreparedSend(form, timestamp)


def records(prepared: PreparedSend, file_data: bytes | None = None) -> Iterator[Record]:
    """The records to send, one per copy (constant parts encoded once)."""
    form = prepared.form
    key_varies = _varies(form.key)
    value_varies = form.value.format != "file" and _varies(form.value)
    headers_vary = any(_varies(Payload(h.value, h.format)) for h in form.headers)
    key = _key(form.key, 0)
    value = file_data if form.value.format == "file" else _encode(form.value, "Value", 0)
    headers = _headers(form, 0)
    for index in range(form.copies):
        if index:
            key = _key(form.key, index) if key_varies else key
            value = _encode(form.value, "Value", index) if value_varies else value
            headers = _headers(form, index) if headers_vary else headers
        yield key, value, headers, None, prepared.timestamp_ms


def previews(prepared: PreparedSend) -> tuple[str, str]:
    """One-line summaries of the first copy's key and value, for the history."""
    form = prepared.form
    key, value = next(records(prepared))[:2]
    if form.value.format == "file":
        return preview(key), f"file {Path(form.value.text).name}"
    return preview(key), preview(value)


def _varies(payload: Payload) -> bool:
    return payload.format in ("text", "json") and has_placeholders(payload.text)


def _encode(payload: Payload, field: str, index: int) -> bytes | None:
    text = expand(payload.text, index) if payload.format in ("text", "json") else payload.text
    return encode(text, payload.format, field)


def _key(payload: Payload, index: int) -> bytes | None:
    if payload.format == "text" and not payload.text:
        return None  # an empty Text key means "no key"
    return _encode(payload, "Key", index)


def _headers(form: ProduceForm, index: int) -> list[Header]:
    out: list[Header] = []
    for number, header in enumerate(form.headers, 1):
        if not header.name.strip():
            if header.value:
                raise PayloadError(f"Header {number}", "a header needs a name")
            continue
        fmt: Format = header.format
        out.append((header.name, _encode(Payload(header.value, fmt), f"Header “{header.name}”", index)))
    return out
