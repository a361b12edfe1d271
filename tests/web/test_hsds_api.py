"""The HSDS 3.0 read API: the reference's paths, answers valid against HSDS's own schemas."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from matcher.catalogue import hsds
from tests.catalogue.test_hsds import HSDS_SPEC, schema_errors

API = "/api/hsds/v3"


@cache
def reference() -> dict[str, Any]:
    return json.loads((HSDS_SPEC / "schema" / "openapi.json").read_text())


@cache
def definitions() -> dict[str, Any]:
    compiled = HSDS_SPEC / "schema" / "compiled" / "service_with_definitions.json"
    return dict(json.loads(compiled.read_text())["definitions"])


def definition_errors(name: str, item: dict[str, Any]) -> list[str]:
    schema = {"$ref": f"#/definitions/{name}", "definitions": definitions()}
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [e.message for e in validator.iter_errors(item)]


def page_errors(body: dict[str, Any]) -> list[str]:
    page = reference()["components"]["schemas"]["Page"]
    return [e.message for e in jsonschema.Draft202012Validator(page).iter_errors(body)]


@pytest.fixture
def sample(client: FlaskClient, runner: FlaskCliRunner) -> FlaskClient:
    assert runner.invoke(args=["load-sample"]).exit_code == 0
    return client


# Where the reference's answers point for their schemas; the same files are here, from the same
# commit of the specification (SOURCE.md). The compiled service and service_list are the
# service schema with its references filled in, so they resolve to schema/service.json here.
SCHEMAS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
REFERENCE = "urn:openreferral:hsds-3.0:openapi"
SERVICE_COMPILED = ("service", "service_list")


@cache
def reference_registry() -> Registry[Any]:
    def resource(contents: Any) -> Resource[Any]:
        return Resource.from_contents(contents, default_specification=DRAFT202012)

    found = [(REFERENCE, resource(reference()))]
    for path in sorted((HSDS_SPEC / "schema").glob("*.json")):
        found.append((SCHEMAS + path.name, resource(json.loads(path.read_text()))))
    # A reference, not a copy, so that the service's own references ("organization.json") are
    # read beside schema/service.json.
    service = resource({"$ref": SCHEMAS + "service.json"})
    found += [(SCHEMAS + f"compiled/{name}.json", service) for name in SERVICE_COMPILED]
    return Registry().with_resources(found)


def reference_errors(path: str, body: Any) -> list[str]:
    """What is wrong with an answer by the reference's own 200 schema of that path."""
    pointer = "/paths/" + path.replace("~", "~0").replace("/", "~1")
    pointer += "/get/responses/200/content/application~1json/schema"
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"{REFERENCE}#{pointer}"},
        registry=reference_registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(body)]


def test_it_finds_fault_with_an_answer_off_the_reference() -> None:
    assert reference_errors("/services", {"contents": [{"id": "x", "name": "n"}]})
    assert reference_errors("/taxonomy_terms", {"total_items": "1", "contents": []})
    assert reference_errors("/services/{id}", {"id": hsds.stable_id("service", "x")})


def test_it_serves_only_paths_of_the_reference_each_answering_by_its_schemas(
    app: Flask, sample: FlaskClient
) -> None:
    ours = sorted(
        rule.rule.removeprefix(API).replace("<service_id>", "{id}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(f"{API}/")
    )
    assert ours == ["/", "/services", "/services/{id}", "/taxonomies", "/taxonomy_terms"]
    asked = {"/services/{id}": "/services/" + hsds.service_id("taalcafe-boekenwerf-centrum")}
    for path in ours:
        assert path in reference()["paths"], path
        for query in ("", "?full=true&per_page=5&page=2"):
            answer = sample.get(API + asked.get(path, path) + query)
            assert answer.status_code == 200, (path, query)
            assert reference_errors(path, answer.get_json()) == [], (path, query)


def test_it_lists_services_a_page_at_a_time_valid_against_the_service_schema(
    sample: FlaskClient,
) -> None:
    body = sample.get(f"{API}/services?per_page=50&page=2").get_json()
    assert page_errors(body) == []
    assert (body["total_items"], body["size"], body["page_number"]) == (229, 50, 2)
    assert body["total_pages"] == 5 and not body["first_page"] and not body["last_page"]
    for item in body["contents"]:
        assert schema_errors(item) == []
        assert "attributes" not in item and item["organization"]["name"]


def test_it_gives_one_full_service_valid_against_the_service_schema(sample: FlaskClient) -> None:
    wanted = hsds.service_id("taalcafe-boekenwerf-centrum")
    answer = sample.get(f"{API}/services/{wanted}")
    assert answer.status_code == 200
    service = answer.get_json()
    assert service["id"] == wanted and schema_errors(service) == []
    assert any(a["link_type"] == "interests" for a in service["attributes"])


def test_it_gives_full_services_in_a_list_when_asked(sample: FlaskClient) -> None:
    body = sample.get(f"{API}/services?full=true&per_page=3").get_json()
    assert all(schema_errors(s) == [] and s["attributes"] for s in body["contents"])


def test_it_narrows_services_by_taxonomy_term_and_by_words(sample: FlaskClient) -> None:
    koken = hsds.taxonomies()[0].term_id("koken")
    body = sample.get(f"{API}/services?taxonomy_term_id={koken}&per_page=1000&full=true").get_json()
    assert body["total_items"] > 0
    for service in body["contents"]:
        assert koken in {a.get("taxonomy_term_id") for a in service["attributes"]}
    found = sample.get(f"{API}/services?search=TAALCAFE&per_page=1000").get_json()
    assert found["total_items"] > 0
    assert all("taalcaf" in s["name"].lower() + s["description"].lower() for s in found["contents"])
    nothing = sample.get(f"{API}/services?search=zzqqxx").get_json()
    assert nothing["empty"] and nothing["contents"] == [] and page_errors(nothing) == []


def test_it_lists_the_taxonomies_and_their_terms_valid_against_the_reference(
    sample: FlaskClient,
) -> None:
    taxonomies = sample.get(f"{API}/taxonomies").get_json()
    assert page_errors(taxonomies) == [] and taxonomies["total_items"] == len(hsds.taxonomies())
    assert all(definition_errors("taxonomy", t) == [] for t in taxonomies["contents"])
    support = next(t for t in taxonomies["contents"] if "steun" in t["name"])
    terms = sample.get(f"{API}/taxonomy_terms?taxonomy_id={support['id']}&per_page=100").get_json()
    assert page_errors(terms) == [] and terms["total_items"] == 14
    assert all(definition_errors("taxonomy_term", t) == [] for t in terms["contents"])
    assert {t["code"] for t in terms["contents"]} >= {"prikkelarm", "kennismaken_met_maatje"}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("/services?page=0", "page"),
        ("/services?per_page=abc", "per_page"),
        ("/services?taxonomy_term_id=koken", "taxonomy_term_id"),
        ("/services?organization_id=1", "organization_id"),
        ("/services?full=ja", "full"),
        ("/services?search=" + "a" * 201, "search"),
        ("/taxonomy_terms?taxonomy_id=x", "taxonomy_id"),
        ("/services/ac148810-d857-441c-9679-408f346de14b", "id"),
    ],
)
def test_it_answers_a_bad_parameter_with_an_error_naming_it(
    client: FlaskClient, query: str, field: str
) -> None:
    answer = client.get(API + query)
    assert answer.status_code in (404, 422)
    assert answer.get_json() == {
        "error": {"field": field, "message": answer.get_json()["error"]["message"]}
    }


def test_it_says_which_hsds_it_speaks(client: FlaskClient) -> None:
    about = client.get(f"{API}/").get_json()
    assert about["version"] == "3.0" and about["openapi_url"].endswith("/api/v1/openapi.json")


def test_it_publishes_no_case_and_sets_no_cookie(sample: FlaskClient) -> None:
    answer = sample.get(f"{API}/services?per_page=1000&full=true")
    assert "Set-Cookie" not in answer.headers
    text = answer.get_data(as_text=True)
    assert "casus" not in text.lower()


def test_it_limits_how_often_one_address_asks(app: Flask, client: FlaskClient) -> None:
    app.config.update(RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="2 per minute")
    from matcher.web.limits import limiter

    limiter.init_app(app)  # re-read the switched-on configuration
    answers = [client.get(f"{API}/taxonomies") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[2].headers["Retry-After"]) > 0
    assert answers[2].get_json()["error"]["field"] is None
