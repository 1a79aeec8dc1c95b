"""What a produce call reports: per record, where it landed or why it did not.

Results are kept per batch and turned into a :class:`RecordMetadata` only when asked for, so a
million-record bulk send does not pay for a million objects nobody reads.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from protocol.errors import KafkaExplorerError, MessageTooLargeError
from protocol.produce_wire import OutgoingBatch

__all__ = ["ProduceResults", "RecordMetadata", "RecordTooLargeError"]


@dataclass(frozen=True, slots=True)
class RecordMetadata:
    """Where a record was written. ``offset`` is -1 with acks=0 (the broker does not say)."""

    topic: str
    partition: int
    offset: int
    timestamp: int


class RecordTooLargeError(MessageTooLargeError):
    """MESSAGE_TOO_LARGE, said so a person knows which setting to look at."""

    def __init__(self, text: str, *, context: str = "") -> None:
        super().__init__(text, context=context)
        message = f"{context}: {text}" if context else text
        self.args = (message,)
        self.message = message


def too_large_at_broker(size: int, context: str) -> RecordTooLargeError:
    return RecordTooLargeError(
        "The message is larger than the broker accepts (message.max.bytes/max.message.bytes): the "
        f"batch holding it was {size:,} bytes. Raise the topic's max.message.bytes or send smaller "
        "records. Nothing was written.",
        context=context,
    )


def too_large_here(size: int, limit: int, context: str) -> RecordTooLargeError:
    return RecordTooLargeError(
        f"The message is larger than this producer sends in one request: about {size:,} bytes, and "
        f"request_bytes is {limit:,} (brokers accept about 1 MB unless message.max.bytes/"
        "max.message.bytes say otherwise). It was not sent.",
        context=context,
    )


class ProduceResults(Sequence[RecordMetadata]):
    """Results in input order: ``results[i]`` is record i's :class:`RecordMetadata`, or raises its error.

    ``errors`` lists ``(index, error)`` of the records that were not written; ``ok`` is True
    when there are none; :meth:`raise_first` raises the first of them.
    """

    def __init__(self, topic: str) -> None:
        self.topic = topic
        self.batches: list[OutgoingBatch] = []
        self._local: dict[int, KafkaExplorerError] = {}
        self._count = 0
        self._where: tuple[array[int], array[int]] | None = None

    # -- filled in by the producer ----------------------------------------------------------
    def add_batch(self, batch: OutgoingBatch) -> None:
        self.batches.append(batch)

    def fail_record(self, index: int, error: KafkaExplorerError) -> None:
        """A record refused before sending (too large, bad partition)."""
        self._local[index] = error

    def set_count(self, count: int) -> None:
        self._count = count

    # -- reading ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, i: int) -> RecordMetadata: ...
    @overload
    def __getitem__(self, i: slice) -> list[RecordMetadata]: ...
    def __getitem__(self, i: int | slice) -> RecordMetadata | list[RecordMetadata]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._count))]
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError("result index out of range")
        batch_no, pos = self._locate(i)
        if batch_no < 0:
            raise self._local[i]
        batch = self.batches[batch_no]
        if batch.error is not None:
            raise batch.error
        offset = batch.base_offset + pos if batch.base_offset >= 0 else -1
        ts = batch.log_append_time if batch.log_append_time >= 0 else batch.timestamps[pos]
        return RecordMetadata(self.topic, batch.tp.partition, offset, ts)

    def __iter__(self) -> Iterator[RecordMetadata]:
        for i in range(self._count):
            yield self[i]

    def error(self, i: int) -> KafkaExplorerError | None:
        """Record i's error, or None if it was written."""
        batch_no, _ = self._locate(i)
        return self._local[i] if batch_no < 0 else self.batches[batch_no].error

    @property
    def errors(self) -> list[tuple[int, KafkaExplorerError]]:
        found = list(self._local.items())
        for batch in self.batches:
            if batch.error is not None:
                found.extend((i, batch.error) for i in batch.indices)
        return sorted(found, key=lambda item: item[0])

    @property
    def ok(self) -> bool:
        return not self._local and all(b.error is None for b in self.batches)

    def raise_first(self) -> None:
        """Raise the error of the first record that was not written, if any."""
        errors = self.errors
        if errors:
            raise errors[0][1]

    def _locate(self, i: int) -> tuple[int, int]:
        if self._where is None:
            batch_of = array("q", [-1]) * self._count
            pos_of = array("q", [0]) * self._count
            for number, batch in enumerate(self.batches):
                for pos, index in enumerate(batch.indices):
                    batch_of[index] = number
                    pos_of[index] = pos
            self._where = (batch_of, pos_of)
        return self._where[0][i], self._where[1][i]
