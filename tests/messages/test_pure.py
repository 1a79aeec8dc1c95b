"""Qt-free pieces: decoders, the export schema, seek arithmetic, parsing input, the rate meter."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from explorer.messages.decoders import Decoder, hex_dump, preview, render
from explorer.messages.jsonl import from_line, to_csv_row, to_json, to_line
from explorer.messages.rate import RateMeter
from explorer.messages.seek import StartAt, parse_partitions, parse_time, start_offset
from explorer.messages.store import MessageRecord
from protocol.records import BatchInfo


def test_text_shows_invalid_bytes_as_escapes() -> None:
    assert render(b"caf\xc3\xa9 \xff\xfe!", Decoder.TEXT) == "café \\xff\\xfe!"
    assert preview(b"a\nb\tc", Decoder.TEXT) == "a b c"
    assert preview(None, Decoder.JSON) == "(null)"


def test_json_pretty_compact_and_fallback() -> None:
    data = b'{"id": 1, "tags": ["a", "b"]}'
    assert render(data, Decoder.JSON) == '{\n  "id": 1,\n  "tags": [\n    "a",\n    "b"\n  ]\n}'
    assert preview(data, Decoder.JSON) == '{"id":1,"tags":["a","b"]}'
    assert render(b"not json \xff", Decoder.JSON) == "not json \\xff"


def test_hex_and_base64() -> None:
    assert preview(b"\x00\x01AB", Decoder.HEX) == "00 01 41 42"
    assert preview(b"\x00\x01AB", Decoder.BASE64) == "AAFBQg=="
    assert hex_dump(b"ABC\x00") == "00000000  41 42 43 00" + " " * 38 + "ABC."
    assert len(preview(b"x" * 100_000, Decoder.TEXT)) == 160


def test_render_is_capped() -> None:
    text = render(b"y" * (3 * 1024 * 1024), Decoder.JSON)
    assert text.endswith("(2,097,152 more bytes not shown)")


def record(
    key: bytes | None, value: bytes | None, headers: tuple[tuple[str, bytes | None], ...]
) -> MessageRecord:
    info = BatchInfo(0, 0, 0, 2, 0, 0x08, 0, 0, 0, -1, -1, -1, 1)
    return MessageRecord("orders", 3, 42, 1_767_225_600_123, key, value, headers, info)


def test_export_schema_round_trips_every_byte() -> None:
    original = record(None, b"\x00\xff binary", (("trace", b"abc"), ("raw", b"\x80"), ("none", None)))
    obj = to_json(original, "UTC")
    assert obj == {
        "topic": "orders",
        "partition": 3,
        "offset": 42,
        "timestamp": 1_767_225_600_123,
        "time": "2026-01-01T00:00:00.123+00:00",
        "timestamp_type": "LogAppendTime",
        "key": None,
        "key_encoding": "utf8",
        "value": "AP8gYmluYXJ5",
        "value_encoding": "base64",
        "headers": [
            {"name": "trace", "value": "abc", "encoding": "utf8"},
            {"name": "raw", "value": "gA==", "encoding": "base64"},
            {"name": "none", "value": None, "encoding": "utf8"},
        ],
    }
    back = from_line(to_line(original, "local"))
    assert (back.partition, back.timestamp, back.key, back.value, back.headers) == (
        3,
        1_767_225_600_123,
        None,
        original.value,
        original.headers,
    )
    row = to_csv_row(record(b"k", "ü".encode(), ()), "UTC")
    assert row[:7] == [
        "orders",
        "3",
        "42",
        "1767225600123",
        "2026-01-01T00:00:00.123+00:00",
        "LogAppendTime",
        "k",
    ]
    assert row[8] == "ü" and json.loads(row[10]) == []


@pytest.mark.parametrize(
    "line, problem",
    [
        ("{", "not JSON"),
        ('{"value": "!!", "value_encoding": "base64"}', "base64"),
        ('{"partition": "1"}', "whole number"),
        ('{"key": "a", "key_encoding": "rot13"}', "unknown encoding"),
        ('{"headers": [{"value": "x"}]}', "text name"),
    ],
)
def test_bad_lines_are_explained(line: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        from_line(line)


def test_start_offsets() -> None:
    assert start_offset(StartAt.BEGINNING, 0, 5, 100) == 5
    assert start_offset(StartAt.END, 0, 5, 100) == 100
    assert start_offset(StartAt.OFFSET, 42, 5, 100) == 42
    assert start_offset(StartAt.OFFSET, 2, 5, 100) == 5
    assert start_offset(StartAt.OFFSET, 500, 5, 100) == 100
    assert start_offset(StartAt.LAST, 10, 5, 100) == 90
    assert start_offset(StartAt.LAST, 1000, 5, 100) == 5
    assert start_offset(StartAt.TIMESTAMP, 0, 5, 100, 77) == 77
    assert start_offset(StartAt.TIMESTAMP, 0, 5, 100, None) == 100


def test_parse_time_uses_the_zone_setting() -> None:
    utc = int(dt.datetime(2026, 3, 1, 14, 5, 9, tzinfo=dt.UTC).timestamp() * 1000)
    assert parse_time("2026-03-01 14:05:09", "UTC") == utc
    assert parse_time("2026-03-01T14:05:09Z", "local") == utc
    assert parse_time("2026-03-01 14:05:09 UTC", "local") == utc
    assert parse_time("2026-03-01T15:05:09+01:00", "UTC") == utc
    local = dt.datetime(2026, 3, 1, 14, 5, 9).astimezone()
    assert parse_time("2026-03-01 14:05:09", "local") == int(local.timestamp() * 1000)
    assert parse_time("1767225600123", "UTC") == 1767225600123
    with pytest.raises(ValueError, match="is not a time"):
        parse_time("yesterday", "UTC")


def test_parse_partitions() -> None:
    assert parse_partitions("") is None and parse_partitions("all") is None
    assert parse_partitions("0, 2,5-7") == (0, 2, 5, 6, 7)
    with pytest.raises(ValueError):
        parse_partitions("3-1")
    with pytest.raises(ValueError):
        parse_partitions("x")


def test_rate_meter() -> None:
    now = [100.0]
    meter = RateMeter(window_s=2.0, clock=lambda: now[0])
    for _ in range(10):
        now[0] += 0.1
        meter.add(500)
    assert meter.rate() == pytest.approx(5000)
    now[0] += 5
    assert meter.rate() == 0
