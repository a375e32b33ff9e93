"""The technical admin site, for operators (``is_staff``) only.

A signed-in person without operator rights who opens it gets a page in the product's own style
that says what the site is for, instead of Django's admin sign-in form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class CirclesAdminSite(admin.AdminSite):
    site_header = "Coaching Circles: operations"
    site_title = "Coaching Circles operations"
    index_title = "Technical administration"

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.user.is_authenticated and not request.user.is_staff:
            return render(request, "operators_only.html", status=403)
        return super().login(request, extra_context)


class CirclesAdminConfig(AdminConfig):
    default_site = "circles.admin_site.CirclesAdminSite"
