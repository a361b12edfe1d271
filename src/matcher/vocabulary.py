"""The contract's vocabulary: every code with its Dutch label and a plain-Dutch explanation.

This is the one place where codes are defined; the catalogue import, the profile validation, the
ranking and the pages all read from here. The Dutch words are the message ids of the gettext
catalogue (`make translations` extracts them), where their English lives.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from matcher.phrases import N_, Phrase
from matcher.resources import data_path


@dataclass(frozen=True, slots=True)
class Term:
    """One code of the vocabulary with the words people see."""

    code: str
    label: str  # Dutch label shown to people: plain Dutch (B1), the same on every resident page
    explanation: str  # one plain-Dutch (B1) sentence for residents
    professional: str = ""  # the professionals' own word, where it differs (the consult pages)

    @property
    def term(self) -> str:
        """The word professionals use: their own term, or the plain label when they share it."""
        return self.professional or self.label


def _index(*terms: Term) -> dict[str, Term]:
    return {term.code: term for term in terms}


INTERESTS = _index(
    Term("koken", N_("Koken en samen eten"), N_("Samen koken, bakken of een maaltijd delen.")),
    Term(
        "sport",
        N_("Sport en bewegen"),
        N_("Sporten en bewegen, zoals fitness, voetbal of yoga."),
    ),
    Term("wandelen", N_("Wandelen en natuur"), N_("Samen wandelen en buiten in de natuur zijn.")),
    Term(
        "tuinieren",
        N_("Tuinieren en groen"),
        N_("Werken in een moestuin, volkstuin of het buurtgroen."),
    ),
    Term("muziek", N_("Muziek en zingen"), N_("Zingen in een koor of samen muziek maken.")),
    Term(
        "creatief",
        N_("Creatief en handwerk"),
        N_("Schilderen, tekenen, breien, naaien of met hout werken."),
    ),
    Term(
        "cultuur",
        N_("Kunst, museum en theater"),
        N_("Naar het museum, theater of film, of over geschiedenis."),
        N_("Kunst, cultuur en erfgoed"),
    ),
    Term("spel", N_("Spellen en puzzels"), N_("Kaarten, sjoelen, schaken, bordspellen of bingo.")),
    Term(
        "digitaal",
        N_("Computer en telefoon"),
        N_("Leren werken met de computer, tablet of smartphone."),
        N_("Computer en digitaal"),
    ),
    Term(
        "taal",
        N_("Taal en lezen"),
        N_("Nederlands oefenen, lezen, schrijven of over boeken praten."),
    ),
    Term(
        "klussen",
        N_("Klussen, techniek en repareren"),
        N_("Repareren, timmeren of fietsen maken."),
    ),
    Term("dieren", N_("Dieren"), N_("Zorgen voor dieren, bijvoorbeeld op een kinderboerderij.")),
    Term(
        "kinderen",
        N_("Werken met kinderen"),
        N_("Voorlezen, helpen bij huiswerk of in de speeltuin."),
    ),
    Term(
        "ontmoeting",
        N_("Koffie drinken en buren ontmoeten"),
        N_("Koffie drinken en een praatje maken met buren."),
        N_("Ontmoeting en inloop"),
    ),
    Term(
        "lotgenoten",
        N_("Praten met mensen die hetzelfde meemaken"),
        N_("Praten met mensen die hetzelfde hebben meegemaakt."),
        N_("Lotgenotencontact"),
    ),
    Term(
        "zingeving",
        N_("Praten over het leven"),
        N_("Praten over wat je belangrijk vindt in het leven."),
        N_("Zingeving en levensvragen"),
    ),
    Term(
        "gezondheid",
        N_("Gezond leven en ontspanning"),
        N_("Ontspannen en gezond leven, zoals mindfulness."),
    ),
    Term("werk", N_("Werken en leren"), N_("Werkervaring opdoen en nieuwe dingen leren.")),
    Term(
        "winkel",
        N_("Helpen in een winkel of café"),
        N_("Helpen in een winkel, kringloop of café."),
        N_("Winkel, verkoop en gastvrijheid"),
    ),
)


@dataclass(frozen=True, slots=True)
class Group:
    """A handful of interests under one everyday heading: residents choose among six, not 19."""

    code: str
    label: str
    interests: tuple[str, ...]


INTEREST_GROUPS = (
    Group("samen", N_("Samen iets doen"), ("ontmoeting", "koken", "spel", "muziek", "cultuur")),
    Group(
        "bewegen",
        N_("Bewegen en buiten"),
        ("sport", "wandelen", "tuinieren", "dieren", "gezondheid"),
    ),
    Group("maken", N_("Maken en creatief"), ("creatief", "klussen")),
    Group("helpen", N_("Helpen en vrijwilligerswerk"), ("winkel", "kinderen")),
    Group("praten", N_("Praten met anderen"), ("lotgenoten", "zingeving")),
    Group("leren", N_("Leren"), ("taal", "digitaal", "werk")),
)

SUPPORTS = _index(
    Term(
        "prikkelarm",
        N_("Rustige plek"),
        N_("Een rustige, kleine plek zonder veel drukte of lawaai."),
    ),
    Term(
        "begeleiding_aanwezig",
        N_("Er is iemand die je helpt"),
        N_("Er is iemand bij die je helpt als het even niet lukt."),
        N_("Begeleiding aanwezig"),
    ),
    Term(
        "professional_bereikbaar",
        N_("Iemand die je kunt bellen"),
        N_("Je kunt een hulpverlener bellen die weet wat je nodig hebt."),
        N_("Professional bereikbaar"),
    ),
    Term(
        "getrainde_vrijwilligers",
        N_("Vrijwilligers die weten hoe ze helpen"),
        N_("De vrijwilligers weten hoe ze je goed kunnen helpen."),
        N_("Getrainde vrijwilligers"),
    ),
    Term(
        "ervaringsdeskundige",
        N_("Iemand die het zelf heeft meegemaakt"),
        N_("Iemand die zelf hetzelfde heeft meegemaakt doet mee of leidt de groep."),
        N_("Ervaringsdeskundige"),
    ),
    Term(
        "kennismaken_met_maatje",
        N_("Iemand gaat de eerste keer mee"),
        N_("De eerste keer kan iemand met je meegaan."),
        N_("Kennismaken met maatje"),
    ),
    Term("kleine_groep", N_("Kleine groep"), N_("Een groep van ongeveer acht mensen of minder.")),
    Term(
        "vrijblijvend",
        N_("Je mag een keer niet komen"),
        N_("Je mag een keer niet komen zonder af te melden."),
        N_("Vrijblijvend"),
    ),
    Term("duidelijke_taak", N_("Duidelijke taak"), N_("Je krijgt een vaste, duidelijke taak.")),
    Term(
        "rolstoeltoegankelijk",
        N_("Goed te doen met een rolstoel"),
        N_("Het gebouw en de wc zijn goed te bereiken met een rolstoel."),
        N_("Rolstoeltoegankelijk"),
    ),
    Term(
        "eenvoudige_taal",
        N_("Makkelijke taal"),
        N_("De uitleg en het contact zijn in makkelijke taal."),
        N_("Eenvoudige taal"),
    ),
    Term(
        "vervoer",
        N_("Iemand kan je brengen"),
        N_("Er kan vervoer voor je geregeld worden."),
        N_("Vervoer mogelijk"),
    ),
    Term(
        "inloop",
        N_("Je kunt zo binnenlopen"),
        N_("Je kunt zo binnenlopen, zonder aan te melden."),
        N_("Vrije inloop"),
    ),
    Term(
        "cultuursensitief",
        N_("Oog voor cultuur en geloof"),
        N_("Er is aandacht voor jouw cultuur en geloof."),
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
    Term("psychisch", N_("Psychische kwetsbaarheid"), N_("Kennis van psychische klachten.")),
    Term(
        "nah",
        N_("Niet-aangeboren hersenletsel"),
        N_("Kennis van hersenletsel, bijvoorbeeld na een ongeluk."),
    ),
    Term("autisme", N_("Autisme"), N_("Kennis van autisme.")),
    Term(
        "lvb",
        N_("Licht verstandelijke beperking"),
        N_("Kennis van mensen die wat meer uitleg nodig hebben."),
    ),
    Term("herstel", N_("Herstel na ziekte"), N_("Kennis van herstel na een ziekte.")),
    Term("verslaving", N_("Verslaving"), N_("Kennis van verslaving en herstel daarvan.")),
)

VORMEN = _index(
    Term("deelnemen", N_("Meedoen"), N_("Je doet mee met een activiteit.")),
    Term("vrijwilligerswerk", N_("Vrijwilligerswerk"), N_("Je helpt anderen als vrijwilliger.")),
    Term("zelf_organiseren", N_("Zelf organiseren"), N_("De deelnemers regelen het samen.")),
    Term(
        "herontdekken",
        N_("Ontdekken wat je leuk vindt"),
        N_("Een korte cursus om te ontdekken wat je leuk vindt."),
        N_("Herontdekken"),
    ),
    Term(
        "lotgenotencontact",
        N_("Praten met mensen die hetzelfde meemaken"),
        N_("Je praat met mensen die hetzelfde hebben meegemaakt."),
        N_("Lotgenotencontact"),
    ),
)

AANBOD = _index(
    Term(
        "regulier",
        N_("Voor iedereen"),
        N_("Een gewone activiteit, open voor iedereen."),
        N_("Regulier"),
    ),
    Term(
        "opgeplust",
        N_("Voor iedereen, met extra hulp"),
        N_("Een gewone activiteit. Er is extra hulp bij, als je dat nodig hebt."),
        N_("Opgeplust"),
    ),
    Term(
        "aanvullend",
        N_("Speciale groep"),
        N_("Een activiteit speciaal voor mensen die wat extra hulp nodig hebben."),
        N_("Aanvullend"),
    ),
    Term(
        "maatwerk",
        N_("Via het wijkteam"),
        N_("Hiervoor vraag je eerst toestemming aan het sociaal wijkteam."),
        N_("Dagbesteding via het wijkteam (maatwerk)"),
    ),
)

STATUSES = _index(
    Term("open", N_("Open"), N_("Je kunt meedoen.")),
    Term("wachtlijst", N_("Wachtlijst"), N_("Er is een wachtlijst.")),
    Term("vol", N_("Vol"), N_("Het is vol, je kunt nu niet meedoen.")),
    Term("gepauzeerd", N_("Even gestopt"), N_("Deze activiteit ligt even stil.")),
    Term("gestopt", N_("Gestopt"), N_("Deze activiteit is gestopt.")),
)
# Statuses of an entry that nobody can join now: never in the results.
NOT_JOINABLE = ("vol", "gepauzeerd", "gestopt")

DAYS = _index(
    Term("ma", N_("maandag"), N_("Maandag.")),
    Term("di", N_("dinsdag"), N_("Dinsdag.")),
    Term("wo", N_("woensdag"), N_("Woensdag.")),
    Term("do", N_("donderdag"), N_("Donderdag.")),
    Term("vr", N_("vrijdag"), N_("Vrijdag.")),
    Term("za", N_("zaterdag"), N_("Zaterdag.")),
    Term("zo", N_("zondag"), N_("Zondag.")),
)

DAY_CODES: tuple[str, ...] = tuple(DAYS)

DEFAULT_VORM = "deelnemen"
DEFAULT_AANBOD = "regulier"
DEFAULT_STATUS = "open"
DEFAULT_LANGUAGE = "nl"


@dataclass(frozen=True, slots=True)
class Language:
    """A language a person may ask for: its Dutch name and its own name."""

    code: str
    name: str  # in Dutch, a message id: reasons say "niet in het Engels", "not in English"
    own_name: str  # what its speakers call it, for a list to choose from: "Türkçe"
    pages: bool = False  # residents can read their pages in it (it has a gettext catalogue)
    staff: bool = False  # the staff pages too (their wording is checked with the teams)
    rtl: bool = False  # written from right to left: the pages mirror


# The one list of languages: the consult form offers them, reasons name them, those with `pages`
# are the languages of the residents' pages and those with `staff` also of the staff pages
# (docs/web.md, Languages). A profile may name another code; it has no name then.
LANGUAGES = {
    language.code: language
    for language in (
        Language("nl", N_("Nederlands"), "Nederlands", pages=True, staff=True),
        Language("en", N_("Engels"), "English", pages=True, staff=True),
        Language("ar", N_("Arabisch"), "العربية", pages=True, rtl=True),
        Language("tr", N_("Turks"), "Türkçe", pages=True),
        Language("pl", N_("Pools"), "Polski", pages=True),
        Language("ti", N_("Tigrinya"), "ትግርኛ"),
        Language("uk", N_("Oekraïens"), "Українська", pages=True),
        Language("so", N_("Somalisch"), "Soomaali"),
        Language("de", N_("Duits"), "Deutsch"),
        Language("fr", N_("Frans"), "Français"),
        Language("es", N_("Spaans"), "Español"),
        Language("fa", N_("Perzisch"), "فارسی"),
        Language("ru", N_("Russisch"), "Русский"),
    )
}
PAGE_LANGUAGES: tuple[str, ...] = tuple(code for code, lang in LANGUAGES.items() if lang.pages)
STAFF_LANGUAGES: tuple[str, ...] = tuple(code for code, lang in LANGUAGES.items() if lang.staff)


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
    meaning: Phrase  # shown back to people: "AA: Anonieme Alcoholisten"
    interest: str | None  # the interest it falls under, if any
    topic: str | None  # the part of that interest it names
    expertise: str | None  # the target-group expertise it names, if any


@cache
def abbreviations() -> dict[str, Abbreviation]:
    """Abbreviations by their lowercase form (data/vocabulary/afkortingen.csv).

    Their Dutch meanings are message ids like the labels: babel.cfg extracts the `betekenis`
    column, so the English is in the gettext catalogue, not in the file.
    """
    found = {}
    with data_path("vocabulary", "afkortingen.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            found[row["afkorting"].lower()] = Abbreviation(
                short=row["afkorting"],
                meaning=Phrase(row["betekenis"]),
                interest=row["interest"] or None,
                topic=row["onderwerp"] or None,
                expertise=row["expertise"] or None,
            )
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


# --- households (issue 20): one household, one plan --------------------------------------------
# Kept in one block: the words of the SWT's plan with a household, apart from the catalogue's.

# The areas of life the SWT looks at in the keukentafelgesprek; a goal is about one of them.
AREAS = _index(
    Term(
        "daginvulling",
        N_("Daginvulling"),
        N_("Wat je overdag doet: werk, vrijwilligerswerk of een activiteit."),
    ),
    Term(
        "sociaal_netwerk",
        N_("Sociaal netwerk"),
        N_("De mensen om je heen: familie, vrienden en buren."),
    ),
    Term("gezondheid", N_("Gezondheid"), N_("Hoe je je voelt, in je lichaam en in je hoofd.")),
    Term("wonen", N_("Wonen"), N_("Je huis en je buurt.")),
    Term("financien", N_("Geld"), N_("Je inkomen, je rekeningen en schulden.")),
    Term("huishouden", N_("Het huishouden doen"), N_("Koken, schoonmaken en de boodschappen.")),
    Term("opvoeding", N_("Opvoeden"), N_("Zorgen voor de kinderen en hoe ze opgroeien.")),
)

# Who someone is in the household: a role, never more (no BSN, no birth date).
MEMBER_ROLES = _index(
    Term("bewoner", N_("Bewoner"), N_("Woont hier.")),
    Term("partner", N_("Partner"), N_("De partner van iemand in het huis.")),
    Term("ouder", N_("Ouder"), N_("Een vader of moeder in het huis.")),
    Term("kind", N_("Kind"), N_("Een kind in het huis.")),
    Term("huisgenoot", N_("Huisgenoot"), N_("Woont in hetzelfde huis.")),
)

# Who helps with a goal: the person's own network first, then the SWT, then an organisation.
HELPERS = _index(
    Term("netwerk", N_("Iemand uit het eigen netwerk"), N_("Familie, een vriend of een buur.")),
    Term("swt", N_("Het sociaal wijkteam"), N_("De generalist van het wijkteam.")),
    Term("organisatie", N_("Een organisatie"), N_("Een club, stichting of zorgaanbieder.")),
)

# What someone of the person's network can do; `meegaan` is what a near miss asking for
# `kennismaken_met_maatje` needs, `vervoer` what one asking for `vervoer` needs.
NETWORK_HELP = _index(
    Term("meegaan", N_("Gaat mee naar de eerste keer"), N_("Gaat de eerste keer met je mee.")),
    Term("vervoer", N_("Brengt en haalt"), N_("Brengt je ergens heen en haalt je op.")),
    Term("boodschappen", N_("Helpt met boodschappen"), N_("Doet boodschappen met je.")),
    Term("post", N_("Helpt met post en geld"), N_("Kijkt met je naar brieven en rekeningen.")),
    Term("praten", N_("Is er om mee te praten"), N_("Luistert als je wilt praten.")),
    Term("oppassen", N_("Past op de kinderen"), N_("Past op de kinderen als dat nodig is.")),
)
NETWORK_SUPPORTS = {"meegaan": "kennismaken_met_maatje", "vervoer": "vervoer"}

# The result of a goal at its review date.
RESULTS = _index(
    Term("bereikt", N_("Bereikt"), N_("Het doel is gehaald.")),
    Term("deels", N_("Deels bereikt"), N_("Een deel is gelukt.")),
    Term("niet", N_("Niet bereikt"), N_("Het is (nog) niet gelukt.")),
)
