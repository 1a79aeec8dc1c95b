"""Every model passes Qt's model tester, also while it changes the way the app changes it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.modeltest import ModelTester

from explorer.clusterdata import BrokerRow, ConfigEntry, PartitionRow, TopicRow
from explorer.conntest import OK, StepResult
from explorer.models.brokers import BrokersModel
from explorer.models.configs import ConfigsModel
from explorer.models.navigator import NavigatorModel, apply_sorted_diff
from explorer.models.palette import PaletteModel
from explorer.models.partitions import PartitionsModel
from explorer.models.steps import StepsModel
from explorer.models.topics import TopicFilterProxy, TopicsModel
from explorer.quickopen import Target
from explorer.ui.topic_detail import OverridesOnly
from explorer.workspace import Workspace
from protocol.client import ClientConfig

pytestmark = pytest.mark.qt_log_level_fail("WARNING")


def rows(*names: str, internal: bool = False) -> list[TopicRow]:
    return [TopicRow(n, internal or n.startswith("__"), 3, 1) for n in names]


def test_topics_model_and_its_filter(qtmodeltester: ModelTester) -> None:
    model = TopicsModel()
    proxy = TopicFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(0)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    model.merge(rows("orders", "payments", "__consumer_offsets"))
    model.merge(rows("clicks", "orders"))
    model.set_messages({"orders": 10, "clicks": None, "gone": 3})
    model.set_sizes({"payments": 2048})
    assert [r.name for r in model.rows] == ["orders", "payments", "__consumer_offsets", "clicks"]
    assert model.topic("orders").messages == 10  # type: ignore[union-attr]
    assert proxy.rowCount() == 3
    proxy.set_show_internal(True)
    assert proxy.rowCount() == 4
    proxy.set_text("ORD")
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data() == "orders"
    proxy.set_text("")
    model.keep_only({"orders", "clicks"})
    assert model.names() == ["orders", "clicks"]
    model.merge(rows(*(f"t{i}" for i in range(120))))
    model.keep_only({"orders"})
    assert model.names() == ["orders"]
    model.clear()


def test_sorting_uses_numbers_not_text(qtmodeltester: ModelTester) -> None:
    model = TopicsModel()
    model.merge(rows("a", "b", "c"))
    model.set_messages({"a": 9, "b": 100, "c": None})
    proxy = TopicFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(3)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["c", "a", "b"]


def test_table_models(qtmodeltester: ModelTester) -> None:
    brokers = BrokersModel()
    qtmodeltester.check(brokers)
    brokers.set_rows([BrokerRow(1, "h1", 9092, None, True), BrokerRow(2, "h2", 9092, "r2", False)])
    assert brokers.index(0, 4).data() == "yes" and brokers.index(1, 3).data() == "r2"
    partitions = PartitionsModel()
    qtmodeltester.check(partitions)
    partitions.set_rows(
        [PartitionRow(0, 1, (1, 2), (1,), (), 5, 15, 100), PartitionRow(1, -1, (2,), (), (2,))]
    )
    assert partitions.index(0, 7).data() == "10" and partitions.index(1, 1).data() == "none"
    assert "not in sync" in partitions.index(0, 3).data(3)  # tooltip of an under-replicated partition
    configs = ConfigsModel()
    overrides = OverridesOnly()
    overrides.setSourceModel(configs)
    qtmodeltester.check(configs)
    qtmodeltester.check(overrides)
    configs.set_rows(
        [
            ConfigEntry("retention.ms", "1000", "topic override", False, False, False),
            ConfigEntry("sasl.jaas.config", "secret!", "broker", True, True, False),
        ]
    )
    assert configs.index(1, 1).data() == "(hidden)" and configs.index(1, 3).data() == "sensitive, read-only"
    overrides.set_only_overrides(True)
    assert overrides.rowCount() == 2
    configs.set_rows([*configs.rows, ConfigEntry("flush.ms", "1", "Kafka default", False, False, True)])
    assert overrides.rowCount() == 2 and configs.rowCount() == 3


def test_palette_and_steps_models(qtmodeltester: ModelTester) -> None:
    palette = PaletteModel()
    qtmodeltester.check(palette)
    palette.set_targets(
        [Target("topic", "orders", "a"), Target("topic", "orders", "b"), Target("cluster", "a", "a")]
    )
    palette.set_query("ord")
    assert [palette.index(r).data() for r in range(palette.rowCount())] == ["orders  — a", "orders  — b"]
    steps = StepsModel()
    qtmodeltester.check(steps)
    steps.update(StepResult("tcp", "Open a TCP connection", OK, 0.002, "Connected"))
    assert steps.index(1, 0).data() == "✔" and steps.index(1, 2).data() == "2 ms"
    steps.reset()


async def test_navigator_follows_sessions_and_their_topics(qtmodeltester: ModelTester) -> None:
    workspace = Workspace()
    model = NavigatorModel(workspace)
    qtmodeltester.check(model)
    from explorer.session import ClusterSession

    first = ClusterSession("one", ClientConfig("127.0.0.1:1"), parent=workspace)
    second = ClusterSession("two", ClientConfig("127.0.0.1:1"), parent=workspace)
    for session in (first, second):
        workspace.sessions.append(session)
        workspace.session_added.emit(session)
    first.topics.merge(rows("b", "a", "__internal", "c"))
    model.clusters[0].sync_topics()
    topics = model.index(1, 0, model.index(0, 0))
    assert topics.data() == "Topics (3)"
    assert [model.index(r, 0, topics).data() for r in range(3)] == ["a", "b", "c"]
    first.topics.keep_only({"a", "c"})
    first.topics.merge(rows("aa", "d"))
    model.clusters[0].sync_topics()
    assert [model.index(r, 0, topics).data() for r in range(model.rowCount(topics))] == ["a", "aa", "c", "d"]
    assert model.parent(model.index(0, 0, topics)) == topics
    workspace.sessions.remove(first)
    workspace.session_removed.emit(first)
    assert model.rowCount(QModelIndex()) == 1 and model.index(0, 0).data().startswith("two")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ([], ["a", "b"]),
        (["a", "b"], []),
        (["a", "c", "e"], ["b", "c", "d", "f"]),
        (["a", "b", "c"], ["a", "c"]),
    ],
)
def test_sorted_diff_reaches_the_wanted_list(old: list[str], new: list[str]) -> None:
    calls: list[tuple[str, int, int]] = []

    class Recorder:
        def __getattr__(self, name: str) -> Any:
            return lambda *args: calls.append((name, *args[1:])) if name.startswith("begin") else None

    current = list(old)
    apply_sorted_diff(Recorder(), QModelIndex(), current, new)  # type: ignore[arg-type]
    assert current == new
