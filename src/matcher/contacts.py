"""Who a resident can ask to search together: SamenZwolle and the sociaal wijkteam.

The municipality keeps data/contact/samen-zoeken.csv up to date (see its SOURCE.md).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from matcher import geo
from matcher.resources import data_path


@dataclass(frozen=True, slots=True)
class Contact:
    """An organisation that searches a plek together with a resident."""

    name: str
    what: str
    what_en: str
    phone: str
    email: str
    website: str
    when: str
    when_en: str
    wijken: tuple[str, ...]  # empty: all of Zwolle
    example: bool  # example values, not real ones

    def what_in(self, language: str) -> str:
        """What they do, in a language of the pages."""
        return self.what_en if language == "en" else self.what

    def when_in(self, language: str) -> str:
        """When they can be reached, in a language of the pages."""
        return self.when_en if language == "en" else self.when

    def language_for(self, language: str) -> str:
        """The language `what_in` and `when_in` answer in: the file has Dutch and English only."""
        return "en" if language == "en" else "nl"


@cache
def contacts() -> tuple[Contact, ...]:
    """The contacts of data/contact/samen-zoeken.csv."""
    return read_contacts(data_path("contact", "samen-zoeken.csv"))


def read_contacts(path: Path) -> tuple[Contact, ...]:
    """Every contact of a file; a wijk that does not exist is an error naming it."""
    found = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            wijken = tuple(
                geo.canonical_wijk(w.strip()) for w in row["wijken"].split(";") if w.strip()
            )
            found.append(
                Contact(
                    name=row["naam"],
                    what=row["wat"],
                    what_en=row["wat_en"],
                    phone=row["telefoon"],
                    email=row["email"],
                    website=row["website"],
                    when=row["wanneer"],
                    when_en=row["wanneer_en"],
                    wijken=wijken,
                    example=row["voorbeeld"].strip().lower() == "ja",
                )
            )
    return tuple(found)


def for_wijk(wijk: str | None, available: Sequence[Contact] | None = None) -> list[Contact]:
    """The contacts for someone in a wijk (when known): that wijk's own first, then Zwolle's."""
    available = contacts() if available is None else available
    own = [c for c in available if wijk is not None and wijk in c.wijken]
    return own + [c for c in available if not c.wijken]
