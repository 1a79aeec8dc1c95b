"""Searching a topic: the records whose key, value or a header value contains a string or matches
a regular expression, across every partition or a partition and offset range.

Built on :func:`protocol.records.search_view`: each fetched chunk is indexed lazily and scanned
batch buffer by batch buffer, so only matching records become objects. Progress is reported
after every chunk; cancelling the task that iterates stops every fetch in flight.

    async for hit in search_topic(client, "orders", "4711", on_progress=print):
        print(hit.partition, hit.offset, hit.value)
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from protocol.consumer import FetchChunk, PartitionFetcher
from protocol.offsets import EARLIEST
from protocol.records import IsolationLevel, search_view
from protocol.records.record import Headers
from protocol.records.search import FIELDS
from protocol.topic_partition import TopicPartition, topic_partitions

if TYPE_CHECKING:
    from protocol.client import KafkaClient

__all__ = [
    "FIELDS",
    "SearchHit",
    "SearchProgress",
    "TopicSearch",
    "compile_needle",
    "count_matches",
    "search_topic",
]

Needle = str | bytes | re.Pattern[str] | re.Pattern[bytes]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching record."""

    topic: str
    partition: int
    offset: int
    timestamp: int
    key: bytes | None
    value: bytes | None
    headers: Headers


@dataclass(frozen=True, slots=True)
class SearchProgress:
    """Where a search stands: ``scanned`` records so far, ``matches`` among them, and how far
    it got through the offset range it covers (``offsets_done`` of ``offsets_total``, fixed
    when the search starts; control records and compacted gaps count as done too)."""

    scanned: int
    matches: int
    offsets_done: int
    offsets_total: int
    positions: Mapping[TopicPartition, int]

    @property
    def total(self) -> int:
        """The offsets the search covers: about as many records (``offsets_total``)."""
        return self.offsets_total

    @property
    def fraction(self) -> float:
        """0.0 to 1.0, for a progress bar."""
        return 1.0 if self.offsets_total <= 0 else min(1.0, self.offsets_done / self.offsets_total)


def compile_needle(needle: Needle, *, ignore_case: bool = False) -> bytes | re.Pattern[bytes]:
    """What :func:`search_view` takes: UTF-8 bytes, or a bytes regex (str patterns are re-compiled)."""
    if isinstance(needle, re.Pattern):
        flags = needle.flags & ~re.UNICODE
        if ignore_case:
            flags |= re.IGNORECASE
        source = needle.pattern
        return re.compile(source.encode() if isinstance(source, str) else source, flags)
    raw = needle.encode() if isinstance(needle, str) else bytes(needle)
    return re.compile(re.escape(raw), re.IGNORECASE) if ignore_case else raw


class TopicSearch:
    """One search over ``topic``; iterate it (once) for :class:`SearchHit`\\ s, or :meth:`count`.

    ``partitions`` limits the partitions (default: all). ``start`` is an offset, EARLIEST, or a
    mapping partition -> offset; ``end`` (exclusive) likewise, default: each partition's end
    when the search starts. ``fields`` picks among ``key``, ``value`` and ``headers`` (header
    values). ``on_progress`` is called after every fetched chunk.

        async with TopicSearch(client, "orders", re.compile("id=4[0-9]+")) as search:
            async for hit in search:
                ...
    """

    def __init__(
        self,
        client: KafkaClient,
        topic: str,
        needle: Needle,
        *,
        fields: Collection[str] = FIELDS,
        ignore_case: bool = False,
        partitions: Iterable[int] | None = None,
        start: int | Mapping[int, int] = EARLIEST,
        end: int | Mapping[int, int] | None = None,
        isolation: IsolationLevel = IsolationLevel.READ_UNCOMMITTED,
        on_progress: Callable[[SearchProgress], None] | None = None,
        fetch_options: Mapping[str, Any] | None = None,
    ) -> None:
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise ValueError(f"Unknown fields {sorted(unknown)}; choose from {FIELDS}.")
        self._client = client
        self.topic = topic
        self.needle = compile_needle(needle, ignore_case=ignore_case)
        self.fields = tuple(fields)
        self._partitions = None if partitions is None else sorted(set(partitions))
        self._start, self._end = start, end
        self._isolation = isolation
        self._on_progress = on_progress
        self._fetch_options = dict(fetch_options or {})
        self.scanned = 0
        self.matches = 0
        self._spans: dict[TopicPartition, tuple[int, int]] = {}
        self._fetcher: PartitionFetcher | None = None
        self._iterator: AsyncGenerator[SearchHit, None] | None = None

    def __aiter__(self) -> AsyncIterator[SearchHit]:
        self._iterator = self.hits()
        return self._iterator

    async def __aenter__(self) -> TopicSearch:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Stop the fetches in flight. Iterating inside ``async with`` makes a cancellation (or a
        ``break``) end them at once; otherwise they end when the iterator is garbage-collected."""
        iterator = self._iterator
        if iterator is not None and not getattr(iterator, "ag_running", False):
            await iterator.aclose()
        if self._fetcher is not None:
            await self._fetcher.close()

    async def hits(self) -> AsyncGenerator[SearchHit, None]:
        """The matching records, partition by partition in offset order (interleaved across them)."""
        async with contextlib.aclosing(self._scan()) as scan:
            async for chunk, found in scan:
                view = chunk.view
                for i in found:
                    key, value, headers = view.fields(i)
                    yield SearchHit(
                        chunk.topic, chunk.partition, view.offsets[i], view.timestamps[i], key, value, headers
                    )

    async def count(self) -> int:
        """The number of matching records, without making a single hit object."""
        async for _ in self._scan():
            pass
        return self.matches

    async def _scan(self) -> AsyncGenerator[tuple[FetchChunk, list[int]], None]:
        fetcher = self._fetcher = await self._make_fetcher()
        async with fetcher:
            async for chunk in fetcher:
                found = search_view(chunk.view, self.needle, self.fields) if len(chunk.records) else []
                self.scanned += len(chunk.records)
                self.matches += len(found)
                self._report(fetcher)
                yield chunk, found

    async def _make_fetcher(self) -> PartitionFetcher:
        tps = await topic_partitions(self._client, self.topic)
        if self._partitions is not None:
            known = {tp.partition for tp in tps}
            missing = [p for p in self._partitions if p not in known]
            if missing:
                raise ValueError(f"Topic {self.topic} has no partition {missing[0]}.")
            tps = [TopicPartition(self.topic, p) for p in self._partitions]
        starts = {tp: _per_partition(self._start, tp.partition, EARLIEST) for tp in tps}
        ends = {tp: e for tp in tps if (e := _per_partition(self._end, tp.partition, None)) is not None}
        options: dict[str, Any] = {"max_wait_ms": 100, **self._fetch_options}
        fetcher = PartitionFetcher(
            self._client, starts, isolation=self._isolation, stop_at_end=True, end_offsets=ends, **options
        )
        await fetcher.prepare()
        ends = fetcher.end_offsets
        self._spans = {tp: (offset, ends[tp]) for tp, offset in fetcher.positions.items()}
        return fetcher

    def _report(self, fetcher: PartitionFetcher) -> None:
        if self._on_progress is None:
            return
        positions = fetcher.positions
        total = sum(end - start for start, end in self._spans.values())
        done = sum(positions.get(tp, end) - start for tp, (start, end) in self._spans.items())
        self._on_progress(SearchProgress(self.scanned, self.matches, done, total, positions))


def _per_partition(spec: int | Mapping[int, int] | None, partition: int, default: int | None) -> Any:
    if spec is None:
        return default
    if isinstance(spec, Mapping):
        return spec.get(partition, default)
    return spec


async def search_topic(
    client: KafkaClient, topic: str, needle: Needle, **options: Any
) -> AsyncIterator[SearchHit]:
    """The hits of a :class:`TopicSearch` (same options)."""
    async with TopicSearch(client, topic, needle, **options) as search:
        async for hit in search:
            yield hit


async def count_matches(client: KafkaClient, topic: str, needle: Needle, **options: Any) -> int:
    """How many records of ``topic`` match (same options as :class:`TopicSearch`)."""
    return await TopicSearch(client, topic, needle, **options).count()
