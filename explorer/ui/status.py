"""The status bar: one entry per open cluster, with its connection state and load progress."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QStatusBar

from explorer.session import CONNECTED, FAILED, ClusterSession

COLOURS = {CONNECTED: "#2e7d32", FAILED: "#c62828", "closed": "#757575"}


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


class ConnectionState(QLabel):
    """“● name: state”, coloured by state, with progress while loading."""

    def __init__(self, session: ClusterSession) -> None:
        super().__init__()
        self.session = session
        self._stage = ""
        session.state_changed.connect(self.refresh)
        session.progress.connect(self._progress)
        session.topics.rowsInserted.connect(self.refresh)
        session.topics.rowsRemoved.connect(self.refresh)
        session.topics.modelReset.connect(self.refresh)
        self.refresh()

    def _progress(self, stage: str, done: int, total: int) -> None:
        self._stage = f"{stage} {done * 100 // total}%" if total else stage
        self.refresh()

    def refresh(self, *_args: object) -> None:
        session = self.session
        state = session.state
        if state == "loading" and self._stage:
            state = f"loading ({self._stage})"
        elif state == CONNECTED:
            brokers, topics = len(session.brokers.rows), len(session.topics.rows)
            state = f"connected · {_count(brokers, 'broker')} · {_count(topics, 'topic')}"
        colour = COLOURS.get(session.state, "#1565c0")
        self.setText(f"<span style='color:{colour}'>●</span> {session.name}: {state}")
        self.setToolTip(session.error or session.bootstrap)


class ConnectionsStatus(QObject):
    """Keeps one :class:`ConnectionState` per session in ``bar`` (and lives as long as the bar)."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self.entries: dict[ClusterSession, ConnectionState] = {}
        self.none = QLabel("Not connected")
        bar.addPermanentWidget(self.none)

    def add(self, session: ClusterSession) -> None:
        entry = ConnectionState(session)
        self.entries[session] = entry
        self.bar.addPermanentWidget(entry)
        self.none.hide()

    def remove(self, session: ClusterSession) -> None:
        entry = self.entries.pop(session, None)
        if entry is not None:
            self.bar.removeWidget(entry)
            entry.deleteLater()
        self.none.setVisible(not self.entries)
