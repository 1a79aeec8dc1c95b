"""One exception hierarchy for the whole client.

Every error carries a sentence a person understands. Errors that come from a Kafka error code
also carry the code and its name, and say whether retrying can help.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class KafkaExplorerError(Exception):
    """Base of every error raised by ``protocol``."""

    retriable: bool = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ProtocolDecodeError(KafkaExplorerError):
    """Bytes from the network (or a file) do not parse as the message they should be."""


class CorruptRecordError(ProtocolDecodeError):
    """A record batch failed its CRC check, or its contents do not parse."""


class CompressionError(KafkaExplorerError):
    """A compressed batch could not be compressed or decompressed (or exceeds the size cap)."""


class ProtocolEncodeError(KafkaExplorerError):
    """A message body cannot be encoded: a value has the wrong type or does not fit its field."""


class UnsupportedRequestError(ProtocolDecodeError):
    """A request names an API key or version this codec does not implement.

    ``header`` holds what could be read of the request header (api_key, api_version,
    correlation_id, client_id), so a fake broker can still answer UNSUPPORTED_VERSION.
    """

    def __init__(self, message: str, header: dict[str, Any]) -> None:
        super().__init__(message)
        self.header = header


class KafkaConnectionError(KafkaExplorerError):
    """The TCP connection to a broker failed, closed or could not be opened."""

    retriable = True


class TlsError(KafkaConnectionError):
    """The TLS handshake failed: usually a certificate or a plaintext/TLS mismatch."""

    retriable = False


class UntrustedCertificateError(TlsError):
    """The broker's certificate is not signed by a CA the client trusts."""


class HostnameMismatchError(TlsError):
    """The broker's certificate is valid, but not for the host name (or IP) we connected to."""


class SecurityProtocolMismatchError(TlsError):
    """One side speaks TLS and the other plaintext: the configured security protocol is wrong."""


class KafkaTimeoutError(KafkaExplorerError):
    """A request or connection attempt took longer than its deadline."""

    retriable = True


class AuthenticationError(KafkaExplorerError):
    """The client could not authenticate (SASL) with the broker."""


# --- Kafka error codes ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """What one Kafka error code means: its protocol name, retriability and a plain sentence."""

    code: int
    name: str
    retriable: bool
    sentence: str


# One line per code: "code NAME R|- sentence". Names follow Kafka's Errors.java; R marks codes the
# Java client treats as retriable (RetriableException), as franz-go's kerr does.
_ERROR_TABLE = """
-1 UNKNOWN_SERVER_ERROR - The broker hit an unexpected error; its log has details.
0 NONE - No error.
1 OFFSET_OUT_OF_RANGE - The requested offset is outside the partition's range.
2 CORRUPT_MESSAGE R A message failed its checksum or is otherwise corrupt.
3 UNKNOWN_TOPIC_OR_PARTITION R The topic or partition does not exist on this broker.
4 INVALID_FETCH_SIZE - The requested fetch size is invalid.
5 LEADER_NOT_AVAILABLE R The partition has no leader right now (election running).
6 NOT_LEADER_OR_FOLLOWER R This broker is not the leader for that partition.
7 REQUEST_TIMED_OUT R The broker timed out while handling the request.
8 BROKER_NOT_AVAILABLE - The broker is not available.
9 REPLICA_NOT_AVAILABLE R The replica is not available for that partition.
10 MESSAGE_TOO_LARGE - A message is larger than the broker accepts.
11 STALE_CONTROLLER_EPOCH - The controller moved to another broker.
12 OFFSET_METADATA_TOO_LARGE - The offset commit metadata string is too long.
13 NETWORK_EXCEPTION R The broker disconnected before answering.
14 COORDINATOR_LOAD_IN_PROGRESS R The group coordinator is still loading; try again.
15 COORDINATOR_NOT_AVAILABLE R The group coordinator is not available.
16 NOT_COORDINATOR R This broker is not the coordinator for that group.
17 INVALID_TOPIC_EXCEPTION - The topic name is invalid.
18 RECORD_LIST_TOO_LARGE - A record batch is larger than the topic's segment size.
19 NOT_ENOUGH_REPLICAS R Too few in-sync replicas to accept the write.
20 NOT_ENOUGH_REPLICAS_AFTER_APPEND R Written, but to fewer in-sync replicas than needed.
21 INVALID_REQUIRED_ACKS - The produce request asked for an invalid acks value.
22 ILLEGAL_GENERATION - The consumer group generation is out of date.
23 INCONSISTENT_GROUP_PROTOCOL - The member's protocols do not match the group's.
24 INVALID_GROUP_ID - The group id is invalid.
25 UNKNOWN_MEMBER_ID - The group coordinator does not know this member.
26 INVALID_SESSION_TIMEOUT - The session timeout is outside the broker's allowed range.
27 REBALANCE_IN_PROGRESS - The group is rebalancing; the member must rejoin.
28 INVALID_COMMIT_OFFSET_SIZE - The offset commit is too large.
29 TOPIC_AUTHORIZATION_FAILED - You are not allowed to access this topic.
30 GROUP_AUTHORIZATION_FAILED - You are not allowed to access this consumer group.
31 CLUSTER_AUTHORIZATION_FAILED - You are not allowed to perform this cluster action.
32 INVALID_TIMESTAMP - A message timestamp is outside the accepted range.
33 UNSUPPORTED_SASL_MECHANISM - The broker does not offer this SASL mechanism.
34 ILLEGAL_SASL_STATE - The SASL exchange happened out of order.
35 UNSUPPORTED_VERSION - The broker does not support this version of the request.
36 TOPIC_ALREADY_EXISTS - A topic with this name already exists.
37 INVALID_PARTITIONS - The number of partitions is invalid.
38 INVALID_REPLICATION_FACTOR - The replication factor is invalid for this cluster.
39 INVALID_REPLICA_ASSIGNMENT - The replica assignment is invalid.
40 INVALID_CONFIG - A configuration value is invalid.
41 NOT_CONTROLLER R This broker is not the active controller.
42 INVALID_REQUEST - The broker rejected the request as malformed.
43 UNSUPPORTED_FOR_MESSAGE_FORMAT - The topic's message format does not support this.
44 POLICY_VIOLATION - The request violates a policy configured on the broker.
45 OUT_OF_ORDER_SEQUENCE_NUMBER - The broker received an out-of-order sequence number.
46 DUPLICATE_SEQUENCE_NUMBER - The broker received a duplicate sequence number.
47 INVALID_PRODUCER_EPOCH - The producer's epoch is out of date.
48 INVALID_TXN_STATE - The transaction is in the wrong state for this operation.
49 INVALID_PRODUCER_ID_MAPPING - The producer id does not match the transactional id.
50 INVALID_TRANSACTION_TIMEOUT - The transaction timeout exceeds the broker's maximum.
51 CONCURRENT_TRANSACTIONS R Another operation on this transaction is in progress.
52 TRANSACTION_COORDINATOR_FENCED - The transaction coordinator was replaced.
53 TRANSACTIONAL_ID_AUTHORIZATION_FAILED - You may not use this transactional id.
54 SECURITY_DISABLED - Security features are disabled on this cluster.
55 OPERATION_NOT_ATTEMPTED - The broker skipped this operation (another one failed).
56 KAFKA_STORAGE_ERROR R The broker had a disk error reading or writing the log.
57 LOG_DIR_NOT_FOUND - The log directory is not configured on the broker.
58 SASL_AUTHENTICATION_FAILED - The user name or password was not accepted by the broker.
59 UNKNOWN_PRODUCER_ID - The broker no longer knows this producer id.
60 REASSIGNMENT_IN_PROGRESS - A partition reassignment is in progress.
61 DELEGATION_TOKEN_AUTH_DISABLED - Delegation tokens are not enabled.
62 DELEGATION_TOKEN_NOT_FOUND - The delegation token was not found.
63 DELEGATION_TOKEN_OWNER_MISMATCH - The principal does not own this delegation token.
64 DELEGATION_TOKEN_REQUEST_NOT_ALLOWED - Delegation tokens need an authenticated channel.
65 DELEGATION_TOKEN_AUTHORIZATION_FAILED - You may not use this delegation token.
66 DELEGATION_TOKEN_EXPIRED - The delegation token has expired.
67 INVALID_PRINCIPAL_TYPE - The principal type is not supported.
68 NON_EMPTY_GROUP - The consumer group still has active members.
69 GROUP_ID_NOT_FOUND - The consumer group does not exist.
70 FETCH_SESSION_ID_NOT_FOUND R The fetch session was not found.
71 INVALID_FETCH_SESSION_EPOCH R The fetch session epoch is invalid.
72 LISTENER_NOT_FOUND R The partition leader has no listener matching this one.
73 TOPIC_DELETION_DISABLED - Topic deletion is disabled on this cluster.
74 FENCED_LEADER_EPOCH R The client's leader epoch is older than the broker's.
75 UNKNOWN_LEADER_EPOCH R The client's leader epoch is newer than the broker's.
76 UNSUPPORTED_COMPRESSION_TYPE - This request version cannot use that compression.
77 STALE_BROKER_EPOCH - The broker epoch has changed.
78 OFFSET_NOT_AVAILABLE R The offset is not available yet after a leader change.
79 MEMBER_ID_REQUIRED - The member must rejoin with the member id it was given.
80 PREFERRED_LEADER_NOT_AVAILABLE R The preferred leader is not available.
81 GROUP_MAX_SIZE_REACHED - The consumer group is full.
82 FENCED_INSTANCE_ID - Another consumer took over this static group.instance.id.
83 ELIGIBLE_LEADERS_NOT_AVAILABLE R No eligible leader is available for the partition.
84 ELECTION_NOT_NEEDED R The partition already has its preferred leader.
85 NO_REASSIGNMENT_IN_PROGRESS - No partition reassignment is in progress.
86 GROUP_SUBSCRIBED_TO_TOPIC - The group is still subscribed to this topic.
87 INVALID_RECORD - The broker rejected a record as invalid.
88 UNSTABLE_OFFSET_COMMIT R Pending transactional offsets must settle first.
89 THROTTLING_QUOTA_EXCEEDED R The request exceeded a throttling quota; try later.
90 PRODUCER_FENCED - A newer producer with the same transactional id took over.
91 RESOURCE_NOT_FOUND - The resource does not exist.
92 DUPLICATE_RESOURCE - The request names the same resource twice.
93 UNACCEPTABLE_CREDENTIAL - The credential does not meet the broker's criteria.
94 INCONSISTENT_VOTER_SET - The voter set is inconsistent.
95 INVALID_UPDATE_VERSION - The feature update version is invalid.
96 FEATURE_UPDATE_FAILED - The cluster could not update its finalized features.
97 PRINCIPAL_DESERIALIZATION_FAILURE - The broker could not read a forwarded principal.
98 SNAPSHOT_NOT_FOUND - The requested snapshot was not found.
99 POSITION_OUT_OF_RANGE - The requested position is outside the snapshot.
100 UNKNOWN_TOPIC_ID R No topic with this topic id exists on this broker.
101 DUPLICATE_BROKER_REGISTRATION - This broker id is already in use.
102 BROKER_ID_NOT_REGISTERED - This broker id is not registered.
103 INCONSISTENT_TOPIC_ID R The topic id does not match the broker's log.
104 INCONSISTENT_CLUSTER_ID - The cluster id does not match the broker's.
105 TRANSACTIONAL_ID_NOT_FOUND - The transactional id was not found.
106 FETCH_SESSION_TOPIC_ID_ERROR R The fetch session mixed topic ids inconsistently.
107 INELIGIBLE_REPLICA - The new in-sync set contains an ineligible replica.
108 NEW_LEADER_ELECTED - The partition changed but a new leader was elected.
109 OFFSET_MOVED_TO_TIERED_STORAGE - The offset has moved to tiered storage.
110 FENCED_MEMBER_EPOCH - The group fenced this member; it must rejoin.
111 UNRELEASED_INSTANCE_ID - Another member still uses this group.instance.id.
112 UNSUPPORTED_ASSIGNOR - The group does not support this assignor.
113 STALE_MEMBER_EPOCH - The member epoch is stale.
114 MISMATCHED_ENDPOINT_TYPE - The request went to the wrong kind of endpoint.
115 UNSUPPORTED_ENDPOINT_TYPE - This endpoint type is not supported yet.
116 UNKNOWN_CONTROLLER_ID - This controller id is not known.
117 UNKNOWN_SUBSCRIPTION_ID - The telemetry subscription id is unknown or outdated.
118 TELEMETRY_TOO_LARGE - The telemetry push is larger than the broker accepts.
119 INVALID_REGISTRATION - The controller considers this broker registration invalid.
120 TRANSACTION_ABORTABLE - The transaction failed and must be aborted.
121 INVALID_RECORD_STATE - The record state is invalid for this acknowledgement.
122 SHARE_SESSION_NOT_FOUND R The share session was not found.
123 INVALID_SHARE_SESSION_EPOCH R The share session epoch is invalid.
124 FENCED_STATE_EPOCH - The share-group state epoch does not match.
125 INVALID_VOTER_KEY - The voter key does not match the receiving replica.
126 DUPLICATE_VOTER - The voter is already in the voter set.
127 VOTER_NOT_FOUND - The voter is not in the voter set.
128 INVALID_REGULAR_EXPRESSION - The regular expression is not valid.
129 REBOOTSTRAP_REQUIRED - Client metadata is stale; reconnect to the bootstrap servers.
130 STREAMS_INVALID_TOPOLOGY - The streams topology is invalid.
131 STREAMS_INVALID_TOPOLOGY_EPOCH - The streams topology epoch is invalid.
132 STREAMS_TOPOLOGY_FENCED - The streams topology epoch is outdated.
133 SHARE_SESSION_LIMIT_REACHED - The broker's limit of share sessions is reached.
"""


def _parse_error_table(text: str) -> dict[int, ErrorInfo]:
    table = {}
    for line in text.strip().splitlines():
        code, name, flag, sentence = line.split(" ", 3)
        table[int(code)] = ErrorInfo(int(code), name, flag == "R", sentence)
    return table


KAFKA_ERRORS: dict[int, ErrorInfo] = _parse_error_table(_ERROR_TABLE)
"""Every Kafka error code this client knows, by code."""

METADATA_REFRESH_CODES = frozenset({3, 5, 6, 74, 75, 100, 103})
"""Codes after which cached leaders/topic ids are stale and Metadata must be fetched again."""

COORDINATOR_REFRESH_CODES = frozenset({14, 15, 16})
"""Codes after which the group coordinator must be looked up again."""


def error_info(code: int) -> ErrorInfo:
    """The table entry for ``code``; unknown codes get a generic, non-retriable entry."""
    info = KAFKA_ERRORS.get(code)
    if info is None:
        return ErrorInfo(
            code,
            f"UNKNOWN_ERROR_CODE_{code}",
            False,
            f"The broker returned error code {code}, which this client does not know.",
        )
    return info


_ERROR_CLASSES: dict[int, type[KafkaApiError]] = {}
"""Specific subclasses by code; each subclass that sets ``default_code`` registers itself."""


class KafkaApiError(KafkaExplorerError):
    """A broker answered with a non-zero error code.

    ``str(err)`` is a sentence for people; ``code``, ``name`` and ``retriable`` are for code.
    ``detail`` keeps the broker's own error message (or our own detail) when there is one.
    """

    default_code: int = -1

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "default_code" in cls.__dict__:
            _ERROR_CLASSES[cls.default_code] = cls

    def __init__(self, detail: str | None = None, *, code: int | None = None, context: str = "") -> None:
        info = error_info(self.default_code if code is None else code)
        self.code = info.code
        self.name = info.name
        self.retriable = info.retriable
        self.sentence = info.sentence
        self.detail = detail
        self.context = context
        text = f"{context}: {info.sentence}" if context else info.sentence
        if detail and detail != info.sentence:
            text = f"{text} ({detail})"
        super().__init__(text)

    @property
    def needs_metadata_refresh(self) -> bool:
        """True when the client should fetch Metadata again before retrying."""
        return self.code in METADATA_REFRESH_CODES

    @property
    def needs_coordinator_refresh(self) -> bool:
        """True when the client should look up the group coordinator again."""
        return self.code in COORDINATOR_REFRESH_CODES

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(code={self.code}, name={self.name!r}, detail={self.detail!r})"


class UnknownServerError(KafkaApiError):
    """The broker failed in an unexpected way (code -1)."""

    default_code = -1


class AuthorizationError(KafkaApiError):
    """Base of the ``*_AUTHORIZATION_FAILED`` codes: ACLs deny the operation."""


class TopicAuthorizationError(AuthorizationError):
    """TOPIC_AUTHORIZATION_FAILED (29)."""

    default_code = 29


class GroupAuthorizationError(AuthorizationError):
    """GROUP_AUTHORIZATION_FAILED (30)."""

    default_code = 30


class ClusterAuthorizationError(AuthorizationError):
    """CLUSTER_AUTHORIZATION_FAILED (31)."""

    default_code = 31


class TransactionalIdAuthorizationError(AuthorizationError):
    """TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53)."""

    default_code = 53


class DelegationTokenAuthorizationError(AuthorizationError):
    """DELEGATION_TOKEN_AUTHORIZATION_FAILED (65)."""

    default_code = 65


class SaslAuthenticationError(KafkaApiError, AuthenticationError):
    """SASL_AUTHENTICATION_FAILED (58): wrong credentials; also an ``AuthenticationError``."""

    default_code = 58


class UnsupportedSaslMechanismError(KafkaApiError, AuthenticationError):
    """UNSUPPORTED_SASL_MECHANISM (33)."""

    default_code = 33


class IllegalSaslStateError(KafkaApiError, AuthenticationError):
    """ILLEGAL_SASL_STATE (34)."""

    default_code = 34


class UnsupportedVersionError(KafkaApiError):
    """UNSUPPORTED_VERSION (35), also raised locally when version negotiation finds no overlap."""

    default_code = 35


class NotLeaderError(KafkaApiError):
    """NOT_LEADER_OR_FOLLOWER (6): refresh metadata and retry on the new leader."""

    default_code = 6


class UnknownTopicOrPartitionError(KafkaApiError):
    """UNKNOWN_TOPIC_OR_PARTITION (3)."""

    default_code = 3


class OffsetOutOfRangeError(KafkaApiError):
    """OFFSET_OUT_OF_RANGE (1)."""

    default_code = 1


class LeaderNotAvailableError(KafkaApiError):
    """LEADER_NOT_AVAILABLE (5)."""

    default_code = 5


class RequestTimedOutError(KafkaApiError):
    """REQUEST_TIMED_OUT (7)."""

    default_code = 7


class BrokerNotAvailableError(KafkaApiError):
    """BROKER_NOT_AVAILABLE (8)."""

    default_code = 8


class MessageTooLargeError(KafkaApiError):
    """MESSAGE_TOO_LARGE (10)."""

    default_code = 10


class CoordinatorLoadInProgressError(KafkaApiError):
    """COORDINATOR_LOAD_IN_PROGRESS (14)."""

    default_code = 14


class CoordinatorNotAvailableError(KafkaApiError):
    """COORDINATOR_NOT_AVAILABLE (15)."""

    default_code = 15


class NotCoordinatorError(KafkaApiError):
    """NOT_COORDINATOR (16)."""

    default_code = 16


class InvalidTopicError(KafkaApiError):
    """INVALID_TOPIC_EXCEPTION (17)."""

    default_code = 17


class IllegalGenerationError(KafkaApiError):
    """ILLEGAL_GENERATION (22)."""

    default_code = 22


class UnknownMemberIdError(KafkaApiError):
    """UNKNOWN_MEMBER_ID (25)."""

    default_code = 25


class RebalanceInProgressError(KafkaApiError):
    """REBALANCE_IN_PROGRESS (27)."""

    default_code = 27


class TopicAlreadyExistsError(KafkaApiError):
    """TOPIC_ALREADY_EXISTS (36)."""

    default_code = 36


class InvalidPartitionsError(KafkaApiError):
    """INVALID_PARTITIONS (37)."""

    default_code = 37


class InvalidReplicationFactorError(KafkaApiError):
    """INVALID_REPLICATION_FACTOR (38)."""

    default_code = 38


class InvalidConfigError(KafkaApiError):
    """INVALID_CONFIG (40)."""

    default_code = 40


class InvalidRequestError(KafkaApiError):
    """INVALID_REQUEST (42)."""

    default_code = 42


class PolicyViolationError(KafkaApiError):
    """POLICY_VIOLATION (44)."""

    default_code = 44


class SecurityDisabledError(KafkaApiError):
    """SECURITY_DISABLED (54)."""

    default_code = 54


class KafkaStorageError(KafkaApiError):
    """KAFKA_STORAGE_ERROR (56)."""

    default_code = 56


class GroupNotEmptyError(KafkaApiError):
    """NON_EMPTY_GROUP (68)."""

    default_code = 68


class GroupIdNotFoundError(KafkaApiError):
    """GROUP_ID_NOT_FOUND (69)."""

    default_code = 69


class TopicDeletionDisabledError(KafkaApiError):
    """TOPIC_DELETION_DISABLED (73)."""

    default_code = 73


class FencedLeaderEpochError(KafkaApiError):
    """FENCED_LEADER_EPOCH (74)."""

    default_code = 74


class UnknownLeaderEpochError(KafkaApiError):
    """UNKNOWN_LEADER_EPOCH (75)."""

    default_code = 75


class GroupSubscribedToTopicError(KafkaApiError):
    """GROUP_SUBSCRIBED_TO_TOPIC (86)."""

    default_code = 86


class ThrottlingQuotaExceededError(KafkaApiError):
    """THROTTLING_QUOTA_EXCEEDED (89)."""

    default_code = 89


class UnknownTopicIdError(KafkaApiError):
    """UNKNOWN_TOPIC_ID (100)."""

    default_code = 100


def error_for_code(code: int, message: str | None = None, context: str = "") -> KafkaApiError:
    """The exception for a non-zero Kafka error code: a specific subclass where one exists.

    ``message`` is the broker's ErrorMessage field, if the response had one; ``context`` says
    what was being done (e.g. ``"Creating topic 'orders'"``) and prefixes the sentence.
    """
    if code == 0:
        raise ValueError("error code 0 means success; there is no error to raise")
    cls = _ERROR_CLASSES.get(code, KafkaApiError)
    return cls(message, code=code, context=context)
