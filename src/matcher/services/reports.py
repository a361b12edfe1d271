"""'Klopt er iets niet?': anyone reports that an entry is wrong; its organisation and the beheerder
see the report and mark it handled.

A report keeps the entry's id, the text and when; nothing about who sent it (no account, name,
address, cookie or browser). Handled reports are removed `KEEP_HANDLED` later (`purge_handled`,
run by `matcher retention`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from matcher.clock import now
from matcher.errors import NotFound, ValidationError
from matcher.models import NOTE_MAX, Activity, ErrorReport, Organisation
from matcher.phrases import N_, Phrase
from matcher.services import audit
from matcher.services.audit import Action, Actor, Event

REPORT_MAX = NOTE_MAX  # characters
KEEP_HANDLED = dt.timedelta(days=90)


@dataclass(frozen=True, slots=True)
class OpenReport:
    """A report that still waits, with the entry it is about (None when that entry is gone)."""

    report: ErrorReport
    activity: Activity | None

    @property
    def organisation(self) -> str | None:
        """The name of the entry's organisation."""
        return self.activity.organisation.name if self.activity else None


def report(db: Session, activity_id: str, text: str) -> ErrorReport:
    """Keep what someone says is wrong with an entry: only the entry, the text and when."""
    if db.get(Activity, activity_id) is None:
        raise NotFound("activiteit", Phrase(N_("deze activiteit bestaat niet")))
    text = text.strip()
    if not text:
        raise ValidationError("tekst", Phrase(N_("Schrijf op wat er niet klopt.")))
    if len(text) > REPORT_MAX:
        message = N_("Dit is te lang: %(count)s tekens. Hooguit %(max)s tekens.")
        raise ValidationError("tekst", Phrase(message, {"count": len(text), "max": REPORT_MAX}))
    found = ErrorReport(activity_id=activity_id, text=text, created_at=now())
    db.add(found)
    db.flush()
    return found


def _open() -> Select[tuple[ErrorReport, Activity]]:  # the Activity is None when it is gone
    return (
        select(ErrorReport, Activity)
        .outerjoin(Activity, Activity.id == ErrorReport.activity_id)
        .where(ErrorReport.handled_at.is_(None))
        .order_by(ErrorReport.created_at.desc(), ErrorReport.id.desc())
    )


def open_for(db: Session, organisation: Organisation) -> list[OpenReport]:
    """The open reports about the organisation's own entries, newest first."""
    rows = db.execute(_open().where(Activity.organisation_id == organisation.id))
    return [OpenReport(found, activity) for found, activity in rows]


def open_all(db: Session) -> list[OpenReport]:
    """Every open report, newest first (for the beheerder)."""
    return [OpenReport(found, activity) for found, activity in db.execute(_open())]


def handle(
    db: Session, report_id: int, actor: Actor, organisation: Organisation | None = None
) -> ErrorReport:
    """Mark a report handled. With an organisation, only a report about one of its own entries
    (another's is not found, like one that does not exist). Handling it twice changes nothing."""
    found = db.get(ErrorReport, report_id)
    activity = None if found is None else db.get(Activity, found.activity_id)
    if found is None or (
        organisation is not None
        and (activity is None or activity.organisation_id != organisation.id)
    ):
        raise NotFound("melding", Phrase(N_("deze melding bestaat niet")))
    if found.handled_at is None:
        found.handled_at = now()
        found.handled_by = actor.id
        event = Event.by(actor, Action.ERROR_REPORT_HANDLED, "melding", str(found.id))
        audit.record(db, event)
    return found


def purge_handled(db: Session, today: dt.date) -> int:
    """Remove the reports handled more than KEEP_HANDLED before today; how many went."""
    cutoff = dt.datetime.combine(today - KEEP_HANDLED, dt.time(), dt.UTC)
    result = db.execute(
        delete(ErrorReport).where(ErrorReport.handled_at < cutoff).returning(ErrorReport.id)
    )
    return len(result.all())
