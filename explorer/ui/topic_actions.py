"""Topic changes as the user makes them: ask (without a nested loop), do, and explain failures."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from explorer.clusterdata import ConfigEntry
from explorer.session import ClusterSession
from explorer.ui.create_topic_dialog import CreateTopicDialog
from explorer.ui.dialogs import run_dialog, show_error
from explorer.ui.topic_dialogs import RESET, AddPartitionsDialog, DeleteTopicDialog, EditConfigDialog
from protocol.errors import KafkaExplorerError

ACCEPTED = QDialog.DialogCode.Accepted.value
FAILURES = (KafkaExplorerError, TimeoutError)


async def create_topic(parent: QWidget, session: ClusterSession) -> str | None:
    """Ask for a new topic and create it; returns its name, or None."""
    dialog = CreateTopicDialog(session.topics.names(), len(session.brokers.rows), parent)
    if await run_dialog(dialog) != ACCEPTED:
        return None
    topic = dialog.new_topic()
    try:
        await session.create_topic(topic)
    except FAILURES as exc:
        await show_error(parent, "New Topic", f"The topic “{topic.name}” was not created.", str(exc))
        return None
    return topic.name


async def delete_topic(parent: QWidget, session: ClusterSession, name: str) -> bool:
    row = session.topics.topic(name)
    dialog = DeleteTopicDialog(name, session.name, row.messages if row else None, parent)
    if await run_dialog(dialog) != ACCEPTED:
        return False
    try:
        await session.delete_topic(name)
    except FAILURES as exc:
        await show_error(parent, "Delete Topic", f"The topic “{name}” was not deleted.", str(exc))
        return False
    return True


async def add_partitions(parent: QWidget, session: ClusterSession, name: str) -> bool:
    row = session.topics.topic(name)
    dialog = AddPartitionsDialog(name, row.partitions if row else 1, parent)
    if await run_dialog(dialog) != ACCEPTED:
        return False
    total = dialog.total.value()
    try:
        await session.add_partitions(name, total)
    except FAILURES as exc:
        await show_error(parent, "Add Partitions", f"“{name}” still has its old partitions.", str(exc))
        return False
    return True


async def edit_config(parent: QWidget, session: ClusterSession, topic: str, entry: ConfigEntry) -> bool:
    dialog = EditConfigDialog(topic, entry, parent)
    result = await run_dialog(dialog)
    if result not in (ACCEPTED, RESET):
        return False
    value = None if result == RESET else dialog.value.text()
    try:
        await session.alter_config(topic, entry.name, value)
    except FAILURES as exc:
        problem = f"{entry.name} of “{topic}” was not changed."
        await show_error(parent, "Edit Configuration", problem, str(exc))
        return False
    return True
