"""Writes about people: validation, roles, leads, leaving and coming back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.groups.models import Membership
from circles.lib.errors import DomainError
from circles.meetings.models import Meeting
from circles.orgs.models import Person, Role
from circles.orgs.people.services import (
    person_create,
    person_deactivate,
    person_reactivate,
    person_set_role,
    person_update,
    programme_lead_add,
    programme_lead_remove,
)
from circles.testing import make_circle, make_org, make_person, make_programme, schedule

pytestmark = pytest.mark.django_db


def test_emails_are_stored_lower_case_and_unique_whatever_the_case():
    organisation = make_org()
    person = person_create(organisation=organisation, full_name="Ana", email=" Ana@X.Example ")
    assert person.email == "ana@x.example"
    with pytest.raises(DomainError, match="already has that email"):
        person_create(organisation=organisation, full_name="Ana 2", email="ANA@x.example")


def test_employee_ids_are_unique_within_an_organisation_only():
    first, second = make_org(), make_org()
    person_create(organisation=first, full_name="A", email="a@x.example", employee_id="E1")
    with pytest.raises(DomainError, match="employee id"):
        person_create(organisation=first, full_name="B", email="b@x.example", employee_id="E1")
    person_create(organisation=second, full_name="B", email="b@x.example", employee_id="E1")
    # Blank ids never collide.
    person_create(organisation=first, full_name="C", email="c@x.example")
    person_create(organisation=first, full_name="D", email="d@x.example")


def test_an_update_reports_exactly_what_changed():
    person = make_person(make_org(), department="Sales", level=3)
    changes = person_update(person=person, department="Finance", level=3, location="")
    assert changes == {"department": ("Sales", "Finance")}
    assert person_update(person=person, department="Finance") == {}
    person.refresh_from_db()
    assert person.department == "Finance"


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "not a known time zone"),
        ({"work_starts_at": dt.time(17), "work_ends_at": dt.time(9)}, "end after they start"),
        ({"level": 99}, "less than or equal to 20"),
        ({"email": "not-an-address"}, "valid email"),
    ],
)
def test_bad_attributes_are_refused_and_nothing_changes(attributes, message):
    person = make_person(make_org())
    before = Person.objects.filter(pk=person.pk).values().get()
    with pytest.raises(DomainError, match=message):
        person_update(person=person, **attributes)
    assert Person.objects.filter(pk=person.pk).values().get() == before


def test_a_manager_must_be_in_the_same_organisation():
    person = make_person(make_org())
    stranger = make_person(make_org())
    with pytest.raises(DomainError, match="same organisation"):
        person_update(person=person, manager=stranger)


def test_reporting_lines_never_form_a_cycle():
    organisation = make_org()
    ceo = make_person(organisation)
    vp = make_person(organisation, manager=ceo)
    engineer = make_person(organisation, manager=vp)
    with pytest.raises(DomainError, match="own manager"):
        person_update(person=ceo, manager=ceo)
    with pytest.raises(DomainError, match="reports to"):
        person_update(person=ceo, manager=engineer)
    ceo.refresh_from_db()
    assert ceo.manager_id is None


def test_changing_the_email_changes_the_login_too(client):
    person = make_person(make_org())
    person_update(person=person, email="New.Address@x.example")
    assert person.user is not None
    person.user.refresh_from_db()
    assert person.user.email == "new.address@x.example"


def test_an_organisation_keeps_at_least_one_admin():
    organisation = make_org()
    admin = make_person(organisation, role=Role.ADMIN)
    with pytest.raises(DomainError, match="only admin"):
        person_set_role(person=admin, role=Role.MEMBER)
    with pytest.raises(DomainError, match="only admin"):
        person_deactivate(person=admin)
    second = make_person(organisation)
    person_set_role(person=second, role=Role.ADMIN)
    person_set_role(person=admin, role=Role.MEMBER)
    admin.refresh_from_db()
    assert admin.role == Role.MEMBER


def test_making_a_member_lead_a_programme_promotes_them_and_demoting_takes_it_away():
    organisation = make_org()
    lead = make_person(organisation, role=Role.LEAD)
    programme = make_programme(organisation, [lead], min_circle_size=2)
    member = make_person(organisation)
    programme_lead_add(programme=programme, person=member)
    member.refresh_from_db()
    assert member.role == Role.LEAD
    assert programme.leads.filter(pk=member.pk).exists()
    person_set_role(person=member, role=Role.MEMBER)
    assert not programme.leads.filter(pk=member.pk).exists()
    with pytest.raises(DomainError, match="does not lead"):
        programme_lead_remove(programme=programme, person=member)
    with pytest.raises(DomainError, match="belong to the organisation"):
        programme_lead_add(programme=programme, person=make_person(make_org()))


def test_someone_who_leaves_is_signed_out_and_leaves_their_circles_that_day(client):
    organisation = make_org()
    lead = make_person(organisation, role=Role.LEAD)
    programme = make_programme(organisation, [lead], min_circle_size=2)
    leaver, *others = [make_person(organisation) for _ in range(4)]
    circle = make_circle(programme, [leaver, *others])
    upcoming = schedule(circle, days=5, facilitator=leaver)
    Meeting.objects.filter(pk=upcoming.pk).update(roles_fixed=True)
    assert leaver.user is not None
    client.force_login(leaver.user)
    assert client.get(reverse("home")).status_code == 200

    person_deactivate(person=leaver)

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not client.login(username=leaver.email, password="a-long-test-password")
    membership = Membership.objects.get(circle=circle, person=leaver)
    assert membership.left_on == timezone.localdate()
    upcoming.refresh_from_db()
    assert leaver.pk not in {upcoming.facilitator_id, upcoming.host_id, upcoming.note_taker_id}
    assert upcoming.facilitator_id in {p.pk for p in others}


def test_someone_who_comes_back_can_sign_in_again_but_does_not_rejoin_circles(client):
    organisation = make_org()
    programme = make_programme(
        organisation, [make_person(organisation, role=Role.LEAD)], min_circle_size=2
    )
    person = make_person(organisation)
    circle = make_circle(programme, [person, make_person(organisation)])
    person_deactivate(person=person)
    person_reactivate(person=person)
    person.refresh_from_db()
    assert person.is_active
    assert person.deactivated_at is None
    assert client.login(username=person.email, password="a-long-test-password")
    assert not Membership.objects.filter(circle=circle, person=person, left_on=None).exists()
