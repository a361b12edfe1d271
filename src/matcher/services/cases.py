"""Cases (hulpvragen), consents, warm referrals, attendance, the weekly plan, rights and retention.

Every view and change of a case goes into the audit log, with the case's random code as the
object: the log holds ids and actions, never the case's content.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matcher import referrals
from matcher.catalogue.records import ActivityRecord
from matcher.catalogue.schedule import ScheduleError, Slot, parse_schedule
from matcher.clock import now, utc
from matcher.errors import NotFound, ValidationError
from matcher.models import (
    NOTE_MAX,
    TRANSFER_REASON_MAX,
    Attendance,
    AuditEntry,
    Case,
    CaseNote,
    CaseTransfer,
    Consent,
    HouseholdMember,
    Organisation,
    PlanItem,
    Referral,
    ReferralStep,
    Team,
    UserAccount,
)
from matcher.phrases import N_, Phrase
from matcher.plan import Block
from matcher.profile import parse_profile
from matcher.ranking.index import CatalogueIndex
from matcher.services import audit, matching
from matcher.services.audit import Action, Actor, Event

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread
# What the pages call a case's status; they translate it (`translate` in the templates).
STATUS_LABELS = {
    "open": Phrase(N_("Open: je team helpt de persoon")),
    "gesloten": Phrase(N_("Gesloten")),
}


def _log(db: Session, actor: Actor, action: Action, case: Case) -> None:
    audit.record(db, Event.by(actor, action, "casus", case.code))


def _account(actor: Actor) -> UserAccount:
    """The account acting on a case: cases are worked on by people, never by the system."""
    if actor.account is None:
        raise ValidationError(None, Phrase(N_("alleen een medewerker kan aan een casus werken")))
    return actor.account


def _too_long_note() -> Phrase:
    return Phrase(N_("een notitie is hoogstens %(max)s tekens"), {"max": NOTE_MAX})


def new_code() -> str:
    """A random, unguessable case code such as 'K-7QX4-M2PD' (40 bits)."""
    letters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"K-{letters[:4]}-{letters[4:]}"


def create(db: Session, actor: Actor) -> Case:
    """A new open case of the actor's team."""
    account = _account(actor)
    if account.team_id is None:
        raise ValidationError("team", Phrase(N_("alleen wie in een team zit kan een casus maken")))
    case = Case(
        code=new_code(),
        team_id=account.team_id,
        owner=account,
        profile={},
        status="open",
        created_at=now(),
    )
    db.add(case)
    db.flush()
    _log(db, actor, Action.CASE_CREATED, case)
    return case


def find(db: Session, code: str, user: UserAccount) -> Case:
    """A case of the user's own team; any other case (or none) is simply not found."""
    case = db.scalars(select(Case).where(Case.code == code)).first()
    if case is None or case.team_id != user.team_id:
        raise NotFound("code", Phrase(N_("deze casus bestaat niet")))
    return case


def viewed(db: Session, case: Case, actor: Actor, what: Action = Action.CASE_VIEWED) -> None:
    """Record a view (of the case, its plan, its export)."""
    _log(db, actor, what, case)


def team_cases(db: Session, user: UserAccount) -> list[Case]:
    """The cases of the user's team, newest first."""
    return list(
        db.scalars(
            select(Case).where(Case.team_id == user.team_id).order_by(Case.created_at.desc())
        )
    )


def transfer_teams(db: Session, user: UserAccount) -> list[Team]:
    """The teams a case of the user's team can be handed to: every other team."""
    return list(db.scalars(select(Team).where(Team.id != user.team_id).order_by(Team.name)))


def transfer(db: Session, case: Case, team_id: int, reason: str, actor: Actor) -> CaseTransfer:
    """Hand an open case to another team with the reason; from now on only that team finds it."""
    account = _account(actor)
    team = db.get(Team, team_id)
    if team is None or team.id == case.team_id:
        raise ValidationError("team", Phrase(N_("kies het team dat de casus overneemt")))
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            "reden", Phrase(N_("schrijf waarom het andere team de casus overneemt"))
        )
    if len(reason) > TRANSFER_REASON_MAX:
        raise ValidationError(
            "reden",
            Phrase(N_("de reden is hoogstens %(max)s tekens"), {"max": TRANSFER_REASON_MAX}),
        )
    if case.status != "open":
        raise ValidationError("team", Phrase(N_("een gesloten casus kan niet naar een ander team")))
    if db.scalars(select(HouseholdMember.id).where(HouseholdMember.case_id == case.id)).first():
        # The household's plan, network and regisseur stay with the team that has them.
        raise ValidationError(
            "team", Phrase(N_("deze casus hoort bij een huishouden en gaat niet alleen over"))
        )
    handed = CaseTransfer(
        from_team_id=case.team_id, to_team=team, reason=reason, by_id=account.id, at=now()
    )
    case.transfers.append(handed)
    case.team, case.owner = team, None
    db.flush()
    _log(db, actor, Action.CASE_TRANSFERRED, case)
    return handed


def received(case: Case, user: UserAccount) -> None:
    """Someone of the receiving team opened the case: its transfer leaves the team's worklist."""
    for handed in case.transfers:
        if handed.received_at is None and handed.to_team_id == user.team_id:
            handed.received_at = now()


def incoming(db: Session, user: UserAccount) -> list[CaseTransfer]:
    """The cases handed to the user's team that nobody of the team has opened yet, oldest first."""
    return list(
        db.scalars(
            select(CaseTransfer)
            .join(Case)
            .where(
                CaseTransfer.to_team_id == user.team_id,
                CaseTransfer.received_at.is_(None),
                Case.team_id == user.team_id,
            )
            .order_by(CaseTransfer.at)
        )
    )


def incoming_viewed(db: Session, actor: Actor) -> list[CaseTransfer]:
    """The cases handed to the actor's team, each one's view in the audit log (the reason is the
    case's content)."""
    found = incoming(db, _account(actor))
    for handed in found:
        viewed(db, handed.case, actor, Action.SIGNAL_VIEWED)
    return found


def set_profile(db: Session, case: Case, profile: dict[str, Any], actor: Actor) -> None:
    """Store the person's profile (validated as the contract's profile)."""
    parse_profile(profile)
    case.profile = profile
    _log(db, actor, Action.PROFILE_CHANGED, case)


def add_note(db: Session, case: Case, text: str, actor: Actor) -> CaseNote:
    """A short note; longer than NOTE_MAX characters is refused."""
    text = text.strip()
    if not text:
        raise ValidationError("notitie", Phrase(N_("schrijf een notitie")))
    if len(text) > NOTE_MAX:
        raise ValidationError("notitie", _too_long_note())
    note = CaseNote(case=case, text=text, author_id=_account(actor).id, created_at=now())
    db.add(note)
    db.flush()
    _log(db, actor, Action.NOTE_ADDED, case)
    return note


def organisation_named(db: Session, name: str) -> Organisation:
    """An organisation of the catalogue by name."""
    found = db.scalars(select(Organisation).where(Organisation.name == name)).first()
    if found is None:
        raise ValidationError(
            "organisatie", Phrase(N_("onbekende organisatie '%(name)s'"), {"name": name})
        )
    return found


def record_consent(
    db: Session, case: Case, organisation: str, first_name: str, phone: str, actor: Actor
) -> Consent:
    """Consent to share a first name and phone number with one organisation."""
    return _consent(db, case, organisation_named(db, organisation), first_name, phone, actor)


def consent_for(
    db: Session, referral: Referral, first_name: str, phone: str, actor: Actor
) -> Consent:
    """Consent given in the referral flow: with the referral's own organisation, not chosen again."""
    if referral.organisation is None:
        raise ValidationError(
            "toestemming", Phrase(N_("deze activiteit heeft geen organisatie om mee te delen"))
        )
    return _consent(db, referral.case, referral.organisation, first_name, phone, actor)


def _consent(
    db: Session, case: Case, org: Organisation, first_name: str, phone: str, actor: Actor
) -> Consent:
    first_name, phone = first_name.strip()[:60], phone.strip()[:30]
    if not first_name:
        raise ValidationError("voornaam", Phrase(N_("vul de voornaam in")))
    if not phone:
        raise ValidationError("telefoon", Phrase(N_("vul het telefoonnummer in")))
    consent = Consent(
        case=case,
        organisation=org,
        first_name=first_name,
        phone=phone,
        purpose=f"voornaam en telefoon delen met {org.name}",
        recorded_at=now(),
        recorded_by=_account(actor).id,
    )
    db.add(consent)
    db.flush()
    _log(db, actor, Action.CONSENT_RECORDED, case)
    return consent


def withdraw_consent(db: Session, case: Case, consent_id: int, actor: Actor) -> None:
    """Withdraw a consent: the shared details are wiped at once."""
    consent = next((c for c in case.consents if c.id == consent_id), None)
    if consent is None:
        raise NotFound("toestemming", Phrase(N_("deze toestemming bestaat niet")))
    consent.withdrawn_at, consent.first_name, consent.phone = now(), None, None
    _log(db, actor, Action.CONSENT_WITHDRAWN, case)


def active_consent(referral: Referral) -> Consent | None:
    """The consent that lets the referral's organisation see a first name and phone, if any."""
    return next(
        (
            c
            for c in referral.case.consents
            if c.withdrawn_at is None and c.organisation_id == referral.organisation_id
        ),
        None,
    )


def refer(db: Session, case: Case, activity: ActivityRecord, actor: Actor) -> Referral:
    """A warm referral to an activity, starting as 'voorgesteld'."""
    org = db.scalars(
        select(Organisation).where(Organisation.code == activity.organisation_id)
    ).first()
    referral = Referral(
        case=case,
        activity_id=activity.id,
        activity_title=activity.title,
        organisation=org,
        step="voorgesteld",
        created_at=now(),
    )
    referral.history.append(ReferralStep(step="voorgesteld", at=now(), by_id=_account(actor).id))
    db.add(referral)
    db.flush()
    _log(db, actor, Action.REFERRAL_MADE, case)
    return referral


def referral_of(case: Case, referral_id: int) -> Referral:
    """One of the case's referrals."""
    found = next((r for r in case.referrals if r.id == referral_id), None)
    if found is None:
        raise NotFound("verwijzing", Phrase(N_("deze verwijzing bestaat niet")))
    return found


def move(
    db: Session,
    referral: Referral,
    target: str,
    actor: Actor,
    note: str = "",
    reopen: bool = False,
) -> None:
    """Move a referral to its next step (or, explicitly, back to an earlier one)."""
    try:
        step = (referrals.reopen if reopen else referrals.advance)(referral.step, target)
    except referrals.StepError as error:
        raise ValidationError("stap", error.message) from None
    if len(note) > NOTE_MAX:
        raise ValidationError("notitie", _too_long_note())
    referral.step = step
    referral.history.append(
        ReferralStep(step=step, at=now(), by_id=_account(actor).id, note=note.strip() or None)
    )
    _log(db, actor, Action.REFERRAL_REOPENED if reopen else Action.REFERRAL_STEP, referral.case)


def arrange(
    db: Session, referral: Referral, companion: str, follow_up_on: dt.date | None, actor: Actor
) -> None:
    """Who goes along to the first visit, and when to follow up."""
    referral.companion = companion.strip()[:100] or None
    referral.follow_up_on = follow_up_on
    _log(db, actor, Action.REFERRAL_ARRANGED, referral.case)


def monday_of(day: dt.date) -> dt.date:
    """The Monday of a day's week."""
    return day - dt.timedelta(days=day.weekday())


FIRST_VISIT_NOTE = "eerste bezoek bevestigd door de organisatie"


def confirm_first_visit(db: Session, referral: Referral, actor: Actor, today: dt.date) -> None:
    """The organisation saw the person: on to 'deelnemend', and this week counts as attended."""
    while referral.step in ("voorgesteld", "contact_gelegd", "kennismaking"):
        following = (
            "deelnemend"
            if referral.step == "kennismaking"
            else referrals.next_steps(referral.step)[0]
        )
        move(db, referral, following, actor, FIRST_VISIT_NOTE)
    record_attendance(db, referral, today, actor)


def first_visit_just_confirmed(referral: Referral) -> bool:
    """Whether the last thing that happened to the referral is the organisation's confirmation of
    the first visit (so it can still be undone)."""
    return bool(referral.history) and referral.history[-1].note == FIRST_VISIT_NOTE


def undo_first_visit(db: Session, referral: Referral, actor: Actor, today: dt.date) -> None:
    """A first visit confirmed by mistake: back to the step before it, without this week's visit."""
    if not first_visit_just_confirmed(referral):
        raise ValidationError("stap", Phrase(N_("het eerste bezoek is niet net bevestigd")))
    earlier = [h for h in referral.history if h.note != FIRST_VISIT_NOTE]
    step = earlier[-1].step if earlier else "voorgesteld"
    referral.step = step
    referral.history.append(
        ReferralStep(
            step=step, at=now(), by_id=_account(actor).id, note="eerste bezoek teruggedraaid"
        )
    )
    _drop_attendance(referral, today)
    _log(db, actor, Action.FIRST_VISIT_UNDONE, referral.case)


def record_attendance(db: Session, referral: Referral, day: dt.date, actor: Actor) -> None:
    """The person came in the week of `day` (once per week)."""
    week = monday_of(day)
    if any(a.week == week for a in referral.attendance):
        return
    referral.attendance.append(Attendance(week=week, recorded_by=_account(actor).id))
    _log(db, actor, Action.ATTENDANCE_RECORDED, referral.case)


def attended_in_week_of(referral: Referral, day: dt.date) -> bool:
    """Whether the person's attendance is recorded for the week of `day`."""
    return any(a.week == monday_of(day) for a in referral.attendance)


def undo_attendance(db: Session, referral: Referral, day: dt.date, actor: Actor) -> None:
    """This week's attendance recorded by mistake: taken back (nothing to take back is no error)."""
    if _drop_attendance(referral, day):
        _log(db, actor, Action.ATTENDANCE_UNDONE, referral.case)


def _drop_attendance(referral: Referral, day: dt.date) -> bool:
    found = [a for a in referral.attendance if a.week == monday_of(day)]
    for attendance in found:
        referral.attendance.remove(attendance)
    return bool(found)


@dataclass(frozen=True, slots=True)
class Signal:
    """Something a professional should act on: a follow-up due, or someone not seen for a while."""

    case: Case
    referral: Referral
    kind: str  # "opvolgen" or "niet gezien"
    since: dt.date


def worklist(db: Session, actor: Actor, today: dt.date, weeks: int) -> list[Signal]:
    """The signals of the actor's team, each case's view of them in the audit log."""
    found = signals(db, _account(actor), today, weeks)
    for case in {s.case.code: s.case for s in found}.values():
        viewed(db, case, actor, Action.SIGNAL_VIEWED)
    return found


def signals(db: Session, user: UserAccount, today: dt.date, weeks: int) -> list[Signal]:
    """The worklist of the user's team: follow-ups due, and participants whose attendance was not
    confirmed for `weeks` weeks, so someone calls before a person has quietly dropped out."""
    found = []
    for case in team_cases(db, user):
        if case.status != "open":
            continue
        for referral in case.referrals:
            if (
                referral.follow_up_on
                and referral.follow_up_on <= today
                and referral.step not in referrals.ENDS
            ):
                found.append(Signal(case, referral, "opvolgen", referral.follow_up_on))
            if referral.step == "deelnemend":
                last = _last_seen(referral)
                if (monday_of(today) - last).days >= 7 * weeks:
                    found.append(Signal(case, referral, "niet gezien", last))
    return sorted(found, key=lambda s: s.since)


def _last_seen(referral: Referral) -> dt.date:
    if referral.attendance:
        return max(a.week for a in referral.attendance)
    started = next(
        (h.at for h in reversed(referral.history) if h.step == "deelnemend"), referral.created_at
    )
    return monday_of(utc(started).date())


def provider_referrals(db: Session, user: UserAccount) -> list[Referral]:
    """The referrals to the aanbieder's own organisation's activities, of open cases."""
    if user.organisation_id is None:
        return []
    return list(
        db.scalars(
            select(Referral)
            .join(Case)
            .where(
                Referral.organisation_id == user.organisation_id,
                Case.status == "open",
            )
            .order_by(Referral.created_at.desc())
        )
    )


def provider_worklist(db: Session, actor: Actor) -> list[tuple[Referral, Consent | None]]:
    """The referrals an aanbieder sees, each with the consent (if any) that shows a first name
    and phone; every one of them viewed in the audit log."""
    found = provider_referrals(db, _account(actor))
    for referral in found:
        viewed(db, referral.case, actor, Action.REFERRAL_VIEWED_BY_PROVIDER)
    return [(r, active_consent(r)) for r in found]


def provider_referral(db: Session, user: UserAccount, referral_id: int) -> Referral:
    """One referral of the aanbieder's organisation; any other is not found."""
    referral = db.get(Referral, referral_id)
    if (
        referral is None
        or user.organisation_id is None
        or referral.organisation_id != user.organisation_id
    ):
        raise NotFound("verwijzing", Phrase(N_("deze verwijzing bestaat niet")))
    return referral


def plan_slot(day: str, start: str, end: str) -> Slot:
    """The weekly slot of a plan item, from a day and two times as typed ('wo', '09:00', '12:00')."""
    try:
        return parse_schedule(f"{day} {start}-{end}")[0]
    except (ScheduleError, IndexError):
        raise ValidationError(
            "dag", Phrase(N_("kies een dag en tijden, zoals 09:00 tot 12:00"))
        ) from None


def add_plan_item(db: Session, case: Case, title: str, slot: Slot, actor: Actor) -> None:
    """Indicated care entered by hand, e.g. 'Dagbesteding De Werkplaats', Monday morning."""
    title = title.strip()[:100]
    if not title:
        raise ValidationError(
            "titel", Phrase(N_("geef het onderdeel een naam, bijvoorbeeld 'Dagbesteding'"))
        )
    case.plan_items.append(
        PlanItem(title=title, day=slot.day, starts_at=slot.start, ends_at=slot.end)
    )
    _log(db, actor, Action.PLAN_CHANGED, case)


def remove_plan_item(db: Session, case: Case, item_id: int, actor: Actor) -> None:
    """Take an item out of the plan."""
    item = next((i for i in case.plan_items if i.id == item_id), None)
    if item is None:
        raise NotFound("onderdeel", Phrase(N_("dit onderdeel bestaat niet")))
    case.plan_items.remove(item)
    _log(db, actor, Action.PLAN_CHANGED, case)


def week(db: Session, case: Case, for_person: bool = False) -> list[Block]:
    """The case's week against the current catalogue."""
    return plan_blocks(case, matching.current_index(db), for_person)


def plan_blocks(case: Case, catalogue: CatalogueIndex, for_person: bool = False) -> list[Block]:
    """The week: the maatwerk items and the times of the referrals under way. A referral's times
    are those chosen with the person; until they are chosen, the staff's plan shows every time
    (to choose from, with clashes flagged) and the person's own plan none."""
    blocks = [Block(i.day, i.starts_at, i.ends_at, i.title, "maatwerk") for i in case.plan_items]
    for referral in case.referrals:
        position = catalogue.position.get(referral.activity_id)
        if referral.step not in referrals.ACTIVE_IN_PLAN or position is None:
            continue
        chosen = referral.chosen_slots
        if for_person and chosen is None:
            continue
        record = catalogue.records[position]
        where = ", ".join(p for p in (record.address, record.area) if p)
        blocks += [
            Block(s.day, s.start, s.end, record.title, "activiteit", where, chosen is not None)
            for s in record.schedule
            if chosen is None or str(s) in chosen
        ]
    return blocks


def export(db: Session, case: Case) -> dict[str, Any]:
    """Everything held about one case (AVG art. 15), including when and why it was looked at."""
    views = db.scalars(
        select(AuditEntry)
        .where(AuditEntry.object_type == "casus", AuditEntry.object_id == case.code)
        .order_by(AuditEntry.id)
    )
    return {
        "code": case.code,
        "status": case.status,
        "created_at": _iso(case.created_at),
        "closed_at": _iso(case.closed_at),
        "profile": case.profile,
        "notes": [{"text": n.text, "created_at": _iso(n.created_at)} for n in case.notes],
        "consents": [
            {
                "purpose": c.purpose,
                "organisation": c.organisation.name if c.organisation else None,
                "first_name": c.first_name,
                "phone": c.phone,
                "recorded_at": _iso(c.recorded_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in case.consents
        ],
        "referrals": [
            {
                "activity_id": r.activity_id,
                "activity": r.activity_title,
                "step": r.step,
                "companion": r.companion,
                "chosen_times": r.chosen_slots,
                "bring": r.bring,
                "follow_up_on": r.follow_up_on.isoformat() if r.follow_up_on else None,
                "history": [{"step": h.step, "at": _iso(h.at), "note": h.note} for h in r.history],
                "attendance": [a.week.isoformat() for a in r.attendance],
                "welcome_checkins": [
                    {"weeks": c.moment, "answer": c.answer, "on": c.recorded_on.isoformat()}
                    for c in r.checkins
                ],
            }
            for r in case.referrals
        ],
        "support_requests": [
            {
                "activity_id": r.activity_id,
                "activity": r.activity_title,
                "offer": r.offer.title,
                "organisation": r.offer.organisation.name,
                "supports": r.supports,
                "target_groups": r.expertise,
                "state": r.state,
                "contact_first_name": r.contact_first_name,
                "contact_phone": r.contact_phone,
                "reason": r.reason,
                "override_reason": r.override_reason,
                "created_at": _iso(r.created_at),
                "changed_at": _iso(r.changed_at),
            }
            for r in case.support_requests
        ],
        "transfers": [
            {
                "from_team": t.from_team.name,
                "to_team": t.to_team.name,
                "reason": t.reason,
                "at": _iso(t.at),
                "received_at": _iso(t.received_at),
            }
            for t in case.transfers
        ],
        "plan": [
            {
                "title": i.title,
                "day": i.day,
                "start": f"{i.starts_at:%H:%M}",
                "end": f"{i.ends_at:%H:%M}",
            }
            for i in case.plan_items
        ],
        "intake": _intake(case),
        "consultations": [
            {"at": _iso(v.occurred_at), "action": v.action, "purpose": v.purpose} for v in views
        ],
    }


def _intake(case: Case) -> dict[str, Any] | None:
    """How the case came in from outside, with the contact details and the consent given."""
    found = case.intake
    if found is None:
        return None
    return {
        "source": found.source,
        "first_name": found.first_name,
        "contact": found.contact,
        "best_time": found.best_time,
        "about": found.about,
        "consent": found.consent,
        "referrer": found.referrer,
        "referrer_phone": found.referrer_phone,
        "created_at": _iso(found.created_at),
        "opened_at": _iso(found.opened_at),
    }


def _iso(moment: dt.datetime | None) -> str | None:
    return utc(moment).isoformat() if moment else None


def close(db: Session, case: Case, actor: Actor) -> None:
    """Close a case (retention counts from here)."""
    case.status, case.closed_at = "gesloten", now()
    _log(db, actor, Action.CASE_CLOSED, case)


def erase(db: Session, case: Case, actor: Actor) -> None:
    """Erase a case on request (AVG art. 17): the database cascades to everything that hangs on it;
    a content-free line in the audit log remains."""
    code = case.code
    db.expunge(case)
    db.execute(delete(Case).where(Case.code == code))
    audit.record(
        db, Event.by(actor, Action.CASE_ERASED, "casus", code, purpose="recht op vergetelheid")
    )


def retention(db: Session, today: dt.date, months: int) -> int:
    """Anonymise closed cases older than `months` (profile, notes, consents, referral notes, welcome
    check-ins, who came along with support and how to reach someone who asked go; the steps and states stay for counting). Open
    cases are left alone; a second run changes nothing."""
    cutoff = today - dt.timedelta(days=round(months * 30.44))
    due = [
        c
        for c in db.scalars(
            select(Case).where(Case.status == "gesloten", Case.anonymised_at.is_(None))
        )
        if c.closed_at is not None and utc(c.closed_at).date() < cutoff
    ]
    for case in due:
        case.profile = {}
        case.notes.clear()
        case.consents.clear()
        case.plan_items.clear()
        for referral in case.referrals:
            referral.companion = referral.chosen_slots = referral.bring = None
            referral.checkins.clear()  # how the person felt: kept no longer than the case
            for step in referral.history:
                step.note = None
        for request in case.support_requests:
            request.volunteer = None
            request.contact_first_name = request.contact_phone = None
            request.reason = request.override_reason = None
            request.expertise = []
        if case.intake is not None:  # how to reach the person: the source and date stay
            case.intake.first_name = case.intake.contact = case.intake.best_time = None
            case.intake.about = case.intake.referrer = case.intake.referrer_phone = None
        for handed in case.transfers:
            handed.reason = None
        case.anonymised_at = now()
    period = f"bewaartermijn {months} maanden"
    audit.record(db, Event(Action.RETENTION, "casussen", str(len(due)), purpose=period))
    return len(due)
