"""FrameDecoder: reassembly from arbitrary chunks, and refusal of impossible sizes."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol.codec import FrameDecoder
from protocol.errors import ProtocolDecodeError


def frame(payload: bytes) -> bytes:
    return len(payload).to_bytes(4, "big") + payload


def test_whole_frames_in_one_chunk() -> None:
    decoder = FrameDecoder()
    assert decoder.feed(frame(b"abc") + frame(b"") + frame(b"de")) == [b"abc", b"", b"de"]
    assert decoder.pending == 0


def test_byte_by_byte() -> None:
    decoder = FrameDecoder()
    stream = frame(b"hello") + frame(b"world!")
    out: list[bytes] = []
    for i in range(len(stream)):
        out += decoder.feed(stream[i : i + 1])
    assert out == [b"hello", b"world!"]
    assert decoder.pending == 0


def test_partial_frame_is_kept() -> None:
    decoder = FrameDecoder()
    assert decoder.feed(frame(b"abcdef")[:7]) == []
    assert decoder.pending == 7
    assert decoder.feed(memoryview(b"def")) == [b"abcdef"]


@settings(max_examples=200, deadline=None, database=None)
@given(
    payloads=st.lists(st.binary(max_size=40), max_size=8),
    cuts=st.lists(st.integers(0, 400), max_size=10),
)
def test_any_chunking_gives_the_same_frames(payloads: list[bytes], cuts: list[int]) -> None:
    stream = b"".join(frame(p) for p in payloads)
    bounds = sorted({0, len(stream), *(c for c in cuts if c < len(stream))})
    decoder = FrameDecoder()
    out: list[bytes] = []
    for start, end in itertools.pairwise(bounds):
        out += decoder.feed(stream[start:end])
    assert out == payloads


@pytest.mark.parametrize("size", [-1, -(2**31), 1025])
def test_impossible_size_raises_and_stays_failed(size: int) -> None:
    decoder = FrameDecoder(max_frame_size=1024)
    with pytest.raises(ProtocolDecodeError, match="frame size"):
        decoder.feed(size.to_bytes(4, "big", signed=True))
    with pytest.raises(ProtocolDecodeError):
        decoder.feed(frame(b"ok"))


def test_max_size_frame_is_accepted() -> None:
    decoder = FrameDecoder(max_frame_size=8)
    assert decoder.feed(frame(b"12345678")) == [b"12345678"]


def test_large_frame_in_small_chunks_is_linear() -> None:
    """A 4 MiB frame fed in 1 KiB chunks: each feed must not rescan or copy the buffer."""
    import time

    payload = bytes(4 * 1024 * 1024)
    stream = frame(payload)
    decoder = FrameDecoder()
    start = time.perf_counter()
    out: list[bytes] = []
    for i in range(0, len(stream), 1024):
        out += decoder.feed(stream[i : i + 1024])
    assert out == [payload]
    assert time.perf_counter() - start < 2.0
