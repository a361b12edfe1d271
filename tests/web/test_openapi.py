"""The OpenAPI document of /api/v1: complete, valid, with valid examples, and kept by the app."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from matcher.web import openapi

METHODS_FLASK_ADDS = {"HEAD", "OPTIONS"}


@pytest.fixture
def sample(runner: FlaskCliRunner) -> FlaskCliRunner:
    """The app with the sample catalogue, which the document's examples name."""
    result = runner.invoke(args=["load-sample"])
    assert result.exit_code == 0, result.output
    return runner


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body: dict[str, Any] = response.get_json()
    return body


def test_it_describes_exactly_the_routes_under_api_v1(app: Flask, document: dict[str, Any]) -> None:
    routes = {
        (method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(("/api/v1/", "/api/hsds/v3/"))
        for method in (rule.methods or set()) - METHODS_FLASK_ADDS
    }
    described = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    assert described == routes


def test_it_is_a_valid_openapi_3_1_document(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1.")
    validate(document)  # raises on anything that breaks OpenAPI 3.1


def test_it_describes_every_error_answer_with_the_error_shape(document: dict[str, Any]) -> None:
    errors = {
        status
        for operations in document["paths"].values()
        for operation in operations.values()
        for status in operation["responses"]
        if status != "200"
    }
    assert errors == {"400", "404", "413", "415", "422", "429"}
    for answer in document["components"]["responses"].values():
        schema = answer["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Error"}


def validator(document: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    """A validator for one of the document's schemas, its references resolved in the document."""
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource("urn:matcher-api", resource)
    return jsonschema.Draft202012Validator(
        {"$ref": f"urn:matcher-api#/components/schemas/{name}"}, registry=registry
    )


def test_its_examples_are_valid_and_answered(
    client: FlaskClient, sample: FlaskCliRunner, document: dict[str, Any]
) -> None:
    body = document["paths"]["/api/v1/match"]["post"]["requestBody"]["content"]["application/json"]
    assert body["examples"]
    for example in body["examples"].values():
        validator(document, "MatchRequest").validate(example["value"])
        answer = client.post("/api/v1/match", json=example["value"])
        assert answer.status_code == 200
        validator(document, "MatchAnswer").validate(answer.get_json())
    [parameter] = document["paths"]["/api/v1/activities/{activity_id}"]["get"]["parameters"]
    activity = client.get(f"/api/v1/activities/{parameter['example']}")
    assert activity.status_code == 200
    validator(document, "Activity").validate(activity.get_json())


def test_it_describes_the_contracts_second_version_of_the_answer(document: dict[str, Any]) -> None:
    # The contract's own example (§4), with fit and matched, is a valid answer.
    validator(document, "MatchAnswer").validate(
        {
            "fit": "goed",
            "results": [
                {
                    "id": "kook-holtenbroek",
                    "title": "...",
                    "score": 0.87,
                    "fit": "goed",
                    "distance_km": 1.2,
                    "reasons": ["rustige plek"],
                    "matched": {
                        "interests": ["koken"],
                        "words": ["koken"],
                        "supports": ["prikkelarm"],
                    },
                    "missing": ["kleine_groep"],
                }
            ],
            "near_misses": [
                {
                    "id": "koor-assendorp",
                    "title": "...",
                    "score": 0.74,
                    "would_fit_with": ["begeleiding_aanwezig"],
                }
            ],
            "considered": 1834,
        }
    )
    with pytest.raises(jsonschema.ValidationError):
        validator(document, "MatchAnswer").validate(
            {"fit": "misschien", "results": [], "near_misses": [], "considered": 0}
        )


def test_it_serves_the_document_that_schemathesis_reads(
    app: Flask, document: dict[str, Any]
) -> None:
    assert app.config["API_PAGE_SIZE"] == PAGE_SIZE
    assert document == json.loads(json.dumps(openapi.document(PAGE_SIZE)))


# Read from the module rather than from a fixture: schemathesis's fixture loader reads a pytest
# internal (Node._nodeid) that pytest 9.2 no longer has. The test above shows it is the same.
PAGE_SIZE = 100
schema = schemathesis.openapi.from_dict(openapi.document(PAGE_SIZE))


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_document(case: Any, app: Flask, sample: FlaskCliRunner) -> None:
    # The fixtures' app has its rate limits off, so that 50 cases per operation all get through.
    case.call_and_validate(
        app=app,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
        ],
    )
