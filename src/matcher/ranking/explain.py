"""Reasons a resident understands: short phrases built from what matched, in Dutch (or English)."""

from __future__ import annotations

from collections.abc import Sequence

from matcher import vocabulary
from matcher.catalogue.records import ActivityRecord
from matcher.ranking.fit import DEELS, OTHER_TIMES, AskMatch, Matched
from matcher.ranking.index import daypart
from matcher.ranking.query import Query

PHRASES = {
    "nl": {
        "interest": "past bij je interesse {word}",
        "related": "ook iets met {what}",
        "expertise": "ervaring met {label}",
        "distance": "{km} van huis",
        "days": "op {days}",
        "and": "en",
        "free": "gratis",
        "language": "ook in het {language}",
        "waiting": "er is een wachtlijst",
        "only_days": "alleen op {days}",
        "only_parts": "alleen {parts}",
        "no_vorm": "geen {label}",
        "no_language": "niet in het {language}",
        "ochtend": "'s ochtends",
        "middag": "'s middags",
        "avond": "'s avonds",
    },
    "en": {
        "interest": "matches your interest {word}",
        "related": "also something with {what}",
        "expertise": "experience with {label}",
        "distance": "{km} from home",
        "days": "on {days}",
        "and": "and",
        "free": "free",
        "language": "also in {language}",
        "waiting": "there is a waiting list",
        "only_days": "only on {days}",
        "only_parts": "only in the {parts}",
        "no_vorm": "not {label}",
        "no_language": "not in {language}",
        "ochtend": "morning",
        "middag": "afternoon",
        "avond": "evening",
    },
}

LANGUAGE_NAMES = {
    "nl": {
        "en": "Engels",
        "ar": "Arabisch",
        "tr": "Turks",
        "pl": "Pools",
        "ti": "Tigrinya",
        "de": "Duits",
        "fr": "Frans",
        "es": "Spaans",
        "uk": "Oekraïens",
        "so": "Somalisch",
        "fa": "Perzisch",
        "ru": "Russisch",
        "nl": "Nederlands",
    },
    "en": {
        "en": "English",
        "ar": "Arabic",
        "tr": "Turkish",
        "pl": "Polish",
        "ti": "Tigrinya",
        "de": "German",
        "fr": "French",
        "es": "Spanish",
        "uk": "Ukrainian",
        "so": "Somali",
        "fa": "Persian",
        "ru": "Russian",
        "nl": "Dutch",
    },
}


def explain(
    record: ActivityRecord,
    query: Query,
    matches: Sequence[AskMatch],
    matched: Matched,
    distance_km: float | None,
    shortfalls: Sequence[str],
    fit: str,
    language: str = "nl",
) -> tuple[list[str], list[str]]:
    """Why this activity suits the person (most important first), and what is different.

    Every reason about the person's interests and supports comes from `matched`; the rest are
    facts of the activity (its distance, days, cost, language).
    """
    say = PHRASES.get(language, PHRASES["nl"])
    profile = query.profile
    reasons = _interest_reasons(matches, matched, say, language)
    reasons += [_lower(vocabulary.SUPPORTS[c].label_in(language)) for c in matched.supports]
    reasons += [
        say["expertise"].format(label=_lower(vocabulary.EXPERTISE[code].label_in(language)))
        for code in profile.expertise
        if code in record.expertise
    ]
    if distance_km is not None:
        reasons.append(say["distance"].format(km=format_km(distance_km, language)))
    days = dict.fromkeys(s.day for s in record.schedule if s.day in profile.days)
    if days and OTHER_TIMES not in shortfalls:
        reasons.append(say["days"].format(days=_days(days, say, language)))
    reasons += [
        _lower(vocabulary.VORMEN[v].label_in(language)) for v in profile.vorm if v in record.vorm
    ]
    if record.cost_eur == 0:
        reasons.append(say["free"])
    if profile.language != "nl" and profile.language in record.languages:
        reasons.append(say["language"].format(language=_language_name(profile.language, language)))
    return list(dict.fromkeys(reasons)), _notes(record, query, shortfalls, fit, say, language)


def _interest_reasons(
    matches: Sequence[AskMatch], matched: Matched, say: dict[str, str], language: str
) -> list[str]:
    """'past bij je interesse kringloop' only when it is one; else what it shares."""
    reasons = []
    full_codes = {c for m in matches if m.full for c in m.interests}
    for match in matches:
        if match.full and match.expertise and not match.interests:
            label = vocabulary.EXPERTISE[match.expertise[0]].label_in(language)
            reasons.append(say["expertise"].format(label=_lower(label)))
        elif match.full and match.ask.word in matched.words:
            reasons.append(say["interest"].format(word=_shown(match.ask.word)))
        elif match.named and match.ask.word in matched.words:
            reasons.append(say["related"].format(what=_shown(match.ask.word)))
        elif not match.full:
            for code in match.interests:
                if code not in full_codes:
                    label = vocabulary.INTERESTS[code].label_in(language)
                    reasons.append(say["related"].format(what=_lower(label)))
    return reasons


def _notes(
    record: ActivityRecord,
    query: Query,
    shortfalls: Sequence[str],
    fit: str,
    say: dict[str, str],
    language: str,
) -> list[str]:
    """What is different from what the person asked: times and waiting lists always, the rest
    where it makes the fit partial."""
    profile, notes = query.profile, []
    if OTHER_TIMES in shortfalls:
        days = dict.fromkeys(s.day for s in record.schedule)
        if profile.days and not set(days) & set(profile.days):
            notes.append(say["only_days"].format(days=_days(days, say, language)))
        else:
            parts = dict.fromkeys(say[daypart(s)] for s in record.schedule)
            notes.append(say["only_parts"].format(parts=_and(list(parts), say["and"])))
    if "wachtlijst" in shortfalls:
        notes.append(say["waiting"])
    if fit != DEELS:
        return notes
    if "vorm" in shortfalls:
        labels = [_lower(vocabulary.VORMEN[v].label_in(language)) for v in profile.vorm]
        notes.append(say["no_vorm"].format(label=_and(labels, say["and"])))
    if "taal" in shortfalls:
        notes.append(say["no_language"].format(language=_language_name(profile.language, language)))
    return notes


def format_km(km: float, language: str = "nl") -> str:
    """'1,2 km' the Dutch way ('1.2 km' in English); under 100 m as '< 0,1 km'."""
    text = "< 0.1 km" if km < 0.1 else f"{km:.1f} km"
    return text.replace(".", ",") if language == "nl" else text


def _shown(word: str) -> str:
    # Abbreviations stay in capitals ('AA'); other words as people write them in a sentence.
    return word if len(word) > 1 and word.isupper() else word.lower()


def _days(days: dict[str, None], say: dict[str, str], language: str) -> str:
    return _and([vocabulary.DAYS[d].label_in(language) for d in days], say["and"])


def _language_name(code: str, language: str) -> str:
    return LANGUAGE_NAMES.get(language, LANGUAGE_NAMES["nl"]).get(code, code)


def _lower(label: str) -> str:
    # Labels start with a capital; inside a reason they read as ordinary words.
    return label[:1].lower() + label[1:]


def _and(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]
