"""Languages of the pages: Dutch by default, another language on request (a functional cookie,
nothing else). Residents' pages come in every language of `vocabulary.PAGE_LANGUAGES`, staff pages
in Dutch and English only (docs/web.md, Languages)."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel, get_locale, gettext

from matcher import vocabulary
from matcher.clock import ZONE
from matcher.phrases import Phrase
from matcher.ranking.explain import about_someone_else

LANGUAGES = vocabulary.PAGE_LANGUAGES
STAFF_LANGUAGES = vocabulary.STAFF_LANGUAGES
LANGUAGE_COOKIE = "taal"

babel = Babel()

# The pages a resident reaches without an account, besides the whole public blueprint: asking
# SamenZwolle to get in touch is one step on from the results.
RESIDENT_ENDPOINTS = frozenset({"intake.resident", "intake.resident_sent"})


def for_residents() -> bool:
    """Whether this request is for a resident's page (an unknown address counts as one)."""
    endpoint = request.endpoint
    return endpoint is None or request.blueprint == "public" or endpoint in RESIDENT_ENDPOINTS


def offered() -> tuple[str, ...]:
    """The languages this page can be read in."""
    return LANGUAGES if for_residents() else STAFF_LANGUAGES


def select_locale() -> str:
    """The language the visitor chose, when this page has it, else Dutch."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in offered() else "nl"


def current_language() -> str:
    """The code of the page's language, such as 'nl' or 'ar'."""
    return str(get_locale() or "nl")


def direction() -> str:
    """'rtl' for a language written from right to left, else 'ltr' (`<html dir>`)."""
    language = vocabulary.LANGUAGES.get(current_language())
    return "rtl" if language is not None and language.rtl else "ltr"


def translate(text: str) -> str:
    """What the system wrote, in the page's language: a Phrase (a reason, a domain error) through
    the gettext catalogue; any other text (a title, the person's own words) as it is."""
    if isinstance(text, Phrase):
        return text.render(gettext, current_language())
    return str(text)


def init_app(app: Flask) -> None:
    """Bind Flask-Babel; templates get the page's language, its direction, the languages to switch
    to, and `translate` (also a filter)."""
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories="translations",
        default_timezone=ZONE.key,  # format_date of a moment: the date in Zwolle
    )
    app.jinja_env.globals.update(
        current_language=current_language,
        direction=direction,
        page_languages=lambda: [vocabulary.LANGUAGES[code] for code in offered()],
        translate=translate,
    )
    app.jinja_env.filters["translate"] = translate
    app.jinja_env.filters["about_someone_else"] = about_someone_else
