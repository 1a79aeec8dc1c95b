"""The message models pass Qt's model tester while rows arrive, are trimmed, filtered and reset."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from explorer.messages.decoders import Decoder
from explorer.messages.filtering import RowFilter, needle_for
from explorer.messages.store import MessageStore
from explorer.models.message_headers import HeadersModel
from explorer.models.messages import KEY, OFFSET, PARTITION, STORE_ROW_ROLE, TIMESTAMP, VALUE, MessagesModel

from .records import view_of

pytestmark = pytest.mark.qt_log_level_fail("WARNING")


def column(model: MessagesModel, col: int) -> list[str]:
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_rows_arrive_per_tick_and_trim_at_the_cap(qtmodeltester: ModelTester, qtbot: QtBot) -> None:
    store = MessageStore("t", block_bytes=600)
    model = MessagesModel(store, timezone="UTC", max_rows=250)
    qtmodeltester.check(model)
    store.append_view(0, view_of(0, 100))
    store.append_view(1, view_of(0, 100))
    assert model.rowCount() == 0  # nothing is announced before a tick
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.tick()
    assert inserted.args[1:] == [0, 199]
    assert model.rowCount() == 200
    assert model.index(0, TIMESTAMP).data() == "2023-11-14 22:13:20.000 UTC"
    assert (model.index(150, PARTITION).data(), model.index(150, OFFSET).data()) == ("1", "50")
    assert model.index(3, KEY).data() == "k3" and model.index(3, VALUE).data() == "v3-v3-v3-v3-v3-v3-v3"
    assert model.index(3, 5).data() == "1" and model.index(4, 5).data() == ""
    assert model.index(3, OFFSET).data(Qt.ItemDataRole.TextAlignmentRole) is not None
    assert model.index(3, OFFSET).data(Qt.ItemDataRole.DecorationRole) is None
    store.append_view(0, view_of(100, 150))
    removed: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    model.tick()
    assert removed == [(0, 99)]  # one removal per tick, then one insertion
    assert model.rowCount() == 250 and store.base == 100
    assert model.index(0, PARTITION).data() == "1" and model.index(249, OFFSET).data() == "249"
    assert model.store_row(0) == 100 and model.table_row(349) == 249 and model.table_row(5) is None
    qtmodeltester.check(model)


def test_filter_mode_trims_and_resets(qtmodeltester: ModelTester) -> None:
    store = MessageStore("t", block_bytes=600)
    model = MessagesModel(store, timezone="UTC", max_rows=1000)
    qtmodeltester.check(model)
    store.append_view(0, view_of(0, 600))
    model.tick()
    model.set_filter(RowFilter(store, needle_for("K1")))
    while model.pending:
        model.tick()
    expected = [o for o in range(600) if str(o).startswith("1")]
    assert [int(x) for x in column(model, OFFSET)] == expected
    assert model.table_row(model.store_row(3)) == 3
    store.append_view(0, view_of(600, 700))  # 1300 rows: 300 over the cap
    while model.pending:
        model.tick()
    offsets = [int(x) for x in column(model, OFFSET)]
    assert offsets == [o for o in range(300, 1300) if str(o).startswith("1")]
    assert model.index(0, 0).data(STORE_ROW_ROLE) == store.find(0, 1000)
    model.set_decoders(Decoder.HEX, Decoder.BASE64)
    assert model.index(0, KEY).data() == "6b 31 30 30 30"
    model.set_filter(None)
    assert model.rowCount() == 1000
    model.clear()
    assert model.rowCount() == 0 and len(store) == 0
    replacement = MessageStore("t")
    replacement.append_view(2, view_of(0, 10))
    model.set_store(replacement)
    model.tick()
    assert column(model, PARTITION) == ["2"] * 10
    qtmodeltester.check(model)


def test_headers_model(qtmodeltester: ModelTester) -> None:
    model = HeadersModel()
    qtmodeltester.check(model)
    model.set_headers((("trace", b"abc"), ("raw", b"\xff"), ("none", None)))
    assert [[model.index(r, c).data() for c in range(3)] for r in range(3)] == [
        ["trace", "abc", "3 B"],
        ["raw", "\\xff", "1 B"],
        ["none", "(null)", ""],
    ]
    qtmodeltester.check(model)
