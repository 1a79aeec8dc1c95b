"""One exception hierarchy for the whole client.

Every error carries a sentence a person understands. Errors that come from a Kafka error code
also carry the code and its name, and say whether retrying can help.
"""

from __future__ import annotations


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
