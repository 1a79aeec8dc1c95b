"""Topic administration: create, delete, add partitions, describe partitions."""

from __future__ import annotations

from protocol.codec.dsl import define_api

CREATE_TOPICS = define_api(
    "CreateTopics",
    19,
    valid="2-7",
    flexible="5+",
    request="""
        topics: [CreatableTopic]
          name: string
          num_partitions: int32
          replication_factor: int16
          assignments: [CreatableReplicaAssignment]
            partition_index: int32
            broker_ids: [int32]
          configs: [CreatableTopicConfig]
            name: string
            value: string nullable=0+
        timeout_ms: int32 default=60000
        validate_only: bool v1+
    """,
    response="""
        throttle_time_ms: int32 v2+
        topics: [CreatableTopicResult]
          name: string
          topic_id: uuid v7+
          error_code: int16
          error_message: string v1+ nullable=0+
          topic_config_error_code: int16 v5+ tag=0@5+
          num_partitions: int32 v5+ default=-1
          replication_factor: int16 v5+ default=-1
          configs: [CreatableTopicConfigs] v5+ nullable=5+
            name: string v5+
            value: string v5+ nullable=5+
            read_only: bool v5+
            config_source: int8 v5+ default=-1
            is_sensitive: bool v5+
    """,
)

# v6 deletes by name or by topic id.
DELETE_TOPICS = define_api(
    "DeleteTopics",
    20,
    valid="1-6",
    flexible="4+",
    request="""
        topics: [DeleteTopicState] v6+
          name: string v6+ nullable=6+ default=null
          topic_id: uuid v6+
        topic_names: [string] v0-5
        timeout_ms: int32
    """,
    response="""
        throttle_time_ms: int32 v1+
        responses: [DeletableTopicResult]
          name: string nullable=6+
          topic_id: uuid v6+
          error_code: int16
          error_message: string v5+ nullable=5+ default=null
    """,
)

CREATE_PARTITIONS = define_api(
    "CreatePartitions",
    37,
    valid="0-3",
    flexible="2+",
    request="""
        topics: [CreatePartitionsTopic]
          name: string
          count: int32
          assignments: [CreatePartitionsAssignment] nullable=0+
            broker_ids: [int32]
        timeout_ms: int32
        validate_only: bool
    """,
    response="""
        throttle_time_ms: int32
        results: [CreatePartitionsTopicResult]
          name: string
          error_code: int16
          error_message: string nullable=0+ default=null
    """,
)

# KRaft brokers (3.8+); paginated with a nullable cursor struct.
DESCRIBE_TOPIC_PARTITIONS = define_api(
    "DescribeTopicPartitions",
    75,
    valid="0",
    flexible="0+",
    request="""
        topics: [TopicRequest]
          name: string
        response_partition_limit: int32 default=2000
        cursor: Cursor nullable=0+ default=null
          topic_name: string
          partition_index: int32
    """,
    response="""
        throttle_time_ms: int32
        topics: [DescribeTopicPartitionsResponseTopic]
          error_code: int16
          name: string nullable=0+
          topic_id: uuid
          is_internal: bool
          partitions: [DescribeTopicPartitionsResponsePartition]
            error_code: int16
            partition_index: int32
            leader_id: int32
            leader_epoch: int32 default=-1
            replica_nodes: [int32]
            isr_nodes: [int32]
            eligible_leader_replicas: [int32] nullable=0+ default=null
            last_known_elr: [int32] nullable=0+ default=null
            offline_replicas: [int32]
          topic_authorized_operations: int32 default=-2147483648
        next_cursor: Cursor nullable=0+ default=null
          topic_name: string
          partition_index: int32
    """,
)

APIS = (
    CREATE_TOPICS,
    DELETE_TOPICS,
    CREATE_PARTITIONS,
    DESCRIBE_TOPIC_PARTITIONS,
)
