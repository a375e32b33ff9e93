from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("preferences/", views.preferences, name="notify_preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="notify_unsubscribe"),
]
