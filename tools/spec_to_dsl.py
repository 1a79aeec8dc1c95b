"""Print a draft of our compact definition form for one of Kafka's JSON message specs.

Used to start a new definition in ``protocol/codec/defs/``; the draft is then edited by hand
(grouped, commented) and checked by ``tests/codec/test_spec_conformance.py``. It prints field
lines only: no ``about`` prose, and fields absent from every valid version are left out.

    python tools/spec_to_dsl.py MetadataRequest [--specs DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

DEFAULT_SPECS = Path(__file__).resolve().parents[1] / "../shared/reference/kafka-message-specs"
_IMPLICIT_DEFAULTS = {"0", "false", "", "0.0"}


def strip_comments(text: str) -> str:
    """Drop ``//`` comments outside strings (the specs are JSON with comments)."""
    out, in_string, i = [], False, 0
    while i < len(text):
        ch = text[i]
        if in_string:
            out.append(ch)
            if ch == "\\":
                out.append(text[i + 1])
                i += 1
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
            out.append(ch)
        elif text.startswith("//", i):
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def load_spec(path: Path) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(strip_comments(path.read_text()))
    return spec


def snake_case(name: str) -> str:
    """``ThrottleTimeMs`` -> ``throttle_time_ms``; ``timeoutMs`` -> ``timeout_ms``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def _range(text: str) -> tuple[int, float]:
    if text == "none":
        return 1, 0
    if text.endswith("+"):
        return int(text[:-1]), float("inf")
    lo, _, hi = text.partition("-")
    return int(lo), int(hi or lo)


def _overlaps(a: str, lo: int, hi: int) -> bool:
    alo, ahi = _range(a)
    return alo <= hi and lo <= ahi


def field_lines(fields: list[dict[str, Any]], lo: int, hi: int, indent: str) -> list[str]:
    lines = []
    for f in fields:
        if not _overlaps(f["versions"], lo, hi):
            continue
        ftype = f["type"]
        shown = f"[{ftype[2:]}]" if ftype.startswith("[]") else ftype
        parts = [f"{indent}{snake_case(f['name'])}: {shown}"]
        if f["versions"] != "0+":
            parts.append(f"v{f['versions']}")
        if "nullableVersions" in f:
            parts.append(f"nullable={f['nullableVersions']}")
        if "tag" in f:
            parts.append(f"tag={f['tag']}@{f['taggedVersions']}")
        default = f.get("default")
        if default is not None:
            text = str(default).lower() if isinstance(default, bool) else str(default)
            if text not in _IMPLICIT_DEFAULTS:
                parts.append(f"default={text}")
        if "flexibleVersions" in f:
            parts.append(f"flex={f['flexibleVersions']}")
        lines.append(" ".join(parts))
        if "fields" in f:
            lines.extend(field_lines(f["fields"], lo, hi, indent + "  "))
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("message", help="spec file name without .json, e.g. MetadataRequest")
    parser.add_argument(
        "--specs", type=Path, default=Path(os.environ.get("KAFKA_MESSAGE_SPECS", DEFAULT_SPECS))
    )
    args = parser.parse_args(argv)
    spec = load_spec(args.specs / f"{args.message}.json")
    lo, hi = _range(spec["validVersions"])
    if spec.get("latestVersionUnstable"):
        hi -= 1
    print(f"# {args.message}: valid {spec['validVersions']}, flexible {spec['flexibleVersions']}")
    for line in field_lines(spec["fields"], lo, int(hi), ""):
        print(line)
    for common in spec.get("commonStructs", []):
        print(f"struct {common['name']}")
        for line in field_lines(common["fields"], lo, int(hi), "  "):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
