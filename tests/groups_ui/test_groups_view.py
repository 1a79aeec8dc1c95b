"""The groups view against a group a real client (confluent-kafka) drives: the lag it shows,
resets refused while the client runs, previews equal to what is applied, the client resuming
from the new offsets, and deleting the group."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from explorer.harness import KafkaCluster
from explorer.models.groups import GroupsModel
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.ui.group_detail import GroupDetailPage
from explorer.ui.groups_page import GroupsPage
from explorer.ui.reset_dialog import ResetDialog
from protocol.admin import Admin, ResetPlan
from tests.admin.conftest import GroupConsumer, produce
from tests.producer_ui.helpers import next_emit, shot, unique, until

pytestmark = [pytest.mark.broker, pytest.mark.qt_log_level_fail("WARNING"),
              pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")]
BASE_TS = 1_700_000_000_000
"""Record i of each partition has timestamp BASE_TS + i (2023-11-14 22:13:20.00i UTC)."""


def show(qtbot: QtBot, pages: list[QWidget], page: Any, width: int = 1100, height: int = 520) -> Any:
    qtbot.addWidget(page)
    pages.append(page)
    page.resize(width, height)
    page.show()
    return page


def group_row(model: GroupsModel, group: str) -> Any:
    return next(r for r in model.rows if r.group_id == group)


def partition_rows(page: GroupDetailPage) -> dict[int, tuple[Any, ...]]:
    return {p.partition: (p.committed, p.high_watermark, p.lag, p.client_id) for p in page.partitions.rows}


def changes(plan: ResetPlan) -> dict[int, tuple[int | None, int]]:
    return {c.partition: (c.before, c.after) for c in plan.changes}


async def committed(admin: Admin, group: str) -> dict[int, int]:
    return {tp.partition: c.offset for tp, c in (await admin.committed_offsets(group)).items()}


async def open_reset(page: GroupDetailPage) -> ResetDialog:
    page.start(page.reset_offsets())
    await until(lambda: page.reset_dialog is not None and page.reset_dialog.isVisible(), 5, "the dialog")
    assert page.reset_dialog is not None
    return page.reset_dialog


async def preview(dialog: ResetDialog, kind: str, **choice: Any) -> ResetPlan:
    dialog.set_choice(kind, **choice)
    waiting = next_emit(dialog.previewed)
    dialog.preview_button.click()
    return await waiting


async def fresh(page: GroupDetailPage) -> None:
    """Refresh the page with what the cluster says now (after any refresh already running)."""
    await until(lambda: not page.loading, 10, "a running refresh")
    waiting = next_emit(page.refreshed)
    page.refresh()
    await waiting


async def wait_inactive(admin: Admin, group: str) -> None:
    for _ in range(200):
        if not (await admin.describe_group(group)).is_active:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"group {group} is still active")


async def test_lag_resets_and_resume(qtbot: QtBot, session: ClusterSession, kafka: KafkaCluster,
                                     settings: AppSettings) -> None:
    pages: list[QWidget] = []
    try:
        await lag_resets_and_resume(qtbot, pages, session, kafka, settings)
    finally:
        for page in pages:  # while the loop runs: their timers must not fire after it
            page.close()


async def lag_resets_and_resume(qtbot: QtBot, pages: list[QWidget], session: ClusterSession,
                                kafka: KafkaCluster, settings: AppSettings) -> None:
    admin = Admin(session.client)
    topic, group = unique("grp"), unique("g")
    await admin.create_topic(topic, 3, 1)
    await asyncio.to_thread(produce, kafka, topic, dict.fromkeys(range(3), 10), timestamp_ms=BASE_TS)
    consumer = GroupConsumer(kafka, group, [topic])
    try:
        await asyncio.to_thread(consumer.wait_assigned, 3)
        await asyncio.to_thread(consumer.commit, topic, {0: 4, 1: 10})

        groups = show(qtbot, pages, GroupsPage(session, settings=settings))
        await next_emit(groups.loaded)
        row = group_row(groups.model, group)
        assert (row.state, row.group_type, row.members, row.total_lag) == ("Stable", "classic", 1, 6)
        groups.filter.setText(f"{group[-8:].upper()} stable")
        assert groups.proxy.rowCount() == 1
        groups.filter.setText("no-such-group")
        assert groups.proxy.rowCount() == 0 and groups.count.text().startswith("0 of ")
        groups.filter.setText("")
        shot(groups, "groups-page")

        detail = show(qtbot, pages, GroupDetailPage(session, group, settings=settings))
        await next_emit(detail.refreshed)
        assert partition_rows(detail) == {0: (4, 10, 6, "lag-probe"), 1: (10, 10, 0, "lag-probe"),
                                          2: (None, 10, None, "lag-probe")}
        assert [m.client_id for m in detail.members.rows] == ["lag-probe"]
        assert "Stable" in detail.heading.text() and "lag 6" in detail.heading.text()
        shot(detail, "group-detail")

        detail.timer.setInterval(100)  # refreshed periodically while shown, not while hidden
        await next_emit(detail.refreshed, timeout=3)
        detail.hide()
        assert not detail.timer.isActive()
        detail.show()
        assert detail.timer.isActive()
        detail.timer.setInterval(5_000)

        dialog = await open_reset(detail)
        dialog.set_choice("earliest")
        refused = next_emit(dialog.refused)
        dialog.preview_button.click()
        text = await refused
        assert text.startswith("Refused.") and "active members" in text and "lag-probe" in text
        assert "stop its consumers first" in text
        assert not dialog.apply_button.isEnabled() and dialog.model.rowCount() == 0
        shot(dialog, "reset-refused")
        dialog.reject()
        await until(lambda: detail.reset_dialog is None, 5, "the dialog to close")
    finally:
        await asyncio.to_thread(consumer.close)
    await wait_inactive(admin, group)

    await fresh(detail)
    assert detail.members.rowCount() == 0
    dialog = await open_reset(detail)
    assert changes(await preview(dialog, "earliest")) == {0: (4, 0), 1: (10, 0), 2: (None, 0)}
    assert changes(await preview(dialog, "shift", value="-3")) == {0: (4, 1), 1: (10, 7)}
    at_time = await preview(dialog, "timestamp", value="2023-11-14 22:13:20.007")
    assert changes(at_time) == {0: (4, 7), 1: (10, 7), 2: (None, 7)}
    one = await preview(dialog, "offset", topic=topic, partition=1, value="2")
    assert changes(one) == {1: (10, 2)}
    plan = await preview(dialog, "offset", topic=topic, value="5")
    assert changes(plan) == {0: (4, 5), 1: (10, 5), 2: (None, 5)}
    assert dialog.apply_button.isEnabled() and dialog.model.rowCount() == 3
    assert await committed(admin, group) == {0: 4, 1: 10}  # a preview writes nothing
    shot(dialog, "reset-preview")
    dialog.offset.setText("6")  # a changed choice withdraws the preview
    assert not dialog.apply_button.isEnabled() and dialog.plan is None
    plan = await preview(dialog, "offset", topic=topic, value="5")
    applied = next_emit(dialog.applied_plan)
    dialog.apply_button.click()
    done = await applied
    assert done.applied and done.changes == plan.changes
    assert await committed(admin, group) == {c.partition: c.after for c in plan.changes}

    await until(lambda: detail.reset_dialog is None, 5, "the dialog to close")
    await until(lambda: {p: r[0] for p, r in partition_rows(detail).items()} == {0: 5, 1: 5, 2: 5}, 10,
                "the page to show the new offsets")
    resumed = GroupConsumer(kafka, group, [topic])
    try:
        await asyncio.to_thread(resumed.wait_assigned, 3)
        assert await asyncio.to_thread(resumed.first_offsets, 3) == {0: 5, 1: 5, 2: 5}
    finally:
        await asyncio.to_thread(resumed.close)
    await wait_inactive(admin, group)

    detail.start(detail.delete_group())
    box: list[QMessageBox] = []
    await until(lambda: box.extend(w for w in QApplication.topLevelWidgets()
                                   if isinstance(w, QMessageBox) and w.isVisible()) or box, 5, "the question")
    deleted = next_emit(detail.deleted)
    next(b for b in box[0].buttons() if b.text() == "Delete").click()
    assert await deleted == group
    assert group not in {g.group_id for g in await admin.list_groups()}
