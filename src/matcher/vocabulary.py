"""The contract's vocabulary: every code with its Dutch label, a plain-Dutch explanation and an English label.

This is the one place where codes are defined; the catalogue import, the profile validation, the
ranking and the pages all read from here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from matcher.resources import data_path


@dataclass(frozen=True, slots=True)
class Term:
    """One code of the vocabulary with the words people see."""

    code: str
    label: str  # Dutch label shown to people
    explanation: str  # one plain-Dutch (B1) sentence for residents
    label_en: str


def _index(*terms: Term) -> dict[str, Term]:
    return {term.code: term for term in terms}


INTERESTS = _index(
    Term(
        "koken",
        "Koken en samen eten",
        "Samen koken, bakken of een maaltijd delen.",
        "Cooking and eating together",
    ),
    Term(
        "sport",
        "Sport en bewegen",
        "Sporten en bewegen, zoals fitness, voetbal of yoga.",
        "Sports and exercise",
    ),
    Term(
        "wandelen",
        "Wandelen en natuur",
        "Samen wandelen en buiten in de natuur zijn.",
        "Walking and nature",
    ),
    Term(
        "tuinieren",
        "Tuinieren en groen",
        "Werken in een moestuin, volkstuin of het buurtgroen.",
        "Gardening and green spaces",
    ),
    Term(
        "muziek",
        "Muziek en zingen",
        "Zingen in een koor of samen muziek maken.",
        "Music and singing",
    ),
    Term(
        "creatief",
        "Creatief en handwerk",
        "Schilderen, tekenen, breien, naaien of met hout werken.",
        "Arts and crafts",
    ),
    Term(
        "cultuur",
        "Kunst, cultuur en erfgoed",
        "Naar het museum, theater of film, of over geschiedenis.",
        "Art, culture and heritage",
    ),
    Term(
        "spel",
        "Spellen en puzzels",
        "Kaarten, sjoelen, schaken, bordspellen of bingo.",
        "Games and puzzles",
    ),
    Term(
        "digitaal",
        "Computer en digitaal",
        "Leren werken met de computer, tablet of smartphone.",
        "Computers and digital skills",
    ),
    Term(
        "taal",
        "Taal en lezen",
        "Nederlands oefenen, lezen, schrijven of over boeken praten.",
        "Language and reading",
    ),
    Term(
        "klussen",
        "Klussen, techniek en repareren",
        "Repareren, timmeren of fietsen maken.",
        "Repairs, tinkering and technology",
    ),
    Term("dieren", "Dieren", "Zorgen voor dieren, bijvoorbeeld op een kinderboerderij.", "Animals"),
    Term(
        "kinderen",
        "Werken met kinderen",
        "Voorlezen, helpen bij huiswerk of in de speeltuin.",
        "Working with children",
    ),
    Term(
        "ontmoeting",
        "Ontmoeting en inloop",
        "Koffie drinken en een praatje maken met buren.",
        "Meeting people and drop-in",
    ),
    Term(
        "lotgenoten",
        "Lotgenotencontact",
        "Praten met mensen die hetzelfde hebben meegemaakt.",
        "Peer support",
    ),
    Term(
        "zingeving",
        "Zingeving en levensvragen",
        "Praten over wat je belangrijk vindt in het leven.",
        "Meaning and life questions",
    ),
    Term(
        "gezondheid",
        "Gezond leven en ontspanning",
        "Ontspannen en gezond leven, zoals mindfulness.",
        "Healthy living and relaxation",
    ),
    Term(
        "werk",
        "Werkervaring en leren",
        "Werkervaring opdoen en nieuwe dingen leren.",
        "Work experience and learning",
    ),
    Term(
        "winkel",
        "Winkel, verkoop en gastvrijheid",
        "Helpen in een winkel, kringloop of café.",
        "Shop, sales and hospitality",
    ),
)

SUPPORTS = _index(
    Term(
        "prikkelarm",
        "Rustige plek",
        "Een rustige, kleine plek zonder veel drukte of lawaai.",
        "Low-stimulus space",
    ),
    Term(
        "begeleiding_aanwezig",
        "Begeleiding aanwezig",
        "Er is iemand bij die je helpt als het even niet lukt.",
        "Supervisor present",
    ),
    Term(
        "professional_bereikbaar",
        "Iemand die je kunt bellen",
        "Je kunt een hulpverlener bellen die weet wat je nodig hebt.",
        "Professional on call",
    ),
    Term(
        "getrainde_vrijwilligers",
        "Getrainde vrijwilligers",
        "De vrijwilligers weten hoe ze je goed kunnen helpen.",
        "Trained volunteers",
    ),
    Term(
        "ervaringsdeskundige",
        "Ervaringsdeskundige",
        "Iemand die zelf hetzelfde heeft meegemaakt doet mee of leidt de groep.",
        "Peer expert",
    ),
    Term(
        "kennismaken_met_maatje",
        "Iemand gaat de eerste keer mee",
        "De eerste keer kan iemand met je meegaan.",
        "Someone comes along the first time",
    ),
    Term(
        "kleine_groep",
        "Kleine groep",
        "Een groep van ongeveer acht mensen of minder.",
        "Small group",
    ),
    Term(
        "vrijblijvend",
        "Vrijblijvend",
        "Je mag een keer niet komen zonder af te melden.",
        "No commitment",
    ),
    Term(
        "duidelijke_taak", "Duidelijke taak", "Je krijgt een vaste, duidelijke taak.", "Clear task"
    ),
    Term(
        "rolstoeltoegankelijk",
        "Rolstoeltoegankelijk",
        "Het gebouw en de wc zijn goed te bereiken met een rolstoel.",
        "Wheelchair accessible",
    ),
    Term(
        "eenvoudige_taal",
        "Eenvoudige taal",
        "De uitleg en het contact zijn in makkelijke taal.",
        "Plain language",
    ),
    Term(
        "vervoer",
        "Vervoer mogelijk",
        "Er kan vervoer voor je geregeld worden.",
        "Transport available",
    ),
    Term(
        "inloop",
        "Vrije inloop",
        "Je kunt zo binnenlopen, zonder aan te melden.",
        "Walk in, no registration",
    ),
    Term(
        "cultuursensitief",
        "Oog voor cultuur en geloof",
        "Er is aandacht voor jouw cultuur en geloof.",
        "Culturally sensitive",
    ),
)

# Supports that Sociale activatie en herstel can add to an existing activity ("opplussen").
OPPLUS_SUPPORTS: tuple[str, ...] = (
    "begeleiding_aanwezig",
    "professional_bereikbaar",
    "getrainde_vrijwilligers",
    "ervaringsdeskundige",
    "kennismaken_met_maatje",
)

EXPERTISE = _index(
    Term(
        "psychisch",
        "Psychische kwetsbaarheid",
        "Kennis van psychische klachten.",
        "Psychological vulnerability",
    ),
    Term(
        "nah",
        "Niet-aangeboren hersenletsel",
        "Kennis van hersenletsel, bijvoorbeeld na een ongeluk.",
        "Acquired brain injury",
    ),
    Term("autisme", "Autisme", "Kennis van autisme.", "Autism"),
    Term(
        "lvb",
        "Licht verstandelijke beperking",
        "Kennis van mensen die wat meer uitleg nodig hebben.",
        "Mild intellectual disability",
    ),
    Term(
        "herstel",
        "Herstel na ziekte",
        "Kennis van herstel na een ziekte.",
        "Recovering from illness",
    ),
    Term("verslaving", "Verslaving", "Kennis van verslaving en herstel daarvan.", "Addiction"),
)

VORMEN = _index(
    Term("deelnemen", "Meedoen", "Je doet mee met een activiteit.", "Take part"),
    Term(
        "vrijwilligerswerk",
        "Vrijwilligerswerk",
        "Je helpt anderen als vrijwilliger.",
        "Volunteer work",
    ),
    Term(
        "zelf_organiseren",
        "Zelf organiseren",
        "De deelnemers regelen het samen.",
        "Run it yourselves",
    ),
    Term(
        "herontdekken",
        "Herontdekken",
        "Een korte cursus om te ontdekken wat je leuk vindt.",
        "Rediscover interests",
    ),
    Term(
        "lotgenotencontact",
        "Lotgenotencontact",
        "Je praat met mensen die hetzelfde hebben meegemaakt.",
        "Peer support",
    ),
)

AANBOD = _index(
    Term(
        "regulier",
        "Voor iedereen",
        "Een gewone activiteit, open voor iedereen.",
        "Regular, open to all",
    ),
    Term(
        "opgeplust",
        "Met extra steun",
        "Een gewone activiteit met wat extra steun erbij.",
        "Regular, with light support",
    ),
    Term(
        "aanvullend",
        "Speciale groep",
        "Een activiteit speciaal voor mensen die steun nodig hebben.",
        "For the target group",
    ),
    Term(
        "maatwerk",
        "Dagbesteding met beschikking",
        "Hiervoor heb je eerst een beschikking van het sociaal wijkteam nodig.",
        "Indicated care (needs a referral)",
    ),
)

STATUSES = _index(
    Term("open", "Open", "Je kunt meedoen.", "Open"),
    Term("wachtlijst", "Wachtlijst", "Er is een wachtlijst.", "Waiting list"),
    Term("vol", "Vol", "Het is vol, je kunt nu niet meedoen.", "Full"),
)

DAYS = _index(
    Term("ma", "maandag", "Maandag.", "Monday"),
    Term("di", "dinsdag", "Dinsdag.", "Tuesday"),
    Term("wo", "woensdag", "Woensdag.", "Wednesday"),
    Term("do", "donderdag", "Donderdag.", "Thursday"),
    Term("vr", "vrijdag", "Vrijdag.", "Friday"),
    Term("za", "zaterdag", "Zaterdag.", "Saturday"),
    Term("zo", "zondag", "Zondag.", "Sunday"),
)

DAY_CODES: tuple[str, ...] = tuple(DAYS)

DEFAULT_VORM = "deelnemen"
DEFAULT_AANBOD = "regulier"
DEFAULT_STATUS = "open"
DEFAULT_LANGUAGE = "nl"


@cache
def synonyms() -> dict[str, frozenset[str]]:
    """Everyday words and phrases -> interest codes (data/vocabulary/synoniemen.csv)."""
    found: dict[str, set[str]] = {}
    with data_path("vocabulary", "synoniemen.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            found.setdefault(row["term"], set()).add(row["interest"])
    return {term: frozenset(codes) for term, codes in found.items()}


@cache
def stop_words() -> frozenset[str]:
    """Snowball's Dutch stop words, without words that carry meaning here ('alleen', 'samen')."""
    words = set()
    with data_path("vocabulary", "snowball_dutch_stop.txt").open(encoding="latin-1") as fh:
        for line in fh:
            word = line.split("|", 1)[0].strip()
            if word:
                words.add(word)
    return frozenset(words - KEEP_WORDS)


# Stop-word lists drop these, but for a person looking for a place they say a lot.
KEEP_WORDS = frozenset({"alleen", "samen", "buiten", "binnen", "zonder", "niet", "geen", "veel"})
