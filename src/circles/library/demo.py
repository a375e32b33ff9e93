"""The demo network: a library of a few dozen items, stories in every consent state, two
networks of the pilot's circles, an onboarding programme with recent hires and hosts, a
featured story and facilitators at several points of their training."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify

from circles.orgs.models import Organisation, Person, Programme, Role
from circles.orgs.people.services import person_create
from circles.orgs.services import programme_create
from circles.training.path import KEYS
from circles.training.services import training_step_complete

from . import demo_content as words
from .models import LibraryItem, StoryConsent
from .services import library_item_create
from .stories import services as stories


def create_library_demo(organisation: Organisation, programme: Programme, *, domain: str) -> None:
    people = {p.email.split("@")[0]: p for p in Person.objects.filter(organisation=organisation)}
    lead = people["lead"]
    items = []
    for kind, title, summary, body, tags, audience in words.ITEMS:
        items.append(
            library_item_create(
                author=lead,
                kind=kind,
                title=title,
                summary=summary,
                body=body,
                url=f"https://learning.{domain}/{slugify(title)}" if kind == "link" else "",
                audience=audience,
                tags=tags,
                publish=True,
            )
        )
    _stories(people, programme)
    _networks(organisation, programme, people, items)
    _onboarding(organisation, people, domain=domain)
    _training(people)


def _stories(people: dict[str, Person], programme: Programme) -> None:
    author = people["member"]
    featured = False
    for title, body, named, anonymised, state in words.STORIES:
        writer = people["facilitator"] if "member" in named else author
        item = stories.story_create(
            author=writer,
            title=title,
            body=body,
            named=[people[n] for n in named],
            anonymised=anonymised,
            tags=["story"],
        )
        if state == "draft":
            continue
        stories.story_submit(item=item, author=writer)
        for consent in StoryConsent.objects.filter(story_id=item.pk):
            if state in {"published", "withdrawn"}:
                stories.story_consent_decide(consent=consent, person=consent.person, give=True)
            if state == "withdrawn":
                stories.story_consent_decide(consent=consent, person=consent.person, give=False)
        item.refresh_from_db()
        if state == "published" and not featured:
            # The pilot's page shows one story, as a lead would choose.
            stories.story_feature(item=item, programme=programme, by=people["lead"])
            featured = True


def _training(people: dict[str, Person]) -> None:
    """The facilitator has finished the training; the member is half way through."""
    for key in KEYS:
        training_step_complete(person=people["facilitator"], step=key)
    for key in KEYS[: len(KEYS) // 2]:
        training_step_complete(person=people["member"], step=key)


def _networks(
    organisation: Organisation,
    programme: Programme,
    people: dict[str, Person],
    items: list[LibraryItem],
) -> None:
    from circles.networks import services as networks

    admin = people["admin"]
    circles = list(programme.circles.order_by("name").values_list("pk", flat=True))
    halves = [circles[: len(circles) // 2 + 1], circles[len(circles) // 2 - 1 :]]
    by_title = {item.title: item for item in items}
    shared = [
        ["The first ninety days as a new manager", "Delegation conversations", "Stakeholder map"],
        ["Running a circle across time zones", "Feedback that lands", "Open questions that help"],
    ]
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for index, (name, description) in enumerate(words.NETWORKS):
        network = networks.network_create(by=admin, name=name, description=description)
        networks.network_update(
            network=network,
            by=admin,
            name=name,
            description=description,
            circle_ids=halves[index],
            lead_ids=[people["lead"].pk],
        )
        for title in shared[index]:
            networks.network_item_share(network=network, item=by_title[title], by=admin)
        networks.network_event_add(
            network=network,
            by=admin,
            title=f"{name}: open meet-up",
            starts_at=now + dt.timedelta(days=10 + 7 * index),
            place="Online",
            description="Bring one thing that worked and one question.",
        )


def _onboarding(organisation: Organisation, people: dict[str, Person], *, domain: str) -> None:
    from circles.onboarding import services as onboarding

    today = timezone.localdate()
    lead = people["lead"]
    programme = programme_create(
        organisation=organisation,
        name="New-hire circles",
        purpose="Help people in their first weeks meet colleagues and learn how we work.",
        objective="Faster, warmer onboarding across sites.",
        leads=[lead],
        min_circle_size=4,
        max_circle_size=6,
        cadence="weekly",
        starts_on=today,
    )
    onboarding.onboarding_configure(programme=programme, by=lead, window_days=60, every_days=28)
    # The lead proposes by hand in the demo; the schedule's next turn is a period away.
    programme.onboarding.last_proposed_on = today
    programme.onboarding.save(update_fields=["last_proposed_on"])
    departments = ["Operations", "Sales", "Engineering", "Finance", "People"]
    sites = [("Berlin", "Europe/Berlin"), ("London", "Europe/London"), ("Lisbon", "Europe/Lisbon")]
    for number, (first, last) in enumerate(words.NEW_HIRES):
        person_create(
            organisation=organisation,
            full_name=f"{first} {last}",
            email=f"{slugify(first)}.{slugify(last)}@{domain}",
            role=Role.MEMBER,
            department=departments[number % len(departments)],
            level=1 + number % 3,
            location=sites[number % len(sites)][0],
            time_zone=sites[number % len(sites)][1],
            start_date=today - dt.timedelta(days=3 + number * 4),
        )
    experienced = sorted(
        (
            p
            for p in people.values()
            if p.role == Role.MEMBER
            and p.start_date
            and p.start_date < today - dt.timedelta(days=365 * 3)
            and p.email.split("@")[0] not in {"member", "facilitator"}
        ),
        key=lambda p: p.pk,
    )
    for host in experienced[:4]:
        onboarding.volunteer_opt_in(person=host)
