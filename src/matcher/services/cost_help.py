"""Help with costs: the funds and arrangements that pay for taking part, kept by the beheerder,
and which of them a person may get, chosen by their age when it is known.

Income is never asked: a fund's rule on income is only said in words, so a person can see
whether it may be for them without telling anyone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.errors import NotFound, ValidationError
from matcher.models import CostHelp
from matcher.phrases import N_, Phrase
from matcher.services import audit
from matcher.services.audit import Action, Actor, Event

OLDEST = 120
LIMITS = {"name": 120, "income": 300, "pays": 300, "apply": 300, "contact": 200}


@dataclass(frozen=True, slots=True)
class HelpForm:
    """A fund as typed in the beheerder's form (or read from the example file): all text."""

    name: str
    min_age: str
    max_age: str
    income: str
    pays: str
    max_eur_year: str
    apply: str
    contact: str
    example: bool = False

    @classmethod
    def of(cls, found: CostHelp | None) -> HelpForm:
        """A fund's values for its form (empty for a new one)."""
        if found is None:
            return cls("", "", "", "", "", "", "", "")
        return cls(
            found.name,
            _text(found.min_age),
            _text(found.max_age),
            found.income,
            found.pays,
            _text(found.max_eur_year),
            found.apply,
            found.contact,
            found.example,
        )


FORM_FIELDS = ("name", "min_age", "max_age", "income", "pays", "max_eur_year", "apply", "contact")


def _text(number: int | None) -> str:
    return "" if number is None else str(number)


def every(db: Session) -> list[CostHelp]:
    """Every fund, by name."""
    return list(db.scalars(select(CostHelp).order_by(CostHelp.name, CostHelp.id)))


def applies(found: CostHelp, age: int | None) -> bool:
    """Whether a fund is for someone of this age (an unknown age: it may be)."""
    if age is None:
        return True
    return (found.min_age is None or found.min_age <= age) and (
        found.max_age is None or age <= found.max_age
    )


def for_age(db: Session, age: int | None) -> list[CostHelp]:
    """The funds a person of this age may get; every fund when the age is unknown."""
    return [f for f in every(db) if applies(f, age)]


def covered_eur_month(helps: Sequence[CostHelp]) -> float:
    """The most a month that one of these funds pays (0 when none says an amount)."""
    return max((f.max_eur_year / 12 for f in helps if f.max_eur_year), default=0.0)


def affordable_eur(db: Session, age: int | None) -> float:
    """What a month costs at most to be free or paid by help the person surely may get by age:
    with the age unknown, only funds for every age count."""
    helps = (
        for_age(db, age)
        if age is not None
        else [f for f in every(db) if f.min_age is None and f.max_age is None]
    )
    return covered_eur_month(helps)


def get(db: Session, help_id: int) -> CostHelp:
    """One fund, or NotFound."""
    found = db.get(CostHelp, help_id)
    if found is None:
        raise NotFound("kostenhulp", Phrase(N_("Deze regeling bestaat niet.")))
    return found


def save(db: Session, form: HelpForm, actor: Actor, target: CostHelp | None = None) -> CostHelp:
    """Add a fund, or change one; a wrong value raises ValidationError naming its field."""
    values = _checked(form)
    target = target or CostHelp()
    for name, value in values.items():
        setattr(target, name, value)
    db.add(target)
    db.flush()
    audit.record(db, Event.by(actor, Action.COST_HELP_SAVED, "kostenhulp", str(target.id)))
    return target


def remove(db: Session, help_id: int, actor: Actor) -> None:
    """Delete a fund."""
    db.delete(get(db, help_id))
    audit.record(db, Event.by(actor, Action.COST_HELP_REMOVED, "kostenhulp", str(help_id)))


def _checked(form: HelpForm) -> dict[str, object]:
    texts = {name: str(getattr(form, name)).strip() for name in LIMITS}
    for name in ("name", "pays", "apply", "contact"):
        if not texts[name]:
            raise ValidationError(name, Phrase(N_("Vul dit in.")))
    for name, longest in LIMITS.items():
        if len(texts[name]) > longest:
            raise ValidationError(
                name, Phrase(N_("Dit is te lang: hoogstens %(n)s tekens."), {"n": longest})
            )
    youngest, oldest = _age(form.min_age, "min_age"), _age(form.max_age, "max_age")
    if youngest is not None and oldest is not None and oldest < youngest:
        raise ValidationError("max_age", Phrase(N_("De hoogste leeftijd is lager dan de laagste.")))
    return {
        **texts,
        "min_age": youngest,
        "max_age": oldest,
        "max_eur_year": _number(form.max_eur_year, "max_eur_year", 100_000),
        "example": form.example,
    }


def _age(value: str, field: str) -> int | None:
    return _number(value, field, OLDEST)


def _number(value: str, field: str, highest: int) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or int(value) > highest:
        raise ValidationError(
            field, Phrase(N_("Vul een heel getal in van 0 tot %(n)s."), {"n": highest})
        )
    return int(value)


def load_examples(db: Session, data: bytes, actor: Actor) -> int:
    """Add the example funds of a CSV file (the sample data), each marked as an example."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    for row in rows:
        values = {name: row.get(name) or "" for name in FORM_FIELDS}
        save(db, HelpForm(**values, example=True), actor)
    return len(rows)
