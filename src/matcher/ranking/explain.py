"""Reasons a resident understands: short Dutch phrases built from what matched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matcher import vocabulary
from matcher.catalogue.records import ActivityRecord

if TYPE_CHECKING:
    from matcher.ranking.rank import Query

_LANGUAGE_NAMES = {"en": "Engels", "ar": "Arabisch", "tr": "Turks", "pl": "Pools", "ti": "Tigrinya",
                   "de": "Duits", "fr": "Frans", "es": "Spaans", "uk": "Oekraïens", "so": "Somalisch",
                   "fa": "Perzisch", "ru": "Russisch", "nl": "Nederlands"}  # fmt: skip


def explain(record: ActivityRecord, query: Query, distance_km: float | None) -> list[str]:
    """Why this activity suits the person, most important first."""
    profile = query.profile
    reasons = [
        f"past bij je interesse {hit.word.lower() if hit.word else code}"
        for code, hit in query.interests.items()
        if code in record.interests
    ]
    asked = list(dict.fromkeys((*profile.required, *profile.preferred)))
    reasons += [vocabulary.SUPPORTS[code].label.lower() for code in asked if code in record.support]
    reasons += [
        f"ervaring met {vocabulary.EXPERTISE[code].label.lower()}"
        for code in profile.expertise
        if code in record.expertise
    ]
    if distance_km is not None:
        reasons.append(f"{format_km(distance_km)} van huis")
    days = [s.day for s in record.schedule if s.day in profile.days]
    if days:
        reasons.append("op " + _and([vocabulary.DAYS[d].label for d in dict.fromkeys(days)]))
    reasons += [vocabulary.VORMEN[v].label.lower() for v in profile.vorm if v in record.vorm]
    if record.cost_eur == 0:
        reasons.append("gratis")
    if profile.language != "nl" and profile.language in record.languages:
        reasons.append(f"ook in het {_LANGUAGE_NAMES.get(profile.language, profile.language)}")
    if record.status == "wachtlijst":
        reasons.append("let op: er is een wachtlijst")
    return reasons


def format_km(km: float) -> str:
    """'1,2 km' the Dutch way; under 100 m as '< 0,1 km'."""
    return "< 0,1 km" if km < 0.1 else f"{km:.1f}".replace(".", ",") + " km"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]
