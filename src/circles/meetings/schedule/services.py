"""Writes about when meetings happen and who holds their roles.

A circle's rhythm generates its meetings ahead; each can then be moved or cancelled on its own.
Roles rotate by ``circles.groups.rotation``: generated meetings get their roles when they are
created, and later meetings are re-planned when a role holder declines, a meeting is cancelled
or two members swap a role. Every change a calendar shows raises the meeting's SEQUENCE.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.groups.models import Circle, Membership
from circles.groups.rotation import ROLES, Turn, next_roles
from circles.groups.selectors import circles_with_content_access, current_member_ids
from circles.lib import events
from circles.lib.bounds import require_date_within
from circles.lib.errors import DomainError
from circles.meetings.models import Attendance, Meeting, MeetingRun
from circles.meetings.schedule.recurrence import Rhythm, RhythmError, check, normalise_rule, slots
from circles.orgs.models import Cadence, Person
from circles.training.selectors import trained_ids

# Generating further ahead than this fills calendars with meetings nobody has thought about.
MAX_AHEAD = 52
MAX_HORIZON = dt.timedelta(days=366)
DEFAULT_AHEAD = 6
_MISSED = {Attendance.Status.ABSENT, Attendance.Status.DECLINED}


@transaction.atomic
def meeting_schedule(
    *,
    circle: Circle,
    starts_at: dt.datetime,
    facilitator: Person | None = None,
    host: Person | None = None,
    note_taker: Person | None = None,
    location: str = "",
    video_url: str = "",
    planned_start: dt.datetime | None = None,
) -> Meeting:
    if starts_at.tzinfo is None:
        raise DomainError(_("A meeting start needs a time zone."), field="starts_at")
    require_date_within(starts_at, field="starts_at")
    members = current_member_ids(circle)
    for role, person, refusal in (
        ("facilitator", facilitator, _("The facilitator must be a member.")),
        ("host", host, _("The host must be a member.")),
        ("note_taker", note_taker, _("The note taker must be a member.")),
    ):
        if person is not None and person.pk not in members:
            raise DomainError(refusal, field=role)
    meeting = Meeting.objects.create(
        organisation_id=circle.organisation_id,
        circle=circle,
        starts_at=starts_at,
        time_zone=circle.time_zone,
        duration_minutes=circle.meeting_minutes,
        agenda_template=circle.programme.agenda_template,
        facilitator=facilitator,
        host=host,
        note_taker=note_taker,
        location=location or circle.location,
        video_url=video_url or circle.video_url,
        planned_start=planned_start or starts_at,
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person_id=person_id) for person_id in sorted(members)
    )
    events.publish([events.meeting_event(events.MEETING_SCHEDULED, meeting)])
    return meeting


def _member_ids(circle: Circle) -> list[int]:
    """Current members in the order they joined: the rotation's fixed order. Among people who
    joined on the same day, those who finished the facilitator training come first, so a new
    circle's first meetings are led by them (the rotation's fairness holds for any order)."""
    rows = list(
        Membership.objects.filter(circle=circle, left_on__isnull=True)
        .order_by("joined_on", "pk")
        .values_list("person_id", "joined_on")
    )
    trained = trained_ids(person for person, _ in rows)
    ordered = sorted(rows, key=lambda row: (row[1], row[0] not in trained))
    return [person for person, _ in ordered]


def _require_accepted_member(circle: Circle, person: Person, refusal: str) -> None:
    """Circle-wide settings are for members who agreed to the circle's ground rules
    (``refusal``: the sentence anyone else reads)."""
    if not circles_with_content_access(person).filter(pk=circle.pk).exists():
        raise DomainError(refusal)


def _require_member(circle: Circle, person: Person, refusal: str) -> None:
    if not Membership.objects.filter(circle=circle, person=person, left_on__isnull=True).exists():
        raise DomainError(refusal)


def _revise(meeting: Meeting, fields: Iterable[str]) -> None:
    """Save a change calendars must pick up: the SEQUENCE grows, LAST-MODIFIED moves."""
    meeting.sequence += 1
    meeting.revised_at = timezone.now()
    meeting.save(update_fields=[*fields, "sequence", "revised_at"])


def _role_ids(meeting: Meeting) -> dict[str, int | None]:
    return {role: getattr(meeting, f"{role}_id") for role in ROLES}


def _turn(meeting: Meeting, members: Sequence[int], statuses: dict[int, str]) -> Turn[int]:
    """What a meeting counts for in the rotation: roles actually held, and who was away."""
    missed = {person for person, status in statuses.items() if status in _MISSED}
    # Someone who joined after the meeting had no row: they were not a member yet.
    outside = frozenset(p for p in members if p not in statuses)
    roles = {role: holder for role, holder in _role_ids(meeting).items() if holder not in missed}
    return Turn(
        roles=roles, unavailable=frozenset(p for p in members if p in missed), outside=outside
    )


def roles_plan(*, circle: Circle, meetings: Iterable[Meeting]) -> list[Meeting]:
    """Give the listed meetings their roles by the rotation, earliest first.

    The history is every earlier meeting of the circle that was not cancelled. Meetings whose
    roles were set by hand keep them. Returns the meetings whose roles changed.
    """
    targets = {meeting.pk for meeting in meetings}
    if not targets:
        return []
    members = _member_ids(circle)
    member_set = set(members)
    timeline = list(
        circle.meetings.exclude(status=Meeting.Status.CANCELLED).order_by("starts_at", "pk")
    )
    statuses: dict[int, dict[int, str]] = {}
    rows = Attendance.objects.filter(meeting__circle=circle).values_list(
        "meeting_id", "person_id", "status"
    )
    for meeting_id, person_id, status in rows:
        statuses.setdefault(meeting_id, {})[person_id] = status
    history: list[Turn[int]] = []
    changed: list[Meeting] = []
    for meeting in timeline:
        seen = statuses.get(meeting.pk, {})
        declined = {p for p, status in seen.items() if status == Attendance.Status.DECLINED}
        holders = _role_ids(meeting)
        # A hand-set role goes back to the rotation when its holder declined or left.
        departed = {h for h in holders.values() if h is not None and h not in member_set}
        keep = meeting.roles_fixed and not (declined | departed) & set(holders.values())
        if meeting.pk in targets and not keep:
            chosen = next_roles(members, history, declined)
            if chosen != holders:
                for role, holder_id in chosen.items():
                    setattr(meeting, f"{role}_id", holder_id)
                # A hand-set role whose holder declined goes back to the rotation.
                meeting.roles_fixed = False
                _revise(meeting, [*ROLES, "roles_fixed"])
                changed.append(meeting)
        history.append(_turn(meeting, members, seen))
    return changed


def _upcoming(circle: Circle, *, after: dt.datetime) -> list[Meeting]:
    return list(
        circle.meetings.filter(status=Meeting.Status.SCHEDULED, starts_at__gt=after).order_by(
            "starts_at", "pk"
        )
    )


@transaction.atomic
def meetings_generate(
    *,
    circle: Circle,
    until: dt.datetime | None = None,
    count: int | None = None,
    now: dt.datetime | None = None,
) -> list[Meeting]:
    """Create the rhythm's meetings ahead: up to ``until`` and/or the next ``count`` slots.

    Idempotent: a slot that already has a meeting (even one moved or cancelled since) is left
    alone, so running it twice creates nothing new. New meetings get their roles by rotation.
    """
    now = now or timezone.now()
    # One generator per circle at a time, so two workers never fill the same slot twice.
    circle = Circle.objects.select_for_update().select_related("programme").get(pk=circle.pk)
    rhythm = circle.rhythm
    if rhythm is None:
        raise DomainError(_("Set the circle's rhythm (first meeting date and time) first."))
    if circle.status == Circle.Status.CLOSED:
        raise DomainError(_("This circle is closed."))
    if until is None and count is None:
        raise DomainError(_("Say how far ahead to plan."))
    if count is not None and not 1 <= count <= MAX_AHEAD:
        raise DomainError(
            _("Plan between 1 and %(most)s meetings ahead.") % {"most": MAX_AHEAD}, field="count"
        )
    if until is not None and until > now + MAX_HORIZON:
        raise DomainError(_("Plan at most a year ahead."), field="until")
    try:
        wanted = slots(rhythm, after=now, until=until, count=count)
    except RhythmError as exc:
        raise DomainError(str(exc)) from exc
    taken = set(
        circle.meetings.filter(planned_start__in=wanted).values_list("planned_start", flat=True)
    )
    created = [
        meeting_schedule(circle=circle, starts_at=slot, planned_start=slot)
        for slot in wanted
        if slot not in taken
    ]
    roles_plan(circle=circle, meetings=created)
    # Not in any calendar yet: a new meeting starts at SEQUENCE 0 whatever planning did.
    Meeting.objects.filter(pk__in=[m.pk for m in created]).update(sequence=0)
    for meeting in created:
        meeting.refresh_from_db()
    return created


@transaction.atomic
def circle_rhythm_set(
    *,
    circle: Circle,
    changed_by: Person,
    cadence: str,
    meeting_time: dt.time,
    first_meeting_on: dt.date,
    time_zone: str,
    meeting_weekday: int | None = None,
    rrule: str = "",
    ahead: int = DEFAULT_AHEAD,
    now: dt.datetime | None = None,
) -> Circle:
    """Set when the circle meets, move its upcoming meetings onto the new rhythm, plan ahead.

    Upcoming meetings are moved (not deleted), so a prepared case and calendar entries stay
    with them; calendars see them move.
    """
    now = now or timezone.now()
    _require_accepted_member(
        circle,
        changed_by,
        _("Only members who accepted the circle's ground rules can change when the circle meets."),
    )
    return _rhythm_apply(
        circle=circle,
        cadence=cadence,
        meeting_time=meeting_time,
        first_meeting_on=first_meeting_on,
        time_zone=time_zone,
        meeting_weekday=meeting_weekday,
        rrule=rrule,
        ahead=ahead,
        now=now,
    )


def _rhythm_apply(
    *,
    circle: Circle,
    cadence: str,
    meeting_time: dt.time,
    first_meeting_on: dt.date,
    time_zone: str,
    meeting_weekday: int | None,
    rrule: str,
    ahead: int,
    now: dt.datetime,
) -> Circle:
    require_date_within(
        first_meeting_on,
        low=now.date() - MAX_HORIZON,
        high=now.date() + MAX_HORIZON,
        field="first_meeting_on",
    )
    if cadence not in Cadence.values:
        raise DomainError(_("Choose weekly, every two weeks or monthly."), field="cadence")
    if meeting_weekday is not None and not 0 <= meeting_weekday <= 6:
        raise DomainError(_("Choose a day of the week."), field="meeting_weekday")
    if time_zone not in zoneinfo.available_timezones():
        raise DomainError(
            _("'%(zone)s' is not a known time zone.") % {"zone": time_zone}, field="time_zone"
        )
    try:
        rule = normalise_rule(rrule) if rrule.strip() else ""
        rhythm = Rhythm(
            cadence=cadence,
            time_zone=time_zone,
            meeting_time=meeting_time.replace(second=0, microsecond=0),
            first_meeting_on=first_meeting_on,
            weekday=meeting_weekday,
            rule=rule,
        )
        check(rhythm, today=now.date())
    except RhythmError as exc:
        raise DomainError(str(exc), field="rrule" if rrule.strip() else None) from exc
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    circle.cadence = cadence
    circle.meeting_time = rhythm.meeting_time
    circle.first_meeting_on = first_meeting_on
    circle.meeting_weekday = meeting_weekday
    circle.rrule = rule
    circle.time_zone = time_zone
    circle.save(
        update_fields=[
            "cadence",
            "meeting_time",
            "first_meeting_on",
            "meeting_weekday",
            "rrule",
            "time_zone",
        ]
    )
    _reslot(circle, rhythm, now=now)
    meetings_generate(circle=circle, count=ahead, now=now)
    return circle


@transaction.atomic
def circle_rhythm_from_best_slot(
    *, circle: Circle, starting: dt.date, ahead: int = DEFAULT_AHEAD, now: dt.datetime | None = None
) -> Circle | None:
    """Give a new circle its programme's cadence at the best time the slot finder proposes
    for its members, from the week of ``starting`` on, and plan its first meetings and roles.

    Returns None (and changes nothing) when no time fits everyone's working hours: the circle
    page then asks its members to choose. Members can change the rhythm afterwards.
    """
    from .selectors import suggested_times

    now = now or timezone.now()
    report = suggested_times(circle, week_of=starting)
    if not report.suggestions:
        return None
    best = report.suggestions[0].local_start
    return _rhythm_apply(
        circle=circle,
        cadence=circle.cadence,
        meeting_time=best.time(),
        first_meeting_on=best.date(),
        time_zone=circle.time_zone,
        meeting_weekday=best.weekday(),
        rrule="",
        ahead=ahead,
        now=now,
    )


def rhythms_plan(*, circle_ids: Sequence[int], starting: dt.date) -> dict[str, int]:
    """Plan many new circles' rhythms from their best slots; counts planned and unplaced."""
    planned = unplaced = 0
    for circle in Circle.objects.filter(pk__in=list(circle_ids)).order_by("pk"):
        if circle_rhythm_from_best_slot(circle=circle, starting=starting) is None:
            unplaced += 1
        else:
            planned += 1
    return {"planned": planned, "unplaced": unplaced}


def _reslot(circle: Circle, rhythm: Rhythm, *, now: dt.datetime) -> None:
    upcoming = _upcoming(circle, after=now)
    if not upcoming:
        return
    kept = set(
        circle.meetings.exclude(pk__in=[m.pk for m in upcoming]).values_list(
            "planned_start", flat=True
        )
    )
    new_slots = [
        s for s in slots(rhythm, after=now, count=len(upcoming) + len(kept)) if s not in kept
    ]
    for meeting, slot in zip(upcoming, new_slots, strict=False):
        if meeting.starts_at == slot and meeting.planned_start == slot:
            continue
        meeting.starts_at = slot
        meeting.planned_start = slot
        meeting.time_zone = circle.time_zone
        _revise(meeting, ["starts_at", "planned_start", "time_zone"])


@transaction.atomic
def meetings_video_link_update(*, circle: Circle, old: str, new: str) -> int:
    """The circle's video link changed: its upcoming meetings that used the old one (or none)
    get the new one, and calendars pick the change up."""
    changed = 0
    upcoming = Meeting.objects.filter(
        circle=circle, status=Meeting.Status.SCHEDULED, starts_at__gt=timezone.now()
    ).filter(Q(video_url=old) | Q(video_url=""))
    for meeting in upcoming.select_for_update():
        meeting.video_url = new
        _revise(meeting, ["video_url"])
        changed += 1
    return changed


@transaction.atomic
def meeting_move(*, meeting: Meeting, starts_at: dt.datetime, moved_by: Person) -> Meeting:
    """Move one meeting; it keeps its planned slot, so adherence still sees the move."""
    _require_member(meeting.circle, moved_by, _("Only members of the circle can move a meeting."))
    if starts_at.tzinfo is None:
        raise DomainError(_("A meeting start needs a time zone."), field="starts_at")
    if meeting.status != Meeting.Status.SCHEDULED:
        raise DomainError(_("Only a scheduled meeting can be moved."))
    if starts_at <= timezone.now():
        raise DomainError(_("Move the meeting to a time in the future."), field="starts_at")
    if starts_at > timezone.now() + MAX_HORIZON:
        raise DomainError(_("Move the meeting to a time within the next year."), field="starts_at")
    if starts_at == meeting.starts_at:
        return meeting
    if meeting.planned_start is None:
        meeting.planned_start = meeting.starts_at
    previous = meeting.starts_at
    meeting.starts_at = starts_at
    _revise(meeting, ["starts_at", "planned_start"])
    events.publish([events.meeting_event(events.MEETING_MOVED, meeting, previous_start=previous)])
    return meeting


def meeting_stewards(meeting: Meeting) -> set[int]:
    """Who may cancel or restore a meeting for the whole circle.

    The meeting's facilitator, host and note taker organise it; when none of them is a current
    member (roles not yet planned, or their holders left), any member may.
    """
    members = set(_member_ids(meeting.circle))
    holders = {holder for holder in _role_ids(meeting).values() if holder in members}
    return holders or members


def _require_steward(
    meeting: Meeting, person: Person, *, not_member: str, not_steward: str
) -> None:
    """``not_member``, ``not_steward``: what someone outside the circle, or a member who is
    not one of the meeting's stewards, reads."""
    _require_member(meeting.circle, person, not_member)
    if person.pk not in meeting_stewards(meeting):
        raise DomainError(not_steward)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, cancelled_by: Person, reason: str = "") -> Meeting:
    """Cancel one meeting for the circle; its role holders keep their turn for the next ones."""
    meeting = Meeting.objects.select_for_update().select_related("circle").get(pk=meeting.pk)
    _require_steward(
        meeting,
        cancelled_by,
        not_member=_("Only members of the circle can cancel it."),
        # Translators: “I cannot come” is the answer a member gives on the meeting page.
        not_steward=_(
            "Only this meeting's facilitator, host or note taker can cancel it; "
            "if you cannot come, say so with “I cannot come”."
        ),
    )
    if meeting.status != Meeting.Status.SCHEDULED:
        raise DomainError(_("Only a scheduled meeting can be cancelled."))
    if MeetingRun.objects.filter(meeting=meeting).exists():
        raise DomainError(_("This meeting has started: it cannot be cancelled any more."))
    if len(reason) > 500:
        raise DomainError(_("Keep the reason under 500 characters."), field="reason")
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancel_reason = reason.strip()
    meeting.cancelled_by = cancelled_by
    meeting.cancelled_at = timezone.now()
    _revise(meeting, ["status", "cancel_reason", "cancelled_by", "cancelled_at"])
    roles_plan(circle=meeting.circle, meetings=_upcoming(meeting.circle, after=meeting.starts_at))
    events.publish([events.meeting_event(events.MEETING_CANCELLED, meeting)])
    return meeting


@transaction.atomic
def meeting_restore(*, meeting: Meeting, restored_by: Person) -> Meeting:
    """Undo a cancellation while the meeting is still ahead; roles are planned again."""
    meeting = Meeting.objects.select_for_update().select_related("circle").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.CANCELLED:
        raise DomainError(_("Only a cancelled meeting can be restored."))
    _require_steward(
        meeting,
        restored_by,
        not_member=_("Only members of the circle can restore it."),
        # Translators: “I cannot come” is the answer a member gives on the meeting page.
        not_steward=_(
            "Only this meeting's facilitator, host or note taker can restore it; "
            "if you cannot come, say so with “I cannot come”."
        ),
    )
    if meeting.starts_at <= timezone.now():
        raise DomainError(
            _("This meeting's time has passed: move it to a new time instead of restoring it.")
        )
    meeting.status = Meeting.Status.SCHEDULED
    meeting.cancel_reason = ""
    meeting.cancelled_by = None
    meeting.cancelled_at = None
    _revise(meeting, ["status", "cancel_reason", "cancelled_by", "cancelled_at"])
    roles_plan(
        circle=meeting.circle,
        meetings=[meeting, *_upcoming(meeting.circle, after=meeting.starts_at)],
    )
    return meeting


@transaction.atomic
def role_swap(*, meeting: Meeting, role: str, to_person: Person, swapped_by: Person) -> Meeting:
    """Hand a role to another member; if they hold another role here, the two exchange.

    Asked by the role's holder or by the member taking it. Later meetings are re-planned, so
    the rotation evens the swap out.
    """
    if role not in ROLES:
        raise DomainError(_("Choose the facilitator, host or note taker role."), field="role")
    circle = meeting.circle
    _require_member(circle, swapped_by, _("Only members of the circle can swap roles."))
    members = set(_member_ids(circle))
    if to_person.pk not in members:
        raise DomainError(_("Roles go to members of the circle."), field="to_person")
    if meeting.status != Meeting.Status.SCHEDULED:
        raise DomainError(_("Roles can change only before a meeting is held."))
    holders = _role_ids(meeting)
    holder = holders[role]
    if swapped_by.pk not in {holder, to_person.pk}:
        raise DomainError(_("Only the role's holder or the member taking it can swap it."))
    if holder == to_person.pk:
        raise DomainError(_("This member already holds that role."), field="to_person")
    if Attendance.objects.filter(
        meeting=meeting, person=to_person, status=Attendance.Status.DECLINED
    ).exists():
        raise DomainError(_("This member has said they cannot come."), field="to_person")
    for other, person_id in holders.items():
        if person_id == to_person.pk:
            setattr(meeting, f"{other}_id", holder)
    setattr(meeting, f"{role}_id", to_person.pk)
    meeting.roles_fixed = True
    _revise(meeting, [*ROLES, "roles_fixed"])
    roles_plan(circle=circle, meetings=_upcoming(circle, after=meeting.starts_at))
    return meeting


@transaction.atomic
def attendance_decline(*, meeting: Meeting, person: Person, declining: bool = True) -> Meeting:
    """A member says they cannot come (or can after all); a declined role passes on."""
    _require_member(
        meeting.circle, person, _("Only members of the circle can answer for a meeting.")
    )
    if meeting.status != Meeting.Status.SCHEDULED:
        raise DomainError(_("Only an upcoming meeting can be declined."))
    status = Attendance.Status.DECLINED if declining else Attendance.Status.EXPECTED
    Attendance.objects.update_or_create(meeting=meeting, person=person, defaults={"status": status})
    if declining and person.pk in _role_ids(meeting).values():
        later = _upcoming(meeting.circle, after=meeting.starts_at)
        roles_plan(circle=meeting.circle, meetings=[meeting, *later])
        meeting.refresh_from_db()
    return meeting
