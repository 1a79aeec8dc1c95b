"""A page that only says something (while a sandbox starts, or when nothing is open)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from explorer.ui.page import Page


class MessagePage(Page):
    def __init__(self, key: str, title: str, heading: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(("message", key), title, parent)
        self.label = QLabel(textFormat=Qt.TextFormat.RichText, wordWrap=True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.show_text(heading, text)

    def show_text(self, heading: str, text: str) -> None:
        self.label.setText(f"<h2>{heading}</h2><p>{text}</p>")
