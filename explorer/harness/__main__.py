"""Command line for the harness.

    python -m explorer.harness fetch [VERSION ...]   fetch jars into the cache (all known versions)
    python -m explorer.harness run [--version V] [--nodes N]   run a cluster until Ctrl-C
"""

from __future__ import annotations

import argparse
import signal
import sys
import time

from explorer.harness import DEFAULT_VERSION, KNOWN_VERSIONS, KafkaCluster, resolve


def _fetch(versions: list[str]) -> int:
    for version in versions or list(KNOWN_VERSIONS):
        began = time.monotonic()
        dist = resolve(version)
        print(f"Kafka {version}: {dist.lib_dir} ({time.monotonic() - began:.1f} s)")
    return 0


def _run(version: str, nodes: int) -> int:
    cluster = KafkaCluster(version=version, nodes=nodes, fast_start=False)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with cluster:
        print(f"Kafka {version}, {nodes} node(s), up in {cluster.started_in:.1f} s")
        for listener in ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"):
            print(f"  {listener:15} {cluster.bootstrap(listener)}")
        print(f"  CA {cluster.tls.ca_pem}; users {cluster.users}")
        print("Ctrl-C stops it.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explorer.harness")
    sub = parser.add_subparsers(dest="command", required=True)
    fetch = sub.add_parser("fetch", help="fetch Kafka jars from Maven Central into the cache")
    fetch.add_argument("versions", nargs="*")
    run = sub.add_parser("run", help="run a local cluster until Ctrl-C")
    run.add_argument("--version", default=DEFAULT_VERSION)
    run.add_argument("--nodes", type=int, default=1)
    args = parser.parse_args(argv)
    if args.command == "fetch":
        return _fetch(args.versions)
    return _run(args.version, args.nodes)


if __name__ == "__main__":
    sys.exit(main())
