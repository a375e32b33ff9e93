"""PATCH active:false ends the person's session on their next request and their circles."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from circles.accounts.models import User
from circles.groups.models import Membership
from circles.orgs.models import Person, Role
from circles.testing import make_circle, make_person, make_programme

pytestmark = pytest.mark.django_db


def login_of(person: Person) -> User:
    assert person.user_id is not None
    return User.objects.get(pk=person.user_id)


def signed_in(client: Client) -> bool:
    """Whether the next request is served as the signed-in person."""
    response = client.get(reverse("home"))
    return bool(response.wsgi_request.user.is_authenticated)


@pytest.mark.parametrize("how", ["patch", "put", "delete"])
def test_a_deprovisioned_member_is_signed_out_and_leaves_their_circles(scim, how):
    organisation = scim.organisation
    lead = make_person(organisation, "Lead", role=Role.LEAD)
    member = make_person(organisation, "Member Leaving")
    others = [make_person(organisation) for _ in range(4)]
    circle = make_circle(make_programme(organisation, [lead], min_circle_size=2), [member, *others])
    browser = Client()
    browser.force_login(login_of(member))
    assert signed_in(browser)

    if how == "patch":
        response = scim.patch(
            f"Users/{member.pk}", {"op": "replace", "path": "active", "value": False}
        )
        assert response.status_code == 200
        assert response.json()["active"] is False
    elif how == "put":
        shown = scim.get(f"Users/{member.pk}").json()
        shown["active"] = False
        assert scim.put(f"Users/{member.pk}", shown).status_code == 200
    else:
        assert scim.delete(f"Users/{member.pk}").status_code == 204

    assert not signed_in(browser)
    assert browser.get(reverse("home")).status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert not login_of(member).is_active
    membership = Membership.objects.get(circle=circle, person=member)
    assert membership.left_on == timezone.localdate()
    # The rest of the circle stays.
    assert (
        not Membership.objects.filter(circle=circle, left_on__isnull=False)
        .exclude(person=member)
        .exists()
    )


def test_reactivation_lets_them_sign_in_again_without_rejoining_circles(scim):
    lead = make_person(scim.organisation, "Lead", role=Role.LEAD)
    member = make_person(scim.organisation)
    circle = make_circle(
        make_programme(scim.organisation, [lead], min_circle_size=2),
        [member, make_person(scim.organisation)],
    )
    scim.patch(f"Users/{member.pk}", {"op": "replace", "path": "active", "value": False})
    scim.patch(f"Users/{member.pk}", {"op": "replace", "path": "active", "value": True})
    member.refresh_from_db()
    assert member.is_active
    assert login_of(member).is_active
    assert Membership.objects.get(circle=circle, person=member).left_on is not None
    browser = Client()
    browser.force_login(login_of(member))
    assert signed_in(browser)
