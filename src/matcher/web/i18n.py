"""Languages of the pages: Dutch by default, English on request (a functional cookie, nothing else)."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel, get_locale, gettext

from matcher import vocabulary
from matcher.clock import ZONE
from matcher.phrases import Phrase

LANGUAGES = vocabulary.PAGE_LANGUAGES
LANGUAGE_COOKIE = "taal"

babel = Babel()


def select_locale() -> str:
    """The language the visitor chose, else Dutch."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in LANGUAGES else "nl"


def current_language() -> str:
    """'nl' or 'en'."""
    return str(get_locale() or "nl")


def translate(text: str) -> str:
    """What the system wrote, in the page's language: a Phrase (a reason, a domain error) through
    the gettext catalogue; any other text (a title, the person's own words) as it is."""
    if isinstance(text, Phrase):
        return text.render(gettext, current_language())
    return str(text)


def init_app(app: Flask) -> None:
    """Bind Flask-Babel; templates get `current_language()` and `translate` (also a filter)."""
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories="translations",
        default_timezone=ZONE.key,  # format_date of a moment: the date in Zwolle
    )
    app.jinja_env.globals.update(current_language=current_language, translate=translate)
    app.jinja_env.filters["translate"] = translate
