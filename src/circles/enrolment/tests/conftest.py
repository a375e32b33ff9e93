from __future__ import annotations

from dataclasses import dataclass

import pytest

from circles.enrolment import services
from circles.orgs.models import Person, Programme
from circles.testing import World, make_person


@dataclass
class Pilot:
    """The world's programme taking enrolments, with colleagues who may enrol."""

    world: World
    programme: Programme
    chooser: Person  # names `avoided` as someone they would rather not share a circle with
    avoided: Person
    others: list[Person]


AVOIDED_NAME = "Quentin Quietly-Avoided"


@pytest.fixture
def pilot(world: World) -> Pilot:
    programme = world.programme
    chooser = make_person(world.org, "Chloe Chooser", department="Sales", location="Leeds")
    avoided = make_person(world.org, AVOIDED_NAME, department="Ops", location="York")
    others = [
        make_person(world.org, f"Colleague {i}", department=d, location=loc)
        for i, (d, loc) in enumerate(
            [("Sales", "York"), ("Ops", "Leeds"), ("IT", "York"), ("IT", "Leeds")] * 2
        )
    ]
    services.enrolment_configure(
        programme=programme, by=world.lead, audience="everyone", capacity=None
    )
    services.enrolment_open(programme=programme, by=world.lead)
    return Pilot(world, programme, chooser, avoided, others)
