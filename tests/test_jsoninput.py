"""Reading JSON from outside within bounds: hostile nesting and numbers get an error, not a crash."""

from __future__ import annotations

import json
import random
import time

import pytest

from matcher import jsoninput
from matcher.errors import MalformedInput, ValidationError


def nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


def test_it_reads_ordinary_json() -> None:
    text = '{"interests": ["koken"], "max_km": 2.5, "age": 42, "location": {"wijk": "Pierik"}}'
    assert jsoninput.loads(text.encode()) == {
        "interests": ["koken"],
        "max_km": 2.5,
        "age": 42,
        "location": {"wijk": "Pierik"},
    }


def test_it_reads_nesting_up_to_the_limit_and_brackets_inside_strings() -> None:
    assert jsoninput.loads(nested(jsoninput.MAX_DEPTH)) is not None
    assert jsoninput.loads('{"a": ' + nested(jsoninput.MAX_DEPTH - 1) + "}") is not None
    assert jsoninput.loads('{"wishes": "' + "[{" * 1000 + '\\"]"}') == {
        "wishes": "[{" * 1000 + '"]'
    }


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("[" * 100_000, None),  # what raised RecursionError
        (nested(3_000), None),
        (nested(jsoninput.MAX_DEPTH + 1), None),
        ('{"a": ' + nested(jsoninput.MAX_DEPTH) + "}", "a"),  # just enough brackets: scanned
        ('{"interests": ' + nested(3_000) + "}", "interests"),
        ('{"age": 1, "location": {"wijk": ' + nested(40) + "}}", "location"),
        ('{"a": [[1]], "b\\u0021": ' + nested(40) + "}", "b!"),
    ],
)
def test_it_refuses_deep_nesting_and_names_the_top_level_field(
    text: str, field: str | None
) -> None:
    with pytest.raises(ValidationError) as refused:
        jsoninput.loads(text.encode())
    assert refused.value.field == field
    assert "te diep genest" in refused.value.message


@pytest.mark.parametrize(
    ("text", "field", "fragment"),
    [
        ('{"top": ' + "9" * 4_301 + "}", "top", "te lang"),  # past int()'s 4,300 digits
        ('{"top": -' + "9" * 40 + "}", "top", "te lang"),
        ('{"max_km": 1' + "0" * 40 + ".5}", "max_km", "te lang"),
        ('{"max_km": 1e999}', "max_km", "te groot"),
        ('{"location": {"lat": 52.5, "lon": -1e400}}', "location.lon", "te groot"),
        ('{"interests": ["koken", ' + "1" * 33 + "]}", "interests.1", "te lang"),
        ("[" + "7" * 100 + "]", "0", "te lang"),
        ('{"max_km": 1.5e-' + "0" * 30 + "1}", "max_km", "te lang"),  # orjson would read 0.0
    ],
)
def test_it_refuses_numbers_that_are_too_long_and_names_their_place(
    text: str, field: str, fragment: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        jsoninput.loads(text)
    assert refused.value.field == field and fragment in refused.value.message


def test_it_reads_every_value_as_the_json_module_does() -> None:
    rng = random.Random(5)
    numbers = [
        "12345678901234567890123",  # an int of 23 digits stays one (orjson: a float)
        "-9223372036854775809",
        "18446744073709551615",
        *(repr(rng.uniform(-1e6, 1e6)) for _ in range(300)),
        *(f"{rng.randint(1, 10**17)}e{rng.randint(-330, 290)}" for _ in range(300)),
        *(str(rng.randint(-(10**18), 10**18)) for _ in range(300)),
    ]
    text = json.dumps({"n": [json.loads(n) for n in numbers], "s": "\ud800 é 😀"})
    read = jsoninput.loads(text.encode())
    assert read == json.loads(text)
    assert [type(v) for v in read["n"]] == [type(json.loads(n)) for n in numbers]
    assert [v.hex() for v in read["n"] if isinstance(v, float)] == [
        v.hex() for v in json.loads(text)["n"] if isinstance(v, float)
    ]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_it_refuses_the_constants_that_are_not_json(constant: str) -> None:
    with pytest.raises(MalformedInput) as refused:
        jsoninput.loads('{"max_km": ' + constant + "}")
    assert refused.value.field == "max_km" and refused.value.status == 400


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"{kapot", "regel 1, teken 2"),
        (b"", "regel 1, teken 1"),
        ('{"wishes": "é"}'.encode("latin-1"), "UTF-8"),
    ],
)
def test_it_says_in_dutch_where_text_is_not_json(data: bytes, fragment: str) -> None:
    with pytest.raises(MalformedInput) as refused:
        jsoninput.loads(data)
    assert refused.value.field is None and fragment in refused.value.message


def test_the_depth_scan_stays_linear_on_a_string_that_never_ends() -> None:
    # Escaped quotes in an unclosed string: a scan that retried from each one would be quadratic.
    # (The brackets before it are enough for the text to be scanned at all.)
    text = "[" + "[]," * jsoninput.MAX_DEPTH + '"' + '\\"' * 500_000
    started = time.perf_counter()
    with pytest.raises(MalformedInput):
        jsoninput.loads(text)
    assert time.perf_counter() - started < 2
