"""The catalogue in the database: import (all-or-nothing), export, and the catalogue version."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, joinedload, selectinload

from matcher import db as database
from matcher.catalogue.formats import ParsedCatalogue, RowError
from matcher.catalogue.records import ActivityRecord
from matcher.catalogue.schedule import Slot
from matcher.clock import now
from matcher.errors import TryAgain
from matcher.models import (
    Activity,
    CatalogueState,
    Consent,
    Location,
    Organisation,
    Referral,
    ScheduleSlot,
    UserAccount,
)


@dataclass(slots=True)
class ImportSummary:
    """What an import did (or, on a dry run or invalid file, would do), in counts that reconcile."""

    unit: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    invalid: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: bool = False


CATALOGUE_LOCK = 80110195  # one catalogue writer at a time (PostgreSQL advisory lock)


def import_catalogue(
    db: Session,
    parsed: ParsedCatalogue,
    *,
    replace: bool = False,
    dry_run: bool = False,
    lock_timeout: float = database.LOCK_TIMEOUT_SECONDS,
) -> ImportSummary:
    """Import a parsed catalogue in one transaction; with any error or on a dry run, change nothing.

    Imports go one at a time: two at once would each compare the file with the catalogue as it
    was before the other, and leave a mix of both. One that cannot get its turn within
    `lock_timeout` seconds, or trips over another writer anyway, raises TryAgain.
    """
    try:
        database.serialise(db, CATALOGUE_LOCK, lock_timeout)
        return _import(db, parsed, replace, dry_run)
    except DBAPIError as error:
        db.rollback()
        if not database.is_contention(error):
            raise
        message = "de catalogus wordt net door een ander bijgewerkt; probeer het opnieuw"
        raise TryAgain(None, message) from None


def _import(db: Session, parsed: ParsedCatalogue, replace: bool, dry_run: bool) -> ImportSummary:
    summary = ImportSummary(
        unit=parsed.unit,
        rows_read=parsed.rows_read,
        errors=list(parsed.errors),
        warnings=list(parsed.warnings),
    )
    summary.invalid = parsed.rows_read - len(parsed.records)
    existing = {a.id: a for a in db.scalars(_activities_query())}
    created, updated = [], []
    for _line, record in parsed.records:
        current = existing.get(record.id)
        if current is None:
            created.append(record)
        elif record_of(current) != record:
            updated.append((current, record))
    in_file = {record.id for _line, record in parsed.records}
    gone = [a for a in existing.values() if a.id not in in_file] if replace else []
    summary.created, summary.updated, summary.deleted = len(created), len(updated), len(gone)
    summary.unchanged = len(parsed.records) - len(created) - len(updated)
    if summary.errors or dry_run or not (created or updated or gone):
        db.rollback()
        return summary
    writer = _Writer(db)
    for record in created:
        writer.create(record)
    for activity, record in updated:
        writer.update(activity, record)
    for activity in gone:
        db.delete(activity)
    db.flush()
    writer.remove_orphans()
    _bump_version(db)
    db.commit()
    summary.written = True
    return summary


def _activities_query() -> Select[tuple[Activity]]:
    return select(Activity).options(
        joinedload(Activity.organisation),
        joinedload(Activity.location),
        selectinload(Activity.slots),
    )


def all_records(db: Session) -> list[ActivityRecord]:
    """Every activity of the catalogue, ordered by id."""
    return [record_of(a) for a in db.scalars(_activities_query().order_by(Activity.id))]


def get_record(db: Session, activity_id: str) -> ActivityRecord | None:
    """One activity, or None."""
    activity = db.scalars(_activities_query().where(Activity.id == activity_id)).first()
    return None if activity is None else record_of(activity)


def count_activities(db: Session) -> int:
    """How many activities the catalogue holds."""
    return db.scalar(select(func.count()).select_from(Activity)) or 0


def catalogue_version(db: Session) -> int:
    """The version of the catalogue; it changes with every import that changes something."""
    return db.scalar(select(CatalogueState.version).where(CatalogueState.id == 1)) or 0


def _bump_version(db: Session) -> None:
    # One atomic UPDATE, so two importers on two hosts never hand out the same version.
    db.execute(
        update(CatalogueState)
        .where(CatalogueState.id == 1)
        .values(version=CatalogueState.version + 1, changed_at=now())
    )


def record_of(activity: Activity) -> ActivityRecord:
    """The catalogue record of a stored activity."""
    location = activity.location
    return ActivityRecord(
        id=activity.id,
        title=activity.title,
        description=activity.description,
        organisation=activity.organisation.name,
        interests=tuple(activity.interests),
        address=location.address if location else None,
        postcode=location.postcode if location else None,
        wijk=location.wijk if location else None,
        lat=location.lat if location else None,
        lon=location.lon if location else None,
        support=tuple(activity.support),
        expertise=tuple(activity.expertise),
        vorm=tuple(activity.vorm),
        aanbod=activity.aanbod,
        schedule=tuple(Slot(s.day, s.starts_at, s.ends_at) for s in activity.slots),
        cost_eur=activity.cost_eur,
        min_age=activity.min_age,
        max_age=activity.max_age,
        languages=tuple(activity.languages),
        contact_name=activity.contact_name,
        contact_phone=activity.contact_phone,
        contact_email=activity.contact_email,
        website=activity.website,
        status=activity.status,
        last_verified=activity.last_verified,
    )


_PlaceKey = tuple[str | None, str | None, str | None, float | None, float | None]


class _Writer:
    """Writes records to activities, sharing organisations and locations by name and place."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self.organisations = {o.name: o for o in db.scalars(select(Organisation))}
        self.locations = {_place_of(loc): loc for loc in db.scalars(select(Location))}

    def create(self, record: ActivityRecord) -> None:
        activity = Activity(id=record.id)
        self.update(activity, record)
        self.db.add(activity)

    def update(self, activity: Activity, record: ActivityRecord) -> None:
        activity.title = record.title
        activity.description = record.description
        activity.organisation = self._organisation(record.organisation)
        activity.location = self._location(record)
        activity.interests = list(record.interests)
        activity.support = list(record.support)
        activity.expertise = list(record.expertise)
        activity.vorm = list(record.vorm)
        activity.aanbod = record.aanbod
        activity.cost_eur = record.cost_eur
        activity.min_age, activity.max_age = record.min_age, record.max_age
        activity.languages = list(record.languages)
        activity.contact_name = record.contact_name
        activity.contact_phone = record.contact_phone
        activity.contact_email = record.contact_email
        activity.website = record.website
        activity.status = record.status
        activity.last_verified = record.last_verified
        _set_slots(activity, record.schedule)

    def _organisation(self, name: str) -> Organisation:
        if name not in self.organisations:
            self.organisations[name] = Organisation(name=name)
        return self.organisations[name]

    def _location(self, record: ActivityRecord) -> Location | None:
        key: _PlaceKey = (record.address, record.postcode, record.wijk, record.lat, record.lon)
        if not any(part is not None for part in key):
            return None
        if key not in self.locations:
            self.locations[key] = Location(
                address=record.address,
                postcode=record.postcode,
                wijk=record.wijk,
                lat=record.lat,
                lon=record.lon,
            )
        return self.locations[key]

    def remove_orphans(self) -> None:
        # An organisation stays while an aanbieder account, a referral or a consent refers to it.
        used_orgs = select(Activity.organisation_id).union(
            *(
                select(column).where(column.is_not(None))
                for column in (
                    UserAccount.organisation_id,
                    Referral.organisation_id,
                    Consent.organisation_id,
                )
            )
        )
        used_locations = select(Activity.location_id).where(Activity.location_id.is_not(None))
        self.db.execute(delete(Organisation).where(Organisation.id.not_in(used_orgs)))
        self.db.execute(delete(Location).where(Location.id.not_in(used_locations)))


def _set_slots(activity: Activity, schedule: tuple[Slot, ...]) -> None:
    # Rewrite slots in place: new rows for the same positions would collide with the old ones
    # in the unique (activity, position) index before the old ones are deleted.
    slots = activity.slots
    for position, slot in enumerate(schedule):
        if position == len(slots):
            slots.append(ScheduleSlot(position=position))
        slots[position].day, slots[position].starts_at, slots[position].ends_at = (
            slot.day,
            slot.start,
            slot.end,
        )
    del slots[len(schedule) :]


def _place_of(location: Location) -> _PlaceKey:
    return (location.address, location.postcode, location.wijk, location.lat, location.lon)
