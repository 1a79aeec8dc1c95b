"""The producer's models pass Qt's model tester, also while they change as the page changes them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from explorer.models import OBJECT_ROLE
from explorer.models.headers import FORMAT, NAME, VALUE, HeadersModel
from explorer.models.produce_history import ProduceHistoryModel
from explorer.produce.form import HeaderField, ProduceForm
from explorer.produce.history import ProduceHistory
from explorer.produce.sending import SendOutcome

pytestmark = pytest.mark.qt_log_level_fail("WARNING")
EDIT = Qt.ItemDataRole.EditRole


def outcome(n: int, error: str | None = None) -> SendOutcome:
    if error:
        return SendOutcome("t", 1, 0, (), None, None, error, 0.01)
    return SendOutcome("t", 1, 1, (0,), (0, n, 1_700_000_000_000), (0, n, 1_700_000_000_000), None, 0.01)


def test_history_model_newest_first_and_trimmed(qtmodeltester: ModelTester) -> None:
    history = ProduceHistory(limit=3)
    model = ProduceHistoryModel(history, "UTC")
    qtmodeltester.check(model)
    for n in range(5):
        history.add("c", ProduceForm(topic="t"), outcome(n), f"k{n}", "v")
    failed = outcome(9, "There is no topic “t”. Nothing was sent.")
    history.add("c", ProduceForm(topic="t"), failed, "k9", "v")
    assert model.rowCount() == 3 and len(history.entries) == 3
    assert [model.index(r, 4).data() for r in range(3)] == ["k9", "k4", "k3"]
    assert model.index(1, 3).data() == "partition 0 · offset 4 · 2023-11-14 22:13:20.000 UTC"
    assert model.index(0, 3).data().startswith("failed: There is no topic")
    assert model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole).endswith("Nothing was sent.")
    assert model.index(0, 0).data(OBJECT_ROLE) is history.entries[-1]
    model.set_mode("local")
    model.detach()
    history.add("c", ProduceForm(topic="t"), outcome(10), "k10", "v")  # a detached model no longer follows
    del model
    history.add("c", ProduceForm(topic="t"), outcome(11), "k11", "v")  # nor does a collected one


def test_headers_model_edits(qtmodeltester: ModelTester) -> None:
    model = HeadersModel()
    qtmodeltester.check(model)
    model.set_headers((HeaderField("a", "1"), HeaderField("b", "ff", "hex")))
    row = model.add()
    assert model.setData(model.index(row, NAME), "trace", EDIT)
    assert model.setData(model.index(row, VALUE), "abc", EDIT)
    assert model.setData(model.index(row, FORMAT), "base64", EDIT)
    assert not model.setData(model.index(row, FORMAT), "json", EDIT)  # not a header format
    assert model.index(row, FORMAT).data() == "Base64" and model.index(row, FORMAT).data(EDIT) == "base64"
    model.remove(0)
    model.remove(7)  # nothing there: ignored
    assert model.headers() == (HeaderField("b", "ff", "hex"), HeaderField("trace", "abc", "base64"))
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
