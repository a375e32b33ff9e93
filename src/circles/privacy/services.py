"""Privacy rights: a person's download of their own data, and erasure by an organisation admin.

Erasure keeps the person's row, anonymised, so that every record of the circles they were in
still reads for the others: meetings, attendance, roles held, pulses and ratings stay, shown as
"A former member". What identifies them goes (name, addresses, ids, attributes, sign-in, what
the identity provider sent); what they wrote is replaced by a neutral marker where the record
carries the circle's history (cases, questions, notes, commitments) and removed where it is
theirs alone (their plan and goals, check-in texts, reflections, expectations, comments, their
enrolment profile, reminders, calendar feeds). Figures keep counting the same rows, so
programme totals do not move; breakdowns by department or location count the person under
"not given" from then on, since those attributes are gone.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from circles.accounts.models import User
from circles.accounts.services import sign_in_records_erase
from circles.api.models import ApiToken
from circles.audit.models import Action
from circles.audit.services import FORMER_MEMBER, audit_record, audit_redact_person
from circles.enrolment.models import Enrolment
from circles.feedback.models import FeedbackPrompt, FeedbackRating
from circles.formation.models import FormationRun
from circles.groups.models import Membership
from circles.growth.models import (
    Commitment,
    CommitmentCheckIn,
    DevelopmentPlan,
    FollowUp,
    LearningTransferCheck,
    ManagerShare,
)
from circles.lib.errors import DomainError
from circles.meetings.models import Case, Meeting, Note, PersonCalendarToken, Question
from circles.notify.models import ChatChannel, Preference, Reminder
from circles.orgs.models import (
    ERASED_EMAIL_DOMAIN,
    Invitation,
    PeopleImport,
    PeopleImportChange,
    PeopleImportError,
    Person,
    Role,
)
from circles.orgs.people.services import person_deactivate
from circles.orgs.selectors import can_manage_organisation
from circles.provisioning.models import ScimIdentity
from circles.webhooks.models import Event as WebhookEvent

# What stands where an erased person's writing was, in records the circle keeps.
REMOVED = "(removed at the author's request)"
# Addresses of erased people: unique, and in a domain that can never receive mail (RFC 2606).
# The words someone must type to confirm an erasure.
CONFIRMATION = "erase"


def data_download_record(*, person: Person) -> None:
    """A person downloaded their own data: the organisation's log says so."""
    audit_record(
        organisation_id=person.organisation_id,
        action=Action.DATA_DOWNLOADED,
        target=person,
        summary="Downloaded everything the product holds about them",
    )


def _check(person: Person, by: Person) -> None:
    if not can_manage_organisation(by) or by.organisation_id != person.organisation_id:
        raise DomainError(_("Only an admin of the person's organisation can erase them."))
    if by.pk == person.pk:
        raise DomainError(_("You cannot erase yourself: ask another admin of the organisation."))
    if person.is_erased:
        raise DomainError(_("This person has already been erased."))


def _mentions(values: QuerySet[Any], field: str, needles: list[str]) -> QuerySet[Any]:
    """Rows whose JSON or text column mentions any needle, compared as text in SQL."""
    text = values.annotate(_as_text=Cast(field, TextField()))
    condition = Q()
    for needle in needles:
        condition |= Q(_as_text__icontains=needle)
    return text.filter(condition)


def _needles(*words: str) -> list[str]:
    """The words, also as JSON writes them (non-ASCII letters escaped on some databases)."""
    found: set[str] = set()
    for word in words:
        if word:
            found |= {word, json.dumps(word)[1:-1]}
    return sorted(found)


def _scrub(value: Any, words: set[str]) -> Any:
    """The value with every mention of the words replaced by "A former member"."""
    if isinstance(value, str):
        for word in words:
            if word:
                value = re.sub(re.escape(word), FORMER_MEMBER, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, dict):
        return {k: _scrub(v, words) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, words) for v in value]
    return value


def _erase_writing(person: Person) -> None:
    """What they wrote: a marker where the circle's record needs it, nothing where it is theirs."""
    Case.objects.filter(giver=person).update(title=REMOVED, situation=REMOVED, help_wanted="")
    Question.objects.filter(asked_by=person).update(text=REMOVED)
    Note.objects.filter(author=person).update(body=REMOVED)
    Meeting.objects.filter(cancelled_by=person).exclude(cancel_reason="").update(
        cancel_reason=REMOVED
    )
    Membership.objects.filter(person=person).update(expectations="")
    Commitment.objects.filter(owner=person).update(action=REMOVED)
    FollowUp.objects.filter(commitment__owner=person).update(reflection="")
    CommitmentCheckIn.objects.filter(Q(author=person) | Q(commitment__owner=person)).update(
        update=""
    )
    LearningTransferCheck.objects.filter(owner=person).update(how="", effect="")
    FeedbackRating.objects.filter(giver=person).update(comment="")
    # Their plan is theirs alone; commitments that served a goal keep counting without it.
    DevelopmentPlan.objects.filter(owner=person).delete()
    DevelopmentPlan.objects.filter(summary_shared_with=person).update(summary_shared_with=None)
    ManagerShare.objects.filter(Q(owner=person) | Q(manager=person)).delete()


def _erase_library(person: Person, name: str) -> None:
    """Their stories go; consents they gave are withdrawn (taking those stories down) and
    their name leaves the stories' text; other items they wrote stay, without an author."""
    from circles.library.models import Kind, LibraryItem, StoryConsent
    from circles.library.search import purge_removed_terms
    from circles.library.services import index_item
    from circles.library.stories.services import story_consent_decide
    from circles.networks.models import Network
    from circles.onboarding.models import Volunteer
    from circles.training.models import TrainingProgress

    LibraryItem.objects.filter(author=person, kind=Kind.STORY).delete()
    LibraryItem.objects.filter(author=person).update(author=None)
    for consent in StoryConsent.objects.filter(person=person).select_related("story__item"):
        if consent.state != StoryConsent.State.WITHDRAWN:
            story_consent_decide(consent=consent, person=person, give=False)
        item = LibraryItem.objects.get(pk=consent.story.item_id)
        item.title = _scrub(item.title, {name})
        item.body = _scrub(item.body, {name})
        item.save(update_fields=["title", "body", "updated_at"])
        index_item(item)
    Volunteer.objects.filter(person=person).delete()
    TrainingProgress.objects.filter(person=person).delete()
    for network in Network.objects.filter(leads=person):
        network.leads.remove(person)
    purge_removed_terms()


def _erase_settings(person: Person) -> None:
    FeedbackPrompt.objects.filter(person=person).delete()
    Preference.objects.filter(person=person).delete()
    Reminder.objects.filter(person=person).delete()
    PersonCalendarToken.objects.filter(person=person).delete()
    # Their API tokens and chat channels go: nothing acts as them or posts to them any more.
    ApiToken.objects.filter(person=person).delete()
    ChatChannel.objects.filter(person=person).delete()
    Invitation.objects.filter(person=person).delete()
    for enrolment in Enrolment.objects.filter(person=person):
        enrolment.avoid.clear()
    Enrolment.objects.filter(person=person).update(
        development_interests=[], languages=[], meeting_times=[]
    )


def _erase_imports(person: Person, name: str, email: str) -> None:
    """The HR imports: their rows lose name and address; files not yet applied are discarded.

    A file still waiting holds everyone's rows, the erased person's among them, and cannot be
    edited safely; it is dropped with a message to upload it again.
    """
    imports = PeopleImport.objects.filter(organisation_id=person.organisation_id)
    waiting = imports.exclude(status=PeopleImport.Status.APPLIED).exclude(content=b"")
    waiting_ids = list(waiting.values_list("pk", flat=True))
    PeopleImportChange.objects.filter(people_import_id__in=waiting_ids).delete()
    PeopleImportError.objects.filter(people_import_id__in=waiting_ids).delete()
    PeopleImport.objects.filter(pk__in=waiting_ids).update(
        content=b"",
        status=PeopleImport.Status.FAILED,
        phase="",
        message="Discarded after someone was erased from the organisation: upload the file again.",
    )
    changes = PeopleImportChange.objects.filter(people_import__in=imports)
    changes.filter(Q(person=person) | Q(email__iexact=email)).update(
        full_name=FORMER_MEMBER, email="", details={}
    )
    words = {name, email}
    for change in _mentions(changes, "details", _needles(name, email)).iterator(chunk_size=500):
        PeopleImportChange.objects.filter(pk=change.pk).update(
            details=_scrub(change.details, words)
        )
    errors = PeopleImportError.objects.filter(people_import__in=imports)
    _mentions(errors, "reason", _needles(name, email)).update(reason=REMOVED)


def _erase_elsewhere(person: Person, user_id: int | None, name: str, email: str) -> None:
    """Formation proposals that name them, queued emails and task results addressed to them,
    the operators' change history, the sign-in records of their address."""
    runs = FormationRun.objects.filter(organisation_id=person.organisation_id)
    needles, words = _needles(name, email), {name, email}
    for column in ("figures", "message"):
        for run in _mentions(runs, column, needles).iterator(chunk_size=100):
            FormationRun.objects.filter(pk=run.pk).update(
                **{column: _scrub(getattr(run, column), words)}
            )
    # Webhook events name people by id, employee id and email: the address goes from them.
    hooks = WebhookEvent.objects.filter(organisation_id=person.organisation_id)
    for event in _mentions(hooks, "data", _needles(email)).iterator(chunk_size=500):
        data = _scrub(event.data, {email})
        about = data.get("person") if isinstance(data, dict) else None
        if isinstance(about, dict) and about.get("id") == person.pk:
            data["person"] = {"id": person.pk, "employee_id": "", "email": ""}
        WebhookEvent.objects.filter(pk=event.pk).update(data=data)
    tasks = _mentions(DBTaskResult.objects.all(), "args_kwargs", _needles(email, name))
    DBTaskResult.objects.filter(pk__in=list(tasks.values_list("pk", flat=True))).delete()
    entries = Q(content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk))
    if user_id is not None:
        entries |= Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user_id))
    LogEntry.objects.filter(entries).update(object_repr=FORMER_MEMBER, change_message="[]")
    sign_in_records_erase(email=email)


def _anonymise(person: Person) -> None:
    placeholder = f"erased-{person.pk}-{secrets.token_hex(4)}@{ERASED_EMAIL_DOMAIN}"
    Person.objects.filter(pk=person.pk).update(
        user=None,
        role=Role.MEMBER,
        full_name=FORMER_MEMBER,
        email=placeholder,
        employee_id="",
        external_id="",
        department="",
        job_family="",
        level=1,
        location="",
        time_zone="UTC",
        work_starts_at=Person._meta.get_field("work_starts_at").get_default(),
        work_ends_at=Person._meta.get_field("work_ends_at").get_default(),
        start_date=None,
        manager=None,
        languages=[],
        development_interests=[],
        is_active=False,
        deactivated_at=person.deactivated_at or timezone.now(),
        updated_at=timezone.now(),
    )
    person.led_programmes.clear()
    # A former member manages nobody: their reports get no manager until HR names one.
    Person.objects.filter(manager=person).update(manager=None)
    # The provider's record goes; kept as a deleted identity so the provider no longer sees them
    # and a later create with the old userName is someone new, not this person back.
    ScimIdentity.objects.filter(person=person).update(
        user_name=placeholder,
        user_name_key=placeholder,
        attributes={},
        deleted_at=timezone.now(),
    )


@transaction.atomic
def person_erase(*, person: Person, by: Person) -> Person:
    """Erase a person at an admin's request (see the module's description for what stays)."""
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    _check(person, by)
    name, email, user_id = person.full_name, person.email, person.user_id
    if person.is_active:
        # Leaving first: out of their circles and enrolments, roles re-planned, signed out.
        person = person_deactivate(person=person)
    _erase_writing(person)
    _erase_library(person, name)
    _erase_settings(person)
    _erase_imports(person, name, email)
    _anonymise(person)
    if user_id is not None:
        # The login goes entirely: password hash, last sign-in, and anything hung on it.
        User.objects.filter(pk=user_id).delete()
    _erase_elsewhere(person, user_id, name, email)
    audit_redact_person(person_id=person.pk)
    person.refresh_from_db()
    audit_record(
        organisation_id=person.organisation_id,
        action=Action.PERSON_ERASED,
        target=person,
        summary="Erased at an admin's decision: personal data removed, circle records kept",
        details={"person_id": person.pk},
    )
    return person
