"""Properties over the sample catalogue: for any profile, no result breaks a hard constraint."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher import geo, vocabulary
from matcher.catalogue.records import ActivityRecord
from matcher.phrases import Phrase
from matcher.profile import Profile, parse_profile
from matcher.ranking import explain
from matcher.ranking.index import CatalogueIndex, build_index
from matcher.ranking.query import Query
from matcher.ranking.rank import Result, rank
from matcher.services.matching import resolver
from tests.ranking.conftest import SAMPLE_CATALOGUE, TODAY, load_records

INDEX: CatalogueIndex = build_index(load_records(SAMPLE_CATALOGUE), 1, vocabulary.stop_words())
WORDS = sorted(vocabulary.synonyms())[::7] + ["schilderren", "zingn", "kook", "xyzzy", "AA", "NAH"]


def subset(values: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=3)


location = st.one_of(
    st.none(),
    st.builds(lambda w: {"wijk": w}, st.sampled_from(sorted(geo.wijken()))),
    st.builds(lambda p: {"postcode": p}, st.sampled_from(sorted(geo.postcodes()))),
    st.builds(lambda a, b: {"lat": a, "lon": b}, st.floats(52.44, 52.58), st.floats(6.0, 6.2)),
)

profiles = st.fixed_dictionaries(
    {},
    optional={
        "interests": subset(WORDS),
        "wishes": st.sampled_from(
            [
                "",
                "rustig samen iets doen",
                "buiten werken met mijn handen",
                "alleen overdag",
                "iets bij de kinderopvang, 's avonds kan ik niet",
            ]
        ),
        "required": subset(sorted(vocabulary.SUPPORTS)),
        "preferred": subset(sorted(vocabulary.SUPPORTS)),
        "expertise": subset(sorted(vocabulary.EXPERTISE)),
        "vorm": subset(sorted(vocabulary.VORMEN)),
        "location": location,
        "max_km": st.one_of(st.none(), st.floats(0, 15)),
        "days": subset(list(vocabulary.DAY_CODES)),
        "max_cost_eur": st.one_of(st.none(), st.sampled_from([0, 2.5, 5, 10, 50])),
        "age": st.one_of(st.none(), st.integers(0, 100)),
        "language": st.sampled_from(["nl", "en", "tr"]),
        "include_maatwerk": st.booleans(),
    },
).map(lambda d: {k: v for k, v in d.items() if v is not None})


def breaks(record: ActivityRecord, profile: Profile, distance_km: float | None) -> list[str]:
    """The hard constraints a record breaks, checked from its fields, apart from the index."""
    broken = [f"mist {code}" for code in profile.required if code not in record.support]
    if record.status == "vol":
        broken.append("vol")
    if record.aanbod == "maatwerk" and not profile.include_maatwerk:
        broken.append("maatwerk")
    far = profile.max_km is not None and profile.point and record.point
    if far and geo.distance_km(profile.point, record.point) > profile.max_km + 1e-6:
        broken.append("te ver")
    priced = profile.max_cost_eur is not None and record.cost_eur is not None
    if priced and float(record.cost_eur) > profile.max_cost_eur:
        broken.append("te duur")
    if profile.age is not None:
        if record.min_age is not None and profile.age < record.min_age:
            broken.append("te jong")
        if record.max_age is not None and profile.age > record.max_age:
            broken.append("te oud")
    return broken


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles, st.integers(1, 30))
def test_no_result_ever_breaks_a_hard_constraint_and_scores_are_ordered(
    data: dict[str, Any], top: int
) -> None:
    profile = parse_profile(data)
    answer = rank(INDEX, Query.from_profile(profile, resolver()), top, TODAY)
    assert len(answer.results) <= top
    for result in answer.results:
        assert breaks(result.record, profile, result.distance_km) == [], result.record.id
    labels = [r.fit for r in answer.results]
    assert labels == sorted(labels, key=["goed", "deels"].index)  # a full fit before a partial one
    for label in ("goed", "deels"):
        scores = [r.score for r in answer.results if r.fit == label]
        assert scores == sorted(scores, reverse=True)
    ids = [r.record.id for r in answer.results]
    assert len(set(ids)) == len(ids)
    for near in answer.near_misses:
        assert near.would_fit_with
        assert set(near.would_fit_with) <= set(vocabulary.OPPLUS_SUPPORTS)
        assert sorted(breaks(near.record, profile, near.distance_km)) == sorted(
            f"mist {code}" for code in near.would_fit_with
        )
        assert near.record.id not in ids


# Facts of the activity (its distance, days, cost, language), not claims about what was asked.
FACTS = (explain.DISTANCE, explain.DAYS, explain.FREE, explain.LANGUAGE)


def shown(word: str) -> str:
    return word if word.isupper() else word.lower()


def labels(table: dict[str, vocabulary.Term], codes: Iterable[str]) -> set[str]:
    return {table[code].label for code in codes}


def backed(reason: Phrase, result: Result, profile: Profile) -> bool:
    """Whether `matched` (or a fact of the activity) stands for a reason, read from its data."""
    record, matched = result.record, result.matched
    what = next(iter(reason.params.values()), None)
    label = what.msgid if isinstance(what, Phrase) else None
    if reason.msgid == explain.INTEREST:
        return what in {shown(w) for w in matched.words}
    if reason.msgid == explain.RELATED:
        return what in {shown(w) for w in matched.words} or (
            label in labels(vocabulary.INTERESTS, matched.interests)
        )
    if reason.msgid == explain.EXPERTISE:
        return label in labels(vocabulary.EXPERTISE, record.expertise)
    if reason.msgid in FACTS:
        return True
    chosen_vorm = set(record.vorm) & set(profile.vorm)
    return reason.msgid in (
        labels(vocabulary.SUPPORTS, matched.supports) | labels(vocabulary.VORMEN, chosen_vorm)
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles, st.integers(1, 30))
def test_what_matched_is_true_of_the_activity_and_backs_every_reason(
    data: dict[str, Any], top: int
) -> None:
    profile = parse_profile(data)
    query = Query.from_profile(profile, resolver())
    answer = rank(INDEX, query, top, TODAY)
    asked = {*profile.required, *profile.preferred}
    for result in answer.results:
        record, matched = result.record, result.matched
        assert set(matched.interests) <= set(record.interests), record.id
        assert set(matched.supports) <= set(record.support) & asked, record.id
        assert all(backed(reason, result, profile) for reason in result.reasons), result.reasons
        assert len(set(result.reasons)) == len(result.reasons)
        if result.fit == "goed" and not query.open:
            assert matched.words, record.id  # a full fit names what it is about
    assert answer.fit == (answer.results[0].fit if answer.results else "geen")
