"""The groups models pass Qt's model tester, also while refreshes change them."""

from __future__ import annotations

import pytest
from pytestqt.modeltest import ModelTester

from explorer.groups.overview import GroupRow
from explorer.models.groups import (
    GroupFilterProxy,
    GroupPartitionsModel,
    GroupsModel,
    MembersModel,
    ResetPreviewModel,
)
from protocol.admin import GroupMember, OffsetChange, PartitionLag, TopicPartition

pytestmark = pytest.mark.qt_log_level_fail("WARNING")


def rows(*ids: str, lag: int | None = None) -> list[GroupRow]:
    return [GroupRow(g, "Stable", "classic", "consumer", 1, 2, lag) for g in ids]


def test_groups_model_filter_and_refresh(qtmodeltester: ModelTester) -> None:
    model = GroupsModel()
    proxy = GroupFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(4)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    model.refresh(rows("orders", "billing", "audit"))
    resets: list[None] = []
    model.modelReset.connect(lambda: resets.append(None))
    model.refresh(rows("orders", "billing", "audit", lag=7))  # same groups: rows updated in place
    assert resets == [] and model.index(0, 4).data() == "7"
    model.refresh(rows("orders", "payments"))  # different groups: reset
    assert resets == [None] and model.rowCount() == 2
    proxy.set_text("PAY stable")
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data() == "payments"
    proxy.set_text("empty")
    assert proxy.rowCount() == 0
    proxy.set_text("")
    model.refresh([GroupRow("x", None, None, "", 1, None, None, "no permission")])
    assert model.index(0, 1).data() == "error" and model.index(0, 0).data(3) == "no permission"


def test_detail_and_preview_models(qtmodeltester: ModelTester) -> None:
    members, partitions, preview = MembersModel(), GroupPartitionsModel(), ResetPreviewModel()
    for model in (members, partitions, preview):
        qtmodeltester.check(model)
    member = GroupMember("m-1", "app", "/10.0.0.1", (TopicPartition("b", 1), TopicPartition("a", 0),
                                                     TopicPartition("b", 0)))
    members.refresh([member])
    assert members.index(0, 3).data() == "a: 0; b: 0, 1" and members.index(0, 2).data() == "3"
    partitions.refresh([PartitionLag("a", 0, 4, 0, 10, "m-1", "app", "/10.0.0.1"),
                        PartitionLag("a", 1, None, 0, 1_234_567)])
    assert [partitions.index(0, c).data() for c in range(5)] == ["a", "0", "4", "10", "6"]
    assert [partitions.index(1, c).data() for c in (2, 3, 4)] == ["none", "1,234,567", ""]
    assert "no offset" in partitions.index(1, 4).data(3)
    preview.set_rows([OffsetChange("a", 0, 4, 0), OffsetChange("a", 1, None, 5), OffsetChange("a", 2, 3, 3)])
    assert [preview.index(r, 4).data() for r in range(3)] == ["-4", "new", "0"]
