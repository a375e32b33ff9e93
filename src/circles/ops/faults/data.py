"""The battery's side inside Django: it seeds a fresh database and reads the results back.

Run as ``python -m circles.ops.faults.data COMMAND`` with the battery's environment, so that it
works on whichever database DATABASE_URL names; it answers JSON on standard output.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from email import message_from_bytes
from typing import Any

import django


def seed(clients: int) -> dict[str, Any]:
    """An organisation whose members sit in circles of five, each circle with an upcoming
    meeting holding a case under way, and one open commitment per member to check in on."""
    from django.contrib.auth.hashers import make_password
    from django.test import override_settings
    from django.utils import timezone

    from circles.accounts.models import User
    from circles.growth.commitments.services import commitment_create
    from circles.meetings.models import Case
    from circles.meetings.record.services import case_record
    from circles.meetings.runner.services import run_start
    from circles.orgs.models import Role
    from circles.testing import make_circle, make_org, make_person, make_programme, schedule

    org = make_org("Fault Battery")
    lead = make_person(org, "Lena Lead", role=Role.LEAD, login=False)
    programme = make_programme(org, [lead], min_circle_size=2)
    # One real password hash for every writer: hashing is deliberately slow, and seeding is
    # not what the battery measures (signing in, which checks it, is).
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        members = [make_person(org, f"Writer {n:03}") for n in range(clients)]
    password = "fault-battery-password"
    User.objects.filter(pk__in=[m.user_id for m in members]).update(
        password=make_password(password)
    )
    logins: list[dict[str, Any]] = []
    for start in range(0, clients, 5):
        group = members[start : start + 5]
        circle = make_circle(programme, group)
        meeting = schedule(circle, days=3, facilitator=group[0])
        case = case_record(
            meeting=meeting,
            giver=group[0],
            recorded_by=group[0],
            kind=Case.Kind.SITUATION,
            title="A case for the question storm",
            situation="What happened.",
        )
        run_start(meeting=meeting, started_by=group[0], early_ok=True)
        for person in group:
            commitment = commitment_create(
                meeting=meeting,
                owner=person,
                recorded_by=person,
                action="Check in on this every day",
                due_on=timezone.localdate() + dt.timedelta(days=30),
                case=case,
            )
            logins.append(
                {
                    "email": person.email,
                    "password": password,
                    "person": person.pk,
                    "meeting": meeting.pk,
                    "commitment": commitment.pk,
                }
            )
    return {"logins": logins, "programme": programme.pk}


def make_reminder_due(programme_id: int, people: int, meetings: int = 1) -> dict[str, Any]:
    """New circles whose first meeting is inside the reminder window: their reminders are due
    now, as if a lead had just scheduled them."""
    import zoneinfo

    from django.conf import settings
    from django.utils import timezone

    from circles.meetings.models import Meeting
    from circles.meetings.schedule.services import meeting_schedule
    from circles.orgs.models import Programme
    from circles.orgs.people.services import person_create
    from circles.testing import make_circle

    programme = Programme.objects.get(pk=programme_id)
    org = programme.organisation
    made: list[Meeting] = []
    readers: list[int] = []
    taken = org.people.filter(full_name__startswith="Reader ").count()
    for index in range(meetings):
        group = [
            person_create(
                organisation=org,
                full_name=f"Reader {taken + n}",
                email=f"reader{taken + n}@{org.slug}.example",
            )
            for n in range(people)
        ]
        taken += people
        circle = make_circle(programme, group, name=f"Reminder circle {taken}")
        starts = timezone.now() + dt.timedelta(
            hours=settings.CIRCLES_MEETING_REMINDER_HOURS - 1, minutes=index
        )
        made.append(
            meeting_schedule(
                circle=circle, starts_at=starts.astimezone(zoneinfo.ZoneInfo(circle.time_zone))
            )
        )
        readers += [p.pk for p in group]
    return {"meeting": made[0].pk, "meetings": [m.pk for m in made], "people": readers}


def reminders(meeting_ids: list[int]) -> dict[str, Any]:
    """The meetings' reminders by state, and how many emails the mailbox holds for each."""
    from circles.notify.mailbox import mailbox_folder
    from circles.notify.models import Kind, Reminder

    rows = list(Reminder.objects.filter(kind=Kind.MEETING, object_id__in=meeting_ids))
    by_message_id: dict[str, int] = {}
    for path in mailbox_folder().glob("*.eml"):
        message_id = str(message_from_bytes(path.read_bytes()).get("Message-ID", ""))
        by_message_id[message_id] = by_message_id.get(message_id, 0) + 1
    states: dict[str, int] = {}
    for row in rows:
        states[row.state] = states.get(row.state, 0) + 1
    delivered = [by_message_id.get(row.message_id, 0) for row in rows if row.message_id]
    return {
        "rows": len(rows),
        "states": states,
        "emailed": sum(1 for n in delivered if n),
        "duplicates": sum(n - 1 for n in delivered if n > 1),
    }


def tasks() -> dict[str, Any]:
    """Which worker ran each finished task: how many per worker, and any task claimed twice."""
    from django_tasks_db.models import DBTaskResult

    by_worker: dict[str, int] = {}
    claimed_twice = []
    statuses: dict[str, int] = {}
    for pk, path, status, workers in DBTaskResult.objects.values_list(
        "pk", "task_path", "status", "worker_ids"
    ):
        statuses[status] = statuses.get(status, 0) + 1
        for worker in workers:
            by_worker[worker] = by_worker.get(worker, 0) + 1
        if len(workers) > 1:
            claimed_twice.append({"task": str(pk), "path": path, "workers": workers})
    return {"by_worker": by_worker, "claimed_twice": claimed_twice, "statuses": statuses}


def verify(writes: list[dict[str, Any]]) -> dict[str, Any]:
    """Which acknowledged writes (kind and unique text) the database does not hold."""
    from circles.growth.models import Commitment, CommitmentCheckIn
    from circles.meetings.models import Note, Question

    stored = {
        "note": {n.body for n in Note.objects.all()},
        "question": {q.text for q in Question.objects.all()},
        "commitment": {c.action for c in Commitment.objects.all()},
        "check_in": {c.update for c in CommitmentCheckIn.objects.all()},
    }
    missing = [w for w in writes if w["text"] not in stored[w["kind"]]]
    return {"checked": len(writes), "missing": missing}


def main(argv: list[str]) -> None:
    django.setup()
    command, *args = argv
    if command == "seed":
        result = seed(int(args[0]))
    elif command == "due":
        result = make_reminder_due(int(args[0]), int(args[1]), *map(int, args[2:3]))
    elif command == "reminders":
        result = reminders([int(pk) for pk in args[0].split(",")])
    elif command == "tasks":
        result = tasks()
    elif command == "verify":
        result = verify(json.loads(sys.stdin.read()))
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "circles.settings")
    main(sys.argv[1:])
