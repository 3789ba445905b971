"""A URL configuration with one failing view, for the error-logging test."""

from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def broken(request):
    raise RuntimeError("kapot bij jan.jansen@example.nl, bel 06-12345678")


handler500 = "portal.web.views.server_error"
# The portal's own patterns are spread in, not included: i18n_patterns may
# only sit in a root URLconf.
urlpatterns = [path("kapot/", broken), *portal_urlpatterns]
