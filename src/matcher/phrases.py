"""Words people read, as data: a Dutch message id and its parameters, translated where shown.

The ranking and the domain errors are pure (no Flask), yet the pages show their words in the
page's language. So they say what they mean as a `Phrase`: it *is* the Dutch text (the API, the
command line and the log use it as any string), and it keeps the message id of the gettext
catalogue and the parameters, so a page can render it again through gettext
(`matcher.web.i18n.translate`). String methods (`+`, `.lower()`, `%`) give plain Dutch text
without that memory, so build a new Phrase instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeAlias

# A parameter is a plain value (the person's own word, a number), a Phrase translated in turn,
# or a series of them ("maandag, woensdag en zaterdag": see `series`). A float is a distance and
# is shown with one decimal.
Param: TypeAlias = "str | int | float | tuple[Param, ...]"


def N_(msgid: str) -> str:  # the name `make translations` looks for (`-k N_`)
    """Mark a Dutch message id for extraction; it is translated where it is shown."""
    return msgid


class Phrase(str):
    """Dutch text that remembers its message id and parameters, so a page can translate it."""

    msgid: str
    params: Mapping[str, Param]
    in_sentence: bool

    def __new__(
        cls, msgid: str, params: Mapping[str, Param] | None = None, *, in_sentence: bool = False
    ) -> Phrase:
        """`in_sentence`: a label inside a sentence, shown with a small first letter."""
        params = dict(params or {})
        self = super().__new__(cls, _render(msgid, params, in_sentence, _same, "nl"))
        self.msgid, self.params, self.in_sentence = msgid, params, in_sentence
        return self

    def __repr__(self) -> str:
        return f"Phrase({self.msgid!r}, {self.params!r})"

    def render(self, gettext: Callable[[str], str], language: str) -> str:
        """The text in a language, with `gettext` looking up each message id."""
        return _render(self.msgid, self.params, self.in_sentence, gettext, language)


def series(items: tuple[Param, ...]) -> Param:
    """'woensdag en zaterdag', 'maandag, woensdag en zaterdag': one item stays itself."""
    if len(items) == 1:
        return items[0]
    return Phrase(N_("%(items)s en %(last)s"), {"items": items[:-1], "last": items[-1]})


def format_number(value: float, language: str) -> str:
    """One decimal: '1,2' the Dutch way, '1.2' in English."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "nl" else text


def _same(msgid: str) -> str:
    return msgid  # the message ids are the Dutch text


def _render(
    msgid: str,
    params: Mapping[str, Param],
    in_sentence: bool,
    gettext: Callable[[str], str],
    language: str,
) -> str:
    text = gettext(msgid)
    if params:  # without parameters a '%' is an ordinary character, as in flask_babel.gettext
        text = text % {name: _value(v, gettext, language) for name, v in params.items()}
    return text[:1].lower() + text[1:] if in_sentence else text


def _value(value: Param, gettext: Callable[[str], str], language: str) -> str:
    if isinstance(value, Phrase):
        return value.render(gettext, language)
    if isinstance(value, tuple):
        return ", ".join(_value(item, gettext, language) for item in value)
    if isinstance(value, float):
        return format_number(value, language)
    return str(value)
