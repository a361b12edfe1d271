"""The route x role matrix: every rule of the app, for every kind of visitor, gets exactly this status.

A route that is missing from the matrix fails the test, so a new page cannot go unchecked. The
same walk over every route also checks what the pages show: no page shows a professional another
team's case, or an aanbieder another organisation's client.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from tests.conftest import Person, log_in, make_person

VISITORS = (
    "anoniem",
    "consulent_a",
    "consulent_b",
    "swt",
    "aanbieder_x",
    "aanbieder_y",
    "beheerder",
)
STAFF = VISITORS[1:]
LOGIN = 302  # anonymous visitors of a staff page are sent to the login page

# (method, rule) -> status per visitor. "pub" = 200 for everyone.
PUB = {v: 200 for v in VISITORS}


def only(*who: str, ok: int = 200, denied: int = 403) -> dict[str, int]:
    return {v: (ok if v in who else (LOGIN if v == "anoniem" else denied)) for v in VISITORS}


PROFESSIONALS = ("consulent_a", "consulent_b", "swt")
MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/"): PUB,
    ("GET", "/zoeken"): PUB,
    ("GET", "/resultaten"): PUB,
    ("GET", "/activiteit/<activity_id>"): PUB,
    ("GET", "/activiteiten"): PUB,
    ("GET", "/privacy"): PUB,
    ("GET", "/toegankelijkheid"): PUB,
    ("POST", "/taal"): {v: 303 for v in VISITORS},
    ("GET", "/static/<path:filename>"): PUB,
    ("GET", "/.well-known/security.txt"): PUB,
    ("GET", "/api/v1/activities"): PUB,
    ("GET", "/api/v1/activities/<activity_id>"): PUB,
    ("GET", "/api/v1/openapi.json"): PUB,
    ("POST", "/api/v1/match"): PUB,
    ("GET", "/login"): PUB,
    ("POST", "/login"): {v: 401 for v in VISITORS},  # wrong password in this test
    # The steps between password and code: only while logging in (none is under way here).
    ("GET", "/login/code"): only(),
    ("POST", "/login/code"): only(),
    ("GET", "/login/instellen"): only(),
    ("POST", "/login/instellen"): only(),
    ("GET", "/login/wachtwoord"): only(),
    ("POST", "/login/wachtwoord"): only(),
    ("POST", "/logout"): only(*STAFF, ok=302),
    ("GET", "/wachtwoord"): only(*STAFF),
    ("POST", "/wachtwoord"): only(*STAFF, ok=422),  # wrong current password in this test
    ("POST", "/sessie/verlengen"): only(*STAFF),
    ("GET", "/consult"): only(*PROFESSIONALS),
    ("POST", "/consult"): only(*PROFESSIONALS),
    ("GET", "/consult/vergelijk"): only(*PROFESSIONALS),
    ("GET", "/consult/vergelijk.csv"): only(*PROFESSIONALS),
    ("GET", "/aanbieder"): only("aanbieder_x", "aanbieder_y"),
    ("GET", "/beheer/gebruikers"): only("beheerder"),
    ("GET", "/beheer/gebruikers/nieuw"): only("beheerder"),
    ("POST", "/beheer/gebruikers/nieuw"): only("beheerder", ok=422),  # empty form
    ("GET", "/beheer/gebruikers/<int:user_id>"): only("beheerder"),
    ("POST", "/beheer/gebruikers/<int:user_id>"): only("beheerder", ok=422),
    ("POST", "/beheer/gebruikers/<int:user_id>/actief"): only("beheerder", ok=302),
    ("GET", "/beheer/audit"): only("beheerder"),
    ("GET", "/beheer/audit.csv"): only("beheerder"),
}


def case_route(ok: int) -> dict[str, int]:
    """A page of team A's case: another team's professional finds nothing there (404)."""
    return {"anoniem": LOGIN, "consulent_a": ok, "consulent_b": 404, "swt": 404,
            "aanbieder_x": 403, "aanbieder_y": 403, "beheerder": 403}  # fmt: skip


def provider_route(ok: int) -> dict[str, int]:
    """A referral to organisation X's activity: organisation Y finds nothing there (404)."""
    return {**only("aanbieder_x", ok=ok), "aanbieder_y": 404}


MATRIX.update(
    {
        ("GET", "/casussen"): only(*PROFESSIONALS),
        ("POST", "/casussen"): only(*PROFESSIONALS, ok=302),
        ("GET", "/casussen/<code>"): case_route(200),
        ("GET", "/casussen/<code>/zoeken"): case_route(200),
        ("POST", "/casussen/<code>/zoeken"): case_route(200),
        ("POST", "/casussen/<code>/notities"): case_route(302),
        ("POST", "/casussen/<code>/toestemming"): case_route(302),
        ("POST", "/casussen/<code>/toestemming/<int:consent_id>/intrekken"): case_route(302),
        ("POST", "/casussen/<code>/verwijzingen"): case_route(302),
        ("POST", "/casussen/<code>/verwijzingen/<int:referral_id>"): case_route(302),
        ("GET", "/casussen/<code>/plan"): case_route(200),
        ("POST", "/casussen/<code>/plan"): case_route(302),
        ("POST", "/casussen/<code>/plan/<int:item_id>/verwijderen"): case_route(302),
        ("GET", "/casussen/<code>/plan.ics"): case_route(200),
        ("GET", "/casussen/<code>/export.json"): case_route(200),
        ("GET", "/casussen/<code>/sluiten"): case_route(200),
        ("POST", "/casussen/<code>/sluiten"): case_route(200),  # not confirmed: the question again
        ("GET", "/casussen/<code>/wissen"): case_route(200),
        ("POST", "/casussen/<code>/wissen"): case_route(200),
        ("GET", "/signalen"): only(*PROFESSIONALS),
        ("GET", "/aanbieder/verwijzingen"): only("aanbieder_x", "aanbieder_y"),
        ("POST", "/aanbieder/verwijzingen/<int:referral_id>/eerste-bezoek"): provider_route(302),
        ("POST", "/aanbieder/verwijzingen/<int:referral_id>/aanwezig"): provider_route(302),
    }
)
EXAMPLES = {"<activity_id>": "taalcafe-binnenstad", "<path:filename>": "style.css"}


def routes(app: Flask) -> set[tuple[str, str]]:
    return {(method, rule.rule) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}  # fmt: skip


def test_every_route_is_in_the_matrix(app: Flask) -> None:
    assert routes(app) == set(MATRIX)


@pytest.fixture
def people(app: Flask, imported: FlaskCliRunner) -> dict[str, Person]:
    x, y = "Stichting Taal Verbindt Zwolle", "AA-groep Zwolle Centrum"
    found = {
        "consulent_a": make_person(app, "consulent", team=TEAM_OF["consulent_a"]),
        "consulent_b": make_person(app, "consulent", team=TEAM_OF["consulent_b"]),
        "swt": make_person(app, "swt", team=TEAM_OF["swt"]),
        "aanbieder_x": make_person(app, "aanbieder", organisation=x),
        "aanbieder_y": make_person(app, "aanbieder", organisation=y),
        "beheerder": make_person(app, "beheerder"),
    }
    CASE.update(team_case(app, found["consulent_a"], "taalcafe-binnenstad", x, FIRST_NAME_A))
    # Team B's case is referred to organisation Y: what team A or organisation X sees of it is a leak.
    case_b = team_case(app, found["consulent_b"], "aa-groep-binnenstad", y, FIRST_NAME_B)
    OWN.update({"consulent_a": CASE["<code>"], "consulent_b": case_b["<code>"],
                "aanbieder_x": FIRST_NAME_A, "aanbieder_y": FIRST_NAME_B})  # fmt: skip
    return found


CASE: dict[str, str] = {}
OWN: dict[str, str] = {}  # per visitor: the client that visitor's lists must show
FIRST_NAME_A, FIRST_NAME_B = "Kanariea", "Kanarieb"  # shared with the organisation by consent
CASE_CODE = re.compile(r"K-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}")


def team_case(
    app: Flask, owner: Person, activity_id: str, organisation: str, first_name: str
) -> dict[str, str]:
    """A case of the owner's team with a consent, a referral to the organisation's activity whose
    follow-up is due (so it is on the signals worklist), and a plan item."""
    from matcher import db
    from matcher.catalogue.schedule import parse_schedule
    from matcher.models import UserAccount
    from matcher.services import cases
    from matcher.services.catalogue import get_record

    with app.app_context():
        session = db.session()
        actor = cases.Actor(session.get(UserAccount, owner.id), "test")  # type: ignore[arg-type]
        case = cases.create(session, actor)
        consent = cases.record_consent(session, case, organisation, first_name, "06", actor)
        referral = cases.refer(session, case, get_record(session, activity_id), actor)  # type: ignore[arg-type]
        cases.arrange(session, referral, "", dt.date(2020, 1, 6), actor)
        cases.add_plan_item(
            session, case, "Dagbesteding", parse_schedule("ma 09:00-12:00")[0], actor
        )
        session.commit()
        return {"<code>": case.code, "<int:consent_id>": str(consent.id),
                "<int:referral_id>": str(referral.id), "<int:item_id>": str(case.plan_items[0].id)}  # fmt: skip


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
}


def clients_on(page: str) -> set[str]:
    """The case codes and the consenting first names a page shows."""
    return set(CASE_CODE.findall(page)) | {n for n in (FIRST_NAME_A, FIRST_NAME_B) if n in page}


TEAM_OF = {"consulent_a": "Team A", "consulent_b": "Team B", "swt": "SWT Zuid"}
NAMES_FOR = {"consulent_a": {FIRST_NAME_A}, "consulent_b": {FIRST_NAME_B},
             "aanbieder_x": {FIRST_NAME_A}, "aanbieder_y": {FIRST_NAME_B}}  # fmt: skip


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


@pytest.mark.parametrize("visitor", VISITORS)
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
        response = client.open(url(rule, target), method=method,
                               **({"json": {}} if rule == "/api/v1/match" else {"data": {}}))  # fmt: skip
        if response.status_code == 200:
            shown[(method, rule)] = clients_on(response.get_data(as_text=True))
        response.close()
        got[(method, rule)] = response.status_code
    expected = {key: statuses[visitor] for key, statuses in MATRIX.items()}
    assert got == expected
    may_see = visible_to(app, visitor)
    leaks = {f"{method} {rule}": found - may_see for (method, rule), found in shown.items()}
    assert {page: found for page, found in leaks.items() if found} == {}
    for key in LISTS.get(visitor, ()):
        assert OWN[visitor] in shown[key], key  # the list does show the visitor's own client
