"""'Klopt er iets niet?' over HTTP: anyone reports without an account; the organisation and the
beheerder see it and mark it handled."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from matcher import db
from matcher.db import Base
from matcher.models import ErrorReport
from matcher.web import security
from matcher.web.limits import limiter
from tests.conftest import log_in, make_person

X, Y = "Stichting Taal Verbindt Zwolle", "AA-groep Zwolle Centrum"
OF_X, OF_Y = "taalcafe-binnenstad", "aa-groep-binnenstad"
FORM = f"/activiteiten/{OF_X}/fout-melden"


@pytest.fixture
def site(client: FlaskClient, imported: FlaskCliRunner) -> FlaskClient:
    return client


def rows(app: Flask) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table."""
    with app.app_context():
        session = db.session()
        return {
            t.name: [dict(r._mapping) for r in session.execute(select(t))]
            for t in Base.metadata.sorted_tables
        }


def token(client: FlaskClient, path: str = FORM) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert found
    return found.group(1)


def test_every_activity_page_links_to_the_form(site: FlaskClient) -> None:
    page = site.get(f"/activiteit/{OF_X}").get_data(as_text=True)
    assert f'<a href="{FORM}">Klopt er iets niet?</a>' in page


def test_the_form_asks_for_nothing_but_the_text(site: FlaskClient) -> None:
    response = site.get(FORM)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    form = page.split(f'action="{FORM}"')[1].split("</form>")[0]
    assert re.findall(r'<(?:input|textarea)[^>]* name="([^"]+)"', form) == ["csrf_token", "tekst"]
    assert '<label for="tekst">Wat klopt er niet?</label>' in page
    assert "Bijvoorbeeld: het telefoonnummer is veranderd." in page
    assert "Schrijf niet je naam op, en niets over je gezondheid." in page


def test_an_anonymous_report_keeps_exactly_the_text_and_the_activity(
    app: Flask, site: FlaskClient
) -> None:
    before = rows(app)
    response = site.post(FORM, data={"tekst": "Het telefoonnummer is veranderd."})
    assert response.status_code == 303 and "Set-Cookie" not in response.headers
    assert response.headers["Location"] == FORM + "/bedankt"
    after = rows(app)
    [kept] = after.pop("melding")
    assert before.pop("melding") == []
    assert after == before  # no other row: no audit line, no address, no session
    assert set(kept) == {"id", "activity_id", "text", "created_at", "handled_at", "handled_by"}
    assert (kept["activity_id"], kept["text"], kept["handled_at"], kept["handled_by"]) == (
        OF_X,
        "Het telefoonnummer is veranderd.",
        None,
        None,
    )
    thanks = site.get(FORM + "/bedankt")
    assert thanks.status_code == 200 and "Set-Cookie" not in thanks.headers
    assert f'href="/activiteit/{OF_X}"' in thanks.get_data(as_text=True)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("   ", "Schrijf op wat er niet klopt."),
        ("Te lang " * 70, "Dit is te lang: 559 tekens. Hooguit 500 tekens."),
    ],
)
def test_it_shows_the_form_again_with_what_was_typed_and_why(
    app: Flask, site: FlaskClient, typed: str, message: str
) -> None:
    response = site.post(FORM, data={"tekst": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"{typed}</textarea>" in page
    assert 'id="tekst-fout"' in page and message in page and 'aria-invalid="true"' in page
    assert 'href="#tekst"' in page  # the error summary links to the field
    assert rows(app)["melding"] == []


def test_an_unknown_activity_has_no_form(site: FlaskClient) -> None:
    assert site.get("/activiteiten/bestaat-niet/fout-melden").status_code == 404
    assert (
        site.post("/activiteiten/bestaat-niet/fout-melden", data={"tekst": "x"}).status_code == 404
    )
    assert site.get("/activiteiten/bestaat-niet/fout-melden/bedankt").status_code == 404


@pytest.fixture
def protected(app: Flask, site: FlaskClient) -> FlaskClient:
    app.config["WTF_CSRF_ENABLED"] = True
    return site


def test_the_form_token_needs_no_cookie(app: Flask, protected: FlaskClient) -> None:
    data = {"tekst": "Het adres klopt niet.", "csrf_token": token(protected)}
    response = protected.post(FORM, data=data, headers={"Origin": "http://localhost"})
    assert response.status_code == 303 and "Set-Cookie" not in response.headers
    assert [r["text"] for r in rows(app)["melding"]] == ["Het adres klopt niet."]


@pytest.mark.parametrize(
    ("bad_token", "headers"),
    [
        (None, {}),
        ("niet-het-goede-token", {}),
        ("van een andere activiteit", {}),
        ("", {"Origin": "https://ergens.example"}),
        ("", {"Origin": "null"}),
        ("", {"Sec-Fetch-Site": "cross-site"}),
    ],
)
def test_a_report_sent_from_elsewhere_is_refused_and_shown_again(
    app: Flask, protected: FlaskClient, bad_token: str | None, headers: dict[str, str]
) -> None:
    data = {"tekst": "Dit klopt niet."}
    if bad_token == "van een andere activiteit":
        data["csrf_token"] = token(protected, f"/activiteiten/{OF_Y}/fout-melden")
    elif bad_token == "":
        data["csrf_token"] = token(protected)  # a good token, from the wrong place
    elif bad_token is not None:
        data["csrf_token"] = bad_token
    response = protected.post(FORM, data=data, headers=headers)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Je formulier was verlopen" in page and "Dit klopt niet.</textarea>" in page
    assert rows(app)["melding"] == []


def test_an_old_form_is_shown_again_with_a_new_token(
    app: Flask, protected: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = token(protected)
    monkeypatch.setattr(security, "ANONYMOUS_FORM_SECONDS", -1)  # every token has expired
    response = protected.post(FORM, data={"tekst": "Oud formulier.", "csrf_token": old})
    assert response.status_code == 400 and "Oud formulier.</textarea>" in response.get_data(
        as_text=True
    )
    monkeypatch.undo()
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert fresh
    again = protected.post(FORM, data={"tekst": "Oud formulier.", "csrf_token": fresh.group(1)})
    assert again.status_code == 303


def test_reports_are_rate_limited_per_address(app: Flask, site: FlaskClient) -> None:
    assert app.config["RATELIMIT_REPORT"] == "5 per minute;30 per day"  # as docs/security.md says
    app.config.update(RATELIMIT_ENABLED=True, RATELIMIT_REPORT="2 per minute;3 per day")
    limiter.init_app(app)  # re-read the switched-on configuration
    assert site.get(FORM).status_code == 200  # reading the form is not limited
    for _ in range(2):
        assert site.post(FORM, data={"tekst": "Klopt niet."}).status_code == 303
    response = site.post(FORM, data={"tekst": "Klopt niet."})
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert site.get(FORM).status_code == 200
    assert len(rows(app)["melding"]) == 2


def test_the_organisation_sees_its_own_reports_and_not_anothers(
    app: Flask, site: FlaskClient
) -> None:
    site.post(FORM, data={"tekst": "Kanarie over X"})
    site.post(f"/activiteiten/{OF_Y}/fout-melden", data={"tekst": "Kanarie over Y"})
    log_in(site, make_person(app, "aanbieder", organisation=X))
    home = site.get("/aanbieder").get_data(as_text=True)
    assert 'href="/aanbieder/meldingen"' in home
    page = site.get("/aanbieder/meldingen").get_data(as_text=True)
    assert "Kanarie over X" in page and "Kanarie over Y" not in page
    assert f'href="/activiteit/{OF_X}"' in page and "Afgehandeld" in page


def report_ids(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {r.text: r.id for r in db.session().scalars(select(ErrorReport))}


def test_an_aanbieder_cannot_handle_another_organisations_report(
    app: Flask, site: FlaskClient
) -> None:
    site.post(FORM, data={"tekst": "Over X"})
    site.post(f"/activiteiten/{OF_Y}/fout-melden", data={"tekst": "Over Y"})
    ids = report_ids(app)
    log_in(site, make_person(app, "aanbieder", organisation=X))
    other = site.post(f"/aanbieder/meldingen/{ids['Over Y']}/afgehandeld")
    assert other.status_code == 404
    own = site.post(f"/aanbieder/meldingen/{ids['Over X']}/afgehandeld")
    assert own.status_code == 302 and own.headers["Location"] == "/aanbieder/meldingen"
    assert "Over X" not in site.get("/aanbieder/meldingen").get_data(as_text=True)
    with app.app_context():
        handled = {
            r.text: r.handled_at is not None for r in db.session().scalars(select(ErrorReport))
        }
    assert handled == {"Over X": True, "Over Y": False}


def test_the_beheerder_sees_every_open_report_with_its_organisation(
    app: Flask, site: FlaskClient
) -> None:
    site.post(FORM, data={"tekst": "Over X"})
    site.post(f"/activiteiten/{OF_Y}/fout-melden", data={"tekst": "Over Y"})
    log_in(site, make_person(app, "beheerder"))
    page = site.get("/beheer/meldingen").get_data(as_text=True)
    assert 'href="/beheer/meldingen"' in page  # in the beheerder's menu
    assert "Over X" in page and "Over Y" in page and X in page and Y in page
    ids = report_ids(app)
    assert site.post(f"/beheer/meldingen/{ids['Over Y']}/afgehandeld").status_code == 302
    page = site.get("/beheer/meldingen").get_data(as_text=True)
    assert "Over X" in page and "Over Y" not in page
