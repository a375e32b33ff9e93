"""Login accounts: email is the username; everything about the person lives in orgs.Person."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).strip().lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text=_("Can open the technical admin site (operators only).")
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Every session remembers the generation it signed in under; moving it on ends them all.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints = [
            # Phone keyboards capitalise addresses: one login per address, whatever its case.
            models.UniqueConstraint(Lower("email"), name="user_email_ci"),
        ]

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def __str__(self) -> str:
        return self.email


def normalise_email(address: str) -> str:
    """The one spelling of an address kept anywhere: trimmed and lower-cased."""
    return address.strip().lower()


class SubmittedForm(models.Model):
    """One form submission, remembered by the random token the form carried.

    A second request with the same token (a double click, a resent POST) is recognised and
    nothing is written twice. Rows older than a couple of days are pruned by the sweep.
    """

    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.token
