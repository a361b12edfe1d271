"""The profile's error messages: Dutch for every error, also those pydantic names in English."""

from __future__ import annotations

import pydantic
import pytest

from matcher.errors import ValidationError
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
