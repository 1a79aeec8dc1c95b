"""A list model over a :class:`ProfileStore`, for views; it follows the store's signals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QObject, QPersistentModelIndex, Qt

from explorer.profiles.model import ConnectionProfile
from explorer.profiles.store import ProfileStore

_Index = QModelIndex | QPersistentModelIndex

SECURITY_LABELS = {
    "PLAINTEXT": "No encryption, no login",
    "SSL": "TLS",
    "SASL_PLAINTEXT": "SASL login without TLS",
    "SASL_SSL": "SASL login over TLS",
}


class ProfileListModel(QAbstractListModel):
    """One row per profile, in the store's order. Never reads secrets.

    It keeps its own copy of each row (without secrets), so views can still read a row while it
    is being removed, after the store has already forgotten it.
    """

    IdRole = Qt.ItemDataRole.UserRole + 1
    BootstrapRole = Qt.ItemDataRole.UserRole + 2
    SecurityRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, store: ProfileStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._rows = store.list_profiles()
        store.profile_added.connect(self._on_added)
        store.profile_changed.connect(self._on_changed)
        store.profile_removed.connect(self._on_removed)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _SERVED_ROLES or not index.isValid() or index.column() != 0:
            return None
        if not 0 <= index.row() < len(self._rows):
            return None
        return _role_value(self._rows[index.row()], role)

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update({self.IdRole: QByteArray(b"profileId"), self.BootstrapRole: QByteArray(b"bootstrap"),
                      self.SecurityRole: QByteArray(b"security")})
        return names

    def profile_id(self, row: int) -> str:
        return self._rows[row].id

    def row_of(self, profile_id: str) -> int:
        """The row showing ``profile_id``, or -1."""
        return next((row for row, profile in enumerate(self._rows) if profile.id == profile_id), -1)

    def _on_added(self, profile_id: str) -> None:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(self._store.summary(profile_id))
        self.endInsertRows()

    def _on_changed(self, profile_id: str) -> None:
        row = self.row_of(profile_id)
        if row >= 0:
            self._rows[row] = self._store.summary(profile_id)
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)

    def _on_removed(self, profile_id: str) -> None:
        row = self.row_of(profile_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()


_SERVED_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
    ProfileListModel.IdRole, ProfileListModel.BootstrapRole, ProfileListModel.SecurityRole,
})


def _role_value(profile: ConnectionProfile, role: int) -> Any:
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
        return profile.name
    if role == ProfileListModel.IdRole:
        return profile.id
    if role == ProfileListModel.BootstrapRole:
        return profile.bootstrap_servers
    if role == ProfileListModel.SecurityRole:
        return profile.security_protocol
    return tooltip(profile)


def tooltip(profile: ConnectionProfile) -> str:
    """Where the profile connects and how, in two or three lines."""
    lines = [profile.bootstrap_servers,
             SECURITY_LABELS.get(profile.security_protocol, profile.security_protocol)]
    if profile.uses_sasl:
        who = f" as {profile.username}" if profile.username and not profile.uses_token else ""
        lines[1] += f" ({profile.sasl_mechanism}{who})"
    if profile.uses_tls and not profile.check_hostname:
        lines.append("Hostname verification is off")
    return "\n".join(lines)
