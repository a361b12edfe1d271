"""What every template can use: vocabulary lookups in the page's language, icons, formats."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

from flask import Flask, request, url_for
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from matcher import clock, vocabulary
from matcher.catalogue import freshness
from matcher.catalogue.records import ActivityRecord
from matcher.catalogue.schedule import Slot
from matcher.phrases import Param, Phrase
from matcher.ranking.explain import distance
from matcher.web.i18n import current_language, translate
from matcher.web.icons import icon_for, mirrored

TABLES = {
    "interest": vocabulary.INTERESTS,
    "support": vocabulary.SUPPORTS,
    "expertise": vocabulary.EXPERTISE,
    "vorm": vocabulary.VORMEN,
    "aanbod": vocabulary.AANBOD,
    "status": vocabulary.STATUSES,
    "day": vocabulary.DAYS,
    "area": vocabulary.AREAS,
    "role": vocabulary.MEMBER_ROLES,
    "helper": vocabulary.HELPERS,
    "network_help": vocabulary.NETWORK_HELP,
    "result": vocabulary.RESULTS,
}


COMPONENTS = {
    "interest": _l("Interesse"),
    "text": _l("Tekst lijkt op de wens"),
    "preferred": _l("Liever-wel-steun"),
    "expertise": _l("Deskundigheid"),
    "distance": _l("Afstand"),
    "days": _l("Dagen"),
    "vorm": _l("Vorm van meedoen"),
    "language": _l("Taal"),
    "aanbod": _l("Soort aanbod"),
    "cost": _l("Kosten"),
    "geld": _l("Te betalen"),
    "wachtlijst": _l("Wachtlijst"),
    "niet_bevestigd": _l("Niet recent bevestigd"),
    "variatie": _l("Variatie in organisaties"),
}


def component(name: str) -> str:
    """The name of a score component for the breakdown."""
    return str(COMPONENTS.get(name, name))


def label(kind: str, code: str) -> str:
    """The label of a code in the page's language (the Dutch label is the message id)."""
    return str(_(TABLES[kind][code].label))


def term(kind: str, code: str) -> str:
    """The professionals' word for a code (consult pages), in the page's language."""
    return str(_(TABLES[kind][code].term))


def explanation(kind: str, code: str) -> str:
    """The plain explanation of a code in the page's language."""
    return str(_(TABLES[kind][code].explanation))


def cost(value: Decimal | None) -> str:
    """'Gratis', '€ 2,50 per maand', or 'Vraag het na' when unknown."""
    if value is None:
        return str(_("Vraag het na"))
    if value == 0:
        return str(_("Gratis"))
    amount = f"{value:.2f}"
    if current_language() == "nl":
        amount = amount.replace(".", ",")
    return str(_("€ %(amount)s per maand", amount=amount))


def number(value: float) -> str:
    """A number with two decimals in the page's language: '0,26' in Dutch, '0.26' in English."""
    return str(format_decimal(value, format="0.00"))


def slot(value: Slot) -> str:
    """'dinsdag 10:00 tot 12:00'."""
    start, end = f"{value.start:%H:%M}", f"{value.end:%H:%M}"
    return str(
        _("%(day)s %(start)s tot %(end)s", day=label("day", value.day), start=start, end=end)
    )


def freshness_of(activity: ActivityRecord) -> freshness.State:
    """How fresh an entry is today: whether its organisation confirmed it lately."""
    return freshness.state(activity.last_verified, clock.today())


def long_date(value: dt.date) -> str:
    """'12 maart 2025', in the page's language."""
    return str(format_date(value, format="long"))


def local_time(moment: dt.datetime | None, pattern: str = "%d-%m-%Y %H:%M") -> str:
    """A stored moment as Zwolle's clock shows it, e.g. '28-03-2026 14:05'; nothing for None."""
    return clock.local(moment).strftime(pattern) if moment else ""


def writing_direction(text: str) -> str:
    """'rtl' or 'ltr' by the first letter with a direction: a person's own words keep their
    direction on a page in another language (WeasyPrint does not read dir="auto")."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def plain_reason(reason: str) -> str:
    """A reason that names a chosen interest by its code ('zingeving') names it by the label the
    person chose it by ('praten over het leven'): the same words as on the question."""
    if not isinstance(reason, Phrase):
        return reason
    params = {name: _plain_word(value) for name, value in reason.params.items()}
    return Phrase(reason.msgid, params, in_sentence=reason.in_sentence)


def _plain_word(value: Param) -> Param:
    if isinstance(value, str) and not isinstance(value, Phrase) and value in vocabulary.INTERESTS:
        return Phrase(vocabulary.INTERESTS[value].label, in_sentence=True)
    return value


def icon_url(code: str) -> str:
    """The address of a code's icon in the sprite."""
    return url_for("static", filename="icons.svg") + "#" + icon_for(code)


def init_app(app: Flask) -> None:
    """Register the helpers as template globals."""
    app.jinja_env.globals.update(
        label=label,
        term=term,
        explanation=explanation,
        component=component,
        cost=cost,
        number=number,
        slot=slot,
        icon_url=icon_url,
        mirrored=mirrored,
        freshness=freshness_of,
        long_date=long_date,
        writing_direction=writing_direction,
        km=lambda value: translate(distance(value)),
        vocabulary=vocabulary,
        current_path=lambda: request.full_path.rstrip("?"),
    )
    app.jinja_env.filters["local"] = local_time
    app.jinja_env.filters["plain_reason"] = plain_reason
