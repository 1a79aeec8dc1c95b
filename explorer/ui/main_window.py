"""The main window: a navigator on the left, tabbed content, a status bar per connection."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.overview import ClusterOverview


class OverviewPage(QWidget):
    """A cluster's front page: where it is, what it runs, what it holds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Kafka Explorer")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.body = QLabel()
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)

    def show_message(self, title: str, text: str) -> None:
        self.title.setText(title)
        self.body.setText(text)

    def show_overview(self, overview: ClusterOverview) -> None:
        self.title.setText(overview.title)
        self.body.setText(overview.to_html())


class MainWindow(QMainWindow):
    """Top-level window. Content arrives as plain :class:`ClusterOverview` objects."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Kafka Explorer")
        self.resize(1100, 700)
        self.navigator = QTreeWidget()
        self.navigator.setHeaderLabels(["Clusters"])
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.overview = OverviewPage()
        self.tabs.addTab(self.overview, "Overview")
        splitter = QSplitter()
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 840])
        self.setCentralWidget(splitter)
        self.connection_state = QLabel("Not connected")
        self.statusBar().addPermanentWidget(self.connection_state)

    def show_status(self, title: str, text: str = "") -> None:
        self.overview.show_message(title, text)
        self.connection_state.setText(title)

    def show_cluster(self, overview: ClusterOverview) -> None:
        self.overview.show_overview(overview)
        self.connection_state.setText(f"{overview.name}: {overview.state}")
        self.navigator.clear()
        root = QTreeWidgetItem([overview.name])
        brokers = QTreeWidgetItem(root, [f"Brokers ({len(overview.brokers)})"])
        for broker in overview.brokers:
            QTreeWidgetItem(brokers, [broker])
        topics = QTreeWidgetItem(root, [f"Topics ({len(overview.topics)})"])
        for topic in overview.topics:
            QTreeWidgetItem(topics, [topic])
        self.navigator.addTopLevelItem(root)
        self.navigator.expandAll()
