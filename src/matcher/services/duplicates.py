"""Duplicates in the catalogue: which entries are probably one activity, and merging two into one.

Finding them is pure (`matcher.catalogue.duplicates`); this joins it to the stored catalogue.
A merge keeps one entry (the survivor) and removes the other in the caller's transaction:
referrals and error reports move to the survivor, the removed entry's waiting changes are
rejected, both entries' histories say what happened, the catalogue version goes up and the
audit log gets one line.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.orm.exc import StaleDataError

from matcher.catalogue.duplicates import Pair, find_duplicates, likely_duplicates_of
from matcher.catalogue.records import ActivityRecord
from matcher.clock import now
from matcher.errors import NotFound, TryAgain, ValidationError
from matcher.models import NOTE_MAX, Activity, ActivityChange, ErrorReport, Referral
from matcher.phrases import N_, Phrase
from matcher.services import audit, catalogue, matching
from matcher.services.audit import Action, Actor, Event
from matcher.services.catalogue import LIVE, MERGED, REJECTED, WAITING


def probable(db: Session) -> list[Pair]:
    """Every pair of catalogue entries that is probably one activity, most likely first."""
    return find_duplicates(catalogue.all_records(db))


def already_there(db: Session, record: ActivityRecord) -> list[Pair]:
    """The entries a new or changed entry is probably a copy of, most likely first (the new
    entry first in each pair). Against the worker's ranking index: no catalogue read per call."""
    return likely_duplicates_of(record, matching.current_index(db).records)


@dataclass(frozen=True, slots=True)
class Merge:
    """What a merge of two entries does (or did): who stays, who goes, and what moves along."""

    survivor: ActivityRecord
    duplicate: ActivityRecord
    referrals: int  # referrals that now point at the survivor
    reports: int  # error reports that now belong to the survivor
    rejected: int  # the duplicate's waiting changes, rejected


def preview(db: Session, survivor_id: str, duplicate_id: str) -> Merge:
    """What merging the duplicate into the survivor would do; nothing changes."""
    return _preview(db, *_pair(db, survivor_id, duplicate_id))


def merge(db: Session, survivor_id: str, duplicate_id: str, actor: Actor) -> Merge:
    """Merge the duplicate into the survivor, in the caller's transaction (see the module)."""
    survivor, duplicate = _pair(db, survivor_id, duplicate_id)
    done = _preview(db, survivor, duplicate)
    db.execute(
        update(Referral).where(Referral.activity_id == duplicate_id).values(activity_id=survivor_id)
    )
    db.execute(
        update(ErrorReport)
        .where(ErrorReport.activity_id == duplicate_id)
        .values(activity_id=survivor_id)
    )
    moment = now()
    for change in _waiting(db, duplicate_id):
        change.state, change.decided_by, change.decided_at = REJECTED, actor.id, moment
        change.decision = f"samengevoegd met {survivor_id}"
    fields = {"id": [duplicate_id, survivor_id]}
    gone = f"samengevoegd met {survivor_id} ({done.survivor.title})"
    kept = f"{duplicate_id} ({done.duplicate.title}) is hiermee samengevoegd"
    history = [_history(duplicate, fields, gone, actor), _history(survivor, fields, kept, actor)]
    db.add_all(history)
    db.delete(duplicate)
    try:
        db.flush()
    except StaleDataError:
        # Someone saved the duplicate between our read and our delete.
        raise TryAgain(
            None, Phrase(N_("de activiteit is net gewijzigd; probeer het opnieuw"))
        ) from None
    catalogue._bump_version(db, history)
    audit.record(
        db,
        Event.by(
            actor, Action.ACTIVITIES_MERGED, "activiteit", survivor_id, purpose="sociale kaart"
        ),
    )
    return done


def _preview(db: Session, survivor: Activity, duplicate: Activity) -> Merge:
    return Merge(
        catalogue.record_of(survivor),
        catalogue.record_of(duplicate),
        _count(db, Referral.activity_id, duplicate.id),
        _count(db, ErrorReport.activity_id, duplicate.id),
        len(_waiting(db, duplicate.id)),
    )


def _pair(db: Session, survivor_id: str, duplicate_id: str) -> tuple[Activity, Activity]:
    if survivor_id == duplicate_id:
        message = Phrase(N_("kies twee verschillende activiteiten: één blijft, de ander gaat op"))
        raise ValidationError("blijft", message)
    return _existing(db, survivor_id, "blijft"), _existing(db, duplicate_id, "gaat")


def _existing(db: Session, activity_id: str, field: str) -> Activity:
    activity = db.get(Activity, activity_id)
    if activity is None:
        message = N_("activiteit '%(id)s' bestaat niet (meer); misschien is ze al samengevoegd")
        raise NotFound(field, Phrase(message, {"id": activity_id}))
    return activity


def _count(db: Session, column: InstrumentedAttribute[str], activity_id: str) -> int:
    return db.scalar(select(func.count()).where(column == activity_id)) or 0


def _waiting(db: Session, activity_id: str) -> list[ActivityChange]:
    query = select(ActivityChange).where(
        ActivityChange.activity_id == activity_id, ActivityChange.state == WAITING
    )
    return list(db.scalars(query.order_by(ActivityChange.id)))


def _history(
    activity: Activity, fields: dict[str, list[str]], reason: str, actor: Actor
) -> ActivityChange:
    moment = now()
    return ActivityChange(
        activity_id=activity.id,
        organisation_id=activity.organisation_id,
        kind=MERGED,
        state=LIVE,
        fields=fields,
        reason=reason[:NOTE_MAX],
        by_id=actor.id,
        at=moment,
        seen_at=moment,
    )
