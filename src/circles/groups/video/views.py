"""The page where a circle's members set its video room."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from circles.groups.models import Circle
from circles.groups.selectors import circles_with_content_access
from circles.lib.errors import DomainError
from circles.lib.http import add_domain_error, current_person, person_required

from . import services


class VideoLinkForm(forms.Form):
    url = forms.URLField(
        label=gettext_lazy("Video link"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy(
            "From Zoom, Microsoft Teams or Google Meet; leave empty to remove it."
        ),
    )


@require_http_methods(["GET", "POST"])
@person_required
def circle_video(request: HttpRequest, circle_id: int) -> HttpResponse:
    person = current_person(request)
    circle = circles_with_content_access(person).filter(pk=circle_id).first()
    if circle is None:
        raise Http404("No such circle.")
    form = VideoLinkForm(request.POST or None, initial={"url": circle.video_url})
    if request.method == "POST":
        try:
            if request.POST.get("action") == "jitsi":
                circle = services.circle_video_room_generate(circle=circle, by=person)
                messages.success(request, _("The circle has its own video room."))
                return redirect("circle_video", circle_id=circle.pk)
            if form.is_valid():
                circle = services.circle_video_link_set(
                    circle=circle, by=person, url=form.cleaned_data["url"]
                )
                messages.success(request, _("Video link saved for the upcoming meetings."))
                return redirect("circle_video", circle_id=circle.pk)
        except DomainError as error:
            add_domain_error(form, error)
    return _page(request, circle, form, status=400 if request.method == "POST" else 200)


def _page(
    request: HttpRequest, circle: Circle, form: VideoLinkForm, *, status: int
) -> HttpResponse:
    return render(
        request,
        "groups/circle_video.html",
        {
            "circle": circle,
            "form": form,
            "provider": services.provider_of(circle.video_url) if circle.video_url else None,
            "jitsi": services.jitsi_base(),
        },
        status=status,
    )
