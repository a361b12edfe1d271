"""Benchmark of duplicate detection on synthetic catalogues of 1,000 and 10,000 activities.

Measures how long `find_duplicates` takes over the whole catalogue (what `matcher duplicates`
and /beheer/dubbelingen do), and p50/p95 of `likely_duplicates_of` for one new entry against
the catalogue (what the "probably already there" warning does), on one core. It plants copies
with retyped names (2 % of the catalogue) and reports how many it finds, and how many other
pairs it reports. Run with `make duplicates-benchmark`; the figures go into docs/performance.md
by hand, with the machine they were taken on.

    python benchmarks/duplicates.py [--sizes 1000 10000] [--checks 200]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from itertools import combinations
from pathlib import Path

from matcher import geo
from matcher.catalogue.duplicates import find_duplicates, likely_duplicates_of
from matcher.catalogue.formats import read_catalogue
from matcher.catalogue.records import ActivityRecord
from matcher.catalogue.schedule import Slot

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "catalogue" / "zwolle-voorbeeld.csv"
SYLLABLES = (
    "ka",
    "lo",
    "ve",
    "ri",
    "da",
    "mu",
    "sel",
    "ton",
    "bar",
    "wen",
    "ho",
    "lin",
    "dor",
    "pe",
    "zan",
    "fi",
    "ko",
    "ra",
    "mel",
    "tu",
)
STREETS = ("straat", "laan", "weg", "plein", "hof", "kade", "singel", "dijk", "steeg", "erf")


def _name(rng: random.Random) -> str:
    return "De " + "".join(rng.choices(SYLLABLES, k=rng.randint(3, 4))).capitalize()


def synthetic_catalogue(
    size: int, seed: int = 5
) -> tuple[list[ActivityRecord], set[frozenset[str]]]:
    """Activities like the sample's: a name that starts like one of the sample's, words of its
    descriptions, its schedules on other days, spread over the wijken at invented addresses; and
    the copies planted among them."""
    rng = random.Random(seed)
    parsed = read_catalogue(SOURCE.read_bytes(), SOURCE.name)
    templates = [record for _line, record in parsed.records]
    words = [w for r in templates for w in r.description.split()]
    wijken = list(geo.wijken())
    codes: dict[str, list[str]] = {}
    for area in geo.postcodes().values():
        codes.setdefault(area.wijk, []).append(area.code)
    organisations = [f"Stichting {_name(rng)[3:]} {i}" for i in range(max(10, size // 6))]
    records: list[ActivityRecord] = []
    group_of: dict[str, set[str]] = {}  # an id -> the ids of its original and all its copies
    for i in range(size):
        if records and rng.random() < 0.02:
            original = rng.choice(records)
            records.append(_copy(original, f"kopie-{i}", rng))
            group = group_of.setdefault(original.id, {original.id})
            group.add(f"kopie-{i}")
            group_of[f"kopie-{i}"] = group
            continue
        base = rng.choice(templates)
        wijk = rng.choice(wijken)
        street = "".join(rng.choices(SYLLABLES, k=2)).capitalize() + rng.choice(STREETS)
        postcode = None
        if wijk in codes and rng.random() < 0.7:
            letters = "".join(rng.choices("ABCDEGHJKLMNPRSTVWXZ", k=2))
            postcode = f"{rng.choice(codes[wijk])} {letters}"
        records.append(
            base.model_copy(
                update={
                    "id": f"act-{i}",
                    "title": " ".join([*base.title.split()[: rng.randint(1, 2)], _name(rng)]),
                    "description": " ".join(rng.choices(words, k=rng.randint(30, 70))),
                    "organisation": rng.choice(organisations),
                    "organisation_id": None,
                    "address": f"{street} {rng.randint(1, 200)}",
                    "postcode": postcode,
                    "wijk": wijk,
                    "lat": None,
                    "lon": None,
                    "schedule": tuple(
                        Slot(rng.choice(("ma", "di", "wo", "do", "vr")), s.start, s.end)
                        for s in base.schedule
                    ),
                }
            )
        )
    planted = {frozenset(pair) for group in group_of.values() for pair in combinations(group, 2)}
    return records, planted


def _copy(original: ActivityRecord, new_id: str, rng: random.Random) -> ActivityRecord:
    words = original.title.split()
    change = rng.choice(("swap", "typo", "article", "same"))
    if change == "swap" and len(words) > 1:
        words[-1], words[-2] = words[-2], words[-1]
    elif change == "typo":
        word = rng.randrange(len(words))
        words[word] = words[word][:-1] or words[word]
    elif change == "article":
        words = [w for w in words if w.lower() not in ("de", "het")]
    return original.model_copy(update={"id": new_id, "title": " ".join(words)})


def measure(size: int, checks: int) -> dict[str, float]:
    """The whole catalogue's time, one check's p50/p95, and what was found."""
    records, planted = synthetic_catalogue(size)
    started = time.perf_counter()
    pairs = find_duplicates(records)
    whole_s = time.perf_counter() - started
    found = {frozenset(pair.ids) for pair in pairs}
    rng = random.Random(3)
    timings = []
    for new in rng.sample(records, checks):
        started = time.perf_counter()
        likely_duplicates_of(new, records)
        timings.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(timings, n=100)
    return {
        "whole_s": whole_s,
        "p50_ms": cuts[49],
        "p95_ms": cuts[94],
        "planted": len(planted),
        "recall": len(found & planted) / len(planted),
        "other": len(found - planted),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--checks", type=int, default=200)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    print(
        f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"one core, {args.checks} single checks per size"
    )
    print(
        "| activities | whole catalogue | p50 one check | p95 one check "
        "| planted copies | found | other pairs |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        m = measure(size, args.checks)
        print(
            f"| {size:,} | {m['whole_s']:.2f} s | {m['p50_ms']:.1f} ms | {m['p95_ms']:.1f} ms "
            f"| {m['planted']:.0f} | {m['recall']:.0%} | {m['other']:.0f} |"
        )


if __name__ == "__main__":
    main()
