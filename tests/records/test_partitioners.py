"""Partitioners agree with the Java client, librdkafka, kafka-python and kafka-go."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kafka.partitioner.default import murmur2 as kafka_python_murmur2

from protocol.records import (
    Fnv1aPartitioner,
    Murmur2Partitioner,
    RoundRobinPartitioner,
    fnv1a_32,
    fnv1a_partition,
    murmur2,
    murmur2_partition,
)

# Apache Kafka UtilsTest.testMurmur2 (signed Java ints).
JAVA_MURMUR2 = {
    b"21": -973932308,
    b"foobar": -790332482,
    b"a-little-bit-long-string": -985981536,
    b"a-little-bit-longer-string": -1486304829,
    b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8": -58897971,
    b"abc": 479470107,
}
# librdkafka rdmurmur2.c unit test (unsigned).
LIBRDKAFKA_MURMUR2 = {
    b"kafka": 0xD067CF64,
    b"giberish123456789": 0x8F552B0C,
    b"1234": 0x9FC97B14,
    b"234": 0xE7C009CA,
    b"34": 0x873930DA,
    b"4": 0x5A4B5CA1,
    b"PreAmbleWillBeRemoved,ThePrePartThatIs": 0x78424F1C,
    b"reAmbleWillBeRemoved,ThePrePartThatIs": 0x4A62B377,
    b"eAmbleWillBeRemoved,ThePrePartThatIs": 0xE0E4E09E,
    b"AmbleWillBeRemoved,ThePrePartThatIs": 0x62B8B43F,
    b"": 0x106E08D9,
}
# kafka-python / aiokafka test_partitioner: DefaultPartitioner over 1000 partitions,
# "compare with output from Kafka's org.apache.kafka.clients.producer.Partitioner".
JAVA_PARTITION_OF_1000 = {
    b"": 681,
    b"a": 524,
    b"ab": 434,
    b"abc": 107,
    b"123456789": 566,
    b"\x00 ": 742,
}


@pytest.mark.parametrize(("key", "expected"), JAVA_MURMUR2.items())
def test_murmur2_java_values(key: bytes, expected: int) -> None:
    assert murmur2(key) == expected


@pytest.mark.parametrize(("key", "expected"), LIBRDKAFKA_MURMUR2.items())
def test_murmur2_librdkafka_values(key: bytes, expected: int) -> None:
    assert murmur2(key) & 0xFFFFFFFF == expected


@pytest.mark.parametrize(("key", "expected"), JAVA_PARTITION_OF_1000.items())
def test_murmur2_partition_java_values(key: bytes, expected: int) -> None:
    assert murmur2_partition(key, 1000) == expected


@given(st.binary(max_size=64))
def test_murmur2_matches_kafka_python(key: bytes) -> None:
    assert murmur2(key) & 0xFFFFFFFF == kafka_python_murmur2(key)


def test_fnv1a_known_vectors() -> None:
    # FNV reference test vectors (32-bit FNV-1a).
    assert fnv1a_32(b"") == 0x811C9DC5
    assert fnv1a_32(b"a") == 0xE40C292C
    assert fnv1a_32(b"foobar") == 0xBF9CF968


@pytest.mark.parametrize(
    ("key", "partitions", "expected"),
    [  # kafka-go balancer_test.go TestHashBalancer
        (b"blah", 2, 0),
        (b"blah", 3, 1),
        (b"boop", 3, 2),
        (b"20", 16, 1),  # "hash code with MSB set": int32 wraps negative, then negated
    ],
)
def test_fnv1a_partition_kafka_go(key: bytes, partitions: int, expected: int) -> None:
    assert fnv1a_partition(key, partitions) == expected


def test_fnv1a_negative_hash_is_negated_not_masked() -> None:
    assert fnv1a_32(b"20") & 0x80000000
    signed = fnv1a_32(b"20") - 2**32
    assert fnv1a_partition(b"20", 7) == (-signed) % 7
    assert fnv1a_partition(b"20", 7) != (signed & 0x7FFFFFFF) % 7


def test_partitioner_classes() -> None:
    rr = RoundRobinPartitioner()
    assert [rr.partition(b"same", 3) for _ in range(5)] == [0, 1, 2, 0, 1]
    m, f = Murmur2Partitioner(), Fnv1aPartitioner()
    assert m.partition(b"a", 1000) == 524 and f.partition(b"blah", 3) == 1
    assert [m.partition(None, 4) for _ in range(3)] == [0, 1, 2]
    assert [f.partition(None, 4) for _ in range(3)] == [0, 1, 2]
    assert f.partition(b"", 5) == fnv1a_partition(b"", 5)  # empty key is hashed, not nil
    with pytest.raises(ValueError):
        murmur2_partition(b"x", 0)
