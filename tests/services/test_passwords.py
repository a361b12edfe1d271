"""The password policy and the stored hashes."""

from __future__ import annotations

import pytest
from argon2 import extract_parameters

from matcher.services import passwords


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("kort", passwords.TOO_SHORT),
        ("elf tekens!", passwords.TOO_SHORT),
        ("x" * 129, passwords.TOO_LONG),
        ("aaaaaaaaaaaaaaa", passwords.TOO_COMMON),
        ("passwordpassword", passwords.CONTEXT),
        ("ik woon in Zwolle en fiets", passwords.CONTEXT),
        ("SamenZwolle-2026!", passwords.CONTEXT),
        ("mijn matcher account", passwords.CONTEXT),
    ],
)
def test_it_refuses_short_common_and_context_passwords(password: str, problem: str) -> None:
    assert problem in passwords.problems(password)


def test_it_refuses_the_persons_own_name() -> None:
    assert passwords.CONTEXT in passwords.problems("ik ben annemarie de boer", ("annemarie",))


@pytest.mark.parametrize(
    "password", ["correct paard batterij niet", "x7#Kq!29vLmP", "één überlange zin", "abcdefgh" * 8]
)
def test_it_accepts_long_passwords_without_composition_rules(password: str) -> None:
    assert passwords.problems(password) == []


def test_it_allows_64_characters_and_more() -> None:
    assert passwords.problems("een heel lange zin " * 6) == []


def test_hashes_are_argon2id_with_owasp_parameters() -> None:
    stored = passwords.hash_password("een lange zin als wachtwoord")
    parameters = extract_parameters(stored)
    assert stored.startswith("$argon2id$")
    assert parameters.memory_cost >= 19 * 1024 and parameters.time_cost >= 2
    assert passwords.verify_password(stored, "een lange zin als wachtwoord")
    assert not passwords.verify_password(stored, "een andere zin als wachtwoord")
    assert not passwords.verify_password("geen hash", "x")
