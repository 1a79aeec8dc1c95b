"""Reading and writing records: Produce, Fetch, ListOffsets, DeleteRecords, InitProducerId."""

from __future__ import annotations

from protocol.codec.dsl import define_api

# Never sent below v3, whatever a 4.x broker advertises (KAFKA-18659).
PRODUCE = define_api(
    "Produce",
    0,
    valid="3-13",
    flexible="9+",
    request="""
        transactional_id: string v3+ nullable=3+ default=null
        acks: int16
        timeout_ms: int32
        topic_data: [TopicProduceData]
          name: string v0-12
          topic_id: uuid v13+
          partition_data: [PartitionProduceData]
            index: int32
            records: records nullable=0+
    """,
    response="""
        responses: [TopicProduceResponse]
          name: string v0-12
          topic_id: uuid v13+
          partition_responses: [PartitionProduceResponse]
            index: int32
            error_code: int16
            base_offset: int64
            log_append_time_ms: int64 v2+ default=-1
            log_start_offset: int64 v5+ default=-1
            record_errors: [BatchIndexAndErrorMessage] v8+
              batch_index: int32 v8+
              batch_index_error_message: string v8+ nullable=8+ default=null
            error_message: string v8+ nullable=8+ default=null
            current_leader: LeaderIdAndEpoch v10+ tag=0@10+
              leader_id: int32 v10+ default=-1
              leader_epoch: int32 v10+ default=-1
        throttle_time_ms: int32 v1+
        node_endpoints: [NodeEndpoint] v10+ tag=0@10+
          node_id: int32 v10+
          host: string v10+
          port: int32 v10+
          rack: string v10+ nullable=10+ default=null
    """,
)

# Full fetches only (session id 0, epoch -1); v13+ names topics by id.
FETCH = define_api(
    "Fetch",
    1,
    valid="4-18",
    flexible="12+",
    request="""
        cluster_id: string v12+ nullable=12+ tag=0@12+ default=null
        replica_id: int32 v0-14 default=-1
        replica_state: ReplicaState v15+ tag=1@15+
          replica_id: int32 v15+ default=-1
          replica_epoch: int64 v15+ default=-1
        max_wait_ms: int32
        min_bytes: int32
        max_bytes: int32 v3+ default=0x7fffffff
        isolation_level: int8 v4+
        session_id: int32 v7+
        session_epoch: int32 v7+ default=-1
        topics: [FetchTopic]
          topic: string v0-12
          topic_id: uuid v13+
          partitions: [FetchPartition]
            partition: int32
            current_leader_epoch: int32 v9+ default=-1
            fetch_offset: int64
            last_fetched_epoch: int32 v12+ default=-1
            log_start_offset: int64 v5+ default=-1
            partition_max_bytes: int32
            replica_directory_id: uuid v17+ tag=0@17+
            high_watermark: int64 v18+ tag=1@18+ default=9223372036854775807
        forgotten_topics_data: [ForgottenTopic] v7+
          topic: string v7-12
          topic_id: uuid v13+
          partitions: [int32] v7+
        rack_id: string v11+
    """,
    response="""
        throttle_time_ms: int32 v1+
        error_code: int16 v7+
        session_id: int32 v7+
        responses: [FetchableTopicResponse]
          topic: string v0-12
          topic_id: uuid v13+
          partitions: [PartitionData]
            partition_index: int32
            error_code: int16
            high_watermark: int64
            last_stable_offset: int64 v4+ default=-1
            log_start_offset: int64 v5+ default=-1
            diverging_epoch: EpochEndOffset v12+ tag=0@12+
              epoch: int32 v12+ default=-1
              end_offset: int64 v12+ default=-1
            current_leader: LeaderIdAndEpoch v12+ tag=1@12+
              leader_id: int32 v12+ default=-1
              leader_epoch: int32 v12+ default=-1
            snapshot_id: SnapshotId v12+ tag=2@12+
              end_offset: int64 default=-1
              epoch: int32 default=-1
            aborted_transactions: [AbortedTransaction] v4+ nullable=4+
              producer_id: int64 v4+
              first_offset: int64 v4+
            preferred_read_replica: int32 v11+ default=-1
            records: records nullable=0+
        node_endpoints: [NodeEndpoint] v16+ tag=0@16+
          node_id: int32 v16+
          host: string v16+
          port: int32 v16+
          rack: string v16+ nullable=16+ default=null
    """,
)

# Offsets by timestamp: -1 latest, -2 earliest, -3 max timestamp.
LIST_OFFSETS = define_api(
    "ListOffsets",
    2,
    valid="1-11",
    flexible="6+",
    request="""
        replica_id: int32
        isolation_level: int8 v2+
        topics: [ListOffsetsTopic]
          name: string
          partitions: [ListOffsetsPartition]
            partition_index: int32
            current_leader_epoch: int32 v4+ default=-1
            timestamp: int64
        timeout_ms: int32 v10+
    """,
    response="""
        throttle_time_ms: int32 v2+
        topics: [ListOffsetsTopicResponse]
          name: string
          partitions: [ListOffsetsPartitionResponse]
            partition_index: int32
            error_code: int16
            timestamp: int64 v1+ default=-1
            offset: int64 v1+ default=-1
            leader_epoch: int32 v4+ default=-1
    """,
)

# Moves a partition's log start offset forward.
DELETE_RECORDS = define_api(
    "DeleteRecords",
    21,
    valid="0-2",
    flexible="2+",
    request="""
        topics: [DeleteRecordsTopic]
          name: string
          partitions: [DeleteRecordsPartition]
            partition_index: int32
            offset: int64
        timeout_ms: int32
    """,
    response="""
        throttle_time_ms: int32
        topics: [DeleteRecordsTopicResult]
          name: string
          partitions: [DeleteRecordsPartitionResult]
            partition_index: int32
            low_watermark: int64
            error_code: int16
    """,
)

# v6 (two-phase commit) is still unstable in 4.3, so we stop at v5.
INIT_PRODUCER_ID = define_api(
    "InitProducerId",
    22,
    valid="0-5",
    flexible="2+",
    request="""
        transactional_id: string nullable=0+
        transaction_timeout_ms: int32
        producer_id: int64 v3+ default=-1
        producer_epoch: int16 v3+ default=-1
    """,
    response="""
        throttle_time_ms: int32
        error_code: int16
        producer_id: int64 default=-1
        producer_epoch: int16
    """,
)

APIS = (
    PRODUCE,
    FETCH,
    LIST_OFFSETS,
    DELETE_RECORDS,
    INIT_PRODUCER_ID,
)
