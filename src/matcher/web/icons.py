"""Which icon (from static/icons.svg, Lucide, ISC licence) stands for which code."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

SPRITE = Path(__file__).resolve().parent.parent / "static" / "icons.svg"

ICONS = {
    # interests
    "koken": "chef-hat",
    "sport": "dumbbell",
    "wandelen": "footprints",
    "tuinieren": "sprout",
    "muziek": "music",
    "creatief": "palette",
    "cultuur": "landmark",
    "spel": "dice-5",
    "digitaal": "laptop",
    "taal": "book-open",
    "klussen": "wrench",
    "dieren": "paw-print",
    "kinderen": "baby",
    "ontmoeting": "coffee",
    "lotgenoten": "users",
    "zingeving": "sparkles",
    "gezondheid": "heart-pulse",
    "werk": "briefcase",
    "winkel": "store",
    # the six groups of interests on the first question (vocabulary.INTEREST_GROUPS)
    "groep_samen": "handshake",
    "groep_bewegen": "bike",
    "groep_maken": "scissors",
    "groep_helpen": "hand-heart",
    "groep_praten": "message-circle-heart",
    "groep_leren": "lightbulb",
    # supports
    "prikkelarm": "volume-x",
    "begeleiding_aanwezig": "user-check",
    "professional_bereikbaar": "phone",
    "getrainde_vrijwilligers": "graduation-cap",
    "ervaringsdeskundige": "messages-square",
    "kennismaken_met_maatje": "hand-helping",
    "kleine_groep": "users-round",
    "vrijblijvend": "calendar-x",
    "duidelijke_taak": "list-checks",
    "rolstoeltoegankelijk": "accessibility",
    "eenvoudige_taal": "text",
    "vervoer": "bus",
    "inloop": "door-open",
    "cultuursensitief": "globe",
    # the answers of the welcome check-in (matcher.welcome)
    "welkom_ja": "smile",
    "welkom_beetje": "meh",
    "welkom_nee": "frown",
    # the person's papers: when, where, who meets you, whom to call, what to bring
    "papier_wanneer": "clock",
    "papier_waar": "map-pin",
    "papier_wie": "user-check",
    "papier_bellen": "phone",
    "papier_meenemen": "list-checks",
    "papier_kosten": "euro",
    # the areas of life of a household's goals (vocabulary.AREAS; gezondheid is above)
    "gebied_daginvulling": "briefcase",
    "gebied_sociaal_netwerk": "users",
    "gebied_gezondheid": "heart-pulse",
    "gebied_wonen": "door-open",
    "gebied_financien": "euro",
    "gebied_huishouden": "list-checks",
    "gebied_opvoeding": "baby",
    "papier_helpt": "heart-handshake",
    # other
    "gratis": "euro",
    "taalkeuze": "languages",  # the language switch in the header
    "terug": "arrow-left",
    "delen": "share-2",
    "afdrukken": "printer",
    "lees_voor": "volume-2",
}

# Pictures that read in a direction (lines of text, a list, an arrow): right-to-left pages show
# them mirrored. Pictures of things (a bus, a phone) stay as they are.
MIRRORED = frozenset({"text", "list-checks", "arrow-left", "arrow-right"})


def icon_for(code: str) -> str:
    """The icon id of a code (a neutral one when none is chosen)."""
    return ICONS.get(code, "check")


def mirrored(code: str) -> bool:
    """Whether a code's icon turns round on a right-to-left page."""
    return icon_for(code) in MIRRORED


@cache
def _symbols() -> dict[str, tuple[str, str]]:
    """Each symbol of the sprite: its attributes and its drawing."""
    found = re.finditer(r'<symbol id="([^"]+)"([^>]*)>(.*?)</symbol>', SPRITE.read_text("utf-8"))
    return {m[1]: (m[2], m[3]) for m in found}


def icon_document(code: str, colour: str = "#000") -> str:
    """A code's icon as an SVG document of its own, for paper where the sprite cannot be used."""
    attributes, drawing = _symbols()[icon_for(code)]
    attributes = attributes.replace('stroke="currentColor"', f'stroke="{colour}"')
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"{attributes}>{drawing}</svg>'
