"""The classic consumer protocol's blobs: JoinGroup metadata and SyncGroup assignments.

They travel as opaque bytes inside group requests and responses, each prefixed by an int16
version; they are never flexible, and newer versions only append fields, so a reader may parse
a newer version with the newest one it knows.
"""

from __future__ import annotations

from protocol.codec.dsl import define_message

CONSUMER_PROTOCOL_SUBSCRIPTION = define_message(
    "ConsumerProtocolSubscription",
    "data",
    valid="0-3",
    flexible="none",
    fields="""
        topics: [string]
        user_data: bytes nullable=0+ default=null
        owned_partitions: [TopicPartition] v1+
          topic: string v1+
          partitions: [int32] v1+
        generation_id: int32 v2+ default=-1
        rack_id: string v3+ nullable=3+ default=null
    """,
)

CONSUMER_PROTOCOL_ASSIGNMENT = define_message(
    "ConsumerProtocolAssignment",
    "data",
    valid="0-3",
    flexible="none",
    fields="""
        assigned_partitions: [TopicPartition]
          topic: string
          partitions: [int32]
        user_data: bytes nullable=0+ default=null
    """,
)

DATA_STRUCTS = (CONSUMER_PROTOCOL_SUBSCRIPTION, CONSUMER_PROTOCOL_ASSIGNMENT)
