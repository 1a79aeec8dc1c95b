"""Reading a time the user typed, in the app's time zone (local or UTC), as Kafka milliseconds."""

from __future__ import annotations

import datetime as dt

from explorer.timefmt import TimeZoneMode

EXAMPLE = "2026-03-01 14:05:09"


def parse_timestamp(text: str, mode: TimeZoneMode) -> int | None:
    """Milliseconds since the epoch; ``None`` for empty text. Raises ``ValueError`` with a sentence.

    Accepts ``2026-03-01 14:05[:09[.123]]`` (read in ``mode`` unless it names its own offset, as
    ``…Z`` or ``…+02:00`` do), a date alone (midnight), or a number of milliseconds.
    """
    text = text.strip()
    if not text:
        return None
    if text.lstrip("-").isdigit():
        return int(text)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"“{text}” is not a time; write it as {EXAMPLE} or in milliseconds") from None
    if moment.tzinfo is None:
        zone = dt.UTC if mode == "UTC" else None
        moment = moment.replace(tzinfo=zone) if zone else moment.astimezone()
    return int(moment.timestamp() * 1000)
