"""What the producer form holds, as one immutable value: to send, to save as a template, to
remember in the history, and to load back into the form."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, cast

from explorer.produce.payload import HEADER_FORMATS, KEY_FORMATS, VALUE_FORMATS, Format, Payload

PARTITIONERS = ("murmur2", "fnv1a", "round_robin")
PARTITIONER_LABELS = {"murmur2": "murmur2 (Java client default)", "fnv1a": "FNV-1a (kafka-go Hash)",
                      "round_robin": "Round robin"}
COMPRESSIONS = ("none", "gzip", "snappy", "lz4", "zstd")
ACKS = {-1: "all (every in-sync replica)", 1: "leader only", 0: "none (no response)"}
MAX_COPIES = 100_000


@dataclass(frozen=True, slots=True)
class HeaderField:
    """One header as typed; ``format`` is text, hex, base64 or null."""

    name: str
    value: str = ""
    format: Format = "text"


@dataclass(frozen=True, slots=True)
class ProduceForm:
    """Everything the form says. ``partition`` None: chosen by the partitioner.

    ``timestamp`` is text (empty: the time of sending), read in the app's time zone.
    """

    topic: str = ""
    partition: int | None = None
    partitioner: str = "murmur2"
    key: Payload = field(default_factory=Payload)
    value: Payload = field(default_factory=Payload)
    headers: tuple[HeaderField, ...] = ()
    compression: str = "none"
    acks: int = -1
    copies: int = 1
    timestamp: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> ProduceForm:
        """A form from saved JSON; anything missing or unknown falls back to the default."""
        if not isinstance(data, dict):
            return cls()
        default = cls()
        partition = data.get("partition")
        return cls(
            topic=_text(data.get("topic")),
            partition=partition if isinstance(partition, int) and partition >= 0 else None,
            partitioner=_choice(data.get("partitioner"), PARTITIONERS, default.partitioner),
            key=_payload(data.get("key"), KEY_FORMATS),
            value=_payload(data.get("value"), VALUE_FORMATS),
            headers=tuple(_header(h) for h in data.get("headers") or () if isinstance(h, dict)),
            compression=_choice(data.get("compression"), COMPRESSIONS, default.compression),
            acks=_choice(data.get("acks"), tuple(ACKS), default.acks),
            copies=min(max(_int(data.get("copies"), 1), 1), MAX_COPIES),
            timestamp=_text(data.get("timestamp")),
        )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _choice(value: Any, allowed: tuple[Any, ...], default: Any) -> Any:
    return value if value in allowed and not isinstance(value, bool) else default


def _payload(data: Any, formats: tuple[Format, ...]) -> Payload:
    if not isinstance(data, dict):
        return Payload()
    return Payload(_text(data.get("text")), cast(Format, _choice(data.get("format"), formats, "text")))


def _header(data: dict[str, Any]) -> HeaderField:
    fmt = cast(Format, _choice(data.get("format"), HEADER_FORMATS, "text"))
    return HeaderField(_text(data.get("name")), _text(data.get("value")), fmt)
