from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import views

portal_patterns = (
    [
        path("", views.home, name="home"),
        path("gemeenten/", views.municipality_list, name="municipality_list"),
        path("gemeenten/<slug:slug>/", views.municipality_detail, name="municipality_detail"),
        path("over/", views.page, {"template": "about"}, name="about"),
        path("privacy/", views.page, {"template": "privacy"}, name="privacy"),
        path(
            "toegankelijkheid/",
            views.page,
            {"template": "accessibility"},
            name="accessibility",
        ),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("praktijkvoorbeelden/", include("practices.urls")),
    path("deel-uw-ervaring/", include("practices.submission_urls")),
    path("", include("meetings.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
