"""Every search by a person (a resident's results, a professional's search) counts in the
anonymous demand (services/demand.py), once its answer is made.

The counting waits until the request's own unit of work has ended: on SQLite a professional's
request holds the write lock until then, and the counters are written in a transaction of their
own. A failure to count is logged there and never reaches the person.
"""

from __future__ import annotations

from flask import Flask, g

from matcher import clock, db
from matcher.profile import Profile
from matcher.ranking.rank import Answer
from matcher.services import demand

_SEARCHED = "demand_searched"


def counted(profile: Profile, answer: Answer, cost_excluded: bool = False) -> Answer:
    """The answer, with its search to be counted when the request ends (`cost_excluded`: the
    cost limit alone left out all that would fit)."""
    g.setdefault(_SEARCHED, []).extend(demand.combinations(profile, answer, cost_excluded))
    return answer


def _count(error: BaseException | None) -> None:
    searched = g.pop(_SEARCHED, None)
    if searched and error is None:
        demand.count(db.engine(), clock.today(), searched)


def init_app(app: Flask) -> None:
    """Count the request's search after its unit of work."""
    app.teardown_request(_count)
