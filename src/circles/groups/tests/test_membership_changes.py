"""People who join a circle after it started, or leave it: the service, its page, and the
role rotation over the histories these changes build."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circles.groups.models import Membership
from circles.groups.rotation import ROLES, SLACK, evenness_gap
from circles.groups.selectors import circles_with_content_access
from circles.groups.services import membership_add, membership_remove
from circles.lib.errors import DomainError
from circles.meetings.models import Attendance, Meeting
from circles.meetings.record.services import attendance_record
from circles.meetings.schedule.services import _turn, attendance_decline, role_swap
from circles.orgs.models import Role
from circles.testing import make_circle, make_org, make_person, make_programme, schedule

pytestmark = pytest.mark.django_db


def test_a_newcomer_is_expected_at_upcoming_meetings_and_reads_only_after_accepting(world):
    newcomer = make_person(world.org, "Nina Newcomer")
    membership_add(circle=world.circle, person=newcomer, added_by=world.lead)
    assert Attendance.objects.filter(meeting=world.next_meeting, person=newcomer).exists()
    assert not Attendance.objects.filter(meeting=world.past_meeting, person=newcomer).exists()
    assert not circles_with_content_access(newcomer).filter(pk=world.circle.pk).exists()


def test_only_the_programmes_leads_and_admins_add_or_remove_members(world):
    newcomer = make_person(world.org)
    for person in (world.member, world.facilitator, world.outsider, world.other_admin):
        with pytest.raises(DomainError, match="leads"):
            membership_add(circle=world.circle, person=newcomer, added_by=person)
    membership = Membership.objects.get(circle=world.circle, person=world.peer)
    with pytest.raises(DomainError, match="leads"):
        membership_remove(membership=membership, removed_by=world.member)
    membership_add(circle=world.circle, person=newcomer, added_by=world.admin)
    assert Membership.objects.filter(circle=world.circle, person=newcomer, left_on=None).exists()
    membership_remove(membership=membership, removed_by=world.lead)
    assert not Membership.objects.filter(
        circle=world.circle, person=world.peer, left_on=None
    ).exists()


def test_the_rules_of_a_circle_hold_when_someone_joins(world):
    with pytest.raises(DomainError, match="already in this circle"):
        membership_add(circle=world.circle, person=world.member, added_by=world.lead)
    with pytest.raises(DomainError, match="already in Birch"):
        membership_add(circle=world.circle, person=world.outsider, added_by=world.lead)
    stranger = make_person(make_org())
    with pytest.raises(DomainError, match="current member of the organisation"):
        membership_add(circle=world.circle, person=stranger, added_by=world.lead)
    world.programme.max_circle_size = 3
    world.programme.save()
    with pytest.raises(DomainError, match="at most 3"):
        membership_add(circle=world.circle, person=make_person(world.org), added_by=world.lead)
    assert world.circle.memberships.filter(left_on=None).count() == 3


def test_someone_removed_is_no_longer_expected_and_their_roles_pass_on(world):
    membership = Membership.objects.get(circle=world.circle, person=world.facilitator)
    assert world.next_meeting.facilitator_id == world.facilitator.pk
    membership_remove(membership=membership, removed_by=world.lead)
    world.next_meeting.refresh_from_db()
    assert world.facilitator.pk not in {
        world.next_meeting.facilitator_id,
        world.next_meeting.host_id,
        world.next_meeting.note_taker_id,
    }
    assert not Attendance.objects.filter(
        meeting=world.next_meeting, person=world.facilitator
    ).exists()
    # What they recorded stays with the circle's past meeting.
    assert Attendance.objects.filter(meeting=world.past_meeting, person=world.facilitator).exists()


# --- The page ---------------------------------------------------------------------------


def members_url(world):
    return reverse("circle_members", args=[world.programme.pk, world.circle.pk])


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("member", 404),
        ("facilitator", 404),
        ("outsider", 404),
        ("lead", 200),
        ("admin", 200),
        ("other_admin", 404),
    ],
)
def test_the_members_page_is_for_the_programmes_leads_and_admins(world, login, persona, expected):
    client = login(getattr(world, persona))
    assert client.get(members_url(world)).status_code == expected
    newcomer = make_person(world.org, "Nina Newcomer")
    response = client.post(members_url(world), {"email": newcomer.email.upper()})
    joined = Membership.objects.filter(circle=world.circle, person=newcomer).exists()
    assert joined == (expected == 200)
    if expected == 200:
        assert response.status_code == 302


def test_an_unknown_address_is_a_clear_error_and_adds_nobody(world, login):
    client = login(world.lead)
    response = client.post(members_url(world), {"email": "nobody@elsewhere.example"})
    assert response.status_code == 400
    assert "Nobody in the organisation has this address" in response.content.decode()
    response = client.post(members_url(world), {"email": world.outsider.email})
    assert response.status_code == 400
    assert "already in Birch" in response.content.decode()
    assert world.circle.memberships.filter(left_on=None).count() == 3


def test_removing_a_member_asks_for_confirmation(world, login):
    client = login(world.lead)
    membership = Membership.objects.get(circle=world.circle, person=world.peer)
    url = reverse("circle_member_remove", args=[world.programme.pk, world.circle.pk, membership.pk])
    client.post(url)
    membership.refresh_from_db()
    assert membership.left_on is None
    client.post(url, {"confirm": "yes"})
    membership.refresh_from_db()
    assert membership.left_on is not None
    # A member of another circle cannot be removed through this circle's address.
    other = Membership.objects.get(circle=world.other_circle, person=world.outsider)
    wrong = reverse("circle_member_remove", args=[world.programme.pk, world.circle.pk, other.pk])
    assert client.post(wrong, {"confirm": "yes"}).status_code == 404
    other.refresh_from_db()
    assert other.left_on is None


def test_the_members_page_names_no_confidential_content(world, login):
    body = login(world.lead).get(members_url(world)).content.decode()
    assert world.member.full_name in body
    assert world.case.title not in body


# --- The rotation over histories the app builds --------------------------------------------


@st.composite
def circle_lives(draw: st.DrawFn):
    founders = draw(st.integers(min_value=3, max_value=6))
    meetings = draw(st.integers(min_value=3, max_value=9))
    joiners = draw(st.lists(st.integers(1, meetings - 1), max_size=2))
    events = []
    for _ in range(meetings):
        declines = draw(st.sets(st.integers(0, founders + len(joiners) - 1), max_size=2))
        swap = draw(st.none() | st.tuples(st.sampled_from(ROLES), st.integers(0, founders + 5)))
        absent = draw(st.sets(st.integers(0, founders + len(joiners) - 1), max_size=1))
        events.append((declines, swap, absent))
    return founders, joiners, events


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(life=circle_lives())
def test_the_rotation_stays_even_over_joins_declines_absences_and_swaps(life):
    founders, joiners, events = life
    org = make_org()
    lead = make_person(org, role=Role.LEAD)
    programme = make_programme(org, [lead], min_circle_size=3, max_circle_size=10)
    people = [make_person(org, login=False) for _ in range(founders + len(joiners))]
    circle = make_circle(programme, people[:founders])
    meetings = [schedule(circle, days=1 + week * 7) for week in range(len(events))]
    swaps = 0
    for number, (declines, swap, absent) in enumerate(events):
        for index, joins_at in enumerate(joiners):
            if joins_at == number:
                membership_add(circle=circle, person=people[founders + index], added_by=lead)
        members = {m.person_id for m in circle.memberships.filter(left_on=None)}
        meeting = Meeting.objects.get(pk=meetings[number].pk)
        for index in declines:
            if people[index].pk in members and len(members) > 3:
                attendance_decline(meeting=meeting, person=people[index])
        meeting.refresh_from_db()
        if swap is not None:
            role, index = swap
            taker = people[index % len(people)]
            holder_id = getattr(meeting, f"{role}_id")
            declined = set(
                meeting.attendances.filter(status=Attendance.Status.DECLINED).values_list(
                    "person_id", flat=True
                )
            )
            if taker.pk in members and taker.pk not in declined and holder_id != taker.pk:
                role_swap(meeting=meeting, role=role, to_person=taker, swapped_by=taker)
                swaps += 1
        meeting.refresh_from_db()
        present = {
            pid
            for pid in meeting.attendances.exclude(status=Attendance.Status.DECLINED).values_list(
                "person_id", flat=True
            )
        } - {people[i].pk for i in absent}
        attendance_record(meeting=meeting, recorded_by=lead_member(circle), attended_ids=present)
    # The history as the app reads it for the rotation.
    member_ids = list(
        circle.memberships.filter(left_on=None)
        .order_by("joined_on", "pk")
        .values_list("person_id", flat=True)
    )
    history = []
    for meeting in Meeting.objects.filter(circle=circle).order_by("starts_at"):
        statuses = dict(meeting.attendances.values_list("person_id", "status"))
        history.append(_turn(meeting, member_ids, statuses))
    assert evenness_gap(member_ids, history) <= SLACK + 2 * swaps


def lead_member(circle):
    return circle.memberships.filter(left_on=None).order_by("pk").first().person
