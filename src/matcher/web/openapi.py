"""The OpenAPI 3.1 document of /api/v1 and the HSDS read API /api/hsds/v3: every route, its inputs, its answers and its errors.

tests/web/test_openapi.py keeps it honest: the routes here are exactly the app's, the document
is valid OpenAPI 3.1, its examples are valid and answered, and schemathesis finds no answer that
breaks it. The codes come from the vocabulary, so the document cannot drift from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matcher import vocabulary
from matcher.catalogue import hsds, records
from matcher.jsoninput import MAX_DEPTH, MAX_NUMBER_LENGTH
from matcher.web.api import MAX_PAGE, MAX_PER_PAGE, MAX_TOP
from matcher.web.hsds_api import MAX_SEARCH

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _codes(table: Mapping[str, object], what: str) -> Schema:
    return {"type": "array", "items": {"type": "string", "enum": list(table)}, "description": what}


def _strings(description: str) -> Schema:
    return {"type": "array", "items": {"type": "string"}, "description": description}


CONTRACT_PROFILE: dict[str, Any] = {
    "interests": ["koken", "schilderen"],
    "wishes": "iets met mijn handen, rustig, liefst overdag",
    "required": ["prikkelarm"],
    "preferred": ["professional_bereikbaar", "kleine_groep"],
    "expertise": ["nah"],
    "vorm": ["vrijwilligerswerk"],
    "location": {"postcode": "8022"},
    "max_km": 5,
    "days": ["ma", "di", "wo"],
    "max_cost_eur": 10,
    "age": 42,
    "language": "nl",
    "include_maatwerk": False,
}
EXAMPLE_ACTIVITY_ID = "taalcafe-boekenwerf-centrum"  # in the sample catalogue (make run)


def _location() -> Schema:
    closed = {"type": "object", "additionalProperties": False}
    return {
        "description": "Eén van drie vormen; een onbekende postcode of wijk geeft 422.",
        "oneOf": [
            {
                **closed,
                "required": ["postcode"],
                "properties": {
                    "postcode": {
                        "type": "string",
                        "pattern": "^[0-9]{4} ?([A-Za-z]{2})?$",
                        "examples": ["8022"],
                        "description": "Een postcode in Zwolle: 1234 of 1234 AB.",
                    }
                },
            },
            {
                **closed,
                "required": ["wijk"],
                "properties": {
                    "wijk": {
                        "type": "string",
                        "examples": ["Aa-landen"],
                        "description": "Een van Zwolles 18 wijken; hoofdletters, spaties en streepjes "
                        "tellen niet.",
                    }
                },
            },
            {
                **closed,
                "required": ["lat", "lon"],
                "properties": {
                    "lat": {"type": "number", "minimum": -90, "maximum": 90},
                    "lon": {"type": "number", "minimum": -180, "maximum": 180},
                },
            },
        ],
    }


def _match_request() -> Schema:
    return {
        "type": "object",
        "additionalProperties": False,
        "description": "Het profiel van het contract (§3), plus top. Elk veld is optioneel. "
        f"JSON dieper dan {MAX_DEPTH} niveaus of een getal van meer dan {MAX_NUMBER_LENGTH} "
        "tekens geeft 422.",
        "properties": {
            "interests": {
                "type": "array",
                "maxItems": 30,
                "description": "Interessecodes of eigen woorden.",
                "items": {"type": "string", "minLength": 1, "maxLength": 80},
            },
            "wishes": {"type": "string", "maxLength": 1000, "description": "In eigen woorden."},
            "required": _codes(vocabulary.SUPPORTS, "Ondersteuning die er moet zijn."),
            "preferred": _codes(vocabulary.SUPPORTS, "Ondersteuning die liever wel is."),
            "expertise": _codes(vocabulary.EXPERTISE, "Deskundigheid met de doelgroep."),
            "vorm": _codes(vocabulary.VORMEN, "Vormen van meedoen."),
            "location": _ref("Location"),
            "max_km": {"type": "number", "minimum": 0},
            "days": _codes(vocabulary.DAYS, "Dagen waarop het kan."),
            "max_cost_eur": {"type": "number", "minimum": 0, "description": "Euro per maand."},
            "age": {"type": "integer", "minimum": 0, "maximum": 120},
            "language": {"type": "string", "pattern": "^[a-z]{2}$", "default": "nl"},
            "include_maatwerk": {"type": "boolean", "default": False},
            "top": {"type": "integer", "minimum": 1, "maximum": MAX_TOP, "default": 10},
        },
    }


FRESHNESS: Schema = {
    "type": "string",
    "enum": ["verouderd", "zeer_verouderd"],
    "description": (
        "Alleen als de organisatie dit meer dan 12 maanden (of nooit) bevestigde: verouderd; "
        "meer dan 18 maanden: zeer_verouderd (inwoners vinden het dan niet meer)."
    ),
}


def _answer_schemas() -> dict[str, Schema]:
    # Answers allow more properties than they list: a client must not break on a new field.
    fit = {"type": "string", "enum": ["goed", "deels"]}
    return {
        "MatchAnswer": {
            "type": "object",
            "required": ["fit", "results", "near_misses", "considered"],
            "properties": {
                "fit": {
                    "type": "string",
                    "enum": ["goed", "deels", "geen"],
                    "description": "Het beste label onder de resultaten (contract, tweede versie).",
                },
                "results": {"type": "array", "items": _ref("Result")},
                "near_misses": {"type": "array", "items": _ref("NearMiss")},
                "considered": {"type": "integer", "minimum": 0},
            },
        },
        "Result": {
            "type": "object",
            "required": [
                "id",
                "title",
                "score",
                "fit",
                "distance_km",
                "reasons",
                "matched",
                "missing",
            ],
            "properties": {
                "id": {"type": "string"},
                "title": {"type": "string"},
                "score": {"type": "number"},
                "fit": fit,
                "distance_km": {"type": ["number", "null"]},
                "reasons": _strings("Redenen in gewone taal."),
                "matched": _ref("Matched"),
                "missing": _strings("Gewenste ondersteuning die ontbreekt."),
                "freshness": FRESHNESS,
            },
        },
        "Matched": {
            "type": "object",
            "required": ["interests", "words", "supports"],
            "properties": {
                "interests": _strings("Interessecodes van de activiteit."),
                "words": _strings("Eigen woorden die overeenkomen."),
                "supports": _strings("Ondersteuning die er is."),
            },
        },
        "NearMiss": {
            "type": "object",
            "required": ["id", "title", "score", "would_fit_with"],
            "properties": {
                "id": {"type": "string"},
                "title": {"type": "string"},
                "score": {"type": "number"},
                "would_fit_with": _strings("Ondersteuning die het passend maakt."),
                "freshness": FRESHNESS,
            },
        },
    }


def _with_properties(schema: Schema, **more: Schema) -> Schema:
    return {**schema, "properties": {**schema["properties"], **more}}


def _activity_schemas() -> dict[str, Schema]:
    return {
        # Made from the one definition of an activity's fields: a new field appears here too.
        "Activity": _with_properties(records.json_schema(), freshness=FRESHNESS),
        "ActivityPage": {
            "type": "object",
            "required": ["activities", "total", "page", "per_page"],
            "properties": {
                "activities": {"type": "array", "items": _ref("Activity")},
                "total": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1},
            },
        },
    }


ERROR_SCHEMA: Schema = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["field", "message"],
            "additionalProperties": False,
            "properties": {
                "field": {
                    "type": ["string", "null"],
                    "description": "Het veld, als pad (location.postcode, interests.0); null voor het geheel.",
                },
                "message": {"type": "string", "description": "Wat er mis is, in het Nederlands."},
            },
        }
    },
}

ERRORS = {
    "400": ("BadRequest", "De inhoud is geen JSON (of NaN/Infinity)."),
    "404": ("NotFound", "Bestaat niet."),
    "413": (
        "TooLarge",
        "De inhoud is te groot (MAX_CONTENT_LENGTH, standaard 2 MB), ook als "
        "die in delen komt (Transfer-Encoding: chunked).",
    ),
    "415": ("UnsupportedMediaType", "Geen Content-Type application/json."),
    "422": ("Unprocessable", "JSON, maar niet volgens het contract: het veld staat in field."),
    "429": ("TooManyRequests", "Te veel verzoeken; wacht zo veel seconden als Retry-After zegt."),
}


def _error_responses() -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for name, description in ERRORS.values():
        responses[name] = {
            "description": description,
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    responses["TooManyRequests"]["headers"] = {
        "Retry-After": {
            "required": True,
            "schema": {"type": "integer", "minimum": 0},
            "description": "Seconden tot een nieuw verzoek kan.",
        }
    }
    return responses


def _ok(schema: Schema, description: str, *errors: str) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "200": {"description": description, "content": {"application/json": {"schema": schema}}}
    }
    for status in errors:
        answers[status] = {"$ref": f"#/components/responses/{ERRORS[status][0]}"}
    return answers


def _page_parameter(name: str, maximum: int, default: int, example: int) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "example": example,
        "description": "Een heel getal in de cijfers 0-9.",
        "schema": {"type": "integer", "minimum": 1, "maximum": maximum, "default": default},
    }


def _paths(page_size: int) -> dict[str, Any]:
    return {
        "/api/v1/match": {
            "post": {
                "operationId": "match",
                "summary": "Rangschik de catalogus voor een profiel.",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": _ref("MatchRequest"),
                            "examples": {
                                "contract": {
                                    "summary": "Het profiel uit het contract (§3)",
                                    "value": {**CONTRACT_PROFILE, "top": 5},
                                },
                                "kort": {
                                    "summary": "Alleen een interesse en een wijk",
                                    "value": {
                                        "interests": ["wandelen"],
                                        "location": {"wijk": "Assendorp"},
                                    },
                                },
                            },
                        }
                    },
                },
                "responses": _ok(
                    _ref("MatchAnswer"),
                    "Het antwoord (contract §4).",
                    "400",
                    "413",
                    "415",
                    "422",
                    "429",
                ),
            }
        },
        "/api/v1/activities": {
            "get": {
                "operationId": "activities",
                "summary": "De activiteiten van de catalogus, op id, een pagina tegelijk.",
                "parameters": [
                    _page_parameter("page", MAX_PAGE, 1, 1),
                    _page_parameter("per_page", MAX_PER_PAGE, page_size, 25),
                ],
                "responses": _ok(_ref("ActivityPage"), "Een pagina.", "422"),
            }
        },
        "/api/v1/activities/{activity_id}": {
            "get": {
                "operationId": "activity",
                "summary": "Eén activiteit.",
                "parameters": [
                    {
                        "name": "activity_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                        "example": EXAMPLE_ACTIVITY_ID,
                    }
                ],
                "responses": _ok(_ref("Activity"), "De activiteit.", "404"),
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "Dit document.",
                "responses": _ok(
                    {"type": "object", "required": ["openapi", "paths"]}, "OpenAPI 3.1."
                ),
            }
        },
    }


HSDS_REFERENCE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def _hsds_page(item: str) -> Schema:
    return {
        "type": "object",
        "description": "Een pagina zoals HSDS 3.0 die geeft (Page).",
        "required": ["total_items", "total_pages", "page_number", "size", "contents"],
        "properties": {
            "total_items": {"type": "integer", "minimum": 0},
            "total_pages": {"type": "integer", "minimum": 1},
            "page_number": {"type": "integer", "minimum": 1},
            "size": {"type": "integer", "minimum": 0},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"},
            "contents": {"type": "array", "items": _ref(item)},
        },
    }


def _hsds_schemas() -> dict[str, Schema]:
    # Loose on purpose: the full schemas are HSDS's own (the tests validate every answer
    # against them); here only what a client can count on.
    def thing(required: list[str], what: str) -> Schema:
        return {
            "type": "object",
            "required": required,
            "description": f"{what} Zie {HSDS_REFERENCE}.",
            "properties": {name: {"type": "string"} for name in required},
        }

    return {
        "HsdsService": thing(["id", "name", "status"], "Een dienst (service) van HSDS 3.0."),
        "HsdsTaxonomy": thing(["id", "name", "description"], "Een taxonomie van HSDS 3.0."),
        "HsdsTaxonomyTerm": thing(["id", "name", "description"], "Een term van HSDS 3.0."),
        "HsdsServicePage": _hsds_page("HsdsService"),
        "HsdsTaxonomyPage": _hsds_page("HsdsTaxonomy"),
        "HsdsTaxonomyTermPage": _hsds_page("HsdsTaxonomyTerm"),
    }


def _query(name: str, schema: Schema, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _hsds_paths(page_size: int) -> dict[str, Any]:
    uuid = {"type": "string", "format": "uuid"}
    paging = [
        _page_parameter("page", MAX_PAGE, 1, 1),
        _page_parameter("per_page", MAX_PER_PAGE, page_size, 25),
    ]
    search = _query(
        "search",
        {"type": "string", "maxLength": MAX_SEARCH},
        "Woorden die allemaal in naam, beschrijving of organisatie staan; hoofdletters en accenten tellen niet.",
    )
    return {
        "/api/hsds/v3/": {
            "get": {
                "operationId": "hsdsAbout",
                "summary": "Welke HSDS deze API spreekt (3.0) en waar dit document staat.",
                "responses": _ok(
                    {"type": "object", "required": ["version"]}, "Over de API.", "429"
                ),
            }
        },
        "/api/hsds/v3/services": {
            "get": {
                "operationId": "hsdsServices",
                "summary": "De activiteiten als HSDS-diensten, een pagina tegelijk.",
                "parameters": [
                    *paging,
                    search,
                    _query("taxonomy_term_id", uuid, "Alleen diensten met deze term."),
                    _query("taxonomy_id", uuid, "Alleen diensten met een term uit deze taxonomie."),
                    _query("organization_id", uuid, "Alleen diensten van deze organisatie."),
                    _query(
                        "full",
                        {"type": "boolean", "default": False},
                        "true: elke dienst met alles erbij (service_full).",
                    ),
                ],
                "responses": _ok(_ref("HsdsServicePage"), "Een pagina.", "422", "429"),
            }
        },
        "/api/hsds/v3/services/{service_id}": {
            "get": {
                "operationId": "hsdsService",
                "summary": "Eén dienst met alles erbij (service_full).",
                "parameters": [
                    {
                        "name": "service_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                        "example": hsds.service_id(EXAMPLE_ACTIVITY_ID),
                    }
                ],
                "responses": _ok(_ref("HsdsService"), "De dienst.", "404", "429"),
            }
        },
        "/api/hsds/v3/taxonomies": {
            "get": {
                "operationId": "hsdsTaxonomies",
                "summary": "De woordenlijsten van de matcher als HSDS-taxonomieën.",
                "parameters": [*paging, search],
                "responses": _ok(_ref("HsdsTaxonomyPage"), "Een pagina.", "422", "429"),
            }
        },
        "/api/hsds/v3/taxonomy_terms": {
            "get": {
                "operationId": "hsdsTaxonomyTerms",
                "summary": "De codes van de matcher als HSDS-termen.",
                "parameters": [
                    *paging,
                    search,
                    _query("taxonomy_id", uuid, "Alleen de termen van deze taxonomie."),
                ],
                "responses": _ok(_ref("HsdsTaxonomyTermPage"), "Een pagina.", "422", "429"),
            }
        },
    }


def document(page_size: int) -> dict[str, Any]:
    """The OpenAPI 3.1 document of /api/v1, with the configured page size as the default."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "matcher API",
            "version": "1",
            "description": "Activiteiten in Zwolles sociale basis, gerangschikt voor een profiel. "
            'Elke fout heeft de vorm {"error": {"field": ..., "message": ...}}.',
        },
        "paths": {**_paths(page_size), **_hsds_paths(page_size)},
        "components": {
            "schemas": {
                "MatchRequest": _match_request(),
                "Location": _location(),
                **_answer_schemas(),
                **_activity_schemas(),
                **_hsds_schemas(),
                "Error": ERROR_SCHEMA,
            },
            "responses": _error_responses(),
        },
    }
