"""One group: its state, members and, per partition, committed offset, end offset and lag."""

from __future__ import annotations

import time
from dataclasses import dataclass

from protocol.admin import Admin, GroupDescription, GroupMember, PartitionLag, TopicPartition
from protocol.client import KafkaClient


@dataclass(frozen=True, slots=True)
class GroupDetail:
    """A snapshot of a group, taken at ``loaded_at`` (epoch seconds)."""

    group: GroupDescription
    partitions: tuple[PartitionLag, ...]
    loaded_at: float

    @property
    def members(self) -> tuple[GroupMember, ...]:
        return self.group.members

    @property
    def total_lag(self) -> int:
        return sum(p.lag for p in self.partitions if p.lag is not None)

    @property
    def topics(self) -> list[str]:
        """Topics the group commits to, is assigned or subscribes to."""
        names = {p.topic for p in self.partitions} | {s for m in self.members for s in m.subscription}
        return sorted(names)

    @property
    def committed(self) -> list[TopicPartition]:
        return [TopicPartition(p.topic, p.partition) for p in self.partitions if p.committed is not None]

    def summary(self) -> str:
        """``Stable · classic (range) · 2 members · lag 1,234``."""
        group = self.group
        if not group.exists:
            return "This group does not exist (any more)."
        kind = group.group_type + (f" ({group.protocol})" if group.protocol else "")
        count = len(group.members)
        return (f"{group.state} · {kind} · {count} member{'s' if count != 1 else ''} · "
                f"lag {self.total_lag:,} · coordinator {group.coordinator}")


async def load_detail(client: KafkaClient, group_id: str) -> GroupDetail:
    """Describe the group and read its offsets and the partitions' ends (raises on failure)."""
    lag = await Admin(client).group_lag(group_id)
    return GroupDetail(lag.group, lag.partitions, time.time())


def assignment_text(member: GroupMember) -> str:
    """``orders: 0, 1, 2; payments: 4``."""
    by_topic: dict[str, list[int]] = {}
    for tp in member.assignment:
        by_topic.setdefault(tp.topic, []).append(tp.partition)
    return "; ".join(f"{t}: {', '.join(str(p) for p in sorted(ps))}" for t, ps in sorted(by_topic.items()))
