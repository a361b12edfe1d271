"""Passwords: the policy (ASVS 6.2) and Argon2id hashes (ASVS 11.4.2)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
MAX_LENGTH = 128  # at least 64 must be allowed; longer than this is not a password but a paste
# Words anyone guessing a password for this service would try first.
CONTEXT_WORDS = ("zwolle", "samenzwolle", "matcher", "meedoen", "wachtwoord", "welkom", "password")

# argon2-cffi's defaults are Argon2id with 64 MiB, 3 passes, 4 lanes: above OWASP's minimum.
# The app's PASSWORD_HASHER setting replaces it (tests count its work through a subclass).
DEFAULT_HASHER = PasswordHasher()


def _hasher() -> PasswordHasher:
    if has_app_context():
        configured: PasswordHasher = current_app.config["PASSWORD_HASHER"]
        return configured
    return DEFAULT_HASHER


@cache
def _common() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def N_(message: str) -> str:  # noqa: N802  (gettext's name for "translate later")
    """Mark a message for translation where it is shown, not here."""
    return message


TOO_SHORT = N_("Gebruik minstens 12 tekens. Een zin van een paar woorden werkt goed.")
TOO_LONG = N_("Gebruik hoogstens 128 tekens.")
TOO_COMMON = N_("Dit wachtwoord is te makkelijk te raden.")
CONTEXT = N_("Gebruik geen woorden die bij deze dienst of bij jou horen, zoals 'zwolle'.")


def problems(password: str, personal: tuple[str, ...] = ()) -> list[str]:
    """What is wrong with a new password (empty when it is fine); no composition rules."""
    found = []
    if len(password) < MIN_LENGTH:
        found.append(TOO_SHORT)
    if len(password) > MAX_LENGTH:
        found.append(TOO_LONG)
    lowered = password.lower()
    if lowered in _common() or len(set(lowered)) <= 2:
        found.append(TOO_COMMON)
    words = [w.lower() for w in (*CONTEXT_WORDS, *personal) if len(w) >= 4]
    if any(word in lowered for word in words):
        found.append(CONTEXT)
    return found


def hash_password(password: str) -> str:
    """An Argon2id hash."""
    return _hasher().hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Whether the password matches the stored hash."""
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash uses weaker parameters than the current ones."""
    return _hasher().check_needs_rehash(stored)


def verify_nothing(password: str) -> None:
    """Verify against a hash of no account: a refusal costs as much as checking a real password."""
    verify_password(_dummy_hash(_hasher()), password)


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    # Made with the same hasher, so with the same parameters and cost as the real hashes.
    return hasher.hash("geen account met dit adres")
