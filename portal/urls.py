from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from portal.files import media
from portal.web import feeds, views
from portal.web.sitemaps import sitemaps

SITEMAPS = sitemaps()

portal_patterns = (
    [
        path("", views.home, name="home"),
        path("gemeenten/", views.municipality_list, name="municipality_list"),
        path("gemeenten/<slug:slug>/", views.municipality_detail, name="municipality_detail"),
        path("zoeken/", views.search, name="search"),
        path("zoeken/suggesties/", views.search_suggestions, name="search_suggestions"),
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

# The public pages in both languages: Dutch at the root, English under /en/
# (portal.web.language decides the language by the path).
urlpatterns = i18n_patterns(
    path("", include(portal_patterns)),
    path("praktijkvoorbeelden/", include("practices.urls")),
    path("deel-uw-ervaring/", include("practices.submission_urls")),
    path("", include("meetings.urls")),
    path("", include("dossiers.urls")),
    path("volgen/", include("alerts.urls")),
    # Members only (community): the closed forum and member accounts (allauth).
    path("forum/", include("community.urls")),
    path("account/", include("community.account_urls")),
    path("account/", include("community.allauth_urls")),
    prefix_default_language=False,
)

urlpatterns += [
    path("taal/<slug:language>/", views.switch_language, name="switch_language"),
    path("feeds/<slug:kind>/rss/", feeds.rss_feed, name="feed_rss"),
    path("feeds/<slug:kind>/atom/", feeds.atom_feed, name="feed_atom"),
    # An index of sections per kind and language, each in pages (?p=).
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("favicon.ico", views.favicon),
    path("health/", views.health, name="health"),
    path("ready/", views.ready, name="ready"),
    path("api/", include("api.urls")),
    path("admin/wachtrij/", admin.site.admin_view(views.review_queue), name="review_queue"),
    path("admin/", admin.site.urls),
]

handler500 = "portal.web.views.server_error"

urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve, name="media")]
