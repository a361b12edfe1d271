"""The audit log: append-only, each line chained to the one before by a SHA-256 hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from matcher.clock import now, utc
from matcher.models import AuditEntry, UserAccount

GENESIS = "0" * 64
_LOCK = 80110194  # PostgreSQL advisory lock: one writer extends the chain at a time


class Action(StrEnum):
    """Everything the audit log records. The value is the Dutch text each line keeps: the hash
    chain covers it, so a value never changes once lines carry it."""

    ACCOUNT_CREATED = "account aangemaakt"
    ROLE_CHANGED = "rol gewijzigd"
    NAME_CHANGED = "naam gewijzigd"
    TEAM_PHONE_SET = "telefoon van team gezet"
    ACCOUNT_ACTIVATED = "account geactiveerd"
    ACCOUNT_DEACTIVATED = "account gedeactiveerd"
    LOGIN = "inloggen"
    SECOND_FACTOR = "tweede factor"
    SECOND_FACTOR_SET_UP = "tweede factor ingesteld"
    PASSWORD_CHANGED = "wachtwoord gewijzigd"  # noqa: S105  (an action, not a password)
    LOGOUT = "uitloggen"
    CASE_CREATED = "casus aangemaakt"
    CASE_VIEWED = "casus bekeken"
    PROFILE_CHANGED = "profiel gewijzigd"
    NOTE_ADDED = "notitie toegevoegd"
    CONSENT_RECORDED = "toestemming vastgelegd"
    CONSENT_WITHDRAWN = "toestemming ingetrokken"
    REFERRAL_MADE = "verwijzing gemaakt"
    REFERRAL_STEP = "verwijzing stap"
    REFERRAL_REOPENED = "verwijzing heropend"
    REFERRAL_ARRANGED = "verwijzing afspraken"
    REFERRAL_VIEWED_BY_PROVIDER = "verwijzing bekeken door aanbieder"
    ATTENDANCE_RECORDED = "aanwezigheid vastgelegd"
    ATTENDANCE_UNDONE = "aanwezigheid teruggedraaid"
    FIRST_VISIT_UNDONE = "eerste bezoek teruggedraaid"
    WELCOME_RECORDED = "welkom-check-in vastgelegd"
    WELCOME_CORRECTED = "welkom-check-in gecorrigeerd"
    PLAN_VIEWED = "weekplan bekeken"
    PLAN_DOWNLOADED = "weekplan gedownload"
    PLAN_CHANGED = "plan gewijzigd"
    TIMES_CHOSEN = "tijden gekozen"
    SHEET_VIEWED = "jouw plek bekeken"
    SIGNAL_VIEWED = "signaal bekeken"
    CASE_EXPORTED = "casus geëxporteerd"
    CASE_CLOSED = "casus gesloten"
    CASE_TRANSFERRED = "casus overgedragen"
    CASE_ERASED = "casus gewist"
    RETENTION = "retentie"
    AUDIT_VIEWED = "auditlog bekeken"
    AUDIT_EXPORTED = "auditlog geëxporteerd"
    BACKUP_RESTORED = "back-up teruggezet"
    CATALOGUE_IMPORTED = "catalogus geïmporteerd"
    ACTIVITY_ADDED = "activiteit toegevoegd"
    ACTIVITY_CHANGED = "activiteit gewijzigd"
    ACTIVITY_CONFIRMED = "activiteit bevestigd"
    CHANGE_PROPOSED = "wijziging voorgesteld"
    CHANGE_APPROVED = "wijziging goedgekeurd"
    CHANGE_REJECTED = "wijziging afgewezen"
    ACTIVITIES_MERGED = "activiteiten samengevoegd"
    ORGANISATION_RENAMED = "organisatie hernoemd"
    ERROR_REPORT_HANDLED = "melding afgehandeld"
    SUPPORT_REQUESTED = "opplussen aangevraagd"
    SUPPORT_STEP = "opplussen stap"
    SUPPORT_VIEWED = "opplusvraag bekeken door ondersteuner"
    OFFER_SAVED = "steunaanbod opgeslagen"
    OFFERS_IMPORTED = "steunaanbod geïmporteerd"
    VOLUNTEER_SAVED = "vrijwilliger opgeslagen"
    VOLUNTEER_REMOVED = "vrijwilliger verwijderd"
    EXPERTISE_ASKED = "expertise gevraagd"
    EXPERTISE_ANSWERED = "expertise gegeven"
    INTAKE_RECEIVED = "aanmelding ontvangen"
    INTAKE_VIEWED = "aanmelding bekeken"
    COST_HELP_SAVED = "kostenhulp opgeslagen"
    COST_HELP_REMOVED = "kostenhulp verwijderd"
    HOUSEHOLD_CREATED = "huishouden aangemaakt"
    HOUSEHOLD_VIEWED = "huishouden bekeken"
    HOUSEHOLD_CHANGED = "huishouden gewijzigd"
    GOAL_SAVED = "doel opgeslagen"
    GOAL_REVIEWED = "doelresultaat vastgelegd"
    HOUSEHOLD_PLAN_PRINTED = "huishoudplan afgedrukt"
    HOUSEHOLD_EXPORTED = "huishouden geëxporteerd"
    HOUSEHOLD_ERASED = "huishouden gewist"

    @property
    def label(self) -> str:
        """The Dutch text people read in the audit log."""
        return self.value


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts (an account, or None for the system and the command line), from where, and why."""

    account: UserAccount | None
    origin: str | None
    purpose: str = "beheer"

    @property
    def id(self) -> int | None:
        """The account's id, for the audit log."""
        return None if self.account is None else self.account.id


@dataclass(frozen=True, slots=True)
class Event:
    """What happened: who did what to which object, with what result, from where, and why."""

    action: Action
    object_type: str
    object_id: str | None = None
    result: str = "gelukt"
    purpose: str = "beheer"
    actor_id: int | None = None
    origin: str | None = None

    @classmethod
    def by(
        cls,
        actor: Actor,
        action: Action,
        object_type: str,
        object_id: str | None = None,
        result: str = "gelukt",
        purpose: str | None = None,
    ) -> Event:
        """An event of an actor, with the actor's purpose unless another is given."""
        return cls(
            action, object_type, object_id, result, purpose or actor.purpose, actor.id, actor.origin
        )


def _digest(entry: AuditEntry) -> str:
    fields = [
        entry.previous_hash,
        utc(entry.occurred_at).isoformat(),
        entry.actor_id,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.result,
        entry.origin,
        entry.purpose,
    ]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=True).encode()).hexdigest()


def record(db: Session, event: Event, moment: dt.datetime | None = None) -> AuditEntry:
    """Append one line in the caller's transaction (it is committed with the change it records)."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
    last = db.scalars(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    entry = AuditEntry(
        occurred_at=(moment or now()).replace(microsecond=0),
        actor_id=event.actor_id,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        result=event.result,
        origin=event.origin,
        purpose=event.purpose,
        previous_hash=last or GENESIS,
    )
    entry.hash = _digest(entry)
    db.add(entry)
    db.flush()
    return entry


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the audit log, newest first."""

    rows: list[AuditEntry]
    number: int
    pages: int


def page(db: Session, number: int, size: int) -> Page:
    """A page of the log; a number past the last page shows the last page."""
    total = db.scalar(select(func.count()).select_from(AuditEntry)) or 0
    pages = max(1, -(-total // size))
    number = min(max(number, 1), pages)  # also beyond what the database's OFFSET takes
    rows = db.scalars(
        select(AuditEntry).order_by(AuditEntry.id.desc()).offset((number - 1) * size).limit(size)
    )
    return Page(list(rows), number, pages)


def entries(db: Session) -> Iterator[AuditEntry]:
    """Every line, oldest first."""
    yield from db.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(500)


def verify(db: Session) -> int | None:
    """The id of the first line that does not fit the chain, or None when the log is intact."""
    previous = GENESIS
    for entry in entries(db):
        if entry.previous_hash != previous or _digest(entry) != entry.hash:
            return entry.id
        previous = entry.hash
    return None
