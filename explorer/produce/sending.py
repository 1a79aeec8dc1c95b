"""Sending a prepared form through ``protocol.producer`` and saying what happened, in words."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from itertools import islice

from explorer.produce.payload import PayloadError, read_file
from explorer.produce.request import PreparedSend, records
from protocol.client import KafkaClient
from protocol.errors import (
    AuthorizationError,
    KafkaConnectionError,
    KafkaExplorerError,
    KafkaTimeoutError,
    MessageTooLargeError,
    UnknownTopicOrPartitionError,
)
from protocol.produce_results import ProduceResults
from protocol.producer import Producer

MAYBE_WRITTEN = "It may or may not have been written: look at the topic before sending again."


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """What one press of Send did: how many records were written and where, or why not.

    ``first``/``last`` are (partition, offset, timestamp ms) of the first and last written
    record (offset -1 with acks 0); ``error`` is the first failure, as a sentence.
    """

    topic: str
    copies: int
    written: int
    partitions: tuple[int, ...]
    first: tuple[int, int, int] | None
    last: tuple[int, int, int] | None
    error: str | None
    seconds: float

    @property
    def ok(self) -> bool:
        return self.error is None and self.written == self.copies


CHUNK = 2_000
"""Copies built and handed to the producer at a time: the event loop runs between chunks, so
building a hundred thousand records never freezes the window (under 20 ms per chunk)."""


async def send(client: KafkaClient, prepared: PreparedSend) -> SendOutcome:
    """Send every copy once (the producer retries only what the broker surely did not write).

    Copies go in chunks of :data:`CHUNK`; a chunk with failures ends the send (the rest would
    most likely fail the same way).
    """
    form = prepared.form
    began = time.monotonic()
    tally = Tally(form.topic, form.copies)
    try:
        data = await asyncio.to_thread(read_file, form.value.text) if prepared.reads_file else None
        producer = Producer(client, acks=form.acks, compression=form.compression,  # type: ignore[arg-type]
                            partitioner=form.partitioner)  # type: ignore[arg-type]
        source = records(prepared, data)
        for _ in range(0, form.copies, CHUNK):
            results = await producer.send_many(form.topic, islice(source, CHUNK), partition=form.partition)
            tally.add(results)
            if results.errors:
                break
    except (KafkaExplorerError, PayloadError, TimeoutError, OSError) as exc:
        tally.fail(exc)
    return tally.outcome(time.monotonic() - began)


@dataclass(slots=True)
class Tally:
    """What the chunks of one send wrote so far, and the first failure."""

    topic: str
    copies: int
    written: int = 0
    partitions: set[int] = field(default_factory=set)
    first: tuple[int, int, int] | None = None
    last: tuple[int, int, int] | None = None
    problem: BaseException | None = None

    def add(self, results: ProduceResults) -> None:
        failed = {index for index, _ in results.errors}
        ok = [i for i in range(len(results)) if i not in failed] if failed else [0, len(results) - 1]
        if ok and len(results):
            self.first = self.first or _where(results, ok[0])
            self.last = _where(results, ok[-1])
        self.written += len(results) - len(failed)
        self.partitions.update(b.tp.partition for b in results.batches if b.error is None)
        if failed and self.problem is None:
            self.problem = results.errors[0][1]

    def fail(self, error: BaseException) -> None:
        self.problem = self.problem or error

    def outcome(self, seconds: float) -> SendOutcome:
        error = None
        if self.problem is not None:
            error = explain(self.problem, self.topic, self.copies - self.written, self.copies)
        return SendOutcome(self.topic, self.copies, self.written, tuple(sorted(self.partitions)), self.first,
                           self.last, error, seconds)  # fmt: skip


def _where(results: ProduceResults, index: int) -> tuple[int, int, int]:
    meta = results[index]
    return meta.partition, meta.offset, meta.timestamp


def explain(error: BaseException, topic: str, failed: int = 1, copies: int = 1) -> str:
    """A sentence for a person: what went wrong and whether anything was written."""
    lost = "Nothing was sent." if failed >= copies else f"{failed:,} of {copies:,} records were not sent."
    if isinstance(error, PayloadError):
        return f"{error} Nothing was sent."
    if isinstance(error, UnknownTopicOrPartitionError) and error.detail == "no such topic":
        return f"There is no topic “{topic}” on this cluster (check its name). {lost}"
    if isinstance(error, AuthorizationError):
        return f"You are not allowed to write to “{topic}”: the cluster's ACLs deny it. {lost}\n{error}"
    if isinstance(error, MessageTooLargeError):
        return str(error) if failed >= copies else f"{error} {lost}"
    if isinstance(error, KafkaTimeoutError | TimeoutError):
        return f"The cluster did not answer in time. {MAYBE_WRITTEN}"
    if isinstance(error, KafkaConnectionError):
        return f"The connection to the cluster failed ({error}). {MAYBE_WRITTEN}"
    return f"{error} {lost}"
