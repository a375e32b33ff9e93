"""Pages for API tokens: a person's own, and an organisation's service tokens (admins)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.models import Person, Role
from circles.orgs.selectors import can_manage_organisation

from .forms import TokenForm
from .tokens import api_token_create, api_token_revoke, service_tokens, token_of, tokens_of


def _tokens_page(request: HttpRequest, person: Person, *, service: bool) -> HttpResponse:
    form = TokenForm(request.POST or None, service=service, admin=person.role == Role.ADMIN)
    secret = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, secret = api_token_create(
                    created_by=person,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    expires_in_days=form.expires_in_days(),
                    service=service,
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = 400
            else:
                form = TokenForm(service=service, admin=person.role == Role.ADMIN)
        else:
            status = 400
    tokens = service_tokens(person) if service else tokens_of(person)
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens[:100], "secret": secret, "service": service},
        status=status,
    )
    # The secret is in this response only: never kept by a browser or proxy.
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@person_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    return _tokens_page(request, current_person(request), service=False)


@require_http_methods(["GET", "POST"])
@person_required
def service_tokens_page(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    if not can_manage_organisation(person):
        raise Http404("Only organisation admins manage service tokens.")
    return _tokens_page(request, person, service=True)


@require_POST
@person_required
def api_token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    person = current_person(request)
    token = token_of(person, token_id)
    if token is None:
        raise Http404("No such token.")
    try:
        api_token_revoke(token=token, by=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Token %(prefix)s… revoked: it stops working at once.") % {"prefix": token.prefix},
        )
    return redirect("service_tokens" if token.is_service else "api_tokens")
