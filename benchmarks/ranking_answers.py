"""Every answer of the ranking in full, as JSON lines: to compare two versions of the ranking.

A change meant to make the ranking faster must give the same answers. Run this on both versions
(each with its own `src` first on PYTHONPATH) and compare the files byte for byte:

    PYTHONPATH=/path/to/other/src python benchmarks/ranking_answers.py > before.jsonl
    python benchmarks/ranking_answers.py > after.jsonl
    cmp before.jsonl after.jsonl

The answers are those of the benchmark's 300 profiles (benchmarks/ranking.py), 100 profiles
with words outside the vocabulary and 300 with the profile fields the benchmark leaves out
(`varied_profiles`) on its 10,000-activity catalogue, for professionals and for
residents, and the same on the evaluation catalogue with the evaluation's graded personas and
honesty set; each with its unrounded score and breakdown, distance, fit, reasons and notes
(message id, parameters and `in_sentence`, nested), matched, missing, freshness, near misses
with their reasons, unrecognised words, meanings, and which activities are eligible.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from matcher import vocabulary  # noqa: E402
from matcher.catalogue.formats import read_catalogue  # noqa: E402
from matcher.catalogue.freshness import Audience  # noqa: E402
from matcher.phrases import Phrase  # noqa: E402
from matcher.profile import parse_profile  # noqa: E402
from matcher.ranking.index import CatalogueIndex, build_index  # noqa: E402
from matcher.ranking.query import Query  # noqa: E402
from matcher.ranking.rank import Answer, eligible, rank  # noqa: E402
from matcher.services.matching import resolver  # noqa: E402
from ranking import (  # noqa: E402
    TODAY,
    profile_documents,
    random_profiles,
    synthetic_catalogue,
    typed_profiles,
)

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def _phrase(value: object) -> object:
    if isinstance(value, Phrase):
        params = {k: _phrase(v) for k, v in value.params.items()}
        return {"text": str(value), "msgid": value.msgid, "params": params, "in": value.in_sentence}
    if isinstance(value, tuple):
        return [_phrase(v) for v in value]
    return repr(value)


def answer_json(answer: Answer) -> dict[str, Any]:
    """An answer with everything the ranking works out, unrounded."""
    return {
        "contract": answer.to_dict(),
        "results": [
            {
                "id": r.record.id,
                "score": repr(r.score),
                "fit": r.fit,
                "distance": repr(r.distance_km),
                "reasons": [_phrase(p) for p in r.reasons],
                "notes": [_phrase(p) for p in r.notes],
                "matched": r.matched.to_dict(),
                "missing": r.missing,
                "breakdown": {k: repr(v) for k, v in r.breakdown.items()},
                "freshness": r.freshness.value,
            }
            for r in answer.results
        ],
        "near_misses": [
            {
                "id": n.record.id,
                "score": repr(n.score),
                "distance": repr(n.distance_km),
                "lacks": n.would_fit_with,
                "reasons": [_phrase(p) for p in n.reasons],
                "freshness": n.freshness.value,
            }
            for n in answer.near_misses
        ],
        "considered": answer.considered,
        "unrecognised": list(answer.unrecognised),
        "meanings": [list(m) for m in answer.meanings],
    }


def dump(label: str, index: CatalogueIndex, queries: list[Query], today: dt.date) -> None:
    for number, query in enumerate(queries):
        for audience in Audience:
            line = {
                "case": f"{label} {number} {audience.value}",
                "answer": answer_json(rank(index, query, 10, today, audience)),
            }
            if audience is Audience.PROFESSIONALS:
                found = eligible(index, query, today).tobytes()
                line["eligible"] = hashlib.sha256(found).hexdigest()
            print(json.dumps(line, ensure_ascii=False, sort_keys=True))


def varied_profiles(count: int, seed: int = 17) -> list[Query]:
    """The benchmark's profiles with the fields it leaves out: other languages, forms, costs,
    maatwerk, coordinates, wishes about the time of day, no location, nothing asked in words."""
    rng = random.Random(seed)
    queries = []
    for document in profile_documents(count, seed):
        document["language"] = rng.choice(["nl", "en", "tr", "xx"])
        document["vorm"] = rng.sample(list(vocabulary.VORMEN), rng.randint(0, 2))
        document["include_maatwerk"] = rng.random() < 0.3
        if rng.random() < 0.5:
            document["max_cost_eur"] = rng.choice([0, 3, 10])
        if rng.random() < 0.3:
            document["location"] = {"lat": 52.5 + rng.uniform(-0.03, 0.03), "lon": 6.1}
        elif rng.random() < 0.15:
            del document["location"]
            del document["max_km"]
        if rng.random() < 0.3:
            document["wishes"] = f"{document['wishes']}, liefst {rng.choice(['overdag', 'avonds'])}"
        if rng.random() < 0.1:
            document["interests"], document["wishes"] = [], ""
        queries.append(Query.from_profile(parse_profile(document), resolver()))
    return queries


def main() -> None:
    known = resolver()
    stop_words = vocabulary.stop_words()
    profiles, typed = random_profiles(300), typed_profiles(100)
    index = build_index(synthetic_catalogue(10_000), 1, stop_words)
    dump("synthetic", index, profiles, TODAY)
    dump("synthetic-typed", index, typed, TODAY)
    dump("synthetic-varied", index, varied_profiles(300), TODAY)
    source = EVAL / "dev_catalogue.csv"
    parsed = read_catalogue(source.read_bytes(), source.name)
    index = build_index([record for _line, record in parsed.records], 0, stop_words)
    dump("evaluation", index, profiles, TODAY)
    for name in ("dev_personas.json", "dev_honesty.json"):
        personas = json.loads((EVAL / name).read_text())
        queries = [Query.from_profile(parse_profile(p["profile"]), known) for p in personas]
        dump(name, index, queries, TODAY)
        dump(name + " later", index, queries, TODAY + dt.timedelta(days=400))


if __name__ == "__main__":
    main()
