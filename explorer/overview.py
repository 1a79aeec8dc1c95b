"""A plain summary of a cluster for its overview page: no Qt, easy to test."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from explorer.timefmt import TimeZoneMode, format_bytes, format_count, format_duration, format_time


@dataclass(frozen=True, slots=True)
class ClusterOverview:
    name: str
    state: str
    bootstrap: str
    details: list[tuple[str, str]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.name if self.state == "connected" else f"{self.name} — {self.state}"

    def to_html(self) -> str:
        rows = [("Bootstrap servers", self.bootstrap), *self.details]
        cells = "".join(
            f"<tr><td style='padding-right:16px'><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        return f"<table>{cells}</table>"


@dataclass(frozen=True, slots=True)
class ClusterFacts:
    """What a session knows, in plain values (see :meth:`ClusterSession.facts`)."""

    name: str
    state: str
    bootstrap: str
    error: str | None
    cluster_id: str | None
    controller_id: int | None
    brokers: int
    topics: int
    internal_topics: int
    partitions: int
    messages: int | None
    size: int | None
    loaded_at: float | None
    load_seconds: float | None


def overview_of(
    facts: ClusterFacts, tz: TimeZoneMode, extra: list[tuple[str, str]] | None = None
) -> ClusterOverview:
    """The overview page's lines for ``facts``, times in ``tz``."""
    details: list[tuple[str, str]] = []
    if facts.error:
        details.append(("Problem", facts.error))
    if facts.cluster_id is not None:
        details.append(("Cluster id", facts.cluster_id))
        controller = "unknown" if facts.controller_id in (None, -1) else f"broker {facts.controller_id}"
        details += [
            ("Controller", controller),
            ("Brokers", format_count(facts.brokers)),
            ("Topics", f"{facts.topics:,} ({facts.internal_topics} internal)"),
            ("Partitions", format_count(facts.partitions)),
            ("Messages", format_count(facts.messages) or "counting…"),
            ("Size on disk", format_bytes(facts.size) or "unknown"),
        ]
    if facts.loaded_at is not None:
        took = f" in {format_duration(facts.load_seconds)}" if facts.load_seconds is not None else ""
        details.append(("Loaded", f"{format_time(facts.loaded_at, tz)}{took}"))
    return ClusterOverview(facts.name, facts.state, facts.bootstrap, details + list(extra or []))
