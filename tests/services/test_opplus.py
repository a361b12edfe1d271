"""Opplussen in the database: capacity, proposals, who sees which request, the pool, the counts,
"opgeplust for everyone"; and random walks over the request states."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy.orm import Session

from matcher import db, opplus
from matcher.catalogue.records import ActivityRecord
from matcher.errors import NotFound, ValidationError
from matcher.models import Case, SupportOffer, UserAccount
from matcher.services import cases, catalogue, matching
from matcher.services import opplus as service
from matcher.services.audit import Actor
from tests.conftest import make_person

MAATJE = "kennismaken_met_maatje"
KRINGLOOP = "kringloopwarenhuis-aa-landen"  # Aa-landen, ma-za, no maatje: a near miss
OFFERING, OTHER = "Stichting Taal Verbindt Zwolle", "AA-groep Zwolle Centrum"
TODAY = dt.date.today()


@dataclass
class World:
    """A session with a consultant's case, an offering organisation's helper and another's."""

    session: Session
    consultant: Actor
    helper: Actor
    other_helper: Actor
    case: Case
    kringloop: ActivityRecord


def _actor(session: Session, person_id: int, purpose: str) -> Actor:
    return Actor(session.get(UserAccount, person_id), "127.0.0.1", purpose)


@pytest.fixture
def world(app: Flask, imported: FlaskCliRunner) -> Iterator[World]:
    people = (
        make_person(app, "consulent", team="Team Noord"),
        make_person(app, "ondersteuner", organisation=OFFERING),
        make_person(app, "ondersteuner", organisation=OTHER),
    )
    with app.app_context():
        session = db.session()
        consultant, helper, other = (
            _actor(session, p.id, purpose)
            for p, purpose in zip(people, ("begeleiding", "opplussen", "opplussen"), strict=True)
        )
        record = matching.record(session, KRINGLOOP)
        assert record is not None
        yield World(session, consultant, helper, other, cases.create(session, consultant), record)


def offer(
    world: World,
    capacity: int = 2,
    organisation: str = OFFERING,
    wijken: tuple[str, ...] = (),
    expertise: tuple[str, ...] = (),
    supports: tuple[str, ...] = (MAATJE,),
    title: str = "Maatjes Noord",
) -> SupportOffer:
    form = service.OfferForm(
        title, list(supports), list(wijken), list(expertise), "Ria", "038-0002", "", str(capacity)
    )
    org = cases.organisation_named(world.session, organisation)
    return service.save_offer(world.session, form, org, Actor(None, "test"))


def ask(world: World, target: SupportOffer, override: str = "", case: Case | None = None):  # type: ignore[no-untyped-def]
    return service.request_support(
        world.session,
        case or world.case,
        world.kringloop,
        target.id,
        [MAATJE],
        ["nah"],
        world.consultant,
        today=TODAY,
        override_reason=override,
    )


def test_an_offer_takes_no_more_requests_a_month_than_its_capacity(world: World) -> None:
    maatjes = offer(world, capacity=2)
    first, _second = ask(world, maatjes), ask(world, maatjes)
    assert service.capacity_left(world.session, maatjes, TODAY) == 0
    with pytest.raises(ValidationError) as refused:
        ask(world, maatjes)
    assert refused.value.field == "reden_voorrang"
    # A refusal frees its place; a request over capacity needs a reason, which it keeps.
    service.move(world.session, first, "niet_mogelijk", world.helper, reason="geen maatje vrij")
    assert service.capacity_left(world.session, maatjes, TODAY) == 1
    ask(world, maatjes)
    over = ask(world, maatjes, override="zij kent deze winkel al")
    assert over.override_reason == "zij kent deze winkel al"
    assert service.taken(world.session, maatjes, TODAY) == 3
    # Next month the places are free again.
    assert service.capacity_left(world.session, maatjes, TODAY + dt.timedelta(days=32)) == 2


def test_proposals_fit_the_wijk_the_target_group_and_put_places_left_first(world: World) -> None:
    full = offer(world, capacity=0, title="Vol")
    roomy = offer(world, capacity=5, title="Ruim", wijken=("Aa-landen",))
    offer(world, title="Elders", wijken=("Stadshagen",))
    offer(world, title="Alleen autisme", expertise=("autisme",))
    offer(world, title="Andere steun", supports=("ervaringsdeskundige",))
    partial = offer(world, title="Half", supports=(MAATJE,))
    proposed = service.propose_offers(
        world.session, [MAATJE, "professional_bereikbaar"], "Aa-landen", ["nah"], TODAY
    )
    # Most places left first; none left last; other wijken, target groups and supports not at all.
    assert [p.offer for p in proposed] == [roomy, partial, full]
    assert [p.left for p in proposed] == [5, 2, 0]
    assert all(p.covers == (MAATJE,) and not p.complete for p in proposed)
    both = offer(world, title="Alles", supports=(MAATJE, "professional_bereikbaar"))
    first = service.propose_offers(
        world.session, [MAATJE, "professional_bereikbaar"], "Aa-landen", ["nah"], TODAY
    )[0]
    assert first.offer == both and first.complete


def test_an_organisation_sees_only_the_requests_addressed_to_it(world: World) -> None:
    ours, theirs = offer(world), offer(world, organisation=OTHER, title="Anders")
    mine, not_mine = ask(world, ours), ask(world, theirs)
    session = world.session
    assert world.helper.account and world.other_helper.account
    assert service.incoming(session, world.helper.account) == [mine]
    assert service.incoming(session, world.other_helper.account) == [not_mine]
    assert service.incoming_request(session, world.helper.account, mine.id) == mine
    with pytest.raises(NotFound):
        service.incoming_request(session, world.helper.account, not_mine.id)
    # The person's first name only by the case's consent for the offering organisation.
    [(_, consent)] = service.worklist(session, world.helper)
    assert consent is None
    cases.record_consent(session, world.case, OFFERING, "Ali", "06-5", world.consultant)
    [(_, consent)] = service.worklist(session, world.helper)
    assert consent is not None and consent.first_name == "Ali"
    # A closed case's requests are out of sight.
    cases.close(session, world.case, world.consultant)
    assert service.incoming(session, world.helper.account) == []


def test_a_promise_names_a_volunteer_of_the_pool_and_the_activity_sees_it(world: World) -> None:
    request = ask(world, offer(world))
    kees = service.save_volunteer(
        world.session,
        service.VolunteerForm("Kees", [MAATJE], "Holtenbroek", ["ma"], ["nah"]),
        world.helper,
    )
    service.move(world.session, request, "toegezegd", world.helper, volunteer_id=kees.id)
    assert (request.contact_first_name, request.contact_phone) == ("Kees", "038-0002")
    assert service.arranged_for(world.case, KRINGLOOP) == [request]
    kringloop = make_org_account(world, "Kringloopwarenhuis Noord")
    assert service.at_own_activities(world.session, kringloop) == [request]
    # Someone of another organisation's pool cannot be named.
    other = service.save_volunteer(
        world.session, service.VolunteerForm("Piet", [MAATJE]), world.other_helper
    )
    again = ask(world, offer(world, title="Tweede"))
    with pytest.raises(NotFound):
        service.move(world.session, again, "toegezegd", world.helper, volunteer_id=other.id)
    # Leaving the pool takes the first name off the request.
    service.remove_volunteer(world.session, kees, world.helper)
    assert request.contact_first_name is None and request.contact_phone == "038-0002"


def make_org_account(world: World, organisation: str) -> UserAccount:
    from matcher.services import accounts

    user, _ = accounts.create_user(
        world.session,
        "kringloop@zwolle.example",
        "aanbieder",
        Actor(None, "test"),
        None,
        organisation,
    )
    return user


def test_volunteers_are_proposed_by_day_then_training_then_distance(world: World) -> None:
    request = ask(world, offer(world))
    pool = [
        ("Verweg", [MAATJE], "Windesheim", ["ma"], ["nah"]),
        ("Dichtbij", [MAATJE], "Aa-landen", ["di"], []),
        ("Getraind", [MAATJE], "Holtenbroek", ["wo"], ["nah"]),
        ("Zondag", [MAATJE], "Aa-landen", ["zo"], ["nah"]),  # the shop is closed on Sunday
        ("Andere steun", ["ervaringsdeskundige"], "Aa-landen", ["ma"], ["nah"]),
    ]
    for name, supports, wijk, days, trainings in pool:
        service.save_volunteer(
            world.session,
            service.VolunteerForm(name, supports, wijk, days, trainings),
            world.helper,
        )
    proposed = service.propose_volunteers(world.session, request, world.kringloop)
    assert [v.first_name for v, _ in proposed] == ["Getraind", "Verweg", "Dichtbij"]
    distances = [km for _, km in proposed]
    assert distances[0] is not None and distances[1] is not None and distances[0] < distances[1]


def test_a_volunteer_is_a_first_name_and_known_codes_only(world: World) -> None:
    for form, field in [
        (service.VolunteerForm(""), "voornaam"),
        (service.VolunteerForm("Kees", ["vervoer"]), "steun"),
        (service.VolunteerForm("Kees", [MAATJE], "Nergenshuizen"), "wijk"),
        (service.VolunteerForm("Kees", [MAATJE], "", ["maandag"]), "dagen"),
    ]:
        with pytest.raises(ValidationError) as refused:
            service.save_volunteer(world.session, form, world.helper)
        assert refused.value.field == field


def test_the_counts_for_the_indicators_come_from_one_function(world: World) -> None:
    ours = offer(world, capacity=10, supports=(MAATJE, "professional_bereikbaar"))
    both = service.request_support(
        world.session,
        world.case,
        world.kringloop,
        ours.id,
        [MAATJE, "professional_bereikbaar"],
        [],
        world.consultant,
        today=TODAY,
    )
    refused = ask(world, ours)
    service.move(world.session, refused, "niet_mogelijk", world.helper, reason="niemand vrij")
    service.move(world.session, both, "toegezegd", world.helper, contact=opplus.Contact("Ria", "1"))
    kringloop = make_org_account(world, "Kringloopwarenhuis Noord")
    asker = Actor(kringloop, "127.0.0.1", "opplussen")
    org_id = cases.organisation_named(world.session, OFFERING).id
    for kind in ("advies", "training", None):
        asked = service.ask_expertise(world.session, org_id, "nah", "Hoe help ik?", asker)
        if kind:
            assert world.helper.account is not None
            service.answer_expertise(
                world.session, world.helper.account, asked.id, kind, "Gedaan", world.helper
            )
    found = service.counts(world.session, TODAY - dt.timedelta(days=1), TODAY)
    assert found == service.Counts(
        requests=2,
        by_support={MAATJE: 2, "professional_bereikbaar": 1},
        by_wijk={"Aa-landen": 2},
        by_outcome={"toegezegd": 1, "niet_mogelijk": 1},
        expertise_by_kind={"advies": 1, "training": 1, "open": 1},
    )
    before = service.counts(world.session, TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(2))
    assert before.requests == 0 and before.expertise_by_kind == {}


def test_opgeplust_for_everyone_adds_the_tag_through_the_catalogue(world: World) -> None:
    beheerder = Actor(None, "test", "sociale kaart")
    service.make_opgeplust(world.session, KRINGLOOP, [MAATJE], beheerder)
    record = catalogue.get_record(world.session, KRINGLOOP)
    assert record is not None and MAATJE in record.support and record.aanbod == "opgeplust"
    reasons = [change.reason for change in catalogue.history(world.session, KRINGLOOP)]
    assert "opplussen is blijvend geregeld" in reasons
    # The kringloop is no longer a near miss for someone who needs a maatje: it is a result.
    from matcher.profile import parse_profile

    answer = matching.match(
        world.session, parse_profile({"interests": ["kringloop"], "required": [MAATJE]}), 20
    )
    assert KRINGLOOP in [r.record.id for r in answer.results]
    assert KRINGLOOP not in [n.record.id for n in answer.near_misses]


def test_an_organisation_proposes_opgeplust_for_its_own_activity_only(world: World) -> None:
    own = Actor(make_org_account(world, "Kringloopwarenhuis Noord"), "127.0.0.1", "sociale kaart")
    saved = service.make_opgeplust(world.session, KRINGLOOP, [MAATJE], own)
    assert saved.waiting is not None and MAATJE in saved.waiting.fields["support"][1].split(";")
    record = catalogue.get_record(world.session, KRINGLOOP)
    assert record is not None and MAATJE not in record.support  # until the beheerder approves
    with pytest.raises(NotFound):
        service.make_opgeplust(world.session, "taalcafe-binnenstad", [MAATJE], own)


class RequestStates(RuleBasedStateMachine):
    """Random walks over the request states: only forward one step or to niet_mogelijk, a promise
    only with a name and phone, a refusal only with a reason, and ends are final."""

    def __init__(self) -> None:
        super().__init__()
        self.state = "aangevraagd"
        self.path = ["aangevraagd"]

    @rule(
        goal=st.sampled_from(opplus.STATES),
        name=st.sampled_from(["", "  ", "Kees"]),
        phone=st.sampled_from(["", "038-1"]),
        reason=st.sampled_from(["", " ", "geen maatje vrij"]),
    )
    def advance(self, goal: str, name: str, phone: str, reason: str) -> None:
        order = {s: i for i, s in enumerate(opplus.FLOW)}
        open_ = self.state not in ("afgerond", "niet_mogelijk")
        allowed = open_ and (
            (goal in order and order[goal] == order[self.state] + 1) or (goal == "niet_mogelijk")
        )
        if goal == "toegezegd":
            allowed = allowed and bool(name.strip()) and bool(phone.strip())
        if goal == "niet_mogelijk":
            allowed = allowed and bool(reason.strip())
        try:
            self.state = opplus.advance(
                self.state, goal, contact=opplus.Contact(name, phone), reason=reason
            )
        except opplus.StepError:
            assert not allowed
        else:
            assert allowed
            self.path.append(goal)

    @invariant()
    def ends_are_final(self) -> None:
        if self.state in opplus.ENDS:
            assert opplus.next_states(self.state) == ()

    @invariant()
    def never_backwards(self) -> None:
        flow = [s for s in self.path if s in opplus.FLOW]
        assert flow == list(opplus.FLOW[: len(flow)])


RequestStates.TestCase.settings = settings(max_examples=200, stateful_step_count=30, deadline=None)
test_request_states = RequestStates.TestCase
