"""The clusters open in this window: opening, closing, and finding them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from explorer.session import ClusterSession
from protocol.client import ClientConfig


class Workspace(QObject):
    """Every open :class:`ClusterSession`, in the order they were opened."""

    session_added = Signal(object)
    """A :class:`ClusterSession` was opened (it is connecting)."""
    session_removed = Signal(object)
    """A :class:`ClusterSession` was closed; it must not be used any more."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sessions: list[ClusterSession] = []

    def open_cluster(self, name: str, config: ClientConfig) -> ClusterSession:
        """Open a session under a name no other open session has, and start loading it."""
        session = ClusterSession(self.free_name(name), config, parent=self)
        self.sessions.append(session)
        self.session_added.emit(session)
        session.open()
        return session

    def free_name(self, wanted: str) -> str:
        taken = {s.name for s in self.sessions}
        name, n = wanted, 2
        while name in taken:
            name, n = f"{wanted} ({n})", n + 1
        return name

    def find(self, name: str) -> ClusterSession | None:
        return next((s for s in self.sessions if s.name == name), None)

    async def close_session(self, session: ClusterSession) -> None:
        if session not in self.sessions:
            return
        self.sessions.remove(session)
        self.session_removed.emit(session)
        await session.close()
        session.deleteLater()

    async def close_all(self) -> None:
        for session in list(self.sessions):
            await self.close_session(session)
