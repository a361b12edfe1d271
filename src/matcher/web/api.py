"""The JSON API: /api/v1/match and the catalogue entries (contract §5)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import UnsupportedMediaType

from matcher import clock, db, jsoninput
from matcher.catalogue import freshness
from matcher.catalogue.records import ActivityRecord, record_to_json
from matcher.errors import NotFound, TooLarge, ValidationError
from matcher.profile import parse_profile
from matcher.services import catalogue, matching
from matcher.web.access import EVERYONE, allow, reads_only
from matcher.web.errors import too_large_message
from matcher.web.numbers import whole_number

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_TOP = 100
MAX_PAGE = 1_000_000
MAX_PER_PAGE = 1000


def _json_body() -> dict[str, Any]:
    if not request.is_json:
        raise UnsupportedMediaType("stuur het profiel als application/json")
    body = jsoninput.loads(_body_bytes())
    if not isinstance(body, dict):
        raise ValidationError(None, "een profiel is een JSON-object {...}")
    return body


def _body_bytes() -> bytes:
    """The body, refusing one over MAX_CONTENT_LENGTH also when it comes chunked.

    Werkzeug checks a Content-Length against the limit, but a chunked body (no Content-Length)
    is only cut off at the limit: read to the end it would arrive truncated, as if malformed.
    """
    limit: int | None = current_app.config["MAX_CONTENT_LENGTH"]
    if limit is None:
        return request.stream.read()
    body = request.stream.read(limit)
    # At the limit werkzeug's stream refuses to read on when the body is chunked (413); with a
    # Content-Length it answers b"" at the end. Either way one byte more means too large.
    if len(body) >= limit and request.stream.read(1):
        raise TooLarge(None, too_large_message())
    return body


def _top(body: dict[str, Any]) -> int:
    top = body.pop("top", 10)
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
        raise ValidationError("top", f"verwacht een heel getal van 1 tot en met {MAX_TOP}")
    return top


@bp.post("/match")
@allow(EVERYONE)
@reads_only
def match() -> Response:
    """Rank the catalogue for the profile in the body."""
    body = _json_body()
    top = _top(body)
    index = matching.latest_index(db.engine(), db.session)
    answer = matching.match_in(index, parse_profile(body), top)
    return jsonify(answer.to_dict())


def _page_argument(name: str, default: int, maximum: int) -> int:
    value = whole_number(request.args.get(name, str(default)))
    if value is None or not 1 <= value <= maximum:
        raise ValidationError(name, f"verwacht een heel getal van 1 tot en met {maximum}")
    return value


@bp.get("/activities")
@allow(EVERYONE)
def activities() -> Response:
    """The catalogue entries, a page at a time."""
    page = _page_argument("page", 1, MAX_PAGE)
    per_page = _page_argument("per_page", current_app.config["API_PAGE_SIZE"], MAX_PER_PAGE)
    records, total = matching.catalogue_page(db.session(), page, per_page)
    return jsonify(
        {
            "activities": [_entry(r) for r in records],
            "total": total,
            "page": page,
            "per_page": per_page,
        }
    )


@bp.get("/activities/<activity_id>")
@allow(EVERYONE)
def activity(activity_id: str) -> Response:
    """One catalogue entry."""
    record = catalogue.get_record(db.session(), activity_id)
    if record is None:
        raise NotFound("id", f"er is geen activiteit met id '{activity_id}'")
    return jsonify(_entry(record))


def _entry(record: ActivityRecord) -> dict[str, Any]:
    """An entry in the catalogue's JSON form, flagged when not confirmed for 12 months."""
    found = freshness.state(record.last_verified, clock.today())
    return {**record_to_json(record), **freshness.flag(found)}


@bp.get("/openapi.json")
@allow(EVERYONE)
def openapi_document() -> Response:
    """The OpenAPI 3.1 document of this API."""
    # Imported here: the document reads this module's limits.
    from matcher.web.openapi import document

    return jsonify(document(current_app.config["API_PAGE_SIZE"]))
