"""Offset resets as the user describes them, made into targets and scopes (Qt-free)."""

from __future__ import annotations

import pytest

from explorer.groups.overview import total_lag
from explorer.groups.reset import ResetChoice, change_text, plan_request
from protocol.admin import OffsetChange, TopicPartition

A0, A1, A2 = (TopicPartition("a", p) for p in range(3))
B0 = TopicPartition("b", 0)
KNOWN, COMMITTED, COUNTS = [A0, A1, B0], [A0, B0], {"a": 3, "b": 1, "c": 2}


def plan(kind: str, **choice: object) -> tuple[str, object, list[TopicPartition]]:
    target, scope = plan_request(ResetChoice(kind, **choice), KNOWN, COMMITTED, COUNTS, "UTC")  # type: ignore[arg-type]
    return target.kind, target, list(scope)  # type: ignore[arg-type]


def test_scopes() -> None:
    assert plan("earliest")[2] == [A0, A1, A2, B0]  # every partition of the group's topics
    assert plan("latest", topic="c")[2] == [TopicPartition("c", 0), TopicPartition("c", 1)]
    assert plan("latest", topic="a", partition=2)[2] == [A2]
    assert plan("shift", shift=-5)[2] == [A0, B0]  # only where there is an offset to shift
    assert plan("shift", topic="a", shift=1)[2] == [A0]
    with pytest.raises(ValueError, match="no committed offset to shift"):
        plan("shift", topic="c")
    with pytest.raises(ValueError, match="choose a topic"):
        plan_request(ResetChoice("earliest"), [], [], COUNTS, "UTC")


def test_targets() -> None:
    _, target, _ = plan("timestamp", timestamp="2023-11-14 22:13:20.007")
    assert target.timestamp_ms == 1_700_000_000_007  # type: ignore[attr-defined]
    _, target, scope = plan("offset", topic="a", offset=9)
    assert target.offsets == dict.fromkeys(scope, 9)  # type: ignore[attr-defined]
    assert plan("shift", shift=-3)[1].shift == -3  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="Enter the time"):
        plan("timestamp")
    with pytest.raises(ValueError, match="is not a time"):
        plan("timestamp", timestamp="yesterday")
    with pytest.raises(ValueError, match="0 or more"):
        plan("offset", offset=-1)


def test_texts_and_sums() -> None:
    assert [change_text(OffsetChange("a", 0, b, a)) for b, a in ((4, 9), (9, 4), (3, 3), (None, 0))] == [
        "+5", "-5", "0", "new"]
    assert total_lag({("a", 0): 4, ("a", 1): 10, ("b", 0): 1}, {("a", 0): 10, ("a", 1): 10}) == 6
