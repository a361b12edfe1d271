"""Pages for residents: browse the catalogue (no login, nothing stored)."""

from __future__ import annotations

import math

from flask import Blueprint, current_app, render_template, request

from matcher import db, geo, vocabulary
from matcher.ranking.browse import browse
from matcher.services import matching

bp = Blueprint("public", __name__)


def _choice(name: str, allowed: dict[str, str]) -> str | None:
    # An unknown value in a filter is ignored rather than an error: a link may be old.
    value = request.args.get(name, "")
    return value if value in allowed else None


@bp.get("/")
def index() -> str:
    """The catalogue, filterable by wijk and interest."""
    wijken = {name: name for name in geo.wijken()}
    interests = {code: term.label for code, term in vocabulary.INTERESTS.items()}
    wijk, interest = _choice("wijk", wijken), _choice("interesse", interests)
    catalogue = matching.current_index(db.session())
    positions = browse(catalogue, wijk, interest)
    size = current_app.config["PAGE_SIZE"]
    pages = max(1, math.ceil(len(positions) / size))
    page = min(max(request.args.get("pagina", 1, type=int) or 1, 1), pages)
    shown = [catalogue.records[i] for i in positions[(page - 1) * size : page * size]]
    return render_template(
        "public/index.html", activities=shown, total=len(positions), page=page, pages=pages,
        wijk=wijk, interest=interest, wijken=wijken, interests=interests, vocabulary=vocabulary,
    )  # fmt: skip
