"""Sending a prepared form through ``protocol.producer`` and saying what happened, in words."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

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


async def send(client: KafkaClient, prepared: PreparedSend) -> SendOutcome:
    """Send every copy once (the producer retries only what the broker surely did not write)."""
    form = prepared.form
    began = time.monotonic()
    try:
        data = await asyncio.to_thread(read_file, form.value.text) if prepared.reads_file else None
        producer = Producer(client, acks=form.acks, compression=form.compression,  # type: ignore[arg-type]
                            partitioner=form.partitioner)  # type: ignore[arg-type]
        results = await producer.send_many(form.topic, records(prepared, data), partition=form.partition)
    except (KafkaExplorerError, PayloadError, TimeoutError, OSError) as exc:
        error = explain(exc, form.topic)
        return SendOutcome(form.topic, form.copies, 0, (), None, None, error, time.monotonic() - began)
    return summarize(results, form.copies, time.monotonic() - began)


def summarize(results: ProduceResults, copies: int, seconds: float) -> SendOutcome:
    errors = results.errors
    failed = {index for index, _ in errors}
    count = len(results)
    if failed:
        ok = [i for i in range(count) if i not in failed]
        written = [ok[0], ok[-1]] if ok else []
    else:
        written = [0, count - 1] if count else []
    first = _where(results, written[0]) if written else None
    last = _where(results, written[-1]) if written else None
    partitions = tuple(sorted({b.tp.partition for b in results.batches if b.error is None}))
    error = explain(errors[0][1], results.topic, len(failed), copies) if errors else None
    return SendOutcome(results.topic, copies, count - len(failed), partitions, first, last, error,
                       seconds)  # fmt: skip


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
