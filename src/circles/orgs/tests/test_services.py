from __future__ import annotations

import pytest

from circles.accounts.models import User
from circles.lib.errors import DomainError
from circles.orgs.models import Person, Programme
from circles.orgs.people.services import person_create
from circles.orgs.services import organisation_create, programme_create
from circles.testing import make_org, make_person

pytestmark = pytest.mark.django_db


def test_a_new_organisation_gets_the_default_agenda():
    organisation = organisation_create(name="Globex")
    assert organisation.slug == "globex"
    assert organisation.agenda_templates.get(builtin_key="circle").steps.count() == 5


def test_organisation_short_names_are_unique():
    organisation_create(name="Globex")
    with pytest.raises(DomainError, match="already exists"):
        organisation_create(name="Globex")


def test_a_person_with_a_password_can_sign_in_by_email(client):
    organisation = make_org()
    person = person_create(
        organisation=organisation,
        full_name="Ana Lima",
        email="Ana.Lima@Example.com",
        password="a-long-password-1",
        department="Finance",
        level=3,
        time_zone="America/Sao_Paulo",
    )
    assert person.email == "ana.lima@example.com"
    assert client.login(email="ana.lima@example.com", password="a-long-password-1")


def test_duplicate_emails_in_an_organisation_are_refused():
    organisation = make_org()
    person_create(organisation=organisation, full_name="A", email="a@example.com")
    with pytest.raises(DomainError, match="already has that email"):
        person_create(organisation=organisation, full_name="B", email="A@example.com")
    assert Person.objects.filter(organisation=organisation).count() == 1


def test_the_same_email_may_exist_in_two_organisations_without_a_second_login():
    person_create(
        organisation=make_org(), full_name="A", email="a@example.com", password="pw-12345"
    )
    person_create(organisation=make_org(), full_name="A", email="a@example.com")
    with pytest.raises(DomainError, match="already has a login"):
        person_create(organisation=make_org(), full_name="A", email="a@example.com", password="pw")
    assert User.objects.filter(email="a@example.com").count() == 1


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "not a known time zone"),
        ({"level": 0}, "greater than or equal to 1"),
    ],
)
def test_invalid_attributes_are_refused_and_nothing_is_written(attributes, message):
    organisation = make_org()
    with pytest.raises(DomainError, match=message):
        person_create(organisation=organisation, full_name="X", email="x@example.com", **attributes)
    assert not Person.objects.filter(organisation=organisation).exists()
    assert not User.objects.filter(email="x@example.com").exists()


def test_a_manager_from_another_organisation_is_refused():
    boss = make_person(make_org())
    with pytest.raises(DomainError, match="same organisation"):
        person_create(organisation=make_org(), full_name="X", email="x@example.com", manager=boss)


def test_programme_leads_must_belong_to_the_organisation():
    organisation = make_org()
    stranger = make_person(make_org())
    with pytest.raises(DomainError, match="leads must belong"):
        programme_create(organisation=organisation, name="P", purpose="p", leads=[stranger])
    assert not Programme.objects.exists()


def test_ground_rules_are_read_one_per_line():
    organisation = make_org()
    programme = programme_create(
        organisation=organisation,
        name="P",
        purpose="p",
        leads=[],
        ground_rules="Confidentiality\n\n  Listen  \n",
    )
    assert programme.ground_rule_list == ["Confidentiality", "Listen"]
