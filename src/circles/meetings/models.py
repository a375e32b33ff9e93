"""Meetings of a circle, the agenda they follow, and what was shared in them."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from circles.groups.models import Circle
from circles.lib.bounds import within_bounds
from circles.lib.confidential import ConfidentialTextField
from circles.orgs.models import Organisation, Person, validate_time_zone


class AgendaTemplate(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="agenda_templates"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Built-in templates carry a key so that installing them again changes nothing; they are
    # read-only and adapted by copying. Programme templates belong to one programme, whose
    # leads edit them.
    builtin_key = models.SlugField(max_length=40, blank=True)
    programme = models.ForeignKey(
        "orgs.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_agenda_templates",
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(240)],
        help_text=_("The meeting length the steps must fit in."),
    )
    planned_people = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
        help_text=_("How many people the timings assume, for steps that go round every member."),
    )
    planned_clients = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many people bring a case or issue, for steps repeated per client."),
    )
    min_people = models.PositiveSmallIntegerField(default=3)
    max_people = models.PositiveSmallIntegerField(default=8)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="template_name_per_org"),
            models.UniqueConstraint(
                fields=["organisation", "builtin_key"],
                condition=~models.Q(builtin_key=""),
                name="builtin_template_once_per_org",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_builtin(self) -> bool:
        return bool(self.builtin_key)


class StepKind(models.TextChoices):
    CHECK_IN = "check_in", _("Check-in")
    CASE = "case", _("Case share")
    QUESTIONS = "questions", _("Question storm")
    COMMITMENT = "commitment", _("Action commitment")
    FOLLOW_UP = "follow_up", _("Follow-up and close")
    # Translators: a kind of agenda step that is none of the others.
    OTHER = "other", pgettext_lazy("agenda step kind", "Other")


class LeadRole(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    CASE_GIVER = "case_giver", _("Case giver")
    NOTE_TAKER = "note_taker", _("Note taker")
    # Translators: who leads an agenda step: all members together.
    EVERYONE = "everyone", _("Everyone")


# Who leads a step, inside a sentence ("led by the facilitator"): its own words, not a
# lower-cased label (nouns keep their capital in German).
LEAD_ROLE_IN_SENTENCE: dict[str, Promise] = {
    LeadRole.FACILITATOR: pgettext_lazy("step led by …", "facilitator"),
    LeadRole.CASE_GIVER: pgettext_lazy("step led by …", "case giver"),
    LeadRole.NOTE_TAKER: pgettext_lazy("step led by …", "note taker"),
    LeadRole.EVERYONE: pgettext_lazy("step led by …", "everyone"),
}


class RoundMode(models.TextChoices):
    # Translators: how an agenda step repeats: it runs a single time.
    ONCE = "once", _("Once")
    EACH_MEMBER = "each_member", _("Each member in turn")
    EACH_CLIENT = "each_client", _("Repeated for each client")


class AgendaStep(models.Model):
    template = models.ForeignKey(AgendaTemplate, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=StepKind.choices, default=StepKind.OTHER)
    title = models.CharField(max_length=120)
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    prompt = models.TextField(blank=True, help_text=_("What the facilitator says or asks."))
    lead_role = models.CharField(
        max_length=12, choices=LeadRole.choices, default=LeadRole.FACILITATOR
    )
    case_giver_silent = models.BooleanField(
        default=False, help_text=_("The case giver (or client) listens without answering.")
    )
    round_mode = models.CharField(
        max_length=12,
        choices=RoundMode.choices,
        default=RoundMode.ONCE,
        help_text=_("With a round, the minutes are per person."),
    )

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="step_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.minutes} min)"

    @property
    def lead_role_in_sentence(self) -> str:
        return str(LEAD_ROLE_IN_SENTENCE.get(self.lead_role, self.lead_role))


# The roles a meeting hands out (``circles.groups.rotation.ROLES``), as people read them.
MEETING_ROLE_LABELS = {
    "facilitator": _("Facilitator"),
    # Translators: the member who hosts a meeting (room, video call), a role in a circle.
    "host": pgettext_lazy("meeting role", "Host"),
    "note_taker": _("Note taker"),
}


class Meeting(models.Model):
    class Status(models.TextChoices):
        # Translators: status of a meeting.
        SCHEDULED = "scheduled", pgettext_lazy("meeting status", "Scheduled")
        # Translators: status of a meeting that took place.
        HELD = "held", pgettext_lazy("meeting status", "Held")
        # Translators: status of a meeting.
        CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="meetings"
    )
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(help_text=_("Stored in UTC; shown in the time zone below."))
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(15), MaxValueValidator(240)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    location = models.CharField(max_length=200, blank=True)
    video_url = models.URLField(blank=True)
    agenda_template = models.ForeignKey(
        AgendaTemplate, on_delete=models.RESTRICT, null=True, blank=True, related_name="meetings"
    )
    facilitator = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    host = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note_taker = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    case_giver = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who shares the case at this meeting, and prepares it beforehand."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The rhythm's slot this meeting fills, kept when it is moved (cadence adherence compares
    # the held start with it; generation uses it so that no slot is filled twice).
    planned_start = models.DateTimeField(null=True, blank=True)
    # Calendar identity: a stable UID, and a SEQUENCE raised (with revised_at) on every change
    # a calendar shows: time, place, status, roles.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    revised_at = models.DateTimeField(default=timezone.now)
    # Roles set by hand (a swap) are kept when the rotation re-plans later meetings.
    roles_fixed = models.BooleanField(default=False)
    cancel_reason = ConfidentialTextField(blank=True)
    cancelled_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["circle", "starts_at"]),
            models.Index(fields=["organisation", "status", "starts_at"]),
            models.Index(fields=["circle", "planned_start"]),
        ]
        constraints = [
            within_bounds("starts_at", name="meeting_start_in_range", is_datetime=True),
            within_bounds("planned_start", name="meeting_slot_in_range", is_datetime=True),
        ]

    def __str__(self) -> str:
        return f"{self.circle} on {self.local_start:%Y-%m-%d %H:%M}"

    @property
    def local_start(self) -> dt.datetime:
        """The start in the circle's own time zone, as its members agreed it."""
        return timezone.localtime(self.starts_at, zoneinfo.ZoneInfo(self.time_zone))

    @property
    def circle_clock_differs(self) -> bool:
        """Whether the viewer's clock (the active time zone) differs from the circle's."""
        viewer = timezone.localtime(self.starts_at)
        return viewer.utcoffset() != self.local_start.utcoffset()

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    def roles_of(self, person: Person) -> list[str]:
        """The roles the person holds at this meeting, as they read them (active language)."""
        return [
            str(MEETING_ROLE_LABELS[role])
            for role in ("facilitator", "host", "note_taker")
            if getattr(self, f"{role}_id") == person.pk
        ]


class Attendance(models.Model):
    class Status(models.TextChoices):
        # Translators: attendance of a member at a meeting not yet recorded.
        EXPECTED = "expected", pgettext_lazy("attendance", "Expected")
        ATTENDED = "attended", pgettext_lazy("attendance", "Attended")
        ABSENT = "absent", pgettext_lazy("attendance", "Absent")
        DECLINED = "declined", pgettext_lazy("attendance", "Declined in advance")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.EXPECTED)

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class Case(models.Model):
    class Kind(models.TextChoices):
        SITUATION = "situation", _("A situation I am facing")
        SKILL = "skill", _("A skill I want to develop")
        PERFORMANCE = "performance", _("A recent performance moment")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="cases")
    giver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cases")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SITUATION)
    title = ConfidentialTextField(help_text=_("A few words the circle will recognise."))
    situation = ConfidentialTextField(help_text=_("What happened, or what is at stake."))
    help_wanted = ConfidentialTextField(
        blank=True, help_text=_("What help you want from the circle.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Case by {self.giver}"


class Question(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = ConfidentialTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the text was changed after it was written: the circle sees "edited".
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Question on {self.case_id}"


class Note(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = ConfidentialTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Note on {self.meeting_id}"


class MeetingRun(models.Model):
    """Where a live meeting stands, kept on the server so a reload or a second screen agrees.

    The agenda is walked as (step, round position): a step repeated per member or per client
    advances the position before moving on. ``version`` grows with every change, so two screens
    pressing "next" at once move the meeting on by one step, not two.
    """

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="run")
    step_index = models.PositiveSmallIntegerField(default=0)
    round_position = models.PositiveSmallIntegerField(default=0)
    step_started_at = models.DateTimeField()
    # Person ids: the go-round order of those present, and the clients of per-client rounds.
    go_round = models.JSONField(default=list)
    clients = models.JSONField(default=list)
    # Person ids who have had their turn in a round or were marked as having spoken.
    spoken = models.JSONField(default=list)
    version = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Run of {self.meeting_id}"


class PersonCalendarToken(models.Model):
    """The secret in a person's calendar feed address; only its SHA-256 is stored.

    A person has at most one live token: regenerating revokes the old one, so a leaked address
    stops working at once.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="calendar_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_calendar_token_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"
