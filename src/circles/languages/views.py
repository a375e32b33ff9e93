"""The language switch (one click, in the footer of every page) and the language settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from circles.lib.http import current_person, person_required
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


def _remember_in_browser(response: HttpResponse, language: str) -> None:
    """The language cookie as Django's own switch sets it (its age, path, domain, flags), so the
    choice holds on the sign-in page too; none when the choice is left to the organisation."""
    if not language:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
        )
        return
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
@person_required
def person_language(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    form = PersonLanguageForm(
        request.POST,
        organisation_default=_language_name(organisation_language(person.organisation)),
    )
    if not form.is_valid():
        messages.error(request, _("Choose one of the languages in the list."))
        return redirect("account_settings")
    chosen = form.cleaned_data["language"]
    set_preferred_language(person, chosen)
    response = redirect("account_settings")
    _remember_in_browser(response, chosen)
    # The confirmation speaks the language just chosen (or the one now in force).
    with translation.override(chosen or organisation_language(person.organisation)):
        messages.success(request, _("Language saved."))
    return response


@require_POST
@person_required
def organisation_language_view(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    if not can_manage_organisation(person):
        raise Http404("Only organisation admins choose the organisation's language.")
    form = OrganisationLanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the languages in the list."))
        return redirect("account_settings")
    set_organisation_language(person.organisation, form.cleaned_data["language"])
    messages.success(request, _("The organisation's default language is saved."))
    return redirect("account_settings")
