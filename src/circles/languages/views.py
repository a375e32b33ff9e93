"""The language switch (one click, in the footer of every page) and the language settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from circles.orgs.selectors import can_manage_organisation

from .forms import OrganisationLanguageForm, PersonLanguageForm
from .selection import SUPPORTED, organisation_language
from .services import set_organisation_language, set_preferred_language


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """Django's own switch (the cookie, a safe redirect back), and for a signed-in person their
    stored choice too, so that emails follow it."""
    language = request.POST.get("language", "")
    person = getattr(request, "person", None)
    if person is not None and language in SUPPORTED:
        set_preferred_language(person, language)
    return set_language(request)


def _language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)


def settings_forms(request: HttpRequest) -> dict[str, object]:
    """The language forms of the account page, for its template."""
    person = getattr(request, "person", None)
    if person is None:
        return {}
    organisation = person.organisation
    forms: dict[str, object] = {
        "person_language_form": PersonLanguageForm(
            initial={"language": person.preferred_language},
            organisation_default=_language_name(organisation_language(organisation)),
        )
    }
    if can_manage_organisation(person):
        forms["organisation_language_form"] = OrganisationLanguageForm(
            initial={"language": organisation.language}
        )
    return forms


def _person(request: HttpRequest):  # type: ignore[no-untyped-def]
    person = getattr(request, "person", None)
    if person is None:
        raise Http404("Only people of an organisation choose its languages.")
    return person


@require_POST
@login_required
def person_language(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    form = PersonLanguageForm(
        request.POST,
        organisation_default=_language_name(organisation_language(person.organisation)),
    )
    if not form.is_valid():
        messages.error(request, _("Choose one of the languages in the list."))
        return redirect("account_settings")
    set_preferred_language(person, form.cleaned_data["language"])
    response = redirect("account_settings")
    chosen = form.cleaned_data["language"]
    if chosen:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, chosen, samesite="Lax")
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    # The confirmation speaks the language just chosen (or the one now in force).
    person.refresh_from_db(fields=["preferred_language"])
    with translation.override(chosen or organisation_language(person.organisation)):
        messages.success(request, _("Language saved."))
    return response


@require_POST
@login_required
def organisation_language_view(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if not can_manage_organisation(person):
        raise Http404("Only organisation admins choose the organisation's language.")
    form = OrganisationLanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the languages in the list."))
        return redirect("account_settings")
    set_organisation_language(person.organisation, form.cleaned_data["language"])
    messages.success(request, _("The organisation's default language is saved."))
    return redirect("account_settings")
