"""The wijk folder: the activities of one wijk a resident can join, grouped by interest, for a
paper folder (wijkkrant, newcomers' pack, the huisarts' waiting room)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from matcher import clock, geo, vocabulary
from matcher.catalogue.records import ActivityRecord
from matcher.ranking.browse import browse
from matcher.services import matching


@dataclass(frozen=True, slots=True)
class Group:
    """The activities under one interest, by title."""

    interest: str
    activities: list[ActivityRecord]


def joinable(db: Session, wijk: str) -> list[ActivityRecord]:
    """What a resident of the wijk can join there: not full, paused or stopped, not maatwerk,
    and not left out of browsing (not confirmed for 18 months). An unknown wijk is an error."""
    name = geo.canonical_wijk(wijk)
    catalogue = matching.current_index(db)
    found = (catalogue.records[i] for i in browse(catalogue, name, today=clock.today()))
    return [r for r in found if r.status not in vocabulary.NOT_JOINABLE and r.aanbod != "maatwerk"]


def grouped(records: list[ActivityRecord]) -> list[Group]:
    """Each activity once, under the first of its interests in the vocabulary's order."""
    groups: dict[str, list[ActivityRecord]] = {code: [] for code in vocabulary.INTERESTS}
    for record in records:
        first = next(code for code in vocabulary.INTERESTS if code in record.interests)
        groups[first].append(record)
    return [
        Group(code, sorted(found, key=lambda r: r.title.lower()))
        for code, found in groups.items()
        if found
    ]
