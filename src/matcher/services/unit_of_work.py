"""One unit of work per request and per command: it is kept when it succeeds, undone when not.

Views and commands never commit. A request's unit ends after its response: kept when the
response is a success (below 400), undone for an error or an exception, or when the view
answers a refusal with a redirect and says so (`refuse`). A refusal that must still leave a
trace (a failed login counts towards the lock-out and is audited) is kept when the service that
made it says so with `keep_when_refused`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

_KEEP = "matcher.keep_when_refused"
_REFUSED = "matcher.refused"


def keep_when_refused(db: Session) -> None:
    """Keep what this unit wrote even if its request is refused."""
    db.info[_KEEP] = True


def refuse(db: Session) -> None:
    """Undo what this unit wrote although its answer is no error: a refusal shown on the page
    the request came from (a redirect with a message)."""
    db.info[_REFUSED] = True


def finish(db: Session, succeeded: bool) -> None:
    """End a unit: commit it when it succeeded or must be kept, roll it back otherwise."""
    keep, refused = db.info.pop(_KEEP, False), db.info.pop(_REFUSED, False)
    if keep or (succeeded and not refused):
        db.commit()
    else:
        db.rollback()


@contextmanager
def unit(db: Session) -> Iterator[Session]:
    """A unit for a command: committed at the end of the block, undone by an error."""
    try:
        yield db
    except BaseException:
        finish(db, succeeded=False)
        raise
    finish(db, succeeded=True)
