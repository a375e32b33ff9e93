"""Everything the product holds about one person, for that person's own download.

Only their own data and what they wrote themselves: a note they took is theirs, the questions
others asked about their case are not, and neither is anything else another person wrote.
Their own writing is theirs to download even from circles they have left (it is not the
circle's content they read, it is what they brought to it). Other people appear only where
the record is about this person: their manager, and the colleagues they chose to keep apart from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from circles.api.models import ApiToken
from circles.audit.selectors import events_about
from circles.enrolment.models import Enrolment
from circles.feedback.models import FeedbackRating, Pulse, QuestionnaireRespondent
from circles.groups.models import Membership
from circles.growth.models import (
    Commitment,
    CommitmentCheckIn,
    DevelopmentPlan,
    Goal,
    LearningTransferCheck,
    ManagerShare,
)
from circles.meetings.models import Attendance, Case, Meeting, Note, PersonCalendarToken, Question
from circles.notify.models import ChatChannel, Preference, Reminder
from circles.orgs.models import Invitation, Person
from circles.provisioning.models import ScimIdentity

# What a download says about itself, at the top of data.json and the readable page.
ABOUT = (
    "Everything Coaching Circles holds about you: your profile, your sign-in, your roles, the "
    "circles you are or were in, and what you wrote yourself. What other people wrote is not "
    "included, even where it answers what you wrote."
)


def _when(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _meeting(meeting: Meeting | None) -> dict[str, Any] | None:
    if meeting is None:
        return None
    return {"circle": meeting.circle.name, "starts_at": _when(meeting.starts_at)}


def _profile(person: Person) -> dict[str, Any]:
    return {
        "full_name": person.full_name,
        "email": person.email,
        "organisation": person.organisation.name,
        "employee_id": person.employee_id,
        "external_id": person.external_id,
        "department": person.department,
        "job_family": person.job_family,
        "level": person.level,
        "location": person.location,
        "time_zone": person.time_zone,
        "working_hours": f"{person.work_starts_at:%H:%M} to {person.work_ends_at:%H:%M}",
        "start_date": _when(person.start_date),
        "manager": person.manager.full_name if person.manager else None,
        "languages": list(person.languages),
        "development_interests": list(person.development_interests),
        "active": person.is_active,
        "left_on": _when(person.deactivated_at),
        "added": person.get_source_display(),
        "added_at": _when(person.created_at),
    }


def _login(person: Person) -> dict[str, Any] | None:
    user = person.user
    if user is None:
        return None
    # Whether a password is set, never the password or its hash.
    return {
        "email": user.email,
        "active": user.is_active,
        "password_set": user.has_usable_password(),
        "created_at": _when(user.date_joined),
        "last_sign_in": _when(user.last_login),
    }


def _roles(person: Person) -> dict[str, Any]:
    return {
        "organisation_role": person.get_role_display(),
        "leads_programmes": list(
            person.led_programmes.order_by("name").values_list("name", flat=True)
        ),
    }


def _memberships(person: Person) -> list[dict[str, Any]]:
    rows = Membership.objects.filter(person=person).select_related("circle__programme")
    return [
        {
            "circle": m.circle.name,
            "programme": m.circle.programme.name,
            "role": m.get_role_display(),
            "joined_on": _when(m.joined_on),
            "left_on": _when(m.left_on),
            "ground_rules_accepted_at": _when(m.ground_rules_accepted_at),
            "expectations": m.expectations,
        }
        for m in rows.order_by("joined_on", "pk")
    ]


def _meetings(person: Person) -> list[dict[str, Any]]:
    attendances = Attendance.objects.filter(person=person).select_related("meeting__circle")
    rows = []
    for attendance in attendances.order_by("meeting__starts_at", "pk"):
        meeting = attendance.meeting
        rows.append(
            {
                **(_meeting(meeting) or {}),
                "status": meeting.get_status_display(),
                "attendance": attendance.get_status_display(),
                "roles": meeting.roles_of(person)
                + (["Case giver"] if meeting.case_giver_id == person.pk else []),
            }
        )
    return rows


def _writing(person: Person) -> dict[str, list[dict[str, Any]]]:
    cases = Case.objects.filter(giver=person).select_related("meeting__circle")
    questions = Question.objects.filter(asked_by=person).select_related("case__meeting__circle")
    notes = Note.objects.filter(author=person).select_related("meeting__circle")
    cancelled = Meeting.objects.filter(cancelled_by=person).select_related("circle")
    return {
        "cases_you_brought": [
            {
                "meeting": _meeting(c.meeting),
                "kind": c.get_kind_display(),
                "title": c.title,
                "situation": c.situation,
                "help_wanted": c.help_wanted,
                "written_at": _when(c.created_at),
            }
            for c in cases.order_by("created_at", "pk")
        ],
        "questions_you_asked": [
            {"meeting": _meeting(q.case.meeting), "text": q.text, "written_at": _when(q.created_at)}
            for q in questions.order_by("created_at", "pk")
        ],
        "notes_you_took": [
            {"meeting": _meeting(n.meeting), "text": n.body, "written_at": _when(n.created_at)}
            for n in notes.order_by("created_at", "pk")
        ],
        "meetings_you_cancelled": [
            {"meeting": _meeting(m), "reason": m.cancel_reason, "at": _when(m.cancelled_at)}
            for m in cancelled.order_by("starts_at", "pk")
        ],
    }


def _commitments(person: Person) -> list[dict[str, Any]]:
    commitments = (
        Commitment.objects.filter(owner=person)
        .select_related("made_at__circle", "goal")
        .prefetch_related("follow_ups")
        .order_by("due_on", "pk")
    )
    check_ins: dict[int, list[dict[str, Any]]] = {}
    for check_in in CommitmentCheckIn.objects.filter(author=person).order_by("created_at", "pk"):
        check_ins.setdefault(check_in.commitment_id, []).append(
            {
                "update": check_in.update,
                "percent": check_in.percent,
                "state": check_in.get_state_display() if check_in.state else "",
                "at": _when(check_in.created_at),
            }
        )
    return [
        {
            "made_at": _meeting(c.made_at),
            "action": c.action,
            "due_on": _when(c.due_on),
            "status": c.get_status_display(),
            "for_goal": c.goal.title if c.goal else None,
            "follow_ups": [
                {
                    "outcome": f.get_outcome_display(),
                    "reflection": f.reflection,
                    "at": _when(f.created_at),
                }
                for f in c.follow_ups.all()
            ],
            "check_ins": check_ins.get(c.pk, []),
        }
        for c in commitments
    ]


def _transfer_checks(person: Person) -> list[dict[str, Any]]:
    checks = LearningTransferCheck.objects.filter(owner=person).order_by("due_on", "pk")
    return [
        {
            "due_on": _when(c.due_on),
            "answered_at": _when(c.answered_at),
            "applied": c.applied,
            "how": c.how,
            "effect": c.effect,
        }
        for c in checks
    ]


def _plan(person: Person) -> dict[str, Any] | None:
    plan = DevelopmentPlan.objects.filter(owner=person).first()
    if plan is None:
        return None
    goals = Goal.objects.filter(plan=plan).order_by("created_at", "pk")
    shares = ManagerShare.objects.filter(owner=person).select_related("goal", "commitment")
    return {
        "summary": plan.summary,
        "summary_shared_with_your_manager": plan.summary_shared_with_id is not None,
        "goals": [
            {
                "title": g.title,
                "skills": g.skills,
                "evidence": g.evidence,
                "status": g.get_status_display(),
                "shared_with_your_circles": g.shared_with_circle,
                "created_at": _when(g.created_at),
            }
            for g in goals
        ],
        "shared_with_a_manager": [
            {
                "item": "goal" if s.goal_id else "commitment",
                "text": s.goal.title if s.goal else (s.commitment.action if s.commitment else ""),
                "shared_at": _when(s.created_at),
            }
            for s in shares.order_by("created_at", "pk")
        ],
    }


def _feedback(person: Person) -> dict[str, list[dict[str, Any]]]:
    pulses = Pulse.objects.filter(person=person).select_related("meeting__circle")
    ratings = FeedbackRating.objects.filter(giver=person).select_related("meeting__circle")
    answered = QuestionnaireRespondent.objects.filter(person=person).select_related(
        "questionnaire__programme"
    )
    return {
        "pulses_you_gave": [
            {
                "meeting": _meeting(p.meeting),
                "safety": p.safety,
                "usefulness": p.usefulness,
                "at": _when(p.created_at),
            }
            for p in pulses.order_by("created_at", "pk")
        ],
        "feedback_you_rated": [
            {
                "meeting": _meeting(r.meeting),
                "specific": r.specific,
                "observable": r.observable,
                "impact": r.impact,
                "actionable": r.actionable,
                "comment": r.comment,
                "at": _when(r.created_at),
            }
            for r in ratings.order_by("created_at", "pk")
        ],
        # The answers themselves are anonymous: nothing links them to anyone, you included.
        "questionnaires_you_answered": [
            {
                "programme": a.questionnaire.programme.name,
                "opened_at": _when(a.questionnaire.opened_at),
            }
            for a in answered.order_by("pk")
        ],
    }


def _enrolments(person: Person) -> list[dict[str, Any]]:
    enrolments = (
        Enrolment.objects.filter(person=person)
        .select_related("programme")
        .prefetch_related("avoid")
        .order_by("created_at", "pk")
    )
    return [
        {
            "programme": e.programme.name,
            "status": e.get_status_display(),
            "invited_at": _when(e.invited_at),
            "answered_at": _when(e.answered_at),
            "development_interests": list(e.development_interests),
            "languages": list(e.languages),
            "meeting_times": list(e.meeting_times),
            # Your own private choice: shown to you and to nobody else.
            "keep_apart_from": sorted(p.full_name for p in e.avoid.all()),
        }
        for e in enrolments
    ]


def _reminders(person: Person) -> dict[str, Any]:
    preference = Preference.objects.filter(person=person).first()
    choices = (
        {
            # A name in the reader's language (JSON keys must be plain strings).
            str(field.verbose_name): getattr(preference, field.name)
            for field in Preference._meta.fields
            if field.get_internal_type() == "BooleanField"
        }
        if preference
        else "every reminder is on (you never changed these settings)"
    )
    sent = Reminder.objects.filter(person=person).order_by("created_at", "pk")
    return {
        "preferences": choices,
        "reminders": [
            {
                "kind": r.get_kind_display(),
                "occasion": r.occasion,
                "state": r.get_state_display(),
                "sent_at": _when(r.sent_at),
            }
            for r in sent
        ],
    }


def _invitation(person: Person) -> dict[str, Any] | None:
    invitation = Invitation.objects.filter(person=person).first()
    if invitation is None:
        return None
    return {
        "first_sent_at": _when(invitation.first_sent_at),
        "last_sent_at": _when(invitation.last_sent_at),
        "times_sent": invitation.send_count,
        "accepted_at": _when(invitation.accepted_at),
    }


def _provisioning(person: Person) -> dict[str, Any] | None:
    identity = ScimIdentity.objects.filter(person=person).first()
    if identity is None:
        return None
    return {
        "user_name": identity.user_name,
        "as_your_identity_provider_sent_it": identity.attributes,
        "removed_by_the_provider_at": _when(identity.deleted_at),
    }


def _audit(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "at": _when(e.created_at),
            "what": e.get_action_display(),
            "by": e.actor_label,
            "summary": e.summary,
        }
        for e in events_about(person)
    ]


def _api_tokens(person: Person) -> list[dict[str, Any]]:
    """Tokens acting as the person: never their secrets, which are not kept."""
    return [
        {
            "name": t.name,
            "starts_with": t.prefix,
            "scope": t.scope,
            "made_at": _when(t.created_at),
            "expires_at": _when(t.expires_at),
            "last_used_at": _when(t.last_used_at),
            "revoked_at": _when(t.revoked_at),
        }
        for t in ApiToken.objects.filter(person=person).order_by("created_at", "pk")
    ]


def _library(person: Person) -> dict[str, Any]:
    from circles.library.models import LibraryItem, StoryConsent
    from circles.networks.models import Network
    from circles.onboarding.models import Volunteer
    from circles.training.models import TrainingProgress

    items = LibraryItem.objects.filter(author=person).order_by("created_at", "pk")
    asked = StoryConsent.objects.filter(person=person).select_related("story__item")
    return {
        "items_you_wrote": [
            {
                "kind": i.get_kind_display(),
                "title": i.title,
                "text": i.body,
                "status": i.get_status_display(),
                "written_at": _when(i.created_at),
            }
            for i in items
        ],
        "stories_that_name_you": [
            {
                "title": c.story.item.title,
                "your_answer": c.get_state_display(),
                "answered_at": _when(c.decided_at),
            }
            for c in asked
        ],
        "hosting_new_colleagues": Volunteer.objects.filter(person=person).exists(),
        "facilitator_training_steps_done": sorted(
            TrainingProgress.objects.filter(person=person).values_list("step", flat=True)
        ),
        "networks_you_lead": sorted(
            Network.objects.filter(leads=person).values_list("name", flat=True)
        ),
    }


def personal_data(person: Person) -> dict[str, Any]:
    """The whole download, as plain JSON-ready values."""
    person = Person.objects.select_related("organisation", "manager", "user").get(pk=person.pk)
    feeds = PersonCalendarToken.objects.filter(person=person).order_by("created_at", "pk")
    return {
        "about_this_download": {"made_at": _when(timezone.now()), "what": ABOUT},
        "profile": _profile(person),
        "sign_in": _login(person),
        "roles": _roles(person),
        "circles": _memberships(person),
        "meetings": _meetings(person),
        "what_you_wrote_in_circles": _writing(person),
        "commitments": _commitments(person),
        "learning_transfer_checks": _transfer_checks(person),
        "development_plan": _plan(person),
        "feedback": _feedback(person),
        "enrolments": _enrolments(person),
        "library": _library(person),
        "reminders": _reminders(person),
        "calendar_feeds": [
            {"made_at": _when(t.created_at), "revoked_at": _when(t.revoked_at)} for t in feeds
        ],
        "api_tokens": _api_tokens(person),
        "chat_channels": [
            {"service": c.get_service_display(), "label": c.label, "reminders": c.kinds}
            for c in ChatChannel.objects.filter(person=person).order_by("pk")
        ],
        "invitation": _invitation(person),
        "provisioning": _provisioning(person),
        "audit_events_about_you": _audit(person),
    }
