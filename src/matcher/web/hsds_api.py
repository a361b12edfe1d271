"""The HSDS 3.0 read API at /api/hsds/v3: the catalogue as open data (docs/open-data.md).

Public and read-only: the services, taxonomies and terms the catalogue publishes anyway, in the
paths and shapes of Open Referral's API reference. Errors have the API's one shape and name the
parameter.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from matcher import db
from matcher.catalogue import hsds
from matcher.errors import NotFound, ValidationError
from matcher.services import open_data
from matcher.services.open_data import Page, ServiceFilter
from matcher.web.access import EVERYONE, allow
from matcher.web.api import MAX_PAGE, MAX_PER_PAGE
from matcher.web.numbers import whole_number

bp = Blueprint("hsds_api", __name__, url_prefix="/api/hsds/v3")

MAX_SEARCH = 200
BOOLEANS = {"true": True, "false": False}


def _page() -> Page:
    size = current_app.config["API_PAGE_SIZE"]
    return Page(_whole("page", 1, MAX_PAGE), _whole("per_page", size, MAX_PER_PAGE))


def _whole(name: str, default: int, maximum: int) -> int:
    value = whole_number(request.args.get(name, str(default)))
    if value is None or not 1 <= value <= maximum:
        raise ValidationError(name, f"verwacht een heel getal van 1 tot en met {maximum}")
    return value


def _search() -> str:
    search = request.args.get("search", "")
    if len(search) > MAX_SEARCH:
        raise ValidationError("search", f"te lang: hooguit {MAX_SEARCH} tekens")
    return search


def _uuid(name: str) -> str | None:
    value = request.args.get(name)
    if value is not None and not hsds.is_uuid(value):
        raise ValidationError(name, f"'{value}' is geen UUID (kleine letters, met streepjes)")
    return value


def _boolean(name: str) -> bool:
    value = request.args.get(name, "false")
    if value not in BOOLEANS:
        raise ValidationError(name, "verwacht true of false")
    return BOOLEANS[value]


def _listed(items: list[Any]) -> Response:
    shown, paging = _page().of(items)
    return jsonify({**paging, "contents": shown})


@bp.get("/")
@allow(EVERYONE)
def about() -> Response:
    """Which HSDS this API speaks, and where its OpenAPI document is."""
    return jsonify(
        {
            "version": hsds.HSDS_VERSION,
            "openapi_url": url_for("api.openapi_document", _external=True),
        }
    )


@bp.get("/services")
@allow(EVERYONE)
def services() -> Response:
    """The services, a page at a time, narrowed by words, a term, a taxonomy or an organisation."""
    wanted = ServiceFilter(
        search=_search(),
        taxonomy_term_id=_uuid("taxonomy_term_id"),
        taxonomy_id=_uuid("taxonomy_id"),
        organization_id=_uuid("organization_id"),
    )
    full = _boolean("full")
    page = _page()
    found = open_data.services(db.session(), wanted)
    shown, paging = page.of(found)
    contents = [hsds.service(r) if full else open_data.summary(r) for r in shown]
    return jsonify({**paging, "contents": contents})


@bp.get("/services/<service_id>")
@allow(EVERYONE)
def service(service_id: str) -> Response:
    """One service with everything about it (service_full)."""
    found = open_data.service(db.session(), service_id)
    if found is None:
        raise NotFound("id", f"er is geen dienst met id '{service_id}'")
    return jsonify(found)


@bp.get("/taxonomies")
@allow(EVERYONE)
def taxonomies() -> Response:
    """The matcher's vocabulary as taxonomies."""
    return _listed(open_data.taxonomies(_search()))


@bp.get("/taxonomy_terms")
@allow(EVERYONE)
def taxonomy_terms() -> Response:
    """The codes of the vocabulary as taxonomy terms, of one taxonomy when asked."""
    return _listed(open_data.taxonomy_terms(_search(), _uuid("taxonomy_id")))
