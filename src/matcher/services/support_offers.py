"""Support offers from a CSV file (`matcher import-support FILE`): all or nothing, every invalid
row reported with its line and column, matched on `code` so a second import changes nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.catalogue.formats import RowError
from matcher.errors import ValidationError
from matcher.models import Organisation, SupportOffer
from matcher.phrases import Phrase
from matcher.services import audit, catalogue
from matcher.services.audit import Action, Actor, Event
from matcher.services.opplus import OfferForm, checked_offer

COLUMNS = (
    "code",
    "organisation",
    "title",
    "support",
    "wijken",
    "expertise",
    "contact_name",
    "contact_phone",
    "contact_email",
    "capacity",
)
REQUIRED = ("code", "organisation", "title", "support", "contact_name", "contact_phone", "capacity")
# The form's field names in errors, mapped back to the file's columns.
_COLUMN_OF = {
    "titel": "title",
    "steun": "support",
    "wijken": "wijken",
    "doelgroepen": "expertise",
    "contactpersoon": "contact_name",
    "telefoon": "contact_phone",
    "capaciteit": "capacity",
}


def count(db: Session) -> int:
    """How many support offers there are, active or not."""
    return db.scalar(select(func.count()).select_from(SupportOffer)) or 0


@dataclass(slots=True)
class OfferImport:
    """What an import did (or would have done), in counts that add up, with every error."""

    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _rows(text: str, result: OfferImport) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    result.errors += [RowError(1, name, "verplichte kolom ontbreekt") for name in missing]
    if missing:
        return []
    reader.fieldnames = header
    rows = []
    for values in reader:
        result.rows_read += 1
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in values.items() if k}))
    return rows


def _checked(line: int, row: dict[str, str], result: OfferImport) -> dict[str, object] | None:
    form = OfferForm(
        row.get("title", ""),
        _split(row.get("support", "")),
        _split(row.get("wijken", "")),
        _split(row.get("expertise", "")),
        row.get("contact_name", ""),
        row.get("contact_phone", ""),
        row.get("contact_email", ""),
        row.get("capacity", ""),
    )
    try:
        return checked_offer(form)
    except ValidationError as error:
        column = _COLUMN_OF.get(error.field or "", error.field)
        message = (
            error.message.render(str, "nl") if isinstance(error.message, Phrase) else error.message
        )
        result.errors.append(RowError(line, column, message))
        return None


def import_offers(db: Session, data: bytes, actor: Actor) -> OfferImport:
    """Read and store the offers of a CSV file in one transaction, or nothing at all."""
    result = OfferImport()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(RowError(0, None, "het bestand is niet in UTF-8 opgeslagen"))
        return result
    checked, seen = [], set()
    for line, row in _rows(text, result):
        code = row.get("code", "")
        if not code or code in seen:
            result.errors.append(RowError(line, "code", "leeg of dubbel in het bestand"))
            continue
        seen.add(code)
        if not row.get("organisation"):
            result.errors.append(RowError(line, "organisation", "vul de organisatie in"))
            continue
        values = _checked(line, row, result)
        if values is not None:
            checked.append((code, row["organisation"], values))
    if result.errors:
        db.rollback()
        return result
    for code, organisation, values in checked:
        _store(db, code, _organisation(db, organisation), values, result)
    if result.created or result.updated:
        audit.record(db, Event.by(actor, Action.OFFERS_IMPORTED, "steunaanbod"))
    return result


def _organisation(db: Session, name: str) -> Organisation:
    """An organisation by name; a new one gets a code from its name, as the catalogue does."""
    found = db.scalars(select(Organisation).where(Organisation.name == name)).first()
    if found is None:
        found = Organisation(name=name, code=catalogue.slug(name)[:100])
        db.add(found)
        db.flush()
    return found


def _store(
    db: Session,
    code: str,
    organisation: Organisation,
    values: dict[str, object],
    result: OfferImport,
) -> None:
    offer = db.scalars(select(SupportOffer).where(SupportOffer.code == code)).first()
    if offer is None:
        db.add(SupportOffer(code=code, organisation=organisation, **values))
        result.created += 1
        return
    before = {name: getattr(offer, name) for name in values} | {"org": offer.organisation_id}
    for name, value in values.items():
        setattr(offer, name, value)
    offer.organisation = organisation
    db.flush()
    after = {name: getattr(offer, name) for name in values} | {"org": offer.organisation_id}
    if before == after:
        result.unchanged += 1
    else:
        result.updated += 1
