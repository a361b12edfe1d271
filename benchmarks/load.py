"""Load benchmark: gunicorn on loopback with the sample catalogue, headless locust against it.

Exits non-zero when the p95 response time is above 500 ms or more than 1 % of requests fail
(the SLO in docs/performance.md). Run with `make load-benchmark`.

    python benchmarks/load.py [--users 50] [--seconds 60] [--workers 2]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
P95_LIMIT_MS = 500
ERROR_LIMIT = 0.01


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback)
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server at {url} did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=5057)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="matcher-load-"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'load.sqlite'}",
           "MATCHER_RATELIMIT_ENABLED": "false"}  # fmt: skip
    subprocess.run([BIN / "matcher", "load-sample"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [BIN / "gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{args.port}",
         "matcher:create_app()"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        host = f"http://127.0.0.1:{args.port}"
        wait_for(host + "/")
        subprocess.run(
            [BIN / "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless",
             "-u", str(args.users), "-r", str(max(1, args.users // 5)), "-t", f"{args.seconds}s",
             "--host", host, "--csv", str(work / "load"), "--only-summary"],
            check=False,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    with (work / "load_stats.csv").open() as fh:
        total = next(row for row in csv.DictReader(fh) if row["Name"] == "Aggregated")
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    p95 = float(total["95%"])
    print(f"requests {requests}, failures {failures} ({failures / max(requests, 1):.2%}), "
          f"p50 {total['50%']} ms, p95 {p95:.0f} ms, {float(total['Requests/s']):.1f} req/s")  # fmt: skip
    return 0 if p95 <= P95_LIMIT_MS and failures <= ERROR_LIMIT * requests else 1


if __name__ == "__main__":
    sys.exit(main())
