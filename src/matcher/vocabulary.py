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
    explanation_en: str

    def label_in(self, language: str) -> str:
        """The label in a language of the pages ('nl' or 'en')."""
        return self.label_en if language == "en" else self.label

    def explanation_in(self, language: str) -> str:
        """The explanation in a language of the pages ('nl' or 'en')."""
        return self.explanation_en if language == "en" else self.explanation


def _index(*terms: Term) -> dict[str, Term]:
    return {term.code: term for term in terms}


INTERESTS = _index(
    Term(
        "koken",
        "Koken en samen eten",
        "Samen koken, bakken of een maaltijd delen.",
        "Cooking and eating together",
        "Cooking, baking or sharing a meal together.",
    ),
    Term(
        "sport",
        "Sport en bewegen",
        "Sporten en bewegen, zoals fitness, voetbal of yoga.",
        "Sports and exercise",
        "Sports and exercise, such as fitness, football or yoga.",
    ),
    Term(
        "wandelen",
        "Wandelen en natuur",
        "Samen wandelen en buiten in de natuur zijn.",
        "Walking and nature",
        "Walking together and being outdoors in nature.",
    ),
    Term(
        "tuinieren",
        "Tuinieren en groen",
        "Werken in een moestuin, volkstuin of het buurtgroen.",
        "Gardening and green spaces",
        "Working in a vegetable garden, allotment or green space.",
    ),
    Term(
        "muziek",
        "Muziek en zingen",
        "Zingen in een koor of samen muziek maken.",
        "Music and singing",
        "Singing in a choir or making music together.",
    ),
    Term(
        "creatief",
        "Creatief en handwerk",
        "Schilderen, tekenen, breien, naaien of met hout werken.",
        "Arts and crafts",
        "Painting, drawing, knitting, sewing or woodwork.",
    ),
    Term(
        "cultuur",
        "Kunst, cultuur en erfgoed",
        "Naar het museum, theater of film, of over geschiedenis.",
        "Art, culture and heritage",
        "Museums, theatre, film or local history.",
    ),
    Term(
        "spel",
        "Spellen en puzzels",
        "Kaarten, sjoelen, schaken, bordspellen of bingo.",
        "Games and puzzles",
        "Cards, shuffleboard, chess, board games or bingo.",
    ),
    Term(
        "digitaal",
        "Computer en digitaal",
        "Leren werken met de computer, tablet of smartphone.",
        "Computers and digital skills",
        "Learning to use a computer, tablet or smartphone.",
    ),
    Term(
        "taal",
        "Taal en lezen",
        "Nederlands oefenen, lezen, schrijven of over boeken praten.",
        "Language and reading",
        "Practising Dutch, reading, writing or talking about books.",
    ),
    Term(
        "klussen",
        "Klussen, techniek en repareren",
        "Repareren, timmeren of fietsen maken.",
        "Repairs, tinkering and technology",
        "Repairing things, woodwork or fixing bicycles.",
    ),
    Term(
        "dieren",
        "Dieren",
        "Zorgen voor dieren, bijvoorbeeld op een kinderboerderij.",
        "Animals",
        "Caring for animals, for example at a petting farm.",
    ),
    Term(
        "kinderen",
        "Werken met kinderen",
        "Voorlezen, helpen bij huiswerk of in de speeltuin.",
        "Working with children",
        "Reading to children, homework help or the playground.",
    ),
    Term(
        "ontmoeting",
        "Ontmoeting en inloop",
        "Koffie drinken en een praatje maken met buren.",
        "Meeting people and drop-in",
        "Having coffee and a chat with neighbours.",
    ),
    Term(
        "lotgenoten",
        "Lotgenotencontact",
        "Praten met mensen die hetzelfde hebben meegemaakt.",
        "Peer support",
        "Talking with people who went through the same.",
    ),
    Term(
        "zingeving",
        "Zingeving en levensvragen",
        "Praten over wat je belangrijk vindt in het leven.",
        "Meaning and life questions",
        "Talking about what matters to you in life.",
    ),
    Term(
        "gezondheid",
        "Gezond leven en ontspanning",
        "Ontspannen en gezond leven, zoals mindfulness.",
        "Healthy living and relaxation",
        "Relaxing and living healthily, such as mindfulness.",
    ),
    Term(
        "werk",
        "Werkervaring en leren",
        "Werkervaring opdoen en nieuwe dingen leren.",
        "Work experience and learning",
        "Gaining work experience and learning new things.",
    ),
    Term(
        "winkel",
        "Winkel, verkoop en gastvrijheid",
        "Helpen in een winkel, kringloop of café.",
        "Shop, sales and hospitality",
        "Helping in a shop, second-hand store or café.",
    ),
)

SUPPORTS = _index(
    Term(
        "prikkelarm",
        "Rustige plek",
        "Een rustige, kleine plek zonder veel drukte of lawaai.",
        "Low-stimulus space",
        "A quiet, small place without much noise or bustle.",
    ),
    Term(
        "begeleiding_aanwezig",
        "Begeleiding aanwezig",
        "Er is iemand bij die je helpt als het even niet lukt.",
        "Supervisor present",
        "Someone is there to help you when things get hard.",
    ),
    Term(
        "professional_bereikbaar",
        "Iemand die je kunt bellen",
        "Je kunt een hulpverlener bellen die weet wat je nodig hebt.",
        "Professional on call",
        "You can phone a professional who knows what you need.",
    ),
    Term(
        "getrainde_vrijwilligers",
        "Getrainde vrijwilligers",
        "De vrijwilligers weten hoe ze je goed kunnen helpen.",
        "Trained volunteers",
        "The volunteers know how to help you well.",
    ),
    Term(
        "ervaringsdeskundige",
        "Ervaringsdeskundige",
        "Iemand die zelf hetzelfde heeft meegemaakt doet mee of leidt de groep.",
        "Peer expert",
        "Someone who went through the same takes part or leads.",
    ),
    Term(
        "kennismaken_met_maatje",
        "Iemand gaat de eerste keer mee",
        "De eerste keer kan iemand met je meegaan.",
        "Someone comes along the first time",
        "Someone can come along the first time.",
    ),
    Term(
        "kleine_groep",
        "Kleine groep",
        "Een groep van ongeveer acht mensen of minder.",
        "Small group",
        "A group of about eight people or fewer.",
    ),
    Term(
        "vrijblijvend",
        "Vrijblijvend",
        "Je mag een keer niet komen zonder af te melden.",
        "No commitment",
        "You can skip a day without letting anyone know.",
    ),
    Term(
        "duidelijke_taak",
        "Duidelijke taak",
        "Je krijgt een vaste, duidelijke taak.",
        "Clear task",
        "You get a fixed, clear task.",
    ),
    Term(
        "rolstoeltoegankelijk",
        "Rolstoeltoegankelijk",
        "Het gebouw en de wc zijn goed te bereiken met een rolstoel.",
        "Wheelchair accessible",
        "The building and toilet can be reached in a wheelchair.",
    ),
    Term(
        "eenvoudige_taal",
        "Eenvoudige taal",
        "De uitleg en het contact zijn in makkelijke taal.",
        "Plain language",
        "Information and contact in plain language.",
    ),
    Term(
        "vervoer",
        "Vervoer mogelijk",
        "Er kan vervoer voor je geregeld worden.",
        "Transport available",
        "Transport can be arranged for you.",
    ),
    Term(
        "inloop",
        "Vrije inloop",
        "Je kunt zo binnenlopen, zonder aan te melden.",
        "Walk in, no registration",
        "You can just walk in, without signing up.",
    ),
    Term(
        "cultuursensitief",
        "Oog voor cultuur en geloof",
        "Er is aandacht voor jouw cultuur en geloof.",
        "Culturally sensitive",
        "Attention for your culture and faith.",
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
        "Knows about psychological problems.",
    ),
    Term(
        "nah",
        "Niet-aangeboren hersenletsel",
        "Kennis van hersenletsel, bijvoorbeeld na een ongeluk.",
        "Acquired brain injury",
        "Knows about brain injury, for example after an accident.",
    ),
    Term("autisme", "Autisme", "Kennis van autisme.", "Autism", "Knows about autism."),
    Term(
        "lvb",
        "Licht verstandelijke beperking",
        "Kennis van mensen die wat meer uitleg nodig hebben.",
        "Mild intellectual disability",
        "Knows about people who need a bit more explanation.",
    ),
    Term(
        "herstel",
        "Herstel na ziekte",
        "Kennis van herstel na een ziekte.",
        "Recovering from illness",
        "Knows about recovering from an illness.",
    ),
    Term(
        "verslaving",
        "Verslaving",
        "Kennis van verslaving en herstel daarvan.",
        "Addiction",
        "Knows about addiction and recovery.",
    ),
)

VORMEN = _index(
    Term(
        "deelnemen",
        "Meedoen",
        "Je doet mee met een activiteit.",
        "Take part",
        "You take part in an activity.",
    ),
    Term(
        "vrijwilligerswerk",
        "Vrijwilligerswerk",
        "Je helpt anderen als vrijwilliger.",
        "Volunteer work",
        "You help others as a volunteer.",
    ),
    Term(
        "zelf_organiseren",
        "Zelf organiseren",
        "De deelnemers regelen het samen.",
        "Run it yourselves",
        "The participants arrange it together.",
    ),
    Term(
        "herontdekken",
        "Herontdekken",
        "Een korte cursus om te ontdekken wat je leuk vindt.",
        "Rediscover interests",
        "A short course to find out what you enjoy.",
    ),
    Term(
        "lotgenotencontact",
        "Lotgenotencontact",
        "Je praat met mensen die hetzelfde hebben meegemaakt.",
        "Peer support",
        "You talk with people who went through the same.",
    ),
)

AANBOD = _index(
    Term(
        "regulier",
        "Voor iedereen",
        "Een gewone activiteit, open voor iedereen.",
        "Regular, open to all",
        "A regular activity, open to everyone.",
    ),
    Term(
        "opgeplust",
        "Met extra steun",
        "Een gewone activiteit met wat extra steun erbij.",
        "Regular, with light support",
        "A regular activity with some extra support.",
    ),
    Term(
        "aanvullend",
        "Speciale groep",
        "Een activiteit speciaal voor mensen die steun nodig hebben.",
        "For the target group",
        "An activity especially for people who need support.",
    ),
    Term(
        "maatwerk",
        "Dagbesteding via het wijkteam",
        "Hiervoor vraag je eerst toestemming aan het sociaal wijkteam.",
        "Indicated care (needs a referral)",
        "You first need a decision from the social district team.",
    ),
)

STATUSES = _index(
    Term("open", "Open", "Je kunt meedoen.", "Open", "You can join."),
    Term(
        "wachtlijst",
        "Wachtlijst",
        "Er is een wachtlijst.",
        "Waiting list",
        "There is a waiting list.",
    ),
    Term(
        "vol",
        "Vol",
        "Het is vol, je kunt nu niet meedoen.",
        "Full",
        "It is full; you cannot join now.",
    ),
)

DAYS = _index(
    Term("ma", "maandag", "Maandag.", "Monday", "Monday."),
    Term("di", "dinsdag", "Dinsdag.", "Tuesday", "Tuesday."),
    Term("wo", "woensdag", "Woensdag.", "Wednesday", "Wednesday."),
    Term("do", "donderdag", "Donderdag.", "Thursday", "Thursday."),
    Term("vr", "vrijdag", "Vrijdag.", "Friday", "Friday."),
    Term("za", "zaterdag", "Zaterdag.", "Saturday", "Saturday."),
    Term("zo", "zondag", "Zondag.", "Sunday", "Sunday."),
)

DAY_CODES: tuple[str, ...] = tuple(DAYS)

DEFAULT_VORM = "deelnemen"
DEFAULT_AANBOD = "regulier"
DEFAULT_STATUS = "open"
DEFAULT_LANGUAGE = "nl"


@dataclass(frozen=True, slots=True)
class Meaning:
    """What an everyday word stands for: an interest code, and the part of it the word names."""

    interest: str
    topic: str | None = None  # None: the word names the whole interest (any such activity fits)


@cache
def synonyms() -> dict[str, frozenset[Meaning]]:
    """Everyday words and phrases -> their meanings (data/vocabulary/synoniemen.csv)."""
    found: dict[str, set[Meaning]] = {}
    with data_path("vocabulary", "synoniemen.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            meaning = Meaning(row["interest"], row.get("onderwerp") or None)
            found.setdefault(row["term"], set()).add(meaning)
    return {term: frozenset(meanings) for term, meanings in found.items()}


@cache
def topics() -> dict[str, frozenset[str]]:
    """Each sub-topic with every word that names it: the words that say an activity is about it.

    A topic also has the words of the narrower topics that fall under it (data/vocabulary/
    onderwerpen.csv): chess is a board game, so a chess club is about board games, but a
    board-game club is not about chess.
    """
    found: dict[str, set[str]] = {}
    for term, meanings in synonyms().items():
        for meaning in meanings:
            if meaning.topic:
                found.setdefault(meaning.topic, set()).add(term)
    with data_path("vocabulary", "onderwerpen.csv").open(encoding="utf-8") as fh:
        narrower = [(row["onderwerp"], row["valt_onder"]) for row in csv.DictReader(fh)]
    for _ in narrower:  # enough rounds for the longest chain
        for topic, broader in narrower:
            found[broader] = found.get(broader, set()) | found.get(topic, set())
    return {topic: frozenset(terms) for topic, terms in found.items()}


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """An abbreviation people use (AA, NAH, SWT), with what it means to the matcher."""

    short: str
    meaning: str  # in Dutch, shown back to people: "AA: Anonieme Alcoholisten"
    meaning_en: str
    interest: str | None  # the interest it falls under, if any
    topic: str | None  # the part of that interest it names
    expertise: str | None  # the target-group expertise it names, if any

    def meaning_in(self, language: str) -> str:
        """The meaning in a language of the pages ('nl' or 'en')."""
        return self.meaning_en if language == "en" else self.meaning


@cache
def abbreviations() -> dict[str, Abbreviation]:
    """Abbreviations by their lowercase form (data/vocabulary/afkortingen.csv)."""
    found = {}
    with data_path("vocabulary", "afkortingen.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            found[row["afkorting"].lower()] = Abbreviation(
                row["afkorting"], row["betekenis"], row["meaning_en"], row["interest"] or None,
                row["onderwerp"] or None, row["expertise"] or None,
            )  # fmt: skip
    return found


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


# Words that end or start like a word of the vocabulary without being about it ('inschrijven'
# is not about writing, 'reserveren' not about serving): they count only as themselves.
FALSE_COMPOUNDS = frozenset(
    {
        "aanhaken",
        "afhaken",
        "groeien",
        "inschrijven",
        "overschrijven",
        "reserveren",
        "uitbreiden",
        "verband",
        "voorschrijven",
    }
)

# Stop-word lists drop these, but for a person looking for a place they say a lot.
KEEP_WORDS = frozenset({"alleen", "samen", "buiten", "binnen", "zonder", "niet", "geen", "veel"})
