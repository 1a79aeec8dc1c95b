"""Demo content for the sandbox: topics that show what the explorer can do, and their traffic.

Plain data and generators, no Qt and no I/O: the sandbox sends what these produce.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from protocol.records import Codec

Message = tuple[bytes | None, bytes | None, list[tuple[str, bytes | None]]]
"""(key, value, headers), as the producer takes them."""


@dataclass(frozen=True, slots=True)
class DemoTopic:
    name: str
    partitions: int
    codec: Codec
    seed_count: int
    """How many messages the sandbox writes at start."""
    trickle_per_second: float
    """New messages per second once the sandbox runs (0 for none)."""
    configs: dict[str, str] = field(default_factory=dict)
    kind: str = ""
    """Which generator makes its messages (default: the one named like the topic)."""


DEMO_TOPICS = (
    DemoTopic("orders", 6, Codec.NONE, 3000, 4.0),
    DemoTopic("payments.zstd", 3, Codec.ZSTD, 1500, 2.0),
    DemoTopic("clickstream.lz4", 12, Codec.LZ4, 20000, 10.0),
    DemoTopic("customers.compacted", 3, Codec.GZIP, 500, 0.5, {"cleanup.policy": "compact"}),
    DemoTopic("app-logs", 1, Codec.SNAPPY, 2000, 1.0),
    DemoTopic("sensor.binary", 2, Codec.NONE, 400, 0.5),
)

_PRODUCTS = ("keyboard", "monitor", "laptop", "headset", "mouse", "dock", "webcam", "chair")
_CITIES = ("Lisbon", "Oslo", "Nairobi", "Lima", "Osaka", "Toronto", "Berlin", "Auckland")
_LEVELS = ("INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG")


def _json(value: Mapping[str, object]) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _headers(rng: random.Random, kind: str) -> list[tuple[str, bytes | None]]:
    return [("content-type", b"application/json"), ("source", f"sandbox-{kind}".encode()),
            ("trace-id", f"{rng.getrandbits(64):016x}".encode())]


def _order(rng: random.Random, n: int) -> Message:
    customer = f"customer-{rng.randrange(500):03d}"
    value = {"order_id": n, "customer": customer, "product": rng.choice(_PRODUCTS),
             "quantity": rng.randint(1, 5), "price": round(rng.uniform(5, 900), 2),
             "city": rng.choice(_CITIES), "ts": int(time.time() * 1000)}
    return customer.encode(), _json(value), _headers(rng, "orders")


def _payment(rng: random.Random, n: int) -> Message:
    value = {"payment_id": f"pay-{n:07d}", "order_id": rng.randrange(1, 3000),
             "amount": round(rng.uniform(1, 2000), 2), "currency": rng.choice(("EUR", "USD", "JPY")),
             "status": rng.choice(("authorised", "captured", "refunded", "declined"))}
    return f"pay-{n:07d}".encode(), _json(value), _headers(rng, "payments")


def _click(rng: random.Random, n: int) -> Message:
    session = f"session-{rng.randrange(2000):04d}"
    value = {"session": session, "page": f"/p/{rng.choice(_PRODUCTS)}", "seq": n,
             "referrer": rng.choice((None, "search", "ad", "mail"))}
    return session.encode(), _json(value), []


def _customer(rng: random.Random, n: int) -> Message:
    key = f"customer-{n % 500:03d}"
    value = {"id": key, "name": f"Customer {n % 500}", "city": rng.choice(_CITIES),
             "tier": rng.choice(("bronze", "silver", "gold")), "version": n // 500}
    return key.encode(), _json(value), _headers(rng, "customers")


def _log(rng: random.Random, n: int) -> Message:
    level = rng.choice(_LEVELS)
    line = f"{level:5} [worker-{rng.randrange(8)}] request {n} took {rng.randrange(1, 900)} ms"
    return None, line.encode(), [("level", level.encode())]


def _sensor(rng: random.Random, n: int) -> Message:
    reading = bytes([0xCA, 0xFE]) + n.to_bytes(4, "big") + rng.randbytes(10)
    return f"sensor-{n % 8}".encode(), reading, [("unit", b"celsius"), ("calibrated", None)]


_GENERATORS = {"orders": _order, "payments.zstd": _payment, "clickstream.lz4": _click,
               "customers.compacted": _customer, "app-logs": _log, "sensor.binary": _sensor}


def messages(topic: DemoTopic, start: int = 0, seed: int = 42) -> Iterator[Message]:
    """An endless, reproducible stream of demo messages for ``topic``."""
    rng = random.Random(f"{seed}:{topic.name}:{start}")
    make = _GENERATORS[topic.kind or topic.name]
    n = start
    while True:
        yield make(rng, n)
        n += 1
