"""Organisations (tenants), the people in them, and their circle programmes."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("'%(value)s' is not a known time zone (use a name like Europe/Berlin)."),
            params={"value": value},
        )


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    # Aggregates over fewer people than this are never shown (never below 3).
    min_group_size_for_aggregates = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(3)]
    )
    # Sign-in: password sign-in can be switched off once single sign-on is the way in; a
    # sign-on by someone not yet in the directory creates them only when this allows it.
    password_sign_in = models.BooleanField(
        default=True, help_text=_("People may sign in with a password (operators always can).")
    )
    sso_creates_people = models.BooleanField(
        _("create people at first sign-on"),
        default=False,
        help_text=_("A single sign-on by someone not in the directory adds them as a member."),
    )
    two_factor_for_managers = models.BooleanField(
        _("require two-factor sign-in for admins and leads"),
        default=False,
        help_text=_("Admins and programme leads set up an authenticator app before anything else."),
    )
    # Email domains that belong to the organisation: where a just-in-time sign-on lands.
    email_domains = models.JSONField(default=list, blank=True)
    # The product's language for people who chose none; blank: each browser's own language.
    language = models.CharField(
        _("default language"), max_length=16, blank=True, choices=settings.LANGUAGES
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Organisation admin")
    LEAD = "lead", _("Programme lead")
    MEMBER = "member", _("Member")


# An erased person keeps their row (their circles' records point at it) under an address in a
# reserved domain that no mail can reach.
ERASED_EMAIL_DOMAIN = "erased.invalid"


class Person(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Added by hand")
        IMPORT = "import", _("HR import")
        SCIM = "scim", _("Provisioned (SCIM)")
        SSO = "sso", _("Single sign-on")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    # The HR system's identifier: how imports and provisioning recognise a person again.
    employee_id = models.CharField(_("employee id"), max_length=64, blank=True)
    # The identity provider's id for this person (SCIM externalId).
    external_id = models.CharField(_("external id"), max_length=255, blank=True)
    full_name = models.CharField(max_length=200)
    email = models.EmailField()
    department = models.CharField(max_length=120, blank=True)
    job_family = models.CharField(_("job family / role"), max_length=120, blank=True)
    level = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    location = models.CharField(max_length=120, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    # Local working hours, in the person's own time zone.
    work_starts_at = models.TimeField(default=dt.time(9, 0))
    work_ends_at = models.TimeField(default=dt.time(17, 0))
    start_date = models.DateField(
        null=True, blank=True, help_text=_("First day at the organisation.")
    )
    manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    languages = models.JSONField(default=list, blank=True)
    # The language the product speaks to this person, emails included; blank: the organisation's.
    preferred_language = models.CharField(
        _("language"), max_length=16, blank=True, choices=settings.LANGUAGES
    )
    development_interests = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name"]
        constraints = [
            # Addresses are compared case-insensitively everywhere; the services store them
            # lower-cased and this makes a second spelling impossible.
            models.UniqueConstraint("organisation", Lower("email"), name="person_email_per_org_ci"),
            models.UniqueConstraint(
                fields=["organisation", "employee_id"],
                condition=~Q(employee_id=""),
                name="person_employee_id_per_org",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "department"]),
            models.Index(fields=["organisation", "location"]),
            models.Index(fields=["organisation", "role"]),
            models.Index(fields=["organisation", "level"]),
            models.Index(fields=["organisation", "is_active", "full_name"]),
            models.Index(fields=["organisation", "full_name"]),
            models.Index(fields=["organisation", "email"]),
            models.Index(fields=["organisation", "external_id"]),
            # An organisation's active people by id, from the index alone: joined to who
            # enrolled or who is in a circle without reading the wide person rows.
            models.Index(
                fields=["organisation", "id"],
                condition=Q(is_active=True),
                name="person_active_ids",
            ),
        ]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        if self.manager_id is not None and self.manager_id == self.pk:
            raise ValidationError({"manager": _("A person cannot be their own manager.")})
        if self.manager is not None and self.manager.organisation_id != self.organisation_id:
            raise ValidationError({"manager": _("The manager must work in the same organisation.")})
        if (
            self.work_ends_at is not None
            and self.work_starts_at is not None
            and self.work_ends_at <= self.work_starts_at
        ):
            raise ValidationError({"work_ends_at": _("Working hours must end after they start.")})

    @property
    def is_erased(self) -> bool:
        return self.email.endswith("@" + ERASED_EMAIL_DOMAIN)

    @property
    def first_name(self) -> str:
        return self.full_name.split(" ", 1)[0]

    @property
    def tenure_years(self) -> float | None:
        if self.start_date is None:
            return None
        return round((dt.date.today() - self.start_date).days / 365.25, 1)


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


# A cadence inside a sentence ("the circle meets every two weeks") has its own words: lower-casing
# the label would be wrong where nouns keep their capital (German "alle zwei Wochen").
CADENCE_IN_SENTENCE: dict[str, Promise] = {
    Cadence.WEEKLY: pgettext_lazy("the circle meets …", "every week"),
    Cadence.BIWEEKLY: pgettext_lazy("the circle meets …", "every two weeks"),
    Cadence.MONTHLY: pgettext_lazy("the circle meets …", "every month"),
}


def cadence_in_sentence(cadence: str) -> str:
    return str(CADENCE_IN_SENTENCE.get(cadence, cadence))


class Programme(models.Model):
    class Kind(models.TextChoices):
        # Translators: a kind of programme, a small first trial of circles.
        PILOT = "pilot", _("Pilot")
        ROLLING = "rolling", _("Rolling programme")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programmes"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PILOT)
    purpose = models.TextField(
        max_length=2000, help_text=_("Why the organisation runs these circles.")
    )
    objective = models.CharField(
        max_length=300, blank=True, help_text=_("The organisational objective the purpose serves.")
    )
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.BIWEEKLY)
    meeting_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(15), MaxValueValidator(240)]
    )
    agenda_template = models.ForeignKey(
        "meetings.AgendaTemplate",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="programmes",
    )
    ground_rules = models.TextField(
        max_length=5000,
        blank=True,
        help_text=_("One rule per line; every circle starts its charter with these."),
    )
    min_circle_size = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(2), MaxValueValidator(20)]
    )
    max_circle_size = models.PositiveSmallIntegerField(
        default=8, validators=[MinValueValidator(2), MaxValueValidator(20)]
    )
    cycle_weeks = models.PositiveSmallIntegerField(
        default=26, validators=[MinValueValidator(4), MaxValueValidator(104)]
    )
    starts_on = models.DateField(null=True, blank=True)
    leads = models.ManyToManyField(Person, related_name="led_programmes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("name"), name="programme_name_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def cadence_in_sentence(self) -> str:
        return cadence_in_sentence(self.cadence)

    def clean(self) -> None:
        if self.min_circle_size > self.max_circle_size:
            raise ValidationError(
                {"max_circle_size": _("The largest circle size must be at least the smallest.")}
            )

    @property
    def ground_rule_list(self) -> list[str]:
        return [line.strip() for line in self.ground_rules.splitlines() if line.strip()]


class Invitation(models.Model):
    """A person's invitation to set a password and sign in for the first time.

    The link itself is a token from Django's password-reset machinery (see
    ``orgs.invitations``); this row records who invited whom and when. Resending bumps
    ``send_count``, which is part of the token, so an older link stops working.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="invitation")
    invited_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_sent_at = models.DateTimeField()
    last_sent_at = models.DateTimeField()
    send_count = models.PositiveIntegerField(default=1)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "accepted_at"])]

    def __str__(self) -> str:
        return f"Invitation of {self.person}"


class ImportMapping(models.Model):
    """How an organisation's HR export maps onto people's fields, remembered per header set."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="import_mappings"
    )
    # A digest of the file's normalised headers: the same export layout finds its mapping.
    headers_key = models.CharField(max_length=64)
    headers = models.JSONField(default=list)
    # {field name: header}; unmapped fields are absent.
    mapping = models.JSONField(default=dict)
    # Fixed values for fields the file lacks, e.g. {"time_zone_by_location": {...}}.
    defaults = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "headers_key"], name="import_mapping_per_layout"
            )
        ]

    def __str__(self) -> str:
        return f"Import mapping of {self.organisation}"


class PeopleImport(models.Model):
    """One upload of an HR export: its file, mapping, preview and outcome."""

    class Status(models.TextChoices):
        NEEDS_MAPPING = "mapping", _("Needs a column mapping")
        QUEUED = "queued", _("Waiting for the worker")
        PREVIEWING = "previewing", _("Checking the file")
        PREVIEWED = "previewed", _("Ready to apply")
        INVALID = "invalid", _("Rows need fixing")
        APPLYING = "applying", pgettext_lazy("people import status", "Applying")
        APPLIED = "applied", pgettext_lazy("people import status", "Applied")
        FAILED = "failed", pgettext_lazy("people import status", "Failed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="people_imports"
    )
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    # The file itself: kept in the database so that any web process or worker can read it.
    content = models.BinaryField()
    file_format = models.CharField(max_length=8)
    encoding = models.CharField(max_length=40, blank=True)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    defaults = models.JSONField(default=dict, blank=True)
    full_sync = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEEDS_MAPPING)
    # What the worker is doing now and how far it is, for the progress bar.
    phase = models.CharField(max_length=40, blank=True)
    progress = models.FloatField(default=0.0)
    row_count = models.PositiveIntegerField(default=0)
    # Counts of created / updated / unchanged / deactivated and errors; the rows themselves are
    # PeopleImportChange and PeopleImportError, so that long lists page from the database.
    summary = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class PeopleImportChange(models.Model):
    """One person in an import's preview or outcome: new, changed, unchanged or leaving."""

    class Kind(models.TextChoices):
        CREATE = "create", pgettext_lazy("people import list", "New")
        UPDATE = "update", pgettext_lazy("people import list", "Changed")
        UNCHANGED = "unchanged", pgettext_lazy("people import list", "Unchanged")
        DEACTIVATE = "deactivate", pgettext_lazy("people import list", "Leaving")

    people_import = models.ForeignKey(
        PeopleImport, on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The file's row (as a spreadsheet numbers it); none for people missing from the file.
    row_number = models.PositiveIntegerField(null=True, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    full_name = models.CharField(max_length=200)
    email = models.CharField(max_length=254)
    # New people: {field: value}; changed people: {field: [before, after]} (display text).
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["people_import", "kind", "row_number", "pk"]
        indexes = [models.Index(fields=["people_import", "kind", "row_number"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.full_name}"


class PeopleImportError(models.Model):
    """A reason a row (or the whole file, row 0) cannot be imported."""

    people_import = models.ForeignKey(
        PeopleImport, on_delete=models.CASCADE, related_name="row_errors"
    )
    row_number = models.PositiveIntegerField()
    column = models.CharField(max_length=255, blank=True)
    reason = models.TextField()

    class Meta:
        ordering = ["people_import", "row_number", "pk"]
        indexes = [models.Index(fields=["people_import", "row_number"])]

    def __str__(self) -> str:
        return f"Row {self.row_number}: {self.reason}"
