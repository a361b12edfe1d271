"""Reasons a resident understands: short phrases built from what matched, in Dutch (or English)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matcher import vocabulary
from matcher.catalogue.records import ActivityRecord

if TYPE_CHECKING:
    from matcher.ranking.rank import Query

PHRASES = {
    "nl": {
        "interest": "past bij je interesse {word}",
        "expertise": "ervaring met {label}",
        "distance": "{km} van huis",
        "days": "op {days}",
        "and": "en",
        "free": "gratis",
        "language": "ook in het {language}",
        "waiting": "let op: er is een wachtlijst",
    },
    "en": {
        "interest": "matches your interest {word}",
        "expertise": "experience with {label}",
        "distance": "{km} from home",
        "days": "on {days}",
        "and": "and",
        "free": "free",
        "language": "also in {language}",
        "waiting": "note: there is a waiting list",
    },
}

LANGUAGE_NAMES = {
    "nl": {"en": "Engels", "ar": "Arabisch", "tr": "Turks", "pl": "Pools", "ti": "Tigrinya",
           "de": "Duits", "fr": "Frans", "es": "Spaans", "uk": "Oekraïens", "so": "Somalisch",
           "fa": "Perzisch", "ru": "Russisch", "nl": "Nederlands"},
    "en": {"en": "English", "ar": "Arabic", "tr": "Turkish", "pl": "Polish", "ti": "Tigrinya",
           "de": "German", "fr": "French", "es": "Spanish", "uk": "Ukrainian", "so": "Somali",
           "fa": "Persian", "ru": "Russian", "nl": "Dutch"},
}  # fmt: skip


def explain(
    record: ActivityRecord, query: Query, distance_km: float | None, language: str = "nl"
) -> list[str]:
    """Why this activity suits the person, most important first, in 'nl' (default) or 'en'."""
    say = PHRASES.get(language, PHRASES["nl"])
    profile = query.profile
    reasons = [
        say["interest"].format(word=hit.word.lower() or code)
        for code, hit in query.interests.items()
        if code in record.interests
    ]
    asked = dict.fromkeys((*profile.required, *profile.preferred))
    reasons += [
        _lower(vocabulary.SUPPORTS[c].label_in(language)) for c in asked if c in record.support
    ]
    reasons += [
        say["expertise"].format(label=_lower(vocabulary.EXPERTISE[code].label_in(language)))
        for code in profile.expertise
        if code in record.expertise
    ]
    if distance_km is not None:
        reasons.append(say["distance"].format(km=format_km(distance_km, language)))
    days = dict.fromkeys(s.day for s in record.schedule if s.day in profile.days)
    if days:
        labels = [vocabulary.DAYS[d].label_in(language) for d in days]
        reasons.append(say["days"].format(days=_and(labels, say["and"])))
    reasons += [
        _lower(vocabulary.VORMEN[v].label_in(language)) for v in profile.vorm if v in record.vorm
    ]
    if record.cost_eur == 0:
        reasons.append(say["free"])
    if profile.language != "nl" and profile.language in record.languages:
        names = LANGUAGE_NAMES.get(language, LANGUAGE_NAMES["nl"])
        reasons.append(
            say["language"].format(language=names.get(profile.language, profile.language))
        )
    if record.status == "wachtlijst":
        reasons.append(say["waiting"])
    return reasons


def format_km(km: float, language: str = "nl") -> str:
    """'1,2 km' the Dutch way ('1.2 km' in English); under 100 m as '< 0,1 km'."""
    text = "< 0.1 km" if km < 0.1 else f"{km:.1f} km"
    return text.replace(".", ",") if language == "nl" else text


def _lower(label: str) -> str:
    # Labels start with a capital; inside a reason they read as ordinary words.
    return label[:1].lower() + label[1:]


def _and(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]
