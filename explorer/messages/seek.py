"""Where reading starts and stops: a :class:`ReadPlan` resolved to offsets per partition.

Start at the beginning, the end, an offset (clamped into each partition's range), a time (the
first record at or after it, through ListOffsets), or the last N of each partition; then stop
at the end offsets of that moment or keep tailing. Times typed by a person are read in the
time zone setting (local or UTC) unless they name their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from explorer.timefmt import TimeZoneMode
from protocol.offsets import offsets_for_time, watermarks
from protocol.topic_partition import TopicPartition, topic_partitions

if TYPE_CHECKING:
    from protocol.client import KafkaClient


class StartAt(StrEnum):
    BEGINNING = "beginning"
    END = "end"
    OFFSET = "offset"
    TIMESTAMP = "timestamp"
    LAST = "last"

    @property
    def label(self) -> str:
        return {
            "beginning": "Beginning",
            "end": "End",
            "offset": "Offset",
            "timestamp": "Time",
            "last": "Last N per partition",
        }[self.value]


@dataclass(frozen=True, slots=True)
class ReadPlan:
    """What to read. ``value`` is the offset, the time in ms, or N, depending on ``start``."""

    topic: str
    start: StartAt = StartAt.BEGINNING
    value: int = 0
    partitions: tuple[int, ...] | None = None
    """None: every partition."""
    tail: bool = False
    """Keep reading new records after reaching the end."""


@dataclass(frozen=True, slots=True)
class Positions:
    """A resolved plan: the first offset to read per partition, and where to stop (None: tail)."""

    starts: dict[TopicPartition, int]
    ends: dict[TopicPartition, int] | None

    @property
    def expected(self) -> int | None:
        """How many offsets lie between the starts and the ends (None when tailing)."""
        if self.ends is None:
            return None
        return sum(max(0, self.ends[tp] - start) for tp, start in self.starts.items())


def start_offset(start: StartAt, value: int, low: int, high: int, found: int | None = None) -> int:
    """The first offset to read in a partition holding ``low`` to ``high - 1``."""
    if start is StartAt.BEGINNING:
        return low
    if start is StartAt.END:
        return high
    if start is StartAt.OFFSET:
        return max(low, min(value, high))
    if start is StartAt.LAST:
        return max(low, high - max(0, value))
    return high if found is None else max(low, min(found, high))


async def resolve(client: KafkaClient, plan: ReadPlan) -> Positions:
    """Look up the partitions, their ranges and (for a time) the offsets at that time."""
    tps = await partitions_of(client, plan.topic, plan.partitions)
    ranges = await watermarks(client, tps)
    by_time: dict[TopicPartition, int | None] = {}
    if plan.start is StartAt.TIMESTAMP:
        found = await offsets_for_time(client, tps, max(0, plan.value))
        by_time = {tp: answer.offset for tp, answer in found.items()}
    starts = {tp: start_offset(plan.start, plan.value, *ranges[tp], by_time.get(tp)) for tp in tps}
    ends = None if plan.tail else {tp: ranges[tp][1] for tp in tps}
    return Positions(starts, ends)


async def partitions_of(
    client: KafkaClient, topic: str, chosen: Sequence[int] | None
) -> list[TopicPartition]:
    tps = sorted(await topic_partitions(client, topic), key=lambda tp: tp.partition)
    if chosen is None:
        return tps
    known = {tp.partition for tp in tps}
    missing = sorted(set(chosen) - known)
    if missing:
        raise ValueError(f"Topic {topic} has no partition {missing[0]} (it has 0 to {len(tps) - 1}).")
    return [TopicPartition(topic, p) for p in sorted(set(chosen))]


def parse_partitions(text: str) -> tuple[int, ...] | None:
    """``0,2,5-7`` as (0, 2, 5, 6, 7); empty or ``all`` is None (every partition)."""
    text = text.strip().lower()
    if text in ("", "all", "*"):
        return None
    chosen: set[int] = set()
    for part in text.replace(" ", ",").split(","):
        if not part:
            continue
        low, dash, high = part.partition("-")
        try:
            first, last = int(low), int(high) if dash else int(low)
        except ValueError:
            raise ValueError(f"“{part}” is not a partition number or range (write 0,2,5-7)") from None
        if first < 0 or last < first:
            raise ValueError(f"“{part}” is not a partition range (write 5-7)")
        chosen.update(range(first, last + 1))
    return tuple(sorted(chosen))


def parse_time(text: str, mode: TimeZoneMode) -> int:
    """Milliseconds since the epoch from ``2026-03-01 14:05``, ``…T14:05:09.250Z``, or plain ms.

    A time without a zone is in ``mode`` (the time zone setting).
    """
    text = text.strip()
    if text.lstrip("-").isdigit():
        return int(text)
    cleaned = text.removesuffix(" UTC").removesuffix("Z")
    utc_named = cleaned != text
    try:
        moment = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(
            f"“{text}” is not a time: write 2026-03-01 14:05:09 (or milliseconds since 1970)"
        ) from None
    if moment.tzinfo is None:
        zone = dt.UTC if utc_named or mode == "UTC" else None
        moment = moment.replace(tzinfo=zone) if zone else moment.astimezone()
    return int(moment.timestamp() * 1000)
