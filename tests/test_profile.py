"""The profile's error messages: Dutch for every error, also those pydantic names in English."""

from __future__ import annotations

import pydantic
import pytest

from matcher.errors import ValidationError
from matcher.phrases import Phrase
from matcher.profile import _first_error, parse_profile


@pytest.mark.parametrize(
    ("profile", "field", "message"),
    [
        ({"wishes": "\ud800"}, "wishes", "bevat een teken dat geen Unicode is"),
        ({"max_km": float("nan")}, "max_km", "verwacht een eindig getal"),
        ({"location": {"lat": float("inf"), "lon": 6.1}}, "location.lat", "eindig getal"),
    ],
)
def test_it_says_what_is_wrong_in_dutch(
    profile: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_profile(profile)
    assert refused.value.field == field and message in refused.value.message


def test_it_falls_back_to_a_dutch_message_for_an_error_type_it_does_not_know() -> None:
    # A type that no field of today's profile produces, as a new pydantic or a new field might.
    error = pydantic.ValidationError.from_exception_data(
        "Profile", [{"type": "uuid_type", "loc": ("id",), "input": 3}]
    )
    assert "UUID" in str(error)  # pydantic's own message is English
    assert _first_error(error).message == "ongeldige waarde"


@pytest.mark.parametrize(
    ("profile", "msgid", "dutch"),
    [
        (
            {"location": {"postcode": "9999"}},
            "onbekende postcode '%(value)s': geen postcode in Zwolle",
            "onbekende postcode '9999': geen postcode in Zwolle",
        ),
        ({"days": ["xx"]}, "onbekende code %(codes)s; kies uit %(allowed)s", "onbekende code 'xx'"),
        ({"interests": "koken"}, "verwacht een lijst", "verwacht een lijst"),
    ],
)
def test_it_gives_its_message_as_a_phrase_that_pages_can_translate(
    profile: dict[str, object], msgid: str, dutch: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_profile(profile)
    message = refused.value.message
    assert isinstance(message, Phrase) and message.msgid == msgid
    assert message.startswith(dutch)  # and the Dutch text the API and the CLI show
