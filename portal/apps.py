from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = _("Portaal")

    def ready(self):
        # Imported here, not at the top: models can only be imported once the
        # app registry is ready (Django's rule for AppConfig.ready).
        from portal.core import identity, registry
        from portal.search import index
        from portal.search import tasks as search_tasks
        from portal.web import figures

        registry.on_register(index.follow)  # the search index follows every kind
        index.follow_taxonomy()
        index.bulk_reindex = search_tasks.queue_reindex  # many items: in the background
        identity.connect()  # one account per normalised user name
        figures.register()  # the figures a worker refreshes (portal.ops.counts)


class PortalAdminConfig(admin_apps.AdminConfig):
    """The admin with two-factor login (portal.web.adminsite)."""

    default = False  # "portal" itself is PortalConfig
    default_site = "portal.web.adminsite.PortalAdminSite"

    def ready(self):
        super().ready()  # autodiscover: django.contrib.auth registers its user admin
        from django.contrib import admin

        from portal.web.adminsite import use_portal_user_admin

        use_portal_user_admin(admin.site)
