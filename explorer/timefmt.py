"""Numbers and times as people read them; the time zone (local or UTC) is chosen once, in settings.

Qt-free, so formatting is the same in the views, exports and tests.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

TimeZoneMode = Literal["local", "UTC"]
TIME_ZONES: tuple[TimeZoneMode, ...] = ("local", "UTC")


def to_datetime(value: dt.datetime | float, mode: TimeZoneMode) -> dt.datetime:
    """A timezone-aware datetime in ``mode``, from a datetime or epoch seconds."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromtimestamp(value, dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC if mode == "UTC" else None)


def format_time(value: dt.datetime | float, mode: TimeZoneMode, *, millis: bool = False) -> str:
    """``2026-03-01 14:05:09 UTC`` (or the local zone's abbreviation)."""
    moment = to_datetime(value, mode)
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    if millis:
        text += f".{moment.microsecond // 1000:03d}"
    return f"{text} {'UTC' if mode == 'UTC' else moment.strftime('%Z') or moment.strftime('%z')}"


def format_timestamp_ms(ms: int, mode: TimeZoneMode) -> str:
    """A Kafka timestamp (milliseconds since the epoch) with its milliseconds."""
    return format_time(ms / 1000, mode, millis=True)


def format_count(value: int | None) -> str:
    """``12,345``; an unknown value is an empty cell, not a zero."""
    return "" if value is None else f"{value:,}"


_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def format_bytes(value: int | None) -> str:
    """``1.5 MiB``; an unknown size is an empty cell."""
    if value is None:
        return ""
    size = float(value)
    for unit in _UNITS:
        if abs(size) < 1024 or unit == _UNITS[-1]:
            return f"{int(size)} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def format_duration(seconds: float) -> str:
    """``850 ms``, ``1.2 s``, ``3 min 5 s``."""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"
