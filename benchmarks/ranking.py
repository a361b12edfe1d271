"""Benchmark of the ranking core on synthetic catalogues of 1,000, 10,000 and 100,000 activities.

Measures the index build time, the memory the index holds, and p50/p95 latency of one ranking
(one profile, top 10, with near misses) on one core, side by side with a bare scorer that does
the least a ranker must (`BareScorer`): the ratio of the two p95s says how far the matcher is
from the floor on the same machine at the same moment; the same for profiles that type words
outside the vocabulary, each new to the index (`typed_profiles`). Run with `make benchmark`;
the figures go into docs/performance.md by hand, with the machine they were taken on.

    python benchmarks/ranking.py [--sizes 1000 10000 100000] [--queries 300]
"""

from __future__ import annotations

import os

# One core: no BLAS or OpenMP threads (set before NumPy loads).
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from matcher import geo, vocabulary  # noqa: E402
from matcher.catalogue.formats import read_catalogue  # noqa: E402
from matcher.catalogue.records import ActivityRecord  # noqa: E402
from matcher.catalogue.schedule import Slot  # noqa: E402
from matcher.profile import parse_profile  # noqa: E402
from matcher.ranking.index import SUPPORT_BITS, CatalogueIndex, build_index, mask  # noqa: E402
from matcher.ranking.query import Query  # noqa: E402
from matcher.ranking.rank import haversine_km, rank  # noqa: E402
from matcher.ranking.text import normalise, normalised_words  # noqa: E402
from matcher.services.matching import resolver  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path(
    os.environ.get("BENCHMARK_SOURCE", ROOT / "data" / "catalogue" / "zwolle-voorbeeld.csv")
)
TODAY = dt.date(2026, 11, 23)


def synthetic_catalogue(size: int, seed: int = 7) -> list[ActivityRecord]:
    """Activities whose words, codes and places are drawn from the sample catalogue's."""
    rng = random.Random(seed)
    parsed = read_catalogue(SOURCE.read_bytes(), SOURCE.name)
    templates = [record for _line, record in parsed.records]
    words = [w for r in templates for w in r.description.split()]
    wijken = list(geo.wijken().items())
    organisations = [f"Organisatie {i}" for i in range(max(10, size // 6))]
    records = []
    for i in range(size):
        base = rng.choice(templates)
        wijk, centre = rng.choice(wijken)
        records.append(
            ActivityRecord(
                id=f"act-{i}",
                title=f"{base.title} {i}",
                description=" ".join(rng.choices(words, k=rng.randint(30, 70))),
                organisation=rng.choice(organisations),
                interests=tuple(rng.sample(list(vocabulary.INTERESTS), rng.randint(1, 3))),
                wijk=wijk,
                lat=round(centre.lat + rng.uniform(-0.006, 0.006), 5),
                lon=round(centre.lon + rng.uniform(-0.009, 0.009), 5),
                support=tuple(rng.sample(list(vocabulary.SUPPORTS), rng.randint(0, 5))),
                expertise=tuple(rng.sample(list(vocabulary.EXPERTISE), rng.randint(0, 2))),
                vorm=(rng.choice(list(vocabulary.VORMEN)),),
                aanbod=rng.choices(list(vocabulary.AANBOD), weights=[60, 20, 12, 8])[0],
                schedule=tuple(
                    Slot(rng.choice(vocabulary.DAY_CODES), dt.time(h), dt.time(h + 2))
                    for h in rng.sample(range(8, 20), rng.randint(0, 3))
                ),
                cost_eur=Decimal(rng.choice(["0", "0", "2.5", "5", "12", "25"])),
                languages=("nl", "en") if rng.random() < 0.2 else ("nl",),
                status=rng.choices(["open", "wachtlijst", "vol"], weights=[90, 6, 4])[0],
                last_verified=TODAY - dt.timedelta(days=rng.randint(0, 800)),
            )
        )
    return records


def random_profiles(count: int, seed: int = 11) -> list[Query]:
    """Profiles like the evaluation personas': a few interests, wishes, supports, a place."""
    return [
        Query.from_profile(parse_profile(profile), resolver())
        for profile in profile_documents(count, seed)
    ]


def profile_documents(count: int, seed: int = 11) -> list[dict[str, object]]:
    """The profiles of `random_profiles` as JSON documents (the body of POST /api/v1/match)."""
    rng = random.Random(seed)
    words = list(vocabulary.synonyms())
    profiles = []
    for _ in range(count):
        profile = {
            "interests": rng.sample(words, rng.randint(1, 3)),
            "wishes": " ".join(rng.sample(words, 4)) + " in een rustige groep",
            "required": rng.sample(list(vocabulary.SUPPORTS), rng.randint(0, 2)),
            "preferred": rng.sample(list(vocabulary.SUPPORTS), rng.randint(0, 3)),
            "expertise": rng.sample(list(vocabulary.EXPERTISE), rng.randint(0, 1)),
            "location": {"wijk": rng.choice(list(geo.wijken()))},
            "max_km": rng.choice([2, 3, 5, 10]),
            "days": rng.sample(list(vocabulary.DAY_CODES), rng.randint(0, 4)),
            "age": rng.randint(18, 85),
        }
        profiles.append(profile)
    return profiles


def typed_profiles(count: int, seed: int = 13) -> list[Query]:
    """Profiles that type words outside the vocabulary, each word new to the index.

    `random_profiles` draws every word from the vocabulary, whose words a new index has worked
    out already; these show a word's first sight: words of the sample catalogue's descriptions
    that the vocabulary does not know, two per profile, none twice.
    """
    rng = random.Random(seed)
    known = resolver()
    parsed = read_catalogue(SOURCE.read_bytes(), SOURCE.name)
    texts = " ".join(record.description for _line, record in parsed.records)
    unknown = sorted(
        {
            w
            for w in normalised_words(normalise(texts))
            if len(w) >= 5 and [a.known for a in known.resolve(w)] == [False]
        }
    )
    drawn = rng.sample(unknown, min(len(unknown), 2 * count))
    queries = []
    for first, second in zip(drawn[::2], drawn[1::2], strict=False):
        document = {"interests": [first], "wishes": f"graag {second}"}
        document["location"] = {"wijk": rng.choice(list(geo.wijken()))}
        queries.append(Query.from_profile(parse_profile(document), known))
    return queries


class BareScorer:
    """The least a ranker must do: the floor the matcher's ranking is compared with.

    Word TF-IDF cosine of the query's words with title and description (read from the query
    terms' columns only), a bit mask for the required supports, a haversine cut at `max_km`, a
    weighted sum of text and closeness, and `np.argpartition` for the top 10. No fit labels,
    reasons, near misses or freshness.
    """

    def __init__(self, records: list[ActivityRecord]) -> None:
        self.vectoriser = TfidfVectorizer(sublinear_tf=True, dtype=np.float32)
        texts = [f"{r.title} {r.description}" for r in records]
        self.matrix = sparse.csc_matrix(self.vectoriser.fit_transform(texts))
        self.analyse = self.vectoriser.build_analyzer()
        self.columns = self.vectoriser.vocabulary_
        self.idf = self.vectoriser.idf_
        self.supports = np.array([mask(r.support, SUPPORT_BITS) for r in records], np.int64)
        self.lat = np.array([r.lat if r.lat is not None else np.nan for r in records])
        self.lon = np.array([r.lon if r.lon is not None else np.nan for r in records])

    def rank(self, query: Query, top: int = 10) -> np.ndarray:
        """Positions of the best `top` activities for a query, best first."""
        profile = query.profile
        text = self._cosine(query.text)
        ok = (self.supports & mask(profile.required, SUPPORT_BITS)) == mask(
            profile.required, SUPPORT_BITS
        )
        score = text
        if profile.point is not None:
            km = haversine_km(profile.point, self.lat, self.lon)
            if profile.max_km is not None:
                ok &= ~(km > profile.max_km)
            score = 0.6 * text + 0.4 * np.exp(-km / 2.5)
        score = np.where(ok, score, -np.inf)
        best = np.argpartition(-score, top)[:top]
        return best[np.argsort(-score[best])]

    def _cosine(self, text: str) -> np.ndarray:
        counts: dict[int, int] = {}
        for term in self.analyse(text):
            column = self.columns.get(term)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        rows = self.matrix.shape[0]
        if not counts:
            return np.zeros(rows)
        columns = np.fromiter(counts, np.int64, len(counts))
        weights = (1 + np.log(np.fromiter(counts.values(), np.float64))) * self.idf[columns]
        weights /= np.linalg.norm(weights)
        pointers = self.matrix.indptr
        spans = [slice(pointers[c], pointers[c + 1]) for c in columns]
        indices = np.concatenate([self.matrix.indices[s] for s in spans])
        values = np.concatenate(
            [self.matrix.data[s] * w for s, w in zip(spans, weights, strict=True)]
        )
        return np.bincount(indices, weights=values, minlength=rows)


def index_bytes(index: CatalogueIndex) -> int:
    """Bytes held by the index's arrays and sparse matrices (the records are shared with the app)."""
    parts: list[object] = [getattr(index, name) for name in index.__slots__]
    parts += [index.text.words.matrix, index.text.spellings.matrix, index.text.words.idf]
    parts += [index.text.spellings.idf, index.mentions.title, index.mentions.description]
    parts += [getattr(index.counts, name) for name in index.counts.__slots__]
    total = 0
    for part in parts:
        if isinstance(part, np.ndarray):
            total += part.nbytes
        elif sparse.issparse(part):
            total += sum(getattr(part, a).nbytes for a in ("data", "indices", "indptr"))
    return total


# Wall-clock time by default; on a machine others keep busy, the CPU time this process spent
# (`--clock cpu`) shows the work done without the time spent waiting for a core.
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
clock = CLOCKS["wall"]


def _timed(run: Callable[[], object]) -> float:
    started = clock()
    run()
    return clock() - started


def measure(size: int, queries: int) -> dict[str, float]:
    """Build times, index memory, and latency percentiles of the matcher and the bare scorer.

    Each profile is ranked by both, one right after the other, so a busy moment of the machine
    weighs on both alike.
    """
    records = synthetic_catalogue(size)
    started = clock()
    index = build_index(records, 1, vocabulary.stop_words())
    build_s = clock() - started
    started = clock()
    bare = BareScorer(records)
    bare_build_s = clock() - started
    memory_mb = index_bytes(index) / 1e6
    profiles = random_profiles(queries)
    for query in profiles[:10]:  # warm up caches (stemmer, allocator)
        rank(index, query, 10, TODAY)
        bare.rank(query)
    ours, floor = _latencies(index, bare, profiles)
    cuts, bare_cuts = statistics.quantiles(ours, n=100), statistics.quantiles(floor, n=100)
    typed, typed_floor = _latencies(index, bare, typed_profiles(max(20, queries // 3)))
    return {
        "size": size,
        "build_s": build_s,
        "bare_build_s": bare_build_s,
        "memory_mb": memory_mb,
        "p50_ms": cuts[49],
        "p95_ms": cuts[94],
        "bare_p95_ms": bare_cuts[94],
        "typed_p95_ms": statistics.quantiles(typed, n=20)[18],
        "typed_bare_p95_ms": statistics.quantiles(typed_floor, n=20)[18],
    }


def _latencies(
    index: CatalogueIndex, bare: BareScorer, profiles: list[Query]
) -> tuple[list[float], list[float]]:
    """Milliseconds of each profile's ranking by the matcher and by the bare scorer."""
    ours, floor = [], []
    for query in profiles:
        ours.append(_timed(lambda q=query: rank(index, q, 10, TODAY)) * 1000)
        floor.append(_timed(lambda q=query: bare.rank(q)) * 1000)
    return ours, floor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall")
    args = parser.parse_args()
    global clock
    clock = CLOCKS[args.clock]
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    print(
        f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"one core, {args.queries} profiles per size, {args.clock} clock"
    )
    print(f"# load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        "| activities | index build | bare build | index memory | p50 ranking | p95 ranking "
        "| bare p95 | ratio | p95, other words | bare p95, other words | ratio |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        m = measure(size, args.queries)
        print(
            f"| {size:,} | {m['build_s']:.2f} s | {m['bare_build_s']:.2f} s "
            f"| {m['memory_mb']:.0f} MB | {m['p50_ms']:.2f} ms | {m['p95_ms']:.2f} ms "
            f"| {m['bare_p95_ms']:.2f} ms | {m['p95_ms'] / m['bare_p95_ms']:.1f}× "
            f"| {m['typed_p95_ms']:.2f} ms | {m['typed_bare_p95_ms']:.2f} ms "
            f"| {m['typed_p95_ms'] / m['typed_bare_p95_ms']:.1f}× |"
        )
    print(f"# load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
