"""Duplicates planted in the sample catalogue, and hard cases that are not duplicates.

Each planted duplicate is a real entry of `data/catalogue/zwolle-voorbeeld.csv` typed in again
under a new id, the way a second organisation or a forgetful first one would: a retyped name
(typo, word order, an article, an abbreviation written out), sometimes another spelling of the
organisation, a shifted time, a rewritten description. The hard non-duplicates are new entries
that look like an existing one but are another activity: the same building, or the same name in
another wijk. Used by the detection test and the command's test; the shipped sample is untouched.
"""

from __future__ import annotations

import csv
from pathlib import Path

from matcher.catalogue.formats import read_catalogue
from matcher.catalogue.records import COLUMNS, ActivityRecord

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "catalogue" / "zwolle-voorbeeld.csv"

# original id -> the columns typed differently in the copy (its id is "<original>-kopie")
PLANTED: dict[str, dict[str, str]] = {
    "koffieochtend-wijkcentrum-de-aa": {
        "title": "Koffie-ochtend wijkcentrum de Aa",
        "address": "",
        "postcode": "",
        "description": "Binnenlopen voor koffie en een praatje, op dinsdag en donderdag.",
    },
    "repaircafe-kamperpoort": {
        "title": "Repaircafé Kamperpoort",
        "organisation": "Stichting Heel en Handig",
        "description": "Kapot? Niet weggooien! Vrijwilligers helpen je spullen te repareren.",
    },
    "huiskamer-assendorperplein": {
        "title": "De Huiskamer van Assendorp",
        "schedule": "ma 10:30-14:30; wo 10:00-14:00",
    },
    "mannen-aan-de-pan-pierik": {
        "title": "Mannen aan de Pan!",
        "organisation": "Buurtver. Pierik",
        "schedule": "di 16:30-19:30",
    },
    "wandelgroep-stap-voor-stap-nah-holtenbroek": {
        "title": "Wandelgroep Stap voor Stap (niet-aangeboren hersenletsel)"
    },
    "koffie-en-taal-ittersum": {
        "title": "Taal en koffie",
        "description": "Samen Nederlands oefenen bij een kop koffie, elke maandagmiddag. Gratis.",
    },
    "stadskoor-broerenkerk-binnenstad": {
        "title": "Stadskoor Zwole Zingt",
        "postcode": "",
        "description": "Zingen in een groot koor, pop en musical. Noten lezen hoeft niet.",
    },
    "breiclub-steek-voor-steek-wipstrik": {
        "title": "Breiclub 'Steek voor steek'",
        "schedule": "do 13:30-16:00",
        "description": "Breien en haken met elkaar, beginners leren het van de anderen.",
    },
    "schaakcafe-witte-dame-binnenstad": {
        "title": "Schaakcafe de Witte Dame",
        "postcode": "",
        "schedule": "wo 20:00-23:00",
    },
    "tabletcursus-senioren-assendorp": {
        "title": "Tabletcursus voor senioren (beginners)",
        "organisation": "Senioren Samen Zwolle",
    },
    "alzheimercafe-berkum": {
        "title": "Alzheimercafé Berkum",
        "organisation": "Alzheimer Zwolle",
        "description": "Maandelijkse bijeenkomst over dementie met een spreker, voor iedereen.",
    },
    "jongerencentrum-de-pit-aa-landen": {
        "title": "Jongerencentrum de Pit (Aa-landen)",
        "organisation": "JongZwolle",
        "schedule": "di 15:00-21:00",
    },
    "rouwgroep-verder-na-verlies-assendorp": {
        "title": "Rouwgroep 'Verder na verlies'",
        "address": "Van Karnebeekstr. 12",
    },
    "quiltgroep-oldenelerbroek": {
        "title": "Quiltgroep Lapje-voor-Lapje",
        "schedule": "do 14:00-16:30",
    },
    "zumba-wipstrik": {"title": "Zumba"},
    "dagbesteding-keramiek-assendorp": {"title": "Dagbesteding Keramiek-atelier"},
    "gemengd-koor-westenholte": {
        "title": "Westenholte Zingt (gemengd koor)",
        "organisation": "Gemengd koor Westenholte",
        "schedule": "di 20:00-22:00",
    },
    "voorleesexpress-veerallee": {
        "title": "VoorleesExpress: voorlezen bij gezinnen thuis",
        "organisation": "Bibliotheek Boekenwerf",
        "description": "Word voorleesvrijwilliger: twintig weken lang lees je voor bij een gezin.",
    },
    "dagbesteding-nah-veerhuys-veerallee": {
        "title": "Dagbesteding Veerhuys voor mensen met NAH",
        "schedule": "ma 09:30-15:30; wo 09:30-15:30",
        "description": "Dagbesteding in kleine groepen voor volwassenen met hersenletsel.",
    },
    "koffie-inloop-ittersum": {
        "title": "Inloop met koffie in het wijkcentrum",
        "description": "Gewoon binnenlopen voor een kop koffie en een gesprek met de buren.",
    },
    "bridgeclub-pierik": {
        "title": "Bridgen op donderdagmiddag",
        "description": "Wekelijks bridgen in viertallen; nieuwe spelers krijgen uitleg.",
    },
}

# New entries that look like an existing one but are another activity: (based on, changes).
NOT_DUPLICATES: dict[str, tuple[str, dict[str, str]]] = {
    # The same building, organisation and time as the repair café: another activity.
    "naaiatelier-kamperpoort": (
        "repaircafe-kamperpoort",
        {
            "title": "Naaiatelier Kamperpoort",
            "description": "Leer kleding verstellen en zelf een tas naaien, met naaimachines.",
        },
    ),
    # The same building and organisation as the Ukelele-groep, at the same time.
    "schilderen-zuid": (
        "ukelele-groep-zuid",
        {
            "title": "Schilderen voor beginners",
            "description": "Aquarelleren en tekenen in een kleine groep, materiaal is er.",
        },
    ),
    # The same name, organisation, time and description as Kamperpoort's, in another wijk.
    "repaircafe-schelle": (
        "repaircafe-kamperpoort",
        {
            "title": "Repair Café Schelle",
            "address": "Schellerweg 70",
            "lat": "",
            "lon": "",
            "postcode": "8017 AL",
            "wijk": "Schelle",
        },
    ),
    # A generic name in another village.
    "koffieochtend-dorpshuis-berkum": (
        "koffieochtend-dorpshuis-windesheim",
        {
            "organisation": "Stichting Dorpshuis Berkum",
            "address": "Nieuwleusenerdijk 40",
            "lat": "",
            "lon": "",
            "postcode": "8024 AH",
            "wijk": "Berkum",
            "description": "Elke week koffie en een praatje in het dorpshuis van Berkum.",
        },
    ),
    # A generic name in the same wijk, another club at another address.
    "tennis-kaats-schelle": (
        "tennisvereniging-schelle",
        {
            "organisation": "Tennisclub De Kaats",
            "address": "Schellerweg 200",
            "lat": "",
            "lon": "",
            "postcode": "8017 AZ",
            "schedule": "ma 19:00-22:00",
            "description": "Tennis voor volwassenen op gravelbanen; je kunt vier keer gratis meedoen.",
        },
    ),
    # A name like the smartphonecafé's, same building and organisation, another day.
    "tabletcafe-berkum": (
        "smartphonecafe-berkum",
        {
            "title": "Tabletcafé",
            "schedule": "wo 10:00-12:00",
            "description": "Vragen over je tablet? Vrijwilligers helpen je met apps en instellingen.",
        },
    ),
    # Another workshop of the same organisation in the same wijk, at another address.
    "dagbesteding-glas-assendorp": (
        "dagbesteding-keramiek-assendorp",
        {
            "title": "Dagbesteding Glasatelier",
            "address": "Hofstedestraat 40",
            "lat": "",
            "lon": "",
            "postcode": "8012 AW",
            "description": "Glas in lood en glasfusing in een kleine groep, met vaste begeleiders.",
        },
    ),
}


def sample_rows() -> dict[str, dict[str, str]]:
    """The sample catalogue's rows by id, as CSV text."""
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


def planted_rows() -> list[dict[str, str]]:
    """The sample's rows with the planted duplicates and the hard non-duplicates added."""
    rows = sample_rows()
    added = [
        {**rows[original], **changes, "id": f"{original}-kopie"}
        for original, changes in PLANTED.items()
    ]
    added += [
        {**rows[original], **changes, "id": new_id}
        for new_id, (original, changes) in NOT_DUPLICATES.items()
    ]
    return [*rows.values(), *added]


def planted_pairs() -> set[frozenset[str]]:
    """The pairs a perfect detection reports among the planted entries."""
    return {frozenset((original, f"{original}-kopie")) for original in PLANTED}


def planted_records() -> list[ActivityRecord]:
    """The sample with what is planted, as records."""
    parsed = read_catalogue(write_rows(planted_rows()).encode(), "geplant.csv")
    assert not parsed.errors, parsed.errors
    return [record for _line, record in parsed.records]


def write_rows(rows: list[dict[str, str]]) -> str:
    """Rows as catalogue CSV text."""
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
