"""Writing a plan, adding goals and answering a learning-transfer check, through the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.growth.commitments.services import commitment_follow_up
from circles.growth.models import DevelopmentPlan, Goal, LearningTransferCheck

pytestmark = pytest.mark.django_db


def test_a_member_writes_their_plan_summary(world, login):
    response = login(world.member).post(reverse("plan_update"), {"summary": "Lead with calm."})
    assert response.status_code == 302
    assert DevelopmentPlan.objects.get(owner=world.member).summary == "Lead with calm."


def test_a_goal_is_added_to_the_members_own_plan_only(world, login):
    response = login(world.peer).post(
        reverse("goal_create"),
        {
            "title": "Give clearer feedback",
            "skills": "Listening",
            "evidence": "Peers say so",
            "status": "active",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.plan.owner == world.peer
    assert not goal.shared_with_circle


def test_a_goal_without_a_title_is_refused_and_nothing_is_written(world, login):
    response = login(world.peer).post(reverse("goal_create"), {"title": " "})
    assert response.status_code == 400
    assert not Goal.objects.exists()


def test_plan_writes_need_a_sign_in(world, client):
    for name in ("plan_update", "goal_create"):
        response = client.post(reverse(name), {"summary": "x", "title": "x"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not Goal.objects.exists()


@pytest.fixture
def check(world) -> LearningTransferCheck:
    commitment_follow_up(commitment=world.commitment, recorded_by=world.member, outcome="done")
    return LearningTransferCheck.objects.get(commitment=world.commitment)


@pytest.mark.parametrize("persona", ["facilitator", "peer", "outsider", "lead", "admin"])
def test_only_the_owner_can_open_or_answer_their_transfer_check(world, login, check, persona):
    client = login(getattr(world, persona))
    url = reverse("transfer_check_answer", args=[check.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"applied": "yes"}).status_code == 404
    check.refresh_from_db()
    assert check.answered_at is None


def test_the_owner_answers_their_transfer_check_once(world, login, check):
    client = login(world.member)
    url = reverse("transfer_check_answer", args=[check.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"applied": "yes", "how": "In my next review", "effect": "Calmer"})
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.applied is True
    assert check.how == "In my next review"
    assert check.answered_at is not None
    again = client.post(url, {"applied": "no"})
    assert again.status_code == 400
    check.refresh_from_db()
    assert check.applied is True


def test_a_transfer_check_answer_needs_a_yes_or_no(world, login, check):
    response = login(world.member).post(
        reverse("transfer_check_answer", args=[check.pk]), {"how": "x"}
    )
    assert response.status_code == 400
    check.refresh_from_db()
    assert check.answered_at is None
