"""Benchmark of importing a catalogue file of 10,000 rows, on SQLite and PostgreSQL.

Each step runs in a fresh process, as `matcher import` does: the first import into an empty
database, then the same file again (nothing changes), then the file with 1 % of the rows changed.
It reports the time of the import itself (reading the file, comparing, writing, committing;
the start-up of the command is not in it), the CPU time of the process in it (what other work on
the machine cannot stretch; on PostgreSQL the server's own work is not in it), and the process's
memory: its peak resident set, and
how much that grew during the import. Targets (issue 16): the first import <= 3 s and <= 150 MB,
the unchanged one <= 1 s. The file comes from benchmarks/duplicates.py's generator (activities
like the sample's, 1,600 organisations, nearly every activity at a place of its own).

It first times `matcher --help` (a fresh process each time, median of 7; target <= 0.3 s), the
start of every command.

    python benchmarks/imports.py [--rows 10000] [--sqlite-only]

PostgreSQL: DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test); the benchmark makes
a schema of its own there and drops it at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from databases import postgresql_schema  # noqa: E402
from duplicates import synthetic_catalogue  # noqa: E402
from matcher.catalogue.formats import write_csv  # noqa: E402

TARGET_SECONDS, TARGET_MB, UNCHANGED_SECONDS = 3.0, 150, 1.0
HELP_SECONDS = 0.3


def command_line_start(times: int = 7) -> tuple[float, float]:
    """The median wall time of `matcher --help` in a fresh process, and its mean CPU time."""
    command = Path(sys.executable).parent / "matcher"
    walls = []
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(times):
        started = time.perf_counter()
        subprocess.run([command, "--help"], check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = after.ru_utime - cpu.ru_utime + after.ru_stime - cpu.ru_stime
    return statistics.median(walls), spent / times


def child(url: str, path: str) -> None:
    """One import in this process; prints its figures as JSON."""
    from matcher import create_app, db
    from matcher.services import catalogue

    app = create_app({"DATABASE_URL": url})
    data = Path(path).read_bytes()
    with app.app_context():
        before = _rss_mb()
        started, cpu = time.perf_counter(), time.process_time()
        summary = catalogue.import_file(db.session(), data, path)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert not summary.errors, summary.errors[:3]
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu,
                "peak_mb": peak,
                "grew_mb": peak - before,
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
            }
        )
    )


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(url: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", url, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a new schema in PostgreSQL, dropped after."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'import.sqlite'}"
        return
    with postgresql_schema("bench") as url:
        yield url


def files(rows: int, folder: Path) -> tuple[Path, Path]:
    """The catalogue file, and the same with every hundredth row's title changed."""
    records, _planted = synthetic_catalogue(rows)
    first = folder / "catalogue.csv"
    first.write_text(write_csv(records), encoding="utf-8")
    changed = [
        r.model_copy(update={"title": r.title + " (nieuw)"}) if i % 100 == 0 else r
        for i, r in enumerate(records)
    ]
    second = folder / "changed.csv"
    second.write_text(write_csv(changed), encoding="utf-8")
    return first, second


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}"
    )
    wall, cpu = command_line_start()
    print(f"matcher --help {wall:5.2f} s (CPU {cpu:5.2f} s)")
    met = wall <= HELP_SECONDS
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        first, changed = files(args.rows, folder)
        for kind in ["sqlite"] if args.sqlite_only else ["sqlite", "postgresql"]:
            with database(kind, folder) as url:
                new, again, some = run(url, first), run(url, first), run(url, changed)
            for label, figures in (("new", new), ("unchanged", again), ("1 % changed", some)):
                print(
                    f"{kind:10} {label:12} {figures['seconds']:5.2f} s "
                    f"(CPU {figures['cpu_seconds']:5.2f} s)  peak "
                    f"{figures['peak_mb']:4.0f} MB (+{figures['grew_mb']:3.0f} MB)  "
                    f"new {figures['created']:.0f}, changed {figures['updated']:.0f}, "
                    f"unchanged {figures['unchanged']:.0f}"
                )
            met &= new["seconds"] <= TARGET_SECONDS and new["grew_mb"] <= TARGET_MB
            met &= again["seconds"] <= UNCHANGED_SECONDS
    print("targets met" if met else "targets NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
