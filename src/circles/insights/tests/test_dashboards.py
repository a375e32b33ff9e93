"""Dashboards and exports: who sees what, bounded queries, and no way to a small group's answers."""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from circles.feedback.models import FeedbackRating, Pulse
from circles.insights import metrics
from circles.insights.cells import CIRCLE, DEPARTMENT, MONTH, RANGE_KEYS, TOTAL, build_universe
from circles.insights.snapshots import programme_scope
from circles.meetings.models import Attendance, Meeting
from circles.testing import make_circle, make_org, make_person, make_programme, schedule

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "facilitator", "outsider", "lead", "admin", "other_admin"]


def dashboard_urls(w):
    pid = w.programme.pk
    return [
        reverse("insights_dashboard", args=[pid]),
        reverse("insights_export", args=[pid, "csv"]),
        reverse("insights_export", args=[pid, "xlsx"]),
        reverse("questionnaire_manage", args=[pid]),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_programme_dashboards_are_for_its_leads_and_admins_only(world, login, persona):
    client = login(getattr(world, persona))
    for url in dashboard_urls(world):
        response = client.get(url)
        expected = 200 if persona in {"lead", "admin"} else 404
        assert response.status_code == expected, (persona, url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_circle_health_is_for_the_circles_current_members_only(world, login, persona):
    response = login(getattr(world, persona)).get(
        reverse("insights_circle", args=[world.circle.pk])
    )
    expected = 200 if persona in {"member", "facilitator"} else 404
    assert response.status_code == expected
    if expected == 404:
        assert world.circle.name not in response.content.decode()


def test_a_lead_of_another_programme_gets_404(world, login):
    other_lead = make_person(world.org, role="lead")
    make_programme(world.org, [other_lead])
    client = login(other_lead)
    for url in dashboard_urls(world):
        assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    urls = [*dashboard_urls(world), reverse("insights_circle", args=[world.circle.pk])]
    for url in [*urls, reverse("insights_index")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_outcomes_index_lists_my_circles_and_programmes(world, login):
    body = login(world.lead).get(reverse("insights_index")).content.decode()
    assert reverse("insights_dashboard", args=[world.programme.pk]) in body
    body = login(world.member).get(reverse("insights_index")).content.decode()
    assert reverse("insights_circle", args=[world.circle.pk]) in body
    assert reverse("insights_dashboard", args=[world.programme.pk]) not in body


def test_an_unknown_export_format_is_not_found(world, login):
    url = reverse("insights_export", args=[world.programme.pk, "pdf"])
    assert login(world.lead).get(url).status_code == 404


# --- A programme with a department of four ------------------------------------------------


def build_programme(org, lead, *, departments, circles_of, legal_safety=1, months=3):
    """People of each department dealt round-robin into circles; a held meeting per circle
    every two weeks, everyone attends and answers the pulse; Legal always answers 1."""
    people = []
    for dept, size in departments.items():
        people += [make_person(org, department=dept, login=False) for _ in range(size)]
    programme = make_programme(org, [lead])
    programme.starts_on = timezone.localdate() - dt.timedelta(weeks=4 * months)
    programme.save()
    groups = [people[i::circles_of] for i in range(circles_of)]
    for group in groups:
        circle = make_circle(programme, group)
        for week in range(2, 4 * months, 2):
            meeting = schedule(circle, days=-7 * week, facilitator=group[week % len(group)])
            Attendance.objects.filter(meeting=meeting).update(status=Attendance.Status.ATTENDED)
            Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
            Pulse.objects.bulk_create(
                Pulse(
                    organisation=org,
                    meeting=meeting,
                    person=p,
                    safety=legal_safety if p.department == "Legal" else 5,
                    usefulness=legal_safety if p.department == "Legal" else 4,
                )
                for p in group
            )
            giver = group[week % len(group)]
            FeedbackRating.objects.create(
                organisation=org,
                meeting=meeting,
                giver=giver,
                specific=1 if giver.department == "Legal" else 4,
                observable=4,
                impact=4,
                actionable=4,
            )
    return programme


def parse_csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def as_shown(cells):
    """An XLSX row written as the CSV writes it, through each cell's number format."""
    out = []
    for cell in cells:
        value = cell.value
        if isinstance(value, dt.datetime):
            out.append(value.strftime("%Y-%m"))
        elif cell.number_format == "0%":
            out.append(f"{value * 100:.0f}%")
        elif cell.number_format == "0.0":
            out.append(f"{value:.1f}")
        else:
            out.append("" if value is None else str(value))
    return out


def test_no_figure_filter_difference_or_export_reveals_a_department_of_four(login):
    org = make_org()
    lead = make_person(org, role="lead")
    departments = {"Eng": 7, "Ops": 6, "Sales": 6, "Legal": 4}
    programme = build_programme(org, lead, departments=departments, circles_of=4)
    client = login(lead)
    circle_ids = dict(programme.circles.values_list("name", "pk"))
    shown_by_metric: dict[str, set] = {}
    for range_key in [*RANGE_KEYS, "bogus"]:
        page = client.get(reverse("insights_dashboard", args=[programme.pk]), {"range": range_key})
        assert page.status_code == 200
        exported = client.get(
            reverse("insights_export", args=[programme.pk, "csv"]), {"range": range_key}
        ).content.decode()
        rows = parse_csv(exported)
        workbook = load_workbook(
            io.BytesIO(
                client.get(
                    reverse("insights_export", args=[programme.pk, "xlsx"]), {"range": range_key}
                ).content
            )
        )
        xlsx_rows = [as_shown(r) for r in workbook.active.iter_rows(min_row=2)]
        assert xlsx_rows == [list(r.values()) for r in rows]
        for row in rows:
            if row["group"] == "Legal":
                assert row["value"] in {"suppressed", "no data"}, row
            if row["value"] in {"suppressed", "no data"}:
                continue
            key = (range_key if range_key in RANGE_KEYS else "all",)
            cell: tuple
            if row["section"] == "overall":
                cell = (*key, TOTAL, None)
            elif row["section"] == "by month":
                cell = ("all", MONTH, dt.date.fromisoformat(row["group"] + "-01"))
            elif row["section"] == "by department":
                cell = (*key, DEPARTMENT, row["group"])
            else:
                cell = (*key, CIRCLE, circle_ids[row["group"]])
            shown_by_metric.setdefault(row["metric"], set()).add(cell)
        assert (
            "Legal"
            not in page.content.decode().split("By department", 1)[1].split("suppressed", 1)[0]
            or "suppressed" in page.content.decode()
        )
    # The attacker: every shown figure of every range and export, as exact sums over
    # department-circle-month groups. Legal's records can never be isolated.
    today = timezone.localdate()
    rows_by_metric = metrics.all_rows(
        programme_scope(programme, today), now=timezone.now(), today=today
    )
    checked = 0
    for metric in metrics.METRICS:
        shown = shown_by_metric.get(metric.label, set())
        universe, _ = build_universe(rows_by_metric[metric.key], today=today)
        atoms = sorted(universe.atoms, key=repr)
        if not shown or not atoms:
            continue
        index = {a: i for i, a in enumerate(atoms)}
        matrix = np.zeros((len(shown), len(atoms)))
        for r, cell in enumerate(sorted(shown, key=repr)):
            for atom in universe.cells[cell]:
                matrix[r, index[atom]] = 1.0
        for range_key in RANGE_KEYS:
            legal = universe.cells.get((range_key, DEPARTMENT, "Legal"))
            if not legal:
                continue
            target = np.zeros(len(atoms))
            for atom in legal:
                target[index[atom]] = 1.0
            solution, *_ = np.linalg.lstsq(matrix.T, target, rcond=None)
            assert not np.allclose(matrix.T @ solution, target, atol=1e-6), (metric.key, range_key)
            checked += 1
    assert checked >= 5


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_circles(login):
    org = make_org()
    lead = make_person(org, role="lead")
    small = build_programme(org, lead, departments={"Eng": 6, "Ops": 6}, circles_of=2, months=1)
    large = build_programme(
        org, lead, departments={"Eng": 18, "Ops": 18, "Sales": 12}, circles_of=8, months=2
    )
    client = login(lead)
    for name in ("insights_dashboard",):
        a = count_queries(client, reverse(name, args=[small.pk]))
        b = count_queries(client, reverse(name, args=[large.pk]))
        assert a == b, (a, b)
    a = count_queries(client, reverse("insights_export", args=[small.pk, "csv"]))
    b = count_queries(client, reverse("insights_export", args=[large.pk, "csv"]))
    assert a == b


def test_circle_health_shows_behaviour_to_members_and_hides_answers_below_threshold(world, login):
    Attendance.objects.filter(meeting=world.past_meeting).update(status=Attendance.Status.ATTENDED)
    Meeting.objects.filter(pk=world.past_meeting.pk).update(status=Meeting.Status.HELD)
    Pulse.objects.create(
        organisation=world.org,
        meeting=world.past_meeting,
        person=world.member,
        safety=2,
        usefulness=2,
    )
    body = (
        login(world.member).get(reverse("insights_circle", args=[world.circle.pk])).content.decode()
    )
    assert "100%" in body  # attendance: everyone came, and members see the list anyway
    values = [part.split("</p>", 1)[0] for part in body.split('class="metric-value">')[1:]]
    assert "2.0" not in values  # one pulse: hidden from the circle too
    assert "suppressed" in body


def test_a_lead_who_is_a_member_does_not_get_the_other_circle_by_subtraction(login):
    # Circle A: the lead and five others; circle B: two people. An outside lead may see the
    # programme's attendance; the lead who reads circle A's meeting pages would get circle B's
    # attendance as the total minus what they read, so for them the total hides too.
    org = make_org()
    member_lead = make_person(org, role="lead")
    outside_lead = make_person(org, role="lead")
    programme = make_programme(org, [member_lead, outside_lead], min_circle_size=2)
    programme.starts_on = timezone.localdate() - dt.timedelta(weeks=8)
    programme.save()
    circle_a = make_circle(
        programme, [member_lead, *(make_person(org, login=False) for _ in range(5))]
    )
    circle_b = make_circle(programme, [make_person(org, login=False) for _ in range(2)])
    for circle in (circle_a, circle_b):
        meeting = schedule(circle, days=-7)
        Attendance.objects.filter(meeting=meeting).update(status=Attendance.Status.ATTENDED)
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)

    def overall_attendance(person):
        url = reverse("insights_export", args=[programme.pk, "csv"])
        rows = parse_csv(login(person).get(url).content.decode())
        return next(
            r["value"] for r in rows if r["section"] == "overall" and r["metric"] == "Attendance"
        )

    assert overall_attendance(outside_lead) == "100%"
    assert overall_attendance(member_lead) == "suppressed"
