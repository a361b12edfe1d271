"""The consultant's shortlist of activities, kept in the signed session cookie.

The cookie, not the web process, holds it, so any process serves the next page; it lasts as long
as the login (logging out clears the session) and holds activity ids only, nothing about a person.
"""

from __future__ import annotations

from flask import session
from werkzeug.datastructures import MultiDict

KEY = "shortlist"
MOST = 6  # as many as a printed comparison can show side by side


def chosen() -> list[str]:
    """The activity ids on the shortlist, in the order they were chosen."""
    ids = session.get(KEY, [])
    return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []


def keep(form: MultiDict[str, str]) -> int:
    """Take the ticks of a results page: of the activities it showed (`getoond`), those ticked
    (`id`) are on the shortlist and the others not; the rest stays. How many did not fit."""
    shown = set(form.getlist("getoond"))
    ticked = [i for i in form.getlist("id") if i in shown]
    ids = [i for i in chosen() if i not in shown]
    ids += [i for i in dict.fromkeys(ticked) if i not in ids]
    session[KEY] = ids[:MOST]
    return max(len(ids) - MOST, 0)


def drop(activity_id: str) -> None:
    """Take one activity off the shortlist."""
    session[KEY] = [i for i in chosen() if i != activity_id]
