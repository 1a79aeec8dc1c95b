"""Every keyboard shortcut, declared once: the main window binds them, the help page lists them."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from explorer.ui.page import Page


@dataclass(frozen=True, slots=True)
class Shortcut:
    action: str
    keys: str
    text: str
    where: str = "Anywhere"


SHORTCUTS = (
    Shortcut("quick_open", "Ctrl+K", "Go to a topic or cluster (quick open)"),
    Shortcut("connections", "Ctrl+O", "Connections: connect, test and manage profiles"),
    Shortcut("refresh", "F5", "Refresh the current cluster"),
    Shortcut("new_topic", "Ctrl+N", "New topic in the current cluster"),
    Shortcut("messages", "Ctrl+M", "Messages of the current topic (browse, tail, search, export)"),
    Shortcut("produce", "Ctrl+P", "Produce: send messages to the current topic"),
    Shortcut("groups", "Ctrl+G", "Consumer groups of the current cluster (lag, reset offsets)"),
    Shortcut("split", "Ctrl+\\", "Move the current tab to the other side (two clusters side by side)"),
    Shortcut("close_tab", "Ctrl+W", "Close the current tab"),
    Shortcut("next_tab", "Ctrl+PgDown", "Next tab"),
    Shortcut("previous_tab", "Ctrl+PgUp", "Previous tab"),
    Shortcut("focus_navigator", "Ctrl+1", "Focus the navigator"),
    Shortcut("settings", "Ctrl+,", "Settings (time zone, theme)"),
    Shortcut("help", "F1", "This list of shortcuts"),
    Shortcut("quit", "Ctrl+Q", "Quit"),
    Shortcut("filter", "Ctrl+F", "Filter the topics by name", "Topics tab"),
    Shortcut("open", "Enter", "Open the selected topic", "Topics tab, navigator"),
)


def key_text(keys: str) -> str:
    """The keys as this platform writes them (⌘K on macOS)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def shortcuts_html() -> str:
    cell = "style='padding:3px 18px 3px 0'"
    rows = "".join(
        f"<tr><td {cell}><b>{html.escape(key_text(s.keys))}</b></td><td {cell}>{html.escape(s.text)}</td>"
        f"<td {cell}><i>{html.escape(s.where)}</i></td></tr>"
        for s in SHORTCUTS
    )
    return f"<h2>Keyboard shortcuts</h2><table cellspacing='0'>{rows}</table>"


class ShortcutsPage(Page):
    """The help page listing :data:`SHORTCUTS`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(("shortcuts",), "Shortcuts", parent)
        label = QLabel(shortcuts_html(), textFormat=Qt.TextFormat.RichText)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(label)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
