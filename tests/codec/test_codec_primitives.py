"""Primitive readers and writers: known encodings, round trips and truncation handling."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol.codec import primitives as p
from protocol.errors import ProtocolDecodeError, ProtocolEncodeError


def written(write: Callable[[bytearray, Any], None], value: Any) -> bytes:
    buf = bytearray()
    write(buf, value)
    return bytes(buf)


@pytest.mark.parametrize(
    ("value", "encoded"),
    [(0, "00"), (-1, "01"), (1, "02"), (-2, "03"), (63, "7e"), (-64, "7f"), (64, "8001"),
     (2**31 - 1, "feffffff0f"), (-(2**31), "ffffffff0f")],
)  # fmt: skip
def test_zigzag_varint_known_values(value: int, encoded: str) -> None:
    assert written(p.write_varint, value).hex() == encoded
    assert p.read_varint(bytes.fromhex(encoded), 0) == (value, len(encoded) // 2)


@pytest.mark.parametrize(
    ("value", "encoded"), [(0, "00"), (127, "7f"), (128, "8001"), (300, "ac02"), (2**32 - 1, "ffffffff0f")]
)
def test_unsigned_varint_known_values(value: int, encoded: str) -> None:
    assert written(p.write_uvarint, value).hex() == encoded
    assert p.read_uvarint(bytes.fromhex(encoded), 0) == (value, len(encoded) // 2)


def test_overlong_varint_is_rejected() -> None:
    with pytest.raises(ProtocolDecodeError, match="longer than 5"):
        p.read_uvarint(b"\xff" * 6, 0)
    with pytest.raises(ProtocolDecodeError, match="truncated"):
        p.read_uvarint(b"\x80\x80", 0)


@settings(max_examples=300, deadline=None, database=None)
@given(st.integers(-(2**63), 2**63 - 1))
def test_varlong_roundtrip(value: int) -> None:
    data = written(p.write_varlong, value)
    assert p.read_varlong(data, 0) == (value, len(data))


@settings(max_examples=300, deadline=None, database=None)
@given(st.integers(-(2**31), 2**31 - 1))
def test_varint_roundtrip(value: int) -> None:
    data = written(p.write_varint, value)
    assert p.read_varint(data, 0) == (value, len(data))


def test_varint_range_is_enforced() -> None:
    with pytest.raises(ProtocolEncodeError):
        p.write_varint(bytearray(), 2**31)
    with pytest.raises(ProtocolEncodeError):
        p.write_uvarint(bytearray(), -1)


FIXED = [
    (p.read_int8, p.write_int8, -128, "80"),
    (p.read_int16, p.write_int16, -2, "fffe"),
    (p.read_int32, p.write_int32, 2**31 - 1, "7fffffff"),
    (p.read_int64, p.write_int64, -1, "ffffffffffffffff"),
    (p.read_uint16, p.write_uint16, 65535, "ffff"),
    (p.read_uint32, p.write_uint32, 2**32 - 1, "ffffffff"),
    (p.read_float64, p.write_float64, 1.5, "3ff8000000000000"),
    (p.read_bool, p.write_bool, True, "01"),
]


@pytest.mark.parametrize(("read", "write", "value", "encoded"), FIXED)
def test_fixed_width(read: Any, write: Any, value: Any, encoded: str) -> None:
    data = bytes.fromhex(encoded)
    assert written(write, value) == data
    assert read(data + b"\x00", 0) == (value, len(data))
    with pytest.raises(ProtocolDecodeError):
        read(data[:-1], 0)


def test_fixed_width_overflow_is_an_encode_error() -> None:
    with pytest.raises(ProtocolEncodeError):
        p.write_int16(bytearray(), 2**15)


def test_uuid() -> None:
    value = uuid.UUID("00010203-0405-0607-0809-0a0b0c0d0e0f")
    assert written(p.write_uuid, value) == value.bytes
    assert written(p.write_uuid, value.bytes) == value.bytes
    assert p.read_uuid(value.bytes, 0) == (value.bytes, 16)
    with pytest.raises(ProtocolEncodeError):
        p.write_uuid(bytearray(), b"short")


STRINGS = [
    (p.read_string, p.write_string, "héllo", "0006 68c3a96c6c6f"),
    (p.read_nullable_string, p.write_nullable_string, None, "ffff"),
    (p.read_compact_string, p.write_compact_string, "ab", "03 6162"),
    (p.read_compact_nullable_string, p.write_compact_nullable_string, None, "00"),
    (p.read_bytes, p.write_bytes, b"\x00\xff", "00000002 00ff"),
    (p.read_nullable_bytes, p.write_nullable_bytes, None, "ffffffff"),
    (p.read_compact_bytes, p.write_compact_bytes, b"", "01"),
    (p.read_compact_nullable_bytes, p.write_compact_nullable_bytes, None, "00"),
]


@pytest.mark.parametrize(("read", "write", "value", "encoded"), STRINGS)
def test_strings_and_bytes(read: Any, write: Any, value: Any, encoded: str) -> None:
    data = bytes.fromhex(encoded.replace(" ", ""))
    assert written(write, value) == data
    assert read(data, 0) == (value, len(data))
    for cut in range(len(data)):
        with pytest.raises(ProtocolDecodeError):
            read(data[:cut], 0)


def test_non_nullable_reader_rejects_null_and_bad_utf8() -> None:
    with pytest.raises(ProtocolDecodeError, match="null"):
        p.read_string(b"\xff\xff", 0)
    with pytest.raises(ProtocolDecodeError, match="UTF-8"):
        p.read_compact_string(b"\x02\xff", 0)
    with pytest.raises(ProtocolDecodeError):
        p.read_bytes(b"\x7f\xff\xff\xff", 0)  # 2 GiB declared, nothing there


def test_arrays() -> None:
    data = written(lambda b, v: p.write_array(b, v, p.write_int32, compact=False), [1, 2])
    assert data.hex() == "000000020000000100000002"
    assert p.read_array(data, 0, p.read_int32, compact=False) == ([1, 2], 12)
    data = written(lambda b, v: p.write_array(b, v, p.write_compact_string, compact=True), ["a"])
    assert data.hex() == "020261"
    assert p.read_array(data, 0, p.read_compact_string, compact=True) == (["a"], 3)
    assert p.read_array(b"\xff\xff\xff\xff", 0, p.read_int8, compact=False) == (None, 4)
    assert p.read_array(b"\x00", 0, p.read_int8, compact=True) == (None, 1)
    with pytest.raises(ProtocolDecodeError, match="exceeds"):
        p.read_array(b"\x7f\xff\xff\xff", 0, p.read_int8, compact=False)


def test_tagged_fields_sorted_and_skippable() -> None:
    data = written(p.write_tagged_fields, {5: b"\x01", 0: b"ab"})
    assert data.hex() == "0200026162050101"
    assert p.read_tagged_fields(data, 0) == ({0: b"ab", 5: b"\x01"}, len(data))
    with pytest.raises(ProtocolDecodeError):
        p.read_tagged_fields(data[:-1], 0)


def test_nullable_struct() -> None:
    data = written(lambda b, v: p.write_nullable_struct(b, v, p.write_int32), 7)
    assert data.hex() == "0100000007"
    assert p.read_nullable_struct(data, 0, p.read_int32) == (7, 5)
    data = written(lambda b, v: p.write_nullable_struct(b, v, p.write_int32), None)
    assert data.hex() == "ff"
    assert p.read_nullable_struct(data, 0, p.read_int32) == (None, 1)
