"""Reminder settings and the one-click unsubscribe link from every email."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from circles.languages.selection import chosen_language
from circles.lib.http import current_person, person_required
from circles.orgs.models import Person

from . import services
from .emails import read_unsubscribe_token
from .forms import PreferenceForm
from .models import Kind


@require_http_methods(["GET", "POST"])
@person_required
def preferences(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    current = services.preferences_of(person)
    form = PreferenceForm(request.POST or None, instance=current)
    if request.method == "POST":
        if form.is_valid():
            services.preferences_update(
                person=person, **{name: form.cleaned_data[name] for name in form.fields}
            )
            messages.success(request, _("Reminder settings saved."))
            return redirect("notify_preferences")
        return render(request, "notify/preferences.html", {"form": form}, status=400)
    return render(request, "notify/preferences.html", {"form": form})


# The token is the credential: mail clients POST here without a session or CSRF token
# (RFC 8058 one-click). GET only shows the button, because link scanners follow every link.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        person_id, kind = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "notify/unsubscribe.html", {"invalid": True}, status=400)
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        return render(request, "notify/unsubscribe.html", {"invalid": True}, status=400)
    # The page the email linked to speaks the email's language, signed in or not.
    language = chosen_language(person)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    label = _label(kind)
    if request.method == "POST":
        services.unsubscribe(person=person, kind=kind)
        return render(request, "notify/unsubscribe.html", {"done": True, "label": label})
    return render(request, "notify/unsubscribe.html", {"label": label, "token": token})


def _label(kind: str) -> str:
    """What the page says the person stops getting: "all reminders", "meeting reminder
    emails"."""
    if kind == "all":
        return _("all reminders")
    name = str(Kind(kind).label)
    # Translators: kind is a kind of reminder, starting lower-case: "meeting reminder".
    return _("%(kind)s emails") % {"kind": name[:1].lower() + name[1:]}
