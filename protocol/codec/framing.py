"""Sans-IO framing: split a byte stream into Kafka frames (int32 size, then payload).

The transport feeds whatever it received; complete payloads come back. Bytes are appended to
one ``bytearray`` and trimmed once per feed, so a large frame arriving in many small reads costs
linear, not quadratic, time.
"""

from __future__ import annotations

import struct

from protocol.codec.primitives import Buffer
from protocol.errors import ProtocolDecodeError

DEFAULT_MAX_FRAME_SIZE = 100 * 1024 * 1024
"""100 MiB, the broker's default ``socket.request.max.bytes`` and franz-go's read cap."""

_SIZE = struct.Struct(">i")


class FrameDecoder:
    """Reassembles size-prefixed frames from arbitrary chunks of a stream.

    A declared size above ``max_frame_size`` (or below zero) raises ``ProtocolDecodeError``:
    the stream cannot be resynchronised after that, so the connection must be closed. The
    decoder stays failed and raises again on every later ``feed``.
    """

    def __init__(self, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE) -> None:
        self.max_frame_size = max_frame_size
        self._buffer = bytearray()
        self._error: ProtocolDecodeError | None = None

    @property
    def pending(self) -> int:
        """Bytes received that do not yet form a complete frame."""
        return len(self._buffer)

    def feed(self, data: Buffer) -> list[bytes]:
        """Add received bytes; return every payload completed by them, in order."""
        if self._error is not None:
            raise self._error
        buf = self._buffer
        buf += data
        frames: list[bytes] = []
        pos, end = 0, len(buf)
        while end - pos >= 4:
            size = _SIZE.unpack_from(buf, pos)[0]
            if size < 0 or size > self.max_frame_size:
                self._error = ProtocolDecodeError(
                    f"frame size {size} is outside 0..{self.max_frame_size}; "
                    "the stream is corrupt or not Kafka (TLS to a plaintext port?)"
                )
                raise self._error
            if end - pos - 4 < size:
                break
            frames.append(bytes(buf[pos + 4 : pos + 4 + size]))
            pos += 4 + size
        if pos:
            del buf[:pos]
        return frames
