"""search_blob / search_view find exactly the records a brute-force scan finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol.records import (
    Codec,
    Record,
    build_batch,
    decode_records,
    iter_records,
    search_blob,
    search_view,
)
from protocol.records.search import FIELDS

from .strategies import legacy_message

ALPHABET = b"abn"  # small alphabet: many partial and cross-field matches


def brute_force(blob: bytes, needle: bytes | re.Pattern[bytes], fields: tuple[str, ...]) -> list[int]:
    def hit(data: bytes | None) -> bool:
        if data is None:
            return False
        return needle in data if isinstance(needle, bytes) else needle.search(data) is not None

    found = []
    for offset, _ts, key, value, headers in iter_records(blob):
        if (
            ("key" in fields and hit(key))
            or ("value" in fields and hit(value))
            or ("headers" in fields and any(hit(v) for _n, v in headers))
        ):
            found.append(offset)
    return found


small = st.binary(max_size=12).map(lambda b: bytes(ALPHABET[x % 3] for x in b))
records_st = st.lists(
    st.tuples(
        st.none() | small,
        st.none() | small,
        st.lists(st.tuples(st.sampled_from(["ab", "n"]), st.none() | small), max_size=2),
    ),
    min_size=1,
    max_size=25,
)
fields_st = st.sampled_from(
    [FIELDS, ("key",), ("value",), ("headers",), ("key", "value"), ("value", "headers")]
)


def make_blob(rows: list[tuple[bytes | None, bytes | None, list]], codec: Codec) -> bytes:
    records = [Record(i, i, k, v, tuple(h)) for i, (k, v, h) in enumerate(rows)]
    half = len(records) // 2
    parts = [records[:half], records[half:]]
    return b"".join(build_batch(p, codec) for p in parts if p)


@settings(max_examples=200, deadline=None)
@given(rows=records_st, needle=small.filter(bool), fields=fields_st, codec=st.sampled_from(list(Codec)))
def test_needle_matches_brute_force(rows: list, needle: bytes, fields: tuple[str, ...], codec: Codec) -> None:
    blob = make_blob(rows, codec)
    assert search_blob(blob, needle, fields) == brute_force(blob, needle, fields)


PATTERNS = [rb"a+b", rb"n.a", rb"^ab", rb"b$", rb"\bna", rb"a(?=b)", rb"(?<=n)a", rb"(?i)AB"]


@settings(max_examples=150, deadline=None)
@given(rows=records_st, pattern=st.sampled_from(PATTERNS), fields=fields_st)
def test_regex_matches_brute_force(rows: list, pattern: bytes, fields: tuple[str, ...]) -> None:
    blob = make_blob(rows, Codec.NONE)
    compiled = re.compile(pattern)
    assert search_blob(blob, compiled, fields) == brute_force(blob, compiled, fields)


def test_search_large_blob_and_fetch_offset() -> None:
    records = [Record(i, i, b"key-%d" % i, b"value %d " % i * 3) for i in range(5000)]
    blob = b"".join(build_batch(records[i : i + 500], Codec.LZ4) for i in range(0, 5000, 500))
    assert search_blob(blob, b"value 4321 ") == [4321]
    assert search_blob(blob, b"key-12", ("key",)) == [12, *range(120, 130), *range(1200, 1300)]
    assert search_blob(blob, b"key-12", ("value",)) == []
    assert search_blob(blob, b"value 43", fetch_offset=4000) == list(range(4300, 4400))
    view = decode_records(blob, 4000)
    assert search_view(view, re.compile(rb"value 4(00|99)9 ")) == [9, 999]


def test_search_legacy_messages() -> None:
    blob = legacy_message(0, b"needle", b"x", timestamp=0) + legacy_message(1, b"y", b"needles")
    assert search_blob(blob, b"needle") == [0, 1]
    assert search_blob(blob, b"needle", ("value",)) == [1]


def test_unknown_field() -> None:
    with pytest.raises(ValueError, match="Unknown fields"):
        search_blob(build_batch([Record(0, 0, None, None)]), b"x", ("body",))
