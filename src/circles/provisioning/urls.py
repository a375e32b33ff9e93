from __future__ import annotations

from django.urls import path, re_path

from . import views

urlpatterns = [
    path("", views.scim, name="scim_root"),
    re_path(r"^(?P<path>.+)$", views.scim, name="scim"),
]
