"""The kinds of reminder: who is due one now, and what its email says.

Each kind answers two questions in set-based queries, so that a sweep or a batch costs a fixed
number of queries whatever the number of people:
- ``candidates(now)``: (object id, person id, occasion) for everyone due a reminder now;
- ``contents(reminders, now)``: the email for each reminder, or None when it is no longer due
  (the meeting moved, the commitment was closed, the person left the circle...).

``contents`` runs in the recipients' language (``delivery.deliver`` calls it once per language):
subjects and labels are written with ``gettext``, dates with ``circles.languages.formats`` on
the recipient's clock.

Nothing confidential goes into an email: no case text, notes, commitment actions, plan text or
check-in updates. Emails name the meeting and the circle, and link to the page that has the rest.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.enrolment import reminders as enrolment_reminders
from circles.groups.models import Circle, Membership
from circles.growth.models import Commitment, LearningTransferCheck
from circles.insights.selectors import programme_dashboard
from circles.insights.suppression import effective_threshold
from circles.languages import formats
from circles.library import reminders as library_reminders
from circles.meetings.models import AgendaStep, Attendance, Case, Meeting
from circles.orgs.models import Person, Programme

from .attachments import meeting_ics
from .content import Candidate, Content, absolute, on_clock_of, zone_of
from .models import PREFERENCE_OF_KIND, Kind, Reminder

# Old items are not dug up: a first sweep on an existing database reminds of recent ones only.
LOOKBACK_DAYS = 30
INVITATION_WINDOW_DAYS = 7


def _wants(kind: str, prefix: str = "") -> Q:
    """People who did not switch this kind of reminder off (no preference row means on)."""
    name = PREFERENCE_OF_KIND[kind]
    return ~Q(**{f"{prefix}notification_preference__{name}": False}) & Q(
        **{f"{prefix}is_active": True}
    )


def _already(kind: str, person_ref: str, occasion: Any = None) -> Exists:
    reminders = Reminder.objects.filter(
        kind=kind, object_id=OuterRef("pk"), person_id=OuterRef(person_ref)
    )
    if occasion is not None:
        reminders = reminders.filter(occasion=occasion)
    return Exists(reminders)


def _today(now: dt.datetime) -> dt.date:
    return timezone.localdate(now)


def _in_zone(moment: dt.datetime, zone: str) -> dt.datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(zone))


def _current_pairs(circle_person: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which (circle, person) pairs are current memberships, in one query."""
    pairs = set(circle_person)
    if not pairs:
        return set()
    rows = Membership.objects.filter(
        circle_id__in={c for c, _ in pairs},
        person_id__in={p for _, p in pairs},
        left_on__isnull=True,
    ).values_list("circle_id", "person_id")
    return set(rows) & pairs


# Invitation to a circle ---------------------------------------------------------------------


def invitation_candidates(now: dt.datetime) -> Iterator[Candidate]:
    since = _today(now) - dt.timedelta(days=INVITATION_WINDOW_DAYS)
    rows = (
        Membership.objects.filter(
            left_on__isnull=True,
            joined_on__gte=since,
            circle__status__in=[Circle.Status.FORMING, Circle.Status.ACTIVE],
        )
        .filter(_wants(Kind.INVITATION, "person__"))
        .filter(~_already(Kind.INVITATION, "person_id"))
        .values_list("pk", "person_id")
    )
    for membership_id, person_id in rows.iterator(chunk_size=2000):
        yield membership_id, person_id, "joined"


def _next_meetings(circle_ids: set[int], now: dt.datetime) -> dict[int, Meeting]:
    upcoming = Meeting.objects.filter(
        circle_id__in=circle_ids, status=Meeting.Status.SCHEDULED, starts_at__gt=now
    ).order_by("circle_id", "starts_at")
    first: dict[int, Meeting] = {}
    for meeting in upcoming.select_related("circle"):
        first.setdefault(meeting.circle_id, meeting)
    return first


def invitation_contents(reminders: list[Reminder], now: dt.datetime) -> dict[int, Content | None]:
    memberships = Membership.objects.filter(
        pk__in=[r.object_id for r in reminders], left_on__isnull=True
    ).select_related("circle__programme")
    by_id = {m.pk: m for m in memberships}
    circle_ids = {m.circle_id for m in by_id.values()}
    next_meeting = _next_meetings(circle_ids, now)
    sizes = dict(
        Membership.objects.filter(circle_id__in=circle_ids, left_on__isnull=True)
        .values("circle_id")
        .annotate(n=Count("pk"))
        .values_list("circle_id", "n")
    )
    out: dict[int, Content | None] = {}
    for reminder in reminders:
        membership = by_id.get(reminder.object_id)
        if membership is None or membership.person_id != reminder.person_id:
            out[reminder.pk] = None
            continue
        circle = membership.circle
        meeting = next_meeting.get(circle.pk)
        ics = meeting_ics(meeting, reminder.person, settings.SITE_URL) if meeting else None
        out[reminder.pk] = Content(
            subject=_("Welcome to the circle %(circle)s") % {"circle": circle.name},
            template="invitation",
            context={
                "circle": circle,
                "programme": circle.programme,
                "size": sizes.get(circle.pk, 0),
                "meeting": meeting,
                "meeting_start": _in_zone(meeting.starts_at, reminder.person.time_zone)
                if meeting
                else None,
                "url": absolute(reverse("circle_detail", args=[circle.pk])),
            },
            attachments=[("invite.ics", ics, "text/calendar; method=REQUEST")] if ics else [],
        )
    return out


# Meeting reminder ---------------------------------------------------------------------------


def _meeting_occasion(meeting: Meeting) -> str:
    return meeting.starts_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")


def meeting_candidates(now: dt.datetime) -> Iterator[Candidate]:
    until = now + dt.timedelta(hours=settings.CIRCLES_MEETING_REMINDER_HOURS)
    meetings = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=until
    ).only("pk", "circle_id", "starts_at")
    by_circle: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_circle[meeting.circle_id].append(meeting)
    if not by_circle:
        return
    declined = set(
        Attendance.objects.filter(
            meeting__in=[m for ms in by_circle.values() for m in ms],
            status=Attendance.Status.DECLINED,
        ).values_list("meeting_id", "person_id")
    )
    # Meetings of the next hours are few, so the rows already recorded fit in memory.
    recorded = set(
        Reminder.objects.filter(
            kind=Kind.MEETING, object_id__in=[m.pk for ms in by_circle.values() for m in ms]
        ).values_list("object_id", "person_id", "occasion")
    )
    members = (
        Membership.objects.filter(circle_id__in=by_circle, left_on__isnull=True)
        .filter(_wants(Kind.MEETING, "person__"))
        .values_list("circle_id", "person_id")
    )
    for circle_id, person_id in members.iterator(chunk_size=2000):
        for meeting in by_circle[circle_id]:
            candidate = (meeting.pk, person_id, _meeting_occasion(meeting))
            if (meeting.pk, person_id) not in declined and candidate not in recorded:
                yield candidate


def meeting_contents(reminders: list[Reminder], now: dt.datetime) -> dict[int, Content | None]:
    meetings = {
        m.pk: m
        for m in Meeting.objects.filter(pk__in=[r.object_id for r in reminders]).select_related(
            "circle", "facilitator", "host", "note_taker"
        )
    }
    givers: dict[int, list[str]] = defaultdict(list)
    # The case giver's name is not confidential; what they bring is, and it stays out.
    for meeting_id, name in Case.objects.filter(meeting_id__in=meetings).values_list(
        "meeting_id", "giver__full_name"
    ):
        givers[meeting_id].append(name)
    steps: dict[int, list[AgendaStep]] = defaultdict(list)
    template_ids = {m.agenda_template_id for m in meetings.values() if m.agenda_template_id}
    for step in AgendaStep.objects.filter(template_id__in=template_ids).order_by("position"):
        steps[step.template_id].append(step)
    current = _current_pairs(
        (meetings[r.object_id].circle_id, r.person_id) for r in reminders if r.object_id in meetings
    )
    out: dict[int, Content | None] = {}
    for reminder in reminders:
        meeting = meetings.get(reminder.object_id)
        if (
            meeting is None
            or meeting.status != Meeting.Status.SCHEDULED
            or meeting.starts_at <= now
            or _meeting_occasion(meeting) != reminder.occasion
            or (meeting.circle_id, reminder.person_id) not in current
        ):
            out[reminder.pk] = None
            continue
        person = reminder.person
        start = _in_zone(meeting.starts_at, person.time_zone)
        with on_clock_of(person):
            when = formats.format_local_datetime(meeting.starts_at, "MMMEdjm")
        with timezone.override(zone_of(meeting.time_zone)):
            circle_time = formats.format_local_time(meeting.starts_at)
        out[reminder.pk] = Content(
            # Translators: "Aspen meets Fri 4 Dec, 15:30" (an email subject).
            subject=_("%(circle)s meets %(start)s")
            % {"circle": meeting.circle.name, "start": when},
            template="meeting",
            context={
                "meeting": meeting,
                "circle": meeting.circle,
                "start": start,
                "circle_start": meeting.local_start,
                # The start on the circle's own clock, for members who live elsewhere.
                "circle_time": circle_time,
                "roles": meeting.roles_of(person),
                "case_givers": givers.get(meeting.pk, []),
                "steps": steps.get(meeting.agenda_template_id or 0, []),
                "url": absolute(reverse("meeting_detail", args=[meeting.pk])),
            },
        )
    return out


# Commitments due soon and overdue -------------------------------------------------------------


def _commitment_candidates(kind: str, due: Q) -> Iterator[Candidate]:
    rows = (
        Commitment.objects.filter(due, status=Commitment.Status.OPEN)
        .filter(
            Exists(
                Membership.objects.filter(
                    circle_id=OuterRef("circle_id"),
                    person_id=OuterRef("owner_id"),
                    left_on__isnull=True,
                )
            )
        )
        .filter(_wants(kind, "owner__"))
        .filter(~_already(kind, "owner_id", Cast(OuterRef("due_on"), CharField())))
        .values_list("pk", "owner_id", "due_on")
    )
    for pk, owner_id, due_on in rows.iterator(chunk_size=2000):
        yield pk, owner_id, due_on.isoformat()


def due_soon_candidates(now: dt.datetime) -> Iterator[Candidate]:
    today = _today(now)
    until = today + dt.timedelta(days=settings.CIRCLES_COMMITMENT_DUE_SOON_DAYS)
    return _commitment_candidates(Kind.DUE_SOON, Q(due_on__gte=today, due_on__lte=until))


def overdue_candidates(now: dt.datetime) -> Iterator[Candidate]:
    today = _today(now)
    since = today - dt.timedelta(days=LOOKBACK_DAYS)
    return _commitment_candidates(Kind.OVERDUE, Q(due_on__lt=today, due_on__gte=since))


def _commitment_contents(
    reminders: list[Reminder], now: dt.datetime, *, overdue: bool
) -> dict[int, Content | None]:
    commitments = {
        c.pk: c
        for c in Commitment.objects.filter(pk__in=[r.object_id for r in reminders])
        .select_related("circle", "made_at")
        .only(
            "pk",
            "owner_id",
            "circle__name",
            "made_at__starts_at",
            "made_at__time_zone",
            "due_on",
            "status",
            "circle_id",
        )
    }
    current = _current_pairs((c.circle_id, c.owner_id) for c in commitments.values())
    today = _today(now)
    url = absolute(reverse("my_commitments"))
    out: dict[int, Content | None] = {}
    for reminder in reminders:
        c = commitments.get(reminder.object_id)
        if (
            c is None
            or c.status != Commitment.Status.OPEN
            or c.owner_id != reminder.person_id
            or c.due_on.isoformat() != reminder.occasion
            or (c.circle_id, c.owner_id) not in current
            or (c.due_on < today) != overdue
        ):
            out[reminder.pk] = None
            continue
        made_on = c.made_at.local_start.date()
        subject = (
            _("Your commitment from %(made_on)s was due %(due_on)s")
            % {
                "made_on": formats.format_local_date(made_on, "MMMd"),
                "due_on": formats.format_local_date(c.due_on, "MMMd"),
            }
            if overdue
            else _("Your commitment from %(made_on)s is due %(due_on)s")
            % {
                "made_on": formats.format_local_date(made_on, "MMMd"),
                "due_on": formats.format_local_date(c.due_on, "MMMEd"),
            }
        )
        out[reminder.pk] = Content(
            subject=subject,
            template="overdue" if overdue else "due_soon",
            context={
                "circle": c.circle,
                "made_on": made_on,
                "due_on": c.due_on,
                "url": f"{url}#commitment-{c.pk}",
            },
        )
    return out


def due_soon_contents(reminders: list[Reminder], now: dt.datetime) -> dict[int, Content | None]:
    return _commitment_contents(reminders, now, overdue=False)


def overdue_contents(reminders: list[Reminder], now: dt.datetime) -> dict[int, Content | None]:
    return _commitment_contents(reminders, now, overdue=True)


# Learning-transfer check ----------------------------------------------------------------------


def transfer_candidates(now: dt.datetime) -> Iterator[Candidate]:
    today = _today(now)
    rows = (
        LearningTransferCheck.objects.filter(
            answered_at__isnull=True,
            due_on__lte=today,
            due_on__gte=today - dt.timedelta(days=LOOKBACK_DAYS),
        )
        .filter(_wants(Kind.TRANSFER, "owner__"))
        .filter(~_already(Kind.TRANSFER, "owner_id"))
        .values_list("pk", "owner_id")
    )
    for pk, owner_id in rows.iterator(chunk_size=2000):
        yield pk, owner_id, "due"


def transfer_contents(reminders: list[Reminder], now: dt.datetime) -> dict[int, Content | None]:
    checks = {
        c.pk: c
        for c in LearningTransferCheck.objects.filter(
            pk__in=[r.object_id for r in reminders]
        ).select_related("commitment__made_at", "commitment__circle")
    }
    out: dict[int, Content | None] = {}
    for reminder in reminders:
        check = checks.get(reminder.object_id)
        if check is None or check.answered_at is not None or check.owner_id != reminder.person_id:
            out[reminder.pk] = None
            continue
        made_on = check.commitment.made_at.local_start.date()
        out[reminder.pk] = Content(
            subject=_("Looking back on your commitment from %(made_on)s")
            % {"made_on": formats.format_local_date(made_on, "MMMd")},
            template="transfer",
            context={
                "circle": check.commitment.circle,
                "made_on": made_on,
                "url": absolute(reverse("transfer_check_answer", args=[check.pk])),
            },
        )
    return out


# Weekly digest for leads ----------------------------------------------------------------------


def _week(now: dt.datetime) -> str:
    year, week, _ = _today(now).isocalendar()
    return f"{year}-W{week:02d}"


def digest_candidates(now: dt.datetime) -> Iterator[Candidate]:
    leads = (
        Person.objects.filter(led_programmes__isnull=False)
        .filter(_wants(Kind.DIGEST))
        .filter(~_already(Kind.DIGEST, "pk", _week(now)))
        .values_list("pk", flat=True)
        .distinct()
    )
    for person_id in leads.iterator(chunk_size=2000):
        yield person_id, person_id, _week(now)


@dataclass
class ProgrammeWeek:
    programme: Programme
    members: int
    suppressed: bool
    circles: int = 0
    meetings_held: int = 0
    meetings_next: int = 0
    # The programme dashboard's headline for the last three months, exactly as this lead sees
    # it there: the digest shows no outcome figure the dashboard's suppression did not decide.
    headline: list[tuple[str, str]] = field(default_factory=list)
    range_label: str = ""


DIGEST_RANGE = "3m"


def programme_week(programme: Programme, now: dt.datetime, viewer: Person) -> ProgrammeWeek:
    """Circle and meeting counts for the last and next seven days, and the dashboard's
    headline; all hidden below the organisation's threshold."""
    members = (
        Membership.objects.filter(circle__programme=programme, left_on__isnull=True)
        .values("person_id")
        .distinct()
        .count()
    )
    threshold = effective_threshold(programme.organisation.min_group_size_for_aggregates)
    week = ProgrammeWeek(programme=programme, members=members, suppressed=members < threshold)
    if week.suppressed:
        return week
    last, next_ = now - dt.timedelta(days=7), now + dt.timedelta(days=7)
    meetings = Meeting.objects.filter(circle__programme=programme)
    week.circles = programme.circles.exclude(status=Circle.Status.CLOSED).count()
    week.meetings_held = meetings.filter(
        status=Meeting.Status.HELD, starts_at__gte=last, starts_at__lt=now
    ).count()
    week.meetings_next = meetings.filter(
        status=Meeting.Status.SCHEDULED, starts_at__gte=now, starts_at__lt=next_
    ).count()
    dashboard = programme_dashboard(
        programme, viewer=viewer, range_key=DIGEST_RANGE, now=now, wait=True
    )
    label = str(dashboard.time_range.label)
    # "Last 3 months" -> "last 3 months" mid-sentence; only the first letter, so that a
    # language that capitalises its nouns keeps them.
    week.range_label = label[:1].lower() + label[1:]
    week.headline = [(metric.label, shown.text) for metric, shown in dashboard.headline()]
    return week


def digest_contents(reminders: list[Reminder], now: dt.datetime) -> dict[int, Content | None]:
    out: dict[int, Content | None] = {}
    for reminder in reminders:
        programmes = list(
            Programme.objects.filter(leads=reminder.person).select_related("organisation")
        )
        if not programmes or reminder.occasion != _week(now):
            out[reminder.pk] = None
            continue
        out[reminder.pk] = Content(
            subject=_("Your circles this week (%(week)s)") % {"week": reminder.occasion},
            template="digest",
            context={
                "weeks": [programme_week(p, now, reminder.person) for p in programmes],
                "url": absolute(reverse("programme_index")),
            },
        )
    return out


@dataclass(frozen=True)
class KindHandler:
    candidates: Callable[[dt.datetime], Iterator[Candidate]]
    contents: Callable[[list[Reminder], dt.datetime], dict[int, Content | None]]


HANDLERS: dict[str, KindHandler] = {
    Kind.INVITATION: KindHandler(invitation_candidates, invitation_contents),
    Kind.MEETING: KindHandler(meeting_candidates, meeting_contents),
    Kind.DUE_SOON: KindHandler(due_soon_candidates, due_soon_contents),
    Kind.OVERDUE: KindHandler(overdue_candidates, overdue_contents),
    Kind.TRANSFER: KindHandler(transfer_candidates, transfer_contents),
    Kind.DIGEST: KindHandler(digest_candidates, digest_contents),
    Kind.ENROLMENT: KindHandler(
        enrolment_reminders.enrolment_candidates, enrolment_reminders.enrolment_contents
    ),
    Kind.ENROL_PLACE: KindHandler(
        enrolment_reminders.place_candidates, enrolment_reminders.place_contents
    ),
    Kind.CONSENT: KindHandler(
        library_reminders.consent_candidates, library_reminders.consent_contents
    ),
    Kind.LIBRARY: KindHandler(
        library_reminders.digest_candidates, library_reminders.digest_contents
    ),
}


def reminders_by_kind(reminders: Iterable[Reminder]) -> dict[str, list[Reminder]]:
    grouped: dict[str, list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        grouped[reminder.kind].append(reminder)
    return grouped
