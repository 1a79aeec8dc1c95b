"""The topics of one cluster: filter-as-you-type, internal-topic toggle, counts and sizes."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer.models.topics import HEADERS, NAME, TopicFilterProxy
from explorer.session import FAILED, LOADING, ClusterSession
from explorer.ui import topic_actions
from explorer.ui.page import Page
from explorer.ui.tables import apply_widths, make_table

WIDTHS = [24, 10, 11, 12, 10, 18]


class TopicsView(Page):
    """A table of the session's topics model through a filtering proxy."""

    open_topic = Signal(object, str)
    """The user wants the details of this topic (session, topic name)."""

    def __init__(self, session: ClusterSession, parent: QWidget | None = None) -> None:
        super().__init__(("topics", session.name), f"Topics · {session.name}", parent)
        self.session = session
        self.proxy = TopicFilterProxy(self)
        self.proxy.setSourceModel(session.topics)
        self._count_timer = QTimer(self, singleShot=True, interval=60)
        self._count_timer.timeout.connect(self._update_count)
        self._progress_timer = QTimer(self, singleShot=True, interval=100)
        self._progress_timer.timeout.connect(self._show_progress)
        self._latest_progress = ("", 0, 0)
        self._build()
        self._wire()
        self._update_count()
        self._show_state(session.state)

    def _build(self) -> None:
        self.filter = QLineEdit(placeholderText="Filter topics by name  (Ctrl+F)", clearButtonEnabled=True)
        self.filter.setMinimumWidth(self.filter.fontMetrics().averageCharWidth() * 20)
        self.internal = QCheckBox("Show internal topics")
        self.count = QLabel()
        self.new_button = QPushButton("New Topic…")
        self.refresh_button = QPushButton("Refresh")
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.refresh_button)
        second = QHBoxLayout()
        second.addWidget(self.internal)
        second.addSpacing(12)
        second.addWidget(self.count)
        second.addStretch(1)
        self.progress = QProgressBar(textVisible=True)
        self.progress.setMaximumHeight(18)
        self.message = QLabel(wordWrap=True)
        self.table = make_table(self, widths=WIDTHS, stretch=NAME)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        apply_widths(self.table)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(second)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        find = QAction("Filter", self, shortcut=QKeySequence(QKeySequence.StandardKey.Find))
        find.triggered.connect(self.focus_filter)
        self.addAction(find)

    def _wire(self) -> None:
        self.filter.textChanged.connect(self.proxy.set_text)
        self.internal.toggled.connect(self.proxy.set_show_internal)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._schedule_count)
        self.table.activated.connect(self._activated)
        self.table.customContextMenuRequested.connect(self._menu)
        self.new_button.clicked.connect(lambda: self.start(self._create()))
        self.refresh_button.clicked.connect(self.session.refresh)
        self.session.progress.connect(self._progress)
        self.session.state_changed.connect(self._show_state)

    def _schedule_count(self, *_args: object) -> None:
        if not self._count_timer.isActive():
            self._count_timer.start()

    async def _create(self) -> None:
        name = await topic_actions.create_topic(self, self.session)
        if name is not None:
            self.open_topic.emit(self.session, name)

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def selected_topic(self) -> str | None:
        index = self.table.currentIndex()
        return None if not index.isValid() else str(index.siblingAtColumn(NAME).data())

    def _activated(self, index: QModelIndex) -> None:
        self.open_topic.emit(self.session, str(index.siblingAtColumn(NAME).data()))

    def _menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        name = str(index.siblingAtColumn(NAME).data())
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.open_topic.emit(self.session, name))
        session = self.session
        menu.addAction(
            "Add Partitions…", lambda: self.start(topic_actions.add_partitions(self, session, name))
        )
        menu.addSeparator()
        menu.addAction("Delete Topic…", lambda: self.start(topic_actions.delete_topic(self, session, name)))
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _update_count(self) -> None:
        total = len(self.session.topics.rows)
        shown = self.proxy.rowCount()
        rows = self.session.topics.rows
        hidden_internal = 0 if self.proxy.show_internal else sum(1 for r in rows if r.internal)
        text = f"{shown:,} of {total:,} topics"
        if hidden_internal:
            text += f" ({hidden_internal} internal hidden)"
        self.count.setText(text)

    def _progress(self, stage: str, done: int, total: int) -> None:
        """Progress arrives often; the bar repaints at once on every change, so at most 10 times a second."""
        self._latest_progress = (stage, done, total)
        if not self._progress_timer.isActive():
            self._progress_timer.start()

    def _show_progress(self) -> None:
        stage, done, total = self._latest_progress
        if self.session.state not in (LOADING, "connecting"):
            return
        self.progress.setVisible(True)
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)
        self.progress.setFormat(f"{stage}… {done:,} of {total:,}" if total else f"{stage}…")

    def _show_state(self, state: str) -> None:
        self.progress.setVisible(state == LOADING or state == "connecting")
        if state == "connecting":
            self._latest_progress = ("Connecting", 0, 0)
            self._show_progress()
        failed = state == FAILED
        self.message.setVisible(failed)
        self.message.setText(f"Could not load this cluster: {self.session.error}" if failed else "")
        self.message.setStyleSheet("color: #c62828" if failed else "")
        self.refresh_button.setEnabled(state != LOADING)


__all__ = ["HEADERS", "TopicsView"]
