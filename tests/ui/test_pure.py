"""Qt-free pieces: topic names, quick-open ranking, formatting, load steps, sorted-list diffs."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.loader import messages_per_topic, topic_steps
from explorer.quickopen import Target, rank, score
from explorer.timefmt import format_bytes, format_count, format_duration, format_time
from explorer.topicname import MAX_NAME_LENGTH, colliding_names, collision_warning, name_problem
from protocol.metadata import ClusterMetadata, PartitionInfo, TopicInfo


@pytest.mark.parametrize("name", ["orders", "a.b_c-D9", "x" * MAX_NAME_LENGTH, "...", "_", "-"])
def test_legal_topic_names(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("", "needs a name"),
        (".", "“.” or “..”"),
        ("..", "“.” or “..”"),
        ("x" * (MAX_NAME_LENGTH + 1), "at most 249"),
        ("a b", "' '"),
        ("ordres/eu", "'/'"),
        ("café", "'é'"),
    ],
)
def test_illegal_topic_names_say_why(name: str, words: str) -> None:
    problem = name_problem(name)
    assert problem is not None and words in problem


def test_dot_and_underscore_collide_like_kafkas_metric_names() -> None:
    assert colliding_names("a_b", ["a.b", "a_b", "ab", "a-b"]) == ["a.b"]
    warning = collision_warning("a_b", ["a.b"])
    assert warning is not None and "“a.b”" in warning
    assert collision_warning("orders", ["orders.v1"]) is None


def test_quick_open_ranks_exact_then_prefix_then_word_then_substring_then_letters() -> None:
    names = ["orders", "orders.eu", "eu.orders", "preorders", "o-r-d", "payments"]
    ranked = [t.name for t in rank("orders", [Target("topic", n, "c") for n in names])]
    assert ranked == ["orders", "orders.eu", "eu.orders", "preorders"]
    assert score("ord", "o-r-d") is not None and score("xyz", "orders") is None
    assert [t.name for t in rank("", [Target("topic", n, "c") for n in ("b", "a")])] == ["a", "b"]


def test_formatting() -> None:
    assert format_count(None) == "" and format_count(1234567) == "1,234,567"
    assert format_bytes(None) == "" and format_bytes(512) == "512 B" and format_bytes(1536) == "1.5 KiB"
    assert format_duration(0.25) == "250 ms" and format_duration(3.21) == "3.2 s"
    assert format_duration(125) == "2 min 5 s"
    moment = dt.datetime(2026, 3, 1, 14, 5, 9, tzinfo=dt.UTC)
    assert format_time(moment, "UTC") == "2026-03-01 14:05:09 UTC"
    assert format_time(moment.timestamp(), "local").startswith(moment.astimezone().strftime("%Y-%m-%d %H:%M"))


def _meta(partitions: dict[str, int]) -> ClusterMetadata:
    def parts(n: int) -> dict[int, PartitionInfo]:
        return {p: PartitionInfo(p, 1, 0, (1,), (1,), ()) for p in range(n)}

    topics = {name: TopicInfo(name, None, False, parts(n)) for name, n in partitions.items()}
    return ClusterMetadata("c", 1, {}, topics)


def test_load_steps_group_topics_by_partition_budget_without_splitting_a_topic() -> None:
    meta = _meta({"a": 3, "b": 3, "c": 5, "d": 1})
    assert topic_steps(meta, ["a", "b", "c", "d"], budget=6) == [["a", "b"], ["c", "d"]]
    assert topic_steps(meta, [], budget=6) == []


def test_message_counts_sum_partitions_and_unknown_stays_unknown() -> None:
    marks = {("a", 0): (0, 10), ("a", 1): (5, 7), ("b", 0): (None, 3)}
    assert messages_per_topic(["a", "b"], marks) == {"a": 12, "b": None}
