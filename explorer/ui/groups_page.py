"""The consumer groups of a cluster: state, type, members and total lag, with a filter.

The list loads in steps (names, then members, then lag; see :mod:`explorer.groups.overview`)
and refreshes every :data:`REFRESH_MS` while the page is visible, never two loads at once.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QMenu, QPushButton, QVBoxLayout, QWidget

from explorer.groups.overview import load_groups
from explorer.models.groups import GROUP, GroupFilterProxy, GroupsModel
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.timefmt import format_duration, format_time
from explorer.ui.page import Page
from explorer.ui.tables import apply_widths, make_table
from protocol.errors import KafkaExplorerError

REFRESH_MS = 15_000
WIDTHS = [44, 20, 12, 10, 14, 12]


class GroupsPage(Page):
    """A filtered table of the session's consumer groups."""

    open_group = Signal(object, str)
    """The user wants one group's detail (session, group id)."""
    loaded = Signal()
    """A load of the list finished (with lag, or with an error shown)."""

    def __init__(self, session: ClusterSession, *, settings: AppSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(("groups", session.name), f"Consumer Groups · {session.name}", parent)
        self.session = session
        self.settings = settings if settings is not None else AppSettings(parent=self)
        self.model = GroupsModel(self)
        self.proxy = GroupFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.loading = False
        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self._build()
        self._wire()
        self.refresh()

    def _build(self) -> None:
        self.filter = QLineEdit(placeholderText="Filter groups by name or state  (Ctrl+F)",
                                clearButtonEnabled=True)
        self.filter.setMinimumWidth(self.filter.fontMetrics().averageCharWidth() * 46)
        self.count = QLabel()
        self.status = QLabel()
        self.refresh_button = QPushButton("Refresh")
        bar = QHBoxLayout()
        bar.addWidget(self.filter)
        bar.addWidget(self.count)
        bar.addStretch(1)
        bar.addWidget(self.status)
        bar.addWidget(self.refresh_button)
        self.table = make_table(self, widths=WIDTHS, stretch=GROUP)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(GROUP, Qt.SortOrder.AscendingOrder)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        apply_widths(self.table)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        find = QAction("Filter", self, shortcut=QKeySequence(QKeySequence.StandardKey.Find))
        find.triggered.connect(self.filter.setFocus)
        self.addAction(find)

    def _wire(self) -> None:
        self.filter.textChanged.connect(self.proxy.set_text)
        self.filter.textChanged.connect(self._update_count)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.activated.connect(self._activated)
        self.table.customContextMenuRequested.connect(self._menu)
        self.model.modelReset.connect(self._update_count)

    # -- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the list again, unless a load is still running."""
        if not self.loading:
            self.loading = True
            self.status.setText("Loading…")
            self.start(self._load())

    async def _load(self) -> None:
        began = time.monotonic()
        try:
            async for rows in load_groups(self.session.client):
                self.model.refresh(rows)
        except KafkaExplorerError as exc:
            self.status.setText(f"The groups could not be listed: {exc}")
            self.status.setStyleSheet("color: #c62828")
        else:
            self.status.setStyleSheet("")
            when = format_time(time.time(), self.settings.timezone)
            self.status.setText(f"Updated {when} in {format_duration(time.monotonic() - began)}")
        finally:
            self.loading = False
        self._update_count()
        self.loaded.emit()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        noun = "group" if total == 1 else "groups"
        self.count.setText(f"{shown:,} of {total:,} {noun}" if shown != total else f"{total:,} {noun}")

    def selected_group(self) -> str | None:
        index = self.table.currentIndex()
        return None if not index.isValid() else str(index.siblingAtColumn(GROUP).data())

    def _activated(self, index: QModelIndex) -> None:
        self.open_group.emit(self.session, str(index.siblingAtColumn(GROUP).data()))

    def _menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        group = str(index.siblingAtColumn(GROUP).data())
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.open_group.emit(self.session, group))
        menu.addAction("Copy Name", lambda: self._copy(group))
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)

    # -- refreshing only while shown ---------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def shutdown(self) -> None:
        self.timer.stop()
        super().shutdown()
