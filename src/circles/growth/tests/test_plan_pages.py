"""Plans are private to their owner; shared goals reach current circle members only; managers
see only what was explicitly shared with them; every page refuses everyone else with 404."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from circles.growth.commitments import services as commitment_services
from circles.growth.models import CommitmentCheckIn, ManagerShare
from circles.growth.plans import services as plan_services
from circles.growth.plans.export import CareerSummary, to_markdown, to_pdf
from circles.lib.errors import DomainError
from circles.testing import SECRET_ACTION

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "facilitator", "peer", "outsider", "lead", "admin", "other_admin"]
GOAL = "Run a difficult conversation calmly"
PLAN = "I want to lead a team within two years"


@pytest.fixture
def plan(world):
    plan_services.plan_update(owner=world.member, summary=PLAN)
    return plan_services.goal_create(owner=world.member, title=GOAL, skills="Listening")


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_plan_and_its_goals_are_seen_by_their_owner_only(world, login, plan, persona):
    client = login(getattr(world, persona))
    body = client.get(reverse("plan_detail")).content.decode()
    assert (GOAL in body) == (persona == "member")
    assert (PLAN in body) == (persona == "member")
    response = client.get(reverse("goal_edit", args=[plan.pk]))
    assert response.status_code == (200 if persona == "member" else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_shared_goal_is_seen_by_current_circle_members_only(world, login, plan, persona):
    plan_services.goal_update(goal=plan, owner=world.member, title=GOAL, shared_with_circle=True)
    response = login(getattr(world, persona)).get(
        reverse("circle_commitments", args=[world.circle.pk])
    )
    in_circle = persona in {"member", "facilitator", "peer"}
    assert response.status_code == (200 if in_circle else 404)
    if in_circle:
        body = response.content.decode()
        assert GOAL in body
        assert SECRET_ACTION in body


def test_an_unshared_goal_is_not_on_the_circle_page(world, login, plan):
    body = login(world.peer).get(reverse("circle_commitments", args=[world.circle.pk]))
    assert GOAL not in body.content.decode()


def test_a_member_who_left_no_longer_sees_shared_goals(world, login, plan):
    from django.utils import timezone

    plan_services.goal_update(goal=plan, owner=world.member, title=GOAL, shared_with_circle=True)
    world.circle.memberships.filter(person=world.peer).update(left_on=timezone.localdate())
    response = login(world.peer).get(reverse("circle_commitments", args=[world.circle.pk]))
    assert response.status_code == 404


def test_a_manager_sees_only_what_was_shared_with_them(world, login, plan):
    world.member.manager = world.lead
    world.member.save()
    client = login(world.lead)
    body = client.get(reverse("shared_with_me")).content.decode()
    assert GOAL not in body
    assert SECRET_ACTION not in body
    plan_services.manager_share_set(
        owner=world.member, summary=False, goal_ids={plan.pk}, commitment_ids=set()
    )
    body = client.get(reverse("shared_with_me")).content.decode()
    assert GOAL in body
    assert PLAN not in body
    assert SECRET_ACTION not in body
    for persona in ["facilitator", "admin", "outsider"]:
        body = login(getattr(world, persona)).get(reverse("shared_with_me")).content.decode()
        assert GOAL not in body


def test_a_new_manager_does_not_inherit_what_was_shared_with_the_old_one(world, login, plan):
    world.member.manager = world.lead
    world.member.save()
    plan_services.manager_share_set(
        owner=world.member, summary=True, goal_ids={plan.pk}, commitment_ids=set()
    )
    world.member.manager = world.admin
    world.member.save()
    body = login(world.admin).get(reverse("shared_with_me")).content.decode()
    assert GOAL not in body
    assert PLAN not in body
    body = login(world.lead).get(reverse("shared_with_me")).content.decode()
    assert GOAL not in body


def test_sharing_someone_elses_goal_is_refused_and_nothing_is_written(world, plan):
    world.peer.manager = world.lead
    world.peer.save()
    with pytest.raises(DomainError):
        plan_services.manager_share_set(
            owner=world.peer, summary=False, goal_ids={plan.pk}, commitment_ids=set()
        )
    assert not ManagerShare.objects.exists()


def test_the_export_contains_exactly_the_ticked_items(world, login, plan):
    client = login(world.member)
    nothing = client.get(reverse("career_export", args=["md"])).content.decode()
    assert GOAL not in nothing
    assert PLAN not in nothing
    chosen = client.get(
        reverse("career_export", args=["md"]),
        {"goals": [plan.pk], "commitments": [world.commitment.pk]},
    ).content.decode()
    assert GOAL in chosen
    assert SECRET_ACTION in chosen
    assert PLAN not in chosen
    pdf = client.get(reverse("career_export", args=["pdf"]), {"goals": [plan.pk]})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    assert pdf.content.rstrip().endswith(b"%%EOF")


def test_exporting_another_persons_goal_is_a_400(world, login, plan):
    response = login(world.peer).get(reverse("career_export", args=["md"]), {"goals": [plan.pk]})
    assert response.status_code == 400


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=400))
def test_any_text_makes_a_well_formed_pdf(text):
    import datetime as dt

    data = CareerSummary(name=text[:40] or "x", made_on=dt.date(2026, 1, 1), summary=text)
    pdf = to_pdf(data)
    assert pdf.startswith(b"%PDF-")
    assert b"startxref" in pdf
    assert to_markdown(data).startswith("# Development summary")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_owner_can_check_in_on_a_commitment(world, login, persona):
    url = reverse("check_in_create", args=[world.commitment.pk])
    response = login(getattr(world, persona)).post(url, {f"ci{world.commitment.pk}-percent": 40})
    assert response.status_code == (302 if persona == "member" else 404)
    assert CommitmentCheckIn.objects.count() == (1 if persona == "member" else 0)


def test_a_check_in_needs_a_percentage_or_a_state_and_bad_input_writes_nothing(world, login):
    client = login(world.member)
    url = reverse("check_in_create", args=[world.commitment.pk])
    prefix = f"ci{world.commitment.pk}"
    assert client.post(url, {f"{prefix}-update": "busy"}).status_code == 400
    assert client.post(url, {f"{prefix}-percent": 140}).status_code == 400
    assert not CommitmentCheckIn.objects.exists()
    assert client.post(url, {f"{prefix}-state": "stuck"}).status_code == 302


@pytest.mark.parametrize("persona", PERSONAS)
def test_my_commitments_shows_only_my_own(world, login, persona):
    body = login(getattr(world, persona)).get(reverse("my_commitments")).content.decode()
    assert (SECRET_ACTION in body) == (persona == "member")


def test_anonymous_visitors_are_sent_to_sign_in(client, world, plan):
    for url in [
        reverse("my_commitments"),
        reverse("plan_detail"),
        reverse("goal_edit", args=[plan.pk]),
        reverse("career_share"),
        reverse("shared_with_me"),
        reverse("circle_commitments", args=[world.circle.pk]),
        reverse("notify_preferences"),
    ]:
        assert client.get(url).status_code == 302, url


def test_my_commitments_page_queries_do_not_grow_with_commitments(world, login):
    from circles.growth.commitments.services import commitment_create

    client = login(world.member)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("my_commitments")).status_code == 200
        return len(queries)

    few = count()
    for n in range(6):
        commitment = commitment_create(
            meeting=world.next_meeting,
            owner=world.member,
            recorded_by=world.member,
            action=f"Step {n}",
            due_on=world.next_meeting.local_start.date(),
        )
        commitment_services.check_in_record(
            commitment=commitment, author=world.member, percent=n * 10
        )
    assert count() == few


def test_a_goal_link_must_be_to_my_own_goal(world, login, plan):
    other = plan_services.goal_create(owner=world.peer, title="Other")
    client = login(world.member)
    url = reverse("commitment_goal_update", args=[world.commitment.pk])
    prefix = f"g{world.commitment.pk}"
    assert client.post(url, {f"{prefix}-goal": other.pk}).status_code == 400
    assert client.post(url, {f"{prefix}-goal": plan.pk}).status_code == 302
    world.commitment.refresh_from_db()
    assert world.commitment.goal == plan


def test_a_transfer_check_is_scheduled_once_when_a_commitment_closes(world, settings):
    settings.CIRCLES_TRANSFER_CHECK_DAYS = 10
    commitment_services.commitment_follow_up(
        commitment=world.commitment, recorded_by=world.peer, outcome="done"
    )
    commitment_services.commitment_follow_up(
        commitment=world.commitment, recorded_by=world.peer, outcome="partly"
    )
    assert world.commitment.transfer_checks.count() == 1


def test_a_dropped_commitment_gets_no_transfer_check(world):
    commitment_services.commitment_follow_up(
        commitment=world.commitment, recorded_by=world.peer, outcome="dropped"
    )
    assert world.commitment.transfer_checks.count() == 0
