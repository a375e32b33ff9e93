"""A realistic demo organisation: people, a pilot programme, circles and three months of history.

Deterministic for a given seed, and relative to today so that the next meetings are always ahead.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from circles import demo_content as words
from circles.groups.models import Circle, Membership
from circles.groups.services import circle_create
from circles.growth.models import Commitment, FollowUp, Outcome
from circles.meetings.models import Attendance, Case, Meeting, Note, Question
from circles.meetings.schedule.services import meeting_schedule
from circles.orgs.models import Organisation, Person, Programme, Role
from circles.orgs.people.services import person_create
from circles.orgs.services import organisation_create, programme_create

DEMO_SLUG = "northwind"
DEMO_PASSWORD = "circles-demo"
DEMO_DOMAIN = "northwind.example"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    name: str


DEMO_LOGINS = (
    DemoLogin("Organisation admin", f"admin@{DEMO_DOMAIN}", "Amira Haddad"),
    DemoLogin("Programme lead", f"lead@{DEMO_DOMAIN}", "Ben Okafor"),
    DemoLogin("Facilitator of the next meeting", f"facilitator@{DEMO_DOMAIN}", "Chiara Rossi"),
    DemoLogin("Member", f"member@{DEMO_DOMAIN}", "Dmitri Volkov"),
)


def demo_exists() -> bool:
    return Organisation.objects.filter(slug=DEMO_SLUG).exists()


def _local(day: dt.date, hour: int, zone: str) -> dt.datetime:
    # Built as local wall-clock time so that the meeting keeps its hour across DST changes.
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=zoneinfo.ZoneInfo(zone))


def _create_people(organisation: Organisation, rng: random.Random) -> list[Person]:
    departments = list(words.DEPARTMENTS)
    locations = list(words.LOCATIONS)
    logins = {login.name: login for login in DEMO_LOGINS}
    people: list[Person] = []
    today = timezone.localdate()
    for index, (first, last) in enumerate(zip(words.FIRST_NAMES, words.LAST_NAMES, strict=True)):
        name = f"{first} {last}"
        department = departments[index % len(departments)]
        location = locations[(index * 5 + index // 8) % len(locations)]
        login = logins.get(name)
        role = Role.MEMBER
        if login and login.role.startswith("Organisation"):
            role = Role.ADMIN
        elif login and login.role.startswith("Programme"):
            role = Role.LEAD
        level = 1 + (index * 7) % 6
        person = person_create(
            organisation=organisation,
            full_name=name,
            email=login.email if login else f"{slugify(first)}.{slugify(last)}@{DEMO_DOMAIN}",
            role=role,
            password=DEMO_PASSWORD if login else None,
            department=department,
            job_family=words.DEPARTMENTS[department][index % len(words.DEPARTMENTS[department])],
            level=level,
            location=location,
            time_zone=words.LOCATIONS[location],
            work_starts_at=dt.time(8 + index % 3, 0),
            work_ends_at=dt.time(16 + index % 3, 30),
            start_date=today - dt.timedelta(days=90 + rng.randrange(0, 365 * 9)),
            languages=rng.sample(words.LANGUAGES, k=1 + index % 3),
            development_interests=rng.sample(words.INTERESTS, k=2),
        )
        people.append(person)
    # Managers: the most senior person of each department manages its others.
    by_department: dict[str, list[Person]] = {}
    for person in people:
        by_department.setdefault(person.department, []).append(person)
    for staff in by_department.values():
        head = max(staff, key=lambda p: (p.level, -p.pk))
        for person in staff:
            if person is not head:
                person.manager = head
    Person.objects.bulk_update(people, ["manager"])
    return people


def _circle_members(people: list[Person], circle_count: int) -> list[list[Person]]:
    """Deal people round-robin by department, so every circle mixes departments and locations,
    and never put a manager with a direct report."""
    by_login = {p.email: p for p in people}
    facilitator = by_login[f"facilitator@{DEMO_DOMAIN}"]
    member = by_login[f"member@{DEMO_DOMAIN}"]
    ordered = sorted(people, key=lambda p: (p.department, p.level, p.pk))
    groups: list[list[Person]] = [[] for _ in range(circle_count)]
    # The demo facilitator and member share the first circle, so the journeys meet.
    groups[0] = [facilitator, member]
    placed = {facilitator.pk, member.pk}
    cursor = 0
    for person in ordered:
        if person.pk in placed or person.role == Role.ADMIN:
            continue
        for attempt in range(circle_count):
            group = groups[(cursor + attempt) % circle_count]
            clash = any(
                other.manager_id == person.pk or person.manager_id == other.pk for other in group
            )
            if not clash and len(group) < 7:
                group.append(person)
                break
        cursor += 1
    return groups


CIRCLE_NAMES = ["Aspen", "Birch", "Cedar", "Juniper", "Linden", "Maple", "Rowan", "Willow", "Alder"]


@transaction.atomic
def create_demo(seed: int = 7) -> Organisation:
    rng = random.Random(seed)
    organisation = organisation_create(name="Northwind Logistics", slug=DEMO_SLUG)
    people = _create_people(organisation, rng)
    lead = next(p for p in people if p.role == Role.LEAD)
    programme = programme_create(
        organisation=organisation,
        name="Leadership circles pilot",
        purpose="Help new and experienced leads learn from each other's real situations.",
        objective="Grow leadership capability from within, across departments and sites.",
        leads=[lead],
        starts_on=timezone.localdate() - dt.timedelta(weeks=13),
    )
    for index, members in enumerate(_circle_members(people, len(CIRCLE_NAMES))):
        zone = members[0].time_zone
        circle = circle_create(
            programme=programme,
            name=CIRCLE_NAMES[index],
            members=members,
            time_zone=zone,
            video_url=f"https://meet.{DEMO_DOMAIN}/{CIRCLE_NAMES[index].lower()}",
            joined_on=programme.starts_on,
        )
        Membership.objects.filter(circle=circle).update(
            ground_rules_accepted_at=timezone.now() - dt.timedelta(weeks=12)
        )
        _create_history(circle, members, rng, index=index)
    # Outcomes: pulses, feedback ratings and a closed questionnaire round.
    from circles.feedback.demo import create_feedback_demo

    create_feedback_demo(programme, seed=seed, demo_member_email=f"member@{DEMO_DOMAIN}")
    # Case preparation: who shares the case at each circle's next meeting.
    from circles.meetings.record.demo import create_case_giver_demo

    create_case_giver_demo(programme, demo_member_email=f"member@{DEMO_DOMAIN}")
    # Between meetings: development plans, check-ins, learning-transfer checks, email settings.
    from circles.growth.demo import create_growth_demo

    create_growth_demo(programme, seed=seed, demo_member_email=f"member@{DEMO_DOMAIN}")
    # Rhythms, meetings planned ahead with rotating roles, a move, a cancellation, feeds.
    from circles.meetings.schedule.demo import create_schedule_demo

    create_schedule_demo(programme, demo_emails=[login.email for login in DEMO_LOGINS])
    # The network: a library, stories in every consent state, two networks, onboarding circles.
    from circles.library.demo import create_library_demo

    create_library_demo(organisation, programme, domain=DEMO_DOMAIN)
    return organisation


def _create_history(
    circle: Circle, members: list[Person], rng: random.Random, *, index: int
) -> None:
    first_circle = index == 0
    today = timezone.localdate()
    start_day = today - dt.timedelta(weeks=13) + dt.timedelta(days=index % 4)
    hour = 10 if circle.time_zone.startswith(("Europe", "Asia")) else 11
    rotation = list(members)
    rng.shuffle(rotation)
    if first_circle:
        # The demo facilitator facilitates the next meeting of the first circle.
        facilitator = members[0]
        rotation.remove(facilitator)
    meetings: list[Meeting] = []
    for number in range(9):
        day = start_day + dt.timedelta(weeks=2 * number)
        role_holders = [rotation[(number + k) % len(rotation)] for k in range(3)]
        starts_at = _local(day, hour, circle.time_zone)
        is_past = starts_at < timezone.now()
        if first_circle and not is_past and not any(m.starts_at > timezone.now() for m in meetings):
            role_holders[0] = facilitator
        meeting = meeting_schedule(
            circle=circle,
            starts_at=starts_at,
            facilitator=role_holders[0],
            host=role_holders[1],
            note_taker=role_holders[2],
        )
        meetings.append(meeting)
        if is_past:
            _fill_past_meeting(meeting, members, role_holders, number + index, rng)


def _fill_past_meeting(
    meeting: Meeting, members: list[Person], roles: list[Person], number: int, rng: random.Random
) -> None:
    absent = {p.pk for p in rng.sample(members, k=rng.choice([0, 0, 1, 1, 2]))}
    rows = list(meeting.attendances.all())
    for row in rows:
        row.status = Attendance.Status.ABSENT if row.person_id in absent else "attended"
    Attendance.objects.bulk_update(rows, ["status"])
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status"])
    present = [p for p in members if p.pk not in absent]
    giver = present[(number * 3) % len(present)]
    demo_member = next((p for p in present if p.email == f"member@{DEMO_DOMAIN}"), None)
    if demo_member is not None and number % 2 == 0:
        # The demo member brings every other case, so their commitments show every state.
        giver = demo_member
    kind, title, situation, help_wanted = words.CASES[
        (number + meeting.circle_id) % len(words.CASES)
    ]
    case = Case.objects.create(
        meeting=meeting,
        giver=giver,
        kind=kind,
        title=title,
        situation=situation,
        help_wanted=help_wanted,
    )
    askers = [p for p in present if p.pk != giver.pk]
    Question.objects.bulk_create(
        Question(case=case, asked_by=askers[i % len(askers)], text=text)
        for i, text in enumerate(rng.sample(words.QUESTIONS, k=4))
    )
    Note.objects.create(meeting=meeting, author=roles[2], body=rng.choice(words.NOTES))
    # Follow up the open commitments from earlier meetings of this circle.
    for commitment in Commitment.objects.filter(
        circle_id=meeting.circle_id,
        status=Commitment.Status.OPEN,
        due_on__lte=meeting.starts_at.date(),
    ):
        outcome = rng.choices(
            [Outcome.DONE, Outcome.PARTLY, Outcome.NOT_DONE, Outcome.DROPPED, None],
            weights=[5, 2, 1, 1, 1],
        )[0]
        if outcome is None:
            continue  # left open: it shows up as overdue
        FollowUp.objects.create(
            commitment=commitment,
            meeting=meeting,
            outcome=outcome,
            reflection=words.REFLECTIONS[outcome],
            recorded_by=roles[0],
        )
        commitment.status = outcome
        commitment.save(update_fields=["status"])
    Commitment.objects.create(
        organisation_id=meeting.organisation_id,
        circle_id=meeting.circle_id,
        owner=giver,
        made_at=meeting,
        case=case,
        action=words.ACTIONS[number % len(words.ACTIONS)],
        due_on=meeting.starts_at.date() + dt.timedelta(days=rng.choice([10, 13, 14, 20])),
    )


def demo_programme() -> Programme | None:
    """The demo's pilot (the demo also runs a new-hire programme, made later)."""
    return Programme.objects.filter(organisation__slug=DEMO_SLUG).order_by("pk").first()


@transaction.atomic
def reset_demo(seed: int = 7) -> Organisation:
    """The demo organisation as new: it, its people's logins and all they did are deleted, then
    created again. Other organisations in the database are left alone."""
    from circles.accounts.models import User

    old = Organisation.objects.filter(slug=DEMO_SLUG).first()
    if old is not None:
        user_ids = list(old.people.exclude(user=None).values_list("user_id", flat=True))
        old.delete()
        User.objects.filter(pk__in=user_ids).delete()
    return create_demo(seed=seed)
