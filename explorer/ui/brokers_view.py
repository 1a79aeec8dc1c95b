"""A cluster's overview: where it is, what it holds, and its brokers (id, address, rack, controller)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from explorer.models import SORT_ROLE
from explorer.overview import overview_of
from explorer.session import ClusterSession, facts_of
from explorer.settings import AppSettings
from explorer.ui.page import Page
from explorer.ui.tables import apply_widths, make_table


class ClusterView(Page):
    """The overview text on top, the brokers table below; follows the session as it loads."""

    def __init__(
        self,
        session: ClusterSession,
        settings: AppSettings,
        parent: QWidget | None = None,
        extra: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(("cluster", session.name), session.name, parent)
        self.session, self.settings, self.extra = session, settings, extra or []
        self.title_label = QLabel(textFormat=Qt.TextFormat.PlainText)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.body = QLabel(textFormat=Qt.TextFormat.RichText, wordWrap=True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(session.refresh)
        proxy = QSortFilterProxyModel(self)
        proxy.setSortRole(SORT_ROLE)
        proxy.setSourceModel(session.brokers)
        self.table = make_table(self, widths=[6, 30, 8, 16, 10], stretch=1)
        self.table.setModel(proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        apply_widths(self.table)
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.body)
        layout.addWidget(QLabel("<b>Brokers</b>"))
        layout.addWidget(self.table, 1)
        self._timer = QTimer(self, singleShot=True, interval=100)
        self._timer.timeout.connect(self.update_text)
        for signal in (
            session.state_changed,
            session.summary_changed,
            session.topics.dataChanged,
            session.topics.rowsInserted,
            session.topics.rowsRemoved,
            settings.changed,
        ):
            signal.connect(self._schedule)
        self.update_text()

    def _schedule(self, *_args: object) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def update_text(self) -> None:
        overview = overview_of(facts_of(self.session), self.settings.timezone, self.extra)
        self.title_label.setText(overview.title)
        self.body.setText(overview.to_html())
        self.refresh_button.setEnabled(self.session.state not in ("loading", "connecting"))
