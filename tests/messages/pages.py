"""Opening the message page on a real topic and reading its rows back, for the broker tests."""

from __future__ import annotations

from explorer.messages.seek import ReadPlan
from explorer.models.decoder_prefs import DecoderPrefs
from explorer.models.message_reading import DONE, FAILED
from explorer.session import ClusterSession
from explorer.settings import AppSettings
from explorer.ui.messages_page import MessagesPage

from .conftest import until

Row = tuple[int, int, int, bytes | None, bytes | None, tuple[tuple[str, bytes | None], ...]]


def open_page(
    session: ClusterSession,
    topic: str,
    settings: AppSettings,
    prefs: DecoderPrefs,
    plan: ReadPlan | None = None,
) -> MessagesPage:
    page = MessagesPage(session, topic, settings, prefs=prefs, autostart=plan or ReadPlan(topic))
    page.resize(1400, 800)
    return page


async def read_done(page: MessagesPage, timeout: float = 60.0) -> None:
    """Wait until the read reached its end and every row is in the table."""
    reading, model = page.reading, page.model

    def finished() -> bool:
        if reading.state == FAILED:
            raise AssertionError(f"the read failed: {reading.error}")
        return reading.state == DONE and not model.pending

    await until(finished, timeout, "the read to finish")


def table_rows(page: MessagesPage) -> list[Row]:
    """Every row of the table (through the model), as (partition, offset, ts, key, value, headers)."""
    model, store = page.model, page.model.store
    rows = []
    for row in range(model.rowCount()):
        r = store.record(model.store_row(row))
        rows.append((r.partition, r.offset, r.timestamp, r.key, r.value, r.headers))
    return rows


def offsets_by_partition(page: MessagesPage) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for partition, offset, *_ in table_rows(page):
        found.setdefault(partition, []).append(offset)
    return found
