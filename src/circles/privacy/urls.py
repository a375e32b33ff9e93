from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("me/data/", views.my_data, name="my_data"),
    path("me/data/download.zip", views.my_data_download, name="my_data_download"),
    path("people/<int:person_id>/erase/", views.person_erase_confirm, name="person_erase"),
]
