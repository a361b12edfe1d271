"""Reasons a resident understands: short phrases built from what matched.

A reason is a `Phrase`: the Dutch text of the contract's answer, which the pages translate
through the gettext catalogue (`matcher.web.i18n.translate`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from matcher import vocabulary
from matcher.catalogue.records import ActivityRecord
from matcher.phrases import N_, Param, Phrase, series
from matcher.ranking.fit import DEELS, OTHER_TIMES, AskMatch, Matched
from matcher.ranking.index import daypart
from matcher.ranking.query import Query

# The reasons' message ids: Dutch, as the contract's answer says them; pages translate them.
INTEREST = N_("past bij je interesse %(word)s")
RELATED = N_("ook iets met %(what)s")
EXPERTISE = N_("ervaring met %(label)s")
DISTANCE = N_("%(km)s van huis")
DAYS = N_("op %(days)s")
FREE = N_("gratis")
LANGUAGE = N_("ook in het %(language)s")
# Searching for someone else (`voor=ander`): the reasons that speak to "je", about him or her.
ABOUT_SOMEONE_ELSE = {INTEREST: N_("past bij zijn of haar interesse %(word)s")}
WAITING = N_("er is een wachtlijst")
ONLY_DAYS = N_("alleen op %(days)s")
ONLY_PARTS = N_("alleen %(parts)s")
NO_VORM = N_("geen %(label)s")
NO_LANGUAGE = N_("niet in het %(language)s")
DAYPARTS = {"ochtend": N_("'s ochtends"), "middag": N_("'s middags"), "avond": N_("'s avonds")}
MAX_CACHED_PHRASES = 4096  # phrases kept of people's words and of sets of days


def explain(
    record: ActivityRecord,
    query: Query,
    matches: Sequence[AskMatch],
    matched: Matched,
    distance_km: float | None,
    shortfalls: Sequence[str],
    fit: str,
) -> tuple[list[Phrase], list[Phrase]]:
    """Why this activity suits the person (most important first), and what is different.

    Every reason about the person's interests and supports comes from `matched`; the rest are
    facts of the activity (its distance, days, cost, language).
    """
    profile = query.profile
    reasons = _interest_reasons(matches, matched)
    reasons += [_support(c) for c in matched.supports]
    # Most profiles name no expertise, days or forms: nothing to look for then.
    if profile.expertise:
        reasons += [_expertise(code) for code in profile.expertise if code in record.expertise]
    if distance_km is not None:
        reasons.append(_from_home(distance_km))
    if profile.days and OTHER_TIMES not in shortfalls:
        days = tuple(dict.fromkeys(s.day for s in record.schedule if s.day in profile.days))
        if days:
            reasons.append(_on_days(days))
    if profile.vorm:
        reasons += [_vorm(v) for v in profile.vorm if v in record.vorm]
    if record.cost_eur == 0:
        reasons.append(_fixed(FREE))
    if profile.language != "nl" and profile.language in record.languages:
        reasons.append(_also_in(profile.language))
    return list(dict.fromkeys(reasons)), _notes(record, query, shortfalls, fit)


def _interest_reasons(matches: Sequence[AskMatch], matched: Matched) -> list[Phrase]:
    """'past bij je interesse kringloop' only when it is one; else what it shares."""
    reasons = []
    full_codes = {c for m in matches if m.full for c in m.interests}
    for match in matches:
        full = match.full
        if full and match.expertise and not match.interests:
            reasons.append(_expertise(match.expertise[0]))
        elif full and match.ask.word in matched.words:
            reasons.append(_interest(match.ask.word))
        elif match.named and match.ask.word in matched.words:
            reasons.append(_related_word(match.ask.word))
        elif not full:
            for code in match.interests:
                if code not in full_codes:
                    reasons.append(_related_interest(code))
    return reasons


def _notes(
    record: ActivityRecord, query: Query, shortfalls: Sequence[str], fit: str
) -> list[Phrase]:
    """What is different from what the person asked: times and waiting lists always, the rest
    where it makes the fit partial."""
    profile, notes = query.profile, []
    if OTHER_TIMES in shortfalls:
        days = tuple(dict.fromkeys(s.day for s in record.schedule))
        if profile.days and not set(days) & set(profile.days):
            notes.append(Phrase(ONLY_DAYS, {"days": _days(days)}))
        else:
            parts = tuple(dict.fromkeys(_fixed(DAYPARTS[daypart(s)]) for s in record.schedule))
            notes.append(Phrase(ONLY_PARTS, {"parts": series(parts)}))
    if "wachtlijst" in shortfalls:
        notes.append(_fixed(WAITING))
    if fit != DEELS:
        return notes
    if "vorm" in shortfalls:
        labels = tuple(_vorm(v) for v in profile.vorm)
        notes.append(Phrase(NO_VORM, {"label": series(labels)}))
    if "taal" in shortfalls:
        notes.append(Phrase(NO_LANGUAGE, {"language": language_name(profile.language)}))
    return notes


def distance(km: float) -> Phrase:
    """'1,2 km' (the Dutch way); under 100 m as '< 0,1 km'."""
    if km < 0.1:
        return Phrase(N_("< %(km)s km"), {"km": 0.1})
    return Phrase(N_("%(km)s km"), {"km": km})


def _from_home(km: float) -> Phrase:
    # Only tenths of a km are shown (in every language), so one phrase per tenth will do.
    return _from_home_in_tenths(0.0 if km < 0.1 else round(km, 1))


@lru_cache(maxsize=MAX_CACHED_PHRASES)
def _from_home_in_tenths(km: float) -> Phrase:
    return Phrase(DISTANCE, {"km": distance(km)})


@cache
def language_name(code: str) -> Phrase | str:
    """The name of a language ('Engels'); a code without a name stays a code."""
    language = vocabulary.LANGUAGES.get(code)
    return code if language is None else Phrase(language.name)


def _shown(word: str) -> str:
    # Abbreviations stay in capitals ('AA'); other words as people write them in a sentence.
    return word if len(word) > 1 and word.isupper() else word.lower()


# The phrases below depend on codes alone, so each is made once: results have many of them.
@cache
def _expertise(code: str) -> Phrase:
    return Phrase(EXPERTISE, {"label": _label(vocabulary.EXPERTISE[code])})


@cache
def _related_interest(code: str) -> Phrase:
    return Phrase(RELATED, {"what": _label(vocabulary.INTERESTS[code])})


# By code: a code's hash is kept in the string, a Term's is worked out on every look-up.
@cache
def _support(code: str) -> Phrase:
    return _label(vocabulary.SUPPORTS[code])


@cache
def _vorm(code: str) -> Phrase:
    return _label(vocabulary.VORMEN[code])


@cache
def _also_in(language: str) -> Phrase:
    return Phrase(LANGUAGE, {"language": language_name(language)})


@lru_cache(maxsize=MAX_CACHED_PHRASES)
def _on_days(days: tuple[str, ...]) -> Phrase:
    return Phrase(DAYS, {"days": _days(days)})


# The same for the person's own words: they come from anyone, so only the latest are kept.
@lru_cache(maxsize=MAX_CACHED_PHRASES)
def _interest(word: str) -> Phrase:
    return Phrase(INTEREST, {"word": _shown(word)})


@lru_cache(maxsize=MAX_CACHED_PHRASES)
def _related_word(word: str) -> Phrase:
    return Phrase(RELATED, {"what": _shown(word)})


@cache
def _days(days: tuple[str, ...]) -> Param:
    return series(tuple(_fixed(vocabulary.DAYS[d].label) for d in days))


@cache
def _fixed(msgid: str) -> Phrase:
    return Phrase(msgid)


@cache
def _label(term: vocabulary.Term) -> Phrase:
    # Labels start with a capital; inside a reason they read as ordinary words.
    return Phrase(term.label, in_sentence=True)


def about_someone_else(reason: str) -> str:
    """A reason as said about the person one searches for, not to the reader."""
    if isinstance(reason, Phrase) and reason.msgid in ABOUT_SOMEONE_ELSE:
        return Phrase(
            ABOUT_SOMEONE_ELSE[reason.msgid], reason.params, in_sentence=reason.in_sentence
        )
    return reason
