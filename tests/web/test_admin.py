"""User management by beheerders: create, re-role, deactivate, review, and the audit log pages."""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from matcher import db
from matcher.models import AuditEntry, UserAccount
from tests.conftest import Person, log_in, make_person, saved_as


def admin_client(app: Flask) -> tuple[FlaskClient, Person]:
    person = make_person(app, "beheerder", email="beheer@zwolle.example")
    client = app.test_client()
    log_in(client, person)
    return client, person


def test_a_beheerder_creates_an_account_with_a_one_time_password(app: Flask) -> None:
    client, admin = admin_client(app)
    response = client.post(
        "/beheer/gebruikers/nieuw",
        data={"email": "nieuw@zwolle.example", "role": "swt", "team": "SWT Oost"},
    )
    page = response.get_data(as_text=True)
    one_time = re.search(r'<code class="secret">([^<]+)</code>', page).group(1)  # type: ignore[union-attr]
    assert len(one_time) >= 20
    login = app.test_client().post(
        "/login", data={"email": "nieuw@zwolle.example", "password": one_time}
    )
    assert login.headers["Location"] == "/login/wachtwoord"  # it must be changed first
    with app.app_context():
        entry = (
            db.session()
            .scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "account aangemaakt")
                .order_by(AuditEntry.id.desc())
            )
            .first()
        )
        assert entry is not None and entry.actor_id == admin.id and entry.purpose == "rol swt"


def test_it_keeps_the_form_and_names_the_field_on_error(app: Flask) -> None:
    client, _ = admin_client(app)
    response = client.post(
        "/beheer/gebruikers/nieuw", data={"email": "x@zwolle.example", "role": "swt"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="team-fout"' in page and 'value="x@zwolle.example"' in page


def test_it_keeps_the_typed_name_and_other_fields_on_error(app: Flask) -> None:
    client, _ = admin_client(app)
    typed = {"email": "y@zwolle.example", "name": "Yara Bos", "role": "consulent", "team": ""}
    response = client.post("/beheer/gebruikers/nieuw", data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Yara Bos"' in page and 'value="y@zwolle.example"' in page
    assert '<option value="consulent" selected>' in page
    too_long = client.post("/beheer/gebruikers/nieuw", data=typed | {"name": "Y" * 101})
    page = too_long.get_data(as_text=True)
    assert too_long.status_code == 422
    assert 'id="name-fout"' in page and 'href="#name"' in page and f'value="{"Y" * 101}"' in page


def test_a_beheerder_names_an_account_and_the_header_shows_it_or_the_email(app: Flask) -> None:
    client, _ = admin_client(app)
    created = client.post(
        "/beheer/gebruikers/nieuw",
        data={"email": "w@zwolle.example", "name": "Wim Post", "role": "swt", "team": "SWT Oost"},
    )
    assert created.status_code == 200
    worker = make_person(app, "consulent", email="sanne@zwolle.example", name="Sanne de Vries")
    worker_client = app.test_client()
    log_in(worker_client, worker)
    assert "Ingelogd als <strong>Sanne de Vries</strong>" in worker_client.get("/consult").text
    edit = client.get(f"/beheer/gebruikers/{worker.id}").text
    assert 'value="Sanne de Vries"' in edit
    review = client.get("/beheer/gebruikers").text
    assert "<td>Wim Post</td>" in review and "<td>Sanne de Vries</td>" in review

    renamed = client.post(f"/beheer/gebruikers/{worker.id}/naam", data={"name": "Sanne Smit"})
    assert renamed.status_code == 302
    header = worker_client.get("/consult").text  # a new name ends no session
    assert "Ingelogd als <strong>Sanne Smit</strong>" in header
    client.post(f"/beheer/gebruikers/{worker.id}/naam", data={"name": ""})
    assert (
        "Ingelogd als <strong>sanne@zwolle.example</strong>" in worker_client.get("/consult").text
    )
    with app.app_context():
        actions = list(db.session().scalars(select(AuditEntry.action)))
        assert actions.count("naam gewijzigd") == 2


def test_a_name_too_long_is_refused_beside_the_field_with_the_text_kept(app: Flask) -> None:
    client, _ = admin_client(app)
    worker = make_person(app, "consulent", name="Kees")
    response = client.post(f"/beheer/gebruikers/{worker.id}/naam", data={"name": "K" * 101})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="name-fout"' in page and f'value="{"K" * 101}"' in page
    with app.app_context():
        user = db.session().get(UserAccount, worker.id)
        assert user is not None and user.name == "Kees"


def test_a_role_change_and_a_deactivation_end_the_accounts_sessions(app: Flask) -> None:
    client, _ = admin_client(app)
    worker = make_person(app, "consulent")
    worker_client = app.test_client()
    log_in(worker_client, worker)
    client.post(f"/beheer/gebruikers/{worker.id}", data={"role": "swt", "team": "SWT West"})
    assert worker_client.get("/consult").status_code == 302
    log_in(worker_client, worker)
    assert worker_client.get("/consult").status_code == 200
    client.post(f"/beheer/gebruikers/{worker.id}/actief", data={"actief": "nee"})
    assert worker_client.get("/consult").status_code == 302
    with app.app_context():
        user = db.session().get(UserAccount, worker.id)
        assert user is not None and not user.active and user.role == "swt"
        actions = list(db.session().scalars(select(AuditEntry.action)))
        assert "rol gewijzigd" in actions and "account gedeactiveerd" in actions


def test_the_access_review_lists_role_team_mfa_and_last_login(
    app: Flask, imported: FlaskCliRunner
) -> None:
    client, _ = admin_client(app)
    make_person(
        app, "aanbieder", email="aanbieder@org.example", organisation="AA-groep Zwolle Centrum"
    )
    page = client.get("/beheer/gebruikers").get_data(as_text=True)
    row = re.search(r"<td>aanbieder@org.example</td>(.*?)</tr>", page, re.S).group(1)  # type: ignore[union-attr]
    assert "aanbieder" in row and "AA-groep Zwolle Centrum" in row and "ingesteld" in row
    assert "nooit" in row
    assert re.search(r"<td>beheer@zwolle.example</td>.*?\d{4}-\d\d-\d\d \d\d:\d\d<", page, re.S)


def test_the_audit_log_is_readable_and_exportable_and_that_is_logged_too(app: Flask) -> None:
    client, admin = admin_client(app)
    page = client.get("/beheer/audit").get_data(as_text=True)
    assert "De hashketen is ongeschonden" in page and "inloggen" in page
    response = client.get("/beheer/audit.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert saved_as(response) == "auditlog.csv"
    assert [r["action"] for r in rows][-2:] == ["auditlog bekeken", "auditlog geëxporteerd"]
    assert rows[-1]["actor_id"] == str(admin.id)


@pytest.mark.parametrize("page", ["³", "٣", "9" * 30, "9" * 4_301, "-5", "0", "2"])
def test_the_audit_log_shows_its_last_page_for_any_page_number(app: Flask, page: str) -> None:
    # 30 nines went into the query's OFFSET: a 500 on SQLite and on PostgreSQL.
    client, _ = admin_client(app)
    response = client.get(f"/beheer/audit?pagina={page}")
    assert response.status_code == 200
    assert "inloggen" in response.get_data(as_text=True)  # the one page, not an empty one


def test_create_user_on_the_command_line_prints_a_one_time_password(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(
        args=["create-user", "--role", "beheerder", "--email", "eerste@zwolle.example"]
    )
    assert result.exit_code == 0
    one_time = result.output.split("Eenmalig wachtwoord: ")[1].strip()
    response = app.test_client().post(
        "/login", data={"email": "eerste@zwolle.example", "password": one_time}
    )
    assert response.headers["Location"] == "/login/wachtwoord"
    again = runner.invoke(
        args=["create-user", "--role", "beheerder", "--email", "Eerste@zwolle.example"]
    )
    assert again.exit_code == 1 and "al een account" in again.output
    no_team = runner.invoke(
        args=["create-user", "--role", "consulent", "--email", "c@zwolle.example"]
    )
    assert no_team.exit_code == 1 and "team" in no_team.output
    named = runner.invoke(
        args=["create-user", "--role", "beheerder", "--email", "n@zwolle.example"]
        + ["--name", "Nadia El Amrani"]
    )
    assert named.exit_code == 0
    with app.app_context():
        found = db.session().scalars(
            select(UserAccount.name).where(UserAccount.email == "n@zwolle.example")
        )
        assert found.one() == "Nadia El Amrani"


def test_an_aanbieder_sees_its_own_activities(app: Flask, imported: FlaskCliRunner) -> None:
    person = make_person(app, "aanbieder", organisation="Stichting Taal Verbindt Zwolle")
    client = app.test_client()
    log_in(client, person)
    page = client.get("/aanbieder").get_data(as_text=True)
    assert "Taalcafé Binnenstad" in page and "AA-groep" not in page
