"""The app's JSON answers, written by orjson, read the same as Flask's own encoder wrote them."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.json.provider import DefaultJSONProvider
from flask.testing import FlaskClient
from markupsafe import Markup

from matcher.web.json_answers import OrjsonAnswers


@dataclass
class Place:
    wijk: str
    km: float


ANSWER: dict[str, Any] = {
    "zeker": True,
    "wijk": "Stadshagen",
    "naam": "Taalcafé Ω, ‘samen’ — één",
    "dag": dt.date(2026, 11, 30),
    "moment": dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC),
    "kosten": Decimal("2.50"),
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "plek": Place("Holtenbroek", 1.25),
    "tekst": Markup("<b>vet</b>"),
    "telling": {10: "tien", 3: "drie"},  # numbers as keys
    "lijst": [1, 2.5, None, {"b": 1, "a": 2}],
}


def _flask(app: Flask, value: Any) -> bytes:
    return DefaultJSONProvider(app).response(value).get_data()


def test_it_writes_what_flask_wrote_read_back_the_same(app: Flask) -> None:
    with app.app_context():
        assert isinstance(app.json, OrjsonAnswers)
        written = app.json.response(ANSWER)
        assert written.mimetype == "application/json"
        assert json.loads(written.get_data()) == json.loads(_flask(app, ANSWER))
        # Dates as Flask writes them (HTTP dates), not orjson's own ISO form.
        assert json.loads(written.get_data())["dag"] == "Mon, 30 Nov 2026 00:00:00 GMT"


def test_it_sorts_keys_and_writes_compact_utf8(app: Flask) -> None:
    with app.app_context():
        body = app.json.response({"b": 1, "a": {"d": "é", "c": 2}}).get_data()
    assert body == '{"a":{"c":2,"d":"é"},"b":1}\n'.encode()


@pytest.mark.parametrize("refused", [2**70, {("a", 1): 1}])
def test_it_leaves_to_flask_what_orjson_refuses(app: Flask, refused: Any) -> None:
    with app.app_context():
        if isinstance(refused, dict):  # Flask refuses a tuple as key as well: the same error
            with pytest.raises(TypeError):
                app.json.response(refused)
        else:
            assert app.json.response({"n": refused}).get_data() == _flask(app, {"n": refused})


def test_it_indents_in_debug_mode_as_flask_does(app: Flask) -> None:
    app.debug = True
    with app.app_context():
        assert app.json.response(ANSWER).get_data() == _flask(app, ANSWER)


def test_it_writes_the_api_answers(client: FlaskClient) -> None:
    response = client.post("/api/v1/match", json={"interests": ["koken"], "top": 3})
    assert response.status_code == 200
    body = response.get_data()
    assert body.endswith(b"}\n") and b'": ' not in body  # compact, as before
    assert json.loads(body) == response.get_json()
