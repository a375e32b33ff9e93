"""The meeting runner page, its live endpoint and the small POSTs that move a meeting along.

How the question storm reaches every screen: short polling. ``runner.js`` asks
``/meetings/<id>/run/live`` every few seconds with the cursors of the last question and note it
has (``?q=&n=``) and the ETag of the last answer. When nothing changed the server answers
304 with no body after two small indexed queries; otherwise a small JSON document with only the
new questions and notes and the current step. Polling was chosen over server-sent events or
websockets because the app is served by plain WSGI processes that keep no state: a held-open
stream would pin one worker thread per open runner, and would need a broker to fan updates out
across several app servers, while a poll every few seconds is cheap, survives proxies and
sleeping phones, and a delay of two or three seconds is invisible in a conversation.
Without JavaScript every form still posts and the page reloads with the same state.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Max, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from circles.growth.commitments.forms import CommitmentForm, FollowUpForm
from circles.growth.commitments.selectors import commitments_made_at, commitments_to_follow_up
from circles.growth.models import Commitment
from circles.languages import formats
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.lib.usertext import linkify
from circles.meetings.agenda.services import templates_for_programme
from circles.meetings.models import Case, Meeting, MeetingRun, Note, Question
from circles.meetings.record import submissions
from circles.meetings.record.forms import AttendanceForm, CaseForm, NoteForm, attended_initial
from circles.meetings.runner import services as runner
from circles.meetings.runner.forms import (
    ChooseAgendaForm,
    ClientsForm,
    MoveForm,
    PersonForm,
    QuestionForm,
)
from circles.meetings.selectors import meetings_visible_to
from circles.orgs.models import Person

POLL_SECONDS = 3


def _meeting(request: HttpRequest, meeting_id: int) -> tuple[Person, Meeting]:
    person = current_person(request)
    meeting = (
        meetings_visible_to(person)
        .filter(pk=meeting_id)
        .select_related(
            "circle", "agenda_template", "facilitator", "host", "note_taker", "case_giver"
        )
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting.")
    return person, meeting


def _run(meeting: Meeting) -> MeetingRun | None:
    return MeetingRun.objects.filter(meeting=meeting).first()


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _members(meeting: Meeting) -> list[Person]:
    return list(submissions.members_of(meeting))


def _cases(meeting: Meeting) -> list[Case]:
    return list(
        meeting.cases.select_related("giver").prefetch_related(
            Prefetch("questions", queryset=Question.objects.select_related("asked_by"))
        )
    )


def _question_json(q: Question) -> dict[str, Any]:
    return {
        "id": q.pk,
        "text": q.text,
        # Escaped on the server, addresses as safe links: the script inserts it as it is.
        "html": str(linkify(q.text)),
        "by": q.asked_by.full_name if q.asked_by else "",
    }


def _note_json(n: Note) -> dict[str, Any]:
    return {
        "id": n.pk,
        "body": n.body,
        "html": str(linkify(n.body)),
        "by": n.author.full_name if n.author else _("A former member"),
        "at": formats.format_local_time(n.created_at),
    }


def _state(meeting: Meeting, run: MeetingRun | None, names: dict[int, str]) -> dict[str, Any]:
    """The step, the timebox and who has not been heard: what every screen must agree on."""
    if run is None:
        return {"version": 0, "started": False}
    turn = runner.turn_of(run, runner.agenda_steps_of(meeting), names)
    askers = set(
        Question.objects.filter(case__meeting=meeting).values_list("asked_by_id", flat=True)
    )
    givers = set(meeting.cases.values_list("giver_id", flat=True))
    if meeting.case_giver_id:
        givers.add(meeting.case_giver_id)
    step = turn.step
    return {
        "version": run.version,
        "started": True,
        "finished": run.finished_at is not None,
        "number": turn.number,
        "total": turn.total_stops,
        "first": turn.number <= 1,
        "last": turn.number >= turn.total_stops,
        "title": step.title if step else _("No agenda"),
        "prompt": step.prompt if step else "",
        "lead": step.lead_role_in_sentence if step else "",
        "silent": bool(step and step.case_giver_silent),
        "person": turn.person_label,
        "timebox": turn.timebox_seconds,
        "started_at": turn.started_at.isoformat(),
        "ends_at": turn.ends_at.isoformat(),
        # Someone who left the circle since the meeting started is no longer listed.
        "quiet": [names[pid] for pid in runner.quiet_people(run, askers, givers) if pid in names],
        "spoken": list(run.spoken),
    }


def _cursors(meeting: Meeting) -> tuple[int, int]:
    last_q = Question.objects.filter(case__meeting=meeting).aggregate(m=Max("pk"))["m"] or 0
    last_n = Note.objects.filter(meeting=meeting).aggregate(m=Max("pk"))["m"] or 0
    return last_q, last_n


def _live_payload(
    meeting: Meeting, run: MeetingRun | None, since_q: int, since_n: int
) -> dict[str, Any]:
    names = {p.pk: p.full_name for p in _members(meeting)}
    questions = Question.objects.filter(case__meeting=meeting, pk__gt=since_q).select_related(
        "asked_by"
    )
    notes = Note.objects.filter(meeting=meeting, pk__gt=since_n).select_related("author")
    return {
        "state": _state(meeting, run, names),
        "server_now": timezone.now().isoformat(),
        "questions": [_question_json(q) for q in questions.order_by("pk")],
        "notes": [_note_json(n) for n in notes.order_by("pk")],
    }


def _int_param(request: HttpRequest, name: str) -> int:
    try:
        return max(0, int(request.GET.get(name, "0")))
    except ValueError:
        return 0


@require_GET
@person_required
def runner_live(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """New questions and notes after the given cursors, and the current step, as JSON."""
    _, meeting = _meeting(request, meeting_id)
    run = _run(meeting)
    last_q, last_n = _cursors(meeting)
    etag = f'"{run.version if run else 0}.{last_q}.{last_n}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = JsonResponse(
            _live_payload(meeting, run, _int_param(request, "q"), _int_param(request, "n"))
        )
    # No Cache-Control here: like every answer it is never stored (NoStoreMiddleware); the
    # 304 still works because runner.js sends the ETag it kept itself.
    response["ETag"] = etag
    return response


def _page(
    request: HttpRequest, person: Person, meeting: Meeting, *, status: int = 200, **bound: Any
) -> HttpResponse:
    run = _run(meeting)
    members = _members(meeting)
    names = {p.pk: p.full_name for p in members}
    cases = _cases(meeting)
    questions = sorted((q for c in cases for q in c.questions.all()), key=lambda q: q.pk)
    notes = list(meeting.notes.select_related("author").order_by("pk"))
    state = _state(meeting, run, names)
    turn_person = None
    remaining = 0
    if run is not None:
        turn = runner.turn_of(run, runner.agenda_steps_of(meeting), names)
        turn_person = turn.person_id
        remaining = turn.remaining_seconds(timezone.now())
    giver_id = turn_person or meeting.case_giver_id or (cases[0].giver_id if cases else None)
    current_case = next((c for c in cases if c.giver_id == giver_id), cases[0] if cases else None)
    attendances = list(meeting.attendances.select_related("person"))
    follow_ups = list(commitments_to_follow_up(meeting))
    member_qs = submissions.members_of(meeting)
    agendas = list(templates_for_programme(meeting.circle.programme)) if run is None else []
    first = run is None and runner.is_first_meeting(meeting)
    context: dict[str, Any] = {
        "person": person,
        "meeting": meeting,
        "circle": meeting.circle,
        "run": run,
        "state": state,
        "steps": runner.agenda_steps_of(meeting),
        "cases": cases,
        "current_case": current_case,
        "questions": questions,
        "notes": notes,
        "go_round": [(pid, names[pid]) for pid in (run.go_round if run else []) if pid in names],
        "clients": [names[pid] for pid in (run.clients if run else []) if pid in names],
        "remaining": remaining,
        # Whole minutes, rounded up: "1 min left" until the very end.
        "remaining_minutes": (abs(remaining) + 59) // 60,
        "cursor_q": questions[-1].pk if questions else 0,
        "cursor_n": notes[-1].pk if notes else 0,
        "poll_seconds": POLL_SECONDS,
        "server_now": timezone.now().isoformat(),
        "commitments": list(commitments_made_at(meeting)),
        "follow_ups": [
            (c, bound.get(f"follow_up_{c.pk}") or FollowUpForm(prefix=f"fu{c.pk}"))
            for c in follow_ups
        ],
        "attendances": attendances,
        "question_form": bound.get("question_form")
        or QuestionForm(cases=cases, initial={"case": current_case.pk if current_case else None}),
        "case_form": bound.get("case_form")
        or CaseForm(members=member_qs, initial={"giver": giver_id or person.pk}),
        "note_form": bound.get("note_form") or NoteForm(),
        "commitment_form": bound.get("commitment_form")
        or CommitmentForm(members=member_qs, initial={"owner": giver_id or person.pk}),
        "attendance_form": bound.get("attendance_form")
        or AttendanceForm(
            members=member_qs,
            # Before attendance is saved, those in the go-round are likely there.
            initial={"attended": attended_initial(attendances, run.go_round if run else [])},
        ),
        "clients_form": bound.get("clients_form")
        or ClientsForm(members=member_qs, initial={"clients": run.clients if run else []}),
        "is_cancelled": meeting.status == Meeting.Status.CANCELLED,
        "error": bound.get("error"),
        "confirm_early": bound.get("confirm_early", False),
        "can_reopen": runner.can_reopen(run),
        "agendas": agendas,
        "first_meeting": first,
        "suggested_agenda": next(
            (t.pk for t in agendas if first and t.builtin_key == "kickoff"),
            meeting.agenda_template_id,
        ),
    }
    return render(request, "meetings/runner.html", context, status=status)


def _done(request: HttpRequest, meeting: Meeting, anchor: str, message: str) -> HttpResponse:
    if _wants_json(request):
        run = _run(meeting)
        return JsonResponse(
            _live_payload(meeting, run, _int_param(request, "q"), _int_param(request, "n"))
        )
    messages.success(request, message)
    return redirect(reverse("meeting_runner", args=[meeting.pk]) + f"#{anchor}")


def _refused(
    request: HttpRequest,
    person: Person,
    meeting: Meeting,
    error: DomainError | str,
    **bound: Any,
) -> HttpResponse:
    text = error.message if isinstance(error, DomainError) else error
    if _wants_json(request):
        # The current state comes with the refusal, so a screen that was behind catches up.
        payload = _live_payload(
            meeting, _run(meeting), _int_param(request, "q"), _int_param(request, "n")
        )
        return JsonResponse({"error": text, **payload}, status=400)
    return _page(request, person, meeting, status=400, error=text, **bound)


@require_GET
@person_required
def runner_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    return _page(request, person, meeting)


@require_POST
@person_required
def runner_start(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    try:
        runner.run_start(
            meeting=meeting, started_by=person, early_ok=request.POST.get("early") == "yes"
        )
    except runner.EarlyStart as early:
        return _refused(request, person, meeting, early, confirm_early=True)
    except DomainError as error:
        return _refused(request, person, meeting, error)
    return _done(request, meeting, "step", _("The meeting has started."))


def _started(person: Person, meeting: Meeting) -> MeetingRun:
    run = _run(meeting)
    if run is None:
        raise DomainError(_("Start the meeting first."))
    return run


@require_POST
@person_required
def runner_move(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, person, meeting, _("Choose next or previous."))
    steps = 1 if form.cleaned_data["direction"] == "next" else -1
    try:
        runner.run_move(
            run=_started(person, meeting),
            moved_by=person,
            steps=steps,
            expected_version=form.cleaned_data.get("version"),
        )
    except DomainError as error:
        return _refused(request, person, meeting, error)
    return _done(request, meeting, "step", _("Moved on.") if steps > 0 else _("Moved back."))


@require_POST
@person_required
def runner_timer(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    try:
        runner.run_restart_timer(run=_started(person, meeting), by=person)
    except DomainError as error:
        return _refused(request, person, meeting, error)
    return _done(request, meeting, "step", _("The timer restarted."))


@require_POST
@person_required
def runner_order(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    form = PersonForm(request.POST)
    if not form.is_valid():
        return _refused(request, person, meeting, _("Choose a person."))
    try:
        run = _started(person, meeting)
        if form.cleaned_data["action"] == "earlier":
            runner.run_move_earlier(run=run, by=person, person_id=form.cleaned_data["person"])
        else:
            runner.run_mark_spoken(run=run, by=person, person_id=form.cleaned_data["person"])
    except DomainError as error:
        return _refused(request, person, meeting, error)
    return _done(request, meeting, "voices", _("Go-round updated."))


@require_POST
@person_required
def runner_clients(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    form = ClientsForm(request.POST, members=submissions.members_of(meeting))
    if form.is_valid():
        try:
            runner.run_set_clients(
                run=_started(person, meeting),
                by=person,
                client_ids=[p.pk for p in form.cleaned_data["clients"]],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _done(request, meeting, "voices", _("Clients updated."))
    return _refused(request, person, meeting, _("Choose at least one client."), clients_form=form)


@require_POST
@person_required
def runner_question(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    cases = _cases(meeting)
    form = QuestionForm(request.POST, cases=cases)
    if form.is_valid():
        case = next(c for c in cases if c.pk == int(form.cleaned_data["case"]))
        try:
            runner.question_ask(case=case, asked_by=person, text=form.cleaned_data["text"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _done(request, meeting, "questions", _("Question added."))
    return _refused(request, person, meeting, _form_errors(form), question_form=form)


def _form_errors(form: forms.Form) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


def _record(
    request: HttpRequest,
    meeting_id: int,
    submit: submissions.Submission,
    *,
    saved: str,
    anchor: str,
    slot: str,
    refused: str | None = None,
) -> HttpResponse:
    """The shape the runner's record forms share with the meeting page's: the same submission,
    answered for the runner (JSON or page); ``refused`` is said instead of the form's errors."""
    person, meeting = _meeting(request, meeting_id)
    form = submit(meeting, person, request.POST)
    if form is None:
        return _done(request, meeting, anchor, saved)
    return _refused(request, person, meeting, refused or _form_errors(form), **{slot: form})


@require_POST
@person_required
def runner_note(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _record(
        request,
        meeting_id,
        submissions.submit_note,
        saved=_("Note saved."),
        anchor="notes",
        slot="note_form",
    )


@require_POST
@person_required
def runner_case(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _record(
        request,
        meeting_id,
        submissions.submit_case,
        saved=_("Case saved."),
        anchor="questions",
        slot="case_form",
        refused=_("The case was not saved."),
    )


@require_POST
@person_required
def runner_commitment(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _record(
        request,
        meeting_id,
        submissions.submit_commitment,
        saved=_("Commitment saved."),
        anchor="commitment",
        slot="commitment_form",
        refused=_("The commitment was not saved."),
    )


@require_POST
@person_required
def runner_follow_up(request: HttpRequest, meeting_id: int, commitment_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    commitment = get_object_or_404(
        Commitment.objects.filter(circle_id=meeting.circle_id), pk=commitment_id
    )
    form = submissions.submit_follow_up(meeting, person, commitment, request.POST)
    if form is None:
        return _done(request, meeting, "follow-up", _("Follow-up saved."))
    bound: dict[str, forms.Form] = {f"follow_up_{commitment.pk}": form}
    return _refused(request, person, meeting, _("The follow-up was not saved."), **bound)


@require_POST
@person_required
def runner_attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _record(
        request,
        meeting_id,
        submissions.submit_attendance,
        saved=_("Attendance saved."),
        anchor="attendance",
        slot="attendance_form",
        refused=_("Attendance was not saved."),
    )


@require_POST
@person_required
def runner_agenda(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    form = ChooseAgendaForm(request.POST)
    if not form.is_valid():
        return _refused(request, person, meeting, _("Choose an agenda."))
    try:
        runner.meeting_agenda_choose(
            meeting=meeting, by=person, template_id=form.cleaned_data["template"]
        )
    except DomainError as error:
        return _refused(request, person, meeting, error)
    return _done(request, meeting, "step", _("Agenda chosen."))


@require_POST
@person_required
def runner_finish(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    if request.POST.get("confirm") != "yes":
        return _refused(
            request,
            person,
            meeting,
            _("Tick the box to confirm: finishing ends it for everyone."),
        )
    try:
        runner.run_finish(run=_started(person, meeting), by=person)
    except DomainError as error:
        return _refused(request, person, meeting, error)
    return _done(request, meeting, "step", _("The meeting is finished. Thank you for running it."))


@require_POST
@person_required
def runner_reopen(request: HttpRequest, meeting_id: int) -> HttpResponse:
    person, meeting = _meeting(request, meeting_id)
    try:
        runner.run_reopen(run=_started(person, meeting), by=person)
    except DomainError as error:
        return _refused(request, person, meeting, error)
    return _done(request, meeting, "step", _("The meeting is open again, at the step it was at."))
