"""An offset reset as the user describes it (what to, and which partitions), made into the
:class:`protocol.admin.ResetTarget` and scope that ``Admin.plan_offset_reset`` takes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from explorer.produce.timestamps import parse_timestamp
from explorer.timefmt import TimeZoneMode
from protocol.admin import OffsetChange, ResetTarget, TopicPartition
from protocol.admin.offset_reset import Scope

KINDS = ("earliest", "latest", "timestamp", "offset", "shift")
LABELS = {"earliest": "Earliest (the beginning of each partition)",
          "latest": "Latest (skip everything now in the topic)",
          "timestamp": "The first message at or after a time", "offset": "A specific offset",
          "shift": "Shift the current offsets by N"}


@dataclass(frozen=True, slots=True)
class ResetChoice:
    """``topic``/``partition`` None: every topic/partition of the group (or of the topic)."""

    kind: str
    topic: str | None = None
    partition: int | None = None
    timestamp: str = ""
    offset: int = 0
    shift: int = 0


def plan_request(choice: ResetChoice, known: Sequence[TopicPartition], committed: Sequence[TopicPartition],
                 partitions_of: dict[str, int], mode: TimeZoneMode) -> tuple[ResetTarget, Scope]:
    """The target and the partitions to reset; raises ``ValueError`` with a sentence.

    ``known``: partitions the group commits to or owns; ``committed``: those with a commit;
    ``partitions_of``: partition counts of the cluster's topics.
    """
    tps = _scope(choice, known, committed, partitions_of)
    if choice.kind == "earliest":
        return ResetTarget.earliest(), tps
    if choice.kind == "latest":
        return ResetTarget.latest(), tps
    if choice.kind == "timestamp":
        when = parse_timestamp(choice.timestamp, mode)
        if when is None:
            raise ValueError("Enter the time to reset to.")
        return ResetTarget.at_timestamp(when), tps
    if choice.kind == "offset":
        if choice.offset < 0:
            raise ValueError("An offset is 0 or more.")
        return ResetTarget.to_offsets(dict.fromkeys(tps, choice.offset)), tps
    if choice.kind == "shift":
        return ResetTarget.shifted_by(choice.shift), tps
    raise ValueError(f"Unknown kind of reset {choice.kind!r}.")


def _scope(choice: ResetChoice, known: Sequence[TopicPartition], committed: Sequence[TopicPartition],
           partitions_of: dict[str, int]) -> list[TopicPartition]:
    if choice.topic is not None and choice.partition is not None:
        return [TopicPartition(choice.topic, choice.partition)]
    pool = committed if choice.kind == "shift" else known
    topics = [choice.topic] if choice.topic is not None else sorted({tp.topic for tp in pool})
    tps = {tp for topic in topics for tp in _partitions(topic, pool, partitions_of)}
    if choice.kind == "shift":
        tps &= set(committed)
    if not tps:
        raise ValueError("There is no committed offset to shift there." if choice.kind == "shift"
                         else "This group has no committed offsets: choose a topic to reset.")
    return sorted(tps)


def _partitions(topic: str, pool: Sequence[TopicPartition],
                partitions_of: dict[str, int]) -> list[TopicPartition]:
    count = partitions_of.get(topic)
    if count:
        return [TopicPartition(topic, p) for p in range(count)]
    return [tp for tp in pool if tp.topic == topic]


def change_text(change: OffsetChange) -> str:
    """``+5``, ``-3``, ``0`` or ``new`` (no offset before)."""
    if change.before is None:
        return "new"
    delta = change.after - change.before
    return f"{delta:+,}" if delta else "0"
