"""Benchmark of `POST /api/v1/match` through HTTP: 10,000 activities, gunicorn with 2 workers,
16 clients that each send the next profile as soon as the answer is in (rate limit off).

The catalogue is benchmarks/ranking.py's synthetic one, imported into a fresh SQLite file; the
profiles are its random profiles. Each worker builds its index on its first request, before the
clock starts. Reported: requests per second, p50/p95/p99 of the response time seen by the
clients, and the CPU time the workers spent per request (from /proc: what other work on the
machine cannot stretch). Target (issue 16): p95 <= 25 ms.

The clients are wrk's (Debian's package, `make http-benchmark` installs it; match_http.lua):
16 connections on 2 threads of C that cost the two cores little. `--client python` runs 16
Python threads instead, as before; they took about 0.6 ms of CPU per request, a sixth of the
cores, from the server they measure.

    python benchmarks/match_http.py [--activities 10000] [--clients 16] [--seconds 30]
        [--client wrk|python] [--server plain|production]

`--server production` starts `matcher serve` (matcher's gunicorn_conf: threads in each worker,
the access log) instead of gunicorn's plain sync workers.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import gunicorn, wait_for  # noqa: E402
from matcher.catalogue.formats import write_csv  # noqa: E402
from ranking import profile_documents, synthetic_catalogue  # noqa: E402
from soak import workers_of  # noqa: E402

TARGET_P95_MS = 25.0
TICKS = os.sysconf("SC_CLK_TCK")


def catalogue_database(activities: int, folder: Path) -> str:
    """A SQLite file holding the synthetic catalogue; its URL."""
    from matcher import create_app, db
    from matcher.services import catalogue

    url = f"sqlite:///{folder / 'match.sqlite'}"
    app = create_app({"DATABASE_URL": url})
    data = write_csv(synthetic_catalogue(activities)).encode()
    with app.app_context():
        summary = catalogue.import_file(db.session(), data, "catalogue.csv")
    assert summary.written and not summary.errors, summary.errors[:3]
    app.extensions["matcher.engine"].dispose()
    return url


def production_server(env: dict[str, str], workers: int, port: int) -> subprocess.Popen[bytes]:
    """gunicorn with matcher's own configuration, as `matcher serve` starts it in production:
    threads in each worker, the access log written (here to nowhere)."""
    settings = {"MATCHER_WORKERS": str(workers), "MATCHER_BIND": f"127.0.0.1:{port}"}
    return subprocess.Popen(
        [Path(sys.executable).parent / "matcher", "serve"],
        env={**env, **settings},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def post(port: int, body: bytes) -> float:
    """One request; its response time in seconds."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("POST", "/api/v1/match", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"status {response.status}")
    return time.perf_counter() - started


def client(port: int, bodies: list[bytes], until: float, times: list[float]) -> None:
    number = 0
    while number == 0 or time.perf_counter() < until:
        times.append(post(port, bodies[number % len(bodies)]))
        number += 1


def _run(port: int, bodies: list[bytes], clients: int, seconds: float) -> list[list[float]]:
    """Each client's response times, sending for `seconds` (0: one request each)."""
    lists: list[list[float]] = [[] for _ in range(clients)]
    until = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=client, args=(port, bodies[n::clients], until, lists[n]))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return lists


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def measure(
    port: int, pids: list[int], clients: int, seconds: float, wrk: str | None
) -> dict[str, float]:
    bodies = [json.dumps({**p, "top": 10}).encode() for p in profile_documents(300)]
    # Every worker builds its index on its first request, for seconds: while one builds, the
    # others take the next requests, so two rounds of all clients at once reach every worker.
    for _round in range(2):
        _run(port, bodies, clients, 0)
    cpu, started = cpu_seconds(pids), time.perf_counter()
    if wrk is None:
        figures = _python_clients(port, bodies, clients, seconds)
    else:
        figures = _wrk_clients(wrk, port, bodies, clients, seconds)
    elapsed, cpu = time.perf_counter() - started, cpu_seconds(pids) - cpu
    figures["per_second"] = figures["requests"] / figures.get("seconds", elapsed)
    figures["cpu_ms"] = cpu * 1000 / figures["requests"]
    return figures


def _python_clients(
    port: int, bodies: list[bytes], clients: int, seconds: float
) -> dict[str, float]:
    lists = _run(port, bodies, clients, seconds)
    times = sorted(t * 1000 for times in lists for t in times)
    cuts = statistics.quantiles(times, n=100)
    return {"requests": len(times), "p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


_WRK_RESULT = re.compile(r"^RESULT (.*)$", re.MULTILINE)


def _wrk_clients(
    wrk: str, port: int, bodies: list[bytes], clients: int, seconds: float
) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("wb", suffix=".jsonl") as file:
        file.write(b"\n".join(bodies) + b"\n")
        file.flush()
        command = [wrk, "-t2", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "30s"]
        command += ["-s", str(Path(__file__).with_name("match_http.lua"))]
        command.append(f"http://127.0.0.1:{port}/api/v1/match")
        output = subprocess.run(
            command, env={**os.environ, "BODIES": file.name}, capture_output=True, text=True
        ).stdout
    found = _WRK_RESULT.search(output)
    if found is None:
        raise RuntimeError(f"wrk gave no result:\n{output}")
    figures = {k: float(v) for k, v in (pair.split("=") for pair in found.group(1).split())}
    if figures["failed"] or figures["status"]:
        raise RuntimeError(f"{figures['failed']:.0f} failed, {figures['status']:.0f} not 200")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=5058)
    parser.add_argument("--client", choices=["wrk", "python"], default="wrk")
    parser.add_argument(
        "--server",
        choices=["plain", "production"],
        default="plain",
        help="plain: gunicorn's sync workers; production: matcher's gunicorn_conf (matcher serve)",
    )
    args = parser.parse_args()
    wrk = shutil.which("wrk") if args.client == "wrk" else None
    if args.client == "wrk" and wrk is None:
        parser.error(
            "wrk is not installed (make http-benchmark installs it), or use --client python"
        )
    with tempfile.TemporaryDirectory() as name:
        url = catalogue_database(args.activities, Path(name))
        env = {**os.environ, "DATABASE_URL": url, "MATCHER_RATELIMIT_ENABLED": "false"}
        if args.server == "production":
            server = production_server(env, args.workers, args.port)
        else:
            server = gunicorn(env, args.workers, 1, args.port)
        try:
            wait_for(f"http://127.0.0.1:{args.port}/healthz")
            figures = measure(args.port, workers_of(server.pid), args.clients, args.seconds, wrk)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        f"{args.activities} activities, {args.clients} {args.client} clients, "
        f"{args.workers} workers ({args.server}), "
        f"load {os.getloadavg()[0]:.1f}: {figures['requests']:.0f} requests, "
        f"{figures['per_second']:.0f}/s, p50 {figures['p50']:.1f} ms, "
        f"p95 {figures['p95']:.1f} ms, p99 {figures['p99']:.1f} ms, "
        f"worker CPU {figures['cpu_ms']:.2f} ms per request"
    )
    return 0 if figures["p95"] <= TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
