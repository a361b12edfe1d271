"""The route x role matrix: every rule of the app, for every kind of visitor, gets exactly this status.

A route that is missing from the matrix fails the test, so a new page cannot go unchecked. The
same walk over every route also checks what the pages show: no page shows a professional another
team's case, or an aanbieder another organisation's client.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from matcher import roles
from matcher.catalogue import hsds
from matcher.roles import Permission
from matcher.services.audit import Action
from matcher.web.access import EVERYONE, PENDING
from tests.conftest import EVAL_CATALOGUE, Person, log_in, make_person


@dataclass(frozen=True, slots=True)
class Visitor:
    """A kind of visitor: a role (None: not logged in), and the team or organisation it is in."""

    role: str | None
    team: str | None = None
    organisation: str | None = None


X, Y = "Stichting Taal Verbindt Zwolle", "AA-groep Zwolle Centrum"
VISITORS = {
    "anoniem": Visitor(None),
    "consulent_a": Visitor("consulent", team="Team A"),
    "consulent_b": Visitor("consulent", team="Team B"),
    "swt": Visitor("swt", team="SWT Zuid"),
    "aanbieder_x": Visitor("aanbieder", organisation=X),
    "aanbieder_y": Visitor("aanbieder", organisation=Y),
    "ondersteuner_x": Visitor("ondersteuner", organisation=X),
    "ondersteuner_y": Visitor("ondersteuner", organisation=Y),
    "beheerder": Visitor("beheerder"),
    "beleid": Visitor("beleid"),
}
CASE_TEAM, PROVIDER = "Team A", X  # the case the routes open is team A's, referred to X
LOGIN = 302  # anonymous visitors of a staff page are sent to the login page


@dataclass(frozen=True, slots=True)
class Access:
    """Who may use a route (matcher.roles decides who has a permission), and what they get.

    `scope` narrows it to one object: "case" (team A's case or household: another team finds
    nothing, 404)
    or "provider" (a referral to organisation X, or a request for support, volunteer, offer or
    expertise question of organisation X: organisation Y finds nothing, 404).
    """

    who: str | Permission  # EVERYONE, PENDING, or a permission
    ok: int = 200
    scope: str | None = None

    def status(self, visitor: Visitor) -> int:
        """What this visitor gets."""
        if self.who == EVERYONE:
            return self.ok
        if visitor.role is None:
            return LOGIN
        if not isinstance(self.who, Permission) or not roles.may(visitor.role, self.who):
            return 403  # the login steps too, with no login under way
        if self.scope == "case" and visitor.team != CASE_TEAM:
            return 404
        if self.scope == "provider" and visitor.organisation != PROVIDER:
            return 404
        return self.ok


PUB = Access(EVERYONE)
MATRIX: dict[tuple[str, str], Access] = {
    ("GET", "/"): PUB,
    ("GET", "/zoeken"): PUB,
    ("GET", "/resultaten"): PUB,
    ("GET", "/activiteit/<activity_id>"): PUB,
    ("GET", "/activiteiten"): PUB,
    ("GET", "/activiteiten/<activity_id>/fout-melden"): PUB,
    ("POST", "/activiteiten/<activity_id>/fout-melden"): Access(EVERYONE, 422),  # no text
    ("GET", "/activiteiten/<activity_id>/fout-melden/bedankt"): PUB,
    ("GET", "/samen-zoeken"): PUB,
    ("POST", "/samen-zoeken"): Access(EVERYONE, 422),  # empty form
    ("GET", "/samen-zoeken/verstuurd"): PUB,
    ("GET", "/doorverwijzen"): PUB,
    ("POST", "/doorverwijzen"): Access(EVERYONE, 422),  # empty form
    ("GET", "/doorverwijzen/verstuurd"): PUB,
    ("GET", "/privacy"): PUB,
    ("GET", "/toegankelijkheid"): PUB,
    ("POST", "/taal"): Access(EVERYONE, 303),
    ("GET", "/static/<path:filename>"): PUB,
    ("GET", "/.well-known/security.txt"): PUB,
    # For load balancers: nothing in it a visitor could use (tests/web/test_health.py).
    ("GET", "/healthz"): PUB,
    # Off without MATCHER_METRICS_TOKEN; with it, only for a scraper sending the token.
    ("GET", "/metrics"): Access(EVERYONE, 404),
    ("GET", "/api/v1/activities"): PUB,
    ("GET", "/api/v1/activities/<activity_id>"): PUB,
    ("GET", "/api/v1/openapi.json"): PUB,
    ("POST", "/api/v1/match"): PUB,
    ("GET", "/api/hsds/v3/"): PUB,
    ("GET", "/api/hsds/v3/services"): PUB,
    ("GET", "/api/hsds/v3/services/<service_id>"): PUB,
    ("GET", "/api/hsds/v3/taxonomies"): PUB,
    ("GET", "/api/hsds/v3/taxonomy_terms"): PUB,
    ("GET", "/login"): PUB,
    ("POST", "/login"): Access(EVERYONE, 401),  # wrong password in this test
    # The steps between password and code: only while logging in (none is under way here).
    ("GET", "/login/code"): Access(PENDING),
    ("POST", "/login/code"): Access(PENDING),
    ("GET", "/login/instellen"): Access(PENDING),
    ("POST", "/login/instellen"): Access(PENDING),
    ("GET", "/login/wachtwoord"): Access(PENDING),
    ("POST", "/login/wachtwoord"): Access(PENDING),
    ("POST", "/logout"): Access(Permission.ACCOUNT, 302),
    ("GET", "/wachtwoord"): Access(Permission.ACCOUNT),
    ("POST", "/wachtwoord"): Access(Permission.ACCOUNT, 422),  # wrong current password here
    ("POST", "/sessie/verlengen"): Access(Permission.ACCOUNT),
    ("GET", "/consult"): Access(Permission.SEARCH),
    ("POST", "/consult"): Access(Permission.SEARCH),
    ("POST", "/consult/shortlist"): Access(Permission.SEARCH, 303),
    ("POST", "/consult/shortlist/weg"): Access(Permission.SEARCH, 303),
    ("GET", "/consult/vergelijk"): Access(Permission.SEARCH),
    ("GET", "/consult/vergelijk.csv"): Access(Permission.SEARCH),
    ("GET", "/consult/vergelijk.xlsx"): Access(Permission.SEARCH),
    ("GET", "/aanbieder"): Access(Permission.PROVIDER),
    ("GET", "/beheer/gebruikers"): Access(Permission.ADMIN),
    ("GET", "/beheer/gebruikers/nieuw"): Access(Permission.ADMIN),
    ("POST", "/beheer/gebruikers/nieuw"): Access(Permission.ADMIN, 422),  # empty form
    ("GET", "/beheer/gebruikers/<int:user_id>"): Access(Permission.ADMIN),
    ("POST", "/beheer/gebruikers/<int:user_id>"): Access(Permission.ADMIN, 422),
    ("POST", "/beheer/gebruikers/<int:user_id>/naam"): Access(Permission.ADMIN, 302),  # no name
    ("POST", "/beheer/gebruikers/<int:user_id>/actief"): Access(Permission.ADMIN, 302),
    ("GET", "/beheer/audit"): Access(Permission.ADMIN),
    ("GET", "/beheer/audit.csv"): Access(Permission.ADMIN),
    ("GET", "/casussen"): Access(Permission.CASES),
    ("POST", "/casussen"): Access(Permission.CASES, 302),
    ("GET", "/casussen/<code>"): Access(Permission.CASES, 200, "case"),
    ("GET", "/casussen/<code>/zoeken"): Access(Permission.CASES, 200, "case"),
    ("GET", "/casussen/<code>/aanmelding"): Access(Permission.CASES, 200, "case"),
    ("POST", "/casussen/<code>/zoeken"): Access(Permission.CASES, 200, "case"),
    ("POST", "/casussen/<code>/notities"): Access(Permission.CASES, 302, "case"),
    ("POST", "/casussen/<code>/toestemming"): Access(Permission.CASES, 302, "case"),
    # Not confirmed: the question first.
    ("POST", "/casussen/<code>/toestemming/<int:consent_id>/intrekken"): Access(
        Permission.CASES, 200, "case"
    ),
    ("POST", "/casussen/<code>/verwijzingen"): Access(Permission.CASES, 302, "case"),
    ("GET", "/casussen/<code>/verwijzingen/<int:referral_id>"): Access(
        Permission.CASES, 200, "case"
    ),
    # No step chosen: the form again, with the error.
    ("POST", "/casussen/<code>/verwijzingen/<int:referral_id>"): Access(
        Permission.CASES, 422, "case"
    ),
    ("GET", "/casussen/<code>/overdragen"): Access(Permission.CASES, 200, "case"),
    # No team chosen: the form again, with the error.
    ("POST", "/casussen/<code>/overdragen"): Access(Permission.CASES, 422, "case"),
    ("GET", "/casussen/<code>/verwijzingen/<int:referral_id>/welkom"): Access(
        Permission.CASES, 200, "case"
    ),
    # No answer chosen: the form again, with the error.
    ("POST", "/casussen/<code>/verwijzingen/<int:referral_id>/welkom"): Access(
        Permission.CASES, 422, "case"
    ),
    ("GET", "/casussen/<code>/plan"): Access(Permission.CASES, 200, "case"),
    ("POST", "/casussen/<code>/plan"): Access(Permission.CASES, 302, "case"),
    ("POST", "/casussen/<code>/plan/<int:item_id>/verwijderen"): Access(
        Permission.CASES, 302, "case"
    ),
    ("GET", "/casussen/<code>/plan.ics"): Access(Permission.CASES, 200, "case"),
    ("POST", "/casussen/<code>/verwijzingen/<int:referral_id>/tijden"): Access(
        Permission.CASES, 302, "case"
    ),
    ("GET", "/casussen/<code>/jouw-week"): Access(Permission.CASES, 200, "case"),
    ("GET", "/casussen/<code>/verwijzingen/<int:referral_id>/jouw-plek"): Access(
        Permission.CASES, 200, "case"
    ),
    ("GET", "/casussen/<code>/export.json"): Access(Permission.CASES, 200, "case"),
    ("GET", "/casussen/<code>/sluiten"): Access(Permission.CASES, 200, "case"),
    # Not confirmed: the question again.
    ("POST", "/casussen/<code>/sluiten"): Access(Permission.CASES, 200, "case"),
    ("GET", "/casussen/<code>/wissen"): Access(Permission.CASES, 200, "case"),
    ("POST", "/casussen/<code>/wissen"): Access(Permission.CASES, 200, "case"),
    ("GET", "/signalen"): Access(Permission.CASES),
    ("GET", "/aanbieder/verwijzingen"): Access(Permission.PROVIDER),
    ("POST", "/aanbieder/verwijzingen/<int:referral_id>/eerste-bezoek"): Access(
        Permission.PROVIDER, 302, "provider"
    ),
    ("POST", "/aanbieder/verwijzingen/<int:referral_id>/aanwezig"): Access(
        Permission.PROVIDER, 302, "provider"
    ),
    ("POST", "/aanbieder/verwijzingen/<int:referral_id>/eerste-bezoek/terug"): Access(
        Permission.PROVIDER, 302, "provider"
    ),
    ("POST", "/aanbieder/verwijzingen/<int:referral_id>/aanwezig/terug"): Access(
        Permission.PROVIDER, 302, "provider"
    ),
    ("GET", "/aanbieder/activiteiten"): Access(Permission.PROVIDER),
    ("GET", "/aanbieder/activiteiten/nieuw"): Access(Permission.PROVIDER),
    ("POST", "/aanbieder/activiteiten/nieuw"): Access(Permission.PROVIDER, 422),  # empty form
    ("GET", "/aanbieder/activiteiten/<activity_id>"): Access(Permission.PROVIDER, 200, "provider"),
    ("POST", "/aanbieder/activiteiten/<activity_id>"): Access(Permission.PROVIDER, 422, "provider"),
    ("POST", "/aanbieder/activiteiten/<activity_id>/klopt"): Access(
        Permission.PROVIDER, 302, "provider"
    ),
    ("GET", "/aanbieder/activiteiten/<activity_id>/geschiedenis"): Access(
        Permission.PROVIDER, 200, "provider"
    ),
    ("GET", "/beheer/wijzigingen"): Access(Permission.ADMIN),
    ("POST", "/beheer/wijzigingen/<int:change_id>/goedkeuren"): Access(Permission.ADMIN, 302),
    ("POST", "/beheer/wijzigingen/<int:change_id>/afwijzen"): Access(Permission.ADMIN, 422),
    ("POST", "/beheer/wijzigingen/<int:change_id>/gezien"): Access(Permission.ADMIN, 302),
    ("GET", "/beheer/activiteiten/<activity_id>/geschiedenis"): Access(Permission.ADMIN),
    ("GET", "/beheer/dubbelingen"): Access(Permission.ADMIN),
    ("GET", "/inzicht"): Access(Permission.INSIGHT),
    ("GET", "/inzicht/vraag-en-aanbod"): Access(Permission.INSIGHT),
    # An empty form: refused, back to the list with a message.
    ("POST", "/beheer/dubbelingen/samenvoegen"): Access(Permission.ADMIN, 302),
    # A resident's report about organisation X's activity: organisation Y finds nothing.
    ("GET", "/aanbieder/meldingen"): Access(Permission.PROVIDER),
    ("POST", "/aanbieder/meldingen/<int:report_id>/afgehandeld"): Access(
        Permission.PROVIDER, 302, "provider"
    ),
    ("GET", "/beheer/meldingen"): Access(Permission.ADMIN),
    ("POST", "/beheer/meldingen/<int:report_id>/afgehandeld"): Access(Permission.ADMIN, 302),
    # Opplussen. Without an activity the request page sends the consultant back to the case.
    ("GET", "/huishoudens"): Access(Permission.CASES),
    ("POST", "/huishoudens"): Access(Permission.CASES, 302),
    ("GET", "/huishoudens/<household_code>"): Access(Permission.CASES, 200, "case"),
    ("GET", "/huishoudens/<household_code>/leden"): Access(Permission.CASES, 200, "case"),
    ("POST", "/huishoudens/<household_code>/leden"): Access(
        Permission.CASES, 422, "case"
    ),  # no first name
    ("POST", "/huishoudens/<household_code>/regisseur"): Access(Permission.CASES, 302, "case"),
    ("GET", "/huishoudens/<household_code>/netwerk"): Access(Permission.CASES, 200, "case"),
    ("POST", "/huishoudens/<household_code>/netwerk"): Access(Permission.CASES, 422, "case"),
    ("POST", "/huishoudens/<household_code>/netwerk/<int:contact_id>/verwijderen"): Access(
        Permission.CASES, 302, "case"
    ),
    ("GET", "/huishoudens/<household_code>/doelen"): Access(Permission.CASES, 200, "case"),
    ("POST", "/huishoudens/<household_code>/doelen"): Access(Permission.CASES, 422, "case"),
    ("GET", "/huishoudens/<household_code>/doelen/<int:goal_id>"): Access(
        Permission.CASES, 200, "case"
    ),
    ("POST", "/huishoudens/<household_code>/doelen/<int:goal_id>"): Access(
        Permission.CASES, 422, "case"
    ),
    ("GET", "/huishoudens/<household_code>/doelen/<int:goal_id>/resultaat"): Access(
        Permission.CASES, 200, "case"
    ),
    ("POST", "/huishoudens/<household_code>/doelen/<int:goal_id>/resultaat"): Access(
        Permission.CASES, 422, "case"
    ),
    ("GET", "/huishoudens/<household_code>/plan.pdf"): Access(Permission.CASES, 200, "case"),
    ("GET", "/huishoudens/<household_code>/export.json"): Access(Permission.CASES, 200, "case"),
    ("GET", "/huishoudens/<household_code>/wissen"): Access(Permission.CASES, 200, "case"),
    ("POST", "/huishoudens/<household_code>/wissen"): Access(
        Permission.CASES, 200, "case"
    ),  # no confirmation
    ("GET", "/casussen/<code>/opplussen"): Access(Permission.CASES, 302, "case"),
    ("POST", "/casussen/<code>/opplussen"): Access(Permission.CASES, 302, "case"),
    ("GET", "/opplussen"): Access(Permission.SUPPORT),
    # An empty form: refused, back to the list with a message.
    ("POST", "/opplussen/<int:request_id>"): Access(Permission.SUPPORT, 302, "provider"),
    ("GET", "/opplussen/vrijwilligers"): Access(Permission.SUPPORT),
    ("POST", "/opplussen/vrijwilligers"): Access(Permission.SUPPORT, 422),
    ("GET", "/opplussen/vrijwilligers/<int:volunteer_id>"): Access(
        Permission.SUPPORT, 200, "provider"
    ),
    ("POST", "/opplussen/vrijwilligers/<int:volunteer_id>"): Access(
        Permission.SUPPORT, 422, "provider"
    ),
    ("POST", "/opplussen/vrijwilligers/<int:volunteer_id>/verwijderen"): Access(
        Permission.SUPPORT, 302, "provider"
    ),
    ("GET", "/opplussen/expertise"): Access(Permission.SUPPORT),
    ("POST", "/opplussen/expertise/<int:expertise_id>"): Access(
        Permission.SUPPORT, 302, "provider"
    ),
    ("GET", "/opplussen/aanbod"): Access(Permission.SUPPORT),
    ("POST", "/opplussen/aanbod"): Access(Permission.SUPPORT, 422),
    ("GET", "/opplussen/aanbod/<int:offer_id>"): Access(Permission.SUPPORT, 200, "provider"),
    ("POST", "/opplussen/aanbod/<int:offer_id>"): Access(Permission.SUPPORT, 422, "provider"),
    ("GET", "/aanbieder/expertise"): Access(Permission.PROVIDER),
    ("POST", "/aanbieder/expertise"): Access(Permission.PROVIDER, 422),
    ("POST", "/aanbieder/activiteiten/<activity_id>/opgeplust"): Access(
        Permission.PROVIDER, 302, "provider"
    ),
    ("GET", "/beheer/opplussen"): Access(Permission.ADMIN),
    ("POST", "/beheer/opplussen"): Access(Permission.ADMIN, 422),
    ("GET", "/beheer/opplussen/<int:offer_id>"): Access(Permission.ADMIN),
    ("POST", "/beheer/opplussen/<int:offer_id>"): Access(Permission.ADMIN, 422),
    ("POST", "/beheer/opplussen/activiteiten/<activity_id>/opgeplust"): Access(
        Permission.ADMIN, 302
    ),
    ("GET", "/beheer/kosten"): Access(Permission.ADMIN),
    ("POST", "/beheer/kosten"): Access(Permission.ADMIN, 422),
    ("GET", "/beheer/kosten/<int:help_id>"): Access(Permission.ADMIN),
    ("POST", "/beheer/kosten/<int:help_id>"): Access(Permission.ADMIN, 422),
    ("POST", "/beheer/kosten/<int:help_id>/weg"): Access(Permission.ADMIN, 302),
    ("GET", "/beheer/folder"): Access(Permission.ADMIN),
    ("GET", "/beheer/folder/folder.pdf"): Access(Permission.ADMIN, 422),  # no wijk chosen
}
EXAMPLES = {
    "<activity_id>": "taalcafe-binnenstad",
    "<service_id>": hsds.service_id("taalcafe-binnenstad"),
    "<path:filename>": "style.css",
    "<int:report_id>": "1",  # the people fixture makes a real one
    "<int:help_id>": "1",  # so does it a fund (help with costs)
}


def routes(app: Flask) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_is_in_the_matrix(app: Flask) -> None:
    assert routes(app) == set(MATRIX)


@pytest.fixture
def people(app: Flask, imported: FlaskCliRunner) -> dict[str, Person]:
    found = {
        name: make_person(app, v.role, team=v.team, organisation=v.organisation)
        for name, v in VISITORS.items()
        if v.role is not None
    }
    CASE.update(team_case(app, found["consulent_a"], "taalcafe-binnenstad", X, FIRST_NAME_A))
    CASE["<int:change_id>"] = proposed_change(app, found["aanbieder_x"], "taalcafe-binnenstad")
    CASE["<int:report_id>"] = error_report(app, "taalcafe-binnenstad")
    CASE["<int:help_id>"] = cost_help(app)
    # Team B's case is referred to organisation Y: what team A or organisation X sees of it is a leak.
    case_b = team_case(app, found["consulent_b"], "aa-groep-binnenstad", Y, FIRST_NAME_B)
    CASE.update(support(app, found["consulent_a"], CASE["<code>"], found["aanbieder_y"], X))
    CASE.update(household(app, found["consulent_a"], CASE["<code>"]))
    support(app, found["consulent_b"], case_b["<code>"], found["aanbieder_x"], Y)
    OWN.update(
        {
            "consulent_a": CASE["<code>"],
            "consulent_b": case_b["<code>"],
            "aanbieder_x": FIRST_NAME_A,
            "aanbieder_y": FIRST_NAME_B,
            "ondersteuner_x": FIRST_NAME_A,
            "ondersteuner_y": FIRST_NAME_B,
        }
    )
    return found


CASE: dict[str, str] = {}
OWN: dict[str, str] = {}  # per visitor: the client that visitor's lists must show
FIRST_NAME_A, FIRST_NAME_B = "Kanariea", "Kanarieb"  # shared with the organisation by consent
CASE_CODE = re.compile(r"K-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}")


def team_case(
    app: Flask, owner: Person, activity_id: str, organisation: str, first_name: str
) -> dict[str, str]:
    """A case of the owner's team with a consent, a referral to the organisation's activity whose
    follow-up is due (so it is on the signals worklist), a plan item, and the request it came in
    with."""
    from matcher import clock, db
    from matcher.catalogue.schedule import parse_schedule
    from matcher.models import Intake, UserAccount
    from matcher.services import cases
    from matcher.services.audit import Actor
    from matcher.services.catalogue import get_record

    with app.app_context():
        session = db.session()
        actor = Actor(session.get(UserAccount, owner.id), "test", "begeleiding")
        case = cases.create(session, actor)
        consent = cases.record_consent(session, case, organisation, first_name, "06", actor)
        referral = cases.refer(session, case, get_record(session, activity_id), actor)  # type: ignore[arg-type]
        cases.arrange(session, referral, "", dt.date(2020, 1, 6), actor)
        cases.add_plan_item(
            session, case, "Dagbesteding", parse_schedule("ma 09:00-12:00")[0], actor
        )
        case.intake = Intake(source="inwoner", consent="ja", created_at=clock.now())
        session.commit()
        return {
            "<code>": case.code,
            "<int:consent_id>": str(consent.id),
            "<int:referral_id>": str(referral.id),
            "<int:item_id>": str(case.plan_items[0].id),
        }


def support(
    app: Flask, owner: Person, code: str, asker: Person, organisation: str
) -> dict[str, str]:
    """The organisation offers maatjes with a volunteer in its pool; the case asks it for one at
    the case's activity, and another organisation asks it for expertise."""
    from sqlalchemy import select

    from matcher import db
    from matcher.models import Case, UserAccount
    from matcher.services import cases, matching, opplus
    from matcher.services.audit import Actor

    with app.app_context():
        session = db.session()
        actor = Actor(session.get(UserAccount, owner.id), "test", "begeleiding")
        case = session.scalars(select(Case).where(Case.code == code)).one()
        org = cases.organisation_named(session, organisation)
        form = opplus.OfferForm("Maatjes", ["kennismaken_met_maatje"], [], [], "Ria", "1", "", "5")
        offer = opplus.save_offer(session, form, org, actor)
        helper = UserAccount(email=f"pool-{org.id}@x", password_hash="-", role="ondersteuner")
        helper.organisation, helper.created_at = org, dt.datetime.now(dt.UTC)
        session.add(helper)
        session.flush()
        pool = Actor(helper, "test", "opplussen")
        volunteer = opplus.save_volunteer(
            session, opplus.VolunteerForm("Kees", ["kennismaken_met_maatje"]), pool
        )
        record = matching.record(session, case.referrals[0].activity_id)
        assert record is not None
        request = opplus.request_support(
            session,
            case,
            record,
            offer.id,
            ["kennismaken_met_maatje"],
            [],
            actor,
            today=dt.date.today(),
        )
        asking = Actor(session.get(UserAccount, asker.id), "test", "opplussen")
        asked = opplus.ask_expertise(session, org.id, "nah", "Hoe help ik?", asking)
        session.commit()
        return {
            "<int:request_id>": str(request.id),
            "<int:volunteer_id>": str(volunteer.id),
            "<int:expertise_id>": str(asked.id),
            "<int:offer_id>": str(offer.id),
        }


def household(app: Flask, owner: Person, code: str) -> dict[str, str]:
    """A household of the owner's team with the case as a member, a neighbour in its network and
    a goal (its review date still to come, so the worklist's lines stay those of the case)."""
    from sqlalchemy import select

    from matcher import db
    from matcher.models import Case, UserAccount
    from matcher.services import households
    from matcher.services.audit import Actor

    with app.app_context():
        session = db.session()
        actor = Actor(session.get(UserAccount, owner.id), "test", "begeleiding")
        found = households.create(session, actor)
        case = session.scalars(select(Case).where(Case.code == code)).one()
        member = households.add_member(session, found, FIRST_NAME_A, "bewoner", case.code, actor)
        contact = households.add_contact(
            session,
            found,
            households.ContactForm("Fatima", "buurvrouw", ["meegaan"], "06", True),
            dt.date.today(),
            actor,
        )
        form = households.GoalForm(
            member.id, "daginvulling", "Iets doen", "netwerk", contact.id, "", dt.date(2099, 1, 1)
        )
        goal = households.save_goal(session, found, form, actor)
        session.commit()
        return {
            "<household_code>": found.code,
            "<int:goal_id>": str(goal.id),
            "<int:contact_id>": str(contact.id),
        }


def proposed_change(app: Flask, aanbieder: Person, activity_id: str) -> str:
    """A change of the organisation's own entry that waits for the beheerder."""
    from matcher import db
    from matcher.catalogue.records import parse_record, to_row
    from matcher.models import UserAccount
    from matcher.services import catalogue
    from matcher.services.audit import Actor

    with app.app_context():
        session = db.session()
        actor = Actor(session.get(UserAccount, aanbieder.id), "test", "sociale kaart")
        activity = catalogue.entry(session, activity_id)
        record = parse_record({**to_row(catalogue.record_of(activity)), "support": "prikkelarm"})
        saved = catalogue.save(session, record, actor, revision=activity.revision)
        session.commit()
        assert saved.waiting is not None
        return str(saved.waiting.id)


def error_report(app: Flask, activity_id: str) -> str:
    """A resident's report about an activity; its id."""
    from matcher import db
    from matcher.services import reports

    with app.app_context():
        session = db.session()
        found = reports.report(session, activity_id, "Het telefoonnummer klopt niet.")
        session.commit()
        return str(found.id)


def cost_help(app: Flask) -> str:
    """A fund that helps with costs; its id."""
    from matcher import db
    from matcher.services import cost_help as service
    from matcher.services.audit import Actor

    with app.app_context():
        session = db.session()
        form = service.HelpForm(
            "Fonds", "18", "65", "Laag inkomen", "Contributie", "", "Bel", "14038"
        )
        found = service.save(session, form, Actor(None, "test"))
        session.commit()
        return str(found.id)


def url(rule: str, target: Person) -> str:
    for placeholder, value in {**EXAMPLES, **CASE, "<int:user_id>": str(target.id)}.items():
        rule = rule.replace(placeholder, value)
    return rule


# Every list and worklist shows the visitor's own client, so the check for leaks is not vacuous.
LISTS = {
    "consulent_a": [("GET", "/casussen"), ("GET", "/signalen")],
    "consulent_b": [("GET", "/casussen"), ("GET", "/signalen")],
    "aanbieder_x": [("GET", "/aanbieder/verwijzingen")],
    "aanbieder_y": [("GET", "/aanbieder/verwijzingen")],
    "ondersteuner_x": [("GET", "/opplussen")],
    "ondersteuner_y": [("GET", "/opplussen")],
}


def clients_on(page: str) -> set[str]:
    """The case codes and the consenting first names a page shows."""
    return set(CASE_CODE.findall(page)) | {n for n in (FIRST_NAME_A, FIRST_NAME_B) if n in page}


TEAM_OF = {name: v.team for name, v in VISITORS.items() if v.team}
NAMES_FOR = {
    "consulent_a": {FIRST_NAME_A},
    "consulent_b": {FIRST_NAME_B},
    "aanbieder_x": {FIRST_NAME_A},
    "aanbieder_y": {FIRST_NAME_B},
    "ondersteuner_x": {FIRST_NAME_A},
    "ondersteuner_y": {FIRST_NAME_B},
}


def visible_to(app: Flask, visitor: str) -> set[str]:
    """What a visitor may see: a professional the codes of the own team's cases (also one made
    during the walk) and their first name, an aanbieder the first name consented to its own
    organisation, a beheerder every code (the audit log names them), anyone else nothing."""
    from sqlalchemy import select

    from matcher import db
    from matcher.models import Case, Team

    names = NAMES_FOR.get(visitor, set())
    if visitor not in TEAM_OF and visitor != "beheerder":
        return names
    query = select(Case.code)
    if visitor in TEAM_OF:
        query = query.join(Team).where(Team.name == TEAM_OF[visitor])
    with app.app_context():
        return names | set(db.session().scalars(query))


@pytest.mark.parametrize("visitor", list(VISITORS))
def test_every_route_answers_each_visitor_exactly_as_the_matrix_says(
    app: Flask, people: dict[str, Person], visitor: str
) -> None:
    target = make_person(app, "swt", team="Doelwit")  # the account the user routes act on
    got: dict[tuple[str, str], int] = {}
    shown: dict[tuple[str, str], set[str]] = {}
    client = app.test_client()
    if visitor != "anoniem":
        log_in(client, people[visitor])
    # One session for every request (none of them ends it), logging out last.
    for method, rule in sorted(MATRIX, key=lambda key: key[1] == "/logout"):
        response = client.open(
            url(rule, target),
            method=method,
            **({"json": {}} if rule == "/api/v1/match" else {"data": {}}),
        )
        # A workbook is zipped: its rows are the CSV's beside it, which is read here. A PDF is
        # compressed: the household plan's own test reads its words (tests/web/test_households.py).
        if response.status_code == 200 and not rule.endswith((".xlsx", ".pdf")):
            shown[(method, rule)] = clients_on(response.get_data(as_text=True))
        response.close()
        got[(method, rule)] = response.status_code
    expected = {key: access.status(VISITORS[visitor]) for key, access in MATRIX.items()}
    assert got == expected
    may_see = visible_to(app, visitor)
    leaks = {f"{method} {rule}": found - may_see for (method, rule), found in shown.items()}
    assert {page: found for page, found in leaks.items() if found} == {}
    for key in LISTS.get(visitor, ()):
        assert OWN[visitor] in shown[key], key  # the list does show the visitor's own client


@pytest.fixture
def pretend_role(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Flask]:
    """An app whose role definition has one more role, "gast", that may search with someone.

    Only the definition changes; the database is made from the models (a real one would get a
    migration that widens the role check).
    """
    from matcher import create_app, db
    from matcher.db import Base

    gast = roles.Role("gast", "Gast", frozenset({Permission.SEARCH}), home="consult.search")
    monkeypatch.setitem(roles.ROLES, "gast", gast)
    monkeypatch.setitem(VISITORS, "gast", Visitor("gast"))
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'gast.sqlite'}",
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "AUTO_MIGRATE": False,
        }
    )
    with app.app_context():
        Base.metadata.create_all(db.engine())
    yield app
    app.extensions["matcher.engine"].dispose()


def test_a_new_role_needs_nothing_but_its_definition(pretend_role: Flask) -> None:
    app = pretend_role
    assert app.test_cli_runner().invoke(args=["import", str(EVAL_CATALOGUE)]).exit_code == 0
    found = {
        name: make_person(app, v.role, team=v.team, organisation=v.organisation)
        for name, v in VISITORS.items()
        if v.role is not None
    }
    CASE.update(team_case(app, found["consulent_a"], "taalcafe-binnenstad", X, FIRST_NAME_A))
    CASE["<int:change_id>"] = proposed_change(app, found["aanbieder_x"], "taalcafe-binnenstad")
    client = app.test_client()
    log_in(client, found["gast"])  # both factors: the rule for every staff role
    assert client.get("/login").status_code == 200
    home = client.get("/wachtwoord").get_data(as_text=True)
    assert 'href="/consult"' in home and 'href="/casussen"' not in home  # its menu
    target = make_person(app, "swt", team="Doelwit")
    got = {}
    for method, rule in sorted(MATRIX, key=lambda key: key[1] == "/logout"):
        response = client.open(
            url(rule, target),
            method=method,
            **({"json": {}} if rule == "/api/v1/match" else {"data": {}}),
        )
        got[(method, rule)] = response.status_code
        response.close()
    assert got == {key: access.status(VISITORS["gast"]) for key, access in MATRIX.items()}
    assert got[("GET", "/consult")] == 200 and got[("GET", "/casussen")] == 403


# Every page that is audited when it is opened, with the line it leaves; every other page that
# is opened with GET leaves none.
AUDITED_GETS = {
    "/casussen/<code>": Action.CASE_VIEWED,
    "/casussen/<code>/zoeken": Action.CASE_VIEWED,
    "/casussen/<code>/aanmelding": Action.INTAKE_VIEWED,
    "/casussen/<code>/verwijzingen/<int:referral_id>": Action.CASE_VIEWED,
    "/casussen/<code>/verwijzingen/<int:referral_id>/welkom": Action.CASE_VIEWED,
    "/casussen/<code>/overdragen": Action.CASE_VIEWED,
    "/casussen/<code>/plan": Action.PLAN_VIEWED,
    "/casussen/<code>/plan.ics": Action.PLAN_DOWNLOADED,
    "/casussen/<code>/jouw-week": Action.PLAN_VIEWED,
    "/casussen/<code>/verwijzingen/<int:referral_id>/jouw-plek": Action.SHEET_VIEWED,
    "/casussen/<code>/export.json": Action.CASE_EXPORTED,
    "/huishoudens/<household_code>": Action.HOUSEHOLD_VIEWED,
    "/huishoudens/<household_code>/leden": Action.HOUSEHOLD_VIEWED,
    "/huishoudens/<household_code>/netwerk": Action.HOUSEHOLD_VIEWED,
    "/huishoudens/<household_code>/doelen": Action.HOUSEHOLD_VIEWED,
    "/huishoudens/<household_code>/doelen/<int:goal_id>": Action.HOUSEHOLD_VIEWED,
    "/huishoudens/<household_code>/doelen/<int:goal_id>/resultaat": Action.HOUSEHOLD_VIEWED,
    "/huishoudens/<household_code>/plan.pdf": Action.HOUSEHOLD_PLAN_PRINTED,
    "/huishoudens/<household_code>/export.json": Action.HOUSEHOLD_EXPORTED,
    "/signalen": Action.SIGNAL_VIEWED,
    "/aanbieder/verwijzingen": Action.REFERRAL_VIEWED_BY_PROVIDER,
    "/opplussen": Action.SUPPORT_VIEWED,
    "/beheer/audit": Action.AUDIT_VIEWED,
    "/beheer/audit.csv": Action.AUDIT_EXPORTED,
}


def audit_actions(app: Flask) -> list[str]:
    from sqlalchemy import select

    from matcher import db
    from matcher.models import AuditEntry

    with app.app_context():
        return list(db.session().scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_every_audited_page_leaves_its_line_in_the_log(
    app: Flask, people: dict[str, Person]
) -> None:
    target = make_person(app, "swt", team="Doelwit")
    clients = {}
    for name in ("consulent_a", "aanbieder_x", "ondersteuner_x", "beheerder"):
        clients[name] = app.test_client()
        log_in(clients[name], people[name])
    lines: dict[str, list[str]] = {}
    for method, rule in sorted(MATRIX):
        access = MATRIX[(method, rule)]
        opener = next((n for n in clients if access.status(VISITORS[n]) == 200), None)
        if method != "GET" or opener is None:
            continue
        before = len(audit_actions(app))
        response = clients[opener].get(url(rule, target))
        response.close()  # a static file's handle, too
        assert response.status_code == 200, rule
        lines[rule] = audit_actions(app)[before:]
    assert set(AUDITED_GETS) <= set(lines)  # each audited page was opened
    assert {rule: found for rule, found in lines.items() if found} == {
        rule: [action.value] for rule, action in AUDITED_GETS.items()
    }
