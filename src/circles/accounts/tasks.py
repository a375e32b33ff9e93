"""Background email for sign-in matters, run by `circles db_worker`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task

from circles.ops.priorities import SOMEONE_WAITS


@task(priority=SOMEONE_WAITS)
def send_email(*, subject: str, text: str, html: str, to: list[str]) -> int:
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers={"Auto-Submitted": "auto-generated"},
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
