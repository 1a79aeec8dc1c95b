"""Asking questions without a nested event loop: ``open()`` the dialog, await its ``finished``."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget


async def run_dialog(dialog: QDialog) -> int:
    """Show ``dialog`` window-modally and return its result code once it closes.

    Cancelling the awaiting task closes the dialog. The dialog is deleted afterwards.
    """
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def settle(code: int) -> None:
        if not done.done():
            done.set_result(code)

    dialog.finished.connect(settle)
    dialog.open()
    try:
        return await done
    finally:
        if dialog.isVisible():
            dialog.reject()
        dialog.deleteLater()


async def show_error(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    """A warning box with one Close button."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Close, parent)
    if detail:
        box.setInformativeText(detail)
    await run_dialog(box)
