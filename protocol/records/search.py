"""Find records whose key, value or a header value contains a needle, without decoding them all.

The needle (or compiled bytes regex) is looked for in each batch's buffer with ``bytes.find``
(or ``pattern.search``); each hit is mapped to its record through the view's position column,
and only that record is decoded to confirm the hit lies in a wanted field. After a record is
checked the scan resumes at the next record, so each record is decoded at most once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable

from protocol.records.batch import IsolationLevel
from protocol.records.codecs import DEFAULT_MAX_DECOMPRESSED_SIZE
from protocol.records.record import Headers
from protocol.records.view import RecordView, decode_records

__all__ = ["FIELDS", "search_blob", "search_view"]

FIELDS = ("key", "value", "headers")

Needle = bytes | re.Pattern[bytes]

# Constructs whose meaning depends on bytes outside the match (anchors, word boundaries,
# lookaround). A buffer-wide scan could miss field-level matches of these, so such patterns
# are checked record by record instead. False alarms only cost speed.
_CONTEXT_SENSITIVE = re.compile(rb"[\^$]|\\[AZbBz]|\(\?<?[=!]")


def search_view(view: RecordView, needle: Needle, fields: Collection[str] = FIELDS) -> list[int]:
    """Indices (in ``view``) of the records with a match in one of ``fields``."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields {sorted(unknown)}; choose from {FIELDS}.")
    matches = _matcher(needle)
    check = _checker(view, matches, fields)
    if isinstance(needle, bytes):
        scan: Callable[[bytes, int, int], int] = _find_scanner(needle)
    elif _CONTEXT_SENSITIVE.search(needle.pattern):
        return [i for i in range(len(view)) if check(i)]
    else:
        scan = _regex_scanner(needle)
    found: list[int] = []
    for seg, first, end in view.segments():
        if seg.legacy is not None:  # legacy messages: rare, check one by one
            found.extend(i for i in range(first, end) if check(i))
            continue
        _scan_segment(view, seg.buf, first, end, seg.end, scan, check, found)
    return found


def search_blob(
    blob: bytes | bytearray | memoryview,
    needle: Needle,
    fields: Collection[str] = FIELDS,
    fetch_offset: int = 0,
    *,
    isolation: IsolationLevel = IsolationLevel.READ_UNCOMMITTED,
    aborted_transactions: Iterable[tuple[int, int]] | None = None,
    verify_crc: bool = True,
    max_decompressed_size: int = DEFAULT_MAX_DECOMPRESSED_SIZE,
) -> list[int]:
    """Offsets of the records of a fetched blob that contain ``needle`` in ``fields``."""
    view = decode_records(
        blob,
        fetch_offset,
        isolation=isolation,
        aborted_transactions=aborted_transactions,
        verify_crc=verify_crc,
        max_decompressed_size=max_decompressed_size,
    )
    return [view.offsets[i] for i in search_view(view, needle, fields)]


def _scan_segment(
    view: RecordView,
    buf: bytes,
    first: int,
    end: int,
    limit: int,
    scan: Callable[[bytes, int, int], int],
    check: Callable[[int], bool],
    found: list[int],
) -> None:
    """Scan one batch buffer from its first kept record's key to ``limit``."""
    positions = view.positions[first:end]
    pos = positions[0]
    while True:
        hit = scan(buf, pos, limit)
        if hit < 0:
            return
        j = bisect_right(positions, hit) - 1  # the record whose fields span the hit
        if check(first + j):
            found.append(first + j)
        if j + 1 >= len(positions):
            return
        pos = positions[j + 1]


def _find_scanner(needle: bytes) -> Callable[[bytes, int, int], int]:
    def scan(buf: bytes, start: int, stop: int) -> int:
        return buf.find(needle, start, stop)

    return scan


def _regex_scanner(pattern: re.Pattern[bytes]) -> Callable[[bytes, int, int], int]:
    def scan(buf: bytes, start: int, stop: int) -> int:
        m = pattern.search(buf, start, stop)
        return -1 if m is None else m.start()

    return scan


def _matcher(needle: Needle) -> Callable[[bytes], bool]:
    if isinstance(needle, bytes):
        return lambda data: needle in data
    search = needle.search
    return lambda data: search(data) is not None


def _checker(
    view: RecordView, matches: Callable[[bytes], bool], fields: Collection[str]
) -> Callable[[int], bool]:
    want_key = "key" in fields
    want_value = "value" in fields
    want_headers = "headers" in fields

    def check(i: int) -> bool:
        key, value, headers = view.fields(i)
        if want_key and key is not None and matches(key):
            return True
        if want_value and value is not None and matches(value):
            return True
        return want_headers and _headers_match(headers, matches)

    return check


def _headers_match(headers: Headers, matches: Callable[[bytes], bool]) -> bool:
    return any(v is not None and matches(v) for _name, v in headers)
