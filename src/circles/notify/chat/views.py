"""The chat channels page, for organisation admins."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.models import Person
from circles.orgs.selectors import can_manage_organisation

from .forms import ChannelForm
from .services import chat_channel_create, chat_channel_delete, chat_channels_of


def _admin(request: HttpRequest) -> Person:
    person = current_person(request)
    if not can_manage_organisation(person):
        raise Http404("Only organisation admins connect chat channels.")
    return person


@require_http_methods(["GET", "POST"])
@person_required
def chat_channels(request: HttpRequest) -> HttpResponse:
    person = _admin(request)
    form = ChannelForm(request.POST or None, organisation_id=person.organisation_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            chat_channel_create(
                created_by=person,
                service=data["service"],
                label=data["label"],
                webhook_url=data["webhook_url"],
                kinds=data["kinds"],
                person=data["person"],
                circle=data["circle"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Channel connected."))
            return redirect("chat_channels")
    channels = list(chat_channels_of(person).prefetch_related("posts")[:200])
    return render(
        request,
        "notify/chat_channels.html",
        {"form": form, "channels": channels},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@person_required
def chat_channel_remove(request: HttpRequest, channel_id: int) -> HttpResponse:
    person = _admin(request)
    channel = chat_channels_of(person).filter(pk=channel_id).first()
    if channel is None:
        raise Http404("No such channel.")
    chat_channel_delete(channel=channel, by=person)
    messages.success(request, _("Channel disconnected: nothing more is posted to it."))
    return redirect("chat_channels")
