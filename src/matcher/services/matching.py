"""Matching: the ranking core fed from the database, with the index cached per catalogue version."""

from __future__ import annotations

import datetime as dt
import threading
from functools import cache

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from matcher import geo, vocabulary
from matcher.profile import Profile
from matcher.ranking.index import CatalogueIndex, build_index
from matcher.ranking.query import Query
from matcher.ranking.rank import Answer, rank
from matcher.ranking.text import Resolver
from matcher.services.catalogue import all_records, catalogue_version

_lock = threading.Lock()
_indexes: dict[str, CatalogueIndex] = {}


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
    """The index of the catalogue as it is now; rebuilt only when the stored version changed."""
    version = catalogue_version(db)
    key = _engine_key(db)
    index = _indexes.get(key)
    if index is not None and index.version == version:
        return index
    with _lock:  # one thread builds, the others wait and reuse it
        index = _indexes.get(key)
        if index is None or index.version != version:
            index = build_index(all_records(db), version, vocabulary.stop_words())
            _indexes[key] = index
    return index


def _engine_key(db: Session) -> str:
    bind = db.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    return engine.url.render_as_string(hide_password=True)


def match(
    db: Session,
    profile: Profile,
    top: int = 10,
    today: dt.date | None = None,
    language: str = "nl",
) -> Answer:
    """Rank the current catalogue for a profile, with reasons in the pages' language."""
    return rank(current_index(db), Query.from_profile(profile, resolver()), top, today, language)
