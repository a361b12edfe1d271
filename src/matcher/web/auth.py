"""Logging in with two factors, changing the password, logging out, and extending a session."""

from __future__ import annotations

import time

import qrcode
from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import db, roles
from matcher.models import UserAccount
from matcher.roles import Permission
from matcher.services import accounts, kept_forms
from matcher.services.passwords import N_
from matcher.web.access import EVERYONE, PENDING, Staff, allow, kept_key
from matcher.web.security import is_local_path

bp = Blueprint("auth", __name__)

PENDING_SECONDS = 600  # between the password and the second factor
GENERIC_FAILURE = N_(
    "Dit e-mailadres en wachtwoord horen niet bij elkaar, of je moet even wachten."
)


def _home(account: UserAccount) -> str:
    return url_for(roles.ROLES[account.role].home)


def _origin() -> str | None:
    return request.remote_addr


def _pending() -> UserAccount | None:
    """The account between password and second factor, if that step is recent and still valid."""
    value, since = session.get("pending_user", ""), session.get("pending_at", 0)
    account_id, _, version = value.partition(".")
    if not account_id.isdigit() or time.time() - since > PENDING_SECONDS:
        return None
    account = db.session().get(UserAccount, int(account_id))
    if account is None or not account.active or str(account.session_version) != version:
        return None
    return account


def _start_over() -> WerkzeugResponse:
    session.pop("pending_user", None)
    flash(_("Begin opnieuw met inloggen."))
    return redirect(url_for("auth.login"))


def _next_step(account: UserAccount) -> WerkzeugResponse:
    if account.must_change_password:
        return redirect(url_for("auth.first_password"))
    if account.totp_secret:
        return redirect(url_for("auth.code"))
    if account.role in current_app.config["MFA_REQUIRED_ROLES"]:
        return redirect(url_for("auth.enrol"))
    return _complete(account)


def _complete(account: UserAccount) -> WerkzeugResponse:
    kept, target = kept_key(), str(session.get("pending_next") or "")
    session.clear()  # a new session: nothing from before the login carries over but the form
    if kept:
        session["bewaard"] = kept
    login_user(Staff(account))
    session["auth_at"] = session["seen_at"] = time.time()
    accounts.complete_login(db.session(), account, _origin())
    # Only ever to a page of this site: `next` comes from whoever made the link.
    return redirect(target if is_local_path(target) else _home(account))


@bp.route("/login", methods=["GET", "POST"])
@allow(EVERYONE)
def login() -> str | WerkzeugResponse | tuple[str, int]:
    """Step 1: e-mail address and password."""
    if request.method == "GET":
        return render_template("auth/login.html", email="")
    email = request.form.get("email", "")
    account = accounts.authenticate(
        db.session(), email, request.form.get("password", ""), _origin()
    )
    if account is None:
        return render_template("auth/login.html", email=email, failed=GENERIC_FAILURE), 401
    kept, target = kept_key(), request.args.get("next")
    session.clear()
    if kept:
        session["bewaard"] = kept
    session["pending_user"] = f"{account.id}.{account.session_version}"
    session["pending_at"] = time.time()
    session["pending_next"] = target
    return _next_step(account)


@bp.route("/login/wachtwoord", methods=["GET", "POST"])
@allow(PENDING)
def first_password() -> str | WerkzeugResponse | tuple[str, int]:
    """Step 2 on the first login: replace the one-time password."""
    account = _pending()
    if account is None:
        return _start_over()
    if request.method == "GET":
        return render_template("auth/password.html", first=True, problems=[])
    problems = _change(account)
    if problems:
        return render_template("auth/password.html", first=True, problems=problems), 422
    session["pending_user"] = f"{account.id}.{account.session_version}"
    return _next_step(account)


def _change(account: UserAccount) -> list[str]:
    form = request.form
    new, repeat = form.get("nieuw_wachtwoord", ""), form.get("herhaal_wachtwoord", "")
    if new != repeat:
        return [N_("De twee nieuwe wachtwoorden zijn niet gelijk.")]
    problems = accounts.change_password(
        db.session(), account, form.get("huidig_wachtwoord", ""), new, _origin()
    )
    return problems


def qr_path(text: str) -> tuple[int, str]:
    """A QR code as the size and the `d` of one SVG path (no markup from elsewhere in the page)."""
    code = qrcode.QRCode(border=2)
    code.add_data(text)
    matrix = code.get_matrix()
    parts = [f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, on in enumerate(row) if on]
    return len(matrix), "".join(parts)


@bp.route("/login/instellen", methods=["GET", "POST"])
@allow(PENDING)
def enrol() -> str | WerkzeugResponse | tuple[str, int]:
    """Step 3 on the first login: set up the authenticator app (TOTP) with a QR code."""
    account = _pending()
    if account is None:
        return _start_over()
    secret = session.get("totp_candidate") or accounts.new_totp_secret()
    session["totp_candidate"] = secret
    failed = False
    if request.method == "POST":
        if accounts.enrol_totp(
            db.session(), account, secret, request.form.get("code", ""), _origin()
        ):
            return _complete(account)
        failed = True
    size, path = qr_path(accounts.totp_uri(account, secret))
    page = render_template("auth/enrol.html", size=size, path=path, secret=secret, failed=failed)
    return (page, 422) if failed else page


@bp.route("/login/code", methods=["GET", "POST"])
@allow(PENDING)
def code() -> str | WerkzeugResponse | tuple[str, int]:
    """Step 2: the six-digit code of the authenticator app."""
    account = _pending()
    if account is None:
        return _start_over()
    if request.method == "GET":
        return render_template("auth/code.html")
    if accounts.second_factor(db.session(), account, request.form.get("code", ""), _origin()):
        return _complete(account)
    return render_template("auth/code.html", failed=True), 401


@bp.post("/logout")
@allow(Permission.ACCOUNT)
def logout() -> WerkzeugResponse:
    """Log out everywhere: every session of this account ends."""
    accounts.logout(db.session(), current_user.account, _origin())
    kept_forms.forget_account(db.session(), current_user.account.id)
    logout_user()
    session.clear()
    flash(_("Je bent uitgelogd."))
    return redirect(url_for("auth.login"))


@bp.route("/wachtwoord", methods=["GET", "POST"])
@allow(Permission.ACCOUNT)
def password() -> str | WerkzeugResponse | tuple[str, int]:
    """Change the password; every other session of the account ends."""
    if request.method == "GET":
        return render_template("auth/password.html", first=False, problems=[])
    account = current_user.account
    problems = _change(account)
    if problems:
        return render_template("auth/password.html", first=False, problems=problems), 422
    login_user(Staff(account))  # this session goes on with the new version
    flash(_("Je wachtwoord is gewijzigd."))
    return redirect(_home(account))


@bp.post("/sessie/verlengen")
@allow(Permission.ACCOUNT)
def extend() -> WerkzeugResponse:
    """Extend the session (the warning before the idle timeout calls this)."""
    return jsonify({"expires_in": current_app.config["SESSION_IDLE_SECONDS"]})
