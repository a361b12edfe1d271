"""The JSON API over real HTTP through the test client."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from werkzeug.serving import make_server

from tests.conftest import EVAL_PERSONAS

MILAN = json.loads(EVAL_PERSONAS.read_text())[0]["profile"]


class _AnyString(str):
    def __eq__(self, other: Any) -> bool:
        return isinstance(other, str)

    __hash__ = str.__hash__


ANY_STRING = _AnyString()


@pytest.fixture
def api(client: FlaskClient, imported: FlaskCliRunner) -> FlaskClient:
    return client


def test_it_answers_a_match_in_the_contract_shape(api: FlaskClient) -> None:
    response = api.post("/api/v1/match", json={**MILAN, "top": 3})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"fit", "results", "near_misses", "considered"}
    assert body["considered"] == 90
    assert len(body["results"]) == 3
    first = body["results"][0]
    keys = {"id", "title", "score", "fit", "distance_km", "reasons", "matched", "missing"}
    assert set(first) == keys
    assert body["fit"] == first["fit"] == "goed"
    assert set(first["matched"]) == {"interests", "words", "supports"}
    assert "kringloop" in first["matched"]["words"]
    assert any(r.startswith("past bij je interesse") for r in first["reasons"])
    assert {"id", "title", "score", "would_fit_with"} == set(body["near_misses"][0])
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("profile", "fit", "results"),
    [
        ({}, "goed", 10),  # nothing asked in words: answered on the other fields
        ({"interests": ["xqwzrtv", "plmbrgk"]}, "geen", 0),  # gibberish
        ({"interests": ["de", "het", "een"], "wishes": "en of maar"}, "geen", 0),  # stop words
        ({"interests": [f"woord{i}" for i in range(30)]}, "geen", 0),  # as many as allowed
        ({"interests": ["koken"], "wishes": "samen koken " * 80}, "goed", 10),  # 960 characters
    ],
)
def test_it_answers_odd_questions_honestly(
    api: FlaskClient, profile: dict[str, Any], fit: str, results: int
) -> None:
    response = api.post("/api/v1/match", json=profile)
    assert response.status_code == 200
    body = response.get_json()
    assert body["fit"] == fit and len(body["results"]) == results


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        ({"interests": [f"woord{i}" for i in range(50)]}, "interests"),
        ({"wishes": "x" * 5000}, "wishes"),
    ],
)
def test_it_names_the_field_of_a_profile_too_large_to_answer(
    api: FlaskClient, profile: dict[str, Any], field: str
) -> None:
    response = api.post("/api/v1/match", json=profile)
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == field


@pytest.mark.parametrize(
    ("profile", "field", "fragment"),
    [
        ({"interests": "koken"}, "interests", "lijst"),
        ({"required": ["rustig"]}, "required", "'rustig'"),
        ({"preferred": ["kleine_groep", 3]}, "preferred.1", "tekst"),
        ({"location": {"postcode": "9999"}}, "location.postcode", "onbekende postcode '9999'"),
        ({"location": {"wijk": "Hanzeland"}}, "location.wijk", "onbekende wijk 'Hanzeland'"),
        ({"location": {"lat": 52.5}}, "location", "beide"),
        ({"max_km": -1}, "max_km", "negatief"),
        ({"max_km": "5"}, "max_km", "getal"),
        ({"days": ["maandag"]}, "days", "'maandag'"),
        ({"age": 12.5}, "age", "heel getal"),
        ({"include_maatwerk": "ja"}, "include_maatwerk", "true of false"),
        ({"intrests": ["koken"]}, "intrests", "onbekend veld"),
        ({"top": 0}, "top", "1 tot en met 100"),
    ],
)
def test_it_names_the_field_of_a_bad_profile(
    api: FlaskClient, profile: dict[str, object], field: str, fragment: str
) -> None:
    response = api.post("/api/v1/match", json=profile)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == field
    assert fragment in error["message"]


def test_it_refuses_what_is_not_json(api: FlaskClient) -> None:
    response = api.post("/api/v1/match", data="interests=koken")
    assert response.status_code == 415
    assert "application/json" in response.get_json()["error"]["message"]


def not_json(where: str) -> dict[str, object]:
    return {"error": {"field": None, "message": f"geen geldige JSON ({where})"}}


NOT_AN_OBJECT = {"error": {"field": None, "message": "een profiel is een JSON-object {...}"}}


@pytest.mark.parametrize(
    ("body", "status", "answer"),
    [
        ("{kapot", 400, not_json("regel 1, teken 2")),  # not JSON at all (docs/api.md)
        ("", 400, not_json("regel 1, teken 1")),
        ("[1, 2]", 422, NOT_AN_OBJECT),
        ("null", 422, NOT_AN_OBJECT),
        ('"koken"', 422, NOT_AN_OBJECT),
    ],
)
def test_it_refuses_a_body_that_is_not_a_profile(
    api: FlaskClient, body: str, status: int, answer: dict[str, object]
) -> None:
    response = api.post("/api/v1/match", data=body, content_type="application/json")
    assert response.status_code == status
    assert response.get_json() == answer


def test_it_lists_catalogue_entries_a_page_at_a_time(api: FlaskClient) -> None:
    body = api.get("/api/v1/activities?per_page=25&page=4").get_json()
    assert body["total"] == 90 and len(body["activities"]) == 15
    assert api.get("/api/v1/activities?page=0").status_code == 422


def test_it_returns_one_catalogue_entry(api: FlaskClient) -> None:
    body = api.get("/api/v1/activities/taalcafe-binnenstad").get_json()
    assert body["title"] == "Taalcafé Binnenstad"
    assert body["languages"] == ["nl", "en", "ar"]
    assert body["schedule"][0] == {"day": "wo", "start": "14:00", "end": "16:00"}


def test_it_answers_404_in_json_for_an_unknown_activity(api: FlaskClient) -> None:
    response = api.get("/api/v1/activities/bestaat-niet")
    assert response.status_code == 404
    assert response.get_json()["error"]["field"] == "id"


def test_it_answers_404_in_json_for_an_unknown_api_path(api: FlaskClient) -> None:
    response = api.get("/api/v1/onbekend")
    assert response.status_code == 404 and "error" in response.get_json()


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ("[" * 100_000, None, "te diep genest"),  # was a RecursionError: 500
        ('{"interests": ' + "[" * 3_000 + "]" * 3_000 + "}", "interests", "te diep genest"),
        ('{"top": ' + "9" * 4_301 + "}", "top", "te lang"),
        ('{"max_km": 1e999}', "max_km", "te groot"),
        ('{"wishes": "\\ud800"}', "wishes", "Unicode"),  # was pydantic's English message
        ('{"interests": ["koken", "\\udfff"]}', "interests.1", "Unicode"),
        ("[1, 2]", None, "JSON-object"),
    ],
)
def test_it_refuses_hostile_json_with_a_dutch_message_naming_the_field(
    api: FlaskClient, body: str, field: str | None, fragment: str
) -> None:
    response = api.post("/api/v1/match", data=body, content_type="application/json")
    assert response.status_code == 422
    assert response.get_json() == {"error": {"field": field, "message": ANY_STRING}}
    assert fragment in response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("{kapot", None),
        ("", None),
        ('{"interests": ["koken"]', None),
        ('{"max_km": NaN}', "max_km"),
    ],
)
def test_it_answers_400_to_a_body_that_is_not_json(
    api: FlaskClient, body: str, field: str | None
) -> None:
    response = api.post("/api/v1/match", data=body, content_type="application/json")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["field"] == field and "JSON" in error["message"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("per_page=³", "per_page"),
        ("page=" + "9" * 4_301, "page"),
        ("page=٣", "page"),
        ("per_page=1_0", "per_page"),
        ("page=%201", "page"),
        ("per_page=1001", "per_page"),
    ],
)
def test_it_reads_page_numbers_in_ascii_digits_only(
    api: FlaskClient, query: str, field: str
) -> None:
    response = api.get(f"/api/v1/activities?{query}")
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == field


def test_it_answers_413_in_dutch_to_a_body_over_the_limit(api: FlaskClient) -> None:
    body = '{"wishes": "' + "a" * (3 * 1024 * 1024) + '"}'
    response = api.post("/api/v1/match", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"] == {
        "field": None,
        "message": "het verzoek is te groot: hoogstens 2048 kB",
    }


@pytest.mark.parametrize(
    ("method", "path", "status", "fragment"),
    [
        ("GET", "/api/v1/onbekend", 404, "bestaat niet"),
        ("GET", "/api/v1/match", 405, "methode"),
        ("DELETE", "/api/v1/activities", 405, "methode"),
    ],
)
def test_it_answers_http_errors_in_dutch(
    api: FlaskClient, method: str, path: str, status: int, fragment: str
) -> None:
    response = api.open(path, method=method)
    assert response.status_code == status
    assert fragment in response.get_json()["error"]["message"]


@pytest.fixture
def server(app: Flask, imported: FlaskCliRunner) -> Iterator[int]:
    """The app behind werkzeug's own HTTP server on a free port, for what the test client skips."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_port
    httpd.shutdown()
    thread.join()


def post_chunked(port: int, path: str, chunks: Iterator[bytes]) -> tuple[int, bytes]:
    """POST with Transfer-Encoding: chunked (no Content-Length); the status and body of the answer.

    The server may answer (and close) before the whole body is sent, so the body goes out from
    another thread while this one reads the answer.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"
        )

        def send() -> None:
            try:
                connection.sendall(head.encode())
                for chunk in chunks:
                    connection.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                connection.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the server stopped reading: its answer says why

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        # The answer is read by its Content-Length: werkzeug keeps the connection open while it
        # drains what the client still sends.
        answer = connection.makefile("rb")
        status = int(answer.readline().split()[1])
        lines = iter(answer.readline, b"\r\n")
        headers = dict(line.decode().strip().split(": ", 1) for line in lines)
        body = answer.read(int(headers["Content-Length"]))
        sender.join(timeout=30)
    return status, body


def test_it_answers_413_to_a_chunked_body_over_the_limit(server: int) -> None:
    def ten_megabytes() -> Iterator[bytes]:
        yield b'{"wishes": "'
        yield from (b"a" * 65536 for _ in range(160))
        yield b'"}'

    status, body = post_chunked(server, "/api/v1/match", ten_megabytes())
    assert status == 413  # was 422: werkzeug cut the body off at the limit, unreadable JSON
    assert json.loads(body)["error"]["message"] == "het verzoek is te groot: hoogstens 2048 kB"


def test_it_reads_a_chunked_body_under_the_limit(server: int) -> None:
    profile = json.dumps({**MILAN, "top": 2}).encode()
    status, body = post_chunked(server, "/api/v1/match", iter([profile[:10], profile[10:]]))
    assert status == 200 and len(json.loads(body)["results"]) == 2


def test_it_says_in_dutch_when_to_come_back_after_too_many_requests(
    app: Flask, api: FlaskClient
) -> None:
    app.config.update(RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="1 per minute")
    from matcher.web.limits import limiter

    limiter.init_app(app)  # re-read the switched-on configuration
    api.post("/api/v1/match", json={})
    response = api.post("/api/v1/match", json={})
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "wacht zo lang als Retry-After zegt" in response.get_json()["error"]["message"]


def test_it_keeps_answering_and_limiting_while_the_shared_limit_store_is_down(
    app: Flask, api: FlaskClient
) -> None:
    with socket.socket() as probe:  # a port where no Redis listens
        probe.bind(("127.0.0.1", 0))
        nowhere = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    app.config.update(
        RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="1 per minute", RATELIMIT_STORAGE_URI=nowhere
    )
    from matcher.web.limits import limiter

    limiter.init_app(app)
    assert api.post("/api/v1/match", json={}).status_code == 200
    assert api.post("/api/v1/match", json={}).status_code == 429  # counted in this worker


def test_a_search_sees_a_change_another_worker_committed_at_once(
    api: FlaskClient, app: Flask
) -> None:
    # A second app on the same database stands for a worker on another host.
    from matcher import create_app
    from tests.services.test_matching import saved

    first = api.post("/api/v1/match", json=MILAN).get_json()["results"][0]
    other = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"]})
    saved(other, first["id"], title="Kringloop met een nieuwe naam")
    other.extensions["matcher.engine"].dispose()
    again = api.post("/api/v1/match", json=MILAN).get_json()["results"]
    assert {r["id"]: r["title"] for r in again}[first["id"]] == "Kringloop met een nieuwe naam"


def test_a_search_on_an_index_that_is_current_opens_no_transaction(
    api: FlaskClient, app: Flask
) -> None:
    from sqlalchemy import event

    api.post("/api/v1/match", json=MILAN)  # builds the index
    begun: list[object] = []

    def count(connection: object) -> None:
        begun.append(connection)

    engine = app.extensions["matcher.engine"]
    event.listen(engine, "begin", count)
    try:
        response = api.post("/api/v1/match", json=MILAN)
    finally:
        event.remove(engine, "begin", count)
    assert response.status_code == 200 and response.get_json()["results"]
    assert begun == []
