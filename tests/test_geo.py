"""Zwolle's wijken and postcodes, checked against the GeoNames-derived expectations in shared/."""

from __future__ import annotations

import csv

import pytest

from matcher import geo
from matcher.errors import ValidationError
from matcher.ranking.rank import haversine_km
from tests.conftest import SHARED

DERIVED = SHARED / "external" / "derived-zwolle"


def test_it_has_the_18_wijken_of_the_contract() -> None:
    assert len(geo.wijken()) == 18
    assert geo.wijken()["Windesheim"] == geo.Point(52.46, 6.13)


@pytest.mark.parametrize("name", ["aa-landen", "Aalanden", "Aa landen", "AA-LANDEN"])
def test_it_matches_wijk_names_loosely(name: str) -> None:
    assert geo.canonical_wijk(name) == "Aa-landen"


def test_it_covers_every_real_zwolle_postcode_and_not_the_placeholder() -> None:
    codes = set(geo.postcodes())
    assert {"8011", "8017", "8019", "8028", "8035", "8045", "8046"} <= codes
    assert "9999" not in codes and "8007" not in codes
    assert all("8011" <= code <= "8046" for code in codes)
    assert all(area.wijk in geo.wijken() for area in geo.postcodes().values())


def test_its_postcode_points_agree_with_a_second_source() -> None:
    with (DERIVED / "zwolle_pc4_crosscheck.csv").open() as fh:
        for row in csv.DictReader(fh):
            if row["pc4"] == "9999":
                continue
            other = geo.Point(float(row["postcodetabel_lat"]), float(row["postcodetabel_lon"]))
            assert geo.distance_km(geo.postcodes()[row["pc4"]].point, other) < 0.5


def test_it_puts_each_named_neighbourhood_in_the_postcode_nearest_to_it() -> None:
    with (DERIVED / "zwolle_wijken_geonames.csv").open() as fh:
        expected = {r["wijk_name"]: r["nearest_pc4_geonames"] for r in csv.DictReader(fh)}
    for wijk in ("Assendorp", "Berkum", "Stadshagen", "Wipstrik"):
        assert geo.postcodes()[expected[wijk]].wijk == wijk


@pytest.mark.parametrize(
    ("given", "expected"), [("8011", "8011"), ("8011ab", "8011 AB"), (" 8022 Cd ", "8022 CD")]
)
def test_it_normalises_postcodes(given: str, expected: str) -> None:
    assert geo.normalise_postcode(given) == expected


@pytest.mark.parametrize("bad", ["9999", "1012", "8018", "801", "80111", "abcd"])
def test_it_names_an_unknown_postcode(bad: str) -> None:
    with pytest.raises(ValidationError) as raised:
        geo.normalise_postcode(bad)
    assert raised.value.field == "postcode" and bad in raised.value.message


def test_it_names_an_unknown_wijk() -> None:
    with pytest.raises(ValidationError, match="onbekende wijk 'Hanzeland'"):
        geo.canonical_wijk("Hanzeland")


def test_its_vectorised_distance_agrees_with_geopy() -> None:
    a, b = geo.wijken()["Binnenstad"], geo.wijken()["Windesheim"]
    import numpy as np

    vectorised = haversine_km(a, np.array([b.lat]), np.array([b.lon]))[0]
    assert vectorised == pytest.approx(geo.distance_km(a, b), rel=1e-6)
    assert 5.5 < vectorised < 6.5
