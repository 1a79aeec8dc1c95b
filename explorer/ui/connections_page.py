"""The start page: saved connection profiles, to connect to or to test."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from explorer.profiles.store import ProfileStore
from explorer.ui.page import Page
from explorer.ui.profile_list import ProfileListWidget


class ConnectionsPage(Page):
    """Wraps the profile list; the main window follows its ``connect_requested`` and ``test_requested``."""

    def __init__(self, store: ProfileStore, parent: QWidget | None = None) -> None:
        super().__init__(("connections",), "Connections", parent)
        intro = QLabel(
            "<h2>Connect to a cluster</h2>Choose a saved connection and press Connect, or Test "
            "Connection to see each step of connecting explained.",
            textFormat=Qt.TextFormat.RichText,
            wordWrap=True,
        )
        self.profiles = ProfileListWidget(store, self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.profiles, 1)

    def shutdown(self) -> None:
        self.profiles.shutdown()
        super().shutdown()
