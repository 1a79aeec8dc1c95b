"""Connection set-up and cluster discovery: ApiVersions, Metadata, SASL, DescribeCluster."""

from __future__ import annotations

from protocol.codec.dsl import define_api

# The first request on every connection; its response header is always v0.
API_VERSIONS = define_api(
    "ApiVersions",
    18,
    valid="0-4",
    flexible="3+",
    request="""
        client_software_name: string v3+
        client_software_version: string v3+
    """,
    response="""
        error_code: int16
        api_keys: [ApiVersion]
          api_key: int16
          min_version: int16
          max_version: int16
        throttle_time_ms: int32 v1+
        supported_features: [SupportedFeatureKey] v3+ tag=0@3+
          name: string v3+
          min_version: int16 v3+
          max_version: int16 v3+
        finalized_features_epoch: int64 v3+ tag=1@3+ default=-1
        finalized_features: [FinalizedFeatureKey] v3+ tag=2@3+
          name: string v3+
          max_version_level: int16 v3+
          min_version_level: int16 v3+
        zk_migration_ready: bool v3+ tag=3@3+
    """,
)

# Brokers, topics, partitions and leaders: the explorer's map of the cluster.
METADATA = define_api(
    "Metadata",
    3,
    valid="0-13",
    flexible="9+",
    request="""
        topics: [MetadataRequestTopic] nullable=1+
          topic_id: uuid v10+
          name: string nullable=10+
        allow_auto_topic_creation: bool v4+ default=true
        include_cluster_authorized_operations: bool v8-10
        include_topic_authorized_operations: bool v8+
    """,
    response="""
        throttle_time_ms: int32 v3+
        brokers: [MetadataResponseBroker]
          node_id: int32
          host: string
          port: int32
          rack: string v1+ nullable=1+ default=null
        cluster_id: string v2+ nullable=2+ default=null
        controller_id: int32 v1+ default=-1
        topics: [MetadataResponseTopic]
          error_code: int16
          name: string nullable=12+
          topic_id: uuid v10+
          is_internal: bool v1+
          partitions: [MetadataResponsePartition]
            error_code: int16
            partition_index: int32
            leader_id: int32
            leader_epoch: int32 v7+ default=-1
            replica_nodes: [int32]
            isr_nodes: [int32]
            offline_replicas: [int32] v5+
          topic_authorized_operations: int32 v8+ default=-2147483648
        cluster_authorized_operations: int32 v8-10 default=-2147483648
        error_code: int16 v13+
    """,
)

# Picks the SASL mechanism; v1 wraps the tokens in SaslAuthenticate.
SASL_HANDSHAKE = define_api(
    "SaslHandshake",
    17,
    valid="0-1",
    flexible="none",
    request="""
        mechanism: string
    """,
    response="""
        error_code: int16
        mechanisms: [string]
    """,
)

# Carries SASL tokens (PLAIN, SCRAM, OAUTHBEARER).
SASL_AUTHENTICATE = define_api(
    "SaslAuthenticate",
    36,
    valid="0-2",
    flexible="2+",
    request="""
        auth_bytes: bytes
    """,
    response="""
        error_code: int16
        error_message: string nullable=0+
        auth_bytes: bytes
        session_lifetime_ms: int64 v1+
    """,
)

# Cluster id, controller and brokers (2.8+); Metadata is the fallback.
DESCRIBE_CLUSTER = define_api(
    "DescribeCluster",
    60,
    valid="0-2",
    flexible="0+",
    request="""
        include_cluster_authorized_operations: bool
        endpoint_type: int8 v1+ default=1
        include_fenced_brokers: bool v2+
    """,
    response="""
        throttle_time_ms: int32
        error_code: int16
        error_message: string nullable=0+ default=null
        endpoint_type: int8 v1+ default=1
        cluster_id: string
        controller_id: int32 default=-1
        brokers: [DescribeClusterBroker]
          broker_id: int32
          host: string
          port: int32
          rack: string nullable=0+ default=null
          is_fenced: bool v2+
        cluster_authorized_operations: int32 default=-2147483648
    """,
)

APIS = (
    API_VERSIONS,
    METADATA,
    SASL_HANDSHAKE,
    SASL_AUTHENTICATE,
    DESCRIBE_CLUSTER,
)
