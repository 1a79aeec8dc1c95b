"""Every benchmark in one run on one harness broker: decode, consume, produce, search.

    python bench/run_all.py --small              # 20,000 records, one run: a smoke test (< 1 min)
    python bench/run_all.py --full --json out.json   # 1,000,000 records, median of 3 runs

Prints one markdown table per benchmark, with protocol's speed relative to each peer, and with
``--json FILE`` writes ``{"cases": [{"case", "client", "records_per_s", "runs"}, ...]}``.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import consume, produce, search
from bench.common import Report, bench_main, measure


def decode_section(report: Report, bootstrap: str, records: int, runs: int) -> tuple[str, list[str]]:
    """The same bytes (batches of 200 records, 8 B keys, 100 B values) through every decoder."""
    from bench import decode
    from protocol.records import Codec

    decoders = {
        "protocol": decode.ours_eager,
        "protocol-lazy": decode.ours_lazy,
        "aiokafka": decode.aiokafka_cython,
        "kafka-python": decode.kafka_python,
    }
    cases = []
    for codec in (Codec.NONE, Codec.LZ4, Codec.ZSTD):
        case = f"decode-{codec.name.lower()}"
        blob = decode.make_blob(records, 100, 200, codec)
        print(f"\n{case}: {len(blob) / 1e6:.1f} MB", flush=True)
        for client, fn in decoders.items():
            report.add(case, client, measure(partial(fn, blob), records, max(runs, 3)))
        cases.append(case)
    return (
        "Decode: the same bytes, CRCs checked (records/s; in brackets protocol / peer, protocol-lazy / peer)",
        cases,
    )


if __name__ == "__main__":
    bench_main(__doc__.splitlines()[0], [decode_section, consume.section, produce.section, search.section])
