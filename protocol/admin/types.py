"""Small value types shared by the admin modules."""

from __future__ import annotations

from protocol.topic_partition import TopicPartition

__all__ = ["TopicPartition"]
