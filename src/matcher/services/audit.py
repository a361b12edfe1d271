"""The audit log: append-only, each line chained to the one before by a SHA-256 hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from matcher.models import AuditEntry

GENESIS = "0" * 64
_LOCK = 80110194  # PostgreSQL advisory lock: one writer extends the chain at a time


@dataclass(frozen=True, slots=True)
class Event:
    """What happened: who did what to which object, with what result, from where, and why."""

    action: str
    object_type: str
    object_id: str | None = None
    result: str = "gelukt"
    purpose: str = "beheer"
    actor_id: int | None = None
    origin: str | None = None


def utc(moment: dt.datetime) -> dt.datetime:
    """A moment in UTC; SQLite hands back naive datetimes, which are UTC here."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _digest(entry: AuditEntry) -> str:
    fields = [entry.previous_hash, utc(entry.occurred_at).isoformat(),
              entry.actor_id, entry.action, entry.object_type, entry.object_id, entry.result,
              entry.origin, entry.purpose]  # fmt: skip
    return hashlib.sha256(json.dumps(fields, ensure_ascii=True).encode()).hexdigest()


def record(db: Session, event: Event, now: dt.datetime | None = None) -> AuditEntry:
    """Append one line in the caller's transaction (it is committed with the change it records)."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
    last = db.scalars(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    entry = AuditEntry(
        occurred_at=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0),
        actor_id=event.actor_id, action=event.action, object_type=event.object_type,
        object_id=event.object_id, result=event.result, origin=event.origin,
        purpose=event.purpose, previous_hash=last or GENESIS,
    )  # fmt: skip
    entry.hash = _digest(entry)
    db.add(entry)
    db.flush()
    return entry


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
