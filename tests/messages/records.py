"""Building fetched-like record views without a broker, and reading rows back as tuples."""

from __future__ import annotations

from protocol.records import Codec, RecordView, build_batch, decode_records

Row = tuple[int, int, int, bytes | None, bytes | None, tuple[tuple[str, bytes | None], ...]]


def view_of(
    first: int,
    count: int,
    *,
    per_batch: int = 50,
    codec: Codec = Codec.NONE,
    value_size: int = 20,
    ts0: int = 1_700_000_000_000,
) -> RecordView:
    """``count`` records from offset ``first`` in batches of ``per_batch``, like one fetch."""
    blobs = []
    for start in range(first, first + count, per_batch):
        stop = min(start + per_batch, first + count)
        records = [
            (
                o,
                ts0 + o,
                f"k{o}".encode(),
                (f"v{o}-".encode() * value_size)[:value_size],
                [("n", str(o).encode())] if o % 3 == 0 else [],
            )
            for o in range(start, stop)
        ]
        blobs.append(build_batch(records, codec, base_offset=start))
    return decode_records(b"".join(blobs), first)


def expected_row(partition: int, offset: int, value_size: int = 20, ts0: int = 1_700_000_000_000) -> Row:
    headers = (("n", str(offset).encode()),) if offset % 3 == 0 else ()
    value = (f"v{offset}-".encode() * value_size)[:value_size]
    return (partition, offset, ts0 + offset, f"k{offset}".encode(), value, headers)
