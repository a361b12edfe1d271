"""The roles of staff accounts and what each may do: the one place roles are defined.

Views declare the permission they need (`@allow(Permission.CASES)`), never a role; the database's
check on `user_account.role`, the login's home pages, the second-factor rule, the menus and the
authorization matrix test all follow from `ROLES`. Adding a role is one entry here, plus a
migration that widens the database's check.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Permission(StrEnum):
    """What a role may do; each view needs one."""

    ACCOUNT = "eigen account"  # log out, change one's password, extend one's session
    SEARCH = "zoeken met iemand"  # the consult pages
    CASES = "casussen"  # cases, referrals, the weekly plan, signals
    PROVIDER = "aanbieder"  # an organisation's own activities and referrals
    ADMIN = "beheer"  # accounts, the access review, the audit log
    INSIGHT = "inzicht"  # aggregated figures only (beleid)
    SUPPORT = "opplussen"  # an offering organisation's requests, volunteers and expertise


@dataclass(frozen=True, slots=True)
class Role:
    """One role: its label, what it may do, where it starts, and what it belongs to."""

    code: str
    label: str
    permissions: frozenset[Permission]
    home: str  # the endpoint a login ends on
    member_of: str | None = None  # "team", "organisation", or nothing
    second_factor: bool = True  # MFA for every staff account (BIO2 5.17.01)

    def may(self, permission: Permission) -> bool:
        """Whether this role has a permission (every role has its own account)."""
        return permission is Permission.ACCOUNT or permission in self.permissions


def _index(*roles: Role) -> dict[str, Role]:
    return {role.code: role for role in roles}


ROLES = _index(
    Role(
        "consulent",
        "Consulent",
        frozenset({Permission.SEARCH, Permission.CASES}),
        home="consult.search",
        member_of="team",
    ),
    Role(
        "swt",
        "Generalist sociaal wijkteam",
        frozenset({Permission.SEARCH, Permission.CASES}),
        home="consult.search",
        member_of="team",
    ),
    Role(
        "aanbieder",
        "Aanbieder",
        frozenset({Permission.PROVIDER}),
        home="provider.home",
        member_of="organisation",
    ),
    Role(
        "ondersteuner",
        "Ondersteuner (opplussen)",
        frozenset({Permission.SUPPORT}),
        home="support.requests",
        member_of="organisation",
    ),
    Role("beheerder", "Beheerder", frozenset({Permission.ADMIN}), home="admin.users"),
    Role("beleid", "Beleid (gemeente)", frozenset({Permission.INSIGHT}), home="insight.indicators"),
)


def codes() -> tuple[str, ...]:
    """Every role's code."""
    return tuple(ROLES)


def may(role: str | None, permission: Permission) -> bool:
    """Whether an account of this role (None: no account) has a permission."""
    return role in ROLES and ROLES[role].may(permission)


def with_permission(permission: Permission) -> tuple[str, ...]:
    """The roles that have a permission."""
    return tuple(code for code, role in ROLES.items() if role.may(permission))
