"""The community app: member accounts and the closed forum."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    label = "community"
    verbose_name = _("Community")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.account.signals import email_confirmed

        from community.members import email_confirmed_receiver

        email_confirmed.connect(email_confirmed_receiver, dispatch_uid="community-verify")

    # Deliberately no ContentKind: the forum is never in public pages,
    # search, feeds, sitemap, the API or the page cache.
