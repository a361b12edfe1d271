"""Ranking fixtures: indexes built straight from catalogue files, no database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from matcher import vocabulary
from matcher.catalogue.formats import read_catalogue
from matcher.catalogue.records import ActivityRecord, parse_record
from matcher.profile import parse_profile
from matcher.ranking.index import CatalogueIndex, build_index
from matcher.ranking.query import Query
from matcher.ranking.rank import Answer, rank
from matcher.services.matching import resolver
from tests.conftest import EVAL_CATALOGUE, EVAL_PERSONAS, row

TODAY = dt.date(2026, 11, 23)
SAMPLE_CATALOGUE = (
    Path(__file__).resolve().parents[2] / "data" / "catalogue" / "zwolle-voorbeeld.csv"
)


def load_records(path: Path) -> list[ActivityRecord]:
    parsed = read_catalogue(path.read_bytes(), path.name)
    assert parsed.errors == []
    return [record for _line, record in parsed.records]


def index_of(*rows: dict[str, str]) -> CatalogueIndex:
    return build_index([parse_record(r) for r in rows], 1, vocabulary.stop_words())


def ask(index: CatalogueIndex, top: int = 10, **profile: Any) -> Answer:
    return rank(index, Query.from_profile(parse_profile(profile), resolver()), top, TODAY)


@pytest.fixture(scope="session")
def eval_index() -> CatalogueIndex:
    return build_index(load_records(EVAL_CATALOGUE), 1, vocabulary.stop_words())


@pytest.fixture(scope="session")
def personas() -> list[dict[str, Any]]:
    return json.loads(EVAL_PERSONAS.read_text(encoding="utf-8"))


__all__ = ["TODAY", "ask", "index_of", "row"]
