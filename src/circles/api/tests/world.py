"""The authorisation world of the pages, with an API token for every persona that can have one
(a login without a person cannot) and an organisation service token."""

from __future__ import annotations

from dataclasses import dataclass, field

from circles.api.models import Scope
from circles.api.tests.conftest import token_for
from circles.api.tokens import api_token_create
from circles.growth.commitments.services import check_in_record, commitment_follow_up
from circles.growth.models import Commitment
from circles.library.services import library_item_create
from circles.orgs.importing import dispatch
from circles.orgs.importing.services import import_upload
from circles.testing import World, schedule
from circles.tests.authorization_world import PERSONAS, Probe, build_probe

SECRET_CHECK_IN = "Check-in: I still have not dared to raise it"
SECRET_REFLECTION = "Reflection: the second conversation went better than feared"
SERVICE = "service"
# Everyone the API matrix visits: the pages' personas and the organisation's service token.
API_PERSONAS = (*PERSONAS, SERVICE)
WITHOUT_TOKEN = frozenset({"operator", "anonymous"})


@dataclass
class ApiProbe:
    probe: Probe
    secrets: dict[str, str | None] = field(default_factory=dict)

    @property
    def world(self) -> World:
        return self.probe.world

    @property
    def ids(self) -> dict[str, object]:
        return self.probe.ids


def build_api_probe(world: World) -> ApiProbe:
    probe = build_probe(world)
    open_commitment = Commitment.objects.get(pk=probe.ids["open_commitment"])
    check_in_record(
        commitment=open_commitment, author=world.member, update=SECRET_CHECK_IN, percent=10
    )
    commitment_follow_up(
        commitment=world.commitment,
        recorded_by=world.facilitator,
        outcome="partly",
        reflection=SECRET_REFLECTION,
    )
    people_import = import_upload(
        organisation=world.org,
        uploaded_by=world.admin,
        filename="hr.csv",
        content=b"Employee ID,Full Name,Work Email,Time Zone\nE1,Ivy Import,ivy@acme.example,UTC\n",
    )
    dispatch.import_dispatch(people_import=people_import)
    probe.ids["import"] = people_import.pk
    probe.ids["unstarted"] = schedule(world.circle, days=9, facilitator=world.facilitator).pk
    probe.ids["library_item"] = library_item_create(
        author=world.lead,
        kind="article",
        title="Asking open questions",
        body="Questions that start with *what* or *how* open a case up.",
        tags=["questions"],
        publish=True,
    ).pk
    probe.ids["peer_membership"] = world.circle.memberships.get(person=world.peer, left_on=None).pk
    secrets: dict[str, str | None] = {}
    for persona in PERSONAS:
        person = probe.people[persona]
        has_person = persona not in WITHOUT_TOKEN
        secrets[persona] = token_for(person) if has_person else None
    _service, secrets[SERVICE] = api_token_create(
        created_by=world.admin, name="HR", scope=Scope.ADMIN, expires_in_days=None, service=True
    )
    return ApiProbe(probe=probe, secrets=secrets)
