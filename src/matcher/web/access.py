"""Who may use which page: every view declares it, and one check enforces it, failing closed.

Also the session rules: a session belongs to one version of the account (logout, a password
change or deactivation raise the version and so end every session), an idle timeout and an
absolute lifetime.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, flash, g, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin, LoginManager, current_user, logout_user
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import db, roles
from matcher.models import UserAccount
from matcher.roles import Permission
from matcher.services import kept_forms

EVERYONE = "iedereen"  # pages for anyone, without login
PENDING = "halverwege"  # the login steps between password and second factor

F = TypeVar("F", bound=Callable[..., Any])

login_manager = LoginManager()


def allow(who: str) -> Callable[[F], F]:
    """Declare who may use a view: a Permission (matcher.roles), EVERYONE, or PENDING."""

    def mark(view: F) -> F:
        view.allowed = who  # type: ignore[attr-defined]
        return view

    return mark


def reads_only(view: F) -> F:
    """Declare a view that never writes, whatever its method (see choose_transactions)."""
    view.reads_only = True  # type: ignore[attr-defined]
    return view


def choose_transactions() -> None:
    """Before every request: say whether its transactions only read, before the first query.

    A page for everyone opened with GET writes nothing (anonymous visitors leave no trace; a
    search's anonymous demand counters are written apart, after the request: web/searches.py),
    nor does a view marked reads_only; those read in deferred transactions. Every other request may
    write (a staff page writes an audit line just by being viewed), so on SQLite its
    transactions take the write lock at BEGIN and wait their turn instead of failing.
    """
    view = _view()
    everyone = getattr(view, "allowed", None) == EVERYONE
    g.db_reads_only = getattr(view, "reads_only", False) or (
        everyone and request.method in ("GET", "HEAD")
    )


class Staff:
    """The logged-in account as Flask-Login sees it; its id carries the session version."""

    def __init__(self, account: UserAccount) -> None:
        self.account = account
        self.is_authenticated, self.is_active, self.is_anonymous = True, account.active, False

    def get_id(self) -> str:
        return f"{self.account.id}.{self.account.session_version}"

    @property
    def role(self) -> str:
        return self.account.role


class Anonymous(AnonymousUserMixin):  # type: ignore[misc]  # Flask-Login has no type hints
    role = None


@login_manager.user_loader  # type: ignore[untyped-decorator]
def load_user(user_id: str) -> Staff | None:
    """The account of a session, only while the session's version is the account's."""
    account_id, _, version = user_id.partition(".")
    if not account_id.isdigit() or not version.isdigit():
        return None
    account = db.session().get(UserAccount, int(account_id))
    if account is None or not account.active or account.session_version != int(version):
        return None
    return Staff(account)


def _view() -> Callable[..., Any] | None:
    if request.endpoint is None:
        return None
    return current_app.view_functions.get(request.endpoint)


def enforce() -> WerkzeugResponse | None:
    """Before every request: the view must declare who may use it, and the visitor must be one."""
    view = _view()
    if view is None or request.endpoint == "static":
        return None  # a 404 or a static file
    allowed: str | None = getattr(view, "allowed", None)
    if allowed is None:
        abort(403)  # fail closed: a view that does not say who may use it is for no one
    if allowed == EVERYONE:
        return None
    if allowed == PENDING and session.get("pending_user"):
        return None
    if not current_user.is_authenticated:
        return _to_login()
    expired = _expired()
    if expired:
        return expired
    if not (isinstance(allowed, Permission) and roles.may(current_user.role, allowed)):
        abort(403)
    return None


def may(permission: Permission) -> bool:
    """Whether the visitor may do something (for menus): `may(Permission.CASES)` in a template."""
    return bool(current_user.is_authenticated) and roles.may(current_user.role, permission)


def _to_login() -> WerkzeugResponse:
    if request.path.startswith("/api/"):
        response = jsonify({"error": {"field": None, "message": "log eerst in"}})
        response.status_code = 401
        return response
    if request.method == "POST":
        # Keep what was typed: it is filled in again after logging in (WCAG 2.2.1).
        _keep_form(_previous_account(), kept_key())
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _previous_account() -> int | None:
    # Flask-Login's id of the account this browser was logged in as (ended by a logout elsewhere,
    # say); the cookie is signed, so it is ours. Without one there is no one to keep a form for.
    account_id = str(session.get("_user_id", "")).partition(".")[0]
    return int(account_id) if account_id.isdigit() else None


def _keep_form(account_id: int | None, replaced: str | None) -> None:
    """Keep what was posted on the server for this account; the session holds only the key."""
    database = db.session()
    kept_forms.forget(database, replaced)
    key = None
    if account_id is not None:
        key = kept_forms.keep(database, account_id, request.path, request.form.to_dict(flat=False))
    if key:
        session["bewaard"] = key
    elif "bewaard" in session:
        session.pop("bewaard")


def _expired() -> WerkzeugResponse | None:
    now = time.time()
    idle = current_app.config["SESSION_IDLE_SECONDS"]
    lifetime = current_app.config["SESSION_LIFETIME_SECONDS"]
    seen, started = session.get("seen_at", 0), session.get("auth_at", 0)
    if now - seen > idle or now - started > lifetime:
        account_id, replaced = current_user.account.id, kept_key()
        logout_user()
        session.clear()
        _keep_form(account_id if request.method == "POST" else None, replaced)
        flash(_("Je was te lang weg. Log opnieuw in; wat je had ingevuld staat er dan nog."))
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    session["seen_at"] = now
    return None


def kept_key() -> str | None:
    """The key of this browser's kept form, if any."""
    key = session.get("bewaard")
    # A cookie from before kept forms moved to the server holds the form itself: not carried on.
    return key if isinstance(key, str) else None


def kept_form(path: str) -> dict[str, list[str]] | None:
    """What this account typed on this page before its session ended, once."""
    key = kept_key()
    if not key or not current_user.is_authenticated:
        return None
    fields = kept_forms.take(db.session(), key, current_user.account.id, path)
    if fields is not None:
        session.pop("bewaard")
    return fields


def role_label(code: str) -> str:
    """The name of a role as the header shows it."""
    return roles.ROLES[code].label


def init_app(app: Flask) -> None:
    """Bind Flask-Login (no remember-me cookie) and the access check."""
    login_manager.init_app(app)
    login_manager.anonymous_user = Anonymous
    login_manager.session_protection = "basic"
    app.jinja_env.globals.update(may=may, Permission=Permission, role_label=role_label)
    app.before_request(choose_transactions)  # first: enforce already loads the account
    app.before_request(enforce)
