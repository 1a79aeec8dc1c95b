"""Consumer groups: coordinator lookup, the classic group protocol, and group admin."""

from __future__ import annotations

from protocol.codec.dsl import define_api

# v4+ looks up several keys at once.
FIND_COORDINATOR = define_api(
    "FindCoordinator",
    10,
    valid="0-6",
    flexible="3+",
    request="""
        key: string v0-3
        key_type: int8 v1+
        coordinator_keys: [string] v4+
    """,
    response="""
        throttle_time_ms: int32 v1+
        error_code: int16 v0-3
        error_message: string v1-3 nullable=1-3
        node_id: int32 v0-3
        host: string v0-3
        port: int32 v0-3
        coordinators: [Coordinator] v4+
          key: string v4+
          node_id: int32 v4+
          host: string v4+
          port: int32 v4+
          error_code: int16 v4+
          error_message: string v4+ nullable=4+
    """,
)

JOIN_GROUP = define_api(
    "JoinGroup",
    11,
    valid="0-9",
    flexible="6+",
    request="""
        group_id: string
        session_timeout_ms: int32
        rebalance_timeout_ms: int32 v1+ default=-1
        member_id: string
        group_instance_id: string v5+ nullable=5+ default=null
        protocol_type: string
        protocols: [JoinGroupRequestProtocol]
          name: string
          metadata: bytes
        reason: string v8+ nullable=8+ default=null
    """,
    response="""
        throttle_time_ms: int32 v2+
        error_code: int16
        generation_id: int32 default=-1
        protocol_type: string v7+ nullable=7+ default=null
        protocol_name: string nullable=7+
        leader: string
        skip_assignment: bool v9+
        member_id: string
        members: [JoinGroupResponseMember]
          member_id: string
          group_instance_id: string v5+ nullable=5+ default=null
          metadata: bytes
    """,
)

SYNC_GROUP = define_api(
    "SyncGroup",
    14,
    valid="0-5",
    flexible="4+",
    request="""
        group_id: string
        generation_id: int32
        member_id: string
        group_instance_id: string v3+ nullable=3+ default=null
        protocol_type: string v5+ nullable=5+ default=null
        protocol_name: string v5+ nullable=5+ default=null
        assignments: [SyncGroupRequestAssignment]
          member_id: string
          assignment: bytes
    """,
    response="""
        throttle_time_ms: int32 v1+
        error_code: int16
        protocol_type: string v5+ nullable=5+ default=null
        protocol_name: string v5+ nullable=5+ default=null
        assignment: bytes
    """,
)

HEARTBEAT = define_api(
    "Heartbeat",
    12,
    valid="0-4",
    flexible="4+",
    request="""
        group_id: string
        generation_id: int32
        member_id: string
        group_instance_id: string v3+ nullable=3+ default=null
    """,
    response="""
        throttle_time_ms: int32 v1+
        error_code: int16
    """,
)

# v3+ removes several members (static membership) at once.
LEAVE_GROUP = define_api(
    "LeaveGroup",
    13,
    valid="0-5",
    flexible="4+",
    request="""
        group_id: string
        member_id: string v0-2
        members: [MemberIdentity] v3+
          member_id: string v3+
          group_instance_id: string v3+ nullable=3+ default=null
          reason: string v5+ nullable=5+ default=null
    """,
    response="""
        throttle_time_ms: int32 v1+
        error_code: int16
        members: [MemberResponse] v3+
          member_id: string v3+
          group_instance_id: string v3+ nullable=3+
          error_code: int16 v3+
    """,
)

# v4 filters by state, v5 by group type.
LIST_GROUPS = define_api(
    "ListGroups",
    16,
    valid="0-5",
    flexible="3+",
    request="""
        states_filter: [string] v4+
        types_filter: [string] v5+
    """,
    response="""
        throttle_time_ms: int32 v1+
        error_code: int16
        groups: [ListedGroup]
          group_id: string
          protocol_type: string
          group_state: string v4+
          group_type: string v5+
    """,
)

# Classic groups; members' metadata/assignment are consumer-protocol blobs.
DESCRIBE_GROUPS = define_api(
    "DescribeGroups",
    15,
    valid="0-6",
    flexible="5+",
    request="""
        groups: [string]
        include_authorized_operations: bool v3+
    """,
    response="""
        throttle_time_ms: int32 v1+
        groups: [DescribedGroup]
          error_code: int16
          error_message: string v6+ nullable=6+ default=null
          group_id: string
          group_state: string
          protocol_type: string
          protocol_data: string
          members: [DescribedGroupMember]
            member_id: string
            group_instance_id: string v4+ nullable=4+ default=null
            client_id: string
            client_host: string
            member_metadata: bytes
            member_assignment: bytes
          authorized_operations: int32 v3+ default=-2147483648
    """,
)

DELETE_GROUPS = define_api(
    "DeleteGroups",
    42,
    valid="0-2",
    flexible="2+",
    request="""
        groups_names: [string]
    """,
    response="""
        throttle_time_ms: int32
        results: [DeletableGroupResult]
          group_id: string
          error_code: int16
    """,
)

# KIP-848 consumer groups (3.8+).
CONSUMER_GROUP_DESCRIBE = define_api(
    "ConsumerGroupDescribe",
    69,
    valid="0",
    flexible="0+",
    request="""
        group_ids: [string]
        include_authorized_operations: bool
    """,
    response="""
        throttle_time_ms: int32
        groups: [DescribedGroup]
          error_code: int16
          error_message: string nullable=0+ default=null
          group_id: string
          group_state: string
          group_epoch: int32
          assignment_epoch: int32
          assignor_name: string
          members: [Member]
            member_id: string
            instance_id: string nullable=0+ default=null
            rack_id: string nullable=0+ default=null
            member_epoch: int32
            client_id: string
            client_host: string
            subscribed_topic_names: [string]
            subscribed_topic_regex: string nullable=0+ default=null
            assignment: Assignment
            target_assignment: Assignment
          authorized_operations: int32 default=-2147483648
        struct TopicPartitions
          topic_id: uuid
          topic_name: string
          partitions: [int32]
        struct Assignment
          topic_partitions: [TopicPartitions]
    """,
)

APIS = (
    FIND_COORDINATOR,
    JOIN_GROUP,
    SYNC_GROUP,
    HEARTBEAT,
    LEAVE_GROUP,
    LIST_GROUPS,
    DESCRIBE_GROUPS,
    DELETE_GROUPS,
    CONSUMER_GROUP_DESCRIBE,
)
