"""Every string on the pages has an English translation, and the compiled catalogue is current."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "src" / "matcher" / "translations" / "en" / "LC_MESSAGES"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "N_": None,
}


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


def po(name: str):  # type: ignore[no-untyped-def]
    with (CATALOGUE / name).open("rb") as fh:
        return read_po(fh)


def test_every_page_string_has_an_english_translation() -> None:
    catalogue = po("messages.po")
    translated = {m.id[0] if isinstance(m.id, tuple) else m.id: m.string for m in catalogue if m.id}
    missing = sorted(m for m in extracted() if not translated.get(m))
    assert missing == [], "run `make translations` and translate these"


def test_the_compiled_catalogue_matches_the_translations() -> None:
    def plain(value):  # type: ignore[no-untyped-def]
        return tuple(value) if isinstance(value, list | tuple) else value

    source = {plain(m.id): plain(m.string) for m in po("messages.po") if m.id}
    compiled = {
        plain(m.id): plain(m.string)
        for m in read_mo(io.BytesIO((CATALOGUE / "messages.mo").read_bytes()))
        if m.id
    }
    assert compiled == source, "run `make translations` to compile messages.mo"
