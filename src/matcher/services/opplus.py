"""Opplussen arranged: support offers, requests for support from a case, the volunteer pool,
expertise on call, "opgeplust for everyone", and the counts for the indicators.

Every write goes into the audit log. A request is logged against its case's code (like every
step of a case), so the case's trail shows who arranged what; the offering organisation sees the
request without the case's code, and the person's first name only by the case's consent.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement

from matcher import geo, opplus, vocabulary
from matcher.catalogue.records import ActivityRecord, parse_record, to_row
from matcher.clock import now
from matcher.errors import NotFound, ValidationError
from matcher.models import (
    NOTE_MAX,
    Case,
    Consent,
    ExpertiseRequest,
    Organisation,
    SupportOffer,
    SupportRequest,
    UserAccount,
    Volunteer,
)
from matcher.opplus import Contact
from matcher.phrases import N_, Phrase
from matcher.services import audit, catalogue
from matcher.services.audit import Action, Actor, Event

EXPERTISE_KINDS = ("advies", "training")


def _log(db: Session, actor: Actor, action: Action, object_type: str, object_id: str) -> None:
    audit.record(db, Event.by(actor, action, object_type, object_id))


def _account_id(actor: Actor) -> int | None:
    return actor.account.id if actor.account else None


def _codes(values: list[str], known: Collection[str], name: str) -> list[str]:
    """The codes as given, in vocabulary order; an unknown one is an error naming the field."""
    unknown = [v for v in values if v not in known]
    if unknown:
        raise ValidationError(
            name, Phrase(N_("onbekende code: %(codes)s"), {"codes": ", ".join(unknown)})
        )
    return [code for code in known if code in values]


# --- capacity and proposals ---------------------------------------------------------------------


def month_start(day: dt.date) -> dt.datetime:
    """The first moment (UTC) of the day's month."""
    return dt.datetime(day.year, day.month, 1, tzinfo=dt.UTC)


def taken(db: Session, offer: SupportOffer, day: dt.date) -> int:
    """The requests to an offer made in the day's month that hold a place (all but refused)."""
    start = month_start(day)
    return (
        db.scalar(
            select(func.count())
            .select_from(SupportRequest)
            .where(
                SupportRequest.offer_id == offer.id,
                SupportRequest.created_at >= start,
                SupportRequest.created_at < month_start(start.date() + dt.timedelta(days=32)),
                SupportRequest.state.in_(opplus.HOLDS_CAPACITY),
            )
        )
        or 0
    )


def capacity_left(db: Session, offer: SupportOffer, day: dt.date) -> int:
    """How many new requests the offer can still take in the day's month."""
    return max(0, offer.capacity - taken(db, offer, day))


@dataclass(frozen=True, slots=True)
class Proposal:
    """An offer that fits a request: which of the asked supports it gives, and places left."""

    offer: SupportOffer
    covers: tuple[str, ...]
    left: int
    complete: bool  # it gives every support that was asked


def propose_offers(
    db: Session, supports: list[str], wijk: str | None, expertise: list[str], day: dt.date
) -> list[Proposal]:
    """The active offers that give at least one of the supports, in the activity's wijk (or the
    whole city) and for the target group (or any): those that give all and have places first."""
    found = []
    for offer in db.scalars(select(SupportOffer).where(SupportOffer.active.is_(True))):
        covers = tuple(s for s in supports if s in offer.supports)
        if not covers:
            continue
        if offer.wijken and (wijk is None or wijk not in offer.wijken):
            continue
        if offer.expertise and expertise and not set(expertise) & set(offer.expertise):
            continue
        left = capacity_left(db, offer, day)
        found.append(Proposal(offer, covers, left, len(covers) == len(supports)))
    return sorted(found, key=lambda p: (not p.complete, p.left == 0, -p.left, p.offer.title))


# --- requests from a case -------------------------------------------------------------------------


def _organisation_of(db: Session, record: ActivityRecord) -> Organisation | None:
    return db.scalars(
        select(Organisation).where(Organisation.code == record.organisation_id)
    ).first()


def request_support(
    db: Session,
    case: Case,
    record: ActivityRecord,
    offer_id: int,
    supports: list[str],
    expertise: list[str],
    actor: Actor,
    *,
    today: dt.date,
    override_reason: str = "",
) -> SupportRequest:
    """Ask an offer's organisation to add supports at an activity for this case.

    An offer whose places for this month are taken is refused unless the consultant says why
    it must be this one (`override_reason`), which stays on the request."""
    supports = _codes(supports, vocabulary.OPPLUS_SUPPORTS, "steun")
    if not supports:
        raise ValidationError("steun", Phrase(N_("kies welke ondersteuning erbij moet komen")))
    expertise = _codes(expertise, vocabulary.EXPERTISE, "doelgroep")
    offer = db.get(SupportOffer, offer_id)
    if offer is None or not offer.active or not set(supports) & set(offer.supports):
        raise ValidationError("aanbod", Phrase(N_("kies een aanbod dat deze ondersteuning geeft")))
    override = override_reason.strip()
    if len(override) > NOTE_MAX:
        raise ValidationError("reden_voorrang", Phrase(N_("de reden is te lang")))
    if capacity_left(db, offer, today) == 0 and not override:
        raise ValidationError(
            "reden_voorrang",
            Phrase(
                N_(
                    "%(offer)s heeft deze maand geen plek meer; schrijf waarom het toch moet, of kies een ander aanbod"
                ),
                {"offer": offer.title},
            ),
        )
    moment = now()
    request = SupportRequest(
        case=case,
        offer=offer,
        activity_id=record.id,
        activity_title=record.title,
        activity_organisation=_organisation_of(db, record),
        wijk=record.area,
        supports=supports,
        expertise=expertise,
        state="aangevraagd",
        override_reason=override if capacity_left(db, offer, today) == 0 else None,
        created_at=moment,
        created_by=_account_id(actor),
        changed_at=moment,
    )
    db.add(request)
    db.flush()
    _log(db, actor, Action.SUPPORT_REQUESTED, "casus", case.code)
    return request


def move(
    db: Session,
    request: SupportRequest,
    target: str,
    actor: Actor,
    *,
    contact: Contact | None = None,
    volunteer_id: int | None = None,
    reason: str = "",
) -> None:
    """Move a request on. A promise names a volunteer of the pool (whose first name is taken)
    or a first name typed in, with a phone (the offer's contact phone when none is typed)."""
    volunteer = None
    if target == "toegezegd" and volunteer_id is not None:
        volunteer = _own_volunteer(db, request.offer.organisation_id, volunteer_id)
        phone = contact.phone if contact and contact.phone.strip() else request.offer.contact_phone
        contact = Contact(volunteer.first_name, phone)
    try:
        state = opplus.advance(request.state, target, contact=contact, reason=reason)
    except opplus.StepError as error:
        raise ValidationError(error.field, error.message) from None
    if len(reason.strip()) > opplus.REASON_MAX:
        raise ValidationError("reden", Phrase(N_("de reden is te lang")))
    if state == "toegezegd" and contact is not None:
        request.volunteer = volunteer
        request.contact_first_name = contact.first_name.strip()[: opplus.NAME_MAX]
        request.contact_phone = contact.phone.strip()[: opplus.PHONE_MAX]
    if state == "niet_mogelijk":
        request.reason = reason.strip()
    request.state, request.changed_at = state, now()
    _log(db, actor, Action.SUPPORT_STEP, "casus", request.case.code)


def case_request(case: Case, request_id: int) -> SupportRequest:
    """One of the case's requests."""
    found = next((r for r in case.support_requests if r.id == request_id), None)
    if found is None:
        raise NotFound("opplusvraag", Phrase(N_("deze vraag om opplussen bestaat niet")))
    return found


def arranged_for(case: Case, activity_id: str) -> list[SupportRequest]:
    """The promised or arranged support of a case at one activity: who goes along, whom to call."""
    return [
        r
        for r in case.support_requests
        if r.activity_id == activity_id and r.state in opplus.ARRANGED
    ]


# --- what the organisations see -----------------------------------------------------------------


def _open_cases() -> ColumnElement[bool]:
    return SupportRequest.case.has(Case.status == "open")


def incoming(db: Session, user: UserAccount) -> list[SupportRequest]:
    """The requests addressed to the offers of the user's own organisation, newest first."""
    if user.organisation_id is None:
        return []
    return list(
        db.scalars(
            select(SupportRequest)
            .join(SupportOffer)
            .where(SupportOffer.organisation_id == user.organisation_id, _open_cases())
            .order_by(SupportRequest.created_at.desc())
        )
    )


def worklist(db: Session, actor: Actor) -> list[tuple[SupportRequest, Consent | None]]:
    """The offering organisation's requests, each with the consent (if any) that shows the
    person's first name and phone; every one viewed in the audit log."""
    assert actor.account is not None
    found = incoming(db, actor.account)
    for case in {r.case.code: r.case for r in found}.values():
        _log(db, actor, Action.SUPPORT_VIEWED, "casus", case.code)
    return [(r, shared_with(r.case, r.offer.organisation_id)) for r in found]


def shared_with(case: Case, organisation_id: int) -> Consent | None:
    """The consent that lets this organisation see the person's first name and phone, if any."""
    return next(
        (
            c
            for c in case.consents
            if c.withdrawn_at is None and c.organisation_id == organisation_id
        ),
        None,
    )


def incoming_request(db: Session, user: UserAccount, request_id: int) -> SupportRequest:
    """One request to the user's own organisation; any other is not found."""
    request = db.get(SupportRequest, request_id)
    if (
        request is None
        or user.organisation_id is None
        or request.offer.organisation_id != user.organisation_id
        or request.case.status != "open"
    ):
        raise NotFound("opplusvraag", Phrase(N_("deze vraag om opplussen bestaat niet")))
    return request


def at_own_activities(db: Session, user: UserAccount) -> list[SupportRequest]:
    """The support promised or arranged at the user's organisation's activities."""
    if user.organisation_id is None:
        return []
    return list(
        db.scalars(
            select(SupportRequest)
            .where(
                SupportRequest.activity_organisation_id == user.organisation_id,
                SupportRequest.state.in_(opplus.ARRANGED),
                _open_cases(),
            )
            .order_by(SupportRequest.created_at.desc())
        )
    )


# --- the volunteer pool -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VolunteerForm:
    """What the pool holds about someone, as typed."""

    first_name: str
    supports: list[str] = field(default_factory=list)
    wijk: str = ""
    days: list[str] = field(default_factory=list)
    trainings: list[str] = field(default_factory=list)


def _own_volunteer(db: Session, organisation_id: int, volunteer_id: int) -> Volunteer:
    volunteer = db.get(Volunteer, volunteer_id)
    if volunteer is None or volunteer.organisation_id != organisation_id:
        raise NotFound("vrijwilliger", Phrase(N_("deze vrijwilliger bestaat niet")))
    return volunteer


def volunteers(db: Session, organisation_id: int) -> list[Volunteer]:
    """An organisation's pool, by first name."""
    return list(
        db.scalars(
            select(Volunteer)
            .where(Volunteer.organisation_id == organisation_id)
            .order_by(Volunteer.first_name, Volunteer.id)
        )
    )


def volunteer(db: Session, user: UserAccount, volunteer_id: int) -> Volunteer:
    """One of the user's own organisation's pool; any other is not found."""
    if user.organisation_id is None:
        raise NotFound("vrijwilliger", Phrase(N_("deze vrijwilliger bestaat niet")))
    return _own_volunteer(db, user.organisation_id, volunteer_id)


def save_volunteer(
    db: Session,
    form: VolunteerForm,
    actor: Actor,
    existing: Volunteer | None = None,
) -> Volunteer:
    """Add someone to the actor's organisation's pool, or change them."""
    assert actor.account is not None and actor.account.organisation_id is not None
    first_name = form.first_name.strip()
    if not first_name or len(first_name) > opplus.NAME_MAX:
        raise ValidationError("voornaam", Phrase(N_("vul alleen een voornaam in")))
    wijk = geo.canonical_wijk(form.wijk, "wijk") if form.wijk.strip() else None
    target = existing or Volunteer(organisation_id=actor.account.organisation_id)
    target.first_name = first_name
    target.supports = _codes(form.supports, vocabulary.OPPLUS_SUPPORTS, "steun")
    target.wijk = wijk
    target.days = _codes(form.days, vocabulary.DAYS, "dagen")
    target.trainings = _codes(form.trainings, vocabulary.EXPERTISE, "trainingen")
    db.add(target)
    db.flush()
    _log(db, actor, Action.VOLUNTEER_SAVED, "vrijwilliger", str(target.id))
    return target


def remove_volunteer(db: Session, target: Volunteer, actor: Actor) -> None:
    """Take someone out of the pool: their first name goes from every request that named them."""
    for request in db.scalars(select(SupportRequest).where(SupportRequest.volunteer == target)):
        request.contact_first_name = None
    _log(db, actor, Action.VOLUNTEER_REMOVED, "vrijwilliger", str(target.id))
    db.delete(target)
    db.flush()


def propose_volunteers(
    db: Session, request: SupportRequest, record: ActivityRecord | None
) -> list[tuple[Volunteer, float | None]]:
    """Who of the pool can give one of the asked supports and can on one of the activity's days
    (any day when it has no schedule), nearest first; those trained for the target group first."""
    days = {slot.day for slot in record.schedule} if record else set()
    point = record.point if record else None
    found = []
    for person in volunteers(db, request.offer.organisation_id):
        if not set(person.supports) & set(request.supports):
            continue
        if days and not days & set(person.days):
            continue
        km = (
            geo.distance_km(point, geo.wijk_centre(person.wijk))
            if point is not None and person.wijk
            else None
        )
        found.append((person, km))
    trained = set(request.expertise)
    return sorted(
        found,
        key=lambda pair: (
            not (trained & set(pair[0].trainings)),
            pair[1] is None,
            pair[1] or 0.0,
            pair[0].first_name,
        ),
    )


# --- support offers -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OfferForm:
    """A support offer as typed (or read from a CSV row)."""

    title: str
    supports: list[str]
    wijken: list[str]
    expertise: list[str]
    contact_name: str
    contact_phone: str
    contact_email: str
    capacity: str
    active: bool = True


def offers(db: Session, organisation_id: int | None = None) -> list[SupportOffer]:
    """Every offer (or one organisation's), by organisation and title."""
    query = select(SupportOffer).join(Organisation).order_by(Organisation.name, SupportOffer.title)
    if organisation_id is not None:
        query = query.where(SupportOffer.organisation_id == organisation_id)
    return list(db.scalars(query))


def offer(db: Session, offer_id: int, organisation_id: int | None = None) -> SupportOffer:
    """One offer; with an organisation, only one of its own."""
    found = db.get(SupportOffer, offer_id)
    if found is None or (organisation_id is not None and found.organisation_id != organisation_id):
        raise NotFound("aanbod", Phrase(N_("dit aanbod bestaat niet")))
    return found


def offering_organisations(db: Session) -> list[Organisation]:
    """The organisations with an active offer: where expertise can be asked."""
    return list(
        db.scalars(
            select(Organisation)
            .where(
                Organisation.id.in_(select(SupportOffer.organisation_id).where(SupportOffer.active))
            )
            .order_by(Organisation.name)
        )
    )


def checked_offer(form: OfferForm) -> dict[str, object]:
    """An offer's values, checked; the first problem is an error naming its field."""
    title = form.title.strip()
    if not title or len(title) > 200:
        raise ValidationError("titel", Phrase(N_("geef het aanbod een naam")))
    supports = _codes(form.supports, vocabulary.OPPLUS_SUPPORTS, "steun")
    if not supports:
        raise ValidationError("steun", Phrase(N_("kies welke ondersteuning het aanbod geeft")))
    wijken = [geo.canonical_wijk(w, "wijken") for w in form.wijken if w.strip()]
    contact_name, phone = form.contact_name.strip(), form.contact_phone.strip()
    if not contact_name or len(contact_name) > 100:
        raise ValidationError("contactpersoon", Phrase(N_("vul een contactpersoon in")))
    if not phone or len(phone) > opplus.PHONE_MAX:
        raise ValidationError("telefoon", Phrase(N_("vul een telefoonnummer in")))
    capacity = form.capacity.strip()
    if not capacity.isdigit() or int(capacity) > 1000:
        raise ValidationError(
            "capaciteit", Phrase(N_("vul in hoeveel nieuwe vragen per maand: een heel getal"))
        )
    return {
        "title": title,
        "supports": supports,
        "wijken": sorted(set(wijken)),
        "expertise": _codes(form.expertise, vocabulary.EXPERTISE, "doelgroepen"),
        "contact_name": contact_name,
        "contact_phone": phone,
        "contact_email": form.contact_email.strip()[:200] or None,
        "capacity": int(capacity),
        "active": form.active,
    }


def save_offer(
    db: Session,
    form: OfferForm,
    organisation: Organisation,
    actor: Actor,
    existing: SupportOffer | None = None,
) -> SupportOffer:
    """Add an offer of an organisation, or change one."""
    values = checked_offer(form)
    target = existing or SupportOffer(
        organisation=organisation, code=_new_offer_code(db, organisation, str(values["title"]))
    )
    for name, value in values.items():
        setattr(target, name, value)
    db.add(target)
    db.flush()
    _log(db, actor, Action.OFFER_SAVED, "steunaanbod", target.code)
    return target


def _new_offer_code(db: Session, organisation: Organisation, title: str) -> str:
    base = catalogue.slug(f"{organisation.code} {title}")[:90]
    code, number = base, 1
    while db.scalars(select(SupportOffer.id).where(SupportOffer.code == code)).first():
        number += 1
        code = f"{base}-{number}"
    return code


# --- expertise on call --------------------------------------------------------------------------


def ask_expertise(
    db: Session, to_organisation_id: int, expertise: str, question: str, actor: Actor
) -> ExpertiseRequest:
    """An activity's organisation asks an offering organisation for advice or a training."""
    assert actor.account is not None and actor.account.organisation_id is not None
    if to_organisation_id not in {o.id for o in offering_organisations(db)}:
        raise ValidationError("organisatie", Phrase(N_("kies een organisatie die opplust")))
    if expertise not in vocabulary.EXPERTISE:
        raise ValidationError("doelgroep", Phrase(N_("kies een doelgroep")))
    question = question.strip()
    if not question or len(question) > NOTE_MAX:
        raise ValidationError(
            "vraag", Phrase(N_("schrijf je vraag in hoogstens %(max)s tekens"), {"max": NOTE_MAX})
        )
    asked = ExpertiseRequest(
        from_organisation_id=actor.account.organisation_id,
        to_organisation_id=to_organisation_id,
        expertise=expertise,
        question=question,
        created_at=now(),
        created_by=actor.account.id,
    )
    db.add(asked)
    db.flush()
    _log(db, actor, Action.EXPERTISE_ASKED, "expertisevraag", str(asked.id))
    return asked


def expertise_asked_by(db: Session, organisation_id: int) -> list[ExpertiseRequest]:
    """What an organisation asked, newest first."""
    return list(
        db.scalars(
            select(ExpertiseRequest)
            .where(ExpertiseRequest.from_organisation_id == organisation_id)
            .order_by(ExpertiseRequest.created_at.desc())
        )
    )


def expertise_asked_of(db: Session, organisation_id: int) -> list[ExpertiseRequest]:
    """What was asked of an offering organisation: open ones first, newest first."""
    return list(
        db.scalars(
            select(ExpertiseRequest)
            .where(ExpertiseRequest.to_organisation_id == organisation_id)
            .order_by(ExpertiseRequest.answered_at.is_not(None), ExpertiseRequest.created_at.desc())
        )
    )


def answer_expertise(
    db: Session, user: UserAccount, expertise_id: int, kind: str, answer: str, actor: Actor
) -> ExpertiseRequest:
    """Record what was given for a question to the user's own organisation: advice or training."""
    asked = db.get(ExpertiseRequest, expertise_id)
    if asked is None or asked.to_organisation_id != user.organisation_id:
        raise NotFound("expertisevraag", Phrase(N_("deze vraag bestaat niet")))
    if kind not in EXPERTISE_KINDS:
        raise ValidationError("soort", Phrase(N_("kies advies of training")))
    answer = answer.strip()
    if not answer or len(answer) > NOTE_MAX:
        raise ValidationError(
            "antwoord",
            Phrase(N_("schrijf kort wat je gaf, hoogstens %(max)s tekens"), {"max": NOTE_MAX}),
        )
    asked.kind, asked.answer, asked.answered_at, asked.answered_by = kind, answer, now(), user.id
    _log(db, actor, Action.EXPERTISE_ANSWERED, "expertisevraag", str(asked.id))
    return asked


# --- opgeplust for everyone ---------------------------------------------------------------------


def make_opgeplust(
    db: Session, activity_id: str, supports: list[str], actor: Actor
) -> catalogue.Saved:
    """Support at an activity is there for good: add its tags to the catalogue entry (a regular
    entry becomes opgeplust), through the catalogue service, so the next search finds it. An
    organisation's own change waits for the beheerder, as every change of supports does."""
    organisation = actor.account.organisation if actor.account else None
    activity = catalogue.entry(db, activity_id, organisation)
    supports = _codes(supports, vocabulary.OPPLUS_SUPPORTS, "steun")
    if not supports:
        raise ValidationError("steun", Phrase(N_("kies welke ondersteuning er blijvend is")))
    record = catalogue.record_of(activity)
    row = to_row(record)
    row["support"] = ";".join(
        code for code in vocabulary.SUPPORTS if code in record.support or code in supports
    )
    if record.aanbod == "regulier":
        row["aanbod"] = "opgeplust"
    return catalogue.save(
        db,
        parse_record(row),
        actor,
        revision=activity.revision,
        reason="opplussen is blijvend geregeld",
    )


# --- counts for the indicators ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Counts:
    """Plain counts of a period (no suppression: the indicators' own rule applies on output).

    A request asking for two supports counts once under each."""

    requests: int
    by_support: dict[str, int]
    by_wijk: dict[str, int]  # "" for an activity without a wijk
    by_outcome: dict[str, int]
    expertise_by_kind: dict[str, int]  # "open" for a question not answered yet


def counts(db: Session, start: dt.date, end: dt.date) -> Counts:
    """The requests made and expertise asked from `start` up to and including `end`."""
    since = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    requests = list(
        db.scalars(
            select(SupportRequest).where(
                SupportRequest.created_at >= since, SupportRequest.created_at < until
            )
        )
    )
    asked = db.scalars(
        select(ExpertiseRequest.kind).where(
            ExpertiseRequest.created_at >= since, ExpertiseRequest.created_at < until
        )
    )
    return Counts(
        requests=len(requests),
        by_support=dict(Counter(code for r in requests for code in r.supports)),
        by_wijk=dict(Counter(r.wijk or "" for r in requests)),
        by_outcome=dict(Counter(r.state for r in requests)),
        expertise_by_kind=dict(Counter(kind or "open" for kind in asked)),
    )
