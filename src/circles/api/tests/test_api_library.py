"""The library through the API: the same items and the same ranked search as the page."""

from __future__ import annotations

import pytest

from circles.api.models import Scope
from circles.api.tests.conftest import token_for
from circles.api.tokens import api_token_create
from circles.library.models import StoryConsent
from circles.library.selectors import library_search
from circles.library.services import library_item_create
from circles.library.stories import services as stories

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(world):
    lead = world.lead
    article = library_item_create(
        author=lead,
        kind="article",
        title="Listening without fixing",
        body="Hold back advice; **listen** first.",
        tags=["listening"],
        publish=True,
    )
    for_leads = library_item_create(
        author=lead,
        kind="guide",
        title="Listening to a circle in trouble",
        body="When a circle stops meeting, listen to each member.",
        audience="leads",
        publish=True,
    )
    draft = library_item_create(author=lead, kind="exercise", title="Listening drill")
    story = stories.story_create(
        author=world.member,
        title="What listening changed",
        body="I listened to Petra Peer and the case opened up.",
        named=[world.peer],
        tags=["story"],
    )
    stories.story_submit(item=story, author=world.member)
    return {"article": article, "leads": for_leads, "draft": draft, "story": story}


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    return [(hit.get("item") or hit)["title"] for hit in items]


def test_a_member_lists_what_they_may_read(world, api, library):
    secret = token_for(world.member)
    listed = titles(api("get", "/api/v1/library/items", secret))
    assert "Listening without fixing" in listed
    assert "Listening to a circle in trouble" not in listed  # for leads
    assert "Listening drill" not in listed  # someone else's draft
    assert "What listening changed" in listed  # their own story, waiting for consent
    assert titles(api("get", "/api/v1/library/items?kind=article", secret)) == [
        "Listening without fixing"
    ]
    assert titles(api("get", "/api/v1/library/items?tag=LISTENING", secret)) == [
        "Listening without fixing"
    ]


def test_a_story_is_found_only_once_everyone_named_consents(world, api, library):
    secret = token_for(world.facilitator)
    found = titles(api("get", "/api/v1/library/search?q=opened", secret))
    assert found == []
    story = library["story"]
    item = api("get", f"/api/v1/library/items/{story.pk}", secret)
    assert item.status_code == 404
    consent = StoryConsent.objects.get(story_id=story.pk, person=world.peer)
    stories.story_consent_decide(consent=consent, person=world.peer, give=True)
    response = api("get", "/api/v1/library/search?q=opened", secret)
    assert titles(response) == ["What listening changed"]
    hit = response.json()["items"][0]
    assert {"text": "opened", "match": True} in hit["snippet"]
    detail = api("get", f"/api/v1/library/items/{story.pk}", secret).json()
    assert detail["author"] == world.member.full_name
    stories.story_consent_decide(consent=consent, person=world.peer, give=False)
    assert titles(api("get", "/api/v1/library/search?q=opened", secret)) == []


def test_search_ranks_as_the_page_does_and_pages(world, api, library):
    secret = token_for(world.lead)
    page = library_search(viewer=world.lead, query="listening", per_page=20)
    assert page.total >= 2  # the two items above, and built-in templates that mention it
    everything = api("get", "/api/v1/library/search?q=listening&page_size=20", secret)
    assert titles(everything) == [hit.item.title for hit in page.hits]
    response = api("get", "/api/v1/library/search?q=listening&page_size=1&page=2", secret)
    body = response.json()
    assert (body["count"], body["pages"], body["more"]) == (page.total, page.total, False)
    assert titles(response) == [page.hits[1].item.title]
    rendered = api("get", f"/api/v1/library/items/{library['article'].pk}", secret).json()
    assert rendered["body"] == "Hold back advice; **listen** first."
    assert "<strong>listen</strong>" in rendered["body_html"]
    assert rendered["tags"] == ["listening"]


def test_a_service_token_reads_published_items_only(world, api, library):
    _token, secret = api_token_create(
        created_by=world.admin,
        name="Intranet",
        scope=Scope.READ,
        expires_in_days=None,
        service=True,
    )
    listed = titles(api("get", "/api/v1/library/items", secret))
    assert "Listening without fixing" in listed
    assert "Listening to a circle in trouble" in listed
    assert "Listening drill" not in listed
    assert "What listening changed" not in listed


def test_another_organisation_sees_nothing_of_it(world, api, library):
    secret = token_for(world.other_admin)
    ours = {item.title for item in library.values()}
    assert not ours & set(titles(api("get", "/api/v1/library/items?page_size=200", secret)))
    assert not ours & set(titles(api("get", "/api/v1/library/search?q=listening", secret)))
    response = api("get", f"/api/v1/library/items/{library['article'].pk}", secret)
    assert response.status_code == 404


def test_bad_filters_are_refused_with_field_errors(world, api):
    secret = token_for(world.member)
    response = api("get", "/api/v1/library/search?kind=poem&page=0", secret)
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"kind", "page"} <= fields
