"""One topic: its partitions (leader, replicas, ISR, watermarks, messages) and its configs."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from explorer.clusterdata import ConfigEntry
from explorer.models import OBJECT_ROLE, SORT_ROLE
from explorer.models.configs import ConfigsModel
from explorer.models.partitions import PartitionsModel
from explorer.session import ClusterSession
from explorer.timefmt import format_bytes, format_count
from explorer.topic_ops import TopicDetail
from explorer.ui import topic_actions
from explorer.ui.page import Page
from explorer.ui.tables import apply_widths, make_table
from protocol.errors import KafkaExplorerError


class OverridesOnly(QSortFilterProxyModel):
    """Configs, optionally only those not at Kafka's or the broker's default."""

    def __init__(self) -> None:
        super().__init__()
        self.only_overrides = False
        self.setSortRole(SORT_ROLE)

    def set_only_overrides(self, only: bool) -> None:
        self.beginFilterChange()
        self.only_overrides = only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # type: ignore[override]
        model = self.sourceModel()
        assert isinstance(model, ConfigsModel)
        return not self.only_overrides or not model.rows[source_row].is_default


class TopicDetailView(Page):
    """Loads the topic's detail when shown and whenever the session says it changed."""

    closed_topic = Signal()
    """The topic was deleted: this page has nothing to show any more."""

    def __init__(self, session: ClusterSession, topic: str, parent: QWidget | None = None) -> None:
        super().__init__(("topic", session.name, topic), f"{topic} · {session.name}", parent)
        self.session, self.topic = session, topic
        self.partitions = PartitionsModel(self)
        self.configs = ConfigsModel(self)
        self.detail: TopicDetail | None = None
        self._build()
        session.topic_changed.connect(self._changed)
        session.topic_removed.connect(self._removed)
        self.reload()

    def _build(self) -> None:
        self.heading = QLabel(textFormat=Qt.TextFormat.RichText)
        self.status = QLabel(wordWrap=True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.heading, 1)
        self.refresh_button = QPushButton("Refresh")
        self.partitions_button = QPushButton("Add Partitions…")
        self.edit_button = QPushButton("Edit Config…")
        self.delete_button = QPushButton("Delete Topic…")
        for button in (self.refresh_button, self.partitions_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        self.partition_table = make_table(self, widths=[10, 8, 14, 14, 9, 15, 15, 14, 11], stretch=-1)
        self.partition_table.setModel(self._sorted(self.partitions))
        self.partition_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        apply_widths(self.partition_table)
        self.config_proxy = OverridesOnly()
        self.config_proxy.setSourceModel(self.configs)
        self.config_table = make_table(self, widths=[36, 36, 24, 16], stretch=1)
        self.config_table.setModel(self.config_proxy)
        self.config_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        apply_widths(self.config_table)
        self.overrides = QCheckBox("Only settings that differ from the defaults")
        configs_page = QWidget()
        configs_layout = QVBoxLayout(configs_page)
        configs_layout.addWidget(self.overrides)
        configs_layout.addWidget(self.config_table, 1)
        self.inner = QTabWidget(documentMode=True)
        self.inner.addTab(self.partition_table, "Partitions")
        self.inner.addTab(configs_page, "Configuration")
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.inner, 1)
        self.refresh_button.clicked.connect(self.reload)
        self.partitions_button.clicked.connect(
            lambda: self.start(topic_actions.add_partitions(self, self.session, self.topic))
        )
        self.delete_button.clicked.connect(
            lambda: self.start(topic_actions.delete_topic(self, self.session, self.topic))
        )
        self.edit_button.clicked.connect(self._edit_current)
        self.config_table.activated.connect(lambda index: self._edit(index.data(OBJECT_ROLE)))
        self.overrides.toggled.connect(self.config_proxy.set_only_overrides)

    def _sorted(self, model: PartitionsModel) -> QSortFilterProxyModel:
        proxy = QSortFilterProxyModel(self)
        proxy.setSortRole(SORT_ROLE)
        proxy.setSourceModel(model)
        return proxy

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        self.status.setText("Loading…")
        self.start(self._load())

    async def _load(self) -> None:
        try:
            detail = await self.session.topic_detail(self.topic)
        except KafkaExplorerError as exc:
            self.status.setText(f"Could not load “{self.topic}”: {exc}")
            self.status.setStyleSheet("color: #c62828")
            return
        self.show_detail(detail)

    def show_detail(self, detail: TopicDetail) -> None:
        self.detail = detail
        row = detail.row
        self.heading.setText(
            f"<b style='font-size:large'>{html.escape(row.name)}</b> &nbsp; {row.partitions} partitions · "
            f"replication {row.replication} · {format_count(row.messages) or '?'} messages · "
            f"{format_bytes(row.size) or 'size unknown'}" + (" · internal" if row.internal else "")
        )
        self.partitions.set_rows(detail.partitions)
        self.configs.set_rows(detail.configs)
        problem = detail.configs_error
        self.status.setStyleSheet("color: #b26a00" if problem else "")
        self.status.setText(f"The configuration could not be read: {problem}" if problem else "")
        self.status.setVisible(bool(problem))

    # -- changes ----------------------------------------------------------------------------
    def _edit_current(self) -> None:
        index = self.config_table.currentIndex()
        self.inner.setCurrentIndex(1)
        if index.isValid():
            self._edit(index.data(OBJECT_ROLE))
        else:
            self.status.setStyleSheet("")
            self.status.setText("Choose a setting in the table, then Edit Config (or double-click it).")
            self.status.setVisible(True)

    def _edit(self, entry: ConfigEntry | None) -> None:
        if entry is None:
            return
        if entry.read_only:
            self.status.setText(f"{entry.name} is read-only: the broker does not allow changing it.")
            self.status.setVisible(True)
            return
        self.start(topic_actions.edit_config(self, self.session, self.topic, entry))

    def _changed(self, topic: str) -> None:
        if topic == self.topic:
            self.reload()

    def _removed(self, topic: str) -> None:
        if topic == self.topic:
            self.status.setText(f"The topic “{topic}” was deleted.")
            self.closed_topic.emit()
