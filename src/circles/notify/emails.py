"""Turning a reminder into an email: HTML and plain text from templates, unsubscribe links."""

from __future__ import annotations

import hashlib
from email.utils import parseaddr

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .content import Content, absolute, speaking_to
from .models import Kind, Reminder

UNSUBSCRIBE_SALT = "circles.notify.unsubscribe"
ALL = "all"


def unsubscribe_token(person_id: int, kind: str) -> str:
    """A signed, non-expiring token: it only ever switches reminders off, never on."""
    return signing.dumps({"p": person_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(person id, kind or "all"); raises signing.BadSignature when tampered with."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        raise signing.BadSignature("Malformed unsubscribe token.")
    kind = data.get("k")
    if kind != ALL and kind not in Kind.values:
        raise signing.BadSignature("Unknown reminder kind.")
    return data["p"], str(kind)


def unsubscribe_url(person_id: int, kind: str) -> str:
    return absolute(reverse("notify_unsubscribe", args=[unsubscribe_token(person_id, kind)]))


def _domain() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "localhost"


def message_id(reminder: Reminder) -> str:
    """The same Message-ID for every attempt at one reminder.

    If a worker dies after the SMTP server accepted a message but before the ledger says
    "sent", the retry carries the same Message-ID, which mail stores treat as one message.
    """
    key = f"{reminder.kind}:{reminder.object_id}:{reminder.person_id}:{reminder.occasion}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    return f"<reminder.{reminder.pk}.{digest}@{_domain()}>"


def build(reminder: Reminder, content: Content) -> EmailMultiAlternatives:
    """The email of one reminder, rendered in the recipient's language and on their clock
    (the subject too was written in it: see ``delivery.deliver``)."""
    with speaking_to(reminder.person):
        return _build(reminder, content)


def _build(reminder: Reminder, content: Content) -> EmailMultiAlternatives:
    person = reminder.person
    context = {
        **content.context,
        "person": person,
        "kind": reminder.kind,
        "preferences_url": absolute(reverse("notify_preferences")),
        "unsubscribe_url": unsubscribe_url(person.pk, reminder.kind),
    }
    text = render_to_string(f"notify/email/{content.template}.txt", context)
    html = render_to_string(f"notify/email/{content.template}.html", context)
    headers = {
        "Message-ID": message_id(reminder),
        # RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs here.
        "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    message = EmailMultiAlternatives(
        subject=str(content.subject),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[f"{person.full_name} <{person.email}>"],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    for filename, data, mimetype in content.attachments:
        message.attach(filename, data, mimetype)
    return message
