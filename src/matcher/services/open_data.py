"""The catalogue as open data: HSDS services, taxonomies and terms a page at a time (docs/open-data.md).

Only what the catalogue publishes anyway (its entries, as on /api/v1/activities); never cases,
referrals or accounts. The records come from the ranking index, cached per catalogue version.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from matcher.catalogue import hsds
from matcher.catalogue.records import ActivityRecord
from matcher.services import matching

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ServiceFilter:
    """What a list of services is narrowed to; None or empty: not narrowed."""

    search: str = ""
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None


def _folded(text: str) -> str:
    # 'Café' is found by 'cafe': accents and case do not count.
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.casefold()


def _matches(record: ActivityRecord, wanted: ServiceFilter) -> bool:
    if wanted.organization_id and hsds.organization_id(record) != wanted.organization_id:
        return False
    if wanted.taxonomy_term_id:
        found = hsds.terms_by_id().get(wanted.taxonomy_term_id)
        if found is None or found[1] not in hsds.codes_of(record, found[0]):
            return False
    if wanted.taxonomy_id:
        taxonomy = next((t for t in hsds.taxonomies() if t.id == wanted.taxonomy_id), None)
        if taxonomy is None or not hsds.codes_of(record, taxonomy):
            return False
    text = _folded(f"{record.title} {record.description} {record.organisation}")
    return all(word in text for word in _folded(wanted.search).split())


def services(db: Session, wanted: ServiceFilter) -> list[ActivityRecord]:
    """The catalogue's activities that pass the filter, in catalogue order."""
    return [r for r in matching.current_index(db).records if _matches(r, wanted)]


def service(db: Session, service_id: str) -> dict[str, Any] | None:
    """One activity as a full HSDS service, by its HSDS id; None when there is none."""
    for record in matching.current_index(db).records:
        if hsds.service_id(record.id) == service_id:
            return hsds.service(record)
    return None


def summary(record: ActivityRecord) -> dict[str, Any]:
    """A service with its one-to-one fields and organisation only, as HSDS lists them."""
    return {
        key: value for key, value in hsds.service(record).items() if not isinstance(value, list)
    }


def taxonomies(search: str = "") -> list[dict[str, Any]]:
    """The published taxonomies, narrowed by words in their name or description."""
    found = [hsds.taxonomy_json(t) for t in hsds.taxonomies()]
    return [t for t in found if _has_words(f"{t['name']} {t['description']}", search)]


def taxonomy_terms(search: str = "", taxonomy_id: str | None = None) -> list[dict[str, Any]]:
    """The published terms, of one taxonomy when given, narrowed by words in code, name or description."""
    found = [
        hsds.term_json(t, code)
        for t in hsds.taxonomies()
        if taxonomy_id in (None, t.id)
        for code in t.terms
    ]
    return [
        term
        for term in found
        if _has_words(f"{term['code']} {term['name']} {term['description']}", search)
    ]


def _has_words(text: str, search: str) -> bool:
    folded = _folded(text)
    return all(word in folded for word in _folded(search).split())


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list, in HSDS's paging fields."""

    number: int
    size: int

    def of(self, items: Sequence[T]) -> tuple[list[T], dict[str, Any]]:
        """The items on this page, and the paging fields HSDS's Page has."""
        shown = list(items[(self.number - 1) * self.size : self.number * self.size])
        pages = max(1, -(-len(items) // self.size))
        return shown, {
            "total_items": len(items),
            "total_pages": pages,
            "page_number": self.number,
            "size": len(shown),
            "first_page": self.number == 1,
            "last_page": self.number >= pages,
            "empty": not shown,
        }
