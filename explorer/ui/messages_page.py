"""A topic's messages: read from anywhere, tail, filter, search, inspect, export and replay.

The page wires widgets to :class:`~explorer.models.message_reading.MessageReading` (the reads,
searches and stores) and :class:`~explorer.models.messages.MessagesModel` (the table); all the
work happens there and in :mod:`explorer.messages`. Opening the page starts a read of the whole
topic up to its current end. Memory: 16 bytes per loaded message plus a few decoded blocks
(the bytes live in temporary files), see :mod:`explorer.messages.store`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from explorer.messages.decoders import Decoder
from explorer.messages.export import store_records, topic_records, write_records
from explorer.messages.filtering import RowFilter, needle_for
from explorer.messages.replay import ReplayOptions, replay
from explorer.messages.seek import ReadPlan, StartAt, parse_partitions, resolve
from explorer.messages.store import MessageStore
from explorer.models.decoder_prefs import DecoderPrefs
from explorer.models.message_reading import DONE, FAILED, PAUSED, READING, RESOLVING, TAILING, MessageReading
from explorer.models.messages import MessagesModel
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.timefmt import format_bytes, format_count
from explorer.ui.dialogs import run_dialog
from explorer.ui.message_detail import MessageDetail
from explorer.ui.messages_bars import FindBar, ReadBar
from explorer.ui.messages_io import ReplayDialog, ask_open_path, ask_save_path
from explorer.ui.messages_table import MessagesTable
from explorer.ui.page import Page
from protocol.errors import KafkaExplorerError

log = logging.getLogger(__name__)
STATUS_MS = 500
_STATE_TEXT = {
    RESOLVING: "looking up offsets…",
    READING: "reading…",
    TAILING: "tailing",
    PAUSED: "paused",
    DONE: "at the end",
    FAILED: "failed",
    "idle": "",
}


class MessagesPage(Page):
    """One topic's messages in one cluster (see the module docstring)."""

    resend_requested = Signal(str, object, object, object, object)
    """“Edit and Send…”: topic, key, value, headers (list of pairs) and partition of a message."""

    def __init__(
        self,
        session: ClusterSession,
        topic: str,
        settings: AppSettings | None = None,
        *,
        prefs: DecoderPrefs | None = None,
        autostart: ReadPlan | bool | None = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(("messages", session.name, topic), f"{topic} · messages", parent)
        self.session, self.topic = session, topic
        self.settings = settings if settings is not None else AppSettings(parent=self)
        self.prefs = prefs if prefs is not None else DecoderPrefs()
        self.model = MessagesModel(MessageStore(topic), timezone=self.settings.timezone, parent=self)
        self.reading = MessageReading(session.client, topic, self.model, self)
        self._go_to: tuple[int, int] | None = None
        self._problem: str | None = None
        self._build()
        self._wire()
        self._apply_decoders(*self.prefs.get(session.name, topic))
        self._status_timer = QTimer(self, interval=STATUS_MS)
        self._status_timer.timeout.connect(self._update_status)
        self._status_timer.start()
        if autostart is True:
            self.read(ReadPlan(topic))
        elif isinstance(autostart, ReadPlan):
            self.read(autostart)

    # -- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.read_bar = ReadBar(self.topic)
        self.read_bar.timezone = self.settings.timezone
        self.find_bar = FindBar()
        self.table = MessagesTable(self.model)
        self.detail = MessageDetail()
        self.detail.set_timezone(self.settings.timezone)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([620, 380])
        self.status = QLabel()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_bar)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)

    def _wire(self) -> None:
        bar, find = self.read_bar, self.find_bar
        bar.start_requested.connect(self.read)
        bar.pause_requested.connect(self.reading.pause)
        bar.resume_requested.connect(self.reading.resume)
        bar.clear_requested.connect(self.clear)
        bar.export_requested.connect(lambda kind: self.start(self.export(kind)))
        bar.replay_requested.connect(lambda: self.start(self.ask_and_replay()))
        bar.problem.connect(self.show_problem)
        find.filter_changed.connect(self.set_filter)
        find.search_requested.connect(self.search)
        find.cancel_search_requested.connect(self.reading.cancel_search)
        find.back_requested.connect(self.reading.show_loaded)
        find.go_to_requested.connect(self.go_to)
        find.problem.connect(self.show_problem)
        self.reading.state_changed.connect(self._state_changed)
        self.reading.failed.connect(self.show_problem)
        self.reading.search_changed.connect(find.set_search_state)
        self.reading.search_failed.connect(self.show_problem)
        self.reading.showing_changed.connect(find.set_showing_hits)
        self.model.rows_arrived.connect(self._rows_arrived)
        self.model.modelReset.connect(lambda: self.detail.show_record(None))
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.detail.decoders_changed.connect(self._decoders_chosen)
        self.detail.resend_requested.connect(
            lambda r: self.resend_requested.emit(r.topic, r.key, r.value, list(r.headers), r.partition)
        )
        self.settings.changed.connect(self._setting_changed)

    # -- commands ---------------------------------------------------------------------------
    def read(self, plan: ReadPlan) -> None:
        """Read ``plan`` (the previous rows go)."""
        self._problem = None
        self.table.auto_scroll = plan.tail
        self.reading.start(plan)

    def clear(self) -> None:
        self.reading.clear()

    def set_filter(self, text: str, regex: bool = False) -> None:
        if not text:
            self.model.set_filter(None)
            self._update_status()
            return
        try:
            needle = needle_for(text, regex=regex)
        except ValueError as exc:
            self.show_problem(str(exc))
            return
        self.model.set_filter(RowFilter(self.model.store, needle))
        self._update_status()

    def search(self, text: str, regex: bool = False) -> None:
        self._problem = None
        try:
            partitions = parse_partitions(self.read_bar.partitions.text())
            self.reading.search_topic(text, regex=regex, partitions=partitions)
        except (ValueError, re.error) as exc:
            self.show_problem(str(exc))

    def go_to(self, partition: int, offset: int) -> None:
        row = self.reading.go_to(partition, offset, tail=self.read_bar.tail.isChecked())
        if row is not None:
            self.select_row(row)
        else:
            self._go_to = (partition, offset)
            self.read_bar.set_mode(StartAt.OFFSET, str(offset))
            self.read_bar.partitions.setText(str(partition))

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index, self.table.ScrollHint.PositionAtCenter)

    def show_problem(self, text: str) -> None:
        self._problem = text
        self._update_status()

    async def export(self, kind: str) -> int | None:
        """Ask for a file and export the selected rows, the rows shown, or the plan's range."""
        path = await ask_save_path(self, f"{self.topic}.jsonl")
        if path is None:
            return None
        return await self.export_to(kind, path)

    async def export_to(self, kind: str, path: Path) -> int:
        mode = self.settings.timezone
        progress = lambda n: self.show_problem(f"Exporting… {n:,} messages written")  # noqa: E731
        try:
            if kind == "topic":
                positions = await resolve(self.session.client, self.read_bar.plan(tail=False))
                records = topic_records(self.session.client, self.topic, positions)
                count = await write_records(records, path, mode, on_progress=progress)
            else:
                store = self.model.store
                rows = (
                    self.table.store_rows()
                    if kind == "selected"
                    else (self.model.store_row(r) for r in range(self.model.rowCount()))
                )
                count = await write_records(store_records(store, rows), path, mode, on_progress=progress)
        except (KafkaExplorerError, OSError, ValueError) as exc:
            self.show_problem(f"Export failed: {exc}")
            raise
        self.show_problem(f"Exported {count:,} messages to {path}")
        return count

    async def ask_and_replay(self) -> int | None:
        path = await ask_open_path(self)
        if path is None:
            return None
        dialog = ReplayDialog(path, self.topic, self)
        if await run_dialog(dialog) == 0:
            return None
        options = ReplayOptions(dialog.keep_partitions.isChecked(), dialog.keep_timestamps.isChecked())
        try:
            count = await replay(
                self.session.client,
                dialog.topic.text().strip(),
                path,
                options,
                on_progress=lambda n: self.show_problem(f"Replaying… {n:,} sent"),
            )
        except (KafkaExplorerError, OSError, ValueError) as exc:
            self.show_problem(f"Replay stopped: {exc}")
            return None
        self.show_problem(f"Replayed {count:,} messages into {dialog.topic.text().strip()}")
        return count

    def shutdown(self) -> None:
        """Stop reading and searching, and delete the spill files (idempotent)."""
        self._status_timer.stop()
        super().shutdown()
        self.reading.shutdown()

    # -- slots ------------------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.show_record(None)
            return
        self.detail.show_record(self.model.store.record(self.model.store_row(current.row())))

    def _rows_arrived(self, _count: int) -> None:
        if self._go_to is None or self.model.store is not self.reading.loaded:
            return
        row = self.reading.loaded.find(*self._go_to)
        shown = None if row is None else self.model.table_row(row)
        if shown is not None:
            self._go_to = None
            self.select_row(shown)

    def _decoders_chosen(self, key: Decoder, value: Decoder) -> None:
        self.model.set_decoders(key, value)
        self.prefs.set(self.session.name, self.topic, key, value)

    def _apply_decoders(self, key: Decoder, value: Decoder) -> None:
        self.model.set_decoders(key, value)
        self.detail.set_decoders(key, value)

    def _setting_changed(self, name: str) -> None:
        if name == "timezone":
            mode = self.settings.timezone
            self.model.set_timezone(mode)
            self.detail.set_timezone(mode)
            self.read_bar.timezone = mode
            self.read_bar.refresh_placeholder()

    def _state_changed(self, state: str) -> None:
        self.read_bar.set_state(state)
        if state in (RESOLVING, READING, TAILING):
            self._problem = None
        self._update_status()

    def _update_status(self) -> None:
        store = self.model.store
        parts = []
        if self.reading.showing_hits:
            parts.append(f"{format_count(self.model.rowCount())} search hits")
        elif self.model.filtered:
            parts.append(
                f"{format_count(self.model.rowCount())} of {format_count(len(store))} messages match"
            )
        else:
            parts.append(f"{format_count(len(store))} messages")
        if self.reading.state in (READING, TAILING):
            parts.append(f"{self.model.meter.rate():,.0f} msg/s")
        state = _STATE_TEXT.get(self.reading.state, self.reading.state)
        if state:
            parts.append(state)
        parts.append(f"{format_bytes(store.nbytes)} in memory, {format_bytes(store.disk_bytes)} on disk")
        text = " · ".join(parts)
        if self._problem:
            text = f"{text} — {self._problem}"
        self.status.setText(text)


def open_messages_page(
    session: ClusterSession, topic: str, settings: AppSettings | None = None
) -> MessagesPage:
    """The messages page of ``topic``; add it with ``MainWindow.add_page``."""
    return MessagesPage(session, topic, settings)
