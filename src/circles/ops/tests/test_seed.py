"""`circles seed`: a consistent organisation in every table, fast enough to measure at scale."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from circles.feedback.models import FeedbackRating, Pulse
from circles.groups.models import Circle, Membership
from circles.growth.models import Commitment, CommitmentCheckIn, FollowUp, Goal
from circles.lib.confidential import PREFIX
from circles.meetings.models import Attendance, Case, Meeting, MeetingRun, Note, Question
from circles.notify.models import Reminder
from circles.notify.services import sweep
from circles.ops.scale.seed import SEED_PASSWORD, seed
from circles.orgs.models import Person

pytestmark = pytest.mark.django_db


def test_it_fills_every_table_with_consistent_rows():
    result = seed(people=120, years=1)
    org = result.organisation
    assert Person.objects.filter(organisation=org).count() == 120
    assert Circle.objects.filter(organisation=org).count() == 18
    assert Meeting.objects.filter(organisation=org).exists()
    assert Commitment.objects.filter(organisation=org).exists()
    for table in (Attendance, Case, Question, Note, FollowUp, CommitmentCheckIn, Goal):
        assert table.objects.exists(), table
    assert Pulse.objects.exists()
    assert FeedbackRating.objects.exists()
    assert MeetingRun.objects.exists()
    assert Reminder.objects.filter(state=Reminder.State.SENT).exists()
    # Every commitment state, held and planned meetings, closed and running circles.
    assert set(Commitment.objects.values_list("status", flat=True)) == set(Commitment.Status)
    assert {Meeting.Status.HELD, Meeting.Status.SCHEDULED} <= set(
        Meeting.objects.values_list("status", flat=True)
    )
    assert set(Circle.objects.values_list("status", flat=True)) == {"active", "closed"}
    # Memberships end with closed circles; confidential text is encrypted and reads back.
    assert not Membership.objects.filter(circle__status="closed", left_on__isnull=True).exists()
    assert Case.objects.earliest("pk").title
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM meetings_case LIMIT 1")
        assert cursor.fetchone()[0].startswith(PREFIX)
    # The counts printed are the rows written.
    assert result.rows["meetings_meeting"] == Meeting.objects.count()
    # A new row after the seed gets a key past the seeded ones.
    person = Person.objects.create(organisation=org, full_name="After", email="after@x.example")
    assert person.pk > max(Person.objects.exclude(pk=person.pk).values_list("pk", flat=True))


def test_a_sweep_over_the_seeded_history_sends_nothing_twice():
    seed(people=60, years=1)
    meeting_reminders = Reminder.objects.filter(kind="meeting")
    sent = set(meeting_reminders.values_list("object_id", "person_id", "occasion"))
    result = sweep()
    # Only meetings of the next hours are new; none of the seeded history is recorded again.
    assert sent <= set(meeting_reminders.values_list("object_id", "person_id", "occasion"))
    assert result.recorded.get("meeting", 0) + len(sent) == meeting_reminders.count()


def test_seeded_people_sign_in_with_the_seed_password(client):
    seed(people=30, years=0.5)
    email = Person.objects.filter(role="member").earliest("pk").email
    answer = client.post("/accounts/login/", {"username": email, "password": SEED_PASSWORD})
    assert answer.status_code == 302


def test_the_command_prints_rows_per_table_and_refuses_a_second_run(capsys):
    call_command("seed", "--people", "20", "--years", "0.3", "--organisation", "tiny")
    output = capsys.readouterr().out
    assert "meetings_attendance" in output
    assert "rows in" in output
    with pytest.raises(Exception, match="already exists"):
        call_command("seed", "--people", "20", "--years", "0.3", "--organisation", "tiny")
