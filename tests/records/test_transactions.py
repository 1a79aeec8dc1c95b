"""read_committed filtering with aborted transactions, as the Java consumer does it."""

from __future__ import annotations

import pytest

from protocol.records import (
    Codec,
    ControlType,
    IsolationLevel,
    Record,
    build_batch,
    build_control_batch,
    decode_records,
    iter_records,
    search_blob,
)

COMMITTED = IsolationLevel.READ_COMMITTED


def data(first: int, count: int, pid: int, codec: Codec = Codec.NONE) -> bytes:
    records = [Record(first + i, 1000 + first + i, b"p%d" % pid, b"v%d" % (first + i)) for i in range(count)]
    if pid < 0:
        return build_batch(records, codec)
    return build_batch(records, codec, producer_id=pid, producer_epoch=0, transactional=True)


def marker(kind: ControlType, offset: int, pid: int) -> bytes:
    return build_control_batch(kind, offset=offset, producer_id=pid, producer_epoch=0, timestamp=1)


ABORT, COMMIT = ControlType.ABORT, ControlType.COMMIT

# offset: what is there
#  0-1  plain batch (no producer id)        9-10 pid 11 again, a new transaction (committed)
#  2-3  pid 10, committed at 7              11   COMMIT pid 11
#  4-5  pid 11, aborted at 8                12-13 pid 12, aborted at 15 (lz4)
#  6    plain                               14   pid 13, committed at 16 (zstd)
#  7    COMMIT pid 10                       15   ABORT pid 12
#  8    ABORT pid 11                        16   COMMIT pid 13
BLOB = b"".join(
    [
        data(0, 2, -1),
        data(2, 2, 10),
        data(4, 2, 11, Codec.GZIP),
        data(6, 1, -1),
        marker(COMMIT, 7, 10),
        marker(ABORT, 8, 11),
        data(9, 2, 11),
        marker(COMMIT, 11, 11),
        data(12, 2, 12, Codec.LZ4),
        data(14, 1, 13, Codec.ZSTD),
        marker(ABORT, 15, 12),
        marker(COMMIT, 16, 13),
    ]
)
ABORTED = [(12, 12), (11, 4)]  # deliberately not sorted


def offsets(**kwargs: object) -> list[int]:
    eager = [r[0] for r in iter_records(BLOB, **kwargs)]  # type: ignore[arg-type]
    lazy = list(decode_records(BLOB, **kwargs).offsets)  # type: ignore[arg-type]
    assert eager == lazy
    return eager


def test_read_uncommitted_returns_everything_but_markers() -> None:
    assert offsets() == [0, 1, 2, 3, 4, 5, 6, 9, 10, 12, 13, 14]
    assert offsets(aborted_transactions=ABORTED) == offsets()


def test_read_committed_drops_aborted_transactions() -> None:
    got = offsets(isolation=COMMITTED, aborted_transactions=ABORTED)
    assert got == [0, 1, 2, 3, 6, 9, 10, 14]


def test_read_committed_with_markers_shown() -> None:
    got = offsets(isolation=COMMITTED, aborted_transactions=ABORTED, include_control=True)
    assert got == [0, 1, 2, 3, 6, 7, 8, 9, 10, 11, 14, 15, 16]


def test_read_committed_without_aborted_list_keeps_all() -> None:
    assert offsets(isolation=COMMITTED) == offsets()
    assert offsets(isolation=COMMITTED, aborted_transactions=[]) == offsets()


def test_next_offset_passes_skipped_batches() -> None:
    view = decode_records(BLOB, isolation=COMMITTED, aborted_transactions=ABORTED)
    assert view.next_offset == 17


@pytest.mark.parametrize("fetch_offset", [3, 5, 12, 13, 15])
def test_read_committed_from_the_middle(fetch_offset: int) -> None:
    full = offsets(isolation=COMMITTED, aborted_transactions=ABORTED)
    got = offsets(isolation=COMMITTED, aborted_transactions=ABORTED, fetch_offset=fetch_offset)
    assert got == [o for o in full if o >= fetch_offset]


def test_aborted_list_is_trusted_like_java() -> None:
    # The broker lists only transactions overlapping the fetch. Fetching from 9, it lists
    # none, and pid 11's later transaction is kept; a stale (11, 4) entry would drop it
    # (no ABORT marker follows), exactly as the Java consumer would.
    tail = data(9, 2, 11) + marker(COMMIT, 11, 11)
    kept = list(iter_records(tail, 9, isolation=COMMITTED, aborted_transactions=[]))
    assert [r[0] for r in kept] == [9, 10]
    assert list(iter_records(tail, 9, isolation=COMMITTED, aborted_transactions=[(11, 4)])) == []


def test_non_transactional_batches_of_an_aborted_producer_are_kept() -> None:
    # Idempotent (non-transactional) batch from the same producer id: never aborted.
    idempotent = build_batch([Record(0, 0, None, b"x")], producer_id=11, producer_epoch=0)
    got = list(iter_records(idempotent, isolation=COMMITTED, aborted_transactions=[(11, 0)]))
    assert len(got) == 1


def test_search_respects_read_committed() -> None:
    assert search_blob(BLOB, b"p11") == [4, 5, 9, 10]
    assert search_blob(BLOB, b"p11", isolation=COMMITTED, aborted_transactions=ABORTED) == [9, 10]
