"""A circle's meetings and what each held one leaves behind, for the scale seeder: attendance,
a case with its question storm, notes, a commitment, follow-ups of earlier commitments (every
outcome, some left open), check-ins, pulses, feedback ratings and the runner's record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from circles import demo_content as words
from circles.feedback.models import FeedbackRating, Pulse
from circles.growth.models import (
    Commitment,
    CommitmentCheckIn,
    FollowUp,
    LearningTransferCheck,
    Outcome,
)
from circles.meetings.models import Attendance, Case, Meeting, MeetingRun, Note, Question
from circles.meetings.schedule.recurrence import Rhythm, slots, to_utc

from .base import SeedState

OUTCOMES = [Outcome.DONE, Outcome.PARTLY, Outcome.NOT_DONE, Outcome.DROPPED, None]
OUTCOME_WEIGHTS = [5, 2, 1, 1, 1]
CHECK_IN_STATES = [s for s, _ in CommitmentCheckIn.State.choices]
UPDATES = [
    "Booked the conversation for Thursday; preparing two examples.",
    "Tried it once in the stand-up, mixed reactions, will try again.",
    "Not started yet: the release took the whole week.",
    "Halfway there: talked to one of the two people already.",
]


class MeetingHistory(SeedState):
    def _slots(self, rhythm: Rhythm, ends: dt.date | None) -> list[dt.datetime]:
        """Held slots up to the end (or now), then four planned ahead for a running circle."""
        after = to_utc(rhythm.dtstart, rhythm.zone) - dt.timedelta(minutes=1)
        if rhythm.cadence != "monthly":
            step = dt.timedelta(weeks=1 if rhythm.cadence == "weekly" else 2)
            found = []
            local = rhythm.dtstart
            until = (
                dt.datetime.combine(ends, dt.time(0), dt.UTC) if ends else self.now
            ) + dt.timedelta(weeks=0 if ends else 8)
            zone = rhythm.zone
            while (moment := to_utc(local, zone)) <= until:
                found.append(moment)
                local += step
        else:
            until = (
                dt.datetime.combine(ends, dt.time(0), dt.UTC)
                if ends
                else self.now + dt.timedelta(weeks=17)
            )
            found = slots(rhythm, after=after, until=until)
        if ends is None:
            past = [s for s in found if s <= self.now]
            found = past + [s for s in found if s > self.now][:4]
        return found

    def _meetings(
        self,
        circle: int,
        programme: int,
        members: list[int],
        rhythm: Rhythm,
        ends: dt.date | None,
    ) -> None:
        rng = self.rng
        starts = self._slots(rhythm, ends)
        if not starts:
            return
        meetings = self.writer(
            Meeting,
            [
                "id",
                "organisation_id",
                "circle_id",
                "starts_at",
                "time_zone",
                "duration_minutes",
                "status",
                "video_url",
                "agenda_template_id",
                "facilitator_id",
                "host_id",
                "note_taker_id",
                "case_giver_id",
                "created_at",
                "planned_start",
                "sequence",
                "revised_at",
                "cancel_reason",
                "cancelled_by_id",
                "cancelled_at",
            ],
        )
        first = self.keys.take(Meeting, len(starts))
        size = len(members)
        open_commitments: list[list[Any]] = []  # [id, owner, due_on, made_at] still open
        commitments: list[list[Any]] = []
        last_held: tuple[int, list[int], dt.datetime] | None = None
        for number, starts_at in enumerate(starts):
            pk = first + number
            past = starts_at <= self.now
            cancelled = past and rng.random() < 0.04
            status = (
                Meeting.Status.CANCELLED
                if cancelled
                else Meeting.Status.HELD
                if past
                else Meeting.Status.SCHEDULED
            )
            roles = [members[(number + k) % size] for k in range(4)]
            meetings.add(
                (
                    pk,
                    self.org.pk,
                    circle,
                    starts_at,
                    rhythm.time_zone,
                    60,
                    status,
                    f"https://meet.{self.domain}/c{circle}",
                    self.template.pk,
                    roles[0],
                    roles[1],
                    roles[2],
                    roles[3],
                    starts_at - dt.timedelta(days=21),
                    starts_at,
                    0,
                    starts_at - dt.timedelta(days=21),
                    "Half of us are at the offsite." if cancelled else "",
                    roles[0] if cancelled else None,
                    starts_at - dt.timedelta(days=2) if cancelled else None,
                )
            )
            present = self._attendance(pk, members, status)
            if status == Meeting.Status.HELD and len(present) >= 2:
                self._held(pk, circle, starts_at, roles, present, open_commitments, commitments)
                last_held = (pk, present, starts_at)
        self._commitments(circle, commitments)
        if last_held and ends is None:
            self._run(*last_held)

    def _attendance(self, meeting: int, members: list[int], status: str) -> list[int]:
        writer = self.writer(Attendance, ["id", "meeting_id", "person_id", "status"])
        first = self.keys.take(Attendance, len(members))
        present = []
        for k, person in enumerate(members):
            draw = self.rng.random()
            if status == Meeting.Status.SCHEDULED:
                state = Attendance.Status.DECLINED if draw < 0.05 else Attendance.Status.EXPECTED
            elif status == Meeting.Status.CANCELLED:
                state = Attendance.Status.EXPECTED
            else:
                state = (
                    Attendance.Status.ABSENT
                    if draw < 0.10
                    else Attendance.Status.DECLINED
                    if draw < 0.15
                    else Attendance.Status.ATTENDED
                )
            if state == Attendance.Status.ATTENDED:
                present.append(person)
            writer.add((first + k, meeting, person, state))
        return present

    def _held(
        self,
        meeting: int,
        circle: int,
        starts_at: dt.datetime,
        roles: list[int],
        present: list[int],
        open_commitments: list[list[Any]],
        commitments: list[list[Any]],
    ) -> None:
        rng = self.rng
        giver = roles[3] if roles[3] in present else present[0]
        kind, title, situation, help_wanted = words.CASES[rng.randrange(len(words.CASES))]
        case = self.keys.take(Case)
        after = starts_at + dt.timedelta(minutes=10)
        self.writer(
            Case,
            [
                "id",
                "meeting_id",
                "giver_id",
                "kind",
                "title",
                "situation",
                "help_wanted",
                "created_at",
            ],
        ).add((case, meeting, giver, kind, title, situation, help_wanted, after))
        askers = [p for p in present if p != giver]
        questions = self.writer(Question, ["id", "case_id", "asked_by_id", "text", "created_at"])
        count = rng.randint(3, 5)
        first_question = self.keys.take(Question, count)
        for k in range(count):
            questions.add(
                (
                    first_question + k,
                    case,
                    askers[k % len(askers)],
                    words.QUESTIONS[rng.randrange(len(words.QUESTIONS))],
                    after + dt.timedelta(minutes=k),
                )
            )
        notes = self.writer(Note, ["id", "meeting_id", "author_id", "body", "created_at"])
        for k in range(rng.choice([1, 1, 2])):
            notes.add(
                (
                    self.keys.take(Note),
                    meeting,
                    roles[2],
                    words.NOTES[rng.randrange(len(words.NOTES))],
                    after + dt.timedelta(minutes=30 + k),
                )
            )
        # Follow up what fell due since the last meeting; some stay open (then overdue).
        day = starts_at.date()
        for commitment in [c for c in open_commitments if c[2] <= day]:
            outcome = rng.choices(OUTCOMES, weights=OUTCOME_WEIGHTS)[0]
            if outcome is None:
                continue
            open_commitments.remove(commitment)
            commitment[4] = outcome
            commitment[5] = (meeting, roles[0], starts_at + dt.timedelta(minutes=5))
        made = [
            self.keys.take(Commitment),
            giver,
            day + dt.timedelta(days=rng.choice([10, 13, 14, 20])),
            meeting,
            Commitment.Status.OPEN,
            None,
            case,
        ]
        open_commitments.append(made)
        commitments.append(made)
        self._feedback(meeting, starts_at, giver, present)

    def _feedback(
        self, meeting: int, starts_at: dt.datetime, giver: int, present: list[int]
    ) -> None:
        rng = self.rng
        pulses = self.writer(
            Pulse,
            [
                "id",
                "organisation_id",
                "meeting_id",
                "person_id",
                "safety",
                "usefulness",
                "created_at",
            ],
        )
        answered = starts_at + dt.timedelta(hours=2)
        for person in present:
            if rng.random() < 0.6:
                pulses.add(
                    (
                        self.keys.take(Pulse),
                        self.org.pk,
                        meeting,
                        person,
                        rng.choice([3, 4, 4, 5, 5]),
                        rng.choice([2, 3, 4, 4, 5]),
                        answered,
                    )
                )
        if rng.random() < 0.7:
            self.writer(
                FeedbackRating,
                [
                    "id",
                    "organisation_id",
                    "meeting_id",
                    "giver_id",
                    "specific",
                    "observable",
                    "impact",
                    "actionable",
                    "comment",
                    "created_at",
                ],
            ).add(
                (
                    self.keys.take(FeedbackRating),
                    self.org.pk,
                    meeting,
                    giver,
                    rng.randint(3, 5),
                    rng.randint(2, 5),
                    rng.randint(3, 5),
                    rng.randint(2, 5),
                    "The questions about assumptions helped most." if rng.random() < 0.3 else "",
                    answered,
                )
            )

    def _commitments(self, circle: int, commitments: list[list[Any]]) -> None:
        if not commitments:
            return
        rng = self.rng
        writer = self.writer(
            Commitment,
            [
                "id",
                "organisation_id",
                "circle_id",
                "owner_id",
                "made_at_id",
                "case_id",
                "goal_id",
                "action",
                "due_on",
                "status",
                "created_at",
            ],
        )
        follow_ups = self.writer(
            FollowUp,
            [
                "id",
                "commitment_id",
                "meeting_id",
                "outcome",
                "reflection",
                "recorded_by_id",
                "created_at",
            ],
        )
        check_ins = self.writer(
            CommitmentCheckIn,
            ["id", "commitment_id", "author_id", "update", "percent", "state", "created_at"],
        )
        transfers = self.writer(
            LearningTransferCheck,
            [
                "id",
                "organisation_id",
                "commitment_id",
                "owner_id",
                "due_on",
                "answered_at",
                "applied",
                "how",
                "effect",
                "created_at",
            ],
        )
        for pk, owner, due_on, made_at, status, closed, case in commitments:
            made_on = due_on - dt.timedelta(days=14)
            created = dt.datetime.combine(made_on, dt.time(12), dt.UTC)
            goal = self.goal_of.get(owner) if rng.random() < 0.3 else None
            writer.add(
                (
                    pk,
                    self.org.pk,
                    circle,
                    owner,
                    made_at,
                    case,
                    goal,
                    words.ACTIONS[rng.randrange(len(words.ACTIONS))],
                    due_on,
                    status,
                    created,
                )
            )
            if rng.random() < 0.5:
                check_ins.add(
                    (
                        self.keys.take(CommitmentCheckIn),
                        pk,
                        owner,
                        UPDATES[rng.randrange(len(UPDATES))],
                        rng.choice([None, 25, 50, 75]),
                        rng.choice(CHECK_IN_STATES),
                        created + dt.timedelta(days=5),
                    )
                )
            if closed is None:
                continue
            meeting, recorder, at = closed
            follow_ups.add(
                (
                    self.keys.take(FollowUp),
                    pk,
                    meeting,
                    status,
                    words.REFLECTIONS[status],
                    recorder,
                    at,
                )
            )
            check_due = at.date() + dt.timedelta(days=28)
            if status in {Outcome.DONE, Outcome.PARTLY} and check_due <= self.today:
                answered = rng.random() < 0.6
                transfers.add(
                    (
                        self.keys.take(LearningTransferCheck),
                        self.org.pk,
                        pk,
                        owner,
                        check_due,
                        at + dt.timedelta(days=30) if answered else None,
                        (rng.random() < 0.7) if answered else None,
                        "I used the same opening in two other conversations." if answered else "",
                        "The team brings issues earlier now." if answered else "",
                        at,
                    )
                )

    def _run(self, meeting: int, present: list[int], starts_at: dt.datetime) -> None:
        """The live runner's state of a circle's latest meeting; one in ten still open."""
        still_open = self.rng.random() < 0.1
        self.writer(
            MeetingRun,
            [
                "id",
                "meeting_id",
                "step_index",
                "round_position",
                "step_started_at",
                "go_round",
                "clients",
                "spoken",
                "version",
                "started_at",
                "finished_at",
            ],
        ).add(
            (
                self.keys.take(MeetingRun),
                meeting,
                2,
                1,
                starts_at + dt.timedelta(minutes=15),
                present,
                present[:1],
                present[:2],
                7,
                starts_at,
                None if still_open else starts_at + dt.timedelta(minutes=60),
            )
        )
