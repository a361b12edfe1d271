"""The papers a person keeps: the week with the times chosen together, and "Jouw plek" for one
referral (where, when, who meets you, whom to call, what to bring).

Nothing here carries staff notes, flags or the case code: these are the person's own papers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from matcher import referrals
from matcher.catalogue.records import ActivityRecord
from matcher.catalogue.schedule import Slot
from matcher.errors import NotFound, ValidationError
from matcher.models import Case, Referral, SupportRequest
from matcher.phrases import N_, Phrase
from matcher.services import audit, matching, opplus
from matcher.services.audit import Action, Actor, Event

BRING_MAX = 200


@dataclass(frozen=True, slots=True)
class Place:
    """One referral as the person reads it: the activity, the times chosen, who goes along and
    whom to call (the activity's contact, and the support arranged there)."""

    referral: Referral
    activity: ActivityRecord
    times: list[Slot]
    support: list[SupportRequest]


def choose(db: Session, referral: Referral, slots: list[str], bring: str, actor: Actor) -> None:
    """The weekly times chosen with the person (each one of the activity's own), and what to bring."""
    activity = matching.record(db, referral.activity_id)
    offered = [str(s) for s in activity.schedule] if activity else []
    unknown = [s for s in slots if s not in offered]
    if unknown:
        raise ValidationError("tijden", Phrase(N_("kies tijden van de activiteit zelf")))
    bring = bring.strip()
    if len(bring) > BRING_MAX:
        raise ValidationError(
            "meenemen", Phrase(N_("schrijf hoogstens %(max)s tekens"), {"max": BRING_MAX})
        )
    referral.chosen_slots = [s for s in offered if s in slots]
    referral.bring = bring or None
    audit.record(db, Event.by(actor, Action.TIMES_CHOSEN, "casus", referral.case.code))


def places(db: Session, case: Case) -> list[Place]:
    """The referrals under way with an activity still in the catalogue, as the person reads them."""
    found = []
    for referral in case.referrals:
        activity = matching.record(db, referral.activity_id)
        if referral.step in referrals.ACTIVE_IN_PLAN and activity is not None:
            found.append(place(referral, activity))
    return found


def place(referral: Referral, activity: ActivityRecord) -> Place:
    """One referral on paper: only the times chosen with the person."""
    chosen = referral.chosen_slots or []
    times = [s for s in activity.schedule if str(s) in chosen]
    support = opplus.arranged_for(referral.case, referral.activity_id)
    return Place(referral, activity, times, support)


def sheet(db: Session, case: Case, referral: Referral, actor: Actor) -> Place:
    """ "Jouw plek" for one referral, looked at in the audit log; not found once its activity
    has left the catalogue."""
    activity = matching.record(db, referral.activity_id)
    if activity is None:
        raise NotFound("verwijzing", Phrase(N_("deze activiteit bestaat niet meer")))
    audit.record(db, Event.by(actor, Action.SHEET_VIEWED, "casus", case.code))
    return place(referral, activity)
