"""The benchmark's small mode runs to the end and prints its tables (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.harness import KafkaCluster

pytestmark = pytest.mark.broker
ROOT = Path(__file__).resolve().parents[2]


def test_run_all_small(kafka: KafkaCluster, tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run_all.py"), "--small", "--bootstrap", kafka.bootstrap(),
         "--json", str(out)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    for title in ("### Decode", "### Consume", "### Produce", "### Search"):
        assert title in done.stdout
    assert "| protocol |" in done.stdout and "| confluent-kafka |" in done.stdout
    cases = json.loads(out.read_text())["cases"]
    seen = {(c["case"], c["client"]) for c in cases}
    for case in ("decode-lz4", "consume-none", "consume-lz4", "consume-zstd", "produce-none", "search-none"):
        assert (case, "protocol") in seen
    for client in ("protocol-lazy", "aiokafka", "kafka-python", "confluent-kafka", "kcat"):
        assert ("consume-zstd", client) in seen
    assert all(c["records_per_s"] > 0 and c["runs"] >= 1 for c in cases)
