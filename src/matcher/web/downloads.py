"""Files a user saves: exports, papers and plans."""

from __future__ import annotations

import io

from flask import Response, send_file


def attachment(body: str | bytes, name: str, mimetype: str) -> Response:
    """The body as a file to save under its name (a name in any script, as RFC 6266 allows)."""
    data = body.encode() if isinstance(body, str) else body
    return send_file(io.BytesIO(data), mimetype, as_attachment=True, download_name=name)
