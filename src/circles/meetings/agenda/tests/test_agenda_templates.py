from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from circles.lib.errors import DomainError
from circles.meetings.agenda import services as editing
from circles.meetings.agenda.library import BUILTIN_TEMPLATES, planned_total
from circles.meetings.models import AgendaStep, AgendaTemplate, RoundMode
from circles.testing import make_org, make_person, make_programme

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spec", BUILTIN_TEMPLATES, ids=lambda s: s.key)
def test_every_built_in_template_fits_its_meeting_length(spec):
    assert planned_total(spec) <= spec.meeting_minutes
    assert spec.min_people <= spec.planned_people <= spec.max_people or spec.key == "troika"


def test_the_protocols_keep_their_usual_shape():
    by_key = {spec.key: spec for spec in BUILTIN_TEMPLATES}
    clinic = by_key["case-clinic"]
    assert 60 <= planned_total(clinic) <= 75
    assert (clinic.min_people, clinic.max_people) == (4, 5)
    assert [s.title for s in clinic.steps][1:] == [
        "Intention",
        "Stillness",
        "Mirroring",
        "Generative dialogue",
        "Closing",
    ]
    troika = by_key["troika"]
    per_client = sum(s.minutes for s in troika.steps if s.round_mode == RoundMode.EACH_CLIENT)
    assert per_client == 10
    assert troika.planned_clients == 3
    assert any(s.case_giver_silent for s in troika.steps)
    crowds = by_key["wise-crowds"]
    assert sum(s.minutes for s in crowds.steps if s.round_mode == RoundMode.EACH_CLIENT) == 15
    assert (crowds.min_people, crowds.max_people) == (4, 7)
    learning = [s.title for s in by_key["action-learning"].steps]
    assert learning[:6] == [
        "Report back",
        "Presentation",
        "Clarifying questions",
        "Helping questions",
        "Summary",
        "Action",
    ]


def test_a_new_organisation_gets_every_built_in_once_and_installing_again_changes_nothing():
    org = make_org()
    keys = set(
        AgendaTemplate.objects.filter(organisation=org).values_list("builtin_key", flat=True)
    )
    assert keys == {spec.key for spec in BUILTIN_TEMPLATES}
    before = (AgendaTemplate.objects.count(), AgendaStep.objects.count())
    editing.agenda_templates_install(organisation=org)
    assert (AgendaTemplate.objects.count(), AgendaStep.objects.count()) == before


def test_the_default_template_is_the_built_in_circle_agenda_with_roles():
    org = make_org()
    lead = make_person(org, role="lead")
    programme = make_programme(org, [lead])
    template = programme.agenda_template
    assert template is not None
    assert template.builtin_key == "circle"
    storm = template.steps.get(kind="questions")
    assert storm.case_giver_silent
    assert template.steps.get(kind="case").lead_role == "case_giver"


def _programme_template(world):
    builtin = AgendaTemplate.objects.get(organisation=world.org, builtin_key="circle")
    return editing.agenda_template_copy(source=builtin, programme=world.programme)


def test_steps_that_do_not_fit_are_refused_with_the_overrun_and_nothing_changes(world):
    template = _programme_template(world)
    steps = [
        editing.StepInput(title="Round", minutes=5, round_mode=RoundMode.EACH_MEMBER),
        editing.StepInput(title="Talk", minutes=40),
    ]
    with pytest.raises(DomainError) as error:
        editing.agenda_template_save(
            template=template,
            name=template.name,
            description="",
            meeting_minutes=60,
            planned_people=6,
            planned_clients=1,
            steps=steps,
        )
    assert "take 70 minutes with 6 people" in error.value.message
    assert "shorten them by 10 minutes" in error.value.message
    assert template.steps.first().title == "Check-in"


def test_built_in_templates_cannot_be_edited(world):
    builtin = AgendaTemplate.objects.get(organisation=world.org, builtin_key="troika")
    with pytest.raises(DomainError):
        editing.agenda_template_save(
            template=builtin,
            name="x",
            description="",
            meeting_minutes=60,
            planned_people=3,
            planned_clients=3,
            steps=[editing.StepInput(title="x", minutes=1)],
        )


def test_a_programme_cannot_choose_a_template_longer_than_its_meetings(world):
    wise = AgendaTemplate.objects.get(organisation=world.org, builtin_key="wise-crowds")
    with pytest.raises(DomainError) as error:
        editing.programme_agenda_choose(programme=world.programme, template=wise)
    assert "this programme's meetings are 60 minutes" in error.value.message
    world.programme.refresh_from_db()
    assert world.programme.agenda_template.builtin_key == "circle"


def test_a_lead_edits_steps_roles_silence_and_rounds_on_the_page(world, login):
    template = _programme_template(world)
    url = reverse("agenda_edit", args=[world.programme.pk, template.pk])
    client = login(world.lead)
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "name": "Our circle agenda",
        "description": "Shorter check-in",
        "meeting_minutes": 60,
        "planned_people": 5,
        "planned_clients": 1,
        "steps-TOTAL_FORMS": 2,
        "steps-INITIAL_FORMS": 2,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 30,
        "steps-0-title": "Check-in round",
        "steps-0-kind": "check_in",
        "steps-0-minutes": 2,
        "steps-0-prompt": "A sentence each.",
        "steps-0-lead_role": "everyone",
        "steps-0-round_mode": "each_member",
        "steps-0-ORDER": 1,
        "steps-1-title": "Question storm",
        "steps-1-kind": "questions",
        "steps-1-minutes": 45,
        "steps-1-lead_role": "everyone",
        "steps-1-case_giver_silent": "on",
        "steps-1-round_mode": "once",
        "steps-1-ORDER": 2,
    }
    assert client.post(url, data).status_code == 302
    steps = list(template.steps.all())
    assert [(s.title, s.minutes, s.round_mode) for s in steps] == [
        ("Check-in round", 2, "each_member"),
        ("Question storm", 45, "once"),
    ]
    assert steps[1].case_giver_silent
    data["steps-1-minutes"] = 55
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "take 65 minutes with 5 people" in refused.content.decode()
    assert template.steps.get(position=2).minutes == 45


def test_a_lead_copies_a_built_in_and_chooses_it_for_the_programme(world, login):
    client = login(world.lead)
    clinic = AgendaTemplate.objects.get(organisation=world.org, builtin_key="case-clinic")
    response = client.post(
        reverse("agenda_copy", args=[world.programme.pk]), {"template": clinic.pk}
    )
    copy = AgendaTemplate.objects.get(programme=world.programme)
    assert response.status_code == 302
    assert copy.steps.count() == clinic.steps.count()
    response = client.post(
        reverse("agenda_choose", args=[world.programme.pk]), {"template": copy.pk}
    )
    assert response.status_code == 400  # 70 minutes do not fit 60-minute meetings
    assert "70 minutes" in response.content.decode()
    circle_agenda = AgendaTemplate.objects.get(organisation=world.org, builtin_key="circle")
    kickoff = AgendaTemplate.objects.get(organisation=world.org, builtin_key="kickoff")
    world.programme.meeting_minutes = 90
    world.programme.save()
    assert (
        client.post(
            reverse("agenda_choose", args=[world.programme.pk]), {"template": kickoff.pk}
        ).status_code
        == 302
    )
    world.programme.refresh_from_db()
    assert world.programme.agenda_template == kickoff
    assert circle_agenda != kickoff


def test_a_new_template_starts_with_one_step(world, login):
    response = login(world.lead).post(
        reverse("agenda_create", args=[world.programme.pk]), {"name": "Fishbowl"}
    )
    template = AgendaTemplate.objects.get(name="Fishbowl")
    assert response.status_code == 302
    assert template.programme == world.programme
    assert template.steps.count() == 1


@pytest.mark.parametrize(
    "persona", ["member", "facilitator", "outsider", "lead", "admin", "other_admin"]
)
def test_agenda_pages_are_for_the_programmes_leads_and_admins(world, login, persona):
    template = _programme_template(world)
    client = login(getattr(world, persona))
    allowed = persona in {"lead", "admin"}
    for url in (
        reverse("agenda_list", args=[world.programme.pk]),
        reverse("agenda_edit", args=[world.programme.pk, template.pk]),
    ):
        assert client.get(url).status_code == (200 if allowed else 404), url
    for name in ("agenda_copy", "agenda_choose", "agenda_create"):
        response = client.post(reverse(name, args=[world.programme.pk]), {})
        assert response.status_code == (400 if allowed else 404), name


def test_another_programmes_template_is_not_editable_from_this_one(world, login):
    other_lead = make_person(world.org, role="lead")
    other = make_programme(world.org, [other_lead])
    builtin = AgendaTemplate.objects.get(organisation=world.org, builtin_key="circle")
    theirs = editing.agenda_template_copy(source=builtin, programme=other)
    client = login(world.lead)
    assert (
        client.get(reverse("agenda_edit", args=[world.programme.pk, theirs.pk])).status_code == 404
    )
    assert client.get(reverse("agenda_edit", args=[other.pk, theirs.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    response = client.get(reverse("agenda_list", args=[world.programme.pk]))
    assert response.status_code == 302


def test_the_list_page_makes_the_same_number_of_queries_whatever_the_number_of_templates(
    world, login
):
    client = login(world.lead)
    url = reverse("agenda_list", args=[world.programme.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    builtin = AgendaTemplate.objects.get(organisation=world.org, builtin_key="circle")
    for _ in range(5):
        editing.agenda_template_copy(source=builtin, programme=world.programme)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_data_migration_gives_older_organisations_the_built_ins(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "circles.meetings.migrations.0004_install_builtin_templates"
    )
    AgendaTemplate.objects.filter(organisation=world.org, builtin_key="troika").delete()
    AgendaTemplate.objects.filter(organisation=world.org, builtin_key="circle").update(
        builtin_key=""
    )
    AgendaStep.objects.filter(template__organisation=world.org).update(lead_role="facilitator")
    migration.install(apps, None)
    keys = set(
        AgendaTemplate.objects.filter(organisation=world.org).values_list("builtin_key", flat=True)
    )
    assert {"troika", "circle"} <= keys
    default = AgendaTemplate.objects.get(organisation=world.org, builtin_key="circle")
    assert default.pk == world.programme.agenda_template_id
    assert default.steps.get(kind="case").lead_role == "case_giver"


def test_a_template_of_another_programme_cannot_be_copied_or_chosen(world):
    other = make_programme(world.org, [make_person(world.org, role="lead")])
    builtin = AgendaTemplate.objects.get(organisation=world.org, builtin_key="circle")
    theirs = editing.agenda_template_copy(source=builtin, programme=other)
    with pytest.raises(DomainError):
        editing.agenda_template_copy(source=theirs, programme=world.programme)
    with pytest.raises(DomainError):
        editing.programme_agenda_choose(programme=world.programme, template=theirs)
    foreign = (
        AgendaTemplate.objects.filter(builtin_key="circle").exclude(organisation=world.org).get()
    )
    with pytest.raises(DomainError):
        editing.agenda_template_copy(source=foreign, programme=world.programme)


def test_copies_get_a_free_name_and_a_taken_name_is_refused_on_save(world):
    builtin = AgendaTemplate.objects.get(organisation=world.org, builtin_key="circle")
    first = editing.agenda_template_copy(source=builtin, programme=world.programme)
    second = editing.agenda_template_copy(source=builtin, programme=world.programme)
    assert first.name != second.name
    with pytest.raises(DomainError) as error:
        editing.agenda_template_save(
            template=second,
            name=first.name.upper(),
            description="",
            meeting_minutes=60,
            planned_people=6,
            planned_clients=1,
            steps=[editing.StepInput(title="Talk", minutes=30)],
        )
    assert error.value.field == "name"


def test_the_untouched_spare_step_form_is_skipped_when_saving(world, login):
    template = editing.agenda_template_create(programme=world.programme, name="Short")
    url = reverse("agenda_edit", args=[world.programme.pk, template.pk])
    data = {
        "name": "Short",
        "description": "",
        "meeting_minutes": 60,
        "planned_people": 6,
        "planned_clients": 1,
        "steps-TOTAL_FORMS": 2,
        "steps-INITIAL_FORMS": 1,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 30,
        "steps-0-title": "Check-in",
        "steps-0-kind": "check_in",
        "steps-0-minutes": 20,
        "steps-0-lead_role": "everyone",
        "steps-0-round_mode": "once",
        "steps-0-ORDER": 1,
        # What a browser sends for the spare form nobody touched.
        "steps-1-title": "",
        "steps-1-kind": "other",
        "steps-1-minutes": "",
        "steps-1-lead_role": "facilitator",
        "steps-1-round_mode": "once",
        "steps-1-ORDER": "",
    }
    assert login(world.lead).post(url, data).status_code == 302
    assert [(s.title, s.minutes) for s in template.steps.all()] == [("Check-in", 20)]
