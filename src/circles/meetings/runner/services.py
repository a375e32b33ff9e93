"""The meeting runner: the live state of a meeting as it happens, and its question storm.

Every change is a POST through these services and lands on the server (``MeetingRun``), so a
reload, a second screen or a dropped phone connection all show the same step and the same
remaining time. Questions and notes are one row each, so two people typing at once never
overwrite each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.groups.models import Membership
from circles.languages import formats
from circles.lib.errors import DomainError
from circles.meetings.models import (
    AgendaStep,
    Attendance,
    Case,
    Meeting,
    MeetingRun,
    Question,
    RoundMode,
)
from circles.meetings.runner import plan as runner_plan
from circles.orgs.models import Person


def _member_ids(meeting: Meeting) -> set[int]:
    return set(
        Membership.objects.filter(circle_id=meeting.circle_id, left_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )


def _require_member(meeting: Meeting, person: Person) -> set[int]:
    members = _member_ids(meeting)
    if person.pk not in members:
        raise DomainError(_("Only members of the circle can run its meetings."))
    return members


def agenda_steps_of(meeting: Meeting) -> list[AgendaStep]:
    if meeting.agenda_template_id is None:
        return []
    return list(AgendaStep.objects.filter(template_id=meeting.agenda_template_id))


def _go_round_order(meeting: Meeting, members: set[int]) -> list[int]:
    """Those expected, alphabetically, starting after the facilitator: the facilitator speaks
    last, so they do not set the tone."""
    rows = (
        Attendance.objects.filter(meeting=meeting, person_id__in=members)
        .exclude(status__in=[Attendance.Status.DECLINED, Attendance.Status.ABSENT])
        .order_by("person__full_name", "person_id")
        .values_list("person_id", flat=True)
    )
    order = list(rows) or sorted(members)
    if meeting.facilitator_id in order:
        at = order.index(meeting.facilitator_id)
        order = order[at + 1 :] + order[: at + 1]
    return order


def _clients(meeting: Meeting, order: list[int], wanted: int) -> list[int]:
    first = [meeting.case_giver_id] if meeting.case_giver_id in order else []
    rest = [pid for pid in order if pid not in first]
    return (first + rest)[: max(1, wanted)]


# Starting further ahead of the planned time than this asks for a confirmation first.
EARLY_START = dt.timedelta(hours=12)
# A finished meeting can be reopened for this long, to correct a "Finish" pressed too soon.
REOPEN_WINDOW = dt.timedelta(hours=12)


class EarlyStart(DomainError):
    """The meeting is planned for later: starting it now needs a confirmation."""


@transaction.atomic
def run_start(*, meeting: Meeting, started_by: Person, early_ok: bool = False) -> MeetingRun:
    """Open the runner for a meeting; opening it again returns the run already under way.

    A meeting started well before its planned time is being held now: once confirmed, its
    start moves to now, so calendars, the pulse that follows it and cadence adherence (which
    compares with the planned slot) all see when it really happened.
    """
    members = _require_member(meeting, started_by)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise DomainError(_("This meeting was cancelled."))
    existing = MeetingRun.objects.select_for_update().filter(meeting=meeting).first()
    if existing is not None:
        return existing
    now = timezone.now()
    if meeting.starts_at - now > EARLY_START:
        if not early_ok:
            # The circle's own clock, as its members agreed it (naive: not the viewer's zone).
            local = meeting.local_start.replace(tzinfo=None)
            raise EarlyStart(
                _(
                    "This meeting is planned for %(date)s at %(time)s. Start it now anyway? "
                    "Its date then moves to today for everyone."
                )
                % {
                    "date": formats.format_local_date(local, "MMMMEEEEd"),
                    "time": formats.format_local_time(local),
                }
            )
        if meeting.planned_start is None:
            meeting.planned_start = meeting.starts_at
        meeting.starts_at = now.replace(second=0, microsecond=0)
        meeting.sequence += 1
        meeting.revised_at = now
        meeting.save(update_fields=["starts_at", "planned_start", "sequence", "revised_at"])
    order = _go_round_order(meeting, members)
    planned = meeting.agenda_template.planned_clients if meeting.agenda_template else 1
    return MeetingRun.objects.create(
        meeting=meeting,
        step_started_at=timezone.now(),
        go_round=order,
        clients=_clients(meeting, order, planned),
    )


def _locked(run: MeetingRun, expected_version: int | None) -> MeetingRun:
    locked = MeetingRun.objects.select_for_update().get(pk=run.pk)
    if locked.finished_at is not None:
        raise DomainError(_("This meeting has finished."))
    if expected_version is not None and locked.version != expected_version:
        raise DomainError(
            _("Someone else moved the meeting on a moment ago: this is where it is now.")
        )
    return locked


def _save(run: MeetingRun, fields: Sequence[str]) -> MeetingRun:
    run.version += 1
    run.save(update_fields=[*fields, "version"])
    return run


def current_stop(run: MeetingRun) -> runner_plan.Stop:
    return runner_plan.Stop(run.step_index, run.round_position)


@transaction.atomic
def run_move(
    *, run: MeetingRun, moved_by: Person, steps: int, expected_version: int | None = None
) -> MeetingRun:
    """Go forward (positive) or back (negative) through the agenda's stops.

    ``expected_version`` is the version the screen showed: when two people press "next" at
    once, the second press is refused instead of skipping a step.
    """
    _require_member(run.meeting, moved_by)
    locked = _locked(run, expected_version)
    modes = [step.round_mode for step in agenda_steps_of(run.meeting)]
    before = current_stop(locked)
    after = runner_plan.move(modes, len(locked.go_round), len(locked.clients), before, steps)
    if after == before:
        if steps > 0:
            raise DomainError(_("This is the last step: finish the meeting when you are done."))
        raise DomainError(_("This is the first step."))
    # Whoever held the turn in a member round has now spoken.
    if (
        steps > 0
        and before.step_index < len(modes)
        and modes[before.step_index] == RoundMode.EACH_MEMBER
        and before.round_position < len(locked.go_round)
    ):
        speaker = locked.go_round[before.round_position]
        if speaker not in locked.spoken:
            locked.spoken = [*locked.spoken, speaker]
    locked.step_index, locked.round_position = after.step_index, after.round_position
    locked.step_started_at = timezone.now()
    return _save(locked, ["step_index", "round_position", "step_started_at", "spoken"])


@transaction.atomic
def run_restart_timer(*, run: MeetingRun, by: Person) -> MeetingRun:
    _require_member(run.meeting, by)
    locked = _locked(run, None)
    locked.step_started_at = timezone.now()
    return _save(locked, ["step_started_at"])


@transaction.atomic
def run_move_earlier(*, run: MeetingRun, by: Person, person_id: int) -> MeetingRun:
    """Move a person one place earlier in the go-round order."""
    _require_member(run.meeting, by)
    locked = _locked(run, None)
    order = list(locked.go_round)
    if person_id not in order:
        raise DomainError(_("That person is not in the go-round."), field="person")
    at = order.index(person_id)
    if at == 0:
        return locked
    order[at - 1], order[at] = order[at], order[at - 1]
    locked.go_round = order
    return _save(locked, ["go_round"])


@transaction.atomic
def run_mark_spoken(*, run: MeetingRun, by: Person, person_id: int) -> MeetingRun:
    _require_member(run.meeting, by)
    locked = _locked(run, None)
    if person_id not in locked.go_round:
        raise DomainError(_("That person is not in the go-round."), field="person")
    if person_id not in locked.spoken:
        locked.spoken = [*locked.spoken, person_id]
        _save(locked, ["spoken"])
    return locked


@transaction.atomic
def run_set_clients(*, run: MeetingRun, by: Person, client_ids: Sequence[int]) -> MeetingRun:
    """Who brings a case, in order, for steps repeated per client."""
    members = _require_member(run.meeting, by)
    chosen = list(dict.fromkeys(client_ids))
    if not chosen:
        raise DomainError(_("Choose at least one client."), field="clients")
    if any(pid not in members for pid in chosen):
        raise DomainError(_("Every client must be a member of the circle."), field="clients")
    locked = _locked(run, None)
    locked.clients = chosen
    return _save(locked, ["clients"])


@transaction.atomic
def run_finish(*, run: MeetingRun, by: Person) -> MeetingRun:
    """Close the run and hand the roles on.

    The upcoming meetings' roles are planned again by the rotation, now that this meeting's
    attendance is known (who was absent keeps their turn). Then the next meeting without a case
    giver gets the member whose last case is longest ago, who is prompted to prepare it.
    Attendance itself is recorded with the attendance service, which marks the meeting held.
    """
    _require_member(run.meeting, by)
    locked = _locked(run, None)
    locked.finished_at = timezone.now()
    _save(locked, ["finished_at"])
    _hand_roles_on(run.meeting)
    return locked


@transaction.atomic
def run_reopen(*, run: MeetingRun, by: Person) -> MeetingRun:
    """Undo "Finish" pressed too soon: the meeting carries on at the step it was at."""
    _require_member(run.meeting, by)
    locked = MeetingRun.objects.select_for_update().get(pk=run.pk)
    if locked.finished_at is None:
        raise DomainError(_("This meeting has not finished."))
    if timezone.now() - locked.finished_at > REOPEN_WINDOW:
        raise DomainError(_("This meeting finished too long ago to reopen."))
    locked.finished_at = None
    locked.step_started_at = timezone.now()
    return _save(locked, ["finished_at", "step_started_at"])


def can_reopen(run: MeetingRun | None, now: dt.datetime | None = None) -> bool:
    if run is None or run.finished_at is None:
        return False
    return (now or timezone.now()) - run.finished_at <= REOPEN_WINDOW


def _hand_roles_on(meeting: Meeting) -> None:
    from circles.meetings.record.preparation import suggest_case_giver
    from circles.meetings.schedule.services import roles_plan

    upcoming = list(
        Meeting.objects.select_for_update()
        .filter(
            circle_id=meeting.circle_id,
            starts_at__gt=meeting.starts_at,
            status=Meeting.Status.SCHEDULED,
        )
        .order_by("starts_at", "pk")
    )
    roles_plan(circle=meeting.circle, meetings=upcoming)
    following = upcoming[0] if upcoming else None
    if following is not None and following.case_giver_id is None:
        following.case_giver_id = suggest_case_giver(following)
        following.save(update_fields=["case_giver"])


@transaction.atomic
def question_ask(*, case: Case, asked_by: Person, text: str) -> Question:
    """Add one question to a case's question storm (each question is its own row)."""
    meeting = case.meeting
    if asked_by.pk not in _member_ids(meeting):
        raise DomainError(_("Only members of the circle can add questions."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise DomainError(_("This meeting was cancelled."))
    if MeetingRun.objects.filter(meeting=meeting, finished_at__isnull=False).exists():
        raise DomainError(_("The meeting has finished: its question storm is closed."))
    text = text.strip()
    if not text:
        raise DomainError(_("Write the question first."), field="text")
    if len(text) > 1000:
        raise DomainError(_("Keep a question under 1000 characters."), field="text")
    return Question.objects.create(case=case, asked_by=asked_by, text=text)


# --- what the runner shows ---------------------------------------------------------------


@dataclass
class Turn:
    step: AgendaStep | None
    number: int
    total_stops: int
    person_id: int | None
    person_label: str
    timebox_seconds: int
    started_at: dt.datetime
    steps: list[AgendaStep] = field(default_factory=list)

    @property
    def ends_at(self) -> dt.datetime:
        return self.started_at + dt.timedelta(seconds=self.timebox_seconds)

    def remaining_seconds(self, now: dt.datetime) -> int:
        return int((self.ends_at - now).total_seconds())


def turn_of(run: MeetingRun, steps: list[AgendaStep], names: dict[int, str]) -> Turn:
    """The current step, whose turn it is, and its timebox."""
    modes = [s.round_mode for s in steps]
    stop = current_stop(run)
    number, total = runner_plan.progress(modes, len(run.go_round), len(run.clients), stop)
    step = steps[stop.step_index] if stop.step_index < len(steps) else None
    person_id: int | None = None
    label = ""
    if step is not None:
        if step.round_mode == RoundMode.EACH_MEMBER and stop.round_position < len(run.go_round):
            person_id = run.go_round[stop.round_position]
            # Translators: whose turn it is in a round, e.g. "Speaking now: Ana Silva".
            label = _("Speaking now: %(name)s")
        elif step.round_mode == RoundMode.EACH_CLIENT and stop.round_position < len(run.clients):
            person_id = run.clients[stop.round_position]
            # Translators: whose turn it is in a step repeated per client, e.g.
            # "Client 1 of 3: Ana Silva".
            label = _("Client %(number)s of %(total)s: %(name)s")
        elif step.lead_role == "case_giver" and run.meeting.case_giver_id:
            person_id = run.meeting.case_giver_id
            label = _("Case giver: %(name)s")
    values = {
        "name": names.get(person_id, "") if person_id else "",
        "number": stop.round_position + 1,
        "total": len(run.clients),
    }
    return Turn(
        step=step,
        number=number,
        total_stops=total,
        person_id=person_id,
        person_label=label % values if person_id else "",
        timebox_seconds=(step.minutes * 60) if step else 0,
        started_at=run.step_started_at,
        steps=steps,
    )


def quiet_people(run: MeetingRun, asker_ids: set[int], case_giver_ids: set[int]) -> list[int]:
    """People present who have neither asked a question nor had their turn in a round yet."""
    return [
        pid
        for pid in run.go_round
        if pid not in asker_ids and pid not in run.spoken and pid not in case_giver_ids
    ]


@transaction.atomic
def meeting_agenda_choose(*, meeting: Meeting, by: Person, template_id: int) -> Meeting:
    """Pick the agenda of one meeting (the kickoff agenda for a first meeting, say) among the
    programme's templates and the built-ins, before the meeting starts running."""
    from django.db.models import Q

    from circles.meetings.models import AgendaTemplate

    _require_member(meeting, by)
    if MeetingRun.objects.filter(meeting=meeting).exists():
        raise DomainError(_("The meeting is already running: its agenda stays as it is."))
    template = (
        AgendaTemplate.objects.filter(organisation_id=meeting.organisation_id, pk=template_id)
        .filter(
            Q(programme_id=meeting.circle.programme_id)
            | (Q(programme__isnull=True) & ~Q(builtin_key=""))
        )
        .first()
    )
    if template is None:
        raise DomainError(_("Choose one of the programme's agendas."), field="template")
    meeting.agenda_template = template
    meeting.save(update_fields=["agenda_template"])
    return meeting


def is_first_meeting(meeting: Meeting) -> bool:
    return (
        not Meeting.objects.filter(circle_id=meeting.circle_id, starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .exists()
    )
