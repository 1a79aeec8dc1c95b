"""Upper bounds on the decompressed size of lz4 and zstd frames, read from block headers.

Neither format has to declare its content size (Java's writers don't), but both split data
into blocks of bounded output size. Walking the block headers (one per 64-128 KB) gives a
bound cheaply, so a batch under the decompression cap can take the libraries' fast one-shot
path instead of the slow incremental one. ``None`` means the data is not a clean sequence of
frames (truncated, corrupt, or not this format).
"""

from __future__ import annotations

from collections.abc import Callable

_LZ4_MAGIC = 0x184D2204
_LZ4_BLOCK_MAX = {4: 1 << 16, 5: 1 << 18, 6: 1 << 20, 7: 1 << 22}
_ZSTD_MAGIC = 0xFD2FB528
_ZSTD_BLOCK_MAX = 1 << 17
_ZSTD_FCS_SIZE = (0, 2, 4, 8)
_ZSTD_DICT_SIZE = (0, 1, 2, 4)


Data = bytes | bytearray | memoryview
Frame = tuple[int, int, int]
"""(start, end, bound on decompressed size) of one frame; skippable frames have bound -1."""


def lz4_frames(data: Data) -> list[Frame] | None:
    """The lz4 frames that make up ``data`` exactly, or None."""
    return _frames(data, _lz4_frame_end)


def zstd_frames(data: Data) -> list[Frame] | None:
    """The zstd frames that make up ``data`` exactly, or None."""
    return _frames(data, _zstd_frame_end)


def _frames(data: Data, frame_end: Callable[[Data, int], Frame | None]) -> list[Frame] | None:
    frames = []
    pos = 0
    size = len(data)
    while pos < size:
        if size - pos >= 8 and data[pos + 1 : pos + 4] == b"\x2a\x4d\x18" and data[pos] >> 4 == 5:
            end = pos + 8 + int.from_bytes(data[pos + 4 : pos + 8], "little")  # skippable
            frame: Frame | None = (pos, end, -1) if end <= size else None
        else:
            frame = frame_end(data, pos)
        if frame is None:
            return None
        frames.append(frame)
        pos = frame[1]
    return frames or None


def lz4_declared_size(data: Data, start: int = 0) -> int:
    """The content size an lz4 frame header declares (0 if none or unreadable)."""
    if len(data) - start < 14 or not data[start + 4] & 0x08:
        return 0
    return int.from_bytes(data[start + 6 : start + 14], "little")


def _lz4_frame_end(data: Data, start: int) -> Frame | None:
    size = len(data)
    if size - start < 7 or int.from_bytes(data[start : start + 4], "little") != _LZ4_MAGIC:
        return None
    flg, bd = data[start + 4], data[start + 5]
    block_max = _LZ4_BLOCK_MAX.get((bd >> 4) & 0x07)
    if flg >> 6 != 1 or block_max is None:
        return None
    declared = lz4_declared_size(data, start)
    pos = start + 7 + (8 if flg & 0x08 else 0) + (4 if flg & 0x01 else 0)
    block_checksum = 4 if flg & 0x10 else 0
    bound = 0
    while pos + 4 <= size:
        block = int.from_bytes(data[pos : pos + 4], "little")
        pos += 4
        if block == 0:  # end mark
            pos += 4 if flg & 0x04 else 0
            ok = pos <= size and declared <= bound  # a content size its blocks can't hold: a lie
            return (start, pos, bound) if ok else None
        pos += (block & 0x7FFFFFFF) + block_checksum
        bound += block_max
    return None


def _zstd_frame_end(data: Data, start: int) -> Frame | None:
    size = len(data)
    if size - start < 6 or int.from_bytes(data[start : start + 4], "little") != _ZSTD_MAGIC:
        return None
    fhd = data[start + 4]
    single_segment = fhd & 0x20
    fcs = _ZSTD_FCS_SIZE[fhd >> 6] or (1 if single_segment else 0)
    pos = start + 5 + (0 if single_segment else 1) + _ZSTD_DICT_SIZE[fhd & 0x03] + fcs
    declared = int.from_bytes(data[pos - fcs : pos], "little") + (256 if fcs == 2 else 0)
    bound = 0
    while pos + 3 <= size:
        header = int.from_bytes(data[pos : pos + 3], "little")
        pos += 3
        kind = (header >> 1) & 0x03
        block = header >> 3
        if kind == 0:  # raw
            pos += block
            bound += block
        elif kind == 1:  # RLE: one byte, repeated `block` times
            pos += 1
            bound += block
        elif kind == 2:  # compressed: output at most Block_Maximum_Size
            pos += block
            bound += _ZSTD_BLOCK_MAX
        else:
            return None
        if header & 1:  # last block
            pos += 4 if fhd & 0x04 else 0
            ok = pos <= size and declared <= bound  # a content size its blocks can't hold: a lie
            return (start, pos, bound) if ok else None
    return None
