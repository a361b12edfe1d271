"""Entries of the catalogue that are probably the same activity, and why (pure: no Flask, no database).

Two entries are compared only when they could be one activity: in the same wijk, at the same
address or postcode, or without a place at all. A name alone is never enough ("Koffieochtend"
and "Inloop" are everywhere): each signal adds to a score, and a pair is reported from
`THRESHOLD`. docs/duplicates.md explains the signals, their weights and how well it does on
planted duplicates.

Comparing every pair of 10,000 entries would take 50 million comparisons; instead, each wijk's
names are compared in one call to rapidfuzz (`process.cdist`, in C++), and only the pairs whose
names look alike, or that share an address, are weighed in full.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz, process

from matcher import geo, vocabulary
from matcher.catalogue.records import ActivityRecord
from matcher.catalogue.schedule import Slot
from matcher.geo import Point
from matcher.phrases import N_, Phrase

THRESHOLD = 0.6  # from here a pair is reported (docs/duplicates.md: how it was chosen)
NAME_CANDIDATE = 55  # names at least this alike (0-100) are weighed in full
NEAR_METRES = 60  # closer than this (both with coordinates) counts as the same place
COMMON_MIN, COMMON_SHARE = 10, 0.05  # a word in this many names (and this share) is common

# What each signal adds to the score: names count most, but never alone.
NAME_WEIGHT = 0.55  # at 100 % alike, falling to 0 at NAME_FLOOR
NAME_FLOOR = 50
SAME_PLACE = 0.30  # the same address; or, an address missing, the same 6-position postcode
# or within NEAR_METRES
SAME_STREET = 0.15  # the same 6-position postcode, two different addresses
SAME_POSTCODE_AREA = 0.12  # the same 4-digit postcode
SAME_WIJK = 0.08
OTHER_ADDRESS = -0.15  # two addresses given, and they differ
SAME_ORGANISATION = 0.15
SIMILAR_ORGANISATION = 0.10
SAME_TIME = 0.10  # at least one slot overlaps
OTHER_TIME = -0.05  # both have a schedule, no slot overlaps
DESCRIPTION_WEIGHT = 0.15  # at 100 % alike, falling to 0 at DESCRIPTION_FLOOR
DESCRIPTION_FLOOR = 60

_WORD = re.compile(r"[a-z0-9]+")
_NUMBER = re.compile(r"^(?P<street>.*?)\s*(?P<number>\d+)\s*(?P<suffix>[a-z]?)\b.*$")
_LEGAL_FORMS = frozenset({"stichting", "vereniging", "de", "het"})  # left out of organisation names
_STREET_ABBREVIATIONS = {"str": "straat", "ln": "laan", "pl": "plein", "wg": "weg"}


@dataclass(frozen=True, slots=True)
class Pair:
    """Two entries that are probably one activity: how likely (0-1) and why, in Dutch."""

    first: ActivityRecord
    second: ActivityRecord
    score: float
    reasons: tuple[Phrase, ...]

    @property
    def ids(self) -> tuple[str, str]:
        """The two entries' ids."""
        return self.first.id, self.second.id


@dataclass(frozen=True, slots=True)
class _Entry:
    """A record with what the comparison needs, worked out once."""

    record: ActivityRecord
    name: str  # the name's words, sorted, without stop words, the wijk's name or accents
    glued: str  # the same words in their order, without spaces ("repair cafe" = "repaircafe")
    area: str | None
    street: str | None
    number: str | None
    postcode: str | None  # 6 positions, or None
    point: Point | None  # only given coordinates, never a wijk's centre
    organisation: str
    description: str


def find_duplicates(records: Sequence[ActivityRecord], threshold: float = THRESHOLD) -> list[Pair]:
    """Every pair of entries that is probably one activity, most likely first."""
    common = _common_words(records)
    entries = [_entry(record, common) for record in records]
    judged = (_judge(entries[i], entries[j], threshold) for i, j in _candidates(entries))
    found = [pair for pair in judged if pair is not None]
    return sorted(found, key=lambda pair: (-pair.score, pair.ids))


def likely_duplicates_of(
    record: ActivityRecord, records: Sequence[ActivityRecord], threshold: float = THRESHOLD
) -> list[Pair]:
    """The entries of `records` that `record` (a new or changed entry) is probably a copy of,
    most likely first, each pair with `record` first. An entry with the same id is the record
    itself and is skipped."""
    others = [other for other in records if other.id != record.id]
    common = _common_words([record, *others])
    new = _entry(record, common)
    entries = [new, *(_entry(other, common) for other in others if _nearby(new, other))]
    indexes = list(range(1, len(entries)))
    candidates = {j for _i, j in _alike_names(entries, [0], indexes)}
    candidates |= {j for j in indexes if _same_place(new, entries[j])}
    judged = (_judge(new, entries[j], threshold) for j in candidates)
    found = [pair for pair in judged if pair is not None]
    return sorted(found, key=lambda pair: (-pair.score, pair.second.id))


# --- preparing an entry ------------------------------------------------------------------------


def _common_words(records: Sequence[ActivityRecord]) -> frozenset[str]:
    """Words in so many names that sharing them says little ("dagbesteding", "vrijwilliger")."""
    counts = Counter(word for record in records for word in set(_title_words(record.title)))
    least = max(COMMON_MIN, COMMON_SHARE * len(records))
    return frozenset(word for word, count in counts.items() if count >= least)


def _entry(record: ActivityRecord, common: frozenset[str]) -> _Entry:
    area = _area(record)
    place = set(_words(area or "")) | {"zwolle"}
    words = list(_title_words(record.title))
    for skip in (place, common):
        words = [w for w in words if w not in skip] or words
    street, number = _address(record.address)
    postcode = record.postcode.replace(" ", "") if record.postcode else None
    point = (
        Point(record.lat, record.lon) if record.lat is not None and record.lon is not None else None
    )
    return _Entry(
        record=record,
        name=" ".join(sorted(words)),
        glued="".join(words),
        area=area,
        street=street,
        number=number,
        postcode=postcode if postcode and len(postcode) == 6 else None,
        point=point,
        organisation=" ".join(w for w in _words(record.organisation) if w not in _LEGAL_FORMS),
        description=" ".join(_words(record.description)),
    )


def _area(record: ActivityRecord) -> str | None:
    try:
        return record.area
    except ValueError:  # a postcode outside the known areas: no wijk to compare
        return None


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _words(text: str) -> list[str]:
    return _WORD.findall(_plain(text.replace("+", " plus ")))


@lru_cache(maxsize=100_000)
def _title_words(title: str) -> tuple[str, ...]:
    """A name's words without accents and stop words, abbreviations written out."""
    expanded = " ".join(_expanded(word) for word in title.split())
    stop = vocabulary.stop_words()
    return tuple(w for w in _words(expanded) if w not in stop) or tuple(_words(expanded))


def _expanded(word: str) -> str:
    # An abbreviation in capitals ("NAH") is the words it stands for, so a copy that writes
    # them out has the same name; "na" in small letters is the Dutch word.
    bare = word.strip("()[],.:;!?'\"")
    meaning = _abbreviations().get(bare) if bare.isupper() else None
    return word.replace(bare, meaning) if meaning else word


@cache
def _abbreviations() -> dict[str, str]:
    return {
        item.short: str(item.meaning).split(" (", 1)[0]
        for item in vocabulary.abbreviations().values()
    }


@lru_cache(maxsize=100_000)
def _address(address: str | None) -> tuple[str | None, str | None]:
    """An address as (street, house number): 'Van Karnebeekstr. 12' -> ('vankarnebeekstraat', '12')."""
    if not address:
        return None, None
    text = " ".join(_STREET_ABBREVIATIONS.get(w, w) for w in _words(address))
    match = _NUMBER.match(text)
    if match is None:
        return text.replace(" ", ""), None
    return match["street"].replace(" ", ""), match["number"] + match["suffix"]


# --- which pairs to weigh ----------------------------------------------------------------------


def _may_be_same(a: _Entry, b: _Entry) -> bool:
    """One activity is in one wijk: entries in two different wijken are two activities, unless
    their addresses say otherwise (a wijk given by hand against one derived from a postcode)."""
    return a.area is None or b.area is None or a.area == b.area or _same_place(a, b)


def _same_place(a: _Entry, b: _Entry) -> bool:
    return _same_address(a, b) or (a.postcode is not None and a.postcode == b.postcode)


def _nearby(new: _Entry, other: ActivityRecord) -> bool:
    """Whether an entry may be at the new one's place, before it is prepared in full."""
    if new.area is None or other.wijk == new.area:
        return True
    if other.wijk is None and _area(other) in (None, new.area):
        return True
    if new.postcode and other.postcode and other.postcode.replace(" ", "") == new.postcode:
        return True
    return bool(new.number and other.address and new.number in other.address)


def _candidates(entries: list[_Entry]) -> set[tuple[int, int]]:
    by_area: dict[str | None, list[int]] = defaultdict(list)
    by_place: dict[tuple[str, str] | str, list[int]] = defaultdict(list)
    for index, entry in enumerate(entries):
        by_area[entry.area].append(index)
        if entry.street and entry.number:
            by_place[(entry.street, entry.number)].append(index)
        if entry.postcode:
            by_place[entry.postcode].append(index)
    found: set[tuple[int, int]] = set()
    placeless = by_area.pop(None, [])
    for members in by_area.values():
        found |= _alike_names(entries, members, members)
    if placeless:
        found |= _alike_names(entries, placeless, list(range(len(entries))))
    for members in by_place.values():
        found |= {(i, j) for i, j in combinations(sorted(members), 2)}
    return found


def _alike_names(
    entries: list[_Entry], rows: list[int], columns: list[int]
) -> set[tuple[int, int]]:
    """The pairs (i < j) of rows and columns whose names look alike, in two C++ calls: the
    sorted words ("koffie en taal" = "taal en koffie") and the words glued together ("repair
    cafe" = "repaircafe")."""
    scores = np.maximum(
        *(
            process.cdist(
                [getattr(entries[i], key) for i in rows],
                [getattr(entries[j], key) for j in columns],
                scorer=fuzz.ratio,
                score_cutoff=NAME_CANDIDATE,
                dtype=np.uint8,
            )
            for key in ("name", "glued")
        )
    )
    hit_rows, hit_columns = np.nonzero(scores)
    first = np.asarray(rows)[hit_rows]
    second = np.asarray(columns)[hit_columns]
    pairs = zip(np.minimum(first, second).tolist(), np.maximum(first, second).tolist(), strict=True)
    return {(i, j) for i, j in pairs if i != j}


# --- weighing one pair -------------------------------------------------------------------------


def _judge(a: _Entry, b: _Entry, threshold: float) -> Pair | None:
    """The pair with its score and reasons; None when it scores below the threshold or the two
    cannot be one activity."""
    if not _may_be_same(a, b):
        return None
    reasons: list[Phrase] = []
    name = _name_points(a, b, reasons)
    score = name + _place_points(a, b, reasons) + _organisation_points(a, b, reasons)
    score += _time_points(a.record.schedule, b.record.schedule, reasons)
    if score + DESCRIPTION_WEIGHT < threshold:
        return None  # the description cannot lift it: spare comparing it
    similarity = fuzz.token_set_ratio(a.description, b.description)
    if name <= 0 and similarity < 90:
        return None  # names that differ: only a copied description makes them one
    score += _description_points(similarity, reasons)
    score = round(min(score, 1.0), 2)
    return Pair(a.record, b.record, score, tuple(reasons)) if score >= threshold else None


def _name_similarity(a: tuple[str, str], b: tuple[str, str]) -> float:
    # Word order and a missing word ("De Kookgroep", "Kookgroep") hardly matter; a name that is
    # a part of the other counts a little less than the same name.
    return max(
        fuzz.ratio(a[0], b[0]),
        fuzz.ratio(a[1], b[1]),
        0.9 * fuzz.token_set_ratio(a[0], b[0]),
    )


def _name_points(a: _Entry, b: _Entry, reasons: list[Phrase]) -> float:
    similarity = _name_similarity((a.name, a.glued), (b.name, b.glued))
    if similarity >= 99.5:
        reasons.append(Phrase(N_("zelfde naam")))
    elif similarity >= 70:
        percent = round(similarity)
        reasons.append(Phrase(N_("bijna dezelfde naam (%(percent)s%%)"), {"percent": percent}))
    return NAME_WEIGHT * max(0.0, (similarity - NAME_FLOOR) / (100 - NAME_FLOOR))


def _same_address(a: _Entry, b: _Entry) -> bool:
    if not (a.street and b.street and a.number and b.number) or a.number != b.number:
        return False
    return a.street == b.street or fuzz.ratio(a.street, b.street) >= 90


def _place_points(a: _Entry, b: _Entry, reasons: list[Phrase]) -> float:
    if _same_address(a, b):
        reasons.append(Phrase(N_("zelfde adres")))
        return SAME_PLACE
    # A 6-position postcode is one side of a street: the same building only when an address is
    # missing; two addresses that differ are two places, however close (neighbours, or
    # coordinates copied from another entry).
    both = bool(a.street and b.street)
    if a.postcode and a.postcode == b.postcode:
        reasons.append(Phrase(N_("zelfde postcode")))
        return OTHER_ADDRESS + SAME_STREET if both else SAME_PLACE
    if not both and a.point and b.point:
        metres = round(geo.distance_km(a.point, b.point) * 1000)
        if metres <= NEAR_METRES:
            reasons.append(Phrase(N_("vlak bij elkaar (%(metres)s m)"), {"metres": metres}))
            return SAME_PLACE
    points = OTHER_ADDRESS if both else 0.0
    codes = a.record.postcode, b.record.postcode
    if codes[0] and codes[1] and codes[0][:4] == codes[1][:4]:
        reasons.append(Phrase(N_("zelfde postcodegebied")))
        return points + SAME_POSTCODE_AREA
    if a.area and a.area == b.area:
        reasons.append(Phrase(N_("zelfde wijk")))
        return points + SAME_WIJK
    return points


def _organisation_points(a: _Entry, b: _Entry, reasons: list[Phrase]) -> float:
    ids = a.record.organisation_id, b.record.organisation_id
    if (all(ids) and ids[0] == ids[1]) or a.organisation == b.organisation:
        reasons.append(Phrase(N_("zelfde organisatie")))
        return SAME_ORGANISATION
    if fuzz.token_set_ratio(a.organisation, b.organisation) >= 85:
        reasons.append(Phrase(N_("bijna dezelfde organisatie")))
        return SIMILAR_ORGANISATION
    return 0.0


def _time_points(a: tuple[Slot, ...], b: tuple[Slot, ...], reasons: list[Phrase]) -> float:
    same = next((slot for slot in a if slot in b), None)
    if same is not None:
        reasons.append(Phrase(N_("zelfde tijd: %(slot)s"), {"slot": str(same)}))
        return SAME_TIME
    for slot in a:
        for other in b:
            if slot.day == other.day and slot.start < other.end and other.start < slot.end:
                params = {"slot": str(slot), "other": str(other)}
                reasons.append(Phrase(N_("tijden overlappen: %(slot)s en %(other)s"), params))
                return SAME_TIME
    return OTHER_TIME if a and b else 0.0


def _description_points(similarity: float, reasons: list[Phrase]) -> float:
    if similarity >= 80:
        percent = round(similarity)
        reasons.append(
            Phrase(N_("bijna dezelfde beschrijving (%(percent)s%%)"), {"percent": percent})
        )
    scale = (similarity - DESCRIPTION_FLOOR) / (100 - DESCRIPTION_FLOOR)
    return DESCRIPTION_WEIGHT * max(0.0, scale)
