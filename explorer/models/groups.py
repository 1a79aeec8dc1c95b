"""Consumer groups for views: the list (with a filter), one group's members and partitions,
and the preview of an offset reset. Periodic refreshes update rows in place when the set of
rows is unchanged, so selection and scrolling survive them."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from PySide6.QtCore import QObject, QSortFilterProxyModel

from explorer.groups.detail import assignment_text
from explorer.groups.overview import GroupRow
from explorer.groups.reset import change_text
from explorer.models import SORT_ROLE
from explorer.models.table import Column, Index, RowTableModel, number_or_minus_one
from explorer.timefmt import format_count
from protocol.admin import GroupMember, OffsetChange, PartitionLag

T = TypeVar("T")


class RefreshingModel(RowTableModel[T]):
    """A row table whose :meth:`refresh` keeps rows (and so the selection) when their keys match."""

    def __init__(self, columns: Sequence[Column[T]], key: Callable[[T], Hashable],
                 parent: QObject | None = None) -> None:
        super().__init__(columns, parent)
        self._key = key

    def refresh(self, rows: Sequence[T]) -> None:
        if [self._key(r) for r in rows] != [self._key(r) for r in self.rows]:
            self.set_rows(rows)
            return
        self.rows = list(rows)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))


def _count(value: int | None) -> str:
    return format_count(value) if value is not None else ""


GROUP_COLUMNS: list[Column[GroupRow]] = [
    Column("Group", lambda g: g.group_id, lambda g: g.group_id.casefold(), tooltip=lambda g: g.error),
    Column("State", lambda g: g.state or ("error" if g.error else "")),
    Column("Type", lambda g: g.group_type or ""),
    Column("Members", lambda g: _count(g.members), lambda g: number_or_minus_one(g.members), numeric=True),
    Column("Total lag", lambda g: _count(g.total_lag), lambda g: number_or_minus_one(g.total_lag),
           numeric=True),
    Column("Coordinator", lambda g: str(g.coordinator), lambda g: g.coordinator, numeric=True),
]
GROUP = 0


class GroupsModel(RefreshingModel[GroupRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(GROUP_COLUMNS, lambda g: g.group_id, parent)


class GroupFilterProxy(QSortFilterProxyModel):
    """Groups whose id, state or type contains every word typed (any case)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.words: list[str] = []

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.words:
            return True
        model = self.sourceModel()
        assert isinstance(model, GroupsModel)
        row = model.rows[source_row]
        text = f"{row.group_id} {row.state or ''} {row.group_type or ''}".casefold()
        return all(word in text for word in self.words)


MEMBER_COLUMNS: list[Column[GroupMember]] = [
    Column("Client id", lambda m: m.client_id),
    Column("Host", lambda m: m.host),
    Column("Partitions", lambda m: str(len(m.assignment)), lambda m: len(m.assignment), numeric=True),
    Column("Assignment", assignment_text, tooltip=assignment_text),
    Column("Member id", lambda m: m.member_id, tooltip=lambda m: m.member_id),
    Column("Instance id", lambda m: m.group_instance_id or ""),
]


class MembersModel(RefreshingModel[GroupMember]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(MEMBER_COLUMNS, lambda m: m.member_id, parent)


def _lag_tip(p: PartitionLag) -> str | None:
    if p.error is not None:
        return str(p.error)
    if p.committed is None:
        return "The group has committed no offset on this partition yet."
    return None


PARTITION_COLUMNS: list[Column[PartitionLag]] = [
    Column("Topic", lambda p: p.topic),
    Column("Partition", lambda p: str(p.partition), lambda p: p.partition, numeric=True),
    Column("Committed offset", lambda p: _count(p.committed) if p.committed is not None else "none",
           lambda p: number_or_minus_one(p.committed), numeric=True, tooltip=_lag_tip),
    Column("End offset", lambda p: _count(p.high_watermark), lambda p: number_or_minus_one(p.high_watermark),
           numeric=True),
    Column("Lag", lambda p: _count(p.lag), lambda p: number_or_minus_one(p.lag), numeric=True,
           tooltip=_lag_tip),
    Column("Start offset", lambda p: _count(p.low_watermark), lambda p: number_or_minus_one(p.low_watermark),
           numeric=True),
    Column("Client id", lambda p: p.client_id or ""),
    Column("Host", lambda p: p.host or ""),
]


class GroupPartitionsModel(RefreshingModel[PartitionLag]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(PARTITION_COLUMNS, lambda p: (p.topic, p.partition), parent)


PREVIEW_COLUMNS: list[Column[OffsetChange]] = [
    Column("Topic", lambda c: c.topic),
    Column("Partition", lambda c: str(c.partition), lambda c: c.partition, numeric=True),
    Column("Current offset", lambda c: _count(c.before) if c.before is not None else "none",
           lambda c: number_or_minus_one(c.before), numeric=True),
    Column("New offset", lambda c: _count(c.after), lambda c: c.after, numeric=True),
    Column("Change", change_text, lambda c: c.after - (c.before or 0), numeric=True),
]


class ResetPreviewModel(RowTableModel[OffsetChange]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(PREVIEW_COLUMNS, parent)
