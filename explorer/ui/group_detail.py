"""One consumer group: its members and, per partition, committed offset, end offset and lag;
refreshed every :data:`REFRESH_MS` while visible; reset offsets and delete the group."""

from __future__ import annotations

import html

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from explorer.groups.detail import GroupDetail, load_detail
from explorer.models import SORT_ROLE
from explorer.models.groups import GroupPartitionsModel, MembersModel
from explorer.models.table import RowTableModel
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.timefmt import format_time
from explorer.ui.dialogs import run_dialog, show_error
from explorer.ui.page import Page
from explorer.ui.reset_dialog import ResetDialog
from explorer.ui.tables import apply_widths, make_table
from protocol.admin import Admin
from protocol.errors import GroupIdNotFoundError, KafkaExplorerError

REFRESH_MS = 5_000
ERROR_STYLE = "color: #c62828"


def sorted_table(parent: QWidget, model: RowTableModel, widths: list[int], stretch: int) -> QTableView:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSourceModel(model)
    view = make_table(parent, widths=widths, stretch=stretch)
    view.setModel(proxy)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    apply_widths(view)
    return view


class GroupDetailPage(Page):
    """Members and partitions of ``group_id``, kept fresh while shown."""

    refreshed = Signal()
    """A refresh finished (shown, or its error shown)."""
    deleted = Signal(str)
    """The group was deleted from this page."""

    def __init__(self, session: ClusterSession, group_id: str, *, settings: AppSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(("group", session.name, group_id), f"{group_id} · {session.name}", parent)
        self.session, self.group_id = session, group_id
        self.settings = settings if settings is not None else AppSettings(parent=self)
        self.members = MembersModel(self)
        self.partitions = GroupPartitionsModel(self)
        self.detail: GroupDetail | None = None
        self.loading = False
        self.gone = False
        self.reset_dialog: ResetDialog | None = None
        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.heading = QLabel(textFormat=Qt.TextFormat.RichText)
        self.status = QLabel(wordWrap=True)
        self.refresh_button = QPushButton("Refresh")
        self.reset_button = QPushButton("Reset Offsets…")
        self.delete_button = QPushButton("Delete Group…")
        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        for button in (self.refresh_button, self.reset_button, self.delete_button):
            bar.addWidget(button)
        self.member_table = sorted_table(self, self.members, [18, 18, 10, 40, 30, 14], 3)
        self.partition_table = sorted_table(self, self.partitions, [32, 9, 16, 14, 12, 12, 18, 16], 0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._titled("Members", self.member_table))
        splitter.addWidget(self._titled("Partitions", self.partition_table))
        splitter.setSizes([160, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.reset_button.clicked.connect(lambda: self.start(self.reset_offsets()))
        self.delete_button.clicked.connect(lambda: self.start(self.delete_group()))

    @staticmethod
    def _titled(title: str, table: QTableView) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(f"<b>{title}</b>"))
        layout.addWidget(table, 1)
        return box

    # -- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.loading and not self.gone:
            self.loading = True
            self.start(self._load())

    async def _load(self) -> None:
        try:
            detail = await load_detail(self.session.client, self.group_id)
        except KafkaExplorerError as exc:
            self._say(f"The group could not be read: {exc}", ERROR_STYLE)
        else:
            self.show_detail(detail)
        finally:
            self.loading = False
        self.refreshed.emit()

    def show_detail(self, detail: GroupDetail) -> None:
        self.detail = detail
        self.heading.setText(f"<b style='font-size:large'>{html.escape(self.group_id)}</b> &nbsp; "
                             f"{html.escape(detail.summary())}")
        self.members.refresh(detail.members)
        self.partitions.refresh(detail.partitions)
        when = format_time(detail.loaded_at, self.settings.timezone)
        every = "" if not self.timer.isActive() else f" · refreshed every {REFRESH_MS // 1000} s while shown"
        self._say(f"Updated {when}{every}", "")

    def _say(self, text: str, style: str) -> None:
        self.status.setStyleSheet(style)
        self.status.setText(text)

    # -- actions ----------------------------------------------------------------------------
    async def reset_offsets(self) -> None:
        """Ask for a reset, preview it, apply it (the dialog refuses while members are active)."""
        if self.detail is None:
            self._say("The group is still loading; try again in a moment.", "")
            return
        partitions_of = await self._partition_counts(self.detail.topics)
        self.reset_dialog = ResetDialog(self.session.client, self.detail, partitions_of,
                                        self.settings.timezone, self)
        try:
            await run_dialog(self.reset_dialog)
        finally:
            applied, self.reset_dialog = self.reset_dialog.applied, None
        if applied is not None:
            self._say(f"Reset {len(applied.changes)} partition(s) of “{self.group_id}”.", "")
        self.refresh()

    async def _partition_counts(self, topics: list[str]) -> dict[str, int]:
        """Partitions per topic: the session's list, updated from metadata for the group's topics."""
        counts = {row.name: row.partitions for row in self.session.topics.rows}
        try:
            meta = await self.session.client.metadata(topics)
        except KafkaExplorerError:
            return counts
        counts.update({name: len(t.partitions) for name, t in meta.topics.items() if t.error is None})
        return counts

    async def delete_group(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete Group",
                          f"Delete the consumer group “{self.group_id}” and its committed offsets?",
                          QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText("Consumers that join it later start from their auto.offset.reset "
                               "position. A group with active members cannot be deleted.")
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        await run_dialog(box)
        if box.clickedButton() is not delete:
            return
        try:
            await Admin(self.session.client).delete_group(self.group_id)
        except GroupIdNotFoundError:
            pass  # already gone: what the user wanted
        except KafkaExplorerError as exc:
            await show_error(self, "Delete Group", f"“{self.group_id}” was not deleted.", str(exc))
            return
        self.gone = True
        self.timer.stop()
        self._say(f"The group “{self.group_id}” was deleted.", "")
        self.members.set_rows([])
        self.partitions.set_rows([])
        self.deleted.emit(self.group_id)

    # -- refreshing only while shown ---------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.gone:
            self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def shutdown(self) -> None:
        self.timer.stop()
        super().shutdown()
