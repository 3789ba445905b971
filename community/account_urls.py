"""The member's own pages under /account/ (next to allauth's)."""

from django.urls import path

from community import views

app_name = "members"

urlpatterns = [
    path("profiel/", views.profile, name="profile"),
    path("profiel/gegevens.json", views.export, name="export"),
    path("profiel/verwijderen/", views.delete, name="delete"),
    path("verwijderd/", views.deleted, name="deleted"),
]
