from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Open data")

    def ready(self):
        from api.views import LIST_COUNTS, list_count
        from portal.ops.counts import register

        register(LIST_COUNTS, list_count)  # the lists' totals, for the worker
