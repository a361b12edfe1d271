"""JSON from outside, read within bounds: nesting and number size are limited before they can crash.

Python's json module recurses once per level of nesting (100,000 brackets raise RecursionError)
and turns any run of digits into an int (4,301 digits raise ValueError); a hostile body must get a
clear error instead. The depth is checked by a scan that does not recurse, before parsing.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

import orjson

from matcher.errors import MalformedInput, MatcherError, ValidationError

MAX_DEPTH = 32
MAX_NUMBER_LENGTH = 32  # characters of one number as written, sign and exponent included

# A string (ending at its closing quote, or at the end of the text when it is never closed, so
# that the scan stays linear), with the colon that makes it a key; or a bracket.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*+(?:"(\s*:)?|\\?\Z)|[\[\]{}]', re.DOTALL)


# orjson reads a number otherwise than the json module when it is an integer of 19 digits or
# more (beyond 64 bits, a float) or longer than MAX_NUMBER_LENGTH (we refuse it). A text with a
# run of 19 characters that numbers are made of, also inside a string, goes to the json module.
# (bytes.translate and `in` take 0.3 µs for a profile; a regular expression took 2.5 to 7.5.)
_NUMBER_BYTES = bytes(ord("0") if chr(b) in "0123456789+-.eE" else ord(" ") for b in range(256))
_LONG_NUMBER = b"0" * 19


@dataclass(frozen=True, slots=True)
class _Refused:
    """Stands in for a number the document may not hold, until its place is known."""

    error: type[MatcherError]
    message: str


def loads(data: bytes | str) -> Any:
    """Parse JSON text; raise MalformedInput (not JSON) or ValidationError (beyond the limits)."""
    text = _text(data)
    check_depth(text)
    # orjson reads an ordinary document in a fifth of the time, to the same values (floats to
    # the last bit). It refuses what the json module takes and we refuse in our own words (NaN,
    # an infinite number) or take (a lone surrogate), and what is not JSON: the json module
    # then reads it again, to say why.
    raw = data if isinstance(data, bytes) else text.encode("utf-8", "surrogatepass")
    if _LONG_NUMBER not in raw.translate(_NUMBER_BYTES):
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    numbers = _Numbers()
    try:
        value = json.loads(
            text,
            parse_int=numbers.integer,
            parse_float=numbers.decimal,
            parse_constant=numbers.constant,
        )
    except json.JSONDecodeError as exc:
        raise MalformedInput(
            None, f"geen geldige JSON (regel {exc.lineno}, teken {exc.colno})"
        ) from None
    if numbers.refused:
        _raise_first_refused(value)
    return value


def _text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MalformedInput(None, "geen geldige JSON: de tekst is niet in UTF-8") from None


def check_depth(text: str) -> None:
    """Refuse JSON text nested deeper than MAX_DEPTH, naming the top-level key it happens under."""
    # Nesting deeper than MAX_DEPTH needs more opening brackets than that, in strings or not: a
    # text with fewer (every profile) cannot, and skips the scan.
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth, key = 0, None
    for token in _TOKEN.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                raise ValidationError(
                    key, f"te diep genest: hoogstens {MAX_DEPTH} niveaus van [ ] en {{ }}"
                )
        elif bracket in ("]", "}"):
            depth -= 1
            key = None if depth <= 1 else key
        elif depth == 1 and token.group(1) is not None:
            key = _key(bracket[: bracket.rindex('"') + 1])


def _key(quoted: str) -> str:
    try:
        return str(json.loads(quoted))
    except json.JSONDecodeError:
        return quoted[1:-1]


class _Numbers:
    """json.loads hooks that parse small numbers and mark the rest, without converting them."""

    def __init__(self) -> None:
        self.refused = False

    def integer(self, text: str) -> int | _Refused:
        if len(text) > MAX_NUMBER_LENGTH:
            return self._refuse(ValidationError, _too_long())
        return int(text)

    def decimal(self, text: str) -> float | _Refused:
        if len(text) > MAX_NUMBER_LENGTH:
            return self._refuse(ValidationError, _too_long())
        value = float(text)
        if not math.isfinite(value):
            return self._refuse(ValidationError, "getal is te groot")
        return value

    def constant(self, text: str) -> _Refused:
        return self._refuse(MalformedInput, f"{text} is geen getal in JSON")

    def _refuse(self, error: type[MatcherError], message: str) -> _Refused:
        self.refused = True
        return _Refused(error, message)


def _too_long() -> str:
    return f"getal is te lang: hoogstens {MAX_NUMBER_LENGTH} tekens"


def _raise_first_refused(value: Any) -> None:
    # Depth is bounded by now, but a stack keeps the walk free of recursion all the same; it goes
    # in document order so that the error names the first bad number.
    stack: list[tuple[tuple[str, ...], Any]] = [((), value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, _Refused):
            raise item.error(".".join(path) or None, item.message)
        stack.extend(reversed([((*path, str(k)), v) for k, v in _children(item)]))


def _children(item: Any) -> list[tuple[object, Any]]:
    if isinstance(item, dict):
        return list(item.items())
    if isinstance(item, list):
        return list(enumerate(item))
    return []
