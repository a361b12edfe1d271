"""/.well-known/security.txt (RFC 9116): where to report a vulnerability."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, current_app

from matcher.web.access import EVERYONE, allow

bp = Blueprint("wellknown", __name__, url_prefix="/.well-known")


@bp.get("/security.txt")
@allow(EVERYONE)
def security_txt() -> Response:
    """Contact, expiry (a year ahead, so it never goes stale unnoticed) and the disclosure policy."""
    expires = (dt.datetime.now(dt.UTC) + dt.timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: {current_app.config['SECURITY_CONTACT']}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: nl, en",
        f"Policy: {current_app.config['SECURITY_POLICY_URL']}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
