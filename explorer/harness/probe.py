"""A minimal blocking Kafka probe for readiness checks.

It speaks just enough of the protocol (Metadata v1, non-flexible, understood by every broker
from 0.10 to 4.x) to ask a starting broker whether it serves requests and which brokers it
knows, without depending on the client under test.
"""

from __future__ import annotations

import socket
import struct

_METADATA = 3


def _read_exact(sock: socket.socket, n: int) -> bytes:
    chunks = bytearray()
    while len(chunks) < n:
        chunk = sock.recv(n - len(chunks))
        if not chunk:
            raise ConnectionError("broker closed the connection")
        chunks += chunk
    return bytes(chunks)


def _string(data: bytes, pos: int) -> tuple[str | None, int]:
    (length,) = struct.unpack_from(">h", data, pos)
    pos += 2
    if length < 0:
        return None, pos
    return data[pos:pos + length].decode(), pos + length


def metadata_brokers(port: int, timeout: float = 2.0) -> tuple[list[int], int]:
    """Return (broker ids, controller id) as the broker on ``127.0.0.1:port`` reports them."""
    client = b"harness-probe"
    body = struct.pack(">hhih", _METADATA, 1, 7, len(client)) + client + struct.pack(">i", -1)
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(struct.pack(">i", len(body)) + body)
        (size,) = struct.unpack(">i", _read_exact(sock, 4))
        data = _read_exact(sock, size)
    pos = 4  # correlation id
    (count,) = struct.unpack_from(">i", data, pos)
    pos += 4
    ids = []
    for _ in range(count):
        (node_id,) = struct.unpack_from(">i", data, pos)
        _host, pos = _string(data, pos + 4)
        _rack, pos = _string(data, pos + 4)
        ids.append(node_id)
    (controller,) = struct.unpack_from(">i", data, pos)
    return sorted(ids), controller
