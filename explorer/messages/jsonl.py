"""The export format: one JSON object per record (JSONL), and the same fields as CSV columns.

Schema ``kafka-explorer-messages/1``, one line per record::

    {"topic": "orders", "partition": 0, "offset": 42,
     "timestamp": 1767225600123,                 # ms since 1970-01-01 UTC (what Kafka stores)
     "time": "2026-01-01T00:00:00.123+00:00",    # the same, for people, in the time zone setting
     "timestamp_type": "CreateTime",             # or "LogAppendTime"; null when not known
     "key": "order-1", "key_encoding": "utf8",   # key null: no key
     "value": "eyJpZCI6MX0=", "value_encoding": "base64",
     "headers": [{"name": "trace", "value": "abc", "encoding": "utf8"}]}

Bytes that are valid UTF-8 are written as text (``"utf8"``), anything else as base64
(``"base64"``), so every byte survives a round trip. Header names are text; header values may
be null. Import reads ``partition``, ``timestamp``, ``key``, ``value`` and ``headers`` (with
their encodings) and ignores ``time``, ``offset`` and ``topic``. CSV has the columns of
:data:`CSV_COLUMNS`, with ``headers`` holding the JSON list above.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from explorer.messages.decoders import as_base64, from_base64
from explorer.messages.store import MessageRecord
from explorer.timefmt import TimeZoneMode, to_datetime
from protocol.records import Headers, TimestampType

SCHEMA = "kafka-explorer-messages/1"
CSV_COLUMNS = (
    "topic",
    "partition",
    "offset",
    "timestamp",
    "time",
    "timestamp_type",
    "key",
    "key_encoding",
    "value",
    "value_encoding",
    "headers",
)
UTF8, BASE64 = "utf8", "base64"
_TYPE_NAMES = {TimestampType.CREATE_TIME: "CreateTime", TimestampType.LOG_APPEND_TIME: "LogAppendTime"}


@dataclass(frozen=True, slots=True)
class ImportedRecord:
    """One line of an export, as bytes again."""

    partition: int | None
    timestamp: int | None
    key: bytes | None
    value: bytes | None
    headers: Headers


def encode_bytes(data: bytes | None) -> tuple[str | None, str]:
    """(text, encoding) for ``data``: UTF-8 text when it is valid UTF-8, else base64."""
    if data is None:
        return None, UTF8
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        return as_base64(data), BASE64


def decode_bytes(text: str | None, encoding: str, what: str) -> bytes | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise ValueError(f"{what} must be a string or null")
    if encoding == UTF8:
        return text.encode("utf-8")
    if encoding == BASE64:
        return from_base64(text)
    raise ValueError(f"{what}: unknown encoding {encoding!r} (utf8 or base64)")


def iso_time(timestamp: int, mode: TimeZoneMode) -> str | None:
    if timestamp < 0:
        return None
    return to_datetime(timestamp / 1000, mode).isoformat(timespec="milliseconds")


def to_json(record: MessageRecord, mode: TimeZoneMode) -> dict[str, Any]:
    """The export object of a record (see the module docstring)."""
    key, key_encoding = encode_bytes(record.key)
    value, value_encoding = encode_bytes(record.value)
    headers = []
    for name, data in record.headers:
        text, encoding = encode_bytes(data)
        headers.append({"name": name, "value": text, "encoding": encoding})
    kind = None if record.batch is None else _TYPE_NAMES.get(record.batch.timestamp_type)
    return {
        "topic": record.topic,
        "partition": record.partition,
        "offset": record.offset,
        "timestamp": record.timestamp,
        "time": iso_time(record.timestamp, mode),
        "timestamp_type": kind,
        "key": key,
        "key_encoding": key_encoding,
        "value": value,
        "value_encoding": value_encoding,
        "headers": headers,
    }


def to_line(record: MessageRecord, mode: TimeZoneMode) -> str:
    return json.dumps(to_json(record, mode), ensure_ascii=False, separators=(",", ":"))


def to_csv_row(record: MessageRecord, mode: TimeZoneMode) -> list[str]:
    obj = to_json(record, mode)
    obj["headers"] = json.dumps(obj["headers"], ensure_ascii=False, separators=(",", ":"))
    return ["" if obj[c] is None else str(obj[c]) for c in CSV_COLUMNS]


def from_json(obj: Mapping[str, Any]) -> ImportedRecord:
    """Read one export object; raises ValueError saying what is wrong."""
    if not isinstance(obj, Mapping):
        raise ValueError("a line must hold a JSON object")
    partition = obj.get("partition")
    timestamp = obj.get("timestamp")
    for name, number in (("partition", partition), ("timestamp", timestamp)):
        if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
            raise ValueError(f"{name} must be a whole number")
    key = decode_bytes(obj.get("key"), obj.get("key_encoding", UTF8), "key")
    value = decode_bytes(obj.get("value"), obj.get("value_encoding", UTF8), "value")
    headers = []
    for entry in obj.get("headers") or ():
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            raise ValueError("each header must be an object with a text name")
        data = decode_bytes(entry.get("value"), entry.get("encoding", UTF8), f"header {entry['name']}")
        headers.append((entry["name"], data))
    return ImportedRecord(partition, timestamp, key, value, tuple(headers))


def from_line(line: str) -> ImportedRecord:
    try:
        obj = json.loads(line)
    except ValueError as exc:
        raise ValueError(f"not JSON: {exc}") from None
    return from_json(obj)
