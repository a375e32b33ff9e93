"""The worker takes what someone waits for before long recomputations, whatever was queued
first."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from circles.accounts.tasks import send_email
from circles.formation.tasks import form_circles
from circles.insights.tasks import refresh_programme_figures
from circles.notify.tasks import deliver_reminders
from circles.orgs.importing.tasks import apply_people_import, preview_people_import
from circles.orgs.invitations.tasks import deliver_invitation

pytestmark = pytest.mark.django_db


def test_a_formation_queued_behind_figure_refreshes_is_taken_first():
    for programme in range(3):
        refresh_programme_figures.enqueue(programme, [1, 2])
    deliver_reminders.enqueue([1])
    waited_on = form_circles.enqueue(7)
    order = [r.task_path.rsplit(".", 1)[-1] for r in DBTaskResult.objects.ready()]
    assert order[0] == "form_circles"
    first = DBTaskResult.objects.ready().first()
    assert first is not None
    assert str(first.pk) == str(waited_on.id)
    assert order[1] == "deliver_reminders"
    assert order[2:] == ["refresh_programme_figures"] * 3


@pytest.mark.parametrize(
    "waited_on",
    [form_circles, preview_people_import, apply_people_import, deliver_invitation, send_email],
)
def test_what_a_person_waits_for_outranks_what_is_on_time_and_what_can_wait(waited_on):
    assert waited_on.priority > deliver_reminders.priority > refresh_programme_figures.priority
