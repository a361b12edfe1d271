"""Soak: mixed traffic for 10 minutes against `matcher serve` on loopback, watching every worker's memory.

Residents search, browse and open entries; consultants (logged in with both factors) open their
team's cases and write notes; scripts use the JSON API (benchmarks/locustfile.py: Resident,
Consultant, ApiClient). Every 10 s it reads the resident memory (RSS) of each gunicorn worker.
It reports p50/p95/p99 and the error rate, and per worker its memory after the warm-up, at the
end, and the growth per 10 minutes fitted over the run after the warm-up.

Exits non-zero when p95 is above 500 ms, more than 1 % of requests fail, a worker was replaced
(killed on a timeout or crashed), or a worker's memory grew more than 5 % (at least 10 MB) after
the warm-up: memory must stay flat.

    python benchmarks/soak.py [--seconds 600] [--workers 2] [--residents 24] [--staff 6]
                              [--postgresql]

On SQLite by default (a temporary file); --postgresql uses DATABASE_URL (default
postgresql://postgres@127.0.0.1:5432/test) in a schema of its own, dropped at the end.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from databases import postgresql_schema  # noqa: E402
from load import make_staff, wait_for  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
P95_LIMIT_MS, ERROR_LIMIT = 500, 0.01
WARM_UP_SECONDS = 90
SAMPLE_SECONDS = 10


def workers_of(master: int) -> list[int]:
    """The pids of a gunicorn master's workers."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


class MemoryWatch(threading.Thread):
    """Samples every worker's RSS until stopped: {pid: [(seconds since start, MB), ...]}."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master, self.samples, self.started = (
            master,
            dict[int, list[tuple[float, float]]](),
            0.0,
        )
        self.done = threading.Event()

    def run(self) -> None:
        self.started = time.monotonic()
        while not self.done.wait(SAMPLE_SECONDS):
            moment = time.monotonic() - self.started
            for pid in workers_of(self.master):
                found = rss_mb(pid)
                if found is not None:
                    self.samples.setdefault(pid, []).append((moment, found))


def slope_per_10_minutes(points: list[tuple[float, float]]) -> float:
    """Least-squares growth of memory, in MB per 10 minutes."""
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_m = sum(m for _, m in points) / n
    spread = sum((t - mean_t) ** 2 for t, _ in points) or 1.0
    return sum((t - mean_t) * (m - mean_m) for t, m in points) / spread * 600


def memory_report(watch: MemoryWatch, workers: int) -> bool:
    """Print each worker's memory; True when every worker stayed flat and none was replaced."""
    flat = len(watch.samples) == workers
    if not flat:
        print(f"workers seen: {len(watch.samples)} (expected {workers}): one was replaced")
    for pid, points in sorted(watch.samples.items()):
        settled = [p for p in points if p[0] >= WARM_UP_SECONDS] or points
        first, last = settled[0][1], settled[-1][1]
        peak = max(m for _, m in settled)
        grew = last - first
        allowed = max(10.0, 0.05 * first)
        flat &= grew <= allowed and peak - first <= allowed
        print(
            f"worker {pid}: {first:.0f} MB after warm-up, {last:.0f} MB at the end, "
            f"peak {peak:.0f} MB, growth {grew:+.1f} MB "
            f"(fit {slope_per_10_minutes(settled):+.1f} MB/10 min, allowed {allowed:.0f} MB)"
        )
    return flat


def traffic_report(stats: Path) -> bool:
    """Print the totals and each request type; True when p95 and the error rate are within limits."""
    with stats.open() as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        print(
            f"{row['Type']:5} {row['Name']:28} {int(row['Request Count']):7} req "
            f"{int(row['Failure Count']):4} fail  p50 {row['50%']:>5} ms  p95 {row['95%']:>5} ms"
            f"  p99 {row['99%']:>5} ms"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    print(
        f"total: {requests} requests, {failures} failed ({failures / max(requests, 1):.2%}), "
        f"p95 {total['95%']} ms, {float(total['Requests/s']):.1f} req/s"
    )
    return (
        bool(requests)
        and float(total["95%"]) <= P95_LIMIT_MS
        and failures <= ERROR_LIMIT * requests
    )


@contextmanager
def database(postgresql: bool, folder: Path) -> Iterator[str]:
    if not postgresql:
        yield f"sqlite:///{folder / 'soak.sqlite'}"
        return
    with postgresql_schema("soak") as url:
        yield url


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--residents", type=int, default=24, help="residents and API scripts")
    parser.add_argument("--staff", type=int, default=6, help="consultants")
    parser.add_argument("--port", type=int, default=5058)
    parser.add_argument("--postgresql", action="store_true")
    return parser.parse_args()


def main() -> int:
    args = arguments()
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at the "
        f"start, {args.workers} workers, {args.residents} residents and scripts, "
        f"{args.staff} consultants, {args.seconds} s"
    )
    with tempfile.TemporaryDirectory(prefix="matcher-soak-") as name:
        folder = Path(name)
        with database(args.postgresql, folder) as url:
            return soak(args, url, folder)


def soak(args: argparse.Namespace, url: str, folder: Path) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MATCHER_RATELIMIT_ENABLED": "false",
        "MATCHER_WORKERS": str(args.workers),
        "MATCHER_ACCESS_LOG": str(folder / "access.log"),
    }
    subprocess.run([BIN / "matcher", "load-sample"], env=env, check=True, capture_output=True)
    env["MATCHER_LOAD_STAFF"] = str(make_staff(url, args.staff, folder))
    server = subprocess.Popen(
        [BIN / "matcher", "serve", "--bind", f"127.0.0.1:{args.port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    watch = MemoryWatch(server.pid)
    try:
        host = f"http://127.0.0.1:{args.port}"
        wait_for(host + "/healthz")
        watch.start()
        users = args.residents + args.staff
        subprocess.run(
            [
                BIN / "locust",
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(max(1, users // 10)),
                "-t",
                f"{args.seconds}s",
                "--host",
                host,
                "--csv",
                str(folder / "soak"),
                "--only-summary",
                "Resident",
                "Consultant",
                "ApiClient",
            ],
            env=env,
            check=False,
            capture_output=True,
        )
    finally:
        watch.done.set()
        server.terminate()
        server.wait(timeout=60)
    traffic_ok = traffic_report(folder / "soak_stats.csv")
    memory_ok = memory_report(watch, args.workers)
    print("soak passed" if traffic_ok and memory_ok else "soak FAILED")
    return 0 if traffic_ok and memory_ok else 1


if __name__ == "__main__":
    sys.exit(main())
