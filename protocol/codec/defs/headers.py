"""Request and response headers, which frame every message body.

Request header v1 is used for non-flexible API versions, v2 for flexible ones; ``client_id``
keeps its int16-length encoding even in v2, so any broker can read any ApiVersions header.
Response header v0 is a bare correlation id, v1 adds a tagged-field section.
"""

from __future__ import annotations

from protocol.codec.dsl import define_message

REQUEST_HEADER = define_message(
    "RequestHeader",
    "header",
    valid="1-2",
    flexible="2+",
    fields="""
        request_api_key: int16
        request_api_version: int16
        correlation_id: int32
        client_id: string v1+ nullable=1+ flex=none
    """,
)

RESPONSE_HEADER = define_message(
    "ResponseHeader",
    "header",
    valid="0-1",
    flexible="1+",
    fields="""
        correlation_id: int32
    """,
)

HEADERS = (REQUEST_HEADER, RESPONSE_HEADER)
