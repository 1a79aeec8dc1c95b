"""Compression codecs: round trips, the Java framings, and the decompression cap."""

from __future__ import annotations

import gzip
import os
import struct

import cramjam
import lz4.frame
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol.errors import CompressionError
from protocol.records import Codec, compress, decompress
from protocol.records._frames import lz4_frames, zstd_frames
from protocol.records._xxh32 import xxh32
from protocol.records.codecs import fix_legacy_lz4_header

SAMPLE = b"".join(b"record %d with some repetitive text; " % i for i in range(4000))


@pytest.mark.parametrize("codec", list(Codec))
def test_round_trip_sample(codec: Codec) -> None:
    packed = compress(codec, SAMPLE)
    if codec != Codec.NONE:
        assert len(packed) < len(SAMPLE) // 3
    assert decompress(codec, packed) == SAMPLE


@settings(max_examples=60, deadline=None)
@given(codec=st.sampled_from(list(Codec)), data=st.binary(max_size=70_000))
def test_round_trip_property(codec: Codec, data: bytes) -> None:
    assert decompress(codec, compress(codec, data)) == data


@pytest.mark.parametrize("codec", list(Codec))
def test_accepts_memoryview_and_bytearray(codec: Codec) -> None:
    packed = compress(codec, SAMPLE)
    assert decompress(codec, memoryview(packed)) == SAMPLE
    assert decompress(codec, bytearray(packed)) == SAMPLE


def test_gzip_is_standard_and_multi_member() -> None:
    assert gzip.decompress(compress(Codec.GZIP, b"abc")) == b"abc"
    two = gzip.compress(b"first ") + gzip.compress(b"second")
    assert decompress(Codec.GZIP, two) == b"first second"


def test_snappy_writes_xerial_with_32k_chunks() -> None:
    data = os.urandom(80_000)
    packed = compress(Codec.SNAPPY, data)
    assert packed[:8] == b"\x82SNAPPY\x00"
    assert struct.unpack_from(">ii", packed, 8) == (1, 1)
    pos, chunks = 16, []
    while pos < len(packed):
        (size,) = struct.unpack_from(">i", packed, pos)
        chunks.append(bytes(cramjam.snappy.decompress_raw(packed[pos + 4 : pos + 4 + size])))
        pos += 4 + size
    assert [len(c) for c in chunks] == [32768, 32768, 80_000 - 65536]
    assert b"".join(chunks) == data


def test_snappy_reads_raw_blocks() -> None:
    raw = bytes(cramjam.snappy.compress_raw(SAMPLE))
    assert decompress(Codec.SNAPPY, raw) == SAMPLE


def test_snappy_xerial_ignores_version_fields() -> None:
    # Some producers (redpanda) write the version fields little-endian.
    packed = bytearray(compress(Codec.SNAPPY, SAMPLE))
    packed[8:16] = struct.pack("<ii", 1, 1)
    assert decompress(Codec.SNAPPY, bytes(packed)) == SAMPLE


def test_lz4_frame_is_what_java_writes() -> None:
    info = lz4.frame.get_frame_info(compress(Codec.LZ4, SAMPLE))
    assert info["block_size"] == 65536
    assert not info["block_linked"]
    assert not info["block_checksum"]
    assert not info["content_checksum"]


def test_lz4_reads_frames_with_content_size_and_checksums() -> None:
    packed = lz4.frame.compress(SAMPLE, store_size=True, content_checksum=True, block_checksum=True)
    assert decompress(Codec.LZ4, packed) == SAMPLE


def test_legacy_lz4_header_checksum_is_repaired() -> None:
    frame = bytearray(lz4.frame.compress(b"old kafka" * 50, store_size=False))
    frame[6] = (xxh32(bytes(frame[0:6])) >> 8) & 0xFF  # KIP-57: Kafka 0.8 hashed the magic too
    with pytest.raises(CompressionError):
        decompress(Codec.LZ4, bytes(frame))
    assert decompress(Codec.LZ4, fix_legacy_lz4_header(frame)) == b"old kafka" * 50


def test_xxh32_known_values() -> None:
    assert xxh32(b"") == 0x02CC5D05
    assert xxh32(b"a") == 0x550D7456
    assert xxh32(b"abc") == 0x32D153FF
    assert xxh32(b"Nobody inspects the spammish repetition") == 0xE2293B2F


def test_zstd_without_content_size() -> None:
    frame = zstandard.ZstdCompressor(write_content_size=False).compress(SAMPLE)
    assert zstandard.frame_content_size(frame) == -1
    assert decompress(Codec.ZSTD, frame) == SAMPLE


def test_zstd_streamed_like_zstd_jni() -> None:
    cctx = zstandard.ZstdCompressor()
    chunks = cctx.compressobj()
    frame = b"".join([chunks.compress(SAMPLE[:1000]), chunks.compress(SAMPLE[1000:]),
                      chunks.flush()])  # fmt: skip
    assert decompress(Codec.ZSTD, frame) == SAMPLE


def test_zstd_several_frames() -> None:
    cctx = zstandard.ZstdCompressor(write_content_size=False)
    frames = cctx.compress(b"first ") + cctx.compress(b"second")
    assert decompress(Codec.ZSTD, frames) == b"first second"
    with_size = zstandard.ZstdCompressor().compress(b"a") + zstandard.ZstdCompressor().compress(b"b")
    assert decompress(Codec.ZSTD, with_size) == b"ab"


def _bombs() -> dict[Codec, bytes]:
    zeros = bytes(3_000_000)
    return {
        Codec.GZIP: compress(Codec.GZIP, zeros),
        Codec.SNAPPY: compress(Codec.SNAPPY, zeros),
        Codec.LZ4: compress(Codec.LZ4, zeros),
        Codec.ZSTD: zstandard.ZstdCompressor(write_content_size=False).compress(zeros),
    }


@pytest.mark.parametrize("codec", [Codec.GZIP, Codec.SNAPPY, Codec.LZ4, Codec.ZSTD])
def test_decompression_cap(codec: Codec) -> None:
    packed = _bombs()[codec]
    with pytest.raises(CompressionError, match="decompression limit"):
        decompress(codec, packed, max_size=1_000_000)
    assert len(decompress(codec, packed, max_size=3_000_000)) == 3_000_000


def test_decompression_cap_raw_snappy_and_zstd_with_size() -> None:
    zeros = bytes(2_000_000)
    with pytest.raises(CompressionError, match="decompression limit"):
        decompress(Codec.SNAPPY, bytes(cramjam.snappy.compress_raw(zeros)), max_size=1000)
    with pytest.raises(CompressionError, match="decompression limit"):
        decompress(Codec.ZSTD, zstandard.ZstdCompressor().compress(zeros), max_size=1000)
    lz4_sized = lz4.frame.compress(zeros, store_size=True)
    with pytest.raises(CompressionError, match="decompression limit"):
        decompress(Codec.LZ4, lz4_sized, max_size=1000)


@pytest.mark.parametrize("codec", [Codec.GZIP, Codec.SNAPPY, Codec.LZ4, Codec.ZSTD])
def test_garbage_and_truncation_raise_compression_error(codec: Codec) -> None:
    packed = compress(codec, SAMPLE)
    for bad in (b"not compressed at all", packed[: len(packed) // 2], packed[:3]):
        with pytest.raises(CompressionError):
            decompress(codec, bad)


def test_unknown_codec() -> None:
    with pytest.raises(CompressionError, match="Unknown compression codec 6"):
        decompress(6, b"")
    with pytest.raises(CompressionError):
        compress(5, b"")


@pytest.mark.parametrize("size", [0, 1, 65535, 65536, 200_000])
def test_frame_bounds_cover_the_output(size: int) -> None:
    data = os.urandom(size // 2) + bytes(size - size // 2)
    lz4_frame = compress(Codec.LZ4, data)
    zstd_frame = zstandard.ZstdCompressor(write_content_size=False).compress(data)
    for frames_of, frame in ((lz4_frames, lz4_frame), (zstd_frames, zstd_frame)):
        frames = frames_of(frame)
        assert frames is not None and len(frames) == 1 and frames[0][2] >= size
        assert frames_of(frame[:-1]) is None
        assert frames_of(frame + b"x") is None
        two = frames_of(frame + frame)
        assert two is not None and [f[1] for f in two] == [len(frame), 2 * len(frame)]


@pytest.mark.parametrize("codec", [Codec.LZ4, Codec.ZSTD])
def test_skippable_frames_are_skipped(codec: Codec) -> None:
    skippable = b"\x50\x2a\x4d\x18" + struct.pack("<i", 3) + b"xyz"
    assert decompress(codec, skippable + compress(codec, b"data") + skippable) == b"data"


def test_empty_input_compresses_to_valid_frames() -> None:
    for codec in Codec:
        assert decompress(codec, compress(codec, b"")) == b""


def test_lying_lz4_content_size_is_refused_not_allocated() -> None:
    frame = bytearray(lz4.frame.compress(b"small" * 20, store_size=True))
    frame[6:14] = struct.pack("<Q", 1 << 40)
    frame[14] = (xxh32(bytes(frame[4:14])) >> 8) & 0xFF
    for data in (bytes(frame), bytes(frame[:-9])):
        with pytest.raises(CompressionError, match="decompression limit"):
            decompress(Codec.LZ4, data)


def test_lying_zstd_content_size_is_refused_not_allocated() -> None:
    frame = zstandard.ZstdCompressor(write_content_size=False).compress(b"small" * 20)
    fhd = frame[4]
    assert not fhd & 0x20  # has a window descriptor, no content size: add an 8-byte one
    forged = frame[:4] + bytes([fhd | 0xC0, frame[5]]) + struct.pack("<Q", 1 << 40) + frame[6:]
    with pytest.raises(CompressionError):
        decompress(Codec.ZSTD, forged)
    honest = frame[:4] + bytes([fhd | 0xC0, frame[5]]) + struct.pack("<Q", 100) + frame[6:]
    assert decompress(Codec.ZSTD, honest) == b"small" * 20
