"""Matching for the quick-open palette: rank names against what the user typed (Qt-free)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

MAX_RESULTS = 200


@dataclass(frozen=True, slots=True)
class Target:
    """Something the palette can open: a topic of a cluster, or a cluster itself."""

    kind: str
    name: str
    cluster: str
    session: Any = None


def score(query: str, name: str) -> int | None:
    """Higher is better; ``None`` when ``name`` does not match ``query`` at all.

    Exact match > prefix > start of a word (after . _ -) > substring > letters in order.
    """
    q, n = query.casefold(), name.casefold()
    if not q:
        return 0
    if q == n:
        return 1000
    if n.startswith(q):
        return 900 - len(n)
    at = n.find(q)
    if at > 0:
        boundary = n[at - 1] in "._-"
        return (700 if boundary else 500) - at
    return _subsequence_score(q, n)


def _subsequence_score(q: str, n: str) -> int | None:
    pos, gaps = 0, 0
    for char in q:
        found = n.find(char, pos)
        if found < 0:
            return None
        gaps += found - pos
        pos = found + 1
    return max(1, 300 - gaps)


def rank(query: str, targets: Iterable[Target], limit: int = MAX_RESULTS) -> list[Target]:
    """The best ``limit`` targets for ``query``, best first (ties by name)."""
    scored = []
    for target in targets:
        value = score(query, target.name)
        if value is not None:
            scored.append((-value, target.name.casefold(), target.cluster, target))
    scored.sort(key=lambda item: item[:3])
    return [item[3] for item in scored[:limit]]
