"""Households: one household, one plan, one regisseur. Members (first names and roles, each may be
a case), the household's own network, goals per area of life with who helps, and their results.

Every view and change goes into the audit log with the household's random code as the object;
the lines hold no content. Team scoping is the cases': another team's household is not found.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matcher import roles, vocabulary
from matcher.clock import now, utc
from matcher.errors import NotFound, ValidationError
from matcher.models import (
    GOAL_MAX,
    RESULT_SENTENCE_MAX,
    AuditEntry,
    Case,
    Goal,
    GoalReview,
    Household,
    HouseholdMember,
    NetworkContact,
    PlanItem,
    Referral,
    SupportRequest,
    UserAccount,
)
from matcher.phrases import N_, Phrase
from matcher.services import audit, cases
from matcher.services.audit import Action, Actor, Event

NAME_MAX, RELATION_MAX, PHONE_MAX, ORGANISATION_MAX = 60, 60, 30, 100


def _log(db: Session, actor: Actor, action: Action, household: Household) -> None:
    audit.record(db, Event.by(actor, action, "huishouden", household.code))


def _account(actor: Actor) -> UserAccount:
    if actor.account is None:
        raise ValidationError(
            None, Phrase(N_("alleen een medewerker kan aan een huishouden werken"))
        )
    return actor.account


def new_code() -> str:
    """A random, unguessable household code such as 'H-7QX4-M2PD' (40 bits)."""
    letters = "".join(secrets.choice(cases.CODE_ALPHABET) for _ in range(8))
    return f"H-{letters[:4]}-{letters[4:]}"


def create(db: Session, actor: Actor) -> Household:
    """A new household of the actor's team, with the actor as its regisseur."""
    account = _account(actor)
    if account.team_id is None:
        raise ValidationError(
            "team", Phrase(N_("alleen wie in een team zit kan een huishouden maken"))
        )
    household = Household(
        code=new_code(), team_id=account.team_id, regisseur=account, created_at=now()
    )
    db.add(household)
    db.flush()
    _log(db, actor, Action.HOUSEHOLD_CREATED, household)
    return household


def find(db: Session, code: str, user: UserAccount) -> Household:
    """A household of the user's own team; any other (or none) is simply not found."""
    found = db.scalars(select(Household).where(Household.code == code)).first()
    if found is None or found.team_id != user.team_id:
        raise NotFound("code", Phrase(N_("dit huishouden bestaat niet")))
    return found


def viewed(db: Session, household: Household, actor: Actor, what: Action) -> None:
    """Record a view (of the household, its printed plan, its export)."""
    _log(db, actor, what, household)


def team_households(db: Session, user: UserAccount) -> list[Household]:
    """The households of the user's team, newest first."""
    query = select(Household).where(Household.team_id == user.team_id)
    return list(db.scalars(query.order_by(Household.created_at.desc())))


def member_of(db: Session, case: Case) -> HouseholdMember | None:
    """The household member a case is, if the case belongs to a household."""
    return db.scalars(select(HouseholdMember).where(HouseholdMember.case_id == case.id)).first()


def _first_name(text: str, field_name: str = "voornaam") -> str:
    name = text.strip()
    if not name:
        raise ValidationError(field_name, Phrase(N_("vul de voornaam in")))
    if len(name) > NAME_MAX:
        raise ValidationError(
            field_name, Phrase(N_("een voornaam is hoogstens %(max)s tekens"), {"max": NAME_MAX})
        )
    return name


def add_member(
    db: Session,
    household: Household,
    first_name: str,
    role: str,
    case_code: str,
    actor: Actor,
) -> HouseholdMember:
    """A member by first name and role. `case_code` links an existing case of the team; "nieuw"
    makes a new case for the member; empty: the member is not a case (a child, say)."""
    name = _first_name(first_name)
    if role not in vocabulary.MEMBER_ROLES:
        raise ValidationError("rol", Phrase(N_("kies wie deze persoon is in het huishouden")))
    case = _member_case(db, case_code.strip().upper(), actor)
    member = HouseholdMember(first_name=name, role=role, case=case)
    household.members.append(member)
    db.flush()
    _log(db, actor, Action.HOUSEHOLD_CHANGED, household)
    return member


def _member_case(db: Session, code: str, actor: Actor) -> Case | None:
    if not code:
        return None
    if code == "NIEUW":
        return cases.create(db, actor)
    try:
        case = cases.find(db, code, _account(actor))
    except NotFound:
        raise ValidationError(
            "casus", Phrase(N_("je team heeft geen casus met deze code"))
        ) from None
    if member_of(db, case) is not None:
        raise ValidationError("casus", Phrase(N_("deze casus hoort al bij een huishouden")))
    return case


def regisseurs(db: Session, household: Household) -> list[UserAccount]:
    """The professionals of the household's team who can steer its plan."""
    found = db.scalars(
        select(UserAccount)
        .where(UserAccount.team_id == household.team_id, UserAccount.active.is_(True))
        .order_by(UserAccount.name, UserAccount.email)
    )
    return [a for a in found if roles.may(a.role, roles.Permission.CASES)]


def set_regisseur(db: Session, household: Household, account_id: int, actor: Actor) -> None:
    """One regisseur per household: a professional of its own team."""
    chosen = next((a for a in regisseurs(db, household) if a.id == account_id), None)
    if chosen is None:
        raise ValidationError("regisseur", Phrase(N_("kies een collega uit je team")))
    household.regisseur = chosen
    _log(db, actor, Action.HOUSEHOLD_CHANGED, household)


@dataclass(frozen=True, slots=True)
class ContactForm:
    """Someone of the network as typed on the form."""

    first_name: str
    relation: str
    can: list[str]
    phone: str
    agreed: bool


def add_contact(
    db: Session, household: Household, form: ContactForm, today: dt.date, actor: Actor
) -> NetworkContact:
    """Someone of the household's own network, kept only when they agreed to be on the plan."""
    name = _first_name(form.first_name)
    relation = form.relation.strip()
    if not relation:
        raise ValidationError(
            "relatie", Phrase(N_("schrijf wie dit is, bijvoorbeeld buurvrouw of zus"))
        )
    if len(relation) > RELATION_MAX:
        raise ValidationError(
            "relatie", Phrase(N_("hoogstens %(max)s tekens"), {"max": RELATION_MAX})
        )
    unknown = [c for c in form.can if c not in vocabulary.NETWORK_HELP]
    if unknown or not form.can:
        raise ValidationError("kan", Phrase(N_("kies wat deze persoon kan doen")))
    phone = form.phone.strip()
    if len(phone) > PHONE_MAX:
        raise ValidationError(
            "telefoon", Phrase(N_("hoogstens %(max)s tekens"), {"max": PHONE_MAX})
        )
    if not form.agreed:
        raise ValidationError(
            "akkoord", Phrase(N_("vraag eerst of deze persoon op het plan wil staan"))
        )
    contact = NetworkContact(
        first_name=name,
        relation=relation,
        can=[c for c in vocabulary.NETWORK_HELP if c in form.can],
        phone=phone or None,
        agreed_on=today,
        recorded_by=_account(actor).id,
    )
    household.network.append(contact)
    db.flush()
    _log(db, actor, Action.HOUSEHOLD_CHANGED, household)
    return contact


def remove_contact(db: Session, household: Household, contact_id: int, actor: Actor) -> str:
    """Someone leaves the network (or no longer wants to be named): their row goes at once, and
    the goals they helped with keep 'iemand uit het eigen netwerk'. Returns their first name."""
    contact = next((c for c in household.network if c.id == contact_id), None)
    if contact is None:
        raise NotFound("netwerk", Phrase(N_("deze persoon staat niet in het netwerk")))
    for member in household.members:
        for goal in member.goals:
            if goal.network_contact is contact:
                goal.network_contact = None
    household.network.remove(contact)
    _log(db, actor, Action.HOUSEHOLD_CHANGED, household)
    return contact.first_name


@dataclass(frozen=True, slots=True)
class GoalForm:
    """A goal as typed: whose, the area, the words, who helps, when to look again, what serves it."""

    member_id: int
    area: str
    text: str
    helper: str
    contact_id: int | None
    organisation: str
    review_on: dt.date | None
    referrals: list[int] = field(default_factory=list)
    plan_items: list[int] = field(default_factory=list)
    support_requests: list[int] = field(default_factory=list)


def save_goal(
    db: Session, household: Household, form: GoalForm, actor: Actor, goal: Goal | None = None
) -> Goal:
    """A new goal, or a change of one: the links to referrals, opplus requests and maatwerk are
    those of the member's own case."""
    member = next((m for m in household.members if m.id == form.member_id), None)
    if member is None:
        raise ValidationError("lid", Phrase(N_("kies voor wie dit doel is")))
    if form.area not in vocabulary.AREAS:
        raise ValidationError("gebied", Phrase(N_("kies het levensgebied")))
    text = form.text.strip()
    if not text:
        raise ValidationError("doel", Phrase(N_("schrijf het doel in de woorden van de persoon")))
    if len(text) > GOAL_MAX:
        raise ValidationError(
            "doel", Phrase(N_("een doel is hoogstens %(max)s tekens"), {"max": GOAL_MAX})
        )
    contact, organisation = _helper(household, form)
    case = member.case
    # Checked before the goal changes: a refused form leaves nothing half made in the session.
    referrals = _chosen(form.referrals, case.referrals if case else [])
    plan_items = _chosen(form.plan_items, case.plan_items if case else [])
    support_requests = _chosen(form.support_requests, case.support_requests if case else [])
    goal = goal or Goal(created_at=now(), created_by=_account(actor).id)
    with db.no_autoflush:
        goal.member, goal.area, goal.text, goal.helper = member, form.area, text, form.helper
        goal.network_contact, goal.organisation = contact, organisation
        goal.review_on = form.review_on
        goal.referrals, goal.plan_items = referrals, plan_items
        goal.support_requests = support_requests
    db.add(goal)
    db.flush()
    _log(db, actor, Action.GOAL_SAVED, household)
    return goal


def _helper(household: Household, form: GoalForm) -> tuple[NetworkContact | None, str | None]:
    if form.helper not in vocabulary.HELPERS:
        raise ValidationError("helper", Phrase(N_("kies wie helpt")))
    if form.helper == "netwerk":
        contact = next((c for c in household.network if c.id == form.contact_id), None)
        if contact is None:
            raise ValidationError("netwerk", Phrase(N_("kies wie uit het netwerk helpt")))
        return contact, None
    if form.helper == "organisatie":
        name = form.organisation.strip()
        if not name or len(name) > ORGANISATION_MAX:
            raise ValidationError(
                "organisatie", Phrase(N_("schrijf welke organisatie helpt (hoogstens 100 tekens)"))
            )
        return None, name
    return None, None


Linked = TypeVar("Linked", Referral, PlanItem, SupportRequest)


def _chosen(ids: list[int], own: list[Linked]) -> list[Linked]:
    if set(ids) - {item.id for item in own}:
        raise ValidationError("koppel", Phrase(N_("koppel alleen wat bij deze persoon hoort")))
    return [item for item in own if item.id in ids]


def goal_of(household: Household, goal_id: int) -> Goal:
    """One of the household's goals."""
    found = next((g for m in household.members for g in m.goals if g.id == goal_id), None)
    if found is None:
        raise NotFound("doel", Phrase(N_("dit doel bestaat niet")))
    return found


def review(
    db: Session,
    goal: Goal,
    result: str,
    sentence: str,
    next_review: dt.date | None,
    today: dt.date,
    actor: Actor,
) -> GoalReview:
    """The result of a goal at its review date, in one sentence; a goal not (fully) reached can
    get a new date to look at it again."""
    if result not in vocabulary.RESULTS:
        raise ValidationError("resultaat", Phrase(N_("kies of het doel is bereikt")))
    sentence = sentence.strip()
    if not sentence:
        raise ValidationError("zin", Phrase(N_("schrijf in een zin hoe het ging")))
    if len(sentence) > RESULT_SENTENCE_MAX:
        raise ValidationError(
            "zin", Phrase(N_("hoogstens %(max)s tekens"), {"max": RESULT_SENTENCE_MAX})
        )
    if next_review is not None and next_review <= today:
        raise ValidationError("volgende", Phrase(N_("kies een dag na vandaag")))
    if result == "bereikt" and next_review is not None:
        raise ValidationError("volgende", Phrase(N_("een bereikt doel krijgt geen nieuwe datum")))
    done = GoalReview(result=result, sentence=sentence, reviewed_on=today, by_id=_account(actor).id)
    goal.reviews.append(done)
    goal.review_on = next_review
    db.flush()
    _log(db, actor, Action.GOAL_REVIEWED, goal.member.household)
    return done


def due_reviews(db: Session, user: UserAccount, today: dt.date) -> list[Goal]:
    """The goals of the user's team whose review date has come, oldest date first."""
    query = (
        select(Goal)
        .join(HouseholdMember)
        .join(Household)
        .where(Household.team_id == user.team_id, Goal.review_on <= today)
        .order_by(Goal.review_on, Goal.id)
    )
    return list(db.scalars(query))


def due_reviews_viewed(db: Session, actor: Actor, today: dt.date) -> list[Goal]:
    """The goals to review on the worklist, each household's view in the audit log."""
    found = due_reviews(db, _account(actor), today)
    for household in {g.member.household.code: g.member.household for g in found}.values():
        viewed(db, household, actor, Action.SIGNAL_VIEWED)
    return found


def network_offers(
    db: Session, case: Case, supports: list[str]
) -> list[tuple[NetworkContact, list[str]]]:
    """Who of the case's household network can give a support a near miss lacks, with what they
    can ('Fatima kan meegaan' where the place asks for kennismaken_met_maatje)."""
    member = member_of(db, case)
    if member is None:
        return []
    wanted = [code for code, support in vocabulary.NETWORK_SUPPORTS.items() if support in supports]
    found = [(c, [code for code in wanted if code in c.can]) for c in member.household.network]
    return [(contact, codes) for contact, codes in found if codes]


def export(db: Session, household: Household) -> dict[str, Any]:
    """Everything held about a household (AVG art. 15): members, network, goals with their results
    and links, and when and why it was looked at. Each member's case has its own export."""
    views = db.scalars(
        select(AuditEntry)
        .where(AuditEntry.object_type == "huishouden", AuditEntry.object_id == household.code)
        .order_by(AuditEntry.id)
    )
    return {
        "code": household.code,
        "team": household.team.name,
        "regisseur": household.regisseur.email if household.regisseur else None,
        "created_at": _iso(household.created_at),
        "members": [member_export(m) for m in household.members],
        "network": [
            {
                "first_name": c.first_name,
                "relation": c.relation,
                "can": c.can,
                "phone": c.phone,
                "agreed_on": c.agreed_on.isoformat(),
            }
            for c in household.network
        ],
        "consultations": [
            {"at": _iso(v.occurred_at), "action": v.action, "purpose": v.purpose} for v in views
        ],
    }


def member_export(member: HouseholdMember) -> dict[str, Any]:
    """What the household holds about one member: first name, role, goals and their results."""
    return {
        "first_name": member.first_name,
        "role": member.role,
        "case": member.case.code if member.case else None,
        "goals": [
            {
                "area": g.area,
                "goal": g.text,
                "helper": g.helper,
                "network_contact": g.network_contact.first_name if g.network_contact else None,
                "organisation": g.organisation,
                "review_on": g.review_on.isoformat() if g.review_on else None,
                "referrals": [r.activity_title for r in g.referrals],
                "maatwerk": [i.title for i in g.plan_items],
                "support_requests": [s.activity_title for s in g.support_requests],
                "results": [
                    {"result": r.result, "sentence": r.sentence, "on": r.reviewed_on.isoformat()}
                    for r in g.reviews
                ],
            }
            for g in member.goals
        ],
    }


def _iso(moment: dt.datetime | None) -> str | None:
    return utc(moment).isoformat() if moment else None


def erase(db: Session, household: Household, actor: Actor) -> int:
    """Erase a household on request (AVG art. 17): every member's case is erased as a case is
    (the database cascades), then the household with its members, network, goals and results.
    Content-free audit lines remain. Returns how many cases went."""
    code = household.code
    member_cases = [m.case for m in household.members if m.case is not None]
    for case in member_cases:
        cases.erase(db, case, actor)
    db.expunge(household)
    db.execute(delete(Household).where(Household.code == code))
    audit.record(
        db,
        Event.by(
            actor, Action.HOUSEHOLD_ERASED, "huishouden", code, purpose="recht op vergetelheid"
        ),
    )
    return len(member_cases)


def retention(db: Session, today: dt.date, months: int) -> int:
    """Anonymise households older than `months` none of whose members has a case still in use
    (open, or closed and not yet anonymised): first names, goal words, result sentences and the
    network go; areas, dates and results stay for counting. A second run changes nothing."""
    cutoff = today - dt.timedelta(days=round(months * 30.44))
    due = [
        h
        for h in db.scalars(select(Household).where(Household.anonymised_at.is_(None)))
        if utc(h.created_at).date() < cutoff
        and all(m.case is None or m.case.anonymised_at is not None for m in h.members)
    ]
    for household in due:
        household.network.clear()
        for member in household.members:
            member.first_name = None
            for goal in member.goals:
                goal.text = goal.organisation = None
                goal.review_on = None
                for done in goal.reviews:
                    done.sentence = None
        household.anonymised_at = now()
    period = f"bewaartermijn {months} maanden"
    audit.record(db, Event(Action.RETENTION, "huishoudens", str(len(due)), purpose=period))
    return len(due)
