"""Key partitioners that match other clients, so the explorer produces where they would.

* :func:`murmur2_partition`: the Java client's keyed partitioning,
  ``Utils.toPositive(Utils.murmur2(key)) % numPartitions``.
* :func:`fnv1a_partition`: kafka-go's ``Hash`` balancer (also Sarama's hash partitioner):
  ``p = int32(fnv1a32(key)) % n; if p < 0 { p = -p }``.
* :class:`RoundRobinPartitioner`: one partition after the other, whatever the key.
"""

from __future__ import annotations

import itertools
import threading

__all__ = [
    "Fnv1aPartitioner",
    "Murmur2Partitioner",
    "RoundRobinPartitioner",
    "fnv1a_32",
    "fnv1a_partition",
    "murmur2",
    "murmur2_partition",
]

_M32 = 0xFFFFFFFF
_MURMUR_SEED = 0x9747B28C
_MURMUR_M = 0x5BD1E995
_FNV_OFFSET = 0x811C9DC5
_FNV_PRIME = 0x01000193


def murmur2(data: bytes) -> int:
    """Java ``Utils.murmur2``: a signed 32-bit result."""
    length = len(data)
    h = (_MURMUR_SEED ^ length) & _M32
    tail = length & ~3
    for i in range(0, tail, 4):
        k = int.from_bytes(data[i : i + 4], "little")
        k = (k * _MURMUR_M) & _M32
        k ^= k >> 24
        k = (k * _MURMUR_M) & _M32
        h = ((h * _MURMUR_M) & _M32) ^ k
    extra = length & 3
    if extra == 3:
        h ^= data[tail + 2] << 16
    if extra >= 2:
        h ^= data[tail + 1] << 8
    if extra >= 1:
        h ^= data[tail]
        h = (h * _MURMUR_M) & _M32
    h ^= h >> 13
    h = (h * _MURMUR_M) & _M32
    h ^= h >> 15
    return h - (1 << 32) if h & 0x80000000 else h


def murmur2_partition(key: bytes, num_partitions: int) -> int:
    """The Java producer's partition for a non-null key."""
    _check(num_partitions)
    return (murmur2(key) & 0x7FFFFFFF) % num_partitions


def fnv1a_32(data: bytes) -> int:
    """FNV-1a, 32 bits (Go's ``hash/fnv.New32a``): an unsigned result."""
    h = _FNV_OFFSET
    for byte in data:
        h = ((h ^ byte) * _FNV_PRIME) & _M32
    return h


def fnv1a_partition(key: bytes, num_partitions: int) -> int:
    """kafka-go ``Hash`` balancer's partition index for a non-nil key.

    Go's ``%`` truncates towards zero and kafka-go then negates a negative result, so this
    is ``abs(int32(h)) % n``; ``-2**31`` is handled the same way.
    """
    _check(num_partitions)
    h = fnv1a_32(key)
    signed = h - (1 << 32) if h & 0x80000000 else h
    return abs(signed) % num_partitions


def _check(num_partitions: int) -> None:
    if num_partitions <= 0:
        raise ValueError(f"A topic needs at least one partition, not {num_partitions}.")


class RoundRobinPartitioner:
    """Cycles through partitions 0, 1, 2, ... regardless of the key (thread-safe)."""

    def __init__(self) -> None:
        self._counter = itertools.count()
        self._lock = threading.Lock()

    def partition(self, key: bytes | None, num_partitions: int) -> int:
        _check(num_partitions)
        with self._lock:
            return next(self._counter) % num_partitions


class Murmur2Partitioner:
    """Java's keyed partitioning; records without a key go round-robin.

    (Java 3.3+ sends keyless records to a "sticky" partition per batch instead; for an
    explorer producing one record at a time, round-robin spreads them the same way.)
    """

    def __init__(self) -> None:
        self._fallback = RoundRobinPartitioner()

    def partition(self, key: bytes | None, num_partitions: int) -> int:
        if key is None:
            return self._fallback.partition(key, num_partitions)
        return murmur2_partition(key, num_partitions)


class Fnv1aPartitioner:
    """kafka-go's ``Hash`` balancer: FNV-1a for keyed records, round-robin for nil keys."""

    def __init__(self) -> None:
        self._fallback = RoundRobinPartitioner()

    def partition(self, key: bytes | None, num_partitions: int) -> int:
        if key is None:
            return self._fallback.partition(key, num_partitions)
        return fnv1a_partition(key, num_partitions)
