"""Forms kept across an ended session: on the server, for one account and one page, read once.

What a professional typed when the session ended (WCAG 2.2.1) can be a case note: health data.
Flask's cookie is signed, not encrypted, so the cookie holds only a random key; the fields stay
here for an hour at most, without any password or CSRF token.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete
from sqlalchemy.orm import Session

from matcher.clock import now
from matcher.models import KeptForm
from matcher.services import unit_of_work

KEEP_FOR = dt.timedelta(hours=1)
MAX_PATH = 500
# Never kept, whatever the form: secrets (any field named for a password) and the CSRF token.
SECRET_WORDS = ("password", "wachtwoord")
NEVER_KEPT = frozenset({"csrf_token"})


def keepable(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """The fields without passwords and the CSRF token."""
    return {name: values for name, values in fields.items() if not _secret(name)}


def _secret(name: str) -> bool:
    lowered = name.lower()
    return lowered in NEVER_KEPT or any(word in lowered for word in SECRET_WORDS)


def keep(db: Session, account_id: int, path: str, fields: dict[str, list[str]]) -> str | None:
    """Keep a form for this account and page; the key for the cookie, or None (nothing to keep)."""
    purge_expired(db)
    kept = keepable(fields)
    if not kept or len(path) > MAX_PATH:
        return None
    key = secrets.token_urlsafe(32)
    db.add(
        KeptForm(
            key=key, account_id=account_id, path=path, fields=kept, expires_at=now() + KEEP_FOR
        )
    )
    return key


def take(db: Session, key: str, account_id: int, path: str) -> dict[str, list[str]] | None:
    """The fields kept under this key for this account and page, once: reading deletes them."""
    purge_expired(db)
    row = db.get(KeptForm, key)
    if row is None or row.path != path:
        return None  # another page may still be the one it belongs to
    db.delete(row)
    unit_of_work.keep_when_refused(db)  # read once: gone even if the form is sent back refused
    return row.fields if row.account_id == account_id else None


def forget(db: Session, key: str | None) -> None:
    """Drop one kept form (a newer one replaces it)."""
    if key:
        db.execute(delete(KeptForm).where(KeptForm.key == key))


def forget_account(db: Session, account_id: int) -> None:
    """Drop every form kept for an account (at logout)."""
    purge_expired(db)
    db.execute(delete(KeptForm).where(KeptForm.account_id == account_id))


def purge_expired(db: Session) -> None:
    """Drop what has been kept longer than KEEP_FOR."""
    db.execute(delete(KeptForm).where(KeptForm.expires_at < now()))
