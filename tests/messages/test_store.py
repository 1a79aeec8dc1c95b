"""The store keeps 16 bytes a row in memory and gives every record back from its spill files."""

from __future__ import annotations

import itertools

from explorer.messages.filtering import RowFilter, needle_for
from explorer.messages.hits import HitCollector
from explorer.messages.store import MessageStore
from protocol.fetch_decode import trim_view
from protocol.records import Codec
from protocol.search import SearchHit

from .records import expected_row, view_of


def rows_of(store: MessageStore) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for row in range(store.base, store.end):
        r = store.record(row)
        out.append((r.partition, r.offset, r.timestamp, r.key, r.value, r.headers))
    return out


def test_rows_come_back_from_disk_for_every_codec() -> None:
    store = MessageStore("t", block_bytes=2000, cache_bytes=8000)
    expected = []
    for partition, codec in enumerate(Codec):
        store.append_view(partition, view_of(100, 300, codec=codec, per_batch=37))
        expected += [expected_row(partition, o) for o in range(100, 400)]
    assert len(store) == len(expected) == 1500
    assert rows_of(store) == expected
    assert {store.batch(row).codec for row in range(store.base, store.end)} == set(Codec)  # type: ignore[union-attr]
    assert store.partition(0) == 0 and store.partition(1499) == 4
    assert store.nbytes < 1500 * 16 + 64 * 1024 + 8000 + 32 * 400  # columns page, index, cache
    assert store.disk_bytes > 1500 * 20
    store.close()


def test_cache_stays_within_its_budget_while_reading_everything() -> None:
    store = MessageStore("t", block_bytes=4096, cache_bytes=20_000)
    store.append_view(0, view_of(0, 20_000, value_size=100))
    for row in range(0, 20_000, 7):
        store.fields(row)
    assert store._cached <= 20_000 + 4096 + 24 * 200
    assert store.disk_bytes > 20_000 * 100  # the values are on disk, not in memory
    store.close()


def test_dropping_the_front_keeps_numbering_and_releases_files() -> None:
    store = MessageStore("t", block_bytes=1000, file_bytes=10_000)
    for first in range(0, 100_000, 10_000):
        store.append_view(first // 10_000 % 3, view_of(first, 10_000))
    files_before = len(store._spill.open_files)
    store.drop_front(70_123)
    assert (store.base, store.end, len(store)) == (70_123, 100_000, 29_877)
    assert store.offset(70_123) == 70_123 and store.record(99_999).key == b"k99999"
    assert store.fields(70_123)[0] == b"k70123"
    assert len(store._spill.open_files) < files_before / 2
    store.clear()
    assert len(store) == 0 and store.base == store.end == 100_000
    store.append_view(1, view_of(5, 3))
    assert rows_of(store) == [expected_row(1, o) for o in (5, 6, 7)]
    store.close()


def test_find_and_spans() -> None:
    store = MessageStore("t", block_bytes=500)
    store.append_view(0, view_of(0, 100))
    store.append_view(1, view_of(0, 100))
    store.append_view(0, view_of(100, 100))
    assert store.find(0, 150) == 200 + 50
    assert store.find(1, 99) == 199
    assert store.find(1, 100) is None and store.find(7, 1) is None
    covered = [(first + lo, first + hi) for _, lo, hi, first in store.spans(10, 290)]
    assert covered[0][0] == 10 and covered[-1][1] == 290
    assert all(a[1] == b[0] for a, b in itertools.pairwise(covered))
    store.close()


def test_views_cut_at_an_end_offset_are_stored_as_cut() -> None:
    store = MessageStore("t")
    store.append_view(0, trim_view(view_of(0, 100, per_batch=30), 45))
    assert [store.offset(r) for r in range(store.base, store.end)] == list(range(45))
    assert store.record(44).value == expected_row(0, 44)[4]
    store.close()


def test_filter_scans_in_slices_and_follows_trimming() -> None:
    store = MessageStore("t", block_bytes=800)
    store.append_view(0, view_of(0, 5000))
    whole = RowFilter(store, needle_for("12-"))
    whole.scan(budget_s=10)
    sliced = RowFilter(store, needle_for("12-"))
    while not sliced.caught_up:
        sliced.scan(budget_s=0)
    found = [whole.row(i) for i in range(len(whole))]
    assert found == [sliced.row(i) for i in range(len(sliced))]
    assert [store.offset(r) for r in found] == [o for o in range(5000) if str(o).endswith("12")]
    below = whole.matches_below(1300)
    whole.drop_front(below)
    assert store.offset(whole.row(0)) == 1312 and len(whole) == len(found) - below
    headers = RowFilter(store, needle_for("^4998$", regex=True), ("headers",))
    headers.scan(10)
    assert [store.offset(headers.row(i)) for i in range(len(headers))] == [4998]
    store.close()


def test_search_hits_become_rows_without_batch_metadata() -> None:
    store = MessageStore("t")
    hits = HitCollector(store)
    for partition, offset in ((2, 10), (0, 3), (2, 7_000_000_000), (0, 4)):
        hits.add(SearchHit("t", partition, offset, 1000 + offset, b"k", b"v%d" % offset, (("h", None),)))
    assert hits.flush() == 4
    assert sorted((store.partition(r), store.offset(r)) for r in range(4)) == [
        (0, 3),
        (0, 4),
        (2, 10),
        (2, 7_000_000_000),
    ]
    record = store.record(store.find(2, 7_000_000_000))  # type: ignore[arg-type]
    assert (record.value, record.timestamp, record.headers, record.batch) == (
        b"v7000000000",
        7_000_001_000,
        (("h", None),),
        None,
    )
    store.close()


def test_legacy_message_sets_are_stored_too() -> None:
    from protocol.records import Codec as C
    from protocol.records import decode_records
    from tests.records.strategies import legacy_message
    from tests.records.test_legacy import wrapper

    plain = legacy_message(0, b"a", b"b", timestamp=1) + legacy_message(1, None, b"c", magic=0)
    wrapped = wrapper([legacy_message(i, b"w%d" % i, b"x" * i, timestamp=5 + i) for i in range(3)], 4, C.GZIP)
    view = decode_records(plain + wrapped + legacy_message(5, b"z", None, timestamp=9))
    store = MessageStore("t")
    store.append_view(0, view)
    assert [store.fields(r)[:2] for r in range(len(store))] == [view.fields(i)[:2] for i in range(len(view))]
    assert [store.offset(r) for r in range(len(store))] == [0, 1, 2, 3, 4, 5]
    assert [store.batch(r).magic for r in range(len(store))] == [1, 0, 1, 1, 1, 1]  # type: ignore[union-attr]
    assert store.batch(3).codec == C.GZIP  # type: ignore[union-attr]
    hits = RowFilter(store, needle_for("W2"))
    hits.scan(10)
    assert [hits.row(i) for i in range(len(hits))] == [4]
    store.close()
