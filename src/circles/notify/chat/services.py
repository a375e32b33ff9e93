"""Reminders as chat nudges: Slack and Microsoft Teams incoming webhooks.

A nudge says what the reminder's email says in its subject, with the link to the page (and
the meeting's video link); never confidential text. It follows the same preferences: a person
who switched a kind of reminder off gets it neither by email nor in chat. A circle's channel
gets each meeting reminder once, in the circle's own time, whoever among its members is due.

A nudge speaks the language of whoever reads it: a person's channel their own (the subject was
written in it), a circle's channel its organisation's default, with the circle's own clock.

Payloads follow each service's documented incoming-webhook format: Slack's ``text`` with
Block Kit ``blocks``; Teams' (Workflows) message with one Adaptive Card attachment.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from circles.audit.models import Action
from circles.audit.services import audit_record
from circles.languages import formats
from circles.languages.selection import language_of, organisation_language
from circles.lib.errors import DomainError
from circles.lib.outbound import address_problem, post_json
from circles.notify.content import Content, zone_of
from circles.notify.models import (
    CHAT_KINDS,
    CIRCLE_CHAT_KINDS,
    ChatChannel,
    ChatPost,
    Kind,
    Reminder,
)
from circles.orgs.models import Person
from circles.orgs.selectors import can_manage_organisation

MAX_ATTEMPTS = 3
# Incoming-webhook addresses are these services' own; anything else is refused when saved.
SERVICE_HOSTS: dict[str, tuple[str, ...]] = {
    ChatChannel.Service.SLACK: ("hooks.slack.com",),
    ChatChannel.Service.TEAMS: (".webhook.office.com", ".logic.azure.com", ".powerplatform.com"),
}


def slack_payload(post: ChatPost) -> dict[str, Any]:
    open_label = _slack_escape(_("Open in Coaching Circles"))
    links = f"<{post.url}|{open_label}>"
    if post.video_url:
        join_label = _slack_escape(_("Join the video call"))
        links += f" · <{post.video_url}|{join_label}>"
    return {
        "text": f"{post.text} {post.url}",
        "blocks": [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"*{_slack_escape(post.text)}*"},
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text": links}]},
        ],
    }


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def teams_payload(post: ChatPost) -> dict[str, Any]:
    actions = [{"type": "Action.OpenUrl", "title": _("Open in Coaching Circles"), "url": post.url}]
    if post.video_url:
        actions.append(
            {"type": "Action.OpenUrl", "title": _("Join the video call"), "url": post.video_url}
        )
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": [
                        {"type": "TextBlock", "text": post.text, "wrap": True, "weight": "Bolder"}
                    ],
                    "actions": actions,
                },
            }
        ],
    }


PAYLOADS = {ChatChannel.Service.SLACK: slack_payload, ChatChannel.Service.TEAMS: teams_payload}


# Channels -----------------------------------------------------------------------------------


def _check_url(service: str, url: str) -> str:
    url = url.strip()
    problem = address_problem(url)
    if problem is not None:
        raise DomainError(problem, field="webhook_url")
    host = url.split("/")[2].split(":")[0].lower() if "//" in url else ""
    allowed = SERVICE_HOSTS.get(service, ())
    own = any(host == h.lstrip(".") or host.endswith(h) for h in allowed)
    if not own and not settings.CIRCLES_OUTBOUND_ALLOW_PRIVATE:
        names = ", ".join(h.lstrip(".") for h in allowed)
        raise DomainError(
            _("Paste the incoming-webhook address the service gave (%(hosts)s).")
            % {"hosts": names},
            field="webhook_url",
        )
    return url


@transaction.atomic
def chat_channel_create(
    *,
    created_by: Person,
    service: str,
    label: str,
    webhook_url: str,
    kinds: Iterable[str],
    person: Person | None = None,
    circle: Any = None,
) -> ChatChannel:
    if not can_manage_organisation(created_by):
        raise DomainError(_("Only organisation admins connect chat channels."))
    if service not in ChatChannel.Service.values:
        raise DomainError(_("Choose Slack or Microsoft Teams."), field="service")
    if (person is None) == (circle is None):
        raise DomainError(_("Connect the channel to one person or one circle."), field="person")
    target_org = (person or circle).organisation_id
    if target_org != created_by.organisation_id:
        raise DomainError(_("Choose someone or a circle of your organisation."), field="person")
    offered = CIRCLE_CHAT_KINDS if circle is not None else CHAT_KINDS
    kinds = sorted(set(kinds))
    if not kinds or set(kinds) - set(offered):
        which = (
            _("Choose meeting reminders.")
            if circle is not None
            else _("Choose the reminders offered.")
        )
        raise DomainError(which, field="kinds")
    label = label.strip()
    if not label or len(label) > 100:
        raise DomainError(_("Name the channel in under 100 characters."), field="label")
    channel = ChatChannel.objects.create(
        organisation_id=created_by.organisation_id,
        service=service,
        label=label,
        webhook_url=_check_url(service, webhook_url),
        person=person,
        circle=circle,
        kinds=kinds,
        created_by=created_by,
    )
    _audit(
        channel, Action.CHAT_CHANNEL_CREATED, f"Connected a {channel.get_service_display()} channel"
    )
    return channel


@transaction.atomic
def chat_channel_delete(*, channel: ChatChannel, by: Person) -> None:
    if not can_manage_organisation(by) or by.organisation_id != channel.organisation_id:
        raise DomainError(_("Only organisation admins disconnect chat channels."))
    _audit(
        channel,
        Action.CHAT_CHANNEL_DELETED,
        f"Disconnected a {channel.get_service_display()} channel",
    )
    channel.delete()


def _audit(channel: ChatChannel, action: str, summary: str) -> None:
    audit_record(
        organisation_id=channel.organisation_id,
        action=action,
        target=channel.person,
        object_type="chat_channel",
        object_id=channel.pk,
        summary=summary,
        details={
            "service": channel.service,
            "kinds": channel.kinds,
            "circle_id": channel.circle_id,
        },
    )


def chat_channels_of(viewer: Person) -> Any:
    if not can_manage_organisation(viewer):
        return ChatChannel.objects.none()
    return ChatChannel.objects.filter(organisation_id=viewer.organisation_id).select_related(
        "person", "circle"
    )


# Nudges -------------------------------------------------------------------------------------


def _circle_text(content: Content, language: str) -> str:
    """The nudge to a circle's channel: in the organisation's language, on the circle's clock."""
    meeting = content.context["meeting"]
    with translation.override(language), timezone.override(zone_of(meeting.time_zone)):
        start = formats.format_local_datetime(meeting.starts_at, "MMMEdjm")
        # Translators: a chat nudge: "Aspen meets Fri 4 Dec, 15:30 (Europe/Berlin)".
        return _("%(circle)s meets %(start)s (%(zone)s)") % {
            "circle": meeting.circle.name,
            "start": start,
            "zone": meeting.time_zone,
        }


def chat_nudges_queue(
    reminders: list[Reminder], contents: dict[int, Content | None], opted_out: set[int]
) -> list[int]:
    """Record the nudges these reminders make (each once) and send them after commit. Two
    queries for the channels whatever the number of reminders."""
    due = [r for r in reminders if contents.get(r.pk) is not None and r.pk not in opted_out]
    due = [r for r in due if r.kind in CHAT_KINDS]
    if not due:
        return []
    personal: dict[int, list[ChatChannel]] = {}
    for channel in ChatChannel.objects.filter(person_id__in={r.person_id for r in due}):
        personal.setdefault(channel.person_id or 0, []).append(channel)
    circle_ids = {
        contents[r.pk].context["meeting"].circle_id  # type: ignore[union-attr]
        for r in due
        if r.kind == Kind.MEETING
    }
    by_circle: dict[int, list[ChatChannel]] = {}
    if circle_ids:
        for channel in ChatChannel.objects.filter(circle_id__in=circle_ids).select_related(
            "organisation"
        ):
            by_circle.setdefault(channel.circle_id or 0, []).append(channel)
    posts: list[ChatPost] = []
    for reminder in due:
        content = contents[reminder.pk]
        assert content is not None
        url = str(content.context.get("url", ""))[:500]
        meeting = content.context.get("meeting")
        video = (meeting.video_url if meeting is not None else "")[:500]
        for channel in personal.get(reminder.person_id, []):
            if reminder.kind in channel.kinds:
                posts.append(
                    ChatPost(
                        channel=channel,
                        kind=reminder.kind,
                        object_id=reminder.object_id,
                        occasion=f"{reminder.occasion}/{reminder.person_id}",
                        text=content.subject[:300],
                        url=url,
                        video_url=video,
                    )
                )
        if reminder.kind == Kind.MEETING and meeting is not None:
            for channel in by_circle.get(meeting.circle_id, []):
                posts.append(
                    ChatPost(
                        channel=channel,
                        kind=reminder.kind,
                        object_id=reminder.object_id,
                        occasion=reminder.occasion,
                        text=_circle_text(content, organisation_language(channel.organisation))[
                            :300
                        ],
                        url=url,
                        video_url=video,
                    )
                )
    if not posts:
        return []
    ChatPost.objects.bulk_create(posts, ignore_conflicts=True)
    keys = Q()
    for post in posts:
        keys |= Q(
            channel_id=post.channel_id,
            kind=post.kind,
            object_id=post.object_id,
            occasion=post.occasion,
            state=ChatPost.State.PENDING,
            attempts=0,
        )
    ids = list(ChatPost.objects.filter(keys).values_list("pk", flat=True))

    def send() -> None:
        from circles.notify.tasks import send_chat_post

        for post_id in ids:
            send_chat_post.enqueue(post_id)

    transaction.on_commit(send)
    return ids


def _reader_language(channel: ChatChannel) -> str:
    """The language of a channel's readers: the person's own, or the circle's organisation's."""
    if channel.person is not None:
        return language_of(channel.person)
    return organisation_language(channel.organisation)


def chat_post_send(post_id: int) -> str:
    """Post one nudge; a failure is tried again later, up to MAX_ATTEMPTS in all."""
    from circles.notify.tasks import send_chat_post

    claimed = ChatPost.objects.filter(
        pk=post_id, state=ChatPost.State.PENDING, attempts__lt=MAX_ATTEMPTS
    ).select_related("channel__organisation", "channel__person__organisation")
    post = claimed.first()
    if post is None:
        return "not due"
    attempts = post.attempts + 1
    if ChatPost.objects.filter(pk=post.pk, attempts=post.attempts).update(attempts=attempts) != 1:
        return "not claimed"
    with translation.override(_reader_language(post.channel)):
        payload = PAYLOADS[ChatChannel.Service(post.channel.service)](post)
    outcome = post_json(post.channel.webhook_url, json.dumps(payload).encode(), {})
    fields: dict[str, Any] = {
        "status_code": outcome.status_code,
        "latency_ms": outcome.latency_ms,
        "error": outcome.error,
    }
    if outcome.ok:
        fields.update(state=ChatPost.State.SENT, sent_at=timezone.now())
    elif attempts >= MAX_ATTEMPTS:
        fields.update(state=ChatPost.State.FAILED)
    ChatPost.objects.filter(pk=post.pk).update(**fields)
    if not outcome.ok and attempts < MAX_ATTEMPTS:
        delay = dt.timedelta(seconds=settings.CIRCLES_WEBHOOK_BACKOFF_SECONDS * 2 ** (attempts - 1))
        send_chat_post.using(run_after=timezone.now() + delay).enqueue(post.pk)
    return str(fields.get("state", ChatPost.State.PENDING))
