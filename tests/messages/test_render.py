"""The page rendered offscreen to PNG files (to look at), with JSON highlighted in the detail pane."""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QGuiApplication

from explorer.messages.decoders import Decoder
from explorer.models.decoder_prefs import DecoderPrefs
from explorer.models.messages import VALUE
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from protocol.producer import Producer
from tests.records_client.helpers import create_topic, unique

from .conftest import shot, until
from .pages import open_page, read_done

pytestmark = [
    pytest.mark.broker,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


def order(i: int) -> bytes:
    return json.dumps(
        {
            "order_id": 4700 + i,
            "customer": {"name": f"Customer {i}", "vip": i % 5 == 0},
            "items": [{"sku": f"SKU-{i * 7 % 100:03d}", "qty": i % 4 + 1, "price": 9.95 + i}],
            "note": None,
        }
    ).encode()


async def test_page_renders(session: ClusterSession, settings: AppSettings, prefs: DecoderPrefs) -> None:
    topic = unique("orders")
    await create_topic(session.client, topic, partitions=3)
    records = [
        (
            f"order-{4700 + i}".encode(),
            order(i),
            [("trace-id", f"abc-{i:04d}".encode()), ("source", b"web-shop")],
            i % 3,
            None,
        )
        for i in range(400)
    ]
    (await Producer(session.client, compression="zstd").send_many(topic, records)).raise_first()
    prefs.set(session.name, topic, Decoder.TEXT, Decoder.JSON)
    page = open_page(session, topic, settings, prefs)
    page.show()
    try:
        await read_done(page)
        page.table.selectRow(3)
        await until(lambda: page.detail.record is not None, 5, "the detail pane")
        assert page.detail.meta["Compression"].text() == "zstd"
        assert page.detail.value_view.toPlainText().startswith('{\n  "order_id"')
        copied = json.loads(page.detail.copy_as_json())
        assert copied["key"] == page.detail.record.key.decode()  # type: ignore[union-attr]
        assert json.loads(QGuiApplication.clipboard().text()) == copied
        shot(page, "messages-page")
        resent: list[tuple[object, ...]] = []
        page.resend_requested.connect(lambda *args: resent.append(args))
        page.detail.resend_button.click()
        record = page.detail.record
        assert record is not None
        assert resent == [(topic, record.key, record.value, list(record.headers), record.partition)]
        page.detail.value_box.setCurrentIndex(2)  # Hex, remembered for this topic
        assert prefs.get(session.name, topic) == (Decoder.TEXT, Decoder.HEX)
        assert page.model.index(3, VALUE).data().startswith("7b 22 6f 72")
        assert page.detail.value_view.toPlainText().startswith("00000000  7b 22 6f 72")
        page.detail.value_box.setCurrentIndex(1)
        page.find_bar.filter.setText("Customer 12")
        await until(
            lambda: page.model.filtered and not page.model.pending and page.model.rowCount() > 0,
            5,
            "the filter",
        )
        assert page.model.rowCount() == 11  # Customer 12 and 120-129
        shot(page, "messages-page-filtered")
    finally:
        page.shutdown()
