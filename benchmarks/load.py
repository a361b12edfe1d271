"""Load benchmark: gunicorn on loopback with the sample catalogue, headless locust against it.

Residents (the default): exits non-zero when the p95 response time is above 500 ms or more than
1 % of requests fail (the SLO in docs/performance.md). Run with `make load-benchmark`.

Staff (--staff N): N consultants of one team, each logged in with password and TOTP code, open
each other's cases (every view writes an audit line) and write notes, all on one SQLite file.
Exits non-zero on a single failed request, or p95 above 500 ms. `make staff-load-benchmark`.

    python benchmarks/load.py [--users 50] [--seconds 60] [--workers 2] [--threads 1]
    python benchmarks/load.py --staff 8 --threads 4 [--seconds 60]
"""

from __future__ import annotations

import argparse
import csv
import json
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
PASSWORD = "een lange zin als wachtwoord voor de belasting"  # noqa: S105 (a throw-away database)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback)
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server at {url} did not start")


def make_staff(database_url: str, count: int, folder: Path) -> Path:
    """Consultants of one team with a password and a second factor; their logins as a JSON file."""
    import pyotp

    from matcher import create_app, db
    from matcher.services import accounts, passwords

    app = create_app({"DATABASE_URL": database_url})
    logins = []
    with app.app_context():
        session = db.session()
        for number in range(count):
            email = f"consulent-{number}@zwolle.example"
            user, _ = accounts.create_user(
                session, email, "consulent", accounts.Actor(None, "benchmark"), "Team Noord"
            )
            user.password_hash = passwords.hash_password(PASSWORD)
            user.must_change_password, user.totp_secret = False, pyotp.random_base32()
            logins.append({"email": email, "password": PASSWORD, "secret": user.totp_secret})
        session.commit()
    app.extensions["matcher.engine"].dispose()
    (folder / "staff.json").write_text(json.dumps(logins))
    return folder / "staff.json"


def gunicorn(env: dict[str, str], workers: int, threads: int, port: int) -> subprocess.Popen[bytes]:
    """The app under gunicorn on loopback, started (not yet answering)."""
    return subprocess.Popen(
        [
            BIN / "gunicorn",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "matcher:create_app()",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="residents (without --staff)")
    parser.add_argument("--staff", type=int, default=0, help="consultants instead of residents")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=5057)
    return parser.parse_args()


def main() -> int:
    args = arguments()
    work = Path(tempfile.mkdtemp(prefix="matcher-load-"))
    url = f"sqlite:///{work / 'load.sqlite'}"
    env = {**os.environ, "DATABASE_URL": url, "MATCHER_RATELIMIT_ENABLED": "false"}
    subprocess.run([BIN / "matcher", "load-sample"], env=env, check=True, capture_output=True)
    users, kind = args.users, "Resident"
    if args.staff:
        env["MATCHER_LOAD_STAFF"] = str(make_staff(url, args.staff, work))
        users, kind = args.staff, "Consultant"
    server = gunicorn(env, args.workers, args.threads, args.port)
    try:
        host = f"http://127.0.0.1:{args.port}"
        wait_for(host + "/")
        subprocess.run(
            [
                BIN / "locust",
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(max(1, users // 5)),
                "-t",
                f"{args.seconds}s",
                "--host",
                host,
                "--csv",
                str(work / "load"),
                "--only-summary",
                kind,
            ],
            env=env,
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return report(work / "load_stats.csv", 0.0 if args.staff else ERROR_LIMIT)


def report(stats: Path, error_limit: float) -> int:
    """Print the totals; 0 when they meet the SLO (and the error limit), else 1."""
    with stats.open() as fh:
        total = next(row for row in csv.DictReader(fh) if row["Name"] == "Aggregated")
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    p95 = float(total["95%"])
    print(
        f"requests {requests}, failures {failures} ({failures / max(requests, 1):.2%}), "
        f"p50 {total['50%']} ms, p95 {p95:.0f} ms, p99 {total['99%']} ms, "
        f"{float(total['Requests/s']):.1f} req/s"
    )
    return 0 if requests and p95 <= P95_LIMIT_MS and failures <= error_limit * requests else 1


if __name__ == "__main__":
    sys.exit(main())
