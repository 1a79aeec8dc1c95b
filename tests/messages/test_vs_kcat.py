"""The table shows what kcat (librdkafka) reads, for every codec, keys, nulls, headers and binary."""

from __future__ import annotations

import pytest
from confluent_kafka import Producer as ConfluentProducer

from explorer.harness import KafkaCluster
from explorer.messages.decoders import Decoder
from explorer.models.decoder_prefs import DecoderPrefs
from explorer.models.messages import HEADERS, KEY, OFFSET, PARTITION, VALUE
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from tests.conftest import Kcat
from tests.records_client.helpers import CODECS, create_topic, kcat_binary_rows, kcat_json_rows, unique

from .pages import open_page, read_done, table_rows

pytestmark = [
    pytest.mark.broker,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


@pytest.mark.parametrize("codec", CODECS)
async def test_rows_equal_kcat_for_every_codec(
    session: ClusterSession,
    kafka: KafkaCluster,
    kcat: Kcat,
    settings: AppSettings,
    prefs: DecoderPrefs,
    codec: str,
) -> None:
    topic = unique(f"msg-kcat-{codec}")
    await create_topic(session.client, topic, partitions=3)
    keyed = "\n".join(f'k{i}:{{"n": {i}, "text": "é-{"abc" * 20}"}}' for i in range(150)).encode()
    kcat.run(
        "-P",
        "-b",
        kafka.bootstrap(),
        "-t",
        topic,
        "-p",
        "0",
        "-K",
        ":",
        "-z",
        codec,
        "-H",
        "trace=t-1",
        "-H",
        "origin=kcat ü",
        input=keyed,
    )
    kcat.run("-P", "-b", kafka.bootstrap(), "-t", topic, "-p", "1", "-K", ":", "-z", codec, input=keyed)
    nulls = "\n".join(f":no key {i}" if i % 2 else f"key-{i}:" for i in range(20)).encode()
    kcat.run("-P", "-b", kafka.bootstrap(), "-t", topic, "-p", "2", "-K", ":", "-Z", "-z", codec, input=nulls)

    page = open_page(session, topic, settings, prefs)
    try:
        await read_done(page)
        ours = sorted(table_rows(page), key=lambda r: (r[0], r[1]))
        assert len(ours) == 320
        assert ours == kcat_json_rows(kcat, kafka, topic)
        model = page.model
        first = next(r for r in range(model.rowCount()) if model.index(r, PARTITION).data() == "0")
        assert model.index(first, OFFSET).data() == "0"
        assert model.index(first, KEY).data() == "k0"
        assert model.index(first, VALUE).data().startswith('{"n": 0, "text": "é-abcabc')
        assert model.index(first, HEADERS).data() == "2"
        page.table.selectRow(first)
        assert page.detail.meta["Compression"].text() == codec
        assert page.detail.meta["Transactional"].text() == "no"
        assert page.detail.headers.rowCount() == 2
    finally:
        page.shutdown()


async def test_binary_values_equal_kcat(
    session: ClusterSession,
    kafka: KafkaCluster,
    kcat: Kcat,
    settings: AppSettings,
    prefs: DecoderPrefs,
) -> None:
    topic = unique("msg-binary")
    await create_topic(session.client, topic, partitions=2)
    producer = ConfluentProducer({"bootstrap.servers": kafka.bootstrap(), "compression.type": "lz4"})
    for i in range(200):
        producer.produce(
            topic, bytes(range(i % 256)) + b"\n\xff\x00", key=bytes([i, 0, 255]), partition=i % 2
        )
    producer.produce(topic, None, key=None, partition=0)
    assert producer.flush(30) == 0

    prefs.set(session.name, topic, Decoder.HEX, Decoder.TEXT)
    page = open_page(session, topic, settings, prefs)
    try:
        await read_done(page)
        ours = sorted((r[:5] for r in table_rows(page)), key=lambda r: (r[0], r[1]))
        assert ours == kcat_binary_rows(kcat, kafka, topic)
        model = page.model
        row = next(r for r in range(model.rowCount()) if model.index(r, KEY).data() == "03 00 ff")
        assert model.index(row, VALUE).data() == "\\x00\\x01\\x02 \\xff\\x00"
        last = next(r for r in range(model.rowCount()) if model.index(r, VALUE).data() == "(null)")
        assert model.index(last, KEY).data() == "(null)"
    finally:
        page.shutdown()
