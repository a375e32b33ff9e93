from __future__ import annotations

import pytest

from circles.accounts.models import User

pytestmark = pytest.mark.django_db


def test_emails_are_the_username_and_stored_lowercase():
    user = User.objects.create_user(email="Ana@Example.COM", password="a-long-password")
    assert user.email == "ana@example.com"
    assert user.get_username() == "ana@example.com"
    assert user.check_password("a-long-password")


def test_an_email_is_required():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user(email="", password="x")


def test_superusers_are_staff():
    user = User.objects.create_superuser(email="ops@example.com", password="a-long-password")
    assert user.is_staff
    assert user.is_superuser


def test_sign_in_page_signs_in_by_email_and_logout_needs_post(client):
    User.objects.create_user(email="ana@example.com", password="a-long-password")
    response = client.post(
        "/accounts/login/", {"username": "ana@example.com", "password": "a-long-password"}
    )
    assert response.status_code == 302
    # Opened as a page, the sign-out address sends to a page and signs nobody out.
    response = client.get("/accounts/logout/")
    assert response.status_code == 303
    assert "_auth_user_id" in client.session
    assert client.post("/accounts/logout/").status_code == 302


def test_an_operator_adds_a_login_in_the_admin_site(client):
    operator = User.objects.create_superuser(email="ops@example.com", password="a-long-password")
    client.force_login(operator)
    assert client.get("/admin/accounts/user/add/").status_code == 200
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "new@example.com",
            "password1": "a-long-password-2",
            "password2": "a-long-password-2",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="new@example.com").check_password("a-long-password-2")
