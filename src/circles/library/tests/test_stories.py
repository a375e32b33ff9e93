"""Success stories: nobody reads one until everyone named consents; withdrawing takes it down
at once, from pages and search; a signed link works for someone who has left."""

from __future__ import annotations

import pytest
from django.urls import reverse

from circles.lib.errors import DomainError
from circles.library.models import SearchDocument, Status, StoryConsent
from circles.library.selectors import item_for, library_search, published_for
from circles.library.stories import services
from circles.library.stories.selectors import byline, source_text, story_sources
from circles.library.stories.tokens import story_link_token
from circles.orgs.people.services import person_deactivate
from circles.testing import SECRET_ACTION

pytestmark = pytest.mark.django_db

BODY = "Pat and I rehearsed the budget talk. The rehearsal gave me a calmer opening."


def draft(world, **options):
    options.setdefault("named", [world.peer])
    return services.story_create(
        author=world.member, title="A calmer budget talk", body=BODY, **options
    )


def found(viewer, word="rehearsal"):
    return [hit.item.pk for hit in library_search(viewer=viewer, query=word).hits]


def test_a_story_waits_for_everyone_named_and_is_published_when_the_last_consents(world):
    item = draft(world, named=[world.peer, world.facilitator])
    services.story_submit(item=item, author=world.member)
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    assert item_for(world.outsider, item.pk) is None
    assert item_for(world.peer, item.pk) is not None  # named: may read it to decide
    assert found(world.outsider) == []
    for person in (world.peer, world.facilitator):
        consent = StoryConsent.objects.get(story_id=item.pk, person=person)
        services.story_consent_decide(consent=consent, person=person, give=True)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert found(world.outsider) == [item.pk]


def test_withdrawing_consent_unpublishes_at_once_and_leaves_the_index(world):
    item = draft(world)
    services.story_submit(item=item, author=world.member)
    consent = StoryConsent.objects.get(story_id=item.pk)
    services.story_consent_decide(consent=consent, person=world.peer, give=True)
    assert found(world.outsider) == [item.pk]
    services.story_consent_decide(consent=consent, person=world.peer, give=False)
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    assert not SearchDocument.objects.filter(item=item).exists()
    assert item_for(world.outsider, item.pk) is None
    assert found(world.outsider) == []


def test_a_story_naming_nobody_is_published_when_asked(world):
    item = draft(world, named=[])
    services.story_submit(item=item, author=world.member)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED


def test_changing_a_published_story_asks_everyone_again(world):
    item = draft(world)
    services.story_submit(item=item, author=world.member)
    consent = StoryConsent.objects.get(story_id=item.pk)
    services.story_consent_decide(consent=consent, person=world.peer, give=True)
    services.story_update(
        item=item, author=world.member, title=item.title, body=BODY + " More.", named=[world.peer]
    )
    item.refresh_from_db()
    consent.refresh_from_db()
    assert (item.status, consent.state) == (Status.DRAFT, StoryConsent.State.PENDING)


def test_anonymising_removes_the_authors_name_department_and_circle(world):
    world.member.department = "Finance"
    world.member.save()
    item = services.story_create(
        author=world.member,
        title="Maya's story",
        body="In Aspen, Maya Member from finance tried something. Maya was glad.",
        anonymised=True,
    )
    assert item.body == "In [circle], [name] from [department] tried something. [name] was glad."
    assert item.title == "[name]'s story"
    assert byline(item, item.story) == "A colleague"


def test_only_the_named_person_answers_and_someone_who_left_can_only_withdraw(world):
    item = draft(world)
    consent = StoryConsent.objects.get(story_id=item.pk)
    with pytest.raises(DomainError):
        services.story_consent_decide(consent=consent, person=world.outsider, give=True)
    person_deactivate(person=world.peer)
    world.peer.refresh_from_db()
    with pytest.raises(DomainError):
        services.story_consent_decide(consent=consent, person=world.peer, give=True)
    services.story_consent_decide(consent=consent, person=world.peer, give=False)


def test_the_signed_link_withdraws_without_signing_in_for_someone_who_left(world, client):
    item = draft(world)
    services.story_submit(item=item, author=world.member)
    consent = StoryConsent.objects.get(story_id=item.pk)
    services.story_consent_decide(consent=consent, person=world.peer, give=True)
    person_deactivate(person=world.peer)
    url = reverse("story_link", args=[story_link_token("consent", consent.pk, world.peer.pk)])
    page = client.get(url)
    assert page.status_code == 200
    assert "rehearsed" in page.content.decode()
    client.post(url, {"decision": "withdraw"})
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    assert not published_for(world.outsider).filter(pk=item.pk).exists()


def test_a_forged_or_borrowed_link_opens_nothing(world, client):
    item = draft(world)
    consent = StoryConsent.objects.get(story_id=item.pk)
    borrowed = story_link_token("consent", consent.pk, world.outsider.pk)
    for token in ("nonsense", borrowed, story_link_token("author", item.pk, world.peer.pk)):
        response = client.post(reverse("story_link", args=[token]), {"decision": "give"})
        assert response.status_code == 400
    consent.refresh_from_db()
    assert consent.state == StoryConsent.State.PENDING


def test_the_author_link_takes_the_story_down(world, client):
    item = draft(world, named=[])
    services.story_submit(item=item, author=world.member)
    client.post(reverse("story_link", args=[story_link_token("author", item.pk, world.member.pk)]))
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_a_story_can_start_from_the_authors_own_closed_commitment_copied(world):
    world.commitment.status = "done"
    world.commitment.save()
    sources = story_sources(world.member)
    assert [s.text for s in sources] == [SECRET_ACTION]
    started, text = source_text(world.member, sources[0].key) or ("", "")
    item = services.story_create(
        author=world.member, title="What I learned", body=text, started_from=started
    )
    assert item.story.started_from == "commitment"
    # Copied, not linked: the story names no circle, meeting or commitment.
    assert {f.name for f in item.story._meta.get_fields()}.isdisjoint({"commitment", "circle"})
    assert source_text(world.peer, sources[0].key) is None


def test_a_lead_features_a_published_story_on_their_programme(world):
    item = draft(world, named=[])
    with pytest.raises(DomainError):
        services.story_feature(item=item, programme=world.programme, by=world.lead)
    services.story_submit(item=item, author=world.member)
    item.refresh_from_db()
    services.story_feature(item=item, programme=world.programme, by=world.lead)
    assert list(item.story.featured_in.all()) == [world.programme]
    with pytest.raises(DomainError):
        services.story_feature(item=item, programme=world.programme, by=world.member)


def test_story_pages_through_the_client(world, login):
    client = login(world.member)
    response = client.post(
        reverse("story_new"),
        {"title": "A good week", "body": BODY, "named": world.peer.email.upper()},
    )
    assert response.status_code == 302
    item_url = response["Location"]
    assert (
        "Pending" in client.get(item_url).content.decode()
        or "Waiting" in client.get(item_url).content.decode()
    )
    unknown = client.post(
        reverse("story_new"), {"title": "X", "body": "Y", "named": "nobody@nowhere.example"}
    )
    assert unknown.status_code == 400
    assert "Nobody in the directory" in unknown.content.decode()


def test_a_featured_story_shows_on_the_programme_page_and_to_its_members(world, login):
    item = draft(world, named=[])
    services.story_submit(item=item, author=world.member)
    item.refresh_from_db()
    services.story_feature(item=item, programme=world.programme, by=world.lead)
    page = login(world.lead).get(reverse("programme_detail", args=[world.programme.pk]))
    assert "Featured success stories" in page.content.decode()
    library = login(world.outsider).get(reverse("library_index")).content.decode()
    assert "Featured stories from your programmes" in library
    assert item.title in library


def test_starting_from_a_commitment_fills_the_story_and_records_where_it_came_from(world, login):
    world.commitment.status = "done"
    world.commitment.save()
    client = login(world.member)
    key = f"commitment:{world.commitment.pk}"
    page = client.get(reverse("story_new"), {"from": key}).content.decode()
    assert SECRET_ACTION in page
    assert 'name="started_from" value="commitment"' in page
    # Someone else's commitment fills nothing.
    other = login(world.peer).get(reverse("story_new"), {"from": key}).content.decode()
    assert SECRET_ACTION not in other
