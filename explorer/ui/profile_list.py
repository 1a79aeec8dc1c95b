"""The connection manager: saved profiles with New, Edit, Duplicate, Delete, Import and Export.

Connecting and testing are someone else's job: this widget only says which profile the user
chose, through :attr:`ProfileListWidget.connect_requested` and :attr:`ProfileListWidget.test_requested`.
Every question (confirmations, file choosers, the editor) is asked without a nested event loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QListView,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from explorer.profiles.list_model import SECURITY_LABELS, ProfileListModel
from explorer.profiles.store import ProfileStore, ProfileStoreError
from explorer.ui.profile_dialog import ERROR_STYLE, NOTE_STYLE, edit_profile, message_label

log = logging.getLogger(__name__)
JSON_FILTER = "Profile files (*.json);;All files (*)"


async def answer(box: QMessageBox) -> QAbstractButton | None:
    """Show a message box window-modally and return the button the user clicked."""
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    box.finished.connect(lambda _code: _settle(done, None))
    box.open()
    try:
        await done
    finally:
        box.hide()
        box.deleteLater()
    return box.clickedButton()


async def chosen_file(picker: QFileDialog) -> str | None:
    """Show a file dialog window-modally and return the chosen path, or ``None``."""
    done: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
    picker.fileSelected.connect(lambda path: _settle(done, path))
    picker.finished.connect(lambda _code: _settle(done, None))
    picker.open()
    try:
        return await done
    finally:
        picker.hide()
        picker.deleteLater()


class ProfileItemDelegate(QStyledItemDelegate):
    """Two lines per profile: the name, then where it connects and how, in a muted colour."""

    PADDING = 5

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = option.fontMetrics
        return QSize(metrics.horizontalAdvance(str(index.data())) + 2 * self.PADDING,
                     2 * metrics.height() + 2 * self.PADDING + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        palette = item.palette
        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected
                                    else QPalette.ColorRole.Text)
        rect = item.rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        metrics = item.fontMetrics
        name_font = QFont(item.font)
        name_font.setBold(True)
        details = (f"{SECURITY_LABELS.get(index.data(ProfileListModel.SecurityRole), '')}  ·  "
                   f"{index.data(ProfileListModel.BootstrapRole)}")
        painter.save()
        painter.setPen(text_colour)
        painter.setFont(name_font)
        painter.drawText(rect.adjusted(0, 0, 0, -metrics.height()), Qt.AlignmentFlag.AlignLeft,
                         QFontMetrics(name_font).elidedText(str(index.data()),
                                                            Qt.TextElideMode.ElideRight, rect.width()))
        muted = QColor(text_colour)
        muted.setAlphaF(0.7)
        painter.setPen(muted)
        painter.setFont(item.font)
        painter.drawText(rect.adjusted(0, metrics.height() + 2, 0, 0), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(details, Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()


class ProfileListWidget(QWidget):
    """The saved profiles, sorted by name, with the buttons that manage them."""

    connect_requested = Signal(str)
    """The user wants to connect with the profile that has this id (Connect, double-click, Enter)."""
    test_requested = Signal(str)
    """The user wants to test the profile that has this id."""

    def __init__(self, store: ProfileStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = ProfileListModel(store, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortLocaleAware(True)
        self.proxy.sort(0)
        self._tasks: set[asyncio.Task[None]] = set()
        self._build()
        self._wire()
        self._show_storage_state()
        self._update_buttons()
        if self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))

    # --- public ---------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda index: index.row())
        return [index.data(ProfileListModel.IdRole) for index in rows]

    def current_id(self) -> str | None:
        """The one selected profile, or ``None`` when none or several are selected."""
        ids = self.selected_ids()
        return ids[0] if len(ids) == 1 else None

    def select(self, *profile_ids: str) -> None:
        selection = self.view.selectionModel()
        selection.clearSelection()
        for n, profile_id in enumerate(profile_ids):
            row = self.model.row_of(profile_id)
            if row < 0:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            flags = QItemSelectionModel.SelectionFlag.Select
            if n == 0:
                selection.setCurrentIndex(index, flags)
            else:
                selection.select(index, flags)

    async def new_profile(self) -> None:
        profile = await edit_profile(self, None, taken_names=self.store.taken_names(),
                                     secret_note=self.store.secret_storage_reason())
        if profile is not None and await self._attempt(self.store.add, profile):
            self.select(profile.id)

    async def edit(self, profile_id: str) -> None:
        original = self.store.get(profile_id)
        profile = await edit_profile(self, original, taken_names=self.store.taken_names(profile_id),
                                     secret_note=self.store.secret_storage_reason())
        if profile is not None and profile_id in self.store:
            await self._attempt(self.store.update, profile)

    async def duplicate(self, profile_id: str) -> None:
        new_id = await self._attempt(self.store.duplicate, profile_id)
        if new_id:
            self.select(new_id)

    async def delete(self, profile_ids: list[str]) -> None:
        names = [self.store.summary(pid).name for pid in profile_ids]
        what = f"“{names[0]}”" if len(names) == 1 else f"these {len(names)} profiles"
        box = QMessageBox(QMessageBox.Icon.Question, "Delete profile", f"Delete {what}?",
                          QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText("Their saved passwords and tokens are deleted too." if len(names) > 1
                               else "Its saved passwords and tokens are deleted too.")
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if await answer(box) is not delete:
            return
        for profile_id in profile_ids:
            await self._attempt(self.store.delete, profile_id)

    async def import_profiles(self) -> None:
        picker = QFileDialog(self, "Import connection profiles", str(Path.home()), JSON_FILTER)
        picker.setFileMode(QFileDialog.FileMode.ExistingFile)
        path = await chosen_file(picker)
        if path is None:
            return
        added = await self._attempt(self.store.import_profiles, path)
        if added is not None:
            self.select(*added)
            self._show_status(f"Imported {_count(len(added))} from {Path(path).name}.")

    async def export_profiles(self, profile_ids: list[str]) -> None:
        include_secrets = await self._ask_include_secrets(len(profile_ids))
        if include_secrets is None:
            return
        picker = QFileDialog(self, "Export connection profiles", str(Path.home() / "kafka-profiles.json"),
                             JSON_FILTER)
        picker.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        picker.setDefaultSuffix("json")
        path = await chosen_file(picker)
        if path is None:
            return
        if await self._attempt(self.store.export_profiles, profile_ids, path, include_secrets) is not None:
            secrets = "with" if include_secrets else "without"
            self._show_status(f"Exported {_count(len(profile_ids))} {secrets} secrets to {path}.")

    async def allow_plaintext_secrets(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Store secrets unencrypted?",
                          "Store passwords and tokens in an unencrypted file?",
                          QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText(f"They will be saved in the folder {self.store.directory}, readable "
                               "only by your user account but not encrypted. Anyone with access to "
                               "your files or backups can read them.")
        store = box.addButton("Store unencrypted", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if await answer(box) is store:
            self.store.allow_plaintext_secrets()

    def shutdown(self) -> None:
        """Cancel the questions still open (the widget is going away)."""
        for task in list(self._tasks):
            task.cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.problem_label = message_label(ERROR_STYLE)
        self.storage_label = message_label(NOTE_STYLE)
        self.plaintext_button = QPushButton("Store Secrets in a File…")
        self.status_label = message_label("")
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        self.view.setItemDelegate(ProfileItemDelegate(self.view))
        self.connect_button = QPushButton("&Connect")
        self.connect_button.setDefault(True)
        self.test_button = QPushButton("&Test Connection")
        self.new_button = QPushButton("&New…")
        self.edit_button = QPushButton("&Edit…")
        self.duplicate_button = QPushButton("D&uplicate")
        self.delete_button = QPushButton("&Delete…")
        self.import_button = QPushButton("&Import…")
        self.export_button = QPushButton("E&xport…")
        buttons = QVBoxLayout()
        for group in ((self.connect_button, self.test_button),
                      (self.new_button, self.edit_button, self.duplicate_button, self.delete_button),
                      (self.import_button, self.export_button)):
            for button in group:
                buttons.addWidget(button)
            buttons.addSpacing(12)
        buttons.addStretch(1)
        storage = QHBoxLayout()
        storage.addWidget(self.storage_label, 1)
        storage.addWidget(self.plaintext_button, 0, Qt.AlignmentFlag.AlignTop)
        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem_label)
        layout.addLayout(storage)
        layout.addLayout(body, 1)
        layout.addWidget(self.status_label)
        self.problem_label.setVisible(bool(self.store.load_problem))
        self.problem_label.setText(self.store.load_problem or "")

    def _wire(self) -> None:
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.proxy.rowsInserted.connect(self._update_buttons)
        self.proxy.rowsRemoved.connect(self._update_buttons)
        self.view.activated.connect(self._activated)
        self.connect_button.clicked.connect(lambda: self._emit_for_current(self.connect_requested))
        self.test_button.clicked.connect(lambda: self._emit_for_current(self.test_requested))
        self.new_button.clicked.connect(lambda: self._start(self.new_profile()))
        self.edit_button.clicked.connect(lambda: self._for_current(self.edit))
        self.duplicate_button.clicked.connect(lambda: self._for_current(self.duplicate))
        self.delete_button.clicked.connect(lambda: self._start(self.delete(self.selected_ids())))
        self.import_button.clicked.connect(lambda: self._start(self.import_profiles()))
        self.export_button.clicked.connect(
            lambda: self._start(self.export_profiles(self.selected_ids() or self.store.ids())))
        self.plaintext_button.clicked.connect(lambda: self._start(self.allow_plaintext_secrets()))
        self.store.secret_storage_changed.connect(self._show_storage_state)
        self.store.problem.connect(lambda text: self._show_status(text, error=True))

    # --- behaviour ------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        count = len(self.selected_ids())
        for button in (self.connect_button, self.test_button, self.edit_button, self.duplicate_button):
            button.setEnabled(count == 1)
        self.delete_button.setEnabled(count >= 1)
        self.export_button.setEnabled(len(self.store) > 0)
        self.export_button.setText("E&xport Selected…" if count else "E&xport All…")

    def _show_storage_state(self) -> None:
        reason = self.store.secret_storage_reason()
        self.storage_label.setText(reason or "")
        self.storage_label.setVisible(bool(reason))
        self.plaintext_button.setVisible(self.store.secret_storage_mode() == "session")

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status_label.setStyleSheet(ERROR_STYLE if error else "")
        self.status_label.setText(text)
        self.status_label.show()

    def _activated(self, index: QModelIndex) -> None:
        self.connect_requested.emit(index.data(ProfileListModel.IdRole))

    def _emit_for_current(self, signal: Any) -> None:
        profile_id = self.current_id()
        if profile_id is not None:
            signal.emit(profile_id)

    def _for_current(self, action: Any) -> None:
        profile_id = self.current_id()
        if profile_id is not None:
            self._start(action(profile_id))

    def _start(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("Profile action failed", exc_info=task.exception())

    async def _attempt(self, action: Any, *args: Any) -> Any:
        """Run a store operation; on failure show its sentence and return ``None``."""
        try:
            result = action(*args)
        except ProfileStoreError as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, "Connection profiles", str(exc),
                              QMessageBox.StandardButton.Close, self)
            await answer(box)
            return None
        return True if result is None else result

    async def _ask_include_secrets(self, count: int) -> bool | None:
        box = QMessageBox(QMessageBox.Icon.Question, "Export connection profiles",
                          f"Export {_count(count)} without passwords and tokens?",
                          QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText("Without them, whoever imports the file enters the secrets "
                               "themselves. Included secrets are written to the file unencrypted.")
        without = box.addButton("Export Without Secrets", QMessageBox.ButtonRole.AcceptRole)
        include = box.addButton("Include Secrets", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(without)
        clicked = await answer(box)
        if clicked is without:
            return False
        return True if clicked is include else None


def _settle(future: asyncio.Future[Any], value: Any) -> None:
    if not future.done():
        future.set_result(value)


def _count(n: int) -> str:
    return f"{n} profile" if n == 1 else f"{n} profiles"
