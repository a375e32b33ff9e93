"""Network pages: browsing a community of practice, its leads' tools, and its outcomes."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from circles.audit.models import Action
from circles.audit.services import audit_record
from circles.insights import exports
from circles.insights.cells import RANGES
from circles.insights.views import _charts
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.library.selectors import published_for
from circles.orgs.models import Role

from . import selectors, services
from .forms import EventForm, NetworkEditForm, NetworkForm, ShareForm
from .models import Network
from .outcomes import network_dashboard


def _visible(request: HttpRequest, network_id: int) -> Network:
    network = selectors.network_for(current_person(request), network_id)
    if network is None:
        raise Http404("No such network.")
    return network


def _led(request: HttpRequest, network_id: int) -> Network:
    network = selectors.led_network(current_person(request), network_id)
    if network is None:
        raise Http404("No such network.")
    return network


@require_GET
@person_required
def network_index(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    return render(
        request,
        "networks/index.html",
        {
            "networks": selectors.networks_visible_to(person).order_by("name")[:200],
            "form": NetworkForm() if person.role == Role.ADMIN else None,
        },
    )


@require_POST
@person_required
def network_new(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    form = NetworkForm(request.POST)
    if person.role != Role.ADMIN:
        raise Http404("Only admins make networks.")
    if form.is_valid():
        try:
            network = services.network_create(by=person, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Network made: choose its circles and leads."))
            return redirect("network_edit", network.pk)
    networks = selectors.networks_visible_to(person).order_by("name")[:200]
    return render(request, "networks/index.html", {"networks": networks, "form": form}, status=400)


@require_GET
@person_required
def network_detail(request: HttpRequest, network_id: int) -> HttpResponse:
    person = current_person(request)
    network = _visible(request, network_id)
    leads = selectors.led_network(person, network.pk) is not None
    return render(
        request,
        "networks/detail.html",
        {
            "network": network,
            "is_lead": leads,
            "circles": network.links.select_related("circle__programme").order_by("circle__name"),
            "items": selectors.shared_items(network, person)[:50],
            "events": selectors.upcoming_events(network)[:20],
            "event_form": EventForm() if leads else None,
            "shareable": published_for(person).order_by("title")[:200] if leads else [],
        },
    )


@require_http_methods(["GET", "POST"])
@person_required
def network_edit(request: HttpRequest, network_id: int) -> HttpResponse:
    person = current_person(request)
    network = _led(request, network_id)
    admin = person.role == Role.ADMIN
    form = NetworkEditForm(
        request.POST or None,
        network=network,
        may_choose_leads=admin,
        initial={
            "name": network.name,
            "description": network.description,
            "circles": list(network.links.values_list("circle_id", flat=True)),
            "leads": list(network.leads.values_list("pk", flat=True)),
        },
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.network_update(
                    network=network,
                    by=person,
                    name=data["name"],
                    description=data["description"],
                    circle_ids=[c.pk for c in data["circles"]],
                    lead_ids=[p.pk for p in data["leads"]] if admin else None,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Network saved."))
                return redirect("network_detail", network.pk)
        return render(request, "networks/edit.html", {"network": network, "form": form}, status=400)
    return render(request, "networks/edit.html", {"network": network, "form": form})


@require_POST
@person_required
def network_event_new(request: HttpRequest, network_id: int) -> HttpResponse:
    network = _led(request, network_id)
    form = EventForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The event needs a title and a time."))
        return redirect("network_detail", network.pk)
    services.network_event_add(network=network, by=current_person(request), **form.cleaned_data)
    messages.success(request, _("Event added."))
    return redirect("network_detail", network.pk)


@require_POST
@person_required
def network_share(request: HttpRequest, network_id: int) -> HttpResponse:
    person = current_person(request)
    network = _led(request, network_id)
    form = ShareForm(request.POST)
    item = (
        published_for(person).filter(pk=form.cleaned_data["item"]).first()
        if form.is_valid()
        else None
    )
    if item is None:
        messages.error(request, _("Choose a published library item."))
        return redirect("network_detail", network.pk)
    try:
        services.network_item_share(network=network, item=item, by=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Shared with the network."))
    return redirect("network_detail", network.pk)


@require_GET
@person_required
def network_outcomes(request: HttpRequest, network_id: int) -> HttpResponse:
    person = current_person(request)
    network = _led(request, network_id)
    dashboard = network_dashboard(person, network, range_key=request.GET.get("range"))
    if dashboard is None:
        raise Http404("No such network.")
    return render(
        request,
        "networks/outcomes.html",
        {
            "network": network,
            "dashboard": dashboard,
            "headline": dashboard.headline(),
            "charts": _charts(dashboard),
            "ranges": RANGES,
        },
    )


@require_GET
@person_required
def network_export(request: HttpRequest, network_id: int) -> HttpResponse:
    person = current_person(request)
    network = _led(request, network_id)
    dashboard = network_dashboard(person, network, range_key=request.GET.get("range"))
    if dashboard is None:
        raise Http404("No such network.")
    response = HttpResponse(exports.to_csv(dashboard), content_type="text/csv; charset=utf-8")
    audit_record(
        organisation_id=network.organisation_id,
        action=Action.DASHBOARD_EXPORTED,
        object_type="network",
        object_id=network.pk,
        summary=f"Exported the network {network.name} as CSV ({dashboard.time_range.key})",
        details={"format": "csv", "range": dashboard.time_range.key},
    )
    name = f"{slugify(network.name)}-{dashboard.time_range.key}"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
