"""The role definition: what each role may do, and the rules that follow from it."""

from __future__ import annotations

from matcher import roles
from matcher.roles import Permission


def test_each_role_may_do_what_its_people_need() -> None:
    may = {code: {p for p in Permission if roles.may(code, p)} for code in roles.codes()}
    assert may == {
        "consulent": {Permission.ACCOUNT, Permission.SEARCH, Permission.CASES},
        "swt": {Permission.ACCOUNT, Permission.SEARCH, Permission.CASES},
        "aanbieder": {Permission.ACCOUNT, Permission.PROVIDER},
        "ondersteuner": {Permission.ACCOUNT, Permission.SUPPORT},
        "beheerder": {Permission.ACCOUNT, Permission.ADMIN},
        "beleid": {Permission.ACCOUNT, Permission.INSIGHT},
    }
    assert not roles.may(None, Permission.ACCOUNT) and not roles.may("onbekend", Permission.SEARCH)


def test_professionals_are_in_a_team_and_aanbieders_in_an_organisation() -> None:
    member_of = {code: role.member_of for code, role in roles.ROLES.items()}
    assert member_of == {
        "consulent": "team",
        "swt": "team",
        "aanbieder": "organisation",
        "ondersteuner": "organisation",
        "beheerder": None,
        "beleid": None,
    }
    assert all(role.second_factor for role in roles.ROLES.values())  # BIO2 5.17.01
    assert roles.with_permission(Permission.CASES) == ("consulent", "swt")
