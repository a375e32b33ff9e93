from django.urls import path

from . import views

urlpatterns = [
    path("", views.choose_language, name="choose_language"),
    path("mine/", views.person_language, name="person_language"),
    path("organisation/", views.organisation_language_view, name="organisation_language"),
]
