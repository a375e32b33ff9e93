"""Enrolment rules: who may opt in, places and the waiting list, withdrawing, leaving."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from circles.enrolment import selectors, services
from circles.enrolment.models import Enrolment, EnrolmentSettings
from circles.formation import services as formation
from circles.lib.errors import DomainError
from circles.orgs.models import Invitation
from circles.orgs.people.services import person_deactivate
from circles.testing import make_org, make_person

pytestmark = pytest.mark.django_db


def status(programme, person) -> str:
    return Enrolment.objects.get(programme=programme, person=person).status


def test_enrolling_past_the_places_joins_the_waiting_list_in_order(pilot):
    services.enrolment_configure(
        programme=pilot.programme, by=pilot.world.lead, audience="everyone", capacity=2
    )
    first, second, third, fourth = pilot.others[:4]
    for person in (first, second, third, fourth):
        services.enrol(programme=pilot.programme, person=person)
    assert [status(pilot.programme, p) for p in (first, second, third, fourth)] == [
        "enrolled",
        "enrolled",
        "waitlisted",
        "waitlisted",
    ]
    fourth_row = Enrolment.objects.get(programme=pilot.programme, person=fourth)
    assert selectors.waiting_position(fourth_row) == 2


def test_a_withdrawal_moves_the_first_person_waiting_up(pilot):
    services.enrolment_configure(
        programme=pilot.programme, by=pilot.world.lead, audience="everyone", capacity=1
    )
    first, second, third = pilot.others[:3]
    for person in (first, second, third):
        services.enrol(programme=pilot.programme, person=person)
    services.enrolment_withdraw(programme=pilot.programme, person=first)
    assert status(pilot.programme, first) == "withdrawn"
    promoted = Enrolment.objects.get(programme=pilot.programme, person=second)
    assert promoted.status == "enrolled"
    assert promoted.promoted_at is not None
    assert status(pilot.programme, third) == "waitlisted"


def test_a_waiting_person_who_withdraws_frees_no_place(pilot):
    services.enrolment_configure(
        programme=pilot.programme, by=pilot.world.lead, audience="everyone", capacity=1
    )
    first, second, third = pilot.others[:3]
    for person in (first, second, third):
        services.enrol(programme=pilot.programme, person=person)
    services.enrolment_withdraw(programme=pilot.programme, person=second)
    assert status(pilot.programme, first) == "enrolled"
    assert status(pilot.programme, third) == "waitlisted"


def test_more_places_move_waiting_people_up_at_once(pilot):
    services.enrolment_configure(
        programme=pilot.programme, by=pilot.world.lead, audience="everyone", capacity=1
    )
    for person in pilot.others[:3]:
        services.enrol(programme=pilot.programme, person=person)
    services.enrolment_configure(
        programme=pilot.programme, by=pilot.world.lead, audience="everyone", capacity=None
    )
    assert selectors.enrolled_count(pilot.programme) == 3


def publish_from_enrolled(pilot) -> None:
    for person in pilot.others:
        services.enrol(programme=pilot.programme, person=person)
    run = formation.formation_start(
        programme=pilot.programme,
        started_by=pilot.world.lead,
        people=formation.participants(pilot.programme, enrolled_only=True),
        options={"seconds": 1, "min_size": 4, "max_size": 4},
    )
    run = formation.formation_execute(run=run)
    formation.formation_publish(run=run, published_by=pilot.world.lead)


def test_withdrawing_after_circles_are_published_is_refused_and_changes_nothing(pilot):
    publish_from_enrolled(pilot)
    with pytest.raises(DomainError, match="published"):
        services.enrolment_withdraw(programme=pilot.programme, person=pilot.others[0])
    assert status(pilot.programme, pilot.others[0]) == "enrolled"


def test_the_profile_cannot_change_after_circles_are_published(pilot):
    publish_from_enrolled(pilot)
    with pytest.raises(DomainError, match="published"):
        services.enrol(
            programme=pilot.programme, person=pilot.others[0], development_interests=["x"]
        )


def test_formation_takes_exactly_the_enrolled_people(pilot):
    services.enrol(programme=pilot.programme, person=pilot.chooser)
    services.enrol(programme=pilot.programme, person=pilot.avoided)
    services.enrol(programme=pilot.programme, person=pilot.others[0])
    services.enrolment_withdraw(programme=pilot.programme, person=pilot.others[0])
    services.enrolment_decline(programme=pilot.programme, person=pilot.others[1])
    people = set(formation.participants(pilot.programme, enrolled_only=True))
    assert people == {pilot.chooser, pilot.avoided}


def test_only_invited_people_may_enrol_when_the_audience_is_invited(pilot):
    services.enrolment_configure(programme=pilot.programme, by=pilot.world.lead, audience="invited")
    with pytest.raises(DomainError, match="not open to you"):
        services.enrol(programme=pilot.programme, person=pilot.others[0])
    assert not Enrolment.objects.filter(person=pilot.others[0]).exists()
    services.enrolment_invite(
        programme=pilot.programme, people=[pilot.others[0]], invited_by=pilot.world.lead
    )
    assert services.enrol(programme=pilot.programme, person=pilot.others[0]).status == "enrolled"


def test_the_directory_audience_takes_chosen_departments_and_locations(pilot):
    services.enrolment_configure(
        programme=pilot.programme,
        by=pilot.world.lead,
        audience="directory",
        departments=["IT"],
        locations=["Leeds"],
    )
    found = selectors.settings_of(pilot.programme)
    assert found is not None
    assert selectors.in_audience(found, pilot.chooser)  # Sales in Leeds
    assert not selectors.in_audience(found, pilot.avoided)  # Ops in York
    with pytest.raises(DomainError):
        services.enrol(programme=pilot.programme, person=pilot.avoided)


def test_the_directory_audience_needs_a_department_or_location(pilot):
    with pytest.raises(DomainError, match="at least one"):
        services.enrolment_configure(
            programme=pilot.programme, by=pilot.world.lead, audience="directory"
        )
    found = selectors.settings_of(pilot.programme)
    assert found is not None
    assert found.audience == "everyone"


def test_nobody_enrols_after_enrolment_closes_but_enrolled_people_may_still_withdraw(pilot):
    services.enrol(programme=pilot.programme, person=pilot.others[0])
    services.enrolment_close(programme=pilot.programme, by=pilot.world.lead)
    with pytest.raises(DomainError):
        services.enrol(programme=pilot.programme, person=pilot.others[1])
    services.enrolment_withdraw(programme=pilot.programme, person=pilot.others[0])
    assert status(pilot.programme, pilot.others[0]) == "withdrawn"


def test_the_dates_bound_when_enrolment_is_open(pilot):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    services.enrolment_configure(
        programme=pilot.programme, by=pilot.world.lead, audience="everyone", opens_on=tomorrow
    )
    with pytest.raises(DomainError, match="not open today"):
        services.enrol(programme=pilot.programme, person=pilot.others[0])
    with pytest.raises(DomainError, match="on or after"):
        services.enrolment_configure(
            programme=pilot.programme,
            by=pilot.world.lead,
            audience="everyone",
            opens_on=tomorrow,
            closes_on=tomorrow - dt.timedelta(days=2),
        )


def test_meeting_times_outside_working_hours_are_refused(pilot):
    late = make_person(pilot.world.org, work_starts_at=dt.time(13, 0), work_ends_at=dt.time(21, 0))
    with pytest.raises(DomainError, match="Tuesday morning") as caught:
        services.enrol(programme=pilot.programme, person=late, meeting_times=["tue-morning"])
    assert caught.value.field == "meeting_times"
    assert not Enrolment.objects.filter(person=late).exists()
    kept = services.enrol(
        programme=pilot.programme, person=late, meeting_times=["tue-afternoon", "mon-midday"]
    )
    # Stored in the week's order, whatever order they were ticked in.
    assert kept.meeting_times == ["mon-midday", "tue-afternoon"]


def test_unknown_meeting_times_are_refused(pilot):
    with pytest.raises(DomainError, match="from the list"):
        services.enrol(programme=pilot.programme, person=pilot.others[0], meeting_times=["sun-x"])


def test_nobody_can_ask_to_be_kept_apart_from_themselves_or_outsiders(pilot):
    stranger = make_person(make_org())
    with pytest.raises(DomainError, match="yourself"):
        services.enrol(programme=pilot.programme, person=pilot.chooser, avoid=[pilot.chooser])
    with pytest.raises(DomainError, match="your organisation"):
        services.enrol(programme=pilot.programme, person=pilot.chooser, avoid=[stranger])
    too_many = pilot.others[: selectors.MAX_AVOID + 1]
    with pytest.raises(DomainError, match="at most"):
        services.enrol(programme=pilot.programme, person=pilot.chooser, avoid=too_many)
    assert not Enrolment.objects.filter(person=pilot.chooser).exists()


def test_colleagues_are_found_by_email_or_exact_name_and_ambiguity_is_an_error(pilot):
    found = selectors.colleagues_named(
        pilot.chooser, [pilot.avoided.email.upper(), "  colleague   0 "]
    )
    assert found == [pilot.avoided, pilot.others[0]]
    make_person(pilot.world.org, "Colleague 1")
    with pytest.raises(DomainError, match="More than one"):
        selectors.colleagues_named(pilot.chooser, ["Colleague 1"])
    with pytest.raises(DomainError, match="Nobody called"):
        selectors.colleagues_named(pilot.chooser, ["Nobody Atall"])


def test_interests_and_languages_are_tidied(pilot):
    enrolment = services.enrol(
        programme=pilot.programme,
        person=pilot.others[0],
        development_interests=[" giving  feedback", "Giving feedback", "", "coaching"],
        languages=["English", "german"],
    )
    assert enrolment.development_interests == ["giving feedback", "coaching"]
    assert enrolment.languages == ["English", "german"]
    with pytest.raises(DomainError, match="at most"):
        services.enrol(
            programme=pilot.programme,
            person=pilot.others[1],
            development_interests=[f"topic {i}" for i in range(11)],
        )


def test_someone_who_leaves_is_withdrawn_and_their_place_passes_on(pilot):
    services.enrolment_configure(
        programme=pilot.programme, by=pilot.world.lead, audience="everyone", capacity=1
    )
    leaver, waiting = pilot.others[:2]
    services.enrol(programme=pilot.programme, person=leaver)
    services.enrol(programme=pilot.programme, person=waiting)
    person_deactivate(person=leaver)
    assert status(pilot.programme, leaver) == "withdrawn"
    assert status(pilot.programme, waiting) == "enrolled"


def test_people_without_a_login_are_invited_to_sign_in_first(pilot):
    services.enrolment_configure(programme=pilot.programme, by=pilot.world.lead, audience="invited")
    newcomer = make_person(pilot.world.org, "Nina Newcomer", login=False)
    result = services.enrolment_invite(
        programme=pilot.programme,
        people=[newcomer, pilot.others[0]],
        invited_by=pilot.world.lead,
    )
    assert set(result.invited) == {newcomer, pilot.others[0]}
    assert result.asked_to_sign_in == [newcomer]
    assert Invitation.objects.filter(person=newcomer).exists()
    assert not Invitation.objects.filter(person=pilot.others[0]).exists()
    again = services.enrolment_invite(
        programme=pilot.programme, people=[newcomer], invited_by=pilot.world.lead
    )
    assert again.already == [newcomer]
    assert Invitation.objects.get(person=newcomer).send_count == 1


def test_invitations_skip_people_of_other_organisations_and_leavers(pilot):
    stranger = make_person(make_org())
    leaver = make_person(pilot.world.org)
    person_deactivate(person=leaver)
    result = services.enrolment_invite(
        programme=pilot.programme, people=[stranger, leaver], invited_by=pilot.world.lead
    )
    assert not result.invited
    assert len(result.skipped) == 2
    assert not Enrolment.objects.filter(person__in=[stranger, leaver]).exists()


def test_declining_ends_an_invitation_and_enrolling_later_is_still_possible(pilot):
    services.enrolment_decline(programme=pilot.programme, person=pilot.others[0])
    assert status(pilot.programme, pilot.others[0]) == "declined"
    assert services.enrol(programme=pilot.programme, person=pilot.others[0]).status == "enrolled"
    with pytest.raises(DomainError, match="withdraw instead"):
        services.enrolment_decline(programme=pilot.programme, person=pilot.others[0])


def test_a_programme_that_takes_no_enrolments_refuses_them(world):
    with pytest.raises(DomainError, match="does not take enrolments"):
        services.enrol(programme=world.programme, person=world.member)
    assert not EnrolmentSettings.objects.exists()


def test_what_the_programme_asks_counts_meetings_over_the_cycle(pilot):
    asks = selectors.programme_asks(pilot.programme)  # every two weeks, 26 weeks, 60 minutes
    assert (asks.meetings, asks.minutes, asks.weeks, asks.hours) == (13, 60, 26, 13.0)
