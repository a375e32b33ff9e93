"""Pages of webhooks, for organisation admins: endpoints, their deliveries, replays."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.models import Person
from circles.orgs.selectors import can_manage_organisation

from . import services
from .forms import EndpointChangeForm, EndpointForm
from .models import Endpoint

PAGE_SIZE = 25


def _admin(request: HttpRequest) -> Person:
    person = current_person(request)
    if not can_manage_organisation(person):
        raise Http404("Only organisation admins manage webhooks.")
    return person


def _endpoint(person: Person, endpoint_id: int) -> Endpoint:
    endpoint = services.endpoints_of(person).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise Http404("No such webhook.")
    return endpoint


def _secret_shown(response: HttpResponse) -> HttpResponse:
    # The signing secret is in this response only: never kept by a browser or proxy.
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@person_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    person = _admin(request)
    form = EndpointForm(request.POST or None)
    secret = ""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                _endpoint_made, secret = services.endpoint_create(
                    created_by=person, **form.cleaned_data
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                form, status = EndpointForm(), 200
    return _secret_shown(
        render(
            request,
            "webhooks/list.html",
            {"form": form, "endpoints": list(services.endpoints_of(person)), "secret": secret},
            status=status,
        )
    )


def _detail(
    request: HttpRequest,
    endpoint: Endpoint,
    form: EndpointChangeForm,
    *,
    secret: str = "",
    status: int = 200,
) -> HttpResponse:
    page = Paginator(services.recent_deliveries(endpoint), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return _secret_shown(
        render(
            request,
            "webhooks/detail.html",
            {"endpoint": endpoint, "form": form, "page": page, "secret": secret},
            status=status,
        )
    )


@require_http_methods(["GET", "POST"])
@person_required
def webhook_detail(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    person = _admin(request)
    endpoint = _endpoint(person, endpoint_id)
    initial = {
        "url": endpoint.url,
        "description": endpoint.description,
        "events": endpoint.events,
        "is_active": endpoint.is_active,
    }
    form = EndpointChangeForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.endpoint_update(endpoint=endpoint, by=person, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Webhook saved."))
                return redirect("webhook_detail", endpoint_id=endpoint.pk)
        endpoint.refresh_from_db()
        return _detail(request, endpoint, form, status=400)
    return _detail(request, endpoint, form)


@require_POST
@person_required
def webhook_secret(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    person = _admin(request)
    endpoint = _endpoint(person, endpoint_id)
    secret = services.endpoint_secret_renew(endpoint=endpoint, by=person)
    form = EndpointChangeForm(
        initial={
            "url": endpoint.url,
            "description": endpoint.description,
            "events": endpoint.events,
            "is_active": endpoint.is_active,
        }
    )
    return _detail(request, endpoint, form, secret=secret)


@require_POST
@person_required
def webhook_delete(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    person = _admin(request)
    endpoint = _endpoint(person, endpoint_id)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that the webhook goes."))
        return redirect("webhook_detail", endpoint_id=endpoint.pk)
    services.endpoint_delete(endpoint=endpoint, by=person)
    messages.success(request, _("Webhook removed: nothing more is sent to it."))
    return redirect("webhook_list")


@require_POST
@person_required
def webhook_replay(request: HttpRequest, endpoint_id: int, delivery_id: int) -> HttpResponse:
    person = _admin(request)
    endpoint = _endpoint(person, endpoint_id)
    delivery = endpoint.deliveries.filter(pk=delivery_id).first()
    if delivery is None:
        raise Http404("No such delivery.")
    services.delivery_replay(delivery=delivery, by=person)
    messages.success(request, _("Sent again: the new delivery is at the top of the list."))
    return redirect("webhook_detail", endpoint_id=endpoint.pk)
