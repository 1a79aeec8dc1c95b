"""The connection test as a page: each step with its time, and what a failure means."""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from explorer.conntest import FAILED, StepResult, run_connection_test
from explorer.models import OBJECT_ROLE
from explorer.models.steps import StepsModel
from explorer.settings import AppSettings
from explorer.ui.page import Page
from explorer.ui.tables import apply_widths, make_table
from protocol.security import SecurityConfig


def step_html(step: StepResult) -> str:
    parts = [f"<h3>{html.escape(step.title)}</h3>", f"<p>{html.escape(step.summary)}</p>"]
    if step.meaning:
        parts.append(f"<p><b>What it means:</b> {html.escape(step.meaning)}</p>")
    if step.check:
        parts.append(f"<p><b>What to check:</b> {html.escape(step.check)}</p>")
    if step.details:
        lines = "<br>".join(html.escape(line).replace("    ", "&nbsp;" * 4) for line in step.details)
        parts.append(f"<p style='font-family:monospace'>{lines}</p>")
    return "".join(parts)


class ConnectionTestView(Page):
    """Runs :func:`explorer.conntest.run_connection_test` when opened and on Run Again."""

    def __init__(
        self,
        key: str,
        name: str,
        bootstrap: str,
        security: SecurityConfig,
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(("test", key), f"Test · {name}", parent)
        self.bootstrap, self.security, self.settings = bootstrap, security, settings
        self.model = StepsModel(self)
        self.heading = QLabel(
            f"<b>{html.escape(name)}</b> — {html.escape(bootstrap)} ({security.security_protocol})",
            textFormat=Qt.TextFormat.RichText,
        )
        self.verdict = QLabel(wordWrap=True)
        self.again = QPushButton("Run Again")
        self.table = make_table(self, widths=[3, 30, 9, 60], stretch=3)
        self.table.setSortingEnabled(False)
        self.table.setModel(self.model)
        apply_widths(self.table)
        self.details = QTextBrowser()
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.again)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details, 1)
        self.again.clicked.connect(self.run)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.run()

    def run(self) -> None:
        self.tasks.cancel_all()
        self.start(self._run())

    async def _run(self) -> None:
        self.model.reset()
        self.again.setEnabled(False)
        self.verdict.setText("Testing…")
        self.verdict.setStyleSheet("")
        try:
            async for step in run_connection_test(self.bootstrap, self.security, tz=self.settings.timezone):
                self.model.update(step)
                if step.status == FAILED or not self.table.currentIndex().isValid():
                    self.details.setHtml(step_html(step))
        finally:
            self.again.setEnabled(True)
        self._show_verdict()

    def _show_verdict(self) -> None:
        failures = self.model.failures()
        if failures:
            self.verdict.setText(f"The connection fails at “{failures[0].title}”: {failures[0].summary}")
            self.verdict.setStyleSheet("color: #c62828")
            self.details.setHtml(step_html(failures[0]))
        else:
            self.verdict.setText("Every step succeeded: this profile can connect.")
            self.verdict.setStyleSheet("color: #2e7d32")

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.details.setHtml(step_html(indexes[0].data(OBJECT_ROLE)))
