"""Staff accounts' work name: given at creation, changed later, audited without the name itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher import db
from matcher.errors import ValidationError
from matcher.models import AuditEntry, UserAccount
from matcher.services import accounts
from matcher.services.audit import Action, Actor

BEHEER = Actor(None, "test")


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with app.app_context():
        yield db.session()


def lines(session: Session, action: Action) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_it_creates_an_account_with_a_tidied_name(session: Session) -> None:
    user, _ = accounts.create_user(
        session,
        "sanne@zwolle.example",
        "consulent",
        BEHEER,
        "Team Noord",
        name="  Sanne   de Vries ",
    )
    assert session.get(UserAccount, user.id).name == "Sanne de Vries"  # type: ignore[union-attr]


@pytest.mark.parametrize("name", [None, "", "   "])
def test_it_creates_an_account_without_a_name(session: Session, name: str | None) -> None:
    user, _ = accounts.create_user(session, "geen@zwolle.example", "beheerder", BEHEER, name=name)
    assert user.name is None


def test_it_refuses_a_name_over_100_characters_and_creates_nothing(session: Session) -> None:
    with pytest.raises(ValidationError) as refused:
        accounts.create_user(session, "lang@zwolle.example", "beheerder", BEHEER, name="x" * 101)
    assert (refused.value.field, refused.value.message) == (
        "name",
        "een naam heeft hoogstens 100 tekens",
    )
    assert accounts.find(session, "lang@zwolle.example") is None


def test_it_changes_and_clears_the_name_each_time_audited_without_the_name(
    session: Session,
) -> None:
    user, _ = accounts.create_user(session, "piet@zwolle.example", "beheerder", BEHEER)
    version = user.session_version
    accounts.set_name(session, user, "Piet Jansen", BEHEER)
    assert user.name == "Piet Jansen"
    accounts.set_name(session, user, " ", BEHEER)
    assert user.name is None
    audited = lines(session, Action.NAME_CHANGED)
    assert [(line.object_type, line.object_id) for line in audited] == [
        ("account", str(user.id)),
        ("account", str(user.id)),
    ]
    assert all("Piet" not in line.purpose for line in audited)
    assert user.session_version == version  # a name says nothing about access: sessions go on


def test_it_keeps_the_old_name_when_the_new_one_is_too_long(session: Session) -> None:
    user, _ = accounts.create_user(session, "an@zwolle.example", "beheerder", BEHEER, name="An")
    with pytest.raises(ValidationError):
        accounts.set_name(session, user, "x" * 101, BEHEER)
    assert user.name == "An"
    assert lines(session, Action.NAME_CHANGED) == []
