"""Every string on the pages has a translation in every language of the pages, with the same
placeholders, and each compiled catalogue is current."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from matcher import vocabulary

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "src" / "matcher" / "translations"
CATALOGUE = TRANSLATIONS / "en" / "LC_MESSAGES"
TRANSLATED = [code for code in vocabulary.PAGE_LANGUAGES if code != vocabulary.DEFAULT_LANGUAGE]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "N_": None,
}
# A percent sign in a message is a placeholder or a doubled '%%'; anything else breaks the
# formatting of the page (Turkish writes "%50" for "50%": that must be "%%50").
PERCENT = re.compile(r"%(?:\((\w+)\)s|%)")


def extracted() -> set[str]:
    """What `make translations` extracts: code, templates and the data files babel.cfg names."""
    found = set()
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


def po(language: str = "en") -> Catalog:
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh)


def key(message: Message) -> str:
    return str(message.id[0] if isinstance(message.id, tuple) else message.id)


def forms(message: Message) -> list[str]:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return [str(s or "") for s in strings]


def placeholders(text: str) -> set[str]:
    return {name for name in PERCENT.findall(text) if name}


def stray_percent(text: str) -> bool:
    return "%" in PERCENT.sub("", text)


@pytest.fixture(scope="module")
def page_strings() -> set[str]:
    return extracted()


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_page_string_has_a_translation_in_every_language(
    language: str, page_strings: set[str]
) -> None:
    catalogue = po(language)
    translated = {key(m): m for m in catalogue if m.id and all(forms(m))}
    missing = sorted(m for m in page_strings if m not in translated)
    assert missing == [], f"{language}: run `make translations` and translate these"
    plural_forms = {len(forms(m)) for m in translated.values() if isinstance(m.id, tuple)}
    assert plural_forms <= {catalogue.num_plurals}, language


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_translation_keeps_the_placeholders_of_its_message(language: str) -> None:
    wrong = []
    for message in po(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set().union(*(placeholders(i) for i in ids))
        for text in forms(message):
            # A plural form may leave out the number ("one activity"), never add a name.
            allowed = placeholders(text) <= wanted if len(ids) > 1 else placeholders(text) == wanted
            if text and (not allowed or stray_percent(text)):
                wrong.append((key(message), text))
    assert wrong == [], language


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_matches_the_translations(language: str) -> None:
    def plain(value):  # type: ignore[no-untyped-def]
        return tuple(value) if isinstance(value, list | tuple) else value

    folder = TRANSLATIONS / language / "LC_MESSAGES"
    source = {plain(m.id): plain(m.string) for m in po(language) if m.id}
    compiled = {
        plain(m.id): plain(m.string)
        for m in read_mo(io.BytesIO((folder / "messages.mo").read_bytes()))
        if m.id
    }
    assert compiled == source, f"{language}: run `make translations` to compile messages.mo"


def test_the_checks_find_a_lost_placeholder_and_a_stray_percent_sign() -> None:
    assert placeholders("Nog %(num)s plekken, %(percent)s%%") == {"num", "percent"}
    assert not stray_percent("bijna dezelfde naam (%(percent)s%%)")
    assert stray_percent("%50 indirim")
