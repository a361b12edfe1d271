"""The 'voel je je welkom?' check-in: when it is asked, and its three answers (pure rules).

The consultant asks it with the person 4 and 12 weeks after the referral reached 'doet mee'
(deelnemend). The answers are plain words; a pictogram beside each helps people who read less
easily (LVB), it never replaces the words.
"""

from __future__ import annotations

import datetime as dt

from matcher.phrases import N_, Phrase

MOMENTS: tuple[int, ...] = (4, 12)  # weeks after the referral reached 'deelnemend'
ANSWERS: tuple[str, ...] = ("ja", "beetje", "nee")
# The answers as the person hears and reads them; the pages translate them.
LABELS = {
    "ja": Phrase(N_("Ja, ik voel me welkom")),
    "beetje": Phrase(N_("Een beetje")),
    "nee": Phrase(N_("Nee, (nog) niet")),
}
# The answers as a report names them (a column of the figures, not spoken to the person).
SHORT_LABELS = {"ja": N_("ja"), "beetje": N_("een beetje"), "nee": N_("nee")}
ICONS = {"ja": "welkom_ja", "beetje": "welkom_beetje", "nee": "welkom_nee"}


def due_on(started: dt.date, moment: int) -> dt.date:
    """The first day the check-in of `moment` weeks may be asked."""
    return started + dt.timedelta(weeks=moment)
