"""Searching the whole topic (progress, cancel, back to the loaded rows) and going to an offset."""

from __future__ import annotations

import pytest

from explorer.messages.seek import ReadPlan, StartAt
from explorer.models.decoder_prefs import DecoderPrefs
from explorer.models.message_reading import SEARCH_CANCELLED, SEARCH_DONE, SEARCH_RUNNING
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from protocol.producer import Producer
from tests.records_client.helpers import create_topic, unique

from .conftest import until
from .pages import offsets_by_partition, open_page, read_done

pytestmark = [
    pytest.mark.broker,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


async def filled_topic(session: ClusterSession, count: int = 3000) -> str:
    topic = unique("msg-search")
    await create_topic(session.client, topic, partitions=3)
    records = [
        (f"k{i}".encode(), f"value {i} {'needle-777' if i in (777, 2777) else ''}".encode(), (), i % 3)
        for i in range(count)
    ]
    (await Producer(session.client).send_many(topic, records)).raise_first()
    return topic


async def test_search_the_whole_topic(
    session: ClusterSession, settings: AppSettings, prefs: DecoderPrefs
) -> None:
    topic = await filled_topic(session)
    page = open_page(session, topic, settings, prefs, ReadPlan(topic, StartAt.LAST, 10))
    states: list[tuple[str, int, int, int]] = []
    page.reading.search_changed.connect(lambda *args: states.append(args))
    try:
        await read_done(page)
        assert page.model.rowCount() == 30
        page.find_bar.filter.setText("NEEDLE-777")
        await until(lambda: page.model.filtered and not page.model.pending, 5, "the filter")
        assert page.model.rowCount() == 0  # not among the loaded rows
        page.find_bar.search_button.click()
        await until(lambda: states and states[-1][0] == SEARCH_DONE, 30, "the search")
        assert states[0][0] == SEARCH_RUNNING
        assert states[-1][1:] == (3000, 3000, 2)
        assert page.reading.showing_hits and page.find_bar.back_button.isVisibleTo(page)
        await until(lambda: not page.model.pending, 5, "the hits to show")
        assert offsets_by_partition(page) == {0: [259], 2: [925]}  # records 777 and 2777
        page.table.selectRow(0)
        assert page.detail.meta["Compression"].text() == "not known for a search hit"
        assert page.detail.record is not None and b"needle-777" in page.detail.record.value  # type: ignore[operator]

        page.find_bar.filter.setText("value")
        page.find_bar.search_button.click()
        page.find_bar.cancel_button.click()
        await until(lambda: states[-1][0] == SEARCH_CANCELLED, 10, "the search to stop")

        page.find_bar.filter.clear()
        page.find_bar.back_button.click()
        await until(lambda: not page.model.filtered and page.model.rowCount() == 30, 5, "the loaded rows")
        assert not page.reading.showing_hits
    finally:
        page.shutdown()


async def test_go_to_an_offset(session: ClusterSession, settings: AppSettings, prefs: DecoderPrefs) -> None:
    topic = await filled_topic(session)
    page = open_page(session, topic, settings, prefs, ReadPlan(topic, StartAt.LAST, 10))
    try:
        await read_done(page)
        page.find_bar.partition.setValue(1)
        page.find_bar.offset.setText("995")
        page.find_bar.go_button.click()
        current = page.table.currentIndex()
        assert current.isValid() and page.detail.record is not None
        assert (page.detail.record.partition, page.detail.record.offset) == (1, 995)

        page.find_bar.partition.setValue(2)
        page.find_bar.offset.setText("100")
        page.find_bar.go_button.click()
        await until(
            lambda: page.detail.record is not None and page.detail.record.offset == 100,
            20,
            "offset 100 of partition 2 to be read and selected",
        )
        assert page.detail.record is not None and page.detail.record.partition == 2
        await read_done(page)
        assert offsets_by_partition(page) == {2: list(range(100, 1000))}
    finally:
        page.shutdown()
