"""The route x role matrix: every rule of the app, for every kind of visitor, gets exactly this status.

A route that is missing from the matrix fails the test, so a new page cannot go unchecked.
"""

from __future__ import annotations

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
        "consulent_a": make_person(app, "consulent", team="Team A"),
        "consulent_b": make_person(app, "consulent", team="Team B"),
        "swt": make_person(app, "swt", team="SWT Zuid"),
        "aanbieder_x": make_person(app, "aanbieder", organisation=x),
        "aanbieder_y": make_person(app, "aanbieder", organisation=y),
        "beheerder": make_person(app, "beheerder"),
    }
    CASE.update(team_a_case(app, found["consulent_a"]))
    return found


CASE: dict[str, str] = {}


def team_a_case(app: Flask, owner: Person) -> dict[str, str]:
    """A case of team A with a consent, a referral to organisation X and a plan item."""
    from matcher import db
    from matcher.catalogue.schedule import parse_schedule
    from matcher.models import UserAccount
    from matcher.services import cases
    from matcher.services.catalogue import get_record

    with app.app_context():
        session = db.session()
        actor = cases.Actor(session.get(UserAccount, owner.id), "test")  # type: ignore[arg-type]
        case = cases.create(session, actor)
        consent = cases.record_consent(
            session, case, "Stichting Taal Verbindt Zwolle", "S", "06", actor
        )
        referral = cases.refer(session, case, get_record(session, "taalcafe-binnenstad"), actor)  # type: ignore[arg-type]
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


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_route_answers_each_visitor_exactly_as_the_matrix_says(
    app: Flask, people: dict[str, Person], visitor: str
) -> None:
    target = make_person(app, "swt", team="Doelwit")  # the account the user routes act on
    got: dict[tuple[str, str], int] = {}
    client = app.test_client()
    if visitor != "anoniem":
        log_in(client, people[visitor])
    # One session for every request (none of them ends it), logging out last.
    for method, rule in sorted(MATRIX, key=lambda key: key[1] == "/logout"):
        response = client.open(url(rule, target), method=method,
                               **({"json": {}} if rule == "/api/v1/match" else {"data": {}}))  # fmt: skip
        response.close()
        got[(method, rule)] = response.status_code
    expected = {key: statuses[visitor] for key, statuses in MATRIX.items()}
    assert got == expected
