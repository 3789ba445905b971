"""A URL configuration with one failing view, for the error-logging test."""

from django.urls import include, path


def broken(request):
    raise RuntimeError("kapot bij jan.jansen@example.nl, bel 06-12345678")


handler500 = "portal.web.views.server_error"
urlpatterns = [path("kapot/", broken), path("", include("portal.urls"))]
