"""Upper bounds on the decompressed size of lz4 and zstd frames, read from block headers.

Neither format has to declare its content size (Java's writers don't), but both split data
into blocks of bounded output size. Walking the block headers (one per 64-128 KB) gives a
bound cheaply, so a batch under the decompression cap can take the libraries' fast one-shot
path instead of the slow incremental one. ``None`` means "not one simple frame": the caller
then takes the careful path, which also reports errors properly.
"""

from __future__ import annotations

_LZ4_MAGIC = 0x184D2204
_LZ4_BLOCK_MAX = {4: 1 << 16, 5: 1 << 18, 6: 1 << 20, 7: 1 << 22}
_ZSTD_MAGIC = 0xFD2FB528
_ZSTD_BLOCK_MAX = 1 << 17
_ZSTD_FCS_SIZE = (0, 2, 4, 8)
_ZSTD_DICT_SIZE = (0, 1, 2, 4)


def lz4_frame_bound(data: bytes | memoryview) -> int | None:
    """Max output of a single lz4 frame filling ``data`` exactly, or None."""
    size = len(data)
    if size < 7 or int.from_bytes(data[:4], "little") != _LZ4_MAGIC:
        return None
    flg, bd = data[4], data[5]
    block_max = _LZ4_BLOCK_MAX.get((bd >> 4) & 0x07)
    if flg >> 6 != 1 or block_max is None:
        return None
    pos = 7 + (8 if flg & 0x08 else 0) + (4 if flg & 0x01 else 0)
    block_checksum = 4 if flg & 0x10 else 0
    bound = 0
    while pos + 4 <= size:
        block = int.from_bytes(data[pos : pos + 4], "little")
        pos += 4
        if block == 0:  # end mark
            pos += 4 if flg & 0x04 else 0
            return bound if pos == size else None
        pos += (block & 0x7FFFFFFF) + block_checksum
        bound += block_max
    return None


def zstd_frame_bound(data: bytes | memoryview) -> int | None:
    """Max output of a single zstd frame filling ``data`` exactly, or None."""
    size = len(data)
    if size < 6 or int.from_bytes(data[:4], "little") != _ZSTD_MAGIC:
        return None
    fhd = data[4]
    single_segment = fhd & 0x20
    fcs = _ZSTD_FCS_SIZE[fhd >> 6] or (1 if single_segment else 0)
    pos = 5 + (0 if single_segment else 1) + _ZSTD_DICT_SIZE[fhd & 0x03] + fcs
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
            return bound if pos == size else None
    return None
