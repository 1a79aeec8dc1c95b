"""A plain summary of a cluster for the overview page: no Qt, easy to test."""

from __future__ import annotations

import html
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ClusterOverview:
    name: str
    state: str
    bootstrap: str
    details: list[tuple[str, str]] = field(default_factory=list)
    brokers: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.name} — {self.state}"

    def to_html(self) -> str:
        rows = [("Bootstrap servers", self.bootstrap), *self.details,
                ("Brokers", ", ".join(self.brokers) or "none"),
                ("Topics", ", ".join(self.topics) or "none")]
        cells = "".join(
            f"<tr><td style='padding-right:16px'><b>{html.escape(k)}</b></td>"
            f"<td>{html.escape(v)}</td></tr>" for k, v in rows)
        return f"<table>{cells}</table>"
