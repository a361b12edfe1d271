"""Who a resident can ask to search together: the file the municipality keeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher import contacts
from matcher.errors import ValidationError

HEADER = "naam,wat,wat_en,telefoon,email,website,wanneer,wanneer_en,wijken,voorbeeld\n"


def write(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_the_file_in_the_repository_offers_samenzwolle_and_the_wijkteam() -> None:
    found = contacts.contacts()
    assert [c.name for c in found] == ["SamenZwolle", "Sociaal wijkteam"]
    assert all(c.example and c.phone.startswith("038-000") for c in found)


def test_a_wijk_of_its_own_comes_first(tmp_path: Path) -> None:
    available = contacts.read_contacts(
        write(
            tmp_path / "c.csv",
            "Zwolle,a,a,038-0000001,,,,,,nee",
            "Team Zuid,b,b,038-0000002,,,,,Assendorp;aa landen,nee",
        )
    )
    assert available[1].wijken == ("Assendorp", "Aa-landen")
    assert [c.name for c in contacts.for_wijk("Aa-landen", available)] == ["Team Zuid", "Zwolle"]
    assert [c.name for c in contacts.for_wijk("Berkum", available)] == ["Zwolle"]
    assert [c.name for c in contacts.for_wijk(None, available)] == ["Zwolle"]


def test_an_unknown_wijk_is_an_error_that_names_it(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="Hanzeland"):
        contacts.read_contacts(write(tmp_path / "c.csv", "X,a,a,038-0000001,,,,,Hanzeland,nee"))
