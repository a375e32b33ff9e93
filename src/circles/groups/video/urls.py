from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("circles/<int:circle_id>/video/", views.circle_video, name="circle_video"),
]
