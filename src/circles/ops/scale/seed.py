"""A large, realistic organisation for measuring pages and queries at the scale DESIGN.md
section 7 promises: `circles seed --people N --years Y`.

About 0.15 circles per person (15,000 for 100,000 people) in a dozen programmes, each circle
with a rhythm and its history: closed circles that ran one cycle, circles of the current
cycle, rolling circles that met the whole time. Held meetings carry attendance, a case with its
question storm, notes, a commitment, follow-ups of earlier commitments (every outcome, some
left open), check-ins, pulses and feedback ratings; people have development plans and goals,
learning-transfer checks and reminders already sent; one large programme takes enrolments.
Rows are written in bulk (see writer.py), confidential text encrypted value by value as the
app does. Deterministic for a given seed, relative to now.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils.text import slugify

from circles import demo_content as words
from circles.accounts.models import User
from circles.enrolment.models import Enrolment, EnrolmentSettings
from circles.groups.models import Circle, Membership
from circles.growth.models import DevelopmentPlan, Goal
from circles.meetings.agenda.services import agenda_template_create_default
from circles.meetings.models import Meeting
from circles.meetings.schedule.recurrence import Rhythm
from circles.notify.models import Kind, Reminder
from circles.orgs.models import Organisation, Person, Programme, Role
from circles.orgs.services import organisation_create

from .base import Progress
from .history import MeetingHistory
from .writer import reset_sequences

# Every seeded login signs in with this password (one hash for all: hashing 100,000 would
# take hours, and the data set is for measuring, never for real people).
SEED_PASSWORD = "circles-seed"
LOCATIONS = {
    **words.LOCATIONS,
    "São Paulo": "America/Sao_Paulo",
    "Bangalore": "Asia/Kolkata",
    "Sydney": "Australia/Sydney",
    "Madrid": "Europe/Madrid",
}
TREES = ["Aspen", "Birch", "Cedar", "Juniper", "Linden", "Maple", "Rowan", "Willow", "Alder"]
GOAL_TITLES = [
    ("Lead a difficult conversation calmly", "listening, framing", "I stay on topic and curious"),
    ("Delegate the weekly report", "delegation, trust", "I review it once, not rewrite it"),
    ("Speak up in leadership meetings", "influence, clarity", "I make one proposal a meeting"),
    ("Coach my team instead of solving", "coaching", "I ask before I suggest"),
]


@dataclass
class SeedResult:
    organisation: Organisation
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@dataclass
class _Member:
    person: int
    zone: str


class _Seeder(MeetingHistory):
    """Writes the organisation, its people and programmes, then each circle with its history
    (``MeetingHistory``), then plans, enrolment and reminders."""

    # The organisation and its people ---------------------------------------------------------

    def organisation(self, slug: str) -> Organisation:
        organisation = organisation_create(name=f"Scale {self.n:,} people", slug=slug)
        # Addresses at <slug>.example: several seeded organisations can share a database.
        self.domain = f"{slug}.example"
        organisation.email_domains = [self.domain]
        organisation.save(update_fields=["email_domains"])
        self.org = organisation
        self.template = agenda_template_create_default(organisation=organisation)
        return organisation

    def people(self) -> None:
        self.progress.phase("people and logins", self.n)
        n = self.n
        first_user = self.keys.take(User, n)
        first_person = self.keys.take(Person, n)
        self.person_ids = list(range(first_person, first_person + n))
        password = make_password(SEED_PASSWORD)
        users = self.writer(
            User, ["id", "email", "password", "is_active", "date_joined", "session_generation"]
        )
        people = self.writer(
            Person,
            [
                "id",
                "organisation_id",
                "user_id",
                "role",
                "employee_id",
                "full_name",
                "email",
                "department",
                "job_family",
                "level",
                "location",
                "time_zone",
                "work_starts_at",
                "work_ends_at",
                "start_date",
                "manager_id",
                "languages",
                "development_interests",
                "is_active",
                "deactivated_at",
                "source",
            ],
        )
        departments = list(words.DEPARTMENTS)
        locations = list(LOCATIONS)
        firsts, lasts = words.FIRST_NAMES, words.LAST_NAMES
        rng = self.rng
        self.zone_of: dict[int, str] = {}
        self.active: list[int] = []
        self.admins: list[int] = []
        self.leads: list[int] = []
        for i in range(n):
            first, last = firsts[i % len(firsts)], lasts[(i // len(firsts)) % len(lasts)]
            # Teams of 8 under one manager, managers under a head of 64, and so on up.
            manager = next(
                (i // step * step for step in (8, 64, 512, 4096, 32768) if i % step),
                None,
            )
            team = i // 512
            department = departments[team % len(departments)]
            location = locations[(team * 3 + i // 64) % len(locations)]
            zone = LOCATIONS[location]
            role = Role.ADMIN if i < 3 else Role.LEAD if i < 6 or i % 400 == 7 else Role.MEMBER
            active = i < 6 or rng.random() > 0.02
            pk = first_person + i
            email = f"{slugify(first)}.{slugify(last)}.{i}@{self.domain}"
            users.add(
                (first_user + i, email, password, active, self.start, 0),
            )
            level = 1 + (6 if i % 512 == 0 else 4 if i % 64 == 0 else 2 if i % 8 == 0 else 0)
            people.add(
                (
                    pk,
                    self.org.pk,
                    first_user + i,
                    role,
                    f"E{i:07d}",
                    f"{first} {last}",
                    email,
                    department,
                    words.DEPARTMENTS[department][i % len(words.DEPARTMENTS[department])],
                    min(20, level + rng.randrange(0, 2)),
                    location,
                    zone,
                    dt.time(7 + i % 4, 0),
                    dt.time(15 + i % 4, 30),
                    self.today - dt.timedelta(days=30 + rng.randrange(0, 365 * 12)),
                    None if manager is None else first_person + manager,
                    rng.sample(words.LANGUAGES, k=1 + i % 3),
                    rng.sample(words.INTERESTS, k=2),
                    active,
                    None if active else self.now - dt.timedelta(days=rng.randrange(1, 300)),
                    Person.Source.IMPORT,
                )
            )
            self.zone_of[pk] = zone
            if active:
                self.active.append(pk)
            if role == Role.ADMIN:
                self.admins.append(pk)
            elif role == Role.LEAD:
                self.leads.append(pk)
            if i % 5000 == 4999:
                self.progress.advance(5000)
        self.progress.advance(n % 5000)
        self.flush_all()

    # Programmes ------------------------------------------------------------------------------

    def programmes(self) -> None:
        count = max(3, self.n // 8000)
        self.progress.phase("programmes", count)
        first = self.keys.take(Programme, count)
        writer = self.writer(
            Programme,
            [
                "id",
                "organisation_id",
                "name",
                "kind",
                "purpose",
                "objective",
                "cadence",
                "agenda_template_id",
                "ground_rules",
                "starts_on",
                "cycle_weeks",
            ],
        )
        leads = Programme.leads.through
        lead_rows = self.writer(leads, ["id", "programme_id", "person_id"])
        first_lead_row = self.keys.take(leads, count * 3)
        self.programme_ids = list(range(first, first + count))
        lead_pool = self.leads or self.admins
        for index, pk in enumerate(self.programme_ids):
            writer.add(
                (
                    pk,
                    self.org.pk,
                    "Company-wide circles" if index == 0 else f"Circles {index:02d}",
                    Programme.Kind.ROLLING if index % 3 == 0 else Programme.Kind.PILOT,
                    "Help colleagues learn from each other's real situations.",
                    "Grow leadership capability from within.",
                    "biweekly",
                    self.template.pk,
                    "What is said here stays here.\nWe ask before we advise.",
                    self.start.date(),
                    26,
                )
            )
            chosen = {lead_pool[(index * 3 + k) % len(lead_pool)] for k in range(3)}
            for k, lead in enumerate(sorted(chosen)):
                lead_rows.add((first_lead_row + index * 3 + k, pk, lead))
            self.progress.advance(1)
        self.flush_all()

    # Circles and their history ---------------------------------------------------------------

    def circles(self) -> None:
        count = max(1, round(self.n * 0.15))
        self.progress.phase("circles with their history", count)
        self.writer(
            Circle,
            [
                "id",
                "organisation_id",
                "programme_id",
                "name",
                "status",
                "purpose",
                "ground_rules",
                "cadence",
                "meeting_minutes",
                "time_zone",
                "video_url",
                "meeting_weekday",
                "meeting_time",
                "first_meeting_on",
                "created_at",
            ],
        )
        first = self.keys.take(Circle, count)
        pool = list(self.active)
        self.rng.shuffle(pool)
        cursor = 0
        for c in range(count):
            size = self.rng.randint(5, 8)
            members = [pool[(cursor + k) % len(pool)] for k in range(min(size, len(pool)))]
            cursor += size
            self._circle(first + c, c, members)
            if c % 100 == 99:
                self.progress.advance(100)
        self.progress.advance(count % 100)
        self.flush_all()

    def _circle(self, pk: int, index: int, members: list[int]) -> None:
        rng = self.rng
        span = (self.now - self.start).days
        shape = rng.random()
        if shape < 0.10 or span < 200:  # rolling: met the whole time
            first_day = self.start.date() + dt.timedelta(days=rng.randrange(0, 56))
            ends: dt.date | None = None
        elif shape < 0.55:  # this cycle
            first_day = self.today - dt.timedelta(days=rng.randrange(7, 182))
            ends = None
        else:  # one cycle, closed since
            first_day = self.start.date() + dt.timedelta(days=rng.randrange(0, max(1, span - 200)))
            ends = first_day + dt.timedelta(weeks=26)
        cadence = rng.choices(["weekly", "biweekly", "monthly"], weights=[1, 7, 2])[0]
        zone = self.zone_of[members[0]]
        meeting_time = dt.time(rng.choice([9, 10, 11, 14, 15]), rng.choice([0, 30]))
        programme = self.programme_ids[index % len(self.programme_ids)]
        status = Circle.Status.CLOSED if ends else Circle.Status.ACTIVE
        self.writers[Circle].add(
            (
                pk,
                self.org.pk,
                programme,
                f"{TREES[index % len(TREES)]} {index + 1}",
                status,
                "Learning from each other's real situations.",
                "We keep what is said here confidential.\nWe ask before we advise.",
                cadence,
                60,
                zone,
                f"https://meet.{self.domain}/c{index + 1}",
                first_day.weekday(),
                meeting_time,
                first_day,
                dt.datetime.combine(first_day - dt.timedelta(days=14), dt.time(9), dt.UTC),
            )
        )
        joined = first_day - dt.timedelta(days=7)
        self._memberships(pk, members, joined, ends)
        rhythm = Rhythm(
            cadence=cadence, time_zone=zone, meeting_time=meeting_time, first_meeting_on=first_day
        )
        self._meetings(pk, programme, members, rhythm, ends)

    def _memberships(
        self, circle: int, members: list[int], joined: dt.date, ends: dt.date | None
    ) -> None:
        writer = self.writer(
            Membership,
            [
                "id",
                "circle_id",
                "person_id",
                "role",
                "joined_on",
                "left_on",
                "ground_rules_accepted_at",
                "expectations",
            ],
        )
        first = self.keys.take(Membership, len(members))
        accepted = dt.datetime.combine(joined + dt.timedelta(days=8), dt.time(12), dt.UTC)
        for k, person in enumerate(members):
            writer.add(
                (
                    first + k,
                    circle,
                    person,
                    Membership.Role.CONVENER if k == 0 else Membership.Role.MEMBER,
                    joined,
                    ends,
                    accepted if self.rng.random() < 0.95 else None,
                    "To hear how others handle the same pressure." if k % 2 else "",
                )
            )

    # Plans, enrolment, reminders -------------------------------------------------------------

    def plans(self) -> None:
        """Development plans for four people in ten, before the circles so that commitments
        can serve their goals."""
        owners = [p for p in self.active if self.rng.random() < 0.4]
        self.progress.phase("development plans and goals", len(owners))
        plans = self.writer(
            DevelopmentPlan, ["id", "organisation_id", "owner_id", "summary", "created_at"]
        )
        goals = self.writer(
            Goal,
            [
                "id",
                "plan_id",
                "title",
                "skills",
                "evidence",
                "status",
                "shared_with_circle",
                "created_at",
            ],
        )
        self.goal_of = {}
        statuses = [s for s, _ in Goal.Status.choices]
        first = self.keys.take(DevelopmentPlan, len(owners))
        for k, owner in enumerate(owners):
            created = self.start + dt.timedelta(days=self.rng.randrange(0, 300))
            plans.add((first + k, self.org.pk, owner, "Grow into leading a larger team.", created))
            for g in range(self.rng.randint(1, 3)):
                title, skills, evidence = GOAL_TITLES[(k + g) % len(GOAL_TITLES)]
                goal = self.keys.take(Goal)
                self.goal_of.setdefault(owner, goal)
                goals.add(
                    (
                        goal,
                        first + k,
                        title,
                        skills,
                        evidence,
                        statuses[(k + g) % len(statuses)],
                        self.rng.random() < 0.3,
                        created,
                    )
                )
            if k % 1000 == 999:
                self.progress.advance(1000)
        self.progress.advance(len(owners) % 1000)
        self.flush_all()

    def enrolment(self) -> None:
        """The large programme takes enrolments from everyone: one in five enrolled."""
        programme = self.programme_ids[0]
        enrolled = [p for p in self.active if self.rng.random() < 0.2]
        self.progress.phase("enrolments of the large programme", len(enrolled))
        EnrolmentSettings.objects.create(
            organisation=self.org,
            programme_id=programme,
            status=EnrolmentSettings.Status.OPEN,
            audience=EnrolmentSettings.Audience.EVERYONE,
            opened_at=self.now - dt.timedelta(days=20),
        )
        writer = self.writer(
            Enrolment,
            [
                "id",
                "organisation_id",
                "programme_id",
                "person_id",
                "status",
                "answered_at",
                "queued_at",
                "development_interests",
                "languages",
                "meeting_times",
                "created_at",
                "updated_at",
            ],
        )
        first = self.keys.take(Enrolment, len(enrolled))
        for k, person in enumerate(enrolled):
            at = self.now - dt.timedelta(days=self.rng.randrange(0, 20), minutes=k % 1440)
            writer.add(
                (
                    first + k,
                    self.org.pk,
                    programme,
                    person,
                    Enrolment.Status.ENROLLED,
                    at,
                    at,
                    self.rng.sample(words.INTERESTS, k=2),
                    ["English"],
                    ["tue-morning", "thu-afternoon"],
                    at,
                    at,
                )
            )
            if k % 1000 == 999:
                self.progress.advance(1000)
        self.progress.advance(len(enrolled) % 1000)
        self.flush_all()

    def reminders(self) -> None:
        """What the sweep sent in the last eight weeks: each member's meeting reminders and
        the overdue notes, so a sweep run on the data set sends nothing twice."""
        since = self.now - dt.timedelta(weeks=8)
        meetings = list(
            Meeting.objects.filter(
                circle__organisation=self.org,
                status=Meeting.Status.HELD,
                starts_at__gte=since,
                starts_at__lte=self.now,
            ).values_list("pk", "circle_id", "starts_at")
        )
        self.progress.phase("reminders sent", len(meetings))
        members: dict[int, list[int]] = {}
        for circle, person in Membership.objects.filter(
            circle__organisation=self.org, left_on__isnull=True
        ).values_list("circle_id", "person_id"):
            members.setdefault(circle, []).append(person)
        writer = self.writer(
            Reminder,
            [
                "id",
                "kind",
                "object_id",
                "person_id",
                "occasion",
                "state",
                "attempts",
                "enqueued_at",
                "sent_at",
                "message_id",
            ],
        )
        for k, (meeting, circle, starts_at) in enumerate(meetings):
            occasion = starts_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")
            sent = starts_at - dt.timedelta(hours=24)
            for person in members.get(circle, []):
                pk = self.keys.take(Reminder)
                writer.add(
                    (
                        pk,
                        Kind.MEETING,
                        meeting,
                        person,
                        occasion,
                        Reminder.State.SENT,
                        1,
                        sent,
                        sent,
                        f"<reminder-{pk}@{self.domain}>",
                    )
                )
            if k % 1000 == 999:
                self.progress.advance(1000)
        self.progress.advance(len(meetings) % 1000)
        self.flush_all()


PHASES = ("people", "programmes", "plans", "circles", "enrolment", "reminders")


def seed(
    *,
    people: int = 100_000,
    years: float = 2,
    slug: str = "scale",
    seed: int = 15,
    progress: Progress | None = None,
) -> SeedResult:
    """Create the organisation ``slug`` with ``people`` people and ``years`` of history."""
    if people < 10:
        raise ValueError("seed at least 10 people")
    seeder = _Seeder(people=people, years=years, seed=seed, progress=progress or Progress())
    result = SeedResult(organisation=Organisation())
    with transaction.atomic():
        result.organisation = seeder.organisation(slug)
        for phase in PHASES:
            started = time.perf_counter()
            step: Callable[[], None] = getattr(seeder, phase)
            step()
            result.seconds[phase] = time.perf_counter() - started
        started = time.perf_counter()
        reset_sequences(seeder.writers)
        result.seconds["sequences"] = time.perf_counter() - started
    # Planner statistics for the new rows: without them PostgreSQL plans the first queries as
    # if the tables were empty (sequential scans of millions of rows) until autovacuum runs.
    # VACUUM also marks the new pages all-visible, so counts can read indexes alone; it cannot
    # run inside a transaction (a test's), where ANALYZE alone does.
    started = time.perf_counter()
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    result.seconds["analyze"] = time.perf_counter() - started
    result.rows = dict(seeder.rows)
    return result
