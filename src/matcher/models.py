"""The catalogue's tables: organisations, locations, activities with their schedule slots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.compiler import DDLCompiler
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import TypeEngine

from matcher import roles, vocabulary, welcome
from matcher.catalogue import records
from matcher.catalogue.records import Store
from matcher.db import Base


class Organisation(Base):
    """An organisation that runs activities (invented names in the sample data).

    Accounts, referrals, consents and activities point at its id; `code` is its stable id in the
    catalogue file, so a new name is an update, not a new organisation."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    activities: Mapped[list[Activity]] = relationship(back_populates="organisation")


class Location(Base):
    """Where an activity takes place, as the catalogue gives it; points are derived when missing.
    Its columns are the fields stored in `Store.LOCATION` (see `_add_columns` below)."""

    __tablename__ = "location"

    id: Mapped[int] = mapped_column(primary_key=True)

    activities: Mapped[list[Activity]] = relationship(back_populates="location")


class Activity(Base):
    """One activity of the catalogue. Its columns besides the keys are the fields of
    `ActivityRecord` stored in `Store.ACTIVITY` (see `_add_columns` below)."""

    __tablename__ = "activity"
    __table_args__ = (
        *(
            CheckConstraint(f"{name} IN ({', '.join(repr(c) for c in allowed)})", name=name)
            for name, allowed in records.single_codes(Store.ACTIVITY)
        ),
        CheckConstraint("cost_eur IS NULL OR cost_eur >= 0", name="cost_not_negative"),
        CheckConstraint(
            "min_age IS NULL OR max_age IS NULL OR min_age <= max_age", name="age_range"
        ),
    )

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"), index=True)
    # Raised by every write; a save that started from an older revision is refused, so two
    # people editing one entry never overwrite each other unseen.
    revision: Mapped[int] = mapped_column(Integer)
    # records.fingerprint of the entry's text, set by every write: an import recognises a row
    # sent again unchanged by it, without reading the stored entry. None: not known (yet).
    fingerprint: Mapped[str | None] = mapped_column(String(32))

    organisation: Mapped[Organisation] = relationship(back_populates="activities")
    location: Mapped[Location | None] = relationship(back_populates="activities")
    slots: Mapped[list[ScheduleSlot]] = relationship(
        back_populates="activity",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ScheduleSlot.position",
    )

    __mapper_args__ = {"version_id_col": revision}


_COLUMN_TYPES: dict[str, Callable[[], TypeEngine[Any]]] = {
    "json": JSON,
    "euro": lambda: Numeric(10, 2),
    "integer": Integer,
    "float": Float,
    "date": Date,
}


def _column_type(kind: records.Kind) -> TypeEngine[Any]:
    if kind.column == "text":
        return Text() if kind.length is None else String(kind.length)
    return _COLUMN_TYPES[kind.column]()


def _add_columns(model: type[Base], store: Store) -> None:
    # The definition of an activity's fields is matcher.catalogue.records; the columns follow.
    for name in records.stored_in(store):
        column_type = _column_type(records.FIELDS[name].kind)
        setattr(model, name, mapped_column(column_type, nullable=records.nullable(name)))


_add_columns(Activity, Store.ACTIVITY)
_add_columns(Location, Store.LOCATION)


class ScheduleSlot(Base):
    """One weekly slot of an activity: a day with a start and end time."""

    __tablename__ = "schedule_slot"
    __table_args__ = (
        CheckConstraint("day IN ('ma', 'di', 'wo', 'do', 'vr', 'za', 'zo')", name="day"),
        CheckConstraint("starts_at < ends_at", name="starts_before_end"),
        UniqueConstraint("activity_id", "position", name="uq_schedule_slot_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[str] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    day: Mapped[str] = mapped_column(String(2))
    starts_at: Mapped[dt.time] = mapped_column(Time)
    ends_at: Mapped[dt.time] = mapped_column(Time)

    activity: Mapped[Activity] = relationship(back_populates="slots")


class CatalogueState(Base):
    """A single row whose version changes with every change to the catalogue.

    Every web worker keys its in-memory ranking index by this version, so an import on one host
    refreshes the index on all of them.
    """

    __tablename__ = "catalogue_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Team(Base):
    """A team of professionals (a SamenZwolle team or a sociaal wijkteam)."""

    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    phone: Mapped[str | None] = mapped_column(String(30))  # for organisations to call back


class _KnownRole(ColumnElement[bool]):
    """`role IN (...)` of the roles in matcher.roles, written out when the DDL is compiled."""

    inherit_cache = True


@compiles(_KnownRole)
def _known_role(_element: _KnownRole, _compiler: DDLCompiler, **_kw: object) -> str:
    return "role IN (" + ", ".join(f"'{code}'" for code in roles.codes()) + ")"


class UserAccount(Base):
    """A staff account; by its role (matcher.roles) it belongs to a team or an organisation."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint(_KnownRole(), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    # The work name colleagues know the person by, shown in the header; the e-mail when empty.
    name: Mapped[str | None] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    must_change_password: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Raised by logout, password change and deactivation: every older session cookie dies.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The 30-second step of the last code that logged in: a code of that step or older is spent.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    team: Mapped[Team | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class AuditEntry(Base):
    """One append-only line of the audit log; each line's hash covers the previous one's."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the log outlives accounts
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(100))
    result: Mapped[str] = mapped_column(String(20))
    origin: Mapped[str | None] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(100))
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class KeptForm(Base):
    """What was typed when a session ended, for the same account to get back once (never a
    password). It can hold case notes, so it lives on the server, briefly, not in the cookie."""

    __tablename__ = "kept_form"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # random; the cookie holds it
    account_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    path: Mapped[str] = mapped_column(String(500))
    fields: Mapped[dict[str, list[str]]] = mapped_column(JSON)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class Case(Base):
    """A hulpvraag: a random code, the person's profile, and who follows it. No name, BSN,
    address or birth date: the case is pseudonymous by design."""

    __tablename__ = "hulpvraag"
    __table_args__ = (CheckConstraint("status IN ('open', 'gesloten')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    profile: Mapped[dict[str, object]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    team: Mapped[Team] = relationship()
    owner: Mapped[UserAccount | None] = relationship()
    notes: Mapped[list[CaseNote]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CaseNote.id",
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Consent.id",
    )
    referrals: Mapped[list[Referral]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Referral.id",
    )
    plan_items: Mapped[list[PlanItem]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="PlanItem.id",
    )
    support_requests: Mapped[list[SupportRequest]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SupportRequest.id",
    )
    intake: Mapped[Intake | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )
    transfers: Mapped[list[CaseTransfer]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CaseTransfer.id",
    )


TRANSFER_REASON_MAX = 300


class CaseTransfer(Base):
    """A case handed from one team to another (SamenZwolle and the SWT), with the reason. Until
    someone of the receiving team opens the case it stands in that team's worklist."""

    __tablename__ = "overdracht"
    __table_args__ = (
        CheckConstraint("from_team_id <> to_team_id", name="other_team"),
        CheckConstraint(f"length(reason) <= {TRANSFER_REASON_MAX}", name="reason_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hulpvraag.id", ondelete="CASCADE"), index=True)
    from_team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    to_team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    reason: Mapped[str | None] = mapped_column(String(TRANSFER_REASON_MAX))  # None once anonymised
    by_id: Mapped[int | None] = mapped_column(Integer)  # no FK: as referral steps
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case] = relationship(back_populates="transfers")
    from_team: Mapped[Team] = relationship(foreign_keys=[from_team_id])
    to_team: Mapped[Team] = relationship(foreign_keys=[to_team_id])


NOTE_MAX = 500


INTAKE_SOURCES = ("inwoner", "huisarts", "poh", "wijkverpleging")


class Intake(Base):
    """How a case came in from outside: a resident asking to search together, or a huisarts, POH
    or wijkverpleging passing someone on with their consent. Only what it takes to get in touch;
    the details are wiped with the case's retention and go with its erasure."""

    __tablename__ = "aanmelding"
    __table_args__ = (
        CheckConstraint(
            "source IN (" + ", ".join(f"'{s}'" for s in INTAKE_SOURCES) + ")", name="source"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("hulpvraag.id", ondelete="CASCADE"), unique=True
    )
    source: Mapped[str] = mapped_column(String(20))
    first_name: Mapped[str | None] = mapped_column(String(60))
    contact: Mapped[str | None] = mapped_column(String(200))  # a phone number or e-mail address
    best_time: Mapped[str | None] = mapped_column(String(100))
    about: Mapped[str | None] = mapped_column(String(NOTE_MAX))
    consent: Mapped[str] = mapped_column(String(300))  # the words the person agreed to
    referrer: Mapped[str | None] = mapped_column(String(100))  # a partner's practice
    referrer_phone: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case] = relationship(back_populates="intake")


class CaseNote(Base):
    """A short note on a case (no names or diagnoses; the page says so)."""

    __tablename__ = "hulpvraag_notitie"
    __table_args__ = (CheckConstraint(f"length(text) <= {NOTE_MAX}", name="length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hulpvraag.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(NOTE_MAX))
    author_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case] = relationship(back_populates="notes")


class Consent(Base):
    """Consent for one purpose, e.g. sharing a first name and phone number with organisation X.
    The shared details live here and nowhere else, and are wiped when it is withdrawn."""

    __tablename__ = "toestemming"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hulpvraag.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    first_name: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(30))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[int | None] = mapped_column(Integer)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case] = relationship(back_populates="consents")
    organisation: Mapped[Organisation | None] = relationship()


class Referral(Base):
    """A warm referral (verwijzing) from a case to an activity, moving through fixed steps."""

    __tablename__ = "verwijzing"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hulpvraag.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[str] = mapped_column(String(100))
    activity_title: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    companion: Mapped[str | None] = mapped_column(String(100))
    follow_up_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # The weekly times chosen with the person ('di 10:00-12:00'); None until chosen. Only these
    # go on the person's papers, so a slot during dagbesteding is not printed.
    chosen_slots: Mapped[list[str] | None] = mapped_column(JSON)
    bring: Mapped[str | None] = mapped_column(String(200))  # what to bring, for "Jouw plek"
    goal_id: Mapped[int | None] = mapped_column(  # the household plan's goal it serves
        ForeignKey("doel.id", ondelete="SET NULL"), index=True
    )

    case: Mapped[Case] = relationship(back_populates="referrals")
    organisation: Mapped[Organisation | None] = relationship()
    history: Mapped[list[ReferralStep]] = relationship(
        back_populates="referral",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ReferralStep.id",
    )
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="referral",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Attendance.week",
    )
    checkins: Mapped[list[WelcomeCheckin]] = relationship(
        back_populates="referral",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="WelcomeCheckin.moment",
    )


class ReferralStep(Base):
    """One step of a referral's history: when, by whom, with a short note."""

    __tablename__ = "verwijzing_stap"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("verwijzing.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    by_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(NOTE_MAX))

    referral: Mapped[Referral] = relationship(back_populates="history")


class Attendance(Base):
    """The organisation confirms someone came in a given week (its Monday)."""

    __tablename__ = "aanwezigheid"
    __table_args__ = (UniqueConstraint("referral_id", "week", name="uq_aanwezigheid_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("verwijzing.id", ondelete="CASCADE"), index=True
    )
    week: Mapped[dt.date] = mapped_column(Date)
    recorded_by: Mapped[int | None] = mapped_column(Integer)

    referral: Mapped[Referral] = relationship(back_populates="attendance")


class WelcomeCheckin(Base):
    """'Voel je je welkom?', asked with the person 4 and 12 weeks after they started taking part.

    Only the answer's code and the day: no free text, since a case's records are health data."""

    __tablename__ = "welkom_checkin"
    __table_args__ = (
        CheckConstraint(f"moment IN ({', '.join(str(m) for m in welcome.MOMENTS)})", name="moment"),
        CheckConstraint(
            f"answer IN ({', '.join(repr(a) for a in welcome.ANSWERS)})", name="answer"
        ),
        UniqueConstraint("referral_id", "moment", name="uq_welkom_checkin_moment"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("verwijzing.id", ondelete="CASCADE"), index=True
    )
    moment: Mapped[int] = mapped_column(Integer)
    answer: Mapped[str] = mapped_column(String(10))
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    recorded_by: Mapped[int | None] = mapped_column(Integer)  # no FK: as attendance and steps

    referral: Mapped[Referral] = relationship(back_populates="checkins")


class PlanItem(Base):
    """Indicated care (maatwerk, e.g. dagbesteding) entered by hand in the weekly plan."""

    __tablename__ = "plan_onderdeel"
    __table_args__ = (CheckConstraint("starts_at < ends_at", name="starts_before_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hulpvraag.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    day: Mapped[str] = mapped_column(String(2))
    starts_at: Mapped[dt.time] = mapped_column(Time)
    ends_at: Mapped[dt.time] = mapped_column(Time)
    goal_id: Mapped[int | None] = mapped_column(  # the household plan's goal it serves
        ForeignKey("doel.id", ondelete="SET NULL"), index=True
    )

    case: Mapped[Case] = relationship(back_populates="plan_items")


class ActivityChange(Base):
    """One change of a catalogue entry: who, when, what (each field's old and new text) and why.

    Every write leaves one, so this is the entry's history. A change by an organisation to a
    field that matters for safety and matching waits here (`wacht`) until a beheerder approves
    or rejects it with a reason the organisation sees; what went live at once is listed for the
    beheerder until seen. No foreign key to the activity: the history outlives a merge."""

    __tablename__ = "activiteit_wijziging"
    __table_args__ = (
        CheckConstraint("state IN ('live', 'wacht', 'goedgekeurd', 'afgewezen')", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[str] = mapped_column(String(100), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), index=True)
    fields: Mapped[dict[str, list[str]]] = mapped_column(JSON)  # name -> [old text, new text]
    base_revision: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(NOTE_MAX))
    by_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the history outlives accounts
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[int | None] = mapped_column(Integer)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decision: Mapped[str | None] = mapped_column(String(NOTE_MAX))
    seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The catalogue version this change went live in (None while it waits, or before 0017):
    # a worker that holds an older version reads only the activities changed since.
    catalogue_version: Mapped[int | None] = mapped_column(Integer, index=True)

    organisation: Mapped[Organisation | None] = relationship()


class ErrorReport(Base):
    """Someone says an entry is wrong: only the text they wrote, nothing about who they are."""

    __tablename__ = "melding"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[str] = mapped_column(String(100), index=True)
    text: Mapped[str] = mapped_column(String(NOTE_MAX))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    handled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    handled_by: Mapped[int | None] = mapped_column(Integer)


class DemandCount(Base):
    """How many searches asked for one combination in one ISO week: a counter, never a search.

    No row per search, no time finer than the week, nothing the person typed: only codes. A
    search adds one to the counter of each combination of its interests and required supports
    (services/demand.py, docs/insight.md)."""

    __tablename__ = "vraag_teller"
    __table_args__ = (
        CheckConstraint("fit IN ('goed', 'deels', 'geen')", name="fit"),
        CheckConstraint("count > 0", name="count"),
    )

    week: Mapped[str] = mapped_column(String(8), primary_key=True)  # ISO week: '2026-W48'
    wijk: Mapped[str] = mapped_column(String(40), primary_key=True)  # or 'onbekend'
    interest: Mapped[str] = mapped_column(String(40), primary_key=True)  # '' for none
    support: Mapped[str] = mapped_column(String(40), primary_key=True)  # required; '' for none
    fit: Mapped[str] = mapped_column(String(5), primary_key=True)
    near_miss: Mapped[str] = mapped_column(String(40), primary_key=True)  # the missing support
    dagdeel: Mapped[str] = mapped_column(String(30), primary_key=True)  # 'ochtend+middag', ''
    count: Mapped[int] = mapped_column(Integer)


class CostHelp(Base):
    """A fund or arrangement that helps pay for taking part (a participatiefonds, a
    meedoenregeling): for whom (ages, a rule on income in words), what it pays, how to apply and
    whom to contact. Kept by the beheerder; `example` marks invented rows (the sample data).

    `max_eur_year` is the most it pays a year, when it says: the activities whose cost it covers
    go first for someone for whom money is a problem (services/cost_help.py)."""

    __tablename__ = "kostenhulp"
    __table_args__ = (
        CheckConstraint("min_age IS NULL OR min_age >= 0", name="min_age"),
        CheckConstraint("max_age IS NULL OR max_age >= 0", name="max_age"),
        CheckConstraint("max_eur_year IS NULL OR max_eur_year >= 0", name="max_eur_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)  # inclusive: 65 means up to 65
    income: Mapped[str] = mapped_column(String(300))  # the rule on income, in plain words
    pays: Mapped[str] = mapped_column(String(300))
    max_eur_year: Mapped[int | None] = mapped_column(Integer)
    apply: Mapped[str] = mapped_column(String(300))
    contact: Mapped[str] = mapped_column(String(200))  # a phone number or a website
    example: Mapped[bool] = mapped_column(default=False)


class InsightSnapshot(Base):
    """A report of /inzicht as it was last worked out: only what may be shown (small counts are
    already "<5" and their complements "x"), so it holds no count a person could be found by.

    One row per report; services/insight.py decides when to work it out again."""

    __tablename__ = "inzicht_stand"

    report: Mapped[str] = mapped_column(String(20), primary_key=True)  # 'indicators', 'demand'
    counted_on: Mapped[dt.date] = mapped_column(Date)  # the peildatum of the figures
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    seconds: Mapped[float] = mapped_column(Float)  # how long working it out took
    content: Mapped[dict[str, Any]] = mapped_column(JSON)


# --- opplussen: support offers, requests for support, expertise on call, volunteers -------------


class SupportOffer(Base):
    """What an organisation offers to add to an activity (opplussen): which supports (contract
    §1), where (no wijken: the whole city), for which target groups (none: any), whom to contact,
    and how many new requests a month it can take."""

    __tablename__ = "steunaanbod"
    __table_args__ = (CheckConstraint("capacity >= 0", name="capacity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)  # stable id in the CSV file
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    supports: Mapped[list[str]] = mapped_column(JSON)
    wijken: Mapped[list[str]] = mapped_column(JSON)
    expertise: Mapped[list[str]] = mapped_column(JSON)
    contact_name: Mapped[str] = mapped_column(String(100))
    contact_phone: Mapped[str] = mapped_column(String(30))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    capacity: Mapped[int] = mapped_column(Integer)  # new requests a month
    active: Mapped[bool] = mapped_column(default=True)

    organisation: Mapped[Organisation] = relationship()


class Volunteer(Base):
    """Someone of an offering organisation's pool: a first name, what they can do (support
    codes), their wijk, the days they can, and the target groups they were trained for. No more."""

    __tablename__ = "vrijwilliger"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    first_name: Mapped[str] = mapped_column(String(60))
    supports: Mapped[list[str]] = mapped_column(JSON)
    wijk: Mapped[str | None] = mapped_column(String(40))
    days: Mapped[list[str]] = mapped_column(JSON)
    trainings: Mapped[list[str]] = mapped_column(JSON)  # expertise codes trained for

    organisation: Mapped[Organisation] = relationship()


class SupportRequest(Base):
    """A consultant asks an offer's organisation to add support at an activity for one case.

    The request holds the activity's title, wijk and organisation (for its organisation to see it
    and for counting), never the case's profile or notes; the person's first name reaches the
    offering organisation only through the case's consent (toestemming)."""

    __tablename__ = "opplusvraag"
    __table_args__ = (
        CheckConstraint(
            "state IN ('aangevraagd', 'toegezegd', 'geregeld', 'afgerond', 'niet_mogelijk')",
            name="state",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("hulpvraag.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("steunaanbod.id"), index=True)
    activity_id: Mapped[str] = mapped_column(String(100))
    activity_title: Mapped[str] = mapped_column(String(200))
    activity_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id"), index=True
    )
    wijk: Mapped[str | None] = mapped_column(String(40))
    supports: Mapped[list[str]] = mapped_column(JSON)
    expertise: Mapped[list[str]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(20))
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("vrijwilliger.id", ondelete="SET NULL"), index=True
    )
    contact_first_name: Mapped[str | None] = mapped_column(String(60))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    reason: Mapped[str | None] = mapped_column(String(NOTE_MAX))  # why niet_mogelijk
    override_reason: Mapped[str | None] = mapped_column(String(NOTE_MAX))  # over capacity: why
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    created_by: Mapped[int | None] = mapped_column(Integer)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    goal_id: Mapped[int | None] = mapped_column(  # the household plan's goal it serves
        ForeignKey("doel.id", ondelete="SET NULL"), index=True
    )

    case: Mapped[Case] = relationship(back_populates="support_requests")
    offer: Mapped[SupportOffer] = relationship()
    activity_organisation: Mapped[Organisation | None] = relationship()
    volunteer: Mapped[Volunteer | None] = relationship()


class ExpertiseRequest(Base):
    """Expertise op afroep: an activity's organisation asks an offering organisation for advice
    or a training about a target group, without a case; the answer records what was given."""

    __tablename__ = "expertisevraag"
    __table_args__ = (
        CheckConstraint("kind IS NULL OR kind IN ('advies', 'training')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    to_organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    expertise: Mapped[str] = mapped_column(String(20))
    question: Mapped[str] = mapped_column(String(NOTE_MAX))
    kind: Mapped[str | None] = mapped_column(String(10))  # what was given, when answered
    answer: Mapped[str | None] = mapped_column(String(NOTE_MAX))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    created_by: Mapped[int | None] = mapped_column(Integer)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    answered_by: Mapped[int | None] = mapped_column(Integer)

    from_organisation: Mapped[Organisation] = relationship(foreign_keys=[from_organisation_id])
    to_organisation: Mapped[Organisation] = relationship(foreign_keys=[to_organisation_id])


# --- households (issue 20): one household, one plan, one regisseur -----------------------------


def _codes_in(column: str, codes: Iterable[str]) -> str:
    return f"{column} IN ({', '.join(repr(c) for c in codes)})"


GOAL_MAX = 200
RESULT_SENTENCE_MAX = 300


class Household(Base):
    """A household the SWT makes one plan with: a random code, its team and its regisseur (the
    professional who steers the plan). No address, no BSN: the members are first names."""

    __tablename__ = "huishouden"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    regisseur_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    team: Mapped[Team] = relationship()
    regisseur: Mapped[UserAccount | None] = relationship()
    members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="household",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="HouseholdMember.id",
    )
    network: Mapped[list[NetworkContact]] = relationship(
        back_populates="household",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="NetworkContact.id",
    )


class HouseholdMember(Base):
    """Someone of the household: a first name and a role; each member may be a case. Erasing the
    case erases the member with their goals (the database cascades)."""

    __tablename__ = "huishouden_lid"
    __table_args__ = (CheckConstraint(_codes_in("role", vocabulary.MEMBER_ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("huishouden.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("hulpvraag.id", ondelete="CASCADE"), unique=True
    )
    first_name: Mapped[str | None] = mapped_column(String(60))  # None once anonymised
    role: Mapped[str] = mapped_column(String(20))

    household: Mapped[Household] = relationship(back_populates="members")
    case: Mapped[Case | None] = relationship()
    goals: Mapped[list[Goal]] = relationship(
        back_populates="member",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Goal.id",
    )


class NetworkContact(Base):
    """Someone of the household's own network: a first name, the relation, what they can do,
    and a phone number if they want it on the plan. Kept only after they agreed to be named."""

    __tablename__ = "netwerk_persoon"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("huishouden.id", ondelete="CASCADE"), index=True
    )
    first_name: Mapped[str] = mapped_column(String(60))
    relation: Mapped[str] = mapped_column(String(60))
    can: Mapped[list[str]] = mapped_column(JSON)  # vocabulary.NETWORK_HELP codes
    phone: Mapped[str | None] = mapped_column(String(30))
    agreed_on: Mapped[dt.date] = mapped_column(Date)  # the day they agreed to be on the plan
    recorded_by: Mapped[int | None] = mapped_column(Integer)  # no FK: as referral steps

    household: Mapped[Household] = relationship(back_populates="network")


class Goal(Base):
    """A goal agreed with a member, in their own words, on one area of life: who helps and when
    to look at it again. Referrals, opplus requests and maatwerk point at the goal they serve."""

    __tablename__ = "doel"
    __table_args__ = (
        CheckConstraint(_codes_in("area", vocabulary.AREAS), name="area"),
        CheckConstraint(_codes_in("helper", vocabulary.HELPERS), name="helper"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("huishouden_lid.id", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(String(GOAL_MAX))  # None once anonymised
    helper: Mapped[str] = mapped_column(String(20))
    network_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("netwerk_persoon.id", ondelete="SET NULL"), index=True
    )
    organisation: Mapped[str | None] = mapped_column(String(100))  # when an organisation helps
    review_on: Mapped[dt.date | None] = mapped_column(Date, index=True)  # None: nothing to ask
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int | None] = mapped_column(Integer)

    member: Mapped[HouseholdMember] = relationship(back_populates="goals")
    network_contact: Mapped[NetworkContact | None] = relationship()
    reviews: Mapped[list[GoalReview]] = relationship(
        back_populates="goal",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="GoalReview.id",
    )
    referrals: Mapped[list[Referral]] = relationship(order_by="Referral.id")
    plan_items: Mapped[list[PlanItem]] = relationship(order_by="PlanItem.id")
    support_requests: Mapped[list[SupportRequest]] = relationship(order_by="SupportRequest.id")


class GoalReview(Base):
    """The result of a goal at its review date, with one sentence in plain words; the results
    are counted for the indicators (the sentence never)."""

    __tablename__ = "doel_resultaat"
    __table_args__ = (CheckConstraint(_codes_in("result", vocabulary.RESULTS), name="result"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("doel.id", ondelete="CASCADE"), index=True)
    result: Mapped[str] = mapped_column(String(10))
    sentence: Mapped[str | None] = mapped_column(String(RESULT_SENTENCE_MAX))  # None: anonymised
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    by_id: Mapped[int | None] = mapped_column(Integer)

    goal: Mapped[Goal] = relationship(back_populates="reviews")
