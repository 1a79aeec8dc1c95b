"""Topic names as Kafka checks them (``org.apache.kafka.common.internals.Topic``), without I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_NAME_LENGTH = 249
_LEGAL = re.compile(r"[a-zA-Z0-9._-]+")


def name_problem(name: str) -> str | None:
    """Why Kafka would refuse ``name`` as a topic name, as a sentence; ``None`` when it is legal."""
    if not name:
        return "A topic needs a name."
    if name in (".", ".."):
        return "A topic cannot be called “.” or “..”."
    if len(name) > MAX_NAME_LENGTH:
        return f"A topic name can have at most {MAX_NAME_LENGTH} characters; this one has {len(name)}."
    if not _LEGAL.fullmatch(name):
        bad = "".join(sorted({c for c in name if not _LEGAL.fullmatch(c)}))
        return (
            f"A topic name may only contain letters (a to z, A to Z), digits, “.”, “_” and “-”; "
            f"not {' '.join(repr(c) for c in bad)}."
        )
    return None


def metric_name(name: str) -> str:
    """The name Kafka uses in metrics, where “.” becomes “_”: two such names collide."""
    return name.replace(".", "_")


def colliding_names(name: str, existing: Iterable[str]) -> list[str]:
    """Existing topics whose metric name equals ``name``'s (but which are not ``name`` itself)."""
    wanted = metric_name(name)
    return sorted(other for other in existing if other != name and metric_name(other) == wanted)


def collision_warning(name: str, existing: Iterable[str]) -> str | None:
    """A warning when ``name`` collides with an existing topic over “.” and “_”."""
    clashes = colliding_names(name, existing)
    if not clashes:
        return None
    return (
        f"“{name}” collides with {', '.join(f'“{c}”' for c in clashes)}: Kafka treats “.” and “_” "
        "as the same character in metric names. Kafka refuses to create it."
    )
