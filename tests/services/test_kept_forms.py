"""Kept forms: passwords left out, read once by the same account on the same page, expired rows gone."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import select

from matcher import db
from matcher.models import KeptForm
from matcher.services import kept_forms
from matcher.services.audit import utc
from tests.conftest import make_person


def test_it_leaves_out_passwords_and_the_csrf_token() -> None:
    fields = {
        "wishes": ["rustig"],
        "Password": ["a"],
        "huidig_wachtwoord": ["b"],
        "WACHTWOORD2": ["c"],
        "csrf_token": ["d"],
        "notitie": ["e"],
    }
    assert kept_forms.keepable(fields) == {"wishes": ["rustig"], "notitie": ["e"]}


def test_it_gives_a_form_back_once_to_its_account_on_its_page(app: Flask) -> None:
    owner, other = make_person(app, "consulent"), make_person(app, "swt")
    with app.app_context():
        session = db.session()
        key = kept_forms.keep(session, owner.id, "/consult", {"wishes": ["rustig"]})
        assert key is not None
        assert kept_forms.take(session, key, owner.id, "/casussen") is None  # another page
        assert kept_forms.take(session, key, owner.id, "/consult") == {"wishes": ["rustig"]}
        assert kept_forms.take(session, key, owner.id, "/consult") is None  # once
        key = kept_forms.keep(session, owner.id, "/consult", {"wishes": ["rustig"]})
        assert key is not None
        assert kept_forms.take(session, key, other.id, "/consult") is None
        assert session.scalars(select(KeptForm)).all() == []  # and gone for the owner too


def test_expired_forms_are_removed_on_the_next_use(app: Flask) -> None:
    person = make_person(app, "consulent")
    with app.app_context():
        session = db.session()
        old = kept_forms.keep(session, person.id, "/consult", {"wishes": ["oud"]})
        row = session.get(KeptForm, old)
        assert row is not None
        row.expires_at = kept_forms.now() - dt.timedelta(seconds=1)
        session.commit()
        assert kept_forms.take(session, str(old), person.id, "/consult") is None
        new = kept_forms.keep(session, person.id, "/consult", {"wishes": ["nieuw"]})
        session.commit()
        assert session.scalars(select(KeptForm.key)).all() == [new]
        row = session.get(KeptForm, new)
        assert row is not None
        left = utc(row.expires_at) - kept_forms.now()
        assert dt.timedelta(minutes=59) < left <= kept_forms.KEEP_FOR
