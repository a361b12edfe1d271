"""The JSON API over real HTTP through the test client."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient, FlaskCliRunner

from tests.conftest import EVAL_PERSONAS

MILAN = json.loads(EVAL_PERSONAS.read_text())[0]["profile"]


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


NOT_JSON = {"error": {"field": None, "message": "geen geldige JSON"}}
NOT_AN_OBJECT = {"error": {"field": None, "message": "een profiel is een JSON-object {...}"}}


@pytest.mark.parametrize(("body", "status", "answer"), [
    ("{kapot", 400, NOT_JSON), ("", 400, NOT_JSON),  # not JSON at all (docs/api.md)
    ("[1, 2]", 422, NOT_AN_OBJECT), ("null", 422, NOT_AN_OBJECT), ('"koken"', 422, NOT_AN_OBJECT),
])  # fmt: skip
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
    ("query", "field"),
    [("per_page=³", "per_page"), ("page=" + "9" * 4_301, "page"), ("page=٣", "page"),
     ("per_page=1_0", "per_page"), ("page=%201", "page"), ("per_page=1001", "per_page")],
)  # fmt: skip
def test_it_reads_page_numbers_in_ascii_digits_only(
    api: FlaskClient, query: str, field: str
) -> None:
    response = api.get(f"/api/v1/activities?{query}")
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == field
