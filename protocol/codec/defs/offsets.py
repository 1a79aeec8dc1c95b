"""Committed offsets of consumer groups: OffsetFetch, OffsetCommit, OffsetDelete."""

from __future__ import annotations

from protocol.codec.dsl import define_api

# v8+ batches groups; v10 names topics by id.
OFFSET_FETCH = define_api(
    "OffsetFetch",
    9,
    valid="1-10",
    flexible="6+",
    request="""
        group_id: string v0-7
        topics: [OffsetFetchRequestTopic] v0-7 nullable=2-7
          name: string v0-7
          partition_indexes: [int32] v0-7
        groups: [OffsetFetchRequestGroup] v8+
          group_id: string v8+
          member_id: string v9+ nullable=9+ default=null
          member_epoch: int32 v9+ default=-1
          topics: [OffsetFetchRequestTopics] v8+ nullable=8+
            name: string v8-9
            topic_id: uuid v10+
            partition_indexes: [int32] v8+
        require_stable: bool v7+
    """,
    response="""
        throttle_time_ms: int32 v3+
        topics: [OffsetFetchResponseTopic] v0-7
          name: string v0-7
          partitions: [OffsetFetchResponsePartition] v0-7
            partition_index: int32 v0-7
            committed_offset: int64 v0-7
            committed_leader_epoch: int32 v5-7 default=-1
            metadata: string v0-7 nullable=0-7
            error_code: int16 v0-7
        error_code: int16 v2-7
        groups: [OffsetFetchResponseGroup] v8+
          group_id: string v8+
          topics: [OffsetFetchResponseTopics] v8+
            name: string v8-9
            topic_id: uuid v10+
            partitions: [OffsetFetchResponsePartitions] v8+
              partition_index: int32 v8+
              committed_offset: int64 v8+
              committed_leader_epoch: int32 v8+ default=-1
              metadata: string v8+ nullable=8+
              error_code: int16 v8+
          error_code: int16 v8+
    """,
)

# v10 names topics by id.
OFFSET_COMMIT = define_api(
    "OffsetCommit",
    8,
    valid="2-10",
    flexible="8+",
    request="""
        group_id: string
        generation_id_or_member_epoch: int32 v1+ default=-1
        member_id: string v1+
        group_instance_id: string v7+ nullable=7+ default=null
        retention_time_ms: int64 v2-4 default=-1
        topics: [OffsetCommitRequestTopic]
          name: string v0-9
          topic_id: uuid v10+
          partitions: [OffsetCommitRequestPartition]
            partition_index: int32
            committed_offset: int64
            committed_leader_epoch: int32 v6+ default=-1
            committed_metadata: string nullable=0+
    """,
    response="""
        throttle_time_ms: int32 v3+
        topics: [OffsetCommitResponseTopic]
          name: string v0-9
          topic_id: uuid v10+
          partitions: [OffsetCommitResponsePartition]
            partition_index: int32
            error_code: int16
    """,
)

# Never flexible.
OFFSET_DELETE = define_api(
    "OffsetDelete",
    47,
    valid="0",
    flexible="none",
    request="""
        group_id: string
        topics: [OffsetDeleteRequestTopic]
          name: string
          partitions: [OffsetDeleteRequestPartition]
            partition_index: int32
    """,
    response="""
        error_code: int16
        throttle_time_ms: int32
        topics: [OffsetDeleteResponseTopic]
          name: string
          partitions: [OffsetDeleteResponsePartition]
            partition_index: int32
            error_code: int16
    """,
)

APIS = (
    OFFSET_FETCH,
    OFFSET_COMMIT,
    OFFSET_DELETE,
)
