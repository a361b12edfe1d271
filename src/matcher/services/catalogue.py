"""The catalogue in the database: one activity at a time or a whole file, always through here.

Every write (an import, a beheerder's edit, an organisation's edit, a confirmation, an approved
change) goes through `_Writer`, keeps a line of history (`ActivityChange`), raises the catalogue
version that every worker keys its ranking index by, and writes an audit line, all in the
caller's transaction. An organisation's change to a field that matters for safety and matching
(`records.REVIEWED`) waits for a beheerder; the rest goes live at once and is listed for them.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from matcher import clock, roles
from matcher import db as database
from matcher.catalogue import records
from matcher.catalogue.formats import Known, ParsedCatalogue, RowError, read_catalogue
from matcher.catalogue.records import ActivityRecord, RowInvalid, Store, to_row
from matcher.catalogue.schedule import Slot
from matcher.clock import now
from matcher.errors import MatcherError, NotFound, TryAgain, ValidationError
from matcher.models import (
    NOTE_MAX,
    Activity,
    ActivityChange,
    CatalogueState,
    Consent,
    Location,
    Organisation,
    Referral,
    ScheduleSlot,
    UserAccount,
)
from matcher.phrases import N_, Phrase
from matcher.roles import Permission
from matcher.services import audit
from matcher.services.audit import Action, Actor, Event

CATALOGUE_LOCK = 80110195  # one catalogue writer at a time (PostgreSQL advisory lock)

# The kinds of change an entry's history shows.
NEW, CHANGED, CONFIRMED, IMPORTED, MERGED = (
    "nieuw",
    "gewijzigd",
    "bevestigd",
    "import",
    "samengevoegd",
)
# The states of a change.
LIVE, WAITING, APPROVED, REJECTED = "live", "wacht", "goedgekeurd", "afgewezen"
KIND_LABELS = {
    NEW: N_("nieuw"),
    CHANGED: N_("gewijzigd"),
    CONFIRMED: N_("bevestigd: klopt nog"),
    IMPORTED: N_("bijgewerkt uit een bestand"),
    MERGED: N_("samengevoegd"),
}
STATE_LABELS = {
    LIVE: N_("meteen te zien"),
    WAITING: N_("wacht op controle"),
    APPROVED: N_("goedgekeurd"),
    REJECTED: N_("afgewezen"),
}


class Conflict(MatcherError):
    """Someone else saved the entry since this edit began; nothing was saved. `current` is the
    entry as it is now, so both versions can be shown."""

    status = 409

    def __init__(self, current: ActivityRecord, revision: int) -> None:
        super().__init__(
            None,
            Phrase(
                N_(
                    "Iemand anders heeft deze activiteit net gewijzigd. Er is niets opgeslagen. "
                    "Vergelijk jouw versie met de nieuwe en sla opnieuw op."
                )
            ),
        )
        self.current, self.revision = current, revision


# --- reading -----------------------------------------------------------------------------------


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
    activity = _activity(db, activity_id)
    return None if activity is None else record_of(activity)


def _activity(db: Session, activity_id: str) -> Activity | None:
    return db.scalars(_activities_query().where(Activity.id == activity_id)).first()


def entry(db: Session, activity_id: str, organisation: Organisation | None = None) -> Activity:
    """One stored activity; when an organisation is given, only one of its own (else NotFound,
    the same answer as for an entry that does not exist)."""
    activity = _activity(db, activity_id)
    if activity is None or (organisation and activity.organisation_id != organisation.id):
        raise NotFound("activiteit", Phrase(N_("deze activiteit bestaat niet")))
    return activity


def count_activities(db: Session) -> int:
    """How many activities the catalogue holds."""
    return db.scalar(select(func.count()).select_from(Activity)) or 0


_VERSION = select(CatalogueState.version).where(CatalogueState.id == 1)
_VERSION_SQL = "SELECT version FROM catalogue_state WHERE id = 1"  # _VERSION, for the driver


def catalogue_version(db: Session) -> int:
    """The version of the catalogue; it changes with every write that changes something."""
    # Read on the session's connection, past the ORM: every search checks it, and the ORM's
    # statement handling took half of the check's 0.3 ms.
    return db.connection().execute(_VERSION).scalar() or 0


def committed_version(engine: Engine) -> int:
    """The version as last committed, read on a pooled connection of its own, past SQLAlchemy.

    For a request that needs nothing else from the database (an API search): opening a
    session's transaction for it (BEGIN, the query, COMMIT, through SQLAlchemy's events) cost
    0.5 ms of CPU, a fifth of such a search. The driver opens no transaction around the read
    on SQLite (autocommit), and the pool ends PostgreSQL's when the connection goes back.
    """
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(_VERSION_SQL)
        row = cursor.fetchone()
        cursor.close()
    finally:
        connection.close()
    return int(row[0]) if row and row[0] else 0


def _bump_version(db: Session, changes: Iterable[ActivityChange] = ()) -> int | None:
    """Raise the catalogue version, and mark the changes that went live with the new one; the
    new version."""
    # One atomic UPDATE, so two writers on two hosts never hand out the same version.
    version = db.execute(
        update(CatalogueState)
        .where(CatalogueState.id == 1)
        .values(version=CatalogueState.version + 1, changed_at=now())
        .returning(CatalogueState.version)
    ).scalar()  # None in a database made without its migrations (no state row): no version
    for change in changes:
        change.catalogue_version = version
    return version


# More changed activities than this, and reading the whole catalogue is as quick.
MAX_CHANGED_READ = 500


def changed_since(db: Session, version: int, current: int) -> set[str] | None:
    """The ids of the activities changed after `version` up to `current`, from their history.

    None when the history cannot tell: a version without its changes (from before the history
    kept versions, or a restored backup), or so many that reading them all is as quick.
    """
    rows = db.execute(
        select(ActivityChange.catalogue_version, ActivityChange.activity_id).where(
            ActivityChange.catalogue_version > version,
            ActivityChange.catalogue_version <= current,
        )
    ).all()
    ids = {activity_id for _version, activity_id in rows}
    if len({v for v, _id in rows}) != current - version or len(ids) > MAX_CHANGED_READ:
        return None
    return ids


def records_of(db: Session, activity_ids: Iterable[str]) -> list[ActivityRecord]:
    """The activities with these ids that exist."""
    query = _activities_query().where(Activity.id.in_(list(activity_ids)))
    return [record_of(a) for a in db.scalars(query)]


def organisation_records(db: Session, codes: Iterable[str]) -> list[ActivityRecord]:
    """The activities of the organisations with these codes."""
    query = (
        _activities_query().join(Activity.organisation).where(Organisation.code.in_(list(codes)))
    )
    return [record_of(a) for a in db.scalars(query)]


def record_of(activity: Activity) -> ActivityRecord:
    """The catalogue record of a stored activity (already valid, so not validated again)."""
    values: dict[str, Any] = {"id": activity.id}
    for name in records.stored_in(Store.ACTIVITY):
        values[name] = getattr(activity, name)
    for name in records.stored_in(Store.LOCATION):
        values[name] = getattr(activity.location, name) if activity.location else None
    values["organisation"] = activity.organisation.name
    values["organisation_id"] = activity.organisation.code
    values["schedule"] = tuple(Slot(s.day, s.starts_at, s.ends_at) for s in activity.slots)
    return _record(values)


def _record(values: dict[str, Any]) -> ActivityRecord:
    for name in _LISTS:
        values[name] = tuple(values[name])
    return ActivityRecord.model_construct(**values)


_LISTS = tuple(
    name
    for name, spec in records.FIELDS.items()
    if spec.kind.many and spec.store is not Store.SCHEDULE
)


def stored_records(db: Session, ids: Collection[str] | None = None) -> dict[str, ActivityRecord]:
    """Every activity's record by id (or those with these ids), read as plain rows: an import
    compares a file with them, and loading 10,000 activities as ORM objects took seconds."""
    if ids is None:
        return _stored_records(db, None)
    found: dict[str, ActivityRecord] = {}
    keys = list(ids)
    for start in range(0, len(keys), 500):  # the driver's limit on bound parameters
        chosen = _table(Activity).c.id.in_(keys[start : start + 500])
        found.update(_stored_records(db, chosen))
    return found


def _stored_records(db: Session, chosen: ColumnElement[bool] | None) -> dict[str, ActivityRecord]:
    activity, location, slot = (_table(m) for m in (Activity, Location, ScheduleSlot))
    activities, places, slots = select(activity), select(location), select(slot)
    if chosen is not None:
        activities = activities.where(chosen)
        places = places.where(location.c.id.in_(select(activity.c.location_id).where(chosen)))
        slots = slots.where(slot.c.activity_id.in_(select(activity.c.id).where(chosen)))
    place_of = {row.id: row._mapping for row in db.execute(places)}
    organisations = {o.id: (o.name, o.code) for o in db.execute(select(_table(Organisation)))}
    schedules: dict[str, list[Slot]] = {}
    for s in db.execute(slots.order_by(slot.c.activity_id, slot.c.position)):
        schedules.setdefault(s.activity_id, []).append(Slot(s.day, s.starts_at, s.ends_at))
    found = {}
    for row in db.execute(activities):
        place = place_of.get(row.location_id)
        values = {name: row._mapping[name] for name in _ACTIVITY_FIELDS}
        values.update({name: place[name] if place else None for name in _LOCATION_FIELDS})
        values["organisation"], values["organisation_id"] = organisations[row.organisation_id]
        values["schedule"] = tuple(schedules.get(row.id, ()))
        found[row.id] = _record(values)
    return found


def _table(model: type[database.Base]) -> Table:
    return cast(Table, model.__table__)


_ACTIVITY_FIELDS = ("id", *records.stored_in(Store.ACTIVITY))
_LOCATION_FIELDS = records.stored_in(Store.LOCATION)


def _known(db: Session) -> Known:
    """Each stored entry's fingerprint and each organisation's id by its name: two narrow
    queries, where reading the entries themselves took a second for 10,000."""
    activity, organisation = _table(Activity), _table(Organisation)
    fingerprints = db.execute(select(activity.c.id, activity.c.fingerprint)).tuples()
    names = db.execute(select(organisation.c.name, organisation.c.code)).tuples()
    return Known(dict(fingerprints.all()), dict(names.all()))


# --- writing one activity ----------------------------------------------------------------------


def _needs_review(actor: Actor) -> bool:
    """An organisation's own account proposes; a beheerder (or the command line) decides."""
    return actor.account is not None and not roles.may(actor.account.role, Permission.ADMIN)


def changed_fields(old: ActivityRecord | None, new: ActivityRecord) -> dict[str, list[str]]:
    """Each field that differs, as [old text, new text] (the catalogue's text form)."""
    return _differences(to_row(old) if old is not None else _NOTHING, to_row(new))


_NOTHING = dict.fromkeys(records.COLUMNS, "")


def _differences(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, list[str]]:
    return {
        name: [before[name], after[name]] for name in records.COLUMNS if before[name] != after[name]
    }


@dataclass(frozen=True, slots=True)
class Saved:
    """What a save did: the change that went live, and the change that waits for review."""

    live: ActivityChange | None
    waiting: ActivityChange | None


def save(
    db: Session,
    record: ActivityRecord,
    actor: Actor,
    *,
    revision: int | None,
    reason: str | None = None,
) -> Saved:
    """Add an activity (`revision` None) or change one that was read at `revision`.

    An organisation's account may only touch its own entries, and its changes to reviewed
    fields wait; a save based on an older revision raises Conflict and saves nothing.
    """
    try:
        return _save(db, record, actor, revision, reason)
    except StaleDataError:
        # Another worker saved the same entry between our read and our write.
        db.rollback()
        activity = entry(db, record.id)
        raise Conflict(record_of(activity), activity.revision) from None


def _save(
    db: Session, record: ActivityRecord, actor: Actor, revision: int | None, reason: str | None
) -> Saved:
    organisation = actor.account.organisation if actor.account else None
    if _needs_review(actor):
        record = _as_own(record, organisation)
    writer = _Writer(db)
    if revision is None:
        return _add(db, writer, writer.resolved(record), actor, reason)
    activity = entry(db, record.id, organisation if _needs_review(actor) else None)
    if activity.revision != revision:
        raise Conflict(record_of(activity), activity.revision)
    old = record_of(activity)
    new = writer.resolved(record)
    changes = changed_fields(old, new)
    waiting = (
        {n: v for n, v in changes.items() if n in records.REVIEWED} if _needs_review(actor) else {}
    )
    live = {n: v for n, v in changes.items() if n not in waiting}
    saved_live = None
    if live:
        applied = _with_texts(old, {n: v[1] for n, v in live.items()})
        writer.write(activity, applied)
        saved_live = _log(db, activity, CHANGED, LIVE, live, actor, reason)
    saved_waiting = None
    if waiting:
        saved_waiting = _log(db, activity, CHANGED, WAITING, waiting, actor, reason)
        saved_waiting.base_revision = activity.revision
        _audit(db, actor, Action.CHANGE_PROPOSED, activity.id)
    return Saved(saved_live, saved_waiting)


def _add(
    db: Session, writer: _Writer, record: ActivityRecord, actor: Actor, reason: str | None
) -> Saved:
    if _activity(db, record.id) is not None or _pending_new(db, record.id) is not None:
        raise ValidationError("id", Phrase(N_("er is al een activiteit met deze code")))
    if _needs_review(actor):
        change = _new_change(record, NEW, WAITING, changed_fields(None, record), actor, reason)
        change.organisation_id = actor.account.organisation_id if actor.account else None
        db.add(change)
        db.flush()
        _audit(db, actor, Action.CHANGE_PROPOSED, record.id)
        return Saved(None, change)
    activity = writer.create(record)
    return Saved(_log(db, activity, NEW, LIVE, changed_fields(None, record), actor, reason), None)


def _as_own(record: ActivityRecord, organisation: Organisation | None) -> ActivityRecord:
    if organisation is None:
        raise NotFound("activiteit", Phrase(N_("deze activiteit bestaat niet")))
    return record.model_copy(
        update={"organisation": organisation.name, "organisation_id": organisation.code}
    )


def _with_texts(record: ActivityRecord, texts: Mapping[str, str]) -> ActivityRecord:
    # Approving one change on top of another can break a rule between fields (an age range):
    # that is a clear refusal, not a crash.
    return _valid({**to_row(record), **texts})


def confirm(db: Session, activity: Activity, actor: Actor) -> ActivityChange:
    """The organisation says the entry is still right: last confirmed today."""
    old = record_of(activity)
    new = old.model_copy(update={"last_verified": clock.today()})
    _Writer(db).write(activity, new)
    return _log(db, activity, CONFIRMED, LIVE, changed_fields(old, new), actor, None)


def _log(
    db: Session,
    activity: Activity,
    kind: str,
    state: str,
    fields: dict[str, list[str]],
    actor: Actor,
    reason: str | None,
) -> ActivityChange:
    """One line of the entry's history; a live change also raises the catalogue version."""
    change = _new_change(record_of(activity), kind, state, fields, actor, reason)
    change.organisation_id = activity.organisation_id
    db.add(change)
    db.flush()
    if state == LIVE:
        _bump_version(db, [change])
        action = {NEW: Action.ACTIVITY_ADDED, CONFIRMED: Action.ACTIVITY_CONFIRMED}.get(
            kind, Action.ACTIVITY_CHANGED
        )
        _audit(db, actor, action, activity.id)
    return change


def _new_change(
    record: ActivityRecord,
    kind: str,
    state: str,
    fields: dict[str, list[str]],
    actor: Actor,
    reason: str | None,
) -> ActivityChange:
    moment = now()
    return ActivityChange(
        activity_id=record.id,
        kind=kind,
        state=state,
        fields=fields,
        reason=(reason or "").strip()[:NOTE_MAX] or None,
        by_id=actor.id,
        at=moment,
        # What an organisation changed itself is listed for the beheerder until seen.
        seen_at=None if _needs_review(actor) and state == LIVE else moment,
    )


def _audit(db: Session, actor: Actor, action: Action, activity_id: str) -> None:
    audit.record(db, Event.by(actor, action, "activiteit", activity_id, purpose="sociale kaart"))


# --- review ------------------------------------------------------------------------------------


def _pending_new(db: Session, activity_id: str) -> ActivityChange | None:
    return db.scalars(
        select(ActivityChange).where(
            ActivityChange.activity_id == activity_id,
            ActivityChange.kind == NEW,
            ActivityChange.state == WAITING,
        )
    ).first()


def waiting(db: Session, organisation: Organisation | None = None) -> list[ActivityChange]:
    """Changes that wait for review, oldest first; only one organisation's when given."""
    query = select(ActivityChange).where(ActivityChange.state == WAITING)
    if organisation is not None:
        query = query.where(ActivityChange.organisation_id == organisation.id)
    return list(db.scalars(query.order_by(ActivityChange.id)))


def unseen(db: Session) -> list[ActivityChange]:
    """What organisations changed themselves and went live, that no beheerder has seen yet."""
    query = select(ActivityChange).where(
        ActivityChange.state == LIVE, ActivityChange.seen_at.is_(None)
    )
    return list(db.scalars(query.order_by(ActivityChange.id)))


def history(db: Session, activity_id: str) -> list[ActivityChange]:
    """Every change of one entry, newest first."""
    query = select(ActivityChange).where(ActivityChange.activity_id == activity_id)
    return list(db.scalars(query.order_by(ActivityChange.id.desc())))


def decisions(db: Session, organisation: Organisation) -> list[ActivityChange]:
    """An organisation's reviewed changes, newest first: what was approved or rejected, and why."""
    query = select(ActivityChange).where(
        ActivityChange.organisation_id == organisation.id,
        ActivityChange.state.in_((APPROVED, REJECTED)),
    )
    return list(db.scalars(query.order_by(ActivityChange.decided_at.desc()).limit(50)))


def change(db: Session, change_id: int, organisation: Organisation | None = None) -> ActivityChange:
    """One change; when an organisation is given, only one of its own."""
    found = db.get(ActivityChange, change_id)
    if found is None or (organisation and found.organisation_id != organisation.id):
        raise NotFound("wijziging", Phrase(N_("deze wijziging bestaat niet")))
    return found


def mark_seen(db: Session, change_id: int, actor: Actor) -> None:
    """A beheerder has looked at a change that went live at once."""
    found = change(db, change_id)
    if found.seen_at is None:
        found.seen_at = now()


def approve(db: Session, change_id: int, actor: Actor) -> ActivityChange:
    """Put a waiting change live, unless its fields were changed since it was proposed."""
    proposal = _waiting(db, change_id)
    writer = _Writer(db)
    new_texts = {name: values[1] for name, values in proposal.fields.items()}
    if proposal.kind == NEW:
        if _activity(db, proposal.activity_id) is not None:
            raise ValidationError("id", Phrase(N_("er is al een activiteit met deze code")))
        record = writer.resolved(_valid(new_texts))
        activity = writer.create(record)
        _log(db, activity, NEW, LIVE, proposal.fields, actor, proposal.reason).seen_at = now()
    else:
        activity = entry(db, proposal.activity_id)
        old = record_of(activity)
        current = to_row(old)
        moved = [n for n, values in proposal.fields.items() if current[n] != values[0]]
        if moved:
            raise ValidationError(
                moved[0],
                Phrase(
                    N_(
                        "dit veld is gewijzigd nadat de wijziging werd voorgesteld; "
                        "wijs haar af en vraag de organisatie het opnieuw te doen"
                    )
                ),
            )
        writer.write(activity, _with_texts(old, new_texts))
        _log(db, activity, CHANGED, LIVE, proposal.fields, actor, proposal.reason).seen_at = now()
    proposal.state, proposal.decided_by, proposal.decided_at = APPROVED, actor.id, now()
    _audit(db, actor, Action.CHANGE_APPROVED, proposal.activity_id)
    return proposal


def reject(db: Session, change_id: int, reason: str, actor: Actor) -> ActivityChange:
    """Turn a waiting change down, with a reason the organisation sees."""
    proposal = _waiting(db, change_id)
    reason = reason.strip()
    if not reason:
        raise ValidationError("reden", Phrase(N_("schrijf op waarom, de organisatie ziet het")))
    proposal.state, proposal.decided_by, proposal.decided_at = REJECTED, actor.id, now()
    proposal.decision = reason[:NOTE_MAX]
    _audit(db, actor, Action.CHANGE_REJECTED, proposal.activity_id)
    return proposal


def _waiting(db: Session, change_id: int) -> ActivityChange:
    found = change(db, change_id)
    if found.state != WAITING:
        raise ValidationError(None, Phrase(N_("over deze wijziging is al beslist")))
    return found


def _valid(texts: Mapping[str, str]) -> ActivityRecord:
    try:
        return records.parse_record(texts)
    except RowInvalid as invalid:
        first = invalid.errors[0]
        raise ValidationError(first.column, first.message) from None


def new_id(db: Session, title: str, organisation: Organisation) -> str:
    """A readable, unused code for a new activity: its title and its organisation's code."""
    base = f"{slug(title)[:50]}-{organisation.code}"[:90].strip("-")
    candidate, number = base, 1
    while _activity(db, candidate) is not None or _pending_new(db, candidate) is not None:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def slug(name: str) -> str:
    """Lowercase ASCII words joined by hyphens: 'Buurthuis De Pelikaan' -> 'buurthuis-de-pelikaan'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "organisatie"


# --- a whole file ------------------------------------------------------------------------------


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


IMPORT_ACTOR = Actor(None, None, "catalogus importeren")


def import_catalogue(
    db: Session,
    parsed: ParsedCatalogue,
    *,
    replace: bool = False,
    dry_run: bool = False,
    lock_timeout: float = database.LOCK_TIMEOUT_SECONDS,
    actor: Actor = IMPORT_ACTOR,
) -> ImportSummary:
    """Import a parsed catalogue in one transaction; with any error or on a dry run, change nothing.

    Imports go one at a time: two at once would each compare the file with the catalogue as it
    was before the other, and leave a mix of both. One that cannot get its turn within
    `lock_timeout` seconds, or trips over another writer anyway, raises TryAgain.
    """

    def work() -> ImportSummary:
        stored = stored_records(db)
        known = _known(db)
        gone = _gone(parsed, known, replace)
        return _import(db, parsed, stored, gone, known, dry_run, actor)

    return _in_turn(db, lock_timeout, work)


def import_file(
    db: Session,
    data: bytes,
    filename: str,
    *,
    replace: bool = False,
    dry_run: bool = False,
    lock_timeout: float = database.LOCK_TIMEOUT_SECONDS,
    actor: Actor = IMPORT_ACTOR,
) -> ImportSummary:
    """Read a catalogue file and import it as `import_catalogue` does; a row that holds the text
    of a stored entry unchanged (by its fingerprint) is not read again, and only the stored
    entries the file changes or removes are read."""

    def work() -> ImportSummary:
        known = _known(db)
        parsed = read_catalogue(data, filename, known)
        gone = _gone(parsed, known, replace)
        compared = [r.id for _line, r in parsed.records if r.id in known.fingerprints]
        stored = stored_records(db, [*compared, *gone])
        return _import(db, parsed, stored, gone, known, dry_run, actor)

    return _in_turn(db, lock_timeout, work)


def _in_turn(db: Session, lock_timeout: float, work: Callable[[], ImportSummary]) -> ImportSummary:
    # The file is compared with the catalogue after the lock is taken, so with the catalogue as
    # it is when written.
    try:
        database.serialise(db, CATALOGUE_LOCK, lock_timeout)
        with _no_collection_pauses():
            return work()
    except (DBAPIError, StaleDataError) as error:
        db.rollback()
        if isinstance(error, DBAPIError) and not database.is_contention(error):
            raise
        message = "de catalogus wordt net door een ander bijgewerkt; probeer het opnieuw"
        raise TryAgain(None, message) from None


@contextmanager
def _no_collection_pauses() -> Iterator[None]:
    # An import makes a few million small objects that all live until it ends; the cyclic
    # garbage collector scanned them again and again, a third of the time of 10,000 rows.
    # Reference counting still frees what is dropped; the collector runs again after.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _gone(parsed: ParsedCatalogue, known: Known, replace: bool) -> list[str]:
    """The stored entries a replacing import removes: those not in the file."""
    if not replace:
        return []
    in_file = {r.id for _line, r in parsed.records} | {row.id for row in parsed.unchanged}
    return [key for key in known.fingerprints if key not in in_file]


def _import(
    db: Session,
    parsed: ParsedCatalogue,
    stored: dict[str, ActivityRecord],
    gone: list[str],
    known: Known,
    dry_run: bool,
    actor: Actor,
) -> ImportSummary:
    """Write what the file changes; `stored` holds (at least) the stored entries of its records
    and those `gone`."""
    summary = ImportSummary(
        unit=parsed.unit,
        rows_read=parsed.rows_read,
        errors=list(parsed.errors),
        warnings=list(parsed.warnings),
    )
    summary.invalid = parsed.rows_read - len(parsed.records) - len(parsed.unchanged)
    writer = _Writer(db)
    named = [(line, r.organisation_id, r.organisation) for line, r in parsed.records]
    named += [(row.line, row.organisation_id, row.organisation) for row in parsed.unchanged]
    summary.errors += writer.check_organisations(sorted(named))
    created, updated, unfingerprinted = [], [], []
    for _line, given in parsed.records:
        record = writer.resolved(given)
        current = stored.get(record.id)
        if current is None:
            created.append(record)
        elif current != record:
            updated.append(record)
        elif known.fingerprints.get(record.id) != records.fingerprint(to_row(record)):
            unfingerprinted.append(record)
    summary.created, summary.updated, summary.deleted = len(created), len(updated), len(gone)
    summary.unchanged = len(parsed.records) - len(created) - len(updated) + len(parsed.unchanged)
    if summary.errors or dry_run or not (created or updated or gone or unfingerprinted):
        db.rollback()
        return summary
    _fingerprint(db, unfingerprinted)
    if not (created or updated or gone):
        db.commit()  # only fingerprints: the catalogue itself did not change
        return summary
    version = _bump_version(db)
    _write_changes(db, writer, stored, updated, gone, actor, version)
    _create_all(db, writer, created, actor, version)
    writer.remove_orphans()
    audit.record(
        db, Event.by(actor, Action.CATALOGUE_IMPORTED, "catalogus", purpose="sociale kaart")
    )
    db.commit()
    summary.written = True
    return summary


def _fingerprint(db: Session, unchanged: list[ActivityRecord]) -> None:
    """Store the fingerprints of unchanged entries that had none (stored before entries had
    them) or an old one, so the next import recognises them at once."""
    if unchanged:
        table = _table(Activity)
        statement = (
            update(table)
            .where(table.c.id == bindparam("key"))
            .values(fingerprint=bindparam("value"))
        )
        rows = [{"key": r.id, "value": records.fingerprint(to_row(r))} for r in unchanged]
        db.execute(statement, rows)


def _write_changes(
    db: Session,
    writer: _Writer,
    stored: dict[str, ActivityRecord],
    updated: list[ActivityRecord],
    gone: list[str],
    actor: Actor,
    version: int | None,
) -> None:
    """Changed and removed entries, through the ORM (revisions, cascades): usually a few."""
    by_id = {record.id: record for record in updated}
    for activity in _activities(db, [*by_id, *gone]):
        old = stored[activity.id]
        if activity.id in by_id:
            writer.write(activity, by_id[activity.id])
            fields = changed_fields(old, by_id[activity.id])
        else:
            fields = {"status": [old.status, "verwijderd"]}
            db.delete(activity)
        change = _imported(activity.id, activity.organisation, fields, actor)
        change.catalogue_version = version
        db.add(change)
    db.flush()


def _activities(db: Session, ids: list[str]) -> list[Activity]:
    found: list[Activity] = []
    for start in range(0, len(ids), 500):  # the driver's limit on bound parameters
        query = _activities_query().where(Activity.id.in_(ids[start : start + 500]))
        found += db.scalars(query).unique()
    return found


def _create_all(
    db: Session, writer: _Writer, created: list[ActivityRecord], actor: Actor, version: int | None
) -> None:
    """New entries as bulk inserts: as ORM objects, 10,000 of them took 10 s and 400 MB."""
    if not created:
        return
    organisations = _organisation_ids(db, writer, created)
    places = _place_ids(db, created)
    # A thousand at a time: the driver's copies of all the rows at once held 50 MB more.
    for start in range(0, len(created), 1000):
        activities, slots, changes = [], [], []
        for record in created[start : start + 1000]:
            organisation = organisations[record.organisation_id or ""]
            row = {name: getattr(record, name) for name in _ACTIVITY_FIELDS}
            row.update({name: list(row[name]) for name in _LISTS if name in row})
            row.update(organisation_id=organisation, location_id=places.get(_place(record)))
            text = to_row(record)
            activities.append({**row, "revision": 1, "fingerprint": records.fingerprint(text)})
            slots += [
                {"activity_id": record.id, "position": n, "day": s.day}
                | {"starts_at": s.start, "ends_at": s.end}
                for n, s in enumerate(record.schedule)
            ]
            change = _change_row(record.id, organisation, _differences(_NOTHING, text), actor)
            changes.append({**change, "catalogue_version": version})
        _insert_rows(db, activities, slots, changes)


def _insert_rows(db: Session, *tables: list[dict[str, Any]]) -> None:
    """Activities, their slots and their history lines, each table at once (the ORM's bulk
    insert went row by row here)."""
    for model, rows in zip((Activity, ScheduleSlot, ActivityChange), tables, strict=True):
        if rows:
            database.insert_many(db, _table(model), rows)


def _organisation_ids(
    db: Session, writer: _Writer, created: list[ActivityRecord]
) -> dict[str, int]:
    """The id of each organisation the new entries name, by its code; new ones inserted."""
    names = {r.organisation_id or "": r.organisation for r in created}
    new = [{"code": c, "name": n} for c, n in names.items() if c not in writer.by_code]
    for record in created:
        if record.organisation_id in writer.by_code:
            writer.organisation(record)  # a known organisation under a new name is renamed
    db.flush()
    if new:
        db.execute(insert(_table(Organisation)), new)
    table = _table(Organisation)
    return {code: key for key, code in db.execute(select(table.c.id, table.c.code))}


def _place(record: ActivityRecord) -> tuple[Any, ...]:
    return tuple(getattr(record, name) for name in _LOCATION_FIELDS)


def _place_ids(db: Session, created: list[ActivityRecord]) -> dict[tuple[Any, ...], int]:
    """The location of each place the new entries name: the stored one, else a new one."""
    table = _table(Location)

    def stored() -> dict[tuple[Any, ...], int]:
        return {
            tuple(row[name] for name in _LOCATION_FIELDS): row["id"]
            for row in db.execute(select(table)).mappings()
        }

    ids = stored()
    new = {_place(r) for r in created if any(p is not None for p in _place(r))} - ids.keys()
    if not new:
        return ids
    # Read back rather than RETURNING: SQLAlchemy matches returned rows to parameters in
    # quadratic time, which took a minute for 10,000 places.
    db.execute(insert(table), [dict(zip(_LOCATION_FIELDS, place, strict=True)) for place in new])
    return stored()


def _change_row(
    activity_id: str, organisation_id: int | None, fields: dict[str, list[str]], actor: Actor
) -> dict[str, Any]:
    moment = now()
    return {
        "activity_id": activity_id,
        "organisation_id": organisation_id,
        "kind": IMPORTED,
        "state": LIVE,
        "fields": fields,
        "by_id": actor.id,
        "at": moment,
        "seen_at": moment,
    }


def _imported(
    activity_id: str, organisation: Organisation, fields: dict[str, list[str]], actor: Actor
) -> ActivityChange:
    change = ActivityChange(**_change_row(activity_id, None, fields, actor))
    change.organisation = organisation
    return change


# --- the database mapping ----------------------------------------------------------------------

_PlaceKey = tuple[Any, ...]


class _Writer:
    """Writes records to activities, sharing organisations by stable id and locations by place."""

    def __init__(self, db: Session) -> None:
        self.db = db
        organisations = list(db.scalars(select(Organisation)))
        self.by_code = {o.code: o for o in organisations}
        self.by_name = {o.name: o for o in organisations}
        self.locations: dict[_PlaceKey, Location] | None = None

    def resolved(self, record: ActivityRecord) -> ActivityRecord:
        """The record with its organisation's stable id: as given, else the one of that name,
        else a new one made from the name."""
        if record.organisation_id:
            return record
        known = self.by_name.get(record.organisation)
        code = known.code if known else self._new_code(record.organisation)
        return record.model_copy(update={"organisation_id": code})

    def _new_code(self, name: str) -> str:
        base = slug(name)[:90]
        code, number = base, 1
        while code in self.by_code:
            number += 1
            code = f"{base}-{number}"
        return code

    def check_organisations(self, rows: list[tuple[int, str | None, str]]) -> list[RowError]:
        """A file names each organisation one way: one id, one name, and no name of another
        (`rows`: each row's line, organisation id and organisation name)."""
        errors: list[RowError] = []
        names: dict[str, tuple[int, str]] = {}
        for line, code, name in rows:
            if not code:
                continue
            first = names.setdefault(code, (line, name))
            if first[1] != name:
                message = f"organisatie '{code}' heet op regel {first[0]} '{first[1]}'"
                errors.append(RowError(line, "organisation", message))
            holder = self.by_name.get(name)
            if holder is not None and holder.code != code:
                message = f"de naam '{name}' hoort bij organisatie '{holder.code}'"
                errors.append(RowError(line, "organisation_id", message))
        return errors

    def create(self, record: ActivityRecord) -> Activity:
        activity = Activity(id=record.id)
        self.write(activity, record)
        self.db.add(activity)
        return activity

    def write(self, activity: Activity, record: ActivityRecord) -> None:
        with self.db.no_autoflush:  # a half-written activity must not be flushed
            for name in records.stored_in(Store.ACTIVITY):
                value = getattr(record, name)
                setattr(activity, name, list(value) if isinstance(value, tuple) else value)
            activity.organisation = self.organisation(record)
            activity.location = self._location(record)
            _set_slots(activity, record.schedule)
            activity.fingerprint = records.fingerprint(to_row(self.resolved(record)))

    def organisation(self, record: ActivityRecord) -> Organisation:
        code = record.organisation_id or self.resolved(record).organisation_id
        assert code is not None
        organisation = self.by_code.get(code)
        if organisation is None:
            organisation = Organisation(code=code, name=record.organisation)
            self.by_code[code] = organisation
        elif organisation.name != record.organisation:
            self.by_name.pop(organisation.name, None)
            organisation.name = record.organisation  # a rename keeps accounts and referrals
        self.by_name[record.organisation] = organisation
        return organisation

    def _location(self, record: ActivityRecord) -> Location | None:
        names = records.stored_in(Store.LOCATION)
        key = tuple(getattr(record, name) for name in names)
        if all(part is None for part in key):
            return None
        if self.locations is None:
            self.locations = {
                tuple(getattr(loc, name) for name in names): loc
                for loc in self.db.scalars(select(Location))
            }
        if key not in self.locations:
            location = Location()
            for name, value in zip(names, key, strict=True):
                setattr(location, name, value)
            self.locations[key] = location
        return self.locations[key]

    def remove_orphans(self) -> None:
        # An organisation stays while an aanbieder account, a referral or a consent refers to
        # it; its history keeps the changes without it.
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


def organisation_entries(db: Session, organisation: Organisation) -> list[Activity]:
    """An organisation's stored entries, by title."""
    query = _activities_query().where(Activity.organisation_id == organisation.id)
    return sorted(db.scalars(query).unique(), key=lambda a: record_of(a).title.lower())
