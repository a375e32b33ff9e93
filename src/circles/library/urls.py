from __future__ import annotations

from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.library_index, name="library_index"),
    path("new/", views.library_item_new, name="library_item_new"),
    path("<int:item_id>/", views.library_item, name="library_item"),
    path("<int:item_id>/edit/", views.library_item_edit, name="library_item_edit"),
    path("<int:item_id>/status/", views.library_item_status, name="library_item_status"),
    path("<int:item_id>/adopt/", views.library_template_adopt, name="library_template_adopt"),
    path(
        "<int:item_id>/adoptions/<int:adoption_id>/seen/",
        views.library_adoption_seen,
        name="library_adoption_seen",
    ),
    path("", include("circles.library.stories.urls")),
]
