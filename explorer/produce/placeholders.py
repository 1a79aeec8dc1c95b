"""Counter placeholders for sending N copies: ``{{n}}`` (from 1) and ``{{i}}`` (from 0)."""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{\{\s*([ni])\s*\}\}")
HELP = "{{n}} becomes the copy number (1, 2, …), {{i}} the same from 0."


def has_placeholders(text: str) -> bool:
    return PLACEHOLDER.search(text) is not None


def expand(text: str, index: int) -> str:
    """``text`` for copy ``index`` (0-based)."""
    return PLACEHOLDER.sub(lambda m: str(index + 1 if m.group(1) == "n" else index), text)
