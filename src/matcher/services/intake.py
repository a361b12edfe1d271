"""Ways in from outside: a resident asks to search together ("Liever samen zoeken?"), or a
huisarts, POH or wijkverpleging passes someone on with that person's consent.

Each lands as a new open case of the intake team (SamenZwolle; `INTAKE_TEAM` names it), with an
`Intake` holding only what it takes to get in touch. Nobody is logged in when it arrives, so the
audit line names no actor and no address; staff opening it is audited per case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.clock import now
from matcher.errors import ValidationError
from matcher.models import NOTE_MAX, Case, Intake, Team, UserAccount
from matcher.phrases import N_, Phrase
from matcher.services import audit
from matcher.services.audit import Action, Actor, Event
from matcher.services.cases import new_code

PARTNERS = ("huisarts", "poh", "wijkverpleging")
# Who sent a request, as staff read it after "Via".
SOURCES = {
    "inwoner": N_("de website, door de inwoner zelf"),
    "huisarts": N_("een huisarts"),
    "poh": N_("een praktijkondersteuner (POH)"),
    "wijkverpleging": N_("de wijkverpleging"),
}
# The words the person agrees to, kept with the request as they were shown.
RESIDENT_CONSENT = N_(
    "Ik vind het goed dat SamenZwolle mijn voornaam, hoe ze mij bereiken en waar het over gaat "
    "bewaart om contact met mij op te nemen."
)
PARTNER_CONSENT = N_(
    "De persoon weet van deze aanmelding en vindt het goed dat SamenZwolle deze gegevens "
    "krijgt en contact opneemt."
)
LIMITS = {"voornaam": 60, "contact": 200, "wanneer": 100, "waarover": NOTE_MAX}
PARTNER_LIMITS = {"praktijk": 100, "telefoon_praktijk": 30}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]+$")


@dataclass(frozen=True, slots=True)
class Request:
    """What was typed in a form, by field name; from a partner's form or a resident's."""

    fields: dict[str, str]
    partner: bool = False

    @property
    def source(self) -> str:
        """Who sent it: the resident, or the kind of partner the form says."""
        return self.get("wie") if self.partner else "inwoner"

    def get(self, name: str) -> str:
        """A field, without surrounding spaces."""
        return self.fields.get(name, "").strip()


def problems(request: Request) -> dict[str, Phrase]:
    """Every field that is missing or wrong, with what to do, in the order of the form."""
    found: dict[str, Phrase] = {}
    if request.partner:
        _partner_problems(request, found)
    if not request.get("voornaam"):
        found["voornaam"] = Phrase(N_("Vul een voornaam in."))
    contact = request.get("contact")
    if not contact:
        found["contact"] = Phrase(N_("Vul een telefoonnummer of e-mailadres in."))
    elif not _reachable(contact):
        found["contact"] = Phrase(
            N_("Dit is geen telefoonnummer of e-mailadres. Bijvoorbeeld 06 12345678.")
        )
    if not request.get("waarover"):
        found["waarover"] = Phrase(N_("Schrijf in een paar woorden waar het over gaat."))
    for name, longest in LIMITS.items():
        if name not in found and len(request.get(name)) > longest:
            found[name] = Phrase(N_("Dit is te lang. Hooguit %(max)s tekens."), {"max": longest})
    if request.fields.get("toestemming") != "ja":
        found["toestemming"] = Phrase(N_("Zet een vinkje als dit goed is."))
    return found


def _partner_problems(request: Request, found: dict[str, Phrase]) -> None:
    if request.source not in PARTNERS:
        found["wie"] = Phrase(N_("Kies wie je bent: huisarts, POH of wijkverpleging."))
    if not request.get("praktijk"):
        found["praktijk"] = Phrase(N_("Vul de naam van je praktijk of organisatie in."))
    phone = request.get("telefoon_praktijk")
    if not phone or not _is_phone(phone):
        found["telefoon_praktijk"] = Phrase(N_("Vul een telefoonnummer in waarop we jou bellen."))
    for name, longest in PARTNER_LIMITS.items():
        if name not in found and len(request.get(name)) > longest:
            found[name] = Phrase(N_("Dit is te lang. Hooguit %(max)s tekens."), {"max": longest})


def _is_phone(text: str) -> bool:
    return bool(_PHONE.match(text)) and sum(c.isdigit() for c in text) >= 10


def _reachable(text: str) -> bool:
    return bool(_EMAIL.match(text)) or _is_phone(text)


def intake_team(db: Session, name: str) -> Team:
    """The team requests land with; made when it does not exist yet, so none is lost."""
    team = db.scalars(select(Team).where(Team.name == name)).first()
    if team is None:
        team = Team(name=name)
        db.add(team)
        db.flush()
    return team


def submit(db: Session, request: Request, team_name: str) -> Case:
    """A new open case of the intake team with the request; refused when a field is wrong."""
    found = problems(request)
    if found:
        field, message = next(iter(found.items()))
        raise ValidationError(field, message)
    partner = request.partner
    case = Case(
        code=new_code(),
        team=intake_team(db, team_name),
        profile={},
        status="open",
        created_at=now(),
    )
    case.intake = Intake(
        source=request.source,
        first_name=request.get("voornaam"),
        contact=request.get("contact"),
        best_time=request.get("wanneer") or None,
        about=request.get("waarover"),
        consent=PARTNER_CONSENT if partner else RESIDENT_CONSENT,
        referrer=request.get("praktijk") if partner else None,
        referrer_phone=request.get("telefoon_praktijk") if partner else None,
        created_at=now(),
    )
    db.add(case)
    db.flush()
    audit.record(db, Event(Action.INTAKE_RECEIVED, "casus", case.code, purpose="aanmelding"))
    return case


def waiting(db: Session, user: UserAccount) -> list[Intake]:
    """The requests of the user's team that nobody has opened yet, oldest first."""
    return list(
        db.scalars(
            select(Intake)
            .join(Case, Case.id == Intake.case_id)
            .where(
                Case.team_id == user.team_id,
                Case.status == "open",
                Intake.opened_at.is_(None),
            )
            .order_by(Intake.created_at, Intake.id)
        )
    )


def opened(db: Session, case: Case, actor: Actor) -> Intake | None:
    """The case's request, its opening audited and the first one noted; None when it has none."""
    if case.intake is None:
        return None
    if case.intake.opened_at is None:
        case.intake.opened_at = now()
    audit.record(db, Event.by(actor, Action.INTAKE_VIEWED, "casus", case.code))
    return case.intake
