"""Known byte strings, assembled by hand from the protocol rules, checked byte for byte.

These do not go through our definitions to build the expectation, so they catch mistakes that a
round trip cannot (a wrong header version, compact vs classic lengths, tag order).
"""

from __future__ import annotations

import uuid

import pytest

from protocol.codec import (
    ApiKey,
    decode_request,
    decode_response,
    decode_struct,
    encode_request,
    encode_response,
    encode_struct,
    request_header_version,
    response_header_version,
)
from protocol.errors import (
    ProtocolDecodeError,
    ProtocolEncodeError,
    UnsupportedRequestError,
    UnsupportedVersionError,
)


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", "").replace("|", ""))


def test_api_versions_v0_request_frame() -> None:
    frame = encode_request(ApiKey.API_VERSIONS, 0, 1, "test", {})
    assert frame == h("0000000e | 0012 0000 00000001 | 0004 74657374")


def test_api_versions_v3_request_uses_header_v2_with_classic_client_id() -> None:
    body = {"client_software_name": "ke", "client_software_version": "0.1"}
    frame = encode_request(ApiKey.API_VERSIONS, 3, 7, "kx", body)
    assert frame == h("00000015 | 0012 0003 00000007 0002 6b78 00 | 03 6b65 04 302e31 00")
    header, decoded = decode_request(frame[4:])
    assert header == {"api_key": 18, "api_version": 3, "correlation_id": 7, "client_id": "kx"}
    assert decoded == body


def test_metadata_v0_request() -> None:
    frame = encode_request(ApiKey.METADATA, 0, 42, None, {"topics": [{"name": "a"}, {"name": "bc"}]})
    assert frame == h("00000015 | 0003 0000 0000002a ffff | 00000002 0001 61 0002 6263")


def test_metadata_v1_request_null_topics_means_all() -> None:
    frame = encode_request(ApiKey.METADATA, 1, 1, None, {"topics": None})
    assert frame[-4:] == h("ffffffff")
    assert decode_request(frame[4:])[1] == {"topics": None}


def test_metadata_v12_request_defaults() -> None:
    frame = encode_request(ApiKey.METADATA, 12, 1, "c", {})
    # topics null (compact 00: all topics), allow_auto_topic_creation true,
    # include_topic_authorized_operations false, no tags
    assert frame == h("00000010 | 0003 000c 00000001 0001 63 00 | 00 01 00 00")
    frame = encode_request(ApiKey.METADATA, 12, 1, "c", {"topics": []})
    assert frame == h("00000010 | 0003 000c 00000001 0001 63 00 | 01 01 00 00")


def test_omitted_nullable_fields_are_null() -> None:
    """Spec default when given, else null where nullable: "all keys", "any principal"."""
    frame = encode_request(ApiKey.DESCRIBE_CONFIGS, 1, 1, None, {"resources": [{}]})
    resources = decode_request(frame[4:])[1]["resources"]
    assert resources == [{"resource_type": 0, "resource_name": "", "configuration_keys": None}]
    frame = encode_request(ApiKey.DESCRIBE_ACLS, 1, 1, None, {})
    body = decode_request(frame[4:])[1]
    assert body["resource_name_filter"] is None and body["principal_filter"] is None
    assert body["pattern_type_filter"] == 3  # the spec's explicit default wins
    # Metadata v0 topics are not nullable: omitted means [] (which v0 reads as all topics).
    assert encode_request(ApiKey.METADATA, 0, 1, None, {}).endswith(h("00000000"))


API_VERSIONS_V3_RESPONSE = h(
    "00000001"  # response header v0, even though v3 is flexible
    "0000"  # error_code
    "02 0003 0000 000c 00"  # api_keys: one entry, then its (empty) tagged section
    "00000000"  # throttle_time_ms
    "03"  # three tagged fields
    "00 08 02 0278 0001 0002 00"  # tag 0 supported_features: [{name x, 1, 2}]
    "01 08 0000000000000005"  # tag 1 finalized_features_epoch = 5
    "09 02 abcd"  # tag 9: unknown to us, skipped
)


def test_api_versions_v3_response_tags_and_unknown_tag() -> None:
    corr, body = decode_response(ApiKey.API_VERSIONS, 3, API_VERSIONS_V3_RESPONSE)
    assert corr == 1
    assert body == {
        "error_code": 0,
        "api_keys": [{"api_key": 3, "min_version": 0, "max_version": 12}],
        "throttle_time_ms": 0,
        "supported_features": [{"name": "x", "min_version": 1, "max_version": 2}],
        "finalized_features_epoch": 5,
        "finalized_features": [],
        "zk_migration_ready": False,
    }
    # Re-encoding writes the known non-default tags only, in ascending order.
    frame = encode_response(ApiKey.API_VERSIONS, 3, 1, body)
    assert frame[4:] == API_VERSIONS_V3_RESPONSE[: -len(h("09 02 abcd"))].replace(
        h("03 00 08"), h("02 00 08")
    )


def test_api_versions_unsupported_version_answer_falls_back_to_v0_body() -> None:
    payload = h("00000003 | 0023 | 00000001 0012 0000 0003")
    corr, body = decode_response(ApiKey.API_VERSIONS, 3, payload)
    assert corr == 3
    assert body == {
        "error_code": 35,
        "api_keys": [{"api_key": 18, "min_version": 0, "max_version": 3}],
    }


def test_header_versions() -> None:
    assert request_header_version(ApiKey.METADATA, 8) == 1
    assert request_header_version(ApiKey.METADATA, 9) == 2
    assert response_header_version(ApiKey.METADATA, 9) == 1
    assert response_header_version(ApiKey.API_VERSIONS, 4) == 0
    assert response_header_version(ApiKey.DESCRIBE_CLUSTER, 0) == 1
    assert request_header_version(ApiKey.OFFSET_DELETE, 0) == 1


FETCH_V12_RESPONSE = h(
    "00000009 00"  # header v1: correlation id, empty tagged section
    "00000000 0000 00000000"  # throttle_time_ms, error_code, session_id
    "02 02 74"  # responses: one topic "t"
    "02"  # partitions: one
    "00000000 0000 0000000000000064"  # partition 0, no error, high watermark 100
    "0000000000000064 0000000000000000"  # last stable offset 100, log start offset 0
    "00"  # aborted_transactions: null
    "ffffffff"  # preferred_read_replica -1
    "04 616263"  # records: b"abc"
    "01 01 09 00000002 00000005 00"  # one tag: 1 current_leader = (2, 5), its own tag section
    "00"  # topic's tagged section
    "00"  # body's tagged section
)


def test_fetch_v12_response_tagged_partition_field() -> None:
    corr, body = decode_response(ApiKey.FETCH, 12, FETCH_V12_RESPONSE)
    assert corr == 9
    partition = body["responses"][0]["partitions"][0]
    assert body["responses"][0]["topic"] == "t"
    assert partition["records"] == b"abc"
    assert partition["aborted_transactions"] is None
    assert partition["current_leader"] == {"leader_id": 2, "leader_epoch": 5}
    assert partition["diverging_epoch"] == {"epoch": -1, "end_offset": -1}
    assert partition["snapshot_id"] == {"end_offset": -1, "epoch": -1}
    assert encode_response(ApiKey.FETCH, 12, 9, body)[4:] == FETCH_V12_RESPONSE


def test_describe_topic_partitions_nullable_cursor() -> None:
    body: dict[str, object] = {"topics": [{"name": "t"}]}
    frame = encode_request(ApiKey.DESCRIBE_TOPIC_PARTITIONS, 0, 1, None, body)
    assert frame.endswith(h("02 0274 00 | 000007d0 | ff | 00"))
    body["cursor"] = {"topic_name": "t", "partition_index": 3}
    frame = encode_request(ApiKey.DESCRIBE_TOPIC_PARTITIONS, 0, 1, None, body)
    assert frame.endswith(h("02 0274 00 | 000007d0 | 01 0274 00000003 00 | 00"))
    assert decode_request(frame[4:])[1]["cursor"] == body["cursor"]


def test_consumer_protocol_subscription_and_assignment() -> None:
    blob = encode_struct("ConsumerProtocolSubscription", 0, {"topics": ["a"]})
    assert blob == h("0000 | 00000001 0001 61 | ffffffff")
    assignment = {"assigned_partitions": [{"topic": "a", "partitions": [0, 1]}]}
    blob = encode_struct("ConsumerProtocolAssignment", 1, assignment)
    assert blob == h("0001 | 00000001 0001 61 00000002 00000000 00000001 | ffffffff")
    assert decode_struct("ConsumerProtocolAssignment", blob) == (
        1,
        {**assignment, "user_data": None},
    )


def test_consumer_protocol_newer_version_reads_known_prefix() -> None:
    blob = h("0007 | 00000001 0001 61 | ffffffff | 00000001 0001 61 00000000 | 00000004 ffff")
    version, body = decode_struct("ConsumerProtocolSubscription", blob + h("dead beef"))
    assert version == 7
    assert body == {
        "topics": ["a"],
        "user_data": None,
        "owned_partitions": [{"topic": "a", "partitions": []}],
        "generation_id": 4,
        "rack_id": None,
    }


@pytest.mark.parametrize("blob", [h(""), h("00"), h("ffff 00000000 ffffffff"), h("0000 0000")])
def test_consumer_protocol_garbage_is_a_decode_error(blob: bytes) -> None:
    with pytest.raises(ProtocolDecodeError):
        decode_struct("ConsumerProtocolSubscription", blob)


def test_trailing_bytes_are_rejected() -> None:
    frame = encode_response(ApiKey.HEARTBEAT, 0, 1, {})
    with pytest.raises(ProtocolDecodeError, match="unexpected bytes"):
        decode_response(ApiKey.HEARTBEAT, 0, frame[4:] + b"\x00")


def test_fields_absent_in_a_version_are_ignored_on_encode() -> None:
    plain = encode_request(ApiKey.METADATA, 3, 1, None, {"topics": []})
    extra = {"topics": [], "allow_auto_topic_creation": False, "no_such_field": 1}
    assert encode_request(ApiKey.METADATA, 3, 1, None, extra) == plain


def test_unsupported_request_version_keeps_the_header_for_an_answer() -> None:
    payload = h("0012 0063 0000002a 0002 6b78 00")  # ApiVersions v99 from a future client
    with pytest.raises(UnsupportedRequestError) as info:
        decode_request(payload)
    assert info.value.header == {
        "api_key": 18,
        "api_version": 99,
        "correlation_id": 42,
        "client_id": "kx",
    }


def test_unsupported_versions_are_refused_on_encode_and_decode() -> None:
    with pytest.raises(UnsupportedVersionError):
        encode_request(ApiKey.FETCH, 3, 1, None, {})
    with pytest.raises(UnsupportedVersionError):
        decode_response(ApiKey.INIT_PRODUCER_ID, 6, b"\x00" * 8)
    with pytest.raises(UnsupportedVersionError):
        encode_request(99, 0, 1, None, {})


def test_bad_values_are_encode_errors() -> None:
    with pytest.raises(ProtocolEncodeError, match="MetadataRequest v1"):
        encode_request(ApiKey.METADATA, 1, 1, None, {"topics": [{"name": None}]})
    with pytest.raises(ProtocolEncodeError):
        encode_request(ApiKey.FIND_COORDINATOR, 0, 1, None, {"key": 5})
    with pytest.raises(ProtocolEncodeError):
        encode_request(ApiKey.HEARTBEAT, 0, 1, None, {"generation_id": 2**31})


def test_uuid_accepts_uuid_objects_and_decodes_to_bytes() -> None:
    topic_id = uuid.UUID("12345678-1234-5678-1234-567812345678")
    frame = encode_request(ApiKey.METADATA, 12, 1, None, {"topics": [{"topic_id": topic_id}]})
    assert decode_request(frame[4:])[1]["topics"][0]["topic_id"] == topic_id.bytes
