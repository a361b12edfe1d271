"""Matching: the ranking core fed from the database, with the index cached per catalogue version."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import json
import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from matcher import clock, geo, vocabulary
from matcher.catalogue.freshness import Audience
from matcher.catalogue.records import ActivityRecord
from matcher.profile import Profile, parse_profile
from matcher.ranking import stored
from matcher.ranking.browse import browse
from matcher.ranking.index import (
    CatalogueIndex,
    TextVocabulary,
    build_index,
    text_vocabulary,
    updated_index,
)
from matcher.ranking.query import Query
from matcher.ranking.rank import Answer, Result, rank
from matcher.ranking.text import Resolver
from matcher.services import catalogue
from matcher.services.catalogue import catalogue_version

_lock = threading.Lock()
_indexes: dict[str, CatalogueIndex] = {}
_built: dict[str, float] = {}  # when each index was built (the health check reports its age)


@cache
def resolver() -> Resolver:
    """What typed words stand for, by the vocabulary (built once per process)."""
    return Resolver(
        vocabulary.INTERESTS,
        vocabulary.synonyms(),
        vocabulary.topics(),
        vocabulary.abbreviations(),
        vocabulary.stop_words(),
        ignored_phrases=geo.wijken(),
    )


def current_index(db: Session) -> CatalogueIndex:
    """The index of the catalogue as it is now; brought up to date only when the stored version
    changed."""
    version = catalogue_version(db)
    key = _engine_key(db)
    index = _indexes.get(key)
    if index is not None and index.version == version:
        return index
    with _lock:  # one thread builds, the others wait and reuse it
        index = _indexes.get(key)
        if index is None or index.version != version:
            replaced = index is not None
            index = _index_at(db, index, version)
            _indexes[key] = index
            _built[key] = time.time()
            _settle(replaced)
    return index


def _settle(replaced: bool) -> None:
    """Keep what lives now, the new index above all, out of the garbage collector's passes.

    An index holds hundreds of thousands of objects that live until the catalogue changes; every
    full pass went through all of them and stopped the worker for 180 ms at 10,000 activities,
    about every 15 seconds under load (3 ms when frozen). When an index was replaced, what was frozen before is
    let go and collected first, so the old index does not stay behind.
    """
    if replaced:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def latest_index(engine: Engine, db: Callable[[], Session]) -> CatalogueIndex:
    """The index of the catalogue as it is now, for a request that needs nothing else from the
    database: the version is read past any session, and `db()` is opened only when the index
    must be brought up to date."""
    index = _indexes.get(_url_key(engine))
    if index is not None and index.version == catalogue.committed_version(engine):
        return index
    return current_index(db())


def _index_at(db: Session, held: CatalogueIndex | None, version: int) -> CatalogueIndex:
    """The index of a version: the one held with the activities changed since read again, when
    the catalogue's history says which; else built from the whole catalogue."""
    changed = None
    if held is not None and held.version < version:
        changed = catalogue.changed_since(db, held.version, version)
    if held is None or changed is None:
        every = sorted(catalogue.all_records(db), key=lambda r: r.id)
        return build_index(every, version, vocabulary.stop_words())
    fresh = catalogue.records_of(db, changed)
    # A renamed organisation is renamed in all its activities, not only the changed one.
    names = {r.organisation_id: r.organisation for r in held.records}
    renamed = {
        r.organisation_id
        for r in fresh
        if names.get(r.organisation_id, r.organisation) != r.organisation
    }
    if renamed:
        fresh += catalogue.organisation_records(db, [c for c in renamed if c])
    return updated_index(held, fresh, changed, version, vocabulary.stop_words())


def index_state(db: Session) -> tuple[int, float] | None:
    """This process's index for this database, without building one: its catalogue version
    and when it was built (seconds since the epoch); None before the first search."""
    key = _engine_key(db)
    index, built = _indexes.get(key), _built.get(key)
    return None if index is None or built is None else (index.version, built)


def record(db: Session, activity_id: str) -> ActivityRecord | None:
    """One activity of the current catalogue, or None."""
    catalogue = current_index(db)
    position = catalogue.position.get(activity_id)
    return None if position is None else catalogue.records[position]


def records(db: Session, activity_ids: Iterable[str]) -> list[ActivityRecord]:
    """The activities of the current catalogue with these ids, in that order; unknown ids left out."""
    found = (record(db, activity_id) for activity_id in activity_ids)
    return [r for r in found if r is not None]


def catalogue_page(db: Session, number: int, size: int) -> tuple[list[ActivityRecord], int]:
    """A page of the catalogue's activities in catalogue order, and how many there are."""
    records = current_index(db).records
    return list(records[(number - 1) * size : number * size]), len(records)


def organisation_records(db: Session, organisation: str) -> list[ActivityRecord]:
    """The activities of one organisation in the current catalogue."""
    return [r for r in current_index(db).records if r.organisation == organisation]


@dataclass(frozen=True, slots=True)
class BrowsePage:
    """One page of the catalogue as filtered for browsing."""

    activities: list[ActivityRecord]
    total: int  # activities that pass the filters
    number: int
    pages: int


def browse_page(
    db: Session,
    number: int,
    size: int,
    wijk: str | None = None,
    interest: str | None = None,
    day: str | None = None,
    support: str | None = None,
    free: bool = False,
) -> BrowsePage:
    """A page of the activities that pass the filters; a number past the last shows the last.

    Browsing is for residents: entries not confirmed for 18 months are left out.
    """
    catalogue = current_index(db)
    positions = browse(catalogue, wijk, interest, day, support, free, clock.today())
    pages = max(1, math.ceil(len(positions) / size))
    number = min(max(number, 1), pages)
    shown = [catalogue.records[i] for i in positions[(number - 1) * size : number * size]]
    return BrowsePage(shown, len(positions), number, pages)


def _engine_key(db: Session) -> str:
    bind = db.get_bind()
    return _url_key(bind if isinstance(bind, Engine) else bind.engine)


def _url_key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def match(
    db: Session,
    profile: Profile,
    top: int = 10,
    today: dt.date | None = None,
    audience: Audience = Audience.PROFESSIONALS,
) -> Answer:
    """Rank the current catalogue for a profile (reasons are Phrases the pages translate).

    Residents' pages say `Audience.RESIDENTS`: they do not find entries not confirmed for 18
    months; professionals (consult, cases, the API, the command line) do, flagged.
    """
    return match_in(current_index(db), profile, top, today, audience)


def match_in(
    index: CatalogueIndex,
    profile: Profile,
    top: int = 10,
    today: dt.date | None = None,
    audience: Audience = Audience.PROFESSIONALS,
) -> Answer:
    """Rank the catalogue of `index` for a profile, as `match` does."""
    query = Query.from_profile(profile, resolver())
    return rank(index, query, top, today or clock.today(), audience)


def stored_index(db: Session, folder: Path) -> CatalogueIndex:
    """The index of the current catalogue version from its file in `folder`, written there when
    there is none yet: for a process that lives for one command.

    The file's name and contents name the database, the vocabulary and the version; files of
    older versions of the same catalogue are removed once the new one is there.
    """
    version = catalogue_version(db)
    known = text_vocabulary()
    key = _file_key(db, known)
    name = f"ranking-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
    path = folder / f"{name}-{version}.npz"
    index = stored.load(path, key, version, known)
    if index is not None:
        return index
    index = current_index(db)
    if index.version == version:  # else the catalogue changed meanwhile: keep no file of it
        folder.mkdir(parents=True, exist_ok=True)
        stored.save(index, path, key)
        for old in folder.glob(f"{name}-*.npz"):
            if old != path:
                old.unlink(missing_ok=True)
    return index


def _file_key(db: Session, known: TextVocabulary) -> str:
    """What a stored index depends on besides the version: the database and the vocabulary."""
    vocabulary_text = json.dumps(
        [
            sorted(vocabulary.stop_words()),
            sorted(known.phrases),
            sorted(known.words),
            sorted(known.whole_only),
            [(code, term.label) for code, term in vocabulary.INTERESTS.items()],
        ],
        ensure_ascii=False,
    )
    return f"{_engine_key(db)}\n{hashlib.sha256(vocabulary_text.encode()).hexdigest()}"


def cost_excluded_all(db: Session, profile: Profile, answer: Answer, audience: Audience) -> bool:
    """Whether the cost limit alone left out everything that would otherwise have fitted."""
    if answer.results or profile.max_cost_eur is None:
        return False
    unlimited = dataclasses.replace(profile, max_cost_eur=None)
    return bool(match(db, unlimited, 1, audience=audience).results)


# The catalogue marks support for mantelzorgers with the sub-topic 'mantelzorg' (a mantelzorgcafé,
# a group for young carers) and says 'respijt' in words; this asks for both.
CARERS = {"interests": ["mantelzorg"], "wishes": "respijt mantelzorg"}


def for_carers(db: Session, location: dict[str, Any], top: int = 3) -> list[Result]:
    """What the catalogue offers mantelzorgers (respite, peer groups), near the place given:
    only what is about mantelzorg itself, not any peer group."""
    profile = parse_profile({**CARERS, **({"location": location} if location else {})})
    found = match(db, profile, top, audience=Audience.RESIDENTS).results
    return [r for r in found if r.fit == "goed"]
