from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = _("Portaal")

    def ready(self):
        from django.db.models.signals import post_save

        from portal.core.models import Municipality, Theme

        post_save.connect(_renamed, sender=Theme, dispatch_uid="search-theme")
        post_save.connect(_renamed, sender=Municipality, dispatch_uid="search-municipality")

        from portal.core import identity

        identity.connect()  # one account per normalised user name


class PortalAdminConfig(admin_apps.AdminConfig):
    """The admin with two-factor login (portal.web.adminsite)."""

    default = False  # "portal" itself is PortalConfig
    default_site = "portal.web.adminsite.PortalAdminSite"

    def ready(self):
        super().ready()  # autodiscover: django.contrib.auth registers its user admin
        from django.contrib import admin

        from portal.web.adminsite import use_portal_user_admin

        use_portal_user_admin(admin.site)


def _renamed(sender, instance, created=False, raw=False, **kwargs):
    """A renamed theme or municipality updates the documents that name it."""
    if created or raw:
        return
    from portal.core.models import Theme
    from portal.search.index import reindex_facet_value

    reindex_facet_value("thema" if sender is Theme else "gemeente", instance.slug)
