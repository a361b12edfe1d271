"""The 'voel je je welkom?' check-in, recorded with the person at 4 and 12 weeks of taking part.

One answer per referral and moment: recording it again corrects it. Every write is audited on
the case, as referral steps are; the answer itself stays out of the log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from matcher import welcome
from matcher.clock import utc
from matcher.errors import ValidationError
from matcher.models import Case, Referral, WelcomeCheckin
from matcher.phrases import N_, Phrase
from matcher.services import audit
from matcher.services.audit import Action, Actor, Event


def started_on(referral: Referral) -> dt.date | None:
    """The day the referral first reached 'deelnemend' (None if it never took part)."""
    moment = next((h.at for h in referral.history if h.step == "deelnemend"), None)
    return None if moment is None else utc(moment).date()


def due_on(referral: Referral, moment: int) -> dt.date | None:
    """From which day the check-in of `moment` weeks may be asked (None: never)."""
    started = started_on(referral)
    return None if started is None else welcome.due_on(started, moment)


def answer_of(referral: Referral, moment: int) -> WelcomeCheckin | None:
    """The recorded check-in of a moment, if any."""
    return next((c for c in referral.checkins if c.moment == moment), None)


def to_do(referral: Referral, today: dt.date) -> list[int]:
    """The moments that are due and not yet recorded, while the person still takes part: the
    light reminder on the case pages."""
    if referral.step != "deelnemend" or referral.case.status != "open":
        return []
    return [
        m
        for m in welcome.MOMENTS
        if answer_of(referral, m) is None and (due := due_on(referral, m)) and due <= today
    ]


@dataclass(frozen=True, slots=True)
class Reminder:
    """A check-in to do: which referral of which case, at which moment."""

    case: Case
    referral: Referral
    moment: int


def reminders(cases: list[Case], today: dt.date) -> list[Reminder]:
    """The check-ins to do for these cases, in their order."""
    return [
        Reminder(case, referral, moment)
        for case in cases
        for referral in case.referrals
        for moment in to_do(referral, today)
    ]


def record(
    db: Session,
    referral: Referral,
    moment: int,
    answer: str,
    day: dt.date,
    actor: Actor,
    today: dt.date,
) -> WelcomeCheckin:
    """Record (or correct) the answer of a moment, asked on `day`: not before it is due, not in
    the future, and only for a referral that took part."""
    if actor.account is None:
        raise ValidationError(None, Phrase(N_("alleen een medewerker kan aan een casus werken")))
    if moment not in welcome.MOMENTS:
        raise ValidationError("moment", Phrase(N_("kies na 4 of na 12 weken")))
    due = due_on(referral, moment)
    if due is None:
        raise ValidationError(
            "moment",
            Phrase(N_("een check-in kan pas als iemand meedoet met de activiteit")),
        )
    if answer not in welcome.ANSWERS:
        raise ValidationError("antwoord", Phrase(N_("kies een antwoord")))
    if day > today:
        raise ValidationError("datum", Phrase(N_("de datum ligt in de toekomst")))
    if day < due:
        raise ValidationError(
            "datum",
            Phrase(
                N_("de check-in na %(weeks)s weken kan vanaf %(date)s"),
                {"weeks": moment, "date": due.strftime("%d-%m-%Y")},
            ),
        )
    found = answer_of(referral, moment)
    action = Action.WELCOME_RECORDED if found is None else Action.WELCOME_CORRECTED
    if found is None:
        found = WelcomeCheckin(moment=moment, answer=answer, recorded_on=day)
        referral.checkins.append(found)
    found.answer, found.recorded_on, found.recorded_by = answer, day, actor.account.id
    db.flush()
    audit.record(db, Event.by(actor, action, "casus", referral.case.code))
    return found


def suggested_moment(referral: Referral, today: dt.date) -> int:
    """The moment a check-in page opens at: the first due one without an answer, else the last
    due one (to correct it), else the first."""
    due = [m for m in welcome.MOMENTS if (d := due_on(referral, m)) is not None and d <= today]
    open_ = [m for m in due if answer_of(referral, m) is None]
    return (open_ or due[-1:] or [welcome.MOMENTS[0]])[0]
