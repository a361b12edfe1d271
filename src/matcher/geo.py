"""Zwolle's geography: wijken, 4-digit postcodes, and distances between points."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from geopy.distance import great_circle

from matcher.errors import ValidationError
from matcher.phrases import N_, Phrase
from matcher.resources import data_path

_POSTCODE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})?\s*$")

# A generous box around the municipality: coordinates outside it are a typo, not an activity.
ZWOLLE_BOUNDS = {"lat": (52.40, 52.62), "lon": (5.95, 6.30)}


@dataclass(frozen=True, slots=True)
class Point:
    """A WGS84 point in decimal degrees."""

    lat: float
    lon: float


def wijk_key(name: str) -> str:
    """Compare wijk names without case, spaces or hyphens: 'Aa-landen' = 'aalanden' = 'Aa landen'."""
    return re.sub(r"[^a-z]", "", name.lower())


@cache
def wijken() -> dict[str, Point]:
    """The contract's wijken with their centres, by official name."""
    with data_path("geo", "wijken.csv").open(encoding="utf-8") as fh:
        return {
            row["wijk"]: Point(float(row["lat"]), float(row["lon"])) for row in csv.DictReader(fh)
        }


@cache
def _wijk_names() -> dict[str, str]:
    return {wijk_key(name): name for name in wijken()}


@dataclass(frozen=True, slots=True)
class Postcode:
    """A Zwolle 4-digit postcode area with its point and the wijk it lies in."""

    code: str
    point: Point
    wijk: str


@cache
def postcodes() -> dict[str, Postcode]:
    """Zwolle's 4-digit postcodes."""
    with data_path("geo", "postcodes.csv").open(encoding="utf-8") as fh:
        return {
            row["postcode"]: Postcode(
                row["postcode"], Point(float(row["lat"]), float(row["lon"])), row["wijk"]
            )
            for row in csv.DictReader(fh)
        }


def canonical_wijk(name: str, field: str = "wijk") -> str:
    """The official name of a wijk, matched without case, spaces or hyphens."""
    found = _wijk_names().get(wijk_key(name))
    if found is None:
        raise ValidationError(field, Phrase(N_("onbekende wijk '%(name)s'"), {"name": name}))
    return found


def normalise_postcode(value: str, field: str = "postcode") -> str:
    """'8011ab' -> '8011 AB', '8011' -> '8011'; an unknown or malformed postcode is an error."""
    match = _POSTCODE.match(value)
    if match is None:
        message = N_("'%(value)s' is geen postcode (verwacht 1234 of 1234 AB)")
        raise ValidationError(field, Phrase(message, {"value": value}))
    digits, letters = match.groups()
    if digits not in postcodes():
        message = N_("onbekende postcode '%(value)s': geen postcode in Zwolle")
        raise ValidationError(field, Phrase(message, {"value": value}))
    return f"{digits} {letters.upper()}" if letters else digits


def postcode_area(value: str, field: str = "postcode") -> Postcode:
    """The postcode area a postcode lies in."""
    return postcodes()[normalise_postcode(value, field)[:4]]


def wijk_centre(name: str, field: str = "wijk") -> Point:
    """The centre of a wijk."""
    return wijken()[canonical_wijk(name, field)]


def check_coordinates(lat: float, lon: float, field: str = "lat") -> Point:
    """A point in or near Zwolle; anything else is an error."""
    lat_range, lon_range = ZWOLLE_BOUNDS["lat"], ZWOLLE_BOUNDS["lon"]
    if not (lat_range[0] <= lat <= lat_range[1] and lon_range[0] <= lon <= lon_range[1]):
        message = N_("coördinaten %(lat)s, %(lon)s liggen niet in of bij Zwolle")
        # As text: a float parameter would be shown with one decimal.
        raise ValidationError(field, Phrase(message, {"lat": str(lat), "lon": str(lon)}))
    return Point(lat, lon)


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance in kilometres."""
    return float(great_circle((a.lat, a.lon), (b.lat, b.lon)).km)
