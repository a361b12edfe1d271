"""Each request is one unit of work (services/unit_of_work.py): kept when its answer is a success."""

from __future__ import annotations

from flask import Flask, Response, g

from matcher.services import unit_of_work


def finish_request(response: Response) -> Response:
    """After the answer is made: keep the request's writes for a success, undo them otherwise."""
    database = g.get("db_session")
    if database is not None:
        unit_of_work.finish(database, succeeded=response.status_code < 400)
    return response


def init_app(app: Flask) -> None:
    """Finish every request's unit of work."""
    app.after_request(finish_request)
