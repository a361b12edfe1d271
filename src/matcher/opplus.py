"""The states of a request for support at an activity (opplussen), and the moves between them.

Pure rules, like matcher.referrals: aangevraagd -> toegezegd -> geregeld -> afgerond, or
niet_mogelijk from any state before an end. A promise (toegezegd) names who comes along or whom
to call, with a phone; niet_mogelijk carries its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.phrases import N_, Phrase

STATES: tuple[str, ...] = ("aangevraagd", "toegezegd", "geregeld", "afgerond", "niet_mogelijk")
FLOW: tuple[str, ...] = STATES[:4]
ENDS: tuple[str, ...] = ("afgerond", "niet_mogelijk")
# A request in one of these holds a place in its offer's monthly capacity.
HOLDS_CAPACITY: tuple[str, ...] = ("aangevraagd", "toegezegd", "geregeld", "afgerond")
# The person and the activity can count on a contact in these states.
ARRANGED: tuple[str, ...] = ("toegezegd", "geregeld")
LABELS = {
    "aangevraagd": Phrase(N_("Aangevraagd")),
    "toegezegd": Phrase(N_("Toegezegd")),
    "geregeld": Phrase(N_("Geregeld")),
    "afgerond": Phrase(N_("Afgerond")),
    "niet_mogelijk": Phrase(N_("Niet mogelijk")),
}
NAME_MAX, PHONE_MAX, REASON_MAX = 60, 30, 500


class StepError(ValueError):
    """A move the request states do not allow, or one without what it needs."""

    def __init__(self, field: str, message: Phrase) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Contact:
    """Who comes along or can be called: a first name and a phone number."""

    first_name: str
    phone: str


def next_states(current: str) -> tuple[str, ...]:
    """Where a request may go from here: one step forward, or niet_mogelijk before an end."""
    if current in ENDS:
        return ()
    position = FLOW.index(current)
    return (FLOW[position + 1], "niet_mogelijk")


def advance(current: str, target: str, *, contact: Contact | None = None, reason: str = "") -> str:
    """The next state, when allowed and given what it needs."""
    if target not in next_states(current):
        raise StepError(
            "stap",
            Phrase(
                N_("van '%(current)s' kan een vraag om opplussen niet naar '%(target)s'"),
                {"current": LABELS[current], "target": LABELS.get(target, target)},
            ),
        )
    if target == "toegezegd" and (
        contact is None or not contact.first_name.strip() or not contact.phone.strip()
    ):
        raise StepError(
            "voornaam",
            Phrase(N_("vul de voornaam in van wie meegaat of te bellen is, en een telefoonnummer")),
        )
    if target == "niet_mogelijk" and not reason.strip():
        raise StepError("reden", Phrase(N_("schrijf waarom het niet mogelijk is")))
    return target
