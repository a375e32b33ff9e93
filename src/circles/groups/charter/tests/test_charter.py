from __future__ import annotations

import pytest
from django.urls import reverse

from circles.groups.charter import services as charter
from circles.groups.models import Membership
from circles.groups.selectors import circles_with_content_access
from circles.growth.commitments.selectors import open_commitments_of
from circles.lib.errors import DomainError
from circles.meetings.runner import services as runner
from circles.meetings.selectors import meetings_visible_to
from circles.testing import SECRET_ACTION, SECRET_CASE, SECRET_NOTE, make_person

pytestmark = pytest.mark.django_db


def _unaccept(world, person):
    Membership.objects.filter(circle=world.circle, person=person).update(
        ground_rules_accepted_at=None
    )


def test_a_member_who_has_not_accepted_reaches_no_content_through_the_selectors(world):
    _unaccept(world, world.member)
    assert not circles_with_content_access(world.member).exists()
    assert not meetings_visible_to(world.member).exists()
    assert not open_commitments_of(world.member).exists()


def test_a_member_who_has_not_accepted_gets_no_case_note_question_or_commitment_text(world, login):
    runner.run_start(meeting=world.next_meeting, started_by=world.facilitator, early_ok=True)
    runner.question_ask(case=world.case, asked_by=world.peer, text="A question only we know?")
    _unaccept(world, world.member)
    client = login(world.member)
    pages = [
        reverse("meeting_detail", args=[world.past_meeting.pk]),
        reverse("meeting_detail", args=[world.next_meeting.pk]),
        reverse("meeting_runner", args=[world.next_meeting.pk]),
        reverse("meeting_runner_live", args=[world.past_meeting.pk]),
        reverse("case_prepare", args=[world.next_meeting.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 404, url
    for url in [reverse("home"), reverse("circle_detail", args=[world.circle.pk])]:
        body = client.get(url).content.decode()
        for secret in (SECRET_CASE, SECRET_NOTE, SECRET_ACTION, "A question only we know?"):
            assert secret not in body, url
    home = client.get(reverse("home")).content.decode()
    assert "read and accept the circle's ground rules" in home
    posted = client.post(
        reverse("meeting_runner_question", args=[world.next_meeting.pk]),
        {"case": world.case.pk, "text": "Sneaky?"},
    )
    assert posted.status_code == 404


def test_accepting_the_ground_rules_opens_the_content(world, login):
    _unaccept(world, world.member)
    client = login(world.member)
    page = client.get(reverse("circle_charter", args=[world.circle.pk]))
    assert page.status_code == 200
    assert "I accept these ground rules" in page.content.decode()
    assert client.post(reverse("circle_charter_accept", args=[world.circle.pk])).status_code == 302
    assert Membership.objects.get(circle=world.circle, person=world.member).ground_rules_accepted_at
    body = client.get(reverse("meeting_detail", args=[world.past_meeting.pk])).content.decode()
    assert SECRET_CASE in body


def test_the_charter_shows_programme_rules_and_the_circles_own(world, login):
    charter.charter_update(
        circle=world.circle,
        by=world.facilitator,
        purpose="Grow as leads together",
        own="Cameras on when we can\n",
    )
    body = login(world.member).get(reverse("circle_charter", args=[world.circle.pk]))
    text = body.content.decode()
    assert "Grow as leads together" in text
    assert "Cameras on when we can" in text
    for rule in world.programme.ground_rule_list:
        assert rule in text
    world.circle.refresh_from_db()
    assert charter.own_rules(world.circle) == ["Cameras on when we can"]


def test_the_charter_cannot_be_changed_before_accepting_or_without_a_purpose(world):
    _unaccept(world, world.member)
    with pytest.raises(DomainError):
        charter.charter_update(circle=world.circle, by=world.member, purpose="x", own="")
    with pytest.raises(DomainError):
        charter.charter_update(circle=world.circle, by=world.peer, purpose="  ", own="")
    world.circle.refresh_from_db()
    assert world.circle.purpose == world.programme.purpose


def test_expectations_are_shown_to_members_who_accepted_and_not_to_others(world, login):
    charter.expectations_write(
        circle=world.circle, person=world.peer, text="Honest questions about my career"
    )
    accepted = login(world.member).get(reverse("circle_charter", args=[world.circle.pk]))
    assert "Honest questions about my career" in accepted.content.decode()
    _unaccept(world, world.member)
    waiting = login(world.member).get(reverse("circle_charter", args=[world.circle.pk]))
    assert "Honest questions about my career" not in waiting.content.decode()
    stored = Membership.objects.filter(person=world.peer).values_list("expectations", flat=True)
    assert "Honest questions" in stored[0]


def test_an_empty_charter_edit_shows_a_field_error(world, login):
    response = login(world.member).post(
        reverse("circle_charter_edit", args=[world.circle.pk]), {"purpose": "", "own_rules": ""}
    )
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["member", "facilitator", "outsider", "lead", "admin", "other_admin"]
)
def test_the_charter_is_for_current_members_only(world, login, persona):
    client = login(getattr(world, persona))
    member = persona in {"member", "facilitator"}
    response = client.get(reverse("circle_charter", args=[world.circle.pk]))
    assert response.status_code == (200 if member else 404)
    for name in ("circle_charter_accept", "circle_charter_edit", "circle_charter_expectations"):
        response = client.post(reverse(name, args=[world.circle.pk]), {})
        assert response.status_code in ({302, 400} if member else {404}), name


def test_a_member_who_left_cannot_accept_again(world, login):
    newcomer = make_person(world.org)
    Membership.objects.create(
        circle=world.circle, person=newcomer, joined_on="2024-01-01", left_on="2024-06-01"
    )
    response = login(newcomer).post(reverse("circle_charter_accept", args=[world.circle.pk]))
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_from_the_charter(world, client):
    assert client.get(reverse("circle_charter", args=[world.circle.pk])).status_code == 302


def test_the_charter_links_to_the_members_development_plan(world, login):
    body = login(world.member).get(reverse("circle_charter", args=[world.circle.pk]))
    assert reverse("plan_detail") in body.content.decode()


def test_operators_never_see_expectations_in_the_admin(world, rf):
    from django.contrib import admin

    from circles.accounts.models import User
    from circles.groups.admin import MembershipInline
    from circles.groups.models import Circle

    request = rf.get("/admin/")
    request.user = User.objects.create_superuser(email="ops@example.com", password="x-long-pw")
    formset = MembershipInline(Circle, admin.site).get_formset(request, world.circle)
    assert "expectations" not in formset.form.base_fields
    assert "person" in formset.form.base_fields
