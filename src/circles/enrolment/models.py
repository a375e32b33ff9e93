"""Voluntary enrolment in a programme: who may opt in, and each person's answer and profile."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from circles.lib.bounds import within_bounds
from circles.orgs.models import Organisation, Person, Programme


def new_link_token() -> str:
    return secrets.token_urlsafe(24)


class EnrolmentSettings(models.Model):
    """How a programme takes enrolments: open or not, to whom, how many places."""

    class Status(models.TextChoices):
        NOT_OPEN = "not_open", _("Not open yet")
        # Translators: the state of a programme's enrolment.
        OPEN = "open", pgettext_lazy("enrolment status", "Open")
        CLOSED = "closed", pgettext_lazy("enrolment status", "Closed")

    class Audience(models.TextChoices):
        INVITED = "invited", _("Only people I invite")
        DIRECTORY = "directory", _("Everyone in chosen departments or locations")
        EVERYONE = "everyone", _("Everyone in the organisation, through a link")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="enrolment_settings"
    )
    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="enrolment_settings"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NOT_OPEN)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.INVITED)
    # For the directory audience: anyone in one of these departments or locations may enrol.
    departments = models.JSONField(default=list, blank=True)
    locations = models.JSONField(default=list, blank=True)
    # Places; beyond them people join a waiting list in the order they enrolled.
    capacity = models.PositiveIntegerField(null=True, blank=True)
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    # The shareable link for the "everyone" audience; making a new one retires the old.
    link_token = models.CharField(max_length=64, unique=True, default=new_link_token)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("enrolment settings")
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            within_bounds("opens_on", name="enrolment_opens_in_range"),
            within_bounds("closes_on", name="enrolment_closes_in_range"),
        ]

    def __str__(self) -> str:
        return f"Enrolment in {self.programme}"

    def accepting(self, today: dt.date) -> bool:
        """Open, and today inside the optional dates."""
        return (
            self.status == self.Status.OPEN
            and (self.opens_on is None or self.opens_on <= today)
            and (self.closes_on is None or today <= self.closes_on)
        )


class Enrolment(models.Model):
    """One person's invitation to and answer for one programme, with their opt-in profile.

    ``avoid`` is private to its owner: it becomes a keep-apart rule when circles are formed
    and is never shown to anyone else, on any page, export or the admin site.
    """

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited, no answer yet")
        ENROLLED = "enrolled", pgettext_lazy("enrolment status", "Enrolled")
        WAITLISTED = "waitlisted", _("On the waiting list")
        WITHDRAWN = "withdrawn", pgettext_lazy("enrolment status", "Withdrew")
        DECLINED = "declined", pgettext_lazy("enrolment status", "Declined")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="enrolments"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(max_length=10, choices=Status.choices)
    invited_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # When the person (last) opted in: the waiting list's order.
    queued_at = models.DateTimeField(null=True, blank=True)
    # When they moved up from the waiting list; the email about it is keyed on this.
    promoted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    development_interests = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    # Codes from ``enrolment.times.SLOT_CODES``, e.g. "tue-morning", in the person's own zone.
    meeting_times = models.JSONField(default=list, blank=True)
    avoid = models.ManyToManyField(Person, related_name="+", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "person"], name="enrolment_once")
        ]
        indexes = [
            models.Index(fields=["programme", "status", "queued_at"]),
            models.Index(fields=["person", "status"]),
            # Who enrolled, read from the index alone (the formation page counts them).
            models.Index(fields=["programme", "status", "person"], name="enrolment_people"),
            # The reminder sweep looks for unanswered invitations.
            models.Index(
                fields=["status", "invited_at"],
                condition=Q(status="invited"),
                name="enrolment_unanswered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.programme} ({self.get_status_display()})"

    @property
    def is_in(self) -> bool:
        return self.status in {self.Status.ENROLLED, self.Status.WAITLISTED}
