"""'Klopt dit nog?' in the database: which entries each organisation should confirm.

The rules are in `matcher.catalogue.freshness`; confirming is `services.catalogue.confirm`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from matcher import clock
from matcher.catalogue import freshness
from matcher.catalogue.freshness import DueEntry
from matcher.catalogue.records import ActivityRecord
from matcher.models import Activity, Organisation
from matcher.services import catalogue


@dataclass(frozen=True, slots=True)
class OrganisationDue:
    """One organisation's entries to confirm, with where to write to."""

    name: str
    code: str
    emails: tuple[str, ...]  # the contact e-mail addresses its entries give
    entries: list[DueEntry]


def _records_of(db: Session, organisation: Organisation) -> list[ActivityRecord]:
    activities = db.scalars(
        select(Activity)
        .where(Activity.organisation_id == organisation.id)
        .options(
            joinedload(Activity.organisation),
            joinedload(Activity.location),
            selectinload(Activity.slots),
        )
        .order_by(Activity.id)
    )
    return [catalogue.record_of(a) for a in activities]


def due_for(
    db: Session, organisation: Organisation, today: dt.date | None = None
) -> list[DueEntry]:
    """The organisation's own entries that are due (or past it), oldest confirmation first."""
    return freshness.due(_records_of(db, organisation), today or clock.today())


def due_by_organisation(db: Session, today: dt.date | None = None) -> list[OrganisationDue]:
    """Every organisation with entries to confirm, by name (for the weekly digest)."""
    day = today or clock.today()
    by_code: dict[str, list[ActivityRecord]] = {}
    for record in catalogue.all_records(db):
        by_code.setdefault(record.organisation_id or record.organisation, []).append(record)
    found = []
    for code, records in by_code.items():
        entries = freshness.due(records, day)
        if entries:
            emails = sorted({r.contact_email for r in records if r.contact_email})
            found.append(OrganisationDue(records[0].organisation, code, tuple(emails), entries))
    return sorted(found, key=lambda o: (o.name.lower(), o.code))
