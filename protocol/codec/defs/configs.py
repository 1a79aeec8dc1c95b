"""Configuration, log directories and ACLs."""

from __future__ import annotations

from protocol.codec.dsl import define_api

DESCRIBE_CONFIGS = define_api(
    "DescribeConfigs",
    32,
    valid="1-4",
    flexible="4+",
    request="""
        resources: [DescribeConfigsResource]
          resource_type: int8
          resource_name: string
          configuration_keys: [string] nullable=0+
        include_synonyms: bool v1+
        include_documentation: bool v3+
    """,
    response="""
        throttle_time_ms: int32
        results: [DescribeConfigsResult]
          error_code: int16
          error_message: string nullable=0+
          resource_type: int8
          resource_name: string
          configs: [DescribeConfigsResourceResult]
            name: string
            value: string nullable=0+
            read_only: bool
            config_source: int8 v1+ default=-1
            is_sensitive: bool
            synonyms: [DescribeConfigsSynonym] v1+
              name: string v1+
              value: string v1+ nullable=0+
              source: int8 v1+
            config_type: int8 v3+
            documentation: string v3+ nullable=0+
    """,
)

# Preferred (2.3+): changes only the named keys.
INCREMENTAL_ALTER_CONFIGS = define_api(
    "IncrementalAlterConfigs",
    44,
    valid="0-1",
    flexible="1+",
    request="""
        resources: [AlterConfigsResource]
          resource_type: int8
          resource_name: string
          configs: [AlterableConfig]
            name: string
            config_operation: int8
            value: string nullable=0+
        validate_only: bool
    """,
    response="""
        throttle_time_ms: int32
        responses: [AlterConfigsResourceResponse]
          error_code: int16
          error_message: string nullable=0+
          resource_type: int8
          resource_name: string
    """,
)

# Legacy: replaces a resource's whole config set.
ALTER_CONFIGS = define_api(
    "AlterConfigs",
    33,
    valid="0-2",
    flexible="2+",
    request="""
        resources: [AlterConfigsResource]
          resource_type: int8
          resource_name: string
          configs: [AlterableConfig]
            name: string
            value: string nullable=0+
        validate_only: bool
    """,
    response="""
        throttle_time_ms: int32
        responses: [AlterConfigsResourceResponse]
          error_code: int16
          error_message: string nullable=0+
          resource_type: int8
          resource_name: string
    """,
)

DESCRIBE_LOG_DIRS = define_api(
    "DescribeLogDirs",
    35,
    valid="1-5",
    flexible="2+",
    request="""
        topics: [DescribableLogDirTopic] nullable=0+
          topic: string
          partitions: [int32]
    """,
    response="""
        throttle_time_ms: int32
        error_code: int16 v3+
        results: [DescribeLogDirsResult]
          error_code: int16
          log_dir: string
          topics: [DescribeLogDirsTopic]
            name: string
            partitions: [DescribeLogDirsPartition]
              partition_index: int32
              partition_size: int64
              offset_lag: int64
              is_future_key: bool
          total_bytes: int64 v4+ default=-1
          usable_bytes: int64 v4+ default=-1
          is_cordoned: bool v5+
    """,
)

DESCRIBE_ACLS = define_api(
    "DescribeAcls",
    29,
    valid="1-3",
    flexible="2+",
    request="""
        resource_type_filter: int8
        resource_name_filter: string nullable=0+
        pattern_type_filter: int8 v1+ default=3
        principal_filter: string nullable=0+
        host_filter: string nullable=0+
        operation: int8
        permission_type: int8
    """,
    response="""
        throttle_time_ms: int32
        error_code: int16
        error_message: string nullable=0+
        resources: [DescribeAclsResource]
          resource_type: int8
          resource_name: string
          pattern_type: int8 v1+ default=3
          acls: [AclDescription]
            principal: string
            host: string
            operation: int8
            permission_type: int8
    """,
)

APIS = (
    DESCRIBE_CONFIGS,
    INCREMENTAL_ALTER_CONFIGS,
    ALTER_CONFIGS,
    DESCRIBE_LOG_DIRS,
    DESCRIBE_ACLS,
)
