"""Pure pieces: version choice, addresses, backoff, metadata snapshots, coordinator answers."""

from __future__ import annotations

import uuid

import pytest

from protocol.client import ClientConfig, parse_address
from protocol.codec import API_VERSIONS_SUPPORTED, ApiKey
from protocol.coordinator import coordinator_from_response, find_coordinator_request
from protocol.errors import (
    CoordinatorNotAvailableError,
    LeaderNotAvailableError,
    UnknownTopicOrPartitionError,
    UnsupportedVersionError,
)
from protocol.metadata import ClusterMetadata, metadata_request
from protocol.retry import Backoff
from protocol.versions import NegotiatedVersions, api_name, our_range


def test_version_is_min_of_both_maxima() -> None:
    ours = API_VERSIONS_SUPPORTED[ApiKey.METADATA]
    nv = NegotiatedVersions("b:1", {ApiKey.METADATA: (0, 9), ApiKey.FETCH: (0, 99)})
    assert nv.version(ApiKey.METADATA) == min(9, ours[1])
    assert nv.version(ApiKey.FETCH) == API_VERSIONS_SUPPORTED[ApiKey.FETCH][1]


def test_no_overlap_names_api_and_broker() -> None:
    nv = NegotiatedVersions("host:9092 (node 3)", {ApiKey.FETCH: (0, 2)})
    assert not nv.supports(ApiKey.FETCH)
    with pytest.raises(UnsupportedVersionError) as err:
        nv.version(ApiKey.FETCH)
    assert "Fetch" in str(err.value) and "host:9092 (node 3)" in str(err.value)
    with pytest.raises(UnsupportedVersionError, match="DescribeCluster"):
        nv.version(ApiKey.DESCRIBE_CLUSTER)  # not advertised at all


def test_produce_never_below_v3() -> None:
    assert our_range(ApiKey.PRODUCE)[0] >= 3  # type: ignore[index]
    nv = NegotiatedVersions("b", {ApiKey.PRODUCE: (0, 2)})
    assert not nv.supports(ApiKey.PRODUCE)
    with pytest.raises(UnsupportedVersionError):
        NegotiatedVersions("b", {ApiKey.PRODUCE: (0, 13)}).check(ApiKey.PRODUCE, 2)


def test_check_pins_a_shared_version() -> None:
    nv = NegotiatedVersions("b", {ApiKey.METADATA: (0, 9)})
    assert nv.check(ApiKey.METADATA, 4) == 4
    with pytest.raises(UnsupportedVersionError, match="Metadata v10"):
        nv.check(ApiKey.METADATA, 10)


def test_api_names() -> None:
    assert api_name(ApiKey.FIND_COORDINATOR) == "FindCoordinator"
    assert api_name(999) == "API key 999"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("h:1", ("h", 1)),
        (" h ", ("h", 9092)),
        ("[::1]:9093", ("::1", 9093)),
        ("10.0.0.1:19092", ("10.0.0.1", 19092)),
    ],
)
def test_parse_address(text: str, expected: tuple[str, int]) -> None:
    assert parse_address(text) == expected


def test_bootstrap_lists() -> None:
    assert ClientConfig("a:1,b:2").addresses() == [("a", 1), ("b", 2)]
    assert ClientConfig(["a:1"]).addresses() == [("a", 1)]
    with pytest.raises(ValueError):
        ClientConfig("").addresses()
    with pytest.raises(ValueError):
        parse_address("h:port")


def test_backoff_grows_and_caps() -> None:
    backoff = Backoff(0.1, 5.0)
    assert backoff.delay(0) == 0
    assert 0.08 <= backoff.delay(1) <= 0.12
    assert 0.32 <= backoff.delay(3) <= 0.48
    assert 4.0 <= backoff.delay(30) <= 6.0


def metadata_response() -> dict:
    tid = uuid.uuid4()
    return {
        "brokers": [
            {"node_id": 1, "host": "h1", "port": 1, "rack": "r1"},
            {"node_id": 2, "host": "h2", "port": 2, "rack": None},
        ],
        "cluster_id": "c",
        "controller_id": 2,
        "topics": [
            {
                "error_code": 0,
                "name": "t",
                "topic_id": tid.bytes,
                "is_internal": False,
                "partitions": [
                    {
                        "error_code": 0,
                        "partition_index": 0,
                        "leader_id": 1,
                        "leader_epoch": 4,
                        "replica_nodes": [1, 2],
                        "isr_nodes": [1],
                        "offline_replicas": [2],
                    },
                    {
                        "error_code": 5,
                        "partition_index": 1,
                        "leader_id": -1,
                        "leader_epoch": 4,
                        "replica_nodes": [2],
                        "isr_nodes": [],
                        "offline_replicas": [],
                    },
                ],
            },
            {"error_code": 3, "name": "gone", "topic_id": bytes(16), "is_internal": False, "partitions": []},
        ],
    }


def test_cluster_metadata_from_response() -> None:
    meta = ClusterMetadata.from_response(metadata_response())
    assert meta.cluster_id == "c" and meta.controller_id == 2
    assert meta.brokers[1].rack == "r1" and meta.brokers[2].address == "h2:2"
    topic = meta.topics["t"]
    assert topic.partitions[0].replicas == (1, 2) and topic.partitions[0].offline_replicas == (2,)
    assert topic.topic_id is not None
    assert meta.topic_names[topic.topic_id] == "t" and meta.topic_ids["t"] == topic.topic_id
    assert meta.topic_name(topic.topic_id.bytes) == "t"
    assert meta.topics["gone"].topic_id is None
    assert isinstance(meta.topics["gone"].error, UnknownTopicOrPartitionError)
    assert meta.leader_for("t", 0) == 1
    with pytest.raises(LeaderNotAvailableError):
        meta.leader_for("t", 1)
    with pytest.raises(UnknownTopicOrPartitionError):
        meta.leader_for("gone", 0)
    with pytest.raises(UnknownTopicOrPartitionError):
        meta.leader_for("t", 7)
    sub = meta.subset(["t", "missing"])
    assert set(sub.topics) == {"t", "missing"} and sub.topics["missing"].error is not None


def test_metadata_request_shapes() -> None:
    assert metadata_request(12, None)["topics"] is None
    assert metadata_request(0, None)["topics"] == []
    assert metadata_request(12, ["a"])["topics"] == [{"name": "a"}]


def test_find_coordinator_shapes() -> None:
    build = find_coordinator_request(0, "g")
    assert build(3) == {"key": "g", "key_type": 0}
    assert build(4) == {"key_type": 0, "coordinator_keys": ["g"]}
    old = {"error_code": 0, "error_message": None, "node_id": 2, "host": "h", "port": 9}
    assert coordinator_from_response(old, "g").node_id == 2
    new = {
        "coordinators": [
            {"key": "g", "node_id": 3, "host": "h", "port": 9, "error_code": 0, "error_message": None}
        ]
    }
    assert coordinator_from_response(new, "g").node_id == 3
    busy = {
        "coordinators": [
            {"key": "g", "node_id": -1, "host": "", "port": -1, "error_code": 15, "error_message": None}
        ]
    }
    with pytest.raises(CoordinatorNotAvailableError):
        coordinator_from_response(busy, "g")


def test_backoff_stays_capped_after_very_many_failures() -> None:
    from protocol.retry import Backoff

    backoff = Backoff(initial=0.1, maximum=5.0)
    assert backoff.delay(0) == 0.0
    assert 0.08 <= backoff.delay(1) <= 0.12
    assert 4.0 <= backoff.delay(5000) <= 6.0
