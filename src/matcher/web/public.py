"""Pages for residents: find a plek step by step, or browse. No login, no cookie, nothing stored
but one more in the anonymous demand counters for a search (services/demand.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import contacts, db, geo, vocabulary
from matcher.catalogue.freshness import Audience
from matcher.catalogue.records import ActivityRecord
from matcher.errors import ValidationError
from matcher.profile import Profile, parse_profile
from matcher.services import cost_help, matching, reports
from matcher.web.access import EVERYONE, allow
from matcher.web.i18n import LANGUAGE_COOKIE, LANGUAGES, current_language
from matcher.web.numbers import whole_number
from matcher.web.searches import counted
from matcher.web.security import anonymous_form_ok, anonymous_form_token, is_local_path

bp = Blueprint("public", __name__)

# The supports a resident is asked about, in this order; for each they say whether they would
# rather have it ("liever") or need it ("moet": then nothing without it is shown).
SUPPORT_OPTIONS = (
    "prikkelarm",
    "kennismaken_met_maatje",
    "professional_bereikbaar",
    "kleine_groep",
    "rolstoeltoegankelijk",
)
NEED_LEVELS = ("liever", "moet")
FREE = "gratis"  # a limit on cost: only free activities
YES = "ja"
OTHER = "ander"  # `voor=ander`: someone searches for another person
STEPS = ("interesse", "hulp", "waar", "dagen")
NEED_FIELDS = tuple(f"steun_{code}" for code in SUPPORT_OPTIONS)
ANSWER_FIELDS = (
    "voor",
    "mantelzorg",
    "interesse",
    "anders",
    "hulp",
    *NEED_FIELDS,
    "geld",
    "leeftijd",
    "postcode",
    "wijk",
    "dag",
)
OLDEST = 120
RESULTS = 10


def answers(args: MultiDict[str, str]) -> MultiDict[str, str]:
    """The resident's answers so far, only the known fields and values.

    `hulp` holds "gratis", and in links from before the "moet" question a support the
    person would rather have.
    """
    kept: MultiDict[str, str] = MultiDict()
    allowed: dict[str, Any] = {
        "interesse": vocabulary.INTERESTS,
        "hulp": (*SUPPORT_OPTIONS, FREE),
        "dag": vocabulary.DAYS,
        "voor": (OTHER,),
        "mantelzorg": (YES,),
        "geld": (YES,),
        "leeftijd": [str(n) for n in range(OLDEST + 1)],
        **dict.fromkeys(NEED_FIELDS, NEED_LEVELS),
    }
    for field in ANSWER_FIELDS:
        for value in args.getlist(field):
            value = value.strip()[:200]
            if field == "leeftijd":
                value = value.lstrip("0") or value[:1]  # '07' is 7; an age is kept, never guessed
            if value and (field not in allowed or value in allowed[field]):
                kept.add(field, value)
    return kept


def age_of(given: MultiDict[str, str]) -> int | None:
    """The age the person gave (nothing when they left it out)."""
    return int(given["leeftijd"]) if given.get("leeftijd") else None


def resident_profile(given: MultiDict[str, str]) -> dict[str, Any]:
    """The profile (contract §3) the answers stand for."""
    other = given.get("anders", "")
    level = {code: given.get(f"steun_{code}") for code in SUPPORT_OPTIONS}
    rather = set(given.getlist("hulp")) | {code for code, need in level.items() if need == "liever"}
    required = [code for code in SUPPORT_OPTIONS if level[code] == "moet"]
    profile: dict[str, Any] = {
        "interests": given.getlist("interesse")
        + [w.strip() for w in other.split(",") if w.strip()],
        "wishes": other,
        "required": required,
        "preferred": [code for code in SUPPORT_OPTIONS if code in rather and code not in required],
        "days": given.getlist("dag"),
        "language": current_language(),
    }
    if FREE in given.getlist("hulp"):
        profile["max_cost_eur"] = 0
    if age_of(given) is not None:
        profile["age"] = age_of(given)
    if given.get("postcode"):
        profile["location"] = {"postcode": given["postcode"]}
    elif given.get("wijk"):
        profile["location"] = {"wijk": given["wijk"]}
    return profile


def location_error(error: ValidationError) -> dict[str, str]:
    """A profile error as a message next to the field the resident typed, in plain words."""
    if error.field == "location.postcode":
        return {
            "postcode": _(
                "We kennen deze postcode niet in Zwolle. Kijk of hij goed is, bijvoorbeeld 8022."
            )
        }
    if error.field == "location.wijk":
        return {"wijk": _("Kies een wijk uit de lijst.")}
    return {"anders": _("Dit is te lang. Schrijf het korter op.")}


@bp.get("/")
@allow(EVERYONE)
def start() -> str:
    """The start page: begin the questions, or look at everything."""
    return render_template("public/start.html", other=OTHER)


@bp.get("/zoeken")
@allow(EVERYONE)
def step() -> str:
    """One question at a time; earlier answers travel along in the link, never on the server."""
    given = answers(request.args)
    number = whole_number(request.args.get("stap")) or 1
    number = min(max(number, 1), len(STEPS))
    errors: dict[str, str] = {}
    typed_age = request.args.get("leeftijd", "").strip()[:20]
    if number > STEPS.index("hulp") + 1 and typed_age and "leeftijd" not in given:
        # An age in words or out of range is asked again, never dropped without a word.
        number = STEPS.index("hulp") + 1
        errors = {
            "leeftijd": _("Schrijf de leeftijd in cijfers, bijvoorbeeld 40. Of laat het leeg.")
        }
    elif number > STEPS.index("waar") + 1:
        errors = _check(given)
        if errors:
            number = STEPS.index("waar") + 1
    return render_template(
        "public/step.html",
        number=number,
        total=len(STEPS),
        name=STEPS[number - 1],
        given=given,
        typed_age=typed_age,
        errors=errors,
        support_options=SUPPORT_OPTIONS,
        wijken=list(geo.wijken()),
        hidden=_hidden(given, STEPS[number - 1]),
        back=_step_url(number - 1, given) if number > 1 else None,
    )


def _check(given: MultiDict[str, str]) -> dict[str, str]:
    try:
        parse_profile(resident_profile(given))
    except ValidationError as error:
        return location_error(error)
    return {}


_STEP_FIELDS = {
    "interesse": ("interesse", "anders", "mantelzorg"),
    "hulp": ("hulp", *NEED_FIELDS, "geld", "leeftijd"),
    "waar": ("postcode", "wijk"),
    "dagen": ("dag",),
}


def _hidden(given: MultiDict[str, str], step_name: str) -> list[tuple[str, str]]:
    """The answers of the other steps, carried in hidden fields."""
    own = _STEP_FIELDS[step_name]
    return [(k, v) for k, v in given.items(multi=True) if k not in own]


def _step_url(number: int, given: MultiDict[str, str]) -> str:
    """The link to a step with the answers so far."""
    return (
        url_for("public.step") + "?" + urlencode([("stap", str(number)), *given.items(multi=True)])
    )


@bp.get("/resultaten")
@allow(EVERYONE)
def results() -> str | tuple[str, int]:
    """The activities that fit, as cards; the link itself reproduces the list."""
    given = answers(request.args)
    try:
        profile = parse_profile(resident_profile(given))
    except ValidationError as error:
        return render_template(
            "public/step.html",
            number=3,
            total=len(STEPS),
            name="waar",
            given=given,
            errors=location_error(error),
            support_options=SUPPORT_OPTIONS,
            wijken=list(geo.wijken()),
            hidden=_hidden(given, "waar"),
            back=_step_url(2, given),
        ), 422
    session = db.session()
    if given.get("geld") == YES:
        profile = replace(profile, affordable_eur=cost_help.affordable_eur(session, profile.age))
    found = matching.match(session, profile, RESULTS, audience=Audience.RESIDENTS)
    excluded = matching.cost_excluded_all(session, profile, found, Audience.RESIDENTS)
    answer = counted(profile, found, excluded)
    query = urlencode(list(given.items(multi=True)))
    link = url_for("public.results", _external=True) + "?" + query
    carers = given.get("mantelzorg") == YES and given.get("voor") == OTHER
    return render_template(
        "public/results.html",
        answer=answer,
        given=given,
        link=link,
        query=query,
        change=_step_url(1, given),
        contacts=contacts.for_wijk(_wijk_of(profile)),
        helps=cost_help.for_age(session, profile.age),
        age=profile.age,
        other=given.get("voor") == OTHER,
        cost_excluded=excluded,
        carers=matching.for_carers(session, profile.location) if carers else [],
    )


def _wijk_of(profile: Profile) -> str | None:
    """The wijk the resident gave, or the one their postcode lies in."""
    if "postcode" in profile.location:
        return geo.postcode_area(profile.location["postcode"]).wijk
    wijk = profile.location.get("wijk")
    return str(wijk) if wijk else None


@bp.get("/activiteit/<activity_id>")
@allow(EVERYONE)
def activity(activity_id: str) -> str:
    """Everything about one activity."""
    record = matching.record(db.session(), activity_id)
    if record is None:
        abort(404)
    given = answers(request.args)
    return render_template(
        "public/activity.html",
        activity=record,
        way_back=_way_back(given),
        contacts=contacts.for_wijk(None),
        helps=cost_help.for_age(db.session(), age_of(given)),
        age=age_of(given),
        other=given.get("voor") == OTHER,
    )


LIST = "lijst"  # `lijst=alle` on a detail page's link: the person came from the whole catalogue
BROWSE_FILTERS = ("interesse", "wijk", "dag", "hulp", "kosten", "pagina")


def _way_back(given: MultiDict[str, str]) -> tuple[str, bool]:
    """Where "Terug naar je lijst" leads: the list the person came from, with their answers or
    filters, and whether there was such a list (else: to all activities)."""
    if request.args.get(LIST) == "alle":
        kept = [(k, v) for k in BROWSE_FILTERS for v in request.args.getlist(k)]
        return url_for("public.browse") + ("?" + urlencode(kept) if kept else ""), True
    if set(given) - {"voor", "leeftijd"}:
        return url_for("public.results") + "?" + urlencode(list(given.items(multi=True))), True
    return url_for("public.browse"), False


def _report_page(record: ActivityRecord, text: str, errors: dict[str, str]) -> str:
    return render_template(
        "public/report.html",
        activity=record,
        text=text,
        errors=errors,
        token=anonymous_form_token(_report_form(record.id)),
        longest=reports.REPORT_MAX,
    )


def _report_form(activity_id: str) -> str:
    return f"fout-melden:{activity_id}"


@bp.route("/activiteiten/<activity_id>/fout-melden", methods=["GET", "POST"])
@allow(EVERYONE)
def report_error(activity_id: str) -> str | tuple[str, int] | WerkzeugResponse:
    """'Klopt er iets niet?': anyone says in a few words what is wrong with an entry.

    No account, name or e-mail; nothing is kept but the entry, the text and when.
    """
    text = request.form.get("tekst", "")
    record = matching.record(db.session(), activity_id)
    token = request.form.get("csrf_token")
    if request.method == "POST" and not anonymous_form_ok(_report_form(activity_id), token):
        if record is None:
            abort(400)
        expired = _("Je formulier was verlopen. Kijk of je tekst klopt en verstuur hem opnieuw.")
        return _report_page(record, text, {"tekst": expired}), 400
    if record is None:
        abort(404)
    if request.method == "GET":
        return _report_page(record, "", {})
    try:
        reports.report(db.session(), activity_id, text)
    except ValidationError as error:
        return _report_page(record, text, {"tekst": error.message}), 422
    return redirect(url_for("public.report_sent", activity_id=activity_id), code=303)


@bp.get("/activiteiten/<activity_id>/fout-melden/bedankt")
@allow(EVERYONE)
def report_sent(activity_id: str) -> str:
    """Thanks, and the way back to the activity."""
    record = matching.record(db.session(), activity_id)
    if record is None:
        abort(404)
    return render_template("public/report_sent.html", activity=record)


@bp.get("/activiteiten")
@allow(EVERYONE)
def browse() -> str:
    """The whole catalogue, filtered by interest, wijk, day, support and cost, a page at a time."""
    chosen = {
        "interesse": _choice("interesse", vocabulary.INTERESTS),
        "wijk": _choice("wijk", geo.wijken()),
        "dag": _choice("dag", vocabulary.DAYS),
        "hulp": _choice("hulp", vocabulary.SUPPORTS),
        "kosten": _choice("kosten", {"gratis": True}),
    }
    shown = matching.browse_page(
        db.session(),
        whole_number(request.args.get("pagina")) or 1,
        current_app.config["PAGE_SIZE"],
        wijk=chosen["wijk"],
        interest=chosen["interesse"],
        day=chosen["dag"],
        support=chosen["hulp"],
        free=chosen["kosten"] == "gratis",
    )
    listed = [(LIST, "alle"), *((k, v) for k, v in chosen.items() if v)]
    if shown.number > 1:
        listed.append(("pagina", str(shown.number)))
    return render_template(
        "public/browse.html",
        query=urlencode(listed),
        activities=shown.activities,
        total=shown.total,
        page=shown.number,
        pages=shown.pages,
        chosen=chosen,
        filters={k: v for k, v in chosen.items() if v},
        wijken=list(geo.wijken()),
    )


def _choice(name: str, allowed: Any) -> str | None:
    # An unknown value in a filter is ignored rather than an error: a link may be old.
    value = request.args.get(name, "")
    return value if value in allowed else None


@bp.get("/privacy")
@allow(EVERYONE)
def privacy() -> str:
    """The privacy statement, in plain Dutch."""
    return render_template("public/privacy.html")


@bp.get("/toegankelijkheid")
@allow(EVERYONE)
def accessibility() -> str:
    """The accessibility statement."""
    return render_template("public/toegankelijkheid.html")


@bp.post("/taal")
@allow(EVERYONE)
def language() -> WerkzeugResponse:
    """Switch the pages' language; the choice is kept in a cookie and nowhere else.

    On a question the answers come along as fields (static/app.js adds the ones on the page, not
    sent yet) and go back into the link, as the questions themselves carry them.
    """
    chosen = request.form.get("taal", "nl")
    back = request.form.get("terug", "/")
    if not is_local_path(back):
        back = "/"  # only back to a page of this site
    kept = answers(request.form)
    if kept:
        back += ("&" if "?" in back else "?") + urlencode(list(kept.items(multi=True)))
    response = redirect(back, code=303)
    if chosen in LANGUAGES and chosen != "nl":
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )
    else:
        response.delete_cookie(LANGUAGE_COOKIE)
    return response
