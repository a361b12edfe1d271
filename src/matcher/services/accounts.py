"""Staff accounts: creation, login with lock-out, second factor, password changes, roles."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import Any, cast

import pyotp
from pyotp.exceptions import OTPVerificationError
from sqlalchemy import CursorResult, func, or_, select, update
from sqlalchemy.orm import Session

from matcher import roles
from matcher.clock import now, utc
from matcher.errors import NotFound, ValidationError
from matcher.models import Organisation, Team, UserAccount
from matcher.phrases import N_, Phrase
from matcher.services import audit, passwords, unit_of_work
from matcher.services.audit import Action, Actor, Event

# After this many failures in a row, each further failure locks the account for a while, doubling
# up to an hour: at most a few dozen guesses an hour, and never a hard lock an attacker can cause.
FREE_FAILURES = 5
MAX_LOCK = dt.timedelta(hours=1)
NAME_MAX = 100  # the column's length
TOTP_WINDOW = 1  # accept the previous and next 30-second code as well (clock drift)
_SIX_DIGITS = re.compile(r"[0-9]{6}")  # ASCII digits only ('³' is a digit to str.isdigit)


def all_accounts(db: Session) -> list[UserAccount]:
    """Every account, by e-mail address (the access review)."""
    return list(db.scalars(select(UserAccount).order_by(UserAccount.email)))


def get(db: Session, account_id: int) -> UserAccount:
    """One account; NotFound when there is none."""
    user = db.get(UserAccount, account_id)
    if user is None:
        raise NotFound("account", Phrase(N_("dit account bestaat niet")))
    return user


@dataclass(frozen=True, slots=True)
class Memberships:
    """What an account can belong to: the roles, the teams and the organisations."""

    roles: list[str]
    teams: list[str]
    organisations: list[str]


def memberships(db: Session) -> Memberships:
    """The choices for an account's role, team and organisation."""
    return Memberships(
        roles=list(roles.codes()),
        teams=list(db.scalars(select(Team.name).order_by(Team.name))),
        organisations=list(db.scalars(select(Organisation.name).order_by(Organisation.name))),
    )


def find(db: Session, email: str) -> UserAccount | None:
    """The account with this e-mail address (without case), or None."""
    return db.scalars(
        select(UserAccount).where(func.lower(UserAccount.email) == email.strip().lower())
    ).first()


def one_time_password() -> str:
    """A random password to hand over once; it must be changed at first login."""
    return "-".join(secrets.token_urlsafe(6) for _ in range(3))


def _team(db: Session, name: str | None) -> Team | None:
    if not name:
        return None
    team = db.scalars(select(Team).where(Team.name == name)).first()
    if team is None:
        team = Team(name=name)
        db.add(team)
    return team


def set_team_phone(db: Session, name: str, phone: str, actor: Actor) -> Team:
    """The phone number organisations and the person call the team on; an unknown team is an
    error (teams come into being with their first account)."""
    team = db.scalars(select(Team).where(Team.name == name)).first()
    if team is None:
        raise ValidationError("team", Phrase(N_("onbekend team '%(name)s'"), {"name": name}))
    phone = phone.strip()
    if not phone or len(phone) > 30:
        raise ValidationError(
            "phone", Phrase(N_("vul een telefoonnummer in van hoogstens 30 tekens"))
        )
    team.phone = phone
    audit.record(db, Event.by(actor, Action.TEAM_PHONE_SET, "team", str(team.id)))
    return team


def _organisation(db: Session, name: str | None) -> Organisation | None:
    if not name:
        return None
    organisation = db.scalars(select(Organisation).where(Organisation.name == name)).first()
    if organisation is None:
        raise ValidationError(
            "organisation", Phrase(N_("onbekende organisatie '%(name)s'"), {"name": name})
        )
    return organisation


def _membership(
    db: Session, role: str, team: str | None, organisation: str | None
) -> tuple[Team | None, Organisation | None]:
    """The team or organisation an account of this role belongs to (matcher.roles says which)."""
    if role not in roles.ROLES:
        known = ", ".join(roles.codes())
        raise ValidationError(
            "role",
            Phrase(
                N_("onbekende rol '%(role)s' (kies uit %(known)s)"), {"role": role, "known": known}
            ),
        )
    member_of = roles.ROLES[role].member_of
    team_row = _team(db, team) if member_of == "team" else None
    organisation_row = _organisation(db, organisation) if member_of == "organisation" else None
    if member_of == "team" and team_row is None:
        raise ValidationError(
            "team", Phrase(N_("een account met de rol %(role)s hoort bij een team"), {"role": role})
        )
    if member_of == "organisation" and organisation_row is None:
        message = N_("een account met de rol %(role)s hoort bij een organisatie")
        raise ValidationError("organisation", Phrase(message, {"role": role}))
    return team_row, organisation_row


def _name(name: str | None) -> str | None:
    """The work name with its spaces tidied; None when empty (the e-mail stands in)."""
    name = " ".join((name or "").split())
    if len(name) > NAME_MAX:
        raise ValidationError("name", Phrase(N_("een naam heeft hoogstens 100 tekens")))
    return name or None


def create_user(
    db: Session,
    email: str,
    role: str,
    actor: Actor,
    team: str | None = None,
    organisation: str | None = None,
    name: str | None = None,
) -> tuple[UserAccount, str]:
    """A new account with a one-time password (returned once, stored only as a hash)."""
    email = email.strip()
    if "@" not in email or len(email) > 200:
        raise ValidationError("email", Phrase(N_("vul een e-mailadres in")))
    if find(db, email) is not None:
        raise ValidationError("email", Phrase(N_("er is al een account met dit e-mailadres")))
    work_name = _name(name)
    team_row, organisation_row = _membership(db, role, team, organisation)
    password = one_time_password()
    user = UserAccount(
        email=email,
        name=work_name,
        password_hash=passwords.hash_password(password),
        role=role,
        team=team_row,
        organisation=organisation_row,
        must_change_password=True,
        active=True,
        session_version=1,
        failed_logins=0,
        created_at=now(),
    )
    db.add(user)
    db.flush()
    audit.record(
        db, Event.by(actor, Action.ACCOUNT_CREATED, "account", str(user.id), purpose=f"rol {role}")
    )
    return user, password


def change_role(
    db: Session,
    user: UserAccount,
    role: str,
    actor: Actor,
    team: str | None = None,
    organisation: str | None = None,
) -> None:
    """Give an account another role (and team or organisation); its sessions end."""
    team_row, organisation_row = _membership(db, role, team, organisation)
    before = user.role
    user.role, user.team, user.organisation = role, team_row, organisation_row
    user.session_version += 1
    change = f"{before} -> {role}"
    audit.record(db, Event.by(actor, Action.ROLE_CHANGED, "account", str(user.id), purpose=change))


def set_name(db: Session, user: UserAccount, name: str | None, actor: Actor) -> None:
    """Give an account another work name, or none (the header then shows the e-mail)."""
    user.name = _name(name)
    # The name itself stays out of the log: the account id says whose name changed.
    audit.record(db, Event.by(actor, Action.NAME_CHANGED, "account", str(user.id)))


def set_active(db: Session, user: UserAccount, active: bool, actor: Actor) -> None:
    """(De)activate an account; deactivating ends every session of it."""
    user.active = active
    user.session_version += 1
    action = Action.ACCOUNT_ACTIVATED if active else Action.ACCOUNT_DEACTIVATED
    audit.record(db, Event.by(actor, action, "account", str(user.id)))


def authenticate(db: Session, email: str, password: str, origin: str | None) -> UserAccount | None:
    """The account when the password is right and it is not locked; None otherwise (same for all)."""
    user = find(db, email)
    if user is None or not user.active or _locked(user):
        # The same Argon2 work as a real check: the time must not tell who exists or is locked.
        passwords.verify_nothing(password)
        _refuse_login(db, user, origin)
        return None
    if not passwords.verify_password(user.password_hash, password):
        _refuse_login(db, user, origin)
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    # The failure count goes on until the second factor passes too: a known password must not
    # reset the count of wrong codes.
    return user


def _locked(user: UserAccount) -> bool:
    return user.locked_until is not None and utc(user.locked_until) > now()


def _refuse_login(db: Session, user: UserAccount | None, origin: str | None) -> None:
    # The refusal is answered with an error, but the failure counts and is audited all the same.
    unit_of_work.keep_when_refused(db)
    if user is None:
        audit.record(db, Event(Action.LOGIN, "account", None, "mislukt", "inloggen", None, origin))
        return
    reason = "geblokkeerd" if _locked(user) else ("inactief" if not user.active else "mislukt")
    _failed(user)
    audit.record(db, Event(Action.LOGIN, "account", str(user.id), reason, "inloggen", None, origin))


def _failed(user: UserAccount) -> None:
    user.failed_logins += 1
    over = user.failed_logins - FREE_FAILURES
    if over >= 0:
        user.locked_until = now() + min(dt.timedelta(minutes=2**over), MAX_LOCK)


def complete_login(db: Session, user: UserAccount, origin: str | None) -> None:
    """Both factors passed: note the login; the failures in a row are over."""
    user.last_login_at = now()
    user.failed_logins, user.locked_until = 0, None
    audit.record(
        db, Event(Action.LOGIN, "account", str(user.id), "gelukt", "inloggen", user.id, origin)
    )


def logout(db: Session, user: UserAccount, origin: str | None) -> None:
    """End every session of the account, not just this browser's cookie."""
    user.session_version += 1
    audit.record(
        db, Event(Action.LOGOUT, "account", str(user.id), "gelukt", "inloggen", user.id, origin)
    )


def change_password(
    db: Session, user: UserAccount, current: str, new: str, origin: str | None
) -> list[str]:
    """Change the password (problems are returned, nothing changes then); other sessions end."""
    if not passwords.verify_password(user.password_hash, current):
        return [passwords.N_("Je huidige wachtwoord klopt niet.")]
    found = passwords.problems(new, (user.email.split("@")[0],))
    if new == current:
        found.append(passwords.N_("Kies een ander wachtwoord dan het huidige."))
    if found:
        return found
    user.password_hash = passwords.hash_password(new)
    user.must_change_password = False
    user.session_version += 1
    audit.record(
        db,
        Event(
            Action.PASSWORD_CHANGED, "account", str(user.id), "gelukt", "inloggen", user.id, origin
        ),
    )
    return []


def new_totp_secret() -> str:
    """A fresh secret for an authenticator app."""
    return pyotp.random_base32()


def totp_uri(user: UserAccount, secret: str) -> str:
    """The otpauth:// address the QR code carries."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name="Meedoen in Zwolle")


def code_step(secret: str, code: str) -> int | None:
    """The 30-second time step a six-digit code belongs to (now, or one step either side)."""
    code = code.strip().replace(" ", "")
    if not _SIX_DIGITS.fullmatch(code):
        return None
    try:
        return pyotp.TOTP(secret).verify_and_get_timecode(code, valid_window=TOTP_WINDOW)
    except OTPVerificationError:
        return None


def _spend(db: Session, user: UserAccount, step: int) -> bool:
    # One conditional UPDATE: of two requests with the same code at the same moment, one wins.
    result = db.execute(
        update(UserAccount)
        .where(UserAccount.id == user.id)
        .where(or_(UserAccount.totp_last_step.is_(None), UserAccount.totp_last_step < step))
        .values(totp_last_step=step)
    )
    return cast("CursorResult[Any]", result).rowcount == 1


def enrol_totp(db: Session, user: UserAccount, secret: str, code: str, origin: str | None) -> bool:
    """Store the secret once the person shows a code from it (that code is then spent)."""
    step = code_step(secret, code)
    if step is None:
        return False
    user.totp_secret, user.totp_last_step = secret, step
    audit.record(
        db,
        Event(
            Action.SECOND_FACTOR_SET_UP,
            "account",
            str(user.id),
            "gelukt",
            "inloggen",
            user.id,
            origin,
        ),
    )
    return True


def second_factor(db: Session, user: UserAccount, code: str, origin: str | None) -> bool:
    """Check the code: refused while locked and when spent; a refusal counts as a failed login."""
    locked = _locked(user)
    step = None if locked or not user.totp_secret else code_step(user.totp_secret, code)
    if step is not None and _spend(db, user, step):
        return True
    reason = "geblokkeerd" if locked else ("hergebruikt" if step is not None else "mislukt")
    unit_of_work.keep_when_refused(db)  # answered 401, but the failure counts and is audited
    _failed(user)
    audit.record(
        db, Event(Action.SECOND_FACTOR, "account", str(user.id), reason, "inloggen", None, origin)
    )
    return False
