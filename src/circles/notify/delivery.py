"""Sending reminders exactly once, with any number of workers that may die at any moment.

Each reminder row moves pending -> sending -> sent. A worker claims one row with a conditional
UPDATE (``WHERE state = pending OR (state = sending AND lease_until < now)``) and goes on only if
exactly one row changed, so two workers never both send it. The claim carries a lease: if the
worker dies after claiming, the row stays "sending" until the lease runs out, then the sweep
enqueues it again and another worker claims it.

The one window left is between the SMTP server accepting a message and the row being marked
sent: a worker killed exactly there sends the message again after the lease. That retry has the
same Message-ID (see ``emails.message_id``), so mail stores that de-duplicate on it (most do)
still show one message. No protocol closes this window completely: SMTP and the database cannot
commit together. Marking "sent" before sending would turn the window into a lost reminder
instead, which is worse for a reminder than a duplicate with the same Message-ID.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone, translation

from circles.languages.selection import language_of

from .chat.services import chat_nudges_queue
from .emails import build, message_id
from .kinds import HANDLERS, reminders_by_kind
from .models import PREFERENCE_OF_KIND, Preference, Reminder

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Errors that mean the server is unreachable: stop the batch, the rest waits for a retry.
CONNECTION_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError)


@dataclass
class BatchResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    not_claimed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "sent": self.sent,
            "skipped": self.skipped,
            "failed": self.failed,
            "not_claimed": self.not_claimed,
        }


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.CIRCLES_REMINDER_LEASE_SECONDS)


def claimable(now: dt.datetime) -> Q:
    return Q(state=Reminder.State.PENDING) | Q(state=Reminder.State.SENDING, lease_until__lt=now)


def _claim(reminder_id: int, token: str) -> bool:
    now = timezone.now()
    changed = Reminder.objects.filter(claimable(now), pk=reminder_id).update(
        state=Reminder.State.SENDING,
        claim_token=token,
        lease_until=now + lease(),
        attempts=F("attempts") + 1,
    )
    return changed == 1


def _finish(reminder_id: int, token: str, **fields: object) -> bool:
    """Update a row we hold; False if our lease ran out and another worker took it over."""
    mine = Reminder.objects.filter(pk=reminder_id, claim_token=token, state=Reminder.State.SENDING)
    return mine.update(claim_token="", lease_until=None, **fields) == 1


def _opted_out(reminders: list[Reminder]) -> set[int]:
    prefs = {
        p.person_id: p
        for p in Preference.objects.filter(person_id__in={r.person_id for r in reminders})
    }
    out = set()
    for reminder in reminders:
        pref = prefs.get(reminder.person_id)
        if pref is not None and not getattr(pref, PREFERENCE_OF_KIND[reminder.kind]):
            out.add(reminder.pk)
    return out


def deliver(reminder_ids: list[int]) -> BatchResult:
    """Send the given reminders over one SMTP connection; safe to run twice or concurrently."""
    result = BatchResult()
    token = secrets.token_hex(16)
    reminders = list(
        Reminder.objects.filter(claimable(timezone.now()), pk__in=reminder_ids)
        .select_related("person__organisation")
        .order_by("pk")
    )
    result.not_claimed = len(reminder_ids) - len(reminders)
    if not reminders:
        return result
    now = timezone.now()
    opted_out = _opted_out(reminders)
    contents = {}
    for kind, group in reminders_by_kind(reminders).items():
        # Each kind writes its subjects and labels in the language active while it runs: one
        # call per language of the recipients (a few at most), whichever module the kind is in.
        for language, speakers in _by_language(group).items():
            with translation.override(language):
                contents.update(HANDLERS[kind].contents(speakers, now))
    # Chat nudges go their own way (recorded once, posted by the worker), whatever SMTP does.
    chat_nudges_queue(reminders, contents, opted_out)
    connection = get_connection()
    try:
        # Opened here, not by send_messages, so the whole batch shares one SMTP session.
        connection.open()
    except CONNECTION_ERRORS as error:
        logger.warning("SMTP unreachable, nothing sent: %s", error)
        result.failed = len(reminders)
        return result
    try:
        for reminder in reminders:
            if not _claim(reminder.pk, token):
                result.not_claimed += 1
                continue
            content = contents.get(reminder.pk)
            if content is None or reminder.pk in opted_out:
                _finish(reminder.pk, token, state=Reminder.State.SKIPPED)
                result.skipped += 1
                continue
            message = build(reminder, content)
            try:
                connection.send_messages([message])
            except CONNECTION_ERRORS as error:
                _give_back(reminder, token, error)
                result.failed += 1
                logger.warning("SMTP unreachable, batch stopped: %s", error)
                break
            except smtplib.SMTPException as error:
                _give_back(reminder, token, error)
                result.failed += 1
                continue
            if not _finish(
                reminder.pk,
                token,
                state=Reminder.State.SENT,
                sent_at=timezone.now(),
                message_id=message_id(reminder),
                last_error="",
            ):
                logger.warning("Lease of reminder %s ran out while sending it.", reminder.pk)
            result.sent += 1
    finally:
        connection.close()
    return result


def _by_language(reminders: list[Reminder]) -> dict[str, list[Reminder]]:
    grouped: dict[str, list[Reminder]] = {}
    for reminder in reminders:
        grouped.setdefault(language_of(reminder.person), []).append(reminder)
    return grouped


def _give_back(reminder: Reminder, token: str, error: Exception) -> None:
    attempts = Reminder.objects.filter(pk=reminder.pk).values_list("attempts", flat=True).first()
    state = Reminder.State.FAILED if (attempts or 0) >= MAX_ATTEMPTS else Reminder.State.PENDING
    # enqueued_at = now: the sweep retries after one lease, not at once (a simple backoff).
    _finish(
        reminder.pk,
        token,
        state=state,
        last_error=str(error)[:300],
        enqueued_at=timezone.now(),
    )
