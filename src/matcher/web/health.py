"""/healthz for load balancers and monitoring, /metrics for a Prometheus scraper (docs/deploy.md).

/healthz is for everyone: a load balancer does not log in, and it tells nothing a visitor could
use (no addresses, names, versions of software or errors). /metrics is off unless
MATCHER_METRICS_TOKEN is set, and then answers only a scraper that sends that token.
"""

from __future__ import annotations

import hmac
import os
import time
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, request

from matcher import db
from matcher.services import health
from matcher.web.access import EVERYONE, allow

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@allow(EVERYONE)
def healthz() -> tuple[Response, int]:
    """200 when the database answers, else 503; the catalogue's version and the index's age."""
    found = health.check(db.session())
    if not found.database:
        return jsonify(status="unavailable", database="unreachable"), 503
    built = found.index_built_at
    body = {
        "status": "ok",
        "database": "ok",
        "catalogue": {
            "version": found.catalogue_version,
            "changed_at": found.catalogue_changed_at.isoformat()
            if found.catalogue_changed_at
            else None,
            "activities": found.activities,
        },
        "index": {
            "version": found.index_version,
            "age_seconds": None if built is None else round(time.time() - built, 1),
            "current": found.index_version == found.catalogue_version,
        },
    }
    return jsonify(body), 200


@bp.get("/metrics")
@allow(EVERYONE)
def metrics() -> Response:
    """The health figures in Prometheus' text format, for a scraper with the token."""
    token = current_app.config["METRICS_TOKEN"]
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        answer = Response("token nodig\n", 401, mimetype="text/plain")
        answer.headers["WWW-Authenticate"] = 'Bearer realm="matcher metrics"'
        return answer
    return Response(_exposition(health.check(db.session())), mimetype="text/plain; version=0.0.4")


def _exposition(found: health.Health) -> str:
    worker = f'{{pid="{os.getpid()}"}}'
    lines: list[str] = []

    def gauge(name: str, help_text: str, value: float | None, labels: str = "") -> None:
        if value is not None:
            lines.extend(
                [f"# HELP {name} {help_text}", f"# TYPE {name} gauge", f"{name}{labels} {value}"]
            )

    gauge("matcher_database_up", "1 when the database answered this scrape.", int(found.database))
    gauge("matcher_catalogue_version", "The catalogue's version.", found.catalogue_version)
    gauge("matcher_catalogue_activities", "Activities in the catalogue.", found.activities)
    changed = found.catalogue_changed_at
    gauge(
        "matcher_catalogue_changed_timestamp_seconds",
        "When the catalogue last changed.",
        changed.timestamp() if changed else None,
    )
    gauge(
        "matcher_index_version",
        "The catalogue version of the answering worker's index.",
        found.index_version,
        worker,
    )
    gauge(
        "matcher_index_built_timestamp_seconds",
        "When the answering worker built its index.",
        found.index_built_at,
        worker,
    )
    gauge(
        "matcher_process_resident_memory_bytes",
        "Resident memory of the answering worker.",
        _resident_bytes(),
        worker,
    )
    return "\n".join(lines) + "\n"


def _resident_bytes() -> int | None:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None  # not Linux: left out rather than guessed
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return None
