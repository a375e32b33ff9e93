"""Addresses of the chat channels page, under /organisation/chat/."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("", views.chat_channels, name="chat_channels"),
    path("<int:channel_id>/remove/", views.chat_channel_remove, name="chat_channel_remove"),
]
