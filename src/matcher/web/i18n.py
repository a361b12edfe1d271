"""Languages of the pages: Dutch by default, English on request (a functional cookie, nothing else)."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel, get_locale

LANGUAGES = ("nl", "en")
LANGUAGE_COOKIE = "taal"

babel = Babel()


def select_locale() -> str:
    """The language the visitor chose, else Dutch."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in LANGUAGES else "nl"


def current_language() -> str:
    """'nl' or 'en'."""
    return str(get_locale() or "nl")


def init_app(app: Flask) -> None:
    """Bind Flask-Babel; templates get `language` and `label(term)`."""
    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories="translations"
    )
    app.jinja_env.globals["current_language"] = current_language
