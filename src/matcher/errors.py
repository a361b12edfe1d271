"""Domain errors. Each carries the field it is about and the HTTP status it answers with."""

from __future__ import annotations


class MatcherError(Exception):
    """An error a user can act on: it names the field and says what is wrong.

    The message is Dutch, as the API and the command line say it; when it is a
    `matcher.phrases.Phrase`, the pages show it in their own language.
    """

    status = 400

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


class MalformedInput(MatcherError):
    """Input that cannot be read at all (a body that is not JSON)."""

    status = 400


class TooLarge(MatcherError):
    """Input over the size limit."""

    status = 413


class ValidationError(MatcherError):
    """Input that breaks the contract (unknown code, wrong type, unknown postcode)."""

    status = 422


class NotFound(MatcherError):
    """A requested object does not exist."""

    status = 404


class TryAgain(MatcherError):
    """Someone else was changing the same thing at the same moment; nothing was saved."""

    status = 409
