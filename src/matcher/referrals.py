"""The steps of a warm referral, and which moves between them are allowed (pure rules)."""

from __future__ import annotations

from matcher.phrases import N_, Phrase

STEPS: tuple[str, ...] = (
    "voorgesteld",
    "contact_gelegd",
    "kennismaking",
    "deelnemend",
    "gestopt",
    "afgerond",
)
FLOW: tuple[str, ...] = STEPS[:4]  # the steps a referral goes through, in this order
ENDS: tuple[str, ...] = ("gestopt", "afgerond")
# What the pages call each step; they translate it (`translate` in the templates).
LABELS = {
    "voorgesteld": Phrase(N_("Voorgesteld")),
    "contact_gelegd": Phrase(N_("Contact gelegd")),
    "kennismaking": Phrase(N_("Kennismaking")),
    "deelnemend": Phrase(N_("Doet mee")),
    "gestopt": Phrase(N_("Gestopt")),
    "afgerond": Phrase(N_("Afgerond")),
}


class StepError(ValueError):
    """A move the referral steps do not allow."""

    def __init__(self, message: Phrase) -> None:
        super().__init__(message)
        self.message = message


def next_steps(current: str) -> tuple[str, ...]:
    """Where a referral may go from here without reopening.

    Forward one step at a time; 'afgerond' only after taking part; 'gestopt' at any point before
    an end (a person may stop before the first visit too).
    """
    if current in ENDS:
        return ()
    position = FLOW.index(current)
    forward = (FLOW[position + 1],) if position + 1 < len(FLOW) else ("afgerond",)
    return (*forward, "gestopt")


def advance(current: str, target: str) -> str:
    """The next step, when allowed."""
    if target not in next_steps(current):
        raise StepError(
            Phrase(
                N_("van '%(current)s' kan een verwijzing niet naar '%(target)s'"),
                {"current": LABELS[current], "target": LABELS.get(target, target)},
            )
        )
    return target


def reopen_steps(current: str) -> tuple[str, ...]:
    """The earlier steps a referral may be reopened at (an explicit step back)."""
    if current in ENDS:
        return FLOW
    return FLOW[: FLOW.index(current)]


def reopen(current: str, target: str) -> str:
    """An explicit step back."""
    if target not in reopen_steps(current):
        raise StepError(
            Phrase(
                N_("een verwijzing in '%(current)s' kan niet heropend worden op '%(target)s'"),
                {"current": LABELS[current], "target": LABELS.get(target, target)},
            )
        )
    return target


ACTIVE_IN_PLAN = ("contact_gelegd", "kennismaking", "deelnemend")  # shown in the weekly plan
