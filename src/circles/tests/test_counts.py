"""Counts of related rows as a column, read only for the rows a page keeps."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from circles.groups.models import Circle, Membership
from circles.lib.counts import count_of
from circles.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_it_counts_the_related_rows_of_each_row_and_zero_for_none(world):
    Meeting.objects.filter(pk=world.past_meeting.pk).update(status=Meeting.Status.HELD)
    Membership.objects.filter(circle=world.other_circle).order_by("pk")[0].delete()
    circles = {
        c.name: c
        for c in Circle.objects.filter(programme=world.programme).annotate(
            held=count_of(Meeting.objects.filter(status=Meeting.Status.HELD), of="circle"),
            members=count_of(Membership.objects.filter(left_on__isnull=True), of="circle"),
        )
    }
    assert (circles["Aspen"].held, circles["Aspen"].members) == (1, 3)
    assert (circles["Birch"].held, circles["Birch"].members) == (0, 1)


def test_a_list_of_circles_counts_meetings_without_joining_them(world, login):
    with CaptureQueriesContext(connection) as queries:
        response = login(world.lead).get(reverse("programme_detail", args=[world.programme.pk]))
    assert response.status_code == 200
    listing = [q["sql"] for q in queries if q["sql"].startswith('SELECT "circle_groups_circle"')]
    assert listing
    for sql in listing:
        assert "GROUP BY" not in sql.split("(SELECT")[0]
        assert 'JOIN "meetings_meeting"' not in sql
