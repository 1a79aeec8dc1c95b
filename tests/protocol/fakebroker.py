"""A tiny in-process broker on the project's own codec, for faults a real broker never makes.

It answers ApiVersions (with what the codec implements, or a given table) and Metadata (one
broker: itself); everything else comes from handlers the test installs. A handler returns a
response body, or a ``Raw`` frame (garbage, a wrong correlation id, a huge size), or
``SILENCE`` (never answer), or ``CLOSE`` (drop the connection).
"""

from __future__ import annotations

import asyncio
import inspect
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from protocol.codec import API_VERSIONS_SUPPORTED, ApiKey, decode_request, encode_response


@dataclass(frozen=True)
class Raw:
    """Bytes written to the socket as they are (they should include a size prefix)."""

    data: bytes


SILENCE = object()
CLOSE = object()

Reply = dict[str, Any] | Raw | object
Handler = Callable[[dict[str, Any], dict[str, Any]], Reply | Awaitable[Reply]]


def frame(payload: bytes) -> bytes:
    """``payload`` with its int32 size prefix."""
    return struct.pack(">i", len(payload)) + payload


@dataclass
class FakeBroker:
    """Listens on 127.0.0.1, on a free port; ``async with FakeBroker(...) as broker``."""

    handlers: dict[int, Handler] = field(default_factory=dict)
    api_versions: dict[int, tuple[int, int]] = field(default_factory=lambda: dict(API_VERSIONS_SUPPORTED))
    node_id: int = 1
    listen_port: int = 0
    """0: any free port."""
    received: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    _server: asyncio.Server | None = None
    _writers: set[asyncio.StreamWriter] = field(default_factory=set)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    async def __aenter__(self) -> FakeBroker:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.listen_port)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    def requests(self, api_key: int) -> list[dict[str, Any]]:
        """Headers of the requests received for ``api_key``."""
        return [h for h, _ in self.received if h["api_key"] == api_key]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        try:
            while True:
                size = struct.unpack(">i", await reader.readexactly(4))[0]
                header, body = decode_request(await reader.readexactly(size))
                self.received.append((header, body))
                reply = await self._reply(header, body)
                if reply is CLOSE:
                    break
                if reply is SILENCE:
                    continue
                writer.write(reply.data if isinstance(reply, Raw) else self._encode(header, reply))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # the client left, or the broker is stopping: end this connection quietly
        finally:
            self._writers.discard(writer)
            self._tasks.discard(task)
            writer.close()

    async def _reply(self, header: dict[str, Any], body: dict[str, Any]) -> Reply:
        handler = self.handlers.get(header["api_key"]) or self._default_handler(header["api_key"])
        reply = handler(header, body)
        return await reply if inspect.isawaitable(reply) else reply

    def _encode(self, header: dict[str, Any], body: Any) -> bytes:
        return encode_response(header["api_key"], header["api_version"], header["correlation_id"], body)

    def _default_handler(self, api_key: int) -> Handler:
        if api_key == ApiKey.API_VERSIONS:
            return self.answer_api_versions
        if api_key == ApiKey.METADATA:
            return self.answer_metadata
        raise AssertionError(f"the fake broker has no handler for API key {api_key}")

    def answer_api_versions(self, header: dict[str, Any], body: dict[str, Any]) -> Reply:
        keys = [{"api_key": k, "min_version": lo, "max_version": hi}
                for k, (lo, hi) in sorted(self.api_versions.items())]  # fmt: skip
        return {"error_code": 0, "api_keys": keys}

    def answer_metadata(self, header: dict[str, Any], body: dict[str, Any]) -> Reply:
        broker = {"node_id": self.node_id, "host": "127.0.0.1", "port": self.port}
        return {"brokers": [broker], "cluster_id": "fake-cluster", "controller_id": self.node_id,
                "topics": []}  # fmt: skip
