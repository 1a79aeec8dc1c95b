"""Export to JSONL (and CSV), replay the JSONL into another topic, export that: identical."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel

from explorer.messages.replay import ReplayFileError, ReplayOptions, replay
from explorer.messages.seek import ReadPlan, StartAt
from explorer.models.decoder_prefs import DecoderPrefs
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from protocol.producer import Producer
from tests.records_client.helpers import create_topic, unique

from .pages import open_page, read_done

pytestmark = [
    pytest.mark.broker,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]
T0 = 1_767_225_600_000


def source_records() -> list[tuple[Any, ...]]:
    records: list[tuple[Any, ...]] = []
    for i in range(300):
        key = None if i % 10 == 0 else f"key-{i}".encode()
        value = (
            None if i % 25 == 0 else (bytes([i % 256, 0xFF, 0]) if i % 7 == 0 else f'{{"i": {i}}}'.encode())
        )
        headers = [("trace", f"t{i}".encode()), ("bin", b"\x80\x81"), ("nothing", None)] if i % 3 == 0 else []
        records.append((key, value, headers, i % 3, T0 + i * 37))
    return records


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


async def test_export_replay_export_is_identical(
    session: ClusterSession, settings: AppSettings, prefs: DecoderPrefs, tmp_path: Path
) -> None:
    source, target = unique("msg-export-src"), unique("msg-export-dst")
    await create_topic(session.client, source, partitions=3)
    await create_topic(session.client, target, partitions=3)
    (await Producer(session.client, compression="zstd").send_many(source, source_records())).raise_first()

    page = open_page(session, source, settings, prefs)
    try:
        await read_done(page)
        assert await page.export_to("shown", tmp_path / "source.jsonl") == 300
        assert await page.export_to("shown", tmp_path / "source.csv") == 300
        assert await page.export_to("topic", tmp_path / "range.jsonl") == 300
        selection = page.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in (5, 6, 7, 40):
            selection.select(page.model.index(row, 0), flags)
        assert await page.export_to("selected", tmp_path / "selected.jsonl") == 4
    finally:
        page.shutdown()

    exported = lines(tmp_path / "source.jsonl")
    by_place = sorted(exported, key=lambda o: (o["partition"], o["offset"]))
    assert by_place == sorted(lines(tmp_path / "range.jsonl"), key=lambda o: (o["partition"], o["offset"]))
    assert [o["offset"] for o in lines(tmp_path / "selected.jsonl")] == [
        exported[r]["offset"] for r in (5, 6, 7, 40)
    ]
    first = next(o for o in exported if o["partition"] == 0 and o["offset"] == 0)
    assert first == {
        "topic": source,
        "partition": 0,
        "offset": 0,
        "timestamp": T0,
        "time": "2026-01-01T00:00:00.000+00:00",
        "timestamp_type": "CreateTime",
        "key": None,
        "key_encoding": "utf8",
        "value": None,
        "value_encoding": "utf8",
        "headers": [
            {"name": "trace", "value": "t0", "encoding": "utf8"},
            {"name": "bin", "value": "gIE=", "encoding": "base64"},
            {"name": "nothing", "value": None, "encoding": "utf8"},
        ],
    }
    with open(tmp_path / "source.csv", encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert len(table) == 300 and table[0].keys() == exported[0].keys()
    assert [r["value"] for r in table] == ["" if o["value"] is None else o["value"] for o in exported]

    assert await replay(session.client, target, tmp_path / "source.jsonl", ReplayOptions()) == 300
    copy = open_page(session, target, settings, prefs)
    try:
        await read_done(copy)
        await copy.export_to("shown", tmp_path / "target.jsonl")
    finally:
        copy.shutdown()
    replayed = lines(tmp_path / "target.jsonl")
    for obj in (*exported, *replayed):
        del obj["topic"]
    key = lambda o: (o["partition"], o["offset"])  # noqa: E731
    assert sorted(replayed, key=key) == sorted(exported, key=key)


async def test_replay_can_let_the_partitioner_choose(
    session: ClusterSession, settings: AppSettings, prefs: DecoderPrefs, tmp_path: Path
) -> None:
    topic = unique("msg-replay-one")
    await create_topic(session.client, topic, partitions=1)
    export = tmp_path / "in.jsonl"
    export.write_text(
        "\n".join(
            json.dumps({"partition": 7, "timestamp": T0 + i, "key": f"k{i}", "value": f"v{i}"})
            for i in range(20)
        )
        + "\n"
    )
    options = ReplayOptions(keep_partitions=False, keep_timestamps=False)
    assert await replay(session.client, topic, export, options) == 20
    page = open_page(session, topic, settings, prefs, ReadPlan(topic, StartAt.BEGINNING))
    try:
        await read_done(page)
        records = [page.model.store.record(page.model.store_row(r)) for r in range(page.model.rowCount())]
        assert [(r.partition, r.key, r.value) for r in records] == [
            (0, f"k{i}".encode(), f"v{i}".encode()) for i in range(20)
        ]
        assert all(r.timestamp > T0 + 1_000_000 for r in records)  # the time of sending
    finally:
        page.shutdown()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"value": "ok"}\n{"value": 5}\n')
    with pytest.raises(ReplayFileError, match=r"Line 2 of bad\.jsonl: value must be a string"):
        await replay(session.client, topic, bad)


async def test_export_and_replay_through_the_page(
    session: ClusterSession,
    settings: AppSettings,
    prefs: DecoderPrefs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bar's Export and Replay File… buttons, with the file dialogs answered."""
    import explorer.ui.messages_page as page_module
    from explorer.ui.messages_io import ReplayDialog

    source, target = unique("msg-ui-src"), unique("msg-ui-dst")
    await create_topic(session.client, source, partitions=3)
    await create_topic(session.client, target, partitions=3)
    (await Producer(session.client).send_many(source, source_records()[:40])).raise_first()
    exported = tmp_path / "ui.jsonl"

    async def save_path(_parent: object, suggested: str) -> Path:
        assert suggested == f"{source}.jsonl"
        return exported

    async def open_path(_parent: object) -> Path:
        return exported

    async def answer(dialog: object) -> int:
        assert isinstance(dialog, ReplayDialog)
        dialog.topic.setText(target)
        return 1

    monkeypatch.setattr(page_module, "ask_save_path", save_path)
    monkeypatch.setattr(page_module, "ask_open_path", open_path)
    monkeypatch.setattr(page_module, "run_dialog", answer)
    page = open_page(session, source, settings, prefs)
    try:
        await read_done(page)
        assert await page.export("shown") == 40
        assert await page.ask_and_replay() == 40
        assert f"Replayed 40 messages into {target}" in page.status.text()
    finally:
        page.shutdown()
    copy = open_page(session, target, settings, prefs)
    try:
        await read_done(copy)
        assert copy.model.rowCount() == 40
    finally:
        copy.shutdown()
