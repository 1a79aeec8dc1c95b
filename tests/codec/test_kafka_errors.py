"""The Kafka error-code table and the exceptions built from it."""

from __future__ import annotations

import pytest

from protocol import errors
from protocol.errors import (
    KAFKA_ERRORS,
    AuthenticationError,
    AuthorizationError,
    KafkaApiError,
    KafkaConnectionError,
    KafkaExplorerError,
    ProtocolDecodeError,
    error_for_code,
)

# notes §2.6: retriable per franz-go kerr / the Java client.
RETRIABLE = {3, 5, 6, 7, 14, 15, 16, 56, 70, 71, 74, 75, 78, 89, 100, 103}
NOT_RETRIABLE = {1, 29, 30, 31, 33, 34, 35, 58, 68, 69, 76, 86, 109, 110, 129}


def test_table_covers_every_code_from_minus_one() -> None:
    assert set(KAFKA_ERRORS) == set(range(-1, 134))
    names = [info.name for info in KAFKA_ERRORS.values()]
    assert len(set(names)) == len(names)
    for code, info in KAFKA_ERRORS.items():
        assert info.code == code
        assert info.name.isupper()
        assert info.sentence.endswith(".") and len(info.sentence) < 90


def test_retriable_flags_follow_the_notes() -> None:
    assert {c for c in RETRIABLE if not KAFKA_ERRORS[c].retriable} == set()
    assert {c for c in NOT_RETRIABLE if KAFKA_ERRORS[c].retriable} == set()


def test_specific_subclasses() -> None:
    cases = {
        3: errors.UnknownTopicOrPartitionError,
        6: errors.NotLeaderError,
        29: errors.TopicAuthorizationError,
        35: errors.UnsupportedVersionError,
        36: errors.TopicAlreadyExistsError,
        58: errors.SaslAuthenticationError,
        68: errors.GroupNotEmptyError,
    }
    for code, cls in cases.items():
        err = error_for_code(code)
        assert type(err) is cls and err.code == code and isinstance(err, KafkaApiError)
    assert isinstance(error_for_code(31), AuthorizationError)
    assert isinstance(error_for_code(58), AuthenticationError)
    assert type(error_for_code(57)) is KafkaApiError


def test_message_sentence_and_context() -> None:
    err = error_for_code(58, None, "Connecting to broker-1:9092")
    assert str(err) == (
        "Connecting to broker-1:9092: The user name or password was not accepted by the broker."
    )
    assert err.name == "SASL_AUTHENTICATION_FAILED" and not err.retriable
    err = error_for_code(6, "Leader is broker 3")
    assert err.retriable and err.needs_metadata_refresh and not err.needs_coordinator_refresh
    assert "Leader is broker 3" in str(err)
    assert error_for_code(16).needs_coordinator_refresh


def test_unknown_code_and_zero() -> None:
    err = error_for_code(999)
    assert err.code == 999 and err.name == "UNKNOWN_ERROR_CODE_999" and not err.retriable
    with pytest.raises(ValueError):
        error_for_code(0)


def test_plain_connection_errors() -> None:
    assert KafkaConnectionError("refused").retriable
    assert errors.KafkaTimeoutError("slow").retriable
    assert not errors.TlsError("bad cert").retriable
    assert isinstance(errors.TlsError("x"), KafkaConnectionError)
    negotiation = errors.UnsupportedVersionError("Fetch: broker offers v0-3, we need v4+")
    assert negotiation.code == 35 and "v0-3" in str(negotiation)
    assert issubclass(errors.UnsupportedRequestError, ProtocolDecodeError)
    assert issubclass(ProtocolDecodeError, KafkaExplorerError)
