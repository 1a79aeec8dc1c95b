"""FrameProtocol splits any chunking of a stream into the same frames, big ones included."""

from __future__ import annotations

import random
import struct

import pytest

from protocol.errors import KafkaExplorerError, ProtocolDecodeError, SecurityProtocolMismatchError
from protocol.transport import CHUNK_SIZE, FrameProtocol


def frame(payload: bytes) -> bytes:
    return struct.pack(">i", len(payload)) + payload


def feed(protocol: FrameProtocol, data: bytes, rng: random.Random) -> None:
    """Pretend the kernel delivers ``data`` in random-sized reads."""
    pos = 0
    while pos < len(data):
        buf = protocol.get_buffer(-1)
        n = min(len(buf), rng.randint(1, 200_000), len(data) - pos)
        buf[:n] = data[pos : pos + n]
        protocol.buffer_updated(n)
        pos += n


class Sink:
    def __init__(self) -> None:
        self.frames: list[bytes] = []
        self.errors: list[KafkaExplorerError] = []

    def protocol(self, max_frame_size: int = 100 * 1024 * 1024) -> FrameProtocol:
        return FrameProtocol(
            "peer:1", self.frames.append, self.errors.append, lambda exc: None, max_frame_size
        )


@pytest.mark.parametrize("seed", range(5))
async def test_random_chunking_yields_the_same_frames(seed: int) -> None:
    rng = random.Random(seed)
    sizes = [0, 1, 3, 100, CHUNK_SIZE - 4, CHUNK_SIZE, CHUNK_SIZE * 3 + 7, 5_000_000, 10, 2]
    payloads = [rng.randbytes(n) for n in sizes]
    sink = Sink()
    feed(sink.protocol(), b"".join(frame(p) for p in payloads), rng)
    assert sink.frames == payloads and not sink.errors


async def test_a_huge_declared_size_is_an_error() -> None:
    sink = Sink()
    feed(sink.protocol(max_frame_size=1000), frame(b"x" * 10) + struct.pack(">i", 1001), random.Random(0))
    assert len(sink.frames) == 1
    assert isinstance(sink.errors[0], ProtocolDecodeError) and "1001" in str(sink.errors[0])
    negative = Sink()
    feed(negative.protocol(), struct.pack(">i", -5), random.Random(0))
    assert isinstance(negative.errors[0], ProtocolDecodeError)


async def test_tls_bytes_on_a_plaintext_link_are_recognised() -> None:
    sink = Sink()
    feed(sink.protocol(), b"\x15\x03\x03\x00\x02\x02\x50", random.Random(0))  # a TLS alert record
    assert isinstance(sink.errors[0], SecurityProtocolMismatchError)
    assert "SSL" in str(sink.errors[0])
