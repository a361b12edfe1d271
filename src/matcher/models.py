"""The catalogue's tables: organisations, locations, activities with their schedule slots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.db import Base


class Organisation(Base):
    """An organisation that runs activities (invented names in the sample data)."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    activities: Mapped[list[Activity]] = relationship(back_populates="organisation")


class Location(Base):
    """Where an activity takes place, as the catalogue gives it; points are derived when missing."""

    __tablename__ = "location"

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(7))
    wijk: Mapped[str | None] = mapped_column(String(40))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)

    activities: Mapped[list[Activity]] = relationship(back_populates="location")


class Activity(Base):
    """One activity of the catalogue, with every field of the catalogue format."""

    __tablename__ = "activity"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'wachtlijst', 'vol')", name="status"),
        CheckConstraint(
            "aanbod IN ('regulier', 'opgeplust', 'aanvullend', 'maatwerk')", name="aanbod"
        ),
        CheckConstraint("cost_eur IS NULL OR cost_eur >= 0", name="cost_not_negative"),
        CheckConstraint(
            "min_age IS NULL OR max_age IS NULL OR min_age <= max_age", name="age_range"
        ),
    )

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id"), index=True)
    interests: Mapped[list[str]] = mapped_column(JSON)
    support: Mapped[list[str]] = mapped_column(JSON)
    expertise: Mapped[list[str]] = mapped_column(JSON)
    vorm: Mapped[list[str]] = mapped_column(JSON)
    aanbod: Mapped[str] = mapped_column(String(20))
    cost_eur: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)
    languages: Mapped[list[str]] = mapped_column(JSON)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    last_verified: Mapped[dt.date | None] = mapped_column(Date)

    organisation: Mapped[Organisation] = relationship(back_populates="activities")
    location: Mapped[Location | None] = relationship(back_populates="activities")
    slots: Mapped[list[ScheduleSlot]] = relationship(
        back_populates="activity",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ScheduleSlot.position",
    )


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


ROLES = ("consulent", "swt", "aanbieder", "beheerder")


class UserAccount(Base):
    """A staff account. Consulent and swt belong to a team, an aanbieder to an organisation."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("role IN ('consulent', 'swt', 'aanbieder', 'beheerder')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
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
