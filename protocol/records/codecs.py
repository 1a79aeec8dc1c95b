"""Compression codecs for record batches: gzip, snappy, lz4 and zstd as Kafka writes them.

Every decoder caps its output (``max_size``) so a small hostile batch cannot expand into
gigabytes; going over the cap raises :class:`CompressionError`. The framing quirks follow the
Java client: snappy is xerial-framed (raw snappy is accepted too), lz4 is the LZ4 *frame*
format with independent 64 KB blocks, and zstd frames usually omit their content size.
"""

from __future__ import annotations

import struct
import threading
import zlib
from collections.abc import Callable
from enum import IntEnum

import cramjam
import lz4.frame
import zstandard

from protocol.errors import CompressionError
from protocol.records._frames import lz4_declared_size, lz4_frames, zstd_frames
from protocol.records._xxh32 import xxh32

__all__ = [
    "DEFAULT_MAX_DECOMPRESSED_SIZE",
    "Codec",
    "compress",
    "decompress",
    "fix_legacy_lz4_header",
]

DEFAULT_MAX_DECOMPRESSED_SIZE = 256 * 1024 * 1024
"""Default cap on the decompressed size of one batch (256 MiB)."""

XERIAL_MAGIC = b"\x82SNAPPY\x00"
_XERIAL_HEADER = XERIAL_MAGIC + struct.pack(">ii", 1, 1)
_XERIAL_CHUNK = 32 * 1024
_ZSTD_READ_SIZE = 1 << 20
_local = threading.local()


class Codec(IntEnum):
    """Compression codec, as stored in the low three bits of the batch attributes."""

    NONE = 0
    GZIP = 1
    SNAPPY = 2
    LZ4 = 3
    ZSTD = 4


Buffer = bytes | bytearray | memoryview


def compress(codec: Codec | int, data: Buffer, level: int | None = None) -> bytes:
    """Compress ``data`` the way the Java producer frames it for ``codec``."""
    codec = _as_codec(codec)
    try:
        return _COMPRESSORS[codec](data, level)
    except CompressionError:
        raise
    except Exception as exc:  # third-party libraries raise assorted types
        raise CompressionError(f"Could not {codec.name.lower()}-compress a batch: {exc}") from exc


def decompress(codec: Codec | int, data: Buffer, max_size: int = DEFAULT_MAX_DECOMPRESSED_SIZE) -> bytes:
    """Decompress one batch payload, refusing to produce more than ``max_size`` bytes."""
    codec = _as_codec(codec)
    try:
        out = _DECOMPRESSORS[codec](data, max_size)
    except CompressionError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # zlib.error, RuntimeError (lz4), ZstdError, cramjam errors...
        raise CompressionError(
            f"A {codec.name.lower()}-compressed batch could not be decompressed "
            f"(the data is corrupt or not {codec.name.lower()}): {exc}"
        ) from exc
    if len(out) > max_size:
        _too_big(codec, max_size)
    return out


def _as_codec(codec: Codec | int) -> Codec:
    try:
        return Codec(codec)
    except ValueError:
        raise CompressionError(
            f"Unknown compression codec {codec}: Kafka defines 0 to 4 (none, gzip, snappy, lz4, zstd)."
        ) from None


def _too_big(codec: Codec, max_size: int) -> None:
    raise CompressionError(
        f"A {codec.name.lower()}-compressed batch expands to more than {max_size:,} bytes, "
        "the configured decompression limit; it was not decoded."
    )


# --- none -------------------------------------------------------------------------------


def _none_compress(data: Buffer, level: int | None) -> bytes:
    return bytes(data)


def _none_decompress(data: Buffer, max_size: int) -> bytes:
    return bytes(data)


# --- gzip -------------------------------------------------------------------------------


def _gzip_compress(data: Buffer, level: int | None) -> bytes:
    comp = zlib.compressobj(6 if level is None else level, zlib.DEFLATED, 31)
    return comp.compress(data) + comp.flush()


def _gzip_decompress(data: Buffer, max_size: int) -> bytes:
    """Decompress one or more concatenated gzip members, stopping past ``max_size``."""
    parts: list[bytes] = []
    total = 0
    rest: Buffer = data
    while True:
        dec = zlib.decompressobj(31)
        part = dec.decompress(rest, max_size + 1 - total)
        parts.append(part)
        total += len(part)
        if total > max_size:
            _too_big(Codec.GZIP, max_size)
        if not dec.eof:
            raise CompressionError("A gzip-compressed batch is truncated.")
        rest = dec.unused_data
        if not rest.strip(b"\x00"):  # trailing padding after the last member is harmless
            return b"".join(parts)


# --- snappy -----------------------------------------------------------------------------


def _snappy_compress(data: Buffer, level: int | None) -> bytes:
    """Xerial framing, as written by the Java client's SnappyOutputStream (32 KiB chunks)."""
    view = memoryview(data)
    out = [_XERIAL_HEADER]
    for start in range(0, len(view), _XERIAL_CHUNK):
        block = bytes(cramjam.snappy.compress_raw(view[start : start + _XERIAL_CHUNK]))
        out.append(struct.pack(">i", len(block)))
        out.append(block)
    return b"".join(out)


def _snappy_decompress(data: Buffer, max_size: int) -> bytes:
    view = memoryview(data)
    if len(view) < 16 or view[:8] != XERIAL_MAGIC:
        return _snappy_raw_block(view, max_size, max_size)
    parts: list[bytes] = []
    total = 0
    pos = 16  # magic, version, compatible version: the last two are ignored (like franz-go)
    end = len(view)
    while pos < end:
        if pos + 4 > end:
            raise CompressionError("A snappy (xerial) batch ends inside a chunk header.")
        (size,) = struct.unpack_from(">i", view, pos)
        pos += 4
        if size < 0 or pos + size > end:
            raise CompressionError("A snappy (xerial) batch has a chunk past its end.")
        part = _snappy_raw_block(view[pos : pos + size], max_size - total, max_size)
        parts.append(part)
        total += len(part)
        pos += size
    return b"".join(parts)


def _snappy_raw_block(block: memoryview, room: int, max_size: int) -> bytes:
    # The block starts with its uncompressed length: check it before allocating anything.
    if cramjam.snappy.decompress_raw_len(block) > room:
        _too_big(Codec.SNAPPY, max_size)
    return bytes(cramjam.snappy.decompress_raw(block))


# --- lz4 --------------------------------------------------------------------------------


def _lz4_compress(data: Buffer, level: int | None) -> bytes:
    return lz4.frame.compress(
        data,
        compression_level=0 if level is None else level,
        block_size=lz4.frame.BLOCKSIZE_MAX64KB,
        block_linked=False,
        block_checksum=False,
        content_checksum=False,
        store_size=False,
    )


def _lz4_decompress(data: Buffer, max_size: int) -> bytes:
    view = memoryview(data)
    frames = lz4_frames(view)
    if frames is not None and sum(f[2] for f in frames) <= max_size:  # known to fit: one shot
        return b"".join(lz4.frame.decompress(view[a:b]) for a, b, bound in frames if bound >= 0)
    # Unknown or too large a bound: decompress incrementally, watching the size.
    parts: list[bytes] = []
    total = 0
    rest: Buffer = data
    while True:
        if lz4_declared_size(rest) > max_size - total:  # lz4 would allocate it all up front
            _too_big(Codec.LZ4, max_size)
        dec = lz4.frame.LZ4FrameDecompressor()
        part = dec.decompress(rest, max_length=max_size + 1 - total)
        parts.append(part)
        total += len(part)
        if total > max_size:
            _too_big(Codec.LZ4, max_size)
        if not dec.eof:
            raise CompressionError("An lz4-compressed batch is truncated.")
        rest = dec.unused_data
        if not rest:
            return b"".join(parts)


def fix_legacy_lz4_header(frame: Buffer) -> bytes:
    """Repair the header checksum of an lz4 frame from a magic-0 message (KIP-57).

    Kafka 0.8/0.9 hashed the frame magic into the header checksum; lz4 rejects that.
    """
    data = bytearray(frame)
    if len(data) < 7:
        raise CompressionError("A legacy lz4-compressed message is too short to be a frame.")
    header_end = 6 + (8 if data[4] & 0x08 else 0)  # FLG bit 3: content size present
    if len(data) <= header_end:
        raise CompressionError("A legacy lz4-compressed message is too short to be a frame.")
    data[header_end] = (xxh32(bytes(data[4:header_end])) >> 8) & 0xFF
    return bytes(data)


# --- zstd -------------------------------------------------------------------------------


def _zstd_compress(data: Buffer, level: int | None) -> bytes:
    return zstandard.ZstdCompressor(level=3 if level is None else level).compress(data)


def _zstd_decompress(data: Buffer, max_size: int) -> bytes:
    """Decode zstd frames, with or without a declared content size (Java omits it)."""
    view = memoryview(data)
    frames = zstd_frames(view)
    if frames is None:  # the streaming reader would silently stop at a truncated frame
        raise CompressionError("A zstd-compressed batch is truncated or corrupt.")
    if zstandard.frame_content_size(view) > max_size:
        _too_big(Codec.ZSTD, max_size)
    if sum(f[2] for f in frames) <= max_size:  # known to fit: one-shot decode per frame
        dctx = _decompressor()
        return b"".join(
            dctx.decompress(view[a:b], max_output_size=bound or 1) for a, b, bound in frames if bound >= 0
        )
    parts: list[bytes] = []
    total = 0
    with zstandard.ZstdDecompressor().stream_reader(view, read_across_frames=True) as reader:
        while True:
            part = reader.read(min(_ZSTD_READ_SIZE, max_size + 1 - total))
            if not part:
                return b"".join(parts)
            parts.append(part)
            total += len(part)
            if total > max_size:
                _too_big(Codec.ZSTD, max_size)


def _decompressor() -> zstandard.ZstdDecompressor:
    """A reusable decompressor per thread (creating one costs as much as a small batch)."""
    dctx: zstandard.ZstdDecompressor | None = getattr(_local, "zstd", None)
    if dctx is None:
        dctx = _local.zstd = zstandard.ZstdDecompressor()
    return dctx


_COMPRESSORS: dict[Codec, Callable[[Buffer, int | None], bytes]] = {
    Codec.NONE: _none_compress,
    Codec.GZIP: _gzip_compress,
    Codec.SNAPPY: _snappy_compress,
    Codec.LZ4: _lz4_compress,
    Codec.ZSTD: _zstd_compress,
}
_DECOMPRESSORS: dict[Codec, Callable[[Buffer, int], bytes]] = {
    Codec.NONE: _none_decompress,
    Codec.GZIP: _gzip_decompress,
    Codec.SNAPPY: _snappy_decompress,
    Codec.LZ4: _lz4_decompress,
    Codec.ZSTD: _zstd_decompress,
}
