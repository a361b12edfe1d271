"""The form of a catalogue entry, made from the one definition of its fields (catalogue.records):
a new field appears on the form, with its label, without an edit here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask import render_template
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from matcher.catalogue.records import COLUMNS, FIELDS, REVIEWED, Spec
from matcher.models import ActivityChange
from matcher.services import catalogue

Who = Callable[[ActivityChange], str]

# Fields an organisation does not type: the code is made from the title, the organisation is its
# own, and "last confirmed" is set by the "Klopt nog" button.
NOT_ON_FORM = ("id", "organisation", "organisation_id", "last_verified")
ON_FORM = tuple(name for name in COLUMNS if name not in NOT_ON_FORM)


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a coded field."""

    code: str
    label: str
    chosen: bool


@dataclass(frozen=True, slots=True)
class FormField:
    """One field as the form shows it."""

    name: str
    label: str
    hint: str
    widget: str  # text, textarea, select or checkboxes
    value: str
    reviewed: bool  # a change waits for the beheerder
    error: str | None = None
    options: list[Option] = field(default_factory=list)


def _widget(name: str, spec: Spec) -> str:
    if spec.kind.codes is not None:
        return "checkboxes" if spec.kind.many else "select"
    return "textarea" if name == "description" else "text"


def form_fields(values: Mapping[str, str], errors: Mapping[str, str]) -> list[FormField]:
    """The fields of the form with the values given (the catalogue's text form) and errors."""
    shown = []
    for name in ON_FORM:
        spec = FIELDS[name]
        value = values.get(name, "")
        chosen = {v.strip() for v in value.split(";")}
        options = [
            Option(code, term.term, code in chosen)  # organisations: their own terms
            for code, term in (spec.kind.codes or {}).items()
        ]
        shown.append(
            FormField(
                name,
                spec.label,
                spec.hint,
                _widget(name, spec),
                value,
                name in REVIEWED,
                errors.get(name),
                options,
            )
        )
    return shown


def typed(form: MultiDict[str, str]) -> dict[str, str]:
    """What was typed and ticked, in the catalogue's text form (several codes joined by ';')."""
    values = {}
    for name in ON_FORM:
        spec = FIELDS[name]
        if spec.kind.codes is not None and spec.kind.many:
            values[name] = ";".join(form.getlist(name))
        else:
            values[name] = form.get(name, "")
    return values


def readable(name: str, text: str) -> str:
    """A field's text for people: labels instead of codes."""
    codes = FIELDS[name].kind.codes
    if codes is None or not text:
        return text
    return ", ".join(_(codes[c].term) if c in codes else c for c in text.split(";"))


def history_page(title: str, changes: list[ActivityChange], who: Who, back: str) -> str:
    """The history of one entry, newest first; `who` names the person behind each change."""
    return render_template(
        "catalogue/history.html",
        title=title,
        changes=changes,
        who=who,
        back=back,
        readable=readable,
        labels=FIELDS,
        kind_labels={k: _(v) for k, v in catalogue.KIND_LABELS.items()},
        state_labels={k: _(v) for k, v in catalogue.STATE_LABELS.items()},
    )
