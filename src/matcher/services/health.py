"""Health and metrics: is the database reachable, which catalogue does it hold, how old is the
index this process ranks with. Cheap: two small queries, never a rebuild of the index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from matcher.models import CatalogueState
from matcher.services import matching
from matcher.services.catalogue import count_activities


@dataclass(frozen=True, slots=True)
class Health:
    """What a health check or a metrics scrape reports; None where the database did not answer."""

    database: bool
    catalogue_version: int | None = None
    catalogue_changed_at: dt.datetime | None = None
    activities: int | None = None
    index_version: int | None = None  # this process's index; None before its first search
    index_built_at: float | None = None  # seconds since the epoch


def check(db: Session) -> Health:
    """The state of the database and of this process's index."""
    try:
        state = db.execute(
            select(CatalogueState.version, CatalogueState.changed_at).where(CatalogueState.id == 1)
        ).first()
        activities = count_activities(db)
    except DBAPIError:
        db.rollback()
        return Health(database=False)
    index = matching.index_state(db)
    return Health(
        database=True,
        catalogue_version=state.version if state else 0,
        catalogue_changed_at=state.changed_at if state else None,
        activities=activities,
        index_version=index[0] if index else None,
        index_built_at=index[1] if index else None,
    )
