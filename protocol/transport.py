"""The socket end of a broker connection: an ``asyncio.BufferedProtocol`` that yields frames.

Small frames are read into one reusable 64 KiB buffer, several per ``recv``. A frame too big for
it gets a buffer of exactly its declared size, and the kernel writes straight into that buffer,
so a 50 MB Fetch response costs one allocation and one final copy, never a re-concatenation.
"""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Callable

from protocol.codec import DEFAULT_MAX_FRAME_SIZE
from protocol.errors import KafkaExplorerError, ProtocolDecodeError, SecurityProtocolMismatchError

_SIZE = struct.Struct(">i")
CHUNK_SIZE = 64 * 1024
_TLS_RECORD_TYPES = (0x15, 0x16)  # alert, handshake: a TLS server answering a plaintext client


class FrameProtocol(asyncio.BufferedProtocol):
    """Splits the byte stream into Kafka frames and hands each payload to ``on_frame``.

    ``on_error`` gets a stream that cannot be read (a bad size, TLS bytes on a plaintext link);
    ``on_lost`` gets the end of the connection, with the OS error if there was one. Flow control
    from the transport is exposed as ``writable``.
    """

    def __init__(
        self,
        peer: str,
        on_frame: Callable[[bytes], None],
        on_error: Callable[[KafkaExplorerError], None],
        on_lost: Callable[[Exception | None], None],
        max_frame_size: int = DEFAULT_MAX_FRAME_SIZE,
    ) -> None:
        self.peer = peer
        self.transport: asyncio.Transport | None = None
        self.writable = asyncio.Event()
        self.writable.set()
        self.lost = asyncio.Event()
        self._on_frame, self._on_error, self._on_lost = on_frame, on_error, on_lost
        self._max = max_frame_size
        self._buf = bytearray(CHUNK_SIZE)
        self._start = self._end = 0
        self._big: bytearray | None = None
        self._big_pos = 0
        self._frames_seen = 0
        self._failed = False

    def stop(self) -> None:
        """Deliver nothing more: the connection is being torn down."""
        self._failed = True

    # -- asyncio callbacks ------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def get_buffer(self, sizehint: int) -> memoryview:
        if self._big is not None:
            return memoryview(self._big)[self._big_pos :]
        if self._start:
            pending = self._end - self._start
            self._buf[:pending] = self._buf[self._start : self._end]
            self._start, self._end = 0, pending
        return memoryview(self._buf)[self._end :]

    def buffer_updated(self, nbytes: int) -> None:
        if self._failed:
            return
        if self._big is not None:
            self._big_pos += nbytes
            if self._big_pos == len(self._big):
                frame, self._big = bytes(self._big), None
                self._deliver(frame)
            return
        self._end += nbytes
        try:
            self._split()
        except KafkaExplorerError as exc:
            self._failed = True
            self._on_error(exc)

    def eof_received(self) -> bool | None:
        return None  # let the transport close; connection_lost reports it

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost.set()
        self.writable.set()
        self._on_lost(exc)

    def pause_writing(self) -> None:
        self.writable.clear()

    def resume_writing(self) -> None:
        self.writable.set()

    # -- framing ----------------------------------------------------------------------------
    def _split(self) -> None:
        buf = self._buf
        while not self._failed:
            available = self._end - self._start
            if available < 4:
                return
            size = _SIZE.unpack_from(buf, self._start)[0]
            self._check_size(size)
            if available - 4 >= size:
                begin = self._start + 4
                self._start = begin + size
                self._deliver(bytes(buf[begin : self._start]))
                continue
            if 4 + size > len(buf):
                self._big = bytearray(size)
                have = available - 4
                self._big[:have] = buf[self._start + 4 : self._end]
                self._big_pos = have
                self._start = self._end = 0
            return

    def _check_size(self, size: int) -> None:
        if self._frames_seen == 0 and (size >> 24) & 0xFF in _TLS_RECORD_TYPES and (size >> 16) & 0xFF == 3:
            raise SecurityProtocolMismatchError(
                f"Broker {self.peer} answered with TLS: the listener expects SSL or SASL_SSL. Check "
                "the security protocol and port."
            )
        if size < 0 or size > self._max:
            raise ProtocolDecodeError(
                f"Broker {self.peer} sent a frame of {size} bytes (limit {self._max}); the stream is "
                "corrupt or not Kafka"
            )

    def _deliver(self, frame: bytes) -> None:
        self._frames_seen += 1
        self._on_frame(frame)
