"""Partitions of one topic: leader, replicas, in-sync replicas, watermarks, messages."""

from __future__ import annotations

from PySide6.QtCore import QObject

from explorer.clusterdata import PartitionRow
from explorer.models.table import Column, RowTableModel, number_or_minus_one
from explorer.timefmt import format_bytes, format_count


def _nodes(nodes: tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in nodes)


def _leader(p: PartitionRow) -> str:
    return "none" if p.leader < 0 else str(p.leader)


def _isr_tip(p: PartitionRow) -> str | None:
    if not p.under_replicated:
        return None
    missing = sorted(set(p.replicas) - set(p.isr))
    return f"Under-replicated: replica(s) {_nodes(tuple(missing))} are not in sync."


COLUMNS: list[Column[PartitionRow]] = [
    Column("Partition", lambda p: str(p.partition), lambda p: p.partition, numeric=True),
    Column("Leader", _leader, lambda p: p.leader, numeric=True),
    Column("Replicas", lambda p: _nodes(p.replicas)),
    Column("In sync", lambda p: _nodes(p.isr), tooltip=_isr_tip),
    Column("Offline", lambda p: _nodes(p.offline)),
    Column(
        "Low watermark", lambda p: format_count(p.low), lambda p: number_or_minus_one(p.low), numeric=True
    ),
    Column(
        "High watermark", lambda p: format_count(p.high), lambda p: number_or_minus_one(p.high), numeric=True
    ),
    Column(
        "Messages",
        lambda p: format_count(p.messages),
        lambda p: number_or_minus_one(p.messages),
        numeric=True,
    ),
    Column("Size", lambda p: format_bytes(p.size), lambda p: number_or_minus_one(p.size), numeric=True),
]


class PartitionsModel(RowTableModel[PartitionRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)
