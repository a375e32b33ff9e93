"""Privacy pages: a person's own data download, and an admin's erasure of a person."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required
from circles.orgs.people.selectors import can_edit_people, memberships_of, person_in_directory

from .archive import data_archive
from .forms import EraseForm
from .selectors import personal_data
from .services import data_download_record, person_erase


@require_GET
@person_required
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/my_data.html", {"person": current_person(request)})


@require_GET
@person_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    person = current_person(request)
    archive = data_archive(personal_data(person), name=person.full_name)
    data_download_record(person=person)
    response = HttpResponse(archive, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-coaching-circles-data-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@person_required
def person_erase_confirm(request: HttpRequest, person_id: int) -> HttpResponse:
    """What an erasure removes and keeps, then the typed confirmation that does it."""
    viewer = current_person(request)
    person = person_in_directory(viewer, person_id) if can_edit_people(viewer) else None
    if person is None or person.pk == viewer.pk or person.is_erased:
        raise Http404("No such person.")
    form = EraseForm(request.POST or None, full_name=person.full_name)
    if request.method == "POST" and form.is_valid():
        try:
            person_erase(person=person, by=viewer)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Erased: their personal data is gone, and their circles' records now show "
                    "“A former member”."
                ),
            )
            return redirect("person_detail", person_id=person.pk)
    status = 400 if request.method == "POST" else 200
    circles = [m for m in memberships_of(person) if m.left_on is None]
    return render(
        request,
        "privacy/erase.html",
        {"person": person, "form": form, "circles": circles},
        status=status,
    )
