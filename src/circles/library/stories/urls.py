from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("stories/new/", views.story_new, name="story_new"),
    path("stories/<int:item_id>/edit/", views.story_edit, name="story_edit"),
    path("stories/<int:item_id>/submit/", views.story_submit, name="story_submit"),
    path("stories/<int:item_id>/withdraw/", views.story_withdraw, name="story_withdraw"),
    path("stories/<int:item_id>/consent/", views.story_consent, name="story_consent"),
    path("stories/<int:item_id>/feature/", views.story_feature, name="story_feature"),
    path("stories/link/<str:token>/", views.story_link, name="story_link"),
]
