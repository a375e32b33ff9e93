from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from circles.accounts.models import User
from circles.demo import DEMO_LOGINS, DEMO_PASSWORD, create_demo
from circles.groups.models import Circle, Membership
from circles.growth.models import Commitment
from circles.meetings.models import Meeting
from circles.orgs.models import Organisation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> Organisation:
    return create_demo()


def test_it_creates_a_realistic_organisation(demo):
    people = Person.objects.filter(organisation=demo)
    # Sixty people in the pilot, and twelve who started in the last weeks (onboarding).
    assert people.count() == 72
    assert people.values("department").distinct().count() >= 6
    assert people.values("location").distinct().count() >= 5
    assert people.values("time_zone").distinct().count() >= 5
    assert people.values("level").distinct().count() >= 5
    assert 8 <= Circle.objects.filter(organisation=demo).count() <= 10


def test_every_commitment_state_appears_and_history_spans_three_months(demo):
    statuses = set(Commitment.objects.values_list("status", flat=True))
    assert statuses == {"open", "done", "partly", "not_done", "dropped"}
    assert any(c.is_overdue for c in Commitment.objects.filter(status="open"))
    held = Meeting.objects.filter(status=Meeting.Status.HELD)
    first, last = held.order_by("starts_at").first(), held.order_by("starts_at").last()
    assert first is not None
    assert last is not None
    assert (last.starts_at - first.starts_at).days >= 75
    assert Meeting.objects.filter(starts_at__gt=timezone.now()).count() >= 9


def test_no_manager_shares_a_circle_with_a_direct_report(demo):
    for circle in Circle.objects.filter(organisation=demo):
        members = Person.objects.filter(memberships__circle=circle, memberships__left_on=None)
        ids = {p.pk for p in members}
        assert not any(p.manager_id in ids for p in members), circle.name


def test_demo_logins_work_and_the_facilitator_runs_the_next_meeting(demo, client):
    for login in DEMO_LOGINS:
        assert client.login(email=login.email, password=DEMO_PASSWORD), login.email
    facilitator = Person.objects.get(email=DEMO_LOGINS[2].email)
    member = Person.objects.get(email=DEMO_LOGINS[3].email)
    circle = Membership.objects.get(person=facilitator).circle
    assert Membership.objects.filter(circle=circle, person=member).exists()
    next_meeting = circle.meetings.filter(starts_at__gt=timezone.now()).order_by("starts_at")[0]
    assert next_meeting.facilitator == facilitator


def test_the_command_is_idempotent_and_respects_other_data(capsys):
    call_command("demo")
    call_command("demo")
    assert Organisation.objects.count() == 1
    assert "member@northwind.example" in capsys.readouterr().out


def test_if_empty_leaves_a_database_with_other_organisations_alone(capsys):
    from circles.testing import make_org

    make_org()
    call_command("demo", "--if-empty")
    assert Organisation.objects.count() == 1
    assert "no demo data added" in capsys.readouterr().out


def test_it_is_deterministic_for_a_seed():
    create_demo(seed=3)
    first = list(Commitment.objects.order_by("pk").values_list("status", "due_on"))
    Organisation.objects.all().delete()
    User.objects.all().delete()
    create_demo(seed=3)
    assert list(Commitment.objects.order_by("pk").values_list("status", "due_on")) == first


def test_reset_demo_starts_the_demo_afresh_and_leaves_other_organisations(settings, tmp_path):
    from circles.meetings.models import Note
    from circles.testing import make_org, make_person

    other = make_org("Acme")
    make_person(other, "Ada Other")
    create_demo()
    dmitri = Person.objects.get(email=DEMO_LOGINS[3].email)
    meeting = Membership.objects.filter(person=dmitri).get().circle.meetings.all()[0]
    Note.objects.create(meeting=meeting, author=dmitri, body="Added while trying the demo")
    assert dmitri.user is not None
    dmitri.user.set_password("changed-by-hand")
    dmitri.user.save()
    settings.EMAIL_BACKEND = "circles.notify.mailbox.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    (tmp_path / "old.eml").write_text("x")

    call_command("demo", "--reset", "--quiet")

    assert Organisation.objects.filter(slug="northwind").count() == 1
    assert Organisation.objects.filter(pk=other.pk).exists()
    assert Person.objects.filter(organisation=other).count() == 1
    # Compared after reading: the text is encrypted, so SQL cannot compare it.
    assert all(note.body != "Added while trying the demo" for note in Note.objects.all())
    dmitri = Person.objects.get(email=DEMO_LOGINS[3].email)
    assert dmitri.user is not None
    assert dmitri.user.check_password(DEMO_PASSWORD)
    assert User.objects.filter(email__iendswith="@northwind.example").count() == (
        Person.objects.filter(organisation__slug="northwind", user__isnull=False).count()
    )
    assert not list(tmp_path.glob("*.eml"))


def test_the_logins_are_printed_whole_in_a_narrow_terminal():
    from rich.console import Console

    from circles.orgs.management.commands.demo import logins_panel

    console = Console(width=60, record=True, force_terminal=False)
    console.print(logins_panel("http://127.0.0.1:30100"))
    text = console.export_text()
    for login in DEMO_LOGINS:
        assert login.email in text
    assert "…" not in text
    assert "30100" in text


def test_the_network_has_a_library_stories_in_every_state_networks_and_onboarding(demo):
    from circles.library.models import Kind, LibraryItem, Status, StoryConsent
    from circles.networks.models import Network
    from circles.onboarding.models import OnboardingProgramme
    from circles.onboarding.services import available_volunteers, new_hires

    items = LibraryItem.objects.filter(organisation=demo)
    assert items.exclude(kind=Kind.STORY).count() >= 30
    stories = items.filter(kind=Kind.STORY)
    assert {s.status for s in stories} == {Status.DRAFT, Status.PUBLISHED}
    states = set(
        StoryConsent.objects.filter(story__item__in=stories).values_list("state", flat=True)
    )
    assert states == {"pending", "given", "withdrawn"}
    assert stories.filter(story__submitted_at=None).exists()
    assert Network.objects.filter(organisation=demo).count() == 2
    onboarding = OnboardingProgramme.objects.get(programme__organisation=demo)
    today = timezone.localdate()
    assert new_hires(onboarding, today).count() == 12
    assert available_volunteers(onboarding, today).count() == 4
