"""Flask's signed cookie session, with its signer made only for a request that needs one.

Most requests carry no session cookie and leave the session empty: every page for anyone. Flask
makes the signer (an itsdangerous serializer, which encodes a test value to learn its kind) on
every request all the same; here that waits until there is a cookie to read or a session to
write. Everything else, the cookie's name, flags and signature, is Flask's own.

The API (/api/...) is for everyone and the same for everyone: it gets Flask's null session, so it
neither reads a cookie nor sends one, nor says that its answer varies with one. Reading and
saving the empty session took 2 % of a search's time in a worker.
"""

from __future__ import annotations

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin

API_PREFIX = "/api/"


class LazySessionInterface(SecureCookieSessionInterface):
    """SecureCookieSessionInterface, without the signer for a request without a cookie."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if not app.secret_key:
            return None  # as Flask: no key, no session
        if request.path.startswith(API_PREFIX):
            return None  # Flask makes a null session of it
        if not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not session and not session.modified:  # empty before and after: nothing to send
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    """Use the lazy session for the app."""
    app.session_interface = LazySessionInterface()
